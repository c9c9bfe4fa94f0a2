//! The same input gives byte-identical output (spec/cli.md): whatever the
//! order of keys and sections in the profile, and however often it runs.

use crate::common::{advise, code, stderr, stdout};

const CANONICAL: &str = "tests/data/canonical.yaml";
/// The same profile with every key and section reordered.
const REORDERED: &str = "tests/data/canonical-reordered.yaml";

fn output(args: &[&str]) -> String {
    let out = advise(args);
    assert_eq!(code(&out), 0, "advise {args:?}:\n{}", stderr(&out));
    stdout(&out)
}

#[test]
fn reordering_keys_and_sections_changes_no_byte_of_any_report() {
    for format in ["table", "json", "yaml", "markdown"] {
        assert_eq!(
            output(&[CANONICAL, "--format", format]),
            output(&[REORDERED, "--format", format]),
            "--format {format}"
        );
    }
    assert_eq!(
        output(&[CANONICAL, "--explain"]),
        output(&[REORDERED, "--explain"])
    );
}

#[test]
fn the_reordered_profile_really_is_the_same_profile() {
    // Guards the test above against both files silently becoming trivial.
    let json = output(&[CANONICAL, "--format", "json"]);
    assert!(
        json.contains("\"profile\": \"checkout-platform\""),
        "{json}"
    );
    let canonical = std::fs::read_to_string(crate::common::root().join(CANONICAL)).unwrap();
    let reordered = std::fs::read_to_string(crate::common::root().join(REORDERED)).unwrap();
    let keys = |text: &str| {
        let mut keys: Vec<String> = text
            .lines()
            .filter(|l| !l.trim_start().starts_with('#'))
            .flat_map(|l| l.split([',', '{']))
            .filter_map(|part| part.split_once(':').map(|(k, _)| k.trim().to_owned()))
            .filter(|k| !k.is_empty())
            .collect();
        keys.sort();
        keys
    };
    assert_eq!(keys(&canonical), keys(&reordered));
    assert_ne!(canonical, reordered);
}

#[test]
fn running_twice_gives_identical_bytes() {
    let runs: [&[&str]; 6] = [
        &[CANONICAL, "--format", "json"],
        &[CANONICAL, "--explain"],
        &[
            "compare",
            CANONICAL,
            "examples/startup-mvp.yaml",
            "--format",
            "csv",
        ],
        &["rules", "--format", "json"],
        &["schema"],
        &["explain", "container"],
    ];
    for args in runs {
        assert_eq!(output(args), output(args), "advise {args:?}");
    }
    let check = [
        "check",
        "tests/data/check/repo",
        "--today",
        "2027-01-01",
        "--format",
        "sarif",
    ];
    assert_eq!(stdout(&advise(&check)), stdout(&advise(&check)));
}

#[test]
fn compare_keeps_argument_order_and_each_row_matches_its_single_run() {
    let one = output(&["compare", CANONICAL, "--format", "csv"]);
    let two = output(&[
        "compare",
        "examples/startup-mvp.yaml",
        CANONICAL,
        "--format",
        "csv",
    ]);
    let row = one.lines().nth(1).expect("a row");
    assert_eq!(two.lines().nth(2), Some(row), "{two}");
}
