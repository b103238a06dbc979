use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    kinlink::cli::run(kinlink::cli::Cli::parse())
}
