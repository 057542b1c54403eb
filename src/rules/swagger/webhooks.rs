//! SW113: webhook triggers — the `x-ms-notification-url` property, the notification schema,
//! and `x-ms-notification`.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use crate::diagnostic::{Severity, Target};
use crate::json::{Node, Pointer};
use crate::package::FileId;
use crate::package::swagger::{Operation, SchemaPlace, Swagger};
use crate::rules::levels::E;
use crate::rules::{Rule, RuleContext, declare_rule};

const URL_KEY: &str = "x-ms-notification-url";
const CONTENT_KEY: &str = "x-ms-notification-content";
const NOTIFICATION_KEY: &str = "x-ms-notification";

declare_rule! {
    /// ## What it does
    /// Checks webhook triggers and the extensions they use:
    /// - a property marked `"x-ms-notification-url": true` is a `string` (one without `type` is
    ///   not reported: accepted connectors leave it out), is internal (it, or one of the
    ///   schemas or the body parameter above it, has `"x-ms-visibility": "internal"`),
    ///   sits in a request body (not on a non-body parameter; in a response or notification
    ///   schema it is only a warning, since accepted connectors echo webhook definitions in
    ///   responses, where the platform ignores the extension), and every
    ///   schema on the way from the body parameter down to it lists the next property in its
    ///   `required`;
    /// - a webhook trigger (an operation with `x-ms-trigger` whose body holds the notification
    ///   URL) has a `200` or `201` response schema or an `x-ms-notification-content`, and a
    ///   trigger with `x-ms-notification-content` has a notification URL property;
    /// - `x-ms-notification` appears only on triggers that are not webhooks, and its
    ///   `operationId` names a webhook operation.
    ///
    /// ## Why is this bad?
    /// When a flow starts, the platform calls the webhook trigger with a callback URL in the
    /// marked property, and the service posts events to that URL. A URL the user could see or
    /// edit, could leave out, or that is not a string breaks the registration; a trigger
    /// without a notification schema gives the flow no outputs. The Swagger Validator reports
    /// each case (*NotificationUrlNotString*, *NotificationUrlNotInternal*,
    /// *NotificationUrlNotAllowedInThisPosition*, *NotificationUrlNotRequired*,
    /// *SchemaDefinitionSetIncorrectly*, *WebhookOperationsMissingNotificationUrlProperty*,
    /// *NotificationExtensionSupportedForTriggerOnly*,
    /// *NotificationExtensionNotSupportedInWebhookOperation*,
    /// *NotificationOperationMustBeWebhook*).
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {
    ///     "/hooks": {
    ///       "x-ms-notification-content": {
    ///         "schema": { "type": "object", "properties": { "id": { "type": "string" } } }
    ///       },
    ///       "post": {
    ///         "operationId": "WhenItemCreated",
    ///         "x-ms-trigger": "single",
    ///         "parameters": [
    ///           {
    ///             "name": "body", "in": "body", "required": true,
    ///             "schema": {
    ///               "type": "object",
    ///               "properties": {
    ///                 "callbackUrl": { "type": "string", "x-ms-notification-url": true }
    ///               }
    ///             }
    ///           }
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
    ///     "/hooks": {
    ///       "x-ms-notification-content": {
    ///         "schema": { "type": "object", "properties": { "id": { "type": "string" } } }
    ///       },
    ///       "post": {
    ///         "operationId": "WhenItemCreated",
    ///         "x-ms-trigger": "single",
    ///         "parameters": [
    ///           {
    ///             "name": "body", "in": "body", "required": true,
    ///             "schema": {
    ///               "type": "object",
    ///               "required": ["callbackUrl"],
    ///               "properties": {
    ///                 "callbackUrl": {
    ///                   "type": "string",
    ///                   "x-ms-notification-url": true,
    ///                   "x-ms-visibility": "internal"
    ///                 }
    ///               }
    ///             }
    ///           }
    ///         ],
    ///         "responses": { "201": { "description": "Created" } }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Fix Swagger Validator errors* (SVR, "Webhooks" and the *Notification…* codes);
    /// Learn, *Extend an OpenAPI definition* (OX: `x-ms-notification-url`,
    /// `x-ms-notification-content`) and *Use a webhook as a trigger*.
    pub(crate) Webhooks {
        code: "SW113",
        name: "webhooks",
        family: SW,
        category: Certification,
        levels: [E, E, E],
        summary: "webhook triggers: a required, internal, string notification URL in the body, and a notification schema",
    }
}

/// Why the notification URL is not required all the way down.
#[derive(Clone, Debug)]
enum Gap {
    /// The schema at this pointer declares the property `name` but does not require it.
    NotRequired {
        schema: Pointer,
        name: String,
        has_required: bool,
    },
    /// The path goes through `items` or `additionalProperties`, which cannot be required.
    Collection,
}

/// A notification URL property found under a body parameter.
#[derive(Clone, Debug)]
struct UrlProperty<'a> {
    /// Where the property's schema is (after `$ref`).
    pointer: Pointer,
    node: &'a Node,
    /// The property name it was reached by (`None` for the body schema itself).
    name: Option<String>,
    internal: bool,
    gap: Option<Gap>,
}

impl Rule for Webhooks {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        let mut reported: HashSet<String> = HashSet::new();
        // Only the schemas from which a notification URL can be reached are walked, and each
        // distinct body schema once, so the walks stay linear in the document.
        // Most swaggers cannot hold the key at all: then no schema can be a notification URL.
        let may_have_url = may_hold_key(cx.package().file(file).text(), URL_KEY);
        let reach = if may_have_url {
            url_reach(view)
        } else {
            HashSet::new()
        };
        let mut walks: Vec<Vec<UrlProperty<'_>>> = Vec::new();
        let mut by_root: HashMap<(usize, bool), usize> = HashMap::new();
        let mut by_body: HashMap<String, usize> = HashMap::new();
        if !reach.is_empty() {
            for op in view.operations() {
                for parameter in op.parameters.iter().filter(|p| p.is_body()) {
                    let key = parameter.pointer.as_str().to_owned();
                    if by_body.contains_key(&key) {
                        continue;
                    }
                    let Some(schema) = parameter.node.get("schema") else {
                        continue;
                    };
                    if !reach.contains(&addr(schema)) {
                        continue;
                    }
                    let Some((resolved, _)) = view.deref(schema) else {
                        continue;
                    };
                    let root = (addr(resolved), parameter.is_internal());
                    let index = match by_root.get(&root) {
                        Some(&index) => index,
                        None => {
                            walks.push(url_properties(
                                view,
                                &reach,
                                parameter.pointer.child("schema"),
                                schema,
                                parameter.is_internal(),
                            ));
                            let index = walks.len() - 1;
                            by_root.insert(root, index);
                            index
                        }
                    };
                    by_body.insert(key, index);
                }
            }
        }
        let mut inputs: HashSet<String> = HashSet::new();
        for found in &walks {
            for property in found {
                inputs.insert(property.pointer.as_str().to_owned());
                check_url_property(cx, file, property, &mut reported);
            }
        }
        if may_have_url {
            check_positions(cx, file, view, &inputs, &mut reported);
        }

        let is_webhook = |op: &Operation<'_>| {
            op.is_trigger()
                && op.parameters.iter().any(|p| {
                    by_body
                        .get(p.pointer.as_str())
                        .and_then(|&index| walks.get(index))
                        .is_some_and(|found| !found.is_empty())
                })
        };
        for op in view.operations() {
            let webhook = is_webhook(op);
            let has_content =
                op.path_item.get(CONTENT_KEY).is_some() || op.node.get(CONTENT_KEY).is_some();
            if webhook && !has_content {
                let has_schema = op
                    .responses
                    .iter()
                    .any(|r| matches!(r.status, "200" | "201") && r.node.get("schema").is_some());
                if !has_schema {
                    cx.report(
                        file,
                        Target::missing(&op.path_pointer, CONTENT_KEY),
                        format!("webhook trigger {} has no `200` or `201` response schema and no `x-ms-notification-content`", op.label()),
                    )
                    .help("describe the payload the service posts to the notification URL in `x-ms-notification-content` (with a `schema`) on the path item, so the flow gets outputs");
                }
            }
            if op.is_trigger() && !webhook && has_content {
                cx.report(
                    file,
                    Target::key(&op.pointer),
                    format!("trigger {} has `x-ms-notification-content` but no `x-ms-notification-url` property in its body", op.label()),
                )
                .help("mark the body property that receives the callback URL with `\"x-ms-notification-url\": true`, or remove `x-ms-notification-content` if this is a polling trigger");
            }
            let Some(notification) = op.node.get(NOTIFICATION_KEY) else {
                continue;
            };
            let pointer = op.pointer.child(NOTIFICATION_KEY);
            if !op.is_trigger() {
                cx.report(
                    file,
                    Target::key(&pointer),
                    format!(
                        "`x-ms-notification` is only for triggers, and {} has no `x-ms-trigger`",
                        op.label()
                    ),
                )
                .help("remove `x-ms-notification`, or make the operation a trigger");
            } else if webhook {
                cx.report(
                    file,
                    Target::key(&pointer),
                    format!("`x-ms-notification` is not allowed on webhook trigger {}", op.label()),
                )
                .help("remove `x-ms-notification`: a webhook trigger receives its notifications through `x-ms-notification-url`");
            }
            if let Some(id) = notification.get("operationId").and_then(Node::as_str) {
                let targets: Vec<&Operation<'_>> = view.operations_with_id(id).collect();
                if !targets.is_empty() && !targets.iter().any(|t| is_webhook(t)) {
                    cx.report(
                        file,
                        Target::value(&pointer.child("operationId")),
                        format!("`x-ms-notification` names `{id}`, which is not a webhook operation"),
                    )
                    .help("name the webhook trigger (an `x-ms-trigger` operation with an `x-ms-notification-url` body property) that registers the notification");
                }
            }
        }
    }
}

/// `"x-ms-notification-url": true`.
fn is_url(node: &Node) -> bool {
    node.get(URL_KEY).and_then(Node::as_bool) == Some(true)
}

fn is_internal(node: &Node) -> bool {
    node.get("x-ms-visibility").and_then(Node::as_str) == Some("internal")
}

/// The notification URL properties under a body schema, each with what the path to it
/// looks like. Each schema is visited once.
fn url_properties<'a>(
    view: &Swagger<'a>,
    reach: &HashSet<usize>,
    pointer: Pointer,
    schema: &'a Node,
    internal: bool,
) -> Vec<UrlProperty<'a>> {
    struct State<'a> {
        pointer: Pointer,
        node: &'a Node,
        /// The schemas of the current object level: the object schema and the `allOf`
        /// holders above this member (`required` may sit on any of them).
        level: Vec<&'a Node>,
        name: Option<String>,
        internal: bool,
        gap: Option<Gap>,
    }
    let mut out = Vec::new();
    let mut visited: HashSet<usize> = HashSet::new();
    let mut stack = vec![State {
        pointer,
        node: schema,
        level: Vec::new(),
        name: None,
        internal,
        gap: None,
    }];
    while let Some(state) = stack.pop() {
        let Some((node, at)) = view.deref(state.node) else {
            continue;
        };
        if !node.is_object() || !visited.insert(addr(node)) {
            continue;
        }
        let pointer = at.unwrap_or(state.pointer);
        let internal = state.internal || is_internal(node) || is_internal(state.node);
        let mut level = state.level;
        level.push(node);
        if is_url(node) {
            out.push(UrlProperty {
                pointer: pointer.clone(),
                node,
                name: state.name.clone(),
                internal,
                gap: state.gap.clone(),
            });
        }
        if let Some(properties) = node.get("properties") {
            let base = pointer.child("properties");
            for member in properties.members() {
                if !reach.contains(&addr(&member.value)) {
                    continue;
                }
                let required = level.iter().any(|schema| {
                    schema
                        .get("required")
                        .map(Node::items)
                        .unwrap_or_default()
                        .iter()
                        .any(|name| name.as_str() == Some(member.key.as_str()))
                });
                let gap = state.gap.clone().or_else(|| {
                    (!required).then(|| Gap::NotRequired {
                        schema: pointer.clone(),
                        name: member.key.to_string(),
                        has_required: node.get("required").is_some_and(Node::is_array),
                    })
                });
                stack.push(State {
                    pointer: base.child(&member.key),
                    node: &member.value,
                    level: Vec::new(),
                    name: Some(member.key.to_string()),
                    internal,
                    gap,
                });
            }
        }
        for (index, member) in node
            .get("allOf")
            .map(Node::items)
            .unwrap_or_default()
            .iter()
            .enumerate()
            .filter(|(_, member)| reach.contains(&addr(member)))
        {
            stack.push(State {
                pointer: pointer.child("allOf").child_index(index),
                node: member,
                level: level.clone(),
                name: state.name.clone(),
                internal,
                gap: state.gap.clone(),
            });
        }
        let collections = [
            node.get("items")
                .filter(|n| n.is_object())
                .map(|n| (pointer.child("items"), n)),
            node.get("additionalProperties")
                .filter(|n| n.is_object())
                .map(|n| (pointer.child("additionalProperties"), n)),
        ];
        for (child_pointer, child) in collections
            .into_iter()
            .flatten()
            .filter(|(_, child)| reach.contains(&addr(child)))
        {
            stack.push(State {
                pointer: child_pointer,
                node: child,
                level: Vec::new(),
                name: state.name.clone(),
                internal,
                gap: state.gap.clone().or(Some(Gap::Collection)),
            });
        }
    }
    out
}

/// A node's identity, for sets of visited schemas.
fn addr(node: &Node) -> usize {
    std::ptr::from_ref(node).addr()
}

/// Every Schema Object from which a notification URL property can be reached (through
/// `properties`, `items`, `allOf`, `additionalProperties` and `$ref`), by node identity: a
/// backward search from the marked schemas over the reversed schema graph, linear in the
/// number of schemas.
fn url_reach(view: &Swagger<'_>) -> HashSet<usize> {
    // Most connectors have no webhook: skip building the reverse graph for them.
    if !view.schemas().iter().any(|schema| is_url(schema.node)) {
        return HashSet::new();
    }
    let mut reverse: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut stack: Vec<usize> = Vec::new();
    for schema in view.schemas() {
        let node = schema.node;
        let from = addr(node);
        if is_url(node) {
            stack.push(from);
        }
        let mut children: Vec<&Node> = node
            .get("properties")
            .map(Node::members)
            .unwrap_or_default()
            .iter()
            .map(|m| &m.value)
            .collect();
        match node.get("items") {
            Some(items) if items.is_array() => children.extend(items.items()),
            Some(items) => children.push(items),
            None => {}
        }
        children.extend(node.get("allOf").map(Node::items).unwrap_or_default());
        children.extend(node.get("additionalProperties").filter(|n| n.is_object()));
        if node.get("$ref").is_some()
            && let Some((target, _)) = view.deref(node)
        {
            children.push(target);
        }
        for child in children {
            reverse.entry(addr(child)).or_default().push(from);
        }
    }
    let mut reach: HashSet<usize> = stack.iter().copied().collect();
    while let Some(current) = stack.pop() {
        for &parent in reverse.get(&current).map(Vec::as_slice).unwrap_or_default() {
            if reach.insert(parent) {
                stack.push(parent);
            }
        }
    }
    reach
}

/// The notification URL is a string, internal, and required all the way down.
fn check_url_property(
    cx: &mut RuleContext<'_>,
    file: FileId,
    property: &UrlProperty<'_>,
    reported: &mut HashSet<String>,
) {
    let label = match &property.name {
        Some(name) => format!("notification URL property `{name}`"),
        None => "the notification URL body".to_owned(),
    };
    let url_pointer = property.pointer.child(URL_KEY);
    let mut once = |what: &str| reported.insert(format!("{what}{}", property.pointer.as_str()));
    // An absent `type` is not reported: accepted connectors leave it out.
    if let Some(kind) = property.node.get("type")
        && kind.as_str() != Some("string")
        && once("type")
    {
        let shown = kind
            .as_str()
            .map_or_else(|| kind.kind_name().to_owned(), |k| format!("`{k}`"));
        cx.report(
            file,
            Target::value(&property.pointer.child("type")),
            format!("{label} has `type` {shown}, not `string`"),
        )
        .help("a notification URL is a string: set `\"type\": \"string\"`");
    }
    if !property.internal && once("internal") {
        cx.report(
            file,
            Target::key(&url_pointer),
            format!("{label} is not internal"),
        )
        .help("add `\"x-ms-visibility\": \"internal\"` to it (or to an object above it): the platform fills in the callback URL, the user never sees it");
    }
    match &property.gap {
        Some(Gap::NotRequired {
            schema,
            name,
            has_required,
        }) if once("required") => {
            let target = if *has_required {
                Target::value(&schema.child("required"))
            } else {
                Target::missing(schema, "required")
            };
            cx.report(
                file,
                target,
                format!("`required` does not list `{name}`, on the way to {label}"),
            )
            .help(format!(
                "add `{name}` to this schema's `required`: the notification URL must be required all the way from the body parameter"
            ));
        }
        Some(Gap::Collection) if once("required") => {
            cx.report(
                file,
                Target::key(&url_pointer),
                format!("{label} is inside an array or a map, so it cannot be required"),
            )
            .help("move the notification URL to an object property that is required all the way from the body parameter");
        }
        _ => {}
    }
}

/// Whether the document's text can hold `key` as a member name: it is written out, or the text
/// has `\u` escapes that could spell it. Most swaggers have no notification URL, and walking
/// every response schema to find none was a third of this rule's time.
fn may_hold_key(text: Option<&str>, key: &str) -> bool {
    let Some(text) = text else {
        return true;
    };
    let bytes = text.as_bytes();
    memchr::memmem::find(bytes, key.as_bytes()).is_some()
        || memchr::memmem::find(bytes, b"\\u").is_some()
}

/// `x-ms-notification-url` only in a request body: not in a response schema or the
/// notification content (unless the same schema is also part of a body), and not on a
/// non-body parameter.
fn check_positions(
    cx: &mut RuleContext<'_>,
    file: FileId,
    view: &Swagger<'_>,
    inputs: &HashSet<String>,
    reported: &mut HashSet<String>,
) {
    let mut roots: Vec<(Pointer, &Node)> = view
        .schemas()
        .iter()
        .filter(|s| s.place == SchemaPlace::Response && s.depth == 0)
        .map(|s| (s.pointer(), s.node))
        .collect();
    if let Some(paths) = view.root().get("paths") {
        let base = Pointer::root().child("paths");
        for path in paths.members() {
            let path_pointer = base.child(&path.key);
            let mut holders = vec![(path_pointer.clone(), &path.value)];
            for op in path.value.members() {
                if op.value.is_object() {
                    holders.push((path_pointer.child(&op.key), &op.value));
                }
            }
            for (pointer, holder) in holders {
                if let Some(schema) = holder.get(CONTENT_KEY).and_then(|c| c.get("schema")) {
                    roots.push((pointer.child(CONTENT_KEY).child("schema"), schema));
                }
            }
        }
    }
    let mut visited: HashSet<String> = HashSet::new();
    let mut stack = roots;
    while let Some((pointer, node)) = stack.pop() {
        let Some((node, at)) = view.deref(node) else {
            continue;
        };
        let pointer = at.unwrap_or(pointer);
        if !node.is_object() || !visited.insert(pointer.as_str().to_owned()) {
            continue;
        }
        if is_url(node)
            && !inputs.contains(pointer.as_str())
            && reported.insert(format!("position{}", pointer.as_str()))
        {
            cx.report(
                file,
                Target::key(&pointer.child(URL_KEY)),
                "`x-ms-notification-url` is only allowed in a request body, and this schema is part of a response or notification",
            )
            // Only a warning: certified AtBot, AtBot Admin and Tikit were accepted with the
            // extension in echoed response schemas, where the platform ignores it.
            .at_most(Severity::Warning)
            .help("remove `x-ms-notification-url` here; mark the callback URL property of the webhook trigger's body parameter instead");
        }
        if let Some(properties) = node.get("properties") {
            let base = pointer.child("properties");
            for member in properties.members() {
                stack.push((base.child(&member.key), &member.value));
            }
        }
        for (index, member) in node
            .get("allOf")
            .map(Node::items)
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            stack.push((pointer.child("allOf").child_index(index), member));
        }
        for key in ["items", "additionalProperties"] {
            if let Some(child) = node.get(key).filter(|n| n.is_object()) {
                stack.push((pointer.child(key), child));
            }
        }
    }
    for (pointer, parameter) in view.parameter_objects() {
        let location = parameter.get("in").and_then(Node::as_str);
        if location != Some("body") && is_url(parameter) {
            cx.report(
                file,
                Target::key(&pointer.child(URL_KEY)),
                match location {
                    Some(location) => format!("`x-ms-notification-url` is only allowed in a request body, and this parameter is `in: {location}`"),
                    None => "`x-ms-notification-url` is only allowed in a request body, and this parameter has no `in`".to_owned(),
                },
            )
            .help("put the callback URL in a string property of the body parameter's schema and mark that property instead");
        }
    }
}
