//! Every plain-language text of a report, and nothing else: ids, names, evidence, paths and what was copied
//! from the package stay as they are. One list, so the translation and the tests that look for English left
//! in a translated report see the same fields. Fields added by later work are English until listed here.

use crate::analysis::report::Report;

/// Calls `f` on each translatable text of `report`, in report order.
pub fn texts_mut(report: &mut Report, f: &mut dyn FnMut(&mut String)) {
    let opt = |o: &mut Option<String>, f: &mut dyn FnMut(&mut String)| {
        if let Some(s) = o.as_mut() {
            f(s);
        }
    };
    for p in &mut report.permissions {
        opt(&mut p.meaning, f);
        opt(&mut p.why, f);
        opt(&mut p.status_note, f);
        opt(&mut p.platform_label, f);
        opt(&mut p.platform_description, f);
    }
    for s in &mut report.special_access {
        f(&mut s.meaning);
        f(&mut s.why);
    }
    if let Some(code) = report.code.as_mut() {
        for h in &mut code.hidden {
            f(&mut h.message);
        }
        for fw in &mut code.frameworks {
            f(&mut fw.read);
            opt(&mut fw.unread, f);
        }
        for o in &mut code.other_code {
            opt(&mut o.note, f);
        }
    }
    for c in &mut report.capabilities {
        f(&mut c.title);
        f(&mut c.meaning);
    }
    for r in &mut report.recipients {
        opt(&mut r.adequacy.eu_note, f);
        opt(&mut r.adequacy.uk_note, f);
        opt(&mut r.adequacy.remark, f);
    }
    for x in &mut report.findings {
        f(&mut x.title);
        f(&mut x.explanation);
    }
    for l in &mut report.limitations {
        f(&mut l.message);
    }
    for w in &mut report.warnings {
        f(&mut w.message);
    }
    if let Some(ios) = report.ios.as_mut() {
        for m in &mut ios.background_modes {
            opt(&mut m.meaning, f);
        }
        for e in &mut ios.extensions {
            f(&mut e.kind);
            opt(&mut e.meaning, f);
        }
        for e in &mut ios.entitlements {
            opt(&mut e.meaning, f);
        }
        for m in &mut ios.privacy_manifests {
            for d in &mut m.collected_data {
                f(&mut d.label);
                for t in &mut d.purposes {
                    opt(&mut t.label, f);
                }
            }
            for a in &mut m.accessed_apis {
                f(&mut a.label);
                for t in &mut a.reasons {
                    opt(&mut t.label, f);
                }
            }
        }
    }
    if let Some(risk) = report.risk.as_mut() {
        f(&mut risk.label);
        f(&mut risk.verdict);
        f(&mut risk.reason);
        f(&mut risk.summary);
        for c in &mut risk.concerns {
            f(&mut c.text);
        }
        for c in &mut risk.categories {
            f(&mut c.name);
            f(&mut c.description);
            f(&mut c.level_name);
            for i in &mut c.items {
                f(&mut i.text);
            }
        }
        for i in &mut risk.unplaced {
            f(&mut i.text);
        }
        f(&mut risk.confidence.words);
        for r in &mut risk.confidence.reasons {
            f(&mut r.message);
            f(&mut r.effect);
        }
    }
    if let Some(policy) = report.policy.as_mut() {
        f(&mut policy.summary);
        for r in &mut policy.reasons {
            f(&mut r.message);
        }
        if let Some(r) = policy.allowed_by.as_mut() {
            f(&mut r.message);
        }
    }
}

/// Every translatable text of a report (for tests and for counting what is translated).
pub fn texts(report: &Report) -> Vec<String> {
    let mut copy = report.clone();
    let mut out = Vec::new();
    texts_mut(&mut copy, &mut |s| out.push(s.clone()));
    out
}
