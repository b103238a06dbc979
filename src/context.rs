//! The services of one process, built once from the settings and shared by the HTTP handlers,
//! the background jobs and the command line (Lemmy's context, defined below the routes: nothing
//! here knows about HTTP).

use std::sync::Arc;

use anyhow::Context as _;

use crate::accounts::{AccountKeys, AccountRules, Accounts};
use crate::audit::Audit;
use crate::clock::Clock;
use crate::config::{DatabaseUrl, Settings};
use crate::consent::Matches;
use crate::crypto::Purpose;
use crate::crypto::keyfile::KeyStore;
use crate::db::{Db, DbConn, migrate};
use crate::jobs::Jobs;
use crate::lifecycle::Lifecycle;
use crate::limits::Limits;
use crate::mail::transport::Transport;
use crate::mail::{Outbox, Sender};
use crate::matching::ingest::Ingest;
use crate::matching::matcher::Matcher;
use crate::matching::model::Model;
use crate::registrations::{RegistrationRules, Registrations};
use crate::vault::Vault;

pub struct Context {
    pub settings: Settings,
    pub clock: Clock,
    pub db: Db,
    pub keys: Arc<KeyStore>,
    pub vault: Vault,
    pub audit: Audit,
    pub limits: Limits,
    pub outbox: Outbox,
    pub sender: Sender,
    pub accounts: Accounts,
    pub registrations: Registrations,
    /// Match review and mutual consent.
    pub matches: Matches,
    pub lifecycle: Lifecycle,
    /// PFIF export and import of assisted registrations (command line).
    pub pfif: crate::pfif::service::Interchange,
    /// Aggregate statistics for organization admins.
    pub statistics: crate::statistics::Statistics,
    pub jobs: Jobs,
    /// Counters and timings for `/metrics`.
    pub metrics: crate::metrics::Metrics,
    pub forms: FormTokens,
    /// The matcher, where this process's key file can open match data keys.
    pub matcher: Option<Matcher>,
}

impl Context {
    /// Keys, database (migrated) and services.
    pub fn open(settings: Settings, clock: Clock) -> anyhow::Result<Arc<Context>> {
        let keys = Arc::new(KeyStore::open(&settings.keys_file, settings.env)?);
        let db = open_database(&settings)?;
        let keyring = keys.current();
        let vault = Vault::new(keys.clone(), clock.clone());
        let audit = Audit::new(keys.clone(), clock.clone());
        let limits = Limits::new(db.clone(), clock.clone(), keyring.derive(Purpose::Throttle));
        let outbox = Outbox::new(
            vault.clone(),
            clock.clone(),
            settings.mail_max_delay,
            settings.mail,
        );
        if !settings.mail {
            tracing::warn!("email is off (KINLINK_MAIL=off): no message will be sent");
        }
        let sender = Sender::new(
            db.clone(),
            vault.clone(),
            audit.clone(),
            clock.clone(),
            Transport::from_settings(&settings)?,
            settings.mail_from.clone(),
        );
        let accounts = Accounts::new(
            db.clone(),
            vault.clone(),
            audit.clone(),
            clock.clone(),
            limits.clone(),
            outbox.clone(),
            AccountKeys::new(&settings, &keys)?,
            AccountRules::from_settings(&settings),
        );
        let registrations = Registrations::new(
            db.clone(),
            vault.clone(),
            audit.clone(),
            clock.clone(),
            RegistrationRules {
                max_sought: settings.max_sought_persons,
                name_changes_per_day: settings.name_edits_per_day,
            },
            // Claim codes share the invite key, as they always have: stored digests stay valid.
            keyring.derive(Purpose::InviteCode),
            Ingest::new(&keyring.derive(Purpose::Matching)),
        );
        let metrics = crate::metrics::Metrics::new();
        let jobs = Jobs::new(db.clone(), clock.clone());
        let matcher = keyring.role().runs_matcher().then(|| {
            Matcher::new(
                db.clone(),
                vault.clone(),
                audit.clone(),
                clock.clone(),
                Model::bundled().clone(),
            )
            .with_metrics(metrics.clone())
            .with_health(jobs.health_cache())
        });
        {
            let mut conn = db.get()?;
            let filled = accounts
                .fill_duress_slots(&mut conn)
                .map_err(|e| anyhow::anyhow!("filling duress slots: {e}"))?;
            if filled > 0 {
                tracing::info!(accounts = filled, "filled empty duress slots");
            }
        }
        let matches = Matches::new(
            db.clone(),
            vault.clone(),
            audit.clone(),
            clock.clone(),
            outbox.clone(),
            keys.clone(),
            limits.clone(),
            registrations.clone(),
            settings.consent,
        );
        let lifecycle = Lifecycle::new(
            db.clone(),
            audit.clone(),
            clock.clone(),
            accounts.clone(),
            registrations.clone(),
            matches.clone(),
        );
        let pfif = crate::pfif::service::Interchange::new(
            db.clone(),
            audit.clone(),
            clock.clone(),
            accounts.clone(),
            registrations.clone(),
            keyring.derive(Purpose::PfifRecordId),
            settings.max_sought_persons,
        );
        Ok(Arc::new(Context {
            pfif,
            statistics: crate::statistics::Statistics::new(db.clone(), clock.clone()),
            metrics,
            jobs,
            matches,
            forms: FormTokens::new(keyring.derive(Purpose::Csrf)),
            matcher,
            settings,
            clock,
            db,
            keys,
            vault,
            audit,
            limits,
            outbox,
            sender,
            accounts,
            registrations,
            lifecycle,
        }))
    }
}

/// Open the database the settings name, creating the SQLite directory if needed, and apply
/// pending migrations before anything serves.
pub fn open_database(settings: &Settings) -> anyhow::Result<Db> {
    if let DatabaseUrl::Sqlite(path) = &settings.database_url
        && let Some(dir) = path.parent()
    {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        create_private(path)?;
    }
    let db = Db::connect(
        &settings.database_url,
        settings.sqlite_wal,
        settings.db_pool_size,
    )
    .context("cannot connect to the database")?;
    let mut conn = db.get().context("cannot connect to the database")?;
    let failed = |e| anyhow::anyhow!("migrations failed: {e}");
    let applied = match &settings.migration_database_url {
        Some(owner_url) => {
            let mut owner = DbConn::open(owner_url, false)
                .context("cannot connect with KINLINK_MIGRATION_DATABASE_URL")?;
            let applied = migrate::run_pending(&mut owner).map_err(failed)?;
            let (app_role, app_super) = migrate::current_role(&mut conn).map_err(failed)?;
            let (owner_role, _) = migrate::current_role(&mut owner).map_err(failed)?;
            if app_role == owner_role || app_super {
                anyhow::bail!(
                    "KINLINK_DATABASE_URL must connect as a role that neither owns the tables \
                     nor is a superuser (KINLINK_MIGRATION_DATABASE_URL connects as the owner)"
                );
            }
            migrate::grant_application_role(&mut owner, &app_role).map_err(failed)?;
            applied
        }
        None => {
            let applied = migrate::run_pending(&mut conn).map_err(failed)?;
            if !conn.is_sqlite() && settings.env == crate::config::Environment::Production {
                let (role, superuser) = migrate::current_role(&mut conn).map_err(failed)?;
                if superuser || migrate::owns_audit_log(&mut conn, &role).map_err(failed)? {
                    tracing::warn!(
                        "the application's database role owns the tables: it could drop the \
                         audit trail's append-only triggers; set KINLINK_MIGRATION_DATABASE_URL \
                         (README, Running on PostgreSQL)"
                    );
                }
            }
            applied
        }
    };
    for name in applied {
        tracing::info!(migration = %name, "applied migration");
    }
    Ok(db)
}

/// A new SQLite file is created readable by its owner only; SQLite gives its WAL and shared
/// memory files the same permissions. (It holds only ciphertext, but counts and timestamps are
/// nobody else's business either.)
fn create_private(path: &std::path::Path) -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
        {
            Ok(_) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
            Err(e) => Err(anyhow::anyhow!("cannot create {}: {e}", path.display())),
        }
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        Ok(())
    }
}

/// Synchronizer tokens of HTML forms: an HMAC of the browser's form cookie.
pub struct FormTokens {
    key: crate::crypto::SecretKey,
}

impl FormTokens {
    pub fn new(key: crate::crypto::SecretKey) -> Self {
        FormTokens { key }
    }

    pub fn token(&self, binding: &str) -> String {
        use hmac::{KeyInit, Mac};
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(self.key.expose_secret())
            .expect("any key length");
        mac.update(binding.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }
}
