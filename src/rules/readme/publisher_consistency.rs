use super::support::{markdown, publisher_lines};
use crate::diagnostic::Target;
use crate::json::Node;
use crate::package::Artifact;
use crate::rules::levels::{I, OFF};
use crate::rules::{Rule, RuleContext, declare_rule};

/// The readme template's placeholder for the name.
const PLACEHOLDER: &str = "Publisher's Name";

declare_rule! {
    /// ## What it does
    /// Compares the publisher the readme names (its Publisher line, as RM004 reads it) with
    /// `properties.publisher` in `apiProperties.json`. Both are trimmed, runs of white space
    /// count as one space, and case is ignored. Since a readme may list several publishers
    /// (independent publishers write `Troy Taylor, Hitachi Solutions`: the person, then the
    /// company), the two also match when the names of one are all among the names of the
    /// other, names being split at `,`, `;`, `|`, `&`, `/`, ` and `, ` -- ` and parentheses,
    /// with URLs, diacritics and final periods dropped (`Replicon Inc.` = `Replicon Inc`,
    /// `Clément` = `Clement`). The template's `Publisher's Name` is left to RM006. Nothing is
    /// reported when
    /// either is missing (RM004 and the AP rules report that) or when `apiProperties.json`
    /// could not be read.
    ///
    /// ## Why is this bad?
    /// The two should name the same publisher: the readme is what reviewers and users read, and
    /// `publisher` is what the product shows. A mismatch usually means one of them was copied
    /// from another connector or the template.
    ///
    /// ## Example
    /// ```markdown
    /// ## Publisher: Contoso
    /// ```
    /// with `"publisher": "Fabrikam Inc"` in apiProperties.json. Use instead:
    /// ```markdown
    /// ## Publisher: Fabrikam Inc
    /// ```
    ///
    /// ## Source
    /// rules.md RM008: the PowerPlatformConnectors templates (the readme's `## Publisher:` line
    /// and apiProperties.json's `publisher`).
    pub(crate) PublisherConsistency {
        code: "RM008",
        name: "publisher-consistency",
        family: RM,
        category: Certification,
        levels: [I, I, OFF],
        summary: "the readme's publisher matches `apiProperties.json`'s `publisher`",
    }
}

impl Rule for PublisherConsistency {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let package = cx.package();
        let Some((_, properties)) = package.properties() else {
            return;
        };
        let Some(expected) = properties
            .get("properties")
            .and_then(|p| p.get("publisher"))
            .and_then(Node::as_str)
            .map(collapse)
            .filter(|p| !p.is_empty())
        else {
            return;
        };
        let Some(readme) = markdown(cx, Artifact::Readme) else {
            return;
        };
        let Some((name, range)) = publisher_lines(&readme)
            .into_iter()
            .find_map(|line| line.name)
        else {
            return;
        };
        // The template's placeholder is RM006's finding, not a publisher.
        if name.eq_ignore_ascii_case(PLACEHOLDER) {
            return;
        }
        if !consistent(&name, &expected) {
            cx.report(
                readme.id,
                Target::Range(range),
                format!("the readme names the publisher `{name}`, but apiProperties.json's `publisher` is `{expected}`"),
            )
            .help("write the same publisher in both files");
        }
    }
}

/// Trimmed, with runs of white space as one space.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether two publisher strings name the same publisher: equal after [`collapse`] and lower
/// casing, or the names of one are all among the names of the other (see [`names`]).
fn consistent(readme: &str, properties: &str) -> bool {
    if collapse(readme).to_lowercase() == collapse(properties).to_lowercase() {
        return true;
    }
    let (a, b) = (names(readme), names(properties));
    !a.is_empty()
        && !b.is_empty()
        && (a.iter().all(|n| b.contains(n)) || b.iter().all(|n| a.contains(n)))
}

/// The names in a publisher string: split at `,`, `;`, `|`, `&`, `/`, ` and `, ` -- ` and
/// parentheses; URLs removed; each trimmed, lower case, without diacritics or a final period.
fn names(text: &str) -> Vec<String> {
    let without_urls: Vec<&str> = text
        .split_whitespace()
        .filter(|w| {
            let w = w.trim_start_matches(['(', '[', '<']).to_lowercase();
            !(w.starts_with("http://") || w.starts_with("https://") || w.starts_with("www."))
        })
        .collect();
    let text = fold(&without_urls.join(" ").to_lowercase());
    text.replace(" and ", ",")
        .replace(" -- ", ",")
        .split([',', ';', '|', '&', '/', '(', ')'])
        .map(|n| collapse(n).trim_end_matches('.').trim().to_owned())
        .filter(|n| !n.is_empty())
        .collect()
}

/// Latin letters without their diacritics (`é` → `e`, `ł` → `l`), so that `Clément` and
/// `Clement` are one name.
fn fold(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'ł' => 'l',
            'ø' => 'o',
            'đ' => 'd',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching() {
        assert!(consistent("Troy Taylor, Hitachi Solutions", "Troy Taylor"));
        assert!(consistent("Ahmad Najjar", "Ahmad Najjar, Troy Taylor"));
        assert!(consistent(
            "Aaryan Arora | Ankita Singh",
            "Aaryan Arora, Ankita Singh"
        ));
        assert!(consistent("Alkymi (https://www.alkymi.io/)", "alkymi"));
        assert!(consistent("Replicon Inc.", "Replicon Inc"));
        assert!(consistent("Michał Romiszewski", "Michal Romiszewski"));
        assert!(consistent("Paul Culmsee", "Paul Culmsee (Rapid Circle)"));
        assert!(!consistent("Contoso", "Fabrikam Inc"));
        assert!(!consistent("Jedox GmbH", "Jedox"));
    }
}
