//! Pure building blocks of account security (design: security.md §5).
//!
//! Nothing here touches the database or HTTP: the services and handlers
//! compose these pieces.

pub mod device;
pub mod handle;
pub mod identity;
pub mod one_time_code;
pub mod passphrase;
pub mod password_hash;
pub mod recovery_code;
pub mod role;
pub mod throttle;
pub mod token;
pub mod totp;

pub use handle::{HandleWords, generate_handle, looks_like_email, normalize_handle};
pub use identity::{Identity, Staff};
pub use one_time_code::{
    constant_time_eq, email_code_digest, generate_email_code, normalize_email_code,
    verify_email_code,
};
pub use passphrase::{PassphraseError, check_passphrase};
pub use password_hash::{HashError, HashParams, PasswordHasher, VerifyOutcome};
pub use recovery_code::{generate_recovery_codes, normalize_recovery_code, recovery_code_digest};
pub use role::Role;
pub use throttle::{Backoff, Failures, Rate};
pub use token::{Claims, TokenError, TokenSigner};
pub use totp::TotpError;
