use super::pc_common::{
    declares_plugin, has_plugin, inner_folder_path, partner_center, readable_inner, solutions_path,
    zips,
};
use crate::package::EntryKind;
use crate::package::load::is_junk;
use crate::rules::levels::{E, OFF};
use crate::rules::{Rule, RuleContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks the folder of solutions (`PkgAssets/`) in the inner package: it holds no
    /// sub-folders and exactly 2 solution zips (the connector solution and the flow solution), or
    /// 3 when the connector has an AI plugin. A plugin is present when any solution's
    /// `customizations.xml` has a non-empty `<aicopilot_aiplugin>`, or when
    /// `pcpkg validate --plugin` is given.
    ///
    /// ## Why is this bad?
    /// Partner Center imports exactly these solutions. A missing flow solution, a stray older
    /// export or a solution zip left in a sub-folder makes the package check fail.
    ///
    /// ## Example
    /// ```text
    /// Contoso.pdpkg.zip
    ///   PkgAssets/Contoso_1_0_0_0.zip
    /// ```
    /// Use instead:
    /// ```text
    /// Contoso.pdpkg.zip
    ///   PkgAssets/Contoso_1_0_0_0.zip
    ///   PkgAssets/ContosoFlows_1_0_0_0.zip
    /// ```
    ///
    /// ## Source
    /// CPV (`scripts/ConnectorPackageValidator.ps1`) step 5: no folder, `*.zip` count 2, or 3
    /// with `-isPluginEnabled`; Learn *Fix certification policy errors* (PE 5000.1.1.13).
    /// pcpkg detects the plugin from `customizations.xml` as well (rules.md §5).
    pub(crate) PcSolutionCount {
        code: "PK022",
        name: "pc-solution-count",
        family: PK,
        category: Packaging,
        levels: [E, E, OFF],
        summary: "`PkgAssets/` holds 2 solution zips (3 with an AI plugin) and no folders",
    }
}

impl Rule for PcSolutionCount {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some(pc) = partner_center(cx) else {
            return;
        };
        let Some(inner) = readable_inner(pc) else {
            return;
        };
        let Some(assets) = &inner.assets else {
            return;
        };
        let package = cx.package();
        let prefix = format!("{assets}/");
        for entry in &inner.entries {
            let Some(rest) = entry.name.strip_prefix(&prefix) else {
                continue;
            };
            if entry.kind == EntryKind::Dir && !rest.contains('/') && !is_junk(rest) {
                cx.report_path(
                    inner_folder_path(package, inner, &entry.name),
                    format!(
                        "`{}/` is a folder: `{assets}/` holds only the solution zips",
                        entry.name
                    ),
                )
                .help("move the solution zips up into `PkgAssets/` and remove the folder");
            }
        }
        let plugin = has_plugin(pc);
        let expected = if plugin { 3 } else { 2 };
        let found = pc.solutions.len();
        if found == expected {
            return;
        }
        let which = if plugin {
            "the connector, flow and AI plugin solutions"
        } else {
            "the connector solution and the flow solution"
        };
        let why = if plugin && !pc.plugin_flag {
            " (a solution's `customizations.xml` has an `<aicopilot_aiplugin>`)"
        } else if plugin {
            " (`--plugin` was given)"
        } else {
            ""
        };
        let help = if !plugin && found > expected {
            "remove old or extra exports; if the connector has an AI plugin, add its plugin solution and validate with `--plugin`"
        } else if plugin && !declares_plugin(pc) {
            "add the AI plugin solution (connector, `aiplugins/` and `aipluginoperations/`), or drop `--plugin` if the connector has none"
        } else {
            "export each solution from Dataverse (`pac solution export`) and put its zip in `PkgAssets/`"
        };
        cx.report_path(
            solutions_path(package, inner),
            format!(
                "`{assets}/` holds {}; it must hold {expected}: {which}{why}",
                zips(found)
            ),
        )
        .help(help);
    }
}
