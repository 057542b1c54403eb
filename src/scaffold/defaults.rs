//! Default answers (cli.md `new`, "Defaults"): used under `--yes`, off a terminal for values that
//! are not required, and as the prompts' suggestions.

use crate::package::Profile;

/// The only brand colour an independent publisher may use (rules.md AP012).
pub const INDEPENDENT_PUBLISHER_COLOR: &str = "#da3b01";
/// A brand colour that passes AP010–AP014: not `#007ee5`, not near-white, not the IP orange.
pub const DEFAULT_COLOR: &str = "#1f6f8b";
pub const DEFAULT_HOST: &str = "api.example.com";
pub const DEFAULT_BASE_PATH: &str = "/";
pub const DEFAULT_CATEGORY: &str = "Productivity";

#[must_use]
pub fn brand_color(profile: Profile) -> &'static str {
    match profile {
        Profile::IndependentPublisher => INDEPENDENT_PUBLISHER_COLOR,
        Profile::Certified | Profile::Custom => DEFAULT_COLOR,
    }
}

/// A description sentence that passes SW015–SW017 and says it is to be replaced.
#[must_use]
pub fn description(title: &str) -> String {
    format!(
        "Use {title} in your flows and apps. Replace this text with two or three sentences about \
         the service and what the connector lets users do."
    )
}

/// `https://` + host.
#[must_use]
pub fn website(host: &str) -> String {
    format!("https://{host}")
}

/// The website + `/privacy`.
#[must_use]
pub fn privacy_url(website: &str) -> String {
    format!("{}/privacy", website.trim_end_matches('/'))
}

/// `support@` + the website's host (`https://www.contoso.com/x` → `support@www.contoso.com`).
#[must_use]
pub fn contact_email(website: &str) -> String {
    let rest = website.split_once("://").map_or(website, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = host.split(':').next().unwrap_or(host);
    format!("support@{host}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_defaults() {
        assert_eq!(website("api.contoso.com"), "https://api.contoso.com");
        assert_eq!(
            privacy_url("https://contoso.com/"),
            "https://contoso.com/privacy"
        );
        assert_eq!(
            contact_email("https://www.contoso.com:8443/about"),
            "support@www.contoso.com"
        );
        assert_eq!(contact_email("contoso.com"), "support@contoso.com");
        let text = description("A title of thirty characters!!");
        assert!((30..=500).contains(&text.chars().count()));
    }
}
