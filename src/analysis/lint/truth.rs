//! Whether a condition can be true, false or unknown over every profile,
//! decided exactly where it can be: a condition's answer depends only on
//! the fields it reads, and on each field only through which side of each
//! threshold it names the value lies. So evaluating it on one profile per
//! combination of those regions (every enum value, both booleans, "not
//! stated", every threshold and a value between and beyond each) covers
//! every profile. Where that product is too large, only the per-field
//! domains of [`Condition::exclusive`] are used.

use crate::domain::catalog::StrategyId;
use crate::domain::condition::Condition;
use crate::domain::fields::{self, FieldId, FieldValue, Kind};
use crate::domain::profile::{Located, Profile};
use crate::text::yaml::Loc;

/// Whether no profile can make `c` true: proved from the per-field domains
/// (a condition exclusive with itself), or by evaluating every region.
pub(crate) fn never_true(c: &Condition) -> bool {
    c.exclusive(c) || truth(&[c]).is_some_and(|t| !t.can_true)
}

/// What a condition can come to over every profile.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub(crate) struct Truth {
    pub can_true: bool,
    pub can_false: bool,
    pub can_unknown: bool,
}

/// The answers the first condition can give over every profile (`None`
/// when the regions of the fields the conditions read are too many to try).
pub(crate) fn truth(conds: &[&Condition]) -> Option<Truth> {
    let space = Space::new(conds)?;
    let mut t = Truth::default();
    space.each(&mut |p| {
        match conds[0].eval(p) {
            Some(true) => t.can_true = true,
            Some(false) => t.can_false = true,
            None => t.can_unknown = true,
        }
        !(t.can_true && t.can_false && t.can_unknown)
    });
    Some(t)
}

/// Whether every profile on which `a` holds makes `b` hold too (`false`
/// when that cannot be decided).
pub(crate) fn implies(a: &Condition, b: &Condition) -> bool {
    let Some(space) = Space::new(&[a, b]) else {
        return false;
    };
    let mut holds = true;
    space.each(&mut |p| {
        if a.eval(p) == Some(true) && b.eval(p) != Some(true) {
            holds = false;
        }
        holds
    });
    holds
}

/// Profiles to try: at most this many.
const MAX_PROFILES: usize = 200_000;

/// One value of each region of each field the conditions read, and of
/// `current` when they test it.
struct Space {
    fields: Vec<(FieldId, Vec<Option<FieldValue>>)>,
    currents: Vec<Option<StrategyId>>,
}

impl Space {
    fn new(conds: &[&Condition]) -> Option<Space> {
        let mut ids: Vec<FieldId> = Vec::new();
        for c in conds {
            for f in c.fields() {
                if !ids.contains(&f) {
                    ids.push(f);
                }
            }
        }
        let fields = ids
            .into_iter()
            .map(|f| Some((f, regions(f, conds)?)))
            .collect::<Option<Vec<_>>>()?;
        let mut currents = vec![None];
        if conds.iter().any(|c| tests_current(c)) {
            let mut named: Vec<StrategyId> = conds.iter().flat_map(|c| c.current_ids()).collect();
            named.sort_unstable();
            named.dedup();
            currents.extend(named.iter().copied().map(Some));
            // Any other strategy: an id no condition names (and no catalog has).
            currents.push(Some(StrategyId::new(usize::from(u16::MAX))));
        }
        let mut size = currents.len();
        for (_, values) in &fields {
            size = size.checked_mul(values.len().max(1))?;
            if size > MAX_PROFILES {
                return None;
            }
        }
        Some(Space { fields, currents })
    }

    /// Calls `f` with each profile until it returns `false`.
    fn each(&self, f: &mut dyn FnMut(&Profile) -> bool) {
        let base = Profile::generic("lint");
        let mut at = vec![0usize; self.fields.len()];
        loop {
            let mut p = base.clone();
            for ((field, values), &k) in self.fields.iter().zip(&at) {
                if let Some(v) = &values[k] {
                    p = p.with(*field, v.clone());
                }
            }
            for current in &self.currents {
                p.current = current.map(|value| Located {
                    value,
                    loc: Loc::default(),
                });
                if !f(&p) {
                    return;
                }
            }
            // The next combination, odometer-wise.
            let mut k = 0;
            loop {
                if k == at.len() {
                    return;
                }
                at[k] += 1;
                if at[k] < self.fields[k].1.len() {
                    break;
                }
                at[k] = 0;
                k += 1;
            }
        }
    }
}

fn tests_current(c: &Condition) -> bool {
    match c {
        Condition::Current(_) => true,
        Condition::All(items) | Condition::Any(items) => items.iter().any(tests_current),
        Condition::Not(inner) => tests_current(inner),
        _ => false,
    }
}

/// The numbers the conditions compare `field` with.
fn numbers(c: &Condition, field: FieldId, out: &mut Vec<f64>) {
    match c {
        Condition::All(items) | Condition::Any(items) => {
            items.iter().for_each(|c| numbers(c, field, out))
        }
        Condition::Not(inner) => numbers(inner, field, out),
        Condition::Compare {
            field: f,
            value: FieldValue::Num(x),
            ..
        } if *f == field => out.push(*x),
        Condition::In { field: f, values } if *f == field => {
            out.extend(values.iter().filter_map(|v| match v {
                FieldValue::Num(x) => Some(*x),
                _ => None,
            }))
        }
        _ => {}
    }
}

/// Tags in a `contains` test tried at most (every subset is tried).
const MAX_TAGS: usize = 8;

/// One value of `field` from each region its comparisons in `conds` cut
/// its range into, and "not stated" when it has no default.
fn regions(field: FieldId, conds: &[&Condition]) -> Option<Vec<Option<FieldValue>>> {
    let f = fields::get(field);
    let mut thresholds = Vec::new();
    for c in conds {
        numbers(c, field, &mut thresholds);
    }
    let sorted = |mut xs: Vec<f64>| {
        xs.retain(|x| x.is_finite());
        xs.sort_by(f64::total_cmp);
        xs.dedup();
        xs
    };
    let mut out: Vec<Option<FieldValue>> = match f.kind {
        Kind::Enum(words) => words.iter().map(|w| Some(FieldValue::Enum(w))).collect(),
        Kind::Bool => vec![Some(FieldValue::Bool(false)), Some(FieldValue::Bool(true))],
        Kind::Int { min, max } => {
            let (lo, hi) = (min as f64, max as f64);
            let mut xs = vec![lo, hi];
            for t in &thresholds {
                let (fl, ce) = (t.floor(), t.ceil());
                xs.extend([fl - 1.0, fl, fl + 1.0, ce, ce + 1.0]);
            }
            sorted(xs)
                .into_iter()
                .filter(|x| (lo..=hi).contains(x))
                .map(|x| Some(FieldValue::Num(x)))
                .collect()
        }
        Kind::Number {
            min,
            exclusive,
            max,
        } => {
            let points = sorted(thresholds.iter().copied().chain([min]).collect());
            let mut xs = points.clone();
            xs.extend(points.windows(2).map(|w| w[0] + (w[1] - w[0]) / 2.0));
            xs.push(points.last().copied().unwrap_or(min) + 1.0);
            sorted(xs)
                .into_iter()
                .filter(|&x| (x > min || (x == min && !exclusive)) && x <= max)
                .map(|x| Some(FieldValue::Num(x)))
                .collect()
        }
        Kind::Tags => {
            let mut tags: Vec<String> = Vec::new();
            for c in conds {
                c.visit_tags(field, &mut |t| {
                    if let Some(t) = t.map(str::to_lowercase)
                        && !tags.contains(&t)
                    {
                        tags.push(t);
                    }
                });
            }
            if tags.len() > MAX_TAGS {
                return None;
            }
            let mut lists: Vec<Option<FieldValue>> = (0..1u32 << tags.len())
                .map(|mask| {
                    let set = tags
                        .iter()
                        .enumerate()
                        .filter(|(k, _)| mask & (1 << k) != 0)
                        .map(|(_, t)| t.clone())
                        .collect();
                    Some(FieldValue::Tags(set))
                })
                .collect();
            lists.push(Some(FieldValue::Tags(vec!["\u{0}another".into()])));
            lists
        }
    };
    if f.default == fields::Fallback::Unknown {
        out.push(None);
    }
    Some(out)
}
