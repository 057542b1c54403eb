use super::csharp::Token;
use super::{range, script};
use crate::rules::levels::I;
use crate::rules::{Rule, RuleContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags blocking calls in `script.csx`, comments and strings excepted: `Thread.Sleep`,
    /// `.Result` and `.Wait()`. Each occurrence is reported. A member named `Result` that is
    /// called (`.Result(…)`) or assigned (`.Result = …`) is not a task's result and is skipped.
    ///
    /// ## Why is this bad?
    /// Custom code has a short time limit per request: 5 seconds in the 2022–23 documentation
    /// and the training module (a 2-minute figure is also quoted, not verified). Sleeping or
    /// blocking on a task spends that time doing nothing and can deadlock; `await` does not.
    ///
    /// ## Example
    /// ```csharp
    /// var body = this.Context.Request.Content.ReadAsStringAsync().Result;
    /// Thread.Sleep(2000);
    /// ```
    /// Use instead:
    /// ```csharp
    /// var body = await this.Context.Request.Content.ReadAsStringAsync();
    /// await Task.Delay(2000);
    /// ```
    ///
    /// ## Source
    /// Learn, *Write code in a custom connector* (execution time limit), and the
    /// blank-connector walkthrough.
    pub(crate) BlockingCalls {
        code: "SC008",
        name: "blocking-calls",
        family: SC,
        category: Style,
        levels: [I, I, I],
        summary: "no `Thread.Sleep`, `.Result` or `.Wait()`",
    }
}

impl Rule for BlockingCalls {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((id, script)) = script(cx) else {
            return;
        };
        let code = &script.code;
        let tokens = &script.tokens;
        let at = |i: usize| tokens.get(i);
        for (i, token) in tokens.iter().enumerate() {
            if token.is(code, "Thread")
                && at(i + 1).is_some_and(|t| t.is_punct(b'.'))
                && let Some(sleep) = at(i + 2).filter(|t| t.is(code, "Sleep"))
            {
                cx.report(
                    id,
                    range(token.start, sleep.end),
                    "`Thread.Sleep` blocks the request",
                )
                .help(
                    "wait with `await Task.Delay(…)`, and keep within the custom-code time limit",
                );
            } else if token.is_punct(b'.')
                && let Some(result) = at(i + 1).filter(|t| t.is(code, "Result"))
                && !at(i + 2).is_some_and(|t| t.is_punct(b'('))
                && !is_assignment(at(i + 2), at(i + 3))
            {
                cx.report(
                    id,
                    range(token.start, result.end),
                    "`.Result` blocks until the task finishes",
                )
                .help("`await` the task instead");
            } else if token.is_punct(b'.')
                && at(i + 1).is_some_and(|t| t.is(code, "Wait"))
                && at(i + 2).is_some_and(|t| t.is_punct(b'('))
                && let Some(close) = at(i + 3).filter(|t| t.is_punct(b')'))
            {
                cx.report(
                    id,
                    range(token.start, close.end),
                    "`.Wait()` blocks until the task finishes",
                )
                .help("`await` the task instead");
            }
        }
    }
}

/// `= …` but not `== …`: a member being assigned, not read.
fn is_assignment(first: Option<&Token>, second: Option<&Token>) -> bool {
    first.is_some_and(|t| t.is_punct(b'=')) && !second.is_some_and(|t| t.is_punct(b'='))
}
