//! Throughput of sealing and opening one 2 KiB field (a narrative-sized
//! record) with XChaCha20-Poly1305 and the full kinlink AAD.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use kinlink::crypto::{DataKey, FieldContext, Keyring, open, seal};

const RECORD_LEN: usize = 2048;

fn bench_envelope(c: &mut Criterion) {
    let dek = DataKey::generate();
    let ctx = FieldContext {
        table: "persons",
        column: "narrative",
        record_id: "0b6f3c1e-8d1a-4c55-9a51-6f1b2a0c9e11",
    };
    let plaintext: Vec<u8> = (0..RECORD_LEN).map(|i| (i % 251) as u8).collect();
    let blob = seal(&dek, 1, &ctx, &plaintext);

    let mut group = c.benchmark_group("envelope_2KiB");
    group.throughput(Throughput::Bytes(RECORD_LEN as u64));
    group.bench_function("seal", |b| {
        b.iter(|| seal(black_box(&dek), 1, black_box(&ctx), black_box(&plaintext)))
    });
    group.bench_function("open", |b| {
        b.iter(|| open(black_box(&dek), black_box(&ctx), black_box(&blob)).expect("authentic"))
    });
    group.finish();

    // Unwrapping the record's data key is the other per-read cost.
    let keyring = Keyring::generate();
    let wrapped = keyring.wrap(&dek, ctx.record_id);
    c.bench_function("unwrap_dek", |b| {
        b.iter(|| {
            keyring
                .unwrap(black_box(&wrapped), black_box(ctx.record_id))
                .expect("authentic")
        })
    });
}

criterion_group!(benches, bench_envelope);
criterion_main!(benches);
