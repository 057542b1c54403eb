//! Lets the `jsonschema` crate validate pcpkg's span-preserving tree directly, so SW006 needs no
//! `serde_json::Value` copy of the swagger (building and dropping one cost more than validating).
//!
//! Objects must not repeat a key here (the caller removes earlier duplicates first, so the last
//! value counts, as everywhere else, rules.md §1.6); lookups scan the members, which JSON objects
//! of a swagger keep short.

use std::borrow::Cow;

use jsonschema::json::{Array, Json, JsonNumber, NodeIdentity, Object};
use jsonschema::types::JsonType;
use serde_json::Value as Serde;

use crate::json::{Member, Node, Number, Value};

/// The representation marker: instances are `&Node`.
pub(super) struct SpanJson;

impl Json for SpanJson {
    type Node<'a> = &'a Node;
    type PreparedKey = String;
    type StringBuffer = Option<Node>;

    // A lookup scans the members, so a single pass over them is never worse than lookups.
    const KEYS_PER_LOOKUP: usize = 1 << 16;
    const ACYCLIC: bool = true;

    fn prepare_key(key: &str) -> String {
        key.to_owned()
    }

    fn with_string_node<T>(
        buffer: &mut Option<Node>,
        string: &str,
        f: impl FnOnce(&Node) -> T,
    ) -> T {
        let node = buffer.insert(Node {
            range: crate::json::TextRange::default(),
            value: Value::String(string.into()),
        });
        f(node)
    }
}

impl<'a> jsonschema::json::Node<'a, SpanJson> for &'a Node {
    type Object = &'a [Member];
    type Array = &'a [Node];
    type Number = Number;

    fn as_object(&self) -> Option<&'a [Member]> {
        match &self.value {
            Value::Object(members) => Some(members),
            _ => None,
        }
    }

    fn as_array(&self) -> Option<&'a [Node]> {
        match &self.value {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    fn as_string(&self) -> Option<Cow<'a, str>> {
        match &self.value {
            Value::String(s) => Some(Cow::Borrowed(s)),
            _ => None,
        }
    }

    fn as_number(&self) -> Option<Number> {
        match self.value {
            Value::Number(n) => Some(n),
            _ => None,
        }
    }

    fn as_boolean(&self) -> Option<bool> {
        match self.value {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    fn json_type(&self) -> JsonType {
        match self.value {
            Value::Null => JsonType::Null,
            Value::Bool(_) => JsonType::Boolean,
            Value::Number(_) => JsonType::Number,
            Value::String(_) => JsonType::String,
            Value::Array(_) => JsonType::Array,
            Value::Object(_) => JsonType::Object,
        }
    }

    fn equals_value(&self, expected: &Serde) -> bool {
        equals(self, expected)
    }

    fn to_value(&self) -> Cow<'a, Serde> {
        Cow::Owned(self.to_serde())
    }

    fn identity(&self) -> Option<NodeIdentity> {
        Some(NodeIdentity::new(std::ptr::from_ref::<Node>(self) as usize))
    }
}

/// JSON Schema equality (`const`, `enum`) without building a `serde_json::Value`.
fn equals(node: &Node, expected: &Serde) -> bool {
    match (&node.value, expected) {
        (Value::Null, Serde::Null) => true,
        (Value::Bool(a), Serde::Bool(b)) => a == b,
        (Value::String(a), Serde::String(b)) => a == b,
        (Value::Number(a), Serde::Number(b)) => jsonschema::json::cmp::equal_numbers(a, b),
        (Value::Array(items), Serde::Array(expected)) => {
            items.len() == expected.len() && items.iter().zip(expected).all(|(a, b)| equals(a, b))
        }
        (Value::Object(members), Serde::Object(expected)) => {
            members.len() == expected.len()
                && members.iter().all(|m| {
                    expected
                        .get(m.key.as_str())
                        .is_some_and(|b| equals(&m.value, b))
                })
        }
        _ => false,
    }
}

impl JsonNumber for Number {
    fn as_u64(&self) -> Option<u64> {
        Number::as_u64(*self)
    }

    fn as_i64(&self) -> Option<i64> {
        Number::as_i64(*self)
    }

    fn as_f64(&self) -> Option<f64> {
        Some(self.value)
    }

    fn as_str(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_serde().to_string())
    }

    fn to_number(&self) -> Cow<'_, serde_json::Number> {
        Cow::Owned(self.to_serde())
    }

    fn is_integer(&self) -> bool {
        self.is_whole()
    }

    fn is_written_as_integer(&self) -> bool {
        self.is_integer
    }
}

pub(super) struct Members<'a>(std::slice::Iter<'a, Member>);

impl<'a> Iterator for Members<'a> {
    type Item = (&'a str, &'a Node);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|m| (m.key.as_str(), &m.value))
    }
}

impl<'a> Object<'a, SpanJson> for &'a [Member] {
    type Node = &'a Node;
    type MemberName = &'a str;
    type MembersIter = Members<'a>;

    fn len(&self) -> usize {
        <[Member]>::len(self)
    }

    fn get(&self, key: &String) -> Option<&'a Node> {
        self.iter().rev().find(|m| m.key == *key).map(|m| &m.value)
    }

    fn members(&self) -> Members<'a> {
        Members(self.iter())
    }
}

impl<'a> Array<'a, SpanJson> for &'a [Node] {
    type Node = &'a Node;
    type ElementsIter = std::slice::Iter<'a, Node>;

    fn len(&self) -> usize {
        <[Node]>::len(self)
    }

    fn elements(&self) -> std::slice::Iter<'a, Node> {
        self.iter()
    }
}

/// A copy of `node` whose objects keep only the last member of each name (what JSON parsers
/// and pcpkg's other rules see). Array indexes and kept members do not move, so instance
/// locations found in the copy hold in the original.
pub(super) fn without_duplicates(node: &Node) -> Node {
    let value = match &node.value {
        Value::Array(items) => Value::Array(items.iter().map(without_duplicates).collect()),
        Value::Object(members) => Value::Object(
            members
                .iter()
                .enumerate()
                .filter(|(i, m)| {
                    let later = members.get(i + 1..).unwrap_or_default();
                    !later.iter().any(|l| l.key == m.key)
                })
                .map(|(_, m)| Member {
                    key: m.key.clone(),
                    key_range: m.key_range,
                    value: without_duplicates(&m.value),
                })
                .collect(),
        ),
        other => other.clone(),
    };
    Node {
        range: node.range,
        value,
    }
}
