//! pcpkg.toml end to end (cli.md "Configuration"): discovery, `--config`/`--no-config`, each
//! precedence rule, `[severity]`, `fail-on` per package, and every kind of bad file.
//!
//! Every temporary tree holds a `.git` folder at its top, so discovery never reaches a
//! pcpkg.toml that happens to sit above the system's temporary folder.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::cli::{clean_connector, run_in};
use serde_json::Value;

/// A temporary folder that is the top of a repository (it holds `.git`).
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join(".git")).unwrap();
    dir
}

/// The clean certified example at `dir/rel`, without `info.contact`: SW019 (contact, W⚑ for
/// certified) is then its one finding: a warning, an error under strict, info for custom.
fn connector(dir: &Path, rel: &str) -> PathBuf {
    let target = clean_connector(dir, rel);
    remove_contact(&target);
    target
}

/// Rewrites the folder's swagger through `edit`.
fn edit_swagger(folder: &Path, edit: impl FnOnce(&mut Value)) {
    let path = folder.join("apiDefinition.swagger.json");
    let mut swagger: Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    edit(&mut swagger);
    fs::write(path, serde_json::to_string_pretty(&swagger).unwrap()).unwrap();
}

/// Removes `info.contact` from the folder's swagger, which SW019 then reports.
fn remove_contact(folder: &Path) {
    edit_swagger(folder, |swagger| {
        swagger["info"]
            .as_object_mut()
            .unwrap()
            .remove("contact")
            .unwrap();
    });
}

fn write(path: &Path, text: &str) {
    fs::write(path, text).unwrap();
}

/// `validate --format json` in `dir`: the exit code and the report.
fn validate_json(dir: &Path, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["validate", "--format", "json"];
    all.extend_from_slice(args);
    let (code, stdout, stderr) = run_in(dir, &all);
    assert!(code == 0 || code == 1, "exit {code}: {stderr}");
    (code, serde_json::from_str(&stdout).unwrap())
}

/// (code, severity) of each finding.
type Found = Vec<(String, String)>;

/// Each package: (path, profile, its findings).
fn findings(report: &Value) -> Vec<(String, String, Found)> {
    report["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|package| {
            let path = package["path"].as_str().unwrap().to_owned();
            let found = report["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|d| d["package"] == package["path"])
                .map(|d| {
                    (
                        d["code"].as_str().unwrap().to_owned(),
                        d["severity"].as_str().unwrap().to_owned(),
                    )
                })
                .collect();
            (path, package["profile"].as_str().unwrap().to_owned(), found)
        })
        .collect()
}

fn one(code: &str, severity: &str) -> Found {
    vec![(code.to_owned(), severity.to_owned())]
}

#[test]
fn discovery_walks_up_to_the_folder_holding_git_and_no_further() {
    let top = tempfile::tempdir().unwrap();
    // Above the repository: never read.
    write(&top.path().join("pcpkg.toml"), "profile = \"custom\"\n");
    let repo_dir = top.path().join("repo");
    fs::create_dir_all(repo_dir.join(".git")).unwrap();
    connector(&repo_dir, "connectors/A");
    let (code, report) = validate_json(&repo_dir, &["connectors/A"]);
    assert_eq!(code, 0);
    assert_eq!(
        findings(&report),
        vec![(
            "connectors/A".to_owned(),
            "certified".to_owned(),
            one("SW019", "warning")
        )]
    );
    // The repository's own file, two folders up, applies.
    write(&repo_dir.join("pcpkg.toml"), "strict = true\n");
    let (code, report) = validate_json(&repo_dir, &["connectors/A"]);
    assert_eq!(code, 1);
    assert_eq!(findings(&report)[0].2, one("SW019", "error"));
    // The nearest file wins, whole: it is not merged with the one above.
    write(
        &repo_dir.join("connectors/pcpkg.toml"),
        "profile = \"custom\"\n",
    );
    let (code, report) = validate_json(&repo_dir, &["connectors/A"]);
    assert_eq!(code, 0);
    assert_eq!(
        findings(&report),
        vec![(
            "connectors/A".to_owned(),
            "custom".to_owned(),
            one("SW019", "info")
        )]
    );
    // From inside the package, too.
    let (_, report) = validate_json(&repo_dir.join("connectors/A"), &[]);
    assert_eq!(findings(&report)[0].1, "custom");
}

#[test]
fn a_zip_or_a_single_file_uses_the_folder_holding_it() {
    let dir = repository();
    let folder = connector(dir.path(), "A");
    write(&dir.path().join("pcpkg.toml"), "strict = true\n");
    let (code, report) = validate_json(dir.path(), &["A/apiDefinition.swagger.json"]);
    assert_eq!(code, 1);
    assert_eq!(findings(&report)[0].2, one("SW019", "error"));
    // A zip beside a pcpkg.toml that makes SW019 info: the zip's folder is searched.
    write(&folder.join("pcpkg.toml"), "profile = \"custom\"\n");
    let entries: Vec<(String, Vec<u8>)> = ["apiDefinition.swagger.json", "apiProperties.json"]
        .iter()
        .map(|name| (format!("A/{name}"), fs::read(folder.join(name)).unwrap()))
        .collect();
    fs::write(folder.join("a.zip"), common::zip_bytes(&entries)).unwrap();
    let (_, report) = validate_json(dir.path(), &["A/a.zip"]);
    let (_, profile, found) = &findings(&report)[0];
    assert_eq!(profile, "custom");
    assert!(
        found.contains(&("SW019".to_owned(), "info".to_owned())),
        "{found:?}"
    );
}

#[test]
fn config_file_applies_to_every_package_and_no_config_to_none() {
    let dir = repository();
    connector(dir.path(), "A");
    connector(dir.path(), "B");
    write(&dir.path().join("A/pcpkg.toml"), "profile = \"custom\"\n");
    write(&dir.path().join("strict.toml"), "strict = true\n");

    let (code, report) = validate_json(dir.path(), &["A", "B"]);
    assert_eq!(code, 0);
    let found = findings(&report);
    assert_eq!(found[0].1, "custom");
    assert_eq!(found[1].1, "certified");

    // --config replaces discovery: A's own file is not read.
    let (code, report) = validate_json(dir.path(), &["--config", "strict.toml", "A", "B"]);
    assert_eq!(code, 1);
    for (_, profile, found) in findings(&report) {
        assert_eq!(profile, "certified");
        assert_eq!(found, one("SW019", "error"));
    }
    // A global flag: before the command as well.
    let (code, _, _) = run_in(dir.path(), &["--config", "strict.toml", "validate", "B"]);
    assert_eq!(code, 1);

    // --no-config: neither file.
    let (code, report) = validate_json(dir.path(), &["--no-config", "A"]);
    assert_eq!(code, 0);
    assert_eq!(findings(&report)[0].1, "certified");

    let (code, _, stderr) = run_in(dir.path(), &["validate", "--config", "missing.toml", "A"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("`missing.toml` does not exist"), "{stderr}");
    let (code, _, stderr) = run_in(
        dir.path(),
        &["validate", "--config", "strict.toml", "--no-config", "A"],
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot be used with"), "{stderr}");
}

#[test]
fn profile_comes_from_the_flag_then_the_file_then_the_path() {
    let dir = repository();
    connector(dir.path(), "independent-publisher-connectors/A");
    let profile = |args: &[&str]| {
        let mut all = args.to_vec();
        all.push("independent-publisher-connectors/A");
        findings(&validate_json(dir.path(), &all).1)[0].1.clone()
    };
    assert_eq!(profile(&[]), "independent-publisher");
    write(
        &dir.path()
            .join("independent-publisher-connectors/A/pcpkg.toml"),
        "profile = \"custom\"\n",
    );
    assert_eq!(profile(&[]), "custom");
    assert_eq!(profile(&["--profile", "certified"]), "certified");
    // `auto` on the command line means "not given": the file still decides.
    assert_eq!(profile(&["--profile", "auto"]), "custom");
    // `auto` in the file leaves it to the path.
    write(
        &dir.path()
            .join("independent-publisher-connectors/A/pcpkg.toml"),
        "profile = \"auto\"\n",
    );
    assert_eq!(profile(&[]), "independent-publisher");

    // The human summary names the chosen profile.
    write(&dir.path().join("pcpkg.toml"), "profile = \"custom\"\n");
    connector(dir.path(), "B");
    let (_, stdout, _) = run_in(dir.path(), &["validate", "B"]);
    assert!(
        stdout.contains("B (custom): 0 errors, 0 warnings, 1 info"),
        "{stdout}"
    );
}

#[test]
fn strict_in_the_file_and_the_flags_that_override_it() {
    let dir = repository();
    connector(dir.path(), "A");
    let severity = |args: &[&str]| {
        let mut all = args.to_vec();
        all.push("A");
        let (code, report) = validate_json(dir.path(), &all);
        (code, findings(&report)[0].2[0].1.clone())
    };
    assert_eq!(severity(&[]), (0, "warning".to_owned()));
    assert_eq!(severity(&["--strict"]), (1, "error".to_owned()));
    write(&dir.path().join("pcpkg.toml"), "strict = true\n");
    assert_eq!(severity(&[]), (1, "error".to_owned()));
    assert_eq!(severity(&["--no-strict"]), (0, "warning".to_owned()));
    // The last of --strict and --no-strict wins.
    assert_eq!(
        severity(&["--no-strict", "--strict"]),
        (1, "error".to_owned())
    );
    assert_eq!(
        severity(&["--strict", "--no-strict"]),
        (0, "warning".to_owned())
    );
    write(&dir.path().join("pcpkg.toml"), "strict = false\n");
    assert_eq!(severity(&["--strict"]), (1, "error".to_owned()));
}

#[test]
fn fail_on_from_the_file_and_the_flag() {
    let dir = repository();
    connector(dir.path(), "A");
    write(&dir.path().join("pcpkg.toml"), "fail-on = \"warning\"\n");
    let (code, _) = validate_json(dir.path(), &["A"]);
    assert_eq!(code, 1, "the file's fail-on: a warning fails");
    let (code, _) = validate_json(dir.path(), &["--fail-on", "error", "A"]);
    assert_eq!(code, 0, "the flag wins");
    write(
        &dir.path().join("pcpkg.toml"),
        "strict = true\nfail-on = \"never\"\n",
    );
    let (code, report) = validate_json(dir.path(), &["A"]);
    assert_eq!(code, 0);
    assert_eq!(findings(&report)[0].2, one("SW019", "error"));
    let (code, _) = validate_json(dir.path(), &["--fail-on", "error", "A"]);
    assert_eq!(code, 1);
}

#[test]
fn fail_on_applies_per_package_in_a_batch() {
    let dir = repository();
    // `lenient` has an error but never fails; `careful` fails on its warning.
    connector(dir.path(), "batch/lenient");
    write(
        &dir.path().join("batch/lenient/pcpkg.toml"),
        "strict = true\nfail-on = \"never\"\n",
    );
    connector(dir.path(), "batch/plain");
    let (code, report) = validate_json(dir.path(), &["batch"]);
    assert_eq!(
        findings(&report),
        vec![
            (
                "batch/lenient".to_owned(),
                "certified".to_owned(),
                one("SW019", "error")
            ),
            (
                "batch/plain".to_owned(),
                "certified".to_owned(),
                one("SW019", "warning")
            ),
        ]
    );
    assert_eq!(code, 0, "no package reaches its own fail-on");
    write(
        &dir.path().join("batch/plain/pcpkg.toml"),
        "fail-on = \"warning\"\n",
    );
    let (code, _) = validate_json(dir.path(), &["batch"]);
    assert_eq!(code, 1, "plain's warning reaches its fail-on");
    // The flag applies to every package.
    let (code, _) = validate_json(dir.path(), &["--fail-on", "never", "batch"]);
    assert_eq!(code, 0);
}

#[test]
fn select_and_ignore_flags_replace_the_files_lists() {
    let dir = repository();
    let folder = connector(dir.path(), "A");
    // Also RM: a readme without its sections.
    write(&folder.join("readme.md"), "# Contoso Tasks\n");
    let codes = |args: &[&str]| {
        let mut all = args.to_vec();
        all.push("A");
        let mut codes: Vec<String> = findings(&validate_json(dir.path(), &all).1)[0]
            .2
            .iter()
            .map(|(code, _)| code.clone())
            .collect();
        codes.dedup();
        codes
    };
    let everything = codes(&[]);
    assert!(everything.contains(&"SW019".to_owned()), "{everything:?}");
    assert!(
        everything.iter().any(|c| c.starts_with("RM")),
        "{everything:?}"
    );

    write(&dir.path().join("pcpkg.toml"), "ignore = [\"RM\"]\n");
    assert_eq!(codes(&[]), vec!["SW019"]);
    // --ignore replaces the file's list: RM is back, SW019 is gone.
    let replaced = codes(&["--ignore", "contact"]);
    assert!(!replaced.contains(&"SW019".to_owned()), "{replaced:?}");
    assert!(replaced.iter().any(|c| c.starts_with("RM")), "{replaced:?}");

    write(&dir.path().join("pcpkg.toml"), "select = [\"SW\"]\n");
    assert_eq!(codes(&[]), vec!["SW019"]);
    let selected = codes(&["--select", "RM"]);
    assert!(selected.iter().all(|c| c.starts_with("RM")), "{selected:?}");
    assert!(!selected.is_empty());
    // Ignore wins over select, across the two sources.
    assert!(codes(&["--ignore", "SW019"]).is_empty());
}

#[test]
fn severity_turns_a_rule_off_to_info_up_and_on() {
    let dir = repository();
    connector(dir.path(), "A");
    let found = |args: &[&str]| {
        let mut all = args.to_vec();
        all.push("A");
        let (code, report) = validate_json(dir.path(), &all);
        (code, findings(&report)[0].2.clone())
    };
    write(
        &dir.path().join("pcpkg.toml"),
        "[severity]\ncontact = \"off\"\n",
    );
    assert_eq!(found(&[]), (0, vec![]));
    write(
        &dir.path().join("pcpkg.toml"),
        "[severity]\nSW019 = \"info\"\n",
    );
    // Final: --strict does not raise it.
    assert_eq!(found(&["--strict"]), (0, one("SW019", "info")));
    write(
        &dir.path().join("pcpkg.toml"),
        "strict = false\n[severity]\nSW019 = \"error\"\n",
    );
    assert_eq!(found(&[]), (1, one("SW019", "error")));
    // In every profile: contact is only info for custom.
    assert_eq!(found(&["--profile", "custom"]), (1, one("SW019", "error")));

    // On: SW021 (connector-metadata) is off for custom.
    edit_swagger(&dir.path().join("A"), |swagger| {
        swagger
            .as_object_mut()
            .unwrap()
            .remove("x-ms-connector-metadata")
            .unwrap();
    });
    write(&dir.path().join("pcpkg.toml"), "profile = \"custom\"\n");
    assert_eq!(found(&[]), (0, one("SW019", "info")));
    write(
        &dir.path().join("pcpkg.toml"),
        "profile = \"custom\"\n[severity]\nconnector-metadata = \"warning\"\n",
    );
    assert_eq!(
        found(&[]),
        (
            0,
            vec![
                ("SW021".to_owned(), "warning".to_owned()),
                ("SW019".to_owned(), "info".to_owned())
            ]
        )
    );
    // `select` and `ignore` still decide whether it runs.
    assert_eq!(found(&["--ignore", "SW021"]), (0, one("SW019", "info")));
    assert_eq!(found(&["--select", "AP"]), (0, vec![]));

    // Never in a mode rules.md §1.1 excludes: PK004 runs on zips only, not on folders.
    write(
        &dir.path().join("pcpkg.toml"),
        "profile = \"custom\"\n[severity]\nPK004 = \"error\"\n",
    );
    assert_eq!(found(&[]), (0, one("SW019", "info")));
    // …but in a zip, where it runs, the entry turns it on for custom, where it is off.
    let entries: Vec<(String, Vec<u8>)> = ["apiDefinition.swagger.json", "apiProperties.json"]
        .iter()
        .map(|name| {
            (
                name.to_string(),
                fs::read(dir.path().join("A").join(name)).unwrap(),
            )
        })
        .collect();
    fs::write(dir.path().join("a.zip"), common::zip_bytes(&entries)).unwrap();
    let pk004 = |report: &Value| {
        findings(report)[0]
            .2
            .iter()
            .filter(|(code, _)| code == "PK004")
            .cloned()
            .collect::<Vec<_>>()
    };
    let (code, report) = validate_json(dir.path(), &["a.zip"]);
    assert_eq!((code, pk004(&report)), (1, one("PK004", "error")));
    let (_, report) = validate_json(dir.path(), &["--no-config", "--profile", "custom", "a.zip"]);
    assert_eq!(pk004(&report), vec![]);
}

#[test]
fn bad_files_are_exit_2_at_their_line_and_column_with_no_report() {
    let dir = repository();
    connector(dir.path(), "A");
    let cases = [
        (
            "strict = true\nfail_on = \"error\"\n",
            "pcpkg.toml:2:1: unknown key `fail_on`: did you mean `fail-on`?",
        ),
        (
            "profile = \"verified\"\n",
            "pcpkg.toml:1:11: `profile` is `verified`",
        ),
        (
            "strict = \"yes\"\n",
            "pcpkg.toml:1:10: `strict` must be `true` or `false`",
        ),
        (
            "fail-on = \"warnings\"\n",
            "pcpkg.toml:1:11: `fail-on` is `warnings`",
        ),
        (
            "select = [\"SW\", \"XY123\"]\n",
            "pcpkg.toml:1:17: `XY123` in `select` matches no rule",
        ),
        (
            "\n[severity]\nno-such-rule = \"off\"\n",
            "pcpkg.toml:3:1: `no-such-rule` in `[severity]` matches no rule",
        ),
        (
            "[severity]\nSW019 = \"loud\"\n",
            "pcpkg.toml:2:9: `SW019` is `loud`",
        ),
        (
            "ignore = [\"RM004\", \"SW001\"]\n",
            "pcpkg.toml:1:20: SW001 (json-syntax) decides whether a file could be read at all",
        ),
        (
            "[severity]\nPK014 = \"warning\"\n",
            "pcpkg.toml:2:1: PK014 (",
        ),
        ("strict = tru\n", "pcpkg.toml:1:10: "),
    ];
    for (text, expected) in cases {
        write(&dir.path().join("pcpkg.toml"), text);
        for format in ["human", "json"] {
            let (code, stdout, stderr) = run_in(dir.path(), &["validate", "--format", format, "A"]);
            assert_eq!(code, 2, "{text}: {stderr}");
            assert!(stdout.is_empty(), "{text}: a report was printed: {stdout}");
            assert!(
                stderr.starts_with(&format!("error: {expected}")),
                "{text}: {stderr}"
            );
        }
    }
    // --config names the file as given.
    fs::remove_file(dir.path().join("pcpkg.toml")).unwrap();
    write(&dir.path().join("team.toml"), "\n  strictness = 1\n");
    let (code, stdout, stderr) = run_in(dir.path(), &["validate", "--config", "team.toml", "A"]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(
        stderr.starts_with("error: team.toml:2:3: unknown key `strictness`"),
        "{stderr}"
    );
    // A file in a sub-folder is named by its path from the working directory.
    write(&dir.path().join("A/pcpkg.toml"), "strict = 1\n");
    let (code, _, stderr) = run_in(dir.path(), &["validate", "A"]);
    assert_eq!(code, 2);
    assert!(stderr.starts_with("error: A/pcpkg.toml:1:10: "), "{stderr}");
}

#[test]
fn a_bad_file_anywhere_in_a_batch_stops_the_run() {
    let dir = repository();
    connector(dir.path(), "batch/A");
    connector(dir.path(), "batch/B");
    write(
        &dir.path().join("batch/B/pcpkg.toml"),
        "[severity]\nSW = \"off\"\n",
    );
    let (code, stdout, stderr) = run_in(dir.path(), &["validate", "batch"]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.starts_with("error: batch/B/pcpkg.toml:2:1: `SW` is a family prefix"),
        "{stderr}"
    );
}

#[test]
fn a_scaffold_from_new_is_validated_strictly() {
    let dir = repository();
    let (code, _, stderr) = run_in(
        dir.path(),
        &[
            "new",
            "Conn",
            "--yes",
            "--title",
            "Contoso Tasks",
            "--publisher",
            "Contoso",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        fs::read_to_string(dir.path().join("Conn/pcpkg.toml"))
            .unwrap()
            .contains("strict = true")
    );
    let (code, report) = validate_json(dir.path(), &["Conn"]);
    assert_eq!(code, 0);
    assert_eq!(findings(&report)[0].2, vec![]);
    // A W⚑ finding is an error, as `strict = true` says, until --no-strict.
    remove_contact(&dir.path().join("Conn"));
    let (code, report) = validate_json(dir.path(), &["Conn"]);
    assert_eq!(code, 1);
    assert_eq!(findings(&report)[0].2, one("SW019", "error"));
    let (code, report) = validate_json(dir.path(), &["--no-strict", "Conn"]);
    assert_eq!(code, 0);
    assert_eq!(findings(&report)[0].2, one("SW019", "warning"));
}

#[test]
fn pack_validates_with_the_packages_pcpkg_toml() {
    let dir = repository();
    connector(dir.path(), "A");
    // The github target: a folder, so no icon is needed and SW019 is the only finding.
    let pack = |args: &[&str]| {
        let mut all = vec!["pack", "A", "--dry-run", "--target", "github"];
        all.extend_from_slice(args);
        run_in(dir.path(), &all)
    };
    let (code, stdout, stderr) = pack(&[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(stdout.contains("warning[SW019]"), "{stdout}");

    write(&dir.path().join("A/pcpkg.toml"), "fail-on = \"warning\"\n");
    let (code, stdout, _) = pack(&[]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("nothing written"), "{stdout}");
    let (code, _, _) = pack(&["--fail-on", "error"]);
    assert_eq!(code, 0, "the flag wins");

    write(&dir.path().join("A/pcpkg.toml"), "strict = true\n");
    let (code, stdout, _) = pack(&[]);
    assert_eq!(code, 1);
    assert!(stdout.contains("error[SW019]"), "{stdout}");
    let (code, _, _) = pack(&["--no-strict"]);
    assert_eq!(code, 0);

    write(
        &dir.path().join("A/pcpkg.toml"),
        "profile = \"custom\"\n[severity]\nSW019 = \"error\"\n",
    );
    let (code, stdout, _) = pack(&["--format", "json"]);
    assert_eq!(code, 1);
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["packages"][0]["profile"], "custom");
    assert_eq!(report["diagnostics"][0]["severity"], "error");
    let (code, _, _) = pack(&["--no-config"]);
    assert_eq!(code, 0);

    write(&dir.path().join("A/pcpkg.toml"), "fail-on = 2\n");
    let (code, stdout, stderr) = pack(&[]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(stderr.starts_with("error: A/pcpkg.toml:1:11: "), "{stderr}");
}

#[test]
fn readme_takes_its_profile_from_the_nearest_pcpkg_toml() {
    let dir = repository();
    connector(dir.path(), "connectors/A");
    // Certified: readme.md and intro.md.
    let (code, stdout, _) = run_in(dir.path(), &["readme", "connectors/A", "--check"]);
    assert_eq!(code, 1);
    assert!(stdout.contains("intro.md: missing"), "{stdout}");
    // The repository's file says custom, so there is no intro.md to write.
    write(&dir.path().join("pcpkg.toml"), "profile = \"custom\"\n");
    let (_, stdout, _) = run_in(dir.path(), &["readme", "connectors/A", "--check"]);
    assert!(!stdout.contains("intro.md"), "{stdout}");
    let (_, stdout, _) = run_in(
        dir.path(),
        &["readme", "connectors/A", "--check", "--no-config"],
    );
    assert!(stdout.contains("intro.md: missing"), "{stdout}");
    write(
        &dir.path().join("pcpkg.toml"),
        "profile = \"custom\"\nbogus = 1\n",
    );
    let (code, stdout, stderr) = run_in(dir.path(), &["readme", "connectors/A"]);
    assert_eq!(code, 2);
    assert!(stdout.is_empty());
    assert!(
        stderr.starts_with("error: pcpkg.toml:2:1: unknown key `bogus`"),
        "{stderr}"
    );
}
