//! `spawn_app()`: the real application on port 0 with its own SQLite file, or its own fresh
//! PostgreSQL database when `KINLINK_TEST_POSTGRES_URL` is set (an admin URL to a cluster).

use diesel::{Connection, RunQueryDsl, pg::PgConnection};
use kinlink::config::{DatabaseUrl, Settings};
use kinlink::startup::Application;
use tempfile::TempDir;

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    /// Keeps the temporary data directory alive for the test's duration.
    _dir: TempDir,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request")
    }
}

pub fn postgres_admin_url() -> Option<String> {
    std::env::var("KINLINK_TEST_POSTGRES_URL")
        .ok()
        .filter(|s| !s.is_empty())
}

/// A fresh, empty PostgreSQL database on the test cluster; returns its URL.
pub fn fresh_postgres_database(admin_url: &str) -> String {
    let name = format!("kinlink_test_{}", uuid::Uuid::new_v4().simple());
    let mut admin = PgConnection::establish(admin_url).expect("connect to the test cluster");
    diesel::sql_query(format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .expect("create test database");
    let mut url = url::Url::parse(admin_url).expect("admin url");
    url.set_path(&format!("/{name}"));
    url.to_string()
}

/// Settings for a test: a temp data dir; PostgreSQL when the suite runs against it.
pub fn test_settings(dir: &TempDir) -> Settings {
    let mut settings = Settings::for_dir(dir.path());
    settings.workers = 1;
    settings.db_pool_size = 4;
    if let Some(admin) = postgres_admin_url() {
        settings.database_url = DatabaseUrl::Postgres(fresh_postgres_database(&admin));
    }
    settings
}

pub async fn spawn_app() -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    spawn_app_with(test_settings(&dir), dir).await
}

pub async fn spawn_app_with(settings: Settings, dir: TempDir) -> TestApp {
    if std::env::var("TEST_LOG").is_ok() {
        kinlink::telemetry::init(&settings);
    }
    let app = Application::build(settings).expect("build the application");
    let address = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .expect("client");
    TestApp {
        address,
        client,
        _dir: dir,
    }
}
