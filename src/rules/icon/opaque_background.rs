use super::{grouped, inspected};
use crate::diagnostic::Target;
use crate::rules::levels::{E, I, OFF};
use crate::rules::{Rule, RuleContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks that the icon's four corner pixels are fully opaque (alpha 255): the icon has a
    /// solid background and no rounded or transparent corners.
    ///
    /// Only icons of at most 1024×1024 px that decode are checked (IC001, IC003).
    ///
    /// ## Why is this bad?
    /// The icon is shown on the brand colour in a square tile; a transparent background or
    /// rounded corners show the page behind it, and certification rejects them.
    ///
    /// ## Example
    /// A logo on a transparent background, or a square with rounded transparent corners.
    ///
    /// Use instead: fill the whole 230×230 px square with the brand colour (`iconBrandColor`).
    ///
    /// ## Source
    /// CS (*Design an icon*: a solid, non-white background); PowerPlatformConnectors #3473;
    /// `../shared/spec/sources/submit-for-certification.txt`.
    pub(crate) OpaqueBackground {
        code: "IC004",
        name: "opaque-background",
        family: IC,
        category: Certification,
        levels: [E, OFF, I],
        summary: "the icon's corners are opaque",
    }
}

impl Rule for OpaqueBackground {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((id, _, info)) = inspected(cx) else {
            return;
        };
        let Some(corners) = info.corners else {
            return;
        };
        let transparent: Vec<_> = corners.iter().filter(|c| c.rgba[3] != 255).collect();
        if transparent.is_empty() {
            return;
        }
        let message = format!(
            "the icon's background is not opaque: {}",
            grouped(
                transparent
                    .iter()
                    .map(|c| (format!("alpha {}", c.rgba[3]), c.name))
            )
        );
        cx.report(id, Target::File, message).help(
            "fill the whole square with the brand colour: no transparency and no rounded corners",
        );
    }
}
