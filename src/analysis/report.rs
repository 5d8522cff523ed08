//! The report, schema version 1: what AppLens found in one package.
//!
//! Field names are stable; `docs/report-schema.md` documents each one. Integers that Android stores as
//! integers (version code, SDK levels) are always JSON numbers, or `null` when the package does not state
//! them. Lists are always present (possibly empty) so consumers never test for a missing key.

use serde::{Deserialize, Serialize};

pub const SCHEMA_VERSION: u32 = 1;

/// Reports written before `language` existed were English.
fn english() -> String {
    "en".into()
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub schema_version: u32,
    pub generator: Generator,
    /// The language of the report's texts: `en` (as analysed), `de` or `fr` (translated by
    /// `src/analysis/i18n/` from `data/i18n/`). Ids, names and evidence are never translated.
    #[serde(default = "english")]
    pub language: String,
    pub file: FileInfo,
    pub platform: Platform,
    pub format: Format,
    pub app: AppInfo,
    pub permissions: Vec<Permission>,
    /// Powers Android hands out in Settings rather than in a permission prompt: services the app offers the
    /// system (accessibility, notification listener, VPN, device admin…) and special-access permissions.
    #[serde(default)]
    pub special_access: Vec<SpecialAccess>,
    pub trackers: Vec<Tracker>,
    /// Who signed the package and how (Android); null when not examined (iOS, or not readable).
    pub signing: Option<Signing>,
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
    /// For split sets (XAPK, APKS, APKM) and App Bundles: the parts Android installs together. Null for
    /// a single APK or an IPA.
    pub bundle: Option<Bundle>,
    /// iOS-only facts (Info.plist, signing, privacy manifests, extensions…); `null` for Android packages.
    #[serde(default)]
    pub ios: Option<IosDetails>,
    /// Binary documents written back as readable text (the decoded `AndroidManifest.xml`), for people who
    /// want to read what the evidence lines come from.
    #[serde(default)]
    pub decoded_files: Vec<DecodedFile>,
    /// The grade (A–F), its verdict, each category's level and the items behind it, and how far it can be
    /// trusted (`src/analysis/risk/`, `data/risk_model.tsv`). Worked out last, from the parts above; null
    /// only in a report that was never assessed.
    #[serde(default)]
    pub risk: Option<super::risk::Risk>,
    /// The organisation's verdict when a policy was applied (`src/analysis/policy/`, `docs/policy.md`);
    /// null when none was.
    #[serde(default)]
    pub policy: Option<PolicyResult>,
}

/// What an organisation's policy says about this package.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyResult {
    /// The policy's own `name`, e.g. `Example Ltd — work phones`.
    pub name: String,
    /// The policy's `contact` text (whom to ask), when it has one.
    pub contact: Option<String>,
    pub verdict: PolicyVerdict,
    /// The verdict in one sentence for the person installing the app.
    pub summary: String,
    /// Every rule that matched, `block` ones first, each with the evidence from the report. When an `allow`
    /// entry lifted the verdict, these are what it would otherwise have been.
    pub reasons: Vec<PolicyReason>,
    /// The `allow` entry that made the verdict `allowed` despite the reasons; null when none did.
    pub allowed_by: Option<PolicyReason>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PolicyVerdict {
    Allowed,
    Warn,
    Blocked,
}

impl PolicyVerdict {
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyVerdict::Allowed => "allowed",
            PolicyVerdict::Warn => "warn",
            PolicyVerdict::Blocked => "blocked",
        }
    }
}

/// One rule of a policy that matched the package.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyReason {
    /// The policy key that matched, e.g. `block.tracker_companies`, `max_grade`, `allow.signers`.
    pub rule: String,
    /// `block`, `warn` or `allow`.
    pub action: String,
    /// Plain words naming the rule and the evidence: `Contains Google AdMob, from Google: trackers from
    /// Google are blocked.`
    pub message: String,
    /// Where in the report (and the package) the matched thing is.
    pub evidence: Vec<Evidence>,
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
    /// Pixel size, when AppLens decoded the image (iOS icons are decoded to be converted).
    #[serde(default)]
    pub width: Option<u32>,
    #[serde(default)]
    pub height: Option<u32>,
    /// True when the file was Apple's "CgBI" PNG variant, which browsers cannot show, converted to a standard PNG.
    #[serde(default)]
    pub converted_from_cgbi: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
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
    /// Risk category id (`data/risk_categories.tsv`); null when AppLens's catalogue has no entry.
    #[serde(default)]
    pub category: Option<String>,
    /// What it allows, in plain words, completing "This app …" ("can read your text messages").
    #[serde(default)]
    pub meaning: Option<String>,
    /// Why it matters to a person.
    #[serde(default)]
    pub why: Option<String>,
    /// 0-10: how much harm misuse could do (catalogue); null when not catalogued.
    #[serde(default)]
    pub weight: Option<u8>,
    /// Whether the request takes effect on current Android, or who defines the permission.
    #[serde(default)]
    pub status: PermissionStatus,
    /// Why the status is what it is, in plain words (e.g. what replaced the permission); null for `active`.
    #[serde(default)]
    pub status_note: Option<String>,
    /// For `custom`, `other_app` and `unknown`: who probably defines it (from the name's prefix).
    #[serde(default)]
    pub owner_guess: Option<String>,
    /// The platform's protection level at the app's target SDK (levels changed over time, e.g.
    /// READ_EXTERNAL_STORAGE was `normal` until API 22); null for permissions the platform does not define.
    #[serde(default)]
    pub protection_level_at_target: Option<String>,
    /// How Android hands it to this app: `install`, `runtime`, `settings` or `system_only`; null when unknown.
    #[serde(default)]
    pub grant: Option<Grant>,
    /// iOS: the app's own stated reason, quoted as written (the `NS…UsageDescription` value); null on Android,
    /// where apps state none.
    #[serde(default)]
    pub reason: Option<String>,
    /// Android's own short label for the permission (AOSP), only when AppLens's catalogue has no `meaning`.
    #[serde(default)]
    pub platform_label: Option<String>,
    /// Android's own description (AOSP), only when AppLens's catalogue has no `why`.
    #[serde(default)]
    pub platform_description: Option<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PermissionSource {
    Platform,
    App,
    #[default]
    Unknown,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PermissionStatus {
    /// A platform permission that takes effect.
    #[default]
    Active,
    /// Requested only for older Android (`maxSdkVersion`), replaced for apps built for newer Android, or
    /// removed from Android: current Android does not give it to this app.
    NotAppliedOnCurrentAndroid,
    /// Defined by this app itself (`<permission>`).
    Custom,
    /// Defined by another known app or service (Google Play services, a launcher…).
    OtherApp,
    /// Nobody AppLens knows defines it: another app's, a typo, or newer than AppLens's data.
    Unknown,
}

/// How Android hands a permission to this app.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grant {
    /// Granted when the app is installed, without asking (normal permissions, and dangerous ones for apps
    /// built for Android 5.1 or older).
    Install,
    /// Android asks the person while the app runs.
    Runtime,
    /// The person must switch it on in Settings (special access).
    Settings,
    /// Only for apps that come with the phone or are signed by its maker; not granted to ordinary apps.
    SystemOnly,
}

/// A power Android grants through Settings rather than a permission prompt.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpecialAccess {
    /// The permission behind it, e.g. `android.permission.BIND_ACCESSIBILITY_SERVICE`.
    pub permission: String,
    /// `component` (a service or receiver the app declares, guarded by that permission) or `permission`
    /// (a special-access permission the app requests).
    pub source: String,
    /// The component's class name (for `component`).
    pub component: Option<String>,
    /// `service`, `receiver`… (for `component`).
    pub component_type: Option<String>,
    pub category: String,
    pub meaning: String,
    pub why: String,
    pub weight: u8,
    pub evidence: Vec<Evidence>,
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
    /// Where its signature matched: `dex` (Exodus's method, the loaded DEX files), `carried_code` (APK,
    /// JAR or DEX files in the package that Android does not load by itself), `javascript`, `hermes`,
    /// `flutter`, `assembly` (.NET), `macho`, `privacy_manifest`. Empty in reports written before the field.
    #[serde(default)]
    pub found_in: Vec<String>,
}

/// How much of the app's code AppLens read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeSummary {
    pub dex_files: Vec<DexFile>,
    /// Classes defined in all the DEX files read.
    pub classes: u64,
    /// False when some code could not be read or is hidden; `limitations` says which.
    pub complete: bool,
    /// Signs that most of the app's code is hidden from analysis, found without knowing the packer:
    /// empty when there are none (reports written before this field read as empty too).
    #[serde(default)]
    pub hidden: Vec<HiddenCode>,
    /// App frameworks whose code is not (only) DEX or Mach-O: Cordova, Capacitor, Ionic, React Native,
    /// Flutter, Unity, Xamarin / .NET MAUI. Each names what AppLens read of it and what stays unread.
    #[serde(default)]
    pub frameworks: Vec<AppFramework>,
    /// Code AppLens read outside the DEX files Android loads (JavaScript, Hermes bytecode, APKs, JARs and
    /// DEX files carried in `assets/`, Flutter's package list, .NET assemblies, Mach-O strings).
    #[serde(default)]
    pub other_code: Vec<OtherCode>,
}

/// A framework the app is built with, whose code AppLens reads (partly) outside DEX.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppFramework {
    /// Stable id: `cordova`, `capacitor`, `ionic`, `react_native`, `flutter`, `unity`, `xamarin`, `maui`.
    pub id: String,
    /// As people know it: "React Native".
    pub name: String,
    /// The files (and config lines) that show it.
    pub evidence: Vec<Evidence>,
    /// What AppLens read of the framework's code, in plain words.
    pub read: String,
    /// What stays unread, in plain words; null when everything of it was read.
    pub unread: Option<String>,
}

/// One file of code read outside the DEX files Android loads.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OtherCode {
    /// The archive path (with its part's prefix in split sets and bundles; `outer!inner` when nested).
    pub path: String,
    /// `javascript`, `hermes`, `apk`, `jar`, `dex`, `flutter_notices`, `flutter_strings`, `assembly`,
    /// `macho_strings`.
    pub kind: String,
    /// Uncompressed size.
    pub bytes: u64,
    /// False for code the system does not load by itself (an APK, JAR or DEX in `assets/`): the app may
    /// load it at run time, or never.
    pub loaded_by_system: bool,
    /// What was read or why not (an unknown Hermes version, a limit reached); null when read in full.
    pub note: Option<String>,
}

/// One sign of code loaded at run time from where AppLens cannot read it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HiddenCode {
    /// `components_without_code` (classes the manifest declares are in no DEX file) or `opaque_payload`
    /// (large files of no known format that look encrypted, and code that can load code).
    pub kind: String,
    /// What was found, in plain words.
    pub message: String,
    /// Manifest lines, files with their sizes and entropy, the code that loads.
    pub evidence: Vec<Evidence>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
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
    /// Whether the EU and the UK recognise data protection in its country as adequate, from
    /// `data/jurisdictions.tsv`; every field null when the country is unknown (and in reports made before
    /// AppLens said this).
    #[serde(default)]
    pub adequacy: Adequacy,
}

/// What the EU (GDPR Art. 45) and the UK (UK GDPR) say of data protection in one country, as AppLens's table
/// had it on `as_of`: facts with their legal basis, so a reader can check them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Adequacy {
    pub eu: Option<AdequacyLevel>,
    /// For `partial`: whom the decision covers, a phrase that follows "only for".
    pub eu_note: Option<String>,
    /// The decision (or, for `eea`, the law) behind `eu`.
    pub eu_basis: Option<String>,
    pub uk: Option<AdequacyLevel>,
    pub uk_note: Option<String>,
    pub uk_basis: Option<String>,
    /// Carve-outs that do not change the answer, and what AppLens could not confirm.
    pub remark: Option<String>,
    /// The date the table was written (YYYY-MM-DD): nothing is looked up when a package is analysed.
    pub as_of: Option<String>,
}

/// How one side (EU or UK) regards data protection in a country.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdequacyLevel {
    /// The GDPR itself applies there (EU and EEA states); for the UK, an EEA state, which UK law treats as
    /// adequate.
    Eea,
    /// The UK's answer for the UK itself: the UK GDPR applies.
    Domestic,
    /// An adequacy decision (EU) or adequacy regulations (UK) cover the country.
    Yes,
    /// A decision covers only some recipients there (a sector, a law's reach, a certification scheme): the
    /// note says which.
    Partial,
    /// No decision.
    No,
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

impl Severity {
    /// The word the data tables and the JSON report use: `info`, `low`, `medium`, `high`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        }
    }

    /// From the words the data tables use (`info`, `low`, `medium`, `high`).
    pub fn parse(word: &str) -> Option<Self> {
        match word {
            "info" => Some(Severity::Info),
            "low" => Some(Severity::Low),
            "medium" => Some(Severity::Medium),
            "high" => Some(Severity::High),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    /// Stable identifier of the rule that produced it, e.g. `android.manifest.debuggable`.
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

/// A binary document of the package as readable text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecodedFile {
    /// The entry, e.g. `AndroidManifest.xml`.
    pub path: String,
    /// Indented XML; elements are written as their evidence lines are (long ones cut).
    pub text: String,
    /// The text stops before the end of the document (it is bounded at 512 KiB).
    pub truncated: bool,
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
            language: english(),
            file,
            platform: format.platform(),
            format,
            app: AppInfo::default(),
            permissions: Vec::new(),
            special_access: Vec::new(),
            trackers: Vec::new(),
            signing: None,
            code: None,
            capabilities: Vec::new(),
            domains: Vec::new(),
            recipients: Vec::new(),
            native_libraries: Vec::new(),
            packers: Vec::new(),
            findings: Vec::new(),
            limitations: Vec::new(),
            warnings: Vec::new(),
            bundle: None,
            ios: None,
            decoded_files: Vec::new(),
            risk: None,
            policy: None,
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
