//! Text from profiles is data in every format: a hostile profile name,
//! acceptance reason or file path can neither drive a terminal
//! (escape sequences, bells), nor start a CI workflow command on a line of
//! its own, nor become markup in Markdown or XML. Rendered in-process, so
//! that nothing downstream (such as the binary's colour stripping) could
//! hide a raw escape that a colour terminal would obey.

use advise::analysis::evaluated::Evaluated;
use advise::commands::assess::Format;
use advise::commands::check::CheckFormat;
use advise::commands::compare::CompareFormat;
use advise::domain::catalog::Catalog;
use advise::domain::profile::{self, Date};
use advise::gate::check::{self, FailOn, Invalid, Options, Run};
use advise::report::view::View;
use proptest::prelude::*;

/// Pieces of hostile text, joined at random.
const FRAGMENTS: &[&str] = &[
    "\u{1b}[31mred",
    "\u{1b}]0;title\u{7}",
    "\u{7}",
    "\r",
    "\n::error file=x,line=1::pwned",
    "\n::add-mask::secret",
    "\u{2028}::warning::x",
    "<script>alert(1)</script>",
    "| cell |",
    "`code` *bold* [link](http://x)",
    "]]></xml>",
    "plain words",
    // Text that reorders or hides itself (Trojan Source), and characters
    // XML 1.0 forbids.
    "abc\u{202e}gnp.exe",
    "\u{2066}isolated\u{2069}\u{202a}\u{202c}",
    "zero\u{200b}width\u{feff}\u{200f}",
    "\u{fffe}\u{ffff}",
];

/// The characters that reorder or hide text; no report shows one raw.
fn invisible(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}')
}

/// An XML or HTML report parses as XML: every element closed, no
/// character XML 1.0 forbids.
fn well_formed(doc: &str) -> Result<(), String> {
    let xml_char = |c: char| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..);
    if let Some(bad) = doc.chars().find(|c| !xml_char(*c)) {
        return Err(format!("holds {bad:?}"));
    }
    let body = doc.strip_prefix("<!DOCTYPE html>\n").unwrap_or(doc);
    let mut reader = quick_xml::Reader::from_str(body);
    reader.config_mut().check_end_names = true;
    let mut depth = 0i64;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Start(_)) => depth += 1,
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(_) => {}
            Err(e) => {
                return Err(format!(
                    "not well-formed at {}: {e}",
                    reader.buffer_position()
                ));
            }
        }
    }
    if depth != 0 {
        return Err("unclosed elements".into());
    }
    Ok(())
}

fn hostile() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(FRAGMENTS), 1..5)
        .prop_map(|parts| parts.concat())
}

/// YAML double-quoted: every character escaped as YAML reads it back.
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{fffe}' | '\u{ffff}') => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Our own colour codes (SGR sequences) are the only escapes a report may hold.
fn without_our_colours(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("\u{1b}[") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        match after.find(|c: char| !(c.is_ascii_digit() || c == ';')) {
            Some(end) if after[end..].starts_with('m') => rest = &after[end + 1..],
            _ => {
                out.push_str("\u{1b}[");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn hostile_profile_text_is_data_in_every_format(
        name in hostile(),
        reason in hostile(),
        path in hostile(),
    ) {
        let catalog = Catalog::builtin();
        let text = format!(
            "name: {}\ncurrent: serverless\naccept:\n  strategy: serverless\n  reason: {}\n  until: 2027-06-30\nsystem: {{hosting: on-premises}}\n",
            // A blank name or reason is rightly refused: lead with a letter.
            // (Compliance tags are refused unless they are words.)
            quoted(&format!("n{name}")), quoted(&format!("r{reason}"))
        );
        let p = profile::load(&path, &text, &catalog.strategy_ids(), &[]).unwrap();
        let current = p.current.clone().unwrap();
        let accept = p.accept.clone();
        let e = Evaluated::analyse(&path, p, &catalog, true);
        let finding = check::judge(
            &e.assessment, &catalog, &path,
            current.value, current.loc, accept.as_ref(),
            &Options { max_gap: 5.0, today: Date::parse("2027-01-01").unwrap(), honour_acceptances: true, max_accept_days: 365 },
        );
        // An invalid profile's problem quotes its text too.
        let broken = Invalid {
            path: path.clone(),
            problems: vec![advise::text::diag::Diagnostic::new(&path, &reason, advise::text::yaml::Loc { line: 1, col: 1 }, format!("unknown key `{reason}`")).help(name.clone())],
        };
        let run = Run { findings: vec![finding], invalid: vec![broken], fail_on: FailOn::Mismatch, skipped: Vec::new() };
        let mut outputs: Vec<(String, String)> = Vec::new();
        for f in [Format::Table, Format::Markdown, Format::Json, Format::Yaml, Format::Html, Format::Svg] {
            outputs.push((format!("{f:?}"), f.render(&e, &catalog, View { explain: true, ..View::default() })));
        }
        for f in [CompareFormat::Table, CompareFormat::Markdown, CompareFormat::Json, CompareFormat::Jsonl, CompareFormat::Csv, CompareFormat::Html] {
            // A profile, and the same as a workload of a hostile-named system
            // that the plan puts off its own best.
            let workload = advise::report::compare::Workload { system: name.clone(), name: name.clone(), planned: Some(e.assessment.ranking[1].strategy) };
            let entries = [advise::report::compare::Entry::profile(e.clone()), advise::report::compare::Entry { evaluated: e.clone(), workload: Some(workload) }];
            outputs.push((format!("compare {f:?}"), f.render(&entries, &catalog, 80)));
        }
        for f in [CheckFormat::Text, CheckFormat::Json, CheckFormat::Jsonl, CheckFormat::Sarif, CheckFormat::Junit, CheckFormat::Github, CheckFormat::Markdown, CheckFormat::Html] {
            outputs.push((format!("check {f:?}"), f.render(&run, &catalog)));
        }
        for (format, out) in &outputs {
            let out = without_our_colours(out);
            // No control character but the newlines that end our own lines
            // (CSV quotes its fields, and may keep a tab or CR inside quotes).
            // JSON and YAML are data: their serialisers escape every C0
            // control, and a line separator is valid JSON that no log reads
            // as a line break.
            let data = ["Json", "Sarif", "Yaml"].iter().any(|d| format.contains(d));
            let bad = |c: char| match data {
                true => c != '\n' && (c as u32) < 0x20,
                // CSV ends its own lines with CRLF.
                false if format.ends_with("Csv") && c == '\r' => false,
                false => c != '\n' && (c.is_control() || c == '\u{2028}' || c == '\u{2029}'),
            };
            prop_assert!(
                !out.chars().any(bad),
                "{format} holds a raw control character:\n{out:?}"
            );
            for line in out.lines() {
                let command = line.trim_start().starts_with("::");
                let ours = ["::error ", "::warning ", "::notice "].iter().any(|p| line.starts_with(p));
                prop_assert!(!command || (format == "check Github" && ours),
                    "{format}: a line runs as a workflow command: {line:?}");
            }
            if format.contains("Markdown") || format.contains("Html") || format.contains("Svg") {
                prop_assert!(!out.contains("<script"), "{format} renders markup: {out}");
            }
            if format.contains("Jsonl") {
                for line in out.lines() {
                    let _: serde_json::Value = serde_json::from_str(line)
                        .map_err(|err| TestCaseError::fail(format!("{format} is not JSON lines: {err}")))?;
                }
            } else if format.contains("Json") || format.contains("Sarif") {
                let _: serde_json::Value = serde_json::from_str(&out)
                    .map_err(|err| TestCaseError::fail(format!("{format} is not JSON: {err}")))?;
            }
            // Only JSON and YAML, data for programs, carry such text as it is.
            if !["Json", "Yaml"].iter().any(|d| format.contains(d)) || format.contains("Sarif") {
                prop_assert!(!out.chars().any(invisible), "{format} shows text that reorders or hides itself: {out:?}");
            }
            if ["Html", "Svg", "Junit"].iter().any(|x| format.contains(x))
                && let Err(e) = well_formed(&out)
            {
                return Err(TestCaseError::fail(format!("{format}: {e}:\n{out}")));
            }
            if format.contains("Junit") {
                prop_assert!(!out.contains("<script") && !out.contains("]]></xml>"), "{format}: {out}");
            }
        }
    }
}

/// Text a spreadsheet would run as a formula (OWASP's CSV injection: a
/// cell starting with `=`, `+`, `-`, `@`, tab or CR) lands in CSV as text,
/// prefixed with `'`, while the numbers the tool writes stay numbers.
#[test]
fn csv_text_never_starts_a_formula() {
    use crate::common::{advise, code, root, scratch_dir, stderr, stdout};
    let dir = scratch_dir("csv-formula");
    let profile = dir.join("x.yaml");
    let example = std::fs::read_to_string(root().join("examples/image-webhook.yaml")).unwrap();
    let hostile = example.replace(
        "name: image-webhook",
        "name: \"=HYPERLINK(\\\"http://x\\\")\"",
    );
    assert_ne!(example, hostile);
    std::fs::write(&profile, hostile).unwrap();
    let prices = dir.join("prices.yaml");
    std::fs::write(
        &prices,
        "provider: aws\nprices:\n  lambda-gb-second-x86: {item: \"+cmd\", unit: \"@unit\", source: \"\\tsource\"}\n",
    )
    .unwrap();
    let run = |args: &[&str]| {
        let out = advise(args);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        stdout(&out)
    };
    let (profile, prices) = (profile.to_str().unwrap(), prices.to_str().unwrap());
    let compare = run(&["compare", profile, "--format", "csv"]);
    let cost = run(&["cost", profile, "--prices", prices, "--format", "csv"]);

    let row = fields(compare.lines().nth(1).unwrap());
    assert_eq!(row[0], "'=HYPERLINK(\"http://x\")", "{compare}");
    let lambda = cost
        .lines()
        .find(|l| l.contains("+cmd"))
        .unwrap_or_else(|| panic!("no overridden item:\n{cost}"));
    let cells = fields(lambda);
    assert_eq!(
        (cells[3].as_str(), cells[5].as_str(), cells[8].as_str()),
        ("'+cmd", "'@unit", "'\\tsource"),
        "{lambda}"
    );

    // Every cell the tool computes is a bare number: margin and scores in
    // compare, quantity, unit price and amount in cost.
    let number = |cell: &str| cell.parse::<f64>().is_ok();
    assert!(row[3].is_empty() || number(&row[3]), "{compare}");
    assert!(
        row[5..].iter().step_by(2).take(4).all(|c| number(c)),
        "{compare}"
    );
    for line in cost.lines().skip(1) {
        let cells = fields(line);
        assert!([4, 6, 7].iter().all(|&i| number(&cells[i])), "{line}");
    }
}

/// The fields of a CSV line, unquoted (RFC 4180; no line breaks in fields).
fn fields(line: &str) -> Vec<String> {
    let (mut out, mut field, mut quoted) = (Vec::new(), String::new(), false);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut field)),
            (c, _) => field.push(c),
        }
    }
    out.push(field);
    out
}

/// More hostile fragments for pack and price-sheet text: terminal
/// controls (OSC 52 writes the clipboard, OSC 8 makes a link, `ESC[2J`
/// clears the screen), a CI command after a line break and after a space
/// (where wrapping may start a line with it), markup, formula starts, and
/// the invisible characters that reorder or hide text.
const PACK_FRAGMENTS: &[&str] = &[
    "\u{1b}]52;c;aGk=\u{7}",
    "\u{1b}]8;;http://e\u{1b}\\link\u{1b}]8;;\u{1b}\\",
    "\u{1b}[2J",
    "\u{7}",
    "\r\n::error::pwned",
    " ::error file=x::pwned ",
    " ##[error]old ",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[c](javascript:alert(1))",
    "=HYPERLINK(\"http://x\")",
    "+cmd",
    "@SUM(A1)",
    "\u{202e}rtl\u{200b}zw\u{2066}",
    "words words words words words words words words words words",
];

fn pack_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(PACK_FRAGMENTS), 1..6)
        .prop_map(|parts| parts.concat())
}

/// What no output of `advise` may hold from other people's text: a raw
/// control character (but the newlines ending our lines, CSV's CRLF and
/// our own colour codes), a bidi or zero-width character, a line a CI log
/// would run, a `<script` in a markup format, a CSV cell that starts a
/// formula.
/// JSON is data: serde escapes every C0 control, and keeps other text as
/// it is, for the program that reads it.
fn assert_inert(what: &str, out: &str, format: Option<&str>) -> Result<(), TestCaseError> {
    let (csv, json, github) = (
        format == Some("csv"),
        format == Some("json"),
        format == Some("github"),
    );
    let markup = matches!(format, Some("markdown" | "html" | "junit"));
    let out = without_our_colours(out);
    let bad = |c: char| match json {
        true => c != '\n' && (c as u32) < 0x20,
        false => {
            (c.is_control() && c != '\n' && !(csv && c == '\r'))
                || matches!(c, '\u{2028}' | '\u{2029}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        }
    };
    if let Some(at) = out.find(bad) {
        let near: String = out[at..].chars().take(80).collect();
        prop_assert!(
            false,
            "{what} holds a raw control or invisible character: {near:?}"
        );
    }
    for line in out.lines() {
        let start = line.trim_start();
        // The `github` format's own annotations, and only at a line's start.
        let ours = github
            && ["::error ", "::warning ", "::notice "]
                .iter()
                .any(|p| line.starts_with(p));
        prop_assert!(
            ours || (!start.starts_with("::") && !start.starts_with("##[")),
            "{what}: a line runs as a CI command: {line:?}"
        );
    }
    if markup {
        prop_assert!(
            !out.contains("<script") && !out.contains("<img"),
            "{what} renders markup:\n{out}"
        );
    }
    if csv {
        for line in out.lines().skip(1) {
            for cell in fields(line) {
                let formula = cell.len() > 1
                    && (cell.starts_with(['=', '+', '@', '\t', '\r'])
                        || (cell.starts_with('-') && cell.parse::<f64>().is_err()));
                prop_assert!(!formula, "{what}: a cell starts a formula: {cell:?}");
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    /// A hostile rule pack and price sheet, through every command and
    /// format that shows their text, with colour forced on.
    #[test]
    fn hostile_pack_and_price_text_is_data_in_every_command(
        title in pack_text(),
        why in pack_text(),
        says in pack_text(),
        item in pack_text(),
        unit in pack_text(),
    ) {
        use crate::common::{advise_with, code, root, scratch_dir, stderr, stdout};
        let dir = scratch_dir("hostile-pack");
        let pack = dir.join("pack");
        std::fs::create_dir_all(&pack).unwrap();
        std::fs::write(pack.join("p.yaml"), format!(
            "rules:\n  - id: org-hostile\n    title: {}\n    when: {{ contains: {{ field: requirements.compliance, value: pci-dss }} }}\n    effects:\n      service-mesh: {{ security: 1 }}\n    message: {}\n    says:\n      service-mesh: {}\n    why: {}\n    source: {}\n",
            quoted(&format!("t{title}")), quoted(&format!("m{why}")), quoted(&format!("s{says}")),
            quoted(&format!("w{why}")), quoted(&format!("o{title}")),
        )).unwrap();
        let prices = dir.join("prices.yaml");
        std::fs::write(&prices, format!(
            "provider: aws\nprices:\n  lambda-gb-second-x86: {{item: {}, unit: {}, source: {}}}\n",
            quoted(&format!("i{item}")), quoted(&format!("u{unit}")), quoted(&format!("s{item}")),
        )).unwrap();
        let profile = dir.join("p.yaml");
        let example = std::fs::read_to_string(root().join("examples/image-webhook.yaml")).unwrap();
        // The pack's rule fires on it, so its text reaches every report.
        let hostile_profile = example
            .replace("name: image-webhook", &format!("name: {}", quoted(&format!("n{title}"))))
            .replace("compliance: []", "compliance: [pci-dss]");
        assert_ne!(hostile_profile, example);
        std::fs::write(&profile, hostile_profile).unwrap();
        let (pack, prices, profile) = (pack.to_str().unwrap(), prices.to_str().unwrap(), profile.to_str().unwrap());
        let runs: Vec<Vec<&str>> = vec![
            vec!["explain", "org-hostile"],
            vec!["rules"],
            vec!["rules", "--format", "markdown"],
            vec!["rules", "--format", "json"],
            vec!["cost", profile, "--prices", prices],
            vec!["cost", profile, "--prices", prices, "--format", "csv"],
            vec!["cost", profile, "--prices", prices, "--format", "json"],
            vec![profile, "--explain"],
            vec![profile, "--format", "markdown"],
            vec!["compare", profile, "--format", "csv"],
            vec!["compare", profile, "--format", "markdown"],
            vec!["compare", profile],
            vec![profile, "--format", "html"],
            vec!["check", profile, "--expect", "container"],
            vec!["check", profile, "--expect", "container", "--format", "github"],
            vec!["check", profile, "--expect", "container", "--format", "markdown"],
            vec!["check", profile, "--expect", "container", "--format", "junit"],
            vec!["diff", profile, profile],
        ];
        for args in runs {
            let mut all = vec!["--extend", pack, "--color", "always"];
            all.extend(&args);
            for columns in ["40", "80"] {
                let out = advise_with(&all, None, &[("COLUMNS", columns)]);
                prop_assert!(code(&out) <= 1, "{all:?}: {}", stderr(&out));
                let format = all.iter().position(|a| *a == "--format").map(|i| all[i + 1]);
                let what = format!("COLUMNS={columns} advise {args:?}");
                assert_inert(&what, &stdout(&out), format)?;
                assert_inert(&what, &stderr(&out), None)?;
            }
        }
    }
}
