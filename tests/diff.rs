//! `advise diff OLD NEW`: what an edit did to the advice, with exit 1 when
//! the recommendation changed.

use crate::common::{advise, advise_with_stdin, code, scratch_dir, stderr, stdout};

const OLD: &str = "examples/startup-mvp.yaml";

/// The startup profile with some lines replaced, written to a scratch file.
fn edited(name: &str, edits: &[(&str, &str)]) -> String {
    let mut text = std::fs::read_to_string(crate::common::root().join(OLD)).unwrap();
    for (from, to) in edits {
        assert!(text.contains(from), "{from}");
        text = text.replace(from, to);
    }
    let path = scratch_dir(name).join("advise.yaml");
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn an_edit_that_keeps_the_recommendation_exits_0_and_says_what_moved() {
    let new = edited(
        "diff-same",
        &[
            ("engineers: 3", "engineers: 12"),
            ("ops_maturity: low", "ops_maturity: high"),
        ],
    );
    let out = advise(&["diff", OLD, &new]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    for needle in [
        "recommendation: serverless (unchanged)",
        "team.engineers: 3 → 12",
        "team.ops_maturity: low → high",
        "rules started firing: service-mesh-step-mature, ops-mature-runs-platforms",
        "small-team-favours-managed (stopped: +0.62 → +0.00)",
    ] {
        assert!(text.contains(needle), "{needle:?} not in:\n{text}");
    }
}

#[test]
fn a_changed_recommendation_exits_1_and_every_move_adds_up() {
    let new = edited(
        "diff-changed",
        &[
            ("traffic: sporadic", "traffic: steady"),
            ("average_rps: 0.5", "average_rps: 300"),
            ("peak_rps: 40", "peak_rps: 400"),
            ("mtls: none", "mtls: required"),
            ("engineers: 3", "engineers: 20"),
            ("ops_maturity: low", "ops_maturity: high"),
            ("container_skills: low", "container_skills: high"),
            ("time_to_market: urgent", "time_to_market: normal"),
        ],
    );
    let out = advise(&["diff", OLD, &new, "--format", "json"]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let d: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(d["recommendation"]["changed"], true);
    assert_eq!(d["recommendation"]["old"], "serverless");
    assert_ne!(d["recommendation"]["new"], "serverless");
    assert_eq!(d["verdict"]["old"], "fit");
    assert_ne!(d["verdict"]["new"], "fit");
    for m in d["strategies"].as_array().unwrap() {
        let parts: f64 = m["baseline"].as_f64().unwrap()
            + m["clamp"].as_f64().unwrap()
            + m["rules"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["new"].as_f64().unwrap() - r["old"].as_f64().unwrap())
                .sum::<f64>();
        let delta = m["delta"].as_f64().unwrap();
        assert!(
            (parts - delta).abs() < 0.015,
            "{m}: parts {parts} != delta {delta}"
        );
    }
    let md = advise(&["diff", OLD, &new, "--format", "markdown"]);
    assert_eq!(code(&md), 1);
    let text = stdout(&md);
    assert!(
        text.contains("**The recommendation changed: serverless →"),
        "{text}"
    );
    assert!(text.contains("The check verdict changed: fit →"), "{text}");
    assert!(text.contains("<details><summary>"), "{text}");
    assert!(
        text.contains("- `workload.traffic`: sporadic → steady"),
        "{text}"
    );
}

#[test]
fn the_old_side_can_come_from_standard_input() {
    let old = std::fs::read(crate::common::root().join(OLD)).unwrap();
    let out = advise_with_stdin(&["diff", "-", OLD], Some(&old));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).contains("fields changed:\n  none\n"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn both_sides_are_checked_and_every_problem_reported() {
    let dir = scratch_dir("diff-bad");
    let (a, b) = (dir.join("a.yaml"), dir.join("b.yaml"));
    std::fs::write(&a, "team: { engineers: lots }\n").unwrap();
    std::fs::write(&b, "workload: { trafic: spiky }\n").unwrap();
    let out = advise(&["diff", a.to_str().unwrap(), b.to_str().unwrap()]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("a.yaml:1:20"), "{err}");
    assert!(
        err.contains("b.yaml:1:13") && err.contains("did you mean `traffic`"),
        "{err}"
    );
    assert!(stdout(&out).is_empty());
    let twice = advise(&["diff", "-", "-"]);
    assert_eq!(code(&twice), 2);
}

#[test]
fn a_hybrid_system_diffs_its_plan_and_each_workload_that_moved() {
    let old = "examples/hybrid-ecommerce.yaml";
    let text = std::fs::read_to_string(crate::common::root().join(old)).unwrap();
    // The image resizer turns into a steady, busy service.
    let from = "  - name: image-resizer\n";
    let at = text.find(from).expect("the example has an image resizer");
    let (head, tail) = text.split_at(at + from.len());
    let edited = format!(
        "{head}    peak_rps: 800\n{}",
        tail.replacen("traffic: sporadic", "traffic: steady", 1)
            .replacen("average_rps: 0.05", "average_rps: 400", 1)
    );
    let path = scratch_dir("diff-hybrid").join("advise.yaml");
    std::fs::write(&path, edited).unwrap();
    let out = advise(&["diff", old, path.to_str().unwrap()]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let text = stdout(&out);
    for needle in [
        "image-resizer=serverless",
        "image-resizer=container, catalogue-export=container (changed)",
        "workloads unchanged: storefront-api, order-events, catalogue-export",
        "== workload image-resizer ==",
        "own best, alone: serverless → container (changed)",
    ] {
        assert!(text.contains(needle), "{needle:?} not in:\n{text}");
    }
    // The same system against itself: nothing moved, exit 0.
    let same = advise(&["diff", old, old, "--format", "json"]);
    assert_eq!(code(&same), 0);
    let d: serde_json::Value = serde_json::from_str(&stdout(&same)).unwrap();
    assert_eq!(d["plan"]["changed"], false);
    assert_eq!(d["workloads"].as_array().unwrap().len(), 4);
}

const OVERRULED_OLD: &str = "tests/data/diff/overruled-old.yaml";
const OVERRULED_NEW: &str = "tests/data/diff/overruled-new.yaml";
/// The catalog on which the plan overrules a workload by construction,
/// whatever the built-in catalog's fitted numbers are.
const OVERRULE: &[&str] = &["--rules", "tests/data/rules/overrule"];

/// The verdict `check` gives each workload (or the profile), by workload
/// name (the profile's name for a single profile), with `rules` (`--rules
/// DIR`, or nothing for the built-in catalog).
fn check_verdicts(path: &str, rules: &[&str]) -> Vec<(String, String)> {
    let out = advise(&[&["check", path, "--format", "json"], rules].concat());
    let findings: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| {
        panic!("check {path}: {e}: {}{}", stdout(&out), stderr(&out));
    });
    findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let who = f.get("workload").unwrap_or(&f["profile"]);
            (
                who.as_str().unwrap().to_owned(),
                f["verdict"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// The verdict column of `diff OLD NEW --format json`, NEW's side.
fn diff_verdicts(old: &str, new: &str, rules: &[&str]) -> (Vec<(String, String)>, i32) {
    let out = advise(&[&["diff", old, new, "--format", "json"], rules].concat());
    let d: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap_or_else(|e| {
        panic!("diff {old} {new}: {e}: {}{}", stdout(&out), stderr(&out));
    });
    let one = |who: &str, v: &serde_json::Value| -> Option<(String, String)> {
        let verdict = v["verdict"]["new"].as_str()?;
        Some((who.to_owned(), verdict.to_owned()))
    };
    let verdicts = match d.get("workloads") {
        Some(ws) => ws
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|w| one(w["workload"].as_str().unwrap(), w))
            .collect(),
        None => one(&profile_name(new), &d).into_iter().collect(),
    };
    (verdicts, code(&out))
}

fn profile_name(path: &str) -> String {
    let out = advise(&[path, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    v["profile"].as_str().unwrap().to_owned()
}

/// Issue 19, item 10: on a workload the plan keeps off its own best, `check`
/// judged against the plan and `diff` against the workload's own best, so
/// the two disagreed ("check verdict: drift → fit" where `check` said fit
/// on both sides).
#[test]
fn a_hybrid_diff_gives_each_workload_the_plans_strategy_and_checks_verdict() {
    for (old, new) in [
        (OVERRULED_OLD, OVERRULED_NEW),
        (OVERRULED_NEW, OVERRULED_OLD),
    ] {
        let out = advise(&[&["diff", old, new], OVERRULE].concat());
        let text = stdout(&out);
        let (verdicts, _) = diff_verdicts(old, new, OVERRULE);
        assert_eq!(verdicts, check_verdicts(new, OVERRULE), "{text}");
        // The old side too, as check gives it.
        let (olds, _) = diff_verdicts(new, old, OVERRULE);
        assert_eq!(olds, check_verdicts(old, OVERRULE));
        assert!(
            text.contains("workloads (the plan's strategy; check verdict):"),
            "{text}"
        );
        assert!(
            text.contains("  inference: container; no current\n"),
            "{text}"
        );
    }
    // The plan keeps webhooks on container while serverless leads alone.
    let text = stdout(&advise(
        &[&["diff", OVERRULED_NEW, OVERRULED_OLD], OVERRULE].concat(),
    ));
    assert!(
        text.contains("  webhooks: serverless → container (changed); fit\n"),
        "{text}"
    );
    assert!(
        text.contains("own best, alone: serverless (unchanged)"),
        "{text}"
    );
}

/// A changed verdict alone (here the plan is the same and only `current`
/// moved) fails the diff, as a changed plan does.
#[test]
fn a_changed_check_verdict_alone_exits_1() {
    let dir = scratch_dir("diff-verdict-only");
    let text = std::fs::read_to_string(crate::common::root().join(OVERRULED_OLD)).unwrap();
    let edited = text.replacen("    current: container\n", "    current: service-mesh\n", 1);
    assert_ne!(edited, text);
    let new = dir.join("advise.yaml");
    std::fs::write(&new, edited).unwrap();
    let new = new.to_str().unwrap();
    let out = advise(&[&["diff", OVERRULED_OLD, new, "--format", "json"], OVERRULE].concat());
    let d: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(d["plan"]["changed"], false, "{d}");
    let api = &d["workloads"][0];
    assert_eq!(api["workload"], "tenant-api");
    assert_eq!(api["strategy"]["new"], "container");
    assert_eq!(api["verdict"]["old"], "fit");
    assert_ne!(api["verdict"]["new"], "fit");
    assert_eq!(code(&out), 1);
    let (verdicts, _) = diff_verdicts(OVERRULED_OLD, new, OVERRULE);
    assert_eq!(verdicts, check_verdicts(new, OVERRULE));
}

/// `diff` and `check` never disagree: for every example, with each
/// strategy as `current` (the profile's, so every workload has one), the
/// diff's verdict column is check's verdicts, workload by workload.
#[test]
fn diff_and_check_give_the_same_verdict_on_every_example() {
    let dir = scratch_dir("diff-check-agree");
    let mut examples: Vec<_> = std::fs::read_dir(crate::common::root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    examples.sort();
    assert!(examples.len() > 30);
    let mut compared = 0;
    for example in &examples {
        let text = std::fs::read_to_string(example).unwrap();
        let stem = example.file_stem().unwrap().to_str().unwrap();
        let strategies = ["multi-instance", "container", "serverless", "service-mesh"];
        for (k, strategy) in strategies.iter().enumerate() {
            let body = match text.lines().find(|l| l.starts_with("current:")) {
                Some(line) => text.replacen(line, &format!("current: {strategy}"), 1),
                None => format!("{text}\ncurrent: {strategy}\n"),
            };
            let path = dir.join(format!("{stem}-{k}.yaml"));
            std::fs::write(&path, body).unwrap();
            let path = path.to_str().unwrap();
            let (verdicts, _) = diff_verdicts(example.to_str().unwrap(), path, &[]);
            assert_eq!(verdicts, check_verdicts(path, &[]), "{}", example.display());
            compared += verdicts.len();
        }
    }
    assert!(compared > examples.len() * 4, "{compared}");
}
