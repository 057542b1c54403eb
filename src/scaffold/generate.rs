//! apiDefinition.swagger.json and apiProperties.json from the answers, either fresh (one
//! sample operation) or completed from an existing Swagger 2.0 document.

use serde_json::{Map, Value, json};

use super::answers::{Answers, Auth, IdentityProvider};
use crate::error::Error;
use crate::package::Profile;

/// Where the platform sends users back after they sign in (rules.md §4, CS).
pub(crate) const REDIRECT_URL: &str = "https://global.consent.azure-apim.net/redirect";
/// Microsoft Entra ID's sign-in host.
const ENTRA_LOGIN: &str = "https://login.microsoftonline.com";
/// The placeholder a publisher replaces with the OAuth application's client ID.
pub(crate) const CLIENT_ID_PLACEHOLDER: &str = "[[client-id]]";
/// The placeholder a publisher replaces with the Entra ID application ID URI of the API.
pub(crate) const RESOURCE_URI_PLACEHOLDER: &str = "[[resource-uri]]";

const HTTP_METHODS: [&str; 7] = ["get", "put", "post", "delete", "options", "head", "patch"];

/// The authentication both files describe, so that `securityDefinitions` and
/// `connectionParameters` agree (rules.md SW112).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum AuthPlan {
    None,
    ApiKey {
        definition: String,
        name: String,
        location: String,
    },
    Basic {
        definition: String,
    },
    OAuth2 {
        definition: String,
        provider: IdentityProvider,
        authorization_url: String,
        token_url: String,
        scopes: Vec<String>,
    },
}

impl AuthPlan {
    fn from_answers(answers: &Answers) -> AuthPlan {
        match answers.auth {
            Auth::None => AuthPlan::None,
            Auth::ApiKey => AuthPlan::ApiKey {
                definition: "api_key".to_owned(),
                name: "X-API-Key".to_owned(),
                location: "header".to_owned(),
            },
            Auth::Basic => AuthPlan::Basic {
                definition: "basic_auth".to_owned(),
            },
            Auth::OAuth2(provider) => {
                let (authorization_url, token_url) = match provider {
                    IdentityProvider::Aad => (
                        format!("{ENTRA_LOGIN}/common/oauth2/authorize"),
                        format!("{ENTRA_LOGIN}/common/oauth2/token"),
                    ),
                    IdentityProvider::OAuth2 | IdentityProvider::OAuth2Generic => (
                        format!("https://{}/oauth2/authorize", answers.host),
                        format!("https://{}/oauth2/token", answers.host),
                    ),
                };
                AuthPlan::OAuth2 {
                    definition: "oauth2_auth".to_owned(),
                    provider,
                    authorization_url,
                    token_url,
                    scopes: Vec::new(),
                }
            }
        }
    }

    /// The plan an existing `securityDefinitions` implies: its first definition (by name) that
    /// has a type pcpkg can pair with connection parameters. An OAuth 2.0 definition signs in
    /// with Entra ID when its URLs say so, else with `provider` (the answer's, when it chose one).
    fn from_definitions(
        definitions: &Map<String, Value>,
        provider: Option<IdentityProvider>,
    ) -> Option<AuthPlan> {
        definitions.iter().find_map(|(key, definition)| {
            let text = |k: &str| definition.get(k).and_then(Value::as_str).map(str::to_owned);
            match definition.get("type").and_then(Value::as_str)? {
                "apiKey" => Some(AuthPlan::ApiKey {
                    definition: key.clone(),
                    name: text("name").unwrap_or_else(|| "X-API-Key".to_owned()),
                    location: text("in").unwrap_or_else(|| "header".to_owned()),
                }),
                "basic" => Some(AuthPlan::Basic {
                    definition: key.clone(),
                }),
                "oauth2" => {
                    let authorization_url = text("authorizationUrl").unwrap_or_default();
                    let token_url = text("tokenUrl").unwrap_or_default();
                    let entra = [&authorization_url, &token_url].iter().any(|u| {
                        u.contains("login.microsoftonline.com") || u.contains("login.windows.net")
                    });
                    let provider = match provider {
                        _ if entra => IdentityProvider::Aad,
                        Some(provider) => provider,
                        None => IdentityProvider::OAuth2,
                    };
                    let scopes = definition
                        .get("scopes")
                        .and_then(Value::as_object)
                        .map(|s| s.keys().cloned().collect())
                        .unwrap_or_default();
                    Some(AuthPlan::OAuth2 {
                        definition: key.clone(),
                        provider,
                        authorization_url,
                        token_url,
                        scopes,
                    })
                }
                _ => None,
            }
        })
    }

    /// The answer that describes this plan.
    fn auth(&self) -> Auth {
        match self {
            AuthPlan::None => Auth::None,
            AuthPlan::ApiKey { .. } => Auth::ApiKey,
            AuthPlan::Basic { .. } => Auth::Basic,
            AuthPlan::OAuth2 { provider, .. } => Auth::OAuth2(*provider),
        }
    }

    fn security_definition(&self) -> Option<(String, Value)> {
        match self {
            AuthPlan::None => None,
            AuthPlan::ApiKey {
                definition,
                name,
                location,
            } => Some((
                definition.clone(),
                json!({ "type": "apiKey", "in": location, "name": name }),
            )),
            AuthPlan::Basic { definition } => {
                Some((definition.clone(), json!({ "type": "basic" })))
            }
            AuthPlan::OAuth2 {
                definition,
                authorization_url,
                token_url,
                scopes,
                ..
            } => {
                let scopes: Map<String, Value> = scopes
                    .iter()
                    .map(|s| (s.clone(), Value::String(s.clone())))
                    .collect();
                Some((
                    definition.clone(),
                    json!({
                        "type": "oauth2",
                        "flow": "accessCode",
                        "authorizationUrl": authorization_url,
                        "tokenUrl": token_url,
                        "scopes": scopes,
                    }),
                ))
            }
        }
    }

    /// apiProperties.json `connectionParameters` for this plan.
    fn connection_parameters(&self, title: &str) -> Value {
        match self {
            AuthPlan::None => json!({}),
            AuthPlan::ApiKey { definition, .. } => {
                let mut map = Map::new();
                map.insert(
                    parameter_name(definition),
                    json!({
                        "type": "securestring",
                        "uiDefinition": {
                            "displayName": "API key",
                            "description": format!("The API key for your {title} account"),
                            "tooltip": "Provide your API key",
                            "constraints": { "tabIndex": 2, "clearText": false, "required": "true" }
                        }
                    }),
                );
                Value::Object(map)
            }
            AuthPlan::Basic { .. } => json!({
                "username": {
                    "type": "string",
                    "uiDefinition": {
                        "displayName": "User name",
                        "description": format!("The user name of your {title} account"),
                        "tooltip": "Provide your user name",
                        "constraints": { "tabIndex": 2, "clearText": true, "required": "true" }
                    }
                },
                "password": {
                    "type": "securestring",
                    "uiDefinition": {
                        "displayName": "Password",
                        "description": format!("The password of your {title} account"),
                        "tooltip": "Provide your password",
                        "constraints": { "tabIndex": 3, "clearText": false, "required": "true" }
                    }
                }
            }),
            AuthPlan::OAuth2 {
                provider,
                authorization_url,
                token_url,
                scopes,
                ..
            } => {
                let custom = match provider {
                    IdentityProvider::OAuth2 => json!({
                        "authorizationUrl": { "value": authorization_url },
                        "tokenUrl": { "value": token_url },
                        "refreshUrl": { "value": token_url }
                    }),
                    IdentityProvider::OAuth2Generic => json!({
                        "authorizationUrlTemplate": { "value": authorization_url },
                        "tokenUrlTemplate": { "value": token_url },
                        "refreshUrlTemplate": { "value": token_url }
                    }),
                    IdentityProvider::Aad => json!({
                        "loginUri": { "value": ENTRA_LOGIN },
                        "tenantId": { "value": "common" },
                        "resourceUri": { "value": RESOURCE_URI_PLACEHOLDER },
                        "enableOnbehalfOfLogin": { "value": "false" }
                    }),
                };
                let mut properties = json!({ "IsFirstParty": "False" });
                if *provider == IdentityProvider::Aad {
                    properties["AzureActiveDirectoryResourceId"] = json!(RESOURCE_URI_PLACEHOLDER);
                }
                let display = match provider {
                    IdentityProvider::Aad => {
                        "Sign in with your Microsoft Entra ID account".to_owned()
                    }
                    _ => format!("Sign in with your {title} account"),
                };
                json!({
                    "token": {
                        "type": "oauthSetting",
                        "oAuthSettings": {
                            "identityProvider": provider.id(),
                            "clientId": CLIENT_ID_PLACEHOLDER,
                            "scopes": scopes,
                            "redirectMode": "Global",
                            "redirectUrl": REDIRECT_URL,
                            "properties": properties,
                            "customParameters": custom
                        },
                        "uiDefinition": {
                            "displayName": display,
                            "description": format!("Sign in to {title} to create a connection"),
                            "tooltip": "Provide your credentials",
                            "constraints": { "required": "true" }
                        }
                    }
                })
            }
        }
    }
}

/// A connection parameter name made from a security definition's (rules.md AP040: `[0-9a-zA-Z_]`).
fn parameter_name(definition: &str) -> String {
    let name: String = definition
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if name.is_empty() {
        "api_key".to_owned()
    } else {
        name
    }
}

/// The `x-ms-connector-metadata` entries the answers give: (propertyName, propertyValue).
pub(super) fn metadata_values(answers: &Answers) -> [(&'static str, String); 3] {
    [
        ("Website", answers.website.clone()),
        ("Privacy policy", answers.privacy_url.clone()),
        ("Categories", answers.categories.join(";")),
    ]
}

fn metadata_entry(name: &str, value: String) -> Value {
    json!({ "propertyName": name, "propertyValue": value })
}

fn metadata(answers: &Answers) -> Value {
    Value::Array(
        metadata_values(answers)
            .into_iter()
            .map(|(name, value)| metadata_entry(name, value))
            .collect(),
    )
}

fn contact(answers: &Answers) -> Value {
    json!({
        "name": answers.contact.name,
        "url": answers.contact.url,
        "email": answers.contact.email
    })
}

/// The sample operation a fresh scaffold starts with: described parameters and a response
/// schema, so that every operation rule has something correct to compare against.
fn sample_paths() -> Value {
    json!({
        "/items": {
            "get": {
                "summary": "List items",
                "description": "Lists the items of your account, newest first. Replace this sample with the operations of your API.",
                "operationId": "ListItems",
                "x-ms-visibility": "important",
                "parameters": [
                    {
                        "name": "top",
                        "in": "query",
                        "required": false,
                        "type": "integer",
                        "format": "int32",
                        "x-ms-summary": "Top",
                        "description": "The largest number of items to return."
                    }
                ],
                "responses": {
                    "200": {
                        "description": "The items.",
                        "schema": { "$ref": "#/definitions/ItemList" }
                    }
                }
            }
        }
    })
}

fn sample_definitions() -> Value {
    json!({
        "Item": {
            "type": "object",
            "properties": {
                "id": { "type": "string", "x-ms-summary": "Item ID", "description": "The item's identifier." },
                "name": { "type": "string", "x-ms-summary": "Name", "description": "The item's name." },
                "created": { "type": "string", "format": "date-time", "x-ms-summary": "Created", "description": "When the item was created." }
            }
        },
        "ItemList": {
            "type": "object",
            "properties": {
                "value": {
                    "type": "array",
                    "items": { "$ref": "#/definitions/Item" },
                    "x-ms-summary": "Items",
                    "description": "The items."
                }
            }
        }
    })
}

/// A fresh swagger for the answers.
fn fresh_swagger(answers: &Answers, plan: &AuthPlan) -> Value {
    let mut definitions = Map::new();
    let mut security = Vec::new();
    if let Some((name, definition)) = plan.security_definition() {
        security.push(json!({ name.clone(): [] }));
        definitions.insert(name, definition);
    }
    json!({
        "swagger": "2.0",
        "info": {
            "title": answers.title,
            "description": answers.description,
            "version": "1.0.0",
            "contact": contact(answers)
        },
        "host": answers.host,
        "basePath": answers.base_path,
        "schemes": ["https"],
        "consumes": ["application/json"],
        "produces": ["application/json"],
        "paths": sample_paths(),
        "definitions": sample_definitions(),
        "parameters": {},
        "responses": {},
        "securityDefinitions": definitions,
        "security": security,
        "tags": [],
        "x-ms-connector-metadata": metadata(answers)
    })
}

fn is_blank(value: Option<&Value>) -> bool {
    value
        .and_then(Value::as_str)
        .is_none_or(|s| s.trim().is_empty())
}

/// Sets `object[key]` to `value` unless it holds a non-blank string (or any non-string value).
fn fill(object: &mut Map<String, Value>, key: &str, value: Value) {
    let present = object
        .get(key)
        .is_some_and(|v| !v.is_null() && (!v.is_string() || !is_blank(Some(v))));
    if !present {
        object.insert(key.to_owned(), value);
    }
}

/// Completes an existing Swagger 2.0 document with what certification needs, keeping every
/// operation and every value already there; `info.title` always becomes the answer's title.
fn complete_base(answers: &Answers, base: Value) -> Result<(Value, AuthPlan), Error> {
    let Value::Object(mut root) = base else {
        return Err(Error::Usage(
            "the starting document is not a JSON object".to_owned(),
        ));
    };
    if let Some(version) = root.get("swagger").and_then(Value::as_str)
        && version != "2.0"
    {
        return Err(Error::Usage(format!(
            "the starting document is Swagger `{version}`; a Swagger 2.0 document is needed"
        )));
    }
    if root.contains_key("openapi") {
        return Err(Error::Usage(
            "the starting document is OpenAPI 3; convert it to Swagger 2.0 first".to_owned(),
        ));
    }
    root.insert("swagger".to_owned(), json!("2.0"));

    let info = object_member(&mut root, "info")?;
    info.insert("title".to_owned(), json!(answers.title));
    fill(info, "description", json!(answers.description));
    fill(info, "version", json!("1.0.0"));
    let contact_object = object_member(info, "contact")?;
    fill(contact_object, "name", json!(answers.contact.name));
    fill(contact_object, "url", json!(answers.contact.url));
    fill(contact_object, "email", json!(answers.contact.email));

    fill(&mut root, "host", json!(answers.host));
    fill(&mut root, "basePath", json!(answers.base_path));
    if root
        .get("schemes")
        .and_then(Value::as_array)
        .is_none_or(Vec::is_empty)
    {
        root.insert("schemes".to_owned(), json!(["https"]));
    }

    complete_metadata(&mut root, answers)?;

    let existing = root
        .get("securityDefinitions")
        .and_then(Value::as_object)
        .filter(|defs| !defs.is_empty())
        .and_then(|defs| {
            let provider = match answers.auth {
                Auth::OAuth2(provider) => Some(provider),
                _ => None,
            };
            AuthPlan::from_definitions(defs, provider)
        });
    let plan = match existing {
        Some(plan) => plan,
        None => {
            let plan = AuthPlan::from_answers(answers);
            if let Some((name, definition)) = plan.security_definition() {
                object_member(&mut root, "securityDefinitions")?.insert(name.clone(), definition);
                root.insert("security".to_owned(), json!([{ name: [] }]));
            }
            plan
        }
    };

    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        complete_operations(paths);
    } else {
        root.insert("paths".to_owned(), json!({}));
    }
    Ok((Value::Object(root), plan))
}

/// `object[key]` as an object, created when absent or null; `None` when it is something else.
pub(super) fn object_entry<'a>(
    object: &'a mut Map<String, Value>,
    key: &str,
) -> Option<&'a mut Map<String, Value>> {
    let slot = object
        .entry(key.to_owned())
        .or_insert_with(|| Value::Object(Map::new()));
    if slot.is_null() {
        *slot = Value::Object(Map::new());
    }
    slot.as_object_mut()
}

/// `parent[key]` as an object, created when absent or null; an error when it is something else.
fn object_member<'a>(
    parent: &'a mut Map<String, Value>,
    key: &str,
) -> Result<&'a mut Map<String, Value>, Error> {
    object_entry(parent, key)
        .ok_or_else(|| Error::Usage(format!("`{key}` in the starting document is not an object")))
}

fn complete_metadata(root: &mut Map<String, Value>, answers: &Answers) -> Result<(), Error> {
    let entries = root
        .entry("x-ms-connector-metadata".to_owned())
        .or_insert_with(|| json!([]));
    let Value::Array(entries) = entries else {
        return Err(Error::Usage(
            "`x-ms-connector-metadata` in the starting document is not an array".to_owned(),
        ));
    };
    for (name, value) in metadata_values(answers) {
        let existing = entries.iter_mut().find(|e| {
            e.get("propertyName")
                .and_then(Value::as_str)
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        });
        match existing {
            Some(Value::Object(entry)) => fill(entry, "propertyValue", json!(value)),
            _ => entries.push(metadata_entry(name, value)),
        }
    }
    Ok(())
}

/// Fills a missing `operationId` (from the method and path), `summary` (from the operationId)
/// and `description` (from the summary) on every operation.
fn complete_operations(paths: &mut Map<String, Value>) {
    let mut used: Vec<String> = operation_ids_of(operations_in(paths));
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for method in HTTP_METHODS {
            let Some(Value::Object(operation)) = item.get_mut(method) else {
                continue;
            };
            if is_blank(operation.get("operationId")) {
                let id = unique(operation_id_for(method, path), &used);
                used.push(id.clone());
                operation.insert("operationId".to_owned(), json!(id));
            }
            if is_blank(operation.get("summary")) {
                let id = operation
                    .get("operationId")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                operation.insert("summary".to_owned(), json!(summary_from_id(id)));
            }
            if is_blank(operation.get("description")) {
                let summary = operation
                    .get("summary")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .trim_end_matches(['.', '!', '?']);
                operation.insert("description".to_owned(), json!(format!("{summary}.")));
            }
        }
    }
}

fn unique(id: String, used: &[String]) -> String {
    if !used.contains(&id) {
        return id;
    }
    (2..)
        .map(|n| format!("{id}{n}"))
        .find(|candidate| !used.contains(candidate))
        .expect("an unused suffix exists")
}

/// `get /items/{id}/tags` → `GetItemsIdTags` (rules.md SW052: letters, digits and `_`).
fn operation_id_for(method: &str, path: &str) -> String {
    let mut id = String::new();
    for word in std::iter::once(method).chain(path.split(|c: char| !c.is_ascii_alphanumeric())) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            id.push(first.to_ascii_uppercase());
            id.extend(chars);
        }
    }
    id
}

/// `ListItems` → `List items`; `get_item_tags` → `Get item tags`. Only letters, digits and
/// spaces, at most 80 characters (rules.md SW056, SW057).
fn summary_from_id(id: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut previous: Option<char> = None;
    for c in id.chars() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            previous = None;
            continue;
        }
        let boundary = previous.is_some_and(|p| {
            (p.is_ascii_lowercase() && c.is_ascii_uppercase())
                || (p.is_ascii_digit() != c.is_ascii_digit())
        });
        if boundary && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        current.push(c);
        previous = Some(c);
    }
    if !current.is_empty() {
        words.push(current);
    }
    let mut summary = String::new();
    for (i, word) in words.iter().enumerate() {
        // The first word keeps its case (it is capitalised below); acronyms stay upper case.
        let keep = i == 0
            || word
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
        let word = if keep {
            word.clone()
        } else {
            word.to_ascii_lowercase()
        };
        if summary.len() + word.len() + 1 > 80 {
            break;
        }
        if !summary.is_empty() {
            summary.push(' ');
        }
        summary.push_str(&word);
    }
    let mut chars = summary.chars();
    match chars.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + chars.as_str(),
        None => "Operation".to_owned(),
    }
}

/// Every operation object of a `paths` map, in document order.
fn operations_in(paths: &Map<String, Value>) -> impl Iterator<Item = &Value> {
    paths
        .values()
        .filter_map(Value::as_object)
        .flat_map(|item| HTTP_METHODS.iter().filter_map(|m| item.get(*m)))
}

/// Every operation object of a swagger (none without a `paths` object), in document order.
fn operations(swagger: &Value) -> impl Iterator<Item = &Value> {
    swagger
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(operations_in)
}

/// The operationIds the operations have, in their order.
fn operation_ids_of<'a>(operations: impl Iterator<Item = &'a Value>) -> Vec<String> {
    operations
        .filter_map(|op| op.get("operationId").and_then(Value::as_str))
        .map(str::to_owned)
        .collect()
}

/// Every operationId of a swagger, in document order (paths as the map holds them).
pub(crate) fn operation_ids(swagger: &Value) -> Vec<String> {
    operation_ids_of(operations(swagger))
}

fn has_triggers(swagger: &Value) -> bool {
    operations(swagger).any(|op| op.get("x-ms-trigger").is_some())
}

/// The authentication a Swagger 2.0 document's `securityDefinitions` decides when it is the
/// starting document of a scaffold (see [`complete_base`]), and the definition's name; `None`
/// when it has no definition pcpkg can pair with connection parameters (then the answer's
/// authentication is added).
pub(crate) fn document_auth(swagger: &Value) -> Option<(String, Auth)> {
    let definitions = swagger
        .get("securityDefinitions")
        .and_then(Value::as_object)
        .filter(|defs| !defs.is_empty())?;
    let plan = AuthPlan::from_definitions(definitions, None)?;
    let name = match &plan {
        AuthPlan::None => return None,
        AuthPlan::ApiKey { definition, .. }
        | AuthPlan::Basic { definition }
        | AuthPlan::OAuth2 { definition, .. } => definition.clone(),
    };
    Some((name, plan.auth()))
}

/// The swagger for the answers (fresh, or `base` completed) and the auth plan it describes.
pub(crate) fn swagger(answers: &Answers, base: Option<Value>) -> Result<(Value, AuthPlan), Error> {
    match base {
        None => {
            let plan = AuthPlan::from_answers(answers);
            Ok((fresh_swagger(answers, &plan), plan))
        }
        Some(base) => complete_base(answers, base),
    }
}

/// apiProperties.json for the answers, with connection parameters matching the swagger.
pub(crate) fn api_properties(answers: &Answers, swagger: &Value, plan: &AuthPlan) -> Value {
    let mut properties = Map::new();
    properties.insert(
        "connectionParameters".to_owned(),
        plan.connection_parameters(&answers.title),
    );
    properties.insert("iconBrandColor".to_owned(), json!(answers.brand_color));
    let capabilities = if has_triggers(swagger) {
        json!(["actions", "triggers"])
    } else {
        json!(["actions"])
    };
    properties.insert("capabilities".to_owned(), capabilities);
    if !answers.publisher.trim().is_empty() {
        properties.insert("publisher".to_owned(), json!(answers.publisher));
        let stack_owner = if answers.stack_owner.trim().is_empty() {
            &answers.publisher
        } else {
            &answers.stack_owner
        };
        properties.insert("stackOwner".to_owned(), json!(stack_owner));
    }
    if answers.script {
        properties.insert("scriptOperations".to_owned(), json!(operation_ids(swagger)));
    }
    json!({ "properties": properties })
}

/// pcpkg.toml: the profile, and `strict = true` (the level reviewers hold a new submission to).
pub(crate) fn config(profile: Profile) -> String {
    format!(
        "# pcpkg settings for this connector: https://pcpkg.dev/configuration\n\
         profile = \"{}\"\n\
         strict = true\n",
        profile.as_str()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operation_ids_and_summaries_made_from_paths() {
        assert_eq!(
            operation_id_for("get", "/items/{id}/tags"),
            "GetItemsIdTags"
        );
        assert_eq!(summary_from_id("ListItems"), "List items");
        assert_eq!(summary_from_id("get_item_tags"), "Get item tags");
        assert_eq!(summary_from_id("GetAPIV2Items"), "Get APIV 2 items");
        assert_eq!(summary_from_id(""), "Operation");
        assert_eq!(
            unique("A".to_owned(), &["A".to_owned(), "A2".to_owned()]),
            "A3"
        );
        assert_eq!(parameter_name("api-key"), "api_key");
    }
}
