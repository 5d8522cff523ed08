//! Reports in formats other tools read: one CSV row per package for spreadsheets, and SARIF 2.1.0 for code
//! scanning dashboards (GitHub, SARIF viewers). Pure functions of finished reports, so the command line, and
//! the page if it ever offers them, write the same thing; the JSON report itself is `Report`'s serialisation.

pub mod csv;
pub mod rules;
pub mod sarif;
