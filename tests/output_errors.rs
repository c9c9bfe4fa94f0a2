//! A report nobody received is a failure: every command that writes a
//! report exits 2 when standard output cannot take it, and an `--output`
//! file goes where it was asked to. A reader that closes the pipe early
//! (`| head`) is not an error.

use std::fs::{self, File};
use std::process::{Command, Stdio};

use crate::common::{self, advise, code, stderr, stdout};

/// One invocation of every command that writes a report.
const REPORTS: &[&[&str]] = &[
    &["examples/startup-mvp.yaml"],
    &["examples/startup-mvp.yaml", "--format", "json"],
    &["check", "examples/startup-mvp.yaml"],
    &["check", "examples/startup-mvp.yaml", "--format", "sarif"],
    &[
        "compare",
        "examples/startup-mvp.yaml",
        "examples/minimal.yaml",
    ],
    &["cost", "examples/startup-mvp.yaml"],
    &["schema"],
    &["rules"],
    &["explain", "serverless"],
];

#[test]
fn a_report_that_cannot_be_written_is_an_error_whatever_the_command() {
    // /dev/full takes nothing: every write fails with ENOSPC.
    let Ok(_) = File::options().write(true).open("/dev/full") else {
        return; // not Linux: nothing to test against
    };
    for args in REPORTS {
        let full = File::options().write(true).open("/dev/full").unwrap();
        let out = Command::new(common::bin())
            .args(*args)
            .current_dir(common::root())
            .stdout(Stdio::from(full))
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        assert_eq!(code(&out), 2, "advise {}", args.join(" "));
        assert!(
            stderr(&out).contains("cannot write the report"),
            "advise {}: {}",
            args.join(" "),
            stderr(&out)
        );
    }
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    for args in REPORTS {
        let mut child = Command::new(common::bin())
            .args(*args)
            .current_dir(common::root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take()); // the reader is gone before the report
        let out = child.wait_with_output().unwrap();
        assert!(
            matches!(code(&out), 0 | 1),
            "advise {}: exit {}",
            args.join(" "),
            code(&out)
        );
        assert_eq!(stderr(&out), "", "advise {}", args.join(" "));
    }
}

#[test]
fn output_goes_to_standard_output_for_a_dash_and_creates_its_directories() {
    let dir = common::scratch_dir("output-dash");
    let nested = dir.join("reports/ci/advise.xml");
    let out = advise(&[
        "check",
        "examples/startup-mvp.yaml",
        "--output",
        &format!("junit={}", nested.display()),
        "--output",
        "json=-",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(fs::read_to_string(&nested).unwrap().contains("<testsuites"));
    // The text report, then the JSON: both on standard output.
    let text = stdout(&out);
    let json_at = text.find("[\n").expect("the JSON follows the text report");
    assert!(text[..json_at].contains("1 profile checked"));
    let _: serde_json::Value = serde_json::from_str(&text[json_at..]).unwrap();
    assert!(!std::path::Path::new("-").exists(), "no file named `-`");
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn an_unknown_output_format_is_named_as_such() {
    let out = advise(&["check", "examples/startup-mvp.yaml", "--output", "xml=a.x"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("unknown format `xml`"),
        "{}",
        stderr(&out)
    );
    let out = advise(&[
        "check",
        "examples/startup-mvp.yaml",
        "--output",
        "sarrif=a.x",
    ]);
    assert!(
        stderr(&out).contains("did you mean `sarif`?"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn colour_is_on_when_asked_and_off_when_asked_whatever_the_terminal() {
    // `common::advise` runs with NO_COLOR set and no terminal.
    let always = advise(&["examples/startup-mvp.yaml", "--color", "always"]);
    assert!(stdout(&always).contains("\u{1b}["), "{}", stdout(&always));
    let never = advise(&["examples/startup-mvp.yaml", "--color", "never"]);
    assert!(!stdout(&never).contains('\u{1b}'), "{}", stdout(&never));
}

#[test]
fn quiet_prints_only_errors_and_keeps_the_exit_code_and_outputs() {
    let dir = common::scratch_dir("quiet");
    let saved = dir.join("report.json");
    let out = advise(&[
        "check",
        "examples/nightly-batch.yaml",
        "-q",
        "--output",
        &format!("json={}", saved.display()),
    ]);
    assert_eq!(code(&out), 1, "a mismatch still fails");
    assert_eq!(stdout(&out), "");
    assert!(fs::read_to_string(&saved).unwrap().contains("\"mismatch\""));
    let _ = fs::remove_dir_all(&dir);
}

/// `-q` quiets the default report, never a report `--output` asks for on
/// standard output (`check -q --output jsonl=-` printed nothing).
#[test]
fn quiet_still_writes_the_output_asked_for_on_standard_output() {
    let out = advise(&[
        "check",
        "examples/nightly-batch.yaml",
        "-q",
        "--output",
        "jsonl=-",
    ]);
    assert_eq!(code(&out), 1, "a mismatch still fails");
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    let finding: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert_eq!(finding["verdict"], "mismatch", "{finding}");
}

#[test]
fn text_and_table_name_the_same_terminal_format_in_every_command() {
    let commands: &[&[&str]] = &[
        &["examples/startup-mvp.yaml"],
        &["check", "examples/startup-mvp.yaml"],
        &[
            "compare",
            "examples/startup-mvp.yaml",
            "examples/minimal.yaml",
        ],
        &["cost", "examples/startup-mvp.yaml"],
        &["rules"],
    ];
    for args in commands {
        let with = |name: &str| {
            let out = advise(&[args, &["--format", name][..]].concat());
            assert!(
                code(&out) <= 1,
                "{args:?} --format {name}: {}",
                stderr(&out)
            );
            stdout(&out)
        };
        let (text, table) = (with("text"), with("table"));
        assert!(!text.is_empty(), "{args:?}");
        assert_eq!(text, table, "{args:?}");
    }
}
