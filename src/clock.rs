//! The one source of "now". Services, sessions, TOTP, throttles, the outbox and background jobs
//! all read the time from a [`Clock`]: the system clock in production, a clock that tests move
//! forward instead of sleeping.
//!
//! [`Stopwatch`] measures elapsed real time (request latency, how long since a file was last
//! checked); it never decides anything a user sees.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

#[derive(Clone)]
pub struct Clock {
    source: Arc<Source>,
}

enum Source {
    System,
    /// The system clock plus an offset that only grows: time keeps flowing (TOTP codes, token
    /// lifetimes behave as in production) and a test can jump ahead.
    Shifted(AtomicI64),
    /// A clock that stands still until moved, for exact arithmetic in unit tests.
    Fixed(AtomicI64),
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match *self.source {
            Source::System => "system",
            Source::Shifted(_) => "shifted",
            Source::Fixed(_) => "fixed",
        };
        write!(f, "Clock({kind}, {})", self.now().to_rfc3339())
    }
}

fn system_now() -> DateTime<Utc> {
    Utc::now()
}

impl Clock {
    pub fn system() -> Self {
        Clock {
            source: Arc::new(Source::System),
        }
    }

    /// The system time, movable forward with [`Clock::advance`].
    pub fn shifted() -> Self {
        Clock {
            source: Arc::new(Source::Shifted(AtomicI64::new(0))),
        }
    }

    /// A clock standing at `at` until moved.
    pub fn fixed(at: DateTime<Utc>) -> Self {
        Clock {
            source: Arc::new(Source::Fixed(AtomicI64::new(at.timestamp_micros()))),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        match &*self.source {
            Source::System => system_now(),
            Source::Shifted(offset) => {
                system_now() + chrono::Duration::microseconds(offset.load(Ordering::SeqCst))
            }
            Source::Fixed(at) => DateTime::from_timestamp_micros(at.load(Ordering::SeqCst))
                .expect("a fixed clock holds a representable time"),
        }
    }

    /// "Now" as the database stores it: naive UTC, whole microseconds (both backends keep
    /// microseconds; anything finer would not survive a round trip).
    pub fn now_naive(&self) -> NaiveDateTime {
        let t = self.now();
        DateTime::from_timestamp_micros(t.timestamp_micros())
            .unwrap_or(t)
            .naive_utc()
    }

    pub fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }

    /// Seconds since the Unix epoch (TOTP steps, token claims).
    pub fn unix(&self) -> i64 {
        self.now().timestamp()
    }

    /// Move a test clock forward. The system clock cannot be moved: that is a bug in the caller.
    pub fn advance(&self, by: Duration) {
        let micros = i64::try_from(by.as_micros()).unwrap_or(i64::MAX);
        match &*self.source {
            Source::System => panic!("the system clock cannot be moved"),
            Source::Shifted(v) | Source::Fixed(v) => {
                v.fetch_add(micros, Ordering::SeqCst);
            }
        }
    }

    pub fn is_system(&self) -> bool {
        matches!(*self.source, Source::System)
    }
}

/// Elapsed real time, for measurements only.
#[derive(Debug, Clone, Copy)]
pub struct Stopwatch(Instant);

impl Stopwatch {
    pub fn start() -> Self {
        Stopwatch(Instant::now())
    }

    pub fn elapsed(&self) -> Duration {
        self.0.elapsed()
    }
}

/// A `chrono` duration from a `std` one, saturating.
pub fn chrono_duration(d: Duration) -> chrono::Duration {
    chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_clock_moves_only_when_told() {
        let t0 = DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let c = Clock::fixed(t0);
        assert_eq!(c.now(), t0);
        c.advance(Duration::from_secs(90));
        assert_eq!(c.now(), t0 + chrono::Duration::seconds(90));
        assert_eq!(c.unix(), t0.timestamp() + 90);
        // Clones share the time.
        let c2 = c.clone();
        c2.advance(Duration::from_secs(10));
        assert_eq!(c.now(), t0 + chrono::Duration::seconds(100));
    }

    #[test]
    fn shifted_clock_runs_ahead_of_the_system_clock() {
        let c = Clock::shifted();
        let before = system_now();
        c.advance(Duration::from_secs(3600));
        let t = c.now();
        assert!(t >= before + chrono::Duration::seconds(3600));
        assert!(t < system_now() + chrono::Duration::seconds(3660));
    }

    #[test]
    fn database_times_have_microseconds() {
        let c = Clock::system();
        let t = c.now_naive();
        assert_eq!(t.and_utc().timestamp_subsec_nanos() % 1000, 0);
    }

    #[test]
    #[should_panic(expected = "cannot be moved")]
    fn the_system_clock_cannot_be_moved() {
        Clock::system().advance(Duration::from_secs(1));
    }
}
