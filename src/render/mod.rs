//! One renderer per output format. Renderers write to a `Write` they are given; only `cli`
//! knows about stdout.

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use crate::diagnostic::{Diagnostic, Severity};
use crate::package::{Mode, Profile};

/// Counts of findings by severity.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub error: usize,
    pub warning: usize,
    pub info: usize,
}

impl Counts {
    pub fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.error += 1,
            Severity::Warning => self.warning += 1,
            Severity::Info => self.info += 1,
        }
    }

    pub fn merge(&mut self, other: Counts) {
        self.error += other.error;
        self.warning += other.warning;
        self.info += other.info;
    }

    #[must_use]
    pub fn reaches(&self, fail_on: FailOn) -> bool {
        match fail_on {
            FailOn::Error => self.error > 0,
            FailOn::Warning => self.error + self.warning > 0,
            FailOn::Info => self.error + self.warning + self.info > 0,
            FailOn::Never => false,
        }
    }
}

/// `--fail-on`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum FailOn {
    #[default]
    Error,
    Warning,
    Info,
    Never,
}

/// One validated package, with its findings in output order.
#[derive(Debug)]
pub struct PackageReport {
    pub path: String,
    pub mode: Mode,
    pub profile: Profile,
    pub diagnostics: Vec<Diagnostic>,
    pub fail_on: FailOn,
}

impl PackageReport {
    #[must_use]
    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for d in &self.diagnostics {
            counts.add(d.severity);
        }
        counts
    }
}

/// A PATH that could not be validated (exit 2), reported beside the packages that were.
#[derive(Debug, Clone)]
pub struct PathError {
    pub path: String,
    pub message: String,
}

#[derive(Debug, Default)]
pub struct Report {
    /// Ordered by path, bytewise.
    pub packages: Vec<PackageReport>,
    pub errors: Vec<PathError>,
}

impl Report {
    #[must_use]
    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for package in &self.packages {
            counts.merge(package.counts());
        }
        counts
    }

    /// Whether any package has a finding at or above its own `fail-on`.
    #[must_use]
    pub fn fails(&self) -> bool {
        self.packages.iter().any(|p| p.counts().reaches(p.fail_on))
    }
}

/// Escapes what must never reach a terminal raw (reliability.md §8): C0 controls except TAB
/// and LF, DEL, C1 controls and bidi overrides, written as `\u{1b}`.
#[must_use]
pub fn escape_terminal(text: &str) -> String {
    if !text.chars().any(needs_escape) {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if needs_escape(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

fn needs_escape(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{61c}')
}

/// `1 error`, `2 warnings`.
#[must_use]
pub fn plural(count: usize, word: &str) -> String {
    if count == 1 {
        format!("{count} {word}")
    } else {
        format!("{count} {word}s")
    }
}
