//! A YAML document as a small tree of nodes that remember where they were.
//!
//! Profiles come from other people, so their validation must report every
//! problem at once, each with a line and column, and `advise check` must point
//! at the `current:` key itself. serde's derive stops at the first problem and
//! forgets where keys were, so profiles are read into this tree first (through
//! serde-saphyr, which does the parsing, the duplicate-key check and the
//! budgets against alias bombs and deep nesting) and validated afterwards.
//! This module knows nothing about what a profile means.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

/// A 1-based line and column in a source text. `0:0` means "unknown".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Loc {
    pub line: u32,
    pub col: u32,
}

impl Loc {
    pub const START: Loc = Loc { line: 1, col: 1 };

    pub(crate) fn is_known(self) -> bool {
        self.line > 0
    }

    fn from_saphyr(loc: serde_saphyr::Location) -> Loc {
        Loc {
            line: u32::try_from(loc.line()).unwrap_or(u32::MAX),
            col: u32::try_from(loc.column()).unwrap_or(u32::MAX),
        }
    }
}

impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.col)
    }
}

/// A value with the place it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub loc: Loc,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<Entry>),
}

/// One `key: value` pair of a mapping; the key keeps its own location.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: String,
    pub key_loc: Loc,
    pub value: Node,
}

impl Value {
    /// How a person would name this kind of value in an error message.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            Value::Null => "nothing (null)",
            Value::Bool(_) => "a boolean",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a number",
            Value::Str(_) => "a string",
            Value::Seq(_) => "a list",
            Value::Map(_) => "a mapping",
        }
    }

    /// The value as it would be written in YAML, for error messages.
    pub(crate) fn display(&self) -> String {
        match self {
            Value::Null => "null".into(),
            Value::Bool(b) => b.to_string(),
            Value::Int(i) => i.to_string(),
            Value::Float(x) => x.to_string(),
            Value::Str(s) => quoted(s),
            Value::Seq(_) => "a list".into(),
            Value::Map(_) => "a mapping".into(),
        }
    }
}

/// Characters of a string from the input shown in a message at most.
const SHOWN_CHARS: usize = 40;

/// Text from the input, cut to a readable length for a message: a
/// megabyte-long value must not become a megabyte-long error.
pub(crate) fn shorten(text: &str) -> String {
    match text.char_indices().nth(SHOWN_CHARS) {
        None => text.to_owned(),
        Some((cut, _)) => format!("{}...", &text[..cut]),
    }
}

/// A string from the input, quoted (with escapes) and shortened.
pub(crate) fn quoted(text: &str) -> String {
    match text.char_indices().nth(SHOWN_CHARS) {
        None => format!("{text:?}"),
        Some((cut, _)) => format!("{:?}...", &text[..cut]),
    }
}

/// A problem reading a document: the parser's message and where it happened.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SyntaxError {
    pub message: String,
    pub loc: Loc,
    /// True when the text is not YAML at all; false when it is YAML of the
    /// wrong shape (an unknown key, a missing field) or beyond the limits.
    pub invalid_yaml: bool,
}

/// Limits for documents that come from other people. A real profile is a few
/// dozen lines, three levels deep; these leave a wide margin and still stop alias bombs, deep
/// nesting and huge inputs long before they cost memory or time.
const MAX_DEPTH: usize = 16;
const MAX_NODES: usize = 100_000;
const MAX_ALIASES: usize = 1_000;
const MAX_SCALAR_BYTES: usize = 8 * 1024 * 1024;

/// Parses one YAML document. An empty document (or only comments) is `None`.
pub(crate) fn parse(text: &str) -> Result<Option<Node>, SyntaxError> {
    from_str::<Option<Spanned<Value>>>(text).map(|node| node.map(node_from))
}

/// Limits for deployment files that `advise detect` reads: a Kubernetes
/// manifest nests deeper than a profile (a container's memory limit is
/// eight levels down) and a file may hold many documents.
const MANIFEST_DEPTH: usize = 64;
const MANIFEST_DOCUMENTS: usize = 1_000;

/// Parses every document of a multi-document YAML file (`---` between
/// them), each as a located tree; empty documents are left out. The same
/// budgets as [`parse`] against alias bombs and huge scalars, with room
/// for a manifest's depth.
pub(crate) fn parse_all(text: &str) -> Result<Vec<Node>, SyntaxError> {
    let options = serde_saphyr::options! {
        strict_booleans: true,
        budget: serde_saphyr::budget! {
            max_depth: MANIFEST_DEPTH,
            max_nodes: MAX_NODES,
            max_aliases: MAX_ALIASES,
            max_total_scalar_bytes: MAX_SCALAR_BYTES,
            max_documents: MANIFEST_DOCUMENTS,
        },
    };
    serde_saphyr::from_multiple_with_options::<Option<Spanned<Value>>>(text, options)
        .map(|docs| docs.into_iter().flatten().map(node_from).collect())
        .map_err(|err| syntax_error(&err))
}

/// Deserializes one YAML document into `T` under the same limits as
/// [`parse`]; for files whose shape serde's derive describes well (rules).
pub(crate) fn from_str<T: de::DeserializeOwned>(text: &str) -> Result<T, SyntaxError> {
    let options = serde_saphyr::options! {
        strict_booleans: true,
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            max_nodes: MAX_NODES,
            max_aliases: MAX_ALIASES,
            max_total_scalar_bytes: MAX_SCALAR_BYTES,
            max_documents: 1,
        },
    };
    serde_saphyr::from_str_with_options::<T>(text, options).map_err(|err| syntax_error(&err))
}

/// Where a value read through serde's derive came from.
pub(crate) fn loc_of<T>(spanned: &Spanned<T>) -> Loc {
    Loc::from_saphyr(spanned.referenced)
}

pub(crate) fn node_from(spanned: Spanned<Value>) -> Node {
    Node {
        loc: Loc::from_saphyr(spanned.referenced),
        value: spanned.value,
    }
}

fn syntax_error(err: &serde_saphyr::Error) -> SyntaxError {
    use serde_saphyr::Error;
    use serde_saphyr::budget::BudgetBreach;

    let loc = err
        .without_snippet()
        .location()
        .map(Loc::from_saphyr)
        .unwrap_or_default();
    // An error inside an aliased value is wrapped with where the anchor was
    // defined; the message is the original error's.
    let mut inner = err;
    while let Error::WithSnippet { error, .. } | Error::AliasError { error, .. } = inner {
        inner = error;
    }
    let too_big = |what: String| {
        format!(
            "the document is too large or too deeply nested to be a profile or rules file ({what})"
        )
    };
    // The parser's text, without the " at line L column C" it appends: the
    // location is shown apart.
    let text = |e: &Error| {
        let mut message = e.to_string();
        if let Some(cut) = message.find(" at line ") {
            message.truncate(cut);
        }
        message
    };
    let (message, invalid_yaml) = match inner {
        // The parser's own messages are written for programmers (the breach
        // as a Rust value, or advice to change parser options): say what is
        // wrong with the file instead.
        Error::Budget { breach, .. } => {
            let message = match breach {
                BudgetBreach::Depth { .. } => {
                    too_big(format!("more than {MAX_DEPTH} levels of nesting"))
                }
                BudgetBreach::Nodes { .. } => too_big(format!(
                    "more than {MAX_NODES} values, counting each use of an alias"
                )),
                BudgetBreach::Aliases { .. } => too_big(format!("more than {MAX_ALIASES} aliases")),
                BudgetBreach::ScalarBytes { .. } => too_big(format!(
                    "more than {} MiB of text, counting each use of an alias",
                    MAX_SCALAR_BYTES / 1024 / 1024
                )),
                BudgetBreach::Documents { .. } => {
                    "the file holds more than one YAML document (`---` starts another); \
                     a profile or rules file is one document"
                        .to_owned()
                }
                other => too_big(format!("{other:?}")),
            };
            (message, false)
        }
        Error::DuplicateMappingKey { key: Some(key), .. } => {
            (format!("duplicate key `{}`", shorten(key)), true)
        }
        Error::DuplicateMappingKey { key: None, .. } => ("duplicate key".to_owned(), true),
        // Valid YAML of the wrong shape for a rules file (serde's derive).
        Error::Message { .. }
        | Error::SerdeInvalidType { .. }
        | Error::SerdeInvalidValue { .. }
        | Error::SerdeInvalidLength { .. }
        | Error::SerdeUnknownVariant { .. }
        | Error::SerdeUnknownField { .. }
        | Error::SerdeMissingField { .. } => (text(inner), false),
        other => match text(other) {
            // The parser's own guard against deep flow nesting.
            m if m.trim() == "recursion limit exceeded" => (
                too_big(format!("more than {MAX_DEPTH} levels of nesting")),
                false,
            ),
            m => (m, true),
        },
    };
    SyntaxError {
        message: message.trim().to_string(),
        loc,
        invalid_yaml,
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or(Value::Float(v as f64), Value::Int))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Value>>()? {
            items.push(node_from(item));
        }
        Ok(Value::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<Key>>()? {
            let value = map.next_value::<Spanned<Value>>()?;
            entries.push(Entry {
                key: key.value.0,
                key_loc: Loc::from_saphyr(key.referenced),
                value: node_from(value),
            });
        }
        Ok(Value::Map(entries))
    }
}

/// A mapping key. Profiles only have string keys, but `1: x` or `true: x`
/// must become a clear "unknown key" error, not a parse failure, so any
/// scalar key is accepted here as its text.
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match Value::deserialize(deserializer)? {
            Value::Str(s) => Ok(Key(s)),
            Value::Null => Ok(Key("null".into())),
            Value::Bool(b) => Ok(Key(b.to_string())),
            Value::Int(i) => Ok(Key(i.to_string())),
            Value::Float(x) => Ok(Key(x.to_string())),
            Value::Seq(_) | Value::Map(_) => Err(de::Error::custom(
                "a mapping key must be a plain word, not a list or a mapping",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(node: &Node) -> &[Entry] {
        match &node.value {
            Value::Map(entries) => entries,
            other => panic!("expected a mapping, got {other:?}"),
        }
    }

    #[test]
    fn keys_and_values_keep_their_locations() {
        let doc = parse("name: x\nsystem:\n  services: 14\n")
            .unwrap()
            .unwrap();
        let top = map(&doc);
        assert_eq!(top[0].key, "name");
        assert_eq!(top[0].key_loc, Loc { line: 1, col: 1 });
        let system = map(&top[1].value);
        assert_eq!(system[0].key_loc, Loc { line: 3, col: 3 });
        assert_eq!(system[0].value.value, Value::Int(14));
        assert_eq!(system[0].value.loc, Loc { line: 3, col: 13 });
    }

    #[test]
    fn every_document_of_a_manifest_is_read_with_its_lines() {
        let docs =
            parse_all("kind: A\n---\n# only a comment\n---\nkind: B\nx: !Ref Name\n").unwrap();
        assert_eq!(docs.len(), 2);
        let second = map(&docs[1]);
        assert_eq!((second[0].key_loc.line, second[1].key_loc.line), (5, 6));
        assert_eq!(second[1].value.value, Value::Str("Name".into()));
        assert!(parse_all("a: [\n").is_err());
    }

    #[test]
    fn empty_and_comment_only_documents_are_none() {
        assert_eq!(parse("").unwrap(), None);
        assert_eq!(parse("# nothing\n\n").unwrap(), None);
    }

    #[test]
    fn scalars_keep_their_yaml_types() {
        let doc = parse("a: 1\nb: 1.5\nc: true\nd: yes\ne: ~\nf: [x]\n")
            .unwrap()
            .unwrap();
        let kinds: Vec<_> = map(&doc).iter().map(|e| e.value.value.kind()).collect();
        assert_eq!(
            kinds,
            [
                "an integer",
                "a number",
                "a boolean",
                "a string",
                "nothing (null)",
                "a list"
            ]
        );
    }

    #[test]
    fn duplicate_keys_are_errors_with_a_location() {
        let err = parse("a: 1\na: 2\n").unwrap_err();
        assert!(err.message.contains("duplicate"), "{err:?}");
        assert_eq!(err.loc.line, 2);
    }

    #[test]
    fn alias_bombs_and_deep_nesting_are_refused() {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 0..12 {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                format!("l{}", i - 1)
            };
            bomb.push_str(&format!("l{i}: &l{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        }
        assert!(parse(&bomb).is_err());
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        assert!(parse(&deep).is_err());
        let deep_block: String = (0..10_000)
            .map(|i| format!("{}k:\n", " ".repeat(i)))
            .collect();
        assert!(parse(&deep_block).is_err());
    }
}
