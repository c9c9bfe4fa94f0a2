//! What a directory deploys, read from its deployment files: Kubernetes
//! manifests, meshes, managed containers, functions, VMs, Terraform and
//! CloudFormation, each fact tied to the file and line it came from.
//!
//! Files are read with real parsers (multi-document YAML through
//! serde-saphyr, JSON through serde_json, HCL through hcl-rs), one family
//! per file of this folder. Bicep and systemd units are line-oriented and
//! read as text; a Helm template is read with its template lines set aside,
//! or listed as skipped when what is left does not parse. Nothing here
//! scores: the detection is data for `advise detect`, `advise init` and
//! `advise check --detect`.

mod cloudformation;
mod functions;
mod kubernetes;
mod managed;
mod mesh;
mod terraform;
mod vms;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::text::yaml::{self, Entry, Node, Value};

/// At most this many files below the directory are looked at.
pub const MAX_FILES: usize = 10_000;
/// A deployment file larger than this is skipped (a manifest is kilobytes).
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// The strategy a deployment file shows, by the four built-in identifiers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Strategy {
    MultiInstance,
    Container,
    Serverless,
    ServiceMesh,
}

impl Strategy {
    /// The strategy's identifier (profile.md).
    pub fn id(self) -> &'static str {
        match self {
            Strategy::MultiInstance => "multi-instance",
            Strategy::Container => "container",
            Strategy::Serverless => "serverless",
            Strategy::ServiceMesh => "service-mesh",
        }
    }
}

/// A fact's value.
#[derive(Debug, Clone, PartialEq)]
pub enum FactValue {
    Num(f64),
    Bool(bool),
    Word(&'static str),
}

/// A fact about one deployment, and the line of its file it was read at.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    pub value: FactValue,
    pub line: u32,
}

/// One thing the directory deploys: a workload, a function, a group of VMs.
#[derive(Debug, Clone, PartialEq)]
pub struct Deployment {
    pub strategy: Strategy,
    /// `kubernetes`, `ecs`, `cloud-run`, `lambda`, `kamal`, ...
    pub platform: &'static str,
    /// The manifest kind or resource type, as the file spells it.
    pub kind: String,
    pub name: String,
    /// Relative to the directory detected, with forward slashes.
    pub path: String,
    pub line: u32,
    /// `memory_mb`, `gpu`, `max_duration_s`, `trigger`: profile fields' short names.
    pub facts: BTreeMap<&'static str, Fact>,
    /// Whether it is a separately deployed unit (counted as a service): a
    /// task definition beside its ECS service, or a launch template beside
    /// its group, is not.
    pub unit: bool,
    /// Read from a template with its template lines set aside.
    pub templated: bool,
}

impl Deployment {
    fn new(
        strategy: Strategy,
        platform: &'static str,
        kind: impl Into<String>,
        name: impl Into<String>,
        path: &str,
        line: u32,
    ) -> Deployment {
        Deployment {
            strategy,
            platform,
            kind: kind.into(),
            name: name.into(),
            path: path.to_owned(),
            line,
            facts: BTreeMap::new(),
            unit: true,
            templated: false,
        }
    }

    fn fact(&mut self, key: &'static str, value: FactValue, line: u32) {
        self.facts.insert(key, Fact { value, line });
    }

    fn memory(&mut self, mb: Option<f64>, line: u32) {
        if let Some(mb) = mb.filter(|m| *m > 0.0) {
            // The largest container of a pod or task decides.
            let bigger = match self.facts.get("memory_mb") {
                Some(Fact {
                    value: FactValue::Num(old),
                    ..
                }) => mb > *old,
                _ => true,
            };
            if bigger {
                self.fact("memory_mb", FactValue::Num(mb), line);
            }
        }
    }
}

/// A value found somewhere (a cloud, a region, a mesh signal), and where.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Evidence {
    pub what: String,
    pub path: String,
    pub line: u32,
}

/// Everything found below a directory.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Detection {
    pub deployments: Vec<Deployment>,
    /// Istio or Linkerd in use: injection labels and annotations, ambient
    /// mode, mesh resources.
    pub mesh: Vec<Evidence>,
    /// Strict mutual TLS required by the mesh (Istio PeerAuthentication STRICT).
    pub mtls: Vec<Evidence>,
    /// `aws`, `azure` or `gcp`, from providers and resource types.
    pub clouds: Vec<Evidence>,
    pub regions: Vec<Evidence>,
    /// Kubernetes `Service` objects (the service count of a cluster's manifests).
    pub kube_services: Vec<Evidence>,
    /// `(path, reason)` of each file not read or not understood.
    pub skipped: Vec<(String, String)>,
    /// Why the walk stopped early, if it did.
    pub capped: Option<String>,
    /// How many files were read.
    pub files_read: usize,
}

impl Detection {
    /// The strategies found, in a fixed order.
    pub fn strategies(&self) -> BTreeSet<Strategy> {
        self.deployments.iter().map(|d| d.strategy).collect()
    }

    /// The first deployment showing `strategy` (files in path order).
    pub fn first_of(&self, strategy: Strategy) -> Option<&Deployment> {
        self.deployments.iter().find(|d| d.strategy == strategy)
    }

    /// The one cloud every cloud-specific file points at, if there is one.
    pub fn cloud(&self) -> Option<&Evidence> {
        let names: BTreeSet<&str> = self.clouds.iter().map(|e| e.what.as_str()).collect();
        match names.len() {
            1 => self.clouds.first(),
            _ => None,
        }
    }

    /// The separately deployed units, counted once per platform and name.
    pub fn service_count(&self) -> usize {
        self.deployments
            .iter()
            .filter(|d| d.unit)
            .map(|d| (d.platform, d.name.as_str()))
            .collect::<BTreeSet<_>>()
            .len()
    }

    fn cloud_at(&mut self, cloud: &str, path: &str, line: u32) {
        // One piece of evidence per cloud and file: the first line says it.
        if !self
            .clouds
            .iter()
            .any(|e| e.what == cloud && e.path == path)
        {
            self.clouds.push(Evidence {
                what: cloud.to_owned(),
                path: path.to_owned(),
                line,
            });
        }
    }

    fn region_at(&mut self, region: &str, path: &str, line: u32) {
        // A region named by a variable (`var.region`) is not a region.
        if region.is_empty() || region.contains(['$', '{', '(', ' ']) {
            return;
        }
        self.regions.push(Evidence {
            what: region.to_owned(),
            path: path.to_owned(),
            line,
        });
    }

    fn skip(&mut self, path: &str, reason: impl Into<String>) {
        self.skipped.push((path.to_owned(), reason.into()));
    }
}

/// Whether a file is worth opening, by its name: deployment files are
/// YAML, JSON, HCL, Bicep, systemd units and Ansible inventories.
fn wanted(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    if crate::text::input::is_profile_name(name) {
        return false;
    }
    let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    matches!(
        ext,
        "yaml" | "yml" | "json" | "tf" | "hcl" | "bicep" | "service"
    ) || is_inventory(path)
}

fn is_inventory(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    matches!(name, "inventory" | "hosts" | "inventory.ini" | "hosts.ini")
}

/// Detects what `dir` deploys. An error only when `dir` cannot be read at
/// all; each file that cannot be parsed is listed as skipped instead.
pub fn detect(dir: &Path) -> Result<Detection, String> {
    detect_with(dir, MAX_FILES, MAX_FILE_BYTES)
}

/// [`detect`] with the caps given (for tests).
pub fn detect_with(dir: &Path, max_files: usize, max_bytes: u64) -> Result<Detection, String> {
    let tree = crate::text::input::walk_tree(dir, max_files, max_bytes, wanted)?;
    let mut found = Detection {
        skipped: tree.skipped,
        capped: tree.capped,
        ..Detection::default()
    };
    for (path, text) in &tree.files {
        found.files_read += 1;
        read_file(&mut found, path, text);
    }
    finish(&mut found);
    Ok(found)
}

/// What one file shows, read as if found at `path` below the directory
/// (its name picks the reader): for fuzzing and property tests.
pub fn detect_file(path: &str, text: &str) -> Detection {
    let mut found = Detection::default();
    if wanted(path) {
        found.files_read = 1;
        read_file(&mut found, path, text);
    }
    finish(&mut found);
    found
}

/// Reads one file into `found`, by its kind.
fn read_file(found: &mut Detection, path: &str, text: &str) {
    let name = path.rsplit('/').next().unwrap_or(path);
    let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match ext {
        "tf" => terraform::read(found, path, text, false),
        "hcl" if name.ends_with(".pkr.hcl") => terraform::read(found, path, text, true),
        "bicep" => managed::bicep(found, path, text),
        "service" => vms::systemd(found, path, text),
        "json" => read_json(found, path, text),
        "yaml" | "yml" => read_yaml(found, path, text),
        _ if is_inventory(path) => vms::ini_inventory(found, path, text),
        _ => {}
    }
}

fn read_json(found: &mut Detection, path: &str, text: &str) {
    let name = path.rsplit('/').next().unwrap_or(path);
    let value: serde_json::Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            // Only a file that looks like a deployment file is worth a word.
            if name == "host.json" || name == "function.json" || text.contains("\"Resources\"") {
                found.skip(path, format!("not valid JSON: {e}"));
            }
            return;
        }
    };
    match name {
        "host.json" => functions::host_json(found, path, text, &value),
        "function.json" => functions::function_json(found, path, text, &value),
        _ if value.get("Resources").is_some_and(|r| r.is_object()) => {
            cloudformation::read_json(found, path, text, &value)
        }
        _ if value.get("containerDefinitions").is_some() => {
            managed::ecs_task_json(found, path, text, &value)
        }
        _ if value.get("builders").is_some_and(|b| b.is_array()) => {
            vms::packer_json(found, path, text, &value)
        }
        _ => {}
    }
}

/// Whether the text is a Go template (Helm, or any `{{ }}` templating).
fn templated(text: &str) -> bool {
    text.contains("{{")
}

/// The template's lines set aside (made empty, so that line numbers hold),
/// for a Helm chart's templates: what is left is often plain YAML.
fn without_template_lines(text: &str) -> String {
    text.lines()
        .map(|l| {
            if l.contains("{{") || l.contains("}}") {
                ""
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn read_yaml(found: &mut Detection, path: &str, text: &str) {
    let name = path.rsplit('/').next().unwrap_or(path);
    let is_template = templated(text);
    let parsed = if is_template {
        yaml::parse_all(&without_template_lines(text))
    } else {
        yaml::parse_all(text)
    };
    let docs = match parsed {
        Ok(docs) => docs,
        Err(e) => {
            let reason = match is_template {
                true => format!(
                    "a template (`{{{{ }}}}`) that is not YAML once its template lines are set aside (line {}: {}); render it (helm template) to have it read",
                    e.loc.line, e.message
                ),
                false => format!("not valid YAML (line {}: {})", e.loc.line, e.message),
            };
            // Only files that look like deployment files are worth a word.
            if is_template || looks_deployment(text) {
                found.skip(path, reason);
            }
            return;
        }
    };
    let before = found.deployments.len();
    for doc in &docs {
        read_yaml_doc(found, path, name, doc);
    }
    if is_template {
        for d in &mut found.deployments[before..] {
            d.templated = true;
        }
    }
}

/// Keys that mark a file as meant for deployment, for deciding whether an
/// unparseable file is worth reporting.
fn looks_deployment(text: &str) -> bool {
    [
        "apiVersion:",
        "Resources:",
        "services:",
        "functions:",
        "hosts:",
    ]
    .iter()
    .any(|k| text.contains(k))
}

fn read_yaml_doc(found: &mut Detection, path: &str, name: &str, doc: &Node) {
    let stem = name.rsplit_once('.').map_or(name, |(s, _)| s);
    if get(doc, "apiVersion").is_some() && get(doc, "kind").is_some() {
        kubernetes::read(found, path, doc);
    } else if get(doc, "Resources").is_some()
        && (get(doc, "AWSTemplateFormatVersion").is_some() || get(doc, "Transform").is_some())
    {
        cloudformation::read_yaml(found, path, doc);
    } else if stem == "serverless" && get(doc, "functions").is_some() {
        functions::serverless(found, path, doc);
    } else if (stem == "compose" || stem.starts_with("docker-compose"))
        && get(doc, "services").is_some()
    {
        managed::compose(found, path, doc);
    } else if path.contains("copilot/") && stem == "manifest" && get(doc, "type").is_some() {
        managed::copilot(found, path, doc);
    } else if get(doc, "service").is_some()
        && get(doc, "image").is_some()
        && get(doc, "servers").is_some()
    {
        vms::kamal(found, path, doc);
    } else if get_path(doc, &["properties", "template", "containers"]).is_some()
        || str_at(doc, &["type"])
            .is_some_and(|t| t.eq_ignore_ascii_case("Microsoft.App/containerApps"))
    {
        managed::container_app_yaml(found, path, doc);
    } else if let Value::Seq(plays) = &doc.value {
        vms::ansible_playbook(found, path, plays);
    } else if get(doc, "all").is_some() && stem.contains("inventory") || stem == "hosts" {
        vms::yaml_inventory(found, path, doc);
    }
}

/// After every file: a mesh in the repository puts its Kubernetes
/// workloads on the service-mesh strategy; a task definition or launch
/// template beside its service or group is not a unit of its own.
fn finish(found: &mut Detection) {
    if !found.mesh.is_empty() {
        for d in &mut found.deployments {
            if d.platform == "kubernetes" && d.strategy == Strategy::Container {
                d.strategy = Strategy::ServiceMesh;
            }
        }
    }
    let has = |kinds: &[&str], found: &Detection| {
        found
            .deployments
            .iter()
            .any(|d| kinds.contains(&d.kind.as_str()))
    };
    let ecs_service = has(&["aws_ecs_service", "AWS::ECS::Service"], found);
    let group = has(
        &[
            "aws_autoscaling_group",
            "AWS::AutoScaling::AutoScalingGroup",
        ],
        found,
    );
    for d in &mut found.deployments {
        let task = matches!(
            d.kind.as_str(),
            "aws_ecs_task_definition" | "AWS::ECS::TaskDefinition"
        );
        let template = matches!(
            d.kind.as_str(),
            "aws_launch_template" | "AWS::EC2::LaunchTemplate" | "aws_launch_configuration"
        );
        if (task && ecs_service) || (template && group) {
            d.unit = false;
        }
    }
    found.clouds.sort();
    found.clouds.dedup();
}

// Reading located YAML trees.

/// The entry of `key` in a mapping.
fn entry<'a>(node: &'a Node, key: &str) -> Option<&'a Entry> {
    match &node.value {
        Value::Map(entries) => entries.iter().find(|e| e.key == key),
        _ => None,
    }
}

fn get<'a>(node: &'a Node, key: &str) -> Option<&'a Node> {
    entry(node, key).map(|e| &e.value)
}

fn get_path<'a>(node: &'a Node, path: &[&str]) -> Option<&'a Node> {
    path.iter().try_fold(node, |n, k| get(n, k))
}

fn str_of(node: &Node) -> Option<&str> {
    match &node.value {
        Value::Str(s) => Some(s),
        _ => None,
    }
}

fn str_at<'a>(node: &'a Node, path: &[&str]) -> Option<&'a str> {
    get_path(node, path).and_then(str_of)
}

/// A number written as a number or a string (`memory: "512"`).
fn num_of(node: &Node) -> Option<f64> {
    match &node.value {
        Value::Int(i) => Some(*i as f64),
        Value::Float(x) if x.is_finite() => Some(*x),
        Value::Str(s) => s.trim().parse::<f64>().ok().filter(|x| x.is_finite()),
        _ => None,
    }
}

fn entries(node: &Node) -> &[Entry] {
    match &node.value {
        Value::Map(entries) => entries,
        _ => &[],
    }
}

fn items(node: &Node) -> &[Node] {
    match &node.value {
        Value::Seq(items) => items,
        _ => &[],
    }
}

/// The line of a key in a mapping, or the node's own line.
fn line_of(node: &Node, key: &str) -> u32 {
    entry(node, key).map_or(node.loc.line, |e| e.key_loc.line)
}

// Reading JSON, which serde_json reads without places: the line of the
// first occurrence of a quoted key at or after a line.

fn json_line(text: &str, key: &str, from: u32) -> u32 {
    let quoted = format!("\"{key}\"");
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1) as usize)
        .find(|(_, l)| l.contains(&quoted))
        .map_or(from.max(1), |(i, _)| i as u32 + 1)
}

/// A memory quantity as Kubernetes, Compose and Container Apps write it
/// (`512Mi`, `1Gi`, `0.5Gi`, `256M`, `1g`, `134217728`), in mebibytes,
/// which Lambda and the profile call MB. `None` when not a quantity.
fn memory_mb(text: &str) -> Option<f64> {
    let t = text.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (number, unit) = t.split_at(split);
    let x: f64 = number.parse().ok().filter(|x: &f64| x.is_finite())?;
    let mib = match unit.trim() {
        "" => x / (1024.0 * 1024.0),
        "Ki" | "k" | "K" | "kb" | "KB" | "KiB" => x / 1024.0,
        "Mi" | "M" | "m" | "mb" | "MB" | "MiB" => x,
        "Gi" | "G" | "g" | "gb" | "GB" | "GiB" => x * 1024.0,
        "Ti" | "T" => x * 1024.0 * 1024.0,
        _ => return None,
    };
    Some((mib * 100.0).round() / 100.0)
}

/// `00:05:00` (Azure Functions' `functionTimeout`) or `300s` or `300`, in seconds.
fn duration_s(text: &str) -> Option<f64> {
    let t = text.trim();
    if let Some(secs) = t.strip_suffix('s') {
        return secs.parse().ok();
    }
    let parts: Vec<&str> = t.split(':').collect();
    if parts.len() == 3 {
        let n: Vec<f64> = parts.iter().filter_map(|p| p.parse().ok()).collect();
        if n.len() == 3 {
            return Some(n[0] * 3600.0 + n[1] * 60.0 + n[2]);
        }
    }
    t.parse().ok()
}

/// The directory part of a relative path (`.` at the top), for naming a
/// function by its folder.
fn folder_name(path: &str) -> &str {
    let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
    dir.rsplit('/')
        .next()
        .filter(|s| !s.is_empty())
        .unwrap_or(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_quantities_read_in_mebibytes() {
        assert_eq!(memory_mb("512Mi"), Some(512.0));
        assert_eq!(memory_mb("1Gi"), Some(1024.0));
        assert_eq!(memory_mb("0.5Gi"), Some(512.0));
        assert_eq!(memory_mb("256M"), Some(256.0));
        assert_eq!(memory_mb("134217728"), Some(128.0));
        assert_eq!(memory_mb("lots"), None);
        assert_eq!(duration_s("00:05:00"), Some(300.0));
        assert_eq!(duration_s("60s"), Some(60.0));
    }

    #[test]
    fn a_template_keeps_its_line_numbers_with_its_template_lines_set_aside() {
        let text =
            "kind: Deployment\n{{- if .Values.x }}\nmetadata:\n  name: {{ .Release.Name }}\n";
        let plain = without_template_lines(text);
        assert_eq!(plain.split('\n').count(), 4);
        assert_eq!(plain.lines().nth(2), Some("metadata:"));
    }
}
