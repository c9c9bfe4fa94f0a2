//! Batches over many profiles: JSON and JSON lines carry the same objects,
//! in argument order whatever the number of cores, and `--detail` adds the
//! heavy parts.

use crate::common::{advise, code, scratch_dir, stderr, stdout};

/// `n` distinct profiles (more than one chunk of the batch), named in order.
fn fleet(n: usize) -> Vec<String> {
    let dir = scratch_dir(&format!("fleet-{n}"));
    let traffic = ["steady", "diurnal", "spiky", "sporadic"];
    (0..n)
        .map(|i| {
            let path = dir.join(format!("p{i:04}.yaml"));
            let text = format!(
                "name: svc-{i:04}\ncurrent: container\nteam: {{ engineers: {} }}\nworkload: {{ traffic: {}, average_rps: {} }}\n",
                1 + i % 40,
                traffic[i % 4],
                (i % 97) as f64 * 3.5
            );
            std::fs::write(&path, text).unwrap();
            path.to_string_lossy().into_owned()
        })
        .collect()
}

fn run(args: &[&str], files: &[String]) -> String {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(files.iter().map(String::as_str));
    let out = advise(&all);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    stdout(&out)
}

#[test]
fn json_and_json_lines_hold_the_same_objects_in_argument_order() {
    let files = fleet(600);
    let array: Vec<serde_json::Value> =
        serde_json::from_str(&run(&["compare", "--format", "json"], &files)).unwrap();
    let lines: Vec<serde_json::Value> = run(&["compare", "--format", "jsonl"], &files)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is one JSON object"))
        .collect();
    assert_eq!(array.len(), 600);
    assert_eq!(array, lines);
    for (i, item) in array.iter().enumerate() {
        assert_eq!(item["profile"], format!("svc-{i:04}"));
        assert!(item.get("would_change_if").is_none() && item.get("breakdown").is_none());
    }
    // The table of the same batch lists them in the same order.
    let table = run(&["compare", "--format", "csv"], &files);
    let names: Vec<&str> = table
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    let expected: Vec<String> = (0..600).map(|i| format!("svc-{i:04}")).collect();
    assert_eq!(names, expected);
}

#[test]
fn detail_adds_what_would_change_the_answer_and_the_breakdown() {
    let files = fleet(3);
    let lean: Vec<serde_json::Value> =
        serde_json::from_str(&run(&["compare", "--format", "json"], &files)).unwrap();
    let detailed: Vec<serde_json::Value> =
        serde_json::from_str(&run(&["compare", "--format", "json", "--detail"], &files)).unwrap();
    for (l, d) in lean.iter().zip(&detailed) {
        assert!(d["would_change_if"].is_array() && d["breakdown"].is_array());
        assert!(d["sharpen"].is_array() && d["cost"]["break_even"].is_array());
        assert!(l["cost"].get("break_even").is_none());
        // Everything else is the same.
        let mut trimmed = d.clone();
        for key in ["would_change_if", "breakdown", "sharpen"] {
            trimmed.as_object_mut().unwrap().remove(key);
        }
        trimmed["cost"]
            .as_object_mut()
            .unwrap()
            .remove("break_even");
        assert_eq!(&trimmed, l);
    }
    // One profile's JSON is the detailed object.
    let one: serde_json::Value =
        serde_json::from_str(&run(&["--format", "json"], &files[..1])).unwrap();
    assert_eq!(one, detailed[0]);
}

#[test]
fn check_json_lines_match_the_json_array_and_end_with_the_broken_profiles() {
    let mut files = fleet(300);
    let dir = scratch_dir("fleet-broken");
    let broken = dir.join("broken.yaml");
    std::fs::write(&broken, "name: broken\nteam: { engineers: many }\n").unwrap();
    files.insert(5, broken.to_string_lossy().into_owned());

    let mut args = vec!["check", "--format", "json"];
    args.extend(files.iter().map(String::as_str));
    let json_run = advise(&args);
    args[2] = "jsonl";
    let jsonl_run = advise(&args);
    assert_eq!(code(&json_run), 2);
    assert_eq!(code(&jsonl_run), 2);
    assert_eq!(stderr(&json_run), stderr(&jsonl_run));
    let array: Vec<serde_json::Value> = serde_json::from_str(&stdout(&json_run)).unwrap();
    let lines: Vec<serde_json::Value> = stdout(&jsonl_run)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(array, lines);
    assert_eq!(lines.len(), 301);
    assert_eq!(lines[300]["verdict"], "invalid");
    assert_eq!(lines[0]["profile"], "svc-0000");
    assert_eq!(lines[5]["profile"], "svc-0005");
}

#[test]
fn check_json_lines_fail_the_run_on_a_mismatch() {
    let dir = scratch_dir("jsonl-mismatch");
    let p = dir.join("advise.yaml");
    std::fs::write(
        &p,
        "name: gpu\ncurrent: serverless\nsystem: { cloud: aws }\nworkload: { gpu: true }\n",
    )
    .unwrap();
    let out = advise(&["check", p.to_str().unwrap(), "--format", "jsonl"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let line: serde_json::Value = serde_json::from_str(stdout(&out).trim()).unwrap();
    assert_eq!(line["verdict"], "mismatch");
}

/// Runs `advise ARGS` with its standard error on a terminal (through
/// util-linux `script`), standard output to /dev/null; what the terminal
/// showed, and how long it took. `None` where `script` is not installed.
fn on_a_terminal(args: &[String], ci: bool) -> Option<(String, std::time::Duration)> {
    let script = ["/usr/bin/script", "/bin/script"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())?;
    let dir = scratch_dir(&format!("tty-{ci}"));
    let log = dir.join("typescript");
    let command = format!("{} {} > /dev/null", crate::common::bin(), args.join(" "));
    let mut run = std::process::Command::new(script);
    run.args(["-qec", &command, log.to_str().unwrap()])
        .stdout(std::process::Stdio::null())
        .env_remove("CI");
    if ci {
        run.env("CI", "true");
    }
    let start = std::time::Instant::now();
    let status = run.status().ok()?;
    let took = start.elapsed();
    assert!(status.success(), "{command}");
    let shown = std::fs::read(&log).ok()?;
    Some((String::from_utf8_lossy(&shown).into_owned(), took))
}

#[test]
fn a_long_batch_shows_progress_on_a_terminal_but_never_in_ci() {
    // Needs util-linux `script` for a terminal; skipped where it is absent.
    let files = fleet(1500);
    let mut args = vec!["compare".to_owned(), "--format".into(), "jsonl".into()];
    args.extend(files);
    let Some((shown, took)) = on_a_terminal(&args, false) else {
        crate::common::missing_tool("script", "Debian package `util-linux`");
        return;
    };
    // The bar appears once a batch has run a second: only a run that took
    // longer can be asked to show it.
    if took > std::time::Duration::from_millis(1500) {
        assert!(
            shown.contains("/1500 profiles"),
            "no progress in {took:?}:\n{shown}"
        );
    }
    let (shown, _) = on_a_terminal(&args, true).expect("script ran once");
    assert!(
        !shown.contains("profiles"),
        "progress with CI set:\n{shown}"
    );
}
