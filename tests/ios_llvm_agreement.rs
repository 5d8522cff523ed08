//! On every Mach-O program inside the corpus and fixture IPAs, AppLens's streamed Mach-O reading must agree
//! with LLVM's llvm-objdump and llvm-nm: architectures, App Store encryption, linked libraries and
//! Objective-C class names. The expected values are in tests/reference/llvm_macho.tsv, made by
//! script/reference-macho, so this test needs no LLVM.

mod common;

use std::collections::BTreeMap;
use std::io::Read;

use applens::analysis::ios::macho;

const TABLE: &str = include_str!("reference/llvm_macho.tsv");

fn rows() -> Vec<BTreeMap<&'static str, &'static str>> {
    let mut lines = TABLE.lines().filter(|l| !l.starts_with('#'));
    let header: Vec<&str> = lines.next().expect("header").split('\t').collect();
    lines.map(|l| header.iter().copied().zip(l.split('\t').chain(std::iter::repeat(""))).collect()).collect()
}

fn entry(ipa: &std::path::Path, name: &str) -> Vec<u8> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(ipa).unwrap()).unwrap();
    let mut e = zip.by_name(name).unwrap();
    let mut out = Vec::new();
    e.read_to_end(&mut out).unwrap();
    out
}

#[test]
fn programs_agree_with_llvm() {
    let Some(corpus) = common::corpus("programs_agree_with_llvm") else { return };
    let mut problems = Vec::new();
    let mut compared = 0;
    for row in rows() {
        let ipa = match row["file"].split_once('/') {
            Some(("corpus", name)) => corpus.join("ipa").join(name),
            Some(("fixtures", name)) => match common::ios_fixture(name) {
                Some(p) => p,
                None => continue,
            },
            _ => panic!("unexpected row {:?}", row["file"]),
        };
        let facts = macho::read(&entry(&ipa, row["entry"]), row["entry"]).unwrap_or_else(|e| panic!("{}: {e}", row["entry"]));
        compared += 1;
        let mut classes = facts.classes.clone();
        classes.sort();
        let checks = [
            ("architectures", facts.architectures.join(","), row["architectures"].to_string()),
            ("encrypted", facts.encrypted.to_string(), (row["cryptid"] != "0" && !row["cryptid"].is_empty()).to_string()),
            ("libraries", facts.linked_libraries.join("|"), row["libraries"].to_string()),
            ("classes", classes.join(","), row["classes"].to_string()),
        ];
        for (field, ours, theirs) in checks {
            if ours != theirs {
                problems.push(format!("{} {}: {field}: AppLens {ours:?}, LLVM {theirs:?}", row["file"], row["entry"]));
            }
        }
    }
    assert!(compared >= 25, "compared only {compared} programs");
    assert!(problems.is_empty(), "disagreements with LLVM:\n{}", problems.join("\n"));
    eprintln!("compared {compared} programs with llvm-objdump/llvm-nm: all agree");
}
