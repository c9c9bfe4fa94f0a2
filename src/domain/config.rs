//! A repository's own settings: `.advise/config.yaml` at its root, found by
//! walking up from the profiles (as git finds `.gitignore`), so that CI and
//! a developer's terminal load the same rule packs. Hidden directories are
//! not searched for profiles, so the file is never mistaken for one.
//!
//! ```yaml
//! extend: [policy/advise]     # packs, relative to the repository root
//! rules: catalogs/strict      # optional: replace the built-in catalog
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::text::diag::{Diagnostic, Diagnostics};
use crate::text::yaml::{self, Loc};

/// Where a command's catalog comes from: `--rules` (or the repository
/// config's `rules:`), and the packs to load on top, the config's first.
#[derive(Debug, Clone, Default)]
pub(crate) struct Sources {
    pub rules: Option<PathBuf>,
    pub packs: Vec<PathBuf>,
}

impl Sources {
    /// Whether `dir` is already the catalog or one of its packs.
    pub(crate) fn loads(&self, dir: &Path) -> bool {
        self.rules
            .iter()
            .chain(&self.packs)
            .any(|d| crate::text::input::same_path(d, dir))
    }
}

/// The file's place under the repository root.
pub(crate) const PATH: &str = ".advise/config.yaml";

/// What a repository's config asks for, paths resolved against its root.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Config {
    /// The config file, as found (shown in messages and reports).
    pub file: String,
    pub rules: Option<PathBuf>,
    pub extend: Vec<PathBuf>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    rules: Option<Spanned<String>>,
    #[serde(default)]
    extend: Vec<Spanned<String>>,
}

/// The nearest `.advise/config.yaml` at or above `start` (a file's
/// directory, or a directory), if any.
pub(crate) fn find(start: &Path) -> Option<PathBuf> {
    let start = if start.is_dir() {
        start.to_path_buf()
    } else {
        start.parent().map(Path::to_path_buf).unwrap_or_default()
    };
    // Relative paths walk up through the working directory too.
    let start = if start.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        start
    };
    let absolute = std::path::absolute(&start).unwrap_or(start);
    absolute
        .ancestors()
        .map(|dir| dir.join(PATH))
        .find(|candidate| candidate.is_file())
}

/// Reads and checks a config file: unknown keys and missing directories
/// are errors with their line and column.
pub(crate) fn load(path: &Path) -> Result<Config, Diagnostics> {
    let file = path.display().to_string();
    let text = crate::text::input::read_text(path)
        .map_err(|e| Diagnostic::new(&file, "", Loc::default(), e.to_string()))?;
    let raw: Option<RawConfig> =
        yaml::from_str(&text).map_err(|e| Diagnostic::from_syntax(&file, &text, e))?;
    let Some(raw) = raw else {
        return Ok(Config {
            file,
            ..Config::default()
        });
    };
    // `.advise/config.yaml` → the repository root.
    let root = path
        .parent()
        .and_then(Path::parent)
        .unwrap_or(Path::new("."));
    let mut problems = Vec::new();
    let mut dir = |entry: &Spanned<String>, what: &str| {
        let resolved = root.join(&entry.value);
        if !resolved.is_dir() {
            problems.push(
                Diagnostic::new(
                    &file,
                    &text,
                    yaml::loc_of(entry),
                    format!("{what} `{}` is not a directory", entry.value),
                )
                .help(format!(
                    "paths are relative to the repository root, {}",
                    root.display()
                )),
            );
        }
        resolved
    };
    let rules = raw.rules.as_ref().map(|r| dir(r, "rules"));
    let extend = raw.extend.iter().map(|e| dir(e, "pack")).collect();
    if problems.is_empty() {
        Ok(Config {
            file,
            rules,
            extend,
        })
    } else {
        Err(Diagnostics(problems))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_config_above_a_profile_is_found() {
        let root = std::env::temp_dir().join(format!("advise-config-{}", std::process::id()));
        let deep = root.join("services/payments");
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::create_dir_all(root.join(".advise")).unwrap();
        std::fs::create_dir_all(root.join("policy")).unwrap();
        std::fs::write(root.join(PATH), "extend: [policy]\n").unwrap();
        let profile = deep.join("advise.yaml");
        std::fs::write(&profile, "{}\n").unwrap();

        let found = find(&profile).expect("found by walking up");
        assert_eq!(found, std::path::absolute(root.join(PATH)).unwrap());
        let config = load(&found).unwrap();
        assert_eq!(config.extend.len(), 1);
        assert!(config.extend[0].ends_with("policy"));

        std::fs::write(root.join(PATH), "extend: [nowhere]\nrule: x\n").unwrap();
        let err = load(&found).unwrap_err().to_string();
        assert!(err.contains("unknown field `rule`"), "{err}");
        std::fs::write(root.join(PATH), "extend: [nowhere]\n").unwrap();
        let err = load(&found).unwrap_err().to_string();
        assert!(
            err.contains(":1:10: pack `nowhere` is not a directory"),
            "{err}"
        );
        std::fs::remove_dir_all(&root).unwrap();
    }
}
