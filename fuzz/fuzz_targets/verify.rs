//! A pack's test file from anywhere, run against the built-in catalog: it
//! runs or fails with diagnostics, never panics. Its `profile:` paths are
//! relative to a directory that does not exist, so nothing is read.
#![no_main]

use advise::domain::catalog::Catalog;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let catalog = Catalog::builtin();
    let path = std::path::Path::new("/nonexistent-advise-fuzz/pack/fuzz.test.yaml");
    if let Ok(ran) = advise::gate::verify::run_text(path, &text, &catalog) {
        // A file that ran holds at least one test.
        assert!(ran > 0);
    }
});
