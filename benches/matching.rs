//! The matcher (issue 11): the Dice kernel on real name encodings, in comparisons per second
//! (one thread), a typed birthplace read against the list of regions, and one person scored
//! against an index of synthetic families.
//!
//! ```text
//! cargo bench --bench matching                                   # index of 100,000
//! KINLINK_BENCH_PEOPLE=100000,1000000 cargo bench --bench matching
//! ```
//!
//! `KINLINK_BENCH_PEOPLE`: comma-separated index sizes (default 100000). Building the index is
//! not timed and takes minutes (much longer at 1,000,000). The p50/p99 latencies, memory and
//! the full rematch are in `bench/matching.sh`.

mod support;

use std::cell::Cell;
use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use kinlink::matching::candidates::{banded_against, score_against};
use kinlink::matching::dice::{above, candidate_pairs, dice};
use kinlink::matching::index::SUMMARY_MIN;
use kinlink::matching::model::Model;

const SEED: u64 = 1;

fn sizes() -> Vec<u64> {
    let raw = std::env::var("KINLINK_BENCH_PEOPLE").unwrap_or_else(|_| "100000".into());
    raw.split(',')
        .map(|s| {
            s.trim()
                .replace('_', "")
                .parse()
                .expect("KINLINK_BENCH_PEOPLE: comma-separated numbers")
        })
        .collect()
}

fn kernel(c: &mut Criterion) {
    // Given-name prefilter encodings of 2,000 synthetic records.
    let blooms = support::given_name_summaries(2_000, SEED);
    let ones: Vec<u32> = blooms.iter().map(|b| b.count_ones()).collect();
    let (a, b) = blooms.split_at(1_000);

    let mut group = c.benchmark_group("dice");
    group.throughput(Throughput::Elements(a.len() as u64));
    group.bench_function("pairs", |bench| {
        bench.iter(|| {
            let mut sum = 0.0;
            for i in 0..a.len() {
                sum += dice(&a[i], ones[i], &b[i], ones[1_000 + i]);
            }
            black_box(sum)
        })
    });
    group.throughput(Throughput::Elements((a.len() * b.len()) as u64));
    for threshold in [0.8, SUMMARY_MIN] {
        group.bench_with_input(
            BenchmarkId::new("candidate_pairs_1000x1000", threshold),
            &threshold,
            |bench, &t| bench.iter(|| black_box(candidate_pairs(a, b, t))),
        );
    }
    group.finish();
}

fn scoring(c: &mut Criterion) {
    let model = Model::bundled();
    for people in sizes() {
        let t = Instant::now();
        let (mut index, held) = support::build(people, 256, SEED);
        eprintln!(
            "matching bench: index of {people} built in {:.0} s ({} distinct name parts)",
            t.elapsed().as_secs_f64(),
            index.parts.len()
        );

        // The Dice prefilter as interning a new name part runs it: one part against every
        // distinct part of the index.
        let parts = support::part_summaries(&index);
        let part_ones: Vec<u32> = parts.iter().map(|b| b.count_ones()).collect();
        let mut group = c.benchmark_group("dice");
        group.throughput(Throughput::Elements(parts.len() as u64));
        let next = Cell::new(0usize);
        group.bench_function(
            BenchmarkId::new(
                "above_all_parts",
                format!("{people}_people_{}_parts", parts.len()),
            ),
            |bench| {
                bench.iter(|| {
                    let q = next.get() % parts.len();
                    next.set(next.get() + 7919);
                    black_box(above(
                        &parts[q],
                        part_ones[q],
                        &parts,
                        &part_ones,
                        SUMMARY_MIN,
                    ))
                })
            },
        );
        group.finish();
        drop(parts);

        let mut group = c.benchmark_group("score");
        group.sample_size(10);
        group.measurement_time(Duration::from_secs(if people > 200_000 { 60 } else { 20 }));
        group.throughput(Throughput::Elements(1));
        // A person already stored, scored against everyone else (as a rematch does it).
        let slots = support::sample_slots(&index, 256);
        let next = Cell::new(0usize);
        group.bench_function(BenchmarkId::new("score_against", people), |bench| {
            bench.iter(|| {
                let slot = slots[next.get() % slots.len()];
                next.set(next.get() + 1);
                black_box(score_against(&index, model, slot))
            })
        });
        // The same, keeping only the pairs that reach a band, as the matcher does.
        let next = Cell::new(0usize);
        group.bench_function(BenchmarkId::new("banded_against", people), |bench| {
            bench.iter(|| {
                let slot = slots[next.get() % slots.len()];
                next.set(next.get() + 1);
                black_box(banded_against(&index, model, slot))
            })
        });
        // A new person: upsert (interning parts, finding neighbours) and score; forgotten
        // again (not timed) so every one meets the same index.
        let next = Cell::new(0usize);
        group.bench_function(BenchmarkId::new("new_person", people), |bench| {
            bench.iter_custom(|iters| {
                let mut spent = Duration::ZERO;
                for _ in 0..iters {
                    let p = &held[next.get() % held.len()];
                    next.set(next.get() + 1);
                    let t = Instant::now();
                    let slot = index.upsert(&p.id, &p.account, &p.features);
                    black_box(banded_against(&index, model, slot));
                    spent += t.elapsed();
                    index.remove(&p.id);
                }
                spent
            })
        });
        group.finish();
    }
}

/// A typed birthplace read against the list of regions, as building a record's features does
/// (in the service that stores the record, once per change).
fn places(c: &mut Criterion) {
    let texts = [
        "Ghulja",
        "گۇما ناھىيىسى",
        "Текәс, Или",
        "喀什地区疏附县",
        "Yëngisar, Qeshqer wilayiti",
        "a village near the river",
    ];
    let mut group = c.benchmark_group("gazetteer");
    group.throughput(Throughput::Elements(texts.len() as u64));
    group.bench_function("resolve", |bench| {
        bench.iter(|| {
            for t in texts {
                black_box(kinlink::matching::gazetteer::resolve(black_box(t)));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, kernel, places, scoring);
criterion_main!(benches);
