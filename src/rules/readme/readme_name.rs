use crate::diagnostic::Target;
use crate::package::Artifact;
use crate::rules::levels::{I, OFF};
use crate::rules::{Rule, RuleContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks that the readme and the intro are named exactly `readme.md` and `intro.md`, in
    /// lower case. pcpkg finds them whatever their case; `pcpkg pack` writes the exact names.
    ///
    /// ## Why is this bad?
    /// The repository's templates use the lower-case names, and tools that match file names
    /// exactly (on case-sensitive file systems, in scripts) miss `README.md` or `Intro.MD`. It
    /// is harmless otherwise, hence only informational.
    ///
    /// ## Example
    /// ```text
    /// Contoso/
    ///   README.md
    /// ```
    /// Use instead:
    /// ```text
    /// Contoso/
    ///   readme.md
    /// ```
    ///
    /// ## Source
    /// rules.md RM002: the PowerPlatformConnectors templates (`templates/*/readme.md`).
    pub(crate) ReadmeName {
        code: "RM002",
        name: "readme-name",
        family: RM,
        category: Packaging,
        levels: [I, I, OFF],
        summary: "the readme and intro are named exactly `readme.md` and `intro.md`",
    }
}

impl Rule for ReadmeName {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let package = cx.package();
        for artifact in [Artifact::Readme, Artifact::Intro] {
            let Some(id) = package.artifact(artifact) else {
                continue;
            };
            let name = &package.file(id).name;
            let base = name.rsplit('/').next().unwrap_or(name);
            let expected = artifact.canonical_name();
            if base != expected {
                cx.report(
                    id,
                    Target::File,
                    format!("`{base}` is not named exactly `{expected}`"),
                )
                .help(format!("rename the file to `{expected}` (lower case)"));
            }
        }
    }
}
