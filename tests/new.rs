//! `pcpkg new`: the generated tree (snapshots), its validation under `--strict`, the icon, and
//! the command end to end: flags, refusals, names, non-terminals and a real pseudo-terminal.

mod common;

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command as StdCommand, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::cli::{names_in, pcpkg_binary, run_in};
use pcpkg::engine::RuleSettings;
use pcpkg::package::Profile;
use pcpkg::render::FailOn;
use pcpkg::scaffold::flow::{Given, Interaction, gather};
use pcpkg::scaffold::{AuthKind, scaffold};
use pcpkg::validate::{ValidateOptions, validate_paths};

const PROFILES: [(Profile, &str); 3] = [
    (Profile::Certified, "certified"),
    (Profile::IndependentPublisher, "independent-publisher"),
    (Profile::Custom, "custom"),
];

/// Every profile × authentication kind a scaffold can be made for (independent publishers
/// cannot use OAuth: AP047).
fn combinations() -> Vec<(Profile, &'static str, AuthKind)> {
    let mut out = Vec::new();
    for (profile, name) in PROFILES {
        for auth in AuthKind::ALL {
            if profile == Profile::IndependentPublisher && auth == AuthKind::OAuth2 {
                continue;
            }
            out.push((profile, name, auth));
        }
    }
    out
}

/// The tree as text: each file's name, then the contents of the text files.
fn tree_text(files: &std::collections::BTreeMap<String, Vec<u8>>) -> String {
    let mut out = String::from("files:\n");
    for (name, bytes) in files {
        out.push_str(&format!("  {name} ({} bytes)\n", bytes.len()));
    }
    for (name, bytes) in files {
        if name == "icon.png" {
            continue;
        }
        out.push_str(&format!("\n--- {name} ---\n"));
        out.push_str(std::str::from_utf8(bytes).unwrap());
    }
    out
}

#[test]
fn scaffold_trees_are_reviewed_for_each_profile_and_auth_kind() {
    for (profile, profile_name, auth) in combinations() {
        let given = Given {
            profile: Some(profile),
            title: Some("Contoso Tasks".to_owned()),
            publisher: Some("Contoso Ltd".to_owned()),
            host: Some("api.contoso.com".to_owned()),
            auth: Some(auth),
            ..Given::default()
        };
        let answers = gather(&given, Profile::Certified, Interaction::Defaults).unwrap();
        let generated = scaffold(&answers, None).unwrap();
        let name = format!("tree-{profile_name}-{}", auth.flag_value());
        insta::assert_snapshot!(name, tree_text(&generated.files));
    }
}

#[test]
fn the_script_option_adds_script_csx_and_its_operations() {
    let given = Given {
        profile: Some(Profile::Certified),
        title: Some("Contoso Tasks".to_owned()),
        publisher: Some("Contoso Ltd".to_owned()),
        script: true,
        ..Given::default()
    };
    let answers = gather(&given, Profile::Certified, Interaction::Defaults).unwrap();
    let generated = scaffold(&answers, None).unwrap();
    let script = generated.text("script.csx").unwrap();
    insta::assert_snapshot!("script-csx", script);
    let properties: serde_json::Value =
        serde_json::from_str(generated.text("apiProperties.json").unwrap()).unwrap();
    assert_eq!(
        properties["properties"]["scriptOperations"],
        serde_json::json!(["ListItems"])
    );
}

fn strict_report(folder: &Path, cwd: &Path, profile: Profile) -> pcpkg::render::Report {
    let options = ValidateOptions {
        profile: Some(profile),
        settings: RuleSettings {
            strict: true,
            ..RuleSettings::default()
        },
        fail_on: FailOn::Error,
        plugin: false,
    };
    validate_paths(&[folder.to_path_buf()], cwd, &options)
}

/// Each scaffold `pcpkg new` writes validates with zero errors under `--strict`. The one warning
/// left is an independent publisher's `stackOwner`, which defaults to the publisher (cli.md
/// "Defaults") although it should name the service's company: given, it goes away too.
#[test]
fn every_written_scaffold_passes_strict_validation() {
    let dir = tempfile::tempdir().unwrap();
    for (profile, profile_name, auth) in combinations() {
        for script in [false, true] {
            let folder = format!("{profile_name}-{}-{script}", auth.flag_value());
            let mut args = vec![
                "new",
                &folder,
                "--yes",
                "--profile",
                profile_name,
                "--title",
                "Contoso Tasks",
                "--publisher",
                "Contoso Ltd",
                "--auth",
                auth.flag_value(),
            ];
            if script {
                args.push("--script");
            }
            let (code, stdout, stderr) = run_in(dir.path(), &args);
            assert_eq!(code, 0, "{folder}: {stdout}{stderr}");
            let report = strict_report(&dir.path().join(&folder), dir.path(), profile);
            assert!(report.errors.is_empty(), "{:?}", report.errors);
            let findings: Vec<String> = report.packages[0]
                .diagnostics
                .iter()
                .filter(|d| d.severity != pcpkg::diagnostic::Severity::Info)
                .map(|d| format!("{} {}: {}", d.severity.as_str(), d.rule.code, d.message))
                .collect();
            let expected: Vec<String> = if profile == Profile::IndependentPublisher {
                vec![
                    "warning AP021: `stackOwner` `Contoso Ltd` is the same as `publisher`"
                        .to_owned(),
                ]
            } else {
                Vec::new()
            };
            assert_eq!(findings, expected, "{folder}");
        }
    }
    // An independent publisher who names the service's company gets no warning at all.
    let (code, stdout, _) = run_in(
        dir.path(),
        &[
            "new",
            "ip-owner",
            "--yes",
            "--profile",
            "independent-publisher",
            "--title",
            "Open Meteo",
            "--publisher",
            "Dana Smith",
            "--stack-owner",
            "Open-Meteo",
        ],
    );
    assert_eq!(code, 0);
    assert!(
        stdout.contains("It passes `pcpkg validate --strict`"),
        "{stdout}"
    );
    let report = strict_report(
        &dir.path().join("ip-owner"),
        dir.path(),
        Profile::IndependentPublisher,
    );
    let warnings = report.packages[0]
        .diagnostics
        .iter()
        .filter(|d| d.severity != pcpkg::diagnostic::Severity::Info)
        .count();
    assert_eq!(warnings, 0);
}

#[test]
fn the_icon_is_230_square_opaque_in_the_brand_colour_and_passes_the_icon_rules() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = run_in(
        dir.path(),
        &[
            "new",
            "Conn",
            "--yes",
            "--title",
            "Fabrikam Orders",
            "--publisher",
            "Fabrikam",
            "--brand-color",
            "#FFD700",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let bytes = fs::read(dir.path().join("Conn/icon.png")).unwrap();
    let image = image::load_from_memory_with_format(&bytes, image::ImageFormat::Png)
        .unwrap()
        .to_rgba8();
    assert_eq!(image.dimensions(), (230, 230));
    assert!(
        image.pixels().all(|p| p.0[3] == 255),
        "every pixel is opaque"
    );
    for (x, y) in [(0, 0), (229, 0), (0, 229), (229, 229)] {
        assert_eq!(image.get_pixel(x, y).0, [0xff, 0xd7, 0x00, 255]);
    }
    // The initials are drawn in a dark ink on this light background.
    let ink = image
        .pixels()
        .filter(|p| p.0 == [0x1b, 0x1b, 0x1b, 255])
        .count();
    assert!(ink > 1000, "{ink} ink pixels");
    let options = ValidateOptions {
        profile: Some(Profile::Certified),
        settings: RuleSettings {
            strict: true,
            select: Some(vec![
                pcpkg::rules::registry::Selector::parse("IC").unwrap(),
                pcpkg::rules::registry::Selector::parse("AP013").unwrap(),
            ]),
            ignore: Vec::new(),
        },
        fail_on: FailOn::Info,
        plugin: false,
    };
    let report = validate_paths(&[dir.path().join("Conn")], dir.path(), &options);
    assert!(report.packages[0].diagnostics.is_empty());
    // Independent publishers submit no icon (PK005).
    let (code, _, _) = run_in(
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
    assert_eq!(code, 0);
    assert!(!dir.path().join("Ip/icon.png").exists());
}

#[test]
fn yes_with_flags_writes_the_folder_named_after_the_title() {
    let dir = tempfile::tempdir().unwrap();
    let (code, stdout, stderr) = run_in(
        dir.path(),
        &[
            "new",
            "--yes",
            "--title",
            "Contoso Tasks",
            "--publisher",
            "Contoso Ltd",
            "--description",
            "Contoso Tasks keeps a team's to-do lists in one place, with due dates and owners.",
            "--host",
            "api.contoso.com",
            "--base-path",
            "/v1",
            "--auth",
            "basic",
            "--brand-color",
            "#2b579a",
            "--category",
            "productivity",
            "--category",
            "Collaboration",
            "--website",
            "https://www.contoso.com",
            "--contact-email",
            "help@contoso.com",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with("Created `Contoso Tasks` (certified connector):"),
        "{stdout}"
    );
    let folder = dir.path().join("Contoso Tasks");
    assert_eq!(
        names_in(&folder),
        [
            "apiDefinition.swagger.json",
            "apiProperties.json",
            "icon.png",
            "intro.md",
            "pcpkg.toml",
            "readme.md"
        ]
    );
    let swagger: serde_json::Value =
        serde_json::from_slice(&fs::read(folder.join("apiDefinition.swagger.json")).unwrap())
            .unwrap();
    assert_eq!(swagger["basePath"], "/v1");
    assert_eq!(swagger["info"]["contact"]["email"], "help@contoso.com");
    assert_eq!(swagger["info"]["contact"]["url"], "https://www.contoso.com");
    assert_eq!(
        swagger["x-ms-connector-metadata"][1]["propertyValue"],
        "https://www.contoso.com/privacy"
    );
    assert_eq!(
        swagger["x-ms-connector-metadata"][2]["propertyValue"],
        "Productivity;Collaboration"
    );
    assert_eq!(
        swagger["securityDefinitions"]["basic_auth"]["type"],
        "basic"
    );
    assert_eq!(
        fs::read_to_string(folder.join("pcpkg.toml")).unwrap(),
        "# pcpkg settings for this connector: https://pcpkg.dev/configuration\nprofile = \"certified\"\nstrict = true\n"
    );
    // Nothing else was left in the working directory (no temporary folder).
    assert_eq!(names_in(dir.path()), ["Contoso Tasks"]);
}

/// Runs `pcpkg new` with stdin as given and returns its exit code and stderr, failing the test
/// if it has not ended within 20 seconds (it must never wait for input off a terminal).
fn run_without_terminal(dir: &Path, args: &[&str], close_stdin: bool) -> (i32, String) {
    let mut child = StdCommand::new(pcpkg_binary())
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdin = child.stdin.take();
    let _kept_open = if close_stdin {
        drop(stdin);
        None
    } else {
        stdin
    };
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(20) {
            child.kill().unwrap();
            panic!("pcpkg new waited for input that never comes");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    (status.code().unwrap_or(-1), stderr)
}

#[test]
fn a_missing_title_without_a_terminal_is_exit_2_naming_the_flag_without_hanging() {
    let dir = tempfile::tempdir().unwrap();
    for close_stdin in [false, true] {
        let (code, stderr) = run_without_terminal(dir.path(), &["new"], close_stdin);
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains("--title is required"), "{stderr}");
        let (code, stderr) =
            run_without_terminal(dir.path(), &["new", "--title", "Contoso"], close_stdin);
        assert_eq!(code, 2, "{stderr}");
        assert!(stderr.contains("--publisher is required"), "{stderr}");
    }
    let (code, stderr) = run_without_terminal(dir.path(), &["new", "--yes"], false);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("--title is required") && stderr.contains("--yes"),
        "{stderr}"
    );
    // A custom connector needs no publisher.
    let (code, stderr) = run_without_terminal(
        dir.path(),
        &["new", "--title", "Contoso", "--profile", "custom"],
        false,
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(names_in(dir.path()), ["Contoso"]);
}

#[test]
fn rejected_flag_values_are_exit_2_with_the_rule_and_nothing_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&[&str], &str); 7] = [
        (
            &["--profile", "independent-publisher", "--auth", "oauth2"],
            "AP047",
        ),
        (
            &[
                "--identity-provider",
                "aad",
                "--profile",
                "independent-publisher",
            ],
            "AP047",
        ),
        (&["--title", "Contoso API"], "SW012"),
        (&["--brand-color", "#007ee5"], "AP011"),
        (&["--category", "Gaming"], "SW022"),
        (&["--host", "https://api.contoso.com"], "SW030"),
        (
            &["--auth", "basic", "--identity-provider", "aad"],
            "--identity-provider",
        ),
    ];
    for (extra, expected) in cases {
        let mut args = vec!["new", "--yes", "--publisher", "Contoso Ltd"];
        if !extra.contains(&"--title") {
            args.extend(["--title", "Contoso"]);
        }
        args.extend_from_slice(extra);
        let (code, stdout, stderr) = run_in(dir.path(), &args);
        assert_eq!(code, 2, "{args:?}: {stdout}{stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(stdout.is_empty());
        assert!(names_in(dir.path()).is_empty(), "{args:?} created files");
    }
}

#[test]
fn power_query_scaffolding_is_not_supported_yet() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = run_in(dir.path(), &["new", "--kind", "power-query", "--yes"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("Power Query scaffolding is not supported yet"),
        "{stderr}"
    );
    assert!(names_in(dir.path()).is_empty());
}

#[test]
fn a_non_empty_dir_needs_force() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("Conn");
    fs::create_dir(&folder).unwrap();
    fs::write(folder.join("notes.txt"), "mine").unwrap();
    let args = [
        "new",
        "Conn",
        "--yes",
        "--title",
        "Contoso",
        "--publisher",
        "Contoso Ltd",
    ];
    let (code, _, stderr) = run_in(dir.path(), &args);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("already exists") && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(names_in(&folder), ["notes.txt"]);
    assert_eq!(names_in(dir.path()), ["Conn"]);

    let mut forced = args.to_vec();
    forced.push("--force");
    let (code, _, stderr) = run_in(dir.path(), &forced);
    assert_eq!(code, 0, "{stderr}");
    assert!(!folder.join("notes.txt").exists());
    assert!(folder.join("apiDefinition.swagger.json").exists());
    assert_eq!(names_in(dir.path()), ["Conn"]);

    // An empty folder the user made is filled without --force; so is the default title folder.
    fs::create_dir(dir.path().join("Empty")).unwrap();
    let (code, _, _) = run_in(
        dir.path(),
        &[
            "new",
            "Empty",
            "--yes",
            "--title",
            "Contoso",
            "--publisher",
            "C",
        ],
    );
    assert_eq!(code, 0);
    fs::write(dir.path().join("Contoso"), "a file").unwrap();
    let (code, _, stderr) = run_in(
        dir.path(),
        &["new", "--yes", "--title", "Contoso", "--publisher", "C"],
    );
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(
        fs::read_to_string(dir.path().join("Contoso")).unwrap(),
        "a file"
    );
}

#[test]
fn reserved_or_unsafe_dir_names_are_exit_2_and_nothing_is_created() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["CON", "nul.txt", "x.", "x ", "COM1", "a\u{202e}b", ""] {
        let (code, _, stderr) = run_in(
            dir.path(),
            &[
                "new",
                name,
                "--yes",
                "--title",
                "Contoso",
                "--publisher",
                "C",
            ],
        );
        assert_eq!(code, 2, "{name:?}: {stderr}");
        assert!(names_in(dir.path()).is_empty(), "{name:?}");
    }
    // A missing parent folder is not created.
    let (code, _, stderr) = run_in(
        dir.path(),
        &[
            "new",
            "missing/Conn",
            "--yes",
            "--title",
            "Contoso",
            "--publisher",
            "C",
        ],
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("does not exist"), "{stderr}");
    assert!(names_in(dir.path()).is_empty());
}

#[test]
fn a_title_that_is_a_path_only_names_a_folder_in_the_working_directory() {
    let root = tempfile::tempdir().unwrap();
    let cwd = root.path().join("work");
    fs::create_dir(&cwd).unwrap();
    for title in ["../../escape2", "x/../../y2"] {
        let (code, stdout, stderr) = run_in(
            &cwd,
            &[
                "new",
                "--yes",
                "--title",
                title,
                "--publisher",
                "C",
                "--profile",
                "custom",
            ],
        );
        assert_eq!(code, 0, "{title}: {stdout}{stderr}");
    }
    assert_eq!(names_in(&cwd), ["----escape2", "x-----y2"]);
    assert_eq!(names_in(root.path()), ["work"]);
}

#[test]
fn a_non_ascii_name_works() {
    let dir = tempfile::tempdir().unwrap();
    let (code, _, stderr) = run_in(
        dir.path(),
        &[
            "new",
            "Café",
            "--yes",
            "--title",
            "Contoso",
            "--publisher",
            "C",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(dir.path().join("Café/apiDefinition.swagger.json").exists());
    // As a title it names the folder too; SW014 warns about the accent (the publisher's call).
    let (code, stdout, stderr) = run_in(
        dir.path(),
        &["new", "--yes", "--title", "Café Menu", "--publisher", "C"],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("warning[SW014]"), "{stdout}");
    assert_eq!(names_in(dir.path()), ["Café", "Café Menu"]);
    // A title must end in an ASCII letter or digit (SW013): `Café` is refused, as validate would.
    let (code, _, stderr) = run_in(
        dir.path(),
        &["new", "--yes", "--title", "Café", "--publisher", "C"],
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("error[SW013]"), "{stderr}");
    assert_eq!(names_in(dir.path()), ["Café", "Café Menu"]);
}

/// The profile follows the folder's location when `--profile` is not given (cli.md "Defaults").
#[test]
fn the_default_profile_comes_from_the_location() {
    let root = tempfile::tempdir().unwrap();
    let ip = root.path().join("independent-publisher-connectors");
    fs::create_dir(&ip).unwrap();
    let (code, stdout, stderr) = run_in(
        &ip,
        &[
            "new",
            "--yes",
            "--title",
            "Open Meteo",
            "--publisher",
            "Dana Smith",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("(independent-publisher connector)"),
        "{stdout}"
    );
    let properties = fs::read_to_string(ip.join("Open Meteo/apiProperties.json")).unwrap();
    assert!(properties.contains("#da3b01"));
}

// ---------------------------------------------------------------------------------------------
// A real terminal: `script` (util-linux) runs pcpkg on a pseudo-terminal; the test answers the
// prompts as a person would, waiting for each one.

/// Text with ANSI escape sequences removed.
fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\u{1b}' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('[') => {
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
            Some(']') => {
                while let Some(c) = chars.next() {
                    if c == '\u{7}' || (c == '\u{1b}' && chars.next_if_eq(&'\\').is_some()) {
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    out
}

struct Session {
    child: Child,
    output: Arc<Mutex<Vec<u8>>>,
    seen: usize,
}

impl Session {
    fn screen(&self) -> String {
        strip_ansi(&String::from_utf8_lossy(&self.output.lock().unwrap()))
    }

    /// Waits (up to 60 s: a loaded machine is slow, and the test must not flake) until `text`
    /// appears after everything already matched.
    fn expect(&mut self, text: &str) {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if let Some(at) = screen.get(self.seen..).and_then(|rest| rest.find(text)) {
                self.seen += at + text.len();
                return;
            }
            if start.elapsed() > Duration::from_secs(60) || self.child.try_wait().unwrap().is_some()
            {
                let _ = self.child.kill();
                panic!("`{text}` never appeared; the terminal showed:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    fn send(&mut self, keys: &str) {
        let stdin = self.child.stdin.as_mut().unwrap();
        stdin.write_all(keys.as_bytes()).unwrap();
        stdin.flush().unwrap();
    }

    /// Waits for the process to end (60 s at most) and returns its exit code.
    fn exit_code(&mut self) -> Option<i32> {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code();
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "pcpkg did not exit: {}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    fn answer(&mut self, prompt: &str, keys: &str) {
        self.expect(prompt);
        // Let the prompt finish drawing and switch the terminal to raw mode.
        std::thread::sleep(Duration::from_millis(150));
        self.send(keys);
    }
}

fn pseudo_terminal_session(dir: &Path, args: &[&str]) -> Option<Session> {
    let binary = pcpkg_binary();
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    let mut command_line = quote(&binary.to_string_lossy());
    for arg in args {
        command_line.push(' ');
        command_line.push_str(&quote(arg));
    }
    let spawned = StdCommand::new("script")
        .args(["-qfec", &command_line, "/dev/null"])
        .current_dir(dir)
        .env("TERM", "xterm")
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match spawned {
        Ok(child) => child,
        Err(error) => {
            #[expect(clippy::print_stderr, reason = "a skipped test says why")]
            {
                eprintln!("note: skipping the pseudo-terminal test: cannot run `script`: {error}");
            }
            return None;
        }
    };
    let output = Arc::new(Mutex::new(Vec::new()));
    for stream in [
        Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>,
        Box::new(child.stderr.take().unwrap()),
    ] {
        let output = Arc::clone(&output);
        let mut stream = stream;
        std::thread::spawn(move || {
            let mut buffer = [0u8; 4096];
            while let Ok(n) = stream.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                output.lock().unwrap().extend_from_slice(&buffer[..n]);
            }
        });
    }
    let session = Session {
        child,
        output,
        seen: 0,
    };
    // `script` that cannot allocate a pseudo-terminal exits at once with a message.
    std::thread::sleep(Duration::from_millis(300));
    let mut session = session;
    if let Some(status) = session.child.try_wait().unwrap() {
        let screen = session.screen();
        if screen.contains("pseudo-terminal")
            || screen.contains("openpty")
            || screen.contains("pty")
        {
            #[expect(clippy::print_stderr, reason = "a skipped test says why")]
            {
                eprintln!("note: skipping the pseudo-terminal test: no pty: {screen}");
            }
            return None;
        }
        panic!("`script` ended at once ({status}): {screen}");
    }
    Some(session)
}

#[test]
fn prompts_on_a_terminal_re_ask_rejected_answers_and_write_the_scaffold() {
    let dir = tempfile::tempdir().unwrap();
    let Some(mut session) = pseudo_terminal_session(
        dir.path(),
        &[
            "new",
            "Prompted",
            "--profile",
            "certified",
            "--auth",
            "api-key",
        ],
    ) else {
        return;
    };
    session.answer("Title", "Contoso API\r");
    session.expect("SW012");
    session.answer("Title", "Contoso Tasks\r");
    session.answer("Publisher", "Contoso Ltd\r");
    session.answer("Stack owner", "\r");
    session.answer("Description", "\r");
    session.answer("Host", "api.contoso.com\r");
    session.answer("Base path", "\r");
    session.answer("Brand colour", "#007ee5\r");
    session.expect("AP011");
    session.answer("Brand colour", "#2b579a\r");
    session.answer("Categories", "\r");
    session.answer("Website", "\r");
    session.answer("Privacy policy URL", "\r");
    session.expect("Created `Prompted` (certified connector)");
    let code = session.exit_code();
    assert_eq!(code, Some(0), "{}", session.screen());
    let folder: PathBuf = dir.path().join("Prompted");
    let swagger: serde_json::Value =
        serde_json::from_slice(&fs::read(folder.join("apiDefinition.swagger.json")).unwrap())
            .unwrap();
    assert_eq!(swagger["info"]["title"], "Contoso Tasks");
    assert_eq!(swagger["host"], "api.contoso.com");
    assert_eq!(
        swagger["x-ms-connector-metadata"][0]["propertyValue"],
        "https://api.contoso.com"
    );
    let properties: serde_json::Value =
        serde_json::from_slice(&fs::read(folder.join("apiProperties.json")).unwrap()).unwrap();
    assert_eq!(properties["properties"]["iconBrandColor"], "#2b579a");
    assert_eq!(properties["properties"]["stackOwner"], "Contoso Ltd");
    assert_eq!(
        properties["properties"]["connectionParameters"]["api_key"]["type"],
        "securestring"
    );
}

#[test]
fn ctrl_c_at_a_prompt_is_exit_130_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let Some(mut session) = pseudo_terminal_session(dir.path(), &["new", "Interrupted"]) else {
        return;
    };
    // The profile is chosen with the arrow keys: take the default, then interrupt the title.
    session.answer("Profile", "\r");
    session.answer("Title", "Cont\u{3}");
    let code = session.exit_code();
    assert_eq!(code, Some(130), "{}", session.screen());
    assert!(names_in(dir.path()).is_empty());
}
