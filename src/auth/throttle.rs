//! Brute-force throttling without lockout (security.md §5 "Throttle, don't
//! lock out"; threats T8, T14).
//!
//! Lockout would hand an attacker a way to lock a registrant out of their
//! own account; a growing per-key delay makes guessing hopeless while the
//! owner can still get in. A global budget slows a botnet that sprays many
//! accounts, one guess each.
//!
//! Everything is in memory with the clock passed in, so tests drive time.
//! Keys are opaque strings: pass a keyed hash of the account id or of the
//! login identifier, never an IP address (no IPs are stored; T18).
//! Memory is bounded: idle entries are dropped and each map has a hard cap.
//!
//! The caller must answer a throttled attempt exactly like a wrong
//! passphrase (same status, body and timing; ASVS 6.3.8), or the throttle
//! becomes an account-existence oracle.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// A token-bucket rate: bursts of up to `capacity`, refilled evenly over `period`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub capacity: u32,
    pub period: Duration,
}

impl Rate {
    pub const fn per_minute(n: u32) -> Self {
        Self {
            capacity: n,
            period: Duration::from_secs(60),
        }
    }

    pub const fn new(capacity: u32, period: Duration) -> Self {
        Self { capacity, period }
    }

    // Integer arithmetic, so refills are exact: one token is `period_ns`
    // units and each elapsed nanosecond adds `capacity` units.
    fn unit(&self) -> u128 {
        self.period.as_nanos().max(1)
    }

    fn per_ns(&self) -> u128 {
        u128::from(self.capacity.max(1))
    }

    fn full(&self) -> u128 {
        self.per_ns() * self.unit()
    }
}

#[derive(Debug, Clone)]
struct Bucket {
    units: u128,
    last: Instant,
}

impl Bucket {
    fn full(rate: Rate, now: Instant) -> Self {
        Self {
            units: rate.full(),
            last: now,
        }
    }

    fn units_at(&self, rate: Rate, now: Instant) -> u128 {
        let elapsed = now.saturating_duration_since(self.last).as_nanos();
        self.units
            .saturating_add(elapsed.saturating_mul(rate.per_ns()))
            .min(rate.full())
    }

    fn is_full_at(&self, rate: Rate, now: Instant) -> bool {
        self.units_at(rate, now) >= rate.full()
    }

    fn take(&mut self, rate: Rate, now: Instant) -> Result<(), Duration> {
        self.units = self.units_at(rate, now);
        self.last = self.last.max(now);
        if self.units >= rate.unit() {
            self.units -= rate.unit();
            Ok(())
        } else {
            let missing = (rate.unit() - self.units).div_ceil(rate.per_ns());
            Err(Duration::from_nanos(
                u64::try_from(missing).unwrap_or(u64::MAX),
            ))
        }
    }
}

/// Settings for [`LoginThrottle`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginThrottleConfig {
    /// Delay after the first failure; doubles with each further failure.
    pub base_delay: Duration,
    /// Cap on the per-key delay.
    pub max_delay: Duration,
    /// A key with no failure for this long after its delay ran out starts
    /// again from `base_delay`. Long enough that waiting out the delay does
    /// not reset the doubling.
    pub forget_after: Duration,
    /// Attempts per period across all keys.
    pub global: Rate,
    /// Hard cap on tracked keys.
    pub max_keys: usize,
}

impl Default for LoginThrottleConfig {
    fn default() -> Self {
        Self {
            base_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(15 * 60),
            forget_after: Duration::from_secs(60 * 60),
            global: Rate::per_minute(600),
            max_keys: 100_000,
        }
    }
}

#[derive(Debug, Clone)]
struct Failures {
    count: u32,
    next_allowed: Instant,
    last_failure: Instant,
}

/// How often (in recorded events) idle entries are swept even below the cap.
const SWEEP_EVERY: u32 = 1024;

/// Per-key doubling delay plus a global attempt budget.
///
/// Per attempt: [`check`](Self::check) first (it spends one unit of the
/// global budget when it allows), then verify the passphrase, then
/// [`record_failure`](Self::record_failure) or
/// [`record_success`](Self::record_success).
#[derive(Debug)]
pub struct LoginThrottle {
    cfg: LoginThrottleConfig,
    keys: HashMap<String, Failures>,
    global: Bucket,
    since_sweep: u32,
}

impl LoginThrottle {
    pub fn new(cfg: LoginThrottleConfig, now: Instant) -> Self {
        Self {
            global: Bucket::full(cfg.global, now),
            cfg,
            keys: HashMap::new(),
            since_sweep: 0,
        }
    }

    /// `Ok` if an attempt for `key` may go ahead now; otherwise how long
    /// until it may.
    pub fn check(&mut self, key: &str, now: Instant) -> Result<(), Duration> {
        if let Some(f) = self.keys.get(key)
            && now < f.next_allowed
        {
            return Err(f.next_allowed - now);
        }
        self.global.take(self.cfg.global, now)
    }

    pub fn record_failure(&mut self, key: &str, now: Instant) {
        self.maybe_sweep(now);
        if !self.keys.contains_key(key) && self.keys.len() >= self.cfg.max_keys {
            self.make_room(now);
        }
        let fresh = Failures {
            count: 0,
            next_allowed: now,
            last_failure: now,
        };
        let forget_after = self.cfg.forget_after;
        let f = self
            .keys
            .entry(key.to_owned())
            .or_insert_with(|| fresh.clone());
        if is_forgotten(f, forget_after, now) {
            *f = fresh;
        }
        f.count = f.count.saturating_add(1);
        let delay = delay_after(self.cfg.base_delay, self.cfg.max_delay, f.count);
        f.next_allowed = now + delay;
        f.last_failure = now;
    }

    pub fn record_success(&mut self, key: &str) {
        self.keys.remove(key);
    }

    /// Drops keys whose failures are forgotten; call from a periodic task
    /// if you like, it also runs by itself.
    pub fn prune(&mut self, now: Instant) {
        let forget_after = self.cfg.forget_after;
        self.keys.retain(|_, f| !is_forgotten(f, forget_after, now));
        self.since_sweep = 0;
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The current delay for `key`, if any (for tests and metrics).
    pub fn delay_for(&self, key: &str, now: Instant) -> Option<Duration> {
        self.keys
            .get(key)
            .and_then(|f| f.next_allowed.checked_duration_since(now))
            .filter(|d| !d.is_zero())
    }

    fn maybe_sweep(&mut self, now: Instant) {
        self.since_sweep += 1;
        if self.since_sweep >= SWEEP_EVERY {
            self.prune(now);
        }
    }

    /// At the cap: drop forgotten keys, then the least recently failed tenth.
    /// An attacker flooding new keys cannot flush a key under attack, whose
    /// failures are the most recent.
    fn make_room(&mut self, now: Instant) {
        self.prune(now);
        if self.keys.len() < self.cfg.max_keys {
            return;
        }
        let mut ages: Vec<(Instant, String)> = self
            .keys
            .iter()
            .map(|(k, f)| (f.last_failure, k.clone()))
            .collect();
        let evict = (self.cfg.max_keys / 10).max(1).min(ages.len());
        ages.select_nth_unstable_by_key(evict - 1, |(t, _)| *t);
        for (_, k) in &ages[..evict] {
            self.keys.remove(k);
        }
    }
}

fn is_forgotten(f: &Failures, forget_after: Duration, now: Instant) -> bool {
    // An unrepresentable instant is never reached.
    f.next_allowed
        .checked_add(forget_after)
        .is_some_and(|t| now >= t)
}

/// `base × 2^(count−1)`, capped at `max`.
fn delay_after(base: Duration, max: Duration, count: u32) -> Duration {
    let shift = count.saturating_sub(1).min(31);
    base.checked_mul(1u32 << shift).unwrap_or(max).min(max)
}

/// Token bucket per key: e.g. sign-ups per minute (one global key),
/// recovery or TOTP attempts per account.
#[derive(Debug)]
pub struct RateLimiter {
    rate: Rate,
    buckets: HashMap<String, Bucket>,
    max_keys: usize,
    since_sweep: u32,
}

impl RateLimiter {
    pub fn new(rate: Rate, max_keys: usize) -> Self {
        Self {
            rate,
            buckets: HashMap::new(),
            max_keys: max_keys.max(1),
            since_sweep: 0,
        }
    }

    /// Takes one token for `key` if there is one.
    pub fn allow(&mut self, key: &str, now: Instant) -> bool {
        self.try_acquire(key, now).is_ok()
    }

    /// Like [`allow`](Self::allow), but says how long until a token is due.
    pub fn try_acquire(&mut self, key: &str, now: Instant) -> Result<(), Duration> {
        self.since_sweep += 1;
        if self.since_sweep >= SWEEP_EVERY {
            self.prune(now);
        }
        if !self.buckets.contains_key(key) && self.buckets.len() >= self.max_keys {
            self.make_room(now);
        }
        let rate = self.rate;
        self.buckets
            .entry(key.to_owned())
            .or_insert_with(|| Bucket::full(rate, now))
            .take(rate, now)
    }

    /// Drops buckets that have refilled: a full bucket behaves exactly like
    /// an absent one, so this changes no decision.
    pub fn prune(&mut self, now: Instant) {
        let rate = self.rate;
        self.buckets.retain(|_, b| !b.is_full_at(rate, now));
        self.since_sweep = 0;
    }

    pub fn len(&self) -> usize {
        self.buckets.len()
    }

    pub fn is_empty(&self) -> bool {
        self.buckets.is_empty()
    }

    /// At the cap: drop full buckets, then the fullest tenth, which lose
    /// the least; a drained bucket (a key under attack) is dropped last.
    fn make_room(&mut self, now: Instant) {
        self.prune(now);
        if self.buckets.len() < self.max_keys {
            return;
        }
        let rate = self.rate;
        let mut fill: Vec<(u128, String)> = self
            .buckets
            .iter()
            .map(|(k, b)| (b.units_at(rate, now), k.clone()))
            .collect();
        let evict = (self.max_keys / 10).max(1).min(fill.len());
        fill.select_nth_unstable_by(evict - 1, |a, b| b.0.cmp(&a.0));
        for (_, k) in &fill[..evict] {
            self.buckets.remove(k);
        }
    }
}

/// Settings for [`Throttles`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottlesConfig {
    pub login: LoginThrottleConfig,
    /// Registrations across the whole service (T14).
    pub signup: Rate,
    /// Recovery-code or email-code attempts per account.
    pub recovery: Rate,
    /// TOTP attempts per account: 5 per 5 minutes (security.md §5).
    pub totp: Rate,
    /// Emails (verification or recovery codes) sent per account, so the
    /// service cannot be used to flood a mailbox.
    pub email_send: Rate,
    /// Cap on tracked keys per per-account limiter.
    pub max_keys: usize,
}

impl Default for ThrottlesConfig {
    fn default() -> Self {
        Self {
            login: LoginThrottleConfig::default(),
            signup: Rate::per_minute(20),
            recovery: Rate::new(5, Duration::from_secs(15 * 60)),
            totp: Rate::new(5, Duration::from_secs(5 * 60)),
            email_send: Rate::new(3, Duration::from_secs(60 * 60)),
            max_keys: 100_000,
        }
    }
}

/// All limiters behind mutexes, for the app state. Locks are held only for
/// a map update, never across an await.
#[derive(Debug)]
pub struct Throttles {
    login: Mutex<LoginThrottle>,
    signup: Mutex<RateLimiter>,
    recovery: Mutex<RateLimiter>,
    totp: Mutex<RateLimiter>,
    email_send: Mutex<RateLimiter>,
}

/// The key for global limiters such as sign-ups.
pub const GLOBAL_KEY: &str = "";

impl Throttles {
    pub fn new(cfg: ThrottlesConfig, now: Instant) -> Self {
        Self {
            login: Mutex::new(LoginThrottle::new(cfg.login, now)),
            signup: Mutex::new(RateLimiter::new(cfg.signup, 1)),
            recovery: Mutex::new(RateLimiter::new(cfg.recovery, cfg.max_keys)),
            totp: Mutex::new(RateLimiter::new(cfg.totp, cfg.max_keys)),
            email_send: Mutex::new(RateLimiter::new(cfg.email_send, cfg.max_keys)),
        }
    }

    // A panic while holding a lock can at worst leave one counter stale,
    // so poisoning is ignored rather than taking login down with it.
    pub fn login(&self) -> MutexGuard<'_, LoginThrottle> {
        self.login.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn signup(&self) -> MutexGuard<'_, RateLimiter> {
        self.signup.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn recovery(&self) -> MutexGuard<'_, RateLimiter> {
        self.recovery.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn totp(&self) -> MutexGuard<'_, RateLimiter> {
        self.totp.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn email_send(&self) -> MutexGuard<'_, RateLimiter> {
        self.email_send
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// One sign-up against the global budget.
    pub fn allow_signup(&self, now: Instant) -> bool {
        self.signup().allow(GLOBAL_KEY, now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secs(s: u64) -> Duration {
        Duration::from_secs(s)
    }

    fn lenient_global() -> LoginThrottleConfig {
        LoginThrottleConfig {
            global: Rate::per_minute(1_000_000),
            ..LoginThrottleConfig::default()
        }
    }

    #[test]
    fn twenty_failures_give_growing_capped_delay() {
        let t0 = Instant::now();
        let mut th = LoginThrottle::new(lenient_global(), t0);
        let mut now = t0;
        let mut delays = Vec::new();
        for _ in 0..20 {
            assert_eq!(th.check("victim", now), Ok(()));
            th.record_failure("victim", now);
            let d = th.delay_for("victim", now).unwrap();
            // Trying again just before the delay ends is refused with the rest.
            assert_eq!(th.check("victim", now + d - secs(1) / 2), Err(secs(1) / 2));
            delays.push(d);
            now += d;
        }
        let want: Vec<Duration> = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512]
            .into_iter()
            .chain([900; 10])
            .map(secs)
            .collect();
        assert_eq!(delays, want);
        // The right passphrase still works once the delay has passed: no lockout.
        assert_eq!(th.check("victim", now), Ok(()));
        th.record_success("victim");
        assert_eq!(th.delay_for("victim", now), None);
    }

    #[test]
    fn success_resets() {
        let t0 = Instant::now();
        let mut th = LoginThrottle::new(lenient_global(), t0);
        for i in 0..5 {
            th.record_failure("k", t0 + secs(i * 100));
        }
        th.record_success("k");
        assert_eq!(th.check("k", t0 + secs(500)), Ok(()));
        th.record_failure("k", t0 + secs(500));
        assert_eq!(th.delay_for("k", t0 + secs(500)), Some(secs(1)));
    }

    #[test]
    fn other_keys_are_unaffected() {
        let t0 = Instant::now();
        let mut th = LoginThrottle::new(lenient_global(), t0);
        for i in 0..10 {
            th.record_failure("victim", t0 + secs(i));
        }
        assert!(th.check("victim", t0 + secs(10)).is_err());
        assert_eq!(th.check("bystander", t0 + secs(10)), Ok(()));
        assert_eq!(th.delay_for("bystander", t0 + secs(10)), None);
    }

    #[test]
    fn waiting_out_the_delay_does_not_reset_doubling() {
        let t0 = Instant::now();
        let mut th = LoginThrottle::new(lenient_global(), t0);
        for _ in 0..3 {
            th.record_failure("k", t0);
        }
        // Delay is 4 s; come back a minute later.
        let later = t0 + secs(60);
        assert_eq!(th.check("k", later), Ok(()));
        th.record_failure("k", later);
        assert_eq!(th.delay_for("k", later), Some(secs(8)));
        // After forget_after past the delay, it starts over.
        let much_later = later + secs(8) + secs(3600);
        th.record_failure("k", much_later);
        assert_eq!(th.delay_for("k", much_later), Some(secs(1)));
    }

    #[test]
    fn global_budget_trips_and_refills() {
        let t0 = Instant::now();
        let cfg = LoginThrottleConfig {
            global: Rate::per_minute(60),
            ..LoginThrottleConfig::default()
        };
        let mut th = LoginThrottle::new(cfg, t0);
        // A spray: one guess each on many accounts.
        for i in 0..60 {
            let key = format!("acct-{i}");
            assert_eq!(th.check(&key, t0), Ok(()), "{i}");
            th.record_failure(&key, t0);
        }
        // Budget spent: even a never-seen key waits about a second.
        let wait = th.check("fresh", t0).unwrap_err();
        assert!(wait > Duration::ZERO && wait <= secs(1), "{wait:?}");
        // Refill is one token per second.
        assert_eq!(th.check("fresh", t0 + secs(1)), Ok(()));
        assert!(th.check("fresh2", t0 + secs(1)).is_err());
        // A full minute refills the whole budget, and no more.
        let later = t0 + secs(1000);
        for i in 0..60 {
            assert_eq!(th.check(&format!("later-{i}"), later), Ok(()));
        }
        assert!(th.check("later-x", later).is_err());
    }

    #[test]
    fn throttled_check_does_not_spend_global_budget() {
        let t0 = Instant::now();
        let cfg = LoginThrottleConfig {
            global: Rate::per_minute(2),
            ..LoginThrottleConfig::default()
        };
        let mut th = LoginThrottle::new(cfg, t0);
        th.record_failure("k", t0);
        for _ in 0..10 {
            assert!(th.check("k", t0).is_err());
        }
        assert_eq!(th.check("a", t0), Ok(()));
        assert_eq!(th.check("b", t0), Ok(()));
        assert!(th.check("c", t0).is_err());
    }

    #[test]
    fn login_memory_stays_bounded() {
        let t0 = Instant::now();
        let cfg = LoginThrottleConfig {
            max_keys: 1_000,
            ..lenient_global()
        };
        let mut th = LoginThrottle::new(cfg, t0);
        // The victim is attacked throughout; a flood of fresh keys around it.
        for i in 0..20_000u64 {
            let now = t0 + Duration::from_millis(i);
            th.record_failure(&format!("spray-{i}"), now);
            if i % 100 == 0 {
                th.record_failure("victim", now);
            }
            assert!(th.len() <= 1_000);
        }
        let end = t0 + Duration::from_millis(20_000);
        assert!(
            th.delay_for("victim", end).is_some(),
            "victim's count was flushed"
        );
        // Idle entries disappear once forgotten.
        th.prune(end + secs(2 * 3600));
        assert!(th.is_empty());
    }

    #[test]
    fn delay_arithmetic_saturates() {
        let max = secs(900);
        assert_eq!(delay_after(secs(1), max, 1), secs(1));
        assert_eq!(delay_after(secs(1), max, 10), secs(512));
        assert_eq!(delay_after(secs(1), max, 11), max);
        assert_eq!(delay_after(secs(1), max, u32::MAX), max);
        assert_eq!(delay_after(Duration::MAX / 2, max, 40), max);
    }

    #[test]
    fn rate_limiter_per_key() {
        let t0 = Instant::now();
        let mut rl = RateLimiter::new(Rate::new(5, secs(300)), 100);
        for _ in 0..5 {
            assert!(rl.allow("acct", t0));
        }
        assert!(!rl.allow("acct", t0));
        assert_eq!(rl.try_acquire("acct", t0), Err(secs(60)));
        assert!(rl.allow("other", t0));
        // One token per minute.
        assert!(rl.allow("acct", t0 + secs(60)));
        assert!(!rl.allow("acct", t0 + secs(61)));
        // Never more than the burst, however long it waits.
        let later = t0 + secs(86_400);
        for _ in 0..5 {
            assert!(rl.allow("acct", later));
        }
        assert!(!rl.allow("acct", later));
    }

    #[test]
    fn rate_limiter_memory_stays_bounded() {
        let t0 = Instant::now();
        let mut rl = RateLimiter::new(Rate::new(3, secs(3600)), 500);
        // Drain the victim first.
        for _ in 0..3 {
            assert!(rl.allow("victim", t0));
        }
        for i in 0..10_000 {
            rl.allow(&format!("spray-{i}"), t0 + Duration::from_millis(i));
            assert!(rl.len() <= 500);
        }
        // The drained bucket was kept: the victim is still limited.
        assert!(!rl.allow("victim", t0 + secs(10)));
        // Refilled buckets are equivalent to absent ones and get pruned.
        rl.prune(t0 + secs(7200));
        assert!(rl.is_empty());
    }

    #[test]
    fn backwards_clock_is_harmless() {
        let t0 = Instant::now() + secs(100);
        let mut rl = RateLimiter::new(Rate::per_minute(1), 10);
        assert!(rl.allow("k", t0));
        assert!(!rl.allow("k", t0 - secs(50)));
        assert!(rl.allow("k", t0 + secs(60)));
    }

    #[test]
    fn throttles_bundle() {
        let t0 = Instant::now();
        let th = Throttles::new(ThrottlesConfig::default(), t0);
        for _ in 0..20 {
            assert!(th.allow_signup(t0));
        }
        assert!(!th.allow_signup(t0));
        assert!(th.allow_signup(t0 + secs(3)));

        for _ in 0..5 {
            assert!(th.totp().allow("staff-1", t0));
        }
        assert!(!th.totp().allow("staff-1", t0));
        assert!(th.totp().allow("staff-1", t0 + secs(60)));

        th.login().record_failure("k", t0);
        assert!(th.login().check("k", t0).is_err());
        assert!(th.recovery().allow("k", t0));
        assert!(th.email_send().allow("k", t0));
    }
}
