//! IC rules: `icon.png`. Every rule reads the icon through [`inspect`], one pure, bounded
//! function (reliability.md §2): the PNG signature, then `IHDR` parsed by hand, then a walk over
//! every chunk checking lengths and CRCs without inflating anything. Only an icon whose sides
//! are both at most 1024 px is decoded, under `image::Limits` (8 MiB), after its ancillary
//! chunks (text, colour profiles, animation) were dropped, and only its four corner pixels are
//! read.

mod background_matches_brand;
mod dimensions;
mod icon_file_size;
mod non_white_background;
mod opaque_background;
mod png;
mod square;

use std::io::Cursor;

use image::GenericImageView;

use super::{Rule, RuleContext};
use crate::package::{Artifact, FileData, FileId, SourceFile};

pub(crate) static RULES: &[&dyn Rule] = &[
    &png::Png,
    &square::Square,
    &dimensions::Dimensions,
    &opaque_background::OpaqueBackground,
    &non_white_background::NonWhiteBackground,
    &background_matches_brand::BackgroundMatchesBrand,
    &icon_file_size::IconFileSize,
];

/// The largest side pcpkg decodes; a larger icon is reported by IC003 and never decoded.
pub(crate) const MAX_DECODED_SIDE: u32 = 1024;
/// What the decoder may allocate (reliability.md §0): a 1024×1024 16-bit RGBA image.
const MAX_ALLOC: u64 = 8 * 1024 * 1024;
/// The size reviewers ask for (CS: "~160×160 logo inside a ~230×230 square").
pub(crate) const EXPECTED_SIDE: u32 = 230;

const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];
/// The PNG specification's largest width or height (2^31 − 1).
const MAX_PNG_SIDE: u32 = 0x7fff_ffff;

/// The fields of `IHDR` the rules use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Header {
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) bit_depth: u8,
    pub(crate) color_type: u8,
    pub(crate) interlaced: bool,
}

/// Why an icon cannot be used as a PNG (IC001).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Problem {
    pub(crate) message: String,
    pub(crate) help: &'static str,
}

/// One corner pixel, as 8-bit RGBA.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Corner {
    pub(crate) name: &'static str,
    pub(crate) rgba: [u8; 4],
}

impl Corner {
    /// `#rrggbb`, lower case.
    pub(crate) fn hex(&self) -> String {
        let [r, g, b, _] = self.rgba;
        format!("#{r:02x}{g:02x}{b:02x}")
    }
}

/// Everything the IC rules know about an icon that was read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct IconInfo {
    /// The header, when the signature and `IHDR` are valid (IC002 and IC003 need no more).
    pub(crate) header: Option<Header>,
    /// Why the icon is not a usable PNG (IC001).
    pub(crate) problem: Option<Problem>,
    /// The four corners (top-left, top-right, bottom-left, bottom-right), when the icon was
    /// decoded: no problem and both sides at most [`MAX_DECODED_SIDE`].
    pub(crate) corners: Option<[Corner; 4]>,
}

/// The icon file, when the package holds one.
pub(crate) fn icon_file<'a>(cx: &RuleContext<'a>) -> Option<(FileId, &'a SourceFile)> {
    let id = cx.package().artifact(Artifact::Icon)?;
    Some((id, cx.package().file(id)))
}

/// The icon's id, its file name and what [`inspect`] says about it; `None` when there is no icon
/// or it was too large to read (IC007 reports that, and no other IC rule runs on it).
pub(crate) fn inspected<'a>(cx: &RuleContext<'a>) -> Option<(FileId, String, &'a IconInfo)> {
    let (id, file) = icon_file(cx)?;
    Some((id, file_name(file), cx.icon_info()?))
}

/// The last component of the file's name inside the package (`icon.png`, `x_iconblob.Png`).
pub(crate) fn file_name(file: &SourceFile) -> String {
    file.name
        .rsplit('/')
        .next()
        .unwrap_or(&file.name)
        .to_owned()
}

/// The icon's id and its `IHDR` header, when the signature and the header are valid; decodes
/// nothing (IC002 and IC003 need no more).
pub(crate) fn header(cx: &RuleContext<'_>) -> Option<(FileId, Header)> {
    let (id, file) = icon_file(cx)?;
    let FileData::Bytes(bytes) = &file.data else {
        return None;
    };
    check_signature(bytes).ok()?;
    Some((id, parse_ihdr(bytes).ok()?))
}

/// Reads an icon's bytes: never panics, never inflates a chunk it does not need, and decodes
/// pixels only when both sides are at most [`MAX_DECODED_SIDE`].
#[must_use]
pub(crate) fn inspect(bytes: &[u8]) -> IconInfo {
    let mut info = IconInfo::default();
    if let Err(problem) = check_signature(bytes) {
        info.problem = Some(problem);
        return info;
    }
    let header = match parse_ihdr(bytes) {
        Ok(header) => header,
        Err(problem) => {
            info.problem = Some(problem);
            return info;
        }
    };
    info.header = Some(header);
    let kept = match walk_chunks(bytes, header) {
        Ok(kept) => kept,
        Err(problem) => {
            info.problem = Some(problem);
            return info;
        }
    };
    if header.width > MAX_DECODED_SIDE || header.height > MAX_DECODED_SIDE {
        return info;
    }
    let mut essential = Vec::with_capacity(bytes.len());
    essential.extend_from_slice(&SIGNATURE);
    for (start, end) in kept {
        if let Some(chunk) = bytes.get(start..end) {
            essential.extend_from_slice(chunk);
        }
    }
    match decode_corners(&essential) {
        Ok(corners) => info.corners = Some(corners),
        Err(problem) => info.problem = Some(problem),
    }
    info
}

const HELP_EXPORT: &str = "export the icon again as a PNG file (230×230 px) from an image editor, and save it as `icon.png`";
const HELP_CORRUPT: &str = "the file is damaged: export the icon again from its source, and check it opens in an image viewer";

fn problem(message: String, help: &'static str) -> Problem {
    Problem { message, help }
}

fn check_signature(bytes: &[u8]) -> Result<(), Problem> {
    if bytes.starts_with(&SIGNATURE) {
        return Ok(());
    }
    let name = "icon.png";
    if bytes.is_empty() {
        return Err(problem(format!("{name} is empty"), HELP_EXPORT));
    }
    if bytes.len() < SIGNATURE.len() && SIGNATURE.starts_with(bytes) {
        return Err(problem(
            format!("{name} is truncated: it ends inside the PNG signature"),
            HELP_CORRUPT,
        ));
    }
    if bytes.get(1..4) == Some(b"PNG") {
        return Err(problem(
            format!(
                "{name} has a damaged PNG signature (its line-ending bytes were changed, as a text-mode transfer does)"
            ),
            "transfer the file as binary (for git, mark `*.png binary` in `.gitattributes`), or export it again",
        ));
    }
    match sniff(bytes) {
        Some(kind) => Err(problem(
            format!("{name} is {kind}, not a PNG"),
            "convert the icon to PNG (230×230 px); renaming the file is not enough",
        )),
        None => Err(problem(
            format!("{name} is not a PNG image: it does not start with the PNG signature"),
            HELP_EXPORT,
        )),
    }
}

/// What a file that is not a PNG really is, from its first bytes.
fn sniff(bytes: &[u8]) -> Option<&'static str> {
    let starts = |prefix: &[u8]| bytes.starts_with(prefix);
    if starts(&[0xff, 0xd8, 0xff]) {
        return Some("a JPEG image");
    }
    if starts(b"GIF87a") || starts(b"GIF89a") {
        return Some("a GIF image");
    }
    if starts(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        return Some("a WebP image");
    }
    if starts(b"BM") && bytes.len() >= 14 {
        return Some("a BMP image");
    }
    if starts(&[0, 0, 1, 0]) {
        return Some("an ICO icon");
    }
    if starts(b"II*\0") || starts(b"MM\0*") {
        return Some("a TIFF image");
    }
    if bytes.get(4..8) == Some(b"ftyp") {
        let brand = bytes.get(8..12).unwrap_or_default();
        if brand.starts_with(b"avi") {
            return Some("an AVIF image");
        }
        if brand.starts_with(b"hei") || brand.starts_with(b"mif") {
            return Some("a HEIF image");
        }
    }
    if starts(b"%PDF") {
        return Some("a PDF document");
    }
    if is_svg(bytes) {
        return Some("an SVG image");
    }
    None
}

/// An SVG: text starting with `<` (after a BOM and white space) that holds `<svg` early on.
fn is_svg(bytes: &[u8]) -> bool {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(body.len());
    let head = &body[start..body.len().min(start + 4096)];
    if !head.starts_with(b"<") {
        return false;
    }
    head.windows(4).any(|w| w.eq_ignore_ascii_case(b"<svg"))
}

fn be_u32(bytes: &[u8], at: usize) -> Option<u32> {
    let slice = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes([slice[0], slice[1], slice[2], slice[3]]))
}

fn crc_ok(bytes: &[u8], type_at: usize, length: usize) -> Option<bool> {
    let data_end = type_at.checked_add(4)?.checked_add(length)?;
    let covered = bytes.get(type_at..data_end)?;
    let stored = be_u32(bytes, data_end)?;
    Some(crc32fast::hash(covered) == stored)
}

/// A chunk type for messages: four ASCII letters as written, anything else in hex.
fn chunk_name(kind: &[u8]) -> String {
    if kind.len() == 4 && kind.iter().all(u8::is_ascii_alphabetic) {
        String::from_utf8_lossy(kind).into_owned()
    } else {
        kind.iter().map(|b| format!("{b:02x}")).collect::<String>()
    }
}

/// Parses the `IHDR` chunk, which must come first (right after the signature).
fn parse_ihdr(bytes: &[u8]) -> Result<Header, Problem> {
    let name = "icon.png";
    let (Some(length), Some(kind)) = (be_u32(bytes, 8), bytes.get(12..16)) else {
        return Err(problem(
            format!("{name} is truncated: it ends before its `IHDR` header chunk"),
            HELP_CORRUPT,
        ));
    };
    if kind != b"IHDR" {
        return Err(problem(
            format!(
                "{name} does not start with an `IHDR` header chunk (the first chunk is `{}`)",
                chunk_name(kind)
            ),
            HELP_CORRUPT,
        ));
    }
    if length != 13 {
        return Err(problem(
            format!("the `IHDR` chunk of {name} is {length} bytes long, not 13"),
            HELP_CORRUPT,
        ));
    }
    let (Some(data), Some(crc)) = (bytes.get(16..29), crc_ok(bytes, 12, 13)) else {
        return Err(problem(
            format!("{name} is truncated: it ends inside its `IHDR` header chunk"),
            HELP_CORRUPT,
        ));
    };
    if !crc {
        return Err(problem(
            format!("the `IHDR` header chunk of {name} has a bad CRC: the file is corrupt"),
            HELP_CORRUPT,
        ));
    }
    let width = be_u32(data, 0).unwrap_or(0);
    let height = be_u32(data, 4).unwrap_or(0);
    let (bit_depth, color_type, compression, filter, interlace) =
        (data[8], data[9], data[10], data[11], data[12]);
    if width == 0 || height == 0 {
        return Err(problem(
            format!("{name} declares a size of {width}×{height} px: an image has no empty side"),
            HELP_EXPORT,
        ));
    }
    if width > MAX_PNG_SIDE || height > MAX_PNG_SIDE {
        return Err(problem(
            format!(
                "{name} declares a size of {width}×{height} px, beyond the PNG limit of 2^31−1 px a side"
            ),
            HELP_CORRUPT,
        ));
    }
    let depths: &[u8] = match color_type {
        0 => &[1, 2, 4, 8, 16],
        3 => &[1, 2, 4, 8],
        2 | 4 | 6 => &[8, 16],
        _ => {
            return Err(problem(
                format!("{name} declares an unknown PNG colour type {color_type}"),
                HELP_CORRUPT,
            ));
        }
    };
    if !depths.contains(&bit_depth) {
        return Err(problem(
            format!(
                "{name} declares bit depth {bit_depth}, invalid for PNG colour type {color_type}"
            ),
            HELP_CORRUPT,
        ));
    }
    if compression != 0 || filter != 0 || interlace > 1 {
        return Err(problem(
            format!(
                "{name} declares an unknown compression ({compression}), filter ({filter}) or interlace ({interlace}) method"
            ),
            HELP_CORRUPT,
        ));
    }
    Ok(Header {
        width,
        height,
        bit_depth,
        color_type,
        interlaced: interlace == 1,
    })
}

/// Walks every chunk after `IHDR` up to `IEND`, checking lengths, CRCs and the critical chunks,
/// inflating nothing. Returns the byte ranges of the chunks the decoder needs (`IHDR`, `PLTE`,
/// `tRNS`, `IDAT`, `IEND`); ancillary chunks (text, profiles, animation) are dropped.
fn walk_chunks(bytes: &[u8], header: Header) -> Result<Vec<(usize, usize)>, Problem> {
    let name = "icon.png";
    let mut kept = vec![(8, 8 + 12 + 13)];
    let mut at = 8 + 12 + 13;
    let mut seen_plte = false;
    let mut seen_idat = false;
    let mut idat_ended = false;
    loop {
        let (Some(length), Some(kind)) = (be_u32(bytes, at), bytes.get(at + 4..at + 8)) else {
            return Err(problem(
                if seen_idat {
                    format!("{name} is truncated: it ends at byte {at}, before its `IEND` chunk")
                } else {
                    format!("{name} is truncated: it ends at byte {at}, before any image data")
                },
                HELP_CORRUPT,
            ));
        };
        let kind_name = chunk_name(kind);
        if !kind.iter().all(u8::is_ascii_alphabetic) {
            return Err(problem(
                format!("{name} has an invalid chunk type `{kind_name}` at byte {at}"),
                HELP_CORRUPT,
            ));
        }
        if length > MAX_PNG_SIDE {
            return Err(problem(
                format!(
                    "chunk `{kind_name}` at byte {at} of {name} declares an invalid length of {length} bytes"
                ),
                HELP_CORRUPT,
            ));
        }
        let length = length as usize;
        let end = at.saturating_add(12).saturating_add(length);
        if end > bytes.len() {
            return Err(problem(
                format!(
                    "{name} is truncated: chunk `{kind_name}` at byte {at} needs {} bytes but only {} remain",
                    length + 12,
                    bytes.len() - at
                ),
                HELP_CORRUPT,
            ));
        }
        if crc_ok(bytes, at + 4, length) != Some(true) {
            return Err(problem(
                format!(
                    "chunk `{kind_name}` at byte {at} of {name} has a bad CRC: the file is corrupt"
                ),
                HELP_CORRUPT,
            ));
        }
        if seen_idat && kind != b"IDAT" {
            idat_ended = true;
        }
        match kind {
            b"IHDR" => {
                return Err(problem(
                    format!("{name} has a second `IHDR` chunk at byte {at}"),
                    HELP_CORRUPT,
                ));
            }
            b"PLTE" => {
                if seen_idat {
                    return Err(problem(
                        format!("{name} has its `PLTE` palette after the image data"),
                        HELP_CORRUPT,
                    ));
                }
                seen_plte = true;
                kept.push((at, end));
            }
            b"tRNS" if !seen_idat => kept.push((at, end)),
            b"IDAT" => {
                if idat_ended {
                    return Err(problem(
                        format!(
                            "{name} has `IDAT` image data chunks that are not consecutive (byte {at})"
                        ),
                        HELP_CORRUPT,
                    ));
                }
                if header.color_type == 3 && !seen_plte {
                    return Err(problem(
                        format!(
                            "{name} is an indexed-colour PNG with no `PLTE` palette before its image data"
                        ),
                        HELP_CORRUPT,
                    ));
                }
                seen_idat = true;
                kept.push((at, end));
            }
            b"IEND" => {
                if !seen_idat {
                    return Err(problem(
                        format!("{name} has no `IDAT` image data"),
                        HELP_CORRUPT,
                    ));
                }
                kept.push((at, end));
                return Ok(kept);
            }
            _ if kind[0].is_ascii_uppercase() => {
                return Err(problem(
                    format!(
                        "{name} has an unknown critical chunk `{kind_name}` at byte {at}: no PNG reader can display it"
                    ),
                    HELP_CORRUPT,
                ));
            }
            _ => {}
        }
        at = end;
    }
}

/// Decodes a PNG holding only its essential chunks, bounded, and reads the four corners.
fn decode_corners(png: &[u8]) -> Result<[Corner; 4], Problem> {
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_DECODED_SIDE);
    limits.max_image_height = Some(MAX_DECODED_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    let mut reader = image::ImageReader::with_format(Cursor::new(png), image::ImageFormat::Png);
    reader.limits(limits);
    let image = reader.decode().map_err(|e| {
        problem(
            format!("icon.png could not be decoded: {}", decode_error(&e)),
            HELP_CORRUPT,
        )
    })?;
    let (width, height) = image.dimensions();
    if width == 0 || height == 0 {
        return Err(problem(
            "icon.png decoded to an empty image".to_owned(),
            HELP_EXPORT,
        ));
    }
    let (right, bottom) = (width - 1, height - 1);
    let corner = |name, x, y| Corner {
        name,
        rgba: image.get_pixel(x, y).0,
    };
    Ok([
        corner("top-left", 0, 0),
        corner("top-right", right, 0),
        corner("bottom-left", 0, bottom),
        corner("bottom-right", right, bottom),
    ])
}

/// The decoder's error, lower-cased for a message.
fn decode_error(error: &image::ImageError) -> String {
    let text = error.to_string();
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => "unknown error".to_owned(),
    }
}

/// `at all four corners`, `at the top-left corner`, `at the top-left and bottom-right corners`.
pub(crate) fn at_corners(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [_, _, _, _] => "at all four corners".to_owned(),
        [one] => format!("at the {one} corner"),
        [rest @ .., last] => format!("at the {} and {last} corners", rest.join(", ")),
    }
}

/// Groups corners by a label (a colour, an alpha): `` `#ffffff` at all four corners ``.
pub(crate) fn grouped<'a>(corners: impl IntoIterator<Item = (String, &'a str)>) -> String {
    let mut groups: Vec<(String, Vec<&str>)> = Vec::new();
    for (label, name) in corners {
        match groups.iter_mut().find(|(l, _)| *l == label) {
            Some((_, names)) => names.push(name),
            None => groups.push((label, vec![name])),
        }
    }
    groups
        .iter()
        .map(|(label, names)| format!("{label} {}", at_corners(names)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Replaces `icon.png` in a message with the icon's real file name.
pub(crate) fn named(message: &str, file_name: &str) -> String {
    if file_name == "icon.png" {
        message.to_owned()
    } else {
        message.replacen("icon.png", file_name, 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32, rgba: [u8; 4]) -> Vec<u8> {
        let image = image::RgbaImage::from_pixel(width, height, image::Rgba(rgba));
        let mut bytes = Vec::new();
        image::DynamicImage::ImageRgba8(image)
            .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png)
            .unwrap();
        bytes
    }

    #[test]
    fn a_valid_icon_has_corners() {
        let info = inspect(&png(230, 230, [1, 2, 3, 255]));
        assert_eq!(info.problem, None);
        assert_eq!(info.header.unwrap().width, 230);
        let corners = info.corners.unwrap();
        assert!(corners.iter().all(|c| c.rgba == [1, 2, 3, 255]));
        assert_eq!(corners[0].hex(), "#010203");
    }

    #[test]
    fn a_1024_square_16_bit_icon_decodes_within_the_limit() {
        let image = image::ImageBuffer::<image::Rgba<u16>, _>::from_pixel(
            1024,
            1024,
            image::Rgba([65535, 0, 0, 65535]),
        );
        let mut bytes = Vec::new();
        image::DynamicImage::ImageRgba16(image)
            .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Png)
            .unwrap();
        let info = inspect(&bytes);
        assert_eq!(info.problem, None);
        assert_eq!(info.corners.unwrap()[3].rgba, [255, 0, 0, 255]);
    }

    #[test]
    fn not_a_png() {
        let problem = |bytes: &[u8]| inspect(bytes).problem.unwrap().message;
        assert_eq!(problem(b""), "icon.png is empty");
        assert!(problem(b"\xff\xd8\xff\xe0\0\x10JFIF\0").contains("is a JPEG image, not a PNG"));
        assert!(problem(b"GIF89a\x01\0\x01\0").contains("GIF"));
        assert!(
            problem(b"\xEF\xBB\xBF  <?xml version=\"1.0\"?>\n<svg xmlns=\"x\"/>").contains("SVG")
        );
        assert!(problem(b"RIFF\0\0\0\0WEBPVP8 ").contains("WebP"));
        assert!(problem(b"\x89PNG\n\x1a\n\0\0\0\x0dIHDR").contains("damaged PNG signature"));
        assert!(problem(b"\x89PN").contains("truncated"));
    }

    #[test]
    fn truncation_and_crc() {
        let bytes = png(230, 230, [1, 2, 3, 255]);
        for cut in [8, 20, 33, 40, bytes.len() - 1] {
            let info = inspect(&bytes[..cut]);
            assert!(
                info.problem.unwrap().message.contains("truncated"),
                "cut {cut}"
            );
        }
        let mut bad = bytes.clone();
        let last = bad.len() - 20;
        bad[last] ^= 0xff;
        assert!(inspect(&bad).problem.unwrap().message.contains("bad CRC"));
    }
}
