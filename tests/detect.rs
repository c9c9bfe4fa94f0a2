//! `advise detect`, `advise init` and `advise check --detect` (issue 21).
//!
//! `tests/fixtures/repos/` holds trimmed copies of public repositories'
//! deployment files (each directory's NOTICE names the repository and its
//! licence, and says where a file was modelled rather than copied), each
//! with `expected-detection`: what `advise detect` must find there, written
//! from the tool's output and checked by hand against the files. The other
//! tests build small repositories in scratch directories.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::common::{advise, code, root, scratch_dir, stderr, stdout};

const FIXTURES: &str = "tests/fixtures/repos";

fn fixtures() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root().join(FIXTURES))
        .expect("the fixtures directory")
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn run(args: &[&str]) -> std::process::Output {
    let out = advise(args);
    assert!(
        !stderr(&out).contains("panicked"),
        "advise {args:?}:\n{}",
        stderr(&out)
    );
    out
}

fn detect_json(dir: &Path) -> Value {
    let out = run(&["detect", dir.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).expect("detect --format json is JSON")
}

/// What `expected-detection` records of a detection.
fn summary(j: &Value) -> Value {
    let deployments: Vec<Value> = j["deployments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            json!({
                "strategy": d["strategy"], "platform": d["platform"], "kind": d["kind"],
                "name": d["name"], "path": d["path"], "line": d["line"], "facts": d["facts"],
            })
        })
        .collect();
    let mesh: Vec<String> = j["mesh"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            format!(
                "{} at {}:{}",
                e["what"].as_str().unwrap(),
                e["path"].as_str().unwrap(),
                e["line"]
            )
        })
        .collect();
    let skipped: Vec<&Value> = j["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| &s["path"])
        .collect();
    json!({
        "strategies": j["strategies"], "cloud": j["cloud"], "services": j["services"],
        "deployments": deployments, "mesh": mesh, "skipped": skipped,
    })
}

#[test]
fn every_fixture_repository_is_detected_as_its_expected_file_records() {
    let dirs = fixtures();
    assert!(
        dirs.len() >= 20,
        "at least 20 public repositories: {}",
        dirs.len()
    );
    let mut failures = Vec::new();
    for dir in &dirs {
        assert!(
            dir.join("NOTICE").is_file(),
            "{}: a NOTICE naming the repository and licence",
            dir.display()
        );
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join("expected-detection")).expect("expected-detection"),
        )
        .expect("expected-detection is JSON");
        let got = summary(&detect_json(dir));
        if got != expected {
            failures.push(format!(
                "{}:\nexpected {expected:#}\n     got {got:#}",
                dir.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_fixtures_cover_every_family_of_deployment() {
    let mut platforms = std::collections::BTreeSet::new();
    let mut strategies = std::collections::BTreeSet::new();
    let mut clouds = std::collections::BTreeSet::new();
    let mut mesh = Vec::new();
    for dir in fixtures() {
        let j = detect_json(&dir);
        for d in j["deployments"].as_array().unwrap() {
            platforms.insert(d["platform"].as_str().unwrap().to_owned());
            strategies.insert(d["strategy"].as_str().unwrap().to_owned());
        }
        if let Some(c) = j["cloud"].as_str() {
            clouds.insert(c.to_owned());
        }
        mesh.extend(
            j["mesh"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["what"].as_str().unwrap().to_owned()),
        );
    }
    for p in [
        "kubernetes",
        "ecs",
        "cloud-run",
        "knative",
        "container-apps",
        "compose",
        "lambda",
        "azure-functions",
        "cloud-functions",
        "vm",
        "packer",
        "ansible",
        "systemd",
        "kamal",
    ] {
        assert!(platforms.contains(p), "no fixture shows {p}: {platforms:?}");
    }
    assert_eq!(strategies.len(), 4, "{strategies:?}");
    assert_eq!(clouds.len(), 3, "{clouds:?}");
    for m in [
        "istio: ambient mode",
        "istio: VirtualService",
        "linkerd: proxy injection",
    ] {
        assert!(
            mesh.iter().any(|x| x == m),
            "no fixture shows {m}: {mesh:?}"
        );
    }
}

/// Every line of a draft that sets a value says where it came from.
fn uncommented_values_name_their_source(draft: &str) -> Result<(), String> {
    for line in draft.lines() {
        let t = line.trim_start();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let bare = t.trim_start_matches("- ");
        let header =
            bare.ends_with(':') || bare.starts_with("version:") || bare.starts_with("name:");
        if !header && !line.contains("# ") {
            return Err(format!("a value without its source: {line}"));
        }
    }
    Ok(())
}

#[test]
fn every_fixture_drafts_a_profile_that_advise_runs_as_written() {
    let scratch = scratch_dir("init-drafts");
    for dir in fixtures() {
        let out = run(&["init", dir.to_str().unwrap()]);
        assert_eq!(code(&out), 0, "{}: {}", dir.display(), stderr(&out));
        let draft = stdout(&out);
        uncommented_values_name_their_source(&draft)
            .unwrap_or_else(|e| panic!("{}: {e}\n{draft}", dir.display()));
        assert!(
            draft.contains("# from "),
            "{}: no detected value\n{draft}",
            dir.display()
        );
        let file = scratch.join(format!(
            "{}.yaml",
            dir.file_name().unwrap().to_string_lossy()
        ));
        std::fs::write(&file, &draft).unwrap();
        let assessed = run(&[file.to_str().unwrap()]);
        assert_eq!(
            code(&assessed),
            0,
            "{}:\n{}\n{draft}",
            dir.display(),
            stderr(&assessed)
        );
        // The gate judges it too: a verdict (0 or 1), never bad input.
        let checked = run(&["check", file.to_str().unwrap()]);
        assert!(
            code(&checked) < 2,
            "{}:\n{}{}",
            dir.display(),
            stdout(&checked),
            stderr(&checked)
        );
    }
}

#[test]
fn a_draft_names_each_value_with_its_file_and_line_and_prompts_for_the_rest() {
    let out = run(&["init", &format!("{FIXTURES}/sam-sqs-lambda")]);
    let draft = stdout(&out);
    for expected in [
        "current: serverless  # from template.yaml:11",
        "  cloud: aws  # from template.yaml:11",
        "  memory_mb: 128  # from template.yaml:18",
        "  max_duration_s: 3  # from template.yaml:17",
        "  trigger: queue  # from template.yaml:20",
        "  # traffic: steady  # steady | diurnal | spiky | sporadic",
        "# team:",
    ] {
        assert!(draft.contains(expected), "{expected}\n{draft}");
    }
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

const DEPLOYMENT: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cart\nspec:\n  template:\n    spec:\n      containers:\n      - name: cart\n        resources:\n          limits:\n            memory: 512Mi\n";

const SERVERLESS: &str = "service: jobs\nprovider:\n  name: aws\n  region: eu-west-1\nfunctions:\n  nightly:\n    handler: h.run\n    timeout: 600\n    events:\n      - schedule: rate(1 day)\n";

#[test]
fn several_kinds_in_one_repository_become_workloads_and_the_draft_runs() {
    let dir = scratch_dir("init-hybrid");
    write(&dir.join("k8s/cart.yaml"), DEPLOYMENT);
    write(&dir.join("jobs/serverless.yml"), SERVERLESS);
    let out = run(&["init", dir.to_str().unwrap(), "--write"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let draft = std::fs::read_to_string(dir.join("advise.yaml")).unwrap();
    for expected in [
        "workloads:\n  - name: containers\n    current: container  # from k8s/cart.yaml:2",
        "    memory_mb: 512  # from k8s/cart.yaml:12",
        "  - name: functions\n    current: serverless  # from jobs/serverless.yml:6",
        "    trigger: schedule  # from jobs/serverless.yml:10",
        "    max_duration_s: 600  # from jobs/serverless.yml:8",
    ] {
        assert!(draft.contains(expected), "{expected}\n{draft}");
    }
    let assessed = run(&[dir.join("advise.yaml").to_str().unwrap()]);
    assert_eq!(code(&assessed), 0, "{}", stderr(&assessed));
    // As written, the draft is what the repository deploys: nothing stale.
    let checked = run(&[
        "check",
        "--detect",
        dir.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert!(
        !stdout(&checked).contains("\"stale\""),
        "{}",
        stdout(&checked)
    );
}

#[test]
fn init_never_overwrites_a_profile() {
    let dir = scratch_dir("init-exists");
    write(&dir.join("deploy.yaml"), DEPLOYMENT);
    write(&dir.join("advise.yaml"), "name: mine\n");
    let out = run(&["init", dir.to_str().unwrap(), "--write"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("already exists: advise init never overwrites a profile"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("advise.yaml")).unwrap(),
        "name: mine\n"
    );
    // Printing is always allowed.
    assert_eq!(code(&run(&["init", dir.to_str().unwrap()])), 0);
}

/// A repository that deploys containers, with a profile that says serverless at line 2.
fn stale_repo(name: &str) -> PathBuf {
    let dir = scratch_dir(name);
    write(&dir.join("deploy/cart.yaml"), DEPLOYMENT);
    write(
        &dir.join("advise.yaml"),
        "name: shop\ncurrent: serverless\n",
    );
    dir
}

#[test]
fn a_stale_current_is_reported_at_its_line_in_every_check_format_and_fails() {
    let dir = stale_repo("stale-formats");
    let d = dir.to_str().unwrap();
    // Every format shows paths relative to where the gate runs.
    let shown = dir.strip_prefix(root()).unwrap().to_str().unwrap();
    let expect_in = |format: &str, needles: &[&str]| {
        let out = run(&["check", "--detect", d, "--format", format]);
        assert_eq!(code(&out), 1, "{format}: {}{}", stdout(&out), stderr(&out));
        for n in needles {
            assert!(stdout(&out).contains(n), "{format}: {n}\n{}", stdout(&out));
        }
    };
    let profile = format!("{shown}/advise.yaml");
    let manifest = format!("{shown}/deploy/cart.yaml");
    expect_in(
        "text",
        &[
            &format!("{profile}:2:1: stale: current is stale"),
            &format!("{manifest}:2"),
        ],
    );
    expect_in(
        "github",
        &[&format!(
            "::error file={profile},line=2,col=1,title=advise%3A current is stale (container deployed)"
        )],
    );
    expect_in(
        "junit",
        &[
            "<testcase name=\"shop (current is stale)\"",
            "type=\"stale\"",
        ],
    );
    expect_in("markdown", &["| stale |", "current is stale"]);
    expect_in("html", &["stale", "current is stale"]);
    let out = run(&["check", "--detect", d, "--format", "json"]);
    let findings: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let stale = findings
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["verdict"] == "stale")
        .expect("a stale finding");
    assert_eq!(
        (stale["line"].as_u64(), stale["column"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(stale["detected"]["strategy"], "container");
    assert_eq!(stale["detected"]["path"], manifest.as_str());
    assert_eq!(stale["detected"]["line"], 2);
    let out = run(&["check", "--detect", d, "--format", "sarif"]);
    let sarif: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let invalid: Vec<String> = crate::check_formats::sarif_validator()
        .iter_errors(&sarif)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(invalid.is_empty(), "{invalid:?}");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let r = results
        .iter()
        .find(|r| r["ruleId"] == "stale-current")
        .expect("a stale-current result");
    assert_eq!(
        r["locations"][0]["physicalLocation"]["region"]["startLine"],
        2
    );
    assert_eq!(
        r["relatedLocations"][0]["physicalLocation"]["region"]["startLine"],
        2
    );
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert!(rules.iter().any(|x| x["id"] == "stale-current"));
    // It fails under either --fail-on, and nothing is stale without --detect.
    assert_eq!(
        code(&run(&["check", "--detect", d, "--fail-on", "drift"])),
        1
    );
    let plain = run(&["check", d]);
    assert!(
        !stdout(&plain).contains("current is stale"),
        "{}",
        stdout(&plain)
    );
}

#[test]
fn the_repository_config_can_turn_detection_on() {
    let dir = stale_repo("stale-config");
    write(&dir.join(".advise/config.yaml"), "detect: true\n");
    let out = run(&["check", dir.to_str().unwrap()]);
    assert_eq!(code(&out), 1, "{}", stdout(&out));
    assert!(
        stdout(&out).contains("stale: current is stale"),
        "{}",
        stdout(&out)
    );
    let ignored = run(&["check", "--no-config", dir.to_str().unwrap()]);
    assert!(
        !stdout(&ignored).contains("current is stale"),
        "{}",
        stdout(&ignored)
    );
}

#[test]
fn where_detection_finds_nothing_it_says_so_and_judges_as_written() {
    let dir = scratch_dir("stale-nothing");
    write(&dir.join("advise.yaml"), "current: serverless\n");
    let with = run(&["check", "--detect", dir.to_str().unwrap()]);
    let without = run(&["check", dir.to_str().unwrap()]);
    assert_eq!(stdout(&with), stdout(&without));
    assert_eq!(code(&with), code(&without));
    assert!(
        stderr(&with).contains("--detect found no deployment files"),
        "{}",
        stderr(&with)
    );
}

#[test]
fn detection_is_bounded_in_file_size_and_count() {
    let dir = scratch_dir("detect-caps");
    let mut big = String::from(DEPLOYMENT);
    big.push_str(&"# padding\n".repeat(120_000));
    write(&dir.join("big.yaml"), &big);
    let j = detect_json(&dir);
    assert_eq!(j["deployments"].as_array().unwrap().len(), 0);
    let reason = j["skipped"][0]["reason"].as_str().unwrap();
    assert!(reason.contains("larger than 1024 KiB"), "{reason}");

    let many = scratch_dir("detect-count");
    for i in 0..10_001 {
        std::fs::write(many.join(format!("f{i:05}.txt")), "").unwrap();
    }
    let out = run(&["detect", many.to_str().unwrap()]);
    assert_eq!(code(&out), 0);
    assert!(
        stdout(&out).contains("capped: stopped after 10000 files"),
        "{}",
        stdout(&out)
    );
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_out_of_the_tree_is_not_followed() {
    let outside = scratch_dir("detect-outside");
    write(&outside.join("secret.yaml"), DEPLOYMENT);
    let dir = scratch_dir("detect-symlink");
    std::os::unix::fs::symlink(outside.join("secret.yaml"), dir.join("linked.yaml")).unwrap();
    std::os::unix::fs::symlink(&outside, dir.join("linked-dir")).unwrap();
    let j = detect_json(&dir);
    assert_eq!(j["deployments"].as_array().unwrap().len(), 0, "{j:#}");
    assert_eq!(j["skipped"][0]["path"], "linked.yaml");
    assert_eq!(j["skipped"][0]["reason"], "a symbolic link: not followed");
}

#[test]
fn a_template_that_does_not_parse_is_skipped_with_the_reason_and_the_rest_is_read() {
    let dir = scratch_dir("detect-template");
    write(
        &dir.join("chart/templates/broken.yaml"),
        "{{- define \"x\" }}\napiVersion: apps/v1\nkind: Deployment\nmetadata: [oops\n{{- end }}\n",
    );
    write(
        &dir.join("chart/templates/good.yaml"),
        &format!("{DEPLOYMENT}        {{{{- toYaml .Values.extra | nindent 8 }}}}\n"),
    );
    write(&dir.join("broken.json"), "{\"Resources\": ");
    let j = detect_json(&dir);
    let skipped: Vec<&str> = j["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        skipped,
        ["broken.json", "chart/templates/broken.yaml"],
        "{j:#}"
    );
    assert!(
        j["skipped"][1]["reason"]
            .as_str()
            .unwrap()
            .contains("template"),
        "{j:#}"
    );
    let d = &j["deployments"][0];
    assert_eq!(
        (d["name"].as_str(), d["templated"].as_bool()),
        (Some("cart"), Some(true))
    );
    // The draft says what it skipped, and still runs.
    let out = run(&["init", dir.to_str().unwrap()]);
    assert!(
        stdout(&out).contains("# skipped chart/templates/broken.yaml"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn a_directory_that_cannot_be_read_is_bad_input() {
    let out = run(&["detect", "no/such/dir"]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("cannot read the directory"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn detect_and_init_give_byte_identical_output_run_after_run() {
    for dir in fixtures() {
        let d = dir.to_str().unwrap();
        for args in [
            vec!["detect", d, "--format", "json"],
            vec!["detect", d],
            vec!["init", d],
        ] {
            let (a, b) = (run(&args), run(&args));
            assert_eq!(a.stdout, b.stdout, "advise {args:?}");
        }
    }
}

#[test]
fn hostile_deployment_files_are_skipped_with_a_reason_never_a_crash() {
    let dir = scratch_dir("detect-hostile");
    let deep_hcl = format!(
        "resource \"aws_lambda_function\" \"f\" {{\n{}{}}}\n",
        "a {\n".repeat(5_000),
        "}\n".repeat(5_000)
    );
    write(&dir.join("deep.tf"), &deep_hcl);
    let deep_json = format!(
        "{{\"Resources\": {}{}}}",
        "[".repeat(50_000),
        "]".repeat(50_000)
    );
    write(&dir.join("deep.json"), &deep_json);
    let mut bomb =
        String::from("apiVersion: v1\nkind: List\na: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 0..12 {
        let prev = if i == 0 {
            "a".to_string()
        } else {
            format!("l{}", i - 1)
        };
        bomb.push_str(&format!(
            "l{i}: &l{i} [{}]\n",
            vec![format!("*{prev}"); 10].join(", ")
        ));
    }
    write(&dir.join("bomb.yaml"), &bomb);
    let j = detect_json(&dir);
    let skipped: Vec<&str> = j["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["path"].as_str().unwrap())
        .collect();
    assert_eq!(skipped, ["bomb.yaml", "deep.json", "deep.tf"], "{j:#}");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

    /// Any text, read as any kind of deployment file: read or skipped,
    /// never a panic; and the draft from it is valid input (the fuzz
    /// target `detect` runs the same on libFuzzer's inputs).
    #[test]
    fn any_file_is_read_or_skipped_and_its_draft_validates(
        text in "(apiVersion: apps/v1\nkind: Deployment\n|Resources:\n  F:\n    Type: AWS::Lambda::Function\n|functions:\n  f:\n    timeout: |resource \"aws_instance\" \"x\" \\{|memory: |[ -~\n{}\\[\\]:#&*!|>-]){0,12}",
        name in proptest::sample::select(vec![
            "k8s/app.yaml", "serverless.yml", "compose.yaml", "template.json", "host.json",
            "fn/function.json", "main.tf", "image.pkr.hcl", "app.bicep", "app.service", "hosts",
        ]),
    ) {
        let catalog = advise::domain::catalog::Catalog::builtin();
        let found = advise::domain::detect::detect_file(name, &text);
        let _ = advise::report::detect::text(&found);
        let _ = advise::report::detect::json(&found);
        let draft = advise::report::detect::draft(&found, "prop", ".");
        let loaded = advise::domain::profile::load("draft", &draft, &catalog.strategy_ids(), &[]);
        proptest::prop_assert!(loaded.is_ok(), "{}: {:?}\n{}", name, loaded.err(), draft);
    }
}
