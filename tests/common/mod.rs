//! Test fixtures built in code: rule cases from `tests/fixtures/rules`, generated icons and zips.
#![allow(dead_code, unreachable_pub)]

pub mod cli;
pub mod pc;

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// Settings of one fixture case (`case.toml`, all optional).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CaseConfig {
    /// certified (default), independent-publisher or custom.
    pub profile: Option<String>,
    #[serde(default)]
    pub strict: bool,
    /// folder (default), zip or file.
    pub mode: Option<String>,
    /// file mode: the artifact file to validate.
    pub file: Option<String>,
    /// zip mode: put every file under this folder inside the zip.
    pub wrap: Option<String>,
    /// An icon.png to generate in the case folder.
    pub icon: Option<IconSpec>,
    /// Extra zip entries (zip mode), written as given.
    #[serde(default)]
    pub zip_entry: Vec<ZipEntrySpec>,
    /// Symlinks to create in the folder (link name relative to the case; target as written).
    #[serde(default)]
    pub symlink: Vec<SymlinkSpec>,
    /// FIFOs to create in the folder.
    #[serde(default)]
    pub fifo: Vec<String>,
    /// Folders to create (empty) in the case folder.
    #[serde(default)]
    pub dir: Vec<String>,
    /// pc mode: the package to start from, `standard` (default: well-formed, tests/common/pc.rs)
    /// or `empty`. The case's files and `[[zip-entry]]`s are then written over it, at paths
    /// that cross into a nested zip at each `*.zip` component.
    pub pc_base: Option<String>,
    /// pc mode: files (or folders, or nested zips) removed from the base before the overlay.
    #[serde(default)]
    pub pc_remove: Vec<String>,
    /// `--plugin` (rules.md PK022).
    #[serde(default)]
    pub plugin: bool,
    /// Pad `apiDefinition.swagger.json` with trailing spaces to this many bytes (PK010, PK011),
    /// so that big swaggers need not be committed.
    pub pad_swagger_to: Option<usize>,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct IconSpec {
    #[serde(default = "default_side")]
    pub width: u32,
    #[serde(default = "default_side")]
    pub height: u32,
    /// Background, `#rrggbb`.
    pub color: String,
    /// Corner pixels, `#rrggbb` (default: the background).
    pub corner_color: Option<String>,
    /// Corner alpha (default 255).
    pub corner_alpha: Option<u8>,
    /// Write these bytes instead of a PNG (for IC001).
    pub raw: Option<String>,
    /// File name (default `icon.png`).
    pub name: Option<String>,
    /// Pad the file to this many bytes with a trailing ancillary chunk (for IC007).
    pub pad_to: Option<usize>,
}

fn default_side() -> u32 {
    230
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct ZipEntrySpec {
    pub name: String,
    #[serde(default)]
    pub content: String,
}

#[derive(Debug, Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct SymlinkSpec {
    pub link: String,
    pub target: String,
}

/// Parses `#rrggbb`.
pub fn rgb(hex: &str) -> [u8; 3] {
    let hex = hex.trim_start_matches('#');
    let byte =
        |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).expect("fixture colour is #rrggbb");
    [byte(0), byte(2), byte(4)]
}

/// A PNG of one colour, with the four corner pixels set apart.
pub fn png(spec: &IconSpec) -> Vec<u8> {
    if let Some(raw) = &spec.raw {
        return raw.as_bytes().to_vec();
    }
    let [r, g, b] = rgb(&spec.color);
    let mut image =
        image::RgbaImage::from_pixel(spec.width, spec.height, image::Rgba([r, g, b, 255]));
    let [cr, cg, cb] = spec.corner_color.as_deref().map_or([r, g, b], rgb);
    let ca = spec.corner_alpha.unwrap_or(255);
    if spec.width > 0 && spec.height > 0 {
        for (x, y) in [
            (0, 0),
            (spec.width - 1, 0),
            (0, spec.height - 1),
            (spec.width - 1, spec.height - 1),
        ] {
            image.put_pixel(x, y, image::Rgba([cr, cg, cb, ca]));
        }
    }
    let mut bytes = Vec::new();
    image::DynamicImage::ImageRgba8(image)
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .expect("encode png");
    if let Some(target) = spec.pad_to
        && target > bytes.len() + 12
    {
        // Insert a private ancillary chunk before IEND so the file stays a valid PNG.
        let iend = bytes.len() - 12;
        let data = vec![0u8; target - bytes.len() - 12];
        let mut chunk = Vec::new();
        chunk.extend_from_slice(&u32::try_from(data.len()).unwrap().to_be_bytes());
        chunk.extend_from_slice(b"pcPk");
        chunk.extend_from_slice(&data);
        let mut crc = crc32fast::Hasher::new();
        crc.update(b"pcPk");
        crc.update(&data);
        chunk.extend_from_slice(&crc.finalize().to_be_bytes());
        bytes.splice(iend..iend, chunk);
    }
    bytes
}

/// The clean certified icon of the Contoso example: 230×230, opaque, in its `iconBrandColor`.
pub fn contoso_icon_spec() -> IconSpec {
    IconSpec {
        width: 230,
        height: 230,
        color: pc::BRAND_COLOR.to_owned(),
        corner_color: None,
        corner_alpha: None,
        raw: None,
        name: None,
        pad_to: None,
    }
}

/// The PNG of [`contoso_icon_spec`].
pub fn contoso_icon() -> Vec<u8> {
    png(&contoso_icon_spec())
}

/// Builds a zip in memory from (name, bytes) pairs, deflated, in the given order.
pub fn zip_bytes(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut cursor = std::io::Cursor::new(Vec::new());
    {
        let mut writer = zip::ZipWriter::new(&mut cursor);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in entries {
            if name.ends_with('/') {
                writer
                    .add_directory(name.trim_end_matches('/'), options)
                    .expect("zip dir");
            } else {
                writer
                    .start_file(name.as_str(), options)
                    .expect("zip entry");
                writer.write_all(bytes).expect("zip write");
            }
        }
        writer.finish().expect("zip finish");
    }
    cursor.into_inner()
}

/// Every entry of a zip, read with the `zip` crate (not ours): (name, content), in zip order.
pub fn zip_entries(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut content = Vec::new();
            file.read_to_end(&mut content).unwrap();
            (file.name().to_owned(), content)
        })
        .collect()
}

/// The entry names of a zip, in zip order.
pub fn zip_names(bytes: &[u8]) -> Vec<String> {
    zip_entries(bytes).into_iter().map(|(n, _)| n).collect()
}

/// Every regular file below `dir`, as (`/`-separated relative name, bytes), sorted.
pub fn read_tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), String::new())];
    while let Some((current, rel)) = stack.pop() {
        for entry in fs::read_dir(&current)
            .expect("read fixture dir")
            .map(Result::unwrap)
        {
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel_name = if rel.is_empty() {
                name.clone()
            } else {
                format!("{rel}/{name}")
            };
            let file_type = entry.file_type().unwrap();
            if file_type.is_dir() {
                stack.push((entry.path(), rel_name));
            } else if file_type.is_file() {
                out.push((rel_name, fs::read(entry.path()).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// A fixture case laid out in a temporary folder: `root/connector` (folder mode),
/// `root/connector.zip` (zip mode) or `root/connector/<file>` (file mode).
pub struct Case {
    pub dir: tempfile::TempDir,
    /// The PATH to validate, relative to `dir`.
    pub target: PathBuf,
    pub config: CaseConfig,
}

impl Case {
    pub fn root(&self) -> &Path {
        self.dir.path()
    }
}

/// Lays out one case folder of `tests/fixtures/rules/*/*`.
pub fn build_case(case_dir: &Path) -> Case {
    let config: CaseConfig = match fs::read_to_string(case_dir.join("case.toml")) {
        Ok(text) => toml::from_str(&text)
            .unwrap_or_else(|e| panic!("{}: bad case.toml: {e}", case_dir.display())),
        Err(_) => CaseConfig::default(),
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let mut files: Vec<(String, Vec<u8>)> = read_tree(case_dir)
        .into_iter()
        .filter(|(name, _)| name != "case.toml")
        .collect();
    if let Some(target) = config.pad_swagger_to {
        let (_, bytes) = files
            .iter_mut()
            .find(|(name, _)| name == "apiDefinition.swagger.json")
            .unwrap_or_else(|| {
                panic!(
                    "{}: pad-swagger-to needs apiDefinition.swagger.json",
                    case_dir.display()
                )
            });
        assert!(
            bytes.len() <= target,
            "{}: the swagger is already longer than pad-swagger-to",
            case_dir.display()
        );
        bytes.resize(target, b' ');
    }
    if let Some(icon) = &config.icon {
        files.push((
            icon.name.clone().unwrap_or_else(|| "icon.png".to_owned()),
            png(icon),
        ));
    }
    let mode = config.mode.as_deref().unwrap_or("folder");
    let target = match mode {
        "zip" => {
            let prefix = config
                .wrap
                .as_ref()
                .map(|w| format!("{w}/"))
                .unwrap_or_default();
            let mut entries: Vec<(String, Vec<u8>)> = files
                .into_iter()
                .map(|(name, bytes)| (format!("{prefix}{name}"), bytes))
                .collect();
            entries.extend(
                config
                    .zip_entry
                    .iter()
                    .map(|e| (e.name.clone(), e.content.as_bytes().to_vec())),
            );
            fs::write(dir.path().join("connector.zip"), zip_bytes(&entries)).unwrap();
            PathBuf::from("connector.zip")
        }
        "pc" => {
            let mut tree = match config.pc_base.as_deref().unwrap_or("standard") {
                "standard" => pc::PcTree::standard(),
                "empty" => pc::PcTree::empty(),
                other => panic!("{}: unknown pc-base {other}", case_dir.display()),
            };
            for path in &config.pc_remove {
                tree.remove(path);
            }
            for (name, bytes) in files {
                tree.set_bytes(&name, bytes);
            }
            for entry in &config.zip_entry {
                tree.set(&entry.name, &entry.content);
            }
            fs::write(dir.path().join("package.zip"), tree.build()).unwrap();
            PathBuf::from("package.zip")
        }
        "folder" | "file" => {
            let folder = dir.path().join("connector");
            fs::create_dir_all(&folder).unwrap();
            for (name, bytes) in &files {
                let path = folder.join(name);
                fs::create_dir_all(path.parent().unwrap()).unwrap();
                fs::write(path, bytes).unwrap();
            }
            for sub in &config.dir {
                fs::create_dir_all(folder.join(sub)).unwrap();
            }
            for link in &config.symlink {
                std::os::unix::fs::symlink(&link.target, folder.join(&link.link)).unwrap();
            }
            for fifo in &config.fifo {
                let status = std::process::Command::new("mkfifo")
                    .arg(folder.join(fifo))
                    .status()
                    .unwrap();
                assert!(status.success(), "mkfifo");
            }
            if mode == "file" {
                let file = config.file.clone().expect("file mode needs `file`");
                PathBuf::from("connector").join(file)
            } else {
                PathBuf::from("connector")
            }
        }
        other => panic!("{}: unknown mode {other}", case_dir.display()),
    };
    Case {
        dir,
        target,
        config,
    }
}
