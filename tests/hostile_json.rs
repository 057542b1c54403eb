//! reliability.md §3: each hostile JSON input ends in a clear finding with the right code and
//! exit status, with no panic, in bounded time, and nothing written.

mod common;

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use common::cli::{clean_connector, example_bytes};

/// A clean connector folder with its swagger (or apiProperties) replaced by `bytes`.
fn connector_with(dir: &Path, file: &str, bytes: &[u8]) {
    let conn = clean_connector(dir, "Conn");
    fs::write(conn.join(file), bytes).unwrap();
}

/// Runs `validate --format json Conn` and returns (exit code, diagnostics).
fn validate(dir: &Path) -> (i32, Vec<serde_json::Value>) {
    let start = Instant::now();
    let out = Command::cargo_bin("pcpkg")
        .unwrap()
        .current_dir(dir)
        .args(["validate", "--format", "json", "Conn"])
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("panicked") && !stderr.contains("overflow"),
        "{stderr}"
    );
    assert!(start.elapsed() < Duration::from_secs(30));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("the report is JSON");
    let before: Vec<_> = fs::read_dir(dir.join("Conn")).unwrap().collect();
    assert_eq!(before.len(), 3, "validate wrote into the package");
    (
        out.status.code().unwrap(),
        json["diagnostics"].as_array().unwrap().clone(),
    )
}

fn expect(file: &str, bytes: &[u8], code: &str, exit: i32, mention: &str) -> serde_json::Value {
    let dir = tempfile::tempdir().unwrap();
    connector_with(dir.path(), file, bytes);
    let (status, diagnostics) = validate(dir.path());
    let found = diagnostics
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| {
            panic!(
                "expected {code}; got {:#?}",
                diagnostics.iter().map(|d| &d["code"]).collect::<Vec<_>>()
            )
        });
    assert!(
        found["message"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains(&mention.to_lowercase()),
        "message `{}` should mention `{mention}`",
        found["message"]
    );
    assert_eq!(status, exit, "{diagnostics:#?}");
    found.clone()
}

const SWAGGER: &str = "apiDefinition.swagger.json";
const PROPERTIES: &str = "apiProperties.json";

fn swagger() -> String {
    String::from_utf8(example_bytes(SWAGGER)).unwrap()
}

#[test]
fn json_bom() {
    let bytes = [b"\xEF\xBB\xBF".as_slice(), swagger().as_bytes()].concat();
    expect(SWAGGER, &bytes, "SW003", 0, "bom");
    let properties = example_bytes(PROPERTIES);
    expect(
        PROPERTIES,
        &[b"\xEF\xBB\xBF".as_slice(), &properties].concat(),
        "AP002",
        0,
        "bom",
    );
}

#[test]
fn json_utf16() {
    let mut bytes = vec![0xFF, 0xFE];
    for unit in swagger().encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    expect(SWAGGER, &bytes, "SW002", 1, "utf-16");
    expect(PROPERTIES, &bytes, "AP001", 1, "utf-16");
}

#[test]
fn json_invalid_utf8() {
    let bytes = swagger()
        .replace("Contoso Tasks\"", "Br\u{f8}nn\u{f8}ysund\"")
        .into_bytes();
    let latin1: Vec<u8> = String::from_utf8(bytes)
        .unwrap()
        .chars()
        .map(|c| c as u32 as u8)
        .collect();
    expect(SWAGGER, &latin1, "SW002", 1, "utf-8");
}

#[test]
fn json_depth_10000() {
    let bytes = format!(
        "{{\"swagger\": {}{}}}",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    expect(SWAGGER, bytes.as_bytes(), "SW001", 1, "128");
}

#[test]
fn json_numbers_out_of_range() {
    expect(
        SWAGGER,
        b"{\"swagger\": \"2.0\", \"x\": 1e999999}",
        "SW001",
        1,
        "range",
    );
    let digits = format!("{{\"swagger\": \"2.0\", \"x\": {}}}", "9".repeat(200_000));
    expect(SWAGGER, digits.as_bytes(), "SW001", 1, "range");
}

#[test]
fn json_duplicate_key() {
    let bytes = swagger().replacen(
        "\"host\": \"api.contoso.com\",",
        "\"host\": \"api.contoso.com\",\n  \"host\": \"collect.mallory.example\",",
        1,
    );
    let found = expect(SWAGGER, bytes.as_bytes(), "SW005", 1, "host");
    assert_eq!(found["range"]["start"]["line"], 19);
}

#[test]
fn json_lone_surrogate() {
    let bytes = swagger().replacen("Contoso Tasks\"", "Contoso \\ud800 Tasks\"", 1);
    expect(SWAGGER, bytes.as_bytes(), "SW001", 1, "surrogate");
}

#[test]
fn json_raw_control_chars() {
    let bytes = swagger().replacen("Contoso Tasks\"", "Contoso \u{0}\u{1b}[2J Tasks\"", 1);
    let dir = tempfile::tempdir().unwrap();
    connector_with(dir.path(), SWAGGER, bytes.as_bytes());
    let out = Command::cargo_bin("pcpkg")
        .unwrap()
        .current_dir(dir.path())
        .args(["validate", "Conn"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("SW001"), "{stdout}");
    assert!(
        !stdout.contains('\u{1b}') && !stdout.contains('\u{0}'),
        "raw control characters reached the terminal"
    );
    assert!(stdout.contains("\\u{1b}"), "{stdout}");
}

#[test]
fn json_100mb_is_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    connector_with(dir.path(), SWAGGER, b"");
    let file = fs::File::create(dir.path().join("Conn").join(SWAGGER)).unwrap();
    file.set_len(100 * 1024 * 1024).unwrap(); // sparse: costs no disk
    let (status, diagnostics) = validate(dir.path());
    assert_eq!(status, 1);
    let found = diagnostics
        .iter()
        .find(|d| d["code"] == "SW001")
        .expect("SW001");
    assert!(
        found["message"].as_str().unwrap().contains("16 MiB"),
        "{found}"
    );
}

#[test]
fn json_empty_and_not_object() {
    expect(SWAGGER, b"", "SW001", 1, "empty");
    expect(SWAGGER, b"[1, 2]", "SW004", 1, "array");
    expect(PROPERTIES, b"\"text\"", "AP004", 1, "string");
}
