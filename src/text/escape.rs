//! Text from profiles, rules files and price sheets is data, never markup,
//! formulas or commands: every format escapes it here, one function per
//! place it lands. (JSON, YAML and SARIF are escaped by serde.)
//!
//! | target | function |
//! | --- | --- |
//! | a terminal or a CI log | [`visible`] |
//! | Markdown | [`markdown`] |
//! | XML or HTML: text, attribute value | [`xml_text`], [`xml_attribute`] |
//! | an XML writer that escapes markup itself (JUnit) | [`xml_data`] |
//! | a CSV field | [`csv`] |
//! | a GitHub workflow command: message, property | [`workflow_data`], [`workflow_property`] |
//! | a path in a URI reference (SARIF) | [`uri_path`] |
//!
//! Two steps, in this order, for text laid out in lines:
//! 1. each piece of other people's text is escaped by the function of its
//!    target above, before it is measured and wrapped (so that the width
//!    measured is the width shown, and no line break of its own survives);
//! 2. after wrapping, [`line_starts`] checks every line the layout made:
//!    wrapping breaks lines at spaces, so a word of the text (`::error`)
//!    can land at the start of a line, where a CI log would run it.
//!    [`crate::text::wrap`] calls it on everything it lays out, and the
//!    Markdown and HTML reports never put other people's text at a line's
//!    start without a prefix of their own.

use std::borrow::Cow;
use std::fmt::Write as _;

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
            c if needs_escape(c) => shown(&mut out, c),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A control character as the text `\u{1b}`.
fn shown(out: &mut String, c: char) {
    let _ = write!(out, "\\u{{{:x}}}", c as u32);
}

/// C0 and C1 controls, DEL, the Unicode line and paragraph separators,
/// and the invisible characters that change how text around them reads:
/// the bidirectional marks, embeddings, overrides and isolates (a
/// right-to-left override makes `exe.txt` show as `txt.exe`; CVE-2021-42574,
/// "Trojan Source") and the zero-width characters (a zero-width space makes
/// two ids that look the same differ).
fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') || invisible(c)
}

/// Bidirectional formatting characters (Unicode UAX #9: ALM, LRM, RLM,
/// LRE..RLO, LRI..PDI) and zero-width ones (ZWSP, ZWNJ, ZWJ, word joiner,
/// the invisible operators, the byte-order mark / ZWNBSP).
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{061c}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{feff}'
    )
}

/// Every line of `text` that a CI log would read as a command, escaped:
/// one that starts (past spaces and our own colour codes, which `anstream`
/// removes in a pipe) with `::` (a GitHub workflow command; the runner
/// trims leading whitespace) or `##[` (its older form) gets a `\` before
/// it, shown in a terminal and dropped by Markdown, which reads `\:` as a
/// literal colon. For layouts only: the `github` format of `check` writes
/// its own commands and does not call it.
pub(crate) fn line_starts(text: &str) -> Cow<'_, str> {
    if !text.split('\n').any(|line| command_at(line).is_some()) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        match command_at(line) {
            Some(at) => {
                out.push_str(&line[..at]);
                out.push('\\');
                out.push_str(&line[at..]);
            }
            None => out.push_str(line),
        }
    }
    Cow::Owned(out)
}

/// Where a line's text starts when it starts a CI command: past spaces,
/// tabs and SGR colour codes (`ESC [ digits ; m`).
fn command_at(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut at = 0;
    loop {
        match bytes.get(at) {
            Some(b' ' | b'\t' | b'\r') => at += 1,
            Some(0x1b) if bytes.get(at + 1) == Some(&b'[') => {
                let end = bytes[at + 2..]
                    .iter()
                    .position(|b| !(b.is_ascii_digit() || *b == b';'))?;
                if bytes[at + 2 + end] != b'm' {
                    return None;
                }
                at += end + 3;
            }
            _ => break,
        }
    }
    let rest = &line[at..];
    (rest.starts_with("::") || rest.starts_with("##[")).then_some(at)
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

/// Characters XML 1.0 does not allow in a document at all, even as a
/// character reference: the C0 controls but tab, newline and carriage
/// return, and U+FFFE and U+FFFF. (Lone surrogates, the rest of the
/// production, cannot occur in a Rust string.)
fn xml_forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// Text inside an XML or HTML element: `&`, `<` and `>` as entities, a
/// line break as a character reference (other people's text never starts
/// a line of the file, where a CI log could run it), other control
/// characters shown as in [`visible`], and the characters XML 1.0 forbids
/// replaced by U+FFFD, so that the document stays well-formed whatever
/// the text.
pub(crate) fn xml_text(s: &str) -> String {
    xml(s, false)
}

/// An attribute value inside double quotes: as [`xml_text`], and both
/// quotes as references.
pub(crate) fn xml_attribute(s: &str) -> String {
    xml(s, true)
}

fn xml(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\'' if attribute => out.push_str("&#39;"),
            '\n' => out.push_str("&#10;"),
            '\u{2028}' | '\u{2029}' => {
                let _ = write!(out, "&#x{:X};", c as u32);
            }
            '\u{fffe}' | '\u{ffff}' => out.push(char::REPLACEMENT_CHARACTER),
            // Every C0 control XML forbids is among these: shown, not kept;
            // so are the characters that reorder or hide text.
            c if needs_escape(c) => shown(&mut out, c),
            c => out.push(c),
        }
    }
    out
}

/// Text for an XML writer that escapes markup itself (the JUnit report,
/// through quick-junit): [`visible`], and the characters XML 1.0 forbids
/// (all that `visible` leaves are U+FFFE and U+FFFF) replaced by U+FFFD.
pub(crate) fn xml_data(s: &str) -> String {
    visible(s)
        .chars()
        .map(|c| {
            if xml_forbidden(c) {
                char::REPLACEMENT_CHARACTER
            } else {
                c
            }
        })
        .collect()
}

/// Text in a JSON document another tool reads as XML-minded text (SARIF
/// viewers, code-scanning pages): the characters XML 1.0 forbids that JSON
/// would carry (U+FFFE, U+FFFF) replaced by U+FFFD, and those that reorder
/// or hide text shown as in [`visible`]. Control characters are serde's to
/// escape.
pub(crate) fn json_text(s: &str) -> Cow<'_, str> {
    if !s
        .chars()
        .any(|c| invisible(c) || matches!(c, '\u{fffe}' | '\u{ffff}'))
    {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\u{fffe}' | '\u{ffff}' => out.push(char::REPLACEMENT_CHARACTER),
            c if invisible(c) => shown(&mut out, c),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A CSV field: control characters shown as in [`visible`] (CSV lands in
/// CI logs, where a newline could start a workflow command); a field that
/// a spreadsheet would read as a formula (one starting with `=`, `+`, `-`,
/// `@`, tab or carriage return, and longer than that character) prefixed
/// with `'`, as OWASP's CSV injection guidance advises; and quoted, RFC
/// 4180, when it holds a comma, a quote or a semicolon (the separator of
/// spreadsheets in many locales, where an unquoted `;=` would start a new
/// cell with a formula).
///
/// For text only: the numbers a report writes itself go in unescaped, so
/// that a negative number stays a number.
pub(crate) fn csv(s: &str) -> String {
    let text = visible(s);
    // One character is no formula, and `-` names standard input.
    let formula = s.starts_with(['=', '+', '-', '@', '\t', '\r']) && s.chars().nth(1).is_some();
    let text = if formula {
        Cow::Owned(format!("'{text}"))
    } else {
        text
    };
    if text.contains([',', '"', ';']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.into_owned()
    }
}

/// The message of a GitHub workflow command (`::error ...::MESSAGE`):
/// [`visible`], so no line break ends the command early, and `%`
/// percent-encoded as actions/toolkit's `command.ts` does (it encodes CR
/// and LF too; none is left).
pub(crate) fn workflow_data(s: &str) -> String {
    visible(s).replace('%', "%25")
}

/// A property of a GitHub workflow command (`file=`, `title=`): as
/// [`workflow_data`], and the `:` and `,` that end a property.
pub(crate) fn workflow_property(s: &str) -> String {
    workflow_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// A link's destination in Markdown, in CommonMark's angle-bracket form:
/// the address as written, but for the characters that would end or break
/// it there (`<`, `>`, a backslash, spaces and controls) or end a table
/// cell (`|`, which no URI may hold unencoded anyway), which are
/// percent-encoded. The text of a link is [`markdown`]'s.
pub(crate) fn markdown_link_target(url: &str) -> String {
    let mut out = String::with_capacity(url.len() + 2);
    out.push('<');
    for c in url.chars() {
        if matches!(c, '<' | '>' | '\\' | ' ' | '|') || c.is_control() {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                let _ = write!(out, "%{b:02X}");
            }
        } else {
            out.push(c);
        }
    }
    out.push('>');
    out
}

/// A path in a URI reference: every byte but the unreserved characters
/// and `/` percent-encoded (RFC 3986).
pub(crate) fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => {
                let _ = write!(out, "%{b:02X}");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_target_cannot_end_early_or_break_its_line() {
        assert_eq!(
            markdown_link_target("https://example.org/a_(b)?q=1"),
            "<https://example.org/a_(b)?q=1>"
        );
        assert_eq!(
            markdown_link_target("https://x.org/a b>c<d\\e\nf|g"),
            "<https://x.org/a%20b%3Ec%3Cd%5Ce%0Af%7Cg>"
        );
    }

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
    fn bidirectional_and_zero_width_characters_are_shown() {
        assert_eq!(
            visible("a\u{202e}txt.exe\u{200b}b\u{2066}c\u{feff}"),
            "a\\u{202e}txt.exe\\u{200b}b\\u{2066}c\\u{feff}"
        );
        assert_eq!(xml_text("\u{202e}"), "\\u{202e}");
        assert_eq!(workflow_data("\u{200f}"), "\\u{200f}");
        // Letters of right-to-left scripts are text, not controls.
        assert_eq!(visible("שלום"), "שלום");
    }

    #[test]
    fn no_line_starts_a_ci_command() {
        assert_eq!(line_starts("a\nb"), "a\nb");
        assert_eq!(
            line_starts("name words\n  ::error file=x::y\n::warning::z"),
            "name words\n  \\::error file=x::y\n\\::warning::z"
        );
        assert_eq!(line_starts("\u{1b}[1m::x"), "\u{1b}[1m\\::x");
        assert_eq!(line_starts("##[error]x"), "\\##[error]x");
        assert_eq!(line_starts("a ::x"), "a ::x", "only a line's start");
    }

    #[test]
    fn markdown_and_html_render_as_text() {
        assert_eq!(
            markdown("<script>alert(1)</script> *x* [a](b) | c"),
            "&lt;script&gt;alert(1)&lt;/script&gt; \\*x\\* \\[a\\](b) \\| c"
        );
        assert_eq!(markdown("line\nbreak"), "line\\\\nbreak");
    }

    #[test]
    fn xml_text_is_markup_free_and_quotes_only_in_attributes() {
        assert_eq!(
            xml_text("<a href=\"x\">&'</a>"),
            "&lt;a href=\"x\"&gt;&amp;'&lt;/a&gt;"
        );
        assert_eq!(
            xml_attribute("<a href=\"x\">&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;"
        );
        for escape in [xml_text, xml_attribute] {
            assert_eq!(escape("bell\u{7}\ttab"), "bell\\u{7}\\u{9}tab");
            assert_eq!(escape("a\nb\u{2028}c"), "a&#10;b&#x2028;c");
        }
    }

    #[test]
    fn characters_xml_forbids_never_reach_a_document() {
        // Every character XML 1.0 forbids, and its neighbours it allows.
        let forbidden: String = ('\u{0}'..='\u{1f}')
            .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
            .chain(['\u{fffe}', '\u{ffff}'])
            .collect();
        for escape in [xml_text, xml_attribute, xml_data] {
            let out = escape(&forbidden);
            assert!(!out.chars().any(xml_forbidden), "{out:?}");
            assert_eq!(
                escape("a\u{fffd}\u{fffe}\u{ffff}\u{10000}"),
                "a\u{fffd}\u{fffd}\u{fffd}\u{10000}"
            );
        }
        assert_eq!(
            xml_data("<x>\u{1}"),
            "<x>\\u{1}",
            "markup is the writer's to escape"
        );
    }

    #[test]
    fn text_that_reorders_or_hides_is_shown() {
        let name = "abc\u{202e}gnp.exe\u{2066}x\u{2069}\u{200b}\u{feff}";
        let shown = "abc\\u{202e}gnp.exe\\u{2066}x\\u{2069}\\u{200b}\\u{feff}";
        for escape in [xml_text, xml_attribute, xml_data] {
            assert_eq!(escape(name), shown);
        }
        assert_eq!(visible(name), shown);
        assert_eq!(json_text(name), shown);
        assert_eq!(json_text("a\u{fffe}\u{1}"), "a\u{fffd}\u{1}");
        assert_eq!(json_text("plain é"), "plain é");
    }

    #[test]
    fn csv_fields_are_quoted_when_needed() {
        assert_eq!(csv("plain"), "plain");
        assert_eq!(csv("a,b"), "\"a,b\"");
        assert_eq!(csv("a;b"), "\"a;b\"");
        assert_eq!(csv("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv("two\nlines\r"), "two\\nlines\\r");
    }

    #[test]
    fn csv_fields_never_start_a_formula() {
        for (text, field) in [
            (
                "=HYPERLINK(\"http://x\")",
                "\"'=HYPERLINK(\"\"http://x\"\")\"",
            ),
            ("+1", "'+1"),
            ("-2.5", "'-2.5"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\\tx"),
            ("\r=1", "'\\r=1"),
            ("a=1", "a=1"),
            ("-", "-"),
            ("=", "="),
            (" =1", " =1"),
        ] {
            assert_eq!(csv(text), field, "{text:?}");
        }
    }

    #[test]
    fn workflow_commands_are_escaped() {
        assert_eq!(workflow_property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(workflow_data("a:b,c%"), "a:b,c%25");
        assert_eq!(workflow_data("line\nnext"), "line\\nnext");
        assert_eq!(
            workflow_property("line\r\n::error"),
            "line\\r\\n%3A%3Aerror"
        );
    }

    #[test]
    fn uri_paths_are_percent_encoded() {
        assert_eq!(
            uri_path("svc/pay ments/é.yaml"),
            "svc/pay%20ments/%C3%A9.yaml"
        );
        assert_eq!(uri_path("a-b_c.~/d"), "a-b_c.~/d");
    }
}
