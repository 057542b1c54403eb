//! `pcpkg explain RULE`

use super::{ExitStatus, Printer, write_report};
use crate::error::Error;
use crate::package::Profile;
use crate::rules::registry;
use crate::rules::{Level, RuleMeta};

#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// A rule code (SW050) or name (operationid-required)
    pub rule: String,
}

pub(crate) fn run(args: &ExplainArgs, printer: &mut Printer) -> Result<ExitStatus, Error> {
    let metas: Vec<&RuleMeta> = match registry::by_code(args.rule.trim()) {
        Some(meta) => vec![meta],
        None => registry::by_name(args.rule.trim()),
    };
    if metas.is_empty() {
        return Err(Error::Usage(format!(
            "`{}` is not a rule code or name; run `pcpkg rules` to list them",
            args.rule
        )));
    }
    let text = metas
        .iter()
        .map(|meta| explain(meta))
        .collect::<Vec<_>>()
        .join("\n");
    write_report(ExitStatus::Success, || {
        printer.out().write_all(text.as_bytes())
    })
}

/// The documentation of one rule: a header with its metadata, then its doc comment.
#[must_use]
pub fn explain(meta: &RuleMeta) -> String {
    let mut out = format!("# {} {}\n\n{}\n\n", meta.code, meta.name, meta.summary);
    out.push_str(&format!(
        "- Category: {}\n- Status: {}\n",
        meta.category.as_str(),
        meta.status.as_str()
    ));
    for profile in Profile::ALL {
        out.push_str(&format!(
            "- {}: {}\n",
            profile.as_str(),
            level_text(meta.level(profile))
        ));
    }
    if crate::rules::modes::is_mode_dependent(meta) {
        out.push_str("- The severity depends on the input mode (folder, zip, Partner Center).\n");
    }
    out.push('\n');
    for line in meta.docs.lines() {
        out.push_str(line.strip_prefix(' ').unwrap_or(line));
        out.push('\n');
    }
    out
}

/// A level as `pcpkg rules` and `explain` show it.
#[must_use]
pub fn level_text(level: Level) -> &'static str {
    match level {
        Level::Error => "error",
        Level::WarningStrict => "warning (error with --strict)",
        Level::Warning => "warning",
        Level::Info => "info",
        Level::Off => "off",
    }
}
