//! `pcpkg new` and `pcpkg readme` as pure functions: answers in, files out. Nothing here
//! touches the file system or the terminal; the CLI (`cli::new`, `cli::readme`) does.
//!
//! The one entry point for generation is [`scaffold`]: it takes the [`Answers`] and, for
//! `--from`, a starting Swagger 2.0 document whose operations it keeps.

pub mod answers;
pub mod defaults;
pub mod document;
pub mod flow;
mod generate;
pub mod icon;
mod json_out;
pub mod readme;
mod templates;

use std::collections::BTreeMap;

use serde_json::Value;

pub use answers::{Answers, Auth, AuthKind, CATEGORIES, Contact, IdentityProvider};

use crate::engine::{self, RuleSettings};
use crate::error::Error;
use crate::package::load::source_file;
use crate::package::{Artifact, EntryKind, InventoryEntry, Mode, Package, Profile};
use crate::rules::Level;
use crate::rules::registry::Selector;

/// The config file `pcpkg new` writes beside the artifacts.
pub const CONFIG_FILE: &str = "pcpkg.toml";

/// A generated connector folder: file name → contents, in name order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scaffold {
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Scaffold {
    /// The contents of one file as text (every file but icon.png is UTF-8).
    #[must_use]
    pub fn text(&self, name: &str) -> Option<&str> {
        self.files
            .get(name)
            .and_then(|b| std::str::from_utf8(b).ok())
    }

    /// The scaffold as an in-memory folder package (no file system), for the rules.
    #[must_use]
    pub fn package(&self, profile: Profile, display: &str) -> Package {
        let prefix = if display.is_empty() {
            String::new()
        } else {
            format!("{display}/")
        };
        let mut package = Package::new(display.to_owned(), Mode::Folder, profile, prefix);
        for (name, bytes) in &self.files {
            package.inventory.push(InventoryEntry {
                name: name.clone(),
                kind: EntryKind::File,
                size: bytes.len() as u64,
            });
            if let Some(artifact) = Artifact::from_name(name) {
                let file = source_file(
                    package.display_path(name),
                    name.clone(),
                    bytes.len() as u64,
                    bytes.clone(),
                    artifact,
                );
                let id = package.add_file(file);
                package.set_artifact(artifact, id);
            }
        }
        package
    }
}

/// Generates every file of a connector folder from the answers.
///
/// Without `base`, the swagger has one sample operation. With `base` (a Swagger 2.0 document,
/// as `--from` reads or converts it), every path and operation is kept and what certification
/// needs is filled in where missing: `info.title` (always the answer's title), `info.description`,
/// `info.version`, `info.contact`, `host`, `basePath`, `schemes`, the `x-ms-connector-metadata`
/// entries, a security definition when there is none (an existing one decides the connection
/// parameters instead of `answers.auth`), and each operation's `operationId`, `summary` and
/// `description`. Values the document has are never replaced.
///
/// Files: apiDefinition.swagger.json, apiProperties.json, readme.md, pcpkg.toml; icon.png and
/// intro.md for the certified profile; script.csx when `answers.script`.
///
/// # Errors
/// [`Error::Usage`] when `base` is not a Swagger 2.0 object (an OpenAPI 3 document, or `info`,
/// `securityDefinitions` or `x-ms-connector-metadata` of the wrong JSON type).
pub fn scaffold(answers: &Answers, base: Option<Value>) -> Result<Scaffold, Error> {
    let (swagger, plan) = generate::swagger(answers, base)?;
    let properties = generate::api_properties(answers, &swagger, &plan);
    let mut files = BTreeMap::new();
    files.insert(
        Artifact::Swagger.canonical_name().to_owned(),
        json_out::to_pretty(&swagger).into_bytes(),
    );
    files.insert(
        Artifact::Properties.canonical_name().to_owned(),
        json_out::to_pretty(&properties).into_bytes(),
    );
    if answers.profile == Profile::Certified {
        files.insert(
            Artifact::Icon.canonical_name().to_owned(),
            icon::draw_icon(&answers.title, &answers.brand_color),
        );
    }
    if answers.script {
        let operation = generate::operation_ids(&swagger)
            .into_iter()
            .next()
            .map(|id| id.replace('\\', "\\\\").replace('"', "\\\""));
        #[derive(serde::Serialize)]
        struct ScriptContext<'a> {
            title: &'a str,
            operation: Option<String>,
        }
        let script = templates::render(
            "script.csx",
            ScriptContext {
                title: &answers.title,
                operation,
            },
        );
        files.insert(
            Artifact::Script.canonical_name().to_owned(),
            script.into_bytes(),
        );
    }
    files.insert(
        CONFIG_FILE.to_owned(),
        generate::config(answers.profile).into_bytes(),
    );
    let mut scaffold = Scaffold { files };
    // The documents are rendered from the files just made, through the same reader as
    // `pcpkg readme`, so that both commands write the same text.
    let doc = readme::ConnectorDoc::from_package(&scaffold.package(answers.profile, ""))?;
    scaffold.files.insert(
        Artifact::Readme.canonical_name().to_owned(),
        readme::render_readme(&doc).into_bytes(),
    );
    if answers.profile == Profile::Certified {
        scaffold.files.insert(
            Artifact::Intro.canonical_name().to_owned(),
            readme::render_intro(&doc).into_bytes(),
        );
    }
    Ok(scaffold)
}

/// One finding about a candidate answer, as `validate` would report it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub code: &'static str,
    pub name: &'static str,
    pub error: bool,
    pub message: String,
    pub help: Option<String>,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let severity = if self.error { "error" } else { "warning" };
        write!(f, "{severity}[{}]: {}", self.code, self.message)?;
        if let Some(help) = &self.help {
            write!(f, " (help: {help})")?;
        }
        Ok(())
    }
}

/// Runs the named rules, as `validate --strict` would for the answers' profile, over the
/// scaffold the answers make. Rules that are off for the profile report nothing; info findings
/// are left out. Errors come first.
///
/// # Errors
/// When the answers cannot be made into a scaffold at all (only possible with `base`).
pub fn check(answers: &Answers, codes: &[&str]) -> Result<Vec<Finding>, Error> {
    let scaffold = scaffold(answers, None)?;
    Ok(check_scaffold(&scaffold, answers.profile, Some(codes)))
}

/// Runs the rules (all of them, or the named ones) over a scaffold, strictly.
#[must_use]
pub fn check_scaffold(
    scaffold: &Scaffold,
    profile: Profile,
    codes: Option<&[&str]>,
) -> Vec<Finding> {
    let package = scaffold.package(profile, "");
    let settings = RuleSettings {
        strict: true,
        select: codes.map(|codes| codes.iter().filter_map(|c| Selector::parse(c)).collect()),
        ignore: Vec::new(),
    };
    let mut findings: Vec<Finding> = engine::check_package(&package, &settings)
        .into_iter()
        // An exact code turns on a rule that is off for the profile (cli.md); here it must not.
        .filter(|d| d.rule.level(profile) != Level::Off)
        .filter(|d| d.severity != crate::diagnostic::Severity::Info)
        .map(|d| Finding {
            code: d.rule.code,
            name: d.rule.name,
            error: d.severity == crate::diagnostic::Severity::Error,
            message: d.message,
            help: d.help,
        })
        .collect();
    findings.sort_by_key(|f| !f.error);
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scaffold::flow::{Given, Interaction, gather};

    pub(crate) fn answers_for(profile: Profile, auth: AuthKind) -> Answers {
        let given = Given {
            profile: Some(profile),
            title: Some("Contoso Tasks".to_owned()),
            publisher: Some("Contoso Ltd".to_owned()),
            auth: Some(auth),
            ..Given::default()
        };
        gather(&given, profile, Interaction::Defaults).unwrap()
    }

    /// Every profile and authentication kind validates with zero errors under `--strict`; the
    /// only warning is the independent publisher's stack owner, which defaults to the publisher
    /// (cli.md "Defaults") where it should name the service's company.
    #[test]
    fn every_profile_and_auth_kind_passes_strict_validation() {
        for profile in Profile::ALL {
            for auth in AuthKind::ALL {
                if profile == Profile::IndependentPublisher && auth == AuthKind::OAuth2 {
                    continue;
                }
                let answers = answers_for(profile, auth);
                let scaffold = scaffold(&answers, None).unwrap();
                let findings = check_scaffold(&scaffold, profile, None);
                let unexpected: Vec<String> = findings
                    .iter()
                    .filter(|f| !(profile == Profile::IndependentPublisher && f.code == "AP021"))
                    .map(ToString::to_string)
                    .collect();
                assert!(
                    unexpected.is_empty(),
                    "{profile:?} {auth:?}: {unexpected:#?}"
                );
            }
        }
    }

    #[test]
    fn a_base_swagger_keeps_its_operations_and_gets_what_certification_needs() {
        let base = serde_json::json!({
            "swagger": "2.0",
            "info": { "title": "Fabrikam Orders v2", "version": "2.1" },
            "host": "api.fabrikam.com",
            "basePath": "/v2",
            "paths": {
                "/orders": {
                    "get": {
                        "responses": {
                            "200": {
                                "description": "The orders.",
                                "schema": { "type": "array", "items": { "type": "string" } }
                            }
                        }
                    }
                },
                "/orders/{id}": {
                    "delete": {
                        "operationId": "DeleteOrder",
                        "summary": "Delete an order",
                        "description": "Deletes an order for good.",
                        "parameters": [{
                            "name": "id", "in": "path", "required": true, "type": "string",
                            "x-ms-summary": "Order ID", "description": "The order to delete.",
                            "x-ms-url-encoding": "single"
                        }],
                        "responses": { "204": { "description": "Deleted." } }
                    }
                }
            },
            "securityDefinitions": {
                "code": { "type": "apiKey", "in": "query", "name": "code" }
            },
            "security": [{ "code": [] }]
        });
        let answers = answers_for(Profile::Certified, AuthKind::Basic);
        let scaffold = scaffold(&answers, Some(base.clone())).unwrap();
        let swagger: Value =
            serde_json::from_str(scaffold.text("apiDefinition.swagger.json").unwrap()).unwrap();
        assert_eq!(swagger["info"]["title"], "Contoso Tasks");
        assert_eq!(swagger["info"]["version"], "2.1");
        assert_eq!(
            swagger["info"]["contact"]["email"],
            "support@api.example.com"
        );
        assert_eq!(swagger["host"], "api.fabrikam.com");
        assert_eq!(swagger["basePath"], "/v2");
        assert_eq!(swagger["schemes"], serde_json::json!(["https"]));
        assert_eq!(
            swagger["x-ms-connector-metadata"].as_array().unwrap().len(),
            3
        );
        let list = &swagger["paths"]["/orders"]["get"];
        assert_eq!(list["operationId"], "GetOrders");
        assert_eq!(list["summary"], "Get orders");
        assert_eq!(list["description"], "Get orders.");
        assert_eq!(
            swagger["paths"]["/orders/{id}"], base["paths"]["/orders/{id}"],
            "a complete operation is kept as it was"
        );
        // The document's own security definition wins over `answers.auth`, and the connection
        // parameters follow it.
        assert_eq!(swagger["securityDefinitions"], base["securityDefinitions"]);
        let properties: Value =
            serde_json::from_str(scaffold.text("apiProperties.json").unwrap()).unwrap();
        let parameters = &properties["properties"]["connectionParameters"];
        assert_eq!(parameters["code"]["type"], "securestring");
        assert_eq!(parameters.as_object().unwrap().len(), 1);
        let readme = scaffold.text("readme.md").unwrap();
        assert!(readme.contains("### Get orders\nGet orders.\n"), "{readme}");
        assert!(
            readme.contains("### Delete an order\nDeletes an order for good.\n"),
            "{readme}"
        );
        assert!(readme.contains("`code` query parameter"), "{readme}");
        let errors: Vec<String> = check_scaffold(&scaffold, Profile::Certified, None)
            .into_iter()
            .filter(|f| f.error)
            .map(|f| f.to_string())
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");

        // Without a security definition, the answer's authentication is added.
        let mut bare = base.clone();
        bare.as_object_mut().unwrap().remove("securityDefinitions");
        bare.as_object_mut().unwrap().remove("security");
        let scaffold = scaffold_fn(&answers, Some(bare)).unwrap();
        let swagger: Value =
            serde_json::from_str(scaffold.text("apiDefinition.swagger.json").unwrap()).unwrap();
        assert_eq!(
            swagger["securityDefinitions"]["basic_auth"]["type"],
            "basic"
        );
        assert_eq!(
            swagger["security"],
            serde_json::json!([{ "basic_auth": [] }])
        );

        let openapi = serde_json::json!({ "openapi": "3.0.0", "info": {}, "paths": {} });
        assert!(scaffold_fn(&answers, Some(openapi)).is_err());
        assert!(scaffold_fn(&answers, Some(serde_json::json!([]))).is_err());
        let bad_info = serde_json::json!({ "swagger": "2.0", "info": "x", "paths": {} });
        assert!(scaffold_fn(&answers, Some(bad_info)).is_err());
    }

    use super::scaffold as scaffold_fn;
}
