//! Findings as data: what a rule reports, and where, before and after positions are resolved.

use crate::json::{Pointer, TextRange};
use crate::package::FileId;
use crate::rules::RuleMeta;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// Where in a file a finding points. Rules say *what* they point at; offsets, lines and
/// columns are resolved once, after the rules ran.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// The whole file: a missing file, an icon, an undecodable file.
    File,
    /// The value at a JSON pointer.
    Value(Pointer),
    /// The member name at a JSON pointer (unknown or misspelled properties).
    Key(Pointer),
    /// A member that is absent: reported at the closest existing ancestor.
    Missing { parent: Pointer, key: String },
    /// A byte range of the file's text (markdown, script, a JSON syntax error).
    Range(TextRange),
}

impl Target {
    #[must_use]
    pub fn value(pointer: &Pointer) -> Self {
        Target::Value(pointer.clone())
    }

    #[must_use]
    pub fn key(pointer: &Pointer) -> Self {
        Target::Key(pointer.clone())
    }

    #[must_use]
    pub fn missing(parent: &Pointer, key: &str) -> Self {
        Target::Missing {
            parent: parent.clone(),
            key: key.to_owned(),
        }
    }
}

/// A 1-based line and column; columns count Unicode scalar values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
}

/// A resolved position: the byte range (for snippets) and its line/column form (end exclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub bytes: TextRange,
    pub start: LineCol,
    pub end: LineCol,
}

#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub rule: &'static RuleMeta,
    pub severity: Severity,
    pub message: String,
    /// Display path: relative to the working directory, `archive!/member` inside archives.
    pub path: String,
    /// The package file this points into, when the package holds it.
    pub file: Option<FileId>,
    pub target: Target,
    pub help: Option<String>,
    /// Filled by `resolve`: the pointer actually reported (closest existing ancestor).
    pub pointer: Option<Pointer>,
    /// Filled by `resolve`.
    pub span: Option<Span>,
    /// Filled by `resolve`: the text of the span's first line, for snippets (not yet escaped);
    /// a window of it, marked with `…`, when the line is very long.
    pub source_line: Option<String>,
    /// The 1-based column of the span's start within `source_line`.
    pub source_column: u32,
}

impl Diagnostic {
    pub(crate) fn new(
        rule: &'static RuleMeta,
        severity: Severity,
        message: String,
        path: String,
        file: Option<FileId>,
        target: Target,
    ) -> Self {
        Self {
            rule,
            severity,
            message,
            path,
            file,
            target,
            help: None,
            pointer: None,
            span: None,
            source_line: None,
            source_column: 0,
        }
    }

    /// Sets the help text: what the user should do.
    pub fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }

    /// Names the JSON member a `Target::Range` finding is about (the range alone has no pointer).
    pub fn with_pointer(&mut self, pointer: Pointer) -> &mut Self {
        self.pointer = Some(pointer);
        self
    }

    /// Lowers the severity for a sub-check whose own severity is lower (rules.md §1.3).
    pub fn at_most(&mut self, severity: Severity) -> &mut Self {
        self.severity = self.severity.min(severity);
        self
    }
}
