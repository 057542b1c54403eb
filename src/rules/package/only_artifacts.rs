use super::layout::{count, report_entry, root_entries, shown};
use crate::package::load::is_junk;
use crate::package::{Artifact, EntryKind, Mode};
use crate::rules::levels::{E, W};
use crate::rules::{Rule, RuleContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags entries at the package root that are not connector artifacts. A zip may hold
    /// `apiDefinition.swagger.json`, `apiProperties.json`, `icon.png` and `script.csx`; a folder
    /// may also hold `readme.md` and `intro.md` (names compared case-insensitively). Anything
    /// else, such as `images/`, screenshots, a PDF or `settings.json`, is flagged: a folder once,
    /// when it holds files. Junk such as `.DS_Store` is PK007's. `pcpkg pack` leaves every
    /// flagged entry out. A folder's `pcpkg.toml` is pcpkg's own configuration (`pcpkg new`
    /// writes one) and is not flagged; `pack` never packs it.
    ///
    /// The severity depends on the input: an error in a zip (a warning for custom connectors),
    /// a warning in a folder (info for custom connectors).
    ///
    /// ## Why is this bad?
    /// The certification zip must contain only the artifact files; reviewers reject uploads
    /// with extra files, and macOS adds some by default. In a repository folder, extra files are
    /// published with the connector without being validated or used.
    ///
    /// ## Example
    /// ```text
    /// connector.zip
    ///   apiDefinition.swagger.json
    ///   apiProperties.json
    ///   icon.png
    ///   readme.md
    ///   screenshots/step1.png
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
    /// Seed 003 ("Only submit archives that … contain the required three artifact files"; "When
    /// using macOS, ensure that only the three connector artifact files are included";
    /// `../shared/spec/sources/submit-for-certification.txt`); CS step 5; PowerPlatformConnectors
    /// #3492. pcpkg also allows `script.csx`, since custom code must reach the platform
    /// (rules.md §6).
    pub(crate) OnlyArtifacts {
        code: "PK006",
        name: "only-artifacts",
        family: PK,
        category: Packaging,
        levels: [E, E, W],
        summary: "the package holds only connector artifacts",
    }
}

/// pcpkg's configuration file, found beside the artifacts (cli.md "Configuration").
const CONFIG_FILE: &str = "pcpkg.toml";

/// Whether a root name is an artifact the package may hold in this mode.
fn allowed(name: &str, mode: Mode) -> bool {
    if mode == Mode::Folder && name == CONFIG_FILE {
        return true;
    }
    match Artifact::from_name(name) {
        Some(Artifact::Swagger | Artifact::Properties | Artifact::Icon | Artifact::Script) => true,
        Some(Artifact::Readme | Artifact::Intro) => mode == Mode::Folder,
        None => false,
    }
}

impl Rule for OnlyArtifacts {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let package = cx.package();
        let zip = package.mode != Mode::Folder;
        for entry in root_entries(package) {
            if is_junk(entry.name) || allowed(entry.name, package.mode) {
                continue;
            }
            let name = shown(entry.full(), entry.is_dir());
            let message = if entry.is_dir() {
                let prefix = format!("{}/", entry.full());
                let files = package
                    .inventory
                    .iter()
                    .filter(|e| e.kind != EntryKind::Dir && !is_junk(&e.name))
                    .filter(|e| e.name.starts_with(&prefix))
                    .count();
                if files == 0 {
                    continue;
                }
                format!(
                    "`{name}` ({}) is not a connector artifact",
                    count(files, "file")
                )
            } else {
                format!("`{name}` is not a connector artifact")
            };
            let help = if zip {
                format!(
                    "remove `{name}` from the zip: it may hold only `apiDefinition.swagger.json`, `apiProperties.json`, `icon.png` and `script.csx` (`pcpkg pack` leaves the rest out)"
                )
            } else {
                format!(
                    "move `{name}` out of the connector folder: it may hold only `apiDefinition.swagger.json`, `apiProperties.json`, `icon.png`, `script.csx`, `readme.md` and `intro.md` (`pcpkg pack` leaves the rest out)"
                )
            };
            report_entry(cx, entry.full(), entry.is_dir(), message).help(help);
        }
    }
}
