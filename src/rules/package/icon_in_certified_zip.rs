use super::layout::{archive_unreadable, base, has_artifact_entry};
use crate::package::Artifact;
use crate::rules::levels::{E, OFF};
use crate::rules::{Rule, RuleContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks that a certified connector's zip holds `icon.png` at its root. Only zips are
    /// checked: certified icons are uploaded with the zip, not committed to the repository, so a
    /// connector folder without one is normal.
    ///
    /// ## Why is this bad?
    /// The zip uploaded for certification must contain the three artifact files:
    /// `apiDefinition.swagger.json`, `apiProperties.json` and the connector icon. A zip without
    /// the icon is rejected by the certification policy checks.
    ///
    /// ## Example
    /// ```text
    /// connector.zip
    ///   apiDefinition.swagger.json
    ///   apiProperties.json
    /// ```
    /// Use instead:
    /// ```text
    /// connector.zip
    ///   apiDefinition.swagger.json
    ///   apiProperties.json
    ///   icon.png
    /// ```
    ///
    /// ## Source
    /// Seed 003 ("the required three artifact files: apiDefinition.swagger.json,
    /// apiProperties.json, the connector icon";
    /// `../shared/spec/sources/submit-for-certification.txt`); CS; PE 5000.1.1.1.
    pub(crate) IconInCertifiedZip {
        code: "PK004",
        name: "icon-in-certified-zip",
        family: PK,
        category: Packaging,
        levels: [E, OFF, OFF],
        summary: "a certified connector's zip holds `icon.png`",
    }
}

impl Rule for IconInCertifiedZip {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let package = cx.package();
        if archive_unreadable(package) || has_artifact_entry(package, Artifact::Icon) {
            return;
        }
        let path = package.display_path(&format!("{}icon.png", base(package)));
        cx.report_path(path, "the zip has no `icon.png`")
            .help("add the connector's icon as `icon.png` at the root of the zip: a PNG of about 230×230 pixels on the `iconBrandColor` background");
    }
}
