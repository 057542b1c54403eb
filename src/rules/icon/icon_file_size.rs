use super::icon_file;
use crate::diagnostic::Target;
use crate::package::FileData;
use crate::rules::levels::{E, OFF, W};
use crate::rules::{Rule, RuleContext, declare_rule};
use crate::text::thousands;

declare_rule! {
    /// ## What it does
    /// Checks that the icon file is at most 1 MiB (1,048,576 bytes). A larger file is not read
    /// at all, so no other IC rule can vouch for it: only this finding is reported.
    ///
    /// ## Why is this bad?
    /// A 230×230 px PNG weighs a few kilobytes (the largest in the connector repository is
    /// 24 KB). A file over 1 MiB is not an icon: it is a photo, an uncompressed export, or
    /// crafted input, and pcpkg does not read it (reliability.md §0).
    ///
    /// ## Example
    /// A 3 MB `icon.png` exported at 4000×4000 px.
    ///
    /// Use instead: a 230×230 px PNG, typically under 50 KB.
    ///
    /// ## Source
    /// pcpkg's read limit (reliability.md §0 and §2);
    /// `../shared/spec/sources/submit-for-certification.txt` (the icon is one of the artifacts).
    pub(crate) IconFileSize {
        code: "IC007",
        name: "icon-file-size",
        family: IC,
        category: Packaging,
        levels: [E, OFF, W],
        summary: "the icon file is at most 1 MiB",
    }
}

impl Rule for IconFileSize {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((id, file)) = icon_file(cx) else {
            return;
        };
        if let FileData::TooLarge { limit } = file.data {
            cx.report(
                id,
                Target::File,
                format!(
                    "the icon file is {} bytes, over the {} byte (1 MiB) limit: it was not read",
                    thousands(file.size),
                    thousands(limit)
                ),
            )
            .help("export the icon as a 230×230 px PNG; such a file is a few kilobytes");
        }
    }
}
