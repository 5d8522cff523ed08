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

/// iOS packages have recipients too: the company behind each SDK found, with its country's facts.
#[test]
fn ios_sdks_give_recipients_with_facts() {
    let Some(corpus) = common::corpus("ios_sdks_give_recipients_with_facts") else { return };
    let report = common::analyze_path(&corpus.join("ipa/firebase_fcm_test_spm_privacy_bundles.ipa")).expect("analysed");
    assert!(!report.trackers.is_empty(), "the Firebase SDKs are found");
    let google = report.recipients.iter().find(|r| r.company.starts_with("Google")).expect("Google is a recipient");
    assert_eq!(google.country.as_deref(), Some("US"));
    assert_eq!(google.adequacy, adequacy(Some("US")));
    assert!(report.trackers.iter().all(|t| report.recipients.iter().any(|r| r.trackers.contains(&t.name))), "every SDK's company");
    // It counts in the grade, once, on the "who else gets it" axis.
    let risk = report.risk.expect("graded");
    let items: Vec<_> = risk.categories.iter().flat_map(|c| &c.items).filter(|i| i.source == "recipient").collect();
    assert_eq!(items.len(), report.recipients.len());
    assert!(risk.sharing > 0.0);
}
