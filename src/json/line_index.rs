//! Byte offset → line/column conversion.

/// Start offsets of every line of a text, for turning byte offsets into
/// 1-based line and column numbers.
///
/// Lines are separated by `\n`; a `\r` right before it belongs to the line
/// it ends (it is not a line break of its own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineIndex {
    line_starts: Vec<u32>,
}

impl LineIndex {
    /// Indexes `text`. Offsets beyond `u32::MAX` are not supported (the
    /// callers limit files to 16 MiB).
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut line_starts = Vec::with_capacity(bytes.len() / 40 + 1);
        line_starts.push(0);
        line_starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| (i + 1) as u32));
        LineIndex { line_starts }
    }

    /// 1-based line and 1-based column of `offset` in `text` (the same text
    /// the index was built from).
    ///
    /// The column counts Unicode scalar values from the start of the line,
    /// so a tab or a multi-byte character is one column. Offsets past the
    /// end are clamped to the end; an offset inside a multi-byte character
    /// is moved back to the character's start.
    pub fn line_col(&self, text: &str, offset: u32) -> (u32, u32) {
        let mut off = (offset as usize).min(text.len());
        while off > 0 && !text.is_char_boundary(off) {
            off -= 1;
        }
        // Number of line starts at or before `off`; at least 1 (the 0 start).
        let line = self
            .line_starts
            .partition_point(|&start| start as usize <= off)
            .max(1);
        let start = (self.line_starts[line - 1] as usize).min(off);
        let col = text.get(start..off).map_or(0, |s| s.chars().count());
        (line as u32, col as u32 + 1)
    }

    /// Text of the 1-based `line`, without its trailing `\n` or `\r\n`.
    /// Returns `""` for a line number out of range.
    pub fn line_text<'a>(&self, text: &'a str, line: u32) -> &'a str {
        let Some(idx) = (line as usize).checked_sub(1) else {
            return "";
        };
        let Some(&start) = self.line_starts.get(idx) else {
            return "";
        };
        let start = start as usize;
        let (end, had_newline) = match self.line_starts.get(idx + 1) {
            Some(&next) => (next as usize - 1, true),
            None => (text.len(), false),
        };
        let Some(mut s) = text.get(start..end.max(start)) else {
            return "";
        };
        if had_newline {
            s = s.strip_suffix('\r').unwrap_or(s);
        }
        s
    }

    /// Number of lines (a text ending with `\n` has an empty last line).
    pub fn line_count(&self) -> u32 {
        self.line_starts.len() as u32
    }

    /// Byte offset where the 1-based `line` starts, if it exists.
    pub fn line_start(&self, line: u32) -> Option<u32> {
        let idx = (line as usize).checked_sub(1)?;
        self.line_starts.get(idx).copied()
    }
}
