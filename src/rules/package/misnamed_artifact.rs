use super::layout::{has_artifact_entry, report_entry, root_entries};
use crate::package::Artifact;
use crate::rules::levels::{I, W};
use crate::rules::{Rule, RuleContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags files at the package root that look like an artifact under another name: a
    /// `*.swagger.json` other than `apiDefinition.swagger.json`, a `*.csx` other than
    /// `script.csx`, and any `*.cs`. When no file is named `apiDefinition.swagger.json` and
    /// exactly one other `*.swagger.json` sits at the root, pcpkg validates that file as the
    /// swagger (PK001 still reports the missing name) and `pcpkg pack` renames it.
    ///
    /// ## Why is this bad?
    /// The pull-request pipeline validates only files named `…apiDefinition.swagger.json`, and
    /// custom code is uploaded only from `script.csx`. A misnamed swagger escapes validation, a
    /// misnamed script is silently left out, and a second swagger next to the real one leaves
    /// reviewers guessing which one is the connector.
    ///
    /// ## Example
    /// ```text
    /// Contoso/
    ///   Contoso.swagger.json
    ///   apiProperties.json
    ///   connector-script.csx
    /// ```
    /// Use instead:
    /// ```text
    /// Contoso/
    ///   apiDefinition.swagger.json
    ///   apiProperties.json
    ///   script.csx
    /// ```
    ///
    /// ## Source
    /// The PowerPlatformConnectors pipelines (`.pipelines/*.yml`), which match files by name; the
    /// corpus (`apiDefination.swagger.json`, `De-Lijn-Zoek.swagger.json`,
    /// `connector-script.csx` escaped them).
    pub(crate) MisnamedArtifact {
        code: "PK003",
        name: "misnamed-artifact",
        family: PK,
        category: Packaging,
        levels: [W, W, I],
        summary: "no other `*.swagger.json`, `*.cs` or `*.csx` at the root",
    }
}

impl Rule for MisnamedArtifact {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let package = cx.package();
        let candidate = package
            .artifact(Artifact::Swagger)
            .filter(|_| package.swagger_is_candidate)
            .map(|id| package.file(id).name.as_str());
        let has_swagger = has_artifact_entry(package, Artifact::Swagger);
        let has_script = has_artifact_entry(package, Artifact::Script);
        for entry in root_entries(package).iter().filter(|e| !e.is_dir()) {
            let name = entry.name;
            let lower = name.to_ascii_lowercase();
            if Artifact::from_name(name).is_some() {
                continue;
            }
            if lower.ends_with(".swagger.json") {
                if candidate == Some(entry.full()) {
                    report_entry(
                        cx,
                        entry.full(),
                        false,
                        format!("`{name}` is validated as the swagger, but it is not named `apiDefinition.swagger.json`"),
                    )
                    .help("rename it to `apiDefinition.swagger.json`: the pull-request pipeline validates only files named so, and `paconn` looks for that name");
                } else if has_swagger {
                    report_entry(
                        cx,
                        entry.full(),
                        false,
                        format!("`{name}` is a second swagger next to `apiDefinition.swagger.json`"),
                    )
                    .help("delete it, or move it to a connector folder of its own: only `apiDefinition.swagger.json` is validated and packed");
                } else {
                    report_entry(
                        cx,
                        entry.full(),
                        false,
                        format!("`{name}` looks like a swagger but is not named `apiDefinition.swagger.json`"),
                    )
                    .help("rename the connector's definition to `apiDefinition.swagger.json` and delete the others: with several `*.swagger.json` files and none named so, pcpkg validates none of them");
                }
            } else if lower.ends_with(".csx") && !has_script {
                report_entry(
                    cx,
                    entry.full(),
                    false,
                    format!(
                        "`{name}` looks like the custom-code script but is not named `script.csx`"
                    ),
                )
                .help("rename it to `script.csx`: custom code is uploaded only from that name");
            } else if lower.ends_with(".csx") || lower.ends_with(".cs") {
                let help = if has_script {
                    "custom code must live in `script.csx`: move what the connector needs there and delete this file"
                } else {
                    "custom code must live in `script.csx`: rename it if it is the connector's script, else delete it"
                };
                report_entry(
                    cx,
                    entry.full(),
                    false,
                    format!("`{name}` is C# code outside `script.csx`"),
                )
                .help(help);
            }
        }
    }
}
