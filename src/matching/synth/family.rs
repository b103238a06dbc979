//! The people behind the records: extended families in Xinjiang, some of whose members live
//! abroad, lost contact and register. Every human gets a `truth` number; records that
//! describe the same human carry the same truth.

use std::collections::VecDeque;

use chrono::{Datelike, NaiveDate};

use super::data::{BIRTHPLACES, Ethnicity, NAMES, Sex};
use super::places;
use super::rng::{Rng, Weighted};
use super::scripts::{Affix, Token};
use crate::domain::Relation;

/// Where a registrant lives; it decides which scripts they type in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Country {
    Turkey,
    Kazakhstan,
    Kyrgyzstan,
    Usa,
    Europe,
    Australia,
    Canada,
    Japan,
    SaudiArabia,
}

impl Country {
    pub fn post_soviet(self) -> bool {
        matches!(self, Country::Kazakhstan | Country::Kyrgyzstan)
    }
}

fn countries(ethnicity: Ethnicity) -> &'static [(Country, u32)] {
    match ethnicity {
        Ethnicity::Uyghur => &[
            (Country::Turkey, 42),
            (Country::Kazakhstan, 12),
            (Country::Kyrgyzstan, 4),
            (Country::Usa, 11),
            (Country::Europe, 18),
            (Country::Australia, 4),
            (Country::Canada, 4),
            (Country::Japan, 2),
            (Country::SaudiArabia, 3),
        ],
        Ethnicity::Kazakh => &[
            (Country::Kazakhstan, 84),
            (Country::Kyrgyzstan, 2),
            (Country::Turkey, 7),
            (Country::Usa, 3),
            (Country::Europe, 4),
        ],
        Ethnicity::Kyrgyz => &[
            (Country::Kyrgyzstan, 78),
            (Country::Kazakhstan, 8),
            (Country::Turkey, 9),
            (Country::Usa, 2),
            (Country::Europe, 3),
        ],
    }
}

#[derive(Clone, Debug)]
pub struct Human {
    pub truth: u64,
    pub ethnicity: Ethnicity,
    pub sex: Sex,
    pub given: Token,
    pub father_given: Token,
    pub mother_given: Token,
    pub birth: NaiveDate,
    pub birthplace: &'static str,
    pub father: Option<usize>,
    pub mother: Option<usize>,
    pub spouse: Option<usize>,
    /// Lives abroad (registrants, and the spouse and young children who left with them).
    pub country: Option<Country>,
    pub registrant: bool,
    /// Made to look like a person sought in an earlier family (a look-alike stranger).
    pub lookalike: bool,
}

/// One extended family: its people and who registers.
pub struct Family {
    pub people: Vec<Human>,
    /// Indices of the registrants, in registration order.
    pub registrants: Vec<usize>,
    /// For each registrant, the people they seek, with the registrant's relation to them.
    pub sought: Vec<Vec<(usize, Relation)>>,
}

/// A person once sought, remembered so that a later family can contain a stranger who looks
/// like them: the same or a confusable name, the same father's name, year and town.
#[derive(Clone, Copy)]
struct Description {
    given: Token,
    father: Token,
    sex: Sex,
    year: i32,
    birthplace: &'static str,
}

/// Share of families that contain a look-alike of someone sought in an earlier family.
const LOOKALIKE_SHARE: f64 = 0.35;
const REMEMBERED: usize = 64;

pub struct World {
    next_truth: u64,
    remembered: [VecDeque<Description>; 3],
    ethnicities: Weighted<Ethnicity>,
}

fn date(rng: &mut Rng, year: i32) -> NaiveDate {
    let days = if NaiveDate::from_ymd_opt(year, 2, 29).is_some() {
        366
    } else {
        365
    };
    NaiveDate::from_yo_opt(year, 1 + rng.below(days)).expect("valid day")
}

fn with_year(d: NaiveDate, year: i32) -> NaiveDate {
    d.with_year(year)
        .or_else(|| NaiveDate::from_ymd_opt(year, 2, 28))
        .expect("valid date")
}

impl Default for World {
    fn default() -> Self {
        Self::new()
    }
}

impl World {
    pub fn new() -> Self {
        World {
            next_truth: 0,
            remembered: Default::default(),
            // Uyghurs are most of the diaspora that registers; Kazakhs from Xinjiang are many
            // in Kazakhstan; Kyrgyz fewer (own estimate).
            ethnicities: Weighted::new([
                (Ethnicity::Uyghur, 74),
                (Ethnicity::Kazakh, 19),
                (Ethnicity::Kyrgyz, 7),
            ]),
        }
    }

    fn name(&self, rng: &mut Rng, ethnicity: Ethnicity, sex: Sex) -> Token {
        let id = *NAMES.pool(ethnicity, sex).sample(rng);
        if NAMES.get(id).has_affix() {
            return Token::plain(id);
        }
        let affix = match (sex, ethnicity) {
            (Sex::Male, Ethnicity::Uyghur) if rng.chance(0.12) => Affix::Jan,
            (Sex::Male, _) if rng.chance(0.04) => Affix::Jan,
            (Sex::Female, Ethnicity::Uyghur) if rng.chance(0.04) => Affix::Xan,
            _ => Affix::None,
        };
        Token { name: id, affix }
    }

    #[allow(clippy::too_many_arguments)]
    fn human(
        &mut self,
        rng: &mut Rng,
        ethnicity: Ethnicity,
        sex: Sex,
        year: i32,
        birthplace: &'static str,
        father_given: Option<Token>,
        mother_given: Option<Token>,
    ) -> Human {
        let truth = self.next_truth;
        self.next_truth += 1;
        Human {
            truth,
            ethnicity,
            sex,
            given: self.name(rng, ethnicity, sex),
            father_given: father_given.unwrap_or_else(|| self.name(rng, ethnicity, Sex::Male)),
            mother_given: mother_given.unwrap_or_else(|| self.name(rng, ethnicity, Sex::Female)),
            birth: date(rng, year),
            birthplace,
            father: None,
            mother: None,
            spouse: None,
            country: None,
            registrant: false,
            lookalike: false,
        }
    }

    fn home(&self, rng: &mut Rng, ethnicity: Ethnicity) -> &'static str {
        BIRTHPLACES[ethnicity.index()].sample(rng)
    }

    /// A spouse for `people[i]`, from the same town or nearby, mostly of the same people.
    fn marry(&mut self, rng: &mut Rng, people: &mut Vec<Human>, i: usize) {
        let me = people[i].clone();
        let ethnicity = if rng.chance(0.93) {
            me.ethnicity
        } else {
            *rng.pick(&Ethnicity::ALL)
        };
        let year = match me.sex {
            Sex::Male => me.birth.year() + rng.range(0, 7),
            Sex::Female => me.birth.year() - rng.range(0, 8),
        };
        let place = match rng.weighted(&[50, 30, 20]) {
            0 => me.birthplace,
            1 => places::neighbour(rng, me.birthplace),
            _ => self.home(rng, ethnicity),
        };
        let mut spouse = self.human(rng, ethnicity, me.sex.other(), year, place, None, None);
        spouse.spouse = Some(i);
        people.push(spouse);
        let j = people.len() - 1;
        people[i].spouse = Some(j);
    }

    /// Children of the couple `father`, `mother`; returns their indices.
    fn children(
        &mut self,
        rng: &mut Rng,
        people: &mut Vec<Human>,
        father: usize,
        mother: usize,
        latest: i32,
    ) -> Vec<usize> {
        let mother_year = people[mother].birth.year();
        let count = match mother_year {
            ..1950 => rng.range(3, 8),
            1950..1965 => rng.range(2, 6),
            1965..1980 => rng.range(1, 4),
            _ => rng.range(0, 3),
        };
        let mut year = mother_year + rng.range(18, 26);
        let mut out = Vec::new();
        for _ in 0..count {
            if year > latest || year - mother_year > 42 {
                break;
            }
            let sex = if rng.chance(0.5) {
                Sex::Male
            } else {
                Sex::Female
            };
            let f = &people[father];
            let place = match rng.weighted(&[75, 10, 5, 10]) {
                0 => f.birthplace,
                1 => people[mother].birthplace,
                2 => "650102",
                _ => places::neighbour(rng, f.birthplace),
            };
            let (ethnicity, father_given, mother_given) =
                (f.ethnicity, f.given, people[mother].given);
            let mut child = self.human(
                rng,
                ethnicity,
                sex,
                year,
                place,
                Some(father_given),
                Some(mother_given),
            );
            // A son is not named exactly after his father.
            while child.given.name == father_given.name {
                child.given = self.name(rng, ethnicity, sex);
            }
            child.father = Some(father);
            child.mother = Some(mother);
            people.push(child);
            out.push(people.len() - 1);
            year += rng.range(1, 4);
        }
        out
    }

    /// Gives some member the name, father's name, year and town of a person sought in an
    /// earlier family (unrelated: a different truth).
    fn plant_lookalike(&mut self, rng: &mut Rng, people: &mut [Human], ethnicity: Ethnicity) {
        let memory = &self.remembered[ethnicity.index()];
        if memory.is_empty() {
            return;
        }
        let d = memory[rng.index(memory.len())];
        let fits: Vec<usize> = (0..people.len())
            .filter(|&i| {
                let p = &people[i];
                p.sex == d.sex && p.father.is_some() && (p.birth.year() - d.year).abs() <= 8
            })
            .collect();
        if fits.is_empty() {
            return;
        }
        let i = *rng.pick(&fits);
        let year = (d.year + rng.range(-2, 2)).min(2020);
        if !year_fits(people, i, year) {
            return;
        }
        let confusable = &NAMES.confusable[usize::from(d.given.name)];
        people[i].given = if !confusable.is_empty() && rng.chance(0.3) {
            let name = *rng.pick(confusable);
            if NAMES.get(name).sex == d.sex {
                Token::plain(name)
            } else {
                d.given
            }
        } else {
            d.given
        };
        people[i].birth = with_year(people[i].birth, year);
        people[i].birthplace = if rng.chance(0.6) {
            d.birthplace
        } else {
            places::neighbour(rng, d.birthplace)
        };
        people[i].lookalike = true;
        if rng.chance(0.8) {
            let father = people[i].father.expect("filtered");
            people[father].given = d.father;
            for p in people.iter_mut() {
                if p.father == Some(father) {
                    p.father_given = d.father;
                }
            }
        }
    }

    /// One extended family with its registrants and whom they seek.
    pub fn family(&mut self, rng: &mut Rng) -> Family {
        let ethnicity = *self.ethnicities.sample(rng);
        let home = self.home(rng, ethnicity);
        let mut people = Vec::new();

        // The grandparents.
        let year = rng.range(1925, 1965);
        let grandfather = self.human(rng, ethnicity, Sex::Male, year, home, None, None);
        people.push(grandfather);
        self.marry(rng, &mut people, 0);
        let gen1 = self.children(rng, &mut people, 0, 1, 2012);

        // Their children's spouses and the grandchildren.
        let mut gen2 = Vec::new();
        for &c in &gen1 {
            if people[c].birth.year() <= 1998 && rng.chance(0.88) {
                self.marry(rng, &mut people, c);
                let s = people[c].spouse.expect("married");
                let (f, m) = match people[c].sex {
                    Sex::Male => (c, s),
                    Sex::Female => (s, c),
                };
                let kids = self.children(rng, &mut people, f, m, 2018);
                // A first grandson is sometimes named after his grandfather.
                if let Some(&k) = kids.iter().find(|&&k| people[k].sex == Sex::Male)
                    && rng.chance(0.06)
                {
                    people[k].given = people[0].given;
                }
                gen2.extend(kids);
            }
        }

        if rng.chance(LOOKALIKE_SHARE) {
            self.plant_lookalike(rng, &mut people, ethnicity);
        }

        let registrants = self.choose_registrants(rng, &mut people, &gen1, &gen2);
        let sought = self.choose_sought(rng, &mut people, &registrants);

        for list in &sought {
            for &(i, _) in list {
                let p = &people[i];
                let memory = &mut self.remembered[p.ethnicity.index()];
                if memory.len() == REMEMBERED {
                    memory.pop_front();
                }
                memory.push_back(Description {
                    given: p.given,
                    father: p.father_given,
                    sex: p.sex,
                    year: p.birth.year(),
                    birthplace: p.birthplace,
                });
            }
        }
        Family {
            people,
            registrants,
            sought,
        }
    }

    fn choose_registrants(
        &mut self,
        rng: &mut Rng,
        people: &mut Vec<Human>,
        gen1: &[usize],
        gen2: &[usize],
    ) -> Vec<usize> {
        let candidates: Vec<usize> = gen1
            .iter()
            .chain(gen2)
            .copied()
            .filter(|&i| (1945..=2003).contains(&people[i].birth.year()))
            .collect();
        if candidates.is_empty() {
            return Vec::new();
        }
        let wanted = [1, 2, 3, 4][rng.weighted(&[60, 27, 9, 4])].min(candidates.len());
        let ethnicity = people[0].ethnicity;
        let mut chosen: Vec<usize> = Vec::new();
        // A planted look-alike usually registers: strangers' "about me" records are what a
        // sought person is confused with.
        if let Some(&l) = candidates.iter().find(|&&i| people[i].lookalike)
            && rng.chance(0.6)
        {
            chosen.push(l);
        }
        while chosen.len() < wanted {
            let siblings: Vec<usize> = candidates
                .iter()
                .copied()
                .filter(|&c| {
                    !chosen.contains(&c)
                        && chosen.iter().any(|&r| {
                            people[r].father.is_some() && people[r].father == people[c].father
                        })
                })
                .collect();
            let pool: Vec<usize> = if !siblings.is_empty() && rng.chance(0.65) {
                siblings
            } else {
                candidates
                    .iter()
                    .copied()
                    .filter(|c| !chosen.contains(c))
                    .collect()
            };
            if pool.is_empty() {
                break;
            }
            let weights: Vec<u32> = pool
                .iter()
                .map(|&i| match people[i].birth.year() {
                    1965..=1995 => 3,
                    _ => 1,
                })
                .collect();
            chosen.push(pool[rng.weighted(&weights)]);
        }
        let table = countries(ethnicity);
        let weights: Vec<u32> = table.iter().map(|c| c.1).collect();
        let mut registrants = Vec::new();
        for (k, &r) in chosen.iter().enumerate() {
            let country = if k > 0 && rng.chance(0.55) {
                people[chosen[rng.index(k)]].country.expect("set above")
            } else {
                table[rng.weighted(&weights)].0
            };
            people[r].country = Some(country);
            people[r].registrant = true;
            registrants.push(r);
            self.registrant_household(rng, people, r, country, &mut registrants);
        }
        registrants
    }

    /// A registrant's spouse and young children: abroad with them, or left behind.
    fn registrant_household(
        &mut self,
        rng: &mut Rng,
        people: &mut Vec<Human>,
        r: usize,
        country: Country,
        registrants: &mut Vec<usize>,
    ) {
        if people[r].spouse.is_none() && people[r].birth.year() <= 1998 && rng.chance(0.7) {
            self.marry(rng, people, r);
            let s = people[r].spouse.expect("married");
            let (f, m) = match people[r].sex {
                Sex::Male => (r, s),
                Sex::Female => (s, r),
            };
            let kids = self.children(rng, people, f, m, 2020);
            let left_behind = rng.chance(0.35);
            for k in kids {
                if !left_behind {
                    people[k].country = Some(country);
                }
            }
        }
        let Some(s) = people[r].spouse else {
            return;
        };
        if people[s].country.is_some() || !rng.chance(0.65) {
            return;
        }
        people[s].country = Some(country);
        if rng.chance(0.25) && people[s].father.is_none() {
            // The spouse registers too, and seeks their own parents.
            let sy = people[s].birth.year();
            let (eth, place) = (people[s].ethnicity, people[s].birthplace);
            let year = sy - rng.range(22, 38);
            let mut father = self.human(rng, eth, Sex::Male, year, place, None, None);
            father.given = people[s].father_given;
            let year = sy - rng.range(19, 33);
            let mut mother = self.human(rng, eth, Sex::Female, year, place, None, None);
            mother.given = people[s].mother_given;
            people.push(father);
            people.push(mother);
            let (fi, mi) = (people.len() - 2, people.len() - 1);
            people[fi].spouse = Some(mi);
            people[mi].spouse = Some(fi);
            people[s].father = Some(fi);
            people[s].mother = Some(mi);
            people[s].registrant = true;
            registrants.push(s);
        }
    }

    fn choose_sought(
        &mut self,
        rng: &mut Rng,
        people: &mut [Human],
        registrants: &[usize],
    ) -> Vec<Vec<(usize, Relation)>> {
        // Registrants abroad who lost contact with each other.
        let mut lost = Vec::new();
        for (a, &ra) in registrants.iter().enumerate() {
            for &rb in &registrants[a + 1..] {
                let p = if people[ra].country == people[rb].country {
                    0.1
                } else {
                    0.5
                };
                if rng.chance(p) {
                    lost.push((ra, rb));
                }
            }
        }
        let is_lost = |a: usize, b: usize| lost.contains(&(a, b)) || lost.contains(&(b, a));
        let mut out = Vec::new();
        for &r in registrants {
            let mut options = Vec::new();
            for h in 0..people.len() {
                if h == r {
                    continue;
                }
                let Some(relation) = relation(people, r, h) else {
                    continue;
                };
                let weight = if people[h].country.is_some() {
                    if people[h].registrant && is_lost(r, h) {
                        14
                    } else {
                        0
                    }
                } else {
                    match relation {
                        Relation::Father | Relation::Mother => 10,
                        Relation::Brother | Relation::Sister => 8,
                        Relation::Husband | Relation::Wife | Relation::Son | Relation::Daughter => {
                            12
                        }
                        Relation::Grandfather | Relation::Grandmother => 3,
                        Relation::Uncle | Relation::Aunt => 2,
                        _ => 1,
                    }
                };
                if weight > 0 {
                    options.push((h, relation, weight));
                }
            }
            let wanted = [1, 2, 3, 4][rng.weighted(&[30, 30, 22, 18])];
            let mut chosen = Vec::new();
            while chosen.len() < wanted && !options.is_empty() {
                let weights: Vec<u32> = options.iter().map(|o| o.2).collect();
                let (h, relation, _) = options.swap_remove(rng.weighted(&weights));
                chosen.push((h, relation));
            }
            out.push(chosen);
        }
        out
    }
}

/// Whether `people[i]` could be born in `year` without making a parent, child or spouse
/// implausible (parents at least 18 years older, a spouse at most 12 years apart).
fn year_fits(people: &[Human], i: usize, year: i32) -> bool {
    let me = &people[i];
    let parents_ok = parents(people, i)
        .iter()
        .flatten()
        .all(|&p| year - people[p].birth.year() >= 18);
    let children_ok = people
        .iter()
        .filter(|c| c.father == Some(i) || c.mother == Some(i))
        .all(|c| c.birth.year() - year >= 18);
    let spouse_ok = me
        .spouse
        .is_none_or(|s| (people[s].birth.year() - year).abs() <= 12);
    parents_ok && children_ok && spouse_ok
}

fn parents(people: &[Human], i: usize) -> [Option<usize>; 2] {
    [people[i].father, people[i].mother]
}

fn siblings(people: &[Human], a: usize, b: usize) -> bool {
    a != b
        && parents(people, a)
            .iter()
            .zip(parents(people, b).iter())
            .any(|(x, y)| x.is_some() && x == y)
}

fn is_parent(people: &[Human], parent: usize, child: usize) -> bool {
    parents(people, child).contains(&Some(parent))
}

/// What `people[h]` is to `people[r]`, as the registrant `r` would say it; `None` when they
/// are not related closely enough for one to seek the other.
pub fn relation(people: &[Human], r: usize, h: usize) -> Option<Relation> {
    let (me, them) = (&people[r], &people[h]);
    let by_sex = |male: Relation, female: Relation| match them.sex {
        Sex::Male => male,
        Sex::Female => female,
    };
    if me.father == Some(h) {
        return Some(Relation::Father);
    }
    if me.mother == Some(h) {
        return Some(Relation::Mother);
    }
    if is_parent(people, r, h) {
        return Some(by_sex(Relation::Son, Relation::Daughter));
    }
    if me.spouse == Some(h) {
        return Some(by_sex(Relation::Husband, Relation::Wife));
    }
    if siblings(people, r, h) {
        return Some(by_sex(Relation::Brother, Relation::Sister));
    }
    let my_parents: Vec<usize> = parents(people, r).into_iter().flatten().collect();
    if my_parents.iter().any(|&p| is_parent(people, h, p)) {
        return Some(by_sex(Relation::Grandfather, Relation::Grandmother));
    }
    let parent_sibling = |x: usize| my_parents.iter().any(|&p| siblings(people, p, x));
    if parent_sibling(h) || them.spouse.is_some_and(parent_sibling) {
        return Some(by_sex(Relation::Uncle, Relation::Aunt));
    }
    let their_parents: Vec<usize> = parents(people, h).into_iter().flatten().collect();
    if their_parents.iter().any(|&p| parent_sibling(p)) {
        return Some(Relation::Cousin);
    }
    // In-laws, nephews and nieces, grandchildren, a sibling's spouse.
    let other = their_parents
        .iter()
        .any(|&p| siblings(people, r, p) || is_parent(people, r, p))
        || me
            .spouse
            .is_some_and(|s| is_parent(people, h, s) || siblings(people, s, h))
        || them.spouse.is_some_and(|s| siblings(people, r, s));
    other.then_some(Relation::Other)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn years(people: &[Human], a: usize, b: usize) -> i32 {
        people[b].birth.year() - people[a].birth.year()
    }

    #[test]
    fn relations_agree_with_sex_and_age() {
        let mut rng = Rng::new(11);
        let mut world = World::new();
        let mut seen = std::collections::HashSet::new();
        for _ in 0..3000 {
            let family = world.family(&mut rng);
            let people = &family.people;
            for (k, &r) in family.registrants.iter().enumerate() {
                assert!(people[r].country.is_some());
                for &(h, relation) in &family.sought[k] {
                    assert_ne!(h, r);
                    seen.insert(relation);
                    let sex = people[h].sex;
                    let older = -years(people, r, h);
                    match relation {
                        Relation::Father
                        | Relation::Grandfather
                        | Relation::Son
                        | Relation::Brother
                        | Relation::Husband
                        | Relation::Uncle => {
                            assert_eq!(sex, Sex::Male, "{relation:?}")
                        }
                        Relation::Mother
                        | Relation::Grandmother
                        | Relation::Daughter
                        | Relation::Sister
                        | Relation::Wife
                        | Relation::Aunt => {
                            assert_eq!(sex, Sex::Female, "{relation:?}")
                        }
                        _ => {}
                    }
                    match relation {
                        Relation::Father | Relation::Mother => assert!(older >= 15, "{older}"),
                        Relation::Grandfather | Relation::Grandmother => {
                            assert!(older >= 30, "{older}")
                        }
                        Relation::Son | Relation::Daughter => assert!(older <= -15, "{older}"),
                        Relation::Husband | Relation::Wife => assert!(older.abs() <= 15),
                        _ => {}
                    }
                }
            }
        }
        for relation in [
            Relation::Father,
            Relation::Mother,
            Relation::Brother,
            Relation::Sister,
            Relation::Son,
            Relation::Daughter,
            Relation::Husband,
            Relation::Wife,
            Relation::Grandfather,
            Relation::Grandmother,
            Relation::Uncle,
            Relation::Aunt,
            Relation::Cousin,
            Relation::Other,
        ] {
            assert!(seen.contains(&relation), "{relation:?} never sought");
        }
    }

    #[test]
    fn registrants_seek_each_other_and_the_same_people() {
        let mut rng = Rng::new(12);
        let mut world = World::new();
        let (mut registered_sought, mut shared) = (0, 0);
        for _ in 0..2000 {
            let family = world.family(&mut rng);
            let all: Vec<usize> = family.sought.iter().flatten().map(|s| s.0).collect();
            registered_sought += all.iter().filter(|&&h| family.people[h].registrant).count();
            let mut sorted = all.clone();
            sorted.sort_unstable();
            sorted.dedup();
            shared += all.len() - sorted.len();
        }
        assert!(registered_sought > 100, "{registered_sought}");
        assert!(shared > 200, "{shared}");
    }

    #[test]
    fn strangers_look_like_people_sought_elsewhere() {
        let mut rng = Rng::new(21);
        let mut world = World::new();
        type Seen = Vec<(u64, i32, &'static str)>;
        let mut sought: std::collections::HashMap<(u16, u16), Seen> = Default::default();
        let mut registered = Vec::new();
        for _ in 0..3000 {
            let family = world.family(&mut rng);
            for &(h, _) in family.sought.iter().flatten() {
                let p = &family.people[h];
                sought
                    .entry((p.given.name, p.father_given.name))
                    .or_default()
                    .push((p.truth, p.birth.year(), places::prefecture(p.birthplace)));
            }
            for &r in &family.registrants {
                let p = &family.people[r];
                registered.push((
                    (p.given.name, p.father_given.name),
                    p.truth,
                    p.birth.year(),
                    places::prefecture(p.birthplace),
                ));
            }
        }
        // A registrant with the same own and father's name, born within two years in the
        // same prefecture as someone else's sought relative, but a different person.
        let lookalikes = registered
            .iter()
            .filter(|(names, truth, year, prefecture)| {
                sought.get(names).is_some_and(|list| {
                    list.iter()
                        .any(|(t, y, p)| t != truth && (y - year).abs() <= 2 && p == prefecture)
                })
            })
            .count();
        assert!(lookalikes >= 100, "{lookalikes} of {}", registered.len());
    }
}
