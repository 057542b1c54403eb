//! `validate`'s batch progress bar: on stderr only when stderr is a terminal, for a human report
//! of more than one package, and never with `-q`, `--no-progress` or a machine format.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use pcpkg::config::ConfigSource;
use pcpkg::validate::{
    ConfiguredOptions, ProgressEvent, validate_paths_configured,
    validate_paths_configured_with_progress,
};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A folder holding three connectors (two with findings, so the report has something to say).
fn batch_of_three(dir: &Path) -> PathBuf {
    let batch = dir.join("batch");
    for (example, name) in [
        ("contoso-tasks", "Contoso Tasks"),
        ("broken/contoso-broken", "Contoso Broken"),
        ("independent-publisher/Open-Meteo-Forecast", "Open Meteo"),
    ] {
        copy_tree(&repo().join("examples").join(example), &batch.join(name));
    }
    batch
}

fn pcpkg_in(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("pcpkg").unwrap();
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}

#[test]
fn off_a_terminal_stderr_has_no_progress_for_a_batch() {
    let dir = tempfile::tempdir().unwrap();
    batch_of_three(dir.path());
    let out = pcpkg_in(dir.path())
        .args(["validate", "batch", "--no-config"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("3 packages"), "{stdout}");
    // No bar, no escape sequences, no carriage returns: nothing at all on stderr.
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.is_empty(), "stderr: {stderr:?}");
}

#[test]
fn no_progress_is_accepted_and_changes_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    batch_of_three(dir.path());
    let with = pcpkg_in(dir.path())
        .args(["validate", "batch", "--no-config"])
        .output()
        .unwrap();
    for args in [
        &["validate", "batch", "--no-config", "--no-progress"][..],
        &[
            "validate",
            "--no-progress",
            "batch",
            "--no-config",
            "--jobs",
            "1",
        ],
    ] {
        let without = pcpkg_in(dir.path()).args(args).output().unwrap();
        assert_eq!(without.status.code(), with.status.code(), "{args:?}");
        assert_eq!(without.stdout, with.stdout, "{args:?}");
        assert!(without.stderr.is_empty(), "{args:?}");
    }
}

#[test]
fn the_library_reports_the_total_then_each_package_once() {
    let dir = tempfile::tempdir().unwrap();
    batch_of_three(dir.path());
    // A PATH that is not there is an error before the count: it is not a package to check.
    let paths = [PathBuf::from("batch"), PathBuf::from("missing")];
    let options = ConfiguredOptions {
        config: ConfigSource::None,
        ..ConfiguredOptions::default()
    };
    let events = Mutex::new(Vec::new());
    let report = validate_paths_configured_with_progress(&paths, dir.path(), &options, &|event| {
        events.lock().unwrap().push(event)
    })
    .unwrap();
    let events = events.into_inner().unwrap();
    assert_eq!(events.first(), Some(&ProgressEvent::Started { total: 3 }));
    assert_eq!(events.len(), 4, "{events:?}");
    assert!(events[1..].iter().all(|e| *e == ProgressEvent::Checked));
    // The same report as without progress.
    let plain = validate_paths_configured(&paths, dir.path(), &options).unwrap();
    assert_eq!(report.packages.len(), 3);
    assert_eq!(report.errors.len(), 1);
    assert_eq!(format!("{report:?}"), format!("{plain:?}"));
}

// ---------------------------------------------------------------------------------------------
// A real terminal: `script` (util-linux) runs pcpkg with its stderr on a pseudo-terminal and its
// stdout sent to a file, so the report can be compared with one written off a terminal.

/// What a run on a pseudo-terminal left: exit code, what the terminal showed, stdout's file.
struct TerminalRun {
    code: Option<i32>,
    terminal: String,
    stdout: Vec<u8>,
}

/// Runs `pcpkg ARGS > FILE` in `dir` under `script`; `None` (with a note) when this machine
/// cannot: no `script`, or no pseudo-terminal to be had.
fn on_a_terminal(dir: &Path, args: &[&str]) -> Option<TerminalRun> {
    let binary = assert_cmd::cargo::cargo_bin("pcpkg");
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    let outputs = tempfile::tempdir().unwrap();
    let stdout_file = outputs.path().join("stdout");
    let mut command_line = quote(&binary.to_string_lossy());
    for arg in args {
        command_line.push(' ');
        command_line.push_str(&quote(arg));
    }
    command_line.push_str(" > ");
    command_line.push_str(&quote(&stdout_file.to_string_lossy()));
    let spawned = StdCommand::new("script")
        .args(["-qfec", &command_line, "/dev/null"])
        .current_dir(dir)
        .env("TERM", "xterm")
        .env_remove("NO_COLOR")
        .env_remove("CI")
        // Kept open until the end: `script` may stop when its stdin ends.
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
    let readers: Vec<_> = [
        Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>,
        Box::new(child.stderr.take().unwrap()),
    ]
    .into_iter()
    .map(|mut stream| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = stream.read_to_end(&mut bytes);
            bytes
        })
    })
    .collect();
    // A loaded machine is slow, but a run that never ends (a bar waiting on a lock) must fail.
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("pcpkg {args:?} did not finish on a terminal");
        }
        std::thread::sleep(Duration::from_millis(25));
    };
    drop(child.stdin.take());
    let mut terminal = Vec::new();
    for reader in readers {
        terminal.extend(reader.join().unwrap());
    }
    let terminal = String::from_utf8_lossy(&terminal).into_owned();
    let Ok(stdout) = fs::read(&stdout_file) else {
        // The shell never ran the command: `script` could not set up a terminal.
        #[expect(clippy::print_stderr, reason = "a skipped test says why")]
        {
            eprintln!("note: skipping the pseudo-terminal test ({status}): {terminal}");
        }
        return None;
    };
    Some(TerminalRun {
        code: status.code(),
        terminal,
        stdout,
    })
}

#[test]
fn on_a_terminal_a_batch_shows_a_bar_that_is_cleared_and_stdout_has_the_whole_report() {
    let dir = tempfile::tempdir().unwrap();
    batch_of_three(dir.path());
    let args = ["validate", "batch", "--no-config"];
    let Some(run) = on_a_terminal(dir.path(), &args) else {
        return;
    };
    let piped = pcpkg_in(dir.path()).args(args).output().unwrap();
    assert_eq!(run.code, Some(1), "{}", run.terminal);
    assert!(
        run.terminal.contains("validating [") && run.terminal.contains("3/3 packages"),
        "no bar on the terminal: {:?}",
        run.terminal
    );
    // Cleared when done: the last thing drawn is the erase-line sequence, nothing after it.
    assert!(
        run.terminal
            .trim_end_matches(['\r', '\n'])
            .ends_with("\r\u{1b}[2K"),
        "the bar was left on the terminal: {:?}",
        run.terminal
    );
    // The report went to stdout whole, exactly as off a terminal, and no bar went there.
    assert_eq!(
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&piped.stdout)
    );
    assert!(!run.stdout.contains(&b'\r'));
}

#[test]
fn on_a_terminal_no_bar_for_one_package_quiet_no_progress_or_a_machine_format() {
    let dir = tempfile::tempdir().unwrap();
    batch_of_three(dir.path());
    for args in [
        &["validate", "batch/Contoso Tasks", "--no-config"][..],
        &["validate", "batch", "--no-config", "--no-progress"],
        &["-q", "validate", "batch", "--no-config"],
        &["validate", "batch", "--no-config", "--format", "json"],
        &["validate", "batch", "--no-config", "--format", "sarif"],
        &["validate", "batch", "--no-config", "--format", "github"],
    ] {
        let Some(run) = on_a_terminal(dir.path(), args) else {
            return;
        };
        assert!(run.code.is_some_and(|code| code <= 1), "{args:?}");
        assert!(
            !run.terminal.contains("validating"),
            "{args:?} drew a bar: {:?}",
            run.terminal
        );
        assert!(!run.stdout.is_empty(), "{args:?}");
    }
}
