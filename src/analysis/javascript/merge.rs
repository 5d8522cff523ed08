//! Code read outside the DEX files (JavaScript, Hermes strings, Mach-O strings) into the report: trackers
//! join the ones already found (one tracker, `found_in` extended) or are added after them; hosts join the
//! domain list with their owners (the domain table, else a tracker's network signature, as for DEX); the
//! companies that may get data are recomputed; `code` gains the frameworks and files read, and stays
//! incomplete, with a limitation saying what was not analysed.

use super::frameworks::JsOutcome;
use crate::analysis::android::code::{host_owner, recipients_of};
use crate::analysis::knowledge::trackers::trackers as tracker_table;
use crate::analysis::report::{CodeSummary, Domain, Evidence, Finding, Report, Severity, Tracker};

/// Evidence items kept per tracker or host: those found in DEX first, then at least one from here.
const EVIDENCE_PER_ITEM: usize = 3;

/// The finding for an app whose web view loads remote code (Capacitor's `server.url`); its words are also
/// the SARIF rule's (`export::rules`).
pub const REMOTE_FINDING: &str = "code.remote_web_code";
pub const REMOTE_SEVERITY: Severity = Severity::Medium;
pub const REMOTE_CATEGORY: &str = "code_integrity";
pub const REMOTE_TITLE: &str = "The app runs web code loaded from the internet";
pub const REMOTE_EXPLANATION: &str = "Its configuration tells the app's web view to load a remote site instead of the pages packaged \
                                      with it. Whoever controls that site can change what the app does at any moment, without an \
                                      update, and no analysis of the package can see that code.";

fn add_evidence(list: &mut Vec<Evidence>, new: &[Evidence]) {
    let mut added = false;
    for ev in new {
        if (list.len() < EVIDENCE_PER_ITEM || !added) && !list.contains(ev) {
            list.push(ev.clone());
            added = true;
        }
    }
}

/// Adds trackers found at `(table index, places, evidence)` to the report.
pub fn add_trackers(report: &mut Report, found: impl IntoIterator<Item = (u32, Vec<&'static str>, Vec<Evidence>)>) {
    let table = tracker_table();
    for (index, places, evidence) in found {
        let Some(def) = table.get(index as usize) else { continue };
        if let Some(t) = report.trackers.iter_mut().find(|t| t.name == def.name) {
            for p in places {
                if !t.found_in.iter().any(|f| f == p) {
                    t.found_in.push(p.to_string());
                }
            }
            add_evidence(&mut t.evidence, &evidence);
            continue;
        }
        // In table order (Exodus ids, then AppLens's additions): before the first tracker listed later.
        let position = |name: &str| table.iter().position(|t| t.name == name).unwrap_or(usize::MAX);
        let at = report.trackers.iter().position(|t| position(&t.name) > index as usize).unwrap_or(report.trackers.len());
        report.trackers.insert(at, Tracker {
            name: def.name.into(),
            exodus_id: def.exodus_id,
            company: def.company.into(),
            country: def.country.map(str::to_string),
            categories: def.categories().map(str::to_string).collect(),
            website: def.website.into(),
            evidence,
            found_in: places.into_iter().map(str::to_string).collect(),
        });
    }
}

/// Adds hosts `(host, cleartext, evidence)` to the report's domains.
pub fn add_hosts(report: &mut Report, hosts: impl IntoIterator<Item = (String, bool, Vec<Evidence>)>) {
    for (host, cleartext, evidence) in hosts {
        if let Some(d) = report.domains.iter_mut().find(|d| d.host == host) {
            d.cleartext |= cleartext;
            add_evidence(&mut d.evidence, &evidence);
            continue;
        }
        let present: Vec<&str> = report.trackers.iter().map(|t| t.name.as_str()).collect();
        let (company, tracker) = host_owner(&host, &present);
        report.domains.push(Domain {
            host,
            cleartext,
            company: company.map(|c| c.name.to_string()),
            country: company.and_then(|c| c.country).map(str::to_string),
            tracker: tracker.map(str::to_string),
            evidence,
        });
    }
    // Sorted by host, as the DEX hosts are.
    report.domains.sort_by(|a, b| a.host.cmp(&b.host));
}

/// Writes what reading a package's JavaScript found into `report` (after its DEX or Mach-O code).
pub fn merge(outcome: JsOutcome, report: &mut Report) {
    let JsOutcome { facts, frameworks, remote } = outcome;
    for w in &facts.warnings {
        report.warn(w);
    }
    add_trackers(report, facts.trackers.into_iter().map(|(i, (places, ev))| (i, places, ev)));
    add_hosts(report, facts.hosts);
    report.recipients = recipients_of(report);

    let names: Vec<&str> = frameworks.iter().map(|f| f.name.as_str()).collect();
    let mut said = format!(
        "This app is built with {}: {} files of JavaScript were read for internet hosts and tracker SDK names; what that code does when it runs was not analysed.",
        list(&names),
        facts.files_read
    );
    if facts.hermes_read > 0 {
        said.push_str(" Of Hermes bytecode only the strings were read.");
    }
    if !facts.hermes_unread.is_empty() {
        said.push_str(&format!(" Hermes bytecode that AppLens cannot read ({}) was not examined at all.", facts.hermes_unread.join(", ")));
    }
    if !facts.cut.is_empty() {
        said.push_str(&format!(" {} files were not read in full because of AppLens's limits.", facts.cut.len()));
    }
    if facts.hosts_dropped > 0 {
        said.push_str(&format!(" {} more mentions of internet hosts were left out.", facts.hosts_dropped));
    }
    report.limitation("code.javascript", said);
    if !remote.is_empty() {
        report.limitation(
            "code.remote_web_code",
            "The app shows web pages loaded from the internet (Capacitor's server.url) instead of the code in the package: that code could not be seen at all, can change at any time, and none of what it does is in this report.",
        );
        report.findings.push(Finding {
            id: REMOTE_FINDING.into(),
            severity: REMOTE_SEVERITY,
            category: REMOTE_CATEGORY.into(),
            title: REMOTE_TITLE.into(),
            explanation: REMOTE_EXPLANATION.into(),
            evidence: remote,
        });
    }

    let code = report.code.get_or_insert_with(CodeSummary::default);
    code.complete = false;
    code.frameworks.extend(frameworks);
    code.other_code.extend(facts.other_code);
}

fn list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
