use super::pc_common::{
    all_customizations_read, solution_entry_path, solution_path, solutions_path, with_solutions,
};
use crate::diagnostic::Target;
use crate::package::EntryKind;
use crate::package::partner_center::Solution;
use crate::rules::levels::{E, OFF};
use crate::rules::{Rule, RuleContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks that a Partner Center package has a flow solution: a solution whose
    /// `customizations.xml` has a non-empty `<Connector>` and a non-empty `<Workflows>`, with the
    /// folders `Connector/` and `Workflows/`. In it, every `Workflows/*.json` must be named by a
    /// `<JsonFileName>` of `customizations.xml`, and every `<JsonFileName>` must name a file of
    /// the solution (a leading `/` means the solution's root; names are compared without case).
    ///
    /// ## Why is this bad?
    /// Certification runs the sample flows of the flow solution to test the connector. Dataverse
    /// imports a flow from the file its `<JsonFileName>` names: a flow whose file is missing fails
    /// the import, and a file no `<JsonFileName>` names is silently left out.
    ///
    /// ## Example
    /// ```text
    /// ContosoFlows_1_0_0_0.zip
    ///   customizations.xml        (<JsonFileName>/Workflows/Create-task.json</JsonFileName>)
    ///   Connector/…
    ///   Workflows/Create-task-v2.json
    /// ```
    /// Use instead:
    /// ```text
    /// ContosoFlows_1_0_0_0.zip
    ///   customizations.xml        (<JsonFileName>/Workflows/Create-task.json</JsonFileName>)
    ///   Connector/…
    ///   Workflows/Create-task.json
    /// ```
    ///
    /// ## Source
    /// CPV (`scripts/ConnectorPackageValidator.ps1`): "Flow solution should contain both
    /// 'Connector' and 'Workflows' folders"; Learn *Fix certification policy errors*
    /// (PE 5000.1.1.6, .7, .14, .15). CPV does not match the file names; pcpkg does.
    pub(crate) PcFlowSolution {
        code: "PK025",
        name: "pc-flow-solution",
        family: PK,
        category: Packaging,
        levels: [E, E, OFF],
        summary: "a flow solution holds the connector and its flows, each named in customizations.xml",
    }
}

impl Rule for PcFlowSolution {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((pc, inner)) = with_solutions(cx) else {
            return;
        };
        let package = cx.package();
        let flows: Vec<&Solution> = pc
            .solutions
            .iter()
            .filter(|s| s.non_empty("Connector").is_some() && s.non_empty("Workflows").is_some())
            .collect();
        if flows.is_empty() {
            // A solution with flows but without the connector is the likely slip: say so there.
            let orphans: Vec<&Solution> = pc
                .solutions
                .iter()
                .filter(|s| s.non_empty("Workflows").is_some())
                .collect();
            for solution in &orphans {
                cx.report_path(
                    solution_path(package, solution),
                    format!("`{}` has `<Workflows>` but no `<Connector>`: the flow solution must include the connector its flows use", solution.file_name()),
                )
                .help("add the custom connector to the flow solution and export it again");
            }
            if orphans.is_empty() && all_customizations_read(pc) {
                cx.report_path(
                    solutions_path(package, inner),
                    "no solution is a flow solution: one solution's `customizations.xml` must have both a `<Connector>` and `<Workflows>`",
                )
                .help("create a solution with the connector and at least one flow that uses it, export it, and add its zip to `PkgAssets/`");
            }
            return;
        }
        for solution in flows {
            check_flow_solution(cx, solution);
        }
    }
}

fn check_flow_solution(cx: &mut RuleContext<'_>, solution: &Solution) {
    let package = cx.package();
    let missing: Vec<&str> = ["Connector", "Workflows"]
        .into_iter()
        .filter(|folder| !solution.has_folder(folder))
        .collect();
    if !missing.is_empty() {
        let list = missing
            .iter()
            .map(|f| format!("`{f}/`"))
            .collect::<Vec<_>>()
            .join(" and ");
        cx.report_path(
            solution_path(package, solution),
            format!("the flow solution `{}` has no {list} folder", solution.file_name()),
        )
        .help("export the solution again: the export writes the connector to `Connector/` and each flow to `Workflows/`");
    }
    let Some((xml_file, doc)) = solution.customizations() else {
        return;
    };
    let files: Vec<&str> = solution
        .entries
        .iter()
        .filter(|e| e.kind == EntryKind::File)
        .map(|e| e.name.as_str())
        .collect();
    let named: Vec<(usize, String)> = doc
        .find_all("JsonFileName")
        .map(|id| (id, normalize(&doc.element(id).text)))
        .collect();
    for file in solution.files_in("Workflows") {
        if !file.to_ascii_lowercase().ends_with(".json") {
            continue;
        }
        if !named
            .iter()
            .any(|(_, name)| name.eq_ignore_ascii_case(file))
        {
            cx.report_path(
                solution_entry_path(package, solution, file),
                format!("`{file}` is named by no `<JsonFileName>` in `customizations.xml`: Dataverse does not import it"),
            )
            .help("export the solution again, or remove the file if the flow was taken out of the solution");
        }
    }
    for (id, name) in &named {
        if files.iter().any(|file| file.eq_ignore_ascii_case(name)) {
            continue;
        }
        let shown = doc.element(*id).text.trim().to_owned();
        cx.report(
            xml_file,
            Target::Range(doc.element(*id).range),
            format!("`<JsonFileName>` names `{shown}`, which the solution zip does not hold"),
        )
        .help("export the solution again so that every flow's file is included");
    }
}

/// A `<JsonFileName>` as a name inside the solution: trimmed, without the leading `/`.
fn normalize(text: &str) -> String {
    text.trim().trim_start_matches('/').to_owned()
}
