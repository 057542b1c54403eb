use crate::diagnostic::Target;
use crate::json::Pointer;
use crate::rules::levels::E;
use crate::rules::{Rule, RuleContext, declare_rule};

use super::common::article;
use super::known_keys::KNOWN;

declare_rule! {
    /// ## What it does
    /// Checks the outer shape of `apiProperties.json`: the root is an object holding a
    /// `properties` object and, optionally, `$schema`, and nothing else.
    ///
    /// ## Why is this bad?
    /// The platform reads the connector's settings from `properties` only. Settings written at
    /// the root (a common slip when copying from the portal) are ignored, and the schema
    /// `paconn` uses rejects any other root member.
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "iconBrandColor": "#0f6cbd",
    ///   "properties": {
    ///     "capabilities": ["actions"],
    ///     "publisher": "Contoso Ltd",
    ///     "stackOwner": "Contoso Ltd"
    ///   }
    /// }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// {
    ///   "properties": {
    ///     "iconBrandColor": "#0f6cbd",
    ///     "capabilities": ["actions"],
    ///     "publisher": "Contoso Ltd",
    ///     "stackOwner": "Contoso Ltd"
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// `schemas/paconn-apiProperties.schema.json` (root: `required: [properties]`,
    /// `additionalProperties: false`).
    pub(crate) RootShape {
        code: "AP004",
        name: "root-shape",
        family: AP,
        category: Schema,
        levels: [E, E, E],
        summary: "the root holds only a `properties` object and an optional `$schema`",
    }
}

impl Rule for RootShape {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, root)) = cx.package().properties() else {
            return;
        };
        let root_pointer = Pointer::root();
        if !root.is_object() {
            cx.report(
                file,
                Target::Value(root_pointer),
                format!("the root is {}, not an object", article(root)),
            )
            .help(
                "the file must be one object: `{ \"properties\": { \"iconBrandColor\": …, … } }`",
            );
            return;
        }
        match root.get("properties") {
            None => {
                cx.report(
                    file,
                    Target::missing(&root_pointer, "properties"),
                    "the root has no `properties` object",
                )
                .help("put the connector's settings inside `\"properties\": { … }`");
            }
            Some(properties) if !properties.is_object() => {
                cx.report(
                    file,
                    Target::value(&root_pointer.child("properties")),
                    format!("`properties` is {}, not an object", article(properties)),
                )
                .help(
                    "make `properties` an object: `\"properties\": { \"iconBrandColor\": …, … }`",
                );
            }
            Some(_) => {}
        }
        for member in root.members() {
            if member.key == "properties" || member.key == "$schema" {
                continue;
            }
            let help = if KNOWN.contains(&member.key.as_str()) {
                format!("move `{}` into the `properties` object", member.key)
            } else {
                format!(
                    "remove `{}`: the root holds only `properties` and `$schema`",
                    member.key
                )
            };
            cx.report(
                file,
                Target::key(&root_pointer.child(&member.key)),
                format!("`{}` does not belong at the root", member.key),
            )
            .help(help);
        }
    }
}
