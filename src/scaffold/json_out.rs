//! Pretty JSON with the member order people write connector files in (`swagger` first, then
//! `info`, …; `summary` before `description` before `operationId`), whatever order the
//! `serde_json::Value` holds its keys in (ours sorts them).

use std::fmt::Write as _;

use serde_json::{Map, Value};

/// Member orders for the kinds of objects a connector's files hold. An object's kind is told
/// by a member only that kind has; members not listed keep the map's order, after the listed ones.
const ORDERS: &[(&str, &[&str])] = &[
    (
        "swagger",
        &[
            "swagger",
            "info",
            "host",
            "basePath",
            "schemes",
            "consumes",
            "produces",
            "paths",
            "definitions",
            "parameters",
            "responses",
            "securityDefinitions",
            "security",
            "tags",
            "x-ms-connector-metadata",
        ],
    ),
    ("propertyName", &["propertyName", "propertyValue"]),
    (
        "operationId",
        &[
            "summary",
            "description",
            "operationId",
            "x-ms-visibility",
            "consumes",
            "produces",
            "parameters",
            "responses",
        ],
    ),
    (
        "in",
        &[
            "name",
            "in",
            "required",
            "type",
            "format",
            "default",
            "enum",
            "x-ms-summary",
            "description",
            "x-ms-visibility",
            "x-ms-url-encoding",
            "schema",
        ],
    ),
    (
        "identityProvider",
        &[
            "identityProvider",
            "clientId",
            "scopes",
            "redirectMode",
            "redirectUrl",
            "properties",
            "customParameters",
        ],
    ),
    (
        "displayName",
        &["displayName", "description", "tooltip", "constraints"],
    ),
    ("tabIndex", &["tabIndex", "clearText", "required"]),
    (
        "authorizationUrl",
        &["authorizationUrl", "tokenUrl", "refreshUrl"],
    ),
    (
        "authorizationUrlTemplate",
        &[
            "authorizationUrlTemplate",
            "tokenUrlTemplate",
            "refreshUrlTemplate",
        ],
    ),
    (
        "loginUri",
        &[
            "loginUri",
            "tenantId",
            "resourceUri",
            "enableOnbehalfOfLogin",
        ],
    ),
    (
        "IsFirstParty",
        &["IsFirstParty", "AzureActiveDirectoryResourceId"],
    ),
    (
        "connectionParameters",
        &[
            "connectionParameters",
            "iconBrandColor",
            "capabilities",
            "publisher",
            "stackOwner",
            "scriptOperations",
        ],
    ),
    ("uiDefinition", &["type", "uiDefinition", "oAuthSettings"]),
    (
        "flow",
        &["type", "flow", "authorizationUrl", "tokenUrl", "scopes"],
    ),
    (
        "version",
        &[
            "title",
            "description",
            "version",
            "contact",
            "x-ms-api-annotation",
        ],
    ),
    ("email", &["name", "url", "email"]),
    ("schema", &["description", "schema"]),
    (
        "type",
        &[
            "type",
            "in",
            "name",
            "format",
            "required",
            "properties",
            "items",
            "enum",
            "x-ms-summary",
            "description",
        ],
    ),
];

/// The keys of an object in writing order.
fn ordered_keys(map: &Map<String, Value>) -> Vec<&String> {
    let order = ORDERS
        .iter()
        .find(|(marker, _)| map.contains_key(*marker))
        .map_or(&[][..], |(_, order)| *order);
    let mut keys: Vec<&String> = order
        .iter()
        .filter_map(|k| map.get_key_value(*k).map(|(key, _)| key))
        .collect();
    keys.extend(map.keys().filter(|k| !order.contains(&k.as_str())));
    keys
}

/// `value` as pretty JSON (two-space indent, a final newline).
#[must_use]
pub(crate) fn to_pretty(value: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, value, 0);
    out.push('\n');
    out
}

fn write_value(out: &mut String, value: &Value, depth: usize) {
    match value {
        Value::Object(map) if map.is_empty() => out.push_str("{}"),
        Value::Object(map) => {
            out.push_str("{\n");
            let keys = ordered_keys(map);
            for (i, key) in keys.iter().enumerate() {
                indent(out, depth + 1);
                out.push_str(&Value::String((*key).clone()).to_string());
                out.push_str(": ");
                write_value(out, &map[key.as_str()], depth + 1);
                if i + 1 < keys.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            indent(out, depth);
            out.push('}');
        }
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Array(items) if items.iter().all(is_scalar) => {
            // Short lists of strings (`schemes`, `capabilities`) read best on one line.
            let inline: Vec<String> = items.iter().map(Value::to_string).collect();
            let line = format!("[{}]", inline.join(", "));
            if line.len() <= 80 {
                out.push_str(&line);
            } else {
                write_array(out, items, depth);
            }
        }
        Value::Array(items) => write_array(out, items, depth),
        scalar => {
            let _ = write!(out, "{scalar}");
        }
    }
}

fn write_array(out: &mut String, items: &[Value], depth: usize) {
    out.push_str("[\n");
    for (i, item) in items.iter().enumerate() {
        indent(out, depth + 1);
        write_value(out, item, depth + 1);
        if i + 1 < items.len() {
            out.push(',');
        }
        out.push('\n');
    }
    indent(out, depth);
    out.push(']');
}

fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Object(_) | Value::Array(_))
}

fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str("  ");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn known_members_come_first_and_the_output_parses_back() {
        let value = json!({
            "paths": {},
            "info": { "version": "1.0", "title": "T", "description": "D" },
            "swagger": "2.0",
            "x-extra": [1, 2],
            "schemes": ["https"]
        });
        let text = to_pretty(&value);
        assert!(text.starts_with("{\n  \"swagger\": \"2.0\",\n  \"info\": {\n    \"title\""));
        assert!(text.contains("\"schemes\": [\"https\"]"));
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }
}
