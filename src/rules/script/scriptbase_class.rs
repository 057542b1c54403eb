use super::script;
use crate::diagnostic::Target;
use crate::rules::levels::E;
use crate::rules::{Rule, RuleContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks that `script.csx` declares a class deriving from `ScriptBase` (comments and
    /// strings are ignored).
    ///
    /// ## Why is this bad?
    /// The platform runs custom code by instantiating the script class, which must derive from
    /// `ScriptBase` to receive the request context and be called through `ExecuteAsync`. Without
    /// it, saving the connector fails.
    ///
    /// ## Example
    /// ```csharp
    /// public class Script
    /// {
    ///     public async Task<HttpResponseMessage> ExecuteAsync() { … }
    /// }
    /// ```
    /// Use instead:
    /// ```csharp
    /// public class Script : ScriptBase
    /// {
    ///     public override async Task<HttpResponseMessage> ExecuteAsync() { … }
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Write code in a custom connector* ("The class must be named Script and derive
    /// from ScriptBase").
    pub(crate) ScriptbaseClass {
        code: "SC002",
        name: "scriptbase-class",
        family: SC,
        category: Schema,
        levels: [E, E, E],
        summary: "a class derives from `ScriptBase`",
    }
}

impl Rule for ScriptbaseClass {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((id, script)) = script(cx) else {
            return;
        };
        let classes = script.classes();
        if classes.iter().any(|c| c.derives_script_base) {
            return;
        }
        let help = "declare `public class Script : ScriptBase` with a `public override async Task<HttpResponseMessage> ExecuteAsync()` method";
        match classes
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case("Script"))
        {
            Some(class) => {
                cx.report(
                    id,
                    Target::Range(class.name_range),
                    format!("class `{}` does not derive from `ScriptBase`", class.name),
                )
                .help(help);
            }
            None => {
                cx.report(
                    id,
                    Target::File,
                    "the script has no class deriving from `ScriptBase`",
                )
                .help(help);
            }
        }
    }
}
