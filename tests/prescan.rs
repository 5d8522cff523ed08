//! Sharing an app's DEX files out to several workers (as the browser does for large apps) gives exactly
//! the report one pass gives: on every corpus APK, App Bundle and split set, for every way of sharing, with the hits
//! passed through JSON as between workers, and when the inflation budget runs out part way.

mod common;

use std::path::{Path, PathBuf};

use applens::analysis::android::code::DexHits;
use applens::analysis::archive::Archive;
use applens::analysis::source::FileSource;
use applens::analysis::{analyze, analyze_with, planned_dex, prescan, share_out, Limits, Options, PlannedDex, Prescan};

fn options(limits: Limits) -> Options {
    Options { limits, now_unix: Some(1_790_000_000), ..Options::default() }
}

fn report_json(path: &Path, options: &Options, ahead: Option<&[Vec<PlannedDex>]>) -> String {
    let source = FileSource::open(path).expect("open");
    let mut found = Prescan::default();
    for share in ahead.unwrap_or_default() {
        // Each share read on its own (a worker of its own), its hits sent as JSON like a worker's message.
        // An archive of its own per reader, as each worker has.
        let hits = Archive::open(&source, options.limits).map(|mut a| prescan(&mut a, &options.limits, share, &mut |_| {})).unwrap_or_default();
        let json = serde_json::to_string(&hits).expect("hits to JSON");
        found.add(serde_json::from_str::<Vec<DexHits>>(&json).expect("hits from JSON"));
    }
    let report = match ahead {
        None => analyze(&source, "app", options, &mut |_| {}),
        Some(_) => analyze_with(&source, "app", options, &mut found, &mut |_| {}),
    };
    // Every file read ahead was used, unless the inflation budget refused it.
    if options.limits.max_total_inflated == Limits::default().max_total_inflated {
        let ahead: usize = ahead.unwrap_or_default().iter().map(Vec::len).sum();
        assert!(found.used() == ahead || ahead == 0 || report.is_err(), "{}: {} of {ahead} used", path.display(), found.used());
    }
    match report {
        Ok(r) => serde_json::to_string_pretty(&r).expect("report to JSON"),
        Err(e) => format!("error: {e}"),
    }
}

fn planned(path: &Path, limits: &Limits) -> Vec<PlannedDex> {
    let source = FileSource::open(path).expect("open");
    Archive::open(&source, *limits).map(|mut a| planned_dex(&mut a, limits)).unwrap_or_default()
}

fn packages() -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = Vec::new();
    if let Some(corpus) = common::corpus("prescan") {
        out.extend(common::corpus_packages(&corpus));
    }
    out.extend(["apk/corrupt-dex.apk", "apk/packed.apk", "apk/carried.apk", "apk/flutter.apk", "apk/unity-il2cpp.apk"].iter().filter_map(|f| common::code_fixture(f)));
    out.extend(common::sample_apk());
    out
}

#[test]
fn every_way_of_sharing_the_code_out_gives_the_same_report() {
    let limits = Limits::default();
    let mut shared = 0;
    for path in packages() {
        let plan = planned(&path, &limits);
        let single = report_json(&path, &options(limits), None);
        let reversed: Vec<PlannedDex> = plan.iter().rev().cloned().collect();
        let ways: Vec<Vec<Vec<PlannedDex>>> = vec![
            vec![],
            vec![plan.clone()],
            vec![reversed],
            share_out(&plan, 2, &[0, 0]),
            share_out(&plan, 3, &[1 << 20, 0, 0]),
            // As the browser shares it on 4 and 8 cores: the analysis worker's own work and the first
            // helper's hashing as head starts.
            share_out(&plan, 4, &[24 << 20, 1 << 20, 0, 0]),
            share_out(&plan, 8, &[0; 8]),
            vec![plan.iter().step_by(2).cloned().collect()],
        ];
        for (i, way) in ways.iter().enumerate() {
            assert_eq!(report_json(&path, &options(limits), Some(way)), single, "{}: way {i} of sharing", path.display());
        }
        shared += usize::from(plan.len() > 1);
    }
    // The corpus has multidex apps and bundles: sharing was really exercised.
    if common::corpus("prescan").is_some() {
        assert!(shared >= 3, "only {shared} packages with more than one DEX file");
    }
}

#[test]
fn when_the_inflation_budget_runs_out_the_report_is_still_the_single_pass_one() {
    for path in packages() {
        let plan = planned(&path, &Limits::default());
        let dex_bytes: u64 = plan.iter().map(|p| p.size).sum();
        if plan.len() < 2 {
            continue;
        }
        // A budget that runs out among the DEX files: each worker reading ahead has its own archive and
        // budget, so it reads files the single pass refuses; those hits must not be used.
        let limits = Limits { max_total_inflated: dex_bytes / 2, ..Limits::default() };
        let single = report_json(&path, &options(limits), None);
        assert!(single.contains("inflates past"), "{}: the budget should run out among the DEX files", path.display());
        assert_eq!(report_json(&path, &options(limits), Some(std::slice::from_ref(&plan))), single, "{}", path.display());
        assert_eq!(report_json(&path, &options(limits), Some(&share_out(&plan, 2, &[0, 0]))), single, "{}", path.display());
    }
}

#[test]
fn the_plan_lists_what_the_code_stage_reads_in_its_order() {
    let Some(corpus) = common::corpus("the_plan_lists_what_the_code_stage_reads_in_its_order") else { return };
    let entries = |p: &Path| planned(p, &Limits::default()).into_iter().map(|d| d.shown()).collect::<Vec<_>>();
    let multidex = entries(&corpus.join("apk/apktool_issue2701_v2only_multidex.apk"));
    assert!(multidex.len() >= 2 && multidex[0] == "classes.dex" && multidex[1] == "classes2.dex", "{multidex:?}");
    for path in common::corpus_packages(&corpus) {
        let name = path.to_string_lossy().into_owned();
        let plan = planned(&path, &Limits::default());
        if name.ends_with(".aab") {
            assert!(plan.iter().all(|d| d.entry.contains("/dex/classes") && d.part.is_none()), "{name}: {plan:?}");
        } else if name.ends_with(".ipa") {
            assert!(plan.is_empty(), "{name}: iOS apps have no DEX: {plan:?}");
        } else if !name.ends_with(".apk") {
            // A split set's code is in its APKs (only stored ones are planned): named as the report names it.
            assert!(plan.iter().all(|d| d.part.as_deref().is_some_and(|p| d.shown() == format!("{p}: {}", d.entry))), "{name}: {plan:?}");
        }
        assert!(plan.iter().all(|d| d.size > 0), "{name}: sizes come from the central directory");
    }
    let xapk = entries(&corpus.join("splits/mobsf_android_xapk.xapk"));
    assert_eq!(xapk.first().map(String::as_str), Some("com.tfg.samples.dynamicfeatures.ondemand.apk: classes.dex"), "{xapk:?}");
    // Its APKs are compressed: each reader would inflate them whole, so they are read by the analysis alone.
    assert!(entries(&corpus.join("splits/appmanager_v2.5.22.apks")).is_empty());
    let limited = Limits { max_dex_files: 1, ..Limits::default() };
    assert_eq!(planned(&corpus.join("apk/apktool_issue2701_v2only_multidex.apk"), &limited).len(), 1);
}

#[test]
fn sharing_out_gives_runs_of_consecutive_files_of_about_equal_work() {
    let plan: Vec<PlannedDex> =
        [90u64, 10, 40, 40, 20, 0].iter().enumerate().map(|(i, &size)| PlannedDex { part: None, entry: format!("classes{i}.dex"), size }).collect();
    let names = |range: std::ops::Range<usize>| range.map(|i| format!("classes{i}.dex")).collect::<Vec<_>>();
    let shared = |shares, head: &[u64]| -> Vec<Vec<String>> {
        share_out(&plan, shares, head).into_iter().map(|s| s.into_iter().map(|d| d.entry).collect()).collect()
    };
    assert_eq!(shared(2, &[0, 0]), [names(0..2), names(2..6)]);
    // A share with a head start (the worker that also computes the fingerprint) gets less.
    assert_eq!(shared(2, &[0, 100]), [names(0..3), names(3..6)]);
    // A head start bigger than everything: that share gets nothing.
    assert_eq!(shared(2, &[1000, 0]), [names(0..0), names(0..6)]);
    assert_eq!(shared(3, &[0, 0, 0]).concat(), names(0..6), "every file once, in order");
    assert_eq!(share_out(&[], 3, &[]), vec![Vec::<PlannedDex>::new(); 3]);
    assert_eq!(shared(0, &[]), [names(0..6)], "at least one share");
}
