//! OpenAPI 3.0.x → Swagger 2.0, on `serde_json::Value`.
//!
//! Working on the plain tree rather than a typed model keeps every `x-` extension and accepts the
//! real documents a strict model rejects (a stray member, a number where a string belongs): what
//! has no Swagger 2.0 form is dropped or approximated and recorded as a [`RawNote`] with the
//! JSON pointer of the construct in the SOURCE document. Nothing here indexes mutably or
//! unwraps, so no input can panic, and recursion is bounded by the source's depth (the readers
//! stop at 128 levels) plus [`MAX_INLINE_DEPTH`] for references that have to be inlined.

use serde_json::{Map, Value, json};

use crate::json::Pointer;
use crate::json::pointer::unescape;

/// A lossy step, before its position in the source text is looked up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawNote {
    pub(crate) pointer: String,
    pub(crate) message: String,
}

/// References inlined inside references inlined inside … at most this deep; past it the schema
/// becomes `{}` with a note. Keeps the output within the 128 levels a JSON reader accepts.
const MAX_INLINE_DEPTH: usize = 8;

/// Steps followed through `$ref` → `$ref` chains before giving up.
const MAX_REF_CHAIN: usize = 64;

const METHODS: [&str; 7] = ["get", "put", "post", "delete", "options", "head", "patch"];

/// Schema keywords Swagger 2.0 has with the same meaning as OpenAPI 3.0.
const SCHEMA_COPIED: [&str; 21] = [
    "type",
    "format",
    "title",
    "description",
    "default",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxProperties",
    "minProperties",
    "readOnly",
    "xml",
    "externalDocs",
];

/// Validation keywords a non-body parameter, a header and an items object share with a schema.
const FLAT_COPIED: [&str; 13] = [
    "format",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "multipleOf",
];

/// Converts an OpenAPI 3.0 document (the caller checked it is an object with `openapi: 3.0.x`).
pub(crate) fn convert(root: &Value) -> (Value, Vec<RawNote>) {
    let mut converter = Converter {
        root,
        notes: Vec::new(),
        inlining: Vec::new(),
        dropped_parameters: Vec::new(),
        dropped_schemes: Vec::new(),
        kept_parameters: Vec::new(),
        kept_responses: Vec::new(),
    };
    let mut swagger = converter.document();
    // Safety net for malformed input: a `$ref` copied from somewhere no reference belongs (an
    // extension, `info`) or pointing at nothing in the output would fail SW090/SW091.
    let snapshot = swagger.clone();
    let mut stray = Vec::new();
    remove_stray_refs(&mut swagger, &snapshot, &mut Pointer::root(), 0, &mut stray);
    for at in stray {
        converter.notes.push(RawNote {
            pointer: String::new(),
            message: format!(
                "a `$ref` that would point to nothing was removed from the output at `{at}`"
            ),
        });
    }
    let mut notes = converter.notes;
    // An inlined component reports its losses once per use: keep the first of each.
    let mut seen = std::collections::HashSet::new();
    notes.retain(|n| seen.insert((n.pointer.clone(), n.message.clone())));
    (swagger, notes)
}

struct Converter<'a> {
    root: &'a Value,
    notes: Vec<RawNote>,
    /// `$ref` targets being inlined, innermost last (cycle and depth guard).
    inlining: Vec<String>,
    /// `components.parameters` entries that have no Swagger 2.0 form (cookie parameters).
    dropped_parameters: Vec<String>,
    /// `components.securitySchemes` entries that have no Swagger 2.0 form.
    dropped_schemes: Vec<String>,
    /// `components.parameters` and `components.responses` entries written to the output: a
    /// reference to one of them stays a reference, any other is inlined or dropped.
    kept_parameters: Vec<String>,
    kept_responses: Vec<String>,
}

/// Whether a keyword's value has the JSON type Swagger 2.0 requires of it; a value that does not
/// is dropped with a note rather than copied into a document that would fail SW006.
fn well_typed(key: &str, value: &Value) -> bool {
    match key {
        "type" => matches!(
            value.as_str(),
            Some("string" | "number" | "integer" | "boolean" | "array" | "object" | "null")
        ),
        "format" | "title" | "description" | "pattern" | "summary" | "operationId" => {
            value.is_string()
        }
        "multipleOf" => value.as_f64().is_some_and(|v| v > 0.0),
        "maximum" | "minimum" => value.is_number(),
        "exclusiveMaximum" | "exclusiveMinimum" | "uniqueItems" | "readOnly" | "deprecated" => {
            value.is_boolean()
        }
        "maxLength" | "minLength" | "maxItems" | "minItems" | "maxProperties" | "minProperties" => {
            value.is_u64()
        }
        "xml" | "externalDocs" => value.is_object(),
        "required" => value
            .as_array()
            .is_some_and(|a| !a.is_empty() && a.iter().all(Value::is_string)),
        "enum" => value.as_array().is_some_and(|a| !a.is_empty()),
        "tags" => value
            .as_array()
            .is_some_and(|a| a.iter().all(Value::is_string)),
        _ => true,
    }
}

fn is_extension(key: &str) -> bool {
    key.starts_with("x-")
}

fn copy_extensions(from: &Map<String, Value>, to: &mut Map<String, Value>) {
    for (k, v) in from {
        if is_extension(k) && !to.contains_key(k) {
            to.insert(k.clone(), v.clone());
        }
    }
}

/// The media type without parameters, lowercased: `application/json; charset=utf-8` →
/// `application/json`.
fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

fn is_json_media(media_type: &str) -> bool {
    let e = essence(media_type);
    e == "application/json" || e == "text/json" || e.ends_with("+json")
}

fn is_form_media(media_type: &str) -> bool {
    let e = essence(media_type);
    e == "application/x-www-form-urlencoded" || e == "multipart/form-data"
}

fn quoted_list(items: &[String]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl<'a> Converter<'a> {
    fn note(&mut self, at: &Pointer, message: impl Into<String>) {
        self.notes.push(RawNote {
            pointer: at.as_str().to_owned(),
            message: message.into(),
        });
    }

    /// The target of a local reference (`#/…`) in the source document.
    fn lookup(&self, reference: &str) -> Option<&'a Value> {
        let fragment = reference.strip_prefix('#')?;
        if fragment.is_empty() {
            return Some(self.root);
        }
        if !fragment.starts_with('/') {
            return None;
        }
        let mut node = self.root;
        for raw in fragment[1..].split('/') {
            let decoded = percent_decode(raw);
            let segment = unescape(&decoded)?;
            node = match node {
                Value::Object(map) => map.get(segment.as_ref())?,
                Value::Array(items) => items.get(segment.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// Follows a chain of `$ref`s from `value`; returns the first object without `$ref` and its
    /// pointer, or `None` (with a note) when a reference is external, dangling or circular.
    fn follow(&mut self, value: &'a Value, at: &Pointer) -> Option<(&'a Value, Pointer)> {
        let mut current = value;
        let mut current_at = at.clone();
        for _ in 0..MAX_REF_CHAIN {
            let Some(reference) = current.get("$ref") else {
                return Some((current, current_at));
            };
            let Some(reference) = reference.as_str() else {
                self.note(&current_at, "`$ref` is not a string; the object is dropped");
                return None;
            };
            if !reference.starts_with('#') {
                self.note(
                    &current_at,
                    format!(
                        "`$ref` `{reference}` points outside this document and is never fetched; the object is dropped: bundle the document into one file first"
                    ),
                );
                return None;
            }
            let Some(target) = self.lookup(reference) else {
                self.note(
                    &current_at,
                    format!("`$ref` `{reference}` points to nothing in this document; the object is dropped"),
                );
                return None;
            };
            current = target;
            current_at = ref_pointer(reference);
        }
        self.note(
            at,
            format!(
                "`$ref` chain longer than {MAX_REF_CHAIN} steps (a loop?); the object is dropped"
            ),
        );
        None
    }

    // -----------------------------------------------------------------------------------------
    // Document
    // -----------------------------------------------------------------------------------------

    fn document(&mut self) -> Value {
        let root_at = Pointer::root();
        let Some(src) = self.root.as_object() else {
            return json!({ "swagger": "2.0" });
        };
        let mut out = Map::new();
        out.insert("swagger".into(), json!("2.0"));
        out.insert("info".into(), self.info(src.get("info")));
        self.servers(src.get("servers"), &mut out);

        let components = src.get("components").and_then(Value::as_object);
        let components_at = root_at.child("components");
        if let Some(components) = components {
            self.components(components, &components_at, &mut out);
        }

        let mut paths = Map::new();
        let paths_at = root_at.child("paths");
        match src.get("paths") {
            Some(Value::Object(items)) => {
                for (path, item) in items {
                    let item_at = paths_at.child(path);
                    if is_extension(path) {
                        paths.insert(path.clone(), item.clone());
                    } else {
                        paths.insert(path.clone(), self.path_item(item, &item_at));
                    }
                }
            }
            Some(_) => self.note(
                &paths_at,
                "`paths` is not an object; no operation was converted",
            ),
            None => self.note(
                &root_at,
                "the document has no `paths`; the connector has no operation yet",
            ),
        }
        out.insert("paths".into(), Value::Object(paths));

        if let Some(security) = src.get("security")
            && let Some(rewritten) =
                self.security_requirements(security, &root_at.child("security"))
        {
            out.insert("security".into(), rewritten);
        }
        if let Some(tags) = src.get("tags") {
            let kept: Vec<Value> = tags
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter(|t| t.get("name").is_some_and(Value::is_string))
                        .map(|t| {
                            let mut tag = t.as_object().cloned().unwrap_or_default();
                            tag.retain(|k, v| match k.as_str() {
                                "name" | "description" => v.is_string(),
                                "externalDocs" => v.get("url").is_some_and(Value::is_string),
                                k => is_extension(k),
                            });
                            Value::Object(tag)
                        })
                        .collect()
                })
                .unwrap_or_default();
            if tags.as_array().is_none_or(|a| a.len() != kept.len()) {
                self.note(&root_at.child("tags"), "tags without a `name` were dropped");
            }
            if !kept.is_empty() {
                out.insert("tags".into(), Value::Array(kept));
            }
        }
        if let Some(docs) = src.get("externalDocs") {
            if docs.get("url").is_some_and(Value::is_string) {
                out.insert("externalDocs".into(), docs.clone());
            } else {
                self.note(
                    &root_at.child("externalDocs"),
                    "`externalDocs` has no `url`; dropped",
                );
            }
        }
        for (key, value) in src {
            match key.as_str() {
                "openapi" | "info" | "servers" | "components" | "paths" | "security" | "tags"
                | "externalDocs" => {}
                k if is_extension(k) => {
                    out.insert(key.clone(), value.clone());
                }
                other => self.note(
                    &root_at.child(other),
                    format!(
                        "top-level `{other}` is not part of OpenAPI 3.0 or Swagger 2.0; dropped"
                    ),
                ),
            }
        }
        Value::Object(out)
    }

    fn info(&mut self, info: Option<&Value>) -> Value {
        let at = Pointer::root().child("info");
        let Some(info) = info.and_then(Value::as_object) else {
            self.note(
                &Pointer::root(),
                "the document has no `info` object; a placeholder title and version were written: replace them",
            );
            return json!({ "title": "Untitled API", "version": "1.0" });
        };
        let mut out = info.clone();
        // YAML reads `version: 1.0` as a number; Swagger 2.0 wants the text.
        match out.get("version") {
            Some(Value::String(_)) => {}
            Some(Value::Number(n)) => {
                let text = n.to_string();
                out.insert("version".into(), Value::String(text));
            }
            _ => {
                self.note(&at, "`info.version` is missing or not a string; `1.0` was written: set the API's version");
                out.insert("version".into(), json!("1.0"));
            }
        }
        if !matches!(out.get("title"), Some(Value::String(_))) {
            self.note(&at, "`info.title` is missing or not a string; a placeholder was written: set the API's title");
            out.insert("title".into(), json!("Untitled API"));
        }
        // OpenAPI 3.0's `info` has the same members as Swagger 2.0's, plus `x-` extensions.
        let known = [
            "title",
            "description",
            "termsOfService",
            "contact",
            "license",
            "version",
        ];
        let extra: Vec<String> = out
            .iter()
            .filter(|(k, v)| {
                let well_formed = match k.as_str() {
                    "description" | "termsOfService" => v.is_string(),
                    "contact" => v.is_object(),
                    "license" => v.get("name").is_some_and(Value::is_string),
                    _ => true,
                };
                !well_formed || (!known.contains(&k.as_str()) && !is_extension(k))
            })
            .map(|(k, _)| k.clone())
            .collect();
        for key in ["contact", "license"] {
            if let Some(Value::Object(members)) = out.get_mut(key) {
                // Swagger 2.0 allows only these members, all strings, and extensions.
                members.retain(|k, v| {
                    is_extension(k)
                        || (matches!(k.as_str(), "name" | "url" | "email") && v.is_string())
                });
            }
        }
        for key in extra {
            out.remove(&key);
            self.note(
                &at.child(&key),
                format!("`info.{key}` has no Swagger 2.0 equivalent or an unusable value; dropped"),
            );
        }
        Value::Object(out)
    }

    /// `servers[0]` → `host`, `basePath`, `schemes`.
    fn servers(&mut self, servers: Option<&Value>, out: &mut Map<String, Value>) {
        let at = Pointer::root().child("servers");
        let list = servers
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let Some(first) = list.first() else {
            self.note(
                &Pointer::root(),
                "the document has no `servers`, so the connector has no `host`: set `host` (and `basePath`) to the API's address",
            );
            return;
        };
        let first_at = at.child_index(0);
        let Some(template) = first.get("url").and_then(Value::as_str) else {
            self.note(
                &first_at,
                "the first server has no `url`; set `host` and `basePath` by hand",
            );
            return;
        };
        let Some(url) = self.substitute_variables(template, first, &first_at) else {
            return;
        };
        if list.len() > 1 {
            let others: Vec<String> = list[1..]
                .iter()
                .filter_map(|s| s.get("url").and_then(Value::as_str))
                .map(str::to_owned)
                .collect();
            self.note(
                &at.child_index(1),
                format!(
                    "Swagger 2.0 has one host: the first server `{template}` is used and {} other{} dropped ({}); a connector reaches one host",
                    others.len(),
                    if others.len() == 1 { " is" } else { "s are" },
                    quoted_list(&others)
                ),
            );
        }

        // `scheme://authority/path`, `//authority/path` or a relative `/path`.
        let (scheme, authority, path) = match url.split_once("://") {
            Some((scheme, rest)) => {
                let (authority, path) = split_authority(rest);
                (Some(scheme.to_ascii_lowercase()), authority, path)
            }
            None => match url.strip_prefix("//") {
                Some(rest) => {
                    let (authority, path) = split_authority(rest);
                    (None, authority, path)
                }
                None => (None, "", url.as_str()),
            },
        };
        let mut path = path.to_owned();
        if let Some(i) = path.find(['?', '#']) {
            self.note(
                &first_at.child("url"),
                format!("the query or fragment `{}` of the server URL has no Swagger 2.0 equivalent; dropped", &path[i..]),
            );
            path.truncate(i);
        }
        let host = match authority.rsplit_once('@') {
            Some((_, host)) => {
                self.note(&first_at.child("url"), "the user name in the server URL is dropped: credentials belong in the connection parameters");
                host
            }
            None => authority,
        };
        if let Some(scheme) = scheme {
            if scheme == "http" || scheme == "https" {
                out.insert("schemes".into(), json!([scheme]));
            } else {
                self.note(
                    &first_at.child("url"),
                    format!("scheme `{scheme}` is not http or https; `schemes` left out"),
                );
            }
        }
        if host.is_empty() {
            self.note(
                &first_at.child("url"),
                format!("server URL `{template}` is relative, so the connector has no `host`: set `host` to the API's address"),
            );
        } else {
            out.insert("host".into(), Value::String(host.to_owned()));
        }
        let trimmed = path.trim_end_matches('/');
        let base_path = if trimmed.is_empty() {
            "/".to_owned()
        } else if trimmed.starts_with('/') {
            trimmed.to_owned()
        } else {
            format!("/{trimmed}")
        };
        out.insert("basePath".into(), Value::String(base_path));
    }

    /// `{name}` in a server URL → the variable's default. `None` (with a note) when one has none.
    fn substitute_variables(
        &mut self,
        template: &str,
        server: &Value,
        at: &Pointer,
    ) -> Option<String> {
        let variables = server.get("variables").and_then(Value::as_object);
        let mut url = String::with_capacity(template.len());
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            url.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                self.note(
                    &at.child("url"),
                    format!("server URL `{template}` has an unclosed `{{`; set `host` by hand"),
                );
                return None;
            };
            let name = &after[..close];
            let variable = variables.and_then(|v| v.get(name));
            let value = variable
                .and_then(|v| v.get("default"))
                .and_then(|d| match d {
                    Value::String(s) => Some(s.clone()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                });
            let Some(value) = value else {
                self.note(
                    &at.child("url"),
                    format!("server variable `{name}` has no default; the connector has no `host`: set `host` and `basePath` by hand"),
                );
                return None;
            };
            let choices = variable
                .and_then(|v| v.get("enum"))
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            if choices > 1 {
                self.note(
                    &at.child("variables").child(name),
                    format!("server variable `{name}` is fixed to its default `{value}`; its other values are dropped"),
                );
            }
            url.push_str(&value);
            rest = &after[close + 1..];
        }
        url.push_str(rest);
        Some(url)
    }

    // -----------------------------------------------------------------------------------------
    // Components
    // -----------------------------------------------------------------------------------------

    fn components(
        &mut self,
        components: &'a Map<String, Value>,
        at: &Pointer,
        out: &mut Map<String, Value>,
    ) {
        // Cookie parameters and unconvertible schemes first: references to them are dropped.
        if let Some(Value::Object(parameters)) = components.get("parameters") {
            for (name, parameter) in parameters {
                let target = self.lookup_quiet(parameter);
                if target.and_then(|p| p.get("in")).and_then(Value::as_str) == Some("cookie") {
                    self.dropped_parameters.push(name.clone());
                }
            }
        }

        for (key, value) in components {
            let key_at = at.child(key);
            match key.as_str() {
                "schemas" => {
                    let Some(schemas) = value.as_object() else {
                        continue;
                    };
                    let mut definitions = Map::new();
                    for (name, schema) in schemas {
                        definitions.insert(name.clone(), self.schema(schema, &key_at.child(name)));
                    }
                    out.insert("definitions".into(), Value::Object(definitions));
                }
                "parameters" => {
                    let converted = self.members(value, &key_at, |this, name, parameter, p_at| {
                        if this.dropped_parameters.contains(name) {
                            this.note(p_at, "cookie parameters have no Swagger 2.0 equivalent; dropped with every reference to it: a connector sends cookies only through a policy or script");
                            return None;
                        }
                        // A parameter definition cannot itself be a reference in Swagger 2.0.
                        let (target, target_at) = this.follow(parameter, p_at)?;
                        let p = this.parameter_object(target, &target_at)?;
                        this.kept_parameters.push(name.clone());
                        Some(p)
                    });
                    insert_unless_empty(out, "parameters", converted);
                }
                "responses" => {
                    let mut produces = Vec::new();
                    let converted = self.members(value, &key_at, |this, name, response, r_at| {
                        let (target, target_at) = this.follow(response, r_at)?;
                        let r = this.response_object(target, &target_at, &mut produces);
                        this.kept_responses.push(name.clone());
                        Some(r)
                    });
                    insert_unless_empty(out, "responses", converted);
                }
                "securitySchemes" => {
                    let converted = self.members(value, &key_at, |this, name, scheme, s_at| {
                        let converted_scheme =
                            this.follow(scheme, s_at).and_then(|(target, target_at)| {
                                this.security_scheme(target, &target_at)
                            });
                        if converted_scheme.is_none() {
                            this.dropped_schemes.push(name.clone());
                        }
                        converted_scheme
                    });
                    insert_unless_empty(out, "securityDefinitions", converted);
                }
                // Inlined where they are referenced.
                "requestBodies" | "headers" | "examples" => {}
                "links" | "callbacks" => {
                    if value.as_object().is_some_and(|m| !m.is_empty()) {
                        self.note(
                            &key_at,
                            format!("`components.{key}` has no Swagger 2.0 equivalent; dropped"),
                        );
                    }
                }
                k if is_extension(k) => self.note(
                    &key_at,
                    format!("`components.{key}` has no place in Swagger 2.0; dropped"),
                ),
                other => self.note(
                    &key_at,
                    format!("`components.{other}` is not an OpenAPI 3.0 component; dropped"),
                ),
            }
        }
    }

    /// Each member of an object (a `components` section, a response's `headers`) converted by
    /// `convert` (given the member's name, value and pointer), keeping those it returns, in
    /// order; none when `section` is not an object.
    fn members(
        &mut self,
        section: &'a Value,
        at: &Pointer,
        mut convert: impl FnMut(&mut Self, &'a String, &'a Value, &Pointer) -> Option<Value>,
    ) -> Map<String, Value> {
        let mut converted = Map::new();
        for (name, member) in section.as_object().into_iter().flatten() {
            if let Some(value) = convert(self, name, member, &at.child(name)) {
                converted.insert(name.clone(), value);
            }
        }
        converted
    }

    /// Like [`Self::follow`] but silent: used to look ahead.
    fn lookup_quiet(&self, value: &'a Value) -> Option<&'a Value> {
        let mut current = value;
        for _ in 0..MAX_REF_CHAIN {
            match current.get("$ref").and_then(Value::as_str) {
                Some(reference) => current = self.lookup(reference)?,
                None => return Some(current),
            }
        }
        None
    }

    // -----------------------------------------------------------------------------------------
    // Paths and operations
    // -----------------------------------------------------------------------------------------

    fn path_item(&mut self, item: &'a Value, at: &Pointer) -> Value {
        let Some(item) = item.as_object() else {
            self.note(at, "the path item is not an object; left empty");
            return json!({});
        };
        let mut out = Map::new();
        for (key, value) in item {
            let key_at = at.child(key);
            match key.as_str() {
                m if METHODS.contains(&m) => {
                    out.insert(key.clone(), self.operation(value, &key_at));
                }
                "parameters" => {
                    let list = self.parameter_list(value, &key_at);
                    if !list.is_empty() {
                        out.insert(key.clone(), Value::Array(list));
                    }
                }
                "trace" => self.note(&key_at, "Swagger 2.0 has no `trace` operations; this operation is dropped"),
                "summary" | "description" => self.note(
                    &key_at,
                    format!("a Swagger 2.0 path has no `{key}`; dropped: put it on the operations"),
                ),
                "servers" => self.note(&key_at, "per-path `servers` have no Swagger 2.0 equivalent; the document's host is used"),
                "$ref" => self.note(&key_at, "a path item `$ref` is not followed; add its operations to this path by hand"),
                k if is_extension(k) => {
                    out.insert(key.clone(), value.clone());
                }
                other => self.note(&key_at, format!("`{other}` is not a path item member; dropped")),
            }
        }
        Value::Object(out)
    }

    fn operation(&mut self, operation: &'a Value, at: &Pointer) -> Value {
        let Some(op) = operation.as_object() else {
            self.note(at, "the operation is not an object; left empty");
            return json!({ "responses": {} });
        };
        let mut out = Map::new();
        let mut parameters = Vec::new();
        let mut consumes: Vec<String> = Vec::new();
        let mut produces: Vec<String> = Vec::new();
        for (key, value) in op {
            let key_at = at.child(key);
            match key.as_str() {
                "tags" | "summary" | "description" | "externalDocs" | "operationId" | "deprecated" => {
                    if well_typed(key, value) {
                        out.insert(key.clone(), value.clone());
                    } else {
                        self.note(&key_at, format!("`{key}` has a value Swagger 2.0 does not accept here; dropped"));
                    }
                }
                "parameters" => parameters.extend(self.parameter_list(value, &key_at)),
                "requestBody" => {
                    let (body, media) = self.request_body(value, &key_at);
                    parameters.extend(body);
                    consumes = media;
                }
                "responses" => {
                    let responses = self.responses(value, &key_at, &mut produces);
                    out.insert(key.clone(), responses);
                }
                "security" => {
                    if let Some(rewritten) = self.security_requirements(value, &key_at) {
                        out.insert(key.clone(), rewritten);
                    }
                }
                "callbacks" => self.note(&key_at, "callbacks have no Swagger 2.0 equivalent; dropped (a connector trigger is declared with `x-ms-trigger` and a webhook operation)"),
                "servers" => self.note(&key_at, "per-operation `servers` have no Swagger 2.0 equivalent; the document's host is used"),
                k if is_extension(k) => {
                    out.insert(key.clone(), value.clone());
                }
                other => self.note(&key_at, format!("`{other}` is not an operation member; dropped")),
            }
        }
        if !parameters.is_empty() {
            out.insert("parameters".into(), Value::Array(parameters));
        }
        if !consumes.is_empty() {
            out.insert("consumes".into(), json!(consumes));
        }
        if !produces.is_empty() {
            out.insert("produces".into(), json!(produces));
        }
        if !out.contains_key("responses") {
            self.note(at, "the operation has no `responses`; a `default` response was written: describe the real ones");
            out.insert(
                "responses".into(),
                json!({ "default": { "description": "Response" } }),
            );
        }
        Value::Object(out)
    }

    // -----------------------------------------------------------------------------------------
    // Parameters
    // -----------------------------------------------------------------------------------------

    fn parameter_list(&mut self, list: &'a Value, at: &Pointer) -> Vec<Value> {
        let Some(items) = list.as_array() else {
            self.note(at, "`parameters` is not an array; dropped");
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            if let Some(p) = self.parameter(item, &at.child_index(i)) {
                out.push(p);
            }
        }
        out
    }

    /// One entry of a `parameters` list: a reference to a component stays a reference.
    fn parameter(&mut self, parameter: &'a Value, at: &Pointer) -> Option<Value> {
        if let Some(reference) = parameter.get("$ref").and_then(Value::as_str)
            && let Some(name) = reference.strip_prefix("#/components/parameters/")
        {
            let name = unescape(&percent_decode(name)).map(|n| n.into_owned());
            if let Some(name) = name.filter(|n| !n.contains('/')) {
                if self.dropped_parameters.contains(&name) {
                    self.note(
                        at,
                        format!("`{reference}` is a cookie parameter, which has no Swagger 2.0 equivalent; dropped"),
                    );
                    return None;
                }
                if self.kept_parameters.contains(&name) {
                    let mut target = Pointer::root().child("parameters");
                    target.push(&name);
                    return Some(json!({ "$ref": format!("#{}", target.as_str()) }));
                }
            }
        }
        let (target, target_at) = self.follow(parameter, at)?;
        self.parameter_object(target, &target_at)
    }

    /// A Parameter Object (not a reference) → a Swagger 2.0 non-body parameter.
    fn parameter_object(&mut self, parameter: &'a Value, at: &Pointer) -> Option<Value> {
        let Some(p) = parameter.as_object() else {
            self.note(at, "the parameter is not an object; dropped");
            return None;
        };
        let name = p.get("name").and_then(Value::as_str).unwrap_or("");
        let location = p.get("in").and_then(Value::as_str).unwrap_or("");
        match location {
            "query" | "header" | "path" => {}
            "cookie" => {
                self.note(at, format!("cookie parameter `{name}` has no Swagger 2.0 equivalent; dropped: a connector sends cookies only through a policy or script"));
                return None;
            }
            other => {
                self.note(at, format!("parameter `{name}` is in `{other}`, which is not query, header, path or cookie; dropped"));
                return None;
            }
        }
        let mut out = Map::new();
        out.insert("name".into(), json!(name));
        out.insert("in".into(), json!(location));
        if let Some(d) = p.get("description").filter(|d| d.is_string()) {
            out.insert("description".into(), d.clone());
        }
        match p.get("required") {
            Some(Value::Bool(true)) => {
                out.insert("required".into(), json!(true));
            }
            _ if location == "path" => {
                self.note(at, format!("path parameter `{name}` was not marked required; Swagger 2.0 requires it, so `required: true` was written"));
                out.insert("required".into(), json!(true));
            }
            _ => {}
        }
        if location == "query"
            && let Some(v @ Value::Bool(_)) = p.get("allowEmptyValue")
        {
            out.insert("allowEmptyValue".into(), v.clone());
        }

        // The value's shape: `schema`, or the schema of `content`'s one media type.
        let schema_and_at = if let Some(schema) = p.get("schema") {
            Some((schema, at.child("schema")))
        } else if let Some(Value::Object(content)) = p.get("content") {
            content.iter().next().and_then(|(media, m)| {
                let schema = m.get("schema")?;
                Some((schema, at.child("content").child(media).child("schema")))
            })
        } else {
            None
        };
        if p.contains_key("content") {
            self.note(&at.child("content"), format!("parameter `{name}` is described by `content`; its schema was flattened and the media type dropped"));
        }
        let flat = match schema_and_at {
            Some((schema, ref schema_at)) => self.flatten(schema, schema_at, false),
            None => {
                self.note(
                    at,
                    format!("parameter `{name}` has no schema; it is a string in Swagger 2.0"),
                );
                let mut m = Map::new();
                m.insert("type".into(), json!("string"));
                m
            }
        };
        let is_array = flat.get("type").and_then(Value::as_str) == Some("array");
        if !out.contains_key("description")
            && let Some(d) = schema_and_at
                .as_ref()
                .and_then(|(s, _)| s.get("description"))
                .filter(|d| d.is_string())
        {
            out.insert("description".into(), d.clone());
        }
        for (k, v) in flat {
            out.entry(k).or_insert(v);
        }
        if let Some(format) = self.collection_format(p, location, is_array, name, at) {
            out.insert("collectionFormat".into(), json!(format));
        }
        if let Some(example) = p.get("example") {
            out.insert("x-example".into(), example.clone());
        } else if let Some(example) = self.first_example(p.get("examples"), &at.child("examples")) {
            out.insert("x-example".into(), example);
        }
        if p.get("deprecated") == Some(&Value::Bool(true)) {
            self.note(at, format!("a Swagger 2.0 parameter cannot be deprecated; `deprecated` on `{name}` dropped: consider `x-ms-visibility: internal`"));
        }
        for key in ["allowReserved"] {
            if p.get(key) == Some(&Value::Bool(true)) {
                self.note(
                    &at.child(key),
                    format!("`{key}` has no Swagger 2.0 equivalent; dropped"),
                );
            }
        }
        copy_extensions(p, &mut out);
        Some(Value::Object(out))
    }

    /// `style`/`explode` → `collectionFormat` for arrays.
    fn collection_format(
        &mut self,
        p: &Map<String, Value>,
        location: &str,
        is_array: bool,
        name: &str,
        at: &Pointer,
    ) -> Option<&'static str> {
        let default_style = if location == "query" || location == "cookie" {
            "form"
        } else {
            "simple"
        };
        let style = p
            .get("style")
            .and_then(Value::as_str)
            .unwrap_or(default_style);
        let explode = p
            .get("explode")
            .and_then(Value::as_bool)
            .unwrap_or(style == "form");
        if !is_array {
            if style != default_style {
                self.note(&at.child("style"), format!("style `{style}` of parameter `{name}` has no Swagger 2.0 equivalent; the value is sent as a plain {location} value"));
            }
            return None;
        }
        let format = match (style, explode) {
            ("form", true) => Some("multi"),
            ("form", false) | ("simple", _) => Some("csv"),
            ("spaceDelimited", false) => Some("ssv"),
            ("pipeDelimited", false) => Some("pipes"),
            _ => None,
        };
        if format.is_none() {
            let exploded = if explode { " with `explode: true`" } else { "" };
            self.note(
                &at.child("style"),
                format!("style `{style}`{exploded} of array parameter `{name}` has no Swagger 2.0 collection format; `csv` was written: check how the API expects the values"),
            );
            return Some("csv");
        }
        format
    }

    fn first_example(&mut self, examples: Option<&'a Value>, at: &Pointer) -> Option<Value> {
        let examples = examples?.as_object()?;
        let (name, first) = examples.iter().next()?;
        if examples.len() > 1 {
            self.note(
                at,
                format!("Swagger 2.0 keeps one example; `{name}` is kept and the others dropped"),
            );
        }
        let (example, _) = self.follow(first, &at.child(name))?;
        if example.get("externalValue").is_some() && example.get("value").is_none() {
            self.note(
                &at.child(name),
                "an `externalValue` example is never fetched; dropped",
            );
        }
        example.get("value").cloned()
    }

    /// A 3.0 schema → the fields of a Swagger 2.0 non-body parameter, header or items object
    /// (`type`, `format`, `items`, `enum`, `default`, limits). `allow_file`: a binary string
    /// becomes `type: file` (form fields only).
    fn flatten(&mut self, schema: &'a Value, at: &Pointer, allow_file: bool) -> Map<String, Value> {
        let mut out = Map::new();
        if self.inlining.len() > MAX_INLINE_DEPTH {
            self.note(
                at,
                "schema references nest too deeply to flatten; the value is a string",
            );
            out.insert("type".into(), json!("string"));
            return out;
        }
        let Some((target, target_at)) = self.follow(schema, at) else {
            out.insert("type".into(), json!("string"));
            return out;
        };
        let Some(s) = target.as_object() else {
            out.insert("type".into(), json!("string"));
            return out;
        };
        let declared = s.get("type").and_then(Value::as_str);
        let kind = match declared {
            Some(t @ ("string" | "number" | "integer" | "boolean" | "array")) => t,
            Some("object") => {
                self.note(&target_at, "an object value has no Swagger 2.0 form outside a body; it is a string here: send it as JSON text");
                "string"
            }
            _ => {
                let inferred = if s.contains_key("items") {
                    "array"
                } else {
                    match s
                        .get("enum")
                        .and_then(|e| e.as_array())
                        .and_then(|e| e.first())
                        .or(s.get("default"))
                    {
                        Some(Value::Number(n)) if n.is_i64() || n.is_u64() => "integer",
                        Some(Value::Number(_)) => "number",
                        Some(Value::Bool(_)) => "boolean",
                        _ => "string",
                    }
                };
                let why = if s.contains_key("oneOf") || s.contains_key("anyOf") {
                    "`oneOf`/`anyOf` outside a body has no Swagger 2.0 form"
                } else {
                    "the schema has no `type`"
                };
                self.note(
                    &target_at,
                    format!("{why}; the value is typed `{inferred}`"),
                );
                inferred
            }
        };
        let is_binary = matches!(s.get("format").and_then(Value::as_str), Some("binary"));
        if allow_file && kind == "string" && is_binary {
            out.insert("type".into(), json!("file"));
        } else {
            out.insert("type".into(), json!(kind));
            for key in FLAT_COPIED {
                if let Some(v) = s.get(key).filter(|v| well_typed(key, v)) {
                    out.insert(key.into(), v.clone());
                }
            }
        }
        if let Some(Value::Array(values)) = s.get("enum")
            && !values.is_empty()
        {
            out.insert("enum".into(), Value::Array(values.clone()));
        }
        if kind == "array" {
            let items = match s.get("items") {
                Some(items) => {
                    let reference = items.get("$ref").and_then(Value::as_str).map(str::to_owned);
                    if let Some(r) = &reference {
                        self.inlining.push(r.clone());
                    }
                    let flat = self.flatten(items, &target_at.child("items"), false);
                    if reference.is_some() {
                        self.inlining.pop();
                    }
                    flat
                }
                None => {
                    self.note(
                        &target_at,
                        "an array without `items`; its items are strings in Swagger 2.0",
                    );
                    let mut m = Map::new();
                    m.insert("type".into(), json!("string"));
                    m
                }
            };
            let mut items = items;
            if items.get("type").and_then(Value::as_str) == Some("array")
                && !items.contains_key("collectionFormat")
            {
                items.insert("collectionFormat".into(), json!("csv"));
            }
            out.insert("items".into(), Value::Object(items));
        }
        if s.get("nullable") == Some(&Value::Bool(true)) {
            out.insert("x-nullable".into(), json!(true));
        }
        if let Some(example) = s.get("example") {
            out.insert("x-example".into(), example.clone());
        }
        copy_extensions(s, &mut out);
        out
    }

    // -----------------------------------------------------------------------------------------
    // Request bodies
    // -----------------------------------------------------------------------------------------

    /// `requestBody` → a `body` parameter or `formData` parameters, and the `consumes` list.
    fn request_body(&mut self, body: &'a Value, at: &Pointer) -> (Vec<Value>, Vec<String>) {
        let Some((body, body_at)) = self.follow(body, at) else {
            return (Vec::new(), Vec::new());
        };
        let Some(b) = body.as_object() else {
            self.note(&body_at, "`requestBody` is not an object; dropped");
            return (Vec::new(), Vec::new());
        };
        let content_at = body_at.child("content");
        let Some(content) = b
            .get("content")
            .and_then(Value::as_object)
            .filter(|c| !c.is_empty())
        else {
            self.note(
                &body_at,
                "`requestBody` has no `content`; no body parameter was written",
            );
            return (Vec::new(), Vec::new());
        };
        let media_types: Vec<&String> = content.keys().collect();
        let chosen = media_types
            .iter()
            .find(|m| is_json_media(m))
            .or_else(|| media_types.iter().find(|m| is_form_media(m)))
            .or_else(|| media_types.first())
            .map(|m| (*m).clone())
            .unwrap_or_default();
        let form = is_form_media(&chosen);
        let mut consumes = vec![chosen.clone()];
        if form {
            // Both form encodings carry the same formData parameters.
            for m in &media_types {
                if is_form_media(m) && **m != chosen {
                    consumes.push((*m).clone());
                }
            }
        }
        let dropped: Vec<String> = media_types
            .iter()
            .filter(|m| !consumes.contains(m))
            .map(|m| (*m).clone())
            .collect();
        if !dropped.is_empty() {
            self.note(
                &content_at,
                format!(
                    "Swagger 2.0 has one request body shape per operation: `{chosen}` is kept and {} dropped",
                    quoted_list(&dropped)
                ),
            );
        }
        let media_at = content_at.child(&chosen);
        let media = content.get(&chosen).and_then(Value::as_object);
        let required = b.get("required") == Some(&Value::Bool(true));
        let params = if form {
            self.form_parameters(media, &media_at, required)
        } else {
            let mut param = Map::new();
            let name = b
                .get("x-codegen-request-body-name")
                .and_then(Value::as_str)
                .unwrap_or("body");
            param.insert("name".into(), json!(name));
            param.insert("in".into(), json!("body"));
            if let Some(d) = b.get("description").filter(|d| d.is_string()) {
                param.insert("description".into(), d.clone());
            }
            if required {
                param.insert("required".into(), json!(true));
            }
            let schema = match media.and_then(|m| m.get("schema")) {
                Some(schema) => self.schema(schema, &media_at.child("schema")),
                None if !is_json_media(&chosen) => json!({ "type": "string", "format": "binary" }),
                None => json!({}),
            };
            param.insert("schema".into(), schema);
            if let Some(media) = media {
                if let Some(example) = media.get("example") {
                    param.insert("x-example".into(), example.clone());
                } else if let Some(example) =
                    self.first_example(media.get("examples"), &media_at.child("examples"))
                {
                    param.insert("x-example".into(), example);
                }
                if media.contains_key("encoding") {
                    self.note(
                        &media_at.child("encoding"),
                        "`encoding` has no Swagger 2.0 equivalent; dropped",
                    );
                }
            }
            copy_extensions(b, &mut param);
            vec![Value::Object(param)]
        };
        (params, consumes)
    }

    /// A form body's object schema → one `formData` parameter per property.
    fn form_parameters(
        &mut self,
        media: Option<&'a Map<String, Value>>,
        at: &Pointer,
        body_required: bool,
    ) -> Vec<Value> {
        let Some(schema) = media.and_then(|m| m.get("schema")) else {
            self.note(
                at,
                "the form body has no schema; no form parameter was written",
            );
            return Vec::new();
        };
        if media.is_some_and(|m| m.contains_key("encoding")) {
            self.note(&at.child("encoding"), "`encoding` has no Swagger 2.0 equivalent; each form field is sent with its default encoding");
        }
        let mut properties: Vec<(&'a String, &'a Value, Pointer)> = Vec::new();
        let mut required: Vec<&'a str> = Vec::new();
        self.collect_properties(
            schema,
            &at.child("schema"),
            &mut properties,
            &mut required,
            0,
        );
        if properties.is_empty() {
            self.note(
                &at.child("schema"),
                "the form body's schema has no `properties`; no form parameter was written",
            );
        }
        let mut out = Vec::new();
        for (name, property, p_at) in properties {
            let mut param = Map::new();
            param.insert("name".into(), json!(name));
            param.insert("in".into(), json!("formData"));
            let target = self.lookup_quiet(property);
            if let Some(d) = target
                .and_then(|t| t.get("description"))
                .filter(|d| d.is_string())
            {
                param.insert("description".into(), d.clone());
            }
            if body_required && required.contains(&name.as_str()) {
                param.insert("required".into(), json!(true));
            }
            let flat = self.flatten(property, &p_at, true);
            let is_array = flat.get("type").and_then(Value::as_str) == Some("array");
            for (k, v) in flat {
                param.entry(k).or_insert(v);
            }
            if is_array {
                param.insert("collectionFormat".into(), json!("multi"));
            }
            out.push(Value::Object(param));
        }
        out
    }

    /// Properties of an object schema, through `$ref` and `allOf`.
    fn collect_properties(
        &mut self,
        schema: &'a Value,
        at: &Pointer,
        properties: &mut Vec<(&'a String, &'a Value, Pointer)>,
        required: &mut Vec<&'a str>,
        depth: usize,
    ) {
        if depth > MAX_INLINE_DEPTH {
            return;
        }
        let Some((target, target_at)) = self.follow(schema, at) else {
            return;
        };
        if let Some(Value::Object(props)) = target.get("properties") {
            for (name, property) in props {
                if !properties.iter().any(|(n, _, _)| *n == name) {
                    properties.push((name, property, target_at.child("properties").child(name)));
                }
            }
        }
        if let Some(Value::Array(names)) = target.get("required") {
            required.extend(names.iter().filter_map(Value::as_str));
        }
        if let Some(Value::Array(parts)) = target.get("allOf") {
            for (i, part) in parts.iter().enumerate() {
                self.collect_properties(
                    part,
                    &target_at.child("allOf").child_index(i),
                    properties,
                    required,
                    depth + 1,
                );
            }
        }
    }

    // -----------------------------------------------------------------------------------------
    // Responses
    // -----------------------------------------------------------------------------------------

    fn responses(
        &mut self,
        responses: &'a Value,
        at: &Pointer,
        produces: &mut Vec<String>,
    ) -> Value {
        let Some(responses) = responses.as_object() else {
            self.note(
                at,
                "`responses` is not an object; a `default` response was written",
            );
            return json!({ "default": { "description": "Response" } });
        };
        let mut out = Map::new();
        for (code, response) in responses {
            let r_at = at.child(code);
            if is_extension(code) {
                out.insert(code.clone(), response.clone());
                continue;
            }
            let key = match normalise_status(code) {
                Some(key) if key == *code => key,
                Some(key) => {
                    if responses.contains_key(&key) || out.contains_key(&key) {
                        self.note(&r_at, format!("status range `{code}` has no Swagger 2.0 form and `{key}` already exists; dropped"));
                        continue;
                    }
                    self.note(&r_at, format!("status range `{code}` has no Swagger 2.0 form; it is written as `{key}`"));
                    key
                }
                None => {
                    self.note(&r_at, format!("`{code}` is not a status code; dropped"));
                    continue;
                }
            };
            if let Some(reference) = response.get("$ref").and_then(Value::as_str)
                && let Some(name) = reference.strip_prefix("#/components/responses/")
                && let (Some(target), Some(name)) =
                    (self.lookup(reference), unescape(&percent_decode(name)))
                && self.kept_responses.iter().any(|k| *k == name)
            {
                collect_media_types(target, produces);
                let mut target_ptr = Pointer::root().child("responses");
                target_ptr.push(&name);
                out.insert(key, json!({ "$ref": format!("#{}", target_ptr.as_str()) }));
                continue;
            }
            let Some((target, target_at)) = self.follow(response, &r_at) else {
                out.insert(key, json!({ "description": "Response" }));
                continue;
            };
            out.insert(key, self.response_object(target, &target_at, produces));
        }
        if out.keys().all(|k| is_extension(k)) {
            out.insert("default".into(), json!({ "description": "Response" }));
        }
        Value::Object(out)
    }

    fn response_object(
        &mut self,
        response: &'a Value,
        at: &Pointer,
        produces: &mut Vec<String>,
    ) -> Value {
        let Some(r) = response.as_object() else {
            self.note(
                at,
                "the response is not an object; an empty one was written",
            );
            return json!({ "description": "Response" });
        };
        let mut out = Map::new();
        let description = r.get("description").and_then(Value::as_str).unwrap_or("");
        out.insert("description".into(), json!(description));
        if let Some(Value::Object(content)) = r.get("content") {
            let content_at = at.child("content");
            let media_types: Vec<&String> = content.keys().collect();
            for m in &media_types {
                if !produces.contains(m) {
                    produces.push((*m).clone());
                }
            }
            let with_schema = |m: &&&String| {
                content
                    .get(m.as_str())
                    .is_some_and(|v| v.get("schema").is_some())
            };
            let chosen = media_types
                .iter()
                .filter(with_schema)
                .find(|m| is_json_media(m))
                .or_else(|| media_types.iter().find(with_schema))
                .map(|m| (*m).clone());
            if let Some(chosen) = chosen {
                let schema_at = content_at.child(&chosen).child("schema");
                if let Some(schema) = content.get(&chosen).and_then(|m| m.get("schema")) {
                    out.insert("schema".into(), self.schema(schema, &schema_at));
                }
                let others: Vec<String> = media_types
                    .iter()
                    .filter(|m| ***m != chosen)
                    .filter(|m| {
                        content.get(m.as_str()).and_then(|v| v.get("schema"))
                            != content.get(&chosen).and_then(|v| v.get("schema"))
                    })
                    .filter(with_schema)
                    .map(|m| (*m).clone())
                    .collect();
                if !others.is_empty() {
                    self.note(
                        &content_at,
                        format!(
                            "Swagger 2.0 has one response schema: the schema of `{chosen}` is kept and those of {} dropped",
                            quoted_list(&others)
                        ),
                    );
                }
            }
            let mut examples = Map::new();
            for (media, m) in content {
                let m_at = content_at.child(media);
                let example = match m.get("example") {
                    Some(e) => Some(e.clone()),
                    None => self.first_example(m.get("examples"), &m_at.child("examples")),
                };
                if let Some(e) = example {
                    examples.insert(media.clone(), e);
                }
                if m.get("encoding").is_some() {
                    self.note(
                        &m_at.child("encoding"),
                        "`encoding` has no Swagger 2.0 equivalent; dropped",
                    );
                }
            }
            insert_unless_empty(&mut out, "examples", examples);
        }
        if let Some(headers) = r.get("headers") {
            let converted = self.members(headers, &at.child("headers"), |this, _, header, h_at| {
                this.header(header, h_at)
            });
            insert_unless_empty(&mut out, "headers", converted);
        }
        if r.get("links")
            .and_then(Value::as_object)
            .is_some_and(|l| !l.is_empty())
        {
            self.note(
                &at.child("links"),
                "links have no Swagger 2.0 equivalent; dropped",
            );
        }
        copy_extensions(r, &mut out);
        Value::Object(out)
    }

    fn header(&mut self, header: &'a Value, at: &Pointer) -> Option<Value> {
        let (h, h_at) = self.follow(header, at)?;
        let h = h.as_object()?;
        let mut out = Map::new();
        if let Some(d) = h.get("description").filter(|d| d.is_string()) {
            out.insert("description".into(), d.clone());
        }
        let flat = match h.get("schema") {
            Some(schema) => self.flatten(schema, &h_at.child("schema"), false),
            None => {
                let mut m = Map::new();
                m.insert("type".into(), json!("string"));
                m
            }
        };
        let is_array = flat.get("type").and_then(Value::as_str) == Some("array");
        for (k, v) in flat {
            if k != "x-example" {
                out.entry(k).or_insert(v);
            }
        }
        if is_array {
            out.insert("collectionFormat".into(), json!("csv"));
        }
        copy_extensions(h, &mut out);
        Some(Value::Object(out))
    }

    // -----------------------------------------------------------------------------------------
    // Schemas
    // -----------------------------------------------------------------------------------------

    fn schema(&mut self, schema: &'a Value, at: &Pointer) -> Value {
        let Some(s) = schema.as_object() else {
            if schema != &Value::Bool(true) {
                self.note(
                    at,
                    "the schema is not an object; it is written as `{}` (any value)",
                );
            }
            return json!({});
        };
        if let Some(reference) = s.get("$ref") {
            return self.schema_reference(reference, at);
        }
        let mut out = Map::new();
        for (key, value) in s {
            let key_at = at.child(key);
            match key.as_str() {
                k if SCHEMA_COPIED.contains(&k) || k == "required" || k == "enum" => {
                    if well_typed(k, value) {
                        out.insert(key.clone(), value.clone());
                    } else if !(matches!(k, "required" | "enum") && value.as_array().is_some_and(Vec::is_empty)) {
                        self.note(&key_at, format!("`{k}` has a value Swagger 2.0 does not accept here; dropped"));
                    }
                }
                "example" => {
                    out.insert(key.clone(), value.clone());
                }
                "items" => {
                    out.insert(key.clone(), self.schema(value, &key_at));
                }
                "additionalProperties" => {
                    let converted = match value {
                        Value::Bool(b) => Value::Bool(*b),
                        other => self.schema(other, &key_at),
                    };
                    out.insert(key.clone(), converted);
                }
                "properties" => {
                    if let Some(props) = value.as_object() {
                        let mut converted = Map::new();
                        for (name, property) in props {
                            converted.insert(name.clone(), self.schema(property, &key_at.child(name)));
                        }
                        out.insert(key.clone(), Value::Object(converted));
                    }
                }
                "allOf" => {
                    if let Some(parts) = value.as_array() {
                        let converted: Vec<Value> = parts
                            .iter()
                            .enumerate()
                            .map(|(i, part)| self.schema(part, &key_at.child_index(i)))
                            .collect();
                        if !converted.is_empty() {
                            out.insert(key.clone(), Value::Array(converted));
                        }
                    }
                }
                "oneOf" | "anyOf" => {}
                "not" => self.note(&key_at, "`not` has no Swagger 2.0 equivalent; dropped (the schema accepts more than before)"),
                "nullable" => {
                    if value == &Value::Bool(true) {
                        out.insert("x-nullable".into(), json!(true));
                    }
                }
                "discriminator" => {
                    if let Some(property) = value.get("propertyName").and_then(Value::as_str) {
                        out.insert("discriminator".into(), json!(property));
                    }
                    if value.get("mapping").is_some() {
                        self.note(&key_at.child("mapping"), "a discriminator `mapping` has no Swagger 2.0 equivalent; dropped: Swagger 2.0 matches values to definition names");
                    }
                }
                "writeOnly" => {
                    if value == &Value::Bool(true) {
                        self.note(&key_at, "`writeOnly` has no Swagger 2.0 equivalent; dropped: the property also appears in responses");
                    }
                }
                "deprecated" => {
                    if value == &Value::Bool(true) {
                        self.note(&key_at, "a Swagger 2.0 schema cannot be deprecated; `deprecated` dropped: consider `x-ms-visibility: internal`");
                    }
                }
                k if is_extension(k) => {
                    out.insert(key.clone(), value.clone());
                }
                other => self.note(&key_at, format!("`{other}` is not a Swagger 2.0 schema keyword; dropped")),
            }
        }
        for keyword in ["oneOf", "anyOf"] {
            let Some(alternatives) = s.get(keyword).and_then(Value::as_array) else {
                continue;
            };
            let Some(first) = alternatives.first() else {
                continue;
            };
            let key_at = at.child(keyword);
            self.note(
                &key_at,
                format!(
                    "`{keyword}` has no Swagger 2.0 equivalent: only its first alternative is kept ({} dropped); describe the others in the description or use a dynamic schema",
                    alternatives.len() - 1
                ),
            );
            let converted = self.schema(first, &key_at.child_index(0));
            match converted {
                Value::Object(map) if !map.contains_key("$ref") => {
                    for (k, v) in map {
                        out.entry(k).or_insert(v);
                    }
                }
                other => {
                    let all_of = out.entry("allOf").or_insert_with(|| json!([]));
                    if let Value::Array(parts) = all_of {
                        parts.push(other);
                    }
                }
            }
        }
        if let Some(property) = out
            .get("discriminator")
            .and_then(Value::as_str)
            .map(str::to_owned)
        {
            // Swagger 2.0: the discriminator property must be defined here and required.
            let defined = out
                .get("properties")
                .and_then(Value::as_object)
                .is_some_and(|p| p.contains_key(&property));
            if !defined {
                self.note(&at.child("discriminator"), format!("discriminator `{property}` is not a property of this schema, which Swagger 2.0 requires; dropped"));
                out.remove("discriminator");
            } else {
                let required = out.entry("required").or_insert_with(|| json!([]));
                if let Value::Array(names) = required
                    && !names.iter().any(|n| n.as_str() == Some(&property))
                {
                    names.push(json!(property));
                    self.note(&at.child("discriminator"), format!("Swagger 2.0 requires the discriminator `{property}` to be required; it was added to `required`"));
                }
            }
        }
        Value::Object(out)
    }

    /// A schema `$ref`: components become definitions; any other local target is inlined.
    fn schema_reference(&mut self, reference: &'a Value, at: &Pointer) -> Value {
        let Some(reference) = reference.as_str() else {
            self.note(
                at,
                "`$ref` is not a string; the schema is written as `{}` (any value)",
            );
            return json!({});
        };
        if !reference.starts_with('#') {
            self.note(
                at,
                format!("`$ref` `{reference}` points outside this document and is never fetched; the schema is written as `{{}}` (any value): bundle the document into one file first"),
            );
            return json!({});
        }
        let Some(target) = self.lookup(reference) else {
            self.note(at, format!("`$ref` `{reference}` points to nothing in this document; the schema is written as `{{}}` (any value)"));
            return json!({});
        };
        if let Some(rest) = reference.strip_prefix("#/components/schemas/") {
            return json!({ "$ref": format!("#/definitions/{rest}") });
        }
        if self.inlining.iter().any(|r| r == reference) || self.inlining.len() >= MAX_INLINE_DEPTH {
            self.note(at, format!("`$ref` `{reference}` refers back into itself and cannot be inlined; the schema is written as `{{}}` (any value): move it to `components.schemas`"));
            return json!({});
        }
        self.note(at, format!("`$ref` `{reference}` does not point into `components.schemas`; its target was copied here"));
        self.inlining.push(reference.to_owned());
        let target_at = ref_pointer(reference);
        let converted = self.schema(target, &target_at);
        self.inlining.pop();
        converted
    }

    // -----------------------------------------------------------------------------------------
    // Security
    // -----------------------------------------------------------------------------------------

    fn security_scheme(&mut self, scheme: &'a Value, at: &Pointer) -> Option<Value> {
        let s = scheme.as_object()?;
        let kind = s.get("type").and_then(Value::as_str).unwrap_or("");
        let mut out = Map::new();
        match kind {
            "apiKey" => {
                let location = s.get("in").and_then(Value::as_str).unwrap_or("");
                if location == "cookie" {
                    self.note(at, "an API key sent in a cookie has no Swagger 2.0 equivalent; the scheme and its uses are dropped");
                    return None;
                }
                let name = s.get("name").and_then(Value::as_str);
                let (Some(name), "query" | "header") = (name, location) else {
                    self.note(at, "the API key scheme needs a `name` and `in: query` or `in: header`; the scheme and its uses are dropped");
                    return None;
                };
                out.insert("type".into(), json!("apiKey"));
                out.insert("name".into(), json!(name));
                out.insert("in".into(), json!(location));
            }
            "http" => {
                let http_scheme = s
                    .get("scheme")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_ascii_lowercase();
                match http_scheme.as_str() {
                    "basic" => {
                        out.insert("type".into(), json!("basic"));
                    }
                    "bearer" => {
                        self.note(at, "HTTP bearer authentication has no Swagger 2.0 equivalent; it is an API key in the `Authorization` header, so the user types `Bearer ` before the token (or a policy adds it)");
                        out.insert("type".into(), json!("apiKey"));
                        out.insert("name".into(), json!("Authorization"));
                        out.insert("in".into(), json!("header"));
                    }
                    other => {
                        self.note(at, format!("HTTP `{other}` authentication has no Swagger 2.0 equivalent; the scheme and its uses are dropped"));
                        return None;
                    }
                }
            }
            "oauth2" => {
                let flows = s.get("flows").and_then(Value::as_object);
                let order = [
                    ("authorizationCode", "accessCode"),
                    ("implicit", "implicit"),
                    ("password", "password"),
                    ("clientCredentials", "application"),
                ];
                let Some((flow_name, flow, swagger_flow)) =
                    order.iter().find_map(|(name, swagger_name)| {
                        flows
                            .and_then(|f| f.get(*name))
                            .map(|f| (*name, f, *swagger_name))
                    })
                else {
                    self.note(at, "the OAuth 2.0 scheme has no flow Swagger 2.0 knows; the scheme and its uses are dropped");
                    return None;
                };
                let others: Vec<String> = flows
                    .map(|f| {
                        f.keys()
                            .filter(|k| *k != flow_name && !is_extension(k))
                            .cloned()
                            .collect()
                    })
                    .unwrap_or_default();
                if !others.is_empty() {
                    self.note(
                        &at.child("flows"),
                        format!("a Swagger 2.0 OAuth scheme has one flow: `{flow_name}` is kept and {} dropped", quoted_list(&others)),
                    );
                }
                out.insert("type".into(), json!("oauth2"));
                out.insert("flow".into(), json!(swagger_flow));
                let mut urls = vec![];
                if matches!(swagger_flow, "accessCode" | "implicit") {
                    urls.push("authorizationUrl");
                }
                if matches!(swagger_flow, "accessCode" | "password" | "application") {
                    urls.push("tokenUrl");
                }
                for url in urls {
                    let Some(value) = flow.get(url).and_then(Value::as_str) else {
                        self.note(&at.child("flows").child(flow_name), format!("the `{flow_name}` flow has no `{url}`; the scheme and its uses are dropped"));
                        return None;
                    };
                    out.insert(url.into(), json!(value));
                }
                let mut scopes = Map::new();
                if let Some(Value::Object(declared)) = flow.get("scopes") {
                    for (scope, description) in declared {
                        let text = description.as_str().unwrap_or("");
                        scopes.insert(scope.clone(), json!(text));
                    }
                }
                out.insert("scopes".into(), Value::Object(scopes));
                if flow.get("refreshUrl").is_some() {
                    self.note(&at.child("flows").child(flow_name).child("refreshUrl"), "`refreshUrl` has no Swagger 2.0 equivalent; dropped: set the refresh URL in apiProperties.json");
                }
            }
            "openIdConnect" => {
                self.note(at, "OpenID Connect has no Swagger 2.0 equivalent; the scheme and its uses are dropped: configure it as OAuth 2.0 with the provider's endpoints");
                return None;
            }
            other => {
                self.note(at, format!("security scheme type `{other}` is unknown; the scheme and its uses are dropped"));
                return None;
            }
        }
        if let Some(d) = s.get("description").filter(|d| d.is_string()) {
            out.insert("description".into(), d.clone());
        }
        copy_extensions(s, &mut out);
        Some(Value::Object(out))
    }

    /// A `security` list with the requirements on dropped schemes removed. `None` when nothing
    /// is left of a list that had requirements (an empty list would mean "no authentication").
    fn security_requirements(&mut self, security: &'a Value, at: &Pointer) -> Option<Value> {
        let Some(list) = security.as_array() else {
            self.note(at, "`security` is not an array; dropped");
            return None;
        };
        if list.is_empty() {
            return Some(json!([]));
        }
        let mut out = Vec::new();
        for (i, requirement) in list.iter().enumerate() {
            let Some(requirement) = requirement.as_object() else {
                continue;
            };
            let mut kept = Map::new();
            for (name, scopes) in requirement {
                if self.dropped_schemes.contains(name) {
                    self.note(
                        &at.child_index(i).child(name),
                        format!("security scheme `{name}` was dropped, so this requirement is too"),
                    );
                } else {
                    let names: Vec<Value> = scopes
                        .as_array()
                        .map(|a| a.iter().filter(|s| s.is_string()).cloned().collect())
                        .unwrap_or_default();
                    if scopes.as_array().is_none_or(|a| a.len() != names.len()) {
                        self.note(
                            &at.child_index(i).child(name),
                            "scopes must be a list of names; the others were dropped",
                        );
                    }
                    kept.insert(name.clone(), Value::Array(names));
                }
            }
            if !kept.is_empty() || requirement.is_empty() {
                out.push(Value::Object(kept));
            }
        }
        if out.is_empty() {
            None
        } else {
            Some(Value::Array(out))
        }
    }
}

/// Puts a converted section in the Swagger document under `key`, unless nothing was kept.
fn insert_unless_empty(out: &mut Map<String, Value>, key: &str, section: Map<String, Value>) {
    if !section.is_empty() {
        out.insert(key.into(), Value::Object(section));
    }
}

/// The Swagger 2.0 key of a response: a status code, `default`, or `2XX` → `200`.
fn normalise_status(code: &str) -> Option<String> {
    let bytes = code.as_bytes();
    if code == "default" || (bytes.len() == 3 && bytes.iter().all(u8::is_ascii_digit)) {
        return Some(code.to_owned());
    }
    if bytes.len() == 3
        && (b'1'..=b'5').contains(&bytes[0])
        && bytes[1..].eq_ignore_ascii_case(b"XX")
    {
        return Some(format!("{}00", char::from(bytes[0])));
    }
    None
}

fn collect_media_types(response: &Value, produces: &mut Vec<String>) {
    if let Some(Value::Object(content)) = response.get("content") {
        for media in content.keys() {
            if !produces.contains(media) {
                produces.push(media.clone());
            }
        }
    }
}

/// `%XX` escapes in a URI fragment (`#/components/schemas/My%20Type`).
fn percent_decode(segment: &str) -> String {
    if !segment.contains('%') {
        return segment.to_owned();
    }
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(b) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| segment.to_owned())
}

fn split_authority(rest: &str) -> (&str, &str) {
    match rest.find(['/', '?', '#']) {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    }
}

/// The source pointer a local reference (`#/…`, maybe percent-encoded) designates.
fn ref_pointer(reference: &str) -> Pointer {
    let fragment = reference.trim_start_matches('#');
    let fragment = fragment.strip_prefix('/').unwrap_or(fragment);
    if fragment.is_empty() {
        return Pointer::root();
    }
    Pointer::from_segments(fragment.split('/').map(|raw| {
        let decoded = percent_decode(raw);
        unescape(&decoded).map_or_else(|| decoded.clone(), std::borrow::Cow::into_owned)
    }))
}

/// Removes every `$ref` member of the output that is not a string naming something in
/// `#/definitions/`, `#/parameters/` or `#/responses/` of the output.
fn remove_stray_refs(
    value: &mut Value,
    output: &Value,
    at: &mut Pointer,
    depth: usize,
    removed: &mut Vec<String>,
) {
    if depth > 256 {
        return;
    }
    match value {
        Value::Object(map) => {
            if let Some(reference) = map.get("$ref") {
                let resolves = reference.as_str().is_some_and(|r| {
                    ["#/definitions/", "#/parameters/", "#/responses/"]
                        .iter()
                        .any(|prefix| r.starts_with(prefix))
                        && output.pointer(&percent_decode(&r[1..])).is_some()
                });
                if !resolves {
                    map.remove("$ref");
                    removed.push(at.child("$ref").as_str().to_owned());
                }
            }
            for (key, child) in map.iter_mut() {
                let mut child_at = at.child(key);
                remove_stray_refs(child, output, &mut child_at, depth + 1, removed);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter_mut().enumerate() {
                let mut child_at = at.child_index(i);
                remove_stray_refs(child, output, &mut child_at, depth + 1, removed);
            }
        }
        _ => {}
    }
}
