//! `advise schema` must agree with `advise` itself: what the editor accepts,
//! the tool accepts, and a typo the tool rejects, the editor flags too.

use serde_json::Value;

use crate::common::{advise, advise_with_stdin, code, stdout};

fn validator() -> jsonschema::Validator {
    let out = advise(&["schema"]);
    assert_eq!(code(&out), 0);
    let schema: Value = serde_json::from_str(&stdout(&out)).expect("the schema is JSON");
    jsonschema::validator_for(&schema).expect("the profile schema compiles")
}

/// A YAML profile as the JSON value an editor plugin would validate (YAML
/// 1.2: `yes` is a string, as it is for `advise`).
fn as_json(yaml: &str) -> Value {
    let options = serde_saphyr::options! { strict_booleans: true };
    serde_saphyr::from_str_with_options::<Option<Value>>(yaml, options)
        .expect("test profiles are YAML")
        .unwrap_or_else(|| Value::Object(Default::default()))
}

#[test]
fn every_example_profile_is_valid_against_the_schema() {
    let v = validator();
    for entry in std::fs::read_dir(crate::common::root().join("examples")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let errors: Vec<String> = v
            .iter_errors(&as_json(&text))
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", path.display());
    }
}

#[test]
fn the_schema_and_the_tool_agree_on_what_is_valid() {
    let v = validator();
    let cases = [
        "{}",
        "version: 1\nname: shop\ncurrent: container\n",
        "system: {services: 14, hosting: hybrid}\nteam: {ops_maturity: high}\n",
        "workload: {traffic: spiky, peak_rps: 100, average_rps: 5, max_duration_s: 0.5, gpu: true}\n",
        "requirements: {mtls: required, compliance: [pci-dss, soc2]}\n",
        "priorities: {cost: 0, security: 5}\n",
        "current: serverless\naccept: {strategy: serverless, reason: migrating, until: 2027-06-30}\n",
        // Found disagreeing in review: a numeric name, a whole number
        // written with a decimal point.
        "name: 42\n",
        "system: {services: 3.0}\npriorities: {cost: 5.0}\n",
        // Each of these is wrong in a way both must catch.
        "servics: 40\n",
        "system: {servics: 40}\n",
        "system: {services: 0}\n",
        "system: {services: 2.5}\n",
        "name: \"  \"\n",
        "priorities: {cost: 4.5}\n",
        "workload: {traffic: spikey}\n",
        "workload: {peak_rps: -1}\n",
        "workload: {max_duration_s: 0}\n",
        "workload: {gpu: yes}\n",
        "priorities: {cost: 9}\n",
        "priorities: {speed: 3}\n",
        "requirements: {compliance: pci-dss}\n",
        "version: 2\n",
        "current: containers\n",
        "current: container\naccept: {strategy: container, until: 2027-06-30}\n",
        "current: container\naccept: {strategy: container, reason: x, until: 2027-06-30, by: me}\n",
    ];
    for text in cases {
        let tool_accepts = code(&advise_with_stdin(&["-"], Some(text.as_bytes()))) == 0;
        let schema_accepts = v.is_valid(&as_json(text));
        assert_eq!(schema_accepts, tool_accepts, "they disagree on {text:?}");
    }
}
