//! `pcpkg readme`: writes missing documents, regenerates only "Supported Operations" of an
//! existing readme (hand-written text kept), `--check` for CI, `--force` to rewrite whole.

mod common;

use std::fs;
use std::path::Path;

use common::cli::{clean_connector, names_in, run_in};

/// Adds an operation to the example's swagger.
fn add_operation(folder: &Path) {
    let path = folder.join("apiDefinition.swagger.json");
    let mut swagger: serde_json::Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    swagger["paths"]["/tasks/{taskId}"] = serde_json::json!({
        "delete": {
            "operationId": "DeleteTask",
            "summary": "Delete a task",
            "description": "Deletes a task for good.",
            "parameters": [{
                "name": "taskId", "in": "path", "required": true, "type": "string",
                "x-ms-url-encoding": "single", "x-ms-summary": "Task ID",
                "description": "The task to delete."
            }],
            "responses": { "204": { "description": "Deleted." } }
        }
    });
    fs::write(&path, serde_json::to_vec_pretty(&swagger).unwrap()).unwrap();
}

#[test]
fn an_up_to_date_readme_passes_the_check_and_is_not_touched() {
    let dir = tempfile::tempdir().unwrap();
    let folder = clean_connector(dir.path(), "Contoso");
    let before = fs::read(folder.join("readme.md")).unwrap();
    // The custom profile needs no intro.md: only the readme is judged.
    let (code, stdout, stderr) = run_in(
        dir.path(),
        &["readme", "Contoso", "--check", "--profile", "custom"],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert_eq!(stdout, "Contoso/readme.md: up to date\n");
    let (code, stdout, _) = run_in(dir.path(), &["readme", "Contoso", "--profile", "custom"]);
    assert_eq!(code, 0);
    assert_eq!(stdout, "Contoso/readme.md: up to date\n");
    assert_eq!(fs::read(folder.join("readme.md")).unwrap(), before);
}

#[test]
fn a_new_operation_makes_the_check_fail_and_regeneration_keeps_the_hand_written_text() {
    let dir = tempfile::tempdir().unwrap();
    let folder = clean_connector(dir.path(), "Contoso");
    let readme = folder.join("readme.md");
    let hand_written = fs::read_to_string(&readme).unwrap().replace(
        "Listing returns at most 500 tasks per project.",
        "Listing returns at most 500 tasks per project. (Written by hand.)",
    );
    fs::write(&readme, &hand_written).unwrap();
    add_operation(&folder);

    let (code, stdout, _) = run_in(
        dir.path(),
        &["readme", "Contoso", "--check", "--profile", "custom"],
    );
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        "Contoso/readme.md: \"Supported Operations\" is out of date\nrun `pcpkg readme` to update\n"
    );
    assert_eq!(
        fs::read_to_string(&readme).unwrap(),
        hand_written,
        "--check writes nothing"
    );

    let (code, stdout, stderr) = run_in(dir.path(), &["readme", "Contoso", "--profile", "custom"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        "Contoso/readme.md: \"Supported Operations\" regenerated\n"
    );
    let updated = fs::read_to_string(&readme).unwrap();
    // Operations in document order: the rewritten swagger has its paths sorted.
    let expected = hand_written.replace(
        "### Complete a task\n",
        "### Delete a task\nDeletes a task for good.\n\n### Complete a task\n",
    );
    assert_eq!(updated, expected);
    insta::assert_snapshot!("regenerated-readme", updated);

    let (code, _, _) = run_in(
        dir.path(),
        &["readme", "Contoso", "--check", "--profile", "custom"],
    );
    assert_eq!(code, 0);
    // No temporary file is left beside it.
    assert_eq!(
        names_in(&folder),
        [
            "apiDefinition.swagger.json",
            "apiProperties.json",
            "readme.md"
        ]
    );
}

#[test]
fn missing_documents_are_written_and_an_existing_intro_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let folder = clean_connector(dir.path(), "Contoso");
    fs::remove_file(folder.join("readme.md")).unwrap();

    let (code, stdout, _) = run_in(dir.path(), &["readme", "Contoso", "--check"]);
    assert_eq!(code, 1);
    assert_eq!(
        stdout,
        "Contoso/readme.md: missing\nContoso/intro.md: missing\nrun `pcpkg readme` to update\n"
    );
    assert!(!folder.join("readme.md").exists());

    let (code, stdout, stderr) = run_in(dir.path(), &["readme", "Contoso"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        "Contoso/readme.md: written\nContoso/intro.md: written\n"
    );
    let readme = fs::read_to_string(folder.join("readme.md")).unwrap();
    insta::assert_snapshot!("rendered-readme", readme);
    let intro = fs::read_to_string(folder.join("intro.md")).unwrap();
    insta::assert_snapshot!("rendered-intro", intro);

    // The documents pass the readme and intro rules under --strict.
    let (code, stdout, _) = run_in(
        dir.path(),
        &[
            "validate",
            "Contoso",
            "--strict",
            "--select",
            "RM",
            "--fail-on",
            "warning",
        ],
    );
    assert_eq!(code, 0, "{stdout}");

    fs::write(folder.join("intro.md"), "My own intro.\n").unwrap();
    let (code, stdout, _) = run_in(dir.path(), &["readme", "Contoso"]);
    assert_eq!(code, 0);
    assert_eq!(
        stdout,
        "Contoso/readme.md: up to date\nContoso/intro.md: kept (it is hand-written; --force rewrites it whole)\n"
    );
    assert_eq!(
        fs::read_to_string(folder.join("intro.md")).unwrap(),
        "My own intro.\n"
    );
    let (code, _, _) = run_in(dir.path(), &["readme", "Contoso", "--check"]);
    assert_eq!(code, 0);
}

#[test]
fn force_rewrites_both_documents_whole() {
    let dir = tempfile::tempdir().unwrap();
    let folder = clean_connector(dir.path(), "Contoso");
    fs::write(folder.join("intro.md"), "My own intro.\n").unwrap();
    let (code, stdout, stderr) = run_in(dir.path(), &["readme", "Contoso", "--force"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        stdout,
        "Contoso/readme.md: rewritten whole (--force)\nContoso/intro.md: rewritten whole (--force)\n"
    );
    let readme = fs::read_to_string(folder.join("readme.md")).unwrap();
    assert!(!readme.contains("Sign in to Contoso Tasks, open **Settings > API keys**"));
    assert!(readme.contains("## Deployment Instructions"));
    assert!(fs::read_to_string(folder.join("intro.md")).unwrap() != "My own intro.\n");
    // --check and --force together make no sense.
    let (code, _, _) = run_in(dir.path(), &["readme", "Contoso", "--check", "--force"]);
    assert_eq!(code, 2);
}

#[test]
fn a_readme_without_the_section_gets_it_before_the_credentials() {
    let dir = tempfile::tempdir().unwrap();
    let folder = clean_connector(dir.path(), "Contoso");
    fs::write(
        folder.join("README.md"),
        "\u{feff}# Contoso Tasks\r\n\r\nMy text.\r\n\r\n## Obtaining Credentials\r\n\r\nKeys.\r\n",
    )
    .unwrap();
    fs::remove_file(folder.join("readme.md")).unwrap();
    let (code, stdout, _) = run_in(
        dir.path(),
        &["readme", "Contoso", "--check", "--profile", "custom"],
    );
    assert_eq!(code, 1);
    assert!(
        stdout.contains("README.md: has no \"Supported Operations\" section"),
        "{stdout}"
    );
    let (code, _, stderr) = run_in(dir.path(), &["readme", "Contoso", "--profile", "custom"]);
    assert_eq!(code, 0, "{stderr}");
    // The file keeps its name, its BOM and its CRLF line endings.
    let bytes = fs::read(folder.join("README.md")).unwrap();
    assert_eq!(
        String::from_utf8(bytes).unwrap(),
        "\u{feff}# Contoso Tasks\r\n\r\nMy text.\r\n\r\n## Supported Operations\r\n\r\n### List tasks\r\nLists the tasks of a project, newest first.\r\n\r\n### Create a task\r\nCreates a task in a project.\r\n\r\n### Complete a task\r\nMarks a task as done.\r\n\r\n## Obtaining Credentials\r\n\r\nKeys.\r\n"
    );
}

#[test]
fn the_profile_comes_from_the_folders_pcpkg_toml() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = run_in(
        dir.path(),
        &[
            "new",
            "Ip",
            "--yes",
            "--profile",
            "independent-publisher",
            "--title",
            "Open Meteo",
            "--publisher",
            "Dana Smith",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    // No intro.md for an independent publisher: pcpkg.toml says which profile this is.
    let (code, stdout, _) = run_in(dir.path(), &["readme", "Ip", "--check"]);
    assert_eq!(code, 0, "{stdout}");
    assert_eq!(stdout, "Ip/readme.md: up to date\n");
    fs::write(dir.path().join("Ip/pcpkg.toml"), "profile = 3\n").unwrap();
    let (code, _, stderr) = run_in(dir.path(), &["readme", "Ip"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("pcpkg.toml"), "{stderr}");
}

#[test]
fn bad_paths_and_unreadable_swaggers_are_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = run_in(dir.path(), &["readme", "missing"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("does not exist"), "{stderr}");
    let (code, _, stderr) = run_in(dir.path(), &["readme"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no connector found"), "{stderr}");
    let folder = clean_connector(dir.path(), "Contoso");
    fs::write(folder.join("apiDefinition.swagger.json"), "{ not json").unwrap();
    let before = fs::read(folder.join("readme.md")).unwrap();
    let (code, _, stderr) = run_in(dir.path(), &["readme", "Contoso"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("apiDefinition.swagger.json is not valid JSON"),
        "{stderr}"
    );
    assert_eq!(fs::read(folder.join("readme.md")).unwrap(), before);
}
