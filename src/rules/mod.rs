//! The rule engine: rule metadata declared as data, a pure check function per rule, and the
//! context a check reports into. Rules never print, prompt, exit or return errors.

pub(crate) mod helpers;
pub(crate) mod json_file;
pub mod modes;
pub mod registry;

pub(crate) mod icon;
pub(crate) mod package;
pub(crate) mod properties;
pub(crate) mod readme;
pub(crate) mod script;
pub(crate) mod swagger;

use crate::diagnostic::{Diagnostic, Severity, Target};
use crate::package::swagger::Swagger;
use crate::package::{Artifact, FileId, Mode, Package, Profile};

/// A rule's default level in one profile, as rules.md writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Level {
    Error,
    /// W⚑: a warning by default, an error under `--strict`.
    WarningStrict,
    Warning,
    Info,
    Off,
}

impl Level {
    /// The severity this level has, or `None` when the rule is off.
    #[must_use]
    pub fn resolve(self, strict: bool) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::WarningStrict if strict => Some(Severity::Error),
            Level::WarningStrict | Level::Warning => Some(Severity::Warning),
            Level::Info => Some(Severity::Info),
            Level::Off => None,
        }
    }

    /// The word used in `rules --format json` and SARIF properties.
    #[must_use]
    pub fn as_str(self, strict: bool) -> &'static str {
        match self.resolve(strict) {
            Some(s) => s.as_str(),
            None => "off",
        }
    }
}

/// Shorthands used in rule declarations, mirroring rules.md's C/I/U cells.
pub(crate) mod levels {
    use super::Level;
    pub(crate) const E: Level = Level::Error;
    /// W⚑
    pub(crate) const WS: Level = Level::WarningStrict;
    pub(crate) const W: Level = Level::Warning;
    pub(crate) const I: Level = Level::Info;
    pub(crate) const OFF: Level = Level::Off;
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    PK,
    SW,
    AP,
    IC,
    RM,
    SC,
}

impl Family {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Family::PK => "PK",
            Family::SW => "SW",
            Family::AP => "AP",
            Family::IC => "IC",
            Family::RM => "RM",
            Family::SC => "SC",
        }
    }
}

/// rules.md §1.8. Each category has a one-line contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Category {
    /// The file's own format: it must parse and follow its schema.
    Schema,
    /// What a certification reviewer or the Swagger Validator rejects.
    Certification,
    /// Input that could harm the user or the platform.
    Security,
    /// The shape of the folder, zip or Partner Center package.
    Packaging,
    /// Advice no reviewer enforces.
    Style,
}

impl Category {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Schema => "schema",
            Category::Certification => "certification",
            Category::Security => "security",
            Category::Packaging => "packaging",
            Category::Style => "style",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    Preview,
    Stable,
    /// Kept for its documentation; no check, no fixtures, code reserved.
    Removed,
}

impl Status {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Preview => "preview",
            Status::Stable => "stable",
            Status::Removed => "removed",
        }
    }
}

/// Everything about a rule except its check: the data `rules`, `explain` and SARIF print.
#[derive(Debug)]
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    pub family: Family,
    pub category: Category,
    pub status: Status,
    /// Default level per profile: certified, independent-publisher, custom.
    pub levels: [Level; 3],
    /// One line for `pcpkg rules`.
    pub summary: &'static str,
    /// The rule's doc comment, printed by `pcpkg explain`.
    pub docs: &'static str,
}

impl RuleMeta {
    #[must_use]
    pub fn level(&self, profile: Profile) -> Level {
        self.levels[profile.index()]
    }

    #[must_use]
    pub fn url(&self) -> String {
        format!("https://pcpkg.dev/rules/{}", self.code)
    }

    /// SW001, SW002, AP001, PK009, PK014 decide whether a file was read at all: always on, at error.
    #[must_use]
    pub fn is_input_safety(&self) -> bool {
        matches!(self.code, "SW001" | "SW002" | "AP001" | "PK009" | "PK014")
    }
}

/// Gives the metadata of a rule; implemented by `declare_rule!`.
pub trait HasMeta {
    fn meta(&self) -> &'static RuleMeta;
}

/// A rule: metadata plus a pure check over a read-only package.
pub trait Rule: HasMeta + Sync {
    fn check(&self, cx: &mut RuleContext<'_>);
}

/// Declares a rule's struct and metadata. The doc comment becomes the rule's documentation.
///
/// ```ignore
/// declare_rule! {
///     /// ## What it does
///     /// ...
///     pub(crate) OperationidRequired {
///         code: "SW050", name: "operationid-required", family: SW,
///         category: Certification, levels: [E, E, E],
///         summary: "every operation has an `operationId`",
///     }
/// }
/// ```
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis $rule:ident {
            code: $code:literal,
            name: $name:literal,
            family: $family:ident,
            category: $category:ident,
            levels: [$c:expr, $i:expr, $u:expr],
            summary: $summary:literal
            $(, status: $status:ident)?
            $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy)]
        $vis struct $rule;

        impl $rule {
            #[allow(dead_code)]
            pub(crate) const META: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
                code: $code,
                name: $name,
                family: $crate::rules::Family::$family,
                category: $crate::rules::Category::$category,
                status: $crate::rules::declare_rule!(@status $($status)?),
                levels: [$c, $i, $u],
                summary: $summary,
                docs: concat!($($doc, "\n"),*),
            };
        }

        impl $crate::rules::HasMeta for $rule {
            fn meta(&self) -> &'static $crate::rules::RuleMeta {
                &Self::META
            }
        }
    };
    (@status) => { $crate::rules::Status::Preview };
    (@status $status:ident) => { $crate::rules::Status::$status };
}
pub(crate) use declare_rule;

/// What a check sees, and where it reports.
/// Work several rules need on the same file, done once per package the first time a rule asks:
/// the readme's and intro's outlines (nine RM rules), the script's tokens (seven SC rules) and
/// the decoded icon (four IC rules). Owned data only, so a context can borrow it for any
/// lifetime.
#[derive(Default)]
pub struct Memo {
    readme: std::cell::OnceCell<Option<readme::markdown::Outline>>,
    intro: std::cell::OnceCell<Option<readme::markdown::Outline>>,
    script: std::cell::OnceCell<Option<script::Parsed>>,
    icon: std::cell::OnceCell<Option<icon::IconInfo>>,
}

pub struct RuleContext<'a> {
    package: &'a Package,
    swagger: Option<&'a Swagger<'a>>,
    memo: &'a Memo,
    meta: &'static RuleMeta,
    severity: Severity,
    strict: bool,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl<'a> RuleContext<'a> {
    pub(crate) fn new(
        package: &'a Package,
        swagger: Option<&'a Swagger<'a>>,
        memo: &'a Memo,
        meta: &'static RuleMeta,
        severity: Severity,
        strict: bool,
        diagnostics: &'a mut Vec<Diagnostic>,
    ) -> Self {
        Self {
            package,
            swagger,
            memo,
            meta,
            severity,
            strict,
            diagnostics,
        }
    }

    #[must_use]
    pub fn package(&self) -> &'a Package {
        self.package
    }

    /// The swagger's typed view with its file, when the swagger parsed cleanly. Built once per
    /// package; rules query it rather than walking raw JSON.
    #[must_use]
    pub fn swagger(&self) -> Option<(FileId, &'a Swagger<'a>)> {
        let (file, _) = self.package.swagger()?;
        self.swagger.map(|view| (file, view))
    }

    /// The outline of readme.md or intro.md, parsed once per package.
    pub(crate) fn outline(&self, artifact: Artifact) -> Option<&'a readme::markdown::Outline> {
        let memo: &'a Memo = self.memo;
        let cell = match artifact {
            Artifact::Intro => &memo.intro,
            _ => &memo.readme,
        };
        let package = self.package;
        cell.get_or_init(|| {
            let id = package.artifact(artifact)?;
            Some(readme::markdown::Outline::parse(package.file(id).text()?))
        })
        .as_ref()
    }

    /// script.csx blanked and tokenized, once per package; `None` when there is no script text.
    pub(crate) fn script_parsed(&self) -> Option<&'a script::Parsed> {
        let memo: &'a Memo = self.memo;
        let package = self.package;
        memo.script
            .get_or_init(|| {
                let id = package.artifact(Artifact::Script)?;
                let file = package.file(id);
                if !matches!(file.data, crate::package::FileData::Text { .. }) {
                    return None;
                }
                Some(script::Parsed::new(file.text()?))
            })
            .as_ref()
    }

    /// What the icon's bytes say, inspected once per package; `None` when there are no bytes.
    pub(crate) fn icon_info(&self) -> Option<&'a icon::IconInfo> {
        let memo: &'a Memo = self.memo;
        let package = self.package;
        memo.icon
            .get_or_init(|| {
                let id = package.artifact(Artifact::Icon)?;
                let crate::package::FileData::Bytes(bytes) = &package.file(id).data else {
                    return None;
                };
                Some(icon::inspect(bytes))
            })
            .as_ref()
    }

    #[must_use]
    pub fn profile(&self) -> Profile {
        self.package.profile
    }

    #[must_use]
    pub fn mode(&self) -> Mode {
        self.package.mode
    }

    #[must_use]
    pub fn strict(&self) -> bool {
        self.strict
    }

    /// Reports a finding in a file the package holds, at the rule's effective severity.
    pub fn report(
        &mut self,
        file: FileId,
        target: Target,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let path = self.package.file(file).path.clone();
        self.push(path, Some(file), target, message.into())
    }

    /// Reports a finding about a path the package does not hold (a missing file) or a file
    /// that was not read; the finding has no position.
    pub fn report_path(
        &mut self,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.push(path.into(), None, Target::File, message.into())
    }

    fn push(
        &mut self,
        path: String,
        file: Option<FileId>,
        target: Target,
        message: String,
    ) -> &mut Diagnostic {
        self.diagnostics.push(Diagnostic::new(
            self.meta,
            self.severity,
            message,
            path,
            file,
            target,
        ));
        self.diagnostics.last_mut().expect("just pushed")
    }
}
