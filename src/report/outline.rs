//! What a human-readable report says, decided once: the terminal table and
//! the Markdown report render this same outline, so they cannot disagree.

use crate::analysis::carbon;
use crate::analysis::cost::BreakEven;
use crate::analysis::engine::{ReasonKind, Scored};
use crate::analysis::evaluated::Evaluated;
use crate::domain::catalog::{Catalog, RuleId, StrategyId};
use crate::domain::fields::{self, FieldValue};
use crate::report::view::signed;
use crate::text::number::hundredths;
use crate::text::{escape, money};

/// How many reasons to show per strategy, and how many what-ifs.
const TOP_REASONS: usize = 5;
const TOP_CHANGES: usize = 3;

pub(crate) struct Outline {
    pub title: String,
    pub headline: String,
    pub rows: Vec<Row>,
    pub sections: Vec<Section>,
    /// Closing notes: assumptions, unknowns, what would change the answer.
    pub notes: Vec<Note>,
    pub breakdown: Vec<Breakdown>,
}

pub(crate) struct Row {
    pub rank: usize,
    pub strategy: String,
    /// The score, or `ruled out`.
    pub score: String,
    /// What the score is made of, parts that add up to it as shown:
    /// `baseline 66.3 + rules -2.5`, or `container 62.5 + own -10.2`.
    pub parts: String,
    pub eligible: bool,
    pub winner: bool,
}

pub(crate) struct Section {
    pub title: String,
    pub items: Vec<Item>,
}

pub(crate) struct Item {
    /// `+2.5`, or `blocks` for a blocker.
    pub effect: String,
    pub rule: String,
    pub message: String,
}

pub(crate) struct Note {
    pub label: &'static str,
    pub text: String,
}

pub(crate) struct Breakdown {
    pub strategy: String,
    /// How the score is made: `score 50.03 = container 62.24 + own -12.21`.
    pub summary: String,
    /// criterion, weight, rating (with baseline), contribution, rules
    pub rows: Vec<[String; 5]>,
}

// Over 100 lines: the report's sections one after another, in the order they
// are shown; each is short, and apart they would pass the same assessment,
// catalog and closures around.
pub(crate) fn outline(e: &Evaluated, catalog: &Catalog, explain: bool) -> Outline {
    let a = &e.assessment;
    let id = |s: StrategyId| catalog.strategies[s].id.as_str();
    let winner = a.winner();
    let mut headline = if winner.eligible {
        format!(
            "{} fits {} best (score {:.2} of 100).",
            id(winner.strategy),
            a.profile,
            winner.score
        )
    } else {
        format!(
            "Every strategy is ruled out for {}; {} is the least bad (score {:.2}).",
            a.profile,
            id(winner.strategy),
            winner.score
        )
    };
    let current = e.profile.current.as_ref().map(|c| c.value);
    match (a.margin(), a.ranking.get(1)) {
        (Some(_), Some(second)) if a.is_tie() => headline.push_str(&format!(
            " Tie: {} scores the same; {} ranks first {}, and a detail the profile does not state could decide it.",
            id(second.strategy),
            id(winner.strategy),
            if current == Some(winner.strategy) {
                "because it is the current strategy"
            } else {
                "by catalog order only"
            }
        )),
        (Some(m), Some(second)) if a.is_close_call() => headline.push_str(&format!(
            " Close call: {} is only {:.2} points behind, so a detail the profile does not state could reverse it.",
            id(second.strategy),
            m
        )),
        (Some(m), Some(second)) => {
            headline.push_str(&format!(" It leads {} by {:.2} points.", id(second.strategy), m))
        }
        _ if winner.eligible => headline.push_str(" It is the only eligible strategy."),
        _ => {}
    }
    if let Some(base) = catalog.strategies[winner.strategy].base() {
        headline.push_str(&format!(
            " {} runs on top of {}: adopting it means running that too.",
            id(winner.strategy),
            id(base)
        ));
    }
    if let Some(v) = variant(e, catalog, winner) {
        headline.push_str(&format!(" Run it as {}: {}.", v.0, v.1));
    }

    let rows = a
        .ranking
        .iter()
        .enumerate()
        .map(|(i, s)| Row {
            rank: i + 1,
            strategy: id(s.strategy).to_owned(),
            score: if s.eligible {
                format!("{:.2}", s.score)
            } else {
                "ruled out".into()
            },
            parts: parts(s, catalog),
            eligible: s.eligible,
            winner: i == 0,
        })
        .collect();

    let mut sections = match a.ranking.get(1).filter(|s| s.eligible && winner.eligible) {
        Some(second) => vec![versus(winner, second, catalog)],
        None => vec![why(
            winner,
            catalog,
            &format!("Why {}", id(winner.strategy)),
        )],
    };
    sections.push(costs(e, catalog));
    sections.extend(emissions(e, catalog));
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
    for pack in crate::report::view::packs_summary(catalog) {
        notes.push(Note {
            label: "Rules",
            text: pack,
        });
    }
    if let Some(text) = break_even_note(e, catalog) {
        notes.push(Note {
            label: "Break-even",
            text,
        });
    }
    let added: Vec<String> = a
        .ranking
        .iter()
        .filter_map(|s| {
            let l = a.costing.latency[s.strategy.index()].as_ref()?;
            (l.added_ms > 0.0).then(|| format!("{} {} ({})", id(s.strategy), l.added(), l.note))
        })
        .collect();
    if !added.is_empty() {
        let budget = e
            .profile
            .num(crate::domain::fields::id::WORKLOAD_LATENCY_SLO_MS)
            .map_or_else(
                || "no latency target stated".to_owned(),
                |ms| format!("target {} ms", fields::format_number(ms)),
            );
        notes.push(Note {
            label: "Latency",
            text: format!("{budget}: {}", added.join("; ")),
        });
    }
    let sharpen = &e.sharpen;
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
    let assumed: Vec<String> = a
        .costing
        .estimate
        .assumptions
        .iter()
        .map(|x| format!("{}={} ({})", x.what, x.value, x.why))
        .collect();
    if !assumed.is_empty() {
        notes.push(Note {
            label: "Estimate assumed",
            text: assumed.join("; "),
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
    // Profiles and rules files are other people's text: shown, not obeyed.
    let shown = |t: String| escape::visible(&t).into_owned();
    for section in &mut sections {
        section.title = shown(std::mem::take(&mut section.title));
        for item in &mut section.items {
            item.message = shown(std::mem::take(&mut item.message));
        }
    }
    for note in &mut notes {
        note.text = shown(std::mem::take(&mut note.text));
    }
    Outline {
        title: shown(format!("advise: {}", a.profile)),
        headline: shown(headline),
        rows,
        sections,
        notes,
        breakdown,
    }
}

/// The crossings that bear on the recommendation: each pair with the
/// winner once, at its lowest rate, saying how often it crosses again.
/// `advise cost` (and the JSON) lists every crossing; a step-priced pair
/// can cross dozens of times, which no reader of a summary needs.
fn break_even_note(e: &Evaluated, catalog: &Catalog) -> Option<String> {
    let id = |s: StrategyId| catalog.strategies[s].id.as_str();
    let winner = e.assessment.winner().strategy;
    let involves = |b: &&BreakEven| b.cheaper_below == winner || b.cheaper_above == winner;
    let pair = |b: &BreakEven| {
        let (x, y) = (b.cheaper_below, b.cheaper_above);
        (x.min(y), x.max(y))
    };
    let mut shown: Vec<String> = Vec::new();
    let mut seen = Vec::new();
    // `break_even` is sorted by rate, so a pair's first is its lowest.
    for b in e.break_even.iter().filter(involves) {
        if seen.contains(&pair(b)) {
            continue;
        }
        seen.push(pair(b));
        let again = e.break_even.iter().filter(|o| pair(o) == pair(b)).count() - 1;
        let mut text = format!(
            "{} is cheaper than {} below {} req/s on average",
            id(b.cheaper_below),
            id(b.cheaper_above),
            fields::format_number(b.average_rps)
        );
        if again > 0 {
            text.push_str(&format!(
                " (they cross {again} more time{} higher up)",
                if again == 1 { "" } else { "s" }
            ));
        }
        shown.push(text);
    }
    if !shown.is_empty() && shown.len() < e.break_even.len() {
        shown.push(format!(
            "`advise cost` lists all {} crossings",
            e.break_even.len()
        ));
    }
    (!shown.is_empty()).then(|| shown.join("; "))
}

fn show_value(value: &FieldValue) -> String {
    match value {
        FieldValue::Num(x) => fields::format_number(*x),
        other => other.to_string(),
    }
}

/// What each strategy would cost a month, in ranking order, itemised by kind.
fn costs(e: &Evaluated, catalog: &Catalog) -> Section {
    let c = &e.assessment.costing;
    let items = e
        .assessment
        .ranking
        .iter()
        .filter_map(|s| {
            let id = &catalog.strategies[s.strategy].id;
            let Some(sc) = c.strategies[s.strategy.index()].as_ref() else {
                let why = c.omitted[s.strategy.index()].as_ref()?;
                return Some(Item {
                    effect: "no estimate".into(),
                    rule: String::new(),
                    message: format!("{id}: {why}"),
                });
            };
            let mut by_kind: Vec<(&str, f64)> = Vec::new();
            for i in &sc.items {
                match by_kind.iter_mut().find(|(k, _)| *k == i.kind.name()) {
                    Some((_, sum)) => *sum += i.amount,
                    None => by_kind.push((i.kind.name(), i.amount)),
                }
            }
            let parts: Vec<String> = by_kind
                .iter()
                .map(|(k, x)| format!("{k} {}", money::dollars(*x)))
                .collect();
            let labour = match sc.labour {
                Some(l) => format!(
                    "{} h of operations ({}, not included)",
                    fields::format_number(sc.labour_hours),
                    money::dollars(l)
                ),
                None => format!("{} h of operations", fields::format_number(sc.labour_hours)),
            };
            Some(Item {
                effect: money::dollars(sc.monthly),
                rule: String::new(),
                message: format!("{id} as {}: {}; {labour}", sc.name, parts.join(", ")),
            })
        })
        .collect();
    Section {
        title: format!(
            "What it would cost a month at {} req/s ({}; `advise cost` itemises)",
            fields::format_number(c.estimate.load.average_rps),
            c.estimate.prices
        ),
        items,
    }
}

/// What each priced strategy would emit a month, beside its cost, in
/// ranking order; or why there is no figure. None when nothing is priced.
pub(crate) fn emissions(e: &Evaluated, catalog: &Catalog) -> Option<Section> {
    let c = &e.assessment.costing;
    let provider = &c.estimate.provider;
    let priced: Vec<StrategyId> = e
        .assessment
        .ranking
        .iter()
        .map(|s| s.strategy)
        .filter(|s| c.strategies[s.index()].is_some())
        .collect();
    if priced.is_empty() {
        return None;
    }
    let items = match &c.carbon.grid {
        Ok(grid) => priced
            .iter()
            .filter_map(|&s| {
                let k = c.carbon.strategies[s.index()].as_ref()?;
                Some(Item {
                    effect: carbon::kg_text(k.kg_co2e),
                    rule: String::new(),
                    message: format!(
                        "{}: {}",
                        catalog.strategies[s].id,
                        carbon::basis(k, provider, grid)
                    ),
                })
            })
            .chain(std::iter::once(Item {
                effect: String::new(),
                rule: String::new(),
                message: format!("grid intensity: {}", carbon::grid_label(grid)),
            }))
            .collect(),
        Err(why) => vec![Item {
            effect: "no figure".into(),
            rule: String::new(),
            message: why.clone(),
        }],
    };
    Some(Section {
        title: format!(
            "What it would emit a month (Cloud Carbon Footprint coefficients, read {}; embodied emissions and network not counted)",
            carbon::read()
        ),
        items,
    })
}

/// A score's parts as shown, adding up to it: a layered strategy as its
/// base's score plus its own part, any other as baseline plus rules.
pub(crate) fn parts(s: &Scored, catalog: &Catalog) -> String {
    let clamp = if s.clamp == 0.0 {
        String::new()
    } else {
        format!(" + clamp {}", signed(s.clamp))
    };
    match s.layer {
        Some(l) => format!(
            "{} {:.2} + own {}{clamp}",
            catalog.strategies[l.base].id,
            l.inherited,
            signed(l.own)
        ),
        None => format!(
            "baseline {:.2} + rules {}{clamp}",
            s.baseline,
            signed(s.score - s.clamp - s.baseline)
        ),
    }
}

/// The concrete platform that fits a strategy, and why: name and reason.
pub(crate) fn variant(e: &Evaluated, catalog: &Catalog, s: &Scored) -> Option<(String, String)> {
    let v = &catalog.strategies[s.strategy].variants[s.variant?];
    let cloud = e
        .profile
        .get(crate::domain::fields::id::SYSTEM_CLOUD)
        .map(ToString::to_string);
    Some((
        v.name(cloud.as_deref()).to_owned(),
        e.profile.fill(&v.reason),
    ))
}

/// A strategy's own reasons, for when no other strategy is in the running.
fn why(s: &Scored, catalog: &Catalog, title: &str) -> Section {
    let effects: Vec<_> = s
        .reasons
        .iter()
        .filter(|r| r.kind == ReasonKind::Effect)
        .collect();
    let mut items: Vec<Item> = effects
        .iter()
        .take(TOP_REASONS)
        .map(|r| Item {
            effect: signed(r.effect),
            rule: catalog.rules[r.rule].id.clone(),
            message: r.message.clone(),
        })
        .collect();
    let rest = effects.len().saturating_sub(TOP_REASONS);
    if rest > 0 {
        let sum: f64 = effects.iter().skip(TOP_REASONS).map(|r| r.effect).sum();
        items.push(Item {
            effect: signed(sum),
            rule: String::new(),
            message: format!("{rest} smaller reasons (--format json lists them all)"),
        });
    }
    Section {
        title: format!("{title}: {}", parts(s, catalog)),
        items,
    }
}

/// What separates the winner from the runner-up, and nothing else: the
/// difference of their baselines, then each rule that moves them by
/// different amounts, one line per strategy it moves, in that strategy's
/// words; rules that move both alike are summed in one line. Every number
/// is what the line adds to the winner's lead, so they add up to it.
// Over 100 lines: one pass over the rules that move the two strategies
// builds the lines and the summed rest together, so that they add up to
// the lead.
fn versus(x: &Scored, y: &Scored, catalog: &Catalog) -> Section {
    let id = |s: &Scored| catalog.strategies[s.strategy].id.as_str();
    fn effect_of(s: &Scored, rule: RuleId) -> Option<&crate::analysis::engine::Reason> {
        s.reasons
            .iter()
            .find(|r| r.rule == rule && r.kind == ReasonKind::Effect)
    }
    let mut rules: Vec<RuleId> = x
        .reasons
        .iter()
        .chain(&y.reasons)
        .filter(|r| r.kind == ReasonKind::Effect)
        .map(|r| r.rule)
        .collect();
    rules.sort_unstable();
    rules.dedup();

    let mut lines: Vec<(f64, Item)> = Vec::new();
    let (mut shared, mut shared_each) = (Vec::new(), 0.0);
    for rule in rules {
        let (ex, ey) = (effect_of(x, rule), effect_of(y, rule));
        let (px, py) = (ex.map_or(0.0, |r| r.effect), ey.map_or(0.0, |r| r.effect));
        if px == py {
            shared.push(catalog.rules[rule].id.as_str());
            shared_each += px;
            continue;
        }
        for (side, reason, sign) in [(x, ex, 1.0), (y, ey, -1.0)] {
            if let Some(r) = reason.filter(|r| r.effect != 0.0) {
                lines.push((
                    sign * r.effect,
                    Item {
                        effect: signed(sign * r.effect),
                        rule: catalog.rules[rule].id.clone(),
                        message: format!("{} {}: {}", id(side), signed(r.effect), r.message),
                    },
                ));
            }
        }
    }
    lines.sort_by(|a, b| b.0.abs().total_cmp(&a.0.abs()));
    let lead = crate::text::number::hundredths(x.score - y.score);
    let base_gap = crate::text::number::hundredths(x.baseline - y.baseline);
    let rules_gap = crate::text::number::hundredths(lead - base_gap);
    let mut items = vec![Item {
        effect: signed(base_gap),
        rule: String::new(),
        message: match x.layer {
            Some(l) if l.base == y.strategy => format!(
                "baseline: {}'s own delta on top of {} (its proxies, control plane and extra hop)",
                id(x),
                id(y)
            ),
            _ => format!(
                "baselines: {} {:.2}, {} {:.2}",
                id(x),
                x.baseline,
                id(y),
                y.baseline
            ),
        },
    }];
    let shown = lines.len().min(TOP_REASONS);
    let rest: f64 = lines[shown..].iter().map(|(v, _)| v).sum();
    let rest_count = lines.len() - shown;
    items.extend(lines.into_iter().take(shown).map(|(_, item)| item));
    if rest_count > 0 {
        items.push(Item {
            effect: signed(rest),
            rule: String::new(),
            message: format!("{rest_count} smaller differences (--format json lists every reason)"),
        });
    }
    if !shared.is_empty() {
        items.push(Item {
            effect: signed(0.0),
            rule: String::new(),
            message: format!(
                "{} move both alike ({} each): {}",
                if shared.len() == 1 {
                    "1 rule".to_owned()
                } else {
                    format!("{} rules", shared.len())
                },
                signed(shared_each),
                shared.join(", ")
            ),
        });
    }
    let verb = if lead == 0.0 { "ties with" } else { "over" };
    Section {
        title: format!(
            "Why {} {verb} {}: lead {:.2} = baselines {} + rules {}",
            id(x),
            id(y),
            lead,
            signed(base_gap),
            signed(rules_gap)
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
            summary: format!("score {:.2} = {}", s.score, parts(s, catalog)),
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
                        format!("{} → {}", c.baseline_rating, hundredths(c.rating))
                    };
                    [
                        c.criterion.name().to_owned(),
                        fields::format_number(c.weight),
                        rating,
                        format!("{:.2}", hundredths(c.contribution)),
                        rules.join(", "),
                    ]
                })
                .collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::profile::Profile;

    fn evaluated(sets: &[&str]) -> (Evaluated, Catalog) {
        let catalog = Catalog::builtin();
        let p = Profile::from_sets(sets, &catalog.strategy_ids());
        let e = Evaluated::analyse("p.yaml", p, &catalog, false);
        (e, catalog)
    }

    fn cents(shown: &str) -> i64 {
        (shown.parse::<f64>().unwrap() * 100.0).round() as i64
    }

    /// Profiles whose winner and runner-up differ in many ways, layered too.
    const PROFILES: &[&[&str]] = &[
        &[],
        &["workload.traffic=sporadic", "team.engineers=3"],
        &[
            "system.platform=kubernetes",
            "team.ops_maturity=high",
            "requirements.mtls=required",
            "requirements.observability=deep",
            "requirements.traffic_control=advanced",
        ],
        &[
            "system.hosting=on-premises",
            "system.platform=vms",
            "team.container_skills=none",
        ],
    ];

    #[test]
    fn break_even_note_names_each_pair_with_the_winner_once() {
        let mut repeats = false;
        let catalog = Catalog::builtin();
        for sets in PROFILES {
            let p = Profile::from_sets(sets, &catalog.strategy_ids());
            let e = Evaluated::analyse("p.yaml", p, &catalog, true);
            let Some(note) = break_even_note(&e, &catalog) else {
                continue;
            };
            let winner = catalog.strategies[e.assessment.winner().strategy]
                .id
                .as_str();
            let clauses: Vec<&str> = note.split("; ").collect();
            let (pointer, crossings) = match clauses.split_last() {
                Some((last, rest)) if last.starts_with("`advise cost`") => (true, rest),
                _ => (false, &clauses[..]),
            };
            let pairs: Vec<Vec<&str>> = crossings
                .iter()
                .map(|c| {
                    assert!(c.contains(winner), "{sets:?}: {c}");
                    let mut pair: Vec<&str> = c.split(' ').take(5).step_by(4).collect();
                    pair.sort_unstable();
                    pair
                })
                .collect();
            let mut unique = pairs.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), pairs.len(), "{sets:?}: {note}");
            assert_eq!(
                pointer,
                crossings.len() < e.break_even.len(),
                "{sets:?}: {note}"
            );
            repeats |= crossings.iter().any(|c| c.contains("more time"));
        }
        assert!(
            repeats,
            "no profile here crosses a pair twice: the test proves little"
        );
    }

    #[test]
    fn why_lists_only_what_separates_the_two_and_its_lines_add_up_to_the_lead() {
        for sets in PROFILES {
            let (e, catalog) = evaluated(sets);
            let a = &e.assessment;
            let (x, y) = (&a.ranking[0], &a.ranking[1]);
            let section = versus(x, y, &catalog);
            let lead = cents(&format!("{:.2}", x.score - y.score));
            let sum: i64 = section.items.iter().map(|i| cents(&i.effect)).sum();
            assert_eq!(sum, lead, "{sets:?}: {}", section.title);
            for item in section.items.iter().filter(|i| !i.rule.is_empty()) {
                let rule = catalog
                    .rules
                    .iter()
                    .position(|r| r.id == item.rule)
                    .map(RuleId::new)
                    .unwrap();
                let effect = |s: &Scored| {
                    s.reasons
                        .iter()
                        .find(|r| r.rule == rule && r.kind == ReasonKind::Effect)
                        .map_or(0.0, |r| r.effect)
                };
                assert_ne!(
                    effect(x),
                    effect(y),
                    "{sets:?}: {} moves both alike",
                    item.rule
                );
                // Told from the side of the strategy it moves.
                let moved = item.message.split(' ').next().unwrap();
                assert!(
                    [x, y]
                        .iter()
                        .any(|s| catalog.strategies[s.strategy].id == moved
                            && catalog.rules[rule].touches_chain(&catalog, s.strategy)),
                    "{sets:?}: `{}` names {moved}",
                    item.message
                );
            }
        }
    }

    #[test]
    fn a_row_shows_parts_that_add_up_to_its_score() {
        for sets in PROFILES {
            let (e, catalog) = evaluated(sets);
            for s in &e.assessment.ranking {
                let parts = parts(s, &catalog);
                let numbers: Vec<i64> = parts
                    .split(' ')
                    .filter(|w| w.parse::<f64>().is_ok())
                    .map(cents)
                    .collect();
                let score = cents(&format!("{:.2}", s.score));
                assert_eq!(numbers.iter().sum::<i64>(), score, "{sets:?}: {parts}");
            }
        }
    }

    #[test]
    fn the_variant_follows_the_cloud_the_hosting_and_the_needs() {
        let variant = |sets: &[&str], strategy: &str| {
            let (e, catalog) = evaluated(sets);
            let s = e.assessment.scored(catalog.strategy(strategy).unwrap());
            variant(&e, &catalog, s).unwrap().0
        };
        assert_eq!(
            variant(&["system.cloud=aws"], "container"),
            "Amazon ECS on AWS Fargate"
        );
        assert_eq!(variant(&["system.cloud=gcp"], "container"), "Cloud Run");
        assert_eq!(
            variant(
                &["system.cloud=azure", "system.platform=kubernetes"],
                "container"
            ),
            "Azure Kubernetes Service (AKS)"
        );
        assert!(
            variant(&["system.hosting=on-premises"], "container")
                .starts_with("self-run Kubernetes")
        );
        assert_eq!(
            variant(&["system.cloud=azure"], "serverless"),
            "Azure Functions Flex Consumption"
        );
        assert_eq!(variant(&[], "service-mesh"), "Linkerd");
        assert_eq!(
            variant(
                &[
                    "requirements.traffic_control=advanced",
                    "team.ops_maturity=high"
                ],
                "service-mesh"
            ),
            "Istio with sidecars"
        );
        assert_eq!(
            variant(&["requirements.observability=deep"], "service-mesh"),
            "Istio ambient mode"
        );
    }
}
