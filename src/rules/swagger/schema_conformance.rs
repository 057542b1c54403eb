mod adapter;

use std::sync::LazyLock;

use jsonschema::ValidationError;
use jsonschema::error::{TypeKind, ValidationErrorKind};

use crate::diagnostic::Target;
use crate::json::{Node, Pointer};
use crate::package::{FileData, JsonData};
use crate::rules::levels::{I, W};
use crate::rules::{Rule, RuleContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Validates `apiDefinition.swagger.json` against pcpkg's Swagger 2.0 JSON Schema
    /// (`schemas/swagger-2.0.schema.json`, embedded in pcpkg), written from the Swagger 2.0
    /// specification and the Power Platform extension facts of rules.md §4. It checks:
    /// - the members every Swagger object may have, and the required ones (`info.title`,
    ///   `info.version`, `paths`, an operation's `responses`, a response's `description`, a body
    ///   parameter's `schema`, a non-body parameter's `type`, …);
    /// - member types (`paths` is an object, `deprecated` a boolean, `x-ms-summary` a string, …);
    /// - allowed values: parameter `in` and `type`, `format` (rules.md §4 list), `schemes`
    ///   (`http`, `https`), `collectionFormat`, security definition `type`, `in` and `flow` with
    ///   the URLs each flow needs, and response keys (status codes or `default`);
    /// - the shapes and values of `x-ms-visibility`, `x-ms-trigger`, `x-ms-trigger-metadata`,
    ///   `x-ms-url-encoding`, `x-ms-api-annotation`, `x-ms-media-kind`, `x-ms-pageable`,
    ///   `x-ms-dynamic-values`, `-list`, `-schema` and `-properties`, `x-ms-enum-values`,
    ///   `x-ms-capabilities` (API and operation level), `x-ms-connector-metadata`,
    ///   `x-ms-notification-content` and `info.x-ms-keywords`.
    ///
    /// It deliberately allows what the service accepts and the repository's schema
    /// (`schemas/apiDefinition.swagger.schema.json`) wrongly rejects: any `x-` member on objects
    /// that allow vendor extensions (`info.x-ms-keywords`, `x-ms-connector-metadata`,
    /// `x-ms-trigger`, `x-ms-notification-content`, …), `x-ms-capabilities`,
    /// `x-ms-dynamic-values` with `builtInOperation` or `capability` and with literal parameter
    /// values of any type (file-picker passes `[]` and `null`), the `email` and `uuid` formats,
    /// and `type: file` in schemas. Checks that have their own rule are left to it: `$ref`
    /// siblings (SW092), `$ref` on a path item (SW042), empty `responses` (SW086), path
    /// parameters being required (SW074), `collectionFormat: multi` and `type: file` placement
    /// (SW109, SW077). A missing or wrong `swagger` member is SW004's, and a document that does
    /// not declare `"swagger": "2.0"` is not validated at all. The schema's `description` lists
    /// every relaxation. At most 50 findings are listed per file.
    ///
    /// ## Why is this bad?
    /// The platform reads the swagger as Swagger 2.0 with Microsoft's extensions. A misspelled
    /// member (`descripton`), an OpenAPI 3 keyword (`nullable`, `oneOf`), a value of the wrong
    /// type or an extension value outside its list is ignored or rejected by the Swagger
    /// Validator, and the connector silently behaves differently from what the file says.
    ///
    /// ## Example
    /// ```json,fail
    /// { "swagger": "2.0", "info": { "title": "Contoso", "version": "1.0" }, "paths": [] }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// { "swagger": "2.0", "info": { "title": "Contoso", "version": "1.0" }, "paths": {} }
    /// ```
    ///
    /// ## Source
    /// Swagger 2.0 specification; rules.md §4 (extension values); Learn *Extend an OpenAPI
    /// definition*; the repository schema `schemas/apiDefinition.swagger.schema.json` (SCH-S) for
    /// field names, with its stale restrictions removed (listed in the schema's `description`).
    pub(crate) SchemaConformance {
        code: "SW006",
        name: "schema-conformance",
        family: SW,
        category: Schema,
        levels: [W, W, I],
        summary: "the swagger follows pcpkg's Swagger 2.0 JSON Schema",
    }
}

/// pcpkg's Swagger 2.0 schema (self-contained: no `$ref` leaves the file).
const SCHEMA_TEXT: &str = include_str!("../../../schemas/swagger-2.0.schema.json");

/// Findings listed per file; the rest are counted in one last finding.
const MAX_FINDINGS: usize = 50;

struct Compiled {
    schema: serde_json::Value,
    validator: jsonschema::Validator<adapter::SpanJson>,
}

/// Compiled once per process; `None` only if the embedded schema is broken (a unit test
/// guarantees it is not).
static COMPILED: LazyLock<Option<Compiled>> = LazyLock::new(|| {
    let schema: serde_json::Value = serde_json::from_str(SCHEMA_TEXT).ok()?;
    let validator = jsonschema::options_for::<adapter::SpanJson>()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(false)
        .with_pattern_options(jsonschema::PatternOptions::regex())
        .build(&schema)
        .ok()?;
    Some(Compiled { schema, validator })
});

impl Rule for SchemaConformance {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, root)) = cx.package().swagger() else {
            return;
        };
        // Not a Swagger 2.0 document (or no `swagger` member): SW004 says so, and validating it
        // against the Swagger 2.0 schema would only add noise.
        if root.get("swagger").and_then(Node::as_str) != Some("2.0") {
            return;
        }
        let Some(compiled) = COMPILED.as_ref() else {
            return;
        };
        // The validator reads objects as if their keys were unique: give it the last value of a
        // repeated key, as every other rule sees it (SW005 reports the repetition).
        let has_duplicates = matches!(
            &cx.package().file(file).data,
            FileData::Json(JsonData::Parsed { duplicates, .. }) if !duplicates.is_empty()
        );
        let deduplicated = has_duplicates.then(|| adapter::without_duplicates(root));
        let instance = deduplicated.as_ref().unwrap_or(root);
        // Almost every document conforms: `is_valid` stops at nothing and builds no errors, and
        // costs a fraction of collecting them.
        if compiled.validator.is_valid(instance) {
            return;
        }
        let mut findings = Vec::new();
        for error in compiled.validator.iter_errors(instance) {
            map_error(compiled, root, &error, &mut findings);
        }
        findings.sort_by(|a, b| {
            (a.offset, &a.message)
                .cmp(&(b.offset, &b.message))
                .then_with(|| a.help.cmp(&b.help))
        });
        findings.dedup_by(|a, b| a.target == b.target && a.message == b.message);
        let total = findings.len();
        for finding in findings.into_iter().take(MAX_FINDINGS) {
            cx.report(file, finding.target, finding.message)
                .help(finding.help);
        }
        if total > MAX_FINDINGS {
            cx.report(
                file,
                Target::File,
                format!(
                    "{} more schema problems are not shown: SW006 lists the first {MAX_FINDINGS} of a file",
                    total - MAX_FINDINGS
                ),
            )
            .help("fix the problems listed and run pcpkg again");
        }
    }
}

struct Finding {
    target: Target,
    /// Byte offset of the target, to keep findings in document order before capping.
    offset: u32,
    message: String,
    help: String,
}

/// Turns one validation error into findings (an `additionalProperties` error gives one per key).
fn map_error(
    compiled: &Compiled,
    root: &Node,
    error: &ValidationError<'_>,
    out: &mut Vec<Finding>,
) {
    let Some(pointer) = Pointer::parse(error.instance_path().as_str()) else {
        return;
    };
    let schema_path = error.schema_path().as_str();
    let def = schema_def(schema_path);
    let push = |out: &mut Vec<Finding>, target: Target, message: String, help: String| {
        let offset = target_offset(root, &target);
        out.push(Finding {
            target,
            offset,
            message,
            help,
        });
    };
    match error.kind() {
        ValidationErrorKind::Required { property } => {
            let Some(property) = property.as_str() else {
                return;
            };
            if pointer.is_root() && property == "swagger" {
                return; // SW004's
            }
            let noun = noun(def, root, &pointer);
            push(
                out,
                Target::missing(&pointer, property),
                format!("{noun} has no `{property}`"),
                required_help(def, property),
            );
        }
        ValidationErrorKind::Type { kind } => {
            let expected = match kind {
                TypeKind::Single(t) => with_article(t.as_str()),
                TypeKind::Multiple(set) => {
                    let names: Vec<String> = set.iter().map(|t| t.as_str().to_owned()).collect();
                    with_article(&join_or(&names))
                }
            };
            let label = label(&pointer);
            let actual = root.pointer(pointer.as_str()).map_or_else(
                || "of another type".to_owned(),
                |n| with_article(n.kind_name()),
            );
            push(
                out,
                Target::value(&pointer),
                format!("{label} is {actual}, not {expected}"),
                format!("make {label} {expected}"),
            );
        }
        ValidationErrorKind::Enum { options } => {
            let allowed: Vec<String> = options
                .as_array()
                .map(|values| values.iter().map(plain).collect())
                .unwrap_or_default();
            enum_finding(root, &pointer, &allowed, push, out);
        }
        ValidationErrorKind::Constant { expected_value } => {
            enum_finding(root, &pointer, &[plain(expected_value)], push, out);
        }
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let allowed = allowed_members(&compiled.schema, schema_path);
            for key in unexpected {
                let (message, help) = unknown_member(def, root, &pointer, key, &allowed);
                push(out, Target::key(&pointer.child(key)), message, help);
            }
        }
        ValidationErrorKind::Pattern { pattern } => {
            let label = label(&pointer);
            let (message, help) = match pattern.as_str() {
                "^/" => (
                    format!("{label} does not start with `/`"),
                    format!("start {label} with `/`, for example `/api`"),
                ),
                p if p.starts_with("^[^{}/ :") => (
                    format!("{label} is not a host name with an optional port"),
                    "give only the host and port, such as `api.contoso.com` or `contoso.com:8443`: no scheme, path, braces or spaces".to_owned(),
                ),
                p => (
                    format!("{label} does not match the pattern `{p}`"),
                    format!("change {label} to match `{p}`"),
                ),
            };
            push(out, Target::value(&pointer), message, help);
        }
        ValidationErrorKind::Minimum { limit } => {
            let label = label(&pointer);
            push(
                out,
                Target::value(&pointer),
                format!("{label} is {}, below the minimum {limit}", shown(error)),
                format!("make {label} at least {limit}"),
            );
        }
        ValidationErrorKind::ExclusiveMinimum { limit } => {
            let label = label(&pointer);
            push(
                out,
                Target::value(&pointer),
                format!("{label} is {}, not greater than {limit}", shown(error)),
                format!("make {label} greater than {limit}"),
            );
        }
        ValidationErrorKind::AnyOf { context } => {
            // Every branch asks for one member: name them all.
            let members: Option<Vec<String>> = context
                .iter()
                .map(|branch| match branch.as_slice() {
                    [only] if only.instance_path() == error.instance_path() => match only.kind() {
                        ValidationErrorKind::Required { property } => {
                            property.as_str().map(|p| format!("`{p}`"))
                        }
                        _ => None,
                    },
                    _ => None,
                })
                .collect();
            if let Some(members) = members.filter(|m| !m.is_empty()) {
                let noun = noun(def, root, &pointer);
                let list = join_or(&members);
                push(
                    out,
                    Target::value(&pointer),
                    format!("{noun} has none of {list}"),
                    format!("add {list}"),
                );
                return;
            }
            // Otherwise explain the branch that came closest: one that accepts the value's
            // type, with the fewest errors.
            let best = context
                .iter()
                .filter(|branch| !branch.is_empty())
                .min_by_key(|branch| {
                    let wrong_type = branch.iter().any(|e| {
                        e.instance_path() == error.instance_path()
                            && matches!(e.kind(), ValidationErrorKind::Type { .. })
                    });
                    (wrong_type, branch.len())
                });
            for inner in best.into_iter().flatten() {
                map_error(compiled, root, inner, out);
            }
        }
        _ => {
            let label = label(&pointer);
            let keyword = error.kind().keyword();
            push(
                out,
                Target::value(&pointer),
                format!("{label} breaks the `{keyword}` rule of the Swagger 2.0 schema"),
                format!("change {label} to follow the Swagger 2.0 specification"),
            );
        }
    }
}

fn enum_finding(
    root: &Node,
    pointer: &Pointer,
    allowed: &[String],
    push: impl Fn(&mut Vec<Finding>, Target, String, String),
    out: &mut Vec<Finding>,
) {
    let label = label(pointer);
    let node = root.pointer(pointer.as_str());
    let value = node.map_or_else(String::new, value_text);
    let quoted: Vec<String> = allowed.iter().map(|a| format!("`{a}`")).collect();
    let message = match quoted.as_slice() {
        [one] => format!("{label} is {value}, not {one}"),
        _ => format!("{label} is {value}, not one of {}", quoted.join(", ")),
    };
    let same_but_case = node
        .and_then(Node::as_str)
        .and_then(|s| allowed.iter().find(|a| a.eq_ignore_ascii_case(s)));
    let written = node.and_then(Node::as_str);
    let help = match (same_but_case, label.as_str(), written) {
        (Some(right), _, _) => format!("write `{right}`: the values are case-sensitive"),
        (None, "`format`", Some("guid")) => "write `uuid`".to_owned(),
        (None, "`format`", Some("")) => "remove the empty `format`".to_owned(),
        (None, "`format`", Some("integer" | "number" | "boolean" | "string")) => {
            "remove `format`, or give a format of the `type`: `int32` or `int64` for an integer, `float` or `double` for a number".to_owned()
        }
        _ => format!("use {}", join_or(&quoted)),
    };
    push(out, Target::value(pointer), message, help);
}

/// The `$defs` entry a schema location lies in (`None`: the root schema).
fn schema_def(schema_path: &str) -> Option<&str> {
    let mut segments = schema_path.split('/');
    let mut def = None;
    while let Some(segment) = segments.next() {
        if segment == "$defs" {
            def = segments.next();
        }
    }
    def
}

/// What the error is about, for messages: "operation `ListItems`", "`info`", "the schema".
fn noun(def: Option<&str>, root: &Node, pointer: &Pointer) -> String {
    let node = root.pointer(pointer.as_str());
    let last = pointer.last_segment();
    let name = || node.and_then(|n| n.get("name")).and_then(Node::as_str);
    let named = |kind: &str, name: Option<&str>| match name {
        Some(name) => format!("{kind} `{name}`"),
        None => format!("the {kind}"),
    };
    match def {
        None => "the swagger".to_owned(),
        Some("info") => "`info`".to_owned(),
        Some("contact") => "`contact`".to_owned(),
        Some("license") => "`license`".to_owned(),
        Some("externalDocs") => "`externalDocs`".to_owned(),
        Some("tag") => named("tag", name()),
        Some("paths") => "`paths`".to_owned(),
        Some("pathItem") => named("path", last.as_deref()),
        Some("operation") => {
            let id = node
                .and_then(|n| n.get("operationId"))
                .and_then(Node::as_str);
            match (id, last) {
                (Some(id), _) => format!("operation `{id}`"),
                (None, Some(method)) => {
                    let path = pointer.parent().and_then(|p| p.last_segment());
                    format!("operation `{method} {}`", path.unwrap_or_default())
                }
                (None, None) => "the operation".to_owned(),
            }
        }
        Some("parameter" | "nonBodyParameter") => named("parameter", name()),
        Some("bodyParameter") => named("body parameter", name()),
        Some("items") => "`items`".to_owned(),
        Some("responses") => "`responses`".to_owned(),
        Some("response") => named("response", last.as_deref()),
        Some("header") => named("header", last.as_deref()),
        Some("schema") => {
            let parent = pointer.parent().and_then(|p| p.last_segment());
            match (parent.as_deref(), last) {
                (Some("definitions"), Some(name)) => format!("definition `{name}`"),
                (Some("properties"), Some(name)) => format!("property `{name}`"),
                _ => "the schema".to_owned(),
            }
        }
        Some("xml") => "`xml`".to_owned(),
        Some("securityScheme") => named("security definition", last.as_deref()),
        Some("reference") => "the reference".to_owned(),
        Some(_) => label(pointer),
    }
}

/// A member's name for messages: `` `paths` ``, `` `schemes[1]` ``, or "the swagger".
fn label(pointer: &Pointer) -> String {
    let segments: Vec<String> = pointer.segments().collect();
    let Some(last) = segments.last() else {
        return "the swagger".to_owned();
    };
    if crate::json::pointer::parse_index(last).is_none() {
        return format!("`{last}`");
    }
    // An array item: name it after the array.
    let mut indexes = String::new();
    for segment in segments.iter().rev() {
        if crate::json::pointer::parse_index(segment).is_some() {
            indexes.insert_str(0, &format!("[{segment}]"));
        } else {
            return format!("`{segment}{indexes}`");
        }
    }
    format!("item `{indexes}` of the swagger")
}

fn required_help(def: Option<&str>, property: &str) -> String {
    match (def, property) {
        (Some("operation"), "responses") => {
            "add `responses` with at least one response, for example `\"200\": { \"description\": \"OK\" }`".to_owned()
        }
        (Some("response"), "description") => {
            "add a `description` saying what the response holds".to_owned()
        }
        (Some("nonBodyParameter"), "type") => {
            "add `type`: `string`, `number`, `integer`, `boolean`, `array` or `file`".to_owned()
        }
        (Some("header"), "type") => {
            "add `type`: `string`, `number`, `integer`, `boolean` or `array`".to_owned()
        }
        (Some("bodyParameter"), "schema") => {
            "add the `schema` of the request body".to_owned()
        }
        (Some("securityScheme"), "flow") => {
            "add `flow`: `implicit`, `password`, `application` or `accessCode`".to_owned()
        }
        (Some("securityScheme"), "authorizationUrl") => {
            "add `authorizationUrl`, the URL of the sign-in page: the `implicit` and `accessCode` flows need it".to_owned()
        }
        (Some("securityScheme"), "tokenUrl") => {
            "add `tokenUrl`, the URL of the token endpoint: the `password`, `application` and `accessCode` flows need it".to_owned()
        }
        (Some("securityScheme"), "name") => {
            "add `name`: the header or query parameter that carries the API key".to_owned()
        }
        (Some("securityScheme"), "in") => "add `in`: `header` or `query`".to_owned(),
        (Some("x-ms-pageable"), "nextLinkName") => {
            "add `\"nextLinkName\": \"@odata.nextLink\"` (or `nextLink`): the response member holding the next page's URL".to_owned()
        }
        _ => format!("add `{property}`"),
    }
}

/// Message and help for a member the schema does not allow.
fn unknown_member(
    def: Option<&str>,
    root: &Node,
    pointer: &Pointer,
    key: &str,
    allowed: &[String],
) -> (String, String) {
    match def {
        Some("paths") => {
            return (
                format!("path `{key}` does not start with `/`"),
                format!("start every path with `/`, for example `/{key}`"),
            );
        }
        Some("responses") => {
            return (
                format!(
                    "response key `{key}` is not a status code, `default` or an `x-` extension"
                ),
                "use a three-digit HTTP status code such as `200`, or `default`".to_owned(),
            );
        }
        Some("x-ms-capabilities-api" | "x-ms-capabilities-operation") => {
            let list: Vec<String> = allowed.iter().map(|a| format!("`{a}`")).collect();
            return (
                format!("`{key}` is not a capability {} supports", label(pointer)),
                format!("use {}", join_or(&list)),
            );
        }
        _ => {}
    }
    let message = format!("{} has an unknown member `{key}`", noun(def, root, pointer));
    let help = match key {
        "nullable" => {
            "Swagger 2.0 has no `nullable` (an OpenAPI 3 keyword): remove it, or use the `x-nullable` extension".to_owned()
        }
        "oneOf" | "anyOf" | "not" | "const" => format!(
            "Swagger 2.0 schemas have no `{key}` (only `allOf`): describe the value with `type`, `properties` and `enum`"
        ),
        _ => match suggestion(key, allowed) {
            Some(right) if right.eq_ignore_ascii_case(key) => {
                format!("write `{right}`: member names are case-sensitive")
            }
            Some(right) => format!("did you mean `{right}`?"),
            None => "remove it, or start its name with `x-` if it is a vendor extension".to_owned(),
        },
    };
    (message, help)
}

/// The member names the schema object holding an `additionalProperties` keyword declares.
fn allowed_members(schema: &serde_json::Value, schema_path: &str) -> Vec<String> {
    let parent = schema_path
        .strip_suffix("/additionalProperties")
        .unwrap_or(schema_path);
    schema
        .pointer(parent)
        .and_then(|s| s.get("properties"))
        .and_then(serde_json::Value::as_object)
        .map(|props| props.keys().cloned().collect())
        .unwrap_or_default()
}

/// An allowed name the key is probably a misspelling of.
fn suggestion<'a>(key: &str, allowed: &'a [String]) -> Option<&'a str> {
    if let Some(same) = allowed.iter().find(|a| a.eq_ignore_ascii_case(key)) {
        return Some(same);
    }
    if key.chars().count() < 4 {
        return None;
    }
    allowed
        .iter()
        .map(|a| {
            (
                edit_distance(&key.to_ascii_lowercase(), &a.to_ascii_lowercase()),
                a,
            )
        })
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, a)| a.as_str())
}

/// Levenshtein distance, for short member names.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            let value = (previous[j] + cost)
                .min(previous[j + 1] + 1)
                .min(current[j] + 1);
            current.push(value);
        }
        previous = current;
    }
    previous[b.len()]
}

/// `a`, `a or b`, `a, b or c`.
fn join_or(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

fn with_article(kind: &str) -> String {
    if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("an {kind}")
    } else {
        format!("a {kind}")
    }
}

/// An allowed value as written in a list: strings bare, other values as JSON.
fn plain(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A value for a message: `` `"Advanced"` ``, `` `5` ``, `an object`.
fn value_text(node: &Node) -> String {
    use crate::json::Value;
    match &node.value {
        Value::String(s) => format!("`\"{s}\"`"),
        Value::Number(n) => format!("`{}`", n.to_serde()),
        Value::Bool(b) => format!("`{b}`"),
        Value::Null => "`null`".to_owned(),
        Value::Array(_) | Value::Object(_) => with_article(node.kind_name()),
    }
}

/// The failing instance of a numeric error, as written.
fn shown(error: &ValidationError<'_>) -> String {
    format!("`{}`", error.instance())
}

/// Where a target starts in the text, for ordering.
fn target_offset(root: &Node, target: &Target) -> u32 {
    let (pointer, key) = match target {
        Target::Value(p) => (p, false),
        Target::Key(p) => (p, true),
        Target::Missing { parent, .. } => (parent, false),
        Target::File | Target::Range(_) => return 0,
    };
    let mut node = root;
    let mut start = root.range.start;
    for segment in pointer.segments() {
        let next = match &node.value {
            crate::json::Value::Object(_) => node.member(&segment).map(|m| {
                start = if key {
                    m.key_range.start
                } else {
                    m.value.range.start
                };
                &m.value
            }),
            crate::json::Value::Array(items) => crate::json::pointer::parse_index(&segment)
                .and_then(|i| items.get(i))
                .inspect(|n| start = n.range.start),
            _ => None,
        };
        match next {
            Some(n) => node = n,
            None => break,
        }
    }
    start
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_schema_compiles() {
        assert!(
            COMPILED.is_some(),
            "schemas/swagger-2.0.schema.json does not compile"
        );
    }

    #[test]
    fn the_schema_is_self_contained() {
        fn refs(value: &serde_json::Value, out: &mut Vec<String>) {
            match value {
                serde_json::Value::Object(map) => {
                    for (k, v) in map {
                        if k == "$ref"
                            && let Some(r) = v.as_str()
                        {
                            out.push(r.to_owned());
                        }
                        refs(v, out);
                    }
                }
                serde_json::Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
                _ => {}
            }
        }
        let schema: serde_json::Value = serde_json::from_str(SCHEMA_TEXT).unwrap();
        let mut found = Vec::new();
        refs(&schema, &mut found);
        // `$ref` as a *property name* (in `properties`) is an object, so only keyword refs remain.
        for r in found {
            assert!(r.starts_with("#/$defs/"), "external or odd $ref {r}");
            assert!(schema.pointer(&r[1..]).is_some(), "dangling $ref {r}");
        }
    }

    fn error_paths(text: &str) -> Vec<String> {
        let root = crate::json::parse(text).unwrap();
        let compiled = COMPILED.as_ref().unwrap();
        let instance = adapter::without_duplicates(&root);
        compiled
            .validator
            .iter_errors(&instance)
            .map(|e| e.instance_path().as_str().to_owned())
            .collect()
    }

    #[test]
    fn validates_the_span_tree_with_the_last_duplicate() {
        let head = r#""swagger": "2.0", "info": { "title": "x", "version": "1" }, "paths": {}"#;
        assert!(
            error_paths(&format!(
                r#"{{ {head}, "x-ms-connector-metadata": 5, "x-ms-connector-metadata": [] }}"#
            ))
            .is_empty()
        );
        assert_eq!(
            error_paths(&format!(
                r#"{{ {head}, "x-ms-connector-metadata": [], "x-ms-connector-metadata": 5 }}"#
            )),
            ["/x-ms-connector-metadata"]
        );
        // Path keys are escaped in instance locations (RFC 6901).
        assert_eq!(
            error_paths(
                r#"{ "swagger": "2.0", "info": { "title": "x", "version": "1" }, "paths": { "/a~b": { "get": { "responses": {}, "deprecated": 1 } } } }"#
            ),
            ["/paths/~1a~0b/get/deprecated"]
        );
        // `const`/`enum` compare without a serde copy; integers are whole numbers.
        assert_eq!(
            error_paths(
                r#"{ "swagger": "2.0", "info": { "title": "x", "version": "1" }, "paths": { "/a": { "get": { "responses": {}, "parameters": [{ "name": "p", "in": "body", "schema": { "type": "string", "maxLength": 3.0, "x-ms-media-kind": "Image" } }] } } } }"#
            ),
            ["/paths/~1a/get/parameters/0/schema/x-ms-media-kind"]
        );
    }

    #[test]
    fn labels() {
        assert_eq!(label(&Pointer::root()), "the swagger");
        assert_eq!(
            label(&Pointer::parse("/schemes/1").unwrap()),
            "`schemes[1]`"
        );
        assert_eq!(label(&Pointer::parse("/paths/~1a").unwrap()), "`/a`");
        assert_eq!(schema_def("/$defs/operation/required"), Some("operation"));
        assert_eq!(schema_def("/properties/paths/type"), None);
        assert_eq!(edit_distance("descripton", "description"), 1);
    }
}
