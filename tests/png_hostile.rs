//! Hostile icons (reliability.md §2): every input is built in code, validated as the `icon.png`
//! of a connector folder with the IC rules selected, and must end in the right finding, with no
//! panic and in bounded time. The bombs are real: their compressed streams inflate to what they
//! claim (checked on small sizes), but pcpkg never inflates them.

use std::path::PathBuf;
use std::sync::LazyLock;
use std::time::{Duration, Instant};

use pcpkg::engine::RuleSettings;
use pcpkg::package::Profile;
use pcpkg::render::FailOn;
use pcpkg::rules::Family;
use pcpkg::rules::registry::Selector;
use pcpkg::validate::{ValidateOptions, validate_paths};
use proptest::prelude::*;

const BRAND: [u8; 3] = [0x00, 0x71, 0xce];
const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];

/// A finding, reduced to what the tests check.
#[derive(Debug)]
struct Finding {
    code: &'static str,
    severity: &'static str,
    message: String,
}

/// Validates `icon` as the icon of a certified connector folder, with every IC rule selected.
fn check_icon(icon: &[u8]) -> (Vec<Finding>, Duration) {
    let dir = tempfile::tempdir().expect("tempdir");
    let folder = dir.path().join("connector");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(
        folder.join("apiProperties.json"),
        r##"{ "properties": { "iconBrandColor": "#0071ce", "publisher": "Contoso", "stackOwner": "Contoso" } }"##,
    )
    .unwrap();
    std::fs::write(folder.join("icon.png"), icon).unwrap();
    let options = ValidateOptions {
        profile: Some(Profile::Certified),
        settings: RuleSettings {
            strict: false,
            select: Some(vec![Selector::Family(Family::IC)]),
            ignore: vec![],
        },
        fail_on: FailOn::Error,
        plugin: false,
    };
    let start = Instant::now();
    let report = validate_paths(&[PathBuf::from("connector")], dir.path(), &options);
    let elapsed = start.elapsed();
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let findings = report
        .packages
        .iter()
        .flat_map(|p| &p.diagnostics)
        .filter(|d| d.rule.code.starts_with("IC"))
        .map(|d| Finding {
            code: d.rule.code,
            severity: d.severity.as_str(),
            message: d.message.clone(),
        })
        .collect();
    (findings, elapsed)
}

fn codes(findings: &[Finding]) -> Vec<&'static str> {
    findings.iter().map(|f| f.code).collect()
}

fn message_of<'a>(findings: &'a [Finding], code: &str) -> &'a str {
    findings
        .iter()
        .find(|f| f.code == code)
        .map_or("", |f| f.message.as_str())
}

// ---------------------------------------------------------------------------------------------
// PNG building blocks.

fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() + 12);
    out.extend_from_slice(&u32::try_from(data.len()).unwrap().to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut crc = crc32fast::Hasher::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(&crc.finalize().to_be_bytes());
    out
}

fn ihdr(width: u32, height: u32, bit_depth: u8, color_type: u8, interlace: u8) -> Vec<u8> {
    let mut data = Vec::new();
    data.extend_from_slice(&width.to_be_bytes());
    data.extend_from_slice(&height.to_be_bytes());
    data.extend_from_slice(&[bit_depth, color_type, 0, 0, interlace]);
    chunk(b"IHDR", &data)
}

/// Signature + the given chunks + `IEND`.
fn png(chunks: &[Vec<u8>]) -> Vec<u8> {
    let mut out = SIGNATURE.to_vec();
    for c in chunks {
        out.extend_from_slice(c);
    }
    out.extend_from_slice(&chunk(b"IEND", &[]));
    out
}

fn zlib(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 6)
}

/// An opaque RGBA icon of one colour, encoded by the `image` crate, with the bottom-right
/// pixel set to `corner`.
fn rgba_icon(side: u32, corner: [u8; 4]) -> Vec<u8> {
    let mut image =
        image::RgbaImage::from_pixel(side, side, image::Rgba([BRAND[0], BRAND[1], BRAND[2], 255]));
    image.put_pixel(side - 1, side - 1, image::Rgba(corner));
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgba8(image)
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .unwrap();
    bytes
}

fn valid_icon() -> Vec<u8> {
    rgba_icon(230, [BRAND[0], BRAND[1], BRAND[2], 255])
}

/// LSB-first bit writer for a deflate stream.
struct Bits {
    out: Vec<u8>,
    acc: u64,
    count: u32,
}

impl Bits {
    fn new() -> Self {
        Bits {
            out: Vec::new(),
            acc: 0,
            count: 0,
        }
    }

    /// A field, least significant bit first.
    fn put(&mut self, value: u64, bits: u32) {
        self.acc |= value << self.count;
        self.count += bits;
        while self.count >= 8 {
            self.out.push((self.acc & 0xff) as u8);
            self.acc >>= 8;
            self.count -= 8;
        }
    }

    /// A Huffman code, most significant bit first.
    fn code(&mut self, code: u64, bits: u32) {
        for i in (0..bits).rev() {
            self.put((code >> i) & 1, 1);
        }
    }

    fn finish(mut self) -> Vec<u8> {
        if self.count > 0 {
            self.out.push((self.acc & 0xff) as u8);
        }
        self.out
    }
}

/// A zlib stream that inflates to exactly `len` zero bytes (`len` ≥ 1), at about 1032:1: one
/// dynamic-Huffman block where a 258-byte match at distance 1 costs 2 bits.
fn zeros_zlib(len: u64) -> Vec<u8> {
    assert!(len >= 1);
    let mut bits = Bits::new();
    bits.put(1, 1); // BFINAL
    bits.put(2, 2); // dynamic Huffman
    bits.put(29, 5); // HLIT: 286 literal/length codes
    bits.put(1, 5); // HDIST: 2 distance codes
    bits.put(14, 4); // HCLEN: 18 code-length codes
    // Code-length code lengths, in the format's order: 18 → 1 bit, 2 → 2 bits, 1 → 2 bits.
    for symbol in [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1] {
        let length = match symbol {
            18 => 1,
            1 | 2 => 2,
            _ => 0,
        };
        bits.put(length, 3);
    }
    // Canonical codes: 18 → 0, 1 → 10, 2 → 11.
    let (sym18, sym1, sym2) = ((0, 1), (0b10, 2), (0b11, 2));
    bits.code(sym2.0, sym2.1); // literal 0: length 2
    bits.code(sym18.0, sym18.1);
    bits.put(138 - 11, 7); // literals 1..=138: 0
    bits.code(sym18.0, sym18.1);
    bits.put(117 - 11, 7); // literals 139..=255: 0
    bits.code(sym2.0, sym2.1); // 256 (end of block): length 2
    bits.code(sym18.0, sym18.1);
    bits.put(28 - 11, 7); // lengths 257..=284: 0
    bits.code(sym1.0, sym1.1); // 285 (length 258): length 1
    bits.code(sym1.0, sym1.1); // distance code 0: length 1
    bits.code(sym1.0, sym1.1); // distance code 1: length 1
    // Literal/length codes: 285 → 0, 0 → 10, 256 → 11. Distance codes: 0 → 0, 1 → 1.
    bits.code(0b10, 2); // the first zero, as a literal
    let rest = len - 1;
    for _ in 0..rest / 258 {
        bits.code(0, 1); // length 258
        bits.code(0, 1); // distance 1
    }
    for _ in 0..rest % 258 {
        bits.code(0b10, 2);
    }
    bits.code(0b11, 2); // end of block
    let mut out = vec![0x78, 0x01];
    out.extend_from_slice(&bits.finish());
    let adler = (((len % 65521) as u32) << 16) | 1;
    out.extend_from_slice(&adler.to_be_bytes());
    out
}

#[test]
fn the_zero_stream_generator_is_exact() {
    for len in [1u64, 2, 258, 259, 1000, 65521, 65522, 300_000] {
        let stream = zeros_zlib(len);
        let inflated = miniz_oxide::inflate::decompress_to_vec_zlib(&stream).expect("inflates");
        assert_eq!(inflated.len() as u64, len);
        assert!(inflated.iter().all(|&b| b == 0));
    }
}

// ---------------------------------------------------------------------------------------------
// reliability.md §2 cases.

/// `png-bomb-1gib`: 16384×16384 RGBA whose IDAT really inflates to 1 GiB, under 1 MiB.
#[test]
fn png_bomb_is_ic003_and_never_decoded() {
    let side = 16384u32;
    let raw_len = u64::from(side) * (u64::from(side) * 4 + 1);
    let icon = png(&[
        ihdr(side, side, 8, 6, 0),
        chunk(b"IDAT", &zeros_zlib(raw_len)),
    ]);
    assert!(icon.len() < 1024 * 1024, "{} bytes", icon.len());
    let (findings, elapsed) = check_icon(&icon);
    // IC003 reports the size; IC001 (an error for certified) says the pixels were never checked.
    assert_eq!(codes(&findings), ["IC001", "IC003"], "{findings:?}");
    assert!(message_of(&findings, "IC003").contains("16384×16384"));
    assert!(message_of(&findings, "IC003").contains("not decoded"));
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
}

/// `png-huge-dimensions`: 2^31−1 squared, 16-bit RGBA.
#[test]
fn png_huge_dimensions_is_ic003_and_never_decoded() {
    let side = 0x7fff_ffff;
    let icon = png(&[
        ihdr(side, side, 16, 6, 0),
        chunk(b"IDAT", &zeros_zlib(4096)),
    ]);
    let (findings, elapsed) = check_icon(&icon);
    assert_eq!(codes(&findings), ["IC001", "IC003"], "{findings:?}");
    assert!(message_of(&findings, "IC003").contains("2147483647×2147483647"));
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
}

/// One more than the PNG limit is not a PNG.
#[test]
fn png_side_over_the_format_limit_is_ic001() {
    let icon = png(&[
        ihdr(0x8000_0000, 230, 8, 6, 0),
        chunk(b"IDAT", &zlib(&[0; 64])),
    ]);
    let (findings, _) = check_icon(&icon);
    assert_eq!(codes(&findings), ["IC001"], "{findings:?}");
}

/// `png-ztxt-bomb`: a valid icon whose zTXt inflates to 256 MiB; text chunks are ignored.
#[test]
fn png_ztxt_bomb_is_ignored() {
    let valid = valid_icon();
    let mut text = b"Comment\0\0".to_vec();
    text.extend_from_slice(&zeros_zlib(256 * 1024 * 1024));
    let ztxt = chunk(b"zTXt", &text);
    // Insert it right after IHDR (8 + 25 bytes), before the image data.
    let mut icon = valid[..33].to_vec();
    icon.extend_from_slice(&ztxt);
    icon.extend_from_slice(&valid[33..]);
    assert!(icon.len() < 1024 * 1024, "{} bytes", icon.len());
    let (findings, elapsed) = check_icon(&icon);
    assert!(findings.is_empty(), "{findings:?}");
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
}

/// An iCCP profile and an iTXt chunk that would inflate far are dropped the same way.
#[test]
fn png_compressed_ancillary_chunks_are_ignored() {
    let valid = valid_icon();
    let mut iccp = b"icc\0\0".to_vec();
    iccp.extend_from_slice(&zeros_zlib(64 * 1024 * 1024));
    let mut itxt = b"Description\0\x01\0en\0\0".to_vec();
    itxt.extend_from_slice(&zeros_zlib(64 * 1024 * 1024));
    let mut icon = valid[..33].to_vec();
    icon.extend_from_slice(&chunk(b"iCCP", &iccp));
    icon.extend_from_slice(&chunk(b"iTXt", &itxt));
    icon.extend_from_slice(&valid[33..]);
    let (findings, elapsed) = check_icon(&icon);
    assert!(findings.is_empty(), "{findings:?}");
    assert!(elapsed < Duration::from_secs(2), "{elapsed:?}");
}

/// `png-bad-crc`: one byte of the image data flipped.
#[test]
fn png_bad_crc_is_ic001() {
    let mut icon = valid_icon();
    let at = icon.len() - 20;
    icon[at] ^= 0x55;
    let (findings, _) = check_icon(&icon);
    assert_eq!(codes(&findings), ["IC001"], "{findings:?}");
    assert!(message_of(&findings, "IC001").contains("bad CRC"));
    assert_eq!(findings[0].severity, "error");
}

/// A bad CRC in IHDR itself: no header is trusted, so IC002/IC003 say nothing.
#[test]
fn png_bad_ihdr_crc_is_ic001_only() {
    let mut icon = png(&[ihdr(471, 300, 8, 6, 0), chunk(b"IDAT", &zlib(&[0; 64]))]);
    icon[29] ^= 1;
    let (findings, _) = check_icon(&icon);
    assert_eq!(codes(&findings), ["IC001"], "{findings:?}");
    assert!(message_of(&findings, "IC001").contains("IHDR"));
}

/// `png-truncated`: cut in the middle of the image data, and at other places.
#[test]
fn png_truncated_is_ic001() {
    let icon = valid_icon();
    for cut in [
        4,
        8,
        16,
        30,
        40,
        icon.len() / 2,
        icon.len() - 12,
        icon.len() - 1,
    ] {
        let (findings, _) = check_icon(&icon[..cut]);
        assert_eq!(codes(&findings), ["IC001"], "cut at {cut}: {findings:?}");
        assert!(
            message_of(&findings, "IC001").contains("truncated"),
            "cut at {cut}: {findings:?}"
        );
    }
}

/// `png-zero-size`: IHDR declares 0×0.
#[test]
fn png_zero_size_is_ic001() {
    for (w, h) in [(0, 0), (0, 230), (230, 0)] {
        let icon = png(&[ihdr(w, h, 8, 6, 0), chunk(b"IDAT", &zlib(&[0; 16]))]);
        let (findings, _) = check_icon(&icon);
        assert_eq!(codes(&findings), ["IC001"], "{findings:?}");
        assert!(message_of(&findings, "IC001").contains(&format!("{w}×{h}")));
    }
}

/// A minimal baseline JPEG: 8×8 grey, one DC-only block (decodes with `djpeg`).
fn tiny_jpeg() -> Vec<u8> {
    let mut jpeg = vec![0xff, 0xd8]; // SOI
    // APP0 JFIF 1.01, no density, no thumbnail.
    jpeg.extend_from_slice(&[
        0xff, 0xe0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00,
        0x01, 0x00, 0x00,
    ]);
    // DQT: table 0, all ones.
    jpeg.extend_from_slice(&[0xff, 0xdb, 0x00, 0x43, 0x00]);
    jpeg.extend_from_slice(&[1; 64]);
    // SOF0: 8-bit, 8×8, one component (id 1, 1×1 sampling, table 0).
    jpeg.extend_from_slice(&[
        0xff, 0xc0, 0x00, 0x0b, 0x08, 0x00, 0x08, 0x00, 0x08, 0x01, 0x01, 0x11, 0x00,
    ]);
    // DHT DC 0 and AC 0: one 1-bit code each, for symbol 0 (DC difference 0; end of block).
    for class in [0x00, 0x10] {
        jpeg.extend_from_slice(&[0xff, 0xc4, 0x00, 0x14, class, 0x01]);
        jpeg.extend_from_slice(&[0; 15]);
        jpeg.push(0x00);
    }
    // SOS: one component, tables 0/0, spectral 0..63.
    jpeg.extend_from_slice(&[0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00]);
    // Entropy-coded data: DC code `0`, EOB `0`, padded with ones.
    jpeg.push(0x3f);
    jpeg.extend_from_slice(&[0xff, 0xd9]); // EOI
    jpeg
}

/// `png-is-jpeg`: the message says what the file really is.
#[test]
fn png_is_jpeg_says_jpeg() {
    let (findings, _) = check_icon(&tiny_jpeg());
    assert_eq!(codes(&findings), ["IC001"], "{findings:?}");
    assert_eq!(
        message_of(&findings, "IC001"),
        "icon.png is a JPEG image, not a PNG"
    );
}

/// `png-is-svg`, and the other formats a renamed file often is.
#[test]
fn png_is_svg_and_others_say_what_they_are() {
    let cases: [(&[u8], &str); 6] = [
        (
            b"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"230\" height=\"230\"/>\n",
            "icon.png is an SVG image, not a PNG",
        ),
        (b"<svg viewBox=\"0 0 1 1\"></svg>", "icon.png is an SVG image, not a PNG"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "icon.png is a GIF image, not a PNG"),
        (
            b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00",
            "icon.png is a WebP image, not a PNG",
        ),
        (
            b"BM\x3a\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00\x28\x00\x00\x00",
            "icon.png is a BMP image, not a PNG",
        ),
        (b"", "icon.png is empty"),
    ];
    for (bytes, expected) in cases {
        let (findings, _) = check_icon(bytes);
        assert_eq!(codes(&findings), ["IC001"], "{findings:?}");
        assert_eq!(message_of(&findings, "IC001"), expected);
    }
}

/// A signature mangled by a text-mode transfer (CRLF → LF) is named as such.
#[test]
fn png_with_a_text_mode_signature_is_ic001() {
    let mut icon = valid_icon();
    icon.remove(4); // "\r\n" → "\n"
    let (findings, _) = check_icon(&icon);
    assert_eq!(codes(&findings), ["IC001"], "{findings:?}");
    assert!(message_of(&findings, "IC001").contains("damaged PNG signature"));
}

/// A palette (indexed-colour) icon: decoded, corners read through the palette.
#[test]
fn palette_icon_is_valid() {
    let side = 230usize;
    let mut raw = Vec::with_capacity(side * (side + 1));
    for y in 0..side {
        raw.push(0); // filter: none
        for x in 0..side {
            // Index 1 (white) only at the bottom-right corner.
            raw.push(u8::from(x == side - 1 && y == side - 1));
        }
    }
    let palette = [BRAND[0], BRAND[1], BRAND[2], 0xff, 0xff, 0xff];
    let icon = png(&[
        ihdr(230, 230, 8, 3, 0),
        chunk(b"PLTE", &palette),
        chunk(b"IDAT", &zlib(&raw)),
    ]);
    let (findings, _) = check_icon(&icon);
    assert_eq!(codes(&findings), ["IC005", "IC006"], "{findings:?}");
    assert!(message_of(&findings, "IC005").contains("bottom-right"));
}

/// A palette icon with its palette missing is not decodable.
#[test]
fn palette_icon_without_plte_is_ic001() {
    let raw = vec![0u8; 230 * 231];
    let icon = png(&[ihdr(230, 230, 8, 3, 0), chunk(b"IDAT", &zlib(&raw))]);
    let (findings, _) = check_icon(&icon);
    assert_eq!(codes(&findings), ["IC001"], "{findings:?}");
    assert!(message_of(&findings, "IC001").contains("PLTE"));
}

/// A 16-bit RGBA icon, and a 1024×1024 one (the largest decoded: 8 MiB of pixels).
#[test]
fn sixteen_bit_icons_are_valid() {
    for side in [230u32, 1024] {
        let [r, g, b] = BRAND.map(|c| u16::from(c) * 257);
        let image = image::ImageBuffer::<image::Rgba<u16>, _>::from_pixel(
            side,
            side,
            image::Rgba([r, g, b, 65535]),
        );
        let mut bytes = Vec::new();
        image::DynamicImage::ImageRgba16(image)
            .write_to(
                &mut std::io::Cursor::new(&mut bytes),
                image::ImageFormat::Png,
            )
            .unwrap();
        let (findings, _) = check_icon(&bytes);
        let expected: &[&str] = if side == 230 { &[] } else { &["IC003"] };
        assert_eq!(codes(&findings), expected, "{findings:?}");
    }
}

/// Adam7 geometry: (x0, y0, dx, dy) of each pass.
const ADAM7: [(usize, usize, usize, usize); 7] = [
    (0, 0, 8, 8),
    (4, 0, 8, 8),
    (0, 4, 4, 8),
    (2, 0, 4, 4),
    (0, 2, 2, 4),
    (1, 0, 2, 2),
    (0, 1, 1, 2),
];

/// An Adam7-interlaced PNG (`channels` 3 = RGB or 4 = RGBA, `depth` 8 or 16) of one colour,
/// whose bottom-right pixel is `corner`.
fn interlaced(
    side: usize,
    channels: usize,
    depth: usize,
    colour: &[u16],
    corner: &[u16],
) -> Vec<u8> {
    let sample = |value: u16, out: &mut Vec<u8>| {
        if depth == 16 {
            out.extend_from_slice(&value.to_be_bytes());
        } else {
            out.push(u8::try_from(value).unwrap());
        }
    };
    let mut raw = Vec::new();
    for (x0, y0, dx, dy) in ADAM7 {
        if side <= x0 || side <= y0 {
            continue;
        }
        for y in (y0..side).step_by(dy) {
            raw.push(0);
            for x in (x0..side).step_by(dx) {
                let pixel = if x == side - 1 && y == side - 1 {
                    corner
                } else {
                    colour
                };
                for &value in pixel.iter().take(channels) {
                    sample(value, &mut raw);
                }
            }
        }
    }
    let color_type = if channels == 4 { 6 } else { 2 };
    let side = u32::try_from(side).unwrap();
    png(&[
        ihdr(side, side, u8::try_from(depth).unwrap(), color_type, 1),
        chunk(b"IDAT", &zlib(&raw)),
    ])
}

/// Adam7-interlaced icons decode, and their corners are read correctly.
#[test]
fn adam7_icons_are_valid() {
    let brand = BRAND.map(u16::from);
    let icon = interlaced(230, 3, 8, &brand, &[255, 255, 255]);
    let (findings, _) = check_icon(&icon);
    assert_eq!(codes(&findings), ["IC005", "IC006"], "{findings:?}");
    assert!(message_of(&findings, "IC005").contains("bottom-right"));

    let icon = interlaced(230, 3, 8, &brand, &brand);
    let (findings, _) = check_icon(&icon);
    assert!(findings.is_empty(), "{findings:?}");

    // The worst decodable case: 1024×1024, 16-bit RGBA, interlaced.
    let brand16 = [BRAND[0], BRAND[1], BRAND[2], 255].map(|c| u16::from(c) * 257);
    let icon = interlaced(1024, 4, 16, &brand16, &brand16);
    let (findings, elapsed) = check_icon(&icon);
    assert_eq!(codes(&findings), ["IC003"], "{findings:?}");
    assert!(elapsed < Duration::from_secs(20), "{elapsed:?}");
}

/// An APNG (acTL/fcTL before the default image) is a valid PNG.
#[test]
fn apng_icon_is_valid() {
    let valid = valid_icon();
    let mut actl = Vec::new();
    actl.extend_from_slice(&1u32.to_be_bytes()); // frames
    actl.extend_from_slice(&0u32.to_be_bytes()); // plays
    let mut fctl = Vec::new();
    fctl.extend_from_slice(&0u32.to_be_bytes()); // sequence
    fctl.extend_from_slice(&230u32.to_be_bytes());
    fctl.extend_from_slice(&230u32.to_be_bytes());
    fctl.extend_from_slice(&[0; 8]); // x, y offsets
    fctl.extend_from_slice(&[0, 1, 0, 10, 0, 0]); // delay 1/10, dispose, blend
    let mut icon = valid[..33].to_vec();
    icon.extend_from_slice(&chunk(b"acTL", &actl));
    icon.extend_from_slice(&chunk(b"fcTL", &fctl));
    icon.extend_from_slice(&valid[33..]);
    let (findings, _) = check_icon(&icon);
    assert!(findings.is_empty(), "{findings:?}");
}

/// An unknown critical chunk, a second IHDR, a missing IDAT, split IDATs and a bad zlib stream.
#[test]
fn structural_damage_is_ic001() {
    let raw = vec![0u8; 230 * (230 * 4 + 1)];
    let data = zlib(&raw);
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (
            png(&[
                ihdr(230, 230, 8, 6, 0),
                chunk(b"ABCD", b"x"),
                chunk(b"IDAT", &data),
            ]),
            "unknown critical chunk",
        ),
        (
            png(&[
                ihdr(230, 230, 8, 6, 0),
                ihdr(230, 230, 8, 6, 0),
                chunk(b"IDAT", &data),
            ]),
            "second `IHDR`",
        ),
        (png(&[ihdr(230, 230, 8, 6, 0)]), "no `IDAT`"),
        (
            png(&[
                ihdr(230, 230, 8, 6, 0),
                chunk(b"IDAT", &data[..10]),
                chunk(b"tEXt", b"a\0b"),
                chunk(b"IDAT", &data[10..]),
            ]),
            "not consecutive",
        ),
        (
            png(&[ihdr(230, 230, 8, 6, 0), chunk(b"IDAT", b"not zlib at all")]),
            "could not be decoded",
        ),
        (
            png(&[ihdr(230, 230, 8, 6, 0), chunk(b"IDAT", &zlib(&raw[..100]))]),
            "could not be decoded",
        ),
        (
            png(&[ihdr(230, 230, 3, 2, 0), chunk(b"IDAT", &data)]),
            "bit depth 3",
        ),
        (
            png(&[ihdr(230, 230, 8, 7, 0), chunk(b"IDAT", &data)]),
            "colour type 7",
        ),
    ];
    for (icon, expected) in cases {
        let (findings, _) = check_icon(&icon);
        assert_eq!(codes(&findings), ["IC001"], "{expected}: {findings:?}");
        assert!(
            message_of(&findings, "IC001").contains(expected),
            "{expected}: {findings:?}"
        );
    }
}

/// Over 1 MiB: IC007 alone, the file unread.
#[test]
fn over_one_mib_is_ic007_only() {
    let mut icon = valid_icon();
    let iend = icon.len() - 12;
    let filler = chunk(b"pcPk", &vec![0; 1024 * 1024]);
    icon.splice(iend..iend, filler);
    let (findings, _) = check_icon(&icon);
    assert_eq!(codes(&findings), ["IC007"], "{findings:?}");
}

// ---------------------------------------------------------------------------------------------
// Never panics.

/// Rewrites every intact chunk's CRC, so mutations reach the decoder instead of the CRC check.
fn fix_crcs(bytes: &mut [u8]) {
    let mut at = 8;
    while at + 12 <= bytes.len() {
        let length =
            u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]) as usize;
        let Some(end) = at.checked_add(12).and_then(|e| e.checked_add(length)) else {
            return;
        };
        if end > bytes.len() {
            return;
        }
        let crc = crc32fast::hash(&bytes[at + 4..at + 8 + length]);
        bytes[at + 8 + length..end].copy_from_slice(&crc.to_be_bytes());
        at = end;
    }
}

/// A small valid icon to mutate (32×32, one transparent white corner), encoded once.
static SMALL_ICON: LazyLock<Vec<u8>> = LazyLock::new(|| rgba_icon(32, [255, 255, 255, 0]));

fn assert_bounded(bytes: &[u8]) {
    let (_, elapsed) = check_icon(bytes);
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(
        signed in any::<bool>(),
        tail in proptest::collection::vec(any::<u8>(), 0..512),
    ) {
        let mut bytes = if signed { SIGNATURE.to_vec() } else { Vec::new() };
        bytes.extend_from_slice(&tail);
        assert_bounded(&bytes);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_pngs_never_panic(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        truncate in proptest::option::of(any::<prop::sample::Index>()),
        fix in any::<bool>(),
    ) {
        let mut bytes = SMALL_ICON.clone();
        for (index, value) in edits {
            let at = index.index(bytes.len());
            bytes[at] = value;
        }
        if let Some(index) = truncate {
            bytes.truncate(index.index(bytes.len()).max(1));
        }
        if fix {
            fix_crcs(&mut bytes);
        }
        assert_bounded(&bytes);
    }
}
