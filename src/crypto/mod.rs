//! Pure cryptography for kinlink: the keyring of root secrets, per-record
//! envelope encryption, the login blind index and redacting wrappers.
//!
//! Nothing here touches the database or the network; only `keyfile` reads
//! and writes the key file. Callers decide where ciphertexts live (see
//! `shared/design/security.md` §2).

pub mod blind_index;
mod encoding;
pub mod envelope;
pub mod keyfile;
pub mod keyring;
pub mod sealed_box;
pub mod sensitive;

pub use blind_index::{BlindIndex, normalize_email, registrant_pseudonym, staff_pseudonym};
pub use envelope::{
    CryptoError, DataKey, Encrypted, FieldContext, RecordCipher, WrappedKey, open, peek_key_id,
    seal,
};
pub use keyring::{KeyRole, Keyring, KeyringError, Purpose, SecretKey};
pub use sensitive::Sensitive;
