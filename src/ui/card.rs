//! The summary image a journalist can put into an article: an SVG card with the app's icon, name, id,
//! version, signer, grade, verdict, the two axes, top concerns, where the data may go (each country with what
//! the EU and the UK say of it) and the category chart. Pure text in, text out (tested
//! natively); the page offers it as a download made on the device.
//!
//! Every string from the package goes through `text()`: invisible characters become visible markers
//! (`display_text`), characters XML cannot hold are replaced, and `< > & " '` are escaped, so a label such
//! as `<script>` is drawn as those characters and never becomes markup.

use std::fmt::Write as _;

use super::format::display_text;
use crate::analysis::present::{adequacy_short, by_country};
use super::i18n::{tr, trf};
use crate::analysis::report::Report;

const WIDTH: u32 = 1200;
const MARGIN: u32 = 48;
const FONT: &str = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

/// A string from the package (or the report) made safe as SVG text or attribute content.
pub fn text(s: &str) -> String {
    let shown = display_text(s);
    let mut out = String::with_capacity(shown.len());
    for c in shown.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' | '\r' => out.push(' '),
            // Not allowed in XML 1.0 at all (display_text already marks the control characters).
            '\u{FFFE}' | '\u{FFFF}' => {
                let _ = write!(out, "⟨U+{:04X}⟩", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

/// Splits `s` into lines of at most `max` characters at spaces (a longer word is cut), at most `lines`
/// lines; the last one ends in `…` when text is left over.
pub fn wrap(s: &str, max: usize, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in s.split_whitespace() {
        let mut word = word.to_string();
        while word.chars().count() > max {
            let head: String = word.chars().take(max).collect();
            word = word.chars().skip(max).collect();
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            out.push(head);
        }
        let needed = if current.is_empty() { word.chars().count() } else { current.chars().count() + 1 + word.chars().count() };
        if needed > max && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(&word);
    }
    if !current.is_empty() {
        out.push(current);
    }
    if out.len() > lines {
        out.truncate(lines);
        if let Some(last) = out.last_mut() {
            let keep: String = last.chars().take(max.saturating_sub(1)).collect();
            *last = format!("{}…", keep.trim_end());
        }
    }
    out
}

/// Colours of the grade badge: background and text (contrast 4.5:1 or more).
fn grade_colours(grade: &str) -> (&'static str, &'static str) {
    match grade {
        "A" => ("#1b5e20", "#ffffff"),
        "B" => ("#33691e", "#ffffff"),
        "C" => ("#f9c74f", "#1b1f24"),
        "D" => ("#c2410c", "#ffffff"),
        "E" => ("#b42318", "#ffffff"),
        "F" => ("#7a1010", "#ffffff"),
        _ => ("#59636e", "#ffffff"),
    }
}

/// Bar colour for a category level (the words beside each bar carry the same information).
pub fn level_colour(level: &str) -> &'static str {
    match level {
        "very_high" => "#7a1010",
        "high" => "#b42318",
        "medium" => "#c2410c",
        "low" => "#33691e",
        _ => "#d5dae0",
    }
}

/// Lines of text, each at `x` and one `step` below the other; returns the y after the last line.
fn lines(out: &mut String, x: u32, y: u32, step: u32, attrs: &str, lines: &[String]) -> u32 {
    let mut y = y;
    for line in lines {
        let _ = writeln!(out, r#"<text x="{x}" y="{y}" {attrs}>{}</text>"#, text(line));
        y += step;
    }
    y
}

/// Who signed the package, in a few words: the certificate's common name, else its whole subject.
pub fn signer_words(report: &Report) -> Option<String> {
    let signing = report.signing.as_ref()?;
    if signing.schemes.is_empty() {
        return Some("not signed".into());
    }
    let subject = &signing.signers.first()?.certificate.subject;
    let cn = subject.split(", ").find_map(|part| part.strip_prefix("CN=")).map(|v| v.trim_matches('"'));
    Some(cn.unwrap_or(subject).to_string())
}

/// The summary card as a standalone SVG document.
pub fn summary_svg(report: &Report) -> String {
    let Some(risk) = report.risk.as_ref() else { return String::new() };
    let mut body = String::new();
    let name = report.app.name.clone().or_else(|| report.app.id.clone()).unwrap_or_else(|| report.file.name.clone());
    let muted = r##"fill="#59636e""##;

    // Identity, beside the icon.
    let text_x = if report.app.icon.is_some() { MARGIN + 120 } else { MARGIN };
    if let Some(icon) = report.app.icon.as_ref().filter(|i| i.data_url.starts_with("data:image/")) {
        let _ = writeln!(
            body,
            r#"<image x="{MARGIN}" y="{MARGIN}" width="96" height="96" preserveAspectRatio="xMidYMid meet" href="{}"/>"#,
            text(&icon.data_url)
        );
    }
    // Identity text stops short of the grade badge: wrapped by an estimate of character widths, and clipped
    // for names of unusually wide characters.
    let identity_right = WIDTH - MARGIN - 130 - 24;
    let _ = writeln!(
        body,
        r#"<clipPath id="al-card-identity"><rect x="{text_x}" y="0" width="{}" height="{}"/></clipPath><g clip-path="url(#al-card-identity)">"#,
        identity_right - text_x,
        MARGIN + 200
    );
    let name_width = ((identity_right - text_x) / 21) as usize;
    let mut y = lines(&mut body, text_x, MARGIN + 34, 42, r#"font-size="36" font-weight="700""#, &wrap(&name, name_width, 2));
    let mut facts = vec![report.app.id.clone().unwrap_or_else(|| tr("unknown id"))];
    if let Some(v) = &report.app.version_name {
        facts.push(trf("version {v}", &[("v", v)]));
    }
    let id_line = facts.join(" · ");
    y = lines(&mut body, text_x, y - 8, 28, &format!(r#"font-size="20" {muted}"#), &wrap(&id_line, 70, 1));
    let mut platform = tr(report.format.describe());
    match signer_words(report).as_deref() {
        Some("not signed") => platform.push_str(&tr(" · not signed")),
        Some(signer) => platform.push_str(&trf(" · signed by {signer}", &[("signer", signer)])),
        None => {}
    }
    y = lines(&mut body, text_x, y, 28, &format!(r#"font-size="20" {muted}"#), &wrap(&platform, 70, 1));
    body.push_str("</g>\n");

    // The grade, top right.
    let (bg, fg) = grade_colours(&risk.grade);
    let gx = WIDTH - MARGIN - 130;
    let _ = writeln!(body, r#"<rect x="{gx}" y="{MARGIN}" width="130" height="130" rx="20" fill="{bg}"/>"#);
    let _ = writeln!(
        body,
        r#"<text x="{}" y="{}" font-size="88" font-weight="800" text-anchor="middle" fill="{fg}">{}</text>"#,
        gx + 65,
        MARGIN + 98,
        text(&risk.grade)
    );
    let _ = writeln!(
        body,
        r#"<text x="{}" y="{}" font-size="20" font-weight="600" text-anchor="middle">{}</text>"#,
        gx + 65,
        MARGIN + 160,
        text(&risk.label)
    );

    // Verdict and concerns.
    y = y.max(MARGIN + 190) + 10;
    let verdict = risk.verdict.split_once(": ").map_or(risk.verdict.as_str(), |(_, v)| v);
    y = lines(&mut body, MARGIN, y, 32, r#"font-size="24""#, &wrap(&super::format::sentence_case(verdict), 84, 2)) + 14;
    if !risk.axes.is_empty() {
        let axes: Vec<String> = risk.axes.iter().map(|a| format!("{}: {}", a.name, a.grade)).collect();
        y = lines(&mut body, MARGIN, y, 30, r#"font-size="22" font-weight="600""#, &[axes.join("   ·   ")]) + 10;
    }
    if !risk.concerns.is_empty() {
        let _ = writeln!(body, r#"<text x="{MARGIN}" y="{y}" font-size="22" font-weight="700">{}</text>"#, text(&tr("Top concerns")));
        y += 36;
        for concern in &risk.concerns {
            let wrapped = wrap(&concern.text, 88, 2);
            let _ = writeln!(body, r##"<circle cx="{}" cy="{}" r="5" fill="#1b1f24"/>"##, MARGIN + 6, y - 7);
            y = lines(&mut body, MARGIN + 24, y, 28, r#"font-size="22""#, &wrapped) + 8;
        }
    }

    // Where the data may go: each country with its companies and what the EU and the UK say of it.
    if !report.recipients.is_empty() {
        let _ = writeln!(body, r#"<text x="{MARGIN}" y="{y}" font-size="22" font-weight="700">{}</text>"#, text(&tr("Where the data may go")));
        y += 34;
        let groups = by_country(&report.recipients);
        for g in groups.iter().take(4) {
            let facts = adequacy_short(g.adequacy).map(|f| format!(" ({})", super::i18n::tx(f))).unwrap_or_default();
            let line = format!("{}: {}{facts}", super::i18n::country_tx(&g.name), g.companies.join(", "));
            y = lines(&mut body, MARGIN, y, 28, r#"font-size="20""#, &wrap(&line, 96, 2)) + 4;
        }
        if groups.len() > 4 {
            let more = trf("and {n} more countries", &[("n", &(groups.len() - 4).to_string())]);
            let _ = writeln!(body, r#"<text x="{MARGIN}" y="{y}" font-size="18" {muted}>{}</text>"#, text(&more));
            y += 28;
        }
        y += 6;
    }

    // The chart: every category with a score, highest first.
    y += 12;
    let mut scored: Vec<_> = risk.categories.iter().filter(|c| c.score > 0.0).collect();
    scored.sort_by(|a, b| b.score.total_cmp(&a.score));
    if !scored.is_empty() {
        let _ = writeln!(body, r#"<text x="{MARGIN}" y="{y}" font-size="22" font-weight="700">{}</text>"#, text(&tr("Risk by category (0 to 10)")));
        y += 18;
        let bar_x = MARGIN + 390;
        let bar_max = 520u32;
        for c in scored.iter().take(10) {
            let w = ((c.score / 10.0) * f64::from(bar_max)).round().clamp(2.0, f64::from(bar_max)) as u32;
            let _ = writeln!(body, r#"<text x="{MARGIN}" y="{}" font-size="20">{}</text>"#, y + 21, text(&c.name));
            let _ = writeln!(body, r##"<rect x="{bar_x}" y="{}" width="{bar_max}" height="22" rx="4" fill="#eef0f3"/>"##, y + 4);
            let _ = writeln!(body, r#"<rect x="{bar_x}" y="{}" width="{w}" height="22" rx="4" fill="{}"/>"#, y + 4, level_colour(&c.level));
            let _ = writeln!(
                body,
                r#"<text x="{}" y="{}" font-size="18" font-weight="600">{} {}</text>"#,
                bar_x + bar_max + 14,
                y + 21,
                text(&c.level_name),
                super::i18n::language().number(&c.score.to_string())
            );
            y += 32;
        }
        if scored.len() > 10 {
            let _ = writeln!(body, r#"<text x="{MARGIN}" y="{}" font-size="18" {muted}>{}</text>"#, y + 18, trf("and {n} more categories", &[("n", &(scored.len() - 10).to_string())]));
            y += 28;
        }
    }

    // Where it comes from.
    y += 20;
    let hash = report.file.sha256.get(..16).unwrap_or(&report.file.sha256);
    let footer = trf(
        "Checked with AppLens {version} on the reader's own device (risk model {model}); confidence {confidence}. File SHA-256 {hash}…",
        &[
            ("version", &report.generator.version),
            ("model", &risk.model_version.to_string()),
            ("confidence", &tr(&risk.confidence.level)),
            ("hash", hash),
        ],
    );
    let _ = writeln!(body, r##"<line x1="{MARGIN}" y1="{}" x2="{}" y2="{}" stroke="#d5dae0"/>"##, y - 24, WIDTH - MARGIN, y - 24);
    y = lines(&mut body, MARGIN, y + 4, 24, &format!(r#"font-size="16" {muted}"#), &wrap(&footer, 120, 2));
    let height = y + MARGIN - 16;

    let title = trf("{name}: grade {grade} ({label})", &[("name", &name), ("grade", &risk.grade), ("label", &risk.label)]);
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="al-card-title al-card-desc" font-family="{FONT}" fill="#1b1f24">
<title id="al-card-title">{}</title>
<desc id="al-card-desc">{}</desc>
<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>
{body}</svg>
"##,
        text(&title),
        text(&risk.summary)
    )
}

/// A file name for the card: the app id (or "app") with characters that file systems dislike replaced.
pub fn file_stem(report: &Report) -> String {
    let raw = report.app.id.as_deref().unwrap_or("app");
    let stem: String = raw.chars().take(80).map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_' { c } else { '_' }).collect();
    if stem.trim_matches(|c| c == '.' || c == '_').is_empty() {
        "app".into()
    } else {
        stem
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::report::{FileInfo, Format, Icon};
    use crate::analysis::risk::assess;

    #[test]
    fn package_strings_are_text_never_markup() {
        assert_eq!(text(r#"<img src=x onerror="alert(1)">&'"#), "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;");
        assert_eq!(text("a\u{202e}b\u{0}c\u{FFFF}"), "a⟨U+202E⟩b⟨U+0000⟩c⟨U+FFFF⟩");
        assert_eq!(text("two\nlines"), "two lines");
    }

    #[test]
    fn long_text_wraps_at_spaces_and_is_cut_with_an_ellipsis() {
        assert_eq!(wrap("one two three four", 9, 3), ["one two", "three", "four"]);
        assert_eq!(wrap("one two three four", 9, 2), ["one two", "three…"]);
        assert_eq!(wrap("abcdefghij", 4, 5), ["abcd", "efgh", "ij"]);
        assert!(wrap("", 10, 2).is_empty());
    }

    #[test]
    fn the_card_is_well_formed_svg_with_the_hostile_label_as_text() {
        let mut r = Report::new(FileInfo { name: "x.apk".into(), size: 1, sha256: "ab".repeat(32) }, Format::Apk);
        r.app.name = Some("<script>alert(1)</script>\u{202e}txt.exe".into());
        r.app.id = Some("evil\"><svg onload=alert(2)>".into());
        r.app.version_name = Some("javascript:alert(3)//<b>bold</b>".into());
        r.app.icon = Some(Icon { path: "i.png".into(), mime: "image/png".into(), data_url: "data:image/png;base64,AAAA".into(), ..Icon::default() });
        r.risk = Some(assess(&r));
        let svg = summary_svg(&r);
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;⟨U+202E⟩txt.exe"));
        assert!(svg.contains("evil&quot;&gt;&lt;svg onload=alert(2)&gt;"));
        assert!(!svg.contains("<script") && !svg.contains("<b>") && !svg.contains("onload=alert(2)>"));
        // Every element opened is closed: a crude well-formedness check without an XML parser.
        let opened = svg.matches("<text").count();
        assert_eq!(opened, svg.matches("</text>").count());
        assert!(svg.contains(">A</text>"), "the grade letter is drawn");
        assert!(svg.contains("href=\"data:image/png;base64,AAAA\""));
        assert_eq!(file_stem(&r), "evil___svg_onload_alert_2__");
    }

    #[test]
    fn the_card_says_where_the_data_may_go_and_the_two_axes() {
        use crate::analysis::knowledge::jurisdictions::adequacy;
        use crate::analysis::report::Recipient;
        let mut r = Report::new(FileInfo { name: "x.apk".into(), size: 1, sha256: "ab".repeat(32) }, Format::Apk);
        r.app.id = Some("org.example".into());
        let recipient = |company: &str, country: &str| Recipient {
            company: company.into(),
            country: Some(country.into()),
            trackers: vec![],
            domains: vec![],
            adequacy: adequacy(Some(country)),
        };
        r.recipients = vec![recipient("ByteDance", "CN"), recipient("Google & Co", "US")];
        r.risk = Some(assess(&r));
        let svg = summary_svg(&r);
        assert!(svg.contains(">Where the data may go</text>"));
        assert!(svg.contains(">China: ByteDance (no EU or UK adequacy decision)</text>"), "{svg}");
        assert!(svg.contains("Google &amp; Co (EU adequacy for some companies only)"), "{svg}");
        assert!(svg.contains("What it can reach: A   ·   Who else gets it: "), "{svg}");
        assert_eq!(svg.matches("<text").count(), svg.matches("</text>").count());
    }
}
