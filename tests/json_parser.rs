//! Tests of the strict, span-preserving JSON parser (`pcpkg::json`).

use std::path::{Path, PathBuf};

use pcpkg::json::parse::MAX_DEPTH;
use pcpkg::json::{
    Document, DocumentError, EncodingError, LineIndex, Node, Pointer, TextRange, Value, decode,
    find_duplicate_keys, parse, parse_noting_duplicates,
};
use proptest::prelude::*;

/// The shared corpus beside the repository (absent on machines without it: those tests skip).
fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus")
}

/// A source text cut to a readable length for failure messages.
fn short(src: &str) -> String {
    match src.char_indices().nth(120) {
        Some((i, _)) => format!("{:?}… ({} bytes)", &src[..i], src.len()),
        None => format!("{src:?}"),
    }
}

fn parse_ok(src: &str) -> Node {
    match parse(src) {
        Ok(node) => node,
        Err(e) => panic!("{} should parse, got {e:?}", short(src)),
    }
}

/// (line, column, message) of the error for `src`.
fn error_at(src: &str) -> (u32, u32, String) {
    let err = match parse(src) {
        Ok(node) => panic!("{} should fail, parsed as {node:?}", short(src)),
        Err(e) => e,
    };
    assert!(
        serde_json::from_str::<serde_json::Value>(src).is_err(),
        "serde_json accepts {} but we reject it: {err:?}",
        short(src)
    );
    assert!(err.offset as usize <= src.len());
    assert!(src.is_char_boundary(err.offset as usize));
    assert!(!err.message.ends_with('.'), "{:?}", err.message);
    let (line, col) = LineIndex::new(src).line_col(src, err.offset);
    (line, col, err.message)
}

fn assert_error(src: &str, line: u32, col: u32, message: &str) {
    let (l, c, m) = error_at(src);
    assert_eq!(
        (l, c, m.as_str()),
        (line, col, message),
        "for {}",
        short(src)
    );
}

fn assert_error_contains(src: &str, line: u32, col: u32, fragment: &str) {
    let (l, c, m) = error_at(src);
    assert_eq!((l, c), (line, col), "for {} ({m})", short(src));
    assert!(
        m.contains(fragment),
        "for {}: {m:?} lacks {fragment:?}",
        short(src)
    );
}

/// Same validity and value as serde_json (which rejects a BOM, so it is
/// stripped for both).
fn assert_same_as_serde(bytes: &[u8]) {
    let stripped = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let theirs = serde_json::from_slice::<serde_json::Value>(stripped);
    let ours = decode(stripped).ok().map(|d| parse(d.text));
    match (theirs, ours) {
        (Ok(theirs), Some(Ok(ours))) => {
            assert_eq!(ours.to_serde(), theirs, "value differs for {bytes:?}");
        }
        (Err(_), None | Some(Err(_))) => {}
        (Ok(_), ours) => panic!(
            "serde_json accepts {:?} but we do not: {ours:?}",
            String::from_utf8_lossy(bytes)
        ),
        (Err(e), Some(Ok(_))) => panic!(
            "serde_json rejects {:?} ({e}) but we accept it",
            String::from_utf8_lossy(bytes)
        ),
    }
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            json_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

// ---------------------------------------------------------------------------
// Valid documents
// ---------------------------------------------------------------------------

const TRICKY_VALID: &[&str] = &[
    "0",
    "-0",
    "-0.0",
    "0e5",
    "5e0",
    "1E+2",
    "1e-2",
    "-1.5E-7",
    "123456789",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775808",
    "-9223372036854775809",
    "-18446744073709551615",
    "-18446744073709551616",
    "123456789012345678901234567890",
    "0.1",
    "0.30000000000000004",
    "2.2250738585072011e-308",
    "4.9e-324",
    "1e-400",
    "1e-99999999999999999999",
    "0e99999999999999999999",
    "1.7976931348623157e308",
    "9007199254740993",
    "3.0",
    "true",
    "false",
    "null",
    "\"\"",
    "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"",
    "\"\\u0000\\u001f\\u00e9\\u20AC\"",
    "\"\\ud83d\\ude00\"",
    "\"\\uD83D\\uDE00 and \\uDBFF\\uDFFF\"",
    "\"caf\u{e9} \u{1F600} \u{7f}\"",
    "\"\u{2028}\u{2029}\"",
    "[]",
    "{}",
    " \t\r\n [ ] \t\r\n ",
    "[1,2,[3,[4,[5]]]]",
    "{\"a\":{\"b\":{\"c\":[{}]}}}",
    "{\"\":0}",
    "{\"a\":1,\"a\":2}",
    "{\"a\":1,\"b\":2,\"a\":{\"x\":3}}",
    "[\"a\\u0022b\",\"x\\\\\\\"y\"]",
    "{\"key with \\\"quotes\\\"\": \"value\"}",
    "[1.5, -2, 3e10, 0.000001, 1e-7]",
];

#[test]
fn tricky_valid_samples_match_serde_json() {
    for src in TRICKY_VALID {
        let node = parse_ok(src);
        let theirs: serde_json::Value = serde_json::from_str(src).unwrap();
        assert_eq!(node.to_serde(), theirs, "for {src:?}");
        // The root covers the value without surrounding whitespace.
        assert_eq!(node.range.to_range(), {
            let start = src.len() - src.trim_start().len();
            start..src.trim_end().len()
        });
    }
}

#[test]
fn integers_keep_their_exact_value() {
    let n = parse_ok("3").as_number().unwrap();
    assert!(n.is_integer);
    assert_eq!(n.as_i64(), Some(3));
    assert_eq!(n.as_u64(), Some(3));
    let n = parse_ok("3.0").as_number().unwrap();
    assert!(!n.is_integer);
    assert!(n.is_whole());
    assert_eq!(n.as_i64(), None);
    assert_eq!(parse_ok("18446744073709551615").as_u64(), Some(u64::MAX));
    assert_eq!(parse_ok("18446744073709551615").as_i64(), None);
    assert_eq!(parse_ok("-9223372036854775808").as_i64(), Some(i64::MIN));
    let big = parse_ok("18446744073709551616").as_number().unwrap();
    assert!(big.is_integer);
    assert_eq!(big.as_u64(), None);
    assert_eq!(big.value, 18446744073709551616.0);
    let z = parse_ok("-0").as_number().unwrap();
    assert!(z.value.is_sign_negative());
    assert_eq!(z.as_i64(), Some(0));
}

#[test]
fn corpus_matches_serde_json() {
    let mut files = Vec::new();
    json_files(&corpus(), &mut files);
    let mut checked = 0;
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let stripped = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        let theirs = serde_json::from_slice::<serde_json::Value>(stripped);
        let ours = Document::parse_bytes(&bytes);
        match (&theirs, &ours) {
            (Ok(theirs), Ok(doc)) => {
                assert_eq!(&doc.root.to_serde(), theirs, "{}", path.display());
            }
            (Err(_), Err(_)) => {}
            _ => panic!(
                "{}: serde_json {:?} vs ours {:?}",
                path.display(),
                theirs.as_ref().err(),
                ours.as_ref().err()
            ),
        }
        checked += 1;
    }
    assert_eq!(checked, files.len());
}

// ---------------------------------------------------------------------------
// Errors and their positions
// ---------------------------------------------------------------------------

#[test]
fn trailing_commas() {
    assert_error("[\n  1,\n  22,\n]", 3, 5, "trailing comma before `]`");
    assert_error(
        "{\n  \"a\": 1,\n  \"b\": 2,\n}",
        3,
        9,
        "trailing comma before `}`",
    );
    assert_error("[1,\r\n\t]", 1, 3, "trailing comma before `]`");
}

#[test]
fn missing_commas() {
    assert_error(
        "{\"a\": 1\n \"b\": 2}",
        2,
        2,
        "expected `,` or `}` after an object member, found `\"`",
    );
    assert_error(
        "[1 2]",
        1,
        4,
        "expected `,` or `]` after an array element, found `2`",
    );
    assert_error("[1,,2]", 1, 4, "expected a value, found `,`");
    assert_error("[,1]", 1, 2, "expected a value, found `,`");
}

#[test]
fn comments() {
    assert_error(
        "{\n  // hi\n  \"a\": 1}",
        2,
        3,
        "comments are not allowed in JSON",
    );
    assert_error("[1, /* x */ 2]", 1, 5, "comments are not allowed in JSON");
    assert_error("{} // end", 1, 4, "comments are not allowed in JSON");
    assert_error("[1 /* x */]", 1, 4, "comments are not allowed in JSON");
    assert_error_contains("{\"a\": 1 # c\n}", 1, 9, "comments are not allowed");
}

#[test]
fn quotes() {
    assert_error(
        "{'a': 1}",
        1,
        2,
        "single-quoted keys are not allowed in JSON; object keys must be double-quoted strings",
    );
    assert_error(
        "[\"a\", 'b']",
        1,
        7,
        "single-quoted strings are not allowed in JSON; use double quotes",
    );
    assert_error(
        "{a: 1}",
        1,
        2,
        "unquoted object key `a`: keys must be double-quoted strings",
    );
    assert_error(
        "{\"a\": 1, title: 2}",
        1,
        10,
        "unquoted object key `title`: keys must be double-quoted strings",
    );
    assert_error(
        "{\"a\": hello}",
        1,
        7,
        "unexpected `hello`: strings must be double-quoted",
    );
    assert_error_contains(
        "{\"a\": \u{201C}x\u{201D}}",
        1,
        7,
        "typographic quote `\u{201C}`",
    );
}

#[test]
fn control_characters_in_strings() {
    assert_error(
        "{\"a\": \"x\ty\"}",
        1,
        9,
        "control character U+0009 must be escaped in a string",
    );
    assert_error_contains("[\"abc\n\"]", 1, 6, "control character U+000A");
    assert_error_contains("[\"a\\\"b\u{1}\"]", 1, 7, "control character U+0001");
    // DEL is fine.
    assert_eq!(parse_ok("\"\u{7f}\"").as_str(), Some("\u{7f}"));
}

#[test]
fn non_json_whitespace() {
    assert_error("{\"a\":\u{2003}1}", 1, 6, "U+2003 is not JSON whitespace");
    assert_error(
        "[1,\u{a0}2]",
        1,
        4,
        "U+00A0 (no-break space) is not JSON whitespace",
    );
    assert_error(
        "\u{feff}{}",
        1,
        1,
        "U+FEFF (byte order mark) is not JSON whitespace",
    );
    assert_error(
        "[1]\n\u{c}",
        2,
        1,
        "U+000C (form feed) is not JSON whitespace",
    );
    // Columns count characters, not bytes.
    assert_error(
        "[\"\u{e9}\u{e9}\",\u{2003}1]",
        1,
        7,
        "U+2003 is not JSON whitespace",
    );
}

#[test]
fn escapes_and_surrogates() {
    assert_error(
        "[\"\\ud800\"]",
        1,
        3,
        "lone surrogate `\\ud800` in a string",
    );
    assert_error(
        "[\"\\uDC00\"]",
        1,
        3,
        "lone surrogate `\\uDC00` in a string",
    );
    assert_error(
        "[\"ab\\ud800\\u0041\"]",
        1,
        5,
        "lone surrogate `\\ud800` in a string",
    );
    assert_error(
        "[\"\\ud800x\"]",
        1,
        3,
        "lone surrogate `\\ud800` in a string",
    );
    assert_error(
        "[\"\\ud800\\ud800\"]",
        1,
        3,
        "lone surrogate `\\ud800` in a string",
    );
    assert_error("[\"a\\qb\"]", 1, 4, "invalid escape `\\q` in a string");
    assert_error_contains("[\"a\\'b\"]", 1, 4, "invalid escape `\\'`");
    assert_error_contains("[\"a\\x41\"]", 1, 4, "invalid escape `\\x`");
    assert_error(
        "[\"\\u12G4\"]",
        1,
        3,
        "invalid unicode escape: `\\u` must be followed by 4 hex digits",
    );
    assert_error("[\"\\u12", 1, 2, "unexpected end of file inside a string");
    assert_error("\"abc\\", 1, 1, "unexpected end of file inside a string");
}

#[test]
fn numbers() {
    let out_of_range = "number out of range: it is not finite as a 64-bit float";
    assert_error("{\"n\": 1e999999}", 1, 7, out_of_range);
    assert_error("[\n -1e999999]", 2, 2, out_of_range);
    assert_error("1.7976931348623159e308", 1, 1, out_of_range);
    assert_error("1e99999999999999999999", 1, 1, out_of_range);
    let huge = format!("[{}]", "9".repeat(200_000));
    let started = std::time::Instant::now();
    assert_error(&huge, 1, 2, out_of_range);
    assert!(started.elapsed().as_secs() < 2, "not linear");
    // A huge integer that is still finite parses, as in serde_json.
    let big = format!("[{}]", "9".repeat(300));
    assert_same_as_serde(big.as_bytes());
    let long_fraction = format!("0.{}1", "0".repeat(100_000));
    assert_same_as_serde(long_fraction.as_bytes());

    assert_error("[01]", 1, 2, "leading zeros are not allowed in numbers");
    assert_error("[-01]", 1, 2, "leading zeros are not allowed in numbers");
    assert_error(
        "[0x1F]",
        1,
        2,
        "hexadecimal numbers are not allowed in JSON",
    );
    assert_error("[+1]", 1, 2, "numbers must not start with `+`");
    assert_error(
        "[.5]",
        1,
        2,
        "numbers must start with a digit (write `0.5`, not `.5`)",
    );
    assert_error(
        "[1.]",
        1,
        4,
        "expected a digit after the decimal point, found `]`",
    );
    assert_error("[1e]", 1, 4, "expected a digit in the exponent, found `]`");
    assert_error("[1e+]", 1, 5, "expected a digit in the exponent, found `]`");
    assert_error("[-]", 1, 3, "expected a digit after `-`, found `]`");
    assert_error(
        "1.",
        1,
        3,
        "unexpected end of file: expected a digit after the decimal point",
    );
    assert_error(
        "[NaN]",
        1,
        2,
        "`NaN` is not a valid JSON number: JSON numbers must be finite",
    );
    assert_error(
        "{\"x\": -Infinity}",
        1,
        7,
        "`-Infinity` is not a valid JSON number: JSON numbers must be finite",
    );
    assert_error(
        "Infinity",
        1,
        1,
        "`Infinity` is not a valid JSON number: JSON numbers must be finite",
    );
}

#[test]
fn literals() {
    assert_error("[True]", 1, 2, "`True` is not valid JSON; write `true`");
    assert_error("[NULL]", 1, 2, "`NULL` is not valid JSON; write `null`");
    assert_error("[None]", 1, 2, "`None` is not valid JSON; write `null`");
    assert_error(
        "[undefined]",
        1,
        2,
        "`undefined` is not valid JSON; use `null`",
    );
    assert_error(
        "truex",
        1,
        1,
        "unexpected `truex`: strings must be double-quoted",
    );
    assert_error(
        "[nul]",
        1,
        2,
        "unexpected `nul`: strings must be double-quoted",
    );
}

#[test]
fn nesting_depth() {
    assert_eq!(MAX_DEPTH, 128);
    let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    parse_ok(&ok);
    let objects_ok = format!("{}1{}", "{\"a\":".repeat(MAX_DEPTH), "}".repeat(MAX_DEPTH));
    parse_ok(&objects_ok);
    // The one documented difference: serde_json stops one level earlier.
    assert!(serde_json::from_str::<serde_json::Value>(&ok).is_err());
    let below = MAX_DEPTH - 1;
    let serde_ok = format!("{}{}", "[".repeat(below), "]".repeat(below));
    assert_same_as_serde(serde_ok.as_bytes());

    let n = MAX_DEPTH + 1;
    let too_deep = format!("{}{}", "[".repeat(n), "]".repeat(n));
    assert_error(&too_deep, 1, n as u32, "nesting deeper than 128 levels");
    let too_deep_objects = format!("{}1{}", "{\"a\":".repeat(n), "}".repeat(n));
    assert_error(
        &too_deep_objects,
        1,
        5 * MAX_DEPTH as u32 + 1,
        "nesting deeper than 128 levels",
    );
    // Alternating `[{"a":`: the 129th container's offset.
    let mixed = format!(
        "{}1{}",
        "[{\"a\":".repeat(n / 2 + 1),
        "}]".repeat(n / 2 + 1)
    );
    let offset = (n - 1) / 2 * 6 + (n - 1) % 2;
    assert_error(
        &mixed,
        1,
        offset as u32 + 1,
        "nesting deeper than 128 levels",
    );
}

#[test]
fn very_deep_input_is_an_error_without_stack_overflow() {
    let deep = "[".repeat(10_000);
    assert_error(
        &deep,
        1,
        MAX_DEPTH as u32 + 1,
        "nesting deeper than 128 levels",
    );
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert_error(
        &deep,
        1,
        MAX_DEPTH as u32 + 1,
        "nesting deeper than 128 levels",
    );
    let deep_objects = "{\"a\":".repeat(10_000);
    assert_error_contains(&deep_objects, 1, 5 * MAX_DEPTH as u32 + 1, "nesting deeper");
    assert!(matches!(
        Document::parse_bytes(deep_objects.as_bytes()),
        Err(DocumentError::Syntax { .. })
    ));
}

#[test]
fn empty_and_trailing() {
    assert_error("", 1, 1, "empty file: expected a JSON value");
    assert_error("  \n\t ", 1, 1, "empty file: expected a JSON value");
    assert_error(
        "{} x",
        1,
        4,
        "expected the end of the file after the JSON value, found `x`",
    );
    assert_error(
        "{}\n{}",
        2,
        1,
        "expected the end of the file after the JSON value, found `{`",
    );
    assert_error(
        "[1]]",
        1,
        4,
        "expected the end of the file after the JSON value, found `]`",
    );
    assert_error(
        "1 2",
        1,
        3,
        "expected the end of the file after the JSON value, found `2`",
    );
}

#[test]
fn unterminated_things() {
    assert_error(
        "{\"a\": \"abc",
        1,
        7,
        "unexpected end of file inside a string",
    );
    assert_error(
        "{\n  \"a\": [1, 2\n",
        3,
        1,
        "unexpected end of file: the array opened at line 2, column 8 is not closed",
    );
    assert_error(
        "{\"a\": 1",
        1,
        8,
        "unexpected end of file: the object opened at line 1, column 1 is not closed",
    );
    assert_error(
        "{\"a\":",
        1,
        6,
        "unexpected end of file: the object opened at line 1, column 1 is not closed",
    );
    assert_error(
        "{\"a\"",
        1,
        5,
        "unexpected end of file: the object opened at line 1, column 1 is not closed",
    );
    assert_error(
        "[",
        1,
        2,
        "unexpected end of file: the array opened at line 1, column 1 is not closed",
    );
    assert_error(
        "{\"a\": [1}",
        1,
        9,
        "expected `,` or `]` after an array element, found `}` (the array opened at line 1, column 7 is not closed)",
    );
    assert_error(
        "{\"a\" 1}",
        1,
        6,
        "expected `:` after an object key, found `1`",
    );
    assert_error("{\"a\": 1,}", 1, 8, "trailing comma before `}`");
    assert_error(
        "{,}",
        1,
        2,
        "expected a double-quoted object key or `}`, found `,`",
    );
    assert_error("[}", 1, 2, "expected a value, found `}`");
    assert_error("]", 1, 1, "expected a JSON value, found `]`");
}

// ---------------------------------------------------------------------------
// Spans, lookups, duplicates
// ---------------------------------------------------------------------------

#[test]
fn spans_are_exact() {
    let src = r#"{"a": [1, {"b": "x"}]}"#;
    let root = parse_ok(src);
    assert_eq!(root.range, TextRange::new(0, 22));
    let a = root.member("a").unwrap();
    assert_eq!(a.key, "a");
    assert_eq!(a.key_range, TextRange::new(1, 4));
    assert_eq!(a.value.range, TextRange::new(6, 21));
    let items = a.value.items();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].range, TextRange::new(7, 8));
    assert_eq!(items[1].range, TextRange::new(10, 20));
    let b = items[1].member("b").unwrap();
    assert_eq!(b.key_range, TextRange::new(11, 14));
    assert_eq!(b.value.range, TextRange::new(16, 19));
    assert_eq!(&src[b.value.range.to_range()], "\"x\"");
    assert_eq!(root.pointer("/a/1/b").unwrap().as_str(), Some("x"));

    // Escapes and multi-byte text: ranges are byte ranges of the source.
    let src = "{\"k\\u00e9\u{e9}\" : \"\u{1F600}\\n\" }";
    let root = parse_ok(src);
    let m = &root.members()[0];
    assert_eq!(m.key, "k\u{e9}\u{e9}");
    assert_eq!(&src[m.key_range.to_range()], "\"k\\u00e9\u{e9}\"");
    assert_eq!(&src[m.value.range.to_range()], "\"\u{1F600}\\n\"");
    assert_eq!(m.value.as_str(), Some("\u{1F600}\n"));
}

#[test]
fn node_accessors() {
    let root = parse_ok(r#"{"s": "x", "b": true, "n": 1.5, "z": null, "a": [1], "o": {}}"#);
    assert!(root.is_object());
    assert_eq!(root.kind_name(), "object");
    assert_eq!(root.get("s").unwrap().as_str(), Some("x"));
    assert_eq!(root.get("b").unwrap().as_bool(), Some(true));
    assert_eq!(root.get("n").unwrap().as_f64(), Some(1.5));
    assert!(root.get("z").unwrap().is_null());
    assert!(root.get("a").unwrap().is_array());
    assert_eq!(root.get("a").unwrap().as_array().unwrap().len(), 1);
    assert_eq!(root.get("o").unwrap().as_object().unwrap().len(), 0);
    let kinds: Vec<_> = root.members().iter().map(|m| m.value.kind_name()).collect();
    assert_eq!(
        kinds,
        ["string", "boolean", "number", "null", "array", "object"]
    );
    assert!(root.get("missing").is_none());
    assert!(root.get("a").unwrap().get("x").is_none());
    assert!(root.items().is_empty());
    assert!(root.get("s").unwrap().members().is_empty());
}

#[test]
fn duplicate_keys() {
    let src = r#"{"a": 1, "x": {"k": 1, "k": 2, "k": 3}, "a": 2, "p/q~": [{"z": 0, "z": 1}]}"#;
    let doc = Document::parse_bytes(src.as_bytes()).unwrap();
    assert_eq!(doc.root.get("a").unwrap().as_f64(), Some(2.0));
    assert_eq!(
        doc.root.get("x").unwrap().get("k").unwrap().as_f64(),
        Some(3.0)
    );
    assert_eq!(doc.root.members().len(), 4, "all members are kept");
    let got: Vec<_> = doc
        .duplicates
        .iter()
        .map(|d| {
            (
                d.pointer.as_str().to_owned(),
                d.key.as_str(),
                &src[d.first.to_range()],
                d.first.start,
                d.duplicate.start,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("/x".to_owned(), "k", "\"k\"", 15, 23),
            ("/x".to_owned(), "k", "\"k\"", 15, 31),
            (String::new(), "a", "\"a\"", 1, 40),
            ("/p~1q~0/0".to_owned(), "z", "\"z\"", 58, 66),
        ]
    );
    // The serde view keeps the last value too.
    assert_eq!(doc.root.to_serde()["a"], serde_json::json!(2));

    // Large objects take the hashed path.
    let mut big = String::from("{");
    for i in 0..40 {
        big.push_str(&format!("\"k{}\": {i},", i % 30));
    }
    big.push_str("\"end\": 0}");
    let root = parse_ok(&big);
    let dups = find_duplicate_keys(&root);
    assert_eq!(dups.len(), 10);
    assert!(
        dups.windows(2)
            .all(|w| w[0].duplicate.start < w[1].duplicate.start)
    );
    assert_eq!(dups[0].key, "k0");
    assert_eq!(root.get("k0").unwrap().as_f64(), Some(30.0));
    assert!(find_duplicate_keys(&parse_ok(r#"{"a": {"b": 1}, "b": [{"a": 1}]}"#)).is_empty());
}

// ---------------------------------------------------------------------------
// Pointers
// ---------------------------------------------------------------------------

#[test]
fn pointer_escaping_round_trip() {
    let p = Pointer::root()
        .child("paths")
        .child("/items/{id}")
        .child("get");
    assert_eq!(p.as_str(), "/paths/~1items~1{id}/get");
    assert_eq!(p.to_string(), "/paths/~1items~1{id}/get");
    assert_eq!(
        p.segments().collect::<Vec<_>>(),
        ["paths", "/items/{id}", "get"]
    );
    assert_eq!(Pointer::parse("/paths/~1items~1{id}/get"), Some(p.clone()));
    assert_eq!(p.parent().unwrap().as_str(), "/paths/~1items~1{id}");
    assert_eq!(p.last_segment().as_deref(), Some("get"));
    assert_eq!(Pointer::root().parent(), None);
    assert_eq!(Pointer::root().segments().count(), 0);
    assert_eq!(Pointer::root().child("a~b").as_str(), "/a~0b");
    assert_eq!(Pointer::root().child("~1").segments().next().unwrap(), "~1");
    assert_eq!(Pointer::root().child_index(3).child("").as_str(), "/3/");
    assert_eq!(Pointer::parse(""), Some(Pointer::root()));
    assert_eq!(Pointer::parse("a/b"), None);
    assert_eq!(Pointer::parse("/a~2"), None);
    assert_eq!(Pointer::parse("/a~"), None);
    assert_eq!(Pointer::from_segments(["x/y", "0"]).as_str(), "/x~1y/0");
    assert!(Pointer::root() < Pointer::root().child("a"));
}

#[test]
fn node_pointer_lookup() {
    let src = r#"{"paths": {"/items/{id}": {"get": {"x": [10, 20, 30]}}}, "a~b": 1, "": 2, "d": 1, "d": 9}"#;
    let root = parse_ok(src);
    assert_eq!(root.pointer(""), Some(&root));
    let get = root.pointer("/paths/~1items~1{id}/get").unwrap();
    assert!(get.is_object());
    assert_eq!(
        root.pointer("/paths/~1items~1{id}/get/x/2")
            .unwrap()
            .as_f64(),
        Some(30.0)
    );
    assert_eq!(root.pointer("/a~0b").unwrap().as_f64(), Some(1.0));
    assert_eq!(root.pointer("/").unwrap().as_f64(), Some(2.0));
    assert_eq!(root.pointer("/d").unwrap().as_f64(), Some(9.0));
    let x = "/paths/~1items~1{id}/get/x";
    assert!(root.pointer(&format!("{x}/3")).is_none());
    assert!(root.pointer(&format!("{x}/01")).is_none());
    assert!(root.pointer(&format!("{x}/-")).is_none());
    assert!(root.pointer(&format!("{x}/+1")).is_none());
    assert!(
        root.pointer(&format!("{x}/12345678901234567890123456"))
            .is_none()
    );
    assert!(root.pointer("paths").is_none());
    assert!(root.pointer("/a~2b").is_none());
    assert!(root.pointer("/a~0b/0").is_none());
}

// ---------------------------------------------------------------------------
// Encoding
// ---------------------------------------------------------------------------

#[test]
fn decode_strips_bom() {
    let d = decode(b"\xEF\xBB\xBF{\"a\": 1}").unwrap();
    assert_eq!(d.text, "{\"a\": 1}");
    assert!(d.had_bom);
    let d = decode(b"[]").unwrap();
    assert_eq!(d.text, "[]");
    assert!(!d.had_bom);
    let d = decode(b"").unwrap();
    assert_eq!(d.text, "");

    let doc = Document::parse_bytes(b"\xEF\xBB\xBF{\n\"a\": 1}").unwrap();
    assert!(doc.had_bom);
    let a = doc.root.member("a").unwrap();
    assert_eq!(a.key_range, TextRange::new(2, 5));
    assert_eq!(doc.line_col(a.key_range.start), (2, 1));
}

#[test]
fn decode_detects_utf16_and_utf32() {
    let utf16 = |s: &str, big: bool| -> Vec<u8> {
        s.encode_utf16()
            .flat_map(|u| {
                if big {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            })
            .collect()
    };
    let le = [&[0xFF, 0xFE][..], &utf16("{\"a\": 1}", false)].concat();
    assert_eq!(decode(&le), Err(EncodingError::Utf16 { big_endian: false }));
    let be = [&[0xFE, 0xFF][..], &utf16("{\"a\": 1}", true)].concat();
    assert_eq!(decode(&be), Err(EncodingError::Utf16 { big_endian: true }));
    assert_eq!(
        decode(&utf16("{\"a\": 1}", false)),
        Err(EncodingError::Utf16 { big_endian: false })
    );
    assert_eq!(
        decode(&utf16("{\"a\": 1}", true)),
        Err(EncodingError::Utf16 { big_endian: true })
    );
    assert_eq!(
        decode(&utf16("1", false)),
        Err(EncodingError::Utf16 { big_endian: false })
    );
    assert_eq!(
        decode(b"{\0\0\0\"\0\0\0"),
        Err(EncodingError::Utf32 { big_endian: false })
    );
    assert_eq!(
        decode(b"\0\0\xFE\xFF\0\0\0{"),
        Err(EncodingError::Utf32 { big_endian: true })
    );
    assert_eq!(
        EncodingError::Utf16 { big_endian: false }.to_string(),
        "the file is UTF-16 (little-endian); save it as UTF-8 without a BOM"
    );
    assert_eq!(
        EncodingError::Utf16 { big_endian: true }.to_string(),
        "the file is UTF-16 (big-endian); save it as UTF-8 without a BOM"
    );
    for bytes in [le, be] {
        assert!(matches!(
            Document::parse_bytes(&bytes),
            Err(DocumentError::Encoding(EncodingError::Utf16 { .. }))
        ));
        assert!(serde_json::from_slice::<serde_json::Value>(&bytes).is_err());
    }
}

#[test]
fn decode_reports_invalid_utf8() {
    // Latin-1 "café".
    let e = decode(b"{\"a\": \"caf\xE9\"}").unwrap_err();
    assert_eq!(
        e,
        EncodingError::InvalidUtf8 {
            offset: 10,
            likely_latin1: true
        }
    );
    assert_eq!(
        e.to_string(),
        "invalid UTF-8 at byte 10 (it looks like Latin-1/Windows-1252); save the file as UTF-8"
    );
    // Windows-1252 curly quotes.
    assert_eq!(
        decode(b"[\"\x93hi\x94\"]"),
        Err(EncodingError::InvalidUtf8 {
            offset: 2,
            likely_latin1: true
        })
    );
    // Offsets are in the text after the BOM.
    assert_eq!(
        decode(b"\xEF\xBB\xBF[\"\xE9\"]"),
        Err(EncodingError::InvalidUtf8 {
            offset: 2,
            likely_latin1: true
        })
    );
    // Real UTF-8 elsewhere in the file: not Latin-1, just corrupt.
    let mut utf8_first = "[\"\u{e9}\", \"".as_bytes().to_vec();
    utf8_first.extend_from_slice(b"\xFF\"]");
    let e = decode(&utf8_first).unwrap_err();
    assert!(matches!(
        e,
        EncodingError::InvalidUtf8 {
            likely_latin1: false,
            ..
        }
    ));
    let mut mixed = b"[\"\xFF\", \"".to_vec();
    mixed.extend_from_slice("\u{e9}\"]".as_bytes());
    assert_eq!(
        decode(&mixed),
        Err(EncodingError::InvalidUtf8 {
            offset: 2,
            likely_latin1: false
        })
    );
    assert_eq!(
        EncodingError::InvalidUtf8 {
            offset: 7,
            likely_latin1: false
        }
        .to_string(),
        "invalid UTF-8 at byte 7; save the file as UTF-8"
    );
}

#[test]
fn document_errors_keep_the_text() {
    let err = Document::parse_bytes(b"\xEF\xBB\xBF{\n  \"a\": 1,\n}").unwrap_err();
    let DocumentError::Syntax {
        error,
        text,
        had_bom,
    } = &err
    else {
        panic!("{err:?}");
    };
    assert!(had_bom);
    assert_eq!(text, "{\n  \"a\": 1,\n}");
    assert_eq!(error.message, "trailing comma before `}`");
    assert_eq!(err.line_col(), Some((2, 9)));
    assert_eq!(
        err.to_string(),
        "trailing comma before `}` at line 2, column 9"
    );
}

#[test]
fn line_index() {
    let text = "ab\r\nc\u{e9}d\n\nlast";
    let idx = LineIndex::new(text);
    assert_eq!(idx.line_count(), 4);
    assert_eq!(idx.line_col(text, 0), (1, 1));
    assert_eq!(idx.line_col(text, 2), (1, 3));
    assert_eq!(idx.line_col(text, 3), (1, 4));
    assert_eq!(idx.line_col(text, 4), (2, 1));
    assert_eq!(idx.line_col(text, 7), (2, 3)); // `d`, after a 2-byte char
    assert_eq!(idx.line_col(text, 6), (2, 2)); // inside `é`: its start
    assert_eq!(idx.line_col(text, 9), (3, 1));
    assert_eq!(idx.line_col(text, 10), (4, 1));
    assert_eq!(idx.line_col(text, 14), (4, 5));
    assert_eq!(idx.line_col(text, 1000), (4, 5));
    assert_eq!(idx.line_text(text, 1), "ab");
    assert_eq!(idx.line_text(text, 2), "c\u{e9}d");
    assert_eq!(idx.line_text(text, 3), "");
    assert_eq!(idx.line_text(text, 4), "last");
    assert_eq!(idx.line_text(text, 0), "");
    assert_eq!(idx.line_text(text, 5), "");
    let empty = LineIndex::new("");
    assert_eq!(empty.line_count(), 1);
    assert_eq!(empty.line_col("", 0), (1, 1));
    assert_eq!(LineIndex::new("x\n").line_count(), 2);
}

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"a\"",
    "\"b\"",
    "\"\\u00e9\"",
    "\"\\ud83d\\ude00\"",
    "\"\\ud800\"",
    "\"\\udc00\"",
    "\"\\n\"",
    "\"\\q\"",
    "\"",
    "\\",
    "\\u",
    "1",
    "-0",
    "0",
    "01",
    "1.5e3",
    "1e999",
    "-",
    ".",
    "e",
    "+",
    "true",
    "false",
    "null",
    "nul",
    "NaN",
    " ",
    "\n",
    "\r\n",
    "\t",
    "'",
    "/",
    "//",
    "/*",
    "*/",
    "\u{e9}",
    "\u{2003}",
    "\u{feff}",
    "\u{0}",
    "\u{1f}",
    "a",
    "\"\t\"",
    "\"\u{7f}\"",
];

fn check_consistency(text: &str) {
    match parse(text) {
        Ok(node) => {
            let theirs: serde_json::Value = serde_json::from_str(text)
                .unwrap_or_else(|e| panic!("serde_json rejects {text:?} ({e}), we accept it"));
            assert_eq!(node.to_serde(), theirs, "for {text:?}");
            let _ = find_duplicate_keys(&node);
        }
        Err(e) => {
            assert!(
                serde_json::from_str::<serde_json::Value>(text).is_err(),
                "serde_json accepts {text:?}, we reject it: {e:?}"
            );
            assert!(e.offset as usize <= text.len());
            assert!(text.is_char_boundary(e.offset as usize));
            assert!(!e.message.is_empty());
            let _ = LineIndex::new(text).line_col(text, e.offset);
        }
    }
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<u64>().prop_map(serde_json::Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(serde_json::Value::from),
        ".{0,12}".prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(5, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(serde_json::Value::Array),
            prop::collection::vec((".{0,6}", inner), 0..8)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Every node's range re-parses to the node's own value.
fn check_spans(text: &str, node: &Node) {
    let slice = &text[node.range.to_range()];
    let reparsed: serde_json::Value = serde_json::from_str(slice).unwrap();
    assert_eq!(reparsed, node.to_serde());
    match &node.value {
        Value::Array(items) => items.iter().for_each(|n| check_spans(text, n)),
        Value::Object(members) => {
            for m in members {
                let key: String = serde_json::from_str(&text[m.key_range.to_range()]).unwrap();
                assert_eq!(key, m.key);
                check_spans(text, &m.value);
            }
        }
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..48)) {
        let _ = Document::parse_bytes(&bytes);
        assert_same_as_serde(&bytes);
    }

    #[test]
    fn json_ish_tokens_match_serde_json(tokens in prop::collection::vec(prop::sample::select(TOKENS), 0..24)) {
        let text: String = tokens.concat();
        check_consistency(&text);
        let _ = Document::parse_bytes(text.as_bytes());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn generated_documents_round_trip_with_exact_spans(value in json_value(), pretty in any::<bool>()) {
        let text = if pretty {
            serde_json::to_string_pretty(&value).unwrap()
        } else {
            serde_json::to_string(&value).unwrap()
        };
        let node = parse(&text).unwrap();
        prop_assert_eq!(node.to_serde(), value);
        check_spans(&text, &node);
    }
}

/// Objects of `width` members whose keys come from a small alphabet, so repeats are common.
fn object_text(keys: &[u8]) -> String {
    let members: Vec<String> = keys.iter().map(|k| format!("\"k{k}\": {k}")).collect();
    format!(
        "{{\"outer\": {{{}}}, \"list\": [{{{}}}]}}",
        members.join(", "),
        members.join(", ")
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, failure_persistence: None, ..ProptestConfig::default() })]

    /// The parser's note never misses a repeated key, in small objects (compared pairwise) and
    /// large ones (compared by hash).
    #[test]
    fn duplicate_note_never_misses(keys in prop::collection::vec(0u8..40, 0..60)) {
        let text = object_text(&keys);
        let (node, maybe) = parse_noting_duplicates(&text).unwrap();
        let found = find_duplicate_keys(&node);
        if !found.is_empty() {
            prop_assert!(maybe, "{text}");
        }
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        sorted.dedup();
        prop_assert_eq!(found.is_empty(), sorted.len() == keys.len());
    }
}

#[test]
fn duplicate_note_is_quiet_without_repeats() {
    let keys: Vec<u8> = (0..40).collect();
    let (_, maybe) = parse_noting_duplicates(&object_text(&keys)).unwrap();
    assert!(!maybe);
    let (_, maybe) = parse_noting_duplicates(&object_text(&[1, 2, 1])).unwrap();
    assert!(maybe);
}
