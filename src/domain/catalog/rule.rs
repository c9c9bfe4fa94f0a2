//! Reading one rule of a rules file (and a pack's `disable:` entries): the
//! builder's checks of everything a rule author can get wrong.

use serde_saphyr::Spanned;

use crate::domain::condition::Condition;
use crate::domain::fields::{self, FieldId};
use crate::text::template::{Placeholder, counted, placeholders};
use crate::text::yaml::{self, Loc};

use super::build::{Builder, is_kebab};
use super::raw::{RawDisable, RawRule};
use super::types::*;

impl Builder {
    /// Reads one rule and checks everything its author can get wrong, a
    /// part at a time, in the order the parts are written.
    pub(super) fn rule(&mut self, file: &str, text: &str, raw: &RawRule) {
        let loc = yaml::loc_of(&raw.id);
        let id = raw.id.value.clone();
        if !self.claim_id(file, text, raw, loc) {
            return;
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
        let when = self.condition(file, text, raw, loc);
        let mut blocks = Vec::new();
        for b in &raw.block {
            if let Some(s) = self.resolve(file, text, &b.value, yaml::loc_of(b)) {
                blocks.push(s);
            }
        }
        let effects = self.effects(file, text, raw);
        let estimate = self.estimate(file, text, raw);
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
        let mut moved: Vec<StrategyId> = blocks
            .iter()
            .copied()
            .chain(effects.iter().map(|e| e.strategy()))
            .collect();
        moved.sort_unstable();
        moved.dedup();
        let says = self.says(file, text, raw, loc, &moved);
        let inherit = self.inherit(file, text, raw, effects.is_empty());
        let fact = self.fact(file, text, raw, when.as_ref());
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
                inherit,
                why: raw.why.clone(),
                source: raw.source.clone(),
                file: file.to_owned(),
                line: loc.line,
            });
        }
    }

    /// Whether the rule's effects reach the layers built on the strategies
    /// it shifts (`inherit:`, true by default). `false` is for effects: a
    /// block always reaches the layers, and an estimate gives each layer
    /// its own figure.
    fn inherit(&mut self, file: &str, text: &str, raw: &RawRule, no_effects: bool) -> bool {
        let Some(flag) = &raw.inherit else {
            return true;
        };
        if !flag.value && no_effects {
            self.problem(
                file,
                text,
                yaml::loc_of(flag),
                format!("rule `{}` has `inherit: false` but no `effects`", raw.id.value),
                Some("`inherit: false` keeps a rule's effects off the strategies built on those it shifts; a block always reaches them, and an estimate gives each its own figure".into()),
            );
        }
        flag.value
    }

    /// A rule's id: kebab-case, and new, or (`override: true`, in a pack)
    /// replacing the catalog's rule of that id. False when the rule is
    /// not read further.
    fn claim_id(&mut self, file: &str, text: &str, raw: &RawRule, loc: Loc) -> bool {
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
            return false;
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
                return false;
            }
            None => {}
        }
        self.rule_locs.insert(id.clone(), (file.to_owned(), loc));
        if let Some(pack) = self.pack.as_mut().filter(|_| !replaces) {
            pack.added.push(id.clone());
        }
        true
    }

    /// A rule's condition, checked and bounded.
    fn condition(&mut self, file: &str, text: &str, raw: &RawRule, loc: Loc) -> Option<Condition> {
        let id = &raw.id.value;
        let names: Vec<&str> = self.strategies.iter().map(|s| s.id.as_str()).collect();
        match raw.when.check(&names) {
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
        }
    }

    /// A rule's fixed `effects`, in catalog then criterion order.
    fn effects(&mut self, file: &str, text: &str, raw: &RawRule) -> Vec<Effect> {
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
        effects
    }

    /// A rule's `from_estimate`: a measure, a criterion, and a bounded shift.
    fn estimate(&mut self, file: &str, text: &str, raw: &RawRule) -> Option<FromEstimate> {
        let id = &raw.id.value;
        raw.from_estimate.as_ref().and_then(|e| {
            let at = yaml::loc_of(e);
            let e = &e.value;
            let measure = match e.measure.as_str() {
                "cost-doublings" => Measure::CostDoublings,
                "latency-share" => Measure::LatencyShare,
                "carbon-doublings" => Measure::CarbonDoublings,
                other => {
                    self.problem(file, text, at, format!("unknown measure `{other}`"), Some("measures are: cost-doublings, carbon-doublings, latency-share".into()));
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
        })
    }

    /// What a rule says to each strategy it moves (`moved`, in catalog
    /// order): only to those, and to each of them when it moves several.
    fn says(
        &mut self,
        file: &str,
        text: &str,
        raw: &RawRule,
        loc: Loc,
        moved: &[StrategyId],
    ) -> Vec<(StrategyId, String)> {
        let id = &raw.id.value;
        let mut says = Vec::new();
        if let Some(raw_says) = &raw.says {
            let at = yaml::loc_of(raw_says);
            for (strategy, consequence) in &raw_says.value {
                let Some(s) = self.resolve(file, text, strategy, at) else {
                    continue;
                };
                if !moved.contains(&s) {
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
                    let path = counted(name).map_or(name, |p| p.path);
                    if fields::find(path).is_none() {
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
        says
    }

    /// The profile field a rule is the effect of: `fact:`, which its
    /// condition must read, or the first field it reads.
    fn fact(
        &mut self,
        file: &str,
        text: &str,
        raw: &RawRule,
        when: Option<&Condition>,
    ) -> Option<FieldId> {
        let id = &raw.id.value;
        match (&raw.fact, when) {
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
        }
    }

    /// Whether this pack already overrides `id` (once is enough).
    fn is_overridden(&self, id: &str) -> bool {
        self.pack
            .as_ref()
            .is_some_and(|p| p.overridden.iter().any(|c| c.rule == id))
    }

    /// A pack's `disable:` entry: switches off a rule of the catalog beneath.
    pub(super) fn disable(&mut self, file: &str, text: &str, raw: &RawDisable) {
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

    pub(super) fn check_placeholders(
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
        for written in placeholders(&message.value) {
            let name = match counted(written) {
                Ok(Placeholder { path, noun: None }) => path,
                Ok(Placeholder {
                    path,
                    noun: Some(_),
                }) => {
                    if !fields::find(path).is_some_and(|f| fields::get(f).kind.is_numeric()) {
                        self.problem(
                            file,
                            text,
                            yaml::loc_of(message),
                            format!("`{{{written}}}` counts a noun by `{path}`, which is not a number field"),
                            Some("count by a number such as team.engineers or system.services".into()),
                        );
                    }
                    continue;
                }
                Err(why) => {
                    self.problem(file, text, yaml::loc_of(message), why, None);
                    continue;
                }
            };
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
