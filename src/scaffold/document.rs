//! `pcpkg new --from`: what the starting document already says becomes the answers' defaults
//! ([`DocumentDefaults`]), so nobody is asked for what the document holds; and the settled
//! answers are written back into it ([`apply_answers`]) before the scaffold completes it, so a
//! flag or a typed answer replaces the document's value instead of being dropped.

use serde_json::{Value, json};

use super::answers::{Answers, Auth, canonical_category};
use super::generate;

/// The values of a Swagger 2.0 document that answer a question of `pcpkg new`. `None` (or
/// empty): the document does not say, or says it with a blank or non-text value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocumentDefaults {
    /// `info.title`.
    pub title: Option<String>,
    /// `info.description`.
    pub description: Option<String>,
    pub host: Option<String>,
    pub base_path: Option<String>,
    /// The security definition that decides the connection parameters, by name, and the
    /// authentication it stands for (the scaffold keeps it whatever `--auth` says).
    pub auth: Option<(String, Auth)>,
    /// `Website` in `x-ms-connector-metadata`.
    pub website: Option<String>,
    /// `Privacy policy` in `x-ms-connector-metadata`.
    pub privacy_url: Option<String>,
    /// `Categories` in `x-ms-connector-metadata`, split at `;` (canonical names where known).
    pub categories: Vec<String>,
    /// `info.contact`.
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub contact_url: Option<String>,
}

/// A non-blank string value.
fn text(value: Option<&Value>) -> Option<String> {
    value
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .map(str::to_owned)
}

fn metadata_value(swagger: &Value, name: &str) -> Option<String> {
    swagger
        .get("x-ms-connector-metadata")?
        .as_array()?
        .iter()
        .find(|entry| {
            entry
                .get("propertyName")
                .and_then(Value::as_str)
                .is_some_and(|n| n.trim().eq_ignore_ascii_case(name))
        })
        .and_then(|entry| text(entry.get("propertyValue")))
}

impl DocumentDefaults {
    /// Reads the defaults from a Swagger 2.0 document (as [`crate::convert`] hands it back).
    #[must_use]
    pub fn from_swagger(swagger: &Value) -> DocumentDefaults {
        let info = swagger.get("info");
        let contact = info.and_then(|i| i.get("contact"));
        let categories = metadata_value(swagger, "Categories")
            .map(|list| {
                list.split(';')
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(|c| canonical_category(c).map_or_else(|| c.to_owned(), str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        DocumentDefaults {
            title: text(info.and_then(|i| i.get("title"))),
            description: text(info.and_then(|i| i.get("description"))),
            host: text(swagger.get("host")),
            base_path: text(swagger.get("basePath")),
            auth: generate::document_auth(swagger),
            website: metadata_value(swagger, "Website"),
            privacy_url: metadata_value(swagger, "Privacy policy"),
            categories,
            contact_name: text(contact.and_then(|c| c.get("name"))),
            contact_email: text(contact.and_then(|c| c.get("email"))),
            contact_url: text(contact.and_then(|c| c.get("url"))),
        }
    }
}

/// Writes the answers a scaffold fills in (description, host, base path, contact, website,
/// privacy policy, categories) into the starting document, replacing what it says.
///
/// The answers' defaults are the document's own values ([`DocumentDefaults`]), so only a value
/// the publisher chose (a flag, a typed answer) changes anything; [`crate::scaffold::scaffold`]
/// on its own keeps every value a document has. `info.title` and the authentication are left
/// to the scaffold: it always writes the title, and the document's security definition wins.
pub fn apply_answers(base: &mut Value, answers: &Answers) {
    let Some(root) = base.as_object_mut() else {
        return;
    };
    root.insert("host".to_owned(), json!(answers.host));
    root.insert("basePath".to_owned(), json!(answers.base_path));
    // An `info` or `contact` that is not an object is left for the scaffold to report.
    if let Some(info) = generate::object_entry(root, "info") {
        info.insert("description".to_owned(), json!(answers.description));
        if let Some(contact) = generate::object_entry(info, "contact") {
            contact.insert("name".to_owned(), json!(answers.contact.name));
            contact.insert("email".to_owned(), json!(answers.contact.email));
            contact.insert("url".to_owned(), json!(answers.contact.url));
        }
    }
    if let Some(Value::Array(entries)) = root.get_mut("x-ms-connector-metadata") {
        for (name, value) in generate::metadata_values(answers) {
            let entry = entries.iter_mut().find(|e| {
                e.get("propertyName")
                    .and_then(Value::as_str)
                    .is_some_and(|n| n.trim().eq_ignore_ascii_case(name))
            });
            if let Some(Value::Object(entry)) = entry {
                entry.insert("propertyValue".to_owned(), json!(value));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::package::Profile;
    use crate::scaffold::IdentityProvider;
    use crate::scaffold::flow::{Given, Interaction, gather};

    fn document() -> Value {
        json!({
            "swagger": "2.0",
            "info": {
                "title": "Fabrikam Orders",
                "description": "Fabrikam Orders tracks every order from checkout to delivery.",
                "version": "2.0",
                "contact": { "name": "Fabrikam Support", "email": "help@fabrikam.com", "x-team": "orders" }
            },
            "host": "api.fabrikam.com",
            "basePath": "/v2",
            "x-ms-connector-metadata": [
                { "propertyName": "Website", "propertyValue": "https://www.fabrikam.com" },
                { "propertyName": "categories", "propertyValue": "commerce; Productivity" }
            ],
            "securityDefinitions": {
                "oauth": {
                    "type": "oauth2", "flow": "accessCode", "scopes": {},
                    "authorizationUrl": "https://login.microsoftonline.com/common/oauth2/authorize",
                    "tokenUrl": "https://login.microsoftonline.com/common/oauth2/token"
                }
            },
            "paths": {}
        })
    }

    #[test]
    fn defaults_are_read_from_the_document() {
        let defaults = DocumentDefaults::from_swagger(&document());
        assert_eq!(defaults.title.as_deref(), Some("Fabrikam Orders"));
        assert_eq!(defaults.host.as_deref(), Some("api.fabrikam.com"));
        assert_eq!(defaults.base_path.as_deref(), Some("/v2"));
        assert_eq!(
            defaults.auth,
            Some(("oauth".to_owned(), Auth::OAuth2(IdentityProvider::Aad)))
        );
        assert_eq!(
            defaults.website.as_deref(),
            Some("https://www.fabrikam.com")
        );
        assert_eq!(defaults.privacy_url, None);
        assert_eq!(defaults.categories, ["Commerce", "Productivity"]);
        assert_eq!(defaults.contact_name.as_deref(), Some("Fabrikam Support"));
        assert_eq!(defaults.contact_url, None);

        let blank = json!({ "info": { "title": "  ", "contact": "x" }, "host": 3 });
        assert_eq!(
            DocumentDefaults::from_swagger(&blank),
            DocumentDefaults::default()
        );
    }

    #[test]
    fn answers_from_the_document_change_nothing_and_chosen_ones_replace_it() {
        let base = document();
        let given = Given {
            publisher: Some("Fabrikam".to_owned()),
            document: DocumentDefaults::from_swagger(&base),
            ..Given::default()
        };
        let answers = gather(&given, Profile::Certified, Interaction::NoTerminal).unwrap();
        assert_eq!(answers.title, "Fabrikam Orders");
        assert_eq!(answers.auth, Auth::OAuth2(IdentityProvider::Aad));
        assert_eq!(answers.privacy_url, "https://www.fabrikam.com/privacy");
        assert_eq!(answers.contact.url, "https://www.fabrikam.com");
        let mut applied = base.clone();
        apply_answers(&mut applied, &answers);
        assert_eq!(applied["host"], base["host"]);
        assert_eq!(applied["info"]["description"], base["info"]["description"]);
        assert_eq!(applied["info"]["contact"]["name"], "Fabrikam Support");
        assert_eq!(applied["info"]["contact"]["x-team"], "orders");
        assert_eq!(
            applied["info"]["contact"]["url"],
            "https://www.fabrikam.com"
        );
        assert_eq!(
            applied["x-ms-connector-metadata"][1]["propertyValue"],
            "Commerce;Productivity"
        );

        let given = Given {
            host: Some("orders.fabrikam.com".to_owned()),
            base_path: Some("/v3".to_owned()),
            ..given
        };
        let answers = gather(&given, Profile::Certified, Interaction::NoTerminal).unwrap();
        let mut applied = base.clone();
        apply_answers(&mut applied, &answers);
        assert_eq!(applied["host"], "orders.fabrikam.com");
        assert_eq!(applied["basePath"], "/v3");
        let generated = crate::scaffold::scaffold(&answers, Some(applied)).unwrap();
        let swagger: Value =
            serde_json::from_str(generated.text("apiDefinition.swagger.json").unwrap()).unwrap();
        assert_eq!(swagger["host"], "orders.fabrikam.com");
        assert_eq!(swagger["securityDefinitions"], base["securityDefinitions"]);

        // Not an object: left for the scaffold to refuse.
        let mut array = json!([]);
        apply_answers(&mut array, &answers);
        assert_eq!(array, json!([]));
    }
}
