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
            writeln!(
                out,
                "{pad}{} {path}:{}:{}",
                style.paint("1;34", "-->"),
                span.start.line,
                span.start.column
            )?;
            let same_line = span.end.line == span.start.line;
            let width = if same_line {
                span.end.column.saturating_sub(span.start.column)
            } else {
                u32::MAX
            };
            write_source_line(
                out,
                style,
                color,
                &line_no,
                line_text,
                d.source_column,
                width,
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

/// Writes a warning that no rule makes, at a place in a source file (`pcpkg new --from` reports
/// each lossy conversion step so): `warning: message`, then ` --> path:line:column`, the line
/// and a caret under the token there. `position` is 1-based (column in characters);
/// `line_text` is that line of the file, when known.
pub fn render_located_warning(
    message: &str,
    path: &str,
    position: Option<(usize, usize)>,
    line_text: Option<&str>,
    style: Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    let color = "1;33";
    writeln!(
        out,
        "{}{}",
        style.paint(color, "warning"),
        style.paint("1", &format!(": {}", escape_terminal(message)))
    )?;
    let path = escape_terminal(path);
    let arrow = style.paint("1;34", "-->");
    match (position, line_text) {
        (Some((line, column)), Some(text)) => {
            let line_no = line.to_string();
            let pad = " ".repeat(line_no.len());
            writeln!(out, "{pad}{arrow} {path}:{line}:{column}")?;
            let column = u32::try_from(column).unwrap_or(u32::MAX);
            let width = token_width(text, column);
            write_source_line(out, style, color, &line_no, text, column, width)?;
        }
        (Some((line, column)), None) => writeln!(out, " {arrow} {path}:{line}:{column}")?,
        (None, _) => writeln!(out, " {arrow} {path}")?,
    }
    writeln!(out)
}

/// Below a ` --> path:line:column` line: the gutter, the source line (numbered `line_no`) and a
/// caret in `color` under `width` characters from `column` (1-based, in characters).
fn write_source_line(
    out: &mut dyn Write,
    style: Style,
    color: &str,
    line_no: &str,
    line_text: &str,
    column: u32,
    width: u32,
) -> io::Result<()> {
    let pad = " ".repeat(line_no.len());
    let bar = style.paint("1;34", "|");
    writeln!(out, "{pad} {bar}")?;
    let (shown, caret_start, caret_len) = snippet(line_text, column, width);
    writeln!(out, "{} {bar} {shown}", style.paint("1;34", line_no))?;
    writeln!(
        out,
        "{pad} {bar} {}{}",
        " ".repeat(caret_start),
        style.paint(color, &"^".repeat(caret_len.max(1)))
    )
}

/// The width in characters of the key or value starting at `column` (1-based): a quoted string
/// through its closing quote, else up to a `:`, `,` or white space.
fn token_width(line: &str, column: u32) -> u32 {
    let skip = usize::try_from(column.saturating_sub(1)).unwrap_or(usize::MAX);
    let mut chars = line.chars().skip(skip);
    let width = match chars.next() {
        None => 0,
        Some(quote @ ('"' | '\'')) => {
            let mut width = 1;
            let mut escaped = false;
            for c in chars {
                width += 1;
                if escaped {
                    escaped = false;
                } else if c == '\\' && quote == '"' {
                    escaped = true;
                } else if c == quote {
                    break;
                }
            }
            width
        }
        Some(_) => {
            1 + chars
                .take_while(|c| !matches!(c, ':' | ',') && !c.is_whitespace())
                .count()
        }
    };
    u32::try_from(width).unwrap_or(u32::MAX).max(1)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_located_warning_underlines_the_token() {
        let mut out = Vec::new();
        render_located_warning(
            "`oneOf` has no Swagger 2.0 equivalent",
            "api.yaml",
            Some((12, 7)),
            Some("      oneOf:"),
            Style::default(),
            &mut out,
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "warning: `oneOf` has no Swagger 2.0 equivalent\n  --> api.yaml:12:7\n   |\n12 |       oneOf:\n   |       ^^^^^\n\n"
        );
        assert_eq!(token_width(r#"  "a\"b": 1"#, 3), 6);
        assert_eq!(token_width("- url: x", 3), 3);
        assert_eq!(token_width("", 4), 1);
    }
}
