//! Exactly one matcher at a time. On PostgreSQL a session advisory lock held on a connection of
//! its own: when the holder dies its connection closes and the lock is free for whoever asks
//! next. On SQLite (one machine) an exclusive lock on a file next to the database: a second
//! matcher refuses to start.

use std::fs::{File, OpenOptions};
use std::path::PathBuf;

use anyhow::Context as _;
use diesel::RunQueryDsl;
use diesel::sql_types::{BigInt, Bool};

use crate::config::DatabaseUrl;
use crate::db::DbConn;

/// The advisory lock's key ("kinlink matcher" in ASCII, cut to 64 bits).
const ADVISORY_KEY: i64 = 0x6b69_6e6c_6d61_7463;

pub enum MatcherLock {
    Postgres(Box<DbConn>),
    Sqlite { _file: File, path: PathBuf },
}

#[derive(diesel::QueryableByName)]
struct Got {
    #[diesel(sql_type = Bool)]
    locked: bool,
}

impl MatcherLock {
    /// Take the lock if nobody holds it. `Ok(None)`: another matcher does.
    pub fn try_acquire(url: &DatabaseUrl) -> anyhow::Result<Option<MatcherLock>> {
        match url {
            DatabaseUrl::Postgres(_) => {
                let mut conn = DbConn::open(url, false).context("matcher lock: connecting")?;
                let got: Got = diesel::sql_query("SELECT pg_try_advisory_lock($1) AS locked")
                    .bind::<BigInt, _>(ADVISORY_KEY)
                    .get_result(&mut conn)
                    .context("matcher lock")?;
                Ok(got.locked.then(|| MatcherLock::Postgres(Box::new(conn))))
            }
            DatabaseUrl::Sqlite(db) => {
                let mut path = db.clone().into_os_string();
                path.push(".matcher.lock");
                let path = PathBuf::from(path);
                let file = OpenOptions::new()
                    .create(true)
                    .truncate(false)
                    .write(true)
                    .open(&path)
                    .with_context(|| format!("cannot open {}", path.display()))?;
                match file.try_lock() {
                    Ok(()) => Ok(Some(MatcherLock::Sqlite { _file: file, path })),
                    Err(std::fs::TryLockError::WouldBlock) => Ok(None),
                    Err(std::fs::TryLockError::Error(e)) => {
                        Err(e).with_context(|| format!("cannot lock {}", path.display()))
                    }
                }
            }
        }
    }

    /// Whether the lock is still ours (a PostgreSQL connection can drop, taking the lock).
    pub fn still_held(&mut self) -> bool {
        match self {
            MatcherLock::Postgres(conn) => {
                diesel::sql_query("SELECT 1").execute(&mut **conn).is_ok()
            }
            MatcherLock::Sqlite { .. } => true,
        }
    }

    pub fn describe(&self) -> String {
        match self {
            MatcherLock::Postgres(_) => "PostgreSQL advisory lock".into(),
            MatcherLock::Sqlite { path, .. } => format!("lock file {}", path.display()),
        }
    }
}
