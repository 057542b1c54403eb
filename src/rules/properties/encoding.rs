use crate::diagnostic::Target;
use crate::package::{FileData, JsonData};
use crate::rules::levels::W;
use crate::rules::{Rule, RuleContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags an `apiProperties.json` that starts with a UTF-8 byte order mark (BOM, the bytes
    /// `EF BB BF`). pcpkg strips the BOM and checks the rest; other encoding problems (UTF-16,
    /// Latin-1, invalid UTF-8) are AP001.
    ///
    /// ## Why is this bad?
    /// `paconn create` and `paconn update` open the file with Python's `json.load(open(…))`,
    /// which rejects a BOM, so a file that other tools read fine cannot be deployed with paconn.
    ///
    /// ## Example
    /// A file whose first bytes are `EF BB BF 7B` (a BOM, then `{`):
    /// ```text
    /// EF BB BF 7B 0A 20 20 22 70 72 6F 70 65 72 74 69 65 73 22 …
    /// ```
    /// Use instead (saved as UTF-8 without a BOM):
    /// ```json,pass
    /// {
    ///   "properties": {
    ///     "iconBrandColor": "#0f6cbd",
    ///     "capabilities": ["actions"],
    ///     "publisher": "Contoso Ltd",
    ///     "stackOwner": "Contoso Ltd"
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// `paconn` (`tools/paconn-cli`): `upsert.py` reads the file without `utf-8-sig`; rules.md §1.6.
    pub(crate) Encoding {
        code: "AP002",
        name: "encoding",
        family: AP,
        category: Schema,
        levels: [W, W, W],
        summary: "apiProperties.json has no UTF-8 byte order mark",
    }
}

impl Rule for Encoding {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let package = cx.package();
        // pc mode: each connector JSON file that stands for a part of it (rules.md §1.2).
        for id in package.properties_files() {
            if let FileData::Json(JsonData::Parsed { had_bom: true, .. }) = &package.file(id).data {
                cx.report(
                    id,
                    Target::File,
                    "the file starts with a UTF-8 byte order mark (BOM)",
                )
                .help("save the file as UTF-8 without a BOM: `paconn create` and `paconn update` reject it");
            }
        }
    }
}
