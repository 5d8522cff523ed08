//! Every company a real package may send data to carries what the EU and the UK say of data protection in its
//! country, whenever AppLens knows the country: on every corpus package (and the sample app when it is built),
//! and the sentence the page and the CLI show says it.

mod common;

use applens::analysis::knowledge::jurisdictions::{adequacy, AS_OF};
use applens::analysis::present::recipient_sentence;

#[test]
fn every_corpus_recipient_with_a_country_has_adequacy_facts() {
    let mut paths = Vec::new();
    if let Some(corpus) = common::corpus("every_corpus_recipient_with_a_country_has_adequacy_facts") {
        paths.extend(common::corpus_packages(&corpus));
    }
    paths.extend(common::sample_apk());
    let mut placed = 0;
    for path in paths {
        let Ok(report) = common::analyze_path(&path) else { continue };
        for r in &report.recipients {
            let name = format!("{}: {}", path.display(), r.company);
            match r.country.as_deref() {
                Some(code) => {
                    placed += 1;
                    let a = &r.adequacy;
                    assert!(a.eu.is_some() && a.uk.is_some(), "{name} in {code}: no adequacy facts");
                    assert_eq!(a, &adequacy(Some(code)), "{name}: the facts are the table's for {code}");
                    assert_eq!(a.as_of.as_deref(), Some(AS_OF), "{name}");
                    let sentence = recipient_sentence(r);
                    assert!(sentence.contains("GDPR applies") || sentence.contains("recognise"), "{name}: {sentence}");
                }
                None => assert_eq!(r.adequacy, adequacy(None), "{name}: no country, so no claims"),
            }
        }
    }
    if common::corpus("every_corpus_recipient_with_a_country_has_adequacy_facts").is_some() {
        // blooddonation.apk has Google AdMob: at least that recipient was checked.
        assert!(placed > 0, "no corpus recipient had a country");
    }
}
