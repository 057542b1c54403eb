//! Shapes many rules share: operations of a swagger, string tests, lengths (rules.md §1.5).

use crate::json::Node;

/// The HTTP methods an OpenAPI 2.0 path item can hold.
pub(crate) const METHODS: [&str; 7] = ["get", "put", "post", "delete", "options", "head", "patch"];

/// One operation of a swagger.
#[derive(Clone, Debug)]
pub(crate) struct Operation<'a> {
    pub(crate) path: &'a str,
    pub(crate) method: &'a str,
    pub(crate) node: &'a Node,
}

impl Operation<'_> {
    pub(crate) fn operation_id(&self) -> Option<&str> {
        self.node.get("operationId").and_then(Node::as_str)
    }
}

/// Every operation under `paths`, in document order.
pub(crate) fn operations(swagger: &Node) -> Vec<Operation<'_>> {
    let mut out = Vec::new();
    let Some(paths) = swagger.get("paths") else {
        return out;
    };
    for path in paths.members() {
        for member in path.value.members() {
            if METHODS.contains(&member.key.as_str()) && member.value.is_object() {
                out.push(Operation {
                    path: &path.key,
                    method: &member.key,
                    node: &member.value,
                });
            }
        }
    }
    out
}

/// rules.md §1.5: holds at least one character that is not white space.
pub(crate) fn non_empty(text: &str) -> bool {
    !text.trim().is_empty()
}
