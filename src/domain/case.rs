//! A published decision as a case (calibrate.md): an ordinary profile, single
//! or hybrid, with one more top-level key, `case:`, that says where the
//! decision was published, what was chosen and rejected, and the facts that
//! decided it. The advisor ignores `case:` (the profile loader skips it);
//! this module reads and checks it, every problem at its line and column,
//! together with the profile's own. Nothing here scores.

use crate::domain::catalog::StrategyId;
use crate::domain::profile::{self, Date, Override, Profile};
use crate::text::diag::{Diagnostic, Diagnostics};
use crate::text::hint;
use crate::text::yaml::{self, Entry, Loc, Node, Value};

/// The corpus compiled into the binary: every `cases/*.yaml` of the
/// repository, as (path, text), in name order (see `build.rs`).
pub(crate) const BUILTIN_CORPUS: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/cases.rs"));

/// How the compiled-in corpus is named in reports.
pub(crate) const BUILTIN_CORPUS_NAME: &str = "cases";

const CASE_KEYS: &[&str] = &[
    "source",
    "chose",
    "rejected",
    "decisive",
    "confidence",
    "notes",
    "known_miss",
];
const REQUIRED_CASE_KEYS: &[&str] = &["source", "chose", "decisive", "confidence"];
const SOURCE_KEYS: &[&str] = &["title", "publisher", "date", "url"];
const CONFIDENCES: &[&str] = &["high", "medium", "low"];

/// A case that loaded: the profile and what its owners decided.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Case {
    /// The file as named.
    pub path: String,
    pub profile: Profile,
    pub source: Source,
    /// The strategy each workload runs: one entry for a single profile, one
    /// per `workloads:` entry (in profile order) for a hybrid system.
    pub chose: Vec<StrategyId>,
    /// What was moved away from or ruled out, per workload like `chose`.
    pub rejected: Vec<Vec<StrategyId>>,
    pub decisive: Vec<String>,
    pub confidence: Confidence,
    pub notes: Option<String>,
    /// Why the advice is known to miss this case: the fact the profile
    /// cannot state (an extension of calibrate.md's format).
    pub known_miss: Option<String>,
}

/// Where the decision was published.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Source {
    pub title: String,
    pub publisher: String,
    /// `YYYY-MM-DD`, or `YYYY-MM` when the day is not known.
    pub date: String,
    pub url: String,
}

/// How directly the source states the deciding facts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Confidence {
    High,
    Medium,
    Low,
}

impl Case {
    pub(crate) fn name(&self) -> &str {
        &self.profile.name
    }

    pub(crate) fn is_hybrid(&self) -> bool {
        !self.profile.workloads.is_empty()
    }

    /// The strategies chosen, each once, in catalog order.
    pub(crate) fn choices(&self) -> Vec<StrategyId> {
        let mut all = self.chose.clone();
        all.sort_unstable();
        all.dedup();
        all
    }
}

/// Reads a case: the profile (validated by the profile loader, with
/// `overrides` applied) and its `case:` key, checked against the strategies
/// of the catalog in use (`strategies`, in catalog order). Every problem of
/// both comes back at once, in file order.
pub(crate) fn load(
    file: &str,
    text: &str,
    strategies: &[&str],
    overrides: &[Override],
) -> Result<Case, Diagnostics> {
    let profile = profile::load(file, text, strategies, overrides);
    // A file that is not YAML has been reported by the profile loader.
    let Ok(root) = yaml::parse(text) else {
        return Err(profile.expect_err("the profile loader parses the same text"));
    };
    let mut c = Checker {
        file,
        text,
        strategies,
        workloads: workload_names(root.as_ref()),
        problems: Vec::new(),
    };
    let read = c.case(root.as_ref());
    let mut problems = c.problems;
    match (profile, read) {
        (Ok(profile), Some(read)) if problems.is_empty() => Ok(Case {
            path: file.to_owned(),
            profile,
            source: read.source,
            chose: read.chose,
            rejected: read.rejected,
            decisive: read.decisive,
            confidence: read.confidence,
            notes: read.notes,
            known_miss: read.known_miss,
        }),
        (profile, _) => {
            if let Err(d) = profile {
                problems.extend(d.0);
            }
            problems.sort_by_key(|d| d.loc);
            Err(Diagnostics(problems))
        }
    }
}

/// The names of a hybrid system's workloads, as written (entries without a
/// text `name` are the profile loader's to report).
fn workload_names(root: Option<&Node>) -> Vec<String> {
    let Some(Value::Seq(items)) = entry(root, "workloads").map(|e| &e.value.value) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| match &entry(Some(item), "name")?.value.value {
            Value::Str(s) => Some(s.clone()),
            _ => None,
        })
        .collect()
}

fn entry<'a>(node: Option<&'a Node>, key: &str) -> Option<&'a Entry> {
    match &node?.value {
        Value::Map(entries) => entries.iter().find(|e| e.key == key),
        _ => None,
    }
}

/// What `case:` says, once every part of it checked out.
struct Read {
    source: Source,
    chose: Vec<StrategyId>,
    rejected: Vec<Vec<StrategyId>>,
    decisive: Vec<String>,
    confidence: Confidence,
    notes: Option<String>,
    known_miss: Option<String>,
}

struct Checker<'a> {
    file: &'a str,
    text: &'a str,
    strategies: &'a [&'a str],
    /// The workloads of a hybrid system, by name, in profile order; empty
    /// for a single profile.
    workloads: Vec<String>,
    problems: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn problem(&mut self, loc: Loc, message: String, help: Option<String>) {
        let mut d = Diagnostic::new(self.file, self.text, loc, message);
        d.help = help;
        self.problems.push(d);
    }

    /// An unknown key, with the word most likely meant.
    fn unknown(&mut self, e: &Entry, place: &str, allowed: &[&str]) {
        let help = match hint::did_you_mean(&e.key, allowed.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("the keys allowed here are: {}", allowed.join(", ")),
        };
        let d = Diagnostic::new(
            self.file,
            self.text,
            e.key_loc,
            format!("unknown key `{}` {place}", yaml::shorten(&e.key)),
        )
        .help(help)
        .width(e.key.chars().count());
        self.problems.push(d);
    }

    /// Required keys left out of a mapping, reported at its key.
    fn missing(&mut self, at: Loc, what: &str, entries: &[Entry], required: &[&str], help: &str) {
        let absent: Vec<&str> = required
            .iter()
            .copied()
            .filter(|k| !entries.iter().any(|e| e.key == *k))
            .collect();
        if !absent.is_empty() {
            self.problem(
                at,
                format!("`{what}` needs {}", absent.join(", ")),
                Some(help.to_owned()),
            );
        }
    }

    fn case(&mut self, root: Option<&Node>) -> Option<Read> {
        // A document that is not a mapping is the profile loader's to report.
        let Some(Node {
            value: Value::Map(top),
            ..
        }) = root
        else {
            if root.is_none() {
                self.no_case();
            }
            return None;
        };
        let Some(case) = top.iter().find(|e| e.key == "case") else {
            self.no_case();
            return None;
        };
        let Value::Map(entries) = &case.value.value else {
            self.problem(
                case.value.loc,
                format!(
                    "`case` must be a mapping (source, chose, decisive, confidence, ...), not {}",
                    case.value.value.kind()
                ),
                None,
            );
            return None;
        };
        let (mut source, mut chose, mut rejected) = (None, None, None);
        let (mut decisive, mut confidence) = (None, None);
        let (mut notes, mut known_miss) = (None, None);
        for e in entries {
            match e.key.as_str() {
                "source" => source = self.source(e),
                "chose" => chose = self.chose(e),
                "rejected" => rejected = Some(e),
                "decisive" => decisive = self.decisive(e),
                "confidence" => confidence = self.confidence(&e.value),
                "notes" => notes = self.text_value(&e.value, "case.notes", true),
                "known_miss" => known_miss = self.text_value(&e.value, "case.known_miss", false),
                _ => self.unknown(e, "in `case`", CASE_KEYS),
            }
        }
        self.missing(
            case.key_loc,
            "case",
            entries,
            REQUIRED_CASE_KEYS,
            "a case gives its source, what was chosen, the facts that decided it (`decisive`), and how directly the source states them (`confidence`)",
        );
        // `rejected` is read against `chose`, so after it.
        let rejected = match rejected {
            Some(e) => self.rejected(e, chose.as_deref())?,
            None => vec![Vec::new(); chose.as_ref().map_or(0, Vec::len)],
        };
        Some(Read {
            source: source?,
            chose: chose?,
            rejected,
            decisive: decisive?,
            confidence: confidence?,
            notes: notes.flatten(),
            known_miss: known_miss.flatten(),
        })
    }

    fn no_case(&mut self) {
        self.problem(
            Loc::START,
            "this file has no top-level `case:` key, so it is a profile, not a case".into(),
            Some(
                "a case is a profile plus `case:` with its source, what was chosen and the deciding facts (docs/calibrate.md)"
                    .into(),
            ),
        );
    }

    fn source(&mut self, e: &Entry) -> Option<Source> {
        let Value::Map(entries) = &e.value.value else {
            self.problem(
                e.value.loc,
                format!(
                    "`case.source` must be a mapping of title, publisher, date and url, not {}",
                    e.value.value.kind()
                ),
                None,
            );
            return None;
        };
        let (mut title, mut publisher, mut date, mut url) = (None, None, None, None);
        for s in entries {
            let path = format!("case.source.{}", s.key);
            match s.key.as_str() {
                "title" => title = self.text_value(&s.value, &path, false).flatten(),
                "publisher" => publisher = self.text_value(&s.value, &path, false).flatten(),
                "date" => date = self.date(&s.value),
                "url" => url = self.url(&s.value),
                _ => self.unknown(s, "in `case.source`", SOURCE_KEYS),
            }
        }
        self.missing(
            e.key_loc,
            "case.source",
            entries,
            SOURCE_KEYS,
            "a source names its title, publisher, date and link, so that a reader can check the case",
        );
        Some(Source {
            title: title?,
            publisher: publisher?,
            date: date?,
            url: url?,
        })
    }

    /// A text; `None` when it is not one (reported). With `may_be_empty`,
    /// blank text is `Some(None)`.
    fn text_value(
        &mut self,
        node: &Node,
        path: &str,
        may_be_empty: bool,
    ) -> Option<Option<String>> {
        match &node.value {
            Value::Str(s) if !s.trim().is_empty() => Some(Some(s.trim().to_owned())),
            Value::Str(_) | Value::Null if may_be_empty => Some(None),
            other => {
                self.problem(
                    node.loc,
                    format!("`{path}` must be a non-empty text, not {}", other.display()),
                    None,
                );
                None
            }
        }
    }

    fn date(&mut self, node: &Node) -> Option<String> {
        let text = match &node.value {
            Value::Str(s) => s.trim().to_owned(),
            other => other.display(),
        };
        let month = |t: &str| {
            let (y, m) = t.split_once('-')?;
            let m: u8 = m.parse().ok()?;
            (y.len() == 4 && y.parse::<u16>().is_ok() && t.len() == 7 && (1..=12).contains(&m))
                .then_some(())
        };
        if Date::parse(&text).is_some() || month(&text).is_some() {
            return Some(text);
        }
        self.problem(
            node.loc,
            format!("`case.source.date` is {}, not a date", node.value.display()),
            Some("write YYYY-MM-DD, or YYYY-MM when the source gives no day".into()),
        );
        None
    }

    fn url(&mut self, node: &Node) -> Option<String> {
        match &node.value {
            Value::Str(s) if s.starts_with("https://") || s.starts_with("http://") => {
                Some(s.clone())
            }
            other => {
                self.problem(
                    node.loc,
                    format!("`case.source.url` is {}, not a link", other.display()),
                    Some(
                        "write the address the source is published at, from http:// or https://"
                            .into(),
                    ),
                );
                None
            }
        }
    }

    /// One strategy of the catalog, named by `what` in messages.
    fn strategy(&mut self, node: &Node, what: &str) -> Option<StrategyId> {
        let Value::Str(s) = &node.value else {
            self.problem(
                node.loc,
                format!(
                    "`{what}` must name a strategy ({}), not {}",
                    self.strategies.join(", "),
                    node.value.kind()
                ),
                None,
            );
            return None;
        };
        if let Some(i) = self.strategies.iter().position(|x| x == s) {
            return Some(StrategyId::new(i));
        }
        let help = match hint::did_you_mean(s, self.strategies.iter().copied()) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("strategies are: {}", self.strategies.join(", ")),
        };
        let d = Diagnostic::new(
            self.file,
            self.text,
            node.loc,
            format!("`{what}` is {}, which is not a strategy", yaml::quoted(s)),
        )
        .help(help)
        .width(s.chars().count());
        self.problems.push(d);
        None
    }

    /// The workload a key of `chose` or `rejected` names, by index.
    fn workload(&mut self, e: &Entry, what: &str) -> Option<usize> {
        if let Some(i) = self.workloads.iter().position(|w| *w == e.key) {
            return Some(i);
        }
        let help = match hint::did_you_mean(&e.key, self.workloads.iter().map(String::as_str)) {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("the workloads are: {}", self.workloads.join(", ")),
        };
        let d = Diagnostic::new(
            self.file,
            self.text,
            e.key_loc,
            format!(
                "`{what}` names workload `{}`, which the profile does not have",
                yaml::shorten(&e.key)
            ),
        )
        .help(help)
        .width(e.key.chars().count());
        self.problems.push(d);
        None
    }

    fn chose(&mut self, e: &Entry) -> Option<Vec<StrategyId>> {
        let hybrid = !self.workloads.is_empty();
        match (&e.value.value, hybrid) {
            (Value::Map(entries), true) => {
                let mut chose = vec![None; self.workloads.len()];
                let mut ok = true;
                for w in entries {
                    let what = format!("case.chose.{}", w.key);
                    match (
                        self.workload(w, "case.chose"),
                        self.strategy(&w.value, &what),
                    ) {
                        (Some(i), Some(s)) => chose[i] = Some(s),
                        _ => ok = false,
                    }
                }
                let untold: Vec<&str> = self
                    .workloads
                    .iter()
                    .filter(|w| !entries.iter().any(|x| x.key == **w))
                    .map(String::as_str)
                    .collect();
                if !untold.is_empty() {
                    self.problem(
                        e.key_loc,
                        format!(
                            "`case.chose` gives no strategy for workload {}",
                            untold
                                .iter()
                                .map(|w| format!("`{w}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                        Some(
                            "a hybrid system's `chose` maps every workload to the strategy it runs"
                                .into(),
                        ),
                    );
                    ok = false;
                }
                ok.then(|| {
                    chose
                        .into_iter()
                        .map(|s| s.expect("every workload"))
                        .collect()
                })
            }
            (Value::Map(_), false) => {
                self.problem(
                    e.value.loc,
                    "`case.chose` maps workloads to strategies, but the profile has no `workloads:`".into(),
                    Some("name the one strategy the system runs, e.g. `chose: container`".into()),
                );
                None
            }
            (_, true) => {
                self.problem(
                    e.value.loc,
                    "the profile is a hybrid system, so `case.chose` maps each workload to its strategy".into(),
                    Some(format!(
                        "e.g. `chose: {{ {} }}`",
                        self.workloads
                            .iter()
                            .map(|w| format!("{w}: STRATEGY"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                );
                None
            }
            (_, false) => self.strategy(&e.value, "case.chose").map(|s| vec![s]),
        }
    }

    /// A list of strategies (a single word is a list of one).
    fn strategies_list(&mut self, node: &Node, what: &str) -> Option<Vec<StrategyId>> {
        match &node.value {
            Value::Seq(items) => {
                let read: Vec<Option<StrategyId>> =
                    items.iter().map(|i| self.strategy(i, what)).collect();
                read.into_iter().collect()
            }
            Value::Str(_) => self.strategy(node, what).map(|s| vec![s]),
            other => {
                self.problem(
                    node.loc,
                    format!(
                        "`{what}` must be a list of strategies, not {}",
                        other.kind()
                    ),
                    None,
                );
                None
            }
        }
    }

    fn rejected(
        &mut self,
        e: &Entry,
        chose: Option<&[StrategyId]>,
    ) -> Option<Vec<Vec<StrategyId>>> {
        let count = self.workloads.len().max(1);
        let mut rejected = vec![Vec::new(); count];
        let mut ok = true;
        match &e.value.value {
            Value::Map(entries) if !self.workloads.is_empty() => {
                for w in entries {
                    let what = format!("case.rejected.{}", w.key);
                    match (
                        self.workload(w, "case.rejected"),
                        self.strategies_list(&w.value, &what),
                    ) {
                        (Some(i), Some(list)) => rejected[i] = list,
                        _ => ok = false,
                    }
                }
            }
            Value::Map(_) => {
                self.problem(
                    e.value.loc,
                    "`case.rejected` maps workloads to strategies, but the profile has no `workloads:`".into(),
                    Some("list what was rejected, e.g. `rejected: [serverless]`".into()),
                );
                return None;
            }
            // A list on a hybrid system: rejected for every workload.
            _ => match self.strategies_list(&e.value, "case.rejected") {
                Some(list) => rejected = vec![list; count],
                None => return None,
            },
        }
        let chose = chose?;
        for (i, (gone, kept)) in rejected.iter().zip(chose).enumerate() {
            if gone.contains(kept) {
                let whose = match self.workloads.get(i) {
                    Some(w) => format!(" for workload `{w}`"),
                    None => String::new(),
                };
                self.problem(
                    e.value.loc,
                    format!(
                        "`case.rejected` names `{}`, which `case.chose` names too{whose}",
                        self.strategies[kept.index()]
                    ),
                    Some("a strategy is either chosen or rejected; for a hybrid system, give `rejected` per workload".into()),
                );
                ok = false;
                break;
            }
        }
        ok.then_some(rejected)
    }

    fn decisive(&mut self, e: &Entry) -> Option<Vec<String>> {
        let help = "list the facts from the source that decided it, quoted or closely paraphrased";
        let Value::Seq(items) = &e.value.value else {
            self.problem(
                e.value.loc,
                format!(
                    "`case.decisive` must be a list of facts, not {}",
                    e.value.value.kind()
                ),
                Some(help.into()),
            );
            return None;
        };
        if items.is_empty() {
            self.problem(
                e.value.loc,
                "`case.decisive` is empty, but a case needs at least one deciding fact".into(),
                Some(help.into()),
            );
            return None;
        }
        let facts: Vec<Option<String>> = items
            .iter()
            .map(|i| self.text_value(i, "case.decisive", false).flatten())
            .collect();
        facts.into_iter().collect()
    }

    fn confidence(&mut self, node: &Node) -> Option<Confidence> {
        let read = match &node.value {
            Value::Str(s) => match s.as_str() {
                "high" => Some(Confidence::High),
                "medium" => Some(Confidence::Medium),
                "low" => Some(Confidence::Low),
                _ => None,
            },
            _ => None,
        };
        if read.is_none() {
            let help = match &node.value {
                Value::Str(s) => hint::did_you_mean(s, CONFIDENCES.iter().copied())
                    .map(|near| format!("did you mean `{near}`?")),
                _ => None,
            };
            self.problem(
                node.loc,
                format!(
                    "`case.confidence` is {}, but it must be one of: {}",
                    node.value.display(),
                    CONFIDENCES.join(", ")
                ),
                Some(
                    help.unwrap_or_else(|| {
                        "how directly the source states the deciding facts".into()
                    }),
                ),
            );
        }
        read
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Strategies by their catalog positions.
    fn ids(positions: &[usize]) -> Vec<StrategyId> {
        positions.iter().map(|&i| StrategyId::new(i)).collect()
    }

    const STRATEGIES: &[&str] = &["multi-instance", "container", "serverless", "service-mesh"];

    const GOOD: &str = "version: 1
name: example-org-2023
case:
  source:
    title: \"How we moved our API from functions to containers\"
    publisher: \"Example Org engineering blog\"
    date: 2023-05-14
    url: \"https://engineering.example.org/api-to-containers\"
  chose: container
  rejected: [serverless]
  decisive:
    - \"p99 latency of 4 s from cold starts\"
  confidence: high
  notes: \"team size not stated\"
system: { services: 12, hosting: public-cloud, cloud: gcp }
workload: { traffic: spiky, peak_rps: 400, average_rps: 60 }
";

    fn load_ok(text: &str) -> Case {
        load("c.yaml", text, STRATEGIES, &[]).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Each problem as `line:col: message`.
    fn errors(text: &str) -> Vec<String> {
        load("c.yaml", text, STRATEGIES, &[])
            .unwrap_err()
            .0
            .iter()
            .map(|d| {
                format!(
                    "{}: {}{}",
                    d.loc,
                    d.message,
                    d.help
                        .as_ref()
                        .map(|h| format!(" / {h}"))
                        .unwrap_or_default()
                )
            })
            .collect()
    }

    #[test]
    fn a_case_reads_its_decision_and_its_profile() {
        let c = load_ok(GOOD);
        assert_eq!(c.name(), "example-org-2023");
        assert_eq!(c.chose, ids(&[1]));
        assert_eq!(c.rejected, [ids(&[2])]);
        assert_eq!(c.source.date, "2023-05-14");
        assert_eq!(c.confidence, Confidence::High);
        assert_eq!(c.decisive.len(), 1);
        assert!(!c.is_hybrid());
        let services = crate::domain::fields::find("system.services").unwrap();
        assert_eq!(c.profile.num(services), Some(12.0));
    }

    #[test]
    fn the_advisor_reads_a_case_as_a_profile_and_ignores_case() {
        let with = profile::load("c.yaml", GOOD, STRATEGIES, &[]).unwrap();
        // The same file without its `case:` block.
        let without: String = GOOD
            .lines()
            .filter(|l| !(l.starts_with("case:") || l.starts_with("  ")))
            .map(|l| format!("{l}\n"))
            .collect();
        assert!(!without.contains("chose"), "{without}");
        let without = profile::load("c.yaml", &without, STRATEGIES, &[]).unwrap();
        assert_eq!(with, without);
    }

    #[test]
    fn a_year_and_month_is_date_enough() {
        let c = load_ok(&GOOD.replace("2023-05-14", "2023-05"));
        assert_eq!(c.source.date, "2023-05");
    }

    #[test]
    fn every_problem_of_a_case_is_at_its_line_and_column() {
        let text = "name: bad
case:
  source:
    title: \"\"
    publisher: P
    date: 2023-13-01
    url: ftp://example.org
    auther: x
  chose: containers
  rejected: [serverles, container]
  decisive: []
  confidence: hgh
  note: typo
system: { services: 0 }
";
        let e = errors(text);
        assert_eq!(
            e,
            [
                "4:12: `case.source.title` must be a non-empty text, not \"\"",
                "6:11: `case.source.date` is \"2023-13-01\", not a date / write YYYY-MM-DD, or YYYY-MM when the source gives no day",
                "7:10: `case.source.url` is \"ftp://example.org\", not a link / write the address the source is published at, from http:// or https://",
                "8:5: unknown key `auther` in `case.source` / the keys allowed here are: title, publisher, date, url",
                "9:10: `case.chose` is \"containers\", which is not a strategy / did you mean `container`?",
                "10:14: `case.rejected` is \"serverles\", which is not a strategy / did you mean `serverless`?",
                "11:13: `case.decisive` is empty, but a case needs at least one deciding fact / list the facts from the source that decided it, quoted or closely paraphrased",
                "12:15: `case.confidence` is \"hgh\", but it must be one of: high, medium, low / did you mean `high`?",
                "13:3: unknown key `note` in `case` / did you mean `notes`?",
                "14:21: `system.services` is 0, but it must be a whole number from 1 to 100000",
            ],
            "{e:#?}"
        );
    }

    #[test]
    fn required_keys_are_named_where_they_are_missing() {
        let e = errors("case:\n  chose: container\n  source: {title: t, url: \"https://x\"}\n");
        assert_eq!(
            e,
            [
                "1:1: `case` needs decisive, confidence / a case gives its source, what was chosen, the facts that decided it (`decisive`), and how directly the source states them (`confidence`)",
                "3:3: `case.source` needs publisher, date / a source names its title, publisher, date and link, so that a reader can check the case",
            ],
            "{e:#?}"
        );
    }

    #[test]
    fn a_profile_without_case_is_not_a_case() {
        let e = errors("system: { services: 3 }\n");
        assert_eq!(e.len(), 1);
        assert!(
            e[0].starts_with("1:1: this file has no top-level `case:` key"),
            "{e:?}"
        );
    }

    #[test]
    fn a_chosen_strategy_cannot_be_rejected_too() {
        let e = errors(&GOOD.replace("[serverless]", "[serverless, container]"));
        assert_eq!(e.len(), 1);
        assert!(
            e[0].starts_with(
                "10:13: `case.rejected` names `container`, which `case.chose` names too"
            ),
            "{e:?}"
        );
    }

    const HYBRID: &str = "name: shop
case:
  source: {title: t, publisher: p, date: 2024-01, url: \"https://x.org\"}
  chose: { api: container, thumbnails: serverless }
  rejected: { thumbnails: [container] }
  decisive: [\"bursts\"]
  confidence: medium
workloads:
  - name: api
  - name: thumbnails
    trigger: queue
";

    #[test]
    fn a_hybrid_case_chooses_per_workload() {
        let c = load_ok(HYBRID);
        assert!(c.is_hybrid());
        assert_eq!(c.chose, ids(&[1, 2]));
        assert_eq!(c.rejected, [vec![], ids(&[1])]);
        assert_eq!(c.choices(), ids(&[1, 2]));
    }

    #[test]
    fn a_hybrid_case_names_every_workload_and_only_those() {
        let e = errors(&HYBRID.replace(
            "chose: { api: container, thumbnails: serverless }",
            "chose: { apj: container }",
        ));
        assert_eq!(e.len(), 2, "{e:#?}");
        assert!(
            e[0].starts_with(
                "4:3: `case.chose` gives no strategy for workload `api`, `thumbnails`"
            ),
            "{e:?}"
        );
        assert!(
            e[1].starts_with("4:12: `case.chose` names workload `apj`, which the profile does not have / did you mean `api`?"),
            "{e:?}"
        );
        let e = errors(&HYBRID.replace(
            "chose: { api: container, thumbnails: serverless }",
            "chose: container",
        ));
        assert!(
            e[0].starts_with(
                "4:10: the profile is a hybrid system, so `case.chose` maps each workload"
            ),
            "{e:?}"
        );
        let e = errors(&GOOD.replace("chose: container", "chose: { api: container }"));
        assert!(
            e[0].starts_with("9:10: `case.chose` maps workloads to strategies, but the profile has no `workloads:`"),
            "{e:?}"
        );
    }
}
