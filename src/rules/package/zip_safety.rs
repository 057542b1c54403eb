use crate::package::LoadProblemKind;
use crate::rules::levels::E;
use crate::rules::{Rule, RuleContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports every unsafe or corrupt thing found while reading a zip, at every nesting level:
    /// an archive or entry over a limit (archive ≤ 64 MiB; ≤ 10,000 entries; each entry
    /// ≤ 32 MiB inflated; ≤ 256 MiB inflated in all; compression ratio ≤ 100 for entries over
    /// 4 KiB); names with `..`, an absolute, drive or UNC prefix, `\` or NUL; symbolic links;
    /// duplicate names, or names equal after Unicode normalisation and case folding; a zip
    /// nested in a connector zip; encrypted or overlapping entries; a missing, truncated or
    /// inconsistent central directory; declared sizes that lie; names flagged UTF-8 that are
    /// not. pcpkg never extracts an archive: the entry concerned is not read. This rule always
    /// runs, at error, and cannot be ignored.
    ///
    /// ## Why is this bad?
    /// Each of these makes tools disagree about what the archive holds, or lets an extractor
    /// write outside its target folder (zip slip), follow a link to a file it should not read,
    /// or exhaust memory and disk (zip bombs). A connector zip is uploaded and extracted by
    /// other tools, so what pcpkg validated must be exactly what they will see.
    ///
    /// ## Example
    /// ```text
    /// connector.zip
    ///   apiDefinition.swagger.json
    ///   apiProperties.json
    ///   ../icon.png
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
    /// pcpkg's hostile-input policy (`../shared/spec/reliability.md` §0 and §1).
    pub(crate) ZipSafety {
        code: "PK009",
        name: "zip-safety",
        family: PK,
        category: Security,
        levels: [E, E, E],
        summary: "archives are safe to read: within limits, no unsafe names, links, bombs or corruption",
    }
}

impl Rule for ZipSafety {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let package = cx.package();
        for problem in &package.problems {
            if problem.kind == LoadProblemKind::Archive {
                cx.report_path(problem.path.clone(), problem.message.clone());
            }
        }
    }
}
