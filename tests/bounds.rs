//! Issue 20: every reproduction of unbounded work, reading outside the
//! repository and silent passes, run under the time limit (10 s) and the
//! memory limit (1 GiB of address space) of `bad_input`'s runner. Each
//! input here once took seconds to minutes, gigabytes, or passed silently.

use std::path::{Path, PathBuf};

use crate::bad_input::{Run, run_limited_in};
use crate::common;

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("scratch directory");
    }
    std::fs::write(&path, text).expect("scratch file");
    path
}

/// A scratch directory that is a repository of its own (`.git` in it), so
/// that what lies outside it is well defined.
fn repository(name: &str) -> PathBuf {
    let dir = common::scratch_dir(name);
    std::fs::create_dir_all(dir.join(".git")).expect("a .git directory");
    dir
}

fn run(dir: &Path, args: &[&str]) -> Run {
    run_limited_in(dir, args, None, &[])
}

fn refused(what: &str, r: &Run, expected: &str) {
    assert!(!r.stderr.contains("panicked"), "{what}: {}", r.stderr);
    assert_eq!(r.code, Some(2), "{what}: stderr:\n{}", r.stderr);
    assert!(
        r.stderr.contains(expected),
        "{what}: expected {expected:?} in:\n{}",
        &r.stderr[..r.stderr.len().min(3_000)]
    );
    assert!(
        r.stderr.len() < 20_000,
        "{what}: {} bytes of errors",
        r.stderr.len()
    );
}

const PROFILE: &str = "name: shop\ncurrent: container\nsystem: {services: 4, cloud: aws}\n";

// ---- 1. Bounded ----

/// 300 broken tests on one 4 MB line: each problem kept a copy of the line
/// (2.3 GB). Now each keeps a window of it.
#[test]
fn verify_problems_on_one_huge_line_keep_a_window_of_it() {
    let dir = repository("verify-huge-line");
    write(&dir, "pack/r.yaml", "rules: []\n");
    let pad = "x".repeat(13_000);
    let tests: Vec<String> = (0..300)
        .map(|i| {
            format!(
                "{{name: t{i}{pad}, profile: none{i}.yaml, expect: {{recommendation: container}}}}"
            )
        })
        .collect();
    write(
        &dir,
        "pack/p.test.yaml",
        &format!("tests: [{}]\n", tests.join(", ")),
    );
    let r = run(&dir, &["verify", "pack"]);
    refused("a 4 MB line of 300 broken tests", &r, "no such file");
    assert!(r.stderr.contains("more problems not shown"), "{}", r.stderr);
}

/// The pack's files' sizes are summed before any is read: 300 files of
/// 4 MiB (sparse here) once took 2.5 GB.
#[test]
fn a_pack_over_the_byte_budget_is_refused_unread() {
    let dir = repository("pack-budget");
    for i in 0..300 {
        let f = std::fs::File::create(dir.join(format!("pack/r{i:03}.yaml")))
            .or_else(|_| {
                std::fs::create_dir_all(dir.join("pack"))?;
                std::fs::File::create(dir.join(format!("pack/r{i:03}.yaml")))
            })
            .expect("a pack file");
        f.set_len(4 * 1024 * 1024).expect("a sparse file");
    }
    write(&dir, "p.yaml", PROFILE);
    let r = run(&dir, &["p.yaml", "--extend", "pack"]);
    refused(
        "300 pack files of 4 MiB",
        &r,
        "more than the 16 MiB a catalog may read",
    );
}

/// Did-you-mean is not computed for a 4 MB `disable:` id (22 s before).
#[test]
fn a_huge_disable_id_gets_no_did_you_mean() {
    let dir = repository("disable-huge");
    write(
        &dir,
        "pack/d.yaml",
        &format!(
            "disable:\n  - {{rule: {}, reason: r}}\n",
            "a".repeat(4_000_000)
        ),
    );
    write(&dir, "p.yaml", PROFILE);
    let r = run(&dir, &["p.yaml", "--extend", "pack"]);
    refused("a 4 MB disable id", &r, "no rule `aaaa");
    assert!(!r.stderr.contains("did you mean"), "{}", r.stderr);
}

fn tiered_rules(points: f64) -> String {
    let mut out = String::from("rules:\n");
    for field in [
        "cost",
        "operability",
        "scalability",
        "resilience",
        "security",
        "portability",
        "performance",
        "delivery_speed",
    ] {
        for v in 0..6 {
            out.push_str(&format!(
                "  - {{id: t-{}-{v}, title: t, why: w, source: s, when: {{eq: {{field: priorities.{field}, value: {v}}}}}, message: m, effects: {{container: {{cost: {points}}}}}}}\n",
                field.replace('_', "-")
            ));
        }
    }
    out
}

/// 48 rules, six tiers on each of the eight priorities: the search for the
/// heaviest set that fires together was exponential (22 s, more than a
/// minute in a debug build). The bound by groups of exclusive rules makes
/// it exact at once, both when the pack is sound and when it is not.
#[test]
fn the_cofiring_check_of_tiered_rules_is_quick_and_exact() {
    let dir = repository("cofiring");
    write(&dir, "pack/r.yaml", &tiered_rules(0.01));
    write(&dir, "p.yaml", PROFILE);
    let r = run(&dir, &["check", "p.yaml", "--extend", "pack"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    // One rule per priority fires at once: 8 × 1.5 = 12 points, over 10.
    write(&dir, "pack/r.yaml", &tiered_rules(1.5));
    let r = run(&dir, &["check", "p.yaml", "--extend", "pack"]);
    refused("tiered rules that leave 0-10", &r, "outside 0 to 10");
    assert!(!r.stderr.contains("upper bound"), "exact: {}", r.stderr);
    assert!(r.stderr.matches("t-").count() >= 8, "{}", r.stderr);
}

/// A 1.5 MB `name` with 1,000 workloads made `check --format json` use
/// 4.4 GB and write 1.5 GB. Names are refused above 200 characters.
#[test]
fn a_huge_name_is_refused_at_load() {
    let dir = repository("huge-name");
    let mut text = format!(
        "name: {}\nsystem: {{cloud: aws}}\nworkloads:\n",
        "n".repeat(1_500_000)
    );
    for i in 0..1_000 {
        text.push_str(&format!("  - {{name: w{i}, current: container}}\n"));
    }
    write(&dir, "p.yaml", &text);
    let r = run(&dir, &["check", "p.yaml", "--format", "json"]);
    assert_eq!(r.code, Some(2), "{}", r.stderr);
    let out = String::from_utf8_lossy(&r.stdout);
    assert!(
        out.contains("longer than 200 characters"),
        "{}",
        &out[..out.len().min(2_000)]
    );
    assert!(r.stdout.len() < 100_000, "{} bytes written", r.stdout.len());
    // At the limit it is a name.
    write(&dir, "q.yaml", &format!("name: {}\n", "n".repeat(200)));
    assert_eq!(run(&dir, &["q.yaml"]).code, Some(0));
    let long = format!("name={}", "n".repeat(201));
    let r = run(&dir, &["q.yaml", "--set", &long]);
    refused(
        "--set name=201 characters",
        &r,
        "longer than 200 characters",
    );
}

/// 32 placeholders over a 780 KB tag list reached 1.2 GB. A tag list is
/// now at most 100 tags of 100 characters, and each placeholder expands to
/// at most 200 characters.
#[test]
fn a_placeholder_over_a_huge_tag_list_is_cut() {
    let dir = repository("placeholders");
    let tags: Vec<String> = (0..80_000).map(|i| format!("t{i}")).collect();
    let huge = format!(
        "name: p\ncurrent: container\nrequirements: {{compliance: [{}]}}\n",
        tags.join(", ")
    );
    write(&dir, "p.yaml", &huge);
    refused(
        "80,000 tags",
        &run(&dir, &["p.yaml"]),
        "more than the 100 a profile may list",
    );
    write(
        &dir,
        "pack/r.yaml",
        &format!(
            "rules:\n  - {{id: holes, title: t, why: w, source: s, when: {{contains: {{field: requirements.compliance, value: t0}}}}, message: \"{}\", effects: {{container: {{cost: 1}}}}}}\n",
            "{requirements.compliance} ".repeat(32)
        ),
    );
    let tags: Vec<String> = (0..100)
        .map(|i| format!("t{i}{}", "x".repeat(90)))
        .collect();
    let mut tags = tags;
    tags[0] = "t0".into();
    write(
        &dir,
        "p.yaml",
        &format!(
            "name: p\ncurrent: container\nrequirements: {{compliance: [{}]}}\n",
            tags.join(", ")
        ),
    );
    let r = run(
        &dir,
        &["check", "p.yaml", "--extend", "pack", "--format", "json"],
    );
    assert!(matches!(r.code, Some(0 | 1)), "{}", r.stderr);
    let r = run(&dir, &["p.yaml", "--extend", "pack", "--format", "json"]);
    assert_eq!(r.code, Some(0), "{}", r.stderr);
    let out = String::from_utf8_lossy(&r.stdout);
    // Each placeholder is 200 characters, cut in the fourth tag.
    let cut = format!(
        "[t0, t1{x}, t2{x}, t3{y}... [t0,",
        x = "x".repeat(90),
        y = "x".repeat(5)
    );
    assert!(out.contains(&cut), "the placeholder is cut: {out}");
    assert!(
        r.stdout.len() < 200_000,
        "{} bytes of output",
        r.stdout.len()
    );
}

/// The matrix formats hold every result: above 5,000 rows they are refused
/// before any profile is judged, and JSONL streams instead.
#[test]
fn compare_refuses_a_matrix_above_its_size() {
    let dir = repository("matrix");
    write(&dir, "p.yaml", PROFILE);
    let many: Vec<&str> = std::iter::repeat_n("p.yaml", 5_001).collect();
    for format in ["table", "csv", "markdown", "html"] {
        let mut args = vec!["compare", "--format", format];
        args.extend(&many);
        let r = run(&dir, &args);
        refused(format, &r, "5001 profiles for a matrix format");
        assert!(r.stderr.contains("--format jsonl"), "{}", r.stderr);
    }
    // A system of 5,001 workloads is as many rows.
    let mut text = String::from("name: s\nworkloads:\n");
    for i in 0..5_001 {
        text.push_str(&format!("  - {{name: w{i}}}\n"));
    }
    write(&dir, "s.yaml", &text);
    let r = run(&dir, &["compare", "s.yaml", "--format", "csv"]);
    refused("5,001 workloads", &r, "more than 5000 rows");
}

// ---- 3. Nothing outside the repository ----

#[cfg(unix)]
#[test]
fn links_out_of_the_repository_are_refused_unread() {
    let secret = [("MY_SECRET", "hunter2")];
    let dir = repository("outside");
    write(&dir, "svc/advise.yaml", PROFILE);
    std::fs::create_dir_all(dir.join("pack")).unwrap();
    std::os::unix::fs::symlink("/proc/self/environ", dir.join("pack/evil.yaml")).unwrap();
    write(&dir, ".advise/config.yaml", "extend: [pack]\n");
    for args in [
        vec!["check", "."],
        vec!["check", "svc", "--no-config", "--extend", "pack"],
    ] {
        let r = run_limited_in(&dir, &args, None, &secret);
        refused(
            "a pack file linked to /proc/self/environ",
            &r,
            "outside the repository",
        );
        assert!(
            !r.stderr.contains("hunter2")
                && !String::from_utf8_lossy(&r.stdout).contains("hunter2")
        );
    }
    // A config's `extend:` that leaves the repository.
    std::fs::remove_file(dir.join("pack/evil.yaml")).unwrap();
    write(&dir, ".advise/config.yaml", "extend: [..]\n");
    let r = run(&dir, &["check", "."]);
    refused("extend: [..]", &r, "outside the repository");
    // A verify test whose profile is a link out of the repository.
    write(&dir, ".advise/config.yaml", "extend: [pack]\n");
    write(&dir, "pack/r.yaml", "rules: []\n");
    std::fs::create_dir_all(dir.join("pack/profiles")).unwrap();
    std::os::unix::fs::symlink("/proc/self/environ", dir.join("pack/profiles/env.yaml")).unwrap();
    write(
        &dir,
        "pack/p.test.yaml",
        "tests:\n  - {name: t, profile: profiles/env.yaml, expect: {recommendation: container}}\n",
    );
    let r = run_limited_in(&dir, &["verify", "pack", "--no-config"], None, &secret);
    refused(
        "a test profile linked to /proc/self/environ",
        &r,
        "outside the repository",
    );
    assert!(!r.stderr.contains("hunter2"));
    // Named on the command line, a file outside is read as asked.
    let r = run(&dir, &["/proc/self/environ"]);
    assert!(!r.stderr.contains("outside the repository"));
}

// ---- 4. No silent pass ----

fn block_all() -> String {
    let mut out = String::from("rules:\n");
    for s in ["multi-instance", "container", "serverless", "service-mesh"] {
        out.push_str(&format!("  - {{id: no-{s}, title: t, why: w, source: s, when: {{eq: {{field: workload.gpu, value: false}}}}, message: m, block: [{s}]}}\n"));
    }
    out
}

#[test]
fn everything_ruled_out_is_a_mismatch() {
    let dir = repository("ruled-out");
    write(&dir, "pack/r.yaml", &block_all());
    write(&dir, "p.yaml", PROFILE);
    write(
        &dir,
        "h.yaml",
        "name: h\nsystem: {cloud: aws}\nworkloads:\n  - {name: api, current: container}\n  - {name: jobs, current: serverless}\n",
    );
    for (file, mismatches) in [("p.yaml", "1 mismatch"), ("h.yaml", "2 mismatch")] {
        let r = run(&dir, &["check", file, "--extend", "pack"]);
        let out = String::from_utf8_lossy(&r.stdout);
        assert_eq!(r.code, Some(1), "{file}: {out}{}", r.stderr);
        assert!(out.contains(mismatches), "{file}: {out}");
        assert!(out.contains("every strategy is ruled out"), "{file}: {out}");
    }
}

#[test]
fn verify_with_no_tests_is_an_error() {
    let dir = repository("no-tests");
    write(&dir, "pack/r.yaml", "rules: []\n");
    write(&dir, "pack/p.test.yaml", "tests: []\n");
    let r = run(&dir, &["verify", "pack"]);
    refused("tests: []", &r, "the file holds no tests");
}

#[test]
fn empty_standard_input_is_an_error_naming_it() {
    let dir = repository("empty-stdin");
    write(&dir, "new.yaml", PROFILE);
    for args in [vec!["-"], vec!["diff", "-", "new.yaml"], vec!["check", "-"]] {
        let r = run_limited_in(&dir, &args, Some(Vec::new()), &[]);
        let all = format!("{}{}", String::from_utf8_lossy(&r.stdout), r.stderr);
        assert_eq!(r.code, Some(2), "{args:?}: {all}");
        assert!(
            all.contains("-: standard input is empty"),
            "{args:?}: {all}"
        );
    }
    // An empty file is a valid profile (the profile contract says so).
    write(&dir, "empty.yaml", "");
    assert_eq!(run(&dir, &["empty.yaml"]).code, Some(0));
}

#[cfg(target_os = "linux")]
#[test]
fn standard_input_is_read_once_however_it_is_named() {
    let dir = repository("stdin-twice");
    for args in [
        vec!["diff", "/dev/stdin", "/dev/stdin"],
        vec!["diff", "-", "/proc/self/fd/0"],
        vec!["compare", "/dev/stdin", "-"],
        vec!["check", "/dev/stdin", "/dev/stdin"],
    ] {
        let r = run_limited_in(&dir, &args, Some(PROFILE.as_bytes().to_vec()), &[]);
        refused(&format!("{args:?}"), &r, "can be read only once");
    }
    // Named once, `/dev/stdin` is standard input.
    let r = run_limited_in(
        &dir,
        &["/dev/stdin"],
        Some(PROFILE.as_bytes().to_vec()),
        &[],
    );
    assert_eq!(r.code, Some(0), "{}", r.stderr);
}

#[cfg(unix)]
fn fifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
}

/// A FIFO hung the run forever; a config that is a FIFO, a directory or a
/// link to `/dev/zero` was silently no config.
#[cfg(unix)]
#[test]
fn fifos_and_special_files_are_refused() {
    let dir = repository("fifos");
    write(&dir, "p.yaml", PROFILE);
    fifo(&dir.join("f.yaml"));
    refused(
        "a FIFO profile",
        &run(&dir, &["f.yaml"]),
        "a FIFO (named pipe), not a regular file",
    );
    refused(
        "a FIFO --prices",
        &run(&dir, &["p.yaml", "--prices", "f.yaml"]),
        "a FIFO",
    );
    refused(
        "/dev/zero as a profile",
        &run(&dir, &["/dev/zero"]),
        "a character device",
    );
    write(&dir, "pack/r.yaml", "rules: []\n");
    std::fs::create_dir_all(dir.join("pack/profiles")).unwrap();
    fifo(&dir.join("pack/profiles/f.yaml"));
    write(
        &dir,
        "pack/p.test.yaml",
        "tests:\n  - {name: t, profile: profiles/f.yaml, expect: {recommendation: container}}\n",
    );
    refused(
        "a FIFO test profile",
        &run(&dir, &["verify", "pack"]),
        "a FIFO",
    );
    // Configs that cannot be read.
    std::fs::create_dir_all(dir.join(".advise")).unwrap();
    let config = dir.join(".advise/config.yaml");
    fifo(&config);
    refused("a FIFO config", &run(&dir, &["p.yaml"]), "a FIFO");
    std::fs::remove_file(&config).unwrap();
    std::fs::create_dir_all(&config).unwrap();
    refused(
        "a directory config",
        &run(&dir, &["p.yaml"]),
        "it is a directory",
    );
    std::fs::remove_dir(&config).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &config).unwrap();
    refused(
        "a config linked to /dev/zero",
        &run(&dir, &["p.yaml"]),
        "config.yaml",
    );
}

// ---- 5. Numbers stay finite ----

#[test]
fn numbers_out_of_range_are_refused_at_load() {
    let dir = repository("ranges");
    for (text, expected) in [
        (
            "workload: {peak_rps: 1.7e308}",
            "is 1.7e308, but it must be a number from 0 to 100000000",
        ),
        (
            "workload: {latency_slo_ms: 5e-324}",
            "is 5e-324, but it must be a number from 0.001 to 86400000",
        ),
        (
            "system: {services: 1000000}",
            "a whole number from 1 to 100000",
        ),
        ("workload: {memory_mb: 0.5}", "a number from 1 to 33554432"),
    ] {
        write(&dir, "p.yaml", text);
        refused(text, &run(&dir, &["p.yaml"]), expected);
    }
}

/// Every number at its least and its greatest: every computed figure in
/// every format is finite (no `$NaN`, `$inf`, `width="NaN"`).
#[test]
fn every_figure_is_finite_at_the_ends_of_every_range() {
    let dir = repository("corners");
    write(
        &dir,
        "max.yaml",
        "name: max\ncurrent: container\nsystem: {services: 100000, cloud: aws}\nteam: {engineers: 100000, engineer_monthly_cost: 10000000}\nworkload: {peak_rps: 100000000, average_rps: 100000000, avg_duration_ms: 86400000, max_duration_s: 2592000, call_depth: 1000, memory_mb: 33554432, latency_slo_ms: 0.001, cpu_ms: 86400000}\n",
    );
    write(
        &dir,
        "min.yaml",
        "name: min\ncurrent: serverless\nsystem: {services: 1, cloud: gcp}\nteam: {engineers: 1, engineer_monthly_cost: 0.0000001}\nworkload: {peak_rps: 0, average_rps: 0, avg_duration_ms: 0.001, max_duration_s: 0.001, call_depth: 1, memory_mb: 1, latency_slo_ms: 86400000, cpu_ms: 0.001}\n",
    );
    for file in ["max.yaml", "min.yaml"] {
        let runs: Vec<Vec<&str>> = vec![
            vec![file],
            vec![file, "--format", "json"],
            vec![file, "--format", "markdown"],
            vec![file, "--format", "html"],
            vec!["cost", file],
            vec!["cost", file, "--format", "json"],
            vec!["compare", file, file, "--format", "csv"],
            vec!["check", file, "--format", "json"],
        ];
        for args in runs {
            let r = run(&dir, &args);
            assert!(matches!(r.code, Some(0 | 1)), "{args:?}: {}", r.stderr);
            let out = String::from_utf8_lossy(&r.stdout);
            let words = out.split(|c: char| !c.is_alphanumeric());
            for word in words {
                assert!(
                    !["NaN", "inf", "Infinity", "infinity"].contains(&word),
                    "{args:?}: {word} in the output"
                );
            }
        }
    }
}

/// A profile left out by an ignore file, or replaced by a symbolic link,
/// once turned a failing run into "1 checked — passed" with no word about
/// it. Both are now counted and named in every check format.
#[cfg(unix)]
#[test]
fn profiles_passed_over_by_the_search_are_named_in_every_format() {
    let dir = repository("passed-over");
    write(&dir, "a/advise.yaml", PROFILE);
    write(&dir, "b/advise.yaml", PROFILE);
    write(&dir, "b/.ignore", "advise.yaml\n");
    std::fs::create_dir_all(dir.join("c")).unwrap();
    std::os::unix::fs::symlink("../a/advise.yaml", dir.join("c/advise.yaml")).unwrap();
    let line = "2 files named like a profile not checked: ./b/advise.yaml (left out by an ignore file), ./c/advise.yaml (a symbolic link, not followed)";
    for format in ["text", "github", "markdown"] {
        let r = run(&dir, &["check", ".", "--format", format]);
        assert_eq!(r.code, Some(0), "{format}: {}", r.stderr);
        let out = String::from_utf8_lossy(&r.stdout);
        assert!(out.contains(line), "{format}: {out}");
        assert!(out.contains("1 profile checked"), "{format}: {out}");
    }
    for format in ["json", "jsonl", "sarif", "junit", "html"] {
        let r = run(&dir, &["check", ".", "--format", format]);
        assert_eq!(r.code, Some(0), "{format}: {}", r.stderr);
        assert!(
            r.stderr.contains(&format!("note: {line}")),
            "{format}: {}",
            r.stderr
        );
    }
    let r = run(&dir, &["check", ".", "--format", "sarif"]);
    assert!(String::from_utf8_lossy(&r.stdout).contains("\"skipped\": ["));
    let r = run(&dir, &["check", ".", "--format", "junit"]);
    assert!(String::from_utf8_lossy(&r.stdout).contains("name=\"skipped\""));
    // Nothing passed over: no such line.
    let r = run(&dir, &["check", "a"]);
    assert!(!String::from_utf8_lossy(&r.stdout).contains("not checked"));
    assert!(!r.stderr.contains("note:"));
}
