//! Serialised output: JSON and YAML of the wire types, and JSON written a
//! piece at a time for a batch ([`JsonStream`]).

pub(crate) fn json<T: serde::Serialize>(value: &T) -> String {
    let mut out = serde_json::to_string_pretty(value).expect("wire types serialize");
    out.push('\n');
    out
}

pub(crate) fn yaml<T: serde::Serialize>(value: &T) -> String {
    // Strings on one line, escaped: a block scalar would put other people's
    // text at the start of a line, where a CI log could run it as a command.
    let options = serde_saphyr::ser_options! { prefer_block_scalars: false };
    serde_saphyr::to_string_with_options(value, options).expect("wire types serialize")
}

/// A batch's JSON written one object at a time, as each profile is judged:
/// an indented array (`json`), or one compact object per line (`jsonl`).
/// [`JsonStream::encode`] is the costly part and may run on any thread;
/// [`JsonStream::write`] only joins the pieces, in order.
pub(crate) struct JsonStream<'w> {
    out: &'w mut dyn std::io::Write,
    lines: bool,
    written: usize,
}

impl<'w> JsonStream<'w> {
    pub(crate) fn new(out: &'w mut dyn std::io::Write, lines: bool) -> JsonStream<'w> {
        JsonStream {
            out,
            lines,
            written: 0,
        }
    }

    /// One object as it goes in the stream: a compact line, or indented
    /// exactly as the whole array pretty-printed at once.
    pub(crate) fn encode<T: serde::Serialize>(value: &T, lines: bool) -> Vec<u8> {
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
    pub(crate) fn write(&mut self, encoded: &[u8]) -> std::io::Result<()> {
        if !self.lines {
            self.out
                .write_all(if self.written == 0 { b"[\n" } else { b",\n" })?;
        }
        self.written += 1;
        self.out.write_all(encoded)
    }

    pub(crate) fn item<T: serde::Serialize>(&mut self, value: &T) -> std::io::Result<()> {
        let encoded = JsonStream::encode(value, self.lines);
        self.write(&encoded)
    }

    /// Closes the array; with nothing written, writes nothing (every
    /// profile was broken, and standard error says why).
    pub(crate) fn finish(self) -> std::io::Result<()> {
        match (self.lines, self.written) {
            (true, _) | (false, 0) => Ok(()),
            (false, _) => self.out.write_all(b"\n]\n"),
        }
    }
}
