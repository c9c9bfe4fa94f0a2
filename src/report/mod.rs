//! Rendering results, one module per output format. Reporters return text;
//! they never compute a score and never touch stdout (the binary does).
//!
//! Three commands render three kinds of result, each with its own format
//! list: an assessment ([`Format`]), a comparison ([`CompareFormat`]) and the
//! CI gate's findings ([`CheckFormat`]). Each format enum has one `render`
//! with one `match`.

pub mod check;
pub mod compare;
pub mod cost;
pub mod explain;
pub mod html;
pub mod hybrid;
pub mod markdown;
pub mod outline;
pub mod schema;
pub mod table;
pub mod wire;

use crate::analysis::evaluated::{Evaluated, System};
use crate::domain::catalog::Catalog;

/// Formats of `advise PROFILE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Ranked table with reasons, for a terminal (also `text`).
    #[value(alias = "text")]
    Table,
    /// One JSON object (spec/cli.md).
    Json,
    /// The JSON object, as YAML.
    Yaml,
    /// A Markdown report, for pull requests and wikis.
    Markdown,
    /// One self-contained HTML page with charts (no script, nothing fetched).
    Html,
    /// The ranking chart alone, as SVG, for a README or a wiki.
    Svg,
}

/// Options every assessment renderer honours.
#[derive(Debug, Clone, Copy)]
pub struct View {
    /// Show the per-criterion breakdown of every score.
    pub explain: bool,
    /// Columns the terminal views fit in (see [`MIN_WIDTH`]).
    pub width: usize,
}

/// The width when no terminal says otherwise (not a terminal, no `COLUMNS`).
pub const DEFAULT_WIDTH: usize = 80;
/// The narrowest the terminal views are laid out for; narrower terminals
/// get this width, and wrap it themselves.
pub const MIN_WIDTH: usize = 40;

impl Default for View {
    fn default() -> View {
        View {
            explain: false,
            width: DEFAULT_WIDTH,
        }
    }
}

impl Format {
    pub fn render(self, e: &Evaluated, catalog: &Catalog, view: View) -> String {
        match self {
            Format::Table => table::assessment(e, catalog, view),
            Format::Json => json(&wire::AssessmentJson::new(e, catalog, true)),
            Format::Yaml => yaml(&wire::AssessmentJson::new(e, catalog, true)),
            Format::Markdown => markdown::assessment(e, catalog, view),
            Format::Html => html::assessment(e, catalog),
            Format::Svg => html::ranking_svg(e, catalog),
        }
    }
}

impl Format {
    /// A hybrid system: the plan, then the workloads.
    pub fn render_hybrid(self, h: &System, catalog: &Catalog, view: View) -> String {
        match self {
            Format::Table => hybrid::table(h, catalog, view),
            Format::Json => json(&hybrid::HybridJson::new(h, catalog, true)),
            Format::Yaml => yaml(&hybrid::HybridJson::new(h, catalog, true)),
            Format::Markdown => hybrid::markdown(h, catalog, view),
            Format::Html => html::hybrid(h, catalog),
            Format::Svg => html::hybrid_svg(h, catalog),
        }
    }
}

/// Formats of `advise compare`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CompareFormat {
    /// Profiles × strategies matrix, for a terminal (also `text`).
    #[value(alias = "text")]
    Table,
    /// An array of assessment objects, in argument order, written as each
    /// profile is judged (`would_change_if` and `breakdown` with `--detail`).
    Json,
    /// One compact assessment object per line, written as each profile is
    /// judged: memory does not grow with the number of profiles.
    Jsonl,
    /// One row per profile, one column per strategy.
    Csv,
    /// The matrix as a Markdown table.
    Markdown,
    /// One self-contained HTML page: a summary chart and pre-sorted tables.
    Html,
}

impl CompareFormat {
    /// Whether the format is written one profile at a time ([`JsonStream`])
    /// rather than rendered from them all.
    pub fn streams(self) -> bool {
        matches!(self, CompareFormat::Json | CompareFormat::Jsonl)
    }

    /// The whole report at once (`advise compare` streams JSON instead,
    /// through [`JsonStream`], and adds `--detail`).
    pub fn render(self, all: &[Evaluated], catalog: &Catalog, width: usize) -> String {
        match self {
            CompareFormat::Table => compare::table(all, catalog, width),
            CompareFormat::Csv => compare::csv(all, catalog),
            CompareFormat::Markdown => compare::markdown(all, catalog),
            CompareFormat::Html => html::compare(all, catalog),
            CompareFormat::Json | CompareFormat::Jsonl => {
                let mut buf = Vec::new();
                let mut stream = JsonStream::new(&mut buf, self == CompareFormat::Jsonl);
                for e in all {
                    let item = wire::AssessmentJson::new(e, catalog, false);
                    stream.item(&item).expect("writing to memory succeeds");
                }
                stream.finish().expect("writing to memory succeeds");
                String::from_utf8(buf).expect("JSON is UTF-8")
            }
        }
    }
}

/// A batch's JSON written one object at a time, as each profile is judged:
/// an indented array (`json`), or one compact object per line (`jsonl`).
/// [`JsonStream::encode`] is the costly part and may run on any thread;
/// [`JsonStream::write`] only joins the pieces, in order.
pub struct JsonStream<'w> {
    out: &'w mut dyn std::io::Write,
    lines: bool,
    written: usize,
}

impl<'w> JsonStream<'w> {
    pub fn new(out: &'w mut dyn std::io::Write, lines: bool) -> JsonStream<'w> {
        JsonStream {
            out,
            lines,
            written: 0,
        }
    }

    /// One object as it goes in the stream: a compact line, or indented
    /// exactly as the whole array pretty-printed at once.
    pub fn encode<T: serde::Serialize>(value: &T, lines: bool) -> Vec<u8> {
        if lines {
            let mut line = serde_json::to_vec(value).expect("wire types serialize");
            line.push(b'\n');
            return line;
        }
        let text = serde_json::to_vec_pretty(value).expect("wire types serialize");
        let mut item = Vec::with_capacity(text.len() + text.len() / 8 + 2);
        for (i, line) in text.split(|&b| b == b'\n').enumerate() {
            item.extend_from_slice(if i == 0 { b"  " } else { b"\n  " });
            item.extend_from_slice(line);
        }
        item
    }

    /// Writes an object [`encode`](JsonStream::encode)d for this stream.
    pub fn write(&mut self, encoded: &[u8]) -> std::io::Result<()> {
        if !self.lines {
            self.out
                .write_all(if self.written == 0 { b"[\n" } else { b",\n" })?;
        }
        self.written += 1;
        self.out.write_all(encoded)
    }

    pub fn item<T: serde::Serialize>(&mut self, value: &T) -> std::io::Result<()> {
        let encoded = JsonStream::encode(value, self.lines);
        self.write(&encoded)
    }

    /// Closes the array; with nothing written, writes nothing (every
    /// profile was broken, and standard error says why).
    pub fn finish(self) -> std::io::Result<()> {
        match (self.lines, self.written) {
            (true, _) | (false, 0) => Ok(()),
            (false, _) => self.out.write_all(b"\n]\n"),
        }
    }
}

/// Formats of `advise check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    /// One line per profile, for a terminal or a CI log (also `table`).
    #[value(alias = "table")]
    Text,
    /// An array of findings (spec/cli.md).
    Json,
    /// One compact finding per line, written as each profile is judged.
    Jsonl,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// JUnit XML: one test case per profile.
    Junit,
    /// GitHub Actions workflow commands (inline annotations).
    Github,
    /// A Markdown summary, e.g. for $GITHUB_STEP_SUMMARY.
    Markdown,
    /// One self-contained HTML page: verdict counts and every finding.
    Html,
}

impl CheckFormat {
    pub fn render(self, run: &crate::gate::check::Run, catalog: &Catalog) -> String {
        match self {
            CheckFormat::Text => check::text(run, catalog),
            CheckFormat::Json => json(&wire::findings(run, catalog).collect::<Vec<_>>()),
            // The lines `check` streams, written here all at once.
            CheckFormat::Jsonl => {
                let mut buf = Vec::new();
                let mut stream = JsonStream::new(&mut buf, true);
                for item in wire::findings(run, catalog) {
                    stream.item(&item).expect("writing to memory succeeds");
                }
                String::from_utf8(buf).expect("JSON is UTF-8")
            }
            CheckFormat::Sarif => check::sarif(run, catalog),
            CheckFormat::Junit => check::junit(run, catalog),
            CheckFormat::Github => check::github(run, catalog),
            CheckFormat::Markdown => check::markdown(run, catalog),
            CheckFormat::Html => html::check(run, catalog),
        }
    }
}

pub fn json<T: serde::Serialize>(value: &T) -> String {
    let mut out = serde_json::to_string_pretty(value).expect("wire types serialize");
    out.push('\n');
    out
}

fn yaml<T: serde::Serialize>(value: &T) -> String {
    // Strings on one line, escaped: a block scalar would put other people's
    // text at the start of a line, where a CI log could run it as a command.
    let options = serde_saphyr::ser_options! { prefer_block_scalars: false };
    serde_saphyr::to_string_with_options(value, options).expect("wire types serialize")
}

/// Words that start at column `indent` (after a label or lead the caller
/// writes), wrapped to `width` columns of display width (a wide character
/// takes two, colour codes none), each further line indented to `indent`,
/// or by two where that would leave too little room. Words and rule ids
/// are never split.
pub fn wrap(text: &str, width: usize, indent: usize) -> String {
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
pub fn fit(text: &str, width: usize) -> String {
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

/// What organisation packs did to the catalog, one sentence per pack, as
/// every report states it (spec/packs.md): empty without `--extend`.
pub fn packs_summary(catalog: &Catalog) -> Vec<String> {
    catalog
        .packs
        .iter()
        .map(|p| {
            // The new rules speak for themselves where they fire; what a
            // pack changed of the catalog is named, with its reason.
            let n = p.added.len();
            let mut parts = vec![format!("adds {n} rule{}", if n == 1 { "" } else { "s" })];
            parts.extend(
                p.overridden
                    .iter()
                    .map(|c| format!("overrides {} ({})", c.rule, c.reason)),
            );
            parts.extend(
                p.disabled
                    .iter()
                    .map(|c| format!("disables {} ({})", c.rule, c.reason)),
            );
            format!(
                "pack {} {}",
                crate::text::escape::visible(&p.dir),
                crate::text::escape::visible(&parts.join("; "))
            )
        })
        .collect()
}

/// A signed effect as people read it: `+2.5`, `-1.0`.
pub fn signed(x: f64) -> String {
    let x = wire::round(x);
    if x >= 0.0 {
        format!("+{x:.2}")
    } else {
        format!("{x:.2}")
    }
}
