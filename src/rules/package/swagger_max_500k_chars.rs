use super::layout::thousands;
use crate::diagnostic::Target;
use crate::package::Artifact;
use crate::rules::levels::{I, W};
use crate::rules::{Rule, RuleContext, declare_rule};

/// The maximum length of Dataverse's `connector.openapidefinition` column.
const LIMIT: usize = 500_000;

declare_rule! {
    /// ## What it does
    /// Checks that the swagger's text is at most 500,000 characters, counted as Unicode scalar
    /// values of the file as submitted (a byte-order mark excluded). A file that is not UTF-8
    /// (SW002) is not counted.
    ///
    /// ## Why is this bad?
    /// A connector in a Dataverse solution stores its definition in `connector.openapidefinition`,
    /// which holds at most 500,000 characters. Partner Center requires the connector in a
    /// solution, so a larger definition cannot be submitted there. Whether Dataverse counts the
    /// text as submitted or minified is unverified (rules.md §6).
    ///
    /// ## Example
    /// ```text
    /// Contoso/
    ///   apiDefinition.swagger.json   612,907 characters
    /// ```
    /// Use instead: remove unused operations and definitions, share repeated schemas through
    /// `$ref`, or split the connector.
    ///
    /// ## Source
    /// PowerPlatformConnectors #3567 (the Dataverse limit on `connector.openapidefinition`).
    pub(crate) SwaggerMax500kChars {
        code: "PK011",
        name: "swagger-max-500k-chars",
        family: PK,
        category: Packaging,
        levels: [W, W, I],
        summary: "the swagger text is at most 500,000 characters",
    }
}

impl Rule for SwaggerMax500kChars {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some(id) = cx.package().artifact(Artifact::Swagger) else {
            return;
        };
        let Some(text) = cx.package().file(id).text() else {
            return;
        };
        // A character is at least one byte: a text of at most LIMIT bytes needs no count.
        if text.len() <= LIMIT {
            return;
        }
        let chars = text.chars().count();
        if chars <= LIMIT {
            return;
        }
        cx.report(
            id,
            Target::File,
            format!(
                "the swagger is {} characters long, over Dataverse's limit of {}",
                thousands(chars as u64),
                thousands(LIMIT as u64)
            ),
        )
        .help("make it shorter: a connector over 500,000 characters cannot be stored in the Dataverse solution Partner Center requires; remove unused operations and definitions, or share repeated schemas through `$ref`");
    }
}
