//! SW063: `x-ms-api-annotation` on operations and on `info`.

use foldhash::{HashMap, HashMapExt};

use crate::diagnostic::Target;
use crate::json::{Node, Pointer};
use crate::package::FileId;
use crate::package::swagger::Operation;
use crate::rules::levels::E;
use crate::rules::{Rule, RuleContext, declare_rule};

use super::op_common::{join_some, operations};
use super::swagger_version::article;

const KEY: &str = "x-ms-api-annotation";
const STATUSES: [&str; 2] = ["Production", "Preview"];

declare_rule! {
    /// ## What it does
    /// Checks `x-ms-api-annotation`, the extension that versions operations:
    /// - `status` (on an operation or on `info`) is `Production` or `Preview`;
    /// - `revision` is an integer of at least 1;
    /// - `replacement` appears only on deprecated operations, and names both the `api` and
    ///   the `operationId` of the replacing action;
    /// - within an operation family (the operations whose `family` is the same, plus the
    ///   operation whose `operationId` is that family name, whose family it is by default):
    ///   revisions are unique, at most one operation has no revision, and at most two
    ///   operations are not deprecated;
    /// - an operation is not `Production` while `info.x-ms-api-annotation.status` is
    ///   `Preview`.
    ///
    /// ## Why is this bad?
    /// The platform uses these annotations to show the newest revision of an action and to
    /// lead makers from a deprecated one to its replacement. The Swagger Validator rejects
    /// annotations it cannot order: duplicate or missing revisions, too many active operations
    /// in a family, a replacement on an active operation, or an operation released ahead of
    /// its connector.
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
    ///         "x-ms-api-annotation": {
    ///           "family": "ListItems",
    ///           "revision": 1,
    ///           "replacement": { "api": "contoso", "operationId": "ListItemsV2" }
    ///         },
    ///         "responses": { "200": { "description": "OK" } }
    ///       }
    ///     },
    ///     "/v2/items": {
    ///       "get": {
    ///         "operationId": "ListItemsV2",
    ///         "x-ms-api-annotation": { "family": "ListItems", "revision": 2 },
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
    ///         "deprecated": true,
    ///         "x-ms-api-annotation": {
    ///           "family": "ListItems",
    ///           "revision": 1,
    ///           "replacement": { "api": "contoso", "operationId": "ListItemsV2" }
    ///         },
    ///         "responses": { "200": { "description": "OK" } }
    ///       }
    ///     },
    ///     "/v2/items": {
    ///       "get": {
    ///         "operationId": "ListItemsV2",
    ///         "x-ms-api-annotation": { "family": "ListItems", "revision": 2 },
    ///         "responses": { "200": { "description": "OK" } }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Fix Swagger Validator errors*: *ApiAnnotationExtensionReplacementInfo…* (3
    /// codes), *OperationFamilyHasDuplicateRevisions*, *OperationFamilyHasManyEmptyRevisions*,
    /// *OperationFamilyHasManyActiveOperations*, *OperationStatusAheadOfConnector*; Learn,
    /// *Implement versioning operations*.
    pub(crate) ApiAnnotation {
        code: "SW063",
        name: "api-annotation",
        family: SW,
        category: Certification,
        levels: [E, E, E],
        summary: "`x-ms-api-annotation` has valid status, revision, replacement and families",
    }
}

/// What one operation's annotation says, after its own checks.
struct Annotated<'v, 'a> {
    operation: &'v Operation<'a>,
    /// The annotation object, when it is one.
    annotation: Option<&'a Node>,
    /// Declared `family`, or the operationId (the default family).
    family: Option<&'a str>,
    explicit_family: bool,
    /// A valid `revision`.
    revision: Option<i64>,
    /// `revision` is present (valid or not).
    has_revision: bool,
}

impl Annotated<'_, '_> {
    fn pointer(&self) -> Pointer {
        self.operation.pointer.child(KEY)
    }
}

impl Rule for ApiAnnotation {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        let info_pointer = Pointer::root().child("info").child(KEY);
        let info_status = match view.root().get("info").and_then(|info| info.get(KEY)) {
            None => None,
            Some(annotation) if !annotation.is_object() => {
                cx.report(
                    file,
                    Target::value(&info_pointer),
                    format!("`info.{KEY}` is {}, not an object", article(annotation)),
                )
                .help("write `{ \"status\": \"Preview\" }` or `{ \"status\": \"Production\" }`");
                None
            }
            Some(annotation) => check_status(cx, file, annotation, &info_pointer, "the connector"),
        };

        let mut annotated: Vec<Annotated<'_, '_>> = Vec::new();
        for operation in operations(view) {
            annotated.push(check_operation(cx, file, operation, info_status));
        }

        // Families: only those that some operation names explicitly.
        let mut families: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut order: Vec<&str> = Vec::new();
        for (index, item) in annotated.iter().enumerate() {
            if let Some(family) = item.family {
                let members = families.entry(family).or_default();
                if members.is_empty() {
                    order.push(family);
                }
                members.push(index);
            }
        }
        for family in order {
            let members = &families[family];
            if members.len() < 2 || !members.iter().any(|i| annotated[*i].explicit_family) {
                continue;
            }
            check_family(cx, file, family, members, &annotated);
        }
    }
}

/// Checks `status` of an annotation object; returns it when it is a valid value.
fn check_status<'a>(
    cx: &mut RuleContext<'_>,
    file: FileId,
    annotation: &'a Node,
    pointer: &Pointer,
    whose: &str,
) -> Option<&'a str> {
    let status = annotation.get("status")?;
    let pointer = pointer.child("status");
    match status.as_str() {
        Some(value) if STATUSES.contains(&value) => Some(value),
        Some(value) => {
            let help = match STATUSES
                .iter()
                .find(|s| s.eq_ignore_ascii_case(value.trim()))
            {
                Some(known) => format!("write `\"{known}\"`: the status is case-sensitive"),
                None => "use `\"Preview\"` or `\"Production\"`".to_owned(),
            };
            cx.report(
                file,
                Target::value(&pointer),
                format!("the status of {whose} is `\"{value}\"`, not `Production` or `Preview`"),
            )
            .help(help);
            None
        }
        None => {
            cx.report(
                file,
                Target::value(&pointer),
                format!("the status of {whose} is {}, not a string", article(status)),
            )
            .help("use `\"Preview\"` or `\"Production\"`");
            None
        }
    }
}

fn check_operation<'v, 'a>(
    cx: &mut RuleContext<'_>,
    file: FileId,
    operation: &'v Operation<'a>,
    info_status: Option<&str>,
) -> Annotated<'v, 'a> {
    let mut item = Annotated {
        operation,
        annotation: None,
        family: operation.operation_id().filter(|id| !id.is_empty()),
        explicit_family: false,
        revision: None,
        has_revision: false,
    };
    let Some(annotation) = operation.node.get(KEY) else {
        return item;
    };
    let pointer = item.pointer();
    let label = operation.label();
    if !annotation.is_object() {
        cx.report(
            file,
            Target::value(&pointer),
            format!(
                "the `{KEY}` of {label} is {}, not an object",
                article(annotation)
            ),
        )
        .help("write an object such as `{ \"family\": \"ListItems\", \"revision\": 2 }`");
        return item;
    }
    item.annotation = Some(annotation);

    let status = check_status(cx, file, annotation, &pointer, &label);
    if status == Some("Production") && info_status == Some("Preview") {
        cx.report(
            file,
            Target::value(&pointer.child("status")),
            format!("{label} is in `Production` status while the connector is in `Preview`"),
        )
        .help("set the operation's status to `Preview`, or release the connector first (`info.x-ms-api-annotation.status`: `Production`)");
    }

    match annotation.get("family") {
        None => {}
        Some(family) => {
            match family.as_str() {
                Some(name) if !name.is_empty() => {
                    item.family = Some(name);
                    item.explicit_family = true;
                }
                Some(_) => {
                    cx.report(
                    file,
                    Target::value(&pointer.child("family")),
                    format!("the `family` of {label} is empty"),
                )
                .help("name the family after its first operation's `operationId`, or remove `family`");
                }
                None => {
                    cx.report(
                    file,
                    Target::value(&pointer.child("family")),
                    format!("the `family` of {label} is {}, not a string", article(family)),
                )
                .help("name the family with a string, usually its first operation's `operationId`");
                }
            }
        }
    }

    if let Some(revision) = annotation.get("revision") {
        item.has_revision = true;
        let valid = revision
            .as_number()
            .filter(|n| n.is_whole() && n.value >= 1.0 && n.value <= 9_007_199_254_740_992.0)
            .map(|n| n.value as i64);
        match valid {
            Some(value) => item.revision = Some(value),
            None => {
                let message = match revision.as_number() {
                    Some(n) if !n.is_whole() => {
                        format!("the `revision` of {label} is {}, not an integer", n.value)
                    }
                    Some(n) if n.value < 1.0 => format!(
                        "the `revision` of {label} is {}; revisions start at 1",
                        n.value
                    ),
                    Some(_) => format!("the `revision` of {label} is too large"),
                    None => format!(
                        "the `revision` of {label} is {}, not an integer",
                        article(revision)
                    ),
                };
                cx.report(file, Target::value(&pointer.child("revision")), message)
                    .help("number the revisions of a family 1, 2, 3… (`\"revision\": 2`)");
            }
        }
    }

    if let Some(replacement) = annotation.member("replacement") {
        let replacement_pointer = pointer.child("replacement");
        if !operation.is_deprecated() {
            cx.report(
                file,
                Target::key(&replacement_pointer),
                format!("{label} names a `replacement` but is not deprecated"),
            )
            .help("mark the operation `\"deprecated\": true`, or remove `replacement`");
        }
        if replacement.value.is_object() {
            for key in ["api", "operationId"] {
                let ok = replacement
                    .value
                    .get(key)
                    .and_then(Node::as_str)
                    .is_some_and(|s| !s.trim().is_empty());
                if ok {
                    continue;
                }
                let target = match replacement.value.get(key) {
                    Some(_) => Target::value(&replacement_pointer.child(key)),
                    None => Target::missing(&replacement_pointer, key),
                };
                cx.report(
                    file,
                    target,
                    format!("the `replacement` of {label} has no `{key}`"),
                )
                .help(
                    "name the replacing action with both `api` (the connector) and `operationId`",
                );
            }
        } else {
            cx.report(
                file,
                Target::value(&replacement_pointer),
                format!(
                    "the `replacement` of {label} is {}, not an object",
                    article(&replacement.value)
                ),
            )
            .help("write `{ \"api\": \"<connector>\", \"operationId\": \"<replacing action>\" }`");
        }
    }
    item
}

fn check_family(
    cx: &mut RuleContext<'_>,
    file: FileId,
    family: &str,
    members: &[usize],
    annotated: &[Annotated<'_, '_>],
) {
    // Unique revisions.
    let mut revisions: HashMap<i64, usize> = HashMap::new();
    for &index in members {
        let item = &annotated[index];
        let Some(revision) = item.revision else {
            continue;
        };
        match revisions.get(&revision) {
            Some(&first) => {
                cx.report(
                    file,
                    Target::value(&item.pointer().child("revision")),
                    format!(
                        "{} repeats revision {revision} of family `{family}` ({})",
                        item.operation.label(),
                        annotated[first].operation.label()
                    ),
                )
                .help("give each operation of a family its own revision, the newest the highest");
            }
            None => {
                revisions.insert(revision, index);
            }
        }
    }
    // At most one operation without a revision.
    let empty: Vec<usize> = members
        .iter()
        .copied()
        .filter(|i| !annotated[*i].has_revision)
        .collect();
    if let [first, rest @ ..] = empty.as_slice() {
        for &index in rest {
            let item = &annotated[index];
            let target = match item.annotation {
                Some(_) => Target::missing(&item.pointer(), "revision"),
                None => Target::missing(&item.operation.pointer, KEY),
            };
            cx.report(
                file,
                target,
                format!(
                    "{} has no revision, and neither has {} of the same family `{family}`",
                    item.operation.label(),
                    annotated[*first].operation.label()
                ),
            )
            .help("give every operation of the family but the original one a `revision` (2, 3…)");
        }
    }
    // At most two operations that are not deprecated.
    let active: Vec<usize> = members
        .iter()
        .copied()
        .filter(|i| !annotated[*i].operation.is_deprecated())
        .collect();
    if active.len() > 2 {
        let names: Vec<String> = active
            .iter()
            .map(|i| {
                let operation = annotated[*i].operation;
                match operation.operation_id() {
                    Some(id) => format!("`{id}`"),
                    None => format!("`{} {}`", operation.method.to_uppercase(), operation.path),
                }
            })
            .collect();
        let third = annotated[active[2]].operation;
        cx.report(
            file,
            Target::key(&third.pointer),
            format!(
                "family `{family}` has {} operations that are not deprecated: {}",
                active.len(),
                join_some(&names, 4)
            ),
        )
        .help("keep at most two active revisions in a family: mark the older ones `\"deprecated\": true`");
    }
}
