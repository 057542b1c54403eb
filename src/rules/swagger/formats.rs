//! SW107: `format` values are ones the platform recognizes.

use crate::diagnostic::Target;
use crate::json::Node;
use crate::package::FileId;
use crate::rules::levels::{I, WS};
use crate::rules::swagger::keyword_holders::{Holder, parameter_holders, pick};
use crate::rules::{Rule, RuleContext, declare_rule};

/// rules.md §4 "Formats".
const FORMATS: [&str; 14] = [
    "int32",
    "int64",
    "float",
    "double",
    "byte",
    "binary",
    "date",
    "date-time",
    "password",
    "date-no-tz",
    "email",
    "html",
    "uri",
    "uuid",
];

declare_rule! {
    /// ## What it does
    /// Checks that every `format` of a schema, a parameter or a parameter's `items` is one of
    /// the formats the platform recognizes: `int32`, `int64`, `float`, `double`, `byte`,
    /// `binary`, `date`, `date-time`, `password`, `date-no-tz`, `email`, `html`, `uri`,
    /// `uuid`. Properties named `format` are not keywords and are not checked.
    ///
    /// ## Why is this bad?
    /// The designer picks the input control and the output conversion from `type` and
    /// `format`. An unknown format (`guid`, `phone`, `integer`) is ignored at best, and the
    /// Swagger Validator reports it (*UnrecognizedTypeFormat*).
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {},
    ///   "definitions": {
    ///     "Item": {
    ///       "type": "object",
    ///       "properties": { "id": { "type": "string", "format": "guid" } }
    ///     }
    ///   }
    /// }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {},
    ///   "definitions": {
    ///     "Item": {
    ///       "type": "object",
    ///       "properties": { "id": { "type": "string", "format": "uuid" } }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Fix Swagger Validator errors* (SVR: *UnrecognizedTypeFormat*); the repository's
    /// `schemas/apiDefinition.swagger.schema.json` (SCH-S) lists the formats.
    pub(crate) Formats {
        code: "SW107",
        name: "formats",
        family: SW,
        category: Certification,
        levels: [WS, WS, I],
        summary: "`format` is one of the formats the platform recognizes",
    }
}

impl Rule for Formats {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        // One pass over each schema's members finds `format` and `$ref`: this visits every
        // schema.
        for schema in view.schemas() {
            let ([format], reference) = pick(schema.node, ["format"]);
            if !reference && let Some(format) = format {
                check_format(cx, file, &Holder::schema(schema), format);
            }
        }
        for holder in parameter_holders(view) {
            if let Some(format) = holder.node.get("format") {
                check_format(cx, file, &holder, format);
            }
        }
    }
}

fn check_format(cx: &mut RuleContext<'_>, file: FileId, holder: &Holder<'_, '_>, format: &Node) {
    let Some(format) = format.as_str() else {
        return;
    };
    if FORMATS.contains(&format) {
        return;
    }
    let message = if format.is_empty() {
        "`format` is an empty string".to_owned()
    } else {
        format!("`format` `{format}` is not a recognized format")
    };
    cx.report(
        file,
        Target::value(&holder.pointer().child("format")),
        message,
    )
    .help(suggestion(format));
}

/// What to write instead of an unknown format.
fn suggestion(format: &str) -> String {
    if format.trim().is_empty() {
        return "remove the empty `format`".to_owned();
    }
    if matches!(
        format,
        "string" | "integer" | "number" | "boolean" | "array" | "object"
    ) {
        return format!(
            "remove `format`: `{format}` is a `type`, not a format (integers take `int32` or `int64`, numbers `float` or `double`)"
        );
    }
    let lower = format.to_ascii_lowercase();
    let squashed: String = lower.chars().filter(char::is_ascii_alphanumeric).collect();
    let known = FORMATS
        .iter()
        .find(|known| {
            known.eq_ignore_ascii_case(format)
                || known
                    .chars()
                    .filter(char::is_ascii_alphanumeric)
                    .collect::<String>()
                    == squashed
        })
        .copied()
        .or(match squashed.as_str() {
            "guid" => Some("uuid"),
            "url" | "uriref" | "urireference" | "iri" => Some("uri"),
            "int" => Some("int32"),
            "long" => Some("int64"),
            "datetimeoffset" | "timestamp" => Some("date-time"),
            "base64" => Some("byte"),
            _ => None,
        });
    match known {
        Some(known) => format!("use `\"format\": \"{known}\"`"),
        None => format!(
            "use one of {}, or remove `format`",
            FORMATS
                .iter()
                .map(|f| format!("`{f}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}
