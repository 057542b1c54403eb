//! Where the keywords that Schema Objects and Parameter Objects share (`format`, `enum`,
//! `x-ms-enum-values`, `collectionFormat`, …) are read, for SW105, SW107 and SW109: every Schema
//! Object, every Parameter Object and the `items` chain of a parameter, each at its own position
//! and each once (a `#/parameters/X` entry is visited there, not at every use).

use std::borrow::Cow;

use crate::json::{Node, Pointer};
use crate::package::swagger::{Schema, Swagger};

/// What kind of object holds the keywords.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum HolderKind {
    Schema,
    Parameter,
    /// An Items Object: a parameter's `items`, or the `items` of an Items Object.
    Items,
}

/// Where a holder is: three rules list the holders of every schema, and need the pointers of
/// only the few they report, so none is built or cloned up front.
#[derive(Clone, Debug)]
enum Place<'v, 'a> {
    Schema(&'v Schema<'a>),
    Pointer(Cow<'v, Pointer>),
}

/// An object whose schema-like keywords a rule reads.
#[derive(Clone, Debug)]
pub(super) struct Holder<'v, 'a> {
    place: Place<'v, 'a>,
    pub(super) node: &'a Node,
    pub(super) kind: HolderKind,
    /// For parameters and their `items`: the parameter's `in`.
    pub(super) location: Option<&'a str>,
}

impl Holder<'_, '_> {
    /// The holder's pointer.
    pub(super) fn pointer(&self) -> Cow<'_, Pointer> {
        match &self.place {
            Place::Schema(schema) => Cow::Owned(schema.pointer()),
            Place::Pointer(pointer) => Cow::Borrowed(pointer.as_ref()),
        }
    }
}

/// Every Schema Object, then every Parameter Object followed by its `items` chain. Objects with
/// a `$ref` are skipped: their other members are ignored by the platform (SW092 reports them).
pub(super) fn holders<'v, 'a>(view: &'v Swagger<'a>) -> Vec<Holder<'v, 'a>> {
    let mut out: Vec<Holder<'v, 'a>> = view
        .schemas()
        .iter()
        .filter(|schema| schema.node.get("$ref").is_none())
        .map(|schema| Holder {
            place: Place::Schema(schema),
            node: schema.node,
            kind: HolderKind::Schema,
            location: None,
        })
        .collect();
    for (pointer, node) in view.parameter_objects() {
        let location = node.get("in").and_then(Node::as_str);
        out.push(Holder {
            place: Place::Pointer(Cow::Borrowed(pointer)),
            node,
            kind: HolderKind::Parameter,
            location,
        });
        if location == Some("body") {
            continue;
        }
        // The parser bounds nesting, so the chain is short.
        let mut pointer = pointer.child("items");
        let mut current = node.get("items");
        while let Some(items) = current.filter(|n| n.is_object() && n.get("$ref").is_none()) {
            out.push(Holder {
                place: Place::Pointer(Cow::Owned(pointer.clone())),
                node: items,
                kind: HolderKind::Items,
                location,
            });
            pointer = pointer.child("items");
            current = items.get("items");
        }
    }
    out
}

/// A key equal for equal JSON values, numbers compared by value (`1` and `1.0` are equal) and
/// objects regardless of member order; used to compare `enum` values in linear time.
pub(super) fn canonical(node: &Node) -> String {
    use crate::json::Value;
    match &node.value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("b:{b}"),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => format!("n:{i}"),
            (None, Some(u)) => format!("n:{u}"),
            // `+ 0.0` turns -0 into 0.
            (None, None) => format!("n:{}", n.value + 0.0),
        },
        Value::String(s) => format!("s:{s:?}"),
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(canonical).collect();
            format!("[{}]", parts.join(","))
        }
        Value::Object(members) => {
            // The last duplicate wins, as everywhere else.
            let map: std::collections::BTreeMap<&str, String> = members
                .iter()
                .map(|m| (m.key.as_str(), canonical(&m.value)))
                .collect();
            let parts: Vec<String> = map.iter().map(|(k, v)| format!("{k:?}:{v}")).collect();
            format!("{{{}}}", parts.join(","))
        }
    }
}

/// A short rendering of a scalar for messages: `` `"a"` ``, `` `3` ``, `` `true` ``, `an object`.
pub(super) fn render(node: &Node) -> String {
    use crate::json::Value;
    match &node.value {
        Value::String(s) => {
            let short: String = s.chars().take(60).collect();
            let ellipsis = if short.len() < s.len() { "…" } else { "" };
            format!("`\"{short}{ellipsis}\"`")
        }
        Value::Number(_) | Value::Bool(_) | Value::Null => {
            format!("`{}`", node.to_serde())
        }
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}
