//! Shared by `benches/matching.rs` and the `examples/` programs of `bench/`: synthetic families
//! turned into the matcher's features and index, streaming (no JSONL file, no copy of the
//! records kept), exactly as `eval::load` does it for a file.
#![allow(dead_code)]

use std::collections::HashMap;

use kinlink::domain::{Person, SoughtInput};
use kinlink::matching::eval;
use kinlink::matching::features::Features;
use kinlink::matching::index::{Index, summary};
use kinlink::matching::synth::{Config, Generator, Kind, Numbered};
use kinlink::names::{Bloom, NameEncoder};

/// The key seed of every benchmark (as `kinlink eval-matching` uses it).
pub const KEY_SEED: u64 = 1;

/// A record ready for the index.
pub struct Prepared {
    pub id: String,
    pub account: String,
    pub features: Features,
}

fn today() -> chrono::NaiveDate {
    // As `eval::load`: records are valid on any day after they were generated.
    chrono::NaiveDate::from_ymd_opt(2100, 1, 1).expect("a date")
}

pub fn encoder() -> NameEncoder {
    eval::encoder(KEY_SEED)
}

/// Generator records in windows: a seeker's "about me" is always in the same shuffled block
/// of the generator (at most a few thousand records away), so looking it up in the previous,
/// the current and the next window finds it without keeping every record.
const WINDOW: usize = 8192;

fn own_persons(window: &[Numbered]) -> HashMap<u64, Person> {
    window
        .iter()
        .filter(|n| n.record.kind == Kind::SelfRecord)
        .filter_map(|n| {
            n.record
                .person
                .validate_at(today())
                .ok()
                .map(|p| (n.record.account, p))
        })
        .collect()
}

fn prepare(enc: &NameEncoder, n: &Numbered, owns: &[&HashMap<u64, Person>]) -> Prepared {
    let r = &n.record;
    let features = match r.kind {
        Kind::SelfRecord => Features::own(
            enc,
            &r.person
                .validate_at(today())
                .expect("synthetic records validate"),
        ),
        Kind::Sought => {
            let p = r.person.clone();
            let input = SoughtInput {
                relation: r.relation.map(|x| x.as_str().to_string()),
                names: p.names,
                name_scripts: None,
                nicknames: p.nicknames,
                father_name: p.father_name,
                mother_name: p.mother_name,
                gender: p.gender,
                birth: p.birth,
                birthplace: p.birthplace,
                ..Default::default()
            };
            let sought = input
                .validate_at(today())
                .expect("synthetic sought records validate");
            let seeker = owns.iter().find_map(|m| m.get(&r.account));
            Features::sought(enc, &sought, seeker)
        }
    };
    Prepared {
        id: format!("r{}", n.id),
        account: format!("a{:016x}", r.account),
        features,
    }
}

/// Calls `each` with every record of `kinlink synth --people total --seed seed`, as features.
pub fn for_each_record(total: u64, seed: u64, mut each: impl FnMut(Prepared)) {
    let enc = encoder();
    let mut generator = Generator::new(Config {
        records: total,
        seed,
    });
    let next_window = |g: &mut Generator| -> Vec<Numbered> { g.by_ref().take(WINDOW).collect() };
    let mut prev_owns: HashMap<u64, Person> = HashMap::new();
    let mut cur = next_window(&mut generator);
    let mut cur_owns = own_persons(&cur);
    loop {
        let next = next_window(&mut generator);
        let next_owns = own_persons(&next);
        for n in &cur {
            each(prepare(&enc, n, &[&cur_owns, &prev_owns, &next_owns]));
        }
        if next.is_empty() {
            break;
        }
        prev_owns = std::mem::replace(&mut cur_owns, next_owns);
        cur = next;
    }
}

/// An index of `people` synthetic records, and `new` more records of the same families held
/// out (spread evenly through the file) as people who register next.
pub fn build(people: u64, new: u64, seed: u64) -> (Index, Vec<Prepared>) {
    let total = people + new;
    let stride = total.checked_div(new).unwrap_or(u64::MAX);
    let mut index = Index::default();
    let mut held = Vec::new();
    let mut i = 0u64;
    for_each_record(total, seed, |p| {
        i += 1;
        if i.is_multiple_of(stride) && (held.len() as u64) < new {
            held.push(p);
        } else {
            index.upsert(&p.id, &p.account, &p.features);
        }
    });
    (index, held)
}

/// The prefilter summary of the given name (first part of the first name form) of the first
/// `n` synthetic records that have one: what the Dice kernel compares in the matcher.
pub fn given_name_summaries(n: usize, seed: u64) -> Vec<Bloom> {
    let mut out = Vec::with_capacity(n);
    // Some records give only a nickname; generate a little more than needed.
    for_each_record(n as u64 + n as u64 / 4 + 100, seed, |p| {
        if out.len() < n
            && let Some(part) = p.features.names.first().and_then(|name| name.parts.first())
        {
            out.push(summary(part));
        }
    });
    assert_eq!(out.len(), n, "not enough records with a name");
    out
}

/// The prefilter summaries of every distinct name part of an index.
pub fn part_summaries(index: &Index) -> Vec<Bloom> {
    (0..index.parts.len() as u32)
        .map(|id| summary(index.parts.get(id)))
        .collect()
}

/// Resident memory of this process in bytes (VmRSS, or VmHWM for the peak), from
/// /proc/self/status.
pub fn proc_status_bytes(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status.lines().find_map(|l| {
        let rest = l.strip_prefix(field)?.strip_prefix(':')?;
        let kb: u64 = rest.trim().trim_end_matches("kB").trim().parse().ok()?;
        Some(kb * 1024)
    })
}

/// Time this thread has spent on a CPU, in seconds (/proc/thread-self/schedstat): on a shared
/// machine, wall time also counts the time other work held the cores.
pub fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .map_or(f64::NAN, |ns| ns as f64 / 1e9)
}

/// Persons drawn for timing: `n` slots spread evenly over the index.
pub fn sample_slots(index: &Index, n: usize) -> Vec<u32> {
    let all: Vec<u32> = index.slots().collect();
    let step = (all.len() / n.max(1)).max(1);
    all.into_iter().step_by(step).take(n).collect()
}

/// The value at quantile `q` of sorted `xs` (nearest rank).
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}
