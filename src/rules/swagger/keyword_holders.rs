//! Where the keywords that Schema Objects and Parameter Objects share (`format`, `enum`,
//! `x-ms-enum-values`, `collectionFormat`, …) are read, for SW105, SW107 and SW109: every Schema
//! Object, then every Parameter Object and the `items` chain of a parameter, each at its own
//! position and each once (a `#/parameters/X` entry is visited there, not at every use).

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

/// Where a holder is: three rules visit the holders of every schema, and need the pointers of
/// only the few they report, so none is built up front.
#[derive(Clone, Debug)]
enum Place<'v, 'a> {
    Schema(&'v Schema<'a>),
    Parameter(&'v Pointer),
    /// The `items` `depth` levels below a parameter.
    Items {
        parameter: &'v Pointer,
        depth: usize,
    },
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

impl<'v, 'a> Holder<'v, 'a> {
    /// A Schema Object (the caller skips those with `$ref`: their other members are ignored by
    /// the platform, and SW092 reports them).
    pub(super) fn schema(schema: &'v Schema<'a>) -> Self {
        Holder {
            place: Place::Schema(schema),
            node: schema.node,
            kind: HolderKind::Schema,
            location: None,
        }
    }

    /// The holder's pointer.
    pub(super) fn pointer(&self) -> Cow<'_, Pointer> {
        match &self.place {
            Place::Schema(schema) => Cow::Owned(schema.pointer()),
            Place::Parameter(pointer) => Cow::Borrowed(pointer),
            Place::Items { parameter, depth } => {
                let mut pointer = (*parameter).clone();
                for _ in 0..*depth {
                    pointer.push("items");
                }
                Cow::Owned(pointer)
            }
        }
    }
}

/// The holders that follow the Schema Objects: every Parameter Object followed by its `items`
/// chain. Objects with a `$ref` are skipped: their other members are ignored by the platform
/// (SW092 reports them). Yielded one by one: the rules that read holders walk every Schema
/// Object of the view themselves (with [`Holder::schema`]), and a list of every holder built
/// for each of them was most of their time.
pub(super) fn parameter_holders<'v, 'a>(
    view: &'v Swagger<'a>,
) -> impl Iterator<Item = Holder<'v, 'a>> {
    view.parameter_objects().iter().flat_map(|(pointer, node)| {
        let location = node.get("in").and_then(Node::as_str);
        let parameter = Holder {
            place: Place::Parameter(pointer),
            node,
            kind: HolderKind::Parameter,
            location,
        };
        // The parser bounds nesting, so the chain is short.
        let first = if location == Some("body") {
            None
        } else {
            node.get("items")
        };
        let chain = std::iter::successors(first, |items| items.get("items"))
            .take_while(|items| items.is_object() && items.get("$ref").is_none())
            .enumerate()
            .map(move |(index, items)| Holder {
                place: Place::Items {
                    parameter: pointer,
                    depth: index + 1,
                },
                node: items,
                kind: HolderKind::Items,
                location,
            });
        std::iter::once(parameter).chain(chain)
    })
}

/// The last member named each of `keys` (as `Node::get` finds it), read in one pass over the
/// node's members, and whether the node has a `$ref` member.
pub(super) fn pick<'a, const N: usize>(
    node: &'a Node,
    keys: [&str; N],
) -> ([Option<&'a Node>; N], bool) {
    let mut found = [None; N];
    let mut reference = false;
    for member in node.members() {
        if member.key == "$ref" {
            reference = true;
            continue;
        }
        for (slot, key) in found.iter_mut().zip(keys) {
            if member.key == key {
                *slot = Some(&member.value);
            }
        }
    }
    (found, reference)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    #[test]
    fn parameters_are_followed_by_their_items_chain() {
        let root = parse(
            r##"{"swagger": "2.0",
                "parameters": {"Ids": {"name": "ids", "in": "query", "type": "array",
                    "items": {"type": "array", "items": {"type": "string", "items": {"$ref": "#/x"}}}}},
                "paths": {"/a": {"post": {"parameters": [
                    {"name": "b", "in": "body", "schema": {"type": "object"}, "items": {"type": "string"}}],
                    "responses": {"200": {"description": "ok"}}}}}}"##,
        )
        .unwrap();
        let view = Swagger::build(&root);
        let found: Vec<(String, HolderKind, Option<&str>)> = parameter_holders(&view)
            .map(|h| (h.pointer().as_str().to_owned(), h.kind, h.location))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "/parameters/Ids".to_owned(),
                    HolderKind::Parameter,
                    Some("query")
                ),
                (
                    "/parameters/Ids/items".to_owned(),
                    HolderKind::Items,
                    Some("query")
                ),
                (
                    "/parameters/Ids/items/items".to_owned(),
                    HolderKind::Items,
                    Some("query")
                ),
                (
                    "/paths/~1a/post/parameters/0".to_owned(),
                    HolderKind::Parameter,
                    Some("body")
                ),
            ]
        );
        let ([kind, missing], reference) = pick(&root, ["swagger", "nothing"]);
        assert_eq!(kind.and_then(Node::as_str), Some("2.0"));
        assert!(missing.is_none() && !reference);
    }
}
