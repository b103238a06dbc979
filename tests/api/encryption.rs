//! Encryption at rest through the service layer: no canary survives in a stolen database, key
//! rotation under concurrent writes, and crypto-shredding that reaches old backups.
//!
//! Accounts and registrations do not exist yet, so records are written by the vault into a
//! table this test creates; the HTTP canary test joins when they do.

use diesel::prelude::*;
use kinlink::db::DbConn;
use kinlink::vault::{Column, Sealer, Table};

use crate::helpers::{TestApp, spawn_app};

diesel::table! {
    canary_records (id) {
        id -> Text,
        name -> Binary,
        note -> Binary,
    }
}

const TABLE: Table = Table::new("canary_records");
const NAME: Column<String> = TABLE.column("name");
const NOTE: Column<String> = TABLE.column("note");

fn create_table(app: &TestApp) {
    let blob = if app.is_postgres() { "BYTEA" } else { "BLOB" };
    app.admin_sql(&format!(
        "CREATE TABLE canary_records (id TEXT PRIMARY KEY NOT NULL, name {blob} NOT NULL, note {blob} NOT NULL)"
    ));
}

/// Create one record through the vault, with an audit entry, in one write transaction.
async fn write_record(app: &TestApp, name: &str, note: &str) -> String {
    let (name, note) = (name.to_string(), note.to_string());
    let vault = app.ctx.vault.clone();
    let audit = app.ctx.audit.clone();
    app.ctx
        .db
        .write(move |conn| {
            let id = uuid::Uuid::new_v4().to_string();
            let cipher = vault.create(conn, TABLE, &id)?;
            let name = cipher.seal(NAME, &name).unwrap();
            let note = cipher.seal(NOTE, &note).unwrap();
            diesel::insert_into(canary_records::table)
                .values((
                    canary_records::id.eq(&id),
                    canary_records::name.eq(&name),
                    canary_records::note.eq(&note),
                ))
                .execute(conn)?;
            audit.record(
                conn,
                &kinlink::audit::Event {
                    actor: kinlink::audit::Actor::Registrant { account_id: &id },
                    action: "record.create",
                    object_type: TABLE.name,
                    object_id: Some(&id),
                    case_id: None,
                    reason_code: None,
                    outcome: "ok",
                },
            )?;
            Ok(id)
        })
        .await
        .expect("write a record")
}

fn read_name(conn: &mut DbConn, cipher: &Sealer) -> String {
    let blob: Vec<u8> = canary_records::table
        .filter(canary_records::id.eq(cipher.record_id()))
        .select(canary_records::name)
        .first(conn)
        .expect("row");
    cipher.open(NAME, &blob).expect("open")
}

async fn read_record(app: &TestApp, id: &str) -> String {
    let vault = app.ctx.vault.clone();
    let id = id.to_string();
    app.ctx
        .db
        .run(move |conn| {
            let cipher = vault.open(conn, TABLE, &id)?;
            Ok(read_name(conn, &cipher))
        })
        .await
        .expect("read a record")
}

/// The forms a grep of a dump could catch a canary in.
fn encodings(canary: &str) -> Vec<Vec<u8>> {
    use base64::Engine;
    let mut forms = vec![
        canary.as_bytes().to_vec(),
        canary.to_lowercase().into_bytes(),
        canary.to_uppercase().into_bytes(),
        canary.encode_utf16().flat_map(u16::to_le_bytes).collect(),
        canary.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        hex::encode(canary.as_bytes()).into_bytes(),
        base64::engine::general_purpose::STANDARD
            .encode(canary.as_bytes())
            .trim_end_matches('=')
            .as_bytes()
            .to_vec(),
        canary
            .chars()
            .map(|c| format!("\\u{:04x}", c as u32))
            .collect::<String>()
            .into_bytes(),
    ];
    forms.retain(|f| f.len() >= 6);
    forms
}

fn find_canaries(haystack: &[u8], canaries: &[&str]) -> Vec<String> {
    let lower: Vec<u8> = haystack.to_ascii_lowercase();
    let mut found = Vec::new();
    for canary in canaries {
        for form in encodings(canary) {
            let needle = form.to_ascii_lowercase();
            if lower.windows(needle.len()).any(|w| w == needle.as_slice()) {
                found.push(format!("{canary} as {:?}", String::from_utf8_lossy(&form)));
            }
        }
    }
    found
}

const CANARIES: [&str; 4] = ["Qzxovanbek", "ئۇزقوۋانبېك", "Жзыхвалдор", "吉兹库瓦恩别克"];

#[tokio::test]
async fn a_stolen_database_holds_none_of_the_canaries() {
    let app = spawn_app().await;
    create_table(&app);
    let mut ids = Vec::new();
    for (i, canary) in CANARIES.iter().enumerate() {
        // Each canary twice: equal plaintexts must not give equal ciphertexts (no frequency leak).
        for _ in 0..2 {
            ids.push(write_record(&app, canary, &format!("note {i} about {canary}")).await);
        }
    }
    // The test can fail: the canaries are there in plaintext through the service.
    assert_eq!(read_record(&app, &ids[0]).await, CANARIES[0]);
    assert!(!find_canaries(CANARIES[0].as_bytes(), &CANARIES).is_empty());

    let dump = app.database_bytes();
    assert!(dump.len() > 1000, "the dump is real");
    let found = find_canaries(&dump, &CANARIES);
    assert!(found.is_empty(), "canaries in the database: {found:?}");

    let names: Vec<Vec<u8>> = {
        let mut conn = app.ctx.db.get().unwrap();
        canary_records::table
            .select(canary_records::name)
            .load(&mut conn)
            .unwrap()
    };
    let unique: std::collections::HashSet<_> = names.iter().collect();
    assert_eq!(unique.len(), names.len(), "no duplicated ciphertext");
}

#[tokio::test]
async fn a_blob_moved_to_another_row_or_column_does_not_open() {
    let app = spawn_app().await;
    create_table(&app);
    let a = write_record(&app, "Qzxovanbek", "first").await;
    let b = write_record(&app, "Qzxovanbek", "second").await;
    // An attacker with write access swaps B's name into A's row, and A's note into A's name.
    {
        let mut conn = app.ctx.db.get().unwrap();
        let (b_name, a_note): (Vec<u8>, Vec<u8>) = (
            canary_records::table
                .filter(canary_records::id.eq(&b))
                .select(canary_records::name)
                .first(&mut conn)
                .unwrap(),
            canary_records::table
                .filter(canary_records::id.eq(&a))
                .select(canary_records::note)
                .first(&mut conn)
                .unwrap(),
        );
        for blob in [b_name, a_note] {
            diesel::update(canary_records::table.filter(canary_records::id.eq(&a)))
                .set(canary_records::name.eq(&blob))
                .execute(&mut conn)
                .unwrap();
            let cipher = app.ctx.vault.open(&mut conn, TABLE, &a).unwrap();
            let stored: Vec<u8> = canary_records::table
                .filter(canary_records::id.eq(&a))
                .select(canary_records::name)
                .first(&mut conn)
                .unwrap();
            assert!(cipher.open(NAME, &stored).is_err());
        }
    }
    assert_eq!(read_record(&app, &b).await, "Qzxovanbek");
}

fn stdout(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "kinlink failed: {}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn key_rotation_under_concurrent_writes_loses_nothing() {
    let app = std::sync::Arc::new(spawn_app().await);
    create_table(&app);
    let mut expected = Vec::new();
    for i in 0..120 {
        let name = format!("Rotated{i}");
        expected.push((write_record(&app, &name, "x").await, name));
    }
    assert!(stdout(&app.cli(&["keys", "status"])).contains("v1: 120 (primary)"));

    // Writers and readers keep the live server busy while the rotation runs.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (app, stop) = (app.clone(), stop.clone());
        tokio::spawn(async move {
            let mut written = Vec::new();
            let mut i = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let name = format!("During{i}");
                written.push((write_record(&app, &name, "y").await, name));
                assert_eq!(app.get("/readyz").await.status(), 200);
                i += 1;
            }
            written
        })
    };
    let rotator = {
        let app = app.clone();
        tokio::task::spawn_blocking(move || app.cli(&["keys", "rotate", "--batch-size", "25"]))
    };
    let out = rotator.await.unwrap();
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let written = writer.await.unwrap();
    assert!(
        out.status.success(),
        "rotate: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!written.is_empty(), "writes ran during the rotation");
    expected.extend(written);

    let status = stdout(&app.cli(&["keys", "status"]));
    assert!(
        status.contains("KEK versions: 1, 2 (primary 2)"),
        "{status}"
    );
    assert!(
        status.contains(&format!("v2: {} (primary)", expected.len())),
        "{status}"
    );
    assert!(!status.contains("v1:"), "{status}");
    for (id, name) in &expected {
        assert_eq!(&read_record(&app, id).await, name);
    }
    // The old version can now go, and the records still open.
    stdout(&app.cli(&["keys", "retire", "1"]));
    assert_eq!(read_record(&app, &expected[0].0).await, expected[0].1);
}

#[tokio::test]
async fn retiring_a_version_in_use_is_refused() {
    let app = spawn_app().await;
    create_table(&app);
    write_record(&app, "Qzxovanbek", "x").await;
    let out = app.cli(&["keys", "retire", "1"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("primary"));
    let keyfile = kinlink::crypto::keyfile::read(&app.settings.keys_file).unwrap();
    let mut k2 = keyfile;
    k2.add_kek();
    kinlink::crypto::keyfile::write(&app.settings.keys_file, &k2).unwrap();
    let out = app.cli(&["keys", "retire", "1"]);
    assert!(!out.status.success(), "v1 still wraps a data key");
    assert!(String::from_utf8_lossy(&out.stderr).contains("still wraps 1 data keys"));
}

/// The deleted record's row of `record_keys` as a backup taken before the deletion holds it.
fn backup_key_row(app: &TestApp, backup: &Backup, id: &str) -> (u32, Vec<u8>) {
    use kinlink::db::record_key;
    let url = match backup {
        Backup::Sqlite(path) => kinlink::config::DatabaseUrl::Sqlite(path.clone()),
        Backup::Postgres(url) => kinlink::config::DatabaseUrl::Postgres(url.clone()),
    };
    let _ = app;
    let mut conn = DbConn::open(&url, true).unwrap();
    let row = record_key::find_latest(&mut conn, id)
        .unwrap()
        .expect("the backup holds the key");
    (row.kek_version as u32, row.wrapped)
}

enum Backup {
    Sqlite(std::path::PathBuf),
    Postgres(String),
}

/// A copy of the database as it is now: the SQLite file (after a WAL checkpoint), or a
/// `pg_dump` restored into a new database.
fn take_backup(app: &TestApp) -> Backup {
    match &app.settings.database_url {
        kinlink::config::DatabaseUrl::Sqlite(path) => {
            app.admin_sql("PRAGMA wal_checkpoint(TRUNCATE)");
            let copy = path.with_extension("backup.db");
            std::fs::copy(path, &copy).unwrap();
            Backup::Sqlite(copy)
        }
        kinlink::config::DatabaseUrl::Postgres(_) => {
            let dump = app.database_bytes();
            let admin = crate::helpers::postgres_admin_url().unwrap();
            let url = crate::helpers::fresh_postgres_database(&admin);
            let mut child = std::process::Command::new(crate::helpers::pg_tool("psql"))
                .args(["-q", "-v", "ON_ERROR_STOP=1", &url])
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap();
            use std::io::Write;
            child.stdin.take().unwrap().write_all(&dump).unwrap();
            assert!(child.wait().unwrap().success(), "restore the dump");
            Backup::Postgres(url)
        }
    }
}

#[tokio::test]
async fn a_deleted_record_stays_unreadable_in_old_backups_after_the_next_rotation() {
    let app = spawn_app().await;
    create_table(&app);
    let keep = write_record(&app, "Qzxovanbek", "kept").await;
    let gone = write_record(&app, "Qzxovanbek", "deleted").await;
    let backup = take_backup(&app);

    // Delete the record: its key row and its fields go in one transaction.
    let vault = app.ctx.vault.clone();
    let id = gone.clone();
    app.ctx
        .db
        .write(move |conn| {
            diesel::delete(canary_records::table.filter(canary_records::id.eq(&id)))
                .execute(conn)?;
            assert_eq!(vault.shred(conn, &id)?, 1);
            Ok(())
        })
        .await
        .unwrap();
    assert!(
        app.ctx
            .vault
            .open(&mut app.ctx.db.get().unwrap(), TABLE, &gone)
            .is_err()
    );

    // Before the epoch turns, the old backup still opens with the current keys...
    let (version, wrapped) = backup_key_row(&app, &backup, &gone);
    let wrapped = kinlink::crypto::WrappedKey {
        kek_version: version,
        blob: wrapped,
    };
    assert!(app.ctx.vault.keyring().unwrap(&wrapped, &gone).is_ok());

    // ...after a rotation that retires the old key, it does not.
    stdout(&app.cli(&["keys", "rotate", "--grace-ms", "0"]));
    stdout(&app.cli(&["keys", "retire", "1"]));
    let current = kinlink::crypto::keyfile::read(&app.settings.keys_file).unwrap();
    assert_eq!(current.kek_versions(), vec![2]);
    assert!(
        current.unwrap(&wrapped, &gone).is_err(),
        "the deleted record's key is shredded"
    );
    // The kept record lives on under the new key.
    assert_eq!(read_record(&app, &keep).await, "Qzxovanbek");
}
