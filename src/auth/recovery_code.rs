//! Account recovery codes (security.md §5: single-use recovery codes, stored hashed).
//!
//! A code is 20 Crockford base32 symbols (100 random bits) shown as five groups of four, e.g.
//! `K7Q2-9XMD-4H8P-0TRW-G5ZB`: short enough to copy by hand from a phone, one per line.
//! Crockford's alphabet has no I, L, O or U, and on input `I`/`L` read as 1 and `O` as 0, so
//! codes copied by hand survive. Input is case-insensitive and may omit or add hyphens and
//! spaces. Codes of the earlier, longer form (28 symbols) are still accepted, so nobody's
//! written-down codes stop working.
//!
//! 100 bits is out of reach of any guessing: online, recovery is throttled per login and per
//! source; offline, the digest is an HMAC under a key that lives outside the database, and
//! even with that key 2¹⁰⁰ guesses cannot be made. So a fast keyed hash is enough to store
//! them; a slow hash would add nothing.

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const SYMBOLS: usize = 20;
/// The length of codes issued before the shorter form; still accepted.
const LEGACY_SYMBOLS: usize = 28;
const GROUP: usize = 4;
const DIGEST_LABEL: &[u8] = b"kinlink recovery code v1\0";

/// `n` fresh codes, formatted for display. Generation draws from the OS
/// CSPRNG; on its failure this panics rather than hand out weak codes.
pub fn generate_recovery_codes(n: usize) -> Vec<String> {
    (0..n).map(|_| generate_one()).collect()
}

fn generate_one() -> String {
    let mut bytes = zeroize::Zeroizing::new([0u8; SYMBOLS]);
    getrandom::fill(bytes.as_mut()).expect("OS random number generator failed");
    let mut out = String::with_capacity(SYMBOLS + SYMBOLS / GROUP);
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 && i % GROUP == 0 {
            out.push('-');
        }
        // The low 5 bits of a uniform byte are uniform: 5 bits per symbol.
        out.push(char::from(ALPHABET[usize::from(b & 0x1f)]));
    }
    out
}

/// Canonical form for hashing: 20 (or, for codes of the earlier form, 28) upper-case symbols,
/// no separators. `None` if the input cannot be a code.
pub fn normalize_recovery_code(input: &str) -> Option<String> {
    let mut out = String::with_capacity(LEGACY_SYMBOLS);
    for c in input.chars() {
        if c == '-' || c.is_whitespace() {
            continue;
        }
        let c = match c.to_ascii_uppercase() {
            'I' | 'L' => '1',
            'O' => '0',
            c if c.is_ascii() && ALPHABET.contains(&(c as u8)) => c,
            _ => return None,
        };
        if out.len() == LEGACY_SYMBOLS {
            return None;
        }
        out.push(c);
    }
    (out.len() == SYMBOLS || out.len() == LEGACY_SYMBOLS).then_some(out)
}

/// HMAC-SHA256 of a normalised code under a dedicated server key; this is
/// what the database stores and looks up.
pub fn recovery_code_digest(key: &[u8; 32], normalized: &str) -> [u8; 32] {
    let mut mac =
        <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(DIGEST_LABEL);
    mac.update(normalized.as_bytes());
    mac.finalize().into_bytes().into()
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    const KEY: [u8; 32] = [3; 32];

    #[test]
    fn format() {
        let codes = generate_recovery_codes(10);
        assert_eq!(codes.len(), 10);
        for code in &codes {
            assert_eq!(code.len(), 24, "{code}");
            let groups: Vec<_> = code.split('-').collect();
            assert_eq!(groups.len(), 5);
            assert!(groups.iter().all(|g| g.len() == 4));
            assert!(
                code.bytes().all(|b| b == b'-' || ALPHABET.contains(&b)),
                "{code}"
            );
            assert!(!code.contains(['I', 'L', 'O', 'U']));
        }
        let unique: HashSet<_> = codes.iter().collect();
        assert_eq!(unique.len(), 10);
    }

    #[test]
    fn symbols_are_spread_over_the_alphabet() {
        // 3,000 symbols: every one of the 32 should appear; a stuck bit would
        // halve the set.
        let seen: HashSet<char> = generate_recovery_codes(150)
            .concat()
            .chars()
            .filter(|&c| c != '-')
            .collect();
        assert_eq!(seen.len(), 32);
    }

    #[test]
    fn normalization_tolerates_human_input() {
        let code = "K7Q2-9XMD-4H8P-0TRW-1YSE";
        let want = Some("K7Q29XMD4H8P0TRW1YSE".to_string());
        assert_eq!(normalize_recovery_code(code), want);
        assert_eq!(normalize_recovery_code(&code.to_lowercase()), want);
        assert_eq!(normalize_recovery_code(&code.replace('-', "")), want);
        assert_eq!(normalize_recovery_code(&code.replace('-', " ")), want);
        assert_eq!(
            normalize_recovery_code(" k7q2 9xmd-4h8p 0trw lyse "),
            want,
            "l read as 1"
        );
        assert_eq!(
            normalize_recovery_code("K7Q2-9XMD-4H8P-OTRW-IYSE"),
            want,
            "O read as 0, I as 1"
        );
    }

    #[test]
    fn codes_of_the_earlier_longer_form_still_work() {
        let code = "K7Q2-9XMD-4H8P-0TRW-G5ZB-N3VC-1YSE";
        let want = Some("K7Q29XMD4H8P0TRWG5ZBN3VC1YSE".to_string());
        assert_eq!(normalize_recovery_code(code), want);
        assert_eq!(normalize_recovery_code(&code.to_lowercase()), want);
        assert_eq!(normalize_recovery_code(&code.replace('-', "")), want);
        assert_eq!(normalize_recovery_code(&code.replace('-', " ")), want);
        assert_eq!(
            normalize_recovery_code(" k7q2 9xmd-4h8p 0trw g5zb n3vc lyse "),
            want,
            "l read as 1"
        );
        assert_eq!(
            normalize_recovery_code("K7Q2-9XMD-4H8P-OTRW-G5ZB-N3VC-IYSE"),
            want,
            "O read as 0, I as 1"
        );
    }

    #[test]
    fn normalization_rejects_non_codes() {
        for input in [
            "",
            "K7Q2-9XMD-4H8P-0TRW-1YS",
            "K7Q2-9XMD-4H8P-0TRW-1YSEE",
            "K7Q2-9XMD-4H8P-0TRW-G5ZB-N3VC",
            "K7Q2-9XMD-4H8P-0TRW-G5ZB-N3VC-1YS",
            "K7Q2-9XMD-4H8P-0TRW-G5ZB-N3VC-1YSEE",
            "K7Q2-9XMD-4H8P-0TRW-G5ZB-N3VC-1YSU",
            "K7Q2_9XMD_4H8P_0TRW_G5ZB_N3VC_1YSE",
            "K7Q2-9XMD-4H8P-0TRW-G5ZB-N3VC-1YS\u{c9}",
        ] {
            assert_eq!(normalize_recovery_code(input), None, "{input:?}");
        }
    }

    #[test]
    fn generated_codes_round_trip() {
        for code in generate_recovery_codes(20) {
            let n = normalize_recovery_code(&code).unwrap();
            assert_eq!(n, code.replace('-', ""));
        }
    }

    #[test]
    fn digest_is_keyed_and_deterministic() {
        let n = "K7Q29XMD4H8P0TRWG5ZBN3VC1YSE";
        let d = recovery_code_digest(&KEY, n);
        assert_eq!(d, recovery_code_digest(&KEY, n));
        assert_ne!(d, recovery_code_digest(&[4; 32], n));
        assert_ne!(
            d,
            recovery_code_digest(&KEY, "K7Q29XMD4H8P0TRWG5ZBN3VC1YSF")
        );
        // Known answer, computed with Python's hmac module; pins the label
        // so stored digests stay valid across refactors.
        assert_eq!(
            hex::encode(d),
            "f696bfffc20e627e20d8c8d3b453c80b1be73810a46038c65c2a352810eab748"
        );
    }
}
