//! CloudFormation templates, YAML or JSON (CDK's `cdk.out/*.template.json`
//! included), and AWS SAM (`Transform: AWS::Serverless-2016-10-31`):
//! functions with their memory, timeout and event triggers, ECS task
//! definitions and services, EC2 instances and Auto Scaling groups, EKS.

use super::{
    Deployment, Detection, FactValue, Strategy, entries, get, get_path, items, line_of, num_of,
    str_at,
};
use crate::text::yaml::{self, Node};

pub(super) fn read_json(found: &mut Detection, path: &str, text: &str, _value: &serde_json::Value) {
    // JSON is YAML: read through the YAML parser, the template keeps its lines.
    match yaml::parse_all(text) {
        Ok(docs) => {
            for doc in &docs {
                read_yaml(found, path, doc);
            }
        }
        Err(e) => found.skip(
            path,
            format!(
                "a CloudFormation template whose lines could not be read (line {}: {})",
                e.loc.line, e.message
            ),
        ),
    }
}

/// A SAM event source's type → the profile's trigger.
fn sam_trigger(event: &str) -> Option<&'static str> {
    Some(match event {
        "Api" | "HttpApi" | "FunctionUrl" => "http",
        "SQS" | "SNS" | "S3" | "EventBridgeRule" | "CloudWatchEvent" | "IoTRule" | "MQ" => "queue",
        "Schedule" | "ScheduleV2" => "schedule",
        "Kinesis" | "DynamoDB" | "MSK" | "SelfManagedKafka" | "DocumentDB" => "stream",
        _ => return None,
    })
}

pub(super) fn read_yaml(found: &mut Detection, path: &str, doc: &Node) {
    let Some(resources) = get(doc, "Resources") else {
        return;
    };
    let globals = get_path(doc, &["Globals", "Function"]);
    let mut any = None;
    for r in entries(resources) {
        let Some(kind) = str_at(&r.value, &["Type"]) else {
            continue;
        };
        let line = r.key_loc.line;
        let props = get(&r.value, "Properties");
        let prop = |key: &str| props.and_then(|p| get(p, key));
        let (strategy, platform) = match kind {
            "AWS::Serverless::Function" | "AWS::Lambda::Function" => {
                (Strategy::Serverless, "lambda")
            }
            "AWS::ECS::TaskDefinition" | "AWS::ECS::Service" => (Strategy::Container, "ecs"),
            "AWS::EKS::Cluster" | "AWS::EKS::Nodegroup" => (Strategy::Container, "kubernetes"),
            "AWS::AppRunner::Service" => (Strategy::Container, "app-runner"),
            "AWS::EC2::Instance"
            | "AWS::AutoScaling::AutoScalingGroup"
            | "AWS::EC2::LaunchTemplate" => (Strategy::MultiInstance, "vm"),
            _ => continue,
        };
        any.get_or_insert(line);
        let mut d = Deployment::new(strategy, platform, kind, r.key.as_str(), path, line);
        if kind == "AWS::EKS::Nodegroup" {
            d.unit = false;
        }
        if platform == "lambda" {
            // The function's own value, else SAM's `Globals.Function`.
            let pick = |key: &str| -> Option<(&Node, u32)> {
                [props, globals]
                    .into_iter()
                    .flatten()
                    .find_map(|m| get(m, key).map(|n| (n, line_of(m, key))))
            };
            if let Some((n, at)) = pick("MemorySize") {
                d.memory(num_of(n), at);
            }
            if let Some((n, at)) = pick("Timeout")
                && let Some(t) = num_of(n)
            {
                d.fact("max_duration_s", FactValue::Num(t), at);
            }
            for e in prop("Events").map(entries).unwrap_or(&[]) {
                if let Some(t) = str_at(&e.value, &["Type"]).and_then(sam_trigger) {
                    d.fact("trigger", FactValue::Word(t), e.key_loc.line);
                    break;
                }
            }
        }
        if kind == "AWS::ECS::TaskDefinition" {
            if let Some(m) = prop("Memory") {
                d.memory(num_of(m), line_of(props.unwrap_or(&r.value), "Memory"));
            }
            for c in prop("ContainerDefinitions").map(items).unwrap_or(&[]) {
                if let Some(m) = get(c, "Memory") {
                    d.memory(num_of(m), line_of(c, "Memory"));
                }
                for req in get(c, "ResourceRequirements").map(items).unwrap_or(&[]) {
                    if str_at(req, &["Type"]) == Some("GPU") {
                        d.fact("gpu", FactValue::Bool(true), req.loc.line);
                    }
                }
            }
        }
        found.deployments.push(d);
    }
    if let Some(line) = any {
        found.cloud_at("aws", path, line);
    }
}
