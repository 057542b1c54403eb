//! Writing what pcpkg produces (`pack`, `new`, `readme`): names made from input, and atomic
//! output that never leaves a partial file or folder behind (reliability.md §6, §7).
//!
//! Every output is built under a temporary name in the destination's own folder (a rename
//! cannot cross file systems) and renamed into place. Temporary paths are registered so a
//! Ctrl-C handler can remove them before exiting 130: `tempfile` does not clean up when a
//! signal ends the process.

use std::fs;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use crate::error::Error;

/// Temporary files and folders that exist right now, for the interrupt handler.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn register(path: &Path) {
    if let Ok(mut pending) = PENDING.lock() {
        pending.push(path.to_path_buf());
    }
}

/// Creates a temporary output and registers it in one step under the lock, so an interrupt
/// cannot fall between the two and leave an unregistered file behind.
fn create_registered<T>(
    create: impl FnOnce() -> io::Result<T>,
    path_of: impl Fn(&T) -> &Path,
) -> io::Result<T> {
    let mut pending = PENDING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let created = create()?;
    pending.push(path_of(&created).to_path_buf());
    Ok(created)
}

fn unregister(path: &Path) {
    if let Ok(mut pending) = PENDING.lock() {
        pending.retain(|p| p != path);
    }
}

/// Removes every pending temporary output. Called by the Ctrl-C handler before exit 130.
pub fn remove_pending() {
    let mut pending = PENDING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    remove_all(&mut pending);
}

fn remove_all(pending: &mut Vec<PathBuf>) {
    for path in pending.drain(..) {
        if path.is_dir() {
            let _ = fs::remove_dir_all(&path);
        } else {
            let _ = fs::remove_file(&path);
        }
    }
}

/// Installs the SIGINT handler: remove pending temporary outputs, then exit 130. Commands that
/// write call this once before they start; a second call is harmless.
pub fn install_interrupt_handler() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            // The lock is held until the process ends: no new temporary output can be created
            // (see `create_registered`) between the clean-up and the exit.
            let mut pending = PENDING
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            remove_all(&mut pending);
            #[allow(clippy::exit)]
            // the process is being interrupted: there is no caller to return to
            std::process::exit(130);
        });
    });
}

/// Whether an existing output may be replaced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overwrite {
    /// Exit 2 when the output exists (the default).
    Refuse,
    /// `--force`: replace it atomically.
    Replace,
}

/// Writes `bytes` to `path` atomically: a temporary file beside it, `sync_all`, then a rename.
/// With [`Overwrite::Refuse`] an existing `path` is an error and is left unchanged, and of two
/// processes racing to the same path exactly one wins (`persist_noclobber`). The destination's
/// folder must exist: pcpkg does not create folders the user did not ask for.
pub fn write_file_atomic(path: &Path, bytes: &[u8], overwrite: Overwrite) -> Result<(), Error> {
    let folder = parent_folder(path);
    if !folder.is_dir() {
        return Err(Error::Usage(format!(
            "cannot write `{}`: the folder `{}` does not exist",
            path.display(),
            folder.display()
        )));
    }
    if overwrite == Overwrite::Refuse && fs::symlink_metadata(path).is_ok() {
        return Err(exists_error(path));
    }
    let mut temp = create_registered(
        || {
            with_mode(
                tempfile::Builder::new().prefix(".pcpkg-").suffix(".tmp"),
                0o666,
            )
            .tempfile_in(folder)
        },
        |temp| temp.path(),
    )
    .map_err(|e| write_error(path, e))?;
    let temp_path = temp.path().to_path_buf();
    let written = temp
        .write_all(bytes)
        .and_then(|()| temp.as_file().sync_all());
    if let Err(e) = written {
        unregister(&temp_path);
        return Err(write_error(path, e));
    }
    let persisted = match overwrite {
        Overwrite::Refuse => temp.persist_noclobber(path),
        Overwrite::Replace => temp.persist(path),
    };
    unregister(&temp_path);
    match persisted {
        Ok(_) => Ok(()),
        Err(e) if e.error.kind() == io::ErrorKind::AlreadyExists => Err(exists_error(path)),
        Err(e) => Err(write_error(path, e.error)),
    }
}

/// A folder being built under a temporary name beside its destination; [`StagedFolder::commit`]
/// renames it into place. Dropped without committing, it is removed.
#[derive(Debug)]
pub struct StagedFolder {
    temp: Option<tempfile::TempDir>,
    destination: PathBuf,
    overwrite: Overwrite,
}

impl StagedFolder {
    /// Starts building `destination`. Fails when its parent folder is missing, or when it exists
    /// (as anything but an empty folder) and `overwrite` is [`Overwrite::Refuse`].
    pub fn new(destination: &Path, overwrite: Overwrite) -> Result<Self, Error> {
        let folder = parent_folder(destination);
        if !folder.is_dir() {
            return Err(Error::Usage(format!(
                "cannot create `{}`: the folder `{}` does not exist",
                destination.display(),
                folder.display()
            )));
        }
        if overwrite == Overwrite::Refuse && !is_absent_or_empty_dir(destination) {
            return Err(exists_error(destination));
        }
        let temp = create_registered(
            || with_mode(tempfile::Builder::new().prefix(".pcpkg-"), 0o777).tempdir_in(folder),
            |temp| temp.path(),
        )
        .map_err(|e| write_error(destination, e))?;
        Ok(Self {
            temp: Some(temp),
            destination: destination.to_path_buf(),
            overwrite,
        })
    }

    /// The temporary folder to write into.
    #[must_use]
    pub fn path(&self) -> &Path {
        self.temp.as_ref().map_or(&self.destination, |t| t.path())
    }

    /// Writes one file inside the staged folder (`relative` may contain `/`; its folders are
    /// created). `relative` must be made of normal components.
    pub fn write(&self, relative: &str, bytes: &[u8]) -> Result<(), Error> {
        let relative_path = Path::new(relative);
        if relative_path
            .components()
            .any(|c| !matches!(c, Component::Normal(_)))
        {
            return Err(Error::Usage(format!(
                "internal error: `{relative}` is not a relative path"
            )));
        }
        let path = self.path().join(relative_path);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| write_error(&self.destination, e))?;
        }
        let mut file = fs::File::create(&path).map_err(|e| write_error(&self.destination, e))?;
        file.write_all(bytes)
            .and_then(|()| file.sync_all())
            .map_err(|e| write_error(&self.destination, e))
    }

    /// Renames the staged folder into place. An existing destination is replaced only with
    /// [`Overwrite::Replace`]: it is moved aside first and removed once the new one is in place.
    pub fn commit(mut self) -> Result<(), Error> {
        let Some(temp) = self.temp.take() else {
            return Ok(());
        };
        let staged = temp.keep();
        let result = self.move_into_place(&staged);
        if result.is_err() {
            let _ = fs::remove_dir_all(&staged);
        }
        unregister(&staged);
        result
    }

    fn move_into_place(&self, staged: &Path) -> Result<(), Error> {
        let destination = &self.destination;
        match fs::symlink_metadata(destination) {
            Err(_) => {}
            Ok(_) if is_absent_or_empty_dir(destination) => {
                // An empty folder the user made for us: rename replaces it on Unix; elsewhere
                // remove it first.
                let _ = fs::remove_dir(destination);
            }
            Ok(_) if self.overwrite == Overwrite::Refuse => return Err(exists_error(destination)),
            Ok(metadata) => {
                let aside = staged.with_extension("old");
                // Registered first: an interrupt after this rename must not leave it behind.
                register(&aside);
                if let Err(e) = fs::rename(destination, &aside) {
                    unregister(&aside);
                    return Err(write_error(destination, e));
                }
                let renamed = fs::rename(staged, destination);
                if let Err(e) = renamed {
                    let _ = fs::rename(&aside, destination);
                    unregister(&aside);
                    return Err(write_error(destination, e));
                }
                let _ = if metadata.is_dir() {
                    fs::remove_dir_all(&aside)
                } else {
                    fs::remove_file(&aside)
                };
                unregister(&aside);
                return Ok(());
            }
        }
        fs::rename(staged, destination).map_err(|e| match e.kind() {
            io::ErrorKind::AlreadyExists | io::ErrorKind::DirectoryNotEmpty => {
                exists_error(destination)
            }
            _ => write_error(destination, e),
        })
    }
}

impl Drop for StagedFolder {
    fn drop(&mut self) {
        if let Some(temp) = self.temp.take() {
            unregister(temp.path());
            // TempDir's own drop removes it.
        }
    }
}

/// Sets the mode an output is created with, before the umask: the output is the user's file or
/// folder like any other, not the owner-only temporary `tempfile` makes by default.
fn with_mode<'a, 'b>(
    builder: &'a mut tempfile::Builder<'b, 'b>,
    mode: u32,
) -> &'a mut tempfile::Builder<'b, 'b> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(mode))
    }
    #[cfg(not(unix))]
    {
        let _ = mode;
        builder
    }
}

fn is_absent_or_empty_dir(path: &Path) -> bool {
    match fs::symlink_metadata(path) {
        Err(_) => true,
        Ok(m) if m.is_dir() => fs::read_dir(path).is_ok_and(|mut entries| entries.next().is_none()),
        Ok(_) => false,
    }
}

fn parent_folder(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

fn exists_error(path: &Path) -> Error {
    Error::Usage(format!(
        "`{}` already exists; pass --force to replace it",
        path.display()
    ))
}

fn write_error(path: &Path, source: io::Error) -> Error {
    Error::Usage(format!("cannot write `{}`: {source}", path.display()))
}

/// Why a name cannot be a folder or file name pcpkg creates (reliability.md §7).
fn unsafe_name_reason(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        return Some("it is empty");
    }
    if name.len() > 255 {
        return Some("it is longer than 255 bytes");
    }
    if name == "." || name == ".." {
        return Some("it is not a folder name");
    }
    if name.contains(['/', '\\']) {
        return Some("it contains a path separator");
    }
    if name.chars().any(is_control_or_bidi) {
        return Some("it contains control or bidirectional-text characters");
    }
    if name.ends_with(['.', ' ']) {
        return Some("it ends with a dot or a space, which Windows drops");
    }
    if is_reserved_on_windows(name) {
        return Some("it is a device name reserved on Windows");
    }
    None
}

/// Checks the last component of a DIR or `--name` the user gave explicitly.
pub fn check_explicit_name(path: &Path) -> Result<(), Error> {
    let name = match path.components().next_back() {
        Some(Component::Normal(name)) => name.to_string_lossy(),
        _ => {
            return Err(Error::Usage(format!(
                "`{}` does not end in a folder name",
                path.display()
            )));
        }
    };
    match unsafe_name_reason(&name) {
        Some(reason) => Err(Error::Usage(format!(
            "cannot use `{}` as a name: {reason}",
            path.display()
        ))),
        None => Ok(()),
    }
}

/// Makes a title (`info.title`, `--title`) into a single safe path component (cli.md `new`):
/// path separators, `..`, control and bidi characters and a trailing dot or space become `-`,
/// and a name reserved on Windows gets `-` appended to its stem. Anything still unsafe is an error.
pub fn slug_component(title: &str) -> Result<String, Error> {
    let mut name: String = title
        .trim()
        .chars()
        .map(|c| {
            if c == '/' || c == '\\' || is_control_or_bidi(c) {
                '-'
            } else {
                c
            }
        })
        .collect();
    while name.contains("..") {
        name = name.replace("..", "-");
    }
    while name.ends_with(['.', ' ']) {
        name.pop();
        name.push('-');
        if name.chars().all(|c| c == '-') {
            break;
        }
    }
    if is_reserved_on_windows(&name) {
        // After the stem: Windows ignores the extension (`nul.txt` is the device too).
        let stem_end = name.find('.').unwrap_or(name.len());
        name.insert(stem_end, '-');
    }
    match unsafe_name_reason(&name) {
        Some(reason) => Err(Error::Usage(format!(
            "cannot make a folder name from the title `{}`: {reason}; pass a name explicitly",
            title.escape_debug()
        ))),
        None => Ok(name),
    }
}

fn is_control_or_bidi(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Windows device names, in any case and with any extension (`con.txt`), as CPython's
/// `ntpath.isreserved` lists them (superscript digits included).
fn is_reserved_on_windows(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).trim_end_matches(' ');
    let upper = stem.to_uppercase();
    if matches!(
        upper.as_str(),
        "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$"
    ) {
        return true;
    }
    for prefix in ["COM", "LPT"] {
        if let Some(rest) = upper.strip_prefix(prefix) {
            let mut chars = rest.chars();
            if let (Some(digit), None) = (chars.next(), chars.next()) {
                return matches!(digit, '1'..='9' | '¹' | '²' | '³');
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_single_safe_components() {
        assert_eq!(slug_component("Contoso Tasks").unwrap(), "Contoso Tasks");
        assert_eq!(slug_component("Café").unwrap(), "Café");
        assert_eq!(slug_component("../../escape2").unwrap(), "----escape2");
        assert_eq!(
            slug_component("/tmp/pcpkg-hostile-escape/t2").unwrap(),
            "-tmp-pcpkg-hostile-escape-t2"
        );
        assert_eq!(slug_component("x/../../y2").unwrap(), "x-----y2");
        assert_eq!(slug_component("CON").unwrap(), "CON-");
        assert_eq!(slug_component("nul.txt").unwrap(), "nul-.txt");
        assert_eq!(slug_component("Title.").unwrap(), "Title-");
        assert_eq!(slug_component("a\u{202E}b").unwrap(), "a-b");
        assert!(slug_component("").is_err());
        assert!(slug_component("   ").is_err());
    }

    #[test]
    fn explicit_names_are_checked() {
        for bad in [
            "CON", "nul", "COM1", "LPT9", "con.txt", "AUX.json", "CONIN$", "COM¹", "x.", "x ",
            "a\u{7}b", "..",
        ] {
            assert!(check_explicit_name(Path::new(bad)).is_err(), "{bad}");
        }
        let long = "a".repeat(256);
        assert!(check_explicit_name(Path::new(&long)).is_err());
        for good in ["Café", "out/Contoso", "../x", "COM10", "console"] {
            assert!(check_explicit_name(Path::new(good)).is_ok(), "{good}");
        }
    }

    #[test]
    fn atomic_file_write_refuses_existing_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.zip");
        write_file_atomic(&path, b"one", Overwrite::Refuse).unwrap();
        assert!(write_file_atomic(&path, b"two", Overwrite::Refuse).is_err());
        assert_eq!(fs::read(&path).unwrap(), b"one");
        write_file_atomic(&path, b"two", Overwrite::Replace).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert!(
            write_file_atomic(&dir.path().join("missing/out.zip"), b"x", Overwrite::Refuse)
                .is_err()
        );
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("out.zip")]);
    }

    #[test]
    fn staged_folder_commits_or_vanishes() {
        let dir = tempfile::tempdir().unwrap();
        let destination = dir.path().join("Contoso");
        let staged = StagedFolder::new(&destination, Overwrite::Refuse).unwrap();
        staged.write("a/b.txt", b"x").unwrap();
        staged.commit().unwrap();
        assert_eq!(fs::read(destination.join("a/b.txt")).unwrap(), b"x");
        assert!(StagedFolder::new(&destination, Overwrite::Refuse).is_err());
        let dropped = StagedFolder::new(&dir.path().join("Other"), Overwrite::Refuse).unwrap();
        dropped.write("x", b"y").unwrap();
        drop(dropped);
        let replaced = StagedFolder::new(&destination, Overwrite::Replace).unwrap();
        replaced.write("c.txt", b"z").unwrap();
        replaced.commit().unwrap();
        assert!(!destination.join("a").exists());
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("Contoso")]);
    }
}
