use super::layout::report_entry;
use super::pc_common::partner_center;
use crate::diagnostic::Severity;
use crate::package::load::is_junk;
use crate::package::{Artifact, EntryKind};
use crate::rules::levels::{E, OFF};
use crate::rules::{Rule, RuleContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks the root of a Partner Center `package.zip`: no folders, exactly one `*.md` (the
    /// intro) and exactly one `*.zip` (the `.pdpkg.zip` holding the solutions).
    /// `customProperties.json` (multi-auth connectors) is allowed; any other file is a warning.
    /// A missing `.md` is RM010's; junk such as `__MACOSX/` is PK007's. When there are several
    /// zips pcpkg opens the one named `*.pdpkg.zip` (else the first) and reports the others.
    ///
    /// ## Why is this bad?
    /// Partner Center's package check counts the `*.md` files, the `*.zip` files and the folders
    /// at the root, and rejects any other count: a `README.md` next to `intro.md` fails it, and
    /// so does zipping the folder that holds the package instead of its two files.
    ///
    /// ## Example
    /// ```text
    /// package.zip
    ///   Contoso/intro.md
    ///   Contoso/Contoso.pdpkg.zip
    /// ```
    /// Use instead:
    /// ```text
    /// package.zip
    ///   intro.md
    ///   Contoso.pdpkg.zip
    /// ```
    ///
    /// ## Source
    /// `scripts/ConnectorPackageValidator.ps1` (CPV), step 2: "First Folder should contain
    /// intro.md and *.pdpkg.zip", checked by extension with no folder allowed; Learn *Fix
    /// certification policy errors* (PE 5000.1.1.5, 5000.1.1.11). rules.md §5.
    pub(crate) PcOuterLayout {
        code: "PK020",
        name: "pc-outer-layout",
        family: PK,
        category: Packaging,
        levels: [E, E, OFF],
        summary: "package.zip holds one `.md` (the intro), one `.zip` and no folders",
    }
}

impl Rule for PcOuterLayout {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some(pc) = partner_center(cx) else {
            return;
        };
        let package = cx.package();
        let root: Vec<_> = pc
            .outer
            .iter()
            .filter(|e| !e.name.contains('/') && !is_junk(&e.name))
            .collect();
        let ends = |name: &str, extension: &str| name.to_ascii_lowercase().ends_with(extension);
        let intro = package
            .artifact(Artifact::Intro)
            .map(|id| package.file(id).name.as_str());
        let inner = pc.inner.as_ref().map(|inner| inner.name.as_str());
        let mds = root
            .iter()
            .filter(|e| e.kind == EntryKind::File && ends(&e.name, ".md"))
            .count();
        let zips = root
            .iter()
            .filter(|e| e.kind == EntryKind::File && ends(&e.name, ".zip"))
            .count();
        if zips == 0 && !package.inventory.is_empty() {
            cx.report_path(
                package.path.clone(),
                "the package holds no `.zip`: Partner Center expects the `.pdpkg.zip` that carries the solutions next to `intro.md`",
            )
            .help("build the package with the Power Platform CLI (`pac package`) and put its `.pdpkg.zip` at the root of package.zip, next to intro.md");
        }
        for entry in root {
            let name = entry.name.as_str();
            match entry.kind {
                // PK009 reports a symlink entry.
                EntryKind::Symlink | EntryKind::Special => {}
                EntryKind::Dir => {
                    report_entry(
                        cx,
                        name,
                        true,
                        format!("`{name}/` is a folder: the root of package.zip holds no folders"),
                    )
                    .help("zip the two files themselves (intro.md and the .pdpkg.zip), not the folder holding them");
                }
                EntryKind::File if ends(name, ".md") => {
                    if mds > 1 && Some(name) != intro {
                        report_entry(
                            cx,
                            name,
                            false,
                            format!("`{name}` is a second `.md` file: the package holds exactly one, the intro"),
                        )
                        .help("remove it: Partner Center's package check fails with more than one `.md` at the root (a README.md belongs in the repository, not in package.zip)");
                    }
                }
                EntryKind::File if ends(name, ".zip") => {
                    if zips > 1 && Some(name) != inner {
                        report_entry(
                            cx,
                            name,
                            false,
                            format!("`{name}` is a second zip: the package holds exactly one, the `.pdpkg.zip`; pcpkg did not open this one"),
                        )
                        .help("keep only the `.pdpkg.zip` that `pac package` built");
                    }
                }
                EntryKind::File if name.eq_ignore_ascii_case("customProperties.json") => {}
                EntryKind::File => {
                    report_entry(
                        cx,
                        name,
                        false,
                        format!("`{name}` is not part of a Partner Center package"),
                    )
                    .help("the root holds intro.md, the .pdpkg.zip and, for multi-auth connectors, customProperties.json: remove it")
                    .at_most(Severity::Warning);
                }
            }
        }
    }
}
