use super::{EXPECTED_SIDE, header};
use crate::diagnostic::Target;
use crate::rules::levels::{E, OFF, W};
use crate::rules::{Rule, RuleContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks that the icon is square: its `IHDR` width equals its height. The header is read
    /// without decoding any pixel.
    ///
    /// ## Why is this bad?
    /// The connector gallery shows the icon in a square tile; a non-square image is stretched or
    /// cropped, and certification asks for a 230×230 px square.
    ///
    /// ## Example
    /// An icon of 230×180 px.
    ///
    /// Use instead: 230×230 px, with the logo (about 160×160 px) centred on the brand colour.
    ///
    /// ## Source
    /// CS (*Design an icon*: "~160×160 logo inside a ~230×230 square");
    /// `../shared/spec/sources/submit-for-certification.txt` (the connector icon is one of the
    /// three artifacts).
    pub(crate) Square {
        code: "IC002",
        name: "square",
        family: IC,
        category: Certification,
        levels: [E, OFF, W],
        summary: "the icon is square",
    }
}

impl Rule for Square {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((id, header)) = header(cx) else {
            return;
        };
        if header.width != header.height {
            cx.report(
                id,
                Target::File,
                format!(
                    "the icon is {}×{} px, not square",
                    header.width, header.height
                ),
            )
            .help(format!(
                "make the icon a {EXPECTED_SIDE}×{EXPECTED_SIDE} px square, with the logo centred on the brand colour"
            ));
        }
    }
}
