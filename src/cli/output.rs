//! Writing a batch's results in the format asked for, one package at a time and in input order, so a long
//! batch streams (JSON lines, CSV rows, human summaries, even the JSON array) instead of being held whole.
//! Only SARIF, a single document whose rules come first, is written at the end, from the results alone.

use std::io::{self, Write};

use serde_json::Value;

use super::human::summary;
use crate::analysis::error::Error;
use crate::analysis::export::{csv, sarif::SarifLog};
use crate::analysis::i18n::Catalog;
use crate::analysis::policy::Policy;
use crate::analysis::report::Report;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
    Jsonl,
    Csv,
    Sarif,
}

pub struct Sink<'w> {
    format: Format,
    /// The language of the human summary's and the SARIF log's words (the reports arrive translated).
    catalog: &'w Catalog,
    out: &'w mut dyn Write,
    /// `--json` with one file named and no folder: the document is the object itself, not an array.
    single: bool,
    written: usize,
    sarif: Option<SarifLog>,
}

impl<'w> Sink<'w> {
    pub fn new(format: Format, out: &'w mut dyn Write, single: bool, policy: Option<&Policy>, catalog: &'w Catalog) -> Self {
        let sarif = (format == Format::Sarif).then(|| SarifLog::in_language(policy, catalog));
        Self { format, catalog, out, single, written: 0, sarif }
    }

    pub fn begin(&mut self) -> io::Result<()> {
        match self.format {
            Format::Csv => self.out.write_all(csv::header().as_bytes()),
            _ => Ok(()),
        }
    }

    pub fn report(&mut self, shown: &str, r: &Report) -> io::Result<()> {
        match self.format {
            Format::Human => self.out.write_all(summary(r, self.catalog).as_bytes())?,
            Format::Json => self.json_element(&serde_json::to_value(r).unwrap_or_default())?,
            Format::Jsonl => self.json_line(&serde_json::to_value(r).unwrap_or_default())?,
            Format::Csv => self.out.write_all(csv::row(shown, r).as_bytes())?,
            Format::Sarif => {
                if let Some(log) = &mut self.sarif {
                    log.add_report(shown, r);
                }
            }
        }
        self.written += 1;
        self.out.flush()
    }

    /// A file that could not be analysed: an error object, an error row or an error result (the human
    /// summary has only the line on stderr, as before).
    pub fn error(&mut self, shown: &str, e: &Error) -> io::Result<()> {
        // The message in the report's language (`data/i18n/<lang>/diagnostics.tsv`); `part` is a name, kept.
        let object = || serde_json::json!({ "file": { "name": shown }, "error": { "part": e.part, "message": self.catalog.text(&e.message), "offset": e.offset } });
        match self.format {
            Format::Human => return Ok(()),
            Format::Json => self.json_element(&object())?,
            Format::Jsonl => self.json_line(&object())?,
            Format::Csv => self.out.write_all(csv::error_row(shown, e).as_bytes())?,
            Format::Sarif => {
                if let Some(log) = &mut self.sarif {
                    log.add_error(shown, e);
                }
            }
        }
        self.written += 1;
        self.out.flush()
    }

    pub fn end(mut self) -> io::Result<()> {
        match self.format {
            Format::Json if self.single && self.written == 1 => Ok(()),
            Format::Json if self.written == 0 => self.out.write_all(b"[]\n"),
            Format::Json => self.out.write_all(b"\n]\n"),
            Format::Sarif => {
                let log = self.sarif.take().map(SarifLog::finish).unwrap_or_default();
                let text = serde_json::to_string_pretty(&log).unwrap_or_default();
                self.out.write_all(text.as_bytes())?;
                self.out.write_all(b"\n")
            }
            _ => Ok(()),
        }?;
        self.out.flush()
    }

    /// One element of the JSON array, written as `serde_json`'s pretty printer writes it inside an array (so
    /// the whole is what printing the array at once would give), or the single object.
    fn json_element(&mut self, v: &Value) -> io::Result<()> {
        let text = serde_json::to_string_pretty(v).unwrap_or_default();
        if self.single {
            self.out.write_all(text.as_bytes())?;
            return self.out.write_all(b"\n");
        }
        self.out.write_all(if self.written == 0 { b"[\n" } else { b",\n" })?;
        for (i, line) in text.lines().enumerate() {
            if i > 0 {
                self.out.write_all(b"\n")?;
            }
            self.out.write_all(b"  ")?;
            self.out.write_all(line.as_bytes())?;
        }
        Ok(())
    }

    fn json_line(&mut self, v: &Value) -> io::Result<()> {
        let text = serde_json::to_string(v).unwrap_or_default();
        self.out.write_all(text.as_bytes())?;
        self.out.write_all(b"\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_streamed_array_is_what_printing_it_whole_gives() {
        let docs = [serde_json::json!({"a": [1, {"b": "x\ny"}], "c": {}}), serde_json::json!({"d": []}), serde_json::json!("s")];
        let mut out = Vec::new();
        let english = Catalog::empty(crate::analysis::i18n::Language::En);
        let mut sink = Sink::new(Format::Json, &mut out, false, None, &english);
        for d in &docs {
            sink.json_element(d).unwrap();
            sink.written += 1;
        }
        sink.end().unwrap();
        let whole = serde_json::to_string_pretty(&serde_json::Value::Array(docs.to_vec())).unwrap() + "\n";
        assert_eq!(String::from_utf8(out).unwrap(), whole);
    }
}
