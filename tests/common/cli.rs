//! Running the built binary and the folders it runs on: the helpers every end-to-end test file
//! used to copy (`run_in`, the clean Contoso example, folder listings, the JSON report's codes
//! and schema).

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;

/// The crate's root folder (examples/, tests/fixtures/, and ../shared/spec beside it).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The built `pcpkg`, for a `std::process::Command` (signals, closed pipes, pseudo-terminals).
pub fn pcpkg_binary() -> PathBuf {
    assert_cmd::cargo::cargo_bin("pcpkg")
}

/// `pcpkg` in `dir`, with colour off so that human output compares as text.
pub fn pcpkg_in(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("pcpkg").unwrap();
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}

/// Longer than any one run takes, even in a debug build on a busy machine: a run that hangs
/// fails its test instead of stalling the suite.
const RUN_TIMEOUT: Duration = Duration::from_secs(60);

/// Runs `pcpkg ARGS` in `dir`; returns the exit code (-1 when killed by a signal), stdout and
/// stderr, after checking that it did not panic.
pub fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = pcpkg_in(dir)
        .args(args)
        .timeout(RUN_TIMEOUT)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "panic: {stderr}");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr,
    )
}

/// The clean certified example, examples/contoso-tasks.
const CONTOSO: &str = "examples/contoso-tasks";

/// A file of the clean certified example, as bytes.
pub fn example_bytes(file: &str) -> Vec<u8> {
    fs::read(repo().join(CONTOSO).join(file)).unwrap()
}

/// The connector files (swagger, apiProperties, readme) of the example folder `example`
/// (relative to the crate root) copied into `target`, made with its parents as needed.
pub fn copy_example(example: &str, target: &Path) -> PathBuf {
    fs::create_dir_all(target).unwrap();
    for file in [
        "apiDefinition.swagger.json",
        "apiProperties.json",
        "readme.md",
    ] {
        fs::copy(repo().join(example).join(file), target.join(file)).unwrap();
    }
    target.to_path_buf()
}

/// The clean certified example copied to `dir/name`: swagger, apiProperties and readme, no
/// icon, as certified folders rarely hold one.
pub fn clean_connector(dir: &Path, name: &str) -> PathBuf {
    copy_example(CONTOSO, &dir.join(name))
}

/// The names in a folder, sorted, not recursive (hidden temporaries included, so leftovers show).
pub fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The codes of a JSON report's diagnostics, in report order.
pub fn codes(json: &serde_json::Value) -> Vec<String> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect()
}

/// Where a JSON report breaks ../shared/spec/report.schema.json, one message a violation;
/// `None` when the schema cannot be read (the spec sits outside the repository).
pub fn report_schema_errors(json: &serde_json::Value) -> Option<Vec<String>> {
    let text = fs::read_to_string(repo().join("../shared/spec/report.schema.json")).ok()?;
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    Some(
        validator
            .iter_errors(json)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect(),
    )
}
