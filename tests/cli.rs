//! End-to-end tests of the built binary: exit codes, formats, flags, inputs and hostile input.

mod common;

use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::process::{Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use common::cli::{
    clean_connector, codes, copy_example, example_bytes, pcpkg_binary, pcpkg_in, repo,
    report_schema_errors, run_in,
};

/// `pcpkg ARGS` in the crate root, where the examples are.
fn run(args: &[&str]) -> (i32, String, String) {
    run_in(&repo(), args)
}

fn assert_valid_report(json: &serde_json::Value) {
    if let Some(errors) = report_schema_errors(json) {
        assert!(
            errors.is_empty(),
            "report does not match report.schema.json: {errors:#?}"
        );
    }
    // cli.md: each diagnostic's package is one of the packages.
    let paths: Vec<&str> = json["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["path"].as_str().unwrap())
        .collect();
    for d in json["diagnostics"].as_array().unwrap() {
        assert!(paths.contains(&d["package"].as_str().unwrap()), "{d}");
    }
}

#[test]
fn clean_certified_example_exits_0_under_strict() {
    let (code, stdout, _) = run(&["validate", "--strict", "examples/contoso-tasks"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.contains("examples/contoso-tasks (certified): 0 errors, 0 warnings"),
        "{stdout}"
    );
}

#[test]
fn clean_independent_publisher_example_exits_0_under_strict() {
    let (code, stdout, _) = run(&[
        "validate",
        "--strict",
        "--profile",
        "independent-publisher",
        "examples/independent-publisher/Open-Meteo-Forecast",
    ]);
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.contains("(independent-publisher): 0 errors, 0 warnings"),
        "{stdout}"
    );
}

#[test]
fn broken_example_exits_1_and_its_output_is_reviewed() {
    let (code, stdout, _) = run(&["validate", "examples/broken/contoso-broken"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!(stdout);
}

#[test]
fn json_report_matches_the_schema() {
    let (code, stdout, _) = run(&["validate", "--format", "json", "examples"]);
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_valid_report(&json);
    assert_eq!(json["version"], 1);
    assert_eq!(json["packages"].as_array().unwrap().len(), 3);
    let kinds: Vec<&str> = json["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.iter().all(|k| *k == "folder"));
    let total: u64 = json["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["counts"]["error"].as_u64().unwrap())
        .sum();
    assert_eq!(json["counts"]["error"].as_u64().unwrap(), total);
}

#[test]
fn json_report_of_the_broken_example_is_reviewed() {
    let (_, stdout, _) = run(&[
        "validate",
        "--format",
        "json",
        "examples/broken/contoso-broken",
    ]);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_valid_report(&json);
    insta::assert_json_snapshot!(json);
}

#[test]
fn fail_on_controls_the_exit_code() {
    let (code, _, _) = run(&[
        "validate",
        "--fail-on",
        "never",
        "examples/broken/contoso-broken",
    ]);
    assert_eq!(code, 0);
    let dir = tempfile::tempdir().unwrap();
    let conn = clean_connector(dir.path(), "Conn");
    // A BOM is a warning (SW003): exit 0 by default, 1 with --fail-on warning.
    let swagger = fs::read(conn.join("apiDefinition.swagger.json")).unwrap();
    fs::write(
        conn.join("apiDefinition.swagger.json"),
        [b"\xEF\xBB\xBF".as_slice(), &swagger].concat(),
    )
    .unwrap();
    let (code, stdout, _) = run_in(dir.path(), &["validate", "--strict", "Conn"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("warning[SW003]"), "{stdout}");
    let (code, _, _) = run_in(
        dir.path(),
        &["validate", "--strict", "--fail-on", "warning", "Conn"],
    );
    assert_eq!(code, 1);
}

#[test]
fn select_and_ignore() {
    let (code, stdout, _) = run(&[
        "validate",
        "--format",
        "json",
        "--select",
        "SW004",
        "examples/broken/contoso-broken",
    ]);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert!(codes(&json).iter().all(
        |c| c == "SW004" || ["SW001", "SW002", "AP001", "PK009", "PK014"].contains(&c.as_str())
    ));
    assert_eq!(code, 0);
    let (_, stdout, _) = run(&[
        "validate",
        "--format",
        "json",
        "--ignore",
        "AP",
        "examples/broken/contoso-broken",
    ]);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert!(
        !codes(&json).iter().any(|c| c.starts_with("AP")),
        "{stdout}"
    );
    // Unknown selectors and ignoring an input-safety rule are usage errors.
    let (code, stdout, stderr) = run(&["validate", "--select", "XX999", "examples/contoso-tasks"]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty() && stderr.contains("XX999"), "{stderr}");
    let (code, _, stderr) = run(&["validate", "--ignore", "SW001", "examples/contoso-tasks"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("SW001"), "{stderr}");
}

#[test]
fn profile_flag_and_detection() {
    // The profile follows the repository layout: a folder below `independent-publisher-connectors`.
    let dir = tempfile::tempdir().unwrap();
    let conn = dir
        .path()
        .join("independent-publisher-connectors")
        .join("Open-Meteo-Forecast");
    copy_example("examples/independent-publisher/Open-Meteo-Forecast", &conn);
    let (code, stdout, _) = run_in(
        dir.path(),
        &[
            "validate",
            "--strict",
            "--format",
            "json",
            "independent-publisher-connectors",
        ],
    );
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["packages"][0]["profile"], "independent-publisher");
    assert_eq!(code, 0, "{stdout}");
    let (code, stdout, _) = run(&[
        "validate",
        "--format",
        "json",
        "--profile",
        "certified",
        "examples/independent-publisher/Open-Meteo-Forecast",
    ]);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["packages"][0]["profile"], "certified");
    // #da3b01 is the IP orange: a certified connector using it gets AP014.
    assert!(codes(&json).contains(&"AP014".to_owned()), "{stdout}");
    assert!(code == 0 || code == 1);
    let (code, _, _) = run(&[
        "validate",
        "--profile",
        "nonsense",
        "examples/contoso-tasks",
    ]);
    assert_eq!(code, 2);
}

/// The clean certified example with its icon, zipped, plus `extra` entries.
fn zip_of(extra: &[(&str, &[u8])]) -> Vec<u8> {
    let mut entries: Vec<(String, Vec<u8>)> = ["apiDefinition.swagger.json", "apiProperties.json"]
        .iter()
        .map(|f| ((*f).to_owned(), example_bytes(f)))
        .collect();
    entries.push(("icon.png".to_owned(), common::contoso_icon()));
    entries.extend(extra.iter().map(|(n, b)| ((*n).to_owned(), b.to_vec())));
    common::zip_bytes(&entries)
}

#[test]
fn a_clean_zip_validates_and_junk_in_a_zip_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("conn.zip"), zip_of(&[])).unwrap();
    let (code, stdout, _) = run_in(dir.path(), &["validate", "--strict", "conn.zip"]);
    assert_eq!(code, 0, "{stdout}");
    fs::write(
        dir.path().join("junk.zip"),
        zip_of(&[("__MACOSX/._icon.png", b"x"), (".DS_Store", b"x")]),
    )
    .unwrap();
    let (code, stdout, _) = run_in(dir.path(), &["validate", "--format", "json", "junk.zip"]);
    assert_eq!(code, 1, "{stdout}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_valid_report(&json);
    assert_eq!(json["packages"][0]["kind"], "zip");
    assert!(codes(&json).contains(&"PK007".to_owned()), "{stdout}");
    let file = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "PK007")
        .unwrap()["file"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(file.starts_with("junk.zip!/"), "{file}");
}

#[test]
fn a_zip_slip_entry_is_a_finding_not_a_write() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("slip.zip"),
        zip_of(&[("../../escape.txt", b"x")]),
    )
    .unwrap();
    let (code, stdout, _) = run_in(dir.path(), &["validate", "slip.zip"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("PK009") && stdout.contains("escape.txt"),
        "{stdout}"
    );
    assert!(!dir.path().parent().unwrap().join("escape.txt").exists());
    let names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "validate wrote something: {names:?}");
}

#[test]
fn a_missing_path_is_exit_2_and_others_are_still_validated() {
    let (code, stdout, stderr) = run(&["validate", "no/such/connector"]);
    assert_eq!(code, 2);
    assert!(
        stdout.contains("no/such/connector") || stderr.contains("no/such/connector"),
        "{stdout}{stderr}"
    );
    let (code, stdout, _) = run(&[
        "validate",
        "--format",
        "json",
        "examples/contoso-tasks",
        "no/such/connector",
    ]);
    assert_eq!(code, 2);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_valid_report(&json);
    assert_eq!(json["packages"].as_array().unwrap().len(), 1);
    assert_eq!(json["errors"][0]["path"], "no/such/connector");
}

#[test]
fn a_folder_without_connectors_and_an_unknown_file_are_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("empty")).unwrap();
    fs::write(dir.path().join("notes.txt"), "hello").unwrap();
    let (code, _, stderr) = run_in(dir.path(), &["validate", "empty"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no connector found"), "{stderr}");
    let (code, _, _) = run_in(dir.path(), &["validate", "notes.txt"]);
    assert_eq!(code, 2);
}

#[test]
fn a_fifo_given_as_path_is_exit_2_without_hanging() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("apiProperties.json");
    assert!(
        StdCommand::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let (code, _, _) = run_in(dir.path(), &["validate", "apiProperties.json"]);
    assert_eq!(code, 2);
}

#[test]
fn a_single_artifact_is_validated_in_file_mode() {
    let (code, stdout, _) = run(&[
        "validate",
        "--format",
        "json",
        "examples/broken/contoso-broken/apiDefinition.swagger.json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_valid_report(&json);
    assert_eq!(json["packages"][0]["kind"], "file");
    assert!(
        codes(&json)
            .iter()
            .all(|c| c.starts_with("SW") || c.starts_with("PK01")),
        "{stdout}"
    );
    assert_eq!(code, 1);
}

#[test]
fn control_characters_from_input_are_escaped_in_human_output() {
    let dir = tempfile::tempdir().unwrap();
    let conn = clean_connector(dir.path(), "Conn");
    let swagger = fs::read_to_string(conn.join("apiDefinition.swagger.json")).unwrap();
    let hostile = swagger.replace(
        "\"Contoso Tasks\"",
        "\"Contoso \\u001b[31mTasks\\u0007\\u202e\\r\"",
    );
    fs::write(conn.join("apiDefinition.swagger.json"), hostile).unwrap();
    let out = pcpkg_in(dir.path())
        .args(["validate", "--color", "never", "Conn"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        !stdout
            .chars()
            .any(|c| (c.is_control() && c != '\n' && c != '\t') || c == '\u{202e}'),
        "{stdout:?}"
    );
    // JSON stays valid JSON.
    let out = pcpkg_in(dir.path())
        .args(["validate", "--format", "json", "Conn"])
        .output()
        .unwrap();
    let _: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
}

#[test]
fn stdin_is_never_read() {
    let mut child = StdCommand::new(pcpkg_binary())
        .current_dir(repo())
        .args(["validate", "examples/contoso-tasks"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let _stdin_kept_open = child.stdin.take();
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert_eq!(status.code(), Some(0));
            break;
        }
        if start.elapsed() > Duration::from_secs(20) {
            child.kill().unwrap();
            panic!("pcpkg waited for stdin");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_closed_stdout_ends_quietly() {
    let mut child = StdCommand::new(pcpkg_binary())
        .current_dir(repo())
        .args(["rules"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    reader.read_line(&mut first).unwrap();
    drop(reader);
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(status.code(), Some(0), "{stderr}");
}

#[test]
fn rules_explain_and_completions() {
    let (code, stdout, _) = run(&["rules"]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("CODE"));
    assert!(stdout.contains("SW004") && stdout.contains("swagger-2.0"));
    let (code, stdout, _) = run(&["rules", "--format", "json"]);
    assert_eq!(code, 0);
    let rules: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    for rule in rules.as_array().unwrap() {
        for key in [
            "code",
            "name",
            "family",
            "category",
            "status",
            "summary",
            "url",
            "severity",
            "strict-severity",
        ] {
            assert!(rule.get(key).is_some(), "{key} missing in {rule}");
        }
    }
    let (code, stdout, _) = run(&["explain", "SW004"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("## What it does"), "{stdout}");
    let (code, by_name, _) = run(&["explain", "swagger-2.0"]);
    assert_eq!(code, 0);
    assert_eq!(by_name, stdout);
    let (code, _, stderr) = run(&["explain", "XX123"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("XX123"));
    let (code, stdout, _) = run(&["completions", "bash"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("pcpkg"));
}

#[test]
fn bad_arguments_are_exit_2() {
    let (code, _, _) = run(&["validate", "--format", "yaml"]);
    assert_eq!(code, 2);
    let (code, _, _) = run(&["frobnicate"]);
    assert_eq!(code, 2);
}

/// README.md shows the broken example's real output; this keeps it current.
#[test]
fn readme_shows_the_broken_examples_current_output() {
    let readme = fs::read_to_string(repo().join("README.md")).unwrap();
    let after = readme
        .split("$ pcpkg validate examples/broken/contoso-broken")
        .nth(1)
        .expect("README shows the example");
    let block = after
        .split("```text\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .expect("a text block");
    let (_, stdout, _) = run(&["validate", "examples/broken/contoso-broken"]);
    assert_eq!(
        block,
        stdout.trim_end(),
        "update README.md with the output of `pcpkg validate examples/broken/contoso-broken`"
    );
}

#[test]
fn sarif_output_names_every_rule_and_uses_code_points() {
    let (code, stdout, _) = run(&[
        "validate",
        "--format",
        "sarif",
        "examples/broken/contoso-broken",
    ]);
    assert_eq!(code, 1);
    let sarif: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), pcpkg::rules::registry::metas().count());
    for result in run["results"].as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().unwrap()));
    }
}

#[test]
fn github_annotations() {
    let (code, stdout, _) = run(&[
        "validate",
        "--format",
        "github",
        "examples/broken/contoso-broken",
    ]);
    assert_eq!(code, 1);
    let line = stdout
        .lines()
        .find(|l| l.contains("SW005"))
        .expect("an SW005 annotation");
    assert_eq!(
        line,
        "::error file=examples/broken/contoso-broken/apiDefinition.swagger.json,line=23,col=3,endLine=23,endColumn=8,\
         title=SW005 duplicate-keys::`host` is repeated in the root object; it first appears at line 8, and only the last one is used"
    );
    assert!(stdout.lines().all(|l| l.starts_with("::error ")
        || l.starts_with("::warning ")
        || l.starts_with("::notice ")));
}
