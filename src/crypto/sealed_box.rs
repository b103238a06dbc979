//! Sealing to a public key (X25519 + HKDF-SHA256 + XChaCha20-Poly1305): whoever holds the
//! public key can seal, only the holder of the secret key can open. It separates the
//! components (security.md §3): the web tier seals match data keys to the matcher's key
//! (and never holds the matcher's secret), and the matcher seals its explanations to the web
//! tier's review key (and never holds that secret).
//!
//! ```text
//! 0x01 | ephemeral public key [32] | nonce [24] | ciphertext ‖ tag [16]
//! ```
//!
//! The AEAD key is HKDF(salt = ephemeral ‖ recipient public key, ikm = shared secret, info =
//! label ‖ key version ‖ context); the AAD repeats label, version and context, so a blob moved to
//! another record, purpose or key version does not open.

use chacha20poly1305::aead::{AeadInOut, KeyInit};
use chacha20poly1305::{Tag, XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use sha2::Sha256;
use x25519_dalek::{PublicKey, StaticSecret};
use zeroize::Zeroizing;

use super::encoding::put_lp;
use super::envelope::CryptoError;
use super::keyring::{SecretKey, fill_random};

const VERSION: u8 = 0x01;
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;
/// Bytes a sealed box adds to its plaintext.
pub const OVERHEAD: usize = 1 + 32 + NONCE_LEN + TAG_LEN;

/// A recipient's public key.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct BoxPublic(pub [u8; 32]);

impl std::fmt::Debug for BoxPublic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "BoxPublic({})", hex::encode(&self.0[..4]))
    }
}

/// A recipient's secret key, derived from a 32-byte root secret.
pub struct BoxSecret(StaticSecret);

impl BoxSecret {
    /// The X25519 secret of a root (an HKDF step keeps the root from keying X25519 directly).
    pub fn from_root(root: &SecretKey, label: &[u8]) -> BoxSecret {
        let hk = Hkdf::<Sha256>::new(Some(b"kinlink|sealed-box|v1"), root.expose_secret());
        let mut bytes = Zeroizing::new([0u8; 32]);
        hk.expand(label, bytes.as_mut())
            .expect("32 bytes is a valid HKDF output length");
        BoxSecret(StaticSecret::from(*bytes))
    }

    pub fn public(&self) -> BoxPublic {
        BoxPublic(PublicKey::from(&self.0).to_bytes())
    }
}

impl std::fmt::Debug for BoxSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BoxSecret([redacted])")
    }
}

fn info(label: &[u8], version: u32, context: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(label.len() + context.len() + 16);
    put_lp(&mut out, label);
    put_lp(&mut out, &version.to_be_bytes());
    put_lp(&mut out, context.as_bytes());
    out
}

fn aead_key(
    shared: &[u8; 32],
    eph: &[u8; 32],
    recipient: &[u8; 32],
    info: &[u8],
) -> Zeroizing<[u8; 32]> {
    let mut salt = [0u8; 64];
    salt[..32].copy_from_slice(eph);
    salt[32..].copy_from_slice(recipient);
    let hk = Hkdf::<Sha256>::new(Some(&salt), shared);
    let mut key = Zeroizing::new([0u8; 32]);
    hk.expand(info, key.as_mut())
        .expect("32 bytes is a valid HKDF output length");
    key
}

/// Seal `plaintext` to `recipient` (key `version`), for `label` and `context`.
pub fn seal(
    recipient: &BoxPublic,
    version: u32,
    label: &[u8],
    context: &str,
    plaintext: &[u8],
) -> Vec<u8> {
    let mut eph_bytes = Zeroizing::new([0u8; 32]);
    fill_random(eph_bytes.as_mut());
    let eph = StaticSecret::from(*eph_bytes);
    let eph_public = PublicKey::from(&eph).to_bytes();
    let shared = eph.diffie_hellman(&PublicKey::from(recipient.0));
    let info = info(label, version, context);
    let key = aead_key(shared.as_bytes(), &eph_public, &recipient.0, &info);
    let mut nonce = [0u8; NONCE_LEN];
    fill_random(&mut nonce);
    let mut out = Vec::with_capacity(OVERHEAD + plaintext.len());
    out.push(VERSION);
    out.extend_from_slice(&eph_public);
    out.extend_from_slice(&nonce);
    out.extend_from_slice(plaintext);
    let tag = XChaCha20Poly1305::new((&*key).into())
        .encrypt_inout_detached(
            &XNonce::from(nonce),
            &info,
            (&mut out[1 + 32 + NONCE_LEN..]).into(),
        )
        .expect("plaintext within AEAD limits");
    out.extend_from_slice(&tag);
    out
}

/// Open a blob sealed by [`seal`] to this secret's public key.
pub fn open(
    secret: &BoxSecret,
    version: u32,
    label: &[u8],
    context: &str,
    blob: &[u8],
) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    if blob.len() < OVERHEAD || blob[0] != VERSION {
        return Err(CryptoError::Malformed);
    }
    let eph: [u8; 32] = blob[1..33].try_into().map_err(|_| CryptoError::Malformed)?;
    let nonce = XNonce::try_from(&blob[33..33 + NONCE_LEN]).map_err(|_| CryptoError::Malformed)?;
    let body = &blob[33 + NONCE_LEN..];
    let (ct, tag) = body.split_at(body.len() - TAG_LEN);
    let tag = Tag::try_from(tag).map_err(|_| CryptoError::Malformed)?;
    let shared = secret.0.diffie_hellman(&PublicKey::from(eph));
    let recipient = secret.public();
    let info = info(label, version, context);
    let key = aead_key(shared.as_bytes(), &eph, &recipient.0, &info);
    let mut plain = Zeroizing::new(ct.to_vec());
    XChaCha20Poly1305::new((&*key).into())
        .decrypt_inout_detached(&nonce, &info, plain.as_mut_slice().into(), &tag)
        .map_err(|_| CryptoError::Decrypt)?;
    Ok(plain)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn secret(n: u8) -> BoxSecret {
        BoxSecret::from_root(&SecretKey::from_bytes([n; 32]), b"test")
    }

    #[test]
    fn only_the_secret_of_the_recipient_opens_in_the_same_context() {
        let s = secret(1);
        let blob = seal(&s.public(), 1, b"match-dek", "record-1", b"data key bytes");
        assert_eq!(blob.len(), OVERHEAD + 14);
        assert_eq!(
            open(&s, 1, b"match-dek", "record-1", &blob)
                .unwrap()
                .as_slice(),
            b"data key bytes"
        );
        assert!(open(&secret(2), 1, b"match-dek", "record-1", &blob).is_err());
        assert!(open(&s, 2, b"match-dek", "record-1", &blob).is_err());
        assert!(open(&s, 1, b"review", "record-1", &blob).is_err());
        assert!(open(&s, 1, b"match-dek", "record-2", &blob).is_err());
        assert_ne!(
            blob,
            seal(&s.public(), 1, b"match-dek", "record-1", b"data key bytes"),
            "every seal is fresh"
        );
        assert_eq!(secret(1).public(), s.public(), "derived deterministically");
    }

    proptest! {
        #[test]
        fn any_flipped_byte_fails(pos in 0usize..(OVERHEAD + 8), bit in 0u8..8) {
            let s = secret(3);
            let mut blob = seal(&s.public(), 7, b"l", "c", b"12345678");
            blob[pos] ^= 1 << bit;
            prop_assert!(open(&s, 7, b"l", "c", &blob).is_err());
        }
    }
}
