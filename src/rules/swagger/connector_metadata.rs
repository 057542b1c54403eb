//! The root `x-ms-connector-metadata` array: its entries (SW021), the `Categories` values
//! (SW022, SW023) and the `Website` and `Privacy policy` URLs (SW024).

use crate::diagnostic::{Severity, Target};
use crate::json::{Node, Pointer};
use crate::rules::helpers::non_empty;
use crate::rules::levels::{E, OFF, WS};
use crate::rules::swagger::info::{is_absolute_http_url, url_help};
use crate::rules::swagger::swagger_version::article;
use crate::rules::swagger::words::substring_target;
use crate::rules::{Rule, RuleContext, declare_rule};

const KEY: &str = "x-ms-connector-metadata";

/// The entries certification requires, in their documented spelling.
const REQUIRED: [&str; 3] = ["Website", "Privacy policy", "Categories"];

/// The categories a connector may declare (rules.md §4, "Categories"; at most 2, SW022,
/// SW023). `pcpkg new` offers the same list.
pub const CATEGORIES: [&str; 19] = [
    "AI",
    "Business Management",
    "Business Intelligence",
    "Collaboration",
    "Commerce",
    "Communication",
    "Content and Files",
    "Finance",
    "Data",
    "Human Resources",
    "Internet of Things",
    "IT Operations",
    "Lifestyle and Entertainment",
    "Marketing",
    "Productivity",
    "Sales and CRM",
    "Security",
    "Social Media",
    "Website",
];

/// The canonical spelling of a category, compared case-insensitively and trimmed.
#[must_use]
pub fn canonical_category(name: &str) -> Option<&'static str> {
    CATEGORIES
        .into_iter()
        .find(|c| c.eq_ignore_ascii_case(name.trim()))
}

/// rules.md SW023.
const MAX_CATEGORIES: usize = 2;

/// One `{ propertyName, propertyValue }` entry of the array.
struct Entry<'a> {
    pointer: Pointer,
    name: Option<&'a str>,
    value: Option<&'a Node>,
}

impl Entry<'_> {
    fn is(&self, canonical: &str) -> bool {
        self.name
            .is_some_and(|n| n.trim().eq_ignore_ascii_case(canonical))
    }

    fn value_pointer(&self) -> Pointer {
        self.pointer.child("propertyValue")
    }
}

/// The array's pointer and its object entries, when the root member is an array.
fn entries(root: &Node) -> Option<(Pointer, Vec<Entry<'_>>)> {
    let items = root.get(KEY)?.as_array()?;
    let ptr = Pointer::root().child(KEY);
    let list = items
        .iter()
        .enumerate()
        .filter(|(_, item)| item.is_object())
        .map(|(i, item)| Entry {
            pointer: ptr.child_index(i),
            name: item.get("propertyName").and_then(Node::as_str),
            value: item.get("propertyValue"),
        })
        .collect();
    Some((ptr, list))
}

declare_rule! {
    /// ## What it does
    /// Checks that the swagger has a root `x-ms-connector-metadata` array with a `Website`, a
    /// `Privacy policy` and a `Categories` entry, each with a non-empty `propertyValue`.
    /// `propertyName` is compared case-insensitively; a spelling other than the documented one
    /// (`Privacy Policy`) is only reported as information.
    ///
    /// ## Why is this bad?
    /// Certification requires the connector's website, privacy policy and categories; the
    /// Swagger Validator reports *ConnectorMetadataPropertiesMissing*. They are shown on the
    /// connector's documentation page and used to file it in the gallery.
    ///
    /// ## Example
    /// ```json,fail
    /// { "swagger": "2.0", "info": { "title": "Contoso", "version": "1.0" },
    ///   "host": "api.contoso.com", "paths": {},
    ///   "x-ms-connector-metadata": [
    ///     { "propertyName": "Website", "propertyValue": "https://contoso.com" } ] }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// { "swagger": "2.0", "info": { "title": "Contoso", "version": "1.0" },
    ///   "host": "api.contoso.com", "paths": {},
    ///   "x-ms-connector-metadata": [
    ///     { "propertyName": "Website", "propertyValue": "https://contoso.com" },
    ///     { "propertyName": "Privacy policy", "propertyValue": "https://contoso.com/privacy" },
    ///     { "propertyName": "Categories", "propertyValue": "Productivity;Collaboration" } ] }
    /// ```
    ///
    /// ## Source
    /// Learn, *Verified publisher certification process* (step 3b); *Fix Swagger Validator
    /// errors* (*ConnectorMetadataPropertiesMissing*); PowerPlatformConnectors#1095; the
    /// repository's connector templates.
    pub(crate) ConnectorMetadata {
        code: "SW021",
        name: "connector-metadata",
        family: SW,
        category: Certification,
        levels: [WS, E, OFF],
        summary: "`x-ms-connector-metadata` has `Website`, `Privacy policy` and `Categories`",
    }
}

impl Rule for ConnectorMetadata {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        let root = view.root();
        if !root.is_object() {
            return;
        }
        let ptr = Pointer::root().child(KEY);
        let Some(node) = root.get(KEY) else {
            cx.report(
                file,
                Target::missing(&Pointer::root(), KEY),
                format!("the swagger has no `{KEY}`"),
            )
            .help(format!(
                "add a root `{KEY}` array with `Website`, `Privacy policy` and `Categories` entries (`{{ \"propertyName\": …, \"propertyValue\": … }}`)"
            ));
            return;
        };
        if !node.is_array() {
            cx.report(
                file,
                Target::value(&ptr),
                format!("`{KEY}` is {}, not an array", article(node)),
            )
            .help("make it an array of `{ \"propertyName\": …, \"propertyValue\": … }` objects");
            return;
        }
        let Some((_, list)) = entries(root) else {
            return;
        };
        for canonical in REQUIRED {
            let matching: Vec<&Entry<'_>> = list.iter().filter(|e| e.is(canonical)).collect();
            if matching.is_empty() {
                cx.report(
                    file,
                    Target::key(&ptr),
                    format!("`{KEY}` has no `{canonical}` entry"),
                )
                .help(format!(
                    "add `{{ \"propertyName\": \"{canonical}\", \"propertyValue\": \"{}\" }}`",
                    example_value(canonical)
                ));
                continue;
            }
            for entry in matching {
                let name = entry.name.unwrap_or(canonical);
                if name != canonical {
                    cx.report(
                        file,
                        Target::value(&entry.pointer.child("propertyName")),
                        format!("`propertyName` `{name}` is spelled `{canonical}` in the documentation"),
                    )
                    .at_most(Severity::Info)
                    .help(format!("write `\"propertyName\": \"{canonical}\"`; the Swagger Validator compares the name case-insensitively"));
                }
                match entry.value {
                    None => {
                        cx.report(
                            file,
                            Target::missing(&entry.pointer, "propertyValue"),
                            format!("the `{canonical}` entry has no `propertyValue`"),
                        )
                        .help(format!(
                            "add `\"propertyValue\": \"{}\"`",
                            example_value(canonical)
                        ));
                    }
                    Some(value) => {
                        match value.as_str() {
                            None => {
                                cx.report(
                                file,
                                Target::value(&entry.value_pointer()),
                                format!(
                                    "the `{canonical}` entry's `propertyValue` is {}, not a string",
                                    article(value)
                                ),
                            )
                            .help(format!("write it as a string, for example `\"{}\"`", example_value(canonical)));
                            }
                            Some(text) if !non_empty(text) => {
                                cx.report(
                                    file,
                                    Target::value(&entry.value_pointer()),
                                    format!("the `{canonical}` entry's `propertyValue` is empty"),
                                )
                                .help(format!(
                                    "set it, for example to `\"{}\"`",
                                    example_value(canonical)
                                ));
                            }
                            Some(_) => {}
                        }
                    }
                }
            }
        }
    }
}

fn example_value(canonical: &str) -> &'static str {
    match canonical {
        "Website" => "https://contoso.com",
        "Privacy policy" => "https://contoso.com/privacy",
        _ => "Productivity;Collaboration",
    }
}

/// A `Categories` value: its pointer, its node and its items' byte ranges.
type Categories<'a> = (Pointer, &'a Node, Vec<(usize, usize)>);

/// Each `Categories` entry with a string value: its value pointer, the value node and the
/// trimmed `;`-separated items with their byte ranges in the value.
fn categories(root: &Node) -> Vec<Categories<'_>> {
    let Some((_, list)) = entries(root) else {
        return Vec::new();
    };
    list.iter()
        .filter(|e| e.is("Categories"))
        .filter_map(|e| {
            let node = e.value?;
            let text = node.as_str().filter(|t| non_empty(t))?;
            Some((e.value_pointer(), node, split_items(text)))
        })
        .collect()
}

/// The trimmed items of a `;`-separated list, as byte ranges.
fn split_items(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in text.split(';') {
        let lead = piece.len() - piece.trim_start().len();
        let trimmed = piece.trim();
        out.push((start + lead, start + lead + trimmed.len()));
        start += piece.len() + 1;
    }
    out
}

/// The allowed category a wrong value most likely means (case, spacing and `&` ignored).
fn suggest(value: &str) -> Option<&'static str> {
    let key = |s: &str| {
        s.to_ascii_lowercase()
            .replace('&', "and")
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
    };
    let wanted = key(value);
    CATEGORIES.iter().find(|c| key(c) == wanted).copied()
}

declare_rule! {
    /// ## What it does
    /// Checks that each value of the `Categories` entry of `x-ms-connector-metadata` (a
    /// `;`-separated list, each item trimmed) is one of the allowed categories, compared
    /// case-insensitively: AI, Business Management, Business Intelligence, Collaboration,
    /// Commerce, Communication, Content and Files, Finance, Data, Human Resources, Internet of
    /// Things, IT Operations, Lifestyle and Entertainment, Marketing, Productivity, Sales and
    /// CRM, Security, Social Media, Website.
    ///
    /// ## Why is this bad?
    /// The Swagger Validator rejects unknown categories (*InvalidConnectorCategory*): the gallery
    /// files connectors under this fixed list only.
    ///
    /// ## Example
    /// ```json,fail
    /// { "swagger": "2.0", "info": { "title": "Contoso", "version": "1.0" },
    ///   "host": "api.contoso.com", "paths": {},
    ///   "x-ms-connector-metadata": [
    ///     { "propertyName": "Categories", "propertyValue": "Developer Tools;Sales & CRM" } ] }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// { "swagger": "2.0", "info": { "title": "Contoso", "version": "1.0" },
    ///   "host": "api.contoso.com", "paths": {},
    ///   "x-ms-connector-metadata": [
    ///     { "propertyName": "Categories", "propertyValue": "IT Operations;Sales and CRM" } ] }
    /// ```
    ///
    /// ## Source
    /// Learn, *Verified publisher certification process*; *Fix Swagger Validator errors*
    /// (*InvalidConnectorCategory*).
    pub(crate) CategoriesAllowed {
        code: "SW022",
        name: "categories-allowed",
        family: SW,
        category: Certification,
        levels: [E, E, OFF],
        summary: "each `Categories` value is an allowed category",
    }
}

impl Rule for CategoriesAllowed {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        let source = cx.package().file(file).text();
        for (ptr, node, items) in categories(view.root()) {
            let text = node.as_str().unwrap_or("");
            let mut empty_reported = false;
            for (start, end) in items {
                let item = text.get(start..end).unwrap_or("");
                if canonical_category(item).is_some() {
                    continue;
                }
                if item.is_empty() {
                    if std::mem::replace(&mut empty_reported, true) {
                        continue;
                    }
                    cx.report(
                        file,
                        Target::value(&ptr),
                        format!("`Categories` `{text}` has an empty item"),
                    )
                    .help("remove the extra `;`: write the categories as `First;Second`");
                    continue;
                }
                let help = match suggest(item) {
                    Some(c) => format!("did you mean `{c}`?"),
                    None => format!("use one or two of: {}", CATEGORIES.join(", ")),
                };
                cx.report(
                    file,
                    substring_target(source, node, &ptr, start, end),
                    format!("`{item}` is not an allowed connector category"),
                )
                .with_pointer(ptr.clone())
                .help(help);
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Checks that the `Categories` entry of `x-ms-connector-metadata` lists at most 2
    /// categories (`;`-separated, empty items not counted).
    ///
    /// ## Why is this bad?
    /// The Swagger Validator rejects more than two categories (*TooManyConnectorCategories*).
    ///
    /// ## Example
    /// ```json,fail
    /// { "swagger": "2.0", "info": { "title": "Contoso", "version": "1.0" },
    ///   "host": "api.contoso.com", "paths": {},
    ///   "x-ms-connector-metadata": [
    ///     { "propertyName": "Categories", "propertyValue": "Productivity;Collaboration;Data" } ] }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// { "swagger": "2.0", "info": { "title": "Contoso", "version": "1.0" },
    ///   "host": "api.contoso.com", "paths": {},
    ///   "x-ms-connector-metadata": [
    ///     { "propertyName": "Categories", "propertyValue": "Productivity;Collaboration" } ] }
    /// ```
    ///
    /// ## Source
    /// Learn, *Verified publisher certification process*; *Fix Swagger Validator errors*
    /// (*TooManyConnectorCategories*).
    pub(crate) CategoriesMax2 {
        code: "SW023",
        name: "categories-max-2",
        family: SW,
        category: Certification,
        levels: [E, E, OFF],
        summary: "`Categories` lists at most 2 categories",
    }
}

impl Rule for CategoriesMax2 {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        for (ptr, _, items) in categories(view.root()) {
            let count = items.iter().filter(|(s, e)| e > s).count();
            if count > MAX_CATEGORIES {
                cx.report(
                    file,
                    Target::value(&ptr),
                    format!("`Categories` lists {count} categories; at most {MAX_CATEGORIES} are allowed"),
                )
                .help("keep the two categories that describe the connector best");
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Checks that the `Website` and `Privacy policy` values of `x-ms-connector-metadata` are
    /// absolute `http` or `https` URLs (white space around them is ignored, as the service's URL
    /// parser does). Missing or empty values are SW021's business.
    ///
    /// ## Why is this bad?
    /// These links are published on the connector's documentation page; the Swagger Validator
    /// rejects values that are not URLs (*UrlNotValid*).
    ///
    /// ## Example
    /// ```json,fail
    /// { "swagger": "2.0", "info": { "title": "Contoso", "version": "1.0" },
    ///   "host": "api.contoso.com", "paths": {},
    ///   "x-ms-connector-metadata": [
    ///     { "propertyName": "Website", "propertyValue": "www.contoso.com" } ] }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// { "swagger": "2.0", "info": { "title": "Contoso", "version": "1.0" },
    ///   "host": "api.contoso.com", "paths": {},
    ///   "x-ms-connector-metadata": [
    ///     { "propertyName": "Website", "propertyValue": "https://www.contoso.com" } ] }
    /// ```
    ///
    /// ## Source
    /// Learn, *Fix Swagger Validator errors* (*UrlNotValid*); *Independent publisher
    /// certification process*.
    pub(crate) MetadataUrls {
        code: "SW024",
        name: "metadata-urls",
        family: SW,
        category: Certification,
        levels: [E, E, OFF],
        summary: "`Website` and `Privacy policy` are absolute http(s) URLs",
    }
}

impl Rule for MetadataUrls {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        let Some((_, list)) = entries(view.root()) else {
            return;
        };
        for entry in &list {
            let Some(canonical) = ["Website", "Privacy policy"]
                .into_iter()
                .find(|c| entry.is(c))
            else {
                continue;
            };
            let Some(url) = entry.value.and_then(Node::as_str).filter(|t| non_empty(t)) else {
                continue;
            };
            if !is_absolute_http_url(url.trim()) {
                cx.report(
                    file,
                    Target::value(&entry.value_pointer()),
                    format!(
                        "the `{canonical}` value `{}` is not an absolute http(s) URL",
                        url.trim()
                    ),
                )
                .help(url_help(url));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_are_trimmed_ranges() {
        let text = " AI ; Data;;";
        let items: Vec<&str> = split_items(text)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect();
        assert_eq!(items, ["AI", "Data", "", ""]);
    }

    #[test]
    fn suggestions() {
        assert_eq!(suggest("Sales & CRM"), Some("Sales and CRM"));
        assert_eq!(suggest("Internet Of Things"), Some("Internet of Things"));
        assert_eq!(suggest("Developer Tools"), None);
    }
}
