//! `pcpkg pack [PATH]`

use std::io::Write;
use std::path::PathBuf;

use clap::ValueEnum;

use super::validate::FailOnArg;
use super::{CommonArgs, ExitStatus, Printer, write_report};
use crate::config::{CommandLine, Configs};
use crate::error::Error;
use crate::output::{self, Overwrite};
use crate::pack::{self, Action, Blocked, PackOptions, Plan, Target};
use crate::render::{self, FailOn, Report, escape_terminal, plural};
use crate::text::thousands;

#[derive(Debug, clap::Args)]
pub struct PackArgs {
    /// A connector folder or a 3-artifact zip (default: .)
    pub paths: Vec<PathBuf>,
    /// isv: the zip to write (default: <folder>.zip, or <stem>.pcpkg.zip for a zip, here).
    /// github: the folder to create the connector's folder in (default: .)
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// isv: the zip for ISV Studio / Partner Center. github: a folder for a PowerPlatformConnectors
    /// pull request. Default: github for independent publishers, isv otherwise
    #[arg(long, value_enum)]
    pub target: Option<TargetArg>,
    /// github: the folder's name (default: `info.title` made into a safe folder name)
    #[arg(long)]
    pub name: Option<String>,
    /// The PNG to pack as icon.png
    #[arg(long, value_name = "FILE")]
    pub icon: Option<PathBuf>,
    /// Print what would be written, and validate it, but write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Replace an existing output
    #[arg(long)]
    pub force: bool,
    /// Write nothing and exit 1 when a finding reaches this severity (default: pcpkg.toml's
    /// `fail-on`, else error)
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOnArg>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TargetArg {
    Isv,
    Github,
    /// A Power Query connector's .mez (not supported yet)
    Mez,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
}

pub(crate) fn run(
    args: &PackArgs,
    common: &CommonArgs,
    printer: &mut Printer,
) -> Result<ExitStatus, Error> {
    // Before any work, so that Ctrl-C at any point removes what pack started and exits 130.
    output::install_interrupt_handler();
    let target = match args.target {
        None => None,
        Some(TargetArg::Isv) => Some(Target::Isv),
        Some(TargetArg::Github) => Some(Target::Github),
        Some(TargetArg::Mez) => {
            return Err(Error::Unsupported(
                "--target mez (Power Query connectors) is not supported by this version of pcpkg"
                    .to_owned(),
            ));
        }
    };
    let path = match args.paths.as_slice() {
        [] => PathBuf::from("."),
        [one] => one.clone(),
        _ => {
            return Err(Error::Usage(format!(
                "pack takes one PATH, got {}; run it once per connector",
                args.paths.len()
            )));
        }
    };
    let cwd = std::env::current_dir().map_err(|e| Error::Io {
        path: PathBuf::from("."),
        source: e,
    })?;
    // The package's pcpkg.toml, under the command line: pack validates with what validate would
    // use (its `select`, `ignore` and `[severity]` included), and stops at its `fail-on`.
    let config = Configs::new(common.config_source(), &cwd)?.for_package(&cwd.join(&path))?;
    let settings = CommandLine {
        profile: common.profile.profile(),
        strict: common.strict_flag(),
        fail_on: args.fail_on.map(FailOn::from),
        select: None,
        ignore: None,
    }
    .resolve(config.as_deref());
    let options = PackOptions {
        target,
        profile: settings.profile,
        settings: settings.rules,
        severity: settings.severity,
        fail_on: settings.fail_on,
        output: args.output.clone(),
        name: args.name.clone(),
        icon: args.icon.clone(),
        overwrite: if args.force {
            Overwrite::Replace
        } else {
            Overwrite::Refuse
        },
    };
    if common.verbose {
        let _ = writeln!(
            printer.err(),
            "pack: reading and validating {}",
            path.display()
        );
    }
    let plan = pack::plan(&path, &cwd, &options)?;
    let fails = plan.fails();
    let outcome = if fails {
        Outcome::NotWritten
    } else {
        // A github name that cannot be made from the title is exit 2, once nothing else stops pack.
        if let Err(error) = &plan.output {
            return Err(Error::Usage(error.to_string()));
        }
        if args.dry_run {
            Outcome::DryRun
        } else {
            if common.verbose {
                let _ = writeln!(printer.err(), "pack: writing");
            }
            plan.write()?;
            Outcome::Written
        }
    };
    let status = if fails {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    };
    let color = printer.color;
    let quiet = printer.quiet;
    write_report(status, || match args.format {
        Format::Human => render_human(&plan, outcome, quiet, color, printer.out()),
        Format::Json => render_json(&plan, outcome, args.dry_run, printer.out()),
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Written,
    DryRun,
    NotWritten,
}

fn render_human(
    plan: &Plan,
    outcome: Outcome,
    quiet: bool,
    color: bool,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let style = render::human::Style { color };
    if quiet {
        for diagnostic in &plan.report.diagnostics {
            render::human::render_diagnostic(diagnostic, style, out)?;
        }
        return Ok(());
    }
    for entry in &plan.entries {
        let name = escape_terminal(&entry.name);
        match &entry.action {
            Action::Packed => writeln!(out, "{name}: packed")?,
            Action::Renamed { to } => writeln!(out, "{name}: renamed to {to}")?,
            Action::PackedAsIcon => writeln!(out, "{name}: packed as icon.png (--icon)")?,
            Action::LeftOut { reason } => writeln!(out, "{name}: left out: {reason}")?,
        }
    }
    if !plan.entries.is_empty() && !plan.report.diagnostics.is_empty() {
        writeln!(out)?;
    }
    let report = single_report(plan);
    render::human::render(&report, style, out)?;
    writeln!(out, "{}", result_line(plan, outcome))
}

/// The last line: what was (or would be) written, or why nothing was.
fn result_line(plan: &Plan, outcome: Outcome) -> String {
    let what = || {
        let shown = plan
            .output
            .as_ref()
            .map_or_else(|_| "the output".to_owned(), |o| escape_terminal(&o.display));
        format!(
            "{shown} ({}, {} bytes)",
            plural(plan.files.len(), "file"),
            thousands(plan.bytes())
        )
    };
    match outcome {
        Outcome::Written => format!("wrote {}", what()),
        Outcome::DryRun => format!("would write {} (dry run: nothing written)", what()),
        Outcome::NotWritten => {
            let why = match &plan.blocked {
                Some(Blocked::UnsafeSource) => {
                    "the source has unsafe or unreadable entries (PK009, PK014), which pack never copies".to_owned()
                }
                Some(Blocked::TooLarge(name)) => {
                    format!("`{}` is too large to pack", escape_terminal(name))
                }
                None => format!(
                    "findings reach --fail-on {}",
                    fail_on_name(plan.report.fail_on)
                ),
            };
            format!("nothing written: {why}")
        }
    }
}

fn fail_on_name(fail_on: render::FailOn) -> &'static str {
    match fail_on {
        render::FailOn::Error => "error",
        render::FailOn::Warning => "warning",
        render::FailOn::Info => "info",
        render::FailOn::Never => "never",
    }
}

/// The validate report of the one package, for the shared renderers.
fn single_report(plan: &Plan) -> Report {
    Report {
        packages: vec![render::PackageReport {
            path: plan.report.path.clone(),
            mode: plan.report.mode,
            profile: plan.report.profile,
            diagnostics: plan.report.diagnostics.clone(),
            fail_on: plan.report.fail_on,
        }],
        errors: Vec::new(),
    }
}

/// `--format json`: validate's versioned report, plus a `pack` member saying what was written.
fn render_json(
    plan: &Plan,
    outcome: Outcome,
    dry_run: bool,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut buffer = Vec::new();
    render::json::render(&single_report(plan), &mut buffer)?;
    let mut document: serde_json::Value =
        serde_json::from_slice(&buffer).map_err(std::io::Error::other)?;
    let entries: Vec<serde_json::Value> = plan
        .entries
        .iter()
        .map(|entry| match &entry.action {
            Action::Packed => serde_json::json!({
                "source": entry.name, "action": "packed", "name": entry.name,
            }),
            Action::Renamed { to } => serde_json::json!({
                "source": entry.name, "action": "renamed", "name": to,
            }),
            Action::PackedAsIcon => serde_json::json!({
                "source": entry.name, "action": "packed", "name": "icon.png",
            }),
            Action::LeftOut { reason } => serde_json::json!({
                "source": entry.name, "action": "left-out", "reason": reason,
            }),
        })
        .collect();
    let pack = serde_json::json!({
        "target": plan.target.as_str(),
        "output": plan.output.as_ref().ok().map(|o| o.display.clone()),
        "written": outcome == Outcome::Written,
        "dry-run": dry_run,
        "files": plan.files.iter().map(|(name, _)| name).collect::<Vec<_>>(),
        "bytes": plan.bytes(),
        "entries": entries,
    });
    if let Some(object) = document.as_object_mut() {
        object.insert("pack".to_owned(), pack);
    }
    serde_json::to_writer_pretty(&mut *out, &document).map_err(std::io::Error::other)?;
    writeln!(out)
}
