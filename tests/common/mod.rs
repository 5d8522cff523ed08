//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use applens::analysis::source::FileSource;
use applens::analysis::{analyze, Options, Report, Result};

/// `../shared/corpus`, or `None` (and a message saying the test is skipped) when it is absent.
pub fn corpus(test: &str) -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("SKIPPED {test}: ../shared/corpus is absent (the real-package corpus lives beside the repo)");
        None
    }
}

pub fn analyze_path(path: &Path) -> Result<Report> {
    let source = FileSource::open(path).expect("open test file");
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    analyze(&source, &name, &Options::default(), &mut |_| {})
}

/// The sample APK built by script/build-sample (script/test builds it before the tests run).
pub fn sample_apk() -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/sample/applens-sample.apk");
    if path.is_file() {
        Some(path)
    } else if std::env::var_os("CI").is_some() {
        panic!("target/sample/applens-sample.apk is missing: script/test builds it with script/build-sample");
    } else {
        eprintln!("SKIPPED: target/sample/applens-sample.apk not built; run script/build-sample");
        None
    }
}

/// An iOS fixture built by script/build-ios-fixtures (script/test builds them before the tests run).
pub fn ios_fixture(name: &str) -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/ios-fixtures").join(name);
    if path.is_file() {
        Some(path)
    } else if std::env::var_os("CI").is_some() {
        panic!("target/ios-fixtures/{name} is missing: script/test builds it with script/build-ios-fixtures");
    } else {
        eprintln!("SKIPPED: target/ios-fixtures/{name} not built; run script/build-ios-fixtures");
        None
    }
}
