//! Terraform (and Packer's HCL templates), read with hcl-rs's parser
//! (`hcl::edit`, which keeps each block's place in the file): resources
//! for VMs, managed containers, functions and clusters on the three
//! clouds, their memory, timeout and triggers, and the provider blocks
//! that name the cloud and region.

use hcl::edit::Span;
use hcl::edit::expr::{Expression, ObjectKey};
use hcl::edit::structure::{Block, Body};

use super::{Deployment, Detection, FactValue, Strategy, memory_mb};

/// Byte offsets → lines.
struct Lines(Vec<usize>);

impl Lines {
    fn new(text: &str) -> Lines {
        Lines(
            std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
        )
    }

    fn of(&self, offset: usize) -> u32 {
        (self.0.partition_point(|&start| start <= offset)).max(1) as u32
    }

    fn at(&self, span: Option<std::ops::Range<usize>>) -> u32 {
        span.map_or(1, |r| self.of(r.start))
    }
}

/// What a resource type deploys: its strategy, platform, and whether it is
/// a unit of its own.
fn classify(kind: &str) -> Option<(Strategy, &'static str, bool)> {
    use Strategy::*;
    Some(match kind {
        "aws_instance" | "aws_autoscaling_group" => (MultiInstance, "vm", true),
        "aws_launch_template" | "aws_launch_configuration" => (MultiInstance, "vm", true),
        "google_compute_instance"
        | "google_compute_instance_group_manager"
        | "google_compute_region_instance_group_manager" => (MultiInstance, "vm", true),
        "google_compute_instance_template" | "google_compute_region_instance_template" => {
            (MultiInstance, "vm", false)
        }
        k if k.starts_with("azurerm_")
            && k.contains("virtual_machine")
            && !k.ends_with("_extension")
            && !k.contains("data_disk")
            && !k.contains("_run_command") =>
        {
            (MultiInstance, "vm", true)
        }
        "aws_ecs_service" | "aws_ecs_task_definition" => (Container, "ecs", true),
        "aws_apprunner_service" => (Container, "app-runner", true),
        "google_cloud_run_v2_service" | "google_cloud_run_service" | "google_cloud_run_v2_job" => {
            (Container, "cloud-run", true)
        }
        "azurerm_container_app" | "azurerm_container_app_job" => {
            (Container, "container-apps", true)
        }
        "aws_eks_cluster" | "azurerm_kubernetes_cluster" | "google_container_cluster" => {
            (Container, "kubernetes", false)
        }
        "kubernetes_deployment"
        | "kubernetes_deployment_v1"
        | "kubernetes_stateful_set"
        | "kubernetes_stateful_set_v1"
        | "kubernetes_daemonset"
        | "kubernetes_daemon_set_v1"
        | "kubernetes_cron_job"
        | "kubernetes_cron_job_v1"
        | "kubernetes_job"
        | "kubernetes_job_v1" => (Container, "kubernetes", true),
        "aws_lambda_function" => (Serverless, "lambda", true),
        "azurerm_function_app"
        | "azurerm_linux_function_app"
        | "azurerm_windows_function_app"
        | "azurerm_function_app_flex_consumption" => (Serverless, "azure-functions", true),
        "google_cloudfunctions2_function" | "google_cloudfunctions_function" => {
            (Serverless, "cloud-functions", true)
        }
        _ => return None,
    })
}

fn cloud_of(kind: &str) -> Option<&'static str> {
    match kind.split('_').next().unwrap_or("") {
        "aws" => Some("aws"),
        "azurerm" | "azapi" => Some("azure"),
        "google" => Some("gcp"),
        _ => None,
    }
}

pub(super) fn read(found: &mut Detection, path: &str, text: &str, packer: bool) {
    let body = match hcl::edit::parser::parse_body(text) {
        Ok(body) => body,
        Err(e) => {
            found.skip(path, format!("not valid HCL: {}", e.message()));
            return;
        }
    };
    let lines = Lines::new(text);
    let mut triggers: Vec<(&'static str, u32)> = Vec::new();
    let before = found.deployments.len();
    for block in body.blocks() {
        let labels: Vec<&str> = block.labels.iter().map(|l| l.as_str()).collect();
        let line = lines.at(block.ident.span());
        match (block.ident.as_str(), labels.as_slice()) {
            ("provider", [name, ..]) => {
                if let Some(cloud) = cloud_of(&format!("{name}_")) {
                    found.cloud_at(cloud, path, line);
                }
                for key in ["region", "location"] {
                    if let Some(a) = block.body.get_attribute(key)
                        && let Some(r) = a.value.as_str()
                    {
                        found.region_at(r, path, lines.at(a.span()));
                    }
                }
            }
            ("source", [kind, _name]) if packer => {
                let mut d = Deployment::new(
                    Strategy::MultiInstance,
                    "packer",
                    *kind,
                    labels[1],
                    path,
                    line,
                );
                d.unit = false;
                super::vms::cloud_of_builder(found, kind, path, line);
                found.deployments.push(d);
            }
            ("resource", [kind, name]) => {
                if let Some(cloud) = cloud_of(kind) {
                    found.cloud_at(cloud, path, line);
                }
                if let Some(t) = event_trigger(kind, &block.body) {
                    triggers.push((t, line));
                }
                let Some((strategy, platform, unit)) = classify(kind) else {
                    continue;
                };
                let mut d = Deployment::new(strategy, platform, *kind, *name, path, line);
                d.unit = unit;
                facts(&mut d, &block.body, &lines);
                if let Some(a) = ["region", "location"]
                    .iter()
                    .find_map(|k| block.body.get_attribute(k))
                    && let Some(r) = a.value.as_str()
                {
                    found.region_at(r, path, lines.at(a.span()));
                }
                found.deployments.push(d);
            }
            _ => {}
        }
    }
    // Event sources declared beside functions (an SQS mapping, a schedule
    // rule) are their triggers, when the file has one kind of them.
    let kinds: std::collections::BTreeSet<&str> = triggers.iter().map(|t| t.0).collect();
    if kinds.len() == 1 {
        let (t, at) = triggers[0];
        for d in &mut found.deployments[before..] {
            if d.strategy == Strategy::Serverless && !d.facts.contains_key("trigger") {
                d.fact("trigger", FactValue::Word(t), at);
            }
        }
    }
}

/// A resource that starts functions: an event source mapping (queue or
/// stream), a schedule rule, an API integration or function URL (HTTP).
fn event_trigger(kind: &str, body: &Body) -> Option<&'static str> {
    match kind {
        "aws_lambda_event_source_mapping" => {
            let arn = body
                .get_attribute("event_source_arn")
                .map(|a| expr_text(&a.value))
                .unwrap_or_default();
            Some(
                if arn.contains("kinesis")
                    || arn.contains("dynamodb")
                    || arn.contains("kafka")
                    || arn.contains("msk")
                {
                    "stream"
                } else {
                    "queue"
                },
            )
        }
        "aws_cloudwatch_event_rule" if body.get_attribute("schedule_expression").is_some() => {
            Some("schedule")
        }
        "aws_scheduler_schedule" => Some("schedule"),
        "aws_lambda_function_url"
        | "aws_apigatewayv2_integration"
        | "aws_api_gateway_integration" => Some("http"),
        _ => None,
    }
}

/// An expression's source-like text (for an ARN reference such as
/// `aws_sqs_queue.jobs.arn`).
fn expr_text(e: &Expression) -> String {
    match e.as_str() {
        Some(s) => s.to_owned(),
        None => e.to_string(),
    }
}

fn num(e: &Expression) -> Option<f64> {
    e.as_number()
        .and_then(|n| n.as_f64())
        .or_else(|| e.as_str().and_then(|s| s.trim().parse().ok()))
}

/// The blocks named `ident` anywhere below `body`, depth first.
fn blocks_named<'a>(body: &'a Body, ident: &str, out: &mut Vec<&'a Block>) {
    for b in body.blocks() {
        if b.ident.as_str() == ident {
            out.push(b);
        }
        blocks_named(&b.body, ident, out);
    }
}

/// A resource's memory, timeout, GPU and trigger, wherever the provider nests them.
fn facts(d: &mut Deployment, body: &Body, lines: &Lines) {
    let attr_line = |a: &hcl::edit::structure::Attribute| lines.at(a.span());
    match d.kind.as_str() {
        "aws_lambda_function" => {
            if let Some(a) = body.get_attribute("memory_size") {
                d.memory(num(&a.value), attr_line(a));
            }
            if let Some(a) = body.get_attribute("timeout")
                && let Some(t) = num(&a.value)
            {
                d.fact("max_duration_s", FactValue::Num(t), attr_line(a));
            }
        }
        "aws_ecs_task_definition" => {
            if let Some(a) = body.get_attribute("memory") {
                d.memory(num(&a.value), attr_line(a));
            }
        }
        "google_cloudfunctions2_function" | "google_cloudfunctions_function" => {
            let mut configs = Vec::new();
            blocks_named(body, "service_config", &mut configs);
            for scope in std::iter::once(body).chain(configs.iter().map(|b| &b.body)) {
                for key in ["available_memory", "available_memory_mb"] {
                    if let Some(a) = scope.get_attribute(key) {
                        let mb = a
                            .value
                            .as_str()
                            .and_then(memory_mb)
                            .or_else(|| num(&a.value));
                        d.memory(mb, attr_line(a));
                    }
                }
                if let Some(a) = scope
                    .get_attribute("timeout_seconds")
                    .or_else(|| scope.get_attribute("timeout"))
                    && let Some(t) = num(&a.value)
                {
                    d.fact("max_duration_s", FactValue::Num(t), attr_line(a));
                }
            }
            let mut events = Vec::new();
            blocks_named(body, "event_trigger", &mut events);
            let (t, at) = match events.first() {
                Some(b) => {
                    let kind = b
                        .body
                        .get_attribute("event_type")
                        .map(|a| expr_text(&a.value))
                        .unwrap_or_default();
                    (
                        // Firestore and Firebase database events are change
                        // streams; Pub/Sub, Storage and the rest are events
                        // delivered one by one, as from a queue.
                        if kind.contains("firestore") || kind.contains("database") {
                            "stream"
                        } else {
                            "queue"
                        },
                        lines.at(b.ident.span()),
                    )
                }
                None => ("http", d.line),
            };
            d.fact("trigger", FactValue::Word(t), at);
        }
        _ => {}
    }
    // Containers' resource limits: Cloud Run's `limits = { memory = "512Mi" }`,
    // Container Apps' `memory = "0.5Gi"`, Kubernetes' `limits = { memory = ... }`.
    let mut containers = Vec::new();
    blocks_named(body, "container", &mut containers);
    blocks_named(body, "containers", &mut containers);
    for c in containers {
        if let Some(a) = c.body.get_attribute("memory") {
            d.memory(a.value.as_str().and_then(memory_mb), attr_line(a));
        }
        let mut resources = Vec::new();
        blocks_named(&c.body, "resources", &mut resources);
        for r in resources {
            if let Some(a) = r.body.get_attribute("limits")
                && let Some(obj) = a.value.as_object()
            {
                for (k, v) in obj.iter() {
                    let key = match k {
                        ObjectKey::Ident(i) => i.as_str().to_owned(),
                        ObjectKey::Expression(e) => expr_text(e),
                    };
                    if key == "memory" {
                        d.memory(v.expr().as_str().and_then(memory_mb), attr_line(a));
                    } else if key.contains("gpu") {
                        d.fact("gpu", FactValue::Bool(true), attr_line(a));
                    }
                }
            }
        }
    }
    let timeout = || {
        let mut t = Vec::new();
        blocks_named(body, "template", &mut t);
        t.into_iter().find_map(|b| b.body.get_attribute("timeout"))
    };
    if d.platform == "cloud-run"
        && let Some(a) = body.get_attribute("timeout").or_else(timeout)
        && let Some(t) = a.value.as_str().and_then(super::duration_s)
    {
        d.fact("max_duration_s", FactValue::Num(t), attr_line(a));
    }
    let mut accelerators = Vec::new();
    blocks_named(body, "guest_accelerator", &mut accelerators);
    if let Some(b) = accelerators.first() {
        d.fact("gpu", FactValue::Bool(true), lines.at(b.ident.span()));
    }
}
