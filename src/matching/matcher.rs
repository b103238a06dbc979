//! The matcher: consumes `match_queue` one record at a time (all rows queued for a record are
//! handled as one), keeps every active record's features in an in-memory [`Index`], and writes
//! the record's candidates in the same transaction that removes its queue rows. It opens
//! features with the matcher's secret (match data keys) and seals what it finds to the review
//! key; it never needs the KEKs that open records.
//!
//! Only one matcher works at a time ([`super::lock`]); whoever takes over loads the index from
//! the database again, so nothing depends on one process's memory.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use anyhow::anyhow;
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::candidates::{PairKind, banded_against, base_kind};
use super::features::{Features, RecordKind};
use super::index::{Index, Slot};
use super::model::{Band, Model};
use super::score::{Explanation, Scored, compare};
use super::store::{self, CandidateRow, Queued};
use crate::audit::{Actor, Audit, Event};
use crate::clock::Clock;
use crate::db::{Db, DbConn, write_tx};
use crate::error::{AppError, AppResult};
use crate::vault::Vault;

/// Feature rows read per query when loading the index.
const LOAD_BATCH: i64 = 2000;

/// What the review key opens: the score and the explanation of each record pair.
#[derive(Serialize)]
struct Review<'a> {
    kind: &'static str,
    band: &'static str,
    pairs: Vec<ReviewPair<'a>>,
}

#[derive(Serialize)]
struct ReviewPair<'a> {
    records: (&'a str, &'a str),
    score: f64,
    explanation: &'a Explanation,
}

/// A candidate the index says should be open now.
struct Wanted {
    kind: PairKind,
    band: Band,
    /// Record pairs, each ordered; the strongest first.
    pairs: Vec<((String, String), Scored)>,
}

impl Wanted {
    fn pair_set(&self) -> BTreeSet<(String, String)> {
        self.pairs.iter().map(|(p, _)| p.clone()).collect()
    }
}

fn ordered(a: &str, b: &str) -> (String, String) {
    if a <= b {
        (a.to_string(), b.to_string())
    } else {
        (b.to_string(), a.to_string())
    }
}

/// The registration a record in the index belongs to.
fn registration_of(index: &Index, record: &str) -> String {
    index
        .slot(record)
        .and_then(|s| index.entry(s))
        .map_or_else(String::new, |e| index.account_name(e.account).to_string())
}

fn row_pair_set(row: &CandidateRow) -> BTreeSet<(String, String)> {
    row.pairs().into_iter().collect()
}

/// The matcher's state: the index and each record's names digest (for "not proposed again
/// unless names change").
#[derive(Default)]
struct State {
    index: Index,
    names: HashMap<String, [u8; 32]>,
    loaded: bool,
}

#[derive(Clone)]
pub struct Matcher {
    db: Db,
    vault: Vault,
    audit: Audit,
    clock: Clock,
    model: Arc<Model>,
    state: Arc<Mutex<State>>,
    metrics: Option<crate::metrics::Metrics>,
    /// When this process last wrote the heartbeat (only to write it at most every beat).
    last_beat: Arc<Mutex<Option<chrono::NaiveDateTime>>>,
    /// The pages' banner of this process, cleared when the matcher beats or drains.
    health: Option<crate::jobs::health::HealthCache>,
}

/// A digest of every name form of a record's features (encoded, keyed): equal while the
/// names are unchanged.
fn names_digest(f: &Features) -> [u8; 32] {
    let mut h = Sha256::new();
    for n in f.names.iter().chain(&f.nicknames) {
        h.update(b"n");
        h.update(n.to_bytes());
    }
    for (tag, n) in [(b"f", &f.father), (b"m", &f.mother)] {
        if let Some(n) = n {
            h.update(tag);
            h.update(n.to_bytes());
        }
    }
    h.finalize().into()
}

impl Matcher {
    pub fn new(db: Db, vault: Vault, audit: Audit, clock: Clock, model: Model) -> Self {
        Matcher {
            db,
            vault,
            audit,
            clock,
            model: Arc::new(model),
            state: Arc::new(Mutex::new(State::default())),
            metrics: None,
            last_beat: Arc::new(Mutex::new(None)),
            health: None,
        }
    }

    /// Clear this process's banner cache when the matcher's state changes (`jobs::health`).
    pub fn with_health(mut self, health: crate::jobs::health::HealthCache) -> Self {
        self.health = Some(health);
        self
    }

    fn forget_health(&self) {
        if let Some(h) = &self.health {
            h.forget();
        }
    }

    /// Time each handled record into `metrics` (the process's `/metrics`).
    pub fn with_metrics(mut self, metrics: crate::metrics::Metrics) -> Self {
        self.metrics = Some(metrics);
        self
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    fn lock_state(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding the state leaves an index that may be half-updated: start over.
        match self.state.lock() {
            Ok(g) => g,
            Err(poisoned) => {
                let mut g = poisoned.into_inner();
                *g = State::default();
                g
            }
        }
    }

    /// Forget the index (the lock was lost: another matcher may change things meanwhile).
    pub fn unload(&self) {
        *self.lock_state() = State::default();
    }

    fn open_features(&self, conn: &mut DbConn, row: &store::FeatureRow) -> AppResult<Features> {
        let sealer = self
            .vault
            .open_match(conn, store::MATCH_FEATURES, &row.record_id)?;
        let bytes = sealer.open(store::FEATURES, &row.features_ct)?;
        Features::from_bytes(&bytes).map_err(|e| AppError::internal(anyhow!("features: {e}")))
    }

    /// Load every active record's features into a fresh index. Returns how many.
    pub fn load(&self, conn: &mut DbConn) -> AppResult<usize> {
        let mut state = State::default();
        let mut after = String::new();
        loop {
            let rows = store::active_features(conn, &after, LOAD_BATCH)?;
            let Some(last) = rows.last() else { break };
            after = last.record_id.clone();
            for row in &rows {
                match self.open_features(conn, row) {
                    Ok(f) => {
                        state.names.insert(row.record_id.clone(), names_digest(&f));
                        state.index.upsert(&row.record_id, &row.registration_id, &f);
                    }
                    Err(e) => tracing::warn!(error = %e, "a record's features did not open"),
                }
            }
        }
        state.loaded = true;
        let n = state.index.len();
        *self.lock_state() = state;
        Ok(n)
    }

    fn ensure_loaded(&self, conn: &mut DbConn) -> AppResult<()> {
        if !self.lock_state().loaded {
            let n = self.load(conn)?;
            tracing::info!(records = n, "matcher index loaded");
        }
        Ok(())
    }

    /// Handle queued records until the queue is empty or `max` records were handled. The
    /// caller holds the matcher lock (or knows it is alone, as a test does). Returns how many.
    pub fn drain(&self, conn: &mut DbConn, max: usize) -> AppResult<usize> {
        self.ensure_loaded(conn)?;
        self.beat(conn)?;
        let mut done = 0;
        while done < max {
            let Some(q) = store::next_queued(conn)? else {
                break;
            };
            let started = crate::clock::Stopwatch::start();
            self.handle(conn, &q)?;
            if let Some(m) = &self.metrics {
                m.matcher_record(started.elapsed().as_secs_f64());
            }
            done += 1;
        }
        if done > 0 {
            self.forget_health();
        }
        Ok(done)
    }

    /// Record in the database that a matcher is working, at most once per beat: pages on
    /// every instance warn when this stops (`jobs::health`).
    fn beat(&self, conn: &mut DbConn) -> AppResult<()> {
        use crate::jobs::health::{MATCHER, MATCHER_BEAT};
        let now = self.clock.now_naive();
        let every = crate::clock::chrono_duration(MATCHER_BEAT);
        let mut last = match self.last_beat.lock() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        if last.is_some_and(|t| now < t + every && now >= t) {
            return Ok(());
        }
        crate::jobs::store::mark_ran(conn, MATCHER, now, now + every)?;
        *last = Some(now);
        self.forget_health();
        Ok(())
    }

    /// [`Matcher::drain`] on the blocking pool, until the queue is empty.
    pub async fn drain_all(&self) -> AppResult<usize> {
        let this = self.clone();
        self.db.run(move |conn| this.drain(conn, usize::MAX)).await
    }

    fn handle(&self, conn: &mut DbConn, q: &Queued) -> AppResult<()> {
        let mut state = self.lock_state();
        write_tx(conn, |conn| -> AppResult<()> {
            let row = store::features_of(conn, &q.record_id)?;
            let features = match &row {
                Some(r) if r.active => match self.open_features(conn, r) {
                    Ok(f) => Some((r.registration_id.clone(), f)),
                    Err(e) => {
                        // Not retried forever: a record whose features do not open takes no
                        // part until it changes again.
                        tracing::warn!(error = %e, "a queued record's features did not open");
                        None
                    }
                },
                _ => None,
            };
            match features {
                None => {
                    state.index.remove(&q.record_id);
                    state.names.remove(&q.record_id);
                    self.withdraw_all(conn, &q.record_id, "inactive")?;
                }
                Some((registration, f)) => {
                    state.names.insert(q.record_id.clone(), names_digest(&f));
                    let slot = state.index.upsert(&q.record_id, &registration, &f);
                    // The record's own candidates, then those of the other records of its
                    // registration: their family field may have changed with it.
                    let mut records = vec![q.record_id.clone()];
                    if let Some(e) = state.index.entry(slot) {
                        for s in state.index.account_slots(e.account) {
                            if let Some(other) = state.index.entry(*s)
                                && other.record != q.record_id
                            {
                                records.push(other.record.clone());
                            }
                        }
                    }
                    let mut gone = Vec::new();
                    for record in &records {
                        gone.extend(self.reconcile(conn, &state, record)?);
                    }
                    for g in gone {
                        state.index.remove(&g);
                        state.names.remove(&g);
                    }
                }
            }
            store::dequeue(conn, &q.rows)?;
            Ok(())
        })
    }

    fn withdraw_all(&self, conn: &mut DbConn, record: &str, reason: &str) -> AppResult<()> {
        let at = self.clock.now_naive();
        for id in store::retract_open_of(conn, record, at)? {
            self.audit_transition(conn, "match.retract", &id, reason)?;
        }
        Ok(())
    }

    fn audit_transition(
        &self,
        conn: &mut DbConn,
        action: &str,
        id: &str,
        reason: &str,
    ) -> AppResult<()> {
        self.audit.record(
            conn,
            &Event::new(Actor::System, action, "match_candidate")
                .object(id)
                .reason(reason),
        )?;
        Ok(())
    }

    /// The best banded sought ↔ self pair from `seeker_account`'s searches to
    /// `sought_account`'s "about me", if any.
    fn best_direction(
        &self,
        index: &Index,
        seeker_account: u32,
        sought_account: u32,
    ) -> Option<(Slot, Slot, Scored)> {
        let own = index.slot(index.account_name(sought_account))?;
        let own_entry = index.entry(own)?;
        if own_entry.kind != RecordKind::Own {
            return None;
        }
        let mut best: Option<(Slot, Slot, Scored)> = None;
        for &s in index.account_slots(seeker_account) {
            let Some(e) = index.entry(s) else { continue };
            if e.kind != RecordKind::Sought {
                continue;
            }
            let scored = compare(index, &self.model, e, own_entry);
            if scored.band.is_some() && best.as_ref().is_none_or(|b| scored.score > b.2.score) {
                best = Some((s, own, scored));
            }
        }
        best
    }

    /// The candidates the index wants for `record` now.
    fn wanted(&self, index: &Index, record: &str) -> Vec<Wanted> {
        let Some(slot) = index.slot(record) else {
            return Vec::new();
        };
        let Some(me) = index.entry(slot) else {
            return Vec::new();
        };
        let mut out: Vec<Wanted> = Vec::new();
        let mut seen: BTreeSet<BTreeSet<(String, String)>> = BTreeSet::new();
        for (other, scored) in banded_against(index, &self.model, slot) {
            let Some(them) = index.entry(other) else {
                continue;
            };
            let Some(kind) = base_kind(index, slot, other) else {
                continue;
            };
            let Some(band) = scored.band else { continue };
            let pair = ordered(&me.record, &them.record);
            let wanted = if kind == PairKind::SoughtSelf {
                let (seeker, sought) = if me.kind == RecordKind::Sought {
                    (me.account, them.account)
                } else {
                    (them.account, me.account)
                };
                match self.best_direction(index, sought, seeker) {
                    Some((s, o, back)) => {
                        let back_pair = ordered(
                            &index
                                .entry(s)
                                .map_or_else(String::new, |e| e.record.clone()),
                            &index
                                .entry(o)
                                .map_or_else(String::new, |e| e.record.clone()),
                        );
                        let back_band = back.band.unwrap_or(band);
                        let mut pairs = vec![(pair, scored), (back_pair, back)];
                        pairs.sort_by(|x, y| y.1.score.total_cmp(&x.1.score));
                        Wanted {
                            kind: PairKind::Reciprocal,
                            band: band.max(back_band),
                            pairs,
                        }
                    }
                    None => Wanted {
                        kind,
                        band,
                        pairs: vec![(pair, scored)],
                    },
                }
            } else {
                Wanted {
                    kind,
                    band,
                    pairs: vec![(pair, scored)],
                }
            };
            if seen.insert(wanted.pair_set()) {
                out.push(wanted);
            }
        }
        out
    }

    fn pair_names(&self, state: &State, pairs: &BTreeSet<(String, String)>) -> [u8; 32] {
        let mut h = Sha256::new();
        for (a, b) in pairs {
            for r in [a, b] {
                h.update(state.names.get(r).copied().unwrap_or([0; 32]));
            }
        }
        h.finalize().into()
    }

    fn sealed_row(
        &self,
        state: &State,
        id: &str,
        w: &Wanted,
        now: chrono::NaiveDateTime,
    ) -> AppResult<CandidateRow> {
        let keyring = self.vault.keyring();
        let review = Review {
            kind: w.kind.as_str(),
            band: w.band.as_str(),
            pairs: w
                .pairs
                .iter()
                .map(|((a, b), s)| ReviewPair {
                    records: (a, b),
                    score: (s.score * 100.0).round() / 100.0,
                    explanation: &s.explanation,
                })
                .collect(),
        };
        let json = serde_json::to_vec(&review).map_err(|e| AppError::internal(anyhow!(e)))?;
        let (review_version, review_ct) = keyring.seal_for_review(id, &json);
        let digest = self.pair_names(state, &w.pair_set());
        let (names_version, names_ct) = keyring.seal_for_matcher(id, &digest);
        let ((a, b), _) = &w.pairs[0];
        let second = w.pairs.get(1).map(|(p, _)| p.clone());
        let day = crate::db::coarse_date(now);
        Ok(CandidateRow {
            id: id.to_string(),
            kind: w.kind.as_str().to_string(),
            band: w.band.as_str().to_string(),
            status: store::OPEN.to_string(),
            record_a: a.clone(),
            record_b: b.clone(),
            record_c: second.as_ref().map(|p| p.0.clone()),
            record_d: second.map(|p| p.1),
            review_version: i64::from(review_version),
            review_ct,
            names_version: i64::from(names_version),
            names_ct,
            created_at: day,
            updated_at: day,
            reg_a: registration_of(&state.index, a),
            reg_b: registration_of(&state.index, b),
        })
    }

    /// Whether people closed this pair set while the names were what they are now.
    fn closed_by_people(
        &self,
        state: &State,
        existing: &[CandidateRow],
        pairs: &BTreeSet<(String, String)>,
    ) -> bool {
        let digest = self.pair_names(state, pairs);
        let keyring = self.vault.keyring();
        existing.iter().any(|row| {
            store::CLOSED_BY_PEOPLE.contains(&row.status.as_str())
                && &row_pair_set(row) == pairs
                && u32::try_from(row.names_version).is_ok_and(|v| {
                    keyring
                        .open_for_matcher(v, &row.id, &row.names_ct)
                        .is_ok_and(|d| d.as_slice() == digest)
                })
        })
    }

    /// Make the stored candidates naming `record` what the index wants: new ones proposed,
    /// changed ones re-scored, those no longer wanted withdrawn. Returns records the index
    /// holds that no longer take part (deleted or paused since it loaded them).
    fn reconcile(&self, conn: &mut DbConn, state: &State, record: &str) -> AppResult<Vec<String>> {
        let mut gone = Vec::new();
        let now = self.clock.now_naive();
        let mut wanted = self.wanted(&state.index, record);
        let existing = store::candidates_of(conn, record)?;
        for row in existing.iter().filter(|r| r.status == store::OPEN) {
            let set = row_pair_set(row);
            match wanted.iter().position(|w| w.pair_set() == set) {
                Some(i) => {
                    let w = wanted.swap_remove(i);
                    let new = self.sealed_row(state, &row.id, &w, now)?;
                    store::update_candidate(conn, &new, now)?;
                    if new.band != row.band || new.kind != row.kind {
                        self.audit_transition(conn, "match.rescore", &row.id, &new.band)?;
                    }
                }
                None => {
                    if store::set_status(conn, &row.id, store::RETRACTED, now)? {
                        self.audit_transition(conn, "match.retract", &row.id, "rescored")?;
                    }
                }
            }
        }
        for w in wanted {
            let set = w.pair_set();
            if self.closed_by_people(state, &existing, &set) {
                continue;
            }
            // People hold a match on one of these pairs (in review, asked, disclosed): theirs
            // stands; the matcher neither duplicates nor reshapes it.
            let mut held = false;
            for (a, _) in &set {
                held |= store::candidates_of(conn, a)?.iter().any(|row| {
                    store::IN_HANDS.contains(&row.status.as_str())
                        && row_pair_set(row).iter().any(|p| set.contains(p))
                });
            }
            if held {
                continue;
            }
            // Every record named must still take part (a deletion may be queued behind us).
            let mut live = true;
            for (a, b) in &set {
                for r in [a, b] {
                    if !store::features_of(conn, r)?.is_some_and(|f| f.active) {
                        live = false;
                        gone.push(r.clone());
                    }
                }
            }
            if !live {
                continue;
            }
            let id = uuid::Uuid::new_v4().to_string();
            let row = self.sealed_row(state, &id, &w, now)?;
            // The other side may hold an open candidate on one of these pairs under another
            // shape (a sought ↔ self that has now become reciprocal): it gives way.
            for (a, b) in &set {
                for other in store::candidates_of(conn, a)? {
                    if other.status == store::OPEN
                        && row_pair_set(&other).contains(&(a.clone(), b.clone()))
                        && store::set_status(conn, &other.id, store::RETRACTED, now)?
                    {
                        self.audit_transition(conn, "match.retract", &other.id, "rescored")?;
                    }
                }
            }
            store::insert_candidate(conn, &row)?;
            self.audit_transition(conn, "match.propose", &id, w.band.as_str())?;
        }
        Ok(gone)
    }

    /// Re-score every record against the index (after a model change): `kinlink rematch`.
    /// `progress` is told (done, total) after each record.
    pub fn rematch(&self, conn: &mut DbConn, progress: &dyn Fn(u64, u64)) -> AppResult<usize> {
        self.load(conn)?;
        let ids = store::all_feature_ids(conn)?;
        let total = ids.len() as u64;
        let state = self.lock_state();
        for (i, id) in ids.iter().enumerate() {
            write_tx(conn, |conn| -> AppResult<()> {
                if state.index.slot(id).is_some() {
                    self.reconcile(conn, &state, id).map(|_| ())
                } else {
                    let at = self.clock.now_naive();
                    for c in store::retract_open_of(conn, id, at)? {
                        self.audit_transition(conn, "match.retract", &c, "inactive")?;
                    }
                    Ok(())
                }
            })?;
            progress(i as u64 + 1, total);
        }
        Ok(ids.len())
    }
}

/// How often a matcher on standby asks for the lock (a dead holder is replaced within this
/// plus PostgreSQL noticing the closed connection, well under 30 s).
pub const TAKEOVER_POLL: std::time::Duration = std::time::Duration::from_secs(3);
/// How often a matcher with an empty queue looks again.
const IDLE_POLL: std::time::Duration = std::time::Duration::from_millis(500);
/// Records handled between checks that the lock is still ours.
const BATCH: usize = 200;

/// The matcher's loop, on the calling thread, until `stop` is set. On PostgreSQL it waits on
/// standby while another matcher holds the lock; on SQLite a held lock is an error (a second
/// matcher refuses to start).
pub fn run(
    matcher: &Matcher,
    url: &crate::config::DatabaseUrl,
    stop: &std::sync::atomic::AtomicBool,
) -> anyhow::Result<()> {
    use std::sync::atomic::Ordering;
    let mut lock = None;
    let mut said_standby = false;
    while !stop.load(Ordering::Relaxed) {
        let Some(held) = lock.as_mut() else {
            match super::lock::MatcherLock::try_acquire(url)? {
                Some(l) => {
                    tracing::info!(lock = %l.describe(), "this process is the matcher");
                    matcher.unload();
                    lock = Some(l);
                }
                None if matches!(url, crate::config::DatabaseUrl::Sqlite(_)) => {
                    anyhow::bail!(
                        "another matcher is running on this database (its lock file is held)"
                    )
                }
                None => {
                    if !said_standby {
                        tracing::info!("another matcher holds the lock; standing by");
                        said_standby = true;
                    }
                    std::thread::sleep(TAKEOVER_POLL);
                }
            }
            continue;
        };
        if !held.still_held() {
            tracing::warn!("lost the matcher lock; standing by");
            matcher.unload();
            lock = None;
            continue;
        }
        let done = match matcher.db().get() {
            Ok(mut conn) => matcher.drain(&mut conn, BATCH),
            Err(e) => Err(AppError::internal(e)),
        };
        match done {
            Ok(0) => std::thread::sleep(IDLE_POLL),
            Ok(_) => {}
            Err(e) => {
                tracing::error!(error = %e, "matcher pass failed");
                std::thread::sleep(IDLE_POLL);
            }
        }
    }
    Ok(())
}
