//! SW040–SW042: the keys and values of `paths`.

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::hash::{Hash, Hasher};

use foldhash::{HashMap, HashMapExt};

use crate::diagnostic::{Severity, Target};
use crate::json::{Member, Node, Pointer};
use crate::package::swagger::{Operation, Swagger};
use crate::rules::levels::E;
use crate::rules::{Rule, RuleContext, declare_rule};

use super::op_common::{join_some, name_with_route, operations, paths_pointer};

/// The members of `paths` that name paths (every key except `x-` extensions), without their
/// pointers: the three path rules visit every path of the corpus, and report few.
fn path_members<'a>(view: &Swagger<'a>) -> impl Iterator<Item = &'a Member> {
    view.root()
        .get("paths")
        .and_then(Node::as_object)
        .unwrap_or_default()
        .iter()
        .filter(|member| !member.key.starts_with("x-"))
}

/// `/paths/<path>`, for a finding.
fn path_pointer(path: &str) -> Pointer {
    paths_pointer().child(path)
}

declare_rule! {
    /// ## What it does
    /// Checks each path of `paths` (extension members `x-…` aside): it starts with `/`; it has
    /// no `?` or `#` (no query string or fragment) and no wildcard `*`; each template variable
    /// `{name}` is closed within one segment, is not empty and not nested, and every `}`
    /// closes a `{`; and no variable sets a default with `=` (`{id=1}`).
    ///
    /// ## Why is this bad?
    /// The Swagger Validator rejects such paths: the platform routes requests by matching the
    /// path template segment by segment, and cannot import a path it cannot parse. A query
    /// string belongs in `in: query` parameters, and a default in the parameter's `default`.
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {
    ///     "/items?top={top}": {
    ///       "get": { "operationId": "ListItems", "responses": { "200": { "description": "OK" } } }
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
    ///         "parameters": [{ "name": "top", "in": "query", "type": "integer" }],
    ///         "responses": { "200": { "description": "OK" } }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Fix Swagger Validator errors*: *OperationPathMustStartWithSlash*,
    /// *OperationPathMayNotContainQueryOrFragment*, *OperationPathContainsUnsupportedCharacters*,
    /// *OperationPathTemplateNotValid*, *OperationPathVariablesContainDefaults*.
    pub(crate) PathSyntax {
        code: "SW040",
        name: "path-syntax",
        family: SW,
        category: Certification,
        levels: [E, E, E],
        summary: "each path starts with `/`, has no `?`, `#` or `*`, and well-formed `{variables}`",
    }
}

/// What is wrong with a path's template variables.
#[derive(Debug, PartialEq, Eq)]
enum TemplateProblem {
    /// A `{` not closed before the segment (or the path) ends.
    Unclosed,
    /// A `}` with no `{`.
    Stray,
    /// A `{` inside a variable.
    Nested,
    /// `{}`.
    Empty,
}

/// The first structural problem of a path template, and every variable holding `=`.
fn scan_template(path: &str) -> (Option<TemplateProblem>, Vec<&str>) {
    let mut defaults = Vec::new();
    let mut open: Option<usize> = None;
    for (index, c) in path.char_indices() {
        match (c, open) {
            ('{', Some(_)) => return (Some(TemplateProblem::Nested), defaults),
            ('{', None) => open = Some(index),
            ('}', None) => return (Some(TemplateProblem::Stray), defaults),
            ('}', Some(start)) => {
                let name = path.get(start + 1..index).unwrap_or_default();
                if name.is_empty() {
                    return (Some(TemplateProblem::Empty), defaults);
                }
                if name.contains('=') {
                    defaults.push(path.get(start..=index).unwrap_or_default());
                }
                open = None;
            }
            ('/', Some(_)) => return (Some(TemplateProblem::Unclosed), defaults),
            _ => {}
        }
    }
    if open.is_some() {
        return (Some(TemplateProblem::Unclosed), defaults);
    }
    (None, defaults)
}

impl Rule for PathSyntax {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        for member in path_members(view) {
            let path = member.key.as_str();
            // One pass over the bytes finds what can be wrong; most paths have none of it.
            let (mut question, mut hash, mut star, mut brace) = (false, false, false, false);
            for b in path.bytes() {
                match b {
                    b'?' => question = true,
                    b'#' => hash = true,
                    b'*' => star = true,
                    b'{' | b'}' => brace = true,
                    _ => {}
                }
            }
            let slash = path.starts_with('/');
            if slash && !question && !hash && !star && !brace {
                continue;
            }
            // The pointer only for a finding: most paths with braces are well-formed.
            let target = || Target::key(&path_pointer(path));
            if !slash {
                let fixed = format!("/{}", path.trim_start_matches(' '));
                cx.report(
                    file,
                    target(),
                    format!("path `{path}` does not start with `/`"),
                )
                .help(format!(
                    "write each path from the base path on, starting with `/` (`{fixed}`)"
                ));
            }
            let query: Vec<String> = [('?', question), ('#', hash)]
                .into_iter()
                .filter(|(_, found)| *found)
                .map(|(c, _)| format!("`{c}`"))
                .collect();
            if !query.is_empty() {
                cx.report(
                    file,
                    target(),
                    format!(
                        "path `{path}` contains {}: a path has no query string or fragment",
                        query.join(" and ")
                    ),
                )
                .help("declare query values as `in: query` parameters; write a literal `?` as `%3F` and `#` as `%23`");
            }
            if star {
                cx.report(
                    file,
                    target(),
                    format!("path `{path}` contains the wildcard `*`"),
                )
                .help("replace the wildcard with a path parameter such as `{path}`, or write a literal `*` as `%2A`");
            }
            // Without braces there is no template to check.
            let (problem, defaults) = if brace {
                scan_template(path)
            } else {
                (None, Vec::new())
            };
            if let Some(problem) = problem {
                let what = match problem {
                    TemplateProblem::Unclosed => "a `{` that is not closed within its segment",
                    TemplateProblem::Stray => "a `}` that closes no `{`",
                    TemplateProblem::Nested => "a `{` inside a template variable",
                    TemplateProblem::Empty => "an empty template variable `{}`",
                };
                cx.report(file, target(), format!("path `{path}` has {what}"))
                    .help("enclose each variable in braces within one segment (`/items/{id}`); write a literal brace as `%7B` or `%7D`");
            }
            for variable in defaults {
                cx.report(
                    file,
                    target(),
                    format!("the template variable `{variable}` of path `{path}` sets a default with `=`"),
                )
                .help("remove `=…` from the path and give the path parameter a `default` instead");
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Compares the paths after ASCII case folding (trailing and repeated `/` stay
    /// significant: `/x` and `/x/` are different paths):
    /// - two paths that are equal once case is ignored are an error (*PathRedefined*);
    /// - two operations with the same method whose templates are equal once each variable
    ///   `{…}` is replaced by `{}` are an error (*DuplicateOperationPath*: `/items/{id}` and
    ///   `/items/{name}`);
    /// - two operations with the same method and the same number of segments, whose segments
    ///   are pairwise equal or where one of them is a variable, are only an info
    ///   (*PartialDuplicateOperationPath*: `/items/{id}` and `/items/search`).
    ///
    /// ## Why is this bad?
    /// The platform routes a request to an operation by its method and path template,
    /// ignoring case. Two templates that differ only in case or in variable names cannot be
    /// told apart, and the Swagger Validator rejects them. When a variable segment of one path
    /// faces a static segment of another, a parameter value equal to that static text (`search`)
    /// is routed to the other operation: legal, but worth a look.
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {
    ///     "/items/{id}": {
    ///       "get": {
    ///         "operationId": "GetItem",
    ///         "parameters": [{ "name": "id", "in": "path", "required": true, "type": "string" }],
    ///         "responses": { "200": { "description": "OK" } }
    ///       }
    ///     },
    ///     "/items/{name}": {
    ///       "get": {
    ///         "operationId": "GetItemByName",
    ///         "parameters": [{ "name": "name", "in": "path", "required": true, "type": "string" }],
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
    ///     "/items/{id}": {
    ///       "get": {
    ///         "operationId": "GetItem",
    ///         "parameters": [{ "name": "id", "in": "path", "required": true, "type": "string" }],
    ///         "responses": { "200": { "description": "OK" } }
    ///       }
    ///     },
    ///     "/items/by-name/{name}": {
    ///       "get": {
    ///         "operationId": "GetItemByName",
    ///         "parameters": [{ "name": "name", "in": "path", "required": true, "type": "string" }],
    ///         "responses": { "200": { "description": "OK" } }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Fix Swagger Validator errors*: *PathRedefined*, *DuplicateOperationPath*,
    /// *PartialDuplicateOperationPath* ("an input path parameter value matches a static value
    /// segment").
    pub(crate) PathUnique {
        code: "SW041",
        name: "path-unique",
        family: SW,
        category: Certification,
        levels: [E, E, E],
        summary: "paths and operation routes are unique, ignoring case and variable names",
    }
}

/// Most bytes of path compared while looking for partial duplicates (each pair costs the length
/// of both paths): the largest accepted connectors need a few million; a hostile document with
/// 100,000 paths must not take quadratic time.
const PARTIAL_BUDGET: usize = 20_000_000;

/// Longest segment matched as a pattern against a static segment (the match costs the product
/// of the two lengths). Longer mixed segments overlap only what they equal.
const MAX_PATTERN_SEGMENT: usize = 64;

/// `/Items/{Id}` → `/items/{}`: case folded, each well-formed variable emptied.
fn normalize(template: &str) -> String {
    let lower = template.to_ascii_lowercase();
    let mut out = String::with_capacity(lower.len());
    let mut rest = lower.as_str();
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if !after[..close].contains(['/', '{']) => {
                out.push_str("{}");
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Does the variable pattern `pattern` (a segment holding `{…}`; each variable matches one or
/// more characters) match the static segment `text`? Both are case folded.
fn pattern_matches(pattern: &str, text: &str) -> bool {
    if pattern.len() > MAX_PATTERN_SEGMENT || text.len() > MAX_PATTERN_SEGMENT {
        return false;
    }
    let text = text.as_bytes();
    // reachable[i]: the tokens so far can match text[..i].
    let mut reachable = vec![false; text.len() + 1];
    reachable[0] = true;
    let mut rest = pattern;
    while !rest.is_empty() {
        let variable = rest
            .strip_prefix('{')
            .and_then(|after| after.find('}').map(|close| &after[close + 1..]));
        if let Some(after) = variable {
            // A variable takes one or more characters.
            let first = reachable.iter().position(|r| *r);
            reachable = vec![false; text.len() + 1];
            if let Some(first) = first {
                for slot in reachable.iter_mut().skip(first + 1) {
                    *slot = true;
                }
            }
            rest = after;
            continue;
        }
        // A literal runs to the next `{` (a first `{` without a `}` is literal text).
        let skip = rest.chars().next().map_or(1, char::len_utf8);
        let end = rest[skip..].find('{').map_or(rest.len(), |i| i + skip);
        let literal = &rest.as_bytes()[..end];
        let mut next = vec![false; text.len() + 1];
        for (start, _) in reachable.iter().enumerate().filter(|(_, r)| **r) {
            if text.get(start..start + literal.len()) == Some(literal) {
                next[start + literal.len()] = true;
            }
        }
        reachable = next;
        rest = &rest[end..];
    }
    reachable[text.len()]
}

/// The distinct segments of a document's routes, each folded and normalized once and named by
/// integers: routes are then compared pair by pair as integer slices (the pairwise pass meets
/// 100,000 pairs on the corpus; folding and normalizing per route was most of this rule's time).
///
/// A segment's **code** is its normalized id shifted left by two, with its kind (static, a
/// whole-segment variable `{id}`, or text mixed with variables `{id}.json`) in the low bits:
/// equal codes are equal normalized segments, and the kind and emptiness (the empty segment is
/// normalized id 0) are read from the code without a lookup.
struct Segments<'a> {
    /// A segment as written → its raw id.
    by_text: HashMap<&'a str, u32>,
    /// By raw id: the case-folded text (variable patterns are matched against it) and the code.
    /// Borrowed from the path when folding changes nothing, as for most segments.
    raw: Vec<(Cow<'a, str>, u32)>,
    /// A normalized segment → its code.
    by_normal: HashMap<Cow<'a, str>, u32>,
}

const KIND_BITS: u32 = 2;
const STATIC: u32 = 0;
const VARIABLE: u32 = 1;
const MIXED: u32 = 2;

impl<'a> Segments<'a> {
    fn with_capacity(capacity: usize) -> Self {
        let mut segments = Segments {
            by_text: HashMap::with_capacity(capacity),
            raw: Vec::with_capacity(capacity),
            by_normal: HashMap::with_capacity(capacity),
        };
        // The empty segment gets normalized id 0 (see `is_empty`).
        segments.intern("");
        segments
    }

    /// The raw id and the code of a segment as written.
    fn intern(&mut self, text: &'a str) -> (u32, u32) {
        let slot = match self.by_text.entry(text) {
            Entry::Occupied(entry) => {
                let raw = *entry.get();
                return (raw, self.raw[raw as usize].1);
            }
            Entry::Vacant(slot) => slot,
        };
        let folded: Cow<'a, str> = if text.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(text.to_ascii_lowercase())
        } else {
            Cow::Borrowed(text)
        };
        // Most segments hold no `{`: they are their own normalized form, and static.
        let (normalized, kind) = if folded.bytes().any(|b| b == b'{') {
            let normalized = normalize(&folded);
            let kind = if normalized == "{}" {
                VARIABLE
            } else if normalized.as_bytes().windows(2).any(|pair| pair == b"{}") {
                MIXED
            } else {
                STATIC
            };
            (Cow::Owned(normalized), kind)
        } else {
            (folded.clone(), STATIC)
        };
        let next = (self.by_normal.len() as u32) << KIND_BITS | kind;
        let code = *self.by_normal.entry(normalized).or_insert(next);
        let raw = self.raw.len() as u32;
        self.raw.push((folded, code));
        slot.insert(raw);
        (raw, code)
    }

    /// Two segments with different codes (and their raw ids): one of them is a variable that
    /// can take the other's value. (Equal codes are equal segments.)
    fn overlaps(&self, a_code: u32, b_code: u32, a_raw: u32, b_raw: u32) -> bool {
        let is_empty = |code: u32| code >> KIND_BITS == 0;
        let text = |raw: u32| self.raw[raw as usize].0.as_ref();
        match (a_code & MIXED_OR_VARIABLE, b_code & MIXED_OR_VARIABLE) {
            (VARIABLE, _) => !is_empty(b_code),
            (_, VARIABLE) => !is_empty(a_code),
            (MIXED, STATIC) => pattern_matches(text(a_raw), text(b_raw)),
            (STATIC, MIXED) => pattern_matches(text(b_raw), text(a_raw)),
            _ => false,
        }
    }
}

/// The kind bits of a code.
const MIXED_OR_VARIABLE: u32 = (1 << KIND_BITS) - 1;

/// A path compared ignoring ASCII case, without building a folded copy of it.
#[derive(Clone, Copy)]
struct Folded<'a>(&'a str);

impl PartialEq for Folded<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.0.eq_ignore_ascii_case(other.0)
    }
}

impl Eq for Folded<'_> {}

impl Hash for Folded<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // The folded bytes, a chunk at a time through a buffer on the stack.
        let mut buffer = [0u8; 32];
        for chunk in self.0.as_bytes().chunks(buffer.len()) {
            let folded = &mut buffer[..chunk.len()];
            folded.copy_from_slice(chunk);
            folded.make_ascii_lowercase();
            state.write(folded);
        }
    }
}

struct Route<'v, 'a> {
    operation: &'v Operation<'a>,
    /// Where its segments' ids start in the flat id lists, and how many there are.
    start: usize,
    len: usize,
}

impl Rule for PathUnique {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        // PathRedefined: keys equal after case folding (identical keys are SW005's). Two keys
        // that differ only in case hold a capital letter; half the swaggers have none.
        let capitals = path_members(view).any(|m| m.key.bytes().any(|b| b.is_ascii_uppercase()));
        let mut seen: HashMap<Folded<'_>, &str> = HashMap::new();
        for member in path_members(view).filter(|_| capitals) {
            let path = member.key.as_str();
            match seen.entry(Folded(path)) {
                Entry::Occupied(entry) => {
                    let first = *entry.get();
                    if first != path {
                        cx.report(
                            file,
                            Target::key(&path_pointer(path)),
                            format!("path `{path}` differs from path `{first}` only in capitalization"),
                        )
                        .help("paths are compared ignoring case: merge the two path items under one spelling");
                    }
                }
                Entry::Vacant(entry) => {
                    entry.insert(path);
                }
            }
        }

        // Each route's segments in two flat lists (codes and raw ids). The methods of one path
        // item follow each other, so a path's segments are interned once.
        let operation_count = view.operations().len();
        let mut segments = Segments::with_capacity(operation_count);
        let mut raw_ids: Vec<u32> = Vec::with_capacity(operation_count * 4);
        let mut codes: Vec<u32> = Vec::with_capacity(operation_count * 4);
        let mut routes: Vec<Route<'_, '_>> = Vec::with_capacity(operation_count);
        // The previous path's segments with their ids: paths that follow each other often
        // share their first segments, which are then not looked up again.
        let mut previous_path: Vec<(&str, u32, u32)> = Vec::new();
        for operation in operations(view) {
            if let Some(previous) = routes.last()
                && previous.operation.path == operation.path
            {
                let (start, len) = (previous.start, previous.len);
                routes.push(Route {
                    operation,
                    start,
                    len,
                });
                continue;
            }
            let start = raw_ids.len();
            // Split on `/` by hand: `str::split` calls `memchr` per segment, and segments are
            // short.
            let path = operation.path;
            let mut from = 0;
            let mut index = 0;
            for (at, byte) in path.bytes().enumerate().chain([(path.len(), b'/')]) {
                if byte == b'/' {
                    let text = &path[from..at];
                    let (raw, code) = match previous_path.get(index) {
                        Some(&(same, raw, code)) if same == text => (raw, code),
                        _ => {
                            let (raw, code) = segments.intern(text);
                            previous_path.truncate(index);
                            previous_path.push((text, raw, code));
                            (raw, code)
                        }
                    };
                    raw_ids.push(raw);
                    codes.push(code);
                    from = at + 1;
                    index += 1;
                }
            }
            previous_path.truncate(index);
            routes.push(Route {
                operation,
                start,
                len: raw_ids.len() - start,
            });
        }
        let codes_of = |route: &Route<'_, '_>| &codes[route.start..route.start + route.len];

        // DuplicateOperationPath: same method, same template once variables are emptied. Paths
        // equal after case folding were reported above.
        let mut first_route: HashMap<(&str, &[u32]), usize> = HashMap::with_capacity(routes.len());
        for (index, route) in routes.iter().enumerate() {
            let first = match first_route.entry((route.operation.method, codes_of(route))) {
                Entry::Occupied(entry) => *entry.get(),
                Entry::Vacant(entry) => {
                    entry.insert(index);
                    continue;
                }
            };
            if !routes[first]
                .operation
                .path
                .eq_ignore_ascii_case(route.operation.path)
            {
                let other = routes[first].operation;
                cx.report(
                    file,
                    Target::key(&route.operation.pointer),
                    format!(
                        "operation {} has the same route as {}",
                        name_with_route(route.operation),
                        name_with_route(other)
                    ),
                )
                .help("the paths differ only in variable names, so requests cannot be routed: make a static segment differ (`/items/by-name/{name}`) or merge the operations");
            }
        }

        // PartialDuplicateOperationPath: same method and segment count, every segment pair
        // equal or one of them a variable taking the other's value (and not all of them equal:
        // that was DuplicateOperationPath). Groups are taken in the order of their first route.
        let mut group_of: HashMap<(&str, usize), usize> = HashMap::new();
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for (index, route) in routes.iter().enumerate() {
            match group_of.entry((route.operation.method, route.len)) {
                Entry::Occupied(entry) => groups[*entry.get()].push(index),
                Entry::Vacant(entry) => {
                    entry.insert(groups.len());
                    groups.push(vec![index]);
                }
            }
        }
        let mut partial: Vec<Vec<usize>> = vec![Vec::new(); routes.len()];
        let mut budget = PARTIAL_BUDGET;
        'groups: for members in &groups {
            for (j, &later) in members.iter().enumerate() {
                let b = &routes[later];
                let (b_codes, b_raw) = (codes_of(b), &raw_ids[b.start..b.start + b.len]);
                for &earlier in &members[..j] {
                    let a = &routes[earlier];
                    let cost = a.operation.path.len() + b.operation.path.len() + 1;
                    let Some(left) = budget.checked_sub(cost) else {
                        break 'groups;
                    };
                    budget = left;
                    let (a_codes, a_raw) = (codes_of(a), &raw_ids[a.start..a.start + a.len]);
                    let mut all_equal = true;
                    let mut overlap = true;
                    for i in 0..a_codes.len().min(b_codes.len()) {
                        let (x, y) = (a_codes[i], b_codes[i]);
                        if x == y {
                            continue;
                        }
                        all_equal = false;
                        if !segments.overlaps(x, y, a_raw[i], b_raw[i]) {
                            overlap = false;
                            break;
                        }
                    }
                    if overlap && !all_equal {
                        partial[later].push(earlier);
                    }
                }
            }
        }
        for (index, others) in partial.iter().enumerate() {
            if others.is_empty() {
                continue;
            }
            let route = &routes[index];
            let names: Vec<String> = others
                .iter()
                .map(|&other| name_with_route(routes[other].operation))
                .collect();
            cx.report(
                file,
                Target::key(&route.operation.pointer),
                format!(
                    "the path of operation {} overlaps {}",
                    name_with_route(route.operation),
                    join_some(&names, 3)
                ),
            )
            .help("a path-parameter value equal to the other path's static segment can be routed to the wrong operation; make the paths differ in a static segment")
            .at_most(Severity::Info);
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Checks that no path item of `paths` has a `$ref` member.
    ///
    /// ## Why is this bad?
    /// Swagger 2.0 allows a path item to refer to a definition elsewhere, but the connector
    /// platform does not support it: the Swagger Validator rejects the document, and the
    /// operations behind the reference would not be imported.
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {
    ///     "/items": { "$ref": "#/x-shared/items" }
    ///   },
    ///   "x-shared": {
    ///     "items": {
    ///       "get": { "operationId": "ListItems", "responses": { "200": { "description": "OK" } } }
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
    ///       "get": { "operationId": "ListItems", "responses": { "200": { "description": "OK" } } }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Fix Swagger Validator errors*: *PathItemRefNotSuppored* ("The '$ref' property in
    /// a path is not supported").
    pub(crate) PathItemRef {
        code: "SW042",
        name: "path-item-ref",
        family: SW,
        category: Certification,
        levels: [E, E, E],
        summary: "no `$ref` on a path item",
    }
}

impl Rule for PathItemRef {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        for member in path_members(view) {
            if member.value.member("$ref").is_none() {
                continue;
            }
            let path = member.key.as_str();
            cx.report(
                file,
                Target::key(&path_pointer(path).child("$ref")),
                format!("path item `{path}` uses `$ref`"),
            )
            .help("write the operations inline under the path: the platform does not support `$ref` on a path item");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates() {
        assert_eq!(scan_template("/items/{id}"), (None, vec![]));
        assert_eq!(
            scan_template("/items/{id"),
            (Some(TemplateProblem::Unclosed), vec![])
        );
        assert_eq!(
            scan_template("/items/{id/x}"),
            (Some(TemplateProblem::Unclosed), vec![])
        );
        assert_eq!(
            scan_template("/items/id}"),
            (Some(TemplateProblem::Stray), vec![])
        );
        assert_eq!(
            scan_template("/items/{{id}}"),
            (Some(TemplateProblem::Nested), vec![])
        );
        assert_eq!(
            scan_template("/items/{}"),
            (Some(TemplateProblem::Empty), vec![])
        );
        assert_eq!(scan_template("/items/{id=1}"), (None, vec!["{id=1}"]));
    }

    #[test]
    fn normalization() {
        assert_eq!(normalize("/Items/{Id}/x"), "/items/{}/x");
        assert_eq!(normalize("/a/{b}.{c}"), "/a/{}.{}");
        assert_eq!(normalize("/a/{b/c}"), "/a/{b/c}");
        assert_eq!(normalize("/a/{b"), "/a/{b");
    }

    #[test]
    fn patterns() {
        assert!(pattern_matches("{id}.json", "a.json"));
        assert!(!pattern_matches("{id}.json", ".json"));
        assert!(!pattern_matches("{id}.json", "search"));
        assert!(pattern_matches("v{n}", "v2"));
        assert!(pattern_matches("{a}-{b}", "x-y"));
        assert!(!pattern_matches("{a}-{b}", "xy"));
        assert!(pattern_matches("a{b}c", "abbc"));
    }

    #[test]
    fn segments_overlap() {
        let mut segments = Segments::with_capacity(0);
        let mut overlap = |a: &'static str, b: &'static str| {
            let (a_raw, a_code) = segments.intern(a);
            let (b_raw, b_code) = segments.intern(b);
            a_code == b_code
                || (segments.overlaps(a_code, b_code, a_raw, b_raw)
                    && segments.overlaps(b_code, a_code, b_raw, a_raw))
        };
        assert!(overlap("{id}", "search"));
        assert!(!overlap("{id}", ""));
        assert!(overlap("items", "items"));
        assert!(overlap("Items", "items"));
        assert!(!overlap("items", "other"));
        assert!(overlap("{a}", "{b}"));
        assert!(overlap("{id}.json", "x.json"));
        assert!(overlap("{id}.JSON", "X.json"));
        assert!(!overlap("{id}.json", "{id}.xml"));
    }

    #[test]
    fn folded_paths_hash_alike() {
        use std::hash::BuildHasher;
        let state = foldhash::fast::FixedState::default();
        let long = "/Items/{Id}/Attachments/{AttachmentId}/Content";
        assert_eq!(
            state.hash_one(Folded(long)),
            state.hash_one(Folded(&long.to_ascii_lowercase()))
        );
        assert!(Folded("/A/b") == Folded("/a/B"));
        assert!(Folded("/a") != Folded("/a/"));
    }
}
