//! Rule conditions: structured YAML (`all`/`any`/`not` over comparisons on
//! profile fields), checked against the field table when the catalog loads,
//! and evaluated with three-valued logic.
//!
//! A comparison on a field whose value is unknown (a field with no default
//! that the profile left out) is itself unknown; `not` of unknown stays
//! unknown, and a rule fires only when its condition is definitely true. So an
//! unstated `peak_rps` neither fires nor blocks anything, as profile.md asks.

use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::domain::fields::{self, FieldId, FieldValue, Kind};
use crate::domain::ids::StrategyId;
use crate::domain::profile::Profile;
use crate::text::yaml::{self, Loc, Value};

/// A condition as written in a rules file.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "lowercase", deny_unknown_fields)]
pub(crate) enum RawCondition {
    All(Vec<RawCondition>),
    Any(Vec<RawCondition>),
    Not(Box<RawCondition>),
    Eq(RawCompare),
    Ne(RawCompare),
    Gt(RawCompare),
    Gte(RawCompare),
    Lt(RawCompare),
    Lte(RawCompare),
    In(RawIn),
    Contains(RawCompare),
    Empty(RawField),
    /// True when the profile leaves a field with no default unstated.
    Unknown(RawField),
    /// True when the profile's `current:` is one of these strategies.
    Current(Vec<Spanned<String>>),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawCompare {
    field: Spanned<String>,
    value: Spanned<Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawIn {
    field: Spanned<String>,
    values: Vec<Spanned<Value>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawField {
    field: Spanned<String>,
}

/// A comparison operator on one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Gt,
    Gte,
    Lt,
    Lte,
}

impl Op {
    pub(crate) fn symbol(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::Ne => "!=",
            Op::Gt => ">",
            Op::Gte => ">=",
            Op::Lt => "<",
            Op::Lte => "<=",
        }
    }
}

/// A checked condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
    Compare {
        field: FieldId,
        op: Op,
        value: FieldValue,
    },
    In {
        field: FieldId,
        values: Vec<FieldValue>,
    },
    Contains {
        field: FieldId,
        tag: String,
    },
    Empty {
        field: FieldId,
    },
    /// The field has no value: not stated, and no default.
    Unknown {
        field: FieldId,
    },
    /// `current:` names one of these strategies (false when not stated:
    /// a profile that says nothing about its current strategy runs none),
    /// each with its name, for words.
    Current(Vec<(StrategyId, String)>),
}

/// A problem in a condition, at a place in the rules file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ConditionError {
    pub loc: Loc,
    pub message: String,
    pub help: Option<String>,
}

impl RawCondition {
    /// The checked condition; `strategies` are the catalog's strategy ids,
    /// in catalog order, that a `current` test may name.
    // Over 100 lines: one arm per kind of condition in a single match, so
    // every kind and the error it may give read side by side.
    pub(crate) fn check(&self, strategies: &[&str]) -> Result<Condition, ConditionError> {
        let compare = |c: &RawCompare, op: Op| -> Result<Condition, ConditionError> {
            let field = field_id(&c.field)?;
            let kind = fields::get(field).kind;
            if matches!(op, Op::Gt | Op::Gte | Op::Lt | Op::Lte) && !kind.is_numeric() {
                return Err(error(
                    &c.field,
                    format!(
                        "`{}` is not a number, so it cannot be compared with {}",
                        c.field.value,
                        op.symbol()
                    ),
                    Some("use eq, ne or in for words and booleans".into()),
                ));
            }
            if kind == Kind::Tags {
                return Err(error(
                    &c.field,
                    format!(
                        "`{}` is a list; test it with contains or empty",
                        c.field.value
                    ),
                    None,
                ));
            }
            let value = operand(field, &c.value)?;
            Ok(Condition::Compare { field, op, value })
        };
        Ok(match self {
            RawCondition::All(items) => Condition::All(check_all(items, strategies)?),
            RawCondition::Any(items) => Condition::Any(check_all(items, strategies)?),
            RawCondition::Not(inner) => Condition::Not(Box::new(inner.check(strategies)?)),
            RawCondition::Eq(c) => compare(c, Op::Eq)?,
            RawCondition::Ne(c) => compare(c, Op::Ne)?,
            RawCondition::Gt(c) => compare(c, Op::Gt)?,
            RawCondition::Gte(c) => compare(c, Op::Gte)?,
            RawCondition::Lt(c) => compare(c, Op::Lt)?,
            RawCondition::Lte(c) => compare(c, Op::Lte)?,
            RawCondition::In(c) => {
                let field = field_id(&c.field)?;
                if fields::get(field).kind == Kind::Tags {
                    return Err(error(
                        &c.field,
                        format!("`{}` is a list; test it with contains", c.field.value),
                        None,
                    ));
                }
                let values = c
                    .values
                    .iter()
                    .map(|v| operand(field, v))
                    .collect::<Result<_, _>>()?;
                Condition::In { field, values }
            }
            RawCondition::Contains(c) => {
                let field = list_field(&c.field)?;
                match &c.value.value {
                    Value::Str(tag) => Condition::Contains {
                        field,
                        tag: tag.clone(),
                    },
                    other => {
                        return Err(error(
                            &c.value,
                            format!("contains takes a tag such as pci-dss, not {}", other.kind()),
                            None,
                        ));
                    }
                }
            }
            RawCondition::Empty(c) => Condition::Empty {
                field: list_field(&c.field)?,
            },
            RawCondition::Unknown(c) => {
                let field = field_id(&c.field)?;
                if fields::get(field).default != fields::Fallback::Unknown {
                    return Err(error(
                        &c.field,
                        format!("`{}` has a default, so it is never unknown", c.field.value),
                        Some("test a field with no default, such as system.cloud".into()),
                    ));
                }
                Condition::Unknown { field }
            }
            RawCondition::Current(ids) => Condition::Current(
                ids.iter()
                    .map(|name| {
                        let i = strategies.iter().position(|s| *s == name.value);
                        i.map(|i| (StrategyId::new(i), name.value.clone()))
                            .ok_or_else(|| {
                                error(
                                    name,
                                    format!("`current` tests an unknown strategy `{}`", name.value),
                                    Some(format!("strategies are: {}", strategies.join(", "))),
                                )
                            })
                    })
                    .collect::<Result<_, _>>()?,
            ),
        })
    }
}

fn check_all(
    items: &[RawCondition],
    strategies: &[&str],
) -> Result<Vec<Condition>, ConditionError> {
    items.iter().map(|c| c.check(strategies)).collect()
}

fn error<T>(at: &Spanned<T>, message: String, help: Option<String>) -> ConditionError {
    ConditionError {
        loc: yaml::loc_of(at),
        message,
        help,
    }
}

fn field_id(path: &Spanned<String>) -> Result<FieldId, ConditionError> {
    fields::find(&path.value).ok_or_else(|| {
        let help = match crate::text::hint::did_you_mean(
            &path.value,
            fields::FIELDS.iter().map(|f| f.path),
        ) {
            Some(near) => format!("did you mean `{near}`?"),
            None => "`advise schema` lists every profile field".into(),
        };
        error(
            path,
            format!("unknown field path `{}`", path.value),
            Some(help),
        )
    })
}

fn list_field(path: &Spanned<String>) -> Result<FieldId, ConditionError> {
    let id = field_id(path)?;
    if fields::get(id).kind != Kind::Tags {
        return Err(error(
            path,
            format!(
                "`{}` is not a list; contains and empty apply to lists such as requirements.compliance",
                path.value
            ),
            None,
        ));
    }
    Ok(id)
}

/// Checks a comparison's value against the field's kind, so that a rule
/// comparing `workload.traffic` with `spikey` fails to load instead of
/// silently never firing.
fn operand(field: FieldId, value: &Spanned<Value>) -> Result<FieldValue, ConditionError> {
    let f = fields::get(field);
    match (f.kind, &value.value) {
        (Kind::Enum(allowed), Value::Str(s)) => match allowed.iter().find(|a| **a == s.as_str()) {
            Some(word) => Ok(FieldValue::Enum(word)),
            None => Err(error(
                value,
                format!("`{s}` is not a value of `{}`", f.path),
                Some(format!("use {}", f.kind.expectation())),
            )),
        },
        (Kind::Int { .. } | Kind::Number { .. }, Value::Int(i)) => Ok(FieldValue::Num(*i as f64)),
        (Kind::Int { .. } | Kind::Number { .. }, Value::Float(x)) if x.is_finite() => {
            Ok(FieldValue::Num(*x))
        }
        (Kind::Bool, Value::Bool(b)) => Ok(FieldValue::Bool(*b)),
        (kind, other) => Err(error(
            value,
            format!(
                "`{}` is compared with {}, but it holds {}",
                f.path,
                other.display(),
                kind.expectation()
            ),
            None,
        )),
    }
}

impl Condition {
    /// `Some(true)` or `Some(false)` when decided, `None` when it depends on
    /// a value the profile left unknown.
    pub(crate) fn eval(&self, profile: &Profile) -> Option<bool> {
        match self {
            Condition::All(items) => {
                let mut result = Some(true);
                for item in items {
                    match item.eval(profile) {
                        Some(false) => return Some(false),
                        None => result = None,
                        Some(true) => {}
                    }
                }
                result
            }
            Condition::Any(items) => {
                let mut result = Some(false);
                for item in items {
                    match item.eval(profile) {
                        Some(true) => return Some(true),
                        None => result = None,
                        Some(false) => {}
                    }
                }
                result
            }
            Condition::Not(inner) => inner.eval(profile).map(|b| !b),
            Condition::Compare { field, op, value } => {
                let actual = profile.get(*field)?;
                Some(match (actual, value) {
                    (FieldValue::Num(a), FieldValue::Num(b)) => match op {
                        Op::Eq => a == b,
                        Op::Ne => a != b,
                        Op::Gt => a > b,
                        Op::Gte => a >= b,
                        Op::Lt => a < b,
                        Op::Lte => a <= b,
                    },
                    (a, b) => match op {
                        Op::Eq => a == b,
                        Op::Ne => a != b,
                        // Loading refuses ordering on words; nothing to order.
                        _ => false,
                    },
                })
            }
            Condition::In { field, values } => {
                let actual = profile.get(*field)?;
                Some(values.contains(actual))
            }
            Condition::Contains { field, tag } => match profile.get(*field)? {
                FieldValue::Tags(tags) => Some(tags.iter().any(|t| t.eq_ignore_ascii_case(tag))),
                _ => Some(false),
            },
            Condition::Empty { field } => match profile.get(*field)? {
                FieldValue::Tags(tags) => Some(tags.is_empty()),
                _ => Some(false),
            },
            Condition::Unknown { field } => Some(profile.get(*field).is_none()),
            Condition::Current(ids) => Some(
                profile
                    .current
                    .as_ref()
                    .is_some_and(|c| ids.iter().any(|&(id, _)| id == c.value)),
            ),
        }
    }

    /// Every field the condition reads, once each, in first-use order.
    pub(crate) fn fields(&self) -> Vec<FieldId> {
        let mut out = Vec::new();
        self.visit(&mut |c| {
            let id = match c {
                Condition::Compare { field, .. }
                | Condition::In { field, .. }
                | Condition::Contains { field, .. }
                | Condition::Empty { field }
                | Condition::Unknown { field } => *field,
                _ => return,
            };
            if !out.contains(&id) {
                out.push(id);
            }
        });
        out
    }

    /// Every numeric threshold compared against `field`: where the answer of
    /// a numeric rule can change. Sensitivity analysis starts from these.
    pub(crate) fn thresholds(&self, field: FieldId) -> Vec<(Op, f64)> {
        let mut out = Vec::new();
        self.visit(&mut |c| {
            if let Condition::Compare {
                field: f,
                op,
                value: FieldValue::Num(x),
            } = c
                && *f == field
            {
                out.push((*op, *x));
            }
        });
        out
    }

    /// Calls `f` with each tag a `contains` on `field` tests for, and with
    /// `None` for each `empty` test on it.
    pub fn visit_tags<'a>(&'a self, field: FieldId, f: &mut impl FnMut(Option<&'a str>)) {
        match self {
            Condition::Contains { field: id, tag } if *id == field => f(Some(tag)),
            Condition::Empty { field: id } if *id == field => f(None),
            Condition::All(items) | Condition::Any(items) => {
                items.iter().for_each(|c| c.visit_tags(field, f))
            }
            Condition::Not(inner) => inner.visit_tags(field, f),
            _ => {}
        }
    }

    fn visit<'a>(&'a self, f: &mut impl FnMut(&'a Condition)) {
        f(self);
        match self {
            Condition::All(items) | Condition::Any(items) => items.iter().for_each(|c| c.visit(f)),
            Condition::Not(inner) => inner.visit(f),
            _ => {}
        }
    }

    /// The condition in a compact, readable form, for `advise explain`.
    pub(crate) fn describe(&self) -> String {
        let join = |items: &[Condition], sep: &str| {
            let parts: Vec<String> = items
                .iter()
                .map(|c| match c {
                    Condition::All(_) | Condition::Any(_) => format!("({})", c.describe()),
                    _ => c.describe(),
                })
                .collect();
            parts.join(sep)
        };
        match self {
            Condition::All(items) if items.is_empty() => "always".into(),
            Condition::All(items) => join(items, " and "),
            Condition::Any(items) => join(items, " or "),
            Condition::Not(inner) => format!("not ({})", inner.describe()),
            Condition::Compare { field, op, value } => {
                format!("{} {} {value}", fields::get(*field).path, op.symbol())
            }
            Condition::In { field, values } => {
                let values: Vec<String> = values.iter().map(ToString::to_string).collect();
                format!("{} in [{}]", fields::get(*field).path, values.join(", "))
            }
            Condition::Contains { field, tag } => {
                format!("{} contains {tag}", fields::get(*field).path)
            }
            Condition::Empty { field } => format!("{} is empty", fields::get(*field).path),
            Condition::Unknown { field } => format!("{} not stated", fields::get(*field).path),
            Condition::Current(ids) => {
                let names: Vec<&str> = ids.iter().map(|(_, name)| name.as_str()).collect();
                format!("current in [{}]", names.join(", "))
            }
        }
    }

    /// How many parts the condition has (every node counted once).
    pub(crate) fn size(&self) -> usize {
        let mut n = 0;
        self.visit(&mut |_| n += 1);
        n
    }

    /// The strategies a `current` test names.
    pub(crate) fn current_ids(&self) -> Vec<StrategyId> {
        let mut out = Vec::new();
        self.visit(&mut |c| {
            if let Condition::Current(ids) = c {
                out.extend(ids.iter().map(|&(id, _)| id));
            }
        });
        out
    }

    /// Whether the two conditions can never hold for the same profile,
    /// proved from the constraints each puts on single fields, or from
    /// their structure: an `all` cannot hold with the other when one of
    /// its parts cannot, an `any` when none of its branches can, and
    /// `not: X` never holds with X. So two rules can part on several
    /// fields at once (one holds where any of them says so, the other
    /// where none does). `false` means "could hold
    /// together", which may be too cautious, never wrong the other way: the
    /// catalog uses it to refuse double counting.
    pub(crate) fn exclusive(&self, other: &Condition) -> bool {
        self.exclusive_by_domains(other)
            || self.excludes_by_parts(other)
            || other.excludes_by_parts(self)
    }

    /// [`Condition::exclusive`] proved from single fields alone: one field
    /// whose values the two leave no room in common.
    pub(crate) fn exclusive_by_domains(&self, other: &Condition) -> bool {
        let (a, b) = (self.constraints(), other.constraints());
        a.iter().any(|(fa, da)| {
            b.iter()
                .any(|(fb, db)| fa == fb && da.intersection_is_empty(db))
        })
    }

    /// [`Condition::exclusive`] proved through this condition's parts.
    fn excludes_by_parts(&self, other: &Condition) -> bool {
        match self {
            Condition::All(items) => items.iter().any(|i| i.exclusive(other)),
            Condition::Any(items) => !items.is_empty() && items.iter().all(|i| i.exclusive(other)),
            Condition::Not(inner) => **inner == *other,
            _ => false,
        }
    }

    /// The constraints this condition puts on single fields when it holds.
    fn constraints(&self) -> Vec<(FieldId, Domain)> {
        match self {
            Condition::All(items) => items.iter().flat_map(Condition::constraints).collect(),
            Condition::Any(items) => {
                // A union is only a constraint when every branch constrains one same field.
                let mut union: Option<(FieldId, Domain)> = None;
                for item in items {
                    let mut cs = item.constraints();
                    let [(f, d)] = cs.as_mut_slice() else {
                        return Vec::new();
                    };
                    union = match union {
                        None => Some((*f, d.clone())),
                        Some((g, u)) if g == *f => Some((g, u.union(d))),
                        Some(_) => return Vec::new(),
                    };
                }
                union.into_iter().collect()
            }
            Condition::Not(_) | Condition::Contains { .. } | Condition::Empty { .. } => Vec::new(),
            Condition::Current(_) => Vec::new(),
            Condition::Unknown { field } => vec![(*field, Domain::unknown())],
            Condition::In { field, values } => {
                let parts: Vec<Domain> = values.iter().map(Domain::value).collect();
                match parts.into_iter().reduce(|a, b| a.union(&b)) {
                    Some(d) => vec![(*field, d)],
                    // `in: []` never holds.
                    None => vec![(*field, Domain::nothing())],
                }
            }
            Condition::Compare { field, op, value } => match (op, value) {
                (Op::Eq, v) => vec![(*field, Domain::value(v))],
                (Op::Ne, FieldValue::Enum(word)) => match fields::get(*field).kind {
                    Kind::Enum(all) => vec![(
                        *field,
                        Domain::Words(
                            all.iter()
                                .filter(|w| *w != word)
                                .map(|w| w.to_string())
                                .collect(),
                        ),
                    )],
                    _ => Vec::new(),
                },
                (Op::Ne, FieldValue::Bool(b)) => {
                    vec![(*field, Domain::Words(vec![(!b).to_string()]))]
                }
                (_, FieldValue::Num(x)) => {
                    let x = *x;
                    let range = match op {
                        Op::Gt => Range {
                            lo: x,
                            lo_open: true,
                            hi: f64::INFINITY,
                            hi_open: true,
                        },
                        Op::Gte => Range {
                            lo: x,
                            lo_open: false,
                            hi: f64::INFINITY,
                            hi_open: true,
                        },
                        Op::Lt => Range {
                            lo: f64::NEG_INFINITY,
                            lo_open: true,
                            hi: x,
                            hi_open: true,
                        },
                        Op::Lte => Range {
                            lo: f64::NEG_INFINITY,
                            lo_open: true,
                            hi: x,
                            hi_open: false,
                        },
                        _ => return Vec::new(),
                    };
                    vec![(*field, Domain::Numbers(vec![range]))]
                }
                _ => Vec::new(),
            },
        }
    }
}

/// The values a field may take for a condition to hold. `unknown` stands
/// for "not stated" among words, and an empty list means nothing at all.
#[derive(Debug, Clone, PartialEq)]
enum Domain {
    Words(Vec<String>),
    Numbers(Vec<Range>),
    /// Only "not stated".
    Unstated,
    /// Several kinds at once, from an `any` over `unknown` and a value.
    Mixed(Vec<Domain>),
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Range {
    lo: f64,
    lo_open: bool,
    hi: f64,
    hi_open: bool,
}

impl Range {
    fn meets(&self, o: &Range) -> bool {
        let below = |hi: f64, hi_open: bool, lo: f64, lo_open: bool| {
            hi < lo || (hi == lo && (hi_open || lo_open))
        };
        !(below(self.hi, self.hi_open, o.lo, o.lo_open)
            || below(o.hi, o.hi_open, self.lo, self.lo_open))
    }
}

impl Domain {
    fn unknown() -> Domain {
        Domain::Unstated
    }

    fn nothing() -> Domain {
        Domain::Words(Vec::new())
    }

    fn value(v: &FieldValue) -> Domain {
        match v {
            FieldValue::Num(x) => Domain::Numbers(vec![Range {
                lo: *x,
                lo_open: false,
                hi: *x,
                hi_open: false,
            }]),
            other => Domain::Words(vec![other.to_string()]),
        }
    }

    fn parts(&self) -> Vec<&Domain> {
        match self {
            Domain::Mixed(parts) => parts.iter().collect(),
            one => vec![one],
        }
    }

    fn union(&self, other: &Domain) -> Domain {
        match (self, other) {
            (Domain::Words(a), Domain::Words(b)) => {
                Domain::Words(a.iter().chain(b).cloned().collect())
            }
            (Domain::Numbers(a), Domain::Numbers(b)) => {
                Domain::Numbers(a.iter().chain(b).copied().collect())
            }
            (Domain::Unstated, Domain::Unstated) => Domain::Unstated,
            (a, b) => Domain::Mixed(a.parts().into_iter().chain(b.parts()).cloned().collect()),
        }
    }

    fn intersection_is_empty(&self, other: &Domain) -> bool {
        self.parts().iter().all(|a| {
            other.parts().iter().all(|b| match (a, b) {
                (Domain::Words(x), Domain::Words(y)) => !x.iter().any(|w| y.contains(w)),
                (Domain::Numbers(x), Domain::Numbers(y)) => {
                    !x.iter().any(|r| y.iter().any(|s| r.meets(s)))
                }
                (Domain::Unstated, Domain::Unstated) => false,
                // A stated value and "not stated" never meet.
                _ => true,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::profile::Profile;

    fn cond(yaml_text: &str) -> Result<Condition, ConditionError> {
        yaml::from_str::<RawCondition>(yaml_text)
            .unwrap()
            .check(&["container"])
    }

    fn profile(sets: &[&str]) -> Profile {
        Profile::from_sets(sets, &["container"])
    }

    #[test]
    fn comparisons_follow_the_profile() {
        let c = cond("gt: {field: workload.max_duration_s, value: 3600}").unwrap();
        assert_eq!(c.eval(&profile(&[])), Some(false));
        assert_eq!(
            c.eval(&profile(&["workload.max_duration_s=7200"])),
            Some(true)
        );
        let c = cond("in: {field: workload.traffic, values: [spiky, sporadic]}").unwrap();
        assert_eq!(c.eval(&profile(&["workload.traffic=spiky"])), Some(true));
        assert_eq!(c.eval(&profile(&[])), Some(false));
        let c = cond("contains: {field: requirements.compliance, value: PCI-DSS}").unwrap();
        assert_eq!(
            c.eval(&profile(&["requirements.compliance=[pci-dss]"])),
            Some(true)
        );
        let c = cond("empty: {field: requirements.compliance}").unwrap();
        assert_eq!(c.eval(&profile(&[])), Some(true));
    }

    #[test]
    fn unknown_fields_make_a_condition_unknown_not_true() {
        let gt = cond("gt: {field: workload.peak_rps, value: 1000}").unwrap();
        assert_eq!(gt.eval(&profile(&[])), None);
        let not = cond("not: {gt: {field: workload.peak_rps, value: 1000}}").unwrap();
        assert_eq!(not.eval(&profile(&[])), None);
        let any = cond("any: [{gt: {field: workload.peak_rps, value: 1}}, {eq: {field: workload.gpu, value: true}}]").unwrap();
        assert_eq!(any.eval(&profile(&[])), None);
        assert_eq!(any.eval(&profile(&["workload.gpu=true"])), Some(true));
        let all = cond("all: [{gt: {field: workload.peak_rps, value: 1}}, {eq: {field: workload.gpu, value: true}}]").unwrap();
        assert_eq!(all.eval(&profile(&[])), Some(false));
    }

    #[test]
    fn mistakes_in_conditions_are_load_errors_with_locations() {
        let e = cond("gt: {field: workload.max_duraton_s, value: 3600}").unwrap_err();
        assert_eq!(e.message, "unknown field path `workload.max_duraton_s`");
        assert_eq!(
            e.help.as_deref(),
            Some("did you mean `workload.max_duration_s`?")
        );
        assert_eq!(e.loc, Loc { line: 1, col: 13 });
        assert!(
            cond("eq: {field: workload.traffic, value: spikey}")
                .unwrap_err()
                .message
                .contains("not a value")
        );
        assert!(
            cond("gt: {field: workload.traffic, value: 3}")
                .unwrap_err()
                .message
                .contains("cannot be compared")
        );
        assert!(cond("eq: {field: workload.gpu, value: 1}").is_err());
        assert!(cond("contains: {field: workload.traffic, value: x}").is_err());
        assert!(yaml::from_str::<RawCondition>("gtt: {field: workload.gpu, value: true}").is_err());
    }

    #[test]
    fn thresholds_and_fields_are_collected() {
        let c = cond("all: [{gt: {field: system.services, value: 30}}, {not: {lte: {field: system.services, value: 100}}}, {eq: {field: workload.gpu, value: true}}]").unwrap();
        let services = crate::domain::fields::id::SYSTEM_SERVICES;
        assert_eq!(
            c.thresholds(services),
            vec![(Op::Gt, 30.0), (Op::Lte, 100.0)]
        );
        assert_eq!(c.fields().len(), 2);
        assert_eq!(
            c.describe(),
            "system.services > 30 and not (system.services <= 100) and workload.gpu = true"
        );
    }
}
