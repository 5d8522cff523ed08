//! Identifiers of Android's signing formats, apart from the code that reads them.
//!
//! Sources: AOSP `platform/tools/apksig` (ApkSigningBlockUtils, V2/V3SchemeConstants, SignatureAlgorithm,
//! V3SigningCertificateLineage, SourceStampConstants), <https://source.android.com/docs/security/features/apksigning>,
//! and for the ids Google and others add to the block, the names tools such as apkInspector and
//! IzzyOnDroid's scanner give them. OIDs: RFC 3279, RFC 4055, RFC 5480, RFC 5758, RFC 8410.

/// The last 16 bytes of an APK Signing Block.
pub const APK_SIG_BLOCK_MAGIC: &[u8; 16] = b"APK Sig Block 42";
/// size-of-block (u64) + magic, just before the central directory.
pub const APK_SIG_BLOCK_FOOTER: u64 = 24;
/// size (u64) at both ends + magic: the smallest possible block.
pub const APK_SIG_BLOCK_MIN_SIZE: u64 = 32;

pub const APK_SIGNATURE_SCHEME_V2_BLOCK_ID: u32 = 0x7109_871a;
pub const APK_SIGNATURE_SCHEME_V3_BLOCK_ID: u32 = 0xf053_68c0;
pub const APK_SIGNATURE_SCHEME_V31_BLOCK_ID: u32 = 0x1b93_ad61;
pub const VERITY_PADDING_BLOCK_ID: u32 = 0x4272_6577;
pub const SOURCE_STAMP_V1_BLOCK_ID: u32 = 0x2b09_189e;
pub const SOURCE_STAMP_V2_BLOCK_ID: u32 = 0x6dff_800d;
pub const DEPENDENCY_INFO_BLOCK_ID: u32 = 0x504b_4453;
pub const GOOGLE_PLAY_FROSTING_BLOCK_ID: u32 = 0x2146_444e;
pub const MEITUAN_CHANNEL_BLOCK_ID: u32 = 0x7177_7777;
pub const ZERO_BLOCK_ID: u32 = 0xff3b_5998;

/// What an ID-value pair of the APK Signing Block is, for the report.
pub fn block_id_name(id: u32) -> &'static str {
    match id {
        APK_SIGNATURE_SCHEME_V2_BLOCK_ID => "APK Signature Scheme v2",
        APK_SIGNATURE_SCHEME_V3_BLOCK_ID => "APK Signature Scheme v3",
        APK_SIGNATURE_SCHEME_V31_BLOCK_ID => "APK Signature Scheme v3.1",
        VERITY_PADDING_BLOCK_ID => "padding (aligns the block for fs-verity)",
        SOURCE_STAMP_V1_BLOCK_ID => "source stamp v1 (which store or tool built the package)",
        SOURCE_STAMP_V2_BLOCK_ID => "source stamp v2 (which store or tool built the package)",
        DEPENDENCY_INFO_BLOCK_ID => "dependency information (encrypted for Google Play)",
        GOOGLE_PLAY_FROSTING_BLOCK_ID => "Google Play metadata (\"frosting\")",
        MEITUAN_CHANNEL_BLOCK_ID => "distribution channel (Meituan Walle)",
        ZERO_BLOCK_ID => "zero block",
        _ => "unknown",
    }
}

/// Additional attributes of a v3 / v3.1 signer's signed data.
pub const PROOF_OF_ROTATION_ATTR_ID: u32 = 0x3ba0_6f8c;
/// The only version of the proof-of-rotation (SigningCertificateLineage) encoding.
pub const PROOF_OF_ROTATION_VERSION: u32 = 1;

/// Signature algorithm ids of the v2/v3 blocks (apksig `SignatureAlgorithm`), as Java names them.
pub fn block_signature_algorithm(id: u32) -> Option<&'static str> {
    Some(match id {
        0x0101 => "SHA256withRSA/PSS",
        0x0102 => "SHA512withRSA/PSS",
        0x0103 => "SHA256withRSA",
        0x0104 => "SHA512withRSA",
        0x0201 => "SHA256withECDSA",
        0x0202 => "SHA512withECDSA",
        0x0301 => "SHA256withDSA",
        0x0421 => "SHA256withRSA (verity)",
        0x0423 => "SHA256withECDSA (verity)",
        0x0425 => "SHA256withDSA (verity)",
        _ => return None,
    })
}

/// PKCS #7 SignedData content type.
pub const OID_SIGNED_DATA: &str = "1.2.840.113549.1.7.2";

pub const OID_RSA: &str = "1.2.840.113549.1.1.1";
pub const OID_EC_PUBLIC_KEY: &str = "1.2.840.10045.2.1";
pub const OID_DSA: &str = "1.2.840.10040.4.1";

/// Public-key algorithms, as apksigner names them.
pub fn key_algorithm(oid: &str) -> Option<&'static str> {
    Some(match oid {
        OID_RSA | "1.2.840.113549.1.1.10" => "RSA",
        OID_EC_PUBLIC_KEY => "EC",
        OID_DSA => "DSA",
        "1.3.101.112" => "Ed25519",
        "1.3.101.113" => "Ed448",
        _ => return None,
    })
}

/// Named elliptic curves and their size in bits.
pub fn curve_bits(oid: &str) -> Option<u32> {
    Some(match oid {
        "1.2.840.10045.3.1.1" => 192, // P-192
        "1.3.132.0.33" => 224,        // P-224
        "1.2.840.10045.3.1.7" => 256, // P-256
        "1.3.132.0.10" => 256,        // secp256k1
        "1.3.132.0.34" => 384,        // P-384
        "1.3.132.0.35" => 521,        // P-521
        _ => return None,
    })
}

/// Hash algorithms of a PKCS #7 SignerInfo's digestAlgorithm.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Digest {
    Md2,
    Md5,
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

impl Digest {
    pub fn from_oid(oid: &str) -> Option<Self> {
        Some(match oid {
            "1.2.840.113549.2.2" => Self::Md2,
            "1.2.840.113549.2.5" => Self::Md5,
            "1.3.14.3.2.26" => Self::Sha1,
            "2.16.840.1.101.3.4.2.4" => Self::Sha224,
            "2.16.840.1.101.3.4.2.1" => Self::Sha256,
            "2.16.840.1.101.3.4.2.2" => Self::Sha384,
            "2.16.840.1.101.3.4.2.3" => Self::Sha512,
            _ => return None,
        })
    }

    /// The prefix of Java's signature algorithm names (`SHA256withRSA`).
    pub fn java_prefix(self) -> &'static str {
        match self {
            Self::Md2 => "MD2",
            Self::Md5 => "MD5",
            Self::Sha1 => "SHA1",
            Self::Sha224 => "SHA224",
            Self::Sha256 => "SHA256",
            Self::Sha384 => "SHA384",
            Self::Sha512 => "SHA512",
        }
    }

    /// MD2, MD5 and SHA-1 no longer resist forged collisions.
    pub fn is_broken(self) -> bool {
        matches!(self, Self::Md2 | Self::Md5 | Self::Sha1)
    }
}

/// Signature algorithm OIDs (certificates' signatureAlgorithm, SignerInfo's signatureAlgorithm): Java's
/// name and the hash it uses.
pub fn signature_algorithm(oid: &str) -> Option<(&'static str, Option<Digest>)> {
    use Digest::*;
    Some(match oid {
        "1.2.840.113549.1.1.2" => ("MD2withRSA", Some(Md2)),
        "1.2.840.113549.1.1.4" => ("MD5withRSA", Some(Md5)),
        "1.2.840.113549.1.1.5" => ("SHA1withRSA", Some(Sha1)),
        "1.2.840.113549.1.1.14" => ("SHA224withRSA", Some(Sha224)),
        "1.2.840.113549.1.1.11" => ("SHA256withRSA", Some(Sha256)),
        "1.2.840.113549.1.1.12" => ("SHA384withRSA", Some(Sha384)),
        "1.2.840.113549.1.1.13" => ("SHA512withRSA", Some(Sha512)),
        "1.2.840.113549.1.1.10" => ("RSASSA-PSS", None),
        "1.2.840.10040.4.3" => ("SHA1withDSA", Some(Sha1)),
        "2.16.840.1.101.3.4.3.1" => ("SHA224withDSA", Some(Sha224)),
        "2.16.840.1.101.3.4.3.2" => ("SHA256withDSA", Some(Sha256)),
        "1.2.840.10045.4.1" => ("SHA1withECDSA", Some(Sha1)),
        "1.2.840.10045.4.3.1" => ("SHA224withECDSA", Some(Sha224)),
        "1.2.840.10045.4.3.2" => ("SHA256withECDSA", Some(Sha256)),
        "1.2.840.10045.4.3.3" => ("SHA384withECDSA", Some(Sha384)),
        "1.2.840.10045.4.3.4" => ("SHA512withECDSA", Some(Sha512)),
        "1.3.101.112" => ("Ed25519", None),
        _ => return None,
    })
}

/// X.500 attribute types, with the keywords Java's `X500Name.toString()` prints (so subjects read exactly
/// as `apksigner verify --print-certs` shows them).
pub fn name_attribute(oid: &str) -> Option<&'static str> {
    Some(match oid {
        "2.5.4.3" => "CN",
        "2.5.4.6" => "C",
        "2.5.4.7" => "L",
        "2.5.4.8" => "ST",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "2.5.4.12" => "T",
        "2.5.4.9" => "STREET",
        "2.5.4.4" => "SURNAME",
        "2.5.4.42" => "GIVENNAME",
        "2.5.4.43" => "INITIALS",
        "2.5.4.44" => "GENERATION",
        "2.5.4.46" => "DNQUALIFIER",
        "2.5.4.5" => "SERIALNUMBER",
        "1.2.840.113549.1.9.1" => "EMAILADDRESS",
        "0.9.2342.19200300.100.1.25" => "DC",
        "0.9.2342.19200300.100.1.1" => "UID",
        _ => return None,
    })
}
