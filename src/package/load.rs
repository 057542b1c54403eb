//! Reading packages from disk or memory. Every read is bounded; nothing is extracted; a
//! symlink, FIFO or device is never opened (reliability.md §1, §6).

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::partner_center;
use super::{
    Artifact, EntryKind, FileData, InventoryEntry, JsonData, LoadProblem, LoadProblemKind, Mode,
    Package, Profile, SourceFile,
};
use crate::archive::{self, ArchiveLimits, InflateBudget};
use crate::error::Error;
use crate::json;

/// Most entries a connector folder walk records (PK007/PK012 look at them); deeper trees are cut.
const MAX_FOLDER_ENTRIES: usize = 10_000;
const MAX_FOLDER_DEPTH: usize = 16;

/// Where a package's paths are shown from (cli.md "Output").
#[derive(Clone, Debug)]
pub struct Display {
    /// The package's `path` in reports.
    pub package: String,
    /// Prefix of its files' display paths: `Contoso/`, or `` for the working directory itself.
    pub prefix: String,
}

/// Reads a connector folder.
#[must_use]
pub fn load_folder(dir: &Path, display: &Display, profile: Profile) -> Package {
    let root = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    load_canonical_folder(&root, display, profile)
}

/// [`load_folder`] for a folder whose canonical path is known (a batch works it out once for its
/// root, not once per package).
#[must_use]
pub fn load_canonical_folder(root: &Path, display: &Display, profile: Profile) -> Package {
    let mut package = Package::new(
        display.package.clone(),
        Mode::Folder,
        profile,
        display.prefix.clone(),
    );
    let root = root.to_path_buf();
    walk_folder(&root, &mut package);
    let root_names: Vec<InventoryEntry> = package
        .inventory
        .iter()
        .filter(|e| !e.name.contains('/'))
        .cloned()
        .collect();
    for (artifact, name) in pick_artifacts(root_names.iter().map(|e| e.name.as_str())) {
        let entry = root_names
            .iter()
            .find(|e| e.name == name)
            .expect("picked from this list");
        let display_path = package.display_path(&name);
        match read_folder_file(&root, &name, entry.kind, entry.size, artifact.read_limit()) {
            Ok(FolderRead::Bytes(bytes, size)) => {
                let file = source_file(display_path, name, size, bytes, artifact);
                let id = package.add_file(file);
                package.set_artifact(artifact, id);
            }
            Ok(FolderRead::TooLarge(size)) => {
                let id =
                    package.add_file(too_large(display_path, name, size, artifact.read_limit()));
                package.set_artifact(artifact, id);
            }
            Err(message) => package.problems.push(LoadProblem {
                kind: LoadProblemKind::UnsafeFile,
                path: display_path,
                message,
            }),
        }
    }
    pick_swagger_candidate(&mut package, |package, name| {
        let entry = package.inventory.iter().find(|e| e.name == name)?;
        match read_folder_file(
            &root,
            name,
            entry.kind,
            entry.size,
            Artifact::Swagger.read_limit(),
        ) {
            Ok(FolderRead::Bytes(bytes, size)) => Some((bytes, size)),
            _ => None,
        }
    });
    record_unsafe_entries(&root, &mut package);
    package
}

/// Besides the artifacts refused above: every symlink in the folder whose target leaves it, and
/// every FIFO, socket or device (PK014, reliability.md §6 `fs-symlink-loop`). None is opened.
fn record_unsafe_entries(root: &Path, package: &mut Package) {
    let mut found = Vec::new();
    for entry in &package.inventory {
        let path = package.display_path(&entry.name);
        if package.problems.iter().any(|p| p.path == path) {
            continue;
        }
        let name = &entry.name;
        let message = match entry.kind {
            EntryKind::Special => format!(
                "`{name}` is not a regular file (a FIFO, socket or device); it was not opened"
            ),
            EntryKind::Symlink => match fs::canonicalize(root.join(name)) {
                Ok(target) if !target.starts_with(root) => {
                    let written = fs::read_link(root.join(name)).unwrap_or(target);
                    format!(
                        "`{name}` is a symlink to `{}`, which leads outside the connector folder; it was not opened",
                        written.display()
                    )
                }
                _ => continue,
            },
            EntryKind::File | EntryKind::Dir => continue,
        };
        found.push(LoadProblem {
            kind: LoadProblemKind::UnsafeFile,
            path,
            message,
        });
    }
    package.problems.extend(found);
}

enum FolderRead {
    Bytes(Vec<u8>, u64),
    TooLarge(u64),
}

/// Reads one root file of a connector folder, refusing anything that is not a regular file
/// inside the root. The error is PK014's message. `listed_size` is the size the folder listing
/// gave (for a regular file, what a fresh `stat` would say, so it is not asked again).
fn read_folder_file(
    root: &Path,
    name: &str,
    kind: EntryKind,
    listed_size: u64,
    limit: u64,
) -> Result<FolderRead, String> {
    let path = root.join(name);
    match kind {
        EntryKind::File => {}
        EntryKind::Dir => return Err(format!("`{name}` is a folder where a file is expected")),
        EntryKind::Special => {
            return Err(format!(
                "`{name}` is not a regular file (a FIFO, socket or device); it was not opened"
            ));
        }
        EntryKind::Symlink => {
            let target = fs::canonicalize(&path)
                .map_err(|e| format!("`{name}` is a symlink that cannot be followed ({e})"))?;
            if !target.starts_with(root) {
                return Err(format!(
                    "`{name}` is a symlink to `{}`, outside the connector folder; it was not opened",
                    target.display()
                ));
            }
            let meta = fs::metadata(&target).map_err(|e| format!("`{name}`: {e}"))?;
            if !meta.is_file() {
                return Err(format!(
                    "`{name}` is a symlink to something that is not a regular file"
                ));
            }
        }
    }
    let file = fs::File::open(&path).map_err(|e| format!("`{name}` could not be read: {e}"))?;
    let size = match kind {
        EntryKind::File => listed_size,
        _ => file.metadata().map(|m| m.len()).unwrap_or(0),
    };
    if size > limit {
        return Ok(FolderRead::TooLarge(size));
    }
    // Sized from the metadata (at most `limit`), plus one byte so reading to the end needs no
    // regrowth; the `take` still bounds a file that grows or lies about its size.
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0).saturating_add(1));
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("`{name}` could not be read: {e}"))?;
    if bytes.len() as u64 > limit {
        return Ok(FolderRead::TooLarge(bytes.len() as u64));
    }
    Ok(FolderRead::Bytes(bytes, size))
}

/// Reads one file at the root of a connector folder again for `pcpkg pack`, with the refusals of
/// [`load_folder`]: a symlink leaving the folder, a FIFO, socket or device, or a folder is never
/// opened (the error is PK014's message). `Ok(None)` when the file is over `limit` bytes.
pub fn read_folder_root_file(
    dir: &Path,
    name: &str,
    limit: u64,
) -> Result<Option<Vec<u8>>, String> {
    let root = fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
    let meta = fs::symlink_metadata(root.join(name))
        .map_err(|e| format!("`{name}` could not be read: {e}"))?;
    let kind = folder_entry_kind(meta.file_type());
    match read_folder_file(&root, name, kind, meta.len(), limit)? {
        FolderRead::Bytes(bytes, _) => Ok(Some(bytes)),
        FolderRead::TooLarge(_) => Ok(None),
    }
}

/// A folder-mode package made of files held in memory (what `pcpkg pack --target github` would
/// write), read with the limits of a folder on disk. `files` are (root name, content) pairs.
#[must_use]
pub fn load_folder_files(
    files: Vec<(String, Vec<u8>)>,
    display: &Display,
    profile: Profile,
) -> Package {
    let mut package = Package::new(
        display.package.clone(),
        Mode::Folder,
        profile,
        display.prefix.clone(),
    );
    for (name, _) in &files {
        package.inventory.push(InventoryEntry {
            name: name.clone(),
            kind: EntryKind::File,
            size: 0,
        });
    }
    let picked = pick_artifacts(files.iter().map(|(name, _)| name.as_str()));
    let mut by_name: foldhash::HashMap<String, Vec<u8>> = files.into_iter().collect();
    for entry in &mut package.inventory {
        entry.size = by_name.get(&entry.name).map_or(0, |b| b.len() as u64);
    }
    package.inventory.sort_by(|a, b| a.name.cmp(&b.name));
    for (artifact, name) in picked {
        let Some(bytes) = by_name.remove(&name) else {
            continue;
        };
        add_archive_artifact(&mut package, artifact, name, bytes);
    }
    package
}

/// What a folder entry is, from its type read without following a link
/// (`fs::symlink_metadata`, `DirEntry::metadata`).
fn folder_entry_kind(file_type: fs::FileType) -> EntryKind {
    if file_type.is_symlink() {
        EntryKind::Symlink
    } else if file_type.is_dir() {
        EntryKind::Dir
    } else if file_type.is_file() {
        EntryKind::File
    } else {
        EntryKind::Special
    }
}

/// Records every entry below `root` without following symlinks.
fn walk_folder(root: &Path, package: &mut Package) {
    let mut stack: Vec<(PathBuf, String, usize)> = vec![(root.to_path_buf(), String::new(), 0)];
    while let Some((dir, rel, depth)) = stack.pop() {
        let Ok(read) = fs::read_dir(&dir) else {
            continue;
        };
        let mut children: Vec<_> = read.filter_map(Result::ok).collect();
        children.sort_by_key(std::fs::DirEntry::file_name);
        for child in children {
            if package.inventory.len() >= MAX_FOLDER_ENTRIES {
                return;
            }
            let name = child.file_name().to_string_lossy().into_owned();
            let rel_name = if rel.is_empty() {
                name
            } else {
                format!("{rel}/{name}")
            };
            let Ok(meta) = child.metadata() else { continue };
            let kind = folder_entry_kind(meta.file_type());
            if kind == EntryKind::Dir && depth + 1 < MAX_FOLDER_DEPTH {
                stack.push((child.path(), rel_name.clone(), depth + 1));
            }
            package.inventory.push(InventoryEntry {
                name: rel_name,
                kind,
                size: meta.len(),
            });
        }
    }
    package.inventory.sort_by(|a, b| a.name.cmp(&b.name));
}

/// Reads a connector zip (3-artifact upload) or a Partner Center `package.zip` from disk.
pub fn load_zip(path: &Path, display: &Display, profile: Profile) -> Result<Package, Error> {
    load_zip_with(path, display, profile, &ZipOptions::default())
}

/// How a zip given as PATH is read.
#[derive(Clone, Copy, Debug, Default)]
pub struct ZipOptions {
    /// `--plugin`: the Partner Center package has an AI plugin (rules.md PK022).
    pub plugin: bool,
    /// Read it as a Partner Center package whatever it holds (a `package.zip` found in a
    /// connector folder by a batch walk, cli.md "Batch").
    pub force_partner_center: bool,
}

/// Reads a zip from disk: a Partner Center package when its root holds a `*.zip` and no
/// connector artifact (cli.md "Inputs"), else a connector zip.
pub fn load_zip_with(
    path: &Path,
    display: &Display,
    profile: Profile,
    options: &ZipOptions,
) -> Result<Package, Error> {
    let limits = ArchiveLimits::default();
    let size = fs::metadata(path).map_err(|e| Error::io(path, e))?.len();
    let archive_display = display.package.clone();
    if size > limits.max_archive_bytes {
        let mode = if options.force_partner_center {
            Mode::PartnerCenter
        } else {
            Mode::Zip
        };
        let mut package = Package::new(
            archive_display.clone(),
            mode,
            profile,
            format!("{archive_display}!/"),
        );
        package.problems.push(LoadProblem {
            kind: LoadProblemKind::Archive,
            path: archive_display,
            message: format!(
                "the archive is {size} bytes, over the {} MiB limit; it was not read",
                limits.max_archive_bytes / (1024 * 1024)
            ),
        });
        return Ok(package);
    }
    let mut bytes = Vec::new();
    fs::File::open(path)
        .and_then(|f| f.take(limits.max_archive_bytes + 1).read_to_end(&mut bytes))
        .map_err(|e| Error::io(path, e))?;
    Ok(load_zip_bytes_with(
        &bytes,
        &archive_display,
        profile,
        options,
    ))
}

/// Reads a zip held in memory: a Partner Center package or a connector zip, as
/// [`load_zip_with`] decides. `archive_display` names the archive in paths.
#[must_use]
pub fn load_zip_bytes_with(
    bytes: &[u8],
    archive_display: &str,
    profile: Profile,
    options: &ZipOptions,
) -> Package {
    let limits = ArchiveLimits::default();
    let mut budget = InflateBudget::standard();
    let read = archive::read_zip(bytes, &limits, &mut budget);
    if options.force_partner_center || is_partner_center_layout(&read) {
        return partner_center::load(read, &mut budget, archive_display, profile, options.plugin);
    }
    connector_zip(read, archive_display, profile)
}

/// Reads a connector zip held in memory. `archive_display` names the archive in paths.
#[must_use]
pub fn load_zip_bytes(bytes: &[u8], archive_display: &str, profile: Profile) -> Package {
    let limits = ArchiveLimits::default();
    let mut budget = InflateBudget::standard();
    let read = archive::read_zip(bytes, &limits, &mut budget);
    connector_zip(read, archive_display, profile)
}

/// Records the zip reader's problems (PK009) as load problems, each at `archive!/entry`, or at
/// `archive` for one about the archive as a whole.
pub(super) fn push_archive_problems(
    package: &mut Package,
    archive_display: &str,
    problems: Vec<archive::ArchiveProblem>,
) {
    for problem in problems {
        let path = match &problem.entry {
            Some(entry) => format!("{archive_display}!/{entry}"),
            None => archive_display.to_owned(),
        };
        package.problems.push(LoadProblem {
            kind: LoadProblemKind::Archive,
            path,
            message: problem.message,
        });
    }
}

/// Builds a connector zip's package from its entries.
fn connector_zip(read: archive::ZipRead, archive_display: &str, profile: Profile) -> Package {
    let mut package = Package::new(
        archive_display.to_owned(),
        Mode::Zip,
        profile,
        format!("{archive_display}!/"),
    );
    push_archive_problems(&mut package, archive_display, read.problems);
    let mut data_by_name = foldhash::HashMap::default();
    for entry in read.entries {
        let name = entry.name.trim_end_matches(['/', '\\']).to_owned();
        if name.is_empty() {
            continue;
        }
        let kind = entry_kind(&entry);
        if kind == EntryKind::File
            && let Some(data) = &entry.data
            && (archive::zip::looks_like_zip(data) || name.to_ascii_lowercase().ends_with(".zip"))
        {
            package.problems.push(LoadProblem {
                kind: LoadProblemKind::Archive,
                path: format!("{archive_display}!/{name}"),
                message: format!("`{name}` is a zip nested inside the connector zip; upload the artifacts directly"),
            });
        }
        package.inventory.push(InventoryEntry {
            name: name.clone(),
            kind,
            size: entry.uncompressed_size,
        });
        if let Some(data) = entry.data
            && kind == EntryKind::File
        {
            data_by_name.entry(name).or_insert(data);
        }
    }
    add_implied_dirs(&mut package.inventory);
    package.wrapping_folder = wrapping_folder(&package.inventory);
    let base = package
        .wrapping_folder
        .as_ref()
        .map(|f| format!("{f}/"))
        .unwrap_or_default();
    let root_names: Vec<String> = package
        .inventory
        .iter()
        .filter(|e| e.kind == EntryKind::File)
        .filter_map(|e| {
            e.name
                .strip_prefix(base.as_str())
                .filter(|rest| !rest.contains('/'))
                .map(str::to_owned)
        })
        .collect();
    for (artifact, name) in pick_artifacts(root_names.iter().map(String::as_str)) {
        let full = format!("{base}{name}");
        let Some(bytes) = data_by_name.remove(&full) else {
            continue;
        };
        add_archive_artifact(&mut package, artifact, full, bytes);
    }
    pick_swagger_candidate(&mut package, |_, name| {
        let bytes = data_by_name.remove(&format!("{base}{name}"))?;
        let size = bytes.len() as u64;
        Some((bytes, size))
    });
    package
}

/// cli.md "Inputs": a zip whose root holds a `*.zip` entry and no connector artifact.
fn is_partner_center_layout(read: &archive::ZipRead) -> bool {
    let root: Vec<&str> = read
        .entries
        .iter()
        .filter(|e| !e.is_dir && !e.is_symlink)
        .map(|e| e.name.as_str())
        .filter(|name| !name.contains(['/', '\\']))
        .collect();
    root.iter()
        .any(|name| name.to_ascii_lowercase().ends_with(".zip"))
        && !root.iter().any(|name| {
            let name = name.to_ascii_lowercase();
            matches!(
                Artifact::from_name(&name),
                Some(Artifact::Swagger | Artifact::Properties | Artifact::Icon | Artifact::Script)
            ) || name.ends_with(".swagger.json")
        })
}

/// Zips list files without their folders; PK012 and PK008 need the folders too.
pub(super) fn add_implied_dirs(inventory: &mut Vec<InventoryEntry>) {
    let mut dirs = std::collections::BTreeSet::new();
    for entry in inventory.iter() {
        let mut rest = entry.name.as_str();
        while let Some((parent, _)) = rest.rsplit_once('/') {
            dirs.insert(parent.to_owned());
            rest = parent;
        }
    }
    for dir in dirs {
        if !inventory.iter().any(|e| e.name == dir) {
            inventory.push(InventoryEntry {
                name: dir,
                kind: EntryKind::Dir,
                size: 0,
            });
        }
    }
    inventory.sort_by(|a, b| a.name.cmp(&b.name));
}

/// The one folder every non-junk entry of a zip sits in, when there is one (PK008).
fn wrapping_folder(inventory: &[InventoryEntry]) -> Option<String> {
    let mut top: Option<&str> = None;
    let mut any = false;
    for entry in inventory.iter().filter(|e| !is_junk(&e.name)) {
        any = true;
        let Some((first, _)) = entry.name.split_once('/') else {
            if entry.kind == EntryKind::Dir {
                match top {
                    None => top = Some(entry.name.as_str()),
                    Some(t) if t == entry.name => {}
                    Some(_) => return None,
                }
                continue;
            }
            return None;
        };
        match top {
            None => top = Some(first),
            Some(t) if t == first => {}
            Some(_) => return None,
        }
    }
    if any { top.map(str::to_owned) } else { None }
}

/// macOS, Windows and Office leftovers (PK007), at any depth.
#[must_use]
pub fn is_junk(name: &str) -> bool {
    name.split('/').any(|part| {
        part == "__MACOSX"
            || part == ".DS_Store"
            || part.starts_with("._")
            || part.eq_ignore_ascii_case("Thumbs.db")
            || part.eq_ignore_ascii_case("desktop.ini")
            || part.starts_with("~$")
    })
}

/// Reads a single artifact given on its own (file mode).
pub fn load_file(
    path: &Path,
    artifact: Artifact,
    display: &Display,
    profile: Profile,
) -> Result<Package, Error> {
    let mut package = Package::new(
        display.package.clone(),
        Mode::File,
        profile,
        display.prefix.clone(),
    );
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let meta = fs::metadata(path).map_err(|e| Error::io(path, e))?;
    let limit = artifact.read_limit();
    let file = if meta.len() > limit {
        too_large(display.package.clone(), name.clone(), meta.len(), limit)
    } else {
        let mut bytes = Vec::new();
        fs::File::open(path)
            .and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
            .map_err(|e| Error::io(path, e))?;
        let size = bytes.len() as u64;
        if size > limit {
            too_large(display.package.clone(), name.clone(), size, limit)
        } else {
            source_file(display.package.clone(), name.clone(), size, bytes, artifact)
        }
    };
    package.inventory.push(InventoryEntry {
        name,
        kind: EntryKind::File,
        size: meta.len(),
    });
    let id = package.add_file(file);
    package.set_artifact(artifact, id);
    Ok(package)
}

/// Chooses which root names play which artifact: the exact canonical name first, else the
/// first case-insensitive match in name order.
fn pick_artifacts<'a>(names: impl Iterator<Item = &'a str>) -> Vec<(Artifact, String)> {
    let mut names: Vec<&str> = names.collect();
    names.sort_unstable();
    Artifact::ALL
        .into_iter()
        .filter_map(|artifact| {
            let exact = names.iter().find(|n| **n == artifact.canonical_name());
            let any = names
                .iter()
                .find(|n| Artifact::from_name(n) == Some(artifact));
            exact.or(any).map(|n| (artifact, (*n).to_owned()))
        })
        .collect()
}

/// When no file is named `apiDefinition.swagger.json` and exactly one other `*.swagger.json`
/// sits at the root, it is validated as the swagger (rules.md PK003).
fn pick_swagger_candidate(
    package: &mut Package,
    mut read: impl FnMut(&Package, &str) -> Option<(Vec<u8>, u64)>,
) {
    if package.artifact(Artifact::Swagger).is_some() {
        return;
    }
    let base = package
        .wrapping_folder
        .as_ref()
        .map(|f| format!("{f}/"))
        .unwrap_or_default();
    let candidates: Vec<String> = package
        .inventory
        .iter()
        .filter(|e| e.kind == EntryKind::File)
        .filter_map(|e| e.name.strip_prefix(base.as_str()))
        .filter(|n| !n.contains('/') && n.to_ascii_lowercase().ends_with(".swagger.json"))
        .map(str::to_owned)
        .collect();
    let [candidate] = candidates.as_slice() else {
        return;
    };
    let Some((bytes, size)) = read(package, candidate) else {
        return;
    };
    let full = format!("{base}{candidate}");
    let display_path = package.display_path(&full);
    let file = if size > Artifact::Swagger.read_limit() {
        too_large(display_path, full, size, Artifact::Swagger.read_limit())
    } else {
        source_file(display_path, full, size, bytes, Artifact::Swagger)
    };
    let id = package.add_file(file);
    package.set_artifact(Artifact::Swagger, id);
    package.swagger_is_candidate = true;
}

/// What a zip entry is, for the inventory.
pub(super) fn entry_kind(entry: &crate::archive::zip::ZipEntry) -> EntryKind {
    if entry.is_symlink {
        EntryKind::Symlink
    } else if entry.is_dir {
        EntryKind::Dir
    } else {
        EntryKind::File
    }
}

/// Adds an artifact read from an archive: parsed, or noted as too large to read (PK011).
fn add_archive_artifact(package: &mut Package, artifact: Artifact, name: String, bytes: Vec<u8>) {
    let display_path = package.display_path(&name);
    let size = bytes.len() as u64;
    let file = if size > artifact.read_limit() {
        too_large(display_path, name, size, artifact.read_limit())
    } else {
        source_file(display_path, name, size, bytes, artifact)
    };
    let id = package.add_file(file);
    package.set_artifact(artifact, id);
}

fn too_large(path: String, name: String, size: u64, limit: u64) -> SourceFile {
    SourceFile::new(path, name, size, FileData::TooLarge { limit }, None)
}

/// Turns an artifact's bytes into a source file: JSON parsed once, text decoded once, and the
/// bytes reused as the text without a copy.
#[must_use]
pub fn source_file(
    path: String,
    name: String,
    size: u64,
    bytes: Vec<u8>,
    artifact: Artifact,
) -> SourceFile {
    match artifact {
        Artifact::Swagger | Artifact::Properties => {
            let (data, text) = parse_json(bytes);
            SourceFile::new(path, name, size, FileData::Json(data), text)
        }
        Artifact::Icon => SourceFile::new(path, name, size, FileData::Bytes(bytes), None),
        Artifact::Script | Artifact::Readme | Artifact::Intro => {
            let (text, had_bom, valid_utf8) = decode_text(bytes);
            SourceFile::new(
                path,
                name,
                size,
                FileData::Text {
                    valid_utf8,
                    had_bom,
                },
                Some(text),
            )
        }
    }
}

/// Decodes and parses a JSON file (rules.md §1.6): the text is kept for positions when it is UTF-8.
fn parse_json(bytes: Vec<u8>) -> (JsonData, Option<String>) {
    if let Some(error) = json::parse::detect_wide(&bytes) {
        return (JsonData::Encoding(error), None);
    }
    // UTF-8 is validated once, here; only invalid text goes through `decode` for the details.
    let had_bom = bytes.starts_with(b"\xEF\xBB\xBF");
    let mut text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let bytes = error.into_bytes();
            match json::decode(&bytes) {
                Err(error) => return (JsonData::Encoding(error), None),
                // Not reached: `decode` rejects what `from_utf8` rejected.
                Ok(_) => String::from_utf8_lossy(&bytes).into_owned(),
            }
        }
    };
    if had_bom {
        text.drain(..3);
    }
    match json::parse_noting_duplicates(&text) {
        Ok((root, maybe_duplicates)) => {
            let duplicates = if maybe_duplicates {
                json::find_duplicate_keys(&root)
            } else {
                Vec::new()
            };
            (
                JsonData::Parsed {
                    root,
                    had_bom,
                    duplicates,
                },
                Some(text),
            )
        }
        Err(error) => (JsonData::Syntax { error, had_bom }, Some(text)),
    }
}

/// The bytes as text without a BOM (lossily when they are not UTF-8), whether there was a BOM,
/// and whether they were valid UTF-8. Valid UTF-8 is reused without copying.
fn decode_text(mut bytes: Vec<u8>) -> (String, bool, bool) {
    let had_bom = bytes.starts_with(b"\xEF\xBB\xBF");
    if had_bom {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(text) => (text, had_bom, true),
        Err(error) => (
            String::from_utf8_lossy(error.as_bytes()).into_owned(),
            had_bom,
            false,
        ),
    }
}

/// Which artifact a single file given as PATH is, by name.
#[must_use]
pub fn artifact_for_path(path: &Path) -> Option<Artifact> {
    path.file_name()
        .and_then(|n| n.to_str())
        .and_then(Artifact::from_name)
}

/// Whether a folder is a connector folder (cli.md "Inputs"): it holds `apiDefinition.swagger.json`,
/// `apiProperties.json` or any `*.swagger.json` (case-insensitively).
#[must_use]
pub fn is_connector_folder(dir: &Path) -> bool {
    scan_folder(dir).is_some_and(|scan| scan.connector)
}

/// A connector folder found by [`find_connector_folders`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundFolder {
    pub path: PathBuf,
    /// The `package.zip` (any case) directly inside it, when it is a regular file (cli.md
    /// "Batch": validated as that connector's Partner Center package).
    pub package_zip: Option<PathBuf>,
}

/// What one listing of a folder tells the batch walk.
struct FolderScan {
    connector: bool,
    package_zip: Option<PathBuf>,
    /// Sub-folders to walk: not hidden, not `node_modules`, not a cargo `target`; symlinks are
    /// not followed.
    walkable: Vec<PathBuf>,
}

/// Lists `dir` once for everything discovery needs: a batch over hundreds of connectors used to
/// list each folder three times.
fn scan_folder(dir: &Path) -> Option<FolderScan> {
    let mut scan = FolderScan {
        connector: false,
        package_zip: None,
        walkable: Vec::new(),
    };
    let mut zips = Vec::new();
    for entry in fs::read_dir(dir).ok()?.filter_map(Result::ok) {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let lower = name.to_ascii_lowercase();
        if lower == "apiproperties.json" || lower.ends_with(".swagger.json") {
            scan.connector = true;
        }
        let Ok(file_type) = entry.file_type() else {
            continue;
        };
        if file_type.is_file() && lower == "package.zip" {
            zips.push(entry.path());
        } else if file_type.is_dir()
            && !name.starts_with('.')
            && name != "node_modules"
            && !(name == "target" && entry.path().join("CACHEDIR.TAG").exists())
        {
            scan.walkable.push(entry.path());
        }
    }
    zips.sort();
    scan.package_zip = zips.into_iter().next();
    Some(scan)
}

/// Every connector folder below `dir` (batch mode), in path order. Connector folders are leaves;
/// hidden folders, `node_modules` and cargo `target` folders are skipped; symlinks are not followed.
#[must_use]
pub fn find_connector_folders(dir: &Path) -> Vec<FoundFolder> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let Some(scan) = scan_folder(&current) else {
            continue;
        };
        // `dir` itself is the caller's to judge: only what lies below it is a batch member.
        if scan.connector && current != dir {
            found.push(FoundFolder {
                path: current,
                package_zip: scan.package_zip,
            });
        } else {
            stack.extend(scan.walkable);
        }
    }
    found.sort_by(|a, b| a.path.cmp(&b.path));
    found
}
