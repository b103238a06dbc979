//! `kinlink backup OUT` and `kinlink restore FILE`. On SQLite a backup is `VACUUM INTO`: one
//! consistent copy made inside a read transaction, safe while the service writes. On PostgreSQL
//! the procedure is `pg_dump` (README, "Backups"): this command says so rather than pretend.
//!
//! A backup holds only ciphertext. The key file is backed up separately, with its own
//! retention: a database backup without the keys reveals nothing, and a record deleted since
//! stays deleted once the keys that opened it are gone.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use diesel::connection::SimpleConnection;

use crate::config::{DatabaseUrl, Settings};

#[derive(clap::Args)]
pub struct BackupArgs {
    /// Where to write the copy (must not exist).
    pub out: PathBuf,
}

#[derive(clap::Args)]
pub struct RestoreArgs {
    /// A file written by `kinlink backup`.
    pub file: PathBuf,
}

/// SQL string literal of a path (single quotes doubled).
fn quoted(path: &Path) -> anyhow::Result<String> {
    let s = path
        .to_str()
        .context("the backup path must be valid UTF-8")?;
    Ok(format!("'{}'", s.replace('\'', "''")))
}

pub fn backup(settings: &Settings, args: &BackupArgs) -> anyhow::Result<()> {
    let DatabaseUrl::Sqlite(_) = &settings.database_url else {
        bail!(
            "on PostgreSQL, back up with pg_dump (see README, \"Backups\"); \
             back up the key file separately"
        );
    };
    if args.out.exists() {
        bail!("{} exists already: choose a new file", args.out.display());
    }
    let db = crate::context::open_database(settings)?;
    let mut conn = db.get()?;
    conn.batch_execute(&format!("VACUUM INTO {}", quoted(&args.out)?))
        .context("VACUUM INTO failed")?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&args.out, std::fs::Permissions::from_mode(0o600))?;
    }
    println!(
        "backup written to {} (ciphertext only: back up the key file {} separately)",
        args.out.display(),
        settings.keys_file.display()
    );
    Ok(())
}

pub fn restore(settings: &Settings, args: &RestoreArgs) -> anyhow::Result<()> {
    let DatabaseUrl::Sqlite(target) = &settings.database_url else {
        bail!("on PostgreSQL, restore with pg_restore or psql (see README, \"Backups\")");
    };
    if target.exists() {
        bail!(
            "{} exists: restore into a fresh data directory (nothing is overwritten)",
            target.display()
        );
    }
    if !settings.keys_file.exists() {
        bail!(
            "no key file at {}: restore the key file that belongs with this backup first",
            settings.keys_file.display()
        );
    }
    if let Some(dir) = target.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::copy(&args.file, target)
        .with_context(|| format!("cannot copy {}", args.file.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(target, std::fs::Permissions::from_mode(0o600))?;
    }
    // Opening applies any migrations the backup predates.
    crate::context::open_database(settings)?;
    println!("restored into {}", target.display());
    Ok(())
}
