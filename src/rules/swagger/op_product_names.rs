//! SW060: product names in operation summaries and descriptions.

use crate::diagnostic::Target;
use crate::json::Node;
use crate::rules::levels::{OFF, W};
use crate::rules::{Rule, RuleContext, declare_rule};

use super::op_common::{join_and, operations};
use super::words::product_names;

declare_rule! {
    /// ## What it does
    /// Checks that no operation `summary` or `description` names a Power Platform product:
    /// Power Apps, Power Automate, Logic Apps, Copilot Studio, Power BI, Power Platform, Power
    /// Virtual Agents, Dynamics 365 or Microsoft Flow. Names are matched case-insensitively on
    /// word boundaries, with the space between their words optional (`PowerApps`) and their
    /// final `s` optional (`Power App`).
    ///
    /// ## Why is this bad?
    /// A connector runs in every product of the platform, so text that names one of them is
    /// wrong in the others, and product names change (Microsoft Flow, Power Virtual Agents).
    /// The certification process asks for action text without Power Platform product names.
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
    ///         "description": "Lists the items to use in Power Automate.",
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
    /// Learn, *Verified publisher certification process* ("any Power Platform product
    /// name"); rules.md §1.5 and §4 (the product list).
    pub(crate) OpProductNames {
        code: "SW060",
        name: "op-product-names",
        family: SW,
        category: Certification,
        levels: [W, W, OFF],
        summary: "operation summaries and descriptions name no Power Platform product",
    }
}

impl Rule for OpProductNames {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        for operation in operations(view) {
            for key in ["summary", "description"] {
                // A blank text names no product: no need to tell it apart first.
                let Some(value) = operation.node.get(key).and_then(Node::as_str) else {
                    continue;
                };
                let mut found: Vec<String> = Vec::new();
                for m in product_names(value) {
                    // As written, white space collapsed (`Power\n Apps` → `Power Apps`).
                    let written = value.get(m.start..m.end).map_or_else(
                        || m.name.to_owned(),
                        |w| w.split_whitespace().collect::<Vec<_>>().join(" "),
                    );
                    let quoted = format!("`{written}`");
                    if !found.contains(&quoted) {
                        found.push(quoted);
                    }
                }
                if found.is_empty() {
                    continue;
                }
                cx.report(
                    file,
                    Target::value(&operation.pointer.child(key)),
                    format!(
                        "the `{key}` of {} names {}",
                        operation.label(),
                        join_and(&found)
                    ),
                )
                .help("describe what the action does in your service, without naming Power Platform products");
            }
        }
    }
}
