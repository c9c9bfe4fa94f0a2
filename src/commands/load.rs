//! The one loader: every command turns its arguments into inputs here.
//! The catalog's sources (`--rules` or the config's, the config's packs,
//! `--extend`, a verified pack, `--prices`), `--set` overrides, profiles
//! (files or standard input, read once), and discovery in directories.

use std::path::{Path, PathBuf};

use crate::commands::{Common, usage};
use crate::domain::catalog::Catalog;
use crate::domain::config::{self, Sources};
use crate::domain::profile::{self, Override, Profile};
use crate::text::diag::{Diagnostic, Diagnostics};
use crate::text::input;
use crate::text::yaml::Loc;

/// The sources for profiles at `near` (`-`: the working directory): the
/// catalog is `--rules`, or the repository config's `rules:`, or the
/// built-in one; the packs are the config's, then each `--extend`.
pub(crate) fn sources(common: &Common, near: &str) -> Result<Sources, Diagnostics> {
    let config = match common.no_config {
        true => None,
        false => {
            let start = if near == "-" { "." } else { near };
            config::find(Path::new(start))
                .map(|f| config::load(&f))
                .transpose()?
        }
    };
    let rules = common
        .rules
        .clone()
        .or_else(|| config.as_ref().and_then(|c| c.rules.clone()));
    let packs = config
        .iter()
        .flat_map(|c| c.extend.iter().cloned())
        .chain(common.extend.iter().cloned())
        .collect();
    Ok(Sources { rules, packs })
}

/// The catalog a command evaluates with, from [`sources`] near `near` (the
/// first profile, or the working directory), with `--prices` and
/// `--free-tier` applied.
pub(crate) fn catalog(common: &Common, near: &str) -> Result<Catalog, Diagnostics> {
    catalog_with(common, near, None)
}

/// [`catalog`], plus the pack in `pack` last (for `advise verify`), unless
/// that directory is already the catalog or one of its packs.
pub(crate) fn catalog_with(
    common: &Common,
    near: &str,
    pack: Option<&Path>,
) -> Result<Catalog, Diagnostics> {
    let mut sources = sources(common, near)?;
    if let Some(extra) = pack.filter(|p| !sources.loads(p)) {
        sources.packs.push(extra.to_path_buf());
    }
    let mut catalog = match &sources.rules {
        Some(dir) => Catalog::from_dir(dir)?,
        None => Catalog::builtin(),
    };
    let cwd = std::env::current_dir().ok();
    for dir in &sources.packs {
        let shown = shown_path(&dir.to_string_lossy(), cwd.as_deref());
        let files = crate::domain::catalog::read_rules_dir(dir)?;
        catalog.extend_with(&shown, &files)?;
    }
    if let Some(path) = &common.prices {
        let name = path.display().to_string();
        let text = read(&name)?;
        catalog.prices = catalog.prices.with_override(&name, &text)?;
    }
    catalog.free_tier = common.free_tier;
    Ok(catalog)
}

/// Every `--set`, parsed; all the bad ones at once.
pub(crate) fn overrides(common: &Common) -> Result<Vec<Override>, Diagnostics> {
    let mut all = Vec::new();
    let mut problems = Vec::new();
    for arg in &common.set {
        match Override::parse(arg) {
            Ok(o) => all.push(o),
            Err(d) => problems.extend(d.0),
        }
    }
    match problems.is_empty() {
        true => Ok(all),
        false => Err(Diagnostics(problems)),
    }
}

/// Reads one input (a path, or `-` for standard input), bounded.
pub(crate) fn read(path: &str) -> Result<String, Diagnostics> {
    let text = if path == "-" {
        input::read_stdin()
    } else {
        input::read_text(Path::new(path))
    };
    text.map_err(|e| Diagnostic::new(path, "", Loc::default(), e.to_string()).into())
}

/// Reads and validates one profile.
pub(crate) fn profile(
    path: &str,
    catalog: &Catalog,
    overrides: &[Override],
) -> Result<Profile, Diagnostics> {
    let text = read(path)?;
    profile::load(path, &text, &catalog.strategy_ids(), overrides)
}

/// Standard input can be read once: `-` twice would judge an empty second
/// read as a profile of defaults.
pub(crate) fn stdin_once(paths: &[String]) -> Result<(), Diagnostics> {
    match paths.iter().filter(|p| *p == "-").count() {
        0 | 1 => Ok(()),
        n => Err(usage(format!(
            "`-` is given {n} times, but standard input can be read only once"
        ))),
    }
}

/// A profile's path as every CI format shows it: relative to `cwd` when it
/// lies below it, without leading `./`, with forward slashes.
pub(crate) fn shown_path(path: &str, cwd: Option<&Path>) -> String {
    if path == "-" {
        return path.to_owned();
    }
    let p = Path::new(path);
    let relative = match cwd {
        Some(cwd) if p.is_absolute() => p.strip_prefix(cwd).unwrap_or(p),
        _ => p,
    };
    let mut text = relative.to_string_lossy().replace('\\', "/");
    while let Some(rest) = text.strip_prefix("./") {
        text = rest.to_owned();
    }
    text
}

/// The profiles `check` judges: files as given, directories searched
/// recursively for `advise.yaml` and `*.advise.yaml`, in a stable order,
/// each profile once. Finding nothing at all is an error: a gate that
/// checked nothing must never pass.
pub(crate) fn find_profiles(
    args: &[String],
    exclude: &[String],
) -> Result<Vec<String>, Diagnostics> {
    let mut found = expand(args, exclude)?;
    // A file named directly and found again through its directory is one profile.
    let mut seen = std::collections::BTreeSet::new();
    found.retain(|p| {
        p == "-" || seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| PathBuf::from(p)))
    });
    Ok(found)
}

/// Files as given, directories searched recursively for profiles (for
/// `check` and `compare`); an error when that finds nothing.
pub(crate) fn expand(args: &[String], exclude: &[String]) -> Result<Vec<String>, Diagnostics> {
    let mut found = Vec::new();
    for arg in args {
        let path = Path::new(arg);
        if arg != "-" && path.is_dir() {
            let inside = input::discover(path, exclude).map_err(|e| {
                Diagnostics::from(Diagnostic::new(
                    arg,
                    "",
                    Loc::default(),
                    format!("cannot search it: {e}"),
                ))
            })?;
            found.extend(inside);
        } else {
            found.push(arg.clone());
        }
    }
    if found.is_empty() {
        return Err(usage(format!(
            "no profiles found in {}: directories are searched for files named advise.yaml or *.advise.yaml (or .yml), skipping hidden and ignored ones",
            args.join(", ")
        )));
    }
    Ok(found)
}
