use crate::diagnostic::Target;
use crate::json::{EncodingError, TextRange};
use crate::package::{Artifact, FileData, JsonData};
use crate::rules::levels::E;
use crate::rules::{Rule, RuleContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks that `apiProperties.json` can be read as JSON at all: strict RFC 8259 syntax (no
    /// comments, no trailing commas, straight double quotes), UTF-8 text, finite numbers, at
    /// most 128 nested levels and at most 16 MiB. A file that fails gets no other AP finding.
    ///
    /// ## Why is this bad?
    /// `paconn` and the platform read the file with a strict JSON parser: a file that does not
    /// parse cannot be imported, and no other check can vouch for it. Two accepted certified
    /// connectors hold a file with a missing `,`, so the copy in a repository can differ from
    /// what was deployed.
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "properties": {
    ///     "iconBrandColor": "#0f6cbd"
    ///     "capabilities": ["actions"],
    ///     "publisher": "Contoso Ltd",
    ///     "stackOwner": "Contoso Ltd"
    ///   }
    /// }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// {
    ///   "properties": {
    ///     "iconBrandColor": "#0f6cbd",
    ///     "capabilities": ["actions"],
    ///     "publisher": "Contoso Ltd",
    ///     "stackOwner": "Contoso Ltd"
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// `paconn` (`tools/paconn-cli`) loads the file with `json.load`; RFC 8259; rules.md §1.6.
    pub(crate) JsonSyntax {
        code: "AP001",
        name: "json-syntax",
        family: AP,
        category: Schema,
        levels: [E, E, E],
        summary: "apiProperties.json is valid UTF-8 JSON (RFC 8259, finite numbers, ≤ 16 MiB, ≤ 128 levels)",
    }
}

impl Rule for JsonSyntax {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let package = cx.package();
        let Some(id) = package.artifact(Artifact::Properties) else {
            return;
        };
        let file = package.file(id);
        match &file.data {
            FileData::Json(JsonData::Syntax { error, .. }) => {
                let text = file.text().unwrap_or_default();
                cx.report(
                    id,
                    Target::Range(char_range(text, error.offset)),
                    format!("invalid JSON: {}", error.message),
                )
                .help(help_for(&error.message));
            }
            FileData::Json(JsonData::Encoding(error)) => {
                cx.report(id, Target::File, encoding_message(*error))
                    .help("save the file as UTF-8 without a byte order mark");
            }
            FileData::TooLarge { limit } => {
                cx.report(
                    id,
                    Target::File,
                    format!(
                        "the file is {} bytes, over pcpkg's {} MiB limit for JSON files, so it was not read",
                        file.size,
                        limit / (1024 * 1024)
                    ),
                )
                .help("apiProperties.json holds a few settings and is a few kilobytes at most: check that this is the right file");
            }
            _ => {}
        }
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
        } => format!(
            "the file is not UTF-8: byte {offset} is invalid (the text looks like Latin-1 or Windows-1252)"
        ),
        EncodingError::InvalidUtf8 {
            offset,
            likely_latin1: false,
        } => format!("the file is not UTF-8: byte {offset} is invalid"),
    }
}

/// The character at `offset`, clamped to the text and to character boundaries.
fn char_range(text: &str, offset: u32) -> TextRange {
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

fn help_for(message: &str) -> &'static str {
    let has = |needle: &str| message.contains(needle);
    if has("trailing comma") {
        "remove the `,` after the last member or element: JSON allows no trailing commas"
    } else if has("comments are not allowed") {
        "remove the comment: JSON has no comments"
    } else if has("after an object member") || has("after an array element") {
        "add the missing `,` between the two values, or close the container"
    } else if has("not JSON whitespace") {
        "replace the character with an ordinary space"
    } else if has("control character") && has("in a string") {
        "escape the control character inside the string (`\\n`, `\\t`, `\\u00XX`)"
    } else if has("quote") || has("unquoted") {
        "put keys and strings in straight double quotes `\"…\"`"
    } else if has("unexpected end of file") {
        "the file is cut short: close every open string, `{` and `[`"
    } else if has("nesting deeper") {
        "flatten the document: pcpkg reads at most 128 nested levels"
    } else if has("escape") || has("surrogate") {
        "use a valid escape: `\\\"`, `\\\\`, `\\/`, `\\b`, `\\f`, `\\n`, `\\r`, `\\t` or `\\uXXXX` (surrogates in pairs)"
    } else if has("number") || has("leading zeros") || has("hexadecimal") {
        "write a finite decimal number, such as `0.5`, `10` or `1e3`"
    } else if has("is not valid JSON; write") || has("`undefined`") {
        "JSON literals are lower case: `true`, `false` and `null`"
    } else if has("empty file") {
        "the file must hold one JSON object, `{ \"properties\": { … } }`"
    } else if has("expected the end of the file") {
        "remove what follows the top-level object (a second value or a stray bracket)"
    } else {
        "fix the JSON syntax at the marked position"
    }
}

#[cfg(test)]
mod tests {
    use super::char_range;
    use crate::json::TextRange;

    #[test]
    fn clamps_to_text_and_char_boundaries() {
        assert_eq!(char_range("ab", 1), TextRange::new(1, 2));
        assert_eq!(char_range("ab", 9), TextRange::new(2, 2));
        assert_eq!(char_range("aé", 2), TextRange::new(1, 3));
    }
}
