use crate::rules::levels::E;
use crate::rules::{Rule, RuleContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags a connector zip whose entries all sit inside one folder (junk such as `__MACOSX/`
    /// aside) instead of at the zip's root. pcpkg still looks for the artifacts inside that
    /// folder, so the other rules run, but the upload would not find them.
    ///
    /// ## Why is this bad?
    /// The certification upload reads `apiDefinition.swagger.json`, `apiProperties.json` and
    /// `icon.png` from the root of the zip. Zipping the connector's folder instead of its files
    /// (the default of most "compress" commands) nests them one level down, and the package is
    /// rejected.
    ///
    /// ## Example
    /// ```text
    /// connector.zip
    ///   Contoso/apiDefinition.swagger.json
    ///   Contoso/apiProperties.json
    ///   Contoso/icon.png
    /// ```
    /// Use instead:
    /// ```text
    /// connector.zip
    ///   apiDefinition.swagger.json
    ///   apiProperties.json
    ///   icon.png
    /// ```
    ///
    /// ## Source
    /// Learn, *Fix certification policy errors* (PE 5000.1.1.11); seed 003
    /// (`../shared/spec/sources/submit-for-certification.txt`).
    pub(crate) ZipFlatRoot {
        code: "PK008",
        name: "zip-flat-root",
        family: PK,
        category: Packaging,
        levels: [E, E, E],
        summary: "the artifacts sit at the zip's root, not in a wrapping folder",
    }
}

impl Rule for ZipFlatRoot {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let package = cx.package();
        let Some(folder) = &package.wrapping_folder else {
            return;
        };
        let path = package.display_path(&format!("{folder}/"));
        cx.report_path(
            path,
            format!("every file of the zip is inside the folder `{folder}/`"),
        )
        .help("zip the connector's files, not the folder that holds them: `apiDefinition.swagger.json`, `apiProperties.json` and `icon.png` must sit at the root of the zip");
    }
}
