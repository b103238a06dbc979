//! Pinyin syllables as transcriptions of Uyghur/Kazakh/Kyrgyz syllables.
//!
//! Each syllable gets position-dependent readings ([`Unit`]): as a syllable onset
//! (买 mai → me), as a bare coda consonant whose vowel is epenthetic (木 mu → m), and at
//! the end of the word. Pinyin letters are a different alphabet from ULY (x = sh, q = ch,
//! zh = j), so pinyin is converted here and never folded raw (names.md §2.3, §4.1).

use std::collections::HashMap;
use std::sync::OnceLock;

use pinyin::ToPinyin;

use super::fold;
use super::latin;
use super::letters::Letter;

/// Readings of one transcription syllable by position; alternatives best first. An
/// empty `coda` means the syllable cannot be a bare coda.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Unit {
    pub onset: Vec<Vec<Letter>>,
    pub coda: Vec<Vec<Letter>>,
    pub fin: Vec<Vec<Letter>>,
}

fn letters(uly: &str) -> Vec<Letter> {
    let mut v = Vec::new();
    latin::to_letters(uly, &mut v);
    v
}

const INITIALS: [&str; 23] = [
    "zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r",
    "z", "c", "s", "y", "w",
];

/// Splits a toneless syllable into initial and final.
fn split(syl: &str) -> (&str, &str) {
    INITIALS
        .iter()
        .find(|i| syl.len() > i.len() && syl.starts_with(*i))
        .map_or(("", syl), |i| (&syl[..i.len()], &syl[i.len()..]))
}

/// The Uyghur sound of a pinyin syllable at a syllable onset, as ULY.
fn onset_uly(syl: &str) -> String {
    let (ini, fin) = split(syl);
    // j q x y are followed by ü written u.
    let palatal = matches!(ini, "j" | "q" | "x" | "y");
    let ini_uly = match ini {
        "q" => "ch",
        "x" => "sh",
        "zh" => "j",
        "c" => "s",
        "h" => "h",
        other => other,
    };
    match (ini, fin) {
        ("y", "i" | "in" | "ing") => return "i".to_string() + &fin[1..].replace("ng", "n"),
        ("y", "e") => return "ye".to_string(),
        ("y", "u" | "ue" | "un" | "uan") => {
            return format!("yü{}", &fin[1..]).replace("üan", "üen");
        }
        ("y", "ou") => return "yu".to_string(),
        ("w", "u") => return "u".to_string(),
        ("w", "o") => return "o".to_string(),
        ("w", "ai" | "ei") => return "we".to_string(),
        ("", "er") => return "er".to_string(),
        _ => {}
    }
    let fin_uly = match fin {
        // After j q x the medial i is part of the palatal: 夏 xia = sha, 江 jiang = jan.
        "ia" if palatal => "a",
        "ie" if palatal => "ë",
        "iao" if palatal => "o",
        "iu" if palatal => "u",
        "iong" if palatal => "un",
        "ai" | "ei" => "e",
        "ao" | "ou" | "uo" => "o",
        "ang" => "an",
        "eng" => "en",
        "ong" => "un",
        "iong" => "yun",
        "ing" => "in",
        "ia" => "ya",
        "ie" => "ë",
        "iao" => "yo",
        "iu" => "yu",
        "ian" => "en",
        "iang" => "an",
        "ua" => "wa",
        "uai" => "we",
        "ui" => "uy",
        "uan" if palatal => "üen",
        "uan" => "wan",
        "uang" => "wan",
        "u" | "un" | "ue" if palatal => return format!("{ini_uly}ü{}", &fin[1..]),
        "v" | "ü" => "ü",
        other => other,
    };
    format!("{ini_uly}{fin_uly}")
}

/// The consonant a syllable stands for when its vowel is epenthetic, if it can (木 mu →
/// m, 提 ti → t, 克 ke → k, 尔 er → r; DB65/T 2189 adds a vowel to every coda).
fn coda_uly(syl: &str) -> Option<&'static str> {
    Some(match syl {
        "er" => "r",
        "bu" => "b",
        "pu" => "p",
        "fu" => "p",
        "mu" => "m",
        "ti" | "te" => "t",
        "de" => "d",
        "li" | "le" => "l",
        "ri" => "r",
        "si" | "se" | "ci" | "ce" => "s",
        "zi" | "ze" => "z",
        "shi" => "sh",
        "ke" => "k",
        "ge" => "g",
        "he" => "h",
        "ku" => "q",
        "ji" => "j",
        "zhi" => "j",
        "chi" => "ch",
        _ => return None,
    })
}

/// Chinese h stands for Uyghur h, x, q and gh alike (哈斯木 Qasim, 海拉提 Gheyret,
/// 托合提 Toxti): every reading starting with h also gets a q reading.
pub fn add_uvular_alternatives(readings: &mut Vec<Vec<Letter>>) {
    let extra: Vec<Vec<Letter>> = readings
        .iter()
        .filter(|r| r.first() == Some(&Letter::H))
        .map(|r| {
            let mut q = r.clone();
            q[0] = Letter::Q;
            q
        })
        .filter(|q| !readings.contains(q))
        .collect();
    readings.extend(extra);
}

/// Drops alternatives that fold to the same key symbols as an earlier one (合 xe|he:
/// x and h fold together), so that readings differ where it matters.
fn dedupe_by_fold(readings: &mut Vec<Vec<Letter>>) {
    let mut seen: Vec<Vec<u8>> = Vec::new();
    readings.retain(|r| {
        let sig = fold::signature(r);
        if seen.contains(&sig) {
            false
        } else {
            seen.push(sig);
            true
        }
    });
}

impl Unit {
    /// Adds [`add_uvular_alternatives`] and drops alternatives that fold alike.
    pub fn with_uvular_alternatives(mut self) -> Unit {
        for list in [&mut self.onset, &mut self.coda, &mut self.fin] {
            add_uvular_alternatives(list);
            dedupe_by_fold(list);
        }
        self
    }
}

/// Readings of one toneless pinyin syllable.
pub fn derive_unit(syl: &str) -> Unit {
    let onset = vec![letters(&onset_uly(syl))];
    let coda: Vec<Vec<Letter>> = coda_uly(syl).map(letters).into_iter().collect();
    let mut fin = coda.clone();
    // -li/-ri at the end of a word is as often a real syllable (Eli, Bekri) as a coda.
    if fin.is_empty() || matches!(syl, "li" | "ri") {
        fin.push(onset[0].clone());
    }
    Unit { onset, coda, fin }.with_uvular_alternatives()
}

/// Replaces tone-marked vowels by plain ones and ü by v (pinyin input convention).
fn strip_tones(c: char) -> Option<char> {
    Some(match c {
        'ā' | 'á' | 'ǎ' | 'à' => 'a',
        'ē' | 'é' | 'ě' | 'è' => 'e',
        'ī' | 'í' | 'ǐ' | 'ì' => 'i',
        'ō' | 'ó' | 'ǒ' | 'ò' => 'o',
        'ū' | 'ú' | 'ǔ' | 'ù' => 'u',
        'ǖ' | 'ǘ' | 'ǚ' | 'ǜ' | 'ü' | 'v' => 'v',
        c if c.is_ascii_lowercase() => c,
        _ => return None,
    })
}

/// Every toneless pinyin syllable with its readings, collected once from the pinyin
/// crate's data (ü spelt v, as typed).
pub fn syllables() -> &'static HashMap<String, Unit> {
    static SYLLABLES: OnceLock<HashMap<String, Unit>> = OnceLock::new();
    SYLLABLES.get_or_init(|| {
        let mut map = HashMap::new();
        for cp in 0x4E00..=0x9FFF_u32 {
            let Some(p) = char::from_u32(cp).and_then(|c| c.to_pinyin()) else {
                continue;
            };
            let syl: Option<String> = p.plain().chars().map(strip_tones).collect();
            let Some(syl) = syl else { continue };
            if !syl.chars().any(|c| "aeiouv".contains(c)) || map.contains_key(&syl) {
                continue;
            }
            let unit = derive_unit(&syl.replace('v', "u"));
            map.insert(syl, unit);
        }
        map
    })
}

/// Splits a Latin word into pinyin syllables if it parses completely, preferring fewer
/// syllables and, among those, fewer vowel-initial syllables after the first (pinyin would
/// need an apostrophe there). Apostrophes are hard syllable boundaries.
pub fn segment(word: &str) -> Option<Vec<String>> {
    // Toneless lower-case ASCII, with ' for every apostrophe.
    let mut plain = String::with_capacity(word.len());
    let mut pinyin_letters = true;
    latin::for_each_lower(word, |c| {
        if latin::is_apostrophe(c) {
            plain.push('\'');
        } else if let Some(c) = strip_tones(c) {
            plain.push(c);
        } else {
            pinyin_letters = false;
        }
    });
    if !pinyin_letters {
        return None;
    }
    let table = syllables();
    let mut out = Vec::new();
    for chunk in plain.split('\'').filter(|c| !c.is_empty()) {
        out.extend(segment_chunk(chunk, table)?);
    }
    (!out.is_empty()).then_some(out)
}

fn segment_chunk(chunk: &str, table: &HashMap<String, Unit>) -> Option<Vec<String>> {
    let n = chunk.len();
    // best[i] = (cost, start of the last syllable) for the prefix of length i.
    let mut best: Vec<Option<(u32, usize)>> = vec![None; n + 1];
    best[0] = Some((0, 0));
    let mut reached = 0;
    for end in 1..=n {
        // Syllables span at most 6 letters: past 6 unreachable ends, none is reachable.
        if end - reached > 6 {
            return None;
        }
        for start in end.saturating_sub(6)..end {
            let Some((cost, _)) = best[start] else {
                continue;
            };
            let syl = &chunk[start..end];
            if !table.contains_key(syl) {
                continue;
            }
            let vowel_initial = start > 0 && syl.starts_with(['a', 'e', 'o']);
            let c = cost + 2 + u32::from(vowel_initial);
            if best[end].is_none_or(|(b, _)| c < b) {
                best[end] = Some((c, start));
                reached = end;
            }
        }
    }
    best[n]?;
    let mut out = Vec::new();
    let mut end = n;
    while end > 0 {
        let (_, start) = best[end]?;
        out.push(chunk[start..end].to_string());
        end = start;
    }
    out.reverse();
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::super::letters::to_uly;
    use super::*;

    fn onset(s: &str) -> String {
        to_uly(&derive_unit(s).onset[0])
    }

    #[test]
    fn segments_passport_pinyin() {
        assert_eq!(
            segment("Abudureyimu").unwrap(),
            ["a", "bu", "du", "re", "yi", "mu"]
        );
        assert_eq!(segment("TUERXUN").unwrap(), ["tu", "er", "xun"]);
        assert_eq!(segment("Gulinaer").unwrap(), ["gu", "li", "na", "er"]);
        assert_eq!(segment("Yilamujiang").unwrap(), ["yi", "la", "mu", "jiang"]);
        assert_eq!(segment("Nǔ'ěr").unwrap(), ["nu", "er"]);
        assert!(segment("Tursun").is_none());
        assert!(segment("Abdurehim").is_none());
    }

    #[test]
    fn syllable_readings_follow_uyghur_sounds() {
        assert_eq!(onset("mai"), "me");
        assert_eq!(onset("xi"), "shi");
        assert_eq!(onset("qi"), "chi");
        assert_eq!(onset("jiang"), "jan");
        assert_eq!(onset("wai"), "we");
        assert_eq!(onset("yi"), "i");
        assert_eq!(onset("xun"), "shün");
        assert_eq!(to_uly(&derive_unit("mu").coda[0]), "m");
        assert!(derive_unit("ma").coda.is_empty());
    }
}
