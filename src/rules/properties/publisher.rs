//! AP020–AP023: `publisher` and `stackOwner`.

use crate::diagnostic::{Severity, Target};
use crate::json::Node;
use crate::package::{FileId, Mode, Profile};
use crate::rules::helpers::non_empty;
use crate::rules::levels::{E, I, OFF, WS};
use crate::rules::{Rule, RuleContext, declare_rule};

use super::common::{article, properties, properties_pointer, shorten};

/// The template strings of `templates/*/apiProperties.json` (rules.md §4).
const PLACEHOLDERS: [&str; 4] = [
    "Name of company or organization.",
    "Name of the owner of the service or product.",
    "Full name or name of company or organization.",
    "Name of company or organization that connector is connecting to.",
];

/// Reports a `publisher` or `stackOwner` that is missing, not a string or empty; returns the
/// value when it is a non-empty string.
fn require_text<'a>(
    cx: &mut RuleContext<'a>,
    file: FileId,
    properties: &'a Node,
    key: &str,
    help: &str,
) -> Option<&'a str> {
    let Some(node) = properties.get(key) else {
        // pc mode: the element holding it is not known from an export (rules.md §1.2, §6), so
        // only a value that was found is checked.
        if cx.mode() == Mode::PartnerCenter {
            return None;
        }
        cx.report(
            file,
            Target::missing(&properties_pointer(), key),
            format!("`properties` has no `{key}`"),
        )
        .help(format!("add `\"{key}\"`: {help}"));
        return None;
    };
    let pointer = properties_pointer().child(key);
    let Some(value) = node.as_str() else {
        cx.report(
            file,
            Target::value(&pointer),
            format!("`{key}` is {}, not a string", article(node)),
        )
        .help(format!("write `{key}` as a string: {help}"));
        return None;
    };
    if !non_empty(value) {
        cx.report(file, Target::value(&pointer), format!("`{key}` is empty"))
            .help(format!("fill in `{key}`: {help}"));
        return None;
    }
    Some(value)
}

declare_rule! {
    /// ## What it does
    /// Checks that `properties.publisher` is present and is a non-empty string.
    ///
    /// ## Why is this bad?
    /// The publisher is shown on the connector's page and in the certification record: for a
    /// certified connector it is the company that built and supports the connector, for an
    /// independent publisher the person (or people) who wrote it. Certification requires it.
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "properties": {
    ///     "iconBrandColor": "#0f6cbd",
    ///     "capabilities": ["actions"],
    ///     "publisher": "",
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
    /// Learn, *Verified publisher certification process* (step 3a); the templates'
    /// `apiProperties.json`.
    pub(crate) Publisher {
        code: "AP020",
        name: "publisher",
        family: AP,
        category: Certification,
        levels: [WS, E, OFF],
        summary: "`publisher` is a non-empty string",
    }
}

impl Rule for Publisher {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, properties)) = properties(cx) else {
            return;
        };
        let help = if cx.profile() == Profile::IndependentPublisher {
            "your full name, or the names of the publishers separated by commas"
        } else {
            "the name of the company or organization that publishes the connector"
        };
        require_text(cx, file, properties, "publisher", help);
    }
}

declare_rule! {
    /// ## What it does
    /// Checks that `properties.stackOwner` is present and is a non-empty string. For an
    /// independent-publisher connector it names the company behind the service, so a
    /// `stackOwner` equal to `publisher` is also a warning there.
    ///
    /// ## Why is this bad?
    /// The stack owner is the company that owns the service the connector calls; certification
    /// requires it. An independent publisher, by definition, does not own the service, so a
    /// stack owner that repeats the publisher's name is almost always a copy-paste slip.
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "properties": {
    ///     "iconBrandColor": "#0f6cbd",
    ///     "capabilities": ["actions"],
    ///     "publisher": "Contoso Ltd"
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
    /// Learn, *Verified publisher certification process* (step 3a); the templates'
    /// `apiProperties.json` ("Name of company or organization that connector is connecting
    /// to").
    pub(crate) StackOwner {
        code: "AP021",
        name: "stack-owner",
        family: AP,
        category: Certification,
        levels: [WS, E, OFF],
        summary: "`stackOwner` is a non-empty string (for IP: the service's company)",
    }
}

impl Rule for StackOwner {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, properties)) = properties(cx) else {
            return;
        };
        let independent = cx.profile() == Profile::IndependentPublisher;
        let help = if independent {
            "the company that owns the service the connector calls"
        } else {
            "the company that owns the service the connector calls (often the publisher itself)"
        };
        let Some(owner) = require_text(cx, file, properties, "stackOwner", help) else {
            return;
        };
        let publisher = properties.get("publisher").and_then(Node::as_str);
        if independent && publisher.is_some_and(|p| same_name(p, owner)) {
            cx.report(
                file,
                Target::value(&properties_pointer().child("stackOwner")),
                format!(
                    "`stackOwner` `{}` is the same as `publisher`",
                    shorten(owner.trim())
                ),
            )
            .help("for an independent publisher, `stackOwner` names the company that owns the service, not the connector's author")
            .at_most(Severity::Warning);
        }
    }
}

fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

declare_rule! {
    /// ## What it does
    /// Flags a `publisher` or `stackOwner` that still holds the template's placeholder text,
    /// such as `Name of company or organization.` (compared without case, surrounding spaces
    /// or the final period).
    ///
    /// ## Why is this bad?
    /// The placeholder would be published as the connector's owner. It shows the file was
    /// copied from a template and never filled in.
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "properties": {
    ///     "iconBrandColor": "#0f6cbd",
    ///     "capabilities": ["actions"],
    ///     "publisher": "Name of company or organization.",
    ///     "stackOwner": "Name of the owner of the service or product."
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
    /// `templates/certified-connectors/apiProperties.json` and
    /// `templates/Independent Publisher/apiProperties.json`.
    pub(crate) TemplatePlaceholders {
        code: "AP022",
        name: "template-placeholders",
        family: AP,
        category: Certification,
        levels: [E, E, OFF],
        summary: "`publisher` and `stackOwner` are not the templates' placeholder text",
    }
}

impl Rule for TemplatePlaceholders {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, properties)) = properties(cx) else {
            return;
        };
        for (key, what) in [
            ("publisher", "the publisher's name"),
            (
                "stackOwner",
                "the name of the company that owns the service",
            ),
        ] {
            let Some(value) = properties.get(key).and_then(Node::as_str) else {
                continue;
            };
            if !PLACEHOLDERS.iter().any(|p| same_text(p, value)) {
                continue;
            }
            cx.report(
                file,
                Target::value(&properties_pointer().child(key)),
                format!(
                    "`{key}` is still the template's placeholder `{}`",
                    value.trim()
                ),
            )
            .help(format!("replace the placeholder with {what}"));
        }
    }
}

/// Equal ignoring case, surrounding white space and final periods.
fn same_text(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.trim().trim_end_matches('.').trim_end().to_lowercase();
    norm(a) == norm(b)
}

declare_rule! {
    /// ## What it does
    /// Flags a `publisher` holding characters other than ASCII letters, digits, spaces and the
    /// punctuation of company names (`.`, `,`, `&`, `'`, `(`, `)`, `-`): for example accented
    /// letters, `/` or `|`.
    ///
    /// ## Why is this bad?
    /// The certification checklist asks for the publisher "in alphanumeric format". Accepted
    /// connectors show that reviewers rarely enforce it (diacritics in names, `|` between
    /// several publishers), so this is only advice.
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "properties": {
    ///     "iconBrandColor": "#0f6cbd",
    ///     "capabilities": ["actions"],
    ///     "publisher": "Contoso | Fabrikam",
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
    ///     "publisher": "Contoso, Fabrikam",
    ///     "stackOwner": "Contoso Ltd"
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Verified publisher certification process* (step 3a: "alphanumeric format").
    pub(crate) PublisherCharset {
        code: "AP023",
        name: "publisher-charset",
        family: AP,
        category: Style,
        levels: [I, I, OFF],
        summary: "`publisher` is written in letters, digits and company-name punctuation",
    }
}

impl Rule for PublisherCharset {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, properties)) = properties(cx) else {
            return;
        };
        let Some(publisher) = properties.get("publisher").and_then(Node::as_str) else {
            return;
        };
        let mut odd: Vec<char> = Vec::new();
        for c in publisher.chars() {
            if !allowed(c) && !odd.contains(&c) {
                odd.push(c);
            }
        }
        if odd.is_empty() {
            return;
        }
        let shown: Vec<String> = odd.iter().take(5).map(|c| show_char(*c)).collect();
        let separators = odd.iter().any(|c| matches!(c, '|' | '/' | ';' | '+'));
        let help = if separators {
            "write the publisher in ASCII letters and digits, and separate several names with `,`"
        } else {
            "write the publisher in ASCII letters and digits (for example without accents)"
        };
        cx.report(
            file,
            Target::value(&properties_pointer().child("publisher")),
            format!(
                "`publisher` `{}` has characters that are not alphanumeric: {}",
                shorten(publisher),
                shown.join(", ")
            ),
        )
        .help(help);
    }
}

fn allowed(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, ' ' | '.' | ',' | '&' | '\'' | '(' | ')' | '-')
}

fn show_char(c: char) -> String {
    if c == '`' {
        "a backtick".to_owned()
    } else if c.is_control() || c.is_whitespace() {
        format!("U+{:04X}", u32::from(c))
    } else {
        format!("`{c}`")
    }
}

#[cfg(test)]
mod tests {
    use super::{allowed, same_text};

    #[test]
    fn placeholders_match_loosely() {
        assert!(same_text(
            "Name of company or organization.",
            " name of company or organization "
        ));
        assert!(!same_text("Name of company or organization.", "Contoso"));
    }

    #[test]
    fn company_punctuation_is_allowed() {
        assert!("Africa's Talking, Inc. (A-Z) & Co".chars().all(allowed));
        assert!(!"Fördős András".chars().all(allowed));
        assert!(!"A | B".chars().all(allowed));
    }
}
