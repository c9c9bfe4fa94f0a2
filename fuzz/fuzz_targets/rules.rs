//! A rules file from anywhere, added to the built-in ones as `--rules DIR`
//! would read them: the catalog loads or fails with diagnostics, and one
//! that loads scores every strategy to a finite number.
#![no_main]

use advise::domain::catalog::Catalog;
use libfuzzer_sys::fuzz_target;

const BUILTIN: &[(&str, &str)] = &[
    (
        "constraints.yaml",
        include_str!("../../rules/constraints.yaml"),
    ),
    ("cost.yaml", include_str!("../../rules/cost.yaml")),
    ("limits.yaml", include_str!("../../rules/limits.yaml")),
    ("platform.yaml", include_str!("../../rules/platform.yaml")),
    (
        "requirements.yaml",
        include_str!("../../rules/requirements.yaml"),
    ),
    (
        "strategies.yaml",
        include_str!("../../rules/strategies.yaml"),
    ),
    ("system.yaml", include_str!("../../rules/system.yaml")),
    ("team.yaml", include_str!("../../rules/team.yaml")),
    ("workload.yaml", include_str!("../../rules/workload.yaml")),
];

fuzz_target!(|data: &[u8]| {
    let mut files: Vec<(String, String)> = BUILTIN
        .iter()
        .map(|(name, text)| (name.to_string(), text.to_string()))
        .collect();
    files.push((
        "fuzz.yaml".into(),
        String::from_utf8_lossy(data).into_owned(),
    ));
    let Ok(catalog) = Catalog::from_files(&files) else {
        return;
    };
    if let Ok(profile) = advise::domain::profile::load("p.yaml", "", &catalog.strategy_ids(), &[]) {
        let assessment = advise::analysis::engine::evaluate(&profile, &catalog);
        assert!(assessment.winner().score.is_finite());
    }
});
