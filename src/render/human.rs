//! rustc-style output: one block per finding with a snippet and a caret, then a summary line
//! per package and a total.

use std::io::{self, Write};

use super::{Counts, Report, escape_terminal, plural};
use crate::diagnostic::{Diagnostic, Severity};

/// Colours are used only when asked for (the CLI decides from `--color` and the terminal).
#[derive(Clone, Copy, Debug, Default)]
pub struct Style {
    pub color: bool,
}

impl Style {
    fn paint(self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
}

/// Writes the whole report.
pub fn render(report: &Report, style: Style, out: &mut dyn Write) -> io::Result<()> {
    for package in &report.packages {
        for diagnostic in &package.diagnostics {
            render_diagnostic(diagnostic, style, out)?;
        }
    }
    for package in &report.packages {
        writeln!(
            out,
            "{} ({}): {}",
            escape_terminal(&package.path),
            package.profile.as_str(),
            summary(package.counts())
        )?;
    }
    for error in &report.errors {
        writeln!(
            out,
            "{}: {}",
            style.paint("1;31", "error"),
            escape_terminal(&error.message)
        )?;
    }
    if report.packages.len() > 1 {
        writeln!(
            out,
            "total: {}, {}",
            plural(report.packages.len(), "package"),
            summary(report.counts())
        )?;
    }
    Ok(())
}

fn summary(counts: Counts) -> String {
    let mut parts = vec![
        plural(counts.error, "error"),
        plural(counts.warning, "warning"),
    ];
    if counts.info > 0 {
        parts.push(format!("{} info", counts.info));
    }
    parts.join(", ")
}

/// Writes one finding.
pub fn render_diagnostic(d: &Diagnostic, style: Style, out: &mut dyn Write) -> io::Result<()> {
    let (label, color) = match d.severity {
        Severity::Error => ("error", "1;31"),
        Severity::Warning => ("warning", "1;33"),
        Severity::Info => ("info", "1;36"),
    };
    writeln!(
        out,
        "{}{}",
        style.paint(color, &format!("{label}[{}]", d.rule.code)),
        style.paint("1", &format!(": {}", escape_terminal(&d.message)))
    )?;
    let path = escape_terminal(&d.path);
    match (&d.span, &d.source_line) {
        (Some(span), Some(line_text)) => {
            let line_no = span.start.line.to_string();
            let pad = " ".repeat(line_no.len());
            let bar = style.paint("1;34", "|");
            writeln!(
                out,
                "{pad}{} {path}:{}:{}",
                style.paint("1;34", "-->"),
                span.start.line,
                span.start.column
            )?;
            writeln!(out, "{pad} {bar}")?;
            let same_line = span.end.line == span.start.line;
            let width = if same_line {
                span.end.column.saturating_sub(span.start.column)
            } else {
                u32::MAX
            };
            let (shown, caret_start, caret_len) = snippet(line_text, d.source_column, width);
            writeln!(out, "{} {bar} {shown}", style.paint("1;34", &line_no))?;
            writeln!(
                out,
                "{pad} {bar} {}{}",
                " ".repeat(caret_start),
                style.paint(color, &"^".repeat(caret_len.max(1)))
            )?;
            if let Some(help) = &d.help {
                writeln!(
                    out,
                    "{pad} = {}: {}",
                    style.paint("1", "help"),
                    escape_terminal(help)
                )?;
            }
        }
        _ => {
            writeln!(out, " {} {path}", style.paint("1;34", "-->"))?;
            if let Some(help) = &d.help {
                writeln!(
                    out,
                    "  = {}: {}",
                    style.paint("1", "help"),
                    escape_terminal(help)
                )?;
            }
        }
    }
    writeln!(out)
}

/// The source line as shown (tabs as four spaces, controls escaped) and where the caret goes,
/// in displayed characters. `start_column` is 1-based in `line`; `width` is the span's width in
/// characters on this line (`u32::MAX`: to the end of the line).
fn snippet(line: &str, start_column: u32, width: u32) -> (String, usize, usize) {
    let end_column = start_column.saturating_add(width);
    let mut shown = String::new();
    let mut caret_start = None;
    let mut caret_end = None;
    for (index, c) in line.chars().enumerate() {
        let column = u32::try_from(index).unwrap_or(u32::MAX).saturating_add(1);
        if column == start_column {
            caret_start = Some(shown.chars().count());
        }
        if column == end_column {
            caret_end = Some(shown.chars().count());
        }
        if c == '\t' {
            shown.push_str("    ");
        } else {
            shown.push_str(&escape_terminal(&c.to_string()));
        }
    }
    let shown_len = shown.chars().count();
    let caret_start = caret_start.unwrap_or(shown_len);
    let caret_end = caret_end.unwrap_or(shown_len).max(caret_start + 1);
    (shown, caret_start, caret_end - caret_start)
}
