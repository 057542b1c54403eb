use super::support::markdown;
use crate::diagnostic::Target;
use crate::package::Artifact;
use crate::rules::levels::{E, I, WS};
use crate::rules::{Rule, RuleContext, declare_rule};

/// First headings left from the template, compared case-insensitively.
const PLACEHOLDERS: [&str; 2] = ["title", "<connector name>"];

declare_rule! {
    /// ## What it does
    /// Checks that `readme.md` has a heading, and that its first heading is not the template's
    /// placeholder: `Title` or `<Connector name>` (trimmed, `*`/`_` emphasis removed, any case).
    /// A first heading that differs from the swagger's `info.title` is fine, and so is a first
    /// heading of level 2. A heading is an ATX heading (`#` to `######`; the space after the
    /// `#`s is optional, so `#Title` counts) or a setext heading (text underlined with `===` or
    /// `---`); lines inside fenced code blocks are not headings.
    ///
    /// ## Why is this bad?
    /// The readme's first heading is the connector's name on its documentation page. `# Title`
    /// left from the template is a common reason reviewers send a pull request back.
    ///
    /// ## Example
    /// ```markdown
    /// # Title
    /// Contoso Tasks lets you create and track tasks.
    /// ```
    /// Use instead:
    /// ```markdown
    /// # Contoso Tasks
    /// Contoso Tasks lets you create and track tasks.
    /// ```
    ///
    /// ## Source
    /// rules.md RM003: the PowerPlatformConnectors readme templates (`# Title`);
    /// [#2133](https://github.com/microsoft/PowerPlatformConnectors/pull/2133).
    pub(crate) ReadmeTitle {
        code: "RM003",
        name: "readme-title",
        family: RM,
        category: Certification,
        levels: [WS, E, I],
        summary: "the readme starts with a heading naming the connector, not `# Title`",
    }
}

impl Rule for ReadmeTitle {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some(readme) = markdown(cx, Artifact::Readme) else {
            return;
        };
        let Some(first) = readme.outline.headings().next() else {
            cx.report(readme.id, Target::File, "the readme has no heading")
                .help(
                    "start the readme with `# <connector name>` and the template's `##` sections",
                );
            return;
        };
        let text = first.text.trim();
        if PLACEHOLDERS.iter().any(|p| text.eq_ignore_ascii_case(p)) {
            cx.report(
                readme.id,
                Target::Range(first.range),
                format!("the readme's title is the template placeholder `{text}`"),
            )
            .help("replace it with the connector's name, e.g. `# Contoso Tasks`");
        }
    }
}
