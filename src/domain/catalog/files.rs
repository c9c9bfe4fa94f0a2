//! Where rules come from: the files of `rules/` compiled into the binary
//! (see `build.rs`), or a directory of YAML files read with bounds.

use std::path::Path;

use crate::text::diag::{Diagnostic, Diagnostics};
use crate::text::yaml::Loc;

/// One file of `rules/`, compiled in (see `build.rs`).
pub struct BuiltinFile {
    /// `rules/NAME.yaml`.
    pub name: &'static str,
    /// The YAML source.
    pub yaml: &'static str,
    /// The same data as JSON, fast to read; `None` if the YAML did not parse.
    pub json: Option<&'static str>,
    /// Each rule's id and the line of its `id:` key in the YAML.
    pub rule_lines: &'static [(&'static str, u32)],
}

// The built-in catalog: every file of `rules/`, in name order.
include!(concat!(env!("OUT_DIR"), "/builtin.rs"));

/// Whether a file of a rules directory holds rules (not pack tests).
pub(crate) fn is_rules_file(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let yaml = name.ends_with(".yaml") || name.ends_with(".yml");
    yaml && !name.ends_with(".test.yaml") && !name.ends_with(".test.yml")
}

/// [`read_rules_dir`], where finding no rules file is an error (a whole
/// catalog, or a pack to lint).
pub(crate) fn read_rules_dir_nonempty(
    dir: &Path,
    budget: &mut u64,
) -> Result<Vec<(String, String)>, Diagnostics> {
    let files = read_rules_dir_within(dir, budget)?;
    if files.is_empty() {
        return Err(Diagnostic::new(
            &dir.display().to_string(),
            "",
            Loc::default(),
            "the rules directory holds no rules files (*.yaml other than *.test.yaml)",
        )
        .into());
    }
    Ok(files)
}

/// The most bytes of rules files one catalog reads, over all its
/// directories (the built-in catalog is about 150 KiB): 300 pack files of
/// 4 MiB each once took 2.5 GB to read and parse.
pub const MAX_CATALOG_BYTES: u64 = 16 * 1024 * 1024;

/// The rules files of a directory (not recursively, not `*.test.yaml`),
/// read, in name order so that the result does not depend on the file
/// system, within [`MAX_CATALOG_BYTES`].
pub fn read_rules_dir(dir: &Path) -> Result<Vec<(String, String)>, Diagnostics> {
    read_rules_dir_within(dir, &mut { MAX_CATALOG_BYTES })
}

/// [`read_rules_dir`], taking the files' sizes from `budget` (shared by
/// the directories of one catalog): the sizes are summed from the file
/// system before any file is read, and a directory over the budget is
/// refused unread. Only files inside the directory's repository are read
/// ([`crate::text::input::repository_root`]): a rules file that is a link
/// to `/proc/self/environ` is refused, so its contents never reach an error.
pub(crate) fn read_rules_dir_within(
    dir: &Path,
    budget: &mut u64,
) -> Result<Vec<(String, String)>, Diagnostics> {
    let shown = dir.display().to_string();
    let fail =
        |message: String| Diagnostics::from(Diagnostic::new(&shown, "", Loc::default(), message));
    let entries = std::fs::read_dir(dir)
        .map_err(|e| fail(format!("cannot read the rules directory: {e}")))?;
    let root = crate::text::input::repository_root(dir);
    let mut paths = Vec::new();
    let mut problems = Vec::new();
    let mut total: u64 = 0;
    for entry in entries {
        let path = entry
            .map_err(|e| fail(format!("cannot read the rules directory: {e}")))?
            .path();
        if !is_rules_file(&path) {
            continue;
        }
        let name = path.display().to_string();
        let refuse = |e: crate::text::input::InputError| {
            Diagnostic::new(&name, "", Loc::default(), e.to_string())
        };
        // Where a link leads is checked before anything about the target.
        if let Err(e) = crate::text::input::inside(&path, &root) {
            problems.push(refuse(e));
            continue;
        }
        match std::fs::metadata(&path) {
            Ok(m) if m.is_file() => {
                total = total.saturating_add(m.len());
                paths.push(path);
            }
            // A directory named `x.yaml` is not a rules file; anything else
            // that is not a regular file (a FIFO) is refused by reading it.
            Ok(m) if m.is_dir() => {}
            _ => paths.push(path),
        }
    }
    if total > *budget {
        return Err(fail(format!(
            "its rules files hold {total} bytes, more than the {} MiB a catalog may read{}; a pack is a few files of a few kilobytes",
            MAX_CATALOG_BYTES / 1024 / 1024,
            if *budget < MAX_CATALOG_BYTES {
                " with the directories before it"
            } else {
                ""
            }
        )));
    }
    *budget -= total;
    paths.sort();
    let mut files = Vec::with_capacity(paths.len());
    for path in paths {
        let name = path.display().to_string();
        match crate::text::input::read_within(&path, &root) {
            Ok(text) => files.push((name, text)),
            Err(e) => problems.push(Diagnostic::new(&name, "", Loc::default(), e.to_string())),
        }
    }
    if !problems.is_empty() {
        problems.sort_by(|a, b| a.file.cmp(&b.file));
        return Err(Diagnostics(problems));
    }
    Ok(files)
}

pub(crate) fn files_label(files: &[(String, String)]) -> String {
    match files {
        [(one, _)] => one.clone(),
        _ => files
            .first()
            .and_then(|(f, _)| Path::new(f).parent())
            .map_or_else(|| "rules".into(), |p| p.display().to_string()),
    }
}
