//! What AppLens knows, kept as data files embedded at build time (each with its source and licence in
//! its header); this module only loads and looks them up.

pub mod ios;
pub mod permissions;
