//! The visual report (`--format html`, `--format svg`): well-formed,
//! self-contained, and rendered by a real browser (headless Chromium,
//! Debian package `chromium`; the browser test skips where it is absent,
//! and `.ci/run` installs it so that CI always runs it).

use crate::common::{advise, code, root, scratch_dir, stderr, stdout};

const PROFILE: &str = "examples/polyglot-platform.yaml";
const HYBRID: &str = "examples/hybrid-ecommerce.yaml";

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

/// Nothing fetched: no `src`, no script, a Content-Security-Policy that
/// forbids loading anything, and every link a place in the page, but for
/// the sources of rules, which open without a referrer.
fn assert_self_contained(what: &str, doc: &str) {
    assert!(!doc.contains("src="), "{what} loads something");
    assert!(!doc.contains("<script"), "{what} has a script");
    if doc.starts_with("<!DOCTYPE html>") {
        assert!(
            doc.contains("http-equiv=\"Content-Security-Policy\" content=\"default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; img-src data:\""),
            "{what} has no Content-Security-Policy"
        );
    }
    for part in doc.split("href=\"").skip(1) {
        let tag_end = part.find('>').unwrap_or(part.len());
        assert!(
            part.starts_with('#')
                || (part.starts_with("https://") && part[..tag_end].contains("rel=\"noreferrer\"")),
            "{what} links out: {}",
            &part[..part.len().min(60)]
        );
    }
    // No other address a browser could fetch: only the SVG namespace, a
    // name and not a request.
    for url in doc.split("http://").skip(1) {
        assert!(
            url.starts_with("www.w3.org/2000/svg\""),
            "{what} names an address: http://{}",
            &url[..url.len().min(60)]
        );
    }
    assert_eq!(
        doc.matches("https://").count(),
        doc.matches("href=\"https://").count() * 2,
        "{what} names an address outside a link to a source"
    );
}

/// A standalone SVG reads on a dark page and a light one, and points at
/// nothing outside itself.
fn assert_svg_stands_alone(what: &str, svg: &str) {
    assert!(!svg.contains("href"), "{what} links somewhere");
    assert!(
        svg.contains("prefers-color-scheme: dark"),
        "{what} has one text colour"
    );
    assert!(
        svg.contains("text { font: 15px system-ui, sans-serif; fill: var(--fg); }"),
        "{what}: text is not in the scheme's colour"
    );
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
    let system = report(&[HYBRID, "--format", "html"]);
    let system_svg = report(&[HYBRID, "--format", "svg"]);
    for (what, doc) in [
        ("html", &one),
        ("compare html", &many),
        ("check html", &gate),
        ("svg", &svg),
        ("hybrid html", &system),
        ("hybrid svg", &system_svg),
    ] {
        assert_well_formed(what, doc);
        assert_self_contained(what, doc);
        // A header row print can repeat on every page.
        assert_eq!(
            doc.matches("<table").count(),
            doc.matches("<thead>").count(),
            "{what}: a table without <thead>"
        );
    }
    assert_svg_stands_alone("svg", &svg);
    assert_svg_stands_alone("hybrid svg", &system_svg);
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
    assert_eq!(text_of(&page, "h1"), format!("advise: <bdi>{name}</bdi>"));
    assert_eq!(text_of(&page, "bdi"), name);
    assert_eq!(text_of(&page, "title"), format!("advise: {name}"));
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

/// The first Chromium on the PATH, or `None` (noted, or failed where
/// `ADVISE_REQUIRE_TOOLS` requires it).
fn chromium() -> Option<&'static str> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|c| {
            std::process::Command::new(c)
                .arg("--version")
                .output()
                .is_ok_and(|o| o.status.success())
        });
    if found.is_none() {
        crate::common::missing_tool("chromium", "Debian package `chromium`; .ci/run installs it");
    }
    found
}

fn headless(chromium: &str, extra: &[&str], url: &str) -> std::process::Output {
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
        .arg(url)
        .output()
        .expect("chromium runs")
}

/// The page in a 390 px frame of a page that measures it (the page itself
/// runs no script, and its policy forbids one): `(innerWidth, scrollWidth)`
/// of the framed page. (Headless Chromium's window is at least 500 px
/// wide, so the frame sets the phone's width.)
fn measured_at_390(chromium: &str, dir: &std::path::Path, name: &str, page: &str) -> (u32, u32) {
    let escaped = page
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;");
    let wrapper = format!(
        "<!DOCTYPE html><html><body style=\"margin:0\"><iframe id=\"f\" style=\"width:390px;height:900px;border:0\" srcdoc=\"{escaped}\"></iframe><script>\
         const f = document.getElementById('f');\
         const m = () => document.body.setAttribute('data-measure', f.contentWindow.innerWidth + 'x' + f.contentDocument.scrollingElement.scrollWidth);\
         if (f.contentDocument && f.contentDocument.readyState === 'complete' && f.contentDocument.body && f.contentDocument.body.childElementCount) m(); else f.onload = m;\
         </script></body></html>"
    );
    let file = dir.join(format!("{name}.at-390.html"));
    std::fs::write(&file, wrapper).unwrap();
    let out = headless(
        chromium,
        &["--window-size=800,900", "--dump-dom"],
        &format!("file://{}", file.display()),
    );
    let dom = String::from_utf8_lossy(&out.stdout);
    let at = dom
        .split("data-measure=\"")
        .nth(1)
        .unwrap_or_else(|| panic!("{name}: nothing measured:\n{}", &dom[..dom.len().min(400)]));
    let (w, s) = at.split('"').next().unwrap().split_once('x').unwrap();
    (w.parse().unwrap(), s.parse().unwrap())
}

/// A single profile, a hybrid system, compare and check, in a real
/// browser: no sideways scrolling on a 390 px phone, nothing logged or
/// refused (no console message, no request the policy blocked, no load
/// failed), a screenshot that is not a blank page, and a single profile
/// printed in at most 4 pages.
#[test]
fn every_page_fits_a_phone_and_loads_nothing() {
    let Some(chromium) = chromium() else {
        return;
    };
    let dir = root().join("target/report");
    std::fs::create_dir_all(&dir).unwrap();
    let pages = [
        ("single", report(&[PROFILE, "--format", "html"])),
        ("hybrid", report(&[HYBRID, "--format", "html"])),
        (
            "compare",
            report(&[
                "compare",
                "examples/startup-mvp.yaml",
                PROFILE,
                HYBRID,
                "--format",
                "html",
            ]),
        ),
        (
            "check",
            report(&[
                "check",
                "examples/startup-mvp.yaml",
                PROFILE,
                "--format",
                "html",
            ]),
        ),
    ];
    // A long unbroken name once made the page 155,000 px wide; 200
    // characters is the longest name a profile may carry.
    let long = scratch_dir("long-name").join("long.yaml");
    std::fs::write(&long, format!("version: 1\nname: {}\n", "x".repeat(200))).unwrap();
    let mut pages = pages.to_vec();
    pages.push((
        "long-name",
        report(&[long.to_str().unwrap(), "--format", "html"]),
    ));
    let blank = dir.join("blank.html");
    std::fs::write(&blank, "<!DOCTYPE html><html><body></body></html>\n").unwrap();
    let blank_png = dir.join("blank.png");
    let shot = |url: &str, png: &std::path::Path| {
        let _ = std::fs::remove_file(png);
        let out = headless(
            chromium,
            &[
                "--window-size=1366,1200",
                &format!("--screenshot={}", png.display()),
            ],
            url,
        );
        assert!(out.status.success(), "chromium failed on {url}");
        (
            String::from_utf8_lossy(&out.stderr).into_owned(),
            std::fs::read(png).expect("a screenshot"),
        )
    };
    let (_, blank_bytes) = shot(&format!("file://{}", blank.display()), &blank_png);
    for (name, page) in &pages {
        let html = dir.join(format!("{name}.html"));
        std::fs::write(&html, page).unwrap();
        let (inner, scroll) = measured_at_390(chromium, &dir, name, page);
        assert_eq!(inner, 390, "{name}: the frame is not a phone's width");
        assert!(
            scroll <= inner,
            "{name} scrolls sideways at 390 px: {scroll} px wide"
        );
        let (log, png) = shot(
            &format!("file://{}", html.display()),
            &dir.join(format!("{name}.png")),
        );
        for sign in [
            "CONSOLE",
            "Refused to",
            "Content Security Policy",
            "net::ERR_",
            "Failed to load resource",
        ] {
            assert!(
                !log.contains(sign),
                "{name}: the browser said {sign}:\n{log}"
            );
        }
        assert_eq!(png_size(&png), (1366, 1200));
        assert!(
            png != blank_bytes && png.len() > 4 * blank_bytes.len(),
            "{name}: the screenshot looks blank ({} bytes; blank {})",
            png.len(),
            blank_bytes.len()
        );
    }
    // Printed: a single profile in about three pages.
    let pdf = dir.join("single.pdf");
    let _ = std::fs::remove_file(&pdf);
    let out = headless(
        chromium,
        &[
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", pdf.display()),
        ],
        &format!("file://{}", dir.join("single.html").display()),
    );
    assert!(out.status.success());
    let bytes = std::fs::read(&pdf).expect("a PDF");
    let pages = bytes
        .windows(12)
        .filter(|w| w.starts_with(b"/Type /Page") && w[11] != b's')
        .count();
    assert!((1..=3).contains(&pages), "printed in {pages} pages");
}

/// Dollars as the reports write them: `$1,234.50`.
fn dollars(x: f64) -> String {
    let cents = (x * 100.0).round() as u64;
    let whole = (cents / 100).to_string();
    let mut grouped = String::new();
    for (k, c) in whole.chars().enumerate() {
        if k > 0 && (whole.len() - k).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("${grouped}.{:02}", cents % 100)
}

/// Every score and every monthly cost of the JSON is on the page, as the
/// page writes it: the two cannot disagree.
#[test]
fn the_page_shows_the_json_numbers() {
    for profile in [
        PROFILE,
        "examples/banking-platform.yaml",
        "examples/startup-mvp.yaml",
    ] {
        let page = report(&[profile, "--format", "html"]);
        let json: serde_json::Value =
            serde_json::from_str(&report(&[profile, "--format", "json"])).unwrap();
        for r in json["ranking"].as_array().unwrap() {
            let score = format!("{:.2}", r["score"].as_f64().unwrap());
            if r["eligible"].as_bool().unwrap() {
                assert!(
                    page.contains(&format!(">{score}<")),
                    "{profile}: score {score}"
                );
            }
        }
        for s in json["cost"]["strategies"].as_array().unwrap() {
            let monthly = dollars(s["monthly"].as_f64().unwrap());
            assert!(page.contains(&monthly), "{profile}: {monthly}");
        }
    }
    assert_eq!(dollars(1234.5), "$1,234.50");
}

/// A hybrid system whose names are hostile (markup, a right-to-left
/// override, zero-width and XML-forbidden characters) still gives
/// well-formed pages and SVG, each name isolated in `<bdi>`, nothing that
/// reorders text written raw.
#[test]
fn hostile_workload_names_stay_text() {
    let dir = scratch_dir("hostile-hybrid");
    let profile = dir.join("system.yaml");
    std::fs::write(
        &profile,
        "version: 1\nname: \"sys <b>\\u202Egnp.exe\"\nteam: {engineers: 4}\nworkloads:\n  - name: \"api \\u2066x\\u2069\\u200B\\uFFFE</td>\"\n    peak_rps: 50\n  - name: \"jobs & 'co'\"\n    trigger: schedule\n",
    )
    .unwrap();
    let path = profile.to_str().unwrap();
    for format in ["html", "svg"] {
        let doc = report(&[path, "--format", format]);
        assert_well_formed(format, &doc);
        assert_self_contained(format, &doc);
        assert!(
            !doc.chars().any(
                |c| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200b}')
            ),
            "{format} writes a bidi or zero-width character raw"
        );
        assert!(
            doc.contains("\\u{202e}gnp.exe"),
            "{format}: the override is not shown"
        );
        if format == "html" {
            assert!(doc.contains("<bdi>jobs &amp; 'co'</bdi>"), "{doc}");
        }
    }
}

/// The summary card gives the winner's emissions against the runner-up's,
/// as the JSON has them (issue: "carbon, once the cost issue adds it").
#[test]
fn the_summary_card_gives_the_winners_emissions_against_the_runner_ups() {
    for profile in ["examples/startup-mvp.yaml", "examples/factory-on-prem.yaml"] {
        let page = report(&[profile, "--format", "html"]);
        let start = page.find("id=\"summary\"").expect("a summary card");
        let card = &page[start..start + page[start..].find("</section>").unwrap()];
        let json: serde_json::Value =
            serde_json::from_str(&report(&[profile, "--format", "json"])).unwrap();
        let kg = |s: &serde_json::Value| {
            json["cost"]["strategies"]
                .as_array()
                .unwrap()
                .iter()
                .find(|x| x["strategy"] == *s)
                .and_then(|x| x["carbon"]["kg_co2e"].as_f64())
                .unwrap_or_else(|| panic!("{profile}: no carbon for {s}"))
        };
        let ranking = json["ranking"].as_array().unwrap();
        let (first, second) = (&ranking[0]["strategy"], &ranking[1]["strategy"]);
        let text = |kg: f64| {
            let places = if kg >= 10.0 {
                1
            } else if kg >= 0.1 {
                2
            } else {
                3
            };
            format!("{kg:.places$} kgCO2e")
        };
        let row = format!(
            "<dd>{} a month against {} for {}",
            text(kg(first)),
            text(kg(second)),
            second.as_str().unwrap()
        );
        assert!(card.contains("<dt>Emits</dt>"), "{profile}: {card}");
        assert!(card.contains(&row), "{profile}: {row} not in {card}");
    }
}
