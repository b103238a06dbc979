//! Embedded migrations, one folder per backend with identical names (checked by a test).

use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use super::DbConn;

pub const SQLITE: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
pub const POSTGRES: EmbeddedMigrations = embed_migrations!("migrations/postgres");

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Apply every pending migration; returns the names applied.
pub fn run_pending(conn: &mut DbConn) -> Result<Vec<String>, BoxError> {
    let applied = match conn {
        DbConn::Sqlite(c) => c.run_pending_migrations(SQLITE)?,
        DbConn::Postgres(c) => c.run_pending_migrations(POSTGRES)?,
    };
    Ok(applied.into_iter().map(|v| v.to_string()).collect())
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
