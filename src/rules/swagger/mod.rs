mod api_annotation;
mod capabilities_extension;
mod collection_format;
pub(crate) mod connector_metadata;
mod description;
mod duplicate_keys;
mod dynamic_extensions;
mod enum_values;
mod extension_values;
mod formats;
mod host;
mod info;
mod json_syntax;
mod keyword_holders;
mod mime_types;
mod no_bom;
mod op_common;
mod op_product_names;
mod op_visibility;
mod operation_id;
mod operation_text;
mod param_checks;
mod param_strings;
mod param_structure;
mod param_url_encoding;
mod paths;
mod refs;
mod responses;
mod schema_conformance;
mod schema_keywords;
mod schema_limits;
mod schema_refs;
mod security_connection;
mod security_definitions;
mod swagger_version;
mod title;
mod title_words;
mod utf8;
mod webhooks;
mod words;

use super::Rule;

pub(crate) static RULES: &[&dyn Rule] = &[
    &json_syntax::JsonSyntax,
    &utf8::Utf8,
    &no_bom::NoBom,
    &swagger_version::SwaggerVersion,
    &duplicate_keys::DuplicateKeys,
    &schema_conformance::SchemaConformance,
    &title::TitlePresent,
    &title::TitleMax30,
    &title_words::TitleRestrictedWords,
    &title::TitleTrailingChar,
    &title::TitleEnglish,
    &description::DescriptionLength,
    &description::DescriptionProducts,
    &description::DescriptionWordApi,
    &info::VersionPresent,
    &info::Contact,
    &info::ContactFormat,
    &connector_metadata::ConnectorMetadata,
    &connector_metadata::CategoriesAllowed,
    &connector_metadata::CategoriesMax2,
    &connector_metadata::MetadataUrls,
    &host::Host,
    &host::HostProduction,
    &host::BasePath,
    &host::Schemes,
    &host::HttpsOnly,
    &paths::PathSyntax,
    &paths::PathUnique,
    &paths::PathItemRef,
    &operation_id::OperationIdRequired,
    &operation_id::OperationIdUnique,
    &operation_id::OperationIdChars,
    &operation_id::OperationIdLength,
    &operation_text::SummaryPresent,
    &operation_text::DescriptionPresent,
    &operation_text::SummaryMax80,
    &operation_text::SummaryChars,
    &operation_text::SummaryNeDescription,
    &operation_text::DescriptionSentence,
    &op_product_names::OpProductNames,
    &op_visibility::OpVisibility,
    &operation_text::DeprecatedMarking,
    &api_annotation::ApiAnnotation,
    &param_strings::ParamXMsSummary,
    &param_strings::ParamDescription,
    &param_strings::BodyParamStrings,
    &param_strings::ParamSummaryMax80,
    &param_checks::PathParamRequired,
    &param_checks::PathTemplateMatch,
    &param_checks::InternalRequiredDefault,
    &param_structure::ParamStructure,
    &param_url_encoding::QueryEncoding,
    &param_url_encoding::PathEncoding,
    &responses::Responses,
    &responses::ResponseKeys,
    &responses::ResponseSchema,
    &responses::ResponseSchemaNotEmpty,
    &responses::DefaultResponseNoSchema,
    &responses::OneResponseSchema,
    &responses::ResponsePresent,
    &refs::RefResolves,
    &refs::RefForm,
    &refs::RefAlone,
    &refs::RefLoops,
    &schema_limits::SchemaLimits,
    &schema_limits::OperationCount,
    &extension_values::VisibilityValues,
    &extension_values::TriggerValues,
    &extension_values::UrlEncodingValues,
    &dynamic_extensions::DynamicExtensions,
    &extension_values::Pageable,
    &enum_values::EnumValues,
    &schema_keywords::SchemaKeywords,
    &formats::Formats,
    &mime_types::MimeTypes,
    &collection_format::CollectionFormat,
    &security_definitions::SecurityDefinitions,
    &security_connection::SingleSecurityDefinition,
    &security_connection::SecurityVsConnection,
    &webhooks::Webhooks,
    &capabilities_extension::CapabilitiesExtension,
];
