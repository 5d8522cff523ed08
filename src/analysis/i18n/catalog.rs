//! A translation catalog: English texts and templates, each with its translation, read from the
//! tab-separated files of `data/i18n/<lang>/`.
//!
//! The English column is the key (as gettext's msgid): when someone rewords an English text, its old
//! translation stops matching and the completeness test names it, instead of a stale translation being
//! shown. A row whose English contains `{placeholders}` is a template: it matches the finished English text
//! of a report (the analysis fills the same placeholders from the package), and its captures fill the
//! translation. So the analysis core needs no change to be translated, and every branch that adds a text
//! merges without touching this module.
//!
//! Syntax of a row: `English<TAB>translation`. Lines starting with `#` and the header row (`en<TAB>…`) are
//! skipped. In the English column:
//! - `{name}` captures at least one character, as few as let the rest of the row match;
//! - `{name|one|other}` matches either word (English's singular or plural) and captures nothing;
//! - `{name|word}` captures one word: no space (a file's name where a sentence would also match).
//!
//! In the translation column:
//! - `{name}` the captured text as it was; `{name|t}` the captured text translated by this catalog (a
//!   category name inside a sentence, a second sentence); `{name|num}` a decimal number in the language's
//!   form (`9,2`); `{name|date}` an ISO date in the language's form; `{name|tt}` translated when a row
//!   matches, else kept (a name that is either ours, "version 2.0", or the app's own);
//! - `{name|one|other}` the singular or the plural word by the language's rule for the number `name`.
//!
//! Matching is bounded: a text with many repetitions of a template's separators (a hostile app name full of
//! `, `) gives up after a fixed number of steps and stays in English rather than stalling the page.

use std::collections::HashMap;

use super::locale::Language;
use super::pack;

/// Steps one text may take trying templates: ample for our templates on real texts (a few hundred), and a
/// bound on hostile ones.
const MATCH_BUDGET: usize = 5_000;
/// Texts longer than this are left as they are: ours are under 1,000 characters, and matching cost grows
/// with the length (a hostile file name quoted in a message).
const MAX_TEXT: usize = 4_096;
/// Nesting of `{x|t}` translations inside translations.
const MAX_DEPTH: usize = 4;
/// What keys a country's name standing alone in `countries.tsv` (`Catalog::country`): no template and no
/// report text starts so.
pub const COUNTRY_KEY: &str = "country: ";

#[derive(Clone, Debug, PartialEq, Eq)]
enum Seg {
    Lit(String),
    /// A capture; `true`: one word (`{name|word}`: no space in it).
    Cap(String, bool),
    Alt(Vec<String>),
}

#[derive(Clone, Debug)]
struct Template {
    source: Vec<Seg>,
    target: String,
    /// Its place in the order the command line tries templates (the first that matches wins): a packed
    /// part carries it, so the page's parts, however fetched, try templates in the same order.
    order: usize,
}

/// One row that could not be used, for the tests and for whoever edits the files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowProblem {
    pub line: usize,
    pub message: String,
}

#[derive(Clone, Debug)]
pub struct Catalog {
    pub language: Language,
    /// Fixed texts by their English; in a packed catalog (the page's, see `pack.rs`), by `pack::encode_key`
    /// of their English's hash instead (one map type for both keeps the page's WebAssembly smaller).
    exact: HashMap<String, String>,
    packed: bool,
    templates: Vec<Template>,
    /// Every English key in file order (for the completeness test and for listing what is translated).
    keys: Vec<String>,
    problems: Vec<RowProblem>,
}

impl Catalog {
    /// An empty catalog: every text stays as it is (English).
    pub fn empty(language: Language) -> Self {
        Self { language, exact: HashMap::new(), packed: false, templates: Vec::new(), keys: Vec::new(), problems: Vec::new() }
    }

    /// Reads one or more files' text (concatenated). Rows that cannot be used are skipped and recorded in
    /// `problems()`; a later row with the same English replaces an earlier one.
    pub fn parse(language: Language, text: &str) -> Self {
        let mut catalog = Self::empty(language);
        catalog.add(text);
        catalog
    }

    /// Adds the rows of another file.
    pub fn add(&mut self, text: &str) {
        for (index, line) in text.lines().enumerate() {
            let line_no = index + 1;
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut columns = line.split('\t');
            let (Some(english), Some(translated)) = (columns.next(), columns.next()) else {
                self.problems.push(RowProblem { line: line_no, message: format!("no tab in {line:?}") });
                continue;
            };
            if english == "en" {
                continue; // the header row
            }
            if english.is_empty() || translated.is_empty() {
                self.problems.push(RowProblem { line: line_no, message: format!("an empty column in {line:?}") });
                continue;
            }
            self.keys.push(english.to_string());
            if english.contains('{') {
                match parse_source(english) {
                    Ok(source) => {
                        self.templates.retain(|t| t.source != source);
                        let order = self.templates.last().map_or(0, |t| t.order + 1);
                        self.templates.push(Template { source, target: translated.to_string(), order });
                    }
                    Err(message) => self.problems.push(RowProblem { line: line_no, message }),
                }
            } else {
                self.exact.insert(english.to_string(), translated.to_string());
            }
        }
    }

    /// Adds a part of the page's catalog (`dist/i18n/<lang>/<part>.tsv`, written by `pack::pack`): fixed texts
    /// by the hash of their English, templates by their English.
    pub fn add_packed(&mut self, text: &str) {
        self.packed = true;
        // Comments only open a part: a translation may itself begin with `#`.
        let mut lines = text.lines().enumerate().skip_while(|(_, l)| l.starts_with('#'));
        // The keys' line, then as many translations (`pack::pack`).
        let keys = lines.next().map_or("", |(_, l)| l);
        let keys: Vec<&str> = keys.as_bytes().chunks(pack::KEY_CHARS).filter_map(|c| std::str::from_utf8(c).ok()).collect();
        for key in keys {
            let Some((index, translated)) = lines.next() else {
                self.problems.push(RowProblem { line: 0, message: "fewer translations than keys".to_string() });
                break;
            };
            if pack::decode_key(key).is_some() && !translated.is_empty() && !translated.contains('\t') {
                self.exact.insert(key.to_string(), translated.to_string());
            } else {
                self.problems.push(RowProblem { line: index + 1, message: format!("not a packed key and translation: {key:?} {translated:?}") });
            }
        }
        // Templates' places in the command line's order, from the steps the part writes.
        let mut place = 0usize;
        for (index, line) in lines {
            if line.is_empty() {
                continue;
            }
            // `English<TAB>translation<TAB>step`.
            let mut columns = line.split('\t');
            let (Some(key), Some(translated), Some(Ok(step)), None) =
                (columns.next(), columns.next(), columns.next().map(str::parse::<usize>), columns.next())
            else {
                self.problems.push(RowProblem { line: index + 1, message: format!("not a template row: {line:?}") });
                continue;
            };
            if step == 0 || translated.is_empty() {
                self.problems.push(RowProblem { line: index + 1, message: format!("not a template row: {line:?}") });
                continue;
            }
            place = place.saturating_add(step);
            match parse_source(key) {
                Ok(source) => {
                    self.keys.push(key.to_string());
                    self.templates.retain(|t| t.source != source);
                    let at = self.templates.partition_point(|t| t.order <= place);
                    self.templates.insert(at, Template { source, target: translated.to_string(), order: place });
                }
                Err(message) => self.problems.push(RowProblem { line: index + 1, message }),
            }
        }
    }

    /// The translation of a fixed text: by its English, or in a packed catalog by its English's hash. A
    /// catalog is one or the other (the page's parts, or the repository's files), so an English key of six
    /// letters is never taken for a hash.
    fn fixed(&self, english: &str) -> Option<&String> {
        if self.packed {
            self.exact.get(&pack::encode_key(pack::key_hash(english)))
        } else {
            self.exact.get(english)
        }
    }

    pub fn problems(&self) -> &[RowProblem] {
        &self.problems
    }

    /// Every English key, in file order.
    pub fn keys(&self) -> &[String] {
        &self.keys
    }

    /// Whether this English key (a text or a template, as written in the files) has a translation.
    pub fn has_key(&self, english: &str) -> bool {
        self.fixed(english).is_some() || parse_source(english).is_ok_and(|s| self.templates.iter().any(|t| t.source == s))
    }

    /// The translation of a finished English text, or `None` when no row matches.
    pub fn lookup(&self, english: &str) -> Option<String> {
        self.lookup_at(english, 0)
    }

    /// A country's name standing alone (in a list, after a company's name) in the catalog's language, from
    /// `countries.tsv`: its rows are keyed `COUNTRY_KEY` + the English name (`present::country`), apart from
    /// the sentence forms that carry a preposition ("the United States" → "in den USA"). The English name
    /// when no row has it (English, or a code AppLens has no name for).
    pub fn country(&self, english: &str) -> String {
        self.word(&format!("{COUNTRY_KEY}{english}")).unwrap_or(english).to_string()
    }

    /// A fixed text's translation by its exact English only (no template, no other first-letter case): the
    /// words keyed apart from any sentence (`list: and`, `country: …`) and a country's sentence form.
    pub fn word(&self, english: &str) -> Option<&str> {
        self.fixed(english).map(String::as_str)
    }

    /// The translation of a finished English text, or the text itself when no row matches.
    pub fn text(&self, english: &str) -> String {
        self.lookup(english).unwrap_or_else(|| english.to_string())
    }

    fn lookup_at(&self, english: &str, depth: usize) -> Option<String> {
        if english.is_empty() || english.len() > MAX_TEXT || depth > MAX_DEPTH {
            return None;
        }
        if let Some(t) = self.fixed(english) {
            return Some(t.clone());
        }
        let mut budget = MATCH_BUDGET;
        for template in &self.templates {
            let mut captures = Vec::new();
            if match_segs(&template.source, english, &mut captures, &mut budget) {
                if let Some(done) = self.render(&template.target, &captures, depth) {
                    return Some(done);
                }
            }
            if budget == 0 {
                return None;
            }
        }
        // The same text with its first letter's case changed: a permission's meaning ("can read your
        // contacts") starts a sentence in the grade's items ("Can read your contacts") and goes back to
        // lower case in the middle of the summary; one row serves all three.
        let mut chars = english.chars();
        let first = chars.next()?;
        let rest = chars.as_str();
        let (flipped, upper) = if first.is_lowercase() {
            (first.to_uppercase().collect::<String>() + rest, false)
        } else if first.is_uppercase() {
            (first.to_lowercase().collect::<String>() + rest, true)
        } else {
            return None;
        };
        let found = self.fixed(&flipped).cloned().or_else(|| {
            let mut budget = MATCH_BUDGET;
            self.templates.iter().find_map(|template| {
                let mut captures = Vec::new();
                if match_segs(&template.source, &flipped, &mut captures, &mut budget) {
                    self.render(&template.target, &captures, depth)
                } else {
                    None
                }
            })
        })?;
        let mut chars = found.chars();
        let head = chars.next()?;
        let head: String = if upper { head.to_uppercase().collect() } else { head.to_lowercase().collect() };
        Some(head + chars.as_str())
    }

    /// A UI text with its values: `format("{n} {n|permission|permissions}", &[("n", "3")])`. The English
    /// template is looked up as it is written (not matched), then its placeholders are filled.
    pub fn format(&self, english: &str, values: &[(&str, &str)]) -> String {
        let target = self.exact_or_template(english).unwrap_or(english);
        self.render(target, values, 0).unwrap_or_else(|| english.to_string())
    }

    fn exact_or_template(&self, english: &str) -> Option<&str> {
        if let Some(t) = self.fixed(english) {
            return Some(t);
        }
        let source = parse_source(english).ok()?;
        self.templates.iter().find(|t| t.source == source).map(|t| t.target.as_str())
    }

    /// Fills a translation's placeholders; `None` when a `{x|t}` part has no translation itself (a sentence
    /// half in one language would be worse than the English whole), so the next row may match instead.
    fn render(&self, target: &str, captures: &[(&str, &str)], depth: usize) -> Option<String> {
        let mut out = String::with_capacity(target.len() + 16);
        let mut rest = target;
        while let Some(open) = rest.find('{') {
            out.push_str(rest.get(..open).unwrap_or(""));
            let after = rest.get(open + 1..).unwrap_or("");
            let Some(close) = after.find('}') else {
                out.push_str(rest.get(open..).unwrap_or(""));
                return Some(out);
            };
            let inner = after.get(..close).unwrap_or("");
            rest = after.get(close + 1..).unwrap_or("");
            let mut parts = inner.split('|');
            let name = parts.next().unwrap_or("");
            let options: Vec<&str> = parts.collect();
            let value = captures.iter().find(|(k, _)| *k == name).map(|(_, v)| *v);
            let Some(value) = value else {
                // Not a placeholder of this row: written as it is (a literal brace in a text).
                out.push('{');
                out.push_str(inner);
                out.push('}');
                continue;
            };
            match options.as_slice() {
                [] => out.push_str(value),
                ["t"] => out.push_str(&self.lookup_at(value, depth + 1)?),
                // A name that may be a phrase of ours ("version 2.0") or the app's own name (kept).
                ["tt"] => out.push_str(&self.lookup_at(value, depth + 1).unwrap_or_else(|| value.to_string())),
                ["num"] => out.push_str(&self.language.number(value)),
                ["date"] => out.push_str(&self.language.date(value)),
                [one, other, ..] => {
                    let n: u64 = value.trim().parse().unwrap_or(2);
                    out.push_str(if self.language.is_singular(n) { one } else { other });
                }
                [_] => out.push_str(value),
            }
        }
        out.push_str(rest);
        Some(out)
    }
}

/// Splits an English template into literals, captures and alternatives.
fn parse_source(english: &str) -> Result<Vec<Seg>, String> {
    let mut segs = Vec::new();
    let mut rest = english;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            segs.push(Seg::Lit(rest.get(..open).unwrap_or("").to_string()));
        }
        let after = rest.get(open + 1..).unwrap_or("");
        let close = after.find('}').ok_or_else(|| format!("an unclosed {{ in {english:?}"))?;
        let inner = after.get(..close).unwrap_or("");
        rest = after.get(close + 1..).unwrap_or("");
        let mut parts = inner.split('|');
        let name = parts.next().unwrap_or("");
        let words: Vec<String> = parts.map(str::to_string).collect();
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!("placeholder {{{inner}}} has no plain name in {english:?}"));
        }
        if words.is_empty() || words == ["word"] {
            if matches!(segs.last(), Some(Seg::Cap(..))) {
                return Err(format!("two placeholders touch in {english:?}: they could split their text anywhere"));
            }
            segs.push(Seg::Cap(name.to_string(), !words.is_empty()));
        } else {
            segs.push(Seg::Alt(words));
        }
    }
    if !rest.is_empty() {
        segs.push(Seg::Lit(rest.to_string()));
    }
    Ok(segs)
}

/// Whether `segs` match all of `text`, filling `captures`; backtracks over where each capture ends.
fn match_segs<'s, 't>(segs: &'s [Seg], text: &'t str, captures: &mut Vec<(&'s str, &'t str)>, budget: &mut usize) -> bool
where
    's: 't,
{
    if *budget == 0 {
        return false;
    }
    *budget -= 1;
    let Some((first, rest)) = segs.split_first() else { return text.is_empty() };
    match first {
        Seg::Lit(lit) => text.strip_prefix(lit.as_str()).is_some_and(|after| match_segs(rest, after, captures, budget)),
        Seg::Alt(words) => {
            words.iter().any(|w| text.strip_prefix(w.as_str()).is_some_and(|after| match_segs(rest, after, captures, budget)))
        }
        Seg::Cap(name, word) => {
            if rest.is_empty() {
                if text.is_empty() || (*word && text.contains(' ')) {
                    return false;
                }
                captures.push((name.as_str(), text));
                return true;
            }
            // Try every end of the capture, shortest first, at a char boundary where the next segment can start.
            let mut ends = text.char_indices().map(|(i, _)| i).skip(1).chain(std::iter::once(text.len()));
            loop {
                let Some(end) = ends.next() else { return false };
                if *budget == 0 {
                    return false;
                }
                let (head, tail) = (text.get(..end).unwrap_or(""), text.get(end..).unwrap_or(""));
                if *word && head.ends_with(' ') {
                    return false;
                }
                let starts_next = match rest.first() {
                    Some(Seg::Lit(lit)) => tail.starts_with(lit.as_str()),
                    Some(Seg::Alt(words)) => words.iter().any(|w| tail.starts_with(w.as_str())),
                    _ => true,
                };
                if !starts_next {
                    continue;
                }
                let mark = captures.len();
                captures.push((name.as_str(), head));
                if match_segs(rest, tail, captures, budget) {
                    return true;
                }
                captures.truncate(mark);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DE: &str = "# test\nen\tde\n\
Location\tStandort\n\
Asks for {n} {n|permission|permissions}\tFordert {n} {n|Berechtigung|Berechtigungen} an\n\
Grade {g} and not {h} because its highest category, {cat}, scores {s}.\tNote {g} und nicht {h}, weil die höchste Kategorie, {cat|t}, {s|num} Punkte erreicht.\n\
Expires on {d}.\tLäuft am {d|date} ab.\n";

    #[test]
    fn exact_and_templates() {
        let c = Catalog::parse(Language::De, DE);
        assert!(c.problems().is_empty(), "{:?}", c.problems());
        assert_eq!(c.text("Location"), "Standort");
        assert_eq!(c.text("location"), "standort");
        assert_eq!(c.text("Asks for 1 permission"), "Fordert 1 Berechtigung an");
        assert_eq!(c.text("Asks for 3 permissions"), "Fordert 3 Berechtigungen an");
        assert_eq!(
            c.text("Grade D and not C because its highest category, Location, scores 9.2."),
            "Note D und nicht C, weil die höchste Kategorie, Standort, 9,2 Punkte erreicht."
        );
        assert_eq!(c.text("Expires on 2027-01-31."), "Läuft am 31.01.2027 ab.");
        assert_eq!(c.text("Something else"), "Something else");
        assert_eq!(c.format("Asks for {n} {n|permission|permissions}", &[("n", "1")]), "Fordert 1 Berechtigung an");
    }

    #[test]
    fn a_packed_catalog_translates_as_the_files_do() {
        let platform: std::collections::HashSet<&str> = ["read the foo"].into_iter().collect();
        let labels = "read the foo\tdas Foo lesen\n";
        let files = [("report.tsv", DE), ("permissions.tsv", "can read\tkann lesen\nfirst place\t#1 der Liste\n"), ("android_labels.tsv", labels)];
        let [common, android, ios, android_platform, ..] = pack::pack("de", &files, &[], &platform);
        assert!(android_platform.contains("das Foo lesen") && !android.contains("das Foo lesen"), "Android's own words in their part");
        let mut c = Catalog::empty(Language::De);
        for part in [&common, &android, &ios, &android_platform] {
            c.add_packed(part);
        }
        let files = Catalog::parse(Language::De, &format!("{DE}can read\tkann lesen\nfirst place\t#1 der Liste\n{labels}"));
        assert!(c.problems().is_empty(), "{:?}", c.problems());
        assert!(!common.contains("Location") && !android.contains("can read"), "fixed texts go by their hash");
        assert_eq!(c.lookup("first place").as_deref(), Some("#1 der Liste"), "a translation may begin with #");
        for text in ["Location", "location", "Can read", "Read the foo", "Asks for 3 permissions", "Expires on 2027-01-31.", "Standort", "Ab12Cd"] {
            assert_eq!(c.lookup(text), files.lookup(text), "{text}");
        }
        assert_eq!(c.format("Asks for {n} {n|permission|permissions}", &[("n", "1")]), "Fordert 1 Berechtigung an");
        // A six-letter English text is not taken for a key, nor a key for a text.
        let key = pack::encode_key(pack::key_hash("Location"));
        assert_eq!(c.lookup(&key), None);
    }

    #[test]
    fn a_sentence_is_never_half_translated() {
        let c = Catalog::parse(Language::De, "{a} and {b}.\t{a|t} und {b|t}.\nCan read\tKann lesen\n");
        assert_eq!(c.text("Can read and can write."), "Can read and can write.");
        assert_eq!(c.text("Can read and can read."), "Kann lesen und kann lesen.");
    }

    #[test]
    fn a_word_capture_takes_no_space() {
        let c = Catalog::parse(Language::De, "{part|word}: {m}\t{part|tt}: {m|t}\nentry not found\tEintrag nicht gefunden\nfile\tDatei\n");
        assert!(c.problems().is_empty(), "{:?}", c.problems());
        assert_eq!(c.text("lib/x.so: entry not found"), "lib/x.so: Eintrag nicht gefunden");
        assert_eq!(c.text("file: entry not found"), "Datei: Eintrag nicht gefunden");
        assert_eq!(c.lookup("Grade F because: entry not found"), None, "a sentence before a colon is not a part");
        // A word capture at the end makes an earlier capture grow past the same words inside the message.
        let c = Catalog::parse(Language::De, "{m} at 0x{o|word}\t{m|t} (bei Offset 0x{o})\nitem at 0x{a} is bad\tEintrag bei 0x{a} ist schlecht\n");
        assert_eq!(c.text("item at 0x10 is bad at 0x20"), "Eintrag bei 0x10 ist schlecht (bei Offset 0x20)");
    }

    #[test]
    fn french_zero_is_singular() {
        let c = Catalog::parse(Language::Fr, "{n} {n|tracker|trackers}\t{n} {n|traceur|traceurs}\n");
        assert_eq!(c.text("0 trackers"), "0 traceur");
        assert_eq!(c.text("2 trackers"), "2 traceurs");
    }

    #[test]
    fn hostile_texts_stay_bounded() {
        let c = Catalog::parse(Language::De, "{a}, {b}, {c}, {d}!\t{d}\n");
        let hostile = ", ".repeat(5_000);
        let started = std::time::Instant::now();
        assert_eq!(c.text(&hostile), hostile);
        assert!(started.elapsed().as_secs() < 2);
    }

    #[test]
    fn bad_rows_are_reported() {
        let c = Catalog::parse(Language::De, "no tab here\n{a}{b}\tx\n{a\ty\n\tz\n");
        assert_eq!(c.problems().len(), 4, "{:?}", c.problems());
    }
}
