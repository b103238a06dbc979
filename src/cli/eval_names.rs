//! `kinlink eval-names`: scores the name engine on a TSV of name clusters.

use std::path::{Path, PathBuf};

use clap::Args;

use crate::names::eval::{
    Method, Scorer, Split, check_hard_negatives, evaluate_listing, evaluate_with,
    parse_hard_negatives, parse_tsv, rows_of_split,
};

#[derive(Args)]
pub struct EvalNamesArgs {
    /// The cluster file (cluster_id, script, name[, note]).
    pub file: PathBuf,
    /// Print one JSON object instead of tables.
    #[arg(long)]
    pub json: bool,
    /// Score with generic ASCII transliteration plus Jaro–Winkler, for comparison.
    #[arg(long)]
    pub baseline: bool,
    /// Derive the encoder key from this number, so that two runs print the same numbers
    /// (default: a fresh random key, as the service would draw).
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Score only the clusters of one part of the frozen split (default: every row).
    #[arg(long, value_name = "tune|test")]
    pub split: Option<Split>,
    /// Score given names only: the first name part of each row.
    #[arg(long)]
    pub given: bool,
    /// Also score a TSV of hard-negative pairs (kind, a, b[, note]) and list every pair at
    /// or above the precision-0.95 threshold; the JSON then has a `hard_negatives` key.
    #[arg(long, value_name = "FILE")]
    pub hard_negatives: Option<PathBuf>,
    /// For error analysis: list N highest-scoring negatives and N lowest-scoring positives
    /// (text output; the JSON keeps its keys and 20 false positives).
    #[arg(long, value_name = "N")]
    pub errors: Option<usize>,
}

fn read(file: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(file)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))
}

pub fn eval_names(args: &EvalNamesArgs) -> anyhow::Result<()> {
    let text = read(&args.file)?;
    let mut rows = parse_tsv(&text).map_err(|e| anyhow::anyhow!("{}: {e}", args.file.display()))?;
    if let Some(split) = args.split {
        rows = rows_of_split(&rows, split);
        anyhow::ensure!(!rows.is_empty(), "no cluster of the file is in that split");
    }
    let hard = match &args.hard_negatives {
        Some(f) => Some(
            parse_hard_negatives(&read(f)?).map_err(|e| anyhow::anyhow!("{}: {e}", f.display()))?,
        ),
        None => None,
    };
    let method = if args.baseline {
        Method::Baseline
    } else {
        Method::Engine
    };
    let scorer = Scorer::new(method, args.seed);
    let report = match args.errors {
        Some(n) if !args.json => evaluate_listing(&rows, &scorer, args.given, n, n),
        _ => evaluate_with(&rows, &scorer, args.given),
    };
    let hard =
        hard.map(|pairs| check_hard_negatives(&pairs, &scorer, args.given, report.threshold_p95));
    if args.json {
        let mut json = report.to_json();
        if let (Some(h), Some(obj)) = (&hard, json.as_object_mut()) {
            obj.insert("hard_negatives".to_string(), h.to_json());
        }
        println!("{json}");
    } else {
        print!("{report}");
        if let Some(h) = &hard {
            println!();
            print!("{h}");
        }
    }
    Ok(())
}
