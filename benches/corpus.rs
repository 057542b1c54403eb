//! Whole-corpus benchmark: pcpkg's wall time beside the parse floor (reading every JSON file of
//! the corpus and parsing it into `serde_json::Value` on all cores), measured in the same run,
//! and pcpkg's peak memory in a fresh process.
//!
//! ```sh
//! cargo bench --bench corpus                 # ../shared/corpus
//! cargo bench --bench corpus -- PATH [RUNS]  # another folder of connectors
//! ```

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use pcpkg::engine::RuleSettings;
use pcpkg::render::FailOn;
use pcpkg::validate::{ValidateOptions, validate_paths};
use rayon::prelude::*;

/// The same allocator as the pcpkg binary, for both measurements.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn json_files(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(read) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in read.flatten() {
            let path = entry.path();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(path);
            } else if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("json"))
            {
                out.push(path);
            }
        }
    }
    out
}

/// Reads and parses every file with serde_json on all cores; returns how many parsed.
fn parse_floor(files: &[PathBuf]) -> usize {
    files
        .par_iter()
        .filter(|path| {
            let Ok(bytes) = std::fs::read(path) else {
                return false;
            };
            let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
            serde_json::from_slice::<serde_json::Value>(body).is_ok()
        })
        .count()
}

fn validate(root: &Path) -> usize {
    let options = ValidateOptions {
        profile: None,
        settings: RuleSettings {
            strict: false,
            select: None,
            ignore: vec![],
        },
        fail_on: FailOn::Error,
        plugin: false,
    };
    let report = validate_paths(&[PathBuf::from(".")], root, &options);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    report.packages.len()
}

/// Peak resident memory of this process in KiB (`VmHWM`), on Linux.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

#[expect(clippy::print_stdout, reason = "a benchmark prints its measurements")]
fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    if args.first().map(String::as_str) == Some("--child-validate") {
        let root = std::fs::canonicalize(&args[1]).expect("corpus path");
        let packages = validate(&root);
        println!("{packages} {}", peak_rss_kib().unwrap_or(0));
        return;
    }
    let root = args.first().map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"),
        PathBuf::from,
    );
    let root = std::fs::canonicalize(&root).unwrap_or(root);
    let runs: usize = args.get(1).and_then(|r| r.parse().ok()).unwrap_or(15);
    if !root.is_dir() {
        println!("no corpus at {}: nothing to measure", root.display());
        return;
    }
    let files = json_files(&root);
    // Warm the page cache and the thread pool once, untimed.
    let parsed = parse_floor(&files);
    let packages = validate(&root);
    let mut floor = Vec::new();
    let mut pcpkg = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        parse_floor(&files);
        floor.push(start.elapsed());
        let start = Instant::now();
        validate(&root);
        pcpkg.push(start.elapsed());
    }
    let (floor, pcpkg) = (median(floor), median(pcpkg));
    println!(
        "corpus: {} ({packages} packages, {} JSON files, {parsed} valid JSON)",
        root.display(),
        files.len()
    );
    println!("threads: {}", rayon::current_num_threads());
    println!(
        "parse floor (read + serde_json::Value, all cores): {:>7.1} ms (median of {runs})",
        floor.as_secs_f64() * 1e3
    );
    println!(
        "pcpkg validate (every rule, all cores):             {:>7.1} ms (median of {runs})",
        pcpkg.as_secs_f64() * 1e3
    );
    println!(
        "ratio pcpkg / parse floor: {:.2}",
        pcpkg.as_secs_f64() / floor.as_secs_f64()
    );
    let child = Command::new(std::env::current_exe().expect("own path"))
        .args(["--child-validate", &root.to_string_lossy()])
        .output()
        .expect("run the benchmark's child");
    let out = String::from_utf8_lossy(&child.stdout);
    if let Some(kib) = out
        .split_whitespace()
        .nth(1)
        .and_then(|k| k.parse::<u64>().ok())
    {
        println!(
            "peak RSS of one validation in a fresh process: {:.1} MiB",
            kib as f64 / 1024.0
        );
    }
}
