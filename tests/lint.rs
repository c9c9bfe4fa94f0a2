//! `advise rules lint [DIR]`: one bad pack per check under
//! tests/data/packs/lint-*/, each found at its exact place with its rule
//! id (exit 1); the built-in catalog and a good pack lint clean (exit 0);
//! text that is not YAML, or no directory, is bad input (exit 2).

use crate::common::{self, advise, code, stderr, stdout};

/// The findings of `advise rules lint ARGS --format json`, and the exit code.
fn lint(args: &[&str]) -> (Vec<serde_json::Value>, i32) {
    let mut all = vec!["rules", "lint", "--format", "json"];
    all.extend(args);
    let out = advise(&all);
    let findings = serde_json::from_str(&stdout(&out))
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}{}", stdout(&out), stderr(&out)));
    (findings, code(&out))
}

/// (file:line:col, rule, check) of each finding.
fn places(findings: &[serde_json::Value]) -> Vec<(String, String, String)> {
    findings
        .iter()
        .map(|f| {
            (
                format!(
                    "{}:{}:{}",
                    f["file"].as_str().unwrap(),
                    f["line"],
                    f["column"]
                ),
                f["rule"].as_str().unwrap_or("").to_owned(),
                f["check"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn pack(name: &str) -> String {
    format!("tests/data/packs/lint-{name}")
}

/// The one finding of a bad pack: its place, rule and check, and exit 1.
fn finds(name: &str, expected: &[(&str, &str, &str)]) -> Vec<serde_json::Value> {
    let dir = pack(name);
    let (findings, exit) = lint(&[&dir]);
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(at, rule, check)| {
            (
                format!("{dir}/rules.yaml:{at}"),
                rule.to_string(),
                check.to_string(),
            )
        })
        .collect();
    assert_eq!(places(&findings), expected, "{findings:#?}");
    assert_eq!(exit, 1);
    findings
}

#[test]
fn the_builtin_catalog_lints_clean() {
    let out = advise(&["rules", "lint"]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    assert!(
        stdout(&out).starts_with("the built-in catalog: ")
            && stdout(&out).ends_with(" rules checked, no problems\n"),
        "{}",
        stdout(&out)
    );
    // So does the same catalog read from its directory.
    let out = advise(&["rules", "lint", "--rules", "rules"]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    let (findings, exit) = lint(&[]);
    assert_eq!((findings.len(), exit), (0, 0));
}

#[test]
fn rules_alone_still_lists_the_catalog() {
    let out = advise(&["rules"]);
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("rules; `advise explain RULE` tells more."));
}

#[test]
fn a_clean_pack_lints_clean_and_its_tests_are_not_rules() {
    let out = advise(&["rules", "lint", &pack("clean")]);
    assert_eq!(code(&out), 0, "{}", stdout(&out));
    assert_eq!(
        stdout(&out),
        "tests/data/packs/lint-clean: 1 rule checked, no problems\n"
    );
}

#[test]
fn an_unknown_field_is_found_with_a_suggestion() {
    let f = finds(
        "unknown-field",
        &[("4:26", "org-long-jobs", "unknown-field")],
    );
    assert_eq!(f[0]["help"], "did you mean `workload.max_duration_s`?");
}

#[test]
fn an_unknown_key_is_found() {
    let f = finds(
        "unknown-key",
        &[("5:5", "org-no-gpu-functions", "unknown-key")],
    );
    assert!(
        f[0]["message"]
            .as_str()
            .unwrap()
            .contains("unknown field `blocks`")
    );
}

#[test]
fn an_empty_source_is_found_at_the_source() {
    finds(
        "missing-source",
        &[("9:13", "org-small-team", "missing-text")],
    );
}

#[test]
fn a_missing_message_is_found() {
    let dir = common::scratch_dir("lint-missing-message");
    std::fs::write(
        dir.join("rules.yaml"),
        "rules:\n  - id: org-pci\n    title: t\n    when: {contains: {field: requirements.compliance, value: pci-dss}}\n    effects: {container: {security: 1}}\n    why: w\n    source: \"Payments platform standard PPS-12\"\n",
    )
    .unwrap();
    let (findings, exit) = lint(&[dir.to_str().unwrap()]);
    assert_eq!(exit, 1);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0]["check"], "missing-text");
    assert_eq!(findings[0]["rule"], "org-pci");
    assert!(
        findings[0]["message"]
            .as_str()
            .unwrap()
            .contains("missing field `message`")
    );
}

#[test]
fn a_second_effect_of_one_fact_names_both_rules_and_both_places() {
    let f = finds(
        "double-count",
        &[("2:5", "org-very-long-work-on-aws", "double-count")],
    );
    let message = f[0]["message"].as_str().unwrap();
    assert!(
        message.contains("`serverless-aws-beyond-15-minutes` and `org-very-long-work-on-aws`"),
        "{message}"
    );
    assert!(
        f[0]["help"]
            .as_str()
            .unwrap()
            .contains("rules/limits.yaml:"),
        "{}",
        f[0]["help"]
    );
}

#[test]
fn a_duplicate_id_names_the_catalogs_rule() {
    let dir = common::scratch_dir("lint-duplicate-id");
    std::fs::write(
        dir.join("rules.yaml"),
        "rules:\n  - id: serverless-no-gpu\n    title: t\n    when: {contains: {field: requirements.compliance, value: pci-dss}}\n    effects: {container: {security: 1}}\n    message: m\n    why: w\n    source: \"Payments platform standard PPS-12\"\n",
    )
    .unwrap();
    let (findings, exit) = lint(&[dir.to_str().unwrap()]);
    assert_eq!(exit, 1);
    assert_eq!(places(&findings)[0].1, "serverless-no-gpu");
    assert_eq!(places(&findings)[0].2, "duplicate-id");
    assert!(
        findings[0]["help"]
            .as_str()
            .unwrap()
            .contains("override: true")
    );
}

#[test]
fn conditions_that_can_never_be_true_are_found_at_their_smallest_part() {
    let f = finds(
        "never-true",
        &[
            // gt 10 and lt 5 on one field: the `all` that holds them.
            ("5:7", "org-mid-depth", "never-true"),
            // An empty `in` makes its whole `all` false: found at the `in`.
            ("19:13", "org-no-depth", "never-true"),
            // An empty `any` as one branch of another: that branch.
            ("31:13", "org-any-of-nothing", "never-true"),
        ],
    );
    assert!(
        f[0]["message"]
            .as_str()
            .unwrap()
            .contains("the rule never fires")
    );
    assert!(
        f[2]["message"]
            .as_str()
            .unwrap()
            .contains("this part of the condition never matters")
    );
}

#[test]
fn a_rule_that_fires_on_every_profile_is_found() {
    let f = finds("always-true", &[("4:5", "org-any-duration", "always-true")]);
    assert!(
        f[0]["message"]
            .as_str()
            .unwrap()
            .contains("fires on every profile that states workload.avg_duration_ms"),
        "{}",
        f[0]["message"]
    );
}

#[test]
fn effects_a_block_makes_moot_are_found() {
    let f = finds(
        "no-effect",
        &[
            // Blocks serverless and shifts it.
            ("7:7", "org-pci-off-functions", "no-effect"),
            // Shifts serverless only when serverless-no-gpu blocks it.
            ("24:7", "org-costly-gpu-on-aws", "no-effect"),
        ],
    );
    assert!(
        f[1]["message"]
            .as_str()
            .unwrap()
            .contains("`serverless-no-gpu`")
    );
}

/// `inherit: false` where no strategy builds on the one shifted; the same
/// on containers, which the mesh builds on, is meant.
#[test]
fn inherit_false_on_a_strategy_nothing_builds_on_is_found() {
    let f = finds(
        "inherit",
        &[("7:5", "org-functions-platform-team", "no-effect")],
    );
    assert!(
        f[0]["message"]
            .as_str()
            .unwrap()
            .contains("`inherit: false` changes nothing")
    );
}

#[test]
fn a_source_no_reader_can_find_is_found() {
    finds("vague-source", &[("9:13", "org-pci-mesh", "vague-source")]);
}

#[test]
fn text_findings_read_like_a_compiler() {
    let out = advise(&["rules", "lint", &pack("vague-source")]);
    assert_eq!(code(&out), 1);
    assert_eq!(
        stdout(&out),
        "error: tests/data/packs/lint-vague-source/rules.yaml:9:13: [vague-source] rule `org-pci-mesh`: the source `internal` names no document a reader can find\n  |\n9 |     source: internal\n  |             ^^^^^^^^\n  = help: name the document: its title, and the section or page (e.g. \"AWS Lambda Developer Guide, Lambda quotas\")\n\ntests/data/packs/lint-vague-source: 1 problem found\n"
    );
}

#[test]
fn text_that_is_not_yaml_is_bad_input() {
    let out = advise(&["rules", "lint", &pack("not-yaml")]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out)
            .starts_with("error: tests/data/packs/lint-not-yaml/rules.yaml:3:12: invalid YAML"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_missing_or_empty_directory_is_bad_input() {
    for dir in ["tests/data/packs/no-such-pack", "README.md"] {
        let out = advise(&["rules", "lint", dir]);
        assert_eq!(code(&out), 2, "{dir}: {}", stdout(&out));
        assert!(stderr(&out).contains("not a directory"), "{}", stderr(&out));
    }
    let empty = common::scratch_dir("lint-empty");
    let out = advise(&["rules", "lint", empty.to_str().unwrap()]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("holds no rules files"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_pack_is_linted_on_top_of_rules_and_extend() {
    // The clean pack, under the catalog read from rules/ and itself as an
    // --extend pack: not loaded twice.
    let out = advise(&[
        "rules",
        "lint",
        "--rules",
        "rules",
        "--extend",
        &pack("clean"),
        &pack("clean"),
    ]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    // A pack beneath that clashes with the linted one: the linted pack's
    // finding names the other's rule.
    let out = advise(&[
        "rules",
        "lint",
        "--extend",
        &pack("vague-source"),
        &pack("clean"),
    ]);
    assert_eq!(code(&out), 1, "{}{}", stdout(&out), stderr(&out));
    assert!(
        stdout(&out).contains("rules `org-pci-mesh` and `org-pci-prefers-isolation`"),
        "{}",
        stdout(&out)
    );
    // A catalog beneath the pack that does not load is bad input, not the
    // pack's problem.
    let out = advise(&[
        "rules",
        "lint",
        "--extend",
        &pack("unknown-key"),
        &pack("clean"),
    ]);
    assert_eq!(code(&out), 2, "{}{}", stdout(&out), stderr(&out));
    assert!(
        stderr(&out).contains("unknown field `blocks`"),
        "{}",
        stderr(&out)
    );
}

/// One file that is not YAML no longer hides the problems of the others:
/// they are all reported, and the run still exits 2 for the broken file.
#[test]
fn a_file_that_is_not_yaml_does_not_hide_the_other_problems() {
    let dir = common::scratch_dir("lint-every-problem");
    std::fs::write(dir.join("a.yaml"), "rules:\n  - id: a-one\n    titel: x\n").unwrap();
    std::fs::write(dir.join("b.yaml"), "rules:\n  - id: b-two\n    when: [\n").unwrap();
    std::fs::write(dir.join("c.yaml"), "rules:\n  - id: c-three\n").unwrap();
    let out = advise(&["rules", "lint", dir.to_str().unwrap()]);
    assert_eq!(code(&out), 2, "{}", stdout(&out));
    assert!(
        stderr(&out).contains("b.yaml:3:11: invalid YAML"),
        "{}",
        stderr(&out)
    );
    let report = stdout(&out);
    assert!(report.contains("a.yaml:3:5: [unknown-key]"), "{report}");
    assert!(report.contains("c.yaml:2:5: [missing-text]"), "{report}");
}
