//! Writes the encodings `bench/compare_anonlink.py` runs on both sides: the Dice prefilter
//! filters (1024 bits, `index::summary`) of the given names of 2·N synthetic records
//! (`kinlink synth --seed S`), the first N as the first set, the next N as the second.
//!
//! ```text
//! cargo run --release --example dump_clks -- OUT [--n 10000] [--seed 1]
//! ```
//!
//! OUT holds 2·N filters of 128 bytes each (`Bloom::to_bytes`: 16 little-endian 64-bit words),
//! nothing else.

#[path = "../benches/support/mod.rs"]
mod support;

use std::io::Write;

fn main() -> anyhow::Result<()> {
    let mut out = None;
    let mut n = 10_000usize;
    let mut seed = 1u64;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--n" => n = it.next().unwrap_or_default().parse()?,
            "--seed" => seed = it.next().unwrap_or_default().parse()?,
            path if out.is_none() && !path.starts_with("--") => out = Some(path.to_string()),
            other => {
                anyhow::bail!("unknown argument {other}; usage: dump_clks OUT [--n N] [--seed S]")
            }
        }
    }
    let out = out.ok_or_else(|| anyhow::anyhow!("usage: dump_clks OUT [--n N] [--seed S]"))?;
    let blooms = support::given_name_summaries(2 * n, seed);
    let mut file = std::io::BufWriter::new(std::fs::File::create(&out)?);
    for b in &blooms {
        file.write_all(&b.to_bytes())?;
    }
    file.flush()?;
    let ones: Vec<u32> = blooms.iter().map(|b| b.count_ones()).collect();
    let mean = f64::from(ones.iter().sum::<u32>()) / ones.len() as f64;
    eprintln!(
        "dump_clks: {} + {} filters to {out} (bits set: mean {mean:.0}, min {}, max {})",
        n,
        n,
        ones.iter().min().unwrap_or(&0),
        ones.iter().max().unwrap_or(&0)
    );
    Ok(())
}
