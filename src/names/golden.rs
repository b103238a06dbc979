//! Regression guard for speed work: the canonical forms and encodings of a fixed corpus
//! must stay bit-identical, since stored encodings of this version are compared with
//! fresh ones (a change needs a new `ENCODING_VERSION`, not a new constant here).

use sha2::{Digest, Sha256};

use super::eval::{parse_hard_negatives, parse_tsv};
use super::{NameEncoder, canonicalise};

const DEV: &str = include_str!("../../tests/data/names-dev.tsv");
const HARD: &str = include_str!("../../tests/data/names-hard-negatives.tsv");

/// Name-like noise: every supported script, separators, commas, apostrophes, hamza,
/// presentation forms, invisibles, tone marks, upper case, digits.
const PIECES: &str = "abcdefghijklmnopqrstuvwxyzëéöüşçğıñäəāǎàüABCDEFGHİIŞÜÖKXZ'’ʼ-·•・.,، \u{200C}\u{0640}\u{0307}\
    ئابدۇرېھىمتسنگڭلەيوۆۈۋقكخجچشغفزژپھهیيکﺋﺎﺑ\
    абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһіҗАБДЕЖЗИ\
    阿不都热依木吐尔逊买提古丽娜江力克甫斯孜合艾伊玉托哈斯夏吾開1٣";

/// Deterministic pseudo-random strings over [`PIECES`] (64-bit LCG).
fn noise(count: usize) -> Vec<String> {
    let pieces: Vec<char> = PIECES.chars().collect();
    let mut state: u64 = 0x005e_ed0f_6a11_d3a7;
    let mut next = || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as usize
    };
    (0..count)
        .map(|_| {
            let len = next() % 40;
            (0..len).map(|_| pieces[next() % pieces.len()]).collect()
        })
        .collect()
}

fn corpus() -> Vec<String> {
    let mut names: Vec<String> = parse_tsv(DEV)
        .unwrap()
        .into_iter()
        .map(|r| r.name)
        .collect();
    for h in parse_hard_negatives(HARD).unwrap() {
        names.push(h.a);
        names.push(h.b);
    }
    // Passport pinyin, comma order, particles, long input.
    for s in [
        "ABUDUREYIMU, TUERXUN",
        "Nurlan uulu Asan",
        "Yilamujiang Gulinaer Maimaiti",
        "Abdulkadir Celaleddin Nurettin",
        "Tursun'gül Kanybek Yerlan Abdullah",
        &"Muhemmed ".repeat(40),
    ] {
        names.push(s.to_string());
    }
    names.extend(noise(3000));
    names
}

/// SHA-256 over every name's canonical form (all fields, via `Debug`) and encoding bytes.
fn digest() -> String {
    let encoder = NameEncoder::new(&[7; 32], super::DEFAULT_K);
    let mut h = Sha256::new();
    for name in corpus() {
        let canonical = canonicalise(&name);
        h.update(format!("{canonical:?}\n").as_bytes());
        h.update(encoder.encode(&name).to_bytes());
        h.update(encoder.encode_canonical(&canonical).to_bytes());
    }
    hex::encode(h.finalize())
}

// Exists so that speed work cannot silently change what stored encodings are compared with.
#[test]
fn canonical_forms_and_encodings_are_unchanged() {
    assert_eq!(
        digest(),
        "9e11150b9060d91bd7c36585b1b1b27b30d3dd1058b9371632b614eddd67a94a"
    );
}
