//! An in-memory reader for untrusted zip archives.
//!
//! The zip format is parsed here rather than through a zip crate, so that every field can be checked
//! before it is trusted (reliability.md §1):
//!
//! - the end-of-central-directory record is searched for in the last 65,557 bytes only, and ZIP64
//!   records and extra fields are honoured;
//! - declared counts and sizes are checked against the archive and the limits *before* anything is
//!   allocated from them, and inflation runs through an output bounded by
//!   `min(limit, declared) + 1` bytes;
//! - every entry's local header is checked against its central-directory record, and the byte spans
//!   of all entries are checked for overlap (the "better zip bomb");
//! - names are checked for zip slip, NUL bytes, symlinks, encryption, duplicates and collisions after
//!   NFC normalisation and case folding.
//!
//! Nothing here panics on any input, and the work is linear in the archive size plus the inflation
//! that the shared [`InflateBudget`] allows.

use crate::text::thousands;
use foldhash::{HashMap, HashMapExt};
use std::collections::hash_map::Entry;
use std::hash::{BuildHasher, RandomState};

use miniz_oxide::inflate::{TINFLStatus, decompress_to_vec_with_limit};
use unicode_normalization::UnicodeNormalization;

const KIB: u64 = 1024;
const MIB: u64 = 1024 * 1024;

const SIG_LOCAL: u32 = 0x0403_4b50;
const SIG_CENTRAL: u32 = 0x0201_4b50;
const SIG_EOCD: u32 = 0x0605_4b50;
const SIG_ZIP64_EOCD: u32 = 0x0606_4b50;
const SIG_ZIP64_LOCATOR: u32 = 0x0706_4b50;

const EOCD_LEN: usize = 22;
const ZIP64_LOCATOR_LEN: usize = 20;
const ZIP64_EOCD_LEN: u64 = 56;
const CENTRAL_LEN: u64 = 46;
const LOCAL_LEN: u64 = 30;
const MAX_COMMENT: usize = 0xFFFF;

const FLAG_ENCRYPTED: u16 = 1 << 0;
const FLAG_STRONG_ENCRYPTION: u16 = 1 << 6;
const FLAG_UTF8: u16 = 1 << 11;
const FLAG_MASKED_HEADERS: u16 = 1 << 13;

const METHOD_STORED: u16 = 0;
const METHOD_DEFLATE: u16 = 8;
const METHOD_AES: u16 = 99;

const HOST_UNIX: u16 = 3;
const S_IFMT: u32 = 0o170_000;
const S_IFLNK: u32 = 0o120_000;

/// Longest entry name quoted in a message, in characters; longer names are cut with `…`.
const MAX_SHOWN_NAME: usize = 200;

/// The limits of reliability.md §0 for one archive.
#[derive(Debug, Clone, Copy)]
pub struct ArchiveLimits {
    /// Largest archive read at all, in bytes (64 MiB).
    pub max_archive_bytes: u64,
    /// Most entries in one archive (10,000).
    pub max_entries: u64,
    /// Largest inflated size of one entry, in bytes (32 MiB).
    pub max_entry_inflated: u64,
    /// Highest compression ratio (inflated / compressed) allowed for entries over `ratio_floor` (100).
    pub max_ratio: u64,
    /// Inflated size in bytes at or below which the ratio is not checked (4 KiB).
    pub ratio_floor: u64,
}

impl Default for ArchiveLimits {
    fn default() -> Self {
        Self {
            max_archive_bytes: 64 * MIB,
            max_entries: 10_000,
            max_entry_inflated: 32 * MIB,
            max_ratio: 100,
            ratio_floor: 4 * KIB,
        }
    }
}

/// Inflated-bytes budget shared by every nesting level of one input (256 MiB by default).
///
/// Pass the same budget to every [`read_zip`] call made for one input (the outer archive and every
/// archive nested in it), so that a tree of archives cannot inflate more than the total.
#[derive(Debug)]
pub struct InflateBudget {
    remaining: u64,
    total: u64,
}

impl InflateBudget {
    /// A budget of `total` inflated bytes.
    pub fn new(total: u64) -> Self {
        Self {
            remaining: total,
            total,
        }
    }

    /// The budget of reliability.md §0: 256 MiB.
    pub fn standard() -> Self {
        Self::new(256 * MIB)
    }

    /// Bytes that may still be inflated.
    pub fn remaining(&self) -> u64 {
        self.remaining
    }

    /// The budget this started with.
    pub fn total(&self) -> u64 {
        self.total
    }

    fn spend(&mut self, bytes: u64) {
        self.remaining = self.remaining.saturating_sub(bytes);
    }
}

impl Default for InflateBudget {
    fn default() -> Self {
        Self::standard()
    }
}

/// One entry of the central directory.
#[derive(Debug, Clone)]
pub struct ZipEntry {
    /// The decoded name (lossy if needed), exactly as stored: not normalised, separators as stored.
    pub name: String,
    /// The name ends with `/` (or `\`).
    pub is_dir: bool,
    /// The entry is a Unix symbolic link.
    pub is_symlink: bool,
    /// Compressed size as declared in the central directory.
    pub compressed_size: u64,
    /// Uncompressed size as declared in the central directory.
    pub uncompressed_size: u64,
    /// The inflated content; `None` when not read (a folder, an unsafe, encrypted or corrupt entry,
    /// or one over a limit). The reason is among [`ZipRead::problems`].
    pub data: Option<Vec<u8>>,
}

/// One problem found in an archive (rule PK009).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveProblem {
    /// The entry concerned (its name exactly as decoded, not escaped), or `None` for the archive as
    /// a whole.
    pub entry: Option<String>,
    /// What is wrong and, where useful, what to do. Entry names are quoted in backticks, with control
    /// and bidirectional characters escaped.
    pub message: String,
}

impl ArchiveProblem {
    fn archive(message: String) -> Self {
        Self {
            entry: None,
            message,
        }
    }

    fn entry(name: &str, message: String) -> Self {
        Self {
            entry: Some(name.to_owned()),
            message,
        }
    }
}

/// The result of [`read_zip`]: every entry in central-directory order, and every problem found.
#[derive(Debug, Default)]
pub struct ZipRead {
    /// The entries, in central-directory order (unsafe ones included, with `data: None`).
    pub entries: Vec<ZipEntry>,
    /// Every problem found, archive-wide ones first.
    pub problems: Vec<ArchiveProblem>,
    fatal: bool,
}

impl ZipRead {
    /// The archive could not be read at all (not a zip, truncated, over a limit, or a corrupt
    /// central directory); `entries` is then empty.
    pub fn is_fatal(&self) -> bool {
        self.fatal
    }

    fn fail(message: String) -> Self {
        Self {
            entries: Vec::new(),
            problems: vec![ArchiveProblem::archive(message)],
            fatal: true,
        }
    }
}

/// True when `data` starts with a zip local-file-header or end-of-central-directory signature (used
/// to spot nested zips).
#[must_use]
pub fn looks_like_zip(data: &[u8]) -> bool {
    data.starts_with(b"PK\x03\x04") || data.starts_with(b"PK\x05\x06")
}

/// Read every entry of `bytes` in memory.
///
/// Never panics, never allocates by a declared size, and takes time linear in the archive size plus
/// the inflation that `budget` allows. Inflated bytes are taken from `budget`, which the caller shares
/// between every nesting level of one input.
#[must_use]
pub fn read_zip(bytes: &[u8], limits: &ArchiveLimits, budget: &mut InflateBudget) -> ZipRead {
    if bytes.is_empty() {
        return ZipRead::fail("the archive is empty (0 bytes): it is not a zip".to_owned());
    }
    let len = bytes.len() as u64;
    if len > limits.max_archive_bytes {
        return ZipRead::fail(format!(
            "the archive is {len} bytes, over the limit of {}: pcpkg does not read it",
            size(limits.max_archive_bytes)
        ));
    }
    let mut problems = Vec::new();
    let dir = match locate_directory(bytes, limits, &mut problems) {
        Ok(dir) => dir,
        Err(message) => return ZipRead::fail(message),
    };
    let records = match walk_directory(bytes, &dir, limits, &mut problems) {
        Ok(records) => records,
        Err(message) => {
            let mut read = ZipRead::fail(message);
            read.problems.splice(0..0, problems);
            return read;
        }
    };
    check_entries(bytes, &dir, records, limits, budget, problems)
}

/// Where the central directory is, as the end records declare it.
struct Directory {
    /// Offset of the first central-directory record.
    offset: u64,
    /// Size of the central directory in bytes.
    size: u64,
    /// Entry count the end record declares.
    declared_entries: u64,
}

/// Find and check the end-of-central-directory record (and the ZIP64 one, if any).
fn locate_directory(
    bytes: &[u8],
    limits: &ArchiveLimits,
    problems: &mut Vec<ArchiveProblem>,
) -> Result<Directory, String> {
    const NO_EOCD: &str = "no end-of-central-directory record: the file is truncated or not a zip";
    let eocd = find_eocd(bytes).ok_or_else(|| NO_EOCD.to_owned())?;
    let field16 = |at: usize| read_u16(bytes, eocd + at).ok_or_else(|| NO_EOCD.to_owned());
    let field32 = |at: usize| read_u32(bytes, eocd + at).ok_or_else(|| NO_EOCD.to_owned());
    let disk = field16(4)?;
    let cd_disk = field16(6)?;
    let entries16 = field16(10)?;
    let size32 = field32(12)?;
    let offset32 = field32(16)?;

    let mut dir = Directory {
        offset: u64::from(offset32),
        size: u64::from(size32),
        declared_entries: u64::from(entries16),
    };
    let mut disks = (u32::from(disk), u32::from(cd_disk));
    // Where the central directory must end: the ZIP64 end record if there is one, else the end record.
    let mut directory_end = eocd as u64;

    let saturated = entries16 == 0xFFFF || size32 == 0xFFFF_FFFF || offset32 == 0xFFFF_FFFF;
    match read_zip64_end(bytes, eocd) {
        Zip64End::Found {
            record_offset,
            disks: zip64_disks,
            entries,
            size,
            offset,
        } => {
            dir = Directory {
                offset,
                size,
                declared_entries: entries,
            };
            disks = zip64_disks;
            directory_end = record_offset;
        }
        Zip64End::Split => disks = (1, 1),
        Zip64End::Corrupt(why) if saturated => {
            return Err(format!(
                "the ZIP64 end-of-central-directory record is {why}: the archive is corrupt"
            ));
        }
        Zip64End::Absent if saturated => {
            return Err(
                "the end-of-central-directory record holds ZIP64 markers (0xFFFF or 0xFFFFFFFF) \
                 but there is no ZIP64 end record: the archive is truncated or corrupt"
                    .to_owned(),
            );
        }
        // A locator signature that leads nowhere, in an archive that does not need ZIP64, can be
        // the tail of an ordinary name or comment: ignore it.
        Zip64End::Corrupt(_) | Zip64End::Absent => {}
    }

    if disks != (0, 0) {
        return Err(
            "the archive is split across several disks (a spanned or split zip), which pcpkg does \
             not read: make a single-file zip"
                .to_owned(),
        );
    }
    if dir.declared_entries > limits.max_entries {
        return Err(format!(
            "the archive declares {} entries, over the limit of {}: pcpkg does not read it",
            dir.declared_entries,
            thousands(limits.max_entries)
        ));
    }
    let len = bytes.len() as u64;
    if dir.offset > len {
        return Err(format!(
            "the central directory offset ({}) is past the end of the file ({len} bytes): the \
             archive is truncated or corrupt",
            dir.offset
        ));
    }
    let end = dir.offset.checked_add(dir.size);
    match end {
        Some(end) if end <= directory_end => {
            if end < directory_end {
                problems.push(ArchiveProblem::archive(format!(
                    "{} unexplained bytes lie between the central directory and the \
                     end-of-central-directory record: the archive is corrupt or was altered",
                    directory_end - end
                )));
            }
        }
        _ => {
            return Err(format!(
                "the central directory (offset {}, {} bytes) runs past the \
                 end-of-central-directory record at offset {directory_end}: the archive is \
                 truncated or corrupt",
                dir.offset, dir.size
            ));
        }
    }
    if dir.declared_entries > dir.size / CENTRAL_LEN {
        problems.push(ArchiveProblem::archive(format!(
            "the end-of-central-directory record declares {}, but a central directory of {} \
             bytes holds at most {}: the archive is corrupt or was altered",
            entries(dir.declared_entries),
            dir.size,
            dir.size / CENTRAL_LEN
        )));
    }
    Ok(dir)
}

/// The last end-of-central-directory signature in the last 65,557 bytes whose comment fits in the
/// file.
fn find_eocd(bytes: &[u8]) -> Option<usize> {
    let last = bytes.len().checked_sub(EOCD_LEN)?;
    let first = last.saturating_sub(MAX_COMMENT);
    let window = bytes.get(first..)?;
    let signature = SIG_EOCD.to_le_bytes();
    for at in memchr::memmem::rfind_iter(window, &signature) {
        let pos = first + at;
        if pos > last {
            continue;
        }
        let comment = usize::from(read_u16(bytes, pos + 20)?);
        if pos + EOCD_LEN + comment <= bytes.len() {
            return Some(pos);
        }
    }
    None
}

enum Zip64End {
    Absent,
    Split,
    Corrupt(&'static str),
    Found {
        record_offset: u64,
        disks: (u32, u32),
        entries: u64,
        size: u64,
        offset: u64,
    },
}

/// Read the ZIP64 end-of-central-directory locator just before the end record at `eocd`, and the
/// record it points at.
fn read_zip64_end(bytes: &[u8], eocd: usize) -> Zip64End {
    let Some(locator) = eocd.checked_sub(ZIP64_LOCATOR_LEN) else {
        return Zip64End::Absent;
    };
    if read_u32(bytes, locator) != Some(SIG_ZIP64_LOCATOR) {
        return Zip64End::Absent;
    }
    let (Some(locator_disk), Some(record_offset), Some(total_disks)) = (
        read_u32(bytes, locator + 4),
        read_u64(bytes, locator + 8),
        read_u32(bytes, locator + 16),
    ) else {
        return Zip64End::Absent;
    };
    if locator_disk != 0 || total_disks > 1 {
        return Zip64End::Split;
    }
    match record_offset.checked_add(ZIP64_EOCD_LEN) {
        Some(end) if end <= locator as u64 => {}
        _ => return Zip64End::Corrupt("missing (its offset is past the end of the archive)"),
    }
    let Ok(at) = usize::try_from(record_offset) else {
        return Zip64End::Corrupt("missing");
    };
    if read_u32(bytes, at) != Some(SIG_ZIP64_EOCD) {
        return Zip64End::Corrupt("missing (no signature at the offset its locator gives)");
    }
    let fields = (
        read_u32(bytes, at + 16),
        read_u32(bytes, at + 20),
        read_u64(bytes, at + 32),
        read_u64(bytes, at + 40),
        read_u64(bytes, at + 48),
    );
    let (Some(disk), Some(cd_disk), Some(entries), Some(size), Some(offset)) = fields else {
        return Zip64End::Corrupt("truncated");
    };
    Zip64End::Found {
        record_offset,
        disks: (disk, cd_disk),
        entries,
        size,
        offset,
    }
}

/// One central-directory record, with ZIP64 values applied.
struct Record<'a> {
    made_by: u16,
    flags: u16,
    method: u16,
    crc: u32,
    compressed: u64,
    uncompressed: u64,
    local_offset: u64,
    disk_start: u32,
    external_attributes: u32,
    raw_name: &'a [u8],
    name: String,
    /// The name is flagged UTF-8 but is not.
    bad_utf8: bool,
    /// Why the ZIP64 extra field could not supply a saturated value.
    zip64_error: Option<&'static str>,
}

/// Parse every central-directory record. An error means nothing can be read.
fn walk_directory<'a>(
    bytes: &'a [u8],
    dir: &Directory,
    limits: &ArchiveLimits,
    problems: &mut Vec<ArchiveProblem>,
) -> Result<Vec<Record<'a>>, String> {
    // Bounds were checked by `locate_directory`; `get` keeps this panic-free regardless.
    let cd = usize::try_from(dir.offset)
        .ok()
        .zip(usize::try_from(dir.size).ok())
        .and_then(|(start, len)| bytes.get(start..start.checked_add(len)?))
        .ok_or_else(|| "the central directory is past the end of the file".to_owned())?;
    // Never trust the declared count for the capacity: it is bounded by what the directory can hold.
    let capacity = dir
        .declared_entries
        .min(dir.size / CENTRAL_LEN)
        .min(limits.max_entries);
    let mut records = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
    let mut pos = 0usize;
    while pos < cd.len() {
        if records.len() as u64 >= limits.max_entries {
            return Err(format!(
                "the central directory holds more than {} entries: pcpkg does not read it",
                thousands(limits.max_entries)
            ));
        }
        let number = records.len() + 1;
        let record = match parse_record(cd, pos) {
            Ok((record, next)) => {
                pos = next;
                record
            }
            Err(why) => {
                let message = format!(
                    "central-directory record #{number} (at offset {}) {why}: the archive is \
                     truncated or corrupt",
                    dir.offset + pos as u64
                );
                if records.is_empty() {
                    return Err(message);
                }
                problems.push(ArchiveProblem::archive(message));
                return Ok(records);
            }
        };
        records.push(record);
    }
    let found = records.len() as u64;
    if found != dir.declared_entries && dir.declared_entries <= dir.size / CENTRAL_LEN {
        problems.push(ArchiveProblem::archive(format!(
            "the end-of-central-directory record declares {}, but the central directory holds \
             {found}: the archive is corrupt or was altered",
            entries(dir.declared_entries)
        )));
    }
    Ok(records)
}

/// Parse the central-directory record at `pos` of `cd`; returns it and the offset of the next one.
fn parse_record(cd: &[u8], pos: usize) -> Result<(Record<'_>, usize), &'static str> {
    const TRUNCATED: &str = "is truncated";
    if read_u32(cd, pos) != Some(SIG_CENTRAL) {
        return Err(if cd.len() - pos < 4 {
            TRUNCATED
        } else {
            "has no central-directory signature"
        });
    }
    let u16_at = |at: usize| read_u16(cd, pos + at).ok_or(TRUNCATED);
    let u32_at = |at: usize| read_u32(cd, pos + at).ok_or(TRUNCATED);
    let made_by = u16_at(4)?;
    let flags = u16_at(8)?;
    let method = u16_at(10)?;
    let crc = u32_at(16)?;
    let compressed32 = u32_at(20)?;
    let uncompressed32 = u32_at(24)?;
    let name_len = usize::from(u16_at(28)?);
    let extra_len = usize::from(u16_at(30)?);
    let comment_len = usize::from(u16_at(32)?);
    let disk16 = u16_at(34)?;
    let external_attributes = u32_at(38)?;
    let offset32 = u32_at(42)?;

    let name_start = pos + CENTRAL_LEN as usize;
    let extra_start = name_start + name_len;
    let next = extra_start + extra_len + comment_len;
    if next > cd.len() {
        return Err("runs past the end of the central directory");
    }
    let raw_name = cd.get(name_start..extra_start).ok_or(TRUNCATED)?;
    let extra = cd
        .get(extra_start..extra_start + extra_len)
        .ok_or(TRUNCATED)?;

    let mut zip64 = Zip64Values {
        uncompressed: u64::from(uncompressed32),
        compressed: u64::from(compressed32),
        offset: u64::from(offset32),
        disk: u32::from(disk16),
    };
    let zip64_error = zip64.apply(
        extra,
        uncompressed32 == u32::MAX,
        compressed32 == u32::MAX,
        offset32 == u32::MAX,
        disk16 == u16::MAX,
    );
    let (name, bad_utf8) = decode_name(raw_name, flags);
    Ok((
        Record {
            made_by,
            flags,
            method,
            crc,
            compressed: zip64.compressed,
            uncompressed: zip64.uncompressed,
            local_offset: zip64.offset,
            disk_start: zip64.disk,
            external_attributes,
            raw_name,
            name,
            bad_utf8,
            zip64_error,
        },
        next,
    ))
}

struct Zip64Values {
    uncompressed: u64,
    compressed: u64,
    offset: u64,
    disk: u32,
}

impl Zip64Values {
    /// Replace the saturated values with those of the ZIP64 extra field (id 0x0001), which holds
    /// exactly the saturated ones, in this order. Returns why that failed, if it did.
    fn apply(
        &mut self,
        extra: &[u8],
        uncompressed: bool,
        compressed: bool,
        offset: bool,
        disk: bool,
    ) -> Option<&'static str> {
        if !(uncompressed || compressed || offset || disk) {
            return None;
        }
        let Some(field) = find_extra(extra, 0x0001) else {
            return Some("has ZIP64 markers (0xFFFFFFFF) but no ZIP64 extra field");
        };
        const SHORT: &str = "has a ZIP64 extra field too short for its ZIP64 markers";
        let mut at = 0;
        for (needed, value) in [
            (uncompressed, &mut self.uncompressed),
            (compressed, &mut self.compressed),
            (offset, &mut self.offset),
        ] {
            if needed {
                match read_u64(field, at) {
                    Some(read) => *value = read,
                    None => return Some(SHORT),
                }
                at += 8;
            }
        }
        if disk {
            match read_u32(field, at) {
                Some(read) => self.disk = read,
                None => return Some(SHORT),
            }
        }
        None
    }
}

/// The data of the first extra field with id `id`, if the extra fields up to it are well formed.
fn find_extra(extra: &[u8], id: u16) -> Option<&[u8]> {
    let mut pos = 0;
    while pos + 4 <= extra.len() {
        let field_id = read_u16(extra, pos)?;
        let len = usize::from(read_u16(extra, pos + 2)?);
        let data = extra.get(pos + 4..pos + 4 + len)?;
        if field_id == id {
            return Some(data);
        }
        pos += 4 + len;
    }
    None
}

/// What the per-entry checks found out about one record.
struct Slot {
    /// Where the entry's data starts, when its local header is sound.
    data_start: Option<u64>,
    /// The bytes the entry occupies: local header to end of data.
    span: Option<(u64, u64)>,
    /// The entry may be inflated.
    readable: bool,
}

fn check_entries(
    bytes: &[u8],
    dir: &Directory,
    records: Vec<Record<'_>>,
    limits: &ArchiveLimits,
    budget: &mut InflateBudget,
    mut problems: Vec<ArchiveProblem>,
) -> ZipRead {
    let mut slots: Vec<Slot> = records
        .iter()
        .enumerate()
        .map(|(index, record)| check_record(bytes, index, record, &mut problems))
        .collect();
    check_overlaps(&records, &mut slots, dir.offset, &mut problems);
    check_collisions(&records, &mut problems);

    let entries = records
        .into_iter()
        .zip(&slots)
        .map(|(record, slot)| {
            let is_dir = record.name.ends_with('/') || record.name.ends_with('\\');
            let data = match slot.data_start {
                Some(start) if slot.readable && !is_dir => {
                    match inflate_entry(bytes, &record, start, limits, budget) {
                        Ok(data) => Some(data),
                        Err(message) => {
                            problems.push(ArchiveProblem::entry(&record.name, message));
                            None
                        }
                    }
                }
                _ => None,
            };
            ZipEntry {
                is_dir,
                is_symlink: is_symlink(&record),
                compressed_size: record.compressed,
                uncompressed_size: record.uncompressed,
                data,
                name: record.name,
            }
        })
        .collect();
    ZipRead {
        entries,
        problems,
        fatal: false,
    }
}

fn is_symlink(record: &Record<'_>) -> bool {
    record.made_by >> 8 == HOST_UNIX && (record.external_attributes >> 16) & S_IFMT == S_IFLNK
}

/// The checks of one record on its own: name, type, encryption, method, ZIP64 and local header.
fn check_record(
    bytes: &[u8],
    index: usize,
    record: &Record<'_>,
    problems: &mut Vec<ArchiveProblem>,
) -> Slot {
    let name = &record.name;
    let shown = show(name);
    let mut readable = true;
    let mut report = |message: String| problems.push(ArchiveProblem::entry(name, message));

    if record.raw_name.is_empty() {
        readable = false;
        report(format!(
            "entry #{} has an empty name: extractors handle it differently; remove it",
            index + 1
        ));
    }
    if record.bad_utf8 {
        report(format!(
            "the name of entry `{shown}` is flagged as UTF-8 but is not valid UTF-8: other tools \
             will read a different name; rebuild the archive with UTF-8 names"
        ));
    }
    if record.raw_name.contains(&0) {
        readable = false;
        report(format!(
            "entry `{shown}` has a NUL byte in its name: tools that stop at the NUL see a \
             different file; rebuild the archive without it"
        ));
    }
    let reasons = unsafe_path_reasons(name);
    if !reasons.is_empty() {
        readable = false;
        report(format!(
            "entry `{shown}` has an unsafe name ({}): an extractor may write it outside the \
             target folder (zip slip); rebuild the archive with relative names separated by `/`",
            reasons.join(", ")
        ));
    }
    if is_symlink(record) {
        readable = false;
        report(format!(
            "entry `{shown}` is a symbolic link: pcpkg never follows links, and extracting one can \
             redirect files outside the target folder; add the real file instead"
        ));
    }
    let encrypted = record.flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION | FLAG_MASKED_HEADERS)
        != 0
        || record.method == METHOD_AES;
    if encrypted {
        readable = false;
        report(format!(
            "entry `{shown}` is encrypted: pcpkg cannot check it and never asks for a password; \
             add it without encryption"
        ));
    } else if record.method != METHOD_STORED && record.method != METHOD_DEFLATE {
        readable = false;
        report(format!(
            "entry `{shown}` uses compression method {} ({}), which pcpkg does not read; compress \
             it with deflate or store it",
            record.method,
            method_name(record.method)
        ));
    }
    if let Some(why) = record.zip64_error {
        readable = false;
        report(format!("entry `{shown}` {why}: the archive is corrupt"));
    }
    if record.disk_start != 0 {
        readable = false;
        report(format!(
            "entry `{shown}` starts on disk {} of a split archive, which pcpkg does not read: make \
             a single-file zip",
            record.disk_start
        ));
    }

    // The local header.
    let mut slot = Slot {
        data_start: None,
        span: None,
        readable: false,
    };
    let offset = record.local_offset;
    let local = usize::try_from(offset).ok().and_then(|at| {
        let fixed = bytes.get(at..at.checked_add(LOCAL_LEN as usize)?)?;
        Some((at, fixed))
    });
    let Some((at, fixed)) = local else {
        report(format!(
            "entry `{shown}` points at offset {offset}, past the end of the archive: the archive \
             is truncated or corrupt"
        ));
        return slot;
    };
    if read_u32(fixed, 0) != Some(SIG_LOCAL) {
        report(format!(
            "entry `{shown}` has no local header at offset {offset}, where the central directory \
             puts it: the archive is corrupt"
        ));
        return slot;
    }
    let local_flags = read_u16(fixed, 6).unwrap_or(0);
    let local_method = read_u16(fixed, 8).unwrap_or(0);
    let name_len = u64::from(read_u16(fixed, 26).unwrap_or(0));
    let extra_len = u64::from(read_u16(fixed, 28).unwrap_or(0));
    let local_name = bytes
        .get(at + LOCAL_LEN as usize..)
        .and_then(|rest| rest.get(..usize::try_from(name_len).ok()?));
    match local_name {
        None => {
            readable = false;
            report(format!(
                "the local header of entry `{shown}` runs past the end of the archive: the \
                 archive is truncated"
            ));
        }
        Some(local_name) if local_name != record.raw_name => {
            readable = false;
            let (decoded, _) = decode_name(local_name, local_flags);
            report(format!(
                "the local header of entry `{shown}` names it `{}`: tools that read local headers \
                 see a different file; the archive is corrupt or crafted",
                show(&decoded)
            ));
        }
        Some(_) => {}
    }
    if local_method != record.method {
        readable = false;
        report(format!(
            "the local header of entry `{shown}` gives compression method {local_method}, the \
             central directory {}: tools disagree about its content; the archive is corrupt or \
             crafted",
            record.method
        ));
    }
    if (local_flags & FLAG_ENCRYPTED) != (record.flags & FLAG_ENCRYPTED) {
        readable = false;
        report(format!(
            "the local header and the central directory disagree about whether entry `{shown}` \
             is encrypted: the archive is corrupt or crafted"
        ));
    }
    let data_start = offset + LOCAL_LEN + name_len + extra_len;
    match data_start.checked_add(record.compressed) {
        Some(end) if end <= bytes.len() as u64 => {
            slot.span = Some((offset, end));
            slot.data_start = Some(data_start);
        }
        _ => {
            readable = false;
            report(format!(
                "the data of entry `{shown}` ({} bytes at offset {data_start}) runs past the end \
                 of the archive: the archive is truncated or the declared size lies",
                record.compressed
            ));
        }
    }
    slot.readable = readable;
    slot
}

/// Report entries whose byte spans overlap, or reach into the central directory.
fn check_overlaps(
    records: &[Record<'_>],
    slots: &mut [Slot],
    directory_offset: u64,
    problems: &mut Vec<ArchiveProblem>,
) {
    let mut spans: Vec<(u64, u64, usize)> = slots
        .iter()
        .enumerate()
        .filter_map(|(index, slot)| slot.span.map(|(start, end)| (start, end, index)))
        .collect();
    spans.sort_unstable();
    // The span that reaches furthest among those seen so far.
    let mut furthest: Option<(u64, usize)> = None;
    for &(start, end, index) in &spans {
        let name = &records[index].name;
        if let Some((reach, other)) = furthest
            && start < reach
        {
            problems.push(ArchiveProblem::entry(
                name,
                format!(
                    "entries `{}` and `{}` overlap: a zip bomb or a corrupt archive",
                    show(&records[other].name),
                    show(name)
                ),
            ));
            slots[index].readable = false;
            slots[other].readable = false;
        }
        if end > directory_offset {
            problems.push(ArchiveProblem::entry(
                name,
                format!(
                    "entry `{}` reaches into the central directory: a zip bomb or a corrupt \
                     archive",
                    show(name)
                ),
            ));
            slots[index].readable = false;
        }
        if furthest.is_none_or(|(reach, _)| end > reach) {
            furthest = Some((end, index));
        }
    }
}

/// Report duplicate names, and names that collide after NFC normalisation and case folding.
fn check_collisions(records: &[Record<'_>], problems: &mut Vec<ArchiveProblem>) {
    let mut exact: HashMap<&str, usize> = HashMap::with_capacity(records.len());
    // Folded names are kept as hashes only (a name can be 64 KiB), and confirmed on a hit.
    let hasher = RandomState::new();
    let mut folded: HashMap<u64, Vec<usize>> = HashMap::with_capacity(records.len());
    for (index, record) in records.iter().enumerate() {
        let name = record.name.as_str();
        match exact.entry(name) {
            Entry::Occupied(first) => {
                problems.push(ArchiveProblem::entry(
                    name,
                    format!(
                        "entry `{}` appears more than once (entries #{} and #{}): tools disagree \
                         about which copy wins; keep one",
                        show(name),
                        first.get() + 1,
                        index + 1
                    ),
                ));
                continue;
            }
            Entry::Vacant(slot) => {
                slot.insert(index);
            }
        }
        let key = fold(name);
        let bucket = folded.entry(hasher.hash_one(&key)).or_default();
        let first = bucket
            .iter()
            .copied()
            .find(|&other| fold(&records[other].name) == key);
        match first {
            Some(other) => problems.push(ArchiveProblem::entry(
                name,
                format!(
                    "entries `{}` and `{}` differ only in case or Unicode normalisation: on \
                     Windows and macOS they are one file, and tools disagree about which wins; \
                     keep one",
                    show(&records[other].name),
                    show(name)
                ),
            )),
            None => bucket.push(index),
        }
    }
}

/// The key under which two names are the same file on Windows or macOS.
fn fold(name: &str) -> String {
    let nfc: String = name.replace('\\', "/").nfc().collect();
    nfc.to_lowercase().nfc().collect()
}

/// Inflate one entry into memory, within the limits and the budget.
fn inflate_entry(
    bytes: &[u8],
    record: &Record<'_>,
    data_start: u64,
    limits: &ArchiveLimits,
    budget: &mut InflateBudget,
) -> Result<Vec<u8>, String> {
    let shown = show(&record.name);
    let declared = record.uncompressed;
    let compressed = record.compressed;
    if declared > limits.max_entry_inflated {
        return Err(format!(
            "entry `{shown}` declares {declared} bytes inflated, over the limit of {} per entry: \
             pcpkg does not read it",
            size(limits.max_entry_inflated)
        ));
    }
    if declared > budget.remaining() {
        return Err(format!(
            "entry `{shown}` ({declared} bytes inflated) would take this input past its limit of \
             {} inflated in total ({} bytes left): a zip bomb, or too much data",
            size(budget.total()),
            budget.remaining()
        ));
    }
    if declared > limits.ratio_floor && declared > compressed.saturating_mul(limits.max_ratio) {
        return Err(format!(
            "entry `{shown}` inflates {compressed} bytes to {declared} (a ratio over {}:1): a zip \
             bomb or a padded file; pcpkg does not read it",
            limits.max_ratio
        ));
    }
    let data = usize::try_from(data_start)
        .ok()
        .zip(usize::try_from(compressed).ok())
        .and_then(|(start, len)| bytes.get(start..start.checked_add(len)?))
        .ok_or_else(|| format!("the data of entry `{shown}` runs past the end of the archive"))?;
    let content = match record.method {
        METHOD_STORED => {
            if compressed != declared {
                return Err(format!(
                    "stored entry `{shown}` declares {declared} bytes but holds {compressed}: the \
                     declared size lies"
                ));
            }
            budget.spend(compressed);
            data.to_vec()
        }
        // An empty deflated entry with no data at all: some writers skip the empty final block.
        _ if compressed == 0 && declared == 0 => Vec::new(),
        _ => {
            // `declared` is at most the entry limit, so this fits in memory and in a usize.
            let cap = usize::try_from(declared.saturating_add(1)).unwrap_or(usize::MAX);
            match decompress_to_vec_with_limit(data, cap) {
                Ok(content) => {
                    budget.spend(content.len() as u64);
                    let inflated = content.len() as u64;
                    if inflated != declared {
                        return Err(lie(&shown, declared, inflated));
                    }
                    content
                }
                Err(error) if error.status == TINFLStatus::HasMoreOutput => {
                    budget.spend(error.output.len() as u64);
                    return Err(lie(&shown, declared, declared.saturating_add(1)));
                }
                Err(error) => {
                    budget.spend(error.output.len() as u64);
                    return Err(format!(
                        "entry `{shown}` has corrupt deflate data ({}): the archive is damaged",
                        inflate_status(error.status)
                    ));
                }
            }
        }
    };
    let actual = crc32fast::hash(&content);
    if actual != record.crc {
        return Err(format!(
            "entry `{shown}` fails its CRC-32 check (declared {:08x}, computed {actual:08x}): the \
             archive is corrupt",
            record.crc
        ));
    }
    Ok(content)
}

fn lie(shown: &str, declared: u64, inflated: u64) -> String {
    if inflated > declared {
        format!(
            "entry `{shown}` inflates to more than the {declared} bytes it declares: the declared \
             size lies (a zip bomb or a corrupt archive)"
        )
    } else {
        format!(
            "entry `{shown}` inflates to {inflated} bytes but declares {declared}: the declared \
             size lies (a corrupt or crafted archive)"
        )
    }
}

fn inflate_status(status: TINFLStatus) -> &'static str {
    match status {
        TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => {
            "the stream ends early"
        }
        TINFLStatus::BadParam => "bad parameter",
        TINFLStatus::Adler32Mismatch => "checksum mismatch",
        _ => "invalid deflate stream",
    }
}

/// Why a name is unsafe to extract (zip slip). Drive and UNC prefixes count on every OS.
fn unsafe_path_reasons(name: &str) -> Vec<&'static str> {
    let is_sep = |b: u8| b == b'/' || b == b'\\';
    let bytes = name.as_bytes();
    let mut reasons = Vec::new();
    match (bytes.first(), bytes.get(1)) {
        (Some(&a), Some(&b)) if is_sep(a) && is_sep(b) => reasons.push("a UNC prefix"),
        (Some(&a), _) if is_sep(a) => reasons.push("an absolute path"),
        (Some(a), Some(b':')) if a.is_ascii_alphabetic() => reasons.push("a drive letter"),
        _ => {}
    }
    if name.split(['/', '\\']).any(|part| part == "..") {
        reasons.push("a `..` component");
    }
    if name.contains('\\') {
        reasons.push("a `\\` separator");
    }
    reasons
}

/// Decode a raw name: UTF-8 when flag bit 11 is set (lossily, reporting invalid bytes), else CP437.
fn decode_name(raw: &[u8], flags: u16) -> (String, bool) {
    if flags & FLAG_UTF8 != 0 {
        match std::str::from_utf8(raw) {
            Ok(name) => (name.to_owned(), false),
            Err(_) => (String::from_utf8_lossy(raw).into_owned(), true),
        }
    } else {
        (raw.iter().map(|&b| cp437(b)).collect(), false)
    }
}

fn cp437(byte: u8) -> char {
    const HIGH: [char; 128] = [
        'Ç', 'ü', 'é', 'â', 'ä', 'à', 'å', 'ç', 'ê', 'ë', 'è', 'ï', 'î', 'ì', 'Ä', 'Å', //
        'É', 'æ', 'Æ', 'ô', 'ö', 'ò', 'û', 'ù', 'ÿ', 'Ö', 'Ü', '¢', '£', '¥', '₧', 'ƒ', //
        'á', 'í', 'ó', 'ú', 'ñ', 'Ñ', 'ª', 'º', '¿', '⌐', '¬', '½', '¼', '¡', '«', '»', //
        '░', '▒', '▓', '│', '┤', '╡', '╢', '╖', '╕', '╣', '║', '╗', '╝', '╜', '╛', '┐', //
        '└', '┴', '┬', '├', '─', '┼', '╞', '╟', '╚', '╔', '╩', '╦', '╠', '═', '╬', '╧', //
        '╨', '╤', '╥', '╙', '╘', '╒', '╓', '╫', '╪', '┘', '┌', '█', '▄', '▌', '▐', '▀', //
        'α', 'ß', 'Γ', 'π', 'Σ', 'σ', 'µ', 'τ', 'Φ', 'Θ', 'Ω', 'δ', '∞', 'φ', 'ε', '∩', //
        '≡', '±', '≥', '≤', '⌠', '⌡', '÷', '≈', '°', '∙', '·', '√', 'ⁿ', '²', '■', '\u{a0}',
    ];
    match byte.checked_sub(0x80) {
        Some(high) => HIGH[usize::from(high)],
        None => char::from(byte),
    }
}

fn method_name(method: u16) -> &'static str {
    match method {
        1 => "shrink",
        2..=5 => "reduce",
        6 => "implode",
        9 => "deflate64",
        10 => "PKWARE DCL implode",
        12 => "bzip2",
        14 => "LZMA",
        18 => "IBM TERSE",
        19 => "IBM LZ77",
        20 | 93 => "zstd",
        95 => "xz",
        96 => "JPEG",
        97 => "WavPack",
        98 => "PPMd",
        _ => "unknown",
    }
}

/// A name fit for a message: control and bidirectional characters escaped, long names cut.
fn show(name: &str) -> String {
    let mut out = String::with_capacity(name.len().min(MAX_SHOWN_NAME * 4));
    for (shown, c) in name.chars().enumerate() {
        if shown == MAX_SHOWN_NAME {
            out.push('…');
            break;
        }
        let bidi = matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        if c.is_control() || bidi {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// A size for a message: `64 MiB`, `4 KiB`, or a byte count.
fn size(bytes: u64) -> String {
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= KIB && bytes.is_multiple_of(KIB) {
        format!("{} KiB", bytes / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// `1 entry`, `3 entries`.
fn entries(n: u64) -> String {
    if n == 1 {
        "1 entry".to_owned()
    } else {
        format!("{n} entries")
    }
}

fn read_u16(bytes: &[u8], at: usize) -> Option<u16> {
    let array = bytes.get(at..at.checked_add(2)?)?.try_into().ok()?;
    Some(u16::from_le_bytes(array))
}

fn read_u32(bytes: &[u8], at: usize) -> Option<u32> {
    let array = bytes.get(at..at.checked_add(4)?)?.try_into().ok()?;
    Some(u32::from_le_bytes(array))
}

fn read_u64(bytes: &[u8], at: usize) -> Option<u64> {
    let array = bytes.get(at..at.checked_add(8)?)?.try_into().ok()?;
    Some(u64::from_le_bytes(array))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_sizes_read_well() {
        assert_eq!(thousands(10_000), "10,000");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_099_511_627_776), "1,099,511,627,776");
        assert_eq!(size(64 * MIB), "64 MiB");
        assert_eq!(size(4 * KIB), "4 KiB");
        assert_eq!(size(1000), "1000 bytes");
    }

    #[test]
    fn names_are_escaped_and_cut() {
        assert_eq!(show("a\0b"), "a\\u{0}b");
        assert_eq!(show("x\u{202e}y"), "x\\u{202e}y");
        assert_eq!(show("a\\b"), "a\\b");
        let long = "a".repeat(1000);
        assert_eq!(show(&long).chars().count(), MAX_SHOWN_NAME + 1);
    }

    #[test]
    fn unsafe_paths() {
        assert!(unsafe_path_reasons("Connector/icon.png").is_empty());
        assert!(unsafe_path_reasons("a/..b/c..").is_empty());
        assert_eq!(unsafe_path_reasons("../x"), ["a `..` component"]);
        assert_eq!(unsafe_path_reasons("/x"), ["an absolute path"]);
        assert_eq!(unsafe_path_reasons("C:/x"), ["a drive letter"]);
        assert_eq!(unsafe_path_reasons("C:x"), ["a drive letter"]);
        assert_eq!(
            unsafe_path_reasons("\\\\server\\share"),
            ["a UNC prefix", "a `\\` separator"]
        );
        assert_eq!(unsafe_path_reasons("//server/share"), ["a UNC prefix"]);
        assert_eq!(
            unsafe_path_reasons("a\\..\\b"),
            ["a `..` component", "a `\\` separator"]
        );
    }

    #[test]
    fn folding_joins_case_and_normal_forms() {
        assert_eq!(fold("Caf\u{e9}.JSON"), fold("cafe\u{301}.json"));
        assert_ne!(fold("a"), fold("b"));
    }
}
