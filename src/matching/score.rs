//! Scoring a pair of records field by field: the level of agreement of each field (for names,
//! from the name engine's part similarities, best over the name forms given), the model's
//! weights, and an explanation a caseworker can read (which name forms agreed and how well,
//! birth years, places). Pure.

use serde::Serialize;

use super::features::RecordKind;

/// The seeker's facts as the index holds them.
struct Seeker {
    #[allow(dead_code)]
    gender: Option<Gender>,
    birth: Option<(i32, i32)>,
}
use super::index::{Brief, Entry, Index, PartId};
use super::model::{Band, FIELDS, Field, MAX_LEVELS, Model};
use crate::domain::{Gender, Relation};

/// How two records compare.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scored {
    pub score: f64,
    pub band: Option<Band>,
    pub levels: [u8; FIELDS],
    pub explanation: Explanation,
}

/// Per field, in words a caseworker can check (no names: those are on the review screen).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Explanation {
    pub fields: Vec<FieldExplanation>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldExplanation {
    pub field: &'static str,
    pub level: &'static str,
    pub weight: f64,
    /// For names: the name engine's similarity of the best agreeing pair.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub similarity: Option<f32>,
    /// For names: which name form of each side agreed (0 = first name form as entered;
    /// nicknames follow the name forms; "father" = the father's name field).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forms: Option<(String, String)>,
    /// For names: the share of records with a name this close; for one birthplace region:
    /// the share of records born there (the weight is adjusted for it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frequency: Option<f64>,
    /// For birth: each side's years.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub years: Option<((i32, i32), (i32, i32))>,
}

/// The level of two name parts an affix apart (see [`name_level`]).
pub const AFFIX_LEVEL: u8 = 4;

/// Name similarity to level (see [`Field::levels`]). Parts whose stems agree but whose affixes
/// differ (Patime / Patimexan, Memet / Memetjan) have a level of their own between "medium"
/// and "high": the name engine scores them low so that, alone, they never look like one name,
/// while for a person they are as often the same as not, which the fitted weights say.
fn name_level(score: f32, identical: bool, affix: bool) -> u8 {
    if identical || score >= 0.97 {
        6
    } else if score >= 0.85 {
        5
    } else if affix {
        AFFIX_LEVEL
    } else if score >= 0.72 {
        3
    } else if score >= 0.6 {
        2
    } else {
        1
    }
}

fn form_label(form: u8) -> String {
    if form == 254 {
        "father".into()
    } else {
        form.to_string()
    }
}

/// A name part with the name form it came from (plain parts count as form 0).
pub(crate) trait PartRef: Copy {
    fn part(self) -> PartId;
    fn form(self) -> u8;
}

impl PartRef for PartId {
    fn part(self) -> PartId {
        self
    }
    fn form(self) -> u8 {
        0
    }
}

impl PartRef for (PartId, u8) {
    fn part(self) -> PartId {
        self.0
    }
    fn form(self) -> u8 {
        self.1
    }
}

/// Best agreement between two sets of parts: (level, similarity, forms, part of `a`).
fn best_name<A: PartRef, B: PartRef>(
    index: &Index,
    a: &[A],
    b: &[B],
) -> Option<(u8, f32, (u8, u8), PartId)> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let mut best: Option<(u8, f32, (u8, u8), PartId)> = None;
    for pa in a {
        for pb in b {
            let (score, level) = match index.parts.near(pa.part(), pb.part()) {
                Some(n) => (n.score, near_level(&n)),
                None => (0.0, 1),
            };
            if best.is_none_or(|(l, s, _, _)| (level, score) > (l, s)) {
                best = Some((level, score, (pa.form(), pb.form()), pa.part()));
            }
        }
    }
    best
}

/// The weight of a given or father's name agreeing at `level` through `part` (of the first
/// record), adjusted for how common that name is in the index; and the frequency used.
fn name_field_weight(
    index: &Index,
    model: &Model,
    field: Field,
    level: u8,
    part: PartId,
) -> (f64, f64) {
    let uses = index.parts.uses(part, field == Field::Father);
    weight_at(model, field, level, uses, index.len())
}

fn weight_at(model: &Model, field: Field, level: u8, uses: u64, records: usize) -> (f64, f64) {
    let tf = model.frequency(field, level, uses, records);
    (model.frequency_weight(field, level, Some(tf)), tf)
}

/// The weight of two birthplaces in one region (`Brief::region`, not 0), adjusted for how many
/// records were born there; and the frequency used.
pub(crate) fn same_region_weight(index: &Index, model: &Model, region: u16) -> (f64, f64) {
    let (uses, records) = index.region_uses(region);
    weight_at(model, Field::Place, SAME_PLACE, uses, records)
}

/// [`name_field_weight`] of `part` at every level at once (the name's frequency is counted
/// once).
pub(crate) fn name_field_weights(
    index: &Index,
    model: &Model,
    field: Field,
    part: PartId,
) -> [f64; MAX_LEVELS] {
    let uses = index.parts.uses(part, field == Field::Father);
    let mut out = [0.0; MAX_LEVELS];
    for (level, w) in out.iter_mut().enumerate().skip(1) {
        *w = weight_at(model, field, level as u8, uses, index.len()).0;
    }
    out
}

/// The level of a neighbour (see [`Field::levels`]).
pub(crate) fn near_level(n: &super::index::Near) -> u8 {
    name_level(n.score, n.identical, n.affix)
}

/// The level of two sides' birth years (see [`Field::levels`]), "same_year" standing for
/// "same_date" too: what the years alone say.
fn birth_years_level(a: Option<(i32, i32)>, b: Option<(i32, i32)>) -> u8 {
    let (Some(a), Some(b)) = (a, b) else {
        return 0;
    };
    let gap = (a.0.max(b.0) - a.1.min(b.1)).max(0);
    match gap {
        0 if a.0 == a.1 && b.0 == b.1 => SAME_YEAR,
        0 => 5,
        1 => 4,
        2 => 3,
        3..=5 => 2,
        _ => 1,
    }
}

const SAME_YEAR: u8 = 6;
const SAME_DATE: u8 = 7;

fn birth_level(a: &Entry, b: &Entry) -> u8 {
    match birth_years_level(a.birth, b.birth) {
        SAME_YEAR if a.birth_day.is_some() && a.birth_day == b.birth_day => SAME_DATE,
        level => level,
    }
}

/// The prefecture of a region code (itself for a prefecture).
fn prefecture(code: &str) -> Option<&'static str> {
    let r = crate::regions::find(code)?;
    Some(r.parent.unwrap_or(r.code))
}

fn place_level(index: &Index, a: &Entry, b: &Entry) -> u8 {
    places_level(index, (&a.region, &a.place), (&b.region, &b.place))
}

/// The birthplace field's level and weight, and the region's frequency where one region
/// agrees.
fn place_agreement(index: &Index, model: &Model, a: &Entry, b: &Entry) -> (u8, f64, Option<f64>) {
    let level = place_level(index, a, b);
    let region = a
        .region
        .as_deref()
        .filter(|_| level == SAME_PLACE && a.region == b.region)
        .map_or(0, super::index::region_position);
    if region == 0 {
        return (level, model.weight(Field::Place, level), None);
    }
    let (weight, tf) = same_region_weight(index, model, region);
    (level, weight, Some(tf))
}

/// Two seekers' own birthplaces, for two people seeking one person (see
/// [`Field::SeekersPlace`]).
fn seekers_place_level(index: &Index, a: &Entry, b: &Entry) -> u8 {
    if !co_seekers(a, b) {
        return 0;
    }
    places_level(
        index,
        (&a.seeker_region, &a.seeker_place),
        (&b.seeker_region, &b.seeker_place),
    )
}

/// A birthplace is a region (chosen, or named by the place typed) and the place's names.
type Place<'a> = (&'a Option<String>, &'a Vec<PartId>);

const SAME_PLACE: u8 = 3;

fn places_level(index: &Index, (region_a, place_a): Place, (region_b, place_b): Place) -> u8 {
    if let (Some(x), Some(y)) = (region_a, region_b) {
        return if x == y {
            SAME_PLACE
        } else if prefecture(x).is_some() && prefecture(x) == prefecture(y) {
            2
        } else {
            1
        };
    }
    // A side without a region (chosen, or named by the place typed): compare the place names
    // (a chosen region's names are among them).
    if place_a.is_empty() || place_b.is_empty() {
        return 0;
    }
    let close = place_a.iter().any(|pa| {
        place_b
            .iter()
            .any(|pb| index.parts.near(*pa, *pb).is_some_and(|n| n.score >= 0.85))
    });
    if close { SAME_PLACE } else { 1 }
}

fn gender_level(a: Option<Gender>, b: Option<Gender>) -> u8 {
    match (a, b) {
        (Some(x), Some(y)) if x == y => 2,
        (Some(_), Some(_)) => 1,
        _ => 0,
    }
}

/// What a relation says of the person sought: the gender, and the least and most years they
/// may be older than the seeker (with slack for estimated years).
fn relation_expectations(r: Relation) -> (Option<Gender>, Option<i32>, Option<i32>) {
    use Relation::*;
    match r {
        Father => (Some(Gender::Male), Some(14), None),
        Mother => (Some(Gender::Female), Some(13), None),
        Grandfather => (Some(Gender::Male), Some(28), None),
        Grandmother => (Some(Gender::Female), Some(28), None),
        Son => (Some(Gender::Male), None, Some(-13)),
        Daughter => (Some(Gender::Female), None, Some(-13)),
        Brother => (Some(Gender::Male), Some(-28), Some(28)),
        Sister => (Some(Gender::Female), Some(-28), Some(28)),
        Husband => (Some(Gender::Male), Some(-35), Some(35)),
        Wife => (Some(Gender::Female), Some(-35), Some(35)),
        Uncle => (Some(Gender::Male), None, None),
        Aunt => (Some(Gender::Female), None, None),
        Grandson => (Some(Gender::Male), None, Some(-26)),
        Granddaughter => (Some(Gender::Female), None, Some(-26)),
        Nephew | FatherInLaw | SonInLaw | BrotherInLaw => (Some(Gender::Male), None, None),
        Niece | MotherInLaw | DaughterInLaw | SisterInLaw => (Some(Gender::Female), None, None),
        _ => (None, None, None),
    }
}

/// Whether an "about me" fits what a seeker said of the person they seek.
fn relation_level(sought: &Entry, own: &Entry) -> u8 {
    let (Some(relation), Some(seeker)) = (sought.relation, sought.seeker) else {
        return 0;
    };
    let seeker = Seeker {
        gender: seeker.0,
        birth: seeker.1,
    };
    let (gender, min_older, max_older) = relation_expectations(relation);
    let mut checked = false;
    // A gender the seeker gave is compared as the gender field; the relation's own gender only
    // stands in when none was given (never weighed twice).
    let gender = if sought.gender.is_some() {
        None
    } else {
        gender
    };
    if let (Some(want), Some(is)) = (gender, own.gender) {
        checked = true;
        if want != is {
            return 1;
        }
    }
    if let (Some(s), Some(o)) = (seeker.birth, own.birth) {
        // How much older the candidate can be at most and at least, from the ranges.
        let most = s.1 - o.0;
        let least = s.0 - o.1;
        if let Some(min) = min_older {
            checked = true;
            if most < min {
                return 1;
            }
        }
        if let Some(max) = max_older {
            checked = true;
            if least > max {
                return 1;
            }
        }
    }
    if checked { 2 } else { 0 }
}

/// The birth years a person sought can have, from the relation and the seeker's birth years
/// (the slack of [`relation_expectations`]); `None` where nothing follows.
fn implied_years(relation: Relation, seeker: (i32, i32)) -> Option<(i32, i32)> {
    let (_, min_older, max_older) = relation_expectations(relation);
    if min_older.is_none() && max_older.is_none() {
        return None;
    }
    Some((
        max_older.map_or(i32::MIN, |m| seeker.0 - m),
        min_older.map_or(i32::MAX, |m| seeker.1 - m),
    ))
}

fn overlap(a: (i32, i32), b: (i32, i32)) -> bool {
    a.0 <= b.1 && b.0 <= a.1
}

/// Two people seeking one person: do their relations fit together? Each relation says the
/// gender of the person sought (used for a side that gave none: a given gender is the gender
/// field's) and, with its seeker's birth years, when they can have been born; that must agree
/// with what the other side says or implies. A man sought as "father" by someone born in 1990
/// is not the "son" sought by someone born in 1975.
fn co_relation_level(a: &Entry, b: &Entry) -> u8 {
    let (Some(ra), Some(rb)) = (a.relation, b.relation) else {
        return 0;
    };
    let implied_gender = |r: Relation, e: &Entry| match e.gender {
        Some(_) => None,
        None => relation_expectations(r).0,
    };
    let (ga, gb) = (implied_gender(ra, a), implied_gender(rb, b));
    let mut checked = false;
    for (implied, other) in [(ga, b.gender.or(gb)), (gb, a.gender.or(ga))] {
        if let (Some(x), Some(y)) = (implied, other) {
            checked = true;
            if x != y {
                return 1;
            }
        }
    }
    let years =
        |r: Relation, e: &Entry| e.seeker.and_then(|s| s.1).and_then(|s| implied_years(r, s));
    let (ya, yb) = (years(ra, a), years(rb, b));
    for (implied, other) in [(ya, [b.birth, yb]), (yb, [a.birth, ya])] {
        let Some(implied) = implied else { continue };
        for o in other.into_iter().flatten() {
            checked = true;
            if !overlap(implied, o) {
                return 1;
            }
        }
    }
    if checked { 2 } else { 0 }
}

fn sibling(r: Relation) -> bool {
    matches!(r, Relation::Brother | Relation::Sister)
}

/// The best agreement of two plain part sets, as a kin level.
fn kin_of<A: PartRef, B: PartRef>(index: &Index, a: &[A], b: &[B]) -> u8 {
    match best_name(index, a, b) {
        None => 0,
        Some((level, ..)) if level >= 5 => 3,
        Some((level, ..)) if level >= 2 => 2,
        Some(_) => 1,
    }
}

/// Where the relations say the seekers' own family names must agree, do they? With the field
/// that agreement restates when the person sought is described fully (a sought father's given
/// name is the seeker's father's name): kin counts only where that field is missing, so one
/// agreement is not weighed twice.
fn kin_level(index: &Index, a: &Entry, b: &Entry) -> (u8, Option<Field>) {
    match (a.kind, b.kind) {
        (RecordKind::Sought, RecordKind::Sought) => match (a.relation, b.relation) {
            // Two people seeking their father (or mother, or brother) are siblings: one father.
            (Some(Relation::Mother), Some(Relation::Mother)) => {
                (kin_of(index, &a.seeker_father, &b.seeker_father), None)
            }
            (Some(Relation::Father), Some(Relation::Father)) => (
                kin_of(index, &a.seeker_father, &b.seeker_father),
                Some(Field::Given),
            ),
            (Some(x), Some(y)) if sibling(x) && sibling(y) => (
                kin_of(index, &a.seeker_father, &b.seeker_father),
                Some(Field::Father),
            ),
            _ => (0, None),
        },
        (RecordKind::Sought, RecordKind::Own) => kin_sought_own(index, a, b),
        (RecordKind::Own, RecordKind::Sought) => kin_sought_own(index, b, a),
        _ => (0, None),
    }
}

fn kin_sought_own(index: &Index, sought: &Entry, own: &Entry) -> (u8, Option<Field>) {
    let (own_father, own_given) = (&own.father, &own.given);
    match sought.relation {
        // A brother or sister has the seeker's father.
        Some(r) if sibling(r) => (
            kin_of(index, &sought.seeker_father, own_father),
            Some(Field::Father),
        ),
        // A father is who the seeker names as father.
        Some(Relation::Father) => (
            kin_of(index, &sought.seeker_father, own_given),
            Some(Field::Given),
        ),
        // A son or daughter of a man names him as father.
        Some(Relation::Son | Relation::Daughter)
            if sought.seeker.and_then(|s| s.0) == Some(Gender::Male) =>
        {
            (
                kin_of(index, &sought.seeker_given, own_father),
                Some(Field::Father),
            )
        }
        _ => (0, None),
    }
}

/// A pair scores at least this much (without the family field) before its family is looked at:
/// strangers' pairs are not worth the extra comparisons.
pub const FAMILY_FROM: f64 = 5.0;
/// Another pair of the two accounts supports a pair when it scores at least this much (without
/// its own family field). Below the lowest band on purpose: for strangers a second, weaker
/// coincidence between the same two accounts is rare, so it still says much. Chosen on seed 1's
/// synthetic families alone (of 7, 9, 11, 13 and 15, the best recall at precision 0.95).
pub const FAMILY_SUPPORT: f64 = 11.0;

/// Whether another record of `a`'s account matches another record of `b`'s (see
/// [`Field::Family`]): 0 when either account has no other record.
fn family_level(index: &Index, model: &Model, a: &Entry, b: &Entry) -> u8 {
    let others = |e: &Entry| -> Vec<&Entry> {
        index
            .account_slots(e.account)
            .iter()
            .filter_map(|s| index.entry(*s))
            .filter(|o| o.record != e.record)
            .collect()
    };
    let (oa, ob) = (others(a), others(b));
    if oa.is_empty() || ob.is_empty() {
        return 0;
    }
    for x in &oa {
        for y in &ob {
            if x.kind == RecordKind::Own && y.kind == RecordKind::Own {
                continue;
            }
            if base(index, model, x, y).total >= FAMILY_SUPPORT {
                return 2;
            }
        }
    }
    1
}

fn co_seekers(a: &Entry, b: &Entry) -> bool {
    a.kind == RecordKind::Sought && b.kind == RecordKind::Sought
}

/// Compare two records of the index, with the explanation.
pub fn compare(index: &Index, model: &Model, a: &Entry, b: &Entry) -> Scored {
    let e = evaluate(index, model, a, b);
    e.scored(model, a, b)
}

/// Compare two records, explaining only a pair that reaches a band.
pub fn banded(index: &Index, model: &Model, a: &Entry, b: &Entry) -> Option<Scored> {
    let e = evaluate(index, model, a, b);
    model
        .band_of(co_seekers(a, b), e.total)
        .map(|_| e.scored(model, a, b))
}

/// Similarity, forms (of each side) and frequency of a name field's best agreement.
type NameAgreement = (f32, (u8, u8), f64);

/// Levels and weights of every field, without allocating: most pairs are scored only to be
/// dropped.
#[derive(Clone, Copy, Debug)]
struct Evaluation {
    total: f64,
    levels: [u8; FIELDS],
    weights: [f64; FIELDS],
    /// Given and father's name: the best agreement.
    names: [Option<NameAgreement>; 2],
    mother: Option<f32>,
    /// The frequency of the birthplace region both share.
    place: Option<f64>,
}

impl Evaluation {
    fn set(&mut self, field: Field, level: u8, weight: f64) {
        self.levels[field.index()] = level;
        self.weights[field.index()] = weight;
        self.total += weight;
    }

    fn scored(&self, model: &Model, a: &Entry, b: &Entry) -> Scored {
        let fields = Field::ALL
            .iter()
            .map(|&field| {
                let i = field.index();
                let name = match field {
                    Field::Given => self.names[0],
                    Field::Father => self.names[1],
                    _ => None,
                };
                FieldExplanation {
                    field: field.name(),
                    level: field.levels()[self.levels[i] as usize],
                    weight: self.weights[i],
                    similarity: name.map(|n| n.0).or(if field == Field::Mother {
                        self.mother
                    } else {
                        None
                    }),
                    forms: name.map(|n| (form_label(n.1.0), form_label(n.1.1))),
                    frequency: name
                        .map(|n| n.2)
                        .or(self.place.filter(|_| field == Field::Place)),
                    years: (field == Field::Birth)
                        .then_some(a.birth.zip(b.birth))
                        .flatten(),
                }
            })
            .collect();
        Scored {
            score: self.total,
            band: model.band_of(co_seekers(a, b), self.total),
            levels: self.levels,
            explanation: Explanation { fields },
        }
    }
}

/// Every field, the family last (it is looked at only for pairs that already agree).
fn evaluate(index: &Index, model: &Model, a: &Entry, b: &Entry) -> Evaluation {
    let mut e = base(index, model, a, b);
    let level = if e.total >= FAMILY_FROM {
        family_level(index, model, a, b)
    } else {
        0
    };
    e.set(Field::Family, level, model.weight(Field::Family, level));
    e
}

/// Every field but the family.
fn base(index: &Index, model: &Model, a: &Entry, b: &Entry) -> Evaluation {
    let mut e = Evaluation {
        total: 0.0,
        levels: [0; FIELDS],
        weights: [0.0; FIELDS],
        names: [None; 2],
        mother: None,
        place: None,
    };
    for (i, (field, pa, pb)) in [
        (Field::Given, &a.given, &b.given),
        (Field::Father, &a.father, &b.father),
    ]
    .into_iter()
    .enumerate()
    {
        match best_name(index, pa, pb) {
            Some((level, sim, forms, part)) => {
                let (weight, tf) = name_field_weight(index, model, field, level, part);
                e.names[i] = Some((sim, forms, tf));
                e.set(field, level, weight);
            }
            None => e.set(field, 0, 0.0),
        }
    }
    let mother = best_name(index, &a.mother, &b.mother);
    e.mother = mother.map(|m| m.1);
    let relation = match (a.kind, b.kind) {
        (RecordKind::Sought, RecordKind::Own) => relation_level(a, b),
        (RecordKind::Own, RecordKind::Sought) => relation_level(b, a),
        (RecordKind::Sought, RecordKind::Sought) => co_relation_level(a, b),
        _ => 0,
    };
    let kin = match kin_level(index, a, b) {
        (_, Some(restated)) if e.levels[restated.index()] > 0 => 0,
        (level, _) => level,
    };
    for (field, level) in [
        (Field::Mother, mother.map_or(0, |m| m.0)),
        (Field::Birth, birth_level(a, b)),
        (Field::Gender, gender_level(a.gender, b.gender)),
        (Field::Relation, relation),
        (Field::Kin, kin),
        (Field::SeekersPlace, seekers_place_level(index, a, b)),
    ] {
        e.set(field, level, model.weight(field, level));
    }
    let (level, weight, tf) = place_agreement(index, model, a, b);
    e.set(Field::Place, level, weight);
    e.place = tf;
    e
}

/// The most a pair can score given what the blocking pass knows (`index::Brief`) and an upper
/// bound of each name field's weight: birth and gender exactly, every other field at its
/// largest weight where it can be compared at all. A pair whose bound stays below every band
/// is skipped without being scored (`candidates::banded_against`); the bound is never below
/// what [`compare`] would give (a test checks it on synthetic families).
pub struct Ceiling {
    weights: [[f64; MAX_LEVELS]; FIELDS],
    best: [f64; FIELDS],
}

impl Ceiling {
    pub fn new(model: &Model) -> Ceiling {
        let mut weights = [[0.0; MAX_LEVELS]; FIELDS];
        let mut best = [0.0f64; FIELDS];
        for field in Field::ALL {
            let row = &mut weights[field.index()];
            for (level, slot) in row.iter_mut().enumerate().take(field.levels().len()) {
                *slot = model.weight(field, level as u8);
                best[field.index()] = best[field.index()].max(*slot);
            }
        }
        Ceiling { weights, best }
    }

    /// The largest weight of a field.
    pub fn best(&self, field: Field) -> f64 {
        self.best[field.index()]
    }

    /// The weight of disagreement on a name field (no pair of parts are neighbours).
    pub fn name_differs(&self, field: Field) -> f64 {
        self.weights[field.index()][1]
    }

    /// `same_region`: the weight of sharing `a`'s birthplace region ([`same_region_weight`]);
    /// `family`: whether both accounts have other records (else the family field is 0),
    /// asked only if it can matter.
    pub fn bound(
        &self,
        a: &Brief,
        b: &Brief,
        given: f64,
        father: f64,
        same_region: f64,
        family: impl FnOnce() -> bool,
    ) -> f64 {
        let w = |field: Field, level: u8| self.weights[field.index()][level as usize];
        let best = |field: Field| self.best[field.index()];
        // The brief holds years and whether a day is known: the same year of two full dates
        // may also be the same date.
        let birth = match birth_years_level(a.birth(), b.birth()) {
            SAME_YEAR if a.has_day() && b.has_day() => {
                w(Field::Birth, SAME_YEAR).max(w(Field::Birth, SAME_DATE))
            }
            level => w(Field::Birth, level),
        };
        let mut total = given + father + birth + w(Field::Gender, gender_level(a.gender, b.gender));
        if a.region != 0 && a.region == b.region {
            total += same_region;
        } else if a.region != 0 && b.region != 0 {
            let level = if a.prefecture != 0 && a.prefecture == b.prefecture {
                2
            } else {
                1
            };
            total += w(Field::Place, level);
        } else if a.has_place() && b.has_place() {
            total += best(Field::Place);
        }
        if a.has_mother() && b.has_mother() {
            total += best(Field::Mother);
        }
        if a.sought() || b.sought() {
            total += best(Field::Relation);
        }
        if a.sought() && b.sought() && a.seeker_place() && b.seeker_place() {
            total += best(Field::SeekersPlace);
        }
        match kin_restates(a, b) {
            None => {}
            // Kin counts only where the field it restates is missing.
            Some(Some(Field::Given)) if a.has_given() && b.has_given() => {}
            Some(Some(Field::Father)) if a.has_father() && b.has_father() => {}
            Some(_) => total += best(Field::Kin),
        }
        // The family is looked at only from FAMILY_FROM on (without it, the total is at most
        // this bound).
        if total >= FAMILY_FROM - 1e-3 && family() {
            total += best(Field::Family);
        }
        total
    }
}

/// Whether [`kin_level`] compares anything for this pair (`Some`), and which field that
/// restates, from the relations alone: `kin_level`'s cases, for the bound.
fn kin_restates(a: &Brief, b: &Brief) -> Option<Option<Field>> {
    let sought_own = |s: &Brief| match s.relation {
        Some(r) if sibling(r) => Some(Some(Field::Father)),
        Some(Relation::Father) => Some(Some(Field::Given)),
        Some(Relation::Son | Relation::Daughter) if s.seeker_male() => Some(Some(Field::Father)),
        _ => None,
    };
    match (a.sought(), b.sought()) {
        (true, true) => match (a.relation, b.relation) {
            (Some(Relation::Mother), Some(Relation::Mother)) => Some(None),
            (Some(Relation::Father), Some(Relation::Father)) => Some(Some(Field::Given)),
            (Some(x), Some(y)) if sibling(x) && sibling(y) => Some(Some(Field::Father)),
            _ => None,
        },
        (true, false) => sought_own(a),
        (false, true) => sought_own(b),
        (false, false) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index_of(records: &[(&str, &str, serde_json::Value)]) -> Index {
        use crate::domain::{PersonInput, SoughtInput};
        use crate::matching::features::Features;
        let today = chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
        let enc = crate::names::NameEncoder::new(&[9; 32], crate::names::DEFAULT_K);
        let mut own = std::collections::HashMap::new();
        for (account, id, v) in records {
            if v.get("relation").is_none() {
                let p: PersonInput = serde_json::from_value(v.clone()).unwrap();
                own.insert((*account, *id), p.validate_at(today).unwrap());
            }
        }
        let mut index = Index::default();
        for (account, id, v) in records {
            let f = match own.get(&(*account, *id)) {
                Some(p) => Features::own(&enc, p),
                None => {
                    let s: SoughtInput = serde_json::from_value(v.clone()).unwrap();
                    let seeker = own.iter().find(|((a, _), _)| a == account).map(|(_, p)| p);
                    Features::sought(&enc, &s.validate_at(today).unwrap(), seeker)
                }
            };
            index.upsert(id, account, &f);
        }
        index
    }

    fn pair(index: &Index, a: &str, b: &str) -> Scored {
        let (x, y) = (index.slot(a).unwrap(), index.slot(b).unwrap());
        compare(
            index,
            Model::bundled(),
            index.entry(x).unwrap(),
            index.entry(y).unwrap(),
        )
    }

    #[test]
    fn names_an_affix_apart_have_a_level_of_their_own() {
        use serde_json::json;
        let person = |name: &str| json!({"names": [name]});
        let index = index_of(&[
            ("A", "patime", person("Patime Tursun")),
            ("B", "patimexan", person("Patimexan Tursun")),
            ("C", "memet", person("Memet Tursun")),
            ("D", "memetjan", person("Memetjan Tursun")),
            ("E", "memet2", person("Memet Tursun")),
        ]);
        let given = |a, b| pair(&index, a, b).levels[Field::Given.index()];
        // A hard affix (-xan) used to leave them no neighbours at all: "different".
        assert_eq!(given("patime", "patimexan"), AFFIX_LEVEL);
        // A soft one (-jan) used to count as the same letters: "exact".
        assert_eq!(given("memet", "memetjan"), AFFIX_LEVEL);
        assert_eq!(given("memet", "memet2"), 6);
        assert_eq!(given("patime", "memet"), 1);
        let weight = |a, b| {
            let s = pair(&index, a, b);
            s.explanation.fields[Field::Given.index()].weight
        };
        assert!(weight("memet", "memetjan") < weight("memet", "memet2"));
        assert!(weight("patime", "patimexan") > weight("patime", "memet"));
    }

    #[test]
    fn one_agreement_is_never_weighed_twice() {
        use serde_json::json;
        // Ayshe seeks her father Elijan; her own name says her father is Elijan, which the
        // given names already compare: kin is not counted on top. Without the sought person's
        // given name it would be all there is, and counts.
        let index = index_of(&[
            (
                "A",
                "ayshe",
                json!({"names": ["Ayshe Elijan"], "gender": "female", "birth": {"year": 1990}}),
            ),
            (
                "A",
                "father",
                json!({"names": ["Elijan Ghopur"], "relation": "father", "gender": "male"}),
            ),
            (
                "B",
                "elijan",
                json!({"names": ["Elijan Ghopur"], "gender": "male", "birth": {"year": 1960}}),
            ),
        ]);
        let s = pair(&index, "father", "elijan");
        assert_eq!(s.levels[Field::Given.index()], 6);
        assert_eq!(
            s.levels[Field::Kin.index()],
            0,
            "kin restates the given name"
        );
        // The sought person's gender is compared once, as the gender field; the relation then
        // checks only the ages (Elijan is 30 years older than Ayshe: plausible).
        assert_eq!(s.levels[Field::Gender.index()], 2);
        assert_eq!(s.levels[Field::Relation.index()], 2);
        let weights: f64 = s.explanation.fields.iter().map(|f| f.weight).sum();
        assert!(
            (weights - s.score).abs() < 1e-9,
            "the explanation adds up to the score"
        );
    }

    #[test]
    fn two_searches_must_fit_together() {
        use serde_json::json;
        // A (born 1990) seeks her father Memet; B (born 1975) seeks his son Memet; C (born 1988)
        // seeks her father Memet; D seeks a sister called Memet (no gender given).
        let index = index_of(&[
            (
                "A",
                "a",
                json!({"names": ["Ayshe Memet"], "birth": {"year": 1990}}),
            ),
            (
                "A",
                "a-f",
                json!({"names": ["Memet Tursun"], "relation": "father"}),
            ),
            (
                "B",
                "b",
                json!({"names": ["Tursun Abdu"], "birth": {"year": 1975}}),
            ),
            (
                "B",
                "b-s",
                json!({"names": ["Memet Tursun"], "relation": "son"}),
            ),
            (
                "C",
                "c",
                json!({"names": ["Nur Memet"], "birth": {"year": 1988}}),
            ),
            (
                "C",
                "c-f",
                json!({"names": ["Memet Tursun"], "relation": "father"}),
            ),
            ("D", "d", json!({"names": ["Ali Tursun"]})),
            (
                "D",
                "d-s",
                json!({"names": ["Memet Tursun"], "relation": "sister"}),
            ),
        ]);
        let relation = |a, b| pair(&index, a, b).levels[Field::Relation.index()];
        // A father of someone born in 1990 is born by 1976; a son of someone born in 1975 from
        // 1988 on.
        assert_eq!(relation("a-f", "b-s"), 1);
        // Two people born in 1988 and 1990 seeking their father: one man can be both.
        assert_eq!(relation("a-f", "c-f"), 2);
        // A father is not a sister.
        assert_eq!(relation("a-f", "d-s"), 1);
        assert!(pair(&index, "a-f", "c-f").score > pair(&index, "a-f", "b-s").score);
    }

    #[test]
    fn a_full_date_of_birth_says_more_than_a_year_and_a_year_more_than_a_range() {
        use serde_json::json;
        let index = index_of(&[
            (
                "A",
                "a",
                json!({"names": ["Memet Tursun"], "birth": {"date": "1961-03-02"}}),
            ),
            (
                "B",
                "b",
                json!({"names": ["Memet Tursun"], "relation": "father", "birth": {"date": "1961-03-02"}}),
            ),
            (
                "C",
                "c",
                json!({"names": ["Memet Tursun"], "relation": "father", "birth": {"year": 1961}}),
            ),
            (
                "D",
                "d",
                json!({"names": ["Memet Tursun"], "relation": "father", "birth": {"from": 1958, "to": 1963}}),
            ),
            (
                "E",
                "e",
                json!({"names": ["Memet Tursun"], "relation": "father", "birth": {"date": "1961-09-12"}}),
            ),
        ]);
        let birth = |b| pair(&index, "a", b).levels[Field::Birth.index()];
        assert_eq!(birth("b"), SAME_DATE);
        assert_eq!(birth("c"), SAME_YEAR);
        assert_eq!(birth("d"), 5, "within a range");
        assert_eq!(birth("e"), SAME_YEAR, "another day of the same year");
        let weight = |b| pair(&index, "a", b).explanation.fields[Field::Birth.index()].weight;
        assert!(weight("b") > weight("c") && weight("c") > weight("d"));
    }

    #[test]
    fn two_people_seeking_one_person_compare_their_own_birthplaces() {
        use serde_json::json;
        let seeker =
            |place: &str| json!({"names": ["Aygul Tursun"], "birthplace": {"text": place}});
        let father = json!({"names": ["Tursun Memet"], "relation": "father"});
        let index = index_of(&[
            ("A", "a", seeker("Guma")),
            ("A", "a-father", father.clone()),
            // The same county typed in another script.
            ("B", "b", seeker("گۇما ناھىيىسى")),
            ("B", "b-father", father.clone()),
            // Another prefecture.
            ("C", "c", seeker("Kashgar")),
            ("C", "c-father", father.clone()),
            // No birthplace of the seeker's own.
            ("D", "d", json!({"names": ["Aygul Tursun"]})),
            ("D", "d-father", father),
        ]);
        let level = |a, b| pair(&index, a, b).levels[Field::SeekersPlace.index()];
        assert_eq!(level("a-father", "b-father"), 3);
        assert_eq!(level("a-father", "c-father"), 1);
        assert_eq!(level("a-father", "d-father"), 0);
        // Only between two searches: a person sought against someone's own record has a
        // birthplace field of its own.
        assert_eq!(level("a-father", "b"), 0);
        let score = |a, b| pair(&index, a, b).score;
        assert!(score("a-father", "b-father") > score("a-father", "d-father"));
        assert!(score("a-father", "d-father") > score("a-father", "c-father"));
    }

    #[test]
    fn a_shared_birthplace_says_more_where_fewer_were_born() {
        use serde_json::json;
        let person = |name: &str, region: &str| json!({"names": [name], "gender": "female", "birthplace": {"region": region}});
        let sought = |name: &str, region: &str| {
            let mut v = person(name, region);
            v["relation"] = json!("sister");
            v
        };
        let mut records = vec![
            ("A", "a-sister", sought("Aygul Tursun", "653101")),
            ("B", "b", person("Aygul Tursun", "653101")),
            ("C", "c-sister", sought("Gulnar Memet", "654002")),
            ("D", "d", person("Gulnar Memet", "654002")),
        ];
        // Thirty other people born in Kashgar city.
        let others: Vec<(String, String)> = (0..30)
            .map(|i| (format!("X{i}"), format!("x{i}")))
            .collect();
        for (account, id) in &others {
            records.push((account, id, person("Patime Ablet", "653101")));
        }
        let mut index = index_of(&records);
        let place = |index: &Index, a, b| {
            pair(index, a, b).explanation.fields[Field::Place.index()].clone()
        };
        let (common, rare) = (
            place(&index, "a-sister", "b"),
            place(&index, "c-sister", "d"),
        );
        assert_eq!((common.level, rare.level), ("same_place", "same_place"));
        assert!(common.weight < rare.weight, "{common:?} {rare:?}");
        assert!(common.frequency.unwrap() > rare.frequency.unwrap());
        // The counts follow the index: with the others gone, both places are as common.
        for (_, id) in &others {
            index.remove(id);
        }
        let (common, rare) = (
            place(&index, "a-sister", "b"),
            place(&index, "c-sister", "d"),
        );
        assert!(
            (common.weight - rare.weight).abs() < 1e-9,
            "{common:?} {rare:?}"
        );
        // Another region of one prefecture is not adjusted.
        let index = index_of(&[
            ("A", "a-sister", sought("Aygul Tursun", "653101")),
            ("B", "b", person("Aygul Tursun", "653121")),
        ]);
        let near = place(&index, "a-sister", "b");
        assert_eq!((near.level, near.frequency), ("same_prefecture", None));
    }

    #[test]
    fn another_match_between_two_families_supports_a_pair() {
        use serde_json::json;
        // Two siblings in two accounts, each seeking father and mother.
        let family = |account: &'static str, me: &'static str| {
            vec![
                (
                    account,
                    me,
                    json!({"names": [format!("{me} Tursun")], "birth": {"year": 1985}}),
                ),
                (
                    account,
                    "f",
                    json!({"names": ["Tursun Memet"], "relation": "father"}),
                ),
                (
                    account,
                    "m",
                    json!({"names": ["Aygul Ahmet"], "relation": "mother"}),
                ),
            ]
        };
        let mut records: Vec<(&str, &str, serde_json::Value)> = Vec::new();
        for (a, me) in [("A", "Adil"), ("B", "Dilnur")] {
            for (acc, id, v) in family(a, me) {
                let id: &'static str = Box::leak(format!("{acc}-{id}").into_boxed_str());
                records.push((acc, id, v));
            }
        }
        let index = index_of(&records);
        let fathers = pair(&index, "A-f", "B-f");
        assert_eq!(
            fathers.levels[Field::Family.index()],
            2,
            "the mothers match too"
        );
        let both = index_of(
            &records[..2]
                .iter()
                .chain(&records[3..5])
                .cloned()
                .collect::<Vec<_>>(),
        );
        let alone = pair(&both, "A-f", "B-f");
        assert_eq!(
            alone.levels[Field::Family.index()],
            1,
            "no other match between them"
        );
        assert!(fathers.score > alone.score);
    }

    #[test]
    fn levels_of_years_and_relations() {
        let years = birth_years_level;
        assert_eq!(years(Some((1961, 1961)), Some((1961, 1961))), SAME_YEAR);
        assert_eq!(years(Some((1960, 1962)), Some((1961, 1961))), 5);
        assert_eq!(years(Some((1961, 1961)), Some((1963, 1963))), 3);
        assert_eq!(years(Some((1961, 1961)), Some((1975, 1975))), 1);
        assert_eq!(years(None, Some((1975, 1975))), 0);
        assert_eq!(name_level(0.99, false, false), 6);
        assert_eq!(name_level(0.5, false, false), 1);
        assert!(name_level(0.9, false, false) > name_level(0.75, false, false));
        // An affix apart ranks below a high agreement and above a medium one.
        assert_eq!(name_level(0.45, false, true), AFFIX_LEVEL);
        assert!(name_level(0.9, false, false) > name_level(0.45, false, true));
        assert!(name_level(0.45, false, true) > name_level(0.75, false, false));
    }
}
