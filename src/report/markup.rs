//! Markup by construction, for the HTML and SVG reports. An [`Element`]
//! is written whole, its end tag with it, so every element is closed; its
//! name and attribute names are the code's own (`&'static str`); text and
//! attribute values are escaped as they are added, by their type (text by
//! `escape::xml_text`, a value by `escape::xml_attribute`, numbers as
//! numbers), so other people's text cannot become markup by mistake. The
//! one way to write unescaped text is [`Element::css`], for a style sheet
//! that is a literal in the code.

use std::fmt::{Display, Write as _};

use crate::text::escape;

/// Elements written `<name/>` when they have no content. The others are
/// always written with an end tag: an HTML parser reads `<td/>` as an
/// open cell.
const EMPTY: [&str; 6] = ["meta", "br", "line", "rect", "circle", "polyline"];

/// One element and its content, written as it is built.
#[derive(Debug, Clone)]
pub(crate) struct Element {
    name: &'static str,
    /// `<name` and the attributes written so far.
    start: String,
    /// The content written so far, escaped.
    content: String,
}

/// A new element with no attributes and no content.
pub(crate) fn el(name: &'static str) -> Element {
    Element {
        name,
        start: format!("<{name}"),
        content: String::new(),
    }
}

impl Element {
    /// An attribute, its value escaped or written as a number.
    pub(crate) fn attr(mut self, name: &'static str, value: impl Value) -> Self {
        // An attribute given twice is not well-formed XML. (A value cannot
        // hold ` name="`: its quotes are escaped.)
        debug_assert!(
            !self.start.contains(&format!(" {name}=\"")),
            "<{}> has {name} twice",
            self.name
        );
        self.start.push(' ');
        self.start.push_str(name);
        self.start.push_str("=\"");
        value.write(&mut self.start);
        self.start.push('"');
        self
    }

    /// Text, escaped.
    pub(crate) fn text(mut self, text: impl Display) -> Self {
        self.push_text(text);
        self
    }

    /// A child element.
    pub(crate) fn child(mut self, child: Element) -> Self {
        self.push(child);
        self
    }

    /// Child elements in order.
    pub(crate) fn children(mut self, children: impl IntoIterator<Item = Element>) -> Self {
        for c in children {
            self.push(c);
        }
        self
    }

    /// A line break between elements (the source stays readable).
    pub(crate) fn nl(mut self) -> Self {
        self.content.push('\n');
        self
    }

    /// A style sheet, unescaped: CSS has `>` in selectors. Only a literal in
    /// the code can be given.
    pub(crate) fn css(mut self, css: &'static str) -> Self {
        self.content.push_str(css);
        self
    }

    /// Text, escaped, in place.
    pub(crate) fn push_text(&mut self, text: impl Display) {
        let text = text.to_string();
        self.content.push_str(&escape::xml_text(&text));
    }

    /// A child element, in place.
    pub(crate) fn push(&mut self, child: Element) {
        child.write(&mut self.content);
    }

    /// A child element and a line break after it, in place.
    pub(crate) fn push_line(&mut self, child: Element) {
        self.push(child);
        self.content.push('\n');
    }

    fn write(self, out: &mut String) {
        out.push_str(&self.start);
        if self.content.is_empty() && EMPTY.contains(&self.name) {
            out.push_str("/>");
        } else {
            out.push('>');
            out.push_str(&self.content);
            out.push_str("</");
            out.push_str(self.name);
            out.push('>');
        }
    }

    /// The element as an HTML document: the doctype, the element, a newline.
    pub(crate) fn html_document(self) -> String {
        self.document("<!DOCTYPE html>\n")
    }

    /// The element as an XML document (a standalone SVG file).
    pub(crate) fn xml_document(self) -> String {
        self.document("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
    }

    fn document(self, prolog: &str) -> String {
        let mut out = String::from(prolog);
        self.write(&mut out);
        out.push('\n');
        out
    }
}

/// An attribute's value: text is escaped, numbers are written as numbers.
pub(crate) trait Value {
    fn write(&self, out: &mut String);
}

impl Value for &str {
    fn write(&self, out: &mut String) {
        out.push_str(&escape::xml_attribute(self));
    }
}

impl Value for String {
    fn write(&self, out: &mut String) {
        self.as_str().write(out);
    }
}

/// A length as Rust writes it: `18`, `230.5`.
impl Value for f64 {
    fn write(&self, out: &mut String) {
        let _ = write!(out, "{self}");
    }
}

impl Value for i32 {
    fn write(&self, out: &mut String) {
        let _ = write!(out, "{self}");
    }
}

/// A coordinate, written to a tenth of a unit: `150.0`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct At(pub f64);

impl Value for At {
    fn write(&self, out: &mut String) {
        let _ = write!(out, "{:.1}", self.0);
    }
}

/// The points of a polyline, each to a tenth: `1.0,2.0 3.0,4.0`.
pub(crate) struct Points<'a>(pub &'a [(f64, f64)]);

impl Value for Points<'_> {
    fn write(&self, out: &mut String) {
        for (k, (x, y)) in self.0.iter().enumerate() {
            let sep = if k == 0 { "" } else { " " };
            let _ = write!(out, "{sep}{x:.1},{y:.1}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_values_are_escaped_and_every_element_closed() {
        let mut p = el("p")
            .attr("title", "say \"<hi>\"")
            .text("a < b & 'c'")
            .child(el("br"))
            .child(el("td"));
        p.push_line(el("rect").attr("x", At(1.24)).attr("height", 18.0));
        p.push_text(7);
        let mut out = String::new();
        p.write(&mut out);
        assert_eq!(
            out,
            "<p title=\"say &quot;&lt;hi&gt;&quot;\">a &lt; b &amp; 'c'<br/><td></td><rect x=\"1.2\" height=\"18\"/>\n7</p>"
        );
    }

    #[test]
    fn documents_and_points() {
        let svg = el("svg")
            .child(el("polyline").attr("points", Points(&[(1.0, 2.0), (3.04, 4.06)])))
            .xml_document();
        assert_eq!(
            svg,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg><polyline points=\"1.0,2.0 3.0,4.1\"/></svg>\n"
        );
        assert!(
            el("html")
                .css("a > b")
                .html_document()
                .starts_with("<!DOCTYPE html>\n<html>a > b</html>")
        );
    }
}
