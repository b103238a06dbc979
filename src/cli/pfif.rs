//! `kinlink export pfif` and `kinlink import pfif`: an organization's assisted registrations
//! as PFIF 1.4, each run under a one-time approval code an admin of that organization issued
//! (the code is asked for when `--approval` is not given).

use std::io::{BufRead, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use clap::{Args, Subcommand};

use crate::clock::Clock;
use crate::config::Settings;
use crate::context::Context;

#[derive(Subcommand)]
pub enum ExportCommand {
    /// Write an organization's assisted registrations as a PFIF 1.4 file (mode 0600). The
    /// file holds personal data in plaintext.
    Pfif(ExportArgs),
}

#[derive(Subcommand)]
pub enum ImportCommand {
    /// Make assisted registrations of an organization from a PFIF 1.4 file.
    Pfif(ImportArgs),
}

#[derive(Args)]
pub struct ExportArgs {
    /// The organization whose assisted registrations are exported.
    #[arg(long, value_name = "ID")]
    pub org: String,
    /// Where to write the file (must not exist).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// The export approval code an admin of the organization issued (asked for when absent).
    #[arg(long, value_name = "CODE")]
    pub approval: Option<String>,
    /// The domain that starts every record id (default: the host of KINLINK_PUBLIC_ORIGIN).
    #[arg(long, value_name = "DOMAIN")]
    pub domain: Option<String>,
}

#[derive(Args)]
pub struct ImportArgs {
    /// A PFIF 1.4 file.
    pub file: PathBuf,
    /// The organization the new assisted registrations belong to.
    #[arg(long, value_name = "ID")]
    pub org: String,
    /// The import approval code an admin of the organization issued (asked for when absent).
    #[arg(long, value_name = "CODE")]
    pub approval: Option<String>,
    /// Import the families without errors and report the others (default: any error imports
    /// nothing).
    #[arg(long)]
    pub skip_invalid: bool,
}

fn approval_code(given: Option<String>) -> anyhow::Result<String> {
    if let Some(code) = given {
        return Ok(code);
    }
    eprint!("Approval code from an admin of the organization: ");
    std::io::stderr().flush()?;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let code = line.trim().to_string();
    if code.is_empty() {
        bail!("no approval code given");
    }
    Ok(code)
}

/// The domain of record ids: a DNS-like name without a slash.
fn domain_of(settings: &Settings, given: Option<String>) -> anyhow::Result<String> {
    let domain = match given {
        Some(d) => d,
        None => url::Url::parse(&settings.public_origin)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
            .context("KINLINK_PUBLIC_ORIGIN has no host: give --domain")?,
    };
    if domain.is_empty() || domain.contains(['/', ' ', '\n']) {
        bail!("--domain must be a domain name such as kinlink.example.org");
    }
    Ok(domain)
}

/// A new file only its owner can read; never an existing one.
fn create_private(path: &Path) -> anyhow::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            anyhow::anyhow!("{} exists already: choose a new file", path.display())
        } else {
            anyhow::anyhow!("cannot create {}: {e}", path.display())
        }
    })
}

pub fn export(settings: Settings, args: ExportArgs) -> anyhow::Result<()> {
    let domain = domain_of(&settings, args.domain)?;
    let approval = approval_code(args.approval)?;
    // The file is made first, so a code is never used for an export that cannot be written.
    let mut file = create_private(&args.out)?;
    let result = super::runtime()?.block_on(async {
        let ctx = Context::open(settings, Clock::system())?;
        let exported = ctx
            .pfif
            .export(&args.org, &approval, &domain)
            .await
            .map_err(|e| anyhow::anyhow!("{} ({})", e.public_message(), e.code()))?;
        file.write_all(exported.xml.as_bytes())?;
        file.sync_all()?;
        anyhow::Ok(exported)
    });
    match result {
        Ok(exported) => {
            eprintln!(
                "WARNING: {} holds personal data in plaintext (names, birth dates, places, \
                 caseworker notes). Keep it encrypted, give it only to whom the organization \
                 decided, and delete it when done.",
                args.out.display()
            );
            println!(
                "exported {} assisted registrations ({} PFIF person records) to {}",
                exported.families,
                exported.records,
                args.out.display()
            );
            Ok(())
        }
        Err(e) => {
            drop(file);
            let _ = std::fs::remove_file(&args.out);
            Err(e)
        }
    }
}

/// Returns false when nothing was imported.
pub fn import(settings: Settings, args: ImportArgs) -> anyhow::Result<bool> {
    let approval = approval_code(args.approval)?;
    let file = std::fs::File::open(&args.file)
        .with_context(|| format!("cannot open {}", args.file.display()))?;
    let mut bytes = Vec::new();
    // Read at most one byte past the limit: the parser refuses it without reading the rest.
    file.take(crate::pfif::MAX_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    super::runtime()?.block_on(async move {
        let ctx = Context::open(settings, Clock::system())?;
        let report = ctx
            .pfif
            .import(&args.org, &approval, &bytes, args.skip_invalid)
            .await
            .map_err(|e| anyhow::anyhow!("{} ({})", e.public_message(), e.code()))?;
        for e in &report.errors {
            eprintln!("not imported: {}: {}", e.records.join(", "), e.message);
        }
        if !report.written && report.errors.is_empty() {
            eprintln!("nothing was imported: the file holds no person records");
            return Ok(false);
        }
        if !report.written {
            eprintln!(
                "nothing was imported ({} errors){}",
                report.errors.len(),
                if args.skip_invalid {
                    ""
                } else {
                    "; fix them, or import the rest with --skip-invalid"
                }
            );
            return Ok(false);
        }
        println!(
            "imported {} assisted registrations; give each family its claim code (shown once):",
            report.imported.len()
        );
        for f in &report.imported {
            println!(
                "registration {} claim code {} from {}",
                f.registration_id,
                f.claim_code,
                f.records.join(" ")
            );
        }
        Ok(true)
    })
}
