//! Reading an API description for `pcpkg new --from`: OpenAPI 3.0 or Swagger 2.0, JSON or YAML,
//! always handed back as a Swagger 2.0 document.
//!
//! - **Swagger 2.0** passes through unchanged (YAML becomes the same JSON).
//! - **OpenAPI 3.0.x** is converted ([`openapi3`]); every step that loses or approximates
//!   something is a [`ConversionNote`] with its JSON pointer and line:column in the source file,
//!   so the publisher can find and finish it.
//! - **OpenAPI 3.1** is refused with exit 2. Its schemas are JSON Schema 2020-12 (`type` lists,
//!   `const`, `$ref` beside other keywords, numeric `exclusiveMinimum`, `webhooks` without
//!   `paths`): a best-effort conversion would be wrong in ways a note cannot point at one by
//!   one, so the publisher is told to bring the document down to 3.0 first.
//! - Anything else is [`Error::Usage`] naming the file and what is wrong with it.
//!
//! Input is bounded like every JSON file pcpkg reads (reliability.md §0): 16 MiB, 128 levels of
//! nesting, and for YAML at most [`yaml::MAX_ALIAS_NODES`] values added by aliases.

mod openapi3;
pub mod yaml;

use std::io::Read;
use std::path::Path;

use crate::error::Error;
use crate::json::{self, LineIndex, Node};
use crate::package::JSON_LIMIT;

/// A document read by `--from`, as Swagger 2.0.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// A Swagger 2.0 document.
    pub swagger: serde_json::Value,
    /// What the file was.
    pub source_version: SourceVersion,
    /// How the file was written.
    pub source_format: SourceFormat,
    /// Every lossy conversion step, in the order of the source file (empty for Swagger 2.0).
    pub notes: Vec<ConversionNote>,
}

/// The specification version of the source document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceVersion {
    Swagger2,
    /// `version` is the document's `openapi` member, e.g. `3.0.3`.
    OpenApi3 {
        version: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceFormat {
    Json,
    Yaml,
}

/// One lossy step of the conversion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversionNote {
    /// RFC 6901 pointer into the SOURCE document to the construct that was lost or changed.
    pub pointer: String,
    /// 1-based line of that construct in the source file (its key, for an object member).
    pub line: Option<usize>,
    /// 1-based column, in characters.
    pub column: Option<usize>,
    /// What was lost and what the publisher should do.
    pub message: String,
}

/// Reads `path` (at most 16 MiB) and imports it; see [`import_str`].
pub fn import_file(path: &Path) -> Result<Imported, Error> {
    let text = read_text(path)?;
    import_text(&text, &path.display().to_string(), format_from_name(path))
}

/// The text of `path` as [`import_file`] reads it: at most 16 MiB of UTF-8, without a byte
/// order mark. For a caller that also shows the source lines the notes point at, with
/// [`import_str`] (given `path` as the name, it imports the same way).
pub fn read_text(path: &Path) -> Result<String, Error> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut bytes = Vec::new();
    file.take(JSON_LIMIT + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(path, e))?;
    let name = path.display().to_string();
    if bytes.len() as u64 > JSON_LIMIT {
        return Err(Error::Usage(format!(
            "`{name}` is larger than 16 MiB; pcpkg reads API descriptions up to that size"
        )));
    }
    let decoded =
        json::decode(&bytes).map_err(|e| Error::Usage(format!("`{name}` cannot be read: {e}")))?;
    Ok(decoded.text.to_owned())
}

/// Imports a document given as text; `name` names it in errors and decides JSON or YAML by its
/// extension (`.json`, `.yaml`, `.yml`), else by the first character (`{` is JSON).
pub fn import_str(text: &str, name: &str) -> Result<Imported, Error> {
    if text.len() as u64 > JSON_LIMIT {
        return Err(Error::Usage(format!(
            "`{name}` is larger than 16 MiB; pcpkg reads API descriptions up to that size"
        )));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    import_text(text, name, format_from_name(Path::new(name)))
}

fn format_from_name(path: &Path) -> Option<SourceFormat> {
    let extension = path.extension()?.to_str()?.to_ascii_lowercase();
    match extension.as_str() {
        "json" => Some(SourceFormat::Json),
        "yaml" | "yml" => Some(SourceFormat::Yaml),
        _ => None,
    }
}

fn import_text(text: &str, name: &str, format: Option<SourceFormat>) -> Result<Imported, Error> {
    let format = format.unwrap_or_else(|| {
        if text.trim_start().starts_with('{') {
            SourceFormat::Json
        } else {
            SourceFormat::Yaml
        }
    });
    let tree = match format {
        SourceFormat::Json => json::parse(text).map_err(|e| {
            let (line, column) = LineIndex::new(text).line_col(text, e.offset);
            Error::Usage(format!("`{name}`:{line}:{column}: invalid JSON: {e}"))
        })?,
        SourceFormat::Yaml => yaml::load(text).map_err(|e| {
            Error::Usage(format!(
                "`{name}`:{}:{}: invalid YAML: {}",
                e.line, e.column, e.message
            ))
        })?,
    };
    if !tree.is_object() {
        return Err(Error::Usage(format!(
            "`{name}` is not an OpenAPI or Swagger document: its top level is {} {}, not an object",
            if tree.kind_name() == "array" {
                "an"
            } else {
                "a"
            },
            tree.kind_name()
        )));
    }
    let version = detect_version(&tree, name)?;
    let mut document = tree.to_serde();
    let raw_notes = match &version {
        SourceVersion::Swagger2 => {
            let mut notes = Vec::new();
            if let Some(object) = document.as_object_mut()
                && !object
                    .get("swagger")
                    .is_some_and(serde_json::Value::is_string)
            {
                // `swagger: 2.0` unquoted in YAML is a number.
                object.insert("swagger".into(), serde_json::Value::from("2.0"));
                notes.push(openapi3::RawNote {
                    pointer: "/swagger".to_owned(),
                    message: "`swagger` was the number 2.0; it is written as the string \"2.0\""
                        .to_owned(),
                });
            }
            notes
        }
        SourceVersion::OpenApi3 { .. } => {
            let (swagger, notes) = openapi3::convert(&document);
            document = swagger;
            notes
        }
    };
    let index = LineIndex::new(text);
    let mut notes: Vec<ConversionNote> = raw_notes
        .into_iter()
        .map(|note| {
            let position = locate(&tree, &note.pointer)
                .map(|offset| index.line_col(text, offset))
                .map(|(l, c)| (l as usize, c as usize));
            ConversionNote {
                pointer: note.pointer,
                line: position.map(|p| p.0),
                column: position.map(|p| p.1),
                message: note.message,
            }
        })
        .collect();
    // In the order of the source file, as the publisher reads it.
    notes.sort_by_key(|n| (n.line.unwrap_or(0), n.column.unwrap_or(0)));
    Ok(Imported {
        swagger: document,
        source_version: version,
        source_format: format,
        notes,
    })
}

fn detect_version(tree: &Node, name: &str) -> Result<SourceVersion, Error> {
    // A version written unquoted in YAML (`swagger: 2.0`) is a number; read it as its text.
    let version_text = |node: &Node| -> Option<String> {
        match &node.value {
            json::Value::String(s) => Some(s.to_string()),
            json::Value::Number(n) => Some(n.to_serde().to_string()),
            _ => None,
        }
    };
    if let Some(swagger) = tree.get("swagger") {
        return match version_text(swagger).as_deref() {
            Some("2.0") => Ok(SourceVersion::Swagger2),
            Some(other) => Err(Error::Usage(format!(
                "`{name}` says `swagger: {other}`; pcpkg reads Swagger 2.0 and OpenAPI 3.0 documents"
            ))),
            None => Err(Error::Usage(format!(
                "`{name}`: `swagger` is not a version string; a Swagger 2.0 document has `\"swagger\": \"2.0\"`"
            ))),
        };
    }
    let Some(openapi) = tree.get("openapi") else {
        return Err(Error::Usage(format!(
            "`{name}` is not an OpenAPI or Swagger document: it has no top-level `openapi` or `swagger` member"
        )));
    };
    let Some(version) = version_text(openapi) else {
        return Err(Error::Usage(format!(
            "`{name}`: `openapi` is not a version string such as \"3.0.3\""
        )));
    };
    if version == "3.0" || version.starts_with("3.0.") {
        return Ok(SourceVersion::OpenApi3 { version });
    }
    if version == "3.1" || version.starts_with("3.1.") {
        return Err(Error::Usage(format!(
            "`{name}` is OpenAPI {version}, which pcpkg does not convert: 3.1 schemas are JSON Schema 2020-12 \
             (`type` lists, `const`, `$ref` beside other keywords) with no faithful Swagger 2.0 form. \
             Save it as OpenAPI 3.0 or Swagger 2.0 first (most API design tools can), then import that"
        )));
    }
    Err(Error::Usage(format!(
        "`{name}` says `openapi: {version}`; pcpkg reads OpenAPI 3.0 and Swagger 2.0 documents"
    )))
}

/// Byte offset of what `pointer` designates in the source: an object member's key, an array
/// item's value. A pointer that goes past the tree stops at the deepest node it reached.
fn locate(tree: &Node, pointer: &str) -> Option<u32> {
    let parsed = json::Pointer::parse(pointer)?;
    let mut node = tree;
    let mut offset = node.range.start;
    for segment in parsed.segments() {
        if let Some(member) = node.member(&segment) {
            offset = member.key_range.start;
            node = &member.value;
        } else if let Some(item) =
            json::pointer::parse_index(&segment).and_then(|i| node.items().get(i))
        {
            offset = item.range.start;
            node = item;
        } else {
            break;
        }
    }
    Some(offset)
}
