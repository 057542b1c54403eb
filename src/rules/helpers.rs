//! Small predicates and shapes many rules share (rules.md §1.5; Spectral-style helpers).

use crate::diagnostic::Target;
use crate::json::{Node, Pointer};
use crate::package::FileId;
use crate::rules::RuleContext;

/// rules.md §1.5: holds at least one character that is not white space.
pub(crate) fn non_empty(text: &str) -> bool {
    !text.trim().is_empty()
}

/// The member `key` of `parent` with its pointer. When it is absent, reports it as missing at
/// `parent` (the closest existing ancestor, as Spectral does) with `help`, and returns `None`.
/// The message names the owner: `the swagger has no `host``, `` `info` has no `contact` ``.
pub(crate) fn require_member<'a>(
    cx: &mut RuleContext<'_>,
    file: FileId,
    (parent_pointer, parent): (&Pointer, &'a Node),
    key: &str,
    help: &str,
) -> Option<(Pointer, &'a Node)> {
    if let Some(node) = parent.get(key) {
        return Some((parent_pointer.child(key), node));
    }
    let owner = match parent_pointer.last_segment() {
        Some(segment) => format!("`{segment}`"),
        None => "the swagger".to_owned(),
    };
    cx.report(
        file,
        Target::missing(parent_pointer, key),
        format!("{owner} has no `{key}`"),
    )
    .help(help);
    None
}

/// `an array`, `a string`: a node's kind with its article, for messages.
pub(crate) fn article(node: &Node) -> String {
    let kind = node.kind_name();
    if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
        format!("an {kind}")
    } else {
        format!("a {kind}")
    }
}

/// The items of `node`, which must be an array; otherwise reports `` `label` is a string, not an
/// array `` at `pointer` with `help`, and returns `None`.
pub(crate) fn expect_array<'a>(
    cx: &mut RuleContext<'_>,
    file: FileId,
    pointer: &Pointer,
    node: &'a Node,
    label: &str,
    help: &str,
) -> Option<&'a [Node]> {
    if let Some(items) = node.as_array() {
        return Some(items);
    }
    cx.report(
        file,
        Target::value(pointer),
        format!("`{label}` is {}, not an array", article(node)),
    )
    .help(help);
    None
}
