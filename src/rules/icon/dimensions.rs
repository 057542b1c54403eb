use super::{EXPECTED_SIDE, MAX_DECODED_SIDE, header};
use crate::diagnostic::{Severity, Target};
use crate::rules::levels::{I, OFF, W};
use crate::rules::{Rule, RuleContext, declare_rule};

/// Below this larger side the icon is too small to be more than a warning away from rejection.
const SMALLEST_TOLERATED: u32 = 100;

declare_rule! {
    /// ## What it does
    /// Checks the icon's size, judged by its larger side as `IHDR` declares it (no pixel is
    /// decoded for this):
    /// - 230 px: no finding;
    /// - 100 to 229 px: an info;
    /// - under 100 px or over 230 px: a warning.
    ///
    /// An icon over 1024 px a side is reported here and never decoded, so IC004–IC006 cannot
    /// check its background (reliability.md §2: a 13-byte header can claim 16384×16384 px).
    ///
    /// ## Why is this bad?
    /// Reviewers ask for a 230×230 px icon (a logo of about 160×160 px inside a 230×230 px
    /// square); a larger or smaller one is sent back. A "100–230 px" range is quoted in places
    /// but not verified, so sizes in it are only an info.
    ///
    /// ## Example
    /// An icon of 471×471 px.
    ///
    /// Use instead: 230×230 px.
    ///
    /// ## Source
    /// CS ("~160×160 logo inside a ~230×230 square"); PowerPlatformConnectors #3473 and #3250
    /// (reviewers asking for 230×230); `../shared/spec/sources/submit-for-certification.txt`.
    pub(crate) Dimensions {
        code: "IC003",
        name: "dimensions",
        family: IC,
        category: Certification,
        levels: [W, OFF, I],
        summary: "the icon is 230×230 px",
    }
}

impl Rule for Dimensions {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((id, header)) = header(cx) else {
            return;
        };
        let (width, height) = (header.width, header.height);
        let side = width.max(height);
        let help = format!(
            "make the icon {EXPECTED_SIDE}×{EXPECTED_SIDE} px, with the logo (about 160×160 px) centred on the brand colour"
        );
        if width > MAX_DECODED_SIDE || height > MAX_DECODED_SIDE {
            cx.report(
                id,
                Target::File,
                format!(
                    "the icon is {width}×{height} px, not {EXPECTED_SIDE}×{EXPECTED_SIDE}; over {MAX_DECODED_SIDE}×{MAX_DECODED_SIDE} px it is not decoded, so its background was not checked"
                ),
            )
            .help(help);
        } else if side == EXPECTED_SIDE {
        } else if (SMALLEST_TOLERATED..EXPECTED_SIDE).contains(&side) {
            cx.report(
                id,
                Target::File,
                format!(
                    "the icon is {width}×{height} px, smaller than the {EXPECTED_SIDE}×{EXPECTED_SIDE} px reviewers ask for"
                ),
            )
            .help(help)
            .at_most(Severity::Info);
        } else {
            let what = if side < SMALLEST_TOLERATED {
                "too small"
            } else {
                "too large"
            };
            cx.report(
                id,
                Target::File,
                format!(
                    "the icon is {width}×{height} px, {what}: reviewers ask for {EXPECTED_SIDE}×{EXPECTED_SIDE} px"
                ),
            )
            .help(help);
        }
    }
}
