//! Lines and columns point at the right token: 1-based, columns in Unicode scalar values,
//! column 1 after a BOM, CRLF not a column, missing members at their closest ancestor.

use std::path::Path;

use pcpkg::engine::RuleSettings;
use pcpkg::package::Profile;
use pcpkg::render::FailOn;
use pcpkg::rules::registry::Selector;
use pcpkg::validate::{ValidateOptions, validate_paths};

/// Validates a folder holding one swagger with one rule selected; returns
/// (pointer, start line, start column, end line, end column) of that rule's findings.
fn positions(swagger: &[u8], code: &'static str) -> Vec<(String, u32, u32, u32, u32)> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("c")).unwrap();
    std::fs::write(dir.path().join("c/apiDefinition.swagger.json"), swagger).unwrap();
    let options = ValidateOptions {
        profile: Some(Profile::Certified),
        settings: RuleSettings {
            strict: true,
            select: Some(vec![Selector::Code(code)]),
            ignore: vec![],
        },
        fail_on: FailOn::Error,
        plugin: false,
    };
    let report = validate_paths(&[Path::new("c").to_path_buf()], dir.path(), &options);
    report.packages[0]
        .diagnostics
        .iter()
        .filter(|d| d.rule.code == code)
        .map(|d| {
            let span = d.span.expect("a position");
            (
                d.pointer
                    .as_ref()
                    .map(|p| p.as_str().to_owned())
                    .unwrap_or_default(),
                span.start.line,
                span.start.column,
                span.end.line,
                span.end.column,
            )
        })
        .collect()
}

#[test]
fn a_wrong_value_is_underlined() {
    let text = "{\n  \"info\": {},\n  \"swagger\": \"3.0\"\n}\n";
    assert_eq!(
        positions(text.as_bytes(), "SW004"),
        vec![("/swagger".to_owned(), 3, 14, 3, 19)]
    );
}

#[test]
fn a_missing_member_points_at_its_closest_ancestor() {
    // No `swagger` member: reported at the root `{`.
    let text = "\n\n  {\"info\": {}}";
    assert_eq!(
        positions(text.as_bytes(), "SW004"),
        vec![(String::new(), 3, 3, 3, 4)]
    );
}

#[test]
fn columns_count_unicode_scalar_values_and_skip_a_bom() {
    let text = "\u{feff}{\"info\": {\"title\": \"Café ☕ 🚀\"}, \"swagger\": 2}";
    // `2` is the 46th character after the BOM.
    let col = text
        .trim_start_matches('\u{feff}')
        .chars()
        .position(|c| c == '2')
        .unwrap() as u32
        + 1;
    assert_eq!(
        positions(text.as_bytes(), "SW004"),
        vec![("/swagger".to_owned(), 1, col, 1, col + 1)]
    );
}

#[test]
fn crlf_line_endings_do_not_shift_columns() {
    let text = "{\r\n\t\"swagger\": \"1.2\"\r\n}\r\n";
    assert_eq!(
        positions(text.as_bytes(), "SW004"),
        vec![("/swagger".to_owned(), 2, 13, 2, 18)]
    );
}

#[test]
fn a_syntax_error_points_at_the_offending_character() {
    // The trailing comma's `}` is at line 4, column 1; the parser reports where the problem is.
    let text = "{\n  \"swagger\": \"2.0\",\n  \"host\": \"x\",\n}\n";
    let found = positions(text.as_bytes(), "SW001");
    assert_eq!(found.len(), 1, "{found:?}");
    let (_, line, column, _, _) = found[0];
    assert!(
        (line, column) == (3, 14) || (line, column) == (4, 1),
        "trailing comma reported at {line}:{column}"
    );
}

#[test]
fn a_duplicate_key_points_at_the_second_key() {
    let text = "{\n  \"swagger\": \"2.0\",\n  \"host\": \"a\",\n  \"host\": \"b\"\n}";
    let found = positions(text.as_bytes(), "SW005");
    assert_eq!(
        found
            .iter()
            .map(|f| (f.1, f.2, f.3, f.4))
            .collect::<Vec<_>>(),
        vec![(4, 3, 4, 9)]
    );
}

/// A minified (one-line) file keeps exact columns, and its snippet is a window of the line.
#[test]
fn a_long_line_keeps_exact_columns_and_a_windowed_snippet() {
    let padding = "x".repeat(5000);
    let text = format!("{{\"info\": {{\"description\": \"{padding}\"}}, \"swagger\": \"3.0\"}}");
    let column = u32::try_from(text.find("\"3.0\"").unwrap()).unwrap() + 1;
    assert_eq!(
        positions(text.as_bytes(), "SW004"),
        vec![("/swagger".to_owned(), 1, column, 1, column + 5)]
    );

    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("c")).unwrap();
    std::fs::write(dir.path().join("c/apiDefinition.swagger.json"), &text).unwrap();
    let options = ValidateOptions {
        profile: Some(Profile::Certified),
        settings: RuleSettings {
            strict: true,
            select: Some(vec![Selector::Code("SW004")]),
            ignore: vec![],
        },
        fail_on: FailOn::Error,
        plugin: false,
    };
    let report = validate_paths(&[Path::new("c").to_path_buf()], dir.path(), &options);
    let mut out = Vec::new();
    pcpkg::render::human::render(&report, pcpkg::render::human::Style::default(), &mut out)
        .unwrap();
    let out = String::from_utf8(out).unwrap();
    let snippet = out
        .lines()
        .find(|l| l.starts_with("1 |"))
        .expect("a snippet line");
    assert!(
        snippet.len() < 400 && snippet.contains('…') && snippet.contains("\"3.0\""),
        "{snippet}"
    );
    let caret = out.lines().find(|l| l.contains('^')).unwrap();
    let chars_before = |line: &str, byte: usize| line[..byte].chars().count();
    assert_eq!(
        chars_before(caret, caret.find('^').unwrap()),
        chars_before(snippet, snippet.find("\"3.0\"").unwrap()),
        "{out}"
    );
}
