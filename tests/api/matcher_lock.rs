//! One matcher at a time, as separate processes. On PostgreSQL (CI's second run): killing the
//! process that holds the lock lets a standby take over and match what was queued meanwhile,
//! within 30 s, losing nothing. On SQLite: a second matcher refuses to start.

use std::time::{Duration, Instant};

use kinlink::config::DatabaseUrl;
use kinlink::db::DbConn;
use kinlink::matching::store;
use serde_json::{Value, json};

use crate::helpers::{Process, process_account, run_cli, shared_database_url};

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
        // The web process here never matches: the matchers are the processes under test.
        ("KINLINK_MATCHER", "false".to_string()),
    ]
}

/// One registrant looks for someone (`search`), another describes themselves (`profile`):
/// both through the web process; returns the search's id.
async fn search_and_person(
    client: &reqwest::Client,
    web: &Process,
    search: Value,
    profile: Value,
) -> String {
    let a = registrant(client, web).await;
    let res = client
        .post(web.url("/api/v1/me/searches"))
        .bearer_auth(&a)
        .json(&search)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let id = res.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let b = registrant(client, web).await;
    let res = client
        .put(web.url("/api/v1/me/profile"))
        .bearer_auth(&b)
        .json(&profile)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    id
}

async fn registrant(client: &reqwest::Client, web: &Process) -> String {
    process_account(client, &web.url(""), "matcher lock passphrase")
        .await
        .1
}

#[tokio::test(flavor = "multi_thread")]
async fn a_standby_matcher_takes_over_within_30_seconds_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = shared_database_url(dir.path());
    let env = env(dir.path(), &db);
    let web = Process::start(dir.path(), &["serve"], &env);
    let mut first = Process::start(dir.path(), &["matcher"], &env);
    assert!(
        first.logged("this process is the matcher", Duration::from_secs(30)),
        "the first matcher takes the lock"
    );
    let url = DatabaseUrl::parse(&db, dir.path()).unwrap();
    if matches!(url, DatabaseUrl::Sqlite(_)) {
        // One machine, one file: a second matcher refuses to start.
        let out = run_cli(dir.path(), &env, &["matcher"]);
        assert!(
            !out.status.success(),
            "a second matcher on SQLite must refuse"
        );
        return;
    }
    let second = Process::start(dir.path(), &["matcher"], &env);
    assert!(
        second.logged(
            "another matcher holds the lock; standing by",
            Duration::from_secs(30)
        ),
        "the second matcher stands by"
    );
    first.kill();
    let killed = Instant::now();

    // Queued while no matcher works: a search and the person sought.
    let client = reqwest::Client::new();
    let search = search_and_person(
        &client,
        &web,
        json!({"names": ["Abdurehim Tursun"], "relation": "father", "gender": "male",
                      "birth": {"year": 1961}, "birthplace": {"region": "654002"}}),
        json!({"names": ["ئابدۇرېھىم تۇرسۇن"], "gender": "male",
                      "birth": {"year": 1961}, "birthplace": {"region": "654002"}}),
    )
    .await;

    let mut conn = DbConn::open(&url, false).unwrap();
    loop {
        let found = store::candidates_of(&mut conn, &search).unwrap();
        let queued = store::queue_len(&mut conn).unwrap();
        if found.iter().any(|c| c.status == store::OPEN) && queued == 0 {
            break;
        }
        assert!(
            killed.elapsed() < Duration::from_secs(30),
            "no candidate 30 s after the holder died ({queued} still queued)"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(second.logged("this process is the matcher", Duration::from_secs(1)));
}

/// The production layout: `kinlink keys split` makes the web tier's file (no matcher secrets)
/// and the matcher's (nothing that opens a record); the web tier seals features it cannot read,
/// the matcher opens them with its own file and writes the candidate.
#[tokio::test(flavor = "multi_thread")]
async fn an_isolated_matcher_with_its_own_key_file_matches_what_the_web_tier_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let db = shared_database_url(dir.path());
    let keys = |name: &str| dir.path().join(name).display().to_string();
    let with_keys = |file: &str| {
        let mut e = env(dir.path(), &db);
        e.retain(|(k, _)| *k != "KINLINK_KEYS_FILE");
        e.push(("KINLINK_KEYS_FILE", keys(file)));
        e
    };
    let out = run_cli(dir.path(), &with_keys("full.toml"), &["keys", "generate"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let split = [
        "keys",
        "split",
        "--web",
        &keys("web.toml"),
        "--matcher",
        &keys("matcher.toml"),
    ];
    let out = run_cli(dir.path(), &with_keys("full.toml"), &split);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    #[cfg(unix)]
    for file in ["web.toml", "matcher.toml"] {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(keys(file)).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{file}");
    }
    let again = run_cli(dir.path(), &with_keys("full.toml"), &split);
    assert!(!again.status.success(), "a second split must not overwrite");
    let wrong = run_cli(dir.path(), &with_keys("web.toml"), &["matcher"]);
    assert!(
        String::from_utf8_lossy(&wrong.stderr).contains("cannot open match keys"),
        "the web tier's file cannot run the matcher"
    );

    let web = Process::start(dir.path(), &["serve"], &with_keys("web.toml"));
    let mut matcher_env = with_keys("matcher.toml");
    matcher_env.push(("KINLINK_METRICS_BIND", "127.0.0.1:0".to_string()));
    let matcher = Process::start(dir.path(), &["matcher"], &matcher_env);
    assert!(matcher.logged("this process is the matcher", Duration::from_secs(30)));
    let client = reqwest::Client::new();
    let search = search_and_person(
        &client,
        &web,
        json!({"names": ["Memet Tursun"], "relation": "brother", "gender": "male",
                      "birth": {"year": 1970}, "birthplace": {"region": "654002"}}),
        json!({"names": ["مەمەت تۇرسۇن"], "gender": "male",
                      "birth": {"year": 1970}, "birthplace": {"region": "654002"}}),
    )
    .await;
    let url = DatabaseUrl::parse(&db, dir.path()).unwrap();
    let mut conn = DbConn::open(&url, true).unwrap();
    let started = Instant::now();
    while !store::candidates_of(&mut conn, &search)
        .unwrap()
        .iter()
        .any(|c| c.status == store::OPEN)
    {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no candidate from the isolated matcher within 30 s"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // Its metrics (KINLINK_METRICS_BIND): the records it handled and the queue it left, and
    // nothing else on that address.
    let line = matcher.log_line("metrics are served", Duration::from_secs(5));
    let port = line.expect("the matcher logs its metrics port")["port"]
        .as_u64()
        .unwrap();
    let at = |path: &str| format!("http://127.0.0.1:{port}{path}");
    let text = client
        .get(at("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let handled: u64 = text
        .lines()
        .find_map(|l| l.strip_prefix("kinlink_matcher_record_seconds_count "))
        .expect("the matcher's timings")
        .parse()
        .unwrap();
    assert!(handled >= 2, "both records were timed: {text}");
    assert!(text.contains("kinlink_match_queue_depth 0"), "{text}");
    for secret in ["Memet", "مەمەت", search.as_str()] {
        assert!(!text.contains(secret), "{secret} in the metrics");
    }
    for path in ["/", "/healthz", "/api/v1/me"] {
        let res = client.get(at(path)).send().await.unwrap();
        assert_eq!(res.status(), 404, "{path} on the metrics address");
    }
}

/// In production the matcher needs only its key file and the database: it serves no pages
/// (at most a metrics listener) and sends no mail, so the TLS and SMTP checks of `serve` and `worker` are not asked of it.
#[tokio::test(flavor = "multi_thread")]
async fn the_matcher_starts_in_production_with_only_its_key_file_and_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = shared_database_url(dir.path());
    let path = |name: &str| dir.path().join(name).display().to_string();
    let full = [("KINLINK_KEYS_FILE", path("full.toml"))];
    assert!(
        run_cli(dir.path(), &full, &["keys", "generate"])
            .status
            .success()
    );
    let split = [
        "keys",
        "split",
        "--web",
        &path("web.toml"),
        "--matcher",
        &path("m.toml"),
    ];
    assert!(run_cli(dir.path(), &full, &split).status.success());
    let prod = |keys: &str| {
        vec![
            ("KINLINK_ENV", "production".to_string()),
            ("KINLINK_DATABASE_URL", db.clone()),
            ("KINLINK_KEYS_FILE", path(keys)),
            // Process::start lowers the Argon2 cost for speed; production refuses that.
            ("KINLINK_ARGON2_M_KIB", "19456".to_string()),
            ("KINLINK_ARGON2_T", "2".to_string()),
        ]
    };
    // The web tier's process is still held to them.
    let worker = run_cli(dir.path(), &prod("web.toml"), &["worker"]);
    assert!(String::from_utf8_lossy(&worker.stderr).contains("KINLINK_SMTP_URL"));
    let serve = run_cli(dir.path(), &prod("web.toml"), &["serve"]);
    assert!(String::from_utf8_lossy(&serve.stderr).contains("KINLINK_BEHIND_TLS"));
    let matcher = Process::start(dir.path(), &["matcher"], &prod("m.toml"));
    assert!(
        matcher.logged("this process is the matcher", Duration::from_secs(30)),
        "the matcher runs in production with its key file and the database only"
    );
}
