//! `pcpkg pack` end to end on the built binary: what it writes, what it leaves out and why,
//! exit codes, and the reliability cases of reliability.md §6 and §7.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use common::cli::{clean_connector, example_bytes, names_in, pcpkg_binary, repo, run_in};
use common::{contoso_icon, zip_entries, zip_names};

fn assert_no_temporary(dir: &Path) {
    let left: Vec<String> = names_in(dir)
        .into_iter()
        .filter(|n| n.starts_with(".pcpkg-"))
        .collect();
    assert!(left.is_empty(), "temporary outputs left: {left:?}");
}

const ARTIFACTS: [&str; 3] = [
    "apiDefinition.swagger.json",
    "apiProperties.json",
    "icon.png",
];

#[test]
fn packing_twice_gives_identical_bytes() {
    let dir = tempfile::tempdir().unwrap();
    clean_connector(dir.path(), "Contoso");
    fs::write(dir.path().join("logo.png"), contoso_icon()).unwrap();
    let (code, stdout, stderr) = run_in(
        dir.path(),
        &["pack", "Contoso", "--icon", "logo.png", "-o", "one.zip"],
    );
    assert_eq!(code, 0, "{stdout}{stderr}");
    // Other timestamps and another order of creation must not change a byte.
    std::thread::sleep(Duration::from_millis(1100));
    let copy = dir.path().join("Copy");
    fs::create_dir(&copy).unwrap();
    for file in [
        "readme.md",
        "apiProperties.json",
        "apiDefinition.swagger.json",
    ] {
        fs::copy(dir.path().join("Contoso").join(file), copy.join(file)).unwrap();
    }
    let (code, _, _) = run_in(
        dir.path(),
        &["pack", "Copy", "--icon", "logo.png", "-o", "two.zip"],
    );
    assert_eq!(code, 0);
    let one = fs::read(dir.path().join("one.zip")).unwrap();
    let two = fs::read(dir.path().join("two.zip")).unwrap();
    assert_eq!(one, two, "two packs of the same files differ");
}

#[test]
fn an_isv_zip_holds_exactly_the_artifacts_readable_by_every_reader() {
    let dir = tempfile::tempdir().unwrap();
    clean_connector(dir.path(), "Contoso");
    fs::write(dir.path().join("logo.png"), contoso_icon()).unwrap();
    let (code, stdout, _) = run_in(dir.path(), &["pack", "Contoso", "--icon", "logo.png"]);
    assert_eq!(code, 0, "{stdout}");
    insta::assert_snapshot!(stdout);
    let bytes = fs::read(dir.path().join("Contoso.zip")).unwrap();

    // The `zip` crate: names, contents, the fixed time and mode.
    assert_eq!(zip_names(&bytes), ARTIFACTS);
    let entries = zip_entries(&bytes);
    assert_eq!(entries[0].1, example_bytes("apiDefinition.swagger.json"));
    assert_eq!(entries[1].1, example_bytes("apiProperties.json"));
    assert_eq!(entries[2].1, contoso_icon());
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
    for i in 0..archive.len() {
        let file = archive.by_index(i).unwrap();
        assert_eq!(file.compression(), zip::CompressionMethod::Deflated);
        assert_eq!(file.unix_mode(), Some(0o100_644), "{}", file.name());
        let time = file.last_modified().unwrap();
        assert_eq!(
            (
                time.year(),
                time.month(),
                time.day(),
                time.hour(),
                time.minute()
            ),
            (1980, 1, 1, 0, 0)
        );
    }

    // pcpkg's own reader finds no problem, and validating the zip finds nothing either.
    let read = pcpkg::archive::read_zip(
        &bytes,
        &pcpkg::archive::ArchiveLimits::default(),
        &mut pcpkg::archive::InflateBudget::standard(),
    );
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    let (code, stdout, _) = run_in(dir.path(), &["validate", "--strict", "Contoso.zip"]);
    assert_eq!(code, 0, "{stdout}");

    // Info-ZIP, when the machine has it.
    if let Ok(out) = StdCommand::new("unzip")
        .arg("-Z1")
        .arg(dir.path().join("Contoso.zip"))
        .output()
    {
        let listed = String::from_utf8_lossy(&out.stdout);
        assert_eq!(listed.lines().collect::<Vec<_>>(), ARTIFACTS);
        let test = StdCommand::new("unzip")
            .arg("-t")
            .arg(dir.path().join("Contoso.zip"))
            .output()
            .unwrap();
        assert!(test.status.success(), "{test:?}");
    }
}

#[test]
fn junk_in_a_folder_is_left_out_and_the_listing_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let conn = clean_connector(dir.path(), "Contoso");
    fs::write(conn.join("icon.png"), contoso_icon()).unwrap();
    fs::create_dir(conn.join("__MACOSX")).unwrap();
    fs::write(conn.join("__MACOSX/._icon.png"), b"\0\x05\x16\x07").unwrap();
    fs::write(conn.join(".DS_Store"), b"\0\0\0\x01Bud1").unwrap();
    fs::write(conn.join("Thumbs.db"), b"x").unwrap();
    fs::create_dir(conn.join("screenshots")).unwrap();
    fs::write(conn.join("screenshots/step1.png"), contoso_icon()).unwrap();
    fs::write(conn.join("screenshots/.DS_Store"), b"x").unwrap();
    fs::write(conn.join("settings.json"), b"{}").unwrap();
    fs::write(conn.join("notes.pdf"), b"%PDF").unwrap();
    let (code, stdout, _) = run_in(dir.path(), &["pack", "Contoso"]);
    assert_eq!(code, 0, "{stdout}");
    insta::assert_snapshot!(stdout);
    let bytes = fs::read(dir.path().join("Contoso.zip")).unwrap();
    assert_eq!(zip_names(&bytes), ARTIFACTS);
}

#[test]
fn a_folder_with_errors_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("logo.png"), contoso_icon()).unwrap();
    fs::create_dir(dir.path().join("out")).unwrap();
    let broken = repo().join("examples/broken/contoso-broken");
    let broken = broken.to_str().unwrap();
    let (code, stdout, _) = run_in(
        dir.path(),
        &["pack", broken, "--icon", "logo.png", "-o", "out/x.zip"],
    );
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("error[SW012]"), "{stdout}");
    assert!(
        stdout.ends_with("nothing written: findings reach --fail-on error\n"),
        "{stdout}"
    );
    assert!(names_in(&dir.path().join("out")).is_empty());
    // What pack repairs is not a finding: the junk of the broken example is listed instead.
    assert!(!stdout.contains("PK007"), "{stdout}");
    assert!(
        stdout.contains(".DS_Store: left out: macOS Finder metadata"),
        "{stdout}"
    );
    // --fail-on never packs it anyway; --fail-on warning stops on warnings alone.
    let (code, stdout, _) = run_in(
        dir.path(),
        &[
            "pack",
            broken,
            "--icon",
            "logo.png",
            "-o",
            "out/x.zip",
            "--fail-on",
            "never",
        ],
    );
    assert_eq!(code, 0, "{stdout}");
    assert_eq!(names_in(&dir.path().join("out")), ["x.zip"]);
    // A warning alone (no readme.md for the pull request, RM001) stops pack at --fail-on
    // warning, and not at the default.
    let conn = clean_connector(dir.path(), "Contoso");
    fs::remove_file(conn.join("readme.md")).unwrap();
    let github = ["pack", "Contoso", "--target", "github", "-o", "out"];
    let (code, stdout, _) = run_in(
        dir.path(),
        &[&github[..], &["--fail-on", "warning"]].concat(),
    );
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("warning[RM001]"), "{stdout}");
    assert!(!dir.path().join("out/Contoso Tasks").exists());
    let (code, stdout, _) = run_in(dir.path(), &github);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("warning[RM001]"), "{stdout}");
    assert!(
        dir.path()
            .join("out/Contoso Tasks/apiProperties.json")
            .is_file()
    );
    assert_no_temporary(&dir.path().join("out"));
}

#[test]
fn a_messy_finder_zip_becomes_a_clean_zip() {
    let dir = tempfile::tempdir().unwrap();
    let entries: Vec<(String, Vec<u8>)> = vec![
        ("Contoso/".into(), Vec::new()),
        (
            "Contoso/apiDefinition.swagger.json".into(),
            example_bytes("apiDefinition.swagger.json"),
        ),
        (
            "Contoso/ApiProperties.json".into(),
            example_bytes("apiProperties.json"),
        ),
        ("Contoso/Icon.png".into(), contoso_icon()),
        ("Contoso/.DS_Store".into(), b"Bud1".to_vec()),
        ("Contoso/readme.md".into(), example_bytes("readme.md")),
        ("__MACOSX/".into(), Vec::new()),
        ("__MACOSX/Contoso/".into(), Vec::new()),
        (
            "__MACOSX/Contoso/._Icon.png".into(),
            b"\0\x05\x16\x07".to_vec(),
        ),
        (
            "__MACOSX/Contoso/._apiDefinition.swagger.json".into(),
            b"\0\x05\x16\x07".to_vec(),
        ),
    ];
    fs::write(dir.path().join("Contoso.zip"), common::zip_bytes(&entries)).unwrap();
    let (code, stdout, _) = run_in(dir.path(), &["validate", "Contoso.zip"]);
    assert_eq!(code, 1, "the messy zip itself fails validation: {stdout}");
    let (code, stdout, _) = run_in(dir.path(), &["pack", "Contoso.zip"]);
    assert_eq!(code, 0, "{stdout}");
    insta::assert_snapshot!(stdout);
    let bytes = fs::read(dir.path().join("Contoso.pcpkg.zip")).unwrap();
    let written = zip_entries(&bytes);
    assert_eq!(zip_names(&bytes), ARTIFACTS);
    assert_eq!(written[2].1, contoso_icon());
    let (code, stdout, _) = run_in(dir.path(), &["validate", "--strict", "Contoso.pcpkg.zip"]);
    assert_eq!(code, 0, "{stdout}");
}

#[test]
fn case_renamed_and_misnamed_artifacts_get_canonical_names() {
    let dir = tempfile::tempdir().unwrap();
    let conn = dir.path().join("Contoso");
    fs::create_dir(&conn).unwrap();
    fs::write(
        conn.join("contoso.swagger.json"),
        example_bytes("apiDefinition.swagger.json"),
    )
    .unwrap();
    let mut properties: serde_json::Value =
        serde_json::from_slice(&example_bytes("apiProperties.json")).unwrap();
    properties["properties"]["scriptOperations"] = serde_json::json!(["ListTasks"]);
    fs::write(
        conn.join("APIPROPERTIES.JSON"),
        serde_json::to_string_pretty(&properties).unwrap(),
    )
    .unwrap();
    fs::write(conn.join("Icon.png"), contoso_icon()).unwrap();
    let script = "public class Script : ScriptBase\n{\n    public override async Task<HttpResponseMessage> ExecuteAsync()\n    {\n        return await this.Context.SendAsync(this.Context.Request, this.CancellationToken).ConfigureAwait(false);\n    }\n}\n";
    fs::write(conn.join("Script.csx"), script).unwrap();
    fs::write(conn.join("README.md"), example_bytes("readme.md")).unwrap();

    // Validating the folder reports what pack repairs...
    let (_, stdout, _) = run_in(dir.path(), &["validate", "Contoso"]);
    for code in ["PK001", "PK002", "PK003", "RM002"] {
        assert!(stdout.contains(code), "{code} missing from {stdout}");
    }
    // ...and pack renames instead of reporting.
    let (code, stdout, _) = run_in(dir.path(), &["pack", "Contoso"]);
    assert_eq!(code, 0, "{stdout}");
    insta::assert_snapshot!("case_renamed_isv", stdout);
    let bytes = fs::read(dir.path().join("Contoso.zip")).unwrap();
    assert_eq!(
        zip_names(&bytes),
        [
            "apiDefinition.swagger.json",
            "apiProperties.json",
            "icon.png",
            "script.csx"
        ]
    );
    assert_eq!(zip_entries(&bytes)[3].1, script.as_bytes());

    let (code, stdout, _) = run_in(dir.path(), &["pack", "Contoso", "--target", "github"]);
    assert_eq!(code, 0, "{stdout}");
    insta::assert_snapshot!("case_renamed_github", stdout);
    assert_eq!(
        names_in(&dir.path().join("Contoso Tasks")),
        [
            "apiDefinition.swagger.json",
            "apiProperties.json",
            "icon.png",
            "readme.md",
            "script.csx"
        ]
    );
}

#[test]
fn an_existing_output_needs_force() {
    let dir = tempfile::tempdir().unwrap();
    clean_connector(dir.path(), "Contoso");
    fs::write(dir.path().join("logo.png"), contoso_icon()).unwrap();
    fs::write(dir.path().join("Contoso.zip"), b"the user's own file").unwrap();
    let (code, stdout, stderr) = run_in(dir.path(), &["pack", "Contoso", "--icon", "logo.png"]);
    assert_eq!(code, 2, "{stdout}");
    assert!(
        stderr.contains("already exists") && stderr.contains("--force"),
        "{stderr}"
    );
    assert!(stdout.is_empty(), "{stdout}");
    assert_eq!(
        fs::read(dir.path().join("Contoso.zip")).unwrap(),
        b"the user's own file"
    );
    let (code, _, _) = run_in(
        dir.path(),
        &["pack", "Contoso", "--icon", "logo.png", "--force"],
    );
    assert_eq!(code, 0);
    assert_eq!(
        zip_names(&fs::read(dir.path().join("Contoso.zip")).unwrap()),
        ARTIFACTS
    );
    assert_no_temporary(dir.path());

    // The github folder likewise; an empty folder the user made is not in the way.
    fs::create_dir_all(dir.path().join("out/Contoso Tasks")).unwrap();
    let github = [
        "pack", "Contoso", "--target", "github", "-o", "out", "--icon", "logo.png",
    ];
    let (code, _, _) = run_in(dir.path(), &github);
    assert_eq!(code, 0);
    let (code, _, stderr) = run_in(dir.path(), &github);
    assert_eq!(code, 2, "{stderr}");
    fs::write(dir.path().join("out/Contoso Tasks/extra.txt"), b"x").unwrap();
    let mut forced = github.to_vec();
    forced.push("--force");
    let (code, _, _) = run_in(dir.path(), &forced);
    assert_eq!(code, 0);
    assert!(!dir.path().join("out/Contoso Tasks/extra.txt").exists());
    assert_eq!(names_in(&dir.path().join("out")), ["Contoso Tasks"]);
}

#[test]
fn an_output_that_is_an_input_is_exit_2_even_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let conn = clean_connector(dir.path(), "Contoso");
    fs::write(dir.path().join("logo.png"), contoso_icon()).unwrap();
    let swagger = example_bytes("apiDefinition.swagger.json");
    let parent_name = dir
        .path()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    for args in [
        vec![
            "pack",
            "Contoso",
            "--icon",
            "logo.png",
            "-o",
            "Contoso/apiDefinition.swagger.json",
        ],
        vec![
            "pack",
            "Contoso",
            "--icon",
            "logo.png",
            "-o",
            "Contoso/apiDefinition.swagger.json",
            "--force",
        ],
        vec![
            "pack", "Contoso", "--icon", "logo.png", "-o", "logo.png", "--force",
        ],
        vec![
            "pack", "Contoso", "--icon", "logo.png", "-o", "Contoso", "--force",
        ],
        vec![
            "pack", "Contoso", "--target", "github", "-o", ".", "--name", "Contoso", "--force",
        ],
        // A folder holding the source would be replaced by --force.
        vec![
            "pack",
            "Contoso/",
            "--target",
            "github",
            "-o",
            "..",
            "--name",
            &parent_name,
            "--force",
        ],
    ] {
        let (code, stdout, stderr) = run_in(dir.path(), &args);
        assert_eq!(code, 2, "{args:?}: {stdout}{stderr}");
        assert!(stdout.is_empty(), "{args:?}: {stdout}");
    }
    assert_eq!(
        fs::read(conn.join("apiDefinition.swagger.json")).unwrap(),
        swagger
    );
    assert_eq!(
        fs::read(dir.path().join("logo.png")).unwrap(),
        contoso_icon()
    );

    // The input zip itself, even through a symlink.
    let (code, _, _) = run_in(
        dir.path(),
        &["pack", "Contoso", "--icon", "logo.png", "-o", "in.zip"],
    );
    assert_eq!(code, 0);
    let input = fs::read(dir.path().join("in.zip")).unwrap();
    std::os::unix::fs::symlink("in.zip", dir.path().join("link.zip")).unwrap();
    for output in ["in.zip", "link.zip"] {
        let (code, _, stderr) = run_in(dir.path(), &["pack", "in.zip", "-o", output, "--force"]);
        assert_eq!(code, 2, "{output}: {stderr}");
        assert!(stderr.contains("is one of pack's inputs"), "{stderr}");
    }
    assert_eq!(fs::read(dir.path().join("in.zip")).unwrap(), input);
    assert_no_temporary(dir.path());
    assert_no_temporary(&conn);
}

#[test]
fn an_output_inside_the_source_folder_never_contains_itself() {
    let dir = tempfile::tempdir().unwrap();
    let conn = clean_connector(dir.path(), "Contoso");
    fs::write(conn.join("icon.png"), contoso_icon()).unwrap();
    let (code, _, _) = run_in(
        dir.path(),
        &["pack", "Contoso", "-o", "Contoso/submission.zip"],
    );
    assert_eq!(code, 0);
    let first = fs::read(conn.join("submission.zip")).unwrap();
    assert_eq!(zip_names(&first), ARTIFACTS);
    let (code, stdout, _) = run_in(
        dir.path(),
        &["pack", "Contoso", "-o", "Contoso/submission.zip", "--force"],
    );
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.contains("submission.zip: left out: the output of this pack"),
        "{stdout}"
    );
    assert_eq!(fs::read(conn.join("submission.zip")).unwrap(), first);
    assert_no_temporary(&conn);
}

#[test]
fn a_missing_output_folder_is_exit_2_and_no_folder_is_created() {
    let dir = tempfile::tempdir().unwrap();
    clean_connector(dir.path(), "Contoso");
    fs::write(dir.path().join("logo.png"), contoso_icon()).unwrap();
    let before = names_in(dir.path());
    for args in [
        vec![
            "pack",
            "Contoso",
            "--icon",
            "logo.png",
            "-o",
            "missing/dir/out.zip",
        ],
        vec![
            "pack",
            "Contoso",
            "--icon",
            "logo.png",
            "--target",
            "github",
            "-o",
            "missing/dir",
        ],
    ] {
        let (code, stdout, stderr) = run_in(dir.path(), &args);
        assert_eq!(code, 2, "{args:?}: {stdout}");
        assert!(stderr.contains("does not exist"), "{stderr}");
    }
    assert_eq!(names_in(dir.path()), before);
}

#[test]
fn dry_run_prints_the_same_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    clean_connector(dir.path(), "Contoso");
    fs::write(dir.path().join("logo.png"), contoso_icon()).unwrap();
    let before = names_in(dir.path());
    let (code, dry, _) = run_in(
        dir.path(),
        &["pack", "Contoso", "--icon", "logo.png", "--dry-run"],
    );
    assert_eq!(code, 0, "{dry}");
    assert_eq!(names_in(dir.path()), before);
    let (code, real, _) = run_in(dir.path(), &["pack", "Contoso", "--icon", "logo.png"]);
    assert_eq!(code, 0);
    let bytes = fs::metadata(dir.path().join("Contoso.zip")).unwrap().len();
    let (dry_head, dry_last) = dry.trim_end().rsplit_once('\n').unwrap();
    let (real_head, real_last) = real.trim_end().rsplit_once('\n').unwrap();
    assert_eq!(dry_head, real_head);
    let size = format!("{bytes}");
    let size = if bytes >= 1000 {
        format!("{},{}", &size[..size.len() - 3], &size[size.len() - 3..])
    } else {
        size
    };
    assert_eq!(
        real_last,
        format!("wrote Contoso.zip (3 files, {size} bytes)")
    );
    assert_eq!(
        dry_last,
        format!("would write Contoso.zip (3 files, {size} bytes) (dry run: nothing written)")
    );
    // A dry run of a failing package exits 1 as pack would.
    let (code, _, _) = run_in(dir.path(), &["pack", "Contoso", "--dry-run", "-o", "x.zip"]);
    assert_eq!(code, 1);
    assert!(!dir.path().join("x.zip").exists());
}

#[test]
fn github_target_layout_for_certified_and_independent_publishers() {
    let dir = tempfile::tempdir().unwrap();
    let conn = clean_connector(dir.path(), "Contoso");
    fs::write(conn.join("icon.png"), contoso_icon()).unwrap();
    fs::write(conn.join("intro.md"), "Contoso Tasks keeps a team's to-do lists in one place.\n\n## Prerequisites\n\nAn account.\n").unwrap();
    fs::write(conn.join("settings.json"), "{}").unwrap();
    fs::create_dir(dir.path().join("pr")).unwrap();
    let (code, stdout, _) = run_in(
        dir.path(),
        &[
            "pack",
            "Contoso",
            "--target",
            "github",
            "-o",
            "pr",
            "--fail-on",
            "error",
        ],
    );
    assert_eq!(code, 0, "{stdout}");
    let out = dir.path().join("pr/Contoso Tasks");
    assert_eq!(
        names_in(&out),
        [
            "apiDefinition.swagger.json",
            "apiProperties.json",
            "icon.png",
            "intro.md",
            "readme.md"
        ]
    );
    assert_eq!(
        fs::read(out.join("readme.md")).unwrap(),
        example_bytes("readme.md")
    );
    assert_eq!(names_in(&dir.path().join("pr")), ["Contoso Tasks"]);

    // An independent publisher's connector, found by its path: github by default, no icon.
    let ip_root = dir.path().join("independent-publisher-connectors");
    let ip = ip_root.join("Open-Meteo-Forecast");
    fs::create_dir_all(&ip).unwrap();
    let example = repo().join("examples/independent-publisher/Open-Meteo-Forecast");
    for file in ["apiDefinition.swagger.json", "apiProperties.json"] {
        fs::copy(example.join(file), ip.join(file)).unwrap();
    }
    fs::copy(example.join("readme.md"), ip.join("Readme.md")).unwrap();
    fs::write(ip.join("icon.png"), contoso_icon()).unwrap();
    let (code, stdout, _) = run_in(&ip_root, &["pack", "Open-Meteo-Forecast", "--strict"]);
    assert_eq!(code, 0, "{stdout}");
    insta::assert_snapshot!(stdout);
    assert_eq!(
        names_in(&ip_root.join("Open-Meteo Forecast")),
        [
            "apiDefinition.swagger.json",
            "apiProperties.json",
            "readme.md"
        ]
    );
    // --target isv and --icon contradict the profile: exit 2, nothing written.
    for args in [
        vec!["pack", "Open-Meteo-Forecast", "--target", "isv"],
        vec![
            "pack",
            "Open-Meteo-Forecast",
            "--icon",
            "Open-Meteo-Forecast/icon.png",
            "--name",
            "Other",
        ],
    ] {
        let (code, _, stderr) = run_in(&ip_root, &args);
        assert_eq!(code, 2, "{args:?}");
        assert!(stderr.contains("PK005"), "{stderr}");
    }
    assert!(!ip_root.join("Other").exists());
}

#[test]
fn hostile_titles_write_only_inside_out() {
    let escape = Path::new("/tmp/pcpkg-hostile-escape");
    let escape_existed = escape.exists();
    for title in [
        "../../escape2",
        "/tmp/pcpkg-hostile-escape/t2",
        "x/../../y2",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let conn = clean_connector(dir.path(), "Contoso");
        let mut swagger: serde_json::Value =
            serde_json::from_slice(&example_bytes("apiDefinition.swagger.json")).unwrap();
        swagger["info"]["title"] = serde_json::json!(title);
        fs::write(
            conn.join("apiDefinition.swagger.json"),
            serde_json::to_string_pretty(&swagger).unwrap(),
        )
        .unwrap();
        let work = dir.path().join("a/b");
        fs::create_dir_all(work.join("out")).unwrap();
        let (code, stdout, stderr) = run_in(
            &work,
            &[
                "pack",
                "../../Contoso",
                "--target",
                "github",
                "-o",
                "out",
                "--fail-on",
                "never",
            ],
        );
        assert!(code == 0 || code == 2, "{title}: {stdout}{stderr}");
        // Only OUT changed: one folder in it, or nothing.
        let made = names_in(&work.join("out"));
        assert!(made.len() <= 1, "{title}: {made:?}");
        if let Some(name) = made.first() {
            assert!(!name.contains('/') && name != ".." && name != ".", "{name}");
            assert!(
                work.join("out")
                    .join(name)
                    .join("apiProperties.json")
                    .is_file()
            );
        }
        assert_eq!(names_in(&work), ["out"], "{title}");
        assert_eq!(names_in(&dir.path().join("a")), ["b"], "{title}");
        assert_eq!(names_in(dir.path()), ["Contoso", "a"], "{title}");
    }
    if !escape_existed {
        assert!(!escape.exists(), "a title escaped to {}", escape.display());
    }
}

#[test]
fn a_name_that_is_not_one_folder_name_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    clean_connector(dir.path(), "Contoso");
    fs::create_dir(dir.path().join("out")).unwrap();
    for name in [
        "../x", "a/b", "/tmp/abs", "..", ".", "", "CON", "x.", "a\u{1b}b",
    ] {
        let (code, stdout, stderr) = run_in(
            dir.path(),
            &[
                "pack", "Contoso", "--target", "github", "-o", "out", "--name", name,
            ],
        );
        assert_eq!(code, 2, "{name:?}: {stdout}{stderr}");
        assert!(!stderr.contains('\u{1b}'), "raw escape in {stderr:?}");
    }
    assert!(names_in(&dir.path().join("out")).is_empty());
    assert_eq!(names_in(dir.path()), ["Contoso", "out"]);
    // --name with the isv target is a mistake, not ignored.
    let (code, _, _) = run_in(dir.path(), &["pack", "Contoso", "--name", "x"]);
    assert_eq!(code, 2);
}

#[test]
fn a_symlink_leaving_the_folder_is_a_finding_and_never_embedded() {
    let dir = tempfile::tempdir().unwrap();
    let conn = dir.path().join("Contoso");
    fs::create_dir(&conn).unwrap();
    fs::write(
        conn.join("apiDefinition.swagger.json"),
        example_bytes("apiDefinition.swagger.json"),
    )
    .unwrap();
    fs::write(conn.join("icon.png"), contoso_icon()).unwrap();
    let secret = dir.path().join("id_rsa.json");
    fs::write(
        &secret,
        b"{\"properties\": {\"SECRET\": \"ssh-key-canary\"}}",
    )
    .unwrap();
    std::os::unix::fs::symlink(&secret, conn.join("apiProperties.json")).unwrap();
    fs::create_dir(dir.path().join("out")).unwrap();
    for fail_on in ["error", "never"] {
        for output in [
            &["-o", "out/c.zip"][..],
            &["--target", "github", "-o", "out"],
        ] {
            let mut args = vec!["pack", "Contoso", "--fail-on", fail_on];
            args.extend_from_slice(output);
            let (code, stdout, _) = run_in(dir.path(), &args);
            assert_eq!(code, 1, "{args:?}: {stdout}");
            assert!(stdout.contains("error[PK014]"), "{stdout}");
            assert!(!stdout.contains("ssh-key-canary"), "{stdout}");
            assert!(
                stdout.contains("apiProperties.json: left out: unsafe, not read (PK014)"),
                "{stdout}"
            );
        }
    }
    assert!(names_in(&dir.path().join("out")).is_empty());

    // A symlink that stays inside the folder is followed, and its content packed.
    fs::remove_file(conn.join("apiProperties.json")).unwrap();
    fs::create_dir(conn.join("src")).unwrap();
    fs::write(
        conn.join("src/props.json"),
        example_bytes("apiProperties.json"),
    )
    .unwrap();
    std::os::unix::fs::symlink("src/props.json", conn.join("apiProperties.json")).unwrap();
    let (code, stdout, _) = run_in(dir.path(), &["pack", "Contoso", "-o", "out/c.zip"]);
    assert_eq!(code, 0, "{stdout}");
    let entries = zip_entries(&fs::read(dir.path().join("out/c.zip")).unwrap());
    assert_eq!(entries[1].1, example_bytes("apiProperties.json"));
}

#[test]
fn a_fifo_artifact_is_a_finding_without_hanging() {
    let dir = tempfile::tempdir().unwrap();
    let conn = clean_connector(dir.path(), "Contoso");
    assert!(
        StdCommand::new("mkfifo")
            .arg(conn.join("icon.png"))
            .status()
            .unwrap()
            .success()
    );
    let started = Instant::now();
    let (code, stdout, _) = run_in(dir.path(), &["pack", "Contoso"]);
    assert!(started.elapsed() < Duration::from_secs(20));
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("error[PK014]"), "{stdout}");
    assert!(!dir.path().join("Contoso.zip").exists());
    // A FIFO given as --icon is exit 2, and is not opened either.
    fs::remove_file(conn.join("icon.png")).unwrap();
    assert!(
        StdCommand::new("mkfifo")
            .arg(dir.path().join("logo.png"))
            .status()
            .unwrap()
            .success()
    );
    let (code, _, stderr) = run_in(dir.path(), &["pack", "Contoso", "--icon", "logo.png"]);
    assert_eq!(code, 2, "{stderr}");
}

#[test]
fn the_icon_flag_is_validated_as_the_icon() {
    let dir = tempfile::tempdir().unwrap();
    clean_connector(dir.path(), "Contoso");
    fs::write(dir.path().join("logo.jpg"), b"\xff\xd8\xff\xe0\0\x10JFIF\0").unwrap();
    let (code, stdout, _) = run_in(dir.path(), &["pack", "Contoso", "--icon", "logo.jpg"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("error[IC001]") && stdout.contains("--> logo.jpg"),
        "{stdout}"
    );
    assert!(!dir.path().join("Contoso.zip").exists());
    let (code, _, stderr) = run_in(dir.path(), &["pack", "Contoso", "--icon", "missing.png"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("missing.png"), "{stderr}");
    // Over the 1 MiB icon limit: not inspected, reported (IC007), not written.
    let big = common::png(&common::IconSpec {
        pad_to: Some(1024 * 1024 + 10),
        ..common::contoso_icon_spec()
    });
    fs::write(dir.path().join("big.png"), big).unwrap();
    let (code, stdout, _) = run_in(dir.path(), &["pack", "Contoso", "--icon", "big.png"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.contains("IC007"), "{stdout}");
}

#[test]
fn a_full_disk_is_exit_2_and_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    clean_connector(dir.path(), "Contoso");
    fs::write(dir.path().join("logo.png"), contoso_icon()).unwrap();
    fs::create_dir(dir.path().join("out")).unwrap();
    for target in ["-o out/c.zip", "--target github -o out"] {
        // RLIMIT_FSIZE of one block with SIGXFSZ ignored: writes fail with EFBIG.
        let script = format!(
            "trap '' XFSZ; ulimit -f 1; exec '{}' pack Contoso --icon logo.png {target}",
            pcpkg_binary().display()
        );
        let out = StdCommand::new("sh")
            .arg("-c")
            .arg(&script)
            .current_dir(dir.path())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{target}: {stderr}");
        assert!(stderr.contains("cannot write"), "{stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(names_in(&dir.path().join("out")).is_empty(), "{target}");
    }
}

/// A connector whose swagger is ~8 MB of incompressible text, so that validating and writing
/// take long enough to be interrupted.
fn big_connector(dir: &Path) -> PathBuf {
    let conn = clean_connector(dir, "Big");
    fs::write(conn.join("icon.png"), contoso_icon()).unwrap();
    let mut swagger: serde_json::Value =
        serde_json::from_slice(&example_bytes("apiDefinition.swagger.json")).unwrap();
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let noise: String = (0..8_000_000)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            alphabet[(state % 64) as usize] as char
        })
        .collect();
    swagger["x-padding"] = serde_json::json!(noise);
    fs::write(
        conn.join("apiDefinition.swagger.json"),
        serde_json::to_vec(&swagger).unwrap(),
    )
    .unwrap();
    conn
}

fn assert_absent_or_complete(zip: &Path) {
    if let Ok(bytes) = fs::read(zip) {
        assert_eq!(zip_names(&bytes), ARTIFACTS, "incomplete output");
    }
}

#[test]
fn ctrl_c_removes_the_temporary_output_and_exits_130() {
    let dir = tempfile::tempdir().unwrap();
    big_connector(dir.path());
    let mut interrupted = 0;
    // Interrupt while validating (right after the first progress line), then at the moment
    // writing starts, then a little later: each time the output is absent or complete.
    for (stage, delay_ms) in [
        ("reading", 30),
        ("writing", 0),
        ("writing", 5),
        ("writing", 20),
    ] {
        let _ = fs::remove_file(dir.path().join("Big.zip"));
        let mut child = StdCommand::new(pcpkg_binary())
            .args(["-v", "pack", "Big", "--fail-on", "never"])
            .current_dir(dir.path())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut seen = String::new();
        let mut line = String::new();
        while stderr.read_line(&mut line).unwrap() > 0 {
            seen.push_str(&line);
            if line.contains(&format!("pack: {stage}")) {
                break;
            }
            line.clear();
        }
        std::thread::sleep(Duration::from_millis(delay_ms));
        StdCommand::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .unwrap();
        let mut rest = String::new();
        stderr.read_to_string(&mut rest).unwrap();
        let status = child.wait().unwrap();
        assert!(!rest.contains("panicked"), "{rest}");
        match status.code() {
            // Interrupted: nothing, or (when the signal came after the rename) the whole zip.
            Some(130) => {
                interrupted += 1;
                assert_absent_or_complete(&dir.path().join("Big.zip"));
            }
            Some(0) => assert!(dir.path().join("Big.zip").is_file()),
            other => panic!("{stage}+{delay_ms}ms: exit {other:?}: {seen}{rest}"),
        }
        assert_no_temporary(dir.path());
    }
    assert!(
        interrupted >= 1,
        "no run was interrupted before it finished"
    );
}

#[test]
fn two_packs_racing_to_one_output_leave_one_complete_zip() {
    let dir = tempfile::tempdir().unwrap();
    clean_connector(dir.path(), "Contoso");
    fs::write(dir.path().join("logo.png"), contoso_icon()).unwrap();
    let (code, _, _) = run_in(
        dir.path(),
        &[
            "pack",
            "Contoso",
            "--icon",
            "logo.png",
            "-o",
            "expected.zip",
        ],
    );
    assert_eq!(code, 0);
    let expected = fs::read(dir.path().join("expected.zip")).unwrap();
    for round in 0..3 {
        let _ = fs::remove_file(dir.path().join("race.zip"));
        let children: Vec<_> = (0..2)
            .map(|_| {
                StdCommand::new(pcpkg_binary())
                    .args(["pack", "Contoso", "--icon", "logo.png", "-o", "race.zip"])
                    .current_dir(dir.path())
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let codes: Vec<i32> = children
            .into_iter()
            .map(|c| c.wait_with_output().unwrap())
            .map(|out| {
                let stderr = String::from_utf8_lossy(&out.stderr);
                assert!(!stderr.contains("panicked"), "{stderr}");
                out.status.code().unwrap()
            })
            .collect();
        assert!(
            codes.iter().all(|c| *c == 0 || *c == 2),
            "round {round}: {codes:?}"
        );
        assert!(codes.contains(&0), "round {round}: {codes:?}");
        assert_eq!(fs::read(dir.path().join("race.zip")).unwrap(), expected);
        assert_no_temporary(dir.path());
    }
}

#[test]
fn inputs_pack_refuses_are_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    clean_connector(dir.path(), "repo/A");
    clean_connector(dir.path(), "repo/B");
    fs::write(dir.path().join("logo.png"), contoso_icon()).unwrap();
    // A Partner Center package: a zip whose root holds a zip.
    let inner = common::zip_bytes(&[("x.txt".into(), b"x".to_vec())]);
    fs::write(
        dir.path().join("package.zip"),
        common::zip_bytes(&[
            ("Contoso.pdpkg.zip".into(), inner),
            ("intro.md".into(), b"intro".to_vec()),
        ]),
    )
    .unwrap();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["pack", "repo"], "holds 2 connector folders"),
        (vec!["pack", "repo/A", "repo/B"], "one PATH"),
        (vec!["pack", "repo/A/apiProperties.json"], "single file"),
        (vec!["pack", "package.zip"], "Partner Center"),
        (vec!["pack", "missing"], "does not exist"),
        (vec!["pack", "repo/A", "--target", "mez"], "not supported"),
        (vec!["pack", "logo.png"], "single file"),
    ];
    for (args, message) in cases {
        let (code, stdout, stderr) = run_in(dir.path(), &args);
        assert_eq!(code, 2, "{args:?}: {stdout}{stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
        assert!(stdout.is_empty(), "{args:?}: {stdout}");
    }
    assert_eq!(names_in(dir.path()), ["logo.png", "package.zip", "repo"]);
    // The current directory is the default PATH.
    let (code, stdout, _) = run_in(
        &dir.path().join("repo/A"),
        &["pack", "--icon", "../../logo.png", "-o", "../../a.zip"],
    );
    assert_eq!(code, 0, "{stdout}");
    assert!(dir.path().join("a.zip").is_file());
}

#[test]
fn quiet_prints_only_findings_and_json_describes_the_pack() {
    let dir = tempfile::tempdir().unwrap();
    let conn = clean_connector(dir.path(), "Contoso");
    fs::write(conn.join("Icon.png"), contoso_icon()).unwrap();
    fs::write(conn.join(".DS_Store"), b"x").unwrap();
    let (code, stdout, _) = run_in(dir.path(), &["pack", "-q", "Contoso", "--dry-run"]);
    assert_eq!(code, 0);
    assert_eq!(stdout, "");
    let (code, stdout, _) = run_in(
        dir.path(),
        &[
            "pack",
            "-q",
            "Contoso",
            "--target",
            "github",
            "--dry-run",
            "--profile",
            "custom",
            "--fail-on",
            "never",
        ],
    );
    assert_eq!(code, 0);
    assert!(
        !stdout.contains("packed") && !stdout.contains("would write"),
        "{stdout}"
    );

    let (code, stdout, _) = run_in(dir.path(), &["pack", "--format", "json", "Contoso"]);
    assert_eq!(code, 0, "{stdout}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    if let Ok(text) = fs::read_to_string(repo().join("../shared/spec/report.schema.json")) {
        let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
        let validator = jsonschema::validator_for(&schema).unwrap();
        assert!(validator.is_valid(&json), "{stdout}");
    }
    assert_eq!(json["packages"][0]["path"], "Contoso");
    assert_eq!(json["packages"][0]["kind"], "zip");
    let pack = &json["pack"];
    assert_eq!(pack["target"], "isv");
    assert_eq!(pack["output"], "Contoso.zip");
    assert_eq!(pack["written"], true);
    assert_eq!(pack["files"], serde_json::json!(ARTIFACTS));
    assert_eq!(
        pack["bytes"],
        fs::metadata(dir.path().join("Contoso.zip")).unwrap().len()
    );
    let entries = pack["entries"].as_array().unwrap();
    assert!(entries.contains(&serde_json::json!({
        "source": "Icon.png", "action": "renamed", "name": "icon.png"
    })));
    assert!(entries.contains(&serde_json::json!({
        "source": ".DS_Store", "action": "left-out", "reason": "macOS Finder metadata"
    })));
}

#[test]
fn findings_point_at_the_source_files() {
    let dir = tempfile::tempdir().unwrap();
    let entries: Vec<(String, Vec<u8>)> = vec![
        (
            "Contoso/apiDefinition.swagger.json".into(),
            br#"{"swagger": "2.0", "info": {"title": "Contoso Tasks API", "version": "1.0"}}"#
                .to_vec(),
        ),
        (
            "Contoso/apiProperties.json".into(),
            example_bytes("apiProperties.json"),
        ),
        ("Contoso/ICON.PNG".into(), contoso_icon()),
    ];
    fs::write(dir.path().join("c.zip"), common::zip_bytes(&entries)).unwrap();
    let (code, stdout, _) = run_in(dir.path(), &["pack", "c.zip"]);
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("--> c.zip!/Contoso/apiDefinition.swagger.json:1:"),
        "{stdout}"
    );
    assert!(!dir.path().join("c.pcpkg.zip").exists());
    let set: BTreeSet<String> = names_in(dir.path()).into_iter().collect();
    assert_eq!(set.len(), 1);
}

#[test]
fn a_file_too_large_to_pack_is_reported_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let conn = clean_connector(dir.path(), "Contoso");
    fs::write(conn.join("icon.png"), contoso_icon()).unwrap();
    // Sparse: 33 MiB of zeros on disk costs nothing, and is over every limit pack reads within.
    fs::File::create(conn.join("apiDefinition.swagger.json"))
        .unwrap()
        .set_len(33 * 1024 * 1024)
        .unwrap();
    for fail_on in ["error", "never"] {
        let (code, stdout, _) = run_in(dir.path(), &["pack", "Contoso", "--fail-on", fail_on]);
        assert_eq!(code, 1, "{stdout}");
        assert!(stdout.contains("SW001"), "{stdout}");
        assert!(
            stdout
                .ends_with("nothing written: `apiDefinition.swagger.json` is too large to pack\n"),
            "{stdout}"
        );
    }
    assert!(!dir.path().join("Contoso.zip").exists());
}

#[test]
fn readme_shows_a_real_pack_listing() {
    let dir = tempfile::tempdir().unwrap();
    let conn = clean_connector(dir.path(), "Contoso");
    fs::write(conn.join("Icon.png"), contoso_icon()).unwrap();
    fs::write(conn.join(".DS_Store"), b"Bud1").unwrap();
    fs::create_dir(conn.join("__MACOSX")).unwrap();
    fs::write(conn.join("__MACOSX/._icon.png"), b"\0\x05\x16\x07").unwrap();
    fs::create_dir(conn.join("screenshots")).unwrap();
    fs::write(conn.join("screenshots/step1.png"), contoso_icon()).unwrap();
    let (code, stdout, _) = run_in(dir.path(), &["pack", "Contoso"]);
    assert_eq!(code, 0, "{stdout}");
    let readme = fs::read_to_string(repo().join("README.md")).unwrap();
    let block = readme
        .split("$ pcpkg pack Contoso\n")
        .nth(1)
        .and_then(|after| after.split("```text\n").nth(1))
        .and_then(|rest| rest.split("\n```").next())
        .expect("README shows a pack listing");
    assert_eq!(
        block,
        stdout.trim_end(),
        "update README.md's Pack section with this output"
    );
}

#[test]
fn a_zip_that_cannot_be_read_is_one_finding() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("c.zip"), b"not a zip at all").unwrap();
    let (code, stdout, _) = run_in(dir.path(), &["pack", "c.zip", "--fail-on", "never"]);
    assert_eq!(code, 1, "{stdout}");
    insta::assert_snapshot!(stdout);
    assert_eq!(names_in(dir.path()), ["c.zip"]);
}

#[test]
fn names_from_the_input_are_escaped_in_the_listing() {
    let dir = tempfile::tempdir().unwrap();
    let conn = clean_connector(dir.path(), "Contoso");
    fs::write(conn.join("icon.png"), contoso_icon()).unwrap();
    fs::write(conn.join("evil\u{1b}]0;owned\u{7}\u{202e}.txt"), b"x").unwrap();
    let (code, stdout, _) = run_in(dir.path(), &["pack", "Contoso", "--dry-run"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout
            .contains("evil\\u{1b}]0;owned\\u{7}\\u{202e}.txt: left out: not a connector artifact"),
        "{stdout}"
    );
    assert!(
        !stdout
            .chars()
            .any(|c| c.is_control() && c != '\n' || c == '\u{202e}'),
        "{stdout:?}"
    );
}
