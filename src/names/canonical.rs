//! Full name → ordered parts, each with one or more readings and their keys
//! (names.md §4.1).

use serde::Serialize;

use super::fold::{self, Keys};
use super::letters::{Letter, to_canonical_latin};
use super::pinyin_reading::{Unit, segment};
use super::script::{Script, char_script, detect_script};
use super::unicode::{MAX_PARTS, tokens};
use super::{arabic, cyrillic, hanzi, latin, sinitic};

/// Letters kept per part; no name element is longer.
pub const MAX_LETTERS: usize = 32;
/// Readings kept per part (the literal one first).
pub const MAX_READINGS: usize = 4;
/// Candidate readings of a Chinese or pinyin word before folding; many fold alike.
const CANDIDATES: usize = 12;

/// One reading of a name part.
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
pub struct Reading {
    /// Canonical Latin (ULY) spelling of the whole part, affixes included.
    pub latin: String,
    /// Read from Chinese characters or pinyin: a lossy transcription, whose true
    /// matches agree less closely than two spellings of the same Uyghur letters.
    pub lossy: bool,
    #[serde(flatten)]
    pub keys: Keys,
}

/// One name part (own name, father's name, ...).
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
pub struct NamePart {
    pub script: Script,
    /// Best reading first.
    pub readings: Vec<Reading>,
}

/// A canonicalised full name. No parts means nothing could be canonicalised: such a
/// name is not comparable.
#[derive(Clone, PartialEq, Eq, Debug, Serialize)]
pub struct CanonicalName {
    pub script: Script,
    pub parts: Vec<NamePart>,
}

impl CanonicalName {
    pub fn is_comparable(&self) -> bool {
        !self.parts.is_empty()
    }

    /// The best reading of every part in canonical Latin, space-separated. Canonicalising
    /// this string again gives the same string.
    pub fn canonical_string(&self) -> String {
        let firsts: Vec<&str> = self
            .parts
            .iter()
            .filter_map(|p| p.readings.first().map(|r| r.latin.as_str()))
            .collect();
        firsts.join(" ")
    }
}

/// Patronymic particles (oghli, qizi, uulu, kyzy, ulı, oğlu): they say "son/daughter of"
/// and are not a name, so they are dropped. Matched on the folded form.
fn is_particle(letters: &[Letter]) -> bool {
    fold::fold(letters).is_some_and(|k| {
        matches!(
            k.folded.as_str(),
            "ukli" | "uklu" | "uhli" | "ukul" | "kiji" | "kisi" | "ulu" | "uli"
        ) && k.affixes == fold::Affixes::default()
    })
}

/// Splits a token into runs of one script; characters of no script (apostrophes)
/// stay with the run they are in.
fn runs(token: &str) -> Vec<(Script, String)> {
    let mut out: Vec<(Script, String)> = Vec::new();
    for c in token.chars() {
        let script = char_script(c);
        match (out.last_mut(), script) {
            (Some((s, run)), Some(cs)) if *s == cs => run.push(c),
            (Some((_, run)), None) => run.push(c),
            (_, Some(cs)) => out.push((cs, c.to_string())),
            (None, None) => out.push((Script::Unknown, c.to_string())),
        }
    }
    out
}

/// True if a Latin word carries a mark of pinyin that no ULY, Turkish or Cyrillic-derived
/// spelling makes: a tone mark, or two adjacent vowels (pinyin ai, ao, ue, er...; ULY
/// separates vowels with an apostrophe).
fn looks_like_pinyin(token: &str) -> bool {
    let lowered = latin::lower(token);
    let tone = lowered.chars().any(|c| "āǎàēěīǐìōǒòūǔùǖǘǚǜ".contains(c));
    let is_vowel = |c: char| "aeiouü".contains(c);
    let chars: Vec<char> = lowered.chars().collect();
    tone || chars.windows(2).any(|w| is_vowel(w[0]) && is_vowel(w[1]))
}

/// The readings of one token, best first, each with its lossy flag (read from Chinese
/// characters or pinyin).
fn token_readings(token: &str) -> Vec<(Vec<Letter>, bool)> {
    let mut readings: Vec<Vec<Letter>> = vec![Vec::new()];
    let mut lossy = false;
    for (script, run) in runs(token) {
        lossy |= script == Script::Han;
        let run_readings: Vec<Vec<Letter>> = match script {
            Script::Han => sinitic::readings(&hanzi::units(&run), CANDIDATES),
            _ => {
                let mut v = Vec::new();
                match script {
                    Script::Arabic => arabic::to_letters(&run, &mut v),
                    Script::Cyrillic => cyrillic::to_letters(&run, &mut v),
                    Script::Latin => latin::to_letters(&run, &mut v),
                    _ => {}
                }
                vec![v]
            }
        };
        if run_readings.is_empty() {
            continue;
        }
        let mut next = Vec::new();
        for prefix in &readings {
            for r in &run_readings {
                let mut joined = prefix.clone();
                joined.extend_from_slice(r);
                next.push(joined);
            }
        }
        next.truncate(CANDIDATES);
        readings = next;
    }
    let mut out: Vec<(Vec<Letter>, bool)> = readings.into_iter().map(|r| (r, lossy)).collect();
    // A Latin word that parses fully as ≥2 pinyin syllables gets a second, pinyin
    // reading (Abudureyimu): pinyin x/q/zh are not ULY x/q/zh. If it also carries a mark
    // of pinyin (TUERXUN's ue), the literal reading is dropped, since it would match the
    // wrong names (Tuerxun = Tuerhong read as ULY).
    if detect_script(token) == Script::Latin
        && let Some(syllables) = segment(token)
        && syllables.len() >= 2
    {
        let units: Vec<Unit> = syllables.iter().map(|s| hanzi::pinyin_unit(s)).collect();
        let pinyin = sinitic::readings(&units, CANDIDATES);
        if !pinyin.is_empty() {
            if looks_like_pinyin(token) {
                out.clear();
            }
            out.extend(pinyin.into_iter().map(|r| (r, true)));
        }
    }
    for (r, _) in &mut out {
        r.truncate(MAX_LETTERS);
    }
    out
}

fn part(token: &str) -> Option<NamePart> {
    let mut readings: Vec<Reading> = Vec::new();
    for (letters, lossy) in token_readings(token) {
        let Some(keys) = fold::fold(&letters) else {
            continue;
        };
        if let Some(same) = readings.iter_mut().find(|r| r.keys == keys) {
            // Also a pinyin reading: compare it as leniently as one.
            same.lossy |= lossy;
            continue;
        }
        readings.push(Reading {
            latin: to_canonical_latin(&letters),
            lossy,
            keys,
        });
        if readings.len() == MAX_READINGS {
            break;
        }
    }
    (!readings.is_empty()).then(|| NamePart {
        script: detect_script(token),
        readings,
    })
}

/// Tokens in name order. A comma means passport order "FATHER, OWN" (NIYAZI,
/// ABUDUXUKUER), so what follows the first comma comes first.
fn ordered_tokens(input: &str) -> Vec<String> {
    match input.find([',', '，', '،']) {
        Some(at) => {
            let comma_len = input[at..].chars().next().map_or(1, char::len_utf8);
            let mut t = tokens(&input[at + comma_len..]);
            t.extend(tokens(&input[..at]));
            t
        }
        None => tokens(input),
    }
}

/// Canonicalises a full name: Unicode hygiene, tokens, script conversion, readings and
/// keys, name parts kept in order.
pub fn canonicalise(input: &str) -> CanonicalName {
    let mut parts = Vec::new();
    for token in ordered_tokens(input) {
        let Some(p) = part(&token) else { continue };
        let mut first = Vec::new();
        latin::to_letters(&p.readings[0].latin, &mut first);
        if is_particle(&first) {
            continue;
        }
        parts.push(p);
        if parts.len() == MAX_PARTS {
            break;
        }
    }
    CanonicalName {
        script: detect_script(input),
        parts,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skeletons(s: &str) -> Vec<String> {
        canonicalise(s)
            .parts
            .iter()
            .map(|p| p.readings[0].keys.skeleton.clone())
            .collect()
    }

    #[test]
    fn the_issue_example_agrees_on_skeletons() {
        let expected = vec!["ptrm".to_string(), "trsn".to_string()];
        for s in [
            "ئابدۇرېھىم تۇرسۇن",
            "Abdurehim Tursun",
            "阿不都热依木·吐尔逊",
            "Абдурехим Турсун",
            "Abdurrahim Tursun",
        ] {
            assert_eq!(skeletons(s), expected, "{s}");
        }
        // Pinyin: some reading matches.
        let c = canonicalise("Abudureyimu Tuerxun");
        assert!(
            c.parts[0]
                .readings
                .iter()
                .any(|r| r.keys.skeleton == "ptrm")
        );
        assert!(
            c.parts[1]
                .readings
                .iter()
                .any(|r| r.keys.skeleton == "trsn")
        );
    }

    #[test]
    fn pinyin_words_get_pinyin_readings() {
        // A pinyin mark (ue): only pinyin readings, the literal x would be ULY kh.
        let c = canonicalise("Tuerxun");
        assert!(c.parts[0].readings.iter().all(|r| r.lossy));
        assert_eq!(c.parts[0].readings[0].keys.skeleton, "trsn");
        // No mark: the literal reading stays first, the pinyin one is second.
        let c = canonicalise("Yilihamu");
        assert!(!c.parts[0].readings[0].lossy);
        assert!(
            c.parts[0].readings[1..]
                .iter()
                .any(|r| r.lossy && r.latin == "ilham")
        );
        // Not pinyin at all.
        assert!(
            canonicalise("Tursun").parts[0]
                .readings
                .iter()
                .all(|r| !r.lossy)
        );
    }

    #[test]
    fn comma_means_surname_first() {
        assert_eq!(
            canonicalise("TURSUN, ABDUREHIM").canonical_string(),
            canonicalise("Abdurehim Tursun").canonical_string()
        );
    }

    #[test]
    fn order_and_particles() {
        let c = canonicalise("Nurlan uulu Asan");
        assert_eq!(c.canonical_string(), "nurlan asan");
        assert_eq!(c.script, Script::Latin);
    }

    #[test]
    fn nothing_canonicalisable() {
        assert!(!canonicalise("").is_comparable());
        assert!(!canonicalise("12 · 34").is_comparable());
        assert!(!canonicalise("ъ").is_comparable());
        assert!(canonicalise("Ilham").is_comparable());
    }

    #[test]
    fn canonical_string_is_stable() {
        for s in [
            "Тұрсынбек Меңи",
            "Dëngiz",
            "ئىسمائىل",
            "阿不都热依木·吐尔逊",
        ] {
            let once = canonicalise(s).canonical_string();
            assert_eq!(canonicalise(&once).canonical_string(), once, "{s}");
        }
    }
}
