//! The one error type of the analysis core.
//!
//! "Malformed" (the bytes break the format's rules) is kept apart from "unsupported" (a valid package of a
//! kind AppLens does not read yet) and from "limit" (a bound that protects the browser tab was hit), because
//! the page words them differently: the first may be an attack or a broken download, the second is our gap.

use std::fmt;

use serde::{Deserialize, Serialize};

#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ErrorKind {
    /// The bytes do not follow the format.
    Malformed,
    /// A well-formed input of a kind AppLens cannot analyse (yet).
    Unsupported,
    /// A safety limit (size, count, depth) was exceeded.
    Limit,
    /// The byte source could not be read (file vanished, browser refused the read).
    Io,
}

// Serialisable so that one browser worker can hand another the warnings of the code it read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Error {
    pub kind: ErrorKind,
    /// The part being read: "zip", "AndroidManifest.xml", "AXML string pool"...
    pub part: String,
    pub message: String,
    /// Byte offset inside `part` where the problem was seen, when known.
    pub offset: Option<u64>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    pub fn malformed(part: impl Into<String>, message: impl Into<String>) -> Self {
        Self { kind: ErrorKind::Malformed, part: part.into(), message: message.into(), offset: None }
    }
    pub fn unsupported(part: impl Into<String>, message: impl Into<String>) -> Self {
        Self { kind: ErrorKind::Unsupported, part: part.into(), message: message.into(), offset: None }
    }
    pub fn limit(part: impl Into<String>, message: impl Into<String>) -> Self {
        Self { kind: ErrorKind::Limit, part: part.into(), message: message.into(), offset: None }
    }
    pub fn io(part: impl Into<String>, message: impl Into<String>) -> Self {
        Self { kind: ErrorKind::Io, part: part.into(), message: message.into(), offset: None }
    }
    pub fn at(mut self, offset: u64) -> Self {
        self.offset = Some(offset);
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.part, self.message)?;
        if let Some(offset) = self.offset {
            write!(f, " at 0x{offset:x}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}
