//! Device tokens (OWASP's "device cookies"): after a successful sign-in the browser keeps a
//! token bound to that login. A later attempt presenting it is judged by the token's own delay,
//! not the login's, so strangers guessing at a login cannot keep its owner out: on a device that
//! signed in before, the right passphrase works at once (T8). A stolen token is no shortcut for
//! guessing: its own delay doubles with each failure like the login's.
//!
//! `v1.<nonce>.<mac>`, base64url: the MAC binds the nonce to the canonical login under a key
//! derived for this purpose. Nothing is stored; the nonce names the token's delay row.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::crypto::SecretKey;

const PREFIX: &str = "v1";

pub struct DeviceTokens {
    key: SecretKey,
}

impl DeviceTokens {
    pub fn new(key: SecretKey) -> Self {
        DeviceTokens { key }
    }

    fn mac(&self, login: &str, nonce: &[u8]) -> [u8; 32] {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(self.key.expose_secret()).expect("any key length");
        mac.update(PREFIX.as_bytes());
        mac.update(&[0]);
        mac.update(login.as_bytes());
        mac.update(&[0]);
        mac.update(nonce);
        mac.finalize().into_bytes().into()
    }

    /// A fresh token for a login that just signed in.
    pub fn issue(&self, login: &str) -> String {
        let mut nonce = [0u8; 16];
        getrandom::fill(&mut nonce).expect("the operating system's random source");
        format!(
            "{PREFIX}.{}.{}",
            B64.encode(nonce),
            B64.encode(self.mac(login, &nonce))
        )
    }

    /// The token's id (its nonce) if it was issued for this login.
    pub fn check(&self, login: &str, token: &str) -> Option<String> {
        let mut parts = token.trim().split('.');
        let (Some(PREFIX), Some(nonce), Some(mac), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return None;
        };
        let nonce_bytes = B64.decode(nonce).ok().filter(|n| n.len() == 16)?;
        let mac = B64.decode(mac).ok()?;
        super::constant_time_eq(&mac, &self.mac(login, &nonce_bytes)).then(|| nonce.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_works_for_its_login_only() {
        let t = DeviceTokens::new(SecretKey::from_bytes([7; 32]));
        let token = t.issue("amber-river-4821");
        let id = t.check("amber-river-4821", &token).expect("valid");
        assert_eq!(id.len(), 22);
        assert!(t.check("amber-river-4822", &token).is_none());
        let other_key = DeviceTokens::new(SecretKey::from_bytes([8; 32]));
        assert!(other_key.check("amber-river-4821", &token).is_none());
        // Tampering anywhere fails.
        let mut bad = token.clone().into_bytes();
        let i = bad.len() - 3;
        bad[i] = if bad[i] == b'A' { b'B' } else { b'A' };
        assert!(
            t.check("amber-river-4821", &String::from_utf8(bad).unwrap())
                .is_none()
        );
        for junk in ["", "v1", "v1..", "v2.x.y", "v1.AAAA.BBBB.CCCC"] {
            assert!(t.check("amber-river-4821", junk).is_none());
        }
        assert_ne!(t.issue("amber-river-4821"), token, "each token is new");
    }
}
