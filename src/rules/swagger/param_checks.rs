//! SW074–SW076: path parameters against the path template, and internal parameters' defaults.

use foldhash::{HashSet, HashSetExt};

use crate::diagnostic::{Severity, Target};
use crate::rules::levels::{E, W};
use crate::rules::swagger::param_strings::{describe, describe_as, effective_once};
use crate::rules::{Rule, RuleContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks that every `in: path` parameter says `"required": true`.
    ///
    /// ## Why is this bad?
    /// A path parameter fills a `{…}` segment of the URL, so the request cannot be built
    /// without it. Swagger 2.0 requires `required: true` on path parameters, and the Swagger
    /// Validator rejects the file (*PathParameterMustBeRequired*).
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {
    ///     "/items/{id}": {
    ///       "get": {
    ///         "operationId": "GetItem",
    ///         "parameters": [{ "name": "id", "in": "path", "type": "string" }],
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
    ///     "/items/{id}": {
    ///       "get": {
    ///         "operationId": "GetItem",
    ///         "parameters": [{ "name": "id", "in": "path", "required": true, "type": "string" }],
    ///         "responses": { "200": { "description": "OK" } }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Fix Swagger Validator errors* (*PathParameterMustBeRequired*); Swagger 2.0
    /// specification, Parameter Object.
    pub(crate) PathParamRequired {
        code: "SW074",
        name: "path-param-required",
        family: SW,
        category: Certification,
        levels: [E, E, E],
        summary: "path parameters are `required: true`",
    }
}

impl Rule for PathParamRequired {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        for (op, parameter) in effective_once(view) {
            if parameter.location() != Some("path") || parameter.is_required() {
                continue;
            }
            let target = if parameter.node.get("required").is_some() {
                Target::value(&parameter.pointer.child("required"))
            } else {
                Target::missing(&parameter.pointer, "required")
            };
            cx.report(
                file,
                target,
                format!(
                    "{} is `in: path` but not `required: true`",
                    describe(op, parameter)
                ),
            )
            .help("set `\"required\": true`: a path parameter fills a segment of the URL");
        }
    }
}

/// The `{name}` variables of a path template, in order. An unclosed `{` ends the scan (SW040
/// reports the template's syntax).
pub(crate) fn template_variables(path: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            break;
        };
        let name = &after[..close];
        if !name.is_empty() {
            out.push(name);
        }
        rest = &after[close + 1..];
    }
    out
}

declare_rule! {
    /// ## What it does
    /// Checks that each `{variable}` of a path template has an `in: path` parameter of that
    /// name among the operation's effective parameters (its own, plus the path item's it does
    /// not override), and that every `in: path` parameter names a variable of the template.
    /// Names are compared exactly.
    ///
    /// ## Why is this bad?
    /// A variable without a parameter leaves a literal `{id}` in the request URL; a path
    /// parameter without a variable is asked of the user and then never sent. The Swagger
    /// Validator rejects both (*OperationMissingPathParameter*,
    /// *PathParameterNotDefinedInTemplate*).
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {
    ///     "/items/{itemId}": {
    ///       "get": {
    ///         "operationId": "GetItem",
    ///         "parameters": [{ "name": "id", "in": "path", "required": true, "type": "string" }],
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
    ///     "/items/{itemId}": {
    ///       "get": {
    ///         "operationId": "GetItem",
    ///         "parameters": [{ "name": "itemId", "in": "path", "required": true, "type": "string" }],
    ///         "responses": { "200": { "description": "OK" } }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Fix Swagger Validator errors* (*OperationMissingPathParameter*,
    /// *PathParameterNotDefinedInTemplate*).
    pub(crate) PathTemplateMatch {
        code: "SW075",
        name: "path-template-match",
        family: SW,
        category: Certification,
        levels: [E, E, E],
        summary: "path template variables and `in: path` parameters match",
    }
}

impl Rule for PathTemplateMatch {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        // A listed parameter without its variable is reported once per place it is listed (a
        // path-item parameter is shared by the item's operations, which share the template).
        let mut reported: HashSet<String> = HashSet::new();
        for op in view.operations() {
            let variables = template_variables(op.path);
            let path_parameters: Vec<_> = op
                .parameters
                .iter()
                .filter(|p| p.location() == Some("path"))
                .collect();
            let mut missing_seen: HashSet<&str> = HashSet::new();
            for variable in &variables {
                if path_parameters.iter().any(|p| p.name() == Some(variable))
                    || !missing_seen.insert(variable)
                {
                    continue;
                }
                cx.report(
                    file,
                    Target::key(&op.pointer),
                    format!(
                        "{} has no `in: path` parameter for `{{{variable}}}` of `{}`",
                        op.label(),
                        op.path
                    ),
                )
                .help(format!(
                    "add a parameter `{{\"name\": \"{variable}\", \"in\": \"path\", \"required\": true, \"type\": \"string\"}}` \
                     to the operation or its path item"
                ));
            }
            for parameter in path_parameters {
                let Some(name) = parameter.name() else {
                    continue;
                };
                if variables.contains(&name)
                    || !reported.insert(parameter.listed_at.as_str().to_owned())
                {
                    continue;
                }
                // A shared `#/parameters/X` entry may be right for other paths: point at the
                // listing here, not at the definition.
                let target = if parameter.from_ref {
                    Target::value(&parameter.listed_at)
                } else {
                    Target::value(&parameter.pointer.child("name"))
                };
                cx.report(
                    file,
                    target,
                    format!(
                        "{} is `in: path`, but `{}` has no `{{{name}}}`",
                        describe(op, parameter),
                        op.path
                    ),
                )
                .help(format!(
                    "add `{{{name}}}` to the path, rename the parameter to match a variable, or change its `in`"
                ));
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Checks that an internal (`"x-ms-visibility": "internal"`), required, non-body parameter
    /// has a `default`. An internal parameter that has a `default` but is optional is reported
    /// as a warning.
    ///
    /// ## Why is this bad?
    /// Users never see an internal parameter, so its `default` is the only value it can ever
    /// have: a required internal parameter without one makes every call fail. An optional one
    /// may be left out of the request altogether, so its `default` is not reliably sent. The
    /// Swagger Validator reports both (*PropertyMustBeRequired*,
    /// *InternalPropertyWithDefaultOptional*).
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
    ///           { "name": "api-version", "in": "query", "required": true, "type": "string", "x-ms-visibility": "internal" }
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
    ///           { "name": "api-version", "in": "query", "required": true, "type": "string", "default": "2024-01-01", "x-ms-visibility": "internal" }
    ///         ],
    ///         "responses": { "200": { "description": "OK" } }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Extend an OpenAPI definition* (`x-ms-visibility`); *Fix Swagger Validator errors*
    /// (*PropertyMustBeRequired*, *InternalPropertyWithDefaultOptional*).
    pub(crate) InternalRequiredDefault {
        code: "SW076",
        name: "internal-required-default",
        family: SW,
        category: Certification,
        levels: [E, E, W],
        summary: "an internal, required parameter has a `default`",
    }
}

impl Rule for InternalRequiredDefault {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        for (op, parameter) in effective_once(view) {
            if parameter.is_body() || !parameter.is_internal() {
                continue;
            }
            let has_default = parameter.node.get("default").is_some();
            if parameter.is_required() && !has_default {
                cx.report(
                    file,
                    Target::missing(&parameter.pointer, "default"),
                    format!(
                        "{} is required but has no `default`",
                        describe_as(op, parameter, "internal")
                    ),
                )
                .help(
                    "add the `default` to send: users cannot see or fill in an internal parameter",
                );
            } else if !parameter.is_required() && has_default {
                let target = if parameter.node.get("required").is_some() {
                    Target::value(&parameter.pointer.child("required"))
                } else {
                    Target::missing(&parameter.pointer, "required")
                };
                cx.report(
                    file,
                    target,
                    format!(
                        "{} has a `default` but is not required",
                        describe_as(op, parameter, "internal")
                    ),
                )
                .help("set `\"required\": true` so that the `default` is always sent")
                .at_most(Severity::Warning);
            }
        }
    }
}
