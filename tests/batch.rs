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

/// Issue 19, item 10: compare's page at scale. The table appears once (it
/// appeared twice, so 525 profiles made a 32,000 px page), with a row per
/// profile, sorted by margin as a number, and the page grows linearly.
#[test]
fn the_compare_page_holds_one_table_sorted_numerically_and_grows_linearly() {
    // The fleet's margins are all below 10; two examples lead by 12.50 and
    // 15, where a text sort would go wrong ("12.50" < "2.00").
    let mut files = vec![
        "examples/startup-mvp.yaml".to_owned(),
        "examples/image-webhook.yaml".to_owned(),
    ];
    files.extend(fleet(500));
    let page = |n: usize| run(&["compare", "--format", "html"], &files[..n + 2]);
    let (half, full) = (page(250), page(500));
    assert_eq!(full.matches("<table class=\"compare\"").count(), 1);
    // Every table repeats its header when printed (the chart's table of
    // numbers has one too).
    assert_eq!(
        full.matches("<thead>").count(),
        full.matches("<table").count()
    );
    assert!(full.contains("<h1>advise compare: 502 files</h1>"));
    assert!(
        full.contains("<p class=\"lead\">502 profiles; advised: "),
        "{}",
        &full[..2000]
    );
    // One row per profile, each naming its file.
    let rows: Vec<&str> = full
        .split("<tr>")
        .skip(1)
        .filter(|r| r.starts_with("<td><code>"))
        .collect();
    assert_eq!(rows.len(), 502);
    // The margin column (the fifth cell) never decreases, read as a number:
    // a text sort would put 10.5 before 2.
    let margins: Vec<f64> = rows
        .iter()
        .map(|r| {
            let cell = r.split("<td class=\"num\">").nth(1).unwrap();
            let text = &cell[..cell.find("</td>").unwrap()];
            match text {
                "tie" => 0.0,
                "-" => f64::INFINITY,
                m => m.parse().unwrap(),
            }
        })
        .collect();
    assert!(margins.windows(2).all(|w| w[0] <= w[1]), "{margins:?}");
    assert!(margins.iter().any(|&m| m >= 10.0) && margins.iter().any(|&m| m < 2.0));
    // Linear: twice the profiles, about twice the page (the fixed parts
    // are a few kilobytes), and a bounded size per profile.
    let ratio = full.len() as f64 / half.len() as f64;
    assert!((1.85..=2.05).contains(&ratio), "{ratio}");
    assert!(
        full.len() / 502 < 1_200,
        "{} bytes a profile",
        full.len() / 502
    );
}

/// Hybrid systems in compare: files, systems and workloads counted apart in
/// every format; a workload the plan keeps off its own best shows the
/// plan's strategy and its own winner in every format.
#[test]
fn compare_counts_files_and_workloads_apart_and_shows_the_plans_strategy() {
    let files = [
        "tests/data/diff/overruled-old.yaml".to_owned(),
        "examples/minimal.yaml".to_owned(),
        "tests/data/hybrid-shop.yaml".to_owned(),
    ];
    let counts = "3 files (1 profile and 2 hybrid systems with 6 workloads)";
    // On a catalog that overrules the webhooks by construction.
    let rules = "tests/data/rules/overrule";
    let format = |f: &str| run(&["compare", "--rules", rules, "--format", f], &files);
    let flat = |s: String| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let (table, markdown, html, csv) = (
        flat(format("table")),
        format("markdown"),
        format("html"),
        format("csv"),
    );
    for (what, out) in [("table", &table), ("markdown", &markdown), ("html", &html)] {
        assert!(out.contains(counts), "{what}: {out}");
        assert!(
            !out.contains("9 profiles") && !out.contains("7 profiles"),
            "{what}"
        );
    }
    assert!(markdown.starts_with(counts));
    // The webhooks' numbers, from the same run's JSON: the other formats
    // must show them as the JSON gives them.
    let json: serde_json::Value = serde_json::from_str(&format("json")).unwrap();
    let webhooks = &json[1];
    let score = |id: &str| {
        let ranking = webhooks["ranking"].as_array().unwrap();
        let entry = ranking.iter().find(|r| r["strategy"] == id).unwrap();
        format!("{:.2}", entry["score"].as_f64().unwrap())
    };
    let margin = format!("{:.2}", webhooks["margin"].as_f64().unwrap());
    let [instances, container, serverless, mesh] =
        ["multi-instance", "container", "serverless", "service-mesh"].map(score);
    // Text: `^` marks the plan's strategy beside the winner's `*`.
    assert!(
        table.contains(&format!(
            "overruled/webhooks: serverless, ahead by {margin}; the plan puts it on container"
        )),
        "{table}"
    );
    assert!(
        table.contains(&format!("container ^{container} serverless *{serverless}")),
        "{table}"
    );
    assert!(
        markdown.contains(&format!("| overruled/webhooks | {instances} | {container} (plan) | **{serverless}** | {mesh} | serverless | {margin} | container (own best: serverless) |")),
        "{markdown}"
    );
    assert!(
        csv.contains(",false,overruled,webhooks,container\r\n")
            && csv.contains("overruled/webhooks,tests/data/diff/overruled-old.yaml,serverless,"),
        "{csv}"
    );
    assert!(
        csv.lines()
            .next()
            .unwrap()
            .ends_with(",tie,system,workload,planned")
    );
    assert!(
        html.contains(
            "<td>container <span class=\"muted\">(the plan's; alone: serverless)</span></td>"
        ),
        "{html}"
    );
    // Each system is one group, named once, its workloads under it.
    assert_eq!(html.matches("<tr class=\"system\">").count(), 2);
    assert_eq!(html.matches("— hybrid system, 3 workloads").count(), 2);
    // JSON: the contract's keys untouched, three added.
    assert_eq!(webhooks["profile"], "overruled/webhooks");
    assert_eq!(webhooks["recommendation"], "serverless");
    assert_eq!(webhooks["ranking"][0]["strategy"], "serverless");
    assert_eq!(
        (
            &webhooks["system"],
            &webhooks["workload"],
            &webhooks["planned"]
        ),
        (&"overruled".into(), &"webhooks".into(), &"container".into())
    );
    assert!(json[3].get("planned").is_none() && json[3].get("system").is_none());
}
