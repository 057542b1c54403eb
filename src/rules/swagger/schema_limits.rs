//! Size limits: SW094 (schema-limits) and SW095 (operation-count).

use std::collections::hash_map::Entry;

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use crate::diagnostic::Target;
use crate::json::{Node, Pointer};
use crate::package::swagger::{Operation, Parameter, RefTarget, Response, Swagger};
use crate::rules::levels::{E, W};
use crate::rules::swagger::schema_refs::RefTargets;
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
        let mut sizes = root_sizes(view).into_iter();
        let mut deep_reported: HashSet<Pointer> = HashSet::new();
        let mut listed = 0usize;
        let mut unlisted = 0usize;
        for operation in view.operations() {
            let mut total: u64 = 0;
            for (root, holder) in schema_roots(operation) {
                let size = sizes.next().unwrap_or_default();
                total = total.saturating_add(size.count);
                if size.depth > MAX_DEPTH {
                    // Where and what are worked out only here: a finding is rare, and every
                    // operation has roots.
                    let (pointer, what) = holder.describe();
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

/// What holds a root schema: a parameter (`body`) or a response.
#[derive(Clone, Copy)]
enum Holder<'o, 'a> {
    Parameter(&'o Parameter<'a>),
    Response(&'o Response<'a>),
}

impl Holder<'_, '_> {
    /// Where the schema is and what to call it, for a finding.
    fn describe(self) -> (Pointer, String) {
        match self {
            Holder::Parameter(parameter) => (parameter.pointer.child("schema"), "body".to_owned()),
            Holder::Response(response) => (
                response.pointer.child("schema"),
                format!("response `{}`", response.status),
            ),
        }
    }
}

/// The body and response schemas of an operation, with what holds them (no pointer or name is
/// built here: every operation is measured, few are reported).
fn schema_roots<'o, 'a>(
    operation: &'o Operation<'a>,
) -> impl Iterator<Item = (&'a Node, Holder<'o, 'a>)> {
    let parameters = operation.parameters.iter().filter_map(|parameter| {
        parameter
            .node
            .get("schema")
            .map(|schema| (schema, Holder::Parameter(parameter)))
    });
    let responses = operation.responses.iter().filter_map(|response| {
        response
            .node
            .get("schema")
            .map(|schema| (schema, Holder::Response(response)))
    });
    parameters.chain(responses)
}

/// The size of every root schema, operation by operation in the order of [`schema_roots`].
///
/// Most nodes are reached only through their parent, and need no memo entry; only the nodes
/// that can be reached more than once do: roots and `$ref` targets. That is exact when every
/// `$ref` leads to a `#/definitions/NAME` entry (which is never a `properties`, `items`, `allOf`
/// or `additionalProperties` child of a schema reached otherwise) and no root is a property of
/// some schema (its holder is not called `properties`); otherwise every node is memoised. The
/// results are the same either way; the first way skips a hash probe for most of the ~130,000
/// nodes the corpus's operations reach.
fn root_sizes(view: &Swagger<'_>) -> Vec<Size> {
    let roots = || {
        view.operations()
            .iter()
            .flat_map(|operation| schema_roots(operation))
    };
    let mut sizes = Sizes::new(view, Memo::Shared);
    let mut measured = Vec::new();
    for (root, holder) in roots() {
        let holder_pointer = match holder {
            Holder::Parameter(parameter) => &parameter.pointer,
            Holder::Response(response) => &response.pointer,
        };
        if holder_pointer.as_str().ends_with("/properties") {
            sizes.root_in_properties = true;
            break;
        }
        measured.push(sizes.measure(root));
    }
    if !sizes.root_in_properties && !sizes.targets.left_definitions() {
        return measured;
    }
    let mut sizes = Sizes::new(view, Memo::All);
    roots().map(|(root, _)| sizes.measure(root)).collect()
}

/// Which nodes [`Sizes`] remembers.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Memo {
    /// Roots and `$ref` targets only (see [`root_sizes`]).
    Shared,
    /// Every node.
    All,
}

/// How many schema nodes a schema expands to (each `$ref` counted where it is used) and how
/// deeply it nests.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Size {
    count: u64,
    depth: u64,
}

/// Memoised sizes of schema nodes, shared by every operation. A reference back to a schema that
/// is being measured (recursion) is not followed, so a recursive schema counts once, and a
/// shared definition is measured once however many times it is used: linear in the document.
struct Sizes<'v, 'a> {
    memo: Memo,
    /// A root is a property: [`Memo::Shared`] may be inexact.
    root_in_properties: bool,
    /// Each node met so far and its slot in `sizes`: one hash probe per node (a lookup, an
    /// "in progress" insert and a "done" insert were three, and a quarter of this rule's time).
    slots: HashMap<*const Node, usize>,
    /// `None` while the node is being measured: a reference back to it is recursion.
    sizes: Vec<Option<Size>>,
    /// What each `$ref` string leads to.
    targets: RefTargets<'v, 'a>,
    /// Every open frame's children, one list for the whole walk (a `Vec` per schema was a
    /// third of this rule's time).
    pending: Vec<(&'a Node, bool)>,
    stack: Vec<Frame>,
}

/// A frame for a node that has no slot ([`Memo::Shared`]).
const NO_SLOT: usize = usize::MAX;

/// A schema being measured: its slot (or [`NO_SLOT`]), where its children sit on the shared list
/// (`start..end`), the next one to visit, and what they added up to so far.
struct Frame {
    slot: usize,
    start: usize,
    end: usize,
    next: usize,
    size: Size,
}

impl<'v, 'a> Sizes<'v, 'a> {
    fn new(view: &'v Swagger<'a>, memo: Memo) -> Self {
        // Every node memoised: about one slot per schema of the document, no growth while
        // measuring. Shared nodes only: a few, grown as needed.
        let schemas = match memo {
            Memo::All => view.schemas().len(),
            Memo::Shared => view.refs().len(),
        };
        Sizes {
            memo,
            root_in_properties: false,
            slots: HashMap::with_capacity(schemas),
            sizes: Vec::with_capacity(schemas),
            targets: RefTargets::new(view),
            pending: Vec::new(),
            stack: Vec::new(),
        }
    }

    /// Lists the schemas a node leads to on `pending`, each with whether it is reached through
    /// `$ref` (which adds no level), and says whether the node counts as a schema itself (an
    /// object that is not a reference).
    fn push_children(&mut self, members: &Members<'a>) -> bool {
        if !members.object {
            return false;
        }
        if let Some(reference) = members.reference {
            if let Some(found) = self.targets.target(reference) {
                self.pending.push((found, true));
            }
            return false;
        }
        if let Some(properties) = members.properties {
            self.pending
                .extend(properties.members().iter().map(|m| (&m.value, false)));
        }
        if let Some(items) = members.items {
            if items.is_array() {
                self.pending
                    .extend(items.items().iter().map(|i| (i, false)));
            } else {
                self.pending.push((items, false));
            }
        }
        if let Some(all_of) = members.all_of {
            self.pending
                .extend(all_of.items().iter().map(|i| (i, false)));
        }
        if let Some(additional) = members.additional
            && additional.is_object()
        {
            self.pending.push((additional, false));
        }
        true
    }

    /// Opens a frame for a node met for the first time (marked "in progress" in `slot`).
    #[inline]
    fn open(&mut self, members: &Members<'a>, slot: usize) {
        let start = self.pending.len();
        let counts = self.push_children(members);
        self.stack.push(Frame {
            slot,
            start,
            end: self.pending.len(),
            next: start,
            size: Size {
                count: u64::from(counts),
                depth: 0,
            },
        });
    }

    /// The slot of a node met for the first time, marked "in progress".
    fn new_slot(sizes: &mut Vec<Option<Size>>) -> usize {
        sizes.push(None);
        sizes.len() - 1
    }

    fn measure(&mut self, root: &'a Node) -> Size {
        let slot = match self.slots.entry(std::ptr::from_ref(root)) {
            Entry::Occupied(entry) => {
                if let Some(size) = self.sizes[*entry.get()] {
                    return size;
                }
                *entry.get()
            }
            Entry::Vacant(entry) => *entry.insert(Self::new_slot(&mut self.sizes)),
        };
        self.pending.clear();
        self.stack.clear();
        self.open(&Members::of(root), slot);
        loop {
            let Some(frame) = self.stack.last_mut() else {
                return Size::default();
            };
            if frame.next < frame.end {
                let (child, through_ref) = self.pending[frame.next];
                frame.next += 1;
                if !through_ref && self.memo == Memo::Shared {
                    let members = Members::of(child);
                    // Most schemas are leaves (a string property): their size is their own,
                    // added without opening a frame.
                    if let Some(own) = members.leaf_size() {
                        add(&mut frame.size, own, false);
                    } else {
                        self.open(&members, NO_SLOT);
                    }
                    continue;
                }
                match self.slots.entry(std::ptr::from_ref(child)) {
                    Entry::Occupied(entry) => {
                        // `None`: recursion, counted once, where it started.
                        if let Some(size) = self.sizes[*entry.get()] {
                            add(&mut frame.size, size, through_ref);
                        }
                    }
                    Entry::Vacant(entry) => {
                        let slot = *entry.insert(Self::new_slot(&mut self.sizes));
                        self.open(&Members::of(child), slot);
                    }
                }
                continue;
            }
            let Some(done) = self.stack.pop() else {
                return Size::default();
            };
            self.pending.truncate(done.start);
            if done.slot != NO_SLOT {
                self.sizes[done.slot] = Some(done.size);
            }
            let Some(parent) = self.stack.last_mut() else {
                return done.size;
            };
            let through_ref = self
                .pending
                .get(parent.next.wrapping_sub(1))
                .is_some_and(|(_, r)| *r);
            add(&mut parent.size, done.size, through_ref);
        }
    }
}

/// The members of a schema node that lead to other schemas. Read in one pass over the
/// members: this runs on every schema of every operation.
struct Members<'a> {
    object: bool,
    /// `$ref`, when it is a string.
    reference: Option<&'a str>,
    properties: Option<&'a Node>,
    items: Option<&'a Node>,
    all_of: Option<&'a Node>,
    additional: Option<&'a Node>,
}

impl<'a> Members<'a> {
    fn of(node: &'a Node) -> Self {
        let mut found = Members {
            object: node.is_object(),
            reference: None,
            properties: None,
            items: None,
            all_of: None,
            additional: None,
        };
        // The last member of each name wins, as in `Node::get`.
        let mut reference = None;
        for member in node.members() {
            let value = Some(&member.value);
            match member.key.as_str() {
                "$ref" => reference = value,
                "properties" => found.properties = value,
                "items" => found.items = value,
                "allOf" => found.all_of = value,
                "additionalProperties" => found.additional = value,
                _ => {}
            }
        }
        found.reference = reference.and_then(Node::as_str);
        found
    }

    /// The size of a node that leads to no other schema, or `None` when it leads to some.
    fn leaf_size(&self) -> Option<Size> {
        let leaf = !self.object
            || (self.reference.is_none()
                && self.properties.is_none_or(|p| p.members().is_empty())
                && self.items.is_none()
                && self.all_of.is_none_or(|a| a.items().is_empty())
                && self.additional.is_none_or(|a| !a.is_object()));
        leaf.then(|| Size {
            count: u64::from(self.object),
            depth: 0,
        })
    }
}

fn add(parent: &mut Size, child: Size, through_ref: bool) {
    parent.count = parent.count.saturating_add(child.count);
    let depth = child.depth.saturating_add(u64::from(!through_ref));
    parent.depth = parent.depth.max(depth);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    /// Every root's size, memoising as told (no fallback).
    fn sizes_with(view: &Swagger<'_>, memo: Memo) -> Vec<Size> {
        let mut sizes = Sizes::new(view, memo);
        view.operations()
            .iter()
            .flat_map(|operation| schema_roots(operation))
            .map(|(root, _)| sizes.measure(root))
            .collect()
    }

    fn document(definitions: &str, schemas: &[&str]) -> String {
        let operations: Vec<String> = schemas
            .iter()
            .enumerate()
            .map(|(i, schema)| {
                format!(
                    r#""/op{i}": {{"get": {{"responses": {{"200": {{"description": "ok", "schema": {schema}}}}}}}}}"#
                )
            })
            .collect();
        format!(
            r#"{{"swagger": "2.0", "paths": {{{}}}, "definitions": {definitions}}}"#,
            operations.join(",")
        )
    }

    #[test]
    fn memoising_shared_nodes_only_gives_the_sizes_of_memoising_every_node() {
        let tree = r##"{
            "Node": {"type": "object", "properties": {"name": {"type": "string"},
                     "children": {"type": "array", "items": {"$ref": "#/definitions/Node"}}}},
            "A": {"type": "object", "properties": {"b": {"$ref": "#/definitions/B"}, "n": {"type": "integer"}}},
            "B": {"allOf": [{"$ref": "#/definitions/A"}, {"type": "object", "additionalProperties": {"type": "string"}}]},
            "Alias": {"$ref": "#/definitions/A"}
        }"##;
        let text = document(
            tree,
            &[
                r##"{"$ref": "#/definitions/Node"}"##,
                r##"{"$ref": "#/definitions/B"}"##,
                r##"{"type": "array", "items": {"$ref": "#/definitions/Alias"}}"##,
                r##"{"$ref": "#/definitions/A"}"##,
                r##"{"type": "object", "properties": {"x": {"items": [{"type": "string"}, true]}}}"##,
            ],
        );
        let root = parse(&text).unwrap();
        let view = Swagger::build(&root);
        let all = sizes_with(&view, Memo::All);
        assert_eq!(all.len(), 5);
        // `Node`, `name` and `children`; the recursive `items` is counted once, where it started.
        assert_eq!(all[0], Size { count: 3, depth: 2 });
        assert_eq!(sizes_with(&view, Memo::Shared), all);
        assert_eq!(root_sizes(&view), all);
    }

    #[test]
    fn a_reference_into_a_definition_makes_every_node_memoised() {
        // `b` is reached through `A` first, then through a reference of its own: only a memo
        // entry made on the first visit gives the size the second visit has always had.
        let definitions = r##"{
            "A": {"type": "object", "properties": {"b": {"type": "object", "properties": {"back": {"$ref": "#/definitions/A"}}}}}
        }"##;
        let text = document(
            definitions,
            &[
                r##"{"$ref": "#/definitions/A"}"##,
                r##"{"$ref": "#/definitions/A/properties/b"}"##,
            ],
        );
        let root = parse(&text).unwrap();
        let view = Swagger::build(&root);
        let all = sizes_with(&view, Memo::All);
        assert_ne!(
            sizes_with(&view, Memo::Shared),
            all,
            "the case needs the fallback"
        );
        assert_eq!(root_sizes(&view), all);
    }
}
