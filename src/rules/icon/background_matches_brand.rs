use super::inspected;
use crate::diagnostic::Target;
use crate::rules::levels::{OFF, W};
use crate::rules::{Rule, RuleContext, declare_rule};

/// The largest difference, per channel, that still matches (compression and anti-aliasing).
const TOLERANCE: u8 = 8;

declare_rule! {
    /// ## What it does
    /// Compares each of the icon's four corner pixels with `properties.iconBrandColor` in
    /// `apiProperties.json`, and fires when any channel (R, G or B) of any corner differs by more
    /// than 8. The worst corner is reported, on the icon (the file whose background or colour
    /// you change; rules.md §1.4).
    ///
    /// It does not run when `apiProperties.json` is absent, does not parse, or its
    /// `iconBrandColor` is not a `#rrggbb` colour (AP010 reports that), nor on an icon that was
    /// not decoded (IC001, IC003, IC007).
    ///
    /// ## Why is this bad?
    /// The connector tile is drawn in `iconBrandColor` around the icon. When the two differ, the
    /// icon shows as a square of another colour inside the tile; certification asks that the icon
    /// background "matches your specified icon background color".
    ///
    /// ## Example
    /// ```json
    /// { "properties": { "iconBrandColor": "#0071CE" } }
    /// ```
    /// with an icon whose background is `#2074b5`.
    ///
    /// Use instead: the icon's background colour:
    /// ```json
    /// { "properties": { "iconBrandColor": "#2074b5" } }
    /// ```
    ///
    /// ## Source
    /// CS ("…matches your specified icon background color");
    /// `../shared/spec/sources/submit-for-certification.txt`.
    pub(crate) BackgroundMatchesBrand {
        code: "IC006",
        name: "background-matches-brand",
        family: IC,
        category: Certification,
        levels: [W, OFF, OFF],
        summary: "the icon's background is `iconBrandColor`",
    }
}

impl Rule for BackgroundMatchesBrand {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((_, properties)) = cx.package().properties() else {
            return;
        };
        let Some(brand_text) = properties
            .get("properties")
            .and_then(|p| p.get("iconBrandColor"))
            .and_then(|c| c.as_str())
        else {
            return;
        };
        let Some(brand) = parse_hex(brand_text) else {
            return;
        };
        let Some((id, _, info)) = inspected(cx) else {
            return;
        };
        let Some(corners) = info.corners else {
            return;
        };
        let distance = |rgba: &[u8; 4]| {
            (0..3)
                .map(|i| rgba[i].abs_diff(brand[i]))
                .max()
                .unwrap_or(0)
        };
        let Some(worst) = corners
            .iter()
            .max_by_key(|c| distance(&c.rgba))
            .filter(|c| distance(&c.rgba) > TOLERANCE)
        else {
            return;
        };
        // `max_by_key` keeps the last of equal maxima: report the first corner instead.
        let worst_distance = distance(&worst.rgba);
        let worst = corners
            .iter()
            .find(|c| distance(&c.rgba) == worst_distance)
            .unwrap_or(worst);
        let alpha = if worst.rgba[3] == 255 {
            String::new()
        } else {
            format!(" with alpha {}", worst.rgba[3])
        };
        let background = worst.hex();
        let brand_file = cx.package().properties_file_name("iconBrandColor");
        cx.report(
            id,
            Target::File,
            format!(
                "the icon's background `{background}`{alpha} ({} corner) does not match `iconBrandColor` `{brand_text}`",
                worst.name
            ),
        )
        .help(format!(
            "fill the icon's background with `{brand_text}`, or set `iconBrandColor` in {brand_file} to `{background}`"
        ));
    }
}

/// `#rrggbb` (AP010's pattern), as RGB.
fn parse_hex(text: &str) -> Option<[u8; 3]> {
    let hex = text.strip_prefix('#')?;
    if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
    Some([channel(0)?, channel(2)?, channel(4)?])
}
