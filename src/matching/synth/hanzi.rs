//! Chinese-character forms of names as PRC documents write them, constructed syllable by
//! syllable after the conventions of names.md §2.3 (`assets/names/hanzi-syllables.tsv`), and
//! their pinyin.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::letters::L;
use super::rng::Rng;

/// One character with its name reading (tone-marked pinyin).
pub type Syllable = (&'static str, &'static str);

struct Table {
    keys: HashMap<&'static str, Vec<Syllable>>,
    readings: HashMap<&'static str, &'static str>,
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let text: &'static str = include_str!("../../../assets/names/hanzi-syllables.tsv");
    let mut keys = HashMap::new();
    let mut readings = HashMap::new();
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
    {
        let (key, forms) = line.split_once('\t').expect("key<TAB>forms");
        let forms: Vec<Syllable> = forms
            .split(' ')
            .map(|f| f.split_once(':').expect("character:pinyin"))
            .collect();
        for &(hanzi, pinyin) in &forms {
            readings.entry(hanzi).or_insert(pinyin);
        }
        if key != "*" {
            keys.insert(key, forms);
        }
    }
    Table { keys, readings }
});

/// The name reading of a character, if the table knows it.
pub fn reading(hanzi: &str) -> Option<&'static str> {
    TABLE.readings.get(hanzi).copied()
}

/// An attested form (a string of characters) with the reading of each character.
pub fn attested(form: &'static str) -> Vec<Syllable> {
    form.char_indices()
        .map(|(i, c)| {
            let s = &form[i..i + c.len_utf8()];
            (
                s,
                reading(s).unwrap_or_else(|| panic!("no reading for {s}")),
            )
        })
        .collect()
}

struct Syl {
    onset: Option<L>,
    vowel: L,
    codas: Vec<L>,
}

/// Splits into syllables: between two vowels the last consonant starts the next syllable,
/// the others close the previous one; an apostrophe (hamza) before a vowel means no onset.
fn syllables(word: &[L]) -> (Vec<L>, Vec<Syl>) {
    let mut leading = Vec::new();
    let mut syls: Vec<Syl> = Vec::new();
    let mut cluster: Vec<L> = Vec::new();
    let mut hamza = false;
    for &l in word {
        if l == L::Sep {
            hamza = true;
            continue;
        }
        if l.is_vowel() {
            let onset = if hamza { None } else { cluster.pop() };
            match syls.last_mut() {
                Some(prev) => prev.codas.append(&mut cluster),
                None => leading.append(&mut cluster),
            }
            syls.push(Syl {
                onset,
                vowel: l,
                codas: Vec::new(),
            });
        } else {
            // A separator before a consonant (n'g) only keeps the two letters apart.
            cluster.push(l);
        }
        hamza = false;
    }
    match syls.last_mut() {
        Some(last) => last.codas.append(&mut cluster),
        None => leading.append(&mut cluster),
    }
    (leading, syls)
}

fn choose(rng: &mut Rng, forms: &[Syllable]) -> Syllable {
    *rng.mostly_first(forms, 0.8)
}

fn lookup(key: &str) -> Option<&'static [Syllable]> {
    TABLE.keys.get(key).map(Vec::as_slice)
}

/// The vowel classes to try, best first.
fn vowel_classes(vowel: L, kazakh_e: bool) -> &'static [&'static str] {
    match vowel {
        L::A => &["a"],
        L::E if kazakh_e => &["ie", "e"],
        L::E => &["e"],
        L::Ee => &["ie", "e", "i"],
        L::I => &["i"],
        L::O | L::Oe => &["o", "u"],
        L::U => &["u"],
        _ => &["ü", "u"],
    }
}

fn coda(rng: &mut Rng, out: &mut Vec<Syllable>, c: L, female: bool) {
    let key = match c {
        L::L if female && rng.chance(0.8) => "-l.f".to_owned(),
        L::Ng | L::N => "-n".to_owned(),
        other => format!("-{}", other.uly()),
    };
    if let Some(forms) = lookup(&key) {
        out.push(choose(rng, forms));
    }
}

/// Constructs the Chinese form of one name word. `female` prefers 丽 for -l; `kazakh`
/// writes a word-initial e as 叶 and e after a consonant often as 别/列/铁 (Kazakh е).
pub fn construct(rng: &mut Rng, word: &[L], female: bool, kazakh: bool) -> Vec<Syllable> {
    let (leading, syls) = syllables(word);
    let mut out = Vec::new();
    for &c in &leading {
        coda(rng, &mut out, c, female);
    }
    for (k, syl) in syls.iter().enumerate() {
        let mut onset = syl.onset.map(|o| o.uly()).unwrap_or("");
        // h between vowels is dropped before i: Abdurëhim 阿不都热依木, Rahile 热依拉.
        if k > 0 && syl.onset == Some(L::H) && matches!(syl.vowel, L::I | L::Ee) {
            onset = "";
        }
        if syl.onset == Some(L::Ng) {
            onset = "n";
        }
        if kazakh && k == 0 && onset.is_empty() && syl.vowel == L::E {
            onset = "y";
        }
        let kazakh_e = kazakh && !onset.is_empty() && rng.chance(0.5);
        let classes = vowel_classes(syl.vowel, kazakh_e);
        let mut codas: &[L] = &syl.codas;
        let nasal = matches!(codas.first(), Some(L::N | L::Ng));
        let mut forms = None;
        if nasal {
            forms = classes.iter().find_map(|v| lookup(&format!("{onset}{v}n")));
            if forms.is_some() {
                codas = &codas[1..];
            }
        }
        if forms.is_none() && female && rng.chance(0.7) {
            forms = classes
                .iter()
                .find_map(|v| lookup(&format!("{onset}{v}.f")));
        }
        if forms.is_none() {
            forms = classes
                .iter()
                .find_map(|v| lookup(&format!("{onset}{v}")))
                .or_else(|| classes.iter().find_map(|v| lookup(v)));
        }
        out.push(choose(
            rng,
            forms.expect("every vowel class has a bare entry"),
        ));
        let next_onset = syls.get(k + 1).and_then(|s| s.onset);
        for (i, &c) in codas.iter().enumerate() {
            let last = i + 1 == codas.len();
            // A doubled consonant is written once: Abdulla 阿不都拉.
            if last && next_onset == Some(c) {
                continue;
            }
            // h before a consonant is often lost: Mihrigül 米日古丽.
            if c == L::H && !(last && k + 1 == syls.len()) && rng.chance(0.4) {
                continue;
            }
            // ey is 艾 as often as 艾依: Eysa 艾沙, Reyhan 热依汗.
            if c == L::Y && matches!(syl.vowel, L::E | L::Ee) && rng.chance(0.5) {
                continue;
            }
            // A nasal that could not join its syllable is often simply dropped.
            if matches!(c, L::N | L::Ng) && rng.chance(0.5) {
                continue;
            }
            coda(rng, &mut out, c, female);
        }
    }
    out
}

/// Tone marks removed, ü as u (as names are typed).
pub fn plain(pinyin: &str) -> String {
    pinyin
        .chars()
        .map(|c| match c {
            'ā' | 'á' | 'ǎ' | 'à' => 'a',
            'ē' | 'é' | 'ě' | 'è' => 'e',
            'ī' | 'í' | 'ǐ' | 'ì' => 'i',
            'ō' | 'ó' | 'ǒ' | 'ò' => 'o',
            'ū' | 'ú' | 'ǔ' | 'ù' | 'ǖ' | 'ǘ' | 'ǚ' | 'ǜ' | 'ü' => 'u',
            other => other,
        })
        .collect()
}

/// How pinyin is typed: plain (Tuerxun), with apostrophes (Tu'erxun), tone-marked
/// (Tǔ'ěrxùn) or passport upper case (TUERXUN).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PinyinStyle {
    Plain,
    Apostrophes,
    Tones,
    Passport,
}

/// The pinyin of one name word.
pub fn pinyin_word(syllables: &[Syllable], style: PinyinStyle) -> String {
    let mut out = String::new();
    for (i, &(_, reading)) in syllables.iter().enumerate() {
        let text = match style {
            PinyinStyle::Tones => reading.to_owned(),
            _ => plain(reading),
        };
        let vowel_start = plain(reading).starts_with(['a', 'e', 'o']);
        if i > 0 && vowel_start && matches!(style, PinyinStyle::Apostrophes | PinyinStyle::Tones) {
            out.push('\'');
        }
        out.push_str(&text);
    }
    match style {
        PinyinStyle::Passport => out.to_uppercase(),
        _ => super::letters::capitalise(&out, false),
    }
}

#[cfg(test)]
mod tests {
    use super::super::letters::{parse_kk_cyrillic, parse_uly};
    use super::*;

    fn can_produce(uly: &str, female: bool, kazakh: bool, wanted: &str) -> bool {
        let letters = if kazakh {
            parse_kk_cyrillic(uly)
        } else {
            parse_uly(uly)
        };
        (0..2000).any(|seed| {
            let mut rng = Rng::new(seed);
            construct(&mut rng, &letters, female, kazakh)
                .iter()
                .map(|s| s.0)
                .collect::<String>()
                == wanted
        })
    }

    #[test]
    fn constructs_the_attested_forms_of_names_md() {
        for (uly, female, hanzi) in [
            ("memet", false, "买买提"),
            ("tursun", false, "吐尔逊"),
            ("tursun", false, "图尔荪"),
            ("ilham", false, "伊力哈木"),
            ("perhat", false, "帕尔哈提"),
            ("abdurëhim", false, "阿不都热依木"),
            ("abdulla", false, "阿不都拉"),
            ("gülnar", true, "古丽娜尔"),
            ("aygül", true, "阿依古丽"),
            ("erkin", false, "艾尔肯"),
            ("qurban", false, "库尔班"),
            ("toxti", false, "托合提"),
            ("eysa", false, "艾沙"),
            ("reyhan", true, "热依汗"),
            ("enwer", false, "安外尔"),
            ("mihrigül", true, "米日古丽"),
            ("tursun'ay", true, "吐尔逊阿依"),
            ("dilnur", true, "迪丽努尔"),
            ("imin", false, "依明"),
        ] {
            assert!(can_produce(uly, female, false, hanzi), "{uly} -> {hanzi}");
        }
        assert!(can_produce("Ерлан", false, true, "叶尔兰"));
        assert!(can_produce("Нұрлан", false, true, "努尔兰"));
    }

    #[test]
    fn pinyin_styles() {
        let tursun = attested("吐尔逊");
        assert_eq!(pinyin_word(&tursun, PinyinStyle::Plain), "Tuerxun");
        assert_eq!(pinyin_word(&tursun, PinyinStyle::Apostrophes), "Tu'erxun");
        assert_eq!(pinyin_word(&tursun, PinyinStyle::Tones), "Tǔ'ěrxùn");
        assert_eq!(pinyin_word(&tursun, PinyinStyle::Passport), "TUERXUN");
        let abdu = attested("阿不都热依木");
        assert_eq!(pinyin_word(&abdu, PinyinStyle::Plain), "Abudureyimu");
    }

    #[test]
    fn every_attested_character_has_a_reading() {
        for entry in &super::super::data::NAMES.entries {
            for form in &entry.hanzi {
                for c in form.chars() {
                    let s = c.to_string();
                    assert!(reading(&s).is_some(), "{c} in {form}");
                }
            }
        }
    }
}
