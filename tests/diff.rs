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
        "small-team-favours-managed (stopped: +2.50 → +0.00)",
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
        "recommendation: serverless → container (changed)",
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
