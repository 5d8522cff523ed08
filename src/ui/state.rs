//! The page's state and its pure reducer: no browser APIs, so it is unit-tested natively.

use std::rc::Rc;

use crate::analysis::report::Report;

#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    /// Nothing analysed yet: the drop zone invites a file or the sample.
    Idle,
    Running { file_name: String, stage: String, overall: f64 },
    Done { report: Rc<Report>, report_json: Rc<str>, stats: RunStats },
    Failed { file_name: String, message: String },
}

/// How the analysis went, shown under the report as proof that the work happened on this device.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct RunStats {
    pub millis: f64,
    /// Size of the worker's WebAssembly memory when it finished (it only grows, so this is its peak).
    pub wasm_memory_bytes: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub phase: Phase,
    /// Each analysis gets a new id; messages from an older, abandoned run are ignored.
    pub run_id: u32,
}

impl Default for State {
    fn default() -> Self {
        Self { phase: Phase::Idle, run_id: 0 }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// The page picks the run id (it must tell the worker before the reducer runs).
    Start { run_id: u32, file_name: String },
    Progress { run_id: u32, stage: String, overall: f64 },
    Finished { run_id: u32, report: Rc<Report>, report_json: Rc<str>, stats: RunStats },
    Failed { run_id: u32, file_name: String, message: String },
}

pub fn reduce(state: &State, action: Action) -> State {
    match action {
        Action::Start { run_id, file_name } => State {
            run_id,
            phase: Phase::Running { file_name, stage: "Starting".into(), overall: 0.0 },
        },
        Action::Progress { run_id, stage, overall } if run_id == state.run_id => match &state.phase {
            Phase::Running { file_name, .. } => State {
                run_id,
                phase: Phase::Running { file_name: file_name.clone(), stage, overall: overall.clamp(0.0, 1.0) },
            },
            _ => state.clone(),
        },
        Action::Finished { run_id, report, report_json, stats } if run_id == state.run_id => {
            State { run_id, phase: Phase::Done { report, report_json, stats } }
        }
        Action::Failed { run_id, file_name, message } if run_id == state.run_id => {
            State { run_id, phase: Phase::Failed { file_name, message } }
        }
        // A message from a run that was replaced by a newer one.
        _ => state.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_of_an_old_run_is_ignored() {
        let s = reduce(&State::default(), Action::Start { run_id: 1, file_name: "a.apk".into() });
        let s = reduce(&s, Action::Start { run_id: 2, file_name: "b.apk".into() });
        let stale = reduce(&s, Action::Failed { run_id: 1, file_name: "a.apk".into(), message: "x".into() });
        assert_eq!(stale, s);
        let s = reduce(&s, Action::Progress { run_id: 2, stage: "Reading".into(), overall: 2.0 });
        assert_eq!(s.phase, Phase::Running { file_name: "b.apk".into(), stage: "Reading".into(), overall: 1.0 });
    }

    #[test]
    fn failure_keeps_the_file_name() {
        let s = reduce(&State::default(), Action::Start { run_id: 7, file_name: "x.pdf".into() });
        let s = reduce(&s, Action::Failed { run_id: s.run_id, file_name: "x.pdf".into(), message: "not a package".into() });
        assert!(matches!(s.phase, Phase::Failed { ref file_name, .. } if file_name == "x.pdf"));
    }
}
