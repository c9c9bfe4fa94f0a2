//! The visual report (`--format html`, `--format svg`): well-formed,
//! self-contained, and rendered by a real browser (headless Chromium,
//! Debian package `chromium`; the browser test skips where it is absent,
//! and `.ci/run` installs it so that CI always runs it).

use crate::common::{advise, code, root, scratch_dir, stderr, stdout};

const PROFILE: &str = "examples/polyglot-platform.yaml";

/// A character XML 1.0 allows in a document (its `Char` production).
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// Every element closed, every text escaped and no character XML forbids:
/// the page parses as XML. (quick-xml does not check characters itself.)
fn assert_well_formed(what: &str, doc: &str) {
    if let Some(bad) = doc.chars().find(|c| !xml_char(*c)) {
        panic!("{what} holds {bad:?}, which XML 1.0 forbids");
    }
    let body = doc.strip_prefix("<!DOCTYPE html>\n").unwrap_or(doc);
    let mut reader = quick_xml::Reader::from_str(body);
    reader.config_mut().check_end_names = true;
    let mut depth = 0i64;
    loop {
        match reader.read_event() {
            Ok(quick_xml::events::Event::Eof) => break,
            Ok(quick_xml::events::Event::Start(_)) => depth += 1,
            Ok(quick_xml::events::Event::End(_)) => depth -= 1,
            Ok(_) => {}
            Err(e) => panic!(
                "{what} is not well-formed at byte {}: {e}",
                reader.buffer_position()
            ),
        }
    }
    assert_eq!(depth, 0, "{what}: unclosed elements");
}

/// Nothing fetched: no `src`, and every link is to a place in the page.
fn assert_self_contained(what: &str, doc: &str) {
    assert!(!doc.contains("src="), "{what} loads something");
    assert!(!doc.contains("<script"), "{what} has a script");
    for part in doc.split("href=\"").skip(1) {
        assert!(
            part.starts_with('#'),
            "{what} links out: {}",
            &part[..part.len().min(60)]
        );
    }
}

fn report(args: &[&str]) -> String {
    let out = advise(args);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    stdout(&out)
}

#[test]
fn every_html_report_is_well_formed_and_self_contained() {
    let one = report(&[PROFILE, "--format", "html"]);
    let many = report(&[
        "compare",
        "examples/startup-mvp.yaml",
        PROFILE,
        "--format",
        "html",
    ]);
    let gate = report(&[
        "check",
        "examples/startup-mvp.yaml",
        PROFILE,
        "--format",
        "html",
    ]);
    let svg = report(&[PROFILE, "--format", "svg"]);
    for (what, doc) in [
        ("html", &one),
        ("compare html", &many),
        ("check html", &gate),
        ("svg", &svg),
    ] {
        assert_well_formed(what, doc);
        assert_self_contained(what, doc);
    }
    // What the page must show, each with a text alternative.
    for needle in [
        "id=\"ranking\"",
        "id=\"ratings\"",
        "id=\"cost\"",
        "id=\"cost-range\"",
        "id=\"latency\"",
        "id=\"would-change\"",
        "id=\"rules\"",
        "prefers-color-scheme: dark",
        "@media print",
    ] {
        assert!(one.contains(needle), "the report lacks {needle}");
    }
    assert_eq!(
        one.matches("<svg").count(),
        one.matches("<desc").count(),
        "a chart without a text alternative"
    );
    // Every rule segment of the ranking links to that rule's row.
    for part in one.split("href=\"#rule-").skip(1) {
        let id = part.split('"').next().unwrap();
        assert!(
            one.contains(&format!("id=\"rule-{id}\"")),
            "a link to a missing rule: {id}"
        );
    }
    assert!(svg.starts_with("<?xml") && svg.contains("xmlns=\"http://www.w3.org/2000/svg\""));
}

/// A name holding characters XML forbids (a noncharacter and a control)
/// still gives well-formed markup in every XML format: HTML, SVG, JUnit.
#[test]
fn characters_xml_forbids_are_replaced() {
    let dir = scratch_dir("xml-forbidden");
    let profile = dir.join("odd.yaml");
    std::fs::write(
        &profile,
        "version: 1\nname: \"odd \\uFFFE\\uFFFF \\u0001 name\"\ncurrent: serverless\n",
    )
    .unwrap();
    let path = profile.to_str().unwrap();
    for (what, args) in [
        ("html", vec![path, "--format", "html"]),
        ("svg", vec![path, "--format", "svg"]),
        ("compare html", vec!["compare", path, "--format", "html"]),
        ("check html", vec!["check", path, "--format", "html"]),
        ("junit", vec!["check", path, "--format", "junit"]),
    ] {
        let doc = report(&args);
        assert_well_formed(what, &doc);
        if ["html", "compare html", "junit"].contains(&what) {
            // The name is there, the characters replaced, not dropped.
            assert!(
                doc.contains("odd \u{fffd}\u{fffd} \\u{1} name"),
                "{what}:\n{doc}"
            );
        }
    }
}

/// The text of the first element named `tag`, as an XML parser reads it.
fn text_of(doc: &str, tag: &str) -> String {
    let body = doc.strip_prefix("<!DOCTYPE html>\n").unwrap_or(doc);
    let mut reader = quick_xml::Reader::from_str(body);
    loop {
        match reader.read_event().unwrap() {
            quick_xml::events::Event::Start(e) if e.name().as_ref() == tag.as_bytes() => {
                let end = e.to_end().into_owned();
                let raw = reader.read_text(end.name()).unwrap();
                let raw = raw.decode().unwrap();
                return quick_xml::escape::unescape(&raw).unwrap().into_owned();
            }
            quick_xml::events::Event::Eof => panic!("no <{tag}>"),
            _ => {}
        }
    }
}

/// Markup and quotes in a profile's text are text: the page shows them
/// as written (`'` and `"` in element text need no escaping; in
/// attributes they are escaped).
#[test]
fn text_reads_back_as_written() {
    let dir = scratch_dir("text-reads-back");
    let profile = dir.join("shop.yaml");
    let name = "Tom's \"<b>shop</b>\" & co";
    std::fs::write(
        &profile,
        format!("version: 1\nname: '{}'\n", name.replace('\'', "''")),
    )
    .unwrap();
    let path = profile.to_str().unwrap();
    let page = report(&[path, "--format", "html"]);
    assert_well_formed("html", &page);
    assert_eq!(text_of(&page, "h1"), format!("advise: {name}"));
    assert_eq!(text_of(&page, "title"), format!("advise: advise: {name}"));
    let lead = text_of(&page, "p");
    assert!(lead.contains(name), "{lead}");
}

/// The width and height of a PNG, from its header.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let n = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (n(16), n(20))
}

#[test]
fn the_report_renders_in_a_real_browser() {
    let Some(chromium) = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| {
            std::process::Command::new(c)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        })
    else {
        crate::common::missing_tool("chromium", "Debian package `chromium`; .ci/run installs it");
        return;
    };
    // The rendered page is kept as a CI artefact (see the README).
    let dir = root().join("target/report");
    std::fs::create_dir_all(&dir).unwrap();
    let html = dir.join("polyglot-platform.html");
    let png = dir.join("polyglot-platform.png");
    let page = report(&[PROFILE, "--format", "html"]);
    std::fs::write(&html, &page).unwrap();
    let _ = std::fs::remove_file(&png);
    let url = format!("file://{}", html.display());
    let browse = |extra: &[&str]| {
        std::process::Command::new(chromium)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--enable-logging=stderr",
                "--v=0",
            ])
            .args(extra)
            .arg(&url)
            .output()
            .expect("chromium runs")
    };
    let shot = browse(&[
        "--window-size=1200,3000",
        &format!("--screenshot={}", png.display()),
    ]);
    let log = String::from_utf8_lossy(&shot.stderr).into_owned();
    assert!(shot.status.success(), "chromium failed:\n{log}");
    assert!(
        !log.contains("net::ERR_") && !log.contains("Failed to load resource"),
        "a load failed:\n{log}"
    );
    let bytes = std::fs::read(&png).expect("a screenshot was written");
    assert_eq!(png_size(&bytes), (1200, 3000));
    assert!(
        bytes.len() > 50_000,
        "the screenshot is nearly empty ({} bytes)",
        bytes.len()
    );

    // The browser's own view of the page: the ranking's strategies are there.
    let dom = browse(&["--dump-dom"]);
    assert!(dom.status.success());
    let dom = String::from_utf8_lossy(&dom.stdout);
    let json: serde_json::Value =
        serde_json::from_str(&report(&[PROFILE, "--format", "json"])).unwrap();
    for r in json["ranking"].as_array().unwrap() {
        let id = r["strategy"].as_str().unwrap();
        assert!(
            dom.contains(&format!("<td>{id}</td>")),
            "the rendered page lacks {id}"
        );
    }
}
