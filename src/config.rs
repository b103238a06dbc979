//! Typed settings: defaults that run with no setup, then an optional TOML file, then `KINLINK_*`
//! environment variables (and `KINLINK_<NAME>_FILE` for every secret). Everything is validated
//! at start; a bad value stops the process with a one-line message that names the setting.

use std::collections::HashMap;
use std::fmt;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::crypto::Sensitive;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    Development,
    Production,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

/// Which database the URL names. Chosen from the scheme only, never by trial.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    Sqlite(PathBuf),
    Postgres(String),
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // The path is not secret; a PostgreSQL URL may carry a password.
            DatabaseUrl::Sqlite(p) => write!(f, "Sqlite({})", p.display()),
            DatabaseUrl::Postgres(_) => f.write_str("Postgres([redacted])"),
        }
    }
}

impl DatabaseUrl {
    /// `postgres://` and `postgresql://` name PostgreSQL; `sqlite://path` or a plain path name
    /// SQLite. Anything else with a scheme is refused, so a typo cannot create an empty database.
    pub fn parse(raw: &str, base: &Path) -> Result<Self, String> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err("is empty".into());
        }
        if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            return Ok(DatabaseUrl::Postgres(raw.to_string()));
        }
        if let Some(path) = raw.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err("sqlite:// needs a file path".into());
            }
            return Ok(DatabaseUrl::Sqlite(resolve(base, Path::new(path))));
        }
        if let Some((scheme, _)) = raw.split_once("://") {
            return Err(format!(
                "unknown scheme '{scheme}://' (use postgres://, postgresql://, sqlite:// or a file path)"
            ));
        }
        if raw.starts_with("file:") || raw == ":memory:" {
            return Err("use a plain file path or sqlite://path".into());
        }
        Ok(DatabaseUrl::Sqlite(resolve(base, Path::new(raw))))
    }

    pub fn backend_name(&self) -> &'static str {
        match self {
            DatabaseUrl::Sqlite(_) => "sqlite",
            DatabaseUrl::Postgres(_) => "postgres",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Settings {
    pub env: Environment,
    pub bind: SocketAddr,
    pub data_dir: PathBuf,
    pub database_url: DatabaseUrl,
    /// PostgreSQL only: the role that owns the tables and applies migrations. When set, the
    /// application connects as a role that does not own them and gets `INSERT` and `SELECT`
    /// only on `audit_log`, so it can neither edit the audit trail nor drop its triggers.
    pub migration_database_url: Option<DatabaseUrl>,
    pub keys_file: PathBuf,
    pub log_format: LogFormat,
    pub log_level: String,
    /// Maximum connections in the pool (also the size of the semaphore in front of it).
    pub db_pool_size: u32,
    /// SQLite write-ahead log; switchable off for file systems that cannot share memory maps.
    pub sqlite_wal: bool,
    /// Public origin (scheme://host[:port]) used to check `Origin` headers; derived from bind
    /// when unset.
    pub public_origin: String,
    /// Set when a TLS-terminating proxy is in front: enables HSTS and marks cookies Secure.
    pub behind_tls: bool,
    pub outbox_dir: PathBuf,
    pub workers: usize,
    pub client_request_timeout: Duration,
    /// Argon2id cost. The floor (m=19456 KiB, t=2, p=1) is enforced in production; tests may
    /// lower it.
    pub argon2: Argon2Settings,
    /// Idle limit of a registrant session (staff get `staff_idle`), and the absolute limit.
    pub session_idle: Duration,
    pub staff_session_idle: Duration,
    pub session_absolute: Duration,
    /// How long after a duress sign-in the real account is deleted, unless the real passphrase
    /// is used first.
    pub duress_delay: Duration,
    /// `smtp://user:pass@host:port` or `smtps://…`; unset means email is written to `outbox_dir`.
    pub smtp_url: Option<Sensitive<String>>,
    /// The bearer token `/metrics` asks for (at least 32 characters); unset: no `/metrics`.
    pub metrics_token: Option<Sensitive<String>>,
    /// A second listener that serves only `/metrics`, without a token (an address only the
    /// monitoring network reaches); the one way to scrape a `kinlink matcher` or `worker`.
    pub metrics_bind: Option<SocketAddr>,
    /// The neutral sender of every email.
    pub mail_from: String,
    /// Update notices wait a random time up to this before sending, so their timing says
    /// little (code mails go at once).
    pub mail_max_delay: Duration,
    /// Cap of the doubling delay after failed sign-ins to one account.
    pub login_max_delay: Duration,
    /// New accounts per minute across the whole service.
    pub signups_per_minute: u32,
    /// How many people one registration may look for (anti-fishing cap).
    pub max_sought_persons: u32,
    /// How many name changes one registration may make a day (anti-fishing cool-down).
    pub name_edits_per_day: u32,
    /// Whether this process runs the background jobs (mail, scheduled deletions, purges).
    pub jobs: bool,
    /// Whether `serve` also runs the matcher in-process (the default in development and on
    /// SQLite; in production the isolated `kinlink matcher` holds the matcher's keys).
    pub matcher: bool,
    /// Reverse proxies whose `X-Forwarded-For` / `X-Forwarded-Proto` are believed; anyone
    /// else's are ignored.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The onion address this service is reachable at, if any. Requests reaching it through
    /// the local Tor daemon have no network source of their own: floods there are Tor's
    /// onion-service defences' to stop.
    pub onion_address: Option<String>,
    /// Whether email is sent at all (`KINLINK_MAIL=off` turns it off on purpose).
    pub mail: bool,
    /// New accounts from one source per hour.
    pub signups_per_source_per_hour: u32,
    /// Sign-in attempts from one source per minute.
    pub signins_per_source_per_minute: u32,
    /// Match review and consent (`KINLINK_FOUR_EYES`, `KINLINK_REQUIRE_VETTING`,
    /// `KINLINK_CONSENT_DAYS`, `KINLINK_DECOY_UPDATES_PER_YEAR`, `KINLINK_ALERT_FAMILIES`,
    /// `KINLINK_CASEWORKER_VIEWS_PER_DAY`).
    pub consent: ConsentSettings,
}

/// How matches are reviewed and put to families.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConsentSettings {
    /// A second caseworker approves after the first.
    pub four_eyes: bool,
    /// Approval needs at least one vetted side.
    pub require_vetting: bool,
    /// A side asked and silent this many days lets the match expire.
    pub consent_days: u32,
    /// Content-free "there is an update" mails sent at random to every registrant with email,
    /// so that a mail does not mean a match.
    pub decoy_updates_per_year: u32,
    /// An account whose candidates touch this many unrelated families raises an alert.
    pub alert_families: u32,
    /// Candidates one caseworker may open per day: a stolen caseworker account cannot browse
    /// in bulk; going over is refused and audited.
    pub caseworker_views_per_day: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Argon2Settings {
    pub m_kib: u32,
    pub t: u32,
    pub p: u32,
}

impl Argon2Settings {
    pub const FLOOR: Argon2Settings = Argon2Settings {
        m_kib: 19456,
        t: 2,
        p: 1,
    };

    pub fn is_at_least_floor(&self) -> bool {
        self.m_kib >= Self::FLOOR.m_kib && self.t >= Self::FLOOR.t && self.p >= Self::FLOOR.p
    }
}

/// Declares every setting once: the raw struct the TOML file and the environment both fill
/// (every field optional, as text), the list of names read as `KINLINK_<UPPER>`, and the setter.
macro_rules! raw_settings {
    ($($name:ident),+ $(,)?) => {
        #[derive(Debug, Default, Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct RawSettings {
            $(pub $name: Option<String>,)+
        }

        /// Settings read from the environment, as `KINLINK_<UPPER>`.
        const ENV_SETTINGS: &[&str] = &[$(stringify!($name),)+];

        impl RawSettings {
            fn set(&mut self, name: &str, value: String) {
                match name {
                    $(stringify!($name) => self.$name = Some(value),)+
                    _ => {}
                }
            }
        }
    };
}

raw_settings!(
    env,
    bind,
    data_dir,
    database_url,
    migration_database_url,
    keys_file,
    log_format,
    log_level,
    db_pool_size,
    sqlite_wal,
    public_origin,
    behind_tls,
    outbox_dir,
    workers,
    client_request_timeout_ms,
    argon2_m_kib,
    argon2_t,
    argon2_p,
    session_idle_minutes,
    staff_session_idle_minutes,
    session_absolute_hours,
    duress_delay_hours,
    smtp_url,
    metrics_token,
    metrics_bind,
    mail_from,
    mail_max_delay_secs,
    login_max_delay_secs,
    signups_per_minute,
    max_sought_persons,
    name_edits_per_day,
    jobs,
    trusted_proxies,
    onion_address,
    mail,
    signups_per_source_per_hour,
    signins_per_source_per_minute,
    matcher,
    four_eyes,
    require_vetting,
    consent_days,
    decoy_updates_per_year,
    alert_families,
    caseworker_views_per_day,
);

/// A startup failure that names the setting at fault.
#[derive(Debug, thiserror::Error)]
#[error("configuration: {setting}: {message}")]
pub struct ConfigError {
    pub setting: String,
    pub message: String,
}

fn bad(setting: &str, message: impl Into<String>) -> ConfigError {
    ConfigError {
        setting: setting.to_string(),
        message: message.into(),
    }
}

fn resolve(base: &Path, p: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        base.join(p)
    }
}

/// Names of settings that are secrets: these may also come from `KINLINK_<NAME>_FILE`.
const SECRET_SETTINGS: &[&str] = &[
    "database_url",
    "migration_database_url",
    "smtp_url",
    "metrics_token",
];

/// `KINLINK_*` variables that are not settings but are set on purpose: the config file's path,
/// and the variables of the test, benchmark and CI scripts (the suites pass their environment on
/// to the binaries they start).
const OTHER_VARIABLES: &[&str] = &["KINLINK_CONFIG", "KINLINK_BIN", "KINLINK_ADVISORY_DB"];
const OTHER_PREFIXES: &[&str] = &["KINLINK_TEST_", "KINLINK_BENCH_"];

/// Every variable name this process reads.
fn known_variables() -> Vec<String> {
    let mut names: Vec<String> = ENV_SETTINGS
        .iter()
        .map(|n| format!("KINLINK_{}", n.to_uppercase()))
        .collect();
    names.extend(
        SECRET_SETTINGS
            .iter()
            .map(|n| format!("KINLINK_{}_FILE", n.to_uppercase())),
    );
    names.extend(OTHER_VARIABLES.iter().map(|n| n.to_string()));
    names
}

/// A misspelt variable would otherwise be ignored in silence and its default used (perhaps a
/// weaker one), so any unknown `KINLINK_*` name stops the start, with the nearest known name.
fn refuse_unknown_variables(vars: &HashMap<String, String>) -> Result<(), ConfigError> {
    let known = known_variables();
    let mut unknown: Vec<&String> = vars
        .keys()
        .filter(|k| k.starts_with("KINLINK_"))
        .filter(|k| !known.contains(k) && !OTHER_PREFIXES.iter().any(|p| k.starts_with(p)))
        .collect();
    unknown.sort();
    let Some(name) = unknown.first() else {
        return Ok(());
    };
    let nearest = known
        .iter()
        .map(|k| (edit_distance(name, k), k))
        .min()
        .filter(|(d, _)| *d <= 3)
        .map(|(_, k)| format!(" (did you mean {k}?)"))
        .unwrap_or_default();
    Err(bad(
        name,
        format!("unknown variable{nearest}; the README lists every setting"),
    ))
}

/// Levenshtein distance over bytes (variable names are ASCII).
fn edit_distance(a: &str, b: &str) -> usize {
    let b = b.as_bytes();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.bytes().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != cb))
                .min(above + 1)
                .min(row[j] + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

impl RawSettings {
    /// Overlay `KINLINK_*` variables (and `KINLINK_*_FILE` for secrets) from `vars`; an unknown
    /// `KINLINK_*` variable is refused.
    pub fn overlay_env(&mut self, vars: &HashMap<String, String>) -> Result<(), ConfigError> {
        refuse_unknown_variables(vars)?;
        for name in ENV_SETTINGS {
            let var = format!("KINLINK_{}", name.to_uppercase());
            let file_var = format!("{var}_FILE");
            let direct = vars.get(&var);
            let from_file = if SECRET_SETTINGS.contains(name) {
                vars.get(&file_var)
            } else {
                None
            };
            match (direct, from_file) {
                (Some(_), Some(_)) => {
                    return Err(bad(&var, format!("set only one of {var} and {file_var}")));
                }
                (Some(v), None) => self.set(name, v.clone()),
                (None, Some(path)) => {
                    let text = std::fs::read_to_string(path)
                        .map_err(|e| bad(&file_var, format!("cannot read the file: {e}")))?;
                    self.set(name, text.trim_end_matches(['\n', '\r']).to_string());
                }
                (None, None) => {}
            }
        }
        Ok(())
    }

    pub fn from_toml_file(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            bad(
                "KINLINK_CONFIG",
                format!("cannot read {}: {e}", path.display()),
            )
        })?;
        // Values in the file may be written as strings, numbers or booleans; normalise to text
        // so the file and the environment share one validation path.
        let table: toml::Table = toml::from_str(&text).map_err(|e| {
            bad(
                "KINLINK_CONFIG",
                format!("{}: {}", path.display(), e.message()),
            )
        })?;
        let mut raw = RawSettings::default();
        for (k, v) in table {
            if !ENV_SETTINGS.contains(&k.as_str()) {
                return Err(bad(&k, format!("unknown setting in {}", path.display())));
            }
            let text = match v {
                toml::Value::String(s) => s,
                toml::Value::Integer(i) => i.to_string(),
                toml::Value::Boolean(b) => b.to_string(),
                _ => return Err(bad(&k, "must be a string, number or boolean")),
            };
            raw.set(&k, text);
        }
        Ok(raw)
    }

    /// Validate into typed settings; relative paths resolve against `cwd`.
    pub fn validate(self, cwd: &Path) -> Result<Settings, ConfigError> {
        let env = match self.env.as_deref().unwrap_or("development") {
            "development" | "dev" => Environment::Development,
            "production" | "prod" => Environment::Production,
            other => {
                return Err(bad(
                    "KINLINK_ENV",
                    format!("'{other}' is not development or production"),
                ));
            }
        };
        let bind: SocketAddr = self
            .bind
            .as_deref()
            .unwrap_or("127.0.0.1:8080")
            .parse()
            .map_err(|_| {
                bad(
                    "KINLINK_BIND",
                    "expected host:port, for example 127.0.0.1:8080",
                )
            })?;
        let data_dir = resolve(cwd, Path::new(self.data_dir.as_deref().unwrap_or("data")));
        let database_url = match self.database_url.as_deref() {
            Some(raw) => {
                DatabaseUrl::parse(raw, cwd).map_err(|m| bad("KINLINK_DATABASE_URL", m))?
            }
            None => DatabaseUrl::Sqlite(data_dir.join("kinlink.db")),
        };
        let migration_database_url = match self.migration_database_url.as_deref() {
            Some(raw) if !raw.trim().is_empty() => {
                match (DatabaseUrl::parse(raw.trim(), cwd), &database_url) {
                    (Ok(owner @ DatabaseUrl::Postgres(_)), DatabaseUrl::Postgres(_)) => Some(owner),
                    (Err(m), _) => return Err(bad("KINLINK_MIGRATION_DATABASE_URL", m)),
                    _ => {
                        return Err(bad(
                            "KINLINK_MIGRATION_DATABASE_URL",
                            "only with PostgreSQL: both it and KINLINK_DATABASE_URL must be postgres:// URLs",
                        ));
                    }
                }
            }
            _ => None,
        };
        let keys_file = match self.keys_file.as_deref() {
            Some(p) => resolve(cwd, Path::new(p)),
            None => data_dir.join("keys.toml"),
        };
        let outbox_dir = match self.outbox_dir.as_deref() {
            Some(p) => resolve(cwd, Path::new(p)),
            None => data_dir.join("outbox"),
        };
        let log_format = match self.log_format.as_deref().unwrap_or("text") {
            "text" | "pretty" => LogFormat::Text,
            "json" => LogFormat::Json,
            other => {
                return Err(bad(
                    "KINLINK_LOG_FORMAT",
                    format!("'{other}' is not text or json"),
                ));
            }
        };
        let log_level = self.log_level.unwrap_or_else(|| "info".into());
        if tracing_subscriber::EnvFilter::try_new(&log_level).is_err() {
            return Err(bad(
                "KINLINK_LOG_LEVEL",
                "not a valid filter such as info or kinlink=debug",
            ));
        }
        let db_pool_size = parse_num(
            self.db_pool_size.as_deref(),
            "KINLINK_DB_POOL_SIZE",
            8,
            1,
            256,
        )?;
        let sqlite_wal = parse_bool(self.sqlite_wal.as_deref(), "KINLINK_SQLITE_WAL", true)?;
        let behind_tls = parse_bool(self.behind_tls.as_deref(), "KINLINK_BEHIND_TLS", false)?;
        let jobs = parse_bool(self.jobs.as_deref(), "KINLINK_JOBS", true)?;
        let matcher = parse_bool(
            self.matcher.as_deref(),
            "KINLINK_MATCHER",
            env != Environment::Production,
        )?;
        let trusted_proxies = match self.trusted_proxies.as_deref() {
            None => Vec::new(),
            Some(list) => list
                .split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(|p| {
                    p.parse().map_err(|_| {
                        bad(
                            "KINLINK_TRUSTED_PROXIES",
                            "expected IP addresses separated by commas",
                        )
                    })
                })
                .collect::<Result<_, _>>()?,
        };
        let onion_address = match self.onion_address.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(a) if a.ends_with(".onion") && a.len() > 6 && !a.contains('/') => {
                Some(a.to_string())
            }
            Some(_) => {
                return Err(bad(
                    "KINLINK_ONION_ADDRESS",
                    "expected a host name ending in .onion",
                ));
            }
        };
        let mail = match self.mail.as_deref().map(str::trim) {
            None | Some("on") => true,
            Some("off") => false,
            Some(_) => return Err(bad("KINLINK_MAIL", "expected on or off")),
        };
        let workers = parse_num(
            self.workers.as_deref(),
            "KINLINK_WORKERS",
            std::thread::available_parallelism().map_or(2, |n| n.get() as u32),
            1,
            64,
        )? as usize;
        let timeout_ms = parse_num(
            self.client_request_timeout_ms.as_deref(),
            "KINLINK_CLIENT_REQUEST_TIMEOUT_MS",
            5000,
            100,
            120_000,
        )?;
        let public_origin = match self.public_origin {
            Some(o) => {
                let url = url::Url::parse(&o)
                    .map_err(|_| bad("KINLINK_PUBLIC_ORIGIN", "expected scheme://host[:port]"))?;
                if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
                    return Err(bad(
                        "KINLINK_PUBLIC_ORIGIN",
                        "expected http(s)://host[:port]",
                    ));
                }
                url.origin().ascii_serialization()
            }
            None => format!("http://{bind}"),
        };
        let argon2 = Argon2Settings {
            m_kib: parse_num(
                self.argon2_m_kib.as_deref(),
                "KINLINK_ARGON2_M_KIB",
                19456,
                8,
                4 * 1024 * 1024,
            )?,
            t: parse_num(self.argon2_t.as_deref(), "KINLINK_ARGON2_T", 2, 1, 64)?,
            p: parse_num(self.argon2_p.as_deref(), "KINLINK_ARGON2_P", 1, 1, 16)?,
        };
        if env == Environment::Production && !argon2.is_at_least_floor() {
            return Err(bad(
                "KINLINK_ARGON2_M_KIB",
                "production needs at least m=19456 KiB, t=2, p=1",
            ));
        }
        let minutes = |raw: Option<&str>, name: &str, default: u32, max: u32| {
            parse_num(raw, name, default, 1, max).map(|m| Duration::from_secs(u64::from(m) * 60))
        };
        let session_idle = minutes(
            self.session_idle_minutes.as_deref(),
            "KINLINK_SESSION_IDLE_MINUTES",
            15,
            24 * 60,
        )?;
        let staff_session_idle = minutes(
            self.staff_session_idle_minutes.as_deref(),
            "KINLINK_STAFF_SESSION_IDLE_MINUTES",
            10,
            24 * 60,
        )?;
        let session_absolute = Duration::from_secs(
            u64::from(parse_num(
                self.session_absolute_hours.as_deref(),
                "KINLINK_SESSION_ABSOLUTE_HOURS",
                8,
                1,
                24 * 30,
            )?) * 3600,
        );
        let duress_delay = Duration::from_secs(
            u64::from(parse_num(
                self.duress_delay_hours.as_deref(),
                "KINLINK_DURESS_DELAY_HOURS",
                72,
                1,
                24 * 365,
            )?) * 3600,
        );
        let smtp_url = match self.smtp_url.filter(|u| !u.trim().is_empty()) {
            Some(u) => {
                let parsed = url::Url::parse(u.trim()).map_err(|_| {
                    bad(
                        "KINLINK_SMTP_URL",
                        "expected smtp://host:port or smtps://host:port",
                    )
                })?;
                if !matches!(parsed.scheme(), "smtp" | "smtps") || parsed.host().is_none() {
                    return Err(bad(
                        "KINLINK_SMTP_URL",
                        "expected smtp://host:port or smtps://host:port",
                    ));
                }
                Some(Sensitive::new(u.trim().to_string()))
            }
            None => None,
        };
        let metrics_token = match self.metrics_token.filter(|t| !t.trim().is_empty()) {
            Some(t) if t.trim().chars().count() < 32 => {
                return Err(bad(
                    "KINLINK_METRICS_TOKEN",
                    "at least 32 characters (it is all that guards /metrics)",
                ));
            }
            Some(t) => Some(Sensitive::new(t.trim().to_string())),
            None => None,
        };
        let metrics_bind = match self.metrics_bind.as_deref().map(str::trim) {
            Some("") | None => None,
            Some(raw) => {
                let addr: SocketAddr = raw.parse().map_err(|_| {
                    bad(
                        "KINLINK_METRICS_BIND",
                        "expected host:port, for example 127.0.0.1:9464",
                    )
                })?;
                if addr.port() != 0 && addr == bind {
                    return Err(bad(
                        "KINLINK_METRICS_BIND",
                        "must not be the service's own address (KINLINK_BIND)",
                    ));
                }
                Some(addr)
            }
        };
        let mail_from = self
            .mail_from
            .unwrap_or_else(|| "Notifications <no-reply@localhost>".into());
        if mail_from.parse::<lettre::message::Mailbox>().is_err() {
            return Err(bad(
                "KINLINK_MAIL_FROM",
                "not a valid address such as Notifications <no-reply@example.org>",
            ));
        }
        let mail_max_delay = Duration::from_secs(u64::from(parse_num(
            self.mail_max_delay_secs.as_deref(),
            "KINLINK_MAIL_MAX_DELAY_SECS",
            if env == Environment::Production {
                900
            } else {
                5
            },
            0,
            24 * 3600,
        )?));
        let login_max_delay = Duration::from_secs(u64::from(parse_num(
            self.login_max_delay_secs.as_deref(),
            "KINLINK_LOGIN_MAX_DELAY_SECS",
            900,
            1,
            24 * 3600,
        )?));
        let signups_per_minute = parse_num(
            self.signups_per_minute.as_deref(),
            "KINLINK_SIGNUPS_PER_MINUTE",
            20,
            1,
            100_000,
        )?;
        let signups_per_source_per_hour = parse_num(
            self.signups_per_source_per_hour.as_deref(),
            "KINLINK_SIGNUPS_PER_SOURCE_PER_HOUR",
            5,
            1,
            100_000,
        )?;
        let signins_per_source_per_minute = parse_num(
            self.signins_per_source_per_minute.as_deref(),
            "KINLINK_SIGNINS_PER_SOURCE_PER_MINUTE",
            30,
            1,
            100_000,
        )?;
        let max_sought_persons = parse_num(
            self.max_sought_persons.as_deref(),
            "KINLINK_MAX_SOUGHT_PERSONS",
            10,
            1,
            100,
        )?;
        let name_edits_per_day = parse_num(
            self.name_edits_per_day.as_deref(),
            "KINLINK_NAME_EDITS_PER_DAY",
            3,
            1,
            100,
        )?;
        let consent = ConsentSettings {
            four_eyes: parse_bool(self.four_eyes.as_deref(), "KINLINK_FOUR_EYES", true)?,
            require_vetting: parse_bool(
                self.require_vetting.as_deref(),
                "KINLINK_REQUIRE_VETTING",
                true,
            )?,
            consent_days: parse_num(
                self.consent_days.as_deref(),
                "KINLINK_CONSENT_DAYS",
                60,
                1,
                3650,
            )?,
            decoy_updates_per_year: parse_num(
                self.decoy_updates_per_year.as_deref(),
                "KINLINK_DECOY_UPDATES_PER_YEAR",
                4,
                0,
                365,
            )?,
            alert_families: parse_num(
                self.alert_families.as_deref(),
                "KINLINK_ALERT_FAMILIES",
                5,
                2,
                1000,
            )?,
            caseworker_views_per_day: parse_num(
                self.caseworker_views_per_day.as_deref(),
                "KINLINK_CASEWORKER_VIEWS_PER_DAY",
                60,
                1,
                10_000,
            )?,
        };
        Ok(Settings {
            env,
            bind,
            data_dir,
            database_url,
            migration_database_url,
            keys_file,
            log_format,
            log_level,
            db_pool_size,
            sqlite_wal,
            public_origin,
            behind_tls,
            outbox_dir,
            workers,
            client_request_timeout: Duration::from_millis(u64::from(timeout_ms)),
            argon2,
            session_idle,
            staff_session_idle,
            session_absolute,
            duress_delay,
            smtp_url,
            metrics_token,
            metrics_bind,
            mail_from,
            mail_max_delay,
            login_max_delay,
            signups_per_minute,
            max_sought_persons,
            name_edits_per_day,
            jobs,
            matcher,
            trusted_proxies,
            onion_address,
            mail,
            signups_per_source_per_hour,
            signins_per_source_per_minute,
            consent,
        })
    }
}

fn parse_num(
    raw: Option<&str>,
    setting: &str,
    default: u32,
    min: u32,
    max: u32,
) -> Result<u32, ConfigError> {
    let Some(raw) = raw else { return Ok(default) };
    let n: u32 = raw
        .trim()
        .parse()
        .map_err(|_| bad(setting, format!("'{raw}' is not a whole number")))?;
    if !(min..=max).contains(&n) {
        return Err(bad(setting, format!("must be between {min} and {max}")));
    }
    Ok(n)
}

fn parse_bool(raw: Option<&str>, setting: &str, default: bool) -> Result<bool, ConfigError> {
    match raw.map(|r| r.trim().to_ascii_lowercase()).as_deref() {
        None => Ok(default),
        Some("true" | "1" | "yes" | "on") => Ok(true),
        Some("false" | "0" | "no" | "off") => Ok(false),
        Some(_) => Err(bad(setting, "expected true or false")),
    }
}

impl Settings {
    /// Production checks of a process that serves HTTP (`serve`): sessions, passphrases and
    /// codes never cross the network in the clear.
    pub fn check_serving(&self) -> Result<(), ConfigError> {
        if self.is_production() && !self.behind_tls && self.onion_address.is_none() {
            return Err(bad(
                "KINLINK_BEHIND_TLS",
                "production does not serve plain HTTP: put a TLS proxy in front and set \
                 KINLINK_BEHIND_TLS=true (and KINLINK_PUBLIC_ORIGIN=https://…), or serve as an \
                 onion service with KINLINK_ONION_ADDRESS",
            ));
        }
        Ok(())
    }

    /// Production checks of a process that sends email (`serve` with its jobs, `worker`):
    /// through SMTP only, since development files would hold addresses and codes in the clear.
    /// The matcher and the command-line tools send none and need neither check.
    pub fn check_sending_mail(&self) -> Result<(), ConfigError> {
        if self.is_production() && self.mail && self.smtp_url.is_none() {
            return Err(bad(
                "KINLINK_SMTP_URL",
                "production sends email through SMTP only (development files would hold \
                 addresses and codes in the clear): set KINLINK_SMTP_URL, or KINLINK_MAIL=off \
                 to send no email at all",
            ));
        }
        Ok(())
    }

    /// Layered load: defaults, then the file named by `config_path` (or `KINLINK_CONFIG`), then
    /// the environment.
    pub fn load(
        config_path: Option<&Path>,
        vars: &HashMap<String, String>,
    ) -> Result<Self, ConfigError> {
        let cwd = std::env::current_dir().map_err(|e| bad("working directory", e.to_string()))?;
        let file = config_path
            .map(Path::to_path_buf)
            .or_else(|| vars.get("KINLINK_CONFIG").map(PathBuf::from));
        let mut raw = match file {
            Some(path) => RawSettings::from_toml_file(&resolve(&cwd, &path))?,
            None => RawSettings::default(),
        };
        raw.overlay_env(vars)?;
        raw.validate(&cwd)
    }

    pub fn is_production(&self) -> bool {
        self.env == Environment::Production
    }

    /// Settings for tests and tools: defaults rooted in `dir`.
    pub fn for_dir(dir: &Path) -> Self {
        let raw = RawSettings {
            data_dir: Some(dir.display().to_string()),
            bind: Some("127.0.0.1:0".into()),
            ..RawSettings::default()
        };
        raw.validate(dir).expect("default settings are valid")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn load(pairs: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        let mut raw = RawSettings::default();
        raw.overlay_env(&vars(pairs))?;
        raw.validate(Path::new("/srv/kinlink"))
    }

    #[test]
    fn defaults_run_without_setup() {
        let s = load(&[]).unwrap();
        assert_eq!(s.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(s.data_dir, PathBuf::from("/srv/kinlink/data"));
        assert_eq!(
            s.database_url,
            DatabaseUrl::Sqlite("/srv/kinlink/data/kinlink.db".into())
        );
        assert_eq!(s.keys_file, PathBuf::from("/srv/kinlink/data/keys.toml"));
        assert_eq!(s.outbox_dir, PathBuf::from("/srv/kinlink/data/outbox"));
        assert_eq!(s.env, Environment::Development);
    }

    #[test]
    fn a_migration_role_only_goes_with_postgresql() {
        let err = load(&[("KINLINK_MIGRATION_DATABASE_URL", "postgres://owner@h/db")]).unwrap_err();
        assert_eq!(err.setting, "KINLINK_MIGRATION_DATABASE_URL");
        let s = load(&[
            ("KINLINK_DATABASE_URL", "postgres://app@h/db"),
            ("KINLINK_MIGRATION_DATABASE_URL", "postgres://owner@h/db"),
        ])
        .unwrap();
        assert!(matches!(
            s.migration_database_url,
            Some(DatabaseUrl::Postgres(_))
        ));
        assert!(
            load(&[("KINLINK_DATABASE_URL", "postgres://app@h/db")])
                .unwrap()
                .migration_database_url
                .is_none()
        );
    }

    #[test]
    fn a_metrics_address_is_an_address_of_its_own() {
        assert!(load(&[]).unwrap().metrics_bind.is_none());
        let s = load(&[("KINLINK_METRICS_BIND", "127.0.0.1:9464")]).unwrap();
        assert_eq!(s.metrics_bind, Some("127.0.0.1:9464".parse().unwrap()));
        for bad in ["localhost", "127.0.0.1:8080"] {
            let err = load(&[("KINLINK_METRICS_BIND", bad)]).unwrap_err();
            assert_eq!(err.setting, "KINLINK_METRICS_BIND", "{bad}");
        }
    }

    #[test]
    fn database_url_schemes() {
        let base = Path::new("/w");
        assert!(matches!(
            DatabaseUrl::parse("postgres://u@h/db", base),
            Ok(DatabaseUrl::Postgres(_))
        ));
        assert!(matches!(
            DatabaseUrl::parse("postgresql://u@h/db", base),
            Ok(DatabaseUrl::Postgres(_))
        ));
        assert_eq!(
            DatabaseUrl::parse("sqlite://x.db", base).unwrap(),
            DatabaseUrl::Sqlite("/w/x.db".into())
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite:///abs/x.db", base).unwrap(),
            DatabaseUrl::Sqlite("/abs/x.db".into())
        );
        assert_eq!(
            DatabaseUrl::parse("rel/x.db", base).unwrap(),
            DatabaseUrl::Sqlite("/w/rel/x.db".into())
        );
        let err = DatabaseUrl::parse("postgress://u@h/db", base).unwrap_err();
        assert!(err.contains("postgress://"), "{err}");
        assert!(DatabaseUrl::parse("mysql://h/db", base).is_err());
        assert!(DatabaseUrl::parse("", base).is_err());
    }

    #[test]
    fn bad_values_name_the_setting() {
        let e = load(&[("KINLINK_BIND", "nonsense")]).unwrap_err();
        assert_eq!(e.setting, "KINLINK_BIND");
        let e = load(&[("KINLINK_ENV", "staging")]).unwrap_err();
        assert_eq!(e.setting, "KINLINK_ENV");
        let e = load(&[("KINLINK_DATABASE_URL", "postgress://x")]).unwrap_err();
        assert_eq!(e.setting, "KINLINK_DATABASE_URL");
        let e = load(&[("KINLINK_LOG_FORMAT", "xml")]).unwrap_err();
        assert_eq!(e.setting, "KINLINK_LOG_FORMAT");
        let e = load(&[("KINLINK_DB_POOL_SIZE", "0")]).unwrap_err();
        assert_eq!(e.setting, "KINLINK_DB_POOL_SIZE");
        assert!(
            e.to_string()
                .starts_with("configuration: KINLINK_DB_POOL_SIZE")
        );
    }

    #[test]
    fn unknown_variables_are_refused_with_the_nearest_name() {
        let e = load(&[("KINLINK_SMPT_URL", "smtp://h:25")]).unwrap_err();
        assert_eq!(e.setting, "KINLINK_SMPT_URL");
        assert!(e.message.contains("did you mean KINLINK_SMTP_URL?"), "{e}");
        let e = load(&[("KINLINK_COLOUR", "blue")]).unwrap_err();
        assert_eq!(e.setting, "KINLINK_COLOUR");
        assert!(!e.message.contains("did you mean"), "{e}");
        // The test, benchmark and CI scripts' variables, the config path, other programs'.
        load(&[
            ("KINLINK_TEST_POSTGRES_URL", "postgres://x@h/db"),
            ("KINLINK_TEST_PG_DIR", "/tmp/x"),
            ("KINLINK_BIN", "/x/kinlink"),
            ("KINLINK_BENCH_PEOPLE", "1000"),
            ("KINLINK_ADVISORY_DB", "/x"),
            ("KINLINK_CONFIG", "/x.toml"),
            ("KINLINKER", "x"),
            ("PATH", "/bin"),
        ])
        .unwrap();
    }

    #[test]
    fn production_refuses_plain_http() {
        let prod = [("KINLINK_ENV", "production"), ("KINLINK_MAIL", "off")];
        let e = load(&prod).unwrap().check_serving().unwrap_err();
        assert_eq!(e.setting, "KINLINK_BEHIND_TLS");
        assert!(e.message.contains("KINLINK_ONION_ADDRESS"), "{e}");
        let mut tls = prod.to_vec();
        tls.push(("KINLINK_BEHIND_TLS", "true"));
        assert!(load(&tls).unwrap().check_serving().is_ok());
        let mut onion = prod.to_vec();
        onion.push(("KINLINK_ONION_ADDRESS", "exampleexampleexample.onion"));
        assert!(load(&onion).unwrap().check_serving().is_ok());
        // Development keeps serving plain HTTP on localhost.
        assert!(load(&[]).unwrap().check_serving().is_ok());
    }

    #[test]
    fn production_sends_mail_through_smtp_only() {
        let prod = [("KINLINK_ENV", "production")];
        let e = load(&prod).unwrap().check_sending_mail().unwrap_err();
        assert_eq!(e.setting, "KINLINK_SMTP_URL");
        let off = [("KINLINK_ENV", "production"), ("KINLINK_MAIL", "off")];
        assert!(load(&off).unwrap().check_sending_mail().is_ok());
        let smtp = [
            ("KINLINK_ENV", "production"),
            ("KINLINK_SMTP_URL", "smtps://u:p@mail.example.org:465"),
        ];
        assert!(load(&smtp).unwrap().check_sending_mail().is_ok());
        assert!(load(&[]).unwrap().check_sending_mail().is_ok());
    }

    #[test]
    fn secrets_come_from_files() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("url");
        std::fs::write(&f, "postgres://u:secret@h/db\n").unwrap();
        let s = load(&[("KINLINK_DATABASE_URL_FILE", f.to_str().unwrap())]).unwrap();
        assert!(matches!(s.database_url, DatabaseUrl::Postgres(_)));
        assert!(
            !format!("{s:?}").contains("secret"),
            "Debug must not show the password"
        );
        let e = load(&[
            ("KINLINK_DATABASE_URL_FILE", f.to_str().unwrap()),
            ("KINLINK_DATABASE_URL", "x.db"),
        ])
        .unwrap_err();
        assert_eq!(e.setting, "KINLINK_DATABASE_URL");
    }

    #[test]
    fn toml_file_then_env_overrides() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("kinlink.toml");
        std::fs::write(
            &f,
            "bind = \"127.0.0.1:9000\"\ndb_pool_size = 3\nsqlite_wal = false\n",
        )
        .unwrap();
        let mut raw = RawSettings::from_toml_file(&f).unwrap();
        raw.overlay_env(&vars(&[("KINLINK_BIND", "127.0.0.1:9001")]))
            .unwrap();
        let s = raw.validate(dir.path()).unwrap();
        assert_eq!(s.bind.port(), 9001);
        assert_eq!(s.db_pool_size, 3);
        assert!(!s.sqlite_wal);
        std::fs::write(&f, "colour = \"blue\"\n").unwrap();
        assert_eq!(
            RawSettings::from_toml_file(&f).unwrap_err().setting,
            "colour"
        );
    }
}
