//! `spawn_app()`: the real application on port 0 with its own SQLite file, or its own fresh
//! PostgreSQL database when `KINLINK_TEST_POSTGRES_URL` is set (an admin URL to a cluster).
//!
//! The app runs on a clock the test moves (`app.clock.advance`) and without its background job
//! loop: a test runs the jobs when it wants them (`app.run_jobs()`), so nothing waits on timers.

use std::path::PathBuf;
use std::sync::Arc;

use diesel::{Connection, RunQueryDsl, pg::PgConnection};
use kinlink::clock::Clock;
use kinlink::config::{DatabaseUrl, Settings};
use kinlink::context::Context;
use kinlink::startup::Application;
use serde_json::{Value, json};
use tempfile::TempDir;

pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    pub settings: Settings,
    /// The running server's own services: its database pool, key store, vault and audit log.
    pub ctx: Arc<Context>,
    /// The server's clock.
    pub clock: Clock,
    /// The port of the `/metrics`-only listener (`metrics_bind`), when configured.
    pub metrics_port: Option<u16>,
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

/// The test cluster's admin URL when the suite runs on PostgreSQL. Set but empty is refused, as
/// is any URL the suite cannot use (see `fresh_postgres_database`): a run told to use PostgreSQL
/// never quietly runs on SQLite instead.
pub fn postgres_admin_url() -> Option<String> {
    match std::env::var("KINLINK_TEST_POSTGRES_URL") {
        Ok(url) if url.trim().is_empty() => {
            panic!("KINLINK_TEST_POSTGRES_URL is set but empty: unset it to test on SQLite")
        }
        Ok(url) => Some(url),
        Err(_) => None,
    }
}

/// A fresh, empty PostgreSQL database on the test cluster; returns its URL. An unusable cluster
/// fails the test.
pub fn fresh_postgres_database(admin_url: &str) -> String {
    let name = format!("kinlink_test_{}", uuid::Uuid::new_v4().simple());
    let mut admin = PgConnection::establish(admin_url).unwrap_or_else(|e| {
        panic!("KINLINK_TEST_POSTGRES_URL names a cluster the tests cannot reach: {e}")
    });
    diesel::sql_query(format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .expect("create test database");
    let mut url = url::Url::parse(admin_url).expect("admin url");
    url.set_path(&format!("/{name}"));
    url.to_string()
}

/// Drop a test database made by `fresh_postgres_database` (its connections too), so a run of
/// the whole suite keeps one database per running test on disk, not one per test.
fn drop_postgres_database(url: &str) {
    let Some(admin) = postgres_admin_url() else {
        return;
    };
    let name = url::Url::parse(url)
        .ok()
        .map(|u| u.path().trim_start_matches('/').to_string());
    let Some(name) = name.filter(|n| n.starts_with("kinlink_test_")) else {
        return;
    };
    if let Ok(mut admin) = PgConnection::establish(&admin) {
        let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .execute(&mut admin);
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let DatabaseUrl::Postgres(url) = &self.settings.database_url {
            drop_postgres_database(url);
        }
    }
}

/// Settings for a test: a temp data dir; PostgreSQL when the suite runs against it.
pub fn test_settings(dir: &TempDir) -> Settings {
    let mut settings = Settings::for_dir(dir.path());
    settings.workers = 1;
    settings.db_pool_size = 4;
    // Tests may lower the Argon2 cost; one test runs the production parameters.
    settings.argon2 = kinlink::config::Argon2Settings {
        m_kib: 64,
        t: 1,
        p: 1,
    };
    settings.mail_max_delay = std::time::Duration::ZERO;
    // Decoy mails are random; the test of decoys turns them on.
    settings.consent.decoy_updates_per_year = 0;
    // Every test client comes from 127.0.0.1: per-source budgets are tested on their own.
    settings.signups_per_source_per_hour = 10_000;
    settings.signins_per_source_per_minute = 10_000;
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
    spawn_app_on(settings, dir, Clock::shifted()).await
}

/// [`spawn_app_with`] on a clock of the test's own: `Clock::fixed` for a test whose timing
/// must not depend on how fast the machine runs it (it moves only when the test moves it).
pub async fn spawn_app_on(settings: Settings, dir: TempDir, clock: Clock) -> TestApp {
    if std::env::var("TEST_LOG").is_ok() {
        kinlink::telemetry::init(&settings);
    }
    let app = Application::build_with(settings.clone(), clock.clone(), false)
        .expect("build the application");
    let address = format!("http://127.0.0.1:{}", app.port());
    let metrics_port = app.metrics_port();
    let ctx = app.context();
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .expect("client");
    TestApp {
        address,
        client,
        settings,
        ctx,
        clock,
        metrics_port,
        _dir: dir,
    }
}

impl TestApp {
    /// Run every background job once, now (mail, scheduled deletions, purges).
    pub async fn run_jobs(&self) {
        kinlink::jobs::run_all_now(&self.ctx)
            .await
            .expect("background jobs");
    }

    /// Let the matcher handle everything queued (as its loop would), now.
    pub async fn run_matcher(&self) -> usize {
        self.ctx
            .matcher
            .as_ref()
            .expect("a development key file runs the matcher")
            .drain_all()
            .await
            .expect("matcher")
    }

    /// Seconds since the epoch on the app's clock (for TOTP codes).
    pub fn now(&self) -> u64 {
        self.clock.unix() as u64
    }
}

impl TestApp {
    /// Run the real `kinlink` binary against this app's database and key file.
    pub fn cli(&self, args: &[&str]) -> std::process::Output {
        let db = match &self.settings.database_url {
            DatabaseUrl::Sqlite(p) => p.display().to_string(),
            DatabaseUrl::Postgres(u) => u.clone(),
        };
        std::process::Command::new(env!("CARGO_BIN_EXE_kinlink"))
            .env_clear()
            .env("KINLINK_DATABASE_URL", db)
            .env("KINLINK_KEYS_FILE", &self.settings.keys_file)
            .env("KINLINK_DATA_DIR", &self.settings.data_dir)
            .env("KINLINK_LOG_LEVEL", "warn")
            .args(args)
            .output()
            .expect("run kinlink")
    }

    /// Raw SQL as a database administrator would run it (tests of tampering and dumps).
    pub fn admin_sql(&self, sql: &str) {
        use diesel::connection::SimpleConnection;
        let mut conn = self.ctx.db.get().expect("connection");
        conn.batch_execute(sql).expect("admin sql");
    }

    pub fn is_postgres(&self) -> bool {
        matches!(self.settings.database_url, DatabaseUrl::Postgres(_))
    }

    /// Everything an attacker holding the database would see: the SQLite file with its WAL, or a
    /// `pg_dump` of the PostgreSQL database.
    pub fn database_bytes(&self) -> Vec<u8> {
        match &self.settings.database_url {
            DatabaseUrl::Sqlite(path) => {
                let mut bytes = std::fs::read(path).expect("read the SQLite file");
                let wal = PathBuf::from(format!("{}-wal", path.display()));
                if let Ok(w) = std::fs::read(wal) {
                    bytes.extend(w);
                }
                bytes
            }
            DatabaseUrl::Postgres(url) => {
                let out = std::process::Command::new(pg_tool("pg_dump"))
                    .arg("--no-owner")
                    .arg(url)
                    .output()
                    .expect("run pg_dump");
                assert!(
                    out.status.success(),
                    "pg_dump: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
                out.stdout
            }
        }
    }
}

/// A PostgreSQL client tool, from the cluster's bin directory when the test scripts started one.
pub fn pg_tool(name: &str) -> PathBuf {
    match std::env::var("KINLINK_TEST_PG_BIN") {
        Ok(dir) if !dir.is_empty() => PathBuf::from(dir).join(name),
        _ => PathBuf::from(name),
    }
}

/// Account helpers over the JSON API.
impl TestApp {
    pub async fn post_json(
        &self,
        path: &str,
        body: &serde_json::Value,
        token: Option<&str>,
    ) -> reqwest::Response {
        let mut req = self.client.post(self.url(path)).json(body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send().await.expect("request")
    }

    pub async fn get_with(&self, path: &str, token: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("request")
    }

    /// `GET /api/v1/me` as JSON.
    pub async fn me(&self, token: &str) -> Value {
        self.get_with("/api/v1/me", token)
            .await
            .json()
            .await
            .expect("JSON")
    }

    pub async fn delete_with(&self, path: &str, token: &str) -> reqwest::Response {
        self.client
            .delete(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .expect("request")
    }

    /// Sign up; returns the handle and the recovery codes.
    pub async fn sign_up(&self, passphrase: &str) -> (String, Vec<String>) {
        let res = self
            .post_json(
                "/api/v1/accounts",
                &serde_json::json!({"passphrase": passphrase}),
                None,
            )
            .await;
        assert_eq!(res.status(), 201, "sign up");
        let body: serde_json::Value = res.json().await.unwrap();
        let codes = body["recovery_codes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap().to_string())
            .collect();
        (body["handle"].as_str().unwrap().to_string(), codes)
    }

    pub async fn try_sign_in(&self, login: &str, passphrase: &str) -> reqwest::Response {
        self.post_json(
            "/api/v1/sessions",
            &serde_json::json!({"login": login, "passphrase": passphrase}),
            None,
        )
        .await
    }

    /// Sign in; returns the bearer token.
    pub async fn sign_in(&self, login: &str, passphrase: &str) -> String {
        let res = self.try_sign_in(login, passphrase).await;
        assert_eq!(res.status(), 200, "sign in");
        let body: serde_json::Value = res.json().await.unwrap();
        body["token"].as_str().unwrap().to_string()
    }

    /// The newest email to `to` in the development outbox, after running the sender; there
    /// must be more than `after` of them.
    pub async fn wait_for_mail(&self, to: &str, after: usize) -> String {
        self.run_jobs().await;
        let mails = self.mails_to(to);
        assert!(mails.len() > after, "no new mail to {to}");
        mails.last().unwrap().clone()
    }

    /// Every email written to the outbox for `to`, oldest first.
    pub fn mails_to(&self, to: &str) -> Vec<String> {
        let Ok(dir) = std::fs::read_dir(&self.settings.outbox_dir) else {
            return Vec::new();
        };
        let mut mails: Vec<(std::time::SystemTime, String)> = dir
            .filter_map(|e| e.ok())
            .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
            .filter_map(|e| {
                let text = std::fs::read_to_string(e.path()).ok()?;
                let modified = e.metadata().ok()?.modified().ok()?;
                text.contains(&format!("To: {to}"))
                    .then_some((modified, text))
            })
            .collect();
        mails.sort();
        mails.into_iter().map(|(_, t)| t).collect()
    }
}

/// The first run of eight digits in a text (a code in an email).
pub fn code_in(text: &str) -> String {
    let digits: Vec<char> = text.chars().collect();
    for w in digits.windows(8) {
        if w.iter().all(|c| c.is_ascii_digit()) {
            return w.iter().collect();
        }
    }
    panic!("no code in {text}");
}

// Staff accounts for tests.

pub const STAFF_PASS: &str = "staff passphrase that is long";

pub fn totp_code(secret_b32: &str, at: u64) -> String {
    let secret = totp_rs::Secret::try_from_base32(secret_b32).unwrap();
    totp_rs::Builder::new()
        .with_algorithm(totp_rs::Algorithm::SHA1)
        .with_digits(6)
        .with_step_duration(30)
        .with_secret(secret.to_vec())
        .build()
        .unwrap()
        .generate(at)
        .to_string()
}

pub async fn error_code(res: reqwest::Response) -> String {
    let body: Value = res.json().await.unwrap();
    body["error"]["code"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// The new admin's handle and recovery codes, from `kinlink admin create-admin`.
pub fn create_admin_with_codes(app: &TestApp) -> (String, Vec<String>) {
    let file = app.settings.data_dir.join("admin-pass");
    std::fs::write(&file, format!("{STAFF_PASS}\n")).unwrap();
    let out = app.cli(&[
        "admin",
        "create-admin",
        "--passphrase-file",
        file.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let codes: Vec<String> = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("  "))
        .map(str::to_string)
        .collect();
    assert_eq!(codes.len(), 8, "eight recovery codes: {stdout}");
    let handle = stdout
        .lines()
        .find_map(|l| l.strip_prefix("handle: "))
        .expect("handle")
        .to_string();
    (handle, codes)
}

pub fn create_admin(app: &TestApp) -> String {
    create_admin_with_codes(app).0
}

/// Enrol and confirm a second factor; returns the new token and the secret.
pub async fn enrol(app: &TestApp, token: &str) -> (String, String) {
    let now = || app.now();
    let res = app
        .post_json("/api/v1/me/totp", &json!({}), Some(token))
        .await;
    assert_eq!(res.status(), 200);
    let e: Value = res.json().await.unwrap();
    let secret = e["secret"].as_str().unwrap().to_string();
    let svg = e["qr_svg"].as_str().unwrap();
    assert!(
        svg.starts_with("<svg") && !svg.contains("<script") && !svg.contains("href"),
        "plain SVG"
    );
    assert!(
        e["otpauth_uri"]
            .as_str()
            .unwrap()
            .starts_with("otpauth://totp/")
    );
    let res = app
        .post_json(
            "/api/v1/me/totp/confirm",
            &json!({"code": totp_code(&secret, now())}),
            Some(token),
        )
        .await;
    assert_eq!(res.status(), 200);
    let new_token = res.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string();
    // A change of second factor ends the other sessions.
    assert_eq!(app.get_with("/api/v1/me", token).await.status(), 401);
    (new_token, secret)
}

/// One signed-in account of every role, staff with their second factor confirmed.
pub struct World {
    pub owner: String,
    pub other: String,
    pub caseworker: String,
    pub org_admin: String,
    pub admin: String,
    pub auditor: String,
    pub organization_id: String,
}

pub async fn world(app: &TestApp) -> World {
    let (owner, _) = app.sign_up("owner passphrase long").await;
    let (other, _) = app.sign_up("other passphrase long").await;
    let admin_handle = create_admin(app);
    let (admin, _) = enrol(app, &app.sign_in(&admin_handle, STAFF_PASS).await).await;
    let organization_id = create_organization(app, &admin, "Partner").await;
    let org_admin = join(app, &admin, "org_admin", Some(&organization_id)).await;
    let auditor = join(app, &admin, "auditor", None).await;
    let caseworker = join(app, &org_admin, "caseworker", None).await;
    World {
        owner: app.sign_in(&owner, "owner passphrase long").await,
        other: app.sign_in(&other, "other passphrase long").await,
        caseworker,
        org_admin,
        admin,
        auditor,
        organization_id,
    }
}

/// A real `kinlink` process (serve or worker), killed when dropped.
pub struct Process {
    pub child: std::process::Child,
    /// The port a `serve` process listens on.
    pub port: Option<u16>,
    /// The lines it has logged so far (JSON).
    pub messages: std::sync::Arc<std::sync::Mutex<Vec<Value>>>,
}

impl Process {
    /// Start `kinlink <args>` in `dir` with a clean environment plus `env`, logging JSON. For
    /// `serve`, wait (with a deadline) until it says which port it listens on.
    pub fn start(dir: &std::path::Path, args: &[&str], env: &[(&str, String)]) -> Process {
        use std::io::BufRead;
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_kinlink"));
        cmd.current_dir(dir)
            .env_clear()
            .env("KINLINK_LOG_FORMAT", "json")
            .env("KINLINK_BIND", "127.0.0.1:0")
            .env("KINLINK_ARGON2_M_KIB", "64")
            .env("KINLINK_ARGON2_T", "1")
            .env("KINLINK_MAIL_MAX_DELAY_SECS", "0")
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("start kinlink");
        let stdout = child.stdout.take().unwrap();
        let (port_tx, port_rx) = std::sync::mpsc::channel();
        let messages = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = messages.clone();
        // Read its log to the end (a full pipe would stall it), noting the port and messages.
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
            {
                if let Ok(v) = serde_json::from_str::<Value>(&line) {
                    if v["message"] == "kinlink is listening" {
                        let _ = port_tx.send(v["port"].as_u64().unwrap_or(0) as u16);
                    }
                    log.lock().unwrap().push(v);
                }
            }
        });
        let port = (args.first() == Some(&"serve")).then(|| {
            port_rx
                .recv_timeout(std::time::Duration::from_secs(60))
                .expect("the server says where it listens")
        });
        Process {
            child,
            port,
            messages,
        }
    }

    /// Whether the process has logged `message` (waiting up to `within`).
    pub fn logged(&self, message: &str, within: std::time::Duration) -> bool {
        self.log_line(message, within).is_some()
    }

    /// The first line logged with `message`, with its fields (waiting up to `within`).
    pub fn log_line(&self, message: &str, within: std::time::Duration) -> Option<Value> {
        let deadline = std::time::Instant::now() + within;
        loop {
            let found = (self.messages.lock().unwrap().iter())
                .find(|v| v["message"] == message)
                .cloned();
            if found.is_some() || std::time::Instant::now() > deadline {
                return found;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port.expect("a server"))
    }

    /// `kill -9`.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A database URL for processes of one test: a fresh PostgreSQL database when the suite runs
/// on PostgreSQL, else an SQLite file in `dir`.
pub fn shared_database_url(dir: &std::path::Path) -> String {
    match postgres_admin_url() {
        Some(admin) => fresh_postgres_database(&admin),
        None => dir.join("shared.db").display().to_string(),
    }
}

/// aiosmtpd (PyPI) is the SMTP server of the mail tests; install it when missing.
pub fn ensure_aiosmtpd() {
    let have = || {
        std::process::Command::new("python3")
            .args(["-c", "import aiosmtpd"])
            .status()
            .is_ok_and(|s| s.success())
    };
    if !have() {
        let status = std::process::Command::new("python3")
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "aiosmtpd",
            ])
            .status()
            .expect("python3 with pip");
        assert!(status.success() && have(), "cannot install aiosmtpd");
    }
}

/// A real SMTP server (aiosmtpd) writing what it receives to a maildir; stopped when dropped.
/// It can be stopped and started again on the same port (a mail server that goes down).
pub struct Smtpd {
    pub port: u16,
    maildir: TempDir,
    child: Option<std::process::Child>,
}

impl Smtpd {
    pub fn start() -> Smtpd {
        ensure_aiosmtpd();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut s = Smtpd {
            port,
            maildir: tempfile::tempdir().unwrap(),
            child: None,
        };
        s.up();
        s
    }

    pub fn url(&self) -> kinlink::crypto::Sensitive<String> {
        kinlink::crypto::Sensitive::new(format!("smtp://127.0.0.1:{}", self.port))
    }

    /// Start (again) on the same port, and wait until it accepts connections.
    pub fn up(&mut self) {
        let child = std::process::Command::new("python3")
            .args([
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &format!("127.0.0.1:{}", self.port),
                "-c",
                "aiosmtpd.handlers.Mailbox",
            ])
            .arg(self.maildir.path().join("mail"))
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("python3 -m aiosmtpd");
        self.child = Some(child);
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        panic!("aiosmtpd did not start");
    }

    pub fn down(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Every message received for `to`, as raw text.
    pub fn messages_to(&self, to: &str) -> Vec<String> {
        let new = self.maildir.path().join("mail").join("new");
        let Ok(dir) = std::fs::read_dir(new) else {
            return Vec::new();
        };
        dir.filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
            .filter(|m| m.contains(&format!("To: {to}")))
            .collect()
    }

    /// Wait (with a deadline) until `to` has received `n` messages; returns them.
    pub async fn wait_for(&self, to: &str, n: usize) -> Vec<String> {
        for _ in 0..100 {
            let got = self.messages_to(to);
            if got.len() >= n {
                return got;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!(
            "{to} received {} messages, not {n}",
            self.messages_to(to).len()
        );
    }
}

impl Drop for Smtpd {
    fn drop(&mut self) {
        self.down();
    }
}

/// A staff member invited by `by` (into `org` for an org admin) who accepted: their handle,
/// second factor not yet set up.
pub async fn join_handle(app: &TestApp, by: &str, role: &str, org: Option<&str>) -> String {
    let body = match org {
        Some(o) => json!({"role": role, "organization_id": o}),
        None => json!({"role": role}),
    };
    let res = app.post_json("/api/v1/invites", &body, Some(by)).await;
    assert_eq!(res.status(), 201, "invite {role}");
    let code = res.json::<Value>().await.unwrap()["code"]
        .as_str()
        .expect("invite code")
        .to_string();
    let res = app
        .post_json(
            &format!("/api/v1/invites/{code}/accept"),
            &json!({"passphrase": STAFF_PASS}),
            None,
        )
        .await;
    res.json::<Value>().await.unwrap()["handle"]
        .as_str()
        .unwrap()
        .to_string()
}

/// A staff member invited into an organization by `by` (an org admin), second factor
/// confirmed; returns their token.
pub async fn join(app: &TestApp, by: &str, role: &str, org: Option<&str>) -> String {
    let handle = join_handle(app, by, role, org).await;
    enrol(app, &app.sign_in(&handle, STAFF_PASS).await).await.0
}

/// A new organization made by the operator admin; returns its id.
pub async fn create_organization(app: &TestApp, admin: &str, name: &str) -> String {
    let res = app
        .post_json(
            "/api/v1/admin/organizations",
            &json!({"name": name}),
            Some(admin),
        )
        .await;
    assert_eq!(res.status(), 201);
    res.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// A new account on a running server at `base` (a `Process`), signed in: (handle, token).
pub async fn process_account(
    client: &reqwest::Client,
    base: &str,
    passphrase: &str,
) -> (String, String) {
    let res = client
        .post(format!("{base}/api/v1/accounts"))
        .json(&json!({"passphrase": passphrase}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let handle = res.json::<Value>().await.unwrap()["handle"]
        .as_str()
        .unwrap()
        .to_string();
    let res = client
        .post(format!("{base}/api/v1/sessions"))
        .json(&json!({"login": handle, "passphrase": passphrase}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let token = res.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string();
    (handle, token)
}

/// `kinlink <args>` in `dir` with exactly the environment a `Process` of the test was given.
pub fn run_cli(
    dir: &std::path::Path,
    env: &[(&str, String)],
    args: &[&str],
) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_kinlink"))
        .current_dir(dir)
        .env_clear()
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .args(args)
        .output()
        .expect("run kinlink")
}
