//! `info.version` (SW018) and `info.contact` (SW019 present, SW020 well-formed).

use crate::diagnostic::Target;
use crate::json::{Node, Pointer};
use crate::rules::helpers::non_empty;
use crate::rules::helpers::require_member;
use crate::rules::levels::{E, I, W, WS};
use crate::rules::swagger::swagger_version::article;
use crate::rules::{Rule, RuleContext, declare_rule};

/// An absolute `http` or `https` URL (scheme case-insensitive): a non-empty host, an optional
/// numeric port, and no white space or control character anywhere.
pub(crate) fn is_absolute_http_url(url: &str) -> bool {
    let has_prefix = |prefix: &str| {
        url.get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    };
    let rest = if has_prefix("https://") {
        &url[8..]
    } else if has_prefix("http://") {
        &url[7..]
    } else {
        return false;
    };
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let (host, port) = if let Some(v6) = host_port.strip_prefix('[') {
        match v6.split_once(']') {
            Some((addr, tail)) if !addr.is_empty() => (addr, tail.strip_prefix(':')),
            _ => return false,
        }
    } else {
        match host_port.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (host_port, None),
        }
    };
    let host_ok = !host.is_empty()
        && !host.starts_with('.')
        && !host.contains("..")
        && host
            .chars()
            .all(|c| !c.is_ascii() || c.is_ascii_alphanumeric() || "-._:%".contains(c));
    let port_ok = port.is_none_or(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    host_ok && port_ok
}

/// A plain ASCII e-mail address: `local@domain`, the local part made of RFC 5322 `atext` and
/// single dots, the domain of two or more letter/digit/hyphen labels.
pub(crate) fn is_valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.rsplit_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~-.".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    local_ok && domain_ok
}

declare_rule! {
    /// ## What it does
    /// Checks that `info.version` is present and is a string.
    ///
    /// ## Why is this bad?
    /// Swagger 2.0 requires `info.version`, and it must be a string: `1.0` written as a number is
    /// rejected by the schema (and `1.10` would silently become `1.1`).
    ///
    /// ## Example
    /// ```json,fail
    /// { "swagger": "2.0", "info": { "title": "Contoso", "version": 1.0 },
    ///   "host": "api.contoso.com", "paths": {} }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// { "swagger": "2.0", "info": { "title": "Contoso", "version": "1.0" },
    ///   "host": "api.contoso.com", "paths": {} }
    /// ```
    ///
    /// ## Source
    /// `schemas/apiDefinition.swagger.schema.json` (`info.version` is a required string).
    pub(crate) VersionPresent {
        code: "SW018",
        name: "version-present",
        family: SW,
        category: Certification,
        levels: [E, E, E],
        summary: "`info.version` is a string",
    }
}

impl Rule for VersionPresent {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        let Some(info) = view.root().get("info").filter(|i| i.is_object()) else {
            return; // SW010 reports a missing or malformed `info`.
        };
        let info_ptr = Pointer::root().child("info");
        match info.get("version") {
            None => {
                cx.report(
                    file,
                    Target::missing(&info_ptr, "version"),
                    "`info` has no `version`",
                )
                .help("add `\"version\": \"1.0\"` to `info`");
            }
            Some(version) if !version.is_string() => {
                let hint = match version.as_f64() {
                    Some(_) => {
                        let raw = cx
                            .package()
                            .file(file)
                            .text()
                            .and_then(|t| t.get(version.range.to_range()))
                            .unwrap_or("1.0");
                        format!("write the version as a string: `\"{raw}\"`")
                    }
                    None => "make `info.version` a string such as `\"1.0\"`".to_owned(),
                };
                cx.report(
                    file,
                    Target::value(&info_ptr.child("version")),
                    format!("`info.version` is {}, not a string", article(version)),
                )
                .help(hint);
            }
            Some(_) => {}
        }
    }
}

/// The three members `info.contact` must have (CS 3b).
const CONTACT_KEYS: [&str; 3] = ["name", "url", "email"];

declare_rule! {
    /// ## What it does
    /// Checks that `info.contact` exists and has a non-empty `name`, `url` and `email`.
    ///
    /// ## Why is this bad?
    /// Certification requires contact information so that Microsoft and users can reach the
    /// connector's owner; the Swagger Validator reports "'contact' property is required". Many
    /// accepted connectors lack a part of it (often the `url`), so this is a warning unless
    /// `--strict` is given.
    ///
    /// ## Example
    /// ```json,fail
    /// { "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0",
    ///             "contact": { "name": "Contoso Support" } },
    ///   "host": "api.contoso.com", "paths": {} }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// { "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0",
    ///             "contact": { "name": "Contoso Support", "url": "https://contoso.com/support",
    ///                          "email": "support@contoso.com" } },
    ///   "host": "api.contoso.com", "paths": {} }
    /// ```
    ///
    /// ## Source
    /// Learn, *Verified publisher certification process* (step 3b); *Fix Swagger Validator
    /// errors* ("'contact' property is required", PowerPlatformConnectors#1095).
    pub(crate) Contact {
        code: "SW019",
        name: "contact",
        family: SW,
        category: Certification,
        levels: [WS, WS, I],
        summary: "`info.contact` has a `name`, `url` and `email`",
    }
}

impl Rule for Contact {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        let Some(info) = view.root().get("info").filter(|i| i.is_object()) else {
            return; // SW010 reports a missing or malformed `info`.
        };
        let info_ptr = Pointer::root().child("info");
        let contact_ptr = info_ptr.child("contact");
        let Some((_, contact)) = require_member(
            cx,
            file,
            (&info_ptr, info),
            "contact",
            "add `\"contact\": { \"name\": …, \"url\": …, \"email\": … }` to `info`: who supports the connector",
        ) else {
            return;
        };
        if !contact.is_object() {
            cx.report(
                file,
                Target::value(&contact_ptr),
                format!("`info.contact` is {}, not an object", article(contact)),
            )
            .help("make `info.contact` an object with a `name`, `url` and `email`");
            return;
        }
        for key in CONTACT_KEYS {
            let what = match key {
                "name" => "the name of the person or team supporting the connector",
                "url" => "a support web page, `https://…`",
                _ => "a support e-mail address",
            };
            match contact.get(key) {
                None => {
                    cx.report(
                        file,
                        Target::missing(&contact_ptr, key),
                        format!("`info.contact` has no `{key}`"),
                    )
                    .help(format!("add `{key}` to `info.contact`: {what}"));
                }
                Some(value) => match value.as_str() {
                    None => {
                        cx.report(
                            file,
                            Target::value(&contact_ptr.child(key)),
                            format!("`info.contact.{key}` is {}, not a string", article(value)),
                        )
                        .help(format!("make `info.contact.{key}` a string: {what}"));
                    }
                    Some(text) if !non_empty(text) => {
                        cx.report(
                            file,
                            Target::value(&contact_ptr.child(key)),
                            format!("`info.contact.{key}` is empty"),
                        )
                        .help(format!("set `info.contact.{key}` to {what}"));
                    }
                    Some(_) => {}
                },
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Checks the format of `info.contact`: `email` is a valid ASCII e-mail address and `url` is
    /// an absolute `http` or `https` URL (white space around either is ignored). Missing or empty
    /// members are SW019's business.
    ///
    /// ## Why is this bad?
    /// The Swagger Validator rejects a malformed contact e-mail (*ContactEmailNotValid*) or URL
    /// (*UrlNotValid*): users could not reach the connector's owner.
    ///
    /// ## Example
    /// ```json,fail
    /// { "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0",
    ///             "contact": { "name": "Contoso Support", "url": "contoso.com/support",
    ///                          "email": "support at contoso.com" } },
    ///   "host": "api.contoso.com", "paths": {} }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// { "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0",
    ///             "contact": { "name": "Contoso Support", "url": "https://contoso.com/support",
    ///                          "email": "support@contoso.com" } },
    ///   "host": "api.contoso.com", "paths": {} }
    /// ```
    ///
    /// ## Source
    /// Learn, *Fix Swagger Validator errors* (*ContactEmailNotValid*, *UrlNotValid*).
    pub(crate) ContactFormat {
        code: "SW020",
        name: "contact-format",
        family: SW,
        category: Certification,
        levels: [E, E, W],
        summary: "`info.contact` has a valid `email` and an absolute http(s) `url`",
    }
}

impl Rule for ContactFormat {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        let Some(contact) = view.root().get("info").and_then(|i| i.get("contact")) else {
            return;
        };
        let contact_ptr = Pointer::root().child("info").child("contact");
        if let Some(email) = non_empty_string(contact, "email")
            && !is_valid_email(email.trim())
        {
            let why = if email.is_ascii() {
                "is not a valid e-mail address"
            } else {
                "is not a valid ASCII e-mail address"
            };
            cx.report(
                    file,
                    Target::value(&contact_ptr.child("email")),
                    format!("`info.contact.email` `{}` {why}", email.trim()),
                )
                .help("use a plain address such as `support@contoso.com`, without a `mailto:` prefix, a display name or spaces");
        }
        if let Some(url) = non_empty_string(contact, "url")
            && !is_absolute_http_url(url.trim())
        {
            cx.report(
                file,
                Target::value(&contact_ptr.child("url")),
                format!(
                    "`info.contact.url` `{}` is not an absolute http(s) URL",
                    url.trim()
                ),
            )
            .help(url_help(url));
        }
    }
}

fn non_empty_string<'a>(object: &'a Node, key: &str) -> Option<&'a str> {
    object.get(key)?.as_str().filter(|s| non_empty(s))
}

/// What to do about a string that is not an absolute http(s) URL.
pub(crate) fn url_help(url: &str) -> String {
    let trimmed = url.trim();
    let lower = trimmed.to_ascii_lowercase();
    for first in ["https://", "http://"] {
        let doubled = lower
            .strip_prefix(first)
            .is_some_and(|rest| rest.starts_with("https://") || rest.starts_with("http://"));
        if doubled {
            return format!(
                "remove the repeated scheme: `{}`",
                trimmed.get(first.len()..).unwrap_or(trimmed)
            );
        }
    }
    if !trimmed.contains("://") && !trimmed.contains(char::is_whitespace) {
        format!("write the full URL with its scheme: `https://{trimmed}`")
    } else {
        "write a full URL starting with `https://` (for example `https://contoso.com/support`)"
            .to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        for ok in [
            "https://contoso.com",
            "http://contoso.com/support?x=1#a",
            "HTTPS://Contoso.com:8443/",
            "https://[::1]:80/x",
            "https://user@contoso.com",
            "https://bücher.de",
            "http://é.fr",
        ] {
            assert!(is_absolute_http_url(ok), "{ok}");
        }
        for bad in [
            "contoso.com",
            "ftp://contoso.com",
            "https://",
            "https:///path",
            "https://contoso .com",
            " https://contoso.com",
            "https://contoso.com:abc",
            "mailto:x@contoso.com",
            "https",
            "",
        ] {
            assert!(!is_absolute_http_url(bad), "{bad}");
            let _ = url_help(bad);
        }
        assert_eq!(
            url_help("€uro"),
            "write the full URL with its scheme: `https://€uro`"
        );
        assert_eq!(
            url_help("https://http://a.com"),
            "remove the repeated scheme: `http://a.com`"
        );
    }

    #[test]
    fn emails() {
        for ok in ["a@b.co", "first.last+tag@sub.contoso.com", "o'neil@x-y.io"] {
            assert!(is_valid_email(ok), "{ok}");
        }
        for bad in [
            "support",
            "support@contoso",
            "support at contoso.com",
            "mailto:a@b.com",
            "a@b..com",
            ".a@b.com",
            "a@-b.com",
            "ü@b.com",
            "a@b.com ",
            "Name <a@b.com>",
            "",
        ] {
            assert!(!is_valid_email(bad), "{bad}");
        }
    }
}
