//! `pcpkg validate` as a library call: work out what each PATH is, read its packages, run the
//! rules, and collect a report. No printing here.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::engine::{self, RuleSettings};
use crate::error::Error;
use crate::package::load::{self, Display};
use crate::package::{Package, Profile};
use crate::render::{FailOn, PackageReport, PathError, Report};

#[derive(Clone, Debug, Default)]
pub struct ValidateOptions {
    /// `--profile` other than `auto`.
    pub profile: Option<Profile>,
    pub settings: RuleSettings,
    pub fail_on: FailOn,
    /// `--plugin`: Partner Center packages have an AI plugin (rules.md PK022).
    pub plugin: bool,
}

/// What one PATH turned out to be (cli.md "Inputs").
#[derive(Clone, Debug, PartialEq, Eq)]
enum Input {
    Folder(PathBuf),
    Zip(PathBuf),
    /// A `package.zip` directly inside a connector folder found by a batch walk (cli.md "Batch").
    PartnerCenter(PathBuf),
    File(PathBuf, crate::package::Artifact),
}

/// Validates every PATH. A PATH that fails does not stop the others; its error is in the report.
#[must_use]
pub fn validate_paths(paths: &[PathBuf], cwd: &Path, options: &ValidateOptions) -> Report {
    let mut report = Report::default();
    let mut inputs: Vec<(Input, Display)> = Vec::new();
    let mut seen = BTreeSet::new();
    for path in paths {
        match classify(path, cwd) {
            Ok(found) => {
                for (input, display) in found {
                    let key = match &input {
                        Input::Folder(p)
                        | Input::Zip(p)
                        | Input::PartnerCenter(p)
                        | Input::File(p, _) => fs::canonicalize(p).unwrap_or_else(|_| p.clone()),
                    };
                    if seen.insert(key) {
                        inputs.push((input, display));
                    }
                }
            }
            Err(error) => report.errors.push(PathError {
                path: path.display().to_string(),
                message: error.to_string(),
            }),
        }
    }
    let results: Vec<Result<PackageReport, PathError>> = inputs
        .par_iter()
        .map(|(input, display)| {
            let package = load_input(input, display, options).map_err(|error| PathError {
                path: display.package.clone(),
                message: error.to_string(),
            })?;
            Ok(check(&package, options))
        })
        .collect();
    for result in results {
        match result {
            Ok(package) => report.packages.push(package),
            Err(error) => report.errors.push(error),
        }
    }
    report
        .packages
        .sort_by(|a, b| a.path.as_bytes().cmp(b.path.as_bytes()));
    report
}

/// Runs the rules over a package already read.
#[must_use]
pub fn check(package: &Package, options: &ValidateOptions) -> PackageReport {
    let diagnostics = engine::check_package(package, &options.settings);
    PackageReport {
        path: package.path.clone(),
        mode: package.mode,
        profile: package.profile,
        diagnostics,
        fail_on: options.fail_on,
    }
}

fn load_input(
    input: &Input,
    display: &Display,
    options: &ValidateOptions,
) -> Result<Package, Error> {
    match input {
        Input::Folder(path) => Ok(load::load_folder(path, display, profile_for(path, options))),
        Input::Zip(path) | Input::PartnerCenter(path) => {
            let zip_options = load::ZipOptions {
                plugin: options.plugin,
                force_partner_center: matches!(input, Input::PartnerCenter(_)),
            };
            load::load_zip_with(path, display, profile_for(path, options), &zip_options)
        }
        Input::File(path, artifact) => {
            load::load_file(path, *artifact, display, profile_for(path, options))
        }
    }
}

/// cli.md "Profiles": the flag, else the nearest `independent-publisher-connectors` or
/// `custom-connectors` component of the canonical path, else certified.
fn profile_for(path: &Path, options: &ValidateOptions) -> Profile {
    if let Some(profile) = options.profile {
        return profile;
    }
    profile_from_path(path)
}

/// The profile a package's location implies.
#[must_use]
pub fn profile_from_path(path: &Path) -> Profile {
    let canonical = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    for component in canonical.components().rev() {
        if let Component::Normal(name) = component {
            match name.to_str() {
                Some("independent-publisher-connectors") => return Profile::IndependentPublisher,
                Some("custom-connectors") => return Profile::Custom,
                _ => {}
            }
        }
    }
    Profile::Certified
}

fn classify(given: &Path, cwd: &Path) -> Result<Vec<(Input, Display)>, Error> {
    let display = display_for(given, cwd);
    // Relative PATHs are relative to `cwd`; messages name the PATH as given.
    let path = &cwd.join(given);
    let meta = fs::metadata(path).map_err(|e| Error::io(given, e))?;
    if meta.is_dir() {
        if load::is_connector_folder(path) {
            return Ok(vec![(Input::Folder(path.to_path_buf()), display)]);
        }
        let folders = load::find_connector_folders(path);
        if folders.is_empty() {
            return Err(Error::NoPackage(given.to_path_buf()));
        }
        let mut found = Vec::new();
        for folder in folders {
            let rel = folder.strip_prefix(path).unwrap_or(&folder);
            let rel = slash_path(rel);
            let package = if display.prefix.is_empty() {
                rel.clone()
            } else {
                format!("{}{rel}", display.prefix)
            };
            if let Some(zip) = load::partner_center_zip_in(&folder) {
                let name = zip
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let zip_display = format!("{package}/{name}");
                let sub = Display {
                    prefix: format!("{zip_display}!/"),
                    package: zip_display,
                };
                found.push((Input::PartnerCenter(zip), sub));
            }
            let sub = Display {
                prefix: format!("{package}/"),
                package,
            };
            found.push((Input::Folder(folder), sub));
        }
        return Ok(found);
    }
    if !meta.is_file() {
        return Err(Error::UnknownKind {
            path: given.to_path_buf(),
            what: "not a regular file (a FIFO, socket or device)",
        });
    }
    // Opening tells an unreadable file (exit 2) apart before any package is built.
    fs::File::open(path).map_err(|e| Error::io(given, e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if name.ends_with(".zip") {
        return Ok(vec![(Input::Zip(path.to_path_buf()), display)]);
    }
    if let Some(artifact) = load::artifact_for_path(path) {
        let prefix = match display.package.rsplit_once('/') {
            Some((parent, _)) => format!("{parent}/"),
            None => String::new(),
        };
        let package = display.package.clone();
        return Ok(vec![(
            Input::File(path.to_path_buf(), artifact),
            Display { package, prefix },
        )]);
    }
    Err(Error::UnknownKind {
        path: given.to_path_buf(),
        what: "a file of an unknown kind",
    })
}

/// cli.md "Output": relative to the working directory with `/` when at or below it (the
/// working directory itself as its folder's name), otherwise the PATH as given.
pub(crate) fn display_for(path: &Path, cwd: &Path) -> Display {
    let canonical = fs::canonicalize(cwd.join(path)).ok();
    let cwd = fs::canonicalize(cwd).ok();
    if let (Some(canonical), Some(cwd)) = (&canonical, &cwd)
        && let Ok(rel) = canonical.strip_prefix(cwd)
    {
        if rel.as_os_str().is_empty() {
            let name = cwd
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| ".".to_owned());
            return Display {
                package: name,
                prefix: String::new(),
            };
        }
        let rel = slash_path(rel);
        return Display {
            prefix: format!("{rel}/"),
            package: rel,
        };
    }
    let given = slash_path(path);
    let given = given.trim_end_matches('/').to_owned();
    let given = if given.is_empty() {
        "/".to_owned()
    } else {
        given
    };
    Display {
        prefix: format!("{}/", given.trim_end_matches('/')),
        package: given,
    }
}

fn slash_path(path: &Path) -> String {
    path.components()
        .filter(|c| !matches!(c, Component::CurDir))
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
        .replace("//", "/")
}
