//! `pcpkg new --from FILE` end to end: an OpenAPI 3.0 (YAML, JSON) or Swagger 2.0 document
//! becomes a connector folder that keeps every operation; each lossy conversion step is printed
//! as a warning at its place in the source file; the document's values are the defaults; and a
//! document that cannot be used is exit 2 with nothing created.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use common::cli::{names_in, repo, run_in};
use pcpkg::diagnostic::Severity;
use pcpkg::engine::RuleSettings;
use pcpkg::package::Profile;
use pcpkg::render::FailOn;
use pcpkg::validate::{ValidateOptions, validate_paths};
use serde_json::Value;

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// A temporary working directory holding a copy of `source` under `name`.
fn workspace_with(source: &str, name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::copy(repo().join(source), dir.path().join(name)).unwrap();
    dir
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&fs::read(path).unwrap()).unwrap()
}

/// Every (path, method) of a document's `paths`, Swagger 2.0 or OpenAPI 3.0 alike.
fn operations(document: &Value) -> BTreeSet<(String, String)> {
    document["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            METHODS
                .iter()
                .filter(|m| item.get(**m).is_some())
                .map(move |m| (path.clone(), (*m).to_owned()))
        })
        .collect()
}

/// The codes of the errors `validate --strict` reports on the folder.
fn strict_error_codes(folder: &Path, cwd: &Path) -> Vec<&'static str> {
    let options = ValidateOptions {
        profile: Some(Profile::Certified),
        settings: RuleSettings {
            strict: true,
            ..RuleSettings::default()
        },
        fail_on: FailOn::Error,
        plugin: false,
    };
    let report = validate_paths(&[folder.to_path_buf()], cwd, &options);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    report
        .packages
        .iter()
        .flat_map(|p| &p.diagnostics)
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.rule.code)
        .collect()
}

/// The converted folder is a connector the platform can read: it parses (SW001), is Swagger
/// 2.0 with its required members (SW004, SW006), and its references resolve (SW090, SW091).
fn assert_structurally_valid(folder: &Path, cwd: &Path) {
    let errors = strict_error_codes(folder, cwd);
    for code in ["SW001", "SW004", "SW006", "SW090", "SW091"] {
        assert!(!errors.contains(&code), "{code} in {errors:?}");
    }
}

/// The warnings printed for conversion steps (rule findings carry a `[CODE]`).
fn conversion_warnings(stdout: &str) -> Vec<&str> {
    stdout
        .lines()
        .filter(|l| l.starts_with("warning: "))
        .collect()
}

#[test]
fn an_openapi_yaml_document_keeps_every_operation_and_prints_each_lossy_step_at_its_place() {
    let dir = workspace_with("tests/fixtures/convert/tasks.yaml", "tasks.yaml");
    let (code, stdout, stderr) = run_in(
        dir.path(),
        &[
            "new",
            "--from",
            "tasks.yaml",
            "--publisher",
            "Contoso Ltd",
            "--yes",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    // The title comes from the document, and names the folder.
    assert_eq!(names_in(dir.path()), ["Contoso Tasks", "tasks.yaml"]);
    let folder = dir.path().join("Contoso Tasks");
    let swagger = read_json(&folder.join("apiDefinition.swagger.json"));
    assert_eq!(swagger["swagger"], "2.0");
    assert_eq!(swagger["info"]["title"], "Contoso Tasks");
    let source = read_json(&repo().join("tests/fixtures/convert/tasks.json"));
    assert_eq!(operations(&swagger), operations(&source));
    assert_eq!(operations(&swagger).len(), 7);
    // The document's values were the answers: its host (from the first server), description
    // and contact, and its security definitions (the connection uses the first by name: `apiKey`).
    assert_eq!(swagger["host"], "eu.tasks.contoso.com");
    assert_eq!(swagger["basePath"], "/api/v2");
    assert_eq!(
        swagger["info"]["description"],
        "Create, track and complete tasks in Contoso Tasks."
    );
    assert_eq!(swagger["info"]["contact"]["email"], "support@contoso.com");
    assert_eq!(swagger["info"]["version"], "2.1.0");
    let properties = read_json(&folder.join("apiProperties.json"));
    assert_eq!(
        properties["properties"]["connectionParameters"]["apiKey"]["type"],
        "securestring"
    );
    assert_structurally_valid(&folder, dir.path());

    // Each lossy step is a warning, located in the source file, in the order of the file.
    let imported = pcpkg::convert::import_file(&dir.path().join("tasks.yaml")).unwrap();
    let warnings = conversion_warnings(&stdout);
    assert_eq!(warnings.len(), imported.notes.len(), "{stdout}");
    assert_eq!(warnings.len(), 22);
    for note in &imported.notes {
        let location = format!(
            "--> tasks.yaml:{}:{}\n",
            note.line.unwrap(),
            note.column.unwrap()
        );
        assert!(stdout.contains(&location), "{location} missing: {stdout}");
    }
    for lossy in [
        "oneOf",
        "cookie parameter",
        "links",
        "callbacks",
        "one host",
    ] {
        assert!(
            warnings.iter().any(|w| w.contains(lossy)),
            "no warning about {lossy}: {warnings:#?}"
        );
    }
    assert!(
        stdout.contains("tasks.yaml (OpenAPI 3.0.3 → Swagger 2.0): 22 conversion warnings"),
        "{stdout}"
    );
    // Then the files, then the findings that remain (the document's parameters lack the
    // labels certification wants), with exit 0.
    assert!(stdout.contains("Created `Contoso Tasks` (certified connector):"));
    assert!(stdout.contains("error[SW070]"), "{stdout}");
    assert!(
        stdout
            .trim_end()
            .ends_with("Contoso Tasks (certified): 19 errors, 4 warnings, 10 info"),
        "{stdout}"
    );
    insta::assert_snapshot!("from-openapi-yaml", stdout);
}

#[test]
fn an_openapi_json_document_gives_the_same_connector_with_json_locations() {
    let yaml = workspace_with("tests/fixtures/convert/tasks.yaml", "tasks.yaml");
    let json = workspace_with("tests/fixtures/convert/tasks.json", "tasks.json");
    let args = |file: &'static str| -> Vec<&'static str> {
        vec!["new", "--from", file, "--publisher", "Contoso Ltd", "--yes"]
    };
    let (code, _, stderr) = run_in(yaml.path(), &args("tasks.yaml"));
    assert_eq!(code, 0, "{stderr}");
    let (code, stdout, stderr) = run_in(json.path(), &args("tasks.json"));
    assert_eq!(code, 0, "{stderr}");
    let folder = json.path().join("Contoso Tasks");
    assert_structurally_valid(&folder, json.path());
    // The same document, written as JSON: the same files.
    for name in names_in(&folder) {
        assert_eq!(
            fs::read(folder.join(&name)).unwrap(),
            fs::read(yaml.path().join("Contoso Tasks").join(&name)).unwrap(),
            "{name} differs"
        );
    }
    let imported = pcpkg::convert::import_file(&json.path().join("tasks.json")).unwrap();
    assert_eq!(conversion_warnings(&stdout).len(), imported.notes.len());
    assert_eq!(imported.notes.len(), 22);
    for note in &imported.notes {
        let location = format!(
            "--> tasks.json:{}:{}\n",
            note.line.unwrap(),
            note.column.unwrap()
        );
        assert!(stdout.contains(&location), "{location} missing: {stdout}");
    }
    // The source line is shown with a caret under the key.
    assert!(stdout.contains("\"oneOf\": ["), "{stdout}");
}

#[test]
fn flags_replace_what_the_document_says() {
    let dir = workspace_with("tests/fixtures/convert/tasks.yaml", "api.yaml");
    let (code, stdout, stderr) = run_in(
        dir.path(),
        &[
            "new",
            "--from",
            "api.yaml",
            "--title",
            "Fabrikam Work",
            "--publisher",
            "Fabrikam",
            "--host",
            "api.fabrikam.com",
            "--base-path",
            "/v3",
            "--description",
            "Fabrikam Work keeps a team's tasks, owners and due dates in one shared place.",
            "--yes",
            "-q",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    // Quiet: the warnings and findings, not the listing.
    assert!(!stdout.contains("Created"), "{stdout}");
    assert_eq!(conversion_warnings(&stdout).len(), 22);
    assert_eq!(names_in(dir.path()), ["Fabrikam Work", "api.yaml"]);
    let swagger = read_json(&dir.path().join("Fabrikam Work/apiDefinition.swagger.json"));
    assert_eq!(swagger["info"]["title"], "Fabrikam Work");
    assert_eq!(swagger["host"], "api.fabrikam.com");
    assert_eq!(swagger["basePath"], "/v3");
    assert_eq!(
        swagger["info"]["description"],
        "Fabrikam Work keeps a team's tasks, owners and due dates in one shared place."
    );
    let source = read_json(&repo().join("tests/fixtures/convert/tasks.json"));
    assert_eq!(operations(&swagger), operations(&source));

    // The document's security definition decides the connection: another --auth is refused.
    let (code, _, stderr) = run_in(
        dir.path(),
        &[
            "new",
            "Other",
            "--from",
            "api.yaml",
            "--publisher",
            "Fabrikam",
            "--auth",
            "basic",
            "--yes",
        ],
    );
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--auth basic does not match the document: its security definition `apiKey` is an API key"),
        "{stderr}"
    );
    assert_eq!(names_in(dir.path()), ["Fabrikam Work", "api.yaml"]);
}

#[test]
fn a_swagger_document_keeps_its_operations_and_passes() {
    let dir = workspace_with(
        "examples/contoso-tasks/apiDefinition.swagger.json",
        "contoso.json",
    );
    let (code, stdout, stderr) = run_in(
        dir.path(),
        &[
            "new",
            "Todo",
            "--from",
            "contoso.json",
            "--yes",
            "--publisher",
            "Contoso",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    // Nothing was converted, so nothing was lost.
    assert!(conversion_warnings(&stdout).is_empty(), "{stdout}");
    assert!(
        stdout.contains("It passes `pcpkg validate --strict`"),
        "{stdout}"
    );
    let source = read_json(&dir.path().join("contoso.json"));
    let swagger = read_json(&dir.path().join("Todo/apiDefinition.swagger.json"));
    assert_eq!(operations(&swagger), operations(&source));
    for (path, method) in operations(&source) {
        assert_eq!(
            swagger["paths"][&path][&method], source["paths"][&path][&method],
            "{method} {path} changed"
        );
    }
    for kept in [
        "host",
        "basePath",
        "securityDefinitions",
        "definitions",
        "x-ms-connector-metadata",
    ] {
        assert_eq!(swagger[kept], source[kept], "{kept} changed");
    }
    assert_eq!(swagger["info"], source["info"]);
    assert!(strict_error_codes(&dir.path().join("Todo"), dir.path()).is_empty());
}

#[test]
fn a_document_that_cannot_be_used_is_exit_2_naming_it_and_nothing_is_created() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("notes.yaml"),
        "title: My notes\nitems: [a, b]\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("new.json"),
        r#"{"openapi": "3.1.0", "info": {"title": "Tasks", "version": "1"}, "paths": {}}"#,
    )
    .unwrap();
    fs::write(dir.path().join("broken.yaml"), "openapi: 3.0.3\ninfo: [\n").unwrap();
    fs::write(dir.path().join("list.json"), "[1, 2]").unwrap();
    let before = names_in(dir.path());
    let cases = [
        (
            "notes.yaml",
            "`notes.yaml` is not an OpenAPI or Swagger document",
        ),
        (
            "new.json",
            "`new.json` is OpenAPI 3.1.0, which pcpkg does not convert",
        ),
        ("broken.yaml", "`broken.yaml`:"),
        (
            "list.json",
            "`list.json` is not an OpenAPI or Swagger document",
        ),
        ("missing.yaml", "`missing.yaml` does not exist"),
    ];
    for (file, expected) in cases {
        let (code, stdout, stderr) = run_in(
            dir.path(),
            &[
                "new",
                "--from",
                file,
                "--title",
                "Tasks",
                "--publisher",
                "Contoso",
                "--yes",
            ],
        );
        assert_eq!(code, 2, "{file}: {stderr}");
        assert!(stderr.starts_with("error: --from: "), "{file}: {stderr}");
        assert!(stderr.contains(expected), "{file}: {stderr}");
        assert!(stdout.is_empty(), "{file}: {stdout}");
        assert_eq!(names_in(dir.path()), before, "{file}");
    }
}

#[test]
fn a_document_title_the_rules_reject_needs_title_when_nobody_can_be_asked() {
    let dir = tempfile::tempdir().unwrap();
    let text = fs::read_to_string(repo().join("tests/fixtures/convert/tasks.yaml")).unwrap();
    let renamed = text.replacen("title: Contoso Tasks", "title: Tasks API", 1);
    assert_ne!(renamed, text);
    fs::write(dir.path().join("tasks.yaml"), renamed).unwrap();
    for extra in [&[][..], &["--yes"][..]] {
        let mut args = vec!["new", "--from", "tasks.yaml", "--publisher", "Contoso"];
        args.extend_from_slice(extra);
        let (code, stdout, stderr) = run_in(dir.path(), &args);
        assert_eq!(code, 2, "{stderr}");
        assert!(
            stderr.starts_with(
                "error: --title is required: the document's title `Tasks API` is not accepted (error[SW012]"
            ),
            "{stderr}"
        );
        assert!(
            stderr.trim_end().ends_with("pass --title VALUE"),
            "{stderr}"
        );
        assert!(stdout.is_empty(), "{stdout}");
        assert_eq!(names_in(dir.path()), ["tasks.yaml"]);
    }
    // --title settles it.
    let (code, _, stderr) = run_in(
        dir.path(),
        &[
            "new",
            "--from",
            "tasks.yaml",
            "--publisher",
            "Contoso",
            "--title",
            "Tasks",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let swagger = read_json(&dir.path().join("Tasks/apiDefinition.swagger.json"));
    assert_eq!(swagger["info"]["title"], "Tasks");
}
