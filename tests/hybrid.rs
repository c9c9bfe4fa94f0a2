//! Hybrid systems (spec/hybrid.md): a profile with `workloads:` gets a plan
//! for the whole system and each workload's own ranking.

use serde_json::Value;

use crate::common::{advise, advise_with_stdin, code, stderr, stdout};

const SHOP: &str = "tests/data/hybrid-shop.yaml";

fn json(args: &[&str]) -> Value {
    let out = advise(args);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).expect("JSON")
}

#[test]
fn the_json_of_a_hybrid_system_has_the_plan_and_every_workload() {
    let j = json(&[SHOP, "--format", "json"]);
    assert_eq!(j["profile"], "shop");
    let plan = &j["plan"];
    let assignments = plan["assignments"].as_array().unwrap();
    let names: Vec<&str> = assignments
        .iter()
        .map(|a| a["workload"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["storefront-api", "image-resizer", "nightly-export"]);
    let strategies: Vec<&str> = assignments
        .iter()
        .map(|a| a["strategy"].as_str().unwrap())
        .collect();
    assert_eq!(strategies, ["container", "serverless", "container"]);
    // platforms: the distinct strategies of the assignments.
    assert_eq!(
        plan["platforms"],
        serde_json::json!(["container", "serverless"])
    );
    // The strategy that carries the most workloads.
    assert_eq!(j["recommendation"], "container");
    assert_eq!(plan["single_platform"]["strategy"], "container");
    assert!(
        plan["reason"]
            .as_str()
            .unwrap()
            .contains("serverless beside container")
    );
    assert!(plan["monthly"].as_f64().unwrap() > 0.0);
    // Control planes and fixed costs are paid once: never more than the sum.
    let workloads = j["workloads"].as_array().unwrap();
    assert_eq!(workloads.len(), 3);
    let sum: f64 = workloads
        .iter()
        .zip(&strategies)
        .map(|(w, s)| {
            w["cost"]["strategies"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["strategy"] == *s)
                .unwrap()["monthly"]
                .as_f64()
                .unwrap()
        })
        .sum();
    assert!(plan["monthly"].as_f64().unwrap() <= sum + 0.01);
    for (w, name) in workloads.iter().zip(names) {
        assert_eq!(w["workload"], name);
        assert_eq!(w["profile"], name);
        assert_eq!(w["recommendation"], w["ranking"][0]["strategy"]);
        assert!(w["would_change_if"].is_array());
    }
    // The nightly export needs 16 GB: Lambda cannot carry every workload.
    let serverless = j["ranking"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["strategy"] == "serverless")
        .unwrap();
    assert_eq!(serverless["eligible"], false);
    assert_eq!(serverless["reasons"][0]["workload"], "nightly-export");
}

#[test]
fn one_workload_alone_is_the_single_profile_report() {
    let one = advise(&[SHOP, "--workload", "image-resizer", "--format", "json"]);
    assert_eq!(code(&one), 0, "{}", stderr(&one));
    let hybrid = json(&[SHOP, "--format", "json"]);
    let mut expected = hybrid["workloads"][1].clone();
    expected.as_object_mut().unwrap().remove("workload");
    let got: Value = serde_json::from_str(&stdout(&one)).unwrap();
    assert_eq!(got, expected);
    let wrong = advise(&[SHOP, "--workload", "image-resiser"]);
    assert_eq!(code(&wrong), 2);
    assert!(
        stderr(&wrong).contains("did you mean `image-resizer`?"),
        "{}",
        stderr(&wrong)
    );
    let single = advise(&["examples/minimal.yaml", "--workload", "x"]);
    assert_eq!(code(&single), 2);
    assert!(stderr(&single).contains("no `workloads:`"));
}

#[test]
fn the_table_shows_the_plan_first_and_the_workloads_on_request() {
    let plain = stdout(&advise(&[SHOP]));
    assert!(
        plain.starts_with("Plan for shop: 3 workloads on container and serverless (2 platforms)."),
        "{plain}"
    );
    assert!(plain.contains("image-resizer    serverless"), "{plain}");
    assert!(!plain.contains("Workload image-resizer"));
    let explained = stdout(&advise(&[SHOP, "--explain"]));
    for name in ["storefront-api", "image-resizer", "nightly-export"] {
        assert!(explained.contains(&format!("Workload {name}")), "{name}");
    }
    let md = stdout(&advise(&[SHOP, "--format", "markdown"]));
    assert!(
        md.starts_with("# shop\n\nPlan: 3 workloads on container and serverless."),
        "{md}"
    );
    assert!(md.contains("## Workload nightly-export: "), "{md}");
}

#[test]
fn a_broken_entry_is_an_input_error_at_its_place() {
    let text = "workloads:\n  - name: api\n    trafic: spiky\n  - name: api\n";
    let out = advise_with_stdin(&["-"], Some(text.as_bytes()));
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains("-:3:5: unknown key `trafic` in a `workloads` entry"),
        "{err}"
    );
    assert!(err.contains("did you mean `traffic`?"), "{err}");
    assert!(
        err.contains("-:4:11: the workload name `api` is used twice"),
        "{err}"
    );
}

#[test]
fn the_output_is_the_same_whatever_the_run() {
    let a = advise(&[SHOP, "--format", "json"]);
    let b = advise(&[SHOP, "--format", "json"]);
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn check_judges_each_workload_that_states_current_at_its_key() {
    let text = "name: shop\nsystem: {cloud: aws}\nworkloads:\n  - name: api\n    current: container\n    traffic: diurnal\n    peak_rps: 800\n    average_rps: 120\n  - name: big-batch\n    trigger: schedule\n    current: serverless\n    memory_mb: 16384\n  - name: no-current\n";
    let out = advise_with_stdin(&["check", "-", "--format", "json"], Some(text.as_bytes()));
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let findings: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let findings = findings.as_array().unwrap();
    assert_eq!(findings.len(), 2, "one per workload that states `current`");
    assert_eq!(findings[0]["workload"], "api");
    assert_eq!(
        (findings[0]["line"].as_u64(), findings[0]["column"].as_u64()),
        (Some(5), Some(5))
    );
    assert_eq!(findings[0]["verdict"], "fit");
    assert_eq!(findings[1]["workload"], "big-batch");
    assert_eq!(findings[1]["line"], 11);
    assert_eq!(findings[1]["verdict"], "mismatch");
    assert!(
        findings[1]["message"]
            .as_str()
            .unwrap()
            .starts_with("workload big-batch: serverless is ruled out")
    );
    let text_out = advise_with_stdin(&["check", "-"], Some(text.as_bytes()));
    assert!(
        stdout(&text_out).contains("-:11:5: mismatch: workload big-batch:"),
        "{}",
        stdout(&text_out)
    );
    let nothing = advise_with_stdin(&["check", "-"], Some(b"workloads:\n  - name: a\n"));
    assert_eq!(code(&nothing), 2);
    assert!(stderr(&nothing).contains("no workload has a `current:`"));
}

#[test]
fn compare_gives_one_row_per_workload() {
    let out = advise(&["compare", SHOP, "examples/minimal.yaml", "--format", "csv"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let rows: Vec<String> = stdout(&out)
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap().to_owned())
        .collect();
    assert_eq!(
        rows,
        [
            "shop/storefront-api",
            "shop/image-resizer",
            "shop/nightly-export",
            "generic"
        ]
    );
    let jsonl = advise(&["compare", SHOP, "--format", "jsonl"]);
    assert_eq!(stdout(&jsonl).lines().count(), 3);
}

/// Properties over the hybrid examples (a proptest module is still to come).
#[test]
fn one_workload_is_its_single_profile_and_order_never_changes_the_plan() {
    use advise::analysis::evaluated::System as Hybrid;
    use advise::domain::catalog::Catalog;
    let catalog = Catalog::builtin();
    let ids = catalog.strategy_ids();
    for n in [
        "hybrid-ecommerce",
        "hybrid-media-pipeline",
        "hybrid-iot-platform",
        "hybrid-saas-gpu",
    ] {
        let path = format!("examples/{n}.yaml");
        let text = std::fs::read_to_string(crate::common::root().join(&path)).unwrap();
        let p = advise::domain::profile::load(&path, &text, &ids, &[]).unwrap();
        let h = Hybrid::analyse(&path, p.clone(), &catalog, false).unwrap();
        // Each workload alone: the same ranking as in the system, and a
        // system of that one workload plans its own winner.
        for (i, w) in p.workloads.iter().enumerate() {
            let alone = advise::analysis::engine::evaluate(&w.profile, &catalog);
            assert_eq!(alone, h.workloads[i].assessment, "{n}/{}", w.name);
            let mut one = p.clone();
            one.workloads = vec![w.clone()];
            let s = Hybrid::analyse(&path, one, &catalog, false)
                .unwrap()
                .solution;
            assert_eq!(
                s.best.assignments,
                vec![alone.winner().strategy],
                "{n}/{}",
                w.name
            );
        }
        // Reversed order: the same assignment for every workload.
        let mut rev = p.clone();
        rev.workloads.reverse();
        let r = Hybrid::analyse(&path, rev, &catalog, false)
            .unwrap()
            .solution;
        let mut back = r.best.assignments.clone();
        back.reverse();
        assert_eq!(back, h.solution.best.assignments, "{n}");
        assert_eq!(r.best.platforms, h.solution.best.platforms, "{n}");
    }
}

#[test]
fn a_hybrid_recommendation_heads_its_ranking_as_for_every_profile() {
    for example in [
        "examples/hybrid-ecommerce.yaml",
        "examples/hybrid-iot-platform.yaml",
        "examples/hybrid-media-pipeline.yaml",
        "examples/hybrid-saas-gpu.yaml",
    ] {
        let v = json(&[example, "--format", "json"]);
        assert_eq!(
            v["recommendation"], v["ranking"][0]["strategy"],
            "{example}"
        );
        // The strategy carrying the most workloads of the plan.
        let assigned: Vec<&str> = v["plan"]["assignments"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["strategy"].as_str().unwrap())
            .collect();
        let count = |s: &str| assigned.iter().filter(|&&x| x == s).count();
        let top = v["recommendation"].as_str().unwrap();
        assert!(
            assigned.iter().all(|s| count(s) <= count(top)),
            "{example}: {assigned:?}"
        );
    }
}

/// A `--rules` catalog of `n` plain strategies (`s0`, `s1`, ...) and one
/// rule, written to a fresh directory.
fn catalog_of(n: usize) -> std::path::PathBuf {
    let dir = crate::common::scratch_dir(&format!("catalog-of-{n}"));
    let mut text = String::from("strategies:\n");
    for s in 0..n {
        let r = 3 + s % 5;
        text.push_str(&format!(
            "  - {{id: s{s}, name: S{s}, summary: s, source: x, ratings: {{cost: {r}, operability: 5, scalability: 5, resilience: 5, security: 5, portability: 5, performance: 5, delivery_speed: 5}}}}\n"
        ));
    }
    text.push_str("rules:\n  - {id: queues-help-s1, title: t, why: w, source: s, message: m, when: {eq: {field: workload.trigger, value: queue}}, effects: {s1: {cost: 5}}}\n");
    std::fs::write(dir.join("catalog.yaml"), text).unwrap();
    dir
}

const TWO_WORKLOADS: &str =
    "version: 1\nname: two\nworkloads:\n  - name: api\n  - name: jobs\n    trigger: queue\n";

#[test]
fn a_catalog_beyond_the_planners_limit_is_refused_with_the_limit_and_why() {
    let limit = advise::analysis::plan::MAX_PLATFORMS;
    // At the limit: planned. `api` is best on s4 (cost 7; s9 ties, later in
    // the catalog), `jobs` on s1 (cost 4 + 5 for a queue).
    let profile = crate::common::scratch_dir("two-workloads").join("two.yaml");
    std::fs::write(&profile, TWO_WORKLOADS).unwrap();
    let profile = profile.to_str().unwrap();
    let dir = catalog_of(limit);
    let rules = dir.to_str().unwrap();
    let j = json(&[profile, "--rules", rules, "--format", "json"]);
    assert_eq!(j["plan"]["platforms"], serde_json::json!(["s1", "s4"]));
    // One more (and well beyond, where the shift used to wrap): exit 2, at
    // the first workload, with the count, the limit and why, for the
    // report, `check` and `diff` alike.
    for n in [limit + 1, 33] {
        let dir = catalog_of(n);
        let rules = dir.to_str().unwrap();
        for args in [
            vec![profile],
            vec!["check", profile, "--expect", "s0"],
            vec!["diff", profile, profile],
        ] {
            let mut args = args.clone();
            args.extend(["--rules", rules]);
            let out = advise(&args);
            let err = stderr(&out);
            assert_eq!(code(&out), 2, "{args:?}: {err}");
            let at = format!("{profile}:4:11: this profile's workloads cannot be planned");
            assert!(
                err.contains(&at)
                    && err.contains(&format!("the catalog has {n} strategies"))
                    && err.contains(&format!("more than the {limit}"))
                    && err.contains("every set of platforms")
                    && err.contains("help: plan with a catalog of at most 12 strategies"),
                "{args:?}: {err}"
            );
        }
    }
}

#[test]
fn a_workload_states_its_services_or_shares_the_systems_never_repeats_them() {
    // 12 services: `api` has 8 of them; the two others share the 4 left.
    let profile = "system: {services: 12, cloud: aws}\nworkloads:\n  - name: api\n    services: 8\n    average_rps: 40\n  - name: events\n    trigger: queue\n    average_rps: 1\n  - name: nightly\n    trigger: schedule\n    max_duration_s: 600\n";
    let out = advise_with_stdin(&["-", "--format", "json"], Some(profile.as_bytes()));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let j: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let services = |name: &str| -> f64 {
        let w = j["workloads"]
            .as_array()
            .unwrap()
            .iter()
            .find(|w| w["workload"] == name)
            .unwrap_or_else(|| panic!("no workload {name}: {j}"));
        let stated = w["assumptions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["field"] == "system.services")
            .map(|a| a["value"].as_f64().unwrap());
        stated.unwrap_or(-1.0)
    };
    assert_eq!(services("events"), 2.0);
    assert_eq!(services("nightly"), 2.0);
    // A typo in the new key is caught like any other.
    let bad = "workloads:\n  - name: api\n    servics: 3\n";
    let out = advise_with_stdin(&["-"], Some(bad.as_bytes()));
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("did you mean `services`?"),
        "{}",
        stderr(&out)
    );
}

/// `advise cost` on a system (docs/cost.md, issue 17 item 8): one cost
/// object per workload, named, and the plan's total; no estimate of a
/// phantom system-level workload at an assumed 1 request a second.
#[test]
fn cost_of_a_system_prices_each_workload_and_totals_the_plan() {
    let j = json(&["cost", SHOP, "--format", "json"]);
    assert!(j.get("strategies").is_none(), "no system-level estimate");
    let workloads = j["workloads"].as_array().unwrap();
    let names: Vec<&str> = workloads
        .iter()
        .map(|w| w["workload"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["storefront-api", "image-resizer", "nightly-export"]);
    for w in workloads {
        assert!(w["strategies"].as_array().is_some_and(|s| !s.is_empty()));
    }
    // The nightly export has no rate: once a day, not once a second.
    let export = &workloads[2];
    let assumed = export["assumptions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["field"] == "workload.average_rps")
        .unwrap();
    assert_ne!(assumed["value"], "1");
    assert!(
        assumed["why"].as_str().unwrap().contains("once a day")
            || assumed["why"].as_str().unwrap().contains("one run a day")
    );
    // The total is the assigned workloads' figures, less what they share.
    let plan = &j["plan"];
    let assigned: f64 = plan["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["monthly"].as_f64().unwrap())
        .sum();
    let (sum, saved, total) = (
        plan["sum"].as_f64().unwrap(),
        plan["shared_savings"].as_f64().unwrap(),
        plan["monthly"].as_f64().unwrap(),
    );
    assert!((assigned - sum).abs() < 0.011, "{assigned} vs {sum}");
    assert!((sum - saved - total).abs() < 0.011, "{plan}");
    // The same total as the assessment's plan.
    let a = json(&[SHOP, "--format", "json"]);
    assert_eq!(a["plan"]["monthly"], plan["monthly"]);
}

/// Two HTTP workloads on one platform share its load balancer: the plan
/// pays its hours once ($0.0225 x 730 h = $16.43 on AWS), and its capacity
/// units per workload.
#[test]
fn workloads_on_one_platform_share_one_front_door() {
    let j = json(&[
        "cost",
        "tests/data/hybrid-two-apis.yaml",
        "--format",
        "json",
    ]);
    let plan = &j["plan"];
    let strategies: Vec<&str> = plan["assignments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["strategy"].as_str().unwrap())
        .collect();
    assert_eq!(strategies[0], strategies[1], "{plan}");
    assert_eq!(plan["shared_savings"].as_f64().unwrap(), 16.43, "{plan}");
}

#[test]
fn cost_of_one_workload_of_a_system_and_of_an_unknown_one() {
    let one = json(&[
        "cost",
        SHOP,
        "--workload",
        "image-resizer",
        "--format",
        "json",
    ]);
    assert!(one["strategies"].as_array().is_some());
    assert!(one.get("workloads").is_none());
    let out = advise(&["cost", SHOP, "--workload", "image-resizr"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("image-resizer"), "{}", stderr(&out));
    let out = advise(&["cost", "examples/startup-mvp.yaml", "--workload", "x"]);
    assert_eq!(code(&out), 2);
    let out = advise(&["cost", SHOP, "--bands", "1,10"]);
    assert_eq!(code(&out), 2, "{}", stdout(&out));
    assert!(
        stderr(&out).contains(
            "--workload NAME (its workloads: storefront-api, image-resizer, nightly-export)"
        ),
        "{}",
        stderr(&out)
    );
}

/// `--bands` and `--sweep` with `--workload` vary that workload as the
/// system gives it: at the workload's own rate a band is its own estimate,
/// to the cent, and a value it cannot take is an error naming it.
#[test]
fn one_workload_of_a_system_is_priced_across_a_range_of_its_load() {
    let alone = json(&[
        "cost",
        SHOP,
        "--workload",
        "storefront-api",
        "--format",
        "json",
    ]);
    // tests/data/hybrid-shop.yaml: storefront-api states average_rps: 120.
    let rate = 120.0;
    let bands = json(&[
        "cost",
        SHOP,
        "--workload",
        "storefront-api",
        "--bands",
        &format!("{},{rate}", rate / 10.0),
        "--format",
        "json",
    ]);
    let at_rate = &bands["bands"][1];
    assert_eq!(at_rate["average_rps"].as_f64(), Some(rate));
    for s in alone["strategies"].as_array().unwrap() {
        let id = s["strategy"].as_str().unwrap();
        assert_eq!(at_rate["monthly"][id], s["monthly"], "{id}");
    }
    // A tenth of the load costs no more on any strategy.
    for (id, m) in at_rate["monthly"].as_object().unwrap() {
        let low = bands["bands"][0]["monthly"][id].as_f64().unwrap();
        assert!(low <= m.as_f64().unwrap(), "{id}: {low} > {m}");
    }
    let out = advise(&[
        "cost",
        SHOP,
        "--workload",
        "image-resizer",
        "--sweep",
        "workload.memory_mb=64..4096",
        "--steps",
        "3",
    ]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let csv = stdout(&out);
    assert!(csv.starts_with("workload.memory_mb,"), "{csv}");
    assert_eq!(csv.lines().count(), 4, "{csv}");
    let out = advise(&[
        "cost",
        SHOP,
        "--workload",
        "storefront-api",
        "--sweep",
        "workload.average_rps=1..100000",
        "--steps",
        "3",
    ]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out)
            .contains("workload `storefront-api`'s average rate (100000) is above its peak (800)"),
        "{}",
        stderr(&out)
    );
}

/// The plan's emissions are each workload's on the strategy the plan puts
/// it on, added up, and every text view says so.
#[test]
fn the_plans_emissions_add_up_each_workloads_on_its_planned_strategy() {
    let j = json(&[SHOP, "--format", "json"]);
    let plan = &j["plan"];
    let workloads = j["workloads"].as_array().unwrap();
    let mut sum = 0.0;
    for a in plan["assignments"].as_array().unwrap() {
        let w = workloads
            .iter()
            .find(|w| w["workload"] == a["workload"])
            .expect("the assigned workload");
        let kg = w["cost"]["strategies"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["strategy"] == a["strategy"])
            .and_then(|s| s["carbon"]["kg_co2e"].as_f64())
            .expect("a figure on the planned strategy");
        sum += kg;
    }
    let total = plan["carbon_kg_co2e"]
        .as_f64()
        .expect("the plan's emissions");
    assert!(total > 0.0);
    assert!((total - sum).abs() < 0.002, "{total} vs {sum}");
    let shown = format!("emits {total:.2} kgCO2e a month");
    for format in ["table", "markdown", "html"] {
        let text = stdout(&advise(&[SHOP, "--format", format]));
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(flat.contains(&shown), "{format}: {shown} not in {flat}");
    }
}
