//! When each signing finding applies. The words (severity, title, explanation) are data, in
//! `data/android_signing_findings.tsv`; this module decides, fills in the `{placeholders}` and attaches the
//! evidence. Every rule has a fixture where it fires and a twin where it stays quiet
//! (tests/fixtures/signing/README.md, tests/signing_rules.rs).

use super::cert::Certificate;
use super::consts::Digest;
use super::{time, Scheme, SigningFacts};
use crate::analysis::knowledge::signing_findings::signing_finding;
use crate::analysis::report::{Evidence, Finding};

/// Android 7.0 (API 24) is the first to check v2 signatures; before it only v1 counts.
const FIRST_API_WITH_V2: u32 = 24;
/// Android 8.1 (API 27) is the first release without the Janus flaw (fixed by the December 2017 update).
const FIRST_API_WITHOUT_JANUS: u32 = 27;

/// Every signing finding that applies. `min_sdk`: the manifest's (Android assumes 1 when absent).
pub fn findings(facts: &SigningFacts, min_sdk: Option<u32>, now_unix: Option<i64>) -> Vec<Finding> {
    let min_sdk = min_sdk.unwrap_or(1);
    let mut out = Vec::new();
    if facts.schemes.is_empty() {
        out.extend(finding(
            "android.signing.unsigned",
            &[],
            vec![Evidence {
                kind: "file".into(),
                location: "META-INF/".into(),
                text: "no signature file (META-INF/*.RSA, *.DSA or *.EC) and no APK Signing Block before the central directory".into(),
            }],
        ));
        return out;
    }
    let certs = distinct_certificates(facts);

    let debug: Vec<Evidence> = certs.iter().filter(|(c, _)| c.subject_attribute("CN") == Some("Android Debug")).map(|(c, at)| cert_evidence(c, at)).collect();
    if !debug.is_empty() {
        out.extend(finding("android.signing.debug_certificate", &[], debug));
    }

    if let Some(now) = now_unix {
        for (c, at) in &certs {
            if let Some(end) = c.not_after.filter(|end| *end < now) {
                let date = time::iso8601(end).get(..10).unwrap_or_default().to_string();
                let mut e = cert_evidence(c, at);
                e.text = format!("{} (valid until {})", e.text, time::iso8601(end));
                out.extend(finding("android.signing.expired_certificate", &[("date", &date)], vec![e]));
            }
        }
    }

    // The v1 signature's hash matters where Android checks v1: everywhere without v2+, else before 7.0.
    let has_v2_or_later = facts.has(Scheme::V2) || facts.has(Scheme::V3) || facts.has(Scheme::V31);
    if !has_v2_or_later || min_sdk < FIRST_API_WITH_V2 {
        let devices = if has_v2_or_later {
            format!("Android versions older than 7.0 (this app supports them from {} on)", android_version(min_sdk))
        } else {
            "All Android versions".to_string()
        };
        for sig in facts.signatures.iter().filter(|s| s.scheme == Scheme::V1) {
            let Some(digest) = sig.broken_digest else { continue };
            let (id, name) = match digest {
                Digest::Sha1 => ("android.signing.sha1_signature", "SHA-1"),
                Digest::Md5 => ("android.signing.md5_signature", "MD5"),
                _ => ("android.signing.md5_signature", "MD2"),
            };
            let e = Evidence {
                kind: "file".into(),
                location: sig.location.clone(),
                text: format!("{} signature ({name}) by {}", sig.algorithm, sig.certificate.subject),
            };
            out.extend(finding(id, &[("devices", &devices), ("digest", name)], vec![e]));
        }
    }

    for (c, at) in &certs {
        let minimum = match c.key_algorithm.as_str() {
            "RSA" | "DSA" => 2048,
            "EC" => 224,
            _ => continue,
        };
        if let Some(bits) = c.key_size.filter(|b| *b < minimum) {
            let mut e = cert_evidence(c, at);
            e.text = format!("{} {bits}-bit key: {}", c.key_algorithm, e.text);
            out.extend(finding(
                "android.signing.weak_key",
                &[("bits", &bits.to_string()), ("algorithm", &c.key_algorithm), ("minimum", &minimum.to_string())],
                vec![e],
            ));
        }
    }

    if facts.schemes == [Scheme::V1] && min_sdk < FIRST_API_WITHOUT_JANUS {
        let text = format!("v1 (JAR) signature only, no APK Signing Block; the app runs on {}", runs_on(min_sdk));
        let mut evidence: Vec<Evidence> =
            facts.signatures.iter().map(|s| Evidence { kind: "file".into(), location: s.location.clone(), text: text.clone() }).collect();
        if evidence.is_empty() {
            // The signature file was there but unreadable (a warning says why).
            evidence.push(Evidence { kind: "file".into(), location: "META-INF/".into(), text });
        }
        out.extend(finding("android.signing.janus", &[("versions", &runs_on(min_sdk))], evidence));
    }

    // Several keys signing the same scheme (v3 signers for different API levels do not count).
    let most = [Scheme::V1, Scheme::V2]
        .iter()
        .map(|scheme| {
            let mut keys: Vec<&Certificate> = Vec::new();
            for sig in facts.signatures.iter().filter(|s| s.scheme == *scheme) {
                if !keys.iter().any(|k| k.sha256 == sig.certificate.sha256) {
                    keys.push(&sig.certificate);
                }
            }
            keys
        })
        .max_by_key(Vec::len)
        .unwrap_or_default();
    if most.len() > 1 {
        let evidence = most
            .iter()
            .filter_map(|c| certs.iter().find(|(d, _)| d.sha256 == c.sha256))
            .map(|(c, at)| cert_evidence(c, at))
            .collect();
        out.extend(finding("android.signing.multiple_signers", &[("count", &most.len().to_string())], evidence));
    }

    if facts.lineage.len() > 1 {
        let scheme = facts.lineage_scheme.map_or("v3", Scheme::label);
        let at = format!("APK Signing Block ({scheme}), proof of rotation");
        let evidence = facts.lineage.iter().map(|c| cert_evidence(c, &at)).collect();
        out.extend(finding("android.signing.key_rotation", &[], evidence));
    }
    out
}

/// Each signing certificate once, with the first place it was seen.
fn distinct_certificates(facts: &SigningFacts) -> Vec<(&Certificate, String)> {
    let mut out: Vec<(&Certificate, String)> = Vec::new();
    for sig in &facts.signatures {
        if !out.iter().any(|(c, _)| c.sha256 == sig.certificate.sha256) {
            out.push((&sig.certificate, sig.location.clone()));
        }
    }
    out
}

/// Splits of a set whose certificates differ from the base's (`expected`, SHA-256 sorted); an empty list of
/// digests is an unsigned split. One finding, one piece of evidence per split.
pub fn split_signer_finding(expected: &[String], odd: &[(&str, Vec<String>)]) -> Option<Finding> {
    if odd.is_empty() {
        return None;
    }
    let base = if expected.is_empty() { "the base APK is unsigned".to_string() } else { format!("the base APK's: SHA-256 {}", expected.join(", ")) };
    let evidence = odd
        .iter()
        .map(|(file, digests)| Evidence {
            kind: "certificate".into(),
            location: (*file).to_string(),
            text: if digests.is_empty() {
                format!("no signature ({base})")
            } else {
                format!("signed by SHA-256 {} ({base})", digests.join(", "))
            },
        })
        .collect();
    finding("android.signing.split_signer_mismatch", &[], evidence)
}

fn cert_evidence(c: &Certificate, location: &str) -> Evidence {
    Evidence { kind: "certificate".into(), location: location.into(), text: format!("{} (SHA-256 {})", c.subject, c.sha256) }
}

/// Android's version name for an API level up to 8.0 (the only ones these rules name).
fn version_name(api: u32) -> Option<&'static str> {
    const VERSIONS: [&str; 27] = [
        "", "1.0", "1.1", "1.5", "1.6", "2.0", "2.0.1", "2.1", "2.2", "2.3", "2.3.3", "3.0", "3.1", "3.2", "4.0", "4.0.3", "4.1", "4.2",
        "4.3", "4.4", "4.4W", "5.0", "5.1", "6.0", "7.0", "7.1", "8.0",
    ];
    VERSIONS.get(usize::try_from(api).ok()?).copied().filter(|v| !v.is_empty())
}

/// "Android 2.3", or "API level 30" past the table.
fn android_version(api: u32) -> String {
    version_name(api).map_or_else(|| format!("API level {api}"), |v| format!("Android {v}"))
}

/// "Android 5.0 (API level 21) and later".
fn runs_on(min_sdk: u32) -> String {
    match version_name(min_sdk) {
        Some(v) => format!("Android {v} (API level {min_sdk}) and later"),
        None => format!("API level {min_sdk} and later"),
    }
}

/// A finding from its data row, placeholders filled.
fn finding(id: &str, values: &[(&str, &str)], evidence: Vec<Evidence>) -> Option<Finding> {
    let text = signing_finding(id)?;
    let fill = |s: &str| values.iter().fold(s.to_string(), |acc, (k, v)| acc.replace(&format!("{{{k}}}"), v));
    Some(Finding {
        id: text.id.into(),
        severity: text.severity,
        category: text.category.into(),
        title: fill(text.title),
        explanation: fill(text.explanation),
        evidence,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_its_text() {
        for id in [
            "android.signing.unsigned",
            "android.signing.debug_certificate",
            "android.signing.expired_certificate",
            "android.signing.sha1_signature",
            "android.signing.md5_signature",
            "android.signing.weak_key",
            "android.signing.janus",
            "android.signing.multiple_signers",
            "android.signing.key_rotation",
        ] {
            let f = finding(id, &[], vec![]).unwrap_or_else(|| panic!("no text for {id}"));
            assert_eq!(f.category, "code_integrity");
        }
    }

    #[test]
    fn placeholders_are_filled() {
        let f = finding("android.signing.weak_key", &[("bits", "1024"), ("algorithm", "RSA"), ("minimum", "2048")], vec![]).unwrap();
        assert_eq!(f.title, "Signed with a short 1024-bit RSA key");
        assert!(!f.explanation.contains('{'), "{}", f.explanation);
        assert_eq!(runs_on(21), "Android 5.0 (API level 21) and later");
        assert_eq!(runs_on(30), "API level 30 and later");
        assert_eq!(android_version(9), "Android 2.3");
        assert_eq!(android_version(0), "API level 0");
    }

    #[test]
    fn unsigned_when_nothing_is_there() {
        let found = findings(&SigningFacts::default(), Some(21), None);
        assert_eq!(found.iter().map(|f| f.id.as_str()).collect::<Vec<_>>(), ["android.signing.unsigned"]);
    }
}
