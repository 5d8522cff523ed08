//! Organisation policies on real packages: the example policies of `examples/policies/` are valid and give
//! the verdicts `docs/policy.md` promises on corpus apps, and the command line's exit statuses (3 when a
//! package is blocked, 2 for a policy it cannot use, 1 before 3 when a package could not be analysed).

mod common;

use std::path::{Path, PathBuf};

use applens::analysis::policy::{evaluate, parse_policy};
use applens::analysis::report::PolicyVerdict;
use common::{analyze_path, corpus};

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/policies").join(name)
}

fn run(args: &[&str]) -> applens::cli::Outcome {
    applens::cli::run(&args.iter().map(|s| s.to_string()).collect::<Vec<_>>())
}

#[test]
fn the_example_policies_are_valid() {
    for name in ["official-devices.json", "company-balanced.json", "permissive.json"] {
        let text = std::fs::read_to_string(example(name)).unwrap();
        let p = parse_policy(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(p.contact.is_some() && p.description.is_some(), "{name}: say whom to ask and who it is for");
    }
}

#[test]
fn example_policies_on_corpus_apps() {
    let Some(dir) = corpus("example_policies_on_corpus_apps") else { return };
    let policy = |name: &str| parse_policy(&std::fs::read_to_string(example(name)).unwrap()).unwrap();
    let (strict, balanced, permissive) = (policy("official-devices.json"), policy("company-balanced.json"), policy("permissive.json"));

    // Don du Sang: AdMob (advertising) and grade D.
    let blood = analyze_path(&dir.join("apk/blooddonation.apk")).unwrap();
    let v = evaluate(&strict, &blood);
    assert_eq!(v.verdict, PolicyVerdict::Blocked);
    assert!(v.reasons.iter().any(|r| r.rule == "block.tracker_categories" && r.message.contains("Google AdMob")), "{v:#?}");
    assert!(v.reasons.iter().any(|r| r.rule == "max_grade"), "{v:#?}");
    // Grade D is within the balanced policy's limit, but worse than the C it warns above, and AdMob is advertising.
    let v = evaluate(&balanced, &blood);
    assert_eq!(v.verdict, PolicyVerdict::Warn, "{v:#?}");
    assert!(v.reasons.iter().any(|r| r.rule == "warn.max_grade" || r.rule == "max_grade"), "{v:#?}");
    assert_eq!(evaluate(&permissive, &blood).verdict, PolicyVerdict::Allowed);

    // A packed app: hidden code is blocked by all three.
    let packed = analyze_path(&dir.join("apk/bangcle_secexe_com.fdhgkjhrtjkjbx.model.apk")).unwrap();
    for p in [&strict, &balanced, &permissive] {
        let v = evaluate(p, &packed);
        assert_eq!(v.verdict, PolicyVerdict::Blocked, "{}: {v:#?}", p.name);
        assert!(v.reasons.iter().any(|r| r.rule == "block.hidden_code"), "{}: {v:#?}", p.name);
    }

    // Hello World asks for nothing and contains no tracker: allowed everywhere, or only warned about its
    // old target level.
    let hello = analyze_path(&dir.join("apk/hello-world.apk")).unwrap();
    assert_eq!(evaluate(&permissive, &hello).verdict, PolicyVerdict::Allowed);
    assert_ne!(evaluate(&strict, &hello).verdict, PolicyVerdict::Blocked, "{:#?}", evaluate(&strict, &hello));
}

#[test]
fn the_command_line_applies_a_policy_and_exits_3_when_blocked() {
    let Some(dir) = corpus("the_command_line_applies_a_policy_and_exits_3_when_blocked") else { return };
    let blood = dir.join("apk/blooddonation.apk").display().to_string();
    let hello = dir.join("apk/hello-world.apk").display().to_string();
    let strict = example("official-devices.json").display().to_string();
    let permissive = example("permissive.json").display().to_string();

    let out = run(&["check", &blood, "--policy", &strict]);
    assert_eq!(out.code, 3, "{}", out.stderr);
    assert!(out.stdout.contains("policy: BLOCKED — Blocked by \u{201c}Official devices (strict)\u{201d}"), "{}", out.stdout);
    assert!(out.stdout.contains("[block] It contains Google AdMob, from Google, a tracker for advertising"), "{}", out.stdout);

    let out = run(&["check", &hello, &blood, "--policy", &strict, "--json"]);
    assert_eq!(out.code, 3);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json[1]["policy"]["verdict"], "blocked");
    assert_eq!(json[1]["policy"]["name"], "Official devices (strict)");
    let reasons = json[1]["policy"]["reasons"].as_array().unwrap();
    let admob = reasons.iter().find(|r| r["rule"] == "block.tracker_categories").unwrap();
    assert!(admob["evidence"][0]["text"].as_str().is_some_and(|t| t.contains("google")), "the class that shows it: {admob}");

    let out = run(&["check", &hello, "--policy", &permissive]);
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(out.stdout.contains("policy: ALLOWED"), "{}", out.stdout);

    // A package that could not be analysed wins over a block: 1, so nobody reads "blocked" as "all checked".
    let missing = dir.join("apk/no-such-file.apk").display().to_string();
    assert_eq!(run(&["check", &blood, &missing, "--policy", &strict]).code, 1);

    // Without --policy, no verdict and no exit status 3.
    let out = run(&["check", &blood, "--json"]);
    assert_eq!(out.code, 0);
    assert!(serde_json::from_str::<serde_json::Value>(&out.stdout).unwrap()["policy"].is_null());
}

#[test]
fn a_policy_the_command_line_cannot_use_stops_it_before_any_analysis() {
    let tmp = std::env::temp_dir().join(format!("applens-policy-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let bad = tmp.join("bad.json");
    std::fs::write(&bad, r#"{"applens_policy": 1, "name": "T", "block": {"permisions": []}}"#).unwrap();
    let out = run(&["check", "whatever.apk", "--policy", &bad.display().to_string()]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("bad.json: this policy cannot be used: `block.permisions` is not a key AppLens knows here"), "{}", out.stderr);
    assert!(out.stdout.is_empty(), "nothing is analysed without the policy asked for");

    let out = run(&["check", "whatever.apk", "--policy", &tmp.join("absent.json").display().to_string()]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("absent.json: the policy file cannot be read"), "{}", out.stderr);
    assert_eq!(run(&["check", "x.apk", "--policy"]).code, 2);
    let _ = std::fs::remove_dir_all(&tmp);
}
