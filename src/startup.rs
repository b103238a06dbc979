//! Build the application: settings -> database (+ migrations) -> services -> routes -> server.

use std::net::TcpListener;
use std::sync::Arc;

use actix_web::dev::Server;
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer, web};
use anyhow::Context;

use crate::accounts::Auth;
use crate::audit::Audit;
use crate::config::{DatabaseUrl, Settings};
use crate::crypto::keyfile::KeyStore;
use crate::db::{Db, migrate};
use crate::error::AppError;
use crate::mail::Outbox;
use crate::vault::Vault;
use crate::web::middleware;

/// Shared state every handler can reach.
pub struct AppState {
    pub settings: Settings,
    pub db: Db,
    pub keys: Arc<KeyStore>,
    pub vault: Vault,
    pub audit: Audit,
    pub auth: Auth,
    pub outbox: Outbox,
}

pub struct Application {
    port: u16,
    server: Server,
    state: web::Data<AppState>,
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
    let applied =
        migrate::run_pending(&mut conn).map_err(|e| anyhow::anyhow!("migrations failed: {e}"))?;
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

impl AppState {
    /// Keys, database (migrated) and services: everything but the HTTP server, so command-line
    /// tools share it.
    pub fn open(settings: Settings) -> anyhow::Result<web::Data<AppState>> {
        let keys = Arc::new(KeyStore::open(&settings.keys_file, settings.env)?);
        let db = open_database(&settings)?;
        let vault = Vault::new(keys.clone());
        Ok(web::Data::new(AppState {
            auth: Auth::new(&settings, &keys)?,
            outbox: Outbox::new(vault.clone(), settings.mail_max_delay),
            db,
            vault,
            audit: Audit::new(keys.clone()),
            keys,
            settings,
        }))
    }
}

impl Application {
    pub fn build(settings: Settings) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(settings.bind)
            .with_context(|| format!("cannot listen on {}", settings.bind))?;
        let port = listener.local_addr()?.port();
        let workers = settings.workers;
        let timeout = settings.client_request_timeout;
        let state = AppState::open(settings)?;
        crate::mail::spawn_sender(state.clone())?;
        spawn_housekeeping(state.clone());
        let app_state = state.clone();
        let server = HttpServer::new(move || {
            App::new()
                .app_data(app_state.clone())
                .app_data(crate::api::input::json_config())
                .app_data(crate::api::input::form_config())
                .app_data(crate::api::input::payload_config())
                .wrap(from_fn(middleware::session_renewal))
                .wrap(from_fn(middleware::form_cookie))
                .wrap(from_fn(middleware::cross_site_guard))
                .wrap(from_fn(middleware::render_errors))
                .wrap(from_fn(middleware::hsts))
                .wrap(middleware::security_headers())
                .wrap(from_fn(middleware::request_log))
                .configure(crate::api::routes)
                .configure(crate::web::routes)
                .default_service(web::to(not_found))
        })
        .workers(workers)
        .client_request_timeout(timeout)
        .client_disconnect_timeout(timeout)
        .listen(listener)?
        .run();
        Ok(Application {
            port,
            server,
            state,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn state(&self) -> web::Data<AppState> {
        self.state.clone()
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// Periodic work of a running server: accounts whose duress-scheduled deletion is due.
fn spawn_housekeeping(state: web::Data<AppState>) {
    tokio::spawn(async move {
        loop {
            if let Err(e) = crate::accounts::settings::delete_due_accounts(&state).await {
                tracing::error!(error = %e, "scheduled account deletion");
            }
            tokio::time::sleep(std::time::Duration::from_secs(30)).await;
        }
    });
}

async fn not_found() -> Result<actix_web::HttpResponse, AppError> {
    Err(AppError::NotFound)
}
