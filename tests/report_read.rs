//! The page's own report reader (`src/ui/report_read.rs`, kept small for the page's download) reads every
//! report exactly as serde_json does: the sample's and every corpus package's, in English and translated
//! into German (the page reads both), and it refuses what is not a report with a message.
mod common;

use applens::analysis::i18n::{embedded, translate_json, Language};
use applens::analysis::Report;
use applens::ui::report_read::read_report;

#[test]
fn reads_every_report_as_serde_json_does() {
    let reports = common::sample_and_corpus_reports("report_read");
    let german = embedded::catalog(Language::De);
    let mut read = 0;
    for report in &reports {
        let json = serde_json::to_string(report).unwrap();
        for json in [json.clone(), translate_json(&json, &german).unwrap()] {
            let expected: Report = serde_json::from_str(&json).unwrap();
            let ours = read_report(&json).unwrap_or_else(|e| panic!("{}: {e}", report.file.name));
            assert_eq!(ours, expected, "{}", report.file.name);
            read += 1;
        }
    }
    eprintln!("{read} reports read alike");
}

#[test]
fn refuses_what_is_not_a_report() {
    assert!(read_report("not json").unwrap_err().contains("not JSON"));
    assert!(read_report("[1, 2]").unwrap_err().contains("expected an object in the report, found an array"));
    let Some(sample) = common::sample_apk() else { return };
    let report = common::analyze_path(&sample).unwrap();
    let mut value = serde_json::to_value(&report).unwrap();
    value["platform"] = serde_json::json!(7);
    let err = read_report(&value.to_string()).unwrap_err();
    assert!(err.contains("expected a name in the report, found a number"), "{err}");
    value["platform"] = serde_json::json!("plan9");
    assert!(read_report(&value.to_string()).unwrap_err().contains("plan9"));
}
