//! The command line: `serve` (the default), `migrate`, `keys`, `audit`, `admin`, `eval-names`.

mod admin;
mod audit;
mod keys;
mod synth;

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::Settings;
use crate::startup::{Application, open_database};

#[derive(Parser)]
#[command(
    name = "kinlink",
    version,
    about = "A registry where exiled families find lost relatives, with mutual consent"
)]
pub struct Cli {
    /// A TOML settings file (also KINLINK_CONFIG); environment variables override it.
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand)]
pub enum Command {
    /// Start the web service (the default when no command is given).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Manage the key file: generate, status, rotate, retire.
    #[command(subcommand)]
    Keys(keys::KeysCommand),
    /// Verify the audit trail or sign a checkpoint of it.
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// Operator accounts.
    #[command(subcommand)]
    Admin(admin::AdminCommand),
    /// Score the name engine on a TSV of name clusters (cluster_id, script, name[, note]).
    EvalNames {
        file: PathBuf,
        /// Print one JSON object instead of tables.
        #[arg(long)]
        json: bool,
        /// Score with generic ASCII transliteration plus Jaro–Winkler, for comparison.
        #[arg(long)]
        baseline: bool,
    },
    /// Write synthetic families (JSON lines) for fitting and measuring the matcher.
    Synth(synth::SynthArgs),
}

pub fn run(cli: Cli) -> ExitCode {
    let vars: HashMap<String, String> = std::env::vars().collect();
    let settings = match Settings::load(cli.config.as_deref(), &vars) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("kinlink: {e}");
            return ExitCode::from(2);
        }
    };
    crate::telemetry::init(&settings);
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(settings).map(|_| true),
        Command::Migrate => open_database(&settings).map(|_| {
            println!("migrations are up to date");
            true
        }),
        Command::Keys(cmd) => keys::run(&settings, cmd).map(|_| true),
        Command::Audit(cmd) => audit::run(&settings, cmd),
        Command::Admin(cmd) => admin::run(settings, cmd).map(|_| true),
        Command::EvalNames {
            file,
            json,
            baseline,
        } => eval_names(&file, json, baseline).map(|_| true),
        Command::Synth(args) => synth::run(args).map(|_| true),
    };
    match result {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("kinlink: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn eval_names(file: &std::path::Path, json: bool, baseline: bool) -> anyhow::Result<()> {
    use crate::names::eval::{Method, evaluate, parse_tsv};
    let text = std::fs::read_to_string(file)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", file.display()))?;
    let rows = parse_tsv(&text).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    let report = evaluate(
        &rows,
        if baseline {
            Method::Baseline
        } else {
            Method::Engine
        },
    );
    if json {
        println!("{}", report.to_json());
    } else {
        print!("{report}");
    }
    Ok(())
}

fn serve(settings: Settings) -> anyhow::Result<()> {
    actix_web::rt::System::new().block_on(async move {
        let backend = settings.database_url.backend_name();
        let app = Application::build(settings)?;
        tracing::info!(
            port = app.port(),
            database = backend,
            "kinlink is listening"
        );
        app.run_until_stopped().await?;
        Ok(())
    })
}
