//! Accounts, sessions, staff and recovery: the service behind the sign-up, sign-in, settings and
//! staff pages and their JSON twins. Argon2 and email never run inside a transaction.
//!
//! [`Accounts`] holds only what it uses (database, vault, audit, clock, limits, outbox and the
//! account keys); its methods are spread over the files of this module by topic.

pub mod approvals;
pub mod auditor;
pub mod links;
pub mod recovery;
pub mod sessions;
pub mod settings;
pub mod signin;
pub mod signup;
pub mod staff;
pub mod staff_admin;
pub mod store;

use std::sync::Arc;
use std::time::Duration;

use crate::audit::Audit;
use crate::auth::device::DeviceTokens;
use crate::auth::{Backoff, HashParams, PasswordHasher, Rate, TokenSigner};
use crate::clock::{Clock, chrono_duration};
use crate::crypto::keyfile::KeyStore;
use crate::crypto::{BlindIndex, Purpose, SecretKey};
use crate::db::{Db, DbConn};
use crate::error::{AppError, AppResult};
use crate::limits::Limits;
use crate::mail::Outbox;
use crate::vault::Vault;

pub use crate::auth::{Identity, Role, Staff};
pub use sessions::{NewSession, Resolved};
pub use signup::NewAccount;

/// Recovery codes issued at sign-up and on request.
pub const RECOVERY_CODES: usize = 8;
/// How long a code sent by email stays valid.
pub const EMAIL_CODE_TTL: Duration = Duration::from_secs(15 * 60);
/// Wrong tries allowed on one emailed code.
pub const EMAIL_CODE_ATTEMPTS: i64 = 5;
/// How long a staff invite stays valid.
pub const INVITE_TTL: Duration = Duration::from_secs(7 * 24 * 3600);

/// Limits and lifetimes of the account service, from the settings.
#[derive(Debug, Clone)]
pub struct AccountRules {
    pub session_idle: Duration,
    pub staff_session_idle: Duration,
    pub session_absolute: Duration,
    /// After a duress sign-in, the real account is deleted this much later.
    pub duress_delay: Duration,
    /// Failed sign-ins to one login (or from one trusted device) double its delay.
    pub login_backoff: Backoff,
    /// Sign-in attempts from one source.
    pub signin_per_source: Rate,
    /// Sign-in attempts across the whole service: high enough that no one source (which its
    /// own budget holds to far less) can spend it for everyone.
    pub login_ceiling: Rate,
    /// New accounts from one source.
    pub signups_per_source: Rate,
    /// New accounts across the whole service.
    pub signups: Rate,
    /// Recovery attempts (codes tried, or codes asked for) per login.
    pub recovery: Rate,
    /// Recovery attempts from one source.
    pub recovery_per_source: Rate,
    /// TOTP attempts per account: 5 per 5 minutes (security.md §5).
    pub totp: Rate,
    /// Emails (verification codes) sent per account, so the service cannot flood a mailbox.
    pub email_send: Rate,
}

impl AccountRules {
    pub fn from_settings(settings: &crate::config::Settings) -> Self {
        AccountRules {
            session_idle: settings.session_idle,
            staff_session_idle: settings.staff_session_idle,
            session_absolute: settings.session_absolute,
            duress_delay: settings.duress_delay,
            login_backoff: Backoff {
                max: settings.login_max_delay,
                ..Backoff::default()
            },
            signin_per_source: Rate::per_minute(settings.signins_per_source_per_minute),
            login_ceiling: Rate::per_minute(1200),
            signups_per_source: Rate::new(
                settings.signups_per_source_per_hour,
                Duration::from_secs(3600),
            ),
            signups: Rate::per_minute(settings.signups_per_minute),
            recovery: Rate::new(5, Duration::from_secs(15 * 60)),
            recovery_per_source: Rate::new(10, Duration::from_secs(3600)),
            totp: Rate::new(5, Duration::from_secs(5 * 60)),
            email_send: Rate::new(3, Duration::from_secs(3600)),
        }
    }
}

/// The keys accounts are built on, each derived for its purpose.
pub struct AccountKeys {
    pub hasher: PasswordHasher,
    pub tokens: TokenSigner,
    blind: BlindIndex,
    recovery_key: SecretKey,
    email_code_key: SecretKey,
    invite_key: SecretKey,
    pub devices: DeviceTokens,
}

impl AccountKeys {
    pub fn new(settings: &crate::config::Settings, keys: &KeyStore) -> anyhow::Result<Self> {
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
        Ok(AccountKeys {
            hasher,
            tokens: TokenSigner::new(
                keyring.derive(Purpose::SessionSigning).expose_secret(),
                "kinlink",
                settings.public_origin.clone(),
            ),
            blind: BlindIndex::new(keyring.derive(Purpose::LoginBlindIndex)),
            recovery_key: keyring.derive(Purpose::RecoveryCode),
            email_code_key: keyring.derive(Purpose::EmailCode),
            invite_key: keyring.derive(Purpose::InviteCode),
            devices: DeviceTokens::new(keyring.derive(Purpose::DeviceToken)),
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

    pub fn invite_digest(&self, code: &str) -> [u8; 32] {
        crate::auth::recovery_code_digest(self.invite_key.expose_secret(), code)
    }
}

/// The account service.
#[derive(Clone)]
pub struct Accounts {
    db: Db,
    vault: Vault,
    audit: Audit,
    clock: Clock,
    limits: Limits,
    outbox: Outbox,
    keys: Arc<AccountKeys>,
    rules: Arc<AccountRules>,
}

impl Accounts {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        db: Db,
        vault: Vault,
        audit: Audit,
        clock: Clock,
        limits: Limits,
        outbox: Outbox,
        keys: AccountKeys,
        rules: AccountRules,
    ) -> Self {
        Accounts {
            db,
            vault,
            audit,
            clock,
            limits,
            outbox,
            keys: Arc::new(keys),
            rules: Arc::new(rules),
        }
    }

    pub fn keys(&self) -> &AccountKeys {
        &self.keys
    }

    pub fn rules(&self) -> &AccountRules {
        &self.rules
    }

    fn now(&self) -> chrono::NaiveDateTime {
        self.clock.now_naive()
    }

    /// A new code for `purpose` sent by email, stored as a keyed digest with its expiry; the
    /// code itself goes only into the (sealed) email.
    fn issue_email_code(
        &self,
        conn: &mut DbConn,
        account_id: &str,
        purpose: &str,
    ) -> AppResult<String> {
        let code = crate::auth::generate_email_code();
        let digest = crate::auth::email_code_digest(
            self.keys.email_code_key.expose_secret(),
            purpose,
            account_id,
            &code,
        );
        store::put_email_code(
            conn,
            account_id,
            purpose,
            &digest,
            self.now() + chrono_duration(EMAIL_CODE_TTL),
        )?;
        Ok(code)
    }

    /// A new code for `purpose`, unless one is still pending (then `None`: the pending one stays,
    /// with its attempts counted).
    fn issue_email_code_once(
        &self,
        conn: &mut DbConn,
        account_id: &str,
        purpose: &str,
    ) -> AppResult<Option<String>> {
        let pending = store::find_email_code(conn, account_id, purpose)?
            .is_some_and(|row| row.expires_at > self.now());
        if pending {
            return Ok(None);
        }
        self.issue_email_code(conn, account_id, purpose).map(Some)
    }

    /// Check a code sent by email: unexpired, within its attempts, and right. A right code is
    /// used up; a wrong one counts an attempt.
    fn spend_email_code(
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
        let ok = row.expires_at > self.now()
            && row.attempts < EMAIL_CODE_ATTEMPTS
            && <&[u8; 32]>::try_from(row.digest.as_slice()).is_ok_and(|stored| {
                crate::auth::verify_email_code(
                    self.keys.email_code_key.expose_secret(),
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

    /// The account's handle, opened from its sealed column.
    fn open_handle(&self, conn: &mut DbConn, row: &store::AccountRow) -> AppResult<String> {
        let sealer = self.vault.open(conn, store::ACCOUNTS, &row.id)?;
        sealer.open(store::HANDLE, &row.handle_ct)
    }

    /// An account's sealed links (defaults for a row made before it had them).
    fn links_of(
        &self,
        conn: &mut DbConn,
        row: &store::AccountRow,
    ) -> AppResult<links::AccountLinks> {
        match &row.links_ct {
            Some(ct) => self
                .vault
                .open(conn, store::ACCOUNTS, &row.id)?
                .open(store::LINKS, ct),
            None => Ok(links::AccountLinks::default()),
        }
    }

    fn save_links(
        &self,
        conn: &mut DbConn,
        account_id: &str,
        links: links::AccountLinks,
    ) -> AppResult<()> {
        let sealer = self.vault.open(conn, store::ACCOUNTS, account_id)?;
        store::set_links(
            conn,
            account_id,
            &sealer.seal(store::LINKS, &links.padded())?,
        )?;
        Ok(())
    }

    /// Fill the duress slot of accounts made before every account had one (at start).
    pub fn fill_duress_slots(&self, conn: &mut DbConn) -> AppResult<usize> {
        crate::db::write_tx(conn, |conn| {
            let ids = store::without_duress_slot(conn)?;
            for id in &ids {
                store::set_duress_hash(conn, id, &self.keys.hasher.unmatchable_phc())?;
            }
            Ok(ids.len())
        })
    }

    /// The account row of a signed-in identity.
    async fn account_of(&self, id: &Identity) -> AppResult<store::AccountRow> {
        let account_id = id.account_id.clone();
        self.db
            .run(move |conn| store::find(conn, &account_id)?.ok_or(AppError::Unauthorized))
            .await
    }
}
