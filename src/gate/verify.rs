//! `advise verify DIR`: the tests of a rule pack (`*.test.yaml` beside its
//! rules, docs/packs.md). Each test is a profile (a path, or written inline)
//! with optional `--set` overrides, and what must hold of its assessment:
//! the recommendation, strategies blocked or eligible, rules fired or not.
//!
//! A test that cannot run (its file does not parse, names an unknown key,
//! strategy or rule, or its profile is missing or invalid) is bad input,
//! not a failure: every such problem is reported at once, with its place.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::analysis::engine::Assessment;
use crate::domain::catalog::{Catalog, StrategyId};
use crate::domain::profile::{self, Override};
use crate::text::diag::{Diagnostic, Diagnostics, MAX_SHOWN};
use crate::text::yaml::{self, Loc};

/// Tests read from one directory; far beyond any real pack.
pub(crate) const MAX_TESTS: usize = 10_000;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    tests: Vec<RawTest>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTest {
    name: Spanned<String>,
    profile: Spanned<RawProfile>,
    #[serde(default)]
    set: Vec<Spanned<String>>,
    expect: Spanned<RawExpect>,
}

/// A path relative to the test file, or the profile itself.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawProfile {
    Path(String),
    Inline(serde_json::Map<String, serde_json::Value>),
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExpect {
    #[serde(default)]
    recommendation: Option<Spanned<String>>,
    #[serde(default)]
    blocked: Vec<Spanned<String>>,
    #[serde(default)]
    eligible: Vec<Spanned<String>>,
    #[serde(default)]
    fired: Vec<Spanned<String>>,
    #[serde(default)]
    not_fired: Vec<Spanned<String>>,
}

/// One test's result.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TestResult {
    /// The test file, as found.
    pub file: String,
    pub name: String,
    /// Where the test's `name:` is.
    pub loc: Loc,
    /// What did not hold: each says what was expected and what happened.
    pub failures: Vec<String>,
}

impl TestResult {
    pub(crate) fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

/// The `*.test.yaml` files of a directory (not recursively), in name order.
pub(crate) fn test_files(dir: &Path) -> Result<Vec<PathBuf>, Diagnostics> {
    let shown = dir.display().to_string();
    let fail = |m: String| Diagnostics::from(Diagnostic::new(&shown, "", Loc::default(), m));
    let entries = std::fs::read_dir(dir).map_err(|e| fail(format!("cannot read it: {e}")))?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| fail(format!("cannot read it: {e}")))?
            .path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        // Not only regular files: a FIFO or a link out of the repository
        // by a test file's name is refused when read, never skipped.
        if (name.ends_with(".test.yaml") || name.ends_with(".test.yml")) && !path.is_dir() {
            files.push(path);
        }
    }
    files.sort();
    if files.is_empty() {
        return Err(fail(
            "no tests found: a pack's tests are files named *.test.yaml in its directory (a run that tested nothing never passes)".into(),
        ));
    }
    Ok(files)
}

/// Runs every test of every file against `catalog`; all problems that stop
/// a test from running are reported together.
pub(crate) fn run(files: &[PathBuf], catalog: &Catalog) -> Result<Vec<TestResult>, Diagnostics> {
    let mut outcomes = Vec::new();
    let mut problems = Vec::new();
    for path in files {
        let file = path.display().to_string();
        let root = crate::text::input::repository_root(path.parent().unwrap_or(Path::new(".")));
        let text = match crate::text::input::read_within(path, &root) {
            Ok(t) => t,
            Err(e) => {
                problems.push(Diagnostic::new(&file, "", Loc::default(), e.to_string()));
                continue;
            }
        };
        if !file_tests(path, &file, &text, catalog, &mut outcomes, &mut problems) {
            break;
        }
    }
    if problems.is_empty() {
        Ok(outcomes)
    } else {
        Err(Diagnostics(problems))
    }
}

/// Runs the tests of one test file's text, adding to `outcomes` and
/// `problems`; `false` when the run must stop (too many tests).
fn file_tests(
    path: &Path,
    file: &str,
    text: &str,
    catalog: &Catalog,
    outcomes: &mut Vec<TestResult>,
    problems: &mut Vec<Diagnostic>,
) -> bool {
    let raw: RawFile = match yaml::from_str::<Option<RawFile>>(text) {
        Ok(Some(raw)) if !raw.tests.is_empty() => raw,
        Ok(_) => {
            problems.push(
                Diagnostic::new(file, text, Loc::START, "the file holds no tests")
                    .help("write a `tests:` list (docs/packs.md)"),
            );
            return true;
        }
        Err(e) => {
            problems.push(Diagnostic::from_syntax(file, text, e));
            return true;
        }
    };
    if outcomes.len() + raw.tests.len() > MAX_TESTS {
        problems.push(Diagnostic::new(
            file,
            "",
            Loc::default(),
            format!("more than {MAX_TESTS} tests; split the pack"),
        ));
        return false;
    }
    let mut names: Vec<&str> = Vec::new();
    for test in &raw.tests {
        let name = test.name.value.as_str();
        if names.contains(&name) {
            problems.push(
                Diagnostic::new(
                    file,
                    quoted(problems, text),
                    yaml::loc_of(&test.name),
                    format!("two tests are named `{name}`"),
                )
                .help("name each test for what it pins down, so a failure says which"),
            );
        }
        names.push(name);
        let source = Source {
            path,
            file,
            // Only the problems shown quote their line: finding it is a
            // scan of the text, and 300 problems on one 4 MB line took
            // a minute.
            text: quoted(problems, text),
        };
        match one(&source, test, catalog) {
            Ok(o) => outcomes.push(o),
            Err(d) => problems.extend(d.0),
        }
    }
    true
}

/// Runs the tests of the test file at `path` whose text is `text` (its
/// profiles read relative to it), for the `verify` fuzz target: how many
/// tests ran, or every problem.
pub fn run_text(path: &Path, text: &str, catalog: &Catalog) -> Result<usize, Diagnostics> {
    let (mut outcomes, mut problems) = (Vec::new(), Vec::new());
    let file = path.display().to_string();
    file_tests(path, &file, text, catalog, &mut outcomes, &mut problems);
    match problems.is_empty() {
        true => Ok(outcomes.len()),
        false => Err(Diagnostics(problems)),
    }
}

/// The source to quote in the next problem: the file's text while fewer
/// problems than are shown have been found, else nothing.
fn quoted<'t>(problems: &[Diagnostic], text: &'t str) -> &'t str {
    if problems.len() < MAX_SHOWN { text } else { "" }
}

/// The test file being read.
struct Source<'a> {
    path: &'a Path,
    file: &'a str,
    text: &'a str,
}

impl Source<'_> {
    fn problem(&self, at: Loc, message: String) -> Diagnostic {
        Diagnostic::new(self.file, self.text, at, message)
    }
}

// Over 100 lines: a test's expectations are checked in the order they are
// written (overrides, recommendation, blocked, eligible, fired rules), each
// collecting its own failures into one outcome.
fn one(src: &Source, test: &RawTest, catalog: &Catalog) -> Result<TestResult, Diagnostics> {
    let mut problems = Vec::new();
    let mut overrides = Vec::new();
    for s in &test.set {
        match Override::parse(&s.value) {
            Ok(o) => overrides.push(o),
            Err(d) => problems.extend(d.0.into_iter().map(|p| {
                src.problem(yaml::loc_of(s), p.message.clone())
                    .help(p.help.unwrap_or_default())
            })),
        }
    }
    let expect = &test.expect.value;
    let strategy = |s: &Spanned<String>, problems: &mut Vec<Diagnostic>| {
        let found = catalog.strategy(&s.value);
        if found.is_none() {
            let ids = catalog.strategy_ids();
            let help = crate::text::hint::did_you_mean(&s.value, ids.iter().copied()).map_or_else(
                || format!("strategies are: {}", ids.join(", ")),
                |n| format!("did you mean `{n}`?"),
            );
            problems.push(
                src.problem(yaml::loc_of(s), format!("unknown strategy `{}`", s.value))
                    .help(help),
            );
        }
        found
    };
    let recommendation = expect
        .recommendation
        .as_ref()
        .map(|r| (r, strategy(r, &mut problems)));
    let blocked: Vec<_> = expect
        .blocked
        .iter()
        .map(|s| (s, strategy(s, &mut problems)))
        .collect();
    let eligible: Vec<_> = expect
        .eligible
        .iter()
        .map(|s| (s, strategy(s, &mut problems)))
        .collect();
    for r in expect.fired.iter().chain(&expect.not_fired) {
        if catalog.rule(&r.value).is_none() {
            let help = crate::text::hint::did_you_mean(
                &r.value,
                catalog.rules.iter().map(|r| r.id.as_str()),
            )
            .map_or_else(
                || "`advise rules` lists the catalog's rules, packs included".to_owned(),
                |n| format!("did you mean `{n}`?"),
            );
            problems.push(
                src.problem(
                    yaml::loc_of(r),
                    format!("no rule `{}` in the catalog", r.value),
                )
                .help(help),
            );
        }
    }
    let nothing = expect.recommendation.is_none()
        && expect.blocked.is_empty()
        && expect.eligible.is_empty()
        && expect.fired.is_empty()
        && expect.not_fired.is_empty();
    if nothing {
        problems.push(
            src.problem(
                yaml::loc_of(&test.expect),
                "the test expects nothing".into(),
            )
            .help("expect any of: recommendation, blocked, eligible, fired, not_fired"),
        );
    }
    let profile = load_profile(src, test, catalog, &overrides);
    let profile = match profile {
        Ok(p) => p,
        Err(d) => {
            problems.extend(d.0);
            return Err(Diagnostics(problems));
        }
    };
    if !problems.is_empty() {
        return Err(Diagnostics(problems));
    }
    let a = crate::analysis::engine::evaluate(&profile, catalog);
    let mut failures = Vec::new();
    let id = |s: StrategyId| catalog.strategies[s].id.as_str();
    if let Some((want, Some(want_id))) = recommendation {
        let got = a.winner().strategy;
        if got != want_id {
            failures.push(format!(
                "recommendation: expected {}, got {} ({})",
                want.value,
                id(got),
                standings(&a, catalog)
            ));
        }
    }
    for (want, s) in blocked.iter().filter_map(|(w, s)| Some((w, (*s)?))) {
        if a.scored(s).eligible {
            failures.push(format!(
                "blocked: expected {} to be ruled out; it is eligible, scoring {:.2}",
                want.value,
                crate::text::number::hundredths(a.scored(s).score)
            ));
        }
    }
    for (want, s) in eligible.iter().filter_map(|(w, s)| Some((w, (*s)?))) {
        if !a.scored(s).eligible {
            let by: Vec<&str> = blockers(&a, catalog, s);
            failures.push(format!(
                "eligible: expected {} to be eligible; it is ruled out by {}",
                want.value,
                by.join(", ")
            ));
        }
    }
    let fired: Vec<&str> = a
        .fired
        .iter()
        .map(|&r| catalog.rules[r].id.as_str())
        .collect();
    for r in &expect.fired {
        if !fired.contains(&r.value.as_str()) {
            failures.push(format!("fired: expected {} to fire; it did not", r.value));
        }
    }
    for r in &expect.not_fired {
        if fired.contains(&r.value.as_str()) {
            failures.push(format!(
                "not_fired: expected {} not to fire; it fired",
                r.value
            ));
        }
    }
    Ok(TestResult {
        file: src.file.to_owned(),
        name: test.name.value.clone(),
        loc: yaml::loc_of(&test.name),
        failures,
    })
}

/// The test's profile: read from its path (relative to the test file), or
/// written inline, with the test's `set:` applied.
fn load_profile(
    src: &Source,
    test: &RawTest,
    catalog: &Catalog,
    overrides: &[Override],
) -> Result<profile::Profile, Diagnostics> {
    let ids = catalog.strategy_ids();
    let at = yaml::loc_of(&test.profile);
    match &test.profile.value {
        RawProfile::Path(p) => {
            let base = src.path.parent().unwrap_or(Path::new("."));
            let path = base.join(p);
            let shown = path.display().to_string();
            // Only inside the pack's repository: a test file is other
            // people's text, and its path must not read `/proc/self/environ`.
            let root = crate::text::input::repository_root(base);
            let text = crate::text::input::read_within(&path, &root).map_err(|e| {
                src.problem(at, format!("profile {shown}: {e}"))
                    .help("a profile path is relative to the test file")
            })?;
            profile::load(&shown, &text, &ids, overrides)
        }
        RawProfile::Inline(map) => {
            // JSON is YAML: the profile is read exactly as a file would be.
            // Its problems are shown at the test's `profile:` key.
            let text = serde_json::to_string(map).expect("a parsed map serializes");
            let label = format!("{} (test `{}`, inline profile)", src.file, test.name.value);
            profile::load(&label, &text, &ids, overrides).map_err(|d| {
                Diagnostics(
                    d.0.into_iter()
                        .map(|p| {
                            let mut moved =
                                src.problem(at, format!("inline profile: {}", p.message));
                            moved.help = p.help;
                            moved
                        })
                        .collect(),
                )
            })
        }
    }
}

/// The first two eligible strategies and their scores, for a failure.
fn standings(a: &Assessment, catalog: &Catalog) -> String {
    a.ranking
        .iter()
        .filter(|s| s.eligible)
        .take(3)
        .map(|s| {
            format!(
                "{} {:.2}",
                catalog.strategies[s.strategy].id,
                crate::text::number::hundredths(s.score)
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The rules that rule a strategy out, as the engine recorded them (its
/// own blocks and its base's).
fn blockers<'c>(a: &Assessment, catalog: &'c Catalog, s: StrategyId) -> Vec<&'c str> {
    a.scored(s)
        .reasons
        .iter()
        .filter(|r| r.kind != crate::analysis::engine::ReasonKind::Effect)
        .map(|r| catalog.rules[r.rule].id.as_str())
        .collect()
}
