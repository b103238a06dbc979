//! The layering the architecture asks for, checked on the source: nothing below the HTTP side
//! imports actix or the HTTP modules, and only the clock module reads the time.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Everything that is not the HTTP side (`http`, `web`, `api`, `startup`) or the command line.
const BELOW_HTTP: &[&str] = &[
    "accounts",
    "registrations",
    "lifecycle.rs",
    "mail",
    "audit",
    "db",
    "domain",
    "crypto",
    "names",
    "vault.rs",
    "limits",
    "jobs",
    "context.rs",
    "clock.rs",
    "i18n.rs",
    "auth",
    "error.rs",
    "regions.rs",
    "statistics.rs",
];

#[test]
fn services_and_below_never_import_the_http_side() {
    let mut files = Vec::new();
    for part in BELOW_HTTP {
        let path = src().join(part);
        if path.is_dir() {
            rust_files(&path, &mut files);
        } else {
            files.push(path);
        }
    }
    assert!(files.len() > 30, "the listed modules exist");
    let forbidden = [
        "actix_web",
        "crate::startup",
        "crate::api",
        "crate::web",
        "crate::http",
    ];
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for word in forbidden {
            assert!(
                !text.contains(word),
                "{} imports {word}",
                file.strip_prefix(src()).unwrap().display()
            );
        }
    }
}

#[test]
fn only_the_clock_reads_the_time() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    for file in files {
        if file.ends_with("clock.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for word in ["Utc::now", "Instant::now", "SystemTime::now", "Local::now"] {
            assert!(
                !text.contains(word),
                "{} reads the time with {word}",
                file.strip_prefix(src()).unwrap().display()
            );
        }
    }
}
