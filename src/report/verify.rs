//! A rule pack's test results (`advise verify`), as text and as JUnit XML.

use crate::gate::verify::TestResult;

pub(crate) fn text(outcomes: &[TestResult]) -> String {
    use crate::text::escape::visible;
    let mut out = String::new();
    for o in outcomes {
        let verdict = if o.passed() { "ok" } else { "FAILED" };
        out.push_str(&format!(
            "{}:{}: {verdict}: {}\n",
            visible(&o.file),
            o.loc,
            visible(&o.name)
        ));
        for f in &o.failures {
            out.push_str(&format!("  {}\n", visible(f)));
        }
    }
    let failed = outcomes.iter().filter(|o| !o.passed()).count();
    out.push_str(&format!(
        "{} test{}: {} passed, {failed} failed\n",
        outcomes.len(),
        if outcomes.len() == 1 { "" } else { "s" },
        outcomes.len() - failed
    ));
    out
}

pub(crate) fn junit(outcomes: &[TestResult]) -> String {
    use crate::text::escape::visible;
    use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
    let mut report = Report::new("advise verify");
    let mut files: Vec<&str> = outcomes.iter().map(|o| o.file.as_str()).collect();
    files.dedup();
    for file in files {
        let mut suite = TestSuite::new(visible(file).into_owned());
        for o in outcomes.iter().filter(|o| o.file == file) {
            let status = if o.passed() {
                TestCaseStatus::success()
            } else {
                let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
                s.set_message(visible(&o.failures[0]).into_owned())
                    .set_description(visible(&o.failures.join("\n")).into_owned());
                s
            };
            let mut case = TestCase::new(visible(&o.name).into_owned(), status);
            case.set_classname(format!("{}:{}", visible(file), o.loc.line));
            suite.add_test_case(case);
        }
        report.add_test_suite(suite);
    }
    report.to_string().expect("JUnit XML serializes")
}
