//! Functions: the Serverless Framework (`serverless.yml`), Azure Functions
//! (`host.json`, `function.json`), with their memory, timeout and
//! triggers. AWS SAM and CloudFormation Lambda functions are read by
//! [`super::cloudformation`], Terraform's by [`super::terraform`].

use super::{
    Deployment, Detection, FactValue, Strategy, duration_s, entries, folder_name, get, items,
    json_line, line_of, num_of, str_at, str_of,
};
use crate::text::yaml::Node;

/// A Serverless Framework event's key → the profile's trigger.
fn event_trigger(event: &str) -> Option<&'static str> {
    Some(match event {
        "http" | "httpApi" | "alb" | "websocket" | "httpTrigger" => "http",
        "sqs" | "sns" | "s3" | "eventBridge" | "cloudwatchEvent" | "iot" | "queue" | "activemq"
        | "rabbitmq" => "queue",
        "schedule" | "timer" => "schedule",
        "stream" | "kafka" | "msk" => "stream",
        _ => return None,
    })
}

pub(super) fn serverless(found: &mut Detection, path: &str, doc: &Node) {
    let provider = get(doc, "provider");
    let provider_name = provider.and_then(|p| str_of(p).or_else(|| str_at(p, &["name"])));
    let provider_line = provider.map_or(1, |p| line_of(p, "name"));
    let cloud = match provider_name {
        Some("aws") => Some("aws"),
        Some("azure") => Some("azure"),
        Some("google") => Some("gcp"),
        _ => None,
    };
    if let Some(c) = cloud {
        found.cloud_at(c, path, provider_line);
    }
    if let Some(p) = provider
        && let Some(region) = str_at(p, &["region"])
    {
        found.region_at(region, path, line_of(p, "region"));
    }
    let platform = match cloud {
        Some("azure") => "azure-functions",
        Some("gcp") => "cloud-functions",
        _ => "lambda",
    };
    let Some(functions) = get(doc, "functions") else {
        return;
    };
    for f in entries(functions) {
        let mut d = Deployment::new(
            Strategy::Serverless,
            platform,
            "serverless function",
            f.key.as_str(),
            path,
            f.key_loc.line,
        );
        // The function's own setting, else the provider's.
        let pick = |key: &str| -> Option<(&Node, u32)> {
            [Some(&f.value), provider]
                .into_iter()
                .flatten()
                .find_map(|m| get(m, key).map(|n| (n, line_of(m, key))))
        };
        if let Some((n, at)) = pick("memorySize") {
            d.memory(num_of(n), at);
        }
        if let Some((n, at)) = pick("timeout")
            && let Some(t) = num_of(n)
        {
            d.fact("max_duration_s", FactValue::Num(t), at);
        }
        for event in get(&f.value, "events").map(items).unwrap_or(&[]) {
            if let Some(e) = entries(event).first()
                && let Some(t) = event_trigger(&e.key)
            {
                d.fact("trigger", FactValue::Word(t), e.key_loc.line);
                break;
            }
        }
        found.deployments.push(d);
    }
}

/// An Azure Functions app's `host.json`: the app, and its `functionTimeout`.
pub(super) fn host_json(found: &mut Detection, path: &str, text: &str, value: &serde_json::Value) {
    // Other tools write a `host.json` too: Azure Functions' has a version 2.0.
    if value.get("version").and_then(|v| v.as_str()).is_none() {
        return;
    }
    let mut d = Deployment::new(
        Strategy::Serverless,
        "azure-functions",
        "host.json",
        match folder_name(path) {
            "." => "function app",
            name => name,
        },
        path,
        1,
    );
    if let Some(t) = value
        .get("functionTimeout")
        .and_then(|t| t.as_str())
        .and_then(duration_s)
    {
        d.fact(
            "max_duration_s",
            FactValue::Num(t),
            json_line(text, "functionTimeout", 1),
        );
    }
    found.cloud_at("azure", path, 1);
    found.deployments.push(d);
}

/// An Azure Functions binding's type → the profile's trigger.
fn binding_trigger(kind: &str) -> Option<&'static str> {
    Some(match kind {
        "httpTrigger" => "http",
        "queueTrigger" | "serviceBusTrigger" | "eventGridTrigger" | "blobTrigger"
        | "rabbitMQTrigger" => "queue",
        "timerTrigger" => "schedule",
        "eventHubTrigger" | "cosmosDBTrigger" | "kafkaTrigger" => "stream",
        _ => return None,
    })
}

/// One function of an Azure Functions app (`NAME/function.json`), by its trigger binding.
pub(super) fn function_json(
    found: &mut Detection,
    path: &str,
    text: &str,
    value: &serde_json::Value,
) {
    let Some(bindings) = value.get("bindings").and_then(|b| b.as_array()) else {
        return;
    };
    let mut d = Deployment::new(
        Strategy::Serverless,
        "azure-functions",
        "function.json",
        folder_name(path),
        path,
        json_line(text, "bindings", 1),
    );
    // Part of its app (host.json), not a unit of its own.
    d.unit = false;
    for b in bindings {
        if let Some(t) = b
            .get("type")
            .and_then(|t| t.as_str())
            .and_then(binding_trigger)
        {
            let kind = b.get("type").and_then(|t| t.as_str()).unwrap_or("");
            d.fact("trigger", FactValue::Word(t), json_line(text, kind, 1));
            break;
        }
    }
    found.cloud_at("azure", path, 1);
    found.deployments.push(d);
}
