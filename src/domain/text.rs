//! Text hygiene for every free-text field.
//!
//! Two cleaners: [`clean_line`] for single-line fields (names, places, channel values) and
//! [`clean_text`] for narrative fields (notes, messages, facts) that keep line breaks. Both
//! remove control characters and invisible formatting characters, normalize to NFC and trim.
//! Markup such as `<script>` is ordinary text here: escaping is the templates' job.
//!
//! Order matters for idempotence: characters are removed first, then NFC is applied (removing
//! a character can bring a base letter and a combining mark together), then whitespace is
//! trimmed or collapsed (which never creates a new composition: whitespace composes with
//! nothing).

use unicode_normalization::UnicodeNormalization;

/// Invisible formatting characters that are always removed.
///
/// - Bidirectional marks, embeddings, overrides and isolates (U+200E, U+200F, U+061C,
///   U+202A–U+202E, U+2066–U+2069) can make a name display differently from what it is
///   (a "Trojan Source" reordering) and break the layout of right-to-left pages; the pages set
///   direction themselves.
/// - Zero-width space, word joiner and BOM (U+200B, U+2060, U+FEFF) only make two identical-
///   looking names differ for the matcher.
/// - ZWNJ and ZWJ (U+200C, U+200D) are also removed. ZWNJ is part of Persian spelling, but
///   Uyghur, Kazakh and Kyrgyz Arabic-script orthographies do not use either; in names they
///   only change how letters join on screen, never which letters they are, so keeping them
///   would let the same name be stored in visually identical but different forms.
/// - Other characters with no visible form that can hide or split text: soft hyphen (U+00AD),
///   Mongolian vowel separator (U+180E), invisible math operators (U+2061–U+2064), deprecated
///   format characters (U+206A–U+206F), interlinear annotation (U+FFF9–U+FFFB) and tag
///   characters (U+E0000–U+E007F), which can smuggle a hidden ASCII message.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{061C}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{200B}'..='\u{200D}'
            | '\u{2060}'
            | '\u{FEFF}'
            | '\u{00AD}'
            | '\u{180E}'
            | '\u{2061}'..='\u{2064}'
            | '\u{206A}'..='\u{206F}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{E0000}'..='\u{E007F}'
    )
}

/// Cleans a single-line field: control characters that are whitespace (tab, line breaks)
/// become spaces so that words do not run together, other controls and invisible characters
/// are removed, the text is put in NFC, and every run of whitespace (including no-break and
/// ideographic spaces) becomes one ASCII space, with none at either end.
pub fn clean_line(input: &str) -> String {
    let stripped: String = input
        .chars()
        .filter_map(|c| {
            if c.is_control() {
                c.is_whitespace().then_some(' ')
            } else if is_invisible(c) {
                None
            } else {
                Some(c)
            }
        })
        .nfc()
        .collect();
    let mut out = String::with_capacity(stripped.len());
    for word in stripped.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Cleans a narrative field: every line break form (CRLF, CR, NEL, U+2028, U+2029) becomes
/// `\n`, tab becomes a space, other controls and invisible characters are removed, the text
/// is put in NFC and trimmed at both ends. Inner spacing is kept: it can be meaningful in an
/// address or a list.
pub fn clean_text(input: &str) -> String {
    let mut stripped = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                chars.next_if_eq(&'\n');
                stripped.push('\n');
            }
            '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => stripped.push('\n'),
            '\t' => stripped.push(' '),
            c if c.is_control() || is_invisible(c) => {}
            c => stripped.push(c),
        }
    }
    let normalized: String = stripped.nfc().collect();
    normalized.trim().to_owned()
}

/// Length in Unicode scalar values, the unit of every limit.
pub fn char_len(s: &str) -> usize {
    s.chars().count()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;
    use proptest::test_runner::{TestCaseError, TestRunner};
    use unicode_normalization::is_nfc;

    /// Run a property over 256 generated inputs, where `check` says whether the input was
    /// accepted (and asserts what must hold of an accepted one). Fails unless at least
    /// `min_accepted` were accepted, so a property about accepted values cannot pass by never
    /// seeing one.
    pub fn check_accepting<S: Strategy>(
        strategy: S,
        min_accepted: usize,
        check: impl Fn(S::Value) -> Result<bool, TestCaseError>,
    ) {
        let accepted = std::sync::atomic::AtomicUsize::new(0);
        let mut runner = TestRunner::default();
        runner
            .run(&strategy, |value| {
                if check(value)? {
                    accepted.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
                Ok(())
            })
            .unwrap();
        let accepted = accepted.into_inner();
        assert!(
            accepted >= min_accepted,
            "only {accepted} of the generated inputs were accepted (need {min_accepted})"
        );
    }

    #[test]
    fn line_removes_bidi_and_zero_width_but_keeps_markup() {
        let raw = "\u{202E}<script>alert(1)</script>\u{200B}\u{2066}x\u{2069}\u{FEFF}";
        assert_eq!(clean_line(raw), "<script>alert(1)</script>x");
    }

    #[test]
    fn line_removes_each_listed_invisible() {
        for c in [
            '\u{061C}',
            '\u{200E}',
            '\u{200F}',
            '\u{202A}',
            '\u{202B}',
            '\u{202C}',
            '\u{202D}',
            '\u{202E}',
            '\u{2066}',
            '\u{2067}',
            '\u{2068}',
            '\u{2069}',
            '\u{200B}',
            '\u{200C}',
            '\u{200D}',
            '\u{2060}',
            '\u{FEFF}',
            '\u{00AD}',
            '\u{E0041}',
        ] {
            assert_eq!(
                clean_line(&format!("Ab{c}la")),
                "Abla",
                "U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn line_turns_breaks_into_single_spaces_and_drops_other_controls() {
        assert_eq!(
            clean_line("  Abdurehim\r\n\tTursun \u{3000} "),
            "Abdurehim Tursun"
        );
        assert_eq!(clean_line("Ab\u{0}du\u{7F}re\u{9B}him"), "Abdurehim");
        assert_eq!(clean_line("Gül\u{00A0}\u{00A0}nur"), "Gül nur");
    }

    #[test]
    fn line_normalizes_to_nfc() {
        // "ü" as u + combining diaeresis, split by a zero-width space that is removed first.
        assert_eq!(clean_line("Gu\u{200B}\u{0308}lnar"), "G\u{00FC}lnar");
        // Arabic-script Uyghur is unchanged.
        assert_eq!(clean_line("ئابدۇرېھىم تۇرسۇن"), "ئابدۇرېھىم تۇرسۇن");
    }

    #[test]
    fn text_keeps_newlines_and_normalizes_them() {
        let raw = " line one\r\nline two\rthree\u{2028}four \n";
        assert_eq!(clean_text(raw), "line one\nline two\nthree\nfour");
        assert_eq!(clean_text("a\tb\u{1}c\u{202E}d"), "a bcd");
        assert_eq!(clean_text("a  b"), "a  b");
    }

    #[test]
    fn char_len_counts_scalar_values() {
        assert_eq!(char_len("ئابدۇ"), 5);
        assert_eq!(char_len("阿不都"), 3);
    }

    /// Characters likely to break a cleaner: controls, invisibles, combining marks, spaces,
    /// Arabic, Hangul jamo (which compose under NFC), plus anything at all.
    pub(crate) fn tricky_char() -> impl Strategy<Value = char> {
        prop_oneof![
            any::<char>(),
            prop::sample::select(vec![
                '\n',
                '\r',
                '\t',
                '\u{0}',
                '\u{85}',
                '\u{A0}',
                '\u{2028}',
                '\u{3000}',
                ' ',
                '\u{200B}',
                '\u{200C}',
                '\u{200D}',
                '\u{202E}',
                '\u{2067}',
                '\u{FEFF}',
                '\u{061C}',
                '\u{E0020}',
                '\u{0301}',
                '\u{0308}',
                '\u{0327}',
                'e',
                'u',
                'A',
                '\u{1100}',
                '\u{1161}',
                '\u{11A8}',
                '\u{2000}',
                '\u{2001}',
                '·',
                '<',
            ]),
            prop::char::range('\u{0600}', '\u{06FF}'),
            prop::char::range('\u{0300}', '\u{036F}'),
        ]
    }

    pub(crate) fn tricky_string(max: usize) -> impl Strategy<Value = String> {
        prop::collection::vec(tricky_char(), 0..=max).prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        #[test]
        fn clean_line_is_idempotent(s in tricky_string(200)) {
            let once = clean_line(&s);
            prop_assert_eq!(clean_line(&once), once);
        }

        #[test]
        fn clean_text_is_idempotent(s in tricky_string(200)) {
            let once = clean_text(&s);
            prop_assert_eq!(clean_text(&once), once);
        }

        #[test]
        fn clean_line_output_is_hygienic(s in tricky_string(200)) {
            let out = clean_line(&s);
            prop_assert!(is_nfc(&out));
            prop_assert!(!out.chars().any(|c| c.is_control() || is_invisible(c)));
            prop_assert!(!out.contains("  "));
            prop_assert_eq!(out.trim(), out.as_str());
            prop_assert!(!out.chars().any(|c| c.is_whitespace() && c != ' '));
        }

        #[test]
        fn clean_text_output_is_hygienic(s in tricky_string(200)) {
            let out = clean_text(&s);
            prop_assert!(is_nfc(&out));
            prop_assert!(!out.chars().any(|c| (c.is_control() && c != '\n') || is_invisible(c)));
            prop_assert_eq!(out.trim(), out.as_str());
        }
    }
}
