//! `advise rules lint`'s findings: compiler-style text, or JSON.

use serde::Serialize;

use crate::analysis::lint::Report;

impl Report {
    pub(crate) fn text(&self) -> String {
        let mut out = String::new();
        for f in &self.findings {
            let mut d = f.diagnostic.clone();
            let named = f
                .rule
                .as_ref()
                .is_some_and(|id| d.message.contains(&format!("`{id}`")));
            d.message = match (&f.rule, named) {
                (Some(id), false) => format!("[{}] rule `{id}`: {}", f.check, d.message),
                _ => format!("[{}] {}", f.check, d.message),
            };
            out.push_str(&d.to_string());
            out.push('\n');
        }
        let n = self.findings.len();
        if n == 0 {
            out.push_str(&format!(
                "{}: {} rule{} checked, no problems\n",
                self.subject,
                self.checked,
                plural(self.checked)
            ));
        } else {
            out.push_str(&format!(
                "{}: {n} problem{} found\n",
                self.subject,
                plural(n)
            ));
        }
        out
    }

    pub(crate) fn json(&self) -> String {
        #[derive(Serialize)]
        struct FindingJson<'a> {
            file: &'a str,
            line: Option<u32>,
            column: Option<u32>,
            rule: Option<&'a str>,
            check: &'a str,
            message: &'a str,
            help: Option<&'a str>,
        }
        let items: Vec<FindingJson> = self
            .findings
            .iter()
            .map(|f| {
                let d = &f.diagnostic;
                let known = d.loc.is_known();
                FindingJson {
                    file: &d.file,
                    line: known.then_some(d.loc.line),
                    column: known.then_some(d.loc.col),
                    rule: f.rule.as_deref(),
                    check: f.check,
                    message: &d.message,
                    help: d.help.as_deref(),
                }
            })
            .collect();
        let mut out = serde_json::to_string_pretty(&items).expect("findings serialise");
        out.push('\n');
        out
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
