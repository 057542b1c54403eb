//! The in-memory zip reader against the archive threats of reliability.md §1.
//!
//! Every fixture is built in code: valid archives with the `zip` crate, hostile ones with the raw
//! builder below, which writes exactly the fields it is given.

use std::io::{Cursor, Write};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use pcpkg::archive::{
    ArchiveLimits, ArchiveProblem, InflateBudget, ZipRead, looks_like_zip, read_zip,
};
use proptest::prelude::*;
use zip::write::SimpleFileOptions;

const MIB: usize = 1024 * 1024;
const FLAG_UTF8: u16 = 1 << 11;
const UNIX: u16 = (3 << 8) | 20;

// ---------------------------------------------------------------------------------------------
// Fixture builders
// ---------------------------------------------------------------------------------------------

/// One entry as the raw builder writes it: every field explicit, nothing checked.
#[derive(Clone)]
struct Raw {
    name: Vec<u8>,
    /// The local header's name, when it differs from the central directory's.
    local_name: Option<Vec<u8>>,
    /// Bytes written after the local header.
    body: Vec<u8>,
    method: u16,
    flags: u16,
    crc: u32,
    csize: u32,
    usize: u32,
    made_by: u16,
    ext_attr: u32,
    cd_extra: Vec<u8>,
    /// The local-header offset the central directory gives, when not the real one.
    offset: Option<u32>,
    /// Write a local header and body at all.
    local: bool,
}

impl Raw {
    fn stored(name: impl AsRef<[u8]>, data: &[u8]) -> Raw {
        Raw {
            name: name.as_ref().to_vec(),
            local_name: None,
            body: data.to_vec(),
            method: 0,
            flags: 0,
            crc: crc32fast::hash(data),
            csize: data.len() as u32,
            usize: data.len() as u32,
            made_by: 20,
            ext_attr: 0,
            cd_extra: Vec::new(),
            offset: None,
            local: true,
        }
    }

    fn deflated(name: impl AsRef<[u8]>, data: &[u8]) -> Raw {
        let body = miniz_oxide::deflate::compress_to_vec(data, 6);
        Raw {
            method: 8,
            csize: body.len() as u32,
            body,
            ..Raw::stored(name, data)
        }
    }

    fn with(mut self, change: impl FnOnce(&mut Raw)) -> Raw {
        change(&mut self);
        self
    }
}

#[derive(Default)]
struct Footer {
    count: Option<u16>,
    cd_offset: Option<u32>,
    cd_size: Option<u32>,
    zip64: Option<Zip64>,
}

/// A ZIP64 end record and locator; the 32-bit end record then holds saturated values.
#[derive(Default)]
struct Zip64 {
    entries: Option<u64>,
    cd_size: Option<u64>,
    cd_offset: Option<u64>,
}

fn put16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}
fn put32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}
fn put64(out: &mut Vec<u8>, v: u64) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn build(entries: &[Raw]) -> Vec<u8> {
    build_with(entries, &Footer::default())
}

fn build_with(entries: &[Raw], footer: &Footer) -> Vec<u8> {
    let mut out = Vec::new();
    let mut offsets = Vec::with_capacity(entries.len());
    for e in entries {
        offsets.push(out.len() as u32);
        if !e.local {
            continue;
        }
        let name = e.local_name.as_ref().unwrap_or(&e.name);
        put32(&mut out, 0x0403_4b50);
        put16(&mut out, 20);
        put16(&mut out, e.flags);
        put16(&mut out, e.method);
        put16(&mut out, 0);
        put16(&mut out, 0x21);
        put32(&mut out, e.crc);
        put32(&mut out, e.csize);
        put32(&mut out, e.usize);
        put16(&mut out, name.len() as u16);
        put16(&mut out, 0);
        out.extend_from_slice(name);
        out.extend_from_slice(&e.body);
    }
    let cd_start = out.len();
    for (e, real_offset) in entries.iter().zip(offsets) {
        put32(&mut out, 0x0201_4b50);
        put16(&mut out, e.made_by);
        put16(&mut out, 20);
        put16(&mut out, e.flags);
        put16(&mut out, e.method);
        put16(&mut out, 0);
        put16(&mut out, 0x21);
        put32(&mut out, e.crc);
        put32(&mut out, e.csize);
        put32(&mut out, e.usize);
        put16(&mut out, e.name.len() as u16);
        put16(&mut out, e.cd_extra.len() as u16);
        put16(&mut out, 0);
        put16(&mut out, 0);
        put16(&mut out, 0);
        put32(&mut out, e.ext_attr);
        put32(&mut out, e.offset.unwrap_or(real_offset));
        out.extend_from_slice(&e.name);
        out.extend_from_slice(&e.cd_extra);
    }
    let cd_size = out.len() - cd_start;
    let (count, size32, offset32) = if let Some(z) = &footer.zip64 {
        let record = out.len() as u64;
        put32(&mut out, 0x0606_4b50);
        put64(&mut out, 44);
        put16(&mut out, 45);
        put16(&mut out, 45);
        put32(&mut out, 0);
        put32(&mut out, 0);
        let n = z.entries.unwrap_or(entries.len() as u64);
        put64(&mut out, n);
        put64(&mut out, n);
        put64(&mut out, z.cd_size.unwrap_or(cd_size as u64));
        put64(&mut out, z.cd_offset.unwrap_or(cd_start as u64));
        put32(&mut out, 0x0706_4b50);
        put32(&mut out, 0);
        put64(&mut out, record);
        put32(&mut out, 1);
        (0xFFFF, 0xFFFF_FFFF, 0xFFFF_FFFF)
    } else {
        (entries.len() as u16, cd_size as u32, cd_start as u32)
    };
    put32(&mut out, 0x0605_4b50);
    put16(&mut out, 0);
    put16(&mut out, 0);
    put16(&mut out, footer.count.unwrap_or(count));
    put16(&mut out, footer.count.unwrap_or(count));
    put32(&mut out, footer.cd_size.unwrap_or(size32));
    put32(&mut out, footer.cd_offset.unwrap_or(offset32));
    put16(&mut out, 0);
    out
}

/// A valid zip made by the `zip` crate; names ending in `/` become folders.
fn zip_crate(files: &[(&str, &[u8])], options: SimpleFileOptions) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in files {
        if name.ends_with('/') {
            writer.add_directory(*name, options).unwrap();
        } else {
            writer.start_file(*name, options).unwrap();
            writer.write_all(data).unwrap();
        }
    }
    writer.finish().unwrap().into_inner()
}

fn deflate_options() -> SimpleFileOptions {
    SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated)
}

/// `chunk` copies of `byte`, deflated once as a non-final block ending byte-aligned (sync flush), so
/// that the result can be repeated: each copy starts with a literal and refers only to itself.
fn deflate_chunk(byte: u8, chunk: usize) -> Vec<u8> {
    use miniz_oxide::deflate::core::{
        CompressorOxide, TDEFLFlush, TDEFLStatus, compress, create_comp_flags_from_zip_params,
    };
    let input = vec![byte; chunk];
    let mut compressor = CompressorOxide::new(create_comp_flags_from_zip_params(9, -15, 0));
    let mut out = vec![0u8; chunk / 16 + 4096];
    let (status, used_in, used_out) = compress(&mut compressor, &input, &mut out, TDEFLFlush::Sync);
    assert!(matches!(status, TDEFLStatus::Okay), "{status:?}");
    assert_eq!(used_in, chunk);
    out.truncate(used_out);
    out
}

/// A raw deflate stream of `chunks * chunk` copies of `byte`: the chunk repeated, then an empty
/// final block.
fn deflate_repeated(byte: u8, chunk: usize, chunks: usize) -> Vec<u8> {
    let one = deflate_chunk(byte, chunk);
    let mut out = Vec::with_capacity(one.len() * chunks + 2);
    for _ in 0..chunks {
        out.extend_from_slice(&one);
    }
    // BFINAL=1, BTYPE=01 (fixed Huffman), then end-of-block (seven zero bits).
    out.extend_from_slice(&[0x03, 0x00]);
    out
}

/// Deterministic incompressible bytes.
fn noise(len: usize, seed: u32) -> Vec<u8> {
    let mut state = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            (state >> 8) as u8
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Assertions
// ---------------------------------------------------------------------------------------------

fn read(bytes: &[u8]) -> ZipRead {
    read_zip(
        bytes,
        &ArchiveLimits::default(),
        &mut InflateBudget::standard(),
    )
}

/// Every message follows the house style: lowercase start, no trailing period.
fn check_style(read: &ZipRead) {
    for p in &read.problems {
        let first = p.message.chars().next().expect("empty message");
        assert!(!first.is_uppercase(), "capitalised: {}", p.message);
        assert!(!p.message.ends_with('.'), "trailing period: {}", p.message);
    }
    if read.is_fatal() {
        assert!(read.entries.is_empty());
        assert!(!read.problems.is_empty());
    }
}

/// The problem about `entry` whose message contains `needle`; the message must quote `shown`.
fn entry_problem<'a>(
    read: &'a ZipRead,
    entry: &str,
    shown: &str,
    needle: &str,
) -> &'a ArchiveProblem {
    check_style(read);
    let found = read
        .problems
        .iter()
        .find(|p| p.entry.as_deref() == Some(entry) && p.message.contains(needle))
        .unwrap_or_else(|| {
            panic!(
                "no problem for {entry:?} mentioning {needle:?}: {:#?}",
                read.problems
            )
        });
    assert!(
        found.message.contains(&format!("`{shown}`")),
        "{} does not quote `{shown}`",
        found.message
    );
    found
}

/// The archive-wide problem whose message contains `needle`.
fn archive_problem<'a>(read: &'a ZipRead, needle: &str) -> &'a ArchiveProblem {
    check_style(read);
    read.problems
        .iter()
        .find(|p| p.entry.is_none() && p.message.contains(needle))
        .unwrap_or_else(|| {
            panic!(
                "no archive problem mentioning {needle:?}: {:#?}",
                read.problems
            )
        })
}

fn assert_clean(read: &ZipRead) {
    check_style(read);
    assert!(read.problems.is_empty(), "{:#?}", read.problems);
    assert!(!read.is_fatal());
}

fn entry<'a>(read: &'a ZipRead, name: &str) -> &'a pcpkg::archive::ZipEntry {
    read.entries
        .iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no entry {name:?}"))
}

// ---------------------------------------------------------------------------------------------
// Valid archives
// ---------------------------------------------------------------------------------------------

const SWAGGER: &[u8] = br#"{"swagger":"2.0","info":{"title":"Demo","version":"1.0"},"paths":{}}"#;
const PROPERTIES: &[u8] = br#"{"properties":{"publisher":"Contoso"}}"#;

#[test]
fn valid_three_file_zip_round_trips() {
    let icon = noise(3000, 7);
    for options in [deflate_options(), SimpleFileOptions::default()] {
        let files: [(&str, &[u8]); 3] = [
            ("apiDefinition.swagger.json", SWAGGER),
            ("apiProperties.json", PROPERTIES),
            ("icon.png", &icon),
        ];
        let bytes = zip_crate(&files, options);
        assert!(looks_like_zip(&bytes));
        let read = read(&bytes);
        assert_clean(&read);
        assert_eq!(read.entries.len(), 3);
        for ((name, data), entry) in files.iter().zip(&read.entries) {
            assert_eq!(entry.name, *name);
            assert_eq!(entry.data.as_deref(), Some(*data));
            assert_eq!(entry.uncompressed_size, data.len() as u64);
            assert!(!entry.is_dir && !entry.is_symlink);
        }
    }
}

#[test]
fn wrapping_folder_and_macos_junk_are_not_problems() {
    let files: [(&str, &[u8]); 7] = [
        ("MyConnector/", b""),
        ("MyConnector/apiDefinition.swagger.json", SWAGGER),
        ("MyConnector/apiProperties.json", PROPERTIES),
        ("MyConnector/icon.png", b"\x89PNG\r\n\x1a\n"),
        ("__MACOSX/", b""),
        ("__MACOSX/MyConnector/", b""),
        ("__MACOSX/MyConnector/._icon.png", b"\x00\x05\x16\x07"),
    ];
    let read = read(&zip_crate(&files, deflate_options()));
    assert_clean(&read);
    let names: Vec<&str> = read.entries.iter().map(|e| e.name.as_str()).collect();
    let expected: Vec<&str> = files.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, expected, "central-directory order");
    for ((name, data), entry) in files.iter().zip(&read.entries) {
        if name.ends_with('/') {
            assert!(entry.is_dir);
            assert_eq!(entry.data, None);
        } else {
            assert_eq!(entry.data.as_deref(), Some(*data));
        }
    }
}

#[test]
fn empty_but_valid_zip_has_no_entries_and_no_problems() {
    let bytes = zip_crate(&[], deflate_options());
    assert_eq!(bytes.len(), 22);
    assert!(looks_like_zip(&bytes));
    let read = read(&bytes);
    assert_clean(&read);
    assert!(read.entries.is_empty());
}

#[test]
fn data_descriptor_entries_read_fine() {
    // A streamed entry: flag bit 3, zeros in the local header, the real values in the directory.
    let data = b"streamed content, streamed content, streamed content";
    let deflated = miniz_oxide::deflate::compress_to_vec(data, 6);
    let mut body = deflated.clone();
    put32(&mut body, 0x0807_4b50);
    put32(&mut body, crc32fast::hash(data));
    put32(&mut body, deflated.len() as u32);
    put32(&mut body, data.len() as u32);
    let mut bytes = build(&[Raw::deflated("streamed.txt", data).with(|e| {
        e.flags = 1 << 3;
        e.body = body;
    })]);
    // Zero the local header's CRC and sizes, as a streaming writer does.
    bytes[14..26].fill(0);
    let read = read(&bytes);
    assert_clean(&read);
    assert_eq!(read.entries[0].data.as_deref(), Some(&data[..]));
}

#[test]
fn custom_limits_allow_a_high_ratio() {
    // Also proves the repeated-chunk generator makes valid deflate.
    let chunk = 256 * 1024;
    let stream = deflate_repeated(b' ', chunk, 3);
    let content = vec![b' '; 3 * chunk];
    let bytes = build(&[Raw::stored("spaces.json", &content).with(|e| {
        e.method = 8;
        e.csize = stream.len() as u32;
        e.body = stream.clone();
    })]);
    let limits = ArchiveLimits {
        max_ratio: u64::MAX,
        ..ArchiveLimits::default()
    };
    let read = read_zip(&bytes, &limits, &mut InflateBudget::standard());
    assert_clean(&read);
    assert_eq!(read.entries[0].data.as_deref(), Some(&content[..]));
    // The default limits refuse it.
    let read = self::read(&bytes);
    entry_problem(&read, "spaces.json", "spaces.json", "ratio");
}

// ---------------------------------------------------------------------------------------------
// 1.1 Zip slip
// ---------------------------------------------------------------------------------------------

fn assert_unsafe_name(name: &str, reason: &str) {
    let bytes = build(&[
        Raw::stored("apiProperties.json", PROPERTIES),
        Raw::stored(name, b"owned"),
    ]);
    let read = read(&bytes);
    assert!(!read.is_fatal());
    let p = entry_problem(&read, name, name, reason);
    assert!(p.message.contains("zip slip"), "{}", p.message);
    let hostile = entry(&read, name);
    assert_eq!(hostile.data, None, "an unsafe entry is listed but not read");
    assert_eq!(
        entry(&read, "apiProperties.json").data.as_deref(),
        Some(PROPERTIES)
    );
    assert_eq!(read.problems.len(), 1, "{:#?}", read.problems);
}

#[test]
fn zip_slip_dotdot() {
    assert_unsafe_name("../../tmp/pcpkg-hostile-escape", "`..` component");
}

#[test]
fn zip_slip_absolute() {
    assert_unsafe_name("/tmp/pcpkg-hostile-escape", "absolute path");
}

#[test]
fn zip_slip_inner_dotdot() {
    assert_unsafe_name("Connector/../../tmp/pcpkg-hostile-escape", "`..` component");
}

#[test]
fn zip_slip_drive_letter() {
    assert_unsafe_name("C:/Windows/Temp/pcpkg-hostile-escape", "drive letter");
    assert_unsafe_name("c:pcpkg-hostile-escape", "drive letter");
}

#[test]
fn zip_slip_backslash() {
    let name = "..\\..\\tmp\\pcpkg-hostile-escape";
    assert_unsafe_name(name, "`\\` separator");
    assert_unsafe_name(name, "`..` component");
    // A backslash alone is a finding too: it is a separator on Windows only.
    assert_unsafe_name("Connector\\icon.png", "`\\` separator");
}

#[test]
fn zip_slip_unc() {
    assert_unsafe_name("\\\\server\\share\\pcpkg-hostile-escape", "UNC prefix");
    assert_unsafe_name("//server/share/pcpkg-hostile-escape", "UNC prefix");
}

#[test]
fn zip_name_nul() {
    let name = "icon.png\0../../tmp/pcpkg-hostile-escape";
    let bytes = build(&[Raw::stored(name, b"\x89PNG")]);
    let read = read(&bytes);
    let p = entry_problem(
        &read,
        name,
        "icon.png\\u{0}../../tmp/pcpkg-hostile-escape",
        "NUL byte",
    );
    assert!(
        !p.message.contains('\0'),
        "the NUL is escaped in the message"
    );
    assert_eq!(
        read.entries[0].name, name,
        "the name is kept whole, not cut"
    );
    assert_eq!(read.entries[0].data, None);
}

#[test]
fn zip_name_empty() {
    let read = read(&build(&[Raw::stored("", b"x")]));
    check_style(&read);
    let p = read
        .problems
        .iter()
        .find(|p| p.entry.as_deref() == Some("") && p.message.contains("empty name"))
        .expect("an empty-name problem");
    assert!(p.message.contains("entry #1"), "names the entry by number");
    assert_eq!(read.entries[0].data, None);
}

// ---------------------------------------------------------------------------------------------
// 1.2 Symlinks
// ---------------------------------------------------------------------------------------------

#[test]
fn zip_symlink_file() {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    writer
        .start_file("apiProperties.json", deflate_options())
        .unwrap();
    writer.write_all(PROPERTIES).unwrap();
    writer
        .add_symlink(
            "icon.png",
            "/tmp/pcpkg-canary",
            SimpleFileOptions::default(),
        )
        .unwrap();
    let bytes = writer.finish().unwrap().into_inner();
    let read = read(&bytes);
    entry_problem(&read, "icon.png", "icon.png", "symbolic link");
    let link = entry(&read, "icon.png");
    assert!(link.is_symlink);
    assert_eq!(link.data, None, "a link target is never read");
    assert!(!entry(&read, "apiProperties.json").is_symlink);
    assert_eq!(read.problems.len(), 1);
}

#[test]
fn zip_symlink_dir() {
    let bytes = build(&[
        Raw::stored("Connector", b"/tmp").with(|e| {
            e.made_by = UNIX;
            e.ext_attr = 0o120_777 << 16;
        }),
        Raw::stored("Connector/owned.txt", b"owned").with(|e| {
            e.made_by = UNIX;
            e.ext_attr = 0o100_644 << 16;
        }),
    ]);
    let read = read(&bytes);
    entry_problem(&read, "Connector", "Connector", "symbolic link");
    assert!(entry(&read, "Connector").is_symlink);
    assert!(!entry(&read, "Connector/owned.txt").is_symlink);
    // Mode bits without a Unix host are not a link.
    let read = self::read(&build(&[Raw::stored("a", b"/tmp").with(|e| {
        e.ext_attr = 0o120_777 << 16;
    })]));
    assert_clean(&read);
}

// ---------------------------------------------------------------------------------------------
// 1.3 Duplicates and collisions
// ---------------------------------------------------------------------------------------------

#[test]
fn zip_duplicate_name() {
    let bytes = build(&[
        Raw::stored("apiProperties.json", PROPERTIES),
        Raw::stored(
            "apiProperties.json",
            br#"{"properties":{"publisher":"Mallory"}}"#,
        ),
    ]);
    let read = read(&bytes);
    let p = entry_problem(
        &read,
        "apiProperties.json",
        "apiProperties.json",
        "more than once",
    );
    assert!(p.message.contains("#1") && p.message.contains("#2"));
    assert_eq!(read.entries.len(), 2, "both copies are listed");
    assert_eq!(read.problems.len(), 1);
}

#[test]
fn zip_case_collision() {
    let bytes = build(&[
        Raw::stored("apiDefinition.swagger.json", SWAGGER),
        Raw::stored(
            "APIDEFINITION.SWAGGER.JSON",
            br#"{"swagger":"2.0","host":"collect.mallory.example"}"#,
        ),
    ]);
    let read = read(&bytes);
    let p = entry_problem(
        &read,
        "APIDEFINITION.SWAGGER.JSON",
        "APIDEFINITION.SWAGGER.JSON",
        "differ only in case",
    );
    assert!(
        p.message.contains("`apiDefinition.swagger.json`"),
        "names both"
    );
}

#[test]
fn zip_case_collision_nfc() {
    let composed = "caf\u{e9}.txt";
    let decomposed = "cafe\u{301}.txt";
    let bytes = build(&[
        Raw::stored(composed, b"one").with(|e| e.flags = FLAG_UTF8),
        Raw::stored(decomposed, b"two").with(|e| e.flags = FLAG_UTF8),
    ]);
    let read = read(&bytes);
    let p = entry_problem(&read, decomposed, decomposed, "Unicode normalisation");
    assert!(p.message.contains(&format!("`{composed}`")));
    // Names are kept exactly as stored, not normalised.
    assert_eq!(read.entries[0].name, composed);
    assert_eq!(read.entries[1].name, decomposed);
}

#[test]
fn backslash_and_slash_collide() {
    let bytes = build(&[
        Raw::stored("a/b.txt", b"one"),
        Raw::stored("A\\B.txt", b"two"),
    ]);
    let read = read(&bytes);
    entry_problem(&read, "A\\B.txt", "A\\B.txt", "differ only in case");
}

// ---------------------------------------------------------------------------------------------
// 1.4 Overlapping entries
// ---------------------------------------------------------------------------------------------

/// David Fifield's quoted-overlap bomb: every entry's data starts with a stored block quoting the
/// next local header, and all share one deflate kernel.
fn quoted_overlap_bomb(entries: usize, kernel_chunks: usize) -> Vec<u8> {
    let kernel = deflate_repeated(b'a', MIB, kernel_chunks);
    let kernel_inflated = (kernel_chunks * MIB) as u32;
    let header = 30 + 4; // four-byte names
    let quote = 5; // a stored-block header
    let kernel_start = (entries - 1) * (header + quote) + header;
    let kernel_end = kernel_start + kernel.len();
    let raws: Vec<Raw> = (0..entries)
        .map(|i| {
            let data_start = i * (header + quote) + header;
            let last = i == entries - 1;
            let body = if last {
                kernel.clone()
            } else {
                let len = header as u16;
                let mut block = vec![0x00];
                block.extend_from_slice(&len.to_le_bytes());
                block.extend_from_slice(&(!len).to_le_bytes());
                block
            };
            Raw::stored(format!("{i:04}"), b"").with(|e| {
                e.method = 8;
                e.body = body;
                e.csize = (kernel_end - data_start) as u32;
                e.usize = ((entries - 1 - i) * header) as u32 + kernel_inflated;
                e.crc = 0x1234_5678;
            })
        })
        .collect();
    build(&raws)
}

#[test]
fn zip_overlap_bomb() {
    let bytes = quoted_overlap_bomb(100, 21);
    assert!(bytes.len() < 200_000, "{} bytes", bytes.len());
    let mut budget = InflateBudget::standard();
    let start = Instant::now();
    let read = read_zip(&bytes, &ArchiveLimits::default(), &mut budget);
    let took = start.elapsed();
    assert!(!read.is_fatal());
    assert_eq!(read.entries.len(), 100);
    for i in 1..100 {
        let name = format!("{i:04}");
        let p = entry_problem(&read, &name, &name, "overlap");
        assert!(p.message.contains("zip bomb"));
    }
    assert!(read.entries.iter().all(|e| e.data.is_none()));
    assert_eq!(
        budget.remaining(),
        InflateBudget::standard().remaining(),
        "nothing was inflated"
    );
    assert!(took < Duration::from_secs(1), "{took:?}");
}

#[test]
fn zip_overlap_full() {
    // One local header and kernel; every central-directory record points at it.
    let kernel = deflate_repeated(b'a', MIB, 21);
    let first = Raw::stored("0000", b"").with(|e| {
        e.method = 8;
        e.csize = kernel.len() as u32;
        e.usize = (21 * MIB) as u32;
        e.body = kernel.clone();
    });
    let mut raws = vec![first.clone()];
    for i in 1..100 {
        raws.push(first.clone().with(|e| {
            e.name = format!("{i:04}").into_bytes();
            e.offset = Some(0);
            e.local = false;
        }));
    }
    let bytes = build(&raws);
    let mut budget = InflateBudget::standard();
    let read = read_zip(&bytes, &ArchiveLimits::default(), &mut budget);
    for i in 1..100 {
        let name = format!("{i:04}");
        let p = entry_problem(&read, &name, &name, "overlap");
        assert!(p.message.contains("`0000`") || p.message.contains("`0001`"));
        entry_problem(&read, &name, &name, "names it `0000`");
    }
    assert!(read.entries.iter().all(|e| e.data.is_none()));
    assert_eq!(budget.remaining(), InflateBudget::standard().remaining());
}

#[test]
fn entry_reaching_into_the_central_directory() {
    let bytes = build(&[
        Raw::stored("a.txt", b"hello"),
        Raw::stored("b.txt", b"world").with(|e| e.csize = 40),
    ]);
    let read = read(&bytes);
    entry_problem(
        &read,
        "b.txt",
        "b.txt",
        "reaches into the central directory",
    );
    assert_eq!(entry(&read, "a.txt").data.as_deref(), Some(&b"hello"[..]));
    assert_eq!(entry(&read, "b.txt").data, None);
}

// ---------------------------------------------------------------------------------------------
// 1.5 Deflate bombs and lying sizes
// ---------------------------------------------------------------------------------------------

/// 1 GiB of spaces in about 1 MB of deflate.
fn gigabyte_of_spaces() -> &'static [u8] {
    static STREAM: OnceLock<Vec<u8>> = OnceLock::new();
    STREAM.get_or_init(|| deflate_repeated(b' ', MIB, 1024))
}

fn bomb(declared: u32) -> Vec<u8> {
    let stream = gigabyte_of_spaces();
    build(&[
        Raw::stored("apiProperties.json", PROPERTIES),
        Raw::stored("apiDefinition.swagger.json", b"").with(|e| {
            e.method = 8;
            e.body = stream.to_vec();
            e.csize = stream.len() as u32;
            e.usize = declared;
        }),
    ])
}

#[test]
fn zip_deflate_bomb() {
    let bytes = bomb(1 << 30);
    assert!(bytes.len() < 2_000_000, "{} bytes", bytes.len());
    let mut budget = InflateBudget::standard();
    let start = Instant::now();
    let read = read_zip(&bytes, &ArchiveLimits::default(), &mut budget);
    assert!(start.elapsed() < Duration::from_secs(1));
    let p = entry_problem(
        &read,
        "apiDefinition.swagger.json",
        "apiDefinition.swagger.json",
        "over the limit of 32 MiB",
    );
    assert!(p.message.contains("1073741824"));
    assert_eq!(entry(&read, "apiDefinition.swagger.json").data, None);
    assert_eq!(
        entry(&read, "apiProperties.json").data.as_deref(),
        Some(PROPERTIES)
    );
    assert_eq!(
        InflateBudget::standard().remaining() - budget.remaining(),
        PROPERTIES.len() as u64
    );
}

#[test]
fn zip_deflate_bomb_lying_size() {
    let bytes = bomb(2048);
    let mut budget = InflateBudget::standard();
    let start = Instant::now();
    let read = read_zip(&bytes, &ArchiveLimits::default(), &mut budget);
    assert!(start.elapsed() < Duration::from_secs(1));
    entry_problem(
        &read,
        "apiDefinition.swagger.json",
        "apiDefinition.swagger.json",
        "declared size lies",
    );
    assert_eq!(entry(&read, "apiDefinition.swagger.json").data, None);
    let spent = InflateBudget::standard().remaining() - budget.remaining();
    assert!(
        spent <= (PROPERTIES.len() + 2049) as u64,
        "inflation stopped at declared + 1: {spent}"
    );
}

#[test]
fn inflation_stops_at_the_entry_limit() {
    // With the ratio check out of the way, a bomb declaring exactly the limit is inflated only up to
    // the limit + 1 byte.
    let limits = ArchiveLimits {
        max_entry_inflated: MIB as u64,
        max_ratio: u64::MAX,
        ..ArchiveLimits::default()
    };
    let bytes = bomb(MIB as u32);
    let mut budget = InflateBudget::standard();
    let start = Instant::now();
    let read = read_zip(&bytes, &limits, &mut budget);
    assert!(start.elapsed() < Duration::from_secs(1));
    entry_problem(
        &read,
        "apiDefinition.swagger.json",
        "apiDefinition.swagger.json",
        "more than the 1048576 bytes it declares",
    );
    let spent = InflateBudget::standard().remaining() - budget.remaining();
    assert!(spent <= (PROPERTIES.len() + MIB + 1) as u64, "{spent}");
}

#[test]
fn declared_size_larger_than_content_lies() {
    let read = read(&build(&[
        Raw::deflated("a.txt", b"short").with(|e| e.usize = 100)
    ]));
    entry_problem(
        &read,
        "a.txt",
        "a.txt",
        "inflates to 5 bytes but declares 100",
    );
    let read = self::read(&build(&[
        Raw::stored("b.txt", b"short").with(|e| e.usize = 4)
    ]));
    entry_problem(&read, "b.txt", "b.txt", "declared size lies");
}

#[test]
fn high_ratio_small_entry() {
    let zeros = vec![0u8; 5000];
    let raw = Raw::deflated("zeros.bin", &zeros);
    assert!(raw.csize * 100 < 5000, "ratio {}", 5000 / raw.csize);
    let read = read(&build(&[raw]));
    let p = entry_problem(&read, "zeros.bin", "zeros.bin", "ratio over 100:1");
    assert!(p.message.contains("5000"));
    assert_eq!(read.entries[0].data, None);
    // At or below 4 KiB the ratio is not checked.
    let read = self::read(&build(&[Raw::deflated("zeros.bin", &zeros[..4096])]));
    assert_clean(&read);
}

#[test]
fn budget_is_shared_between_calls() {
    let first = build(&[Raw::stored("a.bin", &noise(6000, 1))]);
    let second = build(&[Raw::deflated("b.bin", &noise(6000, 2))]);
    let limits = ArchiveLimits::default();
    let mut budget = InflateBudget::new(10_000);
    let read = read_zip(&first, &limits, &mut budget);
    assert_clean(&read);
    assert_eq!(budget.remaining(), 4000);
    let read = read_zip(&second, &limits, &mut budget);
    let p = entry_problem(&read, "b.bin", "b.bin", "in total");
    assert!(p.message.contains("4000 bytes left"), "{}", p.message);
    assert_eq!(read.entries[0].data, None);
    assert_eq!(budget.remaining(), 4000, "a refused entry costs nothing");
    assert_eq!(InflateBudget::standard().remaining(), 256 * MIB as u64);
}

// ---------------------------------------------------------------------------------------------
// 1.7 ZIP64
// ---------------------------------------------------------------------------------------------

#[test]
fn zip64_valid() {
    let files: [(&str, &[u8]); 3] = [
        ("apiDefinition.swagger.json", SWAGGER),
        ("apiProperties.json", PROPERTIES),
        ("icon.png", b"\x89PNG\r\n\x1a\n"),
    ];
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    // A ZIP64 comment forces the ZIP64 end record and locator.
    writer.set_zip64_comment(Some("zip64"));
    for (name, data) in files {
        writer
            .start_file(name, deflate_options().large_file(true))
            .unwrap();
        writer.write_all(data).unwrap();
    }
    let bytes = writer.finish().unwrap().into_inner();
    assert!(
        bytes.windows(4).any(|w| w == b"PK\x06\x06"),
        "the fixture has a ZIP64 end record"
    );
    let read = read(&bytes);
    assert_clean(&read);
    for ((name, data), entry) in files.iter().zip(&read.entries) {
        assert_eq!(entry.name, *name);
        assert_eq!(entry.data.as_deref(), Some(*data));
    }
}

/// A ZIP64 extra field with the given 64-bit values.
fn zip64_extra(values: &[u64]) -> Vec<u8> {
    let mut extra = Vec::new();
    put16(&mut extra, 0x0001);
    put16(&mut extra, (values.len() * 8) as u16);
    for v in values {
        put64(&mut extra, *v);
    }
    extra
}

#[test]
fn zip64_saturated_fields_read_fine() {
    // Every 32-bit value saturated, the real ones in ZIP64 extra fields and the ZIP64 end record.
    let mut offset = 0u64;
    let raws: Vec<Raw> = [("a.txt", &b"alpha"[..]), ("b.txt", &b"bravo bravo"[..])]
        .iter()
        .map(|(name, data)| {
            let raw = Raw::deflated(name, data);
            let real = (raw.usize as u64, raw.csize as u64, offset);
            offset += 30 + name.len() as u64 + raw.body.len() as u64;
            raw.with(|e| {
                e.usize = u32::MAX;
                e.csize = u32::MAX;
                e.offset = Some(u32::MAX);
                // An unrelated extra field first, to check the walk over fields.
                e.cd_extra = vec![0x55, 0x54, 0x01, 0x00, 0x00];
                e.cd_extra.extend(zip64_extra(&[real.0, real.1, real.2]));
            })
        })
        .collect();
    let bytes = build_with(
        &raws,
        &Footer {
            zip64: Some(Zip64::default()),
            ..Footer::default()
        },
    );
    let read = read(&bytes);
    assert_clean(&read);
    assert_eq!(read.entries[0].data.as_deref(), Some(&b"alpha"[..]));
    assert_eq!(read.entries[1].data.as_deref(), Some(&b"bravo bravo"[..]));
    assert_eq!(read.entries[1].uncompressed_size, 11);
}

#[test]
fn zip64_huge_declared_size() {
    let huge = 1u64 << 62;
    let raw = Raw::deflated("apiDefinition.swagger.json", SWAGGER);
    let csize = raw.csize as u64;
    let bytes = build(&[raw.with(|e| {
        e.usize = u32::MAX;
        e.cd_extra = zip64_extra(&[huge]);
    })]);
    let read = read(&bytes);
    let p = entry_problem(
        &read,
        "apiDefinition.swagger.json",
        "apiDefinition.swagger.json",
        "over the limit",
    );
    assert!(p.message.contains(&huge.to_string()));
    assert_eq!(read.entries[0].uncompressed_size, huge);
    assert_eq!(read.entries[0].compressed_size, csize);
    assert_eq!(read.entries[0].data, None);

    // A huge compressed size runs past the end of the file.
    let bytes = build(&[Raw::stored("a.txt", b"x").with(|e| {
        e.csize = u32::MAX;
        e.usize = u32::MAX;
        e.cd_extra = zip64_extra(&[huge, huge]);
    })]);
    let read = self::read(&bytes);
    entry_problem(&read, "a.txt", "a.txt", "runs past the end");

    // Saturated sizes without a ZIP64 extra field.
    let bytes = build(&[Raw::stored("b.txt", b"x").with(|e| e.usize = u32::MAX)]);
    let read = self::read(&bytes);
    entry_problem(&read, "b.txt", "b.txt", "no ZIP64 extra field");
}

#[test]
fn zip64_huge_entry_count() {
    let bytes = build_with(
        &[Raw::stored("a.txt", b"x")],
        &Footer {
            zip64: Some(Zip64 {
                entries: Some(1 << 40),
                ..Zip64::default()
            }),
            ..Footer::default()
        },
    );
    let start = Instant::now();
    let read = read(&bytes);
    assert!(start.elapsed() < Duration::from_secs(1));
    assert!(read.is_fatal());
    archive_problem(&read, "1099511627776 entries, over the limit of 10,000");
}

#[test]
fn zip64_huge_central_directory() {
    let bytes = build_with(
        &[Raw::stored("a.txt", b"x")],
        &Footer {
            zip64: Some(Zip64 {
                cd_size: Some(1 << 62),
                ..Zip64::default()
            }),
            ..Footer::default()
        },
    );
    let read = read(&bytes);
    assert!(read.is_fatal());
    archive_problem(&read, "runs past the end-of-central-directory record");
}

#[test]
fn zip64_locator_pointing_nowhere() {
    let mut bytes = build_with(
        &[Raw::stored("a.txt", b"x")],
        &Footer {
            zip64: Some(Zip64::default()),
            ..Footer::default()
        },
    );
    // Break the ZIP64 end record's signature.
    let at = bytes.windows(4).rposition(|w| w == b"PK\x06\x06").unwrap();
    bytes[at] = b'X';
    let read = read(&bytes);
    assert!(read.is_fatal());
    archive_problem(&read, "ZIP64 end-of-central-directory record is missing");
}

#[test]
fn zip64_markers_without_a_zip64_record() {
    let bytes = build_with(
        &[Raw::stored("a.txt", b"x")],
        &Footer {
            cd_offset: Some(u32::MAX),
            ..Footer::default()
        },
    );
    let read = read(&bytes);
    assert!(read.is_fatal());
    archive_problem(&read, "there is no ZIP64 end record");
}

#[test]
fn zip_100k_entries() {
    let raws: Vec<Raw> = (0..100_004)
        .map(|i| Raw::stored(format!("{i:06}"), b""))
        .collect();
    // Declared honestly in a ZIP64 end record.
    let bytes = build_with(
        &raws,
        &Footer {
            zip64: Some(Zip64::default()),
            ..Footer::default()
        },
    );
    let start = Instant::now();
    let read = read(&bytes);
    assert!(start.elapsed() < Duration::from_secs(1));
    assert!(read.is_fatal());
    archive_problem(&read, "100004 entries, over the limit of 10,000");

    // The end record lies (5 entries): the walk stops at the limit.
    let bytes = build_with(
        &raws,
        &Footer {
            count: Some(5),
            ..Footer::default()
        },
    );
    let start = Instant::now();
    let read = self::read(&bytes);
    assert!(start.elapsed() < Duration::from_secs(1));
    assert!(read.is_fatal());
    archive_problem(&read, "more than 10,000 entries");
}

#[test]
fn entry_count_over_a_custom_limit() {
    let raws: Vec<Raw> = (0..11).map(|i| Raw::stored(format!("{i}"), b"")).collect();
    let limits = ArchiveLimits {
        max_entries: 10,
        ..ArchiveLimits::default()
    };
    let read = read_zip(&build(&raws), &limits, &mut InflateBudget::standard());
    assert!(read.is_fatal());
    archive_problem(&read, "11 entries, over the limit of 10");
    let read = read_zip(&build(&raws[..10]), &limits, &mut InflateBudget::standard());
    assert_clean(&read);
}

// ---------------------------------------------------------------------------------------------
// 1.8 Encryption, methods, CRC
// ---------------------------------------------------------------------------------------------

#[test]
fn zip_encrypted() {
    let bytes = build(&[Raw::stored("apiProperties.json", PROPERTIES).with(|e| e.flags = 1)]);
    let read = read(&bytes);
    entry_problem(
        &read,
        "apiProperties.json",
        "apiProperties.json",
        "encrypted",
    );
    assert_eq!(read.entries[0].data, None);

    // Real ZipCrypto, password `pcpkg`.
    use zip::unstable::write::FileOptionsExt;
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    writer
        .start_file(
            "apiProperties.json",
            deflate_options().with_deprecated_encryption(b"pcpkg"),
        )
        .unwrap();
    writer.write_all(PROPERTIES).unwrap();
    let bytes = writer.finish().unwrap().into_inner();
    let read = self::read(&bytes);
    entry_problem(
        &read,
        "apiProperties.json",
        "apiProperties.json",
        "encrypted",
    );
    assert_eq!(read.problems.len(), 1, "{:#?}", read.problems);
    assert_eq!(read.entries[0].data, None);
}

#[test]
fn unsupported_method() {
    let bytes = build(&[Raw::stored("icon.png", b"BZh91AY&SY").with(|e| e.method = 12)]);
    let read = read(&bytes);
    let p = entry_problem(&read, "icon.png", "icon.png", "compression method 12");
    assert!(p.message.contains("bzip2"));
    assert_eq!(read.entries[0].data, None);
}

#[test]
fn crc_mismatch() {
    let bytes = build(&[
        Raw::deflated("apiProperties.json", PROPERTIES).with(|e| e.crc ^= 1),
        Raw::stored("b.txt", b"bravo").with(|e| e.crc ^= 1),
    ]);
    let read = read(&bytes);
    entry_problem(&read, "apiProperties.json", "apiProperties.json", "CRC-32");
    entry_problem(&read, "b.txt", "b.txt", "CRC-32");
    assert!(read.entries.iter().all(|e| e.data.is_none()));
}

#[test]
fn corrupt_deflate_data() {
    let bytes = build(&[Raw::stored("a.txt", &[0xFF; 16]).with(|e| {
        e.method = 8;
        e.usize = 100;
    })]);
    let read = read(&bytes);
    entry_problem(&read, "a.txt", "a.txt", "corrupt deflate data");
}

// ---------------------------------------------------------------------------------------------
// 1.9 Truncated or corrupt central directory
// ---------------------------------------------------------------------------------------------

fn valid_zip() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        zip_crate(
            &[
                ("Connector/", b""),
                ("Connector/apiDefinition.swagger.json", SWAGGER),
                ("Connector/apiProperties.json", PROPERTIES),
                ("Connector/icon.png", &noise(300, 3)),
            ],
            deflate_options(),
        )
    })
}

#[test]
fn zip_truncated() {
    let bytes = valid_zip();
    for len in [bytes.len() / 2, bytes.len() - 10, 21, 4] {
        let read = read(&bytes[..len]);
        assert!(read.is_fatal(), "cut at {len}");
        archive_problem(
            &read,
            "no end-of-central-directory record: the file is truncated or not a zip",
        );
    }
}

#[test]
fn zip_cd_offset_past_eof() {
    let bytes = build_with(
        &[Raw::stored("a.txt", b"x")],
        &Footer {
            cd_offset: Some(1_000_000),
            ..Footer::default()
        },
    );
    let read = read(&bytes);
    assert!(read.is_fatal());
    archive_problem(&read, "offset (1000000) is past the end of the file");

    // Inside the file, but then the directory runs past the end record.
    let bytes = build_with(
        &[Raw::stored("a.txt", b"x")],
        &Footer {
            cd_size: Some(1000),
            ..Footer::default()
        },
    );
    let read = self::read(&bytes);
    assert!(read.is_fatal());
    archive_problem(&read, "runs past the end-of-central-directory record");

    // Pointing at something that is not a central-directory record.
    let bytes = build_with(
        &[Raw::stored("a.txt", b"x")],
        &Footer {
            cd_offset: Some(0),
            cd_size: Some(46),
            ..Footer::default()
        },
    );
    let read = self::read(&bytes);
    assert!(read.is_fatal());
    archive_problem(&read, "no central-directory signature");
}

#[test]
fn zip_cd_count_mismatch() {
    let raws = [
        Raw::stored("a.txt", b"alpha"),
        Raw::stored("b.txt", b"bravo"),
    ];
    let read = read(&build_with(
        &raws,
        &Footer {
            count: Some(1),
            ..Footer::default()
        },
    ));
    archive_problem(&read, "declares 1 entry, but the central directory holds 2");
    assert!(!read.is_fatal());
    assert_eq!(read.entries.len(), 2, "every record is still checked");

    let read = self::read(&build_with(
        &raws,
        &Footer {
            count: Some(3),
            ..Footer::default()
        },
    ));
    archive_problem(&read, "declares 3 entries, but a central directory of");
    assert_eq!(read.problems.len(), 1, "{:#?}", read.problems);
}

#[test]
fn zip_garbage() {
    for seed in 0..20 {
        let bytes = noise(4096, seed);
        let read = read(&bytes);
        assert!(read.is_fatal());
        archive_problem(&read, "no end-of-central-directory record");
    }
    // A lone end-record signature with nothing behind it.
    let mut bytes = noise(100, 99);
    bytes.extend_from_slice(b"PK\x05\x06");
    let read = read(&bytes);
    assert!(read.is_fatal());
    assert!(!looks_like_zip(&noise(100, 5)));
}

#[test]
fn zip_empty() {
    let read = read(&[]);
    assert!(read.is_fatal());
    archive_problem(&read, "empty (0 bytes)");
}

#[test]
fn archive_over_the_size_limit() {
    let limits = ArchiveLimits {
        max_archive_bytes: 100,
        ..ArchiveLimits::default()
    };
    let read = read_zip(valid_zip(), &limits, &mut InflateBudget::standard());
    assert!(read.is_fatal());
    archive_problem(&read, "over the limit of 100 bytes");
}

#[test]
fn local_header_missing_or_different() {
    let read = read(&build(&[
        Raw::stored("a.txt", b"alpha"),
        Raw::stored("b.txt", b"bravo").with(|e| e.offset = Some(7)),
    ]));
    entry_problem(&read, "b.txt", "b.txt", "no local header at offset 7");
    assert_eq!(entry(&read, "a.txt").data.as_deref(), Some(&b"alpha"[..]));

    let read = self::read(&build(&[
        Raw::stored("icon.png", b"\x89PNG").with(|e| e.local_name = Some(b"evil.exe".to_vec()))
    ]));
    let p = entry_problem(&read, "icon.png", "icon.png", "names it `evil.exe`");
    assert!(p.message.contains("local header"));
    assert_eq!(read.entries[0].data, None);

    let read = self::read(&build(&[
        Raw::stored("c.txt", b"x").with(|e| e.offset = Some(1_000_000))
    ]));
    entry_problem(&read, "c.txt", "c.txt", "past the end of the archive");
}

// ---------------------------------------------------------------------------------------------
// 1.10 Names
// ---------------------------------------------------------------------------------------------

#[test]
fn zip_name_cp437() {
    let read = read(&build(&[Raw::stored(b"caf\x82 \x9c\xe1.txt", b"x")]));
    assert_clean(&read);
    assert_eq!(read.entries[0].name, "café £ß.txt");
}

#[test]
fn cp437_table_matches_the_zip_crate() {
    let names: Vec<Vec<u8>> = (0x80u8..=0xFF).map(|b| vec![b'n', b]).collect();
    let raws: Vec<Raw> = names.iter().map(|n| Raw::stored(n, b"")).collect();
    let bytes = build(&raws);
    let ours = read(&bytes);
    // Some of these names differ only in case (`ü`, `Ü`): collisions, not decoding problems.
    check_style(&ours);
    assert!(
        ours.problems
            .iter()
            .all(|p| p.message.contains("differ only in case"))
    );
    let mut theirs = zip::ZipArchive::new(Cursor::new(&bytes)).unwrap();
    for (i, entry) in ours.entries.iter().enumerate() {
        assert_eq!(
            entry.name,
            theirs.by_index(i).unwrap().name(),
            "byte {:#x}",
            i + 0x80
        );
    }
}

#[test]
fn zip_name_invalid_utf8() {
    let bytes = build(&[Raw::stored(b"bad\xff\xfe.txt", b"x").with(|e| e.flags = FLAG_UTF8)]);
    let read = read(&bytes);
    let name = "bad\u{fffd}\u{fffd}.txt";
    entry_problem(&read, name, name, "not valid UTF-8");
    assert_eq!(read.entries[0].name, name);
    assert_eq!(read.problems.len(), 1);
}

#[test]
fn zip_name_control_chars() {
    let name = "icon\u{1b}[31m\u{202e}gnp.exe";
    let read = read(&build(&[
        Raw::stored(name, b"x").with(|e| e.flags = FLAG_UTF8),
        Raw::stored(name, b"y").with(|e| e.flags = FLAG_UTF8),
    ]));
    let p = entry_problem(
        &read,
        name,
        "icon\\u{1b}[31m\\u{202e}gnp.exe",
        "more than once",
    );
    assert!(!p.message.contains('\u{1b}') && !p.message.contains('\u{202e}'));
}

#[test]
fn zip_name_64k() {
    let name = "a/".repeat(32_767) + "b";
    assert_eq!(name.len(), 65_535);
    let read = read(&build(&[
        Raw::stored(&name, b"long"),
        Raw::stored(&name, b"long"),
    ]));
    let p = &read.problems[0];
    assert!(p.message.len() < 1000, "long names are cut in messages");
    assert_eq!(p.entry.as_deref(), Some(name.as_str()));
    assert_eq!(read.entries[0].name, name);
    assert_eq!(read.entries[0].data.as_deref(), Some(&b"long"[..]));
}

#[test]
fn looks_like_zip_spots_signatures() {
    assert!(looks_like_zip(b"PK\x03\x04rest"));
    assert!(looks_like_zip(b"PK\x05\x06"));
    assert!(!looks_like_zip(b"PK"));
    assert!(!looks_like_zip(b"{\"swagger\":\"2.0\"}"));
}

// ---------------------------------------------------------------------------------------------
// Never panics
// ---------------------------------------------------------------------------------------------

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_048)
}

/// A zip that exercises most paths: deflate, stored, folder, ZIP64 extras.
fn mutation_base() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        writer.set_zip64_comment(Some("z"));
        writer
            .add_directory("Connector/", deflate_options())
            .unwrap();
        writer
            .start_file("Connector/apiDefinition.swagger.json", deflate_options())
            .unwrap();
        writer.write_all(SWAGGER).unwrap();
        writer
            .start_file(
                "Connector/icon.png",
                SimpleFileOptions::default().large_file(true),
            )
            .unwrap();
        writer.write_all(&noise(64, 4)).unwrap();
        writer.finish().unwrap().into_inner()
    })
}

fn check_invariants(read: &ZipRead, bytes: &[u8], budget: &InflateBudget) {
    check_style(read);
    assert!(read.entries.len() <= bytes.len() / 46 + 1);
    let spent = InflateBudget::standard().remaining() - budget.remaining();
    assert!(spent <= 100 * bytes.len() as u64 + 4097 * read.entries.len() as u64);
    for p in &read.problems {
        assert!(!p.message.is_empty());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let mut budget = InflateBudget::standard();
        let read = read_zip(&bytes, &ArchiveLimits::default(), &mut budget);
        check_invariants(&read, &bytes, &budget);
    }

    #[test]
    fn arbitrary_bytes_with_an_end_record_never_panic(
        body in proptest::collection::vec(any::<u8>(), 0..1024),
        count in any::<u16>(),
        size in 0u32..1100,
        offset in 0u32..1100,
    ) {
        let mut bytes = body;
        put32(&mut bytes, 0x0201_4b50);
        bytes.extend_from_slice(&[0; 42]);
        put32(&mut bytes, 0x0605_4b50);
        put32(&mut bytes, 0);
        put16(&mut bytes, count);
        put16(&mut bytes, count);
        put32(&mut bytes, size);
        put32(&mut bytes, offset);
        put16(&mut bytes, 0);
        let mut budget = InflateBudget::standard();
        let read = read_zip(&bytes, &ArchiveLimits::default(), &mut budget);
        check_invariants(&read, &bytes, &budget);
    }

    #[test]
    fn mutated_valid_zip_never_panics(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        cut in proptest::option::of(any::<prop::sample::Index>()),
    ) {
        let mut bytes = mutation_base().to_vec();
        for (at, value) in edits {
            let i = at.index(bytes.len());
            bytes[i] = value;
        }
        if let Some(cut) = cut {
            bytes.truncate(cut.index(bytes.len()));
        }
        let mut budget = InflateBudget::standard();
        let read = read_zip(&bytes, &ArchiveLimits::default(), &mut budget);
        check_invariants(&read, &bytes, &budget);
    }

    #[test]
    fn hostile_fields_never_panic(
        fields in proptest::collection::vec(
            (any::<u16>(), any::<u16>(), any::<u32>(), any::<u32>(), any::<u32>(), any::<u32>(),
             proptest::collection::vec(any::<u8>(), 0..64), proptest::collection::vec(any::<u8>(), 0..24)),
            1..6),
        zip64 in any::<bool>(),
    ) {
        let raws: Vec<Raw> = fields
            .into_iter()
            .enumerate()
            .map(|(i, (method, flags, csize, usize, offset, attr, body, extra))| {
                Raw::stored(format!("f{i}"), &body).with(|e| {
                    e.method = method % 16;
                    e.flags = flags;
                    e.csize = if csize % 3 == 0 { csize } else { csize % 128 };
                    e.usize = if usize % 3 == 0 { usize } else { usize % 8192 };
                    e.offset = (offset % 4 == 0).then_some(offset % 512);
                    e.made_by = if attr % 2 == 0 { UNIX } else { 20 };
                    e.ext_attr = attr;
                    e.cd_extra = extra;
                })
            })
            .collect();
        let footer = Footer { zip64: zip64.then(Zip64::default), ..Footer::default() };
        let bytes = build_with(&raws, &footer);
        let mut budget = InflateBudget::standard();
        let read = read_zip(&bytes, &ArchiveLimits::default(), &mut budget);
        check_invariants(&read, &bytes, &budget);
    }
}
