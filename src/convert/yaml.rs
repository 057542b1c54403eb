//! YAML → the span-preserving JSON tree ([`crate::json::Node`]), with hostile-input bounds.
//!
//! `saphyr-parser` gives us a stream of events with positions; the tree is built here rather
//! than by a YAML crate's own loader for three reasons:
//!
//! - **Alias bombs.** A loader that expands aliases by copying ("billion laughs": ten aliases of
//!   ten aliases of …) turns a 1 KiB file into gigabytes. Here every alias expansion is charged
//!   against [`MAX_ALIAS_NODES`] before the copy is made, so the cost is bounded.
//! - **Depth.** Nesting, including the depth an alias adds where it is used, stops at
//!   [`crate::json::parse::MAX_DEPTH`], the same limit as our JSON parser, and the tree is built
//!   with an explicit stack, so hostile nesting costs heap, not call stack.
//! - **Positions.** Every node and key keeps its byte range in the text, so a conversion note
//!   about a YAML document can name its line and column exactly as it does for JSON.
//!
//! Scalars are resolved with the YAML 1.2 core schema (`yes`/`no`/`on`/`off` stay strings, as
//! OpenAPI authors mean them). Keys that are numbers or booleans (`200:` under `responses`) keep
//! their text. Merge keys (`<<: *base`) are honoured, since OpenAPI documents written by hand use
//! them. `.inf` and `.nan` have no JSON form and are refused with their position.

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use saphyr_parser::{Event, Parser, ScalarStyle, Span, Tag};

use crate::json::parse::MAX_DEPTH;
use crate::json::{Int, Member, Node, Number, TextRange, Value};

/// Nodes that alias expansions may add to a document in total. Real documents that reuse a
/// parameter or schema through anchors stay far below; an alias bomb reaches it within a few
/// milliseconds, before it has allocated much.
pub const MAX_ALIAS_NODES: usize = 1_000_000;

/// Why a YAML text was refused: 1-based line and column (in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// A finished value with what alias expansion needs to know about it.
struct Built {
    node: Node,
    /// Nodes in the subtree, itself included.
    size: usize,
    /// Nesting levels of containers in the subtree (0 for a scalar).
    height: usize,
    /// For a plain or quoted scalar: its text, used when the scalar is a mapping key.
    scalar_text: Option<String>,
    /// A plain `<<` (a merge key when it is a key).
    is_merge_key: bool,
}

enum Frame {
    Sequence {
        anchor: usize,
        start: u32,
        items: Vec<Node>,
        size: usize,
        height: usize,
    },
    Mapping {
        anchor: usize,
        start: u32,
        members: Vec<Member>,
        /// Sources of `<<` merge keys, in order.
        merges: Vec<(Node, TextRange)>,
        /// The key waiting for its value; `None` when the next value is a key.
        key: Option<PendingKey>,
        size: usize,
        height: usize,
    },
}

struct PendingKey {
    text: String,
    range: TextRange,
    merge: bool,
}

/// Character index → byte offset, moving from the last answer (event positions mostly grow, so
/// the total work is about one pass over the text).
struct Offsets<'a> {
    text: &'a str,
    chars: usize,
    bytes: usize,
}

impl Offsets<'_> {
    fn byte(&mut self, char_index: usize) -> u32 {
        while self.chars < char_index {
            match self.text[self.bytes..].chars().next() {
                Some(c) => {
                    self.bytes += c.len_utf8();
                    self.chars += 1;
                }
                None => break,
            }
        }
        while self.chars > char_index {
            match self.text[..self.bytes].chars().next_back() {
                Some(c) => {
                    self.bytes -= c.len_utf8();
                    self.chars -= 1;
                }
                None => break,
            }
        }
        u32::try_from(self.bytes).unwrap_or(u32::MAX)
    }
}

fn error_at(span: &Span, message: impl Into<String>) -> YamlError {
    YamlError {
        line: span.start.line(),
        column: span.start.col() + 1,
        message: message.into(),
    }
}

/// Parses the first and only YAML document of `text` into a JSON tree.
pub fn load(text: &str) -> Result<Node, YamlError> {
    if u32::try_from(text.len()).is_err() {
        return Err(YamlError {
            line: 1,
            column: 1,
            message: "the file is too large to parse (4 GiB or more)".to_owned(),
        });
    }
    let mut offsets = Offsets {
        text,
        chars: 0,
        bytes: 0,
    };
    let mut parser = Parser::new_from_str(text);
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, (Node, usize, usize)> = HashMap::new();
    let mut expanded = 0usize;
    let mut root: Option<Node> = None;
    let mut documents = 0usize;

    while let Some(event) = parser.next_event() {
        let (event, span) = event.map_err(|e| YamlError {
            line: e.marker().line(),
            column: e.marker().col() + 1,
            message: e.info().to_owned(),
        })?;
        let built = match event {
            Event::StreamStart | Event::Nothing | Event::DocumentEnd => continue,
            Event::StreamEnd => break,
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(error_at(
                        &span,
                        "a second YAML document starts here; an OpenAPI file holds one document",
                    ));
                }
                continue;
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(error_at(
                        &span,
                        format!("nesting deeper than {MAX_DEPTH} levels"),
                    ));
                }
                let start = offsets.byte(span.start.index());
                stack.push(if matches!(event, Event::SequenceStart(..)) {
                    Frame::Sequence {
                        anchor,
                        start,
                        items: Vec::new(),
                        size: 1,
                        height: 1,
                    }
                } else {
                    Frame::Mapping {
                        anchor,
                        start,
                        members: Vec::new(),
                        merges: Vec::new(),
                        key: None,
                        size: 1,
                        height: 1,
                    }
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let end = offsets.byte(span.end.index());
                let Some(frame) = stack.pop() else {
                    return Err(error_at(&span, "unbalanced end of a collection"));
                };
                let (anchor, built) = finish(frame, end);
                if anchor != 0 {
                    anchors.insert(anchor, (built.node.clone(), built.size, built.height));
                }
                built
            }
            Event::Scalar(value, style, anchor, tag) => {
                let range = TextRange::new(
                    offsets.byte(span.start.index()),
                    offsets.byte(span.end.index()),
                );
                let resolved = resolve_scalar(&value, style, tag.as_deref())
                    .map_err(|message| error_at(&span, message))?;
                let node = Node {
                    range,
                    value: resolved,
                };
                if anchor != 0 {
                    anchors.insert(anchor, (node.clone(), 1, 0));
                }
                Built {
                    node,
                    size: 1,
                    height: 0,
                    is_merge_key: style == ScalarStyle::Plain && value == "<<",
                    scalar_text: Some(value.into_owned()),
                }
            }
            Event::Alias(id) => {
                let Some((node, size, height)) = anchors.get(&id) else {
                    return Err(error_at(
                        &span,
                        "this alias refers to an anchor that is not defined before it (or to the collection that contains it)",
                    ));
                };
                expanded = expanded.saturating_add(*size);
                if expanded > MAX_ALIAS_NODES {
                    return Err(error_at(
                        &span,
                        format!(
                            "aliases expand to more than {MAX_ALIAS_NODES} values (an alias bomb?); use fewer nested aliases"
                        ),
                    ));
                }
                if stack.len() + height > MAX_DEPTH {
                    return Err(error_at(
                        &span,
                        format!("this alias makes the nesting deeper than {MAX_DEPTH} levels"),
                    ));
                }
                let scalar_text = match &node.value {
                    Value::String(s) => Some(s.to_string()),
                    _ => None,
                };
                Built {
                    node: node.clone(),
                    size: *size,
                    height: *height,
                    scalar_text,
                    is_merge_key: false,
                }
            }
        };
        match stack.last_mut() {
            None => {
                if root.is_some() {
                    return Err(error_at(&span, "more than one value at the top level"));
                }
                root = Some(built.node);
            }
            Some(frame) => add_child(frame, built).map_err(|message| error_at(&span, message))?,
        }
    }
    root.ok_or(YamlError {
        line: 1,
        column: 1,
        message: "the file holds no YAML document".to_owned(),
    })
}

fn add_child(frame: &mut Frame, built: Built) -> Result<(), String> {
    match frame {
        Frame::Sequence {
            items,
            size,
            height,
            ..
        } => {
            *size += built.size;
            *height = (*height).max(built.height + 1);
            items.push(built.node);
        }
        Frame::Mapping {
            members,
            merges,
            key,
            size,
            height,
            ..
        } => match key.take() {
            None => {
                let Some(text) = built.scalar_text else {
                    return Err(format!(
                        "a mapping key here is {}; JSON object keys are strings",
                        article_kind(built.node.kind_name())
                    ));
                };
                *key = Some(PendingKey {
                    text,
                    range: built.node.range,
                    merge: built.is_merge_key,
                });
            }
            Some(pending) if pending.merge => {
                let ok = match &built.node.value {
                    Value::Object(_) => true,
                    Value::Array(items) => items.iter().all(Node::is_object),
                    _ => false,
                };
                if !ok {
                    return Err("a merge key `<<` takes a mapping or a list of mappings".to_owned());
                }
                *size += built.size;
                *height = (*height).max(built.height + 1);
                merges.push((built.node, pending.range));
            }
            Some(pending) => {
                *size += built.size;
                *height = (*height).max(built.height + 1);
                members.push(Member {
                    key: pending.text.into(),
                    key_range: pending.range,
                    value: built.node,
                });
            }
        },
    }
    Ok(())
}

fn article_kind(kind: &str) -> String {
    match kind {
        "array" => "a sequence".to_owned(),
        "object" => "a mapping".to_owned(),
        other => format!("a {other}"),
    }
}

/// Closes a collection: its node, size and height, and its anchor id (0 when none).
fn finish(frame: Frame, end: u32) -> (usize, Built) {
    match frame {
        Frame::Sequence {
            anchor,
            start,
            items,
            size,
            height,
        } => (
            anchor,
            Built {
                node: Node {
                    range: TextRange::new(start, end.max(start)),
                    value: Value::Array(items),
                },
                size,
                height,
                scalar_text: None,
                is_merge_key: false,
            },
        ),
        Frame::Mapping {
            anchor,
            start,
            mut members,
            merges,
            size,
            height,
            ..
        } => {
            if !merges.is_empty() {
                // YAML merge: keys written in the mapping win, then earlier sources over later.
                let mut present: HashSet<String> = HashSet::with_capacity(members.len());
                present.extend(members.iter().map(|m| m.key.to_string()));
                for (source, _) in merges {
                    let sources = match source.value {
                        Value::Object(m) => vec![m],
                        Value::Array(items) => items
                            .into_iter()
                            .filter_map(|n| match n.value {
                                Value::Object(m) => Some(m),
                                _ => None,
                            })
                            .collect(),
                        _ => Vec::new(),
                    };
                    for source in sources {
                        for member in source {
                            if present.insert(member.key.to_string()) {
                                members.push(member);
                            }
                        }
                    }
                }
            }
            (
                anchor,
                Built {
                    node: Node {
                        range: TextRange::new(start, end.max(start)),
                        value: Value::Object(members),
                    },
                    size,
                    height,
                    scalar_text: None,
                    is_merge_key: false,
                },
            )
        }
    }
}

/// The JSON value of a scalar under the YAML 1.2 core schema, or why it has none.
fn resolve_scalar(text: &str, style: ScalarStyle, tag: Option<&Tag>) -> Result<Value, String> {
    let core_tag = tag
        .filter(|t| t.is_yaml_core_schema())
        .map(|t| t.suffix.as_str());
    match core_tag {
        Some("str") => return Ok(Value::String(text.into())),
        Some("null") => return Ok(Value::Null),
        Some("bool") => {
            return bool_of(text)
                .map(Value::Bool)
                .ok_or_else(|| format!("`{text}` is tagged `!!bool` but is not true or false"));
        }
        Some("int") | Some("float") => {
            return number_of(text)?
                .map(Value::Number)
                .ok_or_else(|| format!("`{text}` is tagged as a number but is not one"));
        }
        _ => {}
    }
    if style != ScalarStyle::Plain || tag.is_some() {
        return Ok(Value::String(text.into()));
    }
    if matches!(text, "" | "~" | "null" | "Null" | "NULL") {
        return Ok(Value::Null);
    }
    if let Some(b) = bool_of(text) {
        return Ok(Value::Bool(b));
    }
    Ok(match number_of(text)? {
        Some(n) => Value::Number(n),
        None => Value::String(text.into()),
    })
}

fn bool_of(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// A core-schema number: `Ok(None)` when `text` is not one, `Err` for `.inf`/`.nan`, which are
/// numbers in YAML but have no JSON form.
fn number_of(text: &str) -> Result<Option<Number>, String> {
    let lower = text.to_ascii_lowercase();
    let unsigned = lower.trim_start_matches(['+', '-']);
    if unsigned == ".inf" || lower == ".nan" {
        return Err(format!(
            "`{text}` is an infinite or not-a-number value, which JSON cannot hold; quote it or remove it"
        ));
    }
    if let Some(hex) = text.strip_prefix("0x") {
        return Ok(u64::from_str_radix(hex, 16).ok().map(integer_u64));
    }
    if let Some(oct) = text.strip_prefix("0o") {
        return Ok(u64::from_str_radix(oct, 8).ok().map(integer_u64));
    }
    let bytes = text.as_bytes();
    let digits = bytes
        .strip_prefix(b"-")
        .or(bytes.strip_prefix(b"+"))
        .unwrap_or(bytes);
    if !digits.is_empty() && digits.iter().all(u8::is_ascii_digit) {
        let negative = bytes[0] == b'-';
        let digit_text = std::str::from_utf8(digits).unwrap_or("0");
        let value: f64 = text.parse().unwrap_or(0.0);
        let int = if negative {
            format!("-{digit_text}").parse::<i64>().ok().map(Int::I64)
        } else {
            digit_text.parse::<u64>().ok().map(Int::U64)
        };
        return Ok(Some(Number::new(value, true, int)));
    }
    if is_core_float(digits) {
        return Ok(text
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .map(Number::from_f64));
    }
    Ok(None)
}

fn integer_u64(value: u64) -> Number {
    Number::new(value as f64, true, Some(Int::U64(value)))
}

/// `( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?` (sign already removed).
fn is_core_float(s: &[u8]) -> bool {
    let mut i = 0;
    let int_digits = s.iter().take_while(|b| b.is_ascii_digit()).count();
    i += int_digits;
    let mut frac_digits = 0;
    if s.get(i) == Some(&b'.') {
        i += 1;
        frac_digits = s[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        i += frac_digits;
    }
    if int_digits == 0 && frac_digits == 0 {
        return false;
    }
    if matches!(s.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(s.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exp = s[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        if exp == 0 {
            return false;
        }
        i += exp;
    }
    i == s.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(text: &str) -> serde_json::Value {
        load(text).expect("valid YAML").to_serde()
    }

    #[test]
    fn scalars_follow_the_core_schema() {
        let v = json(
            "a: 1\nb: -2\nc: 1.5\nd: true\ne: ~\nf: yes\ng: '1'\nh: 0x1F\ni: 1e3\nj: 3.0.1\nk: !!str 12\n",
        );
        assert_eq!(
            v,
            serde_json::json!({"a": 1, "b": -2, "c": 1.5, "d": true, "e": null, "f": "yes",
                "g": "1", "h": 31, "i": 1000.0, "j": "3.0.1", "k": "12"})
        );
    }

    #[test]
    fn numeric_keys_keep_their_text() {
        assert_eq!(
            json("200: ok\n1.0: x\ntrue: y\n"),
            serde_json::json!({"200": "ok", "1.0": "x", "true": "y"})
        );
    }

    #[test]
    fn merge_keys_apply_and_written_keys_win() {
        let v = json("base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 3\n");
        assert_eq!(v["use"], serde_json::json!({"y": 3, "x": 1}));
    }

    #[test]
    fn ranges_point_into_the_text() {
        let text = "a:\n  bé: [1, 2]\n  c: x\n";
        let node = load(text).unwrap();
        let c = node.get("a").unwrap().member("c").unwrap();
        assert_eq!(&text[c.key_range.to_range()], "c");
        assert_eq!(&text[c.value.range.to_range()], "x");
    }

    #[test]
    fn infinity_is_refused_with_its_position() {
        let err = load("a:\n  b: .inf\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 6));
    }

    #[test]
    fn two_documents_are_refused() {
        assert!(load("a: 1\n---\nb: 2\n").is_err());
    }

    #[test]
    fn non_scalar_keys_are_refused() {
        assert!(load("? [a, b]\n: 1\n").is_err());
    }
}
