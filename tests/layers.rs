//! The shape of the code (DESIGN.md, "Layers"): each layer imports only the
//! layers below it, and no two files import each other, directly or
//! around a circle. Read from the source, so a new import that breaks the
//! shape fails here, with the file and the path it named.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers, bottom first. A file's layer is its folder (or its own name
/// at the top of `src/`).
const LAYERS: &[&str] = &[
    "text", "domain", "analysis", "gate", "report", "commands", "cli", "main",
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `src/`, as its path relative to `src/`.
fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p.strip_prefix(src()).unwrap().to_path_buf());
        }
    }
}

fn layer(file: &Path) -> Option<usize> {
    let first = file.components().next()?.as_os_str().to_str()?;
    let name = first.strip_suffix(".rs").unwrap_or(first);
    LAYERS.iter().position(|l| *l == name)
}

/// The module path of a file: `report/mod.rs` is `report`, `text/yaml.rs`
/// is `text::yaml`.
fn module_of(file: &Path) -> Vec<String> {
    let mut parts: Vec<String> = file
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap();
    let stem = last.strip_suffix(".rs").unwrap().to_owned();
    if stem != "mod" && stem != "lib" {
        parts.push(stem);
    }
    parts
}

/// The file that defines the longest prefix of a module path.
fn file_of(path: &[String]) -> Option<PathBuf> {
    (1..=path.len()).rev().find_map(|n| {
        let base = path[..n].join("/");
        [format!("{base}.rs"), format!("{base}/mod.rs")]
            .into_iter()
            .map(PathBuf::from)
            .find(|p| src().join(p).is_file())
    })
}

/// The code of a file without its comments and its `#[cfg(test)]` module
/// (tests may use anything).
fn code(text: &str) -> String {
    let body = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    };
    body.lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Expands a use tree (`a::{b, c::{d, e}}`) into its paths.
fn expand(tree: &str) -> Vec<String> {
    let tree: String = tree.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(open) = tree.find('{') else {
        return vec![tree];
    };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.len() - 1];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .flat_map(expand)
        .map(|p| match p.as_str() {
            "self" => prefix.trim_end_matches("::").to_owned(),
            _ => format!("{prefix}{p}"),
        })
        .collect()
}

/// Every module path a file names: its `use crate::…`/`use super::…`
/// statements and the `crate::…` paths in its code, made absolute.
fn imports(file: &Path, text: &str) -> Vec<Vec<String>> {
    let code = code(text);
    let mut found = Vec::new();
    let here = module_of(file);
    let is_mod = file.ends_with("mod.rs") || file.ends_with("lib.rs");
    let absolute = |p: &str| -> Option<Vec<String>> {
        let segs: Vec<String> = p.split("::").map(str::to_owned).collect();
        match segs.first().map(String::as_str) {
            Some("crate") | Some("advise") => Some(segs[1..].to_vec()),
            Some("super") => {
                let mut base = here.clone();
                if !is_mod {
                    base.pop();
                }
                let mut rest = &segs[..];
                while rest.first().map(String::as_str) == Some("super") {
                    rest = &rest[1..];
                    if rest.first().map(String::as_str) == Some("super") {
                        base.pop();
                    }
                }
                base.extend(rest.iter().cloned());
                Some(base)
            }
            _ => None,
        }
    };
    let mut rest = code.as_str();
    while let Some(i) = rest.find("use ") {
        let before = rest[..i].chars().last();
        let after = &rest[i + 4..];
        rest = after;
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let Some(end) = after.find(';') else { break };
        let tree = &after[..end];
        if tree.starts_with("crate::")
            || tree.starts_with("super::")
            || tree.starts_with("advise::")
        {
            found.extend(expand(tree).iter().filter_map(|p| absolute(p)));
        }
    }
    // Paths written in the code itself, outside `use` statements.
    let mut body = String::with_capacity(code.len());
    let mut rest = code.as_str();
    while let Some(i) = rest.find("use ") {
        let starts = rest[..i]
            .chars()
            .last()
            .is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        let end = rest[i..].find(';').map_or(rest.len(), |e| i + e + 1);
        body.push_str(&rest[..if starts { i } else { end }]);
        rest = &rest[end..];
    }
    body.push_str(rest);
    for prefix in ["crate::", "advise::"] {
        let mut rest = body.as_str();
        while let Some(i) = rest.find(prefix) {
            let tail = &rest[i..];
            let path: String = tail
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            if let Some(p) = absolute(path.trim_end_matches(':')) {
                found.push(p);
            }
            rest = &rest[i + prefix.len()..];
        }
    }
    found
}

fn graph() -> BTreeMap<PathBuf, BTreeMap<PathBuf, String>> {
    let mut all = Vec::new();
    files(&src(), &mut all);
    let mut edges = BTreeMap::new();
    for file in all {
        let text = std::fs::read_to_string(src().join(&file)).unwrap();
        let mut to = BTreeMap::new();
        for path in imports(&file, &text) {
            if let Some(target) = file_of(&path)
                && target != file
            {
                to.entry(target).or_insert_with(|| path.join("::"));
            }
        }
        edges.insert(file, to);
    }
    edges
}

#[test]
fn every_import_points_down_the_layers() {
    let mut wrong = Vec::new();
    for (file, to) in graph() {
        let Some(mine) = layer(&file) else { continue };
        for (target, path) in to {
            let Some(theirs) = layer(&target) else {
                continue;
            };
            if theirs > mine {
                wrong.push(format!(
                    "{} ({}) imports {path} ({})",
                    file.display(),
                    LAYERS[mine],
                    LAYERS[theirs]
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_two_files_import_each_other() {
    let graph = graph();
    // Tarjan's strongly connected components: a component of more than one
    // file is a circle of imports.
    struct State<'g> {
        graph: &'g BTreeMap<PathBuf, BTreeMap<PathBuf, String>>,
        index: BTreeMap<&'g Path, usize>,
        low: BTreeMap<&'g Path, usize>,
        stack: Vec<&'g Path>,
        on: BTreeSet<&'g Path>,
        circles: Vec<Vec<String>>,
    }
    fn visit<'g>(s: &mut State<'g>, v: &'g Path) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on.insert(v);
        for w in s.graph[v].keys() {
            let w = w.as_path();
            if !s.graph.contains_key(w) {
                continue;
            }
            if !s.index.contains_key(w) {
                visit(s, w);
                let lw = s.low[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(lw);
            } else if s.on.contains(w) {
                let iw = s.index[w];
                let lv = s.low.get_mut(v).unwrap();
                *lv = (*lv).min(iw);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on.remove(w);
                component.push(w.display().to_string());
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.circles.push(component);
            }
        }
    }
    let mut s = State {
        graph: &graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        circles: Vec::new(),
    };
    for v in graph.keys() {
        if !s.index.contains_key(v.as_path()) {
            visit(&mut s, v);
        }
    }
    let shown: Vec<String> = s.circles.iter().map(|c| c.join(" <-> ")).collect();
    assert!(shown.is_empty(), "import circles:\n{}", shown.join("\n"));
}

#[test]
fn the_layer_test_sees_imports() {
    // The reader above must find what it is meant to find, or the two
    // tests pass on nothing.
    let found = imports(
        Path::new("report/table.rs"),
        "use crate::analysis::{engine::Assessment, evaluated::{self, Evaluated}};\nuse super::View;\nfn f() { crate::text::escape::visible(\"\"); }",
    );
    let paths: Vec<String> = found.iter().map(|p| p.join("::")).collect();
    assert_eq!(
        paths,
        [
            "analysis::engine::Assessment",
            "analysis::evaluated",
            "analysis::evaluated::Evaluated",
            "report::View",
            "text::escape::visible",
        ]
    );
    assert!(graph().values().map(BTreeMap::len).sum::<usize>() > 50);
}
