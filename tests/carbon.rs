//! Carbon beside dollars (docs/cost.md, "Carbon"): every example's figures
//! are finite and sourced, `priorities.carbon` at its default of 0 changes
//! no ranking, and weighing it moves the ranking toward the cleaner
//! strategy. The hand-worked figures per cloud are unit tests in
//! `src/analysis/carbon.rs`.

use std::fs;

use advise::analysis::engine::{self, Assessment};
use advise::domain::catalog::{Catalog, Criterion, StrategyId};
use advise::domain::fields::{self, FieldValue};
use advise::domain::profile::{self, Profile};
use serde_json::Value;

use crate::common;

/// Every single-system example, read as the binary reads it.
fn examples(catalog: &Catalog) -> Vec<(String, Profile)> {
    let dir = common::root().join("examples");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .expect("examples/ is readable")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".yaml") && !n.starts_with("hybrid-"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|n| {
            let text = fs::read_to_string(dir.join(&n)).unwrap();
            let p = profile::load(&n, &text, &catalog.strategy_ids(), &[])
                .unwrap_or_else(|e| panic!("{n}: {e}"));
            (n, p)
        })
        .collect()
}

fn carbon_weight(level: f64) -> (fields::FieldId, FieldValue) {
    (
        fields::find("priorities.carbon").unwrap(),
        FieldValue::Num(level),
    )
}

/// The built-in catalog without its carbon rule: the model as it was
/// before carbon could weigh anything.
fn without_carbon_rule() -> Catalog {
    let mut c = Catalog::builtin();
    c.rules.retain(|r| r.id != "carbon-footprint");
    assert_eq!(c.rules.len() + 1, Catalog::builtin().rules.len());
    c
}

fn order(a: &Assessment) -> Vec<(StrategyId, f64, bool)> {
    a.ranking
        .iter()
        .map(|s| (s.strategy, s.score, s.eligible))
        .collect()
}

#[test]
fn at_the_default_weight_of_0_carbon_changes_no_ranking_or_score() {
    let catalog = Catalog::builtin();
    let before = without_carbon_rule();
    let (id, zero) = carbon_weight(0.0);
    let mut failures = Vec::new();
    for (name, p) in examples(&catalog) {
        // At several rates, so that the estimate (and the rule's condition
        // on a stated rate) is in play everywhere.
        for rate in [None, Some(0.5), Some(20.0), Some(2000.0)] {
            let p = match rate {
                Some(r) => p
                    .with(fields::id::WORKLOAD_AVERAGE_RPS, FieldValue::Num(r))
                    .with(fields::id::WORKLOAD_PEAK_RPS, FieldValue::Num(r * 2.0)),
                None => p.clone(),
            };
            let unstated = engine::evaluate(&p, &catalog);
            let stated = engine::evaluate(&p.with(id, zero.clone()), &catalog);
            let old = engine::evaluate(&p, &before);
            if order(&unstated) != order(&old) || order(&stated) != order(&old) {
                failures.push(format!("{name} at {rate:?}: ranking moved"));
            }
            let carbon = Criterion::Carbon as usize;
            if unstated.weights[carbon] != 0.0
                || unstated
                    .ranking
                    .iter()
                    .any(|s| s.contributions[carbon] != 0.0)
            {
                failures.push(format!("{name} at {rate:?}: carbon weighs something"));
            }
            let fired = unstated
                .fired
                .iter()
                .any(|&r| catalog.rules[r].id == "carbon-footprint");
            if fired {
                failures.push(format!("{name} at {rate:?}: the carbon rule fired"));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn weighing_carbon_moves_every_example_toward_its_cleanest_strategy() {
    let catalog = Catalog::builtin();
    let before = without_carbon_rule();
    let mut moved = 0;
    for (name, p) in examples(&catalog) {
        let p = match p.num(fields::id::WORKLOAD_AVERAGE_RPS) {
            Some(_) => p,
            None => p
                .with(fields::id::WORKLOAD_AVERAGE_RPS, FieldValue::Num(20.0))
                .with(fields::id::WORKLOAD_PEAK_RPS, FieldValue::Num(40.0)),
        };
        for level in [1.0, 3.0, 5.0] {
            let (id, weight) = carbon_weight(level);
            let p = p.with(id, weight);
            let full = engine::evaluate(&p, &catalog);
            // The same weights without the carbon rule: only the rule's
            // shifts differ.
            let plain = engine::evaluate(&p, &before);
            let kg = |s: StrategyId| full.costing.carbon.kg(s.index());
            let eligible = |s: StrategyId| full.scored(s).eligible;
            let Some(cleanest) = catalog
                .each_strategy()
                .filter(|&s| eligible(s) && kg(s).is_some())
                .min_by(|&a, &b| kg(a).unwrap().total_cmp(&kg(b).unwrap()).then(a.cmp(&b)))
            else {
                continue;
            };
            let score = |a: &Assessment, s| a.scored(s).score;
            for s in catalog.each_strategy().filter(|&s| kg(s).is_some()) {
                let lead = score(&full, cleanest) - score(&full, s);
                let plain_lead = score(&plain, cleanest) - score(&plain, s);
                assert!(
                    lead >= plain_lead - 1e-9,
                    "{name} at carbon {level}: {} lost ground to {} ({plain_lead} -> {lead})",
                    catalog.strategies[cleanest].id,
                    catalog.strategies[s].id,
                );
                // The dirtier, the lower its carbon rating.
                let rating = |s: StrategyId| full.scored(s).ratings[Criterion::Carbon as usize];
                if kg(s) > kg(cleanest) {
                    assert!(rating(s) <= rating(cleanest), "{name}: {s:?}");
                }
                if lead > plain_lead + 1e-9 {
                    moved += 1;
                }
            }
        }
    }
    assert!(moved > 0, "weighing carbon moved nothing in any example");
}

#[test]
fn weighing_carbon_can_turn_the_recommendation_to_the_cleaner_strategy() {
    // examples/minimal.yaml at 20 req/s on AWS: containers on Fargate win on
    // the other criteria; Lambda emits a fifth as much (0.51 against 2.28
    // kgCO2e a month), so at full weight carbon turns it to serverless.
    let at = |level: &str| {
        let o = common::advise(&[
            "examples/minimal.yaml",
            "--set",
            "workload.average_rps=20",
            "--set",
            &format!("priorities.carbon={level}"),
            "--format",
            "json",
        ]);
        assert_eq!(common::code(&o), 0, "{}", common::stderr(&o));
        serde_json::from_str::<Value>(&common::stdout(&o)).unwrap()
    };
    let (zero, five) = (at("0"), at("5"));
    assert_eq!(zero["recommendation"], "container");
    assert_eq!(five["recommendation"], "serverless");
    let kg = |j: &Value, s: &str| {
        j["cost"]["strategies"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["strategy"] == s)
            .unwrap()["carbon"]["kg_co2e"]
            .as_f64()
            .unwrap()
    };
    assert!(kg(&five, "serverless") < kg(&five, "container"));
    // The reason is phrased from the strategy it moves, with both figures.
    let container = five["ranking"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["strategy"] == "container")
        .unwrap();
    let said = container["reasons"].to_string();
    assert!(
        said.contains("kgCO2e a month") && said.contains("the cleanest (serverless"),
        "{said}"
    );
}

#[test]
fn every_example_on_every_cloud_has_finite_sourced_figures_in_every_format() {
    for cloud in ["aws", "gcp", "azure"] {
        let o = common::advise(&[
            "examples/minimal.yaml",
            "--set",
            &format!("system.cloud={cloud}"),
            "--set",
            "workload.average_rps=20",
            "--format",
            "json",
        ]);
        let j: Value = serde_json::from_str(&common::stdout(&o)).unwrap();
        for s in j["cost"]["strategies"].as_array().unwrap() {
            let c = &s["carbon"];
            for key in ["kg_co2e", "energy_kwh", "grid_g_per_kwh"] {
                let x = c[key].as_f64().unwrap_or_else(|| panic!("{cloud}: {c}"));
                assert!(x.is_finite() && x > 0.0, "{cloud} {key}: {c}");
            }
            assert_eq!(
                c["method"], "Cloud Carbon Footprint coefficients (read 2026-12)",
                "{c}"
            );
            assert!(
                c["grid_source"]
                    .as_str()
                    .unwrap()
                    .contains("Cloud Carbon Footprint")
            );
        }
        for format in ["table", "markdown", "html"] {
            let o = common::advise(&[
                "examples/minimal.yaml",
                "--set",
                &format!("system.cloud={cloud}"),
                "--format",
                format,
            ]);
            let out = common::stdout(&o);
            assert!(out.contains("kgCO2e"), "{cloud} {format}");
            assert!(out.contains("read 2026-12"), "{cloud} {format}");
        }
        for format in ["table", "csv", "markdown"] {
            let o = common::advise(&[
                "cost",
                "examples/minimal.yaml",
                "--set",
                &format!("system.cloud={cloud}"),
                "--format",
                format,
            ]);
            assert!(
                common::stdout(&o).contains("kgCO2e"),
                "cost {cloud} {format}"
            );
        }
    }
    // Every example, every figure finite and not negative.
    let catalog = Catalog::builtin();
    for (name, p) in examples(&catalog) {
        let a = engine::evaluate(&p, &catalog);
        for c in a.costing.carbon.strategies.iter().flatten() {
            let numbers = [
                c.kg_co2e,
                c.energy_kwh,
                c.capacity.vcpu_hours,
                c.capacity.gb_hours,
                c.capacity.it_kwh,
            ];
            assert!(
                numbers.iter().all(|x| x.is_finite() && *x >= 0.0),
                "{name}: {c:?}"
            );
        }
    }
}

#[test]
fn on_premises_uses_the_stated_default_grid_and_a_prices_file_overrides_it() {
    let run = |extra: &[&str]| {
        let mut args = vec![
            "cost",
            "examples/minimal.yaml",
            "--set",
            "system.hosting=on-premises",
            "--set",
            "workload.average_rps=20",
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        let o = common::advise(&args);
        assert_eq!(common::code(&o), 0, "{}", common::stderr(&o));
        serde_json::from_str::<Value>(&common::stdout(&o)).unwrap()
    };
    let default = run(&[]);
    let first = &default["strategies"][0]["carbon"];
    assert_eq!(first["grid_g_per_kwh"], 379.069, "{first}");
    assert!(
        first["grid_source"]
            .as_str()
            .unwrap()
            .starts_with("default")
    );
    let dir = common::scratch_dir("carbon-grid");
    let file = dir.join("grid.yaml");
    fs::write(&file, "provider: own-hardware\ngrid_g_per_kwh: 37.9069\n").unwrap();
    let stated = run(&["--prices", file.to_str().unwrap()]);
    let kg = |j: &Value| j["strategies"][0]["carbon"]["kg_co2e"].as_f64().unwrap();
    // A tenth of the grid intensity, a tenth of the emissions.
    assert!((kg(&stated) * 10.0 - kg(&default)).abs() < 0.01, "{stated}");
    // A grid intensity out of range is an error at its line, exit 2.
    fs::write(&file, "provider: own-hardware\ngrid_g_per_kwh: -1\n").unwrap();
    let o = common::advise(&[
        "cost",
        "examples/minimal.yaml",
        "--prices",
        file.to_str().unwrap(),
    ]);
    assert_eq!(common::code(&o), 2);
    assert!(
        common::stderr(&o).contains("grid.yaml:2:"),
        "{}",
        common::stderr(&o)
    );
}

#[test]
fn free_tiers_lower_the_bill_but_not_the_emissions() {
    let at = |extra: &[&str]| {
        let mut args = vec![
            "cost",
            "examples/minimal.yaml",
            "--set",
            "workload.average_rps=0.5",
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        let o = common::advise(&args);
        assert_eq!(common::code(&o), 0, "{}", common::stderr(&o));
        let j: Value = serde_json::from_str(&common::stdout(&o)).unwrap();
        let lambda = j["strategies"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["strategy"] == "serverless")
            .unwrap()
            .clone();
        (
            lambda["monthly"].as_f64().unwrap(),
            lambda["carbon"]["kg_co2e"].as_f64().unwrap(),
        )
    };
    let (paid, kg) = at(&[]);
    let (free, kg_free) = at(&["--free-tier"]);
    assert!(free < paid, "{free} {paid}");
    assert!(kg > 0.0);
    assert_eq!(kg, kg_free);
}
