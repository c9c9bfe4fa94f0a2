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
    let config = config(common, near)?;
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

/// The repository config for profiles at `near` (`-`: the working
/// directory), unless `--no-config`.
pub(crate) fn config(common: &Common, near: &str) -> Result<Option<config::Config>, Diagnostics> {
    if common.no_config {
        return Ok(None);
    }
    let start = if near == "-" { "." } else { near };
    config::find(Path::new(start))
        .map(|f| config::load(&f))
        .transpose()
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
    build(&catalog_files(common, near, pack)?, common)
}

/// The rules files a catalog is built from: the catalog's own (`None`: the
/// built-in one) and each pack's, with its directory as shown.
#[derive(Debug, Clone)]
pub(crate) struct CatalogFiles {
    pub base: Option<Vec<(String, String)>>,
    pub packs: Vec<(String, Vec<(String, String)>)>,
}

impl CatalogFiles {
    /// The catalog's own files (the built-in ones by their `rules/NAME.yaml`
    /// names, as their rules record them).
    fn base_files(&self) -> Vec<(String, String)> {
        match &self.base {
            Some(files) => files.clone(),
            None => crate::domain::catalog::BUILTIN
                .iter()
                .map(|f| (f.name.to_owned(), f.yaml.to_owned()))
                .collect(),
        }
    }

    /// Every file, the catalog's first.
    pub(crate) fn all(&self) -> Vec<(String, String)> {
        let packs = self
            .packs
            .iter()
            .flat_map(|(_, files)| files.iter().cloned());
        self.base_files().into_iter().chain(packs).collect()
    }

    /// The same files with those of `edited` replaced, by name (the
    /// built-in ones then read as files).
    pub(crate) fn replaced(&self, edited: &[(String, String)]) -> CatalogFiles {
        let swap = |files: &[(String, String)]| -> Vec<(String, String)> {
            files
                .iter()
                .map(
                    |(name, text)| match edited.iter().find(|(n, _)| n == name) {
                        Some((_, new)) => (name.clone(), new.clone()),
                        None => (name.clone(), text.clone()),
                    },
                )
                .collect()
        };
        let base = self.base_files();
        let touched = base.iter().any(|(n, _)| edited.iter().any(|(m, _)| m == n));
        CatalogFiles {
            base: (self.base.is_some() || touched).then(|| swap(&base)),
            packs: self
                .packs
                .iter()
                .map(|(dir, files)| (dir.clone(), swap(files)))
                .collect(),
        }
    }
}

/// The files of the catalog for profiles at `near`: [`sources`], plus the
/// pack in `pack` last unless it is already loaded.
pub(crate) fn catalog_files(
    common: &Common,
    near: &str,
    pack: Option<&Path>,
) -> Result<CatalogFiles, Diagnostics> {
    let mut sources = sources(common, near)?;
    if let Some(extra) = pack.filter(|p| !sources.loads(p)) {
        sources.packs.push(extra.to_path_buf());
    }
    // One budget for every directory of the catalog.
    let mut budget = crate::domain::catalog::MAX_CATALOG_BYTES;
    let base = match &sources.rules {
        Some(dir) => Some(crate::domain::catalog::read_rules_dir_nonempty(
            dir,
            &mut budget,
        )?),
        None => None,
    };
    let cwd = std::env::current_dir().ok();
    let mut packs = Vec::new();
    for dir in &sources.packs {
        let shown = shown_path(&dir.to_string_lossy(), cwd.as_deref());
        packs.push((
            shown,
            crate::domain::catalog::read_rules_dir_within(dir, &mut budget)?,
        ));
    }
    Ok(CatalogFiles { base, packs })
}

/// Builds the catalog of `files`, with `--prices` and `--free-tier` applied.
pub(crate) fn build(files: &CatalogFiles, common: &Common) -> Result<Catalog, Diagnostics> {
    let mut catalog = match &files.base {
        Some(files) => Catalog::from_files(files)?,
        None => Catalog::builtin(),
    };
    for (shown, pack) in &files.packs {
        catalog.extend_with(shown, pack)?;
    }
    if let Some(path) = &common.prices {
        let name = path.display().to_string();
        let text = read(&name)?;
        catalog.prices = catalog.prices.with_override(&name, &text)?;
    }
    catalog.free_tier = common.free_tier;
    Ok(catalog)
}

/// A warning when `--prices` changes a sheet that does not price
/// `profile` (an AWS file for an Azure profile): the file is read and
/// valid, yet nothing it says reaches the estimate, which would otherwise
/// pass in silence. `None` when there is no `--prices` or it is used.
pub(crate) fn prices_unused(
    common: &Common,
    profile: &Profile,
    catalog: &Catalog,
) -> Option<String> {
    use crate::text::yaml::{Node, Value, parse};
    let path = common.prices.as_ref()?;
    let shown = path.display().to_string();
    // Built already, so the file reads and parses.
    let text = read(&shown).ok()?;
    let Some(Node {
        value: Value::Map(entries),
        ..
    }) = parse(&text).ok()?
    else {
        return None;
    };
    let provider = entries.iter().find(|e| e.key == "provider")?;
    let Value::Str(provider) = &provider.value.value else {
        return None;
    };
    let used = &crate::analysis::cost::sheet_for(profile, &catalog.prices).provider;
    (used != provider).then(|| {
        format!(
            "warning: --prices {}: it prices `{}`, but {} is priced from the `{used}` sheet, so nothing in it is used (set `system.cloud`, or give a `provider: {used}` file)\n",
            crate::text::escape::visible(&shown),
            crate::text::escape::visible(provider),
            crate::text::escape::visible(&profile.name),
        )
    })
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
/// Standard input that holds nothing at all is an error: `git show
/// main:new.yaml | advise diff - new.yaml` for a file that did not exist
/// yet gave an empty stream, judged as a profile of defaults. (An empty
/// *file* is a valid profile, as the profile contract says.)
pub(crate) fn read(path: &str) -> Result<String, Diagnostics> {
    let fail =
        |message: String| Diagnostics::from(Diagnostic::new(path, "", Loc::default(), message));
    if input::is_stdin(path) {
        let text = input::read_stdin().map_err(|e| fail(e.to_string()))?;
        if text.trim().is_empty() {
            return Err(fail(
                "standard input is empty: the command that was to write the profile wrote nothing (a file that does not exist yet?)".into(),
            ));
        }
        return Ok(text);
    }
    input::read_text(Path::new(path)).map_err(|e| fail(e.to_string()))
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
/// read. Counted however it is named (`-`, `/dev/stdin`, `/proc/self/fd/0`).
pub(crate) fn stdin_once(paths: &[String]) -> Result<(), Diagnostics> {
    let named: Vec<&str> = paths
        .iter()
        .filter(|p| input::is_stdin(p))
        .map(String::as_str)
        .collect();
    match named.len() {
        0 | 1 => Ok(()),
        n => Err(usage(format!(
            "standard input is given {n} times ({}), but it can be read only once",
            named.join(", ")
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
/// The profiles, and the files named like a profile that the search of a
/// directory passed over (ignored, or symbolic links), each with why.
pub(crate) fn find_profiles_and_skipped(
    args: &[String],
    exclude: &[String],
) -> Result<(Vec<String>, Vec<String>), Diagnostics> {
    let (mut found, skipped) = expand_all(args, exclude)?;
    // A file named directly and found again through its directory is one profile.
    let mut seen = std::collections::BTreeSet::new();
    found.retain(|p| {
        p == "-" || seen.insert(std::fs::canonicalize(p).unwrap_or_else(|_| PathBuf::from(p)))
    });
    Ok((found, skipped))
}

/// Files as given, directories searched recursively for profiles (for
/// `check` and `compare`); an error when that finds nothing.
pub(crate) fn expand(args: &[String], exclude: &[String]) -> Result<Vec<String>, Diagnostics> {
    expand_all(args, exclude).map(|(found, _)| found)
}

/// [`expand`], and what the search of directories passed over.
fn expand_all(
    args: &[String],
    exclude: &[String],
) -> Result<(Vec<String>, Vec<String>), Diagnostics> {
    let mut found = Vec::new();
    let mut skipped = Vec::new();
    for arg in args {
        let path = Path::new(arg);
        if arg != "-" && path.is_dir() {
            let (inside, passed) = input::discover_all(path, exclude).map_err(|e| {
                Diagnostics::from(Diagnostic::new(
                    arg,
                    "",
                    Loc::default(),
                    format!("cannot search it: {e}"),
                ))
            })?;
            found.extend(inside);
            skipped.extend(passed);
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
    Ok((found, skipped))
}

/// The most cases a corpus directory may hold: far beyond a real corpus,
/// far below what would hurt.
pub(crate) const MAX_CASES: usize = 10_000;

/// The cases of a corpus directory: every `*.yaml` and `*.yml` file below
/// it, hidden and git-ignored ones skipped, in path order. Finding none is
/// an error: a calibration that measured nothing must never pass.
pub(crate) fn corpus(dir: &Path) -> Result<Vec<String>, Diagnostics> {
    let shown = dir.display().to_string();
    let fail =
        |message: String| Diagnostics::from(Diagnostic::new(&shown, "", Loc::default(), message));
    if !dir.is_dir() {
        return Err(fail("not a directory of cases".into()));
    }
    let walker = ignore::WalkBuilder::new(dir)
        .hidden(true)
        .git_ignore(true)
        .require_git(false)
        .follow_links(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    let mut found = Vec::new();
    for entry in walker {
        let entry = entry.map_err(|e| fail(format!("cannot search it: {e}")))?;
        let name = entry.file_name().to_string_lossy();
        let yaml = name.ends_with(".yaml") || name.ends_with(".yml");
        if yaml && entry.file_type().is_some_and(|t| t.is_file()) {
            found.push(entry.path().display().to_string());
        }
        if found.len() > MAX_CASES {
            return Err(fail(format!(
                "more than {MAX_CASES} cases; split the corpus"
            )));
        }
    }
    if found.is_empty() {
        return Err(fail(
            "no cases found: a corpus is a directory of *.yaml profiles, each with a `case:` key"
                .into(),
        ));
    }
    Ok(found)
}

/// A catalog's hand-set magnitudes (`advise calibrate --fit`): where they
/// are kept, and what they say (nothing yet before the first fit).
pub(crate) struct HandSet {
    pub path: String,
    pub entries: Vec<(String, f64)>,
}

/// The hand-set magnitudes of the base catalog: `rules/hand-set.txt` as
/// built in, or `hand-set.txt` in the `--rules` (or config `rules:`)
/// directory, if it is there.
pub(crate) fn hand_set(common: &Common, near: &str) -> Result<HandSet, Diagnostics> {
    use crate::domain::catalog::magnitudes::{BUILTIN_HAND_SET, HAND_SET_FILE, read_hand_set};
    let (path, text) = match sources(common, near)?.rules {
        None => (
            format!("rules/{HAND_SET_FILE}"),
            Some(BUILTIN_HAND_SET.to_owned()),
        ),
        Some(dir) => {
            let path = dir.join(HAND_SET_FILE).display().to_string();
            let text = match Path::new(&path).is_file() {
                true => Some(read(&path)?),
                false => None,
            };
            (path, text)
        }
    };
    let entries = match text {
        Some(text) => read_hand_set(&path, &text)?,
        None => Vec::new(),
    };
    Ok(HandSet { path, entries })
}
