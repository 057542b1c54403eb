//! pcpkg.toml (cli.md "Configuration"): parsing with positions, discovery from a package up to
//! its repository's root, a cache of parsed files, and the one place where the command line, a
//! package's pcpkg.toml and the defaults combine into that package's settings.
//!
//! Nothing here prints: a bad file is a [`ConfigError`] naming `FILE:LINE:COLUMN`, what is wrong
//! and what to do, and the command turns it into exit 2 before any report.

use std::collections::HashMap;
use std::fmt;
use std::fs;
use std::io::Read;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::diagnostic::Severity;
use crate::engine::{RuleSettings, SeverityOverrides};
use crate::error::Error;
use crate::package::Profile;
use crate::render::FailOn;
use crate::rules::RuleMeta;
use crate::rules::registry::{self, Selector};

/// The file's name, in a package's folder or any folder above it.
pub const CONFIG_FILE: &str = "pcpkg.toml";

/// A pcpkg.toml is a few lines; anything near this size is not one (and is not read whole).
const CONFIG_LIMIT: u64 = 1024 * 1024;

/// The keys a pcpkg.toml may hold, in the order the documentation lists them.
const KEYS: [&str; 6] = [
    "profile", "strict", "fail-on", "select", "ignore", "severity",
];

/// One pcpkg.toml, checked against the rule registry.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    /// The file as messages show it.
    pub shown: String,
    /// `profile`; `None` when absent or `auto`.
    pub profile: Option<Profile>,
    pub strict: Option<bool>,
    pub fail_on: Option<FailOn>,
    pub select: Option<Vec<Selector>>,
    pub ignore: Option<Vec<Selector>>,
    /// `[severity]`, by rule code.
    pub severity: SeverityOverrides,
}

/// A pcpkg.toml that is not valid: where, and what is wrong (exit 2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// The file as messages show it.
    pub file: String,
    /// 1-based; columns count Unicode scalar values, as for findings.
    pub line: u32,
    pub column: u32,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    /// Parses the text of a pcpkg.toml; `shown` names the file in errors.
    pub fn parse(text: &str, shown: &str) -> Result<Config, ConfigError> {
        // Positions count from the first character after a BOM, as for every other file.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let parser = Parser { text, shown };
        let document = DeTable::parse(text).map_err(|e| {
            let at = e.span().map_or(0, |span| span.start);
            parser.error(
                at..at,
                format!("{}; pcpkg.toml must be valid TOML", e.message().trim_end()),
            )
        })?;
        let mut config = Config {
            shown: shown.to_owned(),
            ..Config::default()
        };
        // Checked in the order they appear, so the first mistake in the file is the one reported.
        let mut entries: Vec<_> = document.get_ref().iter().collect();
        entries.sort_by_key(|(key, _)| key.span().start);
        for (key, value) in entries {
            match key.get_ref().as_ref() {
                "profile" => config.profile = parser.profile(value)?,
                "strict" => config.strict = Some(parser.boolean("strict", value)?),
                "fail-on" => config.fail_on = Some(parser.fail_on(value)?),
                "select" => config.select = Some(parser.selectors("select", value)?),
                "ignore" => config.ignore = Some(parser.selectors("ignore", value)?),
                "severity" => config.severity = parser.severity(value)?,
                other => return Err(parser.unknown_key(other, key.span())),
            }
        }
        Ok(config)
    }
}

/// Turns the parsed TOML into a [`Config`], with errors at the offending key or value.
struct Parser<'t> {
    text: &'t str,
    shown: &'t str,
}

impl Parser<'_> {
    fn error(&self, span: Range<usize>, message: String) -> ConfigError {
        let (line, column) = line_column(self.text, span.start);
        ConfigError {
            file: self.shown.to_owned(),
            line,
            column,
            message,
        }
    }

    fn unknown_key(&self, key: &str, span: Range<usize>) -> ConfigError {
        let normalised = key.to_ascii_lowercase().replace('_', "-");
        let hint = match KEYS.iter().find(|k| **k == normalised) {
            Some(known) => format!("did you mean `{known}`?"),
            None => "the keys are `profile`, `strict`, `fail-on`, `select`, `ignore` and the `[severity]` table".to_owned(),
        };
        self.error(span, format!("unknown key `{key}`: {hint}"))
    }

    fn string<'v>(
        &self,
        key: &str,
        value: &'v Spanned<DeValue<'_>>,
        expected: &str,
    ) -> Result<&'v str, ConfigError> {
        match value.get_ref() {
            DeValue::String(text) => Ok(text.as_ref()),
            other => Err(self.error(
                value.span(),
                format!(
                    "`{key}` must be a string, not {}: write {expected}",
                    kind(other)
                ),
            )),
        }
    }

    fn profile(&self, value: &Spanned<DeValue<'_>>) -> Result<Option<Profile>, ConfigError> {
        const EXPECTED: &str =
            "`\"certified\"`, `\"independent-publisher\"`, `\"custom\"` or `\"auto\"`";
        let text = self.string("profile", value, EXPECTED)?;
        if text == "auto" {
            return Ok(None);
        }
        Profile::parse(text).map(Some).ok_or_else(|| {
            self.error(
                value.span(),
                format!("`profile` is `{text}`: write {EXPECTED}"),
            )
        })
    }

    fn boolean(&self, key: &str, value: &Spanned<DeValue<'_>>) -> Result<bool, ConfigError> {
        match value.get_ref() {
            DeValue::Boolean(flag) => Ok(*flag),
            other => Err(self.error(
                value.span(),
                format!(
                    "`{key}` must be `true` or `false` (no quotes), not {}",
                    kind(other)
                ),
            )),
        }
    }

    fn fail_on(&self, value: &Spanned<DeValue<'_>>) -> Result<FailOn, ConfigError> {
        const EXPECTED: &str = "`\"error\"`, `\"warning\"`, `\"info\"` or `\"never\"`";
        let text = self.string("fail-on", value, EXPECTED)?;
        match text {
            "error" => Ok(FailOn::Error),
            "warning" => Ok(FailOn::Warning),
            "info" => Ok(FailOn::Info),
            "never" => Ok(FailOn::Never),
            _ => Err(self.error(
                value.span(),
                format!("`fail-on` is `{text}`: write {EXPECTED}"),
            )),
        }
    }

    /// `select` or `ignore`: an array of codes, names or family prefixes.
    fn selectors(
        &self,
        key: &str,
        value: &Spanned<DeValue<'_>>,
    ) -> Result<Vec<Selector>, ConfigError> {
        let DeValue::Array(items) = value.get_ref() else {
            return Err(self.error(
                value.span(),
                format!(
                    "`{key}` must be an array of rule codes, names or family prefixes, such as `{key} = [\"SW\", \"RM004\"]`, not {}",
                    kind(value.get_ref())
                ),
            ));
        };
        let mut selectors = Vec::with_capacity(items.len());
        for item in items.iter() {
            let DeValue::String(text) = item.get_ref() else {
                return Err(self.error(
                    item.span(),
                    format!(
                        "`{key}` holds {}: each item is a rule code, name or family prefix in quotes",
                        kind(item.get_ref())
                    ),
                ));
            };
            let selector = self.selector(key, text, item.span())?;
            if key == "ignore" && selector.is_exact() {
                self.refuse_input_safety(&selector, text, "ignore", item.span())?;
            }
            selectors.push(selector);
        }
        Ok(selectors)
    }

    fn selector(&self, key: &str, text: &str, span: Range<usize>) -> Result<Selector, ConfigError> {
        Selector::parse(text).ok_or_else(|| {
            self.error(
                span,
                format!(
                    "`{text}` in `{key}` matches no rule: use a code (SW011), a name (title-max-30) or a family prefix (SW); `pcpkg rules` lists them"
                ),
            )
        })
    }

    /// SW001, SW002, AP001, PK009 and PK014 decide whether a file was read at all (cli.md).
    fn refuse_input_safety(
        &self,
        selector: &Selector,
        text: &str,
        place: &str,
        span: Range<usize>,
    ) -> Result<(), ConfigError> {
        let named: Vec<&RuleMeta> = registry::metas()
            .filter(|meta| selector.matches(meta) && meta.is_input_safety())
            .collect();
        if named.is_empty() {
            return Ok(());
        }
        let what = match named.as_slice() {
            [meta] if meta.code.eq_ignore_ascii_case(text) => {
                format!("{} ({}) decides", meta.code, meta.name)
            }
            [meta] => format!("`{text}` is {}, which decides", meta.code),
            _ => format!(
                "`{text}` names {}, which decide",
                named
                    .iter()
                    .map(|meta| meta.code)
                    .collect::<Vec<_>>()
                    .join(" and ")
            ),
        };
        Err(self.error(
            span,
            format!(
                "{what} whether a file could be read at all: it always runs, at error, and cannot be named in `{place}`; remove this entry"
            ),
        ))
    }

    /// `[severity]`: code or name = error | warning | info | off.
    fn severity(&self, value: &Spanned<DeValue<'_>>) -> Result<SeverityOverrides, ConfigError> {
        let DeValue::Table(table) = value.get_ref() else {
            return Err(self.error(
                value.span(),
                format!(
                    "`severity` must be a table: a `[severity]` line, then lines such as `SW020 = \"warning\"`, not {}",
                    kind(value.get_ref())
                ),
            ));
        };
        let mut entries: Vec<_> = table.iter().collect();
        entries.sort_by_key(|(key, _)| key.span().start);
        // Rule code → the key that set it, so naming a rule twice points at both.
        let mut set_by: HashMap<&'static str, (String, u32)> = HashMap::new();
        let mut overrides = Vec::new();
        for (key, level) in entries {
            let name = key.get_ref().as_ref();
            let selector = self.selector("[severity]", name, key.span())?;
            if !selector.is_exact() {
                return Err(self.error(
                    key.span(),
                    format!(
                        "`{name}` is a family prefix: `[severity]` takes a rule code or name; to turn a whole family off, add `\"{name}\"` to `ignore`"
                    ),
                ));
            }
            self.refuse_input_safety(&selector, name, "[severity]", key.span())?;
            let severity = self.level(name, level)?;
            let (line, _) = line_column(self.text, key.span().start);
            for meta in registry::metas().filter(|meta| selector.matches(meta)) {
                if let Some((earlier, earlier_line)) = set_by.get(meta.code) {
                    return Err(self.error(
                        key.span(),
                        format!(
                            "{} ({}) is already set by `{earlier}` on line {earlier_line}: keep one entry",
                            meta.code, meta.name
                        ),
                    ));
                }
                set_by.insert(meta.code, (name.to_owned(), line));
                overrides.push((meta.code, severity));
            }
        }
        Ok(SeverityOverrides::new(overrides))
    }

    fn level(
        &self,
        key: &str,
        value: &Spanned<DeValue<'_>>,
    ) -> Result<Option<Severity>, ConfigError> {
        const EXPECTED: &str = "`\"error\"`, `\"warning\"`, `\"info\"` or `\"off\"`";
        let text = self.string(key, value, EXPECTED)?;
        match text {
            "error" => Ok(Some(Severity::Error)),
            "warning" => Ok(Some(Severity::Warning)),
            "info" => Ok(Some(Severity::Info)),
            "off" => Ok(None),
            _ => Err(self.error(
                value.span(),
                format!("`{key}` is `{text}`: write {EXPECTED}"),
            )),
        }
    }
}

/// What a TOML value is, for messages.
fn kind(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "a number",
        DeValue::Float(_) => "a number",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// 1-based line and column (Unicode scalar values) of a byte offset.
fn line_column(text: &str, offset: usize) -> (u32, u32) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.bytes().filter(|b| *b == b'\n').count() + 1;
    let column = before[line_start..].chars().count() + 1;
    (
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(column).unwrap_or(u32::MAX),
    )
}

/// Where configuration comes from (`--config FILE`, `--no-config`, or discovery).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum ConfigSource {
    /// Each package's nearest pcpkg.toml.
    #[default]
    Discover,
    /// `--config FILE`: this file for every package.
    File(PathBuf),
    /// `--no-config`.
    None,
}

/// Finds each package's pcpkg.toml, reading and parsing every file once: a batch of hundreds of
/// connectors under one repository checks each folder on the way up once, not once per package.
#[derive(Debug)]
pub struct Configs {
    source: ConfigSource,
    /// The canonical working directory: files below it are shown relative to it.
    cwd: PathBuf,
    /// `--config FILE`, parsed up front.
    file: Option<Arc<Config>>,
    /// Folder (canonical) → the nearest pcpkg.toml at or above it.
    by_folder: HashMap<PathBuf, Option<Arc<Config>>>,
}

impl Configs {
    /// Reads `--config FILE` at once (a missing or bad file is exit 2 before any package).
    pub fn new(source: ConfigSource, cwd: &Path) -> Result<Configs, Error> {
        let canonical_cwd = fs::canonicalize(cwd).unwrap_or_else(|_| cwd.to_path_buf());
        let mut configs = Configs {
            source,
            cwd: canonical_cwd,
            file: None,
            by_folder: HashMap::new(),
        };
        if let ConfigSource::File(given) = &configs.source {
            let path = cwd.join(given);
            let shown = given.display().to_string();
            let config = read_config(&path, given, &shown)?;
            configs.file = Some(Arc::new(config));
        }
        Ok(configs)
    }

    /// The configuration of the package at `path` (a folder, or a zip or file whose folder is
    /// searched); `None` when there is none.
    pub fn for_package(&mut self, path: &Path) -> Result<Option<Arc<Config>>, Error> {
        match &self.source {
            ConfigSource::None => Ok(None),
            ConfigSource::File(_) => Ok(self.file.clone()),
            ConfigSource::Discover => {
                let folder = if path.is_dir() {
                    path.to_path_buf()
                } else {
                    match path.parent() {
                        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
                        _ => PathBuf::from("."),
                    }
                };
                let folder = fs::canonicalize(&folder).unwrap_or(folder);
                self.discover(&folder)
            }
        }
    }

    /// [`Configs::for_package`] for a package whose canonical path is already known (a batch
    /// works it out once for its root rather than once per package); `is_folder` says whether
    /// the package is that folder or a file inside its parent.
    pub fn for_canonical_package(
        &mut self,
        canonical: &Path,
        is_folder: bool,
    ) -> Result<Option<Arc<Config>>, Error> {
        match &self.source {
            ConfigSource::None => Ok(None),
            ConfigSource::File(_) => Ok(self.file.clone()),
            ConfigSource::Discover => {
                let folder = if is_folder {
                    canonical
                } else {
                    canonical.parent().unwrap_or(canonical)
                };
                self.discover(folder)
            }
        }
    }

    /// Walks up from `start`, checking each folder for pcpkg.toml and stopping after the first
    /// one that holds `.git`, or at the root.
    fn discover(&mut self, start: &Path) -> Result<Option<Arc<Config>>, Error> {
        let mut visited: Vec<&Path> = Vec::new();
        let mut current = Some(start);
        let found = loop {
            let Some(folder) = current else {
                break None;
            };
            if let Some(cached) = self.by_folder.get(folder) {
                break cached.clone();
            }
            visited.push(folder);
            let candidate = folder.join(CONFIG_FILE);
            match fs::metadata(&candidate) {
                Ok(meta) if meta.is_file() => {
                    let shown = self.shown(&candidate);
                    break Some(Arc::new(read_config(
                        &candidate,
                        Path::new(&shown),
                        &shown,
                    )?));
                }
                Ok(_) => {}
                Err(e)
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                    ) => {}
                Err(e) => return Err(Error::io(&candidate, e)),
            }
            // `.git` is a folder in a clone and a file in a worktree or submodule.
            if fs::symlink_metadata(folder.join(".git")).is_ok() {
                break None;
            }
            current = folder.parent();
        };
        for folder in visited {
            self.by_folder.insert(folder.to_path_buf(), found.clone());
        }
        Ok(found)
    }

    /// A file below the working directory relative to it, with `/`; others in full.
    fn shown(&self, path: &Path) -> String {
        match path.strip_prefix(&self.cwd) {
            Ok(rel) => rel
                .components()
                .filter_map(|c| match c {
                    Component::Normal(name) => Some(name.to_string_lossy().into_owned()),
                    _ => None,
                })
                .collect::<Vec<_>>()
                .join("/"),
            Err(_) => path.display().to_string(),
        }
    }
}

/// Reads and parses one pcpkg.toml. `given` is the path as the user would recognise it.
fn read_config(path: &Path, given: &Path, shown: &str) -> Result<Config, Error> {
    let file = fs::File::open(path).map_err(|e| Error::io(given, e))?;
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        return Err(Error::Usage(format!(
            "`{shown}` is a folder: --config takes a pcpkg.toml file"
        )));
    }
    let mut bytes = Vec::new();
    file.take(CONFIG_LIMIT + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::io(given, e))?;
    if bytes.len() as u64 > CONFIG_LIMIT {
        return Err(Error::Config(ConfigError {
            file: shown.to_owned(),
            line: 1,
            column: 1,
            message: format!(
                "the file is larger than {CONFIG_LIMIT} bytes: a pcpkg.toml holds a few settings"
            ),
        }));
    }
    let text = match std::str::from_utf8(&bytes) {
        Ok(text) => text,
        Err(e) => {
            let valid = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
            let valid = valid.strip_prefix('\u{feff}').unwrap_or(valid);
            let (line, column) = line_column(valid, valid.len());
            return Err(Error::Config(ConfigError {
                file: shown.to_owned(),
                line,
                column,
                message: "the file is not UTF-8 text: save it as UTF-8".to_owned(),
            }));
        }
    };
    Config::parse(text, shown).map_err(Error::Config)
}

/// What the command line said; `None` where it said nothing, so pcpkg.toml can fill it in.
#[derive(Clone, Debug, Default)]
pub struct CommandLine {
    /// `--profile` other than `auto`.
    pub profile: Option<Profile>,
    /// `--strict` (`Some(true)`) or `--no-strict` (`Some(false)`).
    pub strict: Option<bool>,
    pub fail_on: Option<FailOn>,
    pub select: Option<Vec<Selector>>,
    pub ignore: Option<Vec<Selector>>,
}

/// One package's settings: the command line over its pcpkg.toml over the defaults.
#[derive(Clone, Debug, Default)]
pub struct PackageSettings {
    /// `None`: from the package's path, else certified (cli.md "Profiles", steps 3 and 4).
    pub profile: Option<Profile>,
    pub rules: RuleSettings,
    /// `[severity]`.
    pub severity: SeverityOverrides,
    pub fail_on: FailOn,
}

impl CommandLine {
    /// cli.md "Precedence": the command line wins; `--select` and `--ignore` replace the file's
    /// lists rather than merge with them; `[severity]` has no flag.
    #[must_use]
    pub fn resolve(&self, config: Option<&Config>) -> PackageSettings {
        PackageSettings {
            profile: self.profile.or(config.and_then(|c| c.profile)),
            rules: RuleSettings {
                strict: self
                    .strict
                    .or(config.and_then(|c| c.strict))
                    .unwrap_or(false),
                select: self
                    .select
                    .clone()
                    .or_else(|| config.and_then(|c| c.select.clone())),
                ignore: self
                    .ignore
                    .clone()
                    .or_else(|| config.and_then(|c| c.ignore.clone()))
                    .unwrap_or_default(),
            },
            severity: config.map(|c| c.severity.clone()).unwrap_or_default(),
            fail_on: self
                .fail_on
                .or(config.and_then(|c| c.fail_on))
                .unwrap_or_default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, "pcpkg.toml")
    }

    fn error(text: &str) -> String {
        parse(text).expect_err("an error").to_string()
    }

    #[test]
    fn every_key_parses() {
        let config = parse(
            "profile = \"custom\"\nstrict = true\nfail-on = \"warning\"\nselect = [\"SW\", \"AP\"]\nignore = [\"RM004\", \"title-max-30\"]\n[severity]\nSW020 = \"warning\"\nduplicate-keys = \"off\"\n",
        )
        .unwrap();
        assert_eq!(config.profile, Some(Profile::Custom));
        assert_eq!(config.strict, Some(true));
        assert_eq!(config.fail_on, Some(FailOn::Warning));
        assert_eq!(
            config.select,
            Some(vec![
                Selector::parse("SW").unwrap(),
                Selector::parse("AP").unwrap()
            ])
        );
        assert_eq!(
            config.ignore,
            Some(vec![
                Selector::Code("RM004"),
                Selector::parse("title-max-30").unwrap()
            ])
        );
        // A name shared by two families sets both rules (rules.md §1.3).
        assert_eq!(
            config.severity.iter().collect::<Vec<_>>(),
            vec![
                ("AP003", None),
                ("SW005", None),
                ("SW020", Some(Severity::Warning))
            ]
        );
    }

    #[test]
    fn an_empty_file_and_auto_set_nothing() {
        assert_eq!(
            parse("").unwrap(),
            Config {
                shown: "pcpkg.toml".to_owned(),
                ..Config::default()
            }
        );
        assert_eq!(parse("profile = \"auto\"\n").unwrap().profile, None);
        // A BOM is not part of the first line's columns.
        assert_eq!(
            error("\u{feff}profle = 1\n"),
            "pcpkg.toml:1:1: unknown key `profle`: the keys are `profile`, `strict`, `fail-on`, `select`, `ignore` and the `[severity]` table"
        );
    }

    #[test]
    fn unknown_keys_point_at_the_key() {
        assert_eq!(
            error("strict = true\n  fail_on = \"error\"\n"),
            "pcpkg.toml:2:3: unknown key `fail_on`: did you mean `fail-on`?"
        );
        // The first mistake in the file is reported, whatever the keys' order.
        assert!(error("zzz = 1\naaa = 2\n").starts_with("pcpkg.toml:1:1: unknown key `zzz`"));
    }

    #[test]
    fn bad_values_point_at_the_value() {
        assert_eq!(
            error("profile = \"verified\"\n"),
            "pcpkg.toml:1:11: `profile` is `verified`: write `\"certified\"`, `\"independent-publisher\"`, `\"custom\"` or `\"auto\"`"
        );
        assert_eq!(
            error("strict = \"yes\"\n"),
            "pcpkg.toml:1:10: `strict` must be `true` or `false` (no quotes), not a string"
        );
        assert_eq!(
            error("fail-on = \"warnings\"\n"),
            "pcpkg.toml:1:11: `fail-on` is `warnings`: write `\"error\"`, `\"warning\"`, `\"info\"` or `\"never\"`"
        );
        assert_eq!(
            error("fail-on = 1\n"),
            "pcpkg.toml:1:11: `fail-on` must be a string, not a number: write `\"error\"`, `\"warning\"`, `\"info\"` or `\"never\"`"
        );
        assert!(
            error("select = \"SW\"\n").starts_with("pcpkg.toml:1:10: `select` must be an array")
        );
        assert!(
            error("ignore = [\"SW020\", 3]\n")
                .starts_with("pcpkg.toml:1:20: `ignore` holds a number")
        );
        assert!(
            error("severity = \"off\"\n")
                .starts_with("pcpkg.toml:1:12: `severity` must be a table")
        );
        assert_eq!(
            error("[severity]\nSW020 = \"warn\"\n"),
            "pcpkg.toml:2:9: `SW020` is `warn`: write `\"error\"`, `\"warning\"`, `\"info\"` or `\"off\"`"
        );
    }

    #[test]
    fn codes_names_and_prefixes_must_match_a_rule() {
        assert_eq!(
            error("select = [\"SW\",\n  \"SW9999\"]\n"),
            "pcpkg.toml:2:3: `SW9999` in `select` matches no rule: use a code (SW011), a name (title-max-30) or a family prefix (SW); `pcpkg rules` lists them"
        );
        assert!(
            error("ignore = [\"no-such-rule\"]\n")
                .starts_with("pcpkg.toml:1:11: `no-such-rule` in `ignore` matches no rule")
        );
        assert!(
            error("[severity]\n\"no-such-rule\" = \"off\"\n")
                .starts_with("pcpkg.toml:2:1: `no-such-rule` in `[severity]` matches no rule")
        );
        assert_eq!(
            error("[severity]\nRM = \"off\"\n"),
            "pcpkg.toml:2:1: `RM` is a family prefix: `[severity]` takes a rule code or name; to turn a whole family off, add `\"RM\"` to `ignore`"
        );
    }

    #[test]
    fn input_safety_rules_cannot_be_ignored_or_set() {
        assert_eq!(
            error("ignore = [\"RM004\", \"SW001\"]\n"),
            "pcpkg.toml:1:20: SW001 (json-syntax) decides whether a file could be read at all: it always runs, at error, and cannot be named in `ignore`; remove this entry"
        );
        assert!(
            error("ignore = [\"json-syntax\"]\n")
                .contains("`json-syntax` names AP001 and SW001, which decide whether")
        );
        for code in ["SW002", "AP001", "PK009", "PK014"] {
            let message = error(&format!("[severity]\n{code} = \"warning\"\n"));
            assert!(
                message.starts_with("pcpkg.toml:2:1: ")
                    && message.contains("cannot be named in `[severity]`"),
                "{message}"
            );
        }
        // A prefix leaves them out, so it is allowed; selecting them changes nothing.
        assert!(parse("ignore = [\"SW\", \"PK\"]\nselect = [\"SW001\"]\n").is_ok());
    }

    #[test]
    fn a_rule_set_twice_in_severity_is_an_error() {
        assert_eq!(
            error("[severity]\nSW005 = \"info\"\nduplicate-keys = \"off\"\n"),
            "pcpkg.toml:3:1: SW005 (duplicate-keys) is already set by `SW005` on line 2: keep one entry"
        );
    }

    #[test]
    fn toml_syntax_errors_have_a_position() {
        let message = error("strict = true\nprofile = \"custom\n");
        assert!(message.starts_with("pcpkg.toml:2:"), "{message}");
        assert!(
            message.ends_with("pcpkg.toml must be valid TOML"),
            "{message}"
        );
        let message = error("strict = true\nstrict = false\n");
        assert!(message.starts_with("pcpkg.toml:2:1: "), "{message}");
    }

    #[test]
    fn columns_count_characters() {
        assert_eq!(line_column("ab\ncé = 1", 6), (2, 3));
        assert_eq!(line_column("a\r\nb", 3), (2, 1));
        assert_eq!(line_column("", 0), (1, 1));
    }

    #[test]
    fn the_command_line_wins_and_replaces_lists() {
        let config = parse(
            "profile = \"custom\"\nstrict = true\nfail-on = \"warning\"\nselect = [\"SW\"]\nignore = [\"SW020\"]\n[severity]\nSW021 = \"error\"\n",
        )
        .unwrap();
        let from_file = CommandLine::default().resolve(Some(&config));
        assert_eq!(from_file.profile, Some(Profile::Custom));
        assert!(from_file.rules.strict);
        assert_eq!(from_file.fail_on, FailOn::Warning);
        assert_eq!(
            from_file.rules.select,
            Some(vec![Selector::parse("SW").unwrap()])
        );
        assert_eq!(from_file.rules.ignore, vec![Selector::Code("SW020")]);
        assert_eq!(from_file.severity.get("SW021"), Some(Some(Severity::Error)));

        let command_line = CommandLine {
            profile: Some(Profile::Certified),
            strict: Some(false),
            fail_on: Some(FailOn::Never),
            select: Some(vec![Selector::Code("AP010")]),
            ignore: Some(vec![]),
        };
        let resolved = command_line.resolve(Some(&config));
        assert_eq!(resolved.profile, Some(Profile::Certified));
        assert!(!resolved.rules.strict);
        assert_eq!(resolved.fail_on, FailOn::Never);
        assert_eq!(resolved.rules.select, Some(vec![Selector::Code("AP010")]));
        assert!(resolved.rules.ignore.is_empty());
        // `[severity]` has no flag: it stays.
        assert_eq!(resolved.severity.get("SW021"), Some(Some(Severity::Error)));

        let nothing = CommandLine::default().resolve(None);
        assert_eq!(nothing.profile, None);
        assert!(!nothing.rules.strict);
        assert_eq!(nothing.fail_on, FailOn::Error);
        assert!(nothing.severity.is_empty());
    }

    #[test]
    fn discovery_walks_up_and_stops_after_the_git_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("repo/.git")).unwrap();
        fs::create_dir_all(root.join("repo/connectors/A")).unwrap();
        fs::create_dir_all(root.join("repo/connectors/B")).unwrap();
        fs::create_dir_all(root.join("outside/C")).unwrap();
        fs::create_dir_all(root.join("repo2/.git")).unwrap();
        fs::create_dir_all(root.join("repo2/D")).unwrap();
        fs::write(root.join("pcpkg.toml"), "strict = true\n").unwrap();
        fs::write(root.join("repo/pcpkg.toml"), "fail-on = \"never\"\n").unwrap();
        fs::write(
            root.join("repo/connectors/B/pcpkg.toml"),
            "profile = \"custom\"\n",
        )
        .unwrap();

        let mut configs = Configs::new(ConfigSource::Discover, root).unwrap();
        let a = configs
            .for_package(&root.join("repo/connectors/A"))
            .unwrap()
            .unwrap();
        assert_eq!(a.fail_on, Some(FailOn::Never));
        assert_eq!(a.shown, "repo/pcpkg.toml");
        let b = configs
            .for_package(&root.join("repo/connectors/B"))
            .unwrap()
            .unwrap();
        assert_eq!(b.profile, Some(Profile::Custom));
        assert_eq!(b.fail_on, None, "the nearest file alone, not merged");
        // A zip's folder is searched.
        fs::write(root.join("repo/connectors/A/c.zip"), b"").unwrap();
        let zip = configs
            .for_package(&root.join("repo/connectors/A/c.zip"))
            .unwrap()
            .unwrap();
        assert!(Arc::ptr_eq(&zip, &a), "parsed once, shared");
        let c = configs
            .for_package(&root.join("outside/C"))
            .unwrap()
            .unwrap();
        assert_eq!(c.strict, Some(true));
        // The search stops after the folder holding `.git`: the file above it is not used.
        assert!(
            configs
                .for_package(&root.join("repo2/D"))
                .unwrap()
                .is_none()
        );

        let mut none = Configs::new(ConfigSource::None, root).unwrap();
        assert!(
            none.for_package(&root.join("repo/connectors/A"))
                .unwrap()
                .is_none()
        );
        let mut file = Configs::new(
            ConfigSource::File(PathBuf::from("repo/connectors/B/pcpkg.toml")),
            root,
        )
        .unwrap();
        let given = file.for_package(&root.join("repo2/D")).unwrap().unwrap();
        assert_eq!(given.profile, Some(Profile::Custom));
    }

    #[test]
    fn discovery_reports_a_bad_file_with_its_path() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join(".git")).unwrap();
        fs::create_dir_all(dir.path().join("A")).unwrap();
        fs::write(dir.path().join("pcpkg.toml"), "\n\nstrict = 1\n").unwrap();
        let mut configs = Configs::new(ConfigSource::Discover, dir.path()).unwrap();
        let error = configs.for_package(&dir.path().join("A")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "pcpkg.toml:3:10: `strict` must be `true` or `false` (no quotes), not a number"
        );
        fs::write(dir.path().join("pcpkg.toml"), b"strict = \"\xff\"\n").unwrap();
        let mut configs = Configs::new(ConfigSource::Discover, dir.path()).unwrap();
        assert_eq!(
            configs
                .for_package(&dir.path().join("A"))
                .unwrap_err()
                .to_string(),
            "pcpkg.toml:1:11: the file is not UTF-8 text: save it as UTF-8"
        );
        let missing =
            Configs::new(ConfigSource::File(PathBuf::from("nope.toml")), dir.path()).unwrap_err();
        assert_eq!(missing.to_string(), "`nope.toml` does not exist");
    }
}
