//! The command line: arguments, dispatch, and the only code that touches stdout, stderr and
//! exit codes.

pub mod explain;
pub mod new;
pub mod pack;
pub mod readme;
pub mod rules;
pub mod validate;

use std::io::{self, IsTerminal, Write};

use clap::{Parser, Subcommand, ValueEnum};

use crate::config::ConfigSource;
use crate::error::Error;
use crate::package::Profile;

#[derive(Debug, Parser)]
#[command(name = "pcpkg", version, about = "Validate and package Power Platform connectors, offline", long_about = None)]
pub struct Args {
    #[command(flatten)]
    pub common: CommonArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// Flags every command takes.
#[derive(Debug, clap::Args)]
pub struct CommonArgs {
    /// Where the connector is going: sets which rules apply and how strictly
    #[arg(long, global = true, value_enum, default_value_t = ProfileArg::Auto)]
    pub profile: ProfileArg,
    /// Every W⚑ rule becomes an error: the level reviewers hold a new submission to
    #[arg(long, global = true, overrides_with = "no_strict")]
    pub strict: bool,
    /// Not strict, whatever `--strict` earlier or `strict = true` in pcpkg.toml says
    #[arg(long, global = true, overrides_with = "strict")]
    pub no_strict: bool,
    /// Use this pcpkg.toml for every package instead of each one's nearest
    #[arg(long, global = true, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<std::path::PathBuf>,
    /// Use no pcpkg.toml
    #[arg(long, global = true)]
    pub no_config: bool,
    /// When to use colour
    #[arg(long, global = true, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,
    /// Print only the report
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Say more on stderr
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

impl CommonArgs {
    /// `--strict` or `--no-strict`, whichever came last; `None` when neither (pcpkg.toml decides).
    #[must_use]
    pub fn strict_flag(&self) -> Option<bool> {
        if self.strict {
            Some(true)
        } else if self.no_strict {
            Some(false)
        } else {
            None
        }
    }

    /// `--config FILE`, `--no-config`, or each package's nearest pcpkg.toml.
    #[must_use]
    pub fn config_source(&self) -> ConfigSource {
        match (&self.config, self.no_config) {
            (Some(file), _) => ConfigSource::File(file.clone()),
            (None, true) => ConfigSource::None,
            (None, false) => ConfigSource::Discover,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProfileArg {
    Certified,
    IndependentPublisher,
    Custom,
    Auto,
}

impl ProfileArg {
    fn profile(self) -> Option<Profile> {
        match self {
            ProfileArg::Certified => Some(Profile::Certified),
            ProfileArg::IndependentPublisher => Some(Profile::IndependentPublisher),
            ProfileArg::Custom => Some(Profile::Custom),
            ProfileArg::Auto => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Scaffold a connector; prompts for what flags leave open
    New(Box<new::NewArgs>),
    /// Check packages against the certification rules
    Validate(validate::ValidateArgs),
    /// Validate, then write the submission-ready zip (isv) or pull-request folder (github)
    Pack(pack::PackArgs),
    /// Render readme.md (and intro.md for certified) from the templates and the swagger
    Readme(readme::ReadmeArgs),
    /// List every rule: code, name, category, status, severity per profile, summary
    Rules(rules::RulesArgs),
    /// Print a rule's documentation (RULE = code or name)
    Explain(explain::ExplainArgs),
    /// Print a completion script
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// How the run ended; `main` turns it into the process exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitStatus {
    /// 0: nothing reached `--fail-on`.
    Success,
    /// 1: findings reached `--fail-on`.
    Failure,
    /// 2: pcpkg could not do its job.
    Error,
}

impl ExitStatus {
    #[must_use]
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Failure => 1,
            ExitStatus::Error => 2,
        }
    }
}

/// The output streams. Only this type writes to the terminal.
pub struct Printer {
    /// Buffered: a report is thousands of small writes (Rust's stdout is line-buffered).
    stdout: io::BufWriter<io::StdoutLock<'static>>,
    /// Not held locked: the progress bar draws to stderr from worker threads, which would wait
    /// forever on a lock the main thread kept (stderr is unbuffered, so nothing is lost).
    stderr: io::Stderr,
    /// stdout is a terminal and colour is allowed.
    pub color: bool,
    pub quiet: bool,
}

impl Printer {
    fn new(color: ColorArg, quiet: bool) -> Self {
        let stdout = io::stdout();
        let color = match color {
            ColorArg::Always => true,
            ColorArg::Never => false,
            ColorArg::Auto => stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        };
        Self {
            stdout: io::BufWriter::with_capacity(64 * 1024, stdout.lock()),
            stderr: io::stderr(),
            color,
            quiet,
        }
    }

    pub fn out(&mut self) -> &mut dyn Write {
        &mut self.stdout
    }

    pub fn err(&mut self) -> &mut dyn Write {
        &mut self.stderr
    }
}

/// Runs a parsed command line.
pub fn run(args: Args) -> Result<ExitStatus, Error> {
    let mut printer = Printer::new(args.common.color, args.common.quiet);
    let result = match args.command {
        Command::Validate(validate_args) => {
            validate::run(&validate_args, &args.common, &mut printer)
        }
        Command::Pack(pack_args) => pack::run(&pack_args, &args.common, &mut printer),
        Command::New(new_args) => new::run(&new_args, &args.common, &mut printer),
        Command::Readme(readme_args) => readme::run(&readme_args, &args.common, &mut printer),
        Command::Rules(rules_args) => rules::run(&rules_args, &args.common, &mut printer),
        Command::Explain(explain_args) => explain::run(&explain_args, &mut printer),
        Command::Completions { shell } => {
            let mut command = <Args as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "pcpkg", printer.out());
            Ok(ExitStatus::Success)
        }
    };
    let flushed = printer.out().flush();
    match (result, flushed) {
        (Err(Error::Output(e)), _) if e.kind() == io::ErrorKind::BrokenPipe => {
            Ok(ExitStatus::Success)
        }
        (Err(e), _) => Err(e),
        (Ok(_), Err(e)) if e.kind() != io::ErrorKind::BrokenPipe => Err(Error::Output(e)),
        (Ok(status), _) => Ok(status),
    }
}

/// Writes report output; a closed pipe ends the output quietly with the run's own status.
pub(crate) fn write_report(
    status: ExitStatus,
    write: impl FnOnce() -> io::Result<()>,
) -> Result<ExitStatus, Error> {
    match write() {
        Ok(()) => Ok(status),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(status),
        Err(e) => Err(Error::Output(e)),
    }
}
