//! `pcpkg new [DIR]`: scaffold a connector folder that passes `validate --strict`.

use std::fs;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::ValueEnum;
use dialoguer::console::Term;
use dialoguer::theme::ColorfulTheme;

use super::{CommonArgs, ExitStatus, Printer, write_report};
use crate::convert::{self, ConversionNote, Imported};
use crate::engine::RuleSettings;
use crate::error::Error;
use crate::output::{self, Overwrite, StagedFolder};
use crate::package::Profile;
use crate::render::{self, FailOn};
use crate::scaffold::document::{DocumentDefaults, apply_answers};
use crate::scaffold::flow::{Given, Interaction, Prompter, Question, gather};
use crate::scaffold::{self, AuthKind, IdentityProvider};
use crate::validate::{ValidateOptions, profile_from_path, validate_paths};

#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// The folder to create (default: the title made into a folder name, in the current directory)
    pub dir: Option<PathBuf>,
    /// What to scaffold
    #[arg(long, value_enum, default_value_t = KindArg::Connector)]
    pub kind: KindArg,
    /// The connector's name (`info.title`): at most 30 characters
    #[arg(long)]
    pub title: Option<String>,
    /// Who publishes the connector (required for certified and independent-publisher)
    #[arg(long)]
    pub publisher: Option<String>,
    /// The company that owns the service (default: the publisher)
    #[arg(long)]
    pub stack_owner: Option<String>,
    /// What the service does, 30–500 characters
    #[arg(long)]
    pub description: Option<String>,
    /// The API's host name, without scheme or path (default: api.example.com)
    #[arg(long)]
    pub host: Option<String>,
    /// The path every operation starts with (default: /)
    #[arg(long)]
    pub base_path: Option<String>,
    /// How users authenticate (default: none)
    #[arg(long, value_enum)]
    pub auth: Option<AuthArg>,
    /// The OAuth 2.0 identity provider (implies --auth oauth2; default: oauth2)
    #[arg(long, value_enum)]
    pub identity_provider: Option<ProviderArg>,
    /// The icon's background colour, #rrggbb
    #[arg(long)]
    pub brand_color: Option<String>,
    /// A category users find the connector under (repeatable, at most 2; default: Productivity)
    #[arg(long = "category")]
    pub categories: Vec<String>,
    /// The website (default: https:// + host)
    #[arg(long)]
    pub website: Option<String>,
    /// The privacy policy's URL (default: the website + /privacy)
    #[arg(long)]
    pub privacy_url: Option<String>,
    /// Support contact name (default: the publisher)
    #[arg(long)]
    pub contact_name: Option<String>,
    /// Support contact e-mail (default: support@ + the website's host)
    #[arg(long)]
    pub contact_email: Option<String>,
    /// Support contact URL (default: the website)
    #[arg(long)]
    pub contact_url: Option<String>,
    /// Also write script.csx, with its operations in `scriptOperations`
    #[arg(long)]
    pub script: bool,
    /// Start from an existing OpenAPI 3.0 or Swagger 2.0 document (JSON or YAML): every
    /// operation is kept, and what it says is the default for each answer
    #[arg(long, value_name = "FILE")]
    pub from: Option<PathBuf>,
    /// Never prompt: take the defaults for everything the flags leave open
    #[arg(short = 'y', long)]
    pub yes: bool,
    /// Replace DIR when it exists and is not empty
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    /// A Power Platform custom connector
    Connector,
    /// A Power Query (.pq) project (not supported yet)
    PowerQuery,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuthArg {
    None,
    ApiKey,
    Basic,
    Oauth2,
}

impl From<AuthArg> for AuthKind {
    fn from(value: AuthArg) -> Self {
        match value {
            AuthArg::None => AuthKind::None,
            AuthArg::ApiKey => AuthKind::ApiKey,
            AuthArg::Basic => AuthKind::Basic,
            AuthArg::Oauth2 => AuthKind::OAuth2,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProviderArg {
    /// Any OAuth 2.0 service with fixed authorization and token URLs
    Oauth2,
    /// OAuth 2.0 with URL templates
    Oauth2generic,
    /// Microsoft Entra ID (Azure Active Directory)
    Aad,
}

impl From<ProviderArg> for IdentityProvider {
    fn from(value: ProviderArg) -> Self {
        match value {
            ProviderArg::Oauth2 => IdentityProvider::OAuth2,
            ProviderArg::Oauth2generic => IdentityProvider::OAuth2Generic,
            ProviderArg::Aad => IdentityProvider::Aad,
        }
    }
}

/// Prompts on the terminal (stderr), with dialoguer.
struct TerminalPrompter {
    term: Term,
    theme: ColorfulTheme,
}

fn prompt_error(error: dialoguer::Error) -> Error {
    let dialoguer::Error::IO(error) = error;
    if error.kind() == std::io::ErrorKind::Interrupted {
        // Ctrl-C reaches a raw-mode prompt as a key, not as SIGINT: end the way the interrupt
        // handler would (cli.md: 130). Nothing has been written yet.
        let _ = Term::stderr().show_cursor();
        let _ = Term::stderr().write_line("");
        #[allow(clippy::exit)]
        std::process::exit(130);
    }
    Error::Usage(format!("cannot prompt: {error}"))
}

impl TerminalPrompter {
    fn explain(&self, help: &str) -> Result<(), Error> {
        if help.is_empty() {
            return Ok(());
        }
        let line = dialoguer::console::style(help).dim().to_string();
        self.term
            .write_line(&line)
            .map_err(|e| Error::Usage(format!("cannot prompt: {e}")))
    }
}

impl Prompter for TerminalPrompter {
    fn note(&mut self, text: &str) -> Result<(), Error> {
        self.term
            .write_line(&render::escape_terminal(text))
            .map_err(|e| Error::Usage(format!("cannot prompt: {e}")))
    }

    fn text(
        &mut self,
        question: &Question<'_>,
        default: Option<&str>,
        check: &mut dyn FnMut(&str) -> Result<(), String>,
    ) -> Result<String, Error> {
        self.explain(question.help)?;
        let mut input = dialoguer::Input::<String>::with_theme(&self.theme)
            .with_prompt(question.prompt)
            .allow_empty(true)
            .validate_with(|value: &String| check(value.trim()));
        if let Some(default) = default {
            input = input.default(default.to_owned());
        }
        input
            .interact_text_on(&self.term)
            .map(|value| value.trim().to_owned())
            .map_err(prompt_error)
    }

    fn select(
        &mut self,
        question: &Question<'_>,
        items: &[&str],
        default: usize,
    ) -> Result<usize, Error> {
        self.explain(question.help)?;
        dialoguer::Select::with_theme(&self.theme)
            .with_prompt(question.prompt)
            .items(items)
            .default(default)
            .interact_on(&self.term)
            .map_err(prompt_error)
    }

    fn multi_select(
        &mut self,
        question: &Question<'_>,
        items: &[&str],
        checked: &[bool],
    ) -> Result<Vec<usize>, Error> {
        self.explain(question.help)?;
        dialoguer::MultiSelect::with_theme(&self.theme)
            .with_prompt(question.prompt)
            .items(items)
            .defaults(checked)
            .interact_on(&self.term)
            .map_err(prompt_error)
    }
}

/// Prompts only when a person can answer: stdin and stdout are terminals (cli.md), and so is
/// stderr, where the prompts are drawn.
fn can_prompt() -> bool {
    std::io::stdin().is_terminal()
        && std::io::stdout().is_terminal()
        && std::io::stderr().is_terminal()
}

fn is_non_empty_dir_or_file(path: &Path) -> bool {
    match fs::symlink_metadata(path) {
        Err(_) => false,
        Ok(meta) if meta.is_dir() => {
            fs::read_dir(path).map_or(true, |mut entries| entries.next().is_some())
        }
        Ok(_) => true,
    }
}

/// Refuses an existing output before anything is asked, so nobody answers every prompt only to
/// be told the folder exists.
fn check_destination(path: &Path, force: bool) -> Result<(), Error> {
    if !force && is_non_empty_dir_or_file(path) {
        return Err(Error::Usage(format!(
            "`{}` already exists and is not empty; pass --force to replace it",
            path.display()
        )));
    }
    let parent = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    if !parent.is_dir() {
        return Err(Error::Usage(format!(
            "cannot create `{}`: the folder `{}` does not exist",
            path.display(),
            parent.display()
        )));
    }
    Ok(())
}

/// The profile `validate` would give a folder at `path` (which may not exist yet).
fn location_profile(path: &Path) -> Profile {
    let parent = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let parent = fs::canonicalize(parent).unwrap_or_else(|_| parent.to_path_buf());
    match path.file_name() {
        Some(name) => profile_from_path(&parent.join(name)),
        None => profile_from_path(&parent),
    }
}

pub(crate) fn run(
    args: &NewArgs,
    common: &CommonArgs,
    printer: &mut Printer,
) -> Result<ExitStatus, Error> {
    if args.kind == KindArg::PowerQuery {
        return Err(Error::Unsupported(
            "Power Query scaffolding is not supported yet; `pcpkg new` makes connectors (--kind connector)"
                .to_owned(),
        ));
    }
    if let Some(dir) = &args.dir {
        output::check_explicit_name(dir)?;
        check_destination(dir, args.force)?;
    }
    // Read before anything is asked: a document that cannot be used ends here (exit 2).
    let document = args.from.as_deref().map(read_document).transpose()?;
    let default_profile = match &args.dir {
        Some(dir) => location_profile(dir),
        None => location_profile(Path::new("new-connector")),
    };
    let given = Given {
        profile: common.profile.profile(),
        title: args.title.clone(),
        publisher: args.publisher.clone(),
        stack_owner: args.stack_owner.clone(),
        description: args.description.clone(),
        host: args.host.clone(),
        base_path: args.base_path.clone(),
        auth: args.auth.map(AuthKind::from),
        identity_provider: args.identity_provider.map(IdentityProvider::from),
        brand_color: args.brand_color.clone(),
        categories: args.categories.clone(),
        website: args.website.clone(),
        privacy_url: args.privacy_url.clone(),
        contact_name: args.contact_name.clone(),
        contact_email: args.contact_email.clone(),
        contact_url: args.contact_url.clone(),
        script: args.script,
        document: document
            .as_ref()
            .map(|d| DocumentDefaults::from_swagger(&d.imported.swagger))
            .unwrap_or_default(),
    };
    let answers = if args.yes {
        gather(&given, default_profile, Interaction::Defaults)?
    } else if can_prompt() {
        if !printer.color {
            // NO_COLOR or --color never: plain prompts too.
            dialoguer::console::set_colors_enabled_stderr(false);
        }
        let mut prompter = TerminalPrompter {
            term: Term::stderr(),
            theme: ColorfulTheme::default(),
        };
        gather(&given, default_profile, Interaction::Prompt(&mut prompter))?
    } else {
        gather(&given, default_profile, Interaction::NoTerminal)?
    };

    let destination = match &args.dir {
        Some(dir) => dir.clone(),
        None => {
            let path = PathBuf::from(output::slug_component(&answers.title)?);
            check_destination(&path, args.force)?;
            path
        }
    };
    let base = document.as_ref().map(|d| {
        let mut base = d.imported.swagger.clone();
        apply_answers(&mut base, &answers);
        base
    });
    let generated = scaffold::scaffold(&answers, base)?;
    if document.is_none() {
        let errors: Vec<String> = scaffold::check_scaffold(&generated, answers.profile, None)
            .into_iter()
            .filter(|f| f.error)
            .map(|f| f.to_string())
            .collect();
        if !errors.is_empty() {
            // The answers were checked one by one; a combination the rules still reject is a
            // bug. With --from the document's own content may fail rules: those findings are
            // printed after the files are written (cli.md).
            return Err(Error::Usage(format!(
                "internal error: the scaffold would not pass validation: {}",
                errors.join("; ")
            )));
        }
    }

    output::install_interrupt_handler();
    let overwrite = if args.force {
        Overwrite::Replace
    } else {
        Overwrite::Refuse
    };
    let staged = StagedFolder::new(&destination, overwrite)?;
    for (name, bytes) in &generated.files {
        staged.write(name, bytes)?;
    }
    staged.commit()?;

    let cwd = std::env::current_dir().map_err(|e| Error::Io {
        path: PathBuf::from("."),
        source: e,
    })?;
    let options = ValidateOptions {
        profile: Some(answers.profile),
        settings: RuleSettings {
            strict: true,
            ..RuleSettings::default()
        },
        fail_on: FailOn::Error,
        plugin: false,
    };
    let report = validate_paths(std::slice::from_ref(&destination), &cwd, &options);
    let shown = render::escape_terminal(&destination.display().to_string());
    let style = render::human::Style {
        color: printer.color,
    };
    let quiet = printer.quiet;
    write_report(ExitStatus::Success, || {
        let out = printer.out();
        if let Some(document) = &document {
            // Warnings, so shown under --quiet too, as validate shows its findings.
            document.render_notes(style, out)?;
        }
        if !quiet {
            writeln!(
                out,
                "Created `{shown}` ({} connector):",
                answers.profile.as_str()
            )?;
            for name in generated.files.keys() {
                writeln!(out, "  {name}")?;
            }
        }
        let findings: usize = report.packages.iter().map(|p| p.diagnostics.len()).sum();
        if findings > 0 {
            if !quiet {
                let lead = if document.is_some() {
                    "Fix what these findings point at (in the new folder) before you submit:"
                } else {
                    "Replace the placeholder text these findings point at before you submit:"
                };
                writeln!(out, "\n{lead}\n")?;
            }
            render::human::render(&report, style, out)?;
        } else if !quiet {
            if document.is_some() {
                writeln!(
                    out,
                    "\nIt passes `pcpkg validate --strict`. Next: check the operations in apiDefinition.swagger.json, then run `pcpkg readme` when you change them."
                )?;
            } else {
                writeln!(
                    out,
                    "\nIt passes `pcpkg validate --strict`. Next: describe your API's operations in apiDefinition.swagger.json, then run `pcpkg readme` to update readme.md."
                )?;
            }
        }
        Ok(())
    })
}

/// The document `--from` names, read and converted, with its text for showing the lines the
/// conversion notes point at.
struct Document {
    /// The path as given, which the notes name.
    shown: String,
    text: String,
    imported: Imported,
}

/// Reads the `--from` document; any failure is exit 2 naming the file (and `--from`).
fn read_document(path: &Path) -> Result<Document, Error> {
    let context = |error: Error| Error::Usage(format!("--from: {error}"));
    let shown = path.display().to_string();
    let text = convert::read_text(path).map_err(context)?;
    let imported = convert::import_str(&text, &shown).map_err(context)?;
    Ok(Document {
        shown,
        text,
        imported,
    })
}

impl Document {
    /// Each lossy conversion step as a warning at its place in the source file, then a count.
    fn render_notes(
        &self,
        style: render::human::Style,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        let notes: &[ConversionNote] = &self.imported.notes;
        for note in notes {
            let position = note.line.zip(note.column);
            let line_text = note
                .line
                .and_then(|line| self.text.lines().nth(line.saturating_sub(1)));
            render::human::render_located_warning(
                &note.message,
                &self.shown,
                position,
                line_text,
                style,
                out,
            )?;
        }
        let from = match &self.imported.source_version {
            convert::SourceVersion::Swagger2 => "Swagger 2.0".to_owned(),
            convert::SourceVersion::OpenApi3 { version } => {
                format!("OpenAPI {}", render::escape_terminal(version))
            }
        };
        if !notes.is_empty() {
            writeln!(
                out,
                "{} ({from} → Swagger 2.0): {}\n",
                render::escape_terminal(&self.shown),
                render::plural(notes.len(), "conversion warning")
            )?;
        }
        Ok(())
    }
}
