//! Manifest rules: one detector per rule id of `data/android_manifest_rules.tsv` (the words live there).
//! A detector returns the evidence it rests on; no evidence, no finding. Every rule has a fixture where it
//! fires and one where it stays quiet (tests/fixtures/manifest/, tests/manifest_rules.rs).

use crate::analysis::knowledge::manifest_rules::rule;
use crate::analysis::knowledge::platform::{android_version, platform};
use crate::analysis::report::{Evidence, Finding};

use super::manifest::{Component, ComponentKind, IntentFilter, Located, Manifest};
use super::network_security::NetworkSecurityConfig;
use super::MANIFEST_ENTRY;

/// What the detectors look at.
pub struct Context<'a> {
    pub manifest: &'a Manifest,
    /// The app's network security config, when it names one and AppLens found it.
    pub network_security: Option<&'a NetworkSecurityConfig>,
}

type Detector = fn(&Context<'_>) -> Vec<Evidence>;

/// Rule id → detector. Order does not matter: findings are listed by severity, then in the data file's order.
pub const DETECTORS: &[(&str, Detector)] = &[
    ("android.manifest.debuggable", debuggable),
    ("android.manifest.test_only", test_only),
    ("android.manifest.allow_backup", allow_backup),
    ("android.manifest.backup_rules", backup_rules),
    ("android.manifest.cleartext_traffic", cleartext_traffic),
    ("android.network_security.cleartext_everywhere", nsc_cleartext_everywhere),
    ("android.network_security.cleartext_domains", nsc_cleartext_domains),
    ("android.network_security.user_certificates", nsc_user_certificates),
    ("android.network_security.debug_overrides", nsc_debug_overrides),
    ("android.network_security.certificate_pinning", nsc_pinning),
    ("android.manifest.exported_components", exported_components),
    ("android.manifest.implicit_export", implicit_export),
    ("android.manifest.task_hijacking", task_hijacking),
    ("android.manifest.deep_links", deep_links),
    ("android.manifest.app_links", app_links),
    ("android.manifest.boot_receiver", boot_receiver),
    ("android.manifest.sms_receiver", sms_receiver),
    ("android.manifest.call_receiver", call_receiver),
    ("android.manifest.queries", queries),
    ("android.manifest.shared_user_id", shared_user_id),
    ("android.manifest.misplaced_permission", misplaced_permission),
    ("android.manifest.min_sdk_old", min_sdk_old),
    ("android.manifest.target_sdk_old", target_sdk_old),
    ("android.manifest.target_sdk_pre23", target_sdk_pre23),
];

/// Runs every rule; findings sorted by severity (highest first), then in the rule table's order.
pub fn evaluate(ctx: &Context<'_>) -> Vec<Finding> {
    let mut findings: Vec<(usize, Finding)> = Vec::new();
    for (id, detect) in DETECTORS {
        let evidence = detect(ctx);
        if evidence.is_empty() {
            continue;
        }
        let Some(r) = rule(id) else { continue };
        let order = crate::analysis::knowledge::manifest_rules::rules().iter().position(|x| x.id == r.id).unwrap_or(usize::MAX);
        findings.push((
            order,
            Finding {
                id: r.id.to_string(),
                severity: r.severity,
                category: r.category.to_string(),
                title: r.title.to_string(),
                explanation: fill(r.explanation, ctx.manifest),
                evidence,
            },
        ));
    }
    findings.sort_by(|(oa, a), (ob, b)| b.severity.cmp(&a.severity).then(oa.cmp(ob)));
    findings.into_iter().map(|(_, f)| f).collect()
}

/// Fills `{placeholders}` of a rule's explanation from the app.
fn fill(text: &str, m: &Manifest) -> String {
    let facts = platform();
    let version = |api: u32| android_version(api).map_or_else(|| format!("API level {api}"), str::to_string);
    text.replace("{min_sdk}", &m.effective_min_sdk().to_string())
        .replace("{min_version}", &version(m.effective_min_sdk()))
        .replace("{target_sdk}", &m.effective_target_sdk().to_string())
        .replace("{target_version}", &version(m.effective_target_sdk()))
        .replace("{play_target_sdk}", &facts.play_target_sdk.to_string())
        .replace("{play_target_since}", facts.play_target_since)
}

fn manifest_evidence(at: &Located) -> Evidence {
    Evidence { kind: "manifest".into(), location: format!("{MANIFEST_ENTRY}, line {}", at.line), text: at.text.clone() }
}

fn config_evidence(config: &NetworkSecurityConfig, at: &Located) -> Evidence {
    Evidence { kind: "file".into(), location: format!("{}, line {}", config.path, at.line), text: at.text.clone() }
}

/// `<uses-sdk>`, or `<manifest>` when the SDK levels are not stated (the default is the evidence then).
fn sdk_evidence(m: &Manifest) -> Vec<Evidence> {
    m.uses_sdk.as_ref().or(m.root.as_ref()).map(manifest_evidence).into_iter().collect()
}

fn application_evidence(ctx: &Context<'_>, holds: impl Fn(&super::manifest::Application) -> bool) -> Vec<Evidence> {
    ctx.manifest.application.as_ref().filter(|a| holds(a)).map(|a| manifest_evidence(&a.at)).into_iter().collect()
}

fn debuggable(ctx: &Context<'_>) -> Vec<Evidence> {
    application_evidence(ctx, |a| a.debuggable == Some(true))
}

fn test_only(ctx: &Context<'_>) -> Vec<Evidence> {
    application_evidence(ctx, |a| a.test_only == Some(true))
}

fn allow_backup(ctx: &Context<'_>) -> Vec<Evidence> {
    // android:allowBackup defaults to true.
    application_evidence(ctx, |a| a.allow_backup != Some(false) && a.full_backup_content.is_none() && a.data_extraction_rules.is_none())
}

fn backup_rules(ctx: &Context<'_>) -> Vec<Evidence> {
    application_evidence(ctx, |a| a.allow_backup != Some(false) && (a.full_backup_content.is_some() || a.data_extraction_rules.is_some()))
}

fn cleartext_traffic(ctx: &Context<'_>) -> Vec<Evidence> {
    let m = ctx.manifest;
    let Some(app) = m.application.as_ref() else { return Vec::new() };
    // With a network security config, Android 7+ ignores usesCleartextTraffic: the config's rules decide.
    if app.network_security_config.is_some() {
        return Vec::new();
    }
    let by_default = m.effective_target_sdk() < platform().cleartext_default_off_api;
    match app.uses_cleartext_traffic {
        Some(true) => vec![manifest_evidence(&app.at)],
        None if by_default => {
            let mut e = vec![manifest_evidence(&app.at)];
            e.extend(sdk_evidence(m));
            e
        }
        _ => Vec::new(),
    }
}

fn nsc_cleartext_everywhere(ctx: &Context<'_>) -> Vec<Evidence> {
    let Some(config) = ctx.network_security else { return Vec::new() };
    let explicit = config.base.as_ref().and_then(|b| b.cleartext_permitted);
    let by_default = ctx.manifest.effective_target_sdk() < platform().cleartext_default_off_api;
    match explicit {
        Some(true) => config.base.iter().map(|b| config_evidence(config, &b.at)).collect(),
        None if by_default => {
            let at = config.base.as_ref().map_or(&config.root, |b| &b.at);
            let mut e = vec![config_evidence(config, at)];
            e.extend(sdk_evidence(ctx.manifest));
            e
        }
        _ => Vec::new(),
    }
}

fn nsc_cleartext_domains(ctx: &Context<'_>) -> Vec<Evidence> {
    let Some(config) = ctx.network_security else { return Vec::new() };
    config
        .domain_configs
        .iter()
        .filter(|d| d.cleartext_permitted == Some(true))
        .flat_map(|d| std::iter::once(&d.at).chain(d.domains.iter()))
        .map(|at| config_evidence(config, at))
        .collect()
}

fn nsc_user_certificates(ctx: &Context<'_>) -> Vec<Evidence> {
    let Some(config) = ctx.network_security else { return Vec::new() };
    let mut e = Vec::new();
    if let Some(base) = &config.base {
        if let Some(certs) = &base.user_certificates {
            e.push(config_evidence(config, &base.at));
            e.push(config_evidence(config, certs));
        }
    }
    for d in &config.domain_configs {
        if let Some(certs) = &d.user_certificates {
            e.push(config_evidence(config, &d.at));
            e.extend(d.domains.iter().map(|at| config_evidence(config, at)));
            e.push(config_evidence(config, certs));
        }
    }
    e
}

fn nsc_debug_overrides(ctx: &Context<'_>) -> Vec<Evidence> {
    let Some(config) = ctx.network_security else { return Vec::new() };
    config.debug_overrides.iter().map(|at| config_evidence(config, at)).collect()
}

fn nsc_pinning(ctx: &Context<'_>) -> Vec<Evidence> {
    let Some(config) = ctx.network_security else { return Vec::new() };
    let mut e = Vec::new();
    for d in config.domain_configs.iter().filter(|d| d.pin_set.is_some()) {
        e.extend(d.domains.iter().map(|at| config_evidence(config, at)));
        e.extend(d.pin_set.iter().map(|at| config_evidence(config, at)));
        e.extend(d.pins.iter().map(|at| config_evidence(config, at)));
    }
    e
}

/// Guarded by a permission another app must hold (for a provider: a permission, or both read and write ones).
fn guarded(c: &Component) -> bool {
    match c.kind {
        ComponentKind::Provider => c.permission.is_some() || (c.read_permission.is_some() && c.write_permission.is_some()),
        _ => c.permission.is_some(),
    }
}

fn exported_components(ctx: &Context<'_>) -> Vec<Evidence> {
    let m = ctx.manifest;
    let providers_open_by_default = m.effective_target_sdk() < platform().provider_export_default_off_api;
    m.components
        .iter()
        .filter(|c| !c.is_launcher() && !guarded(c))
        .filter(|c| match c.exported {
            Some(e) => e,
            None => c.kind == ComponentKind::Provider && providers_open_by_default,
        })
        .map(|c| manifest_evidence(&c.at))
        .collect()
}

fn implicit_export(ctx: &Context<'_>) -> Vec<Evidence> {
    let m = ctx.manifest;
    if m.effective_target_sdk() >= platform().explicit_export_api {
        return Vec::new();
    }
    m.components
        .iter()
        .filter(|c| c.kind != ComponentKind::Provider && c.exported.is_none() && !c.intent_filters.is_empty())
        .filter(|c| !c.is_launcher() && !guarded(c))
        .map(|c| manifest_evidence(&c.at))
        .collect()
}

fn task_hijacking(ctx: &Context<'_>) -> Vec<Evidence> {
    let m = ctx.manifest;
    let app_affinity = m.application.as_ref().and_then(|a| a.task_affinity.as_deref());
    const SINGLE_TASK: i64 = 2;
    m.components
        .iter()
        .filter(|c| c.kind == ComponentKind::Activity && c.launch_mode == Some(SINGLE_TASK))
        // An empty affinity (on the activity, else on the application) keeps the activity out of shared tasks.
        .filter(|c| c.task_affinity.as_deref().or(app_affinity) != Some(""))
        .map(|c| manifest_evidence(&c.at))
        .collect()
}

/// Filters that web pages can trigger: VIEW + BROWSABLE.
fn browsable(c: &Component) -> impl Iterator<Item = &IntentFilter> {
    c.intent_filters
        .iter()
        .filter(|f| f.has_action("android.intent.action.VIEW") && f.has_category("android.intent.category.BROWSABLE"))
}

fn is_web(scheme: &str) -> bool {
    scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")
}

fn deep_links(ctx: &Context<'_>) -> Vec<Evidence> {
    ctx.manifest
        .components
        .iter()
        .flat_map(browsable)
        .flat_map(|f| f.data.iter())
        .filter(|d| d.scheme.as_deref().is_some_and(|s| !s.is_empty() && !is_web(s)))
        .map(|d| manifest_evidence(&d.at))
        .collect()
}

fn app_links(ctx: &Context<'_>) -> Vec<Evidence> {
    let mut e = Vec::new();
    for f in ctx.manifest.components.iter().flat_map(browsable) {
        let web = f.data.iter().any(|d| d.scheme.as_deref().is_some_and(is_web));
        if !web || !f.data.iter().any(|d| d.host.is_some()) {
            continue;
        }
        if f.auto_verify {
            e.push(manifest_evidence(&f.at));
        }
        e.extend(f.data.iter().filter(|d| d.host.is_some() || d.scheme.as_deref().is_some_and(is_web)).map(|d| manifest_evidence(&d.at)));
    }
    e
}

fn receivers_of(ctx: &Context<'_>, actions: &[&str]) -> Vec<Evidence> {
    let mut e = Vec::new();
    for c in ctx.manifest.components.iter().filter(|c| c.kind == ComponentKind::Receiver) {
        let hits: Vec<Evidence> = c.actions_among(actions).map(|a| manifest_evidence(&a.at)).collect();
        if !hits.is_empty() {
            e.push(manifest_evidence(&c.at));
            e.extend(hits);
        }
    }
    e
}

fn boot_receiver(ctx: &Context<'_>) -> Vec<Evidence> {
    receivers_of(
        ctx,
        &[
            "android.intent.action.BOOT_COMPLETED",
            "android.intent.action.LOCKED_BOOT_COMPLETED",
            "android.intent.action.QUICKBOOT_POWERON",
            "com.htc.intent.action.QUICKBOOT_POWERON",
        ],
    )
}

fn sms_receiver(ctx: &Context<'_>) -> Vec<Evidence> {
    receivers_of(
        ctx,
        &[
            "android.provider.Telephony.SMS_RECEIVED",
            "android.provider.Telephony.SMS_DELIVER",
            "android.provider.Telephony.WAP_PUSH_RECEIVED",
            "android.provider.Telephony.WAP_PUSH_DELIVER",
            "android.intent.action.DATA_SMS_RECEIVED",
        ],
    )
}

fn call_receiver(ctx: &Context<'_>) -> Vec<Evidence> {
    receivers_of(ctx, &["android.intent.action.PHONE_STATE", "android.intent.action.NEW_OUTGOING_CALL"])
}

fn queries(ctx: &Context<'_>) -> Vec<Evidence> {
    ctx.manifest
        .queries
        .iter()
        .map(|q| {
            let mut e = manifest_evidence(&q.at);
            // An <intent> element on one line shows nothing of what it asks for: name it.
            if q.kind == "intent" && !q.target.is_empty() {
                e.text = format!("{} <!-- {} -->", e.text, q.target);
            }
            e
        })
        .collect()
}

fn shared_user_id(ctx: &Context<'_>) -> Vec<Evidence> {
    let m = ctx.manifest;
    if m.shared_user_id.is_none() {
        return Vec::new();
    }
    m.root.iter().map(manifest_evidence).collect()
}

fn misplaced_permission(ctx: &Context<'_>) -> Vec<Evidence> {
    ctx.manifest.misplaced_permissions.iter().map(manifest_evidence).collect()
}

fn min_sdk_old(ctx: &Context<'_>) -> Vec<Evidence> {
    let m = ctx.manifest;
    if m.root.is_none() || m.effective_min_sdk() >= platform().runtime_permissions_api {
        return Vec::new();
    }
    sdk_evidence(m)
}

fn target_sdk_old(ctx: &Context<'_>) -> Vec<Evidence> {
    let m = ctx.manifest;
    if m.root.is_none() || m.effective_target_sdk() >= platform().play_target_sdk {
        return Vec::new();
    }
    sdk_evidence(m)
}

fn target_sdk_pre23(ctx: &Context<'_>) -> Vec<Evidence> {
    let m = ctx.manifest;
    if m.root.is_none() || m.effective_target_sdk() >= platform().runtime_permissions_api {
        return Vec::new();
    }
    sdk_evidence(m)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::knowledge::manifest_rules::rules;

    #[test]
    fn every_rule_has_one_detector_and_every_detector_a_rule() {
        for r in rules() {
            assert_eq!(DETECTORS.iter().filter(|(id, _)| *id == r.id).count(), 1, "{}: no detector (or two)", r.id);
        }
        for (id, _) in DETECTORS {
            assert!(rule(id).is_some(), "{id}: detector without words in data/android_manifest_rules.tsv");
        }
    }

    #[test]
    fn placeholders_are_filled() {
        let m = Manifest { min_sdk: Some(15), target_sdk: Some(22), ..Default::default() };
        let text = fill("{min_version} {min_sdk} {target_version} {target_sdk} {play_target_sdk}", &m);
        assert_eq!(text, format!("4.0.3 15 5.1 22 {}", platform().play_target_sdk));
        for r in rules() {
            assert!(!fill(r.explanation, &m).contains('{'), "{}: unknown placeholder", r.id);
        }
    }
}
