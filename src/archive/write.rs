//! A small deterministic zip writer for `pcpkg pack` (cli.md "Deterministic and atomic").
//!
//! The same files always give the same bytes: entries are sorted by name, every entry has the
//! same DOS timestamp (1980-01-01 00:00, the earliest a zip can hold) and the same permissions
//! (a regular file, `0644`, made by Unix), no extra fields, no comments, and is deflated at a
//! fixed level (stored instead when deflate does not help, or would look like a zip bomb). Only what the connector zip needs is supported: regular files, no folders, no
//! ZIP64 (pack's entries are bounded far below 4 GiB by the archive limits).

use crc32fast::Hasher;

use super::ArchiveLimits;
use miniz_oxide::deflate::compress_to_vec;

const SIG_LOCAL: u32 = 0x0403_4b50;
const SIG_CENTRAL: u32 = 0x0201_4b50;
const SIG_EOCD: u32 = 0x0605_4b50;

/// Version 2.0: deflate, the oldest version every reader understands.
const VERSION_NEEDED: u16 = 20;
/// Made by Unix (3), version 2.0, so readers apply the Unix permissions below.
const VERSION_MADE_BY: u16 = (3 << 8) | 20;
/// Bit 11: the name is UTF-8. Set only for names that are not ASCII, as Info-ZIP does.
const FLAG_UTF8: u16 = 1 << 11;
const METHOD_STORED: u16 = 0;
const METHOD_DEFLATE: u16 = 8;
/// 00:00:00.
const DOS_TIME: u16 = 0;
/// 1980-01-01: (year − 1980) << 9 | month << 5 | day.
const DOS_DATE: u16 = (1 << 5) | 1;
/// A regular file, `rw-r--r--`, in the high half of the external attributes.
const EXTERNAL_ATTRIBUTES: u32 = 0o100_644 << 16;
/// miniz's default level: a fixed level keeps the output the same from run to run.
const DEFLATE_LEVEL: u8 = 6;

/// Why a zip could not be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WriteError {
    #[error("`{0}` is not a valid entry name: names are relative, `/`-separated and without `..`")]
    BadName(String),
    #[error("`{0}` appears twice")]
    Duplicate(String),
    #[error("the zip would need ZIP64 (over 65,535 entries or 4 GiB), which pack does not write")]
    TooLarge,
}

/// Builds a zip of regular files in memory. `files` are (name, content) pairs in any order;
/// names are `/`-separated paths inside the archive.
pub fn write_zip(files: &[(String, Vec<u8>)]) -> Result<Vec<u8>, WriteError> {
    let mut sorted: Vec<&(String, Vec<u8>)> = files.iter().collect();
    sorted.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    for pair in sorted.windows(2) {
        if pair[0].0 == pair[1].0 {
            return Err(WriteError::Duplicate(pair[0].0.clone()));
        }
    }
    let count = u16::try_from(sorted.len()).map_err(|_| WriteError::TooLarge)?;
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in sorted {
        check_name(name)?;
        let name_len = u16::try_from(name.len()).map_err(|_| WriteError::BadName(name.clone()))?;
        let flags = if name.is_ascii() { 0 } else { FLAG_UTF8 };
        let mut crc = Hasher::new();
        crc.update(data);
        let crc = crc.finalize();
        let (method, compressed) = encode(data);
        let compressed_size = u32::try_from(compressed.len()).map_err(|_| WriteError::TooLarge)?;
        let size = u32::try_from(data.len()).map_err(|_| WriteError::TooLarge)?;
        let offset = u32::try_from(out.len()).map_err(|_| WriteError::TooLarge)?;

        put_u32(&mut out, SIG_LOCAL);
        put_u16(&mut out, VERSION_NEEDED);
        put_u16(&mut out, flags);
        put_u16(&mut out, method);
        put_u16(&mut out, DOS_TIME);
        put_u16(&mut out, DOS_DATE);
        put_u32(&mut out, crc);
        put_u32(&mut out, compressed_size);
        put_u32(&mut out, size);
        put_u16(&mut out, name_len);
        put_u16(&mut out, 0); // extra field length
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(&compressed);

        put_u32(&mut central, SIG_CENTRAL);
        put_u16(&mut central, VERSION_MADE_BY);
        put_u16(&mut central, VERSION_NEEDED);
        put_u16(&mut central, flags);
        put_u16(&mut central, method);
        put_u16(&mut central, DOS_TIME);
        put_u16(&mut central, DOS_DATE);
        put_u32(&mut central, crc);
        put_u32(&mut central, compressed_size);
        put_u32(&mut central, size);
        put_u16(&mut central, name_len);
        put_u16(&mut central, 0); // extra field length
        put_u16(&mut central, 0); // comment length
        put_u16(&mut central, 0); // disk number
        put_u16(&mut central, 0); // internal attributes
        put_u32(&mut central, EXTERNAL_ATTRIBUTES);
        put_u32(&mut central, offset);
        central.extend_from_slice(name.as_bytes());
    }
    let central_offset = u32::try_from(out.len()).map_err(|_| WriteError::TooLarge)?;
    let central_size = u32::try_from(central.len()).map_err(|_| WriteError::TooLarge)?;
    if u32::MAX - central_offset < central_size {
        return Err(WriteError::TooLarge);
    }
    out.extend_from_slice(&central);
    put_u32(&mut out, SIG_EOCD);
    put_u16(&mut out, 0); // this disk
    put_u16(&mut out, 0); // disk with the central directory
    put_u16(&mut out, count);
    put_u16(&mut out, count);
    put_u32(&mut out, central_size);
    put_u32(&mut out, central_offset);
    put_u16(&mut out, 0); // comment length
    Ok(out)
}

/// Deflates an entry, or stores it when deflate would not make it smaller, or would shrink it
/// so far that readers guarding against zip bombs refuse it (pcpkg's own reader among them:
/// over 100:1 for entries over 4 KiB, reliability.md §0). A file padded with zeros stays
/// readable that way, and the output of pack always passes PK009.
fn encode(data: &[u8]) -> (u16, Vec<u8>) {
    let limits = ArchiveLimits::default();
    let compressed = compress_to_vec(data, DEFLATE_LEVEL);
    let size = data.len() as u64;
    let bomb_like = size > limits.ratio_floor
        && size > (compressed.len() as u64).saturating_mul(limits.max_ratio);
    if compressed.len() >= data.len() || bomb_like {
        (METHOD_STORED, data.to_vec())
    } else {
        (METHOD_DEFLATE, compressed)
    }
}

/// The names pack writes are canonical artifact names; anything a reader would refuse (our own
/// reader checks the same) is a bug caught here rather than a zip that fails validation.
fn check_name(name: &str) -> Result<(), WriteError> {
    let bad = name.is_empty()
        || name.starts_with('/')
        || name.ends_with('/')
        || name.contains(['\\', '\0'])
        || name
            .split('/')
            .any(|part| part.is_empty() || part == "." || part == "..")
        || name.as_bytes().get(1) == Some(&b':');
    if bad {
        return Err(WriteError::BadName(name.to_owned()));
    }
    Ok(())
}

fn put_u16(out: &mut Vec<u8>, value: u16) {
    out.extend_from_slice(&value.to_le_bytes());
}

fn put_u32(out: &mut Vec<u8>, value: u32) {
    out.extend_from_slice(&value.to_le_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::archive::{InflateBudget, read_zip};

    fn files() -> Vec<(String, Vec<u8>)> {
        vec![
            ("icon.png".to_owned(), vec![0x89, b'P', b'N', b'G', 0, 1, 2]),
            (
                "apiDefinition.swagger.json".to_owned(),
                b"{\"swagger\": \"2.0\"}".repeat(200),
            ),
            ("Café.txt".to_owned(), b"non-ascii name".to_vec()),
            ("empty".to_owned(), Vec::new()),
        ]
    }

    #[test]
    fn same_files_in_any_order_give_the_same_bytes() {
        let mut reversed = files();
        reversed.reverse();
        assert_eq!(write_zip(&files()).unwrap(), write_zip(&reversed).unwrap());
    }

    #[test]
    fn our_reader_reads_it_back_sorted_and_without_problems() {
        let bytes = write_zip(&files()).unwrap();
        let read = read_zip(
            &bytes,
            &ArchiveLimits::default(),
            &mut InflateBudget::standard(),
        );
        assert!(read.problems.is_empty(), "{:?}", read.problems);
        let names: Vec<&str> = read.entries.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Café.txt",
                "apiDefinition.swagger.json",
                "empty",
                "icon.png"
            ]
        );
        for (name, data) in files() {
            let entry = read.entries.iter().find(|e| e.name == name).unwrap();
            assert_eq!(entry.data.as_deref(), Some(data.as_slice()), "{name}");
            assert!(!entry.is_dir && !entry.is_symlink);
        }
    }

    #[test]
    fn headers_hold_the_fixed_time_permissions_and_no_extra_fields() {
        let bytes = write_zip(&[("a.json".to_owned(), b"{}".to_vec())]).unwrap();
        // Local header: time at 10, date at 12, extra length at 28.
        assert_eq!(u16::from_le_bytes([bytes[10], bytes[11]]), 0);
        assert_eq!(u16::from_le_bytes([bytes[12], bytes[13]]), 0x21);
        assert_eq!(u16::from_le_bytes([bytes[28], bytes[29]]), 0);
        let central = bytes
            .windows(4)
            .position(|w| w == SIG_CENTRAL.to_le_bytes())
            .unwrap();
        let made_by = u16::from_le_bytes([bytes[central + 4], bytes[central + 5]]);
        assert_eq!(made_by >> 8, 3, "made by Unix");
        let external = u32::from_le_bytes(bytes[central + 38..central + 42].try_into().unwrap());
        assert_eq!(external >> 16, 0o100_644);
    }

    #[test]
    fn padding_is_stored_so_that_readers_do_not_take_it_for_a_bomb() {
        let padded = vec![0u8; 2 * 1024 * 1024];
        let bytes = write_zip(&[("icon.png".to_owned(), padded.clone())]).unwrap();
        assert_eq!(u16::from_le_bytes([bytes[8], bytes[9]]), METHOD_STORED);
        let read = read_zip(
            &bytes,
            &ArchiveLimits::default(),
            &mut InflateBudget::standard(),
        );
        assert!(read.problems.is_empty(), "{:?}", read.problems);
        assert_eq!(read.entries[0].data.as_deref(), Some(padded.as_slice()));
        let text: Vec<u8> = (0..1000)
            .flat_map(|i| format!("\"key{i}\": {},\n", i * 7919).into_bytes())
            .collect();
        let bytes = write_zip(&[("a.json".to_owned(), text)]).unwrap();
        assert_eq!(u16::from_le_bytes([bytes[8], bytes[9]]), METHOD_DEFLATE);
    }

    #[test]
    fn unsafe_or_repeated_names_are_refused() {
        for bad in ["", "/abs", "../x", "a/../b", "a\\b", "C:x", "dir/", "a//b"] {
            assert!(
                write_zip(&[(bad.to_owned(), Vec::new())]).is_err(),
                "{bad:?}"
            );
        }
        let twice = vec![("a".to_owned(), Vec::new()), ("a".to_owned(), vec![1])];
        assert_eq!(write_zip(&twice), Err(WriteError::Duplicate("a".into())));
    }
}
