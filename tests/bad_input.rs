//! Hostile and broken profiles, generated: each must give exit code 2 and an
//! error that fits on a screen, never a panic, a hang or unbounded memory
//! (profile.md, "Values and errors"). Every input is tried as a file and on
//! standard input (`advise -`), under a time limit and, on Unix, a memory
//! limit.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common;

/// Far beyond what any of these inputs needs when handled well.
const TIME_LIMIT: Duration = Duration::from_secs(10);
/// Address space for the child, in KiB (`ulimit -v`): 1 GiB.
const MEMORY_LIMIT_KIB: u64 = 1024 * 1024;
/// One screen: no more lines or bytes of stderr than this.
const SCREEN_LINES: usize = 60;
const SCREEN_BYTES: usize = 6_000;

pub(crate) struct Run {
    pub code: Option<i32>,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

/// Runs `advise` with a time limit: spawn, poll, and kill it (failing the
/// test) if it has not finished in time. Output is drained on threads so a
/// chatty child cannot block on a full pipe.
fn run_limited(args: &[&str], stdin: Option<Vec<u8>>) -> Run {
    run_limited_in(common::root(), args, stdin, &[])
}

/// [`run_limited`] in the directory `dir`, with `env` set: the time limit,
/// and on Unix the 1 GiB memory limit.
pub(crate) fn run_limited_in(
    dir: &std::path::Path,
    args: &[&str],
    stdin: Option<Vec<u8>>,
    env: &[(&str, &str)],
) -> Run {
    let mut command = if cfg!(unix) {
        let mut c = Command::new("sh");
        c.arg("-c")
            .arg(format!(
                "ulimit -v {MEMORY_LIMIT_KIB} 2>/dev/null; exec \"$0\" \"$@\""
            ))
            .arg(common::bin());
        c
    } else {
        Command::new(common::bin())
    };
    let mut child = command
        .args(args)
        .current_dir(dir)
        .envs(env.iter().copied())
        .env("NO_COLOR", "1")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("advise starts");
    let writer = stdin.map(|bytes| {
        let mut pipe = child.stdin.take().expect("piped stdin");
        // The child may stop reading early (an error): not a failure.
        std::thread::spawn(move || {
            let _ = pipe.write_all(&bytes);
        })
    });
    let mut out_pipe = child.stdout.take().expect("piped stdout");
    let mut err_pipe = child.stderr.take().expect("piped stderr");
    let out = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out_pipe.read_to_end(&mut v);
        v
    });
    let err = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err_pipe.read_to_end(&mut v);
        v
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("poll advise") {
            break status;
        }
        if start.elapsed() > TIME_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("advise {args:?} did not finish within {TIME_LIMIT:?}: a hang");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    if let Some(w) = writer {
        let _ = w.join();
    }
    let stdout = out.join().expect("stdout reader");
    let stderr = err.join().expect("stderr reader");
    Run {
        code: status.code(),
        stdout,
        stderr: String::from_utf8(stderr).expect("stderr is UTF-8, even for binary input"),
    }
}

/// A file with these bytes in a scratch directory of the build, unique per test.
fn scratch_file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bad_input");
    std::fs::create_dir_all(&dir).expect("scratch directory");
    let path = dir.join(format!("{}-{name}", std::process::id()));
    std::fs::write(&path, bytes).expect("scratch file");
    path
}

fn assert_refused(what: &str, run: &Run) {
    assert!(
        !run.stderr.contains("panicked"),
        "{what}: advise panicked:\n{}",
        run.stderr
    );
    assert_eq!(
        run.code,
        Some(2),
        "{what}: expected exit code 2 (killed by a signal if None, e.g. out of memory); stderr:\n{}",
        run.stderr
    );
    assert!(
        run.stdout.is_empty(),
        "{what}: nothing on stdout for bad input"
    );
    assert!(
        run.stderr.starts_with("error: "),
        "{what}: stderr:\n{}",
        run.stderr
    );
    let lines = run.stderr.lines().count();
    assert!(
        lines <= SCREEN_LINES && run.stderr.len() <= SCREEN_BYTES,
        "{what}: the error is {lines} lines, {} bytes; it must fit on a screen:\n{}",
        run.stderr.len(),
        &run.stderr[..run.stderr.len().min(2_000)]
    );
}

/// Feeds the input as a file and on standard input; both must be refused,
/// each error mentioning `expected`. Returns stderr of the file run.
fn refused(name: &str, bytes: &[u8], expected: &str) -> String {
    let path = scratch_file(name, bytes);
    let shown = path.to_str().expect("UTF-8 path");
    let from_file = run_limited(&[shown], None);
    let _ = std::fs::remove_file(&path);
    assert_refused(&format!("{name} as a file"), &from_file);
    assert!(
        from_file.stderr.contains(expected),
        "{name}: expected {expected:?} in:\n{}",
        from_file.stderr
    );
    assert!(from_file.stderr.contains(shown), "{}", from_file.stderr);

    let from_stdin = run_limited(&["-"], Some(bytes.to_vec()));
    assert_refused(&format!("{name} on stdin"), &from_stdin);
    assert!(
        from_stdin.stderr.starts_with("error: -"),
        "{}",
        from_stdin.stderr
    );
    assert!(
        from_stdin.stderr.contains(expected),
        "{name} on stdin: expected {expected:?} in:\n{}",
        from_stdin.stderr
    );
    from_file.stderr
}

/// A fixed-seed xorshift generator: the same "random" bytes on every run.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| (self.next() >> 32) as u8).collect()
    }

    fn pick(&mut self, alphabet: &[u8], n: usize) -> Vec<u8> {
        (0..n)
            .map(|_| alphabet[(self.next() % alphabet.len() as u64) as usize])
            .collect()
    }
}

const TOO_BIG: &str = "the document is too large or too deeply nested";

#[test]
fn an_alias_bomb_is_refused_before_it_expands() {
    // Billion laughs: each level refers to the previous one ten times.
    let mut doc =
        String::from("name: lol\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let refs = vec![format!("*l{}", i - 1); 10].join(", ");
        doc.push_str(&format!("l{i}: &l{i} [{refs}]\n"));
    }
    refused("alias-bomb.yaml", doc.as_bytes(), TOO_BIG);
}

#[test]
fn an_alias_bomb_of_long_strings_is_refused() {
    let big = "x".repeat(1_000_000);
    let refs = vec!["*a"; 999].join(", ");
    let doc = format!("name: &a {big}\nrequirements:\n  compliance: [{refs}]\n");
    refused("alias-strings.yaml", doc.as_bytes(), TOO_BIG);
}

#[test]
fn deep_flow_nesting_is_refused_with_a_short_error() {
    let doc = "[".repeat(100_000) + &"]".repeat(100_000);
    let err = refused("deep-flow.yaml", doc.as_bytes(), TOO_BIG);
    // The source line is cut to a window, not printed whole.
    assert!(err.contains("[[[..."), "{err}");
    let doc = "{a: ".repeat(100_000) + "1" + &"}".repeat(100_000);
    refused("deep-flow-map.yaml", doc.as_bytes(), TOO_BIG);
}

#[test]
fn deep_block_nesting_is_refused() {
    // A block sequence nested 100,000 deep on one line.
    let doc = "- ".repeat(100_000) + "x\n";
    refused("deep-block.yaml", doc.as_bytes(), TOO_BIG);
    // Block mappings nest by indentation, so depth costs its square in
    // bytes: 2,000 levels are 2 MB.
    let doc: String = (0..2_000)
        .map(|i| format!("{}k:\n", " ".repeat(i)))
        .collect();
    refused("deep-block-map.yaml", doc.as_bytes(), TOO_BIG);
}

#[test]
fn megabytes_of_random_bytes_are_refused() {
    let bytes = XorShift(0x9E37_79B9_7F4A_7C15).bytes(3 * 1024 * 1024);
    refused("random.bin", &bytes, "not UTF-8");
}

#[test]
fn megabytes_of_random_yaml_punctuation_are_refused() {
    let mut rng = XorShift(42);
    let bytes = rng.pick(b"[]{}:-,&*!|>'\"#%@`?\n\t abc123", 3 * 1024 * 1024);
    refused("random-yaml.yaml", &bytes, "invalid YAML");
    let bytes = rng.pick(b"abcdefghij:- \n  ", 3 * 1024 * 1024);
    refused("random-keys.yaml", &bytes, "error");
}

#[test]
fn invalid_utf8_is_refused_with_its_offset() {
    refused(
        "latin1.yaml",
        b"name: caf\xe9\nsystem:\n  services: 4\n",
        "not UTF-8 text (invalid byte at offset 9)",
    );
}

#[test]
fn a_file_over_the_size_limit_is_refused_unread() {
    // 5 MB of valid YAML: a comment.
    let mut doc = b"# ".to_vec();
    doc.extend(std::iter::repeat_n(b'x', 5 * 1024 * 1024));
    doc.push(b'\n');
    refused("five-mb.yaml", &doc, "larger than 4 MiB");
}

#[test]
fn nul_bytes_are_refused_and_not_echoed() {
    let err = refused(
        "nul.yaml",
        b"name: a\0b\nsystem:\n  services: 4\n",
        "invalid YAML",
    );
    assert!(!err.contains('\0'), "{err:?}");
    refused("nuls.yaml", &[0u8; 4096], "invalid YAML");
}

#[test]
fn a_document_that_is_not_a_mapping_is_refused() {
    refused(
        "list.yaml",
        b"- name: shop\n- name: blog\n",
        "a profile is a mapping of keys to values, not a list",
    );
    refused(
        "scalar.yaml",
        b"just some words\n",
        "a profile is a mapping of keys to values, not a string",
    );
    refused(
        "number.yaml",
        b"42\n",
        "a profile is a mapping of keys to values, not an integer",
    );
}

#[test]
fn several_documents_in_one_file_are_refused() {
    refused(
        "two-docs.yaml",
        b"name: shop\n---\nname: blog\n",
        "more than one YAML document",
    );
}

#[test]
fn a_flood_of_unknown_keys_is_refused_quickly_and_briefly() {
    // Every key is a problem; all are found, the first few are shown, and
    // finding them must not be quadratic in the size of the file.
    let doc: String = std::iter::once("system:\n".to_owned())
        .chain((0..20_000).map(|i| format!("  key{i}: 1\n")))
        .collect();
    let err = refused(
        "many-keys.yaml",
        doc.as_bytes(),
        "unknown key `key0` in `system`",
    );
    assert!(
        err.ends_with("error: 19992 more problems not shown; fix these first\n"),
        "{err}"
    );
}

#[test]
fn a_megabyte_line_with_a_mistake_shows_a_window_of_it() {
    let doc = format!(
        "name: {}\nsystem: {{services: 0}}\nworkload: {{traffic: {}}}\n",
        "n".repeat(100),
        "x".repeat(1_000_000)
    );
    let err = refused("long-line.yaml", doc.as_bytes(), "`workload.traffic` is");
    assert!(err.len() < 2_000, "{err}");
}

/// A rules directory of these files (`(name, text)`), unique per test.
fn scratch_rules(name: &str, files: &[(&str, String)]) -> PathBuf {
    let dir = common::scratch_dir(name);
    for (file, text) in files {
        std::fs::write(dir.join(file), text).expect("scratch file");
    }
    dir
}

const ONE_STRATEGY: &str = "strategies:\n  - {id: a, name: A, summary: s, source: x, ratings: {cost: 5, operability: 5, scalability: 5, resilience: 5, security: 5, portability: 5, performance: 5, delivery_speed: 5}}\n";

fn rule(id: &str, when: &str, rest: &str) -> String {
    format!("  - {{id: {id}, title: t, why: w, source: s, when: {when}, {rest}}}\n")
}

/// Rules files are other people's text too: each way a hand-built rules
/// directory broke the first release is refused, quickly, in bounded memory.
#[test]
fn hostile_rules_directories_are_refused_quickly_and_in_bounded_memory() {
    let gpu = "{eq: {field: workload.gpu, value: false}}";
    let cases: Vec<(&str, Vec<(&str, String)>)> = vec![
        (
            "an effect of 1.7e308 points (made scores NaN and passed the gate)",
            vec![
                ("s.yaml", ONE_STRATEGY.into()),
                (
                    "r.yaml",
                    format!(
                        "rules:\n{}",
                        rule("huge", gpu, "message: m, effects: {a: {points: 1.7e308}}")
                    ),
                ),
            ],
        ),
        (
            "a message of 100,000 placeholders (a 5 GB allocation)",
            vec![
                ("s.yaml", ONE_STRATEGY.into()),
                (
                    "r.yaml",
                    format!(
                        "rules:\n{}",
                        rule(
                            "holes",
                            gpu,
                            &format!(
                                "message: \"{}\", effects: {{a: {{cost: 1}}}}",
                                "{requirements.compliance}".repeat(100_000)
                            )
                        )
                    ),
                ),
            ],
        ),
        (
            "2,000 strategies, each building on the last (26 s of walks)",
            vec![
                ("s.yaml", {
                    let mut s = String::from(ONE_STRATEGY);
                    for i in 0..2_000 {
                        let base = if i == 0 {
                            "a".to_owned()
                        } else {
                            format!("s{}", i - 1)
                        };
                        s.push_str(&format!("  - {{id: s{i}, name: S, summary: s, source: x, builds_on: [{base}], delta: {{cost: 0, operability: 0, scalability: 0, resilience: 0, security: 0, portability: 0, performance: 0, delivery_speed: 0}}}}\n"));
                    }
                    s
                }),
                (
                    "r.yaml",
                    format!(
                        "rules:\n{}",
                        rule("r", gpu, "message: m, effects: {a: {cost: 1}}")
                    ),
                ),
            ],
        ),
        (
            "18,000 distinct thresholds (46 s of what-if)",
            vec![
                ("s.yaml", ONE_STRATEGY.into()),
                ("r.yaml", {
                    let parts: Vec<String> = (0..18_000)
                        .map(|i| format!("{{gt: {{field: workload.peak_rps, value: {i}}}}}"))
                        .collect();
                    format!(
                        "rules:\n{}",
                        rule(
                            "many",
                            &format!("{{any: [{}]}}", parts.join(", ")),
                            "message: m, effects: {a: {cost: 1}}"
                        )
                    )
                }),
            ],
        ),
        (
            "1,200 rules",
            vec![
                ("s.yaml", ONE_STRATEGY.into()),
                ("r.yaml", {
                    let mut r = String::from("rules:\n");
                    for i in 0..1_200 {
                        r.push_str(&rule(
                            &format!("r{i}"),
                            "{gt: {field: system.services, value: 3}}",
                            "message: m, effects: {a: {cost: 0.001}}",
                        ));
                    }
                    r
                }),
            ],
        ),
    ];
    for (what, files) in cases {
        let dir = scratch_rules(&what.len().to_string(), &files);
        let run = run_limited(
            &[
                "examples/minimal.yaml",
                "--rules",
                &dir.display().to_string(),
            ],
            None,
        );
        assert_refused(what, &run);
    }
}
