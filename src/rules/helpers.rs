//! Small predicates many rules share (rules.md §1.5).

/// rules.md §1.5: holds at least one character that is not white space.
pub(crate) fn non_empty(text: &str) -> bool {
    !text.trim().is_empty()
}
