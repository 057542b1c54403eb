use super::layout::{count, report_entry, shown};
use crate::package::load::is_junk;
use crate::package::{EntryKind, Mode};
use crate::rules::levels::{E, W};
use crate::rules::{Rule, RuleContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags operating-system leftovers anywhere in the package: `__MACOSX/`, `.DS_Store`,
    /// `._*` (macOS), `Thumbs.db`, `desktop.ini` (Windows) and `~$*` (Office lock files). A junk
    /// folder is reported once, not each file in it. `pcpkg pack` leaves them out.
    ///
    /// The severity depends on the input: an error in a zip (a warning for custom connectors)
    /// and at every level of a Partner Center package (off for custom connectors), info in a
    /// folder, where such files are usually kept out of the repository by `.gitignore`.
    ///
    /// ## Why is this bad?
    /// The certification zip must contain only the artifact files. Compressing a folder in the
    /// macOS Finder adds `__MACOSX/` and `._*` entries by default, and the zip is then rejected.
    ///
    /// ## Example
    /// ```text
    /// connector.zip
    ///   apiDefinition.swagger.json
    ///   apiProperties.json
    ///   icon.png
    ///   __MACOSX/._icon.png
    ///   .DS_Store
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
    /// Seed 003 ("When using macOS, ensure that only the three connector artifact files are
    /// included in the .zip archive. By default, macOS includes other folders and files";
    /// `../shared/spec/sources/submit-for-certification.txt`).
    pub(crate) JunkEntries {
        code: "PK007",
        name: "junk-entries",
        family: PK,
        category: Packaging,
        levels: [E, E, W],
        summary: "no `__MACOSX/`, `.DS_Store`, `Thumbs.db` or other leftovers",
    }
}

/// What a junk name is, for the message.
fn describe(part: &str) -> &'static str {
    if part == "__MACOSX" {
        "a macOS resource-fork folder"
    } else if part == ".DS_Store" {
        "macOS Finder metadata"
    } else if part.starts_with("._") {
        "a macOS resource fork"
    } else if part.eq_ignore_ascii_case("Thumbs.db") {
        "a Windows thumbnail cache"
    } else if part.eq_ignore_ascii_case("desktop.ini") {
        "Windows folder settings"
    } else {
        "an Office lock file"
    }
}

impl Rule for JunkEntries {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let package = cx.package();
        let folder = package.mode == Mode::Folder;
        for entry in &package.inventory {
            // Only the outermost junk entry: a junk folder once, not each thing in it.
            let parent_is_junk = entry
                .name
                .rsplit_once('/')
                .is_some_and(|(parent, _)| is_junk(parent));
            if is_junk(&entry.name) && !parent_is_junk {
                report(cx, entry, folder);
            }
        }
    }
}

fn report(cx: &mut RuleContext<'_>, entry: &crate::package::InventoryEntry, folder: bool) {
    let package = cx.package();
    let is_dir = entry.kind == EntryKind::Dir;
    let name = shown(&entry.name, is_dir);
    let last = entry.name.rsplit('/').next().unwrap_or(&entry.name);
    let what = describe(last);
    let message = if is_dir {
        let prefix = format!("{}/", entry.name);
        let inside = package
            .inventory
            .iter()
            .filter(|e| e.name.starts_with(&prefix))
            .count();
        if inside == 0 {
            format!("`{name}` is {what}, not part of the connector")
        } else {
            format!(
                "`{name}` ({}) is {what}, not part of the connector",
                count(inside, "entry")
            )
        }
    } else {
        format!("`{name}` is {what}, not part of the connector")
    };
    let macos = last == "__MACOSX" || last == ".DS_Store" || last.starts_with("._");
    let help = if folder {
        format!(
            "delete `{name}` or keep it out of the connector folder (`pcpkg pack` leaves it out)"
        )
    } else if macos {
        format!(
            "rebuild the zip without `{name}`: the macOS Finder's Compress adds it, so zip the files from the command line or with `pcpkg pack`"
        )
    } else {
        format!("rebuild the zip without `{name}` (`pcpkg pack` leaves it out)")
    };
    report_entry(cx, &entry.name, is_dir, message).help(help);
}
