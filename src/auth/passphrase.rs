//! Passphrase policy (security.md §5; ASVS 6.2.1, 6.2.9, 6.2.12).
//!
//! Length only, no composition rules, plus a bundled offline list of
//! breached passwords: no network look-up, so nothing about a registrant's
//! passphrase ever leaves the server.

use std::collections::HashSet;
use std::io::Read;
use std::sync::LazyLock;

use flate2::read::GzDecoder;
use unicode_normalization::UnicodeNormalization;
use zeroize::Zeroizing;

/// Minimum length in Unicode scalar values after NFC.
pub const MIN_CHARS: usize = 12;
/// Maximum length in Unicode scalar values after NFC; well above the
/// ASVS floor of 64 while bounding the Argon2 input.
pub const MAX_CHARS: usize = 256;

/// The UK NCSC's top-100k list from Have I Been Pwned, notice stripped
/// (see assets/README.md).
static BREACHED_GZ: &[u8] = include_bytes!("../../assets/pwned-passwords-top100k.txt.gz");

/// Decompressed once, on first use, so start-up and unrelated tests don't pay.
static BREACHED: LazyLock<HashSet<String>> = LazyLock::new(|| {
    let mut text = String::new();
    // The asset is compiled in; failing to decode it is a build defect.
    GzDecoder::new(BREACHED_GZ)
        .read_to_string(&mut text)
        .expect("bundled breached-password list is valid gzip UTF-8");
    text.lines()
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect()
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PassphraseError {
    #[error("passphrase must be at least {MIN_CHARS} characters")]
    TooShort,
    #[error("passphrase must be at most {MAX_CHARS} characters")]
    TooLong,
    #[error("passphrase appears in a list of breached passwords")]
    Breached,
}

impl PassphraseError {
    /// Stable code for API bodies and translations.
    pub fn code(&self) -> &'static str {
        match self {
            Self::TooShort => "passphrase_too_short",
            Self::TooLong => "passphrase_too_long",
            Self::Breached => "passphrase_breached",
        }
    }
}

/// NFC form of a passphrase. The hasher uses the same form, so a passphrase
/// typed on a device that composes accents differently still matches.
pub fn normalize_passphrase(p: &str) -> Zeroizing<String> {
    Zeroizing::new(p.nfc().collect())
}

/// Checks a new passphrase against the policy.
pub fn check_passphrase(p: &str) -> Result<(), PassphraseError> {
    let nfc = normalize_passphrase(p);
    let chars = nfc.chars().count();
    if chars < MIN_CHARS {
        return Err(PassphraseError::TooShort);
    }
    if chars > MAX_CHARS {
        return Err(PassphraseError::TooLong);
    }
    if is_breached(&nfc) {
        return Err(PassphraseError::Breached);
    }
    Ok(())
}

/// True if the passphrase, as given or lower-cased, is in the bundled list;
/// lower-casing catches "QWERTY123456" and the like.
pub fn is_breached(p: &str) -> bool {
    let list = &*BREACHED;
    if list.contains(p) {
        return true;
    }
    let lower = Zeroizing::new(p.to_lowercase());
    list.contains(lower.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_is_loaded_without_the_notice() {
        // 100,000 lines, a few dozen of them duplicates in the source.
        assert!(BREACHED.len() > 99_900, "{}", BREACHED.len());
        assert!(BREACHED.contains("123456"));
        // The notice starts with "***  Please note"; "*****" is a real entry.
        assert!(
            !BREACHED
                .iter()
                .any(|l| l.contains("Please note") || l.contains("ncsc.gov.uk"))
        );
        assert!(!BREACHED.contains("--"));
    }

    #[test]
    fn breached_entry_of_twelve_or_more_chars_is_refused() {
        // Both are in the NCSC list and long enough to pass the length rule.
        for p in ["qwerty123456", "iloveyou1234", "passwordpassword"] {
            assert!(p.chars().count() >= MIN_CHARS);
            assert_eq!(check_passphrase(p), Err(PassphraseError::Breached), "{p}");
        }
    }

    #[test]
    fn upper_case_variant_is_refused() {
        assert_eq!(
            check_passphrase("QWERTY123456"),
            Err(PassphraseError::Breached)
        );
        assert_eq!(
            check_passphrase("PasswordPassword"),
            Err(PassphraseError::Breached)
        );
    }

    #[test]
    fn five_word_passphrase_is_accepted() {
        assert_eq!(
            check_passphrase("copper lantern orchid velvet harbor"),
            Ok(())
        );
    }

    #[test]
    fn length_bounds_count_scalar_values_after_nfc() {
        assert_eq!(
            check_passphrase("short one"),
            Err(PassphraseError::TooShort)
        );
        // 11 characters, 22 bytes: bytes must not count.
        let eleven = "ééééééééééé";
        assert_eq!(check_passphrase(eleven), Err(PassphraseError::TooShort));
        // "e" + combining acute is two scalars decomposed, one after NFC:
        // 12 decomposed pairs are 24 scalars but 12 characters.
        let decomposed = "e\u{301}".repeat(11);
        assert_eq!(decomposed.chars().count(), 22);
        assert_eq!(
            check_passphrase(&decomposed),
            Err(PassphraseError::TooShort)
        );
        assert_eq!(check_passphrase(&"e\u{301}".repeat(12)), Ok(()));

        let max = "ab".repeat(MAX_CHARS / 2);
        assert_eq!(check_passphrase(&max), Ok(()));
        let over = format!("{max}c");
        assert_eq!(check_passphrase(&over), Err(PassphraseError::TooLong));
    }

    #[test]
    fn codes_are_stable() {
        assert_eq!(PassphraseError::TooShort.code(), "passphrase_too_short");
        assert_eq!(PassphraseError::TooLong.code(), "passphrase_too_long");
        assert_eq!(PassphraseError::Breached.code(), "passphrase_breached");
    }
}
