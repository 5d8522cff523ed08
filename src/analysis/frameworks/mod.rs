//! Readers for what cross-platform app frameworks put beside (or instead of) DEX code: Flutter's licence
//! file, which lists every bundled Dart package (`notices`), and the printable strings of compiled code
//! that AppLens does not disassemble (`strings`). Pure: bytes in, facts out; the Android code stage
//! (`android::code::frameworks`) decides what to read and how much.

pub mod notices;
pub mod strings;
