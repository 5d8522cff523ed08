//! "Who signed it": the package's signer(s) in plain words (subject, fingerprint, validity, key, signature
//! schemes), an earlier key history when the developer rotated keys, and points to the signing findings, listed with all others, with their
//! evidence. Every string from the package is rendered as text.

use std::rc::Rc;

use yew::prelude::*;

use super::i18n::{language, tr, trf};

use super::format::{colon_hex, scheme_names};
use crate::analysis::report::{Report, Signer, Signing};

#[derive(Properties, PartialEq)]
pub struct SigningProps {
    pub report: Rc<Report>,
}

#[function_component(SigningView)]
pub fn signing_view(props: &SigningProps) -> Html {
    let Some(signing) = props.report.signing.as_ref() else { return html! {} };
    html! {
        <section class="al-signing" data-testid="signing">
            <h2>{tr("Who signed it")}</h2>
            if signing.schemes.is_empty() {
                <p class="al-signing-none" data-testid="signing-none">
                    {tr("This app carries no signature, so nothing says who made it. Android refuses to install it as it is.")}
                </p>
            } else {
                <p class="al-muted">
                    {tr("Every Android app is signed with its developer's key; Android accepts an update only if it is signed with the same key. The certificate below names the key's owner as the developer wrote it: anyone can write any name, so compare the fingerprint with the one the developer publishes.")}
                </p>
                { for signing.signers.iter().map(view_signer) }
                { view_lineage(signing) }
                <p class="al-muted al-signing-note" data-testid="signing-not-verified">
                    { trf("Signature schemes present: {schemes}. Signature present, not verified: AppLens reads who signed the app but does not check the signature itself.", &[("schemes", &scheme_names(&signing.schemes))]) }
                </p>
            }
        </section>
    }
}

fn view_signer(signer: &Signer) -> Html {
    let c = &signer.certificate;
    let day = |d: &Option<String>| d.as_deref().and_then(|d| d.get(..10)).map_or_else(|| tr("unknown"), |d| language().date(d));
    let expired = c.expired == Some(true);
    let validity_class = expired.then_some("al-warn");
    let (from, to) = (day(&c.not_before), day(&c.not_after));
    let validity = if expired {
        trf("from {from} to {to} (expired)", &[("from", &from), ("to", &to)])
    } else {
        trf("from {from} to {to}", &[("from", &from), ("to", &to)])
    };
    let key = match c.key_size {
        Some(bits) => trf("{algorithm}, {bits} bits", &[("algorithm", &c.key_algorithm), ("bits", &bits.to_string())]),
        None => c.key_algorithm.clone(),
    };
    let schemes: Vec<String> = signer.signatures.iter().map(|s| s.scheme.clone()).collect();
    let issuer = if c.issuer == c.subject { tr("itself (self-signed, as usual for apps)") } else { c.issuer.clone() };
    let list = |v: Vec<String>| v.join(", ");
    // (label, value, data-testid, class): one html! for all rows keeps the page's WebAssembly small.
    let facts = [
        (tr("Valid"), validity, "signer-validity", validity_class),
        (tr("Key"), key, "signer-key", None),
        (tr("Signature schemes"), scheme_names(&schemes), "signer-schemes", None),
        (tr("Issued by"), issuer, "signer-issuer", None),
    ];
    let details = [
        (tr("Serial number"), c.serial.clone(), "signer-serial", Some("al-hash")),
        (tr("Signature algorithms"), list(signer.signatures.iter().map(|s| format!("{} ({})", s.algorithm, s.scheme)).collect()), "signer-algorithms", None),
        (tr("Certificate signed with"), c.signature_algorithm.clone(), "signer-cert-algorithm", None),
        (tr("Stored in"), list(signer.signatures.iter().map(|s| s.location.clone()).collect()), "signer-locations", None),
    ];
    html! {
        <div class="al-signer" data-testid="signer" data-sha256={c.sha256.clone()}>
            <p class="al-signer-name">
                <span class="al-muted">{tr("Signed by: ")}</span>
                <strong data-testid="signer-subject">{&c.subject}</strong>
            </p>
            <dl class="al-facts">
                <dt>{tr("Fingerprint (SHA-256)")}</dt>
                <dd class="al-hash" data-testid="signer-fingerprint">{ fingerprint(&c.sha256) }</dd>
                { fact_rows(&facts) }
            </dl>
            <details class="al-evidence">
                <summary>{tr("Details")}</summary>
                <dl class="al-facts">{ fact_rows(&details) }</dl>
            </details>
        </div>
    }
}

type Fact = (String, String, &'static str, Option<&'static str>);

/// `AB:CD:…` with a line break allowed only between bytes; copying it gives the plain text.
fn fingerprint(sha256: &str) -> Html {
    let text = colon_hex(sha256);
    let bytes: Vec<&str> = text.split_inclusive(':').collect();
    html! { <>{ for bytes.iter().map(|b| html! { <span class="al-fp-byte">{*b}</span> }) }</> }
}

/// `<dt>`/`<dd>` pairs, to go inside a `<dl class="al-facts">`.
fn fact_rows(rows: &[Fact]) -> Html {
    html! {
        <>{ for rows.iter().map(|(label, value, testid, class)| html! {
            <><dt>{label.clone()}</dt><dd data-testid={*testid} class={*class}>{value.clone()}</dd></>
        }) }</>
    }
}

fn view_lineage(signing: &Signing) -> Html {
    if signing.lineage.len() < 2 {
        return html! {};
    }
    html! {
        <div class="al-lineage" data-testid="lineage">
            <h3>{tr("Signing keys over time (oldest first)")}</h3>
            <ol>
                { for signing.lineage.iter().map(|c| html! {
                    <li><span>{&c.subject}</span><br/><span class="al-hash">{ fingerprint(&c.sha256) }</span></li>
                }) }
            </ol>
        </div>
    }
}

