//! SW054–SW059 and SW062: an operation's `summary` and `description`.

use crate::diagnostic::Target;
use crate::package::swagger::Operation;
use crate::rules::levels::{E, I, OFF, W, WS};
use crate::rules::{Rule, RuleContext, declare_rule};

use super::op_common::{Text, describe_char, join_and, operations, text};
use super::swagger_version::article;

/// SW056: the longest `summary`, in Unicode scalar values (rules.md §1.5).
const MAX_SUMMARY: usize = 80;

/// SW057: characters the validator rejects in a summary.
const SUMMARY_RESTRICTED: [char; 8] = ['/', '\\', '<', '>', '*', '%', '&', '?'];

/// SW054, SW055: reports an absent, non-string or blank member.
fn require_text(cx: &mut RuleContext<'_>, key: &str, help: &str) {
    let Some((file, view)) = cx.swagger() else {
        return;
    };
    for operation in operations(view) {
        let found = text(operation, key);
        if matches!(found, Text::Present(_)) {
            continue;
        }
        let label = operation.label();
        let pointer = operation.pointer.child(key);
        let (target, message) = match found {
            Text::Present(_) => continue,
            Text::Absent => (
                Target::missing(&operation.pointer, key),
                format!("{label} has no `{key}`"),
            ),
            Text::NotString(node) => (
                Target::value(&pointer),
                format!("the `{key}` of {label} is {}, not a string", article(node)),
            ),
            Text::Blank => (
                Target::value(&pointer),
                format!("the `{key}` of {label} is empty"),
            ),
        };
        cx.report(file, target, message).help(help);
    }
}

/// The operation's member as a non-blank string (the presence rules report the rest).
fn present<'a>(operation: &Operation<'a>, key: &str) -> Option<&'a str> {
    match text(operation, key) {
        Text::Present(s) => Some(s),
        _ => None,
    }
}

declare_rule! {
    /// ## What it does
    /// Checks that every operation has a `summary` with at least one character that is not
    /// white space.
    ///
    /// ## Why is this bad?
    /// The summary is the action's name in the designer: without one, makers see the
    /// `operationId` or a generated label. The certification checklist and the pull-request
    /// template require a summary on every operation.
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {
    ///     "/items": { "get": { "operationId": "ListItems", "responses": { "200": { "description": "OK" } } } }
    ///   }
    /// }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {
    ///     "/items": {
    ///       "get": {
    ///         "operationId": "ListItems",
    ///         "summary": "List items",
    ///         "responses": { "200": { "description": "OK" } }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Verified publisher certification process*, "Checklist before submitting";
    /// `.github/pull_request_template.md`.
    pub(crate) SummaryPresent {
        code: "SW054",
        name: "summary-present",
        family: SW,
        category: Certification,
        levels: [E, E, W],
        summary: "every operation has a non-empty `summary`",
    }
}

impl Rule for SummaryPresent {
    fn check(&self, cx: &mut RuleContext<'_>) {
        require_text(
            cx,
            "summary",
            "add a `summary` of at most 80 characters naming the action (`List items`): it is the action's title in the designer",
        );
    }
}

declare_rule! {
    /// ## What it does
    /// Checks that every operation has a `description` with at least one character that is
    /// not white space.
    ///
    /// ## Why is this bad?
    /// The description is what makers read when they pick the action: it says what the action
    /// does and what it needs. The certification checklist and the pull-request template
    /// require one on every operation. Some accepted certified connectors lack it, so it is a
    /// warning for certified connectors (an error with `--strict`).
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {
    ///     "/items": {
    ///       "get": {
    ///         "operationId": "ListItems",
    ///         "summary": "List items",
    ///         "responses": { "200": { "description": "OK" } }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {
    ///     "/items": {
    ///       "get": {
    ///         "operationId": "ListItems",
    ///         "summary": "List items",
    ///         "description": "Lists the items of the current user, newest first.",
    ///         "responses": { "200": { "description": "OK" } }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Verified publisher certification process*, "Checklist before submitting";
    /// `.github/pull_request_template.md`.
    pub(crate) DescriptionPresent {
        code: "SW055",
        name: "description-present",
        family: SW,
        category: Certification,
        levels: [WS, E, W],
        summary: "every operation has a non-empty `description`",
    }
}

impl Rule for DescriptionPresent {
    fn check(&self, cx: &mut RuleContext<'_>) {
        require_text(
            cx,
            "description",
            "add a `description` of one or more full sentences saying what the action does",
        );
    }
}

declare_rule! {
    /// ## What it does
    /// Checks that each operation `summary` is at most 80 characters long (Unicode scalar
    /// values, untrimmed).
    ///
    /// ## Why is this bad?
    /// The summary is displayed as the action's title; the connector string guidance and the
    /// certification process limit it to 80 characters, and the longest summary among accepted
    /// connectors is exactly 80. (The validator's *OperationSummaryTooLong* text mentions 120;
    /// the documented limit is the stricter one.)
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {
    ///     "/items": {
    ///       "get": {
    ///         "operationId": "ListItems",
    ///         "summary": "List all the items of the current user, including archived items and items shared with the user",
    ///         "responses": { "200": { "description": "OK" } }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {
    ///     "/items": {
    ///       "get": {
    ///         "operationId": "ListItems",
    ///         "summary": "List items",
    ///         "description": "Lists all the items of the current user, including archived items and items shared with the user.",
    ///         "responses": { "200": { "description": "OK" } }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Verified publisher certification process*; *Connector string guidance*; *Fix
    /// Swagger Validator errors* (*OperationSummaryTooLong*).
    pub(crate) SummaryMax80 {
        code: "SW056",
        name: "summary-max-80",
        family: SW,
        category: Certification,
        levels: [E, E, W],
        summary: "operation `summary` is at most 80 characters",
    }
}

impl Rule for SummaryMax80 {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        for operation in operations(view) {
            let Some(summary) = present(operation, "summary") else {
                continue;
            };
            let length = summary.chars().count();
            if length <= MAX_SUMMARY {
                continue;
            }
            cx.report(
                file,
                Target::value(&operation.pointer.child("summary")),
                format!(
                    "the `summary` of {} is {length} characters long; the limit is {MAX_SUMMARY}",
                    operation.label()
                ),
            )
            .help(
                "shorten the summary to a short action name and move the details to `description`",
            );
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Checks that each operation `summary` contains none of the characters
    /// ``/ \ < > * % & ?`` and ends in an ASCII letter, a digit or `)`.
    ///
    /// ## Why is this bad?
    /// The Swagger Validator rejects summaries holding these characters
    /// (*RestrictedCharactersInSummary*), and the connector string guidance asks for
    /// summaries without final punctuation or trailing space: the summary is a title, not a
    /// sentence. A final `)` is allowed (`Get item (deprecated)`).
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {
    ///     "/items": {
    ///       "get": {
    ///         "operationId": "ListItems",
    ///         "summary": "List items & folders.",
    ///         "responses": { "200": { "description": "OK" } }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {
    ///     "/items": {
    ///       "get": {
    ///         "operationId": "ListItems",
    ///         "summary": "List items and folders",
    ///         "responses": { "200": { "description": "OK" } }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Fix Swagger Validator errors*: *RestrictedCharactersInSummary* (the character
    /// set as quoted in PowerPlatformConnectors#1095); *Connector string guidance*; *Verified
    /// publisher certification process*.
    pub(crate) SummaryChars {
        code: "SW057",
        name: "summary-chars",
        family: SW,
        category: Certification,
        levels: [E, E, W],
        summary: "operation `summary` has none of ``/ \\ < > * % & ?`` and ends in a letter, digit or `)`",
    }
}

impl Rule for SummaryChars {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        for operation in operations(view) {
            let Some(summary) = present(operation, "summary") else {
                continue;
            };
            let pointer = operation.pointer.child("summary");
            let mut restricted: Vec<char> = Vec::new();
            for c in summary.chars().filter(|c| SUMMARY_RESTRICTED.contains(c)) {
                if !restricted.contains(&c) {
                    restricted.push(c);
                }
            }
            if !restricted.is_empty() {
                let names: Vec<String> = restricted.iter().map(|c| format!("`{c}`")).collect();
                cx.report(
                    file,
                    Target::value(&pointer),
                    format!(
                        "the `summary` of {} contains {}",
                        operation.label(),
                        join_and(&names)
                    ),
                )
                .help("reword without them (`and` for `&`, `or` for `/`): the validator rejects `/ \\ < > * % & ?` in summaries");
            }
            let Some(last) = summary.chars().next_back() else {
                continue;
            };
            if last.is_ascii_alphanumeric() || last == ')' || SUMMARY_RESTRICTED.contains(&last) {
                continue;
            }
            cx.report(
                file,
                Target::value(&pointer),
                format!(
                    "the `summary` of {} ends in {}",
                    operation.label(),
                    describe_char(last)
                ),
            )
            .help("end the summary with a letter, a digit or `)`: it is a title, without final punctuation or space");
        }
    }
}

/// SW058: trimmed, without one final `.`, lower case.
fn comparable(text: &str) -> String {
    let trimmed = text.trim();
    trimmed
        .strip_suffix('.')
        .unwrap_or(trimmed)
        .trim_end()
        .to_lowercase()
}

declare_rule! {
    /// ## What it does
    /// Checks that an operation's `description` does not merely repeat its `summary`. The two
    /// are compared trimmed, ignoring case and a final `.`.
    ///
    /// ## Why is this bad?
    /// The designer shows both: a description that repeats the title tells the maker nothing
    /// more. The connector string guidance asks for a description that explains what the
    /// action does. Many accepted connectors repeat the summary, so this is only advice.
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {
    ///     "/items": {
    ///       "get": {
    ///         "operationId": "ListItems",
    ///         "summary": "List items",
    ///         "description": "List items.",
    ///         "responses": { "200": { "description": "OK" } }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {
    ///     "/items": {
    ///       "get": {
    ///         "operationId": "ListItems",
    ///         "summary": "List items",
    ///         "description": "Lists the items of the current user, newest first.",
    ///         "responses": { "200": { "description": "OK" } }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Connector string guidance*.
    pub(crate) SummaryNeDescription {
        code: "SW058",
        name: "summary-ne-description",
        family: SW,
        category: Style,
        levels: [I, I, OFF],
        summary: "an operation's `description` does not repeat its `summary`",
    }
}

impl Rule for SummaryNeDescription {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        for operation in operations(view) {
            let (Some(summary), Some(description)) = (
                present(operation, "summary"),
                present(operation, "description"),
            ) else {
                continue;
            };
            if comparable(summary) != comparable(description) {
                continue;
            }
            cx.report(
                file,
                Target::value(&operation.pointer.child("description")),
                format!(
                    "the `description` of {} repeats its `summary`",
                    operation.label()
                ),
            )
            .help("say more than the title: what the action does, what it needs and what it returns, in full sentences");
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Checks that each operation `description` ends in `.`, `!` or `?` (trailing white space
    /// aside).
    ///
    /// ## Why is this bad?
    /// The certification process asks for descriptions written as full sentences; a
    /// description that stops mid-phrase reads as a label, or as text cut short. Many accepted
    /// connectors skip the final period, so this is only advice.
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {
    ///     "/items": {
    ///       "get": {
    ///         "operationId": "ListItems",
    ///         "summary": "List items",
    ///         "description": "Lists the items of the current user",
    ///         "responses": { "200": { "description": "OK" } }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {
    ///     "/items": {
    ///       "get": {
    ///         "operationId": "ListItems",
    ///         "summary": "List items",
    ///         "description": "Lists the items of the current user.",
    ///         "responses": { "200": { "description": "OK" } }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Verified publisher certification process*.
    pub(crate) DescriptionSentence {
        code: "SW059",
        name: "description-sentence",
        family: SW,
        category: Style,
        levels: [I, I, OFF],
        summary: "an operation `description` ends in `.`, `!` or `?`",
    }
}

impl Rule for DescriptionSentence {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        for operation in operations(view) {
            let Some(description) = present(operation, "description") else {
                continue;
            };
            if description.trim_end().ends_with(['.', '!', '?']) {
                continue;
            }
            cx.report(
                file,
                Target::value(&operation.pointer.child("description")),
                format!(
                    "the `description` of {} does not end in `.`, `!` or `?`",
                    operation.label()
                ),
            )
            .help("write the description as one or more full sentences, ending with a period");
        }
    }
}

declare_rule! {
    /// ## What it does
    /// For each operation with `deprecated: true`, checks that its `summary` and its
    /// `description` contain `(deprecated)` (in any case). An absent summary or description is
    /// left to SW054 and SW055.
    ///
    /// ## Why is this bad?
    /// The designer hides deprecated actions from new flows but keeps showing them where they
    /// are already used; the text is what tells a maker that the action should be replaced.
    /// The deprecation guide asks for `(deprecated)` in both strings.
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {
    ///     "/items": {
    ///       "get": {
    ///         "operationId": "ListItems",
    ///         "summary": "List items",
    ///         "description": "Lists the items. Use List items (V2) instead.",
    ///         "deprecated": true,
    ///         "responses": { "200": { "description": "OK" } }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {
    ///     "/items": {
    ///       "get": {
    ///         "operationId": "ListItems",
    ///         "summary": "List items (deprecated)",
    ///         "description": "Lists the items (deprecated). Use List items (V2) instead.",
    ///         "deprecated": true,
    ///         "responses": { "200": { "description": "OK" } }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Deprecate an operation*.
    pub(crate) DeprecatedMarking {
        code: "SW062",
        name: "deprecated-marking",
        family: SW,
        category: Certification,
        levels: [W, W, I],
        summary: "a deprecated operation says `(deprecated)` in its summary and description",
    }
}

impl Rule for DeprecatedMarking {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        for operation in operations(view).filter(|operation| operation.is_deprecated()) {
            for key in ["summary", "description"] {
                let Some(value) = present(operation, key) else {
                    continue;
                };
                if value.to_lowercase().contains("(deprecated)") {
                    continue;
                }
                let help = if key == "summary" {
                    "append ` (deprecated)` to the summary so that makers see it in the action list"
                } else {
                    "add `(deprecated)` to the description, and name the action that replaces it"
                };
                cx.report(
                    file,
                    Target::value(&operation.pointer.child(key)),
                    format!(
                        "{} is deprecated but its `{key}` does not say `(deprecated)`",
                        operation.label()
                    ),
                )
                .help(help);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::comparable;

    #[test]
    fn comparison_ignores_case_space_and_a_final_period() {
        assert_eq!(comparable(" List items. "), comparable("list Items"));
        assert_ne!(comparable("List items.."), comparable("List items"));
    }
}
