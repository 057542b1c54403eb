//! `--format json`: the versioned report of cli.md, validated by `report.schema.json`.

use std::io::{self, Write};

use serde::Serialize;

use super::{Counts, Report};

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    tool: Tool,
    packages: Vec<Package<'a>>,
    diagnostics: Vec<Diagnostic<'a>>,
    counts: Counts,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    errors: Vec<PathError<'a>>,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Package<'a> {
    path: &'a str,
    kind: &'static str,
    profile: &'static str,
    counts: Counts,
}

#[derive(Serialize)]
struct Diagnostic<'a> {
    code: &'static str,
    name: &'static str,
    severity: &'static str,
    message: &'a str,
    package: &'a str,
    file: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pointer: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    range: Option<Range>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    url: String,
}

#[derive(Serialize)]
struct Range {
    start: Position,
    end: Position,
}

#[derive(Serialize)]
struct Position {
    line: u32,
    column: u32,
}

#[derive(Serialize)]
struct PathError<'a> {
    path: &'a str,
    message: &'a str,
}

/// Writes the report as one JSON document followed by a newline.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let document = Document {
        version: 1,
        tool: Tool {
            name: "pcpkg",
            version: env!("CARGO_PKG_VERSION"),
        },
        packages: report
            .packages
            .iter()
            .map(|p| Package {
                path: &p.path,
                kind: p.mode.kind(),
                profile: p.profile.as_str(),
                counts: p.counts(),
            })
            .collect(),
        diagnostics: report
            .packages
            .iter()
            .flat_map(|p| p.diagnostics.iter().map(move |d| (p, d)))
            .map(|(p, d)| Diagnostic {
                code: d.rule.code,
                name: d.rule.name,
                severity: d.severity.as_str(),
                message: &d.message,
                package: &p.path,
                file: &d.path,
                pointer: d.pointer.as_ref().map(crate::json::Pointer::as_str),
                range: d.span.map(|s| Range {
                    start: Position {
                        line: s.start.line,
                        column: s.start.column,
                    },
                    end: Position {
                        line: s.end.line,
                        column: s.end.column,
                    },
                }),
                help: d.help.as_deref(),
                url: d.rule.url(),
            })
            .collect(),
        counts: report.counts(),
        errors: report
            .errors
            .iter()
            .map(|e| PathError {
                path: &e.path,
                message: &e.message,
            })
            .collect(),
    };
    // Buffered in a writer of a concrete type: serde_json writing each token through `dyn Write`
    // took longer than the serialisation itself on a whole-corpus report.
    let mut buffered = io::BufWriter::with_capacity(64 * 1024, out);
    serde_json::to_writer_pretty(&mut buffered, &document).map_err(io::Error::other)?;
    writeln!(buffered)?;
    buffered.flush()
}
