//! `pcpkg::convert`: OpenAPI 3.0 / Swagger 2.0, JSON / YAML → Swagger 2.0 for `new --from`.
//!
//! Every converted document is also written into a connector folder and validated, to prove
//! it is Swagger 2.0 that pcpkg accepts: no SW001 (JSON), SW004 (version), SW006 (schema),
//! SW090 (dangling `$ref`) or SW091 (`$ref` form, external `$ref`).

use std::fs;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use pcpkg::convert::{
    ConversionNote, Imported, SourceFormat, SourceVersion, import_file, import_str,
};
use pcpkg::error::Error;
use pcpkg::validate::{ValidateOptions, validate_paths};
use proptest::prelude::*;
use serde_json::{Value, json};

const FORBIDDEN: [&str; 5] = ["SW001", "SW004", "SW006", "SW090", "SW091"];

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/convert")
        .join(name)
}

/// Writes `swagger` with a minimal apiProperties.json into a connector folder, validates it, and
/// fails on any finding in [`FORBIDDEN`].
fn assert_valid_for_pcpkg(swagger: &Value) {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("Converted");
    fs::create_dir(&folder).unwrap();
    fs::write(
        folder.join("apiDefinition.swagger.json"),
        serde_json::to_string_pretty(swagger).unwrap(),
    )
    .unwrap();
    let properties = json!({
        "properties": {
            "connectionParameters": {},
            "iconBrandColor": "#2b579a",
            "capabilities": ["actions"],
            "publisher": "Contoso Ltd",
            "stackOwner": "Contoso Ltd"
        }
    });
    fs::write(
        folder.join("apiProperties.json"),
        serde_json::to_string_pretty(&properties).unwrap(),
    )
    .unwrap();
    let report = validate_paths(&[folder], dir.path(), &ValidateOptions::default());
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.packages.len(), 1);
    let bad: Vec<String> = report.packages[0]
        .diagnostics
        .iter()
        .filter(|d| FORBIDDEN.contains(&d.rule.code))
        .map(|d| format!("{} {:?}: {}", d.rule.code, d.pointer, d.message))
        .collect();
    assert!(
        bad.is_empty(),
        "the converted swagger is not clean:\n{}",
        bad.join("\n")
    );
}

fn notes_text(notes: &[ConversionNote]) -> String {
    notes
        .iter()
        .map(|n| {
            let at = match (n.line, n.column) {
                (Some(l), Some(c)) => format!("{l}:{c}"),
                _ => "-".to_owned(),
            };
            format!("{at} {} — {}\n", n.pointer, n.message)
        })
        .collect()
}

fn usage_message(result: Result<Imported, Error>) -> String {
    match result {
        Err(Error::Usage(message)) => message,
        Err(other) => panic!("expected a usage error, got {other:?}"),
        Ok(imported) => panic!("expected an error, got {:?}", imported.swagger),
    }
}

/// The 1-based line of the first line of `text` that contains `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("`{needle}` not in the text"))
}

fn convert_str(text: &str, name: &str) -> Imported {
    match import_str(text, name) {
        Ok(imported) => imported,
        Err(e) => panic!("{name}: {e}"),
    }
}

// ---------------------------------------------------------------------------------------------
// The task-management fixture
// ---------------------------------------------------------------------------------------------

#[test]
fn openapi3_yaml_converts_to_valid_swagger() {
    let imported = import_file(&fixture("tasks.yaml")).unwrap();
    assert_eq!(
        imported.source_version,
        SourceVersion::OpenApi3 {
            version: "3.0.3".into()
        }
    );
    assert_eq!(imported.source_format, SourceFormat::Yaml);
    insta::assert_snapshot!(
        "tasks_swagger",
        serde_json::to_string_pretty(&imported.swagger).unwrap()
    );
    insta::assert_snapshot!("tasks_notes", notes_text(&imported.notes));
    assert_valid_for_pcpkg(&imported.swagger);
}

#[test]
fn the_same_document_in_json_and_yaml_converts_the_same() {
    let yaml = import_file(&fixture("tasks.yaml")).unwrap();
    let json = import_file(&fixture("tasks.json")).unwrap();
    assert_eq!(json.source_format, SourceFormat::Json);
    assert_eq!(yaml.swagger, json.swagger);
    let strip = |notes: &[ConversionNote]| -> Vec<(String, String)> {
        notes
            .iter()
            .map(|n| (n.pointer.clone(), n.message.clone()))
            .collect()
    };
    assert_eq!(strip(&yaml.notes), strip(&json.notes));
    // Every note has a position in both forms.
    assert!(
        yaml.notes
            .iter()
            .chain(&json.notes)
            .all(|n| n.line.is_some() && n.column.is_some())
    );
}

#[test]
fn notes_point_at_the_construct_in_the_source_file() {
    for name in ["tasks.yaml", "tasks.json"] {
        let text = fs::read_to_string(fixture(name)).unwrap();
        let imported = import_str(&text, name).unwrap();
        // The line of a member's key in either form.
        let key_line = |key: &str| {
            if name.ends_with(".json") {
                line_of(&text, &format!("\"{key}\":"))
            } else {
                line_of(&text, &format!("{key}:"))
            }
        };
        let note = |pointer: &str| -> &ConversionNote {
            imported
                .notes
                .iter()
                .find(|n| n.pointer == pointer)
                .unwrap_or_else(|| panic!("{name}: no note at {pointer}"))
        };
        // The cookie parameter: the note is on its key.
        let cookie = note("/components/parameters/Session");
        assert_eq!(cookie.line, Some(key_line("Session")));
        // The callback.
        let callbacks = note("/paths/~1tasks/post/callbacks");
        assert_eq!(callbacks.line, Some(key_line("callbacks")));
        // `not` inside a schema property.
        let not = note("/components/schemas/NewTask/properties/priority/not");
        let priority = key_line("priority");
        assert!(not.line.unwrap() > priority, "{name}: {not:?}");
        // A JSON key's position is its opening quote.
        let needle = if name.ends_with(".json") {
            "\"not\""
        } else {
            "not:"
        };
        let column = text
            .lines()
            .nth(not.line.unwrap() - 1)
            .unwrap()
            .find(needle)
            .unwrap()
            + 1;
        assert_eq!(not.column, Some(column), "{name}");
    }
}

#[test]
fn conversion_details_of_the_task_fixture() {
    let s = import_file(&fixture("tasks.yaml")).unwrap().swagger;
    // Servers: first one, variables substituted.
    assert_eq!(s["host"], "eu.tasks.contoso.com");
    assert_eq!(s["basePath"], "/api/v2");
    assert_eq!(s["schemes"], json!(["https"]));
    // Every path and operation is kept; `trace`-free input keeps them all.
    let paths = s["paths"].as_object().unwrap();
    assert_eq!(paths.len(), 4);
    let operation_ids: Vec<&str> = paths
        .values()
        .flat_map(|item| item.as_object().unwrap().values())
        .filter_map(|op| op.get("operationId").and_then(Value::as_str))
        .collect();
    assert_eq!(operation_ids.len(), 7, "{operation_ids:?}");
    // The cookie parameter is gone, the component reference stays a reference.
    let list = &s["paths"]["/tasks"]["get"]["parameters"];
    assert_eq!(list[0], json!({"$ref": "#/parameters/Top"}));
    assert!(list.as_array().unwrap().iter().all(|p| p["in"] != "cookie"));
    assert!(s["parameters"].get("Session").is_none());
    // style: form, explode: false → csv; the default explode → multi.
    assert_eq!(list[1]["collectionFormat"], "csv");
    assert_eq!(list[2]["collectionFormat"], "multi");
    assert_eq!(list[3]["x-example"], "3fa85f64-5717-4562-b3fc-2c963f66afa6");
    // 4XX → 400 pointing at the response definition.
    let get = &s["paths"]["/tasks"]["get"];
    assert_eq!(
        get["responses"]["400"],
        json!({"$ref": "#/responses/Problem"})
    );
    assert_eq!(
        get["responses"]["200"]["headers"]["X-Total-Count"]["type"],
        "integer"
    );
    assert_eq!(
        get["produces"],
        json!(["application/json", "text/csv", "application/problem+json"])
    );
    // requestBodies are inlined as one `body` parameter.
    let post = &s["paths"]["/tasks"]["post"];
    assert_eq!(
        post["parameters"],
        json!([{"name": "body", "in": "body", "required": true,
            "description": "The task to create.",
            "schema": {"$ref": "#/definitions/NewTask"}}])
    );
    assert_eq!(post["consumes"], json!(["application/json"]));
    // A `+json` media type is JSON; x-ms-* on the request body are kept.
    let patch = &s["paths"]["/tasks/{taskId}"]["patch"];
    assert_eq!(patch["consumes"], json!(["application/merge-patch+json"]));
    assert_eq!(patch["parameters"][0]["x-ms-summary"], "Changes");
    assert_eq!(patch["security"], json!([{"bearer": []}]));
    // multipart → formData, binary → file.
    let upload = &s["paths"]["/tasks/{taskId}/attachments"]["post"];
    assert_eq!(upload["consumes"], json!(["multipart/form-data"]));
    let form = upload["parameters"].as_array().unwrap();
    let file = form.iter().find(|p| p["name"] == "file").unwrap();
    assert_eq!(file["type"], "file");
    assert_eq!(file["in"], "formData");
    assert_eq!(file["required"], true);
    let labels = form.iter().find(|p| p["name"] == "labels").unwrap();
    assert_eq!(labels["collectionFormat"], "multi");
    // urlencoded through a schema $ref.
    let comment = &s["paths"]["/tasks/{taskId}/comments"]["post"];
    let names: Vec<&str> = comment["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["taskId", "notify", "text"]);
    // Schemas.
    let new_task = &s["definitions"]["NewTask"]["properties"];
    assert_eq!(new_task["due"]["x-nullable"], true);
    assert_eq!(
        new_task["assignee"],
        json!({"allOf": [{"$ref": "#/definitions/User"}]})
    );
    assert!(new_task["priority"].get("not").is_none());
    assert_eq!(s["definitions"]["Problem"]["discriminator"], "kind");
    assert_eq!(s["definitions"]["Problem"]["required"], json!(["kind"]));
    assert_eq!(
        s["definitions"]["Task"]["allOf"][0],
        json!({"$ref": "#/definitions/NewTask"})
    );
    // Security.
    let defs = &s["securityDefinitions"];
    assert_eq!(
        defs["apiKey"],
        json!({"type": "apiKey", "name": "X-API-Key", "in": "header"})
    );
    assert_eq!(defs["oauth"]["flow"], "accessCode");
    assert_eq!(defs["oauth"]["tokenUrl"], "https://login.contoso.com/token");
    assert_eq!(
        defs["bearer"],
        json!({"type": "apiKey", "name": "Authorization", "in": "header"})
    );
    assert!(defs.get("oidc").is_none());
    assert_eq!(
        s["paths"]["/tasks/{taskId}"]["get"]["security"],
        json!([{"apiKey": []}])
    );
    assert_eq!(
        s["security"],
        json!([{"apiKey": []}, {"oauth": ["tasks.read", "tasks.write"]}])
    );
    // Extensions and info are kept.
    assert_eq!(s["info"]["x-ms-api-annotation"]["status"], "Preview");
    assert_eq!(s["paths"]["/tasks"]["get"]["x-ms-visibility"], "important");
}

// ---------------------------------------------------------------------------------------------
// Smaller documents
// ---------------------------------------------------------------------------------------------

fn minimal_openapi(extra: Value) -> String {
    let mut doc = json!({
        "openapi": "3.0.0",
        "info": {"title": "T", "version": "1"},
        "servers": [{"url": "https://api.contoso.com"}],
        "paths": {}
    });
    if let (Some(doc), Some(extra)) = (doc.as_object_mut(), extra.as_object()) {
        for (k, v) in extra {
            doc.insert(k.clone(), v.clone());
        }
    }
    serde_json::to_string_pretty(&doc).unwrap()
}

#[test]
fn external_dangling_and_circular_references_never_reach_the_output() {
    let text = minimal_openapi(json!({
        "paths": {"/a": {"get": {
            "operationId": "A",
            "parameters": [{"$ref": "other.yaml#/components/parameters/P"}],
            "responses": {
                "200": {"description": "ok", "content": {"application/json": {"schema": {
                    "type": "object",
                    "properties": {
                        "ext": {"$ref": "https://example.com/schema.json"},
                        "missing": {"$ref": "#/components/schemas/Nope"},
                        "loop": {"$ref": "#/paths/~1a/get/responses/200/content/application~1json/schema"}
                    }
                }}}},
                "404": {"$ref": "#/components/responses/Gone"}
            }
        }}}
    }));
    let imported = convert_str(&text, "refs.json");
    let out = serde_json::to_string(&imported.swagger).unwrap();
    assert!(!out.contains("example.com"), "{out}");
    assert!(!out.contains("other.yaml"), "{out}");
    assert!(!out.contains("Nope"), "{out}");
    assert!(!out.contains("Gone"), "{out}");
    let messages = notes_text(&imported.notes);
    assert!(messages.contains("outside this document"), "{messages}");
    assert!(messages.contains("points to nothing"), "{messages}");
    assert!(messages.contains("refers back into itself"), "{messages}");
    assert_valid_for_pcpkg(&imported.swagger);
}

#[test]
fn server_urls_relative_missing_and_without_defaults() {
    let relative = convert_str(
        &minimal_openapi(json!({"servers": [{"url": "/v1/"}]})),
        "r.json",
    );
    assert_eq!(relative.swagger.get("host"), None);
    assert_eq!(relative.swagger["basePath"], "/v1");
    assert!(notes_text(&relative.notes).contains("relative"));

    let none = convert_str(&minimal_openapi(json!({"servers": []})), "n.json");
    assert_eq!(none.swagger.get("host"), None);
    assert!(notes_text(&none.notes).contains("no `servers`"));

    let variable = convert_str(
        &minimal_openapi(json!({"servers": [{"url": "https://{tenant}.contoso.com"}]})),
        "v.json",
    );
    assert_eq!(variable.swagger.get("host"), None);
    assert!(notes_text(&variable.notes).contains("`tenant` has no default"));

    let port = convert_str(
        &minimal_openapi(json!({"servers": [{"url": "http://localhost:8080"}]})),
        "p.json",
    );
    assert_eq!(port.swagger["host"], "localhost:8080");
    assert_eq!(port.swagger["basePath"], "/");
    assert_eq!(port.swagger["schemes"], json!(["http"]));
    for imported in [relative, none, variable, port] {
        assert_valid_for_pcpkg(&imported.swagger);
    }
}

#[test]
fn yaml_specifics_numbers_keys_anchors_and_merges() {
    let text = "\
openapi: 3.0.2
info:
  title: Anchors
  version: 1.0
servers:
  - url: https://api.contoso.com/v1
paths:
  /items:
    get:
      operationId: ListItems
      parameters:
        - &limit
          name: limit
          in: query
          schema: {type: integer, maximum: 50}
      responses:
        200:
          description: OK
          content:
            application/json:
              schema: {type: array, items: {type: string}}
  /items/{id}:
    get:
      operationId: GetItem
      parameters:
        - <<: *limit
          name: offset
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        200: {description: OK}
";
    let imported = convert_str(text, "anchors.yml");
    let s = &imported.swagger;
    assert_eq!(s["info"]["version"], "1.0");
    assert!(
        s["paths"]["/items"]["get"]["responses"]
            .get("200")
            .is_some()
    );
    let offset = &s["paths"]["/items/{id}"]["get"]["parameters"][0];
    assert_eq!(offset["name"], "offset");
    assert_eq!(offset["maximum"], 50);
    assert_valid_for_pcpkg(s);
}

#[test]
fn oauth_flows_map_to_swagger_flows() {
    let flows = [
        (
            "implicit",
            json!({"authorizationUrl": "https://l/a", "scopes": {}}),
            "implicit",
        ),
        (
            "password",
            json!({"tokenUrl": "https://l/t", "scopes": {}}),
            "password",
        ),
        (
            "clientCredentials",
            json!({"tokenUrl": "https://l/t", "scopes": {"s": "S"}}),
            "application",
        ),
        (
            "authorizationCode",
            json!({"authorizationUrl": "https://l/a", "tokenUrl": "https://l/t", "scopes": {}}),
            "accessCode",
        ),
    ];
    for (flow, body, expected) in flows {
        let text = minimal_openapi(json!({"components": {"securitySchemes": {
            "o": {"type": "oauth2", "flows": {flow: body}},
            "b": {"type": "http", "scheme": "basic"}
        }}}));
        let imported = convert_str(&text, "oauth.json");
        let scheme = &imported.swagger["securityDefinitions"]["o"];
        assert_eq!(scheme["flow"], expected, "{flow}");
        assert_eq!(
            imported.swagger["securityDefinitions"]["b"],
            json!({"type": "basic"})
        );
        assert_valid_for_pcpkg(&imported.swagger);
    }
}

// ---------------------------------------------------------------------------------------------
// Swagger 2.0 passthrough
// ---------------------------------------------------------------------------------------------

#[test]
fn swagger2_json_passes_through_unchanged() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("examples/contoso-tasks/apiDefinition.swagger.json");
    let imported = import_file(&path).unwrap();
    assert_eq!(imported.source_version, SourceVersion::Swagger2);
    assert!(imported.notes.is_empty());
    let original: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(imported.swagger, original);
}

#[test]
fn swagger2_yaml_becomes_the_same_json() {
    let yaml = "\
swagger: '2.0'
info: {title: Contoso, version: '1.0'}
host: api.contoso.com
paths:
  /tasks:
    get:
      operationId: ListTasks
      responses:
        '200': {description: OK}
x-ms-connector-metadata:
  - {propertyName: Website, propertyValue: 'https://contoso.com'}
";
    let imported = convert_str(yaml, "swagger.yaml");
    assert_eq!(imported.source_version, SourceVersion::Swagger2);
    assert!(imported.notes.is_empty());
    assert_eq!(
        imported.swagger,
        json!({
            "swagger": "2.0",
            "info": {"title": "Contoso", "version": "1.0"},
            "host": "api.contoso.com",
            "paths": {"/tasks": {"get": {"operationId": "ListTasks",
                "responses": {"200": {"description": "OK"}}}}},
            "x-ms-connector-metadata": [{"propertyName": "Website", "propertyValue": "https://contoso.com"}]
        })
    );
    // `swagger: 2.0` unquoted is a number in YAML: accepted, written as the string, noted.
    let unquoted = convert_str(&yaml.replace("'2.0'", "2.0"), "swagger.yaml");
    assert_eq!(unquoted.swagger["swagger"], "2.0");
    assert_eq!(unquoted.notes.len(), 1);
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

#[test]
fn documents_that_are_not_openapi_are_usage_errors_naming_the_file() {
    let message = usage_message(import_str("{\"name\": \"x\"}", "package.json"));
    assert!(
        message.contains("`package.json` is not an OpenAPI or Swagger document"),
        "{message}"
    );

    let message = usage_message(import_str("- a\n- b\n", "list.yaml"));
    assert!(message.contains("top level is an array"), "{message}");

    let message = usage_message(import_str("{\"swagger\": \"1.2\"}", "old.json"));
    assert!(message.contains("swagger: 1.2"), "{message}");

    let message = usage_message(import_str("openapi: 4.0.0\n", "new.yaml"));
    assert!(message.contains("openapi: 4.0.0"), "{message}");
}

#[test]
fn openapi_31_is_refused_with_what_to_do() {
    let message = usage_message(import_str(
        "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\n",
        "api.yaml",
    ));
    assert!(message.contains("OpenAPI 3.1.0"), "{message}");
    assert!(
        message.contains("OpenAPI 3.0 or Swagger 2.0 first"),
        "{message}"
    );
}

#[test]
fn syntax_errors_name_the_position() {
    let message = usage_message(import_str(
        "openapi: 3.0.0\ninfo:\n  title: [unclosed\n  version: 1\n",
        "bad.yaml",
    ));
    assert!(message.starts_with("`bad.yaml`:"), "{message}");
    assert!(message.contains("invalid YAML"), "{message}");

    let message = usage_message(import_str("key: \"a\n  b: c\n\tx: : :\n", "tabs.yaml"));
    assert!(message.contains("`tabs.yaml`:"), "{message}");

    let message = usage_message(import_str("{\n  \"openapi\": \"3.0.0\",\n}\n", "bad.json"));
    assert!(
        message.starts_with("`bad.json`:2:21: invalid JSON: trailing comma"),
        "{message}"
    );
}

#[test]
fn oversize_and_unreadable_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.yaml");
    let mut text =
        String::from("openapi: 3.0.0\ninfo: {title: T, version: '1'}\npaths: {}\nx-pad: '");
    text.push_str(&"a".repeat(17 * 1024 * 1024));
    text.push_str("'\n");
    fs::write(&big, &text).unwrap();
    let message = usage_message(import_file(&big));
    assert!(message.contains("larger than 16 MiB"), "{message}");
    assert!(usage_message(import_str(&text, "big.yaml")).contains("16 MiB"));

    let latin1 = dir.path().join("latin1.yaml");
    fs::write(
        &latin1,
        b"openapi: 3.0.0\ninfo: {title: Caf\xe9, version: '1'}\n",
    )
    .unwrap();
    let message = usage_message(import_file(&latin1));
    assert!(message.contains("UTF-8"), "{message}");

    assert!(matches!(
        import_file(&dir.path().join("absent.yaml")),
        Err(Error::Missing(_))
    ));
}

#[test]
fn a_yaml_alias_bomb_is_refused_quickly() {
    // "Billion laughs": 9 levels of 9 aliases each is 9^9 ≈ 387 million strings once expanded.
    let mut text = String::from("openapi: 3.0.0\na0: &a0 [\"lol\"]\n");
    for level in 1..=9 {
        let previous = format!("*a{}", level - 1);
        let items = [previous.as_str(); 9].join(", ");
        text.push_str(&format!("a{level}: &a{level} [{items}]\n"));
    }
    let started = Instant::now();
    let message = usage_message(import_str(&text, "bomb.yaml"));
    assert!(message.contains("alias bomb"), "{message}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn deep_yaml_nesting_is_refused_without_overflowing_the_stack() {
    let flow = format!(
        "openapi: 3.0.0\nx: {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let message = usage_message(import_str(&flow, "deep.yaml"));
    assert!(message.contains("deep.yaml"), "{message}");

    let mut block = String::from("openapi: 3.0.0\n");
    for depth in 0..200 {
        block.push_str(&" ".repeat(depth));
        block.push_str("k:\n");
    }
    let message = usage_message(import_str(&block, "block.yaml"));
    assert!(message.contains("nesting deeper than 128"), "{message}");

    // An alias used where it makes the nesting too deep.
    let mut anchored = String::from("openapi: 3.0.0\nbase: &b ");
    anchored.push_str(&"[".repeat(100));
    anchored.push_str(&"]".repeat(100));
    anchored.push('\n');
    anchored.push_str("use:");
    for depth in 0..40 {
        anchored.push('\n');
        anchored.push_str(&" ".repeat(depth * 2 + 2));
        anchored.push_str("k:");
    }
    anchored.push_str(" *b\n");
    let message = usage_message(import_str(&anchored, "alias-depth.yaml"));
    assert!(message.contains("deeper than 128"), "{message}");
}

// ---------------------------------------------------------------------------------------------
// Never a panic
// ---------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}", yaml in any::<bool>()) {
        let name = if yaml { "x.yaml" } else { "x.json" };
        let _ = import_str(&text, name);
    }

    /// The fixture with a slice cut out or a piece of YAML syntax dropped in: whatever the
    /// damage, an error or a document, never a panic; a document is still Swagger 2.0.
    #[test]
    fn damaged_fixtures_never_panic(
        start in 0usize..20_000,
        len in 0usize..200,
        insert in prop::sample::select(vec!["", "&a ", "*a", "<<: ", "- ", ": ", "{", "]", "$ref: '#/x'", "'", "\n  ", "~", "!!int "]),
    ) {
        let text = fs::read_to_string(fixture("tasks.yaml")).unwrap();
        let mut start = start.min(text.len());
        while !text.is_char_boundary(start) { start -= 1; }
        let mut end = (start + len).min(text.len());
        while !text.is_char_boundary(end) { end -= 1; }
        let damaged = format!("{}{}{}", &text[..start], insert, &text[end..]);
        if let Ok(imported) = import_str(&damaged, "damaged.yaml") {
            prop_assert_eq!(&imported.swagger["swagger"], "2.0");
        }
    }
}

#[test]
fn mangled_openapi_members_never_panic_and_stay_valid() {
    // Each member of an OpenAPI document replaced by a value of every wrong type.
    let text = fs::read_to_string(fixture("tasks.json")).unwrap();
    let original: Value = serde_json::from_str(&text).unwrap();
    let wrong = [
        json!(null),
        json!(7),
        json!("x"),
        json!([1, {"$ref": 3}]),
        json!({"$ref": "#/"}),
    ];
    let mut pointers = Vec::new();
    collect_pointers(&original, String::new(), &mut pointers);
    let mut converted = 0;
    for (i, pointer) in pointers.iter().enumerate() {
        if pointer.is_empty() {
            continue;
        }
        let replacement = &wrong[i % wrong.len()];
        let mut doc = original.clone();
        if let Some(slot) = doc.pointer_mut(pointer) {
            *slot = replacement.clone();
        }
        if doc.get("openapi") != original.get("openapi") {
            continue;
        }
        let text = serde_json::to_string(&doc).unwrap();
        let imported =
            import_str(&text, "mangled.json").unwrap_or_else(|e| panic!("{pointer}: {e}"));
        assert_eq!(imported.swagger["swagger"], "2.0");
        // An extension's value is the publisher's and is carried over as written: a wrong one
        // is reported by the validator like in any swagger.
        if !pointer.contains("/x-") {
            assert_valid_for_pcpkg(&imported.swagger);
        }
        converted += 1;
    }
    assert!(converted > 300, "{converted}");
}

fn collect_pointers(value: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                collect_pointers(
                    v,
                    format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                collect_pointers(v, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}
