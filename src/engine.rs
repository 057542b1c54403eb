//! Runs the rules that apply to a package and resolves every finding's position.

use crate::diagnostic::{Diagnostic, LineCol, Severity, Span, Target};
use crate::json::{Node, Pointer, TextRange};
use crate::package::swagger::Swagger;
use crate::package::{Package, Profile};
use crate::rules::modes::{self, ModePolicy};
use crate::rules::registry::{self, Selector};
use crate::rules::{Level, RuleContext, RuleMeta, Status};

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
        severity_for(self, meta, package.profile, package.mode)
    }
}

fn severity_for(
    settings: &RuleSettings,
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
    level.resolve(settings.strict)
}

/// Validates one package: every applicable rule, then positions, then a stable order.
#[must_use]
pub fn check_package(package: &Package, settings: &RuleSettings) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let view = package.swagger().map(|(_, root)| Swagger::build(root));
    for rule in registry::all() {
        let meta = rule.meta();
        let Some(severity) = settings.severity(meta, package) else {
            continue;
        };
        let mut cx = RuleContext::new(
            package,
            view.as_ref(),
            meta,
            severity,
            settings.strict,
            &mut diagnostics,
        );
        rule.check(&mut cx);
    }
    for diagnostic in &mut diagnostics {
        resolve(package, diagnostic);
    }
    sort(&mut diagnostics);
    diagnostics
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

/// Fills `pointer` and `span` from the target, once the rules are done.
fn resolve(package: &Package, diagnostic: &mut Diagnostic) {
    let Some(file_id) = diagnostic.file else {
        return;
    };
    let file = package.file(file_id);
    let root = file.json();
    let (pointer, range) = match (&diagnostic.target, root) {
        (Target::File, _) => (None, None),
        (Target::Range(range), _) => (diagnostic.pointer.take(), Some(*range)),
        (Target::Value(pointer), Some(root)) => {
            let found = locate(root, pointer);
            (Some(found.pointer), Some(found.node.range))
        }
        (Target::Key(pointer), Some(root)) => {
            let found = locate(root, pointer);
            (
                Some(found.pointer),
                Some(found.key_range.unwrap_or(found.node.range)),
            )
        }
        (Target::Missing { parent, .. }, Some(root)) => {
            let found = locate(root, parent);
            let range = found.key_range.unwrap_or(TextRange::new(
                found.node.range.start,
                found.node.range.start + 1,
            ));
            (Some(found.pointer), Some(range))
        }
        (_, None) => (None, None),
    };
    diagnostic.pointer = pointer;
    if let (Some(range), Some(text), Some(index)) = (range, file.text(), file.line_index.as_ref()) {
        let (line, column) = index.line_col(text, range.start);
        let (end_line, end_column) = index.line_col(text, range.end);
        diagnostic.span = Some(Span {
            bytes: range,
            start: LineCol { line, column },
            end: LineCol {
                line: end_line,
                column: end_column,
            },
        });
        diagnostic.source_line = Some(index.line_text(text, line).to_owned());
    }
}

struct Located<'a> {
    /// The deepest existing node on the way to the pointer.
    node: &'a Node,
    /// Its pointer.
    pointer: Pointer,
    /// The key of the member holding it, when it is an object member.
    key_range: Option<TextRange>,
}

/// Walks a pointer as far as the document allows (a missing member is reported at its closest
/// existing ancestor, as Spectral does).
fn locate<'a>(root: &'a Node, pointer: &Pointer) -> Located<'a> {
    let mut located = Located {
        node: root,
        pointer: Pointer::root(),
        key_range: None,
    };
    for segment in pointer.segments() {
        let next = if let Some(member) = located.node.member(&segment) {
            Some((&member.value, Some(member.key_range)))
        } else if let Some(items) = located.node.as_array() {
            segment
                .parse::<usize>()
                .ok()
                .filter(|_| segment == "0" || !segment.starts_with('0'))
                .and_then(|i| items.get(i))
                .map(|n| (n, None))
        } else {
            None
        };
        let Some((node, key_range)) = next else { break };
        located.pointer.push(&segment);
        located.node = node;
        located.key_range = key_range;
    }
    located
}
