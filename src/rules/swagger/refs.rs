//! `$ref` rules: SW090 (ref-resolves), SW091 (ref-form), SW092 (ref-alone), SW093 (ref-loops).
//!
//! They read the view's `refs()` and `resolution()`: every reference is resolved once by the view,
//! nothing is inlined and nothing outside the document is read (reliability.md §4).

use std::cell::OnceCell;

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use crate::diagnostic::Target;
use crate::json::{Node, Pointer};
use crate::package::FileId;
use crate::package::swagger::{MAX_ALIAS_STEPS, RefPlace, RefTarget, RefUse, Swagger};
use crate::rules::levels::{E, I, WS};
use crate::rules::swagger::schema_refs::DirectDefinitions;
use crate::rules::{Rule, RuleContext, declare_rule};
use crate::text::thousands;

/// Findings listed per kind of problem; the rest are counted in one last finding.
const MAX_LISTED: usize = 20;

declare_rule! {
    /// ## What it does
    /// Checks that every local `$ref` (`#/…`) points to something in the file: a definition,
    /// parameter or response that exists, written as a valid JSON pointer.
    ///
    /// ## Why is this bad?
    /// The Swagger Validator rejects a reference it cannot follow (*SchemaReferenceNotFound*,
    /// *ParameterReferenceNotFound*, *ResponseReferenceNotFound*, *JsonPointerNotValid*), and a
    /// connector that imports anyway shows an empty or broken input or output where the
    /// referenced schema should be.
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {
    ///     "/tasks": {
    ///       "get": {
    ///         "operationId": "ListTasks",
    ///         "responses": { "200": { "description": "The tasks.", "schema": { "$ref": "#/definitions/TaskList" } } }
    ///       }
    ///     }
    ///   },
    ///   "definitions": { "Task": { "type": "object" } }
    /// }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {
    ///     "/tasks": {
    ///       "get": {
    ///         "operationId": "ListTasks",
    ///         "responses": { "200": { "description": "The tasks.", "schema": { "$ref": "#/definitions/TaskList" } } }
    ///       }
    ///     }
    ///   },
    ///   "definitions": { "TaskList": { "type": "array", "items": { "type": "object" } } }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Fix Swagger Validator errors* (SVR): *SchemaReferenceNotFound*,
    /// *ParameterReferenceNotFound*, *ResponseReferenceNotFound*, *JsonPointerNotValid*.
    pub(crate) RefResolves {
        code: "SW090",
        name: "ref-resolves",
        family: SW,
        category: Certification,
        levels: [E, E, E],
        summary: "every local `$ref` resolves",
    }
}

declare_rule! {
    /// ## What it does
    /// Checks the form of every `$ref`: a schema refers to `#/definitions/NAME`, an entry of a
    /// `parameters` list to `#/parameters/NAME` and a response to `#/responses/NAME`. A reference
    /// that leaves the file (`other.json#/…`, `https://…`, `file:///…`, `../x.json`) is reported
    /// and never fetched or opened.
    ///
    /// ## Why is this bad?
    /// A connector is one self-contained file: the platform resolves nothing outside it, so an
    /// external reference is an error (*SchemaReferenceNotValid*, *ParameterReferenceNotValid*,
    /// *ResponseReferenceNotValid*), and so is a reference to the wrong kind of object (a
    /// parameter list entry that points at a schema). Fetching references is also how
    /// validators have been tricked into reading local files or calling internal URLs.
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {
    ///     "/tasks": {
    ///       "get": {
    ///         "operationId": "ListTasks",
    ///         "responses": { "200": { "description": "The tasks.", "schema": { "$ref": "https://contoso.com/schemas/tasks.json" } } }
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
    ///     "/tasks": {
    ///       "get": {
    ///         "operationId": "ListTasks",
    ///         "responses": { "200": { "description": "The tasks.", "schema": { "$ref": "#/definitions/TaskList" } } }
    ///       }
    ///     }
    ///   },
    ///   "definitions": { "TaskList": { "type": "array", "items": { "type": "object" } } }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Fix Swagger Validator errors* (SVR): *SchemaReferenceNotValid*,
    /// *ParameterReferenceNotValid*, *ResponseReferenceNotValid*; reliability.md §4 (external
    /// references are never fetched).
    pub(crate) RefForm {
        code: "SW091",
        name: "ref-form",
        family: SW,
        category: Certification,
        levels: [E, E, E],
        summary: "`$ref` is a local `#/definitions/`, `#/parameters/` or `#/responses/` reference",
    }
}

declare_rule! {
    /// ## What it does
    /// Checks that an object holding `$ref` (a schema, a parameter list entry, a response) has no
    /// other member.
    ///
    /// ## Why is this bad?
    /// In Swagger 2.0 a `$ref` replaces the whole object: its siblings (`description`,
    /// `x-ms-summary`, `x-ms-visibility`, …) are ignored, so the labels and settings written
    /// there never reach the designer. The Swagger Validator reports them
    /// (*AdditionalPropertyNotAllowedAdjacentToRef*).
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {},
    ///   "definitions": {
    ///     "Task": { "type": "object", "properties": { "owner": { "$ref": "#/definitions/User", "x-ms-summary": "Owner" } } },
    ///     "User": { "type": "object" }
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
    ///     "Task": { "type": "object", "properties": { "owner": { "$ref": "#/definitions/User" } } },
    ///     "User": { "type": "object", "x-ms-summary": "Owner" }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Fix Swagger Validator errors* (SVR): *AdditionalPropertyNotAllowedAdjacentToRef*.
    pub(crate) RefAlone {
        code: "SW092",
        name: "ref-alone",
        family: SW,
        category: Certification,
        levels: [WS, WS, I],
        summary: "no sibling keys beside `$ref`",
    }
}

declare_rule! {
    /// ## What it does
    /// Checks for references that never reach a real object:
    /// - an entry of `definitions`, `parameters` or `responses` that is itself only a `$ref`
    ///   (an alias);
    /// - a `$ref` cycle (`A` → `B` → `A`), and an alias chain longer than 64 steps;
    /// - a loop of `required` properties: definition `A` requires a property whose schema is
    ///   `B`, which requires a property whose schema is `A` (no finite object satisfies it).
    ///
    /// At most 20 findings of each kind are listed; the rest are counted in one more finding.
    ///
    /// ## Why is this bad?
    /// The Swagger Validator rejects aliases and loops (*SchemaRefLoopNotAllowed*,
    /// *ParameterRefLoopNotAllowed*, *ResponseRefLoopNotAllowed*,
    /// *RequiredLoopInSchemaNotAllowed*). Resolvers that follow such references naively loop
    /// forever or overflow their stack; a recursive schema through an optional property or an
    /// array (a tree of items) is fine and is not reported.
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {},
    ///   "definitions": {
    ///     "Task": { "$ref": "#/definitions/Item" },
    ///     "Item": { "type": "object" }
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
    ///     "Item": { "type": "object", "properties": { "children": { "type": "array", "items": { "$ref": "#/definitions/Item" } } } }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Fix Swagger Validator errors* (SVR): *SchemaRefLoopNotAllowed*,
    /// *ParameterRefLoopNotAllowed*, *ResponseRefLoopNotAllowed*,
    /// *RequiredLoopInSchemaNotAllowed*; reliability.md §4 (`ref-self`, `ref-mutual`, alias
    /// chains over 64 steps).
    pub(crate) RefLoops {
        code: "SW093",
        name: "ref-loops",
        family: SW,
        category: Certification,
        levels: [E, E, E],
        summary: "no `$ref` aliases, cycles, long alias chains or `required` loops",
    }
}

/// What a `$ref` at some place may point to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RefContext {
    /// A Schema Object: `#/definitions/…`.
    Schema,
    /// An entry of a `parameters` list, or of the root `parameters`: `#/parameters/…`.
    Parameter,
    /// A response of an operation, or of the root `responses`: `#/responses/…`.
    Response,
    /// A path item (SW042's).
    PathItem,
    /// Anywhere else references are read: any of the three sections.
    Other,
}

impl RefContext {
    fn prefix(self) -> Option<&'static str> {
        match self {
            RefContext::Schema => Some("#/definitions/"),
            RefContext::Parameter => Some("#/parameters/"),
            RefContext::Response => Some("#/responses/"),
            RefContext::PathItem | RefContext::Other => None,
        }
    }
}

/// Classifies the places of references. Only a reference at no special place (`RefPlace::Other`)
/// needs the set of Schema Objects, and the rules ask for few of those: the set is built on the
/// first such question.
struct Contexts<'v, 'a> {
    view: &'v Swagger<'a>,
    /// The Schema Objects that have a `$ref` member (only they can hold a reference), by address.
    schemas: OnceCell<HashSet<usize>>,
}

impl<'v, 'a> Contexts<'v, 'a> {
    fn new(view: &'v Swagger<'a>) -> Self {
        Contexts {
            view,
            schemas: OnceCell::new(),
        }
    }

    fn of(&self, reference: &RefUse<'_>) -> RefContext {
        match reference.place {
            RefPlace::PathItem => RefContext::PathItem,
            RefPlace::Parameter => RefContext::Parameter,
            RefPlace::Response => RefContext::Response,
            RefPlace::Other => {
                let schemas = self.schemas.get_or_init(|| {
                    self.view
                        .schemas()
                        .iter()
                        .filter(|s| s.node.members().iter().any(|m| m.key == "$ref"))
                        .map(|s| node_addr(s.node))
                        .collect()
                });
                if schemas.contains(&node_addr(reference.object)) {
                    RefContext::Schema
                } else {
                    RefContext::Other
                }
            }
        }
    }
}

fn node_addr(node: &Node) -> usize {
    std::ptr::from_ref(node).addr()
}

/// The `$ref` member of a reference's holder, for carets.
fn ref_value(reference: &RefUse<'_>) -> Target {
    Target::value(&reference.pointer().child("$ref"))
}

/// The object a local reference string points to directly (without following aliases).
fn direct<'a>(view: &Swagger<'a>, target: &str) -> Option<&'a Node> {
    let pointer = Pointer::parse(target.strip_prefix('#')?)?;
    view.node_at(&pointer)
}

/// `#/definitions/A` → `/definitions/A`.
fn local_pointer(target: &str) -> Option<Pointer> {
    Pointer::parse(target.strip_prefix('#')?)
}

/// Reports up to [`MAX_LISTED`] findings of one kind and counts the rest.
struct Capped {
    listed: usize,
    rest: usize,
}

impl Capped {
    fn new() -> Self {
        Capped { listed: 0, rest: 0 }
    }

    /// Whether the next finding may be listed (counts it either way).
    fn admit(&mut self) -> bool {
        if self.listed < MAX_LISTED {
            self.listed += 1;
            true
        } else {
            self.rest += 1;
            false
        }
    }

    fn summarise(&self, cx: &mut RuleContext<'_>, file: FileId, what: &str) {
        if self.rest > 0 {
            cx.report(
                file,
                Target::File,
                format!(
                    "{} more {what} are not listed (the first {MAX_LISTED} are)",
                    thousands(self.rest as u64)
                ),
            )
            .help("fix the ones listed and run pcpkg again");
        }
    }
}

impl Rule for RefResolves {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        let mut capped = Capped::new();
        for reference in view.refs() {
            let target = reference.target;
            let resolution = view.resolution(target);
            // Report where a chain breaks: a reference whose own target exists but is an alias
            // to nothing is reported at that alias's `$ref`, once.
            let broken = match resolution {
                RefTarget::Malformed => true,
                RefTarget::NotFound => direct(view, target).is_none(),
                _ => false,
            };
            if !broken || !capped.admit() {
                continue;
            }
            if resolution == RefTarget::NotFound {
                let (message, help) = not_found(target);
                cx.report(file, ref_value(reference), message).help(help);
                continue;
            }
            let suggestion = target
                .strip_prefix('#')
                .filter(|rest| !rest.starts_with('/'))
                .map(|rest| format!("#/{rest}"));
            cx.report(
                file,
                ref_value(reference),
                format!("`$ref` `{target}` is not a valid JSON pointer"),
            )
            .help(match suggestion {
                Some(fixed) => format!("write it as `{fixed}`"),
                None => "write it as `#/definitions/NAME`; inside a name, escape `~` as `~0` and `/` as `~1`".to_owned(),
            });
        }
        capped.summarise(cx, file, "unresolved references");
    }
}

fn not_found(target: &str) -> (String, String) {
    let pointer = local_pointer(target);
    let mut segments = pointer.iter().flat_map(Pointer::segments);
    let (section, name) = (segments.next(), segments.next());
    let message = format!("`$ref` `{target}` points to nothing in this file");
    let help = match (section.as_deref(), name) {
        (Some(section @ ("definitions" | "parameters" | "responses")), Some(name))
            if !name.is_empty() =>
        {
            format!(
                "add `{name}` under `{section}`, or correct the name (names are case-sensitive)"
            )
        }
        _ => {
            "point it at `#/definitions/NAME`, `#/parameters/NAME` or `#/responses/NAME`".to_owned()
        }
    };
    (message, help)
}

impl Rule for RefForm {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        let contexts = Contexts::new(view);
        let direct = DirectDefinitions::new(view);
        let mut capped = Capped::new();
        for reference in view.refs() {
            let target = reference.target;
            // A direct reference to a definition is neither external nor malformed, and needs
            // no resolution (a hash lookup and a cloned pointer) to say so.
            let resolution = (!direct.holds(target)).then(|| view.resolution(target));
            if !target.starts_with('#') || resolution == Some(RefTarget::External) {
                if capped.admit() {
                    cx.report(
                        file,
                        ref_value(reference),
                        format!("`$ref` `{target}` points outside this file; pcpkg never reads or fetches it"),
                    )
                    .help("copy the referenced object into this file (under `definitions`, `parameters` or `responses`) and refer to it as `#/definitions/NAME`");
                }
                continue;
            }
            // An invalid pointer is SW090's.
            if resolution == Some(RefTarget::Malformed) {
                continue;
            }
            // Elsewhere than a parameter list, a response or a path item, a schema reference
            // and a reference at any other place may both point into `#/definitions/`: such
            // a reference is well formed whichever it is, and needs no context.
            if reference.place == RefPlace::Other && well_formed(target, &["#/definitions/"]) {
                continue;
            }
            let context = contexts.of(reference);
            if context == RefContext::PathItem {
                continue;
            }
            let allowed: &[&str] = match context.prefix() {
                Some(prefix) => &[prefix][..],
                None => &["#/definitions/", "#/parameters/", "#/responses/"][..],
            };
            if well_formed(target, allowed) || !capped.admit() {
                continue;
            }
            let (message, help) = match context {
                RefContext::Schema => (
                    format!("schema reference `{target}` does not point into `#/definitions/`"),
                    "a schema refers to `#/definitions/NAME`; define the schema under `definitions`",
                ),
                RefContext::Parameter => (
                    format!("parameter reference `{target}` does not point into `#/parameters/`"),
                    "a parameter list entry refers to `#/parameters/NAME`; define the parameter under the root `parameters`",
                ),
                RefContext::Response => (
                    format!("response reference `{target}` does not point into `#/responses/`"),
                    "a response refers to `#/responses/NAME`; define the response under the root `responses`",
                ),
                RefContext::PathItem | RefContext::Other => (
                    format!(
                        "`$ref` `{target}` does not point into `definitions`, `parameters` or `responses`"
                    ),
                    "refer to `#/definitions/NAME`, `#/parameters/NAME` or `#/responses/NAME`",
                ),
            };
            cx.report(file, ref_value(reference), message).help(help);
        }
        capped.summarise(cx, file, "references of the wrong form");
    }
}

/// Whether `target` starts with one of `allowed` and names something after it.
fn well_formed(target: &str, allowed: &[&str]) -> bool {
    allowed.iter().any(|prefix| {
        target
            .strip_prefix(prefix)
            .is_some_and(|name| !name.is_empty() && !name.starts_with('/'))
    })
}

impl Rule for RefAlone {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        let contexts = Contexts::new(view);
        let mut capped = Capped::new();
        for reference in view.refs() {
            // Nearly every reference stands alone: that is checked before its context.
            if reference.object.members().iter().all(|m| m.key == "$ref") {
                continue;
            }
            if matches!(
                contexts.of(reference),
                RefContext::PathItem | RefContext::Other
            ) {
                continue;
            }
            let siblings: Vec<&str> = reference
                .object
                .members()
                .iter()
                .map(|m| m.key.as_str())
                .filter(|k| *k != "$ref")
                .collect();
            let Some(first) = siblings.first() else {
                continue;
            };
            if !capped.admit() {
                continue;
            }
            let listed = siblings
                .iter()
                .take(5)
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ");
            let more = if siblings.len() > 5 {
                format!(" and {} more", siblings.len() - 5)
            } else {
                String::new()
            };
            let (verb, noun, pronoun) = if siblings.len() == 1 {
                ("is", "member", "it")
            } else {
                ("are", "members", "them")
            };
            cx.report(
                file,
                Target::key(&reference.pointer().child(first)),
                format!("{listed}{more} beside `$ref` {verb} ignored"),
            )
            .help(format!(
                "remove the sibling {noun}, or move {pronoun} into the referenced object (`{}`)",
                reference.target
            ));
        }
        capped.summarise(cx, file, "`$ref` objects with siblings");
    }
}

impl Rule for RefLoops {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        // Direct references to definitions are on no cycle and start no long chain, and need
        // no resolution (a hash lookup and a cloned pointer) to say so.
        let direct = DirectDefinitions::new(view);
        let direct_refs: Vec<bool> = view
            .refs()
            .iter()
            .map(|reference| direct.holds(reference.target))
            .collect();
        let in_cycle = report_cycles(cx, file, view, &direct_refs);
        report_aliases(cx, file, view, &in_cycle);
        report_long_chains(cx, file, view, &direct_refs);
        report_required_loops(cx, file, view);
    }
}

/// One finding per distinct `$ref` cycle; returns the pointers of the objects on a cycle.
/// `direct_refs` says which references (by index in `view.refs()`) are direct references to
/// definitions ([`DirectDefinitions`]).
fn report_cycles(
    cx: &mut RuleContext<'_>,
    file: FileId,
    view: &Swagger<'_>,
    direct_refs: &[bool],
) -> HashSet<Pointer> {
    // Each reference string on or leading into a cycle maps to its cycle's smallest member.
    let mut key_of: HashMap<&str, Option<&str>> = HashMap::new();
    let mut cycles: Vec<Vec<&str>> = Vec::new();
    for (reference, is_direct) in view.refs().iter().zip(direct_refs) {
        if *is_direct
            || view.resolution(reference.target) != RefTarget::Cycle
            || key_of.contains_key(reference.target)
        {
            continue;
        }
        let mut path: Vec<&str> = Vec::new();
        let mut index: HashMap<&str, usize> = HashMap::new();
        let mut current = reference.target;
        let key = loop {
            if let Some(known) = key_of.get(current) {
                break *known;
            }
            if let Some(&start) = index.get(current) {
                let members = path[start..].to_vec();
                let smallest = members.iter().copied().min();
                if let Some(smallest) = smallest {
                    // Rotate so the cycle starts at its smallest member: one spelling per cycle.
                    let at = members.iter().position(|m| *m == smallest).unwrap_or(0);
                    let mut rotated = members[at..].to_vec();
                    rotated.extend_from_slice(&members[..at]);
                    cycles.push(rotated);
                }
                break smallest;
            }
            index.insert(current, path.len());
            path.push(current);
            match direct(view, current)
                .and_then(|node| node.get("$ref"))
                .and_then(Node::as_str)
            {
                Some(next) => current = next,
                None => break None,
            }
        };
        for step in path {
            key_of.insert(step, key);
        }
    }
    let mut on_cycle = HashSet::new();
    let mut capped = Capped::new();
    for cycle in &cycles {
        for member in cycle {
            if let Some(pointer) = local_pointer(member) {
                on_cycle.insert(pointer);
            }
        }
        let (Some(first), Some(at)) = (cycle.first(), cycle.first().and_then(|m| local_pointer(m)))
        else {
            continue;
        };
        if !capped.admit() {
            continue;
        }
        let message = if cycle.len() == 1 {
            format!("`$ref` `{first}` points to itself")
        } else {
            let shown: Vec<String> = cycle.iter().take(6).map(|m| format!("`{m}`")).collect();
            let ellipsis = if cycle.len() > 6 { " → …" } else { "" };
            format!(
                "`$ref` cycle of {} references: {}{ellipsis} → `{first}`",
                cycle.len(),
                shown.join(" → ")
            )
        };
        let help = if cycle.len() == 1 {
            "write the schema, parameter or response here instead of a `$ref` to itself"
        } else {
            "replace one `$ref` of the cycle with the schema, parameter or response itself"
        };
        cx.report(file, Target::value(&at.child("$ref")), message)
            .help(help);
    }
    capped.summarise(cx, file, "`$ref` cycles");
    on_cycle
}

/// Entries of `definitions`, `parameters` and `responses` that are only a `$ref`.
fn report_aliases(
    cx: &mut RuleContext<'_>,
    file: FileId,
    view: &Swagger<'_>,
    on_cycle: &HashSet<Pointer>,
) {
    let mut capped = Capped::new();
    for (section, noun, help) in [
        (
            "definitions",
            "definition",
            "refer to the target directly wherever this definition is used, then remove it (or move the target's schema here)",
        ),
        (
            "parameters",
            "parameter",
            "define the parameter here, or refer to the target directly wherever this parameter is used",
        ),
        (
            "responses",
            "response",
            "define the response here, or refer to the target directly wherever this response is used",
        ),
    ] {
        let Some(entries) = view.root().get(section).and_then(Node::as_object) else {
            continue;
        };
        let base = Pointer::root().child(section);
        for entry in entries {
            let Some(target) = entry.value.get("$ref").and_then(Node::as_str) else {
                continue;
            };
            let pointer = base.child(&entry.key);
            if on_cycle.contains(&pointer) || !capped.admit() {
                continue;
            }
            cx.report(
                file,
                Target::value(&pointer.child("$ref")),
                format!(
                    "{noun} `{}` is only a `$ref` to `{target}`; a {noun} may not point to another one",
                    entry.key
                ),
            )
            .help(help);
        }
    }
    capped.summarise(cx, file, "alias definitions, parameters or responses");
}

/// One finding per alias chain longer than [`MAX_ALIAS_STEPS`], at its first reference.
/// `direct_refs` says which references (by index in `view.refs()`) are direct references to
/// definitions ([`DirectDefinitions`]).
fn report_long_chains(
    cx: &mut RuleContext<'_>,
    file: FileId,
    view: &Swagger<'_>,
    direct_refs: &[bool],
) {
    let long: Vec<&RefUse<'_>> = view
        .refs()
        .iter()
        .zip(direct_refs)
        .filter(|(r, is_direct)| !**is_direct && view.resolution(r.target) == RefTarget::TooLong)
        .map(|(r, _)| r)
        .collect();
    if long.is_empty() {
        return;
    }
    // Objects that a too-long reference points to are inside some chain, not at its start.
    let inside: HashSet<Pointer> = long
        .iter()
        .filter_map(|r| local_pointer(r.target))
        .collect();
    let mut capped = Capped::new();
    for reference in long {
        if inside.contains(&reference.pointer()) || !capped.admit() {
            continue;
        }
        cx.report(
            file,
            ref_value(reference),
            format!(
                "`$ref` `{}` starts a chain of more than {MAX_ALIAS_STEPS} `$ref` aliases",
                reference.target
            ),
        )
        .help("refer to the final schema, parameter or response directly");
    }
    capped.summarise(cx, file, "long `$ref` alias chains");
}

/// A `required` edge: definition `from` requires (through the entry `at`: a `required` entry,
/// an `allOf` member or a definition's `$ref`) a value of `to`.
struct RequiredEdge<'a> {
    to: usize,
    /// The node of the entry; its pointer is worked out for a finding only (every definition
    /// with `required` is walked, and loops are rare).
    at: &'a Node,
}

/// Nodes visited per definition when looking for the definitions it requires.
const MAX_REQUIRED_WALK: usize = 10_000;

/// Loops of `required` properties between definitions (*RequiredLoopInSchemaNotAllowed*).
fn report_required_loops(cx: &mut RuleContext<'_>, file: FileId, view: &Swagger<'_>) {
    let Some(definitions) = view.root().get("definitions").and_then(Node::as_object) else {
        return;
    };
    let index: HashMap<&str, usize> = definitions
        .iter()
        .enumerate()
        .map(|(i, m)| (m.key.as_str(), i))
        .collect();
    // Duplicate names: the last one wins, as in the view.
    let names: Vec<&str> = definitions.iter().map(|m| m.key.as_str()).collect();
    let mut edges: Vec<Vec<RequiredEdge>> = Vec::with_capacity(definitions.len());
    let mut walk = RequiredWalk {
        direct: DirectDefinitions::new(view),
        seen: HashSet::new(),
        stack: Vec::new(),
    };
    for (i, member) in definitions.iter().enumerate() {
        // A later duplicate wins; a definition with nothing to require has no edge.
        let requires = member
            .value
            .members()
            .iter()
            .any(|m| matches!(m.key.as_str(), "$ref" | "allOf" | "required"));
        if !requires || index.get(member.key.as_str()) != Some(&i) {
            edges.push(Vec::new());
            continue;
        }
        edges.push(required_edges(view, &index, &member.value, &mut walk));
    }
    let components = strongly_connected(&edges);
    let mut capped = Capped::new();
    for component in components {
        let Some(&start) = component.iter().min() else {
            continue;
        };
        let looped = component.len() > 1 || edges[start].iter().any(|e| e.to == start);
        if !looped || !capped.admit() {
            continue;
        }
        let members: HashSet<usize> = component.iter().copied().collect();
        let cycle = shortest_cycle(&edges, start, &members);
        let Some(first_edge) = cycle.first() else {
            continue;
        };
        // `Task.owner` → `User.currentTask` → `Task`
        let step = |from: usize, edge: &RequiredEdge<'_>| match edge_label(view, edge.at) {
            Some(property) => format!("`{}.{property}`", names[from]),
            None => format!("`{}`", names[from]),
        };
        let mut route = Vec::new();
        let mut from = start;
        for edge in cycle.iter().take(6) {
            route.push(step(from, edge));
            from = edge.to;
        }
        route.push(if cycle.len() > 6 {
            "…".to_owned()
        } else {
            format!("`{}`", names[start])
        });
        let message = if cycle.len() == 1 {
            match edge_label(view, first_edge.at) {
                Some(property) => format!(
                    "definition `{}` requires `{property}`, whose schema is `{}` itself",
                    names[start], names[start]
                ),
                None => format!("definition `{}` requires itself", names[start]),
            }
        } else {
            format!("required properties form a loop: {}", route.join(" → "))
        };
        cx.report(file, Target::value(&view.pointer_of(first_edge.at)), message)
            .help("make one property of the loop optional (remove it from `required`): no finite object can satisfy a loop of required properties");
    }
    capped.summarise(cx, file, "loops of required properties");
}

/// The required property an edge goes through (`owner` for `/definitions/Task/required/0`), or
/// `None` for an `allOf` entry or an alias.
fn edge_label(view: &Swagger<'_>, at: &Node) -> Option<String> {
    let at = view.pointer_of(at);
    let parent = at.parent()?;
    if parent.last_segment().as_deref() != Some("required") {
        return None;
    }
    view.node_at(&at).and_then(Node::as_str).map(str::to_owned)
}

/// The definitions a definition requires: each name in a `required` list (of the definition, of
/// a required inline object inside it, or of an `allOf` member) whose property schema is a
/// `$ref` to a definition. Each edge points at the `required` (or `allOf`) entry that pulls the
/// other definition in.
fn required_edges<'a>(
    view: &Swagger<'a>,
    index: &HashMap<&str, usize>,
    definition: &'a Node,
    walk: &mut RequiredWalk<'a>,
) -> Vec<RequiredEdge<'a>> {
    let mut edges = Vec::new();
    let RequiredWalk {
        direct,
        seen,
        stack,
    } = walk;
    seen.clear();
    stack.clear();
    // (schema, the entry that led to it). The definition's own entry is its `$ref`, used only
    // when it has one (as a string).
    let via = definition.get("$ref").unwrap_or(definition);
    stack.push((definition, via));
    while let Some((node, via)) = stack.pop() {
        if seen.len() >= MAX_REQUIRED_WALK || !seen.insert(std::ptr::from_ref(node)) {
            continue;
        }
        // One pass over the members; the last of duplicates wins, as in `Node::get`.
        let (mut reference, mut all_of, mut properties, mut required) = (None, None, None, None);
        for member in node.members() {
            let value = Some(&member.value);
            match member.key.as_str() {
                "$ref" => reference = value,
                "allOf" => all_of = value,
                "properties" => properties = value,
                "required" => required = value,
                _ => {}
            }
        }
        if let Some(target) = reference.and_then(Node::as_str) {
            // A direct reference to a definition resolves to that entry, if it exists: no
            // resolution (a cloned pointer, its segments as strings) is needed.
            if direct.holds(target) {
                if let Some(&to) = index.get(&target["#/definitions/".len()..]) {
                    edges.push(RequiredEdge { to, at: via });
                }
            } else if let RefTarget::Found(found) = view.resolution(target) {
                let segments: Vec<String> = found.segments().take(3).collect();
                match segments.as_slice() {
                    [section, name] if section == "definitions" => {
                        if let Some(&to) = index.get(name.as_str()) {
                            edges.push(RequiredEdge { to, at: via });
                        }
                    }
                    _ => {
                        if let Some(next) = view.node_at(&found) {
                            stack.push((next, via));
                        }
                    }
                }
            }
            continue;
        }
        for member in all_of.map(Node::items).unwrap_or_default() {
            stack.push((member, member));
        }
        let Some(properties) = properties else {
            continue;
        };
        for name in required.map(Node::items).unwrap_or_default() {
            let Some(key) = name.as_str() else {
                continue;
            };
            let Some(property) = properties.get(key) else {
                continue;
            };
            stack.push((property, name));
        }
    }
    edges
}

/// What [`required_edges`] keeps from one definition to the next.
struct RequiredWalk<'a> {
    direct: DirectDefinitions,
    seen: HashSet<*const Node>,
    stack: Vec<(&'a Node, &'a Node)>,
}

/// Tarjan's strongly connected components, iteratively (a 100,000-definition chain must not
/// overflow the stack).
fn strongly_connected(edges: &[Vec<RequiredEdge<'_>>]) -> Vec<Vec<usize>> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0usize; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<usize> = Vec::new();
    let mut components = Vec::new();
    let mut next_index = 0usize;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        // (node, next edge to look at)
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            if let Some(e) = edges[node].get(*edge) {
                *edge += 1;
                let to = e.to;
                if index[to] == usize::MAX {
                    index[to] = next_index;
                    low[to] = next_index;
                    next_index += 1;
                    stack.push(to);
                    on_stack[to] = true;
                    work.push((to, 0));
                } else if on_stack[to] {
                    low[node] = low[node].min(index[to]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                let mut component = Vec::new();
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component.push(member);
                    if member == node {
                        break;
                    }
                }
                components.push(component);
            }
        }
    }
    components
}

/// The edges of a shortest cycle from `start` back to itself inside one component.
fn shortest_cycle<'e, 'a>(
    edges: &'e [Vec<RequiredEdge<'a>>],
    start: usize,
    members: &HashSet<usize>,
) -> Vec<&'e RequiredEdge<'a>> {
    let mut came_from: HashMap<usize, (usize, &'e RequiredEdge<'a>)> = HashMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(node) = queue.pop_front() {
        for edge in &edges[node] {
            if !members.contains(&edge.to) {
                continue;
            }
            if edge.to == start {
                let mut path = vec![edge];
                let mut at = node;
                while at != start {
                    let Some(&(previous, via)) = came_from.get(&at) else {
                        break;
                    };
                    path.push(via);
                    at = previous;
                }
                path.reverse();
                return path;
            }
            if edge.to != start && !came_from.contains_key(&edge.to) {
                came_from.insert(edge.to, (node, edge));
                queue.push_back(edge.to);
            }
        }
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    #[test]
    fn required_edges_point_at_the_entries_that_pull_definitions_in() {
        let root = parse(
            r##"{"swagger": "2.0",
                "parameters": {"P": {"name": "p", "in": "body", "schema":
                    {"required": ["q"], "properties": {"q": {"$ref": "#/definitions/Task"}}}}},
                "definitions": {
                    "Task": {"type": "object", "required": ["owner", "x"],
                             "properties": {"owner": {"$ref": "#/definitions/User"}, "x": {"type": "string"}}},
                    "User": {"allOf": [{"$ref": "#/definitions/Base"},
                                       {"required": ["currentTask"],
                                        "properties": {"currentTask": {"$ref": "#/definitions/Task"}}}]},
                    "Base": {"type": "object"},
                    "Alias": {"$ref": "#/definitions/Task"},
                    "a/b": {"required": ["p"], "properties": {"p": {"$ref": "#/parameters/P/schema"}}}
                }}"##,
        )
        .unwrap();
        let view = Swagger::build(&root);
        let definitions = root.get("definitions").and_then(Node::as_object).unwrap();
        let index: HashMap<&str, usize> = definitions
            .iter()
            .enumerate()
            .map(|(i, m)| (m.key.as_str(), i))
            .collect();
        let mut walk = RequiredWalk {
            direct: DirectDefinitions::new(&view),
            seen: HashSet::new(),
            stack: Vec::new(),
        };
        let edges: Vec<Vec<(&str, String)>> = definitions
            .iter()
            .map(|member| {
                required_edges(&view, &index, &member.value, &mut walk)
                    .into_iter()
                    .map(|edge| {
                        let at = view.pointer_of(edge.at).into_string();
                        (definitions[edge.to].key.as_str(), at)
                    })
                    .collect()
            })
            .collect();
        let edge = |to: &'static str, at: &str| (to, at.to_owned());
        assert_eq!(
            edges,
            [
                vec![edge("User", "/definitions/Task/required/0")],
                vec![
                    edge("Task", "/definitions/User/allOf/1/required/0"),
                    edge("Base", "/definitions/User/allOf/0"),
                ],
                vec![],
                vec![edge("Task", "/definitions/Alias/$ref")],
                vec![edge("Task", "/parameters/P/schema/required/0")],
            ]
        );
        let at = root.pointer("/definitions/Task/required/0").unwrap();
        assert_eq!(edge_label(&view, at).as_deref(), Some("owner"));
        let at = root.pointer("/definitions/User/allOf/0").unwrap();
        assert_eq!(edge_label(&view, at), None);
    }
}
