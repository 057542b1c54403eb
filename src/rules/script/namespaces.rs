use super::{ALLOWED_NAMESPACES, Segment, UsingKind, range, script};
use crate::rules::levels::{E, W};
use crate::rules::{Rule, RuleContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks every using directive of `script.csx` against the namespaces custom code may use.
    /// Directives are `using N;`, `using static N.T;` and `using A = N.T;` at file or namespace
    /// level, before the first type declaration; for `using static` and aliases the namespace is
    /// the name without its last segment (an alias of an allowed namespace itself is fine).
    /// `using (…)` and `using var …` statements are not directives.
    ///
    /// The allowed namespaces: `System`, `System.Collections`, `System.Collections.Generic`,
    /// `System.Diagnostics`, `System.IO`, `System.IO.Compression`, `System.Linq`, `System.Net`,
    /// `System.Net.Http`, `System.Net.Http.Headers`, `System.Net.Security`,
    /// `System.Security.Authentication`, `System.Security.Cryptography`, `System.Text`,
    /// `System.Text.RegularExpressions`, `System.Threading`, `System.Threading.Tasks`,
    /// `System.Web`, `System.Xml`, `System.Xml.Linq`, `System.Drawing`,
    /// `System.Drawing.Drawing2D`, `System.Drawing.Imaging`, `Microsoft.Extensions.Logging`,
    /// `Newtonsoft.Json`, `Newtonsoft.Json.Linq`.
    ///
    /// ## Why is this bad?
    /// Custom code is compiled against a fixed set of assemblies; a directive naming any other
    /// namespace makes the script fail to compile when the connector is saved.
    ///
    /// ## Example
    /// ```csharp
    /// using System.Data.SqlClient;
    /// ```
    /// Use instead: only the supported namespaces, for example:
    /// ```csharp
    /// using System.Net.Http;
    /// using Newtonsoft.Json.Linq;
    /// ```
    ///
    /// ## Source
    /// Learn, *Write code in a custom connector* ("Supported namespaces").
    pub(crate) Namespaces {
        code: "SC005",
        name: "namespaces",
        family: SC,
        category: Certification,
        levels: [E, E, W],
        summary: "using directives name only supported namespaces",
    }
}

impl Rule for Namespaces {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((id, script)) = script(cx) else {
            return;
        };
        for using in script.usings() {
            let Some(namespace) = namespace_of(using.kind, &using.segments) else {
                continue;
            };
            let name = join(namespace);
            if ALLOWED_NAMESPACES.contains(&name.as_str()) {
                continue;
            }
            let (Some(first), Some(last)) = (namespace.first(), namespace.last()) else {
                continue;
            };
            cx.report(
                id,
                range(first.start, last.end),
                format!("namespace `{name}` is not supported in custom code"),
            )
            .help("remove this directive and the code that needs it: custom code can use only the namespaces `pcpkg explain SC005` lists");
        }
    }
}

/// The segments naming the namespace a directive imports from, or `None` when it is allowed
/// as written (an alias of an allowed namespace).
fn namespace_of(kind: UsingKind, segments: &[Segment]) -> Option<&[Segment]> {
    match kind {
        UsingKind::Namespace => Some(segments),
        UsingKind::Static | UsingKind::Alias => {
            if kind == UsingKind::Alias && ALLOWED_NAMESPACES.contains(&join(segments).as_str()) {
                return None;
            }
            match segments.split_last() {
                Some((_, [])) | None => Some(segments),
                Some((_, namespace)) => Some(namespace),
            }
        }
    }
}

fn join(segments: &[Segment]) -> String {
    segments
        .iter()
        .map(|s| s.text.as_str())
        .collect::<Vec<_>>()
        .join(".")
}
