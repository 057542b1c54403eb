use super::script;
use crate::diagnostic::Target;
use crate::package::{Artifact, EntryKind};
use crate::rules::levels::E;
use crate::rules::{Rule, RuleContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks that a connector has one script file and one `Script` class: no other `*.csx` or
    /// `*.cs` file anywhere in the package, and no second declaration of a class named `Script`
    /// (the parts of a `partial` class count as one).
    ///
    /// PK003 also names misnamed script files at the package root; this rule says that the
    /// platform would see only one script. macOS metadata (`__MACOSX/…`, `._*`) is left to
    /// PK007.
    ///
    /// ## Why is this bad?
    /// A connector carries exactly one script, `script.csx`, with one `Script` class: other C#
    /// files are never uploaded or compiled, and two `Script` classes do not compile.
    ///
    /// ## Example
    /// A connector folder holding `script.csx` and `helpers.cs`, or:
    /// ```csharp
    /// public class Script : ScriptBase { … }
    /// public class Script : ScriptBase { … }
    /// ```
    /// Use instead: one `script.csx` with one `Script` class; helpers go in the same file as
    /// other classes or methods.
    ///
    /// ## Source
    /// Learn training, *Build the script class* (one script file, one `Script` class).
    pub(crate) SingleScript {
        code: "SC006",
        name: "single-script",
        family: SC,
        category: Packaging,
        levels: [E, E, E],
        summary: "one script file with one `Script` class",
    }
}

impl Rule for SingleScript {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some(script_id) = cx.package().artifact(Artifact::Script) else {
            return;
        };
        let package = cx.package();
        let script_name = package.file(script_id).name.clone();
        let others: Vec<String> = package
            .inventory
            .iter()
            .filter(|e| e.kind == EntryKind::File && e.name != script_name)
            .filter(|e| {
                let lower = e.name.to_ascii_lowercase();
                (lower.ends_with(".csx") || lower.ends_with(".cs")) && !is_metadata(&e.name)
            })
            .map(|e| e.name.clone())
            .collect();
        let base = package
            .wrapping_folder
            .as_ref()
            .map(|f| format!("{f}/"))
            .unwrap_or_default();
        for name in others {
            let shown = name.strip_prefix(base.as_str()).unwrap_or(&name);
            cx.report_path(
                package.display_path(&name),
                format!("`{shown}` is another script file; a connector has one, `script.csx`"),
            )
            .help("move the code you need into `script.csx` and remove this file");
        }
        let Some((id, script)) = script(cx) else {
            return;
        };
        let classes: Vec<_> = script
            .classes()
            .into_iter()
            .filter(|c| c.name == "Script")
            .collect();
        if classes.len() < 2 || classes.iter().all(|c| c.partial) {
            return;
        }
        let first_line = script.line_of(classes[0].name_range.start as usize);
        for class in &classes[1..] {
            cx.report(
                id,
                Target::Range(class.name_range),
                format!("class `Script` is declared again (first on line {first_line})"),
            )
            .help("keep one `Script` class: merge the two, or rename the other one");
        }
    }
}

/// macOS metadata that zips carry next to real files (`__MACOSX/…`, `._script.csx`): not a
/// script, and PK007 reports it as junk.
fn is_metadata(name: &str) -> bool {
    name.split('/')
        .any(|part| part == "__MACOSX" || part.starts_with("._"))
}
