//! A deployment file from anywhere, read as each kind of file `advise
//! detect` knows: it is read or skipped, never a panic; the detection
//! renders as text and JSON, and the profile `advise init` drafts from it
//! is valid input.
#![no_main]

use advise::domain::catalog::Catalog;
use advise::domain::detect::detect_file;
use libfuzzer_sys::fuzz_target;

const NAMES: &[&str] = &[
    "k8s/app.yaml",
    "serverless.yml",
    "compose.yaml",
    "copilot/api/manifest.yml",
    "config/deploy.yml",
    "template.json",
    "taskdef.json",
    "host.json",
    "fn/function.json",
    "main.tf",
    "image.pkr.hcl",
    "app.bicep",
    "app.service",
    "hosts",
    "chart/templates/deployment.yaml",
];

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let catalog = Catalog::builtin();
    for name in NAMES {
        let found = detect_file(name, &text);
        let _ = advise::report::detect::text(&found);
        let _ = advise::report::detect::json(&found);
        let draft = advise::report::detect::draft(&found, "fuzz", ".");
        assert!(
            advise::domain::profile::load("draft", &draft, &catalog.strategy_ids(), &[]).is_ok(),
            "{name}: the draft does not validate:\n{draft}"
        );
    }
});
