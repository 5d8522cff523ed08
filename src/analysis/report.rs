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
    /// The app's compiled code as AppLens read it; null for packages without Android code.
    pub code: Option<CodeSummary>,
    /// What the code can do, cross-checked with the permissions the manifest asks for.
    pub capabilities: Vec<Capability>,
    /// Internet hosts named in the code.
    pub domains: Vec<Domain>,
    /// Companies that may receive data, from the trackers and domains above.
    pub recipients: Vec<Recipient>,
    /// Native (compiled C/C++) libraries, one entry per file name.
    pub native_libraries: Vec<NativeLibrary>,
    /// Packers and protectors that hide code from analysis.
    pub packers: Vec<Packer>,
    pub findings: Vec<Finding>,
    pub limitations: Vec<Limitation>,
    pub warnings: Vec<Warning>,
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

/// A tracker SDK whose code is present in the package (which is not proof that it runs).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tracker {
    /// As the Exodus Privacy list names it, for trackers of that list.
    pub name: String,
    /// Exodus Privacy's tracker id; null for SDKs AppLens added to the list.
    pub exodus_id: Option<u32>,
    /// The company that runs it today.
    pub company: String,
    /// ISO 3166-1 alpha-2 code of the company's home country; null when there is no company (an
    /// open-source library) or AppLens does not know it.
    pub country: Option<String>,
    pub categories: Vec<String>,
    pub website: String,
    /// Class names matched (a few), each with the DEX file it is in.
    pub evidence: Vec<Evidence>,
}

/// How much of the app's code AppLens read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeSummary {
    pub dex_files: Vec<DexFile>,
    /// Classes defined in all the DEX files read.
    pub classes: u64,
    /// False when some code could not be read or is hidden; `limitations` says which.
    pub complete: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DexFile {
    /// The archive entry, e.g. `classes2.dex`.
    pub entry: String,
    /// DEX format version (35 to 41); null when the file could not be read.
    pub version: Option<u32>,
    pub classes: u32,
    pub methods: u32,
    pub strings: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CapabilityStatus {
    /// The manifest asks for the permission and the code uses an API that needs it.
    RequestedAndUsed,
    /// The manifest asks for the permission, but no code reference to the APIs AppLens knows was found.
    RequestedNotFound,
    /// The code references the API, but the manifest does not ask for the permission it needs.
    UsedNotRequested,
    /// The code references the API, and Android asks no permission for it.
    NoPermissionNeeded,
}

/// Something the code can do, from its method, field and string references.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Capability {
    /// Stable id, e.g. `clipboard`, `id_advertising`.
    pub id: String,
    pub title: String,
    /// What it means for a person.
    pub meaning: String,
    /// The permissions that allow it (any one is enough); empty when none is needed.
    pub permissions: Vec<String>,
    pub status: CapabilityStatus,
    /// Method references and strings found (`code`), or the manifest lines (`manifest`) when no code was.
    pub evidence: Vec<Evidence>,
}

/// An internet host named in the code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Domain {
    /// Lower-case host name, e.g. `graph.facebook.com`.
    pub host: String,
    /// Named in an `http://` URL: traffic to it may be unencrypted.
    pub cleartext: bool,
    /// The company that runs it, when known.
    pub company: Option<String>,
    pub country: Option<String>,
    /// The tracker whose network signature it matches, if any.
    pub tracker: Option<String>,
    /// The strings it was found in (a few).
    pub evidence: Vec<Evidence>,
}

/// A company that may receive data from the app, and why AppLens says so.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recipient {
    pub company: String,
    /// ISO 3166-1 alpha-2; null when AppLens does not know it.
    pub country: Option<String>,
    /// Names of its trackers found in the code.
    pub trackers: Vec<String>,
    /// Its hosts found in the code.
    pub domains: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NativeLibrary {
    /// File name, e.g. `libflutter.so`.
    pub name: String,
    /// CPU types it is built for (`arm64-v8a`, `armeabi-v7a`, `x86_64`…).
    pub abis: Vec<String>,
    /// The SDK or framework it belongs to, when recognised.
    pub sdk: Option<String>,
    pub company: Option<String>,
    pub evidence: Vec<Evidence>,
}

/// A packer or protector recognised from its files or classes: code AppLens cannot see.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Packer {
    pub name: String,
    pub company: Option<String>,
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
            code: None,
            capabilities: Vec::new(),
            domains: Vec::new(),
            recipients: Vec::new(),
            native_libraries: Vec::new(),
            packers: Vec::new(),
            findings: Vec::new(),
            limitations: Vec::new(),
            warnings: Vec::new(),
        }
    }

    pub fn limitation(&mut self, id: &str, message: impl Into<String>) {
        self.limitations.push(Limitation { id: id.into(), message: message.into() });
    }

    pub fn warn(&mut self, e: &super::error::Error) {
        self.warnings.push(Warning::from(e));
    }
}
