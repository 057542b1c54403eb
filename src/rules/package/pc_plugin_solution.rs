use super::pc_common::{
    all_customizations_read, has_plugin, solution_path, solutions_path, with_solutions,
};
use crate::package::partner_center::Solution;
use crate::rules::levels::{E, OFF};
use crate::rules::{Rule, RuleContext, declare_rule};

/// The folders a plugin solution holds (CPV).
const PLUGIN_FOLDERS: [&str; 3] = ["Connector", "aiplugins", "aipluginoperations"];

declare_rule! {
    /// ## What it does
    /// When the connector has an AI plugin (PK022: a non-empty `<aicopilot_aiplugin>` in some
    /// solution's `customizations.xml`, or `pcpkg validate --plugin`), checks that one solution
    /// is the plugin solution: its `customizations.xml` has a non-empty `<Connector>` and a
    /// non-empty `<aicopilot_aiplugin>`, and it holds the folders `Connector/`, `aiplugins/` and
    /// `aipluginoperations/`. Without a plugin this rule reports nothing.
    ///
    /// ## Why is this bad?
    /// A connector certified as a Copilot plugin ships its plugin definition in its own solution;
    /// Partner Center rejects a plugin package whose plugin solution lacks the connector or the
    /// plugin's operations.
    ///
    /// ## Example
    /// ```text
    /// ContosoPlugin_1_0_0_0.zip
    ///   customizations.xml        (<Connector>… and <aicopilot_aiplugin>…)
    ///   Connector/…
    ///   aiplugins/…
    /// ```
    /// Use instead:
    /// ```text
    /// ContosoPlugin_1_0_0_0.zip
    ///   customizations.xml        (<Connector>… and <aicopilot_aiplugin>…)
    ///   Connector/…
    ///   aiplugins/…
    ///   aipluginoperations/…
    /// ```
    ///
    /// ## Source
    /// CPV (`scripts/ConnectorPackageValidator.ps1`) with `-isPluginEnabled y`: "Plugin solution
    /// should contain 'Connector', 'aiplugins' and 'aipluginoperations' folders".
    pub(crate) PcPluginSolution {
        code: "PK026",
        name: "pc-plugin-solution",
        family: PK,
        category: Packaging,
        levels: [E, E, OFF],
        summary: "with an AI plugin, one solution holds the connector and the plugin",
    }
}

impl Rule for PcPluginSolution {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((pc, inner)) = with_solutions(cx) else {
            return;
        };
        if !has_plugin(pc) {
            return;
        }
        let package = cx.package();
        let plugins: Vec<&Solution> = pc
            .solutions
            .iter()
            .filter(|s| {
                s.non_empty("Connector").is_some() && s.non_empty("aicopilot_aiplugin").is_some()
            })
            .collect();
        if plugins.is_empty() {
            if all_customizations_read(pc) {
                cx.report_path(
                    solutions_path(package, inner),
                    "the connector has an AI plugin, but no solution's `customizations.xml` has both a `<Connector>` and an `<aicopilot_aiplugin>`",
                )
                .help("export the plugin solution (the connector with its AI plugin) and add its zip to `PkgAssets/`, or drop `--plugin` if the connector has no plugin");
            }
            return;
        }
        for solution in plugins {
            let missing: Vec<String> = PLUGIN_FOLDERS
                .into_iter()
                .filter(|folder| !solution.has_folder(folder))
                .map(|folder| format!("`{folder}/`"))
                .collect();
            if !missing.is_empty() {
                cx.report_path(
                    solution_path(package, solution),
                    format!(
                        "the plugin solution `{}` has no {} folder",
                        solution.file_name(),
                        missing.join(", ")
                    ),
                )
                .help("export the plugin solution again: it holds `Connector/`, `aiplugins/` and `aipluginoperations/`");
            }
        }
    }
}
