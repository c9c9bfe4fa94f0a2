//! A repository's own settings: `.advise/config.yaml` at its root, found by
//! walking up from the profiles (as git finds `.gitignore`), so that CI and
//! a developer's terminal load the same rule packs. Hidden directories are
//! not searched for profiles, so the file is never mistaken for one.
//!
//! ```yaml
//! extend: [policy/advise]     # packs, relative to the repository root
//! rules: catalogs/strict      # optional: replace the built-in catalog
//! detect: true                # optional: `advise check` as with --detect
//! calibrate:                  # optional: `advise calibrate`'s corpus and thresholds
//!   corpus: policy/cases
//!   agreement: 0.85
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::text::diag::{Diagnostic, Diagnostics};
use crate::text::yaml::{self, Loc, Value};

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
pub struct Config {
    /// The config file, as found (shown in messages and reports).
    pub file: String,
    pub rules: Option<PathBuf>,
    pub extend: Vec<PathBuf>,
    pub calibrate: Calibrate,
    /// `detect: true`: `advise check` compares each `current:` with what
    /// the profile's directory deploys, as `--detect` does.
    pub detect: bool,
}

/// The `calibrate:` section: the corpus `advise calibrate` measures by
/// default, the gap its false alarms are judged at, and the thresholds
/// below which it fails (each a share from 0 to 1; absent: not checked).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Calibrate {
    pub corpus: Option<PathBuf>,
    /// `--max-gap` for the gate's false alarms.
    pub max_gap: Option<f64>,
    /// At least this share of cases agree.
    pub agreement: Option<f64>,
    /// At least this share of cases with `rejected` rank it in the bottom half.
    pub rejected_bottom_half: Option<f64>,
    /// At most this share of cases are false alarms of the gate.
    pub false_alarms: Option<f64>,
    /// At least this recall for every strategy some case chose.
    pub recall: Option<f64>,
    /// At least this share of hybrid workloads placed as chosen.
    pub placed: Option<f64>,
}

/// The keys of `calibrate:`, in the order the docs list them.
pub(crate) const CALIBRATE_KEYS: &[&str] = &[
    "corpus",
    "max_gap",
    "agreement",
    "rejected_bottom_half",
    "false_alarms",
    "recall",
    "placed",
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    rules: Option<Spanned<String>>,
    #[serde(default)]
    extend: Vec<Spanned<String>>,
    #[serde(default)]
    detect: bool,
    /// Read as a located tree, so that an unknown key gets a did-you-mean.
    #[serde(default)]
    calibrate: Option<Spanned<Value>>,
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
        // Anything by that name counts, so that one that cannot be read (a
        // directory, a FIFO, a link to `/dev/zero`) is an error, never
        // silently no config.
        .find(|candidate| candidate.symlink_metadata().is_ok())
}

/// Reads and checks a config file: unknown keys and missing directories
/// are errors with their line and column.
pub(crate) fn load(path: &Path) -> Result<Config, Diagnostics> {
    let file = path.display().to_string();
    // `.advise/config.yaml` → the repository root.
    let root = path
        .parent()
        .and_then(Path::parent)
        .unwrap_or(Path::new("."));
    let text = crate::text::input::read_within(path, root)
        .map_err(|e| Diagnostic::new(&file, "", Loc::default(), e.to_string()))?;
    from_text(path, &text)
}

/// Checks the text of the config file at `path` (its repository root is
/// the directory holding `.advise/`); [`load`] once it is read. Public for
/// the `pack` fuzz target.
pub fn from_text(path: &Path, text: &str) -> Result<Config, Diagnostics> {
    let file = path.display().to_string();
    let root = path
        .parent()
        .and_then(Path::parent)
        .unwrap_or(Path::new("."));
    let text = text.to_owned();
    let raw: Option<RawConfig> =
        yaml::from_str(&text).map_err(|e| Diagnostic::from_syntax(&file, &text, e))?;
    let Some(raw) = raw else {
        return Ok(Config {
            file,
            ..Config::default()
        });
    };
    let mut problems = Vec::new();
    let mut dir = |entry: &Spanned<String>, what: &str| {
        let resolved = root.join(&entry.value);
        if let Err(e) = crate::text::input::inside(&resolved, root) {
            problems.push(
                Diagnostic::new(
                    &file,
                    &text,
                    yaml::loc_of(entry),
                    format!("{what} `{}`: {e}", entry.value),
                )
                .help("keep packs and catalogs inside the repository, or pass them with --extend or --rules"),
            );
        } else if !resolved.is_dir() {
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
    let calibrate = match raw.calibrate {
        Some(section) => calibrate(yaml::node_from(section), root, &file, &text, &mut problems),
        None => Calibrate::default(),
    };
    if problems.is_empty() {
        Ok(Config {
            file,
            rules,
            extend,
            calibrate,
            detect: raw.detect,
        })
    } else {
        Err(Diagnostics(problems))
    }
}

/// Checks the `calibrate:` section, every problem at its place.
fn calibrate(
    section: yaml::Node,
    root: &Path,
    file: &str,
    text: &str,
    problems: &mut Vec<Diagnostic>,
) -> Calibrate {
    let mut out = Calibrate::default();
    let entries = match section.value {
        Value::Map(entries) => entries,
        Value::Null => return out,
        other => {
            problems.push(Diagnostic::new(
                file,
                text,
                section.loc,
                format!(
                    "`calibrate` must be a mapping of {}, not {}",
                    CALIBRATE_KEYS.join(", "),
                    other.kind()
                ),
            ));
            return out;
        }
    };
    for e in entries {
        let at = e.value.loc;
        let number = match e.value.value {
            Value::Int(i) => Some(i as f64),
            Value::Float(x) if x.is_finite() => Some(x),
            _ => None,
        };
        let mut wrong = |what: &str| {
            problems.push(Diagnostic::new(
                file,
                text,
                at,
                format!(
                    "`calibrate.{}` is {}, but it must be {what}",
                    e.key,
                    e.value.value.display()
                ),
            ))
        };
        let share = |wrong: &mut dyn FnMut(&str)| match number {
            Some(x) if (0.0..=1.0).contains(&x) => Some(x),
            _ => {
                wrong("a share from 0 to 1, such as 0.9");
                None
            }
        };
        match e.key.as_str() {
            "corpus" => match &e.value.value {
                Value::Str(s) if crate::text::input::inside(&root.join(s), root).is_err() => {
                    problems.push(Diagnostic::new(
                        file,
                        text,
                        at,
                        format!(
                            "corpus `{s}` is outside the repository {}; pass it to `advise calibrate` on the command line instead",
                            root.display()
                        ),
                    ))
                }
                Value::Str(s) if root.join(s).is_dir() => out.corpus = Some(root.join(s)),
                Value::Str(s) => problems.push(
                    Diagnostic::new(file, text, at, format!("corpus `{s}` is not a directory"))
                        .help(format!(
                            "paths are relative to the repository root, {}",
                            root.display()
                        )),
                ),
                _ => wrong("a directory of cases"),
            },
            "max_gap" => match number {
                Some(x) if x >= 0.0 => out.max_gap = Some(x),
                _ => wrong("a number of points >= 0, as `advise check --max-gap` takes"),
            },
            "agreement" => out.agreement = share(&mut wrong),
            "rejected_bottom_half" => out.rejected_bottom_half = share(&mut wrong),
            "false_alarms" => out.false_alarms = share(&mut wrong),
            "recall" => out.recall = share(&mut wrong),
            "placed" => out.placed = share(&mut wrong),
            key => {
                let help =
                    match crate::text::hint::did_you_mean(key, CALIBRATE_KEYS.iter().copied()) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => {
                            format!("the keys of `calibrate` are: {}", CALIBRATE_KEYS.join(", "))
                        }
                    };
                problems.push(
                    Diagnostic::new(
                        file,
                        text,
                        e.key_loc,
                        format!("unknown key `{}` in `calibrate`", yaml::shorten(key)),
                    )
                    .help(help),
                );
            }
        }
    }
    out
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

        std::fs::write(root.join(PATH), "extend: [policy]\ndetect: true\n").unwrap();
        assert!(load(&found).unwrap().detect);
        std::fs::write(root.join(PATH), "detect: maybe\n").unwrap();
        assert!(load(&found).is_err(), "detect takes true or false");
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

    #[test]
    fn the_calibrate_section_is_checked_key_by_key() {
        let root = std::env::temp_dir().join(format!("advise-config-cal-{}", std::process::id()));
        std::fs::create_dir_all(root.join(".advise")).unwrap();
        std::fs::create_dir_all(root.join("policy/cases")).unwrap();
        let path = root.join(PATH);
        std::fs::write(
            &path,
            "calibrate:\n  corpus: policy/cases\n  agreement: 0.85\n  false_alarms: 0.05\n  max_gap: 4\n",
        )
        .unwrap();
        let c = load(&path).unwrap().calibrate;
        assert!(c.corpus.unwrap().ends_with("policy/cases"));
        assert_eq!(
            (c.agreement, c.false_alarms, c.max_gap, c.recall),
            (Some(0.85), Some(0.05), Some(4.0), None)
        );

        std::fs::write(
            &path,
            "calibrate:\n  agreemnt: 0.9\n  recall: 1.5\n  corpus: nowhere\n  max_gap: -1\n",
        )
        .unwrap();
        let err = load(&path).unwrap_err().to_string();
        for expected in [
            ":2:3: unknown key `agreemnt` in `calibrate`",
            "did you mean `agreement`?",
            ":3:11: `calibrate.recall` is 1.5, but it must be a share from 0 to 1",
            ":4:11: corpus `nowhere` is not a directory",
            ":5:12: `calibrate.max_gap` is -1, but it must be a number of points >= 0",
        ] {
            assert!(err.contains(expected), "{expected}\n{err}");
        }
        std::fs::remove_dir_all(&root).unwrap();
    }
}
