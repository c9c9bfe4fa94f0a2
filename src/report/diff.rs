//! `advise diff` rendered: what changed, for a terminal and for a pull
//! request's comment (the JSON is the [`Diff`] itself).

use crate::gate::diff::{Diff, SystemDiff};
use crate::report::view::signed;
use crate::text::escape::{self, visible};

impl Diff {
    pub(crate) fn text(&self) -> String {
        let mut out = format!("{} → {}\n", visible(&self.old), visible(&self.new));
        out.push_str(&self.body("recommendation"));
        out
    }

    /// The diff without its files' line: `recommendation` names the line
    /// of the winner (a workload's own best, for a system), and the check
    /// verdict follows it when either side has one.
    fn body(&self, recommendation: &str) -> String {
        let mut out = match self.recommendation.changed {
            true => format!(
                "{recommendation}: {} → {} (changed)\n",
                self.recommendation.old, self.recommendation.new
            ),
            false => format!(
                "{recommendation}: {} (unchanged)\n",
                self.recommendation.new
            ),
        };
        if let Some(v) = &self.verdict {
            out.push_str(&format!("check verdict: {}\n", verdicts(v)));
        }
        out.push_str("\nfields changed:\n");
        if self.fields.is_empty() {
            out.push_str("  none\n");
        }
        for f in &self.fields {
            out.push_str(&format!(
                "  {}: {} → {}\n",
                f.field,
                visible(&f.old),
                visible(&f.new)
            ));
        }
        if !self.rules_started.is_empty() {
            out.push_str(&format!(
                "rules started firing: {}\n",
                self.rules_started.join(", ")
            ));
        }
        if !self.rules_stopped.is_empty() {
            out.push_str(&format!(
                "rules stopped firing: {}\n",
                self.rules_stopped.join(", ")
            ));
        }
        out.push_str("\nscores:\n");
        let width = self
            .strategies
            .iter()
            .map(|m| m.strategy.len())
            .max()
            .unwrap_or(0);
        for m in &self.strategies {
            out.push_str(&format!(
                "  {:width$}  {} → {}  ({})\n",
                m.strategy,
                score(m.old_score, m.old_eligible),
                score(m.new_score, m.new_eligible),
                signed(m.delta)
            ));
            if m.baseline != 0.0 {
                out.push_str(&format!(
                    "  {:width$}    {} baseline (priorities reweighted)\n",
                    "",
                    signed(m.baseline)
                ));
            }
            for r in &m.rules {
                out.push_str(&format!(
                    "  {:width$}    {} {} ({}: {} → {})\n",
                    "",
                    signed(r.new - r.old),
                    r.rule,
                    r.what,
                    signed(r.old),
                    signed(r.new)
                ));
            }
        }
        out
    }

    /// For a pull-request comment: the verdict in a line, the detail folded.
    pub(crate) fn markdown(&self) -> String {
        let headline = match self.recommendation.changed {
            true => format!(
                "**The recommendation changed: {} → {}.**",
                self.recommendation.old, self.recommendation.new
            ),
            false => format!(
                "The recommendation is unchanged: **{}**.",
                self.recommendation.new
            ),
        };
        let mut out = format!(
            "{MARKER}\n### advise diff: `{}`\n\n{headline}",
            escape::markdown(&self.new)
        );
        if let Some(v) = self.verdict.as_ref().filter(|v| v.changed) {
            out.push_str(&format!(
                " **The check verdict changed: {}.**",
                verdicts(v).trim_end_matches(" (changed)")
            ));
        }
        out.push_str(&self.markdown_body());
        out
    }

    /// The score table and the folded detail.
    fn markdown_body(&self) -> String {
        let mut out = String::new();
        out.push_str("\n\n| strategy | before | after | change |\n| --- | ---: | ---: | ---: |\n");
        for m in &self.strategies {
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                m.strategy,
                score(m.old_score, m.old_eligible),
                score(m.new_score, m.new_eligible),
                signed(m.delta)
            ));
        }
        out.push_str("\n<details><summary>What changed, and why</summary>\n\n");
        if self.fields.is_empty() {
            out.push_str("No field changed.\n");
        }
        for f in &self.fields {
            out.push_str(&format!(
                "- `{}`: {} → {}\n",
                f.field,
                escape::markdown(&f.old),
                escape::markdown(&f.new)
            ));
        }
        if !self.rules_started.is_empty() {
            out.push_str(&format!(
                "\nRules started firing: {}\n",
                list(&self.rules_started)
            ));
        }
        if !self.rules_stopped.is_empty() {
            out.push_str(&format!(
                "\nRules stopped firing: {}\n",
                list(&self.rules_stopped)
            ));
        }
        for m in self.strategies.iter().filter(|m| !m.rules.is_empty()) {
            out.push_str(&format!("\n**{}** ({}):\n", m.strategy, signed(m.delta)));
            for r in &m.rules {
                out.push_str(&format!(
                    "- `{}` {}: {} → {}\n",
                    r.rule,
                    r.what,
                    signed(r.old),
                    signed(r.new)
                ));
            }
        }
        out.push_str("\n</details>\n");
        out
    }
}

impl SystemDiff {
    pub(crate) fn text(&self) -> String {
        let mut out = format!("{} → {}\n", visible(&self.old), visible(&self.new));
        out.push_str(&match self.plan.changed {
            true => format!(
                "plan: {} → {} (changed)\n",
                visible(&self.plan.old.join(", ")),
                visible(&self.plan.new.join(", "))
            ),
            false => format!("plan: {} (unchanged)\n", visible(&self.plan.new.join(", "))),
        });
        if !self.added.is_empty() {
            out.push_str(&format!(
                "workloads added: {}\n",
                visible(&self.added.join(", "))
            ));
        }
        if !self.removed.is_empty() {
            out.push_str(&format!(
                "workloads removed: {}\n",
                visible(&self.removed.join(", "))
            ));
        }
        // Every workload on both sides: the plan's strategy and the verdict
        // `check` gives it, as the gate sees them.
        if !self.workloads.is_empty() {
            out.push_str("\nworkloads (the plan's strategy; check verdict):\n");
        }
        for w in &self.workloads {
            let verdict = w
                .diff
                .verdict
                .as_ref()
                .map_or_else(|| "no current".to_owned(), verdicts);
            out.push_str(&format!(
                "  {}: {}; {verdict}\n",
                visible(&w.workload),
                strategies(&w.strategy)
            ));
        }
        let same = self.unchanged();
        if !same.is_empty() {
            out.push_str(&format!(
                "workloads unchanged: {}\n",
                visible(&same.join(", "))
            ));
        }
        for w in self.workloads.iter().filter(|w| !w.diff.is_empty()) {
            out.push_str(&format!("\n== workload {} ==\n", visible(&w.workload)));
            // Each workload's own diff: its own best alone (the plan's
            // strategy and the verdict are above).
            let mut own = w.diff.clone();
            own.verdict = None;
            out.push_str(&own.body("own best, alone"));
        }
        out
    }

    /// The workloads on both sides that nothing moved: not an input, not
    /// the plan's strategy, not the verdict.
    fn unchanged(&self) -> Vec<String> {
        self.workloads
            .iter()
            .filter(|w| w.diff.is_empty() && !w.changed())
            .map(|w| w.workload.clone())
            .collect()
    }

    pub(crate) fn markdown(&self) -> String {
        let headline = match self.plan.changed {
            true => format!(
                "**The plan changed:** {} → {}.",
                escape::markdown(&self.plan.old.join(", ")),
                escape::markdown(&self.plan.new.join(", "))
            ),
            false => format!(
                "The plan is unchanged: {}.",
                escape::markdown(&self.plan.new.join(", "))
            ),
        };
        let mut out = format!(
            "{MARKER}\n### advise diff: `{}`\n\n{headline}\n",
            escape::markdown(&self.new)
        );
        let verdicts_changed = self
            .workloads
            .iter()
            .filter(|w| w.diff.verdict.as_ref().is_some_and(|v| v.changed))
            .count();
        if verdicts_changed > 0 {
            out.push_str(&format!(
                "\n**The check verdict changed for {verdicts_changed} workload{}.**\n",
                if verdicts_changed == 1 { "" } else { "s" }
            ));
        }
        if !self.added.is_empty() {
            out.push_str(&format!(
                "\nWorkloads added: {}\n",
                escape::markdown(&self.added.join(", "))
            ));
        }
        if !self.removed.is_empty() {
            out.push_str(&format!(
                "\nWorkloads removed: {}\n",
                escape::markdown(&self.removed.join(", "))
            ));
        }
        if !self.workloads.is_empty() {
            out.push_str(
                "\n| workload | the plan's strategy | check verdict |\n| --- | --- | --- |\n",
            );
        }
        for w in &self.workloads {
            let verdict = w
                .diff
                .verdict
                .as_ref()
                .map_or_else(|| "no `current`".to_owned(), verdicts);
            out.push_str(&format!(
                "| {} | {} | {verdict} |\n",
                escape::markdown(&w.workload),
                strategies(&w.strategy)
            ));
        }
        for w in self.workloads.iter().filter(|w| !w.diff.is_empty()) {
            out.push_str(&format!("\n#### {}\n\n", escape::markdown(&w.workload)));
            let r = &w.diff.recommendation;
            out.push_str(&match r.changed {
                true => format!("Its own best, alone: {} → {}.", r.old, r.new),
                false => format!("Its own best, alone: {} (unchanged).", r.new),
            });
            out.push_str(w.diff.markdown_body().trim_end_matches('\n'));
            out.push('\n');
        }
        out
    }
}

/// The hidden first line of every Markdown diff: a pull-request step finds
/// its own earlier comment by it, and edits that comment in place
/// (README, "Review a changed profile").
pub(crate) const MARKER: &str = "<!-- advise-diff -->";

/// A verdict before and after: `fit → drift (changed)`, or `fit`.
fn verdicts(v: &crate::gate::diff::Delta<Option<String>>) -> String {
    let show = |x: &Option<String>| x.clone().unwrap_or_else(|| "none".into());
    match v.changed {
        true => format!("{} → {} (changed)", show(&v.old), show(&v.new)),
        false => show(&v.new),
    }
}

/// A workload's planned strategy before and after.
fn strategies(s: &crate::gate::diff::Delta<String>) -> String {
    match s.changed {
        true => format!("{} → {} (changed)", s.old, s.new),
        false => s.new.clone(),
    }
}

fn list(ids: &[String]) -> String {
    ids.iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn score(x: f64, eligible: bool) -> String {
    match eligible {
        true => format!("{x:.2}"),
        false => "ruled out".into(),
    }
}
