//! A profile from anywhere: it loads, or fails with diagnostics; a profile
//! that loads is judged and rendered in every format without panicking.
#![no_main]

use advise::analysis::evaluated::Evaluated;
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
    let evaluated = Evaluated::analyse("fuzz.yaml", profile, &catalog, true);
    for format in [Format::Table, Format::Json, Format::Yaml, Format::Markdown] {
        let _ = format.render(
            &evaluated,
            &catalog,
            View {
                explain: true,
                ..View::default()
            },
        );
    }
});
