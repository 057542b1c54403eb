//! SW113: webhook triggers — the `x-ms-notification-url` property, the notification schema,
//! and `x-ms-notification`.

use std::cell::OnceCell;
use std::collections::hash_map::Entry;

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
#[cfg(target_arch = "x86_64")]
use memchr::arch::all::packedpair::Pair;

use crate::diagnostic::{Severity, Target};
use crate::json::Node;
use crate::package::swagger::{Operation, SchemaPlace, Swagger};
use crate::package::{FileData, FileId, JsonData, SourceFile};
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
#[derive(Clone, Copy, Debug)]
enum Gap<'a> {
    /// The schema `schema` declares the property `name` but does not require it.
    NotRequired {
        schema: &'a Node,
        name: &'a str,
        has_required: bool,
    },
    /// The path goes through `items` or `additionalProperties`, which cannot be required.
    Collection,
}

/// A notification URL property found under a body parameter.
#[derive(Clone, Debug)]
struct UrlProperty<'a> {
    /// The property's schema (after `$ref`). Its pointer is worked out only for a finding.
    node: &'a Node,
    /// The property name it was reached by (`None` for the body schema itself).
    name: Option<&'a str>,
    internal: bool,
    gap: Option<Gap<'a>>,
}

/// How the walks follow `$ref` and tell nodes apart, by node rather than by pointer: pointers
/// are worked out only for findings (building one per visited schema was most of this rule's
/// time).
struct Nodes<'v, 'a> {
    view: &'v Swagger<'a>,
    /// The document has duplicate keys: see [`Nodes::identity`].
    duplicates: bool,
    /// Each `$ref` string resolved once.
    targets: HashMap<&'a str, Option<&'a Node>>,
    /// The members of `definitions` by name, built when the first `$ref` is resolved: most
    /// references name a definition directly, and [`Swagger::deref`] works out (and clones)
    /// a pointer for each.
    definitions: Option<HashMap<&'a str, &'a Node>>,
}

impl<'v, 'a> Nodes<'v, 'a> {
    fn new(view: &'v Swagger<'a>, source: &SourceFile) -> Self {
        let duplicates = match &source.data {
            FileData::Json(JsonData::Parsed { duplicates, .. }) => !duplicates.is_empty(),
            _ => true,
        };
        Nodes {
            view,
            duplicates,
            targets: HashMap::new(),
            definitions: None,
        }
    }

    /// A node with its `$ref` followed, when it has one that resolves (as [`Swagger::deref`]).
    fn deref(&mut self, node: &'a Node) -> Option<&'a Node> {
        self.resolve(node, node.get("$ref"))
    }

    /// [`Nodes::deref`] for a node whose `$ref` member (`reference`) was looked up already.
    fn resolve(&mut self, node: &'a Node, reference: Option<&'a Node>) -> Option<&'a Node> {
        let Some(target) = reference.and_then(Node::as_str) else {
            return Some(node);
        };
        let slot = match self.targets.entry(target) {
            Entry::Occupied(known) => return *known.get(),
            Entry::Vacant(slot) => slot,
        };
        let view = self.view;
        let found = match definition(view, &mut self.definitions, target) {
            Some(found) => Some(found),
            None => view.deref(node).map(|(found, _)| found),
        };
        *slot.insert(found)
    }

    /// A schema's members this rule reads, after following its `$ref`.
    fn keys(&mut self, node: &'a Node) -> Option<(&'a Node, SchemaKeys<'a>)> {
        let keys = SchemaKeys::of(node);
        if keys.reference.is_none() {
            return Some((node, keys));
        }
        let target = self.resolve(node, keys.reference)?;
        if std::ptr::eq(target, node) {
            return Some((node, keys));
        }
        Some((target, SchemaKeys::of(target)))
    }

    /// What tells a schema from another where findings are keyed by pointer: its address, or
    /// in a document with duplicate keys, the address of the node its pointer names (a member
    /// shadowed by a later one with the same key has the same pointer, and counts as that one).
    fn identity(&self, node: &'a Node) -> usize {
        if self.duplicates
            && let Some(named) = self.view.node_at(&self.view.pointer_of(node))
        {
            return addr(named);
        }
        addr(node)
    }
}

/// What `#/definitions/<name>` names when that is a definition that is no alias (a `$ref` of
/// its own): what [`Swagger::deref`] finds for it, without a pointer. `None` for any other
/// reference, which the view resolves (aliases with their cycle and length checks).
fn definition<'a>(
    view: &Swagger<'a>,
    definitions: &mut Option<HashMap<&'a str, &'a Node>>,
    target: &str,
) -> Option<&'a Node> {
    let name = target.strip_prefix("#/definitions/")?;
    if name.contains(['/', '~']) {
        return None;
    }
    let definitions = definitions.get_or_insert_with(|| {
        // The last of duplicate names, as the view's lookup.
        view.root()
            .get("definitions")
            .and_then(Node::as_object)
            .unwrap_or_default()
            .iter()
            .map(|member| (member.key.as_str(), &member.value))
            .collect()
    });
    let found = *definitions.get(name)?;
    if found.get("$ref").and_then(Node::as_str).is_some() {
        return None;
    }
    Some(found)
}

/// The members of a schema that the walks read, found in one pass over its members: `get` is a
/// linear scan per key, and the walks read six keys of every schema of a webhook connector.
#[derive(Default)]
struct SchemaKeys<'a> {
    reference: Option<&'a Node>,
    url: Option<&'a Node>,
    properties: Option<&'a Node>,
    items: Option<&'a Node>,
    all_of: Option<&'a Node>,
    additional_properties: Option<&'a Node>,
}

impl<'a> SchemaKeys<'a> {
    fn of(node: &'a Node) -> Self {
        let mut keys = SchemaKeys::default();
        for member in node.members() {
            let slot = match member.key.as_str() {
                "$ref" => &mut keys.reference,
                URL_KEY => &mut keys.url,
                "properties" => &mut keys.properties,
                "items" => &mut keys.items,
                "allOf" => &mut keys.all_of,
                "additionalProperties" => &mut keys.additional_properties,
                _ => continue,
            };
            // The last of duplicate members, as `Node::get`.
            *slot = Some(&member.value);
        }
        keys
    }

    /// `"x-ms-notification-url": true`.
    fn is_url(&self) -> bool {
        self.url.and_then(Node::as_bool) == Some(true)
    }
}

impl Rule for Webhooks {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        let source = cx.package().file(file);
        // The three keys all start with `x-ms-notification`: a document whose text cannot hold
        // it has nothing this rule looks at (most swaggers have no webhook).
        let Some(text) = KeyText::read(source.text()) else {
            return;
        };
        let mut nodes = Nodes::new(view, source);
        let mut reported: HashSet<String> = HashSet::new();
        // Only the schemas from which a notification URL can be reached are walked, and each
        // distinct body schema once, so the walks stay linear in the document.
        let reach = if text.may_have_url {
            url_reach(view, &mut nodes)
        } else {
            Reach::default()
        };
        let mut walks: Vec<Vec<UrlProperty<'_>>> = Vec::new();
        let mut by_root: HashMap<(usize, bool), usize> = HashMap::new();
        // Keyed by the parameter's pointer, which the view holds already.
        let mut by_body: HashMap<&str, usize> = HashMap::new();
        if !reach.is_empty() {
            for op in view.operations() {
                for parameter in op.parameters.iter().filter(|p| p.is_body()) {
                    let key = parameter.pointer.as_str();
                    if by_body.contains_key(key) {
                        continue;
                    }
                    let Some(schema) = parameter.node.get("schema") else {
                        continue;
                    };
                    if !reach.contains(schema) {
                        continue;
                    }
                    let Some(resolved) = nodes.deref(schema) else {
                        continue;
                    };
                    let root = (addr(resolved), parameter.is_internal());
                    let index = match by_root.get(&root) {
                        Some(&index) => index,
                        None => {
                            walks.push(url_properties(
                                &mut nodes,
                                &reach,
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
        let mut inputs: HashSet<usize> = HashSet::new();
        for found in &walks {
            for property in found {
                inputs.insert(nodes.identity(property.node));
                check_url_property(cx, file, view, property, &mut reported);
            }
        }
        if text.may_have_url {
            check_positions(cx, file, &mut nodes, &inputs, &mut reported);
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
    nodes: &mut Nodes<'_, 'a>,
    reach: &Reach,
    schema: &'a Node,
    internal: bool,
) -> Vec<UrlProperty<'a>> {
    struct State<'a> {
        node: &'a Node,
        /// The schemas of the current object level: the object schema and the `allOf`
        /// holders above this member (`required` may sit on any of them).
        level: Vec<&'a Node>,
        name: Option<&'a str>,
        internal: bool,
        gap: Option<Gap<'a>>,
    }
    let mut out = Vec::new();
    let mut visited: HashSet<usize> = HashSet::new();
    let mut stack = vec![State {
        node: schema,
        level: Vec::new(),
        name: None,
        internal,
        gap: None,
    }];
    while let Some(state) = stack.pop() {
        let Some(node) = nodes.deref(state.node) else {
            continue;
        };
        if !node.is_object() || !visited.insert(addr(node)) {
            continue;
        }
        let internal = state.internal || is_internal(node) || is_internal(state.node);
        let mut level = state.level;
        level.push(node);
        if is_url(node) {
            out.push(UrlProperty {
                node,
                name: state.name,
                internal,
                gap: state.gap,
            });
        }
        if let Some(properties) = node.get("properties") {
            for member in properties.members() {
                if !reach.contains(&member.value) {
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
                let gap = state.gap.or_else(|| {
                    (!required).then(|| Gap::NotRequired {
                        schema: node,
                        name: member.key.as_str(),
                        has_required: node.get("required").is_some_and(Node::is_array),
                    })
                });
                stack.push(State {
                    node: &member.value,
                    level: Vec::new(),
                    name: Some(member.key.as_str()),
                    internal,
                    gap,
                });
            }
        }
        for member in node
            .get("allOf")
            .map(Node::items)
            .unwrap_or_default()
            .iter()
            .filter(|member| reach.contains(member))
        {
            stack.push(State {
                node: member,
                level: level.clone(),
                name: state.name,
                internal,
                gap: state.gap,
            });
        }
        let collections = [
            node.get("items").filter(|n| n.is_object()),
            node.get("additionalProperties").filter(|n| n.is_object()),
        ];
        for child in collections
            .into_iter()
            .flatten()
            .filter(|child| reach.contains(child))
        {
            stack.push(State {
                node: child,
                level: Vec::new(),
                name: state.name,
                internal,
                gap: state.gap.or(Some(Gap::Collection)),
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
fn url_reach<'a>(view: &Swagger<'a>, nodes: &mut Nodes<'_, 'a>) -> Reach {
    let schemas = view.schemas();
    // Most connectors have no webhook, and some name the key only outside schemas: skip
    // building the reverse graph for them.
    if !schemas.iter().any(|schema| is_url(schema.node)) {
        return Reach::default();
    }
    // Schemas by index; a node that is no schema cannot be marked nor reach one that is.
    let mut index: HashMap<usize, u32> = HashMap::with_capacity(schemas.len());
    for schema in schemas {
        let next = index.len() as u32;
        index.entry(addr(schema.node)).or_insert(next);
    }
    // (child, parent) edges, then grouped by child without a map of vectors (counting sort).
    let mut edges: Vec<(u32, u32)> = Vec::with_capacity(schemas.len() * 2);
    let mut stack: Vec<u32> = Vec::new();
    for schema in schemas {
        let node = schema.node;
        let Some(&from) = index.get(&addr(node)) else {
            continue;
        };
        let keys = SchemaKeys::of(node);
        if keys.is_url() {
            stack.push(from);
        }
        let mut edge = |child: &Node| {
            if let Some(&child) = index.get(&addr(child)) {
                edges.push((child, from));
            }
        };
        for member in keys.properties.map(Node::members).unwrap_or_default() {
            edge(&member.value);
        }
        match keys.items {
            Some(items) if items.is_array() => items.items().iter().for_each(&mut edge),
            Some(items) => edge(items),
            None => {}
        }
        keys.all_of
            .map(Node::items)
            .unwrap_or_default()
            .iter()
            .for_each(&mut edge);
        if let Some(additional) = keys.additional_properties.filter(|n| n.is_object()) {
            edge(additional);
        }
        if keys.reference.is_some()
            && let Some(target) = nodes.resolve(node, keys.reference)
        {
            edge(target);
        }
    }
    let mut starts = vec![0u32; index.len() + 1];
    for &(child, _) in &edges {
        starts[child as usize + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut fill = starts.clone();
    let mut parents = vec![0u32; edges.len()];
    for &(child, parent) in &edges {
        parents[fill[child as usize] as usize] = parent;
        fill[child as usize] += 1;
    }
    let mut reached = vec![false; index.len()];
    for &seed in &stack {
        reached[seed as usize] = true;
    }
    while let Some(current) = stack.pop() {
        let current = current as usize;
        for &parent in &parents[starts[current] as usize..starts[current + 1] as usize] {
            if !reached[parent as usize] {
                reached[parent as usize] = true;
                stack.push(parent);
            }
        }
    }
    Reach { index, reached }
}

/// The schemas [`url_reach`] found, by node.
#[derive(Default)]
struct Reach {
    index: HashMap<usize, u32>,
    reached: Vec<bool>,
}

impl Reach {
    fn contains(&self, node: &Node) -> bool {
        self.index
            .get(&addr(node))
            .is_some_and(|&i| self.reached[i as usize])
    }

    fn is_empty(&self) -> bool {
        !self.reached.contains(&true)
    }
}

/// The notification URL is a string, internal, and required all the way down.
fn check_url_property(
    cx: &mut RuleContext<'_>,
    file: FileId,
    view: &Swagger<'_>,
    property: &UrlProperty<'_>,
    reported: &mut HashSet<String>,
) {
    let label = match property.name {
        Some(name) => format!("notification URL property `{name}`"),
        None => "the notification URL body".to_owned(),
    };
    let pointer = OnceCell::new();
    let pointer = || pointer.get_or_init(|| view.pointer_of(property.node));
    let url_pointer = || pointer().child(URL_KEY);
    let mut once = |what: &str| reported.insert(format!("{what}{}", pointer().as_str()));
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
            Target::value(&pointer().child("type")),
            format!("{label} has `type` {shown}, not `string`"),
        )
        .help("a notification URL is a string: set `\"type\": \"string\"`");
    }
    if !property.internal && once("internal") {
        cx.report(
            file,
            Target::key(&url_pointer()),
            format!("{label} is not internal"),
        )
        .help("add `\"x-ms-visibility\": \"internal\"` to it (or to an object above it): the platform fills in the callback URL, the user never sees it");
    }
    match property.gap {
        Some(Gap::NotRequired {
            schema,
            name,
            has_required,
        }) if once("required") => {
            let schema = view.pointer_of(schema);
            let target = if has_required {
                Target::value(&schema.child("required"))
            } else {
                Target::missing(&schema, "required")
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
                Target::key(&url_pointer()),
                format!("{label} is inside an array or a map, so it cannot be required"),
            )
            .help("move the notification URL to an object property that is required all the way from the body parameter");
        }
        _ => {}
    }
}

/// What the document's text says about the keys this rule reads.
struct KeyText {
    /// `x-ms-notification-url` can be a member name.
    may_have_url: bool,
}

impl KeyText {
    /// `None` when no member name can be one of the three keys: the text has neither their
    /// common prefix `x-ms-notification` nor `\u` escapes that could spell it. Most swaggers
    /// have no webhook, and this is all the rule does for them: one or two scans of the text.
    fn read(text: Option<&str>) -> Option<KeyText> {
        let Some(text) = text else {
            return Some(KeyText { may_have_url: true });
        };
        let bytes = text.as_bytes();
        let escapes = || memchr::memmem::find(bytes, b"\\u").is_some();
        match find_prefix(bytes) {
            // The URL key, if written out, is at or after the first occurrence of the prefix.
            Some(at) => Some(KeyText {
                may_have_url: memchr::memmem::find(&bytes[at..], URL_KEY.as_bytes()).is_some()
                    || escapes(),
            }),
            None => escapes().then_some(KeyText { may_have_url: true }),
        }
    }
}

/// Where `x-ms-notification` first occurs. On x86-64 the search tests the needle's `f` and `c`
/// first: `memmem`'s own choice of bytes matches every `x-ms-` extension of a swagger and made
/// the scan (over every swagger of a run) a third slower.
fn find_prefix(bytes: &[u8]) -> Option<usize> {
    let needle = NOTIFICATION_KEY.as_bytes();
    #[cfg(target_arch = "x86_64")]
    {
        use memchr::arch::x86_64::avx2::packedpair::Finder;
        static FINDER: std::sync::LazyLock<Option<Finder>> = std::sync::LazyLock::new(|| {
            let needle = NOTIFICATION_KEY.as_bytes();
            Finder::with_pair(needle, Pair::with_indices(needle, 9, 11)?)
        });
        if let Some(finder) = FINDER.as_ref()
            && bytes.len() >= finder.min_haystack_len()
        {
            return finder.find(bytes, needle);
        }
    }
    memchr::memmem::find(bytes, needle)
}

/// `x-ms-notification-url` only in a request body: not in a response schema or the
/// notification content (unless the same schema is also part of a body), and not on a
/// non-body parameter.
fn check_positions<'a>(
    cx: &mut RuleContext<'_>,
    file: FileId,
    nodes: &mut Nodes<'_, 'a>,
    inputs: &HashSet<usize>,
    reported: &mut HashSet<String>,
) {
    let view = nodes.view;
    let mut roots: Vec<&'a Node> = view
        .schemas()
        .iter()
        .filter(|s| s.place == SchemaPlace::Response && s.depth == 0)
        .map(|s| s.node)
        .collect();
    if let Some(paths) = view.root().get("paths") {
        for path in paths.members() {
            let holders = std::iter::once(&path.value).chain(
                path.value
                    .members()
                    .iter()
                    .map(|op| &op.value)
                    .filter(|op| op.is_object()),
            );
            for holder in holders {
                if let Some(schema) = holder.get(CONTENT_KEY).and_then(|c| c.get("schema")) {
                    roots.push(schema);
                }
            }
        }
    }
    let mut visited: HashSet<usize> = HashSet::with_capacity(view.schemas().len());
    let mut stack = roots;
    while let Some(node) = stack.pop() {
        let Some((node, keys)) = nodes.keys(node) else {
            continue;
        };
        if !node.is_object() {
            continue;
        }
        let identity = nodes.identity(node);
        if !visited.insert(identity) {
            continue;
        }
        if keys.is_url() && !inputs.contains(&identity) {
            let pointer = view.pointer_of(node);
            if reported.insert(format!("position{}", pointer.as_str())) {
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
        }
        if let Some(properties) = keys.properties {
            stack.extend(properties.members().iter().map(|member| &member.value));
        }
        stack.extend(keys.all_of.map(Node::items).unwrap_or_default());
        for child in [keys.items, keys.additional_properties] {
            if let Some(child) = child.filter(|n| n.is_object()) {
                stack.push(child);
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
