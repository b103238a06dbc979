//! `kinlink keys`: generate, status, rotate (re-wrap every data key under a new KEK while the
//! server keeps serving), retire.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Context, bail};
use clap::Subcommand;
use indicatif::{ProgressBar, ProgressStyle};

use crate::config::Settings;
use crate::context::open_database;
use crate::crypto::keyfile::{self, RELOAD_INTERVAL};
use crate::db::record_key;
use crate::vault::rewrap_batch;

#[derive(Subcommand)]
pub enum KeysCommand {
    /// Write a new key file (mode 0600). Refuses to overwrite an existing one.
    Generate {
        /// Where to write it (default: the configured KINLINK_KEYS_FILE).
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
    },
    /// Show the KEK versions in the key file and how many data keys each wraps.
    Status,
    /// Add a new primary KEK and re-wrap every data key under it, in batches.
    Rotate {
        /// Continue an interrupted rotation without adding another KEK.
        #[arg(long)]
        resume: bool,
        /// Data keys re-wrapped per transaction.
        #[arg(long, default_value_t = 500)]
        batch_size: i64,
        /// How long running servers get to notice the new primary before the final check (ms).
        #[arg(long, default_value_t = 3 * RELOAD_INTERVAL.as_millis() as u64, hide = true)]
        grace_ms: u64,
    },
    /// Remove KEK version V from the key file, once no data key uses it.
    Retire {
        #[arg(value_name = "V")]
        version: u32,
    },
    /// Write the two files of an isolated matcher from the full key file: the web tier's (no
    /// matcher secrets) and the matcher's (nothing that opens a record). Refuses to overwrite.
    Split {
        /// The web tier's file (`kinlink serve`, `kinlink worker`, the CLI).
        #[arg(long, value_name = "PATH")]
        web: PathBuf,
        /// The matcher's file (`kinlink matcher` only).
        #[arg(long, value_name = "PATH")]
        matcher: PathBuf,
    },
}

pub fn run(settings: &Settings, cmd: KeysCommand) -> anyhow::Result<()> {
    match cmd {
        KeysCommand::Generate { out } => {
            let path = out.unwrap_or_else(|| settings.keys_file.clone());
            keyfile::generate(&path)?;
            println!("wrote new keys to {} (mode 0600)", path.display());
            println!("Keep this file out of the database, its backups and version control.");
            Ok(())
        }
        KeysCommand::Status => status(settings),
        KeysCommand::Rotate {
            resume,
            batch_size,
            grace_ms,
        } => rotate(
            settings,
            resume,
            batch_size.max(1),
            Duration::from_millis(grace_ms),
        ),
        KeysCommand::Retire { version } => retire(settings, version),
        KeysCommand::Split { web, matcher } => split(settings, &web, &matcher),
    }
}

fn split(
    settings: &Settings,
    web: &std::path::Path,
    matcher: &std::path::Path,
) -> anyhow::Result<()> {
    for path in [web, matcher] {
        if path.exists() {
            bail!(
                "{} already exists; refusing to overwrite keys",
                path.display()
            );
        }
    }
    let (web_keys, matcher_keys) = keyfile::read(&settings.keys_file)?
        .split()
        .map_err(|e| anyhow::anyhow!("{}: {e}", settings.keys_file.display()))?;
    keyfile::write(web, &web_keys)?;
    keyfile::write(matcher, &matcher_keys)?;
    println!("wrote the web tier's keys to {} (mode 0600)", web.display());
    println!(
        "wrote the matcher's keys to {} (mode 0600)",
        matcher.display()
    );
    println!(
        "Keep the full file offline: `kinlink keys rotate` needs it; split again after a rotation."
    );
    Ok(())
}

fn status(settings: &Settings) -> anyhow::Result<()> {
    let keyring = keyfile::read(&settings.keys_file)?;
    let db = open_database(settings)?;
    let mut conn = db.get()?;
    let counts = record_key::count_by_kek_version(&mut conn)?;
    let versions: Vec<String> = keyring.kek_versions().iter().map(u32::to_string).collect();
    println!("key file: {}", settings.keys_file.display());
    println!(
        "KEK versions: {} (primary {})",
        versions.join(", "),
        keyring.primary_kek_version()
    );
    println!("data keys by KEK version:");
    if counts.is_empty() {
        println!("  (none)");
    }
    for (version, count) in counts {
        let note = if version == i64::from(keyring.primary_kek_version()) {
            " (primary)"
        } else if !keyring.kek_versions().contains(&(version as u32)) {
            " (NOT IN THE KEY FILE: these records cannot be opened)"
        } else {
            ""
        };
        println!("  v{version}: {count}{note}");
    }
    Ok(())
}

fn rotate(settings: &Settings, resume: bool, batch: i64, grace: Duration) -> anyhow::Result<()> {
    let path = &settings.keys_file;
    let mut keyring = keyfile::read(path)?;
    if !resume {
        let v = keyring.add_kek();
        // A full key file also turns the matcher's key over (its match keys follow below).
        let m = keyring
            .role()
            .runs_matcher()
            .then(|| keyring.add_matcher_key());
        keyfile::write(path, &keyring)?;
        eprintln!("KEK version {v} is now primary; re-wrapping data keys");
        if let Some(m) = m {
            eprintln!("matcher key version {m} is now primary; re-wrapping match keys");
        }
    }
    let primary = i64::from(keyring.primary_kek_version());
    let db = open_database(settings)?;
    let mut conn = db.get()?;
    loop {
        let remaining = record_key::count_not_on(&mut conn, primary)?;
        let bar = ProgressBar::new(remaining as u64);
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} data keys re-wrapped ({eta} left)")
                .context("progress style")?,
        );
        loop {
            let (found, done) = rewrap_batch(&mut conn, &keyring, batch)?;
            bar.inc(done as u64);
            if found == 0 {
                break;
            }
        }
        bar.finish();
        // Servers notice the new primary within their reload interval; a key they wrapped
        // with the old one just before is caught by another pass.
        std::thread::sleep(grace);
        if record_key::count_not_on(&mut conn, primary)? == 0 {
            break;
        }
    }
    eprintln!("every data key is wrapped by KEK version {primary}");
    if keyring.role().runs_matcher() {
        let mut moved = 0;
        loop {
            let (found, done) = crate::vault::rewrap_match_batch(&mut conn, &keyring, batch)?;
            moved += done;
            if found == 0 {
                break;
            }
        }
        eprintln!(
            "{moved} match keys re-wrapped; every match key is on matcher key version {}",
            keyring.matcher_keys().primary_version()
        );
    }
    Ok(())
}

fn retire(settings: &Settings, version: u32) -> anyhow::Result<()> {
    let path = &settings.keys_file;
    let mut keyring = keyfile::read(path)?;
    // Refuses the primary and unknown versions before anything else.
    keyring.retire_kek(version)?;
    let db = open_database(settings)?;
    let mut conn = db.get()?;
    let in_use = record_key::count_on(&mut conn, i64::from(version))?;
    if in_use > 0 {
        bail!(
            "KEK version {version} still wraps {in_use} data keys; run `kinlink keys rotate --resume` first"
        );
    }
    keyfile::write(path, &keyring)?;
    println!("retired KEK version {version}");
    Ok(())
}
