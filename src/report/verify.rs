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
    use crate::text::escape::xml_data;
    use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
    let mut report = Report::new("advise verify");
    let mut files: Vec<&str> = outcomes.iter().map(|o| o.file.as_str()).collect();
    files.dedup();
    for file in files {
        let mut suite = TestSuite::new(xml_data(file));
        for o in outcomes.iter().filter(|o| o.file == file) {
            let status = if o.passed() {
                TestCaseStatus::success()
            } else {
                let mut s = TestCaseStatus::non_success(NonSuccessKind::Failure);
                // One failure a line: each escaped on its own, so the
                // line breaks between them stay real ones.
                let each: Vec<String> = o.failures.iter().map(|f| xml_data(f)).collect();
                s.set_message(xml_data(&o.failures[0]))
                    .set_description(each.join("\n"));
                s
            };
            let mut case = TestCase::new(xml_data(&o.name), status);
            case.set_classname(format!("{}:{}", xml_data(file), o.loc.line));
            suite.add_test_case(case);
        }
        report.add_test_suite(suite);
    }
    report.to_string().expect("JUnit XML serializes")
}
