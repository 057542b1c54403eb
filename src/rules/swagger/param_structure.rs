//! SW077: the shape of an operation's parameter lists.

use foldhash::{HashSet, HashSetExt};

use crate::diagnostic::Target;
use crate::json::{Node, Pointer};
use crate::package::swagger::{Operation, Parameter};
use crate::rules::levels::E;
use crate::rules::swagger::param_strings::{describe, describe_as};
use crate::rules::{Rule, RuleContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks the structure of each operation's parameters:
    /// - at most one `in: body` parameter, and no body parameter beside `in: formData` ones;
    /// - no body or `formData` parameter on a GET operation;
    /// - the body parameter has a `schema`, and no other parameter has one;
    /// - `type: file` only on `formData` parameters;
    /// - no parameter named `connectionId` (the platform reserves it);
    /// - no two parameters with the same `name` and `in` in one list (the path item's list and
    ///   the operation's list are checked separately: an operation parameter overriding a
    ///   path-item one is allowed);
    /// - `formData` parameter names are ASCII.
    ///
    /// ## Why is this bad?
    /// Each of these makes the request impossible to build as described: a request has one
    /// body, which is either JSON (`body`) or a form (`formData`); GET requests carry no body
    /// through the connector runtime; the platform fills `connectionId` itself. The Swagger
    /// Validator rejects each case.
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
    ///           { "name": "filter", "in": "body", "schema": { "type": "object", "properties": { "status": { "type": "string" } } } }
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
    ///           { "name": "status", "in": "query", "type": "string", "x-ms-summary": "Status", "description": "Only items with this status." }
    ///         ],
    ///         "responses": { "200": { "description": "OK" } }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Fix Swagger Validator errors* (nine parameter codes); Swagger 2.0 specification,
    /// Parameter Object.
    pub(crate) ParamStructure {
        code: "SW077",
        name: "param-structure",
        family: SW,
        category: Certification,
        levels: [E, E, E],
        summary: "an operation's parameter lists are well formed",
    }
}

/// Findings already made, by place and sub-check: shared parameters and path-item lists are
/// seen once per operation that uses them.
#[derive(Default)]
struct Seen(HashSet<(String, &'static str)>);

impl Seen {
    fn first(&mut self, pointer: &Pointer, check: &'static str) -> bool {
        self.0.insert((pointer.as_str().to_owned(), check))
    }
}

impl Rule for ParamStructure {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        let mut seen = Seen::default();
        for op in view.operations() {
            let bodies: Vec<&Parameter<'_>> =
                op.parameters.iter().filter(|p| p.is_body()).collect();
            for extra in bodies.iter().skip(1) {
                if seen.first(&extra.listed_at, "bodies") {
                    cx.report(
                        file,
                        Target::value(&extra.listed_at),
                        format!(
                            "{} has a second body parameter, {}",
                            op.label(),
                            quoted_name(extra)
                        ),
                    )
                    .help("a request has one body: merge the body parameters into one `schema`");
                }
            }
            let form: Vec<&Parameter<'_>> = op
                .parameters
                .iter()
                .filter(|p| p.location() == Some("formData"))
                .collect();
            if let (Some(_), Some(first_form)) = (bodies.first(), form.first())
                && seen.first(&first_form.listed_at, "mix")
            {
                cx.report(
                    file,
                    Target::value(&first_form.listed_at),
                    format!(
                        "{} has both a body parameter and `formData` parameters",
                        op.label()
                    ),
                )
                .help("use either one `in: body` parameter (JSON) or `in: formData` parameters (a form), not both");
            }
            if op.method == "get" {
                for parameter in bodies.iter().chain(&form) {
                    if seen.first(&parameter.listed_at, "get") {
                        cx.report(
                            file,
                            Target::value(&parameter.listed_at),
                            format!(
                                "{} is a GET but has an `in: {}` parameter, {}",
                                op.label(),
                                parameter.location().unwrap_or_default(),
                                quoted_name(parameter)
                            ),
                        )
                        .help("send the values as `in: query` parameters, or make the operation a POST if the API expects a body");
                    }
                }
            }
            check_duplicates(cx, file, op, &op.path_item_parameters, &mut seen);
            check_duplicates(cx, file, op, &op.own_parameters, &mut seen);
            for parameter in op.path_item_parameters.iter().chain(&op.own_parameters) {
                if seen.first(&parameter.pointer, "own") {
                    check_parameter(cx, file, op, parameter);
                }
            }
        }
    }
}

/// `` `filter` `` or `one without a name`.
fn quoted_name(parameter: &Parameter<'_>) -> String {
    match parameter.name() {
        Some(name) => format!("`{name}`"),
        None => "one without `name`".to_owned(),
    }
}

/// The same (name, in) twice in one list.
fn check_duplicates(
    cx: &mut RuleContext<'_>,
    file: crate::package::FileId,
    op: &Operation<'_>,
    list: &[Parameter<'_>],
    seen: &mut Seen,
) {
    let mut pairs: HashSet<(&str, &str)> = HashSet::new();
    for parameter in list {
        let (Some(name), Some(location)) = (parameter.name(), parameter.location()) else {
            continue;
        };
        if pairs.insert((name, location)) || !seen.first(&parameter.listed_at, "duplicate") {
            continue;
        }
        let place = if parameter.from_path_item {
            format!("path item `{}`", op.path)
        } else {
            op.label()
        };
        cx.report(
            file,
            Target::value(&parameter.listed_at),
            format!("{place} lists parameter `{name}` `in: {location}` twice"),
        )
        .help("remove the duplicate: each (`name`, `in`) pair may appear once in a parameter list");
    }
}

/// The checks that concern one Parameter Object on its own.
fn check_parameter(
    cx: &mut RuleContext<'_>,
    file: crate::package::FileId,
    op: &Operation<'_>,
    parameter: &Parameter<'_>,
) {
    let node = parameter.node;
    let pointer = &parameter.pointer;
    let location = parameter.location();
    if parameter.is_body() {
        if node.get("schema").is_none() {
            cx.report(
                file,
                Target::missing(pointer, "schema"),
                format!("{} has no `schema`", describe_as(op, parameter, "body")),
            )
            .help(
                "describe the request body with a `schema` (for example a `$ref` to a definition)",
            );
        }
    } else if node.get("schema").is_some() {
        cx.report(
            file,
            Target::key(&pointer.child("schema")),
            format!(
                "{} is not `in: body` but has a `schema`",
                describe(op, parameter)
            ),
        )
        .help("only a body parameter has a `schema`; give other parameters a `type` (and `items` for arrays)");
    }
    if node.get("type").and_then(Node::as_str) == Some("file") && location != Some("formData") {
        cx.report(
            file,
            Target::value(&pointer.child("type")),
            format!(
                "{} has `type: file` but is not `in: formData`",
                describe(op, parameter)
            ),
        )
        .help("`type: file` is only valid on `in: formData` parameters; send file content in a body with `format: binary` instead");
    }
    let name = parameter.name();
    if name == Some("connectionId") {
        cx.report(
            file,
            Target::value(&pointer.child("name")),
            format!(
                "{} has a name the platform reserves",
                describe(op, parameter)
            ),
        )
        .help("rename the parameter: the platform supplies `connectionId` itself");
    }
    if location == Some("formData")
        && let Some(name) = name
        && !name.is_ascii()
    {
        cx.report(
            file,
            Target::value(&pointer.child("name")),
            format!(
                "{} has a name that is not ASCII",
                describe_as(op, parameter, "`formData`")
            ),
        )
        .help(
            "use only ASCII characters in form field names; put the display text in `x-ms-summary`",
        );
    }
}
