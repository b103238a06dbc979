//! `kinlink audit`: verify the chained audit log, and print signed checkpoints to keep off the host.

use std::path::PathBuf;

use anyhow::Context;
use clap::Subcommand;

use crate::audit::{self, chain::SignedCheckpoint};
use crate::config::Settings;
use crate::context::open_database;
use crate::crypto::keyfile;

#[derive(Subcommand)]
pub enum AuditCommand {
    /// Recompute the chain; report the first broken sequence number.
    Verify {
        /// Files of checkpoint lines (from `kinlink audit checkpoint`) to check the log against.
        #[arg(long, value_name = "FILE")]
        checkpoint: Vec<PathBuf>,
    },
    /// Verify the chain, then print a signed (sequence, MAC) line to store off the host.
    Checkpoint,
}

/// Exit status 1 when the chain is broken.
pub fn run(settings: &Settings, cmd: AuditCommand) -> anyhow::Result<bool> {
    let keyring = keyfile::read(&settings.keys_file)?;
    let db = open_database(settings)?;
    let mut conn = db.get()?;
    match cmd {
        AuditCommand::Verify { checkpoint } => {
            let mut cps = Vec::new();
            for file in checkpoint {
                let text = std::fs::read_to_string(&file)
                    .with_context(|| format!("cannot read {}", file.display()))?;
                for line in text.lines().filter(|l| !l.trim().is_empty()) {
                    cps.push(
                        SignedCheckpoint::parse(line.trim())
                            .with_context(|| format!("{}", file.display()))?,
                    );
                }
            }
            match audit::verify(&mut conn, &keyring, &cps).map_err(|e| anyhow::anyhow!("{e}"))? {
                Ok(chain) => {
                    println!(
                        "audit log intact: {} entries, last seq {}, {} checkpoints confirmed",
                        chain.count,
                        chain.last_seq,
                        cps.len()
                    );
                    Ok(true)
                }
                Err(broken) => {
                    println!("{broken}");
                    Ok(false)
                }
            }
        }
        AuditCommand::Checkpoint => {
            match audit::checkpoint(&mut conn, &keyring, crate::clock::Clock::system().now())
                .map_err(|e| anyhow::anyhow!("{e}"))?
            {
                Ok(cp) => {
                    println!("{}", cp.to_line());
                    Ok(true)
                }
                Err(broken) => {
                    eprintln!("refusing to sign a broken chain: {broken}");
                    Ok(false)
                }
            }
        }
    }
}
