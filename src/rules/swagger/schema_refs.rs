//! `$ref` targets for the rules that walk schemas through references (SW094, SW103, SW106):
//! what [`Swagger::resolution`] and [`Swagger::node_at`] give, found cheaply.
//!
//! Resolving through the view builds the target's pointer, clones it and parses it again to
//! find the node; a walk meets the same references thousands of times. Nearly every reference
//! names a definition (`#/definitions/NAME`), which is looked up here by name; any other string
//! goes through the view once and is remembered.

use foldhash::{HashMap, HashMapExt};

use crate::json::{Node, Pointer};
use crate::package::swagger::{RefTarget, Swagger};

/// Resolves `$ref` strings to the nodes they lead to, as the view does.
pub(super) struct RefTargets<'v, 'a> {
    view: &'v Swagger<'a>,
    /// The entries of `definitions` by name (the last of duplicates, as in the view), `None`
    /// for an alias (an entry that is itself a reference); built on the first reference, since
    /// many walks meet none.
    definitions: Option<HashMap<&'a str, Option<&'a Node>>>,
    /// Every other string met so far, and where it leads.
    others: HashMap<&'a str, Option<&'a Node>>,
    /// A reference led somewhere other than a `#/definitions/NAME` entry.
    left_definitions: bool,
}

impl<'v, 'a> RefTargets<'v, 'a> {
    pub(super) fn new(view: &'v Swagger<'a>) -> Self {
        RefTargets {
            view,
            definitions: None,
            others: HashMap::new(),
            left_definitions: false,
        }
    }

    /// The node `reference` resolves to (following alias chains), if it resolves: the node
    /// `view.node_at` gives for a `RefTarget::Found` resolution.
    pub(super) fn target(&mut self, reference: &'a str) -> Option<&'a Node> {
        if let Some(definition) = self.definition(reference) {
            return Some(definition);
        }
        if let Some(found) = self.others.get(reference) {
            return *found;
        }
        let found = match self.view.resolution(reference) {
            RefTarget::Found(pointer) => {
                self.left_definitions |= !is_definition(&pointer);
                self.view.node_at(&pointer)
            }
            _ => None,
        };
        self.others.insert(reference, found);
        found
    }

    /// The entry a plain `#/definitions/NAME` reference names, when that entry is not an
    /// alias: the view resolves such a reference to `RefTarget::Found` at that entry. `None`
    /// for any other string (the view decides what it is).
    fn definition(&mut self, reference: &str) -> Option<&'a Node> {
        // A plain name has no `~` escape and no deeper segment; the entry is the last of that
        // name, as the view finds it, unless it is itself a reference (an alias chain, which
        // the view follows and bounds).
        let name = reference.strip_prefix("#/definitions/")?;
        if !is_plain_name(name) {
            return None;
        }
        let view = self.view;
        let definitions = self
            .definitions
            .get_or_insert_with(|| definitions_by_name(view));
        definitions.get(name).copied().flatten()
    }

    /// A node with its `$ref` followed, when it has one that resolves: the node of
    /// `view.deref`.
    pub(super) fn deref(&mut self, node: &'a Node) -> Option<&'a Node> {
        match node.get("$ref").and_then(Node::as_str) {
            None => Some(node),
            Some(reference) => self.target(reference),
        }
    }

    /// Whether a reference resolved so far led somewhere other than a `#/definitions/NAME`
    /// entry (a node inside a definition, a parameter, …).
    pub(super) fn left_definitions(&self) -> bool {
        self.left_definitions
    }
}

/// Recognises direct references to definitions: `#/definitions/NAME` with a plain name (no `~`
/// escape, no deeper segment) in a document none of whose definitions is an alias (a bare
/// `$ref`). The view resolves such a reference to the entry or to nothing, without following
/// a chain: it is never external, malformed, on a cycle or too long. Nearly every reference of
/// the corpus is one, and this says so without a resolution per reference.
pub(super) struct DirectDefinitions {
    /// No definition is an alias (`definitions` is an object, or absent).
    no_aliases: bool,
}

impl DirectDefinitions {
    pub(super) fn new(view: &Swagger<'_>) -> Self {
        // The view reads the last `definitions` member, as `get` finds it; a later duplicate
        // entry replaces an earlier one, so every entry is looked at.
        let no_aliases = match view.root().get("definitions") {
            None => true,
            Some(definitions) => definitions.as_object().is_some_and(|entries| {
                entries
                    .iter()
                    .all(|entry| entry.value.get("$ref").and_then(Node::as_str).is_none())
            }),
        };
        DirectDefinitions { no_aliases }
    }

    pub(super) fn holds(&self, target: &str) -> bool {
        self.no_aliases
            && target
                .strip_prefix("#/definitions/")
                .is_some_and(is_plain_name)
    }
}

/// A reference token without a `~` escape or a `/` (the name of an entry, as written).
fn is_plain_name(name: &str) -> bool {
    // `memchr2` looks at many bytes a step; every reference of a swagger passes here.
    memchr::memchr2(b'/', b'~', name.as_bytes()).is_none()
}

/// The entries of `definitions` by name, `None` for an alias (the view follows its chain); a
/// later duplicate replaces an earlier one.
fn definitions_by_name<'a>(view: &Swagger<'a>) -> HashMap<&'a str, Option<&'a Node>> {
    let entries = view
        .root()
        .get("definitions")
        .map(Node::members)
        .unwrap_or_default();
    let mut by_name = HashMap::with_capacity(entries.len());
    for entry in entries {
        let alias = entry.value.get("$ref").and_then(Node::as_str).is_some();
        by_name.insert(entry.key.as_str(), (!alias).then_some(&entry.value));
    }
    by_name
}

/// A `#/definitions/NAME` entry.
fn is_definition(pointer: &Pointer) -> bool {
    pointer
        .as_str()
        .strip_prefix("/definitions/")
        .is_some_and(|name| !name.contains('/'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    #[test]
    fn targets_are_the_nodes_the_view_resolves_to() {
        let root = parse(
            r##"{"definitions": {
                "A": {"type": "object", "properties": {"b": {"type": "string"}}},
                "A": {"type": "string", "title": "the last A"},
                "Alias": {"$ref": "#/definitions/A"},
                "Loop": {"$ref": "#/definitions/Loop"},
                "a/b": {"type": "integer"},
                "t~x": {"type": "boolean"}
            },
            "parameters": {"P": {"name": "p", "in": "query", "type": "string"}}}"##,
        )
        .unwrap();
        let view = Swagger::build(&root);
        let mut targets = RefTargets::new(&view);
        for reference in [
            "#/definitions/A",
            "#/definitions/Alias",
            "#/definitions/Loop",
            "#/definitions/Missing",
            "#/definitions/a~1b",
            "#/definitions/t~0x",
            "#/definitions/t~x",
            "#/definitions/A/properties/b",
            "#/parameters/P",
            "other.json#/definitions/A",
            "#definitions/A",
        ] {
            let expected = match view.resolution(reference) {
                RefTarget::Found(pointer) => view.node_at(&pointer),
                _ => None,
            };
            if targets.definition(reference).is_some() {
                assert!(
                    matches!(view.resolution(reference), RefTarget::Found(_)),
                    "{reference}"
                );
            }
            let found = targets.target(reference);
            assert_eq!(
                found.map(std::ptr::from_ref),
                expected.map(std::ptr::from_ref),
                "{reference}"
            );
        }
        assert_eq!(
            targets
                .target("#/definitions/A")
                .and_then(|a| a.get("title"))
                .and_then(Node::as_str),
            Some("the last A")
        );
        assert!(
            targets.left_definitions(),
            "`#/parameters/P` is no definition"
        );
    }

    #[test]
    fn direct_references_to_definitions_resolve_without_a_chain() {
        let references = [
            "#/definitions/A",
            "#/definitions/Missing",
            "#/definitions/",
            "#/definitions/A/properties/b",
            "#/definitions/a~1b",
            "#/definitions/t~x",
            "#/definitions/0",
            "#/parameters/P",
        ];
        let documents = [
            r##"{"definitions": {"A": {"properties": {"b": {"$ref": "#/definitions/A"}}}, "a/b": {}}}"##,
            r##"{"definitions": {"A": {"type": "string"}, "B": {"$ref": "#/definitions/A"}}}"##,
            r##"{"definitions": [{"$ref": "http://example.com"}]}"##,
            r##"{"parameters": {"P": {"$ref": "#/parameters/P"}}}"##,
        ];
        let mut held = 0;
        for document in documents {
            let root = parse(document).unwrap();
            let view = Swagger::build(&root);
            let direct = DirectDefinitions::new(&view);
            for reference in references {
                if direct.holds(reference) {
                    held += 1;
                    assert!(
                        matches!(
                            view.resolution(reference),
                            RefTarget::Found(_) | RefTarget::NotFound
                        ),
                        "{document}: {reference}"
                    );
                }
            }
        }
        // The first and last documents have no alias among their definitions.
        assert_eq!(held, 8);
    }
}
