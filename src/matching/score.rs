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
use super::index::{Entry, Index, PartId};
use super::model::{Band, FIELDS, Field, Model};
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
    /// For names: the share of records with a name this close (the weight is adjusted for it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub frequency: Option<f64>,
    /// For birth: each side's years.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub years: Option<((i32, i32), (i32, i32))>,
}

/// Name similarity to level (see [`Field::levels`]).
fn name_level(score: f32, identical: bool) -> u8 {
    if identical || score >= 0.97 {
        5
    } else if score >= 0.85 {
        4
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

/// Best agreement between two sets of parts: (level, similarity, forms, part of `a`).
fn best_name(
    index: &Index,
    a: &[(PartId, u8)],
    b: &[(PartId, u8)],
) -> Option<(u8, f32, (u8, u8), PartId)> {
    if a.is_empty() || b.is_empty() {
        return None;
    }
    let mut best: Option<(u8, f32, (u8, u8), PartId)> = None;
    for (pa, fa) in a {
        for (pb, fb) in b {
            let (score, identical) = match index.parts.near(*pa, *pb) {
                Some(n) => (n.score, n.identical),
                None => (0.0, false),
            };
            let level = name_level(score, identical);
            if best.is_none_or(|(l, s, _, _)| (level, score) > (l, s)) {
                best = Some((level, score, (*fa, *fb), *pa));
            }
        }
    }
    best
}

fn birth_level(a: Option<(i32, i32)>, b: Option<(i32, i32)>) -> u8 {
    let (Some(a), Some(b)) = (a, b) else {
        return 0;
    };
    let gap = (a.0.max(b.0) - a.1.min(b.1)).max(0);
    match gap {
        0 => 5,
        1 => 4,
        2 => 3,
        3..=5 => 2,
        _ => 1,
    }
}

/// The prefecture of a region code (itself for a prefecture).
fn prefecture(code: &str) -> Option<&'static str> {
    let r = crate::regions::find(code)?;
    Some(r.parent.unwrap_or(r.code))
}

fn place_level(index: &Index, a: &Entry, b: &Entry) -> u8 {
    if let (Some(x), Some(y)) = (&a.region, &b.region) {
        return if x == y {
            3
        } else if prefecture(x).is_some() && prefecture(x) == prefecture(y) {
            2
        } else {
            1
        };
    }
    // One side typed the place, or neither chose a region: compare the place names (a chosen
    // region's names are among them).
    if a.place.is_empty() || b.place.is_empty() {
        return 0;
    }
    let close = a.place.iter().any(|pa| {
        b.place
            .iter()
            .any(|pb| index.parts.near(*pa, *pb).is_some_and(|n| n.score >= 0.85))
    });
    if close { 3 } else { 1 }
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

fn sibling(r: Relation) -> bool {
    matches!(r, Relation::Brother | Relation::Sister)
}

/// The best agreement of two plain part sets, as a kin level.
fn kin_of(index: &Index, a: &[PartId], b: &[PartId]) -> u8 {
    let wrap = |v: &[PartId]| v.iter().map(|p| (*p, 0u8)).collect::<Vec<_>>();
    match best_name(index, &wrap(a), &wrap(b)) {
        None => 0,
        Some((level, ..)) if level >= 4 => 3,
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
    let own_father: Vec<PartId> = own.father.iter().map(|(p, _)| *p).collect();
    let own_given: Vec<PartId> = own.given.iter().map(|(p, _)| *p).collect();
    match sought.relation {
        // A brother or sister has the seeker's father.
        Some(r) if sibling(r) => (
            kin_of(index, &sought.seeker_father, &own_father),
            Some(Field::Father),
        ),
        // A father is who the seeker names as father.
        Some(Relation::Father) => (
            kin_of(index, &sought.seeker_father, &own_given),
            Some(Field::Given),
        ),
        // A son or daughter of a man names him as father.
        Some(Relation::Son | Relation::Daughter)
            if sought.seeker.and_then(|s| s.0) == Some(Gender::Male) =>
        {
            (
                kin_of(index, &sought.seeker_given, &own_father),
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
/// its own family field).
pub const FAMILY_SUPPORT: f64 = 15.0;

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
            if base(index, model, x, y).score >= FAMILY_SUPPORT {
                return 2;
            }
        }
    }
    1
}

fn co_seekers(a: &Entry, b: &Entry) -> bool {
    a.kind == RecordKind::Sought && b.kind == RecordKind::Sought
}

/// Compare two records of the index.
pub fn compare(index: &Index, model: &Model, a: &Entry, b: &Entry) -> Scored {
    let mut scored = base(index, model, a, b);
    let level = if scored.score >= FAMILY_FROM {
        family_level(index, model, a, b)
    } else {
        0
    };
    let weight = model.weight(Field::Family, level);
    scored.levels[Field::Family.index()] = level;
    scored.score += weight;
    scored.band = model.band_of(co_seekers(a, b), scored.score);
    scored.explanation.fields.push(FieldExplanation {
        field: Field::Family.name(),
        level: Field::Family.levels()[level as usize],
        weight,
        similarity: None,
        forms: None,
        frequency: None,
        years: None,
    });
    scored
}

/// Every field but the family.
fn base(index: &Index, model: &Model, a: &Entry, b: &Entry) -> Scored {
    let mut levels = [0u8; FIELDS];
    let mut fields = Vec::with_capacity(FIELDS);
    let mut total = 0.0;
    let records = index.len();

    for (field, pa, pb) in [
        (Field::Given, &a.given, &b.given),
        (Field::Father, &a.father, &b.father),
    ] {
        let best = best_name(index, pa, pb);
        let (level, sim, forms, tf) = match best {
            Some((level, sim, forms, part)) => {
                let uses = index.parts.uses(part, field == Field::Father);
                let tf = Some(model.name_frequency(field, level, uses, records));
                (
                    level,
                    Some(sim),
                    Some((form_label(forms.0), form_label(forms.1))),
                    tf,
                )
            }
            None => (0, None, None, None),
        };
        let weight = model.name_weight(field, level, tf);
        levels[field.index()] = level;
        total += weight;
        fields.push(FieldExplanation {
            field: field.name(),
            level: field.levels()[level as usize],
            weight,
            similarity: sim,
            forms,
            frequency: tf,
            years: None,
        });
    }
    let mother = {
        let wrap = |v: &[PartId]| v.iter().map(|p| (*p, 0u8)).collect::<Vec<_>>();
        best_name(index, &wrap(&a.mother), &wrap(&b.mother))
    };
    let mother_level = mother.map_or(0, |m| m.0);
    let birth = birth_level(a.birth, b.birth);
    let place = place_level(index, a, b);
    let gender = gender_level(a.gender, b.gender);
    let relation = match (a.kind, b.kind) {
        (RecordKind::Sought, RecordKind::Own) => relation_level(a, b),
        (RecordKind::Own, RecordKind::Sought) => relation_level(b, a),
        _ => 0,
    };
    let kin = match kin_level(index, a, b) {
        (_, Some(restated)) if levels[restated.index()] > 0 => 0,
        (level, _) => level,
    };
    for (field, level) in [
        (Field::Mother, mother_level),
        (Field::Birth, birth),
        (Field::Place, place),
        (Field::Gender, gender),
        (Field::Relation, relation),
        (Field::Kin, kin),
    ] {
        let weight = model.weight(field, level);
        levels[field.index()] = level;
        total += weight;
        fields.push(FieldExplanation {
            field: field.name(),
            level: field.levels()[level as usize],
            weight,
            similarity: (field == Field::Mother)
                .then_some(mother.map(|m| m.1))
                .flatten(),
            forms: None,
            frequency: None,
            years: (field == Field::Birth)
                .then_some(a.birth.zip(b.birth))
                .flatten(),
        });
    }
    Scored {
        score: total,
        band: model.band_of(co_seekers(a, b), total),
        levels,
        explanation: Explanation { fields },
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
        assert_eq!(s.levels[Field::Given.index()], 5);
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
        assert_eq!(birth_level(Some((1961, 1961)), Some((1961, 1961))), 5);
        assert_eq!(birth_level(Some((1960, 1962)), Some((1961, 1961))), 5);
        assert_eq!(birth_level(Some((1961, 1961)), Some((1963, 1963))), 3);
        assert_eq!(birth_level(Some((1961, 1961)), Some((1975, 1975))), 1);
        assert_eq!(birth_level(None, Some((1975, 1975))), 0);
        assert_eq!(name_level(0.99, false), 5);
        assert_eq!(name_level(0.5, false), 1);
        assert!(name_level(0.9, false) > name_level(0.75, false));
    }
}
