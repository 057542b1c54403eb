//! SW012: no `API`, `Connector` or product name in `info.title` (words and parts, rules.md §1.5).

use crate::diagnostic::Severity;
use crate::rules::levels::{E, W};
use crate::rules::swagger::title::info_text;
use crate::rules::swagger::words::{part_ranges, products_in_sequence, substring_target, words};
use crate::rules::{Rule, RuleContext, declare_rule};

/// The restricted words of the title (SVR *ValueContainsRestrictedWords*: "api, connector").
const RESTRICTED: [&str; 4] = ["API", "APIs", "Connector", "Connectors"];

fn restricted(word: &str) -> Option<&'static str> {
    RESTRICTED
        .iter()
        .find(|r| r.eq_ignore_ascii_case(word))
        .copied()
}

declare_rule! {
    /// ## What it does
    /// Checks that `info.title` does not contain the words `API`, `APIs`, `Connector` or
    /// `Connectors` (in any case), nor a Microsoft product name such as `Power Apps` or
    /// `Power BI` as consecutive words. A word is a run of ASCII letters and digits.
    ///
    /// Inside a compound word the same names are only a warning, whatever the profile: the word
    /// is split into parts at letter/digit boundaries, before `v` + digit, at lower→upper case
    /// changes and before the last capital of an acronym (`TimeAPI` → Time·API, `APIV3` →
    /// API·V·3, `PowerApps` → Power·Apps). Nothing is matched inside a part, so `RAPID`,
    /// `ScrapingBee` and `vatcheckapi` are clean.
    ///
    /// ## Why is this bad?
    /// The Swagger Validator rejects titles containing the restricted words `api` and `connector`
    /// (*ValueContainsRestrictedWords*), and certification forbids Microsoft product names in
    /// connector names: every connector is an API connector, and product names suggest the
    /// connector is made by Microsoft. Reviewers have also rejected compound titles such as
    /// `WebApi`, but brand names such as `SignatureAPI` or `APITemplate` were accepted, so a
    /// compound word is a warning and the publisher decides.
    ///
    /// ## Example
    /// ```json,fail
    /// { "swagger": "2.0", "info": { "title": "Contoso API", "version": "1.0" },
    ///   "host": "api.contoso.com", "paths": {} }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// { "swagger": "2.0", "info": { "title": "Contoso", "version": "1.0" },
    ///   "host": "api.contoso.com", "paths": {} }
    /// ```
    ///
    /// ## Source
    /// Learn, *Verified publisher certification process*; *Fix Swagger Validator errors*
    /// (*ValueContainsRestrictedWords*, "'api, connector'", PowerPlatformConnectors#3407);
    /// PowerPlatformConnectors#419.
    pub(crate) TitleRestrictedWords {
        code: "SW012",
        name: "title-restricted-words",
        family: SW,
        category: Certification,
        levels: [E, E, W],
        summary: "`info.title` contains no `API`, `Connector` or product name",
    }
}

impl Rule for TitleRestrictedWords {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        let Some((ptr, node, title)) = info_text(view.root(), "title") else {
            return;
        };
        let source = cx.package().file(file).text();
        let spans = words(title);
        let word_strs: Vec<&str> = spans.iter().filter_map(|&(s, e)| title.get(s..e)).collect();

        // Error tier: whole words.
        for (&(s, e), word) in spans.iter().zip(&word_strs) {
            if restricted(word).is_some() {
                cx.report(
                    file,
                    substring_target(source, node, &ptr, s, e),
                    format!("`info.title` contains the word `{word}`"),
                )
                .with_pointer(ptr.clone())
                .help(format!(
                    "remove `{word}` from the title: the Swagger Validator rejects titles containing `API` or `Connector`"
                ));
            }
        }
        let mut word_products = Vec::new();
        for (i, k, product) in products_in_sequence(&word_strs) {
            let (Some(&(s, _)), Some(&(_, e))) = (spans.get(i), spans.get(i + k - 1)) else {
                continue;
            };
            word_products.push((s, e));
            cx.report(
                file,
                substring_target(source, node, &ptr, s, e),
                format!("`info.title` contains the product name `{}`", product.name),
            )
            .with_pointer(ptr.clone())
            .help(format!(
                "remove `{}` from the title: connector names must not contain Microsoft product names",
                product.name
            ));
        }

        // Warning tier: parts of words.
        let mut parts: Vec<(usize, usize)> = Vec::new();
        for (&(ws, _), word) in spans.iter().zip(&word_strs) {
            let ranges = part_ranges(word);
            if ranges.len() < 2 {
                continue;
            }
            for (ps, pe) in ranges {
                let part = word.get(ps..pe).unwrap_or("");
                if let Some(name) = restricted(part) {
                    cx.report(
                        file,
                        substring_target(source, node, &ptr, ws + ps, ws + pe),
                        format!("`info.title` contains `{part}` inside the word `{word}`"),
                    )
                    .with_pointer(ptr.clone())
                    .at_most(Severity::Warning)
                    .help(format!(
                        "if `{word}` is your brand name, keep it; otherwise drop `{part}`: reviewers have rejected titles containing `{name}`"
                    ));
                }
            }
        }
        for (&(ws, _), word) in spans.iter().zip(&word_strs) {
            parts.extend(part_ranges(word).into_iter().map(|(s, e)| (ws + s, ws + e)));
        }
        let part_strs: Vec<&str> = parts.iter().filter_map(|&(s, e)| title.get(s..e)).collect();
        for (i, k, product) in products_in_sequence(&part_strs) {
            let (Some(&(s, _)), Some(&(_, e))) = (parts.get(i), parts.get(i + k - 1)) else {
                continue;
            };
            if word_products.iter().any(|&(ws, we)| ws <= s && e <= we) {
                continue;
            }
            let written = title.get(s..e).unwrap_or(product.name);
            cx.report(
                file,
                substring_target(source, node, &ptr, s, e),
                format!(
                    "`info.title` contains `{written}`, the product name `{}` inside a word",
                    product.name
                ),
            )
            .with_pointer(ptr.clone())
            .at_most(Severity::Warning)
            .help(format!(
                "remove `{written}` from the title unless it is part of your brand name: connector names must not contain Microsoft product names"
            ));
        }
    }
}
