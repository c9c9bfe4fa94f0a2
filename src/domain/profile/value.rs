//! One value of a profile checked against what its field takes, and the
//! problem it makes when it is wrong (before the problem knows its file).
//! Profiles and `--set` overrides are checked by the same code.

use crate::domain::fields::{self, FieldId, FieldValue, Kind};
use crate::domain::ids::StrategyId;
use crate::text::diag::Diagnostic;
use crate::text::yaml::{self, Loc, Node, Value};

/// A problem found while validating, before it knows its file.
pub(super) struct Problem {
    pub(super) loc: Loc,
    pub(super) message: String,
    pub(super) help: Option<String>,
    pub(super) width: usize,
}

impl Problem {
    pub(super) fn new(loc: Loc, message: String) -> Problem {
        Problem {
            loc,
            message,
            help: None,
            width: 1,
        }
    }

    pub(super) fn help(mut self, help: String) -> Problem {
        self.help = Some(help);
        self
    }

    pub(super) fn into_diagnostic(self, file: &str, text: &str) -> Diagnostic {
        let mut d = Diagnostic::new(file, text, self.loc, self.message).width(self.width);
        d.help = self.help;
        d
    }
}

pub(super) fn scalar_text(value: &Value) -> String {
    match value {
        Value::Str(s) => s.clone(),
        other => other.display(),
    }
}

pub(super) fn strategy_id(
    node: &Node,
    field: &str,
    strategies: &[&str],
) -> Result<StrategyId, Problem> {
    let found = match &node.value {
        Value::Str(s) => strategies.iter().position(|x| x == s),
        _ => None,
    };
    match (found, &node.value) {
        (Some(i), _) => Ok(StrategyId::new(i)),
        (None, other) => {
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
pub(super) fn check_value(id: FieldId, node: &Node) -> Result<FieldValue, Problem> {
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
        (
            Kind::Number {
                min,
                exclusive,
                max,
            },
            Value::Int(_) | Value::Float(_),
        ) => {
            let x = match node.value {
                Value::Int(i) => i as f64,
                Value::Float(x) => x,
                _ => unreachable!("matched above"),
            };
            let ok = x.is_finite() && x <= max && if exclusive { x > min } else { x >= min };
            if ok {
                Ok(FieldValue::Num(x))
            } else {
                Err(wrong(fields::format_number(x)))
            }
        }
        (Kind::Bool, Value::Bool(b)) => Ok(FieldValue::Bool(*b)),
        (Kind::Tags, Value::Seq(items)) if items.len() > fields::MAX_TAGS => Err(Problem::new(
            node.loc,
            format!(
                "`{}` holds {} tags, more than the {} a profile may list",
                field.path,
                items.len(),
                fields::MAX_TAGS
            ),
        )
        .help("list the regimes that decide where the system may run".into())),
        (Kind::Tags, Value::Seq(items)) => {
            let mut tags = Vec::with_capacity(items.len());
            for item in items {
                match &item.value {
                    Value::Str(s) if s.chars().count() > fields::MAX_TAG_CHARS => {
                        return Err(Problem::new(
                            item.loc,
                            format!(
                                "a tag of `{}` is longer than {} characters",
                                field.path,
                                fields::MAX_TAG_CHARS
                            ),
                        ));
                    }
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
