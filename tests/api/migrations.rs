//! Both backends carry the same migrations, and each migrates up, down and up again.

use std::collections::BTreeSet;
use std::path::Path;

use kinlink::config::DatabaseUrl;
use kinlink::db::{DbConn, migrate};

use crate::helpers::{fresh_postgres_database, postgres_admin_url};

fn folder_names(backend: &str) -> BTreeSet<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("migrations")
        .join(backend);
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().unwrap().is_dir())
        .map(|e| {
            for f in ["up.sql", "down.sql"] {
                assert!(
                    e.path().join(f).is_file(),
                    "{backend}/{:?} lacks {f}",
                    e.file_name()
                );
            }
            e.file_name().into_string().unwrap()
        })
        .collect()
}

#[test]
fn both_backends_list_the_same_migrations() {
    let sqlite = folder_names("sqlite");
    let postgres = folder_names("postgres");
    assert!(!sqlite.is_empty());
    assert_eq!(sqlite, postgres);
}

fn up_down_up(url: &DatabaseUrl) {
    let mut conn = DbConn::open(url, true).expect("open");
    let expected = folder_names("sqlite").len();
    let applied = migrate::run_pending(&mut conn).expect("up");
    assert_eq!(applied.len(), expected);
    assert_eq!(migrate::applied(&mut conn).unwrap().len(), expected);
    let reverted = migrate::revert_all(&mut conn).expect("down");
    assert_eq!(reverted.len(), expected);
    assert!(migrate::applied(&mut conn).unwrap().is_empty());
    let again = migrate::run_pending(&mut conn).expect("up again");
    assert_eq!(again.len(), expected);
}

/// SQLite always; PostgreSQL too when the suite runs against it (CI's second run).
#[test]
fn each_backend_of_this_run_migrates_up_down_and_up_again() {
    let dir = tempfile::tempdir().unwrap();
    up_down_up(&DatabaseUrl::Sqlite(dir.path().join("m.db")));
    if let Some(admin) = postgres_admin_url() {
        up_down_up(&DatabaseUrl::Postgres(fresh_postgres_database(&admin)));
    }
}
