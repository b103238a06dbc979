//! `kinlink eval-names` on the development set: the accuracy targets of the name engine, and
//! the generic baseline far below them.

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_kinlink");

fn eval(extra: &[&str]) -> serde_json::Value {
    let dev = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/names-dev.tsv");
    let out = Command::new(BIN)
        .args(["eval-names", dev, "--json"])
        .args(extra)
        .env_clear()
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("one JSON object")
}

#[test]
fn the_engine_meets_its_targets_on_the_development_set() {
    let report = eval(&[]);
    for key in [
        "pairs",
        "positives",
        "r_at_p90",
        "r_at_p95",
        "p_at_r80",
        "p_at_r90",
        "pr_auc",
        "threshold_p90",
        "by_script_pair",
        "top_false_positives",
    ] {
        assert!(report.get(key).is_some(), "missing {key}");
    }
    let r95 = report["r_at_p95"].as_f64().unwrap();
    assert!(r95 >= 0.90, "recall at precision 0.95 is {r95}");
    let pairs = report["by_script_pair"].as_object().unwrap();
    let mut checked = 0;
    for (pair, stats) in pairs {
        if (pair.contains("chinese") || pair.contains("pinyin"))
            && stats["positives"].as_u64().unwrap() > 0
        {
            let recall = stats["recall"].as_f64().unwrap();
            assert!(
                recall >= 0.85,
                "{pair}: recall {recall} at the precision-0.90 threshold"
            );
            checked += 1;
        }
    }
    assert!(checked >= 10, "the Chinese and pinyin pairs are all there");
    assert_eq!(report["top_false_positives"].as_array().unwrap().len(), 20);
}

#[test]
fn the_generic_baseline_is_far_behind() {
    let report = eval(&["--baseline"]);
    let r90 = report["r_at_p90"].as_f64().unwrap();
    assert!(r90 < 0.5, "baseline recall at precision 0.90 is {r90}");
}

#[test]
fn a_malformed_file_names_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.tsv");
    std::fs::write(
        &file,
        "cluster_id\tscript\tname\nc1\tuly\tAlim Qasim\nc2 only one column\n",
    )
    .unwrap();
    let out = Command::new(BIN)
        .arg("eval-names")
        .arg(&file)
        .env_clear()
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains('3'), "line number in: {err}");
}
