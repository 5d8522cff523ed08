//! X.509 validity times (RFC 5280 §4.1.2.5: UTCTime and GeneralizedTime) to and from Unix seconds, and
//! the ISO 8601 form the report uses. Lenient like Java's reader: seconds may be missing, and a `+hhmm` /
//! `-hhmm` offset is applied instead of `Z`.

use super::der::{Tlv, GENERALIZED_TIME, UTC_TIME};

/// Unix seconds of a UTCTime or GeneralizedTime element; `None` when it is not a time AppLens can read.
pub fn parse_time(tlv: &Tlv<'_>) -> Option<i64> {
    let text = std::str::from_utf8(tlv.value).ok()?;
    let (year, rest) = match tlv.tag {
        UTC_TIME => {
            let yy: i64 = digits(text.get(0..2)?)?;
            // RFC 5280: YY >= 50 means 19YY, otherwise 20YY.
            (if yy >= 50 { 1900 + yy } else { 2000 + yy }, text.get(2..)?)
        }
        GENERALIZED_TIME => (digits(text.get(0..4)?)?, text.get(4..)?),
        _ => return None,
    };
    let month = digits(rest.get(0..2)?)?;
    let day = digits(rest.get(2..4)?)?;
    let hour = digits(rest.get(4..6)?)?;
    let minute = digits(rest.get(6..8)?)?;
    let mut rest = rest.get(8..)?;
    let mut second = 0;
    if let Some(s) = rest.get(0..2).and_then(digits) {
        second = s;
        rest = rest.get(2..)?;
    }
    // Fractions of a second (GeneralizedTime) do not matter at the scale of certificate validity.
    if let Some(fraction) = rest.strip_prefix('.').or_else(|| rest.strip_prefix(',')) {
        rest = fraction.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    let offset = match rest {
        "Z" | "" => 0,
        _ => {
            let sign = match rest.get(0..1)? {
                "+" => 1,
                "-" => -1,
                _ => return None,
            };
            let h: i64 = digits(rest.get(1..3)?)?;
            let m: i64 = digits(rest.get(3..5)?)?;
            sign * (h * 3600 + m * 60)
        }
    };
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    Some(days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - offset)
}

fn digits(s: &str) -> Option<i64> {
    if s.bytes().all(|b| b.is_ascii_digit()) && !s.is_empty() {
        s.parse().ok()
    } else {
        None
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `2014-07-22T15:00:01Z` for Unix seconds.
pub fn iso8601(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    // Inverse of days_from_civil (Hinnant's civil_from_days).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", secs / 3600, secs % 3600 / 60, secs % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(tag: u8, s: &str) -> Option<i64> {
        parse_time(&Tlv { tag, value: s.as_bytes(), raw: &[] })
    }

    #[test]
    fn reads_both_time_types() {
        assert_eq!(t(UTC_TIME, "140722150001Z"), Some(1_406_041_201));
        assert_eq!(t(GENERALIZED_TIME, "20390716150001Z"), Some(2_194_441_201));
        assert_eq!(t(UTC_TIME, "700101000000Z"), Some(0));
        assert_eq!(t(UTC_TIME, "491231235959Z"), Some(2_524_607_999));
        // No seconds, and an offset, as some old tools wrote.
        assert_eq!(t(UTC_TIME, "1407221500Z"), Some(1_406_041_200));
        assert_eq!(t(UTC_TIME, "140722170001+0200"), Some(1_406_041_201));
        assert_eq!(t(GENERALIZED_TIME, "20140722150001.123Z"), Some(1_406_041_201));
        assert_eq!(t(UTC_TIME, "141322150001Z"), None);
        assert_eq!(t(UTC_TIME, "14"), None);
        assert_eq!(t(GENERALIZED_TIME, "2014-07-22"), None);
    }

    #[test]
    fn formats_iso8601() {
        assert_eq!(iso8601(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso8601(1_406_041_201), "2014-07-22T15:00:01Z");
        assert_eq!(iso8601(2_194_441_201), "2039-07-16T15:00:01Z");
        assert_eq!(iso8601(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(iso8601(-86_400), "1969-12-31T00:00:00Z");
        for unix in [0, 951_782_400, 4_102_444_800, 1_700_000_000] {
            let s = iso8601(unix);
            let g = format!("{}{}{}{}{}{}Z", &s[0..4], &s[5..7], &s[8..10], &s[11..13], &s[14..16], &s[17..19]);
            assert_eq!(t(GENERALIZED_TIME, &g), Some(unix), "{s}");
        }
    }
}
