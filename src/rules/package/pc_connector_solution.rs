use super::pc_common::{
    all_customizations_read, solution_entry_path, solution_path, solutions_path, with_solutions,
};
use crate::rules::levels::{E, OFF};
use crate::rules::{Rule, RuleContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks that a Partner Center package has one connector solution: a solution whose
    /// `customizations.xml` has a non-empty `<Connector>`, no non-empty `<Workflows>` and no
    /// `<aicopilot_aiplugin>`, and whose `Connector/` folder holds the connector's
    /// `*_openapidefinition.json`. That connector is the one pcpkg validates with the SW, AP and
    /// IC rules (its `_openapidefinition.json` as the swagger, its `_iconblob` as the icon, and
    /// its `_connectionparameters.json`, `_policytemplateinstances.json` and `<Connector>`
    /// element as apiProperties.json).
    ///
    /// ## Why is this bad?
    /// Certification deploys the connector from the connector solution. A package whose only
    /// connector sits in the flow solution, or with two connector solutions, cannot be
    /// certified, and an export without the OpenAPI definition holds no connector at all.
    ///
    /// ## Example
    /// ```text
    /// Contoso_1_0_0_0.zip
    ///   customizations.xml        (<Connector>…</Connector> and <Workflows>…</Workflows>)
    ///   Connector/…
    ///   Workflows/…
    /// ```
    /// Use instead:
    /// ```text
    /// Contoso_1_0_0_0.zip
    ///   customizations.xml        (<Connector>…</Connector> only)
    ///   Connector/new_5Fcontoso_openapidefinition.json
    /// ```
    ///
    /// ## Source
    /// CPV (`scripts/ConnectorPackageValidator.ps1`): "Connector solution should only contain
    /// 'Connector' folder"; Learn *Fix certification policy errors* (PE 5000.1.1.8); the file
    /// mapping is rules.md §1.2.
    pub(crate) PcConnectorSolution {
        code: "PK024",
        name: "pc-connector-solution",
        family: PK,
        category: Packaging,
        levels: [E, E, OFF],
        summary: "one solution holds only the connector, with its `_openapidefinition.json`",
    }
}

impl Rule for PcConnectorSolution {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((pc, inner)) = with_solutions(cx) else {
            return;
        };
        let package = cx.package();
        let Some(chosen) = pc.connector_solution else {
            if all_customizations_read(pc) {
                cx.report_path(
                    solutions_path(package, inner),
                    "no solution is a connector solution: one solution's `customizations.xml` must have a `<Connector>` and neither `<Workflows>` nor `<aicopilot_aiplugin>`",
                )
                .help("create a solution that holds only the custom connector, export it, and add its zip to `PkgAssets/`");
            }
            return;
        };
        for (index, solution) in pc.solutions.iter().enumerate() {
            if index != chosen && solution.is_connector_only() {
                cx.report_path(
                    solution_path(package, solution),
                    format!(
                        "`{}` is a second connector solution (after `{}`): the package holds one",
                        solution.file_name(),
                        pc.solutions[chosen].file_name()
                    ),
                )
                .help("keep one solution with the connector alone; the flow solution carries its own copy of the connector");
            }
        }
        let solution = &pc.solutions[chosen];
        if !solution.has_folder("Connector") {
            cx.report_path(
                solution_path(package, solution),
                format!("the connector solution `{}` has a `<Connector>` in `customizations.xml` but no `Connector/` folder", solution.file_name()),
            )
            .help("export the solution again: the export writes the connector's files to `Connector/`");
        } else if solution.connector_file("_openapidefinition.json").is_none() {
            cx.report_path(
                solution_entry_path(package, solution, "Connector/"),
                format!("the connector solution `{}` has no `Connector/*_openapidefinition.json`: it holds no OpenAPI definition", solution.file_name()),
            )
            .help("export the solution again after saving the custom connector, so that its definition is included");
        }
    }
}
