//! SW078, SW079: where `x-ms-url-encoding` belongs (path parameters only).

use crate::diagnostic::Target;
use crate::rules::levels::{I, OFF, W};
use crate::rules::swagger::param_strings::{describe_as, effective_once};
use crate::rules::{Rule, RuleContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks that no `in: query` parameter declares `x-ms-url-encoding`.
    ///
    /// ## Why is this bad?
    /// `x-ms-url-encoding` (`single` or `double`) controls how a value is encoded into a path
    /// segment. Query values are always encoded once by the runtime, so the extension is
    /// ignored there and misleads readers; the Swagger Validator warns
    /// (*QueryParameterEncodingNotSupported*).
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
    ///           { "name": "q", "in": "query", "type": "string", "x-ms-url-encoding": "double" }
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
    ///         "parameters": [{ "name": "q", "in": "query", "type": "string" }],
    ///         "responses": { "200": { "description": "OK" } }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Fix Swagger Validator errors* (*QueryParameterEncodingNotSupported*); *Extend an
    /// OpenAPI definition* (`x-ms-url-encoding`).
    pub(crate) QueryEncoding {
        code: "SW078",
        name: "query-encoding",
        family: SW,
        category: Certification,
        levels: [W, W, I],
        summary: "query parameters have no `x-ms-url-encoding`",
    }
}

impl Rule for QueryEncoding {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        for (op, parameter) in effective_once(view) {
            if parameter.location() != Some("query")
                || parameter.node.get("x-ms-url-encoding").is_none()
            {
                continue;
            }
            cx.report(
                file,
                Target::key(&parameter.pointer.child("x-ms-url-encoding")),
                format!(
                    "{} declares `x-ms-url-encoding`",
                    describe_as(op, parameter, "query")
                ),
            )
            .help("remove `x-ms-url-encoding`: it applies to path parameters only");
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Checks that every `in: path` parameter declares `x-ms-url-encoding` (`single` or
    /// `double`).
    ///
    /// ## Why is this bad?
    /// A path value holding `/`, `%` or `+` can be decoded by a proxy before it reaches the
    /// service; `double` encoding avoids that, `single` states that it is not needed. Without the
    /// extension the runtime picks `single` silently, and the Swagger Validator notes it
    /// (*PathParameterMissingEncoding*). This is advice: most accepted connectors leave it out.
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {
    ///     "/files/{path}": {
    ///       "get": {
    ///         "operationId": "GetFile",
    ///         "parameters": [{ "name": "path", "in": "path", "required": true, "type": "string" }],
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
    ///     "/files/{path}": {
    ///       "get": {
    ///         "operationId": "GetFile",
    ///         "parameters": [
    ///           { "name": "path", "in": "path", "required": true, "type": "string", "x-ms-url-encoding": "double" }
    ///         ],
    ///         "responses": { "200": { "description": "OK" } }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Fix Swagger Validator errors* (*PathParameterMissingEncoding*, advisory); *Extend
    /// an OpenAPI definition* (`x-ms-url-encoding`).
    pub(crate) PathEncoding {
        code: "SW079",
        name: "path-encoding",
        family: SW,
        category: Style,
        levels: [I, I, OFF],
        summary: "path parameters declare `x-ms-url-encoding`",
    }
}

impl Rule for PathEncoding {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        for (op, parameter) in effective_once(view) {
            if parameter.location() != Some("path")
                || parameter.node.get("x-ms-url-encoding").is_some()
            {
                continue;
            }
            cx.report(
                file,
                Target::missing(&parameter.pointer, "x-ms-url-encoding"),
                format!(
                    "{} does not declare `x-ms-url-encoding`",
                    describe_as(op, parameter, "path")
                ),
            )
            .help("add `\"x-ms-url-encoding\": \"double\"` if values may contain `/`, otherwise `\"single\"`");
        }
    }
}
