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
use crate::names::{AffixDifference, Bloom, EncodedName, EncodedPart, part_similarity};

pub type PartId = u32;
pub type Slot = u32;

/// Parts at least this similar are neighbours (below it, a name field is "different").
pub const NEIGHBOUR_MIN: f32 = 0.55;
/// The summary prefilter: pairs below this Dice are never compared in full. Measured on
/// synthetic families to lose no neighbour above [`NEIGHBOUR_MIN`] (see `eval`).
pub const SUMMARY_MIN: f64 = 0.2;

/// From this many interned parts on, a new part's neighbours are searched on every core.
const PARALLEL_FROM: usize = 2048;

/// Parts whose stems are at least this similar are neighbours however much their affixes
/// lower the part score: Patime / Patimexan, Memet / Memetjan are one person's names as often
/// as not, which the name field's own level (see [`Near::affix`]) weighs.
pub const AFFIX_STEM_MIN: f64 = 0.85;

/// A neighbour and how similar: the name engine's part score (affixes counted), whether
/// the parts as written have the same letters, and whether they differ by an affix.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Near {
    pub part: PartId,
    pub score: f32,
    pub identical: bool,
    /// The stems agree (at least [`AFFIX_STEM_MIN`]) and an affix differs.
    pub affix: bool,
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
            affix: false,
        }];
        for found in self.similar(part, &s, ones) {
            near.push(found);
            self.neighbours[found.part as usize].push(Near { part: id, ..found });
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

    /// The interned parts at least [`NEIGHBOUR_MIN`] similar to `part` (with summary `s` of
    /// `ones` bits). A large table is searched on every core: a new name part is the slowest
    /// step of a new person, and of building the index.
    fn similar(&self, part: &EncodedPart, s: &Bloom, ones: u32) -> Vec<Near> {
        let search = |from: usize, to: usize| -> Vec<Near> {
            let found = dice::above(
                s,
                ones,
                &self.summaries[from..to],
                &self.summary_ones[from..to],
                SUMMARY_MIN,
            );
            found
                .into_iter()
                .filter_map(|i| {
                    let other = from as PartId + i;
                    let sim = part_similarity(part, &self.parts[other as usize]);
                    let score = sim.score() as f32;
                    let affix = sim.affix != AffixDifference::Same && sim.stem >= AFFIX_STEM_MIN;
                    (score >= NEIGHBOUR_MIN || affix).then_some(Near {
                        part: other,
                        score,
                        // The same letters: an affix on one side only is not that.
                        identical: sim.stem >= 1.0 && sim.affix == AffixDifference::Same,
                        affix,
                    })
                })
                .collect()
        };
        let n = self.parts.len();
        let workers = std::thread::available_parallelism().map_or(1, |w| w.get());
        if n < PARALLEL_FROM || workers < 2 {
            return search(0, n);
        }
        let chunk = n.div_ceil(workers);
        std::thread::scope(|scope| {
            let jobs: Vec<_> = (0..workers)
                .map(|w| {
                    let search = &search;
                    scope.spawn(move || search((w * chunk).min(n), ((w + 1) * chunk).min(n)))
                })
                .collect();
            jobs.into_iter()
                .flat_map(|j| j.join().expect("a neighbour search does not panic"))
                .collect()
        })
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
    /// Month and day of a full date of birth.
    pub birth_day: Option<(u8, u8)>,
    pub region: Option<String>,
    pub relation: Option<Relation>,
    /// For a person sought: the seeker's gender and birth years.
    pub seeker: Option<SeekerFacts>,
    /// For a person sought: the seeker's own given names and father's names.
    pub seeker_given: Vec<PartId>,
    pub seeker_father: Vec<PartId>,
    /// For a person sought: the seeker's own birthplace (as `region` and `place`).
    pub seeker_region: Option<String>,
    pub seeker_place: Vec<PartId>,
}

/// What the blocking pass reads of every slot it meets, packed into 16 bytes apart from the
/// entries: at a million people this array stays mostly in cache, the entries do not
/// (`candidates::banded_against`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Brief {
    flags: u8,
    /// More flags (the struct's spare byte).
    flags2: u8,
    pub gender: Option<Gender>,
    pub relation: Option<Relation>,
    /// The region's place in the bundled list plus one, and its prefecture's (0: none, or
    /// a code not in the list).
    pub region: u16,
    pub prefecture: u16,
    first_year: i16,
    last_year: i16,
    pub account: u32,
}

const LIVE: u8 = 1;
const SOUGHT: u8 = 2;
const HAS_GIVEN: u8 = 4;
const HAS_FATHER: u8 = 8;
const HAS_MOTHER: u8 = 16;
const HAS_PLACE: u8 = 32;
const SEEKER_MALE: u8 = 64;
const HAS_DAY: u8 = 128;
const NO_YEAR: i16 = i16::MIN;
const _: () = assert!(std::mem::size_of::<Brief>() == 16);
// In `flags2`.
const SEEKER_PLACE: u8 = 1;

/// A region code's place in the bundled list plus one, as `Brief::region` holds it (0: not in
/// the list).
pub fn region_position(code: &str) -> u16 {
    crate::regions::position(code).map_or(0, |p| p as u16 + 1)
}

impl Brief {
    fn of(e: &Entry) -> Brief {
        let region = e.region.as_deref().map_or(0, region_position);
        let prefecture = e
            .region
            .as_deref()
            .and_then(crate::regions::find)
            .map_or(0, |r| region_position(r.parent.unwrap_or(r.code)));
        let year = |y: i32| i16::try_from(y).unwrap_or(NO_YEAR);
        let (first_year, last_year) = match e.birth {
            Some((a, b)) if year(a) != NO_YEAR && year(b) != NO_YEAR => (year(a), year(b)),
            _ => (NO_YEAR, NO_YEAR),
        };
        let flag = |on: bool, f: u8| if on { f } else { 0 };
        Brief {
            flags: LIVE
                | flag(e.kind == RecordKind::Sought, SOUGHT)
                | flag(!e.given.is_empty(), HAS_GIVEN)
                | flag(!e.father.is_empty(), HAS_FATHER)
                | flag(!e.mother.is_empty(), HAS_MOTHER)
                | flag(!e.place.is_empty() || e.region.is_some(), HAS_PLACE)
                | flag(
                    e.seeker.and_then(|s| s.0) == Some(Gender::Male),
                    SEEKER_MALE,
                )
                | flag(e.birth_day.is_some(), HAS_DAY),
            flags2: flag(
                !e.seeker_place.is_empty() || e.seeker_region.is_some(),
                SEEKER_PLACE,
            ),
            gender: e.gender,
            relation: e.relation,
            region,
            prefecture,
            first_year,
            last_year,
            account: e.account,
        }
    }

    pub fn live(&self) -> bool {
        self.flags & LIVE != 0
    }
    pub fn sought(&self) -> bool {
        self.flags & SOUGHT != 0
    }
    pub fn has_given(&self) -> bool {
        self.flags & HAS_GIVEN != 0
    }
    pub fn has_father(&self) -> bool {
        self.flags & HAS_FATHER != 0
    }
    pub fn has_mother(&self) -> bool {
        self.flags & HAS_MOTHER != 0
    }
    /// A region or a place name (a record with neither has no place to compare).
    pub fn has_place(&self) -> bool {
        self.flags & HAS_PLACE != 0
    }
    /// A person sought by a man (a sought son or daughter names him as father).
    pub fn seeker_male(&self) -> bool {
        self.flags & SEEKER_MALE != 0
    }
    /// A person sought whose seeker gave a birthplace of their own.
    pub fn seeker_place(&self) -> bool {
        self.flags2 & SEEKER_PLACE != 0
    }
    /// A full date of birth (month and day) is known.
    pub fn has_day(&self) -> bool {
        self.flags & HAS_DAY != 0
    }
    /// First and last possible birth year (none also for a year outside ±32767).
    pub fn birth(&self) -> Option<(i32, i32)> {
        (self.first_year != NO_YEAR)
            .then(|| (i32::from(self.first_year), i32::from(self.last_year)))
    }
}

/// The records, their posting lists and the parts.
#[derive(Default)]
pub struct Index {
    pub parts: Parts,
    entries: Vec<Option<Entry>>,
    briefs: Vec<Brief>,
    slots: HashMap<String, Slot>,
    accounts: HashMap<String, u32>,
    account_names: Vec<String>,
    by_account: HashMap<u32, Vec<Slot>>,
    by_given: HashMap<PartId, Vec<Slot>>,
    by_father: HashMap<PartId, Vec<Slot>>,
    /// Live records per birthplace region (by `Brief::region`), and how many have one: how
    /// common a shared birthplace is.
    region_uses: Vec<u32>,
    with_region: usize,
    live: usize,
}

/// Posting lists are kept sorted, so a rematch can start each list at a slot.
fn insert_sorted(list: &mut Vec<Slot>, slot: Slot) {
    if let Err(i) = list.binary_search(&slot) {
        list.insert(i, slot);
    }
}

fn remove_sorted(list: &mut Vec<Slot>, slot: Slot) {
    if let Ok(i) = list.binary_search(&slot) {
        list.remove(i);
    }
}

fn push_unique<T: PartialEq>(v: &mut Vec<T>, x: T) {
    if !v.contains(&x) {
        v.push(x);
    }
}

/// Every part of every place name, interned, once each.
fn intern_places(parts: &mut Parts, places: &[EncodedName], into: &mut Vec<PartId>) {
    for place in places {
        for p in &place.parts {
            push_unique(into, parts.intern(p));
        }
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

    /// The packed facts of a slot (`live: false` for a free one).
    pub fn brief(&self, slot: Slot) -> Brief {
        self.briefs[slot as usize]
    }

    /// How many live records were born in `region` (a `Brief::region`), and how many have a
    /// known region at all.
    pub fn region_uses(&self, region: u16) -> (u64, usize) {
        let uses = self.region_uses.get(region as usize).copied().unwrap_or(0);
        (u64::from(uses), self.with_region)
    }

    /// A live record born in `region` (a `Brief::region`; 0: none) comes or goes.
    fn count_region(&mut self, region: u16, comes: bool) {
        if region == 0 {
            return;
        }
        let r = region as usize;
        if self.region_uses.len() <= r {
            self.region_uses.resize(r + 1, 0);
        }
        if comes {
            self.region_uses[r] += 1;
            self.with_region += 1;
        } else {
            self.region_uses[r] -= 1;
            self.with_region -= 1;
        }
    }

    /// Slots in use or free (the size of a per-slot scratch array).
    pub fn capacity(&self) -> usize {
        self.entries.len()
    }

    /// The live slots whose given name (`father`: father's name) is the part `id`, sorted.
    pub fn posting(&self, id: PartId, father: bool) -> &[Slot] {
        let lists = if father {
            &self.by_father
        } else {
            &self.by_given
        };
        lists.get(&id).map_or(&[], Vec::as_slice)
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
            birth_day: f.birth_day,
            region: f.region.clone(),
            relation: f.relation,
            seeker: f.seeker.as_ref().map(|s| (s.gender, s.birth)),
            seeker_given: Vec::new(),
            seeker_father: Vec::new(),
            seeker_region: f.seeker.as_ref().and_then(|s| s.region.clone()),
            seeker_place: Vec::new(),
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
        intern_places(&mut self.parts, &f.place, &mut e.place);
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
            intern_places(&mut self.parts, &seeker.place, &mut e.seeker_place);
        }
        let slot = match self.slots.get(record) {
            Some(s) => *s,
            None => {
                self.entries.push(None);
                self.briefs.push(Brief::default());
                (self.entries.len() - 1) as Slot
            }
        };
        let brief = Brief::of(&e);
        self.briefs[slot as usize] = brief;
        self.count_region(brief.region, true);
        let mut seen = Vec::new();
        for (id, _) in &e.given {
            if !seen.contains(id) {
                insert_sorted(self.by_given.entry(*id).or_default(), slot);
                self.parts.given_uses[*id as usize] += 1;
                seen.push(*id);
            }
        }
        seen.clear();
        for (id, _) in &e.father {
            if !seen.contains(id) {
                insert_sorted(self.by_father.entry(*id).or_default(), slot);
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
        let region = std::mem::take(&mut self.briefs[slot as usize]).region;
        self.count_region(region, false);
        let mut seen = Vec::new();
        for (id, _) in &e.given {
            if !seen.contains(id) {
                if let Some(list) = self.by_given.get_mut(id) {
                    remove_sorted(list, slot);
                }
                self.parts.given_uses[*id as usize] -= 1;
                seen.push(*id);
            }
        }
        seen.clear();
        for (id, _) in &e.father {
            if !seen.contains(id) {
                if let Some(list) = self.by_father.get_mut(id) {
                    remove_sorted(list, slot);
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

    /// How many live records an account has.
    pub fn account_size(&self, account: u32) -> usize {
        self.account_slots(account).len()
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
            .sum::<usize>()
            + self.briefs.len() * std::mem::size_of::<Brief>()
            + self.region_uses.len() * 4;
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
