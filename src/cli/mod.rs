//! The native command line: `applens check PATH...` (files and folders, in parallel, as a human summary,
//! JSON, JSON lines, CSV or SARIF), `applens compare`, `applens policy check`, `applens completions`. Kept
//! apart from `src/bin/applens.rs` so tests call it directly; every analysis is the core's
//! (`crate::analysis`), the same as the page's.
//!
//! Exit status: 0 every package gave a report; 1 a package could not be analysed; 2 bad usage or a policy
//! that cannot be used; 3 a policy blocks at least one package (and every package gave a report).

mod args;
mod help;
mod human;
mod inputs;
mod output;
mod pool;
mod progress;

use std::ffi::OsString;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::ops::ControlFlow;
use std::path::Path;

use clap::error::ErrorKind;
use clap::{CommandFactory, FromArgMatches, Parser};

pub use human::summary;

use self::args::{CheckArgs, Cli, Command, CompareArgs, PolicyCommand};
use self::inputs::{Item, Skipped};
use self::output::{Format, Sink};
use self::pool::{run_ordered, Event};
use self::progress::Progress;
use crate::analysis::compare::compare_in;
use crate::analysis::i18n::{self, Catalog, Language};
use crate::analysis::policy::{self, Policy};
use crate::analysis::report::{PolicyVerdict, Report};
use crate::analysis::source::FileSource;
use crate::analysis::{analyze, fingerprint, Error, Options};

/// What a run printed and its exit status, for tests.
pub struct Outcome {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

/// Runs the command line on `args` (without the program name), capturing what it prints. No progress bar.
pub fn run(args: &[String]) -> Outcome {
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    let code = run_with(args.iter().map(OsString::from), &mut stdout, &mut stderr, false);
    Outcome { stdout: String::from_utf8_lossy(&stdout).into_owned(), stderr: String::from_utf8_lossy(&stderr).into_owned(), code }
}

/// Runs the command line, writing to `out` and `err` as it goes; returns the exit status. `terminal` says
/// whether `err` is a terminal (then a batch shows a progress bar).
pub fn run_with(args: impl IntoIterator<Item = OsString>, out: &mut dyn Write, err: &mut dyn Write, terminal: bool) -> i32 {
    let args: Vec<OsString> = args.into_iter().collect();
    // The help and clap's usage errors are written while parsing: in the language `--lang` will ask for.
    let help_language = language(help::lang_flag(&args).as_deref());
    let argv = std::iter::once(OsString::from("applens")).chain(args);
    let parsed = if help_language == Language::En {
        Cli::try_parse_from(argv)
    } else {
        help::localize(Cli::command(), &help::catalog(help_language)).try_get_matches_from(argv).and_then(|m| Cli::from_arg_matches(&m))
    };
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version are answers (stdout, 0); anything else is a usage error (stderr, 2).
            let mut text = e.render().to_string();
            let help = matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::DisplayVersion);
            if help_language != Language::En && !help {
                text = help::error(&text, &help::catalog(help_language));
            }
            let _ = if e.use_stderr() { err.write_all(text.as_bytes()) } else { out.write_all(text.as_bytes()) };
            return e.exit_code();
        }
    };
    let catalog = i18n::embedded::catalog(language(cli.lang.as_deref()));
    match cli.command {
        Command::Check(a) => run_check(&a, &catalog, out, err, terminal),
        Command::Compare(a) => run_compare(&a, &catalog, out, err),
        Command::Policy(PolicyCommand::Check { file }) => run_policy_check(&file, &catalog, out, err),
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "applens", out);
            0
        }
    }
}

/// `--lang`, else the locale's language as POSIX orders the variables (LC_ALL, LC_MESSAGES, LANG), else
/// English; a locale in a language AppLens does not speak (C, it_IT…) means English.
fn language(flag: Option<&str>) -> Language {
    if let Some(l) = flag.and_then(Language::from_tag) {
        return l;
    }
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].into_iter().find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()));
    locale.as_deref().and_then(Language::from_tag).unwrap_or(Language::En)
}

/// Reads and checks a policy file; the message names the file and what is wrong with it.
pub fn load_policy(path: &str) -> Result<Policy, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("{path}: the policy file cannot be read: {e}"))?;
    if meta.len() > policy::MAX_POLICY_BYTES as u64 {
        return Err(format!("{path}: the policy file is {} bytes; a policy may have at most {}", meta.len(), policy::MAX_POLICY_BYTES));
    }
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: the policy file cannot be read: {e}"))?;
    policy::parse_policy(&text).map_err(|e| format!("{path}: {e}"))
}

/// A package analysed in a batch, or why not.
type Checked = Result<Report, Error>;

fn run_check(a: &CheckArgs, catalog: &Catalog, out: &mut dyn Write, err: &mut dyn Write, terminal: bool) -> i32 {
    // The policy first: nothing is analysed against a policy that cannot be used.
    let policy = match a.policy.as_deref().map(|p| load_policy(&p.to_string_lossy())).transpose() {
        Ok(p) => p,
        Err(message) => {
            let _ = writeln!(err, "applens: {}", catalog.text(&message));
            return 2;
        }
    };
    let format = match (a.format.json, a.format.jsonl, a.format.csv, a.format.sarif) {
        (true, ..) => Format::Json,
        (_, true, ..) => Format::Jsonl,
        (_, _, true, _) => Format::Csv,
        (.., true) => Format::Sarif,
        _ => Format::Human,
    };
    let jobs = a.jobs.map(usize::from).unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));

    let mut skipped = Skipped::default();
    let (items, any_folder) = inputs::expand(&a.paths, &mut skipped);
    // Files found in folders are sorted into packages and others first (reading only each archive's
    // directory), so the progress bar knows its total and the output holds packages only.
    let mut keep = vec![true; items.len()];
    run_ordered(
        &items,
        jobs,
        |_| 0,
        |_, item| match item {
            Item::File(input) if !input.explicit => inputs::is_package_candidate(&input.path),
            _ => true,
        },
        |event| {
            if let Event::Deliver(i, verdict) = event {
                if let Some(k) = keep.get_mut(i) {
                    // A file whose sorting panicked is kept: its analysis will say what is wrong with it.
                    *k = verdict.unwrap_or(true);
                }
            }
            ControlFlow::Continue(())
        },
    );
    let items: Vec<Item> = items.into_iter().zip(&keep).filter_map(|(item, &k)| k.then_some(item)).collect();
    skipped.not_packages = keep.iter().filter(|k| !**k).count();

    let single = !any_folder && a.paths.len() == 1;
    let progress = Progress::new(terminal && !a.no_progress, items.len());
    let mut sink = Sink::new(format, out, single, policy.as_ref(), catalog);
    let mut failed = false;
    let mut blocked = false;
    let mut write_error = sink.begin().err();
    // With several packages at a time every core is busy already: each package hashes its own file after its
    // analysis instead of on a second thread, which would only contend with the other packages.
    let hash_inline = jobs.min(items.len()) > 1;
    // One clock for the batch: certificate expiry is judged against the same moment for every package.
    let now_unix = now_unix();
    run_ordered(
        &items,
        jobs,
        // The file's size stands for its cost: the inflating, parsing and hashing all grow with it.
        |item| match item {
            Item::File(input) => std::fs::metadata(&input.path).map_or(0, |m| m.len()),
            Item::UnreadableFolder(..) => 0,
        },
        |_, item| -> Checked {
            match item {
                Item::File(input) => {
                    let mut report = analyse_path(&input.path, &input.shown, now_unix, hash_inline)?;
                    if let Some(p) = &policy {
                        policy::apply(p, &mut report);
                    }
                    Ok(i18n::translate_report(&report, catalog))
                }
                Item::UnreadableFolder(_, message) => Err(Error::io("folder", message.clone())),
            }
        },
        |event| {
            match event {
                Event::Started(i) => progress.started(items.get(i).map_or("", |item| shown(item))),
                Event::Finished => progress.finished(),
                Event::Deliver(i, result) => {
                    let name = items.get(i).map_or("", |item| shown(item));
                    let result = result.unwrap_or_else(|| Err(internal_error()));
                    let written = match &result {
                        Ok(report) => {
                            blocked |= report.policy.as_ref().is_some_and(|v| v.verdict == PolicyVerdict::Blocked);
                            sink.report(name, report)
                        }
                        Err(e) => {
                            failed = true;
                            let message = catalog.format("{file}: cannot be analysed: {error}", &[("file", name), ("error", &catalog.text(&e.to_string()))]);
                            progress.message(err, &format!("applens: {message}"));
                            sink.error(name, e)
                        }
                    };
                    if let Err(e) = written {
                        write_error = Some(e);
                        return ControlFlow::Break(());
                    }
                }
            }
            ControlFlow::Continue(())
        },
    );
    progress.done();
    if write_error.is_none() {
        write_error = sink.end().err();
    }
    say_skipped(err, &skipped, catalog);
    if let Some(e) = write_error {
        // A reader that stopped reading (`| head`) is not a failure of the check.
        if e.kind() != io::ErrorKind::BrokenPipe {
            let _ = writeln!(err, "applens: {}", catalog.format("cannot write the output: {error}", &[("error", &e.to_string())]));
            return 1;
        }
    }
    // A package that could not be analysed (1) matters more than a verdict on the others (3): a pipeline
    // must not take "blocked" for "every package was checked".
    if failed {
        1
    } else if blocked {
        3
    } else {
        0
    }
}

fn shown(item: &Item) -> &str {
    match item {
        Item::File(input) | Item::UnreadableFolder(input, _) => &input.shown,
    }
}

fn say_skipped(err: &mut dyn Write, s: &Skipped, c: &Catalog) {
    let count = |n: usize, template: &str| c.format(template, &[("n", &n.to_string())]);
    let mut parts = Vec::new();
    if s.not_packages > 0 {
        parts.push(count(s.not_packages, "{n} {n|file that is not an app package|files that are not app packages}"));
    }
    if s.links > 0 {
        parts.push(count(s.links, "{n} {n|symbolic link|symbolic links} (not followed)"));
    }
    if s.special > 0 {
        parts.push(count(s.special, "{n} {n|entry that is|entries that are} not regular files (pipes, sockets, devices)"));
    }
    if !parts.is_empty() {
        let _ = writeln!(err, "applens: {}", c.format("skipped {list}", &[("list", &parts.join(", "))]));
    }
    for dir in &s.too_deep {
        let message = c.format("not searched: {dir} is more than {n} folders deep", &[("dir", dir), ("n", &inputs::MAX_DEPTH.to_string())]);
        let _ = writeln!(err, "applens: {message}");
    }
}

fn internal_error() -> Error {
    Error::malformed("file", "internal error while reading this file (a bug in AppLens)")
}

/// The core has no clock: expiry of signing certificates is judged against this machine's time.
fn now_unix() -> Option<i64> {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).ok().and_then(|d| i64::try_from(d.as_secs()).ok())
}

/// Analyses one file, the report named `name`. `hash_inline`: the SHA-256 is computed after the analysis
/// on this thread rather than beside it on a second one.
fn analyse_path(path: &Path, name: &str, now_unix: Option<i64>, hash_inline: bool) -> Result<Report, Error> {
    let source = FileSource::open(path).map_err(|e| Error::io("file", e.to_string()))?;
    let options = Options { now_unix, fingerprint_elsewhere: hash_inline, ..Options::default() };
    // A panic would be a bug, but one bad file must not take the other files' reports with it.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut report = analyze(&source, name, &options, &mut |_| {})?;
        if hash_inline {
            report.file.sha256 = fingerprint(&source, &mut |_| {})?;
        }
        Ok(report)
    }))
    .unwrap_or_else(|_| Err(internal_error()))
}

/// Analyses one file, the report named after the file's name (without its folder).
pub fn check_file(path: &Path) -> Result<Report, Error> {
    analyse_path(path, &file_name(path), now_unix(), false)
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

fn run_compare(a: &CompareArgs, catalog: &Catalog, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let mut reports = Vec::new();
    for path in [&a.first, &a.second] {
        match check_file(path) {
            Ok(r) => reports.push(r),
            Err(e) => {
                let message = catalog.format("{file}: cannot be analysed: {error}", &[("file", &path.display().to_string()), ("error", &catalog.text(&e.to_string()))]);
                let _ = writeln!(err, "applens: {message}");
                return 1;
            }
        }
    }
    let [first, second] = reports.as_slice() else { return 1 };
    // Compared from the translated reports (so the items the sentences quote are in the language), then the
    // sentences themselves translated, as the page does.
    let mut c = compare_in(&i18n::translate_report(first, catalog), &i18n::translate_report(second, catalog), catalog);
    for line in c.summary.iter_mut().chain(c.categories.iter_mut().map(|k| &mut k.name)) {
        *line = catalog.text(line);
    }
    let text = if a.json {
        format!("{}\n", serde_json::to_string_pretty(&c).unwrap_or_default())
    } else {
        let mut s = catalog.format(
            "{first} ({before}) against {second} ({after})",
            &[("first", &c.first), ("before", &c.grade_before), ("second", &c.second), ("after", &c.grade_after)],
        ) + "\n";
        for line in &c.summary {
            let _ = writeln!(s, "  {line}");
        }
        for k in &c.categories {
            let number = |x: f64| catalog.language.number(&x.to_string());
            let _ = writeln!(s, "    {:<34} {:>4} -> {:>4}", k.name, number(k.score_before), number(k.score_after));
        }
        s
    };
    let _ = out.write_all(text.as_bytes());
    0
}

/// `applens policy check FILE`: "valid" and the rules as AppLens understood them, or the refusal (2), in the
/// catalog's language (rule ids, the policy's own name, description and values stay as written).
fn run_policy_check(file: &Path, catalog: &Catalog, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let shown = file.to_string_lossy();
    let p = match load_policy(&shown) {
        Ok(p) => p,
        Err(message) => {
            let _ = writeln!(err, "applens: {}", catalog.text(&message));
            return 2;
        }
    };
    let rules = policy::describe_in(&p, catalog);
    let mut s = catalog.format("{file}: valid", &[("file", &shown)]) + "\n  ";
    s += &match &p.description {
        Some(d) => catalog.format("\u{201c}{name}\u{201d}: {description}", &[("name", &p.name), ("description", d)]),
        None => catalog.format("\u{201c}{name}\u{201d}", &[("name", &p.name)]),
    };
    s.push('\n');
    if let Some(c) = &p.contact {
        let _ = writeln!(s, "  {}", catalog.format("contact: {contact}", &[("contact", c)]));
    }
    let count = |action: &str| rules.iter().filter(|r| r.action == action).count().to_string();
    let counts = [("n", rules.len().to_string()), ("block", count("block")), ("warn", count("warn")), ("allow", count("allow"))];
    let counts: Vec<(&str, &str)> = counts.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let _ = writeln!(s, "  {}", catalog.format("{n} {n|rule|rules}: {block} block, {warn} warn, {allow} allow", &counts));
    let width = rules.iter().map(|r| r.rule.len()).max().unwrap_or(0);
    for r in &rules {
        let _ = writeln!(s, "    {:<width$}  {}", r.rule, r.matches);
    }
    if rules.is_empty() {
        let _ = writeln!(s, "  {}", catalog.format("it sets no rule: every app is allowed", &[]));
    }
    let _ = out.write_all(s.as_bytes());
    0
}
