use crate::diagnostic::Target;
use crate::package::{Artifact, FileData, JsonData};
use crate::rules::levels::{E, W};
use crate::rules::{Rule, RuleContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a member name that appears twice in one object of `apiProperties.json`, pointing at
    /// each later occurrence.
    ///
    /// ## Why is this bad?
    /// JSON parsers keep only the last value of a repeated name and drop the others without a
    /// word, so the connector silently loses settings: an accepted independent-publisher
    /// connector lists `capabilities` twice, and only the second list counts.
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "properties": {
    ///     "iconBrandColor": "#0f6cbd",
    ///     "capabilities": ["actions", "triggers"],
    ///     "publisher": "Contoso Ltd",
    ///     "stackOwner": "Contoso Ltd",
    ///     "capabilities": ["actions"]
    ///   }
    /// }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// {
    ///   "properties": {
    ///     "iconBrandColor": "#0f6cbd",
    ///     "capabilities": ["actions", "triggers"],
    ///     "publisher": "Contoso Ltd",
    ///     "stackOwner": "Contoso Ltd"
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// RFC 8259 §4 ("the names within an object SHOULD be unique"); rules.md §1.6.
    pub(crate) DuplicateKeys {
        code: "AP003",
        name: "duplicate-keys",
        family: AP,
        category: Schema,
        levels: [E, E, W],
        summary: "no object of apiProperties.json repeats a member name",
    }
}

impl Rule for DuplicateKeys {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let package = cx.package();
        let Some(id) = package.artifact(Artifact::Properties) else {
            return;
        };
        let file = package.file(id);
        let FileData::Json(JsonData::Parsed { duplicates, .. }) = &file.data else {
            return;
        };
        for duplicate in duplicates {
            let first_line = match (file.text(), file.line_index.as_ref()) {
                (Some(text), Some(index)) => index.line_col(text, duplicate.first.start).0,
                _ => 0,
            };
            let place = if duplicate.pointer.is_root() {
                "the root object".to_owned()
            } else {
                format!("`{}`", duplicate.pointer)
            };
            let key = &duplicate.key;
            cx.report(
                id,
                Target::Range(duplicate.duplicate),
                format!(
                    "`{key}` is repeated in {place} (first on line {first_line}); only the last one is used"
                ),
            )
            .help(format!(
                "keep a single `{key}` member holding the value you mean: parsers silently drop all but the last"
            ));
        }
    }
}
