//! The `advise` binary: parse arguments, run the command, print, exit.
//! It is the only place that reads the clock and the terminal, and the
//! only one that prints; everything else is in the library.

use std::io::{ErrorKind, Write};
use std::process::ExitCode;

use advise::cli::{Cli, Command};
use advise::commands::{self, Color, Exit, Outcome, Surroundings};
use advise::domain::profile::Date;
use clap::{CommandFactory, FromArgMatches};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let parsed = Cli::command()
        .try_get_matches_from(&args)
        .and_then(|m| Ok((Cli::from_arg_matches(&m)?, m)));
    let cli = match parsed {
        Ok((cli, matches)) => {
            // Words a command would ignore: refused, never dropped.
            if let Some(refusal) = advise::cli::refused(&matches) {
                let _ = writeln!(anstream::stderr(), "error: {refusal}");
                return ExitCode::from(Exit::Input as u8);
            }
            cli
        }
        Err(e) => {
            // A mistyped command or two profiles: say what was meant.
            if matches!(
                e.kind(),
                clap::error::ErrorKind::UnknownArgument | clap::error::ErrorKind::InvalidSubcommand
            ) && let Some(hint) = advise::cli::hint(&args)
            {
                let _ = writeln!(anstream::stderr(), "error: {hint}");
                return ExitCode::from(Exit::Input as u8);
            }
            e.exit()
        }
    };
    match cli.common.color {
        Color::Auto => {}
        Color::Always => anstream::ColorChoice::Always.write_global(),
        Color::Never => anstream::ColorChoice::Never.write_global(),
    }
    let around = Surroundings {
        today: today_utc(),
        width: terminal_width(),
        progress: progress_allowed(),
    };
    // Batches stream JSON into standard output as they go: data, never
    // coloured (serde escapes every control character), so it skips the
    // colour filter, which would read every byte of a fleet's output.
    let mut stream = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    let outcome = run(cli, around, &mut stream);
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
            return ExitCode::from(Exit::Input as u8);
        }
        Ok(()) => {}
    }
    let _ = stderr.write_all(outcome.stderr.as_bytes());
    ExitCode::from(outcome.exit as u8)
}

/// Runs the command the words name. Batches stream their report to `out`
/// (standard output) as they go; everything else comes back in the
/// [`Outcome`].
fn run(cli: Cli, around: Surroundings, out: &mut dyn Write) -> Outcome {
    let Cli {
        command,
        assess,
        common,
    } = cli;
    let done = match command {
        None => {
            let names = advise::cli::command_names();
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            commands::assess::run(assess, &common, around, &names)
        }
        Some(Command::Check(args)) => commands::check::run(args, &common, around, out),
        Some(Command::Compare(args)) => commands::compare::run(args, &common, around, out),
        Some(Command::Cost(args)) => commands::cost::run(args, &common, around),
        Some(Command::Detect(args)) => commands::detect::run(args),
        Some(Command::Init(args)) => commands::init::run(args),
        Some(Command::Schema) => Ok(commands::docs::schema()),
        Some(Command::Explain(args)) => commands::explain::run(args, &common, around),
        Some(Command::Rules(args)) => commands::rules::run(args, &common, around),
        Some(Command::Diff(args)) => commands::diff::run(args, &common, around),
        Some(Command::Verify(args)) => commands::verify::run(args, &common),
        Some(Command::Calibrate(args)) => commands::calibrate::run(args, &common, around),
        Some(Command::Completions { shell }) => {
            Ok(commands::docs::completions(shell, Cli::command()))
        }
        Some(Command::Man { command }) => commands::docs::man(command.as_deref(), Cli::command()),
    };
    done.unwrap_or_else(Outcome::input_error)
}

/// Whether a long batch may draw progress on standard error: only for a
/// person at a terminal, never in a pipe or a CI log (`CI` set).
fn progress_allowed() -> bool {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal() && std::env::var_os("CI").is_none()
}

/// Columns for the terminal views: `COLUMNS` when it is a number, else the
/// width of the terminal standard output is, else 80 (a pipe, a CI log);
/// at least 40.
fn terminal_width() -> usize {
    use advise::report::view::{DEFAULT_WIDTH, MIN_WIDTH};
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c > 0);
    let width = columns
        .or_else(|| {
            terminal_size::terminal_size_of(std::io::stdout()).map(|(w, _)| usize::from(w.0))
        })
        .unwrap_or(DEFAULT_WIDTH);
    // Past a few hundred columns, lines are no easier to read.
    width.clamp(MIN_WIDTH, 400)
}

/// Today's date in UTC, from the system clock (for `check`'s acceptances).
fn today_utc() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Date::from_days((secs / 86_400) as i64)
}
