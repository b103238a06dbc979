//! A backup taken while writes run restores into a fresh data directory with every record
//! acknowledged before the backup started present and opening. SQLite: `kinlink backup` and
//! `kinlink restore`; PostgreSQL (CI's second run): the README's pg_dump procedure.

use std::sync::{Arc, Mutex};
use std::time::Instant;

use kinlink::config::DatabaseUrl;
use serde_json::{Value, json};

use crate::helpers::{
    Process, fresh_postgres_database, pg_tool, postgres_admin_url, process_account,
    shared_database_url,
};

const PASS: &str = "a backup test passphrase";

fn env(dir: &std::path::Path, db: &str) -> Vec<(&'static str, String)> {
    vec![
        ("KINLINK_DATABASE_URL", db.to_string()),
        ("KINLINK_DATA_DIR", dir.display().to_string()),
        (
            "KINLINK_KEYS_FILE",
            dir.join("keys.toml").display().to_string(),
        ),
        ("KINLINK_SIGNUPS_PER_MINUTE", "100000".to_string()),
        ("KINLINK_SIGNUPS_PER_SOURCE_PER_HOUR", "100000".to_string()),
        (
            "KINLINK_SIGNINS_PER_SOURCE_PER_MINUTE",
            "100000".to_string(),
        ),
    ]
}

/// One family written through the API: its handle and the name it looks for, once the
/// service has acknowledged both.
async fn write_one(client: &reqwest::Client, base: &str, i: usize) -> (String, String) {
    let (handle, token) = process_account(client, base, PASS).await;
    let name = format!("Backup Canary {i}");
    let res = client
        .post(format!("{base}/api/v1/me/searches"))
        .bearer_auth(&token)
        .json(&json!({"names": [name], "relation": "brother"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    (handle, name)
}

async fn sign_in(client: &reqwest::Client, base: &str, handle: &str) -> String {
    let res = client
        .post(format!("{base}/api/v1/sessions"))
        .json(&json!({"login": handle, "passphrase": PASS}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "sign in {handle}");
    res.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string()
}

fn run(cmd: &mut std::process::Command) {
    let out = cmd.output().expect("run");
    assert!(
        out.status.success(),
        "{:?}: {}{}",
        cmd,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_backup_taken_while_writing_restores_every_acknowledged_record() {
    let dir = tempfile::tempdir().unwrap();
    let db = shared_database_url(dir.path());
    let web = Process::start(dir.path(), &["serve"], &env(dir.path(), &db));
    let client = reqwest::Client::new();
    // Writes go on while the backup is taken.
    let acked: Arc<Mutex<Vec<(Instant, String, String)>>> = Arc::default();
    let writer = {
        let (acked, client, base) = (acked.clone(), client.clone(), web.url(""));
        tokio::spawn(async move {
            for i in 0.. {
                let (h, n) = write_one(&client, &base, i).await;
                acked.lock().unwrap().push((Instant::now(), h, n));
                if i >= 40 {
                    break;
                }
            }
        })
    };
    while acked.lock().unwrap().len() < 5 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let restored_dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let restored_db = match DatabaseUrl::parse(&db, dir.path()).unwrap() {
        DatabaseUrl::Sqlite(_) => {
            let out = dir.path().join("backup.db");
            run(std::process::Command::new(env!("CARGO_BIN_EXE_kinlink"))
                .env_clear()
                .envs(env(dir.path(), &db))
                .args(["backup", out.to_str().unwrap()]));
            // The key file is restored first (it is backed up separately), then the database.
            std::fs::copy(
                dir.path().join("keys.toml"),
                restored_dir.path().join("keys.toml"),
            )
            .unwrap();
            let restored = restored_dir.path().join("kinlink.db").display().to_string();
            run(std::process::Command::new(env!("CARGO_BIN_EXE_kinlink"))
                .env_clear()
                .envs(env(restored_dir.path(), &restored))
                .args(["restore", out.to_str().unwrap()]));
            restored
        }
        DatabaseUrl::Postgres(url) => {
            // README, "Backups": pg_dump while serving, restore into a fresh database.
            let dump = dir.path().join("backup.sql");
            run(std::process::Command::new(pg_tool("pg_dump")).args([
                "--no-owner",
                "--file",
                dump.to_str().unwrap(),
                &url,
            ]));
            std::fs::copy(
                dir.path().join("keys.toml"),
                restored_dir.path().join("keys.toml"),
            )
            .unwrap();
            let fresh = fresh_postgres_database(&postgres_admin_url().unwrap());
            run(std::process::Command::new(pg_tool("psql")).args([
                "--quiet",
                "-v",
                "ON_ERROR_STOP=1",
                "--file",
                dump.to_str().unwrap(),
                &fresh,
            ]));
            fresh
        }
    };
    writer.await.unwrap();
    drop(web);
    let before: Vec<(String, String)> = acked
        .lock()
        .unwrap()
        .iter()
        .filter(|(at, _, _)| *at < started)
        .map(|(_, h, n)| (h.clone(), n.clone()))
        .collect();
    assert!(
        before.len() >= 5,
        "writes were acknowledged before the backup"
    );
    assert!(
        acked.lock().unwrap().len() > before.len(),
        "and went on while it was taken"
    );
    let web = Process::start(
        restored_dir.path(),
        &["serve"],
        &env(restored_dir.path(), &restored_db),
    );
    for (handle, name) in &before {
        let token = sign_in(&client, &web.url(""), handle).await;
        let res = client
            .get(web.url("/api/v1/me/searches"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let body: Value = res.json().await.unwrap();
        assert_eq!(
            body[0]["person"]["names"][0],
            name.as_str(),
            "{handle} opens"
        );
    }
}
