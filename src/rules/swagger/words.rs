//! Words, parts of words and product names (rules.md §1.5), shared by SW012, SW016, SW017 and
//! SW060.
//!
//! - A **word** is a maximal run of ASCII letters and digits; every other character separates
//!   words.
//! - A word splits into **parts** (SW012's compound tier): (1) at letter↔digit boundaries and
//!   before a `v`/`V` followed by a digit (`APIV3` → API·V·3); (2) at lower→upper transitions
//!   (`WebApi` → Web·Api); (3) before the last capital of an upper-case run followed by lower case
//!   (`APITemplate` → API·Template), except a lone final `s` (`WebAPIs` → Web·APIs). Nothing is
//!   matched inside a part.
//! - **Product names** are the §4 list, matched case-insensitively on word boundaries. SW012
//!   compares consecutive words (or parts) with a name's words; SW016 and SW060 match the text
//!   with the space between the words optional (`PowerApps`) and the final `s` optional
//!   (`Power App`, `Logic app`).

use crate::diagnostic::Target;
use crate::json::{Node, Pointer, TextRange};

/// A product name of rules.md §4.
#[derive(Debug)]
pub(crate) struct Product {
    /// The canonical spelling, e.g. `Power Apps`.
    pub(crate) name: &'static str,
    /// Its words, e.g. `["Power", "Apps"]`.
    pub(crate) words: &'static [&'static str],
    /// Power Apps, Power Automate and Logic Apps: the validator's restricted words (SW016's
    /// error tier).
    pub(crate) restricted: bool,
}

/// rules.md §4, "Product list".
pub(crate) static PRODUCTS: &[Product] = &[
    Product {
        name: "Power Apps",
        words: &["Power", "Apps"],
        restricted: true,
    },
    Product {
        name: "Power Automate",
        words: &["Power", "Automate"],
        restricted: true,
    },
    Product {
        name: "Logic Apps",
        words: &["Logic", "Apps"],
        restricted: true,
    },
    Product {
        name: "Copilot Studio",
        words: &["Copilot", "Studio"],
        restricted: false,
    },
    Product {
        name: "Power BI",
        words: &["Power", "BI"],
        restricted: false,
    },
    Product {
        name: "Power Platform",
        words: &["Power", "Platform"],
        restricted: false,
    },
    Product {
        name: "Power Virtual Agents",
        words: &["Power", "Virtual", "Agents"],
        restricted: false,
    },
    Product {
        name: "Dynamics 365",
        words: &["Dynamics", "365"],
        restricted: false,
    },
    Product {
        name: "Microsoft Flow",
        words: &["Microsoft", "Flow"],
        restricted: false,
    },
];

/// A product name found in a text by [`product_names`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ProductMatch {
    /// Byte offset of the first character of the match in the text.
    pub(crate) start: usize,
    /// Byte offset just past the match.
    pub(crate) end: usize,
    /// The canonical name, e.g. `Power Apps`.
    pub(crate) name: &'static str,
    /// Power Apps, Power Automate or Logic Apps: SW016's error tier.
    pub(crate) restricted: bool,
}

/// The words of `text` as byte ranges `(start, end)`: maximal runs of ASCII letters and digits.
pub(crate) fn words(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut start = None;
    for (i, b) in bytes.iter().enumerate() {
        match (b.is_ascii_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, bytes.len()));
    }
    out
}

/// The parts of one word as byte ranges within it (§1.5's three splitting steps). Characters
/// other than ASCII letters and digits are not expected; they are kept inside the parts.
pub(crate) fn part_ranges(word: &str) -> Vec<(usize, usize)> {
    let c = word.as_bytes();
    let n = c.len();
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..n {
        let (prev, cur) = (c[i - 1], c[i]);
        let next = c.get(i + 1).copied();
        let letter_digit = (prev.is_ascii_alphabetic() && cur.is_ascii_digit())
            || (prev.is_ascii_digit() && cur.is_ascii_alphabetic());
        let version = (cur == b'v' || cur == b'V') && next.is_some_and(|b| b.is_ascii_digit());
        let camel = prev.is_ascii_lowercase() && cur.is_ascii_uppercase();
        let acronym_end = prev.is_ascii_uppercase()
            && cur.is_ascii_uppercase()
            && next.is_some_and(|b| b.is_ascii_lowercase())
            && !(next == Some(b's') && i + 2 == n);
        if letter_digit || version || camel || acronym_end {
            out.push((start, i));
            start = i;
        }
    }
    if n > 0 {
        out.push((start, n));
    }
    out
}

/// The parts of one word (§1.5): `APIV3` → `["API", "V", "3"]`.
#[allow(dead_code)] // A convenience for rules and tests; SW012 uses `part_ranges`.
pub(crate) fn parts(word: &str) -> Vec<&str> {
    part_ranges(word)
        .into_iter()
        .filter_map(|(s, e)| word.get(s..e))
        .collect()
}

/// Every run of consecutive items of `seq` that equals a product's words (ASCII case-insensitive,
/// no optional space or `s`: SW012's rule). Returns `(first index, item count, product)`, in
/// order, without overlaps (the longest name wins at one position).
pub(crate) fn products_in_sequence(seq: &[&str]) -> Vec<(usize, usize, &'static Product)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < seq.len() {
        let found = PRODUCTS
            .iter()
            .filter(|p| {
                let k = p.words.len();
                i + k <= seq.len()
                    && p.words
                        .iter()
                        .zip(&seq[i..i + k])
                        .all(|(a, b)| a.eq_ignore_ascii_case(b))
            })
            .max_by_key(|p| p.words.len());
        match found {
            Some(p) => {
                out.push((i, p.words.len(), p));
                i += p.words.len();
            }
            None => i += 1,
        }
    }
    out
}

/// Product names in a text with SW016/SW060 semantics: case-insensitive, starting and ending on
/// word boundaries, the white space between the name's words optional (`PowerApps`), and a name's
/// final `s` optional (`Power App`, `Logic app`). Matches are in order and do not overlap.
pub(crate) fn product_names(text: &str) -> Vec<ProductMatch> {
    let mut out = Vec::new();
    let mut resume = 0;
    let scan = &*PRODUCT_SCAN;
    let bytes = text.as_bytes();
    // One pass over the bytes, no list of words (this runs on every operation summary and
    // description): a match starts at a word start with a product's first letters.
    scan.candidates(bytes, |start| {
        if start < resume {
            return;
        }
        // A word that does not begin with a product's first word starts no product name.
        if !scan
            .first_words
            .iter()
            .any(|word| match_ci(bytes, start, word).is_some())
        {
            return;
        }
        let best = PRODUCTS
            .iter()
            .filter_map(|p| match_product(text, start, p).map(|end| (end, p)))
            .max_by_key(|(end, _)| *end);
        if let Some((end, p)) = best {
            out.push(ProductMatch {
                start,
                end,
                name: p.name,
                restricted: p.restricted,
            });
            resume = end;
        }
    });
    out
}

/// Byte classes of [`ProductScan`].
const OTHER: u8 = 0;
/// An ASCII letter or digit that no product name starts with.
const WORD: u8 = 1;
/// The first letter (either case) of a product name.
const FIRST_LETTER: u8 = 2;

/// In [`ProductScan::second_letters`]: product names starting with this letter differ in their
/// second letter (or have none).
const ANY_SECOND: u8 = 0;

/// What [`product_names`] scans with, derived once from [`PRODUCTS`].
struct ProductScan {
    /// By byte: [`OTHER`], [`WORD`] or [`FIRST_LETTER`].
    classes: [u8; 256],
    /// By first letter (either case): the lower-case second letter of every product name that
    /// starts with it, or [`ANY_SECOND`].
    second_letters: [u8; 256],
    /// What the product names start with: their distinct first words (`Power`, `Logic`, …).
    first_words: Vec<&'static [u8]>,
}

static PRODUCT_SCAN: std::sync::LazyLock<ProductScan> = std::sync::LazyLock::new(|| {
    let mut classes = [OTHER; 256];
    for byte in 0..=u8::MAX {
        if byte.is_ascii_alphanumeric() {
            classes[usize::from(byte)] = WORD;
        }
    }
    let mut second_letters = [ANY_SECOND; 256];
    let mut seen_first = [false; 256];
    let mut first_words: Vec<&'static [u8]> = Vec::new();
    for product in PRODUCTS {
        let Some(first) = product.words.first() else {
            continue;
        };
        // What every match of the name starts with: its first word, less an optional final
        // `s` when that is also its last word.
        let word = match (product.words.len(), first.as_bytes()) {
            (1, [stem @ .., b's' | b'S']) => stem,
            (_, word) => word,
        };
        if let Some(&letter) = word.first() {
            // With a one-letter prefix, the second letter is not known: any is let through.
            let second = word.get(1).map_or(ANY_SECOND, u8::to_ascii_lowercase);
            for letter in [letter.to_ascii_lowercase(), letter.to_ascii_uppercase()] {
                let slot = usize::from(letter);
                classes[slot] = FIRST_LETTER;
                second_letters[slot] = if !seen_first[slot] || second_letters[slot] == second {
                    second
                } else {
                    ANY_SECOND
                };
                seen_first[slot] = true;
            }
        }
        if !first_words.iter().any(|w| w.eq_ignore_ascii_case(word)) {
            first_words.push(word);
        }
    }
    ProductScan {
        classes,
        second_letters,
        first_words,
    }
});

impl ProductScan {
    /// Calls `found` with the offset of every word start of `bytes` that can begin a product
    /// name: a first letter ([`FIRST_LETTER`]) after a byte that is no word byte (or first),
    /// followed by a second letter that a product name starting with it has. In order.
    fn candidates(&self, bytes: &[u8], mut found: impl FnMut(usize)) {
        let mut previous = OTHER;
        for (at, &byte) in bytes.iter().enumerate() {
            let class = self.classes[usize::from(byte)];
            if class == FIRST_LETTER && previous == OTHER {
                let second = self.second_letters[usize::from(byte)];
                if second == ANY_SECOND
                    || bytes.get(at + 1).map(u8::to_ascii_lowercase) == Some(second)
                {
                    found(at);
                }
            }
            previous = class;
        }
    }
}

/// The end of `product` matched at `start` (a word start), or `None`.
fn match_product(text: &str, start: usize, product: &Product) -> Option<usize> {
    let bytes = text.as_bytes();
    // Most words start with another letter than any product name: reject them at once.
    let first = product.words.first()?.as_bytes().first()?;
    if !bytes.get(start)?.eq_ignore_ascii_case(first) {
        return None;
    }
    let mut pos = start;
    let last = product.words.len().saturating_sub(1);
    for (j, word) in product.words.iter().enumerate() {
        if j > 0 {
            pos = skip_space(text, pos);
        }
        let w = word.as_bytes();
        if j < last {
            pos = match_ci(bytes, pos, w)?;
            continue;
        }
        // The last word ends on a word boundary; its final `s` is optional.
        let full = match_ci(bytes, pos, w).filter(|&e| at_boundary(bytes, e));
        if full.is_some() {
            return full;
        }
        if let Some(stem) = w.strip_suffix(b"s").or_else(|| w.strip_suffix(b"S")) {
            return match_ci(bytes, pos, stem).filter(|&e| at_boundary(bytes, e));
        }
        return None;
    }
    None
}

/// `pos` advanced past any white space (the optional space between a name's words).
fn skip_space(text: &str, mut pos: usize) -> usize {
    while let Some(c) = text.get(pos..).and_then(|rest| rest.chars().next()) {
        if !c.is_whitespace() {
            break;
        }
        pos += c.len_utf8();
    }
    pos
}

fn match_ci(bytes: &[u8], pos: usize, word: &[u8]) -> Option<usize> {
    let end = pos.checked_add(word.len())?;
    let slice = bytes.get(pos..end)?;
    slice.eq_ignore_ascii_case(word).then_some(end)
}

fn at_boundary(bytes: &[u8], pos: usize) -> bool {
    !bytes.get(pos).is_some_and(|b| b.is_ascii_alphanumeric())
}

/// The target for bytes `start..end` of the string `value` (a JSON string node) in the file's
/// `text`: that exact range when the string is written without escapes, else the whole value.
/// Chain `.with_pointer(pointer)` so a range finding still names its member.
pub(crate) fn substring_target(
    text: Option<&str>,
    node: &Node,
    pointer: &Pointer,
    start: usize,
    end: usize,
) -> Target {
    let whole = Target::value(pointer);
    let (Some(text), Some(value)) = (text, node.as_str()) else {
        return whole;
    };
    let raw = text.get(node.range.to_range()).unwrap_or("");
    let unescaped = raw.len() == value.len() + 2 && raw.get(1..raw.len() - 1) == Some(value);
    if !unescaped || start > end || end > value.len() {
        return whole;
    }
    let base = node.range.start as usize + 1;
    match (u32::try_from(base + start), u32::try_from(base + end)) {
        (Ok(s), Ok(e)) => Target::Range(TextRange::new(s, e)),
        _ => whole,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word_strs(text: &str) -> Vec<&str> {
        words(text).into_iter().map(|(s, e)| &text[s..e]).collect()
    }

    fn names(text: &str) -> Vec<&'static str> {
        product_names(text).into_iter().map(|m| m.name).collect()
    }

    #[test]
    fn words_are_ascii_alphanumeric_runs() {
        assert_eq!(word_strs("Monster API"), ["Monster", "API"]);
        assert_eq!(
            word_strs("  MCAS-Connector (v2)."),
            ["MCAS", "Connector", "v2"]
        );
        assert_eq!(word_strs("Brønnøysund"), ["Br", "nn", "ysund"]);
        assert_eq!(word_strs(""), Vec::<&str>::new());
        assert_eq!(word_strs("a"), ["a"]);
    }

    #[test]
    fn parts_follow_the_three_steps() {
        assert_eq!(parts("APIV3"), ["API", "V", "3"]);
        assert_eq!(parts("WebApi"), ["Web", "Api"]);
        assert_eq!(parts("PeltarionConnector"), ["Peltarion", "Connector"]);
        assert_eq!(parts("APITemplate"), ["API", "Template"]);
        assert_eq!(parts("WebAPIs"), ["Web", "APIs"]);
        assert_eq!(parts("TimeAPI"), ["Time", "API"]);
        assert_eq!(parts("TheGoodAPI"), ["The", "Good", "API"]);
        assert_eq!(parts("PowerApps"), ["Power", "Apps"]);
        assert_eq!(parts("Dynamics365"), ["Dynamics", "365"]);
        assert_eq!(parts("apiv2"), ["api", "v", "2"]);
        assert_eq!(parts(""), Vec::<&str>::new());
    }

    #[test]
    fn nothing_matches_inside_a_part() {
        for word in ["RAPID", "ScrapingBee", "vatcheckapi"] {
            let p = parts(word);
            assert!(
                !p.iter().any(|p| p.eq_ignore_ascii_case("api")),
                "{word}: {p:?}"
            );
        }
        assert_eq!(parts("RAPID"), ["RAPID"]);
        assert_eq!(parts("ScrapingBee"), ["Scraping", "Bee"]);
        assert_eq!(parts("vatcheckapi"), ["vatcheckapi"]);
    }

    #[test]
    fn consecutive_words_name_a_product() {
        let seq = |t: &str| -> Vec<String> { word_strs(t).into_iter().map(String::from).collect() };
        let found = |t: &str| {
            let s = seq(t);
            let refs: Vec<&str> = s.iter().map(String::as_str).collect();
            products_in_sequence(&refs)
                .into_iter()
                .map(|(i, k, p)| (i, k, p.name))
                .collect::<Vec<_>>()
        };
        assert_eq!(found("Cards for Power Apps"), [(2, 2, "Power Apps")]);
        assert_eq!(found("Robots for Power BI"), [(2, 2, "Power BI")]);
        assert_eq!(found("Dynamics 365 Sales"), [(0, 2, "Dynamics 365")]);
        assert_eq!(
            found("POWER virtual AGENTS"),
            [(0, 3, "Power Virtual Agents")]
        );
        assert!(
            found("PowerApps Cards").is_empty(),
            "one word is not consecutive words"
        );
        assert!(found("Lansweeper App For Sentinel").is_empty());
        assert!(
            found("Power App").is_empty(),
            "SW012 compares names exactly"
        );
        // Parts of `PowerApps` do name a product (SW012's warning tier).
        assert_eq!(
            products_in_sequence(&parts("PowerApps"))
                .into_iter()
                .map(|(.., p)| p.name)
                .collect::<Vec<_>>(),
            ["Power Apps"]
        );
    }

    /// The straightforward form of [`product_names`]: every word tried against every product.
    fn product_names_by_words(text: &str) -> Vec<ProductMatch> {
        let mut out = Vec::new();
        let mut resume = 0;
        for (start, _) in words(text) {
            if start < resume {
                continue;
            }
            let best = PRODUCTS
                .iter()
                .filter_map(|p| match_product(text, start, p).map(|end| (end, p)))
                .max_by_key(|(end, _)| *end);
            if let Some((end, p)) = best {
                out.push(ProductMatch {
                    start,
                    end,
                    name: p.name,
                    restricted: p.restricted,
                });
                resume = end;
            }
        }
        out
    }

    #[test]
    fn the_scan_finds_what_trying_every_word_finds() {
        let tokens = [
            "Power",
            "power",
            "POWER",
            "Pow",
            "Po",
            "P",
            "Apps",
            "app",
            "Automate",
            "BI",
            "bi",
            "Platform",
            "Virtual",
            "Agent",
            "Agents",
            "Logic",
            "logical",
            "Copilot",
            "Studio",
            "Dynamics",
            "365",
            "Microsoft",
            "Flow",
            "PowerApps",
            "MicrosoftFlow",
            "provides",
            "copy",
            "dynamo",
            "mic",
            "Ünï",
            "—",
            " ",
            "  ",
            "\n",
            ".",
            "-",
            "x2",
        ];
        // Every sequence of three tokens, joined with and without a space.
        let mut texts = Vec::new();
        for a in tokens {
            for b in tokens {
                for c in tokens {
                    texts.push(format!("{a}{b}{c}"));
                    texts.push(format!("{a} {b} {c}"));
                }
            }
        }
        for text in &texts {
            assert_eq!(
                product_names(text),
                product_names_by_words(text),
                "{text:?}"
            );
        }
        assert!(texts.iter().any(|t| !product_names(t).is_empty()));
    }

    #[test]
    fn candidates_are_the_word_starts_with_a_first_and_second_letter() {
        let scan = &*PRODUCT_SCAN;
        // Every byte value at every offset of a few lengths, and pseudo-random bytes.
        let mut texts: Vec<Vec<u8>> = Vec::new();
        for filler in [b'o', b' '] {
            for len in [1, 7, 8, 9, 16, 23] {
                for at in 0..len {
                    for byte in 0..=u8::MAX {
                        let mut text = vec![filler; len];
                        text[at] = byte;
                        texts.push(text);
                    }
                }
            }
        }
        let mut state: u32 = 12345;
        for len in 0..200 {
            texts.push(
                (0..len)
                    .map(|_| {
                        state = state.wrapping_mul(1_103_515_245).wrapping_add(12345);
                        (state >> 16) as u8
                    })
                    .collect(),
            );
        }
        for text in &texts {
            let mut found = Vec::new();
            scan.candidates(text, |at| found.push(at));
            // Word starts as `words` finds them (it looks at bytes only).
            let expected: Vec<usize> = (0..text.len())
                .filter(|&i| {
                    text[i].is_ascii_alphanumeric()
                        && (i == 0 || !text[i - 1].is_ascii_alphanumeric())
                })
                .filter(|&i| {
                    let second = scan.second_letters[usize::from(text[i])];
                    scan.classes[usize::from(text[i])] == FIRST_LETTER
                        && (second == ANY_SECOND
                            || text.get(i + 1).map(u8::to_ascii_lowercase) == Some(second))
                })
                .collect();
            assert_eq!(found, expected, "{text:?}");
        }
    }

    #[test]
    fn product_names_in_text() {
        assert_eq!(names("Cards for Power Apps"), ["Power Apps"]);
        assert_eq!(names("Robots for Power BI"), ["Power BI"]);
        assert_eq!(
            names("Use it from PowerApps and power automate."),
            ["Power Apps", "Power Automate"]
        );
        assert_eq!(names("a Power App"), ["Power Apps"]);
        assert_eq!(names("Power\n  Apps"), ["Power Apps"]);
        assert_eq!(
            names("Dynamics365 and MICROSOFT FLOW"),
            ["Dynamics 365", "Microsoft Flow"]
        );
        assert_eq!(names("Power Virtual Agent"), ["Power Virtual Agents"]);
        // Word boundaries on both sides.
        assert!(names("MyPowerApps").is_empty());
        assert!(names("PowerAppsX").is_empty());
        assert!(names("Power Applications").is_empty());
        assert!(names("Power Appss").is_empty());
        assert!(names("Power").is_empty());
        assert!(names("").is_empty());
        // Lansweeper App For Sentinel: the title has no product name; its description has
        // "Logic app" (singular, lower case).
        assert!(names("Lansweeper App For Sentinel").is_empty());
        let text = "Authenticate the connection with Lansweeper APIs using the Authorization Token from Logic app.";
        let m = product_names(text);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].name, "Logic Apps");
        assert!(m[0].restricted);
        assert_eq!(&text[m[0].start..m[0].end], "Logic app");
        // Offsets are bytes, after non-ASCII text.
        let text = "Ünïcode — Power BI!";
        let m = product_names(text);
        assert_eq!(&text[m[0].start..m[0].end], "Power BI");
        assert!(!m[0].restricted);
    }
}
