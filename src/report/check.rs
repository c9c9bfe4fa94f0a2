//! The CI gate's findings in every pipeline's language: plain text, SARIF
//! 2.1.0 (code scanning), JUnit XML (test reports), GitHub workflow commands
//! (inline annotations) and a Markdown job summary. JSON lives in `wire`.
//!
//! Every format reports every profile checked, accepted ones included with
//! their reason, and every finding points at the `current:` key.

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
use serde_json::json;

use crate::domain::catalog::{Catalog, StrategyId};
use crate::gate::check::{FailOn, Finding, Invalid, Run, Verdict};
use crate::text::diag::Diagnostic;
use crate::text::escape::{self, visible, workflow_data, workflow_property, xml_data};

impl Invalid {
    /// Each problem with a place to point at (the file's start when none).
    fn each(&self) -> impl Iterator<Item = (&Diagnostic, u32, u32)> {
        self.problems
            .iter()
            .map(|d| (d, d.loc.line.max(1), d.loc.col.max(1)))
    }

    /// The first problem, with what would be right.
    pub(crate) fn message(&self) -> String {
        self.problems
            .first()
            .map_or_else(String::new, |d| match &d.help {
                Some(h) => format!("{} ({h})", d.message),
                None => d.message.clone(),
            })
    }
}

// How a run is shown; what it decides lives with the gate (`crate::gate::check`).
impl Run {
    fn count(&self, verdict: Verdict) -> usize {
        self.findings
            .iter()
            .filter(|f| f.verdict == verdict)
            .count()
    }

    /// What was read: single profiles (an invalid file counts as one), and
    /// hybrid systems with the workloads judged in them.
    pub(crate) fn files(&self) -> crate::report::view::Files {
        // A stale `current:` is a finding beside its profile's verdict,
        // not a profile.
        let judged: Vec<&Finding> = self
            .findings
            .iter()
            .filter(|f| f.verdict != Verdict::Stale)
            .collect();
        let mut systems: Vec<&str> = judged
            .iter()
            .filter(|f| f.workload.is_some())
            .map(|f| f.path.as_str())
            .collect();
        let workloads = systems.len();
        systems.dedup();
        crate::report::view::Files {
            profiles: judged.len() - workloads + self.invalid.len(),
            systems: systems.len(),
            workloads,
        }
    }

    /// `2 profiles checked: ...`; with hybrid systems, files and workloads
    /// counted apart (`3 files (2 profiles and 1 hybrid system with 3
    /// workloads) checked`), the verdicts counting each workload.
    pub(crate) fn summary(&self) -> String {
        // A stale `current:` is a finding beside its profile's verdict, not a profile.
        let stale = self.count(Verdict::Stale);
        let invalid = match self.invalid.len() {
            0 => String::new(),
            k => format!(", {k} invalid"),
        };
        let invalid = match stale {
            0 => invalid,
            k => format!("{invalid}, {k} stale current"),
        };
        format!(
            "{} checked: {} fit, {} drift, {} mismatch, {} accepted{invalid}{}",
            self.files().phrase(),
            self.count(Verdict::Fit),
            self.count(Verdict::Drift),
            self.count(Verdict::Mismatch),
            self.count(Verdict::Accepted),
            self.skipped_line()
                .map_or_else(String::new, |line| format!("; {line}"))
        )
    }

    /// What the search passed over, in one line (the first ten named), or
    /// `None` when nothing was.
    pub(crate) fn skipped_line(&self) -> Option<String> {
        const NAMED: usize = 10;
        let n = self.skipped.len();
        if n == 0 {
            return None;
        }
        let mut names: Vec<String> = self
            .skipped
            .iter()
            .take(NAMED)
            .map(|s| visible(s).into_owned())
            .collect();
        if n > NAMED {
            names.push(format!("and {} more", n - NAMED));
        }
        Some(format!(
            "{n} file{} named like a profile not checked: {}",
            if n == 1 { "" } else { "s" },
            names.join(", ")
        ))
    }

    /// How serious a verdict is in this run: drift is an error only when
    /// `--fail-on drift` makes it fail the job.
    fn level(&self, verdict: Verdict) -> Level {
        match verdict {
            _ if self.fail_on.fails(verdict) => Level::Error,
            Verdict::Drift => Level::Warning,
            Verdict::Accepted => Level::Note,
            Verdict::Fit => Level::None,
            Verdict::Mismatch | Verdict::Stale => Level::Error,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Error,
    Warning,
    Note,
    None,
}

impl Level {
    fn sarif(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "note",
            Level::None => "none",
        }
    }
}

fn id(catalog: &Catalog, s: StrategyId) -> &str {
    &catalog.strategies[s].id
}

pub(crate) fn text(run: &Run, catalog: &Catalog) -> String {
    let mut out = String::new();
    for f in &run.findings {
        let strategies = if f.verdict == Verdict::Fit {
            String::new()
        } else if let Some(d) = &f.detected {
            format!(
                " (current: {}, deployed: {})",
                id(catalog, f.current),
                id(catalog, d.strategy)
            )
        } else {
            format!(
                " (current: {}, recommended: {})",
                id(catalog, f.current),
                id(catalog, f.recommendation)
            )
        };
        out.push_str(&format!(
            "{}:{}:{}: {}: {}{strategies}\n",
            visible(&f.path),
            f.loc.line,
            f.loc.col,
            f.verdict.name(),
            visible(&f.message),
        ));
    }
    for i in &run.invalid {
        for (d, line, col) in i.each() {
            out.push_str(&format!(
                "{}:{line}:{col}: invalid: {}\n",
                visible(&i.path),
                visible(&d.message)
            ));
        }
    }
    for pack in crate::report::view::packs_summary(catalog) {
        out.push_str(&format!("rules: {pack}\n"));
    }
    out.push_str(&run.summary());
    out.push_str(if run.failed() {
        " — FAILED\n"
    } else {
        " — passed\n"
    });
    out
}

/// The SARIF rules: one per verdict that is a finding. Stable identifiers,
/// documented here once and listed under `tool.driver.rules`.
const SARIF_RULES: &[(&str, Verdict, &str, &str)] = &[
    (
        "strategy-mismatch",
        Verdict::Mismatch,
        "The profile's current deployment strategy no longer fits it",
        "The strategy named by `current:` is ruled out by a hard limit, or trails the recommended strategy by more than the allowed gap (--max-gap). Run `advise PROFILE` to see the reasons, then change the strategy, fix the profile, or record a time-limited `accept:` block with a reason.",
    ),
    (
        "strategy-drift",
        Verdict::Drift,
        "The profile's current strategy is no longer the recommendation",
        "The strategy named by `current:` is still within the allowed gap of the recommendation, but another strategy now scores higher. Run `advise PROFILE` to see what changed.",
    ),
];

// Over 100 lines: the SARIF document is one JSON value, written as its
// schema nests it (rules, results, suppressions, stale acceptances,
// invalid files).
pub(crate) fn sarif(run: &Run, catalog: &Catalog) -> String {
    let rules: Vec<serde_json::Value> = SARIF_RULES
        .iter()
        .map(|(rule, verdict, short, help)| {
            let level = if *verdict == Verdict::Mismatch {
                "error"
            } else {
                "warning"
            };
            sarif_rule(rule, short, help, help, level)
        })
        .collect();
    let results: Vec<serde_json::Value> = run
        .findings
        .iter()
        .filter(|f| !matches!(f.verdict, Verdict::Fit | Verdict::Stale))
        .map(|f| {
            // An accepted mismatch is still the mismatch rule, reported as
            // suppressed in source with its justification: auditable.
            let verdict = if f.verdict == Verdict::Accepted {
                Verdict::Mismatch
            } else {
                f.verdict
            };
            let index = SARIF_RULES.iter().position(|r| r.1 == verdict).unwrap_or(0);
            let mut result = json!({
                "ruleId": SARIF_RULES[index].0,
                "ruleIndex": index,
                "level": run.level(f.verdict).sarif(),
                "message": { "text": f.message },
                "locations": location(&f.path, f.loc.line, f.loc.col),
                "properties": {
                    "profile": f.profile,
                    "current": id(catalog, f.current),
                    "recommendation": id(catalog, f.recommendation),
                    "verdict": f.verdict.name(),
                    "gap": crate::text::number::hundredths(f.gap),
                },
            });
            if let (Verdict::Accepted, Some(a)) = (f.verdict, &f.accept) {
                result["suppressions"] = json!([{
                    "kind": "inSource",
                    "status": "accepted",
                    "justification": format!("{} (until {})", a.reason, a.until),
                }]);
            }
            result
        })
        .collect();
    let mut rules = rules;
    let mut results = results;
    let stale: Vec<&Finding> = run.findings.iter().filter(|f| f.accept_stale).collect();
    if !stale.is_empty() {
        let index = rules.len();
        // A note, or a warning where drift fails the job.
        let level = if run.fail_on == FailOn::Drift {
            "warning"
        } else {
            "note"
        };
        rules.push(sarif_rule(
            "stale-acceptance",
            "An accept: block has nothing left to accept",
            "The strategy the profile keeps with `accept:` is no longer a mismatch. Remove the block, so that it cannot hide a future mismatch.",
            "Delete the profile's `accept:` block.",
            level,
        ));
        for f in stale {
            results.push(json!({
                "ruleId": "stale-acceptance",
                "ruleIndex": index,
                "level": level,
                "message": { "text": f.message },
                "locations": location(&f.path, f.loc.line, f.loc.col),
                "properties": { "verdict": f.verdict.name(), "profile": f.profile },
            }));
        }
    }
    let stale_current: Vec<&Finding> = run
        .findings
        .iter()
        .filter(|f| f.verdict == Verdict::Stale)
        .collect();
    if !stale_current.is_empty() {
        let index = rules.len();
        rules.push(sarif_rule(
            "stale-current",
            "The profile's current strategy is not what its directory deploys",
            "`advise check --detect` read the deployment files beside the profile (Kubernetes manifests, Terraform, serverless.yml, ...) and found none that runs the strategy `current:` names: the gate was judging a strategy the repository no longer runs. The result's related location names a file that shows the strategy in use.",
            "Update `current:` to the strategy the repository deploys (`advise detect DIR` lists what it found), or run `advise init` for a fresh draft.",
            "error",
        ));
        for f in stale_current {
            let mut result = json!({
                "ruleId": "stale-current",
                "ruleIndex": index,
                "level": "error",
                "message": { "text": f.message },
                "locations": location(&f.path, f.loc.line, f.loc.col),
                "properties": {
                    "profile": f.profile,
                    "current": id(catalog, f.current),
                    "verdict": f.verdict.name(),
                },
            });
            if let Some(d) = &f.detected {
                result["properties"]["deployed"] = json!(id(catalog, d.strategy));
                result["relatedLocations"] = json!([{
                    "id": 1,
                    "physicalLocation": {
                        "artifactLocation": artifact(&d.path),
                        "region": { "startLine": d.line.max(1) },
                    },
                    "message": { "text": d.what },
                }]);
            }
            results.push(result);
        }
    }
    if !run.invalid.is_empty() {
        let index = rules.len();
        rules.push(sarif_rule(
            "invalid-profile",
            "The profile could not be read or is not valid",
            "The profile is not valid YAML, or breaks the profile format (docs/profile.md); the gate judged the other profiles and fails this run. Fix the problem at the line shown.",
            "Run `advise PROFILE` to see every problem with its line, column and what would be right.",
            "error",
        ));
        for i in &run.invalid {
            for (d, line, col) in i.each() {
                results.push(json!({
                    "ruleId": "invalid-profile",
                    "ruleIndex": index,
                    "level": "error",
                    "message": { "text": match &d.help {
                        Some(h) => format!("{} ({h})", d.message),
                        None => d.message.clone(),
                    }},
                    "locations": location(&i.path, line, col),
                    "properties": { "verdict": "invalid" },
                }));
            }
        }
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "advise",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut log = log;
    if !catalog.packs.is_empty() {
        log["runs"][0]["properties"] = json!({ "packs": crate::report::wire::packs(catalog) });
    }
    sarif_strings(&mut log);
    if !run.skipped.is_empty() {
        log["runs"][0]["properties"]["skipped"] = json!(run.skipped);
    }
    crate::report::serial::json(&log)
}

/// Every string of a SARIF log as [`escape::json_text`] leaves it: SARIF
/// viewers show it as text in XML-minded pages, where U+FFFE or a bidi
/// override would break or mislead.
fn sarif_strings(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::String(s) => {
            if let std::borrow::Cow::Owned(t) = escape::json_text(s) {
                *s = t;
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(sarif_strings),
        serde_json::Value::Object(map) => map.values_mut().for_each(sarif_strings),
        _ => {}
    }
}

/// A SARIF reporting descriptor (one rule of the driver).
fn sarif_rule(id: &str, short: &str, full: &str, help: &str, level: &str) -> serde_json::Value {
    json!({
        "id": id,
        "name": id,
        "shortDescription": { "text": short },
        "fullDescription": { "text": full },
        "help": { "text": help },
        "defaultConfiguration": { "level": level },
    })
}

/// A result's locations: one place in one file, lines and columns from 1.
fn location(path: &str, line: u32, col: u32) -> serde_json::Value {
    json!([{
        "physicalLocation": {
            "artifactLocation": artifact(path),
            "region": { "startLine": line.max(1), "startColumn": col.max(1) },
        }
    }])
}

/// A SARIF artifact location: a relative path is relative to the
/// repository root (`%SRCROOT%`), which code scanning resolves.
fn artifact(path: &str) -> serde_json::Value {
    if std::path::Path::new(path).is_absolute() {
        json!({ "uri": format!("file://{}", uri(path)) })
    } else {
        json!({ "uri": uri(path), "uriBaseId": "%SRCROOT%" })
    }
}

/// A relative file path as a SARIF URI reference: forward slashes, no
/// leading `./`, and the characters URIs reserve percent-encoded.
fn uri(path: &str) -> String {
    escape::uri_path(path.replace('\\', "/").trim_start_matches("./"))
}

pub(crate) fn junit(run: &Run, catalog: &Catalog) -> String {
    let mut suite = TestSuite::new("advise check");
    for f in &run.findings {
        let status = if run.fail_on.fails(f.verdict) {
            let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
            let description = match &f.detected {
                Some(d) => format!(
                    "{}:{}:{}: current: {}, deployed: {} ({}:{})",
                    xml_data(&f.path),
                    f.loc.line,
                    f.loc.col,
                    id(catalog, f.current),
                    id(catalog, d.strategy),
                    xml_data(&d.path),
                    d.line
                ),
                None => format!(
                    "{}:{}:{}: current: {}, recommended: {}, gap: {:.2}",
                    xml_data(&f.path),
                    f.loc.line,
                    f.loc.col,
                    id(catalog, f.current),
                    id(catalog, f.recommendation),
                    f.gap
                ),
            };
            s.set_message(xml_data(&f.message))
                .set_type(f.verdict.name())
                .set_description(description);
            s
        } else {
            TestCaseStatus::success()
        };
        // A workload is named after its system and itself, so that each
        // (classname, name) pair is unique: CI systems merge cases that
        // share one; a stale `current:` is a case of its own beside it.
        let name = match &f.workload {
            Some(w) => format!("{}#{w}", f.profile),
            None => f.profile.clone(),
        };
        let name = match f.verdict {
            Verdict::Stale => format!("{name} (current is stale)"),
            _ => name,
        };
        let mut case = TestCase::new(xml_data(&name), status);
        case.set_classname(xml_data(&f.path));
        case.add_property(quick_junit::Property::new("verdict", f.verdict.name()));
        if !run.fail_on.fails(f.verdict) {
            case.set_system_out(format!("{}: {}", f.verdict.name(), xml_data(&f.message)));
        }
        suite.add_test_case(case);
    }
    for i in &run.invalid {
        let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
        status
            .set_message(xml_data(&i.message()))
            .set_type("invalid")
            .set_description(
                i.each()
                    .map(|(d, line, col)| {
                        format!(
                            "{}:{line}:{col}: {}",
                            xml_data(&i.path),
                            xml_data(&d.message)
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n"),
            );
        let mut case = TestCase::new(xml_data(&i.path), status);
        case.set_classname(xml_data(&i.path));
        case.add_property(quick_junit::Property::new("verdict", "invalid"));
        suite.add_test_case(case);
    }
    for (k, pack) in crate::report::view::packs_summary(catalog)
        .into_iter()
        .enumerate()
    {
        suite.add_property(quick_junit::Property::new(
            format!("pack.{}", k + 1),
            xml_data(&pack),
        ));
    }
    if let Some(line) = run.skipped_line() {
        suite.add_property(quick_junit::Property::new("skipped", xml_data(&line)));
    }
    let mut report = Report::new("advise");
    report.add_test_suite(suite);
    report.to_string().expect("JUnit XML serializes")
}

/// GitHub Actions workflow commands: errors and warnings appear inline on
/// the pull request at the `current:` line.
pub(crate) fn github(run: &Run, catalog: &Catalog) -> String {
    let mut out = String::new();
    for f in &run.findings {
        let command = match run.level(f.verdict) {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Note => "notice",
            // A fit with a stale acceptance still says so.
            Level::None if f.accept_stale && run.fail_on == FailOn::Drift => "warning",
            Level::None if f.accept_stale => "notice",
            Level::None => continue,
        };
        let title = match &f.detected {
            Some(d) => format!(
                "advise: current is stale ({} deployed)",
                id(catalog, d.strategy)
            ),
            None => format!(
                "advise: {} ({} recommended)",
                f.verdict.name(),
                id(catalog, f.recommendation)
            ),
        };
        out.push_str(&format!(
            "::{command} file={},line={},col={},title={}::{}\n",
            workflow_property(&f.path),
            f.loc.line.max(1),
            f.loc.col.max(1),
            workflow_property(&title),
            workflow_data(&f.message)
        ));
    }
    for i in &run.invalid {
        for (d, line, col) in i.each() {
            out.push_str(&format!(
                "::error file={},line={line},col={col},title={}::{}\n",
                workflow_property(&i.path),
                workflow_property("advise: invalid profile"),
                workflow_data(&d.message)
            ));
        }
    }
    for pack in crate::report::view::packs_summary(catalog) {
        out.push_str(&format!(
            "::notice title={}::{}\n",
            workflow_property("advise: rule pack"),
            workflow_data(&pack)
        ));
    }
    out.push_str(&format!("{}\n", run.summary()));
    out
}

pub(crate) fn markdown(run: &Run, catalog: &Catalog) -> String {
    let mut out = format!(
        "## advise check: {}\n\n{}\n\n",
        if run.failed() { "failed" } else { "passed" },
        run.summary()
    );
    for pack in crate::report::view::packs_summary(catalog) {
        out.push_str(&format!("Rules: {}\n\n", escape::markdown(&pack)));
    }
    out.push_str("| profile | file | current | recommended | verdict | gap | message |\n");
    out.push_str("| --- | --- | --- | --- | --- | ---: | --- |\n");
    for f in &run.findings {
        let name = match &f.workload {
            Some(w) => format!("{}#{w}", f.profile),
            None => f.profile.clone(),
        };
        out.push_str(&format!(
            "| {} | `{}:{}` | {} | {} | {} | {:.2} | {} |\n",
            escape::markdown(&name),
            escape::markdown(&f.path),
            f.loc.line,
            id(catalog, f.current),
            id(catalog, f.recommendation),
            f.verdict.name(),
            f.gap,
            escape::markdown(&f.message)
        ));
    }
    for i in &run.invalid {
        let line = i.each().next().map_or(1, |(_, line, _)| line);
        out.push_str(&format!(
            "| | `{}:{line}` | | | invalid | | {} |\n",
            escape::markdown(&i.path),
            escape::markdown(&i.message())
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_references() {
        assert_eq!(
            uri("./svc/pay ments/advise.yaml"),
            "svc/pay%20ments/advise.yaml"
        );
        assert_eq!(uri("a\\b.yaml"), "a/b.yaml");
    }
}
