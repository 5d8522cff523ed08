//! The command line's own help (`--help`, `help`, the help shown when a command is missing) and clap's usage
//! errors in the reader's language. English is clap's own output, untouched; for German and French the
//! `Command` that `args.rs` declares is built, then every text of it is replaced by its row in
//! `data/i18n/<lang>/cli.tsv` (the English text is the key, as everywhere), and a help template writes clap's
//! headings ("Usage", "Commands", "Arguments", "Options") in the language. A text without a row stays English
//! (the help tests in `tests/cli.rs` name it).
//!
//! What stays as written: option and subcommand names, value names (`<PATH>`, `<LANG>`), clap's `[OPTIONS]`
//! and `<COMMAND>` in the usage line (placeholders, like the value names), possible values, the examples'
//! commands, file names. Completion scripts (`applens completions`) stay English: one is installed for every
//! user of a machine, whatever language its installer reads.

use std::ffi::OsString;

use clap::{Arg, Command};

use crate::analysis::i18n::{embedded, Catalog, Language};

/// The value of `--lang` / `--lang=` on the command line, read before clap parses it (clap's help and errors
/// are written while parsing, so their language must be known first): the last one that names a language
/// AppLens speaks, so that an error about a second, wrong `--lang` is in the first one's language. Arguments
/// after `--` are values.
pub fn lang_flag(args: &[OsString]) -> Option<String> {
    let mut found = None;
    let mut args = args.iter().map(|a| a.to_string_lossy());
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        }
        let value = if arg == "--lang" { args.next().map(|v| v.into_owned()) } else { arg.strip_prefix("--lang=").map(str::to_string) };
        if let Some(value) = value.filter(|v| Language::from_tag(v).is_some()) {
            found = Some(value);
        }
    }
    found
}

/// The command line's own words of a language (`cli.tsv` alone: the help's sentences are looked up as they
/// are written, and no template of the report's catalogs should half-translate them).
pub fn catalog(language: Language) -> Catalog {
    let mut catalog = Catalog::empty(language);
    for (name, text) in embedded::files(language) {
        if *name == "cli.tsv" {
            catalog.add(text);
        }
    }
    catalog
}

/// `command` (the grammar of `args.rs`) with its help in `catalog`'s language; the same grammar.
pub fn localize(mut command: Command, catalog: &Catalog) -> Command {
    build(&mut command);
    localize_command(command, catalog)
}

/// Builds every command of the tree as clap's parser would when it reaches it, so that clap's own `--help`,
/// `--version`, `help` subcommand and the global `--lang` are there to be translated too (building again is
/// a no-op). Not `Command::build`: that expands the `help` subcommand into a copy of the whole tree, which
/// would change what `applens help help` shows.
fn build(command: &mut Command) {
    // `render_usage` builds the command itself (clap's `_build_self(false)`), as parsing does.
    let _ = command.render_usage();
    for sub in command.get_subcommands_mut() {
        build(sub);
    }
}

fn localize_command(mut command: Command, c: &Catalog) -> Command {
    if let Some(about) = command.get_about().map(|s| block(&s.to_string(), c)) {
        command = command.about(about);
    }
    if let Some(about) = command.get_long_about().map(|s| block(&s.to_string(), c)) {
        command = command.long_about(about);
    }
    if let Some(after) = command.get_after_help().map(|s| block(&s.to_string(), c)) {
        command = command.after_help(after);
    }
    if let Some(after) = command.get_after_long_help().map(|s| block(&s.to_string(), c)) {
        command = command.after_long_help(after);
    }
    command = command.mut_args(|a| localize_arg(a, c));
    let template = template(&command, c);
    command.help_template(template).mut_subcommands(|s| localize_command(s, c))
}

/// clap's note after an argument's help (and in a usage error), as its row's key.
const POSSIBLE_VALUES: &str = "[possible values: {values}]";

fn localize_arg(mut arg: Arg, c: &Catalog) -> Arg {
    let help = arg.get_help().map(|s| block(&s.to_string(), c));
    let long_help = arg.get_long_help().map(|s| block(&s.to_string(), c));
    // clap appends "[possible values: …]" in English: hidden, and written in the language instead.
    let values: Vec<String> =
        arg.get_possible_values().iter().filter(|v| !v.is_hide_set()).map(|v| v.get_name().to_string()).collect();
    let values = (!arg.is_hide_possible_values_set() && !values.is_empty())
        .then(|| c.format(POSSIBLE_VALUES, &[("values", &values.join(", "))]));
    let with_values = |text: Option<String>| match (text, &values) {
        (Some(t), Some(v)) if !t.is_empty() => Some(format!("{t} {v}")),
        (_, Some(v)) => Some(v.clone()),
        (t, None) => t,
    };
    let long_help = long_help.map(|t| with_values(Some(t)));
    if let Some(help) = with_values(help) {
        arg = arg.help(help);
    }
    if let Some(Some(long_help)) = long_help {
        arg = arg.long_help(long_help);
    }
    if values.is_some() {
        arg = arg.hide_possible_values(true);
    }
    arg
}

/// clap's default help template with its headings in the language (the same layout: clap writes these
/// sections under the same conditions in `write_all_args`).
fn template(command: &Command, c: &Catalog) -> String {
    let shown = |a: &&Arg| !a.is_hide_set();
    let mut sections = Vec::new();
    if command.get_subcommands().any(|s| s.get_name() != "help" && !s.is_hide_set()) {
        sections.push(format!("{}\n{{subcommands}}", word(c, "Commands:")));
    }
    if command.get_positionals().any(|a| shown(&a)) {
        sections.push(format!("{}\n{{positionals}}", word(c, "Arguments:")));
    }
    if command.get_arguments().filter(|a| !a.is_positional()).any(|a| shown(&a)) {
        sections.push(format!("{}\n{{options}}", word(c, "Options:")));
    }
    let usage = word(c, "Usage:");
    if sections.is_empty() {
        format!("{{before-help}}{{about-with-newline}}\n{usage} {{usage}}{{after-help}}")
    } else {
        format!("{{before-help}}{{about-with-newline}}\n{usage} {{usage}}\n\n{}{{after-help}}", sections.join("\n\n"))
    }
}

/// Examples' lines are kept within this many columns, the widest English one's (87): a longer description
/// goes on under its column rather than leaving the text to clap, which would wrap it to the line's start.
const EXAMPLE_WIDTH: usize = 88;

/// A help text translated line by line: a paragraph or a heading by its row; an example line
/// (`  applens check app.apk      what it does`) keeps its command and column and translates what follows,
/// wrapped under that column when it is longer than the line.
fn block(text: &str, c: &Catalog) -> String {
    let mut out = Vec::new();
    for line in text.lines() {
        let Some((head, description)) = split(line) else {
            out.push(word(c, line));
            continue;
        };
        if description.is_empty() {
            out.push(line.to_string());
            continue;
        }
        let column = head.chars().count();
        let mut current = head.to_string();
        let mut empty = true;
        for w in word(c, description).split(' ') {
            if !empty && current.chars().count() + 1 + w.chars().count() > EXAMPLE_WIDTH {
                out.push(std::mem::replace(&mut current, " ".repeat(column)));
                empty = true;
            }
            if !empty {
                current.push(' ');
            }
            current.push_str(w);
            empty = false;
        }
        out.push(current);
    }
    out.join("\n")
}

/// An indented line's command (with the spaces up to the description's column) and its description, empty
/// when the line is only a command; `None` for a paragraph or a heading (not indented).
fn split(line: &str) -> Option<(&str, &str)> {
    let rest = line.trim_start();
    let indent = line.len() - rest.len();
    if indent == 0 {
        return None;
    }
    // The description starts after the first run of two spaces past the command, or at once on a
    // continuation line that holds only a description (indented further than a command).
    let start = if indent > 2 {
        indent
    } else if let Some(gap) = rest.find("  ") {
        indent + gap + (rest.len() - gap - rest[gap..].trim_start().len())
    } else {
        line.len()
    };
    Some(line.split_at(start))
}

fn word(c: &Catalog, english: &str) -> String {
    c.word(english).unwrap_or(english).to_string()
}

/// A usage error as clap wrote it (`error: …`, `  tip: …`, `Usage: …`, `For more information…`), each line
/// translated by the first of `cli.tsv`'s templates that matches it; a line none matches stays as it is.
pub fn error(text: &str, c: &Catalog) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    for line in text.split_inclusive('\n') {
        let (body, newline) = line.strip_suffix('\n').map_or((line, ""), |b| (b, "\n"));
        let trimmed = body.trim_start();
        let indent = &body[..body.len() - trimmed.len()];
        out.push_str(indent);
        out.push_str(&c.lookup(trimmed).unwrap_or_else(|| trimmed.to_string()));
        out.push_str(newline);
    }
    out
}

/// Every text of the command's help that `localize` looks up (for the completeness test).
#[cfg(test)]
fn texts(command: &Command) -> Vec<String> {
    let mut out = vec!["Usage:".to_string(), "Commands:".into(), "Arguments:".into(), "Options:".into(), POSSIBLE_VALUES.into()];
    collect(command, &mut out);
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
fn collect(command: &Command, out: &mut Vec<String>) {
    let texts = [command.get_about(), command.get_long_about(), command.get_after_help(), command.get_after_long_help()];
    let args = command.get_arguments().flat_map(|a| [a.get_help(), a.get_long_help()]);
    for text in texts.into_iter().chain(args).flatten().map(clap::builder::StyledStr::to_string) {
        for line in text.lines() {
            let description = split(line).map_or(line, |(_, d)| d);
            if !description.is_empty() {
                out.push(description.to_string());
            }
        }
    }
    for sub in command.get_subcommands() {
        collect(sub, out);
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;
    use crate::cli::args::Cli;

    /// Every help text of the grammar (built: clap's own `--help`, `--version` and `help` too) has its row in
    /// German and French; the list names the missing ones.
    #[test]
    fn every_help_text_is_translated() {
        let mut command = Cli::command();
        build(&mut command);
        let texts = texts(&command);
        assert!(texts.len() > 30, "{texts:?}");
        let mut missing = Vec::new();
        for language in [Language::De, Language::Fr] {
            let c = catalog(language);
            missing.extend(texts.iter().filter(|t| !c.has_key(t)).map(|t| format!("{}: {t}", language.code())));
        }
        assert!(missing.is_empty(), "help texts without a row in cli.tsv ({}):\n{}", missing.len(), missing.join("\n"));
    }

    #[test]
    fn the_flag_is_found_before_parsing() {
        let args = |a: &[&str]| a.iter().map(OsString::from).collect::<Vec<_>>();
        assert_eq!(lang_flag(&args(&["check", "--lang", "de", "x.apk"])).as_deref(), Some("de"));
        assert_eq!(lang_flag(&args(&["--lang=fr", "--help"])).as_deref(), Some("fr"));
        assert_eq!(lang_flag(&args(&["check", "--", "--lang", "de"])), None);
        assert_eq!(lang_flag(&args(&["check", "--lang"])), None);
        assert_eq!(lang_flag(&args(&["--lang", "de", "check", "--lang", "it"])).as_deref(), Some("de"));
    }
}
