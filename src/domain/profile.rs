//! Reading a system profile (profile.md, format version 1) into a checked
//! [`Profile`].
//!
//! The YAML is first read into a located tree ([`crate::text::yaml`]), then checked
//! against the field table ([`crate::domain::fields`]) in one pass that collects every
//! problem, each with its line and column. `--set` overrides are checked by
//! the same code before they are applied, so a value is valid on the command
//! line exactly when it would be valid in the file. Nothing here scores.
//! One value checked against its field is `value`; calendar dates `date`.

use std::collections::HashMap;

use crate::domain::fields::{self, FieldId, FieldValue};
use crate::domain::ids::StrategyId;
use crate::text::diag::{Diagnostic, Diagnostics, MAX_SHOWN};
use crate::text::yaml::{self, Entry, Loc, Node, Value};

mod date;
mod value;

pub use date::Date;
use value::{Problem, check_value, scalar_text, strategy_id};

/// The only profile format version.
pub(crate) const VERSION: i64 = 1;

const META_KEYS: &[&str] = &["version", "name", "current", "accept", "workloads", "case"];
/// The keys of a `workloads:` entry besides the `workload.*` fields.
const ENTRY_KEYS: &[&str] = &["name", "current", "services"];
const ACCEPT_KEYS: &[&str] = &["strategy", "reason", "until"];

/// A validated profile: every field has its stated value or its default
/// (or is unknown, for the fields that have no default).
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    pub name: String,
    /// The strategy in use or planned, and where its `current:` key is.
    pub current: Option<Located<StrategyId>>,
    pub accept: Option<Accept>,
    values: Vec<Option<FieldValue>>,
    stated: Vec<bool>,
    /// The workloads of a hybrid system (`workloads:`, hybrid.md), each a
    /// whole profile: the system-wide fields, the top-level `workload:` as
    /// defaults, and the entry's own fields. Empty for a single workload.
    pub workloads: Vec<Workload>,
}

/// One entry of `workloads:`, validated into a profile of its own.
#[derive(Debug, Clone, PartialEq)]
pub struct Workload {
    pub name: String,
    /// Where the entry's `name:` value is.
    pub name_loc: Loc,
    /// Whether the entry states its own `current:` (else it takes the
    /// profile's, if any).
    pub states_current: bool,
    /// The workload as a single profile, named after the entry.
    pub profile: Profile,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Located<T> {
    pub value: T,
    pub loc: Loc,
}

/// A knowingly kept choice (`accept:`), read by `advise check`.
#[derive(Debug, Clone, PartialEq)]
pub struct Accept {
    pub strategy: StrategyId,
    pub reason: String,
    pub until: Date,
    /// Where `until`'s value is, to point at a date too far away.
    pub until_loc: Loc,
}

impl Profile {
    /// A field's value as a message quotes it: cut at
    /// `MAX_PLACEHOLDER_CHARS` with `...`, or `unknown` where the profile
    /// states none.
    fn shown(&self, id: FieldId) -> String {
        let Some(value) = self.get(id) else {
            return "unknown".into();
        };
        let text = value.to_string();
        match text.char_indices().nth(MAX_PLACEHOLDER_CHARS) {
            Some((at, _)) => format!("{}...", &text[..at]),
            None => text,
        }
    }

    /// A message with its `{field.path}` placeholders filled with this
    /// profile's values (`unknown` where it states none); a counted noun,
    /// `{team.engineers|engineer|engineers}`, gives the number and the
    /// noun that agrees with it ("1 engineer", "3 engineers").
    pub(crate) fn fill(&self, template: &str) -> String {
        let mut out = String::with_capacity(template.len());
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after.find('}') {
                Some(close) => {
                    let written = &after[..close];
                    let (name, noun) = match crate::text::template::counted(written) {
                        Ok(p) => (p.path, p.noun),
                        Err(_) => (written, None),
                    };
                    match fields::find(name) {
                        Some(id) => {
                            out.push_str(&self.shown(id));
                            if let Some((one, many)) = noun {
                                let single =
                                    matches!(self.get(id), Some(FieldValue::Num(x)) if *x == 1.0);
                                out.push(' ');
                                out.push_str(if single { one } else { many });
                            }
                        }
                        None => {
                            out.push('{');
                            out.push_str(written);
                            out.push('}');
                        }
                    }
                    rest = &after[close + 1..];
                }
                None => {
                    out.push_str(&rest[open..]);
                    rest = "";
                }
            }
        }
        out.push_str(rest);
        out
    }

    /// The value in force: stated, or the default; `None` when unknown.
    pub fn get(&self, field: FieldId) -> Option<&FieldValue> {
        self.values[field.index()].as_ref()
    }

    pub fn num(&self, field: FieldId) -> Option<f64> {
        match self.get(field) {
            Some(FieldValue::Num(x)) => Some(*x),
            _ => None,
        }
    }

    /// Whether the profile itself (or a `--set`) gave this field a value.
    pub fn is_stated(&self, field: FieldId) -> bool {
        self.stated[field.index()]
    }

    /// The one relation between fields a profile must respect: the mean
    /// rate cannot exceed the peak. `Some((mean, peak))` when it does. The
    /// loader rejects such a profile; what-if analysis never proposes one.
    pub(crate) fn mean_above_peak(&self) -> Option<(f64, f64)> {
        let rate = |path| fields::find(path).and_then(|f| self.num(f));
        match (rate("workload.average_rps"), rate("workload.peak_rps")) {
            (Some(mean), Some(peak)) if mean > peak => Some((mean, peak)),
            _ => None,
        }
    }

    /// A copy with one field changed, for what-if analysis. The caller
    /// passes a value that fits the field's kind.
    pub fn with(&self, field: FieldId, value: FieldValue) -> Profile {
        let mut changed = self.clone();
        changed.values[field.index()] = Some(value);
        changed.stated[field.index()] = true;
        changed
    }

    /// A profile of `--set` arguments alone, for unit tests; `strategies`
    /// are those `current:` may name.
    #[cfg(test)]
    pub(crate) fn from_sets(sets: &[&str], strategies: &[&str]) -> Profile {
        let overrides: Vec<Override> = sets.iter().map(|s| Override::parse(s).unwrap()).collect();
        load("p.yaml", "", strategies, &overrides).unwrap()
    }

    /// The generic profile: every default, nothing stated.
    pub fn generic(name: &str) -> Profile {
        Profile {
            name: name.to_owned(),
            current: None,
            accept: None,
            values: fields::FIELDS.iter().map(|f| f.default.value()).collect(),
            stated: vec![false; fields::FIELDS.len()],
            workloads: Vec::new(),
        }
    }
}

/// One `--set FIELD=VALUE`, checked against the field table.
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    pub key: OverrideKey,
    pub value: Node,
    /// The argument as given, for error messages.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum OverrideKey {
    Field(FieldId),
    Name,
    Current,
}

impl Override {
    /// Parses `FIELD=VALUE`. The value is read as a YAML scalar or flow list
    /// (`[pci-dss, soc2]`), exactly as it would be in a profile.
    pub fn parse(arg: &str) -> Result<Override, Diagnostics> {
        let file = format!("--set {arg}");
        let error = |message: String| Diagnostic::new(&file, "", Loc::default(), message);
        let Some((path, text)) = arg.split_once('=') else {
            return Err(
                error("expected FIELD=VALUE, such as workload.traffic=spiky".into()).into(),
            );
        };
        let path = path.trim();
        let key = match path {
            "name" => OverrideKey::Name,
            "current" => OverrideKey::Current,
            _ => match fields::find(path) {
                Some(id) => OverrideKey::Field(id),
                None => {
                    let candidates = fields::FIELDS
                        .iter()
                        .map(|f| f.path)
                        .chain(["name", "current"]);
                    let mut d = error(format!("`{path}` is not a profile field"));
                    if let Some(near) = crate::text::hint::did_you_mean(path, candidates) {
                        d = d.help(format!("did you mean `{near}`?"));
                    } else {
                        d = d.help("`advise schema` lists every field");
                    }
                    return Err(d.into());
                }
            },
        };
        let value = match yaml::parse(text) {
            Ok(Some(node)) => node,
            Ok(None) => Node {
                value: Value::Str(String::new()),
                loc: Loc::default(),
            },
            Err(err) => return Err(error(format!("invalid value: {}", err.message)).into()),
        };
        let value = Node {
            loc: Loc::default(),
            ..value
        };
        let checked = Override {
            key,
            value,
            text: arg.to_owned(),
        };
        // Check the value now, so the error names the argument, not the profile.
        if let OverrideKey::Field(id) = checked.key {
            check_value(id, &checked.value).map_err(|p| p.into_diagnostic(&file, ""))?;
        }
        Ok(checked)
    }
}

/// Reads and validates a profile. `file` is how the user named it (used in
/// errors and for the default name), `strategies` the identifiers that
/// `current:` may take: those of the catalog in use, in catalog order, so
/// that `current` resolves to the catalog's [`StrategyId`].
pub fn load(
    file: &str,
    text: &str,
    strategies: &[&str],
    overrides: &[Override],
) -> Result<Profile, Diagnostics> {
    let root = match yaml::parse(text) {
        Ok(root) => root,
        Err(err) => return Err(Diagnostic::from_syntax(file, text, err).into()),
    };
    let mut v = Validator {
        problems: Vec::new(),
        profile: Profile::generic(&default_name(file)),
        locs: vec![Loc::default(); fields::FIELDS.len()],
        workloads: None,
    };
    match root {
        None
        | Some(Node {
            value: Value::Null, ..
        }) => {}
        Some(Node {
            value: Value::Map(entries),
            ..
        }) => v.top(&entries, strategies),
        Some(node) => v.problems.push(Problem::new(
            node.loc,
            format!(
                "a profile is a mapping of keys to values, not {}",
                node.value.kind()
            ),
        )),
    }
    for o in overrides {
        v.apply(o, strategies);
    }
    v.cross_checks(strategies);
    if let Some(entry) = v.workloads.take() {
        v.workloads(&entry, strategies, overrides);
    }
    if v.problems.is_empty() {
        Ok(v.profile)
    } else {
        v.problems.sort_by_key(|p| p.loc);
        // Only the problems shown get their source line: finding a line is a
        // scan of the text, and 40,000 of them would take minutes.
        Err(Diagnostics(
            v.problems
                .into_iter()
                .enumerate()
                .map(|(i, p)| p.into_diagnostic(file, if i < MAX_SHOWN { text } else { "" }))
                .collect(),
        ))
    }
}

/// The longest name a profile or a workload may have, in characters. A
/// name is printed in every finding of every format: a 1.5 MB `name` with
/// 1,000 workloads made `check --format json` write 1.5 GB from 4.4 GB of
/// memory. Refused rather than cut, so that no two names cut to the same.
pub const MAX_NAME_CHARS: usize = 200;

fn name_too_long(at: Loc, what: &str) -> Problem {
    Problem::new(
        at,
        format!("{what} is longer than {MAX_NAME_CHARS} characters"),
    )
    .help("a name labels every finding and report; shorten it".into())
}

/// The longest text one `{field}` placeholder of a rule's message expands
/// to, in characters: 32 placeholders over a 780 KB tag list reached
/// 1.2 GB. Longer values are cut, marked with `...`.
pub const MAX_PLACEHOLDER_CHARS: usize = 200;

fn default_name(file: &str) -> String {
    if file == "-" {
        return "stdin".into();
    }
    let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let base = base
        .strip_suffix(".yaml")
        .or_else(|| base.strip_suffix(".yml"))
        .unwrap_or(base);
    base.strip_suffix(".advise").unwrap_or(base).to_owned()
}

struct Validator {
    problems: Vec<Problem>,
    profile: Profile,
    /// Where each field's value was written in the file (unknown when it
    /// was not, or came from `--set`), for checks across fields.
    locs: Vec<Loc>,
    /// The `workloads:` entry, read after everything system-wide is known.
    workloads: Option<Entry>,
}

impl Validator {
    fn top(&mut self, entries: &[Entry], strategies: &[&str]) {
        for entry in entries {
            match entry.key.as_str() {
                "version" => match entry.value.value {
                    Value::Int(VERSION) => {}
                    // A whole number written with a decimal point, as JSON
                    // (and so the schema) reads it.
                    Value::Float(x) if x == VERSION as f64 => {}
                    _ => self.problems.push(
                        Problem::new(
                            entry.value.loc,
                            format!(
                                "`version` is {}, but only version 1 exists",
                                entry.value.value.display()
                            ),
                        )
                        .help("write `version: 1`, or leave it out".into()),
                    ),
                },
                "name" => match &entry.value.value {
                    Value::Str(s) if s.chars().count() > MAX_NAME_CHARS => {
                        self.problems.push(name_too_long(entry.value.loc, "`name`"))
                    }
                    Value::Str(s) if !s.trim().is_empty() => self.profile.name = s.clone(),
                    Value::Int(_) | Value::Float(_) | Value::Bool(_) => {
                        self.profile.name = scalar_text(&entry.value.value)
                    }
                    Value::Str(_) => self.problems.push(
                        Problem::new(entry.value.loc, "`name` is blank".into()).help(
                            "give the profile a name, or leave `name` out to use the file name"
                                .into(),
                        ),
                    ),
                    other => self.problems.push(Problem::new(
                        entry.value.loc,
                        format!("`name` must be a text, not {}", other.kind()),
                    )),
                },
                "current" => self.current(entry, strategies),
                "accept" => self.accept(entry, strategies),
                "workloads" => self.workloads = Some(entry.clone()),
                // A published decision (calibrate.md): the calibrator reads
                // and checks it (crate::domain::case); the advisor ignores it.
                "case" => {}
                key if fields::SECTIONS.contains(&key) => self.section(key, &entry.value),
                key => {
                    let candidates = META_KEYS.iter().chain(fields::SECTIONS).copied();
                    self.unknown_key(entry, key, "at the top level", candidates);
                }
            }
        }
    }

    fn unknown_key<'a>(
        &mut self,
        entry: &Entry,
        key: &str,
        place: &str,
        candidates: impl Iterator<Item = &'a str> + Clone,
    ) {
        let help = match crate::text::hint::did_you_mean(key, candidates.clone()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!(
                "the keys allowed here are: {}",
                candidates.collect::<Vec<_>>().join(", ")
            ),
        };
        let mut p = Problem::new(
            entry.key_loc,
            format!("unknown key `{}` {place}", yaml::shorten(key)),
        )
        .help(help);
        p.width = key.chars().count();
        self.problems.push(p);
    }

    fn current(&mut self, entry: &Entry, strategies: &[&str]) {
        match strategy_id(&entry.value, "current", strategies) {
            Ok(id) => {
                self.profile.current = Some(Located {
                    value: id,
                    loc: entry.key_loc,
                })
            }
            Err(p) => self.problems.push(p),
        }
    }

    fn accept(&mut self, entry: &Entry, strategies: &[&str]) {
        let Value::Map(entries) = &entry.value.value else {
            self.problems.push(Problem::new(
                entry.value.loc,
                format!("`accept` must be a mapping with {}", ACCEPT_KEYS.join(", ")),
            ));
            return;
        };
        let (mut strategy, mut reason, mut until) = (None, None, None);
        let mut until_loc = entry.key_loc;
        for e in entries {
            match e.key.as_str() {
                "strategy" => match strategy_id(&e.value, "accept.strategy", strategies) {
                    Ok(id) => strategy = Some(id),
                    Err(p) => self.problems.push(p),
                },
                "reason" => match &e.value.value {
                    Value::Str(s) if !s.trim().is_empty() => reason = Some(s.trim().to_owned()),
                    _ => self.problems.push(Problem::new(
                        e.value.loc,
                        "`accept.reason` must be a non-empty text saying why the choice is kept"
                            .into(),
                    )),
                },
                "until" => match &e.value.value {
                    Value::Str(s) if Date::parse(s).is_some() => {
                        until = Date::parse(s);
                        until_loc = e.value.loc;
                    }
                    other => self.problems.push(
                        Problem::new(
                            e.value.loc,
                            format!("`accept.until` is {}, not a date", other.display()),
                        )
                        .help("write an ISO date such as 2027-06-30".into()),
                    ),
                },
                key => self.unknown_key(e, key, "in `accept`", ACCEPT_KEYS.iter().copied()),
            }
        }
        let missing: Vec<&str> = [
            ("strategy", strategy.is_none()),
            ("reason", reason.is_none()),
            ("until", until.is_none()),
        ]
        .into_iter()
        .filter(|&(key, absent)| absent && !entries.iter().any(|e| e.key == key))
        .map(|(key, _)| key)
        .collect();
        if !missing.is_empty() {
            self.problems.push(
                Problem::new(
                    entry.key_loc,
                    format!("`accept` needs {}", missing.join(", ")),
                )
                .help(
                    "an acceptance names the strategy kept, the reason, and the date it lapses"
                        .into(),
                ),
            );
        }
        if let (Some(strategy), Some(reason), Some(until)) = (strategy, reason, until) {
            self.profile.accept = Some(Accept {
                strategy,
                reason,
                until,
                until_loc,
            });
        }
    }

    fn section(&mut self, section: &str, node: &Node) {
        let entries = match &node.value {
            Value::Map(entries) => entries,
            Value::Null => return,
            other => {
                self.problems.push(Problem::new(
                    node.loc,
                    format!(
                        "`{section}` must be a mapping of keys to values, not {}",
                        other.kind()
                    ),
                ));
                return;
            }
        };
        for entry in entries {
            let path = format!("{section}.{}", entry.key);
            match fields::find(&path) {
                Some(id) => match check_value(id, &entry.value) {
                    Ok(value) => {
                        self.profile.values[id.index()] = Some(value);
                        self.profile.stated[id.index()] = true;
                        self.locs[id.index()] = entry.value.loc;
                    }
                    Err(p) => self.problems.push(p),
                },
                None => {
                    let keys: Vec<&str> = fields::in_section(section)
                        .map(|(_, f)| f.section_and_key().1)
                        .collect();
                    self.unknown_key(
                        entry,
                        &entry.key,
                        &format!("in `{section}`"),
                        keys.into_iter(),
                    );
                }
            }
        }
    }

    /// Reads `workloads:`: each entry becomes a whole profile, starting
    /// from the system as validated so far (the top-level `workload:` being
    /// the defaults), then the entry's fields, then `--set` again, so that
    /// a `--set` overrides every workload as it overrides the file.
    fn workloads(&mut self, entry: &Entry, strategies: &[&str], overrides: &[Override]) {
        let items = match &entry.value.value {
            Value::Seq(items) if !items.is_empty() => items,
            Value::Seq(_) => {
                self.problems.push(
                    Problem::new(entry.value.loc, "`workloads` is an empty list".into()).help(
                        "list the workloads (each with a `name`), or leave `workloads` out for a single workload"
                            .into(),
                    ),
                );
                return;
            }
            other => {
                self.problems.push(
                    Problem::new(
                        entry.value.loc,
                        format!(
                            "`workloads` must be a list of workloads, not {}",
                            other.kind()
                        ),
                    )
                    .help("write `workloads:` followed by entries such as `- name: api`".into()),
                );
                return;
            }
        };
        // Each entry starts from the system as it stands, which holds no
        // workloads yet: copying it is the same for the first entry as for
        // the 20,000th, so loading stays linear.
        debug_assert!(self.profile.workloads.is_empty());
        let system = self.profile.clone();
        let mut seen: HashMap<String, Loc> = HashMap::new();
        let mut own_services = Vec::new();
        for item in items {
            let Value::Map(keys) = &item.value else {
                self.problems.push(
                    Problem::new(
                        item.loc,
                        format!(
                            "a `workloads` entry must be a mapping with a `name`, not {}",
                            item.value.kind()
                        ),
                    )
                    .help("write `- name: api` and the entry's workload fields below it".into()),
                );
                continue;
            };
            let (mut sub, name, states_current, states_services) =
                self.entry(keys, &system, strategies, overrides);
            self.problems.append(&mut sub.problems);
            let Some((name, name_loc)) = name else {
                if !keys.iter().any(|e| e.key == "name") {
                    self.problems.push(
                        Problem::new(item.loc, "this `workloads` entry has no `name`".into()).help(
                            "give every workload a unique `name`, such as `name: api`".into(),
                        ),
                    );
                }
                continue;
            };
            if let Some(first) = seen.get(&name) {
                let mut p = Problem::new(
                    name_loc,
                    format!(
                        "the workload name `{}` is used twice (first at line {})",
                        yaml::shorten(&name),
                        first.line
                    ),
                )
                .help("give every workload a unique `name`".into());
                p.width = name.chars().count();
                self.problems.push(p);
                continue;
            }
            seen.insert(name.clone(), name_loc);
            sub.profile.name = name.clone();
            self.profile.workloads.push(Workload {
                name,
                name_loc,
                states_current,
                profile: sub.profile,
            });
            own_services.push(states_services);
        }
        self.share_out_services(&own_services);
    }

    /// One `workloads` entry read as a whole profile: the system as it stood
    /// before the list, the entry's own keys, then `--set` again. Also its
    /// name, when it has a valid one, and whether it states `current`.
    fn entry(
        &self,
        keys: &[Entry],
        system: &Profile,
        strategies: &[&str],
        overrides: &[Override],
    ) -> (Validator, Option<(String, Loc)>, bool, bool) {
        let mut sub = Validator {
            problems: Vec::new(),
            profile: system.clone(),
            locs: self.locs.clone(),
            workloads: None,
        };
        let mut name = None;
        let mut states_current = false;
        let mut states_services = false;
        for e in keys {
            match e.key.as_str() {
                "name" => match &e.value.value {
                    Value::Str(s) if s.chars().count() > MAX_NAME_CHARS => sub
                        .problems
                        .push(name_too_long(e.value.loc, "a workload's `name`")),
                    Value::Str(s) if !s.trim().is_empty() => {
                        name = Some((s.trim().to_owned(), e.value.loc))
                    }
                    Value::Int(_) | Value::Float(_) | Value::Bool(_) => {
                        name = Some((scalar_text(&e.value.value), e.value.loc))
                    }
                    other => sub.problems.push(Problem::new(
                        e.value.loc,
                        format!(
                            "a workload's `name` must be a non-empty text, not {}",
                            other.display()
                        ),
                    )),
                },
                "current" => {
                    states_current = true;
                    sub.current(e, strategies);
                }
                // The services this workload has (docs/hybrid.md).
                "services" => {
                    let id = fields::id::SYSTEM_SERVICES;
                    match check_value(id, &e.value) {
                        Ok(value) => {
                            states_services = true;
                            sub.profile.values[id.index()] = Some(value);
                            sub.profile.stated[id.index()] = true;
                            sub.locs[id.index()] = e.value.loc;
                        }
                        Err(p) => sub.problems.push(p),
                    }
                }
                key => match fields::find(&format!("workload.{key}")) {
                    Some(id) => match check_value(id, &e.value) {
                        Ok(value) => {
                            sub.profile.values[id.index()] = Some(value);
                            sub.profile.stated[id.index()] = true;
                            sub.locs[id.index()] = e.value.loc;
                        }
                        Err(p) => sub.problems.push(p),
                    },
                    None => {
                        let keys: Vec<&str> = ENTRY_KEYS
                            .iter()
                            .copied()
                            .chain(
                                fields::in_section("workload").map(|(_, f)| f.section_and_key().1),
                            )
                            .collect();
                        sub.unknown_key(e, key, "in a `workloads` entry", keys.into_iter());
                    }
                },
            }
        }
        for o in overrides {
            if matches!(o.key, OverrideKey::Field(_)) {
                sub.apply(o, strategies);
            }
        }
        let before = sub.problems.len();
        sub.mean_within_peak();
        if let (Some(p), Some((name, _))) = (sub.problems.get_mut(before), &name) {
            p.message = format!("{} (in workload `{}`)", p.message, yaml::shorten(name));
        }
        (sub, name, states_current, states_services)
    }

    /// The system's services shared out among the workloads that do not
    /// state their own (what the others state taken out first), at least
    /// one each: never every service repeated in every workload.
    fn share_out_services(&mut self, own: &[bool]) {
        let id = fields::id::SYSTEM_SERVICES;
        let total = self.profile.num(id).unwrap_or(5.0);
        let ws = &mut self.profile.workloads;
        let taken: f64 = ws
            .iter()
            .zip(own)
            .filter(|(_, own)| **own)
            .filter_map(|(w, _)| w.profile.num(id))
            .sum();
        let unstated = own.iter().filter(|o| !**o).count();
        if unstated == 0 {
            return;
        }
        let each = ((total - taken).max(0.0) / unstated as f64)
            .round()
            .max(1.0);
        for (w, _) in ws.iter_mut().zip(own).filter(|(_, own)| !**own) {
            // Derived, not stated: the report lists it as assumed.
            w.profile.values[id.index()] = Some(FieldValue::Num(each));
            w.profile.stated[id.index()] = false;
        }
    }

    fn apply(&mut self, o: &Override, strategies: &[&str]) {
        let file = format!("--set {}", o.text);
        match o.key {
            OverrideKey::Field(id) => match check_value(id, &o.value) {
                Ok(value) => {
                    self.profile.values[id.index()] = Some(value);
                    self.profile.stated[id.index()] = true;
                    self.locs[id.index()] = Loc::default();
                }
                Err(p) => self.problems.push(Problem::new(
                    Loc::default(),
                    format!("{file}: {}", p.message),
                )),
            },
            OverrideKey::Name => match scalar_text(&o.value.value) {
                name if name.chars().count() > MAX_NAME_CHARS => {
                    let mut problem = name_too_long(Loc::default(), "`name`");
                    problem.message = format!("{file}: {}", problem.message);
                    self.problems.push(problem);
                }
                name => self.profile.name = name,
            },
            OverrideKey::Current => match strategy_id(&o.value, "current", strategies) {
                // Keep the file's `current:` location when there is one.
                Ok(id) => {
                    let loc = self.profile.current.as_ref().map_or(Loc::START, |c| c.loc);
                    self.profile.current = Some(Located { value: id, loc });
                }
                Err(p) => {
                    let mut problem =
                        Problem::new(Loc::default(), format!("{file}: {}", p.message));
                    problem.help = p.help;
                    self.problems.push(problem);
                }
            },
        }
    }

    fn cross_checks(&mut self, strategies: &[&str]) {
        self.mean_within_peak();
        self.accept_keeps_current(strategies);
        self.something_weighs();
    }

    /// Every priority at 0 weighs nothing: the scores would be 0 for every
    /// strategy. (The engine used to fall back to equal weights, silently:
    /// the profile then said one thing and the advice meant another.)
    fn something_weighs(&mut self) {
        let priorities: Vec<FieldId> = fields::in_section("priorities").map(|(id, _)| id).collect();
        let all_zero = priorities
            .iter()
            .all(|&id| self.profile.num(id) == Some(0.0));
        if all_zero && let Some(&first) = priorities.first() {
            self.problems.push(
                Problem::new(
                    self.locs[first.index()],
                    "every priority is 0, so no criterion would count and every strategy would score the same".to_owned(),
                )
                .help("give the criteria that matter a weight from 1 to 5 (an unstated priority is 3)".into()),
            );
        }
    }

    fn mean_within_peak(&mut self) {
        if let Some((mean, peak)) = self.profile.mean_above_peak() {
            // Point at the mean where the file states it.
            let loc = self.locs[crate::domain::fields::id::WORKLOAD_AVERAGE_RPS.index()];
            self.problems.push(Problem::new(
                loc,
                format!(
                    "`workload.average_rps` ({}) is above `workload.peak_rps` ({}); the mean cannot exceed the peak",
                    fields::format_number(mean),
                    fields::format_number(peak)
                ),
            ));
        }
    }

    fn accept_keeps_current(&mut self, strategies: &[&str]) {
        if let Some(accept) = &self.profile.accept {
            let current = self.profile.current.as_ref();
            if current.map(|c| c.value) != Some(accept.strategy) {
                let loc = current.map_or(Loc::START, |c| c.loc);
                self.problems.push(Problem::new(
                    loc,
                    format!(
                        "`accept.strategy` is {} but `current` is {}; an acceptance can only keep the current strategy",
                        strategies[accept.strategy.index()],
                        current.map_or("not set", |c| strategies[c.value.index()])
                    ),
                ).help("set `accept.strategy` to the value of `current`, or remove `accept`".into()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_convert_to_dates_and_back() {
        assert_eq!(Date::from_days(0).to_string(), "1970-01-01");
        assert_eq!(Date::from_days(20_454).to_string(), "2026-01-01");
        assert_eq!(Date::from_days(11_016).to_string(), "2000-02-29");
        for d in [-1000, 0, 11_016, 20_454, 40_000] {
            assert_eq!(Date::from_days(d).days(), d);
        }
    }

    #[test]
    fn days_between_dates_count_leap_years() {
        let d = |t: &str| Date::parse(t).unwrap().days();
        assert_eq!(d("1970-01-01"), 0);
        assert_eq!(d("2000-03-01") - d("2000-02-28"), 2, "2000 is a leap year");
        assert_eq!(d("1900-03-01") - d("1900-02-28"), 1, "1900 is not");
        assert_eq!(d("2027-01-01") - d("2026-01-01"), 365);
        assert_eq!(d("2029-01-01") - d("2028-01-01"), 366);
    }

    const STRATEGIES: &[&str] = &["multi-instance", "container", "serverless", "service-mesh"];

    /// The name of a strategy of [`STRATEGIES`].
    fn strategy(id: StrategyId) -> &'static str {
        STRATEGIES[id.index()]
    }

    fn load_ok(text: &str) -> Profile {
        load("p.yaml", text, STRATEGIES, &[]).unwrap_or_else(|e| panic!("{e}"))
    }

    fn errors(text: &str) -> Vec<String> {
        load("p.yaml", text, STRATEGIES, &[])
            .unwrap_err()
            .0
            .into_iter()
            .map(|d| {
                format!(
                    "{}: {}{}",
                    d.loc,
                    d.message,
                    d.help.map(|h| format!(" / {h}")).unwrap_or_default()
                )
            })
            .collect()
    }

    fn field(path: &str) -> FieldId {
        fields::find(path).unwrap()
    }

    #[test]
    fn an_empty_profile_takes_every_default() {
        for text in ["", "{}", "# only a comment\n", "---\n"] {
            let p = load_ok(text);
            assert_eq!(p, Profile::generic("p"), "{text:?}");
        }
        let p = load_ok("");
        assert_eq!(p.get(field("system.services")), Some(&FieldValue::Num(5.0)));
        assert_eq!(p.get(field("workload.peak_rps")), None);
        assert!(!p.is_stated(field("system.services")));
    }

    #[test]
    fn stated_values_replace_defaults() {
        let p = load_ok(
            "name: shop\ncurrent: serverless\nsystem:\n  services: 14\nworkload:\n  traffic: spiky\n  gpu: true\nrequirements:\n  compliance: [pci-dss]\n",
        );
        assert_eq!(p.name, "shop");
        assert_eq!(strategy(p.current.as_ref().unwrap().value), "serverless");
        assert_eq!(p.current.as_ref().unwrap().loc, Loc { line: 2, col: 1 });
        assert_eq!(
            p.get(field("system.services")),
            Some(&FieldValue::Num(14.0))
        );
        assert_eq!(
            p.get(field("workload.traffic")),
            Some(&FieldValue::Enum("spiky"))
        );
        assert_eq!(p.get(field("workload.gpu")), Some(&FieldValue::Bool(true)));
        assert_eq!(
            p.get(field("requirements.compliance")),
            Some(&FieldValue::Tags(vec!["pci-dss".into()]))
        );
        assert!(p.is_stated(field("workload.traffic")));
    }

    #[test]
    fn every_problem_is_reported_at_once_with_its_location() {
        let e = errors(
            "system:\n  servics: 40\nworkload:\n  traffic: spikey\n  peak_rps: -3\npriorities:\n  cost: 9\n",
        );
        assert_eq!(e.len(), 4, "{e:?}");
        assert_eq!(
            e[0],
            "2:3: unknown key `servics` in `system` / did you mean `services`?"
        );
        assert!(e[1].starts_with("4:12: `workload.traffic` is \"spikey\", but it must be one of: steady, diurnal, spiky, sporadic / did you mean `spiky`?"), "{}", e[1]);
        assert!(
            e[2].starts_with(
                "5:13: `workload.peak_rps` is -3, but it must be a number from 0 to 100000000"
            ),
            "{}",
            e[2]
        );
        assert!(
            e[3].starts_with(
                "7:9: `priorities.cost` is 9, but it must be a whole number from 0 to 5"
            ),
            "{}",
            e[3]
        );
    }

    #[test]
    fn every_priority_at_zero_is_an_error() {
        let all = "priorities: {cost: 0, operability: 0, scalability: 0, resilience: 0, security: 0, portability: 0, performance: 0, delivery_speed: 0}\n";
        let e = errors(all);
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(e[0].contains("every priority is 0"), "{}", e[0]);
        // One that counts is enough.
        let one = all.replace("cost: 0", "cost: 1");
        assert!(load("p.yaml", &one, STRATEGIES, &[]).is_ok());
    }

    #[test]
    fn range_and_kind_errors_name_the_field() {
        assert!(
            errors("system: {services: 0}")[0]
                .contains("`system.services` is 0, but it must be a whole number from 1 to 100000")
        );
        assert!(errors("system: {services: 2.5}")[0].contains("whole number"));
        assert!(
            errors("workload: {max_duration_s: 0}")[0].contains("a number from 0.001 to 2592000")
        );
        assert!(errors("requirements: {mtls: no}")[0].contains("did you mean `none`?"));
        assert!(
            errors("workload: {gpu: yes}")[0]
                .contains("`workload.gpu` is \"yes\", but it must be true or false")
        );
        assert!(
            errors("workload: {average_rps: 50, peak_rps: 10}")[0]
                .starts_with("1:25: `workload.average_rps` (50) is above")
        );
        assert!(errors("version: 2")[0].contains("only version 1 exists"));
        assert!(errors("current: containers")[0].contains("did you mean `container`?"));
        assert!(errors("- a\n- b\n")[0].contains("a profile is a mapping"));
        assert!(errors("system: 3")[0].contains("`system` must be a mapping"));
    }

    #[test]
    fn acceptances_are_checked() {
        let p = load_ok(
            "current: serverless\naccept:\n  strategy: serverless\n  reason: moving in Q3\n  until: 2027-06-30\n",
        );
        assert_eq!(
            p.accept.unwrap().until,
            Date {
                year: 2027,
                month: 6,
                day: 30
            }
        );
        assert!(
            errors(
                "current: container\naccept: {strategy: serverless, reason: x, until: 2027-01-01}"
            )[0]
            .contains("can only keep the current strategy")
        );
        assert!(
            errors("current: container\naccept: {strategy: container, until: 2027-01-01}")[0]
                .contains("`accept` needs reason")
        );
        assert!(
            errors(
                "current: container\naccept: {strategy: container, reason: \"\", until: 2027-01-01}"
            )[0]
            .contains("non-empty")
        );
        assert!(
            errors(
                "current: container\naccept: {strategy: container, reason: x, until: 2027-02-30}"
            )[0]
            .contains("not a date")
        );
    }

    #[test]
    fn overrides_are_validated_like_the_file() {
        let o = Override::parse("workload.traffic=sporadic").unwrap();
        let p = load("p.yaml", "workload: {traffic: steady}", STRATEGIES, &[o]).unwrap();
        assert_eq!(
            p.get(field("workload.traffic")),
            Some(&FieldValue::Enum("sporadic"))
        );
        let e = Override::parse("workload.trafic=spiky")
            .unwrap_err()
            .to_string();
        assert!(e.contains("did you mean `workload.traffic`?"), "{e}");
        let e = Override::parse("workload.traffic=spikey")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("one of: steady, diurnal, spiky, sporadic"),
            "{e}"
        );
        assert!(Override::parse("requirements.compliance=[pci-dss, soc2]").is_ok());
        assert!(Override::parse("no-equals-sign").is_err());
    }

    const SHOP: &str = "name: shop\ncurrent: container\nteam: {engineers: 6}\nworkload: {trigger: http, memory_mb: 1024}\nworkloads:\n  - name: api\n    traffic: diurnal\n    peak_rps: 800\n  - name: resizer\n    current: serverless\n    trigger: queue\n";

    #[test]
    fn each_workload_is_the_system_plus_defaults_plus_its_own_fields() {
        let p = load_ok(SHOP);
        assert_eq!(p.workloads.len(), 2);
        let (api, resizer) = (&p.workloads[0], &p.workloads[1]);
        assert_eq!(
            (api.name.as_str(), resizer.name.as_str()),
            ("api", "resizer")
        );
        assert_eq!(api.profile.name, "api");
        assert_eq!(api.name_loc, Loc { line: 6, col: 11 });
        // System-wide fields and the workload defaults reach every entry.
        for w in &p.workloads {
            assert_eq!(w.profile.num(field("team.engineers")), Some(6.0));
            assert_eq!(w.profile.num(field("workload.memory_mb")), Some(1024.0));
            assert!(w.profile.workloads.is_empty());
        }
        assert_eq!(
            api.profile.get(field("workload.trigger")),
            Some(&FieldValue::Enum("http"))
        );
        assert_eq!(
            resizer.profile.get(field("workload.trigger")),
            Some(&FieldValue::Enum("queue"))
        );
        assert_eq!(api.profile.num(field("workload.peak_rps")), Some(800.0));
        assert_eq!(resizer.profile.num(field("workload.peak_rps")), None);
        // `current`: the entry's own, else the profile's.
        assert!(!api.states_current && resizer.states_current);
        assert_eq!(
            strategy(api.profile.current.as_ref().unwrap().value),
            "container"
        );
        let c = resizer.profile.current.as_ref().unwrap();
        assert_eq!(
            (strategy(c.value), c.loc),
            ("serverless", Loc { line: 10, col: 5 })
        );
    }

    #[test]
    fn twenty_thousand_workloads_load_in_linear_time() {
        // Each entry used to copy the profile with every earlier workload
        // in it: 4,000 took 6-9 s, 20,000 ten minutes. (Every tenth states
        // its own trigger: the YAML limit of 100,000 values allows few
        // fields on 20,000 entries.)
        let n = 20_000;
        let trigger = |i: usize| {
            if i.is_multiple_of(10) {
                "http"
            } else {
                "queue"
            }
        };
        let mut text =
            String::from("team: {engineers: 3}\nworkload: {trigger: queue}\nworkloads:\n");
        for i in 0..n {
            match trigger(i) {
                "queue" => text.push_str(&format!("  - {{name: w{i}}}\n")),
                t => text.push_str(&format!("  - {{name: w{i}, trigger: {t}}}\n")),
            }
        }
        let start = std::time::Instant::now();
        let p = load_ok(&text);
        let took = start.elapsed();
        assert!(took.as_secs() < 10, "took {took:?}");
        assert_eq!(p.workloads.len(), n);
        for (i, w) in p.workloads.iter().enumerate() {
            assert_eq!(w.name, format!("w{i}"));
            let line = i as u32 + 4;
            assert_eq!(w.name_loc, Loc { line, col: 12 });
            let t = w.profile.get(field("workload.trigger"));
            assert_eq!(t, Some(&FieldValue::Enum(trigger(i))));
            assert_eq!(w.profile.num(field("team.engineers")), Some(3.0));
            assert!(w.profile.workloads.is_empty());
        }
        // A repeated name is still found, however far back it was.
        let twice = format!("{text}  - {{name: w0}}\n");
        let e = errors(&twice);
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(
            e[0].contains("the workload name `w0` is used twice (first at line 4)"),
            "{e:?}"
        );
    }

    #[test]
    fn a_counted_noun_agrees_with_its_number() {
        let one = Profile::from_sets(&["team.engineers=1"], STRATEGIES);
        let three = Profile::from_sets(&["team.engineers=3"], STRATEGIES);
        let template = "{team.engineers|engineer builds|engineers build} it";
        assert_eq!(one.fill(template), "1 engineer builds it");
        assert_eq!(three.fill(template), "3 engineers build it");
        // A plain placeholder is unchanged, and an unknown field is kept.
        assert_eq!(one.fill("{team.engineers} {nope|a|b}"), "1 {nope|a|b}");
        // Unstated, it counts the default as the estimate does.
        let default = Profile::from_sets(&[], STRATEGIES);
        assert_eq!(
            default.fill("{team.engineers|engineer|engineers}"),
            "8 engineers"
        );
    }

    #[test]
    fn a_set_overrides_every_workload() {
        let o = Override::parse("workload.memory_mb=2048").unwrap();
        let text = "workloads:\n  - {name: a, memory_mb: 64}\n  - {name: b}\n";
        let p = load("p.yaml", text, STRATEGIES, &[o]).unwrap();
        for w in &p.workloads {
            assert_eq!(w.profile.num(field("workload.memory_mb")), Some(2048.0));
        }
    }

    #[test]
    fn every_problem_of_the_workloads_is_reported_at_once() {
        let e = errors(
            "workload: {average_rps: 50}\nworkloads:\n  - name: api\n    trafic: spiky\n  - name: api\n    peak_rps: 10\n  - current: servrless\n  - 3\n  - name: ok\n    memory_mb: -1\n",
        );
        assert_eq!(e.len(), 7, "{e:?}");
        // The mean is written at the top, the peak in the second `api`.
        assert!(e[0].starts_with("1:25: `workload.average_rps` (50) is above `workload.peak_rps` (10); the mean cannot exceed the peak (in workload `api`)"), "{}", e[0]);
        assert_eq!(
            e[1],
            "4:5: unknown key `trafic` in a `workloads` entry / did you mean `traffic`?"
        );
        assert!(
            e[2].starts_with("5:11: the workload name `api` is used twice (first at line 3)"),
            "{}",
            e[2]
        );
        assert!(
            e[3].starts_with("7:5: this `workloads` entry has no `name`"),
            "{}",
            e[3]
        );
        assert!(e[4].starts_with("7:14: `current` is \"servrless\", which is not a strategy / did you mean `serverless`?"), "{}", e[4]);
        assert!(
            e[5].starts_with("8:5: a `workloads` entry must be a mapping"),
            "{}",
            e[5]
        );
        assert!(
            e[6].starts_with("10:16: `workload.memory_mb` is -1"),
            "{}",
            e[6]
        );
        assert!(errors("workloads: []")[0].contains("empty list"));
        assert!(errors("workloads: {name: a}")[0].contains("must be a list"));
        assert!(errors("workloads:\n  - name: \"\"\n")[0].contains("non-empty text"));
    }

    #[test]
    fn without_workloads_a_profile_is_a_single_workload() {
        assert!(load_ok("workload: {traffic: spiky}").workloads.is_empty());
    }

    #[test]
    fn the_default_name_is_the_file_name_without_extension() {
        assert_eq!(default_name("dir/shop.yaml"), "shop");
        assert_eq!(default_name("svc/payments.advise.yaml"), "payments");
        assert_eq!(default_name("-"), "stdin");
    }

    #[test]
    fn dates_are_real_calendar_dates() {
        assert!(Date::parse("2028-02-29").is_some());
        assert!(Date::parse("2027-02-29").is_none());
        assert!(Date::parse("2027-13-01").is_none());
        assert!(Date::parse("27-01-01").is_none());
        assert!(Date::parse("2027-01-02") > Date::parse("2027-01-01"));
    }
}
