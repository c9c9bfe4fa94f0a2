//! Reading input files and standard input with the limits untrusted input
//! needs: a size cap (so a multi-gigabyte file or an endless pipe cannot take
//! all memory) and UTF-8 checked with a useful message.

use std::io::{self, Read};
use std::path::{Path, PathBuf};

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
    #[error("it is {0}, not a regular file (reading it could block forever or never end)")]
    NotRegular(&'static str),
    #[error(
        "it leads to {target}, outside the repository {root}; a pack, a config or a test reads only files inside its repository (name the file on the command line to read it)"
    )]
    Outside { target: String, root: String },
}

/// What kind of non-regular file `t` is, in words.
fn kind_of(t: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_char_device() {
            return "a character device";
        }
        if t.is_block_device() {
            return "a block device";
        }
    }
    let _ = t;
    "a special file"
}

/// Reads a regular file, bounded. Directories, FIFOs, devices and sockets
/// are refused before they are opened: a FIFO would block the run forever
/// and `/dev/zero` would never end.
pub(crate) fn read_text(path: &Path) -> Result<String, InputError> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => return Err(InputError::Directory),
        Ok(m) if !m.is_file() => return Err(InputError::NotRegular(kind_of(m.file_type()))),
        _ => {}
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

/// The repository that `dir` lies in: the nearest directory at or above it
/// (as the file system resolves it) that holds `.advise/` or `.git`; when
/// there is none, `dir` itself. Files that a pack, a config or a test file
/// leads to are read only inside it ([`read_within`]).
pub(crate) fn repository_root(dir: &Path) -> PathBuf {
    let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    dir.ancestors()
        .find(|d| d.join(".advise").is_dir() || d.join(".git").exists())
        .map_or_else(|| dir.clone(), Path::to_path_buf)
}

/// Whether `path` (resolved through every symbolic link) lies inside
/// `root`; `Err` says where it leads instead.
pub(crate) fn inside(path: &Path, root: &Path) -> Result<(), InputError> {
    let Ok(target) = std::fs::canonicalize(path) else {
        // Nothing there: reading it reports that.
        return Ok(());
    };
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    if target.starts_with(&root) {
        Ok(())
    } else {
        Err(InputError::Outside {
            target: target.display().to_string(),
            root: root.display().to_string(),
        })
    }
}

/// [`read_text`] of a file that something other than the command line led
/// to (a pack's files, a config, a test's profile): refused, unread, when
/// it resolves outside `root`, so a link to `/proc/self/environ` cannot put
/// its contents into an error message.
pub(crate) fn read_within(path: &Path, root: &Path) -> Result<String, InputError> {
    inside(path, root)?;
    read_text(path)
}

/// Whether `path` names this process's standard input when that is a
/// stream (a pipe, a FIFO or a terminal), however it is spelled: `-`,
/// `/dev/stdin`, `/proc/self/fd/0`. Compared by device and inode, so a
/// stream is read once. A regular file redirected to standard input can be
/// read again, and is read as a file.
pub(crate) fn is_stdin(path: &str) -> bool {
    if path == "-" {
        return true;
    }
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        use std::os::unix::fs::MetadataExt;
        static STDIN: std::sync::OnceLock<Option<(u64, u64)>> = std::sync::OnceLock::new();
        let ours = STDIN.get_or_init(|| {
            let fd = io::stdin().as_fd().try_clone_to_owned().ok()?;
            let m = std::fs::File::from(fd).metadata().ok()?;
            (!m.is_file()).then(|| (m.dev(), m.ino()))
        });
        if let (Some(ours), Ok(named)) = (ours, std::fs::metadata(path)) {
            return (named.dev(), named.ino()) == *ours;
        }
    }
    false
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
/// The profiles below a directory (as above), and the files named like a
/// profile that the search passed over,
/// each with why: a symbolic link (never followed), or a file an ignore
/// file (`.gitignore`, `.ignore`, git's excludes) leaves out. A gate must
/// say what it did not check: a profile dropped by an ignore file once
/// turned a failing run into "1 checked, passed". Found by a second walk
/// with the ignore files off (hidden directories and `--exclude` still
/// skipped, as the user asked).
pub(crate) fn discover_all(
    dir: &Path,
    exclude: &[String],
) -> Result<(Vec<String>, Vec<String>), String> {
    let found = walk(dir, exclude, true)?;
    let mut skipped = Vec::new();
    let seen: std::collections::HashSet<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    for (path, link) in walk(dir, exclude, false)? {
        if link {
            skipped.push(format!("{path} (a symbolic link, not followed)"));
        } else if !seen.contains(path.as_str()) {
            skipped.push(format!("{path} (left out by an ignore file)"));
        }
    }
    let found = found
        .into_iter()
        .filter(|(_, link)| !link)
        .map(|(p, _)| p)
        .collect();
    Ok((found, skipped))
}

/// The files named like a profile below `dir` (regular files and symbolic
/// links, each with whether it is a link), honouring ignore files or not.
fn walk(dir: &Path, exclude: &[String], ignores: bool) -> Result<Vec<(String, bool)>, String> {
    let mut overrides = ignore::overrides::OverrideBuilder::new(dir);
    for glob in exclude {
        overrides
            .add(&format!("!{glob}"))
            .map_err(|e| format!("--exclude {glob}: {e}"))?;
    }
    let overrides = overrides.build().map_err(|e| e.to_string())?;
    let walker = ignore::WalkBuilder::new(dir)
        .hidden(true)
        .git_ignore(ignores)
        .git_exclude(ignores)
        .git_global(ignores)
        .ignore(ignores)
        .parents(ignores)
        .require_git(false)
        .follow_links(false)
        .overrides(overrides)
        .sort_by_file_name(|a, b| a.cmp(b))
        .build();
    let mut found = Vec::new();
    for entry in walker {
        let entry = entry.map_err(|e| e.to_string())?;
        let regular = entry.file_type().is_some_and(|t| t.is_file());
        let link = entry.path_is_symlink();
        if (regular || link) && is_profile_name(&entry.file_name().to_string_lossy()) {
            found.push((entry.path().display().to_string(), link));
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
