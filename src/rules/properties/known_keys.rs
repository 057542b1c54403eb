use crate::diagnostic::Target;
use crate::rules::levels::{I, W};
use crate::rules::{Rule, RuleContext, declare_rule};

use super::common::{closest, properties, properties_pointer};

/// The members `properties` may hold.
pub(super) const KNOWN: [&str; 8] = [
    "iconBrandColor",
    "publisher",
    "stackOwner",
    "capabilities",
    "connectionParameters",
    "connectionParameterSets",
    "policyTemplateInstances",
    "scriptOperations",
];

declare_rule! {
    /// ## What it does
    /// Flags members of `properties` that are not connector settings: anything other than
    /// `iconBrandColor`, `publisher`, `stackOwner`, `capabilities`, `connectionParameters`,
    /// `connectionParameterSets`, `policyTemplateInstances` and `scriptOperations`. A
    /// misspelling gets the closest known name.
    ///
    /// ## Why is this bad?
    /// An unknown member is ignored at best: a misspelt `iconBrandColour` or `PolicyTemplates`
    /// silently drops the setting it was meant to hold, and the schema `paconn` uses rejects
    /// the file.
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "properties": {
    ///     "iconBrandColour": "#0f6cbd",
    ///     "capabilities": ["actions"],
    ///     "publisher": "Contoso Ltd",
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
    /// `schemas/paconn-apiProperties.schema.json` (`additionalProperties: false`; the schema
    /// predates `connectionParameterSets` and `scriptOperations`); `paconn`'s `json_keys.py`.
    pub(crate) KnownKeys {
        code: "AP005",
        name: "known-keys",
        family: AP,
        category: Schema,
        levels: [W, W, I],
        summary: "`properties` holds only known connector settings",
    }
}

impl Rule for KnownKeys {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, properties)) = properties(cx) else {
            return;
        };
        for member in properties.members() {
            if KNOWN.contains(&member.key.as_str()) {
                continue;
            }
            let help = match closest(&member.key, &KNOWN) {
                Some(known) if known.eq_ignore_ascii_case(&member.key) => {
                    format!("rename it to `{known}`: names are case-sensitive")
                }
                Some(known) => format!("rename it to `{known}` if that is the setting you meant"),
                None if member.key == "script" => {
                    "remove it: custom code goes in `script.csx`, and the operations it handles in `scriptOperations`".to_owned()
                }
                None => "remove it: `pcpkg explain AP005` lists the settings `properties` holds"
                    .to_owned(),
            };
            cx.report(
                file,
                Target::key(&properties_pointer().child(&member.key)),
                format!("`{}` is not a connector setting", member.key),
            )
            .help(help);
        }
    }
}
