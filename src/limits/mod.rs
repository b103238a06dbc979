//! Throttles and budgets kept in the database, so every instance on one PostgreSQL sees the
//! same counts (architecture.md, "Several instances"). The arithmetic is `auth::throttle`; this
//! service finds the row, locks it, decides and writes, inside one transaction.
//!
//! Keys are keyed hashes of what they count (a canonical login, a source, an account id) under
//! a key that changes every UTC day, so a stolen database cannot link a row to a login, and a
//! row says nothing once its day is over. Rows are deleted once they change no decision.

pub mod store;

use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDateTime;
use hmac::{KeyInit, Mac};

use self::store::LimitRow;
use crate::auth::{Backoff, Failures, Rate};
use crate::clock::{Clock, chrono_duration};
use crate::crypto::SecretKey;
use crate::db::{Db, DbConn};
use crate::error::AppResult;

/// The hashed name of one counter.
#[derive(Clone, PartialEq, Eq)]
pub struct LimitKey([u8; 32]);

impl std::fmt::Debug for LimitKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LimitKey(..)")
    }
}

/// Where a request came from, as far as budgets care: a network source, or none (a client of
/// the onion service, whose floods Tor's own defences stop). Only ever used hashed; its `Debug`
/// shows nothing, so it cannot reach a log.
#[derive(Clone, PartialEq, Eq)]
pub struct Source(Option<String>);

impl Source {
    /// A network address, as the caller determined it (the peer, or the client a trusted proxy
    /// vouches for). IPv6 addresses count by their /64, which one client usually holds whole.
    pub fn network(addr: std::net::IpAddr) -> Self {
        let text = match addr {
            std::net::IpAddr::V4(v4) => v4.to_string(),
            std::net::IpAddr::V6(v6) => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        };
        Source(Some(text))
    }

    /// No network source to count by.
    pub fn unknown() -> Self {
        Source(None)
    }

    fn value(&self) -> Option<&str> {
        self.0.as_deref()
    }
}

impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Source(..)")
    }
}

/// Nothing in `limits` outlives this, whatever its state says.
const MAX_ROW_LIFE: Duration = Duration::from_secs(24 * 3600);

#[derive(Clone)]
pub struct Limits {
    db: Db,
    clock: Clock,
    secret: Arc<SecretKey>,
}

fn micros_to_time(us: i64) -> NaiveDateTime {
    chrono::DateTime::from_timestamp_micros(us)
        .unwrap_or_default()
        .naive_utc()
}

impl Limits {
    pub fn new(db: Db, clock: Clock, secret: SecretKey) -> Self {
        Limits {
            db,
            clock,
            secret: Arc::new(secret),
        }
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// The key counting `value` within `scope` (e.g. `"login"`, a canonical login), under
    /// today's key.
    pub fn key(&self, scope: &str, value: &str) -> LimitKey {
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(self.secret.expose_secret())
            .expect("any key length");
        mac.update(self.clock.today().to_string().as_bytes());
        mac.update(&[0]);
        mac.update(scope.as_bytes());
        mac.update(&[0]);
        mac.update(value.as_bytes());
        LimitKey(mac.finalize().into_bytes().into())
    }

    /// The key of `source`'s own budget in `scope`, if the source is known.
    pub fn source_key(&self, scope: &str, source: &Source) -> Option<LimitKey> {
        source
            .value()
            .map(|v| self.key(&format!("{scope}-source"), v))
    }

    fn now_us(&self) -> i64 {
        self.clock.now().timestamp_micros()
    }

    fn expiry(&self, forget_at_us: i64) -> NaiveDateTime {
        let cap = self.clock.now_naive() + chrono_duration(MAX_ROW_LIFE);
        micros_to_time(forget_at_us).min(cap)
    }

    /// Take one unit of `rate` for `key`, in the caller's write transaction. `Ok(Err(wait))`
    /// when the budget is spent: nothing is taken then.
    pub fn take_in(
        &self,
        conn: &mut DbConn,
        key: &LimitKey,
        rate: Rate,
    ) -> AppResult<Result<(), Duration>> {
        let now = self.now_us();
        let mut row = store::lock(conn, &key.0, self.clock.now_naive())?;
        let tat = (row.until_us > 0).then_some(row.until_us);
        match rate.take(tat, now) {
            Ok(next) => {
                row.until_us = next;
                row.expires_at = self.expiry(rate.forget_at(next));
                store::save(conn, &row)?;
                Ok(Ok(()))
            }
            Err(wait) => Ok(Err(wait)),
        }
    }

    /// [`take_in`](Self::take_in) in a transaction of its own.
    pub async fn take(&self, key: LimitKey, rate: Rate) -> AppResult<Result<(), Duration>> {
        let this = self.clone();
        self.db
            .write(move |conn| this.take_in(conn, &key, rate))
            .await
    }

    /// Several budgets at once: each is taken only if all have room (for example a source's own
    /// budget and the service-wide ceiling). The longest wait otherwise.
    pub fn take_all_in(
        &self,
        conn: &mut DbConn,
        budgets: &[(LimitKey, Rate)],
    ) -> AppResult<Result<(), Duration>> {
        let now = self.now_us();
        let mut rows = Vec::with_capacity(budgets.len());
        let mut wait = Duration::ZERO;
        for (key, rate) in budgets {
            let row = store::lock(conn, &key.0, self.clock.now_naive())?;
            let tat = (row.until_us > 0).then_some(row.until_us);
            match rate.take(tat, now) {
                Ok(next) => rows.push((row, next, *rate)),
                Err(w) => wait = wait.max(w),
            }
        }
        if !wait.is_zero() {
            return Ok(Err(wait));
        }
        for (mut row, next, rate) in rows {
            row.until_us = next;
            row.expires_at = self.expiry(rate.forget_at(next));
            store::save(conn, &row)?;
        }
        Ok(Ok(()))
    }

    pub async fn take_all(
        &self,
        budgets: Vec<(LimitKey, Rate)>,
    ) -> AppResult<Result<(), Duration>> {
        let this = self.clone();
        self.db
            .write(move |conn| this.take_all_in(conn, &budgets))
            .await
    }

    fn failures(row: &LimitRow) -> Option<Failures> {
        (row.count > 0).then(|| Failures {
            count: u32::try_from(row.count).unwrap_or(u32::MAX),
            next_allowed: row.until_us,
        })
    }

    /// Whether an attempt for `key` may go ahead under `backoff` (reads only).
    pub fn backoff_check_in(
        &self,
        conn: &mut DbConn,
        key: &LimitKey,
        backoff: &Backoff,
    ) -> AppResult<Result<(), Duration>> {
        let state = store::find(conn, &key.0)?.and_then(|r| Self::failures(&r));
        Ok(backoff.check(state, self.now_us()))
    }

    pub async fn backoff_check(
        &self,
        key: LimitKey,
        backoff: Backoff,
    ) -> AppResult<Result<(), Duration>> {
        let this = self.clone();
        self.db
            .run(move |conn| this.backoff_check_in(conn, &key, &backoff))
            .await
    }

    /// Count a failure for `key`: its delay doubles.
    pub fn backoff_fail_in(
        &self,
        conn: &mut DbConn,
        key: &LimitKey,
        backoff: &Backoff,
    ) -> AppResult<()> {
        let mut row = store::lock(conn, &key.0, self.clock.now_naive())?;
        let next = backoff.after_failure(Self::failures(&row), self.now_us());
        row.count = i64::from(next.count);
        row.until_us = next.next_allowed;
        row.expires_at = self.expiry(backoff.forget_at(&next));
        store::save(conn, &row)?;
        Ok(())
    }

    pub async fn backoff_fail(&self, key: LimitKey, backoff: Backoff) -> AppResult<()> {
        let this = self.clone();
        self.db
            .write(move |conn| this.backoff_fail_in(conn, &key, &backoff))
            .await
    }

    /// How many failures a key holds (for operators' tools and tests).
    pub async fn failures_of(&self, key: LimitKey) -> AppResult<u32> {
        self.db
            .run(move |conn| {
                Ok(store::find(conn, &key.0)?
                    .and_then(|r| Self::failures(&r))
                    .map_or(0, |f| f.count))
            })
            .await
    }

    /// Forget a key (a success resets a delay).
    pub fn reset_in(&self, conn: &mut DbConn, key: &LimitKey) -> AppResult<()> {
        store::delete(conn, &key.0)?;
        Ok(())
    }

    /// Delete rows that change no decision any more.
    pub fn purge_in(&self, conn: &mut DbConn) -> AppResult<usize> {
        Ok(store::purge(conn, self.clock.now_naive())?)
    }
}
