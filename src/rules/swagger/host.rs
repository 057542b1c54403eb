//! Where the connector's requests go: `host` (SW030, SW031), `basePath` (SW032) and `schemes`
//! (SW033, SW034).

use crate::diagnostic::Target;
use crate::json::Pointer;
use crate::rules::helpers::expect_array;
use crate::rules::helpers::require_member;
use crate::rules::levels::{E, I, OFF, W};
use crate::rules::swagger::swagger_version::article;
use crate::rules::{Rule, RuleContext, declare_rule};

/// rules.md SW030: `^[^{}/ :\\]+(:\d+)?$`, written out.
pub(crate) fn is_valid_host(host: &str) -> bool {
    let (name, port) = match host.split_once(':') {
        Some((name, port)) => (name, Some(port)),
        None => (host, None),
    };
    let name_ok = !name.is_empty() && !name.contains(['{', '}', '/', ' ', ':', '\\']);
    let port_ok = port.is_none_or(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    name_ok && port_ok
}

/// The reason a host does not match SW030's pattern, for the message.
fn host_problem(host: &str) -> &'static str {
    let lower = host.to_ascii_lowercase();
    if host.is_empty() {
        "is empty"
    } else if lower.starts_with("http://") || lower.starts_with("https://") || host.contains("://")
    {
        "includes a scheme"
    } else if host.contains(['{', '}']) {
        "contains a `{…}` template"
    } else if host.contains(['/', '\\']) {
        "includes a path"
    } else if host.contains(' ') {
        "contains a space"
    } else {
        "is not a host name with an optional numeric port"
    }
}

fn host_help(host: &str) -> String {
    let lower = host.to_ascii_lowercase();
    let without_scheme = ["https://", "http://"]
        .iter()
        .find(|s| lower.starts_with(*s))
        .map_or(host, |s| &host[s.len()..]);
    if host.contains(['{', '}']) {
        return "put a fixed host name in `host` (for example `api.contoso.com`) and let the `dynamichosturl` policy template set the real one at run time".to_owned();
    }
    let (name, path) = match without_scheme.find(['/', '\\']) {
        Some(i) => (&without_scheme[..i], &without_scheme[i..]),
        None => (without_scheme, ""),
    };
    if is_valid_host(name) && (name != host) {
        let mut help = format!("set `host` to `{name}`");
        if without_scheme.len() != host.len() {
            help.push_str(" and list the scheme in `schemes`");
        }
        if !path.is_empty() && path != "/" {
            help.push_str(&format!(", and move `{path}` into `basePath`"));
        }
        return help;
    }
    "set `host` to the service's host name only, such as `api.contoso.com` or `api.contoso.com:8443`".to_owned()
}

declare_rule! {
    /// ## What it does
    /// Checks that `host` is present and is a bare host name with an optional numeric port:
    /// it matches `^[^{}/ :\\]+(:\d+)?$`, so it has no scheme, no path and no `{…}` template.
    ///
    /// ## Why is this bad?
    /// The connector's requests go to `scheme://host/basePath/path`. A host holding a scheme or a
    /// path builds broken URLs, and the Swagger Validator rejects it (*HostNameNotValid*). A host
    /// that varies per connection is set with the `dynamichosturl` policy template, not with a
    /// template in `host`.
    ///
    /// ## Example
    /// ```json,fail
    /// { "swagger": "2.0", "info": { "title": "Contoso", "version": "1.0" },
    ///   "host": "https://api.contoso.com/v1", "paths": {} }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// { "swagger": "2.0", "info": { "title": "Contoso", "version": "1.0" },
    ///   "host": "api.contoso.com", "basePath": "/v1", "schemes": ["https"], "paths": {} }
    /// ```
    ///
    /// ## Source
    /// Learn, *Fix Swagger Validator errors* (*HostNameNotValid*);
    /// `schemas/apiDefinition.swagger.schema.json`.
    pub(crate) Host {
        code: "SW030",
        name: "host",
        family: SW,
        category: Certification,
        levels: [E, E, E],
        summary: "`host` is a host name with an optional port",
    }
}

impl Rule for Host {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        let root = view.root();
        if !root.is_object() {
            return;
        }
        let ptr = Pointer::root().child("host");
        let Some((_, node)) = require_member(
            cx,
            file,
            (&Pointer::root(), root),
            "host",
            "add the service's host name, for example `\"host\": \"api.contoso.com\"`",
        ) else {
            return;
        };
        let Some(host) = node.as_str() else {
            cx.report(
                file,
                Target::value(&ptr),
                format!("`host` is {}, not a string", article(node)),
            )
            .help("make `host` a string such as `\"api.contoso.com\"`");
            return;
        };
        if !is_valid_host(host) {
            cx.report(
                file,
                Target::value(&ptr),
                format!("`host` `{host}` {}", host_problem(host)),
            )
            .help(host_help(host));
        }
    }
}

/// Parts of a host label that name a non-production environment (CS 4).
const NON_PRODUCTION: [&str; 7] = ["dev", "test", "staging", "stage", "sandbox", "qa", "uat"];

/// The non-production word of a host, or `localhost`: each label except the last, split at
/// `-` and `_`, compared case-insensitively.
fn non_production(host: &str) -> Option<String> {
    let name = host.split_once(':').map_or(host, |(name, _)| name);
    let name = name.strip_suffix('.').unwrap_or(name);
    if name.eq_ignore_ascii_case("localhost") {
        return Some("localhost".to_owned());
    }
    let labels: Vec<&str> = name.split('.').collect();
    let (_, head) = labels.split_last()?;
    head.iter()
        .flat_map(|label| label.split(['-', '_']))
        .find(|part| NON_PRODUCTION.iter().any(|w| w.eq_ignore_ascii_case(part)))
        .map(str::to_owned)
}

declare_rule! {
    /// ## What it does
    /// Reports a `host` that looks like a development, test or staging environment: each label
    /// except the last is split at `-` and `_`, and a part equal to `dev`, `test`, `staging`,
    /// `stage`, `sandbox`, `qa` or `uat` (any case) is reported, as is `localhost`. Words inside
    /// a part are not matched (`latest`, `devices` and `contest` are fine).
    ///
    /// ## Why is this bad?
    /// Certification does not allow staging, dev and test host URLs: a certified connector is
    /// used by every customer and must call the production service. This is a heuristic, so it is
    /// a warning.
    ///
    /// ## Example
    /// ```json,fail
    /// { "swagger": "2.0", "info": { "title": "Contoso", "version": "1.0" },
    ///   "host": "api-dev.contoso.com", "paths": {} }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// { "swagger": "2.0", "info": { "title": "Contoso", "version": "1.0" },
    ///   "host": "api.contoso.com", "paths": {} }
    /// ```
    ///
    /// ## Source
    /// Learn, *Verified publisher certification process*, step 4 ("Staging, dev, and test host
    /// URLs aren't allowed").
    pub(crate) HostProduction {
        code: "SW031",
        name: "host-production",
        family: SW,
        category: Certification,
        levels: [W, W, OFF],
        summary: "`host` is not a dev, test or staging host",
    }
}

impl Rule for HostProduction {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        let Some(host) = view.root().get("host").and_then(|h| h.as_str()) else {
            return;
        };
        let Some(word) = non_production(host) else {
            return;
        };
        let message = if word == "localhost" {
            "`host` is `localhost`".to_owned()
        } else {
            format!("`host` `{host}` looks like a non-production environment (`{word}`)")
        };
        cx.report(file, Target::value(&Pointer::root().child("host")), message)
            .help("point `host` at the production service: certified connectors may not use dev, test or staging hosts");
    }
}

declare_rule! {
    /// ## What it does
    /// Checks that `basePath`, when present, starts with `/`.
    ///
    /// ## Why is this bad?
    /// Request URLs are built as `scheme://host` + `basePath` + path; a base path without a
    /// leading `/` runs into the host name. The Swagger Validator rejects it
    /// (*BasePathNotValid*).
    ///
    /// ## Example
    /// ```json,fail
    /// { "swagger": "2.0", "info": { "title": "Contoso", "version": "1.0" },
    ///   "host": "api.contoso.com", "basePath": "v1", "paths": {} }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// { "swagger": "2.0", "info": { "title": "Contoso", "version": "1.0" },
    ///   "host": "api.contoso.com", "basePath": "/v1", "paths": {} }
    /// ```
    ///
    /// ## Source
    /// Learn, *Fix Swagger Validator errors* (*BasePathNotValid*).
    pub(crate) BasePath {
        code: "SW032",
        name: "basepath",
        family: SW,
        category: Certification,
        levels: [E, E, E],
        summary: "`basePath` starts with `/`",
    }
}

impl Rule for BasePath {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        let Some(node) = view.root().get("basePath") else {
            return;
        };
        let ptr = Pointer::root().child("basePath");
        match node.as_str() {
            None => {
                cx.report(
                    file,
                    Target::value(&ptr),
                    format!("`basePath` is {}, not a string", article(node)),
                )
                .help("make `basePath` a string starting with `/`, such as `\"/\"` or `\"/v1\"`");
            }
            Some(path) if !path.starts_with('/') => {
                let message = if path.is_empty() {
                    "`basePath` is empty".to_owned()
                } else {
                    format!("`basePath` `{path}` does not start with `/`")
                };
                let help = if path.contains("://") {
                    "`basePath` is the path part only: put the host in `host`, the scheme in `schemes` and the rest, starting with `/`, here".to_owned()
                } else if path.trim().is_empty() {
                    "set `\"basePath\": \"/\"`, or remove it".to_owned()
                } else {
                    format!("write `\"basePath\": \"/{}\"`", path.trim())
                };
                cx.report(file, Target::value(&ptr), message).help(help);
            }
            Some(_) => {}
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Checks that `schemes` is present, is a non-empty array, and lists only `http` and
    /// `https`.
    ///
    /// ## Why is this bad?
    /// The connector's requests are made with the listed scheme. The Swagger Validator rejects
    /// an empty list (*SchemesArrayEmpty*), unknown values (*SchemeNotValid*) and schemes
    /// connectors cannot use, such as `ws` and `wss` (*SchemeNotSupported*).
    ///
    /// ## Example
    /// ```json,fail
    /// { "swagger": "2.0", "info": { "title": "Contoso", "version": "1.0" },
    ///   "host": "api.contoso.com", "schemes": ["wss"], "paths": {} }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// { "swagger": "2.0", "info": { "title": "Contoso", "version": "1.0" },
    ///   "host": "api.contoso.com", "schemes": ["https"], "paths": {} }
    /// ```
    ///
    /// ## Source
    /// Learn, *Fix Swagger Validator errors* (*SchemesArrayEmpty*, *SchemeNotValid*,
    /// *SchemeNotSupported*).
    pub(crate) Schemes {
        code: "SW033",
        name: "schemes",
        family: SW,
        category: Certification,
        levels: [E, E, E],
        summary: "`schemes` is a non-empty subset of `http`, `https`",
    }
}

impl Rule for Schemes {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        let root = view.root();
        if !root.is_object() {
            return;
        }
        let ptr = Pointer::root().child("schemes");
        let Some((_, node)) = require_member(
            cx,
            file,
            (&Pointer::root(), root),
            "schemes",
            "add `\"schemes\": [\"https\"]`",
        ) else {
            return;
        };
        let Some(items) = expect_array(
            cx,
            file,
            &ptr,
            node,
            "schemes",
            "write `\"schemes\": [\"https\"]`",
        ) else {
            return;
        };
        if items.is_empty() {
            cx.report(file, Target::value(&ptr), "`schemes` is empty")
                .help("write `\"schemes\": [\"https\"]`");
            return;
        }
        for (i, item) in items.iter().enumerate() {
            let item_ptr = ptr.child_index(i);
            match item.as_str() {
                Some("http" | "https") => {}
                Some(scheme) => {
                    let help = match scheme.to_ascii_lowercase().as_str() {
                        lower @ ("http" | "https") => {
                            format!("write the scheme in lower case: `\"{lower}\"`")
                        }
                        "ws" | "wss" => {
                            "connectors cannot use WebSockets: list `https` and use HTTP requests"
                                .to_owned()
                        }
                        _ => "list only `https` (or `http`)".to_owned(),
                    };
                    cx.report(
                        file,
                        Target::value(&item_ptr),
                        format!("`{scheme}` is not a supported scheme; use `http` or `https`"),
                    )
                    .help(help);
                }
                None => {
                    cx.report(
                        file,
                        Target::value(&item_ptr),
                        format!("`schemes` holds {}, not a string", article(item)),
                    )
                    .help("list schemes as strings: `\"https\"`");
                }
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports `http` in `schemes`.
    ///
    /// ## Why is this bad?
    /// Over plain `http` the connection's credentials and the users' data travel unencrypted.
    /// Services that connectors call should be reachable over `https` only.
    ///
    /// ## Example
    /// ```json,fail
    /// { "swagger": "2.0", "info": { "title": "Contoso", "version": "1.0" },
    ///   "host": "api.contoso.com", "schemes": ["http", "https"], "paths": {} }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// { "swagger": "2.0", "info": { "title": "Contoso", "version": "1.0" },
    ///   "host": "api.contoso.com", "schemes": ["https"], "paths": {} }
    /// ```
    ///
    /// ## Source
    /// Common practice (no published rule): transport security for credentials and data.
    pub(crate) HttpsOnly {
        code: "SW034",
        name: "https-only",
        family: SW,
        category: Security,
        levels: [W, W, I],
        summary: "`schemes` does not list `http`",
    }
}

impl Rule for HttpsOnly {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        let Some(items) = view.root().get("schemes").and_then(|s| s.as_array()) else {
            return;
        };
        let has_https = items
            .iter()
            .any(|i| i.as_str().is_some_and(|s| s.eq_ignore_ascii_case("https")));
        for (i, item) in items.iter().enumerate() {
            if item
                .as_str()
                .is_some_and(|s| s.eq_ignore_ascii_case("http"))
            {
                let help = if has_https {
                    "remove `http` from `schemes`: `https` is already listed"
                } else {
                    "serve the API over TLS and list `https` instead of `http`"
                };
                cx.report(
                    file,
                    Target::value(&Pointer::root().child("schemes").child_index(i)),
                    "`schemes` lists `http`: requests and credentials may travel unencrypted",
                )
                .help(help);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        for ok in ["api.contoso.com", "contoso.com:8443", "localhost", "a_b.c"] {
            assert!(is_valid_host(ok), "{ok}");
        }
        for bad in [
            "",
            "https://api.contoso.com",
            "api.contoso.com/v1",
            "{tenant}.contoso.com",
            "api contoso.com",
            "contoso.com:",
            "contoso.com:80:80",
            "contoso.com:x",
            ":80",
            "a\\b",
        ] {
            assert!(!is_valid_host(bad), "{bad}");
        }
    }

    #[test]
    fn production_hosts() {
        assert_eq!(
            non_production("api-dev.contoso.com").as_deref(),
            Some("dev")
        );
        assert_eq!(non_production("test.contoso.com").as_deref(), Some("test"));
        assert_eq!(non_production("a.UAT.contoso.com").as_deref(), Some("UAT"));
        assert_eq!(
            non_production("sandbox_api.x.io:443").as_deref(),
            Some("sandbox")
        );
        assert_eq!(
            non_production("LocalHost:8080").as_deref(),
            Some("localhost")
        );
        assert_eq!(
            non_production("api.contoso.dev"),
            None,
            "the last label is not checked"
        );
        assert_eq!(non_production("latest.devices.contest.com"), None);
        assert_eq!(non_production("contoso"), None);
    }
}
