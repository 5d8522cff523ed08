//! Internet hosts named in DEX strings: from URLs (`https://api.example.com/v1`, any position in the
//! string) and from strings that are a host name and nothing else (`graph.facebook.com`). Hosts are
//! lower-cased; a host named in an `http://` or `ws://` URL is flagged as cleartext.
//!
//! Dropped as obvious non-hosts: Java package names (`com.example.app` reads like a host backwards, so a
//! bare string whose first label is itself a top-level domain is a package), file names (`main.js`: a bare
//! host must end in a common top-level domain), templates (`%s.example.com`) and anything with characters
//! a host cannot have. No lookups: a host is what the string says, nothing is ever resolved.

/// Top-level domains accepted for bare host names (a URL's host may end in any alphabetic label).
/// Common generic ones and country codes; a few that are mostly file extensions (`.so`, `.md`, `.py`,
/// `.sh`, `.rs`, `.zip`, `.mov`) are left out on purpose.
const BARE_TLDS: &[&str] = &[
    "ae", "app", "ar", "asia", "at", "au", "be", "biz", "br", "by", "ca", "cc", "ch", "cl", "cloud", "cn", "co", "com",
    "cz", "de", "dev", "dk", "ee", "es", "eu", "fi", "fm", "fr", "gg", "gl", "gov", "gr", "hk", "hu", "id", "ie", "il",
    "in", "info", "io", "ir", "it", "jp", "kr", "kz", "link", "live", "ly", "me", "mobi", "mx", "my", "net", "nl", "no",
    "nz", "online", "org", "ph", "pk", "pl", "pro", "pt", "ro", "ru", "sa", "se", "sg", "site", "sk", "su", "th", "tk",
    "to", "tr", "tv", "tw", "ua", "uk", "us", "vn", "ws", "xyz", "za",
];

/// First labels of Java packages that are not top-level domains.
const PACKAGE_ROOTS: &[&str] = &["android", "androidx", "dalvik", "java", "javax", "junit", "kotlin", "kotlinx", "okhttp3", "retrofit2", "sun"];

const MAX_HOST: usize = 253;

fn host_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'-' || b == b'.'
}

/// A lower-case host name is well-formed: labels of letters, digits and inner hyphens, at least two of
/// them, the last alphabetic (or a dotted IPv4 address).
fn valid_host(host: &str) -> bool {
    if host.is_empty() || host.len() > MAX_HOST {
        return false;
    }
    let labels: Vec<&str> = host.split('.').collect();
    if labels.len() < 2 || labels.iter().any(|l| l.is_empty() || l.len() > 63 || l.starts_with('-') || l.ends_with('-')) {
        return false;
    }
    if labels.len() == 4 && labels.iter().all(|l| l.len() <= 3 && l.bytes().all(|b| b.is_ascii_digit()) && l.parse::<u16>().is_ok_and(|n| n < 256)) {
        return true;
    }
    let tld = labels.last().copied().unwrap_or_default();
    tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_lowercase())
}

/// What every URL `hosts_in` reads has after its scheme.
pub const URL_SEPARATOR: &str = "://";

fn scheme_separator() -> &'static memchr::memmem::Finder<'static> {
    static FINDER: std::sync::OnceLock<memchr::memmem::Finder<'static>> = std::sync::OnceLock::new();
    FINDER.get_or_init(|| memchr::memmem::Finder::new(URL_SEPARATOR.as_bytes()))
}

/// Calls `found(host, cleartext)` for each host in one DEX string.
pub fn hosts_in(s: &[u8], mut found: impl FnMut(&str, bool)) {
    if s.len() < 4 {
        return;
    }
    let mut any_url = false;
    // Most strings hold no colon at all: one SIMD scan rules them out before the substring search.
    let urls = memchr::memchr(b':', s).map(|_| scheme_separator().find_iter(s));
    for at in urls.into_iter().flatten() {
        any_url = true;
        let before = s.get(..at).unwrap_or_default();
        let scheme_len = before.iter().rev().take_while(|b| b.is_ascii_alphanumeric() || b"+-.".contains(b)).count();
        let scheme = before.get(before.len() - scheme_len..).unwrap_or_default().to_ascii_lowercase();
        let cleartext = match scheme.as_slice() {
            b"http" | b"ws" => true,
            b"https" | b"wss" => false,
            _ => continue,
        };
        let rest = s.get(at + 3..).unwrap_or_default();
        let authority_len = rest.iter().take_while(|&&b| host_byte(b) || b == b'@' || b == b':' || b == b'_').count();
        let authority = rest.get(..authority_len).unwrap_or_default();
        // A template such as `https://%s.example.com` stops at `%`: the remainder is no host.
        if rest.get(authority_len).is_some_and(|b| !b"/?#\"' \n\t)<>]},;\\".contains(b)) {
            continue;
        }
        let after_user = match authority.iter().rposition(|&b| b == b'@') {
            Some(i) => authority.get(i + 1..).unwrap_or_default(),
            None => authority,
        };
        let host_part = match after_user.iter().position(|&b| b == b':') {
            Some(i) => after_user.get(..i).unwrap_or_default(),
            None => after_user,
        };
        let host = String::from_utf8_lossy(host_part).to_ascii_lowercase();
        if valid_host(&host) {
            found(&host, cleartext);
        }
    }
    if !any_url {
        bare_host(s, found);
    }
}

/// The longest top-level domain in `BARE_TLDS`, with its dot.
const LONGEST_BARE_TLD: usize = 7;

/// Calls `found(host, false)` when the whole of `s` is a host name, e.g. `graph.facebook.com`. For a
/// string without `://` this is all `hosts_in` does; it runs on millions of strings, so the two cheapest
/// tests come first: a bare host ends in a lower-case top-level domain, so its last byte is a letter and
/// a dot is among its last few bytes.
pub fn bare_host(s: &[u8], mut found: impl FnMut(&str, bool)) {
    if s.len() < 4 || s.len() > MAX_HOST || !s.last().is_some_and(u8::is_ascii_lowercase) {
        return;
    }
    if !s.iter().rev().take(LONGEST_BARE_TLD).any(|&b| b == b'.') {
        return;
    }
    if !s.iter().all(|&b| host_byte(b)) || s.iter().any(u8::is_ascii_uppercase) {
        return;
    }
    let Ok(text) = std::str::from_utf8(s) else { return };
    let first = text.split('.').next().unwrap_or_default();
    let last = text.rsplit('.').next().unwrap_or_default();
    if BARE_TLDS.contains(&first) || PACKAGE_ROOTS.contains(&first) || !BARE_TLDS.contains(&last) {
        return;
    }
    if valid_host(text) {
        found(text, false);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hosts(s: &str) -> Vec<(String, bool)> {
        let mut v = Vec::new();
        hosts_in(s.as_bytes(), |h, c| v.push((h.to_string(), c)));
        v
    }

    #[test]
    fn urls_anywhere_in_a_string() {
        assert_eq!(hosts("https://api.torchplus.example/v1/config"), [("api.torchplus.example".to_string(), false)]);
        assert_eq!(hosts("http://ads.torchplus.example/track"), [("ads.torchplus.example".to_string(), true)]);
        assert_eq!(
            hosts("see https://User:pw@Graph.Facebook.com:443/x and ws://1.2.3.4/y"),
            [("graph.facebook.com".to_string(), false), ("1.2.3.4".to_string(), true)]
        );
        assert!(hosts("content://sms/inbox").is_empty());
        assert!(hosts("https://%s.example.com/").is_empty());
        assert!(hosts("https://").is_empty());
        assert!(hosts("https://localhost/").is_empty(), "one label is no internet host");
    }

    #[test]
    fn the_longest_bare_tld_fits_the_quick_test() {
        assert_eq!(BARE_TLDS.iter().map(|t| t.len() + 1).max(), Some(LONGEST_BARE_TLD));
        assert_eq!(hosts("news.online"), [("news.online".to_string(), false)]);
    }

    #[test]
    fn bare_hosts_but_not_packages_or_files() {
        assert_eq!(hosts("graph.facebook.com"), [("graph.facebook.com".to_string(), false)]);
        assert_eq!(hosts("app-measurement.com"), [("app-measurement.com".to_string(), false)]);
        for not_host in ["com.google.android.gms", "android.net", "java.io", "main.js", "libfoo.so", "1.2.3", "Foo.com", "a..com", "readme.md"] {
            assert!(hosts(not_host).is_empty(), "{not_host}");
        }
    }
}
