//! Writes the page's catalogs: `dist/i18n/<lang>/<part>.tsv` for every language but English, packed and
//! split as `src/analysis/i18n/pack.rs` describes. Run by `script/build`; prints each part's size.
//!
//! usage: cargo run --example i18n_pack -- DIR      (DIR: where `<lang>/` folders go, e.g. dist/i18n)

use std::io::Write;
use std::path::PathBuf;

use applens::analysis::i18n::{embedded, Language};

fn main() {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: i18n_pack DIR");
        std::process::exit(2);
    };
    for language in Language::ALL.into_iter().filter(|l| *l != Language::En) {
        let folder = dir.join(language.code());
        if let Err(e) = std::fs::create_dir_all(&folder) {
            eprintln!("{}: {e}", folder.display());
            std::process::exit(1);
        }
        for (part, text) in embedded::parts(language) {
            let path = folder.join(format!("{}.tsv", part.name()));
            if let Err(e) = std::fs::write(&path, &text) {
                eprintln!("{}: {e}", path.display());
                std::process::exit(1);
            }
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            let zipped = gz.write_all(text.as_bytes()).and_then(|()| gz.finish()).map(|v| v.len()).unwrap_or(0);
            println!("{}: {} bytes, {zipped} gzipped", path.display(), text.len());
        }
    }
}
