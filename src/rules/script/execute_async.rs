use super::{Method, script};
use crate::diagnostic::Target;
use crate::rules::levels::E;
use crate::rules::{Rule, RuleContext, declare_rule};

/// The return types accepted, white space removed.
const RETURN_TYPES: [&str; 4] = [
    "Task<HttpResponseMessage>",
    "System.Threading.Tasks.Task<HttpResponseMessage>",
    "Task<System.Net.Http.HttpResponseMessage>",
    "System.Threading.Tasks.Task<System.Net.Http.HttpResponseMessage>",
];

declare_rule! {
    /// ## What it does
    /// Checks, after comments and strings are removed, that the script declares
    /// `ExecuteAsync` as the platform calls it: the modifiers `public` and `override` in any
    /// order (`async` optional, nothing else), the return type `Task<HttpResponseMessage>`
    /// (white space around `<` and `>` allowed, optionally qualified as
    /// `System.Threading.Tasks.Task` and `System.Net.Http.HttpResponseMessage`), and no
    /// parameters. When several methods are named `ExecuteAsync`, one such declaration is
    /// enough.
    ///
    /// ## Why is this bad?
    /// The platform calls `ExecuteAsync()` on the script class for every request of a script
    /// operation. A method with another signature does not override `ScriptBase`'s, so the
    /// script does not compile or is never called.
    ///
    /// ## Example
    /// ```csharp
    /// public class Script : ScriptBase
    /// {
    ///     public async Task<HttpResponseMessage> ExecuteAsync(HttpRequestMessage request) { … }
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
    /// Learn, *Write code in a custom connector* (the `ExecuteAsync` method of the `Script`
    /// class).
    pub(crate) ExecuteAsync {
        code: "SC004",
        name: "execute-async",
        family: SC,
        category: Schema,
        levels: [E, E, E],
        summary: "`ExecuteAsync` has the signature the platform calls",
    }
}

const HELP: &str = "declare `public override async Task<HttpResponseMessage> ExecuteAsync()` in the `Script` class";

impl Rule for ExecuteAsync {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((id, script)) = script(cx) else {
            return;
        };
        let methods = script.execute_async_methods();
        if methods.is_empty() {
            let class = script.classes().into_iter().find(|c| c.derives_script_base);
            let target = class.map_or(Target::File, |c| Target::Range(c.name_range));
            cx.report(id, target, "the script declares no `ExecuteAsync` method")
                .help(HELP);
            return;
        }
        let problems: Vec<(&Method, Vec<String>)> =
            methods.iter().map(|m| (m, problems(m))).collect();
        if problems.iter().any(|(_, p)| p.is_empty()) {
            return;
        }
        for (method, problems) in problems {
            cx.report(
                id,
                Target::Range(method.name),
                format!("`ExecuteAsync` {}", problems.join("; ")),
            )
            .help(HELP);
        }
    }
}

/// What is wrong with one declaration, as message parts.
fn problems(method: &Method) -> Vec<String> {
    let mut out = Vec::new();
    let has = |word: &str| method.modifiers.iter().any(|m| m == word);
    let missing: Vec<&str> = ["public", "override"]
        .into_iter()
        .filter(|w| !has(w))
        .collect();
    if !missing.is_empty() {
        let list = missing
            .iter()
            .map(|m| format!("`{m}`"))
            .collect::<Vec<_>>()
            .join(" and ");
        out.push(format!("is not declared {list}"));
    }
    let extra: Vec<String> = method
        .modifiers
        .iter()
        .filter(|m| !["public", "override", "async"].contains(&m.as_str()))
        .map(|m| format!("`{m}`"))
        .collect();
    if !extra.is_empty() {
        out.push(format!(
            "has the modifier{} {}",
            if extra.len() == 1 { "" } else { "s" },
            extra.join(", ")
        ));
    }
    if !RETURN_TYPES.contains(&method.return_type.as_str()) {
        out.push(format!(
            "returns `{}`, not `Task<HttpResponseMessage>`",
            method.return_type
        ));
    }
    if method.has_parameters {
        out.push("takes parameters; it must take none".to_owned());
    }
    out
}
