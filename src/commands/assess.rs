//! `advise PROFILE`: one profile (or one system of workloads) assessed and
//! reported in full.

use std::path::Path;

use clap::Args;

use crate::analysis::evaluated::{Evaluated, System};
use crate::commands::{Common, Outcome, Surroundings, load, usage};
use crate::domain::catalog::Catalog;
use crate::report::html;
use crate::report::hybrid;
use crate::report::markdown;
use crate::report::serial;
use crate::report::table;
use crate::report::view::View;
use crate::report::wire;
use crate::text::diag::{Diagnostic, Diagnostics};
use crate::text::hint;

#[derive(Debug, Args)]
pub struct AssessArgs {
    /// The profile to assess (`-` reads standard input).
    #[arg(value_name = "PROFILE")]
    pub profile: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,

    /// Show how every criterion of every score adds up, and which rules shifted it
    /// (for a hybrid system: every workload's ranking after the plan).
    #[arg(long)]
    pub explain: bool,

    /// For a profile with `workloads:`: rank this workload alone, as a single profile.
    #[arg(long, value_name = "NAME")]
    pub workload: Option<String>,
}

/// Formats of `advise PROFILE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Ranked table with reasons, for a terminal (also `text`).
    #[value(alias = "text")]
    Table,
    /// One JSON object (docs/output.md).
    Json,
    /// The JSON object, as YAML.
    Yaml,
    /// A Markdown report, for pull requests and wikis.
    Markdown,
    /// One self-contained HTML page with charts (no script, nothing fetched).
    Html,
    /// The ranking chart alone, as SVG, for a README or a wiki.
    Svg,
}

impl Format {
    pub fn render(self, e: &Evaluated, catalog: &Catalog, view: View) -> String {
        match self {
            Format::Table => table::assessment(e, catalog, view),
            Format::Json => serial::json(&wire::AssessmentJson::new(e, catalog, true)),
            Format::Yaml => serial::yaml(&wire::AssessmentJson::new(e, catalog, true)),
            Format::Markdown => markdown::assessment(e, catalog, view),
            Format::Html => html::assessment(e, catalog),
            Format::Svg => html::ranking_svg(e, catalog),
        }
    }

    /// A hybrid system: the plan, then the workloads.
    pub fn render_system(self, h: &System, catalog: &Catalog, view: View) -> String {
        match self {
            Format::Table => hybrid::table(h, catalog, view),
            Format::Json => serial::json(&hybrid::HybridJson::new(h, catalog, true)),
            Format::Yaml => serial::yaml(&hybrid::HybridJson::new(h, catalog, true)),
            Format::Markdown => hybrid::markdown(h, catalog, view),
            Format::Html => html::hybrid(h, catalog),
            Format::Svg => html::hybrid_svg(h, catalog),
        }
    }
}

/// Runs `advise PROFILE`; `commands` are the subcommands' names, for a
/// profile that is more likely a mistyped command (`advise rule`).
pub fn run(
    args: AssessArgs,
    common: &Common,
    around: Surroundings,
    commands: &[&str],
) -> Result<Outcome, Diagnostics> {
    let Some(path) = args.profile else {
        return Err(usage(
            "no profile given: try `advise PROFILE.yaml`, or `advise --help`",
        ));
    };
    let catalog = load::catalog(common, &path)?;
    let overrides = load::overrides(common)?;
    let view = View {
        explain: args.explain,
        width: around.width,
    };
    let loaded = load::profile(&path, &catalog, &overrides).map_err(|d| {
        // `advise rule` is more likely a mistyped command than a file.
        let near = (!Path::new(&path).exists())
            .then(|| hint::did_you_mean(&path, commands.iter().copied()))
            .flatten();
        match near {
            Some(n) => Diagnostics(
                d.0.into_iter()
                    .map(|p: Diagnostic| p.help(format!("did you mean the command `advise {n}`?")))
                    .collect(),
            ),
            None => d,
        }
    })?;
    let unused = load::prices_unused(common, &loaded, &catalog).unwrap_or_default();
    let e = match (loaded.workloads.is_empty(), &args.workload) {
        (true, None) => Evaluated::analyse(&path, loaded, &catalog, true),
        (true, Some(name)) => {
            return Err(usage(format!(
                "--workload {name}: {path} has no `workloads:`; it is a single workload"
            )));
        }
        (false, None) => {
            let h = System::analyse(&path, loaded, &catalog, true)?;
            return Ok(Outcome {
                stderr: unused,
                ..Outcome::ok(args.format.render_system(&h, &catalog, view))
            });
        }
        (false, Some(name)) => {
            let names: Vec<&str> = loaded.workloads.iter().map(|w| w.name.as_str()).collect();
            let Some(w) = loaded.workloads.iter().find(|w| &w.name == name) else {
                return Err(usage(format!(
                    "--workload {name}: no such workload in {path}{}; its workloads: {}",
                    hint::suggestion(name, names.iter().copied()),
                    names.join(", ")
                )));
            };
            Evaluated::analyse(&path, w.profile.clone(), &catalog, true)
        }
    };
    Ok(Outcome {
        stderr: unused,
        ..Outcome::ok(args.format.render(&e, &catalog, view))
    })
}
