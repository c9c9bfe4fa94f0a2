//! Reading input files and standard input with the limits untrusted input
//! needs: a size cap (so a multi-gigabyte file or an endless pipe cannot take
//! all memory) and UTF-8 checked with a useful message.

use std::io::{self, Read};
use std::path::Path;

/// Far beyond any real profile or rules file (a few kilobytes), far below
/// what would hurt.
pub const MAX_BYTES: u64 = 4 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("cannot read it: {0}")]
    Io(#[from] io::Error),
    #[error("it is a directory, not a file")]
    Directory,
    #[error("it is larger than {} MiB; a profile or rules file is a few kilobytes", MAX_BYTES / 1024 / 1024)]
    TooLarge,
    #[error("it is not UTF-8 text (invalid byte at offset {0})")]
    NotUtf8(usize),
}

pub fn read_text(path: &Path) -> Result<String, InputError> {
    if path.is_dir() {
        return Err(InputError::Directory);
    }
    let file = std::fs::File::open(path).map_err(|e| match e.kind() {
        io::ErrorKind::NotFound => {
            InputError::Io(io::Error::new(io::ErrorKind::NotFound, "no such file"))
        }
        _ => InputError::Io(e),
    })?;
    read_limited(file)
}

pub fn read_stdin() -> Result<String, InputError> {
    read_limited(io::stdin().lock())
}

fn read_limited(reader: impl Read) -> Result<String, InputError> {
    let mut bytes = Vec::new();
    reader.take(MAX_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_BYTES {
        return Err(InputError::TooLarge);
    }
    String::from_utf8(bytes).map_err(|e| InputError::NotUtf8(e.utf8_error().valid_up_to()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_hold() {
        assert!(matches!(read_limited(&b"name: x\n"[..]), Ok(s) if s == "name: x\n"));
        assert!(matches!(
            read_limited(&b"a: \xff\n"[..]),
            Err(InputError::NotUtf8(3))
        ));
        let big = vec![b'a'; MAX_BYTES as usize + 1];
        assert!(matches!(read_limited(&big[..]), Err(InputError::TooLarge)));
        assert!(matches!(
            read_text(Path::new(".")),
            Err(InputError::Directory)
        ));
        assert!(
            read_text(Path::new("no/such/file.yaml"))
                .unwrap_err()
                .to_string()
                .contains("no such file")
        );
    }
}
