//! The vault: per-record data keys. Creating a record makes a random data key wrapped by the
//! primary KEK; opening unwraps it; deleting the key row crypto-shreds every field of the
//! record; rotation re-wraps keys under a new KEK without touching field ciphertext.

use std::sync::Arc;

use anyhow::anyhow;

use crate::crypto::keyfile::KeyStore;
use crate::crypto::{DataKey, Keyring, RecordCipher, WrappedKey};
use crate::db::DbConn;
use crate::db::record_key::{self, RecordKeyRow};
use crate::error::{AppError, AppResult};

/// The first data-key generation of a record.
const FIRST_KEY_ID: u32 = 1;

/// A sealed field or key that would not open: tampering (a blob moved between rows or columns,
/// threat T2) or a lost key. Carried as the cause of a 500, so the error renderer can write it
/// to the audit log; the client sees only the generic error.
#[derive(Debug, thiserror::Error)]
#[error("a sealed {object_type} record did not open")]
pub struct DecryptFailed {
    pub object_type: &'static str,
    pub object_id: String,
}

impl DecryptFailed {
    /// The error for a field of `cipher`'s record that did not open (for `map_err`).
    pub fn of(cipher: &RecordCipher) -> impl FnOnce(crate::crypto::CryptoError) -> AppError + '_ {
        move |_| Self::error(cipher.table(), cipher.record_id())
    }

    pub fn error(object_type: &'static str, object_id: &str) -> AppError {
        AppError::internal(DecryptFailed {
            object_type,
            object_id: object_id.to_string(),
        })
    }
}

#[derive(Clone)]
pub struct Vault {
    keys: Arc<KeyStore>,
}

impl Vault {
    pub fn new(keys: Arc<KeyStore>) -> Self {
        Vault { keys }
    }

    pub fn keyring(&self) -> Arc<Keyring> {
        self.keys.current()
    }

    /// Make the data key of a new record (inside the caller's write transaction).
    pub fn create(
        &self,
        conn: &mut DbConn,
        table: &'static str,
        record_id: &str,
    ) -> AppResult<RecordCipher> {
        let keyring = self.keys.current();
        let dek = DataKey::generate();
        let wrapped = keyring.wrap(&dek, record_id);
        record_key::insert(
            conn,
            &RecordKeyRow {
                record_id: record_id.to_string(),
                key_id: i64::from(FIRST_KEY_ID),
                kek_version: i64::from(wrapped.kek_version),
                wrapped: wrapped.blob,
                created_at: chrono::Utc::now().naive_utc(),
            },
        )?;
        Ok(RecordCipher::new(table, record_id, FIRST_KEY_ID, dek))
    }

    /// Unwrap a record's data key. A key without a row is a record that does not exist (or was
    /// shredded): `NotFound`.
    pub fn open(
        &self,
        conn: &mut DbConn,
        table: &'static str,
        record_id: &str,
    ) -> AppResult<RecordCipher> {
        let row = record_key::find_latest(conn, record_id)?.ok_or(AppError::NotFound)?;
        let dek = self.unwrap_row(&row)?;
        let key_id = u32::try_from(row.key_id)
            .map_err(|_| AppError::internal(anyhow!("key id out of range")))?;
        Ok(RecordCipher::new(table, record_id, key_id, dek))
    }

    fn unwrap_row(&self, row: &RecordKeyRow) -> AppResult<DataKey> {
        let version = u32::try_from(row.kek_version)
            .map_err(|_| AppError::internal(anyhow!("kek version out of range")))?;
        let wrapped = WrappedKey {
            kek_version: version,
            blob: row.wrapped.clone(),
        };
        let mut keyring = self.keys.current();
        if !keyring.kek_versions().contains(&version) {
            // A rotation may have promoted a version this process has not loaded yet.
            keyring = self.keys.reload();
        }
        keyring
            .unwrap(&wrapped, &row.record_id)
            .map_err(|_| DecryptFailed::error("record_key", &row.record_id))
    }

    /// Delete a record's data keys in the caller's transaction: its ciphertext becomes noise.
    pub fn shred(&self, conn: &mut DbConn, record_id: &str) -> AppResult<usize> {
        Ok(record_key::delete_for_record(conn, record_id)?)
    }
}

/// Re-wrap up to `batch` keys that are not on the keyring's primary version. Returns how many
/// rows were found and how many re-wrapped; rows changed or deleted concurrently are skipped
/// and picked up (or gone) on the next pass.
pub fn rewrap_batch(
    conn: &mut DbConn,
    keyring: &Keyring,
    batch: i64,
) -> anyhow::Result<(usize, usize)> {
    let primary = i64::from(keyring.primary_kek_version());
    crate::db::write_tx(conn, |conn| -> anyhow::Result<(usize, usize)> {
        let rows = record_key::find_not_on(conn, primary, batch)?;
        let mut done = 0;
        for row in &rows {
            let old = WrappedKey {
                kek_version: u32::try_from(row.kek_version)?,
                blob: row.wrapped.clone(),
            };
            let new = keyring.rewrap(&old, &row.record_id).map_err(|e| {
                anyhow!(
                    "cannot re-wrap a record key (KEK version {}): {e}",
                    row.kek_version
                )
            })?;
            done += record_key::update_wrapping(conn, row, i64::from(new.kek_version), &new.blob)?;
        }
        Ok((rows.len(), done))
    })
}
