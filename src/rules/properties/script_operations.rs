//! AP060–AP062: `scriptOperations` and `script.csx`.

use crate::diagnostic::Target;
use crate::json::Node;
use crate::package::{Artifact, Mode};
use crate::rules::helpers::expect_array;
use crate::rules::levels::{E, I, OFF, W};
use crate::rules::{Rule, RuleContext, declare_rule};

use super::common::{article, closest, operation_ids, properties, properties_pointer};

declare_rule! {
    /// ## What it does
    /// Checks that `scriptOperations` is an array and that each entry is the `operationId` of
    /// an operation in `apiDefinition.swagger.json`. Reported in `apiProperties.json`; the
    /// comparison with the swagger is skipped when the swagger is absent or does not parse.
    ///
    /// ## Why is this bad?
    /// `scriptOperations` binds operations to the custom code in `script.csx`. An entry that
    /// matches no operation (often one renamed in the swagger) is rejected when the connector
    /// is created, or leaves the renamed operation without its code.
    ///
    /// ## Example
    /// With a swagger whose only operation is `ListInvoices`, and a `script.csx`:
    /// ```json
    /// {
    ///   "properties": {
    ///     "iconBrandColor": "#0f6cbd",
    ///     "capabilities": ["actions"],
    ///     "publisher": "Contoso Ltd",
    ///     "stackOwner": "Contoso Ltd",
    ///     "scriptOperations": ["GetInvoices"]
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
    ///     "stackOwner": "Contoso Ltd",
    ///     "scriptOperations": ["ListInvoices"]
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// The `paconn` README's sample (`tools/paconn-cli`); rules.md §1.4 (cross-file findings).
    pub(crate) ScriptOperationsExist {
        code: "AP060",
        name: "script-operations-exist",
        family: AP,
        category: Certification,
        levels: [E, E, E],
        summary: "every `scriptOperations` entry is an operationId of the swagger",
    }
}

impl Rule for ScriptOperationsExist {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, properties)) = properties(cx) else {
            return;
        };
        let Some(list) = properties.get("scriptOperations") else {
            return;
        };
        let pointer = properties_pointer().child("scriptOperations");
        let Some(items) = expect_array(
            cx,
            file,
            &pointer,
            list,
            "scriptOperations",
            "list the operationIds the script handles: `\"scriptOperations\": [\"ListInvoices\"]`",
        ) else {
            return;
        };
        let ids = operation_ids(cx);
        let known: Vec<&str> = ids.iter().flatten().copied().collect();
        for (index, item) in items.iter().enumerate() {
            let item_pointer = pointer.child_index(index);
            let Some(name) = item.as_str() else {
                cx.report(
                    file,
                    Target::value(&item_pointer),
                    format!(
                        "an entry of `scriptOperations` is {}, not an operationId",
                        article(item)
                    ),
                )
                .help("list operationIds as strings");
                continue;
            };
            let Some(ids) = &ids else {
                continue;
            };
            if ids.contains(name) {
                continue;
            }
            let help = match closest(name, &known) {
                Some(near) => format!(
                    "use `{near}` if that is the operation you meant: entries must match an `operationId` exactly"
                ),
                None => "use an `operationId` of the swagger, or remove the entry".to_owned(),
            };
            cx.report(
                file,
                Target::value(&item_pointer),
                format!(
                    "`scriptOperations` names operation `{name}`, which the swagger does not define"
                ),
            )
            .help(help);
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Notes a package that has a `script.csx` while `scriptOperations` is absent or an empty
    /// list, so apiProperties.json does not say which operations run the custom code. Not run
    /// on a single file.
    ///
    /// ## Why is this bad?
    /// Listing the operations in `scriptOperations` keeps the binding between the script and
    /// the swagger visible and checkable (AP060). Many accepted connectors leave the list out,
    /// so this is only a hint.
    ///
    /// ## Example
    /// In a package with a `script.csx` that handles `ListInvoices`:
    /// ```json
    /// {
    ///   "properties": {
    ///     "iconBrandColor": "#0f6cbd",
    ///     "capabilities": ["actions"],
    ///     "publisher": "Contoso Ltd",
    ///     "stackOwner": "Contoso Ltd",
    ///     "scriptOperations": []
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
    ///     "stackOwner": "Contoso Ltd",
    ///     "scriptOperations": ["ListInvoices"]
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// The corpus: 20 of the 46 scripts have no `scriptOperations` or an empty list;
    /// rules.md §1.4.
    pub(crate) ScriptOperationsVsFile {
        code: "AP061",
        name: "script-operations-vs-file",
        family: AP,
        category: Certification,
        levels: [I, I, OFF],
        summary: "a package with `script.csx` lists its operations in `scriptOperations`",
    }
}

impl Rule for ScriptOperationsVsFile {
    fn check(&self, cx: &mut RuleContext<'_>) {
        if cx.mode() == Mode::File || cx.package().artifact(Artifact::Script).is_none() {
            return;
        }
        let Some((file, properties)) = properties(cx) else {
            return;
        };
        match properties.get("scriptOperations") {
            None => {
                cx.report(
                    file,
                    Target::missing(&properties_pointer(), "scriptOperations"),
                    "the package has a `script.csx` but `properties` has no `scriptOperations`",
                )
                .help("add `\"scriptOperations\"` listing the operationIds the script handles");
            }
            Some(list) if list.as_array().is_some_and(<[Node]>::is_empty) => {
                cx.report(
                    file,
                    Target::value(&properties_pointer().child("scriptOperations")),
                    "the package has a `script.csx` but `scriptOperations` is empty",
                )
                .help("list the operationIds the script handles in `scriptOperations`");
            }
            Some(_) => {}
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Flags a `scriptOperations` list with at least one entry in a package that has no
    /// `script.csx`. An empty list is not a finding. Not run on a single file.
    ///
    /// ## Why is this bad?
    /// The listed operations are meant to run custom code, and there is none: the connector
    /// cannot be created as written, or the operations behave differently from what was
    /// tested. Usually the script was left out of the package.
    ///
    /// ## Example
    /// In a package without `script.csx`:
    /// ```json,fail
    /// {
    ///   "properties": {
    ///     "iconBrandColor": "#0f6cbd",
    ///     "capabilities": ["actions"],
    ///     "publisher": "Contoso Ltd",
    ///     "stackOwner": "Contoso Ltd",
    ///     "scriptOperations": ["ListInvoices"]
    ///   }
    /// }
    /// ```
    /// Use instead (or add the missing `script.csx`):
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
    /// The `paconn` README's sample (`tools/paconn-cli`); rules.md §1.4.
    pub(crate) ScriptOperationsWithoutScript {
        code: "AP062",
        name: "script-operations-without-script",
        family: AP,
        category: Certification,
        levels: [E, E, W],
        summary: "`scriptOperations` lists operations only when the package has `script.csx`",
    }
}

impl Rule for ScriptOperationsWithoutScript {
    fn check(&self, cx: &mut RuleContext<'_>) {
        if cx.mode() == Mode::File || cx.package().artifact(Artifact::Script).is_some() {
            return;
        }
        let Some((file, properties)) = properties(cx) else {
            return;
        };
        let Some(items) = properties.get("scriptOperations").and_then(Node::as_array) else {
            return;
        };
        if items.is_empty() {
            return;
        }
        let count = items.len();
        let noun = if count == 1 {
            "operation"
        } else {
            "operations"
        };
        cx.report(
            file,
            Target::value(&properties_pointer().child("scriptOperations")),
            format!("`scriptOperations` lists {count} {noun} but the package has no `script.csx`"),
        )
        .help("add the `script.csx` that handles them, or remove `scriptOperations`");
    }
}
