//! iOS rules: each looks at the finished `IosDetails` and report (so it is a pure function, tested on
//! fixtures) and states a risk with the exact evidence behind it. The words live in `data/ios_rules.tsv`.

use super::info::weak_tls;
use crate::analysis::knowledge::ios::rule;
use crate::analysis::report::{Evidence, Finding, IosDetails, Report, Severity};

/// Apps query a few schemes for sharing or maps; this many starts to look like an inventory of the phone.
pub const MANY_QUERIED_SCHEMES: usize = 15;

fn severity(s: &str) -> Severity {
    match s {
        "high" => Severity::High,
        "medium" => Severity::Medium,
        "low" => Severity::Low,
        _ => Severity::Info,
    }
}

fn finding(id: &str, n: usize, evidence: Vec<Evidence>) -> Option<Finding> {
    let text = rule(id)?;
    let fill = |s: &str| s.replace("{n}", &n.to_string()).replace("{s}", if n == 1 { "" } else { "s" });
    Some(Finding {
        id: text.id.to_string(),
        severity: severity(text.severity),
        category: text.category.to_string(),
        title: fill(text.title),
        explanation: fill(text.explanation),
        evidence,
    })
}

fn plist_evidence(location: &str, text: String) -> Evidence {
    Evidence { kind: "plist".into(), location: location.to_string(), text }
}

/// Every rule, in a stable order (most severe first within the list the page shows is the page's job).
pub fn evaluate(report: &Report, ios: &IosDetails) -> Vec<Finding> {
    let info_plist = format!("{}Info.plist", ios.bundle_path);
    let mut out = Vec::new();
    let mut push = |f: Option<Finding>| out.extend(f);

    // Distribution and signing.
    if let Some(p) = &ios.provisioning {
        let ev = || vec![Evidence { kind: "file".into(), location: p.path.clone(), text: profile_summary(p) }];
        match p.kind.as_str() {
            "enterprise" => push(finding("ios.signing.enterprise", 0, ev())),
            "ad_hoc" => push(finding("ios.signing.ad_hoc", 0, ev())),
            _ => {}
        }
    }
    let debug: Vec<Evidence> = ios
        .entitlements
        .iter()
        .filter(|e| e.key == "get-task-allow" && e.value == serde_json::Value::Bool(true))
        .map(|e| Evidence { kind: "entitlement".into(), location: format!("{} ({})", e.location, e.source), text: "get-task-allow = true".into() })
        .collect();
    if !debug.is_empty() {
        push(finding("ios.signing.debug", 0, debug));
    }

    // What it asks the person for.
    if let Some(p) = report.permissions.iter().find(|p| p.name == "NSUserTrackingUsageDescription") {
        push(finding("ios.tracking.permission", 0, p.evidence.clone()));
    }
    let mut location: Vec<Evidence> = report
        .permissions
        .iter()
        .filter(|p| p.name == "NSLocationAlwaysAndWhenInUseUsageDescription" || p.name == "NSLocationAlwaysUsageDescription")
        .flat_map(|p| p.evidence.clone())
        .collect();
    if ios.background_modes.iter().any(|m| m.mode == "location") {
        location.push(plist_evidence(&info_plist, "<key>UIBackgroundModes</key><array><string>location</string>…</array>".into()));
    }
    if !location.is_empty() {
        push(finding("ios.location.background", 0, location));
    }

    // Network security.
    let ats = &ios.transport_security;
    if ats.allows_arbitrary_loads {
        let id = if ats.arbitrary_loads_ignored_on_ios10 { "ios.ats.arbitrary_loads_old_ios" } else { "ios.ats.arbitrary_loads" };
        push(finding(id, 0, vec![plist_evidence(&info_plist, "<key>NSAllowsArbitraryLoads</key><true/>".into())]));
    }
    let weak: Vec<Evidence> = ats
        .exception_domains
        .iter()
        .filter(|d| d.allows_insecure_http || d.minimum_tls_version.as_deref().is_some_and(weak_tls))
        .map(|d| {
            let mut what = Vec::new();
            if d.allows_insecure_http {
                what.push("plain http allowed".to_string());
            }
            if let Some(v) = d.minimum_tls_version.as_deref().filter(|v| weak_tls(v)) {
                what.push(format!("minimum TLS {v}"));
            }
            let sub = if d.includes_subdomains { " and its subdomains" } else { "" };
            plist_evidence(&info_plist, format!("NSExceptionDomains: {}{sub}: {}", d.domain, what.join(", ")))
        })
        .collect();
    if !weak.is_empty() {
        push(finding("ios.ats.insecure_domains", weak.len(), weak));
    }
    let vpn: Vec<Evidence> = ios
        .entitlements
        .iter()
        .filter(|e| e.key == "com.apple.developer.networking.networkextension" && e.value.as_array().is_some_and(|a| !a.is_empty()))
        .map(|e| Evidence { kind: "entitlement".into(), location: format!("{} ({})", e.location, e.source), text: format!("{} = {}", e.key, e.value) })
        .chain(ios.extensions.iter().filter(|x| x.point.as_deref().is_some_and(|p| p.starts_with("com.apple.networkextension"))).map(|x| {
            Evidence { kind: "file".into(), location: x.path.clone(), text: format!("NSExtensionPointIdentifier = {}", x.point.clone().unwrap_or_default()) }
        }))
        .collect();
    if !vpn.is_empty() {
        push(finding("ios.network.vpn", 0, vpn));
    }

    // Extensions.
    let keyboards: Vec<Evidence> = ios
        .extensions
        .iter()
        .filter(|x| x.point.as_deref() == Some("com.apple.keyboard-service") && x.requests_open_access == Some(true))
        .map(|x| Evidence {
            kind: "plist".into(),
            location: format!("{}Info.plist", x.path),
            text: "NSExtension > NSExtensionAttributes > <key>RequestsOpenAccess</key><true/>".into(),
        })
        .collect();
    if !keyboards.is_empty() {
        push(finding("ios.keyboard.open_access", 0, keyboards));
    }

    // Which other apps it looks for.
    if ios.queried_schemes.len() >= MANY_QUERIED_SCHEMES {
        let list = ios.queried_schemes.join(", ");
        push(finding("ios.queries.many_apps", ios.queried_schemes.len(), vec![plist_evidence(&info_plist, format!("LSApplicationQueriesSchemes: {list}"))]));
    }

    // Privacy manifests: declared versus found.
    let tracking: Vec<Evidence> = ios
        .privacy_manifests
        .iter()
        .filter(|m| m.tracking == Some(true))
        .map(|m| {
            let domains = if m.tracking_domains.is_empty() { String::new() } else { format!("; tracking domains: {}", m.tracking_domains.join(", ")) };
            plist_evidence(&m.path, format!("<key>NSPrivacyTracking</key><true/>{domains}"))
        })
        .collect();
    let declares_tracking = !tracking.is_empty();
    if declares_tracking {
        push(finding("ios.privacy.tracking_declared", 0, tracking));
    }
    let in_code: Vec<Evidence> = ios
        .privacy_manifests
        .iter()
        .flat_map(|m| m.tracking_domains_in_code.iter().map(move |d| Evidence { kind: "domain".into(), location: m.path.clone(), text: d.clone() }))
        .collect();
    if !in_code.is_empty() {
        push(finding("ios.privacy.tracking_domains_in_code", in_code.len(), in_code));
    }
    if !declares_tracking {
        let mut observed: Vec<Evidence> = report
            .trackers
            .iter()
            .filter(|t| t.categories.iter().any(|c| c == "Advertisement"))
            .filter_map(|t| t.evidence.first().map(|e| Evidence { text: format!("{}: {}", t.name, e.text), ..e.clone() }))
            .collect();
        if let Some(p) = report.permissions.iter().find(|p| p.name == "NSUserTrackingUsageDescription") {
            observed.extend(p.evidence.iter().cloned());
        }
        if !observed.is_empty() {
            push(finding("ios.privacy.tracking_undeclared", 0, observed));
        }
    }
    let missing: Vec<Evidence> = ios
        .frameworks
        .iter()
        .filter(|f| f.kind == "framework" && !f.has_privacy_manifest && crate::analysis::knowledge::ios::manifest_required(&f.name))
        .map(|f| Evidence { kind: "file".into(), location: f.path.clone(), text: format!("{}.framework has no PrivacyInfo.xcprivacy", f.name) })
        .collect();
    if !missing.is_empty() {
        push(finding("ios.privacy.sdk_without_manifest", missing.len(), missing));
    }
    if !ios.privacy_manifests.iter().any(|m| m.owner == "app") {
        push(finding("ios.privacy.no_app_manifest", 0, vec![Evidence { kind: "file".into(), location: ios.bundle_path.clone(), text: "no PrivacyInfo.xcprivacy at the bundle root".into() }]));
    }
    out
}

fn profile_summary(p: &crate::analysis::report::Provisioning) -> String {
    let mut parts = vec![format!("kind: {}", p.kind.replace('_', " "))];
    if let Some(t) = &p.team_name {
        parts.push(format!("team: {t}"));
    }
    if !p.team_ids.is_empty() {
        parts.push(format!("team id: {}", p.team_ids.join(", ")));
    }
    if p.provisions_all_devices {
        parts.push("ProvisionsAllDevices = true".into());
    }
    if let Some(n) = p.provisioned_devices {
        parts.push(format!("{n} provisioned device(s)"));
    }
    if let Some(e) = &p.expiration_date {
        parts.push(format!("expires {e}"));
    }
    parts.join("; ")
}
