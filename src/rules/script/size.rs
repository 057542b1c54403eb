use crate::diagnostic::Target;
use crate::package::{Artifact, FileData};
use crate::rules::levels::E;
use crate::rules::{Rule, RuleContext, declare_rule};
use crate::text::thousands;

declare_rule! {
    /// ## What it does
    /// Checks that `script.csx` is at most 1 MB (1,048,576 bytes). A larger file is not read,
    /// so no other SC rule runs on it.
    ///
    /// ## Why is this bad?
    /// The platform refuses custom code over 1 MB: the connector cannot be saved or imported.
    ///
    /// ## Example
    /// A `script.csx` of 1.2 MB, with a large embedded lookup table.
    ///
    /// Use instead: keep the script small; move data and heavy logic to your API.
    ///
    /// ## Source
    /// Learn, *Write code in a custom connector* (FAQ: "the script file must be less than
    /// 1 MB"), and the blank-connector walkthrough.
    pub(crate) Size {
        code: "SC001",
        name: "size",
        family: SC,
        category: Packaging,
        levels: [E, E, E],
        summary: "`script.csx` is at most 1 MB",
    }
}

impl Rule for Size {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some(id) = cx.package().artifact(Artifact::Script) else {
            return;
        };
        let file = cx.package().file(id);
        if let FileData::TooLarge { limit } = file.data {
            let message = format!(
                "the script is {} bytes, over the {} byte (1 MB) limit for custom code: it was not read",
                thousands(file.size),
                thousands(limit)
            );
            cx.report(id, Target::File, message)
                .help("the platform refuses larger scripts: remove unused code, or move data and heavy logic to your API");
        }
    }
}
