//! Labels, icons and locales from resources.arsc must agree with Debian's `aapt dump badging` on every corpus
//! APK (values in tests/reference/aapt_badging.tsv, made by script/reference-aapt).

mod common;

use std::collections::BTreeSet;

const TABLE: &str = include_str!("reference/aapt_badging.tsv");

#[test]
fn label_icon_and_locales_equal_aapt() {
    let Some(corpus) = common::corpus("label_icon_and_locales_equal_aapt") else { return };
    let mut lines = TABLE.lines().filter(|l| !l.starts_with('#'));
    let _header = lines.next();
    let mut disagreements = Vec::new();
    let mut compared = 0;
    for line in lines {
        let f: Vec<&str> = line.split('\t').collect();
        let (file, label, icons, locales) = (f[0], f[1], f[2], f[3]);
        let report = common::analyze_path(&corpus.join("apk").join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        compared += 1;
        let ours_label = report.app.name.clone().unwrap_or_default();
        if ours_label != label {
            disagreements.push(format!("{file}: label: AppLens {ours_label:?}, aapt {label:?}"));
        }
        // aapt resolves the icon for each screen density; the densest phone's (highest number below the
        // special 0xfffe/0xffff) is the one a person sees sharpest, and the one AppLens embeds. Where aapt's
        // answer is an adaptive icon (XML, drawn by the launcher), AppLens embeds the app's own bitmap instead.
        let aapt_best = icons
            .split(',')
            .filter_map(|pair| pair.split_once('='))
            .filter_map(|(d, p)| d.parse::<u32>().ok().filter(|d| *d < 0xfffe).map(|d| (d, p)))
            .max_by_key(|(d, _)| *d)
            .map(|(_, p)| p);
        let ours_icon = report.app.icon.as_ref().map(|i| i.path.as_str());
        let ours_is_bitmap = ours_icon.is_some_and(|p| p.ends_with(".png") || p.ends_with(".webp"));
        let agrees = match aapt_best {
            Some(path) if path.ends_with(".xml") => ours_is_bitmap,
            expected => ours_icon == expected,
        };
        if !agrees {
            disagreements.push(format!("{file}: icon: AppLens {ours_icon:?}, aapt {aapt_best:?}"));
        }
        if let Some(icon) = &report.app.icon {
            assert!(icon.data_url.starts_with(&format!("data:{};base64,", icon.mime)), "{file}: bad data URL");
        }
        let ours: BTreeSet<&str> = report.app.locales.iter().map(String::as_str).collect();
        let theirs: BTreeSet<&str> = locales.split(',').filter(|s| !s.is_empty()).collect();
        if ours != theirs {
            let missing: Vec<_> = theirs.difference(&ours).collect();
            let extra: Vec<_> = ours.difference(&theirs).collect();
            disagreements.push(format!("{file}: locales: missing {missing:?}, extra {extra:?}"));
        }
    }
    assert!(disagreements.is_empty(), "disagreements with aapt:\n{}", disagreements.join("\n"));
    assert!(compared >= 20, "only {compared} APKs compared");
    eprintln!("compared {compared} APKs with aapt: labels, icons and locales agree");
}

#[test]
fn sample_label_icon_and_languages() {
    let Some(sample) = common::sample_apk() else { return };
    let report = common::analyze_path(&sample).unwrap();
    assert_eq!(report.app.name.as_deref(), Some("Torch Plus"));
    assert_eq!(report.app.locales, ["--_--", "de", "fr"]);
    let icon = report.app.icon.expect("sample icon");
    assert_eq!(icon.path, "res/mipmap-xxxhdpi-v4/ic_launcher.png");
    assert!(!report.limitations.iter().any(|l| l.id == "android.resources"));
}
