//! Loading a catalog: the raw serde forms of a rules file, and the one
//! builder that checks everything a rule author can get wrong (unknown
//! keys, field paths, operators, strategies and criteria, duplicate
//! identifiers, ratings out of range) and reports it with the file, line
//! and column. Packs load through the same builder, seeded with the
//! catalog beneath.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::domain::condition::RawCondition;
use crate::domain::fields::{self};
use crate::domain::prices::PriceBook;
use crate::text::diag::{Diagnostic, Diagnostics};
use crate::text::yaml::{self, Loc};

use super::files::{BUILTIN, files_label, read_rules_dir, read_rules_dir_nonempty};
use super::types::*;

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
        // The model checks (crate::domain::model) cost a load's time; the test
        // suite runs them on the built-in catalog instead.
        let mut catalog = Catalog::parse_and_build(&files, false, |name, text| {
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
        Catalog::from_files(&read_rules_dir_nonempty(dir)?)
    }

    /// Loads the pack in `dir` on top of this catalog (`--extend`).
    pub fn extend(&mut self, dir: &Path) -> Result<(), Diagnostics> {
        let files = read_rules_dir(dir)?;
        self.extend_with(&dir.display().to_string(), &files)
    }

    /// Adds a pack's rules files (file name, YAML text) to this catalog:
    /// new rules, overrides (`override: true`) and `disable:` entries, all
    /// checked as a whole catalog is, and the model checked again with them.
    pub fn extend_with(
        &mut self,
        dir: &str,
        files: &[(String, String)],
    ) -> Result<(), Diagnostics> {
        let mut b = Builder {
            strategies: self.strategies.clone(),
            strategy_locs: self
                .strategies
                .iter()
                .map(|s| (s.id.clone(), "the catalog".to_owned(), Loc::default()))
                .collect(),
            rules: self.rules.clone(),
            rule_locs: self
                .rules
                .iter()
                .map(|r| {
                    (
                        r.id.clone(),
                        (
                            r.file.clone(),
                            Loc {
                                line: r.line,
                                col: 5,
                            },
                        ),
                    )
                })
                .collect(),
            problems: Vec::new(),
            pack: Some(Pack {
                dir: dir.to_owned(),
                added: Vec::new(),
                overridden: Vec::new(),
                disabled: Vec::new(),
            }),
            base_rules: self.rules.iter().map(|r| r.id.clone()).collect(),
        };
        let mut parsed = Vec::new();
        for (name, text) in files {
            match yaml::from_str::<Option<RawFile>>(text) {
                Ok(Some(raw)) => parsed.push((name.as_str(), text.as_str(), raw)),
                Ok(None) => {}
                Err(err) => b.problems.push(Diagnostic::from_syntax(name, text, err)),
            }
        }
        let count = b.rules.len() + parsed.iter().map(|(_, _, r)| r.rules.len()).sum::<usize>();
        if count > MAX_RULES {
            return Err(Diagnostic::new(
                dir,
                "",
                Loc::default(),
                format!(
                    "with this pack the catalog has {count} rules; at most {MAX_RULES} are read"
                ),
            )
            .into());
        }
        for (name, text, raw) in &parsed {
            if let Some(first) = raw.strategies.first() {
                b.problem(
                    name,
                    text,
                    yaml::loc_of(&first.id),
                    "a pack adds rules, not strategies".into(),
                    Some("strategies belong in a whole catalog given with `--rules DIR`".into()),
                );
            }
            for r in &raw.rules {
                b.rule(name, text, r);
            }
        }
        for (name, text, raw) in &parsed {
            for d in &raw.disable {
                b.disable(name, text, d);
            }
        }
        if b.problems.is_empty() {
            b.problems.extend(crate::domain::catalog::model::problems(
                &b.strategies,
                &b.rules,
            ));
        }
        if !b.problems.is_empty() {
            return Err(Diagnostics(b.problems));
        }
        self.rules = b.rules;
        self.packs.push(b.pack.expect("set above"));
        Ok(())
    }

    /// Builds a catalog from (file name, YAML text) pairs, reporting every problem.
    pub fn from_files(files: &[(String, String)]) -> Result<Catalog, Diagnostics> {
        Catalog::parse_and_build(files, true, |_, text| yaml::from_str(text))
    }

    /// Parses each file with `parse`, then builds the catalog from them all.
    fn parse_and_build(
        files: &[(String, String)],
        check_model: bool,
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
        Catalog::build(files, parsed, b, check_model)
    }

    /// Builds a catalog from parsed files, reporting every problem (added
    /// to those `b` already holds).
    fn build(
        files: &[(String, String)],
        parsed: Vec<(&str, &str, RawFile)>,
        mut b: Builder,
        check_model: bool,
    ) -> Result<Catalog, Diagnostics> {
        let (strategies, rules) = (
            parsed
                .iter()
                .map(|(_, _, r)| r.strategies.len())
                .sum::<usize>(),
            parsed.iter().map(|(_, _, r)| r.rules.len()).sum::<usize>(),
        );
        if strategies > MAX_STRATEGIES || rules > MAX_RULES {
            b.problems.push(Diagnostic::new(
                &files_label(files),
                "",
                Loc::default(),
                format!(
                    "the catalog has {strategies} strategies and {rules} rules; at most {MAX_STRATEGIES} and {MAX_RULES} are read"
                ),
            ));
            return Err(Diagnostics(b.problems));
        }
        for (name, text, raw) in &parsed {
            if let Some(d) = raw.disable.first() {
                b.problem(
                    name,
                    text,
                    yaml::loc_of(&d.rule),
                    "`disable:` is for a pack loaded on top of a catalog".into(),
                    Some("load this directory with `--extend DIR`, or delete the rule from the catalog".into()),
                );
            }
        }
        // Strategies first, from every file, so rules may name any of them.
        for (name, text, raw) in &parsed {
            for s in &raw.strategies {
                b.strategy(name, text, s);
            }
        }
        b.link_builds_on(&parsed);
        if b.problems.is_empty() {
            b.resolve_layers();
        }
        for (name, text, raw) in &parsed {
            for r in &raw.rules {
                b.rule(name, text, r);
            }
        }
        if check_model && b.problems.is_empty() {
            let model = crate::domain::catalog::model::problems(&b.strategies, &b.rules);
            b.problems.extend(model);
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
                prices: PriceBook::builtin(),
                free_tier: false,
                packs: Vec::new(),
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

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    strategies: Vec<RawStrategy>,
    #[serde(default)]
    rules: Vec<RawRule>,
    /// Built-in rules a pack switches off, each with its reason.
    #[serde(default)]
    disable: Vec<RawDisable>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDisable {
    rule: Spanned<String>,
    reason: Spanned<String>,
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
    #[serde(default)]
    ratings: Option<Spanned<BTreeMap<String, f64>>>,
    #[serde(default)]
    delta: Option<Spanned<BTreeMap<String, f64>>>,
    #[serde(default)]
    variants: Vec<RawVariant>,
    source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVariant {
    id: Spanned<String>,
    name: RawNames,
    #[serde(default)]
    when: Option<RawCondition>,
    reason: Spanned<String>,
}

/// A variant's name: one for every cloud, or one per cloud with `any`.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawNames {
    One(String),
    ByCloud(BTreeMap<String, String>),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: Spanned<String>,
    title: String,
    when: RawCondition,
    #[serde(default)]
    fact: Option<Spanned<String>>,
    #[serde(default)]
    block: Vec<Spanned<String>>,
    #[serde(default)]
    effects: Option<Spanned<BTreeMap<String, BTreeMap<String, f64>>>>,
    #[serde(default)]
    from_estimate: Option<Spanned<RawFromEstimate>>,
    message: Spanned<String>,
    #[serde(default)]
    says: Option<Spanned<BTreeMap<String, String>>>,
    why: String,
    source: String,
    /// In a pack: replaces the catalog's rule of the same id.
    #[serde(default, rename = "override")]
    replaces: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFromEstimate {
    measure: String,
    criterion: String,
    per_unit: f64,
    limit: f64,
}

#[derive(Default)]
struct Builder {
    strategies: Vec<Strategy>,
    /// Each strategy's id, file and location, in catalog order.
    strategy_locs: Vec<(String, String, Loc)>,
    rules: Vec<Rule>,
    rule_locs: BTreeMap<String, (String, Loc)>,
    problems: Vec<Diagnostic>,
    /// When loading a pack: what it changes.
    pack: Option<Pack>,
    /// When loading a pack: the ids of the rules beneath it, which it may
    /// override or disable.
    base_rules: std::collections::BTreeSet<String>,
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
        let text = if self.problems.len() < crate::text::diag::MAX_SHOWN {
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
        // A base strategy has `ratings`; a layered one (`builds_on`) has `delta`.
        let layered = !raw.builds_on.is_empty();
        let (ratings, delta) = match (&raw.ratings, &raw.delta, layered) {
            (Some(r), None, false) => (self.criteria_map(file, text, &id, r, 0.0..=10.0), None),
            (None, Some(d), true) => {
                let d = self.criteria_map(file, text, &id, d, -10.0..=10.0);
                ([0.0; 8], Some(d))
            }
            (_, _, false) => {
                self.problem(file, text, loc, format!("strategy `{id}` needs `ratings` (and no `delta`)"), Some("rate every criterion from 0 to 10; `delta` is for a strategy that builds on another".into()));
                ([0.0; 8], None)
            }
            (_, _, true) => {
                self.problem(file, text, loc, format!("strategy `{id}` builds on another, so it needs `delta` (and no `ratings`)"), Some("give its difference from its base on every criterion, from -10 to 10: the base's ratings and rules reach it too".into()));
                ([0.0; 8], Some([0.0; 8]))
            }
        };
        let mut variants = Vec::new();
        for v in &raw.variants {
            let when = match v.when.as_ref().map(RawCondition::check) {
                Some(Err(e)) => {
                    self.problem(file, text, e.loc, e.message, e.help);
                    continue;
                }
                Some(Ok(c)) => Some(c),
                None => None,
            };
            let names = match &v.name {
                RawNames::One(n) => vec![("any".to_owned(), n.clone())],
                RawNames::ByCloud(map) => map.iter().map(|(k, n)| (k.clone(), n.clone())).collect(),
            };
            let clouds = ["aws", "azure", "gcp", "other", "any"];
            if let Some((bad, _)) = names.iter().find(|(k, _)| !clouds.contains(&k.as_str())) {
                self.problem(
                    file,
                    text,
                    yaml::loc_of(&v.id),
                    format!("variant `{}` names a cloud `{bad}`", v.id.value),
                    Some(format!("name keys are: {}", clouds.join(", "))),
                );
            } else if !names.iter().any(|(k, _)| k == "any") {
                self.problem(
                    file,
                    text,
                    yaml::loc_of(&v.id),
                    format!("variant `{}` has no `any` name", v.id.value),
                    Some("give the name to show when the profile states no cloud".into()),
                );
            }
            self.check_placeholders(file, text, &v.reason, &[]);
            variants.push(Variant {
                id: v.id.value.clone(),
                names,
                when,
                reason: v.reason.value.clone(),
            });
        }
        if variants.iter().rev().skip(1).any(|v| v.when.is_none())
            || variants.last().is_some_and(|v| v.when.is_some())
        {
            self.problem(
                file,
                text,
                loc,
                format!("strategy `{id}`: only its last variant may (and must) have no `when`"),
                Some(
                    "variants are tried in order; the last one is the fallback that always applies"
                        .into(),
                ),
            );
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
            delta,
            variants,
            source: raw.source.clone(),
        });
    }

    /// A map of the eight criteria to numbers within `range`, every one present.
    fn criteria_map(
        &mut self,
        file: &str,
        text: &str,
        id: &str,
        raw: &Spanned<BTreeMap<String, f64>>,
        range: std::ops::RangeInclusive<f64>,
    ) -> [f64; 8] {
        let mut out = [0.0; 8];
        let at = yaml::loc_of(raw);
        let mut missing = Vec::new();
        for c in Criterion::ALL {
            match raw.value.get(c.name()) {
                Some(r) if range.contains(r) => out[c.index()] = *r,
                Some(r) => self.problem(
                    file,
                    text,
                    at,
                    format!(
                        "rating of `{id}` on {c} is {r}, outside {} to {}",
                        range.start(),
                        range.end()
                    ),
                    None,
                ),
                None => missing.push(c.name()),
            }
        }
        if !missing.is_empty() {
            self.problem(
                file,
                text,
                at,
                format!("strategy `{id}` has no rating for {}", missing.join(", ")),
                Some("rate every criterion".into()),
            );
        }
        for name in raw.value.keys() {
            if Criterion::parse(name).is_none() {
                self.unknown_criterion(file, text, at, name);
            }
        }
        out
    }

    fn unknown_criterion(&mut self, file: &str, text: &str, loc: Loc, name: &str) {
        let names = Criterion::ALL.map(Criterion::name);
        let help = match crate::text::hint::did_you_mean(name, names) {
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
            let help = match crate::text::hint::did_you_mean(name, ids.iter().copied()) {
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
                if let Some(extra) = s.builds_on.get(1) {
                    self.problem(
                        file,
                        text,
                        yaml::loc_of(extra),
                        format!("strategy `{}` builds on more than one strategy", s.id.value),
                        Some("a layered strategy is its one base plus its own delta".into()),
                    );
                }
                for base in s.builds_on.iter().take(1) {
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

    /// A layered strategy's ratings: its base's, plus its own delta. Bases
    /// come first whatever the file order (no cycles by now).
    fn resolve_layers(&mut self) {
        let mut done: Vec<bool> = self.strategies.iter().map(|s| s.delta.is_none()).collect();
        while done.iter().any(|d| !d) {
            for i in 0..self.strategies.len() {
                let Some(base) = self.strategies[i].base() else {
                    continue;
                };
                if done[i] || !done[base] {
                    continue;
                }
                let delta = self.strategies[i].delta.unwrap_or_default();
                let base_ratings = self.strategies[base].ratings;
                let ratings = std::array::from_fn(|c| base_ratings[c] + delta[c]);
                self.strategies[i].ratings = ratings;
                done[i] = true;
            }
        }
        for (i, s) in self.strategies.iter().enumerate() {
            if let Some(c) = Criterion::ALL
                .iter()
                .find(|c| !(0.0..=10.0).contains(&s.ratings[c.index()]))
            {
                let (id, file, loc) = self.strategy_locs[i].clone();
                self.problems.push(Diagnostic::new(
                    &file,
                    "",
                    loc,
                    format!(
                        "strategy `{id}`'s delta takes its rating on {c} to {}, outside 0 to 10",
                        s.ratings[c.index()]
                    ),
                ));
            }
        }
    }

    fn rule(&mut self, file: &str, text: &str, raw: &RawRule) {
        let loc = yaml::loc_of(&raw.id);
        let id = raw.id.value.clone();
        if !is_kebab(&id) {
            self.problem(file, text, loc, format!("rule id `{id}` is not kebab-case"), Some("use lower-case words joined by hyphens, such as serverless-beyond-faas-time-limit".into()));
        }
        let replaces = raw.replaces && self.base_rules.contains(&id);
        if raw.replaces && !replaces {
            let help = match &self.pack {
                Some(_) => crate::text::hint::did_you_mean(&id, self.base_rules.iter().map(String::as_str))
                    .map_or_else(
                        || "`override: true` replaces a rule of the catalog beneath the pack; drop it to add a new rule".into(),
                        |n| format!("did you mean `{n}`?"),
                    ),
                None => "`override: true` is for a pack loaded with `--extend DIR`".into(),
            };
            self.problem(
                file,
                text,
                loc,
                format!("rule `{id}` overrides no rule of the catalog"),
                Some(help),
            );
            return;
        }
        match self.rule_locs.get(&id).cloned() {
            Some(_) if replaces && !self.is_overridden(&id) => {
                self.rules.retain(|r| r.id != id);
                if let Some(pack) = &mut self.pack {
                    pack.overridden.push(PackChange {
                        rule: id.clone(),
                        reason: raw.why.trim().to_owned(),
                        file: file.to_owned(),
                        line: loc.line,
                    });
                }
            }
            Some((other_file, other)) => {
                let help = if self.base_rules.contains(&id) && !self.is_overridden(&id) {
                    format!(
                        "the catalog defines it at {other_file}:{other}; add `override: true` to replace it, or pick a new id"
                    )
                } else {
                    format!("first used at {other_file}:{other}; ids are unique and never reused")
                };
                self.problem(
                    file,
                    text,
                    loc,
                    format!("rule id `{id}` is used twice"),
                    Some(help),
                );
                return;
            }
            None => {}
        }
        self.rule_locs.insert(id.clone(), (file.to_owned(), loc));
        if let Some(pack) = self.pack.as_mut().filter(|_| !replaces) {
            pack.added.push(id.clone());
        }
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
            Ok(c) if c.size() > MAX_CONDITION => {
                self.problem(
                    file,
                    text,
                    loc,
                    format!(
                        "rule `{id}`'s condition has {} parts; at most {MAX_CONDITION} are read",
                        c.size()
                    ),
                    Some("split it into several rules".into()),
                );
                None
            }
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
                    let most = if what == "points" {
                        MAX_POINTS
                    } else {
                        MAX_SHIFT
                    };
                    if !by.is_finite() || *by == 0.0 || by.abs() > most {
                        self.problem(
                            file,
                            text,
                            eloc,
                            format!(
                                "effect `{strategy}.{what}` must be a non-zero number from -{most} to {most}, not {}",
                                if by.abs() >= 1e6 { format!("{by:e}") } else { fields::format_number(*by) }
                            ),
                            Some("a shift moves a 0-10 rating; points move a 0-100 score".into()),
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
        let estimate = raw.from_estimate.as_ref().and_then(|e| {
            let at = yaml::loc_of(e);
            let e = &e.value;
            let measure = match e.measure.as_str() {
                "cost-doublings" => Measure::CostDoublings,
                "latency-share" => Measure::LatencyShare,
                other => {
                    self.problem(file, text, at, format!("unknown measure `{other}`"), Some("measures are: cost-doublings, latency-share".into()));
                    return None;
                }
            };
            let Some(criterion) = Criterion::parse(&e.criterion) else {
                self.unknown_criterion(file, text, at, &e.criterion);
                return None;
            };
            let same_sign = e.per_unit.is_finite() && e.limit.is_finite() && e.per_unit * e.limit > 0.0;
            if !same_sign || e.limit.abs() > 10.0 {
                self.problem(file, text, at, format!("rule `{id}`: `per_unit` and `limit` must be non-zero, of the same sign, and `limit` within -10 to 10"), None);
                return None;
            }
            Some(FromEstimate { measure, criterion, per_unit: e.per_unit, limit: e.limit })
        });
        let changes = !(blocks.is_empty()
            && effects.is_empty()
            && raw.block.is_empty()
            && raw.effects.is_none());
        match (changes, raw.from_estimate.is_some()) {
            (false, false) => self.problem(
                file,
                text,
                loc,
                format!("rule `{id}` has neither `block` nor `effects`"),
                Some("a rule must change something: block a strategy, or shift a rating".into()),
            ),
            (true, true) => self.problem(
                file,
                text,
                loc,
                format!("rule `{id}` has `from_estimate` and also `block` or `effects`"),
                Some("an estimate-driven rule moves every strategy by its own figure; put fixed effects in another rule".into()),
            ),
            _ => {}
        }
        let extra = estimate.map_or(&[][..], |e| e.measure.placeholders());
        self.check_placeholders(file, text, &raw.message, extra);
        let mut says = Vec::new();
        if let Some(raw_says) = &raw.says {
            let at = yaml::loc_of(raw_says);
            for (strategy, consequence) in &raw_says.value {
                let Some(s) = self.resolve(file, text, strategy, at) else {
                    continue;
                };
                let moved = blocks.contains(&s) || effects.iter().any(|e| e.strategy() == s);
                if !moved {
                    self.problem(file, text, at, format!("rule `{id}` says something about `{strategy}` but does not move it"), Some("`says` gives the consequence for each strategy the rule blocks or shifts".into()));
                }
                if consequence.trim().is_empty() {
                    self.problem(
                        file,
                        text,
                        at,
                        format!("rule `{id}` says nothing about `{strategy}`"),
                        None,
                    );
                }
                for name in placeholders(consequence) {
                    if fields::find(name).is_none() {
                        self.problem(
                            file,
                            text,
                            at,
                            format!("unknown placeholder `{{{name}}}` in `says`"),
                            None,
                        );
                    }
                }
                says.push((s, consequence.clone()));
            }
        }
        // Each strategy a rule moves hears the reason from its own side: a
        // rule that moves several strategies says what it means for each.
        let mut moved: Vec<StrategyId> = blocks
            .iter()
            .copied()
            .chain(effects.iter().map(|e| e.strategy()))
            .collect();
        moved.sort_unstable();
        moved.dedup();
        if moved.len() > 1 {
            let silent: Vec<&str> = moved
                .iter()
                .filter(|m| !says.iter().any(|(s, _)| s == *m))
                .map(|&m| self.strategies[m].id.as_str())
                .collect();
            if !silent.is_empty() {
                let list = silent.join(", ");
                self.problem(file, text, loc, format!("rule `{id}` moves several strategies but `says` nothing for {list}"), Some("keep `message` to the neutral fact and give each moved strategy its consequence under `says`".into()));
            }
        }
        if let Some(when) = &when {
            let known: Vec<String> = self.strategies.iter().map(|s| s.id.clone()).collect();
            for c in when.current_ids() {
                if !known.iter().any(|k| k == c) {
                    self.problem(
                        file,
                        text,
                        loc,
                        format!("rule `{id}` tests `current` for an unknown strategy `{c}`"),
                        Some(format!("strategies are: {}", known.join(", "))),
                    );
                }
            }
        }
        let fact = match (&raw.fact, &when) {
            (Some(f), Some(w)) => {
                match fields::find(&f.value) {
                    Some(id) if w.fields().contains(&id) => Some(id),
                    Some(_) => {
                        self.problem(file, text, yaml::loc_of(f), format!("rule `{id}` names `{}` as its fact but its condition does not read it", f.value), Some("the fact is the profile field whose value the rule is the effect of".into()));
                        None
                    }
                    None => {
                        self.problem(
                            file,
                            text,
                            yaml::loc_of(f),
                            format!("unknown field path `{}`", f.value),
                            crate::text::hint::did_you_mean(
                                &f.value,
                                fields::FIELDS.iter().map(|f| f.path),
                            )
                            .map(|n| format!("did you mean `{n}`?")),
                        );
                        None
                    }
                }
            }
            (None, Some(w)) => w.fields().first().copied(),
            _ => None,
        };
        if let Some(when) = when {
            self.rules.push(Rule {
                id,
                title: raw.title.clone(),
                when,
                fact,
                blocks,
                effects,
                estimate,
                message: raw.message.value.clone(),
                says,
                why: raw.why.clone(),
                source: raw.source.clone(),
                file: file.to_owned(),
                line: loc.line,
            });
        }
    }

    /// Whether this pack already overrides `id` (once is enough).
    fn is_overridden(&self, id: &str) -> bool {
        self.pack
            .as_ref()
            .is_some_and(|p| p.overridden.iter().any(|c| c.rule == id))
    }

    /// A pack's `disable:` entry: switches off a rule of the catalog beneath.
    fn disable(&mut self, file: &str, text: &str, raw: &RawDisable) {
        let (id, loc) = (raw.rule.value.as_str(), yaml::loc_of(&raw.rule));
        let reason = raw.reason.value.trim();
        if reason.is_empty() {
            self.problem(
                file,
                text,
                yaml::loc_of(&raw.reason),
                format!("disabling `{id}` needs a reason"),
                Some("say why the organisation switches it off; every report shows it".into()),
            );
            return;
        }
        let known = self.base_rules.contains(id);
        let already = self
            .pack
            .as_ref()
            .is_some_and(|p| p.disabled.iter().any(|c| c.rule == id));
        if !known || already || self.is_overridden(id) {
            let (message, help) = if already {
                (format!("rule `{id}` is disabled twice"), None)
            } else if known {
                (
                    format!("rule `{id}` is both overridden and disabled"),
                    Some("keep one: the override replaces it, `disable` removes it".into()),
                )
            } else {
                (
                    format!("no rule `{id}` to disable in the catalog beneath the pack"),
                    crate::text::hint::did_you_mean(id, self.base_rules.iter().map(String::as_str))
                        .map(|n| format!("did you mean `{n}`?")),
                )
            };
            self.problem(file, text, loc, message, help);
            return;
        }
        self.rules.retain(|r| r.id != id);
        if let Some(pack) = &mut self.pack {
            pack.disabled.push(PackChange {
                rule: id.to_owned(),
                reason: reason.to_owned(),
                file: file.to_owned(),
                line: loc.line,
            });
        }
    }

    fn check_placeholders(
        &mut self,
        file: &str,
        text: &str,
        message: &Spanned<String>,
        extra: &[&str],
    ) {
        // Other people's text is bounded: a message is written into every
        // reason of every strategy it moves.
        let (chars, holes) = (
            message.value.chars().count(),
            placeholders(&message.value).count(),
        );
        if chars > MAX_TEXT || holes > MAX_PLACEHOLDERS {
            self.problem(
                file,
                text,
                yaml::loc_of(message),
                format!("a message of {chars} characters and {holes} placeholders is too long"),
                Some(format!(
                    "keep it to {MAX_TEXT} characters and {MAX_PLACEHOLDERS} placeholders"
                )),
            );
            return;
        }
        for name in placeholders(&message.value) {
            if fields::find(name).is_none() && !extra.contains(&name) {
                let help =
                    crate::text::hint::did_you_mean(name, fields::FIELDS.iter().map(|f| f.path))
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

    /// Fields no rule reads, each for a reason.
    const UNSCORED: &[(&str, &str)] = &[
        (
            "requirements.compliance",
            "regulation favours no strategy: AWS lists Lambda, ECS, EKS and EC2 in scope for PCI DSS, HIPAA and FedRAMP alike",
        ),
        (
            "team.engineer_monthly_cost",
            "prices labour in the cost estimate",
        ),
        ("workload.avg_duration_ms", "sizes the cost estimate"),
        ("workload.cpu_ms", "sizes the cost estimate"),
        (
            "workload.runtime",
            "sizes cold starts in the latency and cost estimates",
        ),
        (
            "workload.call_depth",
            "sizes the latency estimate (proxy hops on the critical path)",
        ),
    ];

    #[test]
    fn the_builtin_rules_read_every_profile_field_and_touch_every_strategy() {
        let c = Catalog::builtin();
        // Priorities are read by the scoring itself, as weights.
        for (id, field) in fields::FIELDS.iter().enumerate() {
            let read = c.rules.iter().any(|r| r.when.fields().contains(&id));
            let unscored = UNSCORED.iter().any(|(f, _)| *f == field.path);
            assert!(
                read != unscored || field.is_priority(),
                "{}: read by a rule: {read}, listed as unscored: {unscored}",
                field.path
            );
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
    fn the_builtin_catalog_is_a_sound_model() {
        let c = Catalog::builtin();
        let problems = crate::domain::catalog::model::problems(&c.strategies, &c.rules);
        assert!(problems.is_empty(), "{}", Diagnostics(problems).to_string());
    }

    #[test]
    fn every_builtin_source_names_a_document_a_reader_can_find() {
        for r in &Catalog::builtin().rules {
            let vague = ["one study", "a study", "seed article"];
            let rest = vague
                .iter()
                .fold(r.source.to_lowercase(), |s, v| s.replace(v, ""));
            assert!(
                rest.trim_matches(|c: char| !c.is_alphanumeric()).len() > 10,
                "{}: source `{}` names no findable document",
                r.id,
                r.source
            );
        }
    }

    fn layered(delta: &str) -> String {
        format!(
            "{STRATEGY}  - id: b\n    name: B\n    summary: s\n    builds_on: [a]\n    delta: {delta}\n    source: x\n"
        )
    }

    #[test]
    fn a_layered_strategy_is_its_base_plus_its_delta() {
        let zero = "{cost: 0, operability: 0, scalability: 0, resilience: 0, security: 0, portability: 0, performance: 0, delivery_speed: -2}";
        let c = Catalog::from_files(&[
            ("s.yaml".into(), layered(zero)),
            (
                "r.yaml".into(),
                rule("{eq: {field: workload.gpu, value: true}}", "block: [a]"),
            ),
        ])
        .unwrap();
        assert_eq!(
            c.strategies[1].ratings[Criterion::DeliverySpeed.index()],
            3.0
        );
        assert_eq!(c.strategies[1].base(), Some(0));
        let err = Catalog::from_files(&[
            ("s.yaml".into(), layered(zero).replace("delta:", "ratings:")),
            (
                "r.yaml".into(),
                rule("{eq: {field: workload.gpu, value: true}}", "block: [a]"),
            ),
        ])
        .unwrap_err();
        assert!(err.to_string().contains("needs `delta`"), "{err}");
        let err = Catalog::from_files(&[
            ("s.yaml".into(), layered(&zero.replace("-2", "-7"))),
            (
                "r.yaml".into(),
                rule("{eq: {field: workload.gpu, value: true}}", "block: [a]"),
            ),
        ])
        .unwrap_err();
        assert!(err.to_string().contains("outside 0 to 10"), "{err}");
    }

    fn two_rules(first: &str, second: &str) -> String {
        format!(
            "rules:\n  - id: r-one\n    title: t\n    {first}\n    message: m\n    why: w\n    source: s\n  - id: r-two\n    title: t\n    {second}\n    message: m\n    why: w\n    source: s\n"
        )
    }

    #[test]
    fn one_fact_cannot_move_a_strategy_twice() {
        // Two rules on the same duration that can fire together: refused.
        let err = load(&two_rules(
            "when: {gt: {field: workload.max_duration_s, value: 30}}\n    effects: {a: {delivery_speed: -1}}",
            "when: {gt: {field: workload.max_duration_s, value: 900}}\n    effects: {a: {portability: -1}}",
        ))
        .unwrap_err();
        assert!(
            err.to_string().contains("one fact would count twice"),
            "{err}"
        );
        // Tiers of the same fact that exclude each other: accepted.
        load(&two_rules(
            "when: {all: [{gt: {field: workload.max_duration_s, value: 30}}, {lte: {field: workload.max_duration_s, value: 900}}]}\n    effects: {a: {delivery_speed: -1}}",
            "when: {gt: {field: workload.max_duration_s, value: 900}}\n    effects: {a: {delivery_speed: -2}}",
        ))
        .unwrap();
        // Exclusive by another field (one provider's limit each): accepted.
        load(&two_rules(
            "when: {all: [{gt: {field: workload.max_duration_s, value: 230}}, {eq: {field: system.cloud, value: azure}}]}\n    effects: {a: {delivery_speed: -1}}",
            "when: {all: [{gt: {field: workload.max_duration_s, value: 900}}, {any: [{unknown: {field: system.cloud}}, {eq: {field: system.cloud, value: other}}]}]}\n    effects: {a: {delivery_speed: -2}}",
        ))
        .unwrap();
        // Different facts that share a field may not shift the same criterion.
        let err = load(&two_rules(
            "when: {eq: {field: workload.traffic, value: spiky}}\n    effects: {a: {cost: 1}}",
            "when: {all: [{lt: {field: workload.latency_slo_ms, value: 500}}, {in: {field: workload.traffic, values: [spiky, sporadic]}}]}\n    effects: {a: {cost: -1}}",
        ))
        .unwrap_err();
        assert!(err.to_string().contains("both shift `a` on cost"), "{err}");
    }

    #[test]
    fn ratings_that_could_leave_zero_to_ten_are_refused() {
        let err = load(&two_rules(
            "when: {eq: {field: workload.traffic, value: spiky}}\n    effects: {a: {cost: 3}}",
            "when: {eq: {field: workload.gpu, value: true}}\n    effects: {a: {cost: 3}}",
        ))
        .unwrap_err();
        assert!(err.to_string().contains("can reach 11"), "{err}");
        // The same shifts on exclusive conditions cannot add up: accepted.
        load(&two_rules(
            "when: {eq: {field: workload.traffic, value: spiky}}\n    effects: {a: {cost: 3}}",
            "when: {eq: {field: workload.traffic, value: steady}}\n    effects: {a: {cost: 3}}",
        ))
        .unwrap();
    }

    #[test]
    fn a_rule_that_moves_several_strategies_speaks_for_each() {
        let two = format!(
            "{STRATEGY}  - id: c\n    name: C\n    summary: s\n    ratings: {{cost: 5, operability: 5, scalability: 5, resilience: 5, security: 5, portability: 5, performance: 5, delivery_speed: 5}}\n    source: x\n"
        );
        let files = |r: &str| -> Vec<(String, String)> {
            vec![("s.yaml".into(), two.clone()), ("r.yaml".into(), r.into())]
        };
        let silent = rule(
            "{eq: {field: workload.gpu, value: true}}",
            "effects: {a: {cost: 1}, c: {cost: -1}}",
        );
        let err = Catalog::from_files(&files(&silent)).unwrap_err();
        assert!(err.to_string().contains("`says` nothing for a, c"), "{err}");
        let spoken = silent.replace(
            "message: m",
            "message: m\n    says: {a: \"good for a\", c: \"bad for c\"}",
        );
        let c = Catalog::from_files(&files(&spoken)).unwrap();
        assert_eq!(c.rules[0].says(1), Some("bad for c"));
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
