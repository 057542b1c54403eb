//! RFC 6901 JSON Pointers.

use std::borrow::Cow;
use std::fmt;

/// A JSON Pointer (RFC 6901), stored in its escaped string form, e.g.
/// `/paths/~1items~1{id}/get`. The empty pointer designates the root.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pointer(String);

impl Pointer {
    /// The empty pointer (the whole document).
    pub fn root() -> Self {
        Pointer(String::new())
    }

    /// The escaped string form (`""` for the root).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is the root pointer.
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// Appends one reference token, escaping `~` as `~0` and `/` as `~1`.
    pub fn push(&mut self, segment: &str) {
        self.0.reserve(segment.len() + 1);
        self.0.push('/');
        // Most segments need no escaping: copy them whole.
        if memchr::memchr2(b'~', b'/', segment.as_bytes()).is_none() {
            self.0.push_str(segment);
            return;
        }
        // Runs between the special bytes are copied whole: path keys of `paths` all hold `/`.
        let mut rest = segment;
        while let Some(at) = memchr::memchr2(b'~', b'/', rest.as_bytes()) {
            self.0.push_str(&rest[..at]);
            self.0.push_str(if rest.as_bytes()[at] == b'~' {
                "~0"
            } else {
                "~1"
            });
            rest = &rest[at + 1..];
        }
        self.0.push_str(rest);
    }

    /// Appends an array index.
    pub fn push_index(&mut self, i: usize) {
        // Digits by hand: `write!` goes through the formatting machinery, and pointers are built
        // for every array element a walk visits.
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        let mut n = i;
        loop {
            at -= 1;
            digits[at] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.0.push('/');
        for &d in &digits[at..] {
            self.0.push(char::from(d));
        }
    }

    /// This pointer with one more (unescaped) segment.
    pub fn child(&self, segment: &str) -> Pointer {
        // One allocation of the final size (a clone then a push would reallocate and copy), with
        // room for a few escapes (`/` in a path key becomes `~1`).
        let mut p = Pointer(String::with_capacity(self.0.len() + segment.len() + 9));
        p.0.push_str(&self.0);
        p.push(segment);
        p
    }

    /// This pointer with one more array-index segment.
    pub fn child_index(&self, i: usize) -> Pointer {
        let mut p = Pointer(String::with_capacity(self.0.len() + 21));
        p.0.push_str(&self.0);
        p.push_index(i);
        p
    }

    /// The pointer without its last segment; `None` for the root.
    pub fn parent(&self) -> Option<Pointer> {
        let i = self.0.rfind('/')?;
        Some(Pointer(self.0[..i].to_owned()))
    }

    /// The last segment, unescaped; `None` for the root.
    pub fn last_segment(&self) -> Option<String> {
        let i = self.0.rfind('/')?;
        Some(unescape(&self.0[i + 1..]).map_or_else(String::new, Cow::into_owned))
    }

    /// The unescaped reference tokens, in order (none for the root).
    pub fn segments(&self) -> impl Iterator<Item = String> {
        self.0
            .split('/')
            .skip(1)
            .map(|s| unescape(s).map_or_else(|| s.to_owned(), Cow::into_owned))
    }

    /// Parses an escaped pointer string: it must be empty or start with
    /// `/`, and every `~` must be followed by `0` or `1`.
    pub fn parse(s: &str) -> Option<Pointer> {
        if !(s.is_empty() || s.starts_with('/')) {
            return None;
        }
        let bytes = s.as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'~' && !matches!(bytes.get(i + 1), Some(b'0' | b'1')) {
                return None;
            }
        }
        Some(Pointer(s.to_owned()))
    }

    /// Builds a pointer from unescaped segments.
    pub fn from_segments<I, S>(segments: I) -> Pointer
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut p = Pointer::root();
        for s in segments {
            p.push(s.as_ref());
        }
        p
    }

    /// The escaped string form, consuming the pointer.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Pointer {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

/// Unescapes one reference token (`~1` → `/`, `~0` → `~`). Returns `None`
/// when a `~` is not followed by `0` or `1`.
pub fn unescape(token: &str) -> Option<Cow<'_, str>> {
    if !token.contains('~') {
        return Some(Cow::Borrowed(token));
    }
    let mut out = String::with_capacity(token.len());
    let mut chars = token.chars();
    while let Some(c) = chars.next() {
        if c == '~' {
            match chars.next() {
                Some('0') => out.push('~'),
                Some('1') => out.push('/'),
                _ => return None,
            }
        } else {
            out.push(c);
        }
    }
    Some(Cow::Owned(out))
}

/// Parses an RFC 6901 array index: ASCII digits, no leading zero (except
/// `0` itself), fitting in `usize`.
pub fn parse_index(token: &str) -> Option<usize> {
    let bytes = token.as_bytes();
    if bytes.is_empty() || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    if bytes.len() > 1 && bytes[0] == b'0' {
        return None;
    }
    token.parse().ok()
}
