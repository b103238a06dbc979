//! Rows of `match_features`, `match_candidates` and `match_queue` as the matcher and the web tier
//! read and write them. Ids, kinds, bands and statuses are plain; everything else is sealed.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{match_candidates, match_features, match_messages, match_queue};
use crate::vault::{Column, Table};

pub const MATCH_FEATURES: Table = Table::new("match_features");
/// A record's features ([`super::features::Features::to_bytes`]), under its match data key.
pub const FEATURES: Column<Vec<u8>> = MATCH_FEATURES.column("features");

/// A proposed candidate no person has acted on yet: the matcher may re-score or retract it.
/// (Review and consent states are [`crate::consent::machine::State`]; their names are the
/// statuses stored here.)
pub const OPEN: &str = "candidate";
/// Taken back by the matcher (re-scored away, paused, a record deleted) before anyone acted on
/// it: may be proposed again.
pub const RETRACTED: &str = "retracted";
/// Ended by people (a caseworker rejected it, a family declined, withdrew, stayed silent or
/// closed it): never proposed again unless names change.
pub const CLOSED_BY_PEOPLE: &[&str] = &["rejected", "declined", "withdrawn", "expired", "closed"];
/// Held by people: the matcher neither re-scores nor duplicates it.
pub const IN_HANDS: &[&str] = &["in_review", "consent_requested", "disclosed"];

#[derive(Queryable, Selectable, Insertable, AsChangeset, Debug, Clone)]
#[diesel(table_name = match_features)]
pub struct FeatureRow {
    pub record_id: String,
    pub registration_id: String,
    pub active: bool,
    pub features_ct: Vec<u8>,
    /// [`super::features::BUILD`] of the features sealed here.
    pub built_with: i32,
}

pub fn put_features(conn: &mut DbConn, row: &FeatureRow) -> QueryResult<()> {
    diesel::delete(match_features::table.find(&row.record_id)).execute(conn)?;
    diesel::insert_into(match_features::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// Registrations with a record whose features an older build made (to be rebuilt), at most
/// `limit`.
pub fn outdated_registrations(conn: &mut DbConn, limit: i64) -> QueryResult<Vec<String>> {
    match_features::table
        // Older or newer (after a rollback) than this build; two ranges, so the index serves.
        .filter(
            match_features::built_with
                .lt(super::features::BUILD)
                .or(match_features::built_with.gt(super::features::BUILD)),
        )
        .select(match_features::registration_id)
        .distinct()
        .order(match_features::registration_id)
        .limit(limit)
        .load(conn)
}

pub fn features_of(conn: &mut DbConn, record_id: &str) -> QueryResult<Option<FeatureRow>> {
    match_features::table
        .find(record_id)
        .select(FeatureRow::as_select())
        .first(conn)
        .optional()
}

/// Active feature rows after `after` (by record id), for loading the index in batches.
pub fn active_features(conn: &mut DbConn, after: &str, limit: i64) -> QueryResult<Vec<FeatureRow>> {
    match_features::table
        .filter(match_features::active.eq(true))
        .filter(match_features::record_id.gt(after))
        .order(match_features::record_id)
        .limit(limit)
        .select(FeatureRow::as_select())
        .load(conn)
}

pub fn delete_features(conn: &mut DbConn, record_id: &str) -> QueryResult<usize> {
    diesel::delete(match_features::table.find(record_id)).execute(conn)
}

#[derive(Queryable, Selectable, Insertable, Debug, Clone, PartialEq)]
#[diesel(table_name = match_candidates)]
pub struct CandidateRow {
    pub id: String,
    pub kind: String,
    pub band: String,
    pub status: String,
    pub record_a: String,
    pub record_b: String,
    pub record_c: Option<String>,
    pub record_d: Option<String>,
    pub review_version: i64,
    pub review_ct: Vec<u8>,
    pub names_version: i64,
    pub names_ct: Vec<u8>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The registrations of record_a (side a) and record_b (side b).
    pub reg_a: String,
    pub reg_b: String,
}

impl CandidateRow {
    /// The record pairs it stands for (two for a reciprocal candidate).
    pub fn pairs(&self) -> Vec<(String, String)> {
        let mut v = vec![(self.record_a.clone(), self.record_b.clone())];
        if let (Some(c), Some(d)) = (&self.record_c, &self.record_d) {
            v.push((c.clone(), d.clone()));
        }
        v
    }
}

/// Candidates naming a record in any of their four places.
macro_rules! touching {
    ($record:expr) => {
        match_candidates::record_a
            .eq($record)
            .or(match_candidates::record_b.eq($record))
            .or(match_candidates::record_c.eq($record))
            .or(match_candidates::record_d.eq($record))
    };
}

/// Every candidate (any status) that names `record_id`.
pub fn candidates_of(conn: &mut DbConn, record_id: &str) -> QueryResult<Vec<CandidateRow>> {
    match_candidates::table
        .filter(touching!(record_id))
        .order(match_candidates::id)
        .select(CandidateRow::as_select())
        .load(conn)
}

pub fn insert_candidate(conn: &mut DbConn, row: &CandidateRow) -> QueryResult<()> {
    diesel::insert_into(match_candidates::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// Re-scored: a new band and sealed explanation for an open candidate.
pub fn update_candidate(
    conn: &mut DbConn,
    row: &CandidateRow,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        match_candidates::table
            .find(&row.id)
            .filter(match_candidates::status.eq(OPEN)),
    )
    .set((
        match_candidates::kind.eq(&row.kind),
        match_candidates::band.eq(&row.band),
        match_candidates::record_a.eq(&row.record_a),
        match_candidates::record_b.eq(&row.record_b),
        match_candidates::record_c.eq(&row.record_c),
        match_candidates::record_d.eq(&row.record_d),
        match_candidates::review_version.eq(row.review_version),
        match_candidates::review_ct.eq(&row.review_ct),
        match_candidates::names_version.eq(row.names_version),
        match_candidates::names_ct.eq(&row.names_ct),
        match_candidates::reg_a.eq(&row.reg_a),
        match_candidates::reg_b.eq(&row.reg_b),
        match_candidates::updated_at.eq(crate::db::coarse_date(at)),
    ))
    .execute(conn)
}

/// Move an open candidate to `status`; false if it was not open.
pub fn set_status(
    conn: &mut DbConn,
    id: &str,
    status: &str,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(
        match_candidates::table
            .find(id)
            .filter(match_candidates::status.eq(OPEN)),
    )
    .set((
        match_candidates::status.eq(status),
        match_candidates::version.eq(match_candidates::version + 1),
        match_candidates::updated_at.eq(crate::db::coarse_date(at)),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Retract every open candidate naming `record_id`; returns their ids.
pub fn retract_open_of(
    conn: &mut DbConn,
    record_id: &str,
    at: NaiveDateTime,
) -> QueryResult<Vec<String>> {
    let ids: Vec<String> = match_candidates::table
        .filter(touching!(record_id))
        .filter(match_candidates::status.eq(OPEN))
        .select(match_candidates::id)
        .load(conn)?;
    for id in &ids {
        set_status(conn, id, RETRACTED, at)?;
    }
    Ok(ids)
}

/// Forget every candidate naming a deleted record, with its messages (delete everything;
/// nothing of it stays). Returns the message ids, whose keys the caller shreds.
pub fn delete_candidates_of(conn: &mut DbConn, record_id: &str) -> QueryResult<Vec<String>> {
    let ids: Vec<String> = match_candidates::table
        .filter(touching!(record_id))
        .select(match_candidates::id)
        .load(conn)?;
    let messages: Vec<String> = match_messages::table
        .filter(match_messages::candidate_id.eq_any(&ids))
        .select(match_messages::id)
        .load(conn)?;
    diesel::delete(match_messages::table.filter(match_messages::candidate_id.eq_any(&ids)))
        .execute(conn)?;
    diesel::delete(match_candidates::table.filter(match_candidates::id.eq_any(&ids)))
        .execute(conn)?;
    Ok(messages)
}

/// Candidates held by people (in review, asked, disclosed) naming `record_id`.
pub fn in_hands_of(conn: &mut DbConn, record_id: &str) -> QueryResult<Vec<String>> {
    match_candidates::table
        .filter(touching!(record_id))
        .filter(match_candidates::status.eq_any(IN_HANDS))
        .select(match_candidates::id)
        .load(conn)
}

/// Open candidates in the order they were made (for tests and operators' counts).
pub fn count_by_status(conn: &mut DbConn) -> QueryResult<Vec<(String, i64)>> {
    match_candidates::table
        .group_by(match_candidates::status)
        .select((match_candidates::status, diesel::dsl::count_star()))
        .order(match_candidates::status)
        .load(conn)
}

/// One queued record: its id and the queue rows that asked for it (oldest first).
#[derive(Debug, Clone, PartialEq)]
pub struct Queued {
    pub record_id: String,
    pub rows: Vec<String>,
}

/// The record queued longest ago, with every row queued for it so far (the matcher handles
/// them as one: repeated edits coalesce).
pub fn next_queued(conn: &mut DbConn) -> QueryResult<Option<Queued>> {
    let first: Option<String> = match_queue::table
        .order((match_queue::enqueued_at, match_queue::id))
        .select(match_queue::record_id)
        .first(conn)
        .optional()?;
    let Some(record_id) = first else {
        return Ok(None);
    };
    let rows = match_queue::table
        .filter(match_queue::record_id.eq(&record_id))
        .select(match_queue::id)
        .load(conn)?;
    Ok(Some(Queued { record_id, rows }))
}

/// Remove exactly the queue rows a matcher handled (rows queued meanwhile stay).
pub fn dequeue(conn: &mut DbConn, rows: &[String]) -> QueryResult<usize> {
    diesel::delete(match_queue::table.filter(match_queue::id.eq_any(rows))).execute(conn)
}

pub fn queue_len(conn: &mut DbConn) -> QueryResult<i64> {
    match_queue::table.count().get_result(conn)
}

/// Every record with features (for a full rematch), in id order.
pub fn all_feature_ids(conn: &mut DbConn) -> QueryResult<Vec<String>> {
    match_features::table
        .order(match_features::record_id)
        .select(match_features::record_id)
        .load(conn)
}
