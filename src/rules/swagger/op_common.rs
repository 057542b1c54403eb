//! Small helpers shared by the path and operation rules (SW040–SW063).

use crate::json::{Node, Pointer};
use crate::package::swagger::{Operation, Swagger};

/// `/paths`.
pub(super) fn paths_pointer() -> Pointer {
    Pointer::root().child("paths")
}

/// The operations of real paths (not of `x-` extension members of `paths`).
pub(super) fn operations<'v, 'a>(view: &'v Swagger<'a>) -> impl Iterator<Item = &'v Operation<'a>> {
    view.operations()
        .iter()
        .filter(|operation| !operation.path.starts_with("x-"))
}

/// `` `GET /items` ``: an operation's method and path, for naming a second operation.
pub(super) fn route(operation: &Operation<'_>) -> String {
    format!("`{} {}`", operation.method.to_uppercase(), operation.path)
}

/// `` `ListItems` (`GET /items`) `` or `` `GET /items` ``.
pub(super) fn name_with_route(operation: &Operation<'_>) -> String {
    match operation.operation_id() {
        Some(id) => format!("`{id}` ({})", route(operation)),
        None => route(operation),
    }
}

/// A string member of an operation, classified.
pub(super) enum Text<'a> {
    Absent,
    /// Present but not a string.
    NotString(&'a Node),
    /// A string with no character that is not white space (rules.md §1.5).
    Blank,
    Present(&'a str),
}

pub(super) fn text<'a>(operation: &Operation<'a>, key: &str) -> Text<'a> {
    match operation.node.get(key) {
        None => Text::Absent,
        Some(node) => match node.as_str() {
            None => Text::NotString(node),
            Some(s) if s.trim().is_empty() => Text::Blank,
            Some(s) => Text::Present(s),
        },
    }
}

/// A character named for a message: `` `&` ``, `a space`, `a line break`.
pub(super) fn describe_char(c: char) -> String {
    match c {
        ' ' => "a space".to_owned(),
        '\n' | '\r' => "a line break".to_owned(),
        '\t' => "a tab".to_owned(),
        '`' => "a backtick".to_owned(),
        c if c.is_whitespace() => format!("the white-space character U+{:04X}", u32::from(c)),
        c if c.is_control() => format!("the control character U+{:04X}", u32::from(c)),
        c => format!("`{c}`"),
    }
}

/// `a`, `a and b`, `a, b and c`.
pub(super) fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// `a`, `a and b`, `a, b, c and 2 more`: at most `shown` items named.
pub(super) fn join_some(items: &[String], shown: usize) -> String {
    if items.len() <= shown {
        join_and(items)
    } else {
        format!(
            "{} and {} more",
            items[..shown].join(", "),
            items.len() - shown
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins() {
        let s = |v: &[&str]| v.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
        assert_eq!(join_and(&s(&[])), "");
        assert_eq!(join_and(&s(&["a"])), "a");
        assert_eq!(join_and(&s(&["a", "b", "c"])), "a, b and c");
        assert_eq!(join_some(&s(&["a", "b", "c", "d"]), 2), "a, b and 2 more");
        assert_eq!(describe_char(' '), "a space");
        assert_eq!(describe_char('&'), "`&`");
    }
}
