//! Partner Center `package.zip` validation end to end: packages are built in code
//! (tests/common/pc.rs), validated through the binary, and their findings checked.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use common::pc::{self, PcTree};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn pcpkg_in(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("pcpkg").unwrap();
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}

/// Runs `pcpkg ARGS` in `dir`; returns exit code, stdout, stderr (and checks for no panic).
fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = pcpkg_in(dir).args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "panic: {stderr}");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr,
    )
}

/// Writes the package as `package.zip` in a new temporary folder.
fn write(tree: &PcTree) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("package.zip"), tree.build()).unwrap();
    dir
}

fn json_report(dir: &Path, extra: &[&str]) -> (i32, serde_json::Value) {
    let mut args = vec!["validate", "package.zip", "--format", "json"];
    args.extend_from_slice(extra);
    let (code, stdout, stderr) = run_in(dir, &args);
    let json: serde_json::Value =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}\n{stderr}"));
    (code, json)
}

fn codes(json: &serde_json::Value) -> Vec<String> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_well_formed_package_validates_clean() {
    let dir = write(&PcTree::standard());
    let (code, stdout, stderr) = run_in(dir.path(), &["validate", "package.zip"]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    let (code, json) = json_report(dir.path(), &[]);
    assert_eq!(code, 0);
    assert_eq!(json["packages"][0]["kind"], "partner-center", "{json}");
    assert_eq!(json["counts"]["error"], 0, "{json}");
    insta::assert_snapshot!("clean_package_human", stdout);
}

/// A package with one problem at each level: findings name every level with `!/` and point at
/// lines and columns inside the nested files.
fn broken_package() -> PcTree {
    let mut tree = PcTree::standard();
    tree.set("README.md", "# Contoso Tasks\n");
    let connector = format!("{}/customizations.xml", pc::CONNECTOR_SOLUTION);
    let xml = tree
        .text(&connector)
        .replace(pc::BRAND_COLOR, "#007ee5");
    tree.set(&connector, xml);
    let parameters = format!(
        "{}/Connector/{}_connectionparameters.json",
        pc::CONNECTOR_SOLUTION,
        pc::CONNECTOR_NAME
    );
    let json = tree.text(&parameters).replace("\"api_key\"", "\"API Key\"");
    tree.set(&parameters, json);
    let swagger = format!(
        "{}/Connector/{}_openapidefinition.json",
        pc::CONNECTOR_SOLUTION,
        pc::CONNECTOR_NAME
    );
    let json = tree
        .text(&swagger)
        .replace("\"title\": \"Contoso Tasks\"", "\"title\": \"Contoso Tasks Connector\"");
    tree.set(&swagger, json);
    let flows = format!("{}/customizations.xml", pc::FLOW_SOLUTION);
    let xml = tree
        .text(&flows)
        .replace("/Workflows/Createatask", "/Workflows/Createatask-v2");
    tree.set(&flows, xml);
    tree
}

#[test]
fn a_broken_package_reports_into_every_level() {
    let dir = write(&broken_package());
    let (code, stdout, stderr) = run_in(dir.path(), &["validate", "package.zip"]);
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    insta::assert_snapshot!("broken_package_human", stdout);
}
