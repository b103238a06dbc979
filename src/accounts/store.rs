//! Queries of the account tables. Every query is scoped by account id or by a blind index.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::db::schema::{
    accounts, email_codes, invites, organizations, recovery_codes, sessions, totp_resets,
};
use crate::vault::{Column, Table};

/// Accounts: the handle, email and second-factor secret are sealed under the account's key.
pub const ACCOUNTS: Table = Table::new("accounts");
pub const HANDLE: Column<String> = ACCOUNTS.column("handle");
pub const EMAIL: Column<String> = ACCOUNTS.column("email");
pub const TOTP_SECRET: Column<Vec<u8>> = ACCOUNTS.column("totp_secret");
pub const LINKS: Column<super::links::AccountLinks> = ACCOUNTS.column("links");

/// Organizations: their names are sealed like personal data.
pub const ORGANIZATIONS: Table = Table::new("organizations");
pub const ORGANIZATION_NAME: Column<String> = ORGANIZATIONS.column("name");

#[derive(Queryable, Selectable, Insertable, Debug, Clone)]
#[diesel(table_name = accounts)]
pub struct AccountRow {
    pub id: String,
    pub role: String,
    pub organization_id: Option<String>,
    pub handle_bidx: Option<Vec<u8>>,
    pub handle_ct: Vec<u8>,
    pub email_bidx: Option<Vec<u8>>,
    pub email_ct: Option<Vec<u8>>,
    pub email_verified: bool,
    pub password_hash: String,
    /// Always holds a hash: a duress passphrase's, or one nothing matches.
    pub duress_hash: Option<String>,
    /// Sealed [`super::links::AccountLinks`].
    pub links_ct: Option<Vec<u8>>,
    pub totp_secret_ct: Option<Vec<u8>>,
    pub totp_confirmed: bool,
    pub totp_last_step: Option<i64>,
    pub locale: String,
    pub created_at: NaiveDateTime,
    pub last_sign_in_at: Option<NaiveDateTime>,
    /// A disabled staff account cannot sign in (the day it was disabled).
    pub disabled_at: Option<NaiveDateTime>,
    /// A removed staff account: kept for the audit trail, never signs in again.
    pub removed_at: Option<NaiveDateTime>,
}

pub fn insert(conn: &mut DbConn, row: &AccountRow) -> QueryResult<()> {
    diesel::insert_into(accounts::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<AccountRow>> {
    accounts::table
        .find(id)
        .select(AccountRow::as_select())
        .first(conn)
        .optional()
}

pub fn find_by_handle(conn: &mut DbConn, bidx: &[u8]) -> QueryResult<Option<AccountRow>> {
    accounts::table
        .filter(accounts::handle_bidx.eq(bidx))
        .select(AccountRow::as_select())
        .first(conn)
        .optional()
}

/// Only verified addresses sign in or recover.
pub fn find_by_verified_email(conn: &mut DbConn, bidx: &[u8]) -> QueryResult<Option<AccountRow>> {
    accounts::table
        .filter(accounts::email_bidx.eq(bidx))
        .filter(accounts::email_verified.eq(true))
        .select(AccountRow::as_select())
        .first(conn)
        .optional()
}

pub fn email_taken(conn: &mut DbConn, bidx: &[u8]) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        accounts::table.filter(accounts::email_bidx.eq(bidx)),
    ))
    .get_result(conn)
}

pub fn handle_taken(conn: &mut DbConn, bidx: &[u8]) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        accounts::table.filter(accounts::handle_bidx.eq(bidx)),
    ))
    .get_result(conn)
}

pub fn set_password_hash(conn: &mut DbConn, id: &str, phc: &str) -> QueryResult<usize> {
    diesel::update(accounts::table.find(id))
        .set(accounts::password_hash.eq(phc))
        .execute(conn)
}

pub fn set_duress_hash(conn: &mut DbConn, id: &str, phc: &str) -> QueryResult<usize> {
    diesel::update(accounts::table.find(id))
        .set(accounts::duress_hash.eq(Some(phc)))
        .execute(conn)
}

pub fn set_links(conn: &mut DbConn, id: &str, links_ct: &[u8]) -> QueryResult<usize> {
    diesel::update(accounts::table.find(id))
        .set(accounts::links_ct.eq(Some(links_ct)))
        .execute(conn)
}

/// Accounts whose duress slot was never filled (made before every account had one).
pub fn without_duress_slot(conn: &mut DbConn) -> QueryResult<Vec<String>> {
    accounts::table
        .filter(accounts::duress_hash.is_null())
        .select(accounts::id)
        .load(conn)
}

/// A page of account ids and their sealed links, in id order after `after`.
pub fn links_page(
    conn: &mut DbConn,
    after: &str,
    limit: i64,
) -> QueryResult<Vec<(String, Option<Vec<u8>>)>> {
    accounts::table
        .filter(accounts::id.gt(after))
        .order(accounts::id)
        .limit(limit)
        .select((accounts::id, accounts::links_ct))
        .load(conn)
}

pub fn set_signed_in(conn: &mut DbConn, id: &str, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::update(accounts::table.find(id))
        .set(accounts::last_sign_in_at.eq(Some(at)))
        .execute(conn)
}

pub fn set_email(
    conn: &mut DbConn,
    id: &str,
    bidx: Option<&[u8]>,
    ct: Option<&[u8]>,
    verified: bool,
) -> QueryResult<usize> {
    diesel::update(accounts::table.find(id))
        .set((
            accounts::email_bidx.eq(bidx),
            accounts::email_ct.eq(ct),
            accounts::email_verified.eq(verified),
        ))
        .execute(conn)
}

pub fn set_locale(conn: &mut DbConn, id: &str, locale: &str) -> QueryResult<usize> {
    diesel::update(accounts::table.find(id))
        .set(accounts::locale.eq(locale))
        .execute(conn)
}

pub fn set_totp(
    conn: &mut DbConn,
    id: &str,
    secret_ct: Option<&[u8]>,
    confirmed: bool,
    last_step: Option<i64>,
) -> QueryResult<usize> {
    diesel::update(accounts::table.find(id))
        .set((
            accounts::totp_secret_ct.eq(secret_ct),
            accounts::totp_confirmed.eq(confirmed),
            accounts::totp_last_step.eq(last_step),
        ))
        .execute(conn)
}

/// Record an accepted TOTP step, but only if it is newer than the last one (single use even
/// under concurrent requests).
pub fn advance_totp_step(conn: &mut DbConn, id: &str, step: i64) -> QueryResult<bool> {
    let n = diesel::update(
        accounts::table.find(id).filter(
            accounts::totp_last_step
                .is_null()
                .or(accounts::totp_last_step.lt(step)),
        ),
    )
    .set(accounts::totp_last_step.eq(Some(step)))
    .execute(conn)?;
    Ok(n == 1)
}

/// Delete an account row and everything that hangs off it (sessions, codes, decoys cascade).
pub fn delete(conn: &mut DbConn, id: &str) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::account_id.eq(id))).execute(conn)?;
    diesel::delete(recovery_codes::table.filter(recovery_codes::account_id.eq(id)))
        .execute(conn)?;
    diesel::delete(email_codes::table.filter(email_codes::account_id.eq(id))).execute(conn)?;
    diesel::delete(invites::table.filter(invites::created_by.eq(id))).execute(conn)?;
    diesel::delete(accounts::table.find(id)).execute(conn)
}

// Recovery codes.

pub fn insert_recovery_codes(
    conn: &mut DbConn,
    account_id: &str,
    digests: &[[u8; 32]],
) -> QueryResult<()> {
    diesel::delete(recovery_codes::table.filter(recovery_codes::account_id.eq(account_id)))
        .execute(conn)?;
    for d in digests {
        diesel::insert_into(recovery_codes::table)
            .values((
                recovery_codes::account_id.eq(account_id),
                recovery_codes::digest.eq(d.as_slice()),
                recovery_codes::used_at.eq(None::<NaiveDateTime>),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Spend a recovery code: true only if it existed and was unused.
pub fn use_recovery_code(
    conn: &mut DbConn,
    account_id: &str,
    digest: &[u8; 32],
    now: NaiveDateTime,
) -> QueryResult<bool> {
    let n = diesel::update(
        recovery_codes::table
            .filter(recovery_codes::account_id.eq(account_id))
            .filter(recovery_codes::digest.eq(digest.as_slice()))
            .filter(recovery_codes::used_at.is_null()),
    )
    .set(recovery_codes::used_at.eq(Some(now)))
    .execute(conn)?;
    Ok(n == 1)
}

pub fn unused_recovery_codes(conn: &mut DbConn, account_id: &str) -> QueryResult<i64> {
    recovery_codes::table
        .filter(recovery_codes::account_id.eq(account_id))
        .filter(recovery_codes::used_at.is_null())
        .count()
        .get_result(conn)
}

// Codes sent by email.

#[derive(Queryable, Selectable, Debug)]
#[diesel(table_name = email_codes)]
pub struct EmailCodeRow {
    pub digest: Vec<u8>,
    pub attempts: i64,
    pub expires_at: NaiveDateTime,
}

pub fn put_email_code(
    conn: &mut DbConn,
    account_id: &str,
    purpose: &str,
    digest: &[u8; 32],
    expires_at: NaiveDateTime,
) -> QueryResult<()> {
    delete_email_code(conn, account_id, purpose)?;
    diesel::insert_into(email_codes::table)
        .values((
            email_codes::account_id.eq(account_id),
            email_codes::purpose.eq(purpose),
            email_codes::digest.eq(digest.as_slice()),
            email_codes::attempts.eq(0i64),
            email_codes::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn find_email_code(
    conn: &mut DbConn,
    account_id: &str,
    purpose: &str,
) -> QueryResult<Option<EmailCodeRow>> {
    email_codes::table
        .filter(email_codes::account_id.eq(account_id))
        .filter(email_codes::purpose.eq(purpose))
        .select(EmailCodeRow::as_select())
        .first(conn)
        .optional()
}

pub fn count_email_code_attempt(
    conn: &mut DbConn,
    account_id: &str,
    purpose: &str,
) -> QueryResult<usize> {
    diesel::update(
        email_codes::table
            .filter(email_codes::account_id.eq(account_id))
            .filter(email_codes::purpose.eq(purpose)),
    )
    .set(email_codes::attempts.eq(email_codes::attempts + 1))
    .execute(conn)
}

pub fn delete_email_code(conn: &mut DbConn, account_id: &str, purpose: &str) -> QueryResult<usize> {
    diesel::delete(
        email_codes::table
            .filter(email_codes::account_id.eq(account_id))
            .filter(email_codes::purpose.eq(purpose)),
    )
    .execute(conn)
}

// Sessions.

#[derive(Queryable, Selectable, Insertable, Debug, Clone)]
#[diesel(table_name = sessions)]
pub struct SessionRow {
    pub id_hash: Vec<u8>,
    pub account_id: String,
    pub created_at: NaiveDateTime,
    pub last_seen_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

pub fn insert_session(conn: &mut DbConn, row: &SessionRow) -> QueryResult<()> {
    diesel::insert_into(sessions::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// What checking a session needs of its account: no hashes, no sealed columns (read on every
/// request, so only these few columns).
#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = accounts)]
pub struct SessionAccount {
    pub id: String,
    pub role: String,
    pub organization_id: Option<String>,
    pub totp_confirmed: bool,
    pub disabled_at: Option<NaiveDateTime>,
    pub removed_at: Option<NaiveDateTime>,
}

pub fn find_session(
    conn: &mut DbConn,
    id_hash: &[u8],
) -> QueryResult<Option<(SessionRow, SessionAccount)>> {
    crate::per_backend!(conn, c => sessions::table
        .inner_join(accounts::table)
        .filter(sessions::id_hash.eq(id_hash))
        .select((SessionRow::as_select(), SessionAccount::as_select()))
        .first(c)
        .optional())
}

pub fn touch_session(conn: &mut DbConn, id_hash: &[u8], at: NaiveDateTime) -> QueryResult<usize> {
    crate::per_backend!(conn, c => diesel::update(sessions::table.find(id_hash))
        .set(sessions::last_seen_at.eq(at))
        .execute(c))
}

pub fn delete_session(conn: &mut DbConn, id_hash: &[u8]) -> QueryResult<usize> {
    diesel::delete(sessions::table.find(id_hash)).execute(conn)
}

pub fn delete_sessions_of(conn: &mut DbConn, account_id: &str) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::account_id.eq(account_id))).execute(conn)
}

pub fn sessions_of(conn: &mut DbConn, account_id: &str) -> QueryResult<Vec<SessionRow>> {
    sessions::table
        .filter(sessions::account_id.eq(account_id))
        .order(sessions::created_at.desc())
        .select(SessionRow::as_select())
        .load(conn)
}

// Organizations and invites.

pub fn insert_organization(
    conn: &mut DbConn,
    id: &str,
    name_ct: &[u8],
    at: NaiveDateTime,
) -> QueryResult<()> {
    diesel::insert_into(organizations::table)
        .values((
            organizations::id.eq(id),
            organizations::name_ct.eq(name_ct),
            organizations::created_at.eq(at),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn organization_exists(conn: &mut DbConn, id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(organizations::table.find(id))).get_result(conn)
}

#[derive(Queryable, Selectable, Insertable, Debug, Clone)]
#[diesel(table_name = invites)]
pub struct InviteRow {
    pub code_digest: Vec<u8>,
    pub organization_id: Option<String>,
    pub role: String,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
}

pub fn insert_invite(conn: &mut DbConn, row: &InviteRow) -> QueryResult<()> {
    diesel::insert_into(invites::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find_invite(conn: &mut DbConn, digest: &[u8]) -> QueryResult<Option<InviteRow>> {
    invites::table
        .find(digest)
        .select(InviteRow::as_select())
        .first(conn)
        .optional()
}

/// Spend an invite: true only if it was unused and unexpired. The day of use is kept.
pub fn use_invite(conn: &mut DbConn, digest: &[u8], now: NaiveDateTime) -> QueryResult<bool> {
    let n = diesel::update(
        invites::table
            .find(digest)
            .filter(invites::used_at.is_null())
            .filter(invites::expires_at.gt(now)),
    )
    .set(invites::used_at.eq(Some(crate::db::coarse_date(now))))
    .execute(conn)?;
    Ok(n == 1)
}

pub fn invites_by(conn: &mut DbConn, created_by: &str) -> QueryResult<Vec<InviteRow>> {
    invites::table
        .filter(invites::created_by.eq(created_by))
        .order(invites::created_at.desc())
        .limit(50)
        .select(InviteRow::as_select())
        .load(conn)
}

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = organizations)]
pub struct OrganizationRow {
    pub id: String,
    pub name_ct: Vec<u8>,
    pub created_at: NaiveDateTime,
}

pub fn find_organization(conn: &mut DbConn, id: &str) -> QueryResult<Option<OrganizationRow>> {
    organizations::table
        .find(id)
        .select(OrganizationRow::as_select())
        .first(conn)
        .optional()
}

pub fn list_organizations(conn: &mut DbConn) -> QueryResult<Vec<OrganizationRow>> {
    organizations::table
        .order(organizations::created_at.asc())
        .select(OrganizationRow::as_select())
        .load(conn)
}

/// Delete what has expired: sessions past their absolute limit, codes sent by email past their
/// lifetime, invitations used or expired. Returns how many rows went.
pub fn purge_expired(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    let sessions =
        diesel::delete(sessions::table.filter(sessions::expires_at.le(now))).execute(conn)?;
    let codes =
        diesel::delete(email_codes::table.filter(email_codes::expires_at.le(now))).execute(conn)?;
    let invites = diesel::delete(
        invites::table.filter(
            invites::expires_at
                .le(now)
                .or(invites::used_at.is_not_null()),
        ),
    )
    .execute(conn)?;
    let resets =
        diesel::delete(totp_resets::table.filter(totp_resets::expires_at.le(now))).execute(conn)?;
    Ok(sessions + codes + invites + resets)
}

pub fn purge_idle_sessions(conn: &mut DbConn, seen_before: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::last_seen_at.lt(seen_before))).execute(conn)
}

// Staff lifecycle.

/// Staff accounts (every role but registrant), oldest first; only `role` in `organization`
/// when given.
pub fn staff_accounts(
    conn: &mut DbConn,
    scope: Option<(&str, &str)>,
) -> QueryResult<Vec<AccountRow>> {
    let mut q = accounts::table
        .filter(accounts::role.ne("registrant"))
        .into_boxed();
    if let Some((org, role)) = scope {
        q = q
            .filter(accounts::organization_id.eq(org.to_string()))
            .filter(accounts::role.eq(role.to_string()));
    }
    q.order((accounts::created_at.asc(), accounts::id.asc()))
        .select(AccountRow::as_select())
        .load(conn)
}

/// Disable (`Some(day)`) or enable (`None`) an account that is not removed; true if it changed.
pub fn set_disabled(conn: &mut DbConn, id: &str, at: Option<NaiveDateTime>) -> QueryResult<bool> {
    let target = accounts::table
        .find(id)
        .filter(accounts::removed_at.is_null());
    let n = match at {
        Some(_) => diesel::update(target.filter(accounts::disabled_at.is_null()))
            .set(accounts::disabled_at.eq(at))
            .execute(conn)?,
        None => diesel::update(target.filter(accounts::disabled_at.is_not_null()))
            .set(accounts::disabled_at.eq(None::<NaiveDateTime>))
            .execute(conn)?,
    };
    Ok(n == 1)
}

/// Remove a staff account: the row stays (its id, role and organization keep the audit trail
/// meaningful), but nothing can sign in with it again: no login indexes, hashes nothing
/// matches, no second factor, no email, and its sessions, codes, unused invitations and pending
/// reset go. True if it changed.
pub fn mark_removed(
    conn: &mut DbConn,
    id: &str,
    at: NaiveDateTime,
    unmatchable_phc: &str,
) -> QueryResult<bool> {
    let n = diesel::update(
        accounts::table
            .find(id)
            .filter(accounts::removed_at.is_null()),
    )
    .set((
        accounts::removed_at.eq(Some(at)),
        accounts::disabled_at.eq(Some(at)),
        accounts::handle_bidx.eq(None::<Vec<u8>>),
        accounts::email_bidx.eq(None::<Vec<u8>>),
        accounts::email_ct.eq(None::<Vec<u8>>),
        accounts::email_verified.eq(false),
        accounts::password_hash.eq(unmatchable_phc),
        accounts::duress_hash.eq(Some(unmatchable_phc)),
        accounts::totp_secret_ct.eq(None::<Vec<u8>>),
        accounts::totp_confirmed.eq(false),
        accounts::totp_last_step.eq(None::<i64>),
    ))
    .execute(conn)?;
    if n == 1 {
        delete_sessions_of(conn, id)?;
        diesel::delete(recovery_codes::table.filter(recovery_codes::account_id.eq(id)))
            .execute(conn)?;
        diesel::delete(email_codes::table.filter(email_codes::account_id.eq(id))).execute(conn)?;
        delete_open_invites_by(conn, id)?;
        delete_totp_reset(conn, id)?;
    }
    Ok(n == 1)
}

/// Invitations a staff member made that nobody has used yet.
pub fn delete_open_invites_by(conn: &mut DbConn, created_by: &str) -> QueryResult<usize> {
    diesel::delete(
        invites::table
            .filter(invites::created_by.eq(created_by))
            .filter(invites::used_at.is_null()),
    )
    .execute(conn)
}

#[derive(Queryable, Selectable, Insertable, Debug, Clone)]
#[diesel(table_name = totp_resets)]
pub struct TotpResetRow {
    pub account_id: String,
    pub requested_by: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

/// A new reset request for an account, replacing any earlier one.
pub fn put_totp_reset(conn: &mut DbConn, row: &TotpResetRow) -> QueryResult<()> {
    delete_totp_reset(conn, &row.account_id)?;
    diesel::insert_into(totp_resets::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find_totp_reset(conn: &mut DbConn, account_id: &str) -> QueryResult<Option<TotpResetRow>> {
    totp_resets::table
        .find(account_id)
        .select(TotpResetRow::as_select())
        .first(conn)
        .optional()
}

/// Pending requests, for the staff list.
pub fn totp_resets(conn: &mut DbConn) -> QueryResult<Vec<TotpResetRow>> {
    totp_resets::table
        .select(TotpResetRow::as_select())
        .load(conn)
}

/// Spend a request: true only for the one that was read (a concurrent approval loses).
pub fn take_totp_reset(conn: &mut DbConn, row: &TotpResetRow) -> QueryResult<bool> {
    let n = diesel::delete(
        totp_resets::table
            .find(&row.account_id)
            .filter(totp_resets::requested_by.eq(&row.requested_by))
            .filter(totp_resets::created_at.eq(row.created_at)),
    )
    .execute(conn)?;
    Ok(n == 1)
}

pub fn delete_totp_reset(conn: &mut DbConn, account_id: &str) -> QueryResult<usize> {
    diesel::delete(totp_resets::table.find(account_id)).execute(conn)
}
