//! What a scaffold is made from: the publisher's answers, complete and checked.

use crate::package::Profile;

pub use crate::rules::swagger::connector_metadata::{CATEGORIES, canonical_category};

/// Which OAuth 2.0 identity provider the platform signs users in with (rules.md §4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IdentityProvider {
    /// `oauth2`: any OAuth 2.0 service, with fixed authorization and token URLs.
    OAuth2,
    /// `oauth2generic`: OAuth 2.0 with URL templates (hosts that differ per customer).
    OAuth2Generic,
    /// `aad`: Microsoft Entra ID (Azure Active Directory).
    Aad,
}

impl IdentityProvider {
    pub const ALL: [IdentityProvider; 3] = [
        IdentityProvider::OAuth2,
        IdentityProvider::OAuth2Generic,
        IdentityProvider::Aad,
    ];

    /// The `identityProvider` value in apiProperties.json.
    #[must_use]
    pub fn id(self) -> &'static str {
        match self {
            IdentityProvider::OAuth2 => "oauth2",
            IdentityProvider::OAuth2Generic => "oauth2generic",
            IdentityProvider::Aad => "aad",
        }
    }

    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            IdentityProvider::OAuth2 => "Generic OAuth 2.0 (fixed authorization and token URLs)",
            IdentityProvider::OAuth2Generic => {
                "Generic OAuth 2.0 with URL templates (per-customer hosts)"
            }
            IdentityProvider::Aad => "Microsoft Entra ID (Azure Active Directory)",
        }
    }

    #[must_use]
    pub fn from_id(id: &str) -> Option<IdentityProvider> {
        IdentityProvider::ALL.into_iter().find(|p| p.id() == id)
    }
}

/// How users authenticate to the service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Auth {
    None,
    ApiKey,
    Basic,
    OAuth2(IdentityProvider),
}

impl Auth {
    #[must_use]
    pub fn kind(self) -> AuthKind {
        match self {
            Auth::None => AuthKind::None,
            Auth::ApiKey => AuthKind::ApiKey,
            Auth::Basic => AuthKind::Basic,
            Auth::OAuth2(_) => AuthKind::OAuth2,
        }
    }
}

/// [`Auth`] without the identity provider: what `--auth` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AuthKind {
    None,
    ApiKey,
    Basic,
    OAuth2,
}

impl AuthKind {
    pub const ALL: [AuthKind; 4] = [
        AuthKind::None,
        AuthKind::ApiKey,
        AuthKind::Basic,
        AuthKind::OAuth2,
    ];

    /// The `--auth` value.
    #[must_use]
    pub fn flag_value(self) -> &'static str {
        match self {
            AuthKind::None => "none",
            AuthKind::ApiKey => "api-key",
            AuthKind::Basic => "basic",
            AuthKind::OAuth2 => "oauth2",
        }
    }

    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            AuthKind::None => "None: the API needs no credentials",
            AuthKind::ApiKey => "API key: a secret key sent in a header",
            AuthKind::Basic => "Basic: a user name and password",
            AuthKind::OAuth2 => "OAuth 2.0: users sign in with their account",
        }
    }
}

/// The connector's support contact (`info.contact`, SW019, SW020).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Contact {
    pub name: String,
    pub email: String,
    pub url: String,
}

/// Everything a scaffold is generated from. [`crate::scaffold::scaffold`] is a pure function of
/// these values (and an optional starting Swagger document).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answers {
    pub profile: Profile,
    /// `info.title`.
    pub title: String,
    /// apiProperties `publisher`; empty for a custom connector without one.
    pub publisher: String,
    /// apiProperties `stackOwner`; empty when there is no publisher.
    pub stack_owner: String,
    /// `info.description`, 30–500 characters (SW015).
    pub description: String,
    /// `host`, without scheme or path (SW030).
    pub host: String,
    /// `basePath`, starting with `/` (SW032).
    pub base_path: String,
    pub auth: Auth,
    /// `iconBrandColor`, `#rrggbb`.
    pub brand_color: String,
    /// Canonical category names, at most 2.
    pub categories: Vec<String>,
    /// `Website` in `x-ms-connector-metadata`.
    pub website: String,
    /// `Privacy policy` in `x-ms-connector-metadata`.
    pub privacy_url: String,
    pub contact: Contact,
    /// Also write script.csx, listing its operations in `scriptOperations`.
    pub script: bool,
}
