//! `pcpkg validate` as a library call: work out what each PATH is, read its packages, run the
//! rules, and collect a report. No printing here.

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{CommandLine, Config, ConfigSource, Configs, PackageSettings};
use crate::engine::{self, RuleSettings, SeverityOverrides};
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

/// How far a run has got, for a caller that shows progress (the library itself prints nothing).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProgressEvent {
    /// Every PATH has been worked out: this many packages will be read and checked.
    Started { total: usize },
    /// One more package is done: checked, or found unreadable (its error is in the report).
    Checked,
}

/// Receives [`ProgressEvent`]s. `Checked` comes from the worker threads, once per package, so
/// it must be cheap and must not wait on anything the calling thread holds.
pub type Progress<'a> = &'a (dyn Fn(ProgressEvent) + Sync);

/// What one PATH turned out to be (cli.md "Inputs").
#[derive(Clone, Debug, PartialEq, Eq)]
enum Input {
    Folder(PathBuf),
    Zip(PathBuf),
    /// A `package.zip` directly inside a connector folder found by a batch walk (cli.md "Batch").
    PartnerCenter(PathBuf),
    File(PathBuf, crate::package::Artifact),
}

/// One package to read: what it is, how it is shown, and its canonical path, worked out once
/// per PATH (a batch walk never follows symlinks, so a member's canonical path is its root's
/// joined with the member's relative path).
struct Found {
    input: Input,
    display: Display,
    canonical: PathBuf,
}

/// `validate` as the command runs it: the command line over each package's pcpkg.toml.
#[derive(Clone, Debug, Default)]
pub struct ConfiguredOptions {
    pub command_line: CommandLine,
    /// Where each package's pcpkg.toml comes from.
    pub config: ConfigSource,
    /// `--plugin`: Partner Center packages have an AI plugin (rules.md PK022).
    pub plugin: bool,
}

impl From<&ValidateOptions> for PackageSettings {
    fn from(options: &ValidateOptions) -> Self {
        PackageSettings {
            profile: options.profile,
            rules: options.settings.clone(),
            severity: SeverityOverrides::default(),
            fail_on: options.fail_on,
        }
    }
}

/// Validates every PATH with the same settings and no pcpkg.toml. A PATH that fails does not
/// stop the others; its error is in the report.
#[must_use]
pub fn validate_paths(paths: &[PathBuf], cwd: &Path, options: &ValidateOptions) -> Report {
    let (report, inputs) = classify_all(paths, cwd);
    let settings = Arc::new(PackageSettings::from(options));
    let inputs = inputs
        .into_iter()
        .map(|found| (found, Arc::clone(&settings)))
        .collect();
    validate_inputs(report, inputs, options.plugin, None)
}

/// Validates every PATH, each package with its own pcpkg.toml (cli.md "Configuration"). A bad
/// or unreadable pcpkg.toml is an error for the whole run (exit 2, no report); a PATH that fails
/// does not stop the others, and its error is in the report.
pub fn validate_paths_configured(
    paths: &[PathBuf],
    cwd: &Path,
    options: &ConfiguredOptions,
) -> Result<Report, Error> {
    configured(paths, cwd, options, None)
}

/// [`validate_paths_configured`], telling `progress` how many packages there are once the PATHs
/// are worked out, then as each one is done.
pub fn validate_paths_configured_with_progress(
    paths: &[PathBuf],
    cwd: &Path,
    options: &ConfiguredOptions,
    progress: Progress<'_>,
) -> Result<Report, Error> {
    configured(paths, cwd, options, Some(progress))
}

fn configured(
    paths: &[PathBuf],
    cwd: &Path,
    options: &ConfiguredOptions,
    progress: Option<Progress<'_>>,
) -> Result<Report, Error> {
    let (report, inputs) = classify_all(paths, cwd);
    let mut configs = Configs::new(options.config.clone(), cwd)?;
    // One settings value per pcpkg.toml, shared by the packages that use it.
    let mut resolved: HashMap<*const Config, Arc<PackageSettings>> = HashMap::new();
    let without = Arc::new(options.command_line.resolve(None));
    let mut with_settings = Vec::with_capacity(inputs.len());
    for found in inputs {
        let is_folder = matches!(found.input, Input::Folder(_));
        let settings = match configs.for_canonical_package(&found.canonical, is_folder)? {
            None => Arc::clone(&without),
            Some(config) => Arc::clone(
                resolved
                    .entry(Arc::as_ptr(&config))
                    .or_insert_with(|| Arc::new(options.command_line.resolve(Some(&config)))),
            ),
        };
        with_settings.push((found, settings));
    }
    Ok(validate_inputs(
        report,
        with_settings,
        options.plugin,
        progress,
    ))
}

/// Works out what each PATH is; a package reached through two PATHs is kept once.
fn classify_all(paths: &[PathBuf], cwd: &Path) -> (Report, Vec<Found>) {
    let mut report = Report::default();
    let mut inputs: Vec<Found> = Vec::new();
    let mut seen = BTreeSet::new();
    for path in paths {
        match classify(path, cwd) {
            Ok(found) => {
                for package in found {
                    if seen.insert(package.canonical.clone()) {
                        inputs.push(package);
                    }
                }
            }
            Err(error) => report.errors.push(PathError {
                path: path.display().to_string(),
                message: error.to_string(),
            }),
        }
    }
    (report, inputs)
}

/// Reads and checks the packages in parallel, then orders the report.
fn validate_inputs(
    mut report: Report,
    inputs: Vec<(Found, Arc<PackageSettings>)>,
    plugin: bool,
    progress: Option<Progress<'_>>,
) -> Report {
    if let Some(progress) = progress {
        progress(ProgressEvent::Started {
            total: inputs.len(),
        });
    }
    let results: Vec<Result<PackageReport, PathError>> = inputs
        .par_iter()
        .map(|(found, settings)| {
            let result = load_input(found, settings, plugin)
                .map(|package| check_with(&package, settings))
                .map_err(|error| PathError {
                    path: found.display.package.clone(),
                    message: error.to_string(),
                });
            if let Some(progress) = progress {
                progress(ProgressEvent::Checked);
            }
            result
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
    check_with(package, &PackageSettings::from(options))
}

/// Runs the rules over a package already read, with one package's settings.
#[must_use]
pub fn check_with(package: &Package, settings: &PackageSettings) -> PackageReport {
    let diagnostics = engine::check_package_with(package, &settings.rules, &settings.severity);
    PackageReport {
        path: package.path.clone(),
        mode: package.mode,
        profile: package.profile,
        diagnostics,
        fail_on: settings.fail_on,
    }
}

fn load_input(found: &Found, settings: &PackageSettings, plugin: bool) -> Result<Package, Error> {
    let Found { input, display, .. } = found;
    let profile = settings
        .profile
        .unwrap_or_else(|| profile_from_canonical(&found.canonical));
    match input {
        Input::Folder(_) => Ok(load::load_canonical_folder(
            &found.canonical,
            display,
            profile,
        )),
        Input::Zip(path) | Input::PartnerCenter(path) => {
            let zip_options = load::ZipOptions {
                plugin,
                force_partner_center: matches!(input, Input::PartnerCenter(_)),
            };
            load::load_zip_with(path, display, profile, &zip_options)
        }
        Input::File(path, artifact) => load::load_file(path, *artifact, display, profile),
    }
}

/// The profile a package's location implies.
#[must_use]
pub fn profile_from_path(path: &Path) -> Profile {
    profile_from_canonical(&fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
}

/// [`profile_from_path`] for a path already canonical.
fn profile_from_canonical(canonical: &Path) -> Profile {
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

fn classify(given: &Path, cwd: &Path) -> Result<Vec<Found>, Error> {
    let display = display_for(given, cwd);
    // Relative PATHs are relative to `cwd`; messages name the PATH as given.
    let path = &cwd.join(given);
    let meta = fs::metadata(path).map_err(|e| Error::io(given, e))?;
    let canonical = fs::canonicalize(path).unwrap_or_else(|_| path.clone());
    let one = |input: Input, display: Display| {
        Ok(vec![Found {
            input,
            display,
            canonical: canonical.clone(),
        }])
    };
    if meta.is_dir() {
        if load::is_connector_folder(path) {
            return one(Input::Folder(path.to_path_buf()), display);
        }
        let folders = load::find_connector_folders(path);
        if folders.is_empty() {
            return Err(Error::NoPackage(given.to_path_buf()));
        }
        let mut found = Vec::new();
        for folder in folders {
            let relative = folder.path.strip_prefix(path).unwrap_or(&folder.path);
            let folder_canonical = canonical.join(relative);
            let rel = slash_path(relative);
            let package = if display.prefix.is_empty() {
                rel.clone()
            } else {
                format!("{}{rel}", display.prefix)
            };
            if let Some(zip) = folder.package_zip {
                let name = zip.file_name().unwrap_or_default().to_owned();
                let zip_display = format!("{package}/{}", name.to_string_lossy());
                let sub = Display {
                    prefix: format!("{zip_display}!/"),
                    package: zip_display,
                };
                found.push(Found {
                    input: Input::PartnerCenter(zip),
                    display: sub,
                    canonical: folder_canonical.join(name),
                });
            }
            let sub = Display {
                prefix: format!("{package}/"),
                package,
            };
            found.push(Found {
                input: Input::Folder(folder.path),
                display: sub,
                canonical: folder_canonical,
            });
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
        return one(Input::Zip(path.to_path_buf()), display);
    }
    if let Some(artifact) = load::artifact_for_path(path) {
        let prefix = match display.package.rsplit_once('/') {
            Some((parent, _)) => format!("{parent}/"),
            None => String::new(),
        };
        let package = display.package.clone();
        return one(
            Input::File(path.to_path_buf(), artifact),
            Display { package, prefix },
        );
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
