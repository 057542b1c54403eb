use crate::diagnostic::Target;
use crate::json::Node;
use crate::rules::levels::{E, W};
use crate::rules::{Rule, RuleContext, declare_rule};

use super::common::{connection_parameters, member_ignore_case, properties};

declare_rule! {
    /// ## What it does
    /// Flags an `oAuthSettings.clientSecret` that holds a value, in `connectionParameters` and
    /// in `connectionParameterSets.values[].parameters`. It passes when the secret is absent,
    /// `null`, `""` or an obvious placeholder: the whole value, ignoring case, is `[[…]]`,
    /// `{{…}}`, `<…>`, only `*`, only `x`, `dummy`, `placeholder`, `secret` or
    /// `client secret` / `your_client_secret` (with `_`, `-`, a space or nothing between the
    /// words). A connection parameter that is merely *named* `clientSecret` is not a finding.
    ///
    /// ## Why is this bad?
    /// apiProperties.json is committed to a public repository and shipped in the package. A
    /// real client secret there is leaked to everyone who can read it. The secret is entered
    /// when the connector is created (`paconn create --secret`, or the portal) and is never
    /// part of the files.
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
    ///           "clientSecret": "q8Z~f3kLw0pXr7",
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
    ///           "clientSecret": "[[DUMMY]]",
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
    ///
    /// ## Source
    /// The repository `README.md` ("…for example client ids or client secrets"); rules.md
    /// (AP046 placeholder pattern).
    pub(crate) NoClientSecret {
        code: "AP046",
        name: "no-client-secret",
        family: AP,
        category: Security,
        levels: [E, E, W],
        summary: "`oAuthSettings.clientSecret` holds no real secret",
    }
}

impl Rule for NoClientSecret {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, properties)) = properties(cx) else {
            return;
        };
        for param in connection_parameters(properties) {
            // Looked up without regard to case: a secret under a misspelt key still leaks.
            let Some(settings) = member_ignore_case(param.node, "oAuthSettings") else {
                continue;
            };
            let Some(secret) = member_ignore_case(&settings.value, "clientSecret") else {
                continue;
            };
            if is_harmless(&secret.value) {
                continue;
            }
            let pointer = param.pointer.child(&settings.key).child(&secret.key);
            // The value itself is never repeated in the message.
            cx.report(
                file,
                Target::value(&pointer),
                format!(
                    "`{}.{}` of connection parameter {} holds a value that looks like a real secret",
                    settings.key,
                    secret.key,
                    param.label()
                ),
            )
            .help("remove the value (or write a placeholder such as `[[DUMMY]]`) and revoke the secret: it is entered when the connector is created, never committed");
        }
    }
}

/// Absent values, `null`, `""` and placeholders are harmless.
fn is_harmless(value: &Node) -> bool {
    if value.is_null() {
        return true;
    }
    value
        .as_str()
        .is_some_and(|s| s.is_empty() || is_placeholder(s))
}

/// rules.md's AP046 pattern, matched case-insensitively against the whole value:
/// `^(\[\[.*\]\]|\{\{.*\}\}|<.*>|\*+|x+|dummy|placeholder|secret|(your[_ -]?)?client[_ -]?secret)$`
/// (`.` does not match a line break).
fn is_placeholder(value: &str) -> bool {
    let lower = value.to_lowercase();
    let wrapped = |open: &str, close: &str| {
        lower.len() >= open.len() + close.len()
            && lower.starts_with(open)
            && lower.ends_with(close)
            && !lower[open.len()..lower.len() - close.len()].contains('\n')
    };
    if wrapped("[[", "]]") || wrapped("{{", "}}") || wrapped("<", ">") {
        return true;
    }
    if !lower.is_empty() && (lower.bytes().all(|b| b == b'*') || lower.bytes().all(|b| b == b'x')) {
        return true;
    }
    if matches!(lower.as_str(), "dummy" | "placeholder" | "secret") {
        return true;
    }
    let separator = |s: &str| {
        s.strip_prefix(['_', ' ', '-'])
            .map_or(s.to_owned(), str::to_owned)
    };
    let rest = match lower.strip_prefix("your") {
        Some(rest) => separator(rest),
        None => lower.clone(),
    };
    let Some(rest) = rest.strip_prefix("client") else {
        return false;
    };
    separator(rest) == "secret"
}

#[cfg(test)]
mod tests {
    use super::is_placeholder;

    #[test]
    fn placeholders() {
        for value in [
            "[[DUMMY]]",
            "[[]]",
            "{{client_secret}}",
            "<your secret>",
            "<>",
            "****",
            "xxxxxx",
            "XXX",
            "Dummy",
            "PLACEHOLDER",
            "secret",
            "clientsecret",
            "client_secret",
            "client-secret",
            "Client Secret",
            "YOUR_CLIENT_SECRET",
            "your-client_secret",
            "yourclientsecret",
        ] {
            assert!(is_placeholder(value), "{value}");
        }
        for value in [
            "q8Z~f3kLw0pXr7",
            "[[x]",
            "<a\nb>",
            "your__client_secret",
            "my_client_secret",
            "secret123",
            "xy",
            "[",
        ] {
            assert!(!is_placeholder(value), "{value}");
        }
    }
}
