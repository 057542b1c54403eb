//! Runs the rules that apply to a package and resolves every finding's position.

use crate::diagnostic::{Diagnostic, LineCol, Severity, Span, Target};
use foldhash::{HashMap, HashMapExt};

use crate::json::{Member, Node, Pointer, TextRange};
use crate::package::FileId;
use crate::package::partner_center::Origin;
use crate::package::swagger::Swagger;
use crate::package::{Package, Profile};
use crate::rules::modes::{self, ModePolicy};
use crate::rules::registry::{self, Selector};
use crate::rules::{Level, Memo, RuleContext, RuleMeta, Status};

/// Which rules run and how strictly (cli.md "Which rules run").
#[derive(Clone, Debug, Default)]
pub struct RuleSettings {
    pub strict: bool,
    /// `None`: every rule that is on for the profile.
    pub select: Option<Vec<Selector>>,
    pub ignore: Vec<Selector>,
}

impl RuleSettings {
    /// The severity a rule runs at for this package, or `None` when it does not run.
    #[must_use]
    pub fn severity(&self, meta: &RuleMeta, package: &Package) -> Option<Severity> {
        severity_for(
            self,
            &SeverityOverrides::default(),
            meta,
            package.profile,
            package.mode,
        )
    }
}

/// pcpkg.toml's `[severity]` table, resolved to rule codes once per file (cli.md "Which rules
/// run", step 4): each entry is the rule's final severity, `None` for `off`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SeverityOverrides {
    /// Sorted by code, one entry per code: looked up for every rule of every package.
    entries: Vec<(&'static str, Option<Severity>)>,
}

impl SeverityOverrides {
    /// Builds the table; a later entry for the same code replaces an earlier one.
    #[must_use]
    pub fn new(entries: impl IntoIterator<Item = (&'static str, Option<Severity>)>) -> Self {
        let mut entries: Vec<_> = entries.into_iter().collect();
        // Stable, so the last entry of a code is the last of its run; keep that one.
        entries.sort_by_key(|(code, _)| *code);
        let mut deduped: Vec<(&'static str, Option<Severity>)> = Vec::with_capacity(entries.len());
        for entry in entries {
            match deduped.last_mut() {
                Some(last) if last.0 == entry.0 => *last = entry,
                _ => deduped.push(entry),
            }
        }
        Self { entries: deduped }
    }

    /// `Some(severity)` when the table sets the rule (`Some(None)`: off), `None` otherwise.
    #[must_use]
    pub fn get(&self, code: &str) -> Option<Option<Severity>> {
        if self.entries.is_empty() {
            return None;
        }
        self.entries
            .binary_search_by(|(c, _)| (*c).cmp(code))
            .ok()
            .map(|i| self.entries[i].1)
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries, sorted by code.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, Option<Severity>)> + '_ {
        self.entries.iter().copied()
    }
}

/// cli.md "Which rules run": the mode (§1.1), the profile's cell, `select` (an exact code or
/// name turns on a rule that is off, at warning), `ignore`, strict, then `[severity]`, which is
/// final and can also turn on a rule that is off. Input-safety rules always run, at error.
fn severity_for(
    settings: &RuleSettings,
    overrides: &SeverityOverrides,
    meta: &RuleMeta,
    profile: Profile,
    mode: crate::package::Mode,
) -> Option<Severity> {
    if meta.status == Status::Removed {
        return None;
    }
    let levels = match modes::policy(meta, mode) {
        ModePolicy::Off => return None,
        ModePolicy::Cell => meta.levels,
        ModePolicy::Levels(levels) => levels,
    };
    if meta.is_input_safety() {
        return Some(Severity::Error);
    }
    let mut level = levels[profile.index()];
    if let Some(select) = &settings.select {
        let matched: Vec<&Selector> = select.iter().filter(|s| s.matches(meta)).collect();
        if matched.is_empty() {
            return None;
        }
        if level == Level::Off && matched.iter().any(|s| s.is_exact()) {
            level = Level::Warning;
        }
    }
    if settings.ignore.iter().any(|s| s.matches(meta)) {
        return None;
    }
    match overrides.get(meta.code) {
        Some(severity) => severity,
        None => level.resolve(settings.strict),
    }
}

/// Validates one package: every applicable rule, then positions, then a stable order.
#[must_use]
pub fn check_package(package: &Package, settings: &RuleSettings) -> Vec<Diagnostic> {
    check_package_with(package, settings, &SeverityOverrides::default())
}

/// [`check_package`] with pcpkg.toml's `[severity]` entries applied.
#[must_use]
pub fn check_package_with(
    package: &Package,
    settings: &RuleSettings,
    overrides: &SeverityOverrides,
) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let view = package.swagger().map(|(_, root)| Swagger::build(root));
    let memo = Memo::default();
    for rule in registry::all() {
        let meta = rule.meta();
        let Some(severity) = severity_for(settings, overrides, meta, package.profile, package.mode)
        else {
            continue;
        };
        let mut cx = RuleContext::new(
            package,
            view.as_ref(),
            &memo,
            meta,
            severity,
            settings.strict,
            &mut diagnostics,
        );
        rule.check(&mut cx);
    }
    relocate_virtual_properties(package, &mut diagnostics);
    resolve_all(package, &mut diagnostics);
    sort(&mut diagnostics);
    diagnostics
}

/// pc mode: a finding on the virtual apiProperties.json moves to the file its value came from
/// (rules.md §1.2): a pointer into `_connectionparameters.json` and the like, or the element of
/// `customizations.xml` (the `<Connector>` start tag for `properties` itself and what it lacks).
fn relocate_virtual_properties(package: &Package, diagnostics: &mut [Diagnostic]) {
    let Some(virtual_properties) = &package.virtual_properties else {
        return;
    };
    for diagnostic in diagnostics
        .iter_mut()
        .filter(|d| d.file == Some(virtual_properties.file))
    {
        let pointer = match &diagnostic.target {
            Target::Value(pointer) | Target::Key(pointer) => Some(pointer.clone()),
            Target::Missing { parent, .. } => Some(parent.clone()),
            Target::Range(_) | Target::File => diagnostic.pointer.clone(),
        };
        let located = match &pointer {
            Some(pointer) => virtual_properties.locate(pointer),
            None => Origin::Xml(virtual_properties.home.0, virtual_properties.home.1),
        };
        match located {
            Origin::Json(file, inner) => {
                diagnostic.target = match std::mem::replace(&mut diagnostic.target, Target::File) {
                    Target::Value(_) => Target::Value(inner),
                    Target::Key(_) => Target::Key(inner),
                    Target::Missing { key, .. } => Target::Missing { parent: inner, key },
                    Target::Range(range) => {
                        diagnostic.pointer = Some(inner);
                        Target::Range(range)
                    }
                    Target::File => Target::File,
                };
                diagnostic.file = Some(file);
            }
            Origin::Xml(file, range) => {
                diagnostic.target = Target::Range(range);
                diagnostic.pointer = None;
                diagnostic.file = Some(file);
            }
        }
        diagnostic.path = package
            .file(diagnostic.file.expect("just set"))
            .path
            .clone();
    }
}

/// Findings ordered by file, then position-less first, then line, column and code.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        a.path
            .cmp(&b.path)
            .then_with(|| {
                let ka = a.span.map(|s| (s.start.line, s.start.column));
                let kb = b.span.map(|s| (s.start.line, s.start.column));
                ka.cmp(&kb)
            })
            .then_with(|| a.rule.code.cmp(b.rule.code))
            .then_with(|| a.message.cmp(&b.message))
    });
}

/// Longest source line kept whole for a snippet; longer lines (minified files) keep a window.
const SNIPPET_MAX: usize = 240;
const SNIPPET_BEFORE: usize = 60;
const SNIPPET_AFTER: usize = 120;

/// Fills `pointer`, `span` and the snippet of every finding, once the rules are done. Ranges
/// come from the targets (big objects get a hash index, so a finding per member stays linear),
/// then lines and columns from one forward pass over each file's text with the offsets sorted:
/// a minified file with many findings costs one scan, not one per finding.
fn resolve_all(package: &Package, diagnostics: &mut [Diagnostic]) {
    let mut ranges: Vec<Option<TextRange>> = vec![None; diagnostics.len()];
    let mut locators: HashMap<FileId, Locator<'_>> = HashMap::new();
    for (i, diagnostic) in diagnostics.iter_mut().enumerate() {
        let Some(file_id) = diagnostic.file else {
            continue;
        };
        let root = package.file(file_id).json();
        let (pointer, range) = match (&diagnostic.target, root) {
            (Target::Range(range), _) => (diagnostic.pointer.take(), Some(*range)),
            (Target::File, _) | (_, None) => (None, None),
            (target, Some(root)) => {
                let locator = locators
                    .entry(file_id)
                    .or_insert_with(|| Locator::new(root));
                match target {
                    Target::Value(pointer) => {
                        let found = locator.locate(pointer);
                        (Some(found.pointer), Some(found.node.range))
                    }
                    Target::Key(pointer) => {
                        let found = locator.locate(pointer);
                        (
                            Some(found.pointer),
                            Some(found.key_range.unwrap_or(found.node.range)),
                        )
                    }
                    Target::Missing { parent, .. } => {
                        let found = locator.locate(parent);
                        let start = found.node.range.start;
                        (
                            Some(found.pointer),
                            Some(found.key_range.unwrap_or(TextRange::new(start, start + 1))),
                        )
                    }
                    Target::File | Target::Range(_) => (None, None),
                }
            }
        };
        diagnostic.pointer = pointer;
        ranges[i] = range;
    }
    let mut by_file: HashMap<FileId, Vec<usize>> = HashMap::new();
    for (i, diagnostic) in diagnostics.iter().enumerate() {
        if let (Some(file), Some(_)) = (diagnostic.file, ranges[i]) {
            by_file.entry(file).or_default().push(i);
        }
    }
    for (file_id, indexes) in by_file {
        let file = package.file(file_id);
        let Some(text) = file.text() else {
            continue;
        };
        // (offset, diagnostic, is_end), sorted by offset.
        let mut offsets: Vec<(u32, usize, bool)> = Vec::with_capacity(indexes.len() * 2);
        for &i in &indexes {
            let range = ranges[i].expect("grouped by having a range");
            offsets.push((range.start, i, false));
            offsets.push((range.end, i, true));
        }
        offsets.sort_unstable();
        let mut walker = Walker::new(text);
        // For each open finding: its start and the bounds of the line it starts on.
        let mut starts: HashMap<usize, (LineCol, usize, usize)> = HashMap::new();
        for (offset, i, is_end) in offsets {
            let position = walker.advance(offset);
            if is_end {
                let (start, line_start, line_end) = starts
                    .remove(&i)
                    .unwrap_or_else(|| (position, walker.line_start, walker.line_end()));
                let range = ranges[i].expect("grouped by having a range");
                let line = text[line_start..line_end]
                    .strip_suffix('\r')
                    .unwrap_or(&text[line_start..line_end]);
                let (source_line, source_column) = snippet(line, line_start, range.start, start);
                let diagnostic = &mut diagnostics[i];
                diagnostic.span = Some(Span {
                    bytes: range,
                    start,
                    end: position,
                });
                diagnostic.source_line = Some(source_line);
                diagnostic.source_column = source_column;
            } else {
                let line_end = walker.line_end();
                starts.insert(i, (position, walker.line_start, line_end));
            }
        }
    }
}

/// Walks a text forwards, turning increasing byte offsets into 1-based lines and columns
/// (Unicode scalar values; column 1 is the first character of a line). It also knows where the
/// current line starts and ends, for snippets, so no line index of the whole file is built.
struct Walker<'t> {
    text: &'t str,
    pos: usize,
    line: u32,
    column: u32,
    /// Byte offset where the current line starts.
    line_start: usize,
    /// The end of the line starting at `.0`, once looked up (a minified file is one long
    /// line: it is searched once, not once per finding).
    line_end_cache: Option<(usize, usize)>,
}

impl<'t> Walker<'t> {
    fn new(text: &'t str) -> Self {
        Self {
            text,
            pos: 0,
            line: 1,
            column: 1,
            line_start: 0,
            line_end_cache: None,
        }
    }

    /// Where the current line ends (before its `\n`, or at the end of the text).
    fn line_end(&mut self) -> usize {
        if let Some((start, end)) = self.line_end_cache
            && start == self.line_start
        {
            return end;
        }
        let end = memchr::memchr(b'\n', &self.text.as_bytes()[self.line_start..])
            .map_or(self.text.len(), |i| self.line_start + i);
        self.line_end_cache = Some((self.line_start, end));
        end
    }

    fn advance(&mut self, offset: u32) -> LineCol {
        let mut target = (offset as usize).min(self.text.len());
        while target > 0 && !self.text.is_char_boundary(target) {
            target -= 1;
        }
        if target > self.pos {
            let segment = &self.text[self.pos..target];
            match memchr::memrchr(b'\n', segment.as_bytes()) {
                Some(last) => {
                    self.line_start = self.pos + last + 1;
                    self.line +=
                        u32::try_from(memchr::memchr_iter(b'\n', segment.as_bytes()).count())
                            .unwrap_or(u32::MAX);
                    self.column =
                        u32::try_from(segment[last + 1..].chars().count()).unwrap_or(u32::MAX) + 1;
                }
                None => {
                    self.column += u32::try_from(segment.chars().count()).unwrap_or(u32::MAX);
                }
            }
            self.pos = target;
        }
        LineCol {
            line: self.line,
            column: self.column,
        }
    }
}

/// The source line of a finding for its snippet, and the 1-based column of the finding in it.
/// A line longer than [`SNIPPET_MAX`] bytes is cut to a window around the finding, marked `…`.
fn snippet(line: &str, line_start: usize, start: u32, position: LineCol) -> (String, u32) {
    if line.len() <= SNIPPET_MAX {
        return (line.to_owned(), position.column);
    }
    let mut at = (start as usize).clamp(line_start, line_start + line.len()) - line_start;
    while at > 0 && !line.is_char_boundary(at) {
        at -= 1;
    }
    let before = line[..at]
        .char_indices()
        .rev()
        .take(SNIPPET_BEFORE)
        .last()
        .map_or(at, |(i, _)| i);
    let after = line[at..]
        .char_indices()
        .nth(SNIPPET_AFTER)
        .map_or(line.len(), |(i, _)| at + i);
    let mut shown = String::new();
    let mut column = u32::try_from(line[before..at].chars().count()).unwrap_or(0) + 1;
    if before > 0 {
        shown.push('…');
        column += 1;
    }
    shown.push_str(&line[before..after]);
    if after < line.len() {
        shown.push('…');
    }
    (shown, column)
}

struct Located<'a> {
    /// The deepest existing node on the way to the pointer.
    node: &'a Node,
    /// Its pointer.
    pointer: Pointer,
    /// The key of the member holding it, when it is an object member.
    key_range: Option<TextRange>,
}

/// Finds pointers in one JSON tree. Objects with many members get a name index on first use,
/// so locating a finding in each of 100,000 paths is not 100,000².
struct Locator<'a> {
    root: &'a Node,
    indexes: HashMap<usize, HashMap<&'a str, usize>>,
}

impl<'a> Locator<'a> {
    /// Objects up to this size are searched directly.
    const INDEX_FROM: usize = 32;

    fn new(root: &'a Node) -> Self {
        Self {
            root,
            indexes: HashMap::new(),
        }
    }

    fn member(&mut self, node: &'a Node, key: &str) -> Option<&'a Member> {
        let members = node.as_object()?;
        if members.len() <= Self::INDEX_FROM {
            return node.member(key);
        }
        let index = self
            .indexes
            .entry(std::ptr::from_ref(node) as usize)
            .or_insert_with(|| {
                // Later duplicates overwrite earlier ones: the last one wins, as in `get`.
                members
                    .iter()
                    .enumerate()
                    .map(|(i, m)| (m.key.as_str(), i))
                    .collect()
            });
        index.get(key).map(|&i| &members[i])
    }

    /// Walks a pointer as far as the document allows (a missing member is reported at its
    /// closest existing ancestor, as Spectral does).
    fn locate(&mut self, pointer: &Pointer) -> Located<'a> {
        let raw = pointer.as_str();
        let mut node = self.root;
        let mut key_range = None;
        // The escaped tokens are walked in place; the pointer found is a prefix of `raw`.
        let mut found_len = 0;
        let mut at = 0;
        for token in raw.split('/').skip(1) {
            let Some(segment) = crate::json::pointer::unescape(token) else {
                break;
            };
            let next = if let Some(member) = self.member(node, &segment) {
                Some((&member.value, Some(member.key_range)))
            } else if let Some(items) = node.as_array() {
                segment
                    .parse::<usize>()
                    .ok()
                    .filter(|_| segment == "0" || !segment.starts_with('0'))
                    .and_then(|i| items.get(i))
                    .map(|n| (n, None))
            } else {
                None
            };
            let Some((next_node, next_key)) = next else {
                break;
            };
            at += 1 + token.len();
            found_len = at;
            node = next_node;
            key_range = next_key;
        }
        Located {
            node,
            pointer: Pointer::parse(&raw[..found_len]).unwrap_or_default(),
            key_range,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severity_overrides_look_up_by_code_and_keep_the_last_entry() {
        let overrides = SeverityOverrides::new([
            ("SW019", Some(Severity::Info)),
            ("AP003", None),
            ("SW019", Some(Severity::Error)),
        ]);
        assert_eq!(overrides.get("SW019"), Some(Some(Severity::Error)));
        assert_eq!(overrides.get("AP003"), Some(None));
        assert_eq!(overrides.get("SW020"), None);
        assert_eq!(overrides.iter().count(), 2);
        assert!(SeverityOverrides::default().get("SW019").is_none());
    }
}
