use super::{Corner, at_corners, grouped, inspected};
use crate::diagnostic::Target;
use crate::rules::levels::{E, I, OFF};
use crate::rules::{Rule, RuleContext, declare_rule};

/// White and near-white: every channel at least this (the AP013 threshold).
const NEAR_WHITE: u8 = 0xf0;
/// The default colour of custom connectors.
const DEFAULT_BLUE: [u8; 3] = [0x00, 0x7e, 0xe5];

declare_rule! {
    /// ## What it does
    /// Checks the icon's four corner pixels: none may be white or near-white (every one of R, G
    /// and B at least `0xF0`, the threshold of AP013) or the default custom-connector blue
    /// `#007ee5`.
    ///
    /// Only icons of at most 1024×1024 px that decode are checked (IC001, IC003).
    ///
    /// ## Why is this bad?
    /// The icon sits on a white page: a white background makes the tile invisible, and `#007ee5`
    /// is the colour every uncertified custom connector gets, so certification forbids both.
    ///
    /// ## Example
    /// A logo drawn on a white (`#ffffff`) or `#fefefe` square.
    ///
    /// Use instead: the logo, in white or its own colours, on the brand colour.
    ///
    /// ## Source
    /// CS (*Design an icon*: no white and no `#007ee5` background); the PR template (PT);
    /// `../shared/spec/sources/submit-for-certification.txt`.
    pub(crate) NonWhiteBackground {
        code: "IC005",
        name: "non-white-background",
        family: IC,
        category: Certification,
        levels: [E, OFF, I],
        summary: "the icon's background is not white or `#007ee5`",
    }
}

impl Rule for NonWhiteBackground {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((id, _, info)) = inspected(cx) else {
            return;
        };
        let Some(corners) = info.corners else {
            return;
        };
        let near_white: Vec<&Corner> = corners
            .iter()
            .filter(|c| c.rgba[..3].iter().all(|&v| v >= NEAR_WHITE))
            .collect();
        if !near_white.is_empty() {
            let what = if near_white.iter().all(|c| c.rgba[..3] == [255, 255, 255]) {
                "white"
            } else {
                "white or near-white"
            };
            cx.report(
                id,
                Target::File,
                format!("the icon's background is {what}: {}", list(&near_white)),
            )
            .help("use the brand colour (`iconBrandColor`) as the icon's background, not white");
        }
        let blue: Vec<&Corner> = corners
            .iter()
            .filter(|c| c.rgba[..3] == DEFAULT_BLUE)
            .collect();
        if !blue.is_empty() {
            cx.report(
                id,
                Target::File,
                format!(
                    "the icon's background is `#007ee5`, the default custom-connector colour, {}",
                    at_corners(&blue.iter().map(|c| c.name).collect::<Vec<_>>())
                ),
            )
            .help("use your own brand colour as the icon's background (and as `iconBrandColor`)");
        }
    }
}

/// `` `#ffffff` at all four corners ``.
fn list(corners: &[&Corner]) -> String {
    grouped(corners.iter().map(|c| (format!("`{}`", c.hex()), c.name)))
}
