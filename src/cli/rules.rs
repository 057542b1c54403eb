//! `pcpkg rules [--format table|json]`

use clap::ValueEnum;
use serde_json::{Map, Value, json};

use super::explain::level_text;
use super::{CommonArgs, ExitStatus, Printer, write_report};
use crate::error::Error;
use crate::package::{Mode, Profile};
use crate::rules::modes::{self, ModePolicy};
use crate::rules::{Level, RuleMeta, registry};

#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    #[arg(long, value_enum, default_value_t = RulesFormat::Table)]
    pub format: RulesFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Table,
    Json,
}

pub(crate) fn run(
    args: &RulesArgs,
    common: &CommonArgs,
    printer: &mut Printer,
) -> Result<ExitStatus, Error> {
    let text = match args.format {
        RulesFormat::Table => table(common.profile.profile()),
        RulesFormat::Json => {
            let rules: Vec<Value> = registry::metas().map(rule_json).collect();
            let mut text =
                serde_json::to_string_pretty(&rules).map_err(|e| Error::Output(e.into()))?;
            text.push('\n');
            text
        }
    };
    write_report(ExitStatus::Success, || {
        printer.out().write_all(text.as_bytes())
    })
}

/// The rule list as a text table; `profile` limits the severity columns to one profile.
#[must_use]
pub fn table(profile: Option<Profile>) -> String {
    let profiles: Vec<Profile> = profile.map_or_else(|| Profile::ALL.to_vec(), |p| vec![p]);
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut header = vec![
        "CODE".to_owned(),
        "NAME".to_owned(),
        "CATEGORY".to_owned(),
        "STATUS".to_owned(),
    ];
    header.extend(profiles.iter().map(|p| p.as_str().to_uppercase()));
    header.push("SUMMARY".to_owned());
    rows.push(header);
    for meta in registry::metas() {
        let mut row = vec![
            meta.code.to_owned(),
            meta.name.to_owned(),
            meta.category.as_str().to_owned(),
            meta.status.as_str().to_owned(),
        ];
        for profile in &profiles {
            let cell = if modes::is_mode_dependent(meta) {
                "by mode"
            } else {
                level_text(meta.level(*profile))
            };
            row.push(cell.to_owned());
        }
        row.push(meta.summary.to_owned());
        rows.push(row);
    }
    let columns = rows[0].len();
    let widths: Vec<usize> = (0..columns)
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            if c + 1 == columns {
                line.push_str(cell);
            } else {
                line.push_str(&format!("{cell:<width$}  ", width = widths[c]));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn levels_json(levels: [Level; 3], strict: bool) -> Value {
    let mut map = Map::new();
    for profile in Profile::ALL {
        map.insert(
            profile.as_str().to_owned(),
            json!(levels[profile.index()].as_str(strict)),
        );
    }
    Value::Object(map)
}

/// One rule as `rules --format json` prints it (cli.md).
#[must_use]
pub fn rule_json(meta: &RuleMeta) -> Value {
    let mut object = json!({
        "code": meta.code,
        "name": meta.name,
        "family": meta.family.as_str(),
        "category": meta.category.as_str(),
        "status": meta.status.as_str(),
        "summary": meta.summary,
        "url": meta.url(),
        "severity": levels_json(meta.levels, false),
        "strict-severity": levels_json(meta.levels, true),
    });
    if modes::is_mode_dependent(meta) {
        let mut by_mode = Map::new();
        for mode in [Mode::Folder, Mode::Zip, Mode::PartnerCenter, Mode::File] {
            let levels = match modes::policy(meta, mode) {
                ModePolicy::Off => [Level::Off; 3],
                ModePolicy::Cell => meta.levels,
                ModePolicy::Levels(levels) => levels,
            };
            by_mode.insert(mode.as_str().to_owned(), levels_json(levels, false));
        }
        object["modes"] = Value::Object(by_mode);
    }
    object
}
