//! Argon2id passphrase hashing with a pepper (security.md §5, threat T4).
//!
//! - The pepper is an Argon2 secret kept outside the database, so a dump
//!   alone cannot be cracked offline.
//! - All Argon2 work runs on the blocking pool behind a semaphore of about
//!   one permit per core: each hash holds m KiB of memory, so unbounded
//!   concurrency would let a login flood exhaust memory (T14).
//! - Unknown accounts are verified against a dummy hash with the same
//!   parameters, so timing does not reveal whether an account exists (T7).
//! - Passphrases are NFC-normalised before hashing, matching
//!   [`check_passphrase`](super::passphrase::check_passphrase).

use std::fmt;
use std::sync::Arc;

use argon2::password_hash::{PasswordHasher as _, PasswordVerifier as _};
use argon2::{Algorithm, Argon2, Params, PasswordHash, Version};
use tokio::sync::Semaphore;
use zeroize::Zeroizing;

use super::passphrase::normalize_passphrase;

/// OWASP's equal-strength Argon2id settings (memory KiB, iterations), p=1.
const OWASP_FLOOR: [(u32, u32); 5] = [
    (47_104, 1),
    (19_456, 2),
    (12_288, 3),
    (9_216, 4),
    (7_168, 5),
];

const SALT_LEN: usize = 16;

/// Argon2id cost parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HashParams {
    m_kib: u32,
    t: u32,
    p: u32,
}

impl HashParams {
    /// The OWASP floor: 19 MiB, 2 iterations, 1 lane.
    pub const PRODUCTION: Self = Self {
        m_kib: 19_456,
        t: 2,
        p: 1,
    };

    /// Any values Argon2 accepts, so tests and benchmarks can go lower;
    /// start-up should refuse a production config that fails
    /// [`is_at_least_floor`](Self::is_at_least_floor).
    pub fn new(m_kib: u32, t: u32, p: u32) -> Result<Self, HashError> {
        Params::new(m_kib, t, p, None).map_err(|e| HashError::InvalidParams(e.to_string()))?;
        Ok(Self { m_kib, t, p })
    }

    pub fn m_kib(&self) -> u32 {
        self.m_kib
    }

    pub fn t(&self) -> u32 {
        self.t
    }

    pub fn p(&self) -> u32 {
        self.p
    }

    /// At least as strong as one of OWASP's equal-strength settings.
    pub fn is_at_least_floor(&self) -> bool {
        OWASP_FLOOR
            .iter()
            .any(|&(m, t)| self.m_kib >= m && self.t >= t)
    }

    fn argon2_params(&self) -> Result<Params, HashError> {
        Params::new(self.m_kib, self.t, self.p, None)
            .map_err(|e| HashError::InvalidParams(e.to_string()))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HashError {
    #[error("invalid Argon2 parameters: {0}")]
    InvalidParams(String),
    #[error("Argon2 failed: {0}")]
    Argon2(String),
    #[error("random number generator failed")]
    Rng,
    #[error("hashing task failed")]
    Task,
}

/// Result of [`PasswordHasher::verify`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VerifyOutcome {
    pub ok: bool,
    /// The passphrase was right and the stored hash is weaker than the
    /// configured parameters: hash it again and store the new PHC string.
    pub needs_rehash: bool,
}

impl VerifyOutcome {
    const FAIL: Self = Self {
        ok: false,
        needs_rehash: false,
    };
}

/// Hashes and verifies passphrases; cheap to clone (shared state is in `Arc`s).
#[derive(Clone)]
pub struct PasswordHasher {
    pepper: Arc<Zeroizing<[u8; 32]>>,
    params: HashParams,
    permits: Arc<Semaphore>,
    dummy_phc: Arc<str>,
}

impl fmt::Debug for PasswordHasher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PasswordHasher")
            .field("params", &self.params)
            .field("permits", &self.permits.available_permits())
            .finish_non_exhaustive()
    }
}

impl PasswordHasher {
    /// `permits` bounds concurrent Argon2 runs (about one per core; 0 is
    /// treated as 1). Computes the dummy hash once, synchronously, so the
    /// first unknown-account login is not slower than the rest.
    pub fn new(pepper: &[u8; 32], params: HashParams, permits: usize) -> Result<Self, HashError> {
        let pepper = Arc::new(Zeroizing::new(*pepper));
        let mut random = Zeroizing::new([0u8; 32]);
        getrandom::fill(random.as_mut()).map_err(|_| HashError::Rng)?;
        // The dummy's passphrase is random and discarded: nothing can match it.
        let dummy = hash_blocking(&pepper, params, hex::encode(*random).as_bytes())?;
        Ok(Self {
            pepper,
            params,
            permits: Arc::new(Semaphore::new(permits.max(1))),
            dummy_phc: dummy.into(),
        })
    }

    pub fn params(&self) -> HashParams {
        self.params
    }

    /// A PHC string in exactly the shape of a real one (same parameters, salt and hash
    /// lengths) that no passphrase matches: it fills the slot of an unset secret, such as every
    /// account's duress passphrase, so a stolen database cannot tell which slots hold one.
    pub fn unmatchable_phc(&self) -> String {
        use base64::Engine;
        let b64 = base64::engine::general_purpose::STANDARD_NO_PAD;
        let mut salt = [0u8; SALT_LEN];
        let mut hash = [0u8; 32];
        getrandom::fill(&mut salt).expect("the operating system's random source");
        getrandom::fill(&mut hash).expect("the operating system's random source");
        format!(
            "$argon2id$v=19$m={},t={},p={}${}${}",
            self.params.m_kib,
            self.params.t,
            self.params.p,
            b64.encode(salt),
            b64.encode(hash)
        )
    }

    /// Hashes a passphrase into a PHC string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`).
    pub async fn hash(&self, passphrase: String) -> Result<String, HashError> {
        let passphrase = Zeroizing::new(passphrase);
        // Taken before spawning and moved into the task, so the permit is
        // held for as long as the Argon2 memory is, even if the caller's
        // future is dropped mid-way.
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| HashError::Task)?;
        let pepper = Arc::clone(&self.pepper);
        let params = self.params;
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let nfc = normalize_passphrase(&passphrase);
            hash_blocking(&pepper, params, nfc.as_bytes())
        })
        .await
        .map_err(|_| HashError::Task)?
    }

    /// Verifies a passphrase against a stored PHC string. `None` (unknown
    /// account) and unparsable strings are checked against the dummy hash
    /// so they cost the same time, and always fail.
    pub async fn verify(&self, phc: Option<String>, passphrase: String) -> VerifyOutcome {
        let passphrase = Zeroizing::new(passphrase);
        let Ok(permit) = self.permits.clone().acquire_owned().await else {
            return VerifyOutcome::FAIL;
        };
        let pepper = Arc::clone(&self.pepper);
        let params = self.params;
        let dummy = Arc::clone(&self.dummy_phc);
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let nfc = normalize_passphrase(&passphrase);
            verify_blocking(&pepper, params, &dummy, phc.as_deref(), nfc.as_bytes())
        })
        .await
        .unwrap_or(VerifyOutcome::FAIL)
    }
}

fn argon2(pepper: &[u8; 32], params: HashParams) -> Result<Argon2<'_>, HashError> {
    Argon2::new_with_secret(
        pepper,
        Algorithm::Argon2id,
        Version::V0x13,
        params.argon2_params()?,
    )
    .map_err(|e| HashError::Argon2(e.to_string()))
}

fn hash_blocking(
    pepper: &[u8; 32],
    params: HashParams,
    passphrase: &[u8],
) -> Result<String, HashError> {
    let mut salt = [0u8; SALT_LEN];
    getrandom::fill(&mut salt).map_err(|_| HashError::Rng)?;
    let hash = argon2(pepper, params)?
        .hash_password_with_salt(passphrase, &salt)
        .map_err(|e| HashError::Argon2(e.to_string()))?;
    Ok(hash.to_string())
}

/// Only Argon2id v1.3 hashes are ours; anything else is treated as unknown.
fn parse_ours(phc: &str) -> Option<PasswordHash> {
    let hash = PasswordHash::new(phc).ok()?;
    let ours = hash.algorithm.as_str() == "argon2id" && hash.version == Some(0x13);
    ours.then_some(hash)
}

fn verify_blocking(
    pepper: &[u8; 32],
    params: HashParams,
    dummy: &str,
    phc: Option<&str>,
    passphrase: &[u8],
) -> VerifyOutcome {
    let Ok(argon) = argon2(pepper, params) else {
        return VerifyOutcome::FAIL;
    };
    match phc.and_then(parse_ours) {
        Some(stored) => {
            let ok = argon.verify_password(passphrase, &stored).is_ok();
            VerifyOutcome {
                ok,
                needs_rehash: ok && weaker_than(&stored, params),
            }
        }
        None => {
            // Same work as a real verification; the result is irrelevant.
            if let Some(dummy) = parse_ours(dummy) {
                let _ = argon.verify_password(passphrase, &dummy);
            }
            VerifyOutcome::FAIL
        }
    }
}

/// True if any stored cost parameter is below the configured one.
fn weaker_than(stored: &PasswordHash, configured: HashParams) -> bool {
    match Params::try_from(stored) {
        Ok(p) => {
            p.m_cost() < configured.m_kib || p.t_cost() < configured.t || p.p_cost() < configured.p
        }
        Err(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PEPPER: [u8; 32] = [7; 32];
    const PASS: &str = "copper lantern orchid velvet harbor";

    fn fast() -> HashParams {
        // Far below the floor: keeps the suite quick.
        HashParams::new(256, 1, 1).unwrap()
    }

    fn hasher(pepper: &[u8; 32], params: HashParams) -> PasswordHasher {
        PasswordHasher::new(pepper, params, 2).unwrap()
    }

    #[tokio::test]
    async fn unmatchable_hashes_look_like_real_ones_and_match_nothing() {
        let h = hasher(&PEPPER, fast());
        let real = h.hash(PASS.into()).await.unwrap();
        let fake = h.unmatchable_phc();
        assert_eq!(real.len(), fake.len());
        let shape = |s: &str| s.rsplitn(3, '$').nth(2).unwrap().to_string();
        assert_eq!(shape(&real), shape(&fake), "same algorithm and parameters");
        assert!(parse_ours(&fake).is_some());
        assert!(!h.verify(Some(fake), PASS.into()).await.ok);
    }

    #[tokio::test]
    async fn round_trip() {
        let h = hasher(&PEPPER, fast());
        let phc = h.hash(PASS.into()).await.unwrap();
        let out = h.verify(Some(phc), PASS.into()).await;
        assert_eq!(
            out,
            VerifyOutcome {
                ok: true,
                needs_rehash: false
            }
        );
    }

    #[tokio::test]
    async fn salts_differ() {
        let h = hasher(&PEPPER, fast());
        let a = h.hash(PASS.into()).await.unwrap();
        let b = h.hash(PASS.into()).await.unwrap();
        assert_ne!(a, b);
    }

    #[tokio::test]
    async fn wrong_passphrase_fails() {
        let h = hasher(&PEPPER, fast());
        let phc = h.hash(PASS.into()).await.unwrap();
        let out = h
            .verify(Some(phc), "copper lantern orchid velvet harbour".into())
            .await;
        assert_eq!(out, VerifyOutcome::FAIL);
    }

    #[tokio::test]
    async fn wrong_pepper_fails() {
        let phc = hasher(&PEPPER, fast()).hash(PASS.into()).await.unwrap();
        let other = hasher(&[8; 32], fast());
        assert!(!other.verify(Some(phc), PASS.into()).await.ok);
    }

    #[tokio::test]
    async fn nfc_forms_verify_alike() {
        let h = hasher(&PEPPER, fast());
        let composed = "caf\u{e9} au lait, s'il vous pla\u{ee}t";
        let decomposed = "cafe\u{301} au lait, s'il vous plai\u{302}t";
        let phc = h.hash(composed.into()).await.unwrap();
        assert!(h.verify(Some(phc), decomposed.into()).await.ok);
    }

    #[tokio::test]
    async fn needs_rehash_when_config_raised() {
        let old = hasher(&PEPPER, fast());
        let phc = old.hash(PASS.into()).await.unwrap();

        let raised = hasher(&PEPPER, HashParams::new(512, 2, 1).unwrap());
        let out = raised.verify(Some(phc.clone()), PASS.into()).await;
        assert_eq!(
            out,
            VerifyOutcome {
                ok: true,
                needs_rehash: true
            }
        );
        // A wrong passphrase never asks for a rehash.
        let out = raised
            .verify(Some(phc.clone()), "not the passphrase".into())
            .await;
        assert_eq!(out, VerifyOutcome::FAIL);

        // Stored stronger than configured: no rehash (never downgrade).
        let strong = raised.hash(PASS.into()).await.unwrap();
        let out = old.verify(Some(strong), PASS.into()).await;
        assert_eq!(
            out,
            VerifyOutcome {
                ok: true,
                needs_rehash: false
            }
        );
    }

    #[tokio::test]
    async fn unknown_account_and_garbage_fail() {
        let h = hasher(&PEPPER, fast());
        // Exercises the dummy path; timing is checked black-box (T7), not here.
        assert_eq!(h.verify(None, PASS.into()).await, VerifyOutcome::FAIL);
        assert_eq!(
            h.verify(Some("not a phc string".into()), PASS.into()).await,
            VerifyOutcome::FAIL
        );
        // An argon2i hash of the right passphrase is not ours.
        let phc = h
            .hash(PASS.into())
            .await
            .unwrap()
            .replacen("argon2id", "argon2i", 1);
        assert_eq!(h.verify(Some(phc), PASS.into()).await, VerifyOutcome::FAIL);
        // The dummy itself is a well-formed hash with the configured params.
        assert!(h.dummy_phc.starts_with("$argon2id$v=19$m=256,t=1,p=1$"));
    }

    #[tokio::test]
    async fn production_params_phc_format() {
        let h = hasher(&PEPPER, HashParams::PRODUCTION);
        let phc = h.hash(PASS.into()).await.unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(h.verify(Some(phc), PASS.into()).await.ok);
    }

    #[test]
    fn floor() {
        assert!(HashParams::PRODUCTION.is_at_least_floor());
        assert!(HashParams::new(65_536, 3, 1).unwrap().is_at_least_floor());
        assert!(HashParams::new(47_104, 1, 1).unwrap().is_at_least_floor());
        assert!(HashParams::new(7_168, 5, 1).unwrap().is_at_least_floor());
        assert!(!HashParams::new(19_455, 2, 1).unwrap().is_at_least_floor());
        assert!(!HashParams::new(19_456, 1, 1).unwrap().is_at_least_floor());
        assert!(!fast().is_at_least_floor());
    }

    #[test]
    fn invalid_params_refused() {
        assert!(HashParams::new(4, 1, 1).is_err());
        assert!(HashParams::new(1024, 0, 1).is_err());
        assert!(HashParams::new(1024, 1, 0).is_err());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_use_is_bounded_but_completes() {
        let h = PasswordHasher::new(&PEPPER, fast(), 1).unwrap();
        let tasks: Vec<_> = (0..4)
            .map(|_| {
                let h = h.clone();
                tokio::spawn(async move { h.hash(PASS.into()).await })
            })
            .collect();
        for t in tasks {
            let phc = t.await.unwrap().unwrap();
            assert!(h.verify(Some(phc), PASS.into()).await.ok);
        }
        assert_eq!(h.permits.available_permits(), 1);
    }
}
