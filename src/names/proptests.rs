//! Property tests required by issue 6.

use proptest::prelude::*;

use super::letters::{self, Letter};
use super::{NameEncoder, Similarity, canonicalise, compare};

fn letter() -> impl Strategy<Value = Letter> {
    prop::sample::select(letters::all().collect::<Vec<_>>())
}

/// Name-like text: letters of every supported script, separators, apostrophes, hamza,
/// presentation forms and invisible characters.
fn name_like() -> impl Strategy<Value = String> {
    let pieces: Vec<char> = "abcdefghijklmnopqrstuvwxyzëéöüşçğıñäəABCİIŞ'’ʼ-·•・. \u{200C}\u{0640}\
        ئابدۇرېھىمتسنگڭلەيوۆۈۋقكخجچشغفزژپھهیﺋﺎﺑ\
        абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһіҗ\
        阿不都热依木吐尔逊买提古丽娜江力克甫斯孜合艾伊玉"
        .chars()
        .collect();
    prop::collection::vec(prop::sample::select(pieces), 0..40).prop_map(|v| v.into_iter().collect())
}

fn any_text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(any::<char>(), 0..max).prop_map(|v| v.into_iter().collect())
}

proptest! {
    // Failures are reported with their minimal input; nothing is written to the tree.
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn canonicalisation_is_idempotent(s in name_like()) {
        let once = canonicalise(&s).canonical_string();
        let twice = canonicalise(&once).canonical_string();
        prop_assert_eq!(twice, once);
    }

    #[test]
    fn canonicalisation_is_idempotent_on_any_text(s in any_text(60)) {
        let once = canonicalise(&s).canonical_string();
        prop_assert_eq!(canonicalise(&once).canonical_string(), once);
    }

    #[test]
    fn letter_tables_round_trip(word in prop::collection::vec(letter(), 0..24)) {
        prop_assert_eq!(letters::from_arabic(&letters::to_arabic(&word)), word.clone());
        prop_assert_eq!(letters::from_cyrillic(&letters::to_cyrillic(&word)), word.clone());
        prop_assert_eq!(letters::from_uly(&letters::to_uly(&word)), word.clone());
        // Across scripts: Arabic → Latin → Cyrillic → Arabic.
        let via = letters::from_cyrillic(&letters::to_cyrillic(
            &letters::from_uly(&letters::to_uly(&letters::from_arabic(&letters::to_arabic(&word)))),
        ));
        prop_assert_eq!(letters::to_arabic(&via), letters::to_arabic(&word));
    }

    #[test]
    fn dice_is_symmetric_and_bounded(a in name_like(), b in name_like()) {
        let e = NameEncoder::new(&[42; 32], 20);
        let (ea, eb) = (e.encode(&a), e.encode(&b));
        let ab = compare(&ea, &eb);
        prop_assert_eq!(ab, compare(&eb, &ea));
        if let Similarity::Comparable(s) = ab {
            prop_assert!((0.0..=1.0).contains(&s));
        }
        for (pa, pb) in ea.parts.iter().zip(&eb.parts) {
            for (ra, rb) in pa.readings.iter().zip(&pb.readings) {
                let d = ra.folded.dice(&rb.folded);
                prop_assert_eq!(d, rb.folded.dice(&ra.folded));
                prop_assert!((0.0..=1.0).contains(&d));
            }
        }
    }

    #[test]
    fn self_similarity_is_one(s in name_like()) {
        let e = NameEncoder::new(&[1; 32], 20);
        let n = e.encode(&s);
        match compare(&n, &n) {
            Similarity::Comparable(x) => prop_assert!((x - 1.0).abs() < 1e-12),
            Similarity::NotComparable => prop_assert!(!n.is_comparable()),
        }
    }

    #[test]
    fn arbitrary_input_never_panics(s in any_text(10_000)) {
        let e = NameEncoder::new(&[3; 32], 20);
        let c = canonicalise(&s);
        let n = e.encode_canonical(&c);
        let _ = compare(&n, &n);
        prop_assert_eq!(super::EncodedName::from_bytes(&n.to_bytes()), Ok(n));
    }
}
