//! Faults of what kinlink runs on. PostgreSQL restarted under load: while it is down requests
//! answer 503 (never 500, never a hang past the pool's timeout), and once it is back kinlink
//! serves again without being restarted, having lost no answered write.
//!
//! The test starts, stops and starts a PostgreSQL cluster of its own (it cannot stop the one
//! the rest of the suite shares), so it needs the server binaries: it is ignored in a plain
//! `cargo test` and run by `.ci/run` with `--ignored` in the PostgreSQL step.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::helpers::Process;

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
    if unsafe_is_root() {
        let mut c = std::process::Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(tool);
        c
    } else {
        std::process::Command::new(tool)
    }
}

fn unsafe_is_root() -> bool {
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
    let pass = "a restart test passphrase";
    let res = client
        .post(format!("{base}/api/v1/accounts"))
        .json(&json!({"passphrase": pass}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let handle = res.json::<Value>().await.unwrap()["handle"]
        .as_str()
        .unwrap()
        .to_string();
    let res = client
        .post(format!("{base}/api/v1/sessions"))
        .json(&json!({"login": handle, "passphrase": pass}))
        .send()
        .await
        .unwrap();
    let token = res.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string();

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
