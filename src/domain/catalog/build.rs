//! Loading a catalog: the raw serde forms of a rules file, and the one
//! builder that checks everything a rule author can get wrong (unknown
//! keys, field paths, operators, strategies and criteria, duplicate
//! identifiers, ratings out of range) and reports it with the file, line
//! and column. Packs load through the same builder, seeded with the
//! catalog beneath.

use std::collections::BTreeMap;

use serde_saphyr::Spanned;

use crate::domain::prices::PriceBook;
use crate::text::diag::{Diagnostic, Diagnostics};
use crate::text::yaml::{self, Loc};

use super::files::{BUILTIN, files_label};
use super::raw::{RawFile, RawNames, RawStrategy};
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
    #[cfg(test)]
    pub(crate) fn from_dir(dir: &std::path::Path) -> Result<Catalog, Diagnostics> {
        Catalog::from_files(&super::files::read_rules_dir_nonempty(dir, &mut {
            super::MAX_CATALOG_BYTES
        })?)
    }

    /// Adds a pack's rules files (file name, YAML text) to this catalog:
    /// new rules, overrides (`override: true`) and `disable:` entries, all
    /// checked as a whole catalog is, and the model checked again with them.
    /// Public for the `pack` fuzz target.
    pub fn extend_with(
        &mut self,
        dir: &str,
        files: &[(String, String)],
    ) -> Result<(), Diagnostics> {
        let built = Builder::on(self, dir).build(files, true, |_, text| yaml::from_str(text))?;
        self.rules = built.rules;
        self.packs
            .push(built.pack.expect("a pack's builder keeps its pack"));
        Ok(())
    }

    /// Builds a catalog from (file name, YAML text) pairs, reporting every problem.
    pub fn from_files(files: &[(String, String)]) -> Result<Catalog, Diagnostics> {
        Catalog::parse_and_build(files, true, |_, text| yaml::from_str(text))
    }

    /// Builds a whole catalog from files, each parsed with `parse`.
    fn parse_and_build(
        files: &[(String, String)],
        check_model: bool,
        parse: impl Fn(&str, &str) -> Result<Option<RawFile>, yaml::SyntaxError>,
    ) -> Result<Catalog, Diagnostics> {
        let built = Builder::default().build(files, check_model, parse)?;
        Ok(Catalog {
            strategies: built.strategies,
            rules: built.rules,
            prices: PriceBook::builtin(),
            free_tier: false,
            packs: Vec::new(),
        })
    }

    pub fn strategy(&self, id: &str) -> Option<StrategyId> {
        self.strategies
            .iter()
            .position(|s| s.id == id)
            .map(StrategyId::new)
    }

    pub fn strategy_ids(&self) -> Vec<&str> {
        self.strategies.iter().map(|s| s.id.as_str()).collect()
    }

    pub(crate) fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }
}

#[derive(Default)]
pub(super) struct Builder {
    pub(super) strategies: Vec<Strategy>,
    /// Each strategy's id, file and location, in catalog order.
    pub(super) strategy_locs: Vec<(String, String, Loc)>,
    pub(super) rules: Vec<Rule>,
    pub(super) rule_locs: BTreeMap<String, (String, Loc)>,
    pub(super) problems: Vec<Diagnostic>,
    /// When loading a pack: what it changes.
    pub(super) pack: Option<Pack>,
    /// When loading a pack: the ids of the rules beneath it, which it may
    /// override or disable.
    pub(super) base_rules: std::collections::BTreeSet<String>,
}

/// Identifiers are kebab-case words: stable, greppable, safe in every format.
pub(super) fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// What a builder made: a catalog's strategies and rules, and for a pack
/// what it changed.
struct Built {
    strategies: Vec<Strategy>,
    rules: Vec<Rule>,
    pack: Option<Pack>,
}

impl Builder {
    /// A builder for a pack in `dir`, seeded with the catalog beneath it:
    /// its strategies (which rules may name), its rules (which the pack may
    /// override or disable, and whose ids it may not reuse).
    fn on(beneath: &Catalog, dir: &str) -> Builder {
        Builder {
            strategies: beneath.strategies.clone(),
            strategy_locs: beneath
                .strategies
                .iter()
                .map(|s| (s.id.clone(), "the catalog".to_owned(), Loc::default()))
                .collect(),
            rules: beneath.rules.clone(),
            rule_locs: beneath
                .rules
                .iter()
                .map(|r| {
                    let loc = Loc {
                        line: r.line,
                        col: 5,
                    };
                    (r.id.clone(), (r.file.clone(), loc))
                })
                .collect(),
            problems: Vec::new(),
            pack: Some(Pack {
                dir: dir.to_owned(),
                added: Vec::new(),
                overridden: Vec::new(),
                disabled: Vec::new(),
            }),
            base_rules: beneath.rules.iter().map(|r| r.id.clone()).collect(),
        }
    }

    /// The one path for a whole catalog and a pack alike: parse every file
    /// with `parse`, bound the sizes, read a catalog's strategies and their
    /// layers, every rule, a pack's `disable:` entries, then (with
    /// `check_model`) the model checks on the whole; every problem reported.
    fn build(
        mut self,
        files: &[(String, String)],
        check_model: bool,
        parse: impl Fn(&str, &str) -> Result<Option<RawFile>, yaml::SyntaxError>,
    ) -> Result<Built, Diagnostics> {
        let mut parsed = Vec::new();
        for (name, text) in files {
            match parse(name, text) {
                Ok(Some(raw)) => parsed.push((name.as_str(), text.as_str(), raw)),
                Ok(None) => {}
                Err(err) => self.problems.push(Diagnostic::from_syntax(name, text, err)),
            }
        }
        self.bound_size(files, &parsed)?;
        let pack = self.pack.is_some();
        for (name, text, raw) in &parsed {
            self.refuse_misplaced(name, text, raw);
        }
        if !pack {
            // Strategies first, from every file, so rules may name any of them.
            // Their ids in catalog order, for variants that test `current`
            // (a strategy left out is a problem, so the catalog never loads).
            let names: Vec<String> = (self.strategies.iter().map(|s| s.id.clone()))
                .chain(
                    parsed
                        .iter()
                        .flat_map(|(_, _, raw)| raw.strategies.iter().map(|s| s.id.value.clone())),
                )
                .collect();
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            for (name, text, raw) in &parsed {
                for s in &raw.strategies {
                    self.strategy(name, text, s, &names);
                }
            }
            self.link_builds_on(&parsed);
            if self.problems.is_empty() {
                self.resolve_layers();
            }
        }
        for (name, text, raw) in &parsed {
            for r in &raw.rules {
                self.rule(name, text, r);
            }
        }
        for (name, text, raw) in parsed.iter().filter(|_| pack) {
            for d in &raw.disable {
                self.disable(name, text, d);
            }
        }
        if check_model && self.problems.is_empty() {
            let model = crate::domain::catalog::model::problems(&self.strategies, &self.rules);
            self.problems.extend(model);
        }
        if !pack && self.problems.is_empty() {
            let none = |what: &str| {
                let message = format!("the catalog defines no {what}");
                Diagnostic::new(&files_label(files), "", Loc::default(), message)
            };
            if self.strategies.is_empty() {
                (self.problems).push(none("strategies (a file needs a `strategies:` list)"));
            }
            if self.rules.is_empty() {
                (self.problems).push(none("rules (a file needs a `rules:` list)"));
            }
        }
        if !self.problems.is_empty() {
            return Err(Diagnostics(self.problems));
        }
        Ok(Built {
            strategies: self.strategies,
            rules: self.rules,
            pack: self.pack,
        })
    }

    /// Refuses a catalog (with what the builder holds) of more strategies
    /// or rules than are read, before reading any of them.
    fn bound_size(
        &mut self,
        files: &[(String, String)],
        parsed: &[(&str, &str, RawFile)],
    ) -> Result<(), Diagnostics> {
        let strategies = self.strategies.len()
            + parsed
                .iter()
                .map(|(_, _, r)| r.strategies.len())
                .sum::<usize>();
        let rules = self.rules.len() + parsed.iter().map(|(_, _, r)| r.rules.len()).sum::<usize>();
        if strategies <= MAX_STRATEGIES && rules <= MAX_RULES {
            return Ok(());
        }
        let (label, with) = match &self.pack {
            Some(p) => (p.dir.clone(), "with this pack "),
            None => (files_label(files), ""),
        };
        self.problems.push(Diagnostic::new(
            &label,
            "",
            Loc::default(),
            format!(
                "{with}the catalog has {strategies} strategies and {rules} rules; at most {MAX_STRATEGIES} and {MAX_RULES} are read"
            ),
        ));
        Err(Diagnostics(std::mem::take(&mut self.problems)))
    }

    /// A pack adds rules (and disables them), never strategies; a whole
    /// catalog has nothing beneath it to disable.
    fn refuse_misplaced(&mut self, name: &str, text: &str, raw: &RawFile) {
        match &self.pack {
            Some(_) => {
                if let Some(first) = raw.strategies.first() {
                    self.problem(
                        name,
                        text,
                        yaml::loc_of(&first.id),
                        "a pack adds rules, not strategies".into(),
                        Some(
                            "strategies belong in a whole catalog given with `--rules DIR`".into(),
                        ),
                    );
                }
            }
            None => {
                if let Some(d) = raw.disable.first() {
                    self.problem(
                        name,
                        text,
                        yaml::loc_of(&d.rule),
                        "`disable:` is for a pack loaded on top of a catalog".into(),
                        Some("load this directory with `--extend DIR`, or delete the rule from the catalog".into()),
                    );
                }
            }
        }
    }

    pub(super) fn problem(
        &mut self,
        file: &str,
        text: &str,
        loc: Loc,
        message: String,
        help: Option<String>,
    ) {
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

    fn strategy(&mut self, file: &str, text: &str, raw: &RawStrategy, names: &[&str]) {
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
                ([0.0; CRITERIA], Some(d))
            }
            (_, _, false) => {
                self.problem(file, text, loc, format!("strategy `{id}` needs `ratings` (and no `delta`)"), Some("rate every criterion from 0 to 10; `delta` is for a strategy that builds on another".into()));
                ([0.0; CRITERIA], None)
            }
            (_, _, true) => {
                self.problem(file, text, loc, format!("strategy `{id}` builds on another, so it needs `delta` (and no `ratings`)"), Some("give its difference from its base on every criterion, from -10 to 10: the base's ratings and rules reach it too".into()));
                ([0.0; CRITERIA], Some([0.0; CRITERIA]))
            }
        };
        let variants = self.variants(file, text, &id, loc, raw, names);
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

    /// A strategy's variants: the concrete platforms it can mean, tried in
    /// order, each named for every cloud; only the last, the fallback,
    /// without a condition.
    fn variants(
        &mut self,
        file: &str,
        text: &str,
        id: &str,
        loc: Loc,
        raw: &RawStrategy,
        names: &[&str],
    ) -> Vec<Variant> {
        let mut variants = Vec::new();
        for v in &raw.variants {
            let when = match v.when.as_ref().map(|c| c.check(names)) {
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
        variants
    }

    /// A map of the criteria to numbers within `range`, every one present but
    /// those a catalog need not rate ([`Criterion::unrated`]).
    fn criteria_map(
        &mut self,
        file: &str,
        text: &str,
        id: &str,
        raw: &Spanned<BTreeMap<String, f64>>,
        range: std::ops::RangeInclusive<f64>,
    ) -> [f64; CRITERIA] {
        let mut out = [0.0; CRITERIA];
        let at = yaml::loc_of(raw);
        let mut missing = Vec::new();
        // A delta's range reaches below 0; a rating's does not.
        let is_delta = *range.start() < 0.0;
        for c in Criterion::ALL {
            match raw.value.get(c.name()) {
                Some(r) if range.contains(r) => out[c.index()] = *r,
                None if c.unrated().is_some() => {
                    let (rating, delta) = c.unrated().unwrap_or_default();
                    out[c.index()] = if is_delta { delta } else { rating };
                }
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

    pub(super) fn unknown_criterion(&mut self, file: &str, text: &str, loc: Loc, name: &str) {
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
    pub(super) fn resolve(
        &mut self,
        file: &str,
        text: &str,
        name: &str,
        loc: Loc,
    ) -> Option<StrategyId> {
        let found = self
            .strategies
            .iter()
            .position(|s| s.id == name)
            .map(StrategyId::new);
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
                let me = StrategyId::new(me);
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
                            self.strategies[me.index()].builds_on.push(b);
                        }
                    }
                }
            }
        }
        // A cycle would make "blocked because its base is blocked" undefined.
        for start in 0..self.strategies.len() {
            let start = StrategyId::new(start);
            let mut seen = vec![start];
            let mut frontier = self.strategies[start].builds_on.clone();
            while let Some(next) = frontier.pop() {
                if next == start {
                    let (id, file, loc) = self.strategy_locs[start.index()].clone();
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
                if done[i] || !done[base.index()] {
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fields;

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
        use std::path::Path;
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
        (
            "team.ops_hours_multi_instance",
            "replaces the estimate's operations hours",
        ),
        (
            "team.ops_hours_container",
            "replaces the estimate's operations hours",
        ),
        (
            "team.ops_hours_serverless",
            "replaces the estimate's operations hours",
        ),
        (
            "team.ops_hours_service_mesh",
            "replaces the estimate's operations hours",
        ),
        ("workload.avg_duration_ms", "sizes the cost estimate"),
        (
            "constraints.commitment",
            "discounts the cost estimate's prices, which the cost rules then score",
        ),
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
        for (id, field) in fields::each() {
            let read = c.rules.iter().any(|r| r.when.fields().contains(&id));
            let unscored = UNSCORED.iter().any(|(f, _)| *f == field.path);
            assert!(
                read != unscored || field.is_priority(),
                "{}: read by a rule: {read}, listed as unscored: {unscored}",
                field.path
            );
        }
        for (s, strategy) in c.each_strategy().zip(&c.strategies) {
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
        assert_eq!(c.strategies[1].base(), Some(StrategyId::new(0)));
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
        assert_eq!(c.rules[0].says(StrategyId::new(1)), Some("bad for c"));
    }

    #[test]
    fn inherit_false_is_for_effects() {
        let when = "{eq: {field: workload.gpu, value: true}}";
        let blocks = rule(when, "block: [a]\n    inherit: false");
        let err = load(&blocks).unwrap_err().to_string();
        assert!(
            err.contains("rule `r-one` has `inherit: false` but no `effects`")
                && err.contains("r.yaml:6:14"),
            "{err}"
        );
        let shifts = rule(when, "effects: {a: {cost: 1}}\n    inherit: false");
        assert!(!load(&shifts).unwrap().rules[0].inherit);
        assert!(load(&rule(when, "effects: {a: {cost: 1}}")).unwrap().rules[0].inherit);
    }

    #[test]
    fn an_effect_kept_off_the_layers_does_not_touch_them() {
        let c = Catalog::builtin();
        let id = |s: &str| c.strategy(s).unwrap();
        let burst = c
            .rule("bursty-autoscaling-where-containers-scale-to-zero")
            .unwrap();
        assert!(!burst.inherit);
        assert!(burst.touches_chain(&c, id("container")));
        assert!(!burst.touches_chain(&c, id("service-mesh")));
        // An inherited one reaches the mesh through its base.
        let diurnal = c.rule("container-elastic-diurnal").unwrap();
        assert!(diurnal.touches_chain(&c, id("service-mesh")));
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
    fn a_current_test_resolves_to_the_strategy_or_points_at_the_unknown_name() {
        let c = load(&rule("{current: [a]}", "effects: {a: {cost: -2}}")).unwrap();
        assert_eq!(c.rules[0].when.current_ids(), [StrategyId::new(0)]);
        let err = load(&rule("{current: [a, b]}", "effects: {a: {cost: -2}}"))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("r.yaml:4:") && err.contains("`current` tests an unknown strategy `b`"),
            "{err}"
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
                    strategy: StrategyId::new(0),
                    criterion: Criterion::Cost,
                    by: -2.0
                },
                Effect::Points {
                    strategy: StrategyId::new(0),
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
        // A counted noun names a number field and two words.
        let counted = |message: &str| {
            load(
                &rule(
                    "{eq: {field: workload.gpu, value: true}}",
                    "effects: {a: {cost: 1}}",
                )
                .replace("message: m", &format!("message: \"{message}\"")),
            )
        };
        assert!(counted("{team.engineers|engineer|engineers}").is_ok());
        let err = counted("{workload.traffic|shape|shapes}").unwrap_err();
        assert!(err.to_string().contains("not a number field"), "{err}");
        let err = counted("{team.engineers|engineer}").unwrap_err();
        assert!(err.to_string().contains("{FIELD|SINGULAR|PLURAL}"), "{err}");
        let err = load("rules: [").unwrap_err();
        assert!(err.to_string().starts_with("error: r.yaml:"), "{err}");
    }

    #[test]
    fn a_catalog_without_rules_is_an_error() {
        let err = Catalog::from_files(&[("s.yaml".into(), STRATEGY.into())]).unwrap_err();
        assert!(err.to_string().contains("no rules"), "{err}");
    }

    #[test]
    fn a_pack_goes_through_the_same_size_bound_and_keeps_the_catalog_beneath() {
        let mut c = Catalog::builtin();
        let beneath = c.rules.len();
        let mut text = String::from("rules:\n");
        for i in 0..=MAX_RULES - beneath {
            text.push_str(&format!(
                "  - {{id: extra-{i}, title: t, why: w, source: s, message: m, when: {{eq: {{field: workload.gpu, value: true}}}}, effects: {{container: {{cost: 0.01}}}}}}\n"
            ));
        }
        let e = c
            .extend_with("pack", &[("p.yaml".into(), text)])
            .unwrap_err();
        assert_eq!(e.0.len(), 1, "{e}");
        assert_eq!(e.0[0].file, "pack");
        assert!(
            e.0[0].message.starts_with(&format!(
                "with this pack the catalog has 4 strategies and {} rules",
                MAX_RULES + 1
            )),
            "{e}"
        );
        assert_eq!(c.rules.len(), beneath, "a refused pack changes nothing");
        assert!(c.packs.is_empty());
    }
}
