//! Problems in files other people wrote, shown like a compiler shows them:
//! the file, line and column, the offending line with a marker under it, and
//! what would be right. Profiles and rules files both report through here.

use std::fmt;

use crate::yaml::{Loc, SyntaxError};

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
    /// The source line at `loc`, kept so the error renders without the file.
    pub line_text: Option<String>,
    /// How many characters to underline.
    pub width: usize,
}

impl Diagnostic {
    pub fn new(file: &str, source: &str, loc: Loc, message: impl Into<String>) -> Diagnostic {
        let line_text = loc
            .is_known()
            .then(|| source.lines().nth(loc.line as usize - 1))
            .flatten()
            .map(str::to_owned);
        Diagnostic {
            file: file.to_owned(),
            loc,
            message: message.into(),
            help: None,
            line_text,
            width: 1,
        }
    }

    pub fn from_syntax(file: &str, source: &str, err: SyntaxError) -> Diagnostic {
        Diagnostic::new(
            file,
            source,
            err.loc,
            format!("invalid YAML: {}", err.message),
        )
    }

    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn width(mut self, width: usize) -> Diagnostic {
        self.width = width.max(1);
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.loc.is_known() {
            writeln!(f, "error: {}:{}: {}", self.file, self.loc, self.message)?;
        } else {
            writeln!(f, "error: {}: {}", self.file, self.message)?;
        }
        if let Some(text) = &self.line_text {
            let number = self.loc.line.to_string();
            let pad = " ".repeat(number.len());
            // Tabs would shift the marker; show them as single spaces.
            let text = text.replace('\t', " ");
            let col = self.loc.col.saturating_sub(1) as usize;
            writeln!(f, "{pad} |")?;
            writeln!(f, "{number} | {text}")?;
            writeln!(f, "{pad} | {}{}", " ".repeat(col), "^".repeat(self.width))?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "  = help: {help}")?;
        }
        Ok(())
    }
}

/// Every problem found in one input, reported together.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
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
    fn unknown_locations_render_without_a_snippet() {
        let d = Diagnostic::new("--set", "", Loc::default(), "bad");
        assert_eq!(d.to_string(), "error: --set: bad\n");
    }
}
