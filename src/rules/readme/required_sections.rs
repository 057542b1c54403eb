use super::support::markdown;
use crate::diagnostic::Target;
use crate::package::{Artifact, Profile};
use crate::rules::levels::{OFF, W};
use crate::rules::{Rule, RuleContext, declare_rule};

/// A section the template requires, and the keywords that recognize its heading.
struct Section {
    name: &'static str,
    /// Matched at the start of a word of the heading (`prerequisite` matches `Prerequisites`);
    /// a keyword of several words matches those words in a row.
    keywords: &'static [&'static str],
    certified_only: bool,
    help: &'static str,
}

const SECTIONS: [Section; 5] = [
    Section {
        name: "Prerequisites",
        keywords: &["prerequisite", "pre requisite", "requirement"],
        certified_only: false,
        help: "the plans, licenses, accounts or tools a user needs",
    },
    Section {
        name: "Supported Operations",
        keywords: &["operation", "action", "trigger"],
        certified_only: false,
        help: "the actions and triggers, one `###` entry each with a short description",
    },
    Section {
        name: "Obtaining Credentials",
        keywords: &["credential", "authenticat", "authoriz", "api key", "token"],
        certified_only: false,
        help: "the authentication method and how to get the credentials",
    },
    Section {
        name: "Known Issues and Limitations",
        keywords: &[
            "known issue",
            "issue",
            "limitation",
            "known bug",
            "known problem",
        ],
        certified_only: false,
        help: "the known issues and limitations a user may meet (or say there are none)",
    },
    Section {
        name: "Deployment Instructions",
        keywords: &["deploy"],
        certified_only: true,
        help: "how to deploy the connector as a custom connector",
    },
];

/// Headings deeper than this are operation or question entries, not sections.
const MAX_LEVEL: u8 = 2;

declare_rule! {
    /// ## What it does
    /// Checks that `readme.md` has the sections the template requires: Prerequisites,
    /// Supported Operations, Obtaining Credentials, and Known Issues and Limitations; a
    /// certified connector's readme also needs Deployment Instructions. Headings of level 1 or
    /// 2 are matched by keyword, in any case, at the start of a word:
    ///
    /// | Section | Keywords |
    /// |---|---|
    /// | Prerequisites | `prerequisite`, `pre-requisite`, `requirement` |
    /// | Supported Operations | `operation`, `action`, `trigger` |
    /// | Obtaining Credentials | `credential`, `authentication`, `authorization`, `API key`, `token` |
    /// | Known Issues and Limitations | `issue`, `limitation`, `known bug`, `known problem` |
    /// | Deployment Instructions | `deploy` |
    ///
    /// Deeper headings (`### Create task`) are entries inside a section and are not matched.
    ///
    /// ## Why is this bad?
    /// Reviewers check the readme against the template. Users read it on the connector's
    /// documentation page to learn what they need, how to sign in and what does not work.
    ///
    /// ## Example
    /// ```markdown
    /// # Contoso Tasks
    /// Contoso Tasks lets you create and track tasks.
    ///
    /// ## Publisher: Contoso Ltd
    /// ```
    /// Use instead:
    /// ```markdown
    /// # Contoso Tasks
    /// Contoso Tasks lets you create and track tasks.
    ///
    /// ## Publisher: Contoso Ltd
    /// ## Prerequisites
    /// A Contoso Tasks account.
    /// ## Supported Operations
    /// ### Create task
    /// Creates a task.
    /// ## Obtaining Credentials
    /// Create an API key under Settings › API.
    /// ## Known Issues and Limitations
    /// None known.
    /// ## Deployment Instructions
    /// Run `paconn create` with the files of this folder.
    /// ```
    ///
    /// ## Source
    /// rules.md RM005: the PowerPlatformConnectors readme templates (`templates/certified-connectors`
    /// and `templates/Independent Publisher`), where these sections are marked "Required".
    pub(crate) RequiredSections {
        code: "RM005",
        name: "required-sections",
        family: RM,
        category: Certification,
        levels: [W, W, OFF],
        summary: "the readme has the template's required sections",
    }
}

impl Rule for RequiredSections {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some(readme) = markdown(cx, Artifact::Readme) else {
            return;
        };
        let headings: Vec<String> = readme
            .outline
            .headings()
            .filter(|h| h.level <= MAX_LEVEL)
            .map(|h| spaced_words(&h.text))
            .collect();
        for section in &SECTIONS {
            if section.certified_only && cx.profile() != Profile::Certified {
                continue;
            }
            // Headings are ` word word `: a keyword starts a word where it follows a space. Only
            // word starts are tried (searching each heading for each keyword built a searcher
            // per pair); no keyword can overlap itself across a space, so this finds what a
            // search of the whole heading finds (see the test).
            let found = headings.iter().any(|heading| {
                word_starts(heading).any(|rest| {
                    section
                        .keywords
                        .iter()
                        .any(|keyword| starts_with(rest, keyword))
                })
            });
            if !found {
                cx.report(
                    readme.id,
                    Target::File,
                    format!("the readme has no `{}` section", section.name),
                )
                .help(format!("add `## {}`: {}", section.name, section.help));
            }
        }
    }
}

/// ` word word `: the lower-case words of a heading (as [`words`] splits them), each followed by
/// a space, after a leading one; built in one string.
///
/// [`words`]: super::markdown::words
fn spaced_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push(' ');
    let mut push = |word: &str| {
        if word.is_ascii() {
            let start = out.len();
            out.push_str(word);
            out[start..].make_ascii_lowercase();
        } else {
            // `str::to_lowercase` knows where a word ends (a final `Σ` becomes `ς`).
            out.push_str(&word.to_lowercase());
        }
        out.push(' ');
    };
    if text.is_ascii() {
        // For ASCII text `char::is_alphanumeric` is `u8::is_ascii_alphanumeric`: split on bytes.
        text.split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .for_each(&mut push);
    } else {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .for_each(&mut push);
    }
    if out.len() == 1 {
        // No word: `format!(" {} ", "")`.
        out.push(' ');
    }
    out
}

/// The rest of `heading` from each word start: after each space.
fn word_starts(heading: &str) -> impl Iterator<Item = &str> {
    heading
        .bytes()
        .enumerate()
        .filter(|&(_, b)| b == b' ')
        .filter_map(|(at, _)| heading.get(at + 1..))
        .filter(|rest| !rest.is_empty())
}

/// `rest` starts with `keyword`; most word starts differ from a keyword in their first byte.
fn starts_with(rest: &str, keyword: &str) -> bool {
    rest.as_bytes().first() == keyword.as_bytes().first() && rest.starts_with(keyword)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::readme::markdown::words;

    #[test]
    fn headings_are_spaced_lower_case_words() {
        for text in [
            "Known Issues & Limitations",
            "  Pre-requisites ",
            "API-Key: how?",
            "",
            "--",
            "ΟΔΟΣ Σ",
            "Über_Straße 2",
        ] {
            assert_eq!(
                spaced_words(text),
                format!(" {} ", words(text).join(" ")),
                "{text:?}"
            );
        }
    }

    /// A search of the whole heading (non-overlapping matches, left to right) could miss a match
    /// at a word start only behind an earlier match overlapping it, whose space just before the
    /// word start makes the rest of the keyword after one of its spaces also its beginning.
    #[test]
    fn no_keyword_overlaps_itself_across_a_space() {
        for section in &SECTIONS {
            for keyword in section.keywords {
                for (at, _) in keyword.match_indices(' ') {
                    assert!(!keyword.starts_with(&keyword[at + 1..]), "{keyword}");
                }
            }
        }
        let heading = spaced_words("Known Issues and Limitations");
        let found = |keyword: &str| word_starts(&heading).any(|rest| rest.starts_with(keyword));
        assert!(found("known issue"));
        assert!(found("limitation"));
        assert!(!found("nown"));
        assert!(!found("ssue"));
    }
}
