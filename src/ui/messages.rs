//! Messages between the page and the analysis worker. The package itself travels as a `Blob` (set
//! beside these fields), never copied: the worker reads it slice by slice.

use serde::{Deserialize, Serialize};

/// Worker → page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FromWorker {
    Ready,
    Progress { run_id: u32, stage: String, overall: f64 },
    /// The report as JSON (schema version 1): the same bytes the page offers for download.
    /// `stage_millis`: how long each stage took, in the order they ran (for the benchmark and the curious).
    Report {
        run_id: u32,
        report_json: String,
        millis: f64,
        /// The WebAssembly memory of the analysis worker and its helper together.
        wasm_memory_bytes: f64,
        #[serde(default)]
        stage_millis: Vec<(String, f64)>,
    },
    /// `error_kind`: the core's error kind in lower case (`malformed`, `unsupported`, `limit`, `io`), or
    /// `internal` after a crash; the page words the error by it.
    Error {
        run_id: u32,
        message: String,
        #[serde(default)]
        error_kind: String,
    },
}
