//! The administrators' command line (`docs/cli.md`): folders, parallel batches, every output format, and
//! the exit statuses, on the real packages of the corpus and on small packages made here.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use applens::cli::{run, Outcome};
use common::corpus;
use serde_json::Value;

fn cli(args: &[&str]) -> Outcome {
    run(&args.iter().map(|s| s.to_string()).collect::<Vec<_>>())
}

/// A fresh folder under the system's temporary folder, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(test: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("applens-cli-{test}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }
    fn path(&self, rel: &str) -> PathBuf {
        self.0.join(rel)
    }
    fn shown(&self) -> String {
        self.0.display().to_string()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        // Give back permissions taken away by a test, or the folder cannot be removed.
        if let Ok(entries) = fs::read_dir(&self.0) {
            for e in entries.flatten() {
                use std::os::unix::fs::PermissionsExt;
                let _ = fs::set_permissions(e.path(), fs::Permissions::from_mode(0o755));
            }
        }
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// A small valid APK whose package name (its app id) is `package`.
fn small_apk(package: &str) -> Vec<u8> {
    common::zipgen::apk_with_manifest(&common::axml::simple_manifest(package, &["android.permission.CAMERA"]))
}

/// The certificate-expiry clock is the one thing that differs between two runs a second apart.
fn without_clock(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("\"checked_at\":") {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let end = after.find([',', '\n', '}']).unwrap_or(after.len());
        out.push_str("\"checked_at\": \"\"");
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// The packages of the corpus `check` finds in it: every file whose name is a package's, as MANIFEST.tsv
/// lists them, and the corpus's own data files skipped.
fn corpus_package_count(dir: &Path) -> usize {
    common::corpus_packages(dir)
        .iter()
        .filter(|p| p.extension().is_some_and(|e| ["apk", "xapk", "apks", "apkm", "aab", "ipa"].contains(&e.to_str().unwrap())))
        .count()
}

#[test]
fn json_on_the_corpus_is_an_array_in_input_order_with_error_objects_in_place() {
    let Some(dir) = corpus("json_on_the_corpus_is_an_array_in_input_order_with_error_objects_in_place") else { return };
    let out = cli(&["check", dir.to_str().unwrap(), "--json"]);
    assert_eq!(out.code, 1, "a few corpus files are not analysable: {}", out.stderr);
    let docs: Vec<Value> = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(docs.len(), corpus_package_count(&dir), "{}", out.stderr);
    let names: Vec<&str> = docs.iter().map(|d| d["file"]["name"].as_str().unwrap()).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "a folder's files come in name order");
    assert!(names.iter().all(|n| n.starts_with(dir.to_str().unwrap())), "the path as given: {names:?}");
    let errors: Vec<&Value> = docs.iter().filter(|d| d.get("error").is_some()).collect();
    assert!(!errors.is_empty() && errors.len() < 8, "{errors:?}");
    for e in &errors {
        assert!(e["error"]["message"].as_str().is_some_and(|m| !m.is_empty()) && e["error"]["part"].is_string(), "{e}");
        let name = e["file"]["name"].as_str().unwrap();
        assert!(out.stderr.contains(&format!("applens: {name}: cannot be analysed: ")), "{}", out.stderr);
    }
    let blood = docs.iter().find(|d| d["file"]["name"].as_str().unwrap().ends_with("/blooddonation.apk")).unwrap();
    assert_eq!(blood["app"]["id"], "fr.mobdev.blooddonation");
    assert_eq!(blood["file"]["sha256"].as_str().unwrap().len(), 64, "hashed after the analysis when packages run in parallel");
    assert!(out.stderr.contains("applens: skipped ") && out.stderr.contains(" files that are not app packages"), "{}", out.stderr);
}

#[test]
fn the_order_of_the_output_does_not_depend_on_the_number_of_jobs() {
    let Some(dir) = corpus("the_order_of_the_output_does_not_depend_on_the_number_of_jobs") else { return };
    let d = dir.to_str().unwrap();
    let one = cli(&["check", d, "--json", "--jobs", "1"]);
    let four = cli(&["check", d, "--json", "--jobs", "4"]);
    assert_eq!(one.code, four.code);
    assert!(without_clock(&one.stdout) == without_clock(&four.stdout), "--jobs 4 printed something else than --jobs 1");
    assert_eq!(one.stderr, four.stderr);
    // The same reports in every streamed format, in the same order.
    let lines = cli(&["check", d, "--jsonl", "--jobs", "3"]);
    let from_lines: Vec<Value> = lines.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let from_array: Vec<Value> = serde_json::from_str(&one.stdout).unwrap();
    assert_eq!(from_lines.len(), from_array.len());
    for (a, b) in from_lines.iter().zip(&from_array) {
        assert_eq!(a["file"]["name"], b["file"]["name"]);
        assert_eq!(a["file"]["sha256"], b["file"]["sha256"]);
        assert_eq!(a["risk"], b["risk"]);
    }
}

#[test]
fn jsonl_is_one_compact_document_per_line() {
    let Some(dir) = corpus("jsonl_is_one_compact_document_per_line") else { return };
    let out = cli(&["check", dir.join("apk").to_str().unwrap(), dir.join("ipa").to_str().unwrap(), "--jsonl"]);
    assert!(out.stdout.ends_with('\n'));
    let docs: Vec<Value> = out.stdout.lines().map(|l| serde_json::from_str(l).expect("each line is a JSON document")).collect();
    assert!(docs.len() > 40);
    assert!(docs.iter().any(|d| d["platform"] == "ios") && docs.iter().any(|d| d["platform"] == "android"));
    let first_ios = docs.iter().position(|d| d["platform"] == "ios").unwrap();
    assert!(docs[..first_ios].iter().all(|d| d["platform"] != "ios"), "the folders in the order given");
}

/// RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let (mut row, mut field) = (Vec::new(), String::new());
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => assert_eq!(chars.next(), Some('\n'), "records end with CRLF"),
            (false, '\n') => panic!("a bare LF ends a record"),
            (false, c) => field.push(c),
        }
        if !quoted && c == '\r' {
            row.push(std::mem::take(&mut field));
            rows.push(std::mem::take(&mut row));
        }
    }
    assert!(field.is_empty() && row.is_empty(), "the last record ends with CRLF");
    rows
}

#[test]
fn csv_has_a_row_per_package_and_an_error_column() {
    let Some(dir) = corpus("csv_has_a_row_per_package_and_an_error_column") else { return };
    let out = cli(&["check", dir.to_str().unwrap(), "--csv"]);
    let rows = parse_csv(&out.stdout);
    let header = &rows[0];
    assert_eq!(header, &applens::analysis::export::csv::COLUMNS.to_vec());
    assert_eq!(rows.len() - 1, corpus_package_count(&dir));
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    for r in &rows[1..] {
        assert_eq!(r.len(), header.len(), "{r:?}");
        let failed = !r[col("error")].is_empty();
        assert_eq!(failed, r[col("sha256")].is_empty(), "a report has a hash, an error row has none: {r:?}");
    }
    let blood = rows.iter().find(|r| r[0].ends_with("/blooddonation.apk")).unwrap();
    assert_eq!(blood[col("app_id")], "fr.mobdev.blooddonation");
    assert_eq!(blood[col("grade")], "D");
    assert_eq!(blood[col("platform")], "android");
    assert_eq!(blood[col("permissions")], "6");
    assert_eq!(blood[col("sensitive_permissions")], "3", "two location permissions and storage");
    assert!(blood[col("tracker_companies")].contains("Google"), "{blood:?}");
    assert!(blood[col("recipient_countries")].contains("US"), "{blood:?}");
    let tiger = rows.iter().find(|r| r[0].contains("tiger_snes")).unwrap();
    assert!(tiger[col("tracker_companies")].contains("; "), "several companies in one cell: {tiger:?}");
}

#[test]
fn csv_defuses_formulas_a_hostile_package_carries() {
    let tmp = TempDir::new("csv-formula");
    let evil = "=HYPERLINK(\"http://evil.example\",\"open\")";
    fs::write(tmp.path("evil.apk"), small_apk(evil)).unwrap();
    fs::write(tmp.path("minus.apk"), small_apk("-2+3")).unwrap();
    let out = cli(&["check", &tmp.shown(), "--csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let rows = parse_csv(&out.stdout);
    let col = rows[0].iter().position(|h| h == "app_id").unwrap();
    assert_eq!(rows[1][col], format!("'{evil}"), "{}", out.stdout);
    assert_eq!(rows[2][col], "'-2+3");
    assert!(out.stdout.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"open\"\")\""), "quoted and doubled: {}", out.stdout);
}

/// What SARIF 2.1.0 requires of the objects AppLens writes (the OASIS schema's `required` lists and enums),
/// checked by hand: the schema itself is published under the OASIS IPR policy rather than an open-source
/// licence, so it is not copied here.
fn check_sarif_shape(log: &Value) {
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().ends_with("sarif-schema-2.1.0.json"));
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1, "one run");
    let run = &runs[0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "AppLens");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    if !env!("CARGO_PKG_HOMEPAGE").is_empty() {
        assert_eq!(driver["informationUri"], env!("CARGO_PKG_HOMEPAGE"));
    }
    let rules = driver["rules"].as_array().unwrap();
    let levels = ["none", "note", "warning", "error"];
    let mut ids = std::collections::HashSet::new();
    for r in rules {
        let id = r["id"].as_str().expect("a rule has an id");
        assert!(ids.insert(id), "rule {id} listed twice");
        assert!(r["shortDescription"]["text"].as_str().is_some_and(|t| !t.is_empty()), "{r}");
        assert!(levels.contains(&r["defaultConfiguration"]["level"].as_str().unwrap()), "{r}");
        if let Some(uri) = r.get("helpUri") {
            assert!(uri.as_str().unwrap().starts_with("https://"), "{r}");
        }
    }
    let artifacts = run["artifacts"].as_array().unwrap();
    for a in artifacts {
        assert!(a["location"]["uri"].is_string(), "{a}");
    }
    for res in run["results"].as_array().unwrap() {
        let id = res["ruleId"].as_str().unwrap();
        let index = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], id, "ruleIndex points at the result's rule");
        assert!(levels.contains(&res["level"].as_str().unwrap()), "{res}");
        assert!(res["message"]["text"].as_str().is_some_and(|t| !t.is_empty()), "{res}");
        let locations = res["locations"].as_array().unwrap();
        assert!(!locations.is_empty());
        for l in locations {
            let artifact = &l["physicalLocation"]["artifactLocation"];
            let uri = artifact["uri"].as_str().unwrap();
            assert!(!uri.contains(' ') && !uri.contains('#'), "a URI reference: {uri}");
            assert_eq!(artifacts[artifact["index"].as_u64().unwrap() as usize]["location"]["uri"], uri);
            assert!(l["physicalLocation"]["region"]["startLine"].as_u64().unwrap() >= 1);
            for logical in l.get("logicalLocations").and_then(Value::as_array).into_iter().flatten() {
                assert!(logical["fullyQualifiedName"].is_string() && logical["kind"].is_string(), "{logical}");
            }
        }
        for s in res.get("suppressions").and_then(Value::as_array).into_iter().flatten() {
            assert!(["inSource", "external"].contains(&s["kind"].as_str().unwrap()), "{s}");
        }
    }
    for inv in run["invocations"].as_array().unwrap() {
        assert!(inv["executionSuccessful"].is_boolean());
        for n in inv["toolExecutionNotifications"].as_array().unwrap() {
            assert!(n["message"]["text"].is_string() && levels.contains(&n["level"].as_str().unwrap()), "{n}");
        }
    }
}

#[test]
fn sarif_on_the_corpus_has_the_required_shape_and_a_rule_for_every_result() {
    let Some(dir) = corpus("sarif_on_the_corpus_has_the_required_shape_and_a_rule_for_every_result") else { return };
    let policy = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/policies/official-devices.json");
    let out = cli(&["check", dir.to_str().unwrap(), "--sarif", "--policy", policy.to_str().unwrap()]);
    assert_eq!(out.code, 1, "some corpus files cannot be analysed: {}", out.stderr);
    let log: Value = serde_json::from_str(&out.stdout).unwrap();
    check_sarif_shape(&log);
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let rule = |id: &str| rules.iter().find(|r| r["id"] == id).unwrap_or_else(|| panic!("no rule {id}"));
    // The rule tables, with their words and levels.
    assert_eq!(rule("android.manifest.debuggable")["defaultConfiguration"]["level"], "error");
    assert!(rule("android.signing.debug_certificate")["helpUri"].as_str().unwrap().starts_with("https://developer.android.com"));
    assert!(rule("ios.ats.arbitrary_loads")["fullDescription"]["text"].as_str().unwrap().contains("App Transport Security"));
    // The policy's rules.
    assert_eq!(rule("policy.block.tracker_categories")["defaultConfiguration"]["level"], "error");
    assert_eq!(rule("policy.max_grade")["defaultConfiguration"]["level"], "error");
    // Every result's rule comes from a table or the policy: none had to be made up on the spot.
    let described: Vec<&str> = rules.iter().filter(|r| r.get("fullDescription").is_some()).map(|r| r["id"].as_str().unwrap()).collect();
    let results = run["results"].as_array().unwrap();
    for r in results {
        assert!(described.contains(&r["ruleId"].as_str().unwrap()), "{} has no described rule", r["ruleId"]);
    }
    // Don du Sang: AdMob blocked, with the class as evidence.
    let admob = results
        .iter()
        .find(|r| r["ruleId"] == "policy.block.tracker_categories" && r["message"]["text"].as_str().unwrap().contains("Google AdMob"))
        .unwrap();
    assert_eq!(admob["level"], "error");
    assert!(admob["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str().unwrap().ends_with("/apk/blooddonation.apk"));
    assert!(admob["locations"][0]["logicalLocations"][0]["kind"] == "type", "a class: {admob}");
    // Files that could not be analysed: an error result and a notification each.
    let notifications = run["invocations"][0]["toolExecutionNotifications"].as_array().unwrap();
    let not_analysed = results.iter().filter(|r| r["ruleId"] == "applens.not_analysed").count();
    assert!(not_analysed > 0 && not_analysed == notifications.len());
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
}

#[test]
fn sarif_paths_stay_relative_as_given() {
    let tmp = TempDir::new("sarif-relative");
    fs::create_dir_all(tmp.path("some apps")).unwrap();
    fs::write(tmp.path("some apps/a.apk"), small_apk("org.example.a")).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_applens"))
        .current_dir(&tmp.0)
        .args(["check", "some apps", "--sarif"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    check_sarif_shape(&log);
    assert_eq!(log["runs"][0]["artifacts"][0]["location"]["uri"], "some%20apps/a.apk");
}

#[test]
fn an_allow_entry_suppresses_the_policy_results_it_overrides() {
    let Some(dir) = corpus("an_allow_entry_suppresses_the_policy_results_it_overrides") else { return };
    let tmp = TempDir::new("sarif-allow");
    let policy = tmp.path("p.json");
    fs::write(&policy, r#"{"applens_policy": 1, "name": "T", "max_grade": "A", "allow": {"apps": ["fr.mobdev.blooddonation"]}}"#).unwrap();
    let blood = dir.join("apk/blooddonation.apk");
    let out = cli(&["check", blood.to_str().unwrap(), "--sarif", "--policy", policy.to_str().unwrap()]);
    assert_eq!(out.code, 0, "allowed: {}", out.stderr);
    let log: Value = serde_json::from_str(&out.stdout).unwrap();
    check_sarif_shape(&log);
    let grade = log["runs"][0]["results"].as_array().unwrap().iter().find(|r| r["ruleId"] == "policy.max_grade").unwrap();
    assert_eq!(grade["suppressions"][0]["kind"], "external");
    assert!(grade["suppressions"][0]["justification"].as_str().unwrap().contains("an app this policy trusts"), "{grade}");
}

#[test]
fn the_human_summary_names_each_package_by_its_path() {
    let Some(dir) = corpus("the_human_summary_names_each_package_by_its_path") else { return };
    let out = cli(&["check", dir.join("splits").to_str().unwrap(), dir.join("apk/hello-world.apk").to_str().unwrap()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let headers: Vec<&str> = out.stdout.lines().filter(|l| !l.starts_with(' ')).collect();
    assert_eq!(headers.len(), 3, "{headers:?}");
    assert!(headers[0].contains("/splits/appmanager_v2.5.22.apks — Android split-APK set"), "{headers:?}");
    assert!(headers[2].contains("/apk/hello-world.apk — Android app (APK)"), "{headers:?}");
    assert!(out.stdout.contains("  grade "));
    assert!(out.stderr.is_empty(), "{}", out.stderr);
}

#[test]
fn a_folder_keeps_packages_by_their_contents_and_counts_the_rest() {
    let tmp = TempDir::new("folder");
    fs::create_dir_all(tmp.path("nested/deeper")).unwrap();
    fs::write(tmp.path("a.apk"), small_apk("org.example.a")).unwrap();
    // A package under another name is found by its contents.
    fs::write(tmp.path("nested/renamed.bin"), small_apk("org.example.renamed")).unwrap();
    // Not packages: text, an image, a ZIP with no app, an empty file.
    fs::write(tmp.path("notes.txt"), "hello").unwrap();
    fs::write(tmp.path("nested/deeper/icon.png"), b"\x89PNG\r\n\x1a\n0000").unwrap();
    let mut zip = common::zipgen::ZipBuilder::new();
    zip.add_stored("readme.txt", b"just a zip");
    fs::write(tmp.path("nested/archive.zip"), zip.finish()).unwrap();
    fs::write(tmp.path("empty"), b"").unwrap();
    // Named like a package but damaged: reported, not skipped.
    let mut cut = small_apk("org.example.cut");
    cut.truncate(cut.len() / 2);
    fs::write(tmp.path("nested/deeper/cut.apk"), cut).unwrap();

    let out = cli(&["check", &tmp.shown(), "--json"]);
    assert_eq!(out.code, 1, "the damaged package: {}", out.stderr);
    let docs: Vec<Value> = serde_json::from_str(&out.stdout).unwrap();
    let names: Vec<String> = docs.iter().map(|d| d["file"]["name"].as_str().unwrap().replace(&tmp.shown(), "")).collect();
    assert_eq!(names, ["/a.apk", "/nested/deeper/cut.apk", "/nested/renamed.bin"], "{}", out.stderr);
    assert_eq!(docs[2]["app"]["id"], "org.example.renamed");
    assert!(docs[1]["error"]["message"].is_string());
    assert!(out.stderr.contains("applens: skipped 4 files that are not app packages\n"), "{}", out.stderr);

    // A folder is an array even when it holds one package; a file named alone is the object itself.
    let one = TempDir::new("folder-one");
    fs::write(one.path("only.apk"), small_apk("org.example.only")).unwrap();
    assert!(cli(&["check", &one.shown(), "--json"]).stdout.starts_with("[\n  {"));
    assert!(cli(&["check", one.path("only.apk").to_str().unwrap(), "--json"]).stdout.starts_with("{\n"));
    let empty = TempDir::new("folder-empty");
    let out = cli(&["check", &empty.shown(), "--json"]);
    assert_eq!((out.code, out.stdout.as_str()), (0, "[]\n"));

    // A file named explicitly that is not a package is an error row, as before.
    let out = cli(&["check", tmp.path("notes.txt").to_str().unwrap(), "--csv"]);
    assert_eq!(out.code, 1);
    assert!(out.stdout.lines().nth(1).unwrap().ends_with("\"file: this is not a ZIP archive, not an app package: AppLens reads Android APK, XAPK, APKS, APKM and AAB files and iOS IPA files\""), "{}", out.stdout);
}

#[test]
fn symbolic_links_are_not_followed_so_a_loop_cannot_trap_the_search() {
    let tmp = TempDir::new("links");
    fs::create_dir_all(tmp.path("apps")).unwrap();
    fs::write(tmp.path("apps/a.apk"), small_apk("org.example.a")).unwrap();
    std::os::unix::fs::symlink(tmp.path("apps"), tmp.path("apps/loop")).unwrap();
    std::os::unix::fs::symlink(tmp.path("."), tmp.path("apps/up")).unwrap();
    std::os::unix::fs::symlink(tmp.path("apps/a.apk"), tmp.path("apps/link.apk")).unwrap();
    let out = cli(&["check", tmp.path("apps").to_str().unwrap(), "--jsonl"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout.lines().count(), 1, "only the file itself: {}", out.stdout);
    assert!(out.stderr.contains("applens: skipped 3 symbolic links (not followed)"), "{}", out.stderr);
    // A link named on the command line is the user's choice: followed.
    let out = cli(&["check", tmp.path("apps/link.apk").to_str().unwrap(), tmp.path("apps/loop").to_str().unwrap(), "--jsonl"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout.lines().count(), 2, "{}", out.stdout);
}

#[test]
fn a_deep_tree_is_searched_to_a_bound() {
    let tmp = TempDir::new("deep");
    let mut dir = tmp.0.clone();
    for i in 0..34 {
        dir = dir.join(format!("d{i}"));
    }
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("deep.apk"), small_apk("org.example.deep")).unwrap();
    fs::write(tmp.path("d0/shallow.apk"), small_apk("org.example.shallow")).unwrap();
    let out = cli(&["check", &tmp.shown(), "--jsonl"]);
    assert_eq!(out.stdout.lines().count(), 1, "{}", out.stdout);
    assert!(out.stderr.contains("is more than 32 folders deep"), "{}", out.stderr);
}

#[test]
fn unreadable_files_and_folders_become_error_rows() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = TempDir::new("unreadable");
    fs::write(tmp.path("a.apk"), small_apk("org.example.a")).unwrap();
    fs::write(tmp.path("locked.apk"), small_apk("org.example.locked")).unwrap();
    fs::write(tmp.path("locked.bin"), b"whatever").unwrap();
    fs::write(tmp.path("z.apk"), small_apk("org.example.z")).unwrap();
    fs::create_dir(tmp.path("locked-dir")).unwrap();
    fs::write(tmp.path("locked-dir/hidden.apk"), small_apk("org.example.hidden")).unwrap();
    for f in ["locked.apk", "locked.bin", "locked-dir"] {
        fs::set_permissions(tmp.path(f), fs::Permissions::from_mode(0o000)).unwrap();
    }
    let args = ["check", &tmp.shown(), "--csv", "--jobs", "2"];
    let (code, stdout) = if fs::read(tmp.path("locked.apk")).is_err() {
        let out = cli(&args);
        (out.code, out.stdout)
    } else if Path::new("/usr/bin/setpriv").exists() {
        // Root reads a file of mode 000: run the binary as nobody instead, where the mode holds.
        let out = std::process::Command::new("/usr/bin/setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", env!("CARGO_BIN_EXE_applens")])
            .args(args)
            .output()
            .unwrap();
        (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap())
    } else {
        eprintln!("SKIPPED unreadable_files_and_folders_become_error_rows: this user (root) reads files of mode 000 and setpriv is absent");
        return;
    };
    assert_eq!(code, 1, "{stdout}");
    let rows = parse_csv(&stdout);
    let files: Vec<&str> = rows[1..].iter().map(|r| r[0].rsplit('/').next().unwrap()).collect();
    assert_eq!(files, ["a.apk", "locked-dir", "locked.apk", "locked.bin", "z.apk"], "whoever cannot tell what a file is must say so");
    assert!(rows[2].last().unwrap().starts_with("folder: the folder cannot be read: Permission denied"), "{:?}", rows[2]);
    assert!(rows[3].last().unwrap().contains("ermission denied"), "{:?}", rows[3]);
    assert!(rows[5].last().unwrap().is_empty(), "{:?}", rows[5]);
}

#[test]
fn a_broken_package_in_the_middle_of_a_batch_stops_nothing() {
    let tmp = TempDir::new("broken");
    for (name, bytes) in [("1.apk", small_apk("org.example.one")), ("2.apk", b"PK\x03\x04 not really".to_vec()), ("3.apk", small_apk("org.example.three"))] {
        fs::write(tmp.path(name), bytes).unwrap();
    }
    let files: Vec<String> = ["1.apk", "2.apk", "3.apk"].iter().map(|f| tmp.path(f).display().to_string()).collect();
    let args = |format: &str| ["check", &files[0], &files[1], &files[2], format, "--jobs", "3"].map(str::to_string).to_vec();

    let out = run(&args("--json"));
    assert_eq!(out.code, 1);
    let docs: Vec<Value> = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(docs[0]["app"]["id"], "org.example.one");
    assert_eq!(docs[1]["file"]["name"], files[1].as_str());
    assert!(docs[1]["error"]["part"].is_string() && docs[1]["error"].get("offset").is_some(), "{}", docs[1]);
    assert_eq!(docs[2]["app"]["id"], "org.example.three");

    let out = run(&args("--jsonl"));
    let lines: Vec<Value> = out.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[1]["error"]["message"].is_string());

    let out = run(&args("--csv"));
    let rows = parse_csv(&out.stdout);
    assert_eq!(rows.len(), 4);
    assert!(!rows[2].last().unwrap().is_empty() && rows[3].last().unwrap().is_empty());

    let out = run(&args("--sarif"));
    let log: Value = serde_json::from_str(&out.stdout).unwrap();
    check_sarif_shape(&log);
    assert_eq!(log["runs"][0]["invocations"][0]["toolExecutionNotifications"].as_array().unwrap().len(), 1);

    let out = run(&args("--no-progress"));
    assert_eq!(out.code, 1);
    assert_eq!(out.stdout.lines().filter(|l| !l.starts_with(' ')).count(), 2, "two summaries: {}", out.stdout);
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
}

#[test]
fn usage_errors_are_clap_s_with_status_2_and_help_and_version_answer() {
    let out = cli(&["check", "x.apk", "--frobnicate"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("unexpected argument '--frobnicate'"), "{}", out.stderr);
    let out = cli(&["check", "x.apk", "--jobs", "zero"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("invalid value 'zero' for '--jobs <N>'"), "{}", out.stderr);
    assert_eq!(cli(&["check", "x.apk", "--jobs", "0"]).code, 2);
    assert_eq!(cli(&["check", "x.apk", "--json", "--sarif"]).code, 2, "one format at a time");
    assert_eq!(cli(&["check"]).code, 2, "a path is required");
    assert_eq!(cli(&[]).code, 2);
    assert_eq!(cli(&["inspect", "x.apk"]).code, 2);

    let out = cli(&["--help"]);
    assert_eq!(out.code, 0);
    assert!(out.stdout.contains("Examples:") && out.stdout.contains("Exit status: 0"), "{}", out.stdout);
    let out = cli(&["check", "--help"]);
    assert!(out.stdout.contains("--jsonl") && out.stdout.contains("--sarif") && out.stdout.contains("symbolic links"), "{}", out.stdout);
    let out = cli(&["--version"]);
    assert_eq!((out.code, out.stdout.as_str()), (0, concat!("applens ", env!("CARGO_PKG_VERSION"), "\n")));
}

#[test]
fn completions_for_each_shell() {
    for shell in ["bash", "zsh", "fish"] {
        let out = cli(&["completions", shell]);
        assert_eq!(out.code, 0, "{shell}");
        assert!(out.stdout.contains("applens") && out.stdout.contains("jsonl"), "{shell}: {}", out.stdout);
    }
    assert_eq!(cli(&["completions", "cmd.exe"]).code, 2);
}

#[test]
fn policy_check_says_valid_and_lists_the_rules_or_refuses_with_2() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/policies/company-balanced.json");
    let out = cli(&["policy", "check", example.to_str().unwrap()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.starts_with(&format!("{}: valid\n  \u{201c}Company phones (balanced)\u{201d}", example.display())), "{}", out.stdout);
    assert!(out.stdout.contains("max_grade") && out.stdout.contains("apps AppLens grades worse than D"), "{}", out.stdout);
    assert!(out.stdout.contains("block.permissions") && out.stdout.contains("android.permission.READ_SMS"), "{}", out.stdout);
    assert!(out.stdout.contains("warn.min_target_sdk"), "{}", out.stdout);

    let tmp = TempDir::new("policy-check");
    fs::write(tmp.path("bad.json"), r#"{"applens_policy": 1, "name": "T", "block": {"permisions": []}}"#).unwrap();
    let out = cli(&["policy", "check", tmp.path("bad.json").to_str().unwrap()]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("bad.json: this policy cannot be used: `block.permisions` is not a key AppLens knows here"), "{}", out.stderr);
    assert!(out.stdout.is_empty());
    assert_eq!(cli(&["policy", "check", tmp.path("absent.json").to_str().unwrap()]).code, 2);
}

#[test]
fn the_binary_draws_no_progress_bar_when_stderr_is_not_a_terminal() {
    let tmp = TempDir::new("no-terminal");
    for i in 0..3 {
        fs::write(tmp.path(&format!("{i}.apk")), small_apk(&format!("org.example.n{i}"))).unwrap();
    }
    fs::write(tmp.path("notes.txt"), "x").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_applens")).args(["check", &tmp.shown(), "--jsonl"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stderr), "applens: skipped 1 file that is not an app package\n");
    assert_eq!(out.stdout.iter().filter(|&&b| b == b'\n').count(), 3);
}

/// `--lang de|fr`: the SARIF log keeps every id, level, location and rule (only texts change), still has
/// SARIF's required shape, and its rule descriptions and messages are in the language.
#[test]
fn sarif_in_german_and_french_differs_from_english_only_in_texts() {
    let Some(sample) = common::sample_apk() else { return };
    let tmp = TempDir::new("sarif-lang");
    let not_an_app = tmp.path("notes.apk");
    fs::write(&not_an_app, b"not a zip").unwrap();
    let policy = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/policies/official-devices.json");
    let mut files = vec![sample.to_string_lossy().into_owned(), not_an_app.to_string_lossy().into_owned()];
    if let Some(dir) = corpus("sarif in German and French") {
        files.push(dir.join("apk/blooddonation.apk").to_string_lossy().into_owned());
    }
    let log = |lang: &str| {
        let mut args = vec!["check", "--lang", lang, "--sarif", "--policy", policy.to_str().unwrap()];
        args.extend(files.iter().map(String::as_str));
        let out = cli(&args);
        assert_eq!(out.code, 1, "{lang}: {}", out.stderr);
        let log: Value = serde_json::from_str(&out.stdout).unwrap();
        check_sarif_shape(&log);
        log
    };
    let shape = |log: &Value| {
        let run = &log["runs"][0];
        let rules: Vec<(String, String)> = run["tool"]["driver"]["rules"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["id"].to_string(), r["defaultConfiguration"]["level"].to_string()))
            .collect();
        let results: Vec<String> =
            run["results"].as_array().unwrap().iter().map(|r| format!("{} {} {} {}", r["ruleId"], r["ruleIndex"], r["level"], r["locations"])).collect();
        (rules, results)
    };
    let en = log("en");
    let rule_text = |log: &Value, id: &str| {
        let rules = log["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap().clone();
        rules.into_iter().find(|r| r["id"] == id).map(|r| r["fullDescription"]["text"].as_str().unwrap_or_default().to_string()).unwrap()
    };
    for (lang, word) in [("de", "Richtlinie"), ("fr", "Politique")] {
        let t = log(lang);
        assert_eq!(shape(&t), shape(&en), "{lang}: more than texts differ");
        for id in ["android.manifest.cleartext_traffic", "android.signing.debug_certificate", "applens.not_analysed"] {
            assert_ne!(rule_text(&t, id), rule_text(&en, id), "{lang}: rule {id} still in English");
        }
        let results = t["runs"][0]["results"].as_array().unwrap();
        let policy_results: Vec<&str> =
            results.iter().filter(|r| r["ruleId"].as_str().unwrap().starts_with("policy.")).map(|r| r["message"]["text"].as_str().unwrap()).collect();
        assert!(!policy_results.is_empty() && policy_results.iter().all(|m| m.starts_with(word)), "{lang}: {policy_results:?}");
        assert!(!results.iter().any(|r| r["message"]["text"].as_str().unwrap().contains(" is blocked")), "{lang}: English reasons left");
    }
}

/// `applens check --lang de|fr` prints no English sentence of its own: none of these phrases, which the English
/// summary of the same package has, is left (the package's own strings, ids and Android's protection levels
/// stay as they are).
#[test]
fn the_human_summary_in_german_and_french_has_no_english_left() {
    let Some(sample) = common::sample_apk() else { return };
    let policy = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/policies/official-devices.json");
    let mut files = vec![sample.to_string_lossy().into_owned()];
    if let Some(dir) = corpus("human summary in German and French") {
        for f in ["apk/blooddonation.apk", "apk/tiger_snes_2.4.4_adsdks.apk"] {
            files.push(dir.join(f).to_string_lossy().into_owned());
        }
    }
    const ENGLISH: &[&str] = &[
        "permissions:", " requested", "finding [", "signing:", "signed by", "valid until", "tracker code present",
        "internet hosts", "over unencrypted", "not examined", "Data may go", "recognise", "grade ", "confidence", "lowered by",
        "is blocked", "Blocked by", "to read before", "asks for the permission", "needs no permission", "code present, but",
        "min SDK", "target SDK", " classes (partly", "hidden code:", "built with", "protected with", "warning:", "policy:",
        "Very high risk", "High risk", "Moderate risk", "Low risk", " because ", "Can read", "Can see", " the app ", " your ",
    ];
    for file in &files {
        let mut english_args = vec!["check", "--policy", policy.to_str().unwrap(), file.as_str()];
        let en = cli(&english_args).stdout;
        let present: Vec<&&str> = ENGLISH.iter().filter(|p| en.contains(**p)).collect();
        assert!(present.len() > 10, "the English summary should have these phrases: {present:?}\n{en}");
        for lang in ["de", "fr"] {
            english_args.splice(1..1, ["--lang", lang]);
            let out = cli(&english_args);
            english_args.drain(1..3);
            let left: Vec<&&str> = ENGLISH.iter().filter(|p| out.stdout.contains(**p)).collect();
            assert!(left.is_empty(), "{lang} {file}: English left: {left:?}\n{}", out.stdout);
        }
    }
}

/// The built binary, with its locale variables set as given (and the others cleared).
fn binary(args: &[&str], lang_env: Option<&str>) -> (String, String, Option<i32>) {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_applens"));
    cmd.args(args).env_remove("LC_ALL").env_remove("LC_MESSAGES").env_remove("LANG");
    if let Some(l) = lang_env {
        cmd.env("LANG", l);
    }
    let out = cmd.output().unwrap();
    (String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned(), out.status.code())
}

/// `applens policy check --lang de|fr` (and `LANG`) writes its own words, the rules' phrases, the words that
/// join their values and the countries' names in the language; only ids, values and the policy's own texts
/// stay as written.
#[test]
fn policy_check_in_german_and_french_has_no_english_left() {
    let tmp = TempDir::new("policy-check-lang");
    let file = tmp.path("every-rule.json");
    let many: Vec<String> = (0..10).map(|i| format!("\"com.example.app{i}\"")).collect();
    let every = r#"{"permissions": ["android.permission.READ_SMS", "android.permission.CAMERA"], "special_access": ["accessibility_service", "vpn", "overlay"],
        "trackers": ["Google AdMob", "Facebook Ads"], "tracker_companies": ["Google", "Meta"], "tracker_categories": ["Advertisement", "Analytics"],
        "max_trackers": 2, "recipient_countries": ["US", "CN", "GB", "IN"], "recipients_without_adequacy": true, "hidden_code": true,
        "findings": ["android.manifest.debuggable", "android.signing.*"], "finding_severity": "medium", "min_target_sdk": 30,
        "max_grade": "C", "untrusted_distribution": ["development", "enterprise"]}"#;
    let signer = "ab".repeat(32);
    fs::write(
        &file,
        format!(
            r#"{{"applens_policy": 1, "name": "P", "description": "D", "contact": "K", "block": {every}, "warn": {every},
                "allow": {{"apps": [{}, {{"id": "com.example.vpn", "signer": "{signer}"}}], "signers": ["{signer}", "{signer}"]}}}}"#,
            many.join(", ")
        ),
    )
    .unwrap();
    let path = file.to_str().unwrap();
    let (en, _, code) = binary(&["policy", "check", path], None);
    assert_eq!(code, Some(0), "{en}");
    const ENGLISH: &[&str] = &[
        ": valid\n", "contact:", " rules:", " block,", " warn,", " allow\n", "apps that", "apps with", "the apps", " or ", " and ", " more", "signed with", "United States",
        "United Kingdom", "India", "an accessibility service", "a VPN", "advertising", "analytics", " severity or", "API level", "\u{201c}P\u{201d}",
    ];
    let present: Vec<&&str> = ENGLISH.iter().filter(|p| en.contains(**p)).collect();
    assert_eq!(present.len(), ENGLISH.len(), "the English output should have every phrase:\n{en}");
    for (lang, env, words) in [
        ("de", "de_DE.UTF-8", &["gültig", "Kontakt: K", "Regeln", "oder", "weitere", "USA (US)", "Vereinigtes Königreich (GB)", "Indien (IN)"]),
        ("fr", "fr_FR.UTF-8", &["valide", "contact : K", "règles", " ou ", "autres", "États-Unis (US)", "Royaume-Uni (GB)", "Inde (IN)"]),
    ] {
        let (by_flag, _, code) = binary(&["--lang", lang, "policy", "check", path], None);
        assert_eq!(code, Some(0));
        let (by_locale, _, _) = binary(&["policy", "check", path], Some(env));
        assert_eq!(by_flag, by_locale, "{lang}: LANG={env} is the same as --lang {lang}");
        let left: Vec<&&str> = ENGLISH.iter().filter(|p| by_flag.contains(**p)).collect();
        assert!(left.is_empty(), "{lang}: English left: {left:?}\n{by_flag}");
        let missing: Vec<&&str> = words.iter().filter(|w| !by_flag.contains(**w)).collect();
        assert!(missing.is_empty(), "{lang}: missing {missing:?}\n{by_flag}");
        // Ids and values stay as written.
        for id in ["block.recipient_countries", "warn.max_grade", "allow.apps", "android.permission.READ_SMS", "com.example.app0"] {
            assert!(by_flag.contains(id), "{lang}: {id} missing\n{by_flag}");
        }
        let (english_again, _, _) = binary(&["--lang", "en", "policy", "check", path], Some(env));
        assert_eq!(english_again, en, "--lang en wins over LANG={env}");
    }
}

/// A policy AppLens cannot use is refused in the reader's language too (the key it names stays as written).
#[test]
fn a_refused_policy_is_explained_in_german_and_french() {
    let tmp = TempDir::new("policy-refused-lang");
    let cases = [
        (r#"{"applens_policy": 1, "name": "T", "block": {"permisions": []}}"#, "`block.permisions`"),
        (r#"{"applens_policy": 1, "name": "T", "block": {"recipient_countries": ["USA"]}}"#, "USA"),
        (r#"{"applens_policy": 1, "name": "T", "block": {"max_trackers": -1}}"#, "max_trackers"),
        ("not json", "JSON"),
    ];
    for (i, (text, kept)) in cases.iter().enumerate() {
        let file = tmp.path(&format!("bad{i}.json"));
        fs::write(&file, text).unwrap();
        let path = file.to_str().unwrap();
        let (_, en, code) = binary(&["policy", "check", path], None);
        assert_eq!(code, Some(2));
        assert!(en.contains("this policy cannot be used"), "{en}");
        for lang in ["de", "fr"] {
            let (out, err, code) = binary(&["--lang", lang, "policy", "check", path], None);
            assert_eq!(code, Some(2));
            assert!(out.is_empty());
            assert!(err.contains(path) && err.contains(kept), "{lang}: {err}");
            for english in ["this policy cannot be used", " must be ", " is not ", "found ", " the keys are"] {
                assert!(!err.contains(english), "{lang}: English left ({english:?}): {err}");
            }
        }
    }
}

/// Countries named alone in the human summary (a tracker's line, the list of who may get the data) are in
/// the language: "USA (Google)", "États-Unis (Google)", not "United States".
#[test]
fn country_names_in_the_human_summary_are_translated() {
    let Some(dir) = corpus("country names in German and French") else { return };
    let file = dir.join("apk/tiger_snes_2.4.4_adsdks.apk");
    let path = file.to_str().unwrap();
    let (en, _, code) = binary(&["check", path], None);
    assert_eq!(code, Some(0));
    assert!(en.contains("United States (") && en.contains("India (") && en.contains(", United States\n"), "{en}");
    for (lang, words) in [("de", ["USA (", "Indien (", ", USA\n"]), ("fr", ["États-Unis (", "Inde (", ", États-Unis\n"])] {
        let (out, _, code) = binary(&["--lang", lang, "check", path], None);
        assert_eq!(code, Some(0));
        for english in ["United States", "India", "an unknown country"] {
            assert!(!out.contains(english), "{lang}: {english} left\n{out}");
        }
        for w in words {
            assert!(out.contains(w), "{lang}: {w:?} missing\n{out}");
        }
    }
}

/// `applens compare --lang de|fr` leaves no English: the sentences, the axes' grades, the lists inside them
/// ("und 3 weitere") and the countries of recipients ("Alibaba en Chine").
#[test]
fn compare_in_german_and_french_has_no_english_left() {
    let Some(dir) = corpus("compare in German and French") else { return };
    let (a, b) = (dir.join("apk/hello-world.apk"), dir.join("apk/tiger_snes_2.4.4_adsdks.apk"));
    let args = ["compare", a.to_str().unwrap(), b.to_str().unwrap()];
    let (en, _, code) = binary(&args, None);
    assert_eq!(code, Some(0));
    const ENGLISH: &[&str] = &[" against ", "grade ", " more", "; and ", "asks for", " adds ", "may send data", " in China", "is riskier"];
    let present: Vec<&&str> = ENGLISH.iter().filter(|p| en.contains(**p)).collect();
    assert_eq!(present.len(), ENGLISH.len(), "the English comparison should have every phrase:\n{en}");
    for (lang, words) in [("de", ["und 8 weitere", "Alibaba in China", "Note D für"]), ("fr", ["et 8 autres", "Alibaba en Chine", "note D pour"])] {
        let mut with_lang = vec!["--lang", lang];
        with_lang.extend(args);
        let (out, _, code) = binary(&with_lang, None);
        assert_eq!(code, Some(0));
        let left: Vec<&&str> = ENGLISH.iter().filter(|p| **p != " in China" && out.contains(**p)).collect();
        assert!(left.is_empty(), "{lang}: English left: {left:?}\n{out}");
        for w in words {
            assert!(out.contains(w), "{lang}: {w:?} missing\n{out}");
        }
        // --json: the comparison's texts (sentences and recipients' items) in the language too.
        with_lang.push("--json");
        let (json, _, _) = binary(&with_lang, None);
        let v: Value = serde_json::from_str(&json).unwrap();
        let added: Vec<&str> = v["recipients"]["added"].as_array().unwrap().iter().map(|i| i["text"].as_str().unwrap()).collect();
        assert!(!added.is_empty() && added.iter().all(|t| !t.contains(" in the ")), "{lang}: {added:?}");
    }
}

/// What `check` says on stderr about a folder's other files is in the language too.
#[test]
fn skipped_files_are_counted_in_german_and_french() {
    let tmp = TempDir::new("skipped-lang");
    fs::write(tmp.path("a.apk"), small_apk("org.example.a")).unwrap();
    fs::write(tmp.path("notes.txt"), "x").unwrap();
    fs::write(tmp.path("more.txt"), "y").unwrap();
    let shown = tmp.shown();
    for (lang, expected) in [
        ("en", "applens: skipped 2 files that are not app packages\n"),
        ("de", "applens: übersprungen: 2 Dateien, die keine App-Pakete sind\n"),
        ("fr", "applens: ignorés : 2 fichiers qui ne sont pas des paquets d'app\n"),
    ] {
        let (_, err, code) = binary(&["--lang", lang, "check", &shown, "--jsonl"], None);
        assert_eq!(code, Some(0), "{err}");
        assert_eq!(err, expected, "{lang}");
    }
}

/// The commands whose help the help tests read.
const HELP_COMMANDS: &[&[&str]] = &[&[], &["check"], &["compare"], &["policy"], &["policy", "check"], &["completions"]];

/// The sentences of an English help: each line's parts between runs of two or more spaces that read as
/// words (three or more, and not an example's command, an option, a value name or a usage line's tail).
fn help_sentences(help: &str) -> Vec<String> {
    help.lines()
        .flat_map(|l| l.split("  "))
        .map(str::trim)
        .filter(|part| part.split_whitespace().count() >= 3)
        .filter(|part| !["applens", "-", "<", "["].iter().any(|p| part.starts_with(p)))
        .map(str::to_string)
        .collect()
}

/// The option column and the examples' commands of a help, in order: the same grammar in every language.
fn help_grammar(help: &str) -> Vec<String> {
    help.lines()
        .filter(|l| l.starts_with("  ") && matches!(l.trim_start().chars().next(), Some('-' | '<')) || l.starts_with("  applens "))
        .map(|l| l.trim_start().split("  ").next().unwrap_or("").to_string())
        .collect()
}

/// `applens [COMMAND] --help` in German and French (by `--lang`, `--lang=` or the locale): no English sentence,
/// heading or clap text left, the same options, value names and example commands in the same order, and the
/// examples' descriptions no wider than the English lines; English (by default, by `--lang en`, under a
/// German locale with `--lang en`) stays one and the same text, clap's own.
#[test]
fn the_help_is_in_german_and_french() {
    let args = |pre: &[&str], command: &[&str], post: &[&str]| -> Vec<String> {
        pre.iter().chain(command).chain(post).map(|s| s.to_string()).collect()
    };
    let run = |a: Vec<String>, env: Option<&str>| {
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        let (out, err, code) = binary(&a, env);
        assert_eq!(code, Some(0), "{a:?}: {err}");
        out
    };
    let width = |help: &str| help.lines().filter(|l| l.starts_with("  applens ") || l.starts_with(&" ".repeat(42))).map(|l| l.chars().count()).max();
    for command in HELP_COMMANDS {
        let en = run(args(&["--lang", "en"], command, &["--help"]), None);
        assert!(en.contains("Usage: applens"), "{command:?}: {en}");
        assert_eq!(run(args(&[], command, &["--help"]), None), en, "{command:?}: the default is English");
        assert_eq!(run(args(&[], command, &["-h", "--lang=en"]), Some("de_DE.UTF-8")), en, "{command:?}: --lang en wins over LANG");
        let sentences = help_sentences(&en);
        assert!(sentences.len() >= 3, "{command:?}: {sentences:?}");
        for (lang, env) in [("de", "de_DE.UTF-8"), ("fr", "fr_FR.UTF-8")] {
            let help = run(args(&["--lang", lang], command, &["--help"]), None);
            assert_eq!(run(args(&[], command, &["-h"]), Some(env)), help, "{lang} {command:?}: LANG={env} is --lang {lang}");
            assert_eq!(run(args(&[], command, &[&format!("--lang={lang}"), "--help"]), None), help, "{lang} {command:?}: --lang=");
            let left: Vec<&String> = sentences.iter().filter(|s| help.contains(s.as_str())).collect();
            assert!(left.is_empty(), "{lang} {command:?}: English left: {left:?}\n{help}");
            for english in ["Usage:", "Commands:", "Arguments:", "Options:", "Examples:", "Print help", "Print version", "possible values"] {
                assert!(!help.contains(english), "{lang} {command:?}: {english:?} left\n{help}");
            }
            assert_eq!(help_grammar(&help), help_grammar(&en), "{lang} {command:?}: not the same grammar\n{help}");
            assert!(width(&help) <= width(&en).max(Some(88)), "{lang} {command:?}: an example wider than the English ones\n{help}");
        }
    }
    // `help check`, `help help` and the help shown for a missing command (on stderr, exit status 2) are
    // translated too.
    let (by_help, _, _) = binary(&["--lang", "de", "help", "check"], None);
    assert_eq!(by_help, run(args(&["--lang", "de"], &["check"], &["--help"]), None));
    let (en, _, _) = binary(&["help", "help"], None);
    let (de, _, _) = binary(&["--lang", "de", "help", "help"], None);
    assert!(en.contains("[COMMAND]...  Print help for the subcommand(s)"), "{en}");
    assert!(de.contains("[COMMAND]...  Hilfe zu den angegebenen Unterbefehlen ausgeben") && !de.contains("Print"), "{de}");
    assert_eq!(de.lines().count(), en.lines().count(), "the same help of `help`:\n{de}");
    let (_, missing, code) = binary(&[], Some("fr_FR.UTF-8"));
    assert_eq!(code, Some(2));
    assert!(missing.contains("Utilisation : applens") && missing.contains("Commandes :"), "{missing}");
}

/// clap's usage errors are in the language too (what they quote stays as written), and in English as clap
/// writes them.
#[test]
fn usage_errors_are_in_german_and_french() {
    let cases: [&[&str]; 7] = [
        &["check", "--jsn", "x.apk"],
        &["chek"],
        &["check", "--jobs", "0", "x.apk"],
        &["check", "--jobs", "", "x.apk"],
        &["check", "--jobs", "two", "x.apk"],
        &["check", "--json", "--csv", "x.apk"],
        &["compare", "a.apk"],
    ];
    for case in cases {
        let (_, en, code) = binary(case, None);
        assert_eq!(code, Some(2), "{case:?}: {en}");
        assert!(en.starts_with("error: ") && en.contains("For more information, try '--help'."), "{case:?}: {en}");
        for (lang, env, word) in [("de", "de_DE.UTF-8", "Fehler: "), ("fr", "fr_FR.UTF-8", "erreur : ")] {
            let (_, err, code) = binary(case, Some(env));
            assert_eq!(code, Some(2), "{lang} {case:?}: {err}");
            assert!(err.starts_with(word), "{lang} {case:?}: {err}");
            for english in ["error:", "tip:", "Usage:", "For more information", "is not in", "cannot", "required arguments", "invalid value", "invalid digit", "integer"] {
                assert!(!err.contains(english), "{lang} {case:?}: {english:?} left\n{err}");
            }
            // What the error quotes stays as written.
            for quoted in case.iter().filter(|a| a.starts_with("--") || *a == &"chek") {
                assert!(err.contains(quoted), "{lang} {case:?}: {quoted} missing\n{err}");
            }
        }
    }
    let (_, err, _) = binary(&["--lang", "de", "check", "--jsn", "x.apk"], None);
    assert!(err.contains("„--json“"), "the tip names the option: {err}");
}
