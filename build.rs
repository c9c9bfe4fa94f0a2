//! Converts the built-in rules (`rules/*.yaml`) to JSON at build time.
//!
//! Reading the catalog is the costliest step of a run: parsing its ~40 KB of
//! YAML takes about 3.5 ms, half of `advise PROFILE` end to end, while the
//! same data as JSON parses in about 0.3 ms. So the binary carries both: the
//! YAML (the source, for `--rules`-style diagnostics and as a fallback) and
//! this JSON, which `Catalog::builtin` reads. A unit test in `catalog.rs`
//! checks that both give exactly the same catalog.
//!
//! The JSON loses YAML locations, so each rule's line (shown by `advise
//! explain`) is recorded here too. A file that does not parse is left out:
//! the YAML is then read at run time and reports the problem properly.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

use serde::Deserialize;
use serde_saphyr::Spanned;

/// Just the rule ids of a rules file, with their locations.
#[derive(Deserialize)]
struct Ids {
    #[serde(default)]
    rules: Vec<Id>,
}

#[derive(Deserialize)]
struct Id {
    id: Spanned<String>,
}

fn options() -> serde_saphyr::Options {
    // As `yaml::from_str` reads them (strict booleans: `yes` is a string).
    serde_saphyr::options! { strict_booleans: true }
}

fn main() {
    println!("cargo::rerun-if-changed=rules");
    println!("cargo::rerun-if-changed=build.rs");
    let mut names: Vec<String> = fs::read_dir("rules")
        .expect("the rules/ directory is readable")
        .filter_map(|e| {
            let name = e.ok()?.file_name().to_string_lossy().into_owned();
            name.ends_with(".yaml").then_some(name)
        })
        .collect();
    names.sort();

    let mut code = String::from(
        "/// A rule's id and the line of its `id:` key.\n\
         pub type RuleLine = (&'static str, u32);\n\
         /// A built-in rules file as JSON: its name, the JSON, and its rules' lines.\n\
         pub type JsonFile = (&'static str, &'static str, &'static [RuleLine]);\n\
         pub const BUILTIN_JSON: &[JsonFile] = &[\n",
    );
    for name in names {
        let text = fs::read_to_string(Path::new("rules").join(&name)).expect("readable");
        let (Ok(value), Ok(ids)) = (
            serde_saphyr::from_str_with_options::<serde_json::Value>(&text, options()),
            serde_saphyr::from_str_with_options::<Option<Ids>>(&text, options()),
        ) else {
            continue;
        };
        let json = serde_json::to_string(&value).expect("JSON serialises");
        let lines: Vec<String> = ids
            .map_or_else(Vec::new, |ids| ids.rules)
            .iter()
            .map(|r| {
                format!(
                    "({:?}, {})",
                    r.id.value,
                    u32::try_from(r.id.referenced.line()).unwrap_or(0)
                )
            })
            .collect();
        let _ = writeln!(
            code,
            "    ({:?}, {:?}, &[{}]),",
            format!("rules/{name}"),
            json,
            lines.join(", ")
        );
    }
    code.push_str("];\n");
    let out = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin_json.rs");
    fs::write(out, code).expect("OUT_DIR is writable");
}
