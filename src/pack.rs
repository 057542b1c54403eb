//! `pcpkg pack` as a library call (cli.md "pack"): read one connector folder or 3-artifact zip,
//! decide what goes into the submission and under which name, build the output in memory,
//! validate exactly that, and write it atomically. No printing here: [`plan`] returns a
//! [`Plan`] the CLI renders, then [`Plan::write`] writes it.
//!
//! What pack repairs (artifact-name case, the PK003 swagger candidate, files outside the target's
//! set, junk, a wrapping folder, `settings.json`, the readme's name) is never a finding: it is
//! left out of, or renamed in, the package that is validated, and listed in [`Plan::entries`].
//! Problems with the source's safety (PK009, PK014) are found by reading the source with the
//! same loaders `validate` uses, and always stop the write.

use std::fs;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

use crate::archive::{self, ArchiveLimits, InflateBudget};
use crate::diagnostic::Diagnostic;
use crate::engine::{self, RuleSettings, SeverityOverrides};
use crate::error::Error;
use crate::output::{self, Overwrite, StagedFolder};
use crate::package::load::{self, Display};
use crate::package::{
    Artifact, EntryKind, FileData, InventoryEntry, LoadProblemKind, Mode, Package, Profile,
    SourceFile,
};
use crate::render::{FailOn, PackageReport};
use crate::rules::registry::Selector;
use crate::validate::{display_for, profile_from_path};

/// Largest file pack copies into its output: the archive reader's limit for one entry
/// (reliability.md §0), above every artifact's own read limit, so an oversize artifact is still
/// packed into the package being validated and reported by its own rule (SW001, IC007, …).
const PACK_FILE_LIMIT: u64 = 32 * 1024 * 1024;

/// What pack produces (cli.md "Targets").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// The 3-artifact zip uploaded to ISV Studio / Partner Center.
    Isv,
    /// A folder laid out for a PowerPlatformConnectors pull request.
    Github,
}

impl Target {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Target::Isv => "isv",
            Target::Github => "github",
        }
    }
}

#[derive(Clone, Debug)]
pub struct PackOptions {
    /// `--target`; `None`: github for independent publishers, isv otherwise.
    pub target: Option<Target>,
    /// `--profile` other than `auto`.
    pub profile: Option<Profile>,
    pub settings: RuleSettings,
    /// pcpkg.toml's `[severity]`.
    pub severity: SeverityOverrides,
    pub fail_on: FailOn,
    /// `-o`: the zip for isv, the folder to create NAME in for github.
    pub output: Option<PathBuf>,
    /// `--name` (github).
    pub name: Option<String>,
    /// `--icon`: the file packed as `icon.png`.
    pub icon: Option<PathBuf>,
    pub overwrite: Overwrite,
}

impl Default for PackOptions {
    fn default() -> Self {
        Self {
            target: None,
            profile: None,
            settings: RuleSettings::default(),
            severity: SeverityOverrides::default(),
            fail_on: FailOn::Error,
            output: None,
            name: None,
            icon: None,
            overwrite: Overwrite::Refuse,
        }
    }
}

/// What pack does with one thing it found (or was given).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Written under its own name.
    Packed,
    /// Written under its canonical name.
    Renamed { to: String },
    /// The `--icon` file, written as `icon.png`.
    PackedAsIcon,
    /// Not written, and why.
    LeftOut { reason: String },
}

/// One line of pack's listing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The entry's name inside the source package (`Contoso/Icon.png`, `screenshots/`), or the
    /// `--icon` file's display path.
    pub name: String,
    pub action: Action,
}

/// Where the output goes.
#[derive(Clone, Debug)]
pub struct Output {
    /// The zip file (isv) or the folder (github).
    pub path: PathBuf,
    /// How the path is shown: as given with `-o`, or relative to the working directory.
    pub display: String,
}

/// Why nothing may be written whatever `--fail-on` says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Blocked {
    /// The source has PK009 or PK014 findings.
    UnsafeSource,
    /// A file that belongs in the output is over [`PACK_FILE_LIMIT`].
    TooLarge(String),
}

/// Everything pack decided, validated, ready to write or to show.
#[derive(Debug)]
pub struct Plan {
    pub target: Target,
    /// The listing, in source order; the `--icon` file last.
    pub entries: Vec<Entry>,
    /// The validation of the package pack would write, with the source's safety findings.
    pub report: PackageReport,
    pub blocked: Option<Blocked>,
    /// `Err` when the github folder's name cannot be made from `info.title` (exit 2 if the
    /// package is otherwise fit to write).
    pub output: Result<Output, Error>,
    /// The files of the output: canonical names and content, sorted.
    pub files: Vec<(String, Vec<u8>)>,
    /// The zip's bytes (isv).
    pub zip: Option<Vec<u8>>,
    overwrite: Overwrite,
}

impl Plan {
    /// Whether pack must write nothing (exit 1).
    #[must_use]
    pub fn fails(&self) -> bool {
        self.blocked.is_some() || self.report.counts().reaches(self.report.fail_on)
    }

    /// Bytes pack writes: the zip's size, or the folder's files added up.
    #[must_use]
    pub fn bytes(&self) -> u64 {
        match &self.zip {
            Some(zip) => zip.len() as u64,
            None => self.files.iter().map(|(_, b)| b.len() as u64).sum(),
        }
    }

    /// Writes the output atomically. Call only when [`Plan::fails`] is false.
    pub fn write(&self) -> Result<(), Error> {
        let output = self.output.as_ref().map_err(clone_error)?;
        match &self.zip {
            Some(zip) => output::write_file_atomic(&output.path, zip, self.overwrite),
            None => {
                let staged = StagedFolder::new(&output.path, self.overwrite)?;
                for (name, bytes) in &self.files {
                    staged.write(name, bytes)?;
                }
                staged.commit()
            }
        }
    }
}

fn clone_error(error: &Error) -> Error {
    Error::Usage(error.to_string())
}

/// What PATH is.
enum Source {
    Folder(PathBuf),
    Zip(PathBuf),
}

impl Source {
    fn path(&self) -> &Path {
        match self {
            Source::Folder(p) | Source::Zip(p) => p,
        }
    }
}

/// Reads the source, decides what to pack, builds and validates the output. Errors are exit 2;
/// findings are in the plan.
pub fn plan(given: &Path, cwd: &Path, options: &PackOptions) -> Result<Plan, Error> {
    let source = classify(given, cwd)?;
    let profile = options
        .profile
        .unwrap_or_else(|| profile_from_path(source.path()));
    let target = resolve_target(options, profile)?;
    if let Some(name) = &options.name {
        check_name_flag(name)?;
    }
    let icon = options
        .icon
        .as_ref()
        .map(|icon| read_icon_flag(icon, cwd))
        .transpose()?;
    let display = display_for(given, cwd);
    let (package, zip_data) = read_source(&source, given, &display, profile)?;
    let base = package
        .wrapping_folder
        .as_ref()
        .map(|f| format!("{f}/"))
        .unwrap_or_default();

    let output = output_for(&source, &package, target, options, cwd);
    if let Ok(output) = &output {
        check_output(&source, &package, target, output, icon.as_ref(), options)?;
    }
    let output_in_source = output
        .as_ref()
        .ok()
        .and_then(|o| name_in_folder(&source, &o.path));

    let wanted = wanted_artifacts(target, profile, icon.is_some());
    let mut chosen: Vec<(Artifact, String)> = Vec::new();
    for artifact in Artifact::ALL {
        if !wanted.contains(&artifact) {
            continue;
        }
        if let Some(id) = package.artifact(artifact) {
            chosen.push((artifact, package.file(id).name.clone()));
        }
    }
    let entries = list_entries(&Selection {
        package: &package,
        base: &base,
        chosen: &chosen,
        target,
        profile,
        icon: icon.as_ref(),
        output_name: output_in_source.as_deref(),
    });

    let collected = collect_files(&source, &package, zip_data.as_deref(), &chosen, icon)?;
    let zip = match target {
        Target::Isv => Some(
            archive::write_zip(&collected.files)
                .map_err(|e| Error::Usage(format!("internal error: cannot build the zip: {e}")))?,
        ),
        Target::Github => None,
    };
    // The package pack would write, shown with the source's paths so findings point at what
    // the user edits.
    let packed_display = Display {
        package: display.package.clone(),
        prefix: package.display_path(&base),
    };
    let output_shown = output
        .as_ref()
        .map_or_else(|_| packed_display.package.clone(), |o| o.display.clone());
    let packed = packed_package(
        zip.as_deref(),
        &collected,
        &packed_display,
        &output_shown,
        profile,
    );
    let Collected {
        files, too_large, ..
    } = collected;

    // An archive that could not be read at all holds nothing to pack: PK009 says why, and the
    // empty package pack would write has nothing more to say.
    let unreadable = package.mode == Mode::Zip
        && package.inventory.is_empty()
        && package
            .problems
            .iter()
            .any(|p| p.kind == LoadProblemKind::Archive);
    let mut diagnostics = if unreadable {
        Vec::new()
    } else {
        engine::check_package_with(&packed, &options.settings, &options.severity)
    };
    let safety = source_safety(&package);
    let blocked = if !safety.is_empty() {
        Some(Blocked::UnsafeSource)
    } else {
        too_large
            .first()
            .map(|(_, name, _)| Blocked::TooLarge(name.clone()))
    };
    diagnostics.extend(safety);
    for diagnostic in &mut diagnostics {
        if diagnostic.rule.code == "PK004" {
            diagnostic.help = Some(
                "pass the connector's icon with `--icon FILE`: a PNG of about 230×230 pixels on the `iconBrandColor` background"
                    .to_owned(),
            );
        }
    }
    engine::sort(&mut diagnostics);
    let report = PackageReport {
        path: display.package.clone(),
        mode: packed.mode,
        profile,
        diagnostics,
        fail_on: options.fail_on,
    };
    Ok(Plan {
        target,
        entries,
        report,
        blocked,
        output,
        files,
        zip,
        overwrite: options.overwrite,
    })
}

/// The files of the output, and where each came from.
struct Collected {
    /// Canonical name and content, sorted by name.
    files: Vec<(String, Vec<u8>)>,
    /// Canonical name → the display path of the source file (or of `--icon`).
    shown_as: Vec<(String, String)>,
    /// Files that belong in the output but are over [`PACK_FILE_LIMIT`]: artifact, canonical
    /// name, size.
    too_large: Vec<(Artifact, String, u64)>,
}

/// Reads what the source holds under the chosen names, then the `--icon` file. A folder's files
/// are read again with the loader's refusals; a zip's come from the entries already inflated.
fn collect_files(
    source: &Source,
    package: &Package,
    zip_data: Option<&[(String, Vec<u8>)]>,
    chosen: &[(Artifact, String)],
    icon: Option<IconFlag>,
) -> Result<Collected, Error> {
    let mut collected = Collected {
        files: Vec::new(),
        shown_as: Vec::new(),
        too_large: Vec::new(),
    };
    for (artifact, name) in chosen {
        let canonical = artifact.canonical_name().to_owned();
        let shown = package.display_path(name);
        let bytes = match source {
            Source::Folder(dir) => load::read_folder_root_file(dir, name, PACK_FILE_LIMIT)
                .map_err(|message| Error::Usage(format!("cannot pack `{shown}`: {message}")))?,
            Source::Zip(_) => zip_data
                .and_then(|data| data.iter().find(|(entry, _)| entry == name))
                .map(|(_, bytes)| bytes.clone()),
        };
        collected.shown_as.push((canonical.clone(), shown));
        match bytes {
            Some(bytes) => collected.files.push((canonical, bytes)),
            None => {
                let size = package
                    .inventory
                    .iter()
                    .find(|e| &e.name == name)
                    .map_or(0, |e| e.size);
                collected.too_large.push((*artifact, canonical, size));
            }
        }
    }
    if let Some(icon) = icon {
        let name = Artifact::Icon.canonical_name().to_owned();
        match icon.bytes {
            Some(bytes) => collected.files.push((name.clone(), bytes)),
            None => collected
                .too_large
                .push((Artifact::Icon, name.clone(), icon.size)),
        }
        collected.shown_as.push((name, icon.display));
    }
    collected.files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(collected)
}

/// The package pack would write, read back as validate would read it (the zip's bytes in zip
/// mode, the files in folder mode), with every path shown as the source's. Files too large to
/// pack stand in as not read, so their own rule reports them.
fn packed_package(
    zip: Option<&[u8]>,
    collected: &Collected,
    display: &Display,
    output_shown: &str,
    profile: Profile,
) -> Package {
    let mut packed = match zip {
        Some(zip) => {
            let mut packed = load::load_zip_bytes(zip, &display.package, profile);
            packed.path = display.package.clone();
            packed.prefix = display.prefix.clone();
            packed
        }
        None => load::load_folder_files(collected.files.clone(), display, profile),
    };
    let shown_as = |name: &str| {
        collected
            .shown_as
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, shown)| shown.clone())
    };
    for file in &mut packed.files {
        if let Some(shown) = shown_as(&file.name) {
            file.path = shown;
        }
    }
    // Reading pack's own zip back should find nothing; if it does, name the source file, or
    // the zip pack would write.
    let own_prefix = format!("{}!/", display.package);
    for problem in &mut packed.problems {
        problem.path = match problem.path.strip_prefix(&own_prefix) {
            Some(name) => shown_as(name).unwrap_or_else(|| format!("{output_shown}!/{name}")),
            None => output_shown.to_owned(),
        };
    }
    for (artifact, name, size) in &collected.too_large {
        let path = shown_as(name).unwrap_or_else(|| packed.display_path(name));
        let file = SourceFile::new(
            path,
            name.clone(),
            *size,
            FileData::TooLarge {
                limit: artifact.read_limit(),
            },
            None,
        );
        packed.inventory.push(InventoryEntry {
            name: name.clone(),
            kind: EntryKind::File,
            size: *size,
        });
        let id = packed.add_file(file);
        packed.set_artifact(*artifact, id);
    }
    packed
}

/// PATH must be one connector folder or one connector zip (cli.md "pack").
fn classify(given: &Path, cwd: &Path) -> Result<Source, Error> {
    let path = cwd.join(given);
    let meta = fs::metadata(&path).map_err(|e| Error::io(given, e))?;
    if meta.is_dir() {
        if load::is_connector_folder(&path) {
            return Ok(Source::Folder(path));
        }
        let found = load::find_connector_folders(&path);
        return match found.as_slice() {
            [] => Err(Error::NoPackage(given.to_path_buf())),
            [one] => Err(Error::Usage(format!(
                "`{}` is not a connector folder; it holds one: `pcpkg pack {}`",
                given.display(),
                given
                    .join(one.path.strip_prefix(&path).unwrap_or(&one.path))
                    .display()
            ))),
            many => Err(Error::Usage(format!(
                "`{}` holds {} connector folders; pack packs one at a time: give one of them as PATH",
                given.display(),
                many.len()
            ))),
        };
    }
    if !meta.is_file() {
        return Err(Error::UnknownKind {
            path: given.to_path_buf(),
            what: "not a regular file (a FIFO, socket or device)",
        });
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    if name.ends_with(".zip") {
        fs::File::open(&path).map_err(|e| Error::io(given, e))?;
        return Ok(Source::Zip(path));
    }
    Err(Error::Usage(format!(
        "`{}` is a single file; pack takes a connector folder or a 3-artifact zip",
        given.display()
    )))
}

fn resolve_target(options: &PackOptions, profile: Profile) -> Result<Target, Error> {
    let ip = profile == Profile::IndependentPublisher;
    let target = options
        .target
        .unwrap_or(if ip { Target::Github } else { Target::Isv });
    if ip && target == Target::Isv {
        return Err(Error::Usage(
            "--target isv is for certified connectors: independent publishers submit a pull request without an icon (PK005); use --target github, or --profile certified".to_owned(),
        ));
    }
    if ip && options.icon.is_some() {
        return Err(Error::Usage(
            "--icon cannot be used for an independent-publisher connector: independent publishers submit no icon (PK005)".to_owned(),
        ));
    }
    if target == Target::Isv && options.name.is_some() {
        return Err(Error::Usage(
            "--name names the folder of --target github; name the zip with -o FILE".to_owned(),
        ));
    }
    Ok(target)
}

/// `--name` must be one folder name (reliability.md §7), not a path.
fn check_name_flag(name: &str) -> Result<(), Error> {
    let path = Path::new(name);
    let mut components = path.components();
    let single = matches!(
        (components.next(), components.next()),
        (Some(Component::Normal(_)), None)
    ) && !name.contains(['/', '\\']);
    if !single {
        return Err(Error::Usage(format!(
            "--name `{}` must be a single folder name, not a path; use -o DIR to choose where it is created",
            name.escape_debug()
        )));
    }
    output::check_explicit_name(path)
}

/// The `--icon` file, read as an input: missing, unreadable or not a regular file is exit 2.
struct IconFlag {
    path: PathBuf,
    display: String,
    /// `None`: over [`PACK_FILE_LIMIT`].
    bytes: Option<Vec<u8>>,
    size: u64,
}

fn read_icon_flag(given: &Path, cwd: &Path) -> Result<IconFlag, Error> {
    let path = cwd.join(given);
    let meta = fs::metadata(&path).map_err(|e| Error::io(given, e))?;
    if !meta.is_file() {
        return Err(Error::UnknownKind {
            path: given.to_path_buf(),
            what: if meta.is_dir() {
                "a folder"
            } else {
                "not a regular file (a FIFO, socket or device)"
            },
        });
    }
    let mut bytes = Vec::new();
    fs::File::open(&path)
        .and_then(|f| f.take(PACK_FILE_LIMIT + 1).read_to_end(&mut bytes))
        .map_err(|e| Error::io(given, e))?;
    let size = bytes.len() as u64;
    let display = display_for(given, cwd).package;
    Ok(IconFlag {
        path,
        display,
        bytes: (size <= PACK_FILE_LIMIT).then_some(bytes),
        size,
    })
}

/// The source package, and for a zip the content of each entry that could be read.
type ZipData = Vec<(String, Vec<u8>)>;

fn read_source(
    source: &Source,
    given: &Path,
    display: &Display,
    profile: Profile,
) -> Result<(Package, Option<ZipData>), Error> {
    match source {
        Source::Folder(dir) => Ok((load::load_folder(dir, display, profile), None)),
        Source::Zip(path) => {
            let limits = ArchiveLimits::default();
            let size = fs::metadata(path).map_err(|e| Error::io(given, e))?.len();
            if size > limits.max_archive_bytes {
                // Not read at all: the loader records why (PK009).
                return Ok((load::load_zip(path, display, profile)?, None));
            }
            let mut bytes = Vec::new();
            fs::File::open(path)
                .and_then(|f| f.take(limits.max_archive_bytes + 1).read_to_end(&mut bytes))
                .map_err(|e| Error::io(given, e))?;
            let package = load::load_zip_bytes(&bytes, &display.package, profile);
            let nested: Vec<&InventoryEntry> = package
                .inventory
                .iter()
                .filter(|e| {
                    e.kind == EntryKind::File
                        && !e.name.contains('/')
                        && e.name.to_ascii_lowercase().ends_with(".zip")
                })
                .collect();
            if let Some(entry) = nested.first() {
                return Err(Error::Unsupported(format!(
                    "`{}` holds `{}` at its root: it looks like a Partner Center package (a zip of zips), which pack does not repack; pack the connector folder or its 3-artifact zip",
                    display.package, entry.name
                )));
            }
            let read = archive::read_zip(&bytes, &limits, &mut InflateBudget::standard());
            let data = read
                .entries
                .into_iter()
                .filter(|e| !e.is_dir && !e.is_symlink)
                .filter_map(|e| Some((e.name, e.data?)))
                .collect();
            Ok((package, Some(data)))
        }
    }
}

/// The artifacts that belong in the target (cli.md "Targets").
fn wanted_artifacts(target: Target, profile: Profile, icon_flag: bool) -> Vec<Artifact> {
    let mut wanted = vec![Artifact::Swagger, Artifact::Properties, Artifact::Script];
    if !icon_flag && profile != Profile::IndependentPublisher {
        wanted.push(Artifact::Icon);
    }
    if target == Target::Github {
        wanted.extend([Artifact::Readme, Artifact::Intro]);
    }
    wanted
}

/// Where the output goes. Only the github folder's default name can fail (a title that makes
/// no name); that is reported after validation, which usually explains it.
fn output_for(
    source: &Source,
    package: &Package,
    target: Target,
    options: &PackOptions,
    cwd: &Path,
) -> Result<Output, Error> {
    match target {
        Target::Isv => {
            if let Some(given) = &options.output {
                return Ok(Output {
                    path: cwd.join(given),
                    display: given.display().to_string(),
                });
            }
            let name = match source {
                Source::Folder(dir) => {
                    let dir = fs::canonicalize(dir).unwrap_or_else(|_| dir.clone());
                    let folder = dir.file_name().map_or_else(
                        || "connector".to_owned(),
                        |n| n.to_string_lossy().into_owned(),
                    );
                    format!("{folder}.zip")
                }
                Source::Zip(path) => {
                    let file = path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    let stem = if file.to_ascii_lowercase().ends_with(".zip") {
                        &file[..file.len() - 4]
                    } else {
                        file.as_str()
                    };
                    format!("{stem}.pcpkg.zip")
                }
            };
            Ok(Output {
                path: cwd.join(&name),
                display: name,
            })
        }
        Target::Github => {
            let name = match &options.name {
                Some(name) => name.clone(),
                None => {
                    let title = package
                        .swagger()
                        .and_then(|(_, root)| root.pointer("/info/title"))
                        .and_then(crate::json::Node::as_str)
                        .ok_or_else(|| {
                            Error::Usage(
                                "cannot name the pull-request folder: the swagger has no `info.title`; pass --name NAME".to_owned(),
                            )
                        })?;
                    output::slug_component(title)?
                }
            };
            let (path, display) = match &options.output {
                Some(dir) => {
                    let shown = dir.display().to_string();
                    let shown = shown.trim_end_matches('/');
                    (cwd.join(dir).join(&name), format!("{shown}/{name}/"))
                }
                None => (cwd.join(&name), format!("{name}/")),
            };
            Ok(Output { path, display })
        }
    }
}

/// The output is checked before anything is validated or written (reliability.md §6): not an
/// input, its folder exists, and it exists only with `--force`.
fn check_output(
    source: &Source,
    package: &Package,
    target: Target,
    output: &Output,
    icon: Option<&IconFlag>,
    options: &PackOptions,
) -> Result<(), Error> {
    let shown = &output.display;
    let mut inputs: Vec<PathBuf> = vec![source.path().to_path_buf()];
    if let Source::Folder(dir) = source {
        inputs.extend(
            package
                .inventory
                .iter()
                .filter(|e| !e.name.contains('/'))
                .filter(|e| {
                    let lower = e.name.to_ascii_lowercase();
                    Artifact::from_name(&lower).is_some() || lower.ends_with(".swagger.json")
                })
                .map(|e| dir.join(&e.name)),
        );
    }
    if let Some(icon) = icon {
        inputs.push(icon.path.clone());
    }
    if inputs.iter().any(|input| same_file(input, &output.path)) {
        return Err(Error::Usage(format!(
            "the output `{shown}` is one of pack's inputs; write it somewhere else with -o"
        )));
    }
    if target == Target::Github
        && let (Ok(source), Ok(dest)) = (
            fs::canonicalize(source.path()),
            fs::canonicalize(&output.path),
        )
        && source.starts_with(&dest)
    {
        return Err(Error::Usage(format!(
            "the output `{shown}` holds the connector being packed; write it somewhere else with -o or --name"
        )));
    }
    let folder = match output.path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !folder.is_dir() {
        return Err(Error::Usage(format!(
            "cannot write `{shown}`: its folder does not exist (pack creates no folders)"
        )));
    }
    let existing = fs::symlink_metadata(&output.path).ok();
    match (target, existing) {
        (_, None) => Ok(()),
        (Target::Isv, Some(meta)) if meta.is_dir() => Err(Error::Usage(format!(
            "`{shown}` is a folder; give the zip's file name with -o (`-o {}/…zip`)",
            shown.trim_end_matches('/')
        ))),
        (Target::Github, Some(meta))
            if meta.is_dir()
                && fs::read_dir(&output.path).is_ok_and(|mut e| e.next().is_none()) =>
        {
            Ok(())
        }
        (_, Some(_)) if options.overwrite == Overwrite::Refuse => Err(Error::Usage(format!(
            "`{shown}` already exists; pass --force to replace it"
        ))),
        (_, Some(_)) => Ok(()),
    }
}

/// Whether two paths name one file: the same canonical path, or the same device and inode
/// (hard links, symlinks).
fn same_file(a: &Path, b: &Path) -> bool {
    if let (Ok(ca), Ok(cb)) = (fs::canonicalize(a), fs::canonicalize(b))
        && ca == cb
    {
        return true;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(ma), Ok(mb)) = (fs::metadata(a), fs::metadata(b)) {
            return ma.dev() == mb.dev() && ma.ino() == mb.ino();
        }
    }
    false
}

/// The output's name when it sits directly in the source folder (`-o conn/submission.zip`), so
/// the listing can say why an earlier output is left out.
fn name_in_folder(source: &Source, output: &Path) -> Option<String> {
    let Source::Folder(dir) = source else {
        return None;
    };
    let dir = fs::canonicalize(dir).ok()?;
    let parent = fs::canonicalize(output.parent()?).ok()?;
    (parent == dir).then(|| output.file_name().map(|n| n.to_string_lossy().into_owned()))?
}

/// The listing: every entry of the source with what pack does with it. A folder pack leaves
/// out is listed once; junk is listed file by file (cli.md: `__MACOSX/._icon.png: left out`).
/// What pack takes from the source, for the listing.
struct Selection<'a> {
    package: &'a Package,
    /// The wrapping folder's prefix (`Contoso/`), or empty.
    base: &'a str,
    /// The artifacts packed and the source entries they come from.
    chosen: &'a [(Artifact, String)],
    target: Target,
    profile: Profile,
    icon: Option<&'a IconFlag>,
    /// The output's name when it sits in the source folder.
    output_name: Option<&'a str>,
}

fn list_entries(selection: &Selection<'_>) -> Vec<Entry> {
    let Selection {
        package,
        base,
        chosen,
        icon,
        ..
    } = *selection;
    let mut entries = Vec::new();
    let has_files_below = |name: &str| {
        let prefix = format!("{name}/");
        package
            .inventory
            .iter()
            .any(|e| e.kind != EntryKind::Dir && e.name.starts_with(&prefix))
    };
    for entry in &package.inventory {
        let is_dir = entry.kind == EntryKind::Dir;
        if is_dir && format!("{}/", entry.name) == base {
            continue;
        }
        let rel = entry.name.strip_prefix(base).unwrap_or(&entry.name);
        let first = rel.split('/').next().unwrap_or(rel);
        let junk = junk_reason(&entry.name);
        let shown = if is_dir {
            format!("{}/", entry.name)
        } else {
            entry.name.clone()
        };
        if rel.contains('/') && junk_reason(first).is_none() {
            // Inside a folder that is listed (and left out) as a whole.
            continue;
        }
        if let Some(reason) = junk {
            if is_dir && has_files_below(&entry.name) {
                continue;
            }
            // An empty junk folder inside another junk folder is covered by the outer one.
            if is_dir
                && entry
                    .name
                    .rsplit_once('/')
                    .is_some_and(|(parent, _)| junk_reason(parent).is_some())
            {
                continue;
            }
            entries.push(Entry {
                name: shown,
                action: Action::LeftOut {
                    reason: reason.to_owned(),
                },
            });
            continue;
        }
        let action = if let Some((artifact, _)) = chosen.iter().find(|(_, n)| *n == entry.name) {
            if entry.name == artifact.canonical_name() {
                Action::Packed
            } else {
                Action::Renamed {
                    to: artifact.canonical_name().to_owned(),
                }
            }
        } else {
            Action::LeftOut {
                reason: left_out_reason(selection, entry, first),
            }
        };
        entries.push(Entry {
            name: shown,
            action,
        });
    }
    if let Some(icon) = icon {
        entries.push(Entry {
            name: icon.display.clone(),
            action: Action::PackedAsIcon,
        });
    }
    entries
}

/// Why a root entry is not packed.
fn left_out_reason(selection: &Selection<'_>, entry: &InventoryEntry, name: &str) -> String {
    let Selection {
        package,
        chosen,
        target,
        profile,
        output_name,
        ..
    } = *selection;
    let icon_flag = selection.icon.is_some();
    let shown_path = package.display_path(&entry.name);
    if let Some(problem) = package.problems.iter().find(|p| p.path == shown_path) {
        let code = match problem.kind {
            LoadProblemKind::Archive => "PK009",
            LoadProblemKind::UnsafeFile => "PK014",
        };
        return format!("unsafe, not read ({code})");
    }
    if output_name == Some(name) && package.mode == Mode::Folder {
        return "the output of this pack".to_owned();
    }
    if entry.kind == EntryKind::Dir {
        return "not a connector artifact".to_owned();
    }
    let lower = name.to_ascii_lowercase();
    if let Some(artifact) = Artifact::from_name(name) {
        if chosen.iter().any(|(a, _)| *a == artifact) {
            return format!(
                "a second `{}` (the names differ only in case)",
                artifact.canonical_name()
            );
        }
        return match artifact {
            Artifact::Icon if icon_flag => "replaced by --icon".to_owned(),
            Artifact::Icon if profile == Profile::IndependentPublisher => {
                "independent publishers submit no icon (PK005)".to_owned()
            }
            Artifact::Readme | Artifact::Intro if target == Target::Isv => {
                "not part of the ISV Studio zip".to_owned()
            }
            _ => "could not be read".to_owned(),
        };
    }
    if lower == "settings.json" {
        return "paconn settings, not part of the connector (PK013)".to_owned();
    }
    if lower.ends_with(".swagger.json") {
        return if chosen.iter().any(|(a, _)| *a == Artifact::Swagger) {
            "another swagger file: only `apiDefinition.swagger.json` is packed".to_owned()
        } else {
            "one of several `*.swagger.json` files: rename the one to pack to `apiDefinition.swagger.json`".to_owned()
        };
    }
    if lower.ends_with(".cs") || lower.ends_with(".csx") {
        return "custom code is packed only as `script.csx`".to_owned();
    }
    if entry.kind == EntryKind::Special {
        return "not a regular file".to_owned();
    }
    "not a connector artifact".to_owned()
}

/// What a junk name is (PK007), by its outermost junk component.
fn junk_reason(name: &str) -> Option<&'static str> {
    name.split('/').find_map(|part| {
        if part == "__MACOSX" || part.starts_with("._") {
            Some("macOS metadata")
        } else if part == ".DS_Store" {
            Some("macOS Finder metadata")
        } else if part.eq_ignore_ascii_case("Thumbs.db") {
            Some("Windows thumbnail cache")
        } else if part.eq_ignore_ascii_case("desktop.ini") {
            Some("Windows folder settings")
        } else if part.starts_with("~$") {
            Some("Office lock file")
        } else {
            None
        }
    })
}

/// PK009 and PK014 findings about the source as read: they count whatever pack repairs.
fn source_safety(package: &Package) -> Vec<Diagnostic> {
    let select: Vec<Selector> = ["PK009", "PK014"]
        .into_iter()
        .filter_map(Selector::parse)
        .collect();
    let settings = RuleSettings {
        strict: false,
        select: Some(select),
        ignore: Vec::new(),
    };
    engine::check_package(package, &settings)
        .into_iter()
        .filter(|d| matches!(d.rule.code, "PK009" | "PK014"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn connector(dir: &Path) {
        let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/contoso-tasks");
        let conn = dir.join("Contoso");
        fs::create_dir_all(conn.join("__MACOSX")).unwrap();
        for file in ["apiDefinition.swagger.json", "apiProperties.json"] {
            fs::copy(examples.join(file), conn.join(file)).unwrap();
        }
        fs::copy(examples.join("readme.md"), conn.join("README.md")).unwrap();
        fs::write(conn.join("__MACOSX/._README.md"), b"x").unwrap();
        fs::write(conn.join("settings.json"), b"{}").unwrap();
    }

    #[test]
    fn repairs_are_listed_not_reported() {
        let dir = tempfile::tempdir().unwrap();
        connector(dir.path());
        let options = PackOptions {
            target: Some(Target::Github),
            ..PackOptions::default()
        };
        let plan = plan(Path::new("Contoso"), dir.path(), &options).unwrap();
        assert!(!plan.fails(), "{:?}", plan.report.diagnostics);
        let codes: Vec<&str> = plan
            .report
            .diagnostics
            .iter()
            .map(|d| d.rule.code)
            .collect();
        assert!(codes.is_empty(), "{codes:?}");
        let actions: Vec<(&str, &Action)> = plan
            .entries
            .iter()
            .map(|e| (e.name.as_str(), &e.action))
            .collect();
        assert!(actions.contains(&(
            "README.md",
            &Action::Renamed {
                to: "readme.md".into()
            }
        )));
        assert!(
            actions
                .iter()
                .any(|(name, action)| *name == "__MACOSX/._README.md"
                    && matches!(action, Action::LeftOut { reason } if reason == "macOS metadata"))
        );
        assert!(actions.iter().any(|(name, action)| *name == "settings.json"
            && matches!(action, Action::LeftOut { reason } if reason.contains("PK013"))));
        let names: Vec<&str> = plan.files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "apiDefinition.swagger.json",
                "apiProperties.json",
                "readme.md"
            ]
        );
        let output = plan.output.as_ref().unwrap();
        assert_eq!(output.display, "Contoso Tasks/");
        assert_eq!(output.path, dir.path().join("Contoso Tasks"));
        // Nothing is written until asked.
        assert!(!output.path.exists());
        plan.write().unwrap();
        assert!(output.path.join("readme.md").is_file());
    }

    #[test]
    fn junk_reasons_name_the_outermost_junk() {
        assert_eq!(
            junk_reason("__MACOSX/Contoso/._icon.png"),
            Some("macOS metadata")
        );
        assert_eq!(junk_reason("a/.DS_Store"), Some("macOS Finder metadata"));
        assert_eq!(junk_reason("~$readme.docx"), Some("Office lock file"));
        assert_eq!(junk_reason("screenshots/a.png"), None);
    }

    #[test]
    fn a_name_is_one_normal_component() {
        for bad in ["../x", "a/b", "a\\b", "/x", "..", ".", "", "CON"] {
            assert!(check_name_flag(bad).is_err(), "{bad:?}");
        }
        assert!(check_name_flag("Contoso Tasks").is_ok());
    }
}
