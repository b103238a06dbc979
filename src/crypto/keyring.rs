//! Root secrets and per-purpose key derivation (security.md §2 "Key hierarchy").
//!
//! The keyring lives outside the database: a root-owned 0400 TOML file (or a
//! systemd credential) read once at startup. Versioned KEKs wrap the per-record
//! data keys; every other key is derived from a single-purpose root with
//! HKDF-SHA256 and its own `info` label, so no key is ever used for two jobs.

use std::collections::BTreeMap;
use std::fmt;

use base64::Engine as _;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use hkdf::Hkdf;
use sha2::Sha256;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use super::sealed_box::{BoxPublic, BoxSecret};

/// Length of every root and derived key.
pub const KEY_LEN: usize = 32;

const KDF_SALT: &[u8] = b"kinlink-kdf-v1";
const FILE_FORMAT: i64 = 1;

/// A 32-byte secret that is wiped when dropped and never printed.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct SecretKey([u8; KEY_LEN]);

impl SecretKey {
    /// Wraps existing key bytes (e.g. from a KMS). The caller should wipe its copy.
    pub fn from_bytes(bytes: [u8; KEY_LEN]) -> Self {
        Self(bytes)
    }

    /// Borrows the raw key bytes; keep the borrow short and never log it.
    pub fn expose_secret(&self) -> &[u8; KEY_LEN] {
        &self.0
    }

    /// 32 bytes from the OS CSPRNG, written in place so no stack copy lingers.
    ///
    /// # Panics
    /// If the operating system's random number generator fails; there is no
    /// safe way to continue without randomness.
    pub(crate) fn random() -> Self {
        let mut key = Self([0; KEY_LEN]);
        fill_random(&mut key.0);
        key
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey([redacted])")
    }
}

/// Fills `buf` from the OS CSPRNG.
///
/// # Panics
/// If the operating system's random number generator fails.
pub(crate) fn fill_random(buf: &mut [u8]) {
    getrandom::fill(buf).expect("OS random number generator failed");
}

/// HKDF `info` of the record-key wrapping key derived from each KEK version.
const KEK_WRAP_INFO: &[u8] = b"kinlink|kek|record-key-wrap|v1";

/// HKDF-SHA256 of a root secret with the kinlink salt and one purpose label.
fn expand(root: &SecretKey, info: &[u8]) -> SecretKey {
    let hk = Hkdf::<Sha256>::new(Some(KDF_SALT), root.expose_secret());
    let mut out = SecretKey([0; KEY_LEN]);
    hk.expand(info, &mut out.0)
        .expect("32 bytes is a valid HKDF-SHA256 output length");
    out
}

/// What a derived key is for. Each purpose has its own HKDF label; adding a
/// purpose means adding a label, never reusing one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Purpose {
    /// HMAC key of the blind index on the login identifier (handle, email).
    LoginBlindIndex,
    /// Root of the keyed Bloom-filter (CLK) encoders used at ingest.
    Matching,
    /// HS256 key for session JWTs.
    SessionSigning,
    /// HMAC key of the audit hash chain.
    AuditChain,
    /// Ed25519 seed for signing audit checkpoints.
    AuditCheckpoint,
    /// Argon2id secret ("pepper").
    PasswordPepper,
    /// Keyed pseudonym for registrants in the audit log.
    RegistrantPseudonym,
    /// Keyed digests of account recovery codes.
    RecoveryCode,
    /// Keyed digests of codes sent by email.
    EmailCode,
    /// Keyed digests of staff invite codes.
    InviteCode,
    /// Synchronizer tokens of HTML forms.
    Csrf,
    /// Keys of throttle and budget rows (stored only as keyed hashes).
    Throttle,
    /// MACs of device tokens: a browser that signed in to a login before.
    DeviceToken,
    /// Keyed pseudonyms of record ids in PFIF exports (an export cannot be joined to the
    /// database's ids).
    PfifRecordId,
}

impl Purpose {
    /// Every purpose, for exhaustive tests and key inventories.
    pub const ALL: [Purpose; 14] = [
        Purpose::LoginBlindIndex,
        Purpose::Matching,
        Purpose::SessionSigning,
        Purpose::AuditChain,
        Purpose::AuditCheckpoint,
        Purpose::PasswordPepper,
        Purpose::RegistrantPseudonym,
        Purpose::RecoveryCode,
        Purpose::EmailCode,
        Purpose::InviteCode,
        Purpose::Csrf,
        Purpose::Throttle,
        Purpose::DeviceToken,
        Purpose::PfifRecordId,
    ];

    /// HKDF `info` label; changing one silently changes the derived key, so
    /// these are frozen (a new version gets a new label).
    fn info(self) -> &'static [u8] {
        match self {
            Purpose::LoginBlindIndex => b"kinlink|bidx|users|login|v1",
            Purpose::Matching => b"kinlink|clk|encoder|v1",
            Purpose::SessionSigning => b"kinlink|session|jwt-hs256|v1",
            Purpose::AuditChain => b"kinlink|audit|chain-hmac|v1",
            Purpose::AuditCheckpoint => b"kinlink|audit|checkpoint-ed25519|v1",
            Purpose::PasswordPepper => b"kinlink|password|argon2-pepper|v1",
            Purpose::RegistrantPseudonym => b"kinlink|audit|registrant-pseudonym|v1",
            Purpose::RecoveryCode => b"kinlink|auth|recovery-code|v1",
            Purpose::EmailCode => b"kinlink|auth|email-code|v1",
            Purpose::InviteCode => b"kinlink|auth|invite-code|v1",
            Purpose::Csrf => b"kinlink|web|csrf|v1",
            Purpose::Throttle => b"kinlink|auth|throttle|v1",
            Purpose::DeviceToken => b"kinlink|auth|device-token|v1",
            Purpose::PfifRecordId => b"kinlink|pfif|record-id|v1",
        }
    }
}

/// Which process a key file is for. A full file (`all`, the default, development) holds
/// everything. In production the matcher is isolated: the web tier's file (`web`) holds the
/// matcher's public keys only, and the matcher's file (`matcher`) holds its own secret keys, the
/// review public keys and the audit root, and nothing that opens a record (security.md §3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyRole {
    All,
    Web,
    Matcher,
}

impl KeyRole {
    pub fn as_str(self) -> &'static str {
        match self {
            KeyRole::All => "all",
            KeyRole::Web => "web",
            KeyRole::Matcher => "matcher",
        }
    }

    /// Whether this file serves web requests (holds the record keys).
    pub fn serves_web(self) -> bool {
        self != KeyRole::Matcher
    }

    /// Whether this file can open match data keys.
    pub fn runs_matcher(self) -> bool {
        self != KeyRole::Web
    }
}

/// The root secrets. KEKs are versioned for rotation; one is primary (used for
/// new wraps), the others are decrypt-only until retired. The matcher's keys and the review
/// keys are versioned pairs for sealing to a public key (`sealed_box`).
pub struct Keyring {
    role: KeyRole,
    keks: BTreeMap<u32, SecretKey>,
    primary_kek: u32,
    /// In [`ROOT_NAMES`] order; a root a role does not hold is `None`.
    roots: [Option<SecretKey>; 6],
    /// The matcher's keys: the web tier seals match data keys to them.
    matcher_keys: BoxKeys,
    /// The review keys: the matcher seals its explanations to them for the web tier.
    review_keys: BoxKeys,
}

/// A versioned set of sealed-box key pairs; one version is primary (used to seal).
#[derive(Default)]
pub struct BoxKeys {
    entries: BTreeMap<u32, BoxEntry>,
    primary: u32,
}

struct BoxEntry {
    /// The root the secret is derived from; absent where only the public key is held.
    root: Option<SecretKey>,
    public: BoxPublic,
}

impl BoxKeys {
    fn label(kind: &str, version: u32) -> Vec<u8> {
        format!("kinlink|{kind}|x25519|v{version}").into_bytes()
    }

    fn with_root(kind: &str, version: u32, root: SecretKey) -> BoxEntry {
        let public = BoxSecret::from_root(&root, &Self::label(kind, version)).public();
        BoxEntry {
            root: Some(root),
            public,
        }
    }

    pub fn primary_version(&self) -> u32 {
        self.primary
    }

    pub fn versions(&self) -> Vec<u32> {
        self.entries.keys().copied().collect()
    }

    pub fn public(&self, version: u32) -> Option<BoxPublic> {
        self.entries.get(&version).map(|e| e.public)
    }

    fn secret(&self, kind: &str, version: u32) -> Option<BoxSecret> {
        let entry = self.entries.get(&version)?;
        entry
            .root
            .as_ref()
            .map(|r| BoxSecret::from_root(r, &Self::label(kind, version)))
    }

    fn has_secrets(&self) -> bool {
        self.entries.values().any(|e| e.root.is_some())
    }

    fn add(&mut self, kind: &str) -> u32 {
        let version = self
            .entries
            .keys()
            .next_back()
            .copied()
            .unwrap_or(0)
            .checked_add(1)
            .expect("key versions exhausted");
        self.entries
            .insert(version, Self::with_root(kind, version, SecretKey::random()));
        self.primary = version;
        version
    }
}

/// Root names as they appear under `[roots]` in the keys file.
const ROOT_NAMES: [&str; 6] = [
    "index_root",
    "clk_root",
    "match_kek",
    "pepper",
    "session",
    "audit_seed",
];

/// Keyring errors. Messages name fields and versions only, never secret values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyringError {
    /// The file is not valid TOML. Only the line number is kept: the parser's
    /// own message quotes the offending line, which may hold a key.
    #[error("keys file: not valid TOML{}", line.map(|l| format!(" (line {l})")).unwrap_or_default())]
    Syntax {
        /// 1-based line of the error, when the parser reports one.
        line: Option<usize>,
    },
    /// A required root secret is absent.
    #[error("keys file: missing root '{0}'")]
    MissingRoot(&'static str),
    /// A secret did not decode to exactly 32 bytes.
    #[error("keys file: {0} is not 32 bytes of hex (64 digits) or base64")]
    BadSecret(String),
    /// Any other structural problem.
    #[error("keys file: {0}")]
    Invalid(String),
    /// The requested KEK version is not in the keyring.
    #[error("KEK version {0} is not in the keyring")]
    UnknownKek(u32),
    /// Retiring the primary would leave nothing to wrap new keys with.
    #[error("KEK version {0} is the primary; make another version primary before retiring it")]
    RetirePrimary(u32),
}

impl Keyring {
    /// A fresh keyring: KEK version 1 (primary) and every root, all random.
    ///
    /// # Panics
    /// If the OS random number generator fails.
    pub fn generate() -> Keyring {
        let mut keks = BTreeMap::new();
        keks.insert(1, SecretKey::random());
        let mut keyring = Keyring {
            role: KeyRole::All,
            keks,
            primary_kek: 1,
            roots: std::array::from_fn(|_| Some(SecretKey::random())),
            matcher_keys: BoxKeys::default(),
            review_keys: BoxKeys::default(),
        };
        keyring.derive_legacy_box_keys();
        keyring
    }

    /// Files made before the matcher and review keys were versioned pairs: version 1 of each is
    /// derived from a root (`match_kek`; `session` for review).
    fn derive_legacy_box_keys(&mut self) {
        if self.matcher_keys.entries.is_empty()
            && let Some(root) = &self.roots[2]
        {
            let v1 = expand(root, b"kinlink|matcher-key|v1");
            self.matcher_keys
                .entries
                .insert(1, BoxKeys::with_root(MATCHER_KIND, 1, v1));
            self.matcher_keys.primary = 1;
        }
        if self.review_keys.entries.is_empty()
            && let Some(root) = &self.roots[4]
        {
            let v1 = expand(root, b"kinlink|review-key|v1");
            self.review_keys
                .entries
                .insert(1, BoxKeys::with_root(REVIEW_KIND, 1, v1));
            self.review_keys.primary = 1;
        }
    }

    pub fn role(&self) -> KeyRole {
        self.role
    }

    fn root(&self, index: usize) -> &SecretKey {
        self.roots[index].as_ref().unwrap_or_else(|| {
            panic!(
                "this key file (role {}) holds no root '{}'",
                self.role.as_str(),
                ROOT_NAMES[index]
            )
        })
    }

    /// Derives the 32-byte key for `purpose` from its root with HKDF-SHA256.
    ///
    /// # Panics
    /// If the key file's role does not hold that root (a matcher's file derives only audit
    /// keys); processes check their role at start.
    pub fn derive(&self, purpose: Purpose) -> SecretKey {
        let root = match purpose {
            Purpose::LoginBlindIndex
            | Purpose::RegistrantPseudonym
            | Purpose::RecoveryCode
            | Purpose::EmailCode
            | Purpose::InviteCode
            | Purpose::Throttle
            | Purpose::PfifRecordId => self.root(0),
            Purpose::Csrf | Purpose::DeviceToken => self.root(4),
            Purpose::Matching => self.root(1),
            Purpose::SessionSigning => self.root(4),
            Purpose::AuditChain | Purpose::AuditCheckpoint => self.root(5),
            Purpose::PasswordPepper => self.root(3),
        };
        expand(root, purpose.info())
    }

    /// The matcher's key pairs.
    pub fn matcher_keys(&self) -> &BoxKeys {
        &self.matcher_keys
    }

    /// The review key pairs.
    pub fn review_keys(&self) -> &BoxKeys {
        &self.review_keys
    }

    pub(crate) fn matcher_secret(&self, version: u32) -> Option<BoxSecret> {
        self.matcher_keys.secret(MATCHER_KIND, version)
    }

    pub(crate) fn review_secret(&self, version: u32) -> Option<BoxSecret> {
        self.review_keys.secret(REVIEW_KIND, version)
    }

    /// A new matcher key pair, made primary (rotation); match data keys are then re-wrapped.
    pub fn add_matcher_key(&mut self) -> u32 {
        self.matcher_keys.add(MATCHER_KIND)
    }

    /// Drops a matcher key version no data key uses any more.
    ///
    /// # Errors
    /// [`KeyringError::RetirePrimary`] for the primary, [`KeyringError::UnknownKek`] if absent.
    pub fn retire_matcher_key(&mut self, version: u32) -> Result<(), KeyringError> {
        if version == self.matcher_keys.primary {
            return Err(KeyringError::RetirePrimary(version));
        }
        self.matcher_keys
            .entries
            .remove(&version)
            .map(drop)
            .ok_or(KeyringError::UnknownKek(version))
    }

    /// The files of a split deployment: the web tier's (no matcher secrets) and the matcher's
    /// (its own secrets, the review public keys and the audit root; nothing that opens a
    /// record).
    pub fn split(&self) -> Result<(Keyring, Keyring), KeyringError> {
        if self.role != KeyRole::All {
            return Err(invalid("only a full key file (role all) can be split"));
        }
        let copy_box = |keys: &BoxKeys, keep_secrets: bool| BoxKeys {
            primary: keys.primary,
            entries: keys
                .entries
                .iter()
                .map(|(v, e)| {
                    (
                        *v,
                        BoxEntry {
                            root: if keep_secrets { e.root.clone() } else { None },
                            public: e.public,
                        },
                    )
                })
                .collect(),
        };
        let mut web_roots = self.roots.clone();
        web_roots[2] = None;
        let web = Keyring {
            role: KeyRole::Web,
            keks: self.keks.clone(),
            primary_kek: self.primary_kek,
            roots: web_roots,
            matcher_keys: copy_box(&self.matcher_keys, false),
            review_keys: copy_box(&self.review_keys, true),
        };
        let mut matcher_roots: [Option<SecretKey>; 6] = std::array::from_fn(|_| None);
        matcher_roots[5] = self.roots[5].clone();
        let matcher = Keyring {
            role: KeyRole::Matcher,
            keks: BTreeMap::new(),
            primary_kek: 0,
            roots: matcher_roots,
            matcher_keys: copy_box(&self.matcher_keys, true),
            review_keys: copy_box(&self.review_keys, false),
        };
        Ok((web, matcher))
    }

    /// Version used for new wraps.
    pub fn primary_kek_version(&self) -> u32 {
        self.primary_kek
    }

    /// All KEK versions held (primary and decrypt-only), ascending.
    pub fn kek_versions(&self) -> Vec<u32> {
        self.keks.keys().copied().collect()
    }

    /// Adds a random KEK as version max+1 and makes it primary. Existing
    /// wrapped keys stay readable; re-wrap them with [`Keyring::rewrap`].
    ///
    /// # Panics
    /// If version `u32::MAX` is already in use, or the OS RNG fails.
    pub fn add_kek(&mut self) -> u32 {
        let version = self
            .keks
            .keys()
            .next_back()
            .copied()
            .unwrap_or(0)
            .checked_add(1)
            .expect("KEK version numbers exhausted");
        self.keks.insert(version, SecretKey::random());
        self.primary_kek = version;
        version
    }

    /// Makes an existing KEK version primary (e.g. after deploying it
    /// everywhere as decrypt-only first).
    ///
    /// # Errors
    /// [`KeyringError::UnknownKek`] if the version is not held.
    pub fn set_primary_kek(&mut self, version: u32) -> Result<(), KeyringError> {
        if !self.keks.contains_key(&version) {
            return Err(KeyringError::UnknownKek(version));
        }
        self.primary_kek = version;
        Ok(())
    }

    /// Destroys a KEK version. Data keys still wrapped under it become
    /// unrecoverable, which is the point of KEK epochs (crypto-shredding).
    ///
    /// # Errors
    /// [`KeyringError::RetirePrimary`] for the primary,
    /// [`KeyringError::UnknownKek`] if the version is not held.
    pub fn retire_kek(&mut self, version: u32) -> Result<(), KeyringError> {
        if version == self.primary_kek {
            return Err(KeyringError::RetirePrimary(version));
        }
        // Dropping the SecretKey wipes it.
        self.keks
            .remove(&version)
            .map(drop)
            .ok_or(KeyringError::UnknownKek(version))
    }

    /// The record-key wrapping key of KEK version `version`: derived from that version's root
    /// with its own HKDF label, so a root never keys a cipher directly.
    pub(crate) fn kek(&self, version: u32) -> Option<SecretKey> {
        self.keks
            .get(&version)
            .map(|root| expand(root, KEK_WRAP_INFO))
    }

    fn roots(&self) -> Vec<(&'static str, &SecretKey)> {
        ROOT_NAMES
            .iter()
            .zip(&self.roots)
            .filter_map(|(n, r)| r.as_ref().map(|r| (*n, r)))
            .collect()
    }

    /// Serialises the keyring as a keys file (secrets hex-encoded).
    pub fn to_toml(&self) -> String {
        const HEADER: &str = "# kinlink keys file: root secrets. Keep it root-owned, mode 0400,\n\
                              # and out of the database, git, logs and database backups.\n";
        // Sized up front so the buffer never reallocates and leaves stray
        // copies of key material in freed memory.
        let entry = 2 * KEY_LEN + 64;
        let mut out = String::with_capacity(HEADER.len() + 128 + entry * (self.keks.len() + 6));
        out.push_str(HEADER);
        out.push_str(&format!(
            "format = {FILE_FORMAT}\nrole = \"{}\"\n",
            self.role.as_str()
        ));
        if self.role != KeyRole::Matcher {
            out.push_str(&format!("primary_kek = {}\n", self.primary_kek));
        }
        out.push_str(&format!(
            "primary_matcher_key = {}\nprimary_review_key = {}\n",
            self.matcher_keys.primary, self.review_keys.primary
        ));
        let mut hex_buf = Zeroizing::new([0u8; 2 * KEY_LEN]);
        for (version, key) in &self.keks {
            out.push_str(&format!("\n[[kek]]\nversion = {version}\nkey = \""));
            out.push_str(encode_hex(key, &mut hex_buf));
            out.push_str("\"\n");
        }
        out.push_str("\n[roots]\n");
        for (name, key) in self.roots() {
            out.push_str(name);
            out.push_str(" = \"");
            out.push_str(encode_hex(key, &mut hex_buf));
            out.push_str("\"\n");
        }
        for (table, keys) in [
            ("matcher_key", &self.matcher_keys),
            ("review_key", &self.review_keys),
        ] {
            for (version, entry) in &keys.entries {
                out.push_str(&format!("\n[[{table}]]\nversion = {version}\n"));
                if let Some(root) = &entry.root {
                    out.push_str("secret = \"");
                    out.push_str(encode_hex(root, &mut hex_buf));
                    out.push_str("\"\n");
                }
                out.push_str(&format!("public = \"{}\"\n", hex::encode(entry.public.0)));
            }
        }
        out
    }

    /// Parses a keys file. Secrets may be hex (64 digits) or base64.
    ///
    /// # Errors
    /// A [`KeyringError`] naming the problem (never the secret): syntax,
    /// missing or unknown fields, bad encodings, duplicate versions, a primary
    /// that is not present, or one secret reused for two roles.
    pub fn from_toml(text: &str) -> Result<Keyring, KeyringError> {
        let table: toml::Table =
            text.parse()
                .map_err(|e: toml::de::Error| KeyringError::Syntax {
                    line: e.span().map(|span| line_of(text, span.start)),
                })?;
        let mut doc = Scrubbed(table);
        let doc = &mut doc.0;

        match doc.remove("format") {
            Some(toml::Value::Integer(FILE_FORMAT)) => {}
            Some(toml::Value::Integer(other)) => {
                return Err(invalid(format!(
                    "unsupported format {other} (expected {FILE_FORMAT})"
                )));
            }
            Some(_) => return Err(invalid("'format' must be an integer")),
            None => return Err(invalid("missing 'format'")),
        }
        let role = match doc.remove("role") {
            None => KeyRole::All,
            Some(toml::Value::String(r)) => match r.as_str() {
                "all" => KeyRole::All,
                "web" => KeyRole::Web,
                "matcher" => KeyRole::Matcher,
                _ => return Err(invalid("'role' must be all, web or matcher")),
            },
            Some(_) => return Err(invalid("'role' must be a string")),
        };
        let optional_version =
            |doc: &mut toml::Table, key: &str| -> Result<Option<u32>, KeyringError> {
                match doc.remove(key) {
                    Some(toml::Value::Integer(v)) => version_from(v, &format!("'{key}'")).map(Some),
                    Some(_) => Err(invalid(format!("'{key}' must be an integer"))),
                    None => Ok(None),
                }
            };
        let primary_kek = optional_version(doc, "primary_kek")?;
        let primary_matcher = optional_version(doc, "primary_matcher_key")?;
        let primary_review = optional_version(doc, "primary_review_key")?;

        let mut keks = BTreeMap::new();
        if let Some(value) = doc.remove("kek") {
            let toml::Value::Array(entries) = value else {
                return Err(invalid("'kek' must be an array of [[kek]] tables"));
            };
            let mut kek_entries = Scrubbed::array(entries);
            for (i, entry) in kek_entries.0.iter_mut().enumerate() {
                let n = i + 1;
                let toml::Value::Table(entry) = entry else {
                    return Err(invalid(format!("[[kek]] entry {n} is not a table")));
                };
                let version = match entry.get("version") {
                    Some(toml::Value::Integer(v)) => version_from(*v, "[[kek]] 'version'")?,
                    Some(_) => {
                        return Err(invalid(format!(
                            "[[kek]] entry {n}: 'version' must be an integer"
                        )));
                    }
                    None => return Err(invalid(format!("[[kek]] entry {n}: missing 'version'"))),
                };
                let key = match entry.get("key") {
                    Some(toml::Value::String(s)) => {
                        decode_secret(s, &format!("KEK version {version}"))?
                    }
                    Some(_) => {
                        return Err(invalid(format!(
                            "KEK version {version}: 'key' must be a string"
                        )));
                    }
                    None => return Err(invalid(format!("KEK version {version}: missing 'key'"))),
                };
                if let Some(extra) = entry.keys().find(|k| *k != "version" && *k != "key") {
                    return Err(invalid(format!("unknown field '{extra}' in [[kek]]")));
                }
                if keks.insert(version, key).is_some() {
                    return Err(invalid(format!("KEK version {version} appears twice")));
                }
            }
        }
        let primary_kek = if role == KeyRole::Matcher {
            if !keks.is_empty() || primary_kek.is_some() {
                return Err(invalid("a matcher's key file holds no KEK"));
            }
            0
        } else {
            if keks.is_empty() {
                return Err(invalid("no [[kek]] entries"));
            }
            let primary_kek = primary_kek.ok_or_else(|| invalid("missing 'primary_kek'"))?;
            if !keks.contains_key(&primary_kek) {
                return Err(invalid(format!(
                    "primary_kek = {primary_kek} but there is no [[kek]] with that version"
                )));
            }
            primary_kek
        };

        let roots = match doc.remove("roots") {
            Some(toml::Value::Table(t)) => Scrubbed(t),
            Some(_) => return Err(invalid("'roots' must be a table")),
            None => return Err(invalid("missing [roots] table")),
        };
        if let Some(extra) = roots.0.keys().find(|k| !ROOT_NAMES.contains(&k.as_str())) {
            return Err(invalid(format!("unknown root '{extra}'")));
        }
        let mut root_values: [Option<SecretKey>; 6] = std::array::from_fn(|_| None);
        for (i, name) in ROOT_NAMES.iter().enumerate() {
            root_values[i] = match roots.0.get(*name) {
                Some(toml::Value::String(s)) => Some(decode_secret(s, &format!("root '{name}'"))?),
                Some(_) => return Err(invalid(format!("root '{name}' must be a string"))),
                None => None,
            };
        }
        // Which roots each role must hold and must not hold.
        for (i, name) in ROOT_NAMES.iter().enumerate() {
            // `match_kek` (index 2) is only where version 1 of the matcher's key came from before
            // the key pairs were written out.
            let needed = match role {
                KeyRole::All | KeyRole::Web => i != 2,
                KeyRole::Matcher => i == 5,
            };
            let allowed = match role {
                KeyRole::All => true,
                KeyRole::Web => i != 2,
                KeyRole::Matcher => i == 5,
            };
            match (&root_values[i], needed, allowed) {
                (Some(_), _, false) => {
                    return Err(invalid(format!(
                        "a key file of role {} must not hold root '{name}'",
                        role.as_str()
                    )));
                }
                (None, true, _) => return Err(KeyringError::MissingRoot(name)),
                _ => {}
            }
        }
        let matcher_keys = parse_box_keys(doc, "matcher_key", MATCHER_KIND, primary_matcher)?;
        let review_keys = parse_box_keys(doc, "review_key", REVIEW_KIND, primary_review)?;
        let mut keyring = Keyring {
            role,
            keks,
            primary_kek,
            roots: root_values,
            matcher_keys,
            review_keys,
        };
        keyring.derive_legacy_box_keys();
        if let Some(extra) = doc.keys().next() {
            return Err(invalid(format!("unknown key '{extra}'")));
        }
        keyring.check_box_keys()?;
        keyring.check_distinct()?;
        Ok(keyring)
    }

    /// Each role holds the secrets it needs and none it must not.
    fn check_box_keys(&self) -> Result<(), KeyringError> {
        for (what, keys) in [
            ("matcher_key", &self.matcher_keys),
            ("review_key", &self.review_keys),
        ] {
            if keys.entries.is_empty() {
                return Err(invalid(format!("no [[{what}]] entries")));
            }
            if !keys.entries.contains_key(&keys.primary) {
                return Err(invalid(format!(
                    "primary {what} version {} is not in the file",
                    keys.primary
                )));
            }
        }
        let (matcher_secrets, review_secrets) = match self.role {
            KeyRole::All => (Some(true), Some(true)),
            KeyRole::Web => (Some(false), Some(true)),
            KeyRole::Matcher => (Some(true), Some(false)),
        };
        for (what, keys, want) in [
            ("matcher_key", &self.matcher_keys, matcher_secrets),
            ("review_key", &self.review_keys, review_secrets),
        ] {
            match want {
                Some(false) if keys.has_secrets() => {
                    return Err(invalid(format!(
                        "a key file of role {} must not hold a [[{what}]] secret",
                        self.role.as_str()
                    )));
                }
                Some(true) if keys.entries.values().any(|e| e.root.is_none()) => {
                    return Err(invalid(format!(
                        "a key file of role {} needs the secret of every [[{what}]]",
                        self.role.as_str()
                    )));
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Rejects a file that uses one secret for two roles, which would undo
    /// the one-key-per-purpose separation (a copy-paste slip when editing).
    fn check_distinct(&self) -> Result<(), KeyringError> {
        let kek_labels: Vec<(String, &SecretKey)> = self
            .keks
            .iter()
            .map(|(v, k)| (format!("KEK version {v}"), k))
            .collect();
        let box_roots = self
            .matcher_keys
            .entries
            .iter()
            .map(|(v, e)| (format!("matcher key version {v}"), e))
            .chain(
                self.review_keys
                    .entries
                    .iter()
                    .map(|(v, e)| (format!("review key version {v}"), e)),
            )
            .filter_map(|(n, e)| e.root.as_ref().map(|r| (n, r)));
        let all: Vec<(String, &SecretKey)> = kek_labels
            .into_iter()
            .chain(
                self.roots()
                    .into_iter()
                    .map(|(n, k)| (format!("root '{n}'"), k)),
            )
            .chain(box_roots)
            .collect();
        for (i, (name_a, a)) in all.iter().enumerate() {
            for (name_b, b) in &all[i + 1..] {
                if a.expose_secret() == b.expose_secret() {
                    return Err(invalid(format!("{name_a} and {name_b} share one secret")));
                }
            }
        }
        Ok(())
    }
}

impl fmt::Debug for Keyring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Keyring")
            .field("kek_versions", &self.kek_versions())
            .field("primary_kek", &self.primary_kek)
            .field("roots", &"[redacted]")
            .finish()
    }
}

const MATCHER_KIND: &str = "matcher-key";
const REVIEW_KIND: &str = "review-key";

/// `[[matcher_key]]` / `[[review_key]]` entries: `version`, an optional `secret` (the root the
/// X25519 secret is derived from) and `public`, which must fit the secret when both are given.
fn parse_box_keys(
    doc: &mut toml::Table,
    table: &str,
    kind: &str,
    primary: Option<u32>,
) -> Result<BoxKeys, KeyringError> {
    let mut keys = BoxKeys::default();
    if let Some(value) = doc.remove(table) {
        let toml::Value::Array(entries) = value else {
            return Err(invalid(format!(
                "'{table}' must be an array of [[{table}]] tables"
            )));
        };
        let mut entries = Scrubbed::array(entries);
        for entry in entries.0.iter_mut() {
            let toml::Value::Table(entry) = entry else {
                return Err(invalid(format!("a [[{table}]] entry is not a table")));
            };
            let version = match entry.get("version") {
                Some(toml::Value::Integer(v)) => {
                    version_from(*v, &format!("[[{table}]] 'version'"))?
                }
                _ => return Err(invalid(format!("[[{table}]]: missing or bad 'version'"))),
            };
            let root = match entry.get("secret") {
                Some(toml::Value::String(s)) => {
                    Some(decode_secret(s, &format!("{table} version {version}"))?)
                }
                Some(_) => return Err(invalid(format!("{table} version {version}: bad 'secret'"))),
                None => None,
            };
            let public = match entry.get("public") {
                Some(toml::Value::String(s)) => {
                    let mut bytes = [0u8; 32];
                    hex::decode_to_slice(s.trim(), &mut bytes).map_err(|_| {
                        invalid(format!(
                            "{table} version {version}: 'public' is not 64 hex digits"
                        ))
                    })?;
                    BoxPublic(bytes)
                }
                _ => {
                    return Err(invalid(format!(
                        "{table} version {version}: missing 'public'"
                    )));
                }
            };
            if let Some(extra) = entry
                .keys()
                .find(|k| !["version", "secret", "public"].contains(&k.as_str()))
            {
                return Err(invalid(format!("unknown field '{extra}' in [[{table}]]")));
            }
            let entry = match root {
                Some(root) => {
                    let derived = BoxKeys::with_root(kind, version, root);
                    if derived.public != public {
                        return Err(invalid(format!(
                            "{table} version {version}: 'public' does not belong to 'secret'"
                        )));
                    }
                    derived
                }
                None => BoxEntry { root: None, public },
            };
            if keys.entries.insert(version, entry).is_some() {
                return Err(invalid(format!("{table} version {version} appears twice")));
            }
        }
        keys.primary =
            primary.unwrap_or_else(|| keys.entries.keys().next_back().copied().unwrap_or(1));
    }
    Ok(keys)
}

fn invalid(msg: impl Into<String>) -> KeyringError {
    KeyringError::Invalid(msg.into())
}

fn version_from(v: i64, what: &str) -> Result<u32, KeyringError> {
    u32::try_from(v)
        .ok()
        .filter(|v| *v >= 1)
        .ok_or_else(|| invalid(format!("{what} must be between 1 and {}", u32::MAX)))
}

fn line_of(text: &str, byte: usize) -> usize {
    let end = byte.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

fn encode_hex<'a>(key: &SecretKey, buf: &'a mut [u8; 2 * KEY_LEN]) -> &'a str {
    hex::encode_to_slice(key.expose_secret(), buf).expect("buffer is exactly 2 * KEY_LEN");
    std::str::from_utf8(buf).expect("hex is ASCII")
}

/// Hex is recognised by its length (64 digits); base64 of 32 bytes is 43 or
/// 44 characters, so the two encodings cannot be confused.
fn decode_secret(text: &str, what: &str) -> Result<SecretKey, KeyringError> {
    const BASE64: GeneralPurpose = GeneralPurpose::new(
        &alphabet::STANDARD,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
    );
    let text = text.trim();
    let bad = || KeyringError::BadSecret(what.to_owned());
    let mut key = SecretKey([0; KEY_LEN]);
    if text.len() == 2 * KEY_LEN {
        hex::decode_to_slice(text, &mut key.0).map_err(|_| bad())?;
    } else {
        let bytes = Zeroizing::new(BASE64.decode(text).map_err(|_| bad())?);
        if bytes.len() != KEY_LEN {
            return Err(bad());
        }
        key.0.copy_from_slice(&bytes);
    }
    Ok(key)
}

/// Owns parsed TOML and wipes every string in it on drop, so secrets the
/// parser copied do not outlive `from_toml` on either the success or the
/// error path.
struct Scrubbed<T: ScrubValues>(T);

trait ScrubValues {
    fn scrub(&mut self);
}

impl ScrubValues for toml::Table {
    fn scrub(&mut self) {
        self.iter_mut().for_each(|(_, v)| scrub_value(v));
    }
}

impl ScrubValues for Vec<toml::Value> {
    fn scrub(&mut self) {
        self.iter_mut().for_each(scrub_value);
    }
}

impl Scrubbed<Vec<toml::Value>> {
    fn array(values: Vec<toml::Value>) -> Self {
        Scrubbed(values)
    }
}

impl<T: ScrubValues> Drop for Scrubbed<T> {
    fn drop(&mut self) {
        self.0.scrub();
    }
}

fn scrub_value(value: &mut toml::Value) {
    match value {
        toml::Value::String(s) => s.zeroize(),
        toml::Value::Array(items) => items.iter_mut().for_each(scrub_value),
        toml::Value::Table(t) => t.iter_mut().for_each(|(_, v)| scrub_value(v)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn record_keys_are_wrapped_with_a_derived_key_not_the_root() {
        let k = Keyring::generate();
        let root = k.keks.get(&1).unwrap().expose_secret();
        let wrap = k.kek(1).unwrap();
        assert_ne!(root, wrap.expose_secret());
        for p in Purpose::ALL {
            assert_ne!(wrap.expose_secret(), k.derive(p).expose_secret(), "{p:?}");
        }
    }

    use super::*;

    /// Keys file with roots `[1; 32]`, `[2; 32]`, … so derived keys can be
    /// checked against independently computed vectors.
    fn fixed_toml() -> String {
        let h = |b: u8| hex::encode([b; 32]);
        format!(
            "format = 1\nprimary_kek = 2\n\
             [[kek]]\nversion = 1\nkey = \"{}\"\n\
             [[kek]]\nversion = 2\nkey = \"{}\"\n\
             [roots]\nindex_root = \"{}\"\nclk_root = \"{}\"\nmatch_kek = \"{}\"\n\
             pepper = \"{}\"\nsession = \"{}\"\naudit_seed = \"{}\"\n",
            h(0xa1),
            h(0xa2),
            h(1),
            h(2),
            h(3),
            h(4),
            h(5),
            h(6)
        )
    }

    fn secret_hexes(k: &Keyring) -> Vec<String> {
        k.keks
            .values()
            .chain(k.roots().iter().map(|(_, s)| *s))
            .map(|s| hex::encode(s.expose_secret()))
            .collect()
    }

    #[test]
    fn derive_matches_independent_hkdf_vectors() {
        // Computed with Python's hmac/hashlib (RFC 5869 by hand), salt
        // b"kinlink-kdf-v1", from the fixed roots above.
        let k = Keyring::from_toml(&fixed_toml()).unwrap();
        let expect = [
            (
                Purpose::LoginBlindIndex,
                "1466a560a6e2c1cd4b40cfea2c67df61f3f7755e1dbe10e58e795ab765cc5d97",
            ),
            (
                Purpose::Matching,
                "b1be425341fb4e4ae43f55e504c82f0b2ceb3fad67c7654f652bf2ef08816102",
            ),
            (
                Purpose::SessionSigning,
                "68e8eb7df6fe6e239f02225f5c57fac6b4348de2eb730641fa6d69f488c1fa0e",
            ),
            (
                Purpose::AuditChain,
                "3dfc67bab0f98af83454bd3e1087ba14a521a13b3a4d16cb973eaa3ae9d78466",
            ),
            (
                Purpose::AuditCheckpoint,
                "9b1dac459de2ce6e18c2f513ae801d23c7ba938fed7d62469b86794e47a90af8",
            ),
            (
                Purpose::PasswordPepper,
                "48f2994d74020a1faba654c9f94a4ae4b7a675b26a6bce4f2c97f1d78f0e297f",
            ),
            (
                Purpose::RegistrantPseudonym,
                "4e21e3eb47ab5a794743befc4ed3bd51578ca58d7b26f147dde3087d8a3a92a1",
            ),
        ];
        for (purpose, hex_key) in expect {
            assert_eq!(
                hex::encode(k.derive(purpose).expose_secret()),
                hex_key,
                "{purpose:?}"
            );
        }
    }

    #[test]
    fn purposes_yield_distinct_stable_keys() {
        let k = Keyring::generate();
        let keys: Vec<[u8; 32]> = Purpose::ALL
            .iter()
            .map(|p| *k.derive(*p).expose_secret())
            .collect();
        for (i, a) in keys.iter().enumerate() {
            for b in &keys[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert_eq!(
            k.derive(Purpose::AuditChain).expose_secret(),
            k.derive(Purpose::AuditChain).expose_secret()
        );
        // Another keyring derives different keys.
        let other = Keyring::generate();
        assert_ne!(
            k.derive(Purpose::PasswordPepper).expose_secret(),
            other.derive(Purpose::PasswordPepper).expose_secret()
        );
    }

    #[test]
    fn toml_round_trip_preserves_everything() {
        let mut k = Keyring::generate();
        k.add_kek();
        k.add_kek();
        k.set_primary_kek(2).unwrap();
        let text = k.to_toml();
        let back = Keyring::from_toml(&text).unwrap();
        assert_eq!(back.kek_versions(), vec![1, 2, 3]);
        assert_eq!(back.primary_kek_version(), 2);
        assert_eq!(secret_hexes(&back), secret_hexes(&k));
        for p in Purpose::ALL {
            assert_eq!(k.derive(p).expose_secret(), back.derive(p).expose_secret());
        }
        assert_eq!(back.to_toml(), text);
    }

    #[test]
    fn base64_secrets_are_accepted() {
        let b64 = base64::engine::general_purpose::STANDARD;
        let hex_pepper = hex::encode([4u8; 32]);
        let padded = fixed_toml().replace(&hex_pepper, &b64.encode([4u8; 32]));
        let unpadded =
            fixed_toml().replace(&hex_pepper, b64.encode([4u8; 32]).trim_end_matches('='));
        let reference = Keyring::from_toml(&fixed_toml()).unwrap();
        for text in [padded, unpadded] {
            let k = Keyring::from_toml(&text).unwrap();
            assert_eq!(k.root(3).expose_secret(), reference.root(3).expose_secret());
        }
    }

    #[test]
    fn missing_root_is_named() {
        let text = fixed_toml()
            .lines()
            .filter(|l| !l.starts_with("pepper"))
            .collect::<Vec<_>>()
            .join("\n");
        let err = Keyring::from_toml(&text).unwrap_err();
        assert_eq!(err, KeyringError::MissingRoot("pepper"));
        assert_eq!(err.to_string(), "keys file: missing root 'pepper'");
    }

    #[test]
    fn errors_never_echo_secrets() {
        let secret = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
        let short = &secret[..60];
        let cases = [
            // Broken TOML on the line that holds a key: toml's own message
            // would quote that line.
            fixed_toml().replace("[roots]", &format!("[roots]\nbroken = \"{secret}")),
            // Wrong length / alphabet.
            fixed_toml().replace(&hex::encode([3u8; 32]), short),
            fixed_toml().replace(&hex::encode([3u8; 32]), &secret.replace('0', "g")),
            // A secret where an integer belongs.
            fixed_toml().replace("version = 1", &format!("version = \"{secret}\"")),
            // Non-string secret.
            fixed_toml().replace(&format!("\"{}\"", hex::encode([3u8; 32])), "12345"),
        ];
        for text in cases {
            let err = Keyring::from_toml(&text).unwrap_err();
            let shown = format!("{err} {err:?}");
            assert!(shown.starts_with("keys file:"), "{shown}");
            for leak in [secret, short, "12345", &hex::encode([3u8; 32])] {
                assert!(!shown.contains(leak), "{shown}");
            }
        }
    }

    #[test]
    fn syntax_error_reports_line_only() {
        let err = Keyring::from_toml("format = 1\nprimary_kek = = 2\n").unwrap_err();
        assert_eq!(err, KeyringError::Syntax { line: Some(2) });
        assert_eq!(err.to_string(), "keys file: not valid TOML (line 2)");
    }

    #[test]
    fn structural_errors_are_specific() {
        let t = fixed_toml();
        let cases: Vec<(String, &str)> = vec![
            (
                t.replace("format = 1", "format = 2"),
                "unsupported format 2",
            ),
            (t.replace("format = 1\n", ""), "missing 'format'"),
            (
                t.replace("primary_kek = 2", "primary_kek = 7"),
                "primary_kek = 7",
            ),
            (
                t.replace("primary_kek = 2", "primary_kek = 0"),
                "'primary_kek' must be between",
            ),
            (
                t.replace("version = 2", "version = 1"),
                "KEK version 1 appears twice",
            ),
            (t.replace("pepper =", "peper ="), "unknown root 'peper'"),
            (format!("extra = true\n{t}"), "unknown key 'extra'"),
            (
                t.replace("version = 2", "version = 2\ncomment = \"x\""),
                "unknown field 'comment'",
            ),
            (
                t.replace(&hex::encode([6u8; 32]), &hex::encode([5u8; 32])),
                "root 'session' and root 'audit_seed' share one secret",
            ),
            (
                t.replace(&hex::encode([1u8; 32]), &hex::encode([0xa1u8; 32])),
                "KEK version 1 and root 'index_root' share one secret",
            ),
        ];
        for (text, needle) in cases {
            let msg = Keyring::from_toml(&text).unwrap_err().to_string();
            assert!(msg.contains(needle), "{msg:?} should mention {needle:?}");
        }
        let no_keks: String = t
            .split("[roots]")
            .nth(1)
            .map(|roots| format!("format = 1\nprimary_kek = 1\n[roots]{roots}"))
            .unwrap();
        assert_eq!(
            Keyring::from_toml(&no_keks).unwrap_err().to_string(),
            "keys file: no [[kek]] entries"
        );
    }

    #[test]
    fn kek_rotation_rules() {
        let mut k = Keyring::generate();
        assert_eq!(k.kek_versions(), vec![1]);
        assert_eq!(k.primary_kek_version(), 1);
        assert_eq!(k.add_kek(), 2);
        assert_eq!(k.primary_kek_version(), 2);
        assert_eq!(k.retire_kek(2), Err(KeyringError::RetirePrimary(2)));
        assert_eq!(k.retire_kek(9), Err(KeyringError::UnknownKek(9)));
        k.retire_kek(1).unwrap();
        assert_eq!(k.kek_versions(), vec![2]);
        // Versions are never reused, even after retiring.
        assert_eq!(k.add_kek(), 3);
        assert_eq!(k.set_primary_kek(1), Err(KeyringError::UnknownKek(1)));
        k.set_primary_kek(2).unwrap();
        assert_eq!(k.primary_kek_version(), 2);
        assert!(k.kek(1).is_none());
        assert_ne!(
            k.kek(2).unwrap().expose_secret(),
            k.kek(3).unwrap().expose_secret()
        );
    }

    #[test]
    fn debug_output_is_redacted() {
        let k = Keyring::generate();
        let shown = format!("{k:?} {:?}", k.derive(Purpose::SessionSigning));
        assert!(shown.contains("[redacted]"));
        for h in secret_hexes(&k) {
            assert!(!shown.contains(&h[..16]));
        }
        assert!(!shown.contains(&format!("{:?}", k.root(3).expose_secret())));
    }

    #[test]
    fn split_files_hold_only_what_each_process_needs() {
        let mut full = Keyring::generate();
        full.add_matcher_key();
        let (web, matcher) = full.split().unwrap();
        let web = Keyring::from_toml(&web.to_toml()).unwrap();
        let matcher = Keyring::from_toml(&matcher.to_toml()).unwrap();
        assert_eq!(web.role(), KeyRole::Web);
        assert_eq!(matcher.role(), KeyRole::Matcher);
        // The web tier derives everything a request needs, but no matcher secret.
        for p in Purpose::ALL {
            assert_eq!(
                web.derive(p).expose_secret(),
                full.derive(p).expose_secret()
            );
        }
        assert!(web.matcher_secret(2).is_none() && web.matcher_secret(1).is_none());
        assert!(web.review_secret(1).is_some());
        // The matcher holds its secrets, the audit root, and nothing that opens a record.
        assert!(matcher.matcher_secret(1).is_some() && matcher.matcher_secret(2).is_some());
        assert!(matcher.review_secret(1).is_none());
        assert!(matcher.kek_versions().is_empty());
        assert_eq!(
            matcher.derive(Purpose::AuditChain).expose_secret(),
            full.derive(Purpose::AuditChain).expose_secret()
        );
        let text = matcher.to_toml();
        for (name, root) in full.roots() {
            if name != "audit_seed" {
                assert!(!text.contains(&hex::encode(root.expose_secret())), "{name}");
            }
        }
        // A web file that somehow holds a matcher secret is refused.
        let leaked = web.to_toml().replace(
            "[[matcher_key]]\nversion = 1\n",
            &format!(
                "[[matcher_key]]\nversion = 1\nsecret = \"{}\"\n",
                hex::encode(
                    full.matcher_keys.entries[&1]
                        .root
                        .as_ref()
                        .unwrap()
                        .expose_secret()
                )
            ),
        );
        assert!(Keyring::from_toml(&leaked).is_err());
    }

    #[test]
    #[should_panic(expected = "holds no root 'index_root'")]
    fn a_matcher_file_cannot_derive_record_keys() {
        let (_, matcher) = Keyring::generate().split().unwrap();
        matcher.derive(Purpose::LoginBlindIndex);
    }
}
