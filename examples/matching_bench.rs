//! The matcher's in-memory numbers for `bench/matching.sh` (issue 11): build the index of N
//! synthetic records (`kinlink synth --people N+new --seed S`, `new` of them held out), then
//! report its memory, optionally a full rematch (every record scored against the index, as
//! `kinlink rematch` and `eval-matching` do through `collect_pairs`), and the latency of one
//! new person: `Index::upsert` (interning its name parts, finding their neighbours) plus
//! `banded_against` (what the matcher runs), one at a time on one thread.
//!
//! ```text
//! cargo run --release --example matching_bench -- --people 100000 [--new 1000] [--seed 1] [--rematch]
//! ```
//!
//! Prints `key: value` lines; nothing is assumed, everything is measured in this process.
//! Times are wall-clock; "on cpu" is the time this thread actually ran (/proc schedstat), which
//! differs from wall time when other work shares the cores.

#[path = "../benches/support/mod.rs"]
mod support;

use std::time::Instant;

use kinlink::matching::candidates::{banded_against, collect_pairs};
use kinlink::matching::model::Model;

struct Args {
    people: u64,
    new: u64,
    seed: u64,
    rematch: bool,
}

fn parse_args() -> anyhow::Result<Args> {
    let mut args = Args {
        people: 100_000,
        new: 1_000,
        seed: 1,
        rematch: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = |name: &str| -> anyhow::Result<u64> {
            it.next()
                .ok_or_else(|| anyhow::anyhow!("{name} needs a value"))?
                .replace('_', "")
                .parse()
                .map_err(|e| anyhow::anyhow!("{name}: {e}"))
        };
        match a.as_str() {
            "--people" => args.people = value("--people")?,
            "--new" => args.new = value("--new")?,
            "--seed" => args.seed = value("--seed")?,
            "--rematch" => args.rematch = true,
            other => anyhow::bail!(
                "unknown argument {other}; usage: matching_bench --people N [--new M] [--seed S] [--rematch]"
            ),
        }
    }
    Ok(args)
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn ms(sorted: &[f64], q: f64) -> String {
    format!("{:.2}", support::quantile(sorted, q) * 1e3)
}

fn main() -> anyhow::Result<()> {
    let args = parse_args()?;
    let model = Model::bundled();
    let rss_before = support::proc_status_bytes("VmRSS").unwrap_or(0);

    let (t, cpu) = (Instant::now(), support::cpu_seconds());
    let (mut index, held) = support::build(args.people, args.new, args.seed);
    let build_s = t.elapsed().as_secs_f64();
    let build_cpu = support::cpu_seconds() - cpu;
    let rss_after = support::proc_status_bytes("VmRSS").unwrap_or(0);
    let hwm = support::proc_status_bytes("VmHWM").unwrap_or(0);
    let heap = index.heap_bytes() as u64;
    let n = index.len() as u64;

    println!("people: {n}");
    println!("seed: {}", args.seed);
    println!("distinct_name_parts: {}", index.parts.len());
    println!("index_build_s: {build_s:.1} (on cpu {build_cpu:.1})");
    println!("heap_bytes: {heap} ({:.1} MiB)", mib(heap));
    println!("heap_bytes_per_person: {:.0}", heap as f64 / n as f64);
    println!("rss_before_build: {:.1} MiB", mib(rss_before));
    println!("rss_after_build: {:.1} MiB", mib(rss_after));
    println!("rss_peak: {:.1} MiB", mib(hwm));
    println!(
        "rss_growth_per_person: {:.0}",
        rss_after.saturating_sub(rss_before) as f64 / n as f64
    );

    if args.rematch {
        let (t, cpu) = (Instant::now(), support::cpu_seconds());
        let pairs = collect_pairs(&index, model, false);
        let s = t.elapsed().as_secs_f64();
        let cpu = support::cpu_seconds() - cpu;
        println!("rematch_records: {n}");
        println!("rematch_candidates: {}", pairs.len());
        println!("rematch_s: {s:.1} (on cpu {cpu:.1})");
    }

    // One new person at a time: upsert + score against the index, then forget them again so
    // that every one meets the same N records.
    let mut total = Vec::with_capacity(held.len());
    let mut scoring = Vec::with_capacity(held.len());
    let mut scored = Vec::with_capacity(held.len());
    let mut on_cpu = Vec::with_capacity(held.len());
    for p in &held {
        let c0 = support::cpu_seconds();
        let t0 = Instant::now();
        let slot = index.upsert(&p.id, &p.account, &p.features);
        let t1 = Instant::now();
        let result = banded_against(&index, model, slot);
        let t2 = Instant::now();
        on_cpu.push(support::cpu_seconds() - c0);
        std::hint::black_box(&result);
        total.push((t2 - t0).as_secs_f64());
        scoring.push((t2 - t1).as_secs_f64());
        scored.push(result.len() as f64);
        index.remove(&p.id);
    }
    let sort = |v: &mut Vec<f64>| v.sort_by(f64::total_cmp);
    sort(&mut total);
    sort(&mut scoring);
    sort(&mut scored);
    sort(&mut on_cpu);
    println!("new_persons: {}", total.len());
    println!(
        "new_person_ms: p50 {} p90 {} p99 {} max {}",
        ms(&total, 0.5),
        ms(&total, 0.9),
        ms(&total, 0.99),
        ms(&total, 1.0)
    );
    println!(
        "new_person_score_only_ms: p50 {} p90 {} p99 {} max {}",
        ms(&scoring, 0.5),
        ms(&scoring, 0.9),
        ms(&scoring, 0.99),
        ms(&scoring, 1.0)
    );
    println!(
        "new_person_on_cpu_ms: p50 {} p90 {} p99 {} max {}",
        ms(&on_cpu, 0.5),
        ms(&on_cpu, 0.9),
        ms(&on_cpu, 0.99),
        ms(&on_cpu, 1.0)
    );
    println!(
        "new_person_banded_pairs: p50 {} p99 {} max {}",
        support::quantile(&scored, 0.5),
        support::quantile(&scored, 0.99),
        support::quantile(&scored, 1.0)
    );
    Ok(())
}
