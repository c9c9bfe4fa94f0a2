//! Organisation rule packs (spec/packs.md): `--extend`, overrides and
//! disables reported in every output, `.advise/config.yaml`, and
//! `advise verify` with its exit codes.

use std::path::Path;

use crate::common::{advise, code, scratch_dir, stderr, stdout};

const ACME: &str = "examples/packs/acme";
const PAYMENTS: &str = "examples/packs/acme/profiles/payments-api.yaml";

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn json(args: &[&str]) -> serde_json::Value {
    let out = advise(args);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).expect("JSON")
}

#[test]
fn the_built_in_catalog_passes_its_own_verify_tests() {
    let out = advise(&["verify", "rules/tests"]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
    let text = stdout(&out);
    assert!(text.contains(" 0 failed"), "{text}");
    assert!(!text.contains("FAILED"), "{text}");
}

#[test]
fn the_example_pack_passes_its_tests_and_its_rules_take_effect() {
    let out = advise(&["verify", ACME]);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));

    // Without the pack, PCI scope does not rule VMs out; with it, it does.
    let plain = json(&[PAYMENTS, "--format", "json"]);
    let packed = json(&[PAYMENTS, "--format", "json", "--extend", ACME]);
    let eligible = |v: &serde_json::Value, s: &str| {
        v["ranking"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["strategy"] == s)
            .unwrap()["eligible"]
            .as_bool()
            .unwrap()
    };
    assert!(eligible(&plain, "multi-instance"));
    assert!(!eligible(&packed, "multi-instance"));
    assert!(plain.get("packs").is_none(), "no pack, no `packs` key");
    let pack = &packed["packs"][0];
    assert_eq!(pack["dir"], ACME);
    assert_eq!(pack["added"].as_array().unwrap().len(), 9);
    assert_eq!(pack["overridden"][0]["rule"], "urgent-time-to-market");
    assert_eq!(
        pack["disabled"][0]["rule"],
        "container-relaxed-time-to-market"
    );
    assert!(
        pack["disabled"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("golden-path")
    );
}

#[test]
fn every_output_names_the_pack_and_what_it_overrode_and_disabled() {
    let mentions = |text: &str, what: &str| {
        for needle in [
            "examples/packs/acme",
            "urgent-time-to-market",
            "container-relaxed-time-to-market",
        ] {
            assert!(text.contains(needle), "{what} lacks {needle}:\n{text}");
        }
    };
    for format in ["table", "markdown", "json", "yaml"] {
        let out = advise(&[PAYMENTS, "--extend", ACME, "--format", format]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        mentions(&stdout(&out), format);
    }
    for format in ["table", "markdown", "json", "jsonl"] {
        let out = advise(&["compare", PAYMENTS, "--extend", ACME, "--format", format]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        mentions(&stdout(&out), &format!("compare {format}"));
    }
    for format in [
        "text", "json", "jsonl", "sarif", "junit", "github", "markdown",
    ] {
        let out = advise(&["check", PAYMENTS, "--extend", ACME, "--format", format]);
        assert_eq!(code(&out), 0, "{}", stderr(&out));
        mentions(&stdout(&out), &format!("check {format}"));
    }
}

#[test]
fn a_pack_that_breaks_the_catalog_is_refused_with_the_place() {
    let cases: &[(&str, &str)] = &[
        (
            "rules:\n  - id: urgent-time-to-market\n    title: t\n    when: { eq: { field: constraints.budget, value: tight } }\n    effects: { serverless: { cost: 1 } }\n    message: m\n    why: w\n    source: s\n",
            "rules.yaml:2:9: rule id `urgent-time-to-market` is used twice",
        ),
        (
            "rules:\n  - id: org-new\n    override: true\n    title: t\n    when: { eq: { field: constraints.budget, value: tight } }\n    effects: { serverless: { cost: 1 } }\n    message: m\n    why: w\n    source: s\n",
            "rules.yaml:2:9: rule `org-new` overrides no rule of the catalog",
        ),
        (
            "disable:\n  - rule: urgent-time-to-markt\n    reason: not here\n",
            "did you mean `urgent-time-to-market`?",
        ),
        (
            "disable:\n  - rule: urgent-time-to-market\n    reason: \"\"\n",
            "disabling `urgent-time-to-market` needs a reason",
        ),
        (
            "strategies:\n  - id: paas\n    name: P\n    summary: s\n    ratings: {}\n    source: s\n",
            "a pack adds rules, not strategies",
        ),
        (
            // The same fact moving the same strategy as a built-in rule.
            "rules:\n  - id: org-deep\n    title: t\n    when: { eq: { field: requirements.observability, value: deep } }\n    effects: { service-mesh: { points: 2 } }\n    message: m\n    why: w\n    source: s\n",
            "one fact would count twice",
        ),
    ];
    for (i, (yaml, expected)) in cases.iter().enumerate() {
        let dir = scratch_dir(&format!("bad-pack-{i}"));
        write(&dir, "rules.yaml", yaml);
        let out = advise(&[
            "examples/startup-mvp.yaml",
            "--extend",
            dir.to_str().unwrap(),
        ]);
        assert_eq!(code(&out), 2, "case {i}");
        assert!(
            stderr(&out).contains(expected),
            "case {i}: expected {expected:?} in:\n{}",
            stderr(&out)
        );
        assert!(stdout(&out).is_empty());
    }
}

#[test]
fn the_repository_config_names_the_packs_and_no_config_ignores_it() {
    let repo = scratch_dir("config-repo");
    write(
        &repo,
        ".advise/config.yaml",
        "# the repository's packs\nextend: [policy]\n",
    );
    write(
        &repo,
        "policy/no-vms.yaml",
        "rules:\n  - id: org-no-vms\n    title: No VMs\n    when: { ne: { field: system.hosting, value: on-premises } }\n    fact: system.hosting\n    block: [multi-instance]\n    message: \"Acme retired its VM fleet\"\n    why: w\n    source: \"Acme platform strategy PS-1\"\n",
    );
    let profile = repo.join("services/api/advise.yaml");
    write(
        &repo,
        "services/api/advise.yaml",
        "name: api\ncurrent: multi-instance\nsystem: { hosting: public-cloud }\n",
    );
    let p = profile.to_str().unwrap();
    let with = advise(&["check", p, "--format", "json"]);
    let findings: serde_json::Value = serde_json::from_str(&stdout(&with)).unwrap();
    assert_eq!(findings[0]["verdict"], "mismatch", "{}", stdout(&with));
    assert!(
        findings[0]["packs"][0]["dir"]
            .as_str()
            .unwrap()
            .ends_with("policy")
    );
    assert_eq!(code(&with), 1);

    let without = advise(&["check", p, "--format", "json", "--no-config"]);
    let findings: serde_json::Value = serde_json::from_str(&stdout(&without)).unwrap();
    assert_ne!(findings[0]["verdict"], "mismatch");
    assert!(findings[0].get("packs").is_none());

    // A config that names a missing directory is bad input, at its place.
    write(&repo, ".advise/config.yaml", "extend: [policy, nowhere]\n");
    let broken = advise(&["check", p]);
    assert_eq!(code(&broken), 2);
    assert!(
        stderr(&broken).contains("config.yaml:1:18: pack `nowhere` is not a directory"),
        "{}",
        stderr(&broken)
    );
}

#[test]
fn verify_reports_what_was_expected_and_what_happened() {
    let dir = scratch_dir("verify-failing");
    write(
        &dir,
        "org.test.yaml",
        "tests:\n  - name: tiny sporadic API\n    profile:\n      team: { engineers: 2 }\n      workload: { traffic: sporadic, average_rps: 0.05 }\n    expect:\n      recommendation: service-mesh\n      blocked: [container]\n      fired: [urgent-time-to-market]\n      not_fired: [monthly-cost]\n  - name: passes\n    profile: {}\n    set: [\"workload.gpu=true\", \"system.cloud=aws\"]\n    expect:\n      blocked: [serverless]\n",
    );
    let out = advise(&["verify", dir.to_str().unwrap()]);
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let text = stdout(&out);
    for needle in [
        "org.test.yaml:2:11: FAILED: tiny sporadic API",
        "recommendation: expected service-mesh, got serverless",
        "blocked: expected container to be ruled out; it is eligible",
        "fired: expected urgent-time-to-market to fire; it did not",
        "not_fired: expected monthly-cost not to fire; it fired",
        "org.test.yaml:11:11: ok: passes",
        "2 tests: 1 passed, 1 failed",
    ] {
        assert!(text.contains(needle), "{needle:?} not in:\n{text}");
    }
    let junit = advise(&["verify", dir.to_str().unwrap(), "--format", "junit"]);
    assert_eq!(code(&junit), 1);
    let xml = stdout(&junit);
    assert!(
        xml.contains("tests=\"2\"") && xml.contains("failures=\"1\""),
        "{xml}"
    );
    // Each failure on a line of its own: real line breaks, not `\n`.
    let report = quick_junit::Report::deserialize_from_str(&xml).expect("JUnit parses");
    let failed = &report.test_suites[0].test_cases[0];
    let quick_junit::TestCaseStatus::NonSuccess { description, .. } = &failed.status else {
        panic!("the first test failed: {xml}");
    };
    let description = description.as_ref().expect("a description").as_str();
    assert!(!description.contains("\\n"), "{description}");
    assert_eq!(description.lines().count(), 4, "{description}");
    assert!(
        description
            .lines()
            .any(|l| l.starts_with("fired: expected urgent-time-to-market")),
        "{description}"
    );
}

#[test]
fn a_test_that_cannot_run_is_bad_input_with_its_place() {
    let cases: &[(&str, &str)] = &[
        (
            "tests:\n  - name: x\n    profile: {}\n    expects: {}\n",
            "org.test.yaml:4:5: unknown field `expects`",
        ),
        (
            "tests:\n  - name: x\n    profile: missing.yaml\n    expect: { recommendation: container }\n",
            "org.test.yaml:3:14: profile",
        ),
        (
            "tests:\n  - name: x\n    profile: {}\n    expect: { fired: [urgent-time-to-markt] }\n",
            "did you mean `urgent-time-to-market`?",
        ),
        (
            "tests:\n  - name: x\n    profile: {}\n    expect: { recommendation: faas }\n",
            "org.test.yaml:4:31: unknown strategy `faas`",
        ),
        (
            "tests:\n  - name: x\n    profile: { team: { engineers: -1 } }\n    expect: { recommendation: container }\n",
            "org.test.yaml:3:14: inline profile:",
        ),
        (
            "tests:\n  - name: x\n    profile: {}\n    expect: {}\n",
            "the test expects nothing",
        ),
    ];
    for (i, (yaml, expected)) in cases.iter().enumerate() {
        let dir = scratch_dir(&format!("verify-bad-{i}"));
        write(&dir, "org.test.yaml", yaml);
        let out = advise(&["verify", dir.to_str().unwrap()]);
        assert_eq!(code(&out), 2, "case {i}: {}", stdout(&out));
        assert!(
            stderr(&out).contains(expected),
            "case {i}: expected {expected:?} in:\n{}",
            stderr(&out)
        );
    }
    // A directory with no tests never passes.
    let empty = scratch_dir("verify-empty");
    let out = advise(&["verify", empty.to_str().unwrap()]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("no tests found"), "{}", stderr(&out));
}

/// A mistyped key in a rules file, a pack test or the config gets the
/// did-you-mean a profile's keys get, at the key's own line.
#[test]
fn a_mistyped_key_of_any_file_kind_suggests_the_right_one() {
    use crate::common::{advise, code, scratch_dir, stderr};
    let dir = scratch_dir("did-you-mean-every-file");
    let pack = dir.join("pack");
    std::fs::create_dir_all(&pack).unwrap();
    std::fs::write(
        pack.join("r.yaml"),
        "rules:\n  - id: org-x\n    tittle: a\n",
    )
    .unwrap();
    let out = advise(&["rules", "--extend", pack.to_str().unwrap()]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("r.yaml:3:5: unknown field `tittle`"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("= help: did you mean `title`?"),
        "{}",
        stderr(&out)
    );

    let tests = dir.join("tests");
    std::fs::create_dir_all(&tests).unwrap();
    std::fs::copy(
        crate::common::root().join("tests/data/packs/lint-clean/payments.yaml"),
        tests.join("payments.yaml"),
    )
    .unwrap();
    std::fs::write(
        tests.join("a.test.yaml"),
        "tests:\n  - name: t\n    profle: x.yaml\n    expect: {}\n",
    )
    .unwrap();
    let out = advise(&["verify", tests.to_str().unwrap()]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("a.test.yaml:3:5: unknown field `profle`"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("did you mean `profile`?"),
        "{}",
        stderr(&out)
    );

    let repo = dir.join("repo");
    std::fs::create_dir_all(repo.join(".advise")).unwrap();
    std::fs::write(repo.join(".advise/config.yaml"), "# config\nextnd: [x]\n").unwrap();
    std::fs::write(repo.join("p.yaml"), "name: p\n").unwrap();
    let out = advise(&[repo.join("p.yaml").to_str().unwrap()]);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("config.yaml:2:1: unknown field `extnd`"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("did you mean `extend`?"),
        "{}",
        stderr(&out)
    );
}
