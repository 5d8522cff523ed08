//! One row per package (RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a comma, a
//! quote or a line break, quotes doubled), for spreadsheets and inventories.
//!
//! Package strings are hostile: an app named `=HYPERLINK("http://evil","Click")` would become a live formula
//! when the file is opened in a spreadsheet. Every cell that begins with `=`, `+`, `-`, `@`, a tab or a
//! carriage return gets a leading `'` (OWASP's advice for CSV injection), so it stays text.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::analysis::error::Error;
use crate::analysis::report::{Grant, PermissionSource, PermissionStatus, Platform, PolicyVerdict, Report};

/// The columns, in order (documented in `docs/cli.md`).
pub const COLUMNS: [&str; 18] = [
    "file",
    "sha256",
    "platform",
    "format",
    "app_id",
    "name",
    "version",
    "version_code",
    "grade",
    "policy_verdict",
    "permissions",
    "sensitive_permissions",
    "trackers",
    "findings",
    "tracker_companies",
    "recipient_countries",
    "limitations",
    "error",
];

/// Between the values of a multi-valued cell.
const LIST_SEPARATOR: &str = "; ";

/// The header line, CRLF included.
pub fn header() -> String {
    line(COLUMNS.iter().map(|c| c.to_string()))
}

/// The row of one report; `file` is the path as the user gave it.
pub fn row(file: &str, r: &Report) -> String {
    let mut companies: Vec<&str> = Vec::new();
    for t in &r.trackers {
        if !companies.contains(&t.company.as_str()) {
            companies.push(&t.company);
        }
    }
    let countries: BTreeSet<&str> = r.recipients.iter().filter_map(|x| x.country.as_deref()).collect();
    let platform = match r.platform {
        Platform::Android => "android",
        Platform::Ios => "ios",
    };
    let verdict = r.policy.as_ref().map(|p| match p.verdict {
        PolicyVerdict::Allowed => "allowed",
        PolicyVerdict::Warn => "warn",
        PolicyVerdict::Blocked => "blocked",
    });
    let format = serde_json::to_value(r.format).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
    line([
        file.to_string(),
        r.file.sha256.clone(),
        platform.to_string(),
        format,
        r.app.id.clone().unwrap_or_default(),
        r.app.name.clone().unwrap_or_default(),
        r.app.version_name.clone().unwrap_or_default(),
        r.app.version_code.map(|c| c.to_string()).unwrap_or_default(),
        r.risk.as_ref().map(|k| k.grade.clone()).unwrap_or_default(),
        verdict.unwrap_or_default().to_string(),
        r.permissions.len().to_string(),
        sensitive_permissions(r).to_string(),
        r.trackers.len().to_string(),
        r.findings.len().to_string(),
        companies.join(LIST_SEPARATOR),
        countries.into_iter().collect::<Vec<_>>().join(LIST_SEPARATOR),
        r.limitations.len().to_string(),
        String::new(),
    ])
}

/// The row of a file that could not be analysed: its path and the error, the other cells empty.
pub fn error_row(file: &str, e: &Error) -> String {
    let mut cells = vec![String::new(); COLUMNS.len()];
    if let Some(first) = cells.first_mut() {
        *first = file.to_string();
    }
    if let Some(last) = cells.last_mut() {
        *last = e.to_string();
    }
    line(cells)
}

/// Permissions a person should look at: on Android the distinct permissions current Android gives this app
/// that are dangerous (asked for while the app runs) or special access (switched on in Settings, including
/// services the app offers the system, such as an accessibility service); on iOS every usage key, since each
/// is a question the person answers.
pub fn sensitive_permissions(r: &Report) -> usize {
    if r.platform == Platform::Ios {
        return r.permissions.len();
    }
    let dangerous = r.permissions.iter().filter(|p| {
        p.status != PermissionStatus::NotAppliedOnCurrentAndroid
            && ((p.defined_by == PermissionSource::Platform && p.protection_level.as_deref().is_some_and(|l| l.starts_with("dangerous")))
                || p.grant == Some(Grant::Settings))
    });
    let names: BTreeSet<&str> = dangerous.map(|p| p.name.as_str()).chain(r.special_access.iter().map(|s| s.permission.as_str())).collect();
    names.len()
}

fn line(cells: impl IntoIterator<Item = String>) -> String {
    let mut out = String::new();
    for (i, c) in cells.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "{}", cell(&c));
    }
    out.push_str("\r\n");
    out
}

/// One cell: defused if a spreadsheet would read it as a formula, then quoted if RFC 4180 requires it.
fn cell(value: &str) -> String {
    let defused = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{value}") } else { value.to_string() };
    if defused.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::report::{FileInfo, Format};

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(cell("plain"), "plain");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(cell("=HYPERLINK(\"http://x\",\"y\")"), "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
        assert_eq!(cell("+1"), "'+1");
        assert_eq!(cell("-1"), "'-1");
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("\tx"), "'\tx");
        assert_eq!(cell("a=b"), "a=b", "only a leading sign makes a formula");
    }

    #[test]
    fn a_row_has_every_column_and_an_error_row_names_the_error() {
        let mut r = Report::new(FileInfo { name: "x.apk".into(), size: 1, sha256: "ab".into() }, Format::Apk);
        r.app.name = Some("=cmd|' /C calc'!A0".into());
        let row = row("dir/x.apk", &r);
        assert!(row.ends_with("\r\n"));
        assert!(row.starts_with("dir/x.apk,ab,android,apk,,'=cmd|' /C calc'!A0,"), "{row}");
        assert_eq!(header().matches(',').count(), COLUMNS.len() - 1);
        let e = error_row("broken.apk", &Error::malformed("zip", "the end record is missing").at(16));
        assert_eq!(e, format!("broken.apk{}zip: the end record is missing at 0x10\r\n", ",".repeat(COLUMNS.len() - 1)));
    }
}
