//! The JSON Schema of the profile format, generated from the field table
//! that validation itself uses, so the two cannot disagree. Like `advise`,
//! it rejects unknown keys (`additionalProperties: false`) at every level.
//!
//! Draft-07 is used because it is what editor YAML plugins (such as
//! yaml-language-server) support best.

use serde_json::{Map, Value, json};

use crate::domain::catalog::Catalog;
use crate::domain::fields::{self, Fallback, Kind};

/// A real day of the Gregorian calendar as YYYY-MM-DD, as `Date::parse`
/// reads it: months of 30 and 31 days, and 29 February in leap years only
/// (every fourth year, but centuries only when divisible by 400).
const CALENDAR_DAY: &str = concat!(
    "^(?:[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])",
    "|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)",
    "|02-(?:0[1-9]|1[0-9]|2[0-8]))",
    "|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)$",
);

pub(crate) fn profile_schema() -> Value {
    let strategies: Vec<String> = Catalog::builtin()
        .strategies
        .iter()
        .map(|s| s.id.clone())
        .collect();
    let mut properties = Map::new();
    properties.insert(
        "version".into(),
        json!({ "description": "profile format version; only 1 exists", "const": 1 }),
    );
    // A text that is not blank; a number or boolean is read as its text.
    properties.insert("name".into(), json!({ "description": "shown in reports; default: the file name without extension", "type": ["string", "number", "boolean"], "pattern": "\\S", "maxLength": crate::domain::profile::MAX_NAME_CHARS }));
    properties.insert("current".into(), json!({ "description": "the strategy in use or planned; `advise check` tests it", "enum": strategies }));
    properties.insert(
        "accept".into(),
        json!({
            "description": "a knowingly kept choice, read by `advise check`: turns a mismatch of `current` into a reported pass until the date",
            "type": "object",
            "additionalProperties": false,
            "required": ["strategy", "reason", "until"],
            "properties": {
                "strategy": { "description": "must equal `current`", "enum": strategies },
                "reason": { "description": "why the choice is kept", "type": "string", "minLength": 1, "pattern": "\\S" },
                "until": { "description": "ISO date after which the acceptance lapses (a real calendar day)", "type": "string", "pattern": CALENDAR_DAY },
            },
        }),
    );
    let mut entry = Map::new();
    entry.insert("name".into(), json!({ "description": "the workload's name, unique in the profile", "type": ["string", "number", "boolean"], "pattern": "\\S", "maxLength": crate::domain::profile::MAX_NAME_CHARS }));
    entry.insert("current".into(), json!({ "description": "the strategy this workload uses or plans; default: the profile's `current`", "enum": strategies }));
    let services = fields::get(fields::id::SYSTEM_SERVICES);
    let mut services_schema = field_schema(services);
    services_schema["description"] = json!(
        "the services this workload has; absent: a share of system.services, never the whole count again"
    );
    entry.insert("services".into(), services_schema);
    for (_, field) in fields::in_section("workload") {
        entry.insert(field.section_and_key().1.into(), field_schema(field));
    }
    properties.insert(
        "workloads".into(),
        json!({
            "description": "a hybrid system's workloads, each planned on its own strategy: the top-level `workload` gives every entry its defaults; team, system, requirements, constraints and priorities stay system-wide",
            "type": "array",
            "minItems": 1,
            "items": { "type": "object", "additionalProperties": false, "required": ["name"], "properties": entry },
        }),
    );
    for section in fields::SECTIONS {
        let mut inner = Map::new();
        for (_, field) in fields::in_section(section) {
            inner.insert(field.section_and_key().1.into(), field_schema(field));
        }
        properties.insert(
            (*section).into(),
            json!({ "type": "object", "additionalProperties": false, "properties": inner }),
        );
    }
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": "https://advise.invalid/schemas/profile.schema.json",
        "title": "advise system profile, format version 1",
        "description": "One system to deploy. Every field is optional; unknown keys are errors.",
        "type": "object",
        "additionalProperties": false,
        "properties": properties,
    })
}

fn field_schema(field: &fields::Field) -> Value {
    let mut schema = match field.kind {
        Kind::Enum(values) => json!({ "type": "string", "enum": values }),
        Kind::Int { min, max } => json!({ "type": "integer", "minimum": min, "maximum": max }),
        Kind::Number {
            min,
            exclusive: true,
            max,
        } => json!({ "type": "number", "exclusiveMinimum": min, "maximum": max }),
        Kind::Number {
            min,
            exclusive: false,
            max,
        } => json!({ "type": "number", "minimum": min, "maximum": max }),
        Kind::Bool => json!({ "type": "boolean" }),
        // The tool trims a tag and refuses a blank one: so must the schema.
        Kind::Tags => json!({
            "type": "array",
            "maxItems": fields::MAX_TAGS,
            "items": { "type": "string", "minLength": 1, "maxLength": fields::MAX_TAG_CHARS, "pattern": "\\S" }
        }),
    };
    schema["description"] = Value::from(field.doc);
    match field.default {
        Fallback::Unknown => {}
        other => {
            if let Some(value) = other.value() {
                schema["default"] = crate::report::wire::value_json(&value);
            }
        }
    }
    schema
}

pub(crate) fn profile_schema_text() -> String {
    crate::report::serial::json(&profile_schema())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_schema_is_current() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/profile.schema.json");
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            committed == profile_schema_text(),
            "schemas/profile.schema.json is stale: run `cargo run -- schema > schemas/profile.schema.json`"
        );
    }
}
