//! The `advise` binary: parse arguments, run, print, exit. Everything else is
//! in the library.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = advise::cli::Cli::parse();
    let outcome = advise::cli::run(cli, advise::cli::today_utc());
    // anstream drops colour codes when the stream is not a terminal or
    // NO_COLOR is set. A closed pipe (`advise x | head`) is not an error.
    let _ = anstream::stdout().write_all(outcome.stdout.as_bytes());
    let _ = anstream::stderr().write_all(outcome.stderr.as_bytes());
    ExitCode::from(outcome.exit as u8)
}
