//! A C# lexer-lite: enough of C# to find declarations in `script.csx` without being fooled by
//! comments, strings or character literals. [`blank`] replaces every byte of a comment, a string
//! literal (regular, verbatim `@"…"`, interpolated `$"…"` and `$@"…"`, raw `"""…"""`), a
//! character literal or a preprocessor line with a space, keeping line breaks, so byte offsets
//! in the result are offsets in the script. The code inside interpolation holes (`{expr}`) is
//! kept. [`tokens`] then splits the blanked text into identifiers and punctuation.

/// The script with comments, strings, character literals and preprocessor lines blanked out.
#[must_use]
pub(crate) fn blank(text: &str) -> String {
    let mut out = text.as_bytes().to_vec();
    let mut lexer = Lexer {
        src: text.as_bytes(),
        out: &mut out,
        at: 0,
    };
    lexer.code(false);
    // Only ASCII bytes were written, and only over whole characters (a region always starts and
    // ends on ASCII delimiters or the end of the text), so this cannot fail; stay total anyway.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

struct Lexer<'a> {
    src: &'a [u8],
    out: &'a mut Vec<u8>,
    at: usize,
}

impl Lexer<'_> {
    fn peek(&self, offset: usize) -> Option<u8> {
        self.src.get(self.at + offset).copied()
    }

    /// Blanks `start..end`, keeping line breaks.
    fn wipe(&mut self, start: usize, end: usize) {
        let end = end.min(self.out.len());
        // A plain loop over a slice, which the compiler vectorizes.
        for byte in self.out.get_mut(start..end).unwrap_or_default() {
            *byte = if *byte == b'\n' { b'\n' } else { b' ' };
        }
    }

    /// Whether only spaces and tabs precede `at` on its line.
    fn at_line_start(&self) -> bool {
        self.src[..self.at]
            .iter()
            .rev()
            .take_while(|&&b| b != b'\n')
            .all(|&b| b == b' ' || b == b'\t' || b == b'\r')
    }

    /// Code, up to the end of the text or, in an interpolation hole, its closing `}`
    /// (left unconsumed).
    fn code(&mut self, in_hole: bool) {
        let mut depth = 0usize;
        let mut parens = 0usize;
        while let Some(byte) = self.peek(0) {
            match byte {
                b'/' if self.peek(1) == Some(b'/') => self.line_comment(),
                b'/' if self.peek(1) == Some(b'*') => self.block_comment(),
                b'#' if self.at_line_start() => self.line_comment(),
                b'"' | b'$' | b'@' if self.string_start().is_some() => self.string(),
                b'\'' => self.char_literal(),
                b'{' => {
                    depth += 1;
                    self.at += 1;
                }
                b'}' => {
                    if in_hole && depth == 0 {
                        return;
                    }
                    depth = depth.saturating_sub(1);
                    self.at += 1;
                }
                b'(' | b'[' => {
                    parens += 1;
                    self.at += 1;
                }
                b')' | b']' => {
                    parens = parens.saturating_sub(1);
                    self.at += 1;
                }
                b':' if self.peek(1) == Some(b':') => self.at += 2,
                b':' if in_hole && depth == 0 && parens == 0 => {
                    // A format specifier (`{value:N2}`) runs to the hole's `}`.
                    let start = self.at;
                    while let Some(b) = self.peek(0) {
                        if b == b'}' || b == b'\n' {
                            break;
                        }
                        self.at += 1;
                    }
                    self.wipe(start, self.at);
                }
                _ => {
                    // Then the run of bytes no arm above looks at, in one go.
                    self.at += 1;
                    while self
                        .src
                        .get(self.at)
                        .is_some_and(|&b| !CODE_SPECIAL[usize::from(b)])
                    {
                        self.at += 1;
                    }
                }
            }
        }
    }

    fn line_comment(&mut self) {
        let start = self.at;
        let rest = self.src.get(self.at..).unwrap_or_default();
        self.at += memchr::memchr(b'\n', rest).unwrap_or(rest.len());
        self.wipe(start, self.at);
    }

    fn block_comment(&mut self) {
        let start = self.at;
        let body = self.src.get(self.at + 2..).unwrap_or_default();
        self.at = match memchr::memmem::find(body, b"*/") {
            Some(close) => start + 2 + close + 2,
            None => self.src.len(),
        };
        self.wipe(start, self.at);
    }

    /// At a string literal: its prefix (`$` count, verbatim) and the number of opening quotes.
    fn string_start(&self) -> Option<(usize, bool, usize)> {
        let mut i = 0;
        let mut dollars = 0;
        let mut verbatim = false;
        loop {
            match self.peek(i)? {
                b'$' => dollars += 1,
                b'@' if !verbatim => verbatim = true,
                b'"' => break,
                _ => return None,
            }
            i += 1;
        }
        let quotes = self.src[self.at + i..]
            .iter()
            .take_while(|&&b| b == b'"')
            .count();
        Some((dollars, verbatim, quotes))
    }

    fn string(&mut self) {
        let Some((dollars, verbatim, quotes)) = self.string_start() else {
            self.at += 1;
            return;
        };
        let start = self.at;
        let prefix = self.src[self.at..]
            .iter()
            .take_while(|&&b| b == b'$' || b == b'@')
            .count();
        self.at += prefix;
        if quotes >= 3 && !verbatim {
            // Raw string literal: ends at the same run of quotes. Holes are blanked with it.
            self.at += quotes;
            loop {
                let rest = self.src.get(self.at..).unwrap_or_default();
                let Some(quote) = memchr::memchr(b'"', rest) else {
                    self.at = self.src.len();
                    break;
                };
                self.at += quote;
                let run = self.src[self.at..]
                    .iter()
                    .take_while(|&&b| b == b'"')
                    .count();
                self.at += run;
                if run >= quotes {
                    break;
                }
            }
            self.wipe(start, self.at);
            return;
        }
        // `""` right after the prefix is an empty string.
        self.at += 1;
        let mut segment = start;
        while let Some(byte) = self.peek(0) {
            match byte {
                b'"' if verbatim && self.peek(1) == Some(b'"') => self.at += 2,
                b'"' => {
                    self.at += 1;
                    break;
                }
                b'\\' if !verbatim => self.at += 2,
                b'\n' if !verbatim => break,
                b'{' if dollars > 0 && self.peek(1) == Some(b'{') => self.at += 2,
                b'{' if dollars > 0 => {
                    self.at += 1;
                    self.wipe(segment, self.at);
                    self.code(true);
                    segment = self.at;
                    if self.peek(0) == Some(b'}') {
                        self.at += 1;
                    }
                }
                _ => {
                    // Then the run of bytes no arm above looks at, in one go.
                    self.at += 1;
                    while self
                        .src
                        .get(self.at)
                        .is_some_and(|&b| !matches!(b, b'"' | b'\\' | b'\n' | b'{'))
                    {
                        self.at += 1;
                    }
                }
            }
        }
        self.at = self.at.min(self.src.len());
        self.wipe(segment, self.at);
    }

    fn char_literal(&mut self) {
        let start = self.at;
        let mut i = 1;
        if self.peek(1) == Some(b'\\') {
            i = 3;
            while i < 12 {
                match self.peek(i) {
                    Some(b'\'') => break,
                    Some(b'\n') | None => {
                        self.at += 1;
                        return;
                    }
                    _ => i += 1,
                }
            }
        } else {
            // One character, possibly several UTF-8 bytes.
            i += 1;
            while matches!(self.peek(i), Some(b) if b & 0xc0 == 0x80) {
                i += 1;
            }
        }
        if self.peek(i) == Some(b'\'') {
            self.at += i + 1;
            self.wipe(start, self.at);
        } else {
            self.at += 1;
        }
    }
}

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// An identifier or keyword (a leading `@` is part of it), or a number.
    Word,
    /// One punctuation byte.
    Punct(u8),
}

/// A token of the blanked text, by byte range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Token {
    pub(crate) kind: Kind,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

impl Token {
    pub(crate) fn text<'a>(&self, code: &'a str) -> &'a str {
        code.get(self.start..self.end).unwrap_or("")
    }

    pub(crate) fn is(&self, code: &str, word: &str) -> bool {
        self.kind == Kind::Word && self.text(code) == word
    }

    pub(crate) fn is_punct(&self, byte: u8) -> bool {
        self.kind == Kind::Punct(byte)
    }
}

const fn is_word_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte >= 0x80
}

/// The bytes [`Lexer::code`] looks at; it passes over runs of the others.
static CODE_SPECIAL: [bool; 256] = {
    let mut special = [false; 256];
    let bytes = *b"/#\"$@'{}()[]:";
    let mut i = 0;
    while i < bytes.len() {
        special[bytes[i] as usize] = true;
        i += 1;
    }
    special
};

/// Byte classes for [`tokens`].
const SPACE: u8 = 0;
const WORD: u8 = 1;
const PUNCT: u8 = 2;

static TOKEN_CLASS: [u8; 256] = {
    let mut class = [PUNCT; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        if byte.is_ascii_whitespace() {
            class[b] = SPACE;
        } else if is_word_byte(byte) {
            class[b] = WORD;
        }
        b += 1;
    }
    class
};

/// The tokens of blanked text: words and single punctuation bytes; white space separates.
#[must_use]
pub(crate) fn tokens(code: &str) -> Vec<Token> {
    let bytes = code.as_bytes();
    let class = |byte: u8| TOKEN_CLASS[usize::from(byte)];
    // About one token per four bytes of a script: fewer reallocations.
    let mut out = Vec::with_capacity(bytes.len() / 4);
    let mut at = 0;
    while at < bytes.len() {
        let byte = bytes[at];
        let kind = class(byte);
        if kind == SPACE {
            at += 1;
            while at < bytes.len() && class(bytes[at]) == SPACE {
                at += 1;
            }
        } else if kind == WORD
            || (byte == b'@' && bytes.get(at + 1).is_some_and(|&b| class(b) == WORD))
        {
            let start = at;
            at += 1;
            while at < bytes.len() && class(bytes[at]) == WORD {
                at += 1;
            }
            out.push(Token {
                kind: Kind::Word,
                start,
                end: at,
            });
        } else {
            out.push(Token {
                kind: Kind::Punct(byte),
                start: at,
                end: at + 1,
            });
            at += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blanks_comments_strings_and_chars_keeping_offsets() {
        let text =
            "a // x.Result\nb /* Thread.Sleep */ c \"new HttpClient(\" d @\"x\"\"y\" e '\"' f";
        let code = blank(text);
        assert_eq!(code.len(), text.len());
        assert_eq!(
            code.split_whitespace().collect::<Vec<_>>(),
            ["a", "b", "c", "d", "e", "f"]
        );
        assert_eq!(code.find('\n'), text.find('\n'));
    }

    #[test]
    fn interpolation_holes_are_code() {
        let code = blank("$\"a {task.Result} b {x:N2} {{c}}\" + $@\"{d[\"k\"]}\"");
        let words: Vec<&str> = code.split_whitespace().collect();
        assert_eq!(words, ["task.Result", "x", "+", "d[", "]"]);
    }

    #[test]
    fn raw_strings_and_preprocessor_lines() {
        let code = blank("#r \"x.dll\"\n  #region A\nx = \"\"\"\n  a \"\" b\n  \"\"\";\n");
        assert_eq!(code.split_whitespace().collect::<Vec<_>>(), ["x", "=", ";"]);
    }

    #[test]
    fn unterminated_input_does_not_panic() {
        for text in [
            "\"abc", "@\"abc", "$\"{a", "/* x", "'", "'\\", "$\"{\"", "\"\"\"", "é'é",
        ] {
            let code = blank(text);
            assert_eq!(code.len(), text.len());
            let _ = tokens(&code);
        }
    }

    #[test]
    fn multibyte_text_is_kept_valid() {
        let text = "var s = \"héllo ✓\"; // ✓\nvar t = 'é';";
        let code = blank(text);
        assert_eq!(code.len(), text.len());
        assert!(code.starts_with("var s ="));
    }
}
