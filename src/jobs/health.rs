//! Whether the work that pages promise is being done: every periodic job and the matcher. It is
//! read from the database (the `jobs` rows, the match queue), never from one process's memory,
//! since the instance serving a page is often not the one running the jobs or the matcher.
//!
//! A job is late when its row says it was due more than [`LATE_AFTER`] ago and nobody has
//! claimed it since. The matcher writes a heartbeat into a row of its own (`matcher`, next due
//! [`MATCHER_BEAT`] after each beat); it is late when that heartbeat is overdue by
//! [`LATE_AFTER`], or when a queued record has waited longer than that.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{ALL, Jobs, store};
use crate::clock::chrono_duration;
use crate::db::schema::match_queue;
use crate::error::AppResult;

/// The row of the matcher's heartbeat in `jobs`.
pub const MATCHER: &str = "matcher";
/// How often a working matcher records that it is alive.
pub const MATCHER_BEAT: Duration = Duration::from_secs(30);
/// How late a job or the matcher may be before every page says so.
pub const LATE_AFTER: Duration = Duration::from_secs(10 * 60);

/// How long an instance shows what it last read of the health, instead of reading it for every
/// page. Lateness counts from [`LATE_AFTER`] (minutes), so a banner that comes or goes a few
/// seconds later on another instance changes nothing; this instance forgets what it read as
/// soon as it runs a job or the matcher beats, so its own pages never lag.
pub const HEALTH_REUSE: Duration = Duration::from_secs(5);

/// The last health read by this process and when (on the application clock). Not personal data
/// and not security state: only what the banner says.
#[derive(Clone, Default)]
pub struct HealthCache(Arc<Mutex<Option<(NaiveDateTime, Health)>>>);

impl HealthCache {
    fn lock(&self) -> std::sync::MutexGuard<'_, Option<(NaiveDateTime, Health)>> {
        match self.0.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    fn get(&self, now: NaiveDateTime) -> Option<Health> {
        let reuse = chrono_duration(HEALTH_REUSE);
        self.lock()
            .as_ref()
            .filter(|(at, _)| now >= *at && now - *at < reuse)
            .map(|(_, h)| h.clone())
    }

    fn put(&self, now: NaiveDateTime, health: &Health) {
        *self.lock() = Some((now, health.clone()));
    }

    /// Something that changes the health happened here: read it again for the next page.
    pub fn forget(&self) {
        *self.lock() = None;
    }
}

/// The parts that are late, by job name (and [`MATCHER`]), in a fixed order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Health {
    pub late: Vec<&'static str>,
}

impl Health {
    pub fn is_ok(&self) -> bool {
        self.late.is_empty()
    }

    /// Matching itself is late (registrants are told this in plain words).
    pub fn matching_late(&self) -> bool {
        self.late.contains(&MATCHER)
    }
}

/// Which parts are late at `now`, from each row's due time and the oldest queued record.
pub fn assess(
    due: &[(String, NaiveDateTime)],
    oldest_queued: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> Health {
    let limit = now - chrono_duration(LATE_AFTER);
    let overdue = |name: &str| due.iter().any(|(n, at)| n == name && *at < limit);
    let mut late: Vec<&'static str> = Vec::new();
    if overdue(MATCHER) || oldest_queued.is_some_and(|t| t < limit) {
        late.push(MATCHER);
    }
    late.extend(ALL.iter().map(|j| j.name).filter(|n| overdue(n)));
    Health { late }
}

/// Make the rows of every job and of the matcher's heartbeat (due now) if they are missing, so
/// that a part that never starts becomes late too. Run when a process starts serving.
pub fn ensure_rows(conn: &mut crate::db::DbConn, now: NaiveDateTime) -> QueryResult<()> {
    for name in ALL.iter().map(|j| j.name).chain([MATCHER]) {
        store::ensure(conn, name, now)?;
    }
    Ok(())
}

impl Jobs {
    /// What is late now (one read of `jobs` and of the oldest queued record, reused for
    /// [`HEALTH_REUSE`]: every page shows it, and the read was a third of a page's trips to
    /// the database).
    pub async fn health(&self) -> AppResult<Health> {
        let now = self.clock.now_naive();
        if let Some(health) = self.health_cache.get(now) {
            return Ok(health);
        }
        let health = self
            .db
            .run(move |conn| {
                let due = store::due_times(conn)?;
                let oldest: Option<NaiveDateTime> = match_queue::table
                    .select(diesel::dsl::min(match_queue::enqueued_at))
                    .first(conn)?;
                Ok(assess(&due, oldest, now))
            })
            .await?;
        self.health_cache.put(now, &health);
        Ok(health)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(min: i64) -> NaiveDateTime {
        chrono::DateTime::from_timestamp(1_800_000_000 + min * 60, 0)
            .unwrap()
            .naive_utc()
    }

    #[test]
    fn late_only_past_the_grace() {
        let due = vec![
            ("outbox".to_string(), at(0)),
            ("retention".to_string(), at(100)),
            (MATCHER.to_string(), at(0)),
        ];
        assert!(
            assess(&due, None, at(10)).is_ok(),
            "ten minutes is not late"
        );
        let h = assess(&due, None, at(11));
        assert_eq!(h.late, vec![MATCHER, "outbox"]);
        assert!(h.matching_late());
        // A live matcher with a record waiting too long is late as well.
        let due = vec![(MATCHER.to_string(), at(20))];
        assert!(assess(&due, Some(at(5)), at(15)).is_ok());
        assert_eq!(assess(&due, Some(at(4)), at(15)).late, vec![MATCHER]);
        // A part with no row (an older database, before start-up made it) is not judged.
        assert!(assess(&[], None, at(1000)).is_ok());
    }

    #[test]
    fn a_read_health_is_reused_briefly_and_forgotten_on_demand() {
        let cache = HealthCache::default();
        let t = at(0);
        let late = Health {
            late: vec![MATCHER],
        };
        assert_eq!(cache.get(t), None);
        cache.put(t, &late);
        let secs = |s: i64| t + chrono::Duration::seconds(s);
        assert_eq!(cache.get(secs(4)), Some(late.clone()));
        assert_eq!(cache.get(secs(5)), None, "read again after HEALTH_REUSE");
        assert_eq!(cache.get(secs(-1)), None, "a clock moved back reads again");
        cache.forget();
        assert_eq!(cache.get(t), None);
    }
}
