use crate::package::Artifact;
use crate::rules::levels::{E, W};
use crate::rules::{Rule, RuleContext, declare_rule, json_file};

declare_rule! {
    /// ## What it does
    /// Flags a member name that appears more than once in one object of
    /// `apiDefinition.swagger.json`. Each repeated key is reported at its position, with the line
    /// of the first one. Like JSON parsers, pcpkg's other rules see the last value.
    ///
    /// ## Why is this bad?
    /// RFC 8259 says names within an object should be unique, and parsers disagree about
    /// duplicates: most keep the last value silently, so the first one — often the one that was
    /// reviewed — is ignored. An operation with two `operationId`s or two `x-ms-visibility`
    /// values behaves as the last one says, whatever the reader of the file believes.
    ///
    /// ## Example
    /// ```json,fail
    /// { "swagger": "2.0", "info": { "title": "Contoso", "version": "1.0", "title": "Contoso Sales" }, "paths": {} }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// { "swagger": "2.0", "info": { "title": "Contoso Sales", "version": "1.0" }, "paths": {} }
    /// ```
    ///
    /// ## Source
    /// RFC 8259 §4; rules.md §1.6 (RecordedFutureV2 repeats `operationId` and `x-ms-visibility`
    /// in one operation).
    pub(crate) DuplicateKeys {
        code: "SW005",
        name: "duplicate-keys",
        family: SW,
        category: Schema,
        levels: [E, E, W],
        summary: "no object of the swagger repeats a member name",
    }
}

impl Rule for DuplicateKeys {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some(id) = cx.package().artifact(Artifact::Swagger) else {
            return;
        };
        json_file::report_duplicates(cx, id);
    }
}
