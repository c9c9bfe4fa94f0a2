//! `advise cost`: the estimate itemised (table, JSON, CSV, Markdown), with
//! each strategy's emissions beside its cost, and a sweep of
//! every strategy's monthly cost across a range of one field, for plotting.

use comfy_table::{Cell, CellAlignment};

use crate::analysis::carbon;
use crate::analysis::cost;
use crate::analysis::evaluated::{Evaluated, System};
use crate::domain::catalog::{Catalog, StrategyId};
use crate::domain::fields;
use crate::domain::prices::Term;
use crate::report::table::{fitted, keep_words};
use crate::text::escape;
use crate::text::money;
use crate::text::wrap::{fit, wrap};

/// A unit price without float noise or trailing zeros: `0.0000166667`.
fn unit_price(x: f64) -> String {
    let s = format!("{x:.10}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    format!("${s}")
}

/// A quantity as people read it: to two decimals from 100 up, else three,
/// thousands grouped (the JSON and CSV give it in full).
fn quantity(x: f64) -> String {
    money::number(x, if x >= 100.0 { 2 } else { 3 })
}

/// Each strategy's items, for a terminal, within `width` columns.
pub(crate) fn table(e: &Evaluated, catalog: &Catalog, width: usize) -> String {
    fit(&items(e, catalog, width), width)
}

fn items(e: &Evaluated, catalog: &Catalog, width: usize) -> String {
    let c = &e.assessment.costing;
    let sheet = cost::sheet_for(&e.profile, &catalog.prices);
    let title = format!(
        "What each strategy would cost {} a month at {} req/s on average ({}; {} h a month{}{}{})",
        escape::visible(&e.assessment.profile),
        fields::format_number(c.estimate.load.average_rps),
        escape::visible(&c.estimate.prices.to_string()),
        fields::format_number(c.estimate.hours_per_month),
        if c.estimate.free_tier {
            "; free tiers subtracted"
        } else {
            ""
        },
        match c.estimate.commitment {
            Term::None => "",
            Term::OneYear => "; 1-year commitment discounts applied",
            Term::ThreeYear => "; 3-year commitment discounts applied",
        },
        match c.estimate.prepaid_capacity {
            "owned" | "reserved" => format!(
                "; each priced as a new bill, although capacity already paid for ({}) has room: \
                 these dollars are not scored",
                c.estimate.prepaid_capacity
            ),
            _ => String::new(),
        }
    );
    let mut out = format!("{}\n", wrap(&title, width, 0));
    for s in &e.assessment.ranking {
        let Some(sc) = &c.strategies[s.strategy.index()] else {
            if let Some(why) = &c.omitted[s.strategy.index()] {
                let line = format!("{}: no estimate: {why}", catalog.strategies[s.strategy].id);
                out.push_str(&format!("\n{}\n", wrap(&line, width, 2)));
            }
            continue;
        };
        let labour = match sc.labour {
            Some(l) => format!(
                "{} h of operations a month, {} (not included)",
                fields::format_number(sc.labour_hours),
                money::dollars(l)
            ),
            None => format!(
                "{} h of operations a month",
                fields::format_number(sc.labour_hours)
            ),
        };
        let heading = format!(
            "{} as {}: {} a month; {labour} ({})",
            catalog.strategies[s.strategy].id,
            escape::visible(&sc.name),
            money::dollars(sc.monthly),
            escape::visible(sc.labour_source)
        );
        out.push_str(&format!("\n{}\n", wrap(&heading, width, 2)));
        let mut t = fitted(
            &["kind", "item", "quantity", "unit", "unit price", "amount"],
            width,
        );
        for i in &sc.items {
            t.add_row(vec![
                Cell::new(i.kind.name()),
                Cell::new(escape::visible(&i.describe(sheet))),
                Cell::new(quantity(i.quantity)).set_alignment(CellAlignment::Right),
                Cell::new(escape::visible(&i.price(sheet).unit)),
                Cell::new(unit_price(i.unit_price)).set_alignment(CellAlignment::Right),
                Cell::new(money::dollars(i.amount)).set_alignment(CellAlignment::Right),
            ]);
        }
        keep_words(&mut t, width);
        out.push_str(&t.to_string());
        out.push('\n');
    }
    let id = |s: StrategyId| catalog.strategies[s].id.as_str();
    if !e.break_even.is_empty() {
        out.push_str("\nBreak-even (average rate where two strategies cost the same):\n");
        for b in &e.break_even {
            let line = format!(
                "{} is cheaper than {} below {} req/s",
                id(b.cheaper_below),
                id(b.cheaper_above),
                fields::format_number(b.average_rps)
            );
            out.push_str(&format!("  {}\n", wrap(&line, width, 4)));
        }
    }
    let latency: Vec<String> = e
        .assessment
        .ranking
        .iter()
        .filter_map(|s| {
            let l = c.latency[s.strategy.index()].as_ref()?;
            let line = format!(
                "{} {}: {}",
                id(s.strategy),
                l.added(),
                escape::visible(&l.note)
            );
            Some(format!("  {}\n", wrap(&line, width, 4)))
        })
        .collect();
    if !latency.is_empty() {
        out.push_str("\nLatency added on the critical path:\n");
        out.extend(latency);
    }
    if let Some(section) = crate::report::outline::emissions(e, catalog) {
        out.push_str(&format!(
            "\n{}\n",
            wrap(&format!("{}:", section.title), width, 0)
        ));
        for item in &section.items {
            let line = match item.effect.is_empty() {
                true => item.message.clone(),
                false => format!("{}: {}", item.effect, item.message),
            };
            out.push_str(&format!("  {}\n", wrap(&line, width, 4)));
        }
    }
    if !c.estimate.assumptions.is_empty() {
        out.push_str("\nAssumed:\n");
        for a in &c.estimate.assumptions {
            let line = format!(
                "{}={}: {}",
                escape::visible(a.what),
                escape::visible(&a.value.to_string()),
                escape::visible(a.why)
            );
            out.push_str(&format!("  {}\n", wrap(&line, width, 4)));
        }
    }
    out.push_str(
        "\nSources: every unit price's source is in `--format json` and\n`--format csv`.\n",
    );
    out
}

pub(crate) fn csv(e: &Evaluated, catalog: &Catalog) -> String {
    let c = &e.assessment.costing;
    let sheet = cost::sheet_for(&e.profile, &catalog.prices);
    let mut out =
        String::from("strategy,platform,kind,item,quantity,unit,unit_price,amount,source\r\n");
    for s in &e.assessment.ranking {
        let Some(sc) = &c.strategies[s.strategy.index()] else {
            continue;
        };
        for i in &sc.items {
            out.push_str(&format!(
                "{},{},{},{},{},{},{},{:.2},{}\r\n",
                catalog.strategies[s.strategy].id,
                escape::csv(&sc.name),
                i.kind.name(),
                escape::csv(&i.describe(sheet)),
                fields::format_number((i.quantity * 1e6).round() / 1e6),
                escape::csv(&i.price(sheet).unit),
                i.unit_price,
                i.amount,
                escape::csv(&i.source(sheet))
            ));
        }
        // Its emissions, a row of kind `carbon`: a quantity in kgCO2e, a
        // unit price and amount of 0 (every computed cell stays a number;
        // emissions are not part of the monthly cost).
        if let (Some(k), Ok(grid)) = (&c.carbon.strategies[s.strategy.index()], &c.carbon.grid) {
            out.push_str(&format!(
                "{},{},carbon,{},{},kgCO2e a month,0,0.00,{}\r\n",
                catalog.strategies[s.strategy].id,
                escape::csv(&sc.name),
                escape::csv(&format!(
                    "Emissions (not a cost): {}",
                    carbon::basis(k, &c.estimate.provider, grid)
                )),
                fields::format_number(carbon::grams(k.kg_co2e)),
                escape::csv(&format!(
                    "{}; grid: {}",
                    carbon::method(),
                    carbon::grid_label(grid)
                ))
            ));
        }
    }
    out
}

/// Each strategy's monthly cost and emissions as a Markdown table, then
/// every item, for a pull request or a wiki.
pub(crate) fn markdown(e: &Evaluated, catalog: &Catalog) -> String {
    let c = &e.assessment.costing;
    let sheet = cost::sheet_for(&e.profile, &catalog.prices);
    let md = escape::markdown;
    let mut out = format!(
        "# What each strategy would cost {} a month\n\nAt {} req/s on average ({}; {} h a month{}).\n\n",
        md(&e.assessment.profile),
        fields::format_number(c.estimate.load.average_rps),
        md(&c.estimate.prices),
        fields::format_number(c.estimate.hours_per_month),
        if c.estimate.free_tier {
            "; free tiers subtracted"
        } else {
            ""
        }
    );
    out.push_str("| strategy | platform | monthly | carbon a month | operations |\n| --- | --- | ---: | ---: | ---: |\n");
    for s in &e.assessment.ranking {
        let id = &catalog.strategies[s.strategy].id;
        let Some(sc) = &c.strategies[s.strategy.index()] else {
            if let Some(why) = &c.omitted[s.strategy.index()] {
                out.push_str(&format!("| {id} | no estimate: {} | | | |\n", md(why)));
            }
            continue;
        };
        let kg = c.carbon.strategies[s.strategy.index()]
            .as_ref()
            .map_or_else(|| "no figure".to_owned(), |k| carbon::kg_text(k.kg_co2e));
        out.push_str(&format!(
            "| {id} | {} | {} | {kg} | {} h |\n",
            md(&sc.name),
            money::dollars(sc.monthly),
            fields::format_number(sc.labour_hours)
        ));
    }
    for s in &e.assessment.ranking {
        let Some(sc) = &c.strategies[s.strategy.index()] else {
            continue;
        };
        out.push_str(&format!(
            "\n## {} as {}: {} a month\n\n| kind | item | quantity | unit | unit price | amount |\n| --- | --- | ---: | --- | ---: | ---: |\n",
            catalog.strategies[s.strategy].id,
            md(&sc.name),
            money::dollars(sc.monthly)
        ));
        for i in &sc.items {
            out.push_str(&format!(
                "| {} | {} | {} | {} | {} | {} |\n",
                i.kind.name(),
                md(&i.describe(sheet)),
                quantity(i.quantity),
                md(&i.price(sheet).unit),
                unit_price(i.unit_price),
                money::dollars(i.amount)
            ));
        }
    }
    if let Some(section) = crate::report::outline::emissions(e, catalog) {
        out.push_str(&format!("\n## {}\n\n", md(&section.title)));
        for item in &section.items {
            match item.effect.is_empty() {
                true => out.push_str(&format!("- {}\n", md(&item.message))),
                false => out.push_str(&format!("- **{}** {}\n", item.effect, md(&item.message))),
            }
        }
    }
    out
}

/// `FIELD,STRATEGY...,recommendation` for each point of a sweep.
pub(crate) fn sweep_csv(field: &str, points: &[(f64, Evaluated)], catalog: &Catalog) -> String {
    let mut out = String::from(field);
    for s in &catalog.strategies {
        out.push(',');
        out.push_str(&s.id);
    }
    out.push_str(",recommendation\r\n");
    for (x, e) in points {
        out.push_str(&fields::format_number(*x));
        for s in catalog.each_strategy() {
            out.push(',');
            if let Some(m) = e.assessment.costing.monthly(s) {
                out.push_str(&format!("{m:.2}"));
            }
        }
        out.push_str(&format!(
            ",{}\r\n",
            catalog.strategies[e.assessment.winner().strategy].id
        ));
    }
    out
}

/// The cheapest strategy at a point (catalog order breaks ties), if any is
/// priced.
pub(crate) fn cheapest(e: &Evaluated) -> Option<(StrategyId, f64)> {
    let c = &e.assessment.costing;
    (0..c.strategies.len())
        .map(StrategyId::new)
        .filter_map(|s| Some((s, c.monthly(s)?)))
        .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)))
}

/// `advise cost --bands`: each rate's monthly costs, the cheapest and the
/// recommendation, for a terminal.
pub fn bands(points: &[(f64, Evaluated)], catalog: &Catalog, width: usize) -> String {
    let mut out = String::from(
        "What each strategy would cost a month at each average rate (the cheapest, and the recommendation):\n",
    );
    for (rate, e) in points {
        let costs: Vec<String> = catalog
            .each_strategy()
            .filter_map(|s| {
                let m = e.assessment.costing.monthly(s)?;
                Some(format!(
                    "{} {}",
                    catalog.strategies[s].id,
                    money::dollars(m)
                ))
            })
            .collect();
        let cheapest = cheapest(e).map_or_else(
            || "no strategy priced".to_owned(),
            |(s, m)| {
                format!(
                    "cheapest {} ({})",
                    catalog.strategies[s].id,
                    money::dollars(m)
                )
            },
        );
        let line = format!(
            "{} req/s: {cheapest}; recommended {}; {}",
            fields::format_number(*rate),
            catalog.strategies[e.assessment.winner().strategy].id,
            costs.join(", ")
        );
        out.push_str(&format!("\n  {}\n", wrap(&line, width, 4)));
    }
    out
}

/// `advise cost` on a system of workloads: each workload's estimate under
/// its name, then the plan's total, each platform's fixed part (control
/// plane, front door) paid once.
pub(crate) fn system_table(h: &System, catalog: &Catalog, width: usize) -> String {
    let mut out = String::new();
    for (i, e) in h.workloads.iter().enumerate() {
        out.push_str(&format!("Workload {}:\n", escape::visible(h.name(i))));
        out.push_str(&table(e, catalog, width));
        out.push('\n');
    }
    out.push_str(&wrap(&plan_total(h, catalog), width, 0));
    out.push('\n');
    out
}

/// The plan's cost in words: each workload's assigned strategy and its
/// figure, and the total with what sharing saves.
pub(crate) fn plan_total(h: &System, catalog: &Catalog) -> String {
    let best = &h.solution.best;
    let lines: Vec<String> = best
        .assignments
        .iter()
        .enumerate()
        .map(|(i, &s)| {
            let m = h.workloads[i].assessment.costing.monthly(s);
            format!(
                "{} on {} {}",
                h.name(i),
                catalog.strategies[s].id,
                m.map_or_else(|| "(no estimate)".to_owned(), money::dollars)
            )
        })
        .collect();
    let total = match (best.monthly, plan_sum(h)) {
        (Some(t), Some(sum)) if sum - t >= 0.005 => format!(
            "{} a month ({} less than the workloads priced apart: workloads on one platform share its control plane, its front door and a cluster's nodes)",
            money::dollars(t),
            money::dollars(sum - t)
        ),
        (Some(t), _) => format!("{} a month", money::dollars(t)),
        (None, _) => "no total: a workload has no estimate".to_owned(),
    };
    format!("The plan: {}. In all, {total}.", lines.join("; "))
}

/// The assigned workloads' figures added as if each ran alone.
pub(crate) fn plan_sum(h: &System) -> Option<f64> {
    h.solution
        .best
        .assignments
        .iter()
        .enumerate()
        .map(|(i, &s)| h.workloads[i].assessment.costing.monthly(s))
        .sum()
}

/// The items of every workload, a `workload` column first.
pub(crate) fn system_csv(h: &System, catalog: &Catalog) -> String {
    let mut out = String::from(
        "workload,strategy,platform,kind,item,quantity,unit,unit_price,amount,source\r\n",
    );
    for (i, e) in h.workloads.iter().enumerate() {
        let name = escape::csv(h.name(i));
        for line in csv(e, catalog).split("\r\n").skip(1) {
            if !line.is_empty() {
                out.push_str(&format!("{name},{line}\r\n"));
            }
        }
    }
    out
}
