//! Text laid out for a terminal: wrapped by display width (wide characters
//! take two columns, colour codes none), never splitting a word, an id, a
//! number or a unit (a word longer than the width overflows it instead, so
//! that it can still be copied). Every line the layout makes is checked by
//! [`escape::line_starts`] after wrapping: the one place where a word of
//! other people's text could come to start a line of a CI log.

use crate::text::escape;

/// Words that start at column `indent` (after a label or lead the caller
/// writes), wrapped to `width` columns of display width (a wide character
/// takes two, colour codes none), each further line indented to `indent`,
/// or by two where that would leave too little room. Words and rule ids
/// are never split.
pub(crate) fn wrap(text: &str, width: usize, indent: usize) -> String {
    let hang = if indent > width / 3 { 2 } else { indent };
    let (first, rest) = (" ".repeat(indent), " ".repeat(hang));
    let options = textwrap::Options::new(width.max(indent + 1))
        .initial_indent(&first)
        .subsequent_indent(&rest)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .break_words(false);
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let filled = textwrap::fill(&words, options);
    escape::line_starts(&filled[indent.min(filled.len())..]).into_owned()
}

/// Every line of `text` within `width` columns: a longer line is wrapped,
/// its continuation indented as the line is (and past a `- ` bullet). The
/// last step of every terminal view, so that none can overflow, and so
/// that no line it makes starts a CI command ([`escape::line_starts`]).
/// A word longer than the width (an id, a path) is kept whole.
pub(crate) fn fit(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (body, newline) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        if display_width(body) <= width {
            out.push_str(line);
            continue;
        }
        let words = body.trim_start();
        let lead = body.len() - words.len();
        let hang = lead + if words.starts_with("- ") { 2 } else { 0 };
        let (first, rest) = (" ".repeat(lead), " ".repeat(hang.min(width / 2)));
        let options = textwrap::Options::new(width.max(1))
            .initial_indent(&first)
            .subsequent_indent(&rest)
            .word_splitter(textwrap::WordSplitter::NoHyphenation)
            .break_words(false);
        out.push_str(&textwrap::fill(words, options));
        out.push_str(newline);
    }
    escape::line_starts(&out).into_owned()
}

/// The display width of text as a terminal shows it.
pub fn display_width(text: &str) -> usize {
    textwrap::core::display_width(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_numbers_and_units_are_never_split() {
        let text =
            "  - multi-instance-no-workload-identity fired at 12,345.678 instance-hour a month";
        for width in [20, 30, 40, 80] {
            let out = fit(text, width);
            for word in text.split_whitespace() {
                assert!(
                    out.split_whitespace().any(|w| w == word),
                    "{word} split at {width}:\n{out}"
                );
            }
            let wrapped = wrap(text, width, 4);
            assert!(wrapped.contains("multi-instance-no-workload-identity"));
        }
    }

    #[test]
    fn a_wrapped_word_never_starts_a_ci_command() {
        let text = "name name name name name name ::error file=x::pwned";
        for width in 10..60 {
            for out in [wrap(text, width, 0), fit(text, width)] {
                assert!(
                    out.lines().all(|l| !l.trim_start().starts_with("::")),
                    "at {width}:\n{out}"
                );
            }
        }
    }
}
