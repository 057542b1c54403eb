//! AP040–AP042: connection parameters' names, types and UI definitions.

use crate::diagnostic::Target;
use crate::json::Node;
use crate::rules::levels::{E, I, W};
use crate::rules::{Rule, RuleContext, declare_rule};

use super::common::{Param, article, closest, connection_parameters, describe, properties};

/// The connection parameter types (rules.md §4).
const TYPES: [&str; 6] = [
    "string",
    "securestring",
    "int",
    "bool",
    "gatewaySetting",
    "oauthSetting",
];

/// Types the user types a value for.
const PRIMITIVE: [&str; 4] = ["string", "securestring", "int", "bool"];

/// The parameter holding the Microsoft Entra tenant of an `aad` connection.
const TENANT: &str = "token:TenantId";

fn is_word(part: &str) -> bool {
    !part.is_empty() && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// `^[0-9a-zA-Z_]+$` or `name:sub`.
fn valid_name(name: &str) -> bool {
    match name.split_once(':') {
        Some((name, sub)) => is_word(name) && is_word(sub),
        None => is_word(name),
    }
}

/// `API Key` → `API_Key`.
fn suggest_name(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    let out = out.trim_end_matches('_');
    if out.is_empty() {
        "api_key".to_owned()
    } else {
        out.to_owned()
    }
}

declare_rule! {
    /// ## What it does
    /// Checks the names of connection parameters, in `connectionParameters` and in each
    /// parameter set: letters, digits and `_` only (`^[0-9a-zA-Z_]+$`), or two such names
    /// joined by `:` (`token:clientId`). `token:TenantId`, which carries the Microsoft Entra
    /// tenant of an `aad` connection, must be a `string` with
    /// `metadata.sourceType: AzureActiveDirectoryTenant`.
    ///
    /// ## Why is this bad?
    /// A parameter's name is how the swagger and policies refer to its value
    /// (`@connectionParameters('api_key')`); the platform rejects other names, such as one with
    /// a space. `token:TenantId` is read by the platform itself, and only in its fixed shape.
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "properties": {
    ///     "iconBrandColor": "#0f6cbd",
    ///     "capabilities": ["actions"],
    ///     "publisher": "Contoso Ltd",
    ///     "stackOwner": "Contoso Ltd",
    ///     "connectionParameters": {
    ///       "API Key": {
    ///         "type": "securestring",
    ///         "uiDefinition": {
    ///           "displayName": "API key",
    ///           "description": "The API key of your Contoso account",
    ///           "constraints": { "required": "true" }
    ///         }
    ///       }
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
    ///     "connectionParameters": {
    ///       "api_key": {
    ///         "type": "securestring",
    ///         "uiDefinition": {
    ///           "displayName": "API key",
    ///           "description": "The API key of your Contoso account",
    ///           "constraints": { "required": "true" }
    ///         }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// `schemas/paconn-apiProperties.schema.json` (`patternProperties` of
    /// `connectionParameters`); rules.md §4 (`token:TenantId`).
    pub(crate) CpName {
        code: "AP040",
        name: "cp-name",
        family: AP,
        category: Certification,
        levels: [E, E, E],
        summary: "connection parameter names are `[0-9a-zA-Z_]+` or `name:sub`",
    }
}

impl Rule for CpName {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, properties)) = properties(cx) else {
            return;
        };
        for param in connection_parameters(properties) {
            if !valid_name(param.name) {
                cx.report(
                    file,
                    Target::key(&param.pointer),
                    format!("connection parameter name {} is not valid", param.label()),
                )
                .help(format!(
                    "use letters, digits and `_` only (or `name:sub`), such as `{}`, and update every `@connectionParameters(…)` that refers to it",
                    suggest_name(param.name)
                ));
            } else if param.name == TENANT {
                check_tenant(cx, file, &param);
            }
        }
    }
}

fn check_tenant(cx: &mut RuleContext<'_>, file: crate::package::FileId, param: &Param<'_>) {
    let help = "write it as `{ \"type\": \"string\", \"metadata\": { \"sourceType\": \"AzureActiveDirectoryTenant\" }, \"uiDefinition\": { … } }`";
    match param.node.get("type") {
        Some(kind) if kind.as_str() == Some("string") => {}
        Some(kind) => {
            cx.report(
                file,
                Target::value(&param.pointer.child("type")),
                format!("`{TENANT}` has type {}, not `\"string\"`", describe(kind)),
            )
            .help(help);
        }
        None => {
            cx.report(
                file,
                Target::missing(&param.pointer, "type"),
                format!("`{TENANT}` has no `type`"),
            )
            .help(help);
        }
    }
    let source = param
        .node
        .get("metadata")
        .and_then(|metadata| metadata.get("sourceType"));
    match source {
        Some(source) if source.as_str() == Some("AzureActiveDirectoryTenant") => {}
        Some(source) => {
            cx.report(
                file,
                Target::value(&param.pointer.child("metadata").child("sourceType")),
                format!(
                    "`{TENANT}` has `metadata.sourceType` {}, not `\"AzureActiveDirectoryTenant\"`",
                    describe(source)
                ),
            )
            .help(help);
        }
        None => {
            let (parent, key) = match param.node.get("metadata") {
                Some(_) => (param.pointer.child("metadata"), "sourceType"),
                None => (param.pointer.clone(), "metadata"),
            };
            cx.report(
                file,
                Target::missing(&parent, key),
                format!("`{TENANT}` has no `metadata.sourceType`"),
            )
            .help(help);
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Checks that every connection parameter (in `connectionParameters` and in parameter
    /// sets) has a `type` among `string`, `securestring`, `int`, `bool`, `gatewaySetting` and
    /// `oauthSetting`, spelled exactly so.
    ///
    /// ## Why is this bad?
    /// The type decides how the connection dialog asks for the value and how it is stored: a
    /// `securestring` is masked and never shown again. The platform matches types
    /// case-sensitively, so `oAuthSetting` is not an OAuth parameter.
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "properties": {
    ///     "iconBrandColor": "#0f6cbd",
    ///     "capabilities": ["actions"],
    ///     "publisher": "Contoso Ltd",
    ///     "stackOwner": "Contoso Ltd",
    ///     "connectionParameters": {
    ///       "api_key": {
    ///         "type": "secureString",
    ///         "uiDefinition": {
    ///           "displayName": "API key",
    ///           "description": "The API key of your Contoso account",
    ///           "constraints": { "required": "true" }
    ///         }
    ///       }
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
    ///     "connectionParameters": {
    ///       "api_key": {
    ///         "type": "securestring",
    ///         "uiDefinition": {
    ///           "displayName": "API key",
    ///           "description": "The API key of your Contoso account",
    ///           "constraints": { "required": "true" }
    ///         }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// `schemas/paconn-apiProperties.schema.json`; Learn, connection parameters.
    pub(crate) CpType {
        code: "AP041",
        name: "cp-type",
        family: AP,
        category: Certification,
        levels: [E, E, E],
        summary: "every connection parameter has a known `type`, spelled exactly",
    }
}

impl Rule for CpType {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, properties)) = properties(cx) else {
            return;
        };
        let types_help = "use one of `string`, `securestring`, `int`, `bool`, `gatewaySetting` and `oauthSetting`";
        for param in connection_parameters(properties) {
            let Some(kind) = param.node.get("type") else {
                cx.report(
                    file,
                    Target::missing(&param.pointer, "type"),
                    format!("connection parameter {} has no `type`", param.label()),
                )
                .help(format!("add a `type`: {types_help}"));
                continue;
            };
            let pointer = param.pointer.child("type");
            let Some(value) = kind.as_str() else {
                cx.report(
                    file,
                    Target::value(&pointer),
                    format!(
                        "the `type` of connection parameter {} is {}, not a string",
                        param.label(),
                        article(kind)
                    ),
                )
                .help(types_help);
                continue;
            };
            if TYPES.contains(&value) {
                continue;
            }
            let help = match TYPES.iter().find(|t| t.eq_ignore_ascii_case(value.trim())) {
                Some(known) => format!("write `\"{known}\"`: types are case-sensitive"),
                None => match closest(value, &TYPES) {
                    Some(known) => format!("{types_help} (`{known}` is the closest)"),
                    None => types_help.to_owned(),
                },
            };
            cx.report(
                file,
                Target::value(&pointer),
                format!(
                    "connection parameter {} has type {}, which is not a connection parameter type",
                    param.label(),
                    describe(kind)
                ),
            )
            .help(help);
        }
    }
}

/// `uiDefinition.constraints.hidden` is true: the user never sees the parameter.
fn is_hidden(param: &Param<'_>) -> bool {
    param
        .node
        .get("uiDefinition")
        .and_then(|ui| ui.get("constraints"))
        .and_then(|constraints| constraints.get("hidden"))
        .is_some_and(|hidden| {
            hidden.as_bool() == Some(true)
                || hidden
                    .as_str()
                    .is_some_and(|s| s.trim().eq_ignore_ascii_case("true"))
        })
}

fn has_text(node: Option<&Node>) -> bool {
    node.and_then(Node::as_str)
        .is_some_and(|s| !s.trim().is_empty())
}

declare_rule! {
    /// ## What it does
    /// Checks the connection dialog's text: every `string`, `securestring`, `int` and `bool`
    /// connection parameter that is not hidden has a `uiDefinition` with a non-empty
    /// `displayName` and `description` (a `tooltip` is recommended too). Wherever
    /// `uiDefinition.constraints.required` is given, it is the string `"true"` or `"false"`.
    ///
    /// ## Why is this bad?
    /// The display name labels the field users fill in when they create a connection, and the
    /// description tells them where to find the value. The platform reads
    /// `constraints.required` as a string, so a boolean `true` is not understood as intended.
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "properties": {
    ///     "iconBrandColor": "#0f6cbd",
    ///     "capabilities": ["actions"],
    ///     "publisher": "Contoso Ltd",
    ///     "stackOwner": "Contoso Ltd",
    ///     "connectionParameters": {
    ///       "api_key": {
    ///         "type": "securestring",
    ///         "uiDefinition": {
    ///           "displayName": "API key",
    ///           "constraints": { "required": true }
    ///         }
    ///       }
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
    ///     "connectionParameters": {
    ///       "api_key": {
    ///         "type": "securestring",
    ///         "uiDefinition": {
    ///           "displayName": "API key",
    ///           "description": "The API key of your Contoso account",
    ///           "tooltip": "Find it under Settings > API keys",
    ///           "constraints": { "required": "true" }
    ///         }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// `schemas/paconn-apiProperties.schema.json`; the sample in the repository `README.md`.
    pub(crate) CpUidefinition {
        code: "AP042",
        name: "cp-uidefinition",
        family: AP,
        category: Certification,
        levels: [W, W, I],
        summary: "visible primitive connection parameters have a display name and description",
    }
}

impl Rule for CpUidefinition {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, properties)) = properties(cx) else {
            return;
        };
        for param in connection_parameters(properties) {
            let primitive = param
                .kind()
                .is_some_and(|kind| PRIMITIVE.iter().any(|p| p.eq_ignore_ascii_case(kind)));
            let ui = param.node.get("uiDefinition");
            if primitive && !is_hidden(&param) {
                match ui {
                    None => {
                        cx.report(
                            file,
                            Target::missing(&param.pointer, "uiDefinition"),
                            format!("connection parameter {} has no `uiDefinition`", param.label()),
                        )
                        .help("add `\"uiDefinition\": { \"displayName\": …, \"description\": …, \"tooltip\": … }`: the connection dialog shows them");
                    }
                    Some(ui) => {
                        let missing: Vec<&str> = ["displayName", "description"]
                            .into_iter()
                            .filter(|key| !has_text(ui.get(key)))
                            .collect();
                        if !missing.is_empty() {
                            let what = missing
                                .iter()
                                .map(|key| format!("`{key}`"))
                                .collect::<Vec<_>>()
                                .join(" or ");
                            cx.report(
                                file,
                                Target::value(&param.pointer.child("uiDefinition")),
                                format!(
                                    "connection parameter {} has no {what} in its `uiDefinition`",
                                    param.label()
                                ),
                            )
                            .help("give the field a short `displayName` and a `description` saying where to find the value (a `tooltip` helps too)");
                        }
                    }
                }
            }
            let Some(required) = ui
                .and_then(|ui| ui.get("constraints"))
                .and_then(|constraints| constraints.get("required"))
            else {
                continue;
            };
            if matches!(required.as_str(), Some("true" | "false")) {
                continue;
            }
            let pointer = param
                .pointer
                .child("uiDefinition")
                .child("constraints")
                .child("required");
            let help = match (required.as_bool(), required.as_str()) {
                (Some(b), _) => format!("write the string `\"{b}\"`"),
                (_, Some(s)) if s.trim().eq_ignore_ascii_case("true") => {
                    "write `\"true\"` in lower case".to_owned()
                }
                (_, Some(s)) if s.trim().eq_ignore_ascii_case("false") => {
                    "write `\"false\"` in lower case".to_owned()
                }
                _ => "write `\"true\"` or `\"false\"`".to_owned(),
            };
            cx.report(
                file,
                Target::value(&pointer),
                format!(
                    "`constraints.required` of connection parameter {} is {}, not the string `\"true\"` or `\"false\"`",
                    param.label(),
                    if required.is_bool() {
                        format!("the boolean `{}`", required.as_bool().unwrap_or_default())
                    } else {
                        describe(required)
                    }
                ),
            )
            .help(help);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{suggest_name, valid_name};

    #[test]
    fn names() {
        assert!(valid_name("api_key"));
        assert!(valid_name("token:TenantId"));
        assert!(!valid_name("API Key"));
        assert!(!valid_name("token:"));
        assert!(!valid_name("a:b:c"));
        assert!(!valid_name("api-key"));
        assert_eq!(suggest_name("API Key"), "API_Key");
        assert_eq!(suggest_name("x-api-key!"), "x_api_key");
    }
}
