//! What a human-readable report says, decided once: the terminal table and
//! the Markdown report render this same outline, so they cannot disagree.

use crate::catalog::Catalog;
use crate::engine::{ReasonKind, Scored};
use crate::fields::{self, FieldValue};
use crate::report::{Evaluated, signed, wire::round};

/// How many reasons to show per strategy, and how many what-ifs.
const TOP_REASONS: usize = 5;
const TOP_CHANGES: usize = 3;

pub struct Outline {
    pub title: String,
    pub headline: String,
    pub rows: Vec<Row>,
    pub sections: Vec<Section>,
    /// Closing notes: assumptions, unknowns, what would change the answer.
    pub notes: Vec<Note>,
    pub breakdown: Vec<Breakdown>,
}

pub struct Row {
    pub rank: usize,
    pub strategy: String,
    pub score: String,
    pub eligible: bool,
    pub winner: bool,
}

pub struct Section {
    pub title: String,
    pub items: Vec<Item>,
}

pub struct Item {
    /// `+2.5`, or `blocks` for a blocker.
    pub effect: String,
    pub rule: String,
    pub message: String,
}

pub struct Note {
    pub label: &'static str,
    pub text: String,
}

pub struct Breakdown {
    pub strategy: String,
    /// criterion, weight, rating (with baseline), contribution, rules
    pub rows: Vec<[String; 5]>,
}

pub fn outline(e: &Evaluated, catalog: &Catalog, explain: bool) -> Outline {
    let a = &e.assessment;
    let id = |s: usize| catalog.strategies[s].id.as_str();
    let winner = a.winner();
    let mut headline = if winner.eligible {
        format!(
            "{} fits {} best (score {:.1} of 100).",
            id(winner.strategy),
            a.profile,
            winner.score
        )
    } else {
        format!(
            "Every strategy is ruled out for {}; {} is the least bad (score {:.1}).",
            a.profile,
            id(winner.strategy),
            winner.score
        )
    };
    match (a.margin(), a.ranking.get(1)) {
        (Some(m), Some(second)) if a.is_close_call() => headline.push_str(&format!(
            " Close call: {} is only {:.1} points behind, so a detail the profile does not state could reverse it.",
            id(second.strategy),
            m
        )),
        (Some(m), Some(second)) => {
            headline.push_str(&format!(" It leads {} by {:.1} points.", id(second.strategy), m))
        }
        _ if winner.eligible => headline.push_str(" It is the only eligible strategy."),
        _ => {}
    }
    let bases: Vec<&str> = catalog.strategies[winner.strategy]
        .builds_on
        .iter()
        .map(|&b| id(b))
        .collect();
    if !bases.is_empty() {
        headline.push_str(&format!(
            " {} runs on top of {}: adopting it means running that too.",
            id(winner.strategy),
            bases.join(" and ")
        ));
    }

    let rows = a
        .ranking
        .iter()
        .enumerate()
        .map(|(i, s)| Row {
            rank: i + 1,
            strategy: id(s.strategy).to_owned(),
            score: format!("{:.1}", round(s.score)),
            eligible: s.eligible,
            winner: i == 0,
        })
        .collect();

    let mut sections = vec![why(
        winner,
        catalog,
        &format!("Why {}", id(winner.strategy)),
    )];
    if let Some(second) = a.ranking.get(1).filter(|s| s.eligible) {
        sections.push(why(
            second,
            catalog,
            &format!("Runner-up {}", id(second.strategy)),
        ));
    }
    let blocked: Vec<Item> = a
        .ranking
        .iter()
        .filter(|s| !s.eligible)
        .flat_map(|s| {
            s.reasons
                .iter()
                .filter(|r| r.kind != ReasonKind::Effect)
                .map(move |r| Item {
                    effect: id(s.strategy).to_owned(),
                    rule: catalog.rules[r.rule].id.clone(),
                    message: match r.kind {
                        ReasonKind::BaseBlocked { base } => {
                            format!("builds on {}, which is ruled out: {}", id(base), r.message)
                        }
                        _ => r.message.clone(),
                    },
                })
        })
        .collect();
    if !blocked.is_empty() {
        sections.push(Section {
            title: "Ruled out".into(),
            items: blocked,
        });
    }

    let mut notes = Vec::new();
    if !e.changes.is_empty() {
        let shown: Vec<String> = e
            .changes
            .iter()
            .take(TOP_CHANGES)
            .map(|c| {
                format!(
                    "{}={} → {}",
                    fields::get(c.field).path,
                    show_value(&c.value),
                    id(c.recommendation)
                )
            })
            .collect();
        notes.push(Note {
            label: "Would change if",
            text: shown.join("; "),
        });
    } else {
        notes.push(Note {
            label: "Would change if",
            text: "no single field change flips this recommendation".into(),
        });
    }
    let sharpen = crate::sensitivity::sharpen(&e.profile, &e.changes);
    if !sharpen.is_empty() {
        let names: Vec<&str> = sharpen.iter().map(|&f| fields::get(f).path).collect();
        notes.push(Note {
            label: "Sharpen",
            text: format!(
                "state {} to sharpen this (left at defaults, and it could flip the answer)",
                names.join(", ")
            ),
        });
    }
    if !a.assumptions.is_empty() {
        let shown: Vec<String> = a
            .assumptions
            .iter()
            .map(|&f| {
                format!(
                    "{}={}",
                    fields::get(f).path,
                    e.profile.get(f).map(show_value).unwrap_or_default()
                )
            })
            .collect();
        notes.push(Note {
            label: "Assumed",
            text: shown.join(", "),
        });
    }
    if !a.unknown.is_empty() {
        let names: Vec<&str> = a.unknown.iter().map(|&f| fields::get(f).path).collect();
        notes.push(Note {
            label: "Unknown",
            text: format!("{} (rules on these did not apply)", names.join(", ")),
        });
    }

    let breakdown = if explain {
        breakdowns(e, catalog)
    } else {
        Vec::new()
    };
    Outline {
        title: format!("advise: {}", a.profile),
        headline,
        rows,
        sections,
        notes,
        breakdown,
    }
}

fn show_value(value: &FieldValue) -> String {
    match value {
        FieldValue::Num(x) => fields::format_number(*x),
        other => other.to_string(),
    }
}

fn why(s: &Scored, catalog: &Catalog, title: &str) -> Section {
    let mut items: Vec<Item> = s
        .reasons
        .iter()
        .filter(|r| r.kind == ReasonKind::Effect)
        .take(TOP_REASONS)
        .map(|r| Item {
            effect: signed(r.effect),
            rule: catalog.rules[r.rule].id.clone(),
            message: r.message.clone(),
        })
        .collect();
    let rest = s
        .reasons
        .iter()
        .filter(|r| r.kind == ReasonKind::Effect)
        .count()
        .saturating_sub(TOP_REASONS);
    if rest > 0 {
        items.push(Item {
            effect: String::new(),
            rule: String::new(),
            message: format!("and {rest} smaller reasons (--format json lists them all)"),
        });
    }
    Section {
        title: format!(
            "{title}: baseline {:.1}, rules {}",
            s.baseline,
            signed(s.score - s.baseline)
        ),
        items,
    }
}

fn breakdowns(e: &Evaluated, catalog: &Catalog) -> Vec<Breakdown> {
    let a = &e.assessment;
    a.ranking
        .iter()
        .map(|s| Breakdown {
            strategy: catalog.strategies[s.strategy].id.clone(),
            rows: a
                .breakdown(catalog, s.strategy)
                .into_iter()
                .map(|c| {
                    let rules: Vec<&str> = c
                        .shifted_by
                        .iter()
                        .map(|&r| catalog.rules[r].id.as_str())
                        .collect();
                    let rating = if c.rating == c.baseline_rating {
                        format!("{}", c.baseline_rating)
                    } else {
                        format!("{} → {}", c.baseline_rating, round(c.rating))
                    };
                    [
                        c.criterion.name().to_owned(),
                        fields::format_number(c.weight),
                        rating,
                        format!("{:.1}", round(c.contribution)),
                        rules.join(", "),
                    ]
                })
                .collect(),
        })
        .collect()
}
