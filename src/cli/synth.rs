//! `kinlink synth`: writes synthetic families as JSON lines (issue 11, "Synthetic families").

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use crate::matching::synth::{Config, Generator};

#[derive(Args, Debug)]
pub struct SynthArgs {
    /// Number of records to write (each registrant's "about me" and each person they seek
    /// count one each).
    #[arg(long, value_name = "N")]
    pub people: u64,
    /// Seed: the same N and seed always give the same file, byte for byte.
    #[arg(long, value_name = "S")]
    pub seed: u64,
    /// Output file (one JSON object per line); `-` writes to standard output.
    #[arg(long, value_name = "FILE.jsonl")]
    pub out: PathBuf,
    /// Print full counts as JSON on standard error instead of a one-line summary.
    #[arg(long)]
    pub stats: bool,
    /// Add to each line a `scripts` array: the convention of each entry of `person.names`
    /// (uey, uly, usy, latin_informal, turkish, chinese, pinyin).
    #[arg(long)]
    pub with_scripts: bool,
}

pub fn run(args: SynthArgs) -> anyhow::Result<()> {
    let started = crate::clock::Stopwatch::start();
    let sink: Box<dyn Write> = if args.out.as_os_str() == "-" {
        Box::new(std::io::stdout().lock())
    } else {
        let file = File::create(&args.out)
            .with_context(|| format!("cannot create {}", args.out.display()))?;
        Box::new(file)
    };
    let mut out = BufWriter::with_capacity(1 << 20, sink);
    let mut generator = Generator::new(Config {
        records: args.people,
        seed: args.seed,
    });
    for record in generator.by_ref() {
        out.write_all(record.to_json(args.with_scripts).as_bytes())?;
        out.write_all(b"\n")?;
    }
    out.flush()
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    let stats = generator.stats();
    if args.stats {
        eprintln!("{}", serde_json::to_string_pretty(stats)?);
    } else {
        eprintln!(
            "kinlink synth: {} in {:.1} s",
            stats.summary(),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}
