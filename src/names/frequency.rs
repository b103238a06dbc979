//! How common a name is, from the bundled table `data/name-frequency.tsv` (sources in its
//! header). The matcher uses it to weigh an agreement: two people called Tursun agree on
//! a common name, which is weak evidence (names.md §4.2, term-frequency adjustment).
//!
//! The look-up happens at encode time, in memory, on the folded key of the part's first
//! reading; only the resulting coarse class (0–15, a log2 bucket of the count) is carried
//! in the encoding, sealed with it. No plaintext and no deterministic name key is stored.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::canonical::{CanonicalName, NamePart};

const TABLE_TSV: &str = include_str!("data/name-frequency.tsv");

/// Highest class.
pub const MAX_CLASS: u8 = 15;

struct Table {
    /// Folded key → summed count of the table names that fold to it.
    counts: HashMap<String, u32>,
    total: u32,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut counts: HashMap<String, u32> = HashMap::new();
        let mut total = 0u32;
        for line in TABLE_TSV.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(name), Some(count)) = (cols.next(), cols.next()) else {
                continue;
            };
            let Ok(count) = count.trim().parse::<u32>() else {
                continue; // the header
            };
            let canonical: CanonicalName = super::canonical::canonicalise(name);
            if let Some(r) = canonical.parts.first().and_then(|p| p.readings.first()) {
                *counts.entry(r.keys.folded.clone()).or_default() += count;
                total += count;
            }
        }
        Table {
            counts,
            total: total.max(1),
        }
    })
}

/// The frequency class of a count: 0 for a name not in the table, else 1 + ⌊log2 count⌋.
pub fn class_of_count(count: u32) -> u8 {
    if count == 0 {
        0
    } else {
        (1 + count.ilog2()).min(u32::from(MAX_CLASS)) as u8
    }
}

/// The class of one name part: the first of its readings whose folded key is in the table.
pub fn class_of_part(part: &NamePart) -> u8 {
    let t = table();
    part.readings
        .iter()
        .find_map(|r| t.counts.get(&r.keys.folded))
        .map_or(0, |&c| class_of_count(c))
}

/// How rare a name part is, as far as the bundled table knows.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash, Default, serde::Serialize)]
pub struct Rarity {
    /// 0 = not in the table; otherwise 1 + ⌊log2 count⌋ (1 = seen once, 4 = 8–15 times).
    pub class: u8,
}

impl Rarity {
    pub fn is_known(self) -> bool {
        self.class > 0
    }

    /// Estimated share of name occurrences carrying this name, in (0, 1): the middle of the
    /// class's count range over the table total; a name not in the table counts as half an
    /// occurrence. Use it as the u-probability of agreeing on this name.
    pub fn frequency(self) -> f64 {
        let t = f64::from(table().total);
        if self.class == 0 {
            return 0.5 / t;
        }
        let low = f64::from(1u32 << (self.class - 1));
        (low * 1.5 - 0.5).max(1.0) / t
    }
}

#[cfg(test)]
mod tests {
    use super::super::canonical::canonicalise;
    use super::*;

    fn rarity(s: &str) -> Rarity {
        Rarity {
            class: class_of_part(&canonicalise(s).parts[0]),
        }
    }

    #[test]
    fn common_names_are_more_frequent_than_rare_ones() {
        let tursun = rarity("Tursun");
        let unknown = rarity("Zzyzx");
        assert!(tursun.is_known());
        assert!(!unknown.is_known());
        assert!(tursun.frequency() > rarity("Dilnigar").frequency());
        assert!(rarity("Dilnigar").frequency() > unknown.frequency());
    }

    #[test]
    fn every_script_finds_the_same_name() {
        let t = rarity("Tursun");
        for s in ["تۇرسۇن", "Турсун", "吐尔逊", "TURSUN"] {
            assert_eq!(rarity(s), t, "{s}");
        }
    }

    #[test]
    fn classes_are_log_buckets() {
        assert_eq!(class_of_count(0), 0);
        assert_eq!(class_of_count(1), 1);
        assert_eq!(class_of_count(3), 2);
        assert_eq!(class_of_count(8), 4);
        assert_eq!(class_of_count(u32::MAX), MAX_CLASS);
    }
}
