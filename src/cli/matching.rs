//! `kinlink eval-matching` and `kinlink fit-matching`: the matcher on labelled records (JSON
//! lines from `kinlink synth`), in memory, without a database.

use std::borrow::Cow;
use std::path::PathBuf;

use clap::Args;

use crate::matching::eval::{evaluate, fit, load};
use crate::matching::model::Model;

#[derive(Args, Debug)]
pub struct EvalArgs {
    /// Records, one JSON object per line.
    pub file: PathBuf,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
    /// The key the names are encoded with is derived from this seed, so runs repeat.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// A model file to use instead of the bundled one.
    #[arg(long, value_name = "model.json")]
    pub model: Option<PathBuf>,
    /// Also write every proposed or true pair with its levels as TSV (for analysis).
    #[arg(long, value_name = "FILE.tsv", hide = true)]
    pub dump: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct FitArgs {
    /// Labelled records to fit on, one JSON object per line.
    pub file: PathBuf,
    /// Where to write the model (the bundled one is `src/matching/model.json`).
    #[arg(long, value_name = "model.json")]
    pub out: PathBuf,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The model the fit starts from (blocking and the family field), instead of the bundled
    /// one: fitting again from its own output until it repeats reaches the fixed point the
    /// bundled model must be, without a build between fits.
    #[arg(long, value_name = "model.json")]
    pub start: Option<PathBuf>,
}

fn read(path: &PathBuf) -> anyhow::Result<String> {
    std::fs::read_to_string(path)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))
}

/// The model in a file, or the bundled one.
fn model_or_bundled(path: Option<&PathBuf>) -> anyhow::Result<Cow<'static, Model>> {
    Ok(match path {
        Some(path) => Cow::Owned(Model::parse(&read(path)?)?),
        None => Cow::Borrowed(Model::bundled()),
    })
}

pub fn eval(args: EvalArgs) -> anyhow::Result<()> {
    let data = load(&read(&args.file)?, args.seed)?;
    let model = &*model_or_bundled(args.model.as_ref())?;
    if let Some(path) = &args.dump {
        std::fs::write(path, crate::matching::eval::dump(&data, model))?;
    }
    let report = evaluate(&data, model);
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        println!("{}", serde_json::to_string_pretty(&report)?);
    }
    Ok(())
}

pub fn fit_model(args: FitArgs) -> anyhow::Result<()> {
    let data = load(&read(&args.file)?, args.seed)?;
    let name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let start = model_or_bundled(args.start.as_ref())?;
    let model = fit(
        &data,
        &format!("kinlink fit-matching {name} --seed {}", args.seed),
        &start,
    );
    std::fs::write(&args.out, serde_json::to_string_pretty(&model)? + "\n")?;
    eprintln!(
        "wrote {}: thresholds {:?}",
        args.out.display(),
        model.thresholds
    );
    Ok(())
}
