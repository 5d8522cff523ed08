//! The command line's grammar (clap): subcommands, options, help texts and examples. Parsing only; `run`
//! in `mod.rs` acts on the result. The texts here are the English and the keys of their German and French
//! rows in `data/i18n/<lang>/cli.tsv` (`help.rs`): a reworded text needs its rows reworded too.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

// Lines under 90 columns (the longest is 87), so clap never wraps them at its usual 100; the paragraphs are single lines it wraps to the terminal.
const EXAMPLES: &str = "\
Examples:
  applens check app.apk                   a short report with the grade
  applens check apps/ --csv > apps.csv    every package in a folder, a row each
  applens check apps/ --sarif --policy company.json > applens.sarif
                                          findings and verdicts, for code scanning
  applens compare old.apk new.apk         what changed between two versions
  applens policy check company.json       is this policy usable, what does it block?
  applens completions bash                the completion script for bash (zsh, fish...)

Exit status: 0 every package gave a report; 1 a package could not be analysed; 2 bad usage or a policy that cannot be used; 3 a policy blocks at least one package (and every package gave a report).

Formats and columns: docs/cli.md. The report's fields: docs/report-schema.md.";

const CHECK_EXAMPLES: &str = "\
Examples:
  applens check app.apk other.ipa         a human summary of each
  applens check apps/ --jsonl             one JSON report per line, as each is done
  applens check apps/ --jobs 2 --csv      two packages at a time, a CSV row each
  applens check apps/ --policy co.json    exit status 3 when the policy blocks one

Folders are searched recursively (symbolic links are not followed; at most 32 levels deep). A file found there is analysed when its contents are an app package (a ZIP holding an APK, AAB, split set or iOS app, whatever its name) or its name ends in .apk, .xapk, .apks, .apkm, .aab or .ipa; the others are skipped and counted on stderr. A file named on the command line is always analysed.

Exit status: 0 every package gave a report; 1 a package could not be analysed; 2 bad usage or a policy that cannot be used; 3 a policy blocks at least one package (and every package gave a report).";

#[derive(Debug, Parser)]
#[command(
    name = "applens",
    version,
    about = "Checks Android (APK, XAPK, APKS, APKM, AAB) and iOS (IPA) packages for privacy risks, offline.",
    after_help = EXAMPLES,
    arg_required_else_help = true,
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// The language of the reports' texts: en, de or fr [default: from LC_ALL, LC_MESSAGES or LANG, else
    /// English]. Ids, names and evidence are the same in every language
    #[arg(long, global = true, value_name = "LANG", value_parser = ["en", "de", "fr"])]
    pub lang: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// A report per package: its grade (A-F), and what produced it
    #[command(after_help = CHECK_EXAMPLES)]
    Check(CheckArgs),
    /// What differs between two packages (two apps, or two versions of one)
    Compare(CompareArgs),
    /// Organisation policies (docs/policy.md)
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// Prints the completion script of a shell, e.g. `applens completions bash > /etc/bash_completion.d/applens`
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Package files, or folders to search for packages
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub format: FormatArgs,
    /// Apply an organisation's policy (docs/policy.md): each report gets a verdict, and the exit status is 3
    /// when a package is blocked
    #[arg(long, value_name = "POLICY.json")]
    pub policy: Option<PathBuf>,
    /// Packages analysed at a time [default: the number of cores]
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=512))]
    pub jobs: Option<u16>,
    /// No progress bar (there is none anyway when stderr is not a terminal)
    #[arg(long)]
    pub no_progress: bool,
}

/// One output format at most; the human summary when none is given.
#[derive(Debug, Args)]
#[group(multiple = false)]
pub struct FormatArgs {
    /// The reports as JSON: the report object for one file, an array for several or for a folder
    #[arg(long)]
    pub json: bool,
    /// One JSON report per line, each written as soon as it and those before it are done
    #[arg(long)]
    pub jsonl: bool,
    /// One CSV row per package (RFC 4180), for spreadsheets
    #[arg(long)]
    pub csv: bool,
    /// SARIF 2.1.0, for code scanning dashboards and SARIF viewers
    #[arg(long)]
    pub sarif: bool,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The first package (the old version)
    pub first: PathBuf,
    /// The second package (the new version)
    pub second: PathBuf,
    /// The comparison as JSON
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Reads a policy file as `check --policy` would: prints "valid" and its rules, or why it cannot be used
    /// (exit status 2)
    Check {
        #[arg(value_name = "POLICY.json")]
        file: PathBuf,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_grammar_is_consistent() {
        Cli::command().debug_assert();
    }
}
