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
    let examples = crate::common::root().join("examples");
    let pack = examples.join("packs/acme/profiles");
    let entries = std::fs::read_dir(examples)
        .unwrap()
        .chain(std::fs::read_dir(pack).unwrap());
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            continue;
        }
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
        // Hybrid systems (spec/hybrid.md).
        "workload: {trigger: http}\nworkloads:\n  - {name: api, current: container, peak_rps: 10}\n  - {name: jobs, trigger: schedule}\n",
        "workloads:\n  - {name: api, trafic: spiky}\n",
        "workloads:\n  - {current: container}\n",
        "workloads: []\n",
        "workloads:\n  - {name: api, current: containers}\n",
        "workloads:\n  - {name: api, services: 3}\n",
    ];
    for text in cases {
        let tool_accepts = code(&advise_with_stdin(&["-"], Some(text.as_bytes()))) == 0;
        let schema_accepts = v.is_valid(&as_json(text));
        assert_eq!(schema_accepts, tool_accepts, "they disagree on {text:?}");
    }
}

/// Values to try for a field, valid and not, chosen by what the schema says
/// the field is, so that every field of the format is exercised. (`.inf`
/// and `.nan` have no JSON form for a schema to judge; `engine_properties` holds
/// the tool to rejecting them.)
fn candidates(field: &Value) -> Vec<String> {
    let mut out: Vec<String> = ["null", "\"\"", "[1]", "{a: 1}"].map(String::from).to_vec();
    if let Some(values) = field.get("enum").and_then(Value::as_array) {
        for v in values.iter().filter_map(Value::as_str) {
            out.push(v.to_string());
            out.push(format!("{v}s"));
            out.push(v.to_uppercase());
        }
        out.push("1".into());
        return out;
    }
    let more: &[&str] = match field.get("type").and_then(Value::as_str) {
        Some("integer") => &[
            "0", "1", "3", "5", "6", "40", "3.0", "2.5", "-1", "\"3\"", "true", "1e3",
        ],
        Some("number") => &[
            "0", "0.5", "1", "250", "-1", "1e3", "\"1\"", "false", "1_000",
        ],
        Some("boolean") => &["true", "false", "yes", "1", "\"true\"", "True"],
        Some("array") => &[
            "[]",
            "[pci-dss]",
            "pci-dss",
            "[\"\"]",
            // Blank: the tool refuses it, so the schema must too.
            "[\"  \"]",
            "[1]",
            "[hipaa, soc2]",
        ],
        _ => &["x"],
    };
    out.extend(more.iter().map(|s| s.to_string()));
    out
}

const TOP: &[(&str, &[&str])] = &[
    ("version", &["1", "2", "1.0", "\"1\"", "null"]),
    (
        "name",
        &["shop", "42", "true", "\"  \"", "\"\"", "a b", "null", "[x]"],
    ),
    (
        "current",
        &["container", "serverless", "containers", "\"\"", "null"],
    ),
    ("servics", &["40"]),
];

/// Acceptance blocks; `current: container` is added with each, since that
/// they must name the same strategy is a rule the schema cannot state.
const ACCEPTS: &[&str] = &[
    "{strategy: container, reason: migrating, until: 2027-06-30}",
    "{strategy: container, reason: migrating, until: 2027-02-30}",
    "{strategy: container, reason: migrating, until: 2027-02-29}",
    "{strategy: container, reason: migrating, until: 2028-02-29}",
    "{strategy: container, reason: migrating, until: 2100-02-29}",
    "{strategy: container, reason: migrating, until: 2000-02-29}",
    "{strategy: container, reason: migrating, until: 2027-04-31}",
    "{strategy: container, reason: migrating, until: 2027-13-01}",
    "{strategy: container, reason: migrating, until: 27-01-01}",
    "{strategy: container, reason: \" \", until: 2027-06-30}",
    "{strategy: container, until: 2027-06-30}",
    "{strategy: container, reason: x, until: 2027-06-30, by: me}",
    "{strategy: containers, reason: x, until: 2027-06-30}",
];

/// The fields a generated profile may set, from the schema: (section, key,
/// candidate values).
fn generated_fields(schema: &Value) -> Vec<(String, String, Vec<String>)> {
    let mut fields = Vec::new();
    for (section, body) in schema["properties"].as_object().unwrap() {
        if section == "accept" {
            continue;
        }
        if let Some(inner) = body.get("properties").and_then(Value::as_object) {
            for (key, field) in inner {
                fields.push((section.clone(), key.clone(), candidates(field)));
            }
            fields.push((section.clone(), "servics".into(), vec!["1".into()]));
        }
    }
    fields
}

/// Relations between fields that a JSON Schema cannot state, left out of
/// the comparison: the tool alone rejects a mean above the peak.
fn schema_cannot_say(yaml: &str) -> bool {
    yaml.contains("average_rps") && yaml.contains("peak_rps")
}

#[test]
fn generated_profiles_get_the_same_verdict_from_the_schema_and_the_tool() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};

    let out = advise(&["schema"]);
    let schema: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let v = jsonschema::validator_for(&schema).unwrap();
    let fields = generated_fields(&schema);
    let catalog = advise::domain::catalog::Catalog::builtin();
    let strategies = catalog.strategy_ids();

    // A profile: some top-level keys, some section fields (each with one of
    // its candidates), perhaps an acceptance.
    let top = proptest::collection::vec((0..TOP.len(), 0..8usize), 0..3);
    let inner = proptest::collection::vec((0..fields.len(), 0..64usize), 0..5);
    let accept = proptest::option::of(0..ACCEPTS.len());
    let mut runner = TestRunner::new(Config {
        cases: 2000,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&(top, inner, accept), |(top, inner, accept)| {
            let mut lines = std::collections::BTreeMap::<String, String>::new();
            for (i, pick) in top {
                let (key, values) = TOP[i];
                lines.insert(key.into(), values[pick % values.len()].into());
            }
            let mut sections = std::collections::BTreeMap::<&str, Vec<String>>::new();
            let mut seen = std::collections::BTreeSet::new();
            for (i, pick) in inner {
                let (section, key, values) = &fields[i];
                if seen.insert(i) {
                    let value = &values[pick % values.len()];
                    sections
                        .entry(section)
                        .or_default()
                        .push(format!("  {key}: {value}"));
                }
            }
            if let Some(a) = accept {
                lines.insert("current".into(), "container".into());
                lines.insert("accept".into(), ACCEPTS[a].into());
            }
            let mut yaml: String = lines.iter().map(|(k, v)| format!("{k}: {v}\n")).collect();
            for (section, body) in sections {
                yaml.push_str(&format!("{section}:\n{}\n", body.join("\n")));
            }
            if schema_cannot_say(&yaml) {
                return Ok(());
            }
            let tool = advise::domain::profile::load("p.yaml", &yaml, &strategies, &[]).is_ok();
            let schema = v.is_valid(&as_json(&yaml));
            prop_assert_eq!(schema, tool, "they disagree on:\n{}", yaml);
            Ok(())
        })
        .unwrap();
}
