//! SW106: the JSON Schema keywords of Schema Objects are consistent (`required`, `items`,
//! bounds, `pattern`, `default`, `readOnly`).

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use crate::diagnostic::Target;
use crate::json::{Member, Node};
use crate::package::FileId;
use crate::package::swagger::{Schema, Swagger};
use crate::rules::levels::{E, W};
use crate::rules::swagger::keyword_holders::render;
use crate::rules::swagger::schema_refs::{DirectDefinitions, RefTargets};
use crate::rules::{Rule, RuleContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks the keywords of every Schema Object (definitions, body-parameter and response
    /// schemas, and the `properties`, `items`, `allOf` and `additionalProperties` inside them):
    /// - `required` is a non-empty list, appears only on object schemas, and names only
    ///   properties the schema declares in `properties` or in its (resolved) `allOf` members;
    ///   the names are not checked when `additionalProperties` is present and not `false`;
    /// - an array schema has `items`;
    /// - each minimum is at most its maximum (`minimum`/`maximum`, `minLength`/`maxLength`,
    ///   `minItems`/`maxItems`, `minProperties`/`maxProperties`);
    /// - `exclusiveMaximum` comes with `maximum`, and `exclusiveMinimum` with `minimum`;
    /// - `pattern` is a valid ECMA-262 regular expression (lookaround and backreferences are
    ///   allowed);
    /// - `default` is a JSON value of the declared `type` (an integral number is an `integer`;
    ///   `"10"` is a string, not a number);
    /// - no property of a request body schema is both `readOnly` and required.
    ///
    /// ## Why is this bad?
    /// The platform builds the designer's inputs and outputs from these schemas. Contradictory
    /// keywords give fields that can never be valid (a `minLength` above `maxLength`, a
    /// required property nobody may set), arrays without an item shape, or defaults the service
    /// would reject. The Swagger Validator reports each case (*RequiredPropertyArrayEmpty*,
    /// *RequiredPropertyNotOnObject*, *RequiredPropertyDefinitionMissing*, *ArrayHasNoItems*,
    /// *MinimumShouldBeLessThanOrEqualToMaximum*, *ExclusiveMaximumRequiresMaximum*,
    /// *PatternShouldBeValidRegularExpression*, *DefaultValueMustMatchType*,
    /// *RequiredReadOnlyPropertyNotAllowedAsInput*, …).
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {},
    ///   "definitions": {
    ///     "Item": {
    ///       "type": "object",
    ///       "required": ["id", "name"],
    ///       "properties": {
    ///         "id": { "type": "string", "pattern": "^[a-z+$" },
    ///         "count": { "type": "integer", "default": "10" }
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
    ///   "paths": {},
    ///   "definitions": {
    ///     "Item": {
    ///       "type": "object",
    ///       "required": ["id"],
    ///       "properties": {
    ///         "id": { "type": "string", "pattern": "^[a-z]+$" },
    ///         "count": { "type": "integer", "default": 10 }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Fix Swagger Validator errors* (SVR: *RequiredPropertyArrayEmpty*,
    /// *RequiredPropertyNotOnObject*, *RequiredPropertyDefinitionMissing*,
    /// *RequiredReadOnlyPropertyNotAllowedAsInput*, *ArrayHasNoItems*,
    /// *MinimumShouldBeLessThanOrEqualToMaximum*, *MinLengthShouldBeLessThanOrEqualToMaxLength*,
    /// *MinItemsShouldBeLessThanOrEqualToMaxItems*, *ExclusiveMaximumRequiresMaximum*,
    /// *ExclusiveMinimumRequiresMinimum*, *PatternShouldBeValidRegularExpression*,
    /// *DefaultValueMustMatchType*).
    pub(crate) SchemaKeywords {
        code: "SW106",
        name: "schema-keywords",
        family: SW,
        category: Certification,
        levels: [E, E, W],
        summary: "schema keywords are consistent: `required`, array `items`, bounds, `pattern`, `default`, `readOnly`",
    }
}

/// Minimum/maximum pairs: every min ≤ its max.
const BOUNDS: [(&str, &str); 4] = [
    ("minimum", "maximum"),
    ("minLength", "maxLength"),
    ("minItems", "maxItems"),
    ("minProperties", "maxProperties"),
];

impl Rule for SchemaKeywords {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        // `allOf` members already resolved, by node identity.
        let mut resolved: Resolved<'_> = HashMap::new();
        // Each distinct `pattern` compiled once: a swagger repeats the same few (the corpus's
        // 543 patterns are 57 distinct ones per file), and compiling was a third of this rule.
        let mut patterns: HashMap<&str, Option<String>> = HashMap::new();
        // Whether the read-only-inputs walk can find anything (see `read_only_walk_needed`).
        let direct = DirectDefinitions::new(view);
        let mut read_only = false;
        let mut indirect_reference = false;
        for schema in view.schemas() {
            let node = schema.node;
            let Some(keywords) = Keywords::of(node) else {
                continue;
            };
            read_only |= keywords.read_only;
            // Siblings of `$ref` are ignored by the platform (SW092 reports them).
            if let Some(reference) = keywords.reference {
                indirect_reference |= reference.as_str().is_some_and(|r| !direct.holds(r));
                continue;
            }
            check_required(cx, file, view, &mut resolved, schema, &keywords);
            if keywords.kind() == Some("array") && !keywords.items {
                cx.report(
                    file,
                    Target::missing(&schema.pointer(), "items"),
                    "array schema has no `items`",
                )
                .help("add `items` with the schema of the array's elements");
            }
            if keywords.bounds {
                check_bounds(cx, file, schema, node);
            }
            if let Some(pattern) = keywords.pattern.and_then(Node::as_str) {
                check_pattern(cx, file, schema, pattern, &mut patterns);
            }
            check_default(cx, file, schema, &keywords);
        }
        if read_only || indirect_reference || !body_schemas_are_listed(view) {
            check_read_only_inputs(cx, file, view);
        }
    }
}

/// Whether every body parameter's schema is one of `view.schemas()`: the parameter is written
/// in a parameter list, or is a `#/parameters/NAME` entry.
///
/// The read-only-inputs walk starts at those schemas and goes through `properties`, `items`,
/// `allOf`, `additionalProperties` and `$ref`. When its roots are listed schemas and every
/// listed schema's `$ref` is a direct reference to a definition (in a document without
/// definition aliases), every node it reaches is a listed schema too; if none of those has
/// `readOnly`, the walk cannot find anything. Most swaggers have no `readOnly` at all, and the
/// walk was a third of this rule's time.
fn body_schemas_are_listed(view: &Swagger<'_>) -> bool {
    let parameters_listed = view.root().get("parameters").is_some_and(Node::is_object);
    view.operations()
        .iter()
        .flat_map(|op| &op.parameters)
        .filter(|p| p.from_ref && p.is_body())
        .all(|p| {
            parameters_listed
                && p.pointer
                    .as_str()
                    .strip_prefix("/parameters/")
                    .is_some_and(|name| !name.contains('/'))
        })
}

/// The members of a Schema Object that SW106 reads, found in one pass over its members (this
/// runs on every schema; a `Node::get` per keyword scanned them a dozen times). The last of
/// duplicate members wins, as in `Node::get`.
#[derive(Default)]
struct Keywords<'a> {
    /// `$ref`.
    reference: Option<&'a Node>,
    /// Has a `readOnly` member.
    read_only: bool,
    /// `type`.
    kind: Option<&'a Node>,
    required: Option<&'a Node>,
    /// Has an `items` member.
    items: bool,
    additional: Option<&'a Node>,
    properties: Option<&'a Node>,
    pattern: Option<&'a Node>,
    default: Option<&'a Node>,
    nullable: Option<&'a Node>,
    /// Has a member whose name starts with `min`, `max` or `exclusive`.
    bounds: bool,
}

impl<'a> Keywords<'a> {
    /// `None` when the node is not an object.
    fn of(node: &'a Node) -> Option<Self> {
        let members = node.as_object()?;
        let mut keywords = Keywords::default();
        for member in members {
            let value = Some(&member.value);
            match member.key.as_str() {
                "$ref" => keywords.reference = value,
                "readOnly" => keywords.read_only = true,
                "type" => keywords.kind = value,
                "required" => keywords.required = value,
                "items" => keywords.items = true,
                "additionalProperties" => keywords.additional = value,
                "properties" => keywords.properties = value,
                "pattern" => keywords.pattern = value,
                "default" => keywords.default = value,
                "x-nullable" => keywords.nullable = value,
                // Most other keys (`description`, `format`, `x-ms-…`) fail on the first byte.
                key => {
                    keywords.bounds |= match key.as_bytes().first() {
                        Some(b'm') => key.starts_with("min") || key.starts_with("max"),
                        Some(b'e') => key.starts_with("exclusive"),
                        _ => false,
                    };
                }
            }
        }
        Some(keywords)
    }

    /// The schema's `type` when it is a string.
    fn kind(&self) -> Option<&'a str> {
        self.kind.and_then(Node::as_str)
    }
}

fn check_required<'a>(
    cx: &mut RuleContext<'_>,
    file: FileId,
    view: &Swagger<'a>,
    resolved: &mut Resolved<'a>,
    schema: &Schema<'a>,
    keywords: &Keywords<'a>,
) {
    let Some(required) = keywords.required.and_then(Node::as_array) else {
        return;
    };
    // Worked out only for a finding: most schemas with `required` are fine.
    let required_pointer = || schema.pointer().child("required");
    if required.is_empty() {
        cx.report(
            file,
            Target::value(&required_pointer()),
            "`required` is empty",
        )
        .help("remove `required`, or list the properties that must be present");
        return;
    }
    if let Some(kind) = keywords.kind()
        && kind != "object"
    {
        cx.report(
            file,
            Target::key(&required_pointer()),
            format!("`required` is only valid on object schemas, and this schema's `type` is `{kind}`"),
        )
        .help(if kind == "array" {
            "move `required` into `items`, the object schema of the array's elements"
        } else {
            "remove `required` here; to make this value mandatory, list its name in the `required` of the object that holds it"
        });
        return;
    }
    let open = keywords
        .additional
        .is_some_and(|additional| additional.as_bool() != Some(false));
    if open {
        return;
    }
    let properties = keywords.properties.map(Node::members).unwrap_or_default();
    if all_declared(required, properties) {
        return;
    }
    // An `allOf` chain too long to follow: the names are not checked.
    let Some(declared) = declared_properties(view, resolved, schema.node) else {
        return;
    };
    let mut pointer = None;
    for (index, name) in required.iter().enumerate() {
        let Some(name) = name.as_str() else {
            continue;
        };
        if !declared.contains(name) {
            let pointer = pointer.get_or_insert_with(required_pointer);
            cx.report(
                file,
                Target::value(&pointer.child_index(index)),
                format!("required property `{name}` is not defined in `properties`"),
            )
            .help(format!(
                "declare `{name}` under `properties` (or in an `allOf` member), or remove it from `required`"
            ));
        }
    }
}

/// Lists longer than this (together) are compared through a set: real schemas stay far below,
/// and a hostile pair of long lists stays linear.
const DIRECT_COMPARISONS: usize = 1024;

/// Whether every string in `required` names one of `properties`.
fn all_declared(required: &[Node], properties: &[Member]) -> bool {
    let mut names = required.iter().filter_map(Node::as_str);
    if required.len().saturating_mul(properties.len()) <= DIRECT_COMPARISONS {
        return names.all(|name| properties.iter().any(|m| m.key == name));
    }
    let own: HashSet<&str> = properties.iter().map(|m| m.key.as_str()).collect();
    names.all(|name| own.contains(name))
}

/// `allOf` members and what their `$ref` resolves to (`None`: it does not resolve).
type Resolved<'a> = HashMap<*const Node, Option<&'a Node>>;

/// How many `allOf` members [`declared_properties`] follows for one schema; real schemas use a
/// handful, and the bound keeps a document of long chains linear.
const MAX_ALL_OF_MEMBERS: usize = 32;

/// The property names a schema declares: its own `properties` and those of its `allOf`
/// members, with `$ref`s resolved (each definition visited once). `None` when the members are
/// more than [`MAX_ALL_OF_MEMBERS`].
fn declared_properties<'a>(
    view: &Swagger<'a>,
    resolved: &mut Resolved<'a>,
    node: &'a Node,
) -> Option<HashSet<&'a str>> {
    let mut names = HashSet::new();
    let mut visited: HashSet<*const Node> = HashSet::new();
    let mut stack = vec![node];
    let mut followed = 0usize;
    while let Some(current) = stack.pop() {
        followed += 1;
        if followed > MAX_ALL_OF_MEMBERS + 1 {
            return None;
        }
        if let Some(properties) = current.get("properties") {
            names.extend(properties.members().iter().map(|m| m.key.as_str()));
        }
        for member in current.get("allOf").map(Node::items).unwrap_or_default() {
            let target = *resolved
                .entry(std::ptr::from_ref(member))
                .or_insert_with(|| view.deref(member).map(|(target, _)| target));
            if let Some(target) = target
                && visited.insert(std::ptr::from_ref(target))
            {
                stack.push(target);
            }
        }
    }
    Some(names)
}

fn check_bounds(cx: &mut RuleContext<'_>, file: FileId, schema: &Schema<'_>, node: &Node) {
    // Most schemas have no bound at all: one pass over the members says so, instead of a
    // dozen lookups.
    if !node.members().iter().any(|m| {
        m.key.starts_with("min") || m.key.starts_with("max") || m.key.starts_with("exclusive")
    }) {
        return;
    }
    for (min_key, max_key) in BOUNDS {
        let (Some(min), Some(max)) = (
            node.get(min_key).and_then(Node::as_f64),
            node.get(max_key).and_then(Node::as_f64),
        ) else {
            continue;
        };
        if min > max {
            cx.report(
                file,
                Target::value(&schema.pointer().child(min_key)),
                format!("`{min_key}` {min} is greater than `{max_key}` {max}"),
            )
            .help(format!("make `{min_key}` at most `{max_key}`"));
        }
    }
    for (exclusive, bound) in [
        ("exclusiveMaximum", "maximum"),
        ("exclusiveMinimum", "minimum"),
    ] {
        if node.get(exclusive).is_some() && node.get(bound).is_none() {
            cx.report(
                file,
                Target::key(&schema.pointer().child(exclusive)),
                format!("`{exclusive}` is set without `{bound}`"),
            )
            .help(format!(
                "add the `{bound}` that `{exclusive}` applies to, or remove `{exclusive}`"
            ));
        }
    }
}

fn check_pattern<'a>(
    cx: &mut RuleContext<'_>,
    file: FileId,
    schema: &Schema<'_>,
    pattern: &'a str,
    compiled: &mut HashMap<&'a str, Option<String>>,
) {
    let error = compiled
        .entry(pattern)
        .or_insert_with(|| ecma_regex_error(pattern));
    if let Some(error) = error {
        cx.report(
            file,
            Target::value(&schema.pointer().child("pattern")),
            format!("`pattern` is not a valid ECMA-262 regular expression: {error}"),
        )
        .help("fix the regular expression (JSON Schema patterns use JavaScript syntax; remember that `\\` is written `\\\\` in JSON)");
    }
}

/// Why `pattern` does not compile as an ECMA-262 regular expression (no flags), if it does not.
fn ecma_regex_error(pattern: &str) -> Option<String> {
    // The parser is fuzzed and bounds its nesting; a panic would still be a bug in it, so it
    // is contained here rather than taking the whole run down.
    match std::panic::catch_unwind(|| regress::Regex::new(pattern).err()) {
        Ok(None) => None,
        Ok(Some(error)) => Some(lowercase_first(&error.to_string())),
        Err(_) => Some("the expression could not be parsed".to_owned()),
    }
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn check_default(
    cx: &mut RuleContext<'_>,
    file: FileId,
    schema: &Schema<'_>,
    keywords: &Keywords<'_>,
) {
    let (Some(default), Some(kind)) = (keywords.default, keywords.kind()) else {
        return;
    };
    let matches = match kind {
        "string" => default.is_string(),
        "integer" => default.as_number().is_some_and(|n| n.is_whole()),
        "number" => default.is_number(),
        "boolean" => default.is_bool(),
        "array" => default.is_array(),
        "object" => default.is_object(),
        "null" => default.is_null(),
        // `file` and unknown types (SW006 reports those) have no JSON value to compare.
        _ => return,
    };
    let nullable = keywords.nullable.and_then(Node::as_bool) == Some(true);
    if matches || (nullable && default.is_null()) {
        return;
    }
    let found = match default.kind_name() {
        "number" if kind == "integer" => "a fraction",
        "null" => "null",
        "array" => "an array",
        "object" => "an object",
        "boolean" => "a boolean",
        "number" => "a number",
        _ => "a string",
    };
    cx.report(
        file,
        Target::value(&schema.pointer().child("default")),
        format!(
            "`default` {} is {found}, but `type` is `{kind}`",
            render(default)
        ),
    )
    .help(match kind {
        "integer" => "write the default as a JSON number without quotes (`10`, not `\"10\"`), or fix `type`".to_owned(),
        "number" => "write the default as a JSON number without quotes (`0.5`, not `\"0.5\"`), or fix `type`".to_owned(),
        "boolean" => "write the default as `true` or `false` without quotes, or fix `type`".to_owned(),
        other => format!("write the default as a JSON {other}, or fix `type`"),
    });
}

/// No property of a request body schema is both `readOnly` and required: walks each body
/// parameter's schema through `$ref`, `properties`, `items`, `allOf` and
/// `additionalProperties`, visiting each schema once.
fn check_read_only_inputs(cx: &mut RuleContext<'_>, file: FileId, view: &Swagger<'_>) {
    // Walked by node (each visited once, by address); a pointer is worked out only for a finding.
    // Sized for every schema of the document: no growth during the walk.
    let mut visited: HashSet<usize> = HashSet::with_capacity(view.schemas().len());
    let mut targets = RefTargets::new(view);
    let mut stack: Vec<&Node> = Vec::new();
    for op in view.operations() {
        for parameter in op.parameters.iter().filter(|p| p.is_body()) {
            if let Some(schema) = parameter.node.get("schema") {
                stack.push(schema);
            }
        }
    }
    while let Some(node) = stack.pop() {
        let Some(node) = targets.deref(node) else {
            continue;
        };
        if !node.is_object() || !visited.insert(std::ptr::from_ref(node).addr()) {
            continue;
        }
        // One pass over the members; the last of duplicates wins, as in `Node::get`.
        let (mut required, mut properties, mut items, mut all_of, mut additional) =
            (None, None, None, None, None);
        for member in node.members() {
            let value = Some(&member.value);
            match member.key.as_str() {
                "required" => required = value,
                "properties" => properties = value,
                "items" => items = value,
                "allOf" => all_of = value,
                "additionalProperties" => additional = value,
                _ => {}
            }
        }
        if let (Some(required), Some(properties)) = (required.and_then(Node::as_array), properties)
        {
            let properties = properties.members();
            let by_name = (required.len().saturating_mul(properties.len()) > DIRECT_COMPARISONS)
                .then(|| {
                    // The last duplicate wins, as in `Node::get`.
                    properties
                        .iter()
                        .map(|m| (m.key.as_str(), &m.value))
                        .collect::<HashMap<&str, &Node>>()
                });
            for (index, name) in required.iter().enumerate() {
                let Some(name) = name.as_str() else {
                    continue;
                };
                let property = match &by_name {
                    Some(by_name) => by_name.get(name).copied(),
                    None => properties
                        .iter()
                        .rev()
                        .find(|m| m.key == name)
                        .map(|m| &m.value),
                };
                let read_only = property
                    .and_then(|property| targets.deref(property))
                    .is_some_and(|property| {
                        property.get("readOnly").and_then(Node::as_bool) == Some(true)
                    });
                if read_only {
                    cx.report(
                        file,
                        Target::value(&view.pointer_of(node).child("required").child_index(index)),
                        format!("required property `{name}` is `readOnly`, so a request cannot set it"),
                    )
                    .help(format!(
                        "an input property cannot be both `readOnly` and required: remove `{name}` from `required` or drop `readOnly`"
                    ));
                }
            }
        }
        if let Some(properties) = properties {
            stack.extend(properties.members().iter().map(|m| &m.value));
        }
        match items {
            Some(items) if items.is_array() => stack.extend(items.items()),
            Some(items) => stack.push(items),
            None => {}
        }
        stack.extend(all_of.map(Node::items).unwrap_or_default());
        if let Some(additional) = additional
            && additional.is_object()
        {
            stack.push(additional);
        }
    }
}
