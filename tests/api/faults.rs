//! Faults of what kinlink runs on. PostgreSQL restarted under load: while it is down requests
//! answer 503 (never 500, never a hang past the pool's timeout), and once it is back kinlink
//! serves again without being restarted. The SQLite volume full: writes answer 503 and are
//! rolled back whole, reads go on, writes resume when space returns, and the file and the
//! audit chain check out.
//!
//! One test starts, stops and starts a PostgreSQL cluster of its own (it cannot stop the one
//! the rest of the suite shares), the other mounts a tmpfs (root only): both are ignored in a
//! plain `cargo test` and run by `.ci/run` with `--ignored`.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::helpers::{Process, process_account, run_cli};

/// A throwaway cluster from `scripts/pg-start.sh`, stopped and removed when dropped.
struct Cluster {
    url: String,
    dir: PathBuf,
    bin: PathBuf,
    port: String,
}

fn as_postgres(bin: &std::path::Path, tool: &str) -> std::process::Command {
    let tool = bin.join(tool);
    // PostgreSQL refuses to run as root.
    if running_as_root() {
        let mut c = std::process::Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(tool);
        c
    } else {
        std::process::Command::new(tool)
    }
}

fn running_as_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

impl Cluster {
    fn start() -> Cluster {
        let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scripts/pg-start.sh");
        let out = std::process::Command::new(script).output().unwrap();
        assert!(
            out.status.success(),
            "pg-start: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        let var = |name: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(&format!("export {name}=")))
                .unwrap_or_else(|| panic!("{name} in {text}"))
                .to_string()
        };
        let url = var("KINLINK_TEST_POSTGRES_URL");
        let port = url
            .rsplit(':')
            .next()
            .unwrap()
            .split('/')
            .next()
            .unwrap()
            .to_string();
        Cluster {
            url,
            dir: PathBuf::from(var("KINLINK_TEST_PG_DIR")),
            bin: PathBuf::from(var("KINLINK_TEST_PG_BIN")),
            port,
        }
    }

    fn pg_ctl(&self, args: &[&str]) {
        let status = as_postgres(&self.bin, "pg_ctl")
            .arg("-D")
            .arg(self.dir.join("data"))
            .args(args)
            .stdout(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "pg_ctl {args:?}");
    }

    /// As a crash would: no checkpoint, connections cut.
    fn stop(&self) {
        self.pg_ctl(&["-m", "immediate", "-w", "stop"]);
    }

    fn start_again(&self) {
        let log = self.dir.join("server.log");
        let opts = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=500",
            self.port,
            self.dir.display()
        );
        self.pg_ctl(&[
            "-l",
            log.to_str().unwrap(),
            "-w",
            "-t",
            "60",
            "-o",
            &opts,
            "start",
        ]);
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = as_postgres(&self.bin, "pg_ctl")
            .arg("-D")
            .arg(self.dir.join("data"))
            .args(["-m", "immediate", "-w", "stop"])
            .stdout(std::process::Stdio::null())
            .status();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "starts and stops a PostgreSQL cluster of its own: .ci/run runs it with --ignored"]
async fn postgres_restarted_under_load_answers_503_then_recovers_without_a_restart() {
    let cluster = Cluster::start();
    let dir = tempfile::tempdir().unwrap();
    let env = vec![
        ("KINLINK_DATABASE_URL", cluster.url.clone()),
        (
            "KINLINK_KEYS_FILE",
            dir.path().join("keys.toml").display().to_string(),
        ),
        (
            "KINLINK_OUTBOX_DIR",
            dir.path().join("outbox").display().to_string(),
        ),
        ("KINLINK_JOBS", "false".to_string()),
        ("KINLINK_MATCHER", "false".to_string()),
    ];
    let server = Process::start(dir.path(), &["serve"], &env);
    let base = server.url("");
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(40))
        .build()
        .unwrap();
    let token = process_account(&client, &base, "a restart test passphrase")
        .await
        .1;

    // Eight clients read and write the profile without pause, each write a new birth year.
    let stop = Arc::new(AtomicBool::new(false));
    let mut clients = Vec::new();
    for c in 0..8 {
        let (client, base, token, stop) =
            (client.clone(), base.clone(), token.clone(), stop.clone());
        clients.push(tokio::spawn(async move {
            let mut seen = Vec::new();
            let mut n = c;
            while !stop.load(Ordering::SeqCst) {
                n += 1;
                let year = 1930 + n % 60;
                let started = Instant::now();
                let res = if n % 2 == 0 {
                    client
                        .put(format!("{base}/api/v1/me/profile"))
                        .json(&json!({"names": ["Restart Test"], "birth": {"year": year}}))
                        .bearer_auth(&token)
                        .send()
                        .await
                } else {
                    client
                        .get(format!("{base}/api/v1/me/settings"))
                        .bearer_auth(&token)
                        .send()
                        .await
                };
                let status = res.map(|r| r.status().as_u16()).unwrap_or(0);
                seen.push((status, started.elapsed()));
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            seen
        }));
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    cluster.stop();
    tokio::time::sleep(Duration::from_secs(8)).await;
    cluster.start_again();
    // Back within 30 s without restarting kinlink.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let res = client
            .get(format!("{base}/api/v1/me/settings"))
            .bearer_auth(&token)
            .send()
            .await;
        if res.is_ok_and(|r| r.status() == 200) {
            break;
        }
        assert!(Instant::now() < deadline, "kinlink did not recover");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    stop.store(true, Ordering::SeqCst);
    let mut statuses = std::collections::BTreeMap::new();
    for c in clients {
        for (status, took) in c.await.unwrap() {
            *statuses.entry(status).or_insert(0) += 1;
            assert!(
                took < Duration::from_secs(10),
                "a request hung for {took:?} (status {status})"
            );
        }
    }
    eprintln!("statuses during the restart: {statuses:?}");
    assert!(
        statuses.contains_key(&503),
        "503 while it was down: {statuses:?}"
    );
    assert!(statuses.contains_key(&200), "{statuses:?}");
    for status in statuses.keys() {
        assert!(
            matches!(status, 200 | 503),
            "only 200 and 503, never a 500 or a dropped connection: {statuses:?}"
        );
    }
    drop(server);
}

/// A small tmpfs (mounting needs root) holding the SQLite database, grown or removed at will.
struct Volume {
    path: PathBuf,
}

impl Volume {
    fn mount(path: PathBuf, kib: u64) -> Volume {
        std::fs::create_dir_all(&path).unwrap();
        let status = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kib}k"), "tmpfs"])
            .arg(&path)
            .status()
            .unwrap();
        assert!(status.success(), "mount a tmpfs (the test needs root)");
        Volume { path }
    }

    fn resize(&self, kib: u64) {
        let status = std::process::Command::new("mount")
            .args(["-o", &format!("remount,size={kib}k")])
            .arg(&self.path)
            .status()
            .unwrap();
        assert!(status.success());
    }

    fn used_kib(&self) -> u64 {
        let out = std::process::Command::new("df")
            .args(["-k", "--output=used"])
            .arg(&self.path)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .nth(1)
            .unwrap()
            .trim()
            .parse()
            .unwrap()
    }
}

impl Drop for Volume {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(&self.path)
            .status();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "mounts a tmpfs, which needs root: .ci/run runs it with --ignored"]
async fn a_full_sqlite_volume_refuses_writes_clearly_and_recovers_when_space_returns() {
    let dir = tempfile::tempdir().unwrap();
    let volume = Volume::mount(dir.path().join("volume"), 16 * 1024);
    let db = volume.path.join("kinlink.db");
    let env = vec![
        ("KINLINK_DATABASE_URL", db.display().to_string()),
        (
            "KINLINK_KEYS_FILE",
            dir.path().join("keys.toml").display().to_string(),
        ),
        (
            "KINLINK_OUTBOX_DIR",
            dir.path().join("outbox").display().to_string(),
        ),
        ("KINLINK_JOBS", "false".to_string()),
        ("KINLINK_MATCHER", "false".to_string()),
        ("KINLINK_MAX_SOUGHT_PERSONS", "100".to_string()),
        ("KINLINK_SIGNUPS_PER_MINUTE", "10000".to_string()),
        ("KINLINK_SIGNUPS_PER_SOURCE_PER_HOUR", "10000".to_string()),
        ("KINLINK_SIGNINS_PER_SOURCE_PER_MINUTE", "10000".to_string()),
    ];
    let server = Process::start(dir.path(), &["serve"], &env);
    let base = server.url("");
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let mut tokens = Vec::new();
    for _ in 0..4 {
        tokens.push(
            process_account(&client, &base, "a full volume passphrase")
                .await
                .1,
        );
    }
    // Leave a little room, then write searches with long notes until the disk is full.
    volume.resize(volume.used_kib() + 384);
    let notes = "n".repeat(3900);
    let mut created = vec![Vec::new(); tokens.len()];
    let mut full = 0;
    let mut i = 0;
    while full < 5 {
        assert!(i < 400, "the volume never filled");
        let k = i % tokens.len();
        i += 1;
        let res = client
            .post(format!("{base}/api/v1/me/searches"))
            .bearer_auth(&tokens[k])
            .json(&json!({"names": [format!("Volume Test{i}")], "relation": "brother", "notes": notes}))
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        let body: Value = res.json().await.unwrap_or(Value::Null);
        match status {
            201 => created[k].push(body["id"].as_str().unwrap().to_string()),
            503 => {
                assert_eq!(body["error"]["code"], "service_unavailable", "{body}");
                full += 1;
            }
            other => panic!("a write on a full disk answered {other}: {body}"),
        }
    }
    // Reads still work meanwhile.
    let res = client
        .get(format!("{base}/api/v1/me/searches"))
        .bearer_auth(&tokens[0])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);

    // Space returns: writes work again, without a restart.
    volume.resize(64 * 1024);
    let res = client
        .post(format!("{base}/api/v1/me/searches"))
        .bearer_auth(&tokens[0])
        .json(&json!({"names": ["Volume Again"], "relation": "sister"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201, "writes resume when there is room");
    created[0].push(
        res.json::<Value>().await.unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string(),
    );
    // Every search that was answered 201 is there.
    for (k, ids) in created.iter().enumerate() {
        let res = client
            .get(format!("{base}/api/v1/me/searches"))
            .bearer_auth(&tokens[k])
            .send()
            .await
            .unwrap();
        let text = res.text().await.unwrap();
        for id in ids {
            assert!(text.contains(id.as_str()), "search {id} is gone");
        }
    }
    drop(server);

    // No corruption: SQLite's own check, and the audit chain.
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('PRAGMA integrity_check').fetchone()[0])",
        ])
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "ok");
    let out = run_cli(dir.path(), &env, &["audit", "verify"]);
    assert!(
        out.status.success(),
        "audit verify: {}",
        String::from_utf8_lossy(&out.stdout)
    );
}
