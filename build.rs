//! Embeds the built-in rules (`rules/*.yaml`) in the binary, each file both
//! as YAML (the source) and as JSON made here at build time.
//!
//! Reading the catalog is the costliest step of a run: parsing its ~40 KB of
//! YAML takes about 3.5 ms, half of `advise PROFILE` end to end, while the
//! same data as JSON parses in about 0.3 ms. `Catalog::builtin` reads the
//! JSON; a unit test checks that it gives exactly the catalog the YAML gives.
//!
//! The file list comes from the directory, in name order (as `--rules rules`
//! reads it), so adding a rules file needs no code change. JSON has no
//! locations, so each rule's line (shown by `advise explain`) is recorded
//! too. A file that does not parse gets no JSON: the YAML is then read at run
//! time, and the test suite reports its problem with file, line and column.

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

/// A directory of the crate and its `*.yaml` files, in name order.
fn yaml_files(name: &str) -> (std::path::PathBuf, Vec<String>) {
    let dir = Path::new(&env::var("CARGO_MANIFEST_DIR").expect("cargo sets it")).join(name);
    let mut names: Vec<String> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("the {name}/ directory is readable: {e}"))
        .filter_map(|e| {
            let name = e.ok()?.file_name().to_string_lossy().into_owned();
            name.ends_with(".yaml").then_some(name)
        })
        .collect();
    names.sort();
    (dir, names)
}

fn main() {
    println!("cargo::rerun-if-changed=rules");
    println!("cargo::rerun-if-changed=build.rs");
    let (dir, names) = yaml_files("rules");

    let mut code = String::from("pub const BUILTIN: &[BuiltinFile] = &[\n");
    for name in names {
        let path = dir.join(&name);
        let text = fs::read_to_string(&path).expect("readable");
        let parsed = (
            serde_saphyr::from_str_with_options::<serde_json::Value>(&text, options()),
            serde_saphyr::from_str_with_options::<Option<Ids>>(&text, options()),
        );
        let (json, lines) = match parsed {
            (Ok(value), Ok(ids)) => {
                let lines: Vec<String> = ids
                    .map_or_else(Vec::new, |ids| ids.rules)
                    .iter()
                    .map(|r| format!("({:?}, {})", r.id.value, r.id.referenced.line()))
                    .collect();
                let json = serde_json::to_string(&value).expect("JSON serialises");
                (format!("Some({json:?})"), lines.join(", "))
            }
            _ => ("None".to_owned(), String::new()),
        };
        let _ = writeln!(
            code,
            "    BuiltinFile {{ name: {:?}, yaml: include_str!({:?}), json: {json}, rule_lines: &[{lines}] }},",
            format!("rules/{name}"),
            path.display().to_string(),
        );
    }
    code.push_str("];\n");
    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    fs::write(Path::new(&out_dir).join("builtin.rs"), code).expect("OUT_DIR is writable");
    prices(&out_dir);
    grid(&out_dir);
    cases(&out_dir);
}

/// The grid carbon intensities (`prices/carbon/grid.yaml`) as JSON, read
/// at run time in a tenth of the YAML's time, as the price sheets are. A
/// file that does not parse is written as `null`: a unit test then reports
/// its problem.
fn grid(out_dir: &str) {
    let path = Path::new(&env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"))
        .join("prices/carbon/grid.yaml");
    println!("cargo::rerun-if-changed={}", path.display());
    let text = fs::read_to_string(&path).expect("prices/carbon/grid.yaml is readable");
    let json = serde_saphyr::from_str_with_options::<serde_json::Value>(&text, options())
        .map_or_else(|_| "null".to_owned(), |v| v.to_string());
    fs::write(Path::new(out_dir).join("grid.json"), json).expect("OUT_DIR is writable");
}

/// The corpus of published decisions (`cases/*.yaml`), compiled in as
/// text so that `advise calibrate` measures it from any directory, as the
/// rules are read from any directory.
fn cases(out_dir: &str) {
    println!("cargo::rerun-if-changed=cases");
    let (dir, names) = yaml_files("cases");
    let mut code = String::from("&[\n");
    for name in names {
        let _ = writeln!(
            code,
            "    ({:?}, include_str!({:?})),",
            format!("cases/{name}"),
            dir.join(&name).display().to_string(),
        );
    }
    code.push_str("]\n");
    fs::write(Path::new(out_dir).join("cases.rs"), code).expect("OUT_DIR is writable");
}

/// The built-in price sheets (`prices/*.yaml`), each as YAML and as JSON,
/// for the same reason as the rules: JSON is read in a tenth of the time.
fn prices(out_dir: &str) {
    println!("cargo::rerun-if-changed=prices");
    let (dir, names) = yaml_files("prices");
    let mut code = String::from("const BUILTIN: &[(&str, &str, Option<&str>)] = &[\n");
    for name in names {
        let path = dir.join(&name);
        let text = fs::read_to_string(&path).expect("readable");
        let json = match serde_saphyr::from_str_with_options::<serde_json::Value>(&text, options())
        {
            Ok(value) => format!(
                "Some({:?})",
                serde_json::to_string(&value).expect("JSON serialises")
            ),
            Err(_) => "None".to_owned(),
        };
        let _ = writeln!(
            code,
            "    ({:?}, include_str!({:?}), {json}),",
            format!("prices/{name}"),
            path.display().to_string(),
        );
    }
    code.push_str("];\n");
    fs::write(Path::new(out_dir).join("prices.rs"), code).expect("OUT_DIR is writable");
}
