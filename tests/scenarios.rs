//! Decisive when the facts are: each strategy's own "suits" scenario
//! (`rules/strategies.yaml`; for the mesh, the seed article's "large-scale,
//! high-performance, high-security systems"), written as a profile in
//! `rules/scenarios/`, is won by its strategy outside the close-call line.
//! Issue 18 asks for 5 points, and the fit asks it of each scenario, as one
//! voice among the corpus's (`SCENARIO_LEAD`, `SCENARIO_WEIGHT` in
//! src/analysis/calibrate/fit.rs). With the catalog fitted to the 423
//! cases of 2026-12-07, multi-instance wins its own by 6.15, containers by
//! 3.41, serverless by 8.13 and the mesh by 8.18 (`advise
//! rules/scenarios/NAME.yaml` shows each): the corpus does not let
//! containers reach 5 over the mesh, whose adopters' profiles often state
//! no need of it (on 148 cases, four times the weight reached 4.67 for
//! containers, and five fewer cases agreed cross-validated; on 246, ten
//! times the weight reached 4.36, and twelve fewer agreed over 5 folds).

use serde_json::Value;

use crate::common::{advise, code, stderr, stdout};

/// The close-call line (`engine::CLOSE_CALL`, docs/output.md): a lead
/// within it is reported as a close call.
const CLOSE_CALL: f64 = 3.0;

#[test]
fn each_strategys_own_scenario_is_won_outside_the_close_call_line() {
    let mut failures = Vec::new();
    for strategy in ["multi-instance", "container", "serverless", "service-mesh"] {
        let path = format!("rules/scenarios/{strategy}.yaml");
        let out = advise(&[&path, "--format", "json"]);
        assert_eq!(code(&out), 0, "{path}: {}", stderr(&out));
        let v: Value = serde_json::from_str(&stdout(&out)).expect("JSON");
        let margin = v["margin"].as_f64().expect("a margin");
        if v["recommendation"] != strategy || margin <= CLOSE_CALL || v["close_call"] != false {
            failures.push(format!(
                "{path}: {} by {margin:.2} (close call: {})",
                v["recommendation"], v["close_call"]
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
