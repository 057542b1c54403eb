//! Reading untrusted archives in memory (reliability.md §1), and writing pack's own zips.
//!
//! pcpkg never extracts an archive to disk: [`read_zip`] parses the central directory itself, checks
//! every entry name before it is used, and inflates entries into memory under the limits of
//! reliability.md §0. Every problem it finds is an [`ArchiveProblem`] (rule PK009); the caller decides
//! how to report it. [`write_zip`] builds the deterministic zip `pcpkg pack` writes.

pub mod write;
pub mod zip;

pub use write::{WriteError, write_zip};
pub use zip::{
    ArchiveLimits, ArchiveProblem, InflateBudget, ZipEntry, ZipRead, looks_like_zip, read_zip,
};
