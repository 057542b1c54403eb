//! AP043–AP045, AP047, AP048: OAuth connection parameters.

use crate::diagnostic::{Severity, Target};
use crate::json::{Member, Node, Pointer};
use crate::package::FileId;
use crate::rules::levels::{E, I, OFF, W, WS};
use crate::rules::{Rule, RuleContext, declare_rule};

use super::common::{
    Param, article, closest, connection_parameters, describe, member_ignore_case, properties,
};

/// `identityProvider` values of the apiProperties schema (rules.md §4).
const PROVIDERS: [&str; 5] = [
    "oauth2",
    "oauth2generic",
    "aad",
    "aadcertificate",
    "facebook",
];

const REDIRECT_MODES: [&str; 3] = ["Global", "GlobalPerConnector", "Direct"];

/// The OAuth parameters with their `oAuthSettings` object.
fn oauth_settings(properties: &Node) -> Vec<(Param<'_>, Pointer, &Node)> {
    connection_parameters(properties)
        .into_iter()
        .filter(Param::is_oauth)
        .filter_map(|param| {
            let (pointer, settings) = param.oauth_settings()?;
            Some((param, pointer, settings))
        })
        .collect()
}

declare_rule! {
    /// ## What it does
    /// Checks that every OAuth connection parameter (`type: oauthSetting`, in
    /// `connectionParameters` or a parameter set) has an `oAuthSettings` object whose
    /// `identityProvider` is one of `oauth2`, `oauth2generic`, `aad`, `aadcertificate` and
    /// `facebook`. Other providers that the portal's wizard offers are reported as warnings,
    /// since their ids are not verified.
    ///
    /// ## Why is this bad?
    /// The identity provider decides how the platform signs users in and which other settings
    /// it reads. Without one, or with a misspelt one, the connection cannot be created.
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
    ///       "token": {
    ///         "type": "oauthSetting",
    ///         "oAuthSettings": {
    ///           "identityProvider": "OAuth 2.0",
    ///           "clientId": "contoso-connector",
    ///           "scopes": ["invoices.read"],
    ///           "redirectMode": "GlobalPerConnector",
    ///           "customParameters": {
    ///             "authorizationUrl": { "value": "https://login.contoso.com/oauth/authorize" },
    ///             "tokenUrl": { "value": "https://login.contoso.com/oauth/token" }
    ///           }
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
    ///       "token": {
    ///         "type": "oauthSetting",
    ///         "oAuthSettings": {
    ///           "identityProvider": "oauth2",
    ///           "clientId": "contoso-connector",
    ///           "scopes": ["invoices.read"],
    ///           "redirectMode": "GlobalPerConnector",
    ///           "customParameters": {
    ///             "authorizationUrl": { "value": "https://login.contoso.com/oauth/authorize" },
    ///             "tokenUrl": { "value": "https://login.contoso.com/oauth/token" }
    ///           }
    ///         }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// `schemas/paconn-apiProperties.schema.json` (the `identityProvider` enum); Learn,
    /// connection parameters.
    pub(crate) IdentityProvider {
        code: "AP043",
        name: "identity-provider",
        family: AP,
        category: Certification,
        levels: [W, W, W],
        summary: "OAuth parameters have `oAuthSettings` with a known `identityProvider`",
    }
}

impl Rule for IdentityProvider {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, properties)) = properties(cx) else {
            return;
        };
        for param in connection_parameters(properties)
            .into_iter()
            .filter(Param::is_oauth)
        {
            let pointer = param.pointer.child("oAuthSettings");
            let settings = match param.node.get("oAuthSettings") {
                Some(settings) if settings.is_object() => settings,
                Some(settings) => {
                    cx.report(
                        file,
                        Target::value(&pointer),
                        format!(
                            "`oAuthSettings` of connection parameter {} is {}, not an object",
                            param.label(),
                            article(settings)
                        ),
                    )
                    .help("write `\"oAuthSettings\": { \"identityProvider\": …, \"clientId\": …, … }`");
                    continue;
                }
                None => {
                    missing_settings(cx, file, &param);
                    continue;
                }
            };
            let Some(provider) = settings.get("identityProvider") else {
                cx.report(
                    file,
                    Target::missing(&pointer, "identityProvider"),
                    format!(
                        "OAuth connection parameter {} has no `identityProvider`",
                        param.label()
                    ),
                )
                .help("add `\"identityProvider\"`: `oauth2`, `oauth2generic`, `aad`, `aadcertificate` or `facebook`");
                continue;
            };
            let provider_pointer = pointer.child("identityProvider");
            let Some(value) = provider.as_str() else {
                cx.report(
                    file,
                    Target::value(&provider_pointer),
                    format!("`identityProvider` is {}, not a string", article(provider)),
                )
                .help("use `oauth2`, `oauth2generic`, `aad`, `aadcertificate` or `facebook`");
                continue;
            };
            if PROVIDERS.contains(&value) {
                continue;
            }
            if let Some(known) = PROVIDERS
                .iter()
                .find(|p| p.eq_ignore_ascii_case(value.trim()))
            {
                cx.report(
                    file,
                    Target::value(&provider_pointer),
                    format!(
                        "identity provider {} is not written `{known}`",
                        describe(provider)
                    ),
                )
                .help(format!(
                    "write `\"{known}\"`: provider ids are case-sensitive"
                ));
                continue;
            }
            cx.report(
                file,
                Target::value(&provider_pointer),
                format!("{} is not a known identity provider", describe(provider)),
            )
            .help("use `oauth2`, `oauth2generic`, `aad`, `aadcertificate` or `facebook`; for a provider the portal's wizard offers, check the id it writes")
            .at_most(Severity::Warning);
        }
    }
}

fn missing_settings(cx: &mut RuleContext<'_>, file: FileId, param: &Param<'_>) {
    if let Some(variant) = member_ignore_case(param.node, "oAuthSettings") {
        cx.report(
            file,
            Target::key(&param.pointer.child(&variant.key)),
            format!(
                "OAuth connection parameter {} spells `oAuthSettings` as `{}`",
                param.label(),
                variant.key
            ),
        )
        .help("rename it to `oAuthSettings`: names are case-sensitive, so the platform finds no OAuth settings");
    } else {
        cx.report(
            file,
            Target::missing(&param.pointer, "oAuthSettings"),
            format!(
                "OAuth connection parameter {} has no `oAuthSettings`",
                param.label()
            ),
        )
        .help("add `\"oAuthSettings\": { \"identityProvider\": …, \"clientId\": …, \"scopes\": […], … }`");
    }
}

/// A member named `key`, exactly or in another case.
fn find<'a>(node: &'a Node, key: &str) -> Option<(&'a Member, bool)> {
    if let Some(member) = node.member(key) {
        return Some((member, true));
    }
    member_ignore_case(node, key).map(|member| (member, false))
}

/// Reports a key written in a non-canonical case (only I).
fn report_case(cx: &mut RuleContext<'_>, file: FileId, parent: &Pointer, found: &str, key: &str) {
    cx.report(
        file,
        Target::key(&parent.child(found)),
        format!("`{found}` differs in case from the documented `{key}`"),
    )
    .help(format!("rename it to `{key}`"))
    .at_most(Severity::Info);
}

declare_rule! {
    /// ## What it does
    /// Checks that an OAuth parameter has the settings its identity provider needs:
    /// - `oauth2`: `customParameters.authorizationUrl` and `tokenUrl` (`refreshUrl` is
    ///   optional);
    /// - `oauth2generic`: `customParameters.authorizationUrlTemplate` and `tokenUrlTemplate`;
    /// - `aad` and `aadcertificate`: `customParameters.resourceUri`; `aadcertificate` also
    ///   `properties.IsFirstParty: "True"`.
    ///
    /// Names are matched without regard to case; one written in another case (such as
    /// `AuthorizationUrl`) is only reported as information.
    ///
    /// ## Why is this bad?
    /// Without these URLs the platform does not know where to send users to sign in or where
    /// to exchange the code for a token, so no connection can be created.
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
    ///       "token": {
    ///         "type": "oauthSetting",
    ///         "oAuthSettings": {
    ///           "identityProvider": "oauth2",
    ///           "clientId": "contoso-connector",
    ///           "scopes": ["invoices.read"],
    ///           "redirectMode": "GlobalPerConnector",
    ///           "customParameters": {
    ///             "authorizationUrl": { "value": "https://login.contoso.com/oauth/authorize" }
    ///           }
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
    ///       "token": {
    ///         "type": "oauthSetting",
    ///         "oAuthSettings": {
    ///           "identityProvider": "oauth2",
    ///           "clientId": "contoso-connector",
    ///           "scopes": ["invoices.read"],
    ///           "redirectMode": "GlobalPerConnector",
    ///           "customParameters": {
    ///             "authorizationUrl": { "value": "https://login.contoso.com/oauth/authorize" },
    ///             "tokenUrl": { "value": "https://login.contoso.com/oauth/token" },
    ///             "refreshUrl": { "value": "https://login.contoso.com/oauth/token" }
    ///           }
    ///         }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// `schemas/paconn-apiProperties.schema.json` (the `customParameters` keys; its `oauth2`
    /// branch requires none) and the corpus.
    pub(crate) OauthProviderParams {
        code: "AP044",
        name: "oauth-provider-params",
        family: AP,
        category: Certification,
        levels: [E, E, W],
        summary: "OAuth parameters have the URLs and settings their identity provider needs",
    }
}

impl Rule for OauthProviderParams {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, properties)) = properties(cx) else {
            return;
        };
        for (param, pointer, settings) in oauth_settings(properties) {
            let Some(provider) = settings.get("identityProvider").and_then(Node::as_str) else {
                continue;
            };
            let required: &[&str] = match provider {
                "oauth2" => &["authorizationUrl", "tokenUrl"],
                "oauth2generic" => &["authorizationUrlTemplate", "tokenUrlTemplate"],
                "aad" | "aadcertificate" => &["resourceUri"],
                _ => continue,
            };
            check_custom_parameters(cx, file, &param, &pointer, settings, provider, required);
            if provider == "aadcertificate" {
                check_first_party(cx, file, &param, &pointer, settings);
            }
        }
    }
}

fn check_custom_parameters(
    cx: &mut RuleContext<'_>,
    file: FileId,
    param: &Param<'_>,
    pointer: &Pointer,
    settings: &Node,
    provider: &str,
    required: &[&str],
) {
    let example = required
        .iter()
        .map(|key| format!("\"{key}\": {{ \"value\": \"https://…\" }}"))
        .collect::<Vec<_>>()
        .join(", ");
    let Some((member, exact)) = find(settings, "customParameters") else {
        cx.report(
            file,
            Target::missing(pointer, "customParameters"),
            format!(
                "`{provider}` connection parameter {} has no `customParameters`",
                param.label()
            ),
        )
        .help(format!("add `\"customParameters\": {{ {example} }}`"));
        return;
    };
    if !exact {
        report_case(cx, file, pointer, &member.key, "customParameters");
    }
    let custom = &member.value;
    let custom_pointer = pointer.child(&member.key);
    let mut missing = Vec::new();
    for &key in required {
        match find(custom, key) {
            Some((_, true)) => {}
            Some((found, false)) => report_case(cx, file, &custom_pointer, &found.key, key),
            None => missing.push(key),
        }
    }
    if missing.is_empty() {
        return;
    }
    let names = missing
        .iter()
        .map(|key| format!("`{key}`"))
        .collect::<Vec<_>>()
        .join(" or ");
    let example = missing
        .iter()
        .map(|key| format!("`\"{key}\": {{ \"value\": \"https://…\" }}`"))
        .collect::<Vec<_>>()
        .join(" and ");
    cx.report(
        file,
        Target::missing(&custom_pointer, missing[0]),
        format!(
            "`{provider}` connection parameter {} has no {names} in `customParameters`",
            param.label()
        ),
    )
    .help(format!("add {example} to `customParameters`"));
}

fn check_first_party(
    cx: &mut RuleContext<'_>,
    file: FileId,
    param: &Param<'_>,
    pointer: &Pointer,
    settings: &Node,
) {
    let help = "add `\"properties\": { \"IsFirstParty\": \"True\" }` to `oAuthSettings`";
    let Some((member, exact)) = find(settings, "properties") else {
        cx.report(
            file,
            Target::missing(pointer, "properties"),
            format!(
                "`aadcertificate` connection parameter {} has no `properties.IsFirstParty`",
                param.label()
            ),
        )
        .help(help);
        return;
    };
    if !exact {
        report_case(cx, file, pointer, &member.key, "properties");
    }
    let props_pointer = pointer.child(&member.key);
    let Some((flag, exact)) = find(&member.value, "IsFirstParty") else {
        cx.report(
            file,
            Target::missing(&props_pointer, "IsFirstParty"),
            format!(
                "`aadcertificate` connection parameter {} has no `properties.IsFirstParty`",
                param.label()
            ),
        )
        .help(help);
        return;
    };
    if !exact {
        report_case(cx, file, &props_pointer, &flag.key, "IsFirstParty");
    }
    let is_true = flag
        .value
        .as_str()
        .is_some_and(|s| s.trim().eq_ignore_ascii_case("true"));
    if !is_true {
        cx.report(
            file,
            Target::value(&props_pointer.child(&flag.key)),
            format!(
                "`IsFirstParty` of `aadcertificate` connection parameter {} is {}, not `\"True\"`",
                param.label(),
                describe(&flag.value)
            ),
        )
        .help("set `\"IsFirstParty\": \"True\"` in `oAuthSettings.properties`: `aadcertificate` sign-in expects it");
    }
}

declare_rule! {
    /// ## What it does
    /// Checks that `oAuthSettings.redirectMode`, when given, is `Global`,
    /// `GlobalPerConnector` or `Direct`, spelled exactly so.
    ///
    /// ## Why is this bad?
    /// The redirect mode decides which redirect URL the identity provider must accept
    /// (`GlobalPerConnector` gives each connector its own). An unknown or misspelt mode is
    /// rejected when the connector is created.
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
    ///       "token": {
    ///         "type": "oauthSetting",
    ///         "oAuthSettings": {
    ///           "identityProvider": "aad",
    ///           "clientId": "00000000-0000-0000-0000-000000000000",
    ///           "scopes": [],
    ///           "redirectMode": "global",
    ///           "customParameters": {
    ///             "resourceUri": { "value": "https://api.contoso.com" }
    ///           }
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
    ///       "token": {
    ///         "type": "oauthSetting",
    ///         "oAuthSettings": {
    ///           "identityProvider": "aad",
    ///           "clientId": "00000000-0000-0000-0000-000000000000",
    ///           "scopes": [],
    ///           "redirectMode": "GlobalPerConnector",
    ///           "customParameters": {
    ///             "resourceUri": { "value": "https://api.contoso.com" }
    ///           }
    ///         }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// `schemas/paconn-apiProperties.schema.json` (`Global`, `Direct`); the corpus
    /// (`GlobalPerConnector`, used by 27 connectors).
    pub(crate) RedirectMode {
        code: "AP045",
        name: "redirect-mode",
        family: AP,
        category: Certification,
        levels: [E, E, W],
        summary: "`redirectMode` is `Global`, `GlobalPerConnector` or `Direct`",
    }
}

impl Rule for RedirectMode {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, properties)) = properties(cx) else {
            return;
        };
        for (param, pointer, settings) in oauth_settings(properties) {
            let Some(mode) = settings.get("redirectMode") else {
                continue;
            };
            if mode.as_str().is_some_and(|m| REDIRECT_MODES.contains(&m)) {
                continue;
            }
            let known = mode.as_str().and_then(|m| {
                REDIRECT_MODES
                    .iter()
                    .find(|k| k.eq_ignore_ascii_case(m.trim()))
                    .copied()
                    .or_else(|| closest(m, &REDIRECT_MODES))
            });
            let help = match known {
                Some(known) => format!("write `\"{known}\"`: redirect modes are case-sensitive"),
                None => "use `Global`, `GlobalPerConnector` or `Direct`".to_owned(),
            };
            cx.report(
                file,
                Target::value(&pointer.child("redirectMode")),
                format!(
                    "`redirectMode` of connection parameter {} is {}, not a redirect mode",
                    param.label(),
                    describe(mode)
                ),
            )
            .help(help);
        }
    }
}

declare_rule! {
    /// ## What it does
    /// For an independent-publisher connector, flags every OAuth connection parameter
    /// (`type: oauthSetting`).
    ///
    /// ## Why is this bad?
    /// The independent-publisher process no longer accepts OAuth connectors: the publisher
    /// would have to register an application, and own its client secret, on behalf of a
    /// service they do not own. 19 older independent-publisher connectors use OAuth, so this is
    /// a warning, and an error under `--strict`.
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "properties": {
    ///     "iconBrandColor": "#da3b01",
    ///     "capabilities": ["actions"],
    ///     "publisher": "Jane Doe",
    ///     "stackOwner": "Contoso Ltd",
    ///     "connectionParameters": {
    ///       "token": {
    ///         "type": "oauthSetting",
    ///         "oAuthSettings": {
    ///           "identityProvider": "oauth2",
    ///           "clientId": "contoso-connector",
    ///           "scopes": [],
    ///           "redirectMode": "GlobalPerConnector",
    ///           "customParameters": {
    ///             "authorizationUrl": { "value": "https://login.contoso.com/oauth/authorize" },
    ///             "tokenUrl": { "value": "https://login.contoso.com/oauth/token" }
    ///           }
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
    ///     "iconBrandColor": "#da3b01",
    ///     "capabilities": ["actions"],
    ///     "publisher": "Jane Doe",
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
    /// Seed 002, *Independent publisher process* ("OAuth connectors are unsupported … for
    /// Independent Publishers"); `../shared/spec/sources/independent-publisher-process.txt`.
    pub(crate) IpNoOauth {
        code: "AP047",
        name: "ip-no-oauth",
        family: AP,
        category: Certification,
        levels: [OFF, WS, OFF],
        summary: "an independent-publisher connector has no OAuth connection parameter",
    }
}

impl Rule for IpNoOauth {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, properties)) = properties(cx) else {
            return;
        };
        for param in connection_parameters(properties)
            .into_iter()
            .filter(Param::is_oauth)
        {
            cx.report(
                file,
                Target::value(&param.pointer.child("type")),
                format!("connection parameter {} uses OAuth", param.label()),
            )
            .help("authenticate with an API key (`securestring`) or basic authentication: independent-publisher connectors can no longer use OAuth");
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Checks that an OAuth connection parameter (`type: oauthSetting`) is named `token`.
    ///
    /// ## Why is this bad?
    /// `paconn create --secret` writes the client secret into
    /// `connectionParameters.token.oAuthSettings`; under another name the secret is not
    /// applied. Every accepted OAuth connector names the parameter `token`.
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
    ///       "oauth": {
    ///         "type": "oauthSetting",
    ///         "oAuthSettings": {
    ///           "identityProvider": "aad",
    ///           "clientId": "00000000-0000-0000-0000-000000000000",
    ///           "scopes": [],
    ///           "redirectMode": "GlobalPerConnector",
    ///           "customParameters": {
    ///             "resourceUri": { "value": "https://api.contoso.com" }
    ///           }
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
    ///       "token": {
    ///         "type": "oauthSetting",
    ///         "oAuthSettings": {
    ///           "identityProvider": "aad",
    ///           "clientId": "00000000-0000-0000-0000-000000000000",
    ///           "scopes": [],
    ///           "redirectMode": "GlobalPerConnector",
    ///           "customParameters": {
    ///             "resourceUri": { "value": "https://api.contoso.com" }
    ///           }
    ///         }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// `paconn` (`tools/paconn-cli`, `upsert.py`).
    pub(crate) OauthParamToken {
        code: "AP048",
        name: "oauth-param-token",
        family: AP,
        category: Certification,
        levels: [W, W, I],
        summary: "the OAuth connection parameter is named `token`",
    }
}

impl Rule for OauthParamToken {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, properties)) = properties(cx) else {
            return;
        };
        for param in connection_parameters(properties)
            .into_iter()
            .filter(Param::is_oauth)
        {
            if param.name == "token" {
                continue;
            }
            cx.report(
                file,
                Target::key(&param.pointer),
                format!(
                    "the OAuth connection parameter {} is not named `token`",
                    param.label()
                ),
            )
            .help("rename it to `token`: `paconn` writes the client secret into `token.oAuthSettings`");
        }
    }
}
