//! Named stages of an analysis, so the page can say what is happening, not only how far along it is.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Opening,
    Manifest,
    /// Reading an iOS app's programs (Mach-O): signatures, libraries, class names.
    Programs,
    Fingerprint,
    Done,
}

impl Stage {
    pub fn label(self) -> &'static str {
        match self {
            Stage::Opening => "Opening the package",
            Stage::Manifest => "Reading the manifest",
            Stage::Programs => "Reading the app's programs",
            Stage::Fingerprint => "Computing the file's SHA-256 fingerprint",
            Stage::Done => "Done",
        }
    }

    /// Where this stage sits in the whole run (start, share). Hashing reads every byte, so it dominates.
    fn span(self) -> (f64, f64) {
        match self {
            Stage::Opening => (0.0, 0.05),
            Stage::Manifest => (0.05, 0.05),
            Stage::Programs => (0.07, 0.03),
            Stage::Fingerprint => (0.10, 0.90),
            Stage::Done => (1.0, 0.0),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub stage: Stage,
    /// Progress of the whole analysis, 0.0 to 1.0.
    pub overall: f64,
}

impl Progress {
    /// `within` is the fraction of `stage` done.
    pub fn new(stage: Stage, within: f64) -> Self {
        let (start, share) = stage.span();
        Self { stage, overall: (start + share * within.clamp(0.0, 1.0)).min(1.0) }
    }
}
