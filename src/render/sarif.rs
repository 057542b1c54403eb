//! `--format sarif`: SARIF 2.1.0, with `tool.driver.rules` filled from the registry.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::Report;
use crate::diagnostic::Severity;
use crate::package::Profile;
use crate::rules::{Level, RuleMeta, registry};

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn default_level(meta: &RuleMeta) -> &'static str {
    match meta.level(Profile::Certified) {
        Level::Error => "error",
        Level::WarningStrict | Level::Warning => "warning",
        Level::Info => "note",
        Level::Off => "none",
    }
}

/// The text under `## What it does`, joined into one paragraph.
fn what_it_does(docs: &str) -> String {
    let mut lines = docs.lines().map(|l| l.strip_prefix(' ').unwrap_or(l));
    let mut out = Vec::new();
    if lines.any(|l| l.trim() == "## What it does") {
        for line in lines {
            if line.starts_with("## ") {
                break;
            }
            if !line.trim().is_empty() {
                out.push(line.trim());
            }
        }
    }
    out.join(" ")
}

fn severities(meta: &RuleMeta, strict: bool) -> Value {
    let mut map = serde_json::Map::new();
    for profile in Profile::ALL {
        map.insert(
            profile.as_str().to_owned(),
            json!(meta.level(profile).as_str(strict)),
        );
    }
    Value::Object(map)
}

/// Percent-encodes a display path into a relative URI reference.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/!".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let metas: Vec<&RuleMeta> = registry::metas().collect();
    let rules: Vec<Value> = metas
        .iter()
        .map(|meta| {
            json!({
                "id": meta.code,
                "name": meta.name,
                "shortDescription": { "text": meta.summary },
                "fullDescription": { "text": what_it_does(meta.docs) },
                "helpUri": meta.url(),
                "help": { "text": meta.docs.lines().map(|l| l.strip_prefix(' ').unwrap_or(l)).collect::<Vec<_>>().join("\n") },
                "defaultConfiguration": { "level": default_level(meta) },
                "properties": {
                    "category": meta.category.as_str(),
                    "status": meta.status.as_str(),
                    "severity": severities(meta, false),
                    "strict-severity": severities(meta, true),
                },
            })
        })
        .collect();
    let results: Vec<Value> = report
        .packages
        .iter()
        .flat_map(|p| &p.diagnostics)
        .map(|d| {
            let mut physical = json!({ "artifactLocation": { "uri": uri(&d.path) } });
            if let Some(span) = d.span {
                physical["region"] = json!({
                    "startLine": span.start.line,
                    "startColumn": span.start.column,
                    "endLine": span.end.line,
                    "endColumn": span.end.column,
                });
            }
            let mut location = json!({ "physicalLocation": physical });
            if let Some(pointer) = &d.pointer {
                location["logicalLocations"] =
                    json!([{ "fullyQualifiedName": pointer.as_str(), "kind": "member" }]);
            }
            let mut text = d.message.clone();
            if let Some(help) = &d.help {
                text.push_str(&format!("\nhelp: {help}"));
            }
            json!({
                "ruleId": d.rule.code,
                "ruleIndex": metas.iter().position(|m| m.code == d.rule.code),
                "level": level(d.severity),
                "message": { "text": text },
                "locations": [location],
            })
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "pcpkg",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://pcpkg.dev",
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    serde_json::to_writer_pretty(&mut *out, &log).map_err(io::Error::other)?;
    writeln!(out)
}
