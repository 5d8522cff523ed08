//! The one reader of the embedded TSV tables: `#` lines are the header comment (source and licence), the
//! first other line names the columns, every later line is a row. Missing trailing fields read as "".

/// Rows of `table` as their fields, header line skipped.
pub fn rows(table: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .map(|l| l.split('\t').collect())
}

/// Field `i` of a row, or "" when the row is shorter.
pub fn field(row: &[&'static str], i: usize) -> &'static str {
    row.get(i).copied().unwrap_or_default()
}

/// The column names of `table`.
#[cfg(test)]
pub fn header(table: &'static str) -> Vec<&'static str> {
    table.lines().find(|l| !l.starts_with('#')).map(|l| l.split('\t').collect()).unwrap_or_default()
}
