use crate::diagnostic::Target;
use crate::json::TextRange;
use crate::package::{Artifact, FileData, JsonData};
use crate::rules::levels::W;
use crate::rules::{Rule, RuleContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags an `apiDefinition.swagger.json` that starts with a UTF-8 byte order mark (BOM, the
    /// bytes `EF BB BF`). pcpkg strips the BOM and checks the rest; positions are counted after it.
    ///
    /// ## Why is this bad?
    /// `paconn validate` reads the file as `utf-8-sig` and accepts the BOM, but `paconn create`
    /// and `paconn update` read it with `json.load(open(...))`, which rejects it: the connector
    /// validates and then fails to deploy. Some Windows editors add the BOM silently.
    ///
    /// ## Example
    /// A file whose first three bytes are `EF BB BF` followed by `{ "swagger": "2.0", … }` fails;
    /// the same file saved as "UTF-8" rather than "UTF-8 with BOM" passes.
    ///
    /// ## Source
    /// `tools/paconn-cli`: `operations/validate.py` (`utf-8-sig`) vs `operations/upsert.py`
    /// (`json.load`); rules.md §1.6.
    pub(crate) NoBom {
        code: "SW003",
        name: "no-bom",
        family: SW,
        category: Schema,
        levels: [W, W, W],
        summary: "the swagger has no UTF-8 byte order mark",
    }
}

impl Rule for NoBom {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let package = cx.package();
        let Some(id) = package.artifact(Artifact::Swagger) else {
            return;
        };
        // A file that did not parse gets only SW001 (rules.md §1.4).
        if let FileData::Json(JsonData::Parsed { had_bom: true, .. }) = &package.file(id).data {
            cx.report(
                id,
                Target::Range(TextRange::new(0, 0)),
                "the file starts with a UTF-8 byte order mark (BOM)",
            )
            .help(
                "save the file as UTF-8 without a BOM (remove the bytes `EF BB BF` at its start)",
            );
        }
    }
}
