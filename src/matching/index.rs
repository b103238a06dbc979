//! The matcher's in-memory index. Name parts are interned: people called Tursun share one
//! encoded part (same key, same encoding), so a million people hold tens of thousands of
//! distinct parts, each compared once with every other part it could match (a Dice prefilter
//! on a summary filter, then the name engine's part comparison), and the similar ones kept as
//! its neighbours. Candidate records are those whose given or father's name is a neighbour of
//! the query's (posting lists: blocking by multiple keys); each is then scored field by field.
//!
//! It lives only in the matcher's memory: decrypted encodings are never written anywhere.

use std::collections::HashMap;

use super::dice;
use super::features::{Features, RecordKind};
use crate::domain::{Gender, Relation};
use crate::names::{Bloom, EncodedName, EncodedPart, part_similarity};

pub type PartId = u32;
pub type Slot = u32;

/// Parts at least this similar are neighbours (below it, a name field is "different").
pub const NEIGHBOUR_MIN: f32 = 0.55;
/// The summary prefilter: pairs below this Dice are never compared in full. Measured on
/// synthetic families to lose no neighbour above [`NEIGHBOUR_MIN`] (see `eval`).
pub const SUMMARY_MIN: f64 = 0.2;

/// A neighbour and how similar: the name engine's part score (affixes counted), and whether
/// the parts as written have the same letters.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Near {
    pub part: PartId,
    pub score: f32,
    pub identical: bool,
}

/// Interned parts with their neighbours.
#[derive(Default)]
pub struct Parts {
    parts: Vec<EncodedPart>,
    summaries: Vec<Bloom>,
    summary_ones: Vec<u32>,
    by_bytes: HashMap<Vec<u8>, PartId>,
    /// Sorted by part id; each part is its own neighbour.
    neighbours: Vec<Vec<Near>>,
    /// How many live records carry each part as a given name (term frequency).
    given_uses: Vec<u32>,
    /// And as a father's name.
    father_uses: Vec<u32>,
}

fn part_bytes(part: &EncodedPart) -> Vec<u8> {
    EncodedName {
        parts: vec![part.clone()],
    }
    .to_bytes()
}

/// One filter per part for the prefilter: the union of its readings' folded and skeleton
/// filters, the letters that survive every script.
pub fn summary(part: &EncodedPart) -> Bloom {
    let mut s = Bloom::default();
    for r in &part.readings {
        for (w, (f, k)) in s.0.iter_mut().zip(r.folded.0.iter().zip(&r.skeleton.0)) {
            *w |= f | k;
        }
    }
    s
}

impl Parts {
    pub fn len(&self) -> usize {
        self.parts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    pub fn get(&self, id: PartId) -> &EncodedPart {
        &self.parts[id as usize]
    }

    /// The id of `part`, interning it (and finding its neighbours) if new.
    pub fn intern(&mut self, part: &EncodedPart) -> PartId {
        let bytes = part_bytes(part);
        if let Some(id) = self.by_bytes.get(&bytes) {
            return *id;
        }
        let id = self.parts.len() as PartId;
        let s = summary(part);
        let ones = s.count_ones();
        let mut near = vec![Near {
            part: id,
            score: part_similarity(part, part).score() as f32,
            identical: true,
        }];
        let candidates = dice::above(&s, ones, &self.summaries, &self.summary_ones, SUMMARY_MIN);
        for other in candidates {
            let sim = part_similarity(part, &self.parts[other as usize]);
            let score = sim.score() as f32;
            if score >= NEIGHBOUR_MIN {
                let identical = sim.stem >= 1.0;
                near.push(Near {
                    part: other,
                    score,
                    identical,
                });
                let back = &mut self.neighbours[other as usize];
                back.push(Near {
                    part: id,
                    score,
                    identical,
                });
            }
        }
        near.sort_by_key(|n| n.part);
        self.parts.push(part.clone());
        self.summaries.push(s);
        self.summary_ones.push(ones);
        self.neighbours.push(near);
        self.given_uses.push(0);
        self.father_uses.push(0);
        self.by_bytes.insert(bytes, id);
        id
    }

    pub fn neighbours(&self, id: PartId) -> &[Near] {
        &self.neighbours[id as usize]
    }

    /// How similar two parts are, if they are neighbours.
    pub fn near(&self, a: PartId, b: PartId) -> Option<Near> {
        let list = &self.neighbours[a as usize];
        list.binary_search_by_key(&b, |n| n.part)
            .ok()
            .map(|i| list[i])
    }

    /// Live records whose given name (`father`: father's name) is this close to `id`
    /// (near-identical spellings count together).
    pub fn uses(&self, id: PartId, father: bool) -> u64 {
        let counts = if father {
            &self.father_uses
        } else {
            &self.given_uses
        };
        self.neighbours[id as usize]
            .iter()
            .filter(|n| n.score >= 0.9)
            .map(|n| u64::from(counts[n.part as usize]))
            .sum()
    }

    /// Bytes held, roughly (for the memory benchmark).
    pub fn heap_bytes(&self) -> usize {
        let readings: usize = self.parts.iter().map(|p| p.readings.len()).sum();
        let neighbours: usize = self.neighbours.iter().map(Vec::len).sum();
        readings * std::mem::size_of::<crate::names::EncodedReading>()
            + self.parts.len()
                * (std::mem::size_of::<EncodedPart>() + std::mem::size_of::<Bloom>() + 48 + 8 + 300)
            + neighbours * std::mem::size_of::<Near>()
    }
}

/// A seeker's gender and first and last possible birth year.
pub type SeekerFacts = (Option<Gender>, Option<(i32, i32)>);

/// A record as the index holds it: interned parts and coarse facts.
#[derive(Clone, Debug)]
pub struct Entry {
    pub record: String,
    pub account: u32,
    pub kind: RecordKind,
    /// Given names (first part of each name form and each nickname), with the form each came
    /// from (`names` first, then `nicknames`).
    pub given: Vec<(PartId, u8)>,
    /// Father's names (second part of each name form, and the father's name given).
    pub father: Vec<(PartId, u8)>,
    pub mother: Vec<PartId>,
    pub place: Vec<PartId>,
    pub gender: Option<Gender>,
    pub birth: Option<(i32, i32)>,
    pub region: Option<String>,
    pub relation: Option<Relation>,
    /// For a person sought: the seeker's gender and birth years.
    pub seeker: Option<SeekerFacts>,
    /// For a person sought: the seeker's own given names and father's names.
    pub seeker_given: Vec<PartId>,
    pub seeker_father: Vec<PartId>,
}

/// The records, their posting lists and the parts.
#[derive(Default)]
pub struct Index {
    pub parts: Parts,
    entries: Vec<Option<Entry>>,
    slots: HashMap<String, Slot>,
    accounts: HashMap<String, u32>,
    account_names: Vec<String>,
    by_account: HashMap<u32, Vec<Slot>>,
    by_given: HashMap<PartId, Vec<Slot>>,
    by_father: HashMap<PartId, Vec<Slot>>,
    live: usize,
}

fn push_unique<T: PartialEq>(v: &mut Vec<T>, x: T) {
    if !v.contains(&x) {
        v.push(x);
    }
}

impl Index {
    pub fn len(&self) -> usize {
        self.live
    }

    pub fn is_empty(&self) -> bool {
        self.live == 0
    }

    pub fn entry(&self, slot: Slot) -> Option<&Entry> {
        self.entries.get(slot as usize).and_then(Option::as_ref)
    }

    pub fn slot(&self, record: &str) -> Option<Slot> {
        self.slots.get(record).copied()
    }

    /// Add or replace a record's features.
    pub fn upsert(&mut self, record: &str, account: &str, f: &Features) -> Slot {
        self.remove(record);
        let account = match self.accounts.get(account) {
            Some(a) => *a,
            None => {
                let next = self.account_names.len() as u32;
                self.accounts.insert(account.to_string(), next);
                self.account_names.push(account.to_string());
                next
            }
        };
        let mut e = Entry {
            record: record.to_string(),
            account,
            kind: f.kind,
            given: Vec::new(),
            father: Vec::new(),
            mother: Vec::new(),
            place: Vec::new(),
            gender: f.gender,
            birth: f.birth,
            region: f.region.clone(),
            relation: f.relation,
            seeker: f.seeker.as_ref().map(|s| (s.gender, s.birth)),
            seeker_given: Vec::new(),
            seeker_father: Vec::new(),
        };
        for (form, name) in f.names.iter().chain(&f.nicknames).enumerate() {
            let form = form.min(255) as u8;
            if let Some(first) = name.parts.first() {
                let id = self.parts.intern(first);
                push_unique(&mut e.given, (id, form));
            }
            if let Some(second) = name.parts.get(1)
                && form < f.names.len() as u8
            {
                let id = self.parts.intern(second);
                push_unique(&mut e.father, (id, form));
            }
        }
        if let Some(first) = f.father.as_ref().and_then(|n| n.parts.first()) {
            let id = self.parts.intern(first);
            push_unique(&mut e.father, (id, 254));
        }
        if let Some(first) = f.mother.as_ref().and_then(|n| n.parts.first()) {
            let id = self.parts.intern(first);
            push_unique(&mut e.mother, id);
        }
        for place in &f.place {
            for p in &place.parts {
                let id = self.parts.intern(p);
                push_unique(&mut e.place, id);
            }
        }
        if let Some(seeker) = &f.seeker {
            for name in &seeker.names {
                if let Some(first) = name.parts.first() {
                    let id = self.parts.intern(first);
                    push_unique(&mut e.seeker_given, id);
                }
                if let Some(second) = name.parts.get(1) {
                    let id = self.parts.intern(second);
                    push_unique(&mut e.seeker_father, id);
                }
            }
            if let Some(first) = seeker.father.as_ref().and_then(|n| n.parts.first()) {
                let id = self.parts.intern(first);
                push_unique(&mut e.seeker_father, id);
            }
        }
        let slot = match self.slots.get(record) {
            Some(s) => *s,
            None => {
                self.entries.push(None);
                (self.entries.len() - 1) as Slot
            }
        };
        let mut seen = Vec::new();
        for (id, _) in &e.given {
            if !seen.contains(id) {
                self.by_given.entry(*id).or_default().push(slot);
                self.parts.given_uses[*id as usize] += 1;
                seen.push(*id);
            }
        }
        seen.clear();
        for (id, _) in &e.father {
            if !seen.contains(id) {
                self.by_father.entry(*id).or_default().push(slot);
                self.parts.father_uses[*id as usize] += 1;
                seen.push(*id);
            }
        }
        self.by_account.entry(account).or_default().push(slot);
        self.slots.insert(record.to_string(), slot);
        self.entries[slot as usize] = Some(e);
        self.live += 1;
        slot
    }

    /// Forget a record (deleted, paused, expired). Its slot is reused if it comes back.
    pub fn remove(&mut self, record: &str) -> bool {
        let Some(slot) = self.slots.get(record).copied() else {
            return false;
        };
        let Some(e) = self.entries[slot as usize].take() else {
            return false;
        };
        let mut seen = Vec::new();
        for (id, _) in &e.given {
            if !seen.contains(id) {
                if let Some(list) = self.by_given.get_mut(id) {
                    list.retain(|s| *s != slot);
                }
                self.parts.given_uses[*id as usize] -= 1;
                seen.push(*id);
            }
        }
        seen.clear();
        for (id, _) in &e.father {
            if !seen.contains(id) {
                if let Some(list) = self.by_father.get_mut(id) {
                    list.retain(|s| *s != slot);
                }
                self.parts.father_uses[*id as usize] -= 1;
                seen.push(*id);
            }
        }
        if let Some(list) = self.by_account.get_mut(&e.account) {
            list.retain(|s| *s != slot);
        }
        self.live -= 1;
        true
    }

    /// Records that could match `slot`: those sharing a neighbour of its given name, or of its
    /// father's name, of another account, and not two "about me" records.
    pub fn candidate_slots(&self, slot: Slot) -> Vec<Slot> {
        let Some(q) = self.entry(slot) else {
            return Vec::new();
        };
        let mut out: Vec<Slot> = Vec::new();
        let mut collect = |ids: &mut dyn Iterator<Item = PartId>,
                           lists: &HashMap<PartId, Vec<Slot>>| {
            for id in ids {
                for near in self.parts.neighbours(id) {
                    if let Some(list) = lists.get(&near.part) {
                        out.extend_from_slice(list);
                    }
                }
            }
        };
        collect(&mut q.given.iter().map(|(id, _)| *id), &self.by_given);
        collect(&mut q.father.iter().map(|(id, _)| *id), &self.by_father);
        out.sort_unstable();
        out.dedup();
        out.retain(|s| {
            *s != slot
                && self.entry(*s).is_some_and(|e| {
                    e.account != q.account
                        && !(e.kind == RecordKind::Own && q.kind == RecordKind::Own)
                })
        });
        out
    }

    /// The live records of one account (registration).
    pub fn account_slots(&self, account: u32) -> &[Slot] {
        self.by_account.get(&account).map_or(&[], Vec::as_slice)
    }

    /// The account (registration id) an entry's `account` number stands for.
    pub fn account_name(&self, account: u32) -> &str {
        &self.account_names[account as usize]
    }

    /// Every live slot.
    pub fn slots(&self) -> impl Iterator<Item = Slot> + '_ {
        self.entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.is_some())
            .map(|(i, _)| i as Slot)
    }

    /// Bytes held, roughly (for the memory benchmark).
    pub fn heap_bytes(&self) -> usize {
        let entries: usize = self
            .entries
            .iter()
            .flatten()
            .map(|e| {
                std::mem::size_of::<Entry>()
                    + e.record.len()
                    + (e.given.len() + e.father.len()) * 8
                    + (e.mother.len() + e.place.len()) * 4
                    + e.region.as_ref().map_or(0, |r| r.len())
            })
            .sum();
        let postings: usize = self
            .by_given
            .values()
            .chain(self.by_father.values())
            .map(|v| v.capacity() * 4 + 48)
            .sum();
        self.parts.heap_bytes()
            + entries
            + postings
            + self.slots.len() * 64
            + self.accounts.len() * 64
    }
}
