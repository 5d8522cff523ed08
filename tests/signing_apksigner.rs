//! AppLens's reading of signatures must agree with apksigner, Android's own tool, on every corpus APK and
//! every signing fixture: the schemes present, and for each scheme the signers' certificate SHA-256
//! fingerprint, subject, key algorithm and key size, and the v3 key-rotation lineage.
//! The expected values are in tests/reference/apksigner_signing.tsv (script/reference-apksigner), so this
//! test needs no Java.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use applens::analysis::report::Report;

const TABLE: &str = include_str!("reference/apksigner_signing.tsv");

fn rows() -> Vec<BTreeMap<&'static str, &'static str>> {
    let mut lines = TABLE.lines().filter(|l| !l.starts_with('#'));
    let header: Vec<&str> = lines.next().expect("header").split('\t').collect();
    lines.map(|l| header.iter().copied().zip(l.split('\t')).collect()).collect()
}

fn path_of(file: &str, corpus: Option<&Path>) -> Option<PathBuf> {
    if let Some(rest) = file.strip_prefix("corpus/") {
        return corpus.map(|c| c.join(rest));
    }
    file.strip_prefix("fixtures/").map(|rest| Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(rest))
}

/// `sha256|DN|alg|bits` of the signers AppLens lists for a scheme, sorted.
fn ours(report: &Report, scheme: &str) -> Vec<String> {
    let signing = report.signing.as_ref().expect("an APK report has a signing section");
    let mut v: Vec<String> = signing
        .signers
        .iter()
        .filter(|s| s.signatures.iter().any(|sig| sig.scheme == scheme))
        .map(|s| {
            let c = &s.certificate;
            format!("{}|{}|{}|{}", c.sha256, c.subject, c.key_algorithm, c.key_size.map(|b| b.to_string()).unwrap_or_default())
        })
        .collect();
    v.sort();
    v
}

fn theirs(cell: &str) -> Vec<String> {
    let mut v: Vec<String> = cell.split(" ; ").filter(|s| !s.is_empty()).map(str::to_string).collect();
    v.sort();
    v
}

#[test]
fn signatures_equal_apksigner() {
    let corpus = common::corpus("signatures_equal_apksigner");
    let rows = rows();
    assert!(rows.len() >= 13, "the reference table lists only {} packages", rows.len());
    let mut disagreements = Vec::new();
    let mut summary = Vec::new();
    for row in &rows {
        let file = row["file"];
        let Some(path) = path_of(file, corpus.as_deref()) else { continue };
        let apksigner_schemes: Vec<&str> = row["schemes"].split(',').filter(|s| !s.is_empty()).collect();
        let report = match common::analyze_path(&path) {
            Ok(r) => r,
            Err(e) => {
                // Only packages apksigner cannot read either (no manifest, not a package) may fail here.
                assert!(apksigner_schemes.is_empty(), "{file}: apksigner reads signatures, AppLens fails: {e}");
                summary.push(format!("{file}: neither tool reads it (AppLens: {e})"));
                continue;
            }
        };
        let signing = report.signing.as_ref().expect("signing section");
        // Debian's apksigner 0.9 predates v3.1, so it cannot report it.
        let our_schemes: Vec<&str> = signing.schemes.iter().map(String::as_str).filter(|s| *s != "v3.1").collect();
        if our_schemes != apksigner_schemes {
            disagreements.push(format!("{file}: schemes: AppLens {our_schemes:?}, apksigner {apksigner_schemes:?}"));
        }
        let mut compared = 0;
        for scheme in ["v1", "v2", "v3"] {
            let expected = theirs(row[format!("{scheme}_signers").as_str()]);
            if expected.is_empty() {
                continue;
            }
            compared += expected.len();
            let got = ours(&report, scheme);
            if got != expected {
                disagreements.push(format!("{file}: {scheme} signers:\n    AppLens   {got:?}\n    apksigner {expected:?}"));
            }
        }
        let lineage: Vec<String> = signing.lineage.iter().map(|c| format!("{}|{}", c.sha256, c.subject)).collect();
        let expected_lineage: Vec<String> = row["lineage"].split(" ; ").filter(|s| !s.is_empty()).map(str::to_string).collect();
        if lineage != expected_lineage {
            disagreements.push(format!("{file}: lineage: AppLens {lineage:?}, apksigner {expected_lineage:?}"));
        }
        summary.push(format!(
            "{file}: schemes {} ; {compared} signer certificate(s) compared{}",
            signing.schemes.join(","),
            if lineage.is_empty() { String::new() } else { format!(" ; lineage of {}", lineage.len()) }
        ));
    }
    eprintln!("{}", summary.join("\n"));
    assert!(disagreements.is_empty(), "disagreements with apksigner:\n{}", disagreements.join("\n"));
}
