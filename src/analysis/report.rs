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
    /// For split sets (XAPK, APKS, APKM) and App Bundles: the parts Android installs together. Null for
    /// a single APK or an IPA.
    pub bundle: Option<Bundle>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bundle {
    /// The entry holding the base APK or module (its manifest gave `app` and `permissions`).
    pub base: Option<String>,
    pub splits: Vec<Split>,
    /// CPU architectures with native code splits, e.g. `arm64-v8a`.
    pub abis: Vec<String>,
    /// Language splits, e.g. `fr`.
    pub languages: Vec<String>,
    /// Screen-density splits, e.g. `xxhdpi`.
    pub densities: Vec<String>,
    /// Feature modules (installed with the app or on demand).
    pub features: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Split {
    /// The entry inside the container: `config.fr.apk`, `base/` for an App Bundle module.
    pub file: String,
    /// The split's own name from its manifest (`config.fr`); null for the base.
    pub name: Option<String>,
    pub kind: SplitKind,
    /// The ABI, language, density or feature name it carries.
    pub value: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SplitKind {
    Base,
    Abi,
    Language,
    Density,
    Feature,
    Other,
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
    /// The app's icon, embedded so the report stands alone; null when none could be found or shown.
    pub icon: Option<Icon>,
    /// Languages the app is translated into (`en-GB`; `--_--` is the untranslated default), as aapt lists them.
    pub locales: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Icon {
    /// The file inside the package, e.g. `res/mipmap-xxxhdpi-v4/ic_launcher.png`.
    pub path: String,
    /// `image/png`, `image/webp`, `image/jpeg`.
    pub mime: String,
    /// The image itself as a `data:` URL (base64), so pages and exports show it without any request.
    pub data_url: String,
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
            bundle: None,
        }
    }

    pub fn limitation(&mut self, id: &str, message: impl Into<String>) {
        self.limitations.push(Limitation { id: id.into(), message: message.into() });
    }

    /// Records a problem. A hostile package can cause one per element, so past `Limits::MAX_WARNINGS` a
    /// single last line says the rest were left out.
    pub fn warn(&mut self, e: &super::error::Error) {
        let max = super::limits::Limits::MAX_WARNINGS;
        match self.warnings.len().cmp(&max) {
            std::cmp::Ordering::Less => self.warnings.push(Warning::from(e)),
            std::cmp::Ordering::Equal => self.warnings.push(Warning {
                part: "report".into(),
                message: format!("more than {max} problems were found; only the first {max} are listed"),
                offset: None,
            }),
            std::cmp::Ordering::Greater => {}
        }
    }
}
