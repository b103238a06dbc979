//! Server-generated account handles such as `amber-river-4821` or, for people who sign up in
//! Uyghur, `bulut-anar-4821` (security.md §5 "Identity": a SecureDrop-style codename, no email
//! needed).
//!
//! A handle is two words from a bundled list in the sign-up language plus four digits, so it
//! is easy to say and remember: English has over 1,200 short, common, neutral words (1,211² ×
//! 10⁴ ≈ 1.5 × 10¹⁰ handles, about 34 bits); Uyghur, written in Uyghur Latin letters a–z only,
//! has over 250 (276² × 10⁴ ≈ 7.6 × 10⁸, about 30 bits). A handle is an identifier, not a
//! secret — the passphrase is the secret — so this only needs to make collisions rare and
//! handles hard to guess in bulk; the caller still checks uniqueness (by blind index) and
//! draws again on a clash. The words avoid anything that could hint at the service's purpose
//! or embarrass a family if the handle is seen. Both lists have the same shape, so every
//! handle parses with [`normalize_handle`] whatever its language.

use std::sync::LazyLock;

use rand::Rng;

/// Which bundled word list a handle is drawn from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandleWords {
    English,
    /// Uyghur in Uyghur Latin script (ULY), ASCII letters only.
    UyghurLatin,
}

/// The words of a list file: the first word of each line; `#` lines are comments.
fn load(text: &'static str) -> Vec<&'static str> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .collect()
}

static ENGLISH: LazyLock<Vec<&'static str>> = LazyLock::new(|| load(include_str!("words.txt")));
static UYGHUR_LATIN: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| load(include_str!("words-ug.txt")));

impl HandleWords {
    pub fn words(self) -> &'static [&'static str] {
        match self {
            HandleWords::English => &ENGLISH,
            HandleWords::UyghurLatin => &UYGHUR_LATIN,
        }
    }
}

const MIN_WORD: usize = 3;
const MAX_WORD: usize = 7;
const DIGITS: usize = 4;

/// A fresh random handle, `word-word-dddd`, from the thread-local CSPRNG.
pub fn generate_handle(list: HandleWords) -> String {
    let words = list.words();
    let mut rng = rand::rng();
    let a = words[rng.random_range(0..words.len())];
    let b = words[rng.random_range(0..words.len())];
    let n: u16 = rng.random_range(0..10_000);
    format!("{a}-{b}-{n:04}")
}

/// Canonical form of a handle as a person might type it: trimmed,
/// lower-cased, with spaces, underscores or typographic dashes (phones
/// turn `-` into `–`) accepted between the parts. `None` if it is not of
/// the handle shape; whether the words are in today's list is not checked,
/// so a later change to the list cannot lock anyone out.
pub fn normalize_handle(input: &str) -> Option<String> {
    let lower = input.trim().to_lowercase();
    let parts: Vec<&str> = lower
        .split(is_separator)
        .filter(|s| !s.is_empty())
        .collect();
    let [a, b, n] = parts.as_slice() else {
        return None;
    };
    let word = |w: &str| {
        (MIN_WORD..=MAX_WORD).contains(&w.len()) && w.bytes().all(|c| c.is_ascii_lowercase())
    };
    let number = n.len() == DIGITS && n.bytes().all(|c| c.is_ascii_digit());
    (word(a) && word(b) && number).then(|| format!("{a}-{b}-{n}"))
}

fn is_separator(c: char) -> bool {
    matches!(c, '-' | '_' | '\u{2010}'..='\u{2015}' | '\u{2212}') || c.is_whitespace()
}

/// True if the input looks like an email address rather than a handle, so
/// the login form can say "sign in with your handle" (this depends only on
/// the shape of the input, so it reveals nothing about accounts).
pub fn looks_like_email(s: &str) -> bool {
    let s = s.trim();
    let Some((local, domain)) = s.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && !s.chars().any(char::is_whitespace)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn word_lists_are_clean() {
        for (list, at_least) in [
            (HandleWords::English, 1_000),
            (HandleWords::UyghurLatin, 250),
        ] {
            let words = list.words();
            assert!(words.len() >= at_least, "{list:?}: {}", words.len());
            let unique: HashSet<_> = words.iter().collect();
            assert_eq!(unique.len(), words.len(), "duplicates in {list:?}");
            for w in words {
                assert!((MIN_WORD..=MAX_WORD).contains(&w.len()), "{w}");
                assert!(w.bytes().all(|c| c.is_ascii_lowercase()), "{w}");
            }
            // Words that could reveal the service or endanger or shame a user, in English and
            // in Uyghur (Latin letters as a person would type them).
            for banned in [
                "family", "search", "uyghur", "camp", "lost", "find", "seek", "exile", "home",
                "kin", "link", "mother", "father", "sister", "brother", "child", "refuge",
                "border", "prison", "police", "state", "party", "flag", "nation", "war", "gun",
                "kill", "blood", "god", "church", "mosque", "pig", "wine", "beer", "cotton",
                "missing", "ana", "ata", "bala", "aka", "uka", "hede", "singil", "tughqan", "aile",
                "izde", "izdesh", "yoqal", "ayril", "weten", "yurt", "xitay", "lager", "tutqun",
                "qamaq", "saqchi", "erkin", "azad", "bayraq", "partiye", "musapir", "muhajir",
                "mektep", "meschit", "namaz", "roza", "xuda", "alla", "haraq", "sharap", "piwa",
                "tongguz", "it", "eshek", "kala", "toxu", "paxta", "qan", "olum", "oltur",
                "meshrep", "doppa", "ilham",
            ] {
                assert!(!unique.contains(&banned), "{list:?}: {banned}");
            }
        }
    }

    #[test]
    fn generated_handles_have_the_shape() {
        for list in [HandleWords::English, HandleWords::UyghurLatin] {
            for _ in 0..1_000 {
                let h = generate_handle(list);
                assert_eq!(normalize_handle(&h).as_deref(), Some(h.as_str()), "{h}");
                let parts: Vec<_> = h.split('-').collect();
                assert!(
                    list.words().contains(&parts[0]) && list.words().contains(&parts[1]),
                    "{h}"
                );
            }
        }
    }

    #[test]
    fn generated_handles_vary() {
        for list in [HandleWords::English, HandleWords::UyghurLatin] {
            let set: HashSet<_> = (0..200).map(|_| generate_handle(list)).collect();
            // 200 draws from ~10⁹ or more: a repeat means the RNG is broken.
            assert_eq!(set.len(), 200);
        }
    }

    #[test]
    fn normalize_accepts_human_variants() {
        let want = Some("amber-river-4821".to_string());
        for input in [
            "amber-river-4821",
            "  Amber-River-4821 ",
            "AMBER RIVER 4821",
            "amber_river_4821",
            "amber  river - 4821",
            "amber\u{2013}river\u{2013}4821",
            "amber\triver\n4821",
        ] {
            assert_eq!(normalize_handle(input), want, "{input:?}");
        }
        assert_eq!(
            normalize_handle("amber-river-0042").as_deref(),
            Some("amber-river-0042")
        );
    }

    #[test]
    fn normalize_rejects_other_shapes() {
        for input in [
            "",
            "amber-river",
            "amber-river-482",
            "amber-river-48210",
            "amber-river-4821-x",
            "am-river-4821",
            "amberriver-river-4821",
            "amb3r-river-4821",
            "ämber-river-4821",
            "amber-river-４８２１",
            "4821-amber-river",
            "someone@example.org",
        ] {
            assert_eq!(normalize_handle(input), None, "{input:?}");
        }
    }

    #[test]
    fn email_detection() {
        assert!(looks_like_email("someone@example.org"));
        assert!(looks_like_email("  first.last+tag@mail.example.co.uk "));
        assert!(!looks_like_email("amber-river-4821"));
        assert!(!looks_like_email("@example.org"));
        assert!(!looks_like_email("someone@localhost"));
        assert!(!looks_like_email("someone@example."));
        assert!(!looks_like_email("some one@example.org"));
    }
}
