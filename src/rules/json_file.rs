//! Findings every JSON artifact shares (SW001/AP001 syntax, SW002/AP001 encoding, SW005/AP003
//! duplicate keys): one implementation, with the artifact-specific words passed in.

use crate::diagnostic::Target;
use crate::json::{EncodingError, TextRange};
use crate::package::{FileData, FileId, JsonData};
use crate::rules::RuleContext;

/// Reports a syntax error at the character the parser stopped at, or a file over the JSON read
/// limit. `empty_hint` says what the file should hold (for an empty file), `too_large_help`
/// what to do about a file over the limit.
pub(crate) fn report_syntax(
    cx: &mut RuleContext<'_>,
    id: FileId,
    empty_hint: &str,
    too_large_help: &str,
) {
    let file = cx.package().file(id);
    match &file.data {
        FileData::Json(JsonData::Syntax { error, .. }) => {
            let text = file.text().unwrap_or_default();
            cx.report(
                id,
                Target::Range(char_range(text, error.offset)),
                format!("invalid JSON: {}", error.message),
            )
            .help(syntax_help(&error.message, empty_hint));
        }
        FileData::TooLarge { limit } => {
            let message = format!(
                "the file is {} bytes, over pcpkg's {} MiB limit for JSON files, so it was not read",
                file.size,
                limit / (1024 * 1024)
            );
            cx.report(id, Target::File, message).help(too_large_help);
        }
        _ => {}
    }
}

/// Reports a file that is not UTF-8 (position-less: there is no text to point into).
pub(crate) fn report_encoding(cx: &mut RuleContext<'_>, id: FileId) {
    if let FileData::Json(JsonData::Encoding(error)) = &cx.package().file(id).data {
        cx.report(id, Target::File, encoding_message(*error))
            .help("save the file as UTF-8 without a byte order mark (in most editors: *Save with Encoding* → UTF-8)");
    }
}

/// Reports every repeated member name at the repeated key, naming where the first one is.
pub(crate) fn report_duplicates(cx: &mut RuleContext<'_>, id: FileId) {
    let file = cx.package().file(id);
    let FileData::Json(JsonData::Parsed { duplicates, .. }) = &file.data else {
        return;
    };
    for duplicate in duplicates {
        let first_line = match (file.text(), file.line_index()) {
            (Some(text), Some(index)) => index.line_col(text, duplicate.first.start).0,
            _ => 0,
        };
        let place = if duplicate.pointer.is_root() {
            "the root object".to_owned()
        } else {
            format!("`{}`", duplicate.pointer)
        };
        let key = &duplicate.key;
        cx.report(
            id,
            Target::Range(duplicate.duplicate),
            format!("`{key}` is repeated in {place}; it first appears at line {first_line}, and only the last one is used"),
        )
        .with_pointer(duplicate.pointer.child(key))
        .help(format!("keep one `{key}` member holding the value you mean: JSON parsers silently drop all but the last"));
    }
}

fn encoding_message(error: EncodingError) -> String {
    let endian = |big: bool| if big { "big-endian" } else { "little-endian" };
    match error {
        EncodingError::Utf16 { big_endian } => {
            format!("the file is UTF-16 ({}), not UTF-8", endian(big_endian))
        }
        EncodingError::Utf32 { big_endian } => {
            format!("the file is UTF-32 ({}), not UTF-8", endian(big_endian))
        }
        EncodingError::InvalidUtf8 {
            offset,
            likely_latin1: true,
        } => {
            format!(
                "the file is not UTF-8: byte {offset} is invalid (the text looks like Latin-1 or Windows-1252)"
            )
        }
        EncodingError::InvalidUtf8 {
            offset,
            likely_latin1: false,
        } => {
            format!("the file is not UTF-8: byte {offset} is invalid")
        }
    }
}

/// The character at `offset`, clamped to the text and to character boundaries (an empty range
/// at the end of the text).
pub(crate) fn char_range(text: &str, offset: u32) -> TextRange {
    let len = u32::try_from(text.len()).unwrap_or(u32::MAX);
    let mut start = offset.min(len);
    while start > 0 && !text.is_char_boundary(start as usize) {
        start -= 1;
    }
    let width = text
        .get(start as usize..)
        .and_then(|rest| rest.chars().next())
        .map_or(0, char::len_utf8);
    TextRange::new(start, start + u32::try_from(width).unwrap_or(0))
}

/// What to do about a parser message (the parser's messages are stable, lowercase text).
fn syntax_help(message: &str, empty_hint: &str) -> String {
    let has = |needle: &str| message.contains(needle);
    let help = if has("trailing comma") {
        "remove the `,` after the last member or element: JSON allows no trailing commas"
    } else if has("comments are not allowed") {
        "remove the comment: JSON has no comments (put notes in a `description` instead)"
    } else if has("control character U+0009") {
        "write the tab inside the string as `\\t`"
    } else if has("is a closing `\"` missing?") {
        "close the string with `\"`, or write the line break inside it as `\\n`"
    } else if has("control character") && has("in a string") {
        "escape the control character (`\\n`, `\\t`, `\\u00XX`)"
    } else if has("after an object member") && has("is not closed") {
        "close the object with `}` before this `]`"
    } else if has("after an array element") && has("is not closed") {
        "close the array with `]` before this `}`"
    } else if has("after an object member") {
        "add the missing `,` before this member, or close the object with `}`"
    } else if has("after an array element") {
        "add the missing `,` before this element, or close the array with `]`"
    } else if has("not JSON whitespace") {
        "replace the character with an ordinary space"
    } else if has("quote") || has("unquoted") || has("strings must be double-quoted") {
        "put keys and strings in straight double quotes `\"…\"`"
    } else if has("unexpected end of file") {
        "the file is cut short: close every open string, `{` and `[`"
    } else if has("nesting deeper") {
        "flatten the document: pcpkg reads at most 128 nested levels of objects and arrays"
    } else if has("escape") || has("surrogate") {
        "use a valid escape: `\\\"`, `\\\\`, `\\/`, `\\b`, `\\f`, `\\n`, `\\r`, `\\t` or `\\uXXXX` (surrogates in pairs)"
    } else if has("number") || has("leading zeros") || has("hexadecimal") {
        "write a finite decimal number, such as `0.5`, `10` or `1e3`"
    } else if has("is not valid JSON; write") || has("`undefined`") {
        "JSON literals are lower case: `true`, `false` and `null`"
    } else if has("empty file") {
        return format!("the file must hold {empty_hint}");
    } else if has("expected the end of the file") {
        "remove what follows the top-level object (a second value or a stray bracket)"
    } else {
        "fix the JSON syntax at the marked position"
    };
    help.to_owned()
}

#[cfg(test)]
mod tests {
    use super::char_range;
    use crate::json::TextRange;

    #[test]
    fn clamps_to_text_and_char_boundaries() {
        assert_eq!(char_range("ab", 1), TextRange::new(1, 2));
        assert_eq!(char_range("ab", 2), TextRange::new(2, 2));
        assert_eq!(char_range("ab", 9), TextRange::new(2, 2));
        assert_eq!(char_range("aé", 1), TextRange::new(1, 3));
        assert_eq!(char_range("aé", 2), TextRange::new(1, 3));
    }
}
