//! One finding for every trick a package plays on analysis tools (ZIP and binary-XML oddities that Android
//! tolerates): their presence says something about the people who made the package, whatever it does.

use super::archive::tricks::Trick;
use super::report::{Evidence, Finding, Report, Severity};

pub const FINDING_ID: &str = "package.anti_analysis";
pub const SEVERITY: Severity = Severity::High;
pub const CATEGORY: &str = "code_integrity";
pub const TITLE: &str = "This package uses tricks known to hinder analysis";
pub const EXPLANATION: &str = "The package is built in unusual ways that Android accepts but that make security tools \
                               misread or give up on it. Ordinary app builders never produce this; it is a technique \
                               of malware and of apps that want to hide what they contain. AppLens read the package the \
                               way Android does, so the rest of this report describes what would really be installed.";

/// Adds (or extends) the anti-analysis finding; nothing when there are no tricks.
pub fn add_finding(tricks: &[Trick], report: &mut Report) {
    if tricks.is_empty() {
        return;
    }
    let evidence = tricks.iter().map(|t| Evidence { kind: "file".into(), location: t.location.clone(), text: t.description.clone() });
    if let Some(existing) = report.findings.iter_mut().find(|f| f.id == FINDING_ID) {
        existing.evidence.extend(evidence);
        return;
    }
    report.findings.push(Finding {
        id: FINDING_ID.into(),
        severity: SEVERITY,
        category: CATEGORY.into(),
        title: TITLE.into(),
        explanation: EXPLANATION.into(),
        evidence: evidence.collect(),
    });
}
