//! Problems in files other people wrote, shown like a compiler shows them:
//! the file, line and column, the offending line with a marker under it, and
//! what would be right. Profiles and rules files both report through here.

use std::fmt;

use crate::text::escape::visible;
use crate::text::yaml::{Loc, SyntaxError};

/// One problem at one place in one file.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// The file as the user named it (`-` for standard input).
    pub file: String,
    pub loc: Loc,
    /// What is wrong.
    pub message: String,
    /// What would be right, when there is something to suggest.
    pub help: Option<String>,
    /// The part of the source line at `loc` that is shown (at most
    /// [`SNIPPET_CHARS`] characters around the column), kept so the error
    /// renders without the file. Only the window is kept: a verify run with
    /// 300 problems on one 4 MB line held 300 copies of it (2.3 GB).
    pub line_text: Option<String>,
    /// How many characters to underline.
    pub width: usize,
    /// Where the window starts in the line (in characters), and whether
    /// text was cut after it.
    window: (usize, bool),
}

/// Characters of a message or help kept at most: a message that quotes a
/// megabyte-long name must not be a megabyte per problem.
const MAX_MESSAGE_CHARS: usize = 1_000;

/// `text` cut to [`MAX_MESSAGE_CHARS`] characters, marked where it was cut.
fn capped(text: String) -> String {
    match text.char_indices().nth(MAX_MESSAGE_CHARS) {
        Some((at, _)) => format!("{}... (cut at {MAX_MESSAGE_CHARS} characters)", &text[..at]),
        None => text,
    }
}

/// The window of `line` kept for a marker at character `col`: the whole
/// line when it is short, else [`SNIPPET_CHARS`] characters around `col`;
/// with where it starts and whether the line goes on after it.
fn window(line: &str, col: usize) -> (String, usize, bool) {
    let len = line.chars().count();
    if len <= SNIPPET_CHARS {
        return (line.to_owned(), 0, false);
    }
    let start = col
        .saturating_sub(SNIPPET_CHARS / 2)
        .min(len - SNIPPET_CHARS);
    let end = start + SNIPPET_CHARS;
    let text = line.chars().skip(start).take(SNIPPET_CHARS).collect();
    (text, start, end < len)
}

impl Diagnostic {
    pub fn new(file: &str, source: &str, loc: Loc, message: impl Into<String>) -> Diagnostic {
        let col = loc.col.saturating_sub(1) as usize;
        let kept = loc
            .is_known()
            .then(|| source.lines().nth(loc.line as usize - 1))
            .flatten()
            .map(|line| window(line, col));
        let (line_text, window) = match kept {
            Some((text, start, more)) => (Some(text), (start, more)),
            None => (None, (0, false)),
        };
        Diagnostic {
            file: capped(file.to_owned()),
            loc,
            message: capped(message.into()),
            help: None,
            line_text,
            width: 1,
            window,
        }
    }

    pub(crate) fn from_syntax(file: &str, source: &str, err: SyntaxError) -> Diagnostic {
        let message = if err.invalid_yaml {
            format!("invalid YAML: {}", err.message)
        } else {
            err.message
        };
        let near = near_key(&message);
        let d = Diagnostic::new(file, source, err.loc, message);
        match near {
            Some(near) => d.help(format!("did you mean `{near}`?")),
            None => d,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(capped(help.into()));
        self
    }

    pub(crate) fn width(mut self, width: usize) -> Diagnostic {
        self.width = width.max(1);
        self
    }
}

/// The key most likely meant by an unknown one, from the parser's
/// `unknown field `X`, expected one of A, B, ...`: every file read into a
/// typed structure (rules, pack tests, the config) gets the did-you-mean a
/// profile's keys get.
fn near_key(message: &str) -> Option<String> {
    // Anywhere in the message: a loader may name the rule first.
    let (_, rest) = message.split_once("unknown field `")?;
    let (key, rest) = rest.split_once('`')?;
    let list = rest
        .strip_prefix(", expected one of ")
        .or_else(|| rest.strip_prefix(", expected "))?;
    let names: Vec<&str> = list.split(", ").map(|n| n.trim_matches('`')).collect();
    crate::text::hint::did_you_mean(key, names.iter().copied()).map(str::to_owned)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The file's name, its text and what echoes it are other people's:
        // shown, never obeyed by the terminal.
        let (file, message) = (visible(&self.file), visible(&self.message));
        if self.loc.is_known() {
            writeln!(f, "error: {file}:{}: {message}", self.loc)?;
        } else if file.is_empty() {
            // A mistake in the invocation: no file to name.
            writeln!(f, "error: {message}")?;
        } else {
            writeln!(f, "error: {file}: {message}")?;
        }
        if let Some(text) = &self.line_text {
            let number = self.loc.line.to_string();
            let pad = " ".repeat(number.len());
            let (text, col, width) = snippet(
                text,
                self.window,
                self.loc.col.saturating_sub(1) as usize,
                self.width,
            );
            // The marker goes by display width: a wide character before or
            // under it takes two columns of the terminal.
            let chars: Vec<char> = text.chars().collect();
            let at = col.min(chars.len());
            let end = (col + width).min(chars.len());
            let columns =
                |cs: &[char]| textwrap::core::display_width(&cs.iter().collect::<String>());
            let (col, width) = (columns(&chars[..at]), columns(&chars[at..end]).max(1));
            writeln!(f, "{pad} |")?;
            writeln!(f, "{number} | {text}")?;
            writeln!(f, "{pad} | {}{}", " ".repeat(col), "^".repeat(width))?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "  = help: {}", visible(help))?;
        }
        Ok(())
    }
}

/// Characters of a source line shown at most: an error must fit on a screen
/// even when the line is a megabyte of `[[[[`.
const SNIPPET_CHARS: usize = 100;

/// The window of a source line to show (from [`window`]: the text, where
/// it starts in the line and whether the line goes on), and the marker's
/// column and width in it, with `...` where the line was cut. Tabs would
/// shift the marker and control characters (a NUL byte) would garble the
/// terminal, so each shows as one plain character.
fn snippet(
    kept: &str,
    (start, more): (usize, bool),
    col: usize,
    width: usize,
) -> (String, usize, usize) {
    let chars: Vec<char> = kept
        .chars()
        .map(|c| match c {
            '\t' => ' ',
            c if c.is_control() => '?',
            c => c,
        })
        .collect();
    let mut col = col.saturating_sub(start);
    let width = width.min(chars.len().saturating_sub(col)).max(1);
    let mut text = String::new();
    if start > 0 {
        text.push_str("...");
        col += 3;
    }
    text.extend(&chars);
    if more {
        text.push_str("...");
    }
    (text, col, width)
}

/// Problems shown at most: a file of 40,000 unknown keys must not bury the
/// terminal; the first few say what is wrong.
pub(crate) const MAX_SHOWN: usize = 8;

/// Every problem found in one input, reported together.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().take(MAX_SHOWN).enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        let hidden = self.0.len().saturating_sub(MAX_SHOWN);
        if hidden > 0 {
            writeln!(
                f,
                "\nerror: {hidden} more problem{} not shown; fix these first",
                if hidden == 1 { "" } else { "s" }
            )?;
        }
        Ok(())
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Diagnostics {
        Diagnostics(vec![d])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_key_of_any_file_gets_a_did_you_mean() {
        assert_eq!(
            near_key("unknown field `tittle`, expected one of id, title, when").as_deref(),
            Some("title")
        );
        assert_eq!(
            near_key("unknown field `extnd`, expected one of `rules`, `extend`").as_deref(),
            Some("extend")
        );
        assert_eq!(near_key("unknown field `zzzzzz`, expected `rules`"), None);
        assert_eq!(near_key("missing field `title`"), None);
        assert_eq!(
            near_key("rule `x`: unknown field `sorce`, expected one of why, source").as_deref(),
            Some("source")
        );
    }

    #[test]
    fn other_peoples_text_cannot_drive_the_terminal() {
        let text = "name: \u{1b}]0;pwned\u{7}\u{1b}[31m";
        let d = Diagnostic::new(
            "\u{1b}[2Jx.yaml",
            text,
            Loc { line: 1, col: 7 },
            "unknown key `\u{1b}[31m`",
        )
        .help("did you mean \u{7}?");
        let shown = d.to_string();
        assert!(
            !shown.chars().any(|c| c.is_control() && c != '\n'),
            "{shown:?}"
        );
        assert!(shown.contains("\\u{1b}[31m"), "{shown}");
    }

    #[test]
    fn the_marker_stays_under_its_text_after_wide_characters() {
        let source = "name: 決済 {servics: 1}\n";
        let d = Diagnostic::new("p.yaml", source, Loc { line: 1, col: 11 }, "unknown key").width(7);
        let shown = d.to_string();
        let lines: Vec<&str> = shown.lines().collect();
        // "決済" is four columns wide: the marker starts after 12 columns.
        assert_eq!(
            lines[3],
            format!("  | {}{}", " ".repeat(12), "^".repeat(7)),
            "{shown}"
        );
    }

    #[test]
    fn renders_the_line_with_a_marker_under_the_column() {
        let source = "system:\n  servics: 40\n";
        let d = Diagnostic::new(
            "p.yaml",
            source,
            Loc { line: 2, col: 3 },
            "unknown key `servics`",
        )
        .width(7)
        .help("did you mean `services`?");
        assert_eq!(
            d.to_string(),
            "error: p.yaml:2:3: unknown key `servics`\n  |\n2 |   servics: 40\n  |   ^^^^^^^\n  = help: did you mean `services`?\n"
        );
    }

    #[test]
    fn long_lines_are_cut_around_the_column_and_control_characters_hidden() {
        let line = "[".repeat(10_000);
        let d = Diagnostic::new(
            "p.yaml",
            &line,
            Loc {
                line: 1,
                col: 5_000,
            },
            "deep",
        );
        let shown = d.to_string();
        assert!(shown.len() < 400, "{shown}");
        let lines: Vec<&str> = shown.lines().collect();
        assert_eq!(lines[2], format!("1 | ...{}...", "[".repeat(100)));
        assert_eq!(lines[3].find('^'), lines[2].find("...").map(|i| i + 3 + 50));
        let d = Diagnostic::new("p.yaml", "name: a\0b\tc\n", Loc { line: 1, col: 8 }, "nul");
        assert!(
            d.to_string().contains("1 | name: a?b c\n  |        ^\n"),
            "{d}"
        );
    }

    #[test]
    fn a_flood_of_problems_is_cut_to_the_first_few() {
        let one = |i: u32| Diagnostic::new("p.yaml", "", Loc::default(), format!("bad {i}"));
        let many = Diagnostics((0..25).map(one).collect());
        let shown = many.to_string();
        assert_eq!(shown.matches("bad ").count(), MAX_SHOWN);
        assert!(
            shown.ends_with("\nerror: 17 more problems not shown; fix these first\n"),
            "{shown}"
        );
        let one_more = Diagnostics((0..=MAX_SHOWN as u32).map(one).collect());
        assert!(
            one_more
                .to_string()
                .ends_with("\nerror: 1 more problem not shown; fix these first\n")
        );
        let few = Diagnostics((0..2).map(one).collect());
        assert_eq!(
            few.to_string(),
            "error: p.yaml: bad 0\n\nerror: p.yaml: bad 1\n"
        );
    }

    #[test]
    fn unknown_locations_render_without_a_snippet() {
        let d = Diagnostic::new("--set", "", Loc::default(), "bad");
        assert_eq!(d.to_string(), "error: --set: bad\n");
    }
}
