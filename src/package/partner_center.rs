//! Reading a Partner Center `package.zip` (rules.md §1.2, cli.md "Inputs"): the outer zip
//! (`intro.md` + one `.pdpkg.zip`), the inner package and its single folder (`PkgAssets/`), and
//! each Dataverse solution zip in it, all in memory under one inflate budget. Nesting follows the
//! format and nothing else: package → `.pdpkg.zip` → solution zip, at most 3 levels
//! (reliability.md §0, §1.6); a zip anywhere else is recorded for PK009 and never opened.
//!
//! The connector inside the connector solution is then mapped onto the artifacts the other rules
//! know: `Connector/<name>_openapidefinition.json` is the swagger, `_iconblob.*` the icon, and a
//! virtual `apiProperties.json` is built from `_connectionparameters.json`,
//! `_connectionparametersets.json`, `_policytemplateinstances.json` and the `<Connector>` element of
//! `customizations.xml`. Its nodes keep their positions in the files they came from, and the
//! engine moves each finding on it back to that file ([`VirtualProperties::locate`]).
//!
//! Names inside the package are written with `!/` at every archive boundary
//! (`Contoso.pdpkg.zip!/PkgAssets/Contoso_1_0_0_0.zip!/customizations.xml`), so display paths
//! name every level: `package.zip!/Contoso.pdpkg.zip!/PkgAssets/…`.

use super::load::{add_implied_dirs, is_junk, push_archive_problems, source_file};
use super::{
    Artifact, EntryKind, FileData, FileId, InventoryEntry, JsonData, LoadProblem, LoadProblemKind,
    Mode, Package, Profile, SourceFile,
};
use crate::archive::{self, ArchiveLimits, InflateBudget, ZipRead};
use crate::json::{Member, Node, Pointer, TextRange, Value};
use crate::xml::{self, ElementId, XmlDocument, XmlError, XmlErrorKind};

/// The three files every solution zip holds at its root (CPV).
pub const SOLUTION_FILES: [&str; 3] = ["[Content_Types].xml", "customizations.xml", "solution.xml"];

/// How deep archives nest in a Partner Center package: package → `.pdpkg.zip` → solution zip.
pub const MAX_NESTING: usize = 3;

/// What pcpkg read of a Partner Center package, level by level (the rules PK020–PK027 read it).
#[derive(Debug, Default)]
pub struct PartnerCenter {
    /// `--plugin` was given (PK022).
    pub plugin_flag: bool,
    /// The entries at the root of the outer zip, with implied folders.
    pub outer: Vec<InventoryEntry>,
    /// The inner package that was opened, when the outer zip holds a zip.
    pub inner: Option<Inner>,
    /// Every solution zip directly in the inner package's folder, in name order.
    pub solutions: Vec<Solution>,
    /// Index in `solutions` of the connector solution whose connector is validated (PK024).
    pub connector_solution: Option<usize>,
    /// The connector's JSON files other than the swagger (AP001–AP003 check each).
    pub mapped_json: Vec<FileId>,
}

/// The inner package (`*.pdpkg.zip`).
#[derive(Debug)]
pub struct Inner {
    /// Its name at the root of the outer zip.
    pub name: String,
    /// False when it could not be read as a zip (PK009 says why).
    pub readable: bool,
    /// Its entries (names relative to it), with implied folders.
    pub entries: Vec<InventoryEntry>,
    /// The folder holding the solution zips (`PkgAssets`), when there is one.
    pub assets: Option<String>,
}

impl Inner {
    /// Its top-level folders, junk excluded, in name order.
    #[must_use]
    pub fn folders(&self) -> Vec<&str> {
        self.entries
            .iter()
            .filter(|e| e.kind == EntryKind::Dir && !e.name.contains('/') && !is_junk(&e.name))
            .map(|e| e.name.as_str())
            .collect()
    }
}

/// One Dataverse solution zip.
#[derive(Debug)]
pub struct Solution {
    /// Its name inside the inner package (`PkgAssets/Contoso_1_0_0_0.zip`).
    pub name: String,
    /// The package-relative prefix of its entries (`Contoso.pdpkg.zip!/PkgAssets/Contoso_1_0_0_0.zip!/`).
    pub prefix: String,
    /// False when it could not be read as a zip (PK009 says why).
    pub readable: bool,
    /// Its entries (names relative to the solution), with implied folders.
    pub entries: Vec<InventoryEntry>,
    /// `[Content_Types].xml`, `customizations.xml`, `solution.xml`, in [`SOLUTION_FILES`] order.
    pub xml: [Option<XmlPart>; 3],
}

/// A solution XML file: the package file holding its text, and the parsed document.
#[derive(Debug)]
pub struct XmlPart {
    pub file: FileId,
    pub document: Result<XmlDocument, XmlError>,
}

impl Solution {
    /// The file name of the solution zip (`Contoso_1_0_0_0.zip`).
    #[must_use]
    pub fn file_name(&self) -> &str {
        self.name.rsplit('/').next().unwrap_or(&self.name)
    }

    /// The parsed `customizations.xml`, when it is present and well-formed.
    #[must_use]
    pub fn customizations(&self) -> Option<(FileId, &XmlDocument)> {
        let part = self.xml[1].as_ref()?;
        part.document.as_ref().ok().map(|doc| (part.file, doc))
    }

    /// The first non-empty element of `customizations.xml` with this name (CPV's
    /// `SelectSingleNode("//name")`, case-insensitive as rules.md §1.2 says).
    #[must_use]
    pub fn non_empty(&self, name: &str) -> Option<ElementId> {
        let (_, doc) = self.customizations()?;
        doc.find_all(name)
            .find(|&id| doc.element(id).is_non_empty())
    }

    /// What CPV calls a connector solution: `<Connector>`, and neither `<Workflows>` nor a plugin.
    #[must_use]
    pub fn is_connector_only(&self) -> bool {
        self.non_empty("Connector").is_some()
            && self.non_empty("Workflows").is_none()
            && self.non_empty("aicopilot_aiplugin").is_none()
    }

    /// Whether a folder with exactly this name sits at the solution's root.
    #[must_use]
    pub fn has_folder(&self, name: &str) -> bool {
        self.entries
            .iter()
            .any(|e| e.kind == EntryKind::Dir && e.name == name)
    }

    /// Files directly in `folder/` (names relative to the solution), in name order.
    #[must_use]
    pub fn files_in(&self, folder: &str) -> Vec<&str> {
        let prefix = format!("{folder}/");
        self.entries
            .iter()
            .filter(|e| e.kind == EntryKind::File)
            .filter_map(|e| {
                let rest = e.name.strip_prefix(&prefix)?;
                (!rest.contains('/')).then_some(e.name.as_str())
            })
            .collect()
    }

    /// The file in `Connector/` whose name ends with `suffix` (ASCII case ignored), first in name order.
    #[must_use]
    pub fn connector_file(&self, suffix: &str) -> Option<&str> {
        self.files_in("Connector").into_iter().find(|name| {
            let lower = name.to_ascii_lowercase();
            lower.ends_with(suffix) && lower.len() > "Connector/".len() + suffix.len()
        })
    }

    /// The `_iconblob.<ext>` file in `Connector/`.
    #[must_use]
    pub fn icon_file(&self) -> Option<&str> {
        self.files_in("Connector").into_iter().find(|name| {
            let stem = name
                .rsplit_once('.')
                .map_or(*name, |(stem, _)| stem)
                .to_ascii_lowercase();
            stem.ends_with("_iconblob")
        })
    }
}

/// Where the members of the virtual `properties` object come from (rules.md §1.2).
#[derive(Debug)]
pub struct VirtualProperties {
    /// The package file holding the virtual apiProperties.json (never shown).
    pub file: FileId,
    /// `customizations.xml` and the `<Connector>` element's start tag: where a finding about
    /// `properties` itself, or a member it lacks, is reported.
    pub home: (FileId, TextRange),
    /// Member name → where its value is.
    pub members: Vec<(String, MemberSource)>,
}

#[derive(Clone, Copy, Debug)]
pub enum MemberSource {
    /// The root of a JSON file stands for the member.
    Json(FileId),
    /// The text of an element of `customizations.xml` stands for the member.
    Xml(FileId, TextRange),
}

/// Where a finding on the virtual apiProperties.json belongs.
#[derive(Debug, PartialEq, Eq)]
pub enum Origin {
    /// In a JSON file, at this pointer within it.
    Json(FileId, Pointer),
    /// In an XML file, at this range.
    Xml(FileId, TextRange),
}

impl VirtualProperties {
    /// Moves a pointer into the virtual document to the file its value came from.
    #[must_use]
    pub fn locate(&self, pointer: &Pointer) -> Origin {
        let segments: Vec<String> = pointer.segments().collect();
        if let [first, member, rest @ ..] = segments.as_slice()
            && first == "properties"
            && let Some((_, source)) = self.members.iter().find(|(name, _)| name == member)
        {
            return match *source {
                MemberSource::Json(file) => Origin::Json(file, Pointer::from_segments(rest)),
                MemberSource::Xml(file, range) => Origin::Xml(file, range),
            };
        }
        Origin::Xml(self.home.0, self.home.1)
    }
}

/// A zip entry of one level, as read.
struct LevelEntry {
    name: String,
    kind: EntryKind,
    data: Option<Vec<u8>>,
}

/// Reads a Partner Center package whose outer zip has been read already.
pub(crate) fn load(
    outer: ZipRead,
    budget: &mut InflateBudget,
    archive_display: &str,
    profile: Profile,
    plugin_flag: bool,
) -> Package {
    let mut package = Package::new(
        archive_display.to_owned(),
        Mode::PartnerCenter,
        profile,
        format!("{archive_display}!/"),
    );
    let mut pc = PartnerCenter {
        plugin_flag,
        ..PartnerCenter::default()
    };
    let limits = ArchiveLimits::default();
    let outer_entries = level_entries(outer, "", &mut package, 1);
    pc.outer = package.inventory.clone();

    let root_files: Vec<&LevelEntry> = outer_entries
        .iter()
        .filter(|e| e.kind == EntryKind::File && !e.name.contains('/') && !is_junk(&e.name))
        .collect();
    if let Some(intro) = pick(&root_files, ".md", "intro.md")
        && let Some(bytes) = &intro.data
    {
        add_bytes(
            &mut package,
            "",
            intro.name.clone(),
            bytes.clone(),
            Artifact::Intro,
            true,
        );
    }
    let mut pending = Vec::new();
    if let Some(inner) = pick(&root_files, ".zip", ".pdpkg.zip") {
        let prefix = format!("{}!/", inner.name);
        let mut opened = Inner {
            name: inner.name.clone(),
            readable: false,
            entries: Vec::new(),
            assets: None,
        };
        if let Some(bytes) = &inner.data {
            let read = archive::read_zip(bytes, &limits, budget);
            opened.readable = !read.is_fatal();
            let start = package.inventory.len();
            let entries = level_entries(read, &prefix, &mut package, 2);
            opened.entries = relative_to(&package.inventory[start..], &prefix);
            opened.assets = pick_assets(&opened);
            pending = load_solutions(&mut package, &mut pc, &opened, entries, &prefix, budget);
        }
        pc.inner = Some(opened);
    }
    package.inventory.sort_by(|a, b| a.name.cmp(&b.name));
    pc.connector_solution = choose_connector_solution(&pc.solutions);
    if let Some(index) = pc.connector_solution {
        let files = std::mem::take(&mut pending[index]);
        map_connector(&mut package, &mut pc, index, files);
    }
    package.partner_center = Some(Box::new(pc));
    package
}

/// The file to use among `files` with this extension: the one named `preferred` (or ending with
/// it, for `.pdpkg.zip`), else the first in name order.
fn pick<'e>(files: &[&'e LevelEntry], extension: &str, preferred: &str) -> Option<&'e LevelEntry> {
    let mut matching: Vec<&LevelEntry> = files
        .iter()
        .copied()
        .filter(|e| e.name.to_ascii_lowercase().ends_with(extension))
        .collect();
    matching.sort_by(|a, b| a.name.cmp(&b.name));
    matching
        .iter()
        .copied()
        .find(|e| e.name.to_ascii_lowercase().ends_with(preferred))
        .or_else(|| matching.first().copied())
}

/// The inner package's folder of solutions: the only folder, else `PkgAssets`, else the first.
fn pick_assets(inner: &Inner) -> Option<String> {
    let folders = inner.folders();
    folders
        .iter()
        .find(|f| f.eq_ignore_ascii_case("PkgAssets"))
        .or_else(|| folders.first())
        .map(|f| (*f).to_owned())
}

/// Inventory entries of one archive level with their names relative to it (`prefix` removed).
fn relative_to(inventory: &[InventoryEntry], prefix: &str) -> Vec<InventoryEntry> {
    inventory
        .iter()
        .map(|e| InventoryEntry {
            name: e.name[prefix.len()..].to_owned(),
            ..e.clone()
        })
        .collect()
}

/// Records one archive level: its problems (PK009, at every level), its entries in the
/// inventory under `prefix`, and returns the entries with their data.
fn level_entries(
    read: ZipRead,
    prefix: &str,
    package: &mut Package,
    level: usize,
) -> Vec<LevelEntry> {
    // The archive this level is: `package.zip`, `package.zip!/Contoso.pdpkg.zip`, …
    let archive_path = match prefix.strip_suffix("!/") {
        Some(inner) => package.display_path(inner),
        None => package.path.clone(),
    };
    push_archive_problems(package, &archive_path, read.problems);
    let mut level_inventory = Vec::new();
    let mut entries = Vec::new();
    for entry in read.entries {
        let name = entry.name.trim_end_matches(['/', '\\']).to_owned();
        if name.is_empty() {
            continue;
        }
        let kind = super::load::entry_kind(&entry);
        if level == MAX_NESTING
            && kind == EntryKind::File
            && name.to_ascii_lowercase().ends_with(".zip")
        {
            package.problems.push(LoadProblem {
                kind: LoadProblemKind::Archive,
                path: format!("{archive_path}!/{name}"),
                message: format!(
                    "`{name}` is a zip inside a solution zip: a Partner Center package nests at most {MAX_NESTING} levels (package.zip → .pdpkg.zip → solution zip), so pcpkg does not open it; remove it from the solution"
                ),
            });
        }
        level_inventory.push(InventoryEntry {
            name: name.clone(),
            kind,
            size: entry.uncompressed_size,
        });
        entries.push(LevelEntry {
            name,
            kind,
            data: entry.data,
        });
    }
    add_implied_dirs(&mut level_inventory);
    package
        .inventory
        .extend(level_inventory.into_iter().map(|e| InventoryEntry {
            name: format!("{prefix}{}", e.name),
            ..e
        }));
    entries
}

/// Opens every solution zip directly in the assets folder; reports any other zip in the inner
/// package (PK009: outside the layout, never opened).
fn load_solutions(
    package: &mut Package,
    pc: &mut PartnerCenter,
    inner: &Inner,
    entries: Vec<LevelEntry>,
    inner_prefix: &str,
    budget: &mut InflateBudget,
) -> Vec<ConnectorFiles> {
    let mut pending = Vec::new();
    let limits = ArchiveLimits::default();
    let assets_prefix = inner.assets.as_ref().map(|a| format!("{a}/"));
    let mut solutions: Vec<LevelEntry> = Vec::new();
    for entry in entries {
        if entry.kind != EntryKind::File || !entry.name.to_ascii_lowercase().ends_with(".zip") {
            continue;
        }
        let in_assets = assets_prefix
            .as_ref()
            .and_then(|p| entry.name.strip_prefix(p.as_str()))
            .is_some_and(|rest| !rest.contains('/'));
        if in_assets {
            solutions.push(entry);
        } else if !is_junk(&entry.name) {
            let where_ = match &inner.assets {
                Some(assets) => format!("directly in `{assets}/`"),
                None => "in the package's one folder (`PkgAssets/`)".to_owned(),
            };
            package.problems.push(LoadProblem {
                kind: LoadProblemKind::Archive,
                path: package.display_path(&format!("{inner_prefix}{}", entry.name)),
                message: format!(
                    "`{}` is a zip outside the Partner Center layout: solution zips sit {where_}; pcpkg does not open it",
                    entry.name
                ),
            });
        }
    }
    solutions.sort_by(|a, b| a.name.cmp(&b.name));
    for entry in solutions {
        let prefix = format!("{inner_prefix}{}!/", entry.name);
        let mut solution = Solution {
            name: entry.name.clone(),
            prefix: prefix.clone(),
            readable: false,
            entries: Vec::new(),
            xml: [None, None, None],
        };
        if let Some(bytes) = &entry.data {
            let read = archive::read_zip(bytes, &limits, budget);
            solution.readable = !read.is_fatal();
            let start = package.inventory.len();
            let level = level_entries(read, &prefix, package, MAX_NESTING);
            solution.entries = relative_to(&package.inventory[start..], &prefix);
            pending.push(read_solution_files(package, &mut solution, level));
        } else {
            pending.push(Vec::new());
        }
        pc.solutions.push(solution);
    }
    pending
}

/// The files of a solution's `Connector/` folder, kept until the connector solution is chosen.
type ConnectorFiles = Vec<(String, Vec<u8>)>;

/// Reads the three XML files; returns the bytes of the `Connector/` files.
fn read_solution_files(
    package: &mut Package,
    solution: &mut Solution,
    entries: Vec<LevelEntry>,
) -> ConnectorFiles {
    let mut connector_files = Vec::new();
    for entry in entries {
        if entry.kind != EntryKind::File {
            continue;
        }
        if let Some(slot) = SOLUTION_FILES
            .iter()
            .position(|name| name.eq_ignore_ascii_case(&entry.name))
        {
            if solution.xml[slot].is_none()
                && let Some(bytes) = entry.data
            {
                solution.xml[slot] = Some(read_xml(package, &solution.prefix, &entry.name, bytes));
            }
        } else if entry.name.starts_with("Connector/")
            && let Some(bytes) = entry.data
        {
            connector_files.push((entry.name, bytes));
        }
    }
    connector_files
}

/// Adds a solution XML file to the package and parses it (PK023 reports what is wrong).
fn read_xml(package: &mut Package, prefix: &str, name: &str, bytes: Vec<u8>) -> XmlPart {
    let full = format!("{prefix}{name}");
    let path = package.display_path(&full);
    let size = bytes.len() as u64;
    if size > xml::XML_LIMIT {
        let file = package.add_file(SourceFile::new(
            path,
            full,
            size,
            FileData::TooLarge {
                limit: xml::XML_LIMIT,
            },
            None,
        ));
        return XmlPart {
            file,
            document: Err(XmlError {
                kind: XmlErrorKind::Syntax,
                offset: 0,
                message: format!(
                    "the file is {size} bytes, over pcpkg's {} MiB limit for solution XML, so it was not read",
                    xml::XML_LIMIT / (1024 * 1024)
                ),
            }),
        };
    }
    let had_bom = bytes.starts_with(b"\xEF\xBB\xBF");
    let body = if had_bom { &bytes[3..] } else { &bytes[..] };
    let (text, document) = match std::str::from_utf8(body) {
        Ok(text) => (Some(text.to_owned()), xml::parse(text)),
        Err(error) => {
            let what = if body.starts_with(b"\xFF\xFE") || body.starts_with(b"\xFE\xFF") {
                "the file is UTF-16, not UTF-8".to_owned()
            } else {
                format!(
                    "the file is not UTF-8: byte {} is invalid",
                    error.valid_up_to()
                )
            };
            (
                None,
                Err(XmlError {
                    kind: XmlErrorKind::Syntax,
                    offset: 0,
                    message: what,
                }),
            )
        }
    };
    let valid_utf8 = text.is_some();
    let file = package.add_file(SourceFile::new(
        path,
        full,
        size,
        FileData::Text {
            valid_utf8,
            had_bom,
        },
        text,
    ));
    XmlPart { file, document }
}

/// rules.md PK024: the connector-only solution that holds an `_openapidefinition.json`, else
/// the first connector-only solution (PK024 reports what it lacks).
fn choose_connector_solution(solutions: &[Solution]) -> Option<usize> {
    let candidates: Vec<usize> = (0..solutions.len())
        .filter(|&i| solutions[i].is_connector_only())
        .collect();
    candidates
        .iter()
        .copied()
        .find(|&i| {
            solutions[i]
                .connector_file("_openapidefinition.json")
                .is_some()
        })
        .or_else(|| candidates.first().copied())
}

/// Suffixes of the connector's JSON files, and the `properties` member each stands for.
const MAPPED_JSON: [(&str, &str); 3] = [
    ("_connectionparameters.json", "connectionParameters"),
    ("_connectionparametersets.json", "connectionParameterSets"),
    ("_policytemplateinstances.json", "policyTemplateInstances"),
];

/// Elements of `<Connector>` that stand for `properties` members (rules.md §1.2; the last three
/// are not verified in an export, §6, so they count only when found).
const MAPPED_XML: [(&str, &str); 4] = [
    ("iconbrandcolor", "iconBrandColor"),
    ("capabilities", "capabilities"),
    ("publisher", "publisher"),
    ("stackowner", "stackOwner"),
];

/// Loads the connector of the connector solution as the package's artifacts (rules.md §1.2).
fn map_connector(
    package: &mut Package,
    pc: &mut PartnerCenter,
    index: usize,
    mut files: ConnectorFiles,
) {
    let solution = &pc.solutions[index];
    let mut take = |name: Option<&str>| -> Option<(String, Vec<u8>)> {
        let name = name?;
        let at = files.iter().position(|(n, _)| n == name)?;
        Some(files.swap_remove(at))
    };
    let prefix = solution.prefix.clone();
    if let Some((name, bytes)) = take(solution.connector_file("_openapidefinition.json")) {
        add_bytes(package, &prefix, name, bytes, Artifact::Swagger, true);
    }
    if let Some((name, bytes)) = take(solution.icon_file()) {
        add_bytes(package, &prefix, name, bytes, Artifact::Icon, true);
    }
    let mut members = Vec::new();
    let mut all_parsed = true;
    for (suffix, member) in MAPPED_JSON {
        if let Some((name, bytes)) = take(solution.connector_file(suffix)) {
            let id = add_bytes(package, &prefix, name, bytes, Artifact::Properties, false);
            pc.mapped_json.push(id);
            if package.file(id).json().is_some() {
                members.push((member.to_owned(), MemberSource::Json(id)));
            } else {
                all_parsed = false;
            }
        }
    }
    // rules.md §1.4: rules that read apiProperties.json do not run when it did not parse; here a
    // mapped file that did not parse (AP001 reports it) stands for that.
    if !all_parsed {
        return;
    }
    let Some((xml_file, doc)) = solution.customizations() else {
        return;
    };
    let Some(connector) = solution.non_empty("Connector") else {
        return;
    };
    // The start tag of `<Connector>` (for `<Connector a="…"/>`, the whole element).
    let element = doc.element(connector);
    let home = TextRange::new(element.range.start, element.content.start);
    let mut object: Vec<Member> = Vec::new();
    for (member, source) in &members {
        let MemberSource::Json(id) = source else {
            continue;
        };
        let root = package.file(*id).json().cloned().expect("checked parsed");
        object.push(Member {
            key: member.into(),
            key_range: home,
            value: root,
        });
    }
    for (element, member) in MAPPED_XML {
        let Some(child) = doc.child(connector, element) else {
            continue;
        };
        let child = doc.element(child);
        let range = if child.content.is_empty() {
            child.range
        } else {
            child.content
        };
        let value = if member == "capabilities" {
            capabilities_value(&child.text, range)
        } else {
            Value::String(child.text.as_str().into())
        };
        object.push(Member {
            key: member.into(),
            key_range: range,
            value: Node { range, value },
        });
        members.push((member.to_owned(), MemberSource::Xml(xml_file, range)));
    }
    let properties = Node {
        range: home,
        value: Value::Object(object),
    };
    let root = Node {
        range: home,
        value: Value::Object(vec![Member {
            key: "properties".into(),
            key_range: home,
            value: properties,
        }]),
    };
    let file = package.add_file(SourceFile::new(
        String::new(),
        String::new(),
        0,
        FileData::Json(JsonData::Parsed {
            root,
            had_bom: false,
            duplicates: Vec::new(),
        }),
        None,
    ));
    package.set_artifact(Artifact::Properties, file);
    package.virtual_properties = Some(VirtualProperties {
        file,
        home: (xml_file, home),
        members,
    });
}

/// `<capabilities>` as an array: a JSON array when the text is one, else a comma-separated list.
fn capabilities_value(text: &str, range: TextRange) -> Value {
    let items: Vec<String> = match serde_json::from_str::<Vec<String>>(text.trim()) {
        Ok(items) => items,
        Err(_) => text
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
    };
    Value::Array(
        items
            .into_iter()
            .map(|item| Node {
                range,
                value: Value::String(item.into()),
            })
            .collect(),
    )
}

/// Adds a connector file as an artifact (or a mapped JSON file); returns its id.
fn add_bytes(
    package: &mut Package,
    prefix: &str,
    name: String,
    bytes: Vec<u8>,
    artifact: Artifact,
    set: bool,
) -> FileId {
    let full = format!("{prefix}{name}");
    let path = package.display_path(&full);
    let size = bytes.len() as u64;
    let file = if size > artifact.read_limit() {
        SourceFile::new(
            path,
            full,
            size,
            FileData::TooLarge {
                limit: artifact.read_limit(),
            },
            None,
        )
    } else {
        source_file(path, full, size, bytes, artifact)
    };
    let id = package.add_file(file);
    if set {
        package.set_artifact(artifact, id);
    }
    id
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut cursor = std::io::Cursor::new(Vec::new());
        let mut writer = zip::ZipWriter::new(&mut cursor);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        for (name, bytes) in entries {
            writer.start_file(*name, options).unwrap();
            writer.write_all(bytes).unwrap();
        }
        writer.finish().unwrap();
        cursor.into_inner()
    }

    /// reliability.md §0: one inflate budget for every level of one input.
    #[test]
    fn one_budget_covers_every_level() {
        let text = vec![b'x'; 4000];
        let solution = zip(&[("customizations.xml", &text), ("solution.xml", &text)]);
        let inner = zip(&[
            ("PkgAssets/A.zip", &solution),
            ("PkgAssets/B.zip", &solution),
        ]);
        let outer = zip(&[("intro.md", b"intro"), ("Contoso.pdpkg.zip", &inner)]);
        let read_all = |total: u64| {
            let mut budget = InflateBudget::new(total);
            let read = archive::read_zip(&outer, &ArchiveLimits::default(), &mut budget);
            load(read, &mut budget, "package.zip", Profile::Certified, false)
        };
        let ample = read_all(1 << 20);
        assert!(ample.problems.is_empty(), "{:?}", ample.problems);
        assert_eq!(ample.partner_center.as_ref().unwrap().solutions.len(), 2);
        // Enough for the outer and inner levels and one solution's files, not the second's.
        let levels = (5 + inner.len() + 2 * solution.len() + 2 * text.len()) as u64;
        let tight = read_all(levels + text.len() as u64 / 2);
        let over: Vec<&LoadProblem> = tight
            .problems
            .iter()
            .filter(|p| p.message.contains("in total"))
            .collect();
        assert_eq!(over.len(), 2, "{:?}", tight.problems);
        assert!(
            over[0]
                .path
                .starts_with("package.zip!/Contoso.pdpkg.zip!/PkgAssets/B.zip!/")
        );
    }

    #[test]
    fn virtual_properties_locate_their_sources() {
        let members = vec![
            (
                "connectionParameters".to_owned(),
                MemberSource::Json(FileId(3)),
            ),
            (
                "iconBrandColor".to_owned(),
                MemberSource::Xml(FileId(1), TextRange::new(5, 9)),
            ),
        ];
        let props = VirtualProperties {
            file: FileId(9),
            home: (FileId(1), TextRange::new(0, 4)),
            members,
        };
        let pointer = Pointer::root()
            .child("properties")
            .child("connectionParameters")
            .child("api_key")
            .child("type");
        assert_eq!(
            props.locate(&pointer),
            Origin::Json(FileId(3), Pointer::root().child("api_key").child("type"))
        );
        let brand = Pointer::root().child("properties").child("iconBrandColor");
        assert_eq!(
            props.locate(&brand),
            Origin::Xml(FileId(1), TextRange::new(5, 9))
        );
        let absent = Pointer::root().child("properties").child("publisher");
        assert_eq!(
            props.locate(&absent),
            Origin::Xml(FileId(1), TextRange::new(0, 4))
        );
        assert_eq!(
            props.locate(&Pointer::root()),
            Origin::Xml(FileId(1), TextRange::new(0, 4))
        );
    }
}
