use super::pc_common::{partner_center, solution_entry_path};
use crate::diagnostic::Target;
use crate::package::partner_center::SOLUTION_FILES;
use crate::rules::json_file::char_range;
use crate::rules::levels::{E, OFF};
use crate::rules::{Rule, RuleContext, declare_rule};
use crate::xml::XmlErrorKind;

declare_rule! {
    /// ## What it does
    /// Checks every solution zip of a Partner Center package: it has `[Content_Types].xml`,
    /// `customizations.xml` and `solution.xml` at its root, and each is safe, well-formed XML in
    /// UTF-8: no DOCTYPE, elements nested at most 256 deep, at most 4 MiB. pcpkg never reads a
    /// DTD: a DOCTYPE is reported, not followed, so no entity is expanded and nothing is fetched.
    ///
    /// ## Why is this bad?
    /// Every Dataverse solution export writes these three files, and the import reads them:
    /// without one, or with one that does not parse, the solution cannot be imported. A DOCTYPE
    /// never appears in an export; in an uploaded file it is the vehicle of entity-expansion bombs
    /// (billion laughs) and external-entity reads (XXE).
    ///
    /// ## Example
    /// ```text
    /// Contoso_1_0_0_0.zip
    ///   customizations.xml
    ///   Connector/new_5Fcontoso_openapidefinition.json
    /// ```
    /// Use instead:
    /// ```text
    /// Contoso_1_0_0_0.zip
    ///   [Content_Types].xml
    ///   customizations.xml
    ///   solution.xml
    ///   Connector/new_5Fcontoso_openapidefinition.json
    /// ```
    ///
    /// ## Source
    /// CPV (`scripts/ConnectorPackageValidator.ps1`): "should contain three files namely
    /// '[Content_Types].xml', 'customizations.xml', 'solution.xml'"; Learn *Fix certification
    /// policy errors* (PE 5000.1.1.16); the XML limits are pcpkg's hostile-input policy
    /// (reliability.md §0, §5).
    pub(crate) PcSolutionFiles {
        code: "PK023",
        name: "pc-solution-files",
        family: PK,
        category: Packaging,
        levels: [E, E, OFF],
        summary: "each solution zip has its three XML files, safe and well-formed",
    }
}

impl Rule for PcSolutionFiles {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some(pc) = partner_center(cx) else {
            return;
        };
        let package = cx.package();
        for solution in pc.solutions.iter().filter(|s| s.readable) {
            for (slot, name) in SOLUTION_FILES.iter().enumerate() {
                let Some(part) = &solution.xml[slot] else {
                    // An entry that is there but could not be read is PK009's.
                    let present = solution
                        .entries
                        .iter()
                        .any(|e| e.name.eq_ignore_ascii_case(name));
                    if !present {
                        cx.report_path(
                            solution_entry_path(package, solution, name),
                            format!("the solution zip `{}` has no `{name}` at its root", solution.file_name()),
                        )
                        .help("every solution export writes `[Content_Types].xml`, `customizations.xml` and `solution.xml`: export the solution again rather than editing the zip");
                    }
                    continue;
                };
                let Err(error) = &part.document else {
                    continue;
                };
                let target = match package.file(part.file).text() {
                    Some(text) => Target::Range(char_range(text, error.offset)),
                    None => Target::File,
                };
                let help = match error.kind {
                    XmlErrorKind::DocType => {
                        "remove the `<!DOCTYPE …>` declaration: solution exports never write one, and pcpkg does not read DTDs"
                    }
                    XmlErrorKind::TooDeep => {
                        "flatten the document: exports nest a few levels; pcpkg reads at most 256"
                    }
                    XmlErrorKind::Syntax => {
                        "fix the XML at the marked position, or export the solution again"
                    }
                };
                cx.report(
                    part.file,
                    target,
                    format!("`{name}` is not acceptable solution XML: {}", error.message),
                )
                .help(help);
            }
        }
    }
}
