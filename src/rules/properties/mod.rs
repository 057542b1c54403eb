//! AP: apiProperties.json.

mod brand_color;
mod capabilities;
mod common;
mod connection_parameters;
mod duplicate_keys;
mod encoding;
mod json_syntax;
mod known_keys;
mod no_client_secret;
mod oauth;
mod param_sets;
mod policy_templates;
mod publisher;
mod root_shape;
mod script_operations;

use super::Rule;

pub(crate) static RULES: &[&dyn Rule] = &[
    &json_syntax::JsonSyntax,
    &encoding::Encoding,
    &duplicate_keys::DuplicateKeys,
    &root_shape::RootShape,
    &known_keys::KnownKeys,
    &brand_color::BrandColorFormat,
    &brand_color::BrandColorForbidden,
    &brand_color::IpBrandColor,
    &brand_color::BrandColorNearWhite,
    &brand_color::CertifiedNotIpOrange,
    &publisher::Publisher,
    &publisher::StackOwner,
    &publisher::TemplatePlaceholders,
    &publisher::PublisherCharset,
    &capabilities::CapabilitiesValues,
    &capabilities::CapabilitiesTriggers,
    &connection_parameters::CpName,
    &connection_parameters::CpType,
    &connection_parameters::CpUidefinition,
    &oauth::IdentityProvider,
    &oauth::OauthProviderParams,
    &oauth::RedirectMode,
    &no_client_secret::NoClientSecret,
    &oauth::IpNoOauth,
    &oauth::OauthParamToken,
    &param_sets::ParamSets,
    &policy_templates::PolicyTemplateId,
    &policy_templates::PolicyTemplateParams,
    &policy_templates::PolicyTemplateOperations,
    &script_operations::ScriptOperationsExist,
    &script_operations::ScriptOperationsVsFile,
    &script_operations::ScriptOperationsWithoutScript,
];
