//! Database access: one `MultiConnection` over SQLite and PostgreSQL, an r2d2 pool with a
//! semaphore in front, embedded migrations, and the one place that branches per backend.

pub mod conn;
pub mod migrate;
pub mod record_key;
pub mod schema;

pub use conn::{Db, DbConn, write_tx};

/// A timestamp cut to its day. Where a date serves, a stolen database learns no more than that.
pub fn coarse_date(t: chrono::NaiveDateTime) -> chrono::NaiveDateTime {
    t.date().and_hms_opt(0, 0, 0).unwrap_or(t)
}
