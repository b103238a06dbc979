//! Brute-force throttling without lockout (security.md §5 "Throttle, don't lock out"; threats
//! T8, T14): the arithmetic only. State lives in the database (`limits`), so every instance
//! shares it; time is passed in as microseconds since the epoch, so tests drive it.
//!
//! - [`Rate`]: a rate with bursts, as GCRA (the generic cell rate algorithm): one timestamp per
//!   key, the "theoretical arrival time", is all the state a token bucket needs.
//! - [`Backoff`]: a per-key delay that doubles with each failure, capped, forgotten after a quiet
//!   spell. Lockout would hand an attacker a way to lock a family out of its own account; a
//!   growing delay makes guessing hopeless while the owner can still get in.
//!
//! Callers must answer a throttled attempt exactly like a wrong passphrase (same status, body and
//! timing; ASVS 6.3.8), or the throttle becomes an account-existence oracle.

use std::time::Duration;

const MICROS: i64 = 1_000_000;

fn micros(d: Duration) -> i64 {
    i64::try_from(d.as_micros()).unwrap_or(i64::MAX)
}

fn duration(us: i64) -> Duration {
    Duration::from_micros(u64::try_from(us.max(0)).unwrap_or(0))
}

/// Bursts of up to `capacity`, refilled evenly over `period`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub capacity: u32,
    pub period: Duration,
}

impl Rate {
    pub const fn new(capacity: u32, period: Duration) -> Self {
        Self { capacity, period }
    }

    pub const fn per_minute(n: u32) -> Self {
        Self::new(n, Duration::from_secs(60))
    }

    /// Time one unit of the budget takes to come back.
    fn interval(&self) -> i64 {
        (micros(self.period) / i64::from(self.capacity.max(1))).max(1)
    }

    /// Take one unit at `now`, given the key's stored arrival time (`None`: never used, or
    /// forgotten). `Ok(new arrival time)` to store, or how long until a unit is free.
    pub fn take(&self, tat: Option<i64>, now: i64) -> Result<i64, Duration> {
        let start = tat.map_or(now, |t| t.max(now));
        let next = start.saturating_add(self.interval());
        let over = next - now - micros(self.period);
        if over > 0 {
            Err(duration(over))
        } else {
            Ok(next)
        }
    }

    /// After this time a key's row behaves exactly like an absent one and may be deleted.
    pub fn forget_at(&self, tat: i64) -> i64 {
        tat
    }
}

/// Settings of a doubling delay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    /// Failures that cost no wait: a typo or two never holds the right passphrase back (and
    /// make a person think they misremembered it). Guessing gains a few tries an hour at most.
    pub free: u32,
    /// Delay after the first failure past the free ones; doubles with each further failure.
    pub base: Duration,
    /// Cap on the delay.
    pub max: Duration,
    /// A key with no failure for this long after its delay ran out starts again from `base`.
    /// Long enough that waiting out the delay does not reset the doubling.
    pub forget_after: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Self {
            free: 3,
            base: Duration::from_secs(1),
            max: Duration::from_secs(15 * 60),
            forget_after: Duration::from_secs(60 * 60),
        }
    }
}

/// The failures of one key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Failures {
    pub count: u32,
    /// When the next attempt may go ahead (µs since the epoch).
    pub next_allowed: i64,
}

impl Backoff {
    /// `Ok` if an attempt may go ahead now, else how long until it may.
    pub fn check(&self, state: Option<Failures>, now: i64) -> Result<(), Duration> {
        match state {
            Some(f) if now < f.next_allowed => Err(duration(f.next_allowed - now)),
            _ => Ok(()),
        }
    }

    fn is_forgotten(&self, f: &Failures, now: i64) -> bool {
        now >= f.next_allowed.saturating_add(micros(self.forget_after))
    }

    /// The state after one more failure at `now`.
    pub fn after_failure(&self, state: Option<Failures>, now: i64) -> Failures {
        let count = match state {
            Some(f) if !self.is_forgotten(&f, now) => f.count.saturating_add(1),
            _ => 1,
        };
        Failures {
            count,
            next_allowed: now.saturating_add(micros(self.delay_after(count))),
        }
    }

    /// Nothing for the first `free` failures, then `base × 2^(count−free−1)`, capped at `max`.
    pub fn delay_after(&self, count: u32) -> Duration {
        if count <= self.free {
            return Duration::ZERO;
        }
        let shift = (count - self.free - 1).min(31);
        self.base
            .checked_mul(1u32 << shift)
            .unwrap_or(self.max)
            .min(self.max)
    }

    /// When a key's row may be deleted without changing any decision.
    pub fn forget_at(&self, f: &Failures) -> i64 {
        f.next_allowed.saturating_add(micros(self.forget_after))
    }
}

/// Seconds as microseconds, for callers building timestamps.
pub const fn secs(s: i64) -> i64 {
    s * MICROS
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: i64 = 1_800_000_000 * MICROS;

    fn s(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    #[test]
    fn twenty_failures_give_growing_capped_delay() {
        let b = Backoff::default();
        let mut state = None;
        let mut now = T0;
        let mut delays = Vec::new();
        for _ in 0..20 {
            assert_eq!(b.check(state, now), Ok(()));
            let f = b.after_failure(state, now);
            let d = duration(f.next_allowed - now);
            // Trying again half a second before the delay ends is refused with the rest.
            assert_eq!(
                b.check(Some(f), f.next_allowed - MICROS / 2),
                Err(Duration::from_millis(500))
            );
            delays.push(d);
            state = Some(f);
            now = f.next_allowed;
        }
        let want: Vec<Duration> = [0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512]
            .into_iter()
            .chain([900; 7])
            .map(s)
            .collect();
        assert_eq!(delays, want);
        // No lockout: once the delay has passed an attempt goes ahead.
        assert_eq!(b.check(state, now), Ok(()));
    }

    #[test]
    fn waiting_out_the_delay_does_not_reset_doubling_but_a_quiet_hour_does() {
        let b = Backoff::default();
        let mut f = None;
        for _ in 0..6 {
            f = Some(b.after_failure(f, T0));
        }
        // Delay is 4 s; come back a minute later: the next failure waits 8 s.
        let later = T0 + secs(60);
        let f7 = b.after_failure(f, later);
        assert_eq!(f7.count, 7);
        assert_eq!(f7.next_allowed - later, secs(8));
        // An hour after the delay ran out it starts over, free tries included.
        let much_later = f7.next_allowed + secs(3600);
        let fresh = b.after_failure(Some(f7), much_later);
        assert_eq!(fresh.count, 1);
        assert_eq!(fresh.next_allowed, much_later);
        assert_eq!(b.forget_at(&f7), f7.next_allowed + secs(3600));
    }

    #[test]
    fn a_few_typos_cost_no_wait() {
        let b = Backoff::default();
        let mut f = None;
        for typo in 1..=3 {
            f = Some(b.after_failure(f, T0));
            assert_eq!(
                b.check(f, T0),
                Ok(()),
                "typo {typo}: the next try goes ahead"
            );
        }
        f = Some(b.after_failure(f, T0));
        assert_eq!(b.check(f, T0), Err(s(1)), "the fourth wrong try waits");
    }

    #[test]
    fn delay_arithmetic_saturates() {
        let b = Backoff::default();
        assert_eq!(b.delay_after(1), s(0));
        assert_eq!(b.delay_after(4), s(1));
        assert_eq!(b.delay_after(13), s(512));
        assert_eq!(b.delay_after(14), s(900));
        assert_eq!(b.delay_after(u32::MAX), s(900));
        let huge = Backoff {
            base: Duration::MAX / 2,
            ..Backoff::default()
        };
        assert_eq!(huge.delay_after(40), s(900));
    }

    #[test]
    fn rate_allows_a_burst_then_refills_evenly() {
        let r = Rate::new(5, s(300));
        let mut tat = None;
        for _ in 0..5 {
            tat = Some(r.take(tat, T0).expect("within the burst"));
        }
        // The sixth waits one interval (a minute).
        assert_eq!(r.take(tat, T0), Err(s(60)));
        assert_eq!(r.take(tat, T0 + secs(30)), Err(s(30)));
        tat = Some(r.take(tat, T0 + secs(60)).expect("one unit back"));
        assert!(r.take(tat, T0 + secs(61)).is_err());
        // Never more than the burst, however long it waits.
        let later = T0 + secs(86_400);
        let mut t = tat;
        for _ in 0..5 {
            t = Some(r.take(t, later).unwrap());
        }
        assert!(r.take(t, later).is_err());
        // Once the arrival time has passed, the key is as good as absent.
        let forget = r.forget_at(t.unwrap());
        assert_eq!(r.take(t, forget), r.take(None, forget));
    }

    #[test]
    fn rate_per_minute_spray() {
        let r = Rate::per_minute(60);
        let mut tat = None;
        for i in 0..60 {
            tat = Some(r.take(tat, T0).unwrap_or_else(|_| panic!("{i}")));
        }
        let wait = r.take(tat, T0).unwrap_err();
        assert!(wait > Duration::ZERO && wait <= s(1), "{wait:?}");
        assert!(r.take(tat, T0 + secs(1)).is_ok());
    }

    #[test]
    fn a_clock_going_backwards_is_harmless() {
        let r = Rate::per_minute(1);
        let tat = r.take(None, T0 + secs(100)).unwrap();
        assert!(r.take(Some(tat), T0 + secs(50)).is_err());
        assert!(r.take(Some(tat), T0 + secs(160)).is_ok());
    }
}
