//! Named stages of an analysis, so the page can say what is happening, not only how far along it is.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Opening,
    Manifest,
    Code,
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
            Stage::Code => "Reading the app's code (DEX files)",
            Stage::Programs => "Reading the app's programs",
            Stage::Fingerprint => "Computing the file's SHA-256 fingerprint",
            Stage::Done => "Done",
        }
    }

    /// Where this stage sits in the whole run (start, share).
    fn span(self) -> (f64, f64) {
        match self {
            Stage::Opening => (0.0, 0.05),
            Stage::Manifest => (0.05, 0.05),
            // Inflating and reading every DEX file costs about what hashing the whole package does.
            Stage::Code => (0.10, 0.45),
            Stage::Fingerprint => (0.55, 0.45),
            // An iOS package's programs stand where an Android package's DEX files do.
            Stage::Programs => (0.10, 0.45),
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
