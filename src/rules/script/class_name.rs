use super::script;
use crate::diagnostic::Target;
use crate::rules::levels::W;
use crate::rules::{Rule, RuleContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks that the class deriving from `ScriptBase` is named exactly `Script` (the name is
    /// case-sensitive).
    ///
    /// ## Why is this bad?
    /// The documentation says the class name must be `Script`. Two deployed independent-publisher
    /// connectors declare `class script`, so the platform seems to tolerate other names today;
    /// that is why this is a warning, not an error.
    ///
    /// ## Example
    /// ```csharp
    /// public class script : ScriptBase { … }
    /// ```
    /// Use instead:
    /// ```csharp
    /// public class Script : ScriptBase { … }
    /// ```
    ///
    /// ## Source
    /// Learn, *Write code in a custom connector* ("class name must be Script").
    pub(crate) ClassName {
        code: "SC003",
        name: "class-name",
        family: SC,
        category: Certification,
        levels: [W, W, W],
        summary: "the `ScriptBase` class is named `Script`",
    }
}

impl Rule for ClassName {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((id, script)) = script(cx) else {
            return;
        };
        let classes = script.classes();
        let derived: Vec<_> = classes.iter().filter(|c| c.derives_script_base).collect();
        if derived.is_empty() || derived.iter().any(|c| c.name == "Script") {
            return;
        }
        for class in derived {
            let message = if class.name.eq_ignore_ascii_case("Script") {
                format!(
                    "the class deriving from `ScriptBase` is named `{}`, not `Script` (the name is case-sensitive)",
                    class.name
                )
            } else {
                format!(
                    "the class deriving from `ScriptBase` is named `{}`, not `Script`",
                    class.name
                )
            };
            cx.report(id, Target::Range(class.name_range), message)
                .help("rename the class to `Script`");
        }
    }
}
