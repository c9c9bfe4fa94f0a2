//! The commands that document the tool itself: `advise schema` (the
//! profile's JSON Schema), `advise completions` and `advise man`, the last
//! two generated from the same definitions as `--help`, which the caller
//! passes in (the command line as a whole is defined above this layer).

use crate::commands::{Outcome, usage};
use crate::text::diag::Diagnostics;
use crate::text::hint;

/// `advise schema`.
pub fn schema() -> Outcome {
    Outcome::ok(crate::report::schema::profile_schema_text())
}

/// `advise completions SHELL`.
pub fn completions(shell: clap_complete::Shell, mut cli: clap::Command) -> Outcome {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cli, "advise", &mut buf);
    Outcome::ok(String::from_utf8_lossy(&buf).into_owned())
}

/// `advise man [COMMAND]`: the manual page of advise, or of one command as
/// `advise-COMMAND(1)`.
pub fn man(command: Option<&str>, mut cli: clap::Command) -> Result<Outcome, Diagnostics> {
    cli.build();
    let page = match command {
        None => cli,
        Some(name) => {
            let names: Vec<String> = cli
                .get_subcommands()
                .map(|c| c.get_name().to_string())
                .filter(|n| n != "help")
                .collect();
            let Some(sub) = cli.find_subcommand(name).filter(|_| name != "help") else {
                return Err(usage(format!(
                    "no command `{name}` has a manual page{} (commands: {})",
                    hint::suggestion(name, names.iter().map(String::as_str)),
                    names.join(", ")
                )));
            };
            let full = format!("advise-{}", sub.get_name());
            sub.clone()
                .display_name(full)
                .version(env!("CARGO_PKG_VERSION"))
                .bin_name(format!("advise {}", sub.get_name()))
        }
    };
    let mut buf = Vec::new();
    clap_mangen::Man::new(page)
        .render(&mut buf)
        .map_err(|e| usage(format!("cannot render the manual page: {e}")))?;
    Ok(Outcome::ok(String::from_utf8_lossy(&buf).into_owned()))
}
