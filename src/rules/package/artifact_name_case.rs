use super::layout::{report_entry, root_entries};
use crate::package::Artifact;
use crate::rules::levels::{E, W};
use crate::rules::{Rule, RuleContext, declare_rule};

/// The artifacts whose name case this rule checks (readme.md and intro.md are RM002's).
const CHECKED: [Artifact; 4] = [
    Artifact::Swagger,
    Artifact::Properties,
    Artifact::Icon,
    Artifact::Script,
];

declare_rule! {
    /// ## What it does
    /// Flags a file at the package root whose name matches `apiDefinition.swagger.json`,
    /// `apiProperties.json`, `icon.png` or `script.csx` only when case is ignored
    /// (`apidefinition.swagger.json`, `Icon.png`, `Script.csx`). pcpkg uses the file as that
    /// artifact, and `pcpkg pack` writes it under its canonical name. The case of `readme.md` and
    /// `intro.md` is RM002's.
    ///
    /// ## Why is this bad?
    /// The pull-request pipeline and `paconn` look for the exact names, and they run on
    /// case-sensitive file systems: a file named `Script.csx` is not uploaded as the connector's
    /// custom code, and `apidefinition.swagger.json` is not found. Windows and macOS hide the
    /// difference, so it usually goes unnoticed until the upload fails.
    ///
    /// ## Example
    /// ```text
    /// Contoso/
    ///   apidefinition.swagger.json
    ///   apiProperties.json
    ///   Script.csx
    /// ```
    /// Use instead:
    /// ```text
    /// Contoso/
    ///   apiDefinition.swagger.json
    ///   apiProperties.json
    ///   script.csx
    /// ```
    ///
    /// ## Source
    /// `paconn`'s default file names; the PowerPlatformConnectors pipelines (`.pipelines/*.yml`),
    /// which select files by name.
    pub(crate) ArtifactNameCase {
        code: "PK002",
        name: "artifact-name-case",
        family: PK,
        category: Packaging,
        levels: [E, E, W],
        summary: "artifact file names have their canonical case",
    }
}

impl Rule for ArtifactNameCase {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let package = cx.package();
        let entries = root_entries(package);
        for entry in entries.iter().filter(|e| !e.is_dir()) {
            let Some(artifact) = Artifact::from_name(entry.name) else {
                continue;
            };
            let canonical = artifact.canonical_name();
            if !CHECKED.contains(&artifact) || entry.name == canonical {
                continue;
            }
            let name = entry.name;
            if entries.iter().any(|other| other.name == canonical) {
                report_entry(
                    cx,
                    entry.full(),
                    false,
                    format!("`{name}` differs from `{canonical}` only in case"),
                )
                .help(format!(
                    "delete one of the two: on Windows and macOS they are the same file, and tools disagree about which one wins (pcpkg uses `{canonical}`)"
                ));
            } else {
                report_entry(
                    cx,
                    entry.full(),
                    false,
                    format!("`{name}` is not named exactly `{canonical}`"),
                )
                .help(format!(
                    "rename it to `{canonical}`: `paconn` and the pull-request pipeline look for that exact name (`pcpkg pack` renames it)"
                ));
            }
        }
    }
}
