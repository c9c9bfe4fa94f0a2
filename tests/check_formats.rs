//! `advise check`, the CI gate: verdicts and exit codes, the directory
//! search, where findings point, `--output`, and the machine formats (SARIF
//! validated against the SARIF 2.1.0 schema, JUnit parsed back).
//!
//! The fixtures under `tests/data/check/repo/` are a repository-like tree
//! with one profile per verdict (the verdicts were established by running
//! the tool; `--max-gap` keeps drift and mismatch apart whatever small
//! changes the catalog sees):
//!
//! | file | current | verdict |
//! | --- | --- | --- |
//! | `advise.yaml` (line 4) | serverless | fit |
//! | `services/billing/billing.advise.yaml` (line 2) | serverless | accepted until 2027-06-30 |
//! | `services/checkout/advise.yaml` (line 4) | serverless | mismatch: ruled out on premises |
//! | `services/telemetry/telemetry.advise.yaml` (line 18, column 3) | container | drift, about 4 points behind |
//!
//! Every other file in the tree is YAML that is not a profile (or not named
//! like one) and would fail the run if it were read.

use std::path::Path;

use serde_json::Value;

use crate::common::{self, advise, code, scratch_dir, stderr, stdout};

const REPO: &str = "tests/data/check/repo";
const FIT: &str = "tests/data/check/repo/advise.yaml";
const ACCEPTED: &str = "tests/data/check/repo/services/billing/billing.advise.yaml";
const MISMATCH: &str = "tests/data/check/repo/services/checkout/advise.yaml";
const DRIFT: &str = "tests/data/check/repo/services/telemetry/telemetry.advise.yaml";

/// Inside the acceptance, and after it.
const BEFORE_UNTIL: &str = "2027-01-01";
const AFTER_UNTIL: &str = "2027-07-01";
const REASON: &str = "moving to containers in Q3, see OPS-142";

const FORMATS: [&str; 6] = ["text", "json", "sarif", "junit", "github", "markdown"];

fn check(args: &[&str]) -> std::process::Output {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    let out = advise(&all);
    assert!(
        !stderr(&out).contains("panicked"),
        "advise {all:?}:\n{}",
        stderr(&out)
    );
    out
}

fn json(out: &std::process::Output) -> Value {
    serde_json::from_str(&stdout(out)).unwrap_or_else(|e| panic!("{e}:\n{}", stdout(out)))
}

fn verdicts(findings: &Value) -> Vec<(&str, &str)> {
    findings
        .as_array()
        .expect("an array of findings")
        .iter()
        .map(|f| {
            (
                f["path"].as_str().expect("path"),
                f["verdict"].as_str().expect("verdict"),
            )
        })
        .collect()
}

// ---------------------------------------------------------------- verdicts

#[test]
fn a_profile_whose_current_strategy_is_recommended_fits_and_passes() {
    let out = check(&[FIT]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.starts_with(&format!(
            "{FIT}:4:1: fit: serverless is the recommended strategy (score "
        )),
        "{text}"
    );
    assert!(
        text.ends_with("1 profile checked: 1 fit, 0 drift, 0 mismatch, 0 accepted — passed\n"),
        "{text}"
    );
    assert!(stderr(&out).is_empty());
}

#[test]
fn drift_passes_by_default_and_fails_with_fail_on_drift() {
    let out = check(&[DRIFT, "--max-gap", "10"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert!(
        stdout(&out)
            .contains(": drift: container is no longer the recommendation: serverless leads by "),
        "{}",
        stdout(&out)
    );
    assert!(stdout(&out).ends_with(" — passed\n"));

    let out = check(&[DRIFT, "--max-gap", "10", "--fail-on", "drift"]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    assert!(stdout(&out).contains(": drift: "), "{}", stdout(&out));
    assert!(stdout(&out).ends_with(" — FAILED\n"));
}

#[test]
fn trailing_by_more_than_the_max_gap_is_a_mismatch_and_fails() {
    let out = check(&[DRIFT, "--max-gap", "0.5"]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    let text = stdout(&out);
    assert!(
        text.contains(": mismatch: container trails serverless by ")
            && text.contains("(allowed: 0.50)"),
        "{text}"
    );
    assert!(text.ends_with(" — FAILED\n"));
}

#[test]
fn a_strategy_ruled_out_by_a_hard_limit_is_a_mismatch_whatever_the_gap() {
    let out = check(&[MISMATCH, "--max-gap", "1000"]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    assert!(
        stdout(&out).contains(&format!(
            "{MISMATCH}:4:1: mismatch: serverless is ruled out for this profile: "
        )),
        "{}",
        stdout(&out)
    );
}

#[test]
fn an_accepted_mismatch_passes_and_every_format_reports_its_reason() {
    for format in FORMATS {
        let out = check(&[ACCEPTED, "--today", BEFORE_UNTIL, "--format", format]);
        assert_eq!(code(&out), 0, "--format {format}:\n{}", stdout(&out));
        let shown = stdout(&out);
        assert!(
            shown.contains(REASON),
            "--format {format} hides the reason:\n{shown}"
        );
        assert!(shown.contains("accepted"), "--format {format}:\n{shown}");
    }
    let findings = json(&check(&[
        ACCEPTED,
        "--today",
        BEFORE_UNTIL,
        "--format",
        "json",
    ]));
    assert_eq!(findings[0]["verdict"], "accepted");
    assert_eq!(findings[0]["accept"]["reason"], REASON);
    assert_eq!(findings[0]["accept"]["until"], "2027-06-30");
    assert_eq!(findings[0]["accept"]["lapsed"], false);
}

#[test]
fn an_acceptance_holds_through_its_last_day() {
    let out = check(&[ACCEPTED, "--today", "2027-06-30"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert!(stdout(&out).contains(": accepted: "), "{}", stdout(&out));
}

#[test]
fn a_lapsed_acceptance_is_a_mismatch_again() {
    let out = check(&[ACCEPTED, "--today", AFTER_UNTIL]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    let text = stdout(&out);
    assert!(text.contains(": mismatch: "), "{text}");
    assert!(
        text.contains(&format!("the acceptance lapsed on 2027-06-30 ({REASON})")),
        "{text}"
    );
    let findings = json(&check(&[
        ACCEPTED,
        "--today",
        AFTER_UNTIL,
        "--format",
        "json",
    ]));
    assert_eq!(findings[0]["verdict"], "mismatch");
    assert_eq!(findings[0]["accept"]["lapsed"], true);
}

#[test]
fn an_audit_with_no_accept_ignores_every_acceptance() {
    let out = check(&[ACCEPTED, "--today", BEFORE_UNTIL, "--no-accept"]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    assert!(stdout(&out).contains(": mismatch: "), "{}", stdout(&out));
    assert!(!stdout(&out).contains("accepted until"), "{}", stdout(&out));
}

#[test]
fn finding_no_profiles_is_an_input_error() {
    let empty = scratch_dir("empty");
    std::fs::write(empty.join("values.yaml"), "replicaCount: 3\n").expect("write");
    let out = check(&[empty.to_str().expect("UTF-8")]);
    assert_eq!(code(&out), 2);
    assert!(stdout(&out).is_empty());
    assert!(
        stderr(&out).contains("no profiles found in "),
        "{}",
        stderr(&out)
    );
}

// ---------------------------------------------------------- directory search

#[test]
fn directories_are_searched_recursively_for_profile_names_only_in_sorted_order() {
    let out = check(&[
        REPO,
        "--today",
        BEFORE_UNTIL,
        "--max-gap",
        "10",
        "--format",
        "json",
    ]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let findings = json(&out);
    assert_eq!(
        verdicts(&findings),
        [
            (FIT, "fit"),
            (ACCEPTED, "accepted"),
            (MISMATCH, "mismatch"),
            (DRIFT, "drift"),
        ]
    );
    // The same search with a trailing slash, and run again: identical bytes.
    let again = check(&[
        &format!("{REPO}/"),
        "--today",
        BEFORE_UNTIL,
        "--max-gap",
        "10",
        "--format",
        "json",
    ]);
    assert_eq!(stdout(&again), stdout(&out));
}

#[test]
fn a_profile_named_directly_and_found_through_its_directory_is_checked_once() {
    let out = check(&[
        FIT,
        "./tests/data/check/repo/advise.yaml",
        "--format",
        "json",
    ]);
    assert_eq!(verdicts(&json(&out)), [(FIT, "fit")]);
}

#[test]
fn a_git_directory_is_not_searched() {
    let dir = scratch_dir("git-directory");
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    std::fs::copy(crate::common::root().join(FIT), dir.join("advise.yaml")).unwrap();
    // Invalid on purpose: the run fails with exit 2 if it is ever read.
    std::fs::write(dir.join(".git").join("advise.yaml"), "servics: [").unwrap();
    let out = check(&[dir.to_str().unwrap(), "--format", "json"]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(json(&out).as_array().map(Vec::len), Some(1));
}

#[test]
fn files_are_checked_in_argument_order_and_directories_expand_in_place() {
    let out = check(&[
        DRIFT,
        "tests/data/check/repo/services/checkout",
        FIT,
        "--max-gap",
        "10",
        "--format",
        "json",
    ]);
    assert_eq!(
        verdicts(&json(&out)),
        [(DRIFT, "drift"), (MISMATCH, "mismatch"), (FIT, "fit")]
    );
}

#[test]
fn the_text_report_lists_every_profile_and_counts_every_verdict() {
    let out = check(&[REPO, "--today", BEFORE_UNTIL, "--max-gap", "10"]);
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5, "{text}");
    assert!(lines[0].starts_with(&format!("{FIT}:4:1: fit: ")), "{text}");
    assert!(
        lines[1].starts_with(&format!("{ACCEPTED}:2:1: accepted: ")),
        "{text}"
    );
    assert!(
        lines[2].starts_with(&format!("{MISMATCH}:4:1: mismatch: ")),
        "{text}"
    );
    assert!(
        lines[3].starts_with(&format!("{DRIFT}:19:3: drift: ")),
        "{text}"
    );
    assert_eq!(
        lines[4],
        "4 profiles checked: 1 fit, 1 drift, 1 mismatch, 1 accepted — FAILED"
    );
}

// ---------------------------------------------------------------- locations

/// Where each format says a finding is: (path, line, column).
fn locations(format: &str, output: &str) -> Vec<(String, u64, u64)> {
    match format {
        "text" => output
            .lines()
            .filter(|l| l.contains(".yaml:"))
            .map(|l| {
                let mut parts = l.splitn(4, ':');
                let path = parts.next().expect("path").to_owned();
                let line = parts.next().expect("line").parse().expect("line number");
                let col = parts
                    .next()
                    .expect("column")
                    .parse()
                    .expect("column number");
                (path, line, col)
            })
            .collect(),
        "json" => serde_json::from_str::<Value>(output)
            .expect("JSON")
            .as_array()
            .expect("array")
            .iter()
            .map(|f| {
                (
                    f["path"].as_str().expect("path").to_owned(),
                    f["line"].as_u64().expect("line"),
                    f["column"].as_u64().expect("column"),
                )
            })
            .collect(),
        "sarif" => {
            serde_json::from_str::<Value>(output).expect("SARIF is JSON")["runs"][0]["results"]
                .as_array()
                .expect("results")
                .iter()
                .map(|r| {
                    let physical = &r["locations"][0]["physicalLocation"];
                    (
                        physical["artifactLocation"]["uri"]
                            .as_str()
                            .expect("uri")
                            .to_owned(),
                        physical["region"]["startLine"].as_u64().expect("startLine"),
                        physical["region"]["startColumn"]
                            .as_u64()
                            .expect("startColumn"),
                    )
                })
                .collect()
        }
        "github" => output
            .lines()
            .filter(|l| l.starts_with("::"))
            .map(|l| {
                let props = l
                    .split_once(' ')
                    .expect("command and properties")
                    .1
                    .split_once("::")
                    .expect("properties end")
                    .0;
                let get = |key: &str| {
                    props
                        .split(',')
                        .find_map(|p| p.strip_prefix(&format!("{key}=")))
                        .unwrap_or_else(|| panic!("no {key} in {l}"))
                        .to_owned()
                };
                (
                    get("file"),
                    get("line").parse().expect("line"),
                    get("col").parse().expect("col"),
                )
            })
            .collect(),
        other => unreachable!("{other}"),
    }
}

#[test]
fn every_format_points_at_the_line_and_column_of_the_current_key() {
    // Fit findings are not results in SARIF or annotations on GitHub.
    for (format, expected) in [
        ("text", vec![(MISMATCH, 4, 1), (DRIFT, 19, 3)]),
        ("json", vec![(MISMATCH, 4, 1), (DRIFT, 19, 3)]),
        ("sarif", vec![(MISMATCH, 4, 1), (DRIFT, 19, 3)]),
        ("github", vec![(MISMATCH, 4, 1), (DRIFT, 19, 3)]),
    ] {
        let out = check(&[MISMATCH, DRIFT, "--max-gap", "10", "--format", format]);
        let expected: Vec<(String, u64, u64)> = expected
            .into_iter()
            .map(|(p, l, c)| (p.to_owned(), l, c))
            .collect();
        assert_eq!(
            locations(format, &stdout(&out)),
            expected,
            "--format {format}"
        );
    }
    let out = check(&[FIT, "--format", "json"]);
    assert_eq!(locations("json", &stdout(&out)), [(FIT.to_owned(), 4, 1)]);
}

#[test]
fn with_expect_every_format_points_at_the_first_line() {
    for format in ["text", "json", "sarif", "github"] {
        // Both profiles have a `current:` key elsewhere; --expect overrides it.
        let out = check(&[
            MISMATCH,
            DRIFT,
            "--expect",
            "service-mesh",
            "--max-gap",
            "0",
            "--format",
            format,
        ]);
        let found = locations(format, &stdout(&out));
        assert_eq!(
            found,
            [(MISMATCH.to_owned(), 1, 1), (DRIFT.to_owned(), 1, 1)],
            "--format {format}:\n{}",
            stdout(&out)
        );
    }
}

#[test]
fn junit_and_markdown_name_the_line_of_the_current_key() {
    let out = check(&[DRIFT, "--max-gap", "0.5", "--format", "junit"]);
    assert!(
        stdout(&out).contains(&format!(
            "{DRIFT}:19:3: current: container, recommended: serverless"
        )),
        "{}",
        stdout(&out)
    );
    let out = check(&[DRIFT, "--max-gap", "10", "--format", "markdown"]);
    assert!(
        stdout(&out).contains(&format!("`{DRIFT}:19`")),
        "{}",
        stdout(&out)
    );
}

// -------------------------------------------------------------- --output

#[test]
fn output_writes_every_named_format_and_stdout_still_gets_its_own() {
    let dir = scratch_dir("outputs");
    let common = [REPO, "--today", BEFORE_UNTIL, "--max-gap", "10"];
    let mut args: Vec<String> = common.iter().map(|s| (*s).to_owned()).collect();
    args.extend(["--format".into(), "github".into()]);
    for format in FORMATS {
        args.push("--output".into());
        args.push(format!(
            "{format}={}",
            dir.join(format!("report.{format}")).display()
        ));
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = check(&args);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));

    let alone = |format: &str| {
        let mut a = common.to_vec();
        a.extend(["--format", format]);
        stdout(&check(&a))
    };
    assert_eq!(stdout(&out), alone("github"), "stdout keeps --format");
    for format in FORMATS {
        let written = std::fs::read_to_string(dir.join(format!("report.{format}")))
            .unwrap_or_else(|e| panic!("--output {format}: {e}"));
        assert_eq!(
            written,
            alone(format),
            "--output {format}=... differs from --format {format}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_unwritable_output_is_an_input_error() {
    // A missing directory is created; a path under a plain file cannot be.
    let dir = scratch_dir("unwritable");
    let file = dir.join("a-file");
    std::fs::write(&file, "").unwrap();
    let target = file.join("advise.sarif");
    let out = check(&[FIT, "--output", &format!("sarif={}", target.display())]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("--output: cannot "),
        "{}",
        stderr(&out)
    );
}

// ------------------------------------------------------------------ SARIF

/// Schema resolution must stay offline: any attempt to fetch fails the test.
struct NoNetwork;

impl jsonschema::Retrieve for NoNetwork {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        panic!("the SARIF schema tried to fetch {uri}; it must validate offline")
    }
}

pub(crate) fn sarif_validator() -> jsonschema::Validator {
    let path = crate::common::root().join("tests/data/sarif-schema-2.1.0.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("schema copy"))
        .expect("the schema is JSON");
    jsonschema::options()
        .with_retriever(NoNetwork)
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

fn schema_errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn the_sarif_schema_copy_matches_the_shared_one_when_it_is_there() {
    // CI clones the repository with the shared specification beside it.
    let shared = crate::common::root().join("../shared/schemas/sarif-schema-2.1.0.json");
    if let Ok(original) = std::fs::read(&shared) {
        let copy = std::fs::read(crate::common::root().join("tests/data/sarif-schema-2.1.0.json"))
            .expect("schema copy");
        assert!(
            copy == original,
            "tests/data/sarif-schema-2.1.0.json differs from {}",
            shared.display()
        );
    }
}

#[test]
fn sarif_is_valid_against_the_sarif_2_1_0_schema() {
    let validator = sarif_validator();
    for args in [
        vec![REPO, "--today", BEFORE_UNTIL, "--max-gap", "10"],
        vec![REPO, "--today", AFTER_UNTIL, "--fail-on", "drift"],
        vec![FIT],
        vec![MISMATCH, DRIFT, "--expect", "service-mesh"],
    ] {
        let mut a = args.clone();
        a.extend(["--format", "sarif"]);
        let log = json(&check(&a));
        let errors = schema_errors(&validator, &log);
        assert!(
            errors.is_empty(),
            "advise check {args:?}:\n{}",
            errors.join("\n")
        );
    }
}

#[test]
fn the_sarif_validation_does_reject_an_invalid_log() {
    // A control: the validator must not pass everything.
    let validator = sarif_validator();
    let mut log = json(&check(&[MISMATCH, "--format", "sarif"]));
    log["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!schema_errors(&validator, &log).is_empty());
    let mut log = json(&check(&[MISMATCH, "--format", "sarif"]));
    log["runs"][0]["invented"] = Value::from(true);
    assert!(!schema_errors(&validator, &log).is_empty());
}

#[test]
fn sarif_documents_its_rules_and_every_result_is_complete() {
    let log = json(&check(&[
        REPO,
        "--today",
        BEFORE_UNTIL,
        "--max-gap",
        "10",
        "--format",
        "sarif",
    ]));
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "advise");
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    assert!(!rules.is_empty());
    let ids: Vec<&str> = rules
        .iter()
        .map(|r| r["id"].as_str().expect("rule id"))
        .collect();
    for rule in rules {
        for key in ["shortDescription", "help"] {
            let text = rule[key]["text"].as_str().unwrap_or_default();
            assert!(!text.trim().is_empty(), "rule {} has no {key}", rule["id"]);
        }
    }
    let results = run["results"].as_array().expect("results");
    // The fit is not a result; the accepted, mismatched and drifting ones are.
    assert_eq!(results.len(), 3, "{results:#?}");
    for r in results {
        let rule = r["ruleId"].as_str().expect("ruleId");
        assert!(ids.contains(&rule), "{rule} is not among {ids:?}");
        let index = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(ids[index], rule);
        assert!(
            ["error", "warning", "note", "none"].contains(&r["level"].as_str().expect("level")),
            "{r}"
        );
        assert!(!r["message"]["text"].as_str().expect("message").is_empty());
        assert_eq!(r["locations"].as_array().expect("locations").len(), 1);
    }
    let by_verdict = |v: &str| {
        results
            .iter()
            .find(|r| r["properties"]["verdict"] == v)
            .unwrap_or_else(|| panic!("no {v} result"))
    };
    assert_eq!(by_verdict("mismatch")["level"], "error");
    assert_eq!(by_verdict("drift")["level"], "warning");
    let accepted = by_verdict("accepted");
    assert_eq!(accepted["level"], "note");
    let justification = accepted["suppressions"][0]["justification"]
        .as_str()
        .expect("an accepted finding is a suppressed result with its justification");
    assert!(justification.contains(REASON), "{justification}");
    assert_eq!(accepted["suppressions"][0]["kind"], "inSource");
}

#[test]
fn drift_is_an_error_in_sarif_when_it_fails_the_job() {
    let log = json(&check(&[
        DRIFT,
        "--max-gap",
        "10",
        "--fail-on",
        "drift",
        "--format",
        "sarif",
    ]));
    assert_eq!(log["runs"][0]["results"][0]["level"], "error");
}

#[test]
fn sarif_uris_are_relative_references_with_forward_slashes() {
    let log = json(&check(&[
        &format!("./{DRIFT}"),
        "--max-gap",
        "10",
        "--format",
        "sarif",
    ]));
    let uri = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"];
    assert_eq!(uri, DRIFT);
}

// ------------------------------------------------------------------ JUnit

#[test]
fn junit_has_one_test_case_per_profile_and_a_failure_per_mismatch() {
    for (args, cases, failures) in [
        (vec![REPO, "--today", BEFORE_UNTIL, "--max-gap", "10"], 4, 1),
        (vec![REPO, "--today", AFTER_UNTIL, "--max-gap", "10"], 4, 2),
        (
            vec![
                REPO,
                "--today",
                BEFORE_UNTIL,
                "--max-gap",
                "10",
                "--fail-on",
                "drift",
            ],
            4,
            2,
        ),
        (vec![FIT], 1, 0),
    ] {
        let mut a = args.clone();
        a.extend(["--format", "junit"]);
        let out = check(&a);
        let xml = stdout(&out);
        assert!(
            xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"),
            "{xml}"
        );
        let report = quick_junit::Report::deserialize_from_str(&xml).unwrap_or_else(|e| {
            panic!("advise check {args:?}: the JUnit XML does not parse: {e}\n{xml}")
        });
        assert_eq!(report.tests, cases, "{xml}");
        assert_eq!(report.failures, failures, "{xml}");
        assert_eq!(report.test_suites.len(), 1);
        let suite = &report.test_suites[0];
        assert_eq!(suite.test_cases.len(), cases);
        let failed = suite
            .test_cases
            .iter()
            .filter(|c| {
                matches!(
                    c.status,
                    quick_junit::TestCaseStatus::NonSuccess {
                        kind: quick_junit::NonSuccessKind::Failure,
                        ..
                    }
                )
            })
            .count();
        assert_eq!(failed, failures, "{xml}");
        // The text agrees with the parse.
        assert_eq!(xml.matches("<testcase ").count(), cases);
        assert_eq!(xml.matches("<failure ").count(), failures);
        assert_eq!(code(&out), i32::from(failures > 0));
    }
}

#[test]
fn junit_names_each_case_after_its_profile_and_file() {
    let xml = stdout(&check(&[
        REPO,
        "--today",
        BEFORE_UNTIL,
        "--max-gap",
        "10",
        "--format",
        "junit",
    ]));
    let report = quick_junit::Report::deserialize_from_str(&xml).expect("JUnit parses");
    let cases: Vec<(String, String)> = report.test_suites[0]
        .test_cases
        .iter()
        .map(|c| {
            (
                c.name.as_str().to_owned(),
                c.classname
                    .as_ref()
                    .map_or_else(String::new, |n| n.as_str().to_owned()),
            )
        })
        .collect();
    assert_eq!(
        cases,
        [
            ("storefront".to_owned(), FIT.to_owned()),
            ("billing".to_owned(), ACCEPTED.to_owned()),
            ("checkout".to_owned(), MISMATCH.to_owned()),
            ("telemetry".to_owned(), DRIFT.to_owned()),
        ]
    );
}

// ----------------------------------------------------------------- GitHub

#[test]
fn github_annotations_use_the_level_each_verdict_deserves() {
    let out = check(&[
        REPO,
        "--today",
        BEFORE_UNTIL,
        "--max-gap",
        "10",
        "--format",
        "github",
    ]);
    let text = stdout(&out);
    let commands: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("::"))
        .map(|l| l.split_once(' ').expect("command").0)
        .collect();
    // accepted, mismatch, drift; the fit gets no annotation.
    assert_eq!(commands, ["notice", "error", "warning"], "{text}");
    assert!(
        text.ends_with("4 profiles checked: 1 fit, 1 drift, 1 mismatch, 1 accepted\n"),
        "{text}"
    );
    // Properties are escaped: the title's colon is %3A.
    assert!(
        text.contains(",title=advise%3A mismatch (multi-instance recommended)::"),
        "{text}"
    );
}

#[test]
fn a_profile_from_stdin_is_checked_as_dash() {
    let input = std::fs::read(Path::new(crate::common::root()).join(ACCEPTED)).expect("fixture");
    let out = crate::common::advise_with_stdin(
        &["check", "-", "--today", BEFORE_UNTIL, "--format", "json"],
        Some(&input),
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let findings = json(&out);
    assert_eq!(verdicts(&findings), [("-", "accepted")]);
    assert_eq!(findings[0]["line"], 2);
}

// ------------------------------------------------- a broken profile among many

/// One typo in a monorepo: every other profile is still judged, every
/// format reports the broken one at its line, every --output file is
/// written, and the run exits 2.
#[test]
fn a_broken_profile_is_reported_in_every_format_and_the_rest_are_still_judged() {
    let dir = scratch_dir("broken-among-many");
    for (format, expect) in [
        (
            "text",
            "svc/orders.advise.yaml:4:3: invalid: unknown key `enginers`",
        ),
        ("json", "\"verdict\": \"invalid\""),
        ("sarif", "\"ruleId\": \"invalid-profile\""),
        ("junit", "type=\"invalid\""),
        (
            "github",
            "::error file=tests/data/check/broken/svc/orders.advise.yaml,line=4,col=3,",
        ),
        ("markdown", "| invalid |"),
    ] {
        let saved = dir.join(format!("report.{format}"));
        let out = check(&[
            "tests/data/check/broken",
            "--format",
            format,
            "--output",
            &format!("{format}={}", saved.display()),
        ]);
        assert_eq!(code(&out), 2, "--format {format}");
        let text = stdout(&out);
        assert!(text.contains(expect), "--format {format}:\n{text}");
        // The valid profile beside it is still judged (SARIF and github
        // list only what needs attention, never a fit).
        match format {
            "sarif" => {
                let log: Value = serde_json::from_str(&text).unwrap();
                assert_eq!(
                    schema_errors(&sarif_validator(), &log),
                    Vec::<String>::new()
                );
            }
            "github" => assert!(text.contains("2 profiles checked: 1 fit"), "{text}"),
            _ => assert!(
                text.contains("tests/data/check/broken/advise.yaml"),
                "--format {format} dropped the valid profile:\n{text}"
            ),
        }
        assert_eq!(
            std::fs::read_to_string(&saved).unwrap(),
            text,
            "--output {format}"
        );
    }
}

// ------------------------------------------------------------ acceptances

const STALE: &str = "tests/data/check/accept/stale.advise.yaml";
const FOREVER: &str = "tests/data/check/accept/forever.advise.yaml";

#[test]
fn a_stale_acceptance_is_reported_in_every_format() {
    for (format, expect) in [
        ("text", "is stale"),
        ("json", "\"stale\": true"),
        ("sarif", "\"ruleId\": \"stale-acceptance\""),
        ("github", "::notice file="),
        ("junit", "is stale"),
        ("markdown", "is stale"),
    ] {
        let out = check(&[STALE, "--today", "2027-01-01", "--format", format]);
        assert_eq!(
            code(&out),
            0,
            "--format {format}: a stale acceptance is a note"
        );
        assert!(
            stdout(&out).contains(expect),
            "--format {format}:\n{}",
            stdout(&out)
        );
    }
    // Where drift fails the job, it is a warning.
    let out = check(&[
        STALE,
        "--today",
        "2027-01-01",
        "--fail-on",
        "drift",
        "--format",
        "github",
    ]);
    assert!(stdout(&out).contains("::warning file="), "{}", stdout(&out));
}

#[test]
fn an_acceptance_beyond_a_year_is_an_input_error_unless_allowed() {
    let out = check(&[FOREVER, "--today", "2027-01-01"]);
    assert_eq!(code(&out), 2);
    assert!(
        stdout(&out).contains(&format!(
            "{FOREVER}:6:10: invalid: `accept.until` is 2999-12-31"
        )),
        "{}",
        stdout(&out)
    );
    let out = check(&[
        FOREVER,
        "--today",
        "2027-01-01",
        "--max-accept-days",
        "400000",
    ]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert!(stdout(&out).contains(": accepted: "), "{}", stdout(&out));
}

// ------------------------------------------------------------------ paths

/// One path in every format: an absolute argument below the working
/// directory (the repository root in CI) and a `./` prefix both come out
/// repository-relative; SARIF marks it relative to %SRCROOT%.
#[test]
fn every_format_shows_the_same_repository_relative_path() {
    let absolute = common::root().join(MISMATCH);
    for arg in [absolute.display().to_string(), format!("./{MISMATCH}")] {
        let sarif: Value =
            serde_json::from_str(&stdout(&check(&[&arg, "--format", "sarif"]))).unwrap();
        let location =
            &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
        assert_eq!(location["uri"], MISMATCH, "{arg}");
        assert_eq!(location["uriBaseId"], "%SRCROOT%", "{arg}");
        let github = stdout(&check(&[&arg, "--format", "github"]));
        assert!(
            github.contains(&format!("file={MISMATCH},")),
            "{arg}: {github}"
        );
        let text = stdout(&check(&[&arg]));
        assert!(text.starts_with(&format!("{MISMATCH}:")), "{arg}: {text}");
        let json: Value =
            serde_json::from_str(&stdout(&check(&[&arg, "--format", "json"]))).unwrap();
        assert_eq!(json[0]["path"], MISMATCH, "{arg}");
    }
}

// -------------------------------------------------------------- discovery

/// Directories are searched as ripgrep searches them: `.gitignore` and
/// `.ignore` honoured, hidden directories skipped, `.yml` accepted,
/// `--exclude` globs left out, symbolic links not followed (no loops), and
/// only regular files taken (a FIFO would block the gate for ever).
#[cfg(unix)]
#[test]
fn directories_are_searched_like_ripgrep() {
    let dir = scratch_dir("discovery");
    let profile = std::fs::read_to_string(FIT).unwrap();
    let put = |rel: &str| {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, &profile).unwrap();
    };
    put("app/advise.yaml");
    put("api/advise.yml");
    put("jobs/nightly.advise.yml");
    put("target/debug/advise.yaml"); // ignored by .gitignore
    put("node_modules/x/advise.yaml"); // ignored by .ignore
    put(".github/advise.yaml"); // hidden
    put("vendor/lib/advise.yaml"); // --exclude
    std::fs::write(dir.join(".gitignore"), "target/\n").unwrap();
    std::fs::write(dir.join(".ignore"), "node_modules/\n").unwrap();
    std::os::unix::fs::symlink(&dir, dir.join("app/loop")).unwrap();
    let fifo = dir.join("pipe/advise.yaml");
    std::fs::create_dir_all(fifo.parent().unwrap()).unwrap();
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    let out = common::advise(&[
        "check",
        &dir.display().to_string(),
        "--exclude",
        "vendor/**",
        "--format",
        "json",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let found: Vec<String> = serde_json::from_str::<Value>(&stdout(&out))
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let path = f["path"].as_str().unwrap();
            path[path.find("discovery/").unwrap() + "discovery/".len()..].to_owned()
        })
        .collect();
    assert_eq!(
        found,
        [
            "api/advise.yml",
            "app/advise.yaml",
            "jobs/nightly.advise.yml"
        ]
    );
    assert!(made.is_ok_and(|s| s.success()) || !fifo.exists());
}

/// The README's GitHub Actions job, as written, in a repository with one
/// broken profile: the annotations name it, every file the `if: always()`
/// steps upload exists and is valid, and the job fails with exit 2.
#[test]
fn the_readme_github_job_works_in_a_repository_with_one_broken_profile() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    let job = readme
        .split("### GitHub Actions")
        .nth(1)
        .and_then(|s| s.split("```").nth(1))
        .expect("the README has a GitHub Actions job");
    // The `advise check` step, a folded YAML scalar (`run: >`).
    let step: Vec<&str> = job
        .lines()
        .skip_while(|l| !l.trim_start().starts_with("advise check"))
        .take_while(|l| !l.trim_start().starts_with("- "))
        .flat_map(|l| l.split_whitespace())
        .collect();
    assert_eq!(step[..2], ["advise", "check"], "{job}");

    // A repository: the broken fixture copied to a scratch directory.
    let repo = scratch_dir("readme-github-job");
    for file in ["advise.yaml", "svc/orders.advise.yaml"] {
        let to = repo.join(file);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(
            common::root().join("tests/data/check/broken").join(file),
            &to,
        )
        .unwrap();
    }
    let out = std::process::Command::new(common::bin())
        .args(&step[1..])
        .current_dir(&repo)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(
        stdout(&out).contains("::error file=svc/orders.advise.yaml,line=4,col=3,"),
        "{}",
        stdout(&out)
    );
    // What the always() steps read.
    let sarif: Value =
        serde_json::from_str(&std::fs::read_to_string(repo.join("advise.sarif")).unwrap()).unwrap();
    assert_eq!(
        schema_errors(&sarif_validator(), &sarif),
        Vec::<String>::new()
    );
    let junit = std::fs::read_to_string(repo.join("advise.xml")).unwrap();
    assert!(junit.contains("type=\"invalid\""), "{junit}");
    let summary = std::fs::read_to_string(repo.join("advise.md")).unwrap();
    assert!(summary.contains("| invalid |"), "{summary}");
}

/// Issue 20: hybrid workloads were JUnit cases of one name, and the
/// summary counted each workload as a profile ("7 profiles checked" for
/// four files).
#[test]
fn hybrid_workloads_have_unique_junit_names_and_are_counted_apart_from_files() {
    let files = [
        "tests/data/hybrid-shop.yaml",
        "examples/hybrid-saas-gpu.yaml",
        "examples/startup-mvp.yaml",
        "examples/minimal.yaml",
    ];
    let run = |format: &str| {
        let mut a = vec!["check"];
        a.extend(files);
        a.extend(["--expect", "container", "--format", format]);
        stdout(&advise(&a))
    };
    let xml = run("junit");
    let report = quick_junit::Report::deserialize_from_str(&xml).expect("JUnit parses");
    let mut cases: Vec<(String, String)> = report.test_suites[0]
        .test_cases
        .iter()
        .map(|c| {
            let class = c.classname.as_ref().map(|n| n.as_str().to_owned());
            (class.unwrap_or_default(), c.name.as_str().to_owned())
        })
        .collect();
    assert_eq!(cases.len(), 8, "{xml}");
    assert!(cases.contains(&(files[0].to_owned(), "shop#image-resizer".to_owned())));
    assert!(cases.contains(&(files[2].to_owned(), "startup-mvp".to_owned())));
    cases.sort();
    cases.dedup();
    assert_eq!(cases.len(), 8, "names repeat: {xml}");

    let summary = "4 files (2 profiles and 2 hybrid systems with 6 workloads) checked:";
    for format in ["markdown", "text", "github"] {
        let out = run(format);
        assert!(out.contains(summary), "{format}:\n{out}");
        assert!(!out.contains("profiles checked"), "{format}:\n{out}");
    }
    let markdown = run("markdown");
    assert!(
        markdown.contains("| shop#image-resizer | `tests/data/hybrid-shop.yaml:1` |"),
        "{markdown}"
    );
}

/// `compare` refuses an acceptance that `check` refuses (it took one that
/// runs for ever), by the same rule, and honours `--max-accept-days` alike.
#[test]
fn compare_refuses_the_acceptance_check_refuses() {
    let file = "tests/data/check/accept/forever.advise.yaml";
    for command in ["check", "compare"] {
        let out = advise(&[command, file]);
        assert_eq!(code(&out), 2, "{command}: {}", stdout(&out));
        assert!(
            stderr(&out).contains(":6:10: `accept.until` is 2999-12-31"),
            "{command}: {}",
            stderr(&out)
        );
        let allowed = advise(&[command, file, "--max-accept-days", "400000"]);
        assert!(code(&allowed) <= 1, "{command}: {}", stderr(&allowed));
    }
}
