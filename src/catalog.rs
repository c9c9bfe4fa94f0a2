//! The strategy catalog and its rules: YAML files under `rules/`, compiled
//! into the binary, or read from a directory given with `--rules`.
//!
//! Loading checks everything a rule author can get wrong (unknown keys, field
//! paths, operators, strategies and criteria, duplicate identifiers, ratings
//! out of range) and reports it with the file, line and column. After
//! loading, a [`Catalog`] is known to be consistent, and the engine trusts it.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::condition::{Condition, RawCondition};
use crate::diag::{Diagnostic, Diagnostics};
use crate::fields;
use crate::yaml::{self, Loc};

/// One file of `rules/`, compiled in (see `build.rs`).
pub struct BuiltinFile {
    /// `rules/NAME.yaml`.
    pub name: &'static str,
    /// The YAML source.
    pub yaml: &'static str,
    /// The same data as JSON, fast to read; `None` if the YAML did not parse.
    pub json: Option<&'static str>,
    /// Each rule's id and the line of its `id:` key in the YAML.
    pub rule_lines: &'static [(&'static str, u32)],
}

// The built-in catalog: every file of `rules/`, in name order.
include!(concat!(env!("OUT_DIR"), "/builtin.rs"));

/// The eight criteria strategies are rated on; the profile's `priorities`
/// weigh them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Criterion {
    Cost,
    Operability,
    Scalability,
    Resilience,
    Security,
    Portability,
    Performance,
    DeliverySpeed,
}

impl Criterion {
    pub const ALL: [Criterion; 8] = [
        Criterion::Cost,
        Criterion::Operability,
        Criterion::Scalability,
        Criterion::Resilience,
        Criterion::Security,
        Criterion::Portability,
        Criterion::Performance,
        Criterion::DeliverySpeed,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Criterion::Cost => "cost",
            Criterion::Operability => "operability",
            Criterion::Scalability => "scalability",
            Criterion::Resilience => "resilience",
            Criterion::Security => "security",
            Criterion::Portability => "portability",
            Criterion::Performance => "performance",
            Criterion::DeliverySpeed => "delivery_speed",
        }
    }

    pub fn parse(name: &str) -> Option<Criterion> {
        Criterion::ALL.into_iter().find(|c| c.name() == name)
    }

    /// The profile field that weighs this criterion.
    pub fn priority_field(self) -> fields::FieldId {
        let path = format!("priorities.{}", self.name());
        fields::find(&path).expect("every criterion has a priority field")
    }

    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Criterion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Index of a strategy in [`Catalog::strategies`]; catalog order breaks ties.
pub type StrategyId = usize;

#[derive(Debug, Clone, PartialEq)]
pub struct Strategy {
    pub id: String,
    pub name: String,
    pub summary: String,
    pub builds_on: Vec<StrategyId>,
    pub advantages: Vec<String>,
    pub disadvantages: Vec<String>,
    pub suits: Vec<String>,
    /// Baseline rating 0-10 per criterion, indexed by [`Criterion::index`].
    pub ratings: [f64; 8],
    pub source: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub id: String,
    pub title: String,
    pub when: Condition,
    pub blocks: Vec<StrategyId>,
    pub effects: Vec<Effect>,
    pub message: String,
    pub why: String,
    pub source: String,
    /// Where the rule is defined, for `advise explain`.
    pub file: String,
    pub line: u32,
}

/// What a fired rule does to one strategy.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Effect {
    /// Moves the strategy's rating on one criterion, for this profile.
    Shift {
        strategy: StrategyId,
        criterion: Criterion,
        by: f64,
    },
    /// Adds points to the strategy's score directly.
    Points { strategy: StrategyId, by: f64 },
}

impl Effect {
    pub fn strategy(self) -> StrategyId {
        match self {
            Effect::Shift { strategy, .. } | Effect::Points { strategy, .. } => strategy,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Catalog {
    pub strategies: Vec<Strategy>,
    pub rules: Vec<Rule>,
}

impl Catalog {
    /// The catalog compiled into the binary, read from the JSON copy of
    /// each built-in file (a tenth of the time YAML takes); a unit test
    /// checks that it equals the catalog read from the YAML.
    pub fn builtin() -> Catalog {
        let files: Vec<(String, String)> = BUILTIN
            .iter()
            .map(|f| (f.name.to_owned(), f.yaml.to_owned()))
            .collect();
        let file = |name: &str| BUILTIN.iter().find(|f| f.name == name);
        let mut catalog = Catalog::parse_and_build(&files, |name, text| {
            match file(name).and_then(|f| serde_json::from_str(f.json?).ok()) {
                Some(raw) => Ok(raw),
                None => yaml::from_str(text),
            }
        })
        .expect("the built-in catalog is checked by the test suite");
        // JSON has no locations: restore each rule's line in its YAML file.
        for rule in &mut catalog.rules {
            let lines = file(&rule.file).map_or(&[][..], |f| f.rule_lines);
            if let Some((_, line)) = lines.iter().find(|(id, _)| *id == rule.id) {
                rule.line = *line;
            }
        }
        catalog
    }

    /// Reads every `*.yaml`/`*.yml` file of a directory (not recursively), in
    /// name order so that the result does not depend on the file system.
    pub fn from_dir(dir: &Path) -> Result<Catalog, Diagnostics> {
        let shown = dir.display().to_string();
        let fail = |message: String| {
            Diagnostics::from(Diagnostic::new(&shown, "", Loc::default(), message))
        };
        let entries = std::fs::read_dir(dir)
            .map_err(|e| fail(format!("cannot read the rules directory: {e}")))?;
        let mut paths = Vec::new();
        for entry in entries {
            let path = entry
                .map_err(|e| fail(format!("cannot read the rules directory: {e}")))?
                .path();
            let is_yaml = matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml")
            );
            if is_yaml && path.is_file() {
                paths.push(path);
            }
        }
        paths.sort();
        if paths.is_empty() {
            return Err(fail("the rules directory holds no .yaml files".into()));
        }
        let mut files = Vec::with_capacity(paths.len());
        for path in paths {
            let name = path.display().to_string();
            let text = crate::input::read_text(&path).map_err(|e| {
                Diagnostics::from(Diagnostic::new(&name, "", Loc::default(), e.to_string()))
            })?;
            files.push((name, text));
        }
        Catalog::from_files(&files)
    }

    /// Builds a catalog from (file name, YAML text) pairs, reporting every problem.
    pub fn from_files(files: &[(String, String)]) -> Result<Catalog, Diagnostics> {
        Catalog::parse_and_build(files, |_, text| yaml::from_str(text))
    }

    /// Parses each file with `parse`, then builds the catalog from them all.
    fn parse_and_build(
        files: &[(String, String)],
        parse: impl Fn(&str, &str) -> Result<Option<RawFile>, yaml::SyntaxError>,
    ) -> Result<Catalog, Diagnostics> {
        let mut b = Builder::default();
        let mut parsed = Vec::new();
        for (name, text) in files {
            match parse(name, text) {
                Ok(Some(raw)) => parsed.push((name.as_str(), text.as_str(), raw)),
                Ok(None) => {}
                Err(err) => b.problems.push(Diagnostic::from_syntax(name, text, err)),
            }
        }
        Catalog::build(files, parsed, b)
    }

    /// Builds a catalog from parsed files, reporting every problem (added
    /// to those `b` already holds).
    fn build(
        files: &[(String, String)],
        parsed: Vec<(&str, &str, RawFile)>,
        mut b: Builder,
    ) -> Result<Catalog, Diagnostics> {
        // Strategies first, from every file, so rules may name any of them.
        for (name, text, raw) in &parsed {
            for s in &raw.strategies {
                b.strategy(name, text, s);
            }
        }
        b.link_builds_on(&parsed);
        for (name, text, raw) in &parsed {
            for r in &raw.rules {
                b.rule(name, text, r);
            }
        }
        if b.problems.is_empty() {
            let none = |what: &str| {
                Diagnostic::new(
                    &files_label(files),
                    "",
                    Loc::default(),
                    format!("the catalog defines no {what}"),
                )
            };
            if b.strategies.is_empty() {
                b.problems
                    .push(none("strategies (a file needs a `strategies:` list)"));
            }
            if b.rules.is_empty() {
                b.problems
                    .push(none("rules (a file needs a `rules:` list)"));
            }
        }
        if b.problems.is_empty() {
            Ok(Catalog {
                strategies: b.strategies,
                rules: b.rules,
            })
        } else {
            Err(Diagnostics(b.problems))
        }
    }

    pub fn strategy(&self, id: &str) -> Option<StrategyId> {
        self.strategies.iter().position(|s| s.id == id)
    }

    pub fn strategy_ids(&self) -> Vec<&str> {
        self.strategies.iter().map(|s| s.id.as_str()).collect()
    }

    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }
}

fn files_label(files: &[(String, String)]) -> String {
    match files {
        [(one, _)] => one.clone(),
        _ => files
            .first()
            .and_then(|(f, _)| Path::new(f).parent())
            .map_or_else(|| "rules".into(), |p| p.display().to_string()),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    strategies: Vec<RawStrategy>,
    #[serde(default)]
    rules: Vec<RawRule>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStrategy {
    id: Spanned<String>,
    name: String,
    summary: String,
    #[serde(default)]
    builds_on: Vec<Spanned<String>>,
    #[serde(default)]
    advantages: Vec<String>,
    #[serde(default)]
    disadvantages: Vec<String>,
    #[serde(default)]
    suits: Vec<String>,
    ratings: Spanned<BTreeMap<String, f64>>,
    source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: Spanned<String>,
    title: String,
    when: RawCondition,
    #[serde(default)]
    block: Vec<Spanned<String>>,
    #[serde(default)]
    effects: Option<Spanned<BTreeMap<String, BTreeMap<String, f64>>>>,
    message: Spanned<String>,
    why: String,
    source: String,
}

#[derive(Default)]
struct Builder {
    strategies: Vec<Strategy>,
    /// Each strategy's id, file and location, in catalog order.
    strategy_locs: Vec<(String, String, Loc)>,
    rules: Vec<Rule>,
    rule_locs: BTreeMap<String, (String, Loc)>,
    problems: Vec<Diagnostic>,
}

/// Identifiers are kebab-case words: stable, greppable, safe in every format.
fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

impl Builder {
    fn problem(&mut self, file: &str, text: &str, loc: Loc, message: String, help: Option<String>) {
        // Past the problems shown, skip the source line (a scan of the text).
        let text = if self.problems.len() < crate::diag::MAX_SHOWN {
            text
        } else {
            ""
        };
        let mut d = Diagnostic::new(file, text, loc, message);
        d.help = help;
        self.problems.push(d);
    }

    fn strategy(&mut self, file: &str, text: &str, raw: &RawStrategy) {
        let loc = yaml::loc_of(&raw.id);
        let id = raw.id.value.clone();
        if !is_kebab(&id) {
            self.problem(
                file,
                text,
                loc,
                format!("strategy id `{id}` is not kebab-case"),
                Some("use lower-case words joined by hyphens, such as service-mesh".into()),
            );
        }
        if let Some((_, other_file, other)) = self
            .strategy_locs
            .iter()
            .find(|(n, _, _)| *n == id)
            .cloned()
        {
            self.problem(
                file,
                text,
                loc,
                format!("strategy `{id}` is defined twice"),
                Some(format!("first defined at {other_file}:{other}")),
            );
            return;
        }
        let mut ratings = [0.0; 8];
        let ratings_loc = yaml::loc_of(&raw.ratings);
        let mut missing = Vec::new();
        for c in Criterion::ALL {
            match raw.ratings.value.get(c.name()) {
                Some(r) if (0.0..=10.0).contains(r) => ratings[c.index()] = *r,
                Some(r) => self.problem(
                    file,
                    text,
                    ratings_loc,
                    format!("rating of `{id}` on {c} is {r}, outside 0 to 10"),
                    None,
                ),
                None => missing.push(c.name()),
            }
        }
        if !missing.is_empty() {
            self.problem(
                file,
                text,
                ratings_loc,
                format!("strategy `{id}` has no rating for {}", missing.join(", ")),
                Some("rate every criterion from 0 to 10".into()),
            );
        }
        for name in raw.ratings.value.keys() {
            if Criterion::parse(name).is_none() {
                self.unknown_criterion(file, text, ratings_loc, name);
            }
        }
        self.strategy_locs.push((id.clone(), file.to_owned(), loc));
        self.strategies.push(Strategy {
            id,
            name: raw.name.clone(),
            summary: raw.summary.clone(),
            builds_on: Vec::new(),
            advantages: raw.advantages.clone(),
            disadvantages: raw.disadvantages.clone(),
            suits: raw.suits.clone(),
            ratings,
            source: raw.source.clone(),
        });
    }

    fn unknown_criterion(&mut self, file: &str, text: &str, loc: Loc, name: &str) {
        let names = Criterion::ALL.map(Criterion::name);
        let help = match fields::did_you_mean(name, names) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("criteria are: {}", names.join(", ")),
        };
        self.problem(
            file,
            text,
            loc,
            format!("unknown criterion `{name}`"),
            Some(help),
        );
    }

    /// Resolves a strategy name; reports it (with a suggestion) when unknown.
    fn resolve(&mut self, file: &str, text: &str, name: &str, loc: Loc) -> Option<StrategyId> {
        let found = self.strategies.iter().position(|s| s.id == name);
        if found.is_none() {
            let ids: Vec<&str> = self.strategies.iter().map(|s| s.id.as_str()).collect();
            let help = match fields::did_you_mean(name, ids.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("strategies are: {}", ids.join(", ")),
            };
            self.problem(
                file,
                text,
                loc,
                format!("unknown strategy `{name}`"),
                Some(help),
            );
        }
        found
    }

    fn link_builds_on(&mut self, parsed: &[(&str, &str, RawFile)]) {
        for (file, text, raw) in parsed {
            for s in &raw.strategies {
                let Some(me) = self.strategies.iter().position(|x| x.id == s.id.value) else {
                    continue;
                };
                for base in &s.builds_on {
                    if let Some(b) = self.resolve(file, text, &base.value, yaml::loc_of(base)) {
                        if b == me {
                            self.problem(
                                file,
                                text,
                                yaml::loc_of(base),
                                format!("strategy `{}` cannot build on itself", s.id.value),
                                None,
                            );
                        } else {
                            self.strategies[me].builds_on.push(b);
                        }
                    }
                }
            }
        }
        // A cycle would make "blocked because its base is blocked" undefined.
        for start in 0..self.strategies.len() {
            let mut seen = vec![start];
            let mut frontier = self.strategies[start].builds_on.clone();
            while let Some(next) = frontier.pop() {
                if next == start {
                    let (id, file, loc) = self.strategy_locs[start].clone();
                    let text = parsed
                        .iter()
                        .find(|(name, _, _)| *name == file)
                        .map_or("", |(_, text, _)| *text);
                    self.problems.push(Diagnostic::new(
                        &file,
                        text,
                        loc,
                        format!("strategy `{id}` builds on itself through `builds_on`"),
                    ));
                    break;
                }
                if !seen.contains(&next) {
                    seen.push(next);
                    frontier.extend(self.strategies[next].builds_on.iter().copied());
                }
            }
        }
    }

    fn rule(&mut self, file: &str, text: &str, raw: &RawRule) {
        let loc = yaml::loc_of(&raw.id);
        let id = raw.id.value.clone();
        if !is_kebab(&id) {
            self.problem(file, text, loc, format!("rule id `{id}` is not kebab-case"), Some("use lower-case words joined by hyphens, such as serverless-beyond-faas-time-limit".into()));
        }
        if let Some((other_file, other)) = self.rule_locs.get(&id).cloned() {
            self.problem(
                file,
                text,
                loc,
                format!("rule id `{id}` is used twice"),
                Some(format!(
                    "first used at {other_file}:{other}; ids are unique and never reused"
                )),
            );
            return;
        }
        self.rule_locs.insert(id.clone(), (file.to_owned(), loc));
        for (what, value) in [
            ("title", &raw.title),
            ("why", &raw.why),
            ("source", &raw.source),
            ("message", &raw.message.value),
        ] {
            if value.trim().is_empty() {
                self.problem(
                    file,
                    text,
                    loc,
                    format!("rule `{id}` has an empty `{what}`"),
                    Some("every rule says what it checks, why, and its source".into()),
                );
            }
        }
        let when = match raw.when.check() {
            Ok(c) => Some(c),
            Err(e) => {
                self.problem(file, text, e.loc, e.message, e.help);
                None
            }
        };
        let mut blocks = Vec::new();
        for b in &raw.block {
            if let Some(s) = self.resolve(file, text, &b.value, yaml::loc_of(b)) {
                blocks.push(s);
            }
        }
        let mut effects = Vec::new();
        if let Some(raw_effects) = &raw.effects {
            let eloc = yaml::loc_of(raw_effects);
            for (strategy, changes) in &raw_effects.value {
                let Some(s) = self.resolve(file, text, strategy, eloc) else {
                    continue;
                };
                for (what, by) in changes {
                    if !by.is_finite() || *by == 0.0 {
                        self.problem(
                            file,
                            text,
                            eloc,
                            format!("effect `{strategy}.{what}` must be a non-zero number"),
                            None,
                        );
                    } else if what == "points" {
                        effects.push(Effect::Points {
                            strategy: s,
                            by: *by,
                        });
                    } else if let Some(criterion) = Criterion::parse(what) {
                        effects.push(Effect::Shift {
                            strategy: s,
                            criterion,
                            by: *by,
                        });
                    } else {
                        self.unknown_criterion(file, text, eloc, what);
                    }
                }
            }
        }
        // Catalog order, then criterion order: the YAML map order must not matter.
        effects.sort_by_key(|e| match e {
            Effect::Shift {
                strategy,
                criterion,
                ..
            } => (*strategy, criterion.index()),
            Effect::Points { strategy, .. } => (*strategy, Criterion::ALL.len()),
        });
        if blocks.is_empty() && effects.is_empty() && raw.block.is_empty() && raw.effects.is_none()
        {
            self.problem(
                file,
                text,
                loc,
                format!("rule `{id}` has neither `block` nor `effects`"),
                Some("a rule must change something: block a strategy, or shift a rating".into()),
            );
        }
        self.check_placeholders(file, text, &raw.message);
        if let Some(when) = when {
            self.rules.push(Rule {
                id,
                title: raw.title.clone(),
                when,
                blocks,
                effects,
                message: raw.message.value.clone(),
                why: raw.why.clone(),
                source: raw.source.clone(),
                file: file.to_owned(),
                line: loc.line,
            });
        }
    }

    fn check_placeholders(&mut self, file: &str, text: &str, message: &Spanned<String>) {
        for name in placeholders(&message.value) {
            if fields::find(name).is_none() {
                let help = fields::did_you_mean(name, fields::FIELDS.iter().map(|f| f.path))
                    .map_or_else(
                        || {
                            "placeholders are profile field paths, such as {workload.traffic}"
                                .into()
                        },
                        |n| format!("did you mean `{{{n}}}`?"),
                    );
                self.problem(
                    file,
                    text,
                    yaml::loc_of(message),
                    format!("unknown placeholder `{{{name}}}` in message"),
                    Some(help),
                );
            }
        }
    }
}

/// The `{field.path}` placeholders of a message.
pub fn placeholders(message: &str) -> impl Iterator<Item = &str> {
    message
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
}

#[cfg(test)]
mod tests {
    use super::*;

    const STRATEGY: &str = "strategies:\n  - id: a\n    name: A\n    summary: s\n    ratings: {cost: 5, operability: 5, scalability: 5, resilience: 5, security: 5, portability: 5, performance: 5, delivery_speed: 5}\n    source: x\n";

    #[test]
    fn the_builtin_catalog_read_from_json_equals_the_one_read_from_yaml() {
        let files: Vec<(String, String)> = BUILTIN
            .iter()
            .map(|f| (f.name.to_owned(), f.yaml.to_owned()))
            .collect();
        assert_eq!(Catalog::builtin(), Catalog::from_files(&files).unwrap());
        for f in BUILTIN {
            assert!(f.json.is_some(), "build.rs made no JSON of {}", f.name);
        }
    }

    #[test]
    fn the_builtin_catalog_equals_the_rules_directory_read_with_dash_dash_rules() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
        let mut from_dir = Catalog::from_dir(&dir).unwrap();
        // Only the file names differ: absolute paths against `rules/...`.
        for rule in &mut from_dir.rules {
            let name = Path::new(&rule.file).file_name().unwrap().to_string_lossy();
            rule.file = format!("rules/{name}");
        }
        assert_eq!(Catalog::builtin(), from_dir);
    }

    fn load(rules: &str) -> Result<Catalog, Diagnostics> {
        Catalog::from_files(&[
            ("s.yaml".into(), STRATEGY.into()),
            ("r.yaml".into(), rules.into()),
        ])
    }

    fn rule(when: &str, effect: &str) -> String {
        format!(
            "rules:\n  - id: r-one\n    title: t\n    when: {when}\n    {effect}\n    message: m\n    why: w\n    source: s\n"
        )
    }

    #[test]
    fn the_builtin_rules_read_every_profile_field_and_touch_every_strategy() {
        let c = Catalog::builtin();
        // Priorities are read by the scoring itself, as weights.
        for (id, field) in fields::FIELDS.iter().enumerate() {
            let read = c.rules.iter().any(|r| r.when.fields().contains(&id));
            assert!(read || field.is_priority(), "no rule reads {}", field.path);
        }
        for (s, strategy) in c.strategies.iter().enumerate() {
            let touched = c
                .rules
                .iter()
                .any(|r| r.blocks.contains(&s) || r.effects.iter().any(|e| e.strategy() == s));
            assert!(touched, "no rule affects {}", strategy.id);
        }
        assert!(c.rules.len() >= 30, "{} rules", c.rules.len());
    }

    #[test]
    fn the_builtin_catalog_loads() {
        let c = Catalog::builtin();
        assert_eq!(
            c.strategy_ids(),
            ["multi-instance", "container", "serverless", "service-mesh"]
        );
    }

    #[test]
    fn a_valid_rule_loads_with_its_effects() {
        let c = load(&rule(
            "{eq: {field: workload.gpu, value: true}}",
            "effects: {a: {cost: -2, points: 3}}",
        ))
        .unwrap();
        assert_eq!(
            c.rules[0].effects,
            [
                Effect::Shift {
                    strategy: 0,
                    criterion: Criterion::Cost,
                    by: -2.0
                },
                Effect::Points {
                    strategy: 0,
                    by: 3.0
                },
            ]
        );
    }

    #[test]
    fn mistakes_are_reported_with_file_and_line() {
        let err = load(&rule(
            "{eq: {field: workload.gpu, value: true}}",
            "block: [b]",
        ))
        .unwrap_err();
        assert_eq!(err.0[0].file, "r.yaml");
        assert_eq!(err.0[0].loc.line, 5);
        assert!(err.0[0].message.contains("unknown strategy `b`"));
        let err = load(&rule(
            "{eq: {field: workload.gpuu, value: true}}",
            "block: [a]",
        ))
        .unwrap_err();
        assert!(
            err.to_string().contains("did you mean `workload.gpu`?"),
            "{err}"
        );
        let err = load(&rule(
            "{eq: {field: workload.gpu, value: true}}",
            "effects: {a: {costs: 1}}",
        ))
        .unwrap_err();
        assert!(err.to_string().contains("did you mean `cost`?"), "{err}");
        let err = load(&rule(
            "{eq: {field: workload.gpu, value: true}}",
            "blocks: [a]",
        ))
        .unwrap_err();
        assert!(err.to_string().contains("blocks"), "{err}");
        let twice = rule("{eq: {field: workload.gpu, value: true}}", "block: [a]");
        let err = load(&format!("{twice}{}", twice.trim_start_matches("rules:\n"))).unwrap_err();
        assert!(
            err.to_string().contains("rule id `r-one` is used twice"),
            "{err}"
        );
        let err = load(
            &rule(
                "{eq: {field: workload.gpu, value: true}}",
                "effects: {a: {cost: 1}}",
            )
            .replace("message: m", "message: \"{workload.gpus}\""),
        )
        .unwrap_err();
        assert!(err.to_string().contains("unknown placeholder"), "{err}");
        let err = load("rules: [").unwrap_err();
        assert!(err.to_string().starts_with("error: r.yaml:"), "{err}");
    }

    #[test]
    fn a_catalog_without_rules_is_an_error() {
        let err = Catalog::from_files(&[("s.yaml".into(), STRATEGY.into())]).unwrap_err();
        assert!(err.to_string().contains("no rules"), "{err}");
    }
}
