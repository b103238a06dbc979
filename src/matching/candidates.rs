//! From scored record pairs to candidates of the three kinds: a person sought against someone's
//! "about me" (sought ↔ self), two accounts seeking each other (reciprocal: both directions,
//! one candidate, the stronger band), two accounts seeking the same person (co-seekers).

use std::collections::HashMap;

use super::features::RecordKind;
use super::index::{Index, Slot};
use super::model::{Band, FIELDS, Model};
use super::score::{Scored, compare};

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

/// Every candidate pair once. With `all`, pairs below every band too (for fitting).
/// Sought ↔ self pairs whose accounts also match the other way round become reciprocal, with
/// the stronger band of the two directions.
pub fn collect_pairs(index: &Index, model: &Model, all: bool) -> Vec<Pair> {
    let mut pairs = Vec::new();
    for slot in index.slots() {
        for (other, scored) in score_against(index, model, slot) {
            if other <= slot {
                continue;
            }
            if !all && scored.band.is_none() {
                continue;
            }
            let Some(kind) = base_kind(index, slot, other) else {
                continue;
            };
            pairs.push(Pair {
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
    mark_reciprocal(index, &mut pairs);
    pairs
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
