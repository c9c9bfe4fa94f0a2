//! The command line as a whole: the parser, its subcommands (each with the
//! arguments its own file in [`crate::commands`] defines), and what to say
//! when the words do not parse. Arguments only: `main` runs the command.

use std::path::Path;

use clap::{CommandFactory, Parser, Subcommand};

use crate::commands::Common;
use crate::commands::assess::AssessArgs;
use crate::commands::calibrate::CalibrateArgs;
use crate::commands::check::CheckArgs;
use crate::commands::compare::CompareArgs;
use crate::commands::cost::CostArgs;
use crate::commands::detect::DetectArgs;
use crate::commands::diff::DiffArgs;
use crate::commands::explain::ExplainArgs;
use crate::commands::init::InitArgs;
use crate::commands::rules::RulesArgs;
use crate::commands::verify::VerifyArgs;
use crate::text::hint;

#[derive(Debug, Parser)]
#[command(
    name = "advise",
    version,
    about = "Ranks microservice deployment strategies (multi-instance, container, serverless, service mesh) for a system profile, and explains why.",
    after_help = "Examples:\n  advise examples/startup-mvp.yaml\n  advise profile.yaml --format json\n  advise check services/ --format sarif --output junit=advise.xml\n  advise compare examples/*.yaml\n  advise explain serverless-aws-beyond-15-minutes\n  advise verify policy/  (a rule pack's tests)\n  advise calibrate --format json  (the catalog against published decisions)\n  advise init deploy/  (a profile drafted from the deployment files)\n  advise check --detect .  (is `current:` still what the repository deploys?)\n  git show main:advise.yaml | advise diff - advise.yaml\n\nExit codes: 0 done (check: nothing failed), 1 check failed, a verify test failed, rules lint found a problem, diff's recommendation changed, or calibrate fell below a threshold; 2 bad input or invocation.",
    subcommand_negates_reqs = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    #[command(flatten)]
    pub assess: AssessArgs,

    #[command(flatten)]
    pub common: Common,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// CI gate: does each profile's `current` strategy still fit it?
    Check(CheckArgs),
    /// Several profiles side by side.
    Compare(CompareArgs),
    /// What each strategy would cost a month, itemised, and across a range (--sweep).
    Cost(CostArgs),
    /// What a directory deploys (Kubernetes, functions, VMs, Terraform, ...), each fact with its file and line.
    Detect(DetectArgs),
    /// Draft a profile from what a directory deploys (printed, or DIR/advise.yaml with --write).
    Init(InitArgs),
    /// Print the JSON Schema of the profile format.
    Schema,
    /// Explain a strategy or a rule: what, why, effect and source.
    Explain(ExplainArgs),
    /// List every rule of the catalog (`advise rules lint` checks a rule pack).
    Rules(RulesArgs),
    /// What an edit to a profile did to the advice: OLD and NEW are files, or `-` for one.
    Diff(DiffArgs),
    /// Run a rule pack's tests (*.test.yaml in DIR), the pack loaded on top of the catalog.
    Verify(VerifyArgs),
    /// Measure the catalog against published decisions (a corpus of cases): agreement, recall, false alarms.
    Calibrate(CalibrateArgs),
    /// Print a shell completion script.
    Completions { shell: clap_complete::Shell },
    /// Print the manual page (roff), of advise or of one of its commands.
    Man {
        /// A command (check, compare, cost, ...); default: advise itself.
        command: Option<String>,
    },
}

/// The commands, by name.
pub fn command_names() -> Vec<String> {
    Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect()
}

/// Every long option that takes a value (`--format`, `--set`, ...), read
/// from the parser's own definitions, so that the word after one is never
/// taken for a profile.
fn valued_options() -> Vec<String> {
    fn walk(cmd: &clap::Command, out: &mut Vec<String>) {
        for arg in cmd.get_arguments() {
            if arg.get_action().takes_values()
                && let Some(long) = arg.get_long()
            {
                out.push(format!("--{long}"));
                out.extend(
                    arg.get_all_aliases()
                        .into_iter()
                        .flatten()
                        .map(|a| format!("--{a}")),
                );
            }
        }
        for sub in cmd.get_subcommands() {
            walk(sub, out);
        }
    }
    let mut out = Vec::new();
    walk(&Cli::command(), &mut out);
    out.sort();
    out.dedup();
    out
}

/// Words clap accepts but a command would ignore, refused with what to do
/// instead: the default command's options or profile before another command
/// (`advise --format json compare a b`, `advise p.yaml check q.yaml`), and
/// a shared option that the command given does not use (`advise schema
/// --set ...`). Never dropped silently.
pub fn refused(matches: &clap::ArgMatches) -> Option<String> {
    use clap::parser::ValueSource;
    let (name, sub) = matches.subcommand()?;
    let given = |m: &clap::ArgMatches, id: &str| {
        m.try_contains_id(id).unwrap_or(false)
            && m.value_source(id) == Some(ValueSource::CommandLine)
    };
    if given(matches, "profile") {
        let profile = matches
            .get_one::<String>("profile")
            .map_or("", String::as_str);
        return Some(format!(
            "`{profile}` before `{name}`: `advise {name}` takes its files after the command (`advise {name} {profile} ...`), and `advise PROFILE` takes no command"
        ));
    }
    let before: Vec<String> = ["format", "explain", "workload"]
        .into_iter()
        .filter(|id| given(matches, id))
        .map(|id| format!("--{id}"))
        .collect();
    if !before.is_empty() {
        return Some(format!(
            "{} before `{name}`: an option of `advise PROFILE`, not of `advise {name}`; a command's options go after it (`advise {name} --help` lists them)",
            before.join(" ")
        ));
    }
    // The shared options each command reads (`--color` is read by all).
    let uses: &[&str] = match name {
        "schema" | "completions" | "man" => &[],
        // They show the catalog: no profile is judged, nothing is priced.
        "explain" | "rules" => &["rules", "extend", "no_config"],
        _ => return None,
    };
    let unused: Vec<String> = ["rules", "extend", "no_config", "set", "prices", "free_tier"]
        .into_iter()
        .filter(|id| !uses.contains(id) && given(sub, id))
        .map(|id| format!("--{}", id.replace('_', "-")))
        .collect();
    (!unused.is_empty()).then(|| {
        format!(
            "`advise {name}` does not use {}: leave {} out",
            unused.join(", "),
            if unused.len() == 1 { "it" } else { "them" }
        )
    })
}

/// What the user most likely meant when clap could not parse the words: a
/// mistyped command (`advise chek x.yaml`), or several profiles given to the
/// default command (`advise a.yaml b.yaml`).
pub fn hint(args: &[String]) -> Option<String> {
    let valued = valued_options();
    let mut words = Vec::new();
    let mut skip = false;
    for a in args.iter().skip(1) {
        if skip {
            skip = false;
        } else if valued.iter().any(|v| v == a) {
            skip = true;
        } else if !a.starts_with('-') || a == "-" {
            words.push(a.as_str());
        }
    }
    let names = command_names();
    let first = *words.first()?;
    if words.len() < 2 || names.iter().any(|n| n == first) {
        return None;
    }
    let near = hint::did_you_mean(first, names.iter().map(String::as_str));
    match near {
        Some(n) if !Path::new(first).exists() => Some(format!(
            "unknown command `{first}`: did you mean `advise {n}`?"
        )),
        _ => Some(format!(
            "`advise PROFILE` takes one profile; to compare several, run `advise compare {}`",
            words.join(" ")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_arguments_parse() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_option_that_takes_a_value_is_known() {
        let valued = valued_options();
        for option in [
            "--color",
            "--exclude",
            "--max-accept-days",
            "--format",
            "--set",
        ] {
            assert!(valued.iter().any(|v| v == option), "{option}");
        }
        assert!(!valued.iter().any(|v| v == "--quiet" || v == "--detail"));
    }

    fn refusal(words: &[&str]) -> Option<String> {
        let mut args = vec!["advise"];
        args.extend(words);
        refused(&Cli::command().try_get_matches_from(args).unwrap())
    }

    #[test]
    fn options_a_command_would_ignore_are_refused() {
        for words in [
            &["--format", "json", "compare", "a", "b"][..],
            &["--explain", "check", "x"],
            &["p.yaml", "check", "q.yaml"],
            &["--workload", "w", "cost", "p.yaml"],
            &["schema", "--set", "a=b"],
            &["--set", "a=b", "schema"],
            &["completions", "bash", "--prices", "p.yaml"],
            &["man", "--rules", "r"],
            &["explain", "serverless", "--set", "a=b"],
            &["rules", "--free-tier"],
        ] {
            assert!(refusal(words).is_some(), "{words:?}");
        }
        for words in [
            &["--rules", "rules", "explain", "serverless-step"][..],
            &["--set", "team.engineers=3", "check", "x.yaml"],
            &["--color", "never", "schema"],
            &["compare", "--format", "json", "a", "b"],
            &["p.yaml", "--explain", "--format", "json"],
            &["verify", "--extend", "p", "dir"],
        ] {
            assert_eq!(refusal(words), None, "{words:?}");
        }
        assert_eq!(
            refusal(&["--format", "json", "compare", "a"]).unwrap(),
            "--format before `compare`: an option of `advise PROFILE`, not of `advise compare`; a command's options go after it (`advise compare --help` lists them)"
        );
    }

    #[test]
    fn a_value_is_not_taken_for_a_profile() {
        let args: Vec<String> = ["advise", "--color", "never", "a.yaml", "b.yaml"]
            .map(String::from)
            .to_vec();
        assert_eq!(
            hint(&args).as_deref(),
            Some(
                "`advise PROFILE` takes one profile; to compare several, run `advise compare a.yaml b.yaml`"
            )
        );
    }
}
