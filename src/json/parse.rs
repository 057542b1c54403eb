//! Encoding check, the parser, duplicate-key detection and [`Document`].
//!
//! The parser is iterative (an explicit stack of open containers), so a
//! deeply nested input costs heap, not call stack, and stops at
//! [`MAX_DEPTH`].

use foldhash::{HashMap, HashMapExt};
use std::collections::hash_map::Entry;
use std::fmt;

use super::{Int, LineIndex, Member, Node, Number, Pointer, Str, TextRange, Value};

/// Deepest nesting of arrays and objects that parses: the 129th nested
/// container is an error.
///
/// This is the one place where validity differs from `serde_json`, whose
/// recursion limit already rejects the 128th nested container: a document
/// nested exactly 128 levels deep parses here but not with `serde_json`.
pub const MAX_DEPTH: usize = 128;

// ---------------------------------------------------------------------------
// Encoding
// ---------------------------------------------------------------------------

/// The text of a file that is valid UTF-8.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decoded<'a> {
    /// The text, without the UTF-8 byte order mark.
    pub text: &'a str,
    /// Whether the file started with a UTF-8 byte order mark (EF BB BF).
    pub had_bom: bool,
}

/// Why a file is not UTF-8 text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EncodingError {
    /// UTF-16, detected by its byte order mark or by NUL bytes alternating
    /// with ASCII at the start.
    Utf16 { big_endian: bool },
    /// UTF-32, detected by its byte order mark or by three NUL bytes next to
    /// an ASCII one at the start.
    Utf32 { big_endian: bool },
    /// Not valid UTF-8; `offset` is the first bad byte in the text after the
    /// BOM, if any.
    InvalidUtf8 { offset: usize, likely_latin1: bool },
}

impl fmt::Display for EncodingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let endian = |big: bool| if big { "big-endian" } else { "little-endian" };
        match *self {
            EncodingError::Utf16 { big_endian } => write!(
                f,
                "the file is UTF-16 ({}); save it as UTF-8 without a BOM",
                endian(big_endian)
            ),
            EncodingError::Utf32 { big_endian } => write!(
                f,
                "the file is UTF-32 ({}); save it as UTF-8 without a BOM",
                endian(big_endian)
            ),
            EncodingError::InvalidUtf8 {
                offset,
                likely_latin1: true,
            } => write!(
                f,
                "invalid UTF-8 at byte {offset} (it looks like Latin-1/Windows-1252); save the file as UTF-8"
            ),
            EncodingError::InvalidUtf8 {
                offset,
                likely_latin1: false,
            } => write!(f, "invalid UTF-8 at byte {offset}; save the file as UTF-8"),
        }
    }
}

impl std::error::Error for EncodingError {}

/// Checks that `bytes` are UTF-8 and strips a UTF-8 byte order mark.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, EncodingError> {
    if let Some(wide) = detect_wide(bytes) {
        return Err(wide);
    }
    let (rest, had_bom) = match bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        Some(rest) => (rest, true),
        None => (bytes, false),
    };
    match std::str::from_utf8(rest) {
        Ok(text) => Ok(Decoded { text, had_bom }),
        Err(e) => Err(EncodingError::InvalidUtf8 {
            offset: e.valid_up_to(),
            likely_latin1: looks_like_latin1(rest),
        }),
    }
}

/// UTF-16 or UTF-32 text (by BOM or by its zero bytes): what [`decode`] reports before it
/// checks UTF-8, for callers that validate UTF-8 themselves.
pub fn detect_wide(b: &[u8]) -> Option<EncodingError> {
    use EncodingError::{Utf16, Utf32};
    match *b {
        [0, 0, 0xFE, 0xFF, ..] => Some(Utf32 { big_endian: true }),
        [0xFF, 0xFE, 0, 0, ..] => Some(Utf32 { big_endian: false }),
        [0xFE, 0xFF, ..] => Some(Utf16 { big_endian: true }),
        [0xFF, 0xFE, ..] => Some(Utf16 { big_endian: false }),
        // Without a BOM: a JSON text starts with ASCII, so NUL bytes in the
        // first four show the width and byte order (RFC 4627 §3). Valid
        // UTF-8 JSON never contains a NUL byte, so this cannot misfire.
        [0, 0, 0, x, ..] if x != 0 => Some(Utf32 { big_endian: true }),
        [x, 0, 0, 0, ..] if x != 0 => Some(Utf32 { big_endian: false }),
        [0, x, 0, y, ..] if x != 0 && y != 0 => Some(Utf16 { big_endian: true }),
        [x, 0, y, 0, ..] if x != 0 && y != 0 => Some(Utf16 { big_endian: false }),
        [0, x] if x != 0 => Some(Utf16 { big_endian: true }),
        [x, 0] if x != 0 => Some(Utf16 { big_endian: false }),
        _ => None,
    }
}

/// Invalid UTF-8 looks like Latin-1/Windows-1252 when the file contains no
/// valid multi-byte UTF-8 sequence at all (only ASCII and stray high bytes).
fn looks_like_latin1(bytes: &[u8]) -> bool {
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => return s.is_ascii(),
            Err(e) => {
                let good = e.valid_up_to();
                if !rest[..good].is_ascii() {
                    return false;
                }
                let bad = e.error_len().unwrap_or(rest.len() - good);
                rest = rest.get(good + bad..).unwrap_or_default();
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Parser
// ---------------------------------------------------------------------------

/// A syntax error: `offset` is the byte offset of the offending character or
/// token in the text; `message` is lowercase with no trailing period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub offset: u32,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ParseError {}

/// Parses `text` (already decoded, without BOM) as one JSON value.
pub fn parse(text: &str) -> Result<Node, ParseError> {
    parse_noting_duplicates(text).map(|(node, _)| node)
}

/// Parses like [`parse`], and says whether some object may repeat a key: each object's keys
/// are compared when it closes, while they are at hand, so a document without repeats (nearly
/// all) needs no second walk through [`find_duplicate_keys`]. `true` can be a false alarm
/// (two keys of a large object with the same hash), never a miss.
pub fn parse_noting_duplicates(text: &str) -> Result<(Node, bool), ParseError> {
    if u32::try_from(text.len()).is_err() {
        return Err(ParseError {
            offset: 0,
            message: "the file is too large to parse (4 GiB or more)".to_owned(),
        });
    }
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        maybe_duplicates: false,
        key_hashes: foldhash::HashSet::default(),
    };
    let node = parser.parse_document()?;
    Ok((node, parser.maybe_duplicates))
}

/// Whether an object's members may repeat a key (see [`parse_noting_duplicates`]).
fn may_repeat_a_key(members: &[Member], hashes: &mut foldhash::HashSet<u64>) -> bool {
    if members.len() <= 16 {
        return members
            .iter()
            .enumerate()
            .skip(1)
            .any(|(j, m)| members[..j].iter().any(|p| p.key == m.key));
    }
    use std::hash::BuildHasher;
    let state = foldhash::fast::FixedState::default();
    hashes.clear();
    !members
        .iter()
        .all(|m| hashes.insert(state.hash_one(m.key.as_str())))
}

fn tr(start: usize, end: usize) -> TextRange {
    TextRange::new(start as u32, end as u32)
}

/// An open container. Its elements so far sit at the top of the parser's scratch stacks, from
/// `from` on, and move into a vector of exactly their number when it closes: most objects of a
/// swagger have one to three members, and growing a vector per object both over-allocates and
/// copies.
enum Frame {
    Array {
        start: usize,
        from: usize,
    },
    Object {
        start: usize,
        from: usize,
        key: Str,
        key_range: TextRange,
    },
}

/// Where a value is expected, for error messages.
#[derive(Clone, Copy)]
enum Ctx {
    TopLevel,
    /// Inside the container opened at this offset.
    Inside(usize),
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// Some object may repeat a key.
    maybe_duplicates: bool,
    /// Scratch for [`may_repeat_a_key`].
    key_hashes: foldhash::HashSet<u64>,
}

impl Parser<'_> {
    fn parse_document(&mut self) -> Result<Node, ParseError> {
        self.skip_ws();
        if self.pos == self.bytes.len() {
            return Err(self.err(0, "empty file: expected a JSON value"));
        }
        let mut stack: Vec<Frame> = Vec::new();
        let mut items: Vec<Node> = Vec::new();
        let mut members: Vec<Member> = Vec::new();
        'value: loop {
            // A value starts here (whitespace already skipped).
            let start = self.pos;
            let mut node = match self.peek() {
                Some(b'[') => {
                    if stack.len() >= MAX_DEPTH {
                        return Err(self.depth_error(start));
                    }
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                        Node {
                            range: tr(start, self.pos),
                            value: Value::Array(Vec::new()),
                        }
                    } else {
                        stack.push(Frame::Array {
                            start,
                            from: items.len(),
                        });
                        continue 'value;
                    }
                }
                Some(b'{') => {
                    if stack.len() >= MAX_DEPTH {
                        return Err(self.depth_error(start));
                    }
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(b'}') {
                        self.pos += 1;
                        Node {
                            range: tr(start, self.pos),
                            value: Value::Object(Vec::new()),
                        }
                    } else {
                        let (key, key_range) = self.parse_key(start, false)?;
                        stack.push(Frame::Object {
                            start,
                            from: members.len(),
                            key,
                            key_range,
                        });
                        continue 'value;
                    }
                }
                _ => {
                    let ctx = match stack.last() {
                        None => Ctx::TopLevel,
                        Some(Frame::Array { start, .. } | Frame::Object { start, .. }) => {
                            Ctx::Inside(*start)
                        }
                    };
                    let value = self.parse_scalar(ctx)?;
                    Node {
                        range: tr(start, self.pos),
                        value,
                    }
                }
            };
            // A value is complete: attach it to the enclosing container,
            // closing containers as long as their closing bracket follows.
            loop {
                let Some(frame) = stack.last_mut() else {
                    self.skip_ws();
                    if self.pos < self.bytes.len() {
                        return Err(self.unexpected(
                            self.pos,
                            "expected the end of the file after the JSON value",
                        ));
                    }
                    return Ok(node);
                };
                match frame {
                    Frame::Array { start, from } => {
                        items.push(node);
                        self.skip_ws();
                        match self.peek() {
                            Some(b',') => {
                                let comma = self.pos;
                                self.pos += 1;
                                self.skip_ws();
                                if self.peek() == Some(b']') {
                                    return Err(self.err(comma, "trailing comma before `]`"));
                                }
                                continue 'value;
                            }
                            Some(b']') => {
                                self.pos += 1;
                                node = Node {
                                    range: tr(*start, self.pos),
                                    value: Value::Array(items.drain(*from..).collect()),
                                };
                            }
                            _ => {
                                return Err(self.after_element_error(*start, true));
                            }
                        }
                    }
                    Frame::Object {
                        start,
                        from,
                        key,
                        key_range,
                    } => {
                        members.push(Member {
                            key: std::mem::take(key),
                            key_range: *key_range,
                            value: node,
                        });
                        self.skip_ws();
                        match self.peek() {
                            Some(b',') => {
                                let comma = self.pos;
                                self.pos += 1;
                                self.skip_ws();
                                if self.peek() == Some(b'}') {
                                    return Err(self.err(comma, "trailing comma before `}`"));
                                }
                                let (k, kr) = self.parse_key(*start, true)?;
                                *key = k;
                                *key_range = kr;
                                continue 'value;
                            }
                            Some(b'}') => {
                                self.pos += 1;
                                if !self.maybe_duplicates
                                    && may_repeat_a_key(&members[*from..], &mut self.key_hashes)
                                {
                                    self.maybe_duplicates = true;
                                }
                                node = Node {
                                    range: tr(*start, self.pos),
                                    value: Value::Object(members.drain(*from..).collect()),
                                };
                            }
                            _ => {
                                return Err(self.after_element_error(*start, false));
                            }
                        }
                    }
                }
                stack.pop();
            }
        }
    }

    // -- small helpers ------------------------------------------------------

    fn err(&self, offset: usize, message: impl Into<String>) -> ParseError {
        ParseError {
            offset: offset as u32,
            message: message.into(),
        }
    }

    #[inline]
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    #[inline]
    fn skip_ws(&mut self) {
        const SPACES: u64 = 0x2020_2020_2020_2020;
        let bytes = self.bytes;
        let mut i = self.pos;
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = bytes.get(i) {
            i += 1;
            // Indentation is runs of spaces: skip them a word at a time (a pretty-printed
            // swagger is a quarter spaces).
            while let Some(chunk) = bytes.get(i..i + 8) {
                let mut word = [0u8; 8];
                word.copy_from_slice(chunk);
                let not_spaces = u64::from_le_bytes(word) ^ SPACES;
                if not_spaces != 0 {
                    i += (not_spaces.trailing_zeros() / 8) as usize;
                    break;
                }
                i += 8;
            }
        }
        self.pos = i;
    }

    fn char_at(&self, pos: usize) -> Option<char> {
        self.text.get(pos..).and_then(|s| s.chars().next())
    }

    /// End of a run of identifier-like bytes starting at `pos`.
    fn word_end(&self, pos: usize) -> usize {
        let rest = self.bytes.get(pos..).unwrap_or_default();
        pos + rest
            .iter()
            .position(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'$' | b'-' | b'.')))
            .unwrap_or(rest.len())
    }

    /// "line L, column C" of an offset (error path only).
    fn describe_position(&self, offset: usize) -> String {
        let before = &self.bytes[..offset.min(self.bytes.len())];
        let line = 1 + memchr::memchr_iter(b'\n', before).count();
        let line_start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
        let col = 1 + self
            .text
            .get(line_start..offset)
            .map_or(0, |s| s.chars().count());
        format!("line {line}, column {col}")
    }

    fn unclosed(&self, open: usize) -> String {
        let kind = if self.bytes.get(open) == Some(&b'[') {
            "array"
        } else {
            "object"
        };
        format!(
            "the {kind} opened at {} is not closed",
            self.describe_position(open)
        )
    }

    fn depth_error(&self, pos: usize) -> ParseError {
        self.err(pos, format!("nesting deeper than {MAX_DEPTH} levels"))
    }

    /// Error for an unexpected character (or end of file) at `pos`, with
    /// specific messages for comments and Unicode whitespace.
    fn unexpected(&self, pos: usize, expected: &str) -> ParseError {
        let Some(c) = self.char_at(pos) else {
            return self.err(pos, format!("unexpected end of file: {expected}"));
        };
        let message = match c {
            '/' if matches!(self.bytes.get(pos + 1), Some(b'/' | b'*')) => {
                "comments are not allowed in JSON".to_owned()
            }
            '#' => format!("{expected}, found `#` (comments are not allowed in JSON)"),
            c if is_foreign_space(c) => format!("{} is not JSON whitespace", space_name(c)),
            c => format!("{expected}, found {}", describe_char(c)),
        };
        self.err(pos, message)
    }

    fn after_element_error(&self, open: usize, array: bool) -> ParseError {
        let (expected, wrong_closer) = if array {
            ("expected `,` or `]` after an array element", b'}')
        } else {
            ("expected `,` or `}` after an object member", b']')
        };
        match self.peek() {
            None => self.err(
                self.pos,
                format!("unexpected end of file: {}", self.unclosed(open)),
            ),
            Some(b) if b == wrong_closer => self.err(
                self.pos,
                format!(
                    "{expected}, found `{}` ({})",
                    b as char,
                    self.unclosed(open)
                ),
            ),
            Some(_) => self.unexpected(self.pos, expected),
        }
    }

    // -- keys -----------------------------------------------------------------

    /// Parses `"key"` `:` and the whitespace after it. `open` is the offset
    /// of the object's `{`.
    fn parse_key(
        &mut self,
        open: usize,
        after_comma: bool,
    ) -> Result<(Str, TextRange), ParseError> {
        let start = self.pos;
        if self.peek() != Some(b'"') {
            return Err(self.key_error(open, after_comma));
        }
        let key = self.parse_string()?;
        let key_range = tr(start, self.pos);
        self.skip_ws();
        match self.peek() {
            Some(b':') => self.pos += 1,
            None => {
                return Err(self.err(
                    self.pos,
                    format!("unexpected end of file: {}", self.unclosed(open)),
                ));
            }
            Some(_) => return Err(self.unexpected(self.pos, "expected `:` after an object key")),
        }
        self.skip_ws();
        Ok((key, key_range))
    }

    fn key_error(&self, open: usize, after_comma: bool) -> ParseError {
        let pos = self.pos;
        let Some(c) = self.char_at(pos) else {
            return self.err(
                pos,
                format!("unexpected end of file: {}", self.unclosed(open)),
            );
        };
        match c {
            '\'' => self.err(
                pos,
                "single-quoted keys are not allowed in JSON; object keys must be double-quoted strings",
            ),
            c if c.is_ascii_alphanumeric() || c == '_' || c == '$' => {
                let word = &self.text[pos..self.word_end(pos)];
                self.err(
                    pos,
                    format!(
                        "unquoted object key `{}`: keys must be double-quoted strings",
                        shorten(word)
                    ),
                )
            }
            c if is_curly_quote(c) => self.err(pos, curly_quote_message(c)),
            _ if after_comma => self.unexpected(pos, "expected a double-quoted object key after `,`"),
            _ => self.unexpected(pos, "expected a double-quoted object key or `}`"),
        }
    }

    // -- scalars --------------------------------------------------------------

    fn parse_scalar(&mut self, ctx: Ctx) -> Result<Value, ParseError> {
        let start = self.pos;
        match self.peek() {
            Some(b'"') => Ok(Value::String(self.parse_string()?)),
            Some(b'-' | b'0'..=b'9') => Ok(Value::Number(self.parse_number()?)),
            Some(b) if b.is_ascii_alphabetic() || b == b'_' || b == b'$' => self.parse_word(),
            None => Err(match ctx {
                Ctx::TopLevel => self.err(start, "unexpected end of file: expected a JSON value"),
                Ctx::Inside(open) => self.err(
                    start,
                    format!("unexpected end of file: {}", self.unclosed(open)),
                ),
            }),
            Some(_) => Err(self.bad_value(start, ctx)),
        }
    }

    fn bad_value(&self, pos: usize, ctx: Ctx) -> ParseError {
        let expected = match ctx {
            Ctx::TopLevel => "expected a JSON value",
            Ctx::Inside(_) => "expected a value",
        };
        match self.char_at(pos) {
            Some('\'') => self.err(
                pos,
                "single-quoted strings are not allowed in JSON; use double quotes",
            ),
            Some(c) if is_curly_quote(c) => self.err(pos, curly_quote_message(c)),
            Some('+') => self.err(pos, "numbers must not start with `+`"),
            Some('.') if self.bytes.get(pos + 1).is_some_and(u8::is_ascii_digit) => self.err(
                pos,
                "numbers must start with a digit (write `0.5`, not `.5`)",
            ),
            _ => self.unexpected(pos, expected),
        }
    }

    /// `true`, `false`, `null`, or a helpful error for other bare words.
    fn parse_word(&mut self) -> Result<Value, ParseError> {
        let start = self.pos;
        let rest = &self.bytes[start..];
        let end = start
            + rest
                .iter()
                .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_' || b == b'$'))
                .unwrap_or(rest.len());
        let word = &self.text[start..end];
        let value = match word {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "null" => Value::Null,
            "NaN" | "nan" | "Infinity" | "infinity" | "inf" => {
                return Err(self.err(
                    start,
                    format!("`{word}` is not a valid JSON number: JSON numbers must be finite"),
                ));
            }
            "True" | "TRUE" => return Err(self.wrong_case(start, word, "true")),
            "False" | "FALSE" => return Err(self.wrong_case(start, word, "false")),
            "Null" | "NULL" | "None" | "nil" => return Err(self.wrong_case(start, word, "null")),
            "undefined" => {
                return Err(self.err(start, "`undefined` is not valid JSON; use `null`"));
            }
            _ => {
                return Err(self.err(
                    start,
                    format!(
                        "unexpected `{}`: strings must be double-quoted",
                        shorten(word)
                    ),
                ));
            }
        };
        self.pos = end;
        Ok(value)
    }

    fn wrong_case(&self, pos: usize, word: &str, right: &str) -> ParseError {
        self.err(pos, format!("`{word}` is not valid JSON; write `{right}`"))
    }

    fn parse_number(&mut self) -> Result<Number, ParseError> {
        let bytes = self.bytes;
        let start = self.pos;
        let mut i = start;
        let negative = bytes[i] == b'-';
        if negative {
            i += 1;
        }
        let int_start = i;
        match bytes.get(i) {
            Some(b'0') => {
                i += 1;
                match bytes.get(i) {
                    Some(b'0'..=b'9') => {
                        return Err(self.err(start, "leading zeros are not allowed in numbers"));
                    }
                    Some(b'x' | b'X') => {
                        return Err(self.err(start, "hexadecimal numbers are not allowed in JSON"));
                    }
                    _ => {}
                }
            }
            Some(b'1'..=b'9') => {
                i += 1;
                while bytes.get(i).is_some_and(u8::is_ascii_digit) {
                    i += 1;
                }
            }
            _ => {
                let word = &self.text[i..self.word_end(i)];
                if matches!(word, "Infinity" | "infinity" | "inf") {
                    return Err(self.err(
                        start,
                        format!(
                            "`-{word}` is not a valid JSON number: JSON numbers must be finite"
                        ),
                    ));
                }
                return Err(self.unexpected(i, "expected a digit after `-`"));
            }
        }
        let int_end = i;
        let mut is_integer = true;
        if bytes.get(i) == Some(&b'.') {
            is_integer = false;
            i += 1;
            if !bytes.get(i).is_some_and(u8::is_ascii_digit) {
                return Err(self.unexpected(i, "expected a digit after the decimal point"));
            }
            while bytes.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
        }
        if matches!(bytes.get(i), Some(b'e' | b'E')) {
            is_integer = false;
            i += 1;
            if matches!(bytes.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            if !bytes.get(i).is_some_and(u8::is_ascii_digit) {
                return Err(self.unexpected(i, "expected a digit in the exponent"));
            }
            while bytes.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
        }
        self.pos = i;

        if is_integer && let Some(u) = parse_u64(&bytes[int_start..int_end]) {
            return Ok(integer_number(negative, u));
        }
        // Fractions, exponents and integers beyond 64 bits. The grammar is
        // already checked; `str::parse` is correctly rounded and linear.
        let value: f64 = self.text[start..i]
            .parse()
            .map_err(|_| self.err(start, "invalid number"))?;
        if !value.is_finite() {
            return Err(self.err(
                start,
                "number out of range: it is not finite as a 64-bit float",
            ));
        }
        Ok(Number::new(value, is_integer, None))
    }

    // -- strings --------------------------------------------------------------

    /// Parses a string starting at the opening quote at `self.pos`.
    fn parse_string(&mut self) -> Result<Str, ParseError> {
        let bytes = self.bytes;
        let open = self.pos;
        let i = open + 1;
        let stop = find_string_special(bytes, i);
        if bytes.get(stop) == Some(&b'"') {
            self.pos = stop + 1;
            return Ok(Str::new(&self.text[i..stop]));
        }
        self.parse_escaped_string(open, stop).map(Str::from)
    }

    /// The rest of [`Parser::parse_string`] once an escape (or an error) is found at `stop`.
    fn parse_escaped_string(&mut self, open: usize, stop: usize) -> Result<String, ParseError> {
        let bytes = self.bytes;
        let mut i = open + 1;
        // Slow path: escapes (or an error).
        let mut out = String::with_capacity(stop - i + 16);
        out.push_str(&self.text[i..stop]);
        i = stop;
        loop {
            match bytes.get(i) {
                Some(b'"') => {
                    self.pos = i + 1;
                    return Ok(out);
                }
                Some(b'\\') => i = self.parse_escape(open, i, &mut out)?,
                Some(&c) => return Err(self.control_char_error(i, c)),
                None => return Err(self.err(open, "unexpected end of file inside a string")),
            }
            let stop = find_string_special(bytes, i);
            out.push_str(&self.text[i..stop]);
            i = stop;
        }
    }

    fn control_char_error(&self, pos: usize, c: u8) -> ParseError {
        let hint = match c {
            b'\n' | b'\r' => " (is a closing `\"` missing?)",
            _ => "",
        };
        self.err(
            pos,
            format!("control character U+{c:04X} must be escaped in a string{hint}"),
        )
    }

    /// Decodes the escape whose backslash is at `i`; returns the offset
    /// after it.
    fn parse_escape(&self, open: usize, i: usize, out: &mut String) -> Result<usize, ParseError> {
        let c = match self.bytes.get(i + 1) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => return self.parse_unicode_escape(open, i, out),
            Some(_) => return Err(self.invalid_escape(i)),
            None => return Err(self.err(open, "unexpected end of file inside a string")),
        };
        out.push(c);
        Ok(i + 2)
    }

    /// The four hex digits of the `\u` escape whose backslash is at `i`.
    fn hex4(&self, i: usize) -> Option<u32> {
        let digits = self.bytes.get(i + 2..i + 6)?;
        digits
            .iter()
            .try_fold(0u32, |acc, &d| Some(acc * 16 + char::from(d).to_digit(16)?))
    }

    fn parse_unicode_escape(
        &self,
        open: usize,
        i: usize,
        out: &mut String,
    ) -> Result<usize, ParseError> {
        let Some(cp) = self.hex4(i) else {
            // Out of input while every digit so far is hex: end of file.
            let avail = self.bytes.get(i + 2..).unwrap_or_default();
            if avail.len() < 4 && avail.iter().all(u8::is_ascii_hexdigit) {
                return Err(self.err(open, "unexpected end of file inside a string"));
            }
            return Err(self.err(
                i,
                "invalid unicode escape: `\\u` must be followed by 4 hex digits",
            ));
        };
        let c = if (0xD800..0xDC00).contains(&cp) {
            let low = if self.bytes.get(i + 6..i + 8) == Some(b"\\u") {
                self.hex4(i + 6)
            } else {
                None
            };
            match low {
                Some(lo) if (0xDC00..0xE000).contains(&lo) => {
                    let c = char::from_u32(0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00));
                    out.push(c.unwrap_or(char::REPLACEMENT_CHARACTER));
                    return Ok(i + 12);
                }
                _ => return Err(self.lone_surrogate(i)),
            }
        } else if (0xDC00..0xE000).contains(&cp) {
            return Err(self.lone_surrogate(i));
        } else {
            char::from_u32(cp).unwrap_or(char::REPLACEMENT_CHARACTER)
        };
        out.push(c);
        Ok(i + 6)
    }

    fn lone_surrogate(&self, i: usize) -> ParseError {
        self.err(
            i,
            format!("lone surrogate `{}` in a string", &self.text[i..i + 6]),
        )
    }

    fn invalid_escape(&self, i: usize) -> ParseError {
        let c = self.char_at(i + 1).unwrap_or(' ');
        let message = match c {
            '\'' => "invalid escape `\\'` in a string (a single quote needs no escape)".to_owned(),
            'x' => "invalid escape `\\x` in a string (use `\\u00XX`)".to_owned(),
            c if c.is_control() || is_foreign_space(c) => {
                format!(
                    "invalid escape: `\\` followed by U+{:04X} in a string",
                    u32::from(c)
                )
            }
            c => format!("invalid escape `\\{c}` in a string"),
        };
        self.err(i, message)
    }
}

/// Index of the first `"`, `\` or control character (< 0x20) at or after
/// `i`, or `bytes.len()`. Scans eight bytes at a time.
#[inline]
fn find_string_special(bytes: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let v = u64::from_le_bytes(word);
        let quote = v ^ (ONES * u64::from(b'"'));
        let backslash = v ^ (ONES * u64::from(b'\\'));
        // Classic "has zero byte" / "has byte less than n" tricks: the
        // lowest flagged byte is always exact.
        let found = (quote.wrapping_sub(ONES) & !quote)
            | (backslash.wrapping_sub(ONES) & !backslash)
            | (v.wrapping_sub(ONES * 0x20) & !v);
        let found = found & HIGHS;
        if found != 0 {
            return i + (found.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while let Some(&b) = bytes.get(i) {
        if b == b'"' || b == b'\\' || b < 0x20 {
            return i;
        }
        i += 1;
    }
    bytes.len()
}

/// The digits of an integer as `u64`, or `None` if it overflows.
#[inline]
fn parse_u64(digits: &[u8]) -> Option<u64> {
    if digits.len() <= 19 {
        // 19 digits always fit.
        Some(
            digits
                .iter()
                .fold(0u64, |acc, &d| acc * 10 + u64::from(d - b'0')),
        )
    } else {
        digits.iter().try_fold(0u64, |acc, &d| {
            acc.checked_mul(10)?.checked_add(u64::from(d - b'0'))
        })
    }
}

fn integer_number(negative: bool, u: u64) -> Number {
    if !negative {
        return Number::new(u as f64, true, Some(Int::U64(u)));
    }
    // `u64 as f64` rounds to nearest, so negating it is correctly rounded.
    let value = -(u as f64);
    let int = if u <= 1 << 63 {
        Some(Int::I64((u as i64).wrapping_neg()))
    } else {
        None
    };
    Number::new(value, true, int)
}

/// Characters that look like whitespace but are not JSON whitespace.
fn is_foreign_space(c: char) -> bool {
    (c.is_whitespace() && !matches!(c, ' ' | '\t' | '\n' | '\r'))
        || matches!(c, '\u{FEFF}' | '\u{200B}' | '\u{2060}')
}

fn space_name(c: char) -> String {
    let name = match c {
        '\u{A0}' => " (no-break space)",
        '\u{FEFF}' => " (byte order mark)",
        '\u{200B}' => " (zero-width space)",
        '\u{B}' => " (vertical tab)",
        '\u{C}' => " (form feed)",
        '\u{2028}' => " (line separator)",
        '\u{2029}' => " (paragraph separator)",
        _ => "",
    };
    format!("U+{:04X}{name}", u32::from(c))
}

fn is_curly_quote(c: char) -> bool {
    matches!(
        c,
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2018}' | '\u{2019}' | '\u{00AB}' | '\u{00BB}'
    )
}

fn curly_quote_message(c: char) -> String {
    format!(
        "typographic quote `{c}` (U+{:04X}) cannot delimit a JSON string; use a straight double quote `\"`",
        u32::from(c)
    )
}

fn describe_char(c: char) -> String {
    if c.is_ascii_graphic() {
        format!("`{c}`")
    } else if c.is_control() {
        format!("control character U+{:04X}", u32::from(c))
    } else {
        format!("`{c}` (U+{:04X})", u32::from(c))
    }
}

/// A bare word for an error message, cut to a readable length.
fn shorten(word: &str) -> String {
    const MAX: usize = 40;
    match word.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}…", &word[..i]),
        None => word.to_owned(),
    }
}

// ---------------------------------------------------------------------------
// Duplicate keys
// ---------------------------------------------------------------------------

/// A key that appears more than once in one object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    /// Pointer to the object holding the key.
    pub pointer: Pointer,
    pub key: String,
    /// Key range (with quotes) of the first occurrence.
    pub first: TextRange,
    /// Key range (with quotes) of this later occurrence.
    pub duplicate: TextRange,
}

enum Seg<'a> {
    Root,
    Key(&'a str),
    Index(usize),
}

/// Every later occurrence of a duplicated key, in document order.
///
/// Iterative; pointers are only built for objects that have duplicates.
pub fn find_duplicate_keys(root: &Node) -> Vec<DuplicateKey> {
    let mut out = Vec::new();
    // Path arena: (parent index, segment); pointers are rebuilt on demand.
    let mut paths: Vec<(usize, Seg<'_>)> = vec![(0, Seg::Root)];
    let mut stack: Vec<(&Node, usize)> = vec![(root, 0)];
    let mut seen: HashMap<&str, TextRange> = HashMap::new();
    while let Some((node, path)) = stack.pop() {
        match &node.value {
            Value::Object(members) => {
                let mut dups: Vec<(&str, TextRange, TextRange)> = Vec::new();
                if members.len() <= 16 {
                    for (j, m) in members.iter().enumerate().skip(1) {
                        if let Some(first) = members[..j].iter().find(|p| p.key == m.key) {
                            dups.push((&m.key, first.key_range, m.key_range));
                        }
                    }
                } else {
                    seen.clear();
                    for m in members {
                        match seen.entry(&m.key) {
                            Entry::Occupied(e) => dups.push((&m.key, *e.get(), m.key_range)),
                            Entry::Vacant(e) => {
                                e.insert(m.key_range);
                            }
                        }
                    }
                }
                if !dups.is_empty() {
                    let pointer = build_pointer(&paths, path);
                    out.extend(
                        dups.into_iter()
                            .map(|(key, first, duplicate)| DuplicateKey {
                                pointer: pointer.clone(),
                                key: key.to_owned(),
                                first,
                                duplicate,
                            }),
                    );
                }
                for m in members.iter().rev() {
                    if has_children(&m.value) {
                        paths.push((path, Seg::Key(&m.key)));
                        stack.push((&m.value, paths.len() - 1));
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate().rev() {
                    if has_children(item) {
                        paths.push((path, Seg::Index(i)));
                        stack.push((item, paths.len() - 1));
                    }
                }
            }
            _ => {}
        }
    }
    out.sort_by_key(|d| d.duplicate.start);
    out
}

fn has_children(node: &Node) -> bool {
    match &node.value {
        Value::Object(m) => !m.is_empty(),
        Value::Array(items) => !items.is_empty(),
        _ => false,
    }
}

fn build_pointer(paths: &[(usize, Seg<'_>)], mut at: usize) -> Pointer {
    let mut segs = Vec::new();
    loop {
        let (parent, seg) = &paths[at];
        match seg {
            Seg::Root => break,
            Seg::Key(k) => segs.push(Seg::Key(k)),
            Seg::Index(i) => segs.push(Seg::Index(*i)),
        }
        at = *parent;
    }
    let mut p = Pointer::root();
    for seg in segs.iter().rev() {
        match seg {
            Seg::Key(k) => p.push(k),
            Seg::Index(i) => p.push_index(*i),
            Seg::Root => {}
        }
    }
    p
}

// ---------------------------------------------------------------------------
// Document
// ---------------------------------------------------------------------------

/// A whole parsed file: text, tree, duplicate keys and line index.
#[derive(Debug, Clone)]
pub struct Document {
    /// The text without BOM; all ranges point into it.
    pub text: String,
    pub had_bom: bool,
    pub root: Node,
    pub duplicates: Vec<DuplicateKey>,
    pub line_index: LineIndex,
}

/// Why a file could not be turned into a [`Document`].
#[derive(Debug, Clone, PartialEq)]
pub enum DocumentError {
    Encoding(EncodingError),
    /// A syntax error; `text` (without BOM) is kept to compute line/column.
    Syntax {
        error: ParseError,
        text: String,
        had_bom: bool,
    },
}

impl DocumentError {
    /// 1-based line and column of a syntax error.
    pub fn line_col(&self) -> Option<(u32, u32)> {
        match self {
            DocumentError::Encoding(_) => None,
            DocumentError::Syntax { error, text, .. } => {
                Some(LineIndex::new(text).line_col(text, error.offset))
            }
        }
    }
}

impl fmt::Display for DocumentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocumentError::Encoding(e) => e.fmt(f),
            DocumentError::Syntax { error, .. } => {
                let (line, col) = self.line_col().unwrap_or((1, 1));
                write!(f, "{} at line {line}, column {col}", error.message)
            }
        }
    }
}

impl std::error::Error for DocumentError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            DocumentError::Encoding(e) => Some(e),
            DocumentError::Syntax { error, .. } => Some(error),
        }
    }
}

impl From<EncodingError> for DocumentError {
    fn from(e: EncodingError) -> Self {
        DocumentError::Encoding(e)
    }
}

impl Document {
    /// Decodes, parses and scans a file's bytes.
    pub fn parse_bytes(bytes: &[u8]) -> Result<Document, DocumentError> {
        let decoded = decode(bytes)?;
        Document::from_text(decoded.text.to_owned(), decoded.had_bom)
    }

    /// Parses already-decoded text (without BOM).
    pub fn from_text(text: String, had_bom: bool) -> Result<Document, DocumentError> {
        match parse(&text) {
            Ok(root) => {
                let duplicates = find_duplicate_keys(&root);
                let line_index = LineIndex::new(&text);
                Ok(Document {
                    text,
                    had_bom,
                    root,
                    duplicates,
                    line_index,
                })
            }
            Err(error) => Err(DocumentError::Syntax {
                error,
                text,
                had_bom,
            }),
        }
    }

    /// 1-based line and column of a byte offset in [`Document::text`].
    pub fn line_col(&self, offset: u32) -> (u32, u32) {
        self.line_index.line_col(&self.text, offset)
    }

    /// The text of a 1-based line, without its line break.
    pub fn line_text(&self, line: u32) -> &str {
        self.line_index.line_text(&self.text, line)
    }

    /// The source text a range covers (empty if out of bounds).
    pub fn slice(&self, range: TextRange) -> &str {
        self.text.get(range.to_range()).unwrap_or_default()
    }
}
