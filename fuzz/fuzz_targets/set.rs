//! A `--set FIELD=VALUE` argument from anywhere: it parses or fails with a
//! diagnostic, and one that parses applies to a profile or fails cleanly.
#![no_main]

use advise::domain::catalog::Catalog;
use advise::domain::profile::Override;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let arg = String::from_utf8_lossy(data);
    let Ok(set) = Override::parse(&arg) else {
        return;
    };
    let catalog = Catalog::builtin();
    if let Ok(profile) =
        advise::domain::profile::load("p.yaml", "", &catalog.strategy_ids(), &[set])
    {
        let _ = advise::analysis::engine::evaluate(&profile, &catalog);
    }
});
