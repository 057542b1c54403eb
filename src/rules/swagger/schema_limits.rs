//! Size limits: SW094 (schema-limits) and SW095 (operation-count).

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use crate::diagnostic::Target;
use crate::json::{Node, Pointer};
use crate::package::swagger::{Operation, RefTarget, Swagger};
use crate::rules::levels::{E, W};
use crate::rules::{Rule, RuleContext, declare_rule};
use crate::text::thousands;

/// *OperationSchemaCountExceedsMaxAllowed* (FAQ).
const MAX_SCHEMAS: u64 = 16_384;
/// The real limit is not published (rules.md §6); pcpkg warns above this.
const MAX_DEPTH: u64 = 32;
/// *TotalOperationsCountExceedsMaxAllowed* (FAQ).
const MAX_OPERATIONS: usize = 256;
/// Operations listed for the count check; the rest are counted in one last finding.
const MAX_LISTED: usize = 20;

declare_rule! {
    /// ## What it does
    /// Counts the schemas of each operation — its non-body parameters, and every schema node of
    /// its body and response schemas with each `$ref` counted where it is used — and warns above
    /// 16,384. Warns when a body or response schema nests more than 32 levels deep, counting
    /// through `$ref`. A recursive reference (a tree of items) is counted once, not unrolled.
    ///
    /// ## Why is this bad?
    /// The platform limits the number of schemas per operation
    /// (*OperationSchemaCountExceedsMaxAllowed*, *BodySchemaCountExceedsMaxAllowed*) and their
    /// depth (*SchemaTooDeep*, limit not published). A huge or very deep schema also makes the
    /// designer slow to load the action. Real connectors stay far below both limits (at most
    /// about 700 schemas and 13 levels).
    ///
    /// ## Example
    /// A response schema 34 levels deep:
    /// ```json,fail
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {
    ///     "/tree": {
    ///       "get": {
    ///         "operationId": "GetTree",
    ///         "responses": { "200": { "description": "The tree.", "schema": { "$ref": "#/definitions/L1" } } }
    ///       }
    ///     }
    ///   },
    ///   "definitions": {
    ///     "L1": { "type": "object", "properties": { "a": { "type": "object", "properties": { "b": { "type": "object", "properties": { "c": { "$ref": "#/definitions/L2" } } } } } } },
    ///     "L2": { "type": "object", "properties": { "a": { "type": "object", "properties": { "b": { "type": "object", "properties": { "c": { "$ref": "#/definitions/L3" } } } } } } },
    ///     "L3": { "type": "object", "properties": { "a": { "type": "object", "properties": { "b": { "type": "object", "properties": { "c": { "$ref": "#/definitions/L4" } } } } } } },
    ///     "L4": { "type": "object", "properties": { "a": { "type": "object", "properties": { "b": { "type": "object", "properties": { "c": { "$ref": "#/definitions/L5" } } } } } } },
    ///     "L5": { "type": "object", "properties": { "a": { "type": "object", "properties": { "b": { "type": "object", "properties": { "c": { "$ref": "#/definitions/L6" } } } } } } },
    ///     "L6": { "type": "object", "properties": { "a": { "type": "object", "properties": { "b": { "type": "object", "properties": { "c": { "$ref": "#/definitions/L7" } } } } } } },
    ///     "L7": { "type": "object", "properties": { "a": { "type": "object", "properties": { "b": { "type": "object", "properties": { "c": { "$ref": "#/definitions/L8" } } } } } } },
    ///     "L8": { "type": "object", "properties": { "a": { "type": "object", "properties": { "b": { "type": "object", "properties": { "c": { "$ref": "#/definitions/L9" } } } } } } },
    ///     "L9": { "type": "object", "properties": { "a": { "type": "object", "properties": { "b": { "type": "object", "properties": { "c": { "$ref": "#/definitions/L10" } } } } } } },
    ///     "L10": { "type": "object", "properties": { "a": { "type": "object", "properties": { "b": { "type": "object", "properties": { "c": { "$ref": "#/definitions/L11" } } } } } } },
    ///     "L11": { "type": "object", "properties": { "a": { "type": "object", "properties": { "b": { "type": "object", "properties": { "c": { "$ref": "#/definitions/L12" } } } } } } },
    ///     "L12": { "type": "object", "properties": { "a": { "type": "object", "properties": { "b": { "type": "object", "properties": { "c": { "type": "string" } } } } } } }
    ///   }
    /// }
    /// ```
    /// Use instead: a flatter schema, for example one that lists the nested items in an array.
    /// ```json,pass
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {
    ///     "/tree": {
    ///       "get": {
    ///         "operationId": "GetTree",
    ///         "responses": { "200": { "description": "The tree.", "schema": { "$ref": "#/definitions/Node" } } }
    ///       }
    ///     }
    ///   },
    ///   "definitions": {
    ///     "Node": { "type": "object", "properties": { "name": { "type": "string" }, "children": { "type": "array", "items": { "$ref": "#/definitions/Node" } } } }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn custom-connector FAQ (limits); Learn, *Fix Swagger Validator errors* (SVR):
    /// *OperationSchemaCountExceedsMaxAllowed*, *BodySchemaCountExceedsMaxAllowed*,
    /// *SchemaTooDeep* ("including referenced (`$ref`) schemas"). The depth limit is a guess
    /// (rules.md §6).
    pub(crate) SchemaLimits {
        code: "SW094",
        name: "schema-limits",
        family: SW,
        category: Certification,
        levels: [W, W, W],
        summary: "at most 16,384 schemas per operation, nested at most 32 levels",
    }
}

declare_rule! {
    /// ## What it does
    /// Checks that the swagger defines at most 256 operations.
    ///
    /// ## Why is this bad?
    /// The platform rejects a connector with more operations
    /// (*TotalOperationsCountExceedsMaxAllowed*). The largest accepted connector has 219.
    ///
    /// ## Example
    /// A connector with 300 operations cannot be imported. Split it into several connectors
    /// (for example one per product area), or remove operations nobody uses.
    ///
    /// ## Source
    /// Learn custom-connector FAQ (limits); Learn, *Fix Swagger Validator errors* (SVR):
    /// *TotalOperationsCountExceedsMaxAllowed*.
    pub(crate) OperationCount {
        code: "SW095",
        name: "operation-count",
        family: SW,
        category: Certification,
        levels: [E, E, E],
        summary: "at most 256 operations",
    }
}

impl Rule for OperationCount {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        let count = view.operations().len();
        if count > MAX_OPERATIONS {
            cx.report(
                file,
                Target::key(&Pointer::root().child("paths")),
                format!(
                    "the swagger defines {} operations; the limit is {MAX_OPERATIONS}",
                    thousands(count as u64)
                ),
            )
            .help(format!(
                "remove {} {}, or split the connector into several connectors",
                count - MAX_OPERATIONS,
                if count - MAX_OPERATIONS == 1 {
                    "operation"
                } else {
                    "operations"
                }
            ));
        }
    }
}

impl Rule for SchemaLimits {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        let mut sizes = Sizes::new(view);
        let mut deep_reported: HashSet<Pointer> = HashSet::new();
        let mut listed = 0usize;
        let mut unlisted = 0usize;
        for operation in view.operations() {
            let mut total: u64 = 0;
            for (root, pointer, what) in schema_roots(operation) {
                let size = sizes.measure(root);
                total = total.saturating_add(size.count);
                if size.depth > MAX_DEPTH {
                    // One finding per schema, however many operations use it.
                    let key = match root
                        .get("$ref")
                        .and_then(Node::as_str)
                        .map(|t| view.resolution(t))
                    {
                        Some(RefTarget::Found(target)) => target,
                        _ => pointer.clone(),
                    };
                    if deep_reported.insert(key) {
                        cx.report(
                            file,
                            Target::value(&pointer),
                            format!(
                                "the {what} schema of {} is {} levels deep, counting through `$ref`",
                                operation.label(),
                                size.depth
                            ),
                        )
                        .help(format!("flatten the schema to at most {MAX_DEPTH} levels: the platform rejects schemas that are too deep (its exact limit is not published)"));
                    }
                }
            }
            let non_body = operation.parameters.iter().filter(|p| !p.is_body()).count();
            total = total.saturating_add(non_body as u64);
            if total <= MAX_SCHEMAS {
                continue;
            }
            if listed == MAX_LISTED {
                unlisted += 1;
                continue;
            }
            listed += 1;
            let shown = if total == u64::MAX {
                "more than 18 quintillion".to_owned()
            } else {
                thousands(total)
            };
            cx.report(
                file,
                Target::key(&operation.pointer),
                format!(
                    "{} has {shown} schemas, counting each use of a `$ref`; the limit is {}",
                    operation.label(),
                    thousands(MAX_SCHEMAS)
                ),
            )
            .help("remove unneeded properties and item definitions, or split the operation");
        }
        if unlisted > 0 {
            cx.report(
                file,
                Target::File,
                format!(
                    "{unlisted} more operations have more than {} schemas (the first {MAX_LISTED} are listed)",
                    thousands(MAX_SCHEMAS)
                ),
            )
            .help("fix the ones listed and run pcpkg again");
        }
    }
}

/// The body and response schemas of an operation, with where they are and what to call them.
fn schema_roots<'a>(operation: &Operation<'a>) -> Vec<(&'a Node, Pointer, String)> {
    let mut roots = Vec::new();
    for parameter in &operation.parameters {
        if let Some(schema) = parameter.node.get("schema") {
            roots.push((schema, parameter.pointer.child("schema"), "body".to_owned()));
        }
    }
    for response in &operation.responses {
        if let Some(schema) = response.node.get("schema") {
            roots.push((
                schema,
                response.pointer.child("schema"),
                format!("response `{}`", response.status),
            ));
        }
    }
    roots
}

/// How many schema nodes a schema expands to (each `$ref` counted where it is used) and how
/// deeply it nests.
#[derive(Clone, Copy, Debug, Default)]
struct Size {
    count: u64,
    depth: u64,
}

/// Memoised sizes of schema nodes, shared by every operation. A reference back to a schema that
/// is being measured (recursion) is not followed, so a recursive schema counts once, and a
/// shared definition is measured once however many times it is used: linear in the document.
struct Sizes<'v, 'a> {
    view: &'v Swagger<'a>,
    memo: HashMap<*const Node, Option<Size>>,
}

/// A schema being measured: where its children sit on the shared list (`start..end`), the
/// next one to visit, and what they added up to so far.
struct Frame<'a> {
    node: &'a Node,
    start: usize,
    end: usize,
    next: usize,
    size: Size,
}

impl<'v, 'a> Sizes<'v, 'a> {
    fn new(view: &'v Swagger<'a>) -> Self {
        Sizes {
            view,
            memo: HashMap::new(),
        }
    }

    /// The schemas a node leads to, each with whether it is reached through `$ref` (which adds
    /// no level).
    fn push_children(&self, node: &'a Node, out: &mut Vec<(&'a Node, bool)>) {
        if !node.is_object() {
            return;
        }
        if let Some(target) = node.get("$ref").and_then(Node::as_str) {
            if let RefTarget::Found(pointer) = self.view.resolution(target)
                && let Some(found) = self.view.node_at(&pointer)
            {
                out.push((found, true));
            }
            return;
        }
        if let Some(properties) = node.get("properties") {
            out.extend(properties.members().iter().map(|m| (&m.value, false)));
        }
        if let Some(items) = node.get("items") {
            if items.is_array() {
                out.extend(items.items().iter().map(|i| (i, false)));
            } else {
                out.push((items, false));
            }
        }
        if let Some(all_of) = node.get("allOf") {
            out.extend(all_of.items().iter().map(|i| (i, false)));
        }
        if let Some(additional) = node.get("additionalProperties")
            && additional.is_object()
        {
            out.push((additional, false));
        }
    }

    fn own(node: &Node) -> Size {
        let counts = node.is_object() && node.get("$ref").and_then(Node::as_str).is_none();
        Size {
            count: u64::from(counts),
            depth: 0,
        }
    }

    fn measure(&mut self, root: &'a Node) -> Size {
        let key = |node: &Node| std::ptr::from_ref(node);
        if let Some(Some(size)) = self.memo.get(&key(root)) {
            return *size;
        }
        // `None` marks a schema being measured: a reference back to it is recursion.
        self.memo.insert(key(root), None);
        // Every open frame's children, one list for the whole walk (a `Vec` per schema was a
        // third of this rule's time).
        let mut pending: Vec<(&'a Node, bool)> = Vec::new();
        self.push_children(root, &mut pending);
        let mut stack = vec![Frame {
            node: root,
            start: 0,
            end: pending.len(),
            next: 0,
            size: Self::own(root),
        }];
        loop {
            let Some(frame) = stack.last_mut() else {
                return Size::default();
            };
            if frame.next < frame.end {
                let (child, through_ref) = pending[frame.next];
                frame.next += 1;
                match self.memo.get(&key(child)) {
                    Some(None) => {} // recursion: counted once, where it started
                    Some(Some(size)) => add(&mut frame.size, *size, through_ref),
                    None => {
                        self.memo.insert(key(child), None);
                        let start = pending.len();
                        self.push_children(child, &mut pending);
                        stack.push(Frame {
                            node: child,
                            start,
                            end: pending.len(),
                            next: start,
                            size: Self::own(child),
                        });
                    }
                }
                continue;
            }
            let Some(done) = stack.pop() else {
                return Size::default();
            };
            pending.truncate(done.start);
            self.memo.insert(key(done.node), Some(done.size));
            let Some(parent) = stack.last_mut() else {
                return done.size;
            };
            let through_ref = pending
                .get(parent.next.wrapping_sub(1))
                .is_some_and(|(_, r)| *r);
            add(&mut parent.size, done.size, through_ref);
        }
    }
}

fn add(parent: &mut Size, child: Size, through_ref: bool) {
    parent.count = parent.count.saturating_add(child.count);
    let depth = child.depth.saturating_add(u64::from(!through_ref));
    parent.depth = parent.depth.max(depth);
}
