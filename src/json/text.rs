//! [`Str`]: the text of an object key or a string value in a parsed tree.
//!
//! A swagger repeats the same few hundred words over and over: on the corpus, 85% of the
//! 813,000 object keys are among the 128 most common ones (`type`, `description`,
//! `x-ms-summary`…) and 45% of the 570,000 string values among the 64 most common (`string`,
//! `query`, `application/json`…). Those are shared from a static table instead of being allocated,
//! copied and freed one by one, which is most of the allocation a parse does.

use std::borrow::Borrow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;

/// Text held by a tree: a shared well-known word, or its own allocation.
#[derive(Clone)]
pub struct Str(Repr);

#[derive(Clone)]
enum Repr {
    Known(&'static str),
    Own(Box<str>),
}

impl Str {
    /// The text, shared when it is a well-known word.
    #[must_use]
    #[inline]
    pub fn new(text: &str) -> Str {
        match known(text) {
            Some(word) => Str(Repr::Known(word)),
            None => Str(Repr::Own(text.into())),
        }
    }

    #[must_use]
    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Known(word) => word,
            Repr::Own(text) => text,
        }
    }
}

/// Words longer than this are never in the table: no lookup for descriptions.
const LONGEST_KNOWN: usize = 40;

/// Swagger 2.0 and JSON Schema keywords, the connector extensions, and the keys and values
/// most common on the corpus.
const KNOWN: &[&str] = &[
    // Swagger 2.0 and JSON Schema keywords.
    "swagger",
    "info",
    "title",
    "version",
    "description",
    "contact",
    "name",
    "url",
    "email",
    "license",
    "host",
    "basePath",
    "schemes",
    "consumes",
    "produces",
    "paths",
    "definitions",
    "parameters",
    "responses",
    "securityDefinitions",
    "security",
    "tags",
    "externalDocs",
    "summary",
    "operationId",
    "deprecated",
    "in",
    "required",
    "schema",
    "type",
    "format",
    "items",
    "collectionFormat",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
    "allOf",
    "properties",
    "additionalProperties",
    "discriminator",
    "readOnly",
    "xml",
    "example",
    "examples",
    "headers",
    "$ref",
    "allowEmptyValue",
    "flow",
    "authorizationUrl",
    "tokenUrl",
    "scopes",
    "termsOfService",
    "get",
    "put",
    "post",
    "delete",
    "options",
    "head",
    "patch",
    // Connector extensions.
    "x-ms-summary",
    "x-ms-visibility",
    "x-ms-dynamic-values",
    "x-ms-dynamic-schema",
    "x-ms-dynamic-list",
    "x-ms-dynamic-tree",
    "x-ms-dynamic-properties",
    "x-ms-url-encoding",
    "x-ms-trigger",
    "x-ms-trigger-hint",
    "x-ms-notification-content",
    "x-ms-notification-url",
    "x-ms-api-annotation",
    "x-ms-connector-metadata",
    "x-ms-capabilities",
    "x-ms-no-generic-test",
    "x-ms-explicit-only",
    "x-ms-test-value",
    "x-ms-enum-values",
    "x-ms-enum",
    "x-ms-pageable",
    "x-ms-openai-data",
    "x-ms-safe-operation",
    "x-ms-editor",
    "x-ms-editor-options",
    "x-ms-property-name-alias",
    "x-ms-dynamic-key",
    "x-nullable",
    "x-example",
    "operationId",
    "value-path",
    "value-title",
    "value-collection",
    "itemValuePath",
    "itemTitlePath",
    "itemsPath",
    "itemFullTitlePath",
    "parameterReference",
    "parameter",
    "value",
    "propertyName",
    "displayName",
    "x-ms-media-kind",
    "family",
    "revision",
    "isInternal",
    "x-ms-test-value",
    "nextLinkName",
    "itemName",
    "pageable",
    "status",
    "family",
    "capabilities",
    "publisher",
    "stackOwner",
    "brandColor",
    "iconBrandColor",
    "connectionParameters",
    "policyTemplateInstances",
    "templateId",
    "title",
    "uiDefinition",
    "constraints",
    "tooltip",
    "clearText",
    "oAuthSettings",
    "identityProvider",
    "clientId",
    "redirectUrl",
    "customParameters",
    "properties",
    "scriptOperations",
    "metadata",
    "sourceType",
    "propertyValue",
    "categories",
    "website",
    "privacy-policy",
    "categories",
    "allowedValues",
    "hidden",
    "text",
    "id",
    // Status codes.
    "200",
    "201",
    "202",
    "204",
    "206",
    "301",
    "302",
    "304",
    "400",
    "401",
    "403",
    "404",
    "405",
    "409",
    "410",
    "412",
    "415",
    "422",
    "429",
    "500",
    "501",
    "502",
    "503",
    "504",
    // Values.
    "string",
    "object",
    "integer",
    "number",
    "boolean",
    "array",
    "file",
    "null",
    "int32",
    "int64",
    "float",
    "double",
    "byte",
    "binary",
    "date",
    "date-time",
    "password",
    "uuid",
    "email",
    "uri",
    "html",
    "query",
    "header",
    "path",
    "formData",
    "body",
    "csv",
    "ssv",
    "tsv",
    "pipes",
    "multi",
    "advanced",
    "important",
    "internal",
    "none",
    "single",
    "application/json",
    "text/json",
    "text/plain",
    "text/html",
    "application/xml",
    "text/xml",
    "application/octet-stream",
    "multipart/form-data",
    "application/x-www-form-urlencoded",
    "https",
    "http",
    "2.0",
    "1.0",
    "1.0.0",
    "implicit",
    "accessCode",
    "application",
    "basic",
    "apiKey",
    "oauth2",
    "true",
    "false",
    "Success",
    "OK",
    "Created",
    "Accepted",
    "No Content",
    "Bad Request",
    "Unauthorized",
    "Forbidden",
    "Not Found",
    "Internal Server Error",
    "default",
    "Default",
    "Name",
    "ID",
    "Id",
    "Type",
    "Status",
    "Title",
    "Description",
    "Message",
    "Code",
    "Value",
    "Data",
    "data",
    "message",
    "code",
    "error",
    "errors",
    "result",
    "results",
    "items",
    "item",
    "key",
    "label",
    "count",
    "total",
    "created",
    "updated",
    "createdAt",
    "updatedAt",
    "Accept",
    "Content-Type",
    "Authorization",
    "securestring",
    "oauthSetting",
    "bool",
    "dynamicvalues",
    "dynamicschema",
    "#/definitions/Error",
    "Preview",
    "Production",
    "Microsoft",
    "Trigger",
    "Action",
    "batch",
    "single",
    "static",
    "Workflow",
];

/// Open addressing over [`KNOWN`], built at compile time, with a hash of a word's length and
/// first and last bytes: a lookup runs for every key and string value a parse reads, so it must
/// cost less than the allocation it saves.
const SLOTS: usize = 1024;

static TABLE: [Option<&'static str>; SLOTS] = build_table();

const fn slot(bytes: &[u8]) -> usize {
    let len = bytes.len();
    if len == 0 {
        return 0;
    }
    let mixed = (len as u32).wrapping_mul(0x9E37_79B9)
        ^ (bytes[0] as u32).wrapping_mul(0x85EB_CA6B)
        ^ (bytes[len - 1] as u32).wrapping_mul(0xC2B2_AE35);
    (mixed >> 16) as usize % SLOTS
}

const fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

const fn build_table() -> [Option<&'static str>; SLOTS] {
    let mut table: [Option<&'static str>; SLOTS] = [None; SLOTS];
    let mut w = 0;
    while w < KNOWN.len() {
        let word = KNOWN[w];
        let mut at = slot(word.as_bytes());
        loop {
            match table[at] {
                Some(existing) if same(existing.as_bytes(), word.as_bytes()) => break,
                Some(_) => at = (at + 1) % SLOTS,
                None => {
                    table[at] = Some(word);
                    break;
                }
            }
        }
        w += 1;
    }
    table
}

#[inline]
fn known(text: &str) -> Option<&'static str> {
    if text.len() > LONGEST_KNOWN {
        return None;
    }
    let mut at = slot(text.as_bytes());
    // The table is under a third full, so a miss meets an empty slot within a step or two.
    while let Some(word) = TABLE[at] {
        if word.len() == text.len() && word == text {
            return Some(word);
        }
        at = (at + 1) % SLOTS;
    }
    None
}

impl Deref for Str {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Str {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Str {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl Default for Str {
    fn default() -> Self {
        Str(Repr::Known(""))
    }
}

impl From<&str> for Str {
    fn from(text: &str) -> Self {
        Str::new(text)
    }
}

impl From<String> for Str {
    fn from(text: String) -> Self {
        match known(&text) {
            Some(word) => Str(Repr::Known(word)),
            None => Str(Repr::Own(text.into_boxed_str())),
        }
    }
}

impl From<&String> for Str {
    fn from(text: &String) -> Self {
        Str::new(text)
    }
}

impl From<Str> for String {
    fn from(text: Str) -> Self {
        match text.0 {
            Repr::Known(word) => word.to_owned(),
            Repr::Own(text) => text.into_string(),
        }
    }
}

impl PartialEq for Str {
    fn eq(&self, other: &Str) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Str {}

impl PartialEq<str> for Str {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Str {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Str {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<Str> for str {
    fn eq(&self, other: &Str) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<Str> for &str {
    fn eq(&self, other: &Str) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Str> for String {
    fn eq(&self, other: &Str) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialOrd for Str {
    fn partial_cmp(&self, other: &Str) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Str {
    fn cmp(&self, other: &Str) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for Str {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl fmt::Debug for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_words_are_shared_and_others_owned() {
        assert!(matches!(Str::new("type").0, Repr::Known(_)));
        assert!(matches!(Str::new("Contoso widgets").0, Repr::Own(_)));
        assert!(matches!(
            Str::from(String::from("string")).0,
            Repr::Known(_)
        ));
        let long = "x".repeat(LONGEST_KNOWN + 1);
        assert!(matches!(Str::new(&long).0, Repr::Own(_)));
    }

    #[test]
    fn compares_hashes_and_orders_by_content() {
        let known = Str::new("type");
        let owned = Str(Repr::Own("type".into()));
        assert_eq!(known, owned);
        assert_eq!(known, "type");
        assert_eq!("type", known);
        assert_eq!(known.cmp(&Str::new("zeta")), std::cmp::Ordering::Less);
        let mut set = std::collections::HashSet::new();
        set.insert(known);
        assert!(set.contains("type"));
        assert_eq!(format!("{owned} {owned:?}"), "type \"type\"");
    }

    #[test]
    fn every_known_word_fits_the_length_bound_and_is_found() {
        for word in KNOWN {
            assert!(word.len() <= LONGEST_KNOWN, "{word}");
            assert_eq!(known(word), Some(*word), "{word} lost to collisions");
        }
    }
}
