//! The vault: per-record data keys. Creating a record makes a random data key wrapped by the
//! primary KEK; opening unwraps it; deleting the key row crypto-shreds every field of the
//! record; rotation re-wraps keys under a new KEK without touching field ciphertext.

use std::marker::PhantomData;
use std::sync::Arc;

use anyhow::anyhow;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::clock::Clock;
use crate::crypto::keyfile::KeyStore;
use crate::crypto::{DataKey, Encrypted, Keyring, RecordCipher, WrappedKey};
use crate::db::DbConn;
use crate::db::record_key::{self, RecordKeyRow};
use crate::error::{AppError, AppResult};

/// A table whose rows hold sealed columns. Each table declares itself and its sealed columns
/// once, as constants next to its queries; sealing and opening both use those constants, so a
/// column name is never written twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Table {
    pub name: &'static str,
}

impl Table {
    pub const fn new(name: &'static str) -> Self {
        Table { name }
    }

    /// A sealed column of this table holding a `T` (serialised as JSON inside the seal).
    pub const fn column<T>(self, name: &'static str) -> Column<T> {
        Column {
            table: self.name,
            name,
            _value: PhantomData,
        }
    }
}

/// A sealed column and the type of value it holds.
pub struct Column<T> {
    pub table: &'static str,
    pub name: &'static str,
    _value: PhantomData<fn() -> T>,
}

impl<T> Clone for Column<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Column<T> {}

/// One record's unwrapped data key with the table it belongs to: seals and opens that record's
/// columns. A column of another table is refused (a programming error, caught by tests).
pub struct Sealer {
    cipher: RecordCipher,
}

impl Sealer {
    pub fn record_id(&self) -> &str {
        self.cipher.record_id()
    }

    fn check<T>(&self, column: &Column<T>) -> AppResult<()> {
        if column.table == self.cipher.table() {
            Ok(())
        } else {
            Err(AppError::internal(anyhow!(
                "column {}.{} used with a {} record",
                column.table,
                column.name,
                self.cipher.table()
            )))
        }
    }

    pub fn seal<T: Serialize>(&self, column: Column<T>, value: &T) -> AppResult<Vec<u8>> {
        self.check(&column)?;
        Ok(self
            .cipher
            .seal_value(column.name, value)
            .map_err(AppError::internal)?
            .into_bytes())
    }

    /// Open a sealed column; a blob that does not open is a [`DecryptFailed`] (audited by the
    /// error renderer, a generic 500 to the client).
    pub fn open<T: DeserializeOwned>(&self, column: Column<T>, blob: &[u8]) -> AppResult<T> {
        self.check(&column)?;
        self.cipher
            .open_value(column.name, &Encrypted::<T>::from_stored(blob.to_vec()))
            .map_err(|_| DecryptFailed::error(self.cipher.table(), self.cipher.record_id()))
    }

    /// Open an optional column.
    pub fn open_opt<T: DeserializeOwned>(
        &self,
        column: Column<T>,
        blob: Option<&[u8]>,
    ) -> AppResult<Option<T>> {
        blob.map(|b| self.open(column, b)).transpose()
    }
}

/// The first data-key generation of a record.
const FIRST_KEY_ID: u32 = 1;
/// The match data key's generation ([`record_key::MATCH_KEY`]).
const MATCH_KEY_ID: u32 = 0;

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
    clock: Clock,
}

impl Vault {
    pub fn new(keys: Arc<KeyStore>, clock: Clock) -> Self {
        Vault { keys, clock }
    }

    pub fn keyring(&self) -> Arc<Keyring> {
        self.keys.current()
    }

    /// Make the data key of a new record (inside the caller's write transaction).
    pub fn create(&self, conn: &mut DbConn, table: Table, record_id: &str) -> AppResult<Sealer> {
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
                created_at: crate::db::coarse_date(self.clock.now_naive()),
            },
        )?;
        Ok(Sealer {
            cipher: RecordCipher::new(table.name, record_id, FIRST_KEY_ID, dek),
        })
    }

    /// Unwrap a record's data key. A key without a row is a record that does not exist (or was
    /// shredded): `NotFound`.
    pub fn open(&self, conn: &mut DbConn, table: Table, record_id: &str) -> AppResult<Sealer> {
        let row = record_key::find_latest(conn, record_id)?.ok_or(AppError::NotFound)?;
        self.sealer_of(table, &row)
    }

    /// [`Self::open`] with the key row already read (joined to the record's own row); `None`
    /// is a record whose keys are gone: `NotFound`, as [`Self::open`] says it.
    pub fn open_row(&self, table: Table, row: Option<&RecordKeyRow>) -> AppResult<Sealer> {
        self.sealer_of(table, row.ok_or(AppError::NotFound)?)
    }

    fn sealer_of(&self, table: Table, row: &RecordKeyRow) -> AppResult<Sealer> {
        let dek = self.unwrap_row(row)?;
        let key_id = u32::try_from(row.key_id)
            .map_err(|_| AppError::internal(anyhow!("key id out of range")))?;
        Ok(Sealer {
            cipher: RecordCipher::new(table.name, &row.record_id, key_id, dek),
        })
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

    /// A fresh match data key for a record (its matching features), wrapped to the matcher's
    /// public key and replacing the previous one: whoever builds features can seal them but
    /// only the matcher can open them again.
    pub fn create_match(
        &self,
        conn: &mut DbConn,
        table: Table,
        record_id: &str,
    ) -> AppResult<Sealer> {
        let keyring = self.keys.current();
        let dek = DataKey::generate();
        let wrapped = keyring.wrap_match(&dek, record_id);
        record_key::replace_match(
            conn,
            &RecordKeyRow {
                record_id: record_id.to_string(),
                key_id: record_key::MATCH_KEY,
                kek_version: i64::from(wrapped.kek_version),
                wrapped: wrapped.blob,
                created_at: crate::db::coarse_date(self.clock.now_naive()),
            },
        )?;
        Ok(Sealer {
            cipher: RecordCipher::new(table.name, record_id, MATCH_KEY_ID, dek),
        })
    }

    /// Unwrap a record's match data key (the matcher only: it needs the matcher's secret).
    pub fn open_match(
        &self,
        conn: &mut DbConn,
        table: Table,
        record_id: &str,
    ) -> AppResult<Sealer> {
        let row = record_key::find_match(conn, record_id)?.ok_or(AppError::NotFound)?;
        let version = u32::try_from(row.kek_version)
            .map_err(|_| AppError::internal(anyhow!("matcher key version out of range")))?;
        let wrapped = WrappedKey {
            kek_version: version,
            blob: row.wrapped,
        };
        let mut keyring = self.keys.current();
        if !keyring.matcher_keys().versions().contains(&version) {
            keyring = self.keys.reload();
        }
        let dek = keyring
            .unwrap_match(&wrapped, record_id)
            .map_err(|_| DecryptFailed::error("record_key", record_id))?;
        Ok(Sealer {
            cipher: RecordCipher::new(table.name, record_id, MATCH_KEY_ID, dek),
        })
    }

    /// Delete a record's data keys in the caller's transaction: its ciphertext becomes noise.
    pub fn shred(&self, conn: &mut DbConn, record_id: &str) -> AppResult<usize> {
        Ok(record_key::delete_for_record(conn, record_id)?)
    }
}

/// Re-wrap up to `batch` match data keys that are not on the primary matcher key (a keyring
/// that holds the matcher's secrets). Returns (found, re-wrapped) as [`rewrap_batch`].
pub fn rewrap_match_batch(
    conn: &mut DbConn,
    keyring: &Keyring,
    batch: i64,
) -> anyhow::Result<(usize, usize)> {
    let primary = i64::from(keyring.matcher_keys().primary_version());
    crate::db::write_tx(conn, |conn| -> anyhow::Result<(usize, usize)> {
        let rows = record_key::find_match_not_on(conn, primary, batch)?;
        let mut done = 0;
        for row in &rows {
            let old = WrappedKey {
                kek_version: u32::try_from(row.kek_version)?,
                blob: row.wrapped.clone(),
            };
            let new = keyring.rewrap_match(&old, &row.record_id).map_err(|e| {
                anyhow!(
                    "cannot re-wrap a match key (matcher key version {}): {e}",
                    row.kek_version
                )
            })?;
            done += record_key::update_wrapping(conn, row, i64::from(new.kek_version), &new.blob)?;
        }
        Ok((rows.len(), done))
    })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::fixture;

    const THINGS: Table = Table::new("things");
    const NAME: Column<String> = THINGS.column("name");
    const OTHERS: Table = Table::new("others");
    const OTHER_NAME: Column<String> = OTHERS.column("name");
    const NICKNAME: Column<String> = THINGS.column("nickname");

    #[test]
    fn a_sealer_opens_its_own_columns_only() {
        let f = fixture();
        let mut conn = f.db.get().unwrap();
        let sealer = f.vault.create(&mut conn, THINGS, "r1").unwrap();
        let blob = sealer.seal(NAME, &"Qzxovanbek".to_string()).unwrap();
        assert_eq!(sealer.open(NAME, &blob).unwrap(), "Qzxovanbek");
        // The same bytes in another column, or a column of another table, do not open.
        assert!(sealer.open(NICKNAME, &blob).is_err());
        assert!(sealer.seal(OTHER_NAME, &"x".to_string()).is_err());
        // A reopened key opens it; another record's key does not.
        let again = f.vault.open(&mut conn, THINGS, "r1").unwrap();
        assert_eq!(again.open(NAME, &blob).unwrap(), "Qzxovanbek");
        let other = f.vault.create(&mut conn, THINGS, "r2").unwrap();
        assert!(other.open(NAME, &blob).is_err());
        // Shredding makes the record unknown.
        assert_eq!(f.vault.shred(&mut conn, "r1").unwrap(), 1);
        assert!(matches!(
            f.vault.open(&mut conn, THINGS, "r1"),
            Err(AppError::NotFound)
        ));
    }
}
