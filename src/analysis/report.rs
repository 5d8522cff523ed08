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
    /// Who signed the package and how (Android); null when not examined (iOS, or not readable).
    pub signing: Option<Signing>,
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

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tracker {
    pub name: String,
    pub company: String,
    /// ISO 3166-1 alpha-2 code of the company's home country.
    pub country: String,
    pub categories: Vec<String>,
    pub evidence: Vec<Evidence>,
}

/// The package's signatures: who signed it, with which schemes, and what the APK Signing Block holds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signing {
    /// Signature schemes present, oldest first: `v1` (JAR signing), `v2`, `v3`, `v3.1`.
    pub schemes: Vec<String>,
    /// One entry per distinct signing certificate, the one newer Android versions check first.
    pub signers: Vec<Signer>,
    /// A v3 / v3.1 proof of key rotation: the developer's signing certificates, oldest first; empty when
    /// the key was never rotated.
    pub lineage: Vec<Certificate>,
    /// Every ID-value pair of the APK Signing Block, in order; empty when there is no block.
    pub signing_block: Vec<SigningBlockEntry>,
    /// Whether the signatures were checked cryptographically. Always `false` in this version: the
    /// signature is present, not verified.
    pub verified: bool,
    /// The time certificate expiry was judged against (ISO 8601, UTC); null when no clock was available.
    pub checked_at: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signer {
    pub certificate: Certificate,
    /// The signatures this certificate makes, one per scheme.
    pub signatures: Vec<SignatureInfo>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignatureInfo {
    /// `v1`, `v2`, `v3` or `v3.1`.
    pub scheme: String,
    /// Java's name of the algorithm(s), e.g. `SHA256withRSA`; several are joined by `, `.
    pub algorithm: String,
    /// Where it is stored: `META-INF/CERT.RSA`, or `APK Signing Block (v2)`.
    pub location: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    /// As `apksigner verify --print-certs` prints it, e.g. `CN=Android Debug, O=Android, C=US`.
    pub subject: String,
    pub issuer: String,
    /// Lower-case hex.
    pub serial: String,
    /// ISO 8601 UTC, e.g. `2014-07-22T15:00:01Z`; null when unreadable.
    pub not_before: Option<String>,
    pub not_after: Option<String>,
    /// Whether `not_after` is before `checked_at`; null when there was no clock or no date.
    pub expired: Option<bool>,
    /// Lower-case hex SHA-256 of the certificate as stored: the fingerprint stores and developers publish.
    pub sha256: String,
    /// `RSA`, `EC`, `DSA`… (apksigner's names), or the OID of an algorithm AppLens does not know.
    pub key_algorithm: String,
    /// Key size in bits (RSA modulus, DSA prime, EC curve); null when unknown.
    pub key_size: Option<u32>,
    /// The certificate's own signature algorithm, e.g. `SHA256withRSA`.
    pub signature_algorithm: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SigningBlockEntry {
    /// The pair's id as `0x` and 8 hex digits, e.g. `0x7109871a`.
    pub id: String,
    /// What it is, e.g. `APK Signature Scheme v2`, or `unknown`.
    pub name: String,
    /// Bytes of its value.
    pub size: u64,
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
            signing: None,
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
