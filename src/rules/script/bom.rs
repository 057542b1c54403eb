use crate::rules::levels::OFF;
use crate::rules::{Rule, RuleContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Nothing: this rule was removed. It flagged a UTF-8 byte order mark at the start of
    /// `script.csx`. The code stays reserved and is never reused.
    ///
    /// ## Why is this bad?
    /// It is not: a BOM in `script.csx` is harmless. 18 certified and 12 independent-publisher
    /// scripts in the connector repository start with one, and all are deployed.
    ///
    /// ## Example
    /// A `script.csx` saved by Visual Studio as "UTF-8 with signature" (bytes `EF BB BF` first)
    /// is fine.
    ///
    /// ## Source
    /// The connector corpus (rules.md §2, SC009: 18/12/0 scripts with a BOM).
    pub(crate) Bom {
        code: "SC009",
        name: "bom",
        family: SC,
        category: Style,
        levels: [OFF, OFF, OFF],
        summary: "removed: a BOM in `script.csx` is harmless",
        status: Removed,
    }
}

impl Rule for Bom {
    fn check(&self, _cx: &mut RuleContext<'_>) {}
}
