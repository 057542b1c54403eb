mod duplicate_keys;
mod json_syntax;
mod no_bom;
mod schema_conformance;
mod swagger_version;
mod utf8;

use super::Rule;

pub(crate) static RULES: &[&dyn Rule] = &[
    &json_syntax::JsonSyntax,
    &utf8::Utf8,
    &no_bom::NoBom,
    &swagger_version::SwaggerVersion,
    &duplicate_keys::DuplicateKeys,
    &schema_conformance::SchemaConformance,
];
