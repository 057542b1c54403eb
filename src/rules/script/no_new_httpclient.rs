use super::{range, script};
use crate::rules::levels::{I, W};
use crate::rules::{Rule, RuleContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Flags `new HttpClient(…)` (also written `new System.Net.Http.HttpClient(…)` or with an
    /// object initializer `new HttpClient { … }`) in `script.csx`, comments and strings excepted.
    ///
    /// ## Why is this bad?
    /// Custom code must send requests through `this.Context.SendAsync`, which applies the
    /// connector's policies and the platform's limits. Microsoft warns it will block scripts that
    /// create their own `HttpClient`, and each new client can exhaust sockets.
    ///
    /// ## Example
    /// ```csharp
    /// var client = new HttpClient();
    /// var response = await client.SendAsync(request);
    /// ```
    /// Use instead:
    /// ```csharp
    /// var response = await this.Context.SendAsync(request, this.CancellationToken);
    /// ```
    ///
    /// ## Source
    /// Learn, *Write code in a custom connector* (FAQ: creating an `HttpClient` is not supported
    /// and "we'll block this in the future").
    pub(crate) NoNewHttpclient {
        code: "SC007",
        name: "no-new-httpclient",
        family: SC,
        category: Security,
        levels: [W, W, I],
        summary: "no `new HttpClient(`",
    }
}

impl Rule for NoNewHttpclient {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((id, script)) = script(cx) else {
            return;
        };
        let code = &script.code;
        let tokens = &script.tokens;
        for (i, token) in tokens.iter().enumerate() {
            if !token.is(code, "new") {
                continue;
            }
            // `new [global::][System.Net.Http.]HttpClient` followed by `(` or `{`.
            let mut j = i + 1;
            if tokens.get(j).is_some_and(|t| t.is(code, "global"))
                && tokens.get(j + 1).is_some_and(|t| t.is_punct(b':'))
                && tokens.get(j + 2).is_some_and(|t| t.is_punct(b':'))
            {
                j += 3;
            }
            for part in ["System", "Net", "Http"] {
                if tokens.get(j).is_some_and(|t| t.is(code, part))
                    && tokens.get(j + 1).is_some_and(|t| t.is_punct(b'.'))
                {
                    j += 2;
                }
            }
            let Some(name) = tokens.get(j).filter(|t| t.is(code, "HttpClient")) else {
                continue;
            };
            if !tokens
                .get(j + 1)
                .is_some_and(|t| t.is_punct(b'(') || t.is_punct(b'{'))
            {
                continue;
            }
            cx.report(
                id,
                range(token.start, name.end),
                "the script creates its own `HttpClient`",
            )
            .help("send requests with `await this.Context.SendAsync(request, this.CancellationToken)`");
        }
    }
}
