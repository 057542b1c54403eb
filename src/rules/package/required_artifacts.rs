use super::layout::{archive_unreadable, base, has_artifact_entry};
use crate::diagnostic::Severity;
use crate::package::{Artifact, Profile};
use crate::rules::levels::E;
use crate::rules::{Rule, RuleContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks that `apiDefinition.swagger.json` and `apiProperties.json` sit at the root of the
    /// connector folder or zip. A file whose name differs only in case counts as present (that is
    /// PK002). A lone `*.swagger.json` that pcpkg validates in place of the swagger (PK003) does
    /// not: this rule still fires for it. With the custom profile a missing `apiProperties.json`
    /// is only a warning.
    ///
    /// ## Why is this bad?
    /// A connector is defined by these two files. Certification uploads, the pull-request
    /// pipeline and `paconn` all look for them by their exact names, so a package without them
    /// cannot be validated or imported as a connector. The maker portal can import a swagger
    /// alone, which is why a custom connector without `apiProperties.json` is only warned about.
    ///
    /// ## Example
    /// ```text
    /// Contoso/
    ///   Contoso.swagger.json
    ///   readme.md
    /// ```
    /// Use instead:
    /// ```text
    /// Contoso/
    ///   apiDefinition.swagger.json
    ///   apiProperties.json
    ///   readme.md
    /// ```
    ///
    /// ## Source
    /// Seed 003 (the zip holds "the required three artifact files": `apiDefinition.swagger.json`,
    /// `apiProperties.json` and the icon; `../shared/spec/sources/submit-for-certification.txt`);
    /// the PowerPlatformConnectors `README.md`; `paconn`'s default file names.
    pub(crate) RequiredArtifacts {
        code: "PK001",
        name: "required-artifacts",
        family: PK,
        category: Packaging,
        levels: [E, E, E],
        summary: "`apiDefinition.swagger.json` and `apiProperties.json` are at the root",
    }
}

impl Rule for RequiredArtifacts {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let package = cx.package();
        if archive_unreadable(package) {
            return;
        }
        let base = base(package);
        if !has_artifact_entry(package, Artifact::Swagger) {
            let path = package.display_path(&format!("{base}apiDefinition.swagger.json"));
            let candidate = package
                .artifact(Artifact::Swagger)
                .filter(|_| package.swagger_is_candidate)
                .map(|id| package.file(id).name.clone());
            match candidate {
                Some(candidate) => {
                    let candidate = candidate.strip_prefix(base.as_str()).unwrap_or(&candidate);
                    cx.report_path(
                        path,
                        format!(
                            "no file is named `apiDefinition.swagger.json`; `{candidate}` was validated in its place"
                        ),
                    )
                    .help(format!(
                        "rename `{candidate}` to `apiDefinition.swagger.json`: the pull-request pipeline and `paconn` find the swagger by that name"
                    ));
                }
                None => {
                    cx.report_path(path, "the package has no `apiDefinition.swagger.json`")
                        .help("add the connector's OpenAPI 2.0 definition at the root, named `apiDefinition.swagger.json`");
                }
            }
        }
        if !has_artifact_entry(package, Artifact::Properties) {
            let path = package.display_path(&format!("{base}apiProperties.json"));
            let custom = cx.profile() == Profile::Custom;
            let diagnostic = cx.report_path(path, "the package has no `apiProperties.json`");
            if custom {
                diagnostic
                    .help("add `apiProperties.json` at the root: the maker portal imports a swagger alone, but `paconn` and certification need the connection parameters, brand colour and capabilities it holds")
                    .at_most(Severity::Warning);
            } else {
                diagnostic.help("add `apiProperties.json` at the root, with the connection parameters, `iconBrandColor`, `capabilities`, `publisher` and `stackOwner`");
            }
        }
    }
}
