//! Strict, span-preserving JSON front end.
//!
//! [`decode`] checks the encoding (UTF-8, optional BOM) and [`parse`] builds
//! a tree of [`Node`]s that remember their byte ranges in the text, so that
//! findings can point at an exact line and column. What is valid is what
//! `serde_json` accepts (RFC 8259, finite numbers), except that the nesting
//! limit is [`parse::MAX_DEPTH`] = 128 levels where `serde_json` stops at
//! 127; duplicate object keys are kept in order and lookups return the last
//! one, as `serde_json` does.

pub mod line_index;
pub mod parse;
pub mod pointer;
pub mod text;

pub use line_index::LineIndex;
pub use parse::{
    Decoded, Document, DocumentError, DuplicateKey, EncodingError, ParseError, decode,
    find_duplicate_keys, parse, parse_noting_duplicates,
};
pub use pointer::Pointer;
pub use text::Str;

/// Byte range into the parsed text (the text AFTER BOM removal). End exclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct TextRange {
    pub start: u32,
    pub end: u32,
}

impl TextRange {
    pub fn new(start: u32, end: u32) -> Self {
        TextRange { start, end }
    }

    pub fn len(self) -> u32 {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(self) -> bool {
        self.end <= self.start
    }

    /// Whether `offset` lies inside the range (end exclusive).
    pub fn contains(self, offset: u32) -> bool {
        self.start <= offset && offset < self.end
    }

    /// The range as a `usize` range, for slicing the text.
    pub fn to_range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// A JSON value with its byte range.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub range: TextRange,
    pub value: Value,
}

/// A JSON value. Objects keep every member in document order, duplicates
/// included.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number(Number),
    String(Str),
    Array(Vec<Node>),
    Object(Vec<Member>),
}

impl Value {
    /// `"null"`, `"boolean"`, `"number"`, `"string"`, `"array"` or `"object"`.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }
}

/// A JSON number: always finite.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number {
    /// The value, correctly rounded to the nearest `f64`.
    pub value: f64,
    /// Written without a fraction or exponent (`3`, `-12`, also integers too
    /// large for 64 bits).
    pub is_integer: bool,
    /// Which of `exact`'s readings holds (see [`Number::int`]). Kept apart from `exact` rather
    /// than as an `Option<Int>` so a number takes 24 bytes and a tree node 40: a corpus run
    /// builds millions of nodes.
    int_kind: IntKind,
    exact: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum IntKind {
    None,
    U64,
    I64,
}

/// The exact value of an integer literal that fits in 64 bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Int {
    /// A literal without a minus sign.
    U64(u64),
    /// A literal with a minus sign (`-0` is `I64(0)`).
    I64(i64),
}

impl Number {
    /// A number from an `f64` (not written as an integer).
    pub fn from_f64(value: f64) -> Self {
        Number::new(value, false, None)
    }

    /// A number with its value, whether it was written as an integer, and the exact value of an
    /// integer literal that fits in 64 bits.
    pub fn new(value: f64, is_integer: bool, int: Option<Int>) -> Self {
        let (int_kind, exact) = match int {
            None => (IntKind::None, 0),
            Some(Int::U64(u)) => (IntKind::U64, u),
            Some(Int::I64(i)) => (IntKind::I64, i.cast_unsigned()),
        };
        Number {
            value,
            is_integer,
            int_kind,
            exact,
        }
    }

    /// The exact value of an integer that fits in `u64` (non-negative) or `i64` (negative);
    /// `None` for fractions, exponents and huge integers.
    pub fn int(self) -> Option<Int> {
        match self.int_kind {
            IntKind::None => None,
            IntKind::U64 => Some(Int::U64(self.exact)),
            IntKind::I64 => Some(Int::I64(self.exact.cast_signed())),
        }
    }

    /// The exact integer value, if it was written as an integer and fits in `i64`.
    pub fn as_i64(self) -> Option<i64> {
        match self.int()? {
            Int::U64(u) => i64::try_from(u).ok(),
            Int::I64(i) => Some(i),
        }
    }

    /// The exact integer value, if it was written as a non-negative integer
    /// that fits in `u64` (`-0` counts as `0`).
    pub fn as_u64(self) -> Option<u64> {
        match self.int()? {
            Int::U64(u) => Some(u),
            Int::I64(i) => u64::try_from(i).ok(),
        }
    }

    /// Whether the value is a whole number, however it was written
    /// (`3`, `3.0` and `3e0` all are). This is JSON Schema's `integer`.
    pub fn is_whole(self) -> bool {
        self.is_integer || self.value.fract() == 0.0
    }

    /// Converts to `serde_json::Number` exactly as `serde_json` would have
    /// parsed the same literal.
    pub fn to_serde(self) -> serde_json::Number {
        let negative_zero = self.value == 0.0 && self.value.is_sign_negative();
        match self.int() {
            Some(Int::U64(u)) => serde_json::Number::from(u),
            Some(Int::I64(i)) if !negative_zero => serde_json::Number::from(i),
            _ => serde_json::Number::from_f64(self.value)
                .unwrap_or_else(|| serde_json::Number::from(0u64)),
        }
    }
}

/// One object member.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub key: Str,
    /// The key's range, including its quotes.
    pub key_range: TextRange,
    pub value: Node,
}

impl Member {
    /// Range from the start of the key to the end of the value.
    pub fn range(&self) -> TextRange {
        TextRange::new(self.key_range.start, self.value.range.end)
    }
}

impl Node {
    /// The value of the object member named `key` (the LAST one when the key
    /// is duplicated); `None` if there is none or this is not an object.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.member(key).map(|m| &m.value)
    }

    /// The object member named `key` (the LAST one when duplicated).
    pub fn member(&self, key: &str) -> Option<&Member> {
        self.members().iter().rev().find(|m| m.key == key)
    }

    /// Members of an object in document order; empty if not an object.
    pub fn members(&self) -> &[Member] {
        match &self.value {
            Value::Object(m) => m,
            _ => &[],
        }
    }

    /// Items of an array; empty if not an array.
    pub fn items(&self) -> &[Node] {
        match &self.value {
            Value::Array(items) => items,
            _ => &[],
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.value {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        self.as_number().map(|n| n.value)
    }

    pub fn as_number(&self) -> Option<Number> {
        match self.value {
            Value::Number(n) => Some(n),
            _ => None,
        }
    }

    /// The exact value of an integer literal that fits in `i64`.
    pub fn as_i64(&self) -> Option<i64> {
        self.as_number()?.as_i64()
    }

    /// The exact value of a non-negative integer literal that fits in `u64`.
    pub fn as_u64(&self) -> Option<u64> {
        self.as_number()?.as_u64()
    }

    pub fn as_object(&self) -> Option<&[Member]> {
        match &self.value {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn is_object(&self) -> bool {
        matches!(self.value, Value::Object(_))
    }

    pub fn is_array(&self) -> bool {
        matches!(self.value, Value::Array(_))
    }

    pub fn is_null(&self) -> bool {
        matches!(self.value, Value::Null)
    }

    pub fn is_string(&self) -> bool {
        matches!(self.value, Value::String(_))
    }

    pub fn is_number(&self) -> bool {
        matches!(self.value, Value::Number(_))
    }

    pub fn is_bool(&self) -> bool {
        matches!(self.value, Value::Bool(_))
    }

    /// `"null"`, `"boolean"`, `"number"`, `"string"`, `"array"` or `"object"`.
    pub fn kind_name(&self) -> &'static str {
        self.value.kind_name()
    }

    /// RFC 6901 lookup; `""` is this node. Object segments use the LAST
    /// member of that name; array indexes must be canonical decimal numbers
    /// (no leading zeros, no overflow). Returns `None` for a malformed
    /// pointer or a missing target.
    pub fn pointer(&self, ptr: &str) -> Option<&Node> {
        if ptr.is_empty() {
            return Some(self);
        }
        let rest = ptr.strip_prefix('/')?;
        let mut node = self;
        for raw in rest.split('/') {
            let seg = pointer::unescape(raw)?;
            node = match &node.value {
                Value::Object(_) => node.get(&seg)?,
                Value::Array(items) => items.get(pointer::parse_index(&seg)?)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// Converts to a `serde_json::Value` equal to what `serde_json` parses
    /// from the same text (duplicate keys: the last one wins).
    ///
    /// Recursive; the parser guarantees at most [`parse::MAX_DEPTH`] levels.
    pub fn to_serde(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match &self.value {
            Value::Null => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Number(n) => J::Number(n.to_serde()),
            Value::String(s) => J::String(s.to_string()),
            Value::Array(items) => J::Array(items.iter().map(Node::to_serde).collect()),
            Value::Object(members) => {
                let mut map = serde_json::Map::new();
                for m in members {
                    map.insert(m.key.to_string(), m.value.to_serde());
                }
                J::Object(map)
            }
        }
    }
}

// Millions of nodes and members make up a corpus run's trees: keep them small.
const _: () = assert!(std::mem::size_of::<Node>() == 40);
const _: () = assert!(std::mem::size_of::<Member>() == 72);
