//! The page's state and its pure reducer: no browser APIs, so it is unit-tested natively.
//!
//! Two slots: slot 0 is the report being read, slot 1 the package it is compared with. Each slot runs its
//! own analysis with its own run id; messages carry the id, so a message from a replaced run finds no slot
//! and is ignored.

use std::rc::Rc;

use crate::analysis::policy::{self, Policy};
use crate::analysis::report::Report;

#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    /// Nothing analysed yet: the drop zone invites a file or the sample.
    Idle,
    /// `stages`: every stage reported so far, in order (the last is `stage`), so the page can show the
    /// steps done without knowing them in advance.
    Running { file_name: String, stage: String, overall: f64, stages: Vec<String> },
    Done { report: Rc<Report>, report_json: Rc<str>, stats: RunStats },
    Failed { file_name: String, failure: Failure },
}

/// Why a file could not be checked, sorted so the page can word it (the core's error kind plus its message).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub kind: FailureKind,
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailureKind {
    /// Not a package at all (a PDF, an image, a ZIP without an app).
    NotAPackage,
    /// A package of a kind AppLens does not read yet.
    Unsupported,
    /// The file ends early: a download cut short.
    Truncated,
    /// The bytes break the format.
    Damaged,
    /// A safety limit stopped the analysis.
    TooLarge,
    /// The browser could not read the file, or the analysis stopped.
    Internal,
    /// The organisation's policy is not ready (still loading, or it cannot be used), so nothing is analysed.
    Policy,
}

impl Failure {
    /// Sorts a worker error: `kind` is the core's `ErrorKind` in lower case (`malformed`, `unsupported`,
    /// `limit`, `io`), empty when unknown.
    pub fn classify(kind: &str, message: &str) -> Self {
        let lower = message.to_ascii_lowercase();
        let kind = match kind {
            "unsupported" if lower.contains("not an app package") || lower.contains("holds no app") || lower.contains("is empty") => FailureKind::NotAPackage,
            "unsupported" => FailureKind::Unsupported,
            "malformed" | "io" if lower.contains("truncated") || lower.contains("ended before") || lower.contains("ends before") => FailureKind::Truncated,
            "malformed" if lower.contains("not a zip") => FailureKind::NotAPackage,
            "malformed" => FailureKind::Damaged,
            "limit" => FailureKind::TooLarge,
            "policy" => FailureKind::Policy,
            _ => FailureKind::Internal,
        };
        Self { kind, message: message.to_string() }
    }

    /// A heading for a person.
    pub fn title(&self) -> &'static str {
        match self.kind {
            FailureKind::NotAPackage => "This is not an app package",
            FailureKind::Unsupported => "This kind of package cannot be checked yet",
            FailureKind::Truncated => "This package is incomplete",
            FailureKind::Damaged => "This package is damaged",
            FailureKind::TooLarge => "This package is too large or too complex to check safely",
            FailureKind::Internal => "This file could not be checked",
            FailureKind::Policy => "This app was not checked: the policy is not ready",
        }
    }

    /// What the person can do about it.
    pub fn advice(&self) -> &'static str {
        match self.kind {
            FailureKind::NotAPackage => "Choose an Android app (APK, XAPK, APKS, APKM or AAB) or an iOS app (IPA).",
            FailureKind::Unsupported => "AppLens reads Android APK, XAPK, APKS, APKM and AAB files; other formats are planned.",
            FailureKind::Truncated => "The file ends before its table of contents: it was probably cut short while downloading or copying. Download it again and compare its size with the source.",
            FailureKind::Damaged => "Its contents do not follow the package format. It may have been damaged in transfer, or built to confuse tools like this one.",
            FailureKind::TooLarge => "AppLens stops at limits that protect this browser tab; the message says which one was reached.",
            FailureKind::Internal => "Try again; if it happens again, the message below helps to report it.",
            FailureKind::Policy => "AppLens checks apps only against the policy it was given, so that no verdict is missing by mistake.",
        }
    }
}

/// How the analysis went, shown under the report as proof that the work happened on this device.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RunStats {
    pub millis: f64,
    /// Size of the worker's WebAssembly memory when it finished (it only grows, so this is its peak).
    pub wasm_memory_bytes: f64,
    /// Each stage's name and duration, in the order they ran.
    pub stage_millis: Vec<(String, f64)>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Slot {
    pub run_id: u32,
    pub phase: Phase,
}

impl Default for Slot {
    fn default() -> Self {
        Self { run_id: 0, phase: Phase::Idle }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct State {
    /// `[0]` the report being read, `[1]` the one it is compared with.
    pub slots: [Slot; 2],
    /// The compare view is open.
    pub comparing: bool,
    /// The organisation's policy every report is checked against.
    pub policy: PolicyState,
}

/// The policy the page was given (from disk, `?policy=`, or the widget's `policy` attribute). While it loads
/// or when it cannot be used, no package is analysed: a verdict-less report could be taken for "allowed".
#[derive(Clone, Debug, Default, PartialEq)]
pub enum PolicyState {
    #[default]
    None,
    Loading { source: String },
    Ready { policy: Rc<Policy>, source: String },
    Failed { source: String, message: String },
}

impl PolicyState {
    pub fn policy(&self) -> Option<&Rc<Policy>> {
        match self {
            PolicyState::Ready { policy, .. } => Some(policy),
            _ => None,
        }
    }

    /// Why no package may be analysed now, if that is so.
    pub fn blocks_analysis(&self) -> Option<String> {
        match self {
            PolicyState::Loading { source } => Some(super::i18n::trf("The policy {source} is still loading; try again in a moment.", &[("source", source)])),
            PolicyState::Failed { source, message } => Some(super::i18n::trf(
                "The policy {source} cannot be used, so no app is checked without it: {message}",
                &[("source", source), ("message", &super::i18n::policy_error_tx(message))],
            )),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Slot 0 starts a new single analysis (closing any comparison); slot 1 starts the package to compare
    /// with and opens the compare view. The page picks the run id (it must tell the worker first).
    Start { slot: usize, run_id: u32, file_name: String },
    Progress { run_id: u32, stage: String, overall: f64 },
    Finished { run_id: u32, report: Rc<Report>, report_json: Rc<str>, stats: RunStats },
    Failed { run_id: u32, file_name: String, failure: Failure },
    /// Back to the single report of slot 0.
    CloseCompare,
    /// Exchange the two sides of the comparison ("before" and "after").
    Swap,
    PolicyLoading { source: String },
    /// A policy was read: every report on the page (and every later one) gets its verdict.
    PolicyLoaded { source: String, policy: Rc<Policy> },
    PolicyFailed { source: String, message: String },
    /// The person removed the policy: reports lose their verdict.
    PolicyCleared,
}

impl State {
    pub fn phase(&self, slot: usize) -> &Phase {
        self.slots.get(slot).map_or(&Phase::Idle, |s| &s.phase)
    }

    pub fn report(&self, slot: usize) -> Option<&Rc<Report>> {
        match self.phase(slot) {
            Phase::Done { report, .. } => Some(report),
            _ => None,
        }
    }

    pub fn busy(&self) -> bool {
        self.slots.iter().any(|s| matches!(s.phase, Phase::Running { .. }))
    }

    fn slot_of(&self, run_id: u32) -> Option<usize> {
        self.slots.iter().position(|s| s.run_id == run_id && run_id != 0)
    }
}

pub fn reduce(state: &State, action: Action) -> State {
    let mut next = state.clone();
    match action {
        Action::Start { slot, run_id, file_name } => {
            let running = Slot { run_id, phase: Phase::Running { file_name, stage: "Starting".into(), overall: 0.0, stages: Vec::new() } };
            match slot {
                0 => {
                    next.slots = [running, Slot::default()];
                    next.comparing = false;
                }
                _ => {
                    next.slots[1] = running;
                    next.comparing = true;
                }
            }
        }
        Action::Progress { run_id, stage, overall } => {
            let Some(i) = state.slot_of(run_id) else { return next };
            if let Phase::Running { file_name, stages, .. } = &state.slots[i].phase {
                let mut stages = stages.clone();
                if stages.last() != Some(&stage) {
                    stages.push(stage.clone());
                }
                next.slots[i].phase = Phase::Running { file_name: file_name.clone(), stage, overall: overall.clamp(0.0, 1.0), stages };
            }
        }
        Action::Finished { run_id, report, report_json, stats } => {
            let Some(i) = state.slot_of(run_id) else { return next };
            let (report, report_json) = with_policy(report, report_json, state.policy.policy().map(Rc::as_ref));
            next.slots[i].phase = Phase::Done { report, report_json, stats };
        }
        Action::Failed { run_id, file_name, failure } => {
            let Some(i) = state.slot_of(run_id) else { return next };
            next.slots[i].phase = Phase::Failed { file_name, failure };
        }
        Action::CloseCompare => {
            next.comparing = false;
            next.slots[1] = Slot::default();
        }
        Action::Swap => {
            if state.comparing {
                next.slots.swap(0, 1);
            }
        }
        Action::PolicyLoading { source } => next.policy = PolicyState::Loading { source },
        Action::PolicyFailed { source, message } => next.policy = PolicyState::Failed { source, message },
        Action::PolicyLoaded { source, policy } => {
            reapply(&mut next, Some(&policy));
            next.policy = PolicyState::Ready { policy, source };
        }
        Action::PolicyCleared => {
            reapply(&mut next, None);
            next.policy = PolicyState::None;
        }
    }
    next
}

/// Gives every finished report the verdict of `policy` (or takes it away).
fn reapply(state: &mut State, policy: Option<&Rc<Policy>>) {
    for slot in &mut state.slots {
        if let Phase::Done { report, report_json, .. } = &mut slot.phase {
            let (r, j) = with_policy(report.clone(), report_json.clone(), policy.map(Rc::as_ref));
            *report = r;
            *report_json = j;
        }
    }
}

/// The report with the verdict of `policy` (none when `None`), and its JSON to match, so the download carries
/// the verdict the page shows. Pure work on data already here: no analysis runs again.
fn with_policy(report: Rc<Report>, json: Rc<str>, policy: Option<&Policy>) -> (Rc<Report>, Rc<str>) {
    if policy.is_none() && report.policy.is_none() {
        return (report, json);
    }
    // Read again from its JSON rather than cloned: `Report::clone` was 10 KB of the page's WebAssembly, and
    // the reader is there anyway. It read this very JSON once already, so it does not fail here.
    let Ok(mut r) = super::report_read::read_report(&json) else { return (report, json) };
    r.policy = policy.map(|p| policy::evaluate(p, &report));
    // The worker's JSON always has the key; were it missing, the page still shows the verdict.
    let json = splice_policy(&json, r.policy.as_ref()).map_or(json, Rc::from);
    (Rc::new(r), json)
}

/// The report's JSON with its `policy` replaced. `policy` is the report's last field, so its value is what
/// follows the last `,"policy":` key (inside JSON strings a quote is always escaped, so those bytes can only be
/// that key) up to the closing brace. Only the verdict is serialised: the page never needs the code that
/// writes a whole report (it would add tens of kilobytes to what every visitor downloads).
fn splice_policy(json: &str, policy: Option<&crate::analysis::report::PolicyResult>) -> Option<String> {
    const KEY: &str = ",\"policy\":";
    let at = json.rfind(KEY)?;
    let head = json.get(..at + KEY.len())?;
    if !json.trim_end().ends_with('}') {
        return None;
    }
    let value = match policy {
        Some(p) => serde_json::to_string(p).ok()?,
        None => "null".to_string(),
    };
    Some(format!("{head}{value}}}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::report::{FileInfo, Format};

    fn report(name: &str) -> Rc<Report> {
        Rc::new(Report::new(FileInfo { name: name.into(), size: 1, sha256: String::new() }, Format::Apk))
    }

    fn finish(s: &State, run_id: u32, name: &str) -> State {
        // The report's own JSON, as the worker sends it: the policy's verdict is applied to a report read
        // again from it.
        let report = report(name);
        let report_json = Rc::from(serde_json::to_string(&*report).unwrap());
        reduce(s, Action::Finished { run_id, report, report_json, stats: RunStats::default() })
    }

    #[test]
    fn progress_of_an_old_run_is_ignored() {
        let s = reduce(&State::default(), Action::Start { slot: 0, run_id: 1, file_name: "a.apk".into() });
        let s = reduce(&s, Action::Start { slot: 0, run_id: 2, file_name: "b.apk".into() });
        let stale = reduce(&s, Action::Failed { run_id: 1, file_name: "a.apk".into(), failure: Failure::classify("io", "x") });
        assert_eq!(stale, s);
        let s = reduce(&s, Action::Progress { run_id: 2, stage: "Reading".into(), overall: 0.2 });
        let s = reduce(&s, Action::Progress { run_id: 2, stage: "Reading".into(), overall: 0.3 });
        let s = reduce(&s, Action::Progress { run_id: 2, stage: "Hashing".into(), overall: 2.0 });
        assert_eq!(
            *s.phase(0),
            Phase::Running { file_name: "b.apk".into(), stage: "Hashing".into(), overall: 1.0, stages: vec!["Reading".into(), "Hashing".into()] }
        );
    }

    #[test]
    fn failure_keeps_the_file_name() {
        let s = reduce(&State::default(), Action::Start { slot: 0, run_id: 7, file_name: "x.pdf".into() });
        let s = reduce(&s, Action::Failed { run_id: 7, file_name: "x.pdf".into(), failure: Failure::classify("unsupported", "this is a PDF document, not an app package") });
        assert!(matches!(s.phase(0), Phase::Failed { file_name, failure } if file_name == "x.pdf" && failure.kind == FailureKind::NotAPackage));
    }

    #[test]
    fn two_packages_are_compared_and_each_side_finishes_on_its_own() {
        let s = reduce(&State::default(), Action::Start { slot: 0, run_id: 1, file_name: "old.apk".into() });
        let s = reduce(&s, Action::Start { slot: 1, run_id: 2, file_name: "new.apk".into() });
        assert!(s.comparing && s.busy());
        // The second side finishes first; the first side's progress still reaches slot 0.
        let s = finish(&s, 2, "new.apk");
        let s = reduce(&s, Action::Progress { run_id: 1, stage: "Reading".into(), overall: 0.5 });
        assert!(matches!(s.phase(0), Phase::Running { overall, .. } if *overall == 0.5));
        assert_eq!(s.report(1).unwrap().file.name, "new.apk");
        let s = finish(&s, 1, "old.apk");
        assert!(!s.busy());
        let swapped = reduce(&s, Action::Swap);
        assert_eq!(swapped.report(0).unwrap().file.name, "new.apk");
        assert_eq!(swapped.report(1).unwrap().file.name, "old.apk");
        // Messages still find their slot after a swap (the run id moves with it).
        let closed = reduce(&swapped, Action::CloseCompare);
        assert!(!closed.comparing);
        assert_eq!(closed.report(0).unwrap().file.name, "new.apk");
        assert_eq!(*closed.phase(1), Phase::Idle);
    }

    #[test]
    fn comparing_with_another_package_keeps_the_first_report() {
        let s = reduce(&State::default(), Action::Start { slot: 0, run_id: 1, file_name: "a.apk".into() });
        let s = finish(&s, 1, "a.apk");
        let s = reduce(&s, Action::Start { slot: 1, run_id: 2, file_name: "b.apk".into() });
        assert!(s.comparing);
        assert_eq!(s.report(0).unwrap().file.name, "a.apk");
        // A failed second package keeps the comparison open with its error, and the first report.
        let s = reduce(&s, Action::Failed { run_id: 2, file_name: "b.pdf".into(), failure: Failure::classify("unsupported", "not an app package") });
        assert!(s.comparing && matches!(s.phase(1), Phase::Failed { .. }));
        // A new single analysis closes the comparison.
        let s = reduce(&s, Action::Start { slot: 0, run_id: 3, file_name: "c.apk".into() });
        assert!(!s.comparing);
        assert_eq!(*s.phase(1), Phase::Idle);
        // A late message of the closed comparison is ignored.
        let late = finish(&s, 2, "b.apk");
        assert_eq!(late, s);
    }

    fn strict() -> Rc<Policy> {
        Rc::new(policy::parse_policy(r#"{"applens_policy": 1, "name": "Strict", "block": {"apps": ["com.a"]}}"#).unwrap())
    }

    #[test]
    fn a_policy_gives_every_report_its_verdict_and_can_be_taken_away() {
        let mut a = Report::new(FileInfo { name: "a.apk".into(), size: 1, sha256: String::new() }, Format::Apk);
        a.app.id = Some("com.a".into());
        let s = reduce(&State::default(), Action::Start { slot: 0, run_id: 1, file_name: "a.apk".into() });
        let a_json = serde_json::to_string(&a).unwrap();
        let s = reduce(&s, Action::Finished { run_id: 1, report: Rc::new(a), report_json: Rc::from(a_json), stats: RunStats::default() });
        assert!(s.report(0).unwrap().policy.is_none());
        // Loaded after the report: the report on the page gets the verdict, and its JSON too.
        let s = reduce(&s, Action::PolicyLoaded { source: "p.json".into(), policy: strict() });
        let verdict = s.report(0).unwrap().policy.as_ref().map(|p| p.verdict);
        assert_eq!(verdict, Some(crate::analysis::report::PolicyVerdict::Blocked));
        let Phase::Done { report_json, .. } = s.phase(0) else { panic!() };
        assert!(report_json.contains("\"verdict\":\"blocked\""), "{report_json}");
        // A later report gets it as it finishes.
        let s = reduce(&s, Action::Start { slot: 0, run_id: 2, file_name: "b.apk".into() });
        let s = finish(&s, 2, "b.apk");
        assert_eq!(s.report(0).unwrap().policy.as_ref().map(|p| p.verdict), Some(crate::analysis::report::PolicyVerdict::Allowed));
        // Removed: no verdict any more.
        let s = reduce(&s, Action::PolicyCleared);
        assert!(s.report(0).unwrap().policy.is_none());
        assert_eq!(s.policy, PolicyState::None);
    }

    #[test]
    fn the_verdict_is_spliced_into_the_workers_json_as_a_full_serialisation_would_write_it() {
        let mut r = Report::new(FileInfo { name: "a \",\"policy\":\"x\".apk".into(), size: 1, sha256: String::new() }, Format::Apk);
        r.app.id = Some("com.a".into());
        let worker_json = serde_json::to_string(&r).unwrap();
        let p = strict();
        let (with, json) = with_policy(Rc::new(r.clone()), Rc::from(worker_json.as_str()), Some(&p));
        assert_eq!(&*json, serde_json::to_string(&*with).unwrap(), "same bytes as serialising the report with its verdict");
        let back: Report = serde_json::from_str(&json).unwrap();
        assert_eq!(back.policy.as_ref().map(|v| v.verdict), Some(crate::analysis::report::PolicyVerdict::Blocked));
        // Taken away again: the worker's JSON, byte for byte.
        let (without, json) = with_policy(with, json, None);
        assert!(without.policy.is_none());
        assert_eq!(&*json, worker_json);
    }

    #[test]
    fn no_analysis_while_the_policy_loads_or_cannot_be_used() {
        let s = reduce(&State::default(), Action::PolicyLoading { source: "p.json".into() });
        assert!(s.policy.blocks_analysis().is_some_and(|m| m.contains("still loading")));
        let s = reduce(&s, Action::PolicyFailed { source: "p.json".into(), message: "`name` is missing".into() });
        assert!(s.policy.blocks_analysis().is_some_and(|m| m.contains("cannot be used") && m.contains("`name` is missing")));
        let s = reduce(&s, Action::PolicyLoaded { source: "p.json".into(), policy: strict() });
        assert_eq!(s.policy.blocks_analysis(), None);
        assert_eq!(State::default().policy.blocks_analysis(), None);
    }

    #[test]
    fn failures_are_worded_by_kind() {
        assert_eq!(Failure::classify("unsupported", "this is a PDF document, not an app package: …").kind, FailureKind::NotAPackage);
        assert_eq!(Failure::classify("unsupported", "this is an iOS app (IPA); AppLens cannot analyse this format yet").kind, FailureKind::Unsupported);
        let truncated = Failure::classify("malformed", "zip: no end-of-central-directory record: this is not a ZIP archive, or it is truncated");
        assert_eq!(truncated.kind, FailureKind::Truncated);
        assert_eq!(truncated.title(), "This package is incomplete");
        assert_eq!(Failure::classify("limit", "too many entries").kind, FailureKind::TooLarge);
        assert_eq!(Failure::classify("", "AppLens hit an internal error").kind, FailureKind::Internal);
        assert_eq!(Failure::classify("malformed", "bad chunk").kind, FailureKind::Damaged);
    }
}
