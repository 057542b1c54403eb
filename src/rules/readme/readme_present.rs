use crate::package::Artifact;
use crate::rules::levels::{E, I, WS};
use crate::rules::{Rule, RuleContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks that the connector folder holds a `readme.md`. The name is matched without regard
    /// to case (`README.md` counts; RM002 asks for the exact name).
    ///
    /// ## Why is this bad?
    /// The readme is the connector's documentation in the PowerPlatformConnectors repository:
    /// reviewers read it, and certification requires it (policy 5000.1.1.2). An independent
    /// publisher's pull request without one is rejected.
    ///
    /// ## Example
    /// ```text
    /// Contoso/
    ///   apiDefinition.swagger.json
    ///   apiProperties.json
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
    /// rules.md RM001: the PowerPlatformConnectors `README.md`; Learn *Verified publisher
    /// certification process*; *Fix certification policy errors* 5000.1.1.2.
    pub(crate) ReadmePresent {
        code: "RM001",
        name: "readme-present",
        family: RM,
        category: Packaging,
        levels: [WS, E, I],
        summary: "the folder has a `readme.md`",
    }
}

impl Rule for ReadmePresent {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let package = cx.package();
        if package.artifact(Artifact::Readme).is_some() {
            return;
        }
        cx.report_path(
            package.display_path("readme.md"),
            "the connector has no `readme.md`",
        )
        .help("add a `readme.md` following the repository's readme template: title, publisher, prerequisites, supported operations, credentials, known issues");
    }
}
