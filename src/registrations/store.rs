//! Queries of the registration tables, always scoped by the owning registration.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{match_queue, name_edits, registrations, sought_persons};

#[derive(Queryable, Selectable, Insertable, Debug, Clone)]
#[diesel(table_name = registrations)]
pub struct RegistrationRow {
    pub id: String,
    pub owner_account_id: Option<String>,
    pub owner_org_id: Option<String>,
    pub created_by: Option<String>,
    pub claim_digest: Option<Vec<u8>>,
    pub profile_ct: Option<Vec<u8>>,
    pub contact_card_ct: Option<Vec<u8>>,
    pub preconsent_ct: Option<Vec<u8>>,
    pub facts_ct: Option<Vec<u8>>,
    pub settings_ct: Option<Vec<u8>>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, row: &RegistrationRow) -> QueryResult<()> {
    diesel::insert_into(registrations::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find_by_owner(conn: &mut DbConn, account_id: &str) -> QueryResult<Option<RegistrationRow>> {
    registrations::table
        .filter(registrations::owner_account_id.eq(account_id))
        .select(RegistrationRow::as_select())
        .first(conn)
        .optional()
}

/// An assisted registration, visible only to its organization.
pub fn find_for_org(
    conn: &mut DbConn,
    id: &str,
    org_id: &str,
) -> QueryResult<Option<RegistrationRow>> {
    registrations::table
        .find(id)
        .filter(registrations::owner_org_id.eq(org_id))
        .select(RegistrationRow::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_claim(conn: &mut DbConn, digest: &[u8]) -> QueryResult<Option<RegistrationRow>> {
    registrations::table
        .filter(registrations::claim_digest.eq(digest))
        .select(RegistrationRow::as_select())
        .first(conn)
        .optional()
}

/// The sealed columns of a registration, by name (a closed list, never user input).
pub fn set_blob(
    conn: &mut DbConn,
    id: &str,
    column: &str,
    blob: &[u8],
    at: NaiveDateTime,
) -> QueryResult<usize> {
    let target = registrations::table.find(id);
    let at_col = registrations::updated_at.eq(at);
    match column {
        "profile" => diesel::update(target)
            .set((registrations::profile_ct.eq(blob), at_col))
            .execute(conn),
        "contact_card" => diesel::update(target)
            .set((registrations::contact_card_ct.eq(blob), at_col))
            .execute(conn),
        "preconsent" => diesel::update(target)
            .set((registrations::preconsent_ct.eq(blob), at_col))
            .execute(conn),
        "facts" => diesel::update(target)
            .set((registrations::facts_ct.eq(blob), at_col))
            .execute(conn),
        "settings" => diesel::update(target)
            .set((registrations::settings_ct.eq(blob), at_col))
            .execute(conn),
        other => unreachable!("unknown registration column {other}"),
    }
}

pub fn blob<'a>(row: &'a RegistrationRow, column: &str) -> Option<&'a Vec<u8>> {
    match column {
        "profile" => row.profile_ct.as_ref(),
        "contact_card" => row.contact_card_ct.as_ref(),
        "preconsent" => row.preconsent_ct.as_ref(),
        "facts" => row.facts_ct.as_ref(),
        "settings" => row.settings_ct.as_ref(),
        _ => None,
    }
}

/// Hand an assisted registration to the account that claimed it.
pub fn claim(
    conn: &mut DbConn,
    id: &str,
    account_id: &str,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(
        registrations::table
            .find(id)
            .filter(registrations::claim_digest.is_not_null()),
    )
    .set((
        registrations::owner_account_id.eq(Some(account_id)),
        registrations::owner_org_id.eq(None::<String>),
        registrations::claim_digest.eq(None::<Vec<u8>>),
        registrations::updated_at.eq(at),
    ))
    .execute(conn)
}

pub fn delete(conn: &mut DbConn, id: &str) -> QueryResult<usize> {
    diesel::delete(registrations::table.find(id)).execute(conn)
}

#[derive(Queryable, Selectable, Insertable, Debug, Clone)]
#[diesel(table_name = sought_persons)]
pub struct SoughtRow {
    pub id: String,
    pub registration_id: String,
    pub paused: bool,
    pub data_ct: Vec<u8>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn insert_sought(conn: &mut DbConn, row: &SoughtRow) -> QueryResult<()> {
    diesel::insert_into(sought_persons::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn sought_of(conn: &mut DbConn, registration_id: &str) -> QueryResult<Vec<SoughtRow>> {
    sought_persons::table
        .filter(sought_persons::registration_id.eq(registration_id))
        .order(sought_persons::created_at.asc())
        .select(SoughtRow::as_select())
        .load(conn)
}

pub fn count_sought(conn: &mut DbConn, registration_id: &str) -> QueryResult<i64> {
    sought_persons::table
        .filter(sought_persons::registration_id.eq(registration_id))
        .count()
        .get_result(conn)
}

/// One sought person, only if it belongs to the registration: a foreign id is "not found".
pub fn find_sought(
    conn: &mut DbConn,
    registration_id: &str,
    id: &str,
) -> QueryResult<Option<SoughtRow>> {
    sought_persons::table
        .find(id)
        .filter(sought_persons::registration_id.eq(registration_id))
        .select(SoughtRow::as_select())
        .first(conn)
        .optional()
}

pub fn update_sought(
    conn: &mut DbConn,
    id: &str,
    data_ct: &[u8],
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(sought_persons::table.find(id))
        .set((
            sought_persons::data_ct.eq(data_ct),
            sought_persons::updated_at.eq(at),
        ))
        .execute(conn)
}

pub fn set_paused(
    conn: &mut DbConn,
    id: &str,
    paused: bool,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(sought_persons::table.find(id))
        .set((
            sought_persons::paused.eq(paused),
            sought_persons::updated_at.eq(at),
        ))
        .execute(conn)
}

pub fn delete_sought(conn: &mut DbConn, id: &str) -> QueryResult<usize> {
    diesel::delete(name_edits::table.filter(name_edits::sought_id.eq(id))).execute(conn)?;
    diesel::delete(sought_persons::table.find(id)).execute(conn)
}

pub fn name_edits_since(
    conn: &mut DbConn,
    sought_id: &str,
    since: NaiveDateTime,
) -> QueryResult<i64> {
    name_edits::table
        .filter(name_edits::sought_id.eq(sought_id))
        .filter(name_edits::edited_at.gt(since))
        .count()
        .get_result(conn)
}

pub fn record_name_edit(conn: &mut DbConn, sought_id: &str, at: NaiveDateTime) -> QueryResult<()> {
    diesel::insert_into(name_edits::table)
        .values((
            name_edits::sought_id.eq(sought_id),
            name_edits::edited_at.eq(at),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn enqueue_match(
    conn: &mut DbConn,
    record_type: &str,
    record_id: &str,
    reason: &str,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(match_queue::table)
        .values((
            match_queue::id.eq(uuid::Uuid::new_v4().to_string()),
            match_queue::record_type.eq(record_type),
            match_queue::record_id.eq(record_id),
            match_queue::reason.eq(reason),
            match_queue::enqueued_at.eq(at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Forget queued work for a record that no longer exists (delete-everything leaves no trace).
pub fn purge_queue(conn: &mut DbConn, record_id: &str) -> QueryResult<usize> {
    diesel::delete(match_queue::table.filter(match_queue::record_id.eq(record_id))).execute(conn)
}
