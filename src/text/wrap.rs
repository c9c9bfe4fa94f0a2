//! Text laid out for a terminal: wrapped by display width (wide characters
//! take two columns, colour codes none), never splitting a word.

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
    filled[indent.min(filled.len())..].to_owned()
}

/// Every line of `text` within `width` columns: a longer line is wrapped,
/// its continuation indented as the line is (and past a `- ` bullet). The
/// last step of every terminal view, so that none can overflow.
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
            .word_splitter(textwrap::WordSplitter::NoHyphenation);
        out.push_str(&textwrap::fill(words, options));
        out.push_str(newline);
    }
    out
}

/// The display width of text as a terminal shows it.
pub fn display_width(text: &str) -> usize {
    textwrap::core::display_width(text)
}
