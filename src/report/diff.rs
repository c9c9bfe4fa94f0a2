//! `advise diff` rendered: what changed, for a terminal and for a pull
//! request's comment (the JSON is the [`Diff`] itself).

use crate::gate::diff::{Diff, SystemDiff};
use crate::report::view::signed;
use crate::text::escape::{self, visible};

impl Diff {
    pub(crate) fn text(&self) -> String {
        let mut out = format!("{} → {}\n", visible(&self.old), visible(&self.new));
        out.push_str(&match self.recommendation.changed {
            true => format!(
                "recommendation: {} → {} (changed)\n",
                self.recommendation.old, self.recommendation.new
            ),
            false => format!("recommendation: {} (unchanged)\n", self.recommendation.new),
        });
        if let Some(v) = &self.verdict {
            let show = |x: &Option<String>| x.clone().unwrap_or_else(|| "none".into());
            out.push_str(&format!(
                "check verdict: {} → {}{}\n",
                show(&v.old),
                show(&v.new),
                if v.changed { " (changed)" } else { "" }
            ));
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
            "### advise diff: `{}`\n\n{headline}",
            escape::markdown(&self.new)
        );
        if let Some(v) = self.verdict.as_ref().filter(|v| v.changed) {
            let show = |x: &Option<String>| x.clone().unwrap_or_else(|| "none".into());
            out.push_str(&format!(
                " The check verdict changed: {} → {}.",
                show(&v.old),
                show(&v.new)
            ));
        }
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
        let same = self.unchanged();
        if !same.is_empty() {
            out.push_str(&format!(
                "workloads unchanged: {}\n",
                visible(&same.join(", "))
            ));
        }
        for w in self.workloads.iter().filter(|w| !w.diff.is_empty()) {
            out.push_str(&format!("\n== workload {} ==\n", visible(&w.workload)));
            // Each workload's own report, without the files' line.
            let body = w.diff.text();
            out.push_str(
                body.split_once('\n')
                    .map_or(body.as_str(), |(_, rest)| rest),
            );
        }
        out
    }

    /// The workloads on both sides that nothing moved.
    fn unchanged(&self) -> Vec<String> {
        self.workloads
            .iter()
            .filter(|w| w.diff.is_empty())
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
            "### advise diff: `{}`\n\n{headline}\n",
            escape::markdown(&self.new)
        );
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
        let same = self.unchanged();
        if !same.is_empty() {
            out.push_str(&format!(
                "\nWorkloads unchanged: {}\n",
                escape::markdown(&same.join(", "))
            ));
        }
        for w in self.workloads.iter().filter(|w| !w.diff.is_empty()) {
            out.push_str(&format!("\n#### {}\n\n", escape::markdown(&w.workload)));
            let body = w.diff.markdown();
            // Each workload's own report, without its title line.
            out.push_str(
                body.split_once("\n\n")
                    .map_or(body.as_str(), |(_, rest)| rest),
            );
        }
        out
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
