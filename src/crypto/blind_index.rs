//! The one blind index: a full-length HMAC-SHA256 of the login identifier
//! (security.md §3). Full 32 bytes, because this index must be unique and
//! must not collide; truncated indexes are only for deliberate blocking.

use std::fmt;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use super::encoding::put_lp;
use super::keyring::SecretKey;

type HmacSha256 = Hmac<Sha256>;

/// Computes blind indexes with the `LoginBlindIndex` key.
pub struct BlindIndex {
    key: SecretKey,
}

impl BlindIndex {
    /// Takes the key from `keyring.derive(Purpose::LoginBlindIndex)`.
    pub fn new(key: SecretKey) -> BlindIndex {
        BlindIndex { key }
    }

    /// `HMAC-SHA256(key, lp(kind) ‖ lp(value))`. `kind` ("handle", "email")
    /// is bound in so equal strings of different kinds never share an index.
    /// The caller normalises `value` first (see [`normalize_email`]).
    pub fn index(&self, kind: &str, normalized_value: &str) -> [u8; 32] {
        let mut msg = Vec::with_capacity(16 + kind.len() + normalized_value.len());
        put_lp(&mut msg, kind.as_bytes());
        put_lp(&mut msg, normalized_value.as_bytes());
        let out = hmac_sha256(&self.key, &msg);
        zeroize::Zeroize::zeroize(&mut msg);
        out
    }
}

impl fmt::Debug for BlindIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BlindIndex([redacted])")
    }
}

fn hmac_sha256(key: &SecretKey, msg: &[u8]) -> [u8; 32] {
    let mut mac = <HmacSha256 as KeyInit>::new_from_slice(key.expose_secret())
        .expect("HMAC takes any key length");
    mac.update(msg);
    mac.finalize().into_bytes().into()
}

/// Normalises an email for indexing: surrounding whitespace removed,
/// lowercased (Unicode-aware). The local part is lowercased too: treating
/// `Ayse@x` and `ayse@x` as two accounts would only help enumeration.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Keyed pseudonym for a registrant in the audit log (64 hex digits), from the
/// `RegistrantPseudonym` key. Stable per account so an auditor can follow one
/// registrant's events, but meaningless without the key.
pub fn registrant_pseudonym(key: &SecretKey, account_id: &str) -> String {
    let mut msg = Vec::with_capacity(32 + account_id.len());
    put_lp(&mut msg, b"registrant");
    put_lp(&mut msg, account_id.as_bytes());
    hex::encode(hmac_sha256(key, &msg))
}

/// Keyed pseudonym for a staff member as a registrant's access history names them: stable,
/// so a family can tell one caseworker from another, but it names nobody.
pub fn staff_pseudonym(key: &SecretKey, staff_id: &str) -> String {
    let mut msg = Vec::with_capacity(32 + staff_id.len());
    put_lp(&mut msg, b"staff");
    put_lp(&mut msg, staff_id.as_bytes());
    hex::encode(&hmac_sha256(key, &msg)[..4])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crypto::{Keyring, Purpose};
    use proptest::prelude::*;

    #[test]
    fn matches_independent_hmac_vector() {
        // Python: hmac.new(bytes([7]*32), lp(b"email") + lp(b"ayse@example.org"),
        // sha256), lp = 8-byte big-endian length prefix.
        let bi = BlindIndex::new(SecretKey::from_bytes([7; 32]));
        assert_eq!(
            hex::encode(bi.index("email", "ayse@example.org")),
            "79c92504ae371f2f05e5102e4c6e657d5742b47dca0580adb47984bcdd8fdfdc"
        );
        assert_eq!(
            registrant_pseudonym(&SecretKey::from_bytes([7; 32]), "acct-1"),
            "4c056f557b220ff06b0cdca6e5b8e27f03aeafbf6944186e81617168a1b07215"
        );
    }

    #[test]
    fn kind_and_key_separate_indexes() {
        let keyring = Keyring::generate();
        let bi = BlindIndex::new(keyring.derive(Purpose::LoginBlindIndex));
        let a = bi.index("handle", "amber-falcon");
        assert_eq!(a, bi.index("handle", "amber-falcon"));
        assert_ne!(a, bi.index("email", "amber-falcon"));
        assert_ne!(a, bi.index("handle", "amber-falcon2"));
        // Length prefixes: moving the boundary changes the index.
        assert_ne!(bi.index("ab", "c"), bi.index("a", "bc"));
        let other = BlindIndex::new(Keyring::generate().derive(Purpose::LoginBlindIndex));
        assert_ne!(a, other.index("handle", "amber-falcon"));
        assert_eq!(format!("{bi:?}"), "BlindIndex([redacted])");
    }

    #[test]
    fn email_normalisation() {
        assert_eq!(
            normalize_email("  Ayşe.Yılmaz@Example.ORG \n"),
            "ayşe.yılmaz@example.org"
        );
        let bi = BlindIndex::new(SecretKey::from_bytes([1; 32]));
        assert_eq!(
            bi.index("email", &normalize_email("A@B.C ")),
            bi.index("email", &normalize_email("a@b.c"))
        );
    }

    #[test]
    fn pseudonyms_are_keyed_and_distinct() {
        let keyring = Keyring::generate();
        let key = keyring.derive(Purpose::RegistrantPseudonym);
        let p = registrant_pseudonym(&key, "acct-1");
        assert_eq!(p.len(), 64);
        assert_eq!(p, registrant_pseudonym(&key, "acct-1"));
        assert_ne!(p, registrant_pseudonym(&key, "acct-2"));
        // Same root, different label: never equal to the login index.
        let bi = BlindIndex::new(keyring.derive(Purpose::LoginBlindIndex));
        assert_ne!(p, hex::encode(bi.index("registrant", "acct-1")));
    }

    proptest! {
        #[test]
        fn prop_normalize_email_is_idempotent(s in ".{0,40}") {
            let once = normalize_email(&s);
            prop_assert_eq!(normalize_email(&once), once);
        }
    }
}
