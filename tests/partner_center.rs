//! Partner Center `package.zip` validation end to end: packages are built in code
//! (tests/common/pc.rs), validated through the binary, and their findings checked.

mod common;

use std::fs;
use std::path::Path;

use common::cli::{clean_connector, codes, report_schema_errors, run_in};
use common::pc::{self, PcTree};

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

/// The path in the standard tree of one of the connector's files in its solution,
/// `…/Connector/new_5Fcontoso_{suffix}`.
fn connector_file(suffix: &str) -> String {
    format!(
        "{}/Connector/{}_{suffix}",
        pc::CONNECTOR_SOLUTION,
        pc::CONNECTOR_NAME
    )
}

/// A package with one problem at each level: findings name every level with `!/` and point at
/// lines and columns inside the nested files.
fn broken_package() -> PcTree {
    let mut tree = PcTree::standard();
    tree.set("README.md", "# Contoso Tasks\n");
    let connector = format!("{}/customizations.xml", pc::CONNECTOR_SOLUTION);
    let xml = tree.text(&connector).replace(pc::BRAND_COLOR, "#007ee5");
    tree.set(&connector, xml);
    let parameters = connector_file("connectionparameters.json");
    let json = tree.text(&parameters).replace("\"api_key\"", "\"API Key\"");
    tree.set(&parameters, json);
    let swagger = connector_file("openapidefinition.json");
    let json = tree.text(&swagger).replace(
        "\"title\": \"Contoso Tasks\"",
        "\"title\": \"Contoso Tasks Connector\"",
    );
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

/// The display path of a file in the connector solution.
fn connector_path(name: &str) -> String {
    format!("package.zip!/Contoso.pdpkg.zip!/PkgAssets/ContosoConnector_1_0_0_0.zip!/{name}")
}

fn diagnostics<'j>(json: &'j serde_json::Value, code: &str) -> Vec<&'j serde_json::Value> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == code)
        .collect()
}

fn assert_valid_report(json: &serde_json::Value) {
    let errors = report_schema_errors(json).expect("../shared/spec/report.schema.json is readable");
    assert!(
        errors.is_empty(),
        "report does not match the schema: {errors:#?}"
    );
}

#[test]
fn json_reports_match_the_schema_and_point_into_nested_files() {
    let dir = write(&PcTree::standard());
    let (_, json) = json_report(dir.path(), &[]);
    assert_valid_report(&json);
    assert_eq!(json["packages"][0]["path"], "package.zip");

    let dir = write(&broken_package());
    let (code, json) = json_report(dir.path(), &[]);
    assert_eq!(code, 1);
    assert_valid_report(&json);
    assert_eq!(json["packages"][0]["kind"], "partner-center");
    // The brand colour comes from customizations.xml: the finding is on that element.
    let ap011 = diagnostics(&json, "AP011");
    assert_eq!(ap011.len(), 1, "{json}");
    assert_eq!(ap011[0]["file"], connector_path("customizations.xml"));
    assert_eq!(ap011[0]["range"]["start"]["line"], 19);
    assert_eq!(ap011[0]["range"]["start"]["column"], 23);
    assert!(ap011[0].get("pointer").is_none(), "{}", ap011[0]);
    // A connection parameter: in `_connectionparameters.json`, at a pointer of that file.
    let ap040 = diagnostics(&json, "AP040");
    assert_eq!(
        ap040[0]["file"],
        connector_path("Connector/new_5Fcontoso_connectionparameters.json")
    );
    assert_eq!(ap040[0]["pointer"], "/API Key");
    assert_eq!(ap040[0]["range"]["start"]["line"], 2);
    // The swagger is the `_openapidefinition.json`.
    let sw012 = diagnostics(&json, "SW012");
    assert_eq!(
        sw012[0]["file"],
        connector_path("Connector/new_5Fcontoso_openapidefinition.json")
    );
    assert_eq!(sw012[0]["pointer"], "/info/title");
}

#[test]
fn the_plugin_flag_asks_for_a_third_solution() {
    let dir = write(&PcTree::standard());
    let (code, json) = json_report(dir.path(), &["--plugin"]);
    assert_eq!(code, 1);
    let found = codes(&json);
    assert!(found.contains(&"PK022".to_owned()), "{found:?}");
    assert!(found.contains(&"PK026".to_owned()), "{found:?}");
}

#[test]
fn a_missing_brand_colour_is_reported_at_the_connector_element() {
    let mut tree = PcTree::standard();
    let path = format!("{}/customizations.xml", pc::CONNECTOR_SOLUTION);
    let xml = tree.text(&path).replace(
        &format!("<iconbrandcolor>{}</iconbrandcolor>", pc::BRAND_COLOR),
        "",
    );
    tree.set(&path, xml);
    let dir = write(&tree);
    let (code, json) = json_report(dir.path(), &[]);
    assert_eq!(code, 1);
    let ap010 = diagnostics(&json, "AP010");
    assert_eq!(ap010.len(), 1, "{json}");
    assert_eq!(ap010[0]["file"], connector_path("customizations.xml"));
    assert!(
        ap010[0]["message"]
            .as_str()
            .unwrap()
            .contains("<iconbrandcolor>")
    );
    // `    <Connector>` is line 14 of the standard customizations.xml.
    assert_eq!(ap010[0]["range"]["start"]["line"], 14);
    assert_eq!(ap010[0]["range"]["start"]["column"], 5);
}

#[test]
fn a_broken_connection_parameters_file_is_ap001_and_stops_the_cross_file_rules() {
    let mut tree = PcTree::standard();
    let path = connector_file("connectionparameters.json");
    tree.set(
        &path,
        "{\n  \"api_key\": {\n    \"type\": \"securestring\",\n  }\n}\n",
    );
    let dir = write(&tree);
    let (code, json) = json_report(dir.path(), &[]);
    assert_eq!(code, 1);
    let ap001 = diagnostics(&json, "AP001");
    assert_eq!(ap001.len(), 1, "{json}");
    assert_eq!(
        ap001[0]["file"],
        connector_path("Connector/new_5Fcontoso_connectionparameters.json")
    );
    assert_eq!(ap001[0]["range"]["start"]["line"], 3, "{json}");
    assert_eq!(ap001[0]["range"]["start"]["column"], 27);
    // SW112 would compare the swagger's apiKey definition with parameters it cannot see.
    assert!(diagnostics(&json, "SW112").is_empty(), "{json}");
}

#[test]
fn a_package_zip_in_a_connector_folder_is_validated_in_a_batch() {
    let dir = tempfile::tempdir().unwrap();
    let conn = clean_connector(dir.path(), "connectors/Contoso");
    fs::write(conn.join("package.zip"), PcTree::standard().build()).unwrap();
    // A second connector whose package.zip holds no .pdpkg.zip: still read as its Partner
    // Center package (so PK020 says what is missing), never as a connector zip.
    let other = clean_connector(dir.path(), "connectors/Other");
    fs::write(
        other.join("package.zip"),
        common::zip_bytes(&[("intro.md".to_owned(), pc::INTRO.as_bytes().to_vec())]),
    )
    .unwrap();
    let (code, stdout, stderr) =
        run_in(dir.path(), &["validate", "connectors", "--format", "json"]);
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_valid_report(&json);
    let packages: Vec<(String, String)> = json["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["path"].as_str().unwrap().to_owned(),
                p["kind"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        packages,
        [
            ("connectors/Contoso".to_owned(), "folder".to_owned()),
            (
                "connectors/Contoso/package.zip".to_owned(),
                "partner-center".to_owned()
            ),
            ("connectors/Other".to_owned(), "folder".to_owned()),
            (
                "connectors/Other/package.zip".to_owned(),
                "partner-center".to_owned()
            ),
        ]
    );
    let errors: Vec<(&str, &str)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .map(|d| (d["code"].as_str().unwrap(), d["file"].as_str().unwrap()))
        .collect();
    assert_eq!(
        errors,
        [("PK020", "connectors/Other/package.zip")],
        "{json}"
    );
}

// --- Hostile input (reliability.md §1, §5) ----------------------------------------------------

/// Validates the package through the binary, bounded in time; returns the JSON report.
fn hostile(tree: &PcTree) -> serde_json::Value {
    let dir = write(tree);
    let started = std::time::Instant::now();
    let (code, json) = json_report(dir.path(), &[]);
    // reliability.md G3 is 2 s for a release build; a debug build gets more room.
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    assert_eq!(code, 1, "{json}");
    assert_valid_report(&json);
    json
}

#[test]
fn billion_laughs_in_customizations_xml_is_pk023_and_never_expanded() {
    let mut tree = PcTree::standard();
    let mut doctype = String::from("<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
    for level in 1..=9 {
        let previous = if level == 1 {
            "lol".to_owned()
        } else {
            format!("lol{}", level - 1)
        };
        doctype.push_str(&format!(
            "<!ENTITY lol{level} \"{}\">\n",
            format!("&{previous};").repeat(10)
        ));
    }
    doctype.push_str("]>\n");
    let path = format!("{}/customizations.xml", pc::CONNECTOR_SOLUTION);
    let xml =
        tree.text(&path)
            .replacen("<ImportExportXml", &format!("{doctype}<ImportExportXml"), 1);
    let xml = xml.replace("<name>new_5Fcontoso</name>", "<name>&lol9;</name>");
    tree.set(&path, xml);
    let json = hostile(&tree);
    let pk023 = diagnostics(&json, "PK023");
    assert_eq!(pk023.len(), 1, "{json}");
    assert_eq!(pk023[0]["file"], connector_path("customizations.xml"));
    assert!(pk023[0]["message"].as_str().unwrap().contains("DOCTYPE"));
    assert_eq!(pk023[0]["range"]["start"]["line"], 2);
    // Nothing expanded: no report holds the entity's text.
    assert!(!json.to_string().contains("lollollol"));
}

#[test]
fn xml_nested_ten_thousand_deep_is_pk023() {
    let mut tree = PcTree::standard();
    let path = format!("{}/solution.xml", pc::FLOW_SOLUTION);
    // Distinct names, so that the file does not compress past PK009's ratio limit.
    let open: String = (0..10_000).map(|i| format!("<e{i}>")).collect();
    let close: String = (0..10_000).rev().map(|i| format!("</e{i}>")).collect();
    tree.set(&path, format!("{open}{close}"));
    let json = hostile(&tree);
    let pk023 = diagnostics(&json, "PK023");
    assert_eq!(pk023.len(), 1, "{json}");
    assert!(pk023[0]["message"].as_str().unwrap().contains("256"));
}

#[test]
fn utf16_solution_xml_is_pk023() {
    let mut tree = PcTree::standard();
    let path = format!("{}/solution.xml", pc::CONNECTOR_SOLUTION);
    let mut bytes = vec![0xFF, 0xFE];
    for unit in pc::solution_xml("ContosoConnector").encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    tree.set_bytes(&path, bytes);
    let json = hostile(&tree);
    let pk023 = diagnostics(&json, "PK023");
    assert!(
        pk023[0]["message"].as_str().unwrap().contains("UTF-16"),
        "{json}"
    );
}

#[test]
fn zips_nested_deeper_than_the_layout_are_pk009_and_never_opened() {
    let mut tree = PcTree::standard();
    // 40 levels below the connector solution (reliability.md `zip-nested-deep`).
    let mut path = format!("{}/deep.zip", pc::CONNECTOR_SOLUTION);
    for level in 0..40 {
        path.push_str(&format!("/level{level}.zip"));
    }
    tree.set(&format!("{path}/apiDefinition.swagger.json"), "{}");
    let json = hostile(&tree);
    let pk009 = diagnostics(&json, "PK009");
    assert_eq!(pk009.len(), 1, "{json}");
    assert_eq!(pk009[0]["file"], connector_path("deep.zip"));
    assert!(
        pk009[0]["message"]
            .as_str()
            .unwrap()
            .contains("at most 3 levels")
    );
    assert!(!json.to_string().contains("level1.zip"));
}

#[test]
fn a_deflate_bomb_in_a_solution_zip_is_pk009_and_bounded() {
    let mut tree = PcTree::standard();
    // 30 MiB of spaces deflate to about 30 KiB: a ratio near 1000:1.
    let bomb = format!("{{}}{}", " ".repeat(30 * 1024 * 1024));
    tree.set(&format!("{}/{}", pc::FLOW_SOLUTION, pc::FLOW_FILE), bomb);
    let json = hostile(&tree);
    let pk009 = diagnostics(&json, "PK009");
    assert_eq!(pk009.len(), 1, "{json}");
    assert!(
        pk009[0]["file"]
            .as_str()
            .unwrap()
            .ends_with("ContosoFlows_1_0_0_0.zip!/Workflows/Createatask-2B3E9A6C-1F0D-4C52-9C1A-6A1E8B7D3F10.json"),
        "{json}"
    );
    assert!(pk009[0]["message"].as_str().unwrap().contains("ratio"));
}

#[test]
fn unsafe_names_inside_a_solution_are_pk009_with_every_level_named() {
    let mut tree = PcTree::standard();
    tree.set(&format!("{}/../../evil.json", pc::CONNECTOR_SOLUTION), "{}");
    let json = hostile(&tree);
    let pk009 = diagnostics(&json, "PK009");
    assert_eq!(pk009.len(), 1, "{json}");
    assert_eq!(pk009[0]["file"], connector_path("../../evil.json"));
}

// --- Never a panic (reliability.md G1) --------------------------------------------------------

mod never_panics {
    use std::sync::OnceLock;

    use pcpkg::package::Profile;
    use pcpkg::package::load::{ZipOptions, load_zip_bytes_with};
    use pcpkg::validate::{ValidateOptions, check};
    use proptest::prelude::*;

    use super::common::pc::{self, PcTree, pack};

    fn cases(default: u32) -> u32 {
        std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    }

    /// The standard package's files, with the connector solution's zip as one file.
    fn base() -> &'static (PcTree, Vec<u8>) {
        static BASE: OnceLock<(PcTree, Vec<u8>)> = OnceLock::new();
        BASE.get_or_init(|| {
            let tree = PcTree::standard();
            let prefix = format!("{}/", pc::CONNECTOR_SOLUTION);
            let solution: Vec<(String, Vec<u8>)> = tree
                .files
                .iter()
                .filter_map(|(name, bytes)| {
                    Some((name.strip_prefix(&prefix)?.to_owned(), bytes.clone()))
                })
                .collect();
            let mut rest = tree.clone();
            rest.remove(pc::CONNECTOR_SOLUTION);
            (rest, pack(solution))
        })
    }

    fn validate(bytes: &[u8]) {
        let package = load_zip_bytes_with(
            bytes,
            "package.zip",
            Profile::Certified,
            &ZipOptions::default(),
        );
        let report = check(&package, &ValidateOptions::default());
        for diagnostic in &report.diagnostics {
            assert!(!diagnostic.message.is_empty());
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(cases(4_096)))]

        #[test]
        fn arbitrary_text_never_panics_the_xml_reader(text in "\\PC{0,300}|[<>/&;!\\[\\]a-z =\"'?-]{0,300}") {
            let _ = pcpkg::xml::parse(&text);
        }

        #[test]
        fn mutated_customizations_never_panic_the_xml_reader(
            edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
        ) {
            let mut bytes = pc::customizations(&pc::workflow_element(pc::FLOW_FILE)).into_bytes();
            for (at, value) in edits {
                let i = at.index(bytes.len());
                bytes[i] = value;
            }
            if let Ok(text) = std::str::from_utf8(&bytes) {
                let _ = pcpkg::xml::parse(text);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(cases(128)))]

        /// A corrupted solution zip inside an intact package: every level still reports, no panic.
        #[test]
        fn mutated_solution_zips_never_panic(
            edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
            cut in proptest::option::of(any::<prop::sample::Index>()),
        ) {
            let (rest, solution) = base();
            let mut bytes = solution.clone();
            for (at, value) in edits {
                let i = at.index(bytes.len());
                bytes[i] = value;
            }
            if let Some(cut) = cut {
                bytes.truncate(cut.index(bytes.len()));
            }
            let mut tree = rest.clone();
            tree.set_bytes(pc::CONNECTOR_SOLUTION, bytes);
            validate(&tree.build());
        }

        /// Corrupted `customizations.xml` in both solutions: the rules that read it see odd trees.
        #[test]
        fn mutated_customizations_never_panic_the_rules(
            edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..6),
        ) {
            let mut tree = PcTree::standard();
            for solution in [pc::CONNECTOR_SOLUTION, pc::FLOW_SOLUTION] {
                let path = format!("{solution}/customizations.xml");
                let mut bytes = tree.files[&path].clone();
                for (at, value) in &edits {
                    let i = at.index(bytes.len());
                    bytes[i] = *value;
                }
                tree.set_bytes(&path, bytes);
            }
            validate(&tree.build());
        }
    }
}

#[test]
fn junk_is_pk007_at_every_level_and_nothing_else() {
    let mut tree = PcTree::standard();
    tree.set("__MACOSX/._intro.md", "x");
    tree.set(
        &format!(
            "{}/__MACOSX/PkgAssets/._ContosoFlows_1_0_0_0.zip",
            pc::INNER
        ),
        "x",
    );
    tree.set(&format!("{}/.DS_Store", pc::CONNECTOR_SOLUTION), "x");
    let dir = write(&tree);
    let (code, json) = json_report(dir.path(), &[]);
    assert_eq!(code, 1);
    let files: Vec<&str> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            assert_eq!(d["code"], "PK007", "{d}");
            d["file"].as_str().unwrap()
        })
        .collect();
    assert_eq!(
        files,
        [
            "package.zip!/Contoso.pdpkg.zip!/PkgAssets/ContosoConnector_1_0_0_0.zip!/.DS_Store",
            "package.zip!/Contoso.pdpkg.zip!/__MACOSX/",
            "package.zip!/__MACOSX/",
        ]
    );
}

#[test]
fn policy_templates_are_checked_in_their_own_file() {
    let mut tree = PcTree::standard();
    let path = connector_file("policytemplateinstances.json");
    tree.set(
        &path,
        "[\n  {\n    \"templateId\": \"sethttpheaderz\",\n    \"title\": \"Set header\",\n    \"parameters\": {}\n  }\n]\n",
    );
    let dir = write(&tree);
    let (code, json) = json_report(dir.path(), &[]);
    assert_eq!(code, 0, "{json}");
    let ap050 = diagnostics(&json, "AP050");
    assert_eq!(ap050.len(), 1, "{json}");
    assert_eq!(
        ap050[0]["file"],
        connector_path("Connector/new_5Fcontoso_policytemplateinstances.json")
    );
    assert_eq!(ap050[0]["pointer"], "/0/templateId");
    assert_eq!(ap050[0]["range"]["start"]["line"], 3);
}
