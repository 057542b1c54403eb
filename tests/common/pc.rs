//! Partner Center packages built in code: a package is a tree of files whose paths cross an
//! archive wherever a component ends in `.zip` and has children
//! (`Contoso.pdpkg.zip/PkgAssets/Contoso_1_0_0_0.zip/customizations.xml`); `build` zips every
//! such level, innermost first.

use std::collections::BTreeMap;

use super::{contoso_icon, zip_bytes};

/// The inner package and its solution zips in the standard tree.
pub const INNER: &str = "Contoso.pdpkg.zip";
pub const CONNECTOR_SOLUTION: &str = "Contoso.pdpkg.zip/PkgAssets/ContosoConnector_1_0_0_0.zip";
pub const FLOW_SOLUTION: &str = "Contoso.pdpkg.zip/PkgAssets/ContosoFlows_1_0_0_0.zip";
/// The connector's name in the solution (`new_contoso`, escaped as exports write it).
pub const CONNECTOR_NAME: &str = "new_5Fcontoso";
pub const FLOW_FILE: &str = "Workflows/Createatask-2B3E9A6C-1F0D-4C52-9C1A-6A1E8B7D3F10.json";

pub const SWAGGER: &str = include_str!("../../examples/contoso-tasks/apiDefinition.swagger.json");
const PROPERTIES: &str = include_str!("../../examples/contoso-tasks/apiProperties.json");

pub const BRAND_COLOR: &str = "#2b579a";

pub const INTRO: &str = "Contoso Tasks is a shared to-do list for teams. The connector lets a flow or an app read a team's lists, add tasks and mark them done, so that work tracked in Contoso Tasks can start automations elsewhere.

## Prerequisites

A Contoso Tasks account on any plan.

## How to get credentials

Sign in to Contoso Tasks, open Settings > API keys and create a key.

## Get started with your connector

Create a connection with your API key, then add the action that creates a task to a flow.

## Known issues and limitations

Lists shared with you by another team are read-only.

## Common errors and remedies

A 401 response means the API key was revoked: create a new one.

## FAQ

**Is there a limit on tasks?** No.
";

pub const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/octet-stream" /><Default Extension="json" ContentType="application/octet-stream" /><Default Extension="png" ContentType="application/octet-stream" /></Types>"#;

/// `solution.xml` of a solution with this unique name.
pub fn solution_xml(unique_name: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<ImportExportXml version="9.2.24044.212" SolutionPackageVersion="9.2" languagecode="1033" generatedBy="CrmLive" OrganizationVersion="9.2.24044.212" OrganizationSchemaType="Standard" CRMServerServiceabilityVersion="9.2.24044.00212" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <SolutionManifest>
    <UniqueName>{unique_name}</UniqueName>
    <LocalizedNames>
      <LocalizedName description="{unique_name}" languagecode="1033" />
    </LocalizedNames>
    <Version>1.0.0.0</Version>
    <Managed>0</Managed>
    <Publisher>
      <UniqueName>contoso</UniqueName>
      <CustomizationPrefix>new</CustomizationPrefix>
    </Publisher>
    <RootComponents>
      <RootComponent type="371" schemaName="{CONNECTOR_NAME}" behavior="0" />
    </RootComponents>
  </SolutionManifest>
</ImportExportXml>
"#
    )
}

/// The `<Connector>` element as exports write it.
pub fn connector_element() -> String {
    format!(
        r#"    <Connector>
      <connectorid>6f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b</connectorid>
      <name>{CONNECTOR_NAME}</name>
      <displayname>Contoso Tasks</displayname>
      <description>Contoso Tasks keeps a team's to-do lists in one place.</description>
      <iconbrandcolor>{BRAND_COLOR}</iconbrandcolor>
      <connectortype>1</connectortype>
      <openapidefinition>/Connector/{CONNECTOR_NAME}_openapidefinition.json</openapidefinition>
      <connectionparameters>/Connector/{CONNECTOR_NAME}_connectionparameters.json</connectionparameters>
      <iconblob>/Connector/{CONNECTOR_NAME}_iconblob.png</iconblob>
      <iscustomizable>1</iscustomizable>
      <statecode>0</statecode>
      <statuscode>1</statuscode>
    </Connector>
"#
    )
}

/// `customizations.xml` with the connector and, optionally, a `<Workflows>` element.
pub fn customizations(workflows: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<ImportExportXml xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" OrganizationVersion="9.2.24044.212" OrganizationSchemaType="Standard" CRMServerServiceabilityVersion="9.2.24044.00212">
  <Entities />
  <Roles />
  <Workflows>{workflows}</Workflows>
  <FieldSecurityProfiles />
  <Templates />
  <EntityMaps />
  <EntityRelationships />
  <OrganizationSettings />
  <optionsets />
  <CustomControls />
  <Connectors>
{}  </Connectors>
  <Languages>
    <Language>1033</Language>
  </Languages>
</ImportExportXml>
"#,
        connector_element()
    )
}

/// The `<Workflow>` element naming `json_file`.
pub fn workflow_element(json_file: &str) -> String {
    format!(
        r#"
    <Workflow WorkflowId="{{2b3e9a6c-1f0d-4c52-9c1a-6a1e8b7d3f10}}" Name="Create a task">
      <JsonFileName>/{json_file}</JsonFileName>
      <Type>1</Type>
      <Subprocess>0</Subprocess>
      <Category>5</Category>
      <Mode>0</Mode>
      <Scope>4</Scope>
      <OnDemand>0</OnDemand>
      <TriggerOnCreate>0</TriggerOnCreate>
      <TriggerOnDelete>0</TriggerOnDelete>
      <AsyncAutodelete>0</AsyncAutodelete>
      <SyncWorkflowLogOnFailure>0</SyncWorkflowLogOnFailure>
      <StateCode>1</StateCode>
      <StatusCode>2</StatusCode>
      <RunAs>1</RunAs>
      <IsTransacted>1</IsTransacted>
      <IntroducedVersion>1.0.0.0</IntroducedVersion>
      <IsCustomizable>1</IsCustomizable>
      <PrimaryEntity>none</PrimaryEntity>
    </Workflow>
  "#
    )
}

/// The connection parameters of the contoso-tasks example, as `_connectionparameters.json`.
pub fn connection_parameters() -> String {
    let properties: serde_json::Value = serde_json::from_str(PROPERTIES).expect("example parses");
    serde_json::to_string_pretty(&properties["properties"]["connectionParameters"])
        .expect("serialise")
}

pub const FLOW_JSON: &str = r#"{
  "properties": {
    "connectionReferences": {
      "shared_new-5fcontoso": {
        "runtimeSource": "embedded",
        "connection": { "connectionReferenceLogicalName": "new_sharednew5fcontoso" },
        "api": { "name": "shared_new-5fcontoso" }
      }
    },
    "definition": {
      "$schema": "https://schema.management.azure.com/providers/Microsoft.Logic/schemas/2016-06-01/workflowdefinition.json#",
      "triggers": { "manual": { "type": "Request", "kind": "Button" } },
      "actions": {}
    }
  },
  "schemaVersion": "1.0.0.0"
}
"#;

/// A package as a tree of files (see the module docs).
#[derive(Clone, Debug, Default)]
pub struct PcTree {
    pub files: BTreeMap<String, Vec<u8>>,
}

impl PcTree {
    /// An empty package.
    pub fn empty() -> Self {
        Self::default()
    }

    /// A well-formed package: intro.md and a `.pdpkg.zip` whose `PkgAssets/` holds a connector
    /// solution (the contoso-tasks connector) and a flow solution with one flow.
    pub fn standard() -> Self {
        let mut tree = Self::default();
        tree.set("intro.md", INTRO);
        tree.set(&format!("{INNER}/[Content_Types].xml"), CONTENT_TYPES);
        for (solution, unique, workflows) in [
            (CONNECTOR_SOLUTION, "ContosoConnector", String::new()),
            (FLOW_SOLUTION, "ContosoFlows", workflow_element(FLOW_FILE)),
        ] {
            tree.set(&format!("{solution}/[Content_Types].xml"), CONTENT_TYPES);
            tree.set(&format!("{solution}/solution.xml"), solution_xml(unique));
            tree.set(
                &format!("{solution}/customizations.xml"),
                customizations(&workflows),
            );
            let connector = format!("{solution}/Connector/{CONNECTOR_NAME}");
            tree.set(&format!("{connector}_openapidefinition.json"), SWAGGER);
            tree.set(
                &format!("{connector}_connectionparameters.json"),
                connection_parameters(),
            );
            tree.set_bytes(&format!("{connector}_iconblob.png"), contoso_icon());
        }
        tree.set(&format!("{FLOW_SOLUTION}/{FLOW_FILE}"), FLOW_JSON);
        tree
    }

    pub fn set(&mut self, path: &str, text: impl AsRef<str>) -> &mut Self {
        self.set_bytes(path, text.as_ref().as_bytes().to_vec())
    }

    pub fn set_bytes(&mut self, path: &str, bytes: Vec<u8>) -> &mut Self {
        self.files.insert(path.to_owned(), bytes);
        self
    }

    /// Removes a file, or every file under a folder (`path` ending in `/`, or a nested zip's path).
    pub fn remove(&mut self, path: &str) -> &mut Self {
        let folder = format!("{}/", path.trim_end_matches('/'));
        let before = self.files.len();
        self.files
            .retain(|name, _| name != path && !name.starts_with(&folder));
        assert!(self.files.len() < before, "nothing to remove at {path}");
        self
    }

    /// The text of a file (panics when absent).
    pub fn text(&self, path: &str) -> String {
        String::from_utf8(self.files[path].clone()).expect("utf-8")
    }

    /// The outer zip's bytes.
    pub fn build(&self) -> Vec<u8> {
        pack(
            self.files
                .iter()
                .map(|(name, bytes)| (name.clone(), bytes.clone()))
                .collect(),
        )
    }
}

/// Zips `entries`, first zipping every group of entries below a `*.zip` component.
pub fn pack(entries: Vec<(String, Vec<u8>)>) -> Vec<u8> {
    let mut direct: Vec<(String, Vec<u8>)> = Vec::new();
    let mut nested: BTreeMap<String, Vec<(String, Vec<u8>)>> = BTreeMap::new();
    for (name, bytes) in entries {
        let parts: Vec<&str> = name.split('/').collect();
        let split = parts[..parts.len() - 1]
            .iter()
            .position(|part| part.to_ascii_lowercase().ends_with(".zip"));
        match split {
            Some(at) => nested
                .entry(parts[..=at].join("/"))
                .or_default()
                .push((parts[at + 1..].join("/"), bytes)),
            None => direct.push((name, bytes)),
        }
    }
    for (zip_name, inner) in nested {
        direct.push((zip_name, pack(inner)));
    }
    direct.sort_by(|a, b| a.0.cmp(&b.0));
    zip_bytes(&direct)
}
