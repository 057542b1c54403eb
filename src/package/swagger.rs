//! A typed, read-only Swagger 2.0 view over the span-preserving JSON tree: operations,
//! effective parameters resolved through `$ref` (with the pointer each came from), responses,
//! every Schema Object at its OpenAPI position, and every `$ref` resolved once.
//!
//! Built once per package before the rules run; rules query it instead of walking raw JSON.
//! Resolution is lazy in the sense that matters (reliability.md §4): nothing is inlined, each
//! distinct reference string is resolved once, alias chains are followed at most
//! [`MAX_ALIAS_STEPS`] steps with cycle detection, and nothing outside the document is read.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use crate::json::{Node, Pointer};

/// The HTTP methods a path item can hold.
pub const METHODS: [&str; 7] = ["get", "put", "post", "delete", "options", "head", "patch"];

/// Longest chain of `$ref` → bare `$ref` → … followed before giving up (rules.md SW093).
pub const MAX_ALIAS_STEPS: usize = 64;

/// Members whose values are data, never inspected for keywords or `$ref` (rules.md SW conventions).
const DATA_MEMBERS: [&str; 5] = [
    "example",
    "x-example",
    "default",
    "enum",
    "x-ms-enum-values",
];

/// What a `$ref` string resolved to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RefTarget {
    /// The node at this pointer (after following alias chains), which is not itself a `$ref`.
    Found(Pointer),
    /// Not `#/…`: a file, a URL, a relative path. Never fetched or read.
    External,
    /// `#…` but not a valid JSON pointer.
    Malformed,
    /// A valid local pointer to nothing.
    NotFound,
    /// The chain comes back to a reference it already followed.
    Cycle,
    /// The chain is longer than [`MAX_ALIAS_STEPS`].
    TooLong,
}

/// One `$ref` member found at a place where references are read.
#[derive(Clone, Debug)]
pub struct RefUse<'a> {
    /// The document, for [`RefUse::pointer`].
    root: &'a Node,
    /// The object holding the `$ref`.
    pub object: &'a Node,
    /// The reference text.
    pub target: &'a str,
    /// What the holder's path says it is.
    pub place: RefPlace,
}

impl RefUse<'_> {
    /// Where the object holding the `$ref` is, worked out on demand (rules report few).
    #[must_use]
    pub fn pointer(&self) -> Pointer {
        pointer_to(self.root, self.object)
    }
}

/// What a `$ref` holder is, as far as its path says: a path item (`/paths/P`), a Parameter
/// Object (`/paths/P/parameters/i`, `/paths/P/get/parameters/i`, `/parameters/X`), a Response
/// Object (`/paths/P/get/responses/200`, `/responses/X`), or anything else (a schema, or a
/// place references are not read).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RefPlace {
    PathItem,
    Parameter,
    Response,
    Other,
}

/// Where a Schema Object sits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SchemaPlace {
    Definition,
    /// `parameters[].schema` of a body parameter (operation, path item or `#/parameters`).
    BodyParameter,
    /// `responses.*.schema` (operation or `#/responses`).
    Response,
    Property,
    Items,
    AllOf,
    AdditionalProperties,
}

/// A Schema Object at its own position in the document (references are not expanded).
#[derive(Clone, Debug)]
pub struct Schema<'a> {
    /// The document, for [`Schema::pointer`].
    root: &'a Node,
    pub node: &'a Node,
    pub place: SchemaPlace,
    /// Nesting depth below its root schema (a definition, a body or response schema is 0).
    pub depth: usize,
}

impl Schema<'_> {
    /// Where the schema is. Worked out on demand from the node's position: a document has
    /// hundreds of thousands of schemas, and rules need the pointers of only a few.
    #[must_use]
    pub fn pointer(&self) -> Pointer {
        pointer_to(self.root, self.node)
    }
}

/// The pointer of `target`, a node of the tree under `root`, found by descending through the
/// children whose ranges hold it (members and items are in document order, so each step is a
/// binary search).
fn pointer_to(root: &Node, target: &Node) -> Pointer {
    let mut pointer = Pointer::root();
    let mut node = root;
    let start = target.range.start;
    while !std::ptr::eq(node, target) {
        if let Some(members) = node.as_object() {
            let i = members.partition_point(|m| m.value.range.end <= start);
            match members.get(i) {
                Some(m) if m.value.range.start <= start => {
                    pointer.push(&m.key);
                    node = &m.value;
                }
                _ => break,
            }
        } else if let Some(items) = node.as_array() {
            let i = items.partition_point(|n| n.range.end <= start);
            match items.get(i) {
                Some(n) if n.range.start <= start => {
                    pointer.push_index(i);
                    node = n;
                }
                _ => break,
            }
        } else {
            break;
        }
    }
    pointer
}

/// An operation's parameter, resolved through `$ref`.
#[derive(Clone, Debug)]
pub struct Parameter<'a> {
    /// The Parameter Object (the `$ref` target when it came from `#/parameters/X`).
    pub node: &'a Node,
    /// Where findings about it go: `/parameters/X` for a referenced parameter, else its own place.
    pub pointer: Pointer,
    /// Where it is listed (the `$ref` object itself for a referenced parameter).
    pub listed_at: Pointer,
    pub from_ref: bool,
    /// Listed on the path item rather than the operation.
    pub from_path_item: bool,
}

impl<'a> Parameter<'a> {
    #[must_use]
    pub fn name(&self) -> Option<&'a str> {
        self.node.get("name").and_then(Node::as_str)
    }

    /// `in`.
    #[must_use]
    pub fn location(&self) -> Option<&'a str> {
        self.node.get("in").and_then(Node::as_str)
    }

    #[must_use]
    pub fn is_body(&self) -> bool {
        self.location() == Some("body")
    }

    #[must_use]
    pub fn is_internal(&self) -> bool {
        self.node.get("x-ms-visibility").and_then(Node::as_str) == Some("internal")
    }

    #[must_use]
    pub fn is_required(&self) -> bool {
        self.node.get("required").and_then(Node::as_bool) == Some(true)
    }
}

/// One response of an operation, resolved through `$ref`.
#[derive(Clone, Debug)]
pub struct Response<'a> {
    /// The key: `200`, `default`, …
    pub status: &'a str,
    pub node: &'a Node,
    /// Where findings go: `/responses/X` for a referenced response, else its own place.
    pub pointer: Pointer,
    pub listed_at: Pointer,
}

/// One operation (a method of a path item).
#[derive(Clone, Debug)]
pub struct Operation<'a> {
    pub path: &'a str,
    pub method: &'a str,
    pub pointer: Pointer,
    pub node: &'a Node,
    pub path_item: &'a Node,
    pub path_pointer: Pointer,
    /// Path-item parameters overridden by operation parameters with the same (name, in).
    pub parameters: Vec<Parameter<'a>>,
    /// Each list as written: path-item parameters, then operation parameters (for uniqueness checks).
    pub path_item_parameters: Vec<Parameter<'a>>,
    pub own_parameters: Vec<Parameter<'a>>,
    pub responses: Vec<Response<'a>>,
}

impl<'a> Operation<'a> {
    #[must_use]
    pub fn operation_id(&self) -> Option<&'a str> {
        self.node.get("operationId").and_then(Node::as_str)
    }

    /// `` `ListItems` `` or `` `GET /items` `` for messages.
    #[must_use]
    pub fn label(&self) -> String {
        match self.operation_id() {
            Some(id) => format!("operation `{id}`"),
            None => format!("operation `{} {}`", self.method.to_uppercase(), self.path),
        }
    }

    #[must_use]
    pub fn string(&self, key: &str) -> Option<&'a str> {
        self.node.get(key).and_then(Node::as_str)
    }

    #[must_use]
    pub fn is_deprecated(&self) -> bool {
        self.node.get("deprecated").and_then(Node::as_bool) == Some(true)
    }

    #[must_use]
    pub fn is_trigger(&self) -> bool {
        self.node.get("x-ms-trigger").is_some()
    }

    /// A webhook trigger: `x-ms-trigger` and an `x-ms-notification-url` body property or parameter.
    #[must_use]
    pub fn body_parameter(&self) -> Option<&Parameter<'a>> {
        self.parameters.iter().find(|p| p.is_body())
    }
}

/// The view. Borrow it from the rule context: `cx.swagger_view()`.
#[derive(Debug)]
pub struct Swagger<'a> {
    root: &'a Node,
    operations: Vec<Operation<'a>>,
    schemas: Vec<Schema<'a>>,
    refs: Vec<RefUse<'a>>,
    /// Each reference string's result, with the node it names when found (looked up once:
    /// `deref` runs for every `$ref` several rules follow).
    resolved: HashMap<&'a str, (RefTarget, Option<&'a Node>)>,
    targets: Targets<'a>,
    parameter_objects: Vec<(Pointer, &'a Node)>,
    by_operation_id: HashMap<&'a str, Vec<usize>>,
    /// (operation, parameter) indexes of each Parameter Object's first use.
    first_uses: Vec<(u32, u32)>,
}

impl<'a> Swagger<'a> {
    /// Indexes a parsed swagger. Linear in the document size.
    #[must_use]
    pub fn build(root: &'a Node) -> Self {
        let mut view = Swagger {
            root,
            operations: Vec::new(),
            schemas: Vec::new(),
            refs: Vec::new(),
            resolved: HashMap::new(),
            targets: Targets::new(root),
            parameter_objects: Vec::new(),
            by_operation_id: HashMap::new(),
            first_uses: Vec::new(),
        };
        view.collect_refs();
        let starts: Vec<&'a str> = view.refs.iter().map(|r| r.target).collect();
        view.resolved = resolve_all(root, &view.targets, &starts)
            .into_iter()
            .map(|(reference, target)| {
                let node = match &target {
                    RefTarget::Found(pointer) => view.targets.lookup(root, pointer),
                    _ => None,
                };
                (reference, (target, node))
            })
            .collect();
        view.parameter_objects = view.collect_parameter_objects();
        view.collect_operations();
        view.collect_schemas();
        for (index, op) in view.operations.iter().enumerate() {
            if let Some(id) = op.operation_id() {
                view.by_operation_id.entry(id).or_default().push(index);
            }
        }
        let mut seen: HashSet<usize> = HashSet::new();
        for (op_index, op) in view.operations.iter().enumerate() {
            for (parameter_index, parameter) in op.parameters.iter().enumerate() {
                if seen.insert(std::ptr::from_ref(parameter.node).addr()) {
                    view.first_uses
                        .push((op_index as u32, parameter_index as u32));
                }
            }
        }
        view
    }

    /// Every operation's effective parameters, each Parameter Object once: at its first use
    /// (a `#/parameters/X` entry or a path-item parameter shared by several operations).
    pub fn parameters_once(&self) -> impl Iterator<Item = (&Operation<'a>, &Parameter<'a>)> {
        self.first_uses.iter().map(|&(op, parameter)| {
            let op = &self.operations[op as usize];
            (op, &op.parameters[parameter as usize])
        })
    }

    /// The pointer of a node of this document, worked out from its position (for findings:
    /// walks need not carry pointers).
    #[must_use]
    pub fn pointer_of(&self, node: &Node) -> Pointer {
        pointer_to(self.root, node)
    }

    #[must_use]
    pub fn root(&self) -> &'a Node {
        self.root
    }

    #[must_use]
    pub fn operations(&self) -> &[Operation<'a>] {
        &self.operations
    }

    /// Operations with this exact operationId.
    pub fn operations_with_id(&self, id: &str) -> impl Iterator<Item = &Operation<'a>> {
        self.by_operation_id
            .get(id)
            .into_iter()
            .flatten()
            .map(|i| &self.operations[*i])
    }

    #[must_use]
    pub fn has_operation_id(&self, id: &str) -> bool {
        self.by_operation_id.contains_key(id)
    }

    /// Every Schema Object at its own position, parents before children.
    #[must_use]
    pub fn schemas(&self) -> &[Schema<'a>] {
        &self.schemas
    }

    /// Every `$ref` at a place where references are read, in document order.
    #[must_use]
    pub fn refs(&self) -> &[RefUse<'a>] {
        &self.refs
    }

    /// What a reference string resolves to (after alias chains).
    #[must_use]
    pub fn resolution(&self, target: &str) -> RefTarget {
        match self.resolved.get(target) {
            Some((result, _)) => result.clone(),
            None => resolve_all(self.root, &self.targets, &[target])
                .remove(target)
                .unwrap_or(RefTarget::NotFound),
        }
    }

    /// A node with its `$ref` followed, when it has one that resolves.
    #[must_use]
    pub fn deref(&self, node: &'a Node) -> Option<(&'a Node, Option<Pointer>)> {
        match node.get("$ref").and_then(Node::as_str) {
            None => Some((node, None)),
            Some(target) => self
                .found(target)
                .map(|(node, pointer)| (node, Some(pointer))),
        }
    }

    /// The node a reference string resolves to, with its pointer; `None` unless found.
    fn found(&self, target: &str) -> Option<(&'a Node, Pointer)> {
        match self.resolved.get(target) {
            Some((RefTarget::Found(pointer), node)) => node.map(|n| (n, pointer.clone())),
            Some(_) => None,
            None => match self.resolution(target) {
                RefTarget::Found(pointer) => self.node_at(&pointer).map(|n| (n, pointer)),
                _ => None,
            },
        }
    }

    /// The node a resolved pointer names.
    #[must_use]
    pub fn node_at(&self, pointer: &Pointer) -> Option<&'a Node> {
        self.targets.lookup(self.root, pointer)
    }

    /// A member of `info` as a string.
    #[must_use]
    pub fn info_string(&self, key: &str) -> Option<&'a str> {
        self.root
            .get("info")
            .and_then(|info| info.get(key))
            .and_then(Node::as_str)
    }

    /// Every Parameter Object at its own position, each once, in document order: the entries of
    /// `#/parameters`, then the inline entries of each path item's and operation's `parameters`
    /// (`$ref` entries are skipped: their targets are listed under `#/parameters`). Computed once
    /// when the view is built (several rules read it), linear in the number of parameters.
    #[must_use]
    pub fn parameter_objects(&self) -> &[(Pointer, &'a Node)] {
        &self.parameter_objects
    }

    fn collect_parameter_objects(&self) -> Vec<(Pointer, &'a Node)> {
        let mut out = Vec::new();
        if let Some(parameters) = self.root.get("parameters") {
            let base = Pointer::root().child("parameters");
            for member in parameters.members() {
                if member.value.is_object() && member.value.get("$ref").is_none() {
                    out.push((base.child(&member.key), &member.value));
                }
            }
        }
        let inline = |holder: &'a Node, pointer: &Pointer, out: &mut Vec<(Pointer, &'a Node)>| {
            let list = pointer.child("parameters");
            let items = holder
                .get("parameters")
                .map(Node::items)
                .unwrap_or_default();
            for (index, item) in items.iter().enumerate() {
                if item.is_object() && item.get("$ref").is_none() {
                    out.push((list.child_index(index), item));
                }
            }
        };
        if let Some(paths) = self.root.get("paths") {
            let base = Pointer::root().child("paths");
            for path in paths.members() {
                let path_pointer = base.child(&path.key);
                inline(&path.value, &path_pointer, &mut out);
                for member in path.value.members() {
                    if METHODS.contains(&member.key.as_str()) {
                        inline(&member.value, &path_pointer.child(&member.key), &mut out);
                    }
                }
            }
        }
        out
    }

    fn collect_operations(&mut self) {
        let Some(paths) = self.root.get("paths") else {
            return;
        };
        let paths_pointer = Pointer::root().child("paths");
        for path in paths.members() {
            let path_pointer = paths_pointer.child(&path.key);
            let path_item = &path.value;
            let item_params = self.parameter_list(path_item, &path_pointer, true);
            for member in path_item.members() {
                if !METHODS.contains(&member.key.as_str()) || !member.value.is_object() {
                    continue;
                }
                let pointer = path_pointer.child(&member.key);
                let own = self.parameter_list(&member.value, &pointer, false);
                let mut effective: Vec<Parameter<'a>> = item_params
                    .iter()
                    .filter(|p| {
                        !own.iter()
                            .any(|o| o.name() == p.name() && o.location() == p.location())
                    })
                    .cloned()
                    .collect();
                effective.extend(own.iter().cloned());
                let responses = self.response_list(&member.value, &pointer);
                self.operations.push(Operation {
                    path: &path.key,
                    method: &member.key,
                    pointer,
                    node: &member.value,
                    path_item,
                    path_pointer: path_pointer.clone(),
                    parameters: effective,
                    path_item_parameters: item_params.clone(),
                    own_parameters: own,
                    responses,
                });
            }
        }
    }

    fn parameter_list(
        &self,
        holder: &'a Node,
        holder_pointer: &Pointer,
        from_path_item: bool,
    ) -> Vec<Parameter<'a>> {
        let list_pointer = holder_pointer.child("parameters");
        holder
            .get("parameters")
            .map(Node::items)
            .unwrap_or_default()
            .iter()
            .enumerate()
            .filter_map(|(index, item)| {
                let listed_at = list_pointer.child_index(index);
                match item.get("$ref").and_then(Node::as_str) {
                    Some(target) => {
                        let (node, pointer) = self.found(target)?;
                        Some(Parameter {
                            node,
                            pointer,
                            listed_at,
                            from_ref: true,
                            from_path_item,
                        })
                    }
                    None if item.is_object() => Some(Parameter {
                        node: item,
                        pointer: listed_at.clone(),
                        listed_at,
                        from_ref: false,
                        from_path_item,
                    }),
                    None => None,
                }
            })
            .collect()
    }

    fn response_list(&self, operation: &'a Node, pointer: &Pointer) -> Vec<Response<'a>> {
        let Some(responses) = operation.get("responses") else {
            return Vec::new();
        };
        let base = pointer.child("responses");
        responses
            .members()
            .iter()
            .filter_map(|member| {
                let listed_at = base.child(&member.key);
                let (node, pointer) = match member.value.get("$ref").and_then(Node::as_str) {
                    Some(target) => self.found(target)?,
                    None => (&member.value, listed_at.clone()),
                };
                Some(Response {
                    status: &member.key,
                    node,
                    pointer,
                    listed_at,
                })
            })
            .collect()
    }

    /// Every Schema Object: definitions, body-parameter and response schemas, then their
    /// `properties.*`, `items`, `allOf[]` and `additionalProperties`, each once.
    fn collect_schemas(&mut self) {
        let mut roots: Vec<(&'a Node, SchemaPlace)> = Vec::new();
        if let Some(definitions) = self.root.get("definitions") {
            for member in definitions.members() {
                roots.push((&member.value, SchemaPlace::Definition));
            }
        }
        let mut parameter_lists: Vec<&'a Node> = Vec::new();
        if let Some(parameters) = self.root.get("parameters") {
            for member in parameters.members() {
                if let Some(schema) = member.value.get("schema") {
                    roots.push((schema, SchemaPlace::BodyParameter));
                }
            }
        }
        if let Some(responses) = self.root.get("responses") {
            for member in responses.members() {
                if let Some(schema) = member.value.get("schema") {
                    roots.push((schema, SchemaPlace::Response));
                }
            }
        }
        if let Some(paths) = self.root.get("paths") {
            for path in paths.members() {
                parameter_lists.push(&path.value);
                for member in path.value.members() {
                    if !METHODS.contains(&member.key.as_str()) {
                        continue;
                    }
                    parameter_lists.push(&member.value);
                    if let Some(responses) = member.value.get("responses") {
                        for response in responses.members() {
                            if let Some(schema) = response.value.get("schema") {
                                roots.push((schema, SchemaPlace::Response));
                            }
                        }
                    }
                }
            }
        }
        for holder in parameter_lists {
            for item in holder
                .get("parameters")
                .map(Node::items)
                .unwrap_or_default()
            {
                if let Some(schema) = item.get("schema") {
                    roots.push((schema, SchemaPlace::BodyParameter));
                }
            }
        }
        // Depth-first with an explicit stack; the parser bounds nesting at 128 levels.
        let mut stack: Vec<(&'a Node, SchemaPlace, usize)> = Vec::new();
        let mut children: Vec<(&'a Node, SchemaPlace, usize)> = Vec::new();
        for (node, place) in roots {
            stack.push((node, place, 0));
            while let Some((node, place, depth)) = stack.pop() {
                if !node.is_object() {
                    continue;
                }
                children.clear();
                // One pass over the members instead of a scan per keyword (the last of a
                // repeated key wins, as with `get`): this runs for every schema of the document.
                let (mut properties, mut items, mut all_of, mut additional) =
                    (None, None, None, None);
                for member in node.members() {
                    match member.key.as_str() {
                        "properties" => properties = Some(&member.value),
                        "items" => items = Some(&member.value),
                        "allOf" => all_of = Some(&member.value),
                        "additionalProperties" => additional = Some(&member.value),
                        _ => {}
                    }
                }
                if let Some(properties) = properties {
                    for member in properties.members() {
                        children.push((&member.value, SchemaPlace::Property, depth + 1));
                    }
                }
                if let Some(items) = items {
                    if items.is_array() {
                        for item in items.items() {
                            children.push((item, SchemaPlace::Items, depth + 1));
                        }
                    } else {
                        children.push((items, SchemaPlace::Items, depth + 1));
                    }
                }
                if let Some(all_of) = all_of {
                    for item in all_of.items() {
                        children.push((item, SchemaPlace::AllOf, depth + 1));
                    }
                }
                if let Some(additional) = additional
                    && additional.is_object()
                {
                    children.push((additional, SchemaPlace::AdditionalProperties, depth + 1));
                }
                self.schemas.push(Schema {
                    root: self.root,
                    node,
                    place,
                    depth,
                });
                stack.extend(children.drain(..).rev());
            }
        }
    }

    fn collect_refs(&mut self) {
        /// A step of the path to a node; which index an array step took does not matter here.
        enum Segment<'n> {
            Key(&'n str),
            Index,
        }
        let mut path: Vec<Segment<'a>> = Vec::new();
        // (node, depth of its segment in `path`, its segment)
        let mut stack: Vec<(&'a Node, usize, Option<Segment<'a>>)> = vec![(self.root, 0, None)];
        while let Some((node, depth, segment)) = stack.pop() {
            path.truncate(depth);
            if let Some(segment) = segment {
                path.push(segment);
            }
            let depth = path.len();
            if let Some(members) = node.as_object() {
                // One pass over the members, from the last: it finds the `$ref` that counts (the
                // last of a repeated key) and pushes the children in the order the walk visits.
                let mut reference = None;
                for member in members.iter().rev() {
                    let is_container = member.value.is_object() || member.value.is_array();
                    if member.key == "$ref" {
                        if reference.is_none() {
                            reference = Some(&member.value);
                        }
                        continue;
                    }
                    // The cheap test first: most members are scalars.
                    if !is_container || DATA_MEMBERS.contains(&member.key.as_str()) {
                        continue;
                    }
                    stack.push((&member.value, depth, Some(Segment::Key(&member.key))));
                }
                if let Some(target) = reference.and_then(Node::as_str) {
                    let key = |i: usize| match path.get(i) {
                        Some(Segment::Key(key)) => Some(*key),
                        _ => None,
                    };
                    let is_method = |i: usize| key(i).is_some_and(|k| METHODS.contains(&k));
                    let place = match (key(0), path.len()) {
                        (Some("paths"), 2) => RefPlace::PathItem,
                        (Some("paths"), 4) if key(2) == Some("parameters") => RefPlace::Parameter,
                        (Some("paths"), 5) if is_method(2) && key(3) == Some("parameters") => {
                            RefPlace::Parameter
                        }
                        (Some("paths"), 5) if is_method(2) && key(3) == Some("responses") => {
                            RefPlace::Response
                        }
                        (Some("parameters"), 2) => RefPlace::Parameter,
                        (Some("responses"), 2) => RefPlace::Response,
                        _ => RefPlace::Other,
                    };
                    self.refs.push(RefUse {
                        root: self.root,
                        object: node,
                        target,
                        place,
                    });
                }
            } else if let Some(items) = node.as_array() {
                for item in items.iter().rev() {
                    if item.is_object() || item.is_array() {
                        stack.push((item, depth, Some(Segment::Index)));
                    }
                }
            }
        }
    }
}

/// Local reference targets by section and name: `#/definitions/X`, `#/parameters/X` and
/// `#/responses/X` are found in constant time however large the section (a member lookup in
/// the JSON tree is linear, and a 100,000-step chain must not go quadratic).
#[derive(Debug, Default)]
struct Targets<'a> {
    by_name: HashMap<(&'a str, &'a str), &'a Node>,
}

impl<'a> Targets<'a> {
    fn new(root: &'a Node) -> Self {
        let mut by_name = HashMap::new();
        for section in ["definitions", "parameters", "responses"] {
            let Some(members) = root.get(section).and_then(Node::as_object) else {
                continue;
            };
            for member in members {
                // Duplicate names: the last one wins, as everywhere else.
                by_name.insert((section, member.key.as_str()), &member.value);
            }
        }
        Targets { by_name }
    }

    fn lookup(&self, root: &'a Node, pointer: &Pointer) -> Option<&'a Node> {
        // `/section/name/rest…`, split on the escaped form without allocating.
        let mut parts = pointer.as_str().splitn(4, '/').skip(1);
        let (Some(section), Some(raw_name)) = (parts.next(), parts.next()) else {
            return root.pointer(pointer.as_str());
        };
        let Some(node) = ["definitions", "parameters", "responses"]
            .into_iter()
            .find(|s| *s == section)
            .and_then(|s| {
                let name = crate::json::pointer::unescape(raw_name)?;
                self.by_name.get(&(s, name.as_ref())).copied()
            })
        else {
            return root.pointer(pointer.as_str());
        };
        match parts.next() {
            Some(rest) => {
                node.pointer(&pointer.as_str()[pointer.as_str().len() - rest.len() - 1..])
            }
            None => Some(node),
        }
    }
}

/// A reference's resolution and how many alias hops lead from it to its final target.
#[derive(Clone, Debug)]
struct Resolved {
    target: RefTarget,
    hops: usize,
}

/// Resolves every reference string in `starts` once, following alias chains (targets that are
/// themselves bare `$ref` objects). Each reference is visited once overall: a walk stops at the
/// first reference already resolved and fills in every reference it passed, so a
/// 100,000-step chain costs 100,000 steps, not 100,000². Chains longer than
/// [`MAX_ALIAS_STEPS`] resolve to [`RefTarget::TooLong`].
fn resolve_all<'a>(
    root: &'a Node,
    targets: &Targets<'a>,
    starts: &[&'a str],
) -> HashMap<&'a str, RefTarget> {
    let mut memo: HashMap<&'a str, Resolved> = HashMap::new();
    for &start in starts {
        if memo.contains_key(start) {
            continue;
        }
        let mut path: Vec<&'a str> = Vec::new();
        let mut on_path: foldhash::HashSet<&'a str> = foldhash::HashSet::default();
        let mut current = start;
        // The result for the last reference on `path`, and its hop count.
        let (target, last_hops) = loop {
            if let Some(known) = memo.get(current) {
                break (known.target.clone(), known.hops + 1);
            }
            if !on_path.insert(current) {
                break (RefTarget::Cycle, 0);
            }
            path.push(current);
            let Some(fragment) = current.strip_prefix('#') else {
                break (RefTarget::External, 0);
            };
            let Some(pointer) = Pointer::parse(fragment) else {
                break (RefTarget::Malformed, 0);
            };
            let Some(node) = targets.lookup(root, &pointer) else {
                break (RefTarget::NotFound, 0);
            };
            match node.get("$ref").and_then(Node::as_str) {
                Some(next) => current = next,
                None => break (RefTarget::Found(pointer), 0),
            }
        };
        for (back, reference) in path.iter().rev().enumerate() {
            memo.insert(
                reference,
                Resolved {
                    target: target.clone(),
                    hops: last_hops + back,
                },
            );
        }
    }
    memo.into_iter()
        .map(|(reference, resolved)| {
            let target = if resolved.hops > MAX_ALIAS_STEPS && resolved.target != RefTarget::Cycle {
                RefTarget::TooLong
            } else {
                resolved.target
            };
            (reference, target)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    #[test]
    fn refs_resolve_through_aliases_and_cycles_are_found() {
        let doc = parse(
            r##"{"definitions": {
                "A": {"type": "object"},
                "B": {"$ref": "#/definitions/A"},
                "C": {"$ref": "#/definitions/D"},
                "D": {"$ref": "#/definitions/C"},
                "E": {"$ref": "http://example.com/x.json"},
                "F": {"properties": {"self": {"$ref": "#/definitions/F"}}, "example": {"$ref": "not a ref"}}
            }}"##,
        )
        .unwrap();
        let view = Swagger::build(&doc);
        assert_eq!(
            view.resolution("#/definitions/B"),
            RefTarget::Found(Pointer::parse("/definitions/A").unwrap())
        );
        assert_eq!(view.resolution("#/definitions/C"), RefTarget::Cycle);
        assert_eq!(
            view.resolution("http://example.com/x.json"),
            RefTarget::External
        );
        assert_eq!(view.resolution("#/definitions/Z"), RefTarget::NotFound);
        // A recursive schema is legitimate: F refers to itself through a property.
        assert_eq!(
            view.resolution("#/definitions/F"),
            RefTarget::Found(Pointer::parse("/definitions/F").unwrap())
        );
        assert!(
            view.refs().iter().all(|r| r.target != "not a ref"),
            "example values are data"
        );
    }

    #[test]
    fn a_long_alias_chain_stops_after_the_limit() {
        let n = 100_000;
        let mut text = String::from("{\"definitions\": {");
        for i in 0..n {
            text.push_str(&format!(
                "\"D{i}\": {{\"$ref\": \"#/definitions/D{}\"}},",
                i + 1
            ));
        }
        text.push_str(&format!("\"D{n}\": {{\"type\": \"string\"}}}}}}"));
        let doc = parse(&text).unwrap();
        let view = Swagger::build(&doc);
        assert_eq!(view.resolution("#/definitions/D0"), RefTarget::TooLong);
        assert_eq!(
            view.resolution(&format!("#/definitions/D{}", n - 1)),
            RefTarget::Found(Pointer::parse(&format!("/definitions/D{n}")).unwrap())
        );
    }

    #[test]
    fn effective_parameters_override_path_item_ones() {
        let doc = parse(
            r##"{"parameters": {"Top": {"name": "top", "in": "query", "type": "integer"}},
                "paths": {"/items/{id}": {
                    "parameters": [{"name": "id", "in": "path", "required": true, "type": "string"},
                                   {"name": "q", "in": "query", "type": "string"}],
                    "get": {"operationId": "GetItem",
                            "parameters": [{"name": "q", "in": "query", "type": "integer"}, {"$ref": "#/parameters/Top"}],
                            "responses": {"200": {"description": "ok"}}}}}}"##,
        )
        .unwrap();
        let view = Swagger::build(&doc);
        let op = &view.operations()[0];
        let names: Vec<_> = op
            .parameters
            .iter()
            .map(|p| (p.name().unwrap(), p.pointer.as_str()))
            .collect();
        assert_eq!(
            names,
            vec![
                ("id", "/paths/~1items~1{id}/parameters/0"),
                ("q", "/paths/~1items~1{id}/get/parameters/0"),
                ("top", "/parameters/Top")
            ]
        );
        assert!(view.has_operation_id("GetItem"));
        assert_eq!(op.responses[0].status, "200");
    }
}
