//! SW080–SW086: an operation's responses and their schemas.

use foldhash::{HashSet, HashSetExt};

use crate::diagnostic::Target;
use crate::json::Node;
use crate::package::swagger::{Operation, Response, Swagger};
use crate::rules::levels::{E, I, OFF, W, WS};
use crate::rules::swagger::swagger_version::article;
use crate::rules::{Rule, RuleContext, declare_rule};

/// `\d{3}`.
fn is_status(key: &str) -> bool {
    key.len() == 3 && key.bytes().all(|b| b.is_ascii_digit())
}

fn is_success(key: &str) -> bool {
    is_status(key) && key.starts_with('2')
}

/// The keys of the operation's `responses` object as written (`None` when it is absent or not
/// an object).
fn response_keys<'a>(op: &Operation<'a>) -> Option<Vec<&'a str>> {
    let responses = op.node.get("responses")?.as_object()?;
    Some(responses.iter().map(|m| m.key.as_str()).collect())
}

/// Keys that are responses rather than extensions.
fn real_keys<'a>(keys: &[&'a str]) -> Vec<&'a str> {
    keys.iter()
        .copied()
        .filter(|k| !k.starts_with("x-"))
        .collect()
}

/// `` the `200` response of operation `X` `` or, for a `#/responses/X` entry, `` shared
/// response `X` (the `200` response of operation `Y`) ``.
fn describe(op: &Operation<'_>, response: &Response<'_>) -> String {
    if response.pointer == response.listed_at {
        format!("the `{}` response of {}", response.status, op.label())
    } else {
        let name = response.pointer.last_segment().unwrap_or_default();
        format!(
            "shared response `{name}` (the `{}` response of {})",
            response.status,
            op.label()
        )
    }
}

declare_rule! {
    /// ## What it does
    /// Checks that an operation that lists responses lists at least one success (`2xx`)
    /// response. An operation with no response at all is SW086.
    ///
    /// ## Why is this bad?
    /// The designer takes an action's outputs from its success response. With only `default`
    /// or error codes the action has no outputs, and the Swagger Validator warns
    /// (*OperationShouldHaveSuccessfulResponse*).
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
    ///         "responses": { "default": { "description": "Operation failed." } }
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
    ///         "responses": {
    ///           "200": { "description": "OK", "schema": { "type": "array", "items": { "type": "string" } } },
    ///           "default": { "description": "Operation failed." }
    ///         }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Fix Swagger Validator errors* (*OperationShouldHaveSuccessfulResponse*).
    pub(crate) Responses {
        code: "SW080",
        name: "responses",
        family: SW,
        category: Certification,
        levels: [WS, WS, I],
        summary: "an operation with responses has a `2xx` one",
    }
}

impl Rule for Responses {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        for op in view.operations() {
            let Some(keys) = response_keys(op) else {
                continue;
            };
            let real = real_keys(&keys);
            if real.is_empty() || real.iter().any(|k| is_success(k)) {
                continue;
            }
            let listed = real
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ");
            cx.report(
                file,
                Target::key(&op.pointer.child("responses")),
                format!(
                    "{} has no success (`2xx`) response, only {listed}",
                    op.label()
                ),
            )
            .help("add the response the API returns on success (usually `200`) with its `schema`");
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Checks that every key of an operation's `responses` is a three-digit status code,
    /// `default`, or an extension (`x-…`).
    ///
    /// ## Why is this bad?
    /// Swagger 2.0 names responses by HTTP status code. Ranges such as `2XX` (OpenAPI 3) or
    /// names such as `success` are not status codes; the Swagger Validator rejects them
    /// (*ResponseMustBeDefaultOrHttpStatusCode*).
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
    ///         "responses": { "2XX": { "description": "OK" } }
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
    ///         "responses": { "200": { "description": "OK" } }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Fix Swagger Validator errors* (*ResponseMustBeDefaultOrHttpStatusCode*).
    pub(crate) ResponseKeys {
        code: "SW081",
        name: "response-keys",
        family: SW,
        category: Certification,
        levels: [E, E, E],
        summary: "response keys are status codes, `default` or `x-*`",
    }
}

impl Rule for ResponseKeys {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        for op in view.operations() {
            let Some(keys) = response_keys(op) else {
                continue;
            };
            let base = op.pointer.child("responses");
            for key in keys {
                if is_status(key) || key == "default" || key.starts_with("x-") {
                    continue;
                }
                cx.report(
                    file,
                    Target::key(&base.child(key)),
                    format!(
                        "response `{key}` of {} is not a status code, `default` or an `x-` extension",
                        op.label()
                    ),
                )
                .help("name the response by its three-digit HTTP status code (`200`, `404`) or `default`");
            }
        }
    }
}

/// A webhook trigger (rules.md SW082): `x-ms-trigger`, `x-ms-notification-content` (on the
/// path item, where the extension lives, or on the operation) and an `x-ms-notification-url`
/// parameter or body property.
fn is_webhook_trigger(view: &Swagger<'_>, op: &Operation<'_>) -> bool {
    op.is_trigger()
        && (op.path_item.get("x-ms-notification-content").is_some()
            || op.node.get("x-ms-notification-content").is_some())
        && has_notification_url(view, op)
}

/// Most schema objects visited when looking for the `x-ms-notification-url` property.
const MAX_NOTIFICATION_WALK: usize = 10_000;

fn has_notification_url(view: &Swagger<'_>, op: &Operation<'_>) -> bool {
    if op
        .parameters
        .iter()
        .any(|p| p.node.get("x-ms-notification-url").is_some())
    {
        return true;
    }
    let Some(schema) = op.body_parameter().and_then(|p| p.node.get("schema")) else {
        return false;
    };
    let mut stack: Vec<&Node> = vec![schema];
    let mut visited: HashSet<*const Node> = HashSet::new();
    while let Some(node) = stack.pop() {
        let Some((node, _)) = view.deref(node) else {
            continue;
        };
        if !visited.insert(std::ptr::from_ref(node)) || visited.len() > MAX_NOTIFICATION_WALK {
            continue;
        }
        if node.get("x-ms-notification-url").is_some() {
            return true;
        }
        if let Some(properties) = node.get("properties") {
            stack.extend(properties.members().iter().map(|m| &m.value));
        }
        if let Some(all_of) = node.get("allOf") {
            stack.extend(all_of.items());
        }
    }
    false
}

declare_rule! {
    /// ## What it does
    /// Checks that the lowest-numbered success (`2xx`) response of each operation has a
    /// `schema`. Not checked: operations whose success codes are all `202` or `204`, DELETE
    /// operations, deprecated operations, and webhook triggers (`x-ms-trigger`, an
    /// `x-ms-notification-url` parameter or body property, and `x-ms-notification-content`,
    /// which describes what the webhook delivers). Operations without a `2xx` response are
    /// SW080 or SW086.
    ///
    /// ## Why is this bad?
    /// The response schema is what the designer offers as the action's outputs (dynamic
    /// content). Without it, users get one opaque `Body` and must parse it themselves. The
    /// certification checklist and pull-request template require response schemas.
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
    ///         "responses": {
    ///           "200": {
    ///             "description": "OK",
    ///             "schema": { "type": "object", "properties": { "id": { "type": "string", "x-ms-summary": "Item ID" } } }
    ///           }
    ///         }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// PowerPlatformConnectors pull-request template and README; *Verified publisher
    /// certification process* (checklist); Learn, *Fix Swagger Validator errors*
    /// (*SchemaDefinitionSetIncorrectly*).
    pub(crate) ResponseSchema {
        code: "SW082",
        name: "response-schema",
        family: SW,
        category: Certification,
        levels: [WS, WS, I],
        summary: "the lowest-numbered `2xx` response has a `schema`",
    }
}

impl Rule for ResponseSchema {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        let mut seen: HashSet<String> = HashSet::new();
        for op in view.operations() {
            let Some(keys) = response_keys(op) else {
                continue;
            };
            let success: Vec<&str> = keys.iter().copied().filter(|k| is_success(k)).collect();
            // No 2xx response: SW080 or SW086 reports the operation.
            let Some(lowest) = success.iter().copied().min() else {
                continue;
            };
            if success.iter().all(|k| *k == "202" || *k == "204")
                || op.method == "delete"
                || op.is_deprecated()
                || is_webhook_trigger(view, op)
            {
                continue;
            }
            // A response whose `$ref` does not resolve is SW090's.
            let Some(response) = op.responses.iter().find(|r| r.status == lowest) else {
                continue;
            };
            if !response.node.is_object()
                || response.node.get("schema").is_some()
                || !seen.insert(response.pointer.as_str().to_owned())
            {
                continue;
            }
            cx.report(
                file,
                Target::missing(&response.pointer, "schema"),
                format!("{} has no `schema`", describe(op, response)),
            )
            .help("describe the response body with a `schema`, so that the designer can offer its fields as outputs");
        }
    }
}

/// Whether a (resolved) schema describes an object with nothing in it: no `properties`,
/// `additionalProperties` schema, `allOf`, `items` or dynamic schema.
fn is_empty_object(node: &Node) -> bool {
    if !node.is_object() {
        return false;
    }
    match node.get("type") {
        None => {}
        Some(kind) if kind.as_str() == Some("object") => {}
        Some(_) => return false,
    }
    let has_properties = node
        .get("properties")
        .is_some_and(|p| !p.members().is_empty() || !p.is_object());
    let has_additional = node
        .get("additionalProperties")
        .is_some_and(Node::is_object);
    !(has_properties
        || has_additional
        || node.get("allOf").is_some()
        || node.get("items").is_some()
        || node.get("x-ms-dynamic-schema").is_some()
        || node.get("x-ms-dynamic-properties").is_some())
}

declare_rule! {
    /// ## What it does
    /// Checks that no success (`2xx`) response schema is an empty object: `{}` or
    /// `{"type": "object"}` with no `properties`, `additionalProperties` schema, `allOf` or
    /// `items`, followed through `$ref` (a reference to an empty definition is empty). A schema
    /// that uses `x-ms-dynamic-schema` or `x-ms-dynamic-properties` is exempt: its fields come
    /// from another operation at design time.
    ///
    /// ## Why is this bad?
    /// An empty schema gives the designer nothing to offer as outputs, which is no better than
    /// no schema. The certification guidance says empty response schemas aren't allowed.
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
    ///         "parameters": [{ "name": "id", "in": "path", "required": true, "type": "string" }],
    ///         "responses": { "200": { "description": "OK", "schema": { "type": "object" } } }
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
    ///         "responses": {
    ///           "200": {
    ///             "description": "OK",
    ///             "schema": { "type": "object", "properties": { "name": { "type": "string", "x-ms-summary": "Name" } } }
    ///           }
    ///         }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// *Verified publisher certification process* ("Empty response schemas aren't allowed").
    pub(crate) ResponseSchemaNotEmpty {
        code: "SW083",
        name: "response-schema-not-empty",
        family: SW,
        category: Certification,
        levels: [W, W, OFF],
        summary: "`2xx` response schemas are not empty objects",
    }
}

impl Rule for ResponseSchemaNotEmpty {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        let mut seen: HashSet<String> = HashSet::new();
        for op in view.operations() {
            for response in op.responses.iter().filter(|r| is_success(r.status)) {
                let Some(schema) = response.node.get("schema") else {
                    continue;
                };
                // An unresolved `$ref` is SW090's.
                let Some((resolved, target)) = view.deref(schema) else {
                    continue;
                };
                if schema.get("x-ms-dynamic-schema").is_some()
                    || schema.get("x-ms-dynamic-properties").is_some()
                    || !is_empty_object(resolved)
                {
                    continue;
                }
                let pointer = response.pointer.child("schema");
                if !seen.insert(pointer.as_str().to_owned()) {
                    continue;
                }
                let via = match target {
                    Some(target) => format!(" (`#{target}`)"),
                    None => String::new(),
                };
                cx.report(
                    file,
                    Target::value(&pointer),
                    format!(
                        "the `schema` of {} is an empty object{via}",
                        describe(op, response)
                    ),
                )
                .help("list the response's `properties`, or use `x-ms-dynamic-schema` if its shape is only known at run time");
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Checks that the `default` response has no `schema`.
    ///
    /// ## Why is this bad?
    /// The designer builds an action's outputs from its responses' schemas. A schema on
    /// `default` (usually an error shape) is offered as outputs as if it were a success, and
    /// the Swagger Validator warns (*DefaultResponseHasSchema*). Describe the success response
    /// under its status code instead.
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
    ///         "responses": {
    ///           "200": { "description": "OK", "schema": { "type": "array", "items": { "type": "string" } } },
    ///           "default": { "description": "Error", "schema": { "type": "object", "properties": { "message": { "type": "string" } } } }
    ///         }
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
    ///         "responses": {
    ///           "200": { "description": "OK", "schema": { "type": "array", "items": { "type": "string" } } },
    ///           "default": { "description": "Operation failed." }
    ///         }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Fix Swagger Validator errors* (*DefaultResponseHasSchema*); *Verified publisher
    /// certification process*.
    pub(crate) DefaultResponseNoSchema {
        code: "SW084",
        name: "default-response-no-schema",
        family: SW,
        category: Certification,
        levels: [WS, WS, I],
        summary: "the `default` response has no `schema`",
    }
}

impl Rule for DefaultResponseNoSchema {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        let mut seen: HashSet<String> = HashSet::new();
        for op in view.operations() {
            for response in op.responses.iter().filter(|r| r.status == "default") {
                if response.node.get("schema").is_none()
                    || !seen.insert(response.pointer.as_str().to_owned())
                {
                    continue;
                }
                cx.report(
                    file,
                    Target::key(&response.pointer.child("schema")),
                    format!("{} has a `schema`", describe(op, response)),
                )
                .help("remove the `schema` from `default` and describe the success body under its `2xx` status code");
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Checks that at most one response of each operation (`default` included) has a `schema`.
    ///
    /// ## Why is this bad?
    /// The designer shows one set of outputs per action, taken from one response. Schemas on
    /// several responses are not merged, and the Swagger Validator notes it
    /// (*OperationHasManyResponsesWithSchema*). This is advice: many accepted connectors
    /// describe their error bodies too.
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
    ///         "responses": {
    ///           "200": { "description": "OK", "schema": { "type": "array", "items": { "type": "string" } } },
    ///           "400": { "description": "Bad request", "schema": { "type": "object", "properties": { "message": { "type": "string" } } } }
    ///         }
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
    ///         "responses": {
    ///           "200": { "description": "OK", "schema": { "type": "array", "items": { "type": "string" } } },
    ///           "400": { "description": "Bad request" }
    ///         }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Fix Swagger Validator errors* (*OperationHasManyResponsesWithSchema*).
    pub(crate) OneResponseSchema {
        code: "SW085",
        name: "one-response-schema",
        family: SW,
        category: Style,
        levels: [I, I, OFF],
        summary: "at most one response has a `schema`",
    }
}

impl Rule for OneResponseSchema {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        for op in view.operations() {
            let with_schema: Vec<&Response<'_>> = op
                .responses
                .iter()
                .filter(|r| r.node.get("schema").is_some())
                .collect();
            let Some(second) = with_schema.get(1) else {
                continue;
            };
            let listed = with_schema
                .iter()
                .map(|r| format!("`{}`", r.status))
                .collect::<Vec<_>>()
                .join(", ");
            cx.report(
                file,
                Target::key(&second.listed_at),
                format!(
                    "{} has {} responses with a `schema`: {listed}",
                    op.label(),
                    with_schema.len()
                ),
            )
            .help("keep the `schema` on the success response only");
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Checks that every operation has at least one response: `responses` exists and has a
    /// key other than an `x-…` extension.
    ///
    /// ## Why is this bad?
    /// Swagger 2.0 requires at least one response per operation, and without one the platform
    /// cannot tell success from failure. The Swagger Validator rejects it
    /// (*OperationMustHaveResponse*).
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {
    ///     "/items": {
    ///       "post": { "operationId": "CreateItem", "responses": {} }
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
    ///       "post": { "operationId": "CreateItem", "responses": { "204": { "description": "Created" } } }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Fix Swagger Validator errors* (*OperationMustHaveResponse*); Swagger 2.0
    /// specification, Operation Object.
    pub(crate) ResponsePresent {
        code: "SW086",
        name: "response-present",
        family: SW,
        category: Certification,
        levels: [E, E, E],
        summary: "every operation has at least one response",
    }
}

impl Rule for ResponsePresent {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        for op in view.operations() {
            let help = "add the responses the API returns, at least its success code (`200`) with a `description`";
            match op.node.get("responses") {
                None => {
                    cx.report(
                        file,
                        Target::missing(&op.pointer, "responses"),
                        format!("{} has no `responses`", op.label()),
                    )
                    .help(help);
                }
                Some(responses) => {
                    let keys: Vec<&str> =
                        responses.members().iter().map(|m| m.key.as_str()).collect();
                    if !real_keys(&keys).is_empty() {
                        continue;
                    }
                    let what = if !responses.is_object() {
                        format!("`responses` is {}, not an object", article(responses))
                    } else if keys.is_empty() {
                        "`responses` is empty".to_owned()
                    } else {
                        "`responses` holds only extensions".to_owned()
                    };
                    cx.report(
                        file,
                        Target::value(&op.pointer.child("responses")),
                        format!("{} has no response: {what}", op.label()),
                    )
                    .help(help);
                }
            }
        }
    }
}
