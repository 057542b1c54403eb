//! The scaffold's icon.png: a 230×230 opaque square in the brand colour with the connector's
//! initials in a contrasting colour (rules.md IC001–IC006), drawn from a built-in 5×7 bitmap
//! font scaled up. No font files, no randomness: the same title and colour give the same bytes.

use std::io::Cursor;

use image::{ImageBuffer, ImageFormat, Rgb};
use unicode_normalization::UnicodeNormalization;

/// The size reviewers ask for (rules.md IC003).
pub const ICON_SIZE: u32 = 230;

/// Glyph rows, 5 columns each (`#` = ink).
const GLYPHS: [(char, [&str; 7]); 36] = [
    (
        'A',
        [
            ".###.", "#...#", "#...#", "#####", "#...#", "#...#", "#...#",
        ],
    ),
    (
        'B',
        [
            "####.", "#...#", "#...#", "####.", "#...#", "#...#", "####.",
        ],
    ),
    (
        'C',
        [
            ".###.", "#...#", "#....", "#....", "#....", "#...#", ".###.",
        ],
    ),
    (
        'D',
        [
            "####.", "#...#", "#...#", "#...#", "#...#", "#...#", "####.",
        ],
    ),
    (
        'E',
        [
            "#####", "#....", "#....", "####.", "#....", "#....", "#####",
        ],
    ),
    (
        'F',
        [
            "#####", "#....", "#....", "####.", "#....", "#....", "#....",
        ],
    ),
    (
        'G',
        [
            ".###.", "#...#", "#....", "#.###", "#...#", "#...#", ".####",
        ],
    ),
    (
        'H',
        [
            "#...#", "#...#", "#...#", "#####", "#...#", "#...#", "#...#",
        ],
    ),
    (
        'I',
        [
            ".###.", "..#..", "..#..", "..#..", "..#..", "..#..", ".###.",
        ],
    ),
    (
        'J',
        [
            "..###", "...#.", "...#.", "...#.", "...#.", "#..#.", ".##..",
        ],
    ),
    (
        'K',
        [
            "#...#", "#..#.", "#.#..", "##...", "#.#..", "#..#.", "#...#",
        ],
    ),
    (
        'L',
        [
            "#....", "#....", "#....", "#....", "#....", "#....", "#####",
        ],
    ),
    (
        'M',
        [
            "#...#", "##.##", "#.#.#", "#.#.#", "#...#", "#...#", "#...#",
        ],
    ),
    (
        'N',
        [
            "#...#", "#...#", "##..#", "#.#.#", "#..##", "#...#", "#...#",
        ],
    ),
    (
        'O',
        [
            ".###.", "#...#", "#...#", "#...#", "#...#", "#...#", ".###.",
        ],
    ),
    (
        'P',
        [
            "####.", "#...#", "#...#", "####.", "#....", "#....", "#....",
        ],
    ),
    (
        'Q',
        [
            ".###.", "#...#", "#...#", "#...#", "#.#.#", "#..#.", ".##.#",
        ],
    ),
    (
        'R',
        [
            "####.", "#...#", "#...#", "####.", "#.#..", "#..#.", "#...#",
        ],
    ),
    (
        'S',
        [
            ".####", "#....", "#....", ".###.", "....#", "....#", "####.",
        ],
    ),
    (
        'T',
        [
            "#####", "..#..", "..#..", "..#..", "..#..", "..#..", "..#..",
        ],
    ),
    (
        'U',
        [
            "#...#", "#...#", "#...#", "#...#", "#...#", "#...#", ".###.",
        ],
    ),
    (
        'V',
        [
            "#...#", "#...#", "#...#", "#...#", "#...#", ".#.#.", "..#..",
        ],
    ),
    (
        'W',
        [
            "#...#", "#...#", "#...#", "#.#.#", "#.#.#", "#.#.#", ".#.#.",
        ],
    ),
    (
        'X',
        [
            "#...#", "#...#", ".#.#.", "..#..", ".#.#.", "#...#", "#...#",
        ],
    ),
    (
        'Y',
        [
            "#...#", "#...#", ".#.#.", "..#..", "..#..", "..#..", "..#..",
        ],
    ),
    (
        'Z',
        [
            "#####", "....#", "...#.", "..#..", ".#...", "#....", "#####",
        ],
    ),
    (
        '0',
        [
            ".###.", "#...#", "#..##", "#.#.#", "##..#", "#...#", ".###.",
        ],
    ),
    (
        '1',
        [
            "..#..", ".##..", "..#..", "..#..", "..#..", "..#..", ".###.",
        ],
    ),
    (
        '2',
        [
            ".###.", "#...#", "....#", "...#.", "..#..", ".#...", "#####",
        ],
    ),
    (
        '3',
        [
            "#####", "...#.", "..#..", "...#.", "....#", "#...#", ".###.",
        ],
    ),
    (
        '4',
        [
            "...#.", "..##.", ".#.#.", "#..#.", "#####", "...#.", "...#.",
        ],
    ),
    (
        '5',
        [
            "#####", "#....", "####.", "....#", "....#", "#...#", ".###.",
        ],
    ),
    (
        '6',
        [
            "..##.", ".#...", "#....", "####.", "#...#", "#...#", ".###.",
        ],
    ),
    (
        '7',
        [
            "#####", "....#", "...#.", "..#..", ".#...", ".#...", ".#...",
        ],
    ),
    (
        '8',
        [
            ".###.", "#...#", "#...#", ".###.", "#...#", "#...#", ".###.",
        ],
    ),
    (
        '9',
        [
            ".###.", "#...#", "#...#", ".####", "....#", "...#.", ".##..",
        ],
    ),
];

const GLYPH_WIDTH: u32 = 5;
const GLYPH_HEIGHT: u32 = 7;
/// The initials stay inside this box, well away from the corners IC004–IC006 sample.
const MAX_TEXT_WIDTH: u32 = 150;
const MAX_TEXT_HEIGHT: u32 = 105;

/// Up to two initials: the first letter or digit of the title's first two words, with accents
/// removed (`Café Menu` → `CM`). Empty when the title has no Latin letter or digit.
#[must_use]
pub fn initials(title: &str) -> String {
    let folded: String = title
        .nfd()
        .filter(char::is_ascii)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter_map(|word| word.chars().next())
        .take(2)
        .collect()
}

/// `#rrggbb` as RGB, or `None`.
#[must_use]
pub fn parse_hex(color: &str) -> Option<[u8; 3]> {
    let hex = color.strip_prefix('#')?;
    if hex.len() != 6 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([channel(0)?, channel(2)?, channel(4)?])
}

/// White on dark backgrounds, near-black on light ones (WCAG relative luminance).
fn ink_for(background: [u8; 3]) -> [u8; 3] {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let [r, g, b] = background.map(linear);
    let luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    // Contrast against white is (1.05) / (L + 0.05); against black (L + 0.05) / 0.05.
    if 1.05 / (luminance + 0.05) >= (luminance + 0.05) / 0.05 {
        [0xff, 0xff, 0xff]
    } else {
        [0x1b, 0x1b, 0x1b]
    }
}

fn glyph(c: char) -> Option<&'static [&'static str; 7]> {
    GLYPHS.iter().find(|(g, _)| *g == c).map(|(_, rows)| rows)
}

/// Draws the icon and encodes it as PNG. `color` is the brand colour (`#rrggbb`); a value that
/// does not parse draws on mid-grey (the caller has already reported it through AP010).
#[must_use]
pub fn draw_icon(title: &str, color: &str) -> Vec<u8> {
    let background = parse_hex(color).unwrap_or([0x6b, 0x6b, 0x6b]);
    let ink = ink_for(background);
    let mut image = ImageBuffer::from_pixel(ICON_SIZE, ICON_SIZE, Rgb(background));
    let text: Vec<&[&str; 7]> = initials(title).chars().filter_map(glyph).collect();
    if let Ok(count) = u32::try_from(text.len())
        && count > 0
    {
        let units_wide = count * GLYPH_WIDTH + (count - 1);
        let scale = (MAX_TEXT_WIDTH / units_wide).min(MAX_TEXT_HEIGHT / GLYPH_HEIGHT);
        let left = (ICON_SIZE - units_wide * scale) / 2;
        let top = (ICON_SIZE - GLYPH_HEIGHT * scale) / 2;
        for (index, rows) in (0u32..).zip(text) {
            let glyph_left = left + index * (GLYPH_WIDTH + 1) * scale;
            for (row, line) in (0u32..).zip(rows.iter()) {
                for (column, cell) in (0u32..).zip(line.bytes()) {
                    if cell != b'#' {
                        continue;
                    }
                    for dy in 0..scale {
                        for dx in 0..scale {
                            let x = glyph_left + column * scale + dx;
                            let y = top + row * scale + dy;
                            image.put_pixel(x, y, Rgb(ink));
                        }
                    }
                }
            }
        }
    }
    let mut bytes = Cursor::new(Vec::new());
    image
        .write_to(&mut bytes, ImageFormat::Png)
        .expect("encoding an in-memory RGB image as PNG cannot fail");
    bytes.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_take_the_first_two_words_without_accents() {
        assert_eq!(initials("Contoso Tasks"), "CT");
        assert_eq!(initials("Café"), "C");
        assert_eq!(initials("élan vital now"), "EV");
        assert_eq!(initials("Open-Meteo Forecast"), "OM");
        assert_eq!(initials("365 Training"), "3T");
        assert_eq!(initials("日本"), "");
    }

    #[test]
    fn every_glyph_is_five_by_seven() {
        for (c, rows) in GLYPHS {
            for row in rows {
                assert_eq!(row.len(), 5, "{c}");
                assert!(row.bytes().all(|b| b == b'#' || b == b'.'), "{c}");
            }
        }
    }

    #[test]
    fn the_icon_is_square_opaque_and_inked_in_a_contrasting_colour() {
        let png = draw_icon("Contoso Tasks", "#1f6f8b");
        let image = image::load_from_memory_with_format(&png, ImageFormat::Png)
            .unwrap()
            .to_rgba8();
        assert_eq!(image.dimensions(), (ICON_SIZE, ICON_SIZE));
        assert!(image.pixels().all(|p| p.0[3] == 255));
        for (x, y) in [(0, 0), (229, 0), (0, 229), (229, 229)] {
            assert_eq!(image.get_pixel(x, y).0, [0x1f, 0x6f, 0x8b, 255]);
        }
        let inked = image
            .pixels()
            .filter(|p| p.0 == [0xff, 0xff, 0xff, 255])
            .count();
        assert!(inked > 1000, "{inked} white pixels");
        assert_eq!(ink_for([0xff, 0xd7, 0x00]), [0x1b, 0x1b, 0x1b]);
        assert_eq!(draw_icon("Contoso Tasks", "#1f6f8b"), png);
    }
}
