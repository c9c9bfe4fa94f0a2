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
pub(crate) fn read_rules_dir_nonempty(dir: &Path) -> Result<Vec<(String, String)>, Diagnostics> {
    let files = read_rules_dir(dir)?;
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

/// The rules files of a directory (not recursively, not `*.test.yaml`),
/// read, in name order so that the result does not depend on the file
/// system.
pub fn read_rules_dir(dir: &Path) -> Result<Vec<(String, String)>, Diagnostics> {
    let shown = dir.display().to_string();
    let fail =
        |message: String| Diagnostics::from(Diagnostic::new(&shown, "", Loc::default(), message));
    let entries = std::fs::read_dir(dir)
        .map_err(|e| fail(format!("cannot read the rules directory: {e}")))?;
    let mut paths = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| fail(format!("cannot read the rules directory: {e}")))?
            .path();
        if is_rules_file(&path) && path.is_file() {
            paths.push(path);
        }
    }
    paths.sort();
    let mut files = Vec::with_capacity(paths.len());
    for path in paths {
        let name = path.display().to_string();
        let text = crate::text::input::read_text(&path).map_err(|e| {
            Diagnostics::from(Diagnostic::new(&name, "", Loc::default(), e.to_string()))
        })?;
        files.push((name, text));
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
