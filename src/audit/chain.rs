//! Pure logic of the tamper-evident audit log (security.md §7).
//!
//! Each row stores `mac = HMAC-SHA256(K, prev_mac ‖ canonical(entry))`, with
//! `prev_mac` of the first row (seq 1) all zeros. Editing, deleting or
//! reordering rows breaks the chain at the first affected seq. Deleting rows
//! from the *end* leaves a valid shorter chain, which is why the head is
//! signed hourly with Ed25519 and shipped off-host: a signed checkpoint past
//! the end of the chain exposes the truncation.
//!
//! Sequence numbers must be contiguous from 1 (assign `max(seq)+1` in the
//! serialised insert that reads `prev_mac`; a Postgres sequence can leave
//! gaps on rollback, which would read as deleted rows).

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, NaiveDateTime, SecondsFormat, Utc};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use crate::crypto::{Keyring, Purpose, SecretKey};

type HmacSha256 = Hmac<Sha256>;

/// `prev_mac` of the first row.
pub const GENESIS_PREV_MAC: [u8; 32] = [0; 32];
/// Sequence number of the first row.
pub const FIRST_SEQ: i64 = 1;

const CANONICAL_LABEL: &[u8] = b"kinlink.audit.v1";
const CHECKPOINT_LABEL: &[u8] = b"kinlink-checkpoint v1";

/// One audit row, without its MACs. Holds no PII: actors are staff UUIDs or
/// keyed registrant pseudonyms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    /// Position in the chain, contiguous from [`FIRST_SEQ`].
    pub seq: i64,
    /// Event time (UTC). Only whole microseconds are covered by the MAC, the
    /// precision every supported backend stores.
    pub ts_utc: NaiveDateTime,
    /// Staff UUID or registrant pseudonym (hex).
    pub actor: String,
    /// `registrant`, `caseworker`, `admin`, `auditor`, `system`.
    pub actor_role: String,
    /// What happened, e.g. `record.decrypt`.
    pub action: String,
    /// Kind of object acted on.
    pub object_type: String,
    /// Object id, if any.
    pub object_id: Option<String>,
    /// Case under which a staff member acted (the `case_id` column of
    /// `audit_log`; covered by the MAC like every other column).
    pub case_id: Option<String>,
    /// Why (required for staff reads).
    pub reason_code: Option<String>,
    /// `ok`, `denied`, `error`, ...
    pub outcome: String,
}

fn put_lp(out: &mut Vec<u8>, bytes: &[u8]) {
    out.extend_from_slice(&(bytes.len() as u64).to_be_bytes());
    out.extend_from_slice(bytes);
}

fn put_opt(out: &mut Vec<u8>, value: Option<&str>) {
    // A presence byte keeps `None` and `Some("")` apart.
    match value {
        None => out.push(0),
        Some(s) => {
            out.push(1);
            put_lp(out, s.as_bytes());
        }
    }
}

/// Drops sub-microsecond precision, so a value can be stored and read back
/// unchanged on any backend.
pub fn micros_precision(ts: NaiveDateTime) -> NaiveDateTime {
    DateTime::from_timestamp_micros(ts.and_utc().timestamp_micros()).map_or(ts, |t| t.naive_utc())
}

/// Unambiguous encoding of every field: a version label, `seq` and the
/// timestamp (integer microseconds since the Unix epoch) as i64 big-endian,
/// strings length-prefixed (u64 BE), optional strings with a presence byte.
/// Independent of how a backend renders dates or NULLs.
pub fn canonical(entry: &AuditEntry) -> Vec<u8> {
    let mut out = Vec::with_capacity(
        128 + entry.actor.len()
            + entry.actor_role.len()
            + entry.action.len()
            + entry.object_type.len()
            + entry.object_id.as_ref().map_or(0, String::len)
            + entry.case_id.as_ref().map_or(0, String::len)
            + entry.reason_code.as_ref().map_or(0, String::len)
            + entry.outcome.len(),
    );
    put_lp(&mut out, CANONICAL_LABEL);
    out.extend_from_slice(&entry.seq.to_be_bytes());
    out.extend_from_slice(&entry.ts_utc.and_utc().timestamp_micros().to_be_bytes());
    put_lp(&mut out, entry.actor.as_bytes());
    put_lp(&mut out, entry.actor_role.as_bytes());
    put_lp(&mut out, entry.action.as_bytes());
    put_lp(&mut out, entry.object_type.as_bytes());
    put_opt(&mut out, entry.object_id.as_deref());
    put_opt(&mut out, entry.case_id.as_deref());
    put_opt(&mut out, entry.reason_code.as_deref());
    put_lp(&mut out, entry.outcome.as_bytes());
    out
}

fn chain_hmac(key: &SecretKey, prev_mac: &[u8; 32], entry: &AuditEntry) -> HmacSha256 {
    let mut mac = <HmacSha256 as KeyInit>::new_from_slice(key.expose_secret())
        .expect("HMAC takes any key length");
    mac.update(prev_mac);
    mac.update(&canonical(entry));
    mac
}

/// `HMAC-SHA256(key, prev_mac ‖ canonical(entry))`, key from
/// `Purpose::AuditChain`.
pub fn chain_mac(key: &SecretKey, prev_mac: &[u8; 32], entry: &AuditEntry) -> [u8; 32] {
    chain_hmac(key, prev_mac, entry)
        .finalize()
        .into_bytes()
        .into()
}

/// Summary of a chain that verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VerifiedChain {
    /// Seq of the last row (0 for an empty log).
    pub last_seq: i64,
    /// Its mac ([`GENESIS_PREV_MAC`] for an empty log): the head to checkpoint.
    pub last_mac: [u8; 32],
    /// Rows verified.
    pub count: u64,
}

/// How the chain broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakKind {
    /// A different seq stood where `seq` was expected: rows deleted,
    /// inserted or reordered.
    SequenceMismatch {
        /// The seq actually found.
        found: i64,
    },
    /// `prev_mac` is not the previous row's mac: the previous row was
    /// deleted or replaced (and later rows renumbered).
    PrevMacMismatch,
    /// The row's contents do not match its mac: the row was edited.
    MacMismatch,
    /// The row's mac differs from a signed checkpoint for that seq.
    CheckpointMismatch,
    /// The chain ends before a signed checkpoint: rows removed from the end.
    Truncated {
        /// Seq of the checkpoint that lies past the end.
        checkpoint_seq: i64,
    },
}

impl fmt::Display for BreakKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BreakKind::SequenceMismatch { found } => {
                write!(
                    f,
                    "found seq {found} instead (row deleted, inserted or reordered)"
                )
            }
            BreakKind::PrevMacMismatch => {
                f.write_str("prev_mac does not match the previous row (row deleted or replaced)")
            }
            BreakKind::MacMismatch => f.write_str("mac does not match the row (row edited)"),
            BreakKind::CheckpointMismatch => f.write_str("mac differs from a signed checkpoint"),
            BreakKind::Truncated { checkpoint_seq } => write!(
                f,
                "row missing, but a signed checkpoint exists for seq {checkpoint_seq} (rows removed from the end)"
            ),
        }
    }
}

/// The first broken sequence number and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("audit chain broken at seq {seq}: {kind}")]
pub struct ChainBreak {
    /// First seq at which the chain is not intact.
    pub seq: i64,
    /// What was wrong there.
    pub kind: BreakKind,
}

/// Recomputes the chain over `rows` = `(entry, prev_mac, mac)` in stored
/// order (`ORDER BY seq`), from seq 1.
///
/// # Errors
/// The first [`ChainBreak`].
pub fn verify_chain(
    key: &SecretKey,
    rows: impl IntoIterator<Item = (AuditEntry, [u8; 32], [u8; 32])>,
) -> Result<VerifiedChain, ChainBreak> {
    verify_chain_with_checkpoints(key, rows, &[])
}

/// As [`verify_chain`], and also requires every checkpoint's `(seq, mac)` to
/// be in the chain. Verify the checkpoints' signatures first
/// ([`SignedCheckpoint::verify`]).
///
/// # Errors
/// The first [`ChainBreak`]; a checkpoint past the end is reported at the
/// first missing seq.
pub fn verify_chain_with_checkpoints(
    key: &SecretKey,
    rows: impl IntoIterator<Item = (AuditEntry, [u8; 32], [u8; 32])>,
    checkpoints: &[Checkpoint],
) -> Result<VerifiedChain, ChainBreak> {
    let mut pending: BTreeMap<i64, Vec<[u8; 32]>> = BTreeMap::new();
    for cp in checkpoints {
        if cp.seq < FIRST_SEQ {
            // Only "empty log" can be checkpointed before the first row.
            if cp.seq != FIRST_SEQ - 1 || cp.mac != GENESIS_PREV_MAC {
                return Err(ChainBreak {
                    seq: cp.seq,
                    kind: BreakKind::CheckpointMismatch,
                });
            }
            continue;
        }
        pending.entry(cp.seq).or_default().push(cp.mac);
    }

    let mut expected_seq = FIRST_SEQ;
    let mut prev = GENESIS_PREV_MAC;
    let mut count = 0u64;
    for (entry, prev_mac, mac) in rows {
        let seq = expected_seq;
        if entry.seq != seq {
            return Err(ChainBreak {
                seq,
                kind: BreakKind::SequenceMismatch { found: entry.seq },
            });
        }
        if prev_mac != prev {
            return Err(ChainBreak {
                seq,
                kind: BreakKind::PrevMacMismatch,
            });
        }
        // Constant-time comparison.
        if chain_hmac(key, &prev_mac, &entry)
            .verify_slice(&mac)
            .is_err()
        {
            return Err(ChainBreak {
                seq,
                kind: BreakKind::MacMismatch,
            });
        }
        if let Some(signed) = pending.remove(&seq)
            && signed.iter().any(|m| *m != mac)
        {
            return Err(ChainBreak {
                seq,
                kind: BreakKind::CheckpointMismatch,
            });
        }
        prev = mac;
        count += 1;
        expected_seq = seq.saturating_add(1);
    }
    if let Some(&checkpoint_seq) = pending.keys().next() {
        return Err(ChainBreak {
            seq: expected_seq,
            kind: BreakKind::Truncated { checkpoint_seq },
        });
    }
    Ok(VerifiedChain {
        last_seq: expected_seq - 1,
        last_mac: prev,
        count,
    })
}

/// The chain head at a point in time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// Seq of the head row (0 for an empty log).
    pub seq: i64,
    /// Its mac.
    pub mac: [u8; 32],
    /// When the checkpoint was taken; signed at microsecond precision.
    pub created_at: DateTime<Utc>,
}

impl Checkpoint {
    /// The head of a verified chain.
    pub fn of(chain: &VerifiedChain, created_at: DateTime<Utc>) -> Checkpoint {
        Checkpoint {
            seq: chain.last_seq,
            mac: chain.last_mac,
            created_at,
        }
    }

    fn signed_message(&self) -> Vec<u8> {
        let mut msg = Vec::with_capacity(CHECKPOINT_LABEL.len() + 56);
        put_lp(&mut msg, CHECKPOINT_LABEL);
        msg.extend_from_slice(&self.seq.to_be_bytes());
        msg.extend_from_slice(&self.mac);
        msg.extend_from_slice(&self.created_at.timestamp_micros().to_be_bytes());
        msg
    }

    /// Signs `(seq, mac, created_at)`. `created_at` is cut to microseconds
    /// first so the text form round-trips exactly.
    pub fn sign(&self, signer: &CheckpointSigner) -> SignedCheckpoint {
        let checkpoint = Checkpoint {
            created_at: DateTime::from_timestamp_micros(self.created_at.timestamp_micros())
                .unwrap_or(self.created_at),
            ..self.clone()
        };
        let signature = signer.key.sign(&checkpoint.signed_message()).to_bytes();
        SignedCheckpoint {
            checkpoint,
            signature,
            public_key: signer.public_key(),
        }
    }
}

/// Ed25519 key for checkpoints, derived deterministically from the keyring
/// (`Purpose::AuditCheckpoint`), so the public key is stable for as long as
/// `audit_seed` is. The signing key is wiped on drop (ed25519-dalek
/// "zeroize").
pub struct CheckpointSigner {
    key: SigningKey,
}

impl CheckpointSigner {
    /// From the `AuditCheckpoint` key (used as the Ed25519 seed).
    pub fn from_key(key: &SecretKey) -> CheckpointSigner {
        CheckpointSigner {
            key: SigningKey::from_bytes(key.expose_secret()),
        }
    }

    /// From a keyring.
    pub fn from_keyring(keyring: &Keyring) -> CheckpointSigner {
        Self::from_key(&keyring.derive(Purpose::AuditCheckpoint))
    }

    /// The public key to publish to whoever stores checkpoints off-host.
    pub fn public_key(&self) -> CheckpointPublicKey {
        CheckpointPublicKey(self.key.verifying_key())
    }
}

impl fmt::Debug for CheckpointSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CheckpointSigner")
            .field("public_key", &self.public_key())
            .finish_non_exhaustive()
    }
}

/// Ed25519 public key that checkpoints are verified against.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct CheckpointPublicKey(VerifyingKey);

impl CheckpointPublicKey {
    /// 64 lowercase hex digits.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0.as_bytes())
    }

    /// Parses 64 hex digits.
    ///
    /// # Errors
    /// [`CheckpointError::Malformed`] for bad hex or an invalid curve point.
    pub fn from_hex(text: &str) -> Result<CheckpointPublicKey, CheckpointError> {
        let bytes: [u8; 32] = parse_hex_array(text, "pub")?;
        VerifyingKey::from_bytes(&bytes)
            .map(CheckpointPublicKey)
            .map_err(|_| CheckpointError::Malformed("pub is not an Ed25519 public key"))
    }

    /// Raw key bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        self.0.as_bytes()
    }
}

impl fmt::Debug for CheckpointPublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CheckpointPublicKey({})", self.to_hex())
    }
}

/// Checkpoint parsing and verification errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CheckpointError {
    /// The line does not have the expected shape.
    #[error("checkpoint line: {0}")]
    Malformed(&'static str),
    /// `pub=` is not the key we trust (re-signed by someone else).
    #[error("checkpoint signed by an untrusted key")]
    UntrustedKey,
    /// The signature does not cover these values.
    #[error("checkpoint signature is invalid")]
    BadSignature,
}

/// A checkpoint with its signature; stored off-host as one line of text:
///
/// ```text
/// kinlink-checkpoint v1 seq=<n> mac=<hex> at=<rfc3339> sig=<hex> pub=<hex>
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedCheckpoint {
    /// The signed values.
    pub checkpoint: Checkpoint,
    /// Ed25519 signature over the checkpoint's canonical message.
    pub signature: [u8; 64],
    /// Key that signed it (informational; trust comes from `verify`'s argument).
    pub public_key: CheckpointPublicKey,
}

impl SignedCheckpoint {
    /// The one-line text form.
    pub fn to_line(&self) -> String {
        self.to_string()
    }

    /// Parses the text form (surrounding whitespace ignored). Does not verify.
    ///
    /// # Errors
    /// [`CheckpointError::Malformed`] naming the bad field.
    pub fn parse(line: &str) -> Result<SignedCheckpoint, CheckpointError> {
        let mut parts = line.trim().split(' ');
        if parts.next() != Some("kinlink-checkpoint") {
            return Err(CheckpointError::Malformed("not a kinlink checkpoint"));
        }
        if parts.next() != Some("v1") {
            return Err(CheckpointError::Malformed("unsupported version"));
        }
        let mut next = |prefix: &'static str, missing: &'static str| {
            parts
                .next()
                .and_then(|p| p.strip_prefix(prefix))
                .ok_or(CheckpointError::Malformed(missing))
        };
        let seq = next("seq=", "missing seq=")?
            .parse::<i64>()
            .map_err(|_| CheckpointError::Malformed("seq is not an integer"))?;
        let mac = parse_hex_array(next("mac=", "missing mac=")?, "mac")?;
        let created_at = DateTime::parse_from_rfc3339(next("at=", "missing at=")?)
            .map_err(|_| CheckpointError::Malformed("at is not an RFC 3339 time"))?
            .with_timezone(&Utc);
        let signature = parse_hex_array(next("sig=", "missing sig=")?, "sig")?;
        let public_key = CheckpointPublicKey::from_hex(next("pub=", "missing pub=")?)?;
        if parts.next().is_some() {
            return Err(CheckpointError::Malformed("trailing fields"));
        }
        Ok(SignedCheckpoint {
            checkpoint: Checkpoint {
                seq,
                mac,
                created_at,
            },
            signature,
            public_key,
        })
    }

    /// Checks the signature against `trusted` (the keyring's checkpoint key,
    /// or the copy held off-host) and returns the checkpoint.
    ///
    /// # Errors
    /// [`CheckpointError::UntrustedKey`] if signed by another key,
    /// [`CheckpointError::BadSignature`] if any value was altered.
    pub fn verify(&self, trusted: &CheckpointPublicKey) -> Result<&Checkpoint, CheckpointError> {
        if self.public_key != *trusted {
            return Err(CheckpointError::UntrustedKey);
        }
        trusted
            .0
            .verify_strict(
                &self.checkpoint.signed_message(),
                &Signature::from_bytes(&self.signature),
            )
            .map_err(|_| CheckpointError::BadSignature)?;
        Ok(&self.checkpoint)
    }
}

impl fmt::Display for SignedCheckpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "kinlink-checkpoint v1 seq={} mac={} at={} sig={} pub={}",
            self.checkpoint.seq,
            hex::encode(self.checkpoint.mac),
            self.checkpoint
                .created_at
                .to_rfc3339_opts(SecondsFormat::Micros, true),
            hex::encode(self.signature),
            self.public_key.to_hex()
        )
    }
}

fn parse_hex_array<const N: usize>(
    text: &str,
    what: &'static str,
) -> Result<[u8; N], CheckpointError> {
    let mut out = [0u8; N];
    hex::decode_to_slice(text, &mut out).map_err(|_| {
        CheckpointError::Malformed(match what {
            "mac" => "mac is not 64 hex digits",
            "sig" => "sig is not 128 hex digits",
            _ => "pub is not 64 hex digits",
        })
    })?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use proptest::prelude::*;

    /// A fixed moment for checkpoints made in tests.
    fn test_now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-06-01T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    type Row = (AuditEntry, [u8; 32], [u8; 32]);

    fn ts(micros: i64) -> NaiveDateTime {
        DateTime::from_timestamp_micros(1_795_000_000_000_000 + micros)
            .unwrap()
            .naive_utc()
    }

    fn entry(seq: i64) -> AuditEntry {
        AuditEntry {
            seq,
            ts_utc: ts(seq * 1_000_001),
            actor: "6f9619ff-8b86-d011-b42d-00cf4fc964ff".into(),
            actor_role: "caseworker".into(),
            action: "record.decrypt".into(),
            object_type: "person".into(),
            object_id: Some(format!("p-{seq}")),
            case_id: Some("c-1".into()),
            reason_code: Some("match_review".into()),
            outcome: "ok".into(),
        }
    }

    fn build(key: &SecretKey, entries: Vec<AuditEntry>) -> Vec<Row> {
        let mut prev = GENESIS_PREV_MAC;
        entries
            .into_iter()
            .map(|e| {
                let mac = chain_mac(key, &prev, &e);
                let row = (e, prev, mac);
                prev = mac;
                row
            })
            .collect()
    }

    fn key() -> SecretKey {
        SecretKey::from_bytes([9; 32])
    }

    #[test]
    fn canonical_and_mac_match_independent_vector() {
        // Python: struct.pack('>Q', len)+bytes per string, '>q' for seq and
        // microseconds, b'\x00' / b'\x01'+lp for options; hmac.new(...).
        let e = AuditEntry {
            seq: 42,
            ts_utc: NaiveDate::from_ymd_opt(2026, 11, 20)
                .unwrap()
                .and_hms_micro_opt(10, 30, 0, 123_456)
                .unwrap(),
            actor: "a1".into(),
            actor_role: "admin".into(),
            action: "key.rotate".into(),
            object_type: "keyring".into(),
            object_id: None,
            case_id: Some(String::new()),
            reason_code: Some("rotation".into()),
            outcome: "ok".into(),
        };
        assert_eq!(
            hex::encode(canonical(&e)),
            "00000000000000106b696e6c696e6b2e61756469742e7631000000000000002a000660b2b9ee7c4000000000000000026131000000000000000561646d696e000000000000000a6b65792e726f7461746500000000000000076b657972696e6700010000000000000000010000000000000008726f746174696f6e00000000000000026f6b"
        );
        assert_eq!(
            hex::encode(chain_mac(&key(), &[0xee; 32], &e)),
            "8ff6e6250649f2e4bc9da07af23c925f333f0777578fd2f89b35bdaca0c63463"
        );
    }

    #[test]
    fn canonical_is_unambiguous() {
        let base = entry(1);
        let c = canonical(&base);
        let mut shifted = base.clone();
        shifted.actor.push('c');
        shifted.actor_role.remove(0);
        assert_ne!(canonical(&shifted), c);
        let mut none_vs_empty = base.clone();
        none_vs_empty.object_id = None;
        let mut empty = base.clone();
        empty.object_id = Some(String::new());
        assert_ne!(canonical(&none_vs_empty), canonical(&empty));
        // Moving a value between two optional columns changes the encoding.
        let mut a = base.clone();
        a.case_id = None;
        a.reason_code = Some("x".into());
        let mut b = base.clone();
        b.case_id = Some("x".into());
        b.reason_code = None;
        assert_ne!(canonical(&a), canonical(&b));
        // Sub-microsecond noise is not part of the record.
        let mut nanos = base.clone();
        nanos.ts_utc += chrono::Duration::nanoseconds(999);
        assert_eq!(canonical(&nanos), c);
        assert_eq!(micros_precision(nanos.ts_utc), base.ts_utc);
    }

    #[test]
    fn intact_chains_verify() {
        let k = key();
        assert_eq!(
            verify_chain(&k, Vec::new()),
            Ok(VerifiedChain {
                last_seq: 0,
                last_mac: GENESIS_PREV_MAC,
                count: 0
            })
        );
        let rows = build(&k, (1..=5).map(entry).collect());
        let last_mac = rows[4].2;
        assert_eq!(
            verify_chain(&k, rows.clone()),
            Ok(VerifiedChain {
                last_seq: 5,
                last_mac,
                count: 5
            })
        );
        // Another key cannot vouch for it.
        assert_eq!(
            verify_chain(&SecretKey::from_bytes([8; 32]), rows).unwrap_err(),
            ChainBreak {
                seq: 1,
                kind: BreakKind::MacMismatch
            }
        );
    }

    #[test]
    fn specific_tampering_is_located() {
        let k = key();
        let rows = build(&k, (1..=6).map(entry).collect());

        let mut edited = rows.clone();
        edited[3].0.outcome = "denied".into();
        assert_eq!(
            verify_chain(&k, edited).unwrap_err(),
            ChainBreak {
                seq: 4,
                kind: BreakKind::MacMismatch
            }
        );

        let mut deleted = rows.clone();
        deleted.remove(2);
        assert_eq!(
            verify_chain(&k, deleted).unwrap_err(),
            ChainBreak {
                seq: 3,
                kind: BreakKind::SequenceMismatch { found: 4 }
            }
        );

        // Deleted and the later rows renumbered to hide the gap.
        let mut renumbered = rows.clone();
        renumbered.remove(2);
        for (i, row) in renumbered.iter_mut().enumerate() {
            row.0.seq = i as i64 + 1;
        }
        assert_eq!(
            verify_chain(&k, renumbered).unwrap_err(),
            ChainBreak {
                seq: 3,
                kind: BreakKind::PrevMacMismatch
            }
        );

        let mut first_gone = rows.clone();
        first_gone.remove(0);
        assert_eq!(verify_chain(&k, first_gone).unwrap_err().seq, 1);

        let err = verify_chain(&k, rows[1..].to_vec()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "audit chain broken at seq 1: found seq 2 instead (row deleted, inserted or reordered)"
        );
    }

    #[test]
    fn truncation_needs_a_checkpoint() {
        let k = key();
        let rows = build(&k, (1..=5).map(entry).collect());
        let signer = CheckpointSigner::from_key(&SecretKey::from_bytes([3; 32]));
        let head = verify_chain(&k, rows.clone()).unwrap();
        let cp = Checkpoint::of(&head, test_now());
        let signed = cp.sign(&signer);
        let trusted = signer.public_key();
        let cp = signed.verify(&trusted).unwrap().clone();

        // Last two rows removed: the chain alone still verifies...
        assert!(verify_chain(&k, rows[..3].to_vec()).is_ok());
        // ...but not against the checkpoint.
        assert_eq!(
            verify_chain_with_checkpoints(&k, rows[..3].to_vec(), std::slice::from_ref(&cp))
                .unwrap_err(),
            ChainBreak {
                seq: 4,
                kind: BreakKind::Truncated { checkpoint_seq: 5 }
            }
        );
        assert_eq!(
            verify_chain_with_checkpoints(&k, rows.clone(), std::slice::from_ref(&cp)),
            Ok(head)
        );
        // Rows appended after the checkpoint are fine.
        let longer = build(&k, (1..=7).map(entry).collect());
        assert!(verify_chain_with_checkpoints(&k, longer, std::slice::from_ref(&cp)).is_ok());

        // A chain rebuilt by someone holding the HMAC key (e.g. after the key
        // leaked) differs from the signed head.
        let mut forged_entries: Vec<AuditEntry> = (1..=5).map(entry).collect();
        forged_entries[1].outcome = "denied".into();
        let forged = build(&k, forged_entries);
        assert_eq!(
            verify_chain_with_checkpoints(&k, forged, std::slice::from_ref(&cp)).unwrap_err(),
            ChainBreak {
                seq: 5,
                kind: BreakKind::CheckpointMismatch
            }
        );

        // Empty-log checkpoint.
        let empty = Checkpoint::of(&verify_chain(&k, Vec::new()).unwrap(), test_now());
        assert_eq!(empty.seq, 0);
        assert!(
            verify_chain_with_checkpoints(&k, rows.clone(), std::slice::from_ref(&empty)).is_ok()
        );
        let bogus = Checkpoint {
            mac: [1; 32],
            ..empty
        };
        assert_eq!(
            verify_chain_with_checkpoints(&k, rows, &[bogus])
                .unwrap_err()
                .kind,
            BreakKind::CheckpointMismatch
        );
    }

    #[test]
    fn checkpoint_key_is_rfc8032_ed25519() {
        // RFC 8032 §7.1 test 1: this seed has this public key, and the empty
        // message signs to this signature.
        let seed: [u8; 32] =
            hex::decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
                .unwrap()
                .try_into()
                .unwrap();
        let signer = CheckpointSigner::from_key(&SecretKey::from_bytes(seed));
        assert_eq!(
            signer.public_key().to_hex(),
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
        );
        assert_eq!(
            hex::encode(signer.key.sign(b"").to_bytes()),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155\
             5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"
        );
        let keyring = Keyring::generate();
        assert_eq!(
            CheckpointSigner::from_keyring(&keyring).public_key(),
            CheckpointSigner::from_keyring(&keyring).public_key()
        );
        assert!(!format!("{signer:?}").contains("9d61b19d"));
    }

    #[test]
    fn checkpoint_text_round_trips_and_verifies() {
        let keyring = Keyring::generate();
        let signer = CheckpointSigner::from_keyring(&keyring);
        let trusted = signer.public_key();
        let cp = Checkpoint {
            seq: 1234,
            mac: [0x5a; 32],
            created_at: DateTime::from_timestamp(1_795_000_000, 123_456_789).unwrap(),
        };
        let signed = cp.sign(&signer);
        let line = signed.to_line();
        assert!(line.starts_with(&format!(
            "kinlink-checkpoint v1 seq=1234 mac={} at=2026-11-18T",
            "5a".repeat(32)
        )));
        assert!(line.contains(".123456Z sig="), "{line}");
        assert!(line.ends_with(&format!("pub={}", trusted.to_hex())));
        assert!(!line.contains('\n'));

        let parsed = SignedCheckpoint::parse(&format!("  {line}\n")).unwrap();
        assert_eq!(parsed, signed);
        let ok = parsed.verify(&trusted).unwrap();
        assert_eq!(ok.seq, 1234);
        assert_eq!(ok.created_at.timestamp_subsec_micros(), 123_456);

        // Any altered value breaks the signature.
        let edits = [
            line.replace("seq=1234", "seq=1235"),
            line.replace(&"5a".repeat(32), &format!("5b{}", "5a".repeat(31))),
            line.replace(".123456Z", ".123457Z"),
        ];
        for bad in edits {
            let parsed = SignedCheckpoint::parse(&bad).unwrap();
            assert_eq!(parsed.verify(&trusted), Err(CheckpointError::BadSignature));
        }
        // Flipped signature byte.
        let mut flipped = signed.clone();
        flipped.signature[10] ^= 1;
        assert_eq!(flipped.verify(&trusted), Err(CheckpointError::BadSignature));

        // Re-signed by another key: the embedded pub= is not trusted.
        let attacker = CheckpointSigner::from_keyring(&Keyring::generate());
        let forged = cp.sign(&attacker);
        assert_eq!(forged.verify(&trusted), Err(CheckpointError::UntrustedKey));
        let mut swapped_pub = forged.clone();
        swapped_pub.public_key = trusted;
        assert_eq!(
            swapped_pub.verify(&trusted),
            Err(CheckpointError::BadSignature)
        );
    }

    #[test]
    fn malformed_checkpoint_lines_are_rejected() {
        let signer = CheckpointSigner::from_key(&SecretKey::from_bytes([4; 32]));
        let line = Checkpoint {
            seq: 1,
            mac: [0; 32],
            created_at: test_now(),
        }
        .sign(&signer)
        .to_line();
        let pub_hex = signer.public_key().to_hex();
        let cases = [
            ("", "not a kinlink checkpoint"),
            ("kinlink-checkpointx v1", "not a kinlink checkpoint"),
            (&line.replace(" v1 ", " v2 "), "unsupported version"),
            (&line.replace("seq=1", "seq=one"), "seq is not an integer"),
            (&line.replace("mac=00", "mac=0"), "mac is not 64 hex digits"),
            (&line.replace("at=", "at=x"), "at is not an RFC 3339 time"),
            (&line.replace("sig=", "sig=00"), "sig is not 128 hex digits"),
            (
                &line.replace(&pub_hex, &"zz".repeat(32)),
                "pub is not 64 hex digits",
            ),
            (&format!("{line} extra=1"), "trailing fields"),
            (&line.replace(" pub=", " key="), "missing pub="),
        ];
        for (text, why) in cases {
            assert_eq!(
                SignedCheckpoint::parse(text),
                Err(CheckpointError::Malformed(why)),
                "{text}"
            );
        }
    }

    fn arb_opt() -> impl Strategy<Value = Option<String>> {
        proptest::option::of("[a-z0-9-]{0,12}")
    }

    prop_compose! {
        fn arb_entry()(
            dt in 0i64..10_000_000_000,
            actor in "[0-9a-f-]{1,36}",
            actor_role in "(registrant|caseworker|admin|auditor)",
            action in "[a-z.]{1,20}",
            object_type in "[a-z]{1,10}",
            object_id in arb_opt(),
            case_id in arb_opt(),
            reason_code in arb_opt(),
            outcome in "(ok|denied|error)",
        ) -> AuditEntry {
            AuditEntry {
                seq: 0,
                ts_utc: ts(dt),
                actor, actor_role, action, object_type, object_id, case_id, reason_code, outcome,
            }
        }
    }

    fn arb_chain() -> impl Strategy<Value = Vec<Row>> {
        proptest::collection::vec(arb_entry(), 1..12).prop_map(|mut entries| {
            for (i, e) in entries.iter_mut().enumerate() {
                e.seq = i as i64 + 1;
            }
            build(&key(), entries)
        })
    }

    /// Changes field `field` of a row so that its stored form differs.
    fn edit(row: &mut Row, field: u8, delta: i64) {
        let toggle = |o: &mut Option<String>| {
            *o = match o.take() {
                None => Some(String::new()),
                Some(_) => None,
            }
        };
        let e = &mut row.0;
        match field {
            0 => e.seq += delta,
            1 => e.ts_utc += chrono::Duration::microseconds(delta),
            2 => e.actor.push('0'),
            3 => e.actor_role.push('x'),
            4 => e.action.push('.'),
            5 => e.object_type.push('x'),
            6 => toggle(&mut e.object_id),
            7 => toggle(&mut e.case_id),
            8 => toggle(&mut e.reason_code),
            9 => e.outcome.push('!'),
            10 => row.1[(delta.unsigned_abs() % 32) as usize] ^= 1,
            _ => row.2[(delta.unsigned_abs() % 32) as usize] ^= 0x80,
        }
    }

    proptest! {
        #[test]
        fn prop_intact_chain_verifies(rows in arb_chain()) {
            let n = rows.len();
            let last = rows[n - 1].2;
            let v = verify_chain(&key(), rows).unwrap();
            prop_assert_eq!(v, VerifiedChain { last_seq: n as i64, last_mac: last, count: n as u64 });
        }

        #[test]
        fn prop_any_edit_is_detected_at_its_seq(
            mut rows in arb_chain(),
            at in any::<proptest::sample::Index>(),
            field in 0u8..12,
            delta in prop_oneof![-5i64..=-1, 1i64..=5],
        ) {
            let k = at.index(rows.len());
            edit(&mut rows[k], field, delta);
            let err = verify_chain(&key(), rows).unwrap_err();
            prop_assert_eq!(err.seq, k as i64 + 1);
        }

        #[test]
        fn prop_any_deletion_is_detected_at_its_seq(
            mut rows in arb_chain(),
            at in any::<proptest::sample::Index>(),
            renumber in any::<bool>(),
        ) {
            let n = rows.len();
            let k = at.index(n);
            let head = Checkpoint {
                seq: n as i64,
                mac: rows[n - 1].2,
                created_at: test_now(),
            };
            rows.remove(k);
            if renumber {
                for (i, row) in rows.iter_mut().enumerate() {
                    row.0.seq = i as i64 + 1;
                }
            }
            let err = verify_chain_with_checkpoints(&key(), rows.clone(), &[head]).unwrap_err();
            prop_assert_eq!(err.seq, k as i64 + 1);
            if k + 1 < n {
                // Without the checkpoint, too, unless the tail row went.
                prop_assert_eq!(verify_chain(&key(), rows).unwrap_err().seq, k as i64 + 1);
            }
        }

        #[test]
        fn prop_any_swap_is_detected_at_the_first_swapped_seq(
            mut rows in arb_chain(),
            a in any::<proptest::sample::Index>(),
            b in any::<proptest::sample::Index>(),
            keep_seq_column in any::<bool>(),
        ) {
            let (i, j) = (a.index(rows.len()), b.index(rows.len()));
            prop_assume!(i != j);
            let (i, j) = (i.min(j), i.max(j));
            rows.swap(i, j);
            if keep_seq_column {
                // Contents swapped but the seq values left in place.
                let (si, sj) = (rows[i].0.seq, rows[j].0.seq);
                rows[i].0.seq = sj;
                rows[j].0.seq = si;
            }
            let err = verify_chain(&key(), rows).unwrap_err();
            prop_assert_eq!(err.seq, i as i64 + 1);
        }

        #[test]
        fn prop_checkpoint_line_round_trips(seq in 0i64..i64::MAX, mac in any::<[u8; 32]>(), secs in 0i64..4_000_000_000, micros in 0u32..1_000_000) {
            let signer = CheckpointSigner::from_key(&SecretKey::from_bytes([6; 32]));
            let cp = Checkpoint { seq, mac, created_at: DateTime::from_timestamp(secs, micros * 1000).unwrap() };
            let signed = cp.sign(&signer);
            let parsed = SignedCheckpoint::parse(&signed.to_line()).unwrap();
            prop_assert_eq!(parsed.verify(&signer.public_key()).unwrap(), &cp);
        }
    }
}
