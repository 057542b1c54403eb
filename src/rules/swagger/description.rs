//! `info.description`: 30–500 characters (SW015), no product names (SW016), the word `API`
//! (SW017).

use crate::diagnostic::{Severity, Target};
use crate::json::Pointer;
use crate::rules::helpers::require_member;
use crate::rules::levels::{E, I, OFF, W};
use crate::rules::swagger::swagger_version::article;
use crate::rules::swagger::words::{product_names, substring_target, words};
use crate::rules::{Rule, RuleContext, declare_rule};

/// rules.md SW015 (CS; SVR *FieldLengthNotInRange*; the corpus maximum is exactly 500).
const MIN_CHARS: usize = 30;
const MAX_CHARS: usize = 500;

declare_rule! {
    /// ## What it does
    /// Checks that `info.description` is between 30 and 500 characters long (Unicode scalar
    /// values, white space included). A missing or non-string description is reported too.
    ///
    /// ## Why is this bad?
    /// The description is shown on the connector's page and in the designer. Certification
    /// requires a meaningful one, and the Swagger Validator enforces the range
    /// (*FieldLengthNotInRange*). Accepted connectors reach exactly 500 characters, never more.
    ///
    /// ## Example
    /// ```json,fail
    /// { "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0", "description": "Contoso connector." },
    ///   "host": "api.contoso.com", "paths": {} }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// { "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0",
    ///             "description": "Contoso helps teams track orders. Create, update and list orders and customers." },
    ///   "host": "api.contoso.com", "paths": {} }
    /// ```
    ///
    /// ## Source
    /// Learn, *Verified publisher certification process*; *Fix Swagger Validator errors*
    /// (*FieldLengthNotInRange*).
    pub(crate) DescriptionLength {
        code: "SW015",
        name: "description-length",
        family: SW,
        category: Certification,
        levels: [E, E, W],
        summary: "`info.description` is 30–500 characters",
    }
}

impl Rule for DescriptionLength {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        let Some(info) = view.root().get("info").filter(|i| i.is_object()) else {
            return; // SW010 reports a missing or malformed `info`.
        };
        let info_ptr = Pointer::root().child("info");
        let ptr = info_ptr.child("description");
        let Some((_, node)) = require_member(
            cx,
            file,
            (&info_ptr, info),
            "description",
            "add an `info.description` of 30 to 500 characters saying what the service does and what the connector offers",
        ) else {
            return;
        };
        let Some(text) = node.as_str() else {
            cx.report(
                file,
                Target::value(&ptr),
                format!("`info.description` is {}, not a string", article(node)),
            )
            .help("make `info.description` a string of 30 to 500 characters");
            return;
        };
        let count = text.chars().count();
        if count < MIN_CHARS {
            let what = if text.trim().is_empty() {
                "`info.description` is empty".to_owned()
            } else {
                format!("`info.description` is {count} characters long; the minimum is {MIN_CHARS}")
            };
            cx.report(file, Target::value(&ptr), what)
                .help("describe the service and what the connector lets users do, in 30 to 500 characters");
        } else if count > MAX_CHARS {
            cx.report(
                file,
                Target::value(&ptr),
                format!(
                    "`info.description` is {count} characters long; the maximum is {MAX_CHARS}"
                ),
            )
            .help("shorten the description to 500 characters or fewer; put details in the readme");
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Checks that `info.description` does not name `Power Apps`, `Power Automate` or
    /// `Logic Apps`. The other Microsoft product names (Copilot Studio, Power BI, Power
    /// Platform, Power Virtual Agents, Dynamics 365, Microsoft Flow) are only a warning.
    ///
    /// Names are matched case-insensitively on word boundaries; the space between the words is
    /// optional (`PowerApps`) and so is a final `s` (`Power App`, `Logic app`).
    ///
    /// ## Why is this bad?
    /// The connector runs in all of these products, so naming one of them is misleading, and the
    /// certification team rejects descriptions containing the restricted words "power apps,
    /// power automate, logic apps". Certification also asks not to use any Power Platform
    /// product name.
    ///
    /// ## Example
    /// ```json,fail
    /// { "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0",
    ///             "description": "Use Contoso in Power Automate to track orders and customers." },
    ///   "host": "api.contoso.com", "paths": {} }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// { "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0",
    ///             "description": "Contoso helps teams track orders. Create, update and list orders and customers." },
    ///   "host": "api.contoso.com", "paths": {} }
    /// ```
    ///
    /// ## Source
    /// Learn, *Verified publisher certification process*; PowerPlatformConnectors#3407
    /// (restricted words "power apps, power automate, logic apps").
    pub(crate) DescriptionProducts {
        code: "SW016",
        name: "description-products",
        family: SW,
        category: Certification,
        levels: [E, E, I],
        summary: "`info.description` names no Microsoft product",
    }
}

impl Rule for DescriptionProducts {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        let Some(node) = view.root().get("info").and_then(|i| i.get("description")) else {
            return;
        };
        let Some(text) = node.as_str() else {
            return;
        };
        let ptr = Pointer::root().child("info").child("description");
        let source = cx.package().file(file).text();
        for found in product_names(text) {
            let written = text
                .get(found.start..found.end)
                .unwrap_or(found.name)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let message = if written == found.name {
                format!("`info.description` names `{}`", found.name)
            } else {
                format!("`info.description` names `{}` (as `{written}`)", found.name)
            };
            let diagnostic = cx
                .report(
                    file,
                    substring_target(source, node, &ptr, found.start, found.end),
                    message,
                )
                .with_pointer(ptr.clone());
            if found.restricted {
                diagnostic.help(
                    "describe the service without naming Power Apps, Power Automate or Logic Apps: the connector works in all of them",
                );
            } else {
                diagnostic.at_most(Severity::Warning).help(format!(
                    "avoid naming `{}` in the description: certification asks for no Microsoft product names",
                    found.name
                ));
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports the word `API` (any case) in `info.description`. Only whole words count: `APIs`,
    /// `RAPID` or `WebAPI` are not reported.
    ///
    /// ## Why is this bad?
    /// The connector string guidance asks descriptions to speak about the service and what users
    /// can do with it, not about its API: makers using the connector do not need to know it wraps
    /// an API. This is advice, not a certification requirement.
    ///
    /// ## Example
    /// ```json,fail
    /// { "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0",
    ///             "description": "This connector wraps the Contoso API to track orders and customers." },
    ///   "host": "api.contoso.com", "paths": {} }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// { "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0",
    ///             "description": "Contoso helps teams track orders. Create, update and list orders and customers." },
    ///   "host": "api.contoso.com", "paths": {} }
    /// ```
    ///
    /// ## Source
    /// Learn, *Connector string guidance*.
    pub(crate) DescriptionWordApi {
        code: "SW017",
        name: "description-word-api",
        family: SW,
        category: Style,
        levels: [I, I, OFF],
        summary: "`info.description` does not use the word `API`",
    }
}

impl Rule for DescriptionWordApi {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        let Some(node) = view.root().get("info").and_then(|i| i.get("description")) else {
            return;
        };
        let Some(text) = node.as_str() else {
            return;
        };
        let found: Vec<(usize, usize)> = words(text)
            .into_iter()
            .filter(|&(s, e)| {
                text.get(s..e)
                    .is_some_and(|w| w.eq_ignore_ascii_case("api"))
            })
            .collect();
        let Some(&(start, end)) = found.first() else {
            return;
        };
        let ptr = Pointer::root().child("info").child("description");
        let source = cx.package().file(file).text();
        let message = match found.len() {
            1 => "`info.description` uses the word `API`".to_owned(),
            n => format!("`info.description` uses the word `API` {n} times"),
        };
        cx.report(file, substring_target(source, node, &ptr, start, end), message)
            .with_pointer(ptr)
            .help("describe what users can do with the service rather than its API (for example \"Contoso lets you manage orders\")");
    }
}
