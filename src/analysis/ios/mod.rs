//! iOS packages (IPA): from the archive to the report. Finds the app bundle, reads its Info.plist (XML or
//! binary), extensions, frameworks, privacy manifests, provisioning profile and Mach-O programs (signature
//! entitlements, encryption, linked libraries, class names), recognises SDKs, converts the CgBI icon and
//! applies the iOS rules. Anything malformed becomes a warning; only a package without an app is an error.

pub mod bundle;
pub mod cgbi;
pub mod codesign;
pub mod findings;
pub mod info;
pub mod macho;
pub mod plist;
pub mod privacy;
pub mod provision;
pub mod sdks;

use ::plist::{Dictionary, Value};
use base64::Engine as _;

use super::archive::Archive;
use super::error::{Error, Result};
use super::knowledge::ios::{entitlement, extension_point};
use super::limits::Limits;
use super::progress::{Progress, Stage};
use super::android::code::recipients_of;
use super::javascript;
use super::knowledge::companies::ignored_host;
use super::report::{AppExtension, Binary, CodeSummary, Entitlement, Evidence, Framework, Icon, IosDetails, OtherCode, Report};
use bundle::Bundle;
use plist::PlistLimits;
use sdks::SdkHits;

/// A plist (Info.plist, manifest, entitlements) is a few kilobytes; a megabyte-sized one is already odd.
const MAX_PLIST_BYTES: u64 = 8 * 1024 * 1024;
/// Provisioning profiles are a few kilobytes (certificates included).
const MAX_PROFILE_BYTES: u64 = 4 * 1024 * 1024;
/// Icons are at most a few hundred kilobytes.
const MAX_ICON_BYTES: u64 = 4 * 1024 * 1024;

/// A program to read, and what it is.
struct Program {
    path: String,
    role: &'static str,
}

/// Analyses an IPA into `report`. `Err` only when there is no app to analyse.
pub fn analyze_ipa(archive: &mut Archive<'_>, limits: &Limits, report: &mut Report, progress: &mut dyn FnMut(Progress)) -> Result<()> {
    progress(Progress::new(Stage::Manifest, 0.0));
    let bundle = bundle::locate(archive.names())?;
    for other in &bundle.others {
        report.warn(&Error::malformed("IPA", format!("a second app bundle {other} was ignored (iOS installs only one)")));
    }
    let mut ios = IosDetails { bundle_path: bundle.prefix.clone(), ..IosDetails::default() };

    let info_path = bundle.path("Info.plist");
    let info = match read_plist(archive, &info_path) {
        Ok(Value::Dictionary(d)) => Some(d),
        Ok(_) => {
            report.warn(&Error::malformed(info_path.as_str(), "Info.plist is not a dictionary"));
            None
        }
        Err(e) => {
            report.warn(&e);
            None
        }
    };
    match &info {
        Some(d) => info::apply_main(d, &info_path, report, &mut ios),
        None => report.limitation(
            "ios.info_plist",
            "The app's Info.plist could not be read, so its identity, the reasons it gives for each permission and its network settings are unknown.",
        ),
    }

    let mut programs = Vec::new();
    let main_name = info.as_ref().and_then(|d| plist::string(d, "CFBundleExecutable")).map(str::to_string).or_else(|| {
        bundle.prefix.trim_end_matches('/').rsplit('/').next().and_then(|n| n.strip_suffix(".app")).map(str::to_string)
    });
    if let Some(name) = main_name {
        let path = bundle.path(&name);
        if archive.contains(&path) {
            ios.executable = Some(path.clone());
            programs.push(Program { path, role: "main" });
        } else {
            report.warn(&Error::malformed(path.as_str(), "the main program named by CFBundleExecutable is missing"));
            report.limitation(
                "ios.main_program",
                "The package does not contain the app's main program, so its signature, entitlements, linked libraries and class names could not be examined.",
            );
        }
    }

    read_extensions(archive, &bundle, report, &mut ios, &mut programs);
    let mut hits = SdkHits::default();
    read_frameworks(archive, &bundle, report, &mut ios, &mut programs, &mut hits);
    read_privacy_manifests(archive, &bundle, report, &mut ios);
    read_provisioning(archive, &bundle, report, &mut ios);
    let mut strings = ProgramStrings::default();
    read_programs(archive, limits, report, &mut ios, &programs, &mut hits, &mut strings, progress);
    report.trackers = hits.into_trackers();
    read_code(archive, &bundle, limits, report, strings);
    if let Some(d) = &info {
        read_icon(archive, &bundle, d, report);
    }

    report.limitation(
        "ios.localizations",
        "Apps can translate their permission reasons (in *.lproj/InfoPlist.strings); AppLens quotes the reasons written in Info.plist itself, usually in the developer's language.",
    );
    report.limitation(
        "ios.code",
        "AppLens does not run or disassemble the app's code: it reads names (frameworks, linked libraries, Objective-C classes) and text inside the programs. SDKs written only in Swift or linked under other names may be missed.",
    );
    report.findings.extend(findings::evaluate(report, &ios));
    report.ios = Some(ios);
    Ok(())
}

fn read_plist(archive: &mut Archive<'_>, path: &str) -> Result<Value> {
    let bytes = archive.read(path, MAX_PLIST_BYTES)?;
    plist::parse(&bytes, path, PlistLimits::default())
}

/// `PlugIns/X.appex`, `Extensions/X.appex`, `Watch/X.app`, `AppClips/X.app`, and extensions inside those.
fn read_extensions(archive: &mut Archive<'_>, bundle: &Bundle, report: &mut Report, ios: &mut IosDetails, programs: &mut Vec<Program>) {
    let plists: Vec<String> = bundle
        .files
        .iter()
        .filter_map(|f| bundle.relative(f))
        .filter(|rel| {
            let Some(dir) = rel.strip_suffix("/Info.plist") else { return false };
            let parent = dir.rsplit('/').nth(1).unwrap_or_default();
            let own = dir.rsplit('/').next().unwrap_or_default();
            (own.ends_with(".appex") && (parent == "PlugIns" || parent == "Extensions"))
                || (own.ends_with(".app") && (parent == "Watch" || parent == "AppClips"))
        })
        .map(str::to_string)
        .collect();
    for rel in plists {
        let path = bundle.path(&rel);
        let dir = path.trim_end_matches("Info.plist").to_string();
        let dict = match read_plist(archive, &path) {
            Ok(Value::Dictionary(d)) => d,
            Ok(_) => {
                report.warn(&Error::malformed(path.as_str(), "Info.plist is not a dictionary"));
                continue;
            }
            Err(e) => {
                report.warn(&e);
                continue;
            }
        };
        let ext = dict.get("NSExtension").and_then(Value::as_dictionary);
        let point = ext.and_then(|e| plist::string(e, "NSExtensionPointIdentifier")).map(str::to_string);
        let open_access = ext
            .and_then(|e| e.get("NSExtensionAttributes"))
            .and_then(Value::as_dictionary)
            .and_then(|a| plist::boolean(a, "RequestsOpenAccess"));
        let (kind, meaning) = match point.as_deref() {
            Some(p) => extension_point(p).map_or(("App extension", None), |(k, m)| (k, Some(m))),
            None if rel.starts_with("Watch/") => ("Apple Watch app", Some("A companion app that runs on the Apple Watch.")),
            None if rel.starts_with("AppClips/") => ("App Clip", Some("A small part of the app that runs without installing the whole app.")),
            None => ("Nested app", None),
        };
        let id = info::identity(&dict);
        if let Some(exe) = &id.executable {
            let exe_path = format!("{dir}{exe}");
            if archive.contains(&exe_path) {
                programs.push(Program { path: exe_path, role: "extension" });
            }
        }
        info::add_usage_permissions(&dict, &path, report);
        ios.extensions.push(AppExtension {
            path: dir,
            bundle_id: id.bundle_id,
            name: id.display_name.or(id.bundle_name),
            requests_open_access: if point.as_deref() == Some("com.apple.keyboard-service") { Some(open_access.unwrap_or(false)) } else { open_access },
            point,
            kind: kind.to_string(),
            meaning: meaning.map(str::to_string),
        });
    }
}

/// `Frameworks/NAME.framework/` (with its Info.plist) and `Frameworks/NAME.dylib`.
fn read_frameworks(
    archive: &mut Archive<'_>,
    bundle: &Bundle,
    report: &mut Report,
    ios: &mut IosDetails,
    programs: &mut Vec<Program>,
    hits: &mut SdkHits,
) {
    let mut names: Vec<(String, &'static str)> = Vec::new();
    for rel in bundle.files.iter().filter_map(|f| bundle.relative(f)) {
        let Some(rest) = rel.strip_prefix("Frameworks/") else { continue };
        let first = rest.split('/').next().unwrap_or_default();
        let entry = if first.ends_with(".framework") && rest.contains('/') {
            (first.to_string(), "framework")
        } else if !rest.contains('/') && first.ends_with(".dylib") {
            (first.to_string(), "dylib")
        } else {
            continue;
        };
        if !names.contains(&entry) {
            names.push(entry);
        }
    }
    for (folder, kind) in names {
        let path = bundle.path(&format!("Frameworks/{folder}"));
        if kind == "dylib" {
            let name = folder.trim_end_matches(".dylib").to_string();
            programs.push(Program { path: path.clone(), role: "dylib" });
            ios.frameworks.push(Framework { path, name, kind: kind.into(), ..Framework::default() });
            continue;
        }
        let dir = format!("{path}/");
        let name = folder.trim_end_matches(".framework").to_string();
        let plist_path = format!("{dir}Info.plist");
        let dict = if archive.contains(&plist_path) {
            match read_plist(archive, &plist_path) {
                Ok(Value::Dictionary(d)) => Some(d),
                Ok(_) => None,
                Err(e) => {
                    report.warn(&e);
                    None
                }
            }
        } else {
            None
        };
        let bundle_id = dict.as_ref().and_then(|d| plist::string(d, "CFBundleIdentifier")).map(str::to_string);
        let version = dict.as_ref().and_then(|d| plist::string(d, "CFBundleShortVersionString")).map(str::to_string);
        let exe = dict.as_ref().and_then(|d| plist::string(d, "CFBundleExecutable")).map_or_else(|| name.clone(), str::to_string);
        let exe_path = format!("{dir}{exe}");
        if archive.contains(&exe_path) {
            programs.push(Program { path: exe_path, role: "framework" });
        }
        let has_privacy_manifest = bundle.files.iter().any(|f| f.starts_with(&dir) && f.ends_with(privacy::FILE_NAME));
        let sdk = hits.framework(&name, bundle_id.as_deref(), &dir).map(str::to_string);
        ios.frameworks.push(Framework { path: dir, name, bundle_id, version, kind: kind.into(), has_privacy_manifest, sdk });
    }
}

fn read_privacy_manifests(archive: &mut Archive<'_>, bundle: &Bundle, report: &mut Report, ios: &mut IosDetails) {
    let paths: Vec<String> = bundle.files.iter().filter(|f| f.rsplit('/').next() == Some(privacy::FILE_NAME)).cloned().collect();
    for path in paths {
        let rel = bundle.relative(&path).unwrap_or_default();
        let owner = privacy::owner_of(rel);
        match read_plist(archive, &path) {
            Ok(Value::Dictionary(d)) => ios.privacy_manifests.push(privacy::read(&d, &path, &owner)),
            Ok(_) => report.warn(&Error::malformed(path.as_str(), "the privacy manifest is not a dictionary")),
            Err(e) => report.warn(&e),
        }
    }
    // A resource bundle named like a framework (`FBSDKCoreKit_Privacy.bundle`) vouches for it too.
    for f in &mut ios.frameworks {
        if !f.has_privacy_manifest {
            let prefix = format!("{}_Privacy.bundle", f.name);
            f.has_privacy_manifest = ios.privacy_manifests.iter().any(|m| m.owner == prefix);
        }
    }
}

fn read_provisioning(archive: &mut Archive<'_>, bundle: &Bundle, report: &mut Report, ios: &mut IosDetails) {
    let path = bundle.path("embedded.mobileprovision");
    if !archive.contains(&path) {
        return;
    }
    let profile = archive.read(&path, MAX_PROFILE_BYTES).and_then(|bytes| provision::read(&bytes, &path));
    match profile {
        Ok(p) => {
            if let Some(ents) = &p.entitlements {
                push_entitlements(ents, "provisioning profile", &path, ios);
            }
            ios.provisioning = Some(p.facts);
        }
        Err(e) => {
            report.warn(&e);
            report.limitation("ios.provisioning", format!("The provisioning profile could not be read ({e}), so how this copy is distributed is unknown."));
        }
    }
}

fn push_entitlements(dict: &Dictionary, source: &str, location: &str, ios: &mut IosDetails) {
    for (key, value) in dict.iter() {
        let known = entitlement(key);
        ios.entitlements.push(Entitlement {
            key: key.clone(),
            value: plist::to_json(value),
            source: source.to_string(),
            location: location.to_string(),
            category: known.map(|k| k.0.to_string()),
            meaning: known.map(|k| k.1.to_string()),
        });
    }
}

/// Internet hosts in the programs' C strings, and what was read for them.
#[derive(Default)]
struct ProgramStrings {
    hosts: Vec<(String, bool, Vec<Evidence>)>,
    read: Vec<OtherCode>,
}

/// The code AppLens reads beyond names: hosts in the programs' C strings, and the JavaScript of a
/// Capacitor, Cordova or React Native app. `report.code` says what was read (no DEX files on iOS) and is
/// never complete: the programs' instructions are not analysed.
fn read_code(archive: &mut Archive<'_>, bundle: &Bundle, limits: &Limits, report: &mut Report, strings: ProgramStrings) {
    let max_hosts = limits.max_hosts as usize;
    let dropped = strings.hosts.len().saturating_sub(max_hosts);
    javascript::merge::add_hosts(report, strings.hosts.into_iter().take(max_hosts));
    report.code = Some(CodeSummary { other_code: strings.read, ..CodeSummary::default() });
    if dropped > 0 {
        report.limitation("ios.code.hosts", format!("The programs name more internet hosts than AppLens lists; {dropped} were left out."));
    }
    if let Some(js) = javascript::frameworks::read(archive, &bundle.prefix, false, max_hosts) {
        javascript::merge::merge(js, report);
    }
    // Companies the company table knows (hosts, JavaScript SDKs), then the iOS SDK table's own names.
    let mut recipients = recipients_of(report);
    for r in sdk_recipients(&report.trackers) {
        if !recipients.iter().any(|q| q.company == r.company) {
            recipients.push(r);
        }
    }
    recipients.sort_by(|a, b| (a.country.is_none(), &a.country, &a.company).cmp(&(b.country.is_none(), &b.country, &b.company)));
    report.recipients = recipients;
}

#[allow(clippy::too_many_arguments)]
fn read_programs(
    archive: &mut Archive<'_>,
    limits: &Limits,
    report: &mut Report,
    ios: &mut IosDetails,
    programs: &[Program],
    hits: &mut SdkHits,
    strings: &mut ProgramStrings,
    progress: &mut dyn FnMut(Progress),
) {
    let domains: Vec<String> = {
        let mut d: Vec<String> = ios.privacy_manifests.iter().flat_map(|m| m.tracking_domains.iter().cloned()).filter(|d| !d.is_empty()).collect();
        d.sort();
        d.dedup();
        d
    };
    let mut found_domains: Vec<String> = Vec::new();
    let total = programs.len().min(limits.max_ios_programs as usize);
    if programs.len() > total {
        report.limitation("ios.programs", format!("The package holds {} programs; AppLens read the first {total}.", programs.len()));
    }
    for (i, program) in programs.iter().take(total).enumerate() {
        progress(Progress::new(Stage::Programs, i as f64 / total.max(1) as f64));
        // Streamed: a large app's main program is hundreds of megabytes and is never held whole.
        let mut scanner = macho::Scanner::new(&program.path, &domains);
        let streamed = archive.read_stream(&program.path, limits.max_entry_bytes, &mut |piece| {
            scanner.feed(piece);
            // Text other than a program (a stub or script under the executable's name) is not read on.
            scanner.is_macho()
        });
        if let Err(e) = streamed {
            report.warn(&e);
            continue;
        }
        if !scanner.is_macho() {
            // Frameworks sometimes ship a stub or a script under the executable's name; not a warning.
            continue;
        }
        let facts = match scanner.finish() {
            Ok(f) => f,
            Err(e) => {
                report.warn(&e);
                continue;
            }
        };
        for w in &facts.warnings {
            report.warn(w);
        }
        for &i in &facts.found {
            if let Some(d) = domains.get(i) {
                if !found_domains.contains(d) {
                    found_domains.push(d.clone());
                }
            }
        }
        for lib in &facts.linked_libraries {
            hits.library(lib, &program.path);
        }
        hits.classes(&facts.classes, &program.path);
        for (host, cleartext, text) in &facts.hosts {
            if ignored_host(host).is_some() {
                continue;
            }
            let ev = Evidence { kind: "string".into(), location: program.path.clone(), text: cut(text) };
            match strings.hosts.iter_mut().find(|(h, _, _)| h == host) {
                Some((_, c, list)) => {
                    *c |= cleartext;
                    if list.len() < 3 {
                        list.push(ev);
                    }
                }
                None => strings.hosts.push((host.clone(), *cleartext, vec![ev])),
            }
        }
        let note = if facts.encrypted {
            "encrypted by the App Store: its C strings could not be read".to_string()
        } else {
            "its C strings (__TEXT,__cstring) were read for internet hosts; its instructions were not analysed".to_string()
        };
        strings.read.push(OtherCode { path: program.path.clone(), kind: "macho_strings".into(), bytes: facts.cstring_bytes, loaded_by_system: true, note: Some(note) });
        if let Some(xml) = &facts.entitlements {
            match plist::parse(xml, &format!("{} (entitlements)", program.path), PlistLimits::default()) {
                Ok(Value::Dictionary(d)) => push_entitlements(&d, "code signature", &program.path, ios),
                Ok(_) => {}
                Err(e) => report.warn(&e),
            }
        }
        ios.binaries.push(Binary {
            path: program.path.clone(),
            role: program.role.to_string(),
            architectures: facts.architectures,
            encrypted: facts.encrypted,
            signed: facts.signed,
            signing_identifier: facts.signing_identifier,
            team_id: facts.team_id,
            linked_libraries: facts.linked_libraries,
            class_count: facts.classes.len() as u64,
        });
    }
    for m in &mut ios.privacy_manifests {
        m.tracking_domains_in_code = m.tracking_domains.iter().filter(|d| found_domains.contains(d)).cloned().collect();
    }
    let main_encrypted = ios.binaries.iter().any(|b| b.role == "main" && b.encrypted);
    let others_encrypted = ios.binaries.iter().filter(|b| b.role != "main" && b.encrypted).count();
    if main_encrypted {
        let also = match others_encrypted {
            0 => String::new(),
            1 => " 1 other program in it is encrypted too.".to_string(),
            n => format!(" {n} other programs in it are encrypted too."),
        };
        report.limitation(
            "ios.encrypted",
            format!(
                "The main program is encrypted by the App Store; code-level checks (Objective-C class names, tracking addresses written in the code) cover only the bundled frameworks. Its linked libraries, signature and entitlements are still read.{also}"
            ),
        );
    }
    if ios.executable.is_some() && !ios.binaries.iter().any(|b| b.role == "main") {
        report.limitation("ios.main_program", "The main program could not be read as a Mach-O program, so its entitlements, linked libraries and class names are unknown.");
    }
}

/// The icon named by `CFBundleIcons` (or the older keys): the largest matching PNG at the bundle root.
fn read_icon(archive: &mut Archive<'_>, bundle: &Bundle, info: &Dictionary, report: &mut Report) {
    let mut bases: Vec<String> = Vec::new();
    for icons_key in ["CFBundleIcons", "CFBundleIcons~ipad"] {
        let files = info
            .get(icons_key)
            .and_then(Value::as_dictionary)
            .and_then(|d| d.get("CFBundlePrimaryIcon"))
            .and_then(Value::as_dictionary)
            .map(|p| plist::strings(p.get("CFBundleIconFiles")))
            .unwrap_or_default();
        bases.extend(files);
    }
    bases.extend(plist::strings(info.get("CFBundleIconFiles")));
    bases.extend(plist::strings(info.get("CFBundleIconFile")));
    for b in &mut bases {
        if let Some(stem) = b.strip_suffix(".png") {
            *b = stem.to_string();
        }
    }
    // Root-level PNGs whose names start with a declared icon name; the largest file is the sharpest.
    let mut candidates: Vec<String> = bundle
        .files
        .iter()
        .filter(|f| {
            let rel = bundle.relative(f).unwrap_or_default();
            !rel.contains('/') && rel.ends_with(".png") && bases.iter().any(|b| !b.is_empty() && rel.starts_with(b.as_str()))
        })
        .cloned()
        .collect();
    // Bigger scale factors first (@3x, then @2x), iPhone before iPad, then by name for stability.
    candidates.sort_by_key(|c| (std::cmp::Reverse(scale(c)), c.contains("~ipad"), c.clone()));
    if candidates.is_empty() {
        if bundle.files.iter().any(|f| bundle.relative(f) == Some("Assets.car")) {
            report.limitation("ios.icon", "The app's icon is only in its asset catalog (Assets.car), which AppLens does not read.");
        } else if !bases.is_empty() {
            report.limitation("ios.icon", "The icon files named in Info.plist are not in the package.");
        }
        return;
    }
    let mut last_error = None;
    for path in candidates.iter().take(4) {
        let converted = archive.read(path, MAX_ICON_BYTES).and_then(|b| cgbi::browser_png(&b));
        match converted {
            Ok(png) => {
                report.app.icon = Some(Icon {
                    path: path.clone(),
                    mime: "image/png".into(),
                    data_url: format!("data:image/png;base64,{}", base64::engine::general_purpose::STANDARD.encode(&png.bytes)),
                    width: Some(png.width),
                    height: Some(png.height),
                    converted_from_cgbi: png.converted_from_cgbi,
                });
                return;
            }
            Err(e) => last_error = Some(e),
        }
    }
    if let Some(e) = last_error {
        report.warn(&Error { part: format!("icon ({})", e.part), ..e });
    }
}

/// Evidence text is cut to 200 characters, as for DEX strings.
fn cut(text: &str) -> String {
    match text.char_indices().nth(200) {
        Some((i, _)) => format!("{}…", text.get(..i).unwrap_or(text)),
        None => text.to_string(),
    }
}

fn scale(name: &str) -> u8 {
    if name.contains("@3x") {
        3
    } else if name.contains("@2x") {
        2
    } else {
        1
    }
}

/// Who may get the data: the company behind each SDK found, once, with the facts of its country
/// (`data/jurisdictions.tsv`). The iOS table names companies as they sign their SDKs ("Google LLC"), and its
/// country is the one the report gives.
fn sdk_recipients(trackers: &[crate::analysis::report::Tracker]) -> Vec<crate::analysis::report::Recipient> {
    use crate::analysis::knowledge::jurisdictions::adequacy;
    use crate::analysis::report::Recipient;
    let mut out: Vec<Recipient> = Vec::new();
    for t in trackers {
        let company = t.company.trim();
        if company.is_empty() {
            continue;
        }
        match out.iter_mut().find(|r| r.company == company) {
            Some(r) => {
                if !r.trackers.contains(&t.name) {
                    r.trackers.push(t.name.clone());
                }
            }
            None => out.push(Recipient {
                company: company.to_string(),
                country: t.country.clone(),
                trackers: vec![t.name.clone()],
                domains: Vec::new(),
                adequacy: adequacy(t.country.as_deref()),
            }),
        }
    }
    // In the order the SDKs were found (no sort: a sort of its own would cost the worker kilobytes).
    out
}

