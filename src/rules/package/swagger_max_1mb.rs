use super::layout::thousands;
use crate::diagnostic::Target;
use crate::package::Artifact;
use crate::rules::levels::W;
use crate::rules::{Rule, RuleContext, declare_rule};

/// 1 MB, as certification counts it.
const LIMIT: u64 = 1_048_576;

declare_rule! {
    /// ## What it does
    /// Checks that the swagger file is at most 1 MB (1,048,576 bytes).
    ///
    /// ## Why is this bad?
    /// The certification checklist says the swagger "shouldn't be greater than 1 MB", and the
    /// custom-connector limits apply the same figure to imported definitions. Larger definitions
    /// are slow to load in the designers. Accepted connectors rarely exceed it, so this is a
    /// warning.
    ///
    /// ## Example
    /// ```text
    /// Contoso/
    ///   apiDefinition.swagger.json   1,153,433 bytes
    /// ```
    /// Use instead: split the connector into several, or remove unused operations and
    /// definitions and share repeated schemas through `$ref`.
    ///
    /// ## Source
    /// Learn, *Verified publisher certification process* (CS 3d: "shouldn't be greater than
    /// 1 MB"); Learn custom-connector FAQ (limits).
    pub(crate) SwaggerMax1mb {
        code: "PK010",
        name: "swagger-max-1mb",
        family: PK,
        category: Packaging,
        levels: [W, W, W],
        summary: "the swagger is at most 1,048,576 bytes",
    }
}

impl Rule for SwaggerMax1mb {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some(id) = cx.package().artifact(Artifact::Swagger) else {
            return;
        };
        let size = cx.package().file(id).size;
        if size <= LIMIT {
            return;
        }
        cx.report(
            id,
            Target::File,
            format!(
                "the swagger is {} bytes, over the 1 MB limit of {} bytes",
                thousands(size),
                thousands(LIMIT)
            ),
        )
        .help("make it smaller: remove unused operations and definitions, share repeated schemas through `$ref`, or split the connector");
    }
}
