//! Capacity already paid for (docs/cost.md, "Capacity already paid for"):
//! the estimate still prices every strategy as a new bill and says so,
//! the money rules stop scoring those dollars, and one rule counts the
//! capacity instead.

use serde_json::Value;

use crate::common::{advise, code, stdout};

const PROFILE: &str = "examples/enterprise-api.yaml";
const RESERVED: &str = "constraints.prepaid_capacity=reserved";

fn json(args: &[&str]) -> Value {
    let o = advise(args);
    assert_eq!(code(&o), 0, "{args:?}: {}", stdout(&o));
    serde_json::from_str(&stdout(&o)).expect("JSON")
}

/// The rules that moved any score, as `advise --format json` names them.
fn rules_fired(report: &Value) -> Vec<String> {
    let mut ids: Vec<String> = report["breakdown"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["criteria"].as_array().unwrap())
        .flat_map(|c| c["shifted_by"].as_array().unwrap())
        .map(|r| r.as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

#[test]
fn reserved_capacity_replaces_the_scored_dollars_with_one_rule() {
    let plain = rules_fired(&json(&[PROFILE, "--format", "json"]));
    assert!(plain.contains(&"monthly-cost".to_owned()), "{plain:?}");
    assert!(!plain.contains(&"capacity-already-paid-for".to_owned()));

    let paid = rules_fired(&json(&[PROFILE, "--set", RESERVED, "--format", "json"]));
    assert!(
        !paid.iter().any(|r| r.starts_with("monthly-cost")),
        "{paid:?}"
    );
    assert!(
        paid.contains(&"capacity-already-paid-for".to_owned()),
        "{paid:?}"
    );
}

#[test]
fn the_estimate_still_prices_a_new_bill_and_says_the_capacity_is_paid_for() {
    let plain = json(&["cost", PROFILE, "--format", "json"]);
    let paid = json(&["cost", PROFILE, "--set", RESERVED, "--format", "json"]);
    assert_eq!(plain["prepaid_capacity"], "none");
    assert_eq!(paid["prepaid_capacity"], "reserved");
    // The same bills, whatever order the ranking puts them in.
    let bills = |v: &Value| {
        let mut b: Vec<(String, f64)> = v["strategies"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| (s["strategy"].to_string(), s["monthly"].as_f64().unwrap()))
            .collect();
        b.sort_by(|a, b| a.0.cmp(&b.0));
        b
    };
    assert_eq!(bills(&plain), bills(&paid), "the dollars are the same");

    let text = stdout(&advise(&["cost", PROFILE, "--set", RESERVED]));
    let title: String = text
        .lines()
        .take_while(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        title.contains("capacity already paid for (reserved)") && title.contains("not scored"),
        "{title}"
    );
}
