//! Short one-time codes sent by email (verify an address, recover an
//! opted-in account).
//!
//! Eight digits is 26.6 bits, so a code is only safe together with a short
//! expiry, single use and an attempt limit (the caller's
//! [`RateLimiter`](super::throttle::RateLimiter)). The stored digest is an
//! HMAC bound to the purpose and the account, so a code issued to verify an
//! address cannot be replayed to recover an account, nor one account's code
//! used on another.

use hmac::{Hmac, KeyInit, Mac};
use rand::Rng;
use sha2::Sha256;

/// Digits in an email code.
pub const EMAIL_CODE_DIGITS: usize = 8;
const DIGEST_LABEL: &[u8] = b"kinlink email code v1\0";

/// A fresh, uniformly random 8-digit code (leading zeros kept).
pub fn generate_email_code() -> String {
    let n: u32 = rand::rng().random_range(0..100_000_000);
    format!("{n:08}")
}

/// The code as typed: spaces and hyphens dropped (mail clients and people
/// split long numbers); `None` unless exactly 8 ASCII digits remain.
pub fn normalize_email_code(input: &str) -> Option<String> {
    let code: String = input
        .chars()
        .filter(|&c| c != '-' && !c.is_whitespace())
        .collect();
    (code.len() == EMAIL_CODE_DIGITS && code.bytes().all(|b| b.is_ascii_digit())).then_some(code)
}

fn mac(key: &[u8; 32], purpose: &str, account_id: &str, code: &str) -> Hmac<Sha256> {
    let mut mac =
        <Hmac<Sha256> as KeyInit>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(DIGEST_LABEL);
    // Length prefixes keep ("ab", "c") and ("a", "bc") apart.
    for part in [purpose, account_id, code] {
        mac.update(&(part.len() as u64).to_be_bytes());
        mac.update(part.as_bytes());
    }
    mac
}

/// Digest to store when a code is issued.
pub fn email_code_digest(key: &[u8; 32], purpose: &str, account_id: &str, code: &str) -> [u8; 32] {
    mac(key, purpose, account_id, code)
        .finalize()
        .into_bytes()
        .into()
}

/// Checks a typed code against the stored digest in constant time.
pub fn verify_email_code(
    key: &[u8; 32],
    purpose: &str,
    account_id: &str,
    typed: &str,
    stored: &[u8; 32],
) -> bool {
    match normalize_email_code(typed) {
        Some(code) => mac(key, purpose, account_id, &code)
            .verify_slice(stored)
            .is_ok(),
        None => false,
    }
}

/// Constant-time equality of two digests or tokens: the time taken does not
/// depend on where they first differ (only on their length, which is public).
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff = a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y));
    // Keeps the optimiser from turning the fold into an early-exit compare.
    std::hint::black_box(diff) == 0
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    const KEY: [u8; 32] = [9; 32];

    #[test]
    fn codes_are_eight_digits_and_vary() {
        let codes: Vec<_> = (0..500).map(|_| generate_email_code()).collect();
        for c in &codes {
            assert_eq!(c.len(), 8, "{c}");
            assert!(c.bytes().all(|b| b.is_ascii_digit()), "{c}");
        }
        let unique: HashSet<_> = codes.iter().collect();
        assert!(unique.len() >= 495);
        // Each position sees all ten digits over 500 codes.
        for pos in 0..8 {
            let digits: HashSet<u8> = codes.iter().map(|c| c.as_bytes()[pos]).collect();
            assert_eq!(digits.len(), 10, "position {pos}");
        }
    }

    #[test]
    fn normalization() {
        assert_eq!(
            normalize_email_code("1234 5678").as_deref(),
            Some("12345678")
        );
        assert_eq!(
            normalize_email_code(" 0012-3456 ").as_deref(),
            Some("00123456")
        );
        assert_eq!(normalize_email_code("1234567"), None);
        assert_eq!(normalize_email_code("123456789"), None);
        assert_eq!(normalize_email_code("1234567a"), None);
        assert_eq!(normalize_email_code("１２３４５６７８"), None);
    }

    #[test]
    fn digest_binds_purpose_account_and_code() {
        let d = email_code_digest(&KEY, "verify_email", "acct-1", "12345678");
        assert!(verify_email_code(
            &KEY,
            "verify_email",
            "acct-1",
            "1234 5678",
            &d
        ));
        assert!(!verify_email_code(
            &KEY, "recover", "acct-1", "12345678", &d
        ));
        assert!(!verify_email_code(
            &KEY,
            "verify_email",
            "acct-2",
            "12345678",
            &d
        ));
        assert!(!verify_email_code(
            &KEY,
            "verify_email",
            "acct-1",
            "12345679",
            &d
        ));
        assert!(!verify_email_code(
            &[1; 32],
            "verify_email",
            "acct-1",
            "12345678",
            &d
        ));
        assert!(!verify_email_code(
            &KEY,
            "verify_email",
            "acct-1",
            "garbage",
            &d
        ));
        // Field boundaries matter.
        assert_ne!(
            email_code_digest(&KEY, "ab", "c", "12345678"),
            email_code_digest(&KEY, "a", "bc", "12345678")
        );
    }

    #[test]
    fn constant_time_equality() {
        let a = email_code_digest(&KEY, "p", "a", "00000000");
        let mut b = a;
        assert!(constant_time_eq(&a, &b));
        b[31] ^= 1;
        assert!(!constant_time_eq(&a, &b));
        b = a;
        b[0] ^= 0x80;
        assert!(!constant_time_eq(&a, &b));
    }
}
