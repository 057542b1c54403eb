//! From flags and prompts to [`Answers`]: each value comes from its flag, else a prompt (on a
//! terminal), else its default; a required value with neither is an error naming the flag.
//! Every value is checked with the rules `validate` would run on it, so a rejected answer gets
//! the same code and message, and is asked again.
//!
//! The terminal is behind [`Prompter`], so the whole flow runs in tests with scripted answers.

use super::answers::{
    Answers, Auth, AuthKind, CATEGORIES, Contact, IdentityProvider, canonical_category,
};
use super::document::DocumentDefaults;
use super::{Finding, check, defaults};
use crate::error::Error;
use crate::package::Profile;

/// The values flags gave (`None`: not given).
#[derive(Clone, Debug, Default)]
pub struct Given {
    pub profile: Option<Profile>,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub stack_owner: Option<String>,
    pub description: Option<String>,
    pub host: Option<String>,
    pub base_path: Option<String>,
    pub auth: Option<AuthKind>,
    pub identity_provider: Option<IdentityProvider>,
    pub brand_color: Option<String>,
    /// Empty: not given.
    pub categories: Vec<String>,
    pub website: Option<String>,
    pub privacy_url: Option<String>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub contact_url: Option<String>,
    pub script: bool,
    /// What the starting document of `--from` says: the defaults for what the flags leave open
    /// (all `None` without `--from`).
    pub document: DocumentDefaults,
}

/// Asks the user. Implemented on the terminal by the CLI (dialoguer) and by scripts in tests.
pub trait Prompter {
    /// A line of information (why an option is missing, a warning about an accepted value).
    fn note(&mut self, text: &str) -> Result<(), Error>;
    /// Free text. `check` runs on each submitted value (the default too); an `Err` is shown and
    /// the question asked again.
    fn text(
        &mut self,
        question: &Question<'_>,
        default: Option<&str>,
        check: &mut dyn FnMut(&str) -> Result<(), String>,
    ) -> Result<String, Error>;
    /// One of `items`; returns its index.
    fn select(
        &mut self,
        question: &Question<'_>,
        items: &[&str],
        default: usize,
    ) -> Result<usize, Error>;
    /// Any of `items`; returns the chosen indices.
    fn multi_select(
        &mut self,
        question: &Question<'_>,
        items: &[&str],
        checked: &[bool],
    ) -> Result<Vec<usize>, Error>;
}

/// A question: the prompt and a one-line explanation shown above it.
#[derive(Clone, Copy, Debug)]
pub struct Question<'a> {
    pub prompt: &'a str,
    pub help: &'a str,
}

/// How values the flags leave open are found.
pub enum Interaction<'a> {
    /// stdin and stdout are terminals: ask.
    Prompt(&'a mut dyn Prompter),
    /// `--yes`: defaults, never ask.
    Defaults,
    /// No terminal and no `--yes`: defaults for optional values; a missing required value is an
    /// error naming its flag.
    NoTerminal,
}

/// The answers' fields, in the order they are settled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Title,
    Publisher,
    StackOwner,
    Description,
    Host,
    BasePath,
    Auth,
    BrandColor,
    Categories,
    Website,
    PrivacyUrl,
    ContactName,
    ContactEmail,
    ContactUrl,
}

impl Field {
    #[must_use]
    pub fn flag(self) -> &'static str {
        match self {
            Field::Title => "--title",
            Field::Publisher => "--publisher",
            Field::StackOwner => "--stack-owner",
            Field::Description => "--description",
            Field::Host => "--host",
            Field::BasePath => "--base-path",
            Field::Auth => "--auth",
            Field::BrandColor => "--brand-color",
            Field::Categories => "--category",
            Field::Website => "--website",
            Field::PrivacyUrl => "--privacy-url",
            Field::ContactName => "--contact-name",
            Field::ContactEmail => "--contact-email",
            Field::ContactUrl => "--contact-url",
        }
    }

    /// The rules that judge this value (rules.md).
    #[must_use]
    pub fn codes(self) -> &'static [&'static str] {
        match self {
            Field::Title => &["SW010", "SW011", "SW012", "SW013", "SW014"],
            Field::Publisher => &["AP020", "AP022"],
            Field::StackOwner => &["AP021", "AP022"],
            Field::Description => &["SW015", "SW016"],
            Field::Host => &["SW030", "SW031"],
            Field::BasePath => &["SW032"],
            Field::Auth => &["AP047"],
            Field::BrandColor => &["AP010", "AP011", "AP012", "AP013", "AP014"],
            Field::Categories => &["SW021", "SW022", "SW023"],
            Field::Website | Field::PrivacyUrl => &["SW024"],
            Field::ContactName | Field::ContactEmail | Field::ContactUrl => &["SW019", "SW020"],
        }
    }
}

/// Answers being settled: `None` until a field is.
#[derive(Clone, Debug)]
struct Draft {
    profile: Profile,
    title: Option<String>,
    publisher: Option<String>,
    stack_owner: Option<String>,
    description: Option<String>,
    host: Option<String>,
    base_path: Option<String>,
    auth: Option<Auth>,
    brand_color: Option<String>,
    categories: Option<Vec<String>>,
    website: Option<String>,
    privacy_url: Option<String>,
    contact_name: Option<String>,
    contact_email: Option<String>,
    contact_url: Option<String>,
    script: bool,
}

impl Draft {
    /// Complete answers: the settled values, defaults for the others. A required value not yet
    /// settled gets a stand-in, only ever used to check the fields settled before it.
    fn answers(&self) -> Answers {
        let title = self.title.clone().unwrap_or_else(|| "Contoso".to_owned());
        let publisher = self
            .publisher
            .clone()
            .unwrap_or_else(|| match self.profile {
                Profile::Custom => String::new(),
                _ => "Contoso".to_owned(),
            });
        let stack_owner = self
            .stack_owner
            .clone()
            .unwrap_or_else(|| publisher.clone());
        let host = self
            .host
            .clone()
            .unwrap_or_else(|| defaults::DEFAULT_HOST.to_owned());
        let website = self
            .website
            .clone()
            .unwrap_or_else(|| defaults::website(&host));
        let privacy_url = self
            .privacy_url
            .clone()
            .unwrap_or_else(|| defaults::privacy_url(&website));
        let contact_name = self.contact_name.clone().unwrap_or_else(|| {
            if publisher.trim().is_empty() {
                title.clone()
            } else {
                publisher.clone()
            }
        });
        Answers {
            profile: self.profile,
            description: self
                .description
                .clone()
                .unwrap_or_else(|| defaults::description(&title)),
            base_path: self
                .base_path
                .clone()
                .unwrap_or_else(|| defaults::DEFAULT_BASE_PATH.to_owned()),
            auth: self.auth.unwrap_or(Auth::None),
            brand_color: self
                .brand_color
                .clone()
                .unwrap_or_else(|| defaults::brand_color(self.profile).to_owned()),
            categories: self
                .categories
                .clone()
                .unwrap_or_else(|| vec![defaults::DEFAULT_CATEGORY.to_owned()]),
            contact: Contact {
                name: contact_name,
                email: self
                    .contact_email
                    .clone()
                    .unwrap_or_else(|| defaults::contact_email(&website)),
                url: self.contact_url.clone().unwrap_or_else(|| website.clone()),
            },
            privacy_url,
            website,
            host,
            title,
            publisher,
            stack_owner,
            script: self.script,
        }
    }

    fn set(&mut self, field: Field, value: String) {
        let slot = match field {
            Field::Title => &mut self.title,
            Field::Publisher => &mut self.publisher,
            Field::StackOwner => &mut self.stack_owner,
            Field::Description => &mut self.description,
            Field::Host => &mut self.host,
            Field::BasePath => &mut self.base_path,
            Field::BrandColor => &mut self.brand_color,
            Field::Website => &mut self.website,
            Field::PrivacyUrl => &mut self.privacy_url,
            Field::ContactName => &mut self.contact_name,
            Field::ContactEmail => &mut self.contact_email,
            Field::ContactUrl => &mut self.contact_url,
            Field::Auth | Field::Categories => unreachable!("not a text field"),
        };
        *slot = Some(value);
    }

    /// What the rules say about this draft with `field` settled as it is now.
    fn findings(&self, field: Field) -> Result<Vec<Finding>, Error> {
        check(&self.answers(), field.codes())
    }

    /// The findings with `field` set to `value`, without settling it.
    fn findings_for(&self, field: Field, value: &str) -> Result<Vec<Finding>, Error> {
        let mut candidate = self.clone();
        candidate.set(field, value.to_owned());
        candidate.findings(field)
    }
}

/// The errors among findings, as one message (`error[SW012]: …; error[SW013]: …`).
fn rejection(findings: &[Finding]) -> Option<String> {
    let errors: Vec<String> = findings
        .iter()
        .filter(|f| f.error)
        .map(ToString::to_string)
        .collect();
    (!errors.is_empty()).then(|| errors.join("; "))
}

fn flag_error(field: Field, value: &str, findings: &[Finding]) -> Option<Error> {
    rejection(findings).map(|reason| {
        Error::Usage(format!(
            "{} `{}` is not accepted: {reason}",
            field.flag(),
            value.escape_debug()
        ))
    })
}

fn required_error(field: Field, interaction: &Interaction<'_>, profile: Profile) -> Error {
    let why = match field {
        Field::Title => "the connector's title".to_owned(),
        _ => format!("the {} profile needs a publisher", profile.as_str()),
    };
    let context = match interaction {
        Interaction::Defaults => "with --yes nothing is asked".to_owned(),
        _ => "stdin or stdout is not a terminal, so pcpkg cannot ask for it".to_owned(),
    };
    Error::Usage(format!(
        "{} is required ({why}): {context}; pass {} VALUE",
        field.flag(),
        field.flag()
    ))
}

/// The one-line explanation and prompt of each text field.
fn question(field: Field, profile: Profile) -> Question<'static> {
    let (prompt, help) = match field {
        Field::Title => (
            "Title",
            "The connector's name: at most 30 characters, ending in a letter or digit, without \"API\", \"Connector\" or a Power Platform product name.",
        ),
        Field::Publisher if profile == Profile::IndependentPublisher => (
            "Publisher",
            "Your name (or your names, comma-separated): independent publishers publish under their own name.",
        ),
        Field::Publisher if profile == Profile::Custom => (
            "Publisher",
            "The company or person publishing the connector (optional for a custom connector: leave empty for none).",
        ),
        Field::Publisher => (
            "Publisher",
            "The company or organisation publishing the connector, as users will see it.",
        ),
        Field::StackOwner => (
            "Stack owner",
            "The company that owns the service the connector calls (often the publisher).",
        ),
        Field::Description => (
            "Description",
            "30 to 500 characters saying what the service does and what the connector offers.",
        ),
        Field::Host => (
            "Host",
            "The API's host name, without https:// or a path (api.contoso.com).",
        ),
        Field::BasePath => (
            "Base path",
            "The path every operation's path starts with (/ or /v1).",
        ),
        Field::BrandColor => (
            "Brand colour",
            "The icon's background colour as #rrggbb; not white, near-white or #007ee5.",
        ),
        Field::Website => (
            "Website",
            "The service's or your company's website (https://…).",
        ),
        Field::PrivacyUrl => (
            "Privacy policy URL",
            "Where users read the service's privacy policy (https://…).",
        ),
        Field::ContactName
        | Field::ContactEmail
        | Field::ContactUrl
        | Field::Auth
        | Field::Categories => ("Value", ""),
    };
    Question { prompt, help }
}

const PROFILE_ITEMS: [(Profile, &str); 3] = [
    (
        Profile::Certified,
        "certified: a verified publisher's connector, certified through ISV Studio / Partner Center",
    ),
    (
        Profile::IndependentPublisher,
        "independent-publisher: your connector for a service you do not own, sent by pull request to PowerPlatformConnectors",
    ),
    (
        Profile::Custom,
        "custom: a private custom connector for your own environments",
    ),
];

/// The field as a sentence names it ("base path", "privacy policy URL").
fn noun(field: Field, profile: Profile) -> String {
    let prompt = question(field, profile).prompt;
    let mut chars = prompt.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The document's title is the one required value a document can give; when the rules reject
/// it and nobody can be asked for another, `--title` is what the user must pass.
fn document_title_error(value: &str, reason: &str, interaction: &Interaction<'_>) -> Error {
    let context = match interaction {
        Interaction::Defaults => "with --yes nothing is asked",
        _ => "stdin or stdout is not a terminal, so pcpkg cannot ask for another",
    };
    Error::Usage(format!(
        "--title is required: the document's title `{}` is not accepted ({reason}), and {context}; pass --title VALUE",
        value.escape_debug()
    ))
}

/// Settles a free-text field: flag, prompt, or default. `document` is what the starting
/// document of `--from` says: it replaces `default` when the rules accept it. `default` is
/// `None` for a required value that has no default.
fn settle_text(
    draft: &mut Draft,
    field: Field,
    given: Option<&String>,
    document: Option<&String>,
    default: Option<String>,
    interaction: &mut Interaction<'_>,
) -> Result<(), Error> {
    if let Some(value) = given {
        draft.set(field, value.clone());
        let findings = draft.findings(field)?;
        return match flag_error(field, value, &findings) {
            Some(error) => Err(error),
            None => Ok(()),
        };
    }
    let mut default = default;
    if let Some(value) = document {
        let findings = draft.findings_for(field, value)?;
        match (rejection(&findings), &mut *interaction) {
            // The title is offered (it names the folder and the icon); the rest is settled.
            (None, _) if field == Field::Title => default = Some(value.clone()),
            (None, interaction) => {
                draft.set(field, value.clone());
                if let Interaction::Prompt(prompter) = interaction {
                    prompter.note(&format!(
                        "{}: {} (from the document)",
                        question(field, draft.profile).prompt,
                        value.escape_debug()
                    ))?;
                }
                return Ok(());
            }
            (Some(reason), Interaction::Prompt(prompter)) => {
                // Asked again, as a rejected answer is; a rejected title has no default left.
                prompter.note(&format!(
                    "The document's {} `{}` is not accepted: {reason}",
                    noun(field, draft.profile),
                    value.escape_debug()
                ))?;
            }
            (Some(reason), _) if field == Field::Title => {
                return Err(document_title_error(value, &reason, interaction));
            }
            (Some(_), _) => {
                // Nobody to ask: the document's value stays, and `new --from` reports it with
                // the findings that remain, pointing at the document's text to fix.
                draft.set(field, value.clone());
                return Ok(());
            }
        }
    }
    match interaction {
        Interaction::Prompt(prompter) => {
            let mut check = |value: &str| -> Result<(), String> {
                let findings = draft
                    .findings_for(field, value)
                    .map_err(|e| e.to_string())?;
                rejection(&findings).map_or(Ok(()), Err)
            };
            let value = prompter.text(
                &question(field, draft.profile),
                default.as_deref(),
                &mut check,
            )?;
            draft.set(field, value);
            for warning in draft.findings(field)?.iter().filter(|f| !f.error) {
                prompter.note(&warning.to_string())?;
            }
            Ok(())
        }
        Interaction::Defaults | Interaction::NoTerminal => match default {
            Some(value) => {
                draft.set(field, value);
                Ok(())
            }
            None => Err(required_error(field, interaction, draft.profile)),
        },
    }
}

fn settle_auth(
    draft: &mut Draft,
    given: &Given,
    interaction: &mut Interaction<'_>,
) -> Result<(), Error> {
    let kind = match (given.auth, given.identity_provider) {
        (Some(kind), Some(_)) if kind != AuthKind::OAuth2 => {
            return Err(Error::Usage(format!(
                "--identity-provider applies only to --auth oauth2, not --auth {}",
                kind.flag_value()
            )));
        }
        (None, Some(_)) => Some(AuthKind::OAuth2),
        (kind, _) => kind,
    };
    if let Some((definition, document_auth)) = &given.document.auth {
        return settle_document_auth(draft, given, kind, definition, *document_auth, interaction);
    }
    let ip = draft.profile == Profile::IndependentPublisher;
    let kind = match (kind, &mut *interaction) {
        (Some(kind), _) => kind,
        (None, Interaction::Prompt(prompter)) => {
            let offered: Vec<AuthKind> = AuthKind::ALL
                .into_iter()
                .filter(|k| !(ip && *k == AuthKind::OAuth2))
                .collect();
            let help = if ip {
                "How users sign in to the service. OAuth 2.0 is not offered: independent publishers cannot submit OAuth connectors (AP047)."
            } else {
                "How users sign in to the service."
            };
            let labels: Vec<&str> = offered.iter().map(|k| k.label()).collect();
            let index = prompter.select(
                &Question {
                    prompt: "Authentication",
                    help,
                },
                &labels,
                0,
            )?;
            offered[index]
        }
        (None, _) => AuthKind::None,
    };
    let auth = match kind {
        AuthKind::None => Auth::None,
        AuthKind::ApiKey => Auth::ApiKey,
        AuthKind::Basic => Auth::Basic,
        AuthKind::OAuth2 => {
            let provider = match (given.identity_provider, &mut *interaction) {
                (Some(provider), _) => provider,
                (None, Interaction::Prompt(prompter)) if !ip => {
                    let labels: Vec<&str> =
                        IdentityProvider::ALL.iter().map(|p| p.label()).collect();
                    let index = prompter.select(
                        &Question {
                            prompt: "Identity provider",
                            help: "Who signs users in: the service itself, or Microsoft Entra ID.",
                        },
                        &labels,
                        0,
                    )?;
                    IdentityProvider::ALL[index]
                }
                (None, _) => IdentityProvider::OAuth2,
            };
            Auth::OAuth2(provider)
        }
    };
    draft.auth = Some(auth);
    let findings = draft.findings(Field::Auth)?;
    match flag_error(Field::Auth, kind.flag_value(), &findings) {
        Some(error) => Err(error),
        None => Ok(()),
    }
}

/// The starting document's security definition decides the authentication (the scaffold keeps
/// it), so it is not asked for; `--auth` may only repeat it, and `--identity-provider` choose
/// the provider of an OAuth 2.0 definition whose URLs are not Entra ID's.
fn settle_document_auth(
    draft: &mut Draft,
    given: &Given,
    flag: Option<AuthKind>,
    definition: &str,
    document_auth: Auth,
    interaction: &mut Interaction<'_>,
) -> Result<(), Error> {
    let described = match document_auth {
        Auth::None => "no authentication",
        Auth::ApiKey => "an API key",
        Auth::Basic => "basic authentication",
        Auth::OAuth2(_) => "OAuth 2.0",
    };
    if let Some(kind) = flag
        && kind != document_auth.kind()
    {
        let flag = if given.auth.is_some() {
            format!("--auth {}", kind.flag_value())
        } else {
            "--identity-provider".to_owned()
        };
        return Err(Error::Usage(format!(
            "{flag} does not match the document: its security definition `{}` is {described}, which the scaffold keeps; leave out {flag}, or change the document's securityDefinitions",
            definition.escape_debug()
        )));
    }
    let auth = match (document_auth, given.identity_provider) {
        (Auth::OAuth2(IdentityProvider::Aad), _) | (_, None) => document_auth,
        (Auth::OAuth2(_), Some(provider)) => Auth::OAuth2(provider),
        (other, Some(_)) => other,
    };
    draft.auth = Some(auth);
    if let Interaction::Prompt(prompter) = interaction {
        prompter.note(&format!(
            "Authentication: {described}, from the document's security definition `{}`.",
            definition.escape_debug()
        ))?;
        // Not refused (the document says so): shown now, and again with the findings.
        for finding in draft.findings(Field::Auth)? {
            prompter.note(&finding.to_string())?;
        }
    }
    Ok(())
}

fn settle_categories(
    draft: &mut Draft,
    given: &Given,
    interaction: &mut Interaction<'_>,
) -> Result<(), Error> {
    if !given.categories.is_empty() {
        let categories: Vec<String> = given
            .categories
            .iter()
            .map(|c| canonical_category(c).map_or_else(|| c.trim().to_owned(), str::to_owned))
            .collect();
        draft.categories = Some(categories.clone());
        let findings = draft.findings(Field::Categories)?;
        return match flag_error(Field::Categories, &categories.join(";"), &findings) {
            Some(error) => Err(error),
            None => Ok(()),
        };
    }
    let document = &given.document.categories;
    if !document.is_empty() {
        let mut candidate = draft.clone();
        candidate.categories = Some(document.clone());
        let reason = rejection(&candidate.findings(Field::Categories)?);
        match (reason, &mut *interaction) {
            (Some(reason), Interaction::Prompt(prompter)) => {
                prompter.note(&format!(
                    "The document's categories `{}` are not accepted: {reason}",
                    document.join(";").escape_debug()
                ))?;
            }
            (reason, interaction) => {
                // Accepted, or nobody to ask: the document's categories stay (and a rejected
                // list is reported with the findings that remain).
                if let (None, Interaction::Prompt(prompter)) = (reason, interaction) {
                    prompter.note(&format!(
                        "Categories: {} (from the document)",
                        document.join(", ").escape_debug()
                    ))?;
                }
                draft.categories = Some(document.clone());
                return Ok(());
            }
        }
    }
    let Interaction::Prompt(prompter) = interaction else {
        draft.categories = Some(vec![defaults::DEFAULT_CATEGORY.to_owned()]);
        return Ok(());
    };
    let question = Question {
        prompt: "Categories",
        help: "One or two categories users find the connector under (space to choose, enter to confirm).",
    };
    let from_document = CATEGORIES.iter().any(|c| document.iter().any(|d| d == c));
    let mut checked: Vec<bool> = CATEGORIES
        .iter()
        .map(|c| {
            if from_document {
                document.iter().any(|d| d == c)
            } else {
                *c == defaults::DEFAULT_CATEGORY
            }
        })
        .collect();
    loop {
        let chosen = prompter.multi_select(&question, &CATEGORIES, &checked)?;
        let categories: Vec<String> = chosen
            .iter()
            .filter_map(|i| CATEGORIES.get(*i))
            .map(|c| (*c).to_owned())
            .collect();
        let mut candidate = draft.clone();
        candidate.categories = Some(categories.clone());
        let findings = candidate.findings(Field::Categories)?;
        let reason = if categories.is_empty() {
            Some("choose at least one category".to_owned())
        } else {
            rejection(&findings)
        };
        match reason {
            None => {
                draft.categories = Some(categories);
                return Ok(());
            }
            Some(reason) => {
                prompter.note(&reason)?;
                checked = (0..CATEGORIES.len()).map(|i| chosen.contains(&i)).collect();
            }
        }
    }
}

/// Settles every answer. `default_profile` is the profile `validate` would give the new folder
/// (cli.md "Defaults"); `--profile` overrides it.
///
/// # Errors
/// A flag value the rules reject, a missing required value with no way to ask for it, or a
/// prompt that could not be shown (its I/O error).
pub fn gather(
    given: &Given,
    default_profile: Profile,
    mut interaction: Interaction<'_>,
) -> Result<Answers, Error> {
    let profile = match (given.profile, &mut interaction) {
        (Some(profile), _) => profile,
        (None, Interaction::Prompt(prompter)) => {
            let labels: Vec<&str> = PROFILE_ITEMS.iter().map(|(_, l)| *l).collect();
            let default = PROFILE_ITEMS
                .iter()
                .position(|(p, _)| *p == default_profile)
                .unwrap_or(0);
            let index = prompter.select(
                &Question {
                    prompt: "Profile",
                    help: "Where the connector is going: it decides which rules apply and which files are made.",
                },
                &labels,
                default,
            )?;
            PROFILE_ITEMS[index].0
        }
        (None, _) => default_profile,
    };
    let mut draft = Draft {
        profile,
        title: None,
        publisher: None,
        stack_owner: None,
        description: None,
        host: None,
        base_path: None,
        auth: None,
        brand_color: None,
        categories: None,
        website: None,
        privacy_url: None,
        contact_name: None,
        contact_email: None,
        contact_url: None,
        script: given.script,
    };
    let i = &mut interaction;
    let doc = &given.document;
    settle_text(
        &mut draft,
        Field::Title,
        given.title.as_ref(),
        doc.title.as_ref(),
        None,
        i,
    )?;
    let publisher_default = (profile == Profile::Custom).then(String::new);
    settle_text(
        &mut draft,
        Field::Publisher,
        given.publisher.as_ref(),
        None,
        publisher_default,
        i,
    )?;
    let publisher = draft.publisher.clone().unwrap_or_default();
    if publisher.trim().is_empty() && given.stack_owner.is_none() {
        // No publisher (a custom connector): no stack owner either.
        draft.stack_owner = Some(String::new());
    } else {
        settle_text(
            &mut draft,
            Field::StackOwner,
            given.stack_owner.as_ref(),
            None,
            Some(publisher),
            i,
        )?;
    }
    let title = draft.title.clone().unwrap_or_default();
    settle_text(
        &mut draft,
        Field::Description,
        given.description.as_ref(),
        doc.description.as_ref(),
        Some(defaults::description(&title)),
        i,
    )?;
    settle_text(
        &mut draft,
        Field::Host,
        given.host.as_ref(),
        doc.host.as_ref(),
        Some(defaults::DEFAULT_HOST.to_owned()),
        i,
    )?;
    settle_text(
        &mut draft,
        Field::BasePath,
        given.base_path.as_ref(),
        doc.base_path.as_ref(),
        Some(defaults::DEFAULT_BASE_PATH.to_owned()),
        i,
    )?;
    settle_auth(&mut draft, given, i)?;
    let color = defaults::brand_color(profile).to_owned();
    if profile == Profile::IndependentPublisher && given.brand_color.is_none() {
        if let Interaction::Prompt(prompter) = i {
            prompter.note(&format!(
                "Brand colour: {color} (independent publishers all use it; AP012)."
            ))?;
        }
        draft.brand_color = Some(color);
    } else {
        settle_text(
            &mut draft,
            Field::BrandColor,
            given.brand_color.as_ref(),
            None,
            Some(color),
            i,
        )?;
    }
    settle_categories(&mut draft, given, i)?;
    let host = draft.host.clone().unwrap_or_default();
    settle_text(
        &mut draft,
        Field::Website,
        given.website.as_ref(),
        doc.website.as_ref(),
        Some(defaults::website(&host)),
        i,
    )?;
    let website = draft.website.clone().unwrap_or_default();
    settle_text(
        &mut draft,
        Field::PrivacyUrl,
        given.privacy_url.as_ref(),
        doc.privacy_url.as_ref(),
        Some(defaults::privacy_url(&website)),
        i,
    )?;
    // The contact is derived (cli.md "Defaults") or the document's, and never asked for; flags
    // still set it.
    let derived = draft.answers().contact;
    let mut quiet = Interaction::Defaults;
    for (field, value, document, default) in [
        (
            Field::ContactName,
            &given.contact_name,
            &doc.contact_name,
            derived.name,
        ),
        (
            Field::ContactEmail,
            &given.contact_email,
            &doc.contact_email,
            derived.email,
        ),
        (
            Field::ContactUrl,
            &given.contact_url,
            &doc.contact_url,
            derived.url,
        ),
    ] {
        settle_text(
            &mut draft,
            field,
            value.as_ref(),
            document.as_ref(),
            Some(default),
            &mut quiet,
        )?;
    }
    Ok(draft.answers())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Answers questions from a script and records what was shown.
    #[derive(Default)]
    struct Script {
        texts: Vec<&'static str>,
        selects: Vec<usize>,
        multi: Vec<Vec<usize>>,
        shown: Vec<String>,
    }

    impl Prompter for Script {
        fn note(&mut self, text: &str) -> Result<(), Error> {
            self.shown.push(format!("note: {text}"));
            Ok(())
        }
        fn text(
            &mut self,
            question: &Question<'_>,
            default: Option<&str>,
            check: &mut dyn FnMut(&str) -> Result<(), String>,
        ) -> Result<String, Error> {
            loop {
                let typed = self.texts.remove(0);
                let value = if typed.is_empty() {
                    default.unwrap_or_default().to_owned()
                } else {
                    typed.to_owned()
                };
                match check(&value) {
                    Ok(()) => {
                        self.shown.push(format!("{}: {value}", question.prompt));
                        return Ok(value);
                    }
                    Err(reason) => self
                        .shown
                        .push(format!("{} rejected: {reason}", question.prompt)),
                }
            }
        }
        fn select(
            &mut self,
            question: &Question<'_>,
            items: &[&str],
            _default: usize,
        ) -> Result<usize, Error> {
            self.shown.push(format!(
                "{} ({}): {}",
                question.prompt,
                question.help,
                items.join(" | ")
            ));
            Ok(self.selects.remove(0))
        }
        fn multi_select(
            &mut self,
            question: &Question<'_>,
            _items: &[&str],
            _checked: &[bool],
        ) -> Result<Vec<usize>, Error> {
            self.shown.push(question.prompt.to_owned());
            Ok(self.multi.remove(0))
        }
    }

    #[test]
    fn rejected_answers_are_asked_again_with_the_rule_message() {
        let mut script = Script {
            // title: restricted word, too long, then fine; publisher; stack owner default;
            // description too short, then default; host; base path; colour forbidden, then fine;
            // website and privacy defaults.
            texts: vec![
                "Contoso API",
                "A title that is far longer than thirty characters",
                "Contoso Tasks",
                "Contoso Ltd",
                "",
                "Too short",
                "",
                "api.contoso.com",
                "/v1",
                "#007ee5",
                "#2b579a",
                "",
                "",
            ],
            selects: vec![0, 1],
            multi: vec![vec![0, 1, 2], vec![14, 3]],
            shown: Vec::new(),
        };
        let answers = gather(
            &Given::default(),
            Profile::Certified,
            Interaction::Prompt(&mut script),
        )
        .unwrap();
        assert_eq!(answers.title, "Contoso Tasks");
        assert_eq!(answers.stack_owner, "Contoso Ltd");
        assert_eq!(answers.auth, Auth::ApiKey);
        assert_eq!(answers.brand_color, "#2b579a");
        assert_eq!(answers.categories, ["Productivity", "Collaboration"]);
        assert_eq!(answers.website, "https://api.contoso.com");
        assert_eq!(answers.privacy_url, "https://api.contoso.com/privacy");
        assert_eq!(answers.contact.email, "support@api.contoso.com");
        let shown = script.shown.join("\n");
        assert!(shown.contains("Title rejected: error[SW012]"), "{shown}");
        assert!(shown.contains("Title rejected: error[SW011]"), "{shown}");
        assert!(
            shown.contains("Description rejected: error[SW015]"),
            "{shown}"
        );
        assert!(
            shown.contains("Brand colour rejected: error[AP011]"),
            "{shown}"
        );
        assert!(shown.contains("note: error[SW023]"), "{shown}");
    }

    #[test]
    fn independent_publishers_are_not_offered_oauth() {
        let mut script = Script {
            texts: vec!["Open Meteo", "Dana Smith", "Open-Meteo", "", "", "", "", ""],
            selects: vec![2],
            multi: vec![vec![8]],
            shown: Vec::new(),
        };
        let given = Given {
            profile: Some(Profile::IndependentPublisher),
            ..Given::default()
        };
        let answers = gather(&given, Profile::Certified, Interaction::Prompt(&mut script)).unwrap();
        assert_eq!(answers.auth, Auth::Basic);
        assert_eq!(answers.brand_color, "#da3b01");
        let shown = script.shown.join("\n");
        assert!(!shown.contains("OAuth 2.0: users"), "{shown}");
        assert!(shown.contains("AP047"), "{shown}");
    }

    #[test]
    fn flags_are_checked_and_required_values_named() {
        let given = Given {
            title: Some("Contoso".to_owned()),
            profile: Some(Profile::IndependentPublisher),
            publisher: Some("Dana".to_owned()),
            auth: Some(AuthKind::OAuth2),
            ..Given::default()
        };
        let error = gather(&given, Profile::Certified, Interaction::Defaults).unwrap_err();
        assert!(error.to_string().contains("AP047"), "{error}");

        let error = gather(
            &Given::default(),
            Profile::Certified,
            Interaction::NoTerminal,
        )
        .unwrap_err()
        .to_string();
        assert!(error.contains("--title is required"), "{error}");
        let given = Given {
            title: Some("Contoso".to_owned()),
            ..Given::default()
        };
        let error = gather(&given, Profile::Certified, Interaction::Defaults)
            .unwrap_err()
            .to_string();
        assert!(error.contains("--publisher is required"), "{error}");
        let answers = gather(&given, Profile::Custom, Interaction::NoTerminal).unwrap();
        assert_eq!(answers.publisher, "");
        assert_eq!(answers.contact.name, "Contoso");

        let given = Given {
            title: Some("Contoso".to_owned()),
            publisher: Some("Contoso".to_owned()),
            categories: vec!["data".to_owned(), "AI".to_owned(), "Finance".to_owned()],
            ..Given::default()
        };
        let error = gather(&given, Profile::Certified, Interaction::Defaults)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("--category") && error.contains("SW023"),
            "{error}"
        );
    }

    fn document() -> DocumentDefaults {
        DocumentDefaults {
            title: Some("Tasks API".to_owned()),
            description: Some("Too short".to_owned()),
            host: Some("tasks.contoso.com".to_owned()),
            base_path: Some("/v2".to_owned()),
            auth: Some(("oauth".to_owned(), Auth::OAuth2(IdentityProvider::OAuth2))),
            categories: vec!["Productivity".to_owned()],
            ..DocumentDefaults::default()
        }
    }

    #[test]
    fn on_a_terminal_the_document_answers_what_it_can_and_a_rejected_title_is_asked_again() {
        let mut script = Script {
            // title (no default left: the document's was rejected), publisher, stack owner,
            // description (the document's is rejected: the placeholder is offered), colour,
            // website, privacy.
            texts: vec!["Contoso Tasks", "Contoso Ltd", "", "", "", "", ""],
            selects: vec![0],
            multi: Vec::new(),
            shown: Vec::new(),
        };
        let given = Given {
            document: document(),
            ..Given::default()
        };
        let answers = gather(&given, Profile::Certified, Interaction::Prompt(&mut script)).unwrap();
        assert_eq!(answers.title, "Contoso Tasks");
        assert_eq!(answers.host, "tasks.contoso.com");
        assert_eq!(answers.base_path, "/v2");
        assert_eq!(answers.auth, Auth::OAuth2(IdentityProvider::OAuth2));
        assert_eq!(answers.categories, ["Productivity"]);
        assert!(answers.description.starts_with("Use Contoso Tasks"));
        let shown = script.shown.join("\n");
        assert!(
            shown.contains("note: The document's title `Tasks API` is not accepted: error[SW012]"),
            "{shown}"
        );
        assert!(
            shown.contains(
                "note: The document's description `Too short` is not accepted: error[SW015]"
            ),
            "{shown}"
        );
        assert!(
            shown.contains("note: Host: tasks.contoso.com (from the document)"),
            "{shown}"
        );
        assert!(
            shown.contains(
                "note: Authentication: OAuth 2.0, from the document's security definition `oauth`."
            ),
            "{shown}"
        );
        assert!(
            shown.contains("note: Categories: Productivity (from the document)"),
            "{shown}"
        );
        // What the document says is not asked for (and every scripted answer was used).
        assert!(
            !script.shown.iter().any(|l| l.starts_with("Host:")
                || l.starts_with("Base path:")
                || l.starts_with("Authentication")
                || l.starts_with("Categories")),
            "{shown}"
        );
        assert!(script.texts.is_empty(), "{shown}");
    }

    #[test]
    fn without_a_terminal_the_document_fills_the_answers_but_a_rejected_title_needs_the_flag() {
        let given = Given {
            publisher: Some("Contoso Ltd".to_owned()),
            document: document(),
            ..Given::default()
        };
        for interaction in [Interaction::NoTerminal, Interaction::Defaults] {
            let error = gather(&given, Profile::Certified, interaction)
                .unwrap_err()
                .to_string();
            assert!(
                error.starts_with("--title is required: the document's title `Tasks API` is not accepted (error[SW012]"),
                "{error}"
            );
            assert!(error.ends_with("pass --title VALUE"), "{error}");
        }
        let given = Given {
            title: Some("Contoso Tasks".to_owned()),
            profile: Some(Profile::IndependentPublisher),
            ..given
        };
        // The document's own values stay even where a rule rejects them (its description, its
        // OAuth for an independent publisher: AP047); `new --from` reports them afterwards.
        let answers = gather(&given, Profile::Certified, Interaction::NoTerminal).unwrap();
        assert_eq!(answers.description, "Too short");
        assert_eq!(answers.auth, Auth::OAuth2(IdentityProvider::OAuth2));

        let mismatched = Given {
            auth: Some(AuthKind::Basic),
            ..given.clone()
        };
        let error = gather(&mismatched, Profile::Certified, Interaction::Defaults)
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with("--auth basic does not match the document: its security definition `oauth` is OAuth 2.0"),
            "{error}"
        );
        let provider = Given {
            profile: Some(Profile::Certified),
            publisher: Some("Contoso Ltd".to_owned()),
            identity_provider: Some(IdentityProvider::OAuth2Generic),
            ..given
        };
        let answers = gather(&provider, Profile::Certified, Interaction::Defaults).unwrap();
        assert_eq!(answers.auth, Auth::OAuth2(IdentityProvider::OAuth2Generic));
    }
}
