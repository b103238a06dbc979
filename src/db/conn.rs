//! Connections, the pool, and how work reaches them: always off the async workers (on tokio's
//! blocking pool), never holding a connection across an `.await`.

use std::sync::Arc;
use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::pg::PgConnection;
use diesel::r2d2::{self, ManageConnection, Pool, R2D2Connection};
use diesel::sqlite::SqliteConnection;
use diesel::{Connection, QueryResult};
use tokio::sync::Semaphore;

use crate::config::DatabaseUrl;
use crate::error::{AppError, AppResult};

#[derive(diesel::MultiConnection)]
pub enum DbConn {
    Sqlite(SqliteConnection),
    Postgres(PgConnection),
}

/// Runs `$body` with `$c` bound to the backend's own connection, so the query in it is
/// compiled once per backend. For the reads every request makes (the session, the dashboard,
/// a card): diesel's `MultiConnection` writes a query's SQL out twice on every execution (to
/// ask whether it may be cached and to collect its binds) even when the prepared statement is
/// already cached by type, which was about 15 % of an authenticated page's server CPU.
#[macro_export]
macro_rules! per_backend {
    ($conn:expr, $c:ident => $body:expr) => {
        match $conn {
            $crate::db::DbConn::Sqlite($c) => $body,
            $crate::db::DbConn::Postgres($c) => $body,
        }
    };
}

impl DbConn {
    pub fn is_sqlite(&self) -> bool {
        matches!(self, DbConn::Sqlite(_))
    }

    /// Open one connection to the database the URL names (no trial of other backends).
    pub fn open(url: &DatabaseUrl, sqlite_wal: bool) -> Result<Self, diesel::ConnectionError> {
        match url {
            DatabaseUrl::Sqlite(path) => {
                let path = path.to_str().ok_or_else(|| {
                    diesel::ConnectionError::InvalidConnectionUrl(
                        "the SQLite path is not UTF-8".into(),
                    )
                })?;
                let mut c = SqliteConnection::establish(path)?;
                let journal = if sqlite_wal { "WAL" } else { "DELETE" };
                c.batch_execute(&format!(
                    "PRAGMA busy_timeout = 10000; PRAGMA journal_mode = {journal}; \
                     PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"
                ))
                .map_err(diesel::ConnectionError::CouldntSetupConfiguration)?;
                Ok(DbConn::Sqlite(c))
            }
            DatabaseUrl::Postgres(url) => PgConnection::establish(url).map(DbConn::Postgres),
        }
    }
}

/// Run `f` in a write transaction. On SQLite it starts with `BEGIN IMMEDIATE`, so the write lock
/// is taken up front and concurrent writers wait on `busy_timeout` instead of failing midway.
pub fn write_tx<T, E>(
    conn: &mut DbConn,
    f: impl FnOnce(&mut DbConn) -> Result<T, E>,
) -> Result<T, E>
where
    E: From<diesel::result::Error>,
{
    if !conn.is_sqlite() {
        return conn.transaction(f);
    }
    with_sqlite(conn, |c| {
        AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")
    })?;
    match f(conn) {
        Ok(v) => {
            with_sqlite(conn, AnsiTransactionManager::commit_transaction)?;
            Ok(v)
        }
        Err(e) => {
            // The original error matters more than a failed rollback, which SQLite reports
            // only when the connection is already broken (and r2d2 then discards it).
            let _ = with_sqlite(conn, AnsiTransactionManager::rollback_transaction);
            Err(e)
        }
    }
}

fn with_sqlite<T>(
    conn: &mut DbConn,
    f: impl FnOnce(&mut SqliteConnection) -> QueryResult<T>,
) -> QueryResult<T> {
    match conn {
        DbConn::Sqlite(c) => f(c),
        DbConn::Postgres(_) => unreachable!("with_sqlite is only called on SQLite connections"),
    }
}

/// r2d2 manager that opens the backend named by the URL.
pub struct Manager {
    url: DatabaseUrl,
    sqlite_wal: bool,
}

impl ManageConnection for Manager {
    type Connection = DbConn;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConn, r2d2::Error> {
        DbConn::open(&self.url, self.sqlite_wal).map_err(r2d2::Error::ConnectionError)
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), r2d2::Error> {
        conn.ping().map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut DbConn) -> bool {
        std::thread::panicking() || conn.is_broken()
    }
}

/// Mark a connection that stopped answering as broken, so that the pool drops it when it comes
/// back instead of lending it out again (diesel counts a transaction manager in error as broken).
fn mark_broken(conn: &mut DbConn) {
    <DbConn as Connection>::TransactionManager::transaction_manager_status_mut(conn).set_in_error();
}

/// Whether an error is the database saying its disk is full (SQLite's SQLITE_FULL; PostgreSQL's
/// class 53, "insufficient resources").
fn disk_full(e: &anyhow::Error) -> bool {
    match e.downcast_ref::<diesel::result::Error>() {
        Some(diesel::result::Error::DatabaseError(_, info)) => {
            let m = info.message();
            m.contains("database or disk is full")
                || m.contains("No space left on device")
                || m.contains("could not extend file")
        }
        _ => false,
    }
}

/// The pool plus a semaphore, so a burst of requests queues in async land instead of tying up
/// blocking threads waiting for a connection.
#[derive(Clone)]
pub struct Db {
    pool: Pool<Manager>,
    permits: Arc<Semaphore>,
    backend: &'static str,
}

impl Db {
    pub fn connect(url: &DatabaseUrl, sqlite_wal: bool, size: u32) -> anyhow::Result<Self> {
        let pool = Pool::builder()
            .max_size(size)
            // A request holds a permit before it asks (see `run`), so a connection is there
            // at once unless the database is unreachable: then answer 503 soon, not after a
            // long hang.
            .connection_timeout(Duration::from_secs(4))
            // No `SELECT 1` before every use: on PostgreSQL that was one more round trip per
            // request's every database call (about 8 % of an authenticated page's CPU). A
            // connection that died under the pool (a restart, a failover) fails the one request
            // that meets it with a 503, is found broken by `run` and dropped (tests/api/faults.rs).
            .test_on_check_out(false)
            .build(Manager {
                url: url.clone(),
                sqlite_wal,
            })?;
        Ok(Db {
            pool,
            permits: Arc::new(Semaphore::new(size as usize)),
            backend: url.backend_name(),
        })
    }

    pub fn backend(&self) -> &'static str {
        self.backend
    }

    /// A connection for synchronous callers (command line tools, start-up).
    pub fn get(&self) -> anyhow::Result<r2d2::PooledConnection<Manager>> {
        Ok(self.pool.get()?)
    }

    /// Run blocking diesel work on the blocking pool.
    pub async fn run<T, F>(&self, f: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| AppError::Unavailable)?;
        let pool = self.pool.clone();
        tokio::task::spawn_blocking(move || {
            // A database that does not answer (restarting, unreachable) is a 503, not a 500.
            let mut conn = pool.get().map_err(|e| {
                tracing::warn!(error = %e, "no database connection");
                AppError::Unavailable
            })?;
            match f(&mut conn) {
                // The database went away under the request (a restart, a failover): the
                // connection no longer answers, so this is an outage, not a bug. The pool drops
                // the broken connection and reconnects once the database is back.
                Err(AppError::Internal(e)) if conn.ping().is_err() => {
                    mark_broken(&mut conn);
                    tracing::warn!(error = %e, "the database connection broke");
                    Err(AppError::Unavailable)
                }
                // Out of disk space: the transaction was rolled back whole; refuse writes
                // clearly until there is room again.
                Err(AppError::Internal(e)) if disk_full(&e) => {
                    tracing::error!("the database's disk is full: writes are refused");
                    Err(AppError::Unavailable)
                }
                other => other,
            }
        })
        .await
        .map_err(|e| AppError::internal(anyhow::anyhow!("blocking task failed: {e}")))?
    }

    /// Run blocking diesel work inside a write transaction (see [`write_tx`]).
    pub async fn write<T, F>(&self, f: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        self.run(move |conn| write_tx(conn, f)).await
    }
}

#[cfg(test)]
mod tests {
    use diesel::RunQueryDsl;
    use diesel::sql_types::BigInt;

    use super::*;

    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }

    /// Without SQLite's query planner stability guarantee every statement with a bound LIMIT
    /// (each `.first()`) is parsed and planned again on every run. `.cargo/config.toml` asks
    /// libsqlite3-sys for it; a build made without that file would lose it silently.
    #[test]
    fn sqlite_is_built_with_the_query_planner_stability_guarantee() {
        let dir = tempfile::tempdir().unwrap();
        let url = DatabaseUrl::Sqlite(dir.path().join("qpsg.db"));
        let mut conn = DbConn::open(&url, true).unwrap();
        let found: Count = diesel::sql_query(
            "SELECT count(*) AS n FROM pragma_compile_options WHERE compile_options = 'ENABLE_QPSG'",
        )
        .get_result(&mut conn)
        .unwrap();
        assert_eq!(found.n, 1, "SQLite was built without SQLITE_ENABLE_QPSG");
    }

    /// With no test on check-out, a connection found dead must not go back into the pool.
    #[test]
    fn a_connection_marked_broken_is_not_lent_out_again() {
        let dir = tempfile::tempdir().unwrap();
        let url = DatabaseUrl::Sqlite(dir.path().join("broken.db"));
        let manager = Manager {
            url: url.clone(),
            sqlite_wal: true,
        };
        let mut conn = manager.connect().unwrap();
        assert!(!manager.has_broken(&mut conn));
        mark_broken(&mut conn);
        assert!(manager.has_broken(&mut conn));
    }
}
