//! Command-line cases as data: each `tests/cmd/*.toml` names the arguments
//! (and standard input) and pins the exact stdout, stderr and exit code; and
//! every ```console block of the README and of `docs/*.md` runs as shown,
//! so the documentation cannot drift from the tool.
//!
//! To regenerate the expected output after a deliberate change, run
//! `TRYCMD=overwrite cargo test -- command_line_cases` and review the diff.

use std::path::Path;

use crate::common::{self, advise, code, stderr, stdout};

fn cases() -> trycmd::TestCases {
    let cases = trycmd::TestCases::new();
    cases
        .register_bin("advise", Path::new(common::bin()))
        .env("NO_COLOR", "1")
        .env("COLUMNS", "80")
        .timeout(std::time::Duration::from_secs(30));
    cases
}

#[test]
fn command_line_cases_give_their_exact_output_and_exit_code() {
    cases().case("tests/cmd/*.toml").run();
}

#[test]
fn readme_console_examples_run_as_shown() {
    cases().case("README.md").run();
}

/// The fenced blocks of one language that follow a heading, up to the next
/// heading of the same or a higher level.
fn blocks_under(markdown: &str, heading: &str, lang: &str) -> Vec<String> {
    let level = heading.chars().take_while(|&c| c == '#').count();
    let mut inside_section = false;
    let mut block: Option<String> = None;
    let mut found = Vec::new();
    for line in markdown.lines() {
        if let Some(text) = block.as_mut() {
            if line.trim_start().starts_with("```") {
                found.push(block.take().unwrap_or_default());
            } else {
                text.push_str(line);
                text.push('\n');
            }
            continue;
        }
        let hashes = line.chars().take_while(|&c| c == '#').count();
        if hashes > 0 && line[hashes..].starts_with(' ') {
            if line == heading {
                inside_section = true;
                continue;
            }
            if hashes <= level {
                inside_section = false;
            }
        }
        if inside_section && line.trim_start().strip_prefix("```") == Some(lang) {
            block = Some(String::new());
        }
    }
    found
}

#[test]
fn the_readme_set_up_is_exactly_one_run_and_the_test_suite() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).expect("README.md");
    let commands = blocks_under(&readme, "## Set up", "sh");
    assert_eq!(
        commands,
        [
            "cargo run --release -- examples/startup-mvp.yaml\n",
            "cargo test\n"
        ],
        "the README's set-up commands changed; keep this test and the README in step"
    );
}

#[test]
fn the_readme_set_up_run_succeeds_with_its_arguments() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).expect("README.md");
    let run = blocks_under(&readme, "## Set up", "sh")
        .into_iter()
        .find(|c| c.starts_with("cargo run"))
        .expect("a `cargo run` set-up command");
    let (_, args) = run.split_once(" -- ").expect("arguments after `--`");
    let args: Vec<&str> = args.split_whitespace().collect();
    let out = advise(&args);
    assert_eq!(
        common::code(&out),
        0,
        "advise {args:?} failed:\n{}",
        common::stderr(&out)
    );
    assert!(common::stderr(&out).is_empty(), "{}", common::stderr(&out));
    assert!(
        common::stdout(&out).contains(" fits startup-mvp best (score "),
        "{}",
        common::stdout(&out)
    );
}

#[test]
fn every_command_has_a_manual_page_generated_from_its_help() {
    let main = advise(&["man"]);
    assert_eq!(code(&main), 0, "{}", stderr(&main));
    let page = stdout(&main);
    assert!(page.contains(".TH advise 1"), "{page}");
    let commands = [
        "check",
        "compare",
        "cost",
        "schema",
        "explain",
        "rules",
        "calibrate",
        "completions",
        "man",
    ];
    for command in commands {
        // The main page lists the command; its own page is advise-COMMAND(1)
        // and names every long option its --help names.
        assert!(
            page.contains(&format!("advise\\-{}", command.replace('-', "\\-"))),
            "{command}"
        );
        let own = advise(&["man", command]);
        assert_eq!(code(&own), 0, "{command}: {}", stderr(&own));
        let own = stdout(&own);
        assert!(own.contains(&format!(".TH advise-{command} 1")), "{own}");
        let help = stdout(&advise(&[command, "--help"]));
        for option in help.split_whitespace().filter(|w| w.starts_with("--")) {
            let option = option
                .trim_end_matches([',', '.', ')', '`'])
                .split('=')
                .next()
                .unwrap();
            let roff = option.replace('-', "\\-");
            assert!(own.contains(&roff), "advise-{command}(1) lacks {option}");
        }
    }
    let typo = advise(&["man", "chek"]);
    assert_eq!(code(&typo), 2);
    assert!(
        stderr(&typo).contains("did you mean `check`?"),
        "{}",
        stderr(&typo)
    );
}

/// The contract in `docs/`: its examples are the tool's output too.
#[test]
fn docs_console_examples_run_as_shown() {
    cases().case("docs/*.md").run();
}

/// Users read the repository, nothing beside it: every relative link of
/// the README and `docs/` names a file that is there, and no text points
/// into the workspace the project was built from (`../shared`).
#[test]
fn documentation_links_stay_inside_the_repository() {
    let root = common::root();
    let mut pages = vec![root.join("README.md"), root.join("DESIGN.md")];
    for entry in std::fs::read_dir(root.join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "md") {
            pages.push(path);
        }
    }
    let mut broken = Vec::new();
    for page in &pages {
        let text = std::fs::read_to_string(page).unwrap();
        for (k, _) in text.match_indices("](") {
            let rest = &text[k + 2..];
            let Some(end) = rest.find(')') else { continue };
            let target = &rest[..end];
            if target.contains("://") || target.starts_with('#') || target.starts_with("mailto:") {
                continue;
            }
            let file = target.split('#').next().unwrap_or(target);
            if !file.is_empty() && !page.parent().unwrap().join(file).exists() {
                broken.push(format!("{}: {target}", page.display()));
            }
        }
    }
    for dir in ["docs", "rules", "prices", "src", "examples"] {
        let mut stack = vec![root.join(dir)];
        while let Some(d) = stack.pop() {
            for entry in std::fs::read_dir(&d).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if let Ok(text) = std::fs::read_to_string(&path)
                    && text.contains("../shared")
                {
                    broken.push(format!("{}: names ../shared", path.display()));
                }
            }
        }
    }
    assert!(broken.is_empty(), "{broken:#?}");
}
