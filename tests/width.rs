//! Every terminal view fits the terminal: `COLUMNS` (or the terminal's own
//! width, or 80 in a pipe) bounds every line, by display width, so a wide
//! character counts two columns, and the views stay whole at 40. The one
//! exception: a single word longer than the room left (an id, a field path)
//! stands alone on its line, whole, so that it can be copied.

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

/// The widest line of several words (a line of one word is kept whole).
fn widest(text: &str) -> (usize, &str) {
    text.lines()
        .filter(|l| l.split_whitespace().nth(1).is_some())
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

/// Rule and strategy ids and the units of the price sheets are never split
/// by wrapping (`multi-instanc` / `e-no-workload-identity`, `instance-hou` /
/// `r`): a split id cannot be copied into `advise explain`. A word of the
/// output that is the start of one of them, and not itself a whole word of
/// the catalog, is half of a split one. From 80 columns: below that, the
/// explained table's `made of` column cannot hold a 35-character id beside
/// the other columns, and comfy-table splits it rather than overflow.
#[test]
fn wrapping_never_splits_an_id_or_a_unit() {
    let catalog = advise::domain::catalog::Catalog::builtin();
    let mut whole: Vec<String> = catalog
        .rules
        .iter()
        .map(|r| r.id.clone())
        .chain(catalog.strategies.iter().map(|s| s.id.clone()))
        .collect();
    whole.extend(
        [
            "instance-hour",
            "GB-second",
            "vCPU-hour",
            "GB-hour",
            "node-hour",
            "LCU-hour",
        ]
        .map(String::from),
    );
    for columns in ["80", "100", "132"] {
        for args in views() {
            let out = run(&args, Some(columns), WIDE_NAME);
            for token in out.split(|c: char| c.is_whitespace() || "│[](),;:`".contains(c)) {
                // (`vCPU- and GB-hours` is prose: a word may end in a hyphen.)
                let split = token.contains('-')
                    && !token.ends_with('-')
                    && !whole.iter().any(|w| w == token)
                    && whole
                        .iter()
                        .any(|w| w.len() > token.len() && w.starts_with(token));
                assert!(
                    !split,
                    "COLUMNS={columns} advise {args:?} splits a word at `{token}`:\n{out}"
                );
            }
        }
    }
}
