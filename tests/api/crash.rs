//! A real `kinlink serve` killed with SIGKILL in the middle of 500 concurrent registration
//! writes, then started again on the same database (SQLite file, or PostgreSQL in CI's second
//! run): every write that was answered 2xx is there and opens, and the audit chain verifies.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde_json::{Value, json};

use crate::helpers::{Process, process_account, run_cli, shared_database_url};

const ACCOUNTS: usize = 50;
/// One "about me" and nine searches per account: 500 writes.
const SEARCHES: usize = 9;
/// Answers received before the kill.
const KILL_AFTER: usize = 200;
const PASS: &str = "a crash test passphrase";

fn env(dir: &std::path::Path, db: &str) -> Vec<(&'static str, String)> {
    vec![
        ("KINLINK_DATABASE_URL", db.to_string()),
        (
            "KINLINK_KEYS_FILE",
            dir.join("keys.toml").display().to_string(),
        ),
        (
            "KINLINK_OUTBOX_DIR",
            dir.join("outbox").display().to_string(),
        ),
        ("KINLINK_SIGNUPS_PER_MINUTE", "10000".to_string()),
        ("KINLINK_SIGNUPS_PER_SOURCE_PER_HOUR", "10000".to_string()),
        ("KINLINK_SIGNINS_PER_SOURCE_PER_MINUTE", "10000".to_string()),
        ("KINLINK_JOBS", "false".to_string()),
        ("KINLINK_MATCHER", "false".to_string()),
    ]
}

/// A write and what must be found after the restart if it was answered 2xx.
#[derive(Clone)]
enum Write {
    Profile { account: usize, name: String },
    Search { account: usize, name: String },
}

fn name(account: usize, n: usize) -> String {
    // Letters only, distinct per write.
    let letters = |mut x: usize| {
        let mut s = String::new();
        for _ in 0..3 {
            s.push((b'a' + (x % 26) as u8) as char);
            x /= 26;
        }
        s
    };
    format!("Crash{} Test{}", letters(account), letters(n))
}

async fn send(
    client: &reqwest::Client,
    base: &str,
    token: &str,
    write: &Write,
) -> Result<(u16, Value), reqwest::Error> {
    let req = match write {
        Write::Profile { name, .. } => client
            .put(format!("{base}/api/v1/me/profile"))
            .json(&json!({"names": [name], "birth": {"year": 1980}})),
        Write::Search { name, .. } => client
            .post(format!("{base}/api/v1/me/searches"))
            .json(&json!({"names": [name], "relation": "brother", "birth": {"year": 1975}})),
    };
    let res = req.bearer_auth(token).send().await?;
    let status = res.status().as_u16();
    let body = res.json::<Value>().await.unwrap_or(Value::Null);
    Ok((status, body))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_server_killed_during_500_writes_keeps_every_answered_write() {
    let dir = tempfile::tempdir().unwrap();
    let db = shared_database_url(dir.path());
    let env = env(dir.path(), &db);
    let mut server = Process::start(dir.path(), &["serve"], &env);
    let base = server.url("");
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap();

    let mut tokens = Vec::new();
    for _ in 0..ACCOUNTS {
        tokens.push(process_account(&client, &base, PASS).await.1);
    }

    // 500 writes at once; the process is killed after the 200th answer.
    let mut writes = Vec::new();
    for account in 0..ACCOUNTS {
        writes.push(Write::Profile {
            account,
            name: name(account, 0),
        });
        for n in 1..=SEARCHES {
            writes.push(Write::Search {
                account,
                name: name(account, n),
            });
        }
    }
    let answered = Arc::new(AtomicUsize::new(0));
    let pid = server.child.id();
    let mut tasks = Vec::new();
    for write in writes {
        let (client, base, answered) = (client.clone(), base.clone(), answered.clone());
        let token = match &write {
            Write::Profile { account, .. } | Write::Search { account, .. } => {
                tokens[*account].clone()
            }
        };
        tasks.push(tokio::spawn(async move {
            let out = send(&client, &base, &token, &write).await;
            if answered.fetch_add(1, Ordering::SeqCst) + 1 == KILL_AFTER {
                // SIGKILL: no shutdown, no flush, transactions cut wherever they are.
                let _ = std::process::Command::new("kill")
                    .args(["-9", &pid.to_string()])
                    .status();
            }
            (write, out)
        }));
    }
    let mut acked = Vec::new();
    let mut refused = 0;
    for t in tasks {
        let (write, out) = t.await.unwrap();
        match out {
            Ok((status, body)) if (200..300).contains(&status) => acked.push((write, body)),
            Ok((status, body)) => {
                // Refused (a client error, or 503 when SQLite stays locked under load) is
                // allowed; an internal error is not.
                if status >= 500 && body["error"]["code"] != "service_unavailable" {
                    let errors: Vec<Value> = (server.messages.lock().unwrap().iter())
                        .filter(|v| v["level"] == "ERROR" || v["level"] == "WARN")
                        .cloned()
                        .collect();
                    panic!("a write answered {status}: {body}; the server logged {errors:?}");
                }
                refused += 1;
            }
            Err(_) => {} // cut off by the kill
        }
    }
    server.kill();
    assert!(
        acked.len() >= KILL_AFTER / 2,
        "{} writes answered 2xx before the kill ({refused} refused)",
        acked.len()
    );
    assert!(acked.len() < 500, "the kill came before the end");
    eprintln!(
        "{} writes answered 2xx, {refused} refused, the rest cut off by the kill",
        acked.len()
    );

    // Start again on the same database and keys: every answered write is there and opens.
    let server = Process::start(dir.path(), &["serve"], &env);
    let base = server.url("");
    for (write, body) in &acked {
        match write {
            Write::Profile { account, name } => {
                let res = client
                    .get(format!("{base}/api/v1/me/profile"))
                    .bearer_auth(&tokens[*account])
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status(), 200);
                let profile: Value = res.json().await.unwrap();
                assert_eq!(profile["names"][0], name.as_str(), "{profile}");
            }
            Write::Search { account, name } => {
                let id = body["id"].as_str().expect("a search id");
                let res = client
                    .get(format!("{base}/api/v1/me/searches/{id}"))
                    .bearer_auth(&tokens[*account])
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status(), 200, "search {id}");
                let search: Value = res.json().await.unwrap();
                assert_eq!(search["person"]["names"][0], name.as_str(), "{search}");
            }
        }
    }
    drop(server);

    let out = run_cli(dir.path(), &env, &["audit", "verify"]);
    assert!(
        out.status.success(),
        "audit verify after the crash: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
