//! Chinese characters used to transcribe Uyghur, Kazakh and Kyrgyz names.
//!
//! The name-reading table `data/hanzi.tsv` gives each character's reading by position
//! (onset, coda, word end). Characters missing from it fall back to the pinyin crate,
//! with name readings forced for characters whose Mandarin default is wrong in names
//! (都 du, not dou).

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use pinyin::ToPinyin;

use super::latin;
use super::letters::Letter;
use super::pinyin_reading::{Unit, derive_unit, syllables};

const TABLE_TSV: &str = include_str!("data/hanzi.tsv");

/// Mandarin readings that differ from the reading used in transcribed names.
const NAME_READINGS: &[(char, &str)] = &[
    ('都', "du"),
    ('娜', "na"),
    ('阿', "a"),
    ('艾', "ai"),
    ('莎', "sha"),
    ('扎', "za"),
    ('卡', "ka"),
    ('喀', "ka"),
    ('尕', "ga"),
    ('那', "na"),
    ('单', "dan"),
    ('朴', "pu"),
    ('区', "qu"),
    ('伽', "ga"),
    ('咖', "ka"),
    ('茜', "xi"),
    ('柏', "bai"),
    ('什', "shi"),
    ('合', "he"),
    ('乐', "le"),
    ('曲', "qu"),
    ('车', "che"),
    ('和', "he"),
    ('给', "gei"),
    ('吾', "wu"),
    ('大', "da"),
    ('会', "hui"),
    ('解', "jie"),
    ('尉', "wei"),
    ('万', "wan"),
    ('查', "cha"),
    ('长', "chang"),
];

/// One field of the table: alternatives separated by `|`, `-` or empty for none.
fn parse_field(field: &str) -> Vec<Vec<Letter>> {
    field
        .split('|')
        .map(|alt| alt.trim().trim_end_matches('?'))
        .filter(|alt| !alt.is_empty() && *alt != "-")
        .map(|alt| {
            let mut v = Vec::new();
            latin::to_letters(alt, &mut v);
            v
        })
        .filter(|v| !v.is_empty())
        .collect()
}

/// Parses the table: `hanzi onset coda final note`, `#` comments, a header line.
/// Entries may be several characters long (阿不都 as one unit).
pub fn parse_table(tsv: &str) -> HashMap<String, Unit> {
    let mut map = HashMap::new();
    for line in tsv.lines() {
        let line = line.trim_end_matches('\r');
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let key = cols[0].trim();
        if key == "hanzi" || cols.len() < 2 || !key.chars().all(is_han) {
            continue;
        }
        let onset = parse_field(cols[1]);
        let coda = cols.get(2).map_or_else(Vec::new, |f| parse_field(f));
        let mut fin = cols.get(3).map_or_else(Vec::new, |f| parse_field(f));
        if onset.is_empty() && fin.is_empty() {
            continue;
        }
        if fin.is_empty() {
            fin = if coda.is_empty() {
                onset.clone()
            } else {
                coda.clone()
            };
        }
        let onset = if onset.is_empty() { fin.clone() } else { onset };
        map.entry(key.to_string())
            .or_insert(Unit { onset, coda, fin }.with_uvular_alternatives());
    }
    map
}

fn table() -> &'static (HashMap<String, Unit>, usize) {
    static TABLE: OnceLock<(HashMap<String, Unit>, usize)> = OnceLock::new();
    TABLE.get_or_init(|| {
        let map = parse_table(TABLE_TSV);
        let longest = map.keys().map(|k| k.chars().count()).max().unwrap_or(1);
        (map, longest)
    })
}

/// Number of distinct characters in the name-reading table.
pub fn table_size() -> usize {
    table().0.keys().filter(|k| k.chars().count() == 1).count()
}

pub fn is_han(c: char) -> bool {
    super::script::char_script(c) == Some(super::script::Script::Han)
}

/// The toneless pinyin of a character in names (ü spelt v).
fn name_pinyin(c: char) -> Option<String> {
    Some(match NAME_READINGS.iter().find(|(h, _)| *h == c) {
        Some((_, s)) => (*s).to_string(),
        None => c.to_pinyin()?.plain().replace('ü', "v"),
    })
}

/// Readings of a character outside the table: its name reading or Mandarin pinyin.
fn fallback(c: char) -> Option<&'static Unit> {
    syllables().get(&name_pinyin(c)?)
}

fn merge(into: &mut Vec<Vec<Letter>>, from: &[Vec<Letter>]) {
    for r in from {
        if !into.contains(r) {
            into.push(r.clone());
        }
    }
}

/// Readings of a pinyin syllable written in Latin letters: it may stand for any table
/// character with that pinyin, so its readings are theirs together (table order), then
/// the ones derived from the pinyin spelling itself. Computed once per syllable of the
/// pinyin table (the only ones [`super::pinyin_reading::segment`] gives).
pub fn pinyin_unit(syl: &str) -> Cow<'static, Unit> {
    static UNITS: OnceLock<HashMap<String, Unit>> = OnceLock::new();
    let units = UNITS.get_or_init(|| {
        syllables()
            .keys()
            .map(|syl| (syl.clone(), merged_pinyin_unit(syl)))
            .collect()
    });
    match units.get(syl) {
        Some(u) => Cow::Borrowed(u),
        None => Cow::Owned(merged_pinyin_unit(syl)),
    }
}

fn merged_pinyin_unit(syl: &str) -> Unit {
    static BY_PINYIN: OnceLock<HashMap<String, Unit>> = OnceLock::new();
    let map = BY_PINYIN.get_or_init(|| {
        let mut chars: Vec<(String, &Unit, bool)> = Vec::new();
        for line in TABLE_TSV.lines() {
            let Some(c) = line.chars().next().filter(|&c| is_han(c)) else {
                continue;
            };
            if line
                .split('\t')
                .next()
                .is_some_and(|k| k.chars().count() != 1)
            {
                continue;
            }
            if let (Some(py), Some(unit)) = (name_pinyin(c), table().0.get(&c.to_string())) {
                let rare = line.contains("(hist.)") || line.contains("Russian-form");
                chars.push((py, unit, rare));
            }
        }
        let mut by: HashMap<String, Unit> = HashMap::new();
        for (py, unit, _) in &chars {
            let entry = by.entry(py.clone()).or_default();
            merge(&mut entry.onset, &unit.onset);
            merge(&mut entry.coda, &unit.coda);
        }
        // At the end of a word, a character in current use that writes a closing consonant is
        // the one names use for that syllable (热扎克 -q, not 柯 ke or 可 ke), so its readings
        // come first.
        chars.sort_by_key(|(_, unit, rare)| unit.coda.is_empty() || *rare);
        for (py, unit, _) in chars {
            merge(&mut by.entry(py).or_default().fin, &unit.fin);
        }
        by
    });
    let derived = syllables()
        .get(syl)
        .cloned()
        .unwrap_or_else(|| derive_unit(syl));
    let Some(u) = map.get(syl) else {
        return derived;
    };
    let mut u = u.clone();
    merge(&mut u.onset, &derived.onset);
    merge(&mut u.fin, &derived.fin);
    if !u.coda.is_empty() {
        merge(&mut u.coda, &derived.coda);
    }
    u.with_uvular_alternatives()
}

/// Splits a run of Han characters into transcription units, longest table entry first.
/// Table units are borrowed, not copied.
pub fn units(run: &str) -> Vec<Cow<'static, Unit>> {
    let (map, longest) = table();
    let chars: Vec<char> = run.chars().filter(|&c| is_han(c)).collect();
    let mut out = Vec::new();
    let mut key = String::new();
    let mut i = 0;
    while i < chars.len() {
        let mut matched = false;
        for len in (1..=(*longest).min(chars.len() - i)).rev() {
            key.clear();
            key.extend(&chars[i..i + len]);
            if let Some(unit) = map.get(&key) {
                out.push(Cow::Borrowed(unit));
                i += len;
                matched = true;
                break;
            }
        }
        if !matched {
            if let Some(unit) = fallback(chars[i]) {
                out.push(Cow::Borrowed(unit));
            } else if let Some(p) = chars[i].to_pinyin() {
                // A syllable the pinyin table lacks (rare): derive it directly.
                out.push(Cow::Owned(derive_unit(p.plain())));
            }
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::letters::to_uly;
    use super::*;

    #[test]
    fn table_parses_with_positions() {
        let t = parse_table(
            "# c\nhanzi\tonset\tcoda\tfinal\tnote\n木\tmu\tm\tm\tx\n丽\tli\tl\tli|l?\t\n阿\ta\t-\t\t\n",
        );
        assert_eq!(to_uly(&t["木"].coda[0]), "m");
        assert_eq!(t["丽"].fin.len(), 2);
        assert_eq!(to_uly(&t["丽"].fin[1]), "l");
        assert!(t["阿"].coda.is_empty());
        assert_eq!(to_uly(&t["阿"].fin[0]), "a");
    }

    #[test]
    fn shipped_table_loads() {
        assert!(table_size() >= 40);
        assert!(units("阿不都热依木").len() >= 2);
    }

    #[test]
    fn pinyin_syllables_take_the_table_readings() {
        // 义 (yi) stands for -il at the end of a word (司马义 Ismayil).
        let u = pinyin_unit("yi");
        assert!(u.fin.iter().any(|r| to_uly(r) == "il"), "{u:?}");
        assert_eq!(to_uly(&pinyin_unit("mu").coda[0]), "m");
    }

    #[test]
    fn a_final_pinyin_syllable_reads_first_as_the_character_names_use() {
        // ke at the end of a word is 克 -k (Jianibieke = 加尼别克 Jänibek, Sailike = 赛力克
        // Serik), not 柯 or 可 ke, which come first in the table; in the middle of a word
        // the table order stays (柯 ke first).
        assert_eq!(to_uly(&pinyin_unit("ke").fin[0]), "k");
        assert_eq!(to_uly(&pinyin_unit("ke").onset[0]), "ke");
        // A historical character (柏 -b, 阿古柏 Yaqub Beg) is not moved ahead of the ones in
        // use (白 be, 拜 -bay).
        assert_eq!(to_uly(&pinyin_unit("bai").fin[0]), "be");
    }

    #[test]
    fn fallback_uses_name_readings() {
        // 都 is "dou" by default in Mandarin but "du" in names.
        let u = fallback('都').unwrap();
        assert_eq!(to_uly(&u.onset[0]), "du");
    }
}
