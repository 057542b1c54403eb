use foldhash::{HashMap, HashMapExt};

use crate::diagnostic::Target;
use crate::json::Node;
use crate::rules::levels::{E, W};
use crate::rules::{Rule, RuleContext, declare_rule};

use super::common::{article, member_ignore_case, properties, properties_pointer};

declare_rule! {
    /// ## What it does
    /// Checks the shape of `connectionParameterSets` (several ways to authenticate): an object
    /// with a `uiDefinition.displayName` and a non-empty `values` array, each entry of which has
    /// a unique, non-empty `name`, a `uiDefinition` object and a `parameters` object.
    ///
    /// ## Why is this bad?
    /// The platform shows the sets as a choice in the connection dialog: the top-level display
    /// name labels the choice, each entry's `uiDefinition` labels an option, and each name
    /// identifies the option in existing connections. A set without them cannot be offered.
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "properties": {
    ///     "iconBrandColor": "#0f6cbd",
    ///     "capabilities": ["actions"],
    ///     "publisher": "Contoso Ltd",
    ///     "stackOwner": "Contoso Ltd",
    ///     "connectionParameterSets": {
    ///       "uiDefinition": { "displayname": "Authentication type" },
    ///       "values": [
    ///         {
    ///           "name": "apiKey",
    ///           "uiDefinition": { "displayName": "API key", "description": "Sign in with an API key" },
    ///           "parameters": {
    ///             "api_key": {
    ///               "type": "securestring",
    ///               "uiDefinition": {
    ///                 "displayName": "API key",
    ///                 "description": "The API key of your Contoso account",
    ///                 "constraints": { "required": "true" }
    ///               }
    ///             }
    ///           }
    ///         }
    ///       ]
    ///     }
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
    ///     "connectionParameterSets": {
    ///       "uiDefinition": {
    ///         "displayName": "Authentication type",
    ///         "description": "How to sign in to Contoso"
    ///       },
    ///       "values": [
    ///         {
    ///           "name": "apiKey",
    ///           "uiDefinition": { "displayName": "API key", "description": "Sign in with an API key" },
    ///           "parameters": {
    ///             "api_key": {
    ///               "type": "securestring",
    ///               "uiDefinition": {
    ///                 "displayName": "API key",
    ///                 "description": "The API key of your Contoso account",
    ///                 "constraints": { "required": "true" }
    ///               }
    ///             }
    ///           }
    ///         }
    ///       ]
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// `paconn` (`tools/paconn-cli`); Learn, multiple authentication types
    /// (`connectionParameterSets`).
    pub(crate) ParamSets {
        code: "AP049",
        name: "param-sets",
        family: AP,
        category: Certification,
        levels: [E, E, W],
        summary: "`connectionParameterSets` has a display name and well-formed, uniquely named `values`",
    }
}

impl Rule for ParamSets {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, properties)) = properties(cx) else {
            return;
        };
        let Some(sets) = properties.get("connectionParameterSets") else {
            return;
        };
        let pointer = properties_pointer().child("connectionParameterSets");
        if !sets.is_object() {
            cx.report(
                file,
                Target::value(&pointer),
                format!("`connectionParameterSets` is {}, not an object", article(sets)),
            )
            .help("write `\"connectionParameterSets\": { \"uiDefinition\": { \"displayName\": … }, \"values\": [ … ] }`");
            return;
        }
        check_display_name(cx, file, sets, &pointer);
        let values_pointer = pointer.child("values");
        let values = match sets.get("values") {
            Some(values) if values.is_array() => values.items(),
            Some(values) => {
                cx.report(
                    file,
                    Target::value(&values_pointer),
                    format!("`connectionParameterSets.values` is {}, not an array", article(values)),
                )
                .help("list the authentication options in `\"values\": [ { \"name\": …, \"uiDefinition\": …, \"parameters\": … } ]`");
                return;
            }
            None => {
                cx.report(
                    file,
                    Target::missing(&pointer, "values"),
                    "`connectionParameterSets` has no `values`",
                )
                .help("list the authentication options in `\"values\": [ { \"name\": …, \"uiDefinition\": …, \"parameters\": … } ]`");
                return;
            }
        };
        if values.is_empty() {
            cx.report(
                file,
                Target::value(&values_pointer),
                "`connectionParameterSets.values` is empty",
            )
            .help("add an entry for each way to authenticate, or remove `connectionParameterSets`");
            return;
        }
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (index, value) in values.iter().enumerate() {
            let entry_pointer = values_pointer.child_index(index);
            if !value.is_object() {
                cx.report(
                    file,
                    Target::value(&entry_pointer),
                    format!("`connectionParameterSets.values[{index}]` is {}, not an object", article(value)),
                )
                .help("write each set as `{ \"name\": …, \"uiDefinition\": { … }, \"parameters\": { … } }`");
                continue;
            }
            let label = match value.get("name").and_then(Node::as_str) {
                Some(name) if !name.trim().is_empty() => {
                    if let Some(first) = seen.get(name) {
                        cx.report(
                            file,
                            Target::value(&entry_pointer.child("name")),
                            format!("parameter set name `{name}` is also used by `values[{first}]`"),
                        )
                        .help("give each parameter set its own `name`: it identifies the option in existing connections");
                    } else {
                        seen.insert(name, index);
                    }
                    format!("parameter set `{name}`")
                }
                Some(_) | None => {
                    let target = match value.get("name") {
                        Some(_) => Target::value(&entry_pointer.child("name")),
                        None => Target::missing(&entry_pointer, "name"),
                    };
                    cx.report(
                        file,
                        target,
                        format!("`connectionParameterSets.values[{index}]` has no `name`"),
                    )
                    .help("add a unique `\"name\"`, such as `\"oauth\"` or `\"apiKey\"`");
                    format!("`connectionParameterSets.values[{index}]`")
                }
            };
            for (key, example) in [
                ("uiDefinition", "{ \"displayName\": …, \"description\": … }"),
                (
                    "parameters",
                    "{ \"api_key\": { \"type\": \"securestring\", … } }",
                ),
            ] {
                match value.get(key) {
                    Some(node) if node.is_object() => {}
                    Some(node) => {
                        cx.report(
                            file,
                            Target::value(&entry_pointer.child(key)),
                            format!("`{key}` of {label} is {}, not an object", article(node)),
                        )
                        .help(format!("write `\"{key}\": {example}`"));
                    }
                    None => {
                        cx.report(
                            file,
                            Target::missing(&entry_pointer, key),
                            format!("{label} has no `{key}`"),
                        )
                        .help(format!("add `\"{key}\": {example}`"));
                    }
                }
            }
        }
    }
}

fn check_display_name(
    cx: &mut RuleContext<'_>,
    file: crate::package::FileId,
    sets: &Node,
    pointer: &crate::json::Pointer,
) {
    let help = "add `\"uiDefinition\": { \"displayName\": \"Authentication type\", \"description\": … }`: it labels the choice in the connection dialog";
    let Some(ui) = sets.get("uiDefinition") else {
        cx.report(
            file,
            Target::missing(pointer, "uiDefinition"),
            "`connectionParameterSets` has no `uiDefinition`",
        )
        .help(help);
        return;
    };
    let ui_pointer = pointer.child("uiDefinition");
    match ui.get("displayName") {
        Some(name) if name.as_str().is_some_and(|s| !s.trim().is_empty()) => {}
        Some(_) => {
            cx.report(
                file,
                Target::value(&ui_pointer.child("displayName")),
                "`connectionParameterSets.uiDefinition.displayName` is empty",
            )
            .help(help);
        }
        None => {
            if let Some(variant) = member_ignore_case(ui, "displayName") {
                cx.report(
                    file,
                    Target::key(&ui_pointer.child(&variant.key)),
                    format!(
                        "`connectionParameterSets.uiDefinition` spells `displayName` as `{}`",
                        variant.key
                    ),
                )
                .help("rename it to `displayName`: names are case-sensitive");
            } else {
                cx.report(
                    file,
                    Target::missing(&ui_pointer, "displayName"),
                    "`connectionParameterSets.uiDefinition` has no `displayName`",
                )
                .help(help);
            }
        }
    }
}
