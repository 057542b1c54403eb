//! Our span-preserving JSON parser beside `serde_json::Value`, on every swagger of the corpus.
//!
//! ```sh
//! cargo bench --bench json_parse            # ../shared/corpus
//! cargo bench --bench json_parse -- PATH    # another folder of connectors
//! ```
#![allow(clippy::print_stdout)]

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

use pcpkg::json::{Document, decode, parse};

/// The same allocator as the pcpkg binary.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn swaggers(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for path in entries.filter_map(Result::ok).map(|e| e.path()) {
        if path.is_dir() {
            swaggers(&path, out);
        } else if path
            .file_name()
            .is_some_and(|n| n == "apiDefinition.swagger.json")
        {
            out.push(path);
        }
    }
}

fn main() {
    let root = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with('-'))
        .map_or_else(
            || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"),
            PathBuf::from,
        );
    let mut files = Vec::new();
    swaggers(&root, &mut files);
    let data: Vec<Vec<u8>> = files
        .iter()
        .filter_map(|p| std::fs::read(p).ok())
        .map(|b| b.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&b).to_vec())
        .collect();
    if data.is_empty() {
        println!("no swagger under {}: nothing to measure", root.display());
        return;
    }
    let total: usize = data.iter().map(Vec::len).sum();
    let rounds = 10;
    let mut best = [f64::MAX; 4];
    for _ in 0..rounds {
        let t = Instant::now();
        for b in &data {
            let _ = black_box(serde_json::from_slice::<serde_json::Value>(black_box(b)));
        }
        best[0] = best[0].min(t.elapsed().as_secs_f64());

        let t = Instant::now();
        for b in &data {
            if let Ok(d) = decode(black_box(b)) {
                let _ = black_box(parse(d.text));
            }
        }
        best[1] = best[1].min(t.elapsed().as_secs_f64());

        let t = Instant::now();
        for b in &data {
            let _ = black_box(Document::parse_bytes(black_box(b)));
        }
        best[2] = best[2].min(t.elapsed().as_secs_f64());

        let t = Instant::now();
        for b in &data {
            if let Ok(Ok(n)) = decode(b).map(|d| parse(d.text)) {
                let _ = black_box(n.to_serde());
            }
        }
        best[3] = best[3].min(t.elapsed().as_secs_f64());
    }
    let mb = total as f64 / 1e6;
    println!(
        "{} swaggers, {mb:.1} MB, best of {rounds} rounds, one thread:",
        data.len()
    );
    for (name, t) in [
        "serde_json::from_slice::<Value>",
        "decode + parse",
        "Document::parse_bytes",
        "decode + parse + to_serde",
    ]
    .iter()
    .zip(best)
    {
        println!(
            "  {name:34} {:8.1} ms  {:7.1} MB/s  {:.2}x serde_json",
            t * 1e3,
            mb / t,
            t / best[0]
        );
    }
}
