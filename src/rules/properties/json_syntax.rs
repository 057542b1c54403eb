use crate::package::Mode;
use crate::rules::levels::E;
use crate::rules::{Rule, RuleContext, declare_rule, json_file};

declare_rule! {
    /// ## What it does
    /// Checks that `apiProperties.json` can be read as JSON at all: strict RFC 8259 syntax (no
    /// comments, no trailing commas, straight double quotes), UTF-8 text, finite numbers, at
    /// most 128 nested levels and at most 16 MiB. A file that fails gets no other AP finding.
    ///
    /// ## Why is this bad?
    /// `paconn` and the platform read the file with a strict JSON parser: a file that does not
    /// parse cannot be imported, and no other check can vouch for it. Two accepted certified
    /// connectors hold a file with a missing `,`, so the copy in a repository can differ from
    /// what was deployed.
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "properties": {
    ///     "iconBrandColor": "#0f6cbd"
    ///     "capabilities": ["actions"],
    ///     "publisher": "Contoso Ltd",
    ///     "stackOwner": "Contoso Ltd"
    ///   }
    /// }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// {
    ///   "properties": {
    ///     "iconBrandColor": "#0f6cbd",
    ///     "capabilities": ["actions"],
    ///     "publisher": "Contoso Ltd",
    ///     "stackOwner": "Contoso Ltd"
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// `paconn` (`tools/paconn-cli`) loads the file with `json.load`; RFC 8259; rules.md §1.6.
    pub(crate) JsonSyntax {
        code: "AP001",
        name: "json-syntax",
        family: AP,
        category: Schema,
        levels: [E, E, E],
        summary: "apiProperties.json is valid UTF-8 JSON (RFC 8259, finite numbers, ≤ 16 MiB, ≤ 128 levels)",
    }
}

impl Rule for JsonSyntax {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let partner_center = cx.mode() == Mode::PartnerCenter;
        // pc mode: each connector JSON file that stands for a part of it (rules.md §1.2).
        for id in cx.package().properties_files() {
            let (empty_hint, too_large_help) = if partner_center {
                (
                    "the JSON the solution export wrote for this part of the connector",
                    "the connector's settings files are a few kilobytes at most: export the solution again",
                )
            } else {
                (
                    "one JSON object, `{ \"properties\": { … } }`",
                    "apiProperties.json holds a few settings and is a few kilobytes at most: check that this is the right file",
                )
            };
            json_file::report_syntax(cx, id, empty_hint, too_large_help);
            json_file::report_encoding(cx, id);
        }
    }
}
