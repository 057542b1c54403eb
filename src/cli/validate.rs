//! `pcpkg validate [PATH]…`

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::OnceLock;

use clap::ValueEnum;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{CommonArgs, ExitStatus, Printer, write_report};
use crate::config::CommandLine;
use crate::error::Error;
use crate::render::{self, FailOn};
use crate::rules::registry::Selector;
use crate::validate::{
    ConfiguredOptions, ProgressEvent, validate_paths_configured,
    validate_paths_configured_with_progress,
};

#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// Connector folders, zips, single artifacts, or folders holding connectors (default: .)
    pub paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Exit 1 when a finding reaches this severity (default: pcpkg.toml's `fail-on`, else error)
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOnArg>,
    /// Only these rules: comma-separated codes, names or family prefixes (SW050, operationid-required, SW)
    #[arg(long, value_delimiter = ',')]
    pub select: Option<Vec<String>>,
    /// Not these rules (same forms); wins over --select
    #[arg(long, value_delimiter = ',')]
    pub ignore: Option<Vec<String>>,
    /// Partner Center packages have an AI plugin: 3 solution zips, not 2 (rules PK022, PK026)
    #[arg(long)]
    pub plugin: bool,
    /// Validate this many packages at once (default: the number of CPUs)
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Never show a progress bar
    #[arg(long)]
    pub no_progress: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    Sarif,
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOnArg {
    Error,
    Warning,
    Info,
    Never,
}

impl From<FailOnArg> for FailOn {
    fn from(value: FailOnArg) -> Self {
        match value {
            FailOnArg::Error => FailOn::Error,
            FailOnArg::Warning => FailOn::Warning,
            FailOnArg::Info => FailOn::Info,
            FailOnArg::Never => FailOn::Never,
        }
    }
}

/// `validating [#####-----] 120/529 packages` on stderr, redrawn at most 20 times a second.
fn progress_bar(total: usize) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(
        Some(u64::try_from(total).unwrap_or(u64::MAX)),
        ProgressDrawTarget::stderr(),
    );
    // The template is a constant; were it ever rejected, the default style still works.
    if let Ok(style) =
        ProgressStyle::with_template("validating [{bar:40}] {pos}/{len} packages ({elapsed})")
    {
        bar.set_style(style.progress_chars("#>-"));
    }
    bar
}

/// Parses `--select`/`--ignore` items; an item that matches no rule is a usage error.
pub(crate) fn parse_selectors(
    items: &[String],
    flag: &str,
    ignoring: bool,
) -> Result<Vec<Selector>, Error> {
    let mut selectors = Vec::new();
    for item in items.iter().map(|i| i.trim()).filter(|i| !i.is_empty()) {
        let Some(selector) = Selector::parse(item) else {
            return Err(Error::Usage(format!(
                "`{item}` in {flag} matches no rule; run `pcpkg rules` for the codes and names"
            )));
        };
        if ignoring && selector.is_exact() {
            let named = crate::rules::registry::metas()
                .filter(|m| selector.matches(m))
                .find(|m| m.is_input_safety());
            if let Some(meta) = named {
                return Err(Error::Usage(format!(
                    "{} ({}) decides whether a file could be read at all and cannot be ignored",
                    meta.code, meta.name
                )));
            }
        }
        selectors.push(selector);
    }
    Ok(selectors)
}

pub(crate) fn run(
    args: &ValidateArgs,
    common: &CommonArgs,
    printer: &mut Printer,
) -> Result<ExitStatus, Error> {
    let select = args
        .select
        .as_ref()
        .map(|items| parse_selectors(items, "--select", false))
        .transpose()?;
    let ignore = args
        .ignore
        .as_ref()
        .map(|items| parse_selectors(items, "--ignore", true))
        .transpose()?;
    let options = ConfiguredOptions {
        command_line: CommandLine {
            profile: common.profile.profile(),
            strict: common.strict_flag(),
            fail_on: args.fail_on.map(FailOn::from),
            select,
            ignore,
        },
        config: common.config_source(),
        plugin: args.plugin,
    };
    let cwd = std::env::current_dir().map_err(|e| Error::Io {
        path: PathBuf::from("."),
        source: e,
    })?;
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build();
    let show_progress = !args.no_progress
        && !printer.quiet
        && args.format == Format::Human
        && std::io::stderr().is_terminal();
    // Made once the package count is known, and only for a batch (one package needs no bar).
    let bar: OnceLock<Option<ProgressBar>> = OnceLock::new();
    let on_progress = |event: ProgressEvent| match event {
        ProgressEvent::Started { total } => {
            bar.get_or_init(|| (total > 1).then(|| progress_bar(total)));
        }
        ProgressEvent::Checked => {
            if let Some(Some(bar)) = bar.get() {
                bar.inc(1);
            }
        }
    };
    let validate = || {
        if show_progress {
            validate_paths_configured_with_progress(&paths, &cwd, &options, &on_progress)
        } else {
            validate_paths_configured(&paths, &cwd, &options)
        }
    };
    let report = match pool {
        Ok(pool) => pool.install(validate),
        Err(_) => validate(),
    };
    // Gone before anything else is written, so no half-drawn bar sits among the output.
    if let Some(Some(bar)) = bar.get() {
        bar.finish_and_clear();
    }
    // A bad pcpkg.toml ends the run here: exit 2, and no report.
    let report = report?;
    let status = if !report.errors.is_empty() {
        ExitStatus::Error
    } else if report.fails() {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    };
    let color = printer.color;
    let status = write_report(status, || match args.format {
        Format::Human => {
            render::human::render(&report, render::human::Style { color }, printer.out())
        }
        Format::Json => render::json::render(&report, printer.out()),
        Format::Sarif => render::sarif::render(&report, printer.out()),
        Format::Github => render::github::render(&report, printer.out()),
    })?;
    // PATH errors (exit 2) go to stderr; machine formats also carry them in the report.
    for error in &report.errors {
        // stderr failing too leaves nothing to report to.
        let _ = writeln!(
            printer.err(),
            "error: {}",
            render::escape_terminal(&error.message)
        );
    }
    Ok(status)
}
