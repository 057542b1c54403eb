use crate::package::EntryKind;
use crate::package::load::is_junk;
use crate::rules::levels::{E, OFF};
use crate::rules::{Rule, RuleContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks that a Partner Center `package.zip` holds a `.md` file at its root: the intro
    /// (`intro.md`) that describes the connector. Its name is PK027's business, and its content
    /// is checked by RM011–RM013.
    ///
    /// ## Why is this bad?
    /// The intro becomes the connector's documentation page. Partner Center's package check
    /// requires it next to the `.pdpkg.zip`, and rejects a package without one.
    ///
    /// ## Example
    /// ```text
    /// package.zip
    ///   Contoso.pdpkg.zip
    /// ```
    /// Use instead:
    /// ```text
    /// package.zip
    ///   intro.md
    ///   Contoso.pdpkg.zip
    /// ```
    ///
    /// ## Source
    /// CPV (`scripts/ConnectorPackageValidator.ps1`) step 2: "The intro.md file is missing";
    /// Learn *Fix certification policy errors* (PE 5000.1.1.5); seed 003
    /// (`../shared/spec/sources/submit-for-certification.txt`).
    pub(crate) IntroPresent {
        code: "RM010",
        name: "intro-present",
        family: RM,
        category: Packaging,
        levels: [E, E, OFF],
        summary: "package.zip has an intro (`intro.md`) at its root",
    }
}

impl Rule for IntroPresent {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let package = cx.package();
        let Some(pc) = package.partner_center.as_deref() else {
            return;
        };
        // An outer zip that could not be read at all is PK009's.
        if pc.outer.is_empty() {
            return;
        }
        let has_md = pc.outer.iter().any(|e| {
            e.kind == EntryKind::File
                && !e.name.contains('/')
                && !is_junk(&e.name)
                && e.name.to_ascii_lowercase().ends_with(".md")
        });
        if !has_md {
            cx.report_path(
                package.display_path("intro.md"),
                "the package has no intro: `intro.md` is missing at the root of package.zip",
            )
            .help("add `intro.md` next to the .pdpkg.zip, written from the intro template (description, prerequisites, how to get credentials, getting started, known issues, FAQ)");
        }
    }
}
