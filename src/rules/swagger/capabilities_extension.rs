//! SW114: `x-ms-capabilities` at the connector and operation levels.

use crate::diagnostic::Target;
use crate::json::Pointer;
use crate::rules::levels::E;
use crate::rules::swagger::keyword_holders::render;
use crate::rules::{Rule, RuleContext, declare_rule};

const KEY: &str = "x-ms-capabilities";

declare_rule! {
    /// ## What it does
    /// Checks `x-ms-capabilities`. At the root of the swagger (the connector level) it may hold
    /// only `file-picker` and `testConnection`, and `testConnection.operationId` names an
    /// operation of this swagger. On an operation it may hold only `chunkTransfer`, a boolean.
    /// Properties named `x-ms-capabilities` inside schemas are names, not the extension, and are
    /// not checked.
    ///
    /// ## Why is this bad?
    /// The platform reads these capabilities to offer a file picker, to test new connections
    /// and to upload large files in chunks. Other members are not capabilities the platform
    /// knows, and a test-connection operation that does not exist makes every connection test
    /// fail.
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "x-ms-capabilities": { "testConnection": { "operationId": "GetMe" } },
    ///   "paths": {
    ///     "/me": {
    ///       "get": {
    ///         "operationId": "GetCurrentUser",
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
    ///   "x-ms-capabilities": { "testConnection": { "operationId": "GetCurrentUser" } },
    ///   "paths": {
    ///     "/me": {
    ///       "get": {
    ///         "operationId": "GetCurrentUser",
    ///         "responses": { "200": { "description": "OK" } }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Extend an OpenAPI definition* (OX: `x-ms-capabilities`); the repository's
    /// `schemas/apiDefinition.swagger.schema.json` (SCH-S); Learn, *Test connection*.
    pub(crate) CapabilitiesExtension {
        code: "SW114",
        name: "capabilities-extension",
        family: SW,
        category: Certification,
        levels: [E, E, E],
        summary: "`x-ms-capabilities` holds only known capabilities, and `testConnection` names an existing operation",
    }
}

impl Rule for CapabilitiesExtension {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        if let Some(capabilities) = view.root().get(KEY) {
            let pointer = Pointer::root().child(KEY);
            if capabilities.is_object() {
                for member in capabilities.members() {
                    let member_pointer = pointer.child(&member.key);
                    match member.key.as_str() {
                        "file-picker" => {}
                        "testConnection" => match member.value.get("operationId") {
                            None if member.value.is_object() => {
                                cx.report(
                                    file,
                                    Target::missing(&member_pointer, "operationId"),
                                    "`testConnection` has no `operationId`",
                                )
                                .help("set `operationId` to a cheap operation that succeeds when the connection's credentials are valid");
                            }
                            None => {
                                cx.report(
                                    file,
                                    Target::value(&member_pointer),
                                    format!(
                                        "`testConnection` is {}, not an object",
                                        render(&member.value)
                                    ),
                                )
                                .help("write `\"testConnection\": { \"operationId\": \"…\" }`");
                            }
                            Some(id) => {
                                let id_pointer = member_pointer.child("operationId");
                                match id.as_str() {
                                    Some(text) if view.has_operation_id(text) => {}
                                    Some(text) => {
                                        cx.report(
                                            file,
                                            Target::value(&id_pointer),
                                            format!("`testConnection` names operation `{text}`, which this swagger does not define"),
                                        )
                                        .help("use the `operationId` of an operation in this swagger, spelled exactly");
                                    }
                                    None => {
                                        cx.report(
                                            file,
                                            Target::value(&id_pointer),
                                            format!("`testConnection.operationId` is {}, not a string", render(id)),
                                        )
                                        .help("set `operationId` to the `operationId` of an operation in this swagger");
                                    }
                                }
                            }
                        },
                        other => {
                            cx.report(
                                file,
                                Target::key(&member_pointer),
                                format!("`{other}` is not a connector-level capability"),
                            )
                            .help(if other == "chunkTransfer" {
                                "`chunkTransfer` belongs in the `x-ms-capabilities` of each operation that supports it"
                            } else {
                                "the connector-level `x-ms-capabilities` may hold only `file-picker` and `testConnection`"
                            });
                        }
                    }
                }
            } else {
                cx.report(
                    file,
                    Target::value(&pointer),
                    format!("`x-ms-capabilities` is {}, not an object", render(capabilities)),
                )
                .help("write `\"x-ms-capabilities\": { \"testConnection\": { \"operationId\": \"…\" } }`");
            }
        }
        for op in view.operations() {
            let Some(capabilities) = op.node.get(KEY) else {
                continue;
            };
            let pointer = op.pointer.child(KEY);
            if !capabilities.is_object() {
                cx.report(
                    file,
                    Target::value(&pointer),
                    format!(
                        "`x-ms-capabilities` of {} is {}, not an object",
                        op.label(),
                        render(capabilities)
                    ),
                )
                .help("write `\"x-ms-capabilities\": { \"chunkTransfer\": true }`");
                continue;
            }
            for member in capabilities.members() {
                let member_pointer = pointer.child(&member.key);
                if member.key != "chunkTransfer" {
                    cx.report(
                        file,
                        Target::key(&member_pointer),
                        format!("`{}` is not an operation-level capability", member.key),
                    )
                    .help(if matches!(member.key.as_str(), "file-picker" | "testConnection") {
                        "this capability belongs in the `x-ms-capabilities` at the root of the swagger"
                    } else {
                        "an operation's `x-ms-capabilities` may hold only `chunkTransfer`"
                    });
                } else if !member.value.is_bool() {
                    cx.report(
                        file,
                        Target::value(&member_pointer),
                        format!(
                            "`chunkTransfer` is {}, not a boolean",
                            render(&member.value)
                        ),
                    )
                    .help("set `\"chunkTransfer\": true` (or remove it)");
                }
            }
        }
    }
}
