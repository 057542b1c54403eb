//! SW040–SW042: the keys and values of `paths`.

use foldhash::{HashMap, HashMapExt};

use crate::diagnostic::{Severity, Target};
use crate::package::swagger::Operation;
use crate::rules::levels::E;
use crate::rules::{Rule, RuleContext, declare_rule};

use super::op_common::{join_some, name_with_route, operations, path_entries};

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
        for (path, _, pointer) in path_entries(view) {
            let target = || Target::key(&pointer);
            if !path.starts_with('/') {
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
            let query: Vec<String> = ['?', '#']
                .into_iter()
                .filter(|c| path.contains(*c))
                .map(|c| format!("`{c}`"))
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
            if path.contains('*') {
                cx.report(
                    file,
                    target(),
                    format!("path `{path}` contains the wildcard `*`"),
                )
                .help("replace the wildcard with a path parameter such as `{path}`, or write a literal `*` as `%2A`");
            }
            let (problem, defaults) = scan_template(path);
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

#[derive(Clone, Copy, PartialEq, Eq)]
enum SegmentKind {
    Static,
    /// The whole segment is one variable: `{id}`.
    Variable,
    /// Text and variables: `{id}.json`.
    Mixed,
}

struct Segment {
    text: String,
    normalized: String,
    kind: SegmentKind,
}

impl Segment {
    fn new(text: &str) -> Self {
        let normalized = normalize(text);
        let kind = if normalized == "{}" {
            SegmentKind::Variable
        } else if normalized.contains("{}") {
            SegmentKind::Mixed
        } else {
            SegmentKind::Static
        };
        Segment {
            text: text.to_owned(),
            normalized,
            kind,
        }
    }

    /// Equal, or one of them is a variable that can take the other's value.
    fn overlaps(&self, other: &Segment) -> bool {
        if self.normalized == other.normalized {
            return true;
        }
        match (self.kind, other.kind) {
            (SegmentKind::Variable, _) => !other.text.is_empty(),
            (_, SegmentKind::Variable) => !self.text.is_empty(),
            (SegmentKind::Mixed, SegmentKind::Static) => pattern_matches(&self.text, &other.text),
            (SegmentKind::Static, SegmentKind::Mixed) => pattern_matches(&other.text, &self.text),
            _ => false,
        }
    }
}

struct Route<'v, 'a> {
    operation: &'v Operation<'a>,
    folded: String,
    normalized: String,
    segments: Vec<Segment>,
}

impl Rule for PathUnique {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        // PathRedefined: keys equal after case folding (identical keys are SW005's).
        let mut seen: HashMap<String, &str> = HashMap::new();
        for (path, _, pointer) in path_entries(view) {
            match seen.get(&path.to_ascii_lowercase()) {
                Some(first) if *first != path => {
                    cx.report(
                        file,
                        Target::key(&pointer),
                        format!("path `{path}` differs from path `{first}` only in capitalization"),
                    )
                    .help("paths are compared ignoring case: merge the two path items under one spelling");
                }
                Some(_) => {}
                None => {
                    seen.insert(path.to_ascii_lowercase(), path);
                }
            }
        }

        let routes: Vec<Route<'_, '_>> = operations(view)
            .map(|operation| {
                let folded = operation.path.to_ascii_lowercase();
                Route {
                    operation,
                    normalized: normalize(&folded),
                    segments: folded.split('/').map(Segment::new).collect(),
                    folded,
                }
            })
            .collect();

        // DuplicateOperationPath: same method, same template once variables are emptied. Paths
        // equal after case folding were reported above.
        let mut first_route: HashMap<(&str, &str), usize> = HashMap::new();
        for (index, route) in routes.iter().enumerate() {
            let key = (route.operation.method, route.normalized.as_str());
            match first_route.get(&key) {
                Some(&first) if routes[first].folded != route.folded => {
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
                Some(_) => {}
                None => {
                    first_route.insert(key, index);
                }
            }
        }

        // PartialDuplicateOperationPath: same method and segment count, every segment pair
        // equal or one of them a variable taking the other's value.
        let mut groups: HashMap<(&str, usize), Vec<usize>> = HashMap::new();
        for (index, route) in routes.iter().enumerate() {
            groups
                .entry((route.operation.method, route.segments.len()))
                .or_default()
                .push(index);
        }
        let mut partial: Vec<Vec<usize>> = vec![Vec::new(); routes.len()];
        let mut budget = PARTIAL_BUDGET;
        let mut keys: Vec<&(&str, usize)> = groups.keys().collect();
        keys.sort_by_key(|key| groups[*key].first().copied());
        'groups: for key in keys {
            let members = &groups[key];
            for (j, &later) in members.iter().enumerate() {
                for &earlier in &members[..j] {
                    let (a, b) = (&routes[earlier], &routes[later]);
                    let Some(left) = budget.checked_sub(a.folded.len() + b.folded.len() + 1) else {
                        break 'groups;
                    };
                    budget = left;
                    if a.normalized == b.normalized {
                        continue;
                    }
                    if a.segments
                        .iter()
                        .zip(&b.segments)
                        .all(|(x, y)| x.overlaps(y))
                    {
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
        for (path, item, pointer) in path_entries(view) {
            if item.member("$ref").is_none() {
                continue;
            }
            cx.report(
                file,
                Target::key(&pointer.child("$ref")),
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
        let s = Segment::new;
        assert!(s("{id}").overlaps(&s("search")));
        assert!(!s("{id}").overlaps(&s("")));
        assert!(s("items").overlaps(&s("items")));
        assert!(!s("items").overlaps(&s("other")));
        assert!(s("{a}").overlaps(&s("{b}")));
        assert!(s("{id}.json").overlaps(&s("x.json")));
        assert!(!s("{id}.json").overlaps(&s("{id}.xml")));
    }
}
