//! Servers and VMs outside Terraform: Packer templates (HCL is read by
//! [`super::terraform`], JSON here), Ansible playbooks and inventories,
//! systemd units, and Kamal's `deploy.yml`.
//!
//! Kamal deploys containers, but to servers you name and run yourself,
//! with no orchestrator: nothing places, reschedules or scales them, and
//! growing means adding a server to the list. That is the multi-instance
//! strategy (services on servers talking HTTP, scaled by instances, the
//! servers' upkeep yours), packaged as images; it is reported on the
//! `kamal` platform so that a reader sees which it is.

use super::{
    Deployment, Detection, Strategy, entries, get, items, json_line, line_of, str_at, str_of,
};
use crate::text::yaml::Node;

/// A Packer template in JSON: each builder makes a machine image.
pub(super) fn packer_json(
    found: &mut Detection,
    path: &str,
    text: &str,
    value: &serde_json::Value,
) {
    for b in value
        .get("builders")
        .and_then(|b| b.as_array())
        .into_iter()
        .flatten()
    {
        let kind = b.get("type").and_then(|t| t.as_str()).unwrap_or("builder");
        let line = json_line(text, kind, 1);
        let mut d = Deployment::new(Strategy::MultiInstance, "packer", kind, kind, path, line);
        // An image is built, not deployed: the instances that run it are the units.
        d.unit = false;
        cloud_of_builder(found, kind, path, line);
        found.deployments.push(d);
    }
}

/// The cloud a Packer builder or source targets.
pub(super) fn cloud_of_builder(found: &mut Detection, kind: &str, path: &str, line: u32) {
    let cloud = match kind.split('-').next().unwrap_or("") {
        "amazon" => "aws",
        "azure" => "azure",
        "googlecompute" => "gcp",
        _ => return,
    };
    found.cloud_at(cloud, path, line);
}

/// A systemd service unit: a process kept running on a server. Read as
/// text (it is an INI file): the unit is a service when it has a
/// `[Service]` section with an `ExecStart=`.
pub(super) fn systemd(found: &mut Detection, path: &str, text: &str) {
    let mut in_service = None;
    for (i, l) in text.lines().enumerate() {
        let l = l.trim();
        if l.starts_with('[') {
            in_service = (l == "[Service]").then_some(i as u32 + 1);
        } else if let Some(at) = in_service
            && l.starts_with("ExecStart=")
        {
            let name = path.rsplit('/').next().unwrap_or(path);
            let name = name.strip_suffix(".service").unwrap_or(name);
            found.deployments.push(Deployment::new(
                Strategy::MultiInstance,
                "systemd",
                "systemd service",
                name,
                path,
                at,
            ));
            return;
        }
    }
}

/// An Ansible inventory in INI form: each `[group]` with hosts is a group
/// of servers.
pub(super) fn ini_inventory(found: &mut Detection, path: &str, text: &str) {
    let mut group: Option<(String, u32)> = None;
    let mut hosts = 0;
    let push = |group: &Option<(String, u32)>, hosts: usize, found: &mut Detection| {
        if let Some((name, line)) = group
            && hosts > 0
            && !name.contains(':')
        {
            found.deployments.push(Deployment::new(
                Strategy::MultiInstance,
                "ansible",
                "inventory group",
                name.as_str(),
                path,
                *line,
            ));
        }
    };
    for (i, l) in text.lines().enumerate() {
        let l = l.trim();
        if l.is_empty() || l.starts_with('#') || l.starts_with(';') {
            continue;
        }
        if let Some(name) = l.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
            push(&group, hosts, found);
            group = Some((name.to_owned(), i as u32 + 1));
            hosts = 0;
        } else if group.is_some() {
            hosts += 1;
        }
    }
    push(&group, hosts, found);
}

/// An Ansible inventory in YAML: `all:` with `hosts:` or `children:`.
pub(super) fn yaml_inventory(found: &mut Detection, path: &str, doc: &Node) {
    let Some(all) = get(doc, "all") else {
        return;
    };
    let groups = get(all, "children").map(entries).unwrap_or(&[]);
    for g in groups {
        found.deployments.push(Deployment::new(
            Strategy::MultiInstance,
            "ansible",
            "inventory group",
            g.key.as_str(),
            path,
            g.key_loc.line,
        ));
    }
    if groups.is_empty() && get(all, "hosts").is_some() {
        found.deployments.push(Deployment::new(
            Strategy::MultiInstance,
            "ansible",
            "inventory group",
            "all",
            path,
            line_of(doc, "all"),
        ));
    }
}

/// An Ansible playbook: a list of plays, each with `hosts:` and tasks or
/// roles. A play is a group of servers configured the same way.
pub(super) fn ansible_playbook(found: &mut Detection, path: &str, plays: &[Node]) {
    let is_play = |p: &Node| {
        get(p, "hosts").is_some()
            && ["tasks", "roles", "pre_tasks", "post_tasks", "handlers"]
                .iter()
                .any(|k| get(p, k).is_some())
    };
    for p in plays.iter().filter(|p| is_play(p)) {
        let hosts = get(p, "hosts")
            .and_then(|h| {
                str_of(h).map(str::to_owned).or_else(|| {
                    let names: Vec<&str> = items(h).iter().filter_map(str_of).collect();
                    (!names.is_empty()).then(|| names.join(","))
                })
            })
            .unwrap_or_else(|| "(hosts)".into());
        let name = str_at(p, &["name"]).map_or(hosts.clone(), str::to_owned);
        let mut d = Deployment::new(
            Strategy::MultiInstance,
            "ansible",
            "playbook play",
            name,
            path,
            line_of(p, "hosts"),
        );
        // The servers of a play are the units an inventory names.
        d.unit = false;
        found.deployments.push(d);
    }
}

/// Kamal's `config/deploy.yml`: `service`, `image` and `servers` (see the
/// module's documentation for why it counts as multi-instance).
pub(super) fn kamal(found: &mut Detection, path: &str, doc: &Node) {
    let name = str_at(doc, &["service"]).unwrap_or("(unnamed)");
    let line = line_of(doc, "service");
    found.deployments.push(Deployment::new(
        Strategy::MultiInstance,
        "kamal",
        "kamal deploy.yml",
        name,
        path,
        line,
    ));
}
