//! The command line: `serve` (the default), `migrate`, `keys`, `audit`, `admin`, `eval-names`.

mod admin;
mod audit;
mod backup;
mod eval_names;
mod keys;
mod matcher;
mod matching;
mod pfif;
mod synth;

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::clock::Clock;
use crate::config::Settings;
use crate::context::{Context, open_database};
use crate::startup::Application;

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
    /// Start the web service (the default when no command is given). It also runs the
    /// background jobs unless KINLINK_JOBS=false.
    Serve,
    /// Run the background jobs (mail, scheduled deletions, purges) without serving HTTP.
    Worker,
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
    EvalNames(eval_names::EvalNamesArgs),
    /// Write synthetic families (JSON lines) for fitting and measuring the matcher.
    Synth(synth::SynthArgs),
    /// Run the matcher: turn queued changes into candidates (one matcher works at a time; on
    /// PostgreSQL others stand by and take over).
    Matcher,
    /// Rebuild every candidate from the stored features (after a model change), with progress.
    Rematch,
    /// Measure the matcher on labelled records (JSON lines), in memory.
    EvalMatching(matching::EvalArgs),
    /// Fit the matcher's weights and band thresholds on labelled records.
    FitMatching(matching::FitArgs),
    /// Write a consistent copy of the SQLite database while the service runs (PostgreSQL:
    /// pg_dump, see README). The key file is backed up separately.
    Backup(backup::BackupArgs),
    /// Restore a backup into a fresh data directory (its key file restored first).
    Restore(backup::RestoreArgs),
    /// Export records (PFIF 1.4), under an approval code from an organization admin.
    #[command(subcommand)]
    Export(pfif::ExportCommand),
    /// Import records (PFIF 1.4), under an approval code from an organization admin.
    #[command(subcommand)]
    Import(pfif::ImportCommand),
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
    let command = cli.command.unwrap_or(Command::Serve);
    // Checks that hold only for some processes: the matcher serves no HTTP and sends no mail.
    let checked = match command {
        Command::Serve => settings.check_serving().and_then(|_| {
            if settings.jobs {
                settings.check_sending_mail()
            } else {
                Ok(())
            }
        }),
        Command::Worker => settings.check_sending_mail(),
        _ => Ok(()),
    };
    if let Err(e) = checked {
        eprintln!("kinlink: {e}");
        return ExitCode::from(2);
    }
    crate::telemetry::init(&settings);
    let result = match command {
        Command::Serve => serve(settings).map(|_| true),
        Command::Worker => worker(settings).map(|_| true),
        Command::Migrate => open_database(&settings).map(|_| {
            println!("migrations are up to date");
            true
        }),
        Command::Keys(cmd) => keys::run(&settings, cmd).map(|_| true),
        Command::Audit(cmd) => audit::run(&settings, cmd),
        Command::Admin(cmd) => admin::run(settings, cmd).map(|_| true),
        Command::EvalNames(args) => eval_names::eval_names(&args).map(|_| true),
        Command::Synth(args) => synth::run(args).map(|_| true),
        Command::Matcher => matcher::run_matcher(&settings).map(|_| true),
        Command::Rematch => matcher::rematch(&settings).map(|_| true),
        Command::EvalMatching(args) => matching::eval(args).map(|_| true),
        Command::FitMatching(args) => matching::fit_model(args).map(|_| true),
        Command::Backup(args) => backup::backup(&settings, &args).map(|_| true),
        Command::Restore(args) => backup::restore(&settings, &args).map(|_| true),
        Command::Export(pfif::ExportCommand::Pfif(args)) => {
            pfif::export(settings, args).map(|_| true)
        }
        Command::Import(pfif::ImportCommand::Pfif(args)) => pfif::import(settings, args),
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

/// A multi-threaded runtime for the command-line tools and the worker.
pub(crate) fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?)
}

fn worker(settings: Settings) -> anyhow::Result<()> {
    runtime()?.block_on(async move {
        let backend = settings.database_url.backend_name();
        let ctx = Context::open(settings, Clock::system())?;
        if let Some(addr) = ctx.settings.metrics_bind {
            crate::http::metrics_listener::spawn_thread(addr, ctx.metrics.clone(), ctx.db.clone())?;
        }
        tracing::info!(
            database = backend,
            "kinlink worker is running the background jobs"
        );
        let jobs = crate::jobs::spawn(ctx);
        tokio::select! {
            _ = jobs => anyhow::bail!("the job loop stopped"),
            _ = tokio::signal::ctrl_c() => Ok(()),
        }
    })
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
