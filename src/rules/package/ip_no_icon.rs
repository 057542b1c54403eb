use super::layout::{report_entry, root_entries, stands_for};
use crate::package::Artifact;
use crate::rules::levels::{E, OFF};
use crate::rules::{Rule, RuleContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags an `icon.png` in an independent-publisher connector.
    ///
    /// ## Why is this bad?
    /// Independent-publisher connectors do not bring their own icon: the platform applies the
    /// generic independent-publisher icon, and the pull-request template asks publishers not to
    /// add one. A committed icon is reviewed as a mistake.
    ///
    /// ## Example
    /// ```text
    /// Contoso/
    ///   apiDefinition.swagger.json
    ///   apiProperties.json
    ///   icon.png
    ///   readme.md
    /// ```
    /// Use instead:
    /// ```text
    /// Contoso/
    ///   apiDefinition.swagger.json
    ///   apiProperties.json
    ///   readme.md
    /// ```
    ///
    /// ## Source
    /// The PowerPlatformConnectors pull-request template (`.github/pull_request_template.md`);
    /// Learn, *Independent publisher certification process*.
    pub(crate) IpNoIcon {
        code: "PK005",
        name: "ip-no-icon",
        family: PK,
        category: Packaging,
        levels: [OFF, E, OFF],
        summary: "an independent-publisher connector has no `icon.png`",
    }
}

impl Rule for IpNoIcon {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let package = cx.package();
        let icons: Vec<(String, bool)> = root_entries(package)
            .iter()
            .filter(|entry| stands_for(package, entry, Artifact::Icon))
            .map(|entry| (entry.full().to_owned(), entry.is_dir()))
            .collect();
        for (full, is_dir) in icons {
            let name = full.rsplit('/').next().unwrap_or(&full).to_owned();
            report_entry(
                cx,
                &full,
                is_dir,
                format!("independent-publisher connectors have no icon of their own, but `{name}` is present"),
            )
            .help(format!(
                "delete `{name}`: the generic independent-publisher icon is applied to the connector"
            ));
        }
    }
}
