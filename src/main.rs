//! The `advise` binary: parse arguments, run, print, exit. Everything else is
//! in the library.

use std::io::{ErrorKind, Write};
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let cli = match advise::cli::Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) => {
            // A mistyped command or two profiles: say what was meant.
            if matches!(
                e.kind(),
                clap::error::ErrorKind::UnknownArgument | clap::error::ErrorKind::InvalidSubcommand
            ) && let Some(hint) = advise::cli::hint(&args)
            {
                let _ = writeln!(anstream::stderr(), "error: {hint}");
                return ExitCode::from(advise::cli::Exit::Input as u8);
            }
            e.exit()
        }
    };
    match cli.common.color {
        advise::cli::Color::Auto => {}
        advise::cli::Color::Always => anstream::ColorChoice::Always.write_global(),
        advise::cli::Color::Never => anstream::ColorChoice::Never.write_global(),
    }
    let around = advise::cli::Surroundings {
        today: advise::cli::today_utc(),
        width: advise::cli::terminal_width(),
        progress: advise::cli::progress_allowed(),
    };
    // Batches stream JSON into standard output as they go: data, never
    // coloured (serde escapes every control character), so it skips the
    // colour filter, which would read every byte of a fleet's output.
    let mut stream = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    let outcome = advise::cli::run(cli, around, &mut stream);
    let streamed = outcome.written.and_then(|()| stream.flush());
    drop(stream);
    // anstream drops colour codes when the stream is not a terminal or
    // NO_COLOR is set.
    let mut stdout = anstream::stdout();
    let written = streamed
        .and_then(|()| stdout.write_all(outcome.stdout.as_bytes()))
        .and_then(|()| stdout.flush());
    let mut stderr = anstream::stderr();
    match written {
        // A closed pipe (`advise x | head`) is the reader's choice: quiet.
        Err(e) if e.kind() == ErrorKind::BrokenPipe => {}
        // Anything else (a full disk, a closed descriptor) means the report
        // was not written: a gate must not pass on a report nobody got.
        Err(e) => {
            let _ = write!(stderr, "{}", outcome.stderr);
            let _ = writeln!(
                stderr,
                "error: cannot write the report to standard output: {e}"
            );
            return ExitCode::from(advise::cli::Exit::Input as u8);
        }
        Ok(()) => {}
    }
    let _ = stderr.write_all(outcome.stderr.as_bytes());
    ExitCode::from(outcome.exit as u8)
}
