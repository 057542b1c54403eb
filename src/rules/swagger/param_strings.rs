//! SW070–SW073: the strings the designer shows for an operation's inputs. Also holds the
//! parameter helpers the other SW07x rules share (naming a parameter in a message, and the
//! effective parameters with each `#/parameters/X` entry visited once).

use foldhash::{HashMap, HashMapExt};

use crate::diagnostic::Target;
use crate::json::Node;
use crate::package::swagger::{Operation, Parameter, Swagger};
use crate::rules::levels::{E, I, OFF, W, WS};
use crate::rules::{Rule, RuleContext, declare_rule};

/// `` parameter `top` of operation `ListItems` ``, `` parameter `id` of path `/items/{id}` `` or
/// `` shared parameter `top` `` (a `#/parameters/X` entry, reported once for every operation).
pub(super) fn describe(op: &Operation<'_>, parameter: &Parameter<'_>) -> String {
    describe_as(op, parameter, "")
}

/// [`describe`] with an adjective before `parameter`: `` shared query parameter `q` ``.
pub(super) fn describe_as(
    op: &Operation<'_>,
    parameter: &Parameter<'_>,
    adjective: &str,
) -> String {
    // Built in one string: the SW07x rules describe thousands of parameters on the corpus, and
    // a `format!` per piece was most of SW072's time.
    let mut out = String::with_capacity(64);
    let kind = |out: &mut String| {
        if !adjective.is_empty() {
            out.push_str(adjective);
            out.push(' ');
        }
        out.push_str("parameter");
    };
    if parameter.from_ref {
        out.push_str("shared ");
        kind(&mut out);
        match parameter.name() {
            Some(name) => {
                out.push_str(" `");
                out.push_str(name);
                out.push('`');
            }
            None => out.push_str(" without `name`"),
        }
        return out;
    }
    match parameter.name() {
        Some(name) => {
            kind(&mut out);
            out.push_str(" `");
            out.push_str(name);
            out.push('`');
        }
        None => {
            out.push_str("a ");
            kind(&mut out);
            out.push_str(" without `name`");
        }
    }
    if parameter.from_path_item {
        out.push_str(" of path `");
        out.push_str(op.path);
        out.push('`');
    } else {
        out.push_str(" of ");
        out.push_str(&op.label());
    }
    out
}

/// Every operation's effective parameters, each Parameter Object once (a `#/parameters/X` entry
/// or a path-item parameter shared by several operations is visited at its first use).
pub(super) fn effective_once<'v, 'a>(
    view: &'v Swagger<'a>,
) -> impl Iterator<Item = (&'v Operation<'a>, &'v Parameter<'a>)> {
    view.parameters_once()
}

/// A string member counts as present when it exists (SW006 judges its type).
fn has(parameter: &Parameter<'_>, key: &str) -> bool {
    parameter.node.get(key).is_some()
}

declare_rule! {
    /// ## What it does
    /// Checks that every parameter a user fills in (not `in: body`, not
    /// `"x-ms-visibility": "internal"`) has an `x-ms-summary`. Path-item parameters that an
    /// operation overrides are not checked for that operation; a parameter defined once under
    /// `#/parameters` is reported once, there.
    ///
    /// ## Why is this bad?
    /// `x-ms-summary` is the label Power Automate and Power Apps show next to the input. Without
    /// it the designer falls back to the raw parameter name (`$top`, `x-api-key`), and the
    /// Swagger Validator reports *RequiredPropertyMissing* for certified connectors.
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
    ///           { "name": "top", "in": "query", "type": "integer", "description": "How many items to return." }
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
    ///           { "name": "top", "in": "query", "type": "integer", "x-ms-summary": "Top", "description": "How many items to return." }
    ///         ],
    ///         "responses": { "200": { "description": "OK" } }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Fix Swagger Validator errors* (*RequiredPropertyMissing*, reported at
    /// `/parameters/0` in PowerPlatformConnectors#3407).
    pub(crate) ParamXMsSummary {
        code: "SW070",
        name: "param-x-ms-summary",
        family: SW,
        category: Certification,
        levels: [WS, E, I],
        summary: "every non-internal, non-body parameter has `x-ms-summary`",
    }
}

impl Rule for ParamXMsSummary {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        for (op, parameter) in effective_once(view) {
            if parameter.is_body() || parameter.is_internal() || has(parameter, "x-ms-summary") {
                continue;
            }
            cx.report(
                file,
                Target::missing(&parameter.pointer, "x-ms-summary"),
                format!("{} has no `x-ms-summary`", describe(op, parameter)),
            )
            .help(
                "add an `x-ms-summary`: the short label the designer shows for this input \
                 (or mark the parameter `\"x-ms-visibility\": \"internal\"` if users never set it)",
            );
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Checks that every parameter a user fills in (not `in: body`, not
    /// `"x-ms-visibility": "internal"`) has a `description`. Path-item parameters that an
    /// operation overrides are not checked for that operation; a parameter defined once under
    /// `#/parameters` is reported once, there.
    ///
    /// ## Why is this bad?
    /// The `description` is the help text the designer shows for the input. Without it users
    /// must guess what to enter, and the Swagger Validator reports *RequiredPropertyMissing* for
    /// certified connectors.
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
    ///           { "name": "top", "in": "query", "type": "integer", "x-ms-summary": "Top" }
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
    ///           { "name": "top", "in": "query", "type": "integer", "x-ms-summary": "Top", "description": "How many items to return." }
    ///         ],
    ///         "responses": { "200": { "description": "OK" } }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Fix Swagger Validator errors* (*RequiredPropertyMissing*; PowerPlatformConnectors#3407).
    pub(crate) ParamDescription {
        code: "SW071",
        name: "param-description",
        family: SW,
        category: Certification,
        levels: [WS, E, I],
        summary: "every non-internal, non-body parameter has `description`",
    }
}

impl Rule for ParamDescription {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        for (op, parameter) in effective_once(view) {
            if parameter.is_body() || parameter.is_internal() || has(parameter, "description") {
                continue;
            }
            cx.report(
                file,
                Target::missing(&parameter.pointer, "description"),
                format!("{} has no `description`", describe(op, parameter)),
            )
            .help("add a `description`: one sentence telling users what to enter");
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Checks that the body parameter (`in: body`) of each operation has an `x-ms-summary` and a
    /// `description`. Internal body parameters are not checked.
    ///
    /// ## Why is this bad?
    /// The designer flattens the body schema into one input per property, so the body
    /// parameter's own strings are rarely shown, and most accepted connectors omit them. They
    /// still appear when the body is not an object (a raw string or an array) and in generated
    /// documentation, so giving them costs little.
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {
    ///     "/items": {
    ///       "post": {
    ///         "operationId": "CreateItem",
    ///         "parameters": [
    ///           { "name": "body", "in": "body", "schema": { "type": "string" } }
    ///         ],
    ///         "responses": { "201": { "description": "Created" } }
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
    ///       "post": {
    ///         "operationId": "CreateItem",
    ///         "parameters": [
    ///           { "name": "body", "in": "body", "x-ms-summary": "Item", "description": "The text of the new item.", "schema": { "type": "string" } }
    ///         ],
    ///         "responses": { "201": { "description": "Created" } }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Corpus practice: the designer flattens the body schema (rules.md SW072; 349 of 519
    /// accepted certified and independent-publisher connectors lack these strings).
    pub(crate) BodyParamStrings {
        code: "SW072",
        name: "body-param-strings",
        family: SW,
        category: Style,
        levels: [I, I, OFF],
        summary: "the body parameter has `x-ms-summary` and `description`",
    }
}

impl Rule for BodyParamStrings {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        for (op, parameter) in effective_once(view) {
            if !parameter.is_body() || parameter.is_internal() {
                continue;
            }
            // The first missing member, and what the message says is missing.
            let (first, what) = match (
                has(parameter, "x-ms-summary"),
                has(parameter, "description"),
            ) {
                (true, true) => continue,
                (false, true) => ("x-ms-summary", "`x-ms-summary`"),
                (true, false) => ("description", "`description`"),
                (false, false) => ("x-ms-summary", "`x-ms-summary` or `description`"),
            };
            let mut message = describe_as(op, parameter, "body");
            message.push_str(" has no ");
            message.push_str(what);
            cx.report(file, Target::missing(&parameter.pointer, first), message)
            .help("add a short `x-ms-summary` label and a one-sentence `description` of the request body");
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Checks that the `x-ms-summary` of every Parameter Object (listed on an operation or a path
    /// item, or defined under `#/parameters`) is at most 80 characters, counted as Unicode
    /// scalar values. `x-ms-summary` on schema properties and on operations is not checked here.
    ///
    /// ## Why is this bad?
    /// `x-ms-summary` is a label, shown next to the input box. The connector string guidance
    /// limits it to 80 characters; longer text is cut off in the designer. Explanations belong
    /// in `description`.
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
    ///           { "name": "top", "in": "query", "type": "integer", "description": "How many items to return.",
    ///             "x-ms-summary": "The maximum number of items that the service returns in a single page of search results" }
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
    ///           { "name": "top", "in": "query", "type": "integer", "x-ms-summary": "Page size",
    ///             "description": "The maximum number of items that the service returns in a single page of results." }
    ///         ],
    ///         "responses": { "200": { "description": "OK" } }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Connector string guidance* (CSG).
    pub(crate) ParamSummaryMax80 {
        code: "SW073",
        name: "param-summary-max-80",
        family: SW,
        category: Certification,
        levels: [E, E, W],
        summary: "a parameter's `x-ms-summary` is at most 80 characters",
    }
}

/// The longest `x-ms-summary` a parameter may have (rules.md SW073).
const MAX_SUMMARY: usize = 80;

impl Rule for ParamSummaryMax80 {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        let too_long = |node: &Node| {
            node.get("x-ms-summary")
                .and_then(Node::as_str)
                .is_some_and(|s| s.chars().count() > MAX_SUMMARY)
        };
        if !view
            .parameter_objects()
            .iter()
            .any(|(_, node)| too_long(node))
        {
            return;
        }
        // Labels for the Parameter Objects operations list; every Parameter Object is checked,
        // including `#/parameters` entries and path-item parameters no operation uses.
        let mut labels: HashMap<&str, String> = HashMap::new();
        for op in view.operations() {
            for parameter in op.path_item_parameters.iter().chain(&op.own_parameters) {
                labels
                    .entry(parameter.pointer.as_str())
                    .or_insert_with(|| describe(op, parameter));
            }
        }
        // Labels are built only for the parameters reported.
        for (pointer, node) in view.parameter_objects() {
            let Some(summary) = node.get("x-ms-summary").and_then(Node::as_str) else {
                continue;
            };
            let length = summary.chars().count();
            if length <= MAX_SUMMARY {
                continue;
            }
            let label = labels.get(pointer.as_str()).cloned().unwrap_or_else(|| {
                let shared = if pointer.as_str().starts_with("/parameters/") {
                    "shared "
                } else {
                    ""
                };
                match node.get("name").and_then(Node::as_str) {
                    Some(name) => format!("{shared}parameter `{name}`"),
                    None => format!("{shared}parameter without `name`"),
                }
            });
            cx.report(
                file,
                Target::value(&pointer.child("x-ms-summary")),
                format!("the `x-ms-summary` of {label} is {length} characters long, more than {MAX_SUMMARY}"),
            )
            .help("shorten the label to at most 80 characters and move the explanation to `description`");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    #[test]
    fn parameters_are_described_by_where_they_are_listed() {
        let root = parse(
            r##"{"swagger": "2.0",
                "parameters": {"Top": {"name": "top", "in": "query", "type": "integer"},
                               "Nameless": {"in": "query", "type": "integer"}},
                "paths": {"/items/{id}": {
                    "parameters": [{"name": "id", "in": "path", "required": true, "type": "string"}],
                    "get": {"operationId": "GetItem",
                            "parameters": [{"name": "q", "in": "query", "type": "string"},
                                           {"in": "query", "type": "string"},
                                           {"$ref": "#/parameters/Top"},
                                           {"$ref": "#/parameters/Nameless"}],
                            "responses": {"200": {"description": "ok"}}},
                    "put": {"parameters": [{"name": "body", "in": "body", "schema": {}}],
                            "responses": {"200": {"description": "ok"}}}}}}"##,
        )
        .unwrap();
        let view = Swagger::build(&root);
        let described: Vec<String> = view
            .operations()
            .iter()
            .flat_map(|op| {
                op.parameters
                    .iter()
                    .map(move |p| describe_as(op, p, "body"))
            })
            .collect();
        assert_eq!(
            described,
            [
                "body parameter `id` of path `/items/{id}`",
                "body parameter `q` of operation `GetItem`",
                "a body parameter without `name` of operation `GetItem`",
                "shared body parameter `top`",
                "shared body parameter without `name`",
                "body parameter `id` of path `/items/{id}`",
                "body parameter `body` of operation `PUT /items/{id}`",
            ]
        );
        let op = &view.operations()[0];
        assert_eq!(
            describe(op, &op.parameters[1]),
            "parameter `q` of operation `GetItem`"
        );
    }
}
