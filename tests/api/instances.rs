//! Several `kinlink serve` processes on one database (PostgreSQL in CI's second run; one SQLite
//! file in the first): mail queued through either is sent exactly once, throttles are shared,
//! and a whole consent flow can alternate between two instances.

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

/// A whole consent flow with each request sent to one of two application instances in turn
/// (two contexts on one database, as behind a load balancer): neither may hold anything the
/// other needs. Review, approval, mail, both answers and the disclosure alternate.
#[tokio::test(flavor = "multi_thread")]
async fn a_consent_flow_alternates_between_two_instances() {
    use crate::consent::{A_CARD, A_MAIL, B_CARD, B_MAIL, answer, my_matches, ok, setup};
    let c = setup().await;
    let first = &c.app;
    let second =
        crate::helpers::spawn_app_with(first.settings.clone(), tempfile::tempdir().unwrap()).await;
    let apps = [first, &second];
    let mut turn = 0;
    let mut next = || {
        turn += 1;
        apps[turn % 2]
    };
    let id = &c.candidate;
    let mails = (
        c.smtp.messages_to(A_MAIL).len(),
        c.smtp.messages_to(B_MAIL).len(),
    );
    let post = |verb: &str| format!("/api/v1/review/candidates/{id}/{verb}");

    ok(next(), "POST", &post("claim"), &c.cw1, json!({})).await;
    let view = ok(
        next(),
        "POST",
        &post("open"),
        &c.cw1,
        json!({"reason": "match_review"}),
    )
    .await;
    let seeker = view["sides"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["person"]["kind"] == "sought")
        .unwrap();
    let reg = seeker["registration_id"].as_str().unwrap().to_string();
    ok(
        next(),
        "POST",
        &format!("/api/v1/review/registrations/{reg}/vet"),
        &c.cw1,
        json!({}),
    )
    .await;
    let s = ok(next(), "POST", &post("approve"), &c.cw1, json!({})).await;
    assert_eq!(s["state"], "in_review", "four eyes");
    ok(next(), "POST", &post("claim"), &c.cw2, json!({})).await;
    ok(
        next(),
        "POST",
        &post("open"),
        &c.cw2,
        json!({"reason": "quality_check"}),
    )
    .await;
    let s = ok(next(), "POST", &post("approve"), &c.cw2, json!({})).await;
    assert_eq!(s["state"], "consent_requested");

    // The vetted side (A's) is asked first; the notice goes out from whichever runs the jobs.
    next().run_jobs().await;
    assert_eq!(
        c.smtp.wait_for(A_MAIL, mails.0 + 1).await.len(),
        mails.0 + 1
    );
    assert_eq!(my_matches(next(), &c.a).await.len(), 1);
    assert!(my_matches(next(), &c.b).await.is_empty(), "B not yet");
    assert_eq!(answer(next(), &c.a, id, "yes").await.status(), 200);
    next().run_jobs().await;
    assert_eq!(
        c.smtp.wait_for(B_MAIL, mails.1 + 1).await.len(),
        mails.1 + 1
    );
    assert_eq!(my_matches(next(), &c.b).await.len(), 1);
    assert_eq!(answer(next(), &c.b, id, "yes").await.status(), 200);

    let a_sees = my_matches(next(), &c.a).await;
    let b_sees = my_matches(next(), &c.b).await;
    assert_eq!(a_sees[0]["state"], "disclosed");
    assert!(
        a_sees[0]["other"].to_string().contains(B_CARD),
        "{a_sees:?}"
    );
    assert!(
        b_sees[0]["other"].to_string().contains(A_CARD),
        "{b_sees:?}"
    );
    assert!(turn >= 16, "{turn} requests alternated");
}
