//! `--format github`: GitHub Actions workflow commands, one line per finding.

use std::io::{self, Write};

use super::Report;
use crate::diagnostic::Severity;

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for package in &report.packages {
        for d in &package.diagnostics {
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let mut properties = format!("file={}", property(&d.path));
            if let Some(span) = d.span {
                // `endColumn` is the last column covered: the exclusive end minus one.
                let end_column = if span.end.line == span.start.line {
                    span.end.column.saturating_sub(1).max(span.start.column)
                } else {
                    span.end.column.saturating_sub(1).max(1)
                };
                properties.push_str(&format!(
                    ",line={},col={},endLine={},endColumn={end_column}",
                    span.start.line, span.start.column, span.end.line
                ));
            }
            let title = property(&format!("{} {}", d.rule.code, d.rule.name));
            writeln!(
                out,
                "::{command} {properties},title={title}::{}",
                message(&d.message)
            )?;
        }
    }
    Ok(())
}

fn message(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn property(text: &str) -> String {
    message(text).replace(':', "%3A").replace(',', "%2C")
}
