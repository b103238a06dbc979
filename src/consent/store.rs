//! Rows of review and consent: a candidate's case columns, its messages, vetting and the
//! organizations' choice to serve registrations of no organization. Every transition is one
//! conditional update on the candidate's `version`, so two racing requests never both win.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::machine::{Answer, Case, Outcome, PAST_REVIEW, Side, State};
use crate::db::DbConn;
use crate::db::schema::{accounts, match_candidates, match_messages, organizations, registrations};
use crate::vault::{Column, Table};

pub const MATCH_MESSAGES: Table = Table::new("match_messages");
pub const MESSAGE_BODY: Column<String> = MATCH_MESSAGES.column("body");

#[derive(Queryable, Selectable, Debug, Clone)]
#[diesel(table_name = match_candidates)]
pub struct CaseRow {
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
    pub reg_a: String,
    pub reg_b: String,
    pub claimed_by: Option<String>,
    pub opened_by: Option<String>,
    pub approved_by: Option<String>,
    pub approved_by_2: Option<String>,
    pub first_side: Option<String>,
    pub asked_a_at: Option<NaiveDateTime>,
    pub asked_b_at: Option<NaiveDateTime>,
    pub answer_a: Option<String>,
    pub answer_b: Option<String>,
    pub closed_a: Option<String>,
    pub closed_b: Option<String>,
    pub version: i64,
    pub created_at: NaiveDateTime,
}

impl CaseRow {
    pub fn state(&self) -> Option<State> {
        State::parse(&self.status)
    }

    pub fn registration(&self, side: Side) -> &str {
        match side {
            Side::A => &self.reg_a,
            Side::B => &self.reg_b,
        }
    }

    /// Which side `registration_id` is on, if either.
    pub fn side_of(&self, registration_id: &str) -> Option<Side> {
        if self.reg_a == registration_id {
            Some(Side::A)
        } else if self.reg_b == registration_id {
            Some(Side::B)
        } else {
            None
        }
    }

    /// The records of one side: its record of the first pair, and for a reciprocal candidate
    /// its record of the second. ("About me" records carry their registration's id; the
    /// second pair is a search of one side and the other side's "about me".)
    pub fn records_of(&self, side: Side) -> Vec<&str> {
        let mut v = vec![match side {
            Side::A => self.record_a.as_str(),
            Side::B => self.record_b.as_str(),
        }];
        if let (Some(c), Some(d)) = (&self.record_c, &self.record_d) {
            for (r, partner) in [(c, d), (d, c)] {
                let owner = if r == &self.reg_a || partner == &self.reg_b {
                    Side::A
                } else {
                    Side::B
                };
                if owner == side && !v.contains(&r.as_str()) {
                    v.push(r);
                }
            }
        }
        v
    }

    /// The case the rules read; `vetted` and `created` come from the registrations.
    pub fn case(&self, vetted: [bool; 2], created: [NaiveDateTime; 2]) -> Option<Case> {
        let answer = |a: &Option<String>| a.as_deref().and_then(Answer::parse);
        let outcome = |o: &Option<String>| o.as_deref().and_then(Outcome::parse);
        Some(Case {
            state: self.state()?,
            claimed_by: self.claimed_by.clone(),
            opened_by: self.opened_by.clone(),
            approved_by: self.approved_by.clone(),
            approved_by_2: self.approved_by_2.clone(),
            first_side: self.first_side.as_deref().and_then(Side::parse),
            asked_at: [self.asked_a_at, self.asked_b_at],
            answers: [answer(&self.answer_a), answer(&self.answer_b)],
            closed: [outcome(&self.closed_a), outcome(&self.closed_b)],
            vetted,
            created,
        })
    }
}

pub fn find(conn: &mut DbConn, id: &str) -> QueryResult<Option<CaseRow>> {
    match_candidates::table
        .find(id)
        .select(CaseRow::as_select())
        .first(conn)
        .optional()
}

/// Write `case` over the row read at `version`; false when someone else wrote first.
pub fn save(
    conn: &mut DbConn,
    id: &str,
    version: i64,
    case: &Case,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    let s = |x: Option<&'static str>| x.map(str::to_string);
    let n = diesel::update(
        match_candidates::table
            .find(id)
            .filter(match_candidates::version.eq(version)),
    )
    .set((
        match_candidates::status.eq(case.state.as_str()),
        match_candidates::claimed_by.eq(&case.claimed_by),
        match_candidates::opened_by.eq(&case.opened_by),
        match_candidates::approved_by.eq(&case.approved_by),
        match_candidates::approved_by_2.eq(&case.approved_by_2),
        match_candidates::first_side.eq(s(case.first_side.map(Side::as_str))),
        match_candidates::asked_a_at.eq(case.asked_at[0]),
        match_candidates::asked_b_at.eq(case.asked_at[1]),
        match_candidates::answer_a.eq(s(case.answers[0].map(Answer::as_str))),
        match_candidates::answer_b.eq(s(case.answers[1].map(Answer::as_str))),
        match_candidates::closed_a.eq(s(case.closed[0].map(Outcome::as_str))),
        match_candidates::closed_b.eq(s(case.closed[1].map(Outcome::as_str))),
        match_candidates::version.eq(version + 1),
        match_candidates::updated_at.eq(crate::db::coarse_date(at)),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// End a match before disclosure as withdrawn (a family paused). False if it was not live
/// and undisclosed.
pub fn end_before_disclosure(conn: &mut DbConn, id: &str, at: NaiveDateTime) -> QueryResult<bool> {
    let n = diesel::update(
        match_candidates::table.find(id).filter(
            match_candidates::status
                .eq_any([State::InReview.as_str(), State::ConsentRequested.as_str()]),
        ),
    )
    .set((
        match_candidates::status.eq(State::Withdrawn.as_str()),
        match_candidates::version.eq(match_candidates::version + 1),
        match_candidates::updated_at.eq(crate::db::coarse_date(at)),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Every candidate joining this registration to another.
pub fn of_registration(conn: &mut DbConn, registration_id: &str) -> QueryResult<Vec<CaseRow>> {
    match_candidates::table
        .filter(
            match_candidates::reg_a
                .eq(registration_id)
                .or(match_candidates::reg_b.eq(registration_id)),
        )
        .order(match_candidates::id)
        .select(CaseRow::as_select())
        .load(conn)
}

/// The candidates `org` reviews, as a query to add to (the rule of `serving_orgs`, in SQL):
/// those with a side of its own, and, when it serves registrations of no organization
/// (`$serves_unaffiliated`), those with a side of none or whose registration is gone.
macro_rules! served_by {
    ($org:expr, $serves_unaffiliated:expr) => {{
        use diesel::IntoSql;
        use $crate::db::schema::{match_candidates, registrations};
        let (side_a, side_b) = diesel::alias!(registrations as side_a, registrations as side_b);
        let (org_a, org_b) = (
            side_a.field(registrations::owner_org_id),
            side_b.field(registrations::owner_org_id),
        );
        match_candidates::table
            .left_join(side_a.on(side_a.field(registrations::id).eq(match_candidates::reg_a)))
            .left_join(side_b.on(side_b.field(registrations::id).eq(match_candidates::reg_b)))
            .filter(
                org_a
                    .eq($org)
                    .or(org_b.eq($org))
                    .or($serves_unaffiliated
                        .into_sql::<diesel::sql_types::Bool>()
                        .and(org_a.is_null().or(org_b.is_null())))
                    .assume_not_null(),
            )
    }};
}
pub(crate) use served_by;

/// Candidates in these states, oldest first.
pub fn in_states(conn: &mut DbConn, states: &[State]) -> QueryResult<Vec<CaseRow>> {
    let names: Vec<&str> = states.iter().map(|s| s.as_str()).collect();
    match_candidates::table
        .filter(match_candidates::status.eq_any(names))
        .order((match_candidates::created_at, match_candidates::id))
        .select(CaseRow::as_select())
        .load(conn)
}

/// A caseworker's queue, oldest first: the candidates waiting for review that `org` serves,
/// then the cases put to families that `staff_id` follows up or that nobody does since their
/// caseworker left. Filtered in the database: the candidates of other organizations never
/// come into memory.
pub fn queue(
    conn: &mut DbConn,
    org: &str,
    serves_unaffiliated: bool,
    staff_id: &str,
) -> QueryResult<Vec<CaseRow>> {
    let mut rows: Vec<CaseRow> = served_by!(org, serves_unaffiliated)
        .filter(
            match_candidates::status.eq_any([State::Candidate.as_str(), State::InReview.as_str()]),
        )
        .order((match_candidates::created_at, match_candidates::id))
        .select(CaseRow::as_select())
        .load(conn)?;
    rows.extend(
        served_by!(org, serves_unaffiliated)
            .filter(match_candidates::status.eq_any(PAST_REVIEW.map(State::as_str)))
            .filter(
                match_candidates::claimed_by
                    .eq(staff_id)
                    .or(match_candidates::claimed_by.is_null()),
            )
            .order((match_candidates::created_at, match_candidates::id))
            .select(CaseRow::as_select())
            .load::<CaseRow>(conn)?,
    );
    Ok(rows)
}

/// Ids of the candidates in these states that `staff_id` holds.
pub fn claimed_by(conn: &mut DbConn, staff_id: &str, states: &[State]) -> QueryResult<Vec<String>> {
    let names: Vec<&str> = states.iter().map(|s| s.as_str()).collect();
    match_candidates::table
        .filter(match_candidates::claimed_by.eq(staff_id))
        .filter(match_candidates::status.eq_any(names))
        .select(match_candidates::id)
        .load(conn)
}

/// What staff have not been told of yet: proposed candidates, and matches put to families
/// that wait for a caseworker to take them over (see [`mark_unnotified`]).
pub fn unnotified(conn: &mut DbConn) -> QueryResult<Vec<CaseRow>> {
    match_candidates::table
        .filter(match_candidates::staff_notified.eq(false))
        .filter(
            match_candidates::status
                .eq(State::Candidate.as_str())
                .or(match_candidates::status
                    .eq_any(PAST_REVIEW.map(State::as_str))
                    .and(match_candidates::claimed_by.is_null())),
        )
        .select(CaseRow::as_select())
        .load(conn)
}

/// Staff are to hear of this candidate again (its caseworker left).
pub fn mark_unnotified(conn: &mut DbConn, id: &str) -> QueryResult<usize> {
    diesel::update(match_candidates::table.find(id))
        .set(match_candidates::staff_notified.eq(false))
        .execute(conn)
}

pub fn mark_notified(conn: &mut DbConn, ids: &[String]) -> QueryResult<usize> {
    diesel::update(match_candidates::table.filter(match_candidates::id.eq_any(ids)))
        .set(match_candidates::staff_notified.eq(true))
        .execute(conn)
}

/// A registration's owner, organization, vetting and age: what review needs of it.
#[derive(Queryable, Debug, Clone)]
pub struct Party {
    pub id: String,
    pub owner_account_id: Option<String>,
    pub owner_org_id: Option<String>,
    pub vetted: bool,
    pub created_at: NaiveDateTime,
}

pub fn party(conn: &mut DbConn, registration_id: &str) -> QueryResult<Option<Party>> {
    registrations::table
        .find(registration_id)
        .select((
            registrations::id,
            registrations::owner_account_id,
            registrations::owner_org_id,
            registrations::vetted,
            registrations::created_at,
        ))
        .first(conn)
        .optional()
}

pub fn set_vetted(conn: &mut DbConn, registration_id: &str) -> QueryResult<usize> {
    diesel::update(registrations::table.find(registration_id))
        .set(registrations::vetted.eq(true))
        .execute(conn)
}

/// The organization (if any) of each of these registrations; registrations not found are
/// left out. One query per 500 ids (well under either backend's limit on bound values).
pub fn owner_orgs(
    conn: &mut DbConn,
    registration_ids: &[&str],
) -> QueryResult<Vec<(String, Option<String>)>> {
    let mut out = Vec::with_capacity(registration_ids.len());
    for chunk in registration_ids.chunks(500) {
        out.extend(
            registrations::table
                .filter(registrations::id.eq_any(chunk))
                .select((registrations::id, registrations::owner_org_id))
                .load::<(String, Option<String>)>(conn)?,
        );
    }
    Ok(out)
}

/// Organizations that review registrations of no organization.
pub fn serving_unaffiliated(conn: &mut DbConn) -> QueryResult<Vec<String>> {
    organizations::table
        .filter(organizations::serves_unaffiliated.eq(true))
        .select(organizations::id)
        .load(conn)
}

pub fn serves_unaffiliated(conn: &mut DbConn, org_id: &str) -> QueryResult<bool> {
    Ok(organizations::table
        .find(org_id)
        .select(organizations::serves_unaffiliated)
        .first::<bool>(conn)
        .optional()?
        .unwrap_or(false))
}

pub fn set_serves_unaffiliated(conn: &mut DbConn, org_id: &str, on: bool) -> QueryResult<usize> {
    diesel::update(organizations::table.find(org_id))
        .set(organizations::serves_unaffiliated.eq(on))
        .execute(conn)
}

pub fn set_update_pending(conn: &mut DbConn, account_id: &str, on: bool) -> QueryResult<usize> {
    diesel::update(accounts::table.find(account_id))
        .set(accounts::update_pending.eq(on))
        .execute(conn)
}

pub fn update_pending(conn: &mut DbConn, account_id: &str) -> QueryResult<bool> {
    Ok(accounts::table
        .find(account_id)
        .select(accounts::update_pending)
        .first::<bool>(conn)
        .optional()?
        .unwrap_or(false))
}

/// Confirmed staff of an organization in a role (for content-free notices).
pub fn staff_of(conn: &mut DbConn, org_id: &str, role: &str) -> QueryResult<Vec<String>> {
    accounts::table
        .filter(accounts::organization_id.eq(org_id))
        .filter(accounts::role.eq(role))
        // Disabled and removed staff are told nothing.
        .filter(accounts::disabled_at.is_null())
        .filter(accounts::removed_at.is_null())
        .select(accounts::id)
        .load(conn)
}

#[derive(Queryable, Selectable, Insertable, Debug, Clone)]
#[diesel(table_name = match_messages)]
pub struct MessageRow {
    pub id: String,
    pub candidate_id: String,
    pub side: String,
    pub from_staff: bool,
    pub body_ct: Vec<u8>,
    pub created_at: NaiveDateTime,
    /// Order within the match (dates are kept to the day).
    pub seq: i64,
}

/// The next message number of a match.
pub fn next_seq(conn: &mut DbConn, candidate_id: &str) -> QueryResult<i64> {
    let max: Option<i64> = match_messages::table
        .filter(match_messages::candidate_id.eq(candidate_id))
        .select(diesel::dsl::max(match_messages::seq))
        .first(conn)?;
    Ok(max.unwrap_or(0) + 1)
}

pub fn insert_message(conn: &mut DbConn, row: &MessageRow) -> QueryResult<()> {
    diesel::insert_into(match_messages::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// A match's messages with one side (or both), in the order written.
pub fn messages_of(
    conn: &mut DbConn,
    candidate_id: &str,
    side: Option<Side>,
) -> QueryResult<Vec<MessageRow>> {
    let mut q = match_messages::table
        .filter(match_messages::candidate_id.eq(candidate_id))
        .into_boxed();
    if let Some(side) = side {
        q = q.filter(match_messages::side.eq(side.as_str()));
    }
    q.order(match_messages::seq)
        .select(MessageRow::as_select())
        .load(conn)
}

/// Registrants with a verified address (for decoy updates).
pub fn registrants_with_email(conn: &mut DbConn) -> QueryResult<Vec<String>> {
    accounts::table
        .filter(accounts::role.eq("registrant"))
        .filter(accounts::email_verified.eq(true))
        .select(accounts::id)
        .load(conn)
}

/// Every candidate the matcher has not retracted (for alerts).
pub fn proposed(conn: &mut DbConn) -> QueryResult<Vec<CaseRow>> {
    match_candidates::table
        .filter(match_candidates::status.ne(crate::matching::store::RETRACTED))
        .select(CaseRow::as_select())
        .load(conn)
}
