//! No output of any example shows a template's `{placeholder}`: every
//! message is rendered with this profile's values, in every format of
//! every command (issue 19: the HTML once printed `{platform} costs
//! {monthly} a month`).

use crate::common::{advise, code, root, stderr, stdout};

/// The `{name}` or `{field.path}` placeholders left in `text` (a `\u{..}`
/// escape is not one).
fn placeholders(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    for (at, _) in text.match_indices('{') {
        if at > 0 && bytes[at - 1] == b'u' {
            continue;
        }
        let rest = &text[at + 1..];
        let Some(end) = rest.find('}') else {
            continue;
        };
        let name = &rest[..end];
        let first = name.chars().next();
        if first.is_some_and(|c| c.is_ascii_lowercase() || c == '_')
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.')
        {
            found.push(format!("{{{name}}}"));
        }
    }
    found
}

fn examples() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root().join("examples"))
        .expect("examples/")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml"))
        .map(|n| format!("examples/{n}"))
        .collect();
    names.sort();
    assert!(names.len() > 10, "examples/ holds {names:?}");
    names
}

#[test]
fn the_finder_finds_placeholders_and_nothing_else() {
    assert_eq!(
        placeholders("{platform} costs {monthly}, {workload.peak_rps} rps"),
        ["{platform}", "{monthly}", "{workload.peak_rps}"]
    );
    assert!(placeholders("{\"a\": 1} { font: x } \\u{1b} {} {10}").is_empty());
}

#[test]
fn no_output_of_any_example_shows_a_placeholder() {
    let all = examples();
    let mut runs: Vec<Vec<String>> = Vec::new();
    for path in &all {
        for format in ["table", "json", "yaml", "markdown", "html", "svg"] {
            runs.push(vec![path.clone(), "--format".into(), format.into()]);
        }
        runs.push(vec![path.clone(), "--explain".into()]);
    }
    let many = |command: &str, format: &str| {
        let mut args = vec![command.to_owned()];
        args.extend(all.iter().cloned());
        args.extend(["--format".to_owned(), format.to_owned()]);
        args
    };
    for format in ["table", "json", "jsonl", "csv", "markdown", "html"] {
        runs.push(many("compare", format));
    }
    for format in [
        "text", "json", "jsonl", "sarif", "junit", "github", "markdown", "html",
    ] {
        // Every example judged, those without `current:` too.
        let mut args = many("check", format);
        args.extend(["--expect".to_owned(), "container".to_owned()]);
        runs.push(args);
    }
    let mut failures = Vec::new();
    for args in &runs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = advise(&args);
        // `check` exits 1 on a mismatch; anything else is a failure.
        assert!(
            code(&out) == 0 || (args[0] == "check" && code(&out) == 1),
            "advise {args:?}: {}",
            stderr(&out)
        );
        let left = placeholders(&stdout(&out));
        if !left.is_empty() {
            let shown = if args.len() > 4 {
                &args[..2]
            } else {
                &args[..]
            };
            failures.push(format!("advise {} … : {left:?}", shown.join(" ")));
        }
    }
    assert!(
        failures.is_empty(),
        "placeholders left:\n{}",
        failures.join("\n")
    );
}
