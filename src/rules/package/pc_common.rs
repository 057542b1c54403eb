//! What the Partner Center rules (PK020–PK027, RM010) share: the package's levels, their
//! display paths, and whether the package has an AI plugin.

use crate::package::Package;
use crate::package::partner_center::{Inner, PartnerCenter, Solution};
use crate::rules::RuleContext;

/// The Partner Center package, in pc mode.
pub(crate) fn partner_center<'a>(cx: &RuleContext<'a>) -> Option<&'a PartnerCenter> {
    cx.package().partner_center.as_deref()
}

/// The inner package, when it was read as a zip (PK009 reports one that was not).
pub(crate) fn readable_inner(pc: &PartnerCenter) -> Option<&Inner> {
    pc.inner.as_ref().filter(|inner| inner.readable)
}

/// The package and its readable inner package when solutions were found: what PK024–PK026
/// need before they look at any solution.
pub(crate) fn with_solutions<'a>(cx: &RuleContext<'a>) -> Option<(&'a PartnerCenter, &'a Inner)> {
    let pc = partner_center(cx)?;
    let inner = readable_inner(pc)?;
    (!pc.solutions.is_empty()).then_some((pc, inner))
}

/// `package.zip!/Contoso.pdpkg.zip`.
pub(crate) fn inner_path(package: &Package, inner: &Inner) -> String {
    package.display_path(&inner.name)
}

/// `package.zip!/Contoso.pdpkg.zip!/PkgAssets/`, or a folder named `folder` there.
pub(crate) fn inner_folder_path(package: &Package, inner: &Inner, folder: &str) -> String {
    package.display_path(&format!("{}!/{folder}/", inner.name))
}

/// Where findings about the solutions as a whole go: the assets folder, else the inner package.
pub(crate) fn solutions_path(package: &Package, inner: &Inner) -> String {
    match &inner.assets {
        Some(assets) => inner_folder_path(package, inner, assets),
        None => inner_path(package, inner),
    }
}

/// `package.zip!/Contoso.pdpkg.zip!/PkgAssets/Contoso_1_0_0_0.zip`.
pub(crate) fn solution_path(package: &Package, solution: &Solution) -> String {
    package.display_path(solution.prefix.trim_end_matches("!/"))
}

/// The display path of an entry of a solution (`Connector/`, `Workflows/x.json`).
pub(crate) fn solution_entry_path(package: &Package, solution: &Solution, name: &str) -> String {
    package.display_path(&format!("{}{name}", solution.prefix))
}

/// rules.md PK022: a plugin is present when `--plugin` is given or any solution's
/// `customizations.xml` has a non-empty `<aicopilot_aiplugin>`.
pub(crate) fn has_plugin(pc: &PartnerCenter) -> bool {
    pc.plugin_flag || declares_plugin(pc)
}

/// Whether some solution's `customizations.xml` has a non-empty `<aicopilot_aiplugin>`.
pub(crate) fn declares_plugin(pc: &PartnerCenter) -> bool {
    pc.solutions
        .iter()
        .any(|s| s.non_empty("aicopilot_aiplugin").is_some())
}

/// Whether every solution that was read has a well-formed `customizations.xml`: only then can
/// a rule say that no solution has some part (PK023 reports the others).
pub(crate) fn all_customizations_read(pc: &PartnerCenter) -> bool {
    pc.solutions
        .iter()
        .all(|s| s.readable && s.customizations().is_some())
}

/// `2 solution zips`, `1 solution zip`.
pub(crate) fn zips(n: usize) -> String {
    if n == 1 {
        "1 solution zip".to_owned()
    } else {
        format!("{n} solution zips")
    }
}
