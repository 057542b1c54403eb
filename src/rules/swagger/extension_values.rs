//! Allowed values of Microsoft extensions: SW100 (visibility-values), SW101 (trigger-values),
//! SW102 (url-encoding-values) and SW104 (pageable). Values are compared exactly (rules.md §4).

use crate::diagnostic::Target;
use crate::json::{Node, Pointer};
use crate::package::swagger::{Schema, Swagger};
use crate::rules::levels::{E, W};
use crate::rules::swagger::swagger_version::describe;
use crate::rules::{Rule, RuleContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks that every `x-ms-visibility` — on an operation, a parameter or a schema — is
    /// `important`, `advanced` or `internal`, written in lower case.
    ///
    /// ## Why is this bad?
    /// The value is compared exactly. `Advanced` or an empty string is not one of the three
    /// values: the Swagger Validator rejects it, and the designer does not hide the field or
    /// action as intended.
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {
    ///     "/tasks": {
    ///       "get": {
    ///         "operationId": "ListTasks",
    ///         "x-ms-visibility": "Advanced",
    ///         "responses": { "200": { "description": "The tasks." } }
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
    ///     "/tasks": {
    ///       "get": {
    ///         "operationId": "ListTasks",
    ///         "x-ms-visibility": "advanced",
    ///         "responses": { "200": { "description": "The tasks." } }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Extend an OpenAPI definition* (`x-ms-visibility`); the repository schema
    /// `schemas/apiDefinition.swagger.schema.json`.
    pub(crate) VisibilityValues {
        code: "SW100",
        name: "visibility-values",
        family: SW,
        category: Certification,
        levels: [E, E, E],
        summary: "`x-ms-visibility` is `important`, `advanced` or `internal`",
    }
}

declare_rule! {
    /// ## What it does
    /// Checks that an operation's `x-ms-trigger` is `single` or `batch`, and that its
    /// `x-ms-trigger-metadata` is `{ "kind": "query", "mode": "polling" }`.
    ///
    /// ## Why is this bad?
    /// These are the only values the platform knows. Any other value makes the operation an
    /// unusable trigger, and the Swagger Validator rejects it.
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {
    ///     "/tasks/new": {
    ///       "get": {
    ///         "operationId": "OnNewTask",
    ///         "x-ms-trigger": "polling",
    ///         "responses": { "200": { "description": "The new tasks." } }
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
    ///     "/tasks/new": {
    ///       "get": {
    ///         "operationId": "OnNewTask",
    ///         "x-ms-trigger": "batch",
    ///         "x-ms-trigger-metadata": { "kind": "query", "mode": "polling" },
    ///         "responses": { "200": { "description": "The new tasks." } }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Extend an OpenAPI definition* (`x-ms-trigger`, `x-ms-trigger-metadata`); the
    /// repository schema `schemas/apiDefinition.swagger.schema.json`.
    pub(crate) TriggerValues {
        code: "SW101",
        name: "trigger-values",
        family: SW,
        category: Certification,
        levels: [E, E, E],
        summary: "`x-ms-trigger` is `single` or `batch`; `x-ms-trigger-metadata` is `{kind: query, mode: polling}`",
    }
}

declare_rule! {
    /// ## What it does
    /// Checks that every parameter's `x-ms-url-encoding` is `single` or `double`.
    ///
    /// ## Why is this bad?
    /// Those are the only encodings the platform applies to a path parameter. Another value is
    /// rejected by the Swagger Validator, or ignored, and a value containing `/` or `%` then
    /// reaches the API encoded the wrong way.
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
    ///         "parameters": [{ "name": "path", "in": "path", "required": true, "type": "string", "x-ms-url-encoding": "none" }],
    ///         "responses": { "200": { "description": "The file." } }
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
    ///         "parameters": [{ "name": "path", "in": "path", "required": true, "type": "string", "x-ms-url-encoding": "double" }],
    ///         "responses": { "200": { "description": "The file." } }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Extend an OpenAPI definition* (`x-ms-url-encoding`); the repository schema
    /// `schemas/apiDefinition.swagger.schema.json`.
    pub(crate) UrlEncodingValues {
        code: "SW102",
        name: "url-encoding-values",
        family: SW,
        category: Certification,
        levels: [E, E, E],
        summary: "`x-ms-url-encoding` is `single` or `double`",
    }
}

declare_rule! {
    /// ## What it does
    /// Checks that an operation's `x-ms-pageable` names its next-page link with
    /// `nextLinkName` set to `nextLink` or `@odata.nextLink` (case-sensitive).
    ///
    /// ## Why is this bad?
    /// The platform follows only these two link names when it pages through results; the
    /// Swagger Validator rejects any other (*InvalidNextLinkNameValue*), and with a wrong name
    /// flows silently get only the first page.
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {
    ///     "/tasks": {
    ///       "get": {
    ///         "operationId": "ListTasks",
    ///         "x-ms-pageable": { "nextLinkName": "nextlink" },
    ///         "responses": { "200": { "description": "The tasks." } }
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
    ///     "/tasks": {
    ///       "get": {
    ///         "operationId": "ListTasks",
    ///         "x-ms-pageable": { "nextLinkName": "nextLink" },
    ///         "responses": { "200": { "description": "The tasks." } }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Fix Swagger Validator errors* (SVR): *InvalidNextLinkNameValue*.
    pub(crate) Pageable {
        code: "SW104",
        name: "pageable",
        family: SW,
        category: Certification,
        levels: [E, E, W],
        summary: "`x-ms-pageable.nextLinkName` is `nextLink` or `@odata.nextLink`",
    }
}

const VISIBILITY: [&str; 3] = ["important", "advanced", "internal"];
const TRIGGER: [&str; 2] = ["single", "batch"];
const URL_ENCODING: [&str; 2] = ["single", "double"];
const NEXT_LINK: [&str; 2] = ["nextLink", "@odata.nextLink"];

/// Every Parameter Object once: path-item and operation parameter lists, and the root
/// `parameters` (a parameter used through `$ref` is listed once, at `/parameters/X`).
pub(super) fn parameter_objects<'v, 'a>(
    view: &'v Swagger<'a>,
) -> impl Iterator<Item = (&'a Node, &'v Pointer)> {
    // The view lists each Parameter Object once, at its own position.
    view.parameter_objects()
        .iter()
        .map(|(pointer, node)| (*node, pointer))
}

/// A finding about a value: `"Advanced"` is not `important`, `advanced` or `internal` (with a
/// hint when only the case differs).
struct Verdict {
    message: String,
    help: String,
}

/// `` `a` ``, `` `a` or `b` ``, `` `a`, `b` or `c` ``.
fn one_of(allowed: &[&str]) -> String {
    let quoted: Vec<String> = allowed.iter().map(|a| format!("`{a}`")).collect();
    match quoted.split_last() {
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// Judges `value` against the allowed strings; `subject` names it in the message
/// (`` `x-ms-visibility` ``).
fn judge(subject: &str, value: &Node, allowed: &[&str], hint: &str) -> Option<Verdict> {
    if value.as_str().is_some_and(|text| allowed.contains(&text)) {
        return None;
    }
    // Built only for a finding: most values are allowed.
    let list = one_of(allowed);
    match value.as_str() {
        Some(text) => {
            if let Some(fixed) = allowed.iter().find(|a| a.eq_ignore_ascii_case(text.trim())) {
                Some(Verdict {
                    message: format!("{subject} is `\"{text}\"`; its values are case-sensitive"),
                    help: format!("write `\"{fixed}\"`"),
                })
            } else if text.trim().is_empty() {
                Some(Verdict {
                    message: format!("{subject} is empty"),
                    help: format!("use {list}, or remove it{hint}"),
                })
            } else {
                Some(Verdict {
                    message: format!("{subject} is `\"{text}\"`, not {list}"),
                    help: format!("use {list}{hint}"),
                })
            }
        }
        None => Some(Verdict {
            message: format!("{subject} is {}, not a string", describe(value)),
            help: format!("use {list}, as a string{hint}"),
        }),
    }
}

impl Rule for VisibilityValues {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        const KEY: &str = "x-ms-visibility";
        const HINT: &str = " (`important` always shows it, `advanced` hides it under advanced options, `internal` hides it from users)";
        let operations = view
            .operations()
            .iter()
            .map(|op| (op.node, Place::Pointer(&op.pointer)));
        let parameters =
            parameter_objects(view).map(|(node, pointer)| (node, Place::Pointer(pointer)));
        let schemas = view.schemas().iter().map(|s| (s.node, Place::Schema(s)));
        // Operations, Parameter Objects and schemas are each listed once, at their own position.
        for (node, place) in operations.chain(parameters).chain(schemas) {
            let Some(value) = node.get(KEY) else {
                continue;
            };
            if let Some(verdict) = judge("`x-ms-visibility`", value, &VISIBILITY, HINT) {
                // A schema's pointer is worked out only now, when there is something to report.
                let pointer = match place {
                    Place::Pointer(pointer) => pointer.child(KEY),
                    Place::Schema(schema) => schema.pointer().child(KEY),
                };
                cx.report(file, Target::value(&pointer), verdict.message)
                    .help(verdict.help);
            }
        }
    }
}

/// Where an object holding an extension is.
enum Place<'v, 'a> {
    Pointer(&'v Pointer),
    Schema(&'v Schema<'a>),
}

impl Rule for TriggerValues {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        for operation in view.operations() {
            if let Some(value) = operation.node.get("x-ms-trigger")
                && let Some(verdict) = judge(
                    "`x-ms-trigger`",
                    value,
                    &TRIGGER,
                    " (`single` when the response is one item, `batch` when it is an array of items)",
                )
            {
                cx.report(
                    file,
                    Target::value(&operation.pointer.child("x-ms-trigger")),
                    verdict.message,
                )
                .help(verdict.help);
            }
            let Some(metadata) = operation.node.get("x-ms-trigger-metadata") else {
                continue;
            };
            let pointer = operation.pointer.child("x-ms-trigger-metadata");
            if !metadata.is_object() {
                cx.report(
                    file,
                    Target::value(&pointer),
                    format!(
                        "`x-ms-trigger-metadata` is {}, not an object",
                        describe(metadata)
                    ),
                )
                .help("write `\"x-ms-trigger-metadata\": { \"kind\": \"query\", \"mode\": \"polling\" }`");
                continue;
            }
            for (key, expected) in [("kind", "query"), ("mode", "polling")] {
                match metadata.get(key) {
                    None => {
                        cx.report(
                            file,
                            Target::missing(&pointer, key),
                            format!("`x-ms-trigger-metadata` has no `{key}`"),
                        )
                        .help(format!("add `\"{key}\": \"{expected}\"`"));
                    }
                    Some(value) => {
                        let subject = format!("`x-ms-trigger-metadata.{key}`");
                        if let Some(verdict) = judge(&subject, value, &[expected], "") {
                            cx.report(
                                file,
                                Target::value(&pointer.child(key)),
                                verdict.message,
                            )
                            .help(format!(
                                "write `\"{key}\": \"{expected}\"`: it is the only value the platform knows"
                            ));
                        }
                    }
                }
            }
        }
    }
}

impl Rule for UrlEncodingValues {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        const KEY: &str = "x-ms-url-encoding";
        for (node, pointer) in parameter_objects(view) {
            let Some(value) = node.get(KEY) else {
                continue;
            };
            if let Some(verdict) = judge(
                "`x-ms-url-encoding`",
                value,
                &URL_ENCODING,
                " (`single` encodes the value once, `double` twice, for values that contain `/`)",
            ) {
                cx.report(file, Target::value(&pointer.child(KEY)), verdict.message)
                    .help(verdict.help);
            }
        }
    }
}

impl Rule for Pageable {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        for operation in view.operations() {
            let Some(pageable) = operation.node.get("x-ms-pageable") else {
                continue;
            };
            let pointer = operation.pointer.child("x-ms-pageable");
            if !pageable.is_object() {
                cx.report(
                    file,
                    Target::value(&pointer),
                    format!(
                        "`x-ms-pageable` of {} is {}, not an object",
                        operation.label(),
                        describe(pageable)
                    ),
                )
                .help("write `\"x-ms-pageable\": { \"nextLinkName\": \"nextLink\" }`");
                continue;
            }
            match pageable.get("nextLinkName") {
                None => {
                    cx.report(
                        file,
                        Target::missing(&pointer, "nextLinkName"),
                        format!("`x-ms-pageable` of {} has no `nextLinkName`", operation.label()),
                    )
                    .help("add `\"nextLinkName\": \"nextLink\"` or `\"nextLinkName\": \"@odata.nextLink\"`, or remove `x-ms-pageable` if the operation does not page");
                }
                Some(value) => {
                    let subject = format!("`nextLinkName` of {}", operation.label());
                    if let Some(verdict) = judge(
                        &subject,
                        value,
                        &NEXT_LINK,
                        "; if the API names its next-page link differently, rename it in the response with a policy or custom code",
                    ) {
                        cx.report(
                            file,
                            Target::value(&pointer.child("nextLinkName")),
                            verdict.message,
                        )
                        .help(verdict.help);
                    }
                }
            }
        }
    }
}
