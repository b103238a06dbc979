//! Our side of `bench/compare_anonlink.py`: candidate generation between the two sets of
//! filters written by `dump_clks`, every pair with Dice ≥ the threshold, on this one thread,
//! timed in the program (the file is read before the clock starts, as the Python side loads
//! its bitarrays before timing). End to end as anonlink's `find_candidate_pairs` does it:
//! popcounts, the kernel (`dice::candidate_pairs`), and the pairs sorted like anonlink's
//! (similarity descending, then first index, then second).
//!
//! ```text
//! cargo run --release --example clk_pairs -- FILE [--threshold 0.8] [--repeat 5]
//! ```
//!
//! Prints `key: value` lines; the times are the median of the repeats.

use std::time::Instant;

use kinlink::matching::dice::candidate_pairs;
use kinlink::names::Bloom;

fn main() -> anyhow::Result<()> {
    let mut file = None;
    let mut threshold = 0.8f64;
    let mut repeat = 5usize;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--threshold" => threshold = it.next().unwrap_or_default().parse()?,
            "--repeat" => repeat = it.next().unwrap_or_default().parse()?,
            path if file.is_none() && !path.starts_with("--") => file = Some(path.to_string()),
            other => anyhow::bail!(
                "unknown argument {other}; usage: clk_pairs FILE [--threshold T] [--repeat R]"
            ),
        }
    }
    let file = file.ok_or_else(|| anyhow::anyhow!("usage: clk_pairs FILE [--threshold T]"))?;
    let bytes = std::fs::read(&file)?;
    anyhow::ensure!(
        bytes.len() % 256 == 0 && !bytes.is_empty(),
        "{file}: not an even number of 128-byte filters"
    );
    let blooms: Vec<Bloom> = bytes
        .chunks_exact(128)
        .map(|c| Bloom::from_bytes(c.try_into().expect("128 bytes")))
        .collect();
    let (a, b) = blooms.split_at(blooms.len() / 2);
    let comparisons = (a.len() * b.len()) as f64;

    let mut end_to_end = Vec::new();
    let mut kernel_only = Vec::new();
    let mut pairs = 0;
    for _ in 0..repeat.max(1) {
        let t0 = Instant::now();
        let mut out = candidate_pairs(a, b, threshold);
        let t1 = Instant::now();
        out.sort_unstable_by(|x, y| y.2.total_cmp(&x.2).then(x.0.cmp(&y.0)).then(x.1.cmp(&y.1)));
        let t2 = Instant::now();
        pairs = std::hint::black_box(out).len();
        kernel_only.push((t1 - t0).as_secs_f64());
        end_to_end.push((t2 - t0).as_secs_f64());
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (e2e, kernel) = (median(&mut end_to_end), median(&mut kernel_only));
    println!("sizes: {} x {}", a.len(), b.len());
    println!("threshold: {threshold}");
    println!("pairs: {pairs}");
    println!("seconds: {e2e:.6}");
    println!("comparisons_per_second: {:.0}", comparisons / e2e);
    println!("kernel_only_seconds: {kernel:.6}");
    println!(
        "kernel_only_comparisons_per_second: {:.0}",
        comparisons / kernel
    );
    Ok(())
}
