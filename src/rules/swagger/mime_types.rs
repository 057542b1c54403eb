//! SW108: `consumes` and `produces` hold MIME types, ideally the four the validator documents.

use foldhash::HashMap;

use crate::diagnostic::{Severity, Target};
use crate::json::{Node, Pointer};
use crate::package::FileId;
use crate::rules::levels::{I, OFF};
use crate::rules::swagger::keyword_holders::render;
use crate::rules::{Rule, RuleContext, declare_rule};

/// The MIME types the Swagger Validator documents (*MimeTypeNotValid*; rules.md §4).
const DOCUMENTED: [&str; 4] = [
    "application/json",
    "text/plain",
    "multipart/form-data",
    "application/x-www-form-urlencoded",
];

declare_rule! {
    /// ## What it does
    /// Checks each value of `consumes` and `produces`, at the root and on operations: it is a
    /// MIME type written `type/subtype` (parameters such as `; charset=utf-8` are allowed), and
    /// it is one of the four types the Swagger Validator documents: `application/json`,
    /// `text/plain`, `multipart/form-data` and `application/x-www-form-urlencoded`. Other
    /// well-formed types are reported as information only.
    ///
    /// ## Why is this bad?
    /// The platform sends and parses bodies according to these types. A value that is not a
    /// MIME type is rejected (*MimeTypeNotValid*), and types outside the documented list may
    /// not be supported by the designer (*MimeTypeNotSupported*): the body is then handled as
    /// opaque content.
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "consumes": ["json"],
    ///   "produces": ["application/json"],
    ///   "paths": {}
    /// }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "consumes": ["application/json"],
    ///   "produces": ["application/json"],
    ///   "paths": {}
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Fix Swagger Validator errors* (SVR: *MimeTypeNotValid*, which lists the four
    /// types, and *MimeTypeNotSupported*).
    pub(crate) MimeTypes {
        code: "SW108",
        name: "mime-types",
        family: SW,
        category: Certification,
        levels: [I, I, OFF],
        summary: "`consumes`/`produces` values are MIME types, ideally the four documented ones",
    }
}

impl Rule for MimeTypes {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        // Undocumented types are reported once each, at their first use, with a count.
        let mut undocumented = Undocumented::default();
        check_list(cx, file, view.root(), &Pointer::root(), &mut undocumented);
        for op in view.operations() {
            check_list(cx, file, op.node, &op.pointer, &mut undocumented);
        }
        for (essence, pointer, count) in undocumented.list {
            let uses = if count == 1 {
                String::new()
            } else {
                format!(" ({count} uses)")
            };
            cx.report(
                file,
                Target::value(&pointer),
                format!("MIME type `{essence}` is not one of the four documented types{uses}"),
            )
            .help("the Swagger Validator documents `application/json`, `text/plain`, `multipart/form-data` and `application/x-www-form-urlencoded`; check that the designer handles this type")
            .at_most(Severity::Info);
        }
    }
}

/// Undocumented MIME types in order of first use: the type, its first use, how many uses.
#[derive(Default)]
struct Undocumented {
    list: Vec<(String, Pointer, usize)>,
    index: HashMap<String, usize>,
}

impl Undocumented {
    fn add(&mut self, essence: String, pointer: Pointer) {
        match self.index.get(&essence) {
            Some(&at) => {
                if let Some(entry) = self.list.get_mut(at) {
                    entry.2 += 1;
                }
            }
            None => {
                self.index.insert(essence.clone(), self.list.len());
                self.list.push((essence, pointer, 1));
            }
        }
    }
}

fn check_list(
    cx: &mut RuleContext<'_>,
    file: FileId,
    holder: &Node,
    pointer: &Pointer,
    undocumented: &mut Undocumented,
) {
    for key in ["consumes", "produces"] {
        let Some(values) = holder.get(key).and_then(Node::as_array) else {
            continue;
        };
        let list_pointer = pointer.child(key);
        for (index, value) in values.iter().enumerate() {
            let value_pointer = list_pointer.child_index(index);
            let Some(text) = value.as_str() else {
                cx.report(
                    file,
                    Target::value(&value_pointer),
                    format!("`{key}` value {} is not a MIME type string", render(value)),
                )
                .help("write each value as a string such as `\"application/json\"`");
                continue;
            };
            match essence(text) {
                None => {
                    cx.report(
                        file,
                        Target::value(&value_pointer),
                        format!("`{key}` value `{text}` is not a valid MIME type"),
                    )
                    .help("write a MIME type as `type/subtype`, such as `application/json`");
                }
                Some(essence) if !DOCUMENTED.contains(&essence.as_str()) => {
                    undocumented.add(essence, value_pointer);
                }
                Some(_) => {}
            }
        }
    }
}

/// The lower-cased `type/subtype` of a media type (RFC 9110 §8.3.1), or `None` when the text is
/// not one. Parameters after `;` must be `name=value` pairs.
fn essence(text: &str) -> Option<String> {
    let mut parts = text.split(';');
    let main = parts.next()?.trim();
    let (kind, subtype) = main.split_once('/')?;
    if !is_token(kind) || !is_token(subtype) {
        return None;
    }
    for parameter in parts {
        let (name, value) = parameter.trim().split_once('=')?;
        let value = value.trim();
        let quoted = value.len() >= 2 && value.starts_with('"') && value.ends_with('"');
        if !is_token(name.trim()) || !(quoted || is_token(value)) {
            return None;
        }
    }
    Some(main.to_ascii_lowercase())
}

/// RFC 9110 `token`: one or more `tchar`.
fn is_token(text: &str) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}
