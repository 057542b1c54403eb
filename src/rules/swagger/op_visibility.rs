//! SW061: operation `x-ms-visibility`.

use crate::diagnostic::Target;
use crate::rules::levels::OFF;
use crate::rules::{Rule, RuleContext, declare_rule};

use super::op_common::operations;

declare_rule! {
    /// ## What it does
    /// Checks that every operation declares `x-ms-visibility` (`important`, `advanced` or
    /// `internal`). The rule is off in every profile; select it (`--select SW061`) to run it.
    ///
    /// ## Why is this bad?
    /// `x-ms-visibility` decides where the designer lists the action: `important` actions come
    /// first, `advanced` ones are folded away and `internal` ones are hidden. The certification
    /// checklist asks for it on every operation, but almost no accepted connector sets it on
    /// all operations, so the rule is opt-in advice.
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
    ///         "x-ms-visibility": "important",
    ///         "responses": { "200": { "description": "OK" } }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Verified publisher certification process*, "Checklist before submitting";
    /// *Extend an OpenAPI definition* (`x-ms-visibility`).
    pub(crate) OpVisibility {
        code: "SW061",
        name: "op-visibility",
        family: SW,
        category: Style,
        levels: [OFF, OFF, OFF],
        summary: "every operation declares `x-ms-visibility` (off unless selected)",
    }
}

impl Rule for OpVisibility {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        for operation in operations(view) {
            if operation.node.member("x-ms-visibility").is_some() {
                continue;
            }
            cx.report(
                file,
                Target::missing(&operation.pointer, "x-ms-visibility"),
                format!("{} has no `x-ms-visibility`", operation.label()),
            )
            .help("add `\"x-ms-visibility\"` with `\"important\"`, `\"advanced\"` or `\"internal\"` to say where the designer lists the action");
        }
    }
}
