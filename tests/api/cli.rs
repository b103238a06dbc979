//! The real binary: version and help, a mistyped database URL, and a first start that creates
//! the SQLite database under ./data.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_kinlink");

#[test]
fn version_and_help() {
    let out = Command::new(BIN).arg("--version").output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("kinlink "));
    let out = Command::new(BIN).arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for cmd in ["serve", "migrate"] {
        assert!(help.contains(cmd), "help lists {cmd}");
    }
}

#[test]
fn a_mistyped_scheme_exits_non_zero_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .current_dir(dir.path())
        .env_clear()
        .env(
            "KINLINK_DATABASE_URL",
            "postgress://kinlink@localhost/kinlink",
        )
        .arg("serve")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("KINLINK_DATABASE_URL") && err.contains("postgress://"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no file may be created"
    );
}

#[test]
fn a_bad_setting_names_itself() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .current_dir(dir.path())
        .env_clear()
        .env("KINLINK_BIND", "localhost")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("KINLINK_BIND"));
}

#[test]
fn migrate_creates_the_default_sqlite_database() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .current_dir(dir.path())
        .env_clear()
        .arg("migrate")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let db = dir.path().join("data/kinlink.db");
    assert!(db.is_file());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&db), 0o600, "the database is private to its owner");
    }
}

#[test]
fn serve_starts_on_the_configured_address() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(BIN)
        .current_dir(dir.path())
        .env_clear()
        .env("KINLINK_BIND", "127.0.0.1:0")
        .env("KINLINK_LOG_FORMAT", "json")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut port = None;
    for line in BufReader::new(stdout).lines() {
        let line = line.unwrap();
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(&line)
            && v["message"] == "kinlink is listening"
        {
            port = v["port"].as_u64();
            break;
        }
        if Instant::now() > deadline {
            break;
        }
    }
    let port = port.expect("the server logs its port");
    let body = std::net::TcpStream::connect(("127.0.0.1", port as u16)).map(|mut s| {
        use std::io::{Read, Write};
        s.write_all(b"GET /healthz HTTP/1.0\r\nHost: localhost\r\n\r\n")
            .unwrap();
        let mut buf = String::new();
        s.read_to_string(&mut buf).unwrap();
        buf
    });
    child.kill().unwrap();
    child.wait().unwrap();
    let body = body.expect("connect");
    assert!(
        body.starts_with("HTTP/1.0 200") || body.starts_with("HTTP/1.1 200"),
        "{body}"
    );
    assert!(dir.path().join("data/kinlink.db").is_file());
}

#[test]
fn production_refuses_to_start_without_a_key_file_or_with_a_readable_one() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        Command::new(BIN)
            .current_dir(dir.path())
            .env_clear()
            .env("KINLINK_ENV", "production")
            .env("KINLINK_BIND", "127.0.0.1:0")
            .env("KINLINK_BEHIND_TLS", "true")
            .env("KINLINK_MAIL", "off")
            .args(args)
            .output()
            .unwrap()
    };
    let out = run(&["serve"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("KINLINK_KEYS_FILE"));
    assert!(
        !dir.path().join("data/keys.toml").exists(),
        "production never generates keys"
    );

    let out = run(&["keys", "generate", "--out", "secrets/keys.toml"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let path = dir.path().join("secrets/keys.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("primary_kek = 1"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        let out = Command::new(BIN)
            .current_dir(dir.path())
            .env_clear()
            .env("KINLINK_ENV", "production")
            .env("KINLINK_KEYS_FILE", &path)
            .env("KINLINK_BIND", "127.0.0.1:0")
            .env("KINLINK_BEHIND_TLS", "true")
            .env("KINLINK_MAIL", "off")
            .output()
            .unwrap();
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains("readable by group or others"));
    }
    // Generating again would destroy every record: refused.
    let out = run(&["keys", "generate", "--out", "secrets/keys.toml"]);
    assert!(!out.status.success());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
}

/// T18: after real traffic, the server's logs hold no client address, user agent, email,
/// passphrase, query string or token.
#[test]
fn logs_hold_no_addresses_agents_or_personal_data() {
    let dir = tempfile::tempdir().unwrap();
    let log = std::fs::File::create(dir.path().join("server.log")).unwrap();
    let mut child = Command::new(BIN)
        .current_dir(dir.path())
        .env_clear()
        .env("KINLINK_BIND", "127.0.0.1:0")
        .env("KINLINK_LOG_FORMAT", "json")
        .env("KINLINK_LOG_LEVEL", "debug")
        .env("KINLINK_ARGON2_M_KIB", "64")
        .env("KINLINK_ARGON2_T", "1")
        .env("KINLINK_MAIL_MAX_DELAY_SECS", "0")
        .stdout(Stdio::piped())
        .stderr(log.try_clone().unwrap())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut captured = Vec::new();
    let mut port = None;
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(&line)
            && v["message"] == "kinlink is listening"
        {
            port = v["port"].as_u64();
        }
        captured.push(line);
        if port.is_some() {
            break;
        }
    }
    let port = port.expect("the server logs its port");
    let reader = std::thread::spawn(move || lines.map_while(Result::ok).collect::<Vec<_>>());
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        // Connect from another loopback address, so the client's address is recognisable.
        let client = reqwest::Client::builder()
            .local_address(std::net::IpAddr::from([127, 0, 0, 2]))
            .user_agent("CanaryAgent/9.9")
            .build()
            .unwrap();
        let base = format!("http://127.0.0.1:{port}");
        client.get(format!("{base}/?lang=ug&q=querycanary")).send().await.unwrap();
        let res = client
            .post(format!("{base}/api/v1/accounts"))
            .json(&serde_json::json!({"passphrase": "logcanary passphrase here", "email": "logcanary@example.org"}))
            .send()
            .await
            .unwrap();
        let handle = res.json::<serde_json::Value>().await.unwrap()["handle"].as_str().unwrap().to_string();
        let res = client
            .post(format!("{base}/api/v1/sessions"))
            .json(&serde_json::json!({"login": handle, "passphrase": "logcanary passphrase here"}))
            .send()
            .await
            .unwrap();
        let token = res.json::<serde_json::Value>().await.unwrap()["token"].as_str().unwrap().to_string();
        client.get(format!("{base}/api/v1/me")).bearer_auth(&token).send().await.unwrap();
        client.get(format!("{base}/nowhere?token=querycanary")).send().await.unwrap();
        // The server (another process) sends the verification email; wait for its file, with a
        // deadline, so the sender's log lines are part of what is checked.
        let outbox = dir.path().join("data").join("outbox");
        let deadline = Instant::now() + Duration::from_secs(30);
        while !std::fs::read_dir(&outbox).is_ok_and(|mut d| d.next().is_some()) {
            assert!(Instant::now() < deadline, "the server sent no mail");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        std::fs::write(dir.path().join("token"), token).unwrap();
    });
    child.kill().unwrap();
    child.wait().unwrap();
    captured.extend(reader.join().unwrap());
    let logs = format!(
        "{}\n{}",
        captured.join("\n"),
        std::fs::read_to_string(dir.path().join("server.log")).unwrap()
    );
    assert!(
        logs.contains("\"route\""),
        "request lines were logged: {logs}"
    );
    let token = std::fs::read_to_string(dir.path().join("token")).unwrap();
    for needle in [
        "127.0.0.2",
        "CanaryAgent",
        "logcanary",
        "querycanary",
        token.as_str(),
    ] {
        assert!(!logs.contains(needle), "{needle} is in the logs");
    }
}

#[test]
fn production_refuses_to_start_without_smtp_unless_mail_is_off() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .current_dir(dir.path())
        .env_clear()
        .env("KINLINK_ENV", "production")
        .env("KINLINK_BIND", "127.0.0.1:0")
        .env("KINLINK_BEHIND_TLS", "true")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("KINLINK_SMTP_URL") && err.contains("KINLINK_MAIL=off"),
        "{err}"
    );
    assert!(
        !dir.path().join("data").exists(),
        "nothing is created before the settings hold"
    );
}

#[test]
fn production_refuses_plain_http() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .current_dir(dir.path())
        .env_clear()
        .env("KINLINK_ENV", "production")
        .env("KINLINK_BIND", "127.0.0.1:0")
        .env("KINLINK_MAIL", "off")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("KINLINK_BEHIND_TLS") && err.contains("KINLINK_ONION_ADDRESS"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    assert!(!dir.path().join("data").exists());
}

#[test]
fn a_misspelt_variable_is_refused_with_the_nearest_name() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .current_dir(dir.path())
        .env_clear()
        .env(
            "KINLINK_DATABSE_URL",
            "postgres://kinlink@localhost/kinlink",
        )
        .arg("migrate")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("KINLINK_DATABSE_URL") && err.contains("did you mean KINLINK_DATABASE_URL?"),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    assert!(
        !dir.path().join("data").exists(),
        "no default database is created in its place"
    );
}

/// Logs written to a file or a pipe carry no terminal colour codes.
#[test]
fn piped_text_logs_have_no_colour_codes() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .current_dir(dir.path())
        .env_clear()
        .env("KINLINK_LOG_FORMAT", "text")
        .arg("migrate")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let logs = [out.stdout, out.stderr].concat();
    let text = String::from_utf8_lossy(&logs);
    assert!(text.contains("INFO"), "migrate logs at info: {text}");
    assert!(!text.contains('\u{1b}'), "colour codes in: {text:?}");
}

/// libpq is built into the binary (pq-sys `bundled`): an operator on SQLite, or one without
/// libpq installed, runs the binary as it is.
#[cfg(target_os = "linux")]
#[test]
fn the_binary_does_not_link_a_system_libpq() {
    let out = Command::new("ldd")
        .arg(BIN)
        .output()
        .expect("ldd (libc-bin)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let libs = String::from_utf8_lossy(&out.stdout);
    assert!(libs.contains("libc.so"), "ldd lists the libraries: {libs}");
    assert!(!libs.contains("libpq"), "{libs}");
}
