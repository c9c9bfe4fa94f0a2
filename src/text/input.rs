//! Reading input files and standard input with the limits untrusted input
//! needs: a size cap (so a multi-gigabyte file or an endless pipe cannot take
//! all memory) and UTF-8 checked with a useful message.

use std::io::{self, Read};
use std::path::Path;

/// Far beyond any real profile or rules file (a few kilobytes), far below
/// what would hurt.
pub(crate) const MAX_BYTES: u64 = 4 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub(crate) enum InputError {
    #[error("cannot read it: {0}")]
    Io(#[from] io::Error),
    #[error("it is a directory, not a file")]
    Directory,
    #[error("it is larger than {} MiB; a profile or rules file is a few kilobytes", MAX_BYTES / 1024 / 1024)]
    TooLarge,
    #[error("it is not UTF-8 text (invalid byte at offset {0})")]
    NotUtf8(usize),
}

pub(crate) fn read_text(path: &Path) -> Result<String, InputError> {
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

pub(crate) fn read_stdin() -> Result<String, InputError> {
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

/// Whether two paths name the same file or directory (as the file system
/// resolves them; as written when either does not exist).
pub(crate) fn same_path(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Whether a file name is a profile's: `advise.yaml` or `NAME.advise.yaml`
/// (`.yml` too).
pub(crate) fn is_profile_name(name: &str) -> bool {
    ["yaml", "yml"].iter().any(|ext| {
        let bare = format!("advise.{ext}");
        let suffix = format!(".advise.{ext}");
        name == bare || (name.ends_with(&suffix) && name.len() > suffix.len())
    })
}

/// The profiles below a directory, in name order, found as ripgrep finds
/// files: `.gitignore` and `.ignore` honoured (in a git checkout or not),
/// hidden directories and `--exclude` globs skipped, symbolic links not
/// followed (no loops), and only regular files taken (a FIFO named
/// `advise.yaml` would block the gate).
pub(crate) fn discover(dir: &Path, exclude: &[String]) -> Result<Vec<String>, String> {
    let mut overrides = ignore::overrides::OverrideBuilder::new(dir);
    for glob in exclude {
        overrides
            .add(&format!("!{glob}"))
            .map_err(|e| format!("--exclude {glob}: {e}"))?;
    }
    let overrides = overrides.build().map_err(|e| e.to_string())?;
    let walker = ignore::WalkBuilder::new(dir)
        .hidden(true)
        .git_ignore(true)
        .ignore(true)
        .require_git(false)
        .follow_links(false)
        .overrides(overrides)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    let mut found = Vec::new();
    for entry in walker {
        let entry = entry.map_err(|e| e.to_string())?;
        let regular = entry.file_type().is_some_and(|t| t.is_file());
        if regular && is_profile_name(&entry.file_name().to_string_lossy()) {
            found.push(entry.path().display().to_string());
        }
    }
    Ok(found)
}

/// What [`walk_tree`] read: each regular file below the directory with its
/// text, and each file it would not read, with the reason.
#[derive(Debug, Default)]
pub(crate) struct Tree {
    /// `(path relative to the directory, with forward slashes, text)`, in path order.
    pub files: Vec<(String, String)>,
    /// `(relative path, reason)`.
    pub skipped: Vec<(String, String)>,
    /// Set when the walk stopped at the file-count cap.
    pub capped: Option<String>,
}

/// Reads the regular files below `dir` for `advise detect`, bounded and
/// inside the tree: ignore files honoured (`.gitignore`, `.ignore`, in a
/// git checkout or not), hidden directories skipped, symbolic links never
/// followed (one is listed as skipped), a file larger than `max_bytes` or
/// not UTF-8 skipped with the reason, and the walk stopped after
/// `max_files` files with a message. `wanted` picks the files worth
/// reading by their relative path; the others are not opened.
pub(crate) fn walk_tree(
    dir: &Path,
    max_files: usize,
    max_bytes: u64,
    wanted: impl Fn(&str) -> bool,
) -> Result<Tree, String> {
    if !dir.is_dir() {
        return Err("not a directory".into());
    }
    let walker = ignore::WalkBuilder::new(dir)
        .hidden(true)
        .git_ignore(true)
        .ignore(true)
        .require_git(false)
        .follow_links(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    let mut tree = Tree::default();
    let mut seen = 0usize;
    for entry in walker {
        let entry = entry.map_err(|e| e.to_string())?;
        let Some(kind) = entry.file_type() else {
            continue;
        };
        let relative = entry
            .path()
            .strip_prefix(dir)
            .unwrap_or(entry.path())
            .to_string_lossy()
            .replace('\\', "/");
        if relative.is_empty() || kind.is_dir() {
            continue;
        }
        seen += 1;
        if seen > max_files {
            tree.capped = Some(format!(
                "stopped after {max_files} files: the rest of the directory was not read; point advise at the directory that holds the deployment files"
            ));
            break;
        }
        if kind.is_symlink() {
            if wanted(&relative) {
                tree.skipped
                    .push((relative, "a symbolic link: not followed".into()));
            }
            continue;
        }
        if !kind.is_file() || !wanted(&relative) {
            continue;
        }
        let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
        if size > max_bytes {
            tree.skipped.push((
                relative,
                format!(
                    "larger than {} KiB ({} bytes): not read",
                    max_bytes / 1024,
                    size
                ),
            ));
            continue;
        }
        let read = std::fs::File::open(entry.path())
            .map_err(InputError::Io)
            .and_then(|f| {
                let mut bytes = Vec::new();
                f.take(max_bytes + 1)
                    .read_to_end(&mut bytes)
                    .map_err(InputError::Io)?;
                if bytes.len() as u64 > max_bytes {
                    return Err(InputError::TooLarge);
                }
                String::from_utf8(bytes)
                    .map_err(|e| InputError::NotUtf8(e.utf8_error().valid_up_to()))
            });
        match read {
            Ok(text) => tree.files.push((relative, text)),
            Err(InputError::TooLarge) => tree.skipped.push((
                relative,
                format!("larger than {} KiB: not read", max_bytes / 1024),
            )),
            Err(e) => tree.skipped.push((relative, e.to_string())),
        }
    }
    Ok(tree)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_names_are_recognised() {
        for name in [
            "advise.yaml",
            "payments.advise.yaml",
            "advise.yml",
            "payments.advise.yml",
        ] {
            assert!(is_profile_name(name), "{name}");
        }
        for name in [
            ".advise.yaml",
            ".advise.yml",
            "values.yaml",
            "advise.yaml.bak",
        ] {
            assert!(!is_profile_name(name), "{name}");
        }
    }

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
