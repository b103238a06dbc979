//! Script detection by Unicode block.

use std::sync::OnceLock;

use serde::Serialize;

/// The writing system of a name or a token.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash, Serialize)]
pub enum Script {
    /// Uyghur (or Kazakh/Kyrgyz) Arabic script.
    Arabic,
    Cyrillic,
    Han,
    Latin,
    /// Letters from more than one script.
    Mixed,
    /// No letter of a supported script.
    Unknown,
}

/// The script of one character, if it is a letter of a supported script.
pub fn char_script(c: char) -> Option<Script> {
    let script = match c as u32 {
        0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
            Script::Arabic
        }
        0x0400..=0x052F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => Script::Cyrillic,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF => Script::Han,
        0x0041..=0x005A | 0x0061..=0x007A | 0x00C0..=0x024F | 0x0250..=0x02AF | 0x1E00..=0x1EFF => {
            Script::Latin
        }
        _ => return None,
    };
    is_alphabetic(c).then_some(script)
}

/// `char::is_alphabetic`, read for the Basic Multilingual Plane from a bitset built once:
/// the Unicode table search it replaces ran several times per character of every name.
pub fn is_alphabetic(c: char) -> bool {
    static BMP: OnceLock<Box<[u64]>> = OnceLock::new();
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    let cp = c as usize;
    if cp >= 0x10000 {
        return c.is_alphabetic();
    }
    let bits = BMP.get_or_init(|| {
        let mut bits = vec![0u64; 0x10000 / 64];
        for (cp, c) in (0..0x10000u32).filter_map(|cp| Some((cp as usize, char::from_u32(cp)?))) {
            if c.is_alphabetic() {
                bits[cp / 64] |= 1 << (cp % 64);
            }
        }
        bits.into_boxed_slice()
    });
    bits[cp / 64] >> (cp % 64) & 1 == 1
}

/// The script of a whole string: the one script all its letters share, `Mixed` if
/// several, `Unknown` if none.
pub fn detect_script(s: &str) -> Script {
    let mut found: Option<Script> = None;
    for script in s.chars().filter_map(char_script) {
        match found {
            None => found = Some(script),
            Some(f) if f != script => return Script::Mixed,
            Some(_) => {}
        }
    }
    found.unwrap_or(Script::Unknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alphabetic_bitset_agrees_with_the_standard_library() {
        for c in (0..0x11000u32).filter_map(char::from_u32) {
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{:#x}", c as u32);
        }
    }

    #[test]
    fn detects_each_script() {
        assert_eq!(detect_script("ئابدۇرېھىم تۇرسۇن"), Script::Arabic);
        assert_eq!(detect_script("Абдурехим Турсун"), Script::Cyrillic);
        assert_eq!(detect_script("阿不都热依木·吐尔逊"), Script::Han);
        assert_eq!(detect_script("Abdurëhim Tursun"), Script::Latin);
        assert_eq!(detect_script("Tursun'gül"), Script::Latin);
        assert_eq!(detect_script("Abdurehim 吐尔逊"), Script::Mixed);
        assert_eq!(detect_script("123 ·"), Script::Unknown);
    }
}
