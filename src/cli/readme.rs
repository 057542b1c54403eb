//! `pcpkg readme [PATH] [--check] [--force]`: render readme.md (and intro.md for certified
//! connectors) from the templates, the swagger and apiProperties.json.

use std::fs;
use std::path::{Path, PathBuf};

use super::{CommonArgs, ExitStatus, Printer, write_report};
use crate::config::Configs;
use crate::error::Error;
use crate::output::{Overwrite, write_file_atomic};
use crate::package::load::{Display, is_connector_folder, load_folder};
use crate::package::{Artifact, FileData, Package, Profile};
use crate::render::escape_terminal;
use crate::scaffold::readme::{
    ConnectorDoc, SectionUpdate, render_intro, render_readme, update_operations_section,
};
use crate::validate::profile_from_path;

#[derive(Debug, clap::Args)]
pub struct ReadmeArgs {
    /// The connector folder (default: .)
    pub path: Option<PathBuf>,
    /// Write nothing; exit 1 when a file is missing or its generated section is out of date
    #[arg(long, conflicts_with = "force")]
    pub check: bool,
    /// Rewrite readme.md and intro.md whole, hand-written sections included
    #[arg(long)]
    pub force: bool,
}

/// What happened (or, with `--check`, would happen) to one file.
enum Outcome {
    UpToDate,
    Kept,
    Written(&'static str),
    Stale(&'static str),
}

/// The text of an existing Markdown artifact and its BOM, or why it cannot be edited in place.
fn existing_text(package: &Package, artifact: Artifact) -> Result<Option<(String, bool)>, Error> {
    let Some(id) = package.artifact(artifact) else {
        return Ok(None);
    };
    let file = package.file(id);
    match (&file.data, file.text()) {
        (
            FileData::Text {
                valid_utf8: true,
                had_bom,
            },
            Some(text),
        ) => Ok(Some((text.to_owned(), *had_bom))),
        (FileData::TooLarge { limit }, _) => Err(Error::Usage(format!(
            "`{}` is larger than {limit} bytes; pass --force to rewrite it whole",
            file.path
        ))),
        _ => Err(Error::Usage(format!(
            "`{}` is not UTF-8 text; pass --force to rewrite it whole",
            file.path
        ))),
    }
}

pub(crate) fn run(
    args: &ReadmeArgs,
    common: &CommonArgs,
    printer: &mut Printer,
) -> Result<ExitStatus, Error> {
    let folder = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    let meta = fs::metadata(&folder).map_err(|e| Error::io(&folder, e))?;
    if !meta.is_dir() {
        return Err(Error::Usage(format!(
            "`{}` is not a folder: give a connector folder",
            folder.display()
        )));
    }
    if !is_connector_folder(&folder) {
        return Err(Error::NoPackage(folder));
    }
    // cli.md "Profiles": --profile, else the nearest pcpkg.toml's, else the folder's path.
    let cwd = std::env::current_dir().map_err(|e| Error::Io {
        path: PathBuf::from("."),
        source: e,
    })?;
    let config = Configs::new(common.config_source(), &cwd)?.for_package(&cwd.join(&folder))?;
    let profile = common
        .profile
        .profile()
        .or(config.and_then(|c| c.profile))
        .unwrap_or_else(|| profile_from_path(&folder));
    let shown = folder.display().to_string();
    // Files of the working directory itself are shown by name alone.
    let prefix = if folder == Path::new(".") {
        String::new()
    } else {
        format!("{}/", shown.trim_end_matches('/'))
    };
    let display = Display {
        prefix,
        package: shown,
    };
    let package = load_folder(&folder, &display, profile);
    let doc = ConnectorDoc::from_package(&package)?;

    let mut outcomes: Vec<(String, Outcome)> = Vec::new();

    // readme.md: whole when missing or with --force, else only its generated section.
    let readme_name = package.artifact(Artifact::Readme).map_or_else(
        || Artifact::Readme.canonical_name().to_owned(),
        |id| package.file(id).name.clone(),
    );
    let readme_path = folder.join(&readme_name);
    let existing = if args.force {
        None
    } else {
        existing_text(&package, Artifact::Readme)?
    };
    let readme_outcome = match existing {
        None if package.artifact(Artifact::Readme).is_none() => {
            if args.check {
                Outcome::Stale("missing")
            } else {
                write_file_atomic(
                    &readme_path,
                    render_readme(&doc).as_bytes(),
                    Overwrite::Refuse,
                )?;
                Outcome::Written("written")
            }
        }
        None => {
            write_file_atomic(
                &readme_path,
                render_readme(&doc).as_bytes(),
                Overwrite::Replace,
            )?;
            Outcome::Written("rewritten whole (--force)")
        }
        Some((text, had_bom)) => match update_operations_section(&text, &doc) {
            SectionUpdate::UpToDate => Outcome::UpToDate,
            SectionUpdate::Replaced(_) if args.check => {
                Outcome::Stale("\"Supported Operations\" is out of date")
            }
            SectionUpdate::Added(_) if args.check => {
                Outcome::Stale("has no \"Supported Operations\" section")
            }
            SectionUpdate::Replaced(updated) | SectionUpdate::Added(updated) => {
                let mut bytes = Vec::with_capacity(updated.len() + 3);
                if had_bom {
                    bytes.extend_from_slice(b"\xEF\xBB\xBF");
                }
                bytes.extend_from_slice(updated.as_bytes());
                write_file_atomic(&readme_path, &bytes, Overwrite::Replace)?;
                Outcome::Written("\"Supported Operations\" regenerated")
            }
        },
    };
    outcomes.push((readme_name, readme_outcome));

    // intro.md (certified): written when missing; hand-written, so replaced only with --force.
    if profile == Profile::Certified {
        let intro_id = package.artifact(Artifact::Intro);
        let intro_name = intro_id.map_or_else(
            || Artifact::Intro.canonical_name().to_owned(),
            |id| package.file(id).name.clone(),
        );
        let intro_path = folder.join(&intro_name);
        let outcome = match (intro_id.is_some(), args.check, args.force) {
            (false, true, _) => Outcome::Stale("missing"),
            (false, false, _) => {
                write_file_atomic(
                    &intro_path,
                    render_intro(&doc).as_bytes(),
                    Overwrite::Refuse,
                )?;
                Outcome::Written("written")
            }
            (true, _, true) => {
                write_file_atomic(
                    &intro_path,
                    render_intro(&doc).as_bytes(),
                    Overwrite::Replace,
                )?;
                Outcome::Written("rewritten whole (--force)")
            }
            (true, _, false) => Outcome::Kept,
        };
        outcomes.push((intro_name, outcome));
    }

    let stale = outcomes
        .iter()
        .any(|(_, outcome)| matches!(outcome, Outcome::Stale(_)));
    let status = if stale {
        ExitStatus::Failure
    } else {
        ExitStatus::Success
    };
    let prefix = display.prefix;
    write_report(status, || {
        let out = printer.out();
        for (name, outcome) in &outcomes {
            let path = escape_terminal(&format!("{prefix}{name}"));
            match outcome {
                Outcome::UpToDate => writeln!(out, "{path}: up to date")?,
                Outcome::Kept => writeln!(
                    out,
                    "{path}: kept (it is hand-written; --force rewrites it whole)"
                )?,
                Outcome::Written(what) => writeln!(out, "{path}: {what}")?,
                Outcome::Stale(why) => writeln!(out, "{path}: {why}")?,
            }
        }
        if stale {
            writeln!(out, "run `pcpkg readme` to update")?;
        }
        Ok(())
    })
}
