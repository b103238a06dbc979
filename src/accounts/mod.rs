//! Accounts, sessions, staff and recovery: the services behind the sign-up, sign-in, settings
//! and staff pages and their JSON twins. Argon2 and email never run inside a transaction.

pub mod identity;
pub mod recovery;
pub mod role;
pub mod sessions;
pub mod settings;
pub mod signin;
pub mod signup;
pub mod staff;
pub mod store;

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::auth::{
    HashParams, LoginThrottleConfig, PasswordHasher, Throttles, ThrottlesConfig, TokenSigner,
};
use crate::config::Settings;
use crate::crypto::keyfile::KeyStore;
use crate::crypto::{BlindIndex, Purpose, RecordCipher, SecretKey};
use crate::db::DbConn;
use crate::error::AppResult;
use crate::vault::Vault;

pub use identity::Identity;
pub use role::Role;

/// The table whose records hold account handles, emails and TOTP secrets.
pub const TABLE: &str = "accounts";
/// Recovery codes issued at sign-up and on request.
pub const RECOVERY_CODES: usize = 10;
/// How long a code sent by email stays valid.
pub const EMAIL_CODE_TTL: Duration = Duration::from_secs(15 * 60);
/// Wrong tries allowed on one emailed code.
pub const EMAIL_CODE_ATTEMPTS: i64 = 5;
/// How long a staff invite stays valid.
pub const INVITE_TTL: Duration = Duration::from_secs(7 * 24 * 3600);

/// Keys and limits the account services share; built once at start.
pub struct Auth {
    pub hasher: PasswordHasher,
    pub tokens: TokenSigner,
    pub throttles: Throttles,
    blind: BlindIndex,
    recovery_key: SecretKey,
    email_code_key: SecretKey,
    invite_key: SecretKey,
    csrf_key: SecretKey,
    throttle_key: SecretKey,
    pub session_idle: Duration,
    pub staff_session_idle: Duration,
    pub session_absolute: Duration,
    pub duress_delay: Duration,
    /// Cookies are marked Secure unless explicitly served over plain HTTP in development.
    pub secure_cookies: bool,
}

impl Auth {
    pub fn new(settings: &Settings, keys: &Arc<KeyStore>) -> anyhow::Result<Self> {
        let keyring = keys.current();
        let params = HashParams::new(settings.argon2.m_kib, settings.argon2.t, settings.argon2.p)
            .map_err(|e| anyhow::anyhow!("KINLINK_ARGON2_*: {e}"))?;
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let hasher = PasswordHasher::new(
            keyring.derive(Purpose::PasswordPepper).expose_secret(),
            params,
            cores,
        )
        .map_err(|e| anyhow::anyhow!("password hasher: {e}"))?;
        let audience = settings.public_origin.clone();
        Ok(Auth {
            hasher,
            tokens: TokenSigner::new(
                keyring.derive(Purpose::SessionSigning).expose_secret(),
                "kinlink",
                audience,
            ),
            throttles: Throttles::new(
                ThrottlesConfig {
                    login: LoginThrottleConfig {
                        max_delay: settings.login_max_delay,
                        ..LoginThrottleConfig::default()
                    },
                    signup: crate::auth::throttle::Rate::per_minute(settings.signups_per_minute),
                    ..ThrottlesConfig::default()
                },
                Instant::now(),
            ),
            blind: BlindIndex::new(keyring.derive(Purpose::LoginBlindIndex)),
            recovery_key: keyring.derive(Purpose::RecoveryCode),
            email_code_key: keyring.derive(Purpose::EmailCode),
            invite_key: keyring.derive(Purpose::InviteCode),
            csrf_key: keyring.derive(Purpose::Csrf),
            throttle_key: keyring.derive(Purpose::Throttle),
            session_idle: settings.session_idle,
            staff_session_idle: settings.staff_session_idle,
            session_absolute: settings.session_absolute,
            duress_delay: settings.duress_delay,
            // __Host- cookies must be Secure; browsers accept them on http://localhost too.
            secure_cookies: true,
        })
    }

    pub fn handle_index(&self, normalized_handle: &str) -> Vec<u8> {
        self.blind.index("handle", normalized_handle).to_vec()
    }

    pub fn email_index(&self, email: &str) -> Vec<u8> {
        self.blind
            .index("email", &crate::crypto::normalize_email(email))
            .to_vec()
    }

    pub fn recovery_digest(&self, normalized_code: &str) -> [u8; 32] {
        crate::auth::recovery_code_digest(self.recovery_key.expose_secret(), normalized_code)
    }

    /// A new code for `purpose` sent by email, stored as a keyed digest with its expiry;
    /// the code itself goes only into the (sealed) email.
    pub fn issue_email_code(
        &self,
        conn: &mut DbConn,
        account_id: &str,
        purpose: &str,
    ) -> AppResult<String> {
        let code = crate::auth::generate_email_code();
        let digest = crate::auth::email_code_digest(
            self.email_code_key.expose_secret(),
            purpose,
            account_id,
            &code,
        );
        store::put_email_code(
            conn,
            account_id,
            purpose,
            &digest,
            now() + chrono_duration(EMAIL_CODE_TTL),
        )?;
        Ok(code)
    }

    /// Check a code sent by email: unexpired, within its attempts, and right. A right code is
    /// used up; a wrong one counts an attempt.
    pub fn spend_email_code(
        &self,
        conn: &mut DbConn,
        account_id: &str,
        purpose: &str,
        typed: &str,
    ) -> AppResult<bool> {
        if crate::auth::normalize_email_code(typed).is_none() {
            return Ok(false);
        }
        let Some(row) = store::find_email_code(conn, account_id, purpose)? else {
            return Ok(false);
        };
        let ok = row.expires_at > now()
            && row.attempts < EMAIL_CODE_ATTEMPTS
            && <&[u8; 32]>::try_from(row.digest.as_slice()).is_ok_and(|stored| {
                crate::auth::verify_email_code(
                    self.email_code_key.expose_secret(),
                    purpose,
                    account_id,
                    typed,
                    stored,
                )
            });
        if ok {
            store::delete_email_code(conn, account_id, purpose)?;
        } else {
            store::count_email_code_attempt(conn, account_id, purpose)?;
        }
        Ok(ok)
    }

    pub fn invite_digest(&self, code: &str) -> [u8; 32] {
        crate::auth::recovery_code_digest(self.invite_key.expose_secret(), code)
    }

    /// A keyed, non-reversible name for throttle buckets: the login identifier never sits in
    /// memory maps in the clear.
    pub fn throttle_key(&self, what: &str) -> String {
        hex::encode(&hmac_sha256(&self.throttle_key, what)[..16])
    }

    /// The synchronizer token of HTML forms, bound to a browser's form cookie.
    pub fn csrf_token(&self, binding: &str) -> String {
        hex::encode(hmac_sha256(&self.csrf_key, binding))
    }
}

fn hmac_sha256(key: &SecretKey, data: &str) -> [u8; 32] {
    use hmac::{KeyInit, Mac};
    let mut mac =
        hmac::Hmac::<sha2::Sha256>::new_from_slice(key.expose_secret()).expect("any key length");
    mac.update(data.as_bytes());
    mac.finalize().into_bytes().into()
}

/// Open an account's record cipher (its handle, email and TOTP secret live under it).
pub fn cipher(vault: &Vault, conn: &mut DbConn, account_id: &str) -> AppResult<RecordCipher> {
    vault.open(conn, TABLE, account_id)
}

/// The account's handle, opened from its sealed column.
pub fn open_handle(vault: &Vault, conn: &mut DbConn, row: &store::AccountRow) -> AppResult<String> {
    let cipher = cipher(vault, conn, &row.id)?;
    Ok(cipher
        .open_str(
            "handle",
            &crate::crypto::Encrypted::from_stored(row.handle_ct.clone()),
        )
        .map_err(crate::vault::DecryptFailed::of(&cipher))?
        .expose()
        .clone())
}

pub fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

pub fn chrono_duration(d: Duration) -> chrono::Duration {
    chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX)
}
