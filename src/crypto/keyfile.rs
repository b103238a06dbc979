//! The key file on disk: loading (generated on first start in development only), permission
//! checks in production, atomic rewrites, and a handle that notices rotations made by
//! `kinlink keys` while the server runs.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, SystemTime};

use anyhow::{Context, bail};

use super::Keyring;
use crate::clock::Stopwatch;
use crate::config::Environment;

/// How often a running server looks at the key file's modification time.
pub const RELOAD_INTERVAL: Duration = Duration::from_secs(1);

pub fn read(path: &Path) -> anyhow::Result<Keyring> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the keys file {}", path.display()))?;
    // KeyringError messages never carry key material.
    Keyring::from_toml(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

/// Write the keyring atomically (temp file + rename) with mode 0600.
pub fn write(path: &Path, keyring: &Keyring) -> anyhow::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let tmp = dir.join(format!(
        ".{}.tmp",
        path.file_name().and_then(|n| n.to_str()).unwrap_or("keys")
    ));
    {
        let mut f = open_private(&tmp)?;
        f.write_all(keyring.to_toml().as_bytes())?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

/// Create a new key file; refuses to overwrite one (that would destroy every record).
pub fn generate(path: &Path) -> anyhow::Result<Keyring> {
    if path.exists() {
        bail!(
            "{} already exists; refusing to overwrite keys",
            path.display()
        );
    }
    let keyring = Keyring::generate();
    write(path, &keyring)?;
    Ok(keyring)
}

#[cfg(unix)]
fn open_private(path: &Path) -> anyhow::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))
}

#[cfg(not(unix))]
fn open_private(path: &Path) -> anyhow::Result<std::fs::File> {
    std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))
}

#[cfg(unix)]
fn readable_by_others(path: &Path) -> anyhow::Result<bool> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)?.permissions().mode();
    Ok(mode & 0o077 != 0)
}

#[cfg(not(unix))]
fn readable_by_others(_: &Path) -> anyhow::Result<bool> {
    Ok(false)
}

/// The server's view of the key file.
pub struct KeyStore {
    path: PathBuf,
    current: RwLock<Arc<Keyring>>,
    seen: Mutex<(Stopwatch, Option<SystemTime>)>,
}

impl KeyStore {
    /// Load the key file for the server. Development generates a missing file (loudly);
    /// production refuses to start without one, or with one that others can read.
    pub fn open(path: &Path, env: Environment) -> anyhow::Result<Self> {
        if !path.exists() {
            if env == Environment::Production {
                bail!(
                    "KINLINK_KEYS_FILE: {} does not exist; create it with `kinlink keys generate` \
                     and keep it outside the database and its backups",
                    path.display()
                );
            }
            generate(path)?;
            // Loud on purpose: a person running the service for the first time must see this
            // even with logs going elsewhere.
            eprintln!(
                "\n*** kinlink: generated development keys in {} ***\n\
                 *** Every record is encrypted with them: losing the file loses all data, and  ***\n\
                 *** anyone who copies it together with the database can read everything.     ***\n\
                 *** Production (KINLINK_ENV=production) refuses to start without a key file.  ***\n",
                path.display()
            );
            tracing::warn!(
                path = %path.display(),
                "GENERATED DEVELOPMENT KEYS: every record is encrypted with keys in this file. \
                 Losing it loses all data; anyone who copies it with the database can read \
                 everything. Production refuses to start without a key file made on purpose."
            );
        }
        if env == Environment::Production && readable_by_others(path)? {
            bail!(
                "KINLINK_KEYS_FILE: {} is readable by group or others; run chmod 600 on it",
                path.display()
            );
        }
        let keyring = read(path)?;
        Ok(KeyStore {
            path: path.to_path_buf(),
            current: RwLock::new(Arc::new(keyring)),
            seen: Mutex::new((Stopwatch::start(), mtime(path))),
        })
    }

    /// A store over an in-memory keyring backed by `path` (tests and tools).
    pub fn from_keyring(path: &Path, keyring: Keyring) -> Self {
        KeyStore {
            path: path.to_path_buf(),
            current: RwLock::new(Arc::new(keyring)),
            seen: Mutex::new((Stopwatch::start(), mtime(path))),
        }
    }

    /// The current keyring. At most once per [`RELOAD_INTERVAL`] the file's modification time
    /// is checked, so a rotation by `kinlink keys rotate` reaches a running server.
    pub fn current(&self) -> Arc<Keyring> {
        let due = {
            let mut seen = self.seen.lock().expect("key store lock");
            if seen.0.elapsed() >= RELOAD_INTERVAL {
                seen.0 = Stopwatch::start();
                let now = mtime(&self.path);
                if now != seen.1 {
                    seen.1 = now;
                    true
                } else {
                    false
                }
            } else {
                false
            }
        };
        if due {
            self.reload();
        }
        self.current.read().expect("key store lock").clone()
    }

    /// Re-read the file now (also used when a wrapped key names an unknown KEK version). A file
    /// that fails to parse keeps the old keyring in use; the error is logged without content.
    pub fn reload(&self) -> Arc<Keyring> {
        match read(&self.path) {
            Ok(k) => {
                let k = Arc::new(k);
                *self.current.write().expect("key store lock") = k.clone();
                tracing::info!(
                    primary_kek = k.primary_kek_version(),
                    "reloaded the keys file"
                );
                k
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot reload the keys file; keeping the loaded keys");
                self.current.read().expect("key store lock").clone()
            }
        }
    }
}

fn mtime(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn development_generates_production_refuses() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys.toml");
        assert!(KeyStore::open(&path, Environment::Production).is_err());
        assert!(!path.exists());
        let store = KeyStore::open(&path, Environment::Development).unwrap();
        assert!(path.exists());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o600
            );
            KeyStore::open(&path, Environment::Production).unwrap();
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
            let err = KeyStore::open(&path, Environment::Production)
                .err()
                .unwrap()
                .to_string();
            assert!(err.contains("readable by group or others"), "{err}");
        }
        assert_eq!(store.current().primary_kek_version(), 1);
    }

    #[test]
    fn generate_refuses_to_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys.toml");
        generate(&path).unwrap();
        assert!(generate(&path).is_err());
    }

    #[test]
    fn a_running_store_notices_a_rotation() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys.toml");
        let store = KeyStore::open(&path, Environment::Development).unwrap();
        let mut k = read(&path).unwrap();
        k.add_kek();
        std::thread::sleep(Duration::from_millis(20));
        write(&path, &k).unwrap();
        std::thread::sleep(RELOAD_INTERVAL + Duration::from_millis(50));
        assert_eq!(store.current().primary_kek_version(), 2);
    }
}
