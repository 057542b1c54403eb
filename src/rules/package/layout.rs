//! What the PK rules share: the package root (inside a zip's wrapping folder), its entries, and
//! how to report an entry whether or not pcpkg read it.

use crate::diagnostic::{Diagnostic, Target};
use crate::package::{Artifact, EntryKind, InventoryEntry, LoadProblemKind, Mode, Package};
use crate::rules::RuleContext;
pub(super) use crate::text::thousands;

/// The prefix of the root the artifacts were looked up in: `Contoso/` inside a zip's wrapping
/// folder (PK008), else empty.
pub(super) fn base(package: &Package) -> String {
    package
        .wrapping_folder
        .as_ref()
        .map(|folder| format!("{folder}/"))
        .unwrap_or_default()
}

/// One entry directly at the package root.
pub(super) struct RootEntry<'a> {
    /// The name at the root (`apiProperties.json`).
    pub(super) name: &'a str,
    pub(super) entry: &'a InventoryEntry,
}

impl RootEntry<'_> {
    /// The name inside the package (`Contoso/apiProperties.json` in a wrapped zip).
    pub(super) fn full(&self) -> &str {
        &self.entry.name
    }

    pub(super) fn is_dir(&self) -> bool {
        self.entry.kind == EntryKind::Dir
    }
}

/// Every entry directly at the root the artifacts were looked up in, in name order.
pub(super) fn root_entries(package: &Package) -> Vec<RootEntry<'_>> {
    let base = base(package);
    package
        .inventory
        .iter()
        .filter_map(|entry| {
            let name = entry.name.strip_prefix(base.as_str())?;
            (!name.is_empty() && !name.contains('/')).then_some(RootEntry { name, entry })
        })
        .collect()
}

/// Whether a root entry stands for an artifact, compared case-insensitively. In a folder an
/// entry of any kind does (a folder or FIFO in an artifact's place is PK014's); in a zip a
/// folder entry does not.
pub(super) fn stands_for(package: &Package, entry: &RootEntry<'_>, artifact: Artifact) -> bool {
    Artifact::from_name(entry.name) == Some(artifact)
        && (package.mode == Mode::Folder || !entry.is_dir())
}

/// Whether the package holds an entry standing for this artifact at its root.
pub(super) fn has_artifact_entry(package: &Package, artifact: Artifact) -> bool {
    root_entries(package)
        .iter()
        .any(|entry| stands_for(package, entry, artifact))
}

/// A zip that could not be read at all: PK009 says why, and the presence rules stay silent.
pub(super) fn archive_unreadable(package: &Package) -> bool {
    package.mode != Mode::Folder
        && package.inventory.is_empty()
        && package
            .problems
            .iter()
            .any(|problem| problem.kind == LoadProblemKind::Archive)
}

/// How an entry is named in messages: its name inside the package, with a final `/` for a folder.
pub(super) fn shown(name: &str, is_dir: bool) -> String {
    if is_dir {
        format!("{name}/")
    } else {
        name.to_owned()
    }
}

/// Reports a finding about an entry of the package: on the file when pcpkg read it, else on
/// its display path. Either way the finding has no position.
pub(super) fn report_entry<'c>(
    cx: &'c mut RuleContext<'_>,
    name: &str,
    is_dir: bool,
    message: impl Into<String>,
) -> &'c mut Diagnostic {
    let package = cx.package();
    let read = (!is_dir)
        .then(|| {
            package
                .files
                .iter()
                .position(|file| file.name == name)
                .and_then(|index| u32::try_from(index).ok())
        })
        .flatten();
    match read {
        Some(index) => cx.report(crate::package::FileId(index), Target::File, message),
        None => {
            let path = package.display_path(&shown(name, is_dir));
            cx.report_path(path, message)
        }
    }
}

/// `1 file`, `3 files`, `2 entries`.
pub(super) fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else if let Some(stem) = noun.strip_suffix('y') {
        format!("{n} {stem}ies")
    } else {
        format!("{n} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::thousands;

    #[test]
    fn groups_digits() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(1_048_576), "1,048,576");
        assert_eq!(thousands(500_001), "500,001");
    }
}
