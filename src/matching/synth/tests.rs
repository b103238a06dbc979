use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::*;
use crate::domain::{Relation, SoughtInput};

fn generate(records: u64, seed: u64) -> (Vec<Numbered>, Stats) {
    let mut g = Generator::new(Config { records, seed });
    let out: Vec<Numbered> = g.by_ref().collect();
    (out, g.stats().clone())
}

fn lines(records: u64, seed: u64) -> Vec<String> {
    generate(records, seed)
        .0
        .iter()
        .map(|r| r.to_json(false))
        .collect()
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let a = lines(3000, 42);
    assert_eq!(a.len(), 3000);
    assert_eq!(a, lines(3000, 42));
    let b = lines(3000, 43);
    assert_ne!(a, b);
    // A different seed is a different world, not a shuffled copy of the same one.
    let names = |ls: &[String]| -> HashSet<String> {
        ls.iter()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["person"].to_string())
            .collect()
    };
    let (na, nb) = (names(&a), names(&b));
    assert!(
        na.intersection(&nb).count() < 300,
        "{}",
        na.intersection(&nb).count()
    );
}

#[test]
fn exactly_the_requested_number_with_ids_in_order() {
    for n in [0, 1, 7, 4097, 9001] {
        let (records, stats) = generate(n, 5);
        assert_eq!(records.len() as u64, n);
        assert_eq!(stats.records, n);
        for (i, r) in records.iter().enumerate() {
            assert_eq!(r.id, i as u64 + 1);
        }
    }
}

#[test]
fn every_record_validates_as_the_api_would() {
    let today = NaiveDate::from_ymd_opt(LATEST_YEAR, 12, 31).unwrap();
    let now = crate::clock::Clock::system().today();
    let (records, _) = generate(6000, 7);
    for n in &records {
        let r = &n.record;
        let json = n.to_json(false);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        // The person object is exactly a PersonInput (unknown fields are refused).
        let person: PersonInput = serde_json::from_value(value["person"].clone())
            .unwrap_or_else(|e| panic!("{e}: {json}"));
        assert_eq!(person, r.person);
        // Valid both at the end of the latest year births use and on the day the API checks.
        person
            .validate_at(today)
            .unwrap_or_else(|e| panic!("{e}: {json}"));
        person
            .validate_at(now)
            .unwrap_or_else(|e| panic!("{e}: {json}"));
        match r.kind {
            Kind::SelfRecord => assert!(value.get("relation").is_none(), "{json}"),
            Kind::Sought => {
                let relation = value["relation"].as_str().unwrap();
                assert!(Relation::from_code(relation).is_some());
                let sought = SoughtInput {
                    relation: Some(relation.to_owned()),
                    names: person.names.clone(),
                    nicknames: person.nicknames.clone(),
                    father_name: person.father_name.clone(),
                    mother_name: person.mother_name.clone(),
                    gender: person.gender.clone(),
                    birth: person.birth.clone(),
                    birthplace: person.birthplace.clone(),
                    ..Default::default()
                };
                sought
                    .validate_at(today)
                    .unwrap_or_else(|e| panic!("{e}: {json}"));
            }
        }
        let keys: Vec<&str> = value
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        for key in &keys {
            assert!(
                ["id", "account", "kind", "relation", "person", "truth"].contains(key),
                "{key}"
            );
        }
        assert!(!r.person.names.is_empty() || !r.person.nicknames.is_empty());
        assert_eq!(r.labels.len(), r.person.names.len());
        if let Some(place) = &r.person.birthplace
            && let Some(code) = &place.region
        {
            assert!(crate::regions::find(code).is_some(), "{code}");
        }
    }
}

#[test]
fn the_gender_given_never_contradicts_the_relation() {
    let (records, _) = generate(8000, 9);
    for n in &records {
        let r = &n.record;
        let Some(relation) = r.relation else { continue };
        let male = matches!(
            relation,
            Relation::Father
                | Relation::Brother
                | Relation::Son
                | Relation::Husband
                | Relation::Grandfather
                | Relation::Uncle
        );
        let female = matches!(
            relation,
            Relation::Mother
                | Relation::Sister
                | Relation::Daughter
                | Relation::Wife
                | Relation::Grandmother
                | Relation::Aunt
        );
        match r.person.gender.as_deref() {
            Some("male") => assert!(!female, "{}", n.to_json(false)),
            Some("female") => assert!(!male, "{}", n.to_json(false)),
            _ => {}
        }
    }
}

#[test]
fn every_script_convention_in_reasonable_proportion() {
    let (_, stats) = generate(20_000, 11);
    for label in Label::ALL {
        let share = stats.script_share(label);
        assert!(
            (0.03..=0.40).contains(&share),
            "{label:?} {share:.3} {:?}",
            stats.scripts
        );
    }
}

#[test]
fn names_look_like_their_convention() {
    let (records, _) = generate(5000, 13);
    let mut seen: HashMap<Label, Vec<String>> = HashMap::new();
    for n in &records {
        for (name, label) in n.record.person.names.iter().zip(&n.record.labels) {
            seen.entry(*label).or_default().push(name.clone());
        }
    }
    let all = |label: Label, test: &dyn Fn(&str) -> bool| {
        let names = &seen[&label];
        let ok = names.iter().filter(|n| test(n)).count();
        assert!(
            ok as f64 >= 0.97 * names.len() as f64,
            "{label:?}: {:?}",
            names
                .iter()
                .filter(|n| !test(n))
                .take(10)
                .collect::<Vec<_>>()
        );
    };
    let arabic = |s: &str| s.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c));
    let cyrillic = |s: &str| s.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c));
    let han = |s: &str| s.chars().any(scripts::is_han);
    let latin = |s: &str| {
        s.chars().all(|c| {
            !c.is_alphabetic()
                || c.is_ascii_alphabetic()
                || "ëéöüşçğıİÖÜŞÇĞǎǐǒǔǚāēīōūáíóúàèìòùě".contains(c)
        })
    };
    all(Label::Uey, &|s| arabic(s) && !cyrillic(s));
    all(Label::Usy, &|s| cyrillic(s) && !arabic(s));
    all(Label::Chinese, &|s| han(s) && !arabic(s) && !cyrillic(s));
    all(Label::Pinyin, &latin);
    all(Label::LatinInformal, &latin);
    all(Label::Turkish, &latin);
    all(Label::Uly, &latin);
    let some = |label: Label, test: &dyn Fn(&str) -> bool| {
        assert!(seen[&label].iter().any(|n| test(n)), "{label:?}");
    };
    some(Label::Turkish, &|s| s.contains(['ş', 'ç', 'ğ', 'ı', 'İ']));
    some(Label::Uly, &|s| s.contains(['ë', 'é', 'ö', 'ü']));
    some(Label::Pinyin, &|s| s.chars().all(|c| !c.is_lowercase()));
    some(Label::Chinese, &|s| s.contains('·'));
    some(Label::Usy, &|s| {
        s.contains(['ң', 'һ', 'ә', 'ү', 'ө', 'қ', 'ғ', 'ұ', 'і'])
    });
    some(Label::Usy, &|s| s.contains("ль"));
    some(Label::Usy, &|s| {
        s.ends_with("улы") || s.ends_with("ұлы") || s.contains(" уулу")
    });
    some(Label::Usy, &|s| {
        s.ends_with("ов") || s.ends_with("ова") || s.ends_with("ев")
    });
}

#[test]
fn true_pairs_of_every_kind() {
    let (_, stats) = generate(10_000, 1);
    assert!(stats.sought_self >= 100, "{stats:?}");
    assert!(stats.reciprocal >= 40, "{stats:?}");
    assert_eq!(
        stats.reciprocal % 2,
        0,
        "reciprocal record pairs come in twos"
    );
    assert!(stats.co_seekers >= 100, "{stats:?}");
    assert_eq!(
        stats.true_pairs,
        stats.sought_self + stats.reciprocal + stats.co_seekers
    );
    // Most sought people are never registered.
    assert!(
        stats.truths as f64 > 0.75 * stats.records as f64,
        "{stats:?}"
    );
}

#[test]
fn true_pairs_recount_from_the_output() {
    let (records, stats) = generate(7000, 3);
    let mut by_truth: HashMap<u64, Vec<&Record>> = HashMap::new();
    for n in &records {
        by_truth.entry(n.record.truth).or_default().push(&n.record);
    }
    let mut pairs = 0;
    for group in by_truth.values() {
        for (i, a) in group.iter().enumerate() {
            for b in &group[i + 1..] {
                if a.account != b.account && (a.kind == Kind::Sought || b.kind == Kind::Sought) {
                    pairs += 1;
                }
            }
        }
    }
    assert_eq!(pairs, stats.true_pairs);
    // One "about me" per account, and no account seeks itself or one person twice.
    let mut per_account: HashMap<u64, (usize, HashSet<u64>)> = HashMap::new();
    for n in &records {
        let e = per_account.entry(n.record.account).or_default();
        match n.record.kind {
            Kind::SelfRecord => e.0 += 1,
            Kind::Sought => assert!(e.1.insert(n.record.truth), "sought twice"),
        }
    }
    let mut selves: HashMap<u64, u64> = HashMap::new();
    for n in &records {
        if n.record.kind == Kind::SelfRecord {
            selves.insert(n.record.account, n.record.truth);
        }
    }
    for (account, (self_count, sought)) in &per_account {
        assert!(*self_count <= 1);
        if let Some(me) = selves.get(account) {
            assert!(!sought.contains(me));
        }
    }
}
