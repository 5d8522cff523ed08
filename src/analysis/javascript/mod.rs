//! Code written in JavaScript, on Android and iOS: which framework carries it (Cordova / PhoneGap,
//! Capacitor, Ionic, React Native; `frameworks`), and what its files name: internet hosts and URLs, and the
//! tracker SDKs of `data/js_signatures.tsv` (`scan`). React Native bundles compiled for the Hermes engine
//! are read through their string table (`hermes`).
//!
//! What this is not: a JavaScript interpreter. AppLens reads the text (or the Hermes strings) for names;
//! what the code does at run time, and any code a page loads from the internet, stays unseen, and the
//! report says so.

pub mod frameworks;
pub mod hermes;
pub mod merge;
pub mod scan;

pub use frameworks::{detect, Detected, FrameworkKind};
pub use scan::{JsFacts, JsScan};
