//! `kinlink admin create-admin`: bootstrap the first operator account from the command line.

use std::io::BufRead;
use std::path::PathBuf;

use clap::Subcommand;

use crate::clock::Clock;
use crate::config::Settings;
use crate::context::Context;
use crate::crypto::Sensitive;

#[derive(Subcommand)]
pub enum AdminCommand {
    /// Create an admin account. The passphrase is read from the first line of standard input
    /// (or of --passphrase-file); the generated handle and recovery codes are printed once.
    CreateAdmin {
        #[arg(long, value_name = "PATH")]
        passphrase_file: Option<PathBuf>,
    },
}

pub fn run(settings: Settings, cmd: AdminCommand) -> anyhow::Result<()> {
    let AdminCommand::CreateAdmin { passphrase_file } = cmd;
    let line = match passphrase_file {
        Some(path) => std::fs::read_to_string(&path)
            .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?
            .lines()
            .next()
            .unwrap_or_default()
            .to_string(),
        None => {
            eprintln!("Passphrase for the new admin (one line, at least 12 characters):");
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line)?;
            line
        }
    };
    let passphrase = Sensitive::new(line.trim_end_matches(['\n', '\r']).to_string());
    super::runtime()?.block_on(async move {
        let ctx = Context::open(settings, Clock::system())?;
        let created = ctx
            .accounts
            .create_admin(passphrase)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        println!("handle: {}", created.handle);
        println!("recovery codes (each works once; store them offline):");
        for code in created.recovery_codes {
            println!("  {code}");
        }
        println!(
            "Sign in with the handle, then set up the second factor before using staff pages."
        );
        Ok(())
    })
}
