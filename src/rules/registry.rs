//! The one list of rules, sorted by code, and lookups by code, name and family prefix.

use std::sync::LazyLock;

use super::{Family, Rule, RuleMeta};

static ALL: LazyLock<Vec<&'static dyn Rule>> = LazyLock::new(|| {
    let mut all: Vec<&'static dyn Rule> = Vec::new();
    all.extend_from_slice(super::package::RULES);
    all.extend_from_slice(super::swagger::RULES);
    all.extend_from_slice(super::properties::RULES);
    all.extend_from_slice(super::icon::RULES);
    all.extend_from_slice(super::readme::RULES);
    all.extend_from_slice(super::script::RULES);
    all.sort_by_key(|rule| rule.meta().code);
    all
});

/// Every rule, removed ones included, sorted by code.
#[must_use]
pub fn all() -> &'static [&'static dyn Rule] {
    &ALL
}

/// Every rule's metadata, sorted by code.
pub fn metas() -> impl Iterator<Item = &'static RuleMeta> {
    all().iter().map(|rule| rule.meta())
}

#[must_use]
pub fn by_code(code: &str) -> Option<&'static RuleMeta> {
    metas().find(|meta| meta.code.eq_ignore_ascii_case(code))
}

/// Rules carrying a name: two for `json-syntax` and `duplicate-keys` (rules.md §1.3).
#[must_use]
pub fn by_name(name: &str) -> Vec<&'static RuleMeta> {
    metas().filter(|meta| meta.name == name).collect()
}

#[must_use]
pub fn family(prefix: &str) -> Option<Family> {
    [
        Family::PK,
        Family::SW,
        Family::AP,
        Family::IC,
        Family::RM,
        Family::SC,
    ]
    .into_iter()
    .find(|family| family.as_str().eq_ignore_ascii_case(prefix))
}

/// One `--select`/`--ignore` item: a code, a name or a family prefix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Selector {
    Code(&'static str),
    Name(&'static str),
    Family(Family),
}

impl Selector {
    /// Parses a selector; `None` when it matches no rule.
    #[must_use]
    pub fn parse(text: &str) -> Option<Selector> {
        let text = text.trim();
        if let Some(meta) = by_code(text) {
            return Some(Selector::Code(meta.code));
        }
        if let Some(meta) = by_name(text).first() {
            return Some(Selector::Name(meta.name));
        }
        family(text).map(Selector::Family)
    }

    #[must_use]
    pub fn matches(&self, meta: &RuleMeta) -> bool {
        match self {
            Selector::Code(code) => meta.code == *code,
            Selector::Name(name) => meta.name == *name,
            Selector::Family(family) => meta.family == *family,
        }
    }

    /// An exact code or name (not a prefix): it can turn on a rule that is off (cli.md).
    #[must_use]
    pub fn is_exact(&self) -> bool {
        !matches!(self, Selector::Family(_))
    }
}
