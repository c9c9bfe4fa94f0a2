//! Helpers shared by the integration tests.

use std::path::Path;
use std::process::{Command, Output, Stdio};

/// The `advise` binary built for this test run.
pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_advise")
}

/// The repository root, so tests do not depend on the working directory.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `advise` with arguments from the repository root.
pub fn advise(args: &[&str]) -> Output {
    advise_with_stdin(args, None)
}

pub fn advise_with_stdin(args: &[&str], stdin: Option<&[u8]>) -> Output {
    advise_with(args, stdin, &[])
}

/// `advise` with standard input and extra environment variables.
pub fn advise_with(args: &[&str], stdin: Option<&[u8]>, env: &[(&str, &str)]) -> Output {
    use std::io::Write;
    let mut child = Command::new(bin())
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        // The default width (80) whatever the terminal running the tests.
        .env_remove("COLUMNS")
        .envs(env.iter().copied())
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("advise runs");
    if let Some(bytes) = stdin {
        // The child may stop reading early (an error); that is not a test failure.
        let _ = child.stdin.take().expect("piped").write_all(bytes);
    }
    child.wait_with_output().expect("advise finishes")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

pub fn code(o: &Output) -> i32 {
    o.status.code().expect("exited, not killed")
}

/// A fresh, empty directory in the build's scratch space, unique to this
/// test run and `name`.
pub fn scratch_dir(name: &str) -> std::path::PathBuf {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("scratch")
        .join(format!("{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

/// A test that needs a system tool the machine lacks: skipped with a note,
/// unless `ADVISE_REQUIRE_TOOLS` names the tool (or is `all`), as `.ci/run`
/// does, and then it fails, so that CI cannot pass green without it.
#[allow(clippy::print_stderr)] // says that it skipped
pub fn missing_tool(tool: &str, how: &str) {
    let required = std::env::var("ADVISE_REQUIRE_TOOLS").unwrap_or_default();
    let required = required
        .split(',')
        .map(str::trim)
        .any(|t| t == tool || t == "all");
    assert!(
        !required,
        "{tool} is required here (ADVISE_REQUIRE_TOOLS) but is not installed: {how}"
    );
    eprintln!("skipped: {tool} is not installed ({how})");
}
