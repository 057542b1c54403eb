use super::layout::{report_entry, root_entries};
use crate::package::Mode;
use crate::rules::levels::{I, W};
use crate::rules::{Rule, RuleContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags `settings.json` at the package root. `pcpkg pack` leaves it out.
    ///
    /// ## Why is this bad?
    /// `settings.json` is `paconn`'s own settings file: it names the environment, the connector
    /// id and the local file paths used by `paconn create` and `paconn update`. It "isn't part of
    /// the connector definition", and it can reveal environment and connector ids when it is
    /// published with the connector.
    ///
    /// ## Example
    /// ```text
    /// Contoso/
    ///   apiDefinition.swagger.json
    ///   apiProperties.json
    ///   settings.json
    /// ```
    /// Use instead:
    /// ```text
    /// Contoso/
    ///   apiDefinition.swagger.json
    ///   apiProperties.json
    /// ```
    ///
    /// ## Source
    /// The `paconn` README (`tools/paconn-cli`: the settings file "isn't part of the connector
    /// definition").
    pub(crate) NoSettingsJson {
        code: "PK013",
        name: "no-settings-json",
        family: PK,
        category: Packaging,
        levels: [W, W, I],
        summary: "no `paconn` `settings.json` in the package",
    }
}

impl Rule for NoSettingsJson {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let package = cx.package();
        let zip = package.mode != Mode::Folder;
        for entry in root_entries(package) {
            if entry.is_dir() || !entry.name.eq_ignore_ascii_case("settings.json") {
                continue;
            }
            let name = entry.name;
            report_entry(
                cx,
                entry.full(),
                false,
                format!("`{name}` is `paconn`'s settings file, not part of the connector"),
            )
            .help(if zip {
                format!("rebuild the zip without `{name}` (`pcpkg pack` leaves it out)")
            } else {
                format!(
                    "delete `{name}` or keep it outside the connector folder (`pcpkg pack` leaves it out)"
                )
            });
        }
    }
}
