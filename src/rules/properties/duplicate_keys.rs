use crate::rules::levels::{E, W};
use crate::rules::{Rule, RuleContext, declare_rule, json_file};

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
        // pc mode: each connector JSON file that stands for a part of it (rules.md §1.2).
        for id in cx.package().properties_files() {
            json_file::report_duplicates(cx, id);
        }
    }
}
