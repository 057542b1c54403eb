//! A small Markdown outline reader for readme.md and intro.md: headings, paragraphs and lists,
//! with byte ranges into the file's text (BOM removed). It is not a renderer: it reads just
//! enough block structure for the RM rules, and never fails.
//!
//! What it reads, line by line:
//! - **Fenced code blocks** (```` ``` ```` or `~~~`, three or more, indented at most three
//!   spaces) run to a closing fence of the same character and at least the same length, or to the
//!   end of the file. Nothing inside one is a heading, paragraph or list.
//! - **Indented code** (four or more columns of indentation, outside a paragraph or list) and
//!   **HTML comments** (`<!-- … -->`, from a line starting with `<!--` to the line holding `-->`)
//!   are skipped the same way.
//! - **ATX headings**: up to three spaces, one to six `#`, then the text; an optional closing
//!   run of `#` is dropped. Unlike CommonMark, the space after the `#` run is optional
//!   (`#Title`, `##Publisher: …`): accepted connectors write them, and reviewers read them as
//!   headings.
//! - **Setext headings**: a paragraph underlined with `===` (level 1) or `---` (level 2).
//! - **List items**: `-`, `*` or `+`, or one to nine digits and `.` or `)`, then a space or
//!   tab, at any indentation (nested items join the same list). Following lines that are not a
//!   new block continue the item; a blank line followed by an unindented line ends the list.
//! - **Thematic breaks** (`---`, `***`, `___`) end paragraphs and lists.
//! - Every other non-blank line is paragraph text; a blank line ends a paragraph. Lines holding
//!   only white space or invisible characters (U+200B, U+FEFF, U+00A0) count as blank.

use crate::json::TextRange;

/// A heading, ATX or setext.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Heading {
    /// 1–6.
    pub(crate) level: u8,
    /// The text: trimmed, closing `#`s, emphasis (`*`, `_`) and link targets removed.
    pub(crate) text: String,
    /// The whole heading: the `#` line, or the paragraph and its underline.
    pub(crate) range: TextRange,
    /// The heading's raw text, without markers (its first line for a setext heading).
    pub(crate) content: TextRange,
    pub(crate) setext: bool,
}

/// Consecutive non-blank lines of text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Paragraph {
    pub(crate) range: TextRange,
    /// The lines, trimmed, joined by `\n`.
    pub(crate) text: String,
}

/// One list item, its continuation lines included.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct ListItem {
    pub(crate) range: TextRange,
    /// The item's text after the marker, lines trimmed and joined by `\n`.
    pub(crate) text: String,
    /// The item's first line after the marker.
    pub(crate) first_line: TextRange,
}

/// List items that follow each other (blank lines between items allowed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct List {
    pub(crate) range: TextRange,
    pub(crate) items: Vec<ListItem>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Block {
    Heading(Heading),
    Paragraph(Paragraph),
    List(List),
    /// A fenced or indented code block: content the outline does not read.
    Code(TextRange),
    /// An HTML comment (`<!-- … -->`): invisible once rendered.
    Comment(TextRange),
}

impl Block {
    pub(crate) fn range(&self) -> TextRange {
        match self {
            Block::Heading(h) => h.range,
            Block::Paragraph(p) => p.range,
            Block::List(l) => l.range,
            Block::Code(r) | Block::Comment(r) => *r,
        }
    }
}

/// The blocks of a Markdown text, in order.
#[derive(Clone, Debug, Default)]
pub(crate) struct Outline {
    pub(crate) blocks: Vec<Block>,
}

impl Outline {
    /// Reads `text` (the file's text, BOM removed).
    pub(crate) fn parse(text: &str) -> Outline {
        Parser::new(text).run()
    }

    pub(crate) fn headings(&self) -> impl Iterator<Item = &Heading> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Heading(h) => Some(h),
            _ => None,
        })
    }

    /// Index (in `blocks`) of the first heading, if any.
    pub(crate) fn first_heading_index(&self) -> Option<usize> {
        self.blocks
            .iter()
            .position(|b| matches!(b, Block::Heading(_)))
    }

    /// The blocks of the section a heading opens: up to the next heading of the same or a
    /// higher level (a smaller number), sub-headings included.
    pub(crate) fn section(&self, heading_index: usize) -> &[Block] {
        let Some(Block::Heading(heading)) = self.blocks.get(heading_index) else {
            return &[];
        };
        let start = heading_index + 1;
        let end = self.blocks[start..]
            .iter()
            .position(|b| matches!(b, Block::Heading(h) if h.level <= heading.level))
            .map_or(self.blocks.len(), |i| start + i);
        &self.blocks[start..end]
    }
}

/// One line of the text: its range without the line break (and a `\r` before it).
#[derive(Clone, Copy)]
struct Line<'a> {
    text: &'a str,
    start: usize,
}

impl Line<'_> {
    fn end(&self) -> usize {
        self.start + self.text.len()
    }
}

fn lines<'a>(text: &'a str) -> Vec<Line<'a>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut push = |body: &'a str, start: usize| {
        let body = body.strip_suffix('\r').unwrap_or(body);
        out.push(Line { text: body, start });
    };
    // `memchr_iter` rather than `split_inclusive('\n')`, which set up a search per line.
    for newline in memchr::memchr_iter(b'\n', text.as_bytes()) {
        push(&text[start..newline], start);
        start = newline + 1;
    }
    if start < text.len() {
        push(&text[start..], start);
    }
    out
}

fn range(start: usize, end: usize) -> TextRange {
    let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    TextRange::new(clamp(start), clamp(end.max(start)))
}

/// White space, and the invisible characters editors leave on "empty" lines.
pub(crate) fn is_blank_char(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200b}' | '\u{feff}' | '\u{a0}' | '\u{2060}')
}

fn is_blank(line: &str) -> bool {
    line.chars().all(is_blank_char)
}

/// Columns of leading indentation (a tab counts to the next multiple of four) and the rest.
fn indentation(line: &str) -> (usize, &str) {
    let mut columns = 0;
    for (i, c) in line.char_indices() {
        match c {
            ' ' => columns += 1,
            '\t' => columns += 4 - columns % 4,
            _ => return (columns, &line[i..]),
        }
    }
    (columns, "")
}

/// An opening code fence: its character and length.
fn fence_open(rest: &str) -> Option<(char, usize)> {
    let c = rest.chars().next()?;
    if c != '`' && c != '~' {
        return None;
    }
    let len = rest.chars().take_while(|&x| x == c).count();
    if len < 3 {
        return None;
    }
    // A backtick fence's info string holds no backtick.
    if c == '`' && rest[len..].contains('`') {
        return None;
    }
    Some((c, len))
}

fn fence_closes(rest: &str, fence: (char, usize)) -> bool {
    let len = rest.chars().take_while(|&x| x == fence.0).count();
    len >= fence.1 && rest[len * fence.0.len_utf8()..].trim().is_empty()
}

/// An ATX heading line (indentation removed): level and raw content range (relative to `rest`).
fn atx(rest: &str) -> Option<(u8, usize, usize)> {
    let hashes = rest.bytes().take_while(|&b| b == b'#').count();
    if hashes == 0 || hashes > 6 {
        return None;
    }
    let after = &rest[hashes..];
    // The space after the `#` run is optional (see the module docs); `#` alone is an empty heading.
    let lead = after.len() - after.trim_start_matches(is_blank_char).len();
    let mut content = after[lead..].trim_end_matches(is_blank_char);
    // A closing run of `#` (preceded by a space, or the whole content) is not part of the text.
    let without_closing = content.trim_end_matches('#');
    if without_closing.is_empty() {
        content = "";
    } else if without_closing.len() < content.len() && without_closing.ends_with([' ', '\t']) {
        content = without_closing.trim_end();
    }
    let start = hashes + lead;
    Some((
        u8::try_from(hashes).unwrap_or(6),
        start,
        start + content.len(),
    ))
}

/// A setext underline: `=`s (level 1) or `-`s (level 2), trailing spaces allowed.
fn setext_level(rest: &str) -> Option<u8> {
    let body = rest.trim_end();
    if body.is_empty() {
        return None;
    }
    if body.bytes().all(|b| b == b'=') {
        Some(1)
    } else if body.bytes().all(|b| b == b'-') {
        Some(2)
    } else {
        None
    }
}

fn thematic_break(rest: &str) -> bool {
    let mut marker = None;
    let mut count = 0;
    for c in rest.chars() {
        match c {
            ' ' | '\t' => {}
            '-' | '*' | '_' if marker.is_none() || marker == Some(c) => {
                marker = Some(c);
                count += 1;
            }
            _ => return false,
        }
    }
    count >= 3
}

/// A list marker: the byte offset (in `rest`) where the item's text starts.
fn list_marker(rest: &str) -> Option<usize> {
    let bytes = rest.as_bytes();
    let marker_len = match bytes.first()? {
        b'-' | b'*' | b'+' => 1,
        b'0'..=b'9' => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            if digits > 9 || !matches!(bytes.get(digits), Some(b'.' | b')')) {
                return None;
            }
            digits + 1
        }
        _ => return None,
    };
    match bytes.get(marker_len) {
        None => Some(marker_len),
        Some(b' ' | b'\t') => {
            let after = &rest[marker_len..];
            Some(marker_len + (after.len() - after.trim_start().len()))
        }
        _ => None,
    }
}

struct OpenParagraph<'a> {
    start: usize,
    end: usize,
    /// Trimmed lines of the text (joined when the paragraph closes).
    lines: Vec<&'a str>,
    first_line: TextRange,
}

struct OpenList<'a> {
    list: List,
    /// A blank line followed the last line of the list.
    blank: bool,
    item_lines: Vec<&'a str>,
}

struct Parser<'a> {
    lines: Vec<Line<'a>>,
    text: &'a str,
    blocks: Vec<Block>,
    paragraph: Option<OpenParagraph<'a>>,
    list: Option<OpenList<'a>>,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            lines: lines(text),
            text,
            blocks: Vec::new(),
            paragraph: None,
            list: None,
        }
    }

    fn run(mut self) -> Outline {
        let lines = std::mem::take(&mut self.lines);
        let mut i = 0;
        while i < lines.len() {
            i = self.line(&lines, i);
        }
        self.flush_paragraph();
        self.close_list();
        Outline {
            blocks: self.blocks,
        }
    }

    /// Handles the line at `i`; returns the index of the next line to read.
    fn line(&mut self, lines: &[Line<'a>], i: usize) -> usize {
        let line = lines[i];
        if is_blank(line.text) {
            self.flush_paragraph();
            if let Some(list) = &mut self.list {
                list.blank = true;
            }
            return i + 1;
        }
        let (indent, rest) = indentation(line.text);
        let rest_start = line.end() - rest.len();

        // Indented content: a list item's continuation, or indented code.
        if indent >= 4 {
            if self.list.is_some() {
                self.continue_item(line);
                return i + 1;
            }
            if self.paragraph.is_none() {
                return self.skip_indented_code(lines, i);
            }
        }
        if indent < 4
            && let Some(fence) = fence_open(rest)
        {
            self.flush_paragraph();
            if indent == 0 {
                self.close_list();
            }
            return self.skip_fence(lines, i, fence, indent);
        }
        if rest.starts_with("<!--") {
            self.flush_paragraph();
            return self.skip_comment(lines, i);
        }
        if indent < 4
            && let Some((level, from, to)) = atx(rest)
        {
            self.flush_paragraph();
            self.close_list();
            let content = &rest[from..to];
            self.blocks.push(Block::Heading(Heading {
                level,
                text: heading_text(content),
                range: range(line.start, line.end()),
                content: range(rest_start + from, rest_start + to),
                setext: false,
            }));
            return i + 1;
        }
        if indent < 4
            && self.list.is_none()
            && let Some(level) = setext_level(rest)
            && let Some(paragraph) = self.paragraph.take()
        {
            let joined = paragraph.lines.join(" ");
            self.blocks.push(Block::Heading(Heading {
                level,
                text: heading_text(&joined),
                range: range(paragraph.start, line.end()),
                content: paragraph.first_line,
                setext: true,
            }));
            return i + 1;
        }
        if indent < 4 && thematic_break(rest) {
            self.flush_paragraph();
            self.close_list();
            return i + 1;
        }
        if let Some(offset) = list_marker(rest) {
            // An ordered marker other than 1 cannot interrupt a paragraph (CommonMark); neither
            // can an item with no text.
            let cannot_interrupt = rest[offset..].trim().is_empty()
                || (rest.as_bytes()[0].is_ascii_digit()
                    && !rest.starts_with("1.")
                    && !rest.starts_with("1)"));
            if self.paragraph.is_none() || self.list.is_some() || !cannot_interrupt {
                self.flush_paragraph();
                self.start_item(line, rest_start + offset);
                return i + 1;
            }
        }
        // Paragraph text, or a list item's continuation.
        if let Some(list) = &self.list {
            if !list.blank || indent >= 2 {
                self.continue_item(line);
                return i + 1;
            }
            self.close_list();
        }
        self.paragraph_line(line);
        i + 1
    }

    fn paragraph_line(&mut self, line: Line<'a>) {
        let trimmed = line.text.trim_matches(is_blank_char);
        match &mut self.paragraph {
            Some(p) => {
                p.end = line.end();
                p.lines.push(trimmed);
            }
            None => {
                self.paragraph = Some(OpenParagraph {
                    start: line.start,
                    end: line.end(),
                    lines: vec![trimmed],
                    first_line: range(line.start, line.end()),
                });
            }
        }
    }

    fn flush_paragraph(&mut self) {
        if let Some(p) = self.paragraph.take() {
            self.blocks.push(Block::Paragraph(Paragraph {
                range: range(p.start, p.end),
                text: p.lines.join("\n"),
            }));
        }
    }

    fn start_item(&mut self, line: Line<'_>, text_start: usize) {
        let first = &self.text[text_start..line.end()];
        let item = ListItem {
            range: range(line.start, line.end()),
            text: String::new(),
            first_line: range(text_start, line.end()),
        };
        match &mut self.list {
            Some(open) => {
                finish_item(open);
                open.list.items.push(item);
                open.list.range.end = item_end(line);
                open.blank = false;
                open.item_lines = vec![first.trim()];
            }
            None => {
                self.list = Some(OpenList {
                    list: List {
                        range: range(line.start, line.end()),
                        items: vec![item],
                    },
                    blank: false,
                    item_lines: vec![first.trim()],
                });
            }
        }
    }

    fn continue_item(&mut self, line: Line<'a>) {
        if let Some(open) = &mut self.list {
            open.item_lines.push(line.text.trim_matches(is_blank_char));
            open.list.range.end = item_end(line);
            if let Some(item) = open.list.items.last_mut() {
                item.range.end = item_end(line);
            }
            open.blank = false;
        }
    }

    fn close_list(&mut self) {
        if let Some(mut open) = self.list.take() {
            finish_item(&mut open);
            self.blocks.push(Block::List(open.list));
        }
    }

    fn skip_fence(
        &mut self,
        lines: &[Line<'_>],
        i: usize,
        fence: (char, usize),
        indent: usize,
    ) -> usize {
        let start = lines[i].start;
        let mut j = i + 1;
        while j < lines.len() {
            let (inner_indent, rest) = indentation(lines[j].text);
            if inner_indent < 4.max(indent + 1) && fence_closes(rest, fence) {
                break;
            }
            j += 1;
        }
        let last = j.min(lines.len() - 1);
        self.push_code(start, lines[last].end());
        j + 1
    }

    fn skip_comment(&mut self, lines: &[Line<'_>], i: usize) -> usize {
        let start = lines[i].start;
        let mut j = i;
        while j < lines.len() && !lines[j].text.contains("-->") {
            j += 1;
        }
        let last = j.min(lines.len() - 1);
        let end = lines[last].end();
        if let Some(open) = &mut self.list {
            open.list.range.end = u32::try_from(end).unwrap_or(u32::MAX);
        } else {
            self.blocks.push(Block::Comment(range(start, end)));
        }
        j + 1
    }

    fn skip_indented_code(&mut self, lines: &[Line<'_>], i: usize) -> usize {
        let start = lines[i].start;
        let mut j = i;
        let mut last = i;
        while j < lines.len() {
            if is_blank(lines[j].text) {
                j += 1;
                continue;
            }
            if indentation(lines[j].text).0 < 4 {
                break;
            }
            last = j;
            j += 1;
        }
        self.push_code(start, lines[last].end());
        last + 1
    }

    fn push_code(&mut self, start: usize, end: usize) {
        // Code inside a list item belongs to the item.
        if let Some(open) = &mut self.list {
            open.list.range.end = u32::try_from(end).unwrap_or(u32::MAX);
            return;
        }
        self.blocks.push(Block::Code(range(start, end)));
    }
}

fn item_end(line: Line<'_>) -> u32 {
    u32::try_from(line.end()).unwrap_or(u32::MAX)
}

fn finish_item(open: &mut OpenList<'_>) {
    if let Some(item) = open.list.items.last_mut()
        && item.text.is_empty()
    {
        item.text = std::mem::take(&mut open.item_lines).join("\n");
    }
}

/// A heading's text: trimmed, with emphasis markers and link targets removed.
fn heading_text(content: &str) -> String {
    let plain = plain(content);
    let trimmed = plain.trim();
    if trimmed.len() == plain.len() {
        return plain;
    }
    trimmed.to_owned()
}

/// Inline Markdown reduced to its text: `*`/`_` emphasis markers removed (not `_` inside a
/// word, as in `snake_case`), `[text](url)` and `![alt](url)` reduced to `text`, backticks of
/// code spans removed.
pub(crate) fn plain(text: &str) -> String {
    // Most text has no Markdown to remove (every heading of a readme goes through here).
    if !text.bytes().any(|b| matches!(b, b'[' | b'*' | b'_' | b'`')) {
        return text.to_owned();
    }
    let links = strip_links(text);
    let chars: Vec<char> = links.chars().collect();
    let mut out = String::with_capacity(links.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '*' || c == '_' {
            let run_end = chars[i..]
                .iter()
                .position(|&x| x != c)
                .map_or(chars.len(), |n| i + n);
            let before = i.checked_sub(1).and_then(|k| chars.get(k));
            let after = chars.get(run_end);
            let intraword = before.is_some_and(|b| b.is_alphanumeric())
                && after.is_some_and(|a| a.is_alphanumeric());
            if intraword && c == '_' {
                out.extend(&chars[i..run_end]);
            }
            i = run_end;
            continue;
        }
        if c == '`' {
            i += 1;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// `[text](url)` → `text`, `![alt](url)` → `alt`; anything else unchanged.
fn strip_links(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let Some(close_rel) = rest[open..].find("](") else {
            break;
        };
        let close = open + close_rel;
        let Some(end_rel) = rest[close + 2..].find(')') else {
            break;
        };
        let end = close + 2 + end_rel;
        let inner = &rest[open + 1..close];
        if inner.contains('[') {
            // Not a simple link: keep the bracket and go on.
            out.push_str(&rest[..=open]);
            rest = &rest[open + 1..];
            continue;
        }
        let before = &rest[..open];
        out.push_str(before.strip_suffix('!').unwrap_or(before));
        out.push_str(inner);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    out
}

/// Lower-case words of a text (maximal runs of letters and digits), for keyword matching.
pub(crate) fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Normalized text for comparing: emphasis removed, lower case, runs of white space as one space,
/// trimmed.
pub(crate) fn normalize(text: &str) -> String {
    plain(text)
        .split(is_blank_char)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Sentences of a paragraph (rules.md §4 intro.md template: at most eight).
///
/// A sentence ends at `.`, `!`, `?` or `…` (a run of them, then any closing `)`, `"`, `'`,
/// `*`, `_`, `]`, `’`, `”`) followed by white space or the end of the text, except:
/// - inside a URL, an e-mail address, a decimal or a version (`1.5`, `v2.0`, `x.com`): the
///   mark is not followed by white space;
/// - after a common abbreviation (`e.g.`, `i.e.`, `etc.`, `vs.`, `Inc.`, `Dr.`, …) or a
///   single-letter initial (`J.`), unless the abbreviation ends the text;
/// - when the next word starts with a lower-case letter or a digit (`… etc. and more`).
///
/// Text after the last end counts as a sentence when it holds a letter or digit. Links count
/// as their text and code spans as words.
pub(crate) fn sentences(text: &str) -> Vec<String> {
    let flat = plain(text).replace('\n', " ");
    let chars: Vec<char> = flat.chars().collect();
    let mut out = Vec::new();
    let mut current = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        current.push(c);
        i += 1;
        if !matches!(c, '.' | '!' | '?' | '…') {
            continue;
        }
        // The whole run of marks and closing characters.
        while i < chars.len() && matches!(chars[i], '.' | '!' | '?' | '…') {
            current.push(chars[i]);
            i += 1;
        }
        while i < chars.len() && matches!(chars[i], ')' | '"' | '\'' | '*' | '_' | ']' | '’' | '”')
        {
            current.push(chars[i]);
            i += 1;
        }
        if i < chars.len() && !is_blank_char(chars[i]) {
            continue;
        }
        let next_word: String = chars[i..]
            .iter()
            .skip_while(|&&x| is_blank_char(x))
            .take_while(|&&x| !is_blank_char(x))
            .collect();
        if next_word.is_empty() || ends_sentence(&current, c, &next_word) {
            if current.chars().any(char::is_alphanumeric) {
                out.push(current.trim().to_owned());
            }
            current.clear();
        }
    }
    if current.chars().any(char::is_alphanumeric) {
        out.push(current.trim().to_owned());
    }
    out
}

/// Abbreviations after which a period does not end a sentence (compared without periods,
/// lower case).
const ABBREVIATIONS: &[&str] = &[
    "eg", "ie", "etc", "vs", "cf", "viz", "approx", "incl", "esp", "resp", "mr", "mrs", "ms", "dr",
    "prof", "st", "fig", "inc", "ltd", "co", "corp", "llc", "jr", "sr", "dept", "ca", "am", "pm",
    "bv", "gmbh",
];

fn ends_sentence(sentence: &str, mark: char, next_word: &str) -> bool {
    let first = next_word
        .chars()
        .find(|c| !matches!(c, '(' | '"' | '\'' | '*' | '_' | '[' | '‘' | '“' | '`'));
    if first.is_some_and(|c| c.is_lowercase() || c.is_ascii_digit()) {
        return false;
    }
    if mark != '.' {
        return true;
    }
    // The word the period closes: `e.g`, `Inc`, `J`.
    let body = sentence.trim_end_matches(|c: char| !c.is_alphanumeric());
    let word: String = body
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric() || *c == '.')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let bare: String = word
        .chars()
        .filter(|c| *c != '.')
        .collect::<String>()
        .to_lowercase();
    if bare.chars().count() == 1 && bare.chars().all(char::is_alphabetic) {
        return false;
    }
    !ABBREVIATIONS.contains(&bare.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headings(text: &str) -> Vec<(u8, String)> {
        Outline::parse(text)
            .headings()
            .map(|h| (h.level, h.text.clone()))
            .collect()
    }

    #[test]
    fn atx_headings_with_and_without_space() {
        let text = "# Title\n##Publisher: Ann\n### **Bold** ##\n####### seven\n#\n";
        assert_eq!(
            headings(text),
            vec![
                (1, "Title".to_owned()),
                (2, "Publisher: Ann".to_owned()),
                (3, "Bold".to_owned()),
                (1, String::new()),
            ]
        );
    }

    #[test]
    fn heading_ranges() {
        let text = "intro\n\n  ## Prerequisites ##\r\nmore";
        let outline = Outline::parse(text);
        let h = outline.headings().next().unwrap();
        assert_eq!(&text[h.range.to_range()], "  ## Prerequisites ##");
        assert_eq!(&text[h.content.to_range()], "Prerequisites");
    }

    #[test]
    fn fences_hide_headings() {
        let text = "# A\n```bash\n# not a heading\n```\n~~~~\n## no\n~~~\n~~~~~\n## B\n";
        assert_eq!(
            headings(text),
            vec![(1, "A".to_owned()), (2, "B".to_owned())]
        );
        let unclosed = "# A\n```\n# no\n";
        assert_eq!(headings(unclosed), vec![(1, "A".to_owned())]);
    }

    #[test]
    fn setext_and_comments() {
        let text = "Contoso\n=======\n\n<!--\n# hidden\n-->\nSub\n---\n\n---\n";
        assert_eq!(
            headings(text),
            vec![(1, "Contoso".to_owned()), (2, "Sub".to_owned())]
        );
    }

    #[test]
    fn paragraphs_and_lists() {
        let text =
            "One line\nand another.\n\n- `Send SMS`: sends\n  more\n* two\n\n1. three\n\nAfter.\n";
        let outline = Outline::parse(text);
        let kinds: Vec<&str> = outline
            .blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph(_) => "p",
                Block::List(_) => "l",
                Block::Heading(_) => "h",
                Block::Code(_) => "c",
                Block::Comment(_) => "!",
            })
            .collect();
        assert_eq!(kinds, ["p", "l", "p"]);
        let Block::List(list) = &outline.blocks[1] else {
            panic!()
        };
        let items: Vec<&str> = list.items.iter().map(|i| i.text.as_str()).collect();
        assert_eq!(items, ["`Send SMS`: sends\nmore", "two", "three"]);
        let Block::Paragraph(p) = &outline.blocks[0] else {
            panic!()
        };
        assert_eq!(p.text, "One line\nand another.");
    }

    #[test]
    fn zero_width_lines_are_blank() {
        let text = "Para one.\n\u{200b}\n## H\n";
        let outline = Outline::parse(text);
        assert!(matches!(outline.blocks[0], Block::Paragraph(_)));
        assert!(matches!(outline.blocks[1], Block::Heading(_)));
    }

    #[test]
    fn plain_text() {
        assert_eq!(
            plain("**Publisher:** _Ann_ snake_case"),
            "Publisher: Ann snake_case"
        );
        assert_eq!(
            plain("see [the docs](https://x.com/a_b) and ![logo](l.png)"),
            "see the docs and logo"
        );
    }

    #[test]
    fn sentence_counting() {
        let count = |t: &str| sentences(t).len();
        assert_eq!(count("One. Two! Three?"), 3);
        assert_eq!(count("Use e.g. the API. Version 1.5 works."), 2);
        assert_eq!(count("See https://contoso.com/a.b for more. Then go."), 2);
        assert_eq!(
            count("Apples, pears, etc. are fruit. Contoso Inc. sells them"),
            2
        );
        assert_eq!(count("Made by J. Smith. Thanks"), 2);
        assert_eq!(count("No end mark"), 1);
        assert_eq!(count("Is that all? No. See No. 5 and fig. 2."), 3);
        assert_eq!(count(""), 0);
        assert_eq!(count("Supports `invitee.created` events. (Beta.) Done."), 3);
    }

    /// Every range lies on character boundaries inside the text, whatever the input.
    fn check_ranges(text: &str) {
        let ok = |r: TextRange| {
            r.start <= r.end
                && (r.end as usize) <= text.len()
                && text.is_char_boundary(r.start as usize)
                && text.is_char_boundary(r.end as usize)
        };
        for block in &Outline::parse(text).blocks {
            assert!(ok(block.range()), "{block:?} in {text:?}");
            match block {
                Block::Heading(h) => assert!(ok(h.content)),
                Block::List(l) => {
                    for item in &l.items {
                        assert!(ok(item.range) && ok(item.first_line));
                    }
                }
                _ => {}
            }
        }
        let _ = sentences(text);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(text in r"[#*_`~=\-+>1.) \t\r\na-zé\x{200B}<!\[\]()]{0,80}") {
            check_ranges(&text);
        }
    }
}
