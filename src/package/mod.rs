//! The package model: what a connector folder, zip or single file holds, read once, with
//! every JSON file parsed into a span-preserving tree. A reader never knows a rule; problems
//! it meets while reading (unsafe archives and files) are recorded as data for PK009/PK014.

pub mod load;
pub mod partner_center;
pub mod swagger;

use std::sync::OnceLock;

use crate::json::{DuplicateKey, EncodingError, LineIndex, Node, ParseError};

/// How a package was given (rules.md §1.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    Folder,
    Zip,
    PartnerCenter,
    File,
}

impl Mode {
    /// The `kind` member of the JSON report.
    #[must_use]
    pub fn kind(self) -> &'static str {
        match self {
            Mode::Folder => "folder",
            Mode::Zip => "zip",
            Mode::PartnerCenter => "partner-center",
            Mode::File => "file",
        }
    }

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Folder => "folder",
            Mode::Zip => "zip",
            Mode::PartnerCenter => "pc",
            Mode::File => "file",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Profile {
    Certified,
    IndependentPublisher,
    Custom,
}

impl Profile {
    pub const ALL: [Profile; 3] = [
        Profile::Certified,
        Profile::IndependentPublisher,
        Profile::Custom,
    ];

    #[must_use]
    pub fn index(self) -> usize {
        match self {
            Profile::Certified => 0,
            Profile::IndependentPublisher => 1,
            Profile::Custom => 2,
        }
    }

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Certified => "certified",
            Profile::IndependentPublisher => "independent-publisher",
            Profile::Custom => "custom",
        }
    }

    #[must_use]
    pub fn parse(s: &str) -> Option<Profile> {
        Profile::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

/// Index of a file in `Package::files`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub u32);

/// The connector artifacts, by role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Artifact {
    Swagger,
    Properties,
    Icon,
    Script,
    Readme,
    Intro,
}

impl Artifact {
    pub const ALL: [Artifact; 6] = [
        Artifact::Swagger,
        Artifact::Properties,
        Artifact::Icon,
        Artifact::Script,
        Artifact::Readme,
        Artifact::Intro,
    ];

    /// The canonical file name.
    #[must_use]
    pub fn canonical_name(self) -> &'static str {
        match self {
            Artifact::Swagger => "apiDefinition.swagger.json",
            Artifact::Properties => "apiProperties.json",
            Artifact::Icon => "icon.png",
            Artifact::Script => "script.csx",
            Artifact::Readme => "readme.md",
            Artifact::Intro => "intro.md",
        }
    }

    /// The artifact a file name stands for, compared case-insensitively.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Artifact> {
        Artifact::ALL
            .into_iter()
            .find(|a| a.canonical_name().eq_ignore_ascii_case(name))
    }

    /// Read limit for this artifact: larger files are not read (SW001/AP001, IC007, SC001).
    #[must_use]
    pub fn read_limit(self) -> u64 {
        match self {
            Artifact::Swagger | Artifact::Properties => JSON_LIMIT,
            Artifact::Icon | Artifact::Script => 1024 * 1024,
            Artifact::Readme | Artifact::Intro => 4 * 1024 * 1024,
        }
    }
}

/// Every JSON file: at most 16 MiB (reliability.md §0).
pub const JSON_LIMIT: u64 = 16 * 1024 * 1024;

/// A JSON file, as far as it could be read.
#[derive(Debug)]
pub enum JsonData {
    Parsed {
        root: Node,
        had_bom: bool,
        duplicates: Vec<DuplicateKey>,
    },
    Encoding(EncodingError),
    Syntax {
        error: ParseError,
        had_bom: bool,
    },
}

/// What was read of a file.
#[derive(Debug)]
pub enum FileData {
    Json(JsonData),
    /// Markdown or C#: the bytes decoded as UTF-8 (lossily; `valid_utf8` says whether that was needed).
    Text {
        valid_utf8: bool,
        had_bom: bool,
    },
    Bytes(Vec<u8>),
    /// Over the artifact's read limit: not read at all.
    TooLarge {
        limit: u64,
    },
}

#[derive(Debug)]
pub struct SourceFile {
    /// Display path (relative to the working directory, `archive!/member` in archives).
    pub path: String,
    /// Path inside the package, `/`-separated (`apiDefinition.swagger.json`, `docs/readme.md`).
    pub name: String,
    pub size: u64,
    pub data: FileData,
    /// The text positions refer to (JSON, markdown, C#), BOM removed.
    pub text: Option<String>,
    /// Built on first use: most files never need a position resolved.
    line_index: OnceLock<LineIndex>,
}

impl SourceFile {
    #[must_use]
    pub fn new(
        path: String,
        name: String,
        size: u64,
        data: FileData,
        text: Option<String>,
    ) -> Self {
        Self {
            path,
            name,
            size,
            data,
            text,
            line_index: OnceLock::new(),
        }
    }

    /// Line starts of the text, computed once when first asked for.
    #[must_use]
    pub fn line_index(&self) -> Option<&LineIndex> {
        let text = self.text.as_deref()?;
        Some(self.line_index.get_or_init(|| LineIndex::new(text)))
    }

    /// The parsed JSON root, when the file parsed cleanly.
    #[must_use]
    pub fn json(&self) -> Option<&Node> {
        match &self.data {
            FileData::Json(JsonData::Parsed { root, .. }) => Some(root),
            _ => None,
        }
    }

    #[must_use]
    pub fn text(&self) -> Option<&str> {
        self.text.as_deref()
    }

    #[must_use]
    pub fn bytes(&self) -> Option<&[u8]> {
        match &self.data {
            FileData::Bytes(b) => Some(b),
            _ => None,
        }
    }
}

/// What kind of thing an inventory entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    File,
    Dir,
    /// A symlink in a folder (not followed), or a symlink entry in a zip.
    Symlink,
    /// FIFO, socket, device.
    Special,
}

/// One thing the package holds, whether or not pcpkg read it (PK005–PK008, PK012, PK013).
#[derive(Clone, Debug)]
pub struct InventoryEntry {
    /// Path inside the package, `/`-separated, directories without a trailing `/`.
    pub name: String,
    pub kind: EntryKind,
    pub size: u64,
}

/// A problem met while reading the input itself (rules PK009 and PK014 report them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadProblem {
    pub kind: LoadProblemKind,
    /// Display path of the offending file or entry (or of the archive).
    pub path: String,
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoadProblemKind {
    /// Archive safety (PK009).
    Archive,
    /// An unsafe file in a connector folder (PK014).
    UnsafeFile,
}

#[derive(Debug)]
pub struct Package {
    /// Display path of the package (cli.md "Output").
    pub path: String,
    pub mode: Mode,
    pub profile: Profile,
    /// Display prefix of files in the package: `Contoso/`, `x.zip!/`, or `` for a single file's folder.
    pub prefix: String,
    /// In a zip: the single folder wrapping every entry (PK008); artifacts were looked up inside it.
    pub wrapping_folder: Option<String>,
    pub files: Vec<SourceFile>,
    pub inventory: Vec<InventoryEntry>,
    pub problems: Vec<LoadProblem>,
    swagger: Option<FileId>,
    properties: Option<FileId>,
    icon: Option<FileId>,
    script: Option<FileId>,
    readme: Option<FileId>,
    intro: Option<FileId>,
    /// A `*.swagger.json` standing in for a missing `apiDefinition.swagger.json` (PK003).
    pub swagger_is_candidate: bool,
    /// pc mode: every level of the Partner Center package (PK020–PK027 read it).
    pub partner_center: Option<Box<partner_center::PartnerCenter>>,
    /// pc mode: the virtual apiProperties.json built from the connector solution (rules.md
    /// §1.2), and where each of its members came from.
    pub virtual_properties: Option<partner_center::VirtualProperties>,
}

impl Package {
    pub(crate) fn new(path: String, mode: Mode, profile: Profile, prefix: String) -> Self {
        Self {
            path,
            mode,
            profile,
            prefix,
            wrapping_folder: None,
            files: Vec::new(),
            inventory: Vec::new(),
            problems: Vec::new(),
            swagger: None,
            properties: None,
            icon: None,
            script: None,
            readme: None,
            intro: None,
            swagger_is_candidate: false,
            partner_center: None,
            virtual_properties: None,
        }
    }

    #[must_use]
    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    pub(crate) fn add_file(&mut self, file: SourceFile) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).expect("fewer than 4 billion files"));
        self.files.push(file);
        id
    }

    pub(crate) fn set_artifact(&mut self, artifact: Artifact, id: FileId) {
        *self.slot(artifact) = Some(id);
    }

    fn slot(&mut self, artifact: Artifact) -> &mut Option<FileId> {
        match artifact {
            Artifact::Swagger => &mut self.swagger,
            Artifact::Properties => &mut self.properties,
            Artifact::Icon => &mut self.icon,
            Artifact::Script => &mut self.script,
            Artifact::Readme => &mut self.readme,
            Artifact::Intro => &mut self.intro,
        }
    }

    /// The file playing an artifact's role, when the package holds one.
    #[must_use]
    pub fn artifact(&self, artifact: Artifact) -> Option<FileId> {
        match artifact {
            Artifact::Swagger => self.swagger,
            Artifact::Properties => self.properties,
            Artifact::Icon => self.icon,
            Artifact::Script => self.script,
            Artifact::Readme => self.readme,
            Artifact::Intro => self.intro,
        }
    }

    /// The swagger's parsed root, when it parsed cleanly (rules.md §1.4: otherwise other rules skip it).
    #[must_use]
    pub fn swagger(&self) -> Option<(FileId, &Node)> {
        let id = self.swagger?;
        self.file(id).json().map(|root| (id, root))
    }

    /// apiProperties.json's parsed root, when it parsed cleanly.
    #[must_use]
    pub fn properties(&self) -> Option<(FileId, &Node)> {
        let id = self.properties?;
        self.file(id).json().map(|root| (id, root))
    }

    /// The files AP001–AP003 check: apiProperties.json, or in pc mode each of the connector's
    /// JSON files that stand for a part of it (rules.md §1.2).
    #[must_use]
    pub fn properties_files(&self) -> Vec<FileId> {
        match &self.partner_center {
            Some(pc) => pc.mapped_json.clone(),
            None => self.properties.into_iter().collect(),
        }
    }

    /// How messages name the file holding a `properties` member: `apiProperties.json`, or in pc
    /// mode the connector file that stands for it (rules.md §1.2).
    #[must_use]
    pub fn properties_file_name(&self, member: &str) -> &'static str {
        if self.mode != Mode::PartnerCenter {
            return Artifact::Properties.canonical_name();
        }
        match member {
            "connectionParameters" => "`*_connectionparameters.json`",
            "connectionParameterSets" => "`*_connectionparametersets.json`",
            "policyTemplateInstances" => "`*_policytemplateinstances.json`",
            _ => "`customizations.xml`",
        }
    }

    /// The display path a file of this package has, or would have if it existed.
    #[must_use]
    pub fn display_path(&self, name: &str) -> String {
        format!("{}{name}", self.prefix)
    }
}
