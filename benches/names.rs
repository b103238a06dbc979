//! Throughput of canonicalise + keyed encoding (issue 6: at least 50,000 names per second
//! per core) and of comparison.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use kinlink::names::{DEFAULT_K, NameEncoder, canonicalise, compare};

/// A mix of scripts, weighted roughly as registrations will be.
const NAMES: &[&str] = &[
    "Abdurehim Tursun",
    "ئابدۇرېھىم تۇرسۇن",
    "阿不都热依木·吐尔逊",
    "Abudureyimu Tuerxun",
    "Абдурехим Турсун",
    "Abdurrahim Tursun",
    "Dilnigar Ilhamjan",
    "迪妮格尔·衣拉木江",
    "Mihrigül Memet",
    "Тұрсынбек Нұрланұлы",
    "Gulnar Qadir",
    "塔西甫拉提·特依拜",
    "Tashpolat Tiyip",
    "ئىلھام توختى",
    "Perhat Tursun",
    "Ayshem Yaqup",
];

fn bench(c: &mut Criterion) {
    let encoder = NameEncoder::new(&[7; 32], DEFAULT_K);
    let mut group = c.benchmark_group("names");
    group.throughput(Throughput::Elements(NAMES.len() as u64));
    group.bench_function("canonicalise", |b| {
        b.iter(|| {
            for n in NAMES {
                black_box(canonicalise(black_box(n)));
            }
        })
    });
    group.bench_function("canonicalise_and_encode", |b| {
        b.iter(|| {
            for n in NAMES {
                black_box(encoder.encode(black_box(n)));
            }
        })
    });
    let encoded: Vec<_> = NAMES.iter().map(|n| encoder.encode(n)).collect();
    group.bench_function("compare", |b| {
        b.iter(|| {
            for e in &encoded {
                black_box(compare(black_box(&encoded[2]), black_box(e)));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
