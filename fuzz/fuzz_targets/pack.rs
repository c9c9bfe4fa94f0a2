//! A pack and a repository config from anywhere: the input is split at its
//! first NUL byte into `.advise/config.yaml` and one rules file of a pack.
//! The config loads or fails with diagnostics; the pack, loaded on top of
//! the built-in catalog, does too, and a catalog that loads scores the
//! generic profile to finite numbers.
#![no_main]

use advise::domain::catalog::Catalog;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (config, pack) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (&[][..], data),
    };
    let config = String::from_utf8_lossy(config);
    // A root that holds nothing: every path the config names is missing
    // or outside it, so nothing on the machine is read.
    let path = std::path::Path::new("/nonexistent-advise-fuzz/.advise/config.yaml");
    let _ = advise::domain::config::from_text(path, &config);

    let mut catalog = Catalog::builtin();
    let files = vec![(
        "pack/fuzz.yaml".to_owned(),
        String::from_utf8_lossy(pack).into_owned(),
    )];
    if catalog.extend_with("pack", &files).is_err() {
        return;
    }
    if let Ok(profile) = advise::domain::profile::load("p.yaml", "", &catalog.strategy_ids(), &[]) {
        let assessment = advise::analysis::engine::evaluate(&profile, &catalog);
        assert!(assessment.ranking.iter().all(|s| s.score.is_finite()));
    }
});
