//! What `advise detect` found, as text for a person and JSON for scripts
//! (docs/detect.md), and the profile draft `advise init` prints: every
//! detected value with the `path:line` it came from, every other field a
//! commented prompt with its allowed values (from the fields table).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::domain::detect::{Deployment, Detection, Evidence, FactValue, Strategy};
use crate::domain::fields::{FIELDS, Fallback, Kind, format_number};
use crate::text::escape::visible;

/// `advise detect --format json` (docs/detect.md): a contract.
#[derive(Debug, Serialize)]
struct DetectJson<'a> {
    deployments: Vec<DeploymentJson<'a>>,
    /// The one cloud the files point at; `null` when none or several.
    cloud: Option<&'a str>,
    clouds: Vec<EvidenceJson<'a>>,
    regions: Vec<EvidenceJson<'a>>,
    mesh: Vec<EvidenceJson<'a>>,
    mtls: Vec<EvidenceJson<'a>>,
    kubernetes_services: Vec<EvidenceJson<'a>>,
    /// The strategies found, in a fixed order.
    strategies: Vec<&'static str>,
    /// Separately deployed units (the draft's `system.services`).
    services: usize,
    files_read: usize,
    skipped: Vec<SkippedJson<'a>>,
    capped: Option<&'a str>,
}

#[derive(Debug, Serialize)]
struct DeploymentJson<'a> {
    strategy: &'static str,
    platform: &'static str,
    kind: &'a str,
    name: &'a str,
    path: &'a str,
    line: u32,
    facts: BTreeMap<&'static str, serde_json::Value>,
    /// The line of each fact.
    fact_lines: BTreeMap<&'static str, u32>,
    unit: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    templated: bool,
}

#[derive(Debug, Serialize)]
struct EvidenceJson<'a> {
    what: &'a str,
    path: &'a str,
    line: u32,
}

#[derive(Debug, Serialize)]
struct SkippedJson<'a> {
    path: &'a str,
    reason: &'a str,
}

fn fact_json(v: &FactValue) -> serde_json::Value {
    match v {
        FactValue::Num(x) => serde_json::json!(crate::text::number::hundredths(*x)),
        FactValue::Bool(b) => serde_json::json!(b),
        FactValue::Word(w) => serde_json::json!(w),
    }
}

fn fact_text(v: &FactValue) -> String {
    match v {
        FactValue::Num(x) => format_number(*x),
        FactValue::Bool(b) => b.to_string(),
        FactValue::Word(w) => (*w).to_owned(),
    }
}

fn evidence(list: &[Evidence]) -> Vec<EvidenceJson<'_>> {
    list.iter()
        .map(|e| EvidenceJson {
            what: &e.what,
            path: &e.path,
            line: e.line,
        })
        .collect()
}

pub fn json(d: &Detection) -> String {
    let out = DetectJson {
        deployments: d
            .deployments
            .iter()
            .map(|x| DeploymentJson {
                strategy: x.strategy.id(),
                platform: x.platform,
                kind: &x.kind,
                name: &x.name,
                path: &x.path,
                line: x.line,
                facts: x
                    .facts
                    .iter()
                    .map(|(k, f)| (*k, fact_json(&f.value)))
                    .collect(),
                fact_lines: x.facts.iter().map(|(k, f)| (*k, f.line)).collect(),
                unit: x.unit,
                templated: x.templated,
            })
            .collect(),
        cloud: d.cloud().map(|e| e.what.as_str()),
        clouds: evidence(&d.clouds),
        regions: evidence(&d.regions),
        mesh: evidence(&d.mesh),
        mtls: evidence(&d.mtls),
        kubernetes_services: evidence(&d.kube_services),
        strategies: d.strategies().into_iter().map(Strategy::id).collect(),
        services: d.service_count(),
        files_read: d.files_read,
        skipped: d
            .skipped
            .iter()
            .map(|(p, r)| SkippedJson { path: p, reason: r })
            .collect(),
        capped: d.capped.as_deref(),
    };
    crate::report::serial::json(&out)
}

/// One line per deployment, then the cloud, regions, mesh signals and
/// skipped files, and a summary.
pub fn text(d: &Detection) -> String {
    let mut out = String::new();
    for x in &d.deployments {
        let facts: Vec<String> = x
            .facts
            .iter()
            .map(|(k, f)| format!("{k} {} (line {})", fact_text(&f.value), f.line))
            .collect();
        out.push_str(&format!(
            "{}:{}: {} ({} {} {}){}{}\n",
            visible(&x.path),
            x.line,
            x.strategy.id(),
            x.platform,
            visible(&x.kind),
            visible(&x.name),
            if facts.is_empty() {
                String::new()
            } else {
                format!(": {}", facts.join(", "))
            },
            if x.templated { " [templated]" } else { "" },
        ));
    }
    for (label, list) in [
        ("cloud", &d.clouds),
        ("region", &d.regions),
        ("mesh", &d.mesh),
        ("mtls", &d.mtls),
    ] {
        for e in list {
            out.push_str(&format!(
                "{}:{}: {label}: {}\n",
                visible(&e.path),
                e.line,
                visible(&e.what)
            ));
        }
    }
    for (p, r) in &d.skipped {
        out.push_str(&format!("{}: skipped: {}\n", visible(p), visible(r)));
    }
    if let Some(c) = &d.capped {
        out.push_str(&format!("capped: {c}\n"));
    }
    let strategies: Vec<&str> = d.strategies().into_iter().map(Strategy::id).collect();
    out.push_str(&match d.deployments.is_empty() {
        true => format!(
            "nothing deployed found in {} file{} read\n",
            d.files_read,
            if d.files_read == 1 { "" } else { "s" }
        ),
        false => format!(
            "{} deployment{} ({} service{}) in {} file{} read: {}\n",
            d.deployments.len(),
            if d.deployments.len() == 1 { "" } else { "s" },
            d.service_count(),
            if d.service_count() == 1 { "" } else { "s" },
            d.files_read,
            if d.files_read == 1 { "" } else { "s" },
            strategies.join(", ")
        ),
    });
    out
}

/// A workload's name in the draft, by its strategy.
fn group_name(s: Strategy) -> &'static str {
    match s {
        Strategy::MultiInstance => "servers",
        Strategy::Container => "containers",
        Strategy::Serverless => "functions",
        Strategy::ServiceMesh => "mesh",
    }
}

fn at(path: &str, line: u32) -> String {
    format!("# from {}:{line}", visible(path))
}

/// The workload facts of some deployments: the largest memory, any GPU,
/// the longest timeout, the most common trigger; each with its place.
fn workload_facts(ds: &[&Deployment]) -> Vec<(&'static str, String, String)> {
    let mut out = Vec::new();
    let best = |key: &str| {
        ds.iter()
            .filter_map(|d| d.facts.get(key).map(|f| (d, f)))
            .filter_map(|(d, f)| match f.value {
                FactValue::Num(x) => Some((x, d.path.as_str(), f.line)),
                _ => None,
            })
            .fold(None, |acc: Option<(f64, &str, u32)>, x| match acc {
                Some(a) if a.0 >= x.0 => Some(a),
                _ => Some(x),
            })
    };
    if let Some((x, p, l)) = best("memory_mb") {
        out.push(("memory_mb", format_number(x.ceil()), at(p, l)));
    }
    if let Some((x, p, l)) = best("max_duration_s").filter(|b| b.0 > 0.0) {
        out.push(("max_duration_s", format_number(x), at(p, l)));
    }
    if let Some((d, f)) = ds.iter().find_map(|d| d.facts.get("gpu").map(|f| (d, f))) {
        out.push(("gpu", "true".into(), at(&d.path, f.line)));
    }
    let mut triggers: BTreeMap<&str, (usize, &str, u32)> = BTreeMap::new();
    for d in ds {
        if let Some(f) = d.facts.get("trigger")
            && let FactValue::Word(w) = f.value
        {
            triggers.entry(w).or_insert((0, &d.path, f.line)).0 += 1;
        }
    }
    if let Some((w, (_, p, l))) = triggers
        .iter()
        .max_by(|a, b| a.1.0.cmp(&b.1.0).then(b.0.cmp(a.0)))
    {
        out.push(("trigger", (*w).to_owned(), at(p, *l)));
    }
    out
}

/// A field the files did not show, as a commented prompt.
fn prompt(key: &str, kind: Kind, default: Fallback, doc: &str, indent: &str) -> String {
    let value = match default.value() {
        Some(v) => v.to_string(),
        None => String::new(),
    };
    let allowed = match kind {
        Kind::Enum(values) => values.join(" | "),
        other => other.expectation(),
    };
    let default = match default {
        Fallback::Unknown => "no default".to_owned(),
        _ => format!("default {value}"),
    };
    format!("{indent}# {key}: {value}  # {allowed}; {default}: {doc}\n")
}

/// The profile draft `advise init` prints for what `d` found in the
/// directory named `name`.
// Over 100 lines: the draft is one document written top to bottom, each
// section after the one before, as profile.md orders them.
pub fn draft(d: &Detection, name: &str, dir_shown: &str) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "# Drafted by `advise init` from the deployment files in {}.\n",
        visible(dir_shown)
    ));
    out.push_str("# Each value names the file and line it came from; each commented\n");
    out.push_str("# line is a field the files do not show: uncomment it and choose.\n");
    if d.deployments.is_empty() {
        out.push_str("# No deployment files were found: every field is a prompt.\n");
    }
    for (p, r) in &d.skipped {
        out.push_str(&format!("# skipped {}: {}\n", visible(p), visible(r)));
    }
    out.push_str("version: 1\n");
    out.push_str(&format!("name: {}\n", yaml_word(name)));

    let strategies: Vec<Strategy> = d.strategies().into_iter().collect();
    let mut detected: BTreeMap<&'static str, (String, String)> = BTreeMap::new();
    if strategies.len() == 1 {
        let first = d
            .first_of(strategies[0])
            .expect("a deployment of the strategy");
        out.push_str(&format!(
            "current: {}  {} ({} {} {})\n",
            strategies[0].id(),
            at(&first.path, first.line),
            first.platform,
            visible(&first.kind),
            visible(&first.name)
        ));
        let all: Vec<&Deployment> = d.deployments.iter().collect();
        for (k, v, c) in workload_facts(&all) {
            detected.insert(k, (v, c));
        }
    } else if strategies.is_empty() {
        out.push_str("# current: container  # multi-instance | container | serverless | service-mesh: the strategy in use\n");
    }

    // system
    let mut system: Vec<(&str, String, String)> = Vec::new();
    if let Some(first) = d.deployments.iter().find(|x| x.unit) {
        let n = d.service_count().max(1);
        system.push((
            "services",
            n.to_string(),
            format!(
                "# {n} separately deployed unit{}, the first at {}:{}",
                if n == 1 { "" } else { "s" },
                visible(&first.path),
                first.line
            ),
        ));
    }
    // What the organisation runs: a cluster first, then functions, then servers.
    let runs = |x: &Deployment| match () {
        _ if x.platform == "kubernetes" => Some(0),
        _ if x.strategy == Strategy::Serverless => Some(1),
        _ if x.strategy == Strategy::MultiInstance => Some(2),
        _ => None,
    };
    let platform = (0..3).find_map(|rank| {
        d.deployments
            .iter()
            .find(|x| runs(x) == Some(rank))
            .map(|x| (["kubernetes", "serverless", "vms"][rank], x))
    });
    if let Some((p, x)) = platform {
        system.push(("platform", p.to_owned(), at(&x.path, x.line)));
    }
    if let Some(c) = d.cloud() {
        system.push((
            "hosting",
            "public-cloud".into(),
            format!("{} (a public cloud: {})", at(&c.path, c.line), c.what),
        ));
        system.push(("cloud", c.what.clone(), at(&c.path, c.line)));
    } else if d.clouds.len() > 1 {
        let names: Vec<&str> = d.clouds.iter().map(|e| e.what.as_str()).collect();
        out.push_str(&format!(
            "# several clouds found ({}): system.cloud is left to you\n",
            names.join(", ")
        ));
    }
    let mut sections: BTreeMap<&str, Vec<(&str, String, String)>> = BTreeMap::new();
    for (k, v, c) in system {
        sections.entry("system").or_default().push((k, v, c));
    }
    for (k, (v, c)) in &detected {
        sections
            .entry("workload")
            .or_default()
            .push((k, v.clone(), c.clone()));
    }
    if let Some(e) = d.mtls.first() {
        sections.entry("requirements").or_default().push((
            "mtls",
            "required".into(),
            format!("{} ({})", at(&e.path, e.line), visible(&e.what)),
        ));
    }
    for section in crate::domain::fields::SECTIONS {
        let found = sections.get(section).cloned().unwrap_or_default();
        let fields: Vec<_> = FIELDS
            .iter()
            .filter(|f| f.section_and_key().0 == *section)
            .collect();
        // In a hybrid draft the workload facts are per workload.
        let found = if *section == "workload" && strategies.len() > 1 {
            Vec::new()
        } else {
            found
        };
        out.push('\n');
        if found.is_empty() {
            out.push_str(&format!("# {section}:\n"));
        } else {
            out.push_str(&format!("{section}:\n"));
        }
        for f in fields {
            let key = f.section_and_key().1;
            match found.iter().find(|(k, _, _)| *k == key) {
                Some((_, v, c)) => out.push_str(&format!("  {key}: {v}  {c}\n")),
                None => out.push_str(&prompt(key, f.kind, f.default, f.doc, "  ")),
            }
        }
    }

    if strategies.len() > 1 {
        out.push_str("\n# Several kinds of deployment: one workload each (docs/hybrid.md).\n");
        out.push_str("workloads:\n");
        for s in &strategies {
            let ds: Vec<&Deployment> = d.deployments.iter().filter(|x| x.strategy == *s).collect();
            let first = ds[0];
            out.push_str(&format!("  - name: {}\n", group_name(*s)));
            out.push_str(&format!(
                "    current: {}  {} ({} {} {})\n",
                s.id(),
                at(&first.path, first.line),
                first.platform,
                visible(&first.kind),
                visible(&first.name)
            ));
            let units = ds
                .iter()
                .filter(|x| x.unit)
                .map(|x| (x.platform, x.name.as_str()))
                .collect::<std::collections::BTreeSet<_>>()
                .len();
            if units > 0 {
                out.push_str(&format!(
                    "    services: {units}  # {units} unit{} of this kind, the first at {}:{}\n",
                    if units == 1 { "" } else { "s" },
                    visible(&first.path),
                    first.line
                ));
            }
            for (k, v, c) in workload_facts(&ds) {
                out.push_str(&format!("    {k}: {v}  {c}\n"));
            }
        }
    }
    out
}

/// A name as a YAML scalar: plain when safe, quoted otherwise.
fn yaml_word(name: &str) -> String {
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    match plain {
        true => name.to_owned(),
        false => serde_json::to_string(name).unwrap_or_else(|_| "\"draft\"".into()),
    }
}
