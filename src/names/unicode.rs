//! Unicode hygiene and tokenisation (names.md §2.1 "Unicode hygiene", §4.1 step 1).
//!
//! Output tokens contain no separators, no invisible characters and no presentation
//! forms; the per-script converters can then rely on base letters only.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// Characters read from one input; longer input is cut (no real name is this long, and
/// the cap bounds the work an attacker can cause).
pub const MAX_INPUT_CHARS: usize = 256;
/// Name parts kept (own name, father's name, grandfather's name, surname, ...).
pub const MAX_PARTS: usize = 6;

/// True for characters that separate name parts: spaces, dots of every kind (PRC
/// documents write 名·父名, and web copies use • and ・), hyphens and underscores.
pub fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '·' | '•'
                | '・'
                | '‧'
                | '∙'
                | '⋅'
                | '.'
                | '。'
                | '-'
                | '_'
                | ','
                | '，'
                | '、'
                | '،'
                | '/'
                | '|'
                | '('
                | ')'
                | '['
                | ']'
                | '\u{2010}'..='\u{2015}' | '\u{2212}'
        )
}

/// Characters that carry nothing: tatweel, zero-width and bidi controls, soft hyphen,
/// combining Arabic vowel marks (harakat, never written in Uyghur).
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{0640}'
            | '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{064B}'..='\u{065F}'
            | '\u{0670}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// Arabic-script letters that may be written with a final-form Persian yeh.
fn is_arabic_vowel_letter(c: char) -> bool {
    matches!(c, 'ا' | 'ە' | 'و' | 'ۇ' | 'ۆ' | 'ۈ' | 'ې' | 'ى')
}

/// NFKC plus the Arabic-script fixes, then split into tokens.
pub fn tokens(input: &str) -> Vec<String> {
    let capped = input
        .char_indices()
        .nth(MAX_INPUT_CHARS)
        .map_or(input, |(end, _)| &input[..end]);
    // Most names are already NFKC (always so in ASCII): then normalising is the identity,
    // and the quick check costs far less than decomposing and recomposing.
    let normal: Vec<char> = if is_nfkc_quick(capped.chars()) == IsNormalized::Yes {
        capped.chars().filter(|&c| !is_invisible(c)).collect()
    } else {
        capped.nfkc().filter(|&c| !is_invisible(c)).collect()
    };
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for (i, &c) in normal.iter().enumerate() {
        if is_separator(c) {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            continue;
        }
        let c = match c {
            // Old fonts and Arabic keyboards write heh for ە (رابىيه = Rabiye).
            'ه' => 'ە',
            // Persian yeh: a vowel i unless a vowel follows, then the consonant y.
            'ی' => {
                if normal
                    .get(i + 1)
                    .copied()
                    .is_some_and(is_arabic_vowel_letter)
                {
                    'ي'
                } else {
                    'ى'
                }
            }
            // Arabic yeh between two consonants can only be the vowel i: keyboards
            // without Uyghur letters type ي for ى (ميجيت = مىجىت Mijit).
            'ي' if i > 0
                && !normal
                    .get(i - 1)
                    .copied()
                    .is_some_and(|p| is_arabic_vowel_letter(p) || p == 'ئ')
                && !normal
                    .get(i + 1)
                    .copied()
                    .is_some_and(is_arabic_vowel_letter) =>
            {
                'ى'
            }
            // Persian keheh is Uyghur kaf.
            'ک' => 'ك',
            c if c.is_control() => continue,
            c => c,
        };
        current.push(c);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out.retain(|t| t.chars().any(super::script::is_alphabetic));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_every_kind_of_dot() {
        for s in [
            "阿不都热依木·吐尔逊",
            "阿不都热依木•吐尔逊",
            "阿不都热依木・吐尔逊",
            "阿不都热依木 . 吐尔逊",
            "阿不都热依木．吐尔逊",
        ] {
            assert_eq!(tokens(s), vec!["阿不都热依木", "吐尔逊"], "{s}");
        }
    }

    #[test]
    fn presentation_forms_and_invisibles_are_cleaned() {
        // ﺋﺎﺑﺪﯗﺭﯦﮪﯩﻢ in presentation forms, with tatweel and ZWNJ.
        let dirty = "\u{FE8B}\u{FE8E}\u{FE91}\u{FEAA}\u{FBD7}\u{0640}\u{200C}\u{FEAD}\u{FBE6}\u{FBAA}\u{FBE9}\u{FEE2}";
        assert_eq!(tokens(dirty), vec!["ئابدۇرېھىم"]);
        assert_eq!(tokens("رابىيه"), vec!["رابىيە"]);
    }

    #[test]
    fn persian_yeh_depends_on_what_follows() {
        assert_eq!(tokens("تی"), vec!["تى"]);
        assert_eq!(tokens("یا"), vec!["يا"]);
    }

    #[test]
    fn arabic_yeh_between_consonants_is_a_vowel() {
        assert_eq!(tokens("ميجيت"), vec!["مىجىت"]);
        assert_eq!(tokens("ياسىن"), vec!["ياسىن"]);
        assert_eq!(tokens("ئايگۈل"), vec!["ئايگۈل"]);
    }

    #[test]
    fn tokens_without_letters_are_dropped() {
        assert_eq!(tokens("  1984 -- Ilham  "), vec!["Ilham"]);
        assert!(tokens("").is_empty());
    }
}
