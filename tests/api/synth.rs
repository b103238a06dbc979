//! `kinlink synth` through the real binary: the same seed gives the same file, every record
//! is a valid API person description, relations agree with genders and ages, every script
//! convention appears, and true pairs of every kind are there and counted right.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::process::Command;

use kinlink::domain::{PersonInput, Relation, SoughtInput};
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_kinlink");

/// Runs `kinlink synth` into `file` and returns standard error.
fn synth(file: &Path, people: u64, seed: u64, extra: &[&str]) -> String {
    let out = Command::new(BIN)
        .args(["synth", "--people", &people.to_string()])
        .args(["--seed", &seed.to_string(), "--out"])
        .arg(file)
        .args(extra)
        .env_clear()
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    stderr
}

fn read(file: &Path) -> Vec<Value> {
    std::fs::read_to_string(file)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

#[test]
fn same_seed_same_bytes_other_seed_other_file() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b, c) = (
        dir.path().join("a.jsonl"),
        dir.path().join("b.jsonl"),
        dir.path().join("c.jsonl"),
    );
    synth(&a, 2500, 1, &[]);
    synth(&b, 2500, 1, &[]);
    synth(&c, 2500, 2, &[]);
    let (a, b, c) = (
        std::fs::read(a).unwrap(),
        std::fs::read(b).unwrap(),
        std::fs::read(c).unwrap(),
    );
    assert_eq!(a, b);
    assert_ne!(a, c);
    assert_eq!(a.iter().filter(|&&x| x == b'\n').count(), 2500);
}

#[test]
fn standard_output_and_bad_arguments() {
    let out = Command::new(BIN)
        .args(["synth", "--people", "20", "--seed", "4", "--out", "-"])
        .env_clear()
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 20);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("records 20"), "{stderr}");
    let out = Command::new(BIN)
        .args(["synth", "--seed", "4", "--out", "-"])
        .env_clear()
        .output()
        .unwrap();
    assert!(!out.status.success(), "--people is required");
}

fn birth_year(person: &Value) -> Option<i64> {
    let birth = person.get("birth")?;
    birth["year"]
        .as_i64()
        .or_else(|| birth["date"].as_str().and_then(|d| d[..4].parse().ok()))
}

#[test]
fn every_record_is_a_valid_person_and_relations_fit() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.jsonl");
    synth(&file, 6000, 3, &[]);
    let records = read(&file);
    // As the API validates a submission: against the day it arrives.
    let today = chrono::Utc::now().date_naive();
    let mut self_of: HashMap<&str, &Value> = HashMap::new();
    let mut self_by_truth: HashMap<&str, &Value> = HashMap::new();
    for (i, r) in records.iter().enumerate() {
        assert_eq!(r["id"].as_str().unwrap(), format!("r{}", i + 1));
        let keys: BTreeMap<&str, ()> = r
            .as_object()
            .unwrap()
            .keys()
            .map(|k| (k.as_str(), ()))
            .collect();
        let person: PersonInput =
            serde_json::from_value(r["person"].clone()).unwrap_or_else(|e| panic!("{e}: {r}"));
        person
            .validate_at(today)
            .unwrap_or_else(|e| panic!("{e}: {r}"));
        match r["kind"].as_str().unwrap() {
            "self" => {
                assert!(!keys.contains_key("relation"), "{r}");
                self_of.insert(r["account"].as_str().unwrap(), r);
                self_by_truth.insert(r["truth"].as_str().unwrap(), r);
            }
            "sought" => {
                let relation = r["relation"].as_str().unwrap();
                let sought = SoughtInput {
                    relation: Some(relation.to_owned()),
                    names: person.names,
                    nicknames: person.nicknames,
                    father_name: person.father_name,
                    mother_name: person.mother_name,
                    gender: person.gender,
                    birth: person.birth,
                    birthplace: person.birthplace,
                    ..Default::default()
                };
                sought
                    .validate_at(today)
                    .unwrap_or_else(|e| panic!("{e}: {r}"));
            }
            other => panic!("kind {other}"),
        }
        assert_eq!(
            keys.keys().copied().collect::<Vec<_>>(),
            if r["kind"] == "self" {
                vec!["account", "id", "kind", "person", "truth"]
            } else {
                vec!["account", "id", "kind", "person", "relation", "truth"]
            }
        );
    }
    // Where a sought person also registered, their own "about me" agrees with the relation.
    let mut checked = 0;
    for s in records.iter().filter(|r| r["kind"] == "sought") {
        let Some(found) = self_by_truth.get(s["truth"].as_str().unwrap()) else {
            continue;
        };
        let relation = Relation::from_code(s["relation"].as_str().unwrap()).unwrap();
        let gender = found["person"]["gender"].as_str();
        let (male, female) = (gender == Some("male"), gender == Some("female"));
        match relation {
            Relation::Father | Relation::Brother | Relation::Son | Relation::Husband => {
                assert!(!female, "{s}\n{found}")
            }
            Relation::Mother | Relation::Sister | Relation::Daughter | Relation::Wife => {
                assert!(!male, "{s}\n{found}")
            }
            _ => {}
        }
        let seeker = self_of.get(s["account"].as_str().unwrap());
        let (Some(seeker_year), Some(found_year)) = (
            seeker.and_then(|x| birth_year(&x["person"])),
            birth_year(&found["person"]),
        ) else {
            continue;
        };
        // Own birth years are off by one at most.
        let older = seeker_year - found_year;
        match relation {
            Relation::Father | Relation::Mother => assert!(older >= 13, "{s}\n{found}"),
            Relation::Son | Relation::Daughter => assert!(older <= -13, "{s}\n{found}"),
            Relation::Husband | Relation::Wife => assert!(older.abs() <= 17, "{s}\n{found}"),
            _ => {}
        }
        checked += 1;
    }
    assert!(checked >= 30, "{checked}");
}

#[test]
fn every_script_convention_appears_in_proportion() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.jsonl");
    synth(&file, 8000, 5, &["--with-scripts"]);
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut total = 0;
    for r in read(&file) {
        let names = r["person"]["names"].as_array().unwrap();
        let scripts = r["scripts"].as_array().unwrap();
        assert_eq!(names.len(), scripts.len());
        for (name, script) in names.iter().zip(scripts) {
            let (name, script) = (name.as_str().unwrap(), script.as_str().unwrap());
            let arabic = name.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c));
            let cyrillic = name.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c));
            let han = name.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c));
            match script {
                "uey" => assert!(arabic, "{name}"),
                "usy" => assert!(cyrillic, "{name}"),
                "chinese" => assert!(han, "{name}"),
                _ => assert!(!arabic && !cyrillic && !han, "{script} {name}"),
            }
            *counts.entry(script.to_owned()).or_default() += 1;
            total += 1;
        }
    }
    for label in [
        "uey",
        "uly",
        "usy",
        "latin_informal",
        "turkish",
        "chinese",
        "pinyin",
    ] {
        let share = counts.get(label).copied().unwrap_or(0) as f64 / total as f64;
        assert!(
            (0.03..=0.40).contains(&share),
            "{label} {share:.3} {counts:?}"
        );
    }
}

#[test]
fn true_pairs_of_every_kind_counted_from_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("s.jsonl");
    let stderr = synth(&file, 10_000, 1, &["--stats"]);
    let stats: Value = serde_json::from_str(&stderr).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    let records = read(&file);
    // Recount from the file alone, as the evaluator will.
    let mut by_truth: HashMap<&str, Vec<&Value>> = HashMap::new();
    let mut selves: HashMap<&str, &str> = HashMap::new();
    let mut seeks: HashSet<(&str, &str)> = HashSet::new();
    for r in &records {
        let (account, truth) = (r["account"].as_str().unwrap(), r["truth"].as_str().unwrap());
        by_truth.entry(truth).or_default().push(r);
        if r["kind"] == "self" {
            selves.insert(account, truth);
        } else {
            seeks.insert((account, truth));
        }
    }
    let (mut sought_self, mut reciprocal, mut co_seekers) = (0u64, 0u64, 0u64);
    for group in by_truth.values() {
        for (i, a) in group.iter().enumerate() {
            for b in &group[i + 1..] {
                if a["account"] == b["account"] || (a["kind"] == "self" && b["kind"] == "self") {
                    continue;
                }
                if a["kind"] == "sought" && b["kind"] == "sought" {
                    co_seekers += 1;
                    continue;
                }
                let (seeker, found) = if a["kind"] == "sought" {
                    (a, b)
                } else {
                    (b, a)
                };
                let seeker_self = selves.get(seeker["account"].as_str().unwrap());
                let back = seeker_self
                    .is_some_and(|t| seeks.contains(&(found["account"].as_str().unwrap(), t)));
                if back {
                    reciprocal += 1;
                } else {
                    sought_self += 1;
                }
            }
        }
    }
    assert_eq!(stats["records"], 10_000);
    assert_eq!(stats["sought_self"], sought_self);
    assert_eq!(stats["reciprocal"], reciprocal);
    assert_eq!(stats["co_seekers"], co_seekers);
    assert_eq!(stats["true_pairs"], sought_self + reciprocal + co_seekers);
    assert!(
        sought_self >= 100 && reciprocal >= 40 && co_seekers >= 100,
        "{stats}"
    );
    let accounts: HashSet<&str> = records
        .iter()
        .map(|r| r["account"].as_str().unwrap())
        .collect();
    assert_eq!(stats["accounts"], accounts.len());
    assert_eq!(stats["truths"], by_truth.len());
}
