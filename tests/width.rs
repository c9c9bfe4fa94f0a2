//! Every terminal view fits the terminal: `COLUMNS` (or the terminal's own
//! width, or 80 in a pipe) bounds every line, by display width, so a wide
//! character counts two columns, and the views stay whole at 40.

use advise::text::wrap::display_width;

use crate::common;

fn run(args: &[&str], columns: Option<&str>, stdin: &str) -> String {
    let env: Vec<(&str, &str)> = columns.map(|c| ("COLUMNS", c)).into_iter().collect();
    let out = common::advise_with(args, Some(stdin.as_bytes()), &env);
    assert!(
        common::code(&out) <= 1,
        "{args:?}: {}",
        common::stderr(&out)
    );
    common::stdout(&out)
}

fn widest(text: &str) -> (usize, &str) {
    text.lines()
        .map(|l| (display_width(l), l))
        .max_by_key(|(w, _)| *w)
        .unwrap_or((0, ""))
}

const WIDE_NAME: &str = "name: 決済サービス・プラットフォームの本番環境 payments platform production\ncurrent: container\n";

fn views() -> Vec<Vec<&'static str>> {
    let mut all: Vec<Vec<&str>> = vec![
        vec!["-"],
        vec!["-", "--explain"],
        vec!["examples/banking-platform.yaml", "--explain"],
        vec!["examples/startup-mvp.yaml"],
        vec![
            "compare",
            "-",
            "examples/startup-mvp.yaml",
            "examples/banking-platform.yaml",
        ],
        vec![
            "compare",
            "examples/minimal.yaml",
            "examples/startup-mvp.yaml",
        ],
        vec!["cost", "-"],
        vec!["cost", "examples/banking-platform.yaml"],
        vec!["rules"],
        vec!["explain", "serverless"],
        vec!["explain", "service-mesh"],
    ];
    let catalog = advise::domain::catalog::Catalog::builtin();
    let rules: &'static [advise::domain::catalog::Rule] =
        Box::leak(catalog.rules.into_boxed_slice());
    all.extend(
        rules
            .iter()
            .step_by(7)
            .map(|r| vec!["explain", r.id.as_str()]),
    );
    all
}

#[test]
fn every_terminal_view_fits_the_columns_it_is_given() {
    for columns in ["40", "60", "80", "132"] {
        let limit: usize = columns.parse().unwrap();
        for args in views() {
            let out = run(&args, Some(columns), WIDE_NAME);
            let (w, line) = widest(&out);
            assert!(
                w <= limit,
                "COLUMNS={columns} advise {args:?}: a line of {w}:\n{line}"
            );
        }
    }
}

#[test]
fn a_pipe_without_columns_gets_80_and_a_wider_terminal_uses_its_width() {
    let report = ["examples/banking-platform.yaml", "--explain"];
    let (piped, _) = widest(&run(&report, None, ""));
    assert!((70..=80).contains(&piped), "{piped}");
    let (wide, _) = widest(&run(&report, Some("132"), ""));
    assert!(wide > 80, "a 132-column terminal should be used: {wide}");
    // Nonsense in COLUMNS is ignored; a tiny value is raised to 40.
    assert_eq!(run(&report, Some("wide"), ""), run(&report, None, ""));
    assert_eq!(run(&report, Some("5"), ""), run(&report, Some("40"), ""));
}

#[test]
fn wide_characters_keep_the_table_aligned() {
    // The compare matrix with a name of double-width characters: every
    // rule and row of the table has the same display width.
    let out = run(
        &["compare", "-", "examples/startup-mvp.yaml"],
        Some("132"),
        WIDE_NAME,
    );
    let table: Vec<usize> = out
        .lines()
        .take_while(|l| !l.starts_with('*'))
        .map(display_width)
        .collect();
    assert!(table.len() >= 5, "{out}");
    assert!(table.iter().all(|&w| w == table[0]), "{table:?}\n{out}");
}
