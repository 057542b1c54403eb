//! AP030, AP031: `capabilities`.

use crate::diagnostic::{Severity, Target};
use crate::json::Node;
use crate::rules::helpers::expect_array;
use crate::rules::levels::{I, OFF, W};
use crate::rules::{Rule, RuleContext, declare_rule};

use super::common::{article, describe, list, properties, properties_pointer};

const CAPABILITIES: [&str; 2] = ["actions", "triggers"];

declare_rule! {
    /// ## What it does
    /// Checks that `properties.capabilities`, when present, is an array of strings, each
    /// `actions` or `triggers`, written in lower case. Other values (`gateway`, `cloud only`,
    /// `Actions`) are warnings.
    ///
    /// ## Why is this bad?
    /// `capabilities` tells the platform what the connector offers. The schema's examples and
    /// every template use exactly `actions` and `triggers`; other words and other spellings
    /// are at best ignored.
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "properties": {
    ///     "iconBrandColor": "#0f6cbd",
    ///     "capabilities": ["Actions"],
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
    /// `schemas/paconn-apiProperties.schema.json` (an array of strings; examples); the
    /// repository `README.md`, which also mentions "cloud only" and "on-prem gateway".
    pub(crate) CapabilitiesValues {
        code: "AP030",
        name: "capabilities-values",
        family: AP,
        category: Certification,
        levels: [W, W, I],
        summary: "`capabilities` is an array of `actions` and `triggers`",
    }
}

impl Rule for CapabilitiesValues {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, properties)) = properties(cx) else {
            return;
        };
        let Some(capabilities) = properties.get("capabilities") else {
            return;
        };
        let pointer = properties_pointer().child("capabilities");
        let Some(items) = expect_array(
            cx,
            file,
            &pointer,
            capabilities,
            "capabilities",
            "write `\"capabilities\": [\"actions\"]`, adding `\"triggers\"` when the connector has triggers",
        ) else {
            return;
        };
        for (index, item) in items.iter().enumerate() {
            let item_pointer = pointer.child_index(index);
            let Some(value) = item.as_str() else {
                cx.report(
                    file,
                    Target::value(&item_pointer),
                    format!("a capability is {}, not a string", article(item)),
                )
                .help("list capabilities as strings: `\"actions\"`, `\"triggers\"`");
                continue;
            };
            if CAPABILITIES.contains(&value) {
                continue;
            }
            let (message, help) = match CAPABILITIES
                .iter()
                .find(|known| known.eq_ignore_ascii_case(value.trim()))
            {
                Some(known) => (
                    format!("capability {} is not written in lower case", describe(item)),
                    format!("write `\"{known}\"`: capabilities are case-sensitive"),
                ),
                None => (
                    format!("{} is not a known capability", describe(item)),
                    "use `\"actions\"` and `\"triggers\"` only".to_owned(),
                ),
            };
            cx.report(file, Target::value(&item_pointer), message)
                .help(help)
                .at_most(Severity::Warning);
        }
    }
}

declare_rule! {
    /// ## What it does
    /// When `capabilities` lists anything and an operation of the swagger has
    /// `x-ms-trigger`, checks that `capabilities` includes `triggers`. Reported in
    /// `apiProperties.json`; skipped when the swagger is absent or does not parse.
    ///
    /// ## Why is this bad?
    /// A connector that defines triggers but declares only `actions` describes itself
    /// inconsistently. Accepted connectors do this, so it is only a hint.
    ///
    /// ## Example
    /// With a swagger whose `OnNewInvoice` operation has `"x-ms-trigger": "single"`:
    /// ```json
    /// {
    ///   "properties": {
    ///     "iconBrandColor": "#0f6cbd",
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
    ///     "capabilities": ["actions", "triggers"],
    ///     "publisher": "Contoso Ltd",
    ///     "stackOwner": "Contoso Ltd"
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// The corpus; rules.md §1.4 (cross-file findings).
    pub(crate) CapabilitiesTriggers {
        code: "AP031",
        name: "capabilities-triggers",
        family: AP,
        category: Certification,
        levels: [I, I, OFF],
        summary: "`capabilities` includes `triggers` when the swagger defines triggers",
    }
}

impl Rule for CapabilitiesTriggers {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, properties)) = properties(cx) else {
            return;
        };
        let Some(items) = properties.get("capabilities").and_then(Node::as_array) else {
            return;
        };
        if items.is_empty()
            || items.iter().any(|item| {
                item.as_str()
                    .is_some_and(|v| v.trim().eq_ignore_ascii_case("triggers"))
            })
        {
            return;
        }
        let Some((_, swagger)) = cx.swagger() else {
            return;
        };
        let triggers: Vec<String> = swagger
            .operations()
            .iter()
            .filter(|operation| operation.node.get("x-ms-trigger").is_some())
            .map(|operation| match operation.operation_id() {
                Some(id) => id.to_owned(),
                None => format!("{} {}", operation.method.to_uppercase(), operation.path),
            })
            .collect();
        if triggers.is_empty() {
            return;
        }
        let names: Vec<&str> = triggers.iter().map(String::as_str).collect();
        let noun = if names.len() == 1 {
            "trigger"
        } else {
            "triggers"
        };
        cx.report(
            file,
            Target::value(&properties_pointer().child("capabilities")),
            format!(
                "the swagger defines the {noun} {} but `capabilities` does not list `triggers`",
                list(&names)
            ),
        )
        .help("add `\"triggers\"` to `capabilities`");
    }
}
