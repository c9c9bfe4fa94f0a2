//! Text from profiles and rules files is data, never markup or commands:
//! each format escapes it for where it lands. (JSON and SARIF are escaped
//! by serde; the github format escapes workflow-command syntax itself.)

use std::borrow::Cow;

/// Text for a terminal or a CI log: every control character shown as an
/// escape, not obeyed. No newline survives, so untrusted text can neither
/// start a workflow command (`::error ...`) on a line of its own nor move
/// the cursor, ring a bell or change colours.
pub(crate) fn visible(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Text inside Markdown (a table cell or a list item): visible, and every
/// character with a meaning in Markdown or HTML escaped, so that it renders
/// as the literal text.
pub(crate) fn markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in visible(s).chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            // Emphasis, code, links (`[..](..)` needs its brackets) and
            // table cells; other punctuation means nothing without these.
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_not_obeyed() {
        assert_eq!(visible("plain"), "plain");
        assert_eq!(
            visible("moving in Q3\n::error file=x::pwned\u{1b}[31m\u{7}"),
            "moving in Q3\\n::error file=x::pwned\\u{1b}[31m\\u{7}"
        );
        assert!(!visible("a\u{2028}b").contains('\u{2028}'));
    }

    #[test]
    fn markdown_and_html_render_as_text() {
        assert_eq!(
            markdown("<script>alert(1)</script> *x* [a](b) | c"),
            "&lt;script&gt;alert(1)&lt;/script&gt; \\*x\\* \\[a\\](b) \\| c"
        );
        assert_eq!(markdown("line\nbreak"), "line\\\\nbreak");
    }
}
