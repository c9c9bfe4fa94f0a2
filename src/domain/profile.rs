//! Reading a system profile (profile.md, format version 1) into a checked
//! [`Profile`].
//!
//! The YAML is first read into a located tree ([`crate::text::yaml`]), then checked
//! against the field table ([`crate::domain::fields`]) in one pass that collects every
//! problem, each with its line and column. `--set` overrides are checked by
//! the same code before they are applied, so a value is valid on the command
//! line exactly when it would be valid in the file. Nothing here scores.

use std::fmt;

use crate::domain::fields::{self, FieldId, FieldValue, Kind};
use crate::text::diag::{Diagnostic, Diagnostics, MAX_SHOWN};
use crate::text::yaml::{self, Entry, Loc, Node, Value};

/// The only profile format version.
pub const VERSION: i64 = 1;

const META_KEYS: &[&str] = &["version", "name", "current", "accept", "workloads"];
/// The keys of a `workloads:` entry besides the `workload.*` fields.
const ENTRY_KEYS: &[&str] = &["name", "current", "services"];
const ACCEPT_KEYS: &[&str] = &["strategy", "reason", "until"];

/// A validated profile: every field has its stated value or its default
/// (or is unknown, for the fields that have no default).
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    pub name: String,
    /// The strategy in use or planned, and where its `current:` key is.
    pub current: Option<Located<String>>,
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
    pub strategy: String,
    pub reason: String,
    pub until: Date,
    /// Where `until`'s value is, to point at a date too far away.
    pub until_loc: Loc,
}

/// A calendar date, as `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Days since 1970-01-01 (proleptic Gregorian), to measure between dates.
    pub fn days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01 (the inverse of [`Date::days`];
    /// Howard Hinnant's civil_from_days).
    pub fn from_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
        Date { year, month, day }
    }

    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.trim().splitn(3, '-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        let date = Date {
            year: y.parse().ok()?,
            month: m.parse().ok()?,
            day: d.parse().ok()?,
        };
        let y = date.year;
        let leap = y.is_multiple_of(4) && (!y.is_multiple_of(100) || y.is_multiple_of(400));
        let days = match date.month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days).contains(&date.day).then_some(date)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Profile {
    /// The value in force: stated, or the default; `None` when unknown.
    pub fn get(&self, field: FieldId) -> Option<&FieldValue> {
        self.values[field].as_ref()
    }

    pub fn num(&self, field: FieldId) -> Option<f64> {
        match self.get(field) {
            Some(FieldValue::Num(x)) => Some(*x),
            _ => None,
        }
    }

    /// Whether the profile itself (or a `--set`) gave this field a value.
    pub fn is_stated(&self, field: FieldId) -> bool {
        self.stated[field]
    }

    /// The one relation between fields a profile must respect: the mean
    /// rate cannot exceed the peak. `Some((mean, peak))` when it does. The
    /// loader rejects such a profile; what-if analysis never proposes one.
    pub fn mean_above_peak(&self) -> Option<(f64, f64)> {
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
        changed.values[field] = Some(value);
        changed.stated[field] = true;
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
/// `current:` may take (those of the catalog in use).
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
        None => {}
        Some(Node {
            value: Value::Map(entries),
            ..
        }) => v.top(&entries, strategies),
        Some(Node {
            value: Value::Null, ..
        }) => {}
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
    v.cross_checks();
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

/// A problem found while validating, before it knows its file.
struct Problem {
    loc: Loc,
    message: String,
    help: Option<String>,
    width: usize,
}

impl Problem {
    fn new(loc: Loc, message: String) -> Problem {
        Problem {
            loc,
            message,
            help: None,
            width: 1,
        }
    }

    fn help(mut self, help: String) -> Problem {
        self.help = Some(help);
        self
    }

    fn into_diagnostic(self, file: &str, text: &str) -> Diagnostic {
        let mut d = Diagnostic::new(file, text, self.loc, self.message).width(self.width);
        d.help = self.help;
        d
    }
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
                        self.profile.values[id] = Some(value);
                        self.profile.stated[id] = true;
                        self.locs[id] = entry.value.loc;
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
        let mut seen: Vec<(String, Loc)> = Vec::new();
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
            let mut sub = Validator {
                problems: Vec::new(),
                profile: Profile {
                    workloads: Vec::new(),
                    ..self.profile.clone()
                },
                locs: self.locs.clone(),
                workloads: None,
            };
            let mut name = None;
            let mut states_current = false;
            let mut states_services = false;
            for e in keys {
                match e.key.as_str() {
                    "name" => match &e.value.value {
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
                    // The services this workload has (spec/profile.md).
                    "services" => {
                        let id = fields::id::SYSTEM_SERVICES;
                        match check_value(id, &e.value) {
                            Ok(value) => {
                                states_services = true;
                                sub.profile.values[id] = Some(value);
                                sub.profile.stated[id] = true;
                                sub.locs[id] = e.value.loc;
                            }
                            Err(p) => sub.problems.push(p),
                        }
                    }
                    key => match fields::find(&format!("workload.{key}")) {
                        Some(id) => match check_value(id, &e.value) {
                            Ok(value) => {
                                sub.profile.values[id] = Some(value);
                                sub.profile.stated[id] = true;
                                sub.locs[id] = e.value.loc;
                            }
                            Err(p) => sub.problems.push(p),
                        },
                        None => {
                            let keys: Vec<&str> = ENTRY_KEYS
                                .iter()
                                .copied()
                                .chain(
                                    fields::in_section("workload")
                                        .map(|(_, f)| f.section_and_key().1),
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
            if let Some((_, first)) = seen.iter().find(|(n, _)| *n == name) {
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
            seen.push((name.clone(), name_loc));
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
            w.profile.values[id] = Some(FieldValue::Num(each));
            w.profile.stated[id] = false;
        }
    }

    fn apply(&mut self, o: &Override, strategies: &[&str]) {
        let file = format!("--set {}", o.text);
        match o.key {
            OverrideKey::Field(id) => match check_value(id, &o.value) {
                Ok(value) => {
                    self.profile.values[id] = Some(value);
                    self.profile.stated[id] = true;
                    self.locs[id] = Loc::default();
                }
                Err(p) => self.problems.push(Problem::new(
                    Loc::default(),
                    format!("{file}: {}", p.message),
                )),
            },
            OverrideKey::Name => self.profile.name = scalar_text(&o.value.value),
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

    fn cross_checks(&mut self) {
        self.mean_within_peak();
        self.accept_keeps_current();
    }

    fn mean_within_peak(&mut self) {
        if let Some((mean, peak)) = self.profile.mean_above_peak() {
            // Point at the mean where the file states it.
            let loc = self.locs[crate::domain::fields::id::WORKLOAD_AVERAGE_RPS];
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

    fn accept_keeps_current(&mut self) {
        if let Some(accept) = &self.profile.accept {
            let current = self.profile.current.as_ref();
            if current.map(|c| &c.value) != Some(&accept.strategy) {
                let loc = current.map_or(Loc::START, |c| c.loc);
                self.problems.push(Problem::new(
                    loc,
                    format!(
                        "`accept.strategy` is {} but `current` is {}; an acceptance can only keep the current strategy",
                        accept.strategy,
                        current.map_or("not set", |c| c.value.as_str())
                    ),
                ).help("set `accept.strategy` to the value of `current`, or remove `accept`".into()));
            }
        }
    }
}

fn scalar_text(value: &Value) -> String {
    match value {
        Value::Str(s) => s.clone(),
        other => other.display(),
    }
}

fn strategy_id(node: &Node, field: &str, strategies: &[&str]) -> Result<String, Problem> {
    match &node.value {
        Value::Str(s) if strategies.contains(&s.as_str()) => Ok(s.clone()),
        other => {
            let shown = other.display();
            let mut p = Problem::new(
                node.loc,
                format!("`{field}` is {shown}, which is not a strategy"),
            );
            p.help = Some(match other {
                Value::Str(s) => {
                    match crate::text::hint::did_you_mean(s, strategies.iter().copied()) {
                        Some(near) => format!(
                            "did you mean `{near}`? (strategies: {})",
                            strategies.join(", ")
                        ),
                        None => format!("use one of: {}", strategies.join(", ")),
                    }
                }
                _ => format!("use one of: {}", strategies.join(", ")),
            });
            Err(p)
        }
    }
}

/// Checks one field's value against its kind: the single definition of what
/// a valid value is, shared by profiles and `--set`.
fn check_value(id: FieldId, node: &Node) -> Result<FieldValue, Problem> {
    let field = fields::get(id);
    let wrong = |found: String| {
        Problem::new(
            node.loc,
            format!(
                "`{}` is {found}, but it must be {}",
                field.path,
                field.kind.expectation()
            ),
        )
    };
    match (field.kind, &node.value) {
        (Kind::Enum(values), Value::Str(s)) => match values.iter().find(|v| **v == s.as_str()) {
            Some(v) => Ok(FieldValue::Enum(v)),
            None => {
                let mut p = wrong(yaml::quoted(s));
                let lower = s.to_lowercase().replace(['_', ' '], "-");
                // `mtls: no` (or off, false) means the level `none`.
                let negative = ["no", "n", "off", "false"].contains(&lower.as_str());
                let near = if negative && values.contains(&"none") {
                    Some("none")
                } else {
                    crate::text::hint::did_you_mean(&lower, values.iter().copied())
                };
                if let Some(near) = near {
                    p = p.help(format!("did you mean `{near}`?"));
                }
                p.width = s.chars().count();
                Err(p)
            }
        },
        (Kind::Enum(values), Value::Bool(b)) if values.contains(&"none") => {
            // `mtls: no` is a common slip; say what to write instead.
            Err(wrong(b.to_string())
                .help("spell the level out, e.g. `none` (quote it if in doubt)".into()))
        }
        (Kind::Int { min, max }, Value::Int(i)) if (min..=max).contains(i) => {
            Ok(FieldValue::Num(*i as f64))
        }
        (Kind::Int { .. }, Value::Int(i)) => Err(wrong(i.to_string())),
        // `services: 3.0` is the whole number 3, as JSON Schema's "integer" says.
        (Kind::Int { min, max }, Value::Float(x))
            if x.fract() == 0.0 && *x >= min as f64 && *x <= max as f64 =>
        {
            Ok(FieldValue::Num(*x))
        }
        (Kind::Int { .. }, Value::Float(x)) => Err(wrong(format!("{x}"))),
        (Kind::Number { min, exclusive }, Value::Int(_) | Value::Float(_)) => {
            let x = match node.value {
                Value::Int(i) => i as f64,
                Value::Float(x) => x,
                _ => unreachable!("matched above"),
            };
            let ok = x.is_finite() && if exclusive { x > min } else { x >= min };
            if ok {
                Ok(FieldValue::Num(x))
            } else {
                Err(wrong(fields::format_number(x)))
            }
        }
        (Kind::Bool, Value::Bool(b)) => Ok(FieldValue::Bool(*b)),
        (Kind::Tags, Value::Seq(items)) => {
            let mut tags = Vec::with_capacity(items.len());
            for item in items {
                match &item.value {
                    Value::Str(s) if !s.trim().is_empty() => tags.push(s.trim().to_owned()),
                    other => {
                        return Err(Problem::new(
                            item.loc,
                            format!(
                                "`{}` holds {}, but each tag must be a word such as pci-dss",
                                field.path,
                                other.display()
                            ),
                        ));
                    }
                }
            }
            Ok(FieldValue::Tags(tags))
        }
        (_, other) => {
            let found = match other {
                Value::Str(s) => yaml::quoted(s),
                other => other.kind().to_owned(),
            };
            Err(wrong(found))
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
        assert_eq!(p.current.as_ref().unwrap().value, "serverless");
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
            e[2].starts_with("5:13: `workload.peak_rps` is -3, but it must be a number >= 0"),
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
    fn range_and_kind_errors_name_the_field() {
        assert!(
            errors("system: {services: 0}")[0]
                .contains("`system.services` is 0, but it must be a whole number >= 1")
        );
        assert!(errors("system: {services: 2.5}")[0].contains("whole number"));
        assert!(errors("workload: {max_duration_s: 0}")[0].contains("a number > 0"));
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
        assert_eq!(api.profile.current.as_ref().unwrap().value, "container");
        let c = resizer.profile.current.as_ref().unwrap();
        assert_eq!(
            (c.value.as_str(), c.loc),
            ("serverless", Loc { line: 10, col: 5 })
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
