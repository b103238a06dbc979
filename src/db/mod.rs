//! Database access: one `MultiConnection` over SQLite and PostgreSQL, an r2d2 pool with a
//! semaphore in front, embedded migrations, and the one place that branches per backend.

pub mod conn;
pub mod migrate;
pub mod record_key;
pub mod schema;

pub use conn::{Db, DbConn, write_tx};
