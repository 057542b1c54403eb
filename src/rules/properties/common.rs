//! Shapes the AP rules share: the `properties` object, connection parameters (including those of
//! parameter sets), the swagger's operationIds, and small text helpers for messages.

use std::collections::BTreeSet;

use crate::json::{Member, Node, Pointer};
use crate::package::FileId;
use crate::rules::RuleContext;

/// `/properties`.
pub(super) fn properties_pointer() -> Pointer {
    Pointer::root().child("properties")
}

/// The `properties` object of a cleanly parsed apiProperties.json (AP004 reports the rest).
pub(super) fn properties<'a>(cx: &RuleContext<'a>) -> Option<(FileId, &'a Node)> {
    let (file, root) = cx.package().properties()?;
    let properties = root.get("properties").filter(|node| node.is_object())?;
    Some((file, properties))
}

/// One connection parameter: a member of `connectionParameters` or of a parameter set's
/// `parameters`.
#[derive(Clone, Debug)]
pub(super) struct Param<'a> {
    pub(super) name: &'a str,
    pub(super) pointer: Pointer,
    pub(super) node: &'a Node,
    /// The `name` of the parameter set holding it, if it belongs to one.
    pub(super) set: Option<&'a str>,
}

impl<'a> Param<'a> {
    /// `` `token` `` or `` `token` of parameter set `oauth` ``, for messages.
    pub(super) fn label(&self) -> String {
        match self.set {
            Some(set) => format!("`{}` of parameter set `{set}`", self.name),
            None => format!("`{}`", self.name),
        }
    }

    /// The parameter's `type` when it is a string.
    pub(super) fn kind(&self) -> Option<&'a str> {
        self.node.get("type").and_then(Node::as_str)
    }

    /// Whether the parameter is an OAuth parameter (`oauthSetting`, in any case: AP041
    /// reports the spelling).
    pub(super) fn is_oauth(&self) -> bool {
        self.kind()
            .is_some_and(|kind| kind.eq_ignore_ascii_case("oauthSetting"))
    }

    /// `oAuthSettings`, spelled exactly.
    pub(super) fn oauth_settings(&self) -> Option<(Pointer, &'a Node)> {
        self.node
            .get("oAuthSettings")
            .filter(|node| node.is_object())
            .map(|node| (self.pointer.child("oAuthSettings"), node))
    }
}

/// Every connection parameter: `connectionParameters`, then each
/// `connectionParameterSets.values[].parameters`, in document order.
pub(super) fn connection_parameters(properties: &Node) -> Vec<Param<'_>> {
    let mut out = Vec::new();
    let base = properties_pointer();
    if let Some(map) = properties.get("connectionParameters") {
        let pointer = base.child("connectionParameters");
        for member in map.members() {
            if member.value.is_object() {
                out.push(Param {
                    name: &member.key,
                    pointer: pointer.child(&member.key),
                    node: &member.value,
                    set: None,
                });
            }
        }
    }
    if let Some(values) = properties
        .get("connectionParameterSets")
        .and_then(|sets| sets.get("values"))
    {
        let values_pointer = base.child("connectionParameterSets").child("values");
        for (index, value) in values.items().iter().enumerate() {
            let Some(map) = value.get("parameters") else {
                continue;
            };
            let set = value.get("name").and_then(Node::as_str);
            let pointer = values_pointer.child_index(index).child("parameters");
            for member in map.members() {
                if member.value.is_object() {
                    out.push(Param {
                        name: &member.key,
                        pointer: pointer.child(&member.key),
                        node: &member.value,
                        set: Some(set.unwrap_or("?")),
                    });
                }
            }
        }
    }
    out
}

/// The swagger's operationIds, or `None` when the swagger is absent or did not parse
/// (rules.md §1.4: the cross-file part is skipped).
pub(super) fn operation_ids<'a>(cx: &RuleContext<'a>) -> Option<BTreeSet<&'a str>> {
    let (_, swagger) = cx.swagger()?;
    Some(
        swagger
            .operations()
            .iter()
            .filter_map(|operation| operation.operation_id())
            .collect(),
    )
}

/// A member whose key equals `key` ignoring ASCII case (the last one, as `get` does).
pub(super) fn member_ignore_case<'a>(node: &'a Node, key: &str) -> Option<&'a Member> {
    node.members()
        .iter()
        .rev()
        .find(|member| member.key.eq_ignore_ascii_case(key))
}

pub(super) use crate::rules::helpers::article;

/// A value for messages: `` `"text"` `` for a string, `a number` otherwise.
pub(super) fn describe(node: &Node) -> String {
    match node.as_str() {
        Some(text) => format!("`\"{}\"`", shorten(text)),
        None => article(node),
    }
}

/// At most 60 characters of a value, with `…` when cut.
pub(super) fn shorten(text: &str) -> String {
    const MAX: usize = 60;
    match text.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// The candidate closest to `word` (ASCII case ignored), if it is a plausible misspelling.
pub(super) fn closest<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    let lower = word.to_ascii_lowercase();
    let mut best: Option<(usize, &'c str)> = None;
    for &candidate in candidates {
        let distance = levenshtein(&lower, &candidate.to_ascii_lowercase());
        if best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    let (distance, candidate) = best?;
    let limit = (candidate.chars().count() / 4).clamp(1, 3);
    (distance <= limit).then_some(candidate)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

/// `a`, `a` and `b`, `a`, `b` and 3 more: a short list of backticked names.
pub(super) fn list(names: &[&str]) -> String {
    const SHOWN: usize = 3;
    let quoted: Vec<String> = names
        .iter()
        .take(SHOWN)
        .map(|name| format!("`{name}`"))
        .collect();
    match names.len() {
        0 => String::new(),
        1 => quoted[0].clone(),
        n if n <= SHOWN => format!("{} and {}", quoted[..n - 1].join(", "), quoted[n - 1]),
        n => format!("{} and {} more", quoted.join(", "), n - SHOWN),
    }
}

#[cfg(test)]
mod tests {
    use super::{closest, levenshtein, list};

    #[test]
    fn distances() {
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("", "abc"), 3);
        assert_eq!(levenshtein("abc", "abc"), 0);
    }

    #[test]
    fn suggestions() {
        let known = ["iconBrandColor", "publisher", "stackOwner"];
        assert_eq!(closest("iconBrandColour", &known), Some("iconBrandColor"));
        assert_eq!(closest("Publisher", &known), Some("publisher"));
        assert_eq!(closest("script", &known), None);
    }

    #[test]
    fn lists() {
        assert_eq!(list(&["a"]), "`a`");
        assert_eq!(list(&["a", "b"]), "`a` and `b`");
        assert_eq!(list(&["a", "b", "c"]), "`a`, `b` and `c`");
        assert_eq!(list(&["a", "b", "c", "d"]), "`a`, `b`, `c` and 1 more");
    }
}
