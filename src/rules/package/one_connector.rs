use std::collections::BTreeMap;

use super::layout::base;
use crate::package::load::is_junk;
use crate::package::{Artifact, EntryKind};
use crate::rules::levels::{OFF, W};
use crate::rules::{Rule, RuleContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a sub-folder of the connector folder or zip that holds its own
    /// `apiDefinition.swagger.json` or `apiProperties.json` (names compared case-insensitively):
    /// a second connector inside this one. A second `*.swagger.json` at the root is PK003's.
    ///
    /// ## Why is this bad?
    /// A connector folder or zip holds exactly one connector. A nested copy (an old version, a
    /// variant, a sample) is published with the connector without being validated, and batch
    /// validation does not walk into a connector folder, so the nested one is never checked.
    ///
    /// ## Example
    /// ```text
    /// Contoso/
    ///   apiDefinition.swagger.json
    ///   apiProperties.json
    ///   v1/apiDefinition.swagger.json
    ///   v1/apiProperties.json
    /// ```
    /// Use instead: move `v1/` to a connector folder of its own, or delete it.
    ///
    /// ## Source
    /// Learn, *Independent publisher certification process* (best practices);
    /// PowerPlatformConnectors #1122.
    pub(crate) OneConnector {
        code: "PK012",
        name: "one-connector",
        family: PK,
        category: Packaging,
        levels: [W, W, OFF],
        summary: "no sub-folder holds a connector of its own",
    }
}

impl Rule for OneConnector {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let package = cx.package();
        let base = base(package);
        // Each sub-folder holding an artifact, with the artifacts it holds.
        let mut nested: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for entry in &package.inventory {
            if entry.kind == EntryKind::Dir || is_junk(&entry.name) {
                continue;
            }
            let Some(rest) = entry.name.strip_prefix(base.as_str()) else {
                continue;
            };
            let Some((_, file)) = rest.rsplit_once('/') else {
                continue;
            };
            if matches!(
                Artifact::from_name(file),
                Some(Artifact::Swagger | Artifact::Properties)
            ) && let Some((folder, _)) = entry.name.rsplit_once('/')
            {
                nested.entry(folder).or_default().push(&entry.name);
            }
        }
        for (folder, files) in nested {
            let listed = files
                .iter()
                .map(|f| format!("`{f}`"))
                .collect::<Vec<_>>()
                .join(" and ");
            let path = package.display_path(&format!("{folder}/"));
            cx.report_path(
                path,
                format!("`{folder}/` holds another connector ({listed})"),
            )
            .help(format!(
                "keep one connector per folder or zip: move `{folder}/` to a connector folder of its own, or delete it if it is an old copy"
            ));
        }
    }
}
