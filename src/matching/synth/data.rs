//! The bundled name lists and birthplace weights (`assets/names/`, sources in each file's
//! header), parsed once.

use std::sync::LazyLock;

use super::letters::{L, parse_kk_cyrillic, parse_uly};
use super::rng::Weighted;

#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub enum Ethnicity {
    Uyghur,
    Kazakh,
    Kyrgyz,
}

impl Ethnicity {
    pub const ALL: [Ethnicity; 3] = [Ethnicity::Uyghur, Ethnicity::Kazakh, Ethnicity::Kyrgyz];

    pub fn index(self) -> usize {
        self as usize
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    pub fn index(self) -> usize {
        self as usize
    }

    pub fn other(self) -> Sex {
        match self {
            Sex::Male => Sex::Female,
            Sex::Female => Sex::Male,
        }
    }
}

/// One given name of one people.
#[derive(Debug)]
pub struct NameEntry {
    pub ethnicity: Ethnicity,
    pub sex: Sex,
    pub weight: u32,
    /// The name as Uyghur letters (ULY for Uyghur names, derived from Cyrillic otherwise).
    pub letters: Vec<L>,
    /// The native Cyrillic spelling of a Kazakh or Kyrgyz name.
    pub cyrillic: Option<&'static str>,
    /// Attested Chinese-character forms, most usual first.
    pub hanzi: Vec<&'static str>,
    /// Turkish-standard forms (Uyghur names only).
    pub turkish: Vec<&'static str>,
    /// Arabic-standard or English forms (Uyghur names only).
    pub intl: Vec<&'static str>,
}

impl NameEntry {
    /// Whether the name already ends in -jan or -xan (Нұржан, Anarxan): no second one.
    pub fn has_affix(&self) -> bool {
        self.letters.ends_with(&[L::J, L::A, L::N]) || self.letters.ends_with(&[L::X, L::A, L::N])
    }
}

pub struct Names {
    pub entries: Vec<NameEntry>,
    /// Name ids by ethnicity and sex, weighted by frequency.
    pools: Vec<Weighted<u16>>,
    /// For each name, the names of the same people that are easy to confuse with it (at
    /// most two letters apart, or sharing a long first part): Abdurëhim / Abdukërim,
    /// Tursun / Tursunay, Alim / Halim.
    pub confusable: Vec<Vec<u16>>,
}

impl Names {
    pub fn pool(&self, ethnicity: Ethnicity, sex: Sex) -> &Weighted<u16> {
        &self.pools[ethnicity.index() * 2 + sex.index()]
    }

    pub fn get(&self, id: u16) -> &NameEntry {
        &self.entries[usize::from(id)]
    }
}

fn list(text: &str) -> Vec<&str> {
    match text {
        "" | "-" => Vec::new(),
        t => t.split('|').collect(),
    }
}

fn rows(text: &'static str, columns: usize) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .map(move |line| {
            let fields: Vec<&'static str> = line.split('\t').collect();
            assert_eq!(fields.len(), columns, "name list: bad line {line}");
            fields
        })
}

fn sex(code: &str) -> Sex {
    match code {
        "m" => Sex::Male,
        "f" => Sex::Female,
        other => panic!("name list: bad gender {other}"),
    }
}

fn edit_distance(a: &[L], b: &[L]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, x) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, y) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(x != y))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

fn confusable(a: &NameEntry, b: &NameEntry) -> bool {
    let (x, y) = (&a.letters, &b.letters);
    let shared_start = x.iter().zip(y.iter()).take_while(|(p, q)| p == q).count();
    let shorter = x.len().min(y.len());
    (edit_distance(x, y) <= 2 && shorter >= 4)
        || shared_start >= 5
        || (shorter >= 4 && shared_start == shorter)
}

pub static NAMES: LazyLock<Names> = LazyLock::new(|| {
    let mut entries = Vec::new();
    for f in rows(include_str!("../../../assets/names/uyghur.tsv"), 7) {
        entries.push(NameEntry {
            ethnicity: Ethnicity::Uyghur,
            sex: sex(f[1]),
            weight: f[2].parse().expect("weight"),
            letters: parse_uly(f[0]),
            cyrillic: None,
            hanzi: list(f[3]),
            turkish: list(f[4]),
            intl: list(f[5]),
        });
    }
    for (ethnicity, text) in [
        (
            Ethnicity::Kazakh,
            include_str!("../../../assets/names/kazakh.tsv"),
        ),
        (
            Ethnicity::Kyrgyz,
            include_str!("../../../assets/names/kyrgyz.tsv"),
        ),
    ] {
        for f in rows(text, 5) {
            entries.push(NameEntry {
                ethnicity,
                sex: sex(f[1]),
                weight: f[2].parse().expect("weight"),
                letters: parse_kk_cyrillic(f[0]),
                cyrillic: Some(f[0]),
                hanzi: list(f[3]),
                turkish: Vec::new(),
                intl: Vec::new(),
            });
        }
    }
    assert!(entries.len() < usize::from(u16::MAX));
    let mut pools = Vec::new();
    for ethnicity in Ethnicity::ALL {
        for sex in [Sex::Male, Sex::Female] {
            pools.push(Weighted::new(
                entries
                    .iter()
                    .enumerate()
                    .filter(|(_, e)| e.ethnicity == ethnicity && e.sex == sex)
                    .map(|(i, e)| (i as u16, e.weight)),
            ));
        }
    }
    let confusable = (0..entries.len())
        .map(|i| {
            (0..entries.len())
                .filter(|&j| {
                    j != i
                        && entries[j].ethnicity == entries[i].ethnicity
                        && confusable(&entries[i], &entries[j])
                })
                .map(|j| j as u16)
                .collect()
        })
        .collect();
    Names {
        entries,
        pools,
        confusable,
    }
});

/// Where families of each people come from: county codes with weights.
pub static BIRTHPLACES: LazyLock<Vec<Weighted<&'static str>>> = LazyLock::new(|| {
    let rows: Vec<Vec<&'static str>> =
        rows(include_str!("../../../assets/names/birthplaces.tsv"), 4).collect();
    Ethnicity::ALL
        .iter()
        .map(|e| {
            Weighted::new(
                rows.iter()
                    .map(|f| (f[0], f[1 + e.index()].parse::<u32>().expect("weight"))),
            )
        })
        .collect()
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_load_with_both_sexes_for_every_people() {
        let names = &*NAMES;
        for ethnicity in Ethnicity::ALL {
            for sex in [Sex::Male, Sex::Female] {
                assert!(
                    names.pool(ethnicity, sex).items().len() >= 20,
                    "{ethnicity:?} {sex:?}"
                );
            }
        }
        for e in &names.entries {
            assert!(e.letters.len() >= 2, "{e:?}");
            assert!(e.letters.iter().any(|l| l.is_vowel()), "{e:?}");
        }
    }

    #[test]
    fn confusable_names_are_found() {
        let names = &*NAMES;
        let id = |uly: &str| {
            names
                .entries
                .iter()
                .position(|e| e.ethnicity == Ethnicity::Uyghur && e.letters == parse_uly(uly))
                .unwrap_or_else(|| panic!("{uly} is listed")) as u16
        };
        let near = |a: &str, b: &str| names.confusable[usize::from(id(a))].contains(&id(b));
        assert!(near("abdurëhim", "abdukërim"));
        assert!(near("tursun", "tursunay"));
        assert!(near("gülnar", "gülnur"));
        assert!(!near("memet", "aygül"));
    }

    #[test]
    fn every_birthplace_is_a_known_county() {
        for table in BIRTHPLACES.iter() {
            for code in table.items() {
                let region = crate::regions::find(code).unwrap_or_else(|| panic!("{code}"));
                assert!(!region.is_prefecture, "{code}");
            }
        }
    }
}
