//! Server-generated account handles such as `amber-river-4821`
//! (security.md §5 "Identity": a SecureDrop-style codename, no email needed).
//!
//! A handle is two words from a bundled list of over 1,200 short, common,
//! neutral English words plus four digits: with today's 1,211 words that is
//! 1,211² × 10⁴ ≈ 1.5 × 10¹⁰ handles (about 34 bits). A handle is an identifier, not a secret — the
//! passphrase is the secret — so this only needs to make collisions rare
//! and handles hard to guess in bulk; the caller still checks uniqueness
//! and draws again on a clash. The words avoid anything that could hint at
//! the service's purpose or embarrass a family if the handle is seen.

use std::sync::LazyLock;

use rand::Rng;

static WORDS: LazyLock<Vec<&'static str>> =
    LazyLock::new(|| include_str!("words.txt").lines().collect());

const MIN_WORD: usize = 3;
const MAX_WORD: usize = 7;
const DIGITS: usize = 4;

/// A fresh random handle, `word-word-dddd`, from the thread-local CSPRNG.
pub fn generate_handle() -> String {
    let words = &*WORDS;
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
    fn word_list_is_clean() {
        let words = &*WORDS;
        assert!(words.len() >= 1_000, "{}", words.len());
        let unique: HashSet<_> = words.iter().collect();
        assert_eq!(unique.len(), words.len(), "duplicates in words.txt");
        for w in words {
            assert!((MIN_WORD..=MAX_WORD).contains(&w.len()), "{w}");
            assert!(w.bytes().all(|c| c.is_ascii_lowercase()), "{w}");
        }
        // Words that could reveal the service or endanger a user.
        for banned in [
            "family", "search", "uyghur", "camp", "lost", "find", "seek", "exile", "home", "kin",
            "link", "mother", "father", "sister", "brother", "child", "refuge", "border", "prison",
            "police", "state", "party", "flag", "nation", "war", "gun", "kill", "blood", "god",
            "church", "mosque", "pig", "wine", "beer", "cotton", "missing",
        ] {
            assert!(!unique.contains(&banned), "{banned}");
        }
    }

    #[test]
    fn generated_handles_have_the_shape() {
        for _ in 0..1_000 {
            let h = generate_handle();
            assert_eq!(normalize_handle(&h).as_deref(), Some(h.as_str()), "{h}");
            let parts: Vec<_> = h.split('-').collect();
            assert!(
                WORDS.contains(&parts[0]) && WORDS.contains(&parts[1]),
                "{h}"
            );
        }
    }

    #[test]
    fn generated_handles_vary() {
        let set: HashSet<_> = (0..200).map(|_| generate_handle()).collect();
        // 200 draws from ~10¹⁰: a repeat means the RNG is broken.
        assert_eq!(set.len(), 200);
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
