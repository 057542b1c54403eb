use crate::package::Artifact;
use crate::rules::levels::E;
use crate::rules::{Rule, RuleContext, declare_rule, json_file};

declare_rule! {
    /// ## What it does
    /// Checks that `apiDefinition.swagger.json` is valid JSON: the RFC 8259 grammar, no lone
    /// surrogate escapes (`\ud800`), every number finite as a 64-bit float, at most 128 nested
    /// levels and at most 16 MiB. The finding points at the line and column where the text stops
    /// being JSON. A swagger that is not valid JSON gets no other SW finding.
    ///
    /// ## Why is this bad?
    /// `paconn` reads the file with Python's `json.load`, the Swagger Validator and the maker
    /// portal with strict JSON parsers: comments, trailing commas, a missing comma, a raw tab or
    /// line break inside a string all make the import fail before any other check runs. Editors
    /// that accept JSONC hide these mistakes, and accepted connectors in the repository contain
    /// them, so the copy you submit can differ from the one that is deployed.
    ///
    /// ## Example
    /// ```json,fail
    /// { "swagger": "2.0", "info": { "title": "Contoso", "version": "1.0", }, "paths": {} }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// { "swagger": "2.0", "info": { "title": "Contoso", "version": "1.0" }, "paths": {} }
    /// ```
    ///
    /// ## Source
    /// `paconn` (`tools/paconn-cli`, `json.load`); RFC 8259; pcpkg's input limits
    /// (reliability.md §0); rules.md §1.6.
    pub(crate) JsonSyntax {
        code: "SW001",
        name: "json-syntax",
        family: SW,
        category: Schema,
        levels: [E, E, E],
        summary: "the swagger is valid JSON (RFC 8259, finite numbers, ≤ 16 MiB, ≤ 128 levels)",
    }
}

impl Rule for JsonSyntax {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some(id) = cx.package().artifact(Artifact::Swagger) else {
            return;
        };
        json_file::report_syntax(
            cx,
            id,
            "the swagger's JSON object, `{ \"swagger\": \"2.0\", … }`",
            "shrink the swagger: the platform expects at most 1 MB (PK010); remove unused definitions or split the connector",
        );
    }
}
