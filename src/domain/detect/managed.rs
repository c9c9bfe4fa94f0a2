//! Managed containers: ECS task definitions (the JSON `aws ecs
//! register-task-definition` takes), AWS Copilot manifests, Azure Container
//! Apps (YAML and Bicep), and docker-compose files. CloudFormation's and
//! Terraform's ECS, Cloud Run and Container Apps resources are read by
//! their own modules.

use super::{
    Deployment, Detection, FactValue, Strategy, entries, folder_name, get, get_path, items,
    json_line, line_of, memory_mb, num_of, str_at, str_of,
};
use crate::text::yaml::Node;

/// An ECS task definition as JSON: its family, memory and GPUs.
pub(super) fn ecs_task_json(
    found: &mut Detection,
    path: &str,
    text: &str,
    value: &serde_json::Value,
) {
    let name = value
        .get("family")
        .and_then(|f| f.as_str())
        .unwrap_or("(unnamed)");
    let line = json_line(text, "containerDefinitions", 1);
    let mut d = Deployment::new(
        Strategy::Container,
        "ecs",
        "task definition",
        name,
        path,
        line,
    );
    let as_mb = |v: &serde_json::Value| {
        v.as_f64()
            .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
    };
    if let Some(m) = value.get("memory").and_then(as_mb) {
        d.memory(Some(m), json_line(text, "memory", 1));
    }
    for c in value
        .get("containerDefinitions")
        .and_then(|c| c.as_array())
        .into_iter()
        .flatten()
    {
        if let Some(m) = c.get("memory").and_then(as_mb) {
            d.memory(Some(m), json_line(text, "memory", line));
        }
        let gpu = c
            .get("resourceRequirements")
            .and_then(|r| r.as_array())
            .is_some_and(|r| {
                r.iter()
                    .any(|x| x.get("type").and_then(|t| t.as_str()) == Some("GPU"))
            });
        if gpu {
            d.fact(
                "gpu",
                FactValue::Bool(true),
                json_line(text, "resourceRequirements", line),
            );
        }
    }
    found.cloud_at("aws", path, line);
    found.deployments.push(d);
}

/// An AWS Copilot manifest (`copilot/NAME/manifest.yml`): every service
/// type runs containers on ECS (a Request-Driven Web Service on App
/// Runner); a Scheduled Job is triggered by a schedule.
pub(super) fn copilot(found: &mut Detection, path: &str, doc: &Node) {
    let kind = str_at(doc, &["type"]).unwrap_or("");
    let platform = match kind {
        "Load Balanced Web Service" | "Backend Service" | "Worker Service" | "Scheduled Job" => {
            "ecs"
        }
        "Request-Driven Web Service" => "app-runner",
        _ => return,
    };
    let name = str_at(doc, &["name"]).unwrap_or_else(|| folder_name(path));
    let line = line_of(doc, "type");
    let mut d = Deployment::new(Strategy::Container, platform, kind, name, path, line);
    if let Some(m) = get(doc, "memory") {
        d.memory(num_of(m), line_of(doc, "memory"));
    }
    match kind {
        "Scheduled Job" => d.fact("trigger", FactValue::Word("schedule"), line),
        "Worker Service" => d.fact("trigger", FactValue::Word("queue"), line),
        _ => {}
    }
    found.cloud_at("aws", path, line);
    found.deployments.push(d);
}

/// A docker-compose file: each service a container. Compose runs on one
/// host, or under Swarm, or is translated (ECS, Kubernetes); it counts as
/// the container strategy.
pub(super) fn compose(found: &mut Detection, path: &str, doc: &Node) {
    let Some(services) = get(doc, "services") else {
        return;
    };
    for s in entries(services) {
        let mut d = Deployment::new(
            Strategy::Container,
            "compose",
            "compose service",
            s.key.as_str(),
            path,
            s.key_loc.line,
        );
        let svc = &s.value;
        if let Some(limits) = get_path(svc, &["deploy", "resources", "limits"])
            && let Some(m) = get(limits, "memory")
        {
            d.memory(quantity(m), line_of(limits, "memory"));
        } else if let Some(m) = get(svc, "mem_limit") {
            d.memory(quantity(m), line_of(svc, "mem_limit"));
        }
        for dev in get_path(svc, &["deploy", "resources", "reservations", "devices"])
            .map(items)
            .unwrap_or(&[])
        {
            let gpu = get(dev, "capabilities")
                .map(items)
                .unwrap_or(&[])
                .iter()
                .any(|c| str_of(c) == Some("gpu"));
            if gpu {
                d.fact("gpu", FactValue::Bool(true), dev.loc.line);
            }
        }
        found.deployments.push(d);
    }
}

/// A memory quantity written as text or as a number of bytes.
fn quantity(n: &Node) -> Option<f64> {
    match str_of(n) {
        Some(s) => memory_mb(s),
        None => num_of(n).map(|b| b / (1024.0 * 1024.0)),
    }
}

/// An Azure Container App as YAML (`az containerapp create --yaml`).
pub(super) fn container_app_yaml(found: &mut Detection, path: &str, doc: &Node) {
    let name = str_at(doc, &["name"]).unwrap_or_else(|| folder_name(path));
    let line = doc.loc.line.max(1);
    let mut d = Deployment::new(
        Strategy::Container,
        "container-apps",
        "Microsoft.App/containerApps",
        name,
        path,
        line,
    );
    for c in get_path(doc, &["properties", "template", "containers"])
        .map(items)
        .unwrap_or(&[])
    {
        if let Some(m) = get_path(c, &["resources", "memory"]) {
            let at = get(c, "resources").map_or(line, |r| line_of(r, "memory"));
            d.memory(quantity(m), at);
        }
    }
    if let Some(region) = str_at(doc, &["location"]) {
        found.region_at(region, path, line_of(doc, "location"));
    }
    found.cloud_at("azure", path, line);
    found.deployments.push(d);
}

/// Bicep, read as text: Bicep is its own language with no Rust parser, and
/// a resource's type is a quoted string on its `resource` line
/// (`resource app 'Microsoft.App/containerApps@2023-05-01' = {`), so the
/// resource types, and the lines they are declared at, are read from those
/// lines only.
pub(super) fn bicep(found: &mut Detection, path: &str, text: &str) {
    for (i, l) in text.lines().enumerate() {
        let line = i as u32 + 1;
        let t = l.trim_start();
        let Some(rest) = t.strip_prefix("resource ") else {
            continue;
        };
        let mut words = rest.split_whitespace();
        let name = words.next().unwrap_or("(unnamed)");
        let Some(kind) = rest.split('\'').nth(1) else {
            continue;
        };
        let kind = kind.split('@').next().unwrap_or(kind);
        let (strategy, platform) = match kind.to_ascii_lowercase().as_str() {
            // `Microsoft.Web/containerApps` is the type's name from its preview (2021).
            "microsoft.app/containerapps"
            | "microsoft.app/jobs"
            | "microsoft.web/containerapps" => (Strategy::Container, "container-apps"),
            "microsoft.containerservice/managedclusters" => (Strategy::Container, "kubernetes"),
            "microsoft.containerinstance/containergroups" => {
                (Strategy::Container, "container-instances")
            }
            "microsoft.compute/virtualmachines" | "microsoft.compute/virtualmachinescalesets" => {
                (Strategy::MultiInstance, "vm")
            }
            "microsoft.web/sites"
                if l.contains("functionapp") || text.contains("kind: 'functionapp") =>
            {
                (Strategy::Serverless, "azure-functions")
            }
            _ => {
                if kind.contains('/') && kind.starts_with("Microsoft.") {
                    found.cloud_at("azure", path, line);
                }
                continue;
            }
        };
        found.cloud_at("azure", path, line);
        found
            .deployments
            .push(Deployment::new(strategy, platform, kind, name, path, line));
    }
}
