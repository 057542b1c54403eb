use crate::diagnostic::Target;
use crate::package::{Artifact, Mode};
use crate::rules::levels::{OFF, W};
use crate::rules::{Rule, RuleContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks that the intro at the root of a Partner Center `package.zip` is named exactly
    /// `intro.md` (`Intro.md`, `README.md` or `overview.md` are flagged). A package with no
    /// `.md` at all is RM010's.
    ///
    /// ## Why is this bad?
    /// The submission guidance names the file `intro.md`. Partner Center's package validator
    /// only checks the extension, so another name passes it and is then questioned in review.
    ///
    /// ## Example
    /// ```text
    /// package.zip
    ///   Intro.md
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
    /// Seed 003 (`../shared/spec/sources/submit-for-certification.txt`) and the intro template;
    /// CPV (`scripts/ConnectorPackageValidator.ps1`) counts `*.md` only.
    pub(crate) PcIntroName {
        code: "PK027",
        name: "pc-intro-name",
        family: PK,
        category: Packaging,
        levels: [W, W, OFF],
        summary: "the package's intro is named `intro.md`",
    }
}

impl Rule for PcIntroName {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let package = cx.package();
        if package.mode != Mode::PartnerCenter {
            return;
        }
        let Some(id) = package.artifact(Artifact::Intro) else {
            return;
        };
        let name = package.file(id).name.clone();
        if name != "intro.md" {
            cx.report(
                id,
                Target::File,
                format!("the package's intro is named `{name}`, not `intro.md`"),
            )
            .help("rename it to `intro.md`");
        }
    }
}
