//! How a registrant writes about themself and about the people they seek: which scripts,
//! which parts of a name, what they remember of dates and places, and their typing mistakes.

use chrono::Datelike;

use super::data::{Ethnicity, Sex};
use super::family::{Country, Family, Human};
use super::places;
use super::rng::{Rng, scramble};
use super::scripts::{self, Affix, Label, Patronym, Token};
use crate::domain::{BirthInput, BirthplaceInput, PersonInput, Relation};

/// Every date in a generated file is at most this year, so files do not depend on the day
/// they are generated on (the API refuses births in the future).
pub const LATEST_YEAR: i32 = 2024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    SelfRecord,
    Sought,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::SelfRecord => "self",
            Kind::Sought => "sought",
        }
    }
}

/// One generated registration record (the `id` is given when it is written).
#[derive(Clone, Debug)]
pub struct Record {
    pub account: u64,
    pub kind: Kind,
    pub relation: Option<Relation>,
    pub person: PersonInput,
    pub truth: u64,
    /// The script convention of each entry of `person.names`, in order.
    pub labels: Vec<Label>,
}

/// A registrant's writing habits.
struct Writer {
    primary: Label,
    others: Vec<(Label, u32)>,
    country: Country,
    sloppy: f64,
}

fn script_mix(ethnicity: Ethnicity, country: Country) -> Vec<(Label, u32)> {
    use Label::*;
    match (ethnicity, country) {
        (Ethnicity::Uyghur, Country::Turkey) => {
            vec![
                (Turkish, 45),
                (Uey, 30),
                (Uly, 8),
                (LatinInformal, 12),
                (Pinyin, 3),
            ]
        }
        (Ethnicity::Uyghur, c) if c.post_soviet() => {
            vec![
                (Usy, 60),
                (Uey, 25),
                (LatinInformal, 8),
                (Uly, 4),
                (Pinyin, 3),
            ]
        }
        (Ethnicity::Uyghur, Country::SaudiArabia) => {
            vec![(Uey, 60), (LatinInformal, 30), (Uly, 10)]
        }
        (Ethnicity::Uyghur, _) => vec![
            (LatinInformal, 40),
            (Uly, 25),
            (Uey, 28),
            (Turkish, 2),
            (Pinyin, 5),
        ],
        (_, Country::Turkey) => vec![
            (Turkish, 50),
            (Usy, 22),
            (LatinInformal, 15),
            (Uey, 8),
            (Pinyin, 5),
        ],
        (Ethnicity::Kazakh, c) if c.post_soviet() => vec![
            (Usy, 78),
            (LatinInformal, 10),
            (Uey, 6),
            (Uly, 3),
            (Pinyin, 3),
        ],
        (Ethnicity::Kyrgyz, c) if c.post_soviet() => {
            vec![(Usy, 80), (LatinInformal, 10), (Uey, 5), (Pinyin, 5)]
        }
        _ => vec![(LatinInformal, 60), (Usy, 25), (Uey, 8), (Pinyin, 7)],
    }
}

fn writer(rng: &mut Rng, me: &Human) -> Writer {
    let country = me.country.expect("registrants live abroad");
    let mix = script_mix(me.ethnicity, country);
    let weights: Vec<u32> = mix.iter().map(|m| m.1).collect();
    let primary = mix[rng.weighted(&weights)].0;
    let others = mix.into_iter().filter(|m| m.0 != primary).collect();
    Writer {
        primary,
        others,
        country,
        sloppy: [0.02, 0.06, 0.15][rng.weighted(&[40, 40, 20])],
    }
}

/// How the registrant writes a name: usually as the person carries it, with the
/// affectionate -jan/-xan sometimes added or left off.
fn as_written(rng: &mut Rng, token: Token, sex: Sex, add: f64, drop: f64) -> Token {
    match token.affix {
        Affix::None if !token.entry().has_affix() && rng.chance(add) => Token {
            name: token.name,
            affix: if sex == Sex::Male {
                Affix::Jan
            } else {
                Affix::Xan
            },
        },
        Affix::Jan | Affix::Xan if rng.chance(drop) => Token::plain(token.name),
        _ => token,
    }
}

/// The characters on a person's documents: the same whoever copies them, mostly.
fn official(rng: &mut Rng, truth: u64, salt: u64) -> Rng {
    if rng.chance(0.8) {
        Rng::new(scramble(truth, salt))
    } else {
        Rng::new(rng.next_u64())
    }
}

struct Context<'a> {
    family: &'a Family,
    salt: u64,
}

fn grandfather_token(people: &[Human], h: &Human) -> Option<Token> {
    h.father.map(|f| people[f].father_given)
}

fn names(
    rng: &mut Rng,
    ctx: &Context,
    w: &Writer,
    h: &Human,
    relation: Option<Relation>,
) -> (Vec<String>, Vec<Label>) {
    let is_self = relation.is_none();
    let distant = matches!(
        relation,
        Some(
            Relation::Grandfather
                | Relation::Grandmother
                | Relation::Uncle
                | Relation::Aunt
                | Relation::Cousin
                | Relation::Other
        )
    );
    let given_only = match relation {
        None => 0.04,
        Some(Relation::Grandfather | Relation::Grandmother) => 0.35,
        Some(_) if distant => 0.22,
        Some(Relation::Father | Relation::Mother) => 0.10,
        Some(_) => 0.06,
    };
    let with_father = !rng.chance(given_only);
    let younger = matches!(
        relation,
        Some(Relation::Son | Relation::Daughter | Relation::Brother | Relation::Sister)
    );
    let kk = h.ethnicity != Ethnicity::Uyghur;
    let post_soviet = w.country.post_soviet();

    let mut labels = vec![w.primary];
    let (doc_hanzi, doc_pinyin) = if is_self { (0.05, 0.07) } else { (0.22, 0.10) };
    if rng.chance(0.25) {
        let weights: Vec<u32> = w.others.iter().map(|o| o.1).collect();
        labels.push(w.others[rng.weighted(&weights)].0);
        if rng.chance(0.2) {
            labels.push(w.others[rng.weighted(&weights)].0);
        }
    }
    if rng.chance(doc_hanzi) {
        // Copied from documents or a leaked police list: sometimes the only form given.
        if rng.chance(0.25) {
            labels.clear();
        }
        labels.insert(0, Label::Chinese);
    }
    if rng.chance(doc_pinyin) {
        labels.push(Label::Pinyin);
    }

    let mut out: Vec<String> = Vec::new();
    let mut out_labels = Vec::new();
    for label in labels {
        let own = as_written(rng, h.given, h.sex, if younger { 0.12 } else { 0.05 }, 0.2);
        let father = as_written(rng, h.father_given, Sex::Male, 0.04, 0.3);
        let roman = matches!(label, Label::Usy | Label::LatinInformal | Label::Turkish);
        let patronym = if !roman {
            Patronym::Plain
        } else if kk {
            let (child, surname) = match (is_self, post_soviet) {
                (true, true) => (0.35, 0.3),
                (true, false) => (0.2, 0.1),
                (false, _) => (0.08, 0.05),
            };
            if rng.chance(child) {
                Patronym::Child(h.sex)
            } else if rng.chance(surname) {
                Patronym::Surname(h.sex)
            } else {
                Patronym::Plain
            }
        } else if is_self && post_soviet && rng.chance(0.3) {
            Patronym::Surname(h.sex)
        } else {
            Patronym::Plain
        };
        let surname_first =
            matches!(patronym, Patronym::Surname(_)) && label == Label::Usy && rng.chance(0.2);
        let include_father = with_father || matches!(label, Label::Chinese | Label::Pinyin);
        let mut official = official(rng, h.truth, ctx.salt);
        let mut text = scripts::form(
            rng,
            &mut official,
            label,
            own,
            include_father.then_some((father, patronym)),
            surname_first,
        );
        if label != Label::Chinese && rng.chance(w.sloppy) {
            text = scripts::typo(rng, &text);
        }
        if !out.contains(&text) {
            out.push(text);
            out_labels.push(label);
        }
    }
    (out, out_labels)
}

fn nickname(rng: &mut Rng, w: &Writer, h: &Human, relation: Option<Relation>) -> String {
    let mut official = Rng::new(rng.next_u64());
    let label = if matches!(w.primary, Label::Pinyin) {
        Label::LatinInformal
    } else {
        w.primary
    };
    let letters = h.given.entry().letters.len();
    match rng.below(3) {
        0 if h.given.affix == Affix::None && !h.given.entry().has_affix() => {
            let affix = if h.sex == Sex::Male {
                Affix::Jan
            } else {
                Affix::Xan
            };
            let token = Token {
                name: h.given.name,
                affix,
            };
            scripts::single(rng, &mut official, label, token)
        }
        1 if letters >= 7 => {
            // The familiar short form: the last part of a long name (Abdurëhim -> Rëhim).
            let full = scripts::single(rng, &mut official, label, Token::plain(h.given.name));
            let chars: Vec<char> = full.chars().collect();
            let cut = chars.len() / 2;
            super::letters::capitalise(&chars[cut..].iter().collect::<String>(), false)
        }
        _ => {
            let given = scripts::single(rng, &mut official, label, Token::plain(h.given.name));
            // "aka" (elder brother) and "hede" (elder sister) for kin of one's generation
            // or the one above, other than parents.
            let older = matches!(
                relation,
                Some(
                    Relation::Brother
                        | Relation::Sister
                        | Relation::Cousin
                        | Relation::Uncle
                        | Relation::Aunt
                )
            );
            let kin = match (h.sex, label) {
                (Sex::Male, Label::Uey) => "ئاكا",
                (Sex::Female, Label::Uey) => "ھەدە",
                (Sex::Male, Label::Usy) => "ака",
                (Sex::Female, Label::Usy) => "апа",
                (Sex::Male, _) => "aka",
                (Sex::Female, _) => "hede",
            };
            if older {
                format!("{given} {kin}")
            } else {
                given
            }
        }
    }
}

fn knowledge(relation: Option<Relation>) -> [u32; 4] {
    // date, year, range, nothing
    match relation {
        None => [30, 55, 2, 13],
        Some(Relation::Son | Relation::Daughter) => [40, 50, 3, 7],
        Some(Relation::Father | Relation::Mother | Relation::Husband | Relation::Wife) => {
            [15, 62, 10, 13]
        }
        Some(Relation::Brother | Relation::Sister) => [12, 60, 8, 20],
        Some(Relation::Grandfather | Relation::Grandmother) => [2, 30, 30, 38],
        Some(_) => [2, 35, 23, 40],
    }
}

fn birth(rng: &mut Rng, h: &Human, relation: Option<Relation>) -> Option<BirthInput> {
    let year = h.birth.year();
    let distant = !matches!(
        relation,
        None | Some(
            Relation::Son
                | Relation::Daughter
                | Relation::Father
                | Relation::Mother
                | Relation::Husband
                | Relation::Wife
                | Relation::Brother
                | Relation::Sister
        )
    );
    let (off1, off2) = match (relation.is_none(), distant) {
        (true, _) => (0.02, 0.0),
        (false, false) => (0.12, 0.04),
        (false, true) => (0.18, 0.06),
    };
    let remembered = |rng: &mut Rng| {
        let shift = if rng.chance(off2) {
            2
        } else if rng.chance(off1) {
            1
        } else {
            0
        };
        let sign = if rng.chance(0.5) { 1 } else { -1 };
        (year + sign * shift).min(LATEST_YEAR)
    };
    match rng.weighted(&knowledge(relation)) {
        0 => Some(BirthInput {
            date: Some(h.birth.format("%Y-%m-%d").to_string()),
            ..Default::default()
        }),
        1 => Some(BirthInput {
            year: Some(i64::from(remembered(rng))),
            ..Default::default()
        }),
        2 => {
            let width = rng.range(2, 10);
            let mut from = year - rng.range(0, width);
            if rng.chance(0.1) {
                // Guessed wrong: the range misses the year by one or two.
                from += if rng.chance(0.5) {
                    width + rng.range(1, 2)
                } else {
                    -rng.range(1, 2) - width
                };
            }
            let to = (from + width).min(LATEST_YEAR);
            Some(BirthInput {
                from: Some(i64::from(from.min(to))),
                to: Some(i64::from(to)),
                ..Default::default()
            })
        }
        _ => None,
    }
}

fn birthplace(
    rng: &mut Rng,
    w: &Writer,
    h: &Human,
    relation: Option<Relation>,
) -> Option<BirthplaceInput> {
    let weights = if relation.is_none() {
        [40, 25, 15, 20]
    } else {
        [35, 30, 10, 25]
    };
    let shape = rng.weighted(&weights);
    if shape == 3 {
        return None;
    }
    let wrong = if relation.is_none() { 0.03 } else { 0.1 };
    let county = if rng.chance(wrong) {
        places::neighbour(rng, h.birthplace)
    } else {
        h.birthplace
    };
    let region = if rng.chance(0.75) {
        county
    } else {
        places::prefecture(county)
    };
    let label = if rng.chance(0.1) {
        *rng.pick(&Label::ALL)
    } else {
        w.primary
    };
    let mut text = || places::text(rng, county, label);
    Some(match shape {
        0 => BirthplaceInput {
            text: None,
            region: Some(region.to_owned()),
        },
        1 => BirthplaceInput {
            text: Some(text()),
            region: None,
        },
        _ => BirthplaceInput {
            text: Some(text()),
            region: Some(region.to_owned()),
        },
    })
}

fn gender(rng: &mut Rng, h: &Human, relation: Option<Relation>) -> Option<String> {
    let given = if relation.is_none() { 0.92 } else { 0.85 };
    if rng.chance(given) {
        Some(match h.sex {
            Sex::Male => "male".to_owned(),
            Sex::Female => "female".to_owned(),
        })
    } else if rng.chance(0.07) {
        Some("unknown".to_owned())
    } else {
        None
    }
}

/// The description of `people[h]` written by the registrant with writing habits `w`.
fn describe(
    rng: &mut Rng,
    ctx: &Context,
    w: &Writer,
    h: usize,
    relation: Option<Relation>,
) -> (PersonInput, Vec<Label>) {
    let people = &ctx.family.people;
    let human = &people[h];
    let (names, labels) = names(rng, ctx, w, human, relation);
    let nicknames = if rng.chance(if relation.is_none() { 0.04 } else { 0.1 }) {
        vec![nickname(rng, w, human, relation)]
    } else {
        Vec::new()
    };
    let mut official = Rng::new(rng.next_u64());
    let father_label = if rng.chance(0.85) {
        w.primary
    } else {
        *rng.pick(&Label::ALL)
    };
    let father_name = rng
        .chance(if relation.is_none() { 0.45 } else { 0.3 })
        .then(|| {
            let father = as_written(rng, human.father_given, Sex::Male, 0.04, 0.3);
            match grandfather_token(people, human) {
                Some(grandfather) if rng.chance(0.2) => scripts::form(
                    rng,
                    &mut official,
                    father_label,
                    father,
                    Some((grandfather, Patronym::Plain)),
                    false,
                ),
                _ => scripts::single(rng, &mut official, father_label, father),
            }
        });
    let mother_name = rng
        .chance(if relation.is_none() { 0.3 } else { 0.18 })
        .then(|| {
            let mother = as_written(rng, human.mother_given, Sex::Female, 0.03, 0.3);
            scripts::single(rng, &mut official, father_label, mother)
        });
    let person = PersonInput {
        names,
        name_scripts: None,
        nicknames,
        father_name,
        mother_name,
        gender: gender(rng, human, relation),
        birth: birth(rng, human, relation),
        birthplace: birthplace(rng, w, human, relation),
    };
    (person, labels)
}

/// All records of one family, account by account: each registrant's "about me", then the
/// people they seek. `account_base` numbers the accounts.
pub fn records(rng: &mut Rng, family: &Family, account_base: u64, salt: u64) -> Vec<Record> {
    let ctx = Context { family, salt };
    let mut out = Vec::new();
    for (k, &r) in family.registrants.iter().enumerate() {
        let me = &family.people[r];
        let w = writer(rng, me);
        let account = account_base + k as u64;
        let (person, labels) = describe(rng, &ctx, &w, r, None);
        out.push(Record {
            account,
            kind: Kind::SelfRecord,
            relation: None,
            person,
            truth: me.truth,
            labels,
        });
        for &(h, relation) in &family.sought[k] {
            let (person, labels) = describe(rng, &ctx, &w, h, Some(relation));
            out.push(Record {
                account,
                kind: Kind::Sought,
                relation: Some(relation),
                person,
                truth: family.people[h].truth,
                labels,
            });
        }
    }
    out
}
