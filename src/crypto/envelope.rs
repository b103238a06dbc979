//! Per-record envelope encryption (security.md §2 "Per-record envelope").
//!
//! Every record has a random 32-byte data key (DEK), wrapped under the
//! primary KEK and stored apart from the data. Each sensitive column holds a
//! blob
//!
//! ```text
//! 0x01 | key_id u32 BE | nonce[24] | ciphertext ‖ tag[16]
//! ```
//!
//! sealed with XChaCha20-Poly1305. The AAD is the 5-byte header followed by
//! the length-prefixed tuple `("kinlink.v1", table, column, record_id)`, so a
//! blob copied to another row, column or table, or relabelled with another
//! key id, fails to open. Random 192-bit nonces need no counter state.

use std::fmt;
use std::io;
use std::marker::PhantomData;

use chacha20poly1305::aead::{AeadInOut, KeyInit};
use chacha20poly1305::{Tag, XChaCha20Poly1305, XNonce};
use serde::Serialize;
use serde::de::DeserializeOwned;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use super::encoding::{lp_len, put_lp};
use super::keyring::{KEY_LEN, Keyring, SecretKey, fill_random};
use super::sensitive::Sensitive;

/// Format version byte of field blobs and wrapped keys.
pub const BLOB_VERSION: u8 = 0x01;
/// `version | key_id`.
pub const HEADER_LEN: usize = 1 + 4;
/// XChaCha20 nonce length.
pub const NONCE_LEN: usize = 24;
/// Poly1305 tag length.
pub const TAG_LEN: usize = 16;
/// Bytes a field blob adds to its plaintext.
pub const BLOB_OVERHEAD: usize = HEADER_LEN + NONCE_LEN + TAG_LEN;

const FIELD_LABEL: &[u8] = b"kinlink.v1";
const WRAP_LABEL: &[u8] = b"dek";
// A distinct label keeps a PII data key and a match data key from ever being
// accepted in each other's place.
const MATCH_WRAP_LABEL: &[u8] = b"match-dek";
const REVIEW_LABEL: &[u8] = b"review";
const MATCHER_NOTE_LABEL: &[u8] = b"matcher-note";
const WRAPPED_LEN: usize = 1 + NONCE_LEN + KEY_LEN + TAG_LEN;

/// Deliberately vague: callers log and audit the failure, attackers learn
/// nothing about which check failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CryptoError {
    /// Authentication failed: wrong key, wrong context, or tampered bytes.
    #[error("decryption failed")]
    Decrypt,
    /// The blob is too short or has an unknown format version.
    #[error("malformed ciphertext")]
    Malformed,
    /// The KEK version a data key was wrapped under is not (or no longer) held.
    /// Versions are stored in clear next to the wrapped key, so naming one
    /// reveals nothing.
    #[error("key version {0} is not available")]
    UnknownKeyVersion(u32),
    /// A value could not be serialised before sealing.
    #[error("value could not be encoded")]
    Encode,
    /// The plaintext authenticated but is not the expected type. The serde
    /// message is dropped because it can quote plaintext.
    #[error("decrypted value has an unexpected shape")]
    Decode,
}

/// A record's 32-byte data key; wiped on drop, never printed.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct DataKey([u8; KEY_LEN]);

impl DataKey {
    /// A fresh random data key.
    ///
    /// # Panics
    /// If the OS random number generator fails.
    pub fn generate() -> DataKey {
        let mut key = DataKey([0; KEY_LEN]);
        fill_random(&mut key.0);
        key
    }
}

impl fmt::Debug for DataKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DataKey([redacted])")
    }
}

/// A data key encrypted under a KEK: `0x01 | nonce[24] | key[32] ‖ tag[16]`.
/// Stored in `record_keys` with `kek_version` in its own column so the
/// re-wrap job can count rows below the primary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrappedKey {
    /// Version of the KEK that wrapped `blob`.
    pub kek_version: u32,
    /// The wrapped key bytes.
    pub blob: Vec<u8>,
}

/// Where a field blob lives; all three parts are bound into the AAD.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldContext<'a> {
    /// Table name.
    pub table: &'a str,
    /// Column name.
    pub column: &'a str,
    /// The owning record's id (UUID text).
    pub record_id: &'a str,
}

fn cipher(key: &[u8; KEY_LEN]) -> XChaCha20Poly1305 {
    // The cipher wipes its key copy on drop (chacha20poly1305 "zeroize").
    XChaCha20Poly1305::new(key.into())
}

fn field_aad(header: &[u8], ctx: &FieldContext<'_>) -> Vec<u8> {
    let mut aad = Vec::with_capacity(
        header.len()
            + lp_len(FIELD_LABEL)
            + lp_len(ctx.table.as_bytes())
            + lp_len(ctx.column.as_bytes())
            + lp_len(ctx.record_id.as_bytes()),
    );
    aad.extend_from_slice(header);
    put_lp(&mut aad, FIELD_LABEL);
    put_lp(&mut aad, ctx.table.as_bytes());
    put_lp(&mut aad, ctx.column.as_bytes());
    put_lp(&mut aad, ctx.record_id.as_bytes());
    aad
}

/// Encrypts one field value for `ctx` under `dek` (generation `key_id`).
///
/// # Panics
/// If the OS random number generator fails, or the plaintext exceeds the
/// AEAD limit (256 GiB).
pub fn seal(dek: &DataKey, key_id: u32, ctx: &FieldContext<'_>, plaintext: &[u8]) -> Vec<u8> {
    let body = HEADER_LEN + NONCE_LEN;
    let mut blob = Vec::with_capacity(body + plaintext.len() + TAG_LEN);
    blob.push(BLOB_VERSION);
    blob.extend_from_slice(&key_id.to_be_bytes());
    let mut nonce = [0u8; NONCE_LEN];
    fill_random(&mut nonce);
    blob.extend_from_slice(&nonce);
    let aad = field_aad(&blob[..HEADER_LEN], ctx);
    // Encrypt in place inside the output buffer: the plaintext copy is
    // overwritten by ciphertext, never left behind in a temporary.
    blob.extend_from_slice(plaintext);
    let tag = cipher(&dek.0)
        .encrypt_inout_detached(&XNonce::from(nonce), &aad, (&mut blob[body..]).into())
        .expect("plaintext within XChaCha20-Poly1305 length limit");
    blob.extend_from_slice(&tag);
    blob
}

/// Decrypts a field blob sealed for `ctx`.
///
/// # Errors
/// [`CryptoError::Malformed`] for a short blob or unknown version,
/// [`CryptoError::Decrypt`] for any authentication failure.
pub fn open(
    dek: &DataKey,
    ctx: &FieldContext<'_>,
    blob: &[u8],
) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    peek_key_id(blob)?;
    let (header, rest) = blob.split_at(HEADER_LEN);
    let (nonce, rest) = rest.split_at(NONCE_LEN);
    let (ciphertext, tag) = rest.split_at(rest.len() - TAG_LEN);
    let nonce = XNonce::try_from(nonce).map_err(|_| CryptoError::Malformed)?;
    let tag = Tag::try_from(tag).map_err(|_| CryptoError::Malformed)?;
    let aad = field_aad(header, ctx);
    let mut plaintext = Zeroizing::new(ciphertext.to_vec());
    cipher(&dek.0)
        .decrypt_inout_detached(&nonce, &aad, plaintext.as_mut_slice().into(), &tag)
        .map_err(|_| CryptoError::Decrypt)?;
    Ok(plaintext)
}

/// Reads the data-key generation of a blob without decrypting it, so the
/// caller can fetch the matching DEK. The value is authenticated only when
/// the blob is opened.
///
/// # Errors
/// [`CryptoError::Malformed`] if the blob is too short or not version 1.
pub fn peek_key_id(blob: &[u8]) -> Result<u32, CryptoError> {
    if blob.len() < BLOB_OVERHEAD || blob[0] != BLOB_VERSION {
        return Err(CryptoError::Malformed);
    }
    let mut id = [0u8; 4];
    id.copy_from_slice(&blob[1..HEADER_LEN]);
    Ok(u32::from_be_bytes(id))
}

fn wrap_aad(label: &[u8], record_id: &str, kek_version: u32) -> Vec<u8> {
    let mut aad = Vec::with_capacity(
        1 + lp_len(label) + lp_len(record_id.as_bytes()) + lp_len(&kek_version.to_be_bytes()),
    );
    aad.push(BLOB_VERSION);
    put_lp(&mut aad, label);
    put_lp(&mut aad, record_id.as_bytes());
    put_lp(&mut aad, &kek_version.to_be_bytes());
    aad
}

fn wrap_with(
    kek: &SecretKey,
    label: &[u8],
    kek_version: u32,
    dek: &DataKey,
    record_id: &str,
) -> WrappedKey {
    let mut nonce = [0u8; NONCE_LEN];
    fill_random(&mut nonce);
    let mut blob = Vec::with_capacity(WRAPPED_LEN);
    blob.push(BLOB_VERSION);
    blob.extend_from_slice(&nonce);
    blob.extend_from_slice(&dek.0);
    let aad = wrap_aad(label, record_id, kek_version);
    let tag = cipher(kek.expose_secret())
        .encrypt_inout_detached(
            &XNonce::from(nonce),
            &aad,
            (&mut blob[1 + NONCE_LEN..]).into(),
        )
        .expect("32-byte message within AEAD limits");
    blob.extend_from_slice(&tag);
    WrappedKey { kek_version, blob }
}

fn unwrap_with(
    kek: &SecretKey,
    label: &[u8],
    wrapped: &WrappedKey,
    record_id: &str,
) -> Result<DataKey, CryptoError> {
    let blob = &wrapped.blob;
    if blob.len() != WRAPPED_LEN || blob[0] != BLOB_VERSION {
        return Err(CryptoError::Malformed);
    }
    let nonce = XNonce::try_from(&blob[1..1 + NONCE_LEN]).map_err(|_| CryptoError::Malformed)?;
    let tag =
        Tag::try_from(&blob[1 + NONCE_LEN + KEY_LEN..]).map_err(|_| CryptoError::Malformed)?;
    let aad = wrap_aad(label, record_id, wrapped.kek_version);
    // Decrypt straight into the DataKey so the key never sits in an
    // unzeroized buffer, even when authentication fails.
    let mut dek = DataKey([0; KEY_LEN]);
    dek.0
        .copy_from_slice(&blob[1 + NONCE_LEN..1 + NONCE_LEN + KEY_LEN]);
    cipher(kek.expose_secret())
        .decrypt_inout_detached(&nonce, &aad, dek.0.as_mut_slice().into(), &tag)
        .map_err(|_| CryptoError::Decrypt)?;
    Ok(dek)
}

impl Keyring {
    /// Wraps a record's data key under the primary KEK. AAD binds
    /// `("dek", record_id, kek_version)`, so a wrapped key moved to another
    /// record or relabelled with another version does not unwrap.
    pub fn wrap(&self, dek: &DataKey, record_id: &str) -> WrappedKey {
        let version = self.primary_kek_version();
        let kek = self
            .kek(version)
            .expect("keyring invariant: the primary KEK is present");
        wrap_with(&kek, WRAP_LABEL, version, dek, record_id)
    }

    /// Unwraps a data key for `record_id`.
    ///
    /// # Errors
    /// [`CryptoError::UnknownKeyVersion`] if that KEK is not held (retired:
    /// the key is crypto-shredded), otherwise as for [`open`].
    pub fn unwrap(&self, wrapped: &WrappedKey, record_id: &str) -> Result<DataKey, CryptoError> {
        let kek = self
            .kek(wrapped.kek_version)
            .ok_or(CryptoError::UnknownKeyVersion(wrapped.kek_version))?;
        unwrap_with(&kek, WRAP_LABEL, wrapped, record_id)
    }

    /// Re-wraps a data key under the primary KEK (the rotation job). The data
    /// itself is untouched.
    ///
    /// # Errors
    /// As for [`Keyring::unwrap`].
    pub fn rewrap(&self, wrapped: &WrappedKey, record_id: &str) -> Result<WrappedKey, CryptoError> {
        let dek = self.unwrap(wrapped, record_id)?;
        Ok(self.wrap(&dek, record_id))
    }

    /// Wraps a per-record match data key (for the sealed matching features) to the matcher's
    /// primary public key: the web tier, which makes the features, can wrap but never unwrap.
    pub fn wrap_match(&self, dek: &DataKey, record_id: &str) -> WrappedKey {
        let keys = self.matcher_keys();
        let version = keys.primary_version();
        let public = keys
            .public(version)
            .expect("keyring invariant: the primary matcher key is present");
        WrappedKey {
            kek_version: version,
            blob: super::sealed_box::seal(&public, version, MATCH_WRAP_LABEL, record_id, &dek.0),
        }
    }

    /// Unwraps a match data key: only a key file holding the matcher's secret can.
    ///
    /// # Errors
    /// [`CryptoError::UnknownKeyVersion`] if that matcher key's secret is not held, otherwise
    /// as for [`open`].
    pub fn unwrap_match(
        &self,
        wrapped: &WrappedKey,
        record_id: &str,
    ) -> Result<DataKey, CryptoError> {
        let secret = self
            .matcher_secret(wrapped.kek_version)
            .ok_or(CryptoError::UnknownKeyVersion(wrapped.kek_version))?;
        let plain = super::sealed_box::open(
            &secret,
            wrapped.kek_version,
            MATCH_WRAP_LABEL,
            record_id,
            &wrapped.blob,
        )?;
        let mut dek = DataKey([0; KEY_LEN]);
        if plain.len() != KEY_LEN {
            return Err(CryptoError::Malformed);
        }
        dek.0.copy_from_slice(&plain);
        Ok(dek)
    }

    /// Re-wraps a match data key to the matcher's primary key (rotation).
    ///
    /// # Errors
    /// As for [`Keyring::unwrap_match`].
    pub fn rewrap_match(
        &self,
        wrapped: &WrappedKey,
        record_id: &str,
    ) -> Result<WrappedKey, CryptoError> {
        let dek = self.unwrap_match(wrapped, record_id)?;
        Ok(self.wrap_match(&dek, record_id))
    }

    /// Seal a note only the matcher reads again (what a candidate's names were when it was
    /// proposed), to the primary matcher key. Returns the version used.
    pub fn seal_for_matcher(&self, context: &str, plaintext: &[u8]) -> (u32, Vec<u8>) {
        let keys = self.matcher_keys();
        let version = keys.primary_version();
        let public = keys
            .public(version)
            .expect("keyring invariant: the primary matcher key is present");
        (
            version,
            super::sealed_box::seal(&public, version, MATCHER_NOTE_LABEL, context, plaintext),
        )
    }

    /// Open what [`Keyring::seal_for_matcher`] sealed.
    ///
    /// # Errors
    /// As for [`Keyring::unwrap_match`].
    pub fn open_for_matcher(
        &self,
        version: u32,
        context: &str,
        blob: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
        let secret = self
            .matcher_secret(version)
            .ok_or(CryptoError::UnknownKeyVersion(version))?;
        super::sealed_box::open(&secret, version, MATCHER_NOTE_LABEL, context, blob)
    }

    /// Seal something the matcher found for the web tier's eyes (a candidate's explanation):
    /// to the primary review key. Returns the version used.
    pub fn seal_for_review(&self, context: &str, plaintext: &[u8]) -> (u32, Vec<u8>) {
        let keys = self.review_keys();
        let version = keys.primary_version();
        let public = keys
            .public(version)
            .expect("keyring invariant: the primary review key is present");
        (
            version,
            super::sealed_box::seal(&public, version, REVIEW_LABEL, context, plaintext),
        )
    }

    /// Open what [`Keyring::seal_for_review`] sealed.
    ///
    /// # Errors
    /// As for [`Keyring::unwrap_match`].
    pub fn open_review(
        &self,
        version: u32,
        context: &str,
        blob: &[u8],
    ) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
        let secret = self
            .review_secret(version)
            .ok_or(CryptoError::UnknownKeyVersion(version))?;
        super::sealed_box::open(&secret, version, REVIEW_LABEL, context, blob)
    }
}

/// The stored bytes of an encrypted column holding a `T`.
///
/// Only [`RecordCipher::seal_value`] (and `seal_str`) and
/// [`Encrypted::from_stored`] build one, so a DB model with `Encrypted<_>`
/// fields cannot be handed plaintext by mistake.
pub struct Encrypted<T> {
    bytes: Vec<u8>,
    // fn() -> T: carries the type without owning a T (auto traits stay as
    // for Vec<u8>).
    _type: PhantomData<fn() -> T>,
}

impl<T> Encrypted<T> {
    /// Wraps bytes read from the database.
    pub fn from_stored(bytes: Vec<u8>) -> Self {
        Encrypted {
            bytes,
            _type: PhantomData,
        }
    }

    /// The blob, for binding to an INSERT/UPDATE.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The blob by value.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// The data-key generation (see [`peek_key_id`]).
    ///
    /// # Errors
    /// [`CryptoError::Malformed`] for a truncated or unknown blob.
    pub fn key_id(&self) -> Result<u32, CryptoError> {
        peek_key_id(&self.bytes)
    }
}

impl<T> Clone for Encrypted<T> {
    fn clone(&self) -> Self {
        Encrypted::from_stored(self.bytes.clone())
    }
}

impl<T> PartialEq for Encrypted<T> {
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes
    }
}

impl<T> Eq for Encrypted<T> {}

impl<T> fmt::Debug for Encrypted<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Encrypted<{}>({} bytes)",
            std::any::type_name::<T>(),
            self.bytes.len()
        )
    }
}

/// One record's encryption context: table, record id and data key.
#[derive(Debug)]
pub struct RecordCipher {
    table: &'static str,
    record_id: String,
    key_id: u32,
    dek: DataKey,
}

impl RecordCipher {
    /// Bundles a record's unwrapped data key (generation `key_id`) with
    /// where its fields live.
    pub fn new(
        table: &'static str,
        record_id: impl Into<String>,
        key_id: u32,
        dek: DataKey,
    ) -> RecordCipher {
        RecordCipher {
            table,
            record_id: record_id.into(),
            key_id,
            dek,
        }
    }

    /// Table the fields belong to.
    pub fn table(&self) -> &'static str {
        self.table
    }

    /// Record id bound into every field's AAD.
    pub fn record_id(&self) -> &str {
        &self.record_id
    }

    /// Data-key generation written into new blobs.
    pub fn key_id(&self) -> u32 {
        self.key_id
    }

    fn ctx<'a>(&'a self, column: &'a str) -> FieldContext<'a> {
        FieldContext {
            table: self.table,
            column,
            record_id: &self.record_id,
        }
    }

    /// Serialises `value` as JSON (in a wiped buffer) and seals it for
    /// `column`.
    ///
    /// # Errors
    /// [`CryptoError::Encode`] if serde cannot serialise the value.
    pub fn seal_value<T: Serialize>(
        &self,
        column: &'static str,
        value: &T,
    ) -> Result<Encrypted<T>, CryptoError> {
        let mut json = ZeroizingWriter(Zeroizing::new(Vec::new()));
        serde_json::to_writer(&mut json, value).map_err(|_| CryptoError::Encode)?;
        Ok(Encrypted::from_stored(seal(
            &self.dek,
            self.key_id,
            &self.ctx(column),
            &json.0,
        )))
    }

    /// Opens and deserialises a column sealed by [`RecordCipher::seal_value`].
    ///
    /// # Errors
    /// [`CryptoError::Decrypt`]/[`CryptoError::Malformed`] as for [`open`];
    /// [`CryptoError::Decode`] if the plaintext is not a `T`.
    pub fn open_value<T: DeserializeOwned>(
        &self,
        column: &'static str,
        encrypted: &Encrypted<T>,
    ) -> Result<T, CryptoError> {
        let json = open(&self.dek, &self.ctx(column), encrypted.as_bytes())?;
        serde_json::from_slice(&json).map_err(|_| CryptoError::Decode)
    }

    /// Seals a string; same encoding as `seal_value::<String>`.
    ///
    /// # Errors
    /// As for [`RecordCipher::seal_value`].
    pub fn seal_str(
        &self,
        column: &'static str,
        value: &str,
    ) -> Result<Encrypted<String>, CryptoError> {
        let mut json = ZeroizingWriter(Zeroizing::new(Vec::new()));
        serde_json::to_writer(&mut json, value).map_err(|_| CryptoError::Encode)?;
        Ok(Encrypted::from_stored(seal(
            &self.dek,
            self.key_id,
            &self.ctx(column),
            &json.0,
        )))
    }

    /// Opens a string column into a redacting, self-wiping holder.
    ///
    /// # Errors
    /// As for [`RecordCipher::open_value`].
    pub fn open_str(
        &self,
        column: &'static str,
        encrypted: &Encrypted<String>,
    ) -> Result<Sensitive<String>, CryptoError> {
        self.open_value(column, encrypted).map(Sensitive::new)
    }
}

/// `io::Write` into a `Zeroizing<Vec<u8>>` that grows by copying into a new
/// zeroizing buffer, so reallocation never frees a buffer still holding
/// plaintext.
struct ZeroizingWriter(Zeroizing<Vec<u8>>);

impl io::Write for ZeroizingWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        let needed = self.0.len() + data.len();
        if needed > self.0.capacity() {
            let mut grown = Zeroizing::new(Vec::with_capacity(
                needed.max(2 * self.0.capacity()).max(128),
            ));
            grown.extend_from_slice(&self.0);
            // The old buffer is wiped (whole capacity) as it drops here.
            self.0 = grown;
        }
        self.0.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde::Deserialize;

    const CTX: FieldContext<'static> = FieldContext {
        table: "persons",
        column: "given_name",
        record_id: "0b6f3c1e-8d1a-4c55-9a51-6f1b2a0c9e11",
    };

    fn dek_from(bytes: [u8; 32]) -> DataKey {
        DataKey(bytes)
    }

    #[test]
    fn blob_layout() {
        let dek = DataKey::generate();
        let blob = seal(&dek, 0x0102_0304, &CTX, b"Memet");
        assert_eq!(blob.len(), BLOB_OVERHEAD + 5);
        assert_eq!(blob[0], 0x01);
        assert_eq!(&blob[1..5], &[1, 2, 3, 4]);
        assert_eq!(peek_key_id(&blob), Ok(0x0102_0304));
        assert!(!blob.windows(5).any(|w| w == b"Memet"));
        assert_eq!(open(&dek, &CTX, &blob).unwrap().as_slice(), b"Memet");
        // Random nonces: equal plaintexts give unrelated blobs.
        let again = seal(&dek, 0x0102_0304, &CTX, b"Memet");
        assert_ne!(blob[HEADER_LEN..], again[HEADER_LEN..]);
    }

    #[test]
    fn empty_plaintext_round_trips() {
        let dek = DataKey::generate();
        let blob = seal(&dek, 1, &CTX, b"");
        assert_eq!(blob.len(), BLOB_OVERHEAD);
        assert!(open(&dek, &CTX, &blob).unwrap().is_empty());
    }

    /// Independent vector: built by a Python script from the documented
    /// format (HChaCha20 by hand + `cryptography`'s ChaCha20-Poly1305), so a
    /// change to the blob layout or AAD encoding breaks this test.
    #[test]
    fn opens_independently_produced_blob() {
        let dek = dek_from(std::array::from_fn(|i| i as u8));
        let blob = hex::decode("010000000725ff791fb7025a1d7f651986795512b8be7e35c51c78dfb1c1dc51e880560788fccd67ef521043521160cf521155357ff9c90ca9260273f203cdf3").unwrap();
        assert_eq!(peek_key_id(&blob), Ok(7));
        let pt = open(&dek, &CTX, &blob).unwrap();
        assert_eq!(pt.as_slice(), "\"Abdurehim Ötkür\"".as_bytes());
    }

    #[test]
    fn every_single_byte_flip_fails() {
        let dek = DataKey::generate();
        let blob = seal(&dek, 3, &CTX, b"family-only answer");
        for i in 0..blob.len() {
            for bit in 0..8 {
                let mut bad = blob.clone();
                bad[i] ^= 1 << bit;
                let err = open(&dek, &CTX, &bad).unwrap_err();
                let expect = if i == 0 {
                    CryptoError::Malformed
                } else {
                    CryptoError::Decrypt
                };
                assert_eq!(err, expect, "byte {i} bit {bit}");
            }
        }
    }

    #[test]
    fn truncated_or_extended_blobs_fail() {
        let dek = DataKey::generate();
        let blob = seal(&dek, 1, &CTX, b"xyz");
        for len in 0..blob.len() {
            assert!(open(&dek, &CTX, &blob[..len]).is_err(), "len {len}");
        }
        let mut longer = blob.clone();
        longer.push(0);
        assert_eq!(open(&dek, &CTX, &longer), Err(CryptoError::Decrypt));
        assert_eq!(
            peek_key_id(&blob[..BLOB_OVERHEAD - 1]),
            Err(CryptoError::Malformed)
        );
    }

    #[test]
    fn wrong_dek_fails() {
        let blob = seal(&DataKey::generate(), 1, &CTX, b"x");
        assert_eq!(
            open(&DataKey::generate(), &CTX, &blob),
            Err(CryptoError::Decrypt)
        );
    }

    #[test]
    fn errors_are_generic() {
        assert_eq!(CryptoError::Decrypt.to_string(), "decryption failed");
        assert_eq!(CryptoError::Malformed.to_string(), "malformed ciphertext");
        assert_eq!(
            CryptoError::Decode.to_string(),
            "decrypted value has an unexpected shape"
        );
    }

    #[test]
    fn secrets_are_redacted_in_debug() {
        let dek = dek_from([0xab; 32]);
        let rc = RecordCipher::new("persons", "r1", 1, dek.clone());
        let shown = format!("{dek:?} {rc:?}");
        assert!(shown.contains("[redacted]"));
        assert!(!shown.contains("171") && !shown.contains("ab, ab") && !shown.contains("abab"));
        let enc = rc.seal_str("given_name", "Qzxovanbek").unwrap();
        let shown = format!("{enc:?}");
        assert!(
            shown.starts_with("Encrypted<alloc::string::String>("),
            "{shown}"
        );
        assert!(!shown.contains("Qzxovanbek"));
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Contact {
        channel: String,
        address: String,
        verified: bool,
    }

    #[test]
    fn typed_values_round_trip_and_stay_bound() {
        let rc = RecordCipher::new("contacts", "rec-1", 2, DataKey::generate());
        let value = Contact {
            channel: "signal".into(),
            address: "+90 555 0100".into(),
            verified: true,
        };
        let enc = rc.seal_value("contact_ct", &value).unwrap();
        assert_eq!(enc.key_id(), Ok(2));
        assert_eq!(rc.open_value("contact_ct", &enc).unwrap(), value);

        // Stored and reloaded from the DB.
        let reloaded: Encrypted<Contact> = Encrypted::from_stored(enc.clone().into_bytes());
        assert_eq!(reloaded, enc);
        assert_eq!(rc.open_value("contact_ct", &reloaded).unwrap(), value);

        // Another column of the same record.
        let moved: Encrypted<Contact> = Encrypted::from_stored(enc.as_bytes().to_vec());
        assert_eq!(rc.open_value("notes_ct", &moved), Err(CryptoError::Decrypt));

        // The same bytes read as the wrong type authenticate but do not parse.
        let wrong: Encrypted<u64> = Encrypted::from_stored(enc.as_bytes().to_vec());
        assert_eq!(
            rc.open_value("contact_ct", &wrong),
            Err(CryptoError::Decode)
        );

        // Another record with the same DEK (worst case) still fails.
        let other = RecordCipher::new("contacts", "rec-2", 2, rc.dek.clone());
        assert_eq!(
            other.open_value("contact_ct", &enc),
            Err(CryptoError::Decrypt)
        );
        // Another table.
        let table = RecordCipher::new("persons", "rec-1", 2, rc.dek.clone());
        assert_eq!(
            table.open_value("contact_ct", &enc),
            Err(CryptoError::Decrypt)
        );
        // A different key_id claimed by the cipher does not matter: the blob
        // header is authenticated.
        let rekeyed = RecordCipher::new("contacts", "rec-1", 3, rc.dek.clone());
        assert_eq!(rekeyed.open_value("contact_ct", &enc).unwrap(), value);
    }

    #[test]
    fn strings_share_the_value_encoding() {
        let rc = RecordCipher::new("persons", "rec-9", 1, DataKey::generate());
        let name = "Abdurehim \"Ötkür\" \u{202e}";
        let enc = rc.seal_str("given_name", name).unwrap();
        assert_eq!(rc.open_str("given_name", &enc).unwrap().expose(), name);
        assert_eq!(rc.open_value::<String>("given_name", &enc).unwrap(), name);
        let via_value = rc.seal_value("given_name", &name.to_owned()).unwrap();
        assert_eq!(
            rc.open_str("given_name", &via_value).unwrap().expose(),
            name
        );
        assert_eq!(
            rc.open_str("family_name", &enc).unwrap_err(),
            CryptoError::Decrypt
        );
    }

    #[test]
    fn large_values_use_growing_zeroizing_buffer() {
        let rc = RecordCipher::new("persons", "rec-big", 1, DataKey::generate());
        let narrative: String = "ئۇيغۇر ".repeat(700);
        let enc = rc.seal_str("narrative", &narrative).unwrap();
        assert_eq!(rc.open_str("narrative", &enc).unwrap().expose(), &narrative);
    }

    #[test]
    fn wrap_unwrap_and_rotation() {
        let mut keyring = Keyring::generate();
        let dek = DataKey::generate();
        let blob = seal(&dek, 1, &CTX, b"secret");
        let w1 = keyring.wrap(&dek, CTX.record_id);
        assert_eq!(w1.kek_version, 1);
        assert_eq!(w1.blob.len(), WRAPPED_LEN);
        let back = keyring.unwrap(&w1, CTX.record_id).unwrap();
        assert_eq!(open(&back, &CTX, &blob).unwrap().as_slice(), b"secret");

        assert_eq!(
            keyring.unwrap(&w1, "another-record").err(),
            Some(CryptoError::Decrypt)
        );

        assert_eq!(keyring.add_kek(), 2);
        // Relabelling the version column (to a KEK that exists) fails too.
        let relabelled = WrappedKey {
            kek_version: 2,
            blob: w1.blob.clone(),
        };
        assert_eq!(
            keyring.unwrap(&relabelled, CTX.record_id).err(),
            Some(CryptoError::Decrypt)
        );

        let w2 = keyring.rewrap(&w1, CTX.record_id).unwrap();
        assert_eq!(w2.kek_version, 2);
        let back = keyring.unwrap(&w2, CTX.record_id).unwrap();
        assert_eq!(open(&back, &CTX, &blob).unwrap().as_slice(), b"secret");

        // Retiring v1 crypto-shreds anything not yet re-wrapped.
        keyring.retire_kek(1).unwrap();
        assert_eq!(
            keyring.unwrap(&w1, CTX.record_id).err(),
            Some(CryptoError::UnknownKeyVersion(1))
        );
        assert!(keyring.unwrap(&w2, CTX.record_id).is_ok());

        // The keys file carries what is needed to unwrap after a restart.
        let reloaded = Keyring::from_toml(&keyring.to_toml()).unwrap();
        assert!(reloaded.unwrap(&w2, CTX.record_id).is_ok());
        // A different keyring cannot.
        assert_eq!(
            Keyring::generate()
                .unwrap(
                    &WrappedKey {
                        kek_version: 1,
                        ..w2.clone()
                    },
                    CTX.record_id
                )
                .err(),
            Some(CryptoError::Decrypt)
        );
    }

    #[test]
    fn wrapped_key_tampering_fails() {
        let keyring = Keyring::generate();
        let w = keyring.wrap(&DataKey::generate(), "r");
        for i in 0..w.blob.len() {
            let mut bad = w.clone();
            bad.blob[i] ^= 0x80;
            assert!(keyring.unwrap(&bad, "r").is_err(), "byte {i}");
        }
        let mut short = w.clone();
        short.blob.pop();
        assert_eq!(
            keyring.unwrap(&short, "r").err(),
            Some(CryptoError::Malformed)
        );
    }

    #[test]
    fn match_keys_are_separate_from_record_keys() {
        let keyring = Keyring::generate();
        let dek = DataKey::generate();
        let wm = keyring.wrap_match(&dek, "r");
        assert_eq!(wm.kek_version, keyring.matcher_keys().primary_version());
        let back = keyring.unwrap_match(&wm, "r").unwrap();
        let blob = seal(&dek, 1, &CTX, b"clk");
        assert_eq!(open(&back, &CTX, &blob).unwrap().as_slice(), b"clk");
        assert_eq!(
            keyring.unwrap_match(&wm, "s").err(),
            Some(CryptoError::Decrypt)
        );
        // The web tier's half of a split key file can wrap but not unwrap.
        let (web, matcher) = keyring.split().unwrap();
        let from_web = web.wrap_match(&dek, "r");
        assert!(web.unwrap_match(&from_web, "r").is_err());
        assert!(matcher.unwrap_match(&from_web, "r").is_ok());
        // The matcher seals for review; only the web tier opens it.
        let (v, sealed) = matcher.seal_for_review("candidate-1", b"explanation");
        assert_eq!(
            web.open_review(v, "candidate-1", &sealed)
                .unwrap()
                .as_slice(),
            b"explanation"
        );
        assert!(matcher.open_review(v, "candidate-1", &sealed).is_err());
        assert!(web.open_review(v, "candidate-2", &sealed).is_err());
        // Neither kind of wrapped key is accepted as the other.
        assert!(keyring.unwrap(&wm, "r").is_err());
        let wr = keyring.wrap(&dek, "r");
        assert_eq!(
            keyring.unwrap_match(&wr, "r").err(),
            Some(CryptoError::Decrypt)
        );
        let wrong_version = WrappedKey {
            kek_version: 2,
            ..wm
        };
        assert_eq!(
            keyring.unwrap_match(&wrong_version, "r").err(),
            Some(CryptoError::UnknownKeyVersion(2))
        );
    }

    fn ctx_parts() -> impl Strategy<Value = (String, String, String)> {
        (".{0,24}", ".{0,24}", ".{0,40}")
    }

    proptest! {
        #[test]
        fn prop_seal_open_round_trip(
            pt in proptest::collection::vec(any::<u8>(), 0..2048),
            (table, column, record_id) in ctx_parts(),
            key_id in any::<u32>(),
        ) {
            let dek = DataKey::generate();
            let ctx = FieldContext { table: &table, column: &column, record_id: &record_id };
            let blob = seal(&dek, key_id, &ctx, &pt);
            prop_assert_eq!(blob.len(), pt.len() + BLOB_OVERHEAD);
            prop_assert_eq!(peek_key_id(&blob), Ok(key_id));
            let opened = open(&dek, &ctx, &blob).unwrap();
            prop_assert_eq!(opened.as_slice(), pt.as_slice());
        }

        #[test]
        fn prop_any_byte_flip_fails(
            pt in proptest::collection::vec(any::<u8>(), 0..256),
            pos in any::<proptest::sample::Index>(),
            mask in 1u8..=255,
        ) {
            let dek = DataKey::generate();
            let blob = seal(&dek, 1, &CTX, &pt);
            let mut bad = blob.clone();
            let i = pos.index(bad.len());
            bad[i] ^= mask;
            prop_assert!(open(&dek, &CTX, &bad).is_err());
        }

        #[test]
        fn prop_any_context_change_fails(
            pt in proptest::collection::vec(any::<u8>(), 0..64),
            (table, column, record_id) in ctx_parts(),
            (t2, c2, r2) in ctx_parts(),
            which in 0usize..3,
        ) {
            let dek = DataKey::generate();
            let ctx = FieldContext { table: &table, column: &column, record_id: &record_id };
            let blob = seal(&dek, 1, &ctx, &pt);
            let mut other = ctx;
            match which {
                0 => other.table = &t2,
                1 => other.column = &c2,
                _ => other.record_id = &r2,
            }
            prop_assume!(other != ctx);
            prop_assert_eq!(open(&dek, &other, &blob), Err(CryptoError::Decrypt));
        }

        #[test]
        fn prop_blob_moved_to_other_row_or_column_fails(
            pt in proptest::collection::vec(any::<u8>(), 0..64),
            row_a in "[0-9a-f]{8}", row_b in "[0-9a-f]{8}",
            col_a in "[a-z_]{1,12}", col_b in "[a-z_]{1,12}",
            move_row in any::<bool>(),
            same_dek in any::<bool>(),
        ) {
            // Exactly one of row or column changes, so each is tested alone.
            let (dst_row, dst_col) = if move_row { (&row_b, &col_a) } else { (&row_a, &col_b) };
            prop_assume!(*dst_row != row_a || *dst_col != col_a);
            let dek_a = DataKey::generate();
            // Another row normally has its own DEK; sharing one is the worst
            // case, where only the AAD stops the move.
            let dek_b = if same_dek || !move_row { dek_a.clone() } else { DataKey::generate() };
            let src = FieldContext { table: "persons", column: &col_a, record_id: &row_a };
            let dst = FieldContext { table: "persons", column: dst_col, record_id: dst_row };
            let blob = seal(&dek_a, 1, &src, &pt);
            prop_assert_eq!(open(&dek_b, &dst, &blob), Err(CryptoError::Decrypt));
        }

        #[test]
        fn prop_wrap_unwrap(record_id in ".{0,40}", other_id in ".{0,40}") {
            let keyring = Keyring::generate();
            let dek = DataKey::generate();
            let w = keyring.wrap(&dek, &record_id);
            let back = keyring.unwrap(&w, &record_id).unwrap();
            prop_assert_eq!(back.0, dek.0);
            if other_id != record_id {
                prop_assert_eq!(keyring.unwrap(&w, &other_id).err(), Some(CryptoError::Decrypt));
            }
        }
    }
}
