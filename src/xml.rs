//! A small, safe XML reader for the Dataverse solution files of a Partner Center package
//! (`[Content_Types].xml`, `customizations.xml`, `solution.xml`).
//!
//! quick-xml streams the events; this module adds what a hostile file needs (reliability.md §5,
//! rules.md PK023): a DOCTYPE is refused, never read (so no entity is ever declared, expanded or
//! fetched: billion laughs, quadratic blow-up and XXE all end at the DOCTYPE); a reference to
//! any entity other than the five predefined ones and character references is an error; nesting
//! is capped at [`MAX_DEPTH`] and size at [`XML_LIMIT`]. The result is a flat element tree with
//! byte ranges into the text, so findings point at the element concerned.
//!
//! Nothing here panics on any input, and the work is linear in the text.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use crate::json::TextRange;

/// Largest solution XML file read (reliability.md §0).
pub const XML_LIMIT: u64 = 4 * 1024 * 1024;

/// Deepest element nesting accepted (reliability.md §0).
pub const MAX_DEPTH: usize = 256;

/// Index of an element in [`XmlDocument::elements`].
pub type ElementId = usize;

/// One element: its name, where it is, and what it directly holds.
#[derive(Clone, Debug)]
pub struct Element {
    /// The qualified name as written (`Connector`, `iconbrandcolor`).
    pub name: String,
    /// From `<` of the start tag to `>` of the end tag (or of the empty tag).
    pub range: TextRange,
    /// The bytes between the start and end tags (empty for `<a/>`).
    pub content: TextRange,
    pub attribute_count: usize,
    pub parent: Option<ElementId>,
    pub children: Vec<ElementId>,
    /// The element's own character data (text and CDATA, references resolved), concatenated.
    pub text: String,
}

impl Element {
    /// CPV's "non-empty": the element has attributes, child elements or text that is not
    /// white space (.NET drops white-space-only text nodes when it loads the document).
    #[must_use]
    pub fn is_non_empty(&self) -> bool {
        self.attribute_count > 0 || !self.children.is_empty() || !self.text.trim().is_empty()
    }
}

/// A well-formed document as a flat tree; element 0 is the root.
#[derive(Clone, Debug)]
pub struct XmlDocument {
    pub elements: Vec<Element>,
}

impl XmlDocument {
    #[must_use]
    pub fn root(&self) -> &Element {
        &self.elements[0]
    }

    #[must_use]
    pub fn element(&self, id: ElementId) -> &Element {
        &self.elements[id]
    }

    /// Every element named `name` (ASCII case ignored), in document order.
    pub fn find_all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = ElementId> + 'a {
        self.elements
            .iter()
            .enumerate()
            .filter(move |(_, e)| e.name.eq_ignore_ascii_case(name))
            .map(|(id, _)| id)
    }

    /// The first element named `name` (ASCII case ignored), like XPath `//name`.
    #[must_use]
    pub fn find(&self, name: &str) -> Option<ElementId> {
        self.find_all(name).next()
    }

    /// The first child of `parent` named `name` (ASCII case ignored).
    #[must_use]
    pub fn child(&self, parent: ElementId, name: &str) -> Option<ElementId> {
        self.elements[parent]
            .children
            .iter()
            .copied()
            .find(|&c| self.elements[c].name.eq_ignore_ascii_case(name))
    }
}

/// Why a file is not acceptable solution XML (PK023).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct XmlError {
    pub kind: XmlErrorKind,
    /// Byte offset in the text where the problem is.
    pub offset: u32,
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum XmlErrorKind {
    /// A `<!DOCTYPE …>` declaration.
    DocType,
    /// Deeper than [`MAX_DEPTH`].
    TooDeep,
    /// Not well-formed.
    Syntax,
}

/// Parses a solution XML text (BOM already removed). The caller checks the size limit before
/// reading and the encoding before decoding.
pub fn parse(text: &str) -> Result<XmlDocument, XmlError> {
    Parser::new(text).run()
}

struct Parser<'t> {
    text: &'t str,
    reader: Reader<&'t [u8]>,
    elements: Vec<Element>,
    /// Open elements, innermost last.
    open: Vec<ElementId>,
    root_closed: bool,
}

impl<'t> Parser<'t> {
    fn new(text: &'t str) -> Self {
        let mut reader = Reader::from_str(text);
        let config = reader.config_mut();
        config.check_end_names = true;
        config.check_comments = true;
        config.allow_unmatched_ends = false;
        config.allow_dangling_amp = false;
        config.expand_empty_elements = false;
        config.trim_text(false);
        Self {
            text,
            reader,
            elements: Vec::new(),
            open: Vec::new(),
            root_closed: false,
        }
    }

    fn offset(position: u64) -> u32 {
        u32::try_from(position).unwrap_or(u32::MAX)
    }

    fn error(kind: XmlErrorKind, offset: u32, message: impl Into<String>) -> XmlError {
        XmlError {
            kind,
            offset,
            message: message.into(),
        }
    }

    fn syntax(offset: u32, message: impl Into<String>) -> XmlError {
        Self::error(XmlErrorKind::Syntax, offset, message)
    }

    fn run(mut self) -> Result<XmlDocument, XmlError> {
        loop {
            let before = Self::offset(self.reader.buffer_position());
            let event = match self.reader.read_event() {
                Ok(event) => event,
                Err(error) => {
                    let at = Self::offset(self.reader.error_position());
                    return Err(Self::syntax(at, format!("not well-formed: {error}")));
                }
            };
            let after = Self::offset(self.reader.buffer_position());
            match event {
                Event::DocType(_) => {
                    return Err(Self::error(
                        XmlErrorKind::DocType,
                        before,
                        "the file declares a DOCTYPE; solution XML must not (pcpkg never reads DTDs or expands their entities)",
                    ));
                }
                Event::Start(start) => {
                    let id = self.open_element(&start, before, after)?;
                    self.open.push(id);
                    if self.open.len() > MAX_DEPTH {
                        return Err(Self::error(
                            XmlErrorKind::TooDeep,
                            before,
                            format!("elements are nested more than {MAX_DEPTH} levels deep"),
                        ));
                    }
                }
                Event::Empty(start) => {
                    let id = self.open_element(&start, before, after)?;
                    let element = &mut self.elements[id];
                    element.range = TextRange::new(before, after);
                    element.content = TextRange::new(after, after);
                    if self.open.is_empty() {
                        self.root_closed = true;
                    }
                }
                Event::End(_) => {
                    let Some(id) = self.open.pop() else {
                        return Err(Self::syntax(before, "an end tag closes no element"));
                    };
                    let element = &mut self.elements[id];
                    element.range.end = after;
                    element.content.end = before;
                    if self.open.is_empty() {
                        self.root_closed = true;
                    }
                }
                Event::Text(text) => {
                    let content = text.xml10_content();
                    self.add_text(&content, before)?;
                }
                Event::CData(data) => {
                    let Some(&id) = self.open.last() else {
                        return Err(Self::syntax(before, "CDATA outside the root element"));
                    };
                    let content = data.xml10_content();
                    self.elements[id].text.push_str(&content);
                }
                Event::GeneralRef(reference) => {
                    let resolved = resolve_reference(&reference.xml10_content()).ok_or_else(|| {
                        Self::syntax(
                            before,
                            format!(
                                "`&{};` refers to an entity that is not declared (only `&lt;`, `&gt;`, `&amp;`, `&apos;`, `&quot;` and character references are allowed)",
                                shorten(&reference.xml10_content())
                            ),
                        )
                    })?;
                    self.add_text(resolved.encode_utf8(&mut [0; 4]), before)?;
                }
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) => {}
                Event::Eof => break,
            }
        }
        let end = u32::try_from(self.text.len()).unwrap_or(u32::MAX);
        if let Some(&id) = self.open.last() {
            return Err(Self::syntax(
                end,
                format!(
                    "the file ends before `<{}>` is closed",
                    shorten(&self.elements[id].name)
                ),
            ));
        }
        if self.elements.is_empty() {
            return Err(Self::syntax(end, "the file holds no root element"));
        }
        Ok(XmlDocument {
            elements: self.elements,
        })
    }

    /// Records a start or empty tag, checking its attributes and that it is inside the one root.
    fn open_element(
        &mut self,
        start: &BytesStart<'_>,
        before: u32,
        after: u32,
    ) -> Result<ElementId, XmlError> {
        if self.root_closed {
            return Err(Self::syntax(
                before,
                "a second root element: an XML document has exactly one",
            ));
        }
        let name = start.name().as_ref().to_owned();
        let mut attribute_count = 0;
        let mut seen: Vec<String> = Vec::new();
        for attribute in start.attributes() {
            let attribute = attribute.map_err(|error| {
                Self::syntax(
                    before,
                    format!("a malformed attribute in `<{}>`: {error}", shorten(&name)),
                )
            })?;
            let key = attribute.key.as_ref().to_owned();
            if seen.contains(&key) {
                return Err(Self::syntax(
                    before,
                    format!(
                        "`<{}>` repeats the attribute `{}`",
                        shorten(&name),
                        shorten(&key)
                    ),
                ));
            }
            check_references(&attribute.value).map_err(|bad| {
                Self::syntax(
                    before,
                    format!(
                        "an attribute of `<{}>` refers to the undeclared entity `&{};`",
                        shorten(&name),
                        shorten(&bad)
                    ),
                )
            })?;
            seen.push(key);
            attribute_count += 1;
        }
        let id = self.elements.len();
        let parent = self.open.last().copied();
        self.elements.push(Element {
            name,
            range: TextRange::new(before, after),
            content: TextRange::new(after, after),
            attribute_count,
            parent,
            children: Vec::new(),
            text: String::new(),
        });
        if let Some(parent) = parent {
            self.elements[parent].children.push(id);
        }
        Ok(id)
    }

    /// Character data: kept on the open element; outside the root only white space is allowed.
    fn add_text(&mut self, content: &str, at: u32) -> Result<(), XmlError> {
        match self.open.last() {
            Some(&id) => {
                self.elements[id].text.push_str(content);
                Ok(())
            }
            None if content.trim().is_empty() => Ok(()),
            None => Err(Self::syntax(at, "text outside the root element")),
        }
    }
}

/// The character a predefined entity or character reference stands for.
fn resolve_reference(name: &str) -> Option<char> {
    match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "apos" => Some('\''),
        "quot" => Some('"'),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix('x') {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse::<u32>().ok()?,
            };
            char::from_u32(code).filter(|&c| c != '\0')
        }
    }
}

/// Every `&name;` in an attribute's raw value must be predefined or a character reference;
/// returns the first that is not.
fn check_references(raw: &str) -> Result<(), String> {
    let mut rest = raw;
    while let Some(at) = rest.find('&') {
        let after = &rest[at + 1..];
        let Some(end) = after.find(';') else {
            return Err(after.chars().take(20).collect());
        };
        let name = &after[..end];
        if resolve_reference(name).is_none() {
            return Err(name.to_owned());
        }
        rest = &after[end + 1..];
    }
    Ok(())
}

/// At most 60 characters of a name for a message, control characters escaped.
fn shorten(text: &str) -> String {
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == 60 {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_elements_text_and_ranges() {
        let text = "<?xml version=\"1.0\"?>\n<a x=\"1\"><b>hi &amp; &#x41;</b><c/>\n</a>";
        let doc = parse(text).unwrap();
        assert_eq!(doc.root().name, "a");
        assert_eq!(doc.root().attribute_count, 1);
        let b = doc.find("B").unwrap();
        assert_eq!(doc.element(b).text, "hi & A");
        assert_eq!(
            &text[doc.element(b).range.to_range()],
            "<b>hi &amp; &#x41;</b>"
        );
        let c = doc.child(0, "c").unwrap();
        assert!(!doc.element(c).is_non_empty());
        assert_eq!(&text[doc.element(c).range.to_range()], "<c/>");
    }

    #[test]
    fn refuses_doctype_without_expanding() {
        let laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;\">]><lolz>&lol2;</lolz>";
        let error = parse(laughs).unwrap_err();
        assert_eq!(error.kind, XmlErrorKind::DocType);
        assert_eq!(error.offset, 21);
    }

    #[test]
    fn refuses_undeclared_entities_and_bad_structure() {
        for bad in [
            "<a>&lol;</a>",
            "<a x=\"&lol;\"/>",
            "<a><b></a>",
            "<a>",
            "<a/><b/>",
            "text<a/>",
            "",
            "<a x=\"1\" x=\"2\"/>",
            "<a></a></b>",
        ] {
            assert_eq!(parse(bad).unwrap_err().kind, XmlErrorKind::Syntax, "{bad}");
        }
    }

    #[test]
    fn caps_depth() {
        let ok = format!("{}{}", "<a>".repeat(MAX_DEPTH), "</a>".repeat(MAX_DEPTH));
        assert!(parse(&ok).is_ok());
        let deep = format!("{}{}", "<a>".repeat(10_000), "</a>".repeat(10_000));
        assert_eq!(parse(&deep).unwrap_err().kind, XmlErrorKind::TooDeep);
    }
}
