//! Queries of the registration tables, always scoped by the owning registration.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::record_key::{FIRST_DATA_KEY, RecordKeyRow};
use crate::db::schema::{
    accounts, match_queue, name_changes, record_keys, registrations, sought_persons,
};
use crate::domain::{
    ContactCard, Person, PreconsentCard, PrivacySettings, SoughtPerson, VerificationFacts,
};
use crate::vault::{Column, Table};

/// A registration's cards, each sealed under the registration's own data key.
pub const REGISTRATIONS: Table = Table::new("registrations");
pub const PROFILE: Column<Person> = REGISTRATIONS.column("profile");
pub const CONTACT_CARD: Column<ContactCard> = REGISTRATIONS.column("contact_card");
pub const PRECONSENT: Column<PreconsentCard> = REGISTRATIONS.column("preconsent");
pub const FACTS: Column<VerificationFacts> = REGISTRATIONS.column("facts");
pub const SETTINGS: Column<PrivacySettings> = REGISTRATIONS.column("settings");

/// Each person sought, sealed under a data key of its own (deleting one shreds it).
pub const SOUGHT_PERSONS: Table = Table::new("sought_persons");
pub const PERSON: Column<SoughtPerson> = SOUGHT_PERSONS.column("person");

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

/// Insert an account's registration unless it already has one (another request may be creating
/// it at the same moment): true when this row went in.
pub fn insert_for_owner(conn: &mut DbConn, row: &RegistrationRow) -> QueryResult<bool> {
    let n = match conn {
        DbConn::Sqlite(c) => diesel::insert_or_ignore_into(registrations::table)
            .values(row)
            .execute(c)?,
        DbConn::Postgres(c) => diesel::insert_into(registrations::table)
            .values(row)
            .on_conflict_do_nothing()
            .execute(c)?,
    };
    Ok(n == 1)
}

/// Hold a registration's row for the rest of the transaction, so its caps and cool-downs are
/// checked and changed by one request at a time (PostgreSQL `FOR UPDATE`; SQLite write
/// transactions are already serialised).
pub fn lock(conn: &mut DbConn, id: &str) -> QueryResult<()> {
    if let DbConn::Postgres(c) = conn {
        registrations::table
            .find(id)
            .select(registrations::id)
            .for_update()
            .first::<String>(c)?;
    }
    Ok(())
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<RegistrationRow>> {
    registrations::table
        .find(id)
        .select(RegistrationRow::as_select())
        .first(conn)
        .optional()
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

/// An organization's unclaimed assisted registrations that have not expired, oldest first.
pub fn of_org(conn: &mut DbConn, org_id: &str) -> QueryResult<Vec<RegistrationRow>> {
    registrations::table
        .filter(registrations::owner_org_id.eq(org_id))
        .filter(registrations::owner_account_id.is_null())
        .filter(registrations::expired_at.is_null())
        .order((registrations::created_at.asc(), registrations::id.asc()))
        .select(RegistrationRow::as_select())
        .load(conn)
}

pub fn find_by_claim(conn: &mut DbConn, digest: &[u8]) -> QueryResult<Option<RegistrationRow>> {
    registrations::table
        .filter(registrations::claim_digest.eq(digest))
        .select(RegistrationRow::as_select())
        .first(conn)
        .optional()
}

/// Store a sealed card in its column (`column` is one of this module's constants).
pub fn set_blob<T>(
    conn: &mut DbConn,
    id: &str,
    column: Column<T>,
    blob: &[u8],
    at: NaiveDateTime,
) -> QueryResult<usize> {
    let target = registrations::table.find(id);
    let at_col = registrations::updated_at.eq(crate::db::coarse_date(at));
    match column.name {
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

/// The sealed blob of a card, if set.
pub fn blob<T>(row: &RegistrationRow, column: Column<T>) -> Option<&[u8]> {
    match column.name {
        "profile" => row.profile_ct.as_deref(),
        "contact_card" => row.contact_card_ct.as_deref(),
        "preconsent" => row.preconsent_ct.as_deref(),
        "facts" => row.facts_ct.as_deref(),
        "settings" => row.settings_ct.as_deref(),
        other => unreachable!("unknown registration column {other}"),
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
        registrations::updated_at.eq(crate::db::coarse_date(at)),
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
        .order((sought_persons::created_at.asc(), sought_persons::id.asc()))
        .select(SoughtRow::as_select())
        .load(conn)
}

/// The join condition of a record's data keys (not its match key) to the record's id column:
/// ordered by `key_id` descending, a record's first row is its newest key.
fn data_keys_of<C>(
    id: C,
) -> diesel::dsl::And<
    diesel::dsl::Eq<record_keys::record_id, C>,
    diesel::dsl::GtEq<record_keys::key_id, i64>,
>
where
    C: diesel::expression::AsExpression<diesel::sql_types::Text>,
{
    record_keys::record_id
        .eq(id)
        .and(record_keys::key_id.ge(FIRST_DATA_KEY))
}

/// [`sought_of`] with each search's newest data key, in one query (`None` only for a search
/// whose keys are gone).
pub fn sought_with_keys(
    conn: &mut DbConn,
    registration_id: &str,
) -> QueryResult<Vec<(SoughtRow, Option<RecordKeyRow>)>> {
    let rows: Vec<(SoughtRow, Option<RecordKeyRow>)> = crate::per_backend!(conn, c => sought_persons::table
        .left_join(record_keys::table.on(data_keys_of(sought_persons::id)))
        .filter(sought_persons::registration_id.eq(registration_id))
        .order((
            sought_persons::created_at.asc(),
            sought_persons::id.asc(),
            record_keys::key_id.desc(),
        ))
        .select((SoughtRow::as_select(), Option::<RecordKeyRow>::as_select()))
        .load(c))?;
    Ok(newest_per_search(rows))
}

/// Searches with their keys, ordered by search and then key, newest first: each search once,
/// with its newest key.
fn newest_per_search(
    rows: impl IntoIterator<Item = (SoughtRow, Option<RecordKeyRow>)>,
) -> Vec<(SoughtRow, Option<RecordKeyRow>)> {
    let mut newest: Vec<(SoughtRow, Option<RecordKeyRow>)> = Vec::new();
    for row in rows {
        if newest.last().is_none_or(|(s, _)| s.id != row.0.id) {
            newest.push(row);
        }
    }
    newest
}

pub fn count_sought(conn: &mut DbConn, registration_id: &str) -> QueryResult<i64> {
    sought_persons::table
        .filter(sought_persons::registration_id.eq(registration_id))
        .count()
        .get_result(conn)
}

/// Assisted registrations a caseworker made: id, day made, claimed yet. Newest first.
pub fn assisted_by(
    conn: &mut DbConn,
    staff_id: &str,
) -> QueryResult<Vec<(String, NaiveDateTime, Option<String>)>> {
    registrations::table
        .filter(registrations::created_by.eq(staff_id))
        .order((registrations::created_at.desc(), registrations::id))
        .select((
            registrations::id,
            registrations::created_at,
            registrations::owner_account_id,
        ))
        .load(conn)
}

/// A sought person by id alone (review and consent, which check access themselves).
pub fn find_sought_by_id(conn: &mut DbConn, id: &str) -> QueryResult<Option<SoughtRow>> {
    sought_persons::table
        .find(id)
        .select(SoughtRow::as_select())
        .first(conn)
        .optional()
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
            sought_persons::updated_at.eq(crate::db::coarse_date(at)),
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
            sought_persons::updated_at.eq(crate::db::coarse_date(at)),
        ))
        .execute(conn)
}

pub fn delete_sought(conn: &mut DbConn, id: &str) -> QueryResult<usize> {
    diesel::delete(sought_persons::table.find(id)).execute(conn)
}

/// Kinds of rows in `name_changes`.
pub const CHANGE_EDIT: &str = "edit";
pub const CHANGE_DELETE: &str = "delete";
pub const CHANGE_RECREATE: &str = "recreate";

pub fn name_changes_since(
    conn: &mut DbConn,
    registration_id: &str,
    since: NaiveDateTime,
) -> QueryResult<Vec<(String, NaiveDateTime)>> {
    name_changes::table
        .filter(name_changes::registration_id.eq(registration_id))
        .filter(name_changes::changed_at.gt(since))
        .order(name_changes::changed_at.asc())
        .select((name_changes::kind, name_changes::changed_at))
        .load(conn)
}

pub fn record_name_change(
    conn: &mut DbConn,
    registration_id: &str,
    kind: &str,
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(name_changes::table)
        .values((
            name_changes::registration_id.eq(registration_id),
            name_changes::kind.eq(kind),
            name_changes::changed_at.eq(at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The cool-down's memory is only as long as the cool-down itself.
pub fn purge_name_changes(conn: &mut DbConn, before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(name_changes::table.filter(name_changes::changed_at.le(before))).execute(conn)
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

/// What retention reads of a registration (all plain).
#[derive(Queryable, Debug, Clone)]
pub struct RetentionRow {
    pub id: String,
    pub owner_account_id: Option<String>,
    pub created_at: NaiveDateTime,
    pub renewed_at: Option<NaiveDateTime>,
    pub expired_at: Option<NaiveDateTime>,
    pub reminded_for: Option<NaiveDateTime>,
}

fn retention_columns() -> (
    registrations::id,
    registrations::owner_account_id,
    registrations::created_at,
    registrations::renewed_at,
    registrations::expired_at,
    registrations::reminded_for,
) {
    (
        registrations::id,
        registrations::owner_account_id,
        registrations::created_at,
        registrations::renewed_at,
        registrations::expired_at,
        registrations::reminded_for,
    )
}

/// What the dashboard reads of an account, in one query: whether a match update waits to be
/// shown, the last sign-in, its registration (if any) with the retention columns and the
/// newest data key (`None` only for a registration whose keys are gone), and its searches
/// each with its newest data key, oldest first.
pub struct DashboardRows {
    pub update_pending: bool,
    pub last_sign_in_at: Option<NaiveDateTime>,
    pub registration: Option<(RegistrationRow, RetentionRow, Option<RecordKeyRow>)>,
    pub searches: Vec<(SoughtRow, Option<RecordKeyRow>)>,
}

pub fn dashboard_rows(conn: &mut DbConn, account_id: &str) -> QueryResult<Option<DashboardRows>> {
    type Row = (
        bool,
        Option<NaiveDateTime>,
        Option<RegistrationRow>,
        Option<RetentionRow>,
        Option<RecordKeyRow>,
        Option<SoughtRow>,
        Option<RecordKeyRow>,
    );
    // The searches are joined in rather than read by a second query: on PostgreSQL every
    // query is a round trip, and the round trips were most of what a page cost there
    // (bench/RESULTS.md). The registration's columns repeat on each search's row.
    let search_keys = diesel::alias!(record_keys as search_keys);
    let rows: Vec<Row> = crate::per_backend!(conn, c => accounts::table
        .left_join(
            registrations::table.on(registrations::owner_account_id.eq(accounts::id.nullable())),
        )
        .left_join(record_keys::table.on(data_keys_of(registrations::id)))
        .left_join(
            sought_persons::table.on(sought_persons::registration_id.eq(registrations::id)),
        )
        .left_join(
            search_keys.on(search_keys
                .field(record_keys::record_id)
                .eq(sought_persons::id)
                .and(search_keys.field(record_keys::key_id).ge(FIRST_DATA_KEY))),
        )
        .filter(accounts::id.eq(account_id))
        .order((
            record_keys::key_id.desc(),
            sought_persons::created_at.asc(),
            sought_persons::id.asc(),
            search_keys.field(record_keys::key_id).desc(),
        ))
        .select((
            accounts::update_pending,
            accounts::last_sign_in_at,
            Option::<RegistrationRow>::as_select(),
            retention_columns().nullable(),
            Option::<RecordKeyRow>::as_select(),
            Option::<SoughtRow>::as_select(),
            search_keys
                .fields((
                    record_keys::record_id,
                    record_keys::key_id,
                    record_keys::kek_version,
                    record_keys::wrapped,
                    record_keys::created_at,
                ))
                .nullable(),
        ))
        .load(c))?;
    let mut rows = rows.into_iter();
    let Some((update_pending, last_sign_in_at, reg, retention, key, search, search_key)) =
        rows.next()
    else {
        return Ok(None);
    };
    // Rows come grouped by the registration's key, newest first, and within that by search
    // with its newest key first: keep the first row of each search under the newest key.
    let newest_key = key.as_ref().map(|k| k.key_id);
    let rest =
        rows.map_while(|(.., k, s, sk)| (k.map(|k| k.key_id) == newest_key).then_some((s, sk)));
    let searches = newest_per_search(
        std::iter::once((search, search_key))
            .chain(rest)
            .filter_map(|(s, k)| Some((s?, k))),
    );
    Ok(Some(DashboardRows {
        update_pending,
        last_sign_in_at,
        registration: reg
            .zip(retention)
            .map(|(reg, retention)| (reg, retention, key)),
        searches,
    }))
}

/// [`find_by_owner`] with the registration's newest data key (`None` only for a registration
/// whose keys are gone), in one query.
pub fn find_by_owner_with_key(
    conn: &mut DbConn,
    account_id: &str,
) -> QueryResult<Option<(RegistrationRow, Option<RecordKeyRow>)>> {
    crate::per_backend!(conn, c => registrations::table
        .left_join(record_keys::table.on(data_keys_of(registrations::id)))
        .filter(registrations::owner_account_id.eq(account_id))
        .order(record_keys::key_id.desc())
        .select((
            RegistrationRow::as_select(),
            Option::<RecordKeyRow>::as_select(),
        ))
        .first(c)
        .optional())
}

pub fn retention_of(conn: &mut DbConn, id: &str) -> QueryResult<Option<RetentionRow>> {
    registrations::table
        .find(id)
        .select(retention_columns())
        .first(conn)
        .optional()
}

/// Every registration, a page at a time (after `after`, by id).
pub fn retention_page(
    conn: &mut DbConn,
    after: &str,
    limit: i64,
) -> QueryResult<Vec<RetentionRow>> {
    registrations::table
        .filter(registrations::id.gt(after))
        .order(registrations::id)
        .limit(limit)
        .select(retention_columns())
        .load(conn)
}

pub fn set_renewed(conn: &mut DbConn, id: &str, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(registrations::table.find(id))
        .set((
            registrations::renewed_at.eq(Some(at)),
            registrations::expired_at.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)
}

pub fn set_expired(conn: &mut DbConn, id: &str, at: Option<NaiveDateTime>) -> QueryResult<usize> {
    diesel::update(registrations::table.find(id))
        .set(registrations::expired_at.eq(at))
        .execute(conn)
}

pub fn set_reminded_for(
    conn: &mut DbConn,
    id: &str,
    deadline: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(registrations::table.find(id))
        .set(registrations::reminded_for.eq(Some(deadline)))
        .execute(conn)
}

pub fn is_expired(conn: &mut DbConn, id: &str) -> QueryResult<bool> {
    Ok(registrations::table
        .find(id)
        .select(registrations::expired_at)
        .first::<Option<NaiveDateTime>>(conn)
        .optional()?
        .flatten()
        .is_some())
}
