use super::markdown::words;
use super::support::{markdown, uses_oauth};
use crate::diagnostic::Target;
use crate::package::Artifact;
use crate::rules::levels::{OFF, W};
use crate::rules::{Rule, RuleContext, declare_rule};

/// Verbs that start an app-creation step.
const VERBS: [&str; 9] = [
    "create",
    "creating",
    "register",
    "registering",
    "configure",
    "configuring",
    "up", // `set up`, `setting up`
    "add",
    "new",
];

/// What the step creates.
const NOUNS: [&str; 6] = [
    "app",
    "apps",
    "application",
    "applications",
    "client",
    "integration",
];

/// A noun followed by one of these names a credential, not the app (`add the client ID`).
const CREDENTIALS: [&str; 6] = ["id", "ids", "secret", "secrets", "key", "keys"];

/// How many words may sit between the verb and the noun (`register a new Azure AD application`).
const WINDOW: usize = 4;

declare_rule! {
    /// ## What it does
    /// For an independent publisher's connector that uses OAuth, checks that `readme.md`
    /// explains how to create or register the OAuth app. The connector uses OAuth when a
    /// connection parameter in `apiProperties.json` has the type `oauthSetting`, or a security
    /// definition in the swagger has the type `oauth2`.
    ///
    /// Whether the readme explains it is a keyword heuristic on its words (any case). It does
    /// when it either
    /// - mentions the redirect URL: `redirect URL`/`URI`, `reply URL`, `callback URL`, or
    ///   `global.consent.azure-apim.net`; or
    /// - has a creation step: `create`, `register`, `configure`, `set up`, `add` or `new`,
    ///   followed within four words by `app`, `application`, `client` or `integration`
    ///   ("register an application in Azure AD", "Click Create Client", "configure a new
    ///   OAuth App"). A noun followed by `ID`, `secret` or `key` names a credential, not the
    ///   app, and does not count ("add the client ID").
    ///
    /// Naming the client ID and secret without saying where they come from is not enough.
    ///
    /// ## Why is this bad?
    /// Independent publishers do not own the service, so every user must register their own
    /// OAuth app to use the connector. Learn asks for detailed steps in the readme and warns
    /// that certification is delayed without them.
    ///
    /// ## Example
    /// ```markdown
    /// ## Obtaining Credentials
    /// You need a client ID and a client secret.
    /// ```
    /// Use instead:
    /// ```markdown
    /// ## Obtaining Credentials
    /// 1. Sign in to the Contoso developer portal and create an app.
    /// 2. Add the redirect URL `https://global.consent.azure-apim.net/redirect`.
    /// 3. Copy the app's client ID and client secret into the connection.
    /// ```
    ///
    /// ## Source
    /// rules.md RM007: Learn *Independent publisher certification process* ("If your connector
    /// uses OAuth, provide detailed steps on how to create an app in your readme.md";
    /// `../shared/spec/sources/independent-publisher-process.txt`); the PowerPlatformConnectors
    /// `README.md` and pull-request template.
    pub(crate) IpOauthAppSteps {
        code: "RM007",
        name: "ip-oauth-app-steps",
        family: RM,
        category: Certification,
        levels: [OFF, W, OFF],
        summary: "an independent publisher's OAuth connector explains in the readme how to create the app",
    }
}

impl Rule for IpOauthAppSteps {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let package = cx.package();
        if uses_oauth(package) != Some(true) {
            return;
        }
        let Some(readme) = markdown(cx, Artifact::Readme) else {
            return;
        };
        let words = words(readme.text);
        if explains_app(&words) {
            return;
        }
        let credentials = readme
            .outline
            .headings()
            .find(|h| h.text.to_lowercase().contains("credential"));
        let target = credentials.map_or(Target::File, |h| Target::Range(h.range));
        cx.report(
            readme.id,
            target,
            "the connector uses OAuth, but the readme does not explain how to create or register the OAuth app",
        )
        .help("add step-by-step instructions: where to create the app, the redirect URL `https://global.consent.azure-apim.net/redirect` to register, and where to find the client ID and secret");
    }
}

fn explains_app(words: &[String]) -> bool {
    let at = |i: usize| words.get(i).map_or("", String::as_str);
    (0..words.len()).any(|i| {
        let redirect = matches!(at(i), "redirect" | "reply" | "callback")
            && matches!(at(i + 1), "url" | "uri" | "urls" | "uris");
        let consent = at(i) == "consent" && at(i + 1) == "azure" && at(i + 2) == "apim";
        let step = VERBS.contains(&at(i))
            && (at(i) != "up" || matches!(at(i.wrapping_sub(1)), "set" | "setting"))
            && (i + 1..=i + WINDOW)
                .any(|j| NOUNS.contains(&at(j)) && !CREDENTIALS.contains(&at(j + 1)));
        redirect || consent || step
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn explains(text: &str) -> bool {
        explains_app(&words(text))
    }

    #[test]
    fn heuristic() {
        assert!(explains("First register an application in Azure AD."));
        assert!(explains(
            "Click Setup > OAuth2 Clients, then Create Client."
        ));
        assert!(explains(
            "Add the redirect URL https://global.consent.azure-apim.net/redirect"
        ));
        assert!(explains("Set up an Azure AD application"));
        assert!(!explains("You need a client ID and client secret."));
        assert!(!explains("You will need an app registration client ID."));
        assert!(!explains("Look it up in the app"));
        assert!(!explains("Add the client ID and secret to the connection."));
    }
}
