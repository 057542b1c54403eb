//! SW103 (dynamic-extensions): `x-ms-dynamic-values`, `-list`, `-schema` and `-properties` call
//! operations that exist, with parameters those operations have, fed from parameters of the
//! operation they sit in.

use std::cell::OnceCell;

use foldhash::{HashSet, HashSetExt};

use crate::diagnostic::Target;
use crate::json::{Node, Pointer};
use crate::package::swagger::{Operation, Swagger};
use crate::rules::levels::E;
use crate::rules::swagger::extension_values::parameter_objects;
use crate::rules::swagger::schema_refs::RefTargets;
use crate::rules::swagger::swagger_version::describe;
use crate::rules::{Rule, RuleContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks `x-ms-dynamic-values`, `x-ms-dynamic-list`, `x-ms-dynamic-schema` and
    /// `x-ms-dynamic-properties`, wherever they sit (a parameter, or a property of a body or
    /// response schema):
    /// - `operationId` names an operation of this swagger (`x-ms-dynamic-values` may instead use
    ///   `capability: file-picker` or `builtInOperation`);
    /// - every key of `parameters` is a parameter of that operation;
    /// - every `{ "parameter": "p" }` and every `parameterReference` names a parameter of the
    ///   operation the extension is used in;
    /// - a reference to a property inside a parameter (`body/category`, or a sibling property of
    ///   the body schema) in `x-ms-dynamic-values` or `x-ms-dynamic-schema` needs
    ///   `x-ms-dynamic-list` or `x-ms-dynamic-properties` beside it, which can express it;
    /// - none of them is on a body parameter itself (it belongs on its schema).
    ///
    /// ## Why is this bad?
    /// The designer calls the named operation to fill a drop-down or to fetch a schema. A wrong
    /// operation or parameter name makes the drop-down or the dynamic fields fail at design
    /// time, for every user. The Swagger Validator rejects these (*OperationIdNotFound*,
    /// *OperationParameterNameNotFound*, *DynamicExtensionDefinitionNotAllowedInParameter*,
    /// *DynamicListExtensionRequiredForNonParameterReferences*, …).
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {
    ///     "/projects": {
    ///       "get": {
    ///         "operationId": "ListProjects",
    ///         "x-ms-visibility": "internal",
    ///         "responses": { "200": { "description": "The projects." } }
    ///       }
    ///     },
    ///     "/tasks": {
    ///       "get": {
    ///         "operationId": "ListTasks",
    ///         "parameters": [{
    ///           "name": "projectId", "in": "query", "required": true, "type": "string",
    ///           "x-ms-dynamic-values": { "operationId": "GetProjects", "value-path": "id", "value-title": "name" }
    ///         }],
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
    ///     "/projects": {
    ///       "get": {
    ///         "operationId": "ListProjects",
    ///         "x-ms-visibility": "internal",
    ///         "responses": { "200": { "description": "The projects." } }
    ///       }
    ///     },
    ///     "/tasks": {
    ///       "get": {
    ///         "operationId": "ListTasks",
    ///         "parameters": [{
    ///           "name": "projectId", "in": "query", "required": true, "type": "string",
    ///           "x-ms-dynamic-values": { "operationId": "ListProjects", "value-path": "id", "value-title": "name" }
    ///         }],
    ///         "responses": { "200": { "description": "The tasks." } }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Extend an OpenAPI definition* (dynamic values, lists, schemas and properties);
    /// Learn, *Fix Swagger Validator errors* (SVR): *OperationIdNotFound*,
    /// *OperationParameterNameNotFound*, *DynamicExtensionDefinitionNotAllowedInParameter*,
    /// *DynamicListExtensionRequiredForNonParameterReferences*,
    /// *DynamicPropertiesExtensionRequiredForNonParameterReferences*.
    pub(crate) DynamicExtensions {
        code: "SW103",
        name: "dynamic-extensions",
        family: SW,
        category: Certification,
        levels: [E, E, E],
        summary: "dynamic extensions call existing operations with existing parameters",
    }
}

const VALUES: &str = "x-ms-dynamic-values";
const LIST: &str = "x-ms-dynamic-list";
const SCHEMA: &str = "x-ms-dynamic-schema";
const PROPERTIES: &str = "x-ms-dynamic-properties";
const EXTENSIONS: [&str; 4] = [VALUES, LIST, SCHEMA, PROPERTIES];

/// The extension that can express references to properties inside parameters for this one.
fn companion(extension: &str) -> Option<&'static str> {
    match extension {
        VALUES => Some(LIST),
        SCHEMA => Some(PROPERTIES),
        _ => None,
    }
}

fn has_extension(node: &Node) -> bool {
    // One pass over the members with a cheap prefix test: this runs on every schema.
    node.members().iter().any(|m| is_extension(&m.key))
}

fn is_extension(key: &str) -> bool {
    key.starts_with("x-ms-dynamic") && EXTENSIONS.contains(&key)
}

/// Findings, each reported once however many operations share the place.
struct Findings<'c, 'p> {
    cx: &'c mut RuleContext<'p>,
    file: crate::package::FileId,
    seen: HashSet<(Pointer, String)>,
}

impl Findings<'_, '_> {
    fn report(&mut self, target: Target, at: &Pointer, message: String, help: String) {
        if self.seen.insert((at.clone(), message.clone())) {
            self.cx.report(self.file, target, message).help(help);
        }
    }
}

/// `` `a`, `b`, `c` `` (at most 8, then `…`).
fn listing(names: &[&str]) -> String {
    if names.is_empty() {
        return "it has none".to_owned();
    }
    let mut shown: Vec<String> = names.iter().take(8).map(|n| format!("`{n}`")).collect();
    if names.len() > 8 {
        shown.push("…".to_owned());
    }
    shown.join(", ")
}

impl Rule for DynamicExtensions {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        let mut findings = Findings {
            cx,
            file,
            seen: HashSet::new(),
        };
        // What every place can be checked for on its own. Only a place with a dynamic
        // extension has anything to check: one pass over its members says so.
        for (node, pointer) in parameter_objects(view) {
            if !has_extension(node) {
                continue;
            }
            if node.get("in").and_then(Node::as_str) == Some("body") {
                for extension in EXTENSIONS {
                    if node.get(extension).is_some() {
                        let at = pointer.child(extension);
                        findings.report(
                            Target::key(&at),
                            &at,
                            format!("`{extension}` is on a body parameter"),
                            "move it into the body parameter's `schema`, onto the property it describes".to_owned(),
                        );
                    }
                }
            }
            check_calls(&mut findings, view, node, &Place::known(pointer));
        }
        let mut any_in_schemas = false;
        for schema in view.schemas() {
            if has_extension(schema.node) {
                any_in_schemas = true;
                check_calls(
                    &mut findings,
                    view,
                    schema.node,
                    &Place::of(view, schema.node),
                );
            }
        }
        // What depends on the operation a place is used in.
        let mut walk = SchemaWalk::new(view);
        for operation in view.operations() {
            // The operation's parameter names, listed the first time they are needed.
            let mut names: Option<Vec<&str>> = None;
            let mut names_of = || -> Vec<&str> {
                operation
                    .parameters
                    .iter()
                    .filter_map(|p| p.name())
                    .collect()
            };
            for parameter in &operation.parameters {
                if !has_extension(parameter.node) {
                    continue;
                }
                let names = names.get_or_insert_with(&mut names_of);
                check_references(
                    &mut findings,
                    operation,
                    names,
                    parameter.node,
                    &Place::known(&parameter.pointer),
                );
            }
            if any_in_schemas {
                walk.holders_in(operation);
                if walk.found.is_empty() {
                    continue;
                }
                let names = names.get_or_insert_with(&mut names_of);
                for &node in &walk.found {
                    check_references(
                        &mut findings,
                        operation,
                        names,
                        node,
                        &Place::of(view, node),
                    );
                }
            }
        }
    }
}

/// Where a holder of dynamic extensions is: given, or worked out from its node on the first
/// finding (most extensions are fine, and a schema's pointer is found by a descent from the
/// document's root).
enum Place<'v, 'a> {
    Known(&'v Pointer),
    Node {
        view: &'v Swagger<'a>,
        node: &'a Node,
        pointer: OnceCell<Pointer>,
    },
}

impl<'v, 'a> Place<'v, 'a> {
    fn known(pointer: &'v Pointer) -> Self {
        Place::Known(pointer)
    }

    fn of(view: &'v Swagger<'a>, node: &'a Node) -> Self {
        Place::Node {
            view,
            node,
            pointer: OnceCell::new(),
        }
    }

    /// The pointer of the member `key` of the holder.
    fn child(&self, key: &str) -> Pointer {
        match self {
            Place::Known(pointer) => pointer.child(key),
            Place::Node {
                view,
                node,
                pointer,
            } => pointer.get_or_init(|| view.pointer_of(node)).child(key),
        }
    }
}

/// `operationId` exists, and the keys of `parameters` are parameters of that operation.
fn check_calls(
    findings: &mut Findings<'_, '_>,
    view: &Swagger<'_>,
    holder: &Node,
    place: &Place<'_, '_>,
) {
    for extension in EXTENSIONS {
        let Some(value) = holder.get(extension) else {
            continue;
        };
        // Only findings need it.
        let at = || place.child(extension);
        if !value.is_object() {
            let at = at();
            findings.report(
                Target::value(&at),
                &at,
                format!("`{extension}` is {}, not an object", describe(value)),
                "write an object with the `operationId` to call and its `parameters`".to_owned(),
            );
            continue;
        }
        let id = match value.get("operationId") {
            Some(id) => match id.as_str() {
                Some(id) => id,
                None => {
                    let id_at = at().child("operationId");
                    findings.report(
                        Target::value(&id_at),
                        &id_at,
                        format!(
                            "the `operationId` of `{extension}` is {}, not a string",
                            describe(id)
                        ),
                        "write the `operationId` of an operation of this swagger".to_owned(),
                    );
                    continue;
                }
            },
            None => {
                if extension == VALUES {
                    if let Some(capability) = value.get("capability") {
                        if capability.as_str() != Some("file-picker") {
                            let cap_at = at().child("capability");
                            findings.report(
                                Target::value(&cap_at),
                                &cap_at,
                                format!(
                                    "`{extension}` uses capability {}, not `file-picker`",
                                    describe(capability)
                                ),
                                "use `\"capability\": \"file-picker\"`, or call an operation with `operationId`".to_owned(),
                            );
                        }
                        continue;
                    }
                    if value.get("builtInOperation").is_some() {
                        continue;
                    }
                }
                let alternatives = if extension == VALUES {
                    " (or a `capability` or `builtInOperation`)"
                } else {
                    ""
                };
                let at = at();
                findings.report(
                    Target::missing(&at, "operationId"),
                    &at,
                    format!("`{extension}` has no `operationId`"),
                    format!("add the `operationId` of the operation to call{alternatives}"),
                );
                continue;
            }
        };
        if !view.has_operation_id(id) {
            let id_at = at().child("operationId");
            let near = view
                .operations()
                .iter()
                .filter_map(Operation::operation_id)
                .find(|other| other.eq_ignore_ascii_case(id));
            let help = match near {
                Some(other) => format!("did you mean `{other}`? operationIds are case-sensitive"),
                None => "use the `operationId` of an operation of this swagger (add the operation, usually with `\"x-ms-visibility\": \"internal\"`)".to_owned(),
            };
            findings.report(
                Target::value(&id_at),
                &id_at,
                format!("`{extension}` calls `{id}`, which is not an operation of this swagger"),
                help,
            );
            continue;
        }
        let Some(parameters) = value.get("parameters").and_then(Node::as_object) else {
            continue;
        };
        let mut target_names: Vec<&str> = view
            .operations_with_id(id)
            .flat_map(|op| op.parameters.iter().filter_map(|p| p.name()))
            .collect();
        target_names.sort_unstable();
        target_names.dedup();
        // Beside its companion, the legacy extension's keys may name properties inside the
        // target's parameters: the companion holds the mapping the platform uses.
        if companion(extension).is_some_and(|c| holder.get(c).is_some()) {
            continue;
        }
        for member in parameters {
            // `x-ms-dynamic-list` and `-properties` address properties inside a parameter of
            // the target as `body/name`.
            let key = if companion(extension).is_none() {
                member.key.split('/').next().unwrap_or(&member.key)
            } else {
                member.key.as_str()
            };
            if target_names.contains(&key) {
                continue;
            }
            let key_at = at().child("parameters").child(&member.key);
            let help = if target_names.is_empty() {
                format!("`{id}` has no parameters: remove this entry")
            } else {
                format!("use a parameter name of `{id}`: {}", listing(&target_names))
            };
            findings.report(
                Target::key(&key_at),
                &key_at,
                format!(
                    "`{}` is not a parameter of `{id}`, which `{extension}` calls",
                    member.key
                ),
                help,
            );
        }
    }
}

/// The values passed in `parameters` come from parameters of the operation the extension is
/// used in.
fn check_references(
    findings: &mut Findings<'_, '_>,
    operation: &Operation<'_>,
    names: &[&str],
    holder: &Node,
    place: &Place<'_, '_>,
) {
    for extension in EXTENSIONS {
        let Some(parameters) = holder
            .get(extension)
            .and_then(|v| v.get("parameters"))
            .and_then(Node::as_object)
        else {
            continue;
        };
        let beside = companion(extension).filter(|c| holder.get(c).is_some());
        for member in parameters {
            // Only findings need it.
            let entry_at = || {
                place
                    .child(extension)
                    .child("parameters")
                    .child(&member.key)
            };
            if let Some(name) = member.value.get("parameter").and_then(Node::as_str) {
                let names_parameter = names.contains(&name);
                // A sibling property or a path inside a parameter: the companion extension
                // carries the real reference.
                if names_parameter || beside.is_some() {
                    continue;
                }
                let at = entry_at().child("parameter");
                let body = operation.body_parameter().and_then(|p| p.name());
                let help = match (companion(extension), body) {
                    (Some(needed), Some(body)) => format!(
                        "name a parameter of {} ({}); to use a property inside a parameter, also define `{needed}` with `\"parameterReference\": \"{body}/{name}\"`",
                        operation.label(),
                        listing(names)
                    ),
                    (Some(needed), None) => format!(
                        "name a parameter of {} ({}); to use a property inside a parameter, also define `{needed}` with a `parameterReference`",
                        operation.label(),
                        listing(names)
                    ),
                    (None, _) => format!(
                        "name a parameter of {}: {}",
                        operation.label(),
                        listing(names)
                    ),
                };
                findings.report(
                    Target::value(&at),
                    &at,
                    format!(
                        "`\"parameter\": \"{name}\"` in `{extension}` names no parameter of {}",
                        operation.label()
                    ),
                    help,
                );
            }
            if let Some(reference) = member
                .value
                .get("parameterReference")
                .and_then(Node::as_str)
            {
                if reference.contains('/')
                    && let Some(needed) = companion(extension)
                    && beside.is_none()
                {
                    let at = entry_at().child("parameterReference");
                    findings.report(
                        Target::value(&at),
                        &at,
                        format!("`{extension}` refers to `{reference}` inside a parameter without `{needed}`"),
                        format!("define `{needed}` beside `{extension}`: only it can refer to a property inside a parameter"),
                    );
                    continue;
                }
                let first = reference.split('/').next().unwrap_or(reference);
                if !names.contains(&first) {
                    let at = entry_at().child("parameterReference");
                    findings.report(
                        Target::value(&at),
                        &at,
                        format!(
                            "`parameterReference` `{reference}` does not start with a parameter of {}",
                            operation.label()
                        ),
                        format!(
                            "start it with a parameter name of {}: {}",
                            operation.label(),
                            listing(names)
                        ),
                    );
                }
            }
        }
    }
}

/// The schema nodes of an operation's body and responses that carry a dynamic extension,
/// followed through `$ref`, each node once. One walk per operation, its lists kept from one
/// operation to the next.
struct SchemaWalk<'v, 'a> {
    targets: RefTargets<'v, 'a>,
    stack: Vec<&'a Node>,
    seen: HashSet<*const Node>,
    /// The nodes found for the last operation walked, in the order they were met.
    found: Vec<&'a Node>,
}

impl<'v, 'a> SchemaWalk<'v, 'a> {
    fn new(view: &'v Swagger<'a>) -> Self {
        SchemaWalk {
            targets: RefTargets::new(view),
            stack: Vec::new(),
            seen: HashSet::new(),
            found: Vec::new(),
        }
    }

    fn holders_in(&mut self, operation: &Operation<'a>) {
        self.found.clear();
        self.seen.clear();
        self.stack.clear();
        for parameter in &operation.parameters {
            self.stack.extend(parameter.node.get("schema"));
        }
        for response in &operation.responses {
            self.stack.extend(response.node.get("schema"));
        }
        while let Some(node) = self.stack.pop() {
            if !node.is_object() || !self.seen.insert(std::ptr::from_ref(node)) {
                continue;
            }
            // One pass over the members; the last of duplicates wins, as in `Node::get`.
            let (mut reference, mut properties, mut items, mut all_of, mut additional) =
                (None, None, None, None, None);
            let mut extension = false;
            for member in node.members() {
                let value = Some(&member.value);
                match member.key.as_str() {
                    "$ref" => reference = value,
                    "properties" => properties = value,
                    "items" => items = value,
                    "allOf" => all_of = value,
                    "additionalProperties" => additional = value,
                    key => extension |= is_extension(key),
                }
            }
            if let Some(target) = reference.and_then(Node::as_str) {
                if let Some(next) = self.targets.target(target) {
                    self.stack.push(next);
                }
                continue;
            }
            if extension {
                self.found.push(node);
            }
            if let Some(properties) = properties {
                self.stack
                    .extend(properties.members().iter().map(|m| &m.value));
            }
            if let Some(items) = items {
                if items.is_array() {
                    self.stack.extend(items.items());
                } else {
                    self.stack.push(items);
                }
            }
            self.stack
                .extend(all_of.map(Node::items).unwrap_or_default());
            self.stack.extend(additional);
        }
    }
}
