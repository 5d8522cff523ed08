//! The report, schema version 1: what AppLens found in one package.
//!
//! Field names are stable; `docs/report-schema.md` documents each one. Integers that Android stores as
//! integers (version code, SDK levels) are always JSON numbers, or `null` when the package does not state
//! them. Lists are always present (possibly empty) so consumers never test for a missing key.

use serde::{Deserialize, Serialize};

pub const SCHEMA_VERSION: u32 = 1;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub schema_version: u32,
    pub generator: Generator,
    pub file: FileInfo,
    pub platform: Platform,
    pub format: Format,
    pub app: AppInfo,
    pub permissions: Vec<Permission>,
    pub trackers: Vec<Tracker>,
    pub findings: Vec<Finding>,
    pub limitations: Vec<Limitation>,
    pub warnings: Vec<Warning>,
    /// iOS-only facts (Info.plist, signing, privacy manifests, extensions…); `null` for Android packages.
    #[serde(default)]
    pub ios: Option<IosDetails>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Generator {
    pub name: String,
    pub version: String,
}

impl Default for Generator {
    fn default() -> Self {
        Self { name: "AppLens".into(), version: env!("CARGO_PKG_VERSION").into() }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileInfo {
    pub name: String,
    pub size: u64,
    /// Lower-case hex SHA-256 of the whole package, computed locally (never sent anywhere).
    pub sha256: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Platform {
    Android,
    Ios,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Apk,
    Xapk,
    Apks,
    Apkm,
    Aab,
    Ipa,
}

impl Format {
    pub fn platform(self) -> Platform {
        match self {
            Format::Ipa => Platform::Ios,
            _ => Platform::Android,
        }
    }

    /// How a person would name the format.
    pub fn describe(self) -> &'static str {
        match self {
            Format::Apk => "Android app (APK)",
            Format::Xapk => "Android split-app bundle (XAPK)",
            Format::Apks => "Android split-APK set (APKS)",
            Format::Apkm => "Android split-APK bundle from APKMirror (APKM)",
            Format::Aab => "Android App Bundle (AAB)",
            Format::Ipa => "iOS app (IPA)",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppInfo {
    /// Android package name or iOS bundle identifier.
    pub id: Option<String>,
    /// The name people see under the icon, when it could be resolved to text.
    pub name: Option<String>,
    pub version_name: Option<String>,
    /// Android's long version code (`versionCodeMajor` << 32 | `versionCode`); iOS: null.
    pub version_code: Option<u64>,
    /// As stated in the package; null when absent (Android then assumes 1).
    pub min_sdk: Option<u32>,
    /// As stated in the package; null when absent (Android then assumes `min_sdk`).
    pub target_sdk: Option<u32>,
    /// The app's icon as a browser-ready image, when AppLens could find and decode it.
    #[serde(default)]
    pub icon: Option<AppIcon>,
}

/// An icon ready to show: a standard PNG (iOS "CgBI" PNGs are converted), base64-encoded.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppIcon {
    /// The entry it was read from.
    pub path: String,
    /// Always `image/png` today.
    pub media_type: String,
    pub width: u32,
    pub height: u32,
    /// True when the entry was Apple's CgBI variant and AppLens converted it to a standard PNG.
    pub converted_from_cgbi: bool,
    /// The PNG bytes, standard base64.
    pub data_base64: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Permission {
    /// The full name, e.g. `android.permission.CAMERA`.
    pub name: String,
    /// Android's protection level (`dangerous`, `normal`, `signature|privileged`…); null when neither the
    /// platform nor the app itself defines the permission.
    pub protection_level: Option<String>,
    /// Where the definition came from: `platform`, `app` (declared by this package) or `unknown`.
    pub defined_by: PermissionSource,
    /// The manifest element that requested it: `uses-permission` or `uses-permission-sdk-23`.
    pub element: String,
    /// `android:maxSdkVersion`: the permission is only requested up to this API level.
    pub max_sdk: Option<u32>,
    /// The manifest element that asks for it.
    pub evidence: Vec<Evidence>,
    /// What kind of data or device feature it opens, e.g. `Location`, `Tracking` (iOS; null on Android today).
    #[serde(default)]
    pub category: Option<String>,
    /// AppLens's plain-language sentence on what it allows (iOS; null on Android today).
    #[serde(default)]
    pub meaning: Option<String>,
    /// The app's own stated reason, quoted as written (iOS `NS…UsageDescription` value); null on Android,
    /// where apps state none.
    #[serde(default)]
    pub reason: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PermissionSource {
    Platform,
    App,
    Unknown,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tracker {
    pub name: String,
    pub company: String,
    /// ISO 3166-1 alpha-2 code of the company's home country.
    pub country: String,
    pub categories: Vec<String>,
    pub evidence: Vec<Evidence>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Low,
    Medium,
    High,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable identifier of the rule that produced it, e.g. `android.debuggable`.
    pub id: String,
    pub severity: Severity,
    pub category: String,
    /// One line, plain language.
    pub title: String,
    /// What it means for a person and why it matters.
    pub explanation: String,
    pub evidence: Vec<Evidence>,
}

/// The exact thing behind a statement, so a reader can check it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// `manifest`, `file`, `class`, `domain`, `certificate`…
    pub kind: String,
    /// Where it was seen: an entry path inside the package.
    pub location: String,
    /// The text itself, e.g. `<uses-permission android:name="android.permission.CAMERA"/>`.
    pub text: String,
}

/// A part of the package AppLens did not examine, and why: results are incomplete there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limitation {
    pub id: String,
    pub message: String,
}

/// A malformed part that was skipped; the rest of the report still stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    pub part: String,
    pub message: String,
    pub offset: Option<u64>,
}

impl From<&super::error::Error> for Warning {
    fn from(e: &super::error::Error) -> Self {
        Self { part: e.part.clone(), message: e.message.clone(), offset: e.offset }
    }
}

impl Report {
    pub fn new(file: FileInfo, format: Format) -> Self {
        Self {
            schema_version: SCHEMA_VERSION,
            generator: Generator::default(),
            file,
            platform: format.platform(),
            format,
            app: AppInfo::default(),
            permissions: Vec::new(),
            trackers: Vec::new(),
            findings: Vec::new(),
            limitations: Vec::new(),
            warnings: Vec::new(),
            ios: None,
        }
    }

    pub fn limitation(&mut self, id: &str, message: impl Into<String>) {
        self.limitations.push(Limitation { id: id.into(), message: message.into() });
    }

    pub fn warn(&mut self, e: &super::error::Error) {
        self.warnings.push(Warning::from(e));
    }
}

// ---------------------------------------------------------------------------------------------------------
// iOS: facts that have no Android counterpart. Everything here is in `report.ios` (null for Android).
// ---------------------------------------------------------------------------------------------------------

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct IosDetails {
    /// Where the app bundle sits in the package, e.g. `Payload/Sample.app/`.
    pub bundle_path: String,
    /// `CFBundleName`: the short internal name.
    pub bundle_name: Option<String>,
    /// `CFBundleDisplayName`: the name under the icon, when set.
    pub display_name: Option<String>,
    /// `CFBundleVersion`: the build number (`app.version_name` is `CFBundleShortVersionString`).
    pub build: Option<String>,
    /// `MinimumOSVersion`: the oldest iOS the app installs on.
    pub minimum_os_version: Option<String>,
    /// `UIDeviceFamily` in words: `iPhone`, `iPad`, `Apple TV`, `Apple Watch`, `CarPlay`, `Apple Vision`.
    pub device_families: Vec<String>,
    /// `CFBundleSupportedPlatforms`, e.g. `iPhoneOS`.
    pub supported_platforms: Vec<String>,
    /// `DTSDKName`: the SDK it was built with, e.g. `iphoneos17.2`.
    pub sdk: Option<String>,
    /// `CFBundleExecutable` resolved to its entry path.
    pub executable: Option<String>,
    pub transport_security: TransportSecurity,
    /// `CFBundleURLTypes`: links that open this app (`myapp://…`).
    pub url_schemes: Vec<UrlScheme>,
    /// `LSApplicationQueriesSchemes`: other apps' link schemes this app may check for (is X installed?).
    pub queried_schemes: Vec<String>,
    /// `UIBackgroundModes`: what it may keep doing when not on screen.
    pub background_modes: Vec<BackgroundMode>,
    /// App extensions (`PlugIns/*.appex`, `Extensions/*.appex`) and nested apps (`Watch/*.app`, `AppClips/*.app`).
    pub extensions: Vec<AppExtension>,
    /// Entitlements from the code signatures and the provisioning profile.
    pub entitlements: Vec<Entitlement>,
    /// `embedded.mobileprovision`, when present (App Store downloads carry none).
    pub provisioning: Option<Provisioning>,
    /// Mach-O programs read (main program, frameworks, extensions).
    pub binaries: Vec<Binary>,
    /// `Frameworks/*.framework` and `Frameworks/*.dylib`.
    pub frameworks: Vec<Framework>,
    /// `PrivacyInfo.xcprivacy` files of the app, its frameworks and resource bundles.
    pub privacy_manifests: Vec<PrivacyManifest>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TransportSecurity {
    /// `NSAppTransportSecurity` is present at all.
    pub declared: bool,
    /// `NSAllowsArbitraryLoads`: unencrypted or weakly encrypted connections to any server.
    pub allows_arbitrary_loads: bool,
    /// True when `NSAllowsArbitraryLoadsInWebContent`, `…ForMedia` or `NSAllowsLocalNetworking` is present:
    /// iOS 10 and later then ignore `NSAllowsArbitraryLoads`.
    pub arbitrary_loads_ignored_on_ios10: bool,
    pub allows_arbitrary_loads_in_web_content: bool,
    pub allows_arbitrary_loads_for_media: bool,
    pub allows_local_networking: bool,
    /// `NSExceptionDomains`, in Info.plist order.
    pub exception_domains: Vec<AtsDomain>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AtsDomain {
    pub domain: String,
    pub includes_subdomains: bool,
    /// `NSExceptionAllowsInsecureHTTPLoads` or `NSTemporaryExceptionAllowsInsecureHTTPLoads`: plain `http://`.
    pub allows_insecure_http: bool,
    /// `NSExceptionMinimumTLSVersion` (or the temporary form), e.g. `TLSv1.0`.
    pub minimum_tls_version: Option<String>,
    /// `NSExceptionRequiresForwardSecrecy` when stated.
    pub requires_forward_secrecy: Option<bool>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct UrlScheme {
    pub scheme: String,
    /// `CFBundleURLName`, when set.
    pub name: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BackgroundMode {
    /// The `UIBackgroundModes` value, e.g. `location`.
    pub mode: String,
    /// What it allows, in plain words; null for a value AppLens does not know.
    pub meaning: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AppExtension {
    /// The bundle folder, e.g. `Payload/A.app/PlugIns/Keyboard.appex/`.
    pub path: String,
    pub bundle_id: Option<String>,
    pub name: Option<String>,
    /// `NSExtensionPointIdentifier`, e.g. `com.apple.keyboard-service`; null for nested apps.
    pub point: Option<String>,
    /// In words: `Custom keyboard`, `Share extension`, `Apple Watch app`…
    pub kind: String,
    /// What this kind of extension can see or do, in plain words.
    pub meaning: Option<String>,
    /// Keyboards only: `RequestsOpenAccess` (full access: network, shared data).
    pub requests_open_access: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entitlement {
    pub key: String,
    /// The value as JSON (plist dates become strings, data becomes base64).
    pub value: serde_json::Value,
    /// `code signature` (what the program carries) or `provisioning profile` (what Apple allowed).
    pub source: String,
    /// The entry it was read from.
    pub location: String,
    /// For entitlements of privacy interest: e.g. `Health`, `Network`; null otherwise.
    #[serde(default)]
    pub category: Option<String>,
    /// What it allows, in plain words; null for entitlements of no privacy interest.
    #[serde(default)]
    pub meaning: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Provisioning {
    pub path: String,
    /// `development`, `ad_hoc`, `enterprise` or `app_store`.
    pub kind: String,
    /// The profile's `Name`.
    pub name: Option<String>,
    pub app_id_name: Option<String>,
    pub team_name: Option<String>,
    pub team_ids: Vec<String>,
    pub uuid: Option<String>,
    /// RFC 3339, UTC.
    pub creation_date: Option<String>,
    /// RFC 3339, UTC. The page compares it with today; the report itself does not (same file, same report).
    pub expiration_date: Option<String>,
    pub platforms: Vec<String>,
    /// How many devices (`ProvisionedDevices`) it may be installed on; null when not limited to a list.
    pub provisioned_devices: Option<u64>,
    /// `ProvisionsAllDevices`: installs on any device (enterprise, "in-house" distribution).
    pub provisions_all_devices: bool,
    /// Subjects of `DeveloperCertificates`, e.g. `iPhone Distribution: Example Corp (ABCDE12345)`.
    pub certificates: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Binary {
    pub path: String,
    /// `main`, `framework`, `dylib` or `extension`.
    pub role: String,
    /// e.g. `arm64`, `armv7`.
    pub architectures: Vec<String>,
    /// `LC_ENCRYPTION_INFO(_64)` with `cryptid` 1: App Store (FairPlay) encryption; its code cannot be read.
    pub encrypted: bool,
    /// `LC_CODE_SIGNATURE` is present.
    pub signed: bool,
    /// The code directory's identifier (usually the bundle id).
    pub signing_identifier: Option<String>,
    /// The code directory's team id.
    pub team_id: Option<String>,
    /// `LC_LOAD_DYLIB` and friends, in load-command order.
    pub linked_libraries: Vec<String>,
    /// Objective-C class names found (`__objc_classname` and `_OBJC_CLASS_$_` symbols): how many.
    pub class_count: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Framework {
    /// e.g. `Payload/A.app/Frameworks/FBSDKCoreKit.framework/`, or the dylib's path.
    pub path: String,
    pub name: String,
    pub bundle_id: Option<String>,
    pub version: Option<String>,
    /// `framework` or `dylib`.
    pub kind: String,
    /// A `PrivacyInfo.xcprivacy` was found inside it (or in one of its resource bundles).
    pub has_privacy_manifest: bool,
    /// The SDK it belongs to, when AppLens knows it.
    pub sdk: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PrivacyManifest {
    pub path: String,
    /// Whose it is: `app` or the framework / resource bundle name.
    pub owner: String,
    /// `NSPrivacyTracking`: the code uses data for tracking as Apple defines it; null when not stated.
    pub tracking: Option<bool>,
    /// `NSPrivacyTrackingDomains`: internet domains it contacts for tracking.
    pub tracking_domains: Vec<String>,
    /// The subset of `tracking_domains` also written in one of the package's programs.
    pub tracking_domains_in_code: Vec<String>,
    /// `NSPrivacyCollectedDataTypes`.
    pub collected_data: Vec<CollectedData>,
    /// `NSPrivacyAccessedAPITypes`: "required reason" APIs and the reasons declared.
    pub accessed_apis: Vec<AccessedApi>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CollectedData {
    /// e.g. `NSPrivacyCollectedDataTypeDeviceID`.
    pub key: String,
    /// e.g. `Device ID`.
    pub label: String,
    /// `NSPrivacyCollectedDataTypeLinked`: tied to the person's identity.
    pub linked: Option<bool>,
    /// `NSPrivacyCollectedDataTypeTracking`: used to track the person.
    pub tracking: Option<bool>,
    pub purposes: Vec<Term>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AccessedApi {
    /// e.g. `NSPrivacyAccessedAPICategoryUserDefaults`.
    pub category: String,
    pub label: String,
    /// Reason codes, each with its meaning.
    pub reasons: Vec<Term>,
}

/// A key from Apple's vocabulary and its plain-language label (null label: a key AppLens does not know).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Term {
    pub key: String,
    pub label: Option<String>,
}
