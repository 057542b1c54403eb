//! SW105: `enum` lists and the `x-ms-enum-values` display names that go with them.

use std::cell::OnceCell;

use foldhash::{HashSet, HashSetExt};

use crate::diagnostic::Target;
use crate::json::Node;
use crate::package::FileId;
use crate::rules::levels::E;
use crate::rules::swagger::keyword_holders::{Holder, canonical, parameter_holders, pick, render};
use crate::rules::{Rule, RuleContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks `enum` and `x-ms-enum-values` wherever a schema or a parameter declares them:
    /// `enum` holds at least one value, and each `x-ms-enum-values` entry is an object with a
    /// `displayName` and a `value` that is one of the `enum` values and appears only once.
    ///
    /// ## Why is this bad?
    /// An empty `enum` accepts no value at all. The designer shows `x-ms-enum-values` as the
    /// drop-down labels for the `enum` values: an entry without a label, with a value the
    /// `enum` does not list, or with a value already labelled cannot be shown, and the Swagger
    /// Validator rejects the connector (*EnumMustContainAtLeastOneElement*,
    /// *MissingEnumValuesDisplayName*, *InvalidEnumValuesExtensionValue*,
    /// *DuplicateEnumValuesInExtension*).
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {
    ///     "/items": {
    ///       "get": {
    ///         "operationId": "ListItems",
    ///         "parameters": [
    ///           {
    ///             "name": "status", "in": "query", "type": "string",
    ///             "enum": ["open", "closed"],
    ///             "x-ms-enum-values": [
    ///               { "displayName": "Open", "value": "open" },
    ///               { "displayName": "Archived", "value": "archived" }
    ///             ]
    ///           }
    ///         ],
    ///         "responses": { "200": { "description": "OK" } }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {
    ///     "/items": {
    ///       "get": {
    ///         "operationId": "ListItems",
    ///         "parameters": [
    ///           {
    ///             "name": "status", "in": "query", "type": "string",
    ///             "enum": ["open", "closed"],
    ///             "x-ms-enum-values": [
    ///               { "displayName": "Open", "value": "open" },
    ///               { "displayName": "Closed", "value": "closed" }
    ///             ]
    ///           }
    ///         ],
    ///         "responses": { "200": { "description": "OK" } }
    ///       }
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Fix Swagger Validator errors* (SVR: *EnumMustContainAtLeastOneElement*,
    /// *MissingEnumValuesDisplayName*, *InvalidEnumValuesExtensionValue*,
    /// *DuplicateEnumValuesInExtension*).
    pub(crate) EnumValues {
        code: "SW105",
        name: "enum-values",
        family: SW,
        category: Certification,
        levels: [E, E, E],
        summary: "`enum` is non-empty and every `x-ms-enum-values` entry labels one `enum` value once",
    }
}

impl Rule for EnumValues {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        // One pass over each holder's members finds both keywords (and, for a schema, `$ref`):
        // this visits every schema.
        for schema in view.schemas() {
            let ([enum_node, entries], reference) = pick(schema.node, ["enum", "x-ms-enum-values"]);
            if !reference && (enum_node.is_some() || entries.is_some()) {
                check_holder(cx, file, &Holder::schema(schema), enum_node, entries);
            }
        }
        for holder in parameter_holders(view) {
            let ([enum_node, entries], _) = pick(holder.node, ["enum", "x-ms-enum-values"]);
            if enum_node.is_some() || entries.is_some() {
                check_holder(cx, file, &holder, enum_node, entries);
            }
        }
    }
}

/// The checks of one holder, given its `enum` and `x-ms-enum-values`.
fn check_holder(
    cx: &mut RuleContext<'_>,
    file: FileId,
    holder: &Holder<'_, '_>,
    enum_node: Option<&Node>,
    entries: Option<&Node>,
) {
    let enum_values = enum_node.and_then(Node::as_array);
    if enum_values.is_some_and(<[Node]>::is_empty) {
        cx.report(
            file,
            Target::value(&holder.pointer().child("enum")),
            "`enum` is empty",
        )
        .help("list at least one allowed value in `enum`, or remove `enum`");
    }
    let Some(entries) = entries.and_then(Node::as_array) else {
        return;
    };
    // Pointers are worked out for findings only.
    let list_pointer = OnceCell::new();
    let list_pointer = || list_pointer.get_or_init(|| holder.pointer().child("x-ms-enum-values"));
    if enum_node.is_none() {
        cx.report(
            file,
            Target::key(list_pointer()),
            "`x-ms-enum-values` has no `enum` beside it",
        )
        .help("add an `enum` listing the values that `x-ms-enum-values` labels");
    }
    let allowed: Option<HashSet<Key<'_>>> =
        enum_values.map(|values| values.iter().map(Key::of).collect());
    let mut seen: HashSet<Key<'_>> = HashSet::new();
    for (index, entry) in entries.iter().enumerate() {
        let entry_pointer = || list_pointer().child_index(index);
        if !entry.is_object() {
            cx.report(
                file,
                Target::value(&entry_pointer()),
                format!(
                    "`x-ms-enum-values` entry is {}, not an object",
                    render(entry)
                ),
            )
            .help("write each entry as `{ \"displayName\": \"…\", \"value\": … }`");
            continue;
        }
        match entry.get("displayName") {
            None => {
                let which = entry
                    .get("value")
                    .map(|v| format!(" for {}", render(v)))
                    .unwrap_or_default();
                cx.report(
                    file,
                    Target::missing(&entry_pointer(), "displayName"),
                    format!("`x-ms-enum-values` entry{which} has no `displayName`"),
                )
                .help("add the `displayName` the designer shows for this value");
            }
            Some(name) if name.as_str().is_none_or(|s| s.trim().is_empty()) => {
                cx.report(
                    file,
                    Target::value(&entry_pointer().child("displayName")),
                    format!("`displayName` is {}, not a non-empty string", render(name)),
                )
                .help("set `displayName` to the label the designer shows for this value");
            }
            Some(_) => {}
        }
        let Some(value) = entry.get("value") else {
            cx.report(
                file,
                Target::missing(&entry_pointer(), "value"),
                "`x-ms-enum-values` entry has no `value`",
            )
            .help("add the `enum` value this entry labels as `value`");
            continue;
        };
        let value_pointer = || entry_pointer().child("value");
        let key = Key::of(value);
        if let Some(allowed) = &allowed
            && !allowed.contains(&key)
        {
            cx.report(
                file,
                Target::value(&value_pointer()),
                format!("`value` {} is not one of the `enum` values", render(value)),
            )
            .help("use a value listed in `enum` (same JSON type), or add it to `enum`");
        }
        if !seen.insert(key) {
            cx.report(
                file,
                Target::value(&value_pointer()),
                format!(
                    "`value` {} is labelled more than once in `x-ms-enum-values`",
                    render(value)
                ),
            )
            .help("keep one entry per value: each value has one display name");
        }
    }
}

/// A value compared as [`canonical`] compares it: a string by its text (its canonical form
/// is `s:` and the escaped text, which no other kind of value starts with), anything else by
/// its canonical form. Strings are most `enum` values, and need no `String` built.
#[derive(PartialEq, Eq, Hash)]
enum Key<'a> {
    Text(&'a str),
    Canonical(String),
}

impl<'a> Key<'a> {
    fn of(node: &'a Node) -> Self {
        match node.as_str() {
            Some(text) => Key::Text(text),
            None => Key::Canonical(canonical(node)),
        }
    }
}
