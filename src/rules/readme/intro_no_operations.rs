use foldhash::{HashSet, HashSetExt};

use super::markdown::{Block, List, normalize, plain, words};
use super::support::markdown;
use crate::diagnostic::Target;
use crate::json::{Node, TextRange};
use crate::package::Artifact;
use crate::rules::levels::{OFF, W};
use crate::rules::{Rule, RuleContext, declare_rule};

/// Words a heading about operations is made of (besides one of [`OPERATION_WORDS`]).
const FILLER: [&str; 12] = [
    "supported",
    "available",
    "list",
    "of",
    "the",
    "and",
    "or",
    "connector",
    "connectors",
    "its",
    "all",
    "our",
];

/// At least one of these makes a heading about operations.
const OPERATION_WORDS: [&str; 6] = [
    "action",
    "actions",
    "trigger",
    "triggers",
    "operation",
    "operations",
];

/// How many items of one list must name operations for it to be an operation list.
const MIN_MATCHING_ITEMS: usize = 2;

declare_rule! {
    /// ## What it does
    /// Flags lists of actions or triggers in `intro.md`. Two heuristics find them:
    /// - **A heading about operations with entries under it.** The heading's words are only
    ///   `action(s)`, `trigger(s)` or `operation(s)` and filler (`supported`, `available`,
    ///   `list`, `of`, `the`, `and`, `or`, `connector`, `its`, `all`, `our`): "Actions",
    ///   "Supported Operations", "Available actions and triggers". It is reported when its
    ///   section holds a list or sub-headings; a heading followed by prose only is not.
    ///   "Known issues with triggers" is not such a heading.
    /// - **A list naming the swagger's operations.** At least two items of one list start with
    ///   an operation's `summary` or `operationId`: the item's text up to the first `:`, ` - `,
    ///   ` – ` or ` — `, compared with emphasis, code marks, a final period, case and runs of
    ///   white space ignored. This part runs only when the swagger was read (rules.md §1.4).
    ///
    /// Mentioning an action in a sentence ("select *Create task* from the list of actions") is
    /// fine.
    ///
    /// ## Why is this bad?
    /// The documentation page's list of actions and triggers is generated from the connector
    /// during certification. A hand-written list in the intro repeats it and falls out of date.
    ///
    /// ## Example
    /// ```markdown
    /// ## Supported Operations
    /// * `Create task`: creates a task.
    /// * `List tasks`: lists the tasks of a project.
    /// ```
    /// Use instead: leave the list out, and show how the operations are used under
    /// `## Get started with your connector`:
    /// ```markdown
    /// ## Get started with your connector
    /// Add *Create task* to a flow that runs when a form is submitted.
    /// ```
    ///
    /// ## Source
    /// rules.md RM013: Learn *Submit your connector for Microsoft certification*, step 5
    /// ("Don't include information about your connector's actions or triggers … this information
    /// will be automatically generated"; `../shared/spec/sources/submit-for-certification.txt`).
    pub(crate) IntroNoOperations {
        code: "RM013",
        name: "intro-no-operations",
        family: RM,
        category: Certification,
        levels: [W, W, OFF],
        summary: "intro.md lists no actions or triggers",
    }
}

impl Rule for IntroNoOperations {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some(intro) = markdown(cx, Artifact::Intro) else {
            return;
        };
        let blocks = &intro.outline.blocks;
        // Lists already reported under an operations heading.
        let mut covered = HashSet::new();
        for (index, block) in blocks.iter().enumerate() {
            let Block::Heading(heading) = block else {
                continue;
            };
            if !is_operations_heading(&heading.text) {
                continue;
            }
            let section = intro.outline.section(index);
            let entries = section
                .iter()
                .filter(|b| matches!(b, Block::List(_) | Block::Heading(_)))
                .count();
            if entries == 0 {
                continue;
            }
            for b in section {
                if let Block::List(list) = b {
                    covered.insert(list.range.start);
                }
            }
            cx.report(
                intro.id,
                Target::Range(heading.range),
                format!("intro.md lists the connector's operations under `{}`", heading.text),
            )
            .help("remove the list: the actions and triggers are documented automatically during certification");
        }

        let Some((_, swagger)) = cx.swagger() else {
            return;
        };
        let names: HashSet<String> = swagger
            .operations()
            .iter()
            .flat_map(|op| {
                let summary = op.node.get("summary").and_then(Node::as_str);
                [summary, op.operation_id()]
            })
            .flatten()
            .map(key)
            .filter(|k| !k.is_empty())
            .collect();
        if names.is_empty() {
            return;
        }
        for block in blocks {
            let Block::List(list) = block else {
                continue;
            };
            if covered.contains(&list.range.start) {
                continue;
            }
            let items = operation_items(list, &names);
            if let Some((first, _)) = items.first() {
                let named: Vec<String> =
                    items.iter().map(|(_, name)| format!("`{name}`")).collect();
                cx.report(
                    intro.id,
                    Target::Range(*first),
                    format!("this list names the connector's operations {}", named.join(", ")),
                )
                .help("remove the list: the actions and triggers are documented automatically during certification");
            }
        }
    }
}

/// Whether a heading is about the connector's operations: only operation words and filler.
fn is_operations_heading(text: &str) -> bool {
    let words = words(text);
    words.iter().any(|w| OPERATION_WORDS.contains(&w.as_str()))
        && words
            .iter()
            .all(|w| OPERATION_WORDS.contains(&w.as_str()) || FILLER.contains(&w.as_str()))
}

/// The items of a list naming an operation (range, name as written), when there are enough.
fn operation_items(list: &List, names: &HashSet<String>) -> Vec<(TextRange, String)> {
    let matching: Vec<_> = list
        .items
        .iter()
        .filter_map(|item| {
            let first = item.text.lines().next().unwrap_or("");
            let lead = lead(first);
            names
                .contains(&key(lead))
                .then(|| (item.range, plain(lead).trim().to_owned()))
        })
        .collect();
    if matching.len() >= MIN_MATCHING_ITEMS {
        matching
    } else {
        Vec::new()
    }
}

/// An item's lead: its text up to the first `:`, ` - `, ` – ` or ` — `.
fn lead(text: &str) -> &str {
    [":", " - ", " – ", " — "]
        .iter()
        .filter_map(|sep| text.find(sep))
        .min()
        .map_or(text, |at| &text[..at])
}

/// A name for comparing: emphasis and code marks removed, final period dropped, case and runs
/// of white space ignored.
fn key(text: &str) -> String {
    normalize(text).trim_end_matches('.').trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_headings() {
        assert!(is_operations_heading("Supported Operations"));
        assert!(is_operations_heading("Actions"));
        assert!(is_operations_heading("Available actions and triggers"));
        assert!(!is_operations_heading("Known issues with triggers"));
        assert!(!is_operations_heading("Get started with your connector"));
    }

    #[test]
    fn item_lead() {
        assert_eq!(key(lead("`Send SMS`: Send a SMS message")), "send sms");
        assert_eq!(
            key(lead("**Create task** - creates a task.")),
            "create task"
        );
        assert_eq!(key(lead("Create task.")), "create task");
    }
}
