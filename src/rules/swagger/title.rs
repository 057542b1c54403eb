//! `info.title`: present (SW010), at most 30 characters (SW011), ending in a letter or digit
//! (SW013), printable ASCII (SW014). Restricted words are SW012 (`title_words.rs`).

use crate::diagnostic::{Severity, Target};
use crate::json::{Node, Pointer};
use crate::rules::helpers::non_empty;
use crate::rules::levels::{E, I, W};
use crate::rules::swagger::swagger_version::article;
use crate::rules::{Rule, RuleContext, declare_rule};

/// rules.md SW011 (CS; CSG; the corpus maximum is exactly 30).
pub(crate) const MAX_TITLE_CHARS: usize = 30;

/// A string member of `info`, with its pointer, when it is a non-empty string.
pub(crate) fn info_text<'a>(root: &'a Node, key: &str) -> Option<(Pointer, &'a Node, &'a str)> {
    let node = root.get("info")?.get(key)?;
    let text = node.as_str().filter(|t| non_empty(t))?;
    Some((Pointer::root().child("info").child(key), node, text))
}

declare_rule! {
    /// ## What it does
    /// Checks that `info.title` is a string holding at least one character that is not white
    /// space.
    ///
    /// ## Why is this bad?
    /// The title is the connector's name in the Power Automate, Power Apps and Logic Apps
    /// designers and in the connector gallery. The Swagger Validator rejects a definition without
    /// one (*RequiredPropertyMissing*).
    ///
    /// ## Example
    /// ```json,fail
    /// { "swagger": "2.0", "info": { "title": " ", "version": "1.0" },
    ///   "host": "api.contoso.com", "paths": {} }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// { "swagger": "2.0", "info": { "title": "Contoso", "version": "1.0" },
    ///   "host": "api.contoso.com", "paths": {} }
    /// ```
    ///
    /// ## Source
    /// Learn, *Fix Swagger Validator errors* (*RequiredPropertyMissing*).
    pub(crate) TitlePresent {
        code: "SW010",
        name: "title-present",
        family: SW,
        category: Certification,
        levels: [E, E, E],
        summary: "`info.title` is non-empty",
    }
}

impl Rule for TitlePresent {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        let root = view.root();
        if !root.is_object() {
            return;
        }
        let info_ptr = Pointer::root().child("info");
        let help = "add a `title` to `info`: the connector's name, at most 30 characters";
        let Some(info) = root.get("info") else {
            cx.report(
                file,
                Target::missing(&Pointer::root(), "info"),
                "the swagger has no `info`, so the connector has no title",
            )
            .help("add `\"info\": { \"title\": \"<connector name>\", \"version\": \"1.0\" }`");
            return;
        };
        if !info.is_object() {
            cx.report(
                file,
                Target::value(&info_ptr),
                format!("`info` is {}, not an object", article(info)),
            )
            .help("make `info` an object with a `title` and a `version`");
            return;
        }
        let title_ptr = info_ptr.child("title");
        match info.get("title") {
            None => {
                cx.report(
                    file,
                    Target::missing(&info_ptr, "title"),
                    "`info` has no `title`",
                )
                .help(help);
            }
            Some(title) => match title.as_str() {
                None => {
                    cx.report(
                        file,
                        Target::value(&title_ptr),
                        format!("`info.title` is {}, not a string", article(title)),
                    )
                    .help("make `info.title` a string: the connector's name");
                }
                Some(text) if !non_empty(text) => {
                    cx.report(file, Target::value(&title_ptr), "`info.title` is empty")
                        .help("set `info.title` to the connector's name, at most 30 characters");
                }
                Some(_) => {}
            },
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Checks that `info.title` is at most 30 characters long (Unicode scalar values, white space
    /// included).
    ///
    /// ## Why is this bad?
    /// Certification requires connector names of at most 30 characters, and the Swagger Validator
    /// rejects longer ones (*FieldLengthExceeded*). Several accepted connectors have titles of
    /// exactly 30 characters: the limit is enforced at the boundary.
    ///
    /// ## Example
    /// ```json,fail
    /// { "swagger": "2.0",
    ///   "info": { "title": "Contoso Customer Relationship Manager", "version": "1.0" },
    ///   "host": "api.contoso.com", "paths": {} }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// { "swagger": "2.0", "info": { "title": "Contoso CRM", "version": "1.0" },
    ///   "host": "api.contoso.com", "paths": {} }
    /// ```
    ///
    /// ## Source
    /// Learn, *Verified publisher certification process* and *Connector string guidance*;
    /// *Fix Swagger Validator errors* (*FieldLengthExceeded*); PowerPlatformConnectors#3407.
    pub(crate) TitleMax30 {
        code: "SW011",
        name: "title-max-30",
        family: SW,
        category: Certification,
        levels: [E, E, W],
        summary: "`info.title` is at most 30 characters",
    }
}

impl Rule for TitleMax30 {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        let Some((ptr, _, title)) = info_text(view.root(), "title") else {
            return;
        };
        let count = title.chars().count();
        if count > MAX_TITLE_CHARS {
            cx.report(
                file,
                Target::value(&ptr),
                format!("`info.title` is {count} characters long; the maximum is {MAX_TITLE_CHARS}"),
            )
            .help("shorten the title to 30 characters or fewer: it is the connector's name, not its description");
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Checks that `info.title` ends in an ASCII letter or digit: no trailing space, line break
    /// or punctuation. A final `)` is only a warning.
    ///
    /// ## Why is this bad?
    /// The Swagger Validator rejects titles that do not end in an alphanumeric character
    /// (*ValueMustEndWithAlphanumeric*). Some accepted connectors end in `)` (for example
    /// `Contoso (Preview)`), so that case is reported as a warning only.
    ///
    /// ## Example
    /// ```json,fail
    /// { "swagger": "2.0", "info": { "title": "Contoso.", "version": "1.0" },
    ///   "host": "api.contoso.com", "paths": {} }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// { "swagger": "2.0", "info": { "title": "Contoso", "version": "1.0" },
    ///   "host": "api.contoso.com", "paths": {} }
    /// ```
    ///
    /// ## Source
    /// Learn, *Verified publisher certification process*; *Fix Swagger Validator errors*
    /// (*ValueMustEndWithAlphanumeric*); PowerPlatformConnectors#3828.
    pub(crate) TitleTrailingChar {
        code: "SW013",
        name: "title-trailing-char",
        family: SW,
        category: Certification,
        levels: [E, E, W],
        summary: "`info.title` ends in a letter or digit",
    }
}

impl Rule for TitleTrailingChar {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        let Some((ptr, _, title)) = info_text(view.root(), "title") else {
            return;
        };
        let Some(last) = title.chars().next_back() else {
            return;
        };
        if last.is_ascii_alphanumeric() {
            return;
        }
        let what = describe_char(last);
        let diagnostic = cx.report(
            file,
            Target::value(&ptr),
            format!("`info.title` ends in {what}"),
        );
        if last == ')' {
            diagnostic
                .at_most(Severity::Warning)
                .help("the Swagger Validator expects a title ending in a letter or digit; consider dropping the parenthesis (for example `Contoso Preview`)");
        } else if last.is_whitespace() {
            diagnostic.help("remove the trailing white space from `info.title`");
        } else {
            diagnostic.help("end `info.title` with a letter or digit: drop the final punctuation");
        }
    }
}

/// `a space`, `a line break`, `` `.` ``: a character as a message names it.
pub(crate) fn describe_char(c: char) -> String {
    match c {
        ' ' => "a space".to_owned(),
        '\n' | '\r' => "a line break".to_owned(),
        '\t' => "a tab".to_owned(),
        '\u{a0}' => "a no-break space".to_owned(),
        c if c.is_whitespace() => format!("white space (U+{:04X})", u32::from(c)),
        c if c.is_control() => format!("a control character (U+{:04X})", u32::from(c)),
        '`' => "a backtick".to_owned(),
        c => format!("`{c}`"),
    }
}

declare_rule! {
    /// ## What it does
    /// Checks that `info.title` holds only printable ASCII characters (space to `~`).
    ///
    /// ## Why is this bad?
    /// Certification requires an English connector name, and the Swagger Validator flags titles
    /// that are not (*ValueMustBeInEnglish*). Symbols such as `™` and letters such as `ø` have
    /// been seen in accepted titles, so this is a warning: spell the name in plain ASCII when
    /// you can.
    ///
    /// ## Example
    /// ```json,fail
    /// { "swagger": "2.0", "info": { "title": "Contoso™", "version": "1.0" },
    ///   "host": "api.contoso.com", "paths": {} }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// { "swagger": "2.0", "info": { "title": "Contoso", "version": "1.0" },
    ///   "host": "api.contoso.com", "paths": {} }
    /// ```
    ///
    /// ## Source
    /// Learn, *Verified publisher certification process*; *Fix Swagger Validator errors*
    /// (*ValueMustBeInEnglish*).
    pub(crate) TitleEnglish {
        code: "SW014",
        name: "title-english",
        family: SW,
        category: Certification,
        levels: [W, W, I],
        summary: "`info.title` is printable ASCII",
    }
}

impl Rule for TitleEnglish {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        let Some((ptr, _, title)) = info_text(view.root(), "title") else {
            return;
        };
        let mut found: Vec<char> = Vec::new();
        for c in title.chars() {
            if !(' '..='~').contains(&c) && !found.contains(&c) {
                found.push(c);
            }
        }
        if found.is_empty() {
            return;
        }
        let list = found
            .iter()
            .take(5)
            .map(|c| describe_char(*c))
            .collect::<Vec<_>>()
            .join(", ");
        let (noun, verb) = if found.len() == 1 {
            ("a character", "is")
        } else {
            ("characters", "are")
        };
        cx.report(
            file,
            Target::value(&ptr),
            format!("`info.title` contains {noun} that {verb} not printable ASCII: {list}"),
        )
        .help("spell the connector's name in plain ASCII letters, digits and punctuation (for example `TM` or `o` instead of `™` or `ø`)");
    }
}
