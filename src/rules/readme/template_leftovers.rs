use std::sync::LazyLock;

use memchr::memmem::Finder;

use super::support::markdown;
use crate::diagnostic::Target;
use crate::json::TextRange;
use crate::package::Artifact;
use crate::rules::levels::{OFF, WS};
use crate::rules::{Rule, RuleContext, declare_rule};

/// Template text that should not survive into a real readme, matched exactly (case included).
const LEFTOVERS: [&str; 5] = [
    "Required. ",
    "Optional. ",
    "Description of operation 1",
    "Publisher's Name",
    "Answer to question 1",
];

/// A searcher per leftover, built once: `str::match_indices` built one per readme and leftover,
/// and searched byte by byte where these scan the text with SIMD. Both find the non-overlapping
/// occurrences from left to right.
static FINDERS: LazyLock<Vec<Finder<'static>>> = LazyLock::new(|| {
    LEFTOVERS
        .iter()
        .map(|l| Finder::new(l.as_bytes()))
        .collect()
});

declare_rule! {
    /// ## What it does
    /// Looks for instructions and sample text of the readme template left in `readme.md`:
    /// `Required. `, `Optional. ` (with the space after the period), `Description of
    /// operation 1`, `Publisher's Name` and `Answer to question 1`, matched exactly, case
    /// included. Each occurrence is reported.
    ///
    /// ## Why is this bad?
    /// The template's lines tell the author what to write; left in, they end up on the
    /// connector's public documentation page, and reviewers ask for them to be replaced.
    ///
    /// ## Example
    /// ```markdown
    /// ## Publisher: Publisher's Name
    /// Required. It should be the company or organization name.
    /// ```
    /// Use instead:
    /// ```markdown
    /// ## Publisher: Contoso Ltd
    /// ```
    ///
    /// ## Source
    /// rules.md RM006: the PowerPlatformConnectors readme templates.
    pub(crate) TemplateLeftovers {
        code: "RM006",
        name: "template-leftovers",
        family: RM,
        category: Certification,
        levels: [WS, WS, OFF],
        summary: "the readme holds no text left from the template",
    }
}

impl Rule for TemplateLeftovers {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some(readme) = markdown(cx, Artifact::Readme) else {
            return;
        };
        let text = readme.text.as_bytes();
        let mut found: Vec<(usize, &str)> = LEFTOVERS
            .iter()
            .zip(FINDERS.iter())
            .flat_map(|(leftover, finder)| finder.find_iter(text).map(|at| (at, *leftover)))
            .collect();
        found.sort_unstable();
        for (at, leftover) in found {
            let shown = leftover.trim_end();
            let (Ok(start), Ok(len)) = (u32::try_from(at), u32::try_from(shown.len())) else {
                continue;
            };
            let help = if leftover.ends_with(". ") {
                "replace the template's instruction with your own text"
            } else {
                "replace the template's sample text with your connector's"
            };
            cx.report(
                readme.id,
                Target::Range(TextRange::new(start, start + len)),
                format!("template text `{shown}` is left in the readme"),
            )
            .help(help);
        }
    }
}
