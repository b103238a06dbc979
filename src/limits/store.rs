//! Rows of `limits`: one per throttle key, locked while a decision is made.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::limits;

#[derive(Queryable, Selectable, Insertable, Debug, Clone, PartialEq, Eq)]
#[diesel(table_name = limits)]
pub struct LimitRow {
    pub key: Vec<u8>,
    pub count: i64,
    pub until_us: i64,
    pub expires_at: NaiveDateTime,
}

/// The row for `key`, locked for the rest of the transaction (PostgreSQL `FOR UPDATE`; SQLite
/// write transactions already hold the database's write lock). A key never seen gets a fresh
/// row first, so two instances racing on a new key serialise on it too.
pub fn lock(conn: &mut DbConn, key: &[u8], fresh_expiry: NaiveDateTime) -> QueryResult<LimitRow> {
    let fresh = LimitRow {
        key: key.to_vec(),
        count: 0,
        until_us: 0,
        expires_at: fresh_expiry,
    };
    match conn {
        DbConn::Sqlite(c) => {
            diesel::insert_or_ignore_into(limits::table)
                .values(&fresh)
                .execute(c)?;
            limits::table
                .find(key)
                .select(LimitRow::as_select())
                .first(c)
        }
        DbConn::Postgres(c) => {
            diesel::insert_into(limits::table)
                .values(&fresh)
                .on_conflict_do_nothing()
                .execute(c)?;
            limits::table
                .find(key)
                .select(LimitRow::as_select())
                .for_update()
                .first(c)
        }
    }
}

/// Read a key without locking (for checks that decide nothing by themselves).
pub fn find(conn: &mut DbConn, key: &[u8]) -> QueryResult<Option<LimitRow>> {
    limits::table
        .find(key)
        .select(LimitRow::as_select())
        .first(conn)
        .optional()
}

pub fn save(conn: &mut DbConn, row: &LimitRow) -> QueryResult<usize> {
    diesel::update(limits::table.find(&row.key))
        .set((
            limits::count.eq(row.count),
            limits::until_us.eq(row.until_us),
            limits::expires_at.eq(row.expires_at),
        ))
        .execute(conn)
}

pub fn delete(conn: &mut DbConn, key: &[u8]) -> QueryResult<usize> {
    diesel::delete(limits::table.find(key)).execute(conn)
}

/// Rows that no longer change any decision.
pub fn purge(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(limits::table.filter(limits::expires_at.lt(now))).execute(conn)
}
