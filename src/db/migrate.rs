//! Embedded migrations, one folder per backend with identical names (checked by a test).

use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use super::DbConn;

pub const SQLITE: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
pub const POSTGRES: EmbeddedMigrations = embed_migrations!("migrations/postgres");

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Apply every pending migration; returns the names applied. On PostgreSQL a session advisory
/// lock makes instances starting together migrate one after the other.
pub fn run_pending(conn: &mut DbConn) -> Result<Vec<String>, BoxError> {
    match conn {
        DbConn::Sqlite(c) => Ok(names(c.run_pending_migrations(SQLITE)?)),
        DbConn::Postgres(c) => {
            use diesel::RunQueryDsl;
            diesel::sql_query("SELECT pg_advisory_lock(7171002)").execute(c)?;
            let result = c.run_pending_migrations(POSTGRES).map(names);
            diesel::sql_query("SELECT pg_advisory_unlock(7171002)").execute(c)?;
            result
        }
    }
}

fn names(versions: Vec<diesel::migration::MigrationVersion<'_>>) -> Vec<String> {
    versions.into_iter().map(|v| v.to_string()).collect()
}

/// Revert every applied migration (used by tests and by operators rebuilding a database).
pub fn revert_all(conn: &mut DbConn) -> Result<Vec<String>, BoxError> {
    let reverted = match conn {
        DbConn::Sqlite(c) => c.revert_all_migrations(SQLITE)?,
        DbConn::Postgres(c) => c.revert_all_migrations(POSTGRES)?,
    };
    Ok(reverted.into_iter().map(|v| v.to_string()).collect())
}

/// Names of applied migrations, oldest first.
pub fn applied(conn: &mut DbConn) -> Result<Vec<String>, BoxError> {
    let mut names = match conn {
        DbConn::Sqlite(c) => c.applied_migrations()?,
        DbConn::Postgres(c) => c.applied_migrations()?,
    }
    .into_iter()
    .map(|v| v.to_string())
    .collect::<Vec<_>>();
    names.sort();
    Ok(names)
}
