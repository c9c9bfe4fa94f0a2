//! A `--prices` file from anywhere: it loads over the built-in sheet or
//! fails with diagnostics; with a sheet that loads, a profile is priced
//! and rendered with no `NaN` or infinite figure.
#![no_main]

use advise::analysis::evaluated::Evaluated;
use advise::commands::assess::Format;
use advise::domain::catalog::Catalog;
use advise::report::view::View;
use libfuzzer_sys::fuzz_target;

const PROFILE: &str = "name: p\nsystem: {services: 6, cloud: aws}\nteam: {engineer_monthly_cost: 12000}\nworkload: {peak_rps: 300, average_rps: 40, avg_duration_ms: 80}\n";

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut catalog = Catalog::builtin();
    catalog.prices = match catalog.prices.clone().with_override("prices.yaml", &text) {
        Ok(prices) => prices,
        Err(_) => return,
    };
    let Ok(profile) =
        advise::domain::profile::load("p.yaml", PROFILE, &catalog.strategy_ids(), &[])
    else {
        return;
    };
    let evaluated = Evaluated::analyse("p.yaml", profile, &catalog, true);
    let shown = Format::Table.render(&evaluated, &catalog, View::default());
    // A figure that is not finite shows as the word `NaN` or `inf`; the
    // sheet may hold those words itself (a name), then not checked.
    for word in shown.split(|c: char| !c.is_alphanumeric()) {
        assert!(
            !["NaN", "inf"].contains(&word) || text.contains(word),
            "{shown}"
        );
    }
});
