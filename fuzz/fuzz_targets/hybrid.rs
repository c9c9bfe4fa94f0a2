//! A profile with `workloads:` from anywhere: it loads or fails with
//! diagnostics; a system that loads is planned, its plan's figures are
//! finite, and it renders in every format without panicking.
#![no_main]

use advise::analysis::evaluated::System;
use advise::commands::assess::Format;
use advise::domain::catalog::Catalog;
use advise::report::view::View;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let catalog = Catalog::builtin();
    let Ok(profile) =
        advise::domain::profile::load("fuzz.yaml", &text, &catalog.strategy_ids(), &[])
    else {
        return;
    };
    if profile.workloads.is_empty() {
        return;
    }
    let Ok(system) = System::analyse("fuzz.yaml", profile, &catalog, false) else {
        return;
    };
    let best = &system.solution.best;
    assert_eq!(best.assignments.len(), system.workloads.len());
    assert!(best.fit.is_finite() && best.value.is_finite());
    assert!(best.monthly.is_none_or(f64::is_finite));
    for format in [Format::Table, Format::Json, Format::Markdown] {
        let shown = format.render_system(&system, &catalog, View::default());
        // A figure that is not finite shows as the word `NaN` or `inf`;
        // the input may hold those words itself (a name), then not checked.
        for word in shown.split(|c: char| !c.is_alphanumeric()) {
            assert!(
                !["NaN", "inf"].contains(&word) || text.contains(word),
                "{shown}"
            );
        }
    }
});
