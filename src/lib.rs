//! AppLens: an app privacy checker that runs entirely in the browser.
//!
//! `analysis` is the pure core (no browser APIs); `ui` is the Yew page and `worker` the Web Worker that runs
//! the core off the page's thread (both need a browser); `cli` is the native command line.

pub mod analysis;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod ui;
#[cfg(target_arch = "wasm32")]
pub mod worker;
