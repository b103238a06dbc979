//! From scored record pairs to candidates of the three kinds: a person sought against someone's
//! "about me" (sought ↔ self), two accounts seeking each other (reciprocal: both directions,
//! one candidate, the stronger band), two accounts seeking the same person (co-seekers).

use std::cell::RefCell;
use std::collections::HashMap;

use super::features::RecordKind;
use super::index::{Index, PartId, Slot};
use super::model::{Band, FIELDS, Field, Model};
use super::score::{
    Ceiling, Scored, banded, compare, name_field_weights, near_level, same_region_weight,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PairKind {
    SoughtSelf,
    Reciprocal,
    CoSeekers,
}

impl PairKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PairKind::SoughtSelf => "sought_self",
            PairKind::Reciprocal => "reciprocal",
            PairKind::CoSeekers => "co_seekers",
        }
    }

    pub fn parse(s: &str) -> Option<PairKind> {
        match s {
            "sought_self" => Some(PairKind::SoughtSelf),
            "reciprocal" => Some(PairKind::Reciprocal),
            "co_seekers" => Some(PairKind::CoSeekers),
            _ => None,
        }
    }
}

/// A scored pair of records (`a < b`).
#[derive(Clone, Debug)]
pub struct Pair {
    pub a: Slot,
    pub b: Slot,
    pub kind: PairKind,
    pub score: f64,
    pub band: Option<Band>,
    pub levels: [u8; FIELDS],
    pub scored: Scored,
}

/// The kind of a pair of records by their own kinds (reciprocity is decided across pairs).
pub fn base_kind(index: &Index, a: Slot, b: Slot) -> Option<PairKind> {
    let (ea, eb) = (index.entry(a)?, index.entry(b)?);
    match (ea.kind, eb.kind) {
        (RecordKind::Sought, RecordKind::Sought) => Some(PairKind::CoSeekers),
        (RecordKind::Own, RecordKind::Own) => None,
        _ => Some(PairKind::SoughtSelf),
    }
}

/// Score `slot` against every record the index proposes for it.
pub fn score_against(index: &Index, model: &Model, slot: Slot) -> Vec<(Slot, Scored)> {
    let Some(q) = index.entry(slot) else {
        return Vec::new();
    };
    index
        .candidate_slots(slot)
        .into_iter()
        .filter_map(|other| {
            let e = index.entry(other)?;
            Some((other, compare(index, model, q, e)))
        })
        .collect()
}

/// Per-slot working memory of [`banded_against`], reused across calls on one thread: the
/// best possible given and father's name weight of each slot met, valid where `stamp` holds
/// this call's epoch (one cache line read per slot met).
#[derive(Default)]
struct Scratch {
    epoch: u32,
    cells: Vec<Cell>,
    met: Vec<Slot>,
}

#[derive(Clone, Copy, Default)]
struct Cell {
    stamp: u32,
    given: f32,
    father: f32,
}

impl Scratch {
    fn begin(&mut self, capacity: usize) {
        if self.cells.len() < capacity {
            self.cells.resize(capacity, Cell::default());
        }
        self.epoch = self.epoch.wrapping_add(1);
        if self.epoch == 0 {
            self.cells.iter_mut().for_each(|c| c.stamp = 0);
            self.epoch = 1;
        }
        self.met.clear();
    }

    /// Raise slot `s`'s bound for one name field to at least `w`.
    #[inline]
    fn raise(&mut self, s: Slot, father: bool, w: f32) {
        let c = &mut self.cells[s as usize];
        if c.stamp != self.epoch {
            *c = Cell {
                stamp: self.epoch,
                given: f32::NEG_INFINITY,
                father: f32::NEG_INFINITY,
            };
            self.met.push(s);
        }
        let cell = if father { &mut c.father } else { &mut c.given };
        if w > *cell {
            *cell = w;
        }
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// The pairs of `slot` that reach a band, with their explanations: what [`score_against`]
/// gives, less the pairs below every band, found without scoring most of those. One pass
/// over the posting lists of the query's name neighbours bounds each record's given and
/// father's name weights (the best weight any neighbouring pair of parts could give); with
/// birth years and gender compared exactly and every other field at its largest weight, a
/// record whose bound stays below the lowest band is never scored.
pub fn banded_against(index: &Index, model: &Model, slot: Slot) -> Vec<(Slot, Scored)> {
    banded_from(index, model, slot, 0)
}

/// [`banded_against`] among the slots from `first` on (a rematch scores each pair once).
fn banded_from(index: &Index, model: &Model, slot: Slot, first: Slot) -> Vec<(Slot, Scored)> {
    let Some(q) = index.entry(slot) else {
        return Vec::new();
    };
    let qb = index.brief(slot);
    let same_region = same_region_weight(index, model, qb.region).0;
    let ceiling = Ceiling::new(model);
    SCRATCH.with(|scratch| {
        let mut scratch = scratch.borrow_mut();
        scratch.begin(index.capacity());
        let mut pass = |parts: &mut dyn Iterator<Item = PartId>, field: Field| {
            let father = field == Field::Father;
            let mut done: Vec<PartId> = Vec::new();
            for p in parts {
                if done.contains(&p) {
                    continue;
                }
                done.push(p);
                let weights = name_field_weights(index, model, field, p);
                for near in index.parts.neighbours(p) {
                    let level = near_level(near);
                    // Agreement this weak weighs what disagreement weighs, which is what a
                    // slot no neighbour reaches is given anyway.
                    if level <= 1 {
                        continue;
                    }
                    let w = weights[level as usize] as f32;
                    let list = index.posting(near.part, father);
                    let from = list.partition_point(|&s| s < first);
                    for &s in &list[from..] {
                        scratch.raise(s, father, w);
                    }
                }
            }
        };
        pass(&mut q.given.iter().map(|(p, _)| *p), Field::Given);
        pass(&mut q.father.iter().map(|(p, _)| *p), Field::Father);
        // A field no neighbour reached weighs what disagreement weighs where both sides have
        // the field, and nothing where either lacks it.
        let unmet = |ours: bool, theirs: bool, field: Field| {
            if ours && theirs {
                ceiling.name_differs(field)
            } else {
                0.0
            }
        };
        let mut out = Vec::new();
        for i in 0..scratch.met.len() {
            let s = scratch.met[i];
            if s == slot {
                continue;
            }
            let b = index.brief(s);
            if !b.live() || b.account == qb.account || (!b.sought() && !qb.sought()) {
                continue;
            }
            let Cell {
                given: g,
                father: f,
                ..
            } = scratch.cells[s as usize];
            let given = if g.is_finite() {
                f64::from(g)
            } else {
                unmet(qb.has_given(), b.has_given(), Field::Given)
            };
            let father = if f.is_finite() {
                f64::from(f)
            } else {
                unmet(qb.has_father(), b.has_father(), Field::Father)
            };
            // The bound rounds through f32 and sums in another order: keep a margin.
            let t = model.thresholds_of(qb.sought() && b.sought()).possible;
            let without_family =
                ceiling.bound(&qb, &b, given, father, same_region, || false) + 1e-3;
            if without_family < t {
                // Only now is it worth reading the accounts' sizes.
                let family =
                    || index.account_size(qb.account) > 1 && index.account_size(b.account) > 1;
                if without_family + ceiling.best(Field::Family) < t
                    || ceiling.bound(&qb, &b, given, father, same_region, family) + 1e-3 < t
                {
                    continue;
                }
            }
            if let Some(e) = index.entry(s)
                && let Some(scored) = banded(index, model, q, e)
            {
                out.push((s, scored));
            }
        }
        out.sort_by_key(|(s, _)| *s);
        out
    })
}

/// Every candidate pair once. With `all`, pairs below every band too (for fitting).
/// Sought ↔ self pairs whose accounts also match the other way round become reciprocal, with
/// the stronger band of the two directions.
pub fn collect_pairs(index: &Index, model: &Model, all: bool) -> Vec<Pair> {
    let slots: Vec<Slot> = index.slots().collect();
    // Every core takes every n-th record (the cost of a record varies with its names).
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut pairs: Vec<Pair> = std::thread::scope(|scope| {
        let jobs: Vec<_> = (0..workers)
            .map(|w| {
                let slots = &slots;
                scope.spawn(move || {
                    let mut out = Vec::new();
                    for &slot in slots.iter().skip(w).step_by(workers) {
                        pairs_of(index, model, slot, all, &mut out);
                    }
                    out
                })
            })
            .collect();
        jobs.into_iter()
            .flat_map(|j| j.join().expect("a scoring thread does not panic"))
            .collect()
    });
    pairs.sort_by_key(|p| (p.a, p.b));
    mark_reciprocal(index, &mut pairs);
    pairs
}

/// The pairs of `slot` with every later slot.
fn pairs_of(index: &Index, model: &Model, slot: Slot, all: bool, out: &mut Vec<Pair>) {
    let scored = if all {
        score_against(index, model, slot)
    } else {
        banded_from(index, model, slot, slot + 1)
    };
    for (other, scored) in scored {
        if other <= slot || (!all && scored.band.is_none()) {
            continue;
        }
        let Some(kind) = base_kind(index, slot, other) else {
            continue;
        };
        out.push(Pair {
            a: slot,
            b: other,
            kind,
            score: scored.score,
            band: scored.band,
            levels: scored.levels,
            scored,
        });
    }
}

/// The (seeker account, sought account) of a sought ↔ self pair.
fn direction(index: &Index, p: &Pair) -> Option<(u32, u32)> {
    let (ea, eb) = (index.entry(p.a)?, index.entry(p.b)?);
    match (ea.kind, eb.kind) {
        (RecordKind::Sought, RecordKind::Own) => Some((ea.account, eb.account)),
        (RecordKind::Own, RecordKind::Sought) => Some((eb.account, ea.account)),
        _ => None,
    }
}

fn mark_reciprocal(index: &Index, pairs: &mut [Pair]) {
    let mut best: HashMap<(u32, u32), Option<Band>> = HashMap::new();
    for p in pairs.iter() {
        if p.kind == PairKind::SoughtSelf
            && p.band.is_some()
            && let Some(d) = direction(index, p)
        {
            let slot = best.entry(d).or_insert(None);
            *slot = (*slot).max(p.band);
        }
    }
    for p in pairs.iter_mut() {
        if p.kind != PairKind::SoughtSelf || p.band.is_none() {
            continue;
        }
        let Some((seeker, sought)) = direction(index, p) else {
            continue;
        };
        if let Some(other) = best.get(&(sought, seeker)) {
            p.kind = PairKind::Reciprocal;
            let mine = best.get(&(seeker, sought)).copied().flatten();
            p.band = mine.max(*other);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::synth::{Config, Generator};

    fn synthetic(records: u64, seed: u64) -> Index {
        let text: String = Generator::new(Config { records, seed })
            .map(|r| r.to_json(false) + "\n")
            .collect();
        crate::matching::eval::load(&text, 1)
            .expect("synthetic records load")
            .index
    }

    /// The pruned search finds exactly the banded pairs that scoring every blocked record
    /// finds, with the same scores: the bound never falls below a real score.
    #[test]
    fn pruning_drops_no_banded_pair() {
        let model = Model::bundled();
        let ceiling = Ceiling::new(model);
        let mut banded_pairs = 0;
        for seed in [7, 8] {
            let index = synthetic(1500, seed);
            for slot in index.slots() {
                let all: Vec<(Slot, Scored)> = score_against(&index, model, slot);
                let want: Vec<(Slot, f64)> = all
                    .iter()
                    .filter(|(_, s)| s.band.is_some())
                    .map(|(o, s)| (*o, s.score))
                    .collect();
                let got: Vec<(Slot, f64)> = banded_against(&index, model, slot)
                    .iter()
                    .map(|(o, s)| (*o, s.score))
                    .collect();
                assert_eq!(got, want, "slot {slot}");
                banded_pairs += got.len();
                // And the bound holds for every blocked pair, banded or not.
                let q = index.brief(slot);
                let same_region = same_region_weight(&index, model, q.region).0;
                for (other, s) in &all {
                    let given = f64::from(s.explanation.fields[0].weight as f32);
                    let father = f64::from(s.explanation.fields[1].weight as f32);
                    let b = index.brief(*other);
                    let family =
                        || index.account_size(q.account) > 1 && index.account_size(b.account) > 1;
                    let bound = ceiling.bound(&q, &b, given, father, same_region, family);
                    assert!(bound + 1e-3 >= s.score, "{bound} < {}", s.score);
                }
            }
        }
        assert!(
            banded_pairs > 100,
            "the test saw {banded_pairs} banded pairs"
        );
    }
}
