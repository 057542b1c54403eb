use super::pc_common::{inner_folder_path, inner_path, partner_center, readable_inner};
use crate::diagnostic::Severity;
use crate::rules::levels::{E, OFF};
use crate::rules::{Rule, RuleContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks the inner package (the `.pdpkg.zip` in package.zip): it holds exactly one folder,
    /// which carries the solution zips. A folder not named `PkgAssets` is a warning. Loose files
    /// beside it (the `.xml`, `.dll` and `.pdb` files `pac package` writes) are ignored; a zip
    /// outside the folder is never opened (PK009).
    ///
    /// ## Why is this bad?
    /// Partner Center looks for the solutions in the inner package's one folder. With no folder,
    /// or several, it cannot tell which solutions to import and rejects the package.
    ///
    /// ## Example
    /// ```text
    /// Contoso.pdpkg.zip
    ///   Contoso_1_0_0_0.zip
    ///   ContosoFlows_1_0_0_0.zip
    /// ```
    /// Use instead:
    /// ```text
    /// Contoso.pdpkg.zip
    ///   PkgAssets/Contoso_1_0_0_0.zip
    ///   PkgAssets/ContosoFlows_1_0_0_0.zip
    /// ```
    ///
    /// ## Source
    /// CPV (`scripts/ConnectorPackageValidator.ps1`) step 4: one folder, "ideally named
    /// 'PkgAssets'", files ignored "as these are dependent on environments"; Learn *Fix
    /// certification policy errors* (PE 5000.1.1.12).
    pub(crate) PcPkgassets {
        code: "PK021",
        name: "pc-pkgassets",
        family: PK,
        category: Packaging,
        levels: [E, E, OFF],
        summary: "the `.pdpkg.zip` holds exactly one folder, `PkgAssets/`",
    }
}

impl Rule for PcPkgassets {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some(inner) = partner_center(cx).and_then(readable_inner) else {
            return;
        };
        let package = cx.package();
        let folders = inner.folders();
        if folders.is_empty() {
            cx.report_path(
                inner_path(package, inner),
                format!("`{}` holds no folder: the solution zips belong in one folder, `PkgAssets/`", inner.name),
            )
            .help("put the solution zips in a folder named `PkgAssets` inside the .pdpkg.zip (`pac package` lays it out so)");
            return;
        }
        if folders.len() > 1 {
            let chosen = inner.assets.as_deref();
            for folder in folders.iter().filter(|f| Some(**f) != chosen) {
                cx.report_path(
                    inner_folder_path(package, inner, folder),
                    format!(
                        "`{folder}/` is one of {} folders in `{}`: it must hold exactly one, `PkgAssets/`",
                        folders.len(),
                        inner.name
                    ),
                )
                .help("keep only `PkgAssets/` with the solution zips, and remove the other folders");
            }
        }
        if let Some(assets) = &inner.assets
            && assets != "PkgAssets"
        {
            cx.report_path(
                inner_folder_path(package, inner, assets),
                format!("the folder holding the solutions is `{assets}/`, not `PkgAssets/`"),
            )
            .help("rename it to `PkgAssets`: Partner Center accepts any one folder, but its package validator asks for this name")
            .at_most(Severity::Warning);
        }
    }
}
