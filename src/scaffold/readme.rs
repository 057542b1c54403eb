//! readme.md and intro.md from a connector's swagger and apiProperties.json: the whole files
//! (`pcpkg new`, `pcpkg readme` on a folder without them, or `--force`), and the regenerated
//! "Supported Operations" section of a readme someone already wrote.

use serde::Serialize;

use super::answers::IdentityProvider;
use super::generate::{CLIENT_ID_PLACEHOLDER, REDIRECT_URL};
use super::templates::render;
use crate::error::Error;
use crate::json::Node;
use crate::package::swagger::Swagger;
use crate::package::{Artifact, FileData, JsonData, Package, Profile};
use crate::rules::readme::markdown::{Block, Heading, Outline, normalize, words};

const REDIRECT_TEST_URL: &str = "https://global-test.consent.azure-apim.net/redirect";

/// How users authenticate, as the readme explains it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthDoc {
    None,
    ApiKey { name: String, location: String },
    Basic,
    OAuth2 { provider: Option<IdentityProvider> },
}

/// One operation's entry under "Supported Operations".
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OperationDoc {
    /// The summary (else the operationId, else `METHOD /path`).
    pub name: String,
    pub description: String,
}

/// What the readme and intro say, read from a connector's files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectorDoc {
    pub profile: Profile,
    pub title: String,
    pub description: String,
    pub publisher: Option<String>,
    pub auth: AuthDoc,
    pub operations: Vec<OperationDoc>,
    pub has_icon: bool,
    pub has_script: bool,
}

/// One line of Markdown from text that came from the swagger: line breaks and control characters
/// become spaces, and a leading character that would start a heading, list, quote or code
/// block is escaped, so that the section reads back as the same blocks.
fn inline(text: &str) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let flat = flat.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.chars().next() {
        Some(c) if "#=-*+>`~|".contains(c) || c.is_ascii_digit() => format!("\\{flat}"),
        _ => flat,
    }
}

fn json_error(package: &Package, artifact: Artifact) -> Error {
    let name = artifact.canonical_name();
    let problem = match package.artifact(artifact).map(|id| &package.file(id).data) {
        None => "is missing".to_owned(),
        Some(FileData::Json(JsonData::Parsed { .. })) => "is not a JSON object".to_owned(),
        Some(FileData::TooLarge { limit }) => format!("is larger than {limit} bytes"),
        Some(_) => "is not valid JSON".to_owned(),
    };
    Error::Usage(format!(
        "cannot render the readme of `{}`: {name} {problem}; run `pcpkg validate` on it",
        package.path
    ))
}

fn text_of(node: Option<&Node>) -> Option<&str> {
    node.and_then(Node::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

impl ConnectorDoc {
    /// Reads what the documents need from a loaded package: the swagger must have parsed; the
    /// apiProperties.json is optional (no publisher line, authentication from the swagger alone).
    pub fn from_package(package: &Package) -> Result<ConnectorDoc, Error> {
        let Some((_, root)) = package.swagger().filter(|(_, root)| root.is_object()) else {
            return Err(json_error(package, Artifact::Swagger));
        };
        let view = Swagger::build(root);
        let properties = package
            .properties()
            .and_then(|(_, root)| root.get("properties"));
        let title = view
            .info_string("title")
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .unwrap_or("Connector")
            .to_owned();
        let description = text_of(root.get("info").and_then(|i| i.get("description"))).map_or_else(
            || format!("{title} connects flows and apps to its service."),
            inline,
        );
        let publisher = text_of(properties.and_then(|p| p.get("publisher"))).map(inline);
        let operations = view
            .operations()
            .iter()
            .filter(|op| op.string("x-ms-visibility") != Some("internal"))
            .map(|op| {
                let name = op
                    .string("summary")
                    .filter(|s| !s.trim().is_empty())
                    .or_else(|| op.operation_id())
                    .map_or_else(
                        || format!("{} {}", op.method.to_uppercase(), op.path),
                        str::to_owned,
                    );
                let description = op
                    .string("description")
                    .filter(|s| !s.trim().is_empty())
                    .map_or_else(|| format!("{}.", name.trim_end_matches('.')), str::to_owned);
                OperationDoc {
                    name: inline(&name),
                    description: inline(&description),
                }
            })
            .collect();
        Ok(ConnectorDoc {
            profile: package.profile,
            title: inline(&title),
            description,
            publisher,
            auth: auth_doc(root, properties),
            operations,
            has_icon: package.artifact(Artifact::Icon).is_some(),
            has_script: package.artifact(Artifact::Script).is_some(),
        })
    }

    fn has_auth(&self) -> bool {
        self.auth != AuthDoc::None
    }
}

/// The authentication the first security definition describes; the OAuth provider from the
/// connection parameter when apiProperties.json names one.
fn auth_doc(swagger: &Node, properties: Option<&Node>) -> AuthDoc {
    let provider = properties
        .and_then(|p| p.get("connectionParameters"))
        .map(Node::members)
        .unwrap_or_default()
        .iter()
        .filter_map(|m| m.value.get("oAuthSettings"))
        .find_map(|s| s.get("identityProvider").and_then(Node::as_str))
        .and_then(IdentityProvider::from_id);
    let definitions = swagger
        .get("securityDefinitions")
        .map(Node::members)
        .unwrap_or_default();
    for member in definitions {
        let definition = &member.value;
        match definition.get("type").and_then(Node::as_str) {
            Some("apiKey") => {
                return AuthDoc::ApiKey {
                    name: text_of(definition.get("name"))
                        .unwrap_or("api_key")
                        .to_owned(),
                    location: text_of(definition.get("in")).unwrap_or("header").to_owned(),
                };
            }
            Some("basic") => return AuthDoc::Basic,
            Some("oauth2") => return AuthDoc::OAuth2 { provider },
            _ => {}
        }
    }
    match provider {
        Some(provider) => AuthDoc::OAuth2 {
            provider: Some(provider),
        },
        None => AuthDoc::None,
    }
}

#[derive(Serialize)]
struct CredentialsContext<'a> {
    auth: &'static str,
    service: &'a str,
    account: &'a str,
    provider: &'a str,
    key_name: &'a str,
    key_location: &'a str,
    redirect_url: &'static str,
    redirect_test_url: &'static str,
}

fn credentials(doc: &ConnectorDoc) -> String {
    let (auth, key_name, key_location) = match &doc.auth {
        AuthDoc::None => ("none", "", ""),
        AuthDoc::ApiKey { name, location } => ("api-key", name.as_str(), location.as_str()),
        AuthDoc::Basic => ("basic", "", ""),
        AuthDoc::OAuth2 { .. } => ("oauth2", "", ""),
    };
    let entra = matches!(
        doc.auth,
        AuthDoc::OAuth2 {
            provider: Some(IdentityProvider::Aad)
        }
    );
    let title = doc.title.as_str();
    let provider = if entra {
        "Microsoft Entra ID (Azure portal, **App registrations**)"
    } else {
        title
    };
    let account = if entra {
        "Microsoft Entra ID work or school"
    } else {
        title
    };
    render(
        "credentials.md",
        CredentialsContext {
            auth,
            service: title,
            account,
            provider,
            key_name,
            key_location,
            redirect_url: REDIRECT_URL,
            redirect_test_url: REDIRECT_TEST_URL,
        },
    )
}

fn prerequisites(doc: &ConnectorDoc) -> String {
    let need = match doc.auth {
        AuthDoc::ApiKey { .. } => format!("a {} account and an API key for it", doc.title),
        AuthDoc::None => format!("access to the {} service", doc.title),
        AuthDoc::Basic | AuthDoc::OAuth2 { .. } => format!("a {} account", doc.title),
    };
    format!(
        "To use this connector you need {need}. List here any plan, licence or tool users need \
         before they start."
    )
}

const KNOWN_ISSUES: &str = "None known yet. List here the limits users may meet, such as rate \
                            limits or unsupported features, with any workarounds.";

/// The body of the "Supported Operations" section (without its heading).
#[must_use]
pub fn render_operations(doc: &ConnectorDoc) -> String {
    #[derive(Serialize)]
    struct Context<'a> {
        operations: &'a [OperationDoc],
    }
    let operations: Vec<OperationDoc> = doc
        .operations
        .iter()
        .map(|op| OperationDoc {
            name: inline(&op.name),
            description: inline(&op.description),
        })
        .collect();
    render(
        "operations.md",
        Context {
            operations: &operations,
        },
    )
}

#[derive(Serialize)]
struct DocumentContext<'a> {
    title: &'a str,
    description: &'a str,
    publisher: Option<&'a str>,
    prerequisites: String,
    operations: String,
    credentials: String,
    known_issues: &'static str,
    deployment: bool,
    has_auth: bool,
    oauth: bool,
    icon: bool,
    script: bool,
    client_id_placeholder: &'static str,
}

fn context(doc: &ConnectorDoc) -> DocumentContext<'_> {
    DocumentContext {
        title: &doc.title,
        description: &doc.description,
        publisher: doc.publisher.as_deref(),
        prerequisites: prerequisites(doc),
        operations: render_operations(doc).trim_end().to_owned(),
        credentials: credentials(doc).trim_end().to_owned(),
        known_issues: KNOWN_ISSUES,
        // The template requires the section for certified connectors; private connectors are
        // deployed by their makers, so they get it too. Independent publishers do not deploy.
        deployment: doc.profile != Profile::IndependentPublisher,
        has_auth: doc.has_auth(),
        oauth: matches!(doc.auth, AuthDoc::OAuth2 { .. }),
        icon: doc.has_icon,
        script: doc.has_script,
        client_id_placeholder: CLIENT_ID_PLACEHOLDER,
    }
}

/// The whole readme.md.
#[must_use]
pub fn render_readme(doc: &ConnectorDoc) -> String {
    render("readme.md", context(doc))
}

/// The whole intro.md (certified connectors; rules.md RM011–RM013).
#[must_use]
pub fn render_intro(doc: &ConnectorDoc) -> String {
    render("intro.md", context(doc))
}

/// What regenerating the "Supported Operations" section of an existing readme gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SectionUpdate {
    /// The section already lists exactly these operations.
    UpToDate,
    /// The section was rewritten: the new readme text.
    Replaced(String),
    /// The readme had no such section; it was added: the new readme text.
    Added(String),
}

/// The readme's "Supported Operations" heading: a heading of level 1 or 2 reading exactly
/// that, else the first level-2 heading whose words start with `operation`, `action` or
/// `trigger` (the keywords of rules.md RM005).
fn operations_heading(outline: &Outline) -> Option<usize> {
    let heading = |index: usize| match &outline.blocks[index] {
        Block::Heading(h) => Some(h),
        _ => None,
    };
    let indices = || (0..outline.blocks.len()).filter(|i| heading(*i).is_some());
    indices()
        .find(|i| {
            heading(*i)
                .is_some_and(|h| h.level <= 2 && normalize(&h.text) == "supported operations")
        })
        .or_else(|| {
            indices().find(|i| {
                heading(*i).is_some_and(|h| {
                    h.level == 2
                        && words(&h.text).iter().any(|w| {
                            ["operation", "action", "trigger"]
                                .iter()
                                .any(|k| w.starts_with(k))
                        })
                })
            })
        })
}

/// Where a missing section goes: before the credentials, known-issues or deployment section
/// (the template's order), else at the end.
fn insertion_point(outline: &Outline) -> Option<&Heading> {
    const LATER: [&str; 8] = [
        "credential",
        "authenticat",
        "authoriz",
        "token",
        "issue",
        "limitation",
        "deploy",
        "getting started",
    ];
    outline.headings().find(|h| {
        let text = normalize(&h.text);
        h.level == 2
            && (words(&h.text)
                .iter()
                .any(|w| LATER.iter().any(|k| w.starts_with(k)))
                || text.contains("api key")
                || text.contains("getting started"))
    })
}

/// The offset just past the line holding `offset` (after its `\n`), or the text's end.
fn next_line_start(text: &str, offset: usize) -> usize {
    text[offset..]
        .find('\n')
        .map_or(text.len(), |i| offset + i + 1)
}

/// Lines trimmed at the end, blank runs collapsed, blank lines at both ends dropped.
fn comparable(text: &str) -> String {
    super::templates::tidy(text.trim_matches(|c: char| c == '\n' || c == '\r'))
        .trim_end()
        .to_owned()
}

/// Regenerates the "Supported Operations" section of `existing` from `doc`, keeping every other
/// byte (the heading line too, as written). Line endings follow the file's.
#[must_use]
pub fn update_operations_section(existing: &str, doc: &ConnectorDoc) -> SectionUpdate {
    let crlf = existing.contains("\r\n");
    let with_endings = |text: String| {
        if crlf {
            text.replace('\n', "\r\n")
        } else {
            text
        }
    };
    let body = render_operations(doc);
    let outline = Outline::parse(existing);
    let Some(index) = operations_heading(&outline) else {
        let section = format!("## Supported Operations\n\n{body}");
        let updated = match insertion_point(&outline) {
            Some(heading) => {
                let at = heading.range.start as usize;
                let section = with_endings(format!("{section}\n"));
                format!("{}{section}{}", &existing[..at], &existing[at..])
            }
            None => {
                let mut text = existing.trim_end().to_owned();
                text.push_str(&with_endings(format!("\n\n{section}")));
                text
            }
        };
        return SectionUpdate::Added(updated);
    };
    let Block::Heading(heading) = &outline.blocks[index] else {
        unreachable!("operations_heading returns a heading's index");
    };
    let body_start = next_line_start(existing, heading.range.end as usize);
    // The section ends at the next section heading. Operation entries are `###`, so any
    // heading of level 1 or 2 ends it, even under a `# Supported Operations` heading: the
    // sections after it are hand-written and must survive.
    let boundary = heading.level.max(2);
    let body_end = outline.blocks[index + 1..]
        .iter()
        .find_map(|b| match b {
            Block::Heading(h) if h.level <= boundary => Some(h.range.start as usize),
            _ => None,
        })
        .unwrap_or(existing.len());
    let current = &existing[body_start.min(body_end)..body_end];
    if comparable(current) == comparable(&body) {
        return SectionUpdate::UpToDate;
    }
    let tail = &existing[body_end..];
    let mut section = format!("\n{body}");
    if !tail.is_empty() {
        section.push('\n');
    }
    SectionUpdate::Replaced(format!(
        "{}{}{}",
        &existing[..body_start],
        with_endings(section),
        tail
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(operations: &[(&str, &str)]) -> ConnectorDoc {
        ConnectorDoc {
            profile: Profile::Certified,
            title: "Contoso Tasks".to_owned(),
            description: "Contoso Tasks keeps lists.".to_owned(),
            publisher: Some("Contoso Ltd".to_owned()),
            auth: AuthDoc::ApiKey {
                name: "X-Api-Key".to_owned(),
                location: "header".to_owned(),
            },
            operations: operations
                .iter()
                .map(|(n, d)| OperationDoc {
                    name: (*n).to_owned(),
                    description: (*d).to_owned(),
                })
                .collect(),
            has_icon: false,
            has_script: false,
        }
    }

    #[test]
    fn the_section_is_replaced_and_the_rest_kept() {
        let existing = "# Contoso\r\n\r\nHand-written intro.\r\n\r\n## Supported Operations\r\n\r\n### Old\r\nGone.\r\n\r\n## Obtaining Credentials\r\n\r\nMy own words.\r\n";
        let doc = doc(&[
            ("List tasks", "Lists tasks."),
            ("Create a task", "Creates one."),
        ]);
        let SectionUpdate::Replaced(updated) = update_operations_section(existing, &doc) else {
            panic!("expected a replacement");
        };
        assert_eq!(
            updated,
            "# Contoso\r\n\r\nHand-written intro.\r\n\r\n## Supported Operations\r\n\r\n### List tasks\r\nLists tasks.\r\n\r\n### Create a task\r\nCreates one.\r\n\r\n## Obtaining Credentials\r\n\r\nMy own words.\r\n"
        );
        assert_eq!(
            update_operations_section(&updated, &doc),
            SectionUpdate::UpToDate
        );
    }

    #[test]
    fn a_level_one_section_heading_does_not_swallow_the_sections_after_it() {
        let existing = "# Contoso\n\n# Supported Operations\n\n### Old\nGone.\n\n## Obtaining Credentials\n\nMine.\n";
        let doc = doc(&[("List tasks", "Lists tasks.")]);
        assert_eq!(
            update_operations_section(existing, &doc),
            SectionUpdate::Replaced(
                "# Contoso\n\n# Supported Operations\n\n### List tasks\nLists tasks.\n\n## Obtaining Credentials\n\nMine.\n".to_owned()
            )
        );
    }

    #[test]
    fn a_missing_section_goes_before_the_credentials() {
        let existing = "# Contoso\n\nIntro.\n\n## Obtaining Credentials\n\nKeys.\n";
        let doc = doc(&[("List tasks", "Lists tasks.")]);
        let SectionUpdate::Added(updated) = update_operations_section(existing, &doc) else {
            panic!("expected an addition");
        };
        assert_eq!(
            updated,
            "# Contoso\n\nIntro.\n\n## Supported Operations\n\n### List tasks\nLists tasks.\n\n## Obtaining Credentials\n\nKeys.\n"
        );
        assert_eq!(
            update_operations_section(&updated, &doc),
            SectionUpdate::UpToDate
        );
        let at_end = update_operations_section("# T\n\nText.", &doc);
        assert_eq!(
            at_end,
            SectionUpdate::Added(
                "# T\n\nText.\n\n## Supported Operations\n\n### List tasks\nLists tasks.\n"
                    .to_owned()
            )
        );
    }

    #[test]
    fn text_from_the_swagger_cannot_open_blocks() {
        assert_eq!(
            inline("## Not a heading\nsecond line"),
            "\\## Not a heading second line"
        );
        assert_eq!(inline("1. not a list"), "\\1. not a list");
        assert_eq!(inline("a\u{1b}[31mb"), "a [31mb");
        let doc = doc(&[("# x", "- y\n## z")]);
        let readme = render_readme(&doc);
        assert_eq!(
            update_operations_section(&readme, &doc),
            SectionUpdate::UpToDate
        );
    }
}
