//! SW109: `collectionFormat` values, and `multi` only where it means something.

use crate::diagnostic::Target;
use crate::rules::levels::E;
use crate::rules::swagger::keyword_holders::{HolderKind, parameter_holders, render};
use crate::rules::{Rule, RuleContext, declare_rule};

const FORMATS: [&str; 5] = ["csv", "ssv", "tsv", "pipes", "multi"];

declare_rule! {
    /// ## What it does
    /// Checks `collectionFormat` on parameters and on their `items`: the value is `csv`, `ssv`,
    /// `tsv`, `pipes` or `multi`, and `multi` is used only by a parameter `in: query` or
    /// `in: formData` (not by a path or header parameter, and not inside `items`).
    ///
    /// ## Why is this bad?
    /// `collectionFormat` tells the platform how to serialize an array parameter. Other values
    /// are rejected (*CollectionFormatValueNotSupported*). `multi` repeats the parameter
    /// (`?id=1&id=2`), which only a query string or a form can do.
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {
    ///     "/items": {
    ///       "get": {
    ///         "operationId": "ListItems",
    ///         "parameters": [
    ///           { "name": "ids", "in": "header", "type": "array", "items": { "type": "string" }, "collectionFormat": "multi" }
    ///         ],
    ///         "responses": { "200": { "description": "OK" } }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {
    ///     "/items": {
    ///       "get": {
    ///         "operationId": "ListItems",
    ///         "parameters": [
    ///           { "name": "ids", "in": "header", "type": "array", "items": { "type": "string" }, "collectionFormat": "csv" }
    ///         ],
    ///         "responses": { "200": { "description": "OK" } }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Fix Swagger Validator errors* (SVR: *CollectionFormatValueNotSupported*); the
    /// Swagger 2.0 specification (Parameter Object, Items Object).
    pub(crate) CollectionFormat {
        code: "SW109",
        name: "collection-format",
        family: SW,
        category: Certification,
        levels: [E, E, E],
        summary: "`collectionFormat` is csv, ssv, tsv, pipes or multi, and `multi` only in query or formData",
    }
}

impl Rule for CollectionFormat {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        // Schema Objects have no `collectionFormat`: only parameters and their `items`.
        for holder in parameter_holders(view) {
            let Some(value) = holder.node.get("collectionFormat") else {
                continue;
            };
            let pointer = holder.pointer().child("collectionFormat");
            let Some(text) = value.as_str().filter(|text| FORMATS.contains(text)) else {
                cx.report(
                    file,
                    Target::value(&pointer),
                    format!("`collectionFormat` {} is not supported", render(value)),
                )
                .help("use `csv`, `ssv`, `tsv`, `pipes` or (in query and formData parameters) `multi`");
                continue;
            };
            if text != "multi" {
                continue;
            }
            if holder.kind == HolderKind::Items {
                cx.report(
                    file,
                    Target::value(&pointer),
                    "`collectionFormat` `multi` is not allowed inside `items`",
                )
                .help("only the parameter itself can repeat; use `csv`, `ssv`, `tsv` or `pipes` for nested arrays");
            } else if !matches!(holder.location, Some("query" | "formData")) {
                let location = holder
                    .location
                    .map_or_else(|| "without `in`".to_owned(), |l| format!("`in: {l}`"));
                cx.report(
                    file,
                    Target::value(&pointer),
                    format!("`collectionFormat` `multi` is only valid in query or formData parameters, and this parameter is {location}"),
                )
                .help("use `csv` (or `ssv`, `tsv`, `pipes`) here; `multi` repeats the parameter, which only a query string or a form can do");
            }
        }
    }
}
