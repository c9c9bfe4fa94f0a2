//! Kubernetes manifests: workloads (Deployment, StatefulSet, DaemonSet,
//! Job, CronJob) with their containers' memory limits and GPU requests,
//! Services (the service count), and Knative services (Cloud Run's YAML).
//! Mesh labels, annotations and resources are read by [`super::mesh`].

use super::{
    Deployment, Detection, FactValue, Strategy, entries, get, get_path, items, line_of, memory_mb,
    str_at, str_of,
};
use crate::text::yaml::Node;

/// The workload kinds: each runs pods from a template.
const WORKLOADS: &[&str] = &["Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"];

pub(super) fn read(found: &mut Detection, path: &str, doc: &Node) {
    let api = str_at(doc, &["apiVersion"]).unwrap_or("");
    let kind = str_at(doc, &["kind"]).unwrap_or("");
    let name = str_at(doc, &["metadata", "name"]).unwrap_or("(unnamed)");
    let line = line_of(doc, "kind");
    super::mesh::read(found, path, doc, api, kind);
    if api.starts_with("serving.knative.dev/") && kind == "Service" {
        knative(found, path, doc, name, line);
        return;
    }
    // Only the core and batch groups: Argo's or Crossplane's `Deployment`
    // kinds are someone else's.
    let core = matches!(
        api,
        "apps/v1"
            | "batch/v1"
            | "batch/v1beta1"
            | "extensions/v1beta1"
            | "apps/v1beta1"
            | "apps/v1beta2"
    );
    if core && WORKLOADS.contains(&kind) {
        let template = match kind {
            "CronJob" => get_path(doc, &["spec", "jobTemplate", "spec", "template"]),
            _ => get_path(doc, &["spec", "template"]),
        };
        let mut d = Deployment::new(Strategy::Container, "kubernetes", kind, name, path, line);
        if let Some(spec) = template.and_then(|t| get(t, "spec")) {
            containers(&mut d, spec);
        }
        if kind == "CronJob" {
            d.fact(
                "trigger",
                FactValue::Word("schedule"),
                line_of(get(doc, "spec").unwrap_or(doc), "schedule"),
            );
        }
        found.deployments.push(d);
    } else if api == "v1" && kind == "Service" {
        found.kube_services.push(super::Evidence {
            what: name.to_owned(),
            path: path.to_owned(),
            line,
        });
    }
}

/// A pod spec's containers: the largest memory limit (or request, when no
/// limit is set) and any GPU.
pub(super) fn containers(d: &mut Deployment, pod_spec: &Node) {
    for c in items(get(pod_spec, "containers").unwrap_or(pod_spec)) {
        let Some(resources) = get(c, "resources") else {
            continue;
        };
        for section in ["limits", "requests"] {
            let Some(map) = get(resources, section) else {
                continue;
            };
            for e in entries(map) {
                if e.key == "memory" && (section == "limits" || !d.facts.contains_key("memory_mb"))
                {
                    let mb = str_of(&e.value)
                        .map(str::to_owned)
                        .or_else(|| super::num_of(&e.value).map(|n| n.to_string()))
                        .and_then(|t| memory_mb(&t));
                    d.memory(mb, e.key_loc.line);
                }
                let gpu = e.key.ends_with("/gpu") || e.key.contains("gpu.");
                if gpu && super::num_of(&e.value).is_some_and(|n| n > 0.0) {
                    d.fact("gpu", FactValue::Bool(true), e.key_loc.line);
                }
            }
        }
    }
}

/// A Knative service: Cloud Run's own YAML when it carries Cloud Run's
/// annotations or labels, Knative on a cluster otherwise.
fn knative(found: &mut Detection, path: &str, doc: &Node, name: &str, line: u32) {
    let meta = get(doc, "metadata");
    let mut cloud_run = None;
    for section in ["annotations", "labels"] {
        for e in meta
            .and_then(|m| get(m, section))
            .map(entries)
            .unwrap_or(&[])
        {
            if e.key.starts_with("run.googleapis.com/")
                || e.key.starts_with("cloud.googleapis.com/")
            {
                cloud_run.get_or_insert(e.key_loc.line);
            }
            if e.key == "cloud.googleapis.com/location"
                && let Some(region) = str_of(&e.value)
            {
                found.region_at(region, path, e.key_loc.line);
            }
        }
    }
    let platform = if cloud_run.is_some() {
        "cloud-run"
    } else {
        "knative"
    };
    if let Some(at) = cloud_run {
        found.cloud_at("gcp", path, at);
    }
    let mut d = Deployment::new(
        Strategy::Container,
        platform,
        "Service (Knative)",
        name,
        path,
        line,
    );
    if let Some(spec) = get_path(doc, &["spec", "template", "spec"]) {
        containers(&mut d, spec);
        if let Some(t) = get(spec, "timeoutSeconds").and_then(super::num_of) {
            d.fact(
                "max_duration_s",
                FactValue::Num(t),
                line_of(spec, "timeoutSeconds"),
            );
        }
    }
    found.deployments.push(d);
}
