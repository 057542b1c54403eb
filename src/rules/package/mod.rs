mod layout;

mod artifact_name_case;
mod icon_in_certified_zip;
mod ip_no_icon;
mod junk_entries;
mod misnamed_artifact;
mod no_settings_json;
mod one_connector;
mod only_artifacts;
mod pc_common;
mod pc_connector_solution;
mod pc_flow_solution;
mod pc_intro_name;
mod pc_outer_layout;
mod pc_pkgassets;
mod pc_plugin_solution;
mod pc_solution_count;
mod pc_solution_files;
mod required_artifacts;
mod swagger_max_1mb;
mod swagger_max_500k_chars;
mod unsafe_file;
mod zip_flat_root;
mod zip_safety;

use super::Rule;

pub(crate) static RULES: &[&dyn Rule] = &[
    &required_artifacts::RequiredArtifacts,
    &artifact_name_case::ArtifactNameCase,
    &misnamed_artifact::MisnamedArtifact,
    &icon_in_certified_zip::IconInCertifiedZip,
    &ip_no_icon::IpNoIcon,
    &only_artifacts::OnlyArtifacts,
    &junk_entries::JunkEntries,
    &zip_flat_root::ZipFlatRoot,
    &zip_safety::ZipSafety,
    &swagger_max_1mb::SwaggerMax1mb,
    &swagger_max_500k_chars::SwaggerMax500kChars,
    &one_connector::OneConnector,
    &no_settings_json::NoSettingsJson,
    &unsafe_file::UnsafeFile,
    &pc_outer_layout::PcOuterLayout,
    &pc_pkgassets::PcPkgassets,
    &pc_solution_count::PcSolutionCount,
    &pc_solution_files::PcSolutionFiles,
    &pc_connector_solution::PcConnectorSolution,
    &pc_flow_solution::PcFlowSolution,
    &pc_plugin_solution::PcPluginSolution,
    &pc_intro_name::PcIntroName,
];
