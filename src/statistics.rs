//! Aggregate statistics for an organization admin: their organization's registrations and
//! reunions by month, and its matches by state. Only counts, never records.
//!
//! Small counts can identify a family, so any count under [`SUPPRESS_BELOW`] (zero included,
//! or "fewer than 5" would tell that some exist) is given only as "fewer than 5", in the page
//! and in the JSON alike. No totals or subtotals are given: with a total, a suppressed cell
//! would be the total minus the others.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::auth::{Identity, Role};
use crate::clock::Clock;
use crate::consent::{Outcome, State};
use crate::db::schema::{accounts, match_candidates, registrations};
use crate::db::{Db, DbConn};
use crate::error::{AppError, AppResult};

/// Counts below this are suppressed.
pub const SUPPRESS_BELOW: i64 = 5;
/// Months shown, the current one last.
pub const MONTHS: usize = 12;

/// A published count: exact at [`SUPPRESS_BELOW`] or more, else only "fewer than 5".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Count {
    Exact(i64),
    FewerThan5,
}

impl Count {
    pub fn of(n: i64) -> Count {
        if n >= SUPPRESS_BELOW {
            Count::Exact(n)
        } else {
            Count::FewerThan5
        }
    }

    pub fn exact(self) -> Option<i64> {
        match self {
            Count::Exact(n) => Some(n),
            Count::FewerThan5 => None,
        }
    }
}

/// A count for one month (`YYYY-MM`) or one state.
#[derive(Debug, Clone)]
pub struct Bucket {
    pub key: String,
    pub count: Count,
}

#[derive(Debug, Clone)]
pub struct OrgStatistics {
    /// Assisted registrations the organization's caseworkers made, by month made.
    pub registrations: Vec<Bucket>,
    /// Matches the organization serves, by where they stand now.
    pub matches_by_state: Vec<Bucket>,
    /// Matches the organization serves that a family closed as reunited, by month.
    pub reunions: Vec<Bucket>,
}

#[derive(Clone)]
pub struct Statistics {
    db: Db,
    clock: Clock,
}

/// The `MONTHS` months up to and including the one of `now`, oldest first, as `YYYY-MM`.
fn months_until(now: NaiveDateTime) -> Vec<String> {
    let (mut y, mut m) = (now.year(), now.month());
    let mut out = Vec::with_capacity(MONTHS);
    for _ in 0..MONTHS {
        out.push(format!("{y:04}-{m:02}"));
        if m == 1 {
            y -= 1;
            m = 12;
        } else {
            m -= 1;
        }
    }
    out.reverse();
    out
}

fn month_of(t: NaiveDateTime) -> String {
    let d: NaiveDate = t.date();
    format!("{:04}-{:02}", d.year(), d.month())
}

fn by_month(months: &[String], times: impl IntoIterator<Item = NaiveDateTime>) -> Vec<Bucket> {
    let mut counts: BTreeMap<String, i64> = BTreeMap::new();
    for t in times {
        *counts.entry(month_of(t)).or_default() += 1;
    }
    months
        .iter()
        .map(|m| Bucket {
            key: m.clone(),
            count: Count::of(counts.get(m).copied().unwrap_or(0)),
        })
        .collect()
}

impl Statistics {
    pub fn new(db: Db, clock: Clock) -> Self {
        Statistics { db, clock }
    }

    /// The statistics of the organization admin's own organization; to anyone else this does
    /// not exist.
    pub async fn for_org_admin(&self, id: &Identity) -> AppResult<OrgStatistics> {
        let org = match (id.role, id.organization_id.as_deref()) {
            (Role::OrgAdmin, Some(org)) => org.to_string(),
            _ => return Err(AppError::NotFound),
        };
        let months = months_until(self.clock.now_naive());
        self.db
            .run(move |conn| organization_statistics(conn, &org, &months))
            .await
    }
}

fn organization_statistics(
    conn: &mut DbConn,
    org: &str,
    months: &[String],
) -> AppResult<OrgStatistics> {
    // Its staff, removed ones included: what they made stays the organization's.
    let staff: Vec<String> = accounts::table
        .filter(accounts::organization_id.eq(org))
        .select(accounts::id)
        .load(conn)?;
    let made: Vec<NaiveDateTime> = registrations::table
        .filter(
            registrations::owner_org_id
                .eq(org)
                .or(registrations::created_by.eq_any(&staff)),
        )
        .select(registrations::created_at)
        .load(conn)?;

    // Which matches it serves: those with a side of its own, and, when it serves
    // registrations of no organization, those with a side of none (the review queue's rule).
    // Counted in the database: the candidates of every organization never come into memory.
    let serves_unaffiliated = crate::consent::store::serves_unaffiliated(conn, org)?;
    let states: BTreeMap<String, i64> = crate::consent::store::served_by!(org, serves_unaffiliated)
        .group_by(match_candidates::status)
        .select((match_candidates::status, diesel::dsl::count_star()))
        .load::<(String, i64)>(conn)?
        .into_iter()
        .collect();
    let reunited = Outcome::Reunited.as_str();
    let reunions: Vec<NaiveDateTime> = crate::consent::store::served_by!(org, serves_unaffiliated)
        .filter(
            match_candidates::closed_a
                .eq(reunited)
                .or(match_candidates::closed_b.eq(reunited))
                .assume_not_null(),
        )
        .select(match_candidates::updated_at)
        .load(conn)?;
    Ok(OrgStatistics {
        registrations: by_month(months, made),
        matches_by_state: State::ALL
            .iter()
            .map(|s| Bucket {
                key: s.as_str().to_string(),
                count: Count::of(states.get(s.as_str()).copied().unwrap_or(0)),
            })
            .collect(),
        reunions: by_month(months, reunions),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_counts_are_suppressed_zero_included() {
        assert_eq!(Count::of(0), Count::FewerThan5);
        assert_eq!(Count::of(4), Count::FewerThan5);
        assert_eq!(Count::of(5), Count::Exact(5));
    }

    #[test]
    fn twelve_months_end_with_the_current_one_across_a_year() {
        let now = NaiveDate::from_ymd_opt(2026, 3, 15)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap();
        let m = months_until(now);
        assert_eq!(m.len(), 12);
        assert_eq!(m.first().unwrap(), "2025-04");
        assert_eq!(m.last().unwrap(), "2026-03");
        let b = by_month(&m, vec![now; 6]);
        assert_eq!(b.last().unwrap().count, Count::Exact(6));
        assert_eq!(b[0].count, Count::FewerThan5);
    }
}
