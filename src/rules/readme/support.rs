//! What several RM rules share: reading readme.md and intro.md, the readme's Publisher line,
//! and what the other artifacts say about authentication.

use super::markdown::{Block, Outline, plain};
use crate::json::{Node, TextRange};
use crate::package::{Artifact, FileId, Package};
use crate::rules::RuleContext;

/// A Markdown artifact with its text and outline.
pub(crate) struct MarkdownFile<'a> {
    pub(crate) id: FileId,
    pub(crate) text: &'a str,
    pub(crate) outline: &'a Outline,
}

/// readme.md or intro.md, when the package holds it and it was read (its outline is parsed
/// once per package).
pub(crate) fn markdown<'a>(cx: &RuleContext<'a>, artifact: Artifact) -> Option<MarkdownFile<'a>> {
    let package = cx.package();
    let id = package.artifact(artifact)?;
    let text = package.file(id).text()?;
    Some(MarkdownFile {
        id,
        text,
        outline: cx.outline(artifact)?,
    })
}

/// The readme's Publisher line (rules.md RM004).
pub(crate) struct PublisherLine {
    /// The heading starting with `Publisher`.
    pub(crate) heading: TextRange,
    /// The publisher's name and where it is written; `None` when the heading names nobody.
    pub(crate) name: Option<(String, TextRange)>,
}

/// Every heading whose text starts with `Publisher` (any case, emphasis removed), each with the
/// name it gives: after `:` on the same line, or else the next block when it is a paragraph, a
/// list or a deeper heading (its first line). A blank line between the heading and the name is
/// allowed; a heading of the same or a higher level means the section is empty.
pub(crate) fn publisher_lines(file: &MarkdownFile<'_>) -> Vec<PublisherLine> {
    let blocks = &file.outline.blocks;
    let mut out = Vec::new();
    for (index, block) in blocks.iter().enumerate() {
        let Block::Heading(heading) = block else {
            continue;
        };
        let lower = heading.text.to_lowercase();
        let Some(after) = lower.strip_prefix("publisher") else {
            continue;
        };
        let after = after.strip_prefix('s').unwrap_or(after).trim_start();
        let same_line = after
            .strip_prefix(':')
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .and_then(|_| {
                let raw = &file.text[heading.content.to_range()];
                let colon = raw.find(':')?;
                let start = heading.content.start + u32::try_from(colon + 1).ok()?;
                Some(name_at(
                    file.text,
                    TextRange::new(start, heading.content.end),
                ))
            })
            .flatten();
        let name = same_line.or_else(|| match blocks.get(index + 1) {
            Some(Block::Paragraph(p)) => name_at(file.text, first_line(file.text, p.range)),
            Some(Block::List(list)) => list
                .items
                .first()
                .and_then(|item| name_at(file.text, item.first_line)),
            Some(Block::Heading(next)) if next.level > heading.level => {
                name_at(file.text, next.content)
            }
            _ => None,
        });
        out.push(PublisherLine {
            heading: heading.range,
            name,
        });
    }
    out
}

/// The first line of a range.
fn first_line(text: &str, range: TextRange) -> TextRange {
    let slice = &text[range.to_range()];
    let len = slice.find(['\r', '\n']).unwrap_or(slice.len());
    TextRange::new(range.start, range.start + u32::try_from(len).unwrap_or(0))
}

/// A name written in `range`: its plain text (emphasis, links and `<br>` removed, white space
/// collapsed) and its trimmed range; `None` when it is empty.
fn name_at(text: &str, range: TextRange) -> Option<(String, TextRange)> {
    let raw = &text[range.to_range()];
    let markup = |c: char| c.is_whitespace() || c == '*' || c == '_';
    let lead = raw.len() - raw.trim_start_matches(markup).len();
    let trimmed = raw.trim_matches(markup);
    let start = range.start + u32::try_from(lead).ok()?;
    let trimmed_range = TextRange::new(start, start + u32::try_from(trimmed.len()).ok()?);
    let cleaned = plain(trimmed)
        .replace("<br>", " ")
        .replace("<br/>", " ")
        .replace("<br />", " ");
    let name = cleaned
        .trim_matches(|c: char| c == ':' || c.is_whitespace())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    (!name.is_empty()).then_some((name, trimmed_range))
}

/// Whether the connector has authentication: a non-empty `securityDefinitions` in the swagger
/// or a non-empty `connectionParameters` in apiProperties.json. `None` when neither file could
/// be read (rules.md §1.4: the part that needs them does not run).
pub(crate) fn has_auth(package: &Package) -> Option<bool> {
    let swagger = package.swagger().map(|(_, root)| {
        root.get("securityDefinitions")
            .is_some_and(|defs| !defs.members().is_empty())
    });
    let properties = package
        .properties()
        .map(|(_, root)| !connection_parameters(root).is_empty());
    match (swagger, properties) {
        (None, None) => None,
        (a, b) => Some(a.unwrap_or(false) || b.unwrap_or(false)),
    }
}

/// Whether the connector uses OAuth: a connection parameter of type `oauthSetting` in
/// apiProperties.json, or a security definition of type `oauth2` in the swagger. `None` when
/// neither file could be read.
pub(crate) fn uses_oauth(package: &Package) -> Option<bool> {
    let swagger = package.swagger().map(|(_, root)| {
        root.get("securityDefinitions").is_some_and(|defs| {
            defs.members()
                .iter()
                .any(|m| m.value.get("type").and_then(Node::as_str) == Some("oauth2"))
        })
    });
    let properties = package.properties().map(|(_, root)| {
        connection_parameters(root).iter().any(|m| {
            m.value
                .get("type")
                .and_then(Node::as_str)
                .is_some_and(|t| t.eq_ignore_ascii_case("oauthSetting"))
        })
    });
    match (swagger, properties) {
        (None, None) => None,
        (a, b) => Some(a.unwrap_or(false) || b.unwrap_or(false)),
    }
}

fn connection_parameters(properties: &Node) -> &[crate::json::Member] {
    properties
        .get("properties")
        .and_then(|p| p.get("connectionParameters"))
        .map_or(&[], Node::members)
}
