//! Every output format, snapshotted from one canonical profile
//! (`tests/data/canonical.yaml`), plus `compare`, `check`, `schema`, `rules`
//! and `explain`. The snapshots live in `tests/snapshots/`; each records the
//! command that made it. After a deliberate change to an output, regenerate
//! with `INSTA_UPDATE=always cargo test -- output_snapshots` (or
//! `cargo insta review`) and read the diff before committing it.

use insta::assert_snapshot;

use crate::common::{advise, code, stderr, stdout};

const CANONICAL: &str = "tests/data/canonical.yaml";

/// Runs `advise`, checks the exit code and that stderr is empty, and
/// snapshots stdout under `name`, with the command as the description.
fn snapshot(name: &str, args: &[&str], exit: i32) {
    let out = advise(args);
    assert_eq!(
        code(&out),
        exit,
        "advise {}:\n{}",
        args.join(" "),
        stderr(&out)
    );
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
    let mut settings = insta::Settings::clone_current();
    settings.set_description(format!("advise {}", args.join(" ")));
    settings.set_omit_expression(true);
    settings.bind(|| assert_snapshot!(name, stdout(&out)));
}

#[test]
fn the_table_report_matches_its_snapshot() {
    snapshot("assess_table", &[CANONICAL], 0);
}

#[test]
fn the_explained_table_report_matches_its_snapshot() {
    snapshot("assess_table_explain", &[CANONICAL, "--explain"], 0);
}

#[test]
fn the_json_report_matches_its_snapshot() {
    snapshot("assess_json", &[CANONICAL, "--format", "json"], 0);
}

#[test]
fn the_yaml_report_matches_its_snapshot() {
    snapshot("assess_yaml", &[CANONICAL, "--format", "yaml"], 0);
}

#[test]
fn the_markdown_report_matches_its_snapshot() {
    snapshot("assess_markdown", &[CANONICAL, "--format", "markdown"], 0);
}

const PAIR: [&str; 2] = ["examples/startup-mvp.yaml", "examples/nightly-batch.yaml"];

#[test]
fn compare_matches_its_snapshots_in_every_format() {
    for format in ["table", "json", "csv", "markdown"] {
        snapshot(
            &format!("compare_{format}"),
            &["compare", PAIR[0], PAIR[1], "--format", format],
            0,
        );
    }
}

#[test]
fn check_matches_its_snapshots_in_every_format() {
    for format in ["text", "json", "sarif", "junit", "github", "markdown"] {
        snapshot(
            &format!("check_{format}"),
            &[
                "check",
                "tests/data/check/repo",
                "--today",
                "2027-01-01",
                "--max-gap",
                "10",
                "--format",
                format,
            ],
            1,
        );
    }
}

#[test]
fn the_profile_schema_matches_its_snapshot() {
    snapshot("schema", &["schema"], 0);
}

#[test]
fn the_rules_list_matches_its_snapshot() {
    snapshot("rules_table", &["rules"], 0);
}

#[test]
fn explaining_a_strategy_matches_its_snapshot() {
    snapshot("explain_strategy", &["explain", "service-mesh"], 0);
}

#[test]
fn explaining_a_rule_matches_its_snapshot() {
    snapshot(
        "explain_rule",
        &["explain", "serverless-aws-beyond-15-minutes"],
        0,
    );
}

#[test]
fn a_close_call_says_so_in_the_table() {
    let args = [CANONICAL, "--set", "workload.traffic=steady"];
    let out = advise(&args);
    assert!(stdout(&out).contains("Close call:"), "{}", stdout(&out));
    snapshot("assess_table_close_call", &args, 0);
}

#[test]
fn a_strategy_ruled_out_by_a_hard_limit_ranks_last_in_the_table() {
    snapshot(
        "assess_table_ruled_out",
        &["examples/nightly-batch.yaml"],
        0,
    );
}
