//! Rows of `record_keys`: one wrapped data key per record (and key generation).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConn;
use super::schema::record_keys;

#[derive(Queryable, Selectable, Insertable, Debug, Clone)]
#[diesel(table_name = record_keys)]
pub struct RecordKeyRow {
    pub record_id: String,
    pub key_id: i64,
    pub kek_version: i64,
    pub wrapped: Vec<u8>,
    pub created_at: NaiveDateTime,
}

/// `key_id` of a record's match data key (its sealed matching features): wrapped to the
/// matcher's public key, not a KEK, so KEK rotation and "the latest key" leave it alone.
pub const MATCH_KEY: i64 = 0;
/// Data key generations start here.
pub const FIRST_DATA_KEY: i64 = 1;

pub fn insert(conn: &mut DbConn, row: &RecordKeyRow) -> QueryResult<()> {
    diesel::insert_into(record_keys::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// The newest key generation of a record.
pub fn find_latest(conn: &mut DbConn, record_id: &str) -> QueryResult<Option<RecordKeyRow>> {
    record_keys::table
        .filter(record_keys::record_id.eq(record_id))
        .filter(record_keys::key_id.ge(FIRST_DATA_KEY))
        .order(record_keys::key_id.desc())
        .select(RecordKeyRow::as_select())
        .first(conn)
        .optional()
}

pub fn delete_for_record(conn: &mut DbConn, record_id: &str) -> QueryResult<usize> {
    diesel::delete(record_keys::table.filter(record_keys::record_id.eq(record_id))).execute(conn)
}

/// How many data keys each KEK version wraps.
pub fn count_by_kek_version(conn: &mut DbConn) -> QueryResult<Vec<(i64, i64)>> {
    record_keys::table
        .filter(record_keys::key_id.ge(FIRST_DATA_KEY))
        .group_by(record_keys::kek_version)
        .select((record_keys::kek_version, diesel::dsl::count_star()))
        .order(record_keys::kek_version)
        .load(conn)
}

pub fn count_not_on(conn: &mut DbConn, kek_version: i64) -> QueryResult<i64> {
    record_keys::table
        .filter(record_keys::key_id.ge(FIRST_DATA_KEY))
        .filter(record_keys::kek_version.ne(kek_version))
        .count()
        .get_result(conn)
}

pub fn count_on(conn: &mut DbConn, kek_version: i64) -> QueryResult<i64> {
    record_keys::table
        .filter(record_keys::key_id.ge(FIRST_DATA_KEY))
        .filter(record_keys::kek_version.eq(kek_version))
        .count()
        .get_result(conn)
}

/// A batch of keys not yet wrapped by `kek_version`.
pub fn find_not_on(
    conn: &mut DbConn,
    kek_version: i64,
    limit: i64,
) -> QueryResult<Vec<RecordKeyRow>> {
    record_keys::table
        .filter(record_keys::key_id.ge(FIRST_DATA_KEY))
        .filter(record_keys::kek_version.ne(kek_version))
        .order((record_keys::record_id, record_keys::key_id))
        .limit(limit)
        .select(RecordKeyRow::as_select())
        .load(conn)
}

/// Replace a wrapped key, but only if nobody changed or deleted it since it was read.
pub fn update_wrapping(
    conn: &mut DbConn,
    old: &RecordKeyRow,
    kek_version: i64,
    wrapped: &[u8],
) -> QueryResult<usize> {
    diesel::update(
        record_keys::table
            .filter(record_keys::record_id.eq(&old.record_id))
            .filter(record_keys::key_id.eq(old.key_id))
            .filter(record_keys::kek_version.eq(old.kek_version)),
    )
    .set((
        record_keys::kek_version.eq(kek_version),
        record_keys::wrapped.eq(wrapped),
    ))
    .execute(conn)
}

/// A record's match data key row.
pub fn find_match(conn: &mut DbConn, record_id: &str) -> QueryResult<Option<RecordKeyRow>> {
    record_keys::table
        .filter(record_keys::record_id.eq(record_id))
        .filter(record_keys::key_id.eq(MATCH_KEY))
        .select(RecordKeyRow::as_select())
        .first(conn)
        .optional()
}

/// Replace a record's match data key (a new one each time the features are rebuilt).
pub fn replace_match(conn: &mut DbConn, row: &RecordKeyRow) -> QueryResult<()> {
    diesel::delete(
        record_keys::table
            .filter(record_keys::record_id.eq(&row.record_id))
            .filter(record_keys::key_id.eq(MATCH_KEY)),
    )
    .execute(conn)?;
    insert(conn, row)
}

/// A batch of match data keys not yet wrapped to matcher key `version`.
pub fn find_match_not_on(
    conn: &mut DbConn,
    version: i64,
    limit: i64,
) -> QueryResult<Vec<RecordKeyRow>> {
    record_keys::table
        .filter(record_keys::key_id.eq(MATCH_KEY))
        .filter(record_keys::kek_version.ne(version))
        .order(record_keys::record_id)
        .limit(limit)
        .select(RecordKeyRow::as_select())
        .load(conn)
}
