use super::markdown::normalize;
use super::support::{has_auth, markdown};
use crate::diagnostic::Target;
use crate::package::Artifact;
use crate::rules::levels::{OFF, W};
use crate::rules::{Rule, RuleContext, declare_rule};

/// The template's headings, in order, and what each section holds.
const SECTIONS: [(&str, &str); 6] = [
    (
        "Prerequisites",
        "what a user needs, such as an account or a paid plan",
    ),
    (
        "How to get credentials",
        "step-by-step instructions, with links, for getting the credentials",
    ),
    (
        "Get started with your connector",
        "a step-by-step start, with common use cases",
    ),
    (
        "Known issues and limitations",
        "known issues, limitations and workarounds",
    ),
    (
        "Common errors and remedies",
        "common errors (such as HTTP status codes) and how to resolve them",
    ),
    ("FAQ", "frequently asked questions and their answers"),
];

const CREDENTIALS: &str = "How to get credentials";

declare_rule! {
    /// ## What it does
    /// Checks that `intro.md` has the six `##` headings of the certification template:
    /// `## Prerequisites`, `## How to get credentials`, `## Get started with your connector`,
    /// `## Known issues and limitations`, `## Common errors and remedies` and `## FAQ`.
    /// Headings are compared with `*`/`_` emphasis, a final `:`, case and runs of white space
    /// ignored. A matching heading of another level is reported at that heading.
    ///
    /// `## How to get credentials` may be left out when the connector has no authentication:
    /// the swagger has no `securityDefinitions` and apiProperties.json no
    /// `connectionParameters`. When neither file could be read (intro.md validated on its own),
    /// that heading is not required either (rules.md §1.4).
    ///
    /// ## Why is this bad?
    /// The intro becomes the connector's public documentation page; the template's sections
    /// are what certification expects and what users look for.
    ///
    /// ## Example
    /// ```markdown
    /// Contoso Tasks keeps your team's work in one place.
    ///
    /// ## Prerequisites
    /// A Contoso account.
    /// ```
    /// Use instead:
    /// ```markdown
    /// Contoso Tasks keeps your team's work in one place.
    ///
    /// ## Prerequisites
    /// A Contoso account.
    /// ## How to get credentials
    /// Create an API key under Settings › API.
    /// ## Get started with your connector
    /// Add the *Create task* action to a flow.
    /// ## Known issues and limitations
    /// None known.
    /// ## Common errors and remedies
    /// 401: the API key was revoked; create a new one.
    /// ## FAQ
    /// **Is there a free plan?** Yes.
    /// ```
    ///
    /// ## Source
    /// rules.md RM012 and §4 "intro.md template": Learn *Submit your connector for Microsoft
    /// certification*, step 6 (`../shared/spec/sources/submit-for-certification.txt`).
    pub(crate) IntroSections {
        code: "RM012",
        name: "intro-sections",
        family: RM,
        category: Certification,
        levels: [W, W, OFF],
        summary: "intro.md has the template's six `##` headings",
    }
}

impl Rule for IntroSections {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let package = cx.package();
        let Some(intro) = markdown(cx, Artifact::Intro) else {
            return;
        };
        let needs_credentials = has_auth(package).unwrap_or(false);
        for (name, help) in SECTIONS {
            if name == CREDENTIALS && !needs_credentials {
                continue;
            }
            let wanted = normalize(name);
            let headings: Vec<_> = intro
                .outline
                .headings()
                .filter(|h| normalize(&h.text).trim_end_matches(':').trim_end() == wanted)
                .collect();
            if headings.iter().any(|h| h.level == 2) {
                continue;
            }
            match headings.first() {
                Some(heading) => {
                    let shown = if heading.setext {
                        heading.text.clone()
                    } else {
                        format!(
                            "{} {}",
                            "#".repeat(usize::from(heading.level)),
                            heading.text
                        )
                    };
                    cx.report(
                        intro.id,
                        Target::Range(heading.range),
                        format!(
                            "`{shown}` is a level-{} heading; the template uses `## {name}`",
                            heading.level
                        ),
                    )
                    .help(format!("write it as `## {name}`"));
                }
                None => {
                    cx.report(
                        intro.id,
                        Target::File,
                        format!("intro.md has no `## {name}` heading"),
                    )
                    .help(format!("add `## {name}` with {help}"));
                }
            }
        }
    }
}
