//! Hidden code found without knowing the packer: the signs every packer and dropper leaves, whatever its
//! name. Declared components whose classes are in no DEX file (the app must load them while it runs), and
//! large files that look encrypted next to code that can load code. Named packers stay in `packers`
//! (`data/packers.tsv`); these catch the ones no table knows, and say plainly what was not read.

use super::super::super::report::{Evidence, HiddenCode};
use super::components::DeclaredClass;
use super::payloads::{OpaqueFile, PAYLOADS_KEPT};
use super::scan::evidence;
use super::CodeFacts;

/// Classes named as evidence; the message gives the count.
const CLASSES_KEPT: usize = 5;

/// At least this many declared classes must be missing. One or two missing classes are common in
/// ordinary apps: a component of an SDK left out by the build, a class provided by a system library.
const MIN_MISSING: usize = 3;

/// ...and more than this share of them (percent). A packed app declares its real components and ships a
/// stub: in the corpus 25 of 28 (Bangcle), 9 of 10 (Fobus), 67 of 68 (Cerberus), 4 of 6 (the qdroid
/// stub) are missing, against none in every ordinary app. An app split into feature modules may miss a
/// few on-demand modules' components when only some splits are at hand (the corpus XAPK: 3 of 7), so
/// missing under half the app is not called hidden code.
const MIN_MISSING_PERCENT: usize = 50;

/// The declared classes no DEX file defines, in manifest order, when they are enough to say the app loads
/// its code at run time. Quiet when there is no DEX at all (a system app compiled ahead of time carries
/// none: `android.code.none` says so) or a DEX file could not be read (the classes may be in it).
pub fn missing_classes(code: &CodeFacts) -> Option<Vec<&DeclaredClass>> {
    if code.dex_files.is_empty() || !code.unreadable.is_empty() {
        return None;
    }
    let missing: Vec<&DeclaredClass> = code.declared.iter().filter(|d| !code.defined.contains(&d.class)).collect();
    let enough = missing.len() >= MIN_MISSING && missing.len() * 100 > code.declared.len() * MIN_MISSING_PERCENT;
    enough.then_some(missing)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// 183857 → `180 KiB`; sizes for people, not for checking (the evidence keeps the bytes).
fn size_text(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KiB", bytes.div_ceil(1024))
    }
}

/// `13 of its 14` or `all 3 of its`: how many of the declared classes are missing.
fn share(missing: usize, declared: usize) -> String {
    if missing == declared {
        format!("all {declared} of its")
    } else {
        format!("{missing} of its {declared}")
    }
}

fn components_finding(missing: &[&DeclaredClass], declared: usize) -> HiddenCode {
    let how_many = if missing.len() == declared { format!("All {declared}") } else { format!("{} of the {declared}", missing.len()) };
    let message = format!(
        "{how_many} classes the manifest declares (components and the application class) are in none of the DEX files. Android \
         starts each of them by name, so the app must put their code in place while it runs, from somewhere AppLens cannot read."
    );
    let evidence = missing
        .iter()
        .take(CLASSES_KEPT)
        .map(|d| Evidence { kind: "manifest".into(), location: format!("AndroidManifest.xml, line {}", d.line), text: d.text.clone() })
        .collect();
    HiddenCode { kind: "components_without_code".into(), message, evidence }
}

fn payload_finding(opaque: &[OpaqueFile], loader: &Evidence) -> HiddenCode {
    let files: Vec<String> = opaque.iter().take(PAYLOADS_KEPT).map(|f| format!("{}, {}", f.path, size_text(f.size))).collect();
    let more = opaque.len().saturating_sub(PAYLOADS_KEPT);
    let message = format!(
        "{} of no known format {} encrypted or compressed ({}{}), and the app has code that can load code at run time ({}): \
         such files usually hold the code a packer unpacks while the app runs.",
        plural(opaque.len(), "large file", "large files"),
        if opaque.len() == 1 { "looks" } else { "look" },
        files.join("; "),
        if more > 0 { format!("; and {more} more") } else { String::new() },
        loader.text
    );
    let mut ev: Vec<Evidence> = opaque
        .iter()
        .take(PAYLOADS_KEPT)
        .map(|f| {
            evidence("file", &f.path, format!("{} bytes, {:.2} bits of entropy per byte in its first 64 KiB, no known file format", f.size, f.entropy))
        })
        .collect();
    ev.push(loader.clone());
    HiddenCode { kind: "opaque_payload".into(), message, evidence: ev }
}

/// Every sign of hidden code, and the limitation's words when there is any. `loader` is the evidence that
/// the app can load code (a class loader or native code reference, or a native library), if any.
pub fn detect(code: &CodeFacts, opaque: &[OpaqueFile], loader: Option<Evidence>) -> (Vec<HiddenCode>, Option<String>) {
    let missing = missing_classes(code);
    let payloads = loader.filter(|_| !opaque.is_empty());
    let mut found = Vec::new();
    let mut facts = Vec::new();
    if let Some(missing) = &missing {
        found.push(components_finding(missing, code.declared.len()));
        facts.push(format!("{} declared components are in none of its DEX files", share(missing.len(), code.declared.len())));
    }
    if let Some(loader) = &payloads {
        found.push(payload_finding(opaque, loader));
        let first = opaque.first().map(|f| format!("{}, {}", f.path, size_text(f.size))).unwrap_or_default();
        let others = if opaque.len() > 1 { format!(" and {} more", opaque.len() - 1) } else { String::new() };
        facts.push(format!(
            "it carries {} of no known format that {} encrypted ({first}{others}) and code that can load code",
            plural(opaque.len(), "large file", "large files"),
            if opaque.len() == 1 { "looks" } else { "look" }
        ));
    }
    if found.is_empty() {
        return (found, None);
    }
    let (lead, tail) = if missing.is_some() {
        ("This app unpacks most of its code while it runs", "may be a small part of what it does")
    } else {
        ("This app probably unpacks code while it runs", "may be only part of what it does")
    };
    let limitation = format!(
        "{lead}: {}. AppLens could not read that code: the trackers and capabilities found here {tail}, and finding none would not mean there are none.",
        facts.join(", and ")
    );
    (found, Some(limitation))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::report::DexFile;

    fn facts(declared: usize, defined: usize) -> CodeFacts {
        let mut code = CodeFacts { dex_files: vec![DexFile::default()], ..CodeFacts::default() };
        for i in 0..declared {
            let class = format!("com.example.C{i}");
            if i < defined {
                code.defined.insert(class.clone());
            }
            code.declared.push(DeclaredClass { class, element: "activity", text: format!("<activity android:name=\"C{i}\">"), line: 10 + i as u32 });
        }
        code
    }

    #[test]
    fn most_components_missing_is_hidden_code() {
        let (found, limitation) = detect(&facts(14, 1), &[], None);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].kind, "components_without_code");
        assert_eq!(found[0].evidence.len(), CLASSES_KEPT);
        assert_eq!(found[0].evidence[0].location, "AndroidManifest.xml, line 11");
        let limitation = limitation.unwrap();
        assert!(limitation.starts_with("This app unpacks most of its code while it runs: 13 of its 14 declared components"), "{limitation}");
    }

    #[test]
    fn all_missing_is_said_so() {
        let (found, limitation) = detect(&facts(3, 0), &[], None);
        assert!(found[0].message.starts_with("All 3 classes the manifest declares"), "{}", found[0].message);
        assert!(limitation.unwrap().contains(": all 3 of its declared components are in none of its DEX files"));
    }

    #[test]
    fn a_few_missing_components_are_not() {
        assert!(missing_classes(&facts(7, 4)).is_none(), "3 of 7: under half");
        assert!(missing_classes(&facts(2, 0)).is_none(), "too few to tell");
        assert!(missing_classes(&facts(6, 2)).is_some(), "4 of 6");
        let mut no_dex = facts(10, 0);
        no_dex.dex_files.clear();
        assert!(missing_classes(&no_dex).is_none(), "no DEX at all: android.code.none says so");
        let mut unreadable = facts(10, 0);
        unreadable.unreadable.push("classes2.dex".into());
        assert!(missing_classes(&unreadable).is_none(), "they may be in the file that could not be read");
    }

    #[test]
    fn opaque_files_need_a_loader() {
        let opaque = [OpaqueFile { path: "assets/x.data".into(), size: 183_857, entropy: 7.991 }];
        assert!(detect(&facts(0, 0), &opaque, None).0.is_empty());
        let loader = evidence("file", "lib/x86/libx.so", "lib/x86/libx.so");
        let (found, limitation) = detect(&facts(0, 0), &opaque, Some(loader));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].kind, "opaque_payload");
        assert_eq!(found[0].evidence[0].text, "183857 bytes, 7.99 bits of entropy per byte in its first 64 KiB, no known file format");
        assert_eq!(found[0].evidence[1].location, "lib/x86/libx.so");
        assert!(limitation.unwrap().contains("(assets/x.data, 180 KiB)"));
        assert!(detect(&facts(0, 0), &[], Some(evidence("file", "a", "a"))).0.is_empty());
    }
}
