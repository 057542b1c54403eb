//! AP010–AP014: `iconBrandColor`.

use crate::diagnostic::Target;
use crate::json::{Node, Pointer};
use crate::package::{FileId, Mode};
use crate::rules::levels::{E, I, OFF, W};
use crate::rules::{Rule, RuleContext, declare_rule};

use super::common::{article, describe, properties, properties_pointer, shorten};

/// The default colour of custom connectors.
const DEFAULT_BLUE: &str = "#007ee5";
const WHITE: &str = "#ffffff";
/// The colour every independent-publisher connector uses.
const IP_ORANGE: &str = "#da3b01";

/// `iconBrandColor` with its pointer, when `properties` holds one.
fn brand_color<'a>(cx: &RuleContext<'a>) -> Option<(FileId, Pointer, &'a Node)> {
    let (file, properties) = properties(cx)?;
    let node = properties.get("iconBrandColor")?;
    Some((file, properties_pointer().child("iconBrandColor"), node))
}

/// The red, green and blue of a `#rrggbb` colour.
fn rgb(value: &str) -> Option<[u8; 3]> {
    let hex = value.strip_prefix('#')?;
    if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

/// A well-formed colour, lower-cased, with its pointer.
fn valid_color(cx: &RuleContext<'_>) -> Option<(FileId, Pointer, String)> {
    let (file, pointer, node) = brand_color(cx)?;
    let value = node.as_str()?;
    rgb(value)?;
    Some((file, pointer, value.to_ascii_lowercase()))
}

declare_rule! {
    /// ## What it does
    /// Checks that `properties.iconBrandColor` is present and is a colour written `#rrggbb`:
    /// `#` followed by exactly six hexadecimal digits.
    ///
    /// ## Why is this bad?
    /// The brand colour is the background of the connector's icon wherever it is shown. It is
    /// the one setting the apiProperties schema requires, and a colour name, a shorthand such
    /// as `#fff` or a missing `#` is not accepted.
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "properties": {
    ///     "iconBrandColor": "0f6cbd",
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
    /// `schemas/paconn-apiProperties.schema.json` (`iconBrandColor` is required); the
    /// repository `README.md`.
    pub(crate) BrandColorFormat {
        code: "AP010",
        name: "brand-color-format",
        family: AP,
        category: Certification,
        levels: [E, E, E],
        summary: "`iconBrandColor` is present and written `#rrggbb`",
    }
}

impl Rule for BrandColorFormat {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, properties)) = properties(cx) else {
            return;
        };
        let Some(node) = properties.get("iconBrandColor") else {
            // pc mode: the colour is an element of `<Connector>` in customizations.xml (§1.2).
            let (message, help) = if cx.mode() == Mode::PartnerCenter {
                (
                    "`<Connector>` in customizations.xml has no `<iconbrandcolor>`",
                    "set the icon background colour on the custom connector and export the solution again (it writes `<iconbrandcolor>#rrggbb</iconbrandcolor>`)",
                )
            } else {
                (
                    "`properties` has no `iconBrandColor`",
                    "add `\"iconBrandColor\": \"#rrggbb\"`, the background colour of your icon",
                )
            };
            cx.report(
                file,
                Target::missing(&properties_pointer(), "iconBrandColor"),
                message,
            )
            .help(help);
            return;
        };
        let pointer = properties_pointer().child("iconBrandColor");
        let Some(value) = node.as_str() else {
            cx.report(
                file,
                Target::value(&pointer),
                format!("`iconBrandColor` is {}, not a string", article(node)),
            )
            .help("write the colour as a string, `\"#rrggbb\"`");
            return;
        };
        if rgb(value).is_some() {
            return;
        }
        let trimmed = value.trim();
        let help = if rgb(trimmed).is_some() {
            format!("remove the spaces: `\"{trimmed}\"`")
        } else if rgb(&format!("#{trimmed}")).is_some() {
            format!("start the colour with `#`: `\"#{trimmed}\"`")
        } else if let Some(long) = expand_shorthand(trimmed) {
            format!("write all six digits: `\"{long}\"`")
        } else {
            "write `#` followed by six hexadecimal digits, such as `\"#0f6cbd\"`".to_owned()
        };
        cx.report(
            file,
            Target::value(&pointer),
            format!(
                "`iconBrandColor` is {}, not a `#rrggbb` colour",
                describe(node)
            ),
        )
        .help(help);
    }
}

/// `#abc` → `#aabbcc`.
fn expand_shorthand(value: &str) -> Option<String> {
    let hex = value.strip_prefix('#')?;
    if hex.len() != 3 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let mut long = String::from("#");
    for c in hex.chars() {
        long.push(c);
        long.push(c);
    }
    Some(long)
}

declare_rule! {
    /// ## What it does
    /// Flags an `iconBrandColor` of `#007ee5` (the default colour of custom connectors) or
    /// `#ffffff` (white), in any case.
    ///
    /// ## Why is this bad?
    /// Certification requires a brand colour of your own: the default blue marks a connector
    /// whose icon was never designed, and a white background disappears on the white pages
    /// where connectors are listed. Reviewers send back connectors that use either.
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "properties": {
    ///     "iconBrandColor": "#007ee5",
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
    /// `.github/pull_request_template.md`; Learn, *Verified publisher certification process*
    /// (icon: "no white or `#007ee5` background").
    pub(crate) BrandColorForbidden {
        code: "AP011",
        name: "brand-color-forbidden",
        family: AP,
        category: Certification,
        levels: [E, OFF, I],
        summary: "`iconBrandColor` is not the default `#007ee5` or white `#ffffff`",
    }
}

impl Rule for BrandColorForbidden {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, pointer, color)) = valid_color(cx) else {
            return;
        };
        let what = match color.as_str() {
            DEFAULT_BLUE => "the default colour of custom connectors",
            WHITE => "white",
            _ => return,
        };
        cx.report(
            file,
            Target::value(&pointer),
            format!("`iconBrandColor` is `{color}`, {what}"),
        )
        .help("use your brand's colour, the background colour of your icon: certification forbids `#007ee5` and `#ffffff`");
    }
}

declare_rule! {
    /// ## What it does
    /// For an independent-publisher connector, checks that `iconBrandColor` is `#da3b01`
    /// (any case).
    ///
    /// ## Why is this bad?
    /// Independent-publisher connectors share one look: the generic icon on an orange
    /// `#da3b01` background. The repository's README and template require this colour, and a
    /// pull request with another one is sent back.
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "properties": {
    ///     "iconBrandColor": "#0f6cbd",
    ///     "capabilities": ["actions"],
    ///     "publisher": "Jane Doe",
    ///     "stackOwner": "Contoso Ltd"
    ///   }
    /// }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// {
    ///   "properties": {
    ///     "iconBrandColor": "#da3b01",
    ///     "capabilities": ["actions"],
    ///     "publisher": "Jane Doe",
    ///     "stackOwner": "Contoso Ltd"
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// The repository `README.md`; `templates/Independent Publisher/apiProperties.json`;
    /// Learn, *Verified publisher certification process* (step 4).
    pub(crate) IpBrandColor {
        code: "AP012",
        name: "ip-brand-color",
        family: AP,
        category: Certification,
        levels: [OFF, E, OFF],
        summary: "an independent-publisher connector's `iconBrandColor` is `#da3b01`",
    }
}

impl Rule for IpBrandColor {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, pointer, node)) = brand_color(cx) else {
            return;
        };
        let Some(value) = node.as_str() else {
            return;
        };
        if value.eq_ignore_ascii_case(IP_ORANGE) {
            return;
        }
        cx.report(
            file,
            Target::value(&pointer),
            format!(
                "`iconBrandColor` is `{}`; independent-publisher connectors use `#da3b01`",
                shorten(value)
            ),
        )
        .help("set `\"iconBrandColor\": \"#da3b01\"`");
    }
}

declare_rule! {
    /// ## What it does
    /// Flags an `iconBrandColor` that is almost white: each of red, green and blue is at least
    /// `f0` (for example `#fefefe` or `#f9f9fa`). Pure white `#ffffff` is AP011.
    ///
    /// ## Why is this bad?
    /// Certification forbids a white icon background because it vanishes on white pages. A
    /// near-white colour looks exactly the same and only gets round the wording of the rule;
    /// 25 accepted certified connectors use one, so this is a warning.
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "properties": {
    ///     "iconBrandColor": "#fefefe",
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
    /// The corpus (near-white colours used to get round the white ban); Learn, *Verified
    /// publisher certification process* (icon background).
    pub(crate) BrandColorNearWhite {
        code: "AP013",
        name: "brand-color-near-white",
        family: AP,
        category: Certification,
        levels: [W, OFF, OFF],
        summary: "`iconBrandColor` is not near-white (every channel `f0` or more)",
    }
}

impl Rule for BrandColorNearWhite {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, pointer, color)) = valid_color(cx) else {
            return;
        };
        let Some([r, g, b]) = rgb(&color) else {
            return;
        };
        if color == WHITE || r.min(g).min(b) < 0xF0 {
            return;
        }
        cx.report(
            file,
            Target::value(&pointer),
            format!("`iconBrandColor` `{color}` is almost white"),
        )
        .help("use a colour that stands out on a white page: certification forbids a white icon background, and near-white looks the same");
    }
}

declare_rule! {
    /// ## What it does
    /// Flags a certified connector whose `iconBrandColor` is `#da3b01` (any case).
    ///
    /// ## Why is this bad?
    /// `#da3b01` is the orange of independent-publisher connectors. A certified connector
    /// shows its publisher's own brand, and this colour usually means the file was copied from
    /// the independent-publisher template.
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "properties": {
    ///     "iconBrandColor": "#da3b01",
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
    /// `templates/certified-connectors/apiProperties.json` and
    /// `templates/Independent Publisher/apiProperties.json`.
    pub(crate) CertifiedNotIpOrange {
        code: "AP014",
        name: "certified-not-ip-orange",
        family: AP,
        category: Certification,
        levels: [W, OFF, OFF],
        summary: "a certified connector does not use the independent-publisher orange `#da3b01`",
    }
}

impl Rule for CertifiedNotIpOrange {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, pointer, color)) = valid_color(cx) else {
            return;
        };
        if color != IP_ORANGE {
            return;
        }
        cx.report(
            file,
            Target::value(&pointer),
            "`iconBrandColor` is `#da3b01`, the colour of independent-publisher connectors",
        )
        .help("use your brand's colour, the background colour of your icon");
    }
}

#[cfg(test)]
mod tests {
    use super::{expand_shorthand, rgb};

    #[test]
    fn colours() {
        assert_eq!(rgb("#DA3b01"), Some([0xda, 0x3b, 0x01]));
        assert_eq!(rgb("da3b01"), None);
        assert_eq!(rgb("#da3b0"), None);
        assert_eq!(rgb("#da3b0g"), None);
        assert_eq!(expand_shorthand("#fa0").as_deref(), Some("#ffaa00"));
    }
}
