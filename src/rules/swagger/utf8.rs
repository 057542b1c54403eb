use crate::package::Artifact;
use crate::rules::levels::E;
use crate::rules::{Rule, RuleContext, declare_rule, json_file};

declare_rule! {
    /// ## What it does
    /// Checks that `apiDefinition.swagger.json` is UTF-8. A file in UTF-16 or UTF-32 (found by
    /// its byte order mark or its NUL bytes), or with bytes that are not UTF-8 (typically
    /// Latin-1 or Windows-1252 text such as `ø` saved by an old editor), is reported here and
    /// gets no other SW finding.
    ///
    /// ## Why is this bad?
    /// JSON exchanged between systems must be UTF-8 (RFC 8259 §8.1). `paconn` and the platform
    /// decode the file as UTF-8: a Latin-1 file fails to import, or its accented characters turn
    /// into replacement characters in titles and descriptions.
    ///
    /// ## Example
    /// A swagger saved as Latin-1, whose `"Brønnøysund"` holds the byte `F8` for `ø`, fails; the
    /// same text saved as UTF-8 (where `ø` is `C3 B8`) passes.
    ///
    /// ## Source
    /// RFC 8259 §8.1; rules.md §1.6.
    pub(crate) Utf8 {
        code: "SW002",
        name: "utf8",
        family: SW,
        category: Schema,
        levels: [E, E, E],
        summary: "the swagger is UTF-8 (not UTF-16 or Latin-1)",
    }
}

impl Rule for Utf8 {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some(id) = cx.package().artifact(Artifact::Swagger) else {
            return;
        };
        json_file::report_encoding(cx, id);
    }
}
