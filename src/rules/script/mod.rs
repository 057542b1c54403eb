//! SC rules: `script.csx`, the connector's custom code. The rules read the script through
//! [`Script`]: the text with comments, strings and character literals blanked out (offsets
//! kept, see [`csharp`]), split into tokens, from which classes, using directives and
//! `ExecuteAsync` declarations are found. This is not a C# parser: it recognises the few
//! declarations the rules need, and never fails.

mod blocking_calls;
mod bom;
mod class_name;
pub(crate) mod csharp;
mod execute_async;
mod namespaces;
mod no_new_httpclient;
mod scriptbase_class;
mod single_script;
mod size;

use super::{Rule, RuleContext};
use crate::diagnostic::Target;
use crate::json::TextRange;
use crate::package::{Artifact, FileId};
use csharp::{Kind, Token};

pub(crate) static RULES: &[&dyn Rule] = &[
    &size::Size,
    &scriptbase_class::ScriptbaseClass,
    &class_name::ClassName,
    &execute_async::ExecuteAsync,
    &namespaces::Namespaces,
    &single_script::SingleScript,
    &no_new_httpclient::NoNewHttpclient,
    &blocking_calls::BlockingCalls,
    &bom::Bom,
];

/// The namespaces custom code may use (rules.md §4, Learn *Write code in a custom connector*).
pub(crate) const ALLOWED_NAMESPACES: [&str; 26] = [
    "System",
    "System.Collections",
    "System.Collections.Generic",
    "System.Diagnostics",
    "System.IO",
    "System.IO.Compression",
    "System.Linq",
    "System.Net",
    "System.Net.Http",
    "System.Net.Http.Headers",
    "System.Net.Security",
    "System.Security.Authentication",
    "System.Security.Cryptography",
    "System.Text",
    "System.Text.RegularExpressions",
    "System.Threading",
    "System.Threading.Tasks",
    "System.Web",
    "System.Xml",
    "System.Xml.Linq",
    "System.Drawing",
    "System.Drawing.Drawing2D",
    "System.Drawing.Imaging",
    "Microsoft.Extensions.Logging",
    "Newtonsoft.Json",
    "Newtonsoft.Json.Linq",
];

/// The script as the rules see it.
pub(crate) struct Script<'a> {
    /// The script's text (BOM removed), which positions refer to.
    pub(crate) text: &'a str,
    /// The text with comments, strings, character literals and preprocessor lines blanked.
    pub(crate) code: &'a str,
    pub(crate) tokens: &'a [Token],
}

/// The script blanked and tokenized: the work every SC rule shares, done once per package
/// ([`RuleContext::script_parsed`]).
#[derive(Debug)]
pub(crate) struct Parsed {
    code: String,
    tokens: Vec<Token>,
}

impl Parsed {
    pub(crate) fn new(text: &str) -> Self {
        let code = csharp::blank(text);
        let tokens = csharp::tokens(&code);
        Parsed { code, tokens }
    }

    /// The script view over `text`, which this was parsed from.
    pub(crate) fn script<'a>(&'a self, text: &'a str) -> Script<'a> {
        Script {
            text,
            code: &self.code,
            tokens: &self.tokens,
        }
    }
}

/// A `class` declaration.
#[derive(Clone, Debug)]
pub(crate) struct Class {
    pub(crate) name: String,
    pub(crate) name_range: TextRange,
    /// `ScriptBase` (or `X.ScriptBase`) is in its base list.
    pub(crate) derives_script_base: bool,
    pub(crate) partial: bool,
}

/// The three forms of using directive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum UsingKind {
    /// `using N;`
    Namespace,
    /// `using static N.T;`
    Static,
    /// `using A = N.T;` (or `using A = N;`)
    Alias,
}

/// One name segment of a directive: its text and byte range.
#[derive(Clone, Debug)]
pub(crate) struct Segment {
    pub(crate) text: String,
    pub(crate) start: usize,
    pub(crate) end: usize,
}

/// A using directive at file or namespace level.
#[derive(Clone, Debug)]
pub(crate) struct Using {
    pub(crate) kind: UsingKind,
    /// The name's segments, without `global::` and type arguments.
    pub(crate) segments: Vec<Segment>,
}

/// A declaration of a method named `ExecuteAsync`.
#[derive(Clone, Debug)]
pub(crate) struct Method {
    pub(crate) name: TextRange,
    pub(crate) modifiers: Vec<String>,
    /// The return type as written, white space removed.
    pub(crate) return_type: String,
    /// The text between the parentheses is not empty.
    pub(crate) has_parameters: bool,
}

/// The script file and its parsed form, when the package holds a script that was read.
pub(crate) fn script<'a>(cx: &RuleContext<'a>) -> Option<(FileId, Script<'a>)> {
    let id = cx.package().artifact(Artifact::Script)?;
    let text = cx.package().file(id).text()?;
    Some((id, cx.script_parsed()?.script(text)))
}

/// A range of the script for a finding.
pub(crate) fn range(start: usize, end: usize) -> Target {
    let start = u32::try_from(start).unwrap_or(u32::MAX);
    let end = u32::try_from(end).unwrap_or(u32::MAX).max(start);
    Target::Range(TextRange::new(start, end))
}

/// Words that make a token sequence a statement, not a declaration header.
const STATEMENT_WORDS: [&str; 12] = [
    "return", "await", "new", "throw", "yield", "else", "in", "is", "as", "case", "goto", "typeof",
];

impl<'a> Script<'a> {
    fn tok(&self, i: usize) -> Option<&Token> {
        self.tokens.get(i)
    }

    fn word_at(&self, i: usize, word: &str) -> bool {
        self.tok(i).is_some_and(|t| t.is(self.code, word))
    }

    fn punct_at(&self, i: usize, byte: u8) -> bool {
        self.tok(i).is_some_and(|t| t.is_punct(byte))
    }

    fn text_of(&self, token: &Token) -> &str {
        token.text(self.code)
    }

    /// The 1-based line of a byte offset.
    pub(crate) fn line_of(&self, offset: usize) -> usize {
        self.text
            .as_bytes()
            .iter()
            .take(offset)
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    }

    /// The index of the token closing the bracket opened at `open` (`<`/`>`, `(`/`)`).
    fn matching(&self, open: usize, opening: u8, closing: u8) -> Option<usize> {
        let mut depth = 0usize;
        for (i, token) in self.tokens.iter().enumerate().skip(open) {
            if token.is_punct(opening) {
                depth += 1;
            } else if token.is_punct(closing) {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(i);
                }
            } else if opening == b'<' && (token.is_punct(b';') || token.is_punct(b'{')) {
                return None;
            }
        }
        None
    }

    /// Every `class` declaration, in order.
    pub(crate) fn classes(&self) -> Vec<Class> {
        let mut out = Vec::new();
        for (i, token) in self.tokens.iter().enumerate() {
            if !token.is(self.code, "class") {
                continue;
            }
            let Some(name) = self.tok(i + 1).filter(|t| t.kind == Kind::Word) else {
                continue;
            };
            let partial = self.tokens[..i]
                .iter()
                .rev()
                .take_while(|t| t.kind == Kind::Word)
                .any(|t| t.is(self.code, "partial"));
            let mut j = i + 2;
            if self.punct_at(j, b'<') {
                j = self.matching(j, b'<', b'>').map_or(j, |close| close + 1);
            }
            let mut derives_script_base = false;
            if self.punct_at(j, b':') {
                let mut depth = 0usize;
                for (k, base) in self.tokens.iter().enumerate().skip(j + 1) {
                    if base.is_punct(b'{') || base.is_punct(b';') || base.is(self.code, "where") {
                        break;
                    }
                    if base.is_punct(b'<') {
                        depth += 1;
                    } else if base.is_punct(b'>') {
                        depth = depth.saturating_sub(1);
                    } else if depth == 0
                        && base.is(self.code, "ScriptBase")
                        && !self.punct_at(k + 1, b'.')
                    {
                        derives_script_base = true;
                    }
                }
            }
            out.push(Class {
                name: self.text_of(name).to_owned(),
                name_range: TextRange::new(
                    u32::try_from(name.start).unwrap_or(u32::MAX),
                    u32::try_from(name.end).unwrap_or(u32::MAX),
                ),
                derives_script_base,
                partial,
            });
        }
        out
    }

    /// A qualified name at token `i` (`global::` dropped, type arguments skipped): its
    /// segments and the index after it.
    fn qualified(&self, mut i: usize) -> Option<(Vec<Segment>, usize)> {
        if self.word_at(i, "global") && self.punct_at(i + 1, b':') && self.punct_at(i + 2, b':') {
            i += 3;
        }
        let mut segments = Vec::new();
        loop {
            let token = self.tok(i).filter(|t| t.kind == Kind::Word)?;
            let text = self.text_of(token);
            segments.push(Segment {
                text: text.strip_prefix('@').unwrap_or(text).to_owned(),
                start: token.start,
                end: token.end,
            });
            i += 1;
            if self.punct_at(i, b'<') {
                i = self.matching(i, b'<', b'>')? + 1;
            }
            if self.punct_at(i, b'.') {
                i += 1;
            } else {
                return Some((segments, i));
            }
        }
    }

    /// A using directive whose name starts at token `i` (after `using`), or `None` when this
    /// is a `using` statement or declaration.
    fn directive(&self, i: usize) -> Option<(Using, usize)> {
        let first = self.tok(i)?;
        if first.kind != Kind::Word || first.is(self.code, "var") || first.is(self.code, "await") {
            return None;
        }
        let (kind, start) = if first.is(self.code, "static") {
            (UsingKind::Static, i + 1)
        } else if self.punct_at(i + 1, b'=') {
            (UsingKind::Alias, i + 2)
        } else {
            (UsingKind::Namespace, i)
        };
        let (segments, next) = self.qualified(start)?;
        if !self.punct_at(next, b';') {
            return None;
        }
        Some((Using { kind, segments }, next + 1))
    }

    /// The using directives at file or namespace level before the first type declaration (or
    /// the first statement of a script).
    pub(crate) fn usings(&self) -> Vec<Using> {
        let mut out = Vec::new();
        let mut namespaces = 0usize;
        let mut i = 0;
        while let Some(token) = self.tok(i) {
            if token.is(self.code, "global") && self.word_at(i + 1, "using") {
                i += 1;
            } else if token.is(self.code, "using") {
                let Some((using, next)) = self.directive(i + 1) else {
                    break;
                };
                out.push(using);
                i = next;
            } else if token.is(self.code, "namespace") {
                let Some((_, next)) = self.qualified(i + 1) else {
                    break;
                };
                if self.punct_at(next, b'{') {
                    namespaces += 1;
                } else if !self.punct_at(next, b';') {
                    break;
                }
                i = next + 1;
            } else if token.is(self.code, "extern") && self.word_at(i + 1, "alias") {
                i += 2;
                while self.tok(i).is_some_and(|t| !t.is_punct(b';')) {
                    i += 1;
                }
                i += 1;
            } else if token.is_punct(b'}') && namespaces > 0 {
                namespaces -= 1;
                i += 1;
            } else if token.is_punct(b';') {
                i += 1;
            } else {
                break;
            }
        }
        out
    }

    /// Every declaration of a method named `ExecuteAsync` (calls such as
    /// `base.ExecuteAsync()` or `await ExecuteAsync()` are not declarations).
    pub(crate) fn execute_async_methods(&self) -> Vec<Method> {
        let mut out = Vec::new();
        for (i, token) in self.tokens.iter().enumerate() {
            if !token.is(self.code, "ExecuteAsync") || !self.punct_at(i + 1, b'(') {
                continue;
            }
            if i > 0 && self.punct_at(i - 1, b'.') {
                continue;
            }
            let begin = self.tokens[..i]
                .iter()
                .rposition(|t| {
                    t.is_punct(b';') || t.is_punct(b'{') || t.is_punct(b'}') || t.is_punct(b']')
                })
                .map_or(0, |p| p + 1);
            let header = &self.tokens[begin..i];
            let Some(last) = header.last() else {
                continue;
            };
            let statement = header.iter().any(|t| {
                t.is_punct(b'=')
                    || t.is_punct(b'(')
                    || t.is_punct(b')')
                    || STATEMENT_WORDS.iter().any(|w| t.is(self.code, w))
            });
            if statement || !(last.kind == Kind::Word || last.is_punct(b'>') || last.is_punct(b'?'))
            {
                continue;
            }
            // The return type: `A.B.C<…>?` at the end of the header.
            let mut t = header.len() - 1;
            if header[t].is_punct(b'?') && t > 0 {
                t -= 1;
            }
            if header[t].is_punct(b'>') {
                let mut depth = 0usize;
                loop {
                    if header[t].is_punct(b'>') {
                        depth += 1;
                    } else if header[t].is_punct(b'<') {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            break;
                        }
                    }
                    if t == 0 {
                        break;
                    }
                    t -= 1;
                }
                t = t.saturating_sub(1);
            }
            while t >= 2 && header[t - 1].is_punct(b'.') && header[t - 2].kind == Kind::Word {
                t -= 2;
            }
            let return_type: String = header[t..].iter().map(|h| self.text_of(h)).collect();
            let modifiers = header[..t]
                .iter()
                .map(|h| self.text_of(h).to_owned())
                .collect();
            let has_parameters = !self.punct_at(i + 2, b')');
            out.push(Method {
                name: TextRange::new(
                    u32::try_from(token.start).unwrap_or(u32::MAX),
                    u32::try_from(token.end).unwrap_or(u32::MAX),
                ),
                modifiers,
                return_type,
                has_parameters,
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCRIPT: &str = r#"// header
#r "Newtonsoft.Json"
using System;
using System . Net.Http;
using static System.Math;
using Json = Newtonsoft.Json;
using X = System.Collections.Generic.Dictionary<string, int>;
global using global::System.Linq;

namespace Contoso {
using System.Text;
/* class Fake : ScriptBase */
public partial class Script : ScriptBase
{
    public override async Task<HttpResponseMessage> ExecuteAsync()
    {
        using (var s = new MemoryStream()) { }
        using var t = new MemoryStream();
        var x = "class Other : ScriptBase";
        return await base.ExecuteAsync();
    }
}
}
using Late;
"#;

    #[test]
    fn finds_directives_classes_and_methods() {
        let parsed = Parsed::new(SCRIPT);
        let script = parsed.script(SCRIPT);
        let usings: Vec<(UsingKind, String)> = script
            .usings()
            .iter()
            .map(|u| {
                (
                    u.kind,
                    u.segments
                        .iter()
                        .map(|s| s.text.as_str())
                        .collect::<Vec<_>>()
                        .join("."),
                )
            })
            .collect();
        assert_eq!(
            usings,
            [
                (UsingKind::Namespace, "System".to_owned()),
                (UsingKind::Namespace, "System.Net.Http".to_owned()),
                (UsingKind::Static, "System.Math".to_owned()),
                (UsingKind::Alias, "Newtonsoft.Json".to_owned()),
                (
                    UsingKind::Alias,
                    "System.Collections.Generic.Dictionary".to_owned()
                ),
                (UsingKind::Namespace, "System.Linq".to_owned()),
                (UsingKind::Namespace, "System.Text".to_owned()),
            ]
        );
        let classes = script.classes();
        assert_eq!(classes.len(), 1);
        assert_eq!(classes[0].name, "Script");
        assert!(classes[0].derives_script_base && classes[0].partial);
        let methods = script.execute_async_methods();
        assert_eq!(methods.len(), 1);
        assert_eq!(methods[0].modifiers, ["public", "override", "async"]);
        assert_eq!(methods[0].return_type, "Task<HttpResponseMessage>");
        assert!(!methods[0].has_parameters);
    }

    #[test]
    fn spaced_generic_return_type() {
        let text = "public class Script : ScriptBase {\n  override public async Task < HttpResponseMessage > ExecuteAsync ( ) { }\n}";
        let parsed = Parsed::new(text);
        let script = parsed.script(text);
        let methods = script.execute_async_methods();
        assert_eq!(methods[0].return_type, "Task<HttpResponseMessage>");
        assert_eq!(methods[0].modifiers, ["override", "public", "async"]);
    }

    #[test]
    fn a_using_statement_ends_the_directives() {
        for text in [
            "using System;\nusing (var x = y) {}\nusing System.Data;",
            "using System;\nusing HttpClient c = new();\nusing Foo;",
        ] {
            let parsed = Parsed::new(text);
            assert_eq!(parsed.script(text).usings().len(), 1);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 2000, failure_persistence: None, ..Default::default() })]

        #[test]
        fn never_panics(text in "[ a-zA-Z_@$#:;=<>(){}\\[\\].,?'\"/*\\\\\n\té✓]{0,120}") {
            let parsed = Parsed::new(&text);
            let script = parsed.script(&text);
            assert_eq!(script.code.len(), text.len());
            let _ = (script.classes(), script.usings(), script.execute_async_methods());
            for class in script.classes() {
                assert!(text.get(class.name_range.start as usize..class.name_range.end as usize).is_some());
            }
        }
    }
}
