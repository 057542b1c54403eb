//! SW050–SW053: `operationId`.

use foldhash::{HashMap, HashMapExt};

use crate::diagnostic::{Severity, Target};
use crate::package::swagger::Operation;
use crate::rules::levels::{E, I, W};
use crate::rules::{Rule, RuleContext, declare_rule};

use super::op_common::{Text, describe_char, join_some, operations, route, text};
use super::swagger_version::article;

/// rules.md §1.5 / SW053: the longest `operationId`, in Unicode scalar values.
const MAX_OPERATION_ID: usize = 80;

/// The operation's `operationId` when it is a non-blank string (SW050 reports the rest).
fn operation_id<'a>(operation: &Operation<'a>) -> Option<&'a str> {
    match text(operation, "operationId") {
        Text::Present(id) => Some(id),
        _ => None,
    }
}

declare_rule! {
    /// ## What it does
    /// Checks that every operation has an `operationId`: a string with at least one character
    /// that is not white space.
    ///
    /// ## Why is this bad?
    /// The `operationId` is the action's identity: flows and apps store it to call the action,
    /// policies and dynamic values refer to it, and the Swagger Validator rejects an operation
    /// without one (*OperationIdRequired*).
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {
    ///     "/items": { "get": { "summary": "List items", "responses": { "200": { "description": "OK" } } } }
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
    ///         "summary": "List items",
    ///         "responses": { "200": { "description": "OK" } }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Fix Swagger Validator errors*: *OperationIdRequired*.
    pub(crate) OperationIdRequired {
        code: "SW050",
        name: "operationid-required",
        family: SW,
        category: Certification,
        levels: [E, E, E],
        summary: "every operation has an `operationId`",
    }
}

impl Rule for OperationIdRequired {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        for operation in operations(view) {
            let found = text(operation, "operationId");
            if matches!(found, Text::Present(_)) {
                continue;
            }
            let pointer = operation.pointer.child("operationId");
            let label = route(operation);
            match found {
                Text::Present(_) => {}
                Text::Absent => {
                    cx.report(
                        file,
                        Target::missing(&operation.pointer, "operationId"),
                        format!("operation {label} has no `operationId`"),
                    )
                    .help("add a unique `operationId` of letters, digits and `_` (`ListItems`): flows call the action by it");
                }
                Text::NotString(node) => {
                    cx.report(
                        file,
                        Target::value(&pointer),
                        format!(
                            "the `operationId` of operation {label} is {}, not a string",
                            article(node)
                        ),
                    )
                    .help("write the `operationId` as a string of letters, digits and `_` (`\"ListItems\"`)");
                }
                Text::Blank => {
                    cx.report(
                        file,
                        Target::value(&pointer),
                        format!("the `operationId` of operation {label} is empty"),
                    )
                    .help("give the operation a unique `operationId` of letters, digits and `_` (`ListItems`)");
                }
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Checks that no two operations share an `operationId`. Two identifiers that differ only
    /// in case (`ListItems`, `listItems`) are a warning.
    ///
    /// ## Why is this bad?
    /// Flows, apps, policy templates and dynamic values find an action by its `operationId`;
    /// with two operations of the same identifier, one of them cannot be reached and the
    /// Swagger Validator rejects the document (*OperationIdNotUnique*). Identifiers that differ
    /// only in case collide wherever they are compared without case, and are easy to confuse.
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {
    ///     "/items": { "get": { "operationId": "GetItems", "responses": { "200": { "description": "OK" } } } },
    ///     "/items/recent": { "get": { "operationId": "GetItems", "responses": { "200": { "description": "OK" } } } }
    ///   }
    /// }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {
    ///     "/items": { "get": { "operationId": "GetItems", "responses": { "200": { "description": "OK" } } } },
    ///     "/items/recent": { "get": { "operationId": "GetRecentItems", "responses": { "200": { "description": "OK" } } } }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Fix Swagger Validator errors*: *OperationIdNotUnique*.
    pub(crate) OperationIdUnique {
        code: "SW051",
        name: "operationid-unique",
        family: SW,
        category: Certification,
        levels: [E, E, E],
        summary: "`operationId` is unique (a collision only in case is a warning)",
    }
}

impl Rule for OperationIdUnique {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        let mut exact: HashMap<&str, &Operation<'_>> = HashMap::new();
        let mut folded: HashMap<String, &Operation<'_>> = HashMap::new();
        for operation in operations(view) {
            let Some(id) = operation_id(operation) else {
                continue;
            };
            let pointer = operation.pointer.child("operationId");
            if let Some(first) = exact.get(id) {
                cx.report(
                    file,
                    Target::value(&pointer),
                    format!(
                        "operationId `{id}` of {} is already used by {}",
                        route(operation),
                        route(first)
                    ),
                )
                .help("give each operation its own `operationId`: flows call an action by it");
                continue;
            }
            exact.insert(id, operation);
            let key = id.to_lowercase();
            if let Some(first) = folded.get(&key) {
                cx.report(
                    file,
                    Target::value(&pointer),
                    format!(
                        "operationId `{id}` of {} differs only in case from `{}` of {}",
                        route(operation),
                        first.operation_id().unwrap_or_default(),
                        route(first)
                    ),
                )
                .help("rename one of them: identifiers that differ only in case collide wherever case is ignored")
                .at_most(Severity::Warning);
            } else {
                folded.insert(key, operation);
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Checks that each `operationId` holds only ASCII letters, digits and `_`
    /// (`^[A-Za-z0-9_]+$`).
    ///
    /// ## Why is this bad?
    /// The platform sanitizes identifiers: characters such as `-`, `.` or spaces are removed,
    /// so the action's identifier differs from the one written in the swagger, and references
    /// to it by the written name (policies, dynamic values, scripts) no longer match. The
    /// Swagger Validator warns (*OperationIdSanitized*); the connector string guidance asks for
    /// alphanumeric identifiers. `_` is common in accepted connectors and stays allowed.
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {
    ///     "/items": { "get": { "operationId": "list-items", "responses": { "200": { "description": "OK" } } } }
    ///   }
    /// }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {
    ///     "/items": { "get": { "operationId": "ListItems", "responses": { "200": { "description": "OK" } } } }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Fix Swagger Validator errors*: *OperationIdSanitized*; *Connector string
    /// guidance*.
    pub(crate) OperationIdChars {
        code: "SW052",
        name: "operationid-chars",
        family: SW,
        category: Certification,
        levels: [W, W, I],
        summary: "`operationId` holds only ASCII letters, digits and `_`",
    }
}

fn is_id_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// `list-items` → `listItems`, `Create Item.v2` → `CreateItemV2`: other characters dropped,
/// the letter after each dropped run capitalized.
fn suggest(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    let mut capitalize = false;
    for c in id.chars() {
        if !is_id_char(c) {
            capitalize = !out.is_empty();
            continue;
        }
        if capitalize {
            out.push(c.to_ascii_uppercase());
        } else {
            out.push(c);
        }
        capitalize = false;
    }
    out
}

impl Rule for OperationIdChars {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        for operation in operations(view) {
            let Some(id) = operation_id(operation) else {
                continue;
            };
            let mut bad: Vec<char> = Vec::new();
            for c in id.chars().filter(|c| !is_id_char(*c)) {
                if !bad.contains(&c) {
                    bad.push(c);
                }
            }
            if bad.is_empty() {
                continue;
            }
            let names: Vec<String> = bad.iter().map(|c| describe_char(*c)).collect();
            let sanitized = suggest(id);
            let help = if sanitized.is_empty() {
                "use only ASCII letters, digits and `_`: the platform removes other characters from the identifier".to_owned()
            } else {
                format!(
                    "use only ASCII letters, digits and `_`, for example `{sanitized}`: the platform removes other characters from the identifier"
                )
            };
            cx.report(
                file,
                Target::value(&operation.pointer.child("operationId")),
                format!("operationId `{id}` contains {}", join_some(&names, 4)),
            )
            .help(help);
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Checks that each `operationId` is at most 80 characters long (Unicode scalar values).
    ///
    /// ## Why is this bad?
    /// The Swagger Validator limits the length of operation identifiers
    /// (*OperationIdTooLong*); the exact limit is not published. The longest identifier among
    /// accepted connectors has 77 characters, so 80 keeps clear of it.
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {
    ///     "/items": {
    ///       "get": {
    ///         "operationId": "ListAllTheItemsOfTheCurrentUserIncludingArchivedItemsAndItemsSharedWithTheCurrentUser",
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
    ///     "/items": { "get": { "operationId": "ListItems", "responses": { "200": { "description": "OK" } } } }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Fix Swagger Validator errors*: *OperationIdTooLong*; rules.md §6 (limit not
    /// published).
    pub(crate) OperationIdLength {
        code: "SW053",
        name: "operationid-length",
        family: SW,
        category: Certification,
        levels: [W, W, I],
        summary: "`operationId` is at most 80 characters",
    }
}

impl Rule for OperationIdLength {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        for operation in operations(view) {
            let Some(id) = operation_id(operation) else {
                continue;
            };
            let length = id.chars().count();
            if length <= MAX_OPERATION_ID {
                continue;
            }
            cx.report(
                file,
                Target::value(&operation.pointer.child("operationId")),
                format!(
                    "the operationId of {} is {length} characters long; the limit is {MAX_OPERATION_ID}",
                    route(operation)
                ),
            )
            .help("shorten the `operationId`: name the action (`ListItems`), and leave details to `summary` and `description`");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::suggest;

    #[test]
    fn suggestions() {
        assert_eq!(suggest("list-items"), "listItems");
        assert_eq!(suggest("Create Item.v2"), "CreateItemV2");
        assert_eq!(suggest("-x"), "x");
        assert_eq!(suggest("é"), "");
    }
}
