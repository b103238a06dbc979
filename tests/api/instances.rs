//! Several `kinlink serve` processes on one database (PostgreSQL in CI's second run; one SQLite
//! file in the first): mail queued through either is sent exactly once, and throttles are shared.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::helpers::{Process, shared_database_url};

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
        // A one-second cap, so six failures can be counted in a few seconds.
        ("KINLINK_LOGIN_MAX_DELAY_SECS", "1".to_string()),
    ]
}

fn mails(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir.join("outbox"))
        .map(|d| {
            d.filter_map(Result::ok)
                .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn two_instances_send_each_mail_once_and_share_throttles() {
    let dir = tempfile::tempdir().unwrap();
    let db = shared_database_url(dir.path());
    let env = env(dir.path(), &db);
    // The first creates the key file and migrates; the second starts on both.
    let a = Process::start(dir.path(), &["serve"], &env);
    let b = Process::start(dir.path(), &["serve"], &env);
    let client = reqwest::Client::new();

    // Thirty accounts with an address each, signed up through alternating instances.
    let mut handles = Vec::new();
    for i in 0..30 {
        let server = if i % 2 == 0 { &a } else { &b };
        let res = client
            .post(server.url("/api/v1/accounts"))
            .json(&json!({"passphrase": "two instance passphrase", "email": format!("family{i}@example.org")}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        handles.push(
            res.json::<Value>().await.unwrap()["handle"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }
    // Both instances run the outbox job; wait (with a deadline) until the queue is empty.
    let deadline = Instant::now() + Duration::from_secs(60);
    while mails(dir.path()).len() < 30 {
        assert!(
            Instant::now() < deadline,
            "only {} mails arrived",
            mails(dir.path()).len()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // A few more ticks of both senders: nothing is sent twice.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let mut per_address: BTreeMap<String, usize> = BTreeMap::new();
    for mail in mails(dir.path()) {
        let to = mail
            .lines()
            .find_map(|l| l.strip_prefix("To: "))
            .expect("a recipient")
            .to_string();
        *per_address.entry(to).or_default() += 1;
    }
    assert_eq!(per_address.len(), 30, "{per_address:?}");
    assert!(per_address.values().all(|n| *n == 1), "{per_address:?}");

    // Six wrong passphrases for one account, alternating instances, each after the previous
    // one's delay (the processes run on the real clock)...
    let victim = &handles[0];
    for i in 0..6 {
        if i > 0 {
            tokio::time::sleep(Duration::from_millis(1100)).await;
        }
        let server = if i % 2 == 0 { &a } else { &b };
        let res = client
            .post(server.url("/api/v1/sessions"))
            .json(&json!({"login": victim, "passphrase": format!("wrong guess number {i}")}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 401);
    }
    // ...count six failures in the one shared row (each instance alone saw three)...
    let settings = {
        let mut s = kinlink::config::Settings::for_dir(dir.path());
        s.database_url = kinlink::config::DatabaseUrl::parse(&db, dir.path()).unwrap();
        s.keys_file = dir.path().join("keys.toml");
        s.outbox_dir = dir.path().join("outbox");
        s
    };
    let ctx = kinlink::context::Context::open(settings, kinlink::clock::Clock::system()).unwrap();
    let key = ctx
        .limits
        .key("login", &ctx.accounts.canonical_login(victim));
    let failures = ctx.limits.failures_of(key).await.unwrap();
    assert_eq!(failures, 6);
    // ...and right after the sixth, the right passphrase is held back on both instances alike.
    for server in [&a, &b] {
        let res = client
            .post(server.url("/api/v1/sessions"))
            .json(&json!({"login": victim, "passphrase": "two instance passphrase"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 429);
    }
    // Another family is not affected.
    let res = client
        .post(b.url("/api/v1/sessions"))
        .json(&json!({"login": handles[1], "passphrase": "two instance passphrase"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}
