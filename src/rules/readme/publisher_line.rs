use super::support::{markdown, publisher_lines};
use crate::diagnostic::Target;
use crate::package::{Artifact, Profile};
use crate::rules::levels::{E, OFF, W};
use crate::rules::{Rule, RuleContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks that `readme.md` names its publisher. It passes when a heading of any level, with
    /// `*`/`_` emphasis removed, starts with `Publisher` or `Publishers` (any case) and is
    /// followed either by `:` and a name on the same line, or by a line holding the name: the
    /// next non-blank line, when it is a paragraph, a list item or a deeper heading. A heading of
    /// the same or a higher level right after it means the name is missing.
    ///
    /// ## Why is this bad?
    /// The template marks the Publisher line as required: it tells users and reviewers who
    /// maintains the connector. For an independent publisher it is the person (or people,
    /// comma-separated) or the company that appears as the connector's publisher.
    ///
    /// ## Example
    /// ```markdown
    /// # Contoso Tasks
    /// Contoso Tasks lets you create and track tasks.
    ///
    /// ## Prerequisites
    /// ```
    /// Use instead:
    /// ```markdown
    /// # Contoso Tasks
    /// Contoso Tasks lets you create and track tasks.
    ///
    /// ## Publisher: Contoso Ltd
    ///
    /// ## Prerequisites
    /// ```
    ///
    /// ## Source
    /// rules.md RM004: the PowerPlatformConnectors readme templates (`## Publisher: Publisher's
    /// Name`, "Required").
    pub(crate) PublisherLine {
        code: "RM004",
        name: "publisher-line",
        family: RM,
        category: Certification,
        levels: [W, E, OFF],
        summary: "the readme has a `## Publisher: <name>` line",
    }
}

impl Rule for PublisherLine {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some(readme) = markdown(cx, Artifact::Readme) else {
            return;
        };
        let lines = publisher_lines(&readme);
        if lines.iter().any(|line| line.name.is_some()) {
            return;
        }
        let who = if cx.profile() == Profile::IndependentPublisher {
            "your name, or the names of the publishers separated by commas, or your company's name"
        } else {
            "the company or organization that publishes the connector"
        };
        match lines.first() {
            Some(line) => {
                cx.report(
                    readme.id,
                    Target::Range(line.heading),
                    "the `Publisher` heading names no publisher",
                )
                .help(format!(
                    "write the name after a colon: `## Publisher: <name>`, with {who}"
                ));
            }
            None => {
                cx.report(
                    readme.id,
                    Target::File,
                    "the readme has no `Publisher` line",
                )
                .help(format!(
                    "add `## Publisher: <name>` after the description, with {who}"
                ));
            }
        }
    }
}
