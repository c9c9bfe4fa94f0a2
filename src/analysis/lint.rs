//! `advise rules lint [DIR]`: checks a rule pack (or the catalog itself)
//! for rules that load but cannot do what their author meant, and reports
//! each problem like a compiler, with file:line:column and the rule id.
//!
//! - **Load problems** (an unknown key or field, a missing `source`, a
//!   duplicate id, one fact counted twice, ...) are findings with their
//!   place, not a crash: only text that is not YAML at all, or a directory
//!   that cannot be read, is bad input.
//! - **never-true**: a condition (or a part of one) that no profile can
//!   satisfy: contradictory comparisons, a value outside the field's range,
//!   an empty `in` or `any`.
//! - **always-true**: a condition that can never be false, so the rule
//!   fires on every profile (that states the fields it reads). Rules driven
//!   by the estimate (`from_estimate`) are meant to apply always.
//! - **no-effect**: a shift, points or block that can never change a
//!   recommendation, because the same rule, or another that always fires
//!   with it, already blocks that strategy (or its base); and an
//!   `inherit: false` on a rule whose strategies nothing builds on.
//! - **vague-source**: a `source` that names no document a reader can find.
//!
//! Truth is decided exactly where it can be, over every region of the
//! fields a condition reads ([`truth`]).

use std::path::Path;

use crate::domain::catalog::{self, Catalog, Effect, Rule, RuleId, StrategyId, chain};
use crate::domain::condition::Condition;
use crate::domain::config::Sources;
use crate::domain::fields;
use crate::text::diag::{Diagnostic, Diagnostics};
use crate::text::yaml::{self, Entry, Loc, Node, Value};

mod truth;

pub(crate) use truth::{implies, never_true, truth};

/// One problem, at one place, in one rule (when the place is in a rule).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Problem {
    /// Which check found it: `load`, `never-true`, `no-effect`, ...
    pub check: &'static str,
    pub rule: Option<String>,
    pub diagnostic: Diagnostic,
}

/// What a lint run found, and what it checked.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Report {
    /// What was checked, for the summary line.
    pub subject: String,
    /// Rules checked beyond loading (none when the rules did not load).
    pub checked: usize,
    pub findings: Vec<Problem>,
    /// Files of the linted pack that are not YAML: bad input (exit 2),
    /// reported beside the findings of the pack's other files, so that one
    /// broken file does not hide every other problem.
    pub unreadable: Vec<Diagnostic>,
}

/// Lints the catalog from `sources` (with its packs), rule by rule.
pub(crate) fn lint_catalog(sources: &Sources) -> Result<Report, Diagnostics> {
    let mut files = Files::default();
    let subject = match (&sources.rules, sources.packs.is_empty()) {
        (None, true) => "the built-in catalog".to_owned(),
        (Some(dir), true) => dir.display().to_string(),
        _ => "the catalog and its packs".to_owned(),
    };
    let (catalog, mut findings) = layers(sources, None, &mut files)?;
    let Some(catalog) = catalog else {
        return Ok(Report::new(subject, 0, findings));
    };
    // The built-in catalog loads without the model checks (the test suite
    // runs them); a lint runs them whatever the catalog.
    findings.extend(
        crate::domain::catalog::model::problems(&catalog.strategies, &catalog.rules)
            .into_iter()
            .map(|d| files.finding(d)),
    );
    let all: Vec<RuleId> = catalog.each_rule().collect();
    findings.extend(check_rules(&catalog, &all, &files));
    Ok(Report::new(subject, all.len(), findings))
}

/// Lints the pack in `dir`, loaded on top of the catalog.
pub(crate) fn lint_pack(sources: &Sources, dir: &Path) -> Result<Report, Diagnostics> {
    let mut files = Files::default();
    let (catalog, beneath) = layers(sources, Some(dir), &mut files)?;
    let mut catalog = match catalog {
        Some(c) if beneath.is_empty() => c,
        _ => {
            // The catalog beneath is not what is checked: its problems are
            // bad input, shown in full.
            let problems = beneath.into_iter().map(|f| f.diagnostic).collect();
            return Err(Diagnostics(problems));
        }
    };
    let subject = dir.display().to_string();
    let (pack, unreadable) = read_dir_split(dir, &mut files)?;
    if pack.is_empty() {
        return Err(Diagnostics(unreadable));
    }
    let with = |mut report: Report| {
        report.unreadable = unreadable.clone();
        Ok(report)
    };
    if let Err(d) = catalog.extend_with(&subject, &pack) {
        let findings = d.0.into_iter().map(|d| files.finding(d)).collect();
        return with(Report::new(subject, 0, findings));
    }
    let mine: Vec<RuleId> = catalog
        .each_rule()
        .filter(|&r| pack.iter().any(|(name, _)| *name == catalog.rules[r].file))
        .collect();
    let findings = check_rules(&catalog, &mine, &files);
    with(Report::new(subject, mine.len(), findings))
}

/// Loads the catalog layer by layer, each layer's load problems as
/// findings (and no catalog once one fails). A pack that is `skip` (the
/// one being linted, named in a config too) is left out.
fn layers(
    sources: &Sources,
    skip: Option<&Path>,
    files: &mut Files,
) -> Result<(Option<Catalog>, Vec<Problem>), Diagnostics> {
    let mut catalog = match &sources.rules {
        None => {
            for f in catalog::BUILTIN {
                files.add(f.name, f.yaml);
            }
            Catalog::builtin()
        }
        Some(dir) => {
            let list = read_dir_checked(dir, files)?;
            match Catalog::from_files(&list) {
                Ok(c) => c,
                Err(d) => return Ok((None, files.findings(d))),
            }
        }
    };
    for pack in &sources.packs {
        if skip.is_some_and(|s| crate::text::input::same_path(s, pack)) {
            continue;
        }
        let list = read_dir_checked(pack, files)?;
        if let Err(d) = catalog.extend_with(&pack.display().to_string(), &list) {
            return Ok((None, files.findings(d)));
        }
    }
    Ok((Some(catalog), Vec::new()))
}

/// The rules files of a directory, read; bad input (exit 2) when the
/// directory cannot be read, holds no rules files, or a file is not YAML.
fn read_dir_checked(dir: &Path, files: &mut Files) -> Result<Vec<(String, String)>, Diagnostics> {
    let (list, not_yaml) = read_dir_split(dir, files)?;
    if !not_yaml.is_empty() {
        return Err(Diagnostics(not_yaml));
    }
    Ok(list)
}

/// A pack's files that are YAML, by name, with their text.
type PackFiles = Vec<(String, String)>;

/// A pack's files that are YAML (added to `files`), and a syntax error for
/// each of the others.
fn read_dir_split(
    dir: &Path,
    files: &mut Files,
) -> Result<(PackFiles, Vec<Diagnostic>), Diagnostics> {
    if !dir.is_dir() {
        return Err(Diagnostic::new(
            &dir.display().to_string(),
            "",
            Loc::default(),
            "not a directory: a rule pack is a directory of *.yaml rules files",
        )
        .into());
    }
    let mut list = Vec::new();
    let mut not_yaml = Vec::new();
    for (name, text) in catalog::read_rules_dir_nonempty(dir, &mut { catalog::MAX_CATALOG_BYTES })?
    {
        match yaml::parse(&text) {
            Err(e) if e.invalid_yaml => not_yaml.push(Diagnostic::from_syntax(&name, &text, e)),
            _ => {
                files.add(&name, &text);
                list.push((name, text));
            }
        }
    }
    Ok((list, not_yaml))
}

/// The text of every rules file read, and its tree, to place findings.
#[derive(Default)]
struct Files {
    files: Vec<Source>,
}

struct Source {
    name: String,
    text: String,
    tree: Option<Node>,
    /// Each rule's id and where its `id` key is, in file order.
    ids: Vec<(String, Loc)>,
}

impl Files {
    fn add(&mut self, name: &str, text: &str) {
        let tree = yaml::parse(text).ok().flatten();
        let ids = rule_nodes(tree.as_ref())
            .filter_map(|n| {
                let e = entry(n, "id")?;
                match &e.value.value {
                    Value::Str(s) => Some((s.clone(), e.key_loc)),
                    _ => None,
                }
            })
            .collect();
        self.files.push(Source {
            name: name.to_owned(),
            text: text.to_owned(),
            tree,
            ids,
        });
    }

    fn get(&self, name: &str) -> Option<&Source> {
        self.files.iter().rev().find(|f| f.name == name)
    }

    fn findings(&self, d: Diagnostics) -> Vec<Problem> {
        d.0.into_iter().map(|d| self.finding(d)).collect()
    }

    /// A loader's diagnostic as a finding: its rule found by the nearest
    /// `id:` at or above its line, and its source line filled in (the
    /// model checks give the rule's line only).
    fn finding(&self, mut d: Diagnostic) -> Problem {
        let source = self.get(&d.file);
        let rule = source.and_then(|s| {
            s.ids
                .iter()
                .rev()
                .find(|(_, at)| d.loc.is_known() && at.line <= d.loc.line)
                .map(|(id, _)| id.clone())
        });
        // The loader points at the rule's id for an empty text; point at
        // the text itself.
        let empty = d
            .message
            .split_once("has an empty `")
            .and_then(|(_, rest)| rest.split_once('`'))
            .map(|(key, _)| key);
        if let (Some(s), Some(key), Some(id)) = (source, empty, &rule)
            && let Some(e) = rule_nodes(s.tree.as_ref())
                .find(|n| entry(n, "id").is_some_and(|e| e.value.value == Value::Str(id.clone())))
                .and_then(|n| entry(n, key))
        {
            let help = d.help.take();
            d = Diagnostic::new(&d.file, &s.text, e.value.loc, d.message)
                .width(e.value.value.display().chars().count());
            d.help = help;
        }
        if let Some(s) = source
            && d.loc.is_known()
            && d.line_text.is_none()
        {
            let loc = s
                .ids
                .iter()
                .find(|(_, at)| at.line == d.loc.line)
                .map_or(d.loc, |(_, at)| *at);
            let help = d.help.take();
            d = Diagnostic::new(&d.file, &s.text, loc, d.message);
            d.help = help;
        }
        Problem {
            check: classify(&d.message),
            rule,
            diagnostic: d,
        }
    }

    /// A rule's mapping in its file.
    fn rule_node(&self, rule: &Rule) -> Option<&Node> {
        let source = self.get(&rule.file)?;
        rule_nodes(source.tree.as_ref())
            .find(|n| entry(n, "id").is_some_and(|e| e.value.value == Value::Str(rule.id.clone())))
    }

    fn text(&self, name: &str) -> &str {
        self.get(name).map_or("", |s| s.text.as_str())
    }
}

/// The mappings of a rules file's `rules:` list.
fn rule_nodes(tree: Option<&Node>) -> impl Iterator<Item = &Node> {
    let list = tree.and_then(|t| entry(t, "rules")).map(|e| &e.value);
    let items: &[Node] = match list.map(|n| &n.value) {
        Some(Value::Seq(items)) => items,
        _ => &[],
    };
    items.iter()
}

fn entry<'a>(node: &'a Node, key: &str) -> Option<&'a Entry> {
    match &node.value {
        Value::Map(entries) => entries.iter().find(|e| e.key == key),
        _ => None,
    }
}

/// Which check a loader's message belongs to.
fn classify(message: &str) -> &'static str {
    const KINDS: &[(&str, &str)] = &[
        ("one fact would count twice", "double-count"),
        ("outside 0 to 10", "rating-range"),
        ("unknown field path", "unknown-field"),
        ("unknown placeholder", "unknown-field"),
        ("has an empty `", "missing-text"),
        ("missing field `source`", "missing-text"),
        ("missing field `message`", "missing-text"),
        ("missing field `why`", "missing-text"),
        ("missing field `title`", "missing-text"),
        ("unknown field `", "unknown-key"),
        ("is used twice", "duplicate-id"),
        ("overrides no rule", "override"),
        ("to disable", "disable"),
        ("unknown strategy", "unknown-strategy"),
        ("unknown criterion", "unknown-criterion"),
    ];
    KINDS
        .iter()
        .find(|(text, _)| message.contains(text))
        .map_or("load", |(_, kind)| kind)
}

impl Report {
    fn new(subject: String, checked: usize, mut findings: Vec<Problem>) -> Report {
        findings.sort_by(|a, b| {
            (&a.diagnostic.file, a.diagnostic.loc).cmp(&(&b.diagnostic.file, b.diagnostic.loc))
        });
        findings.dedup();
        Report {
            subject,
            checked,
            findings,
            unreadable: Vec::new(),
        }
    }
}

/// The checks beyond loading, on the rules `subject`; every rule of the
/// catalog counts as context.
// Over 100 lines: each check of a rule (never true, always true, its dead
// parts, no effect, a vague source) is a few lines of one loop over the
// rules, sharing the rule's place in its file.
fn check_rules(catalog: &Catalog, subject: &[RuleId], files: &Files) -> Vec<Problem> {
    let mut out = Vec::new();
    for &i in subject {
        let rule = &catalog.rules[i];
        let node = files.rule_node(rule);
        let at = |key: &str| {
            node.and_then(|n| entry(n, key)).map_or(
                (
                    Loc {
                        line: rule.line,
                        col: 1,
                    },
                    1,
                ),
                |e| (e.key_loc, e.key.chars().count()),
            )
        };
        let mut push =
            |check: &'static str, (loc, width): (Loc, usize), message: String, help: String| {
                let d = Diagnostic::new(&rule.file, files.text(&rule.file), loc, message)
                    .width(width)
                    .help(help);
                out.push(Problem {
                    check,
                    rule: Some(rule.id.clone()),
                    diagnostic: d,
                });
            };
        let when = node.and_then(|n| entry(n, "when")).map(|e| &e.value);
        let mut dead = Vec::new();
        dead_parts(&rule.when, when, &mut dead);
        // When the whole condition can never be true, its one dead part is
        // where it goes wrong.
        let never = never_true(&rule.when);
        for (part, n) in &dead {
            let message = match never {
                true => format!(
                    "`{}` can never be true, so the rule never fires",
                    shown(part)
                ),
                false => format!(
                    "`{}` can never be true, so this part of the condition never matters",
                    shown(part)
                ),
            };
            push(
                "never-true",
                cond_loc(*n, at("when")),
                message,
                why_never(part),
            );
        }
        if never {
            continue;
        }
        if rule.estimate.is_none()
            && let Some(t) = truth(&[&rule.when])
            && t.can_true
            && !t.can_false
        {
            let unstated: Vec<&str> = rule
                .when
                .fields()
                .into_iter()
                .filter(|&f| fields::get(f).default == fields::Fallback::Unknown)
                .map(|f| fields::get(f).path)
                .collect();
            let every = match unstated.is_empty() {
                true => "every profile".to_owned(),
                false => format!("every profile that states {}", unstated.join(" and ")),
            };
            push(
                "always-true",
                at("when"),
                format!(
                    "the rule fires on {every}: `{}` can never be false",
                    shown(&rule.when)
                ),
                "a fact that holds for every system belongs in the strategies' ratings; or the condition lacks a comparison".into(),
            );
        }
        for (loc, message, help) in no_effect(catalog, i, node) {
            push("no-effect", loc, message, help);
        }
        let layered = |e: &Effect| catalog.layers_on(e.strategy()).next().is_some();
        if !rule.inherit && !rule.effects.iter().any(layered) {
            push(
                "no-effect",
                at("inherit"),
                "`inherit: false` changes nothing: no strategy builds on one this rule shifts".into(),
                "drop `inherit: false`; it keeps a rule's effects off the strategies built on those it shifts (`builds_on`)".into(),
            );
        }
        let vague = ["one study", "a study", "seed article"];
        let rest = vague
            .iter()
            .fold(rule.source.to_lowercase(), |s, v| s.replace(v, ""));
        if rest.trim_matches(|c: char| !c.is_alphanumeric()).len() <= 10 {
            let loc = node
                .and_then(|n| entry(n, "source"))
                .map_or(at("source"), |e| {
                    (e.value.loc, e.value.value.display().chars().count())
                });
            push(
                "vague-source",
                loc,
                format!(
                    "the source `{}` names no document a reader can find",
                    yaml::shorten(rule.source.trim())
                ),
                "name the document: its title, and the section or page (e.g. \"AWS Lambda Developer Guide, Lambda quotas\")".into(),
            );
        }
    }
    out
}

/// A condition as shown in a message, cut to a readable length.
fn shown(c: &Condition) -> String {
    let text = match c {
        Condition::Any(items) if items.is_empty() => "any: []".to_owned(),
        Condition::All(items) if items.is_empty() => "all: []".to_owned(),
        c => c.describe(),
    };
    match text.char_indices().nth(120) {
        None => text,
        Some((cut, _)) => format!("{}...", &text[..cut]),
    }
}

fn why_never(c: &Condition) -> String {
    match c {
        Condition::Any(items) if items.is_empty() => {
            "an empty `any` holds for no profile: list the alternatives, or remove it".into()
        }
        Condition::In { values, .. } if values.is_empty() => {
            "an empty `in` matches no value: list the values, or remove it".into()
        }
        _ => "no profile satisfies it: look for comparisons on one field that contradict each other (such as > 10 and < 5, or = to two values), or a value outside the field's range".into(),
    }
}

/// Where a condition is: its operator key, or `fallback`.
fn cond_loc(node: Option<&Node>, fallback: (Loc, usize)) -> (Loc, usize) {
    match node.map(|n| &n.value) {
        Some(Value::Map(entries)) if entries.len() == 1 => {
            (entries[0].key_loc, entries[0].key.chars().count())
        }
        _ => fallback,
    }
}

/// A condition's parts, each with its node when the tree mirrors it.
fn children<'a>(
    c: &'a Condition,
    node: Option<&'a Node>,
) -> Vec<(&'a Condition, Option<&'a Node>)> {
    let operand = match node.map(|n| &n.value) {
        Some(Value::Map(entries)) if entries.len() == 1 => Some(&entries[0].value),
        _ => None,
    };
    match c {
        Condition::All(items) | Condition::Any(items) => items
            .iter()
            .enumerate()
            .map(|(k, item)| {
                let n = match operand.map(|o| &o.value) {
                    Some(Value::Seq(nodes)) => nodes.get(k),
                    _ => None,
                };
                (item, n)
            })
            .collect(),
        Condition::Not(inner) => vec![(inner.as_ref(), operand)],
        _ => Vec::new(),
    }
}

/// The parts of a condition that can never be true, each at its smallest:
/// the whole condition, or else the parts under `any` and `not` (a part of
/// `all` that can never be true makes the whole `all` so).
fn dead_parts<'a>(
    c: &'a Condition,
    node: Option<&'a Node>,
    out: &mut Vec<(&'a Condition, Option<&'a Node>)>,
) {
    if never_true(c) {
        let mut at = (c, node);
        'down: while let Condition::All(_) = at.0 {
            for (child, n) in children(at.0, at.1) {
                if never_true(child) {
                    at = (child, n);
                    continue 'down;
                }
            }
            break;
        }
        out.push(at);
        return;
    }
    for (child, n) in children(c, node) {
        dead_parts(child, n, out);
    }
}

/// A shift, points or block of rule `i` that can never change a
/// recommendation: the strategy (or its base) is blocked whenever the rule
/// fires, by the rule itself or by another rule that always fires with it.
// Over 100 lines: a rule's effects and its blocks are judged by the same
// closures (where each is written, which other rules always fire with it).
fn no_effect(
    catalog: &Catalog,
    i: RuleId,
    node: Option<&Node>,
) -> Vec<((Loc, usize), String, String)> {
    let rule = &catalog.rules[i];
    if rule.estimate.is_some() {
        return Vec::new();
    }
    let fallback = (
        node.and_then(|n| entry(n, "id")).map_or(
            Loc {
                line: rule.line,
                col: 1,
            },
            |e| e.key_loc,
        ),
        2,
    );
    let name = |s: StrategyId| catalog.strategies[s].id.as_str();
    // Where the effects on a strategy are written, and each block entry.
    let effect_at = |s: StrategyId| {
        node.and_then(|n| entry(n, "effects"))
            .and_then(|e| entry(&e.value, name(s)))
            .map_or(fallback, |e| (e.key_loc, e.key.chars().count()))
    };
    let block_nodes: Vec<&Node> = match node.and_then(|n| entry(n, "block")).map(|e| &e.value.value)
    {
        Some(Value::Seq(items)) => items.iter().collect(),
        _ => Vec::new(),
    };
    let block_at = |k: usize| {
        block_nodes
            .get(k)
            .map_or(fallback, |n| (n.loc, n.value.display().chars().count()))
    };
    // Other rules that fire whenever this one does and block something.
    let mut companions: Vec<RuleId> = Vec::new();
    let mut out = Vec::new();
    let mut moved: Vec<StrategyId> = rule.effects.iter().map(|e| e.strategy()).collect();
    moved.dedup();
    let blockers: Vec<RuleId> = catalog
        .each_rule()
        .filter(|&q| q != i && !catalog.rules[q].blocks.is_empty())
        .collect();
    let implied = |q: RuleId, companions: &mut Vec<RuleId>| {
        if companions.contains(&q) {
            return true;
        }
        let yes = implies(&rule.when, &catalog.rules[q].when);
        if yes {
            companions.push(q);
        }
        yes
    };
    let what = |e: &Effect| match e {
        Effect::Shift { .. } => "shift",
        Effect::Points { .. } => "points",
    };
    for s in moved {
        let kinds: Vec<&str> = rule
            .effects
            .iter()
            .filter(|e| e.strategy() == s)
            .map(what)
            .collect();
        let kind = if kinds.iter().all(|k| *k == "points") {
            "points"
        } else {
            "shift"
        };
        let line = chain(&catalog.strategies, s);
        if let Some(&b) = line.iter().find(|b| rule.blocks.contains(b)) {
            let whom = match b == s {
                true => format!("blocks `{}`", name(s)),
                false => format!("blocks `{}`, which `{}` builds on", name(b), name(s)),
            };
            out.push((
                effect_at(s),
                format!(
                    "the {kind} of `{}` never changes a recommendation: the same rule {whom} whenever it fires",
                    name(s)
                ),
                format!("drop the effect on `{}`, or the block", name(s)),
            ));
            continue;
        }
        let by = blockers.iter().copied().find_map(|q| {
            let b = line
                .iter()
                .copied()
                .find(|b| catalog.rules[q].blocks.contains(b))?;
            implied(q, &mut companions).then_some((q, b))
        });
        if let Some((q, b)) = by {
            out.push((
                effect_at(s),
                format!(
                    "the {kind} of `{}` never changes a recommendation: whenever this rule fires, rule `{}` fires too and blocks `{}`",
                    name(s),
                    catalog.rules[q].id,
                    name(b)
                ),
                format!(
                    "`{}` is at {}:{}; drop this effect, or narrow one of the conditions",
                    catalog.rules[q].id, catalog.rules[q].file, catalog.rules[q].line
                ),
            ));
        }
    }
    for (k, &s) in rule.blocks.iter().enumerate() {
        let line = chain(&catalog.strategies, s);
        let earlier = rule.blocks[..k].contains(&s);
        let base = line.iter().skip(1).find(|b| rule.blocks.contains(b));
        let message = if earlier {
            format!("`{}` is blocked twice by the same rule", name(s))
        } else if let Some(&b) = base {
            format!(
                "blocking `{}` changes nothing: it builds on `{}`, which the same rule blocks",
                name(s),
                name(b)
            )
        } else {
            let by = blockers.iter().copied().find_map(|q| {
                let b = line
                    .iter()
                    .copied()
                    .find(|b| catalog.rules[q].blocks.contains(b))?;
                implied(q, &mut companions).then_some((q, b))
            });
            let Some((q, b)) = by else { continue };
            format!(
                "blocking `{}` changes nothing: whenever this rule fires, rule `{}` ({}:{}) fires too and blocks `{}`",
                name(s),
                catalog.rules[q].id,
                catalog.rules[q].file,
                catalog.rules[q].line,
                name(b)
            )
        };
        out.push((
            block_at(k),
            message,
            format!("drop `{}` from `block`", name(s)),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::condition::RawCondition;

    fn cond(text: &str) -> Condition {
        yaml::from_str::<RawCondition>(text)
            .unwrap()
            .check(&Catalog::builtin().strategy_ids())
            .unwrap()
    }

    #[test]
    fn a_condition_exclusive_with_itself_can_never_be_true() {
        for text in [
            "all: [{gt: {field: system.services, value: 10}}, {lt: {field: system.services, value: 5}}]",
            "all: [{eq: {field: workload.traffic, value: spiky}}, {eq: {field: workload.traffic, value: steady}}]",
            "in: {field: workload.traffic, values: []}",
        ] {
            let c = cond(text);
            assert!(c.exclusive(&c), "{text}");
            assert!(never_true(&c), "{text}");
        }
        // Domains alone do not see these; trying every region does.
        for text in [
            "any: []",
            "lt: {field: system.services, value: 1}",
            "not: {gte: {field: system.services, value: 1}}",
            "all: [{gt: {field: system.services, value: 3}}, {lt: {field: system.services, value: 4}}]",
        ] {
            assert!(never_true(&cond(text)), "{text}");
        }
        for text in [
            "all: [{gt: {field: workload.peak_rps, value: 3}}, {lt: {field: workload.peak_rps, value: 3.5}}]",
            "all: [{gt: {field: system.services, value: 3}}, {lt: {field: system.services, value: 5}}]",
            "contains: {field: requirements.compliance, value: pci-dss}",
            "current: [container]",
            "unknown: {field: system.cloud}",
        ] {
            assert!(!never_true(&cond(text)), "{text}");
        }
    }

    #[test]
    fn a_condition_that_can_never_be_false_is_found() {
        let always = |text: &str| {
            let t = truth(&[&cond(text)]).unwrap();
            t.can_true && !t.can_false
        };
        assert!(always("gte: {field: workload.average_rps, value: 0}"));
        assert!(always("not: {in: {field: workload.traffic, values: []}}"));
        assert!(always(
            "any: [{unknown: {field: system.cloud}}, {in: {field: system.cloud, values: [aws, azure, gcp, other]}}]"
        ));
        assert!(always("all: []"));
        assert!(!always("gt: {field: workload.average_rps, value: 0}"));
        assert!(!always("empty: {field: requirements.compliance}"));
        assert!(!always(
            "any: [{current: [container]}, {eq: {field: workload.gpu, value: true}}]"
        ));
    }

    #[test]
    fn every_region_is_tried_for_the_builtin_rules_and_agrees_with_the_domains() {
        let c = Catalog::builtin();
        for r in &c.rules {
            assert!(truth(&[&r.when]).is_some(), "{}: too many regions", r.id);
        }
        // Where two conditions are proved exclusive, no profile makes both
        // true: tried for every pair whose regions together are few enough
        // (the proof's own steps are tested above and below).
        for a in &c.rules {
            for b in &c.rules {
                if a.when.exclusive(&b.when) {
                    let both = Condition::All(vec![a.when.clone(), b.when.clone()]);
                    assert!(never_true(&both), "{} and {}", a.id, b.id);
                    let Some(t) = truth(&[&both]) else {
                        continue;
                    };
                    assert!(!t.can_true, "{} and {} can hold together", a.id, b.id);
                }
            }
        }
    }

    #[test]
    fn conditions_that_part_on_several_fields_are_exclusive_by_their_parts() {
        let both = |a: &Condition, b: &Condition| {
            let t = truth(&[&Condition::All(vec![a.clone(), b.clone()])]).unwrap();
            t.can_true
        };
        // One holds where any of two fields says so, the other where
        // neither does: no single field's domains part them.
        let some = cond(
            "any: [{eq: {field: system.cloud, value: aws}}, {gt: {field: team.engineers, value: 15}}]",
        );
        let none = cond(
            "all: [{in: {field: system.cloud, values: [gcp, azure]}}, {not: {gt: {field: team.engineers, value: 15}}}]",
        );
        assert!(some.exclusive(&none) && none.exclusive(&some));
        assert!(!both(&some, &none));
        // Leave one branch open and they can hold together: not proved.
        let open = cond(
            "all: [{in: {field: system.cloud, values: [gcp, aws]}}, {not: {gt: {field: team.engineers, value: 15}}}]",
        );
        assert!(!some.exclusive(&open) && !open.exclusive(&some));
        assert!(both(&some, &open));
        // The built-in pair this proof is for: the idle-capacity rules part
        // where the containers can run on a service that scales to zero.
        let c = Catalog::builtin();
        let rule = |id: &str| &c.rules.iter().find(|r| r.id == id).unwrap().when;
        let (idle, to_zero) = (
            rule("idle-capacity-without-rates"),
            rule("idle-capacity-where-containers-scale-to-zero"),
        );
        assert!(!idle.exclusive_by_domains(to_zero));
        assert!(idle.exclusive(to_zero));
        assert!(!both(idle, to_zero));
    }

    #[test]
    fn implication_is_decided_over_every_region() {
        let narrow = cond(
            "all: [{gt: {field: workload.max_duration_s, value: 900}}, {eq: {field: system.cloud, value: aws}}]",
        );
        let wide = cond("gt: {field: workload.max_duration_s, value: 600}");
        assert!(implies(&narrow, &wide));
        assert!(!implies(&wide, &narrow));
    }
}
