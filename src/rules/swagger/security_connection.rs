//! SW111, SW112: the swagger's `securityDefinitions` agree with apiProperties.json's connection
//! parameters. Both read apiProperties.json and report in the swagger, at `securityDefinitions`
//! (rules.md §1.4); they report nothing when apiProperties.json is absent or did not parse.

use crate::diagnostic::Target;
use crate::json::{Member, Node, Pointer};
use crate::rules::levels::{I, W};
use crate::rules::{Rule, RuleContext, declare_rule};

/// One connection parameter of apiProperties.json: in `connectionParameters`, or in a
/// parameter set's `parameters`.
struct ConnectionParameter<'a> {
    name: &'a str,
    kind: Option<&'a str>,
}

/// The `properties` object of a cleanly parsed apiProperties.json (AP004 reports other shapes).
fn properties<'a>(cx: &RuleContext<'a>) -> Option<&'a Node> {
    let (_, root) = cx.package().properties()?;
    root.get("properties").filter(|node| node.is_object())
}

fn connection_parameters(properties: &Node) -> Vec<ConnectionParameter<'_>> {
    let mut maps: Vec<&Node> = properties.get("connectionParameters").into_iter().collect();
    if let Some(sets) = properties.get("connectionParameterSets") {
        for set in sets.get("values").map(Node::items).unwrap_or_default() {
            maps.extend(set.get("parameters"));
        }
    }
    maps.into_iter()
        .flat_map(Node::members)
        .filter(|member| member.value.is_object())
        .map(|member| ConnectionParameter {
            name: &member.key,
            kind: member.value.get("type").and_then(Node::as_str),
        })
        .collect()
}

/// The swagger's security definitions that are objects, with their `type`.
fn definitions(root: &Node) -> Vec<(&Member, Option<&str>)> {
    root.get("securityDefinitions")
        .map(Node::members)
        .unwrap_or_default()
        .iter()
        .filter(|member| member.value.is_object())
        .map(|member| (member, member.value.get("type").and_then(Node::as_str)))
        .collect()
}

fn definitions_pointer() -> Pointer {
    Pointer::root().child("securityDefinitions")
}

declare_rule! {
    /// ## What it does
    /// Checks that the swagger has at most one entry in `securityDefinitions`, unless
    /// apiProperties.json declares `connectionParameterSets` (multiple authentication types).
    /// Runs only when apiProperties.json is present and parses; the finding is reported in the
    /// swagger, at `securityDefinitions`.
    ///
    /// ## Why is this bad?
    /// A connection authenticates one way. Without connection parameter sets, the platform
    /// uses a single security definition and ignores the others, so extra definitions
    /// describe sign-ins that never happen. To offer several authentication types, declare
    /// one parameter set per type in apiProperties.json.
    ///
    /// ## Example
    /// ```json
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {},
    ///   "securityDefinitions": {
    ///     "api_key": { "type": "apiKey", "name": "X-API-Key", "in": "header" },
    ///     "basic_auth": { "type": "basic" }
    ///   }
    /// }
    /// ```
    /// with this apiProperties.json, which has no `connectionParameterSets`:
    /// ```json
    /// { "properties": { "connectionParameters": { "api_key": { "type": "securestring" } } } }
    /// ```
    /// Use instead (or declare one parameter set per definition):
    /// ```json,pass
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {},
    ///   "securityDefinitions": {
    ///     "api_key": { "type": "apiKey", "name": "X-API-Key", "in": "header" }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Inferred from the corpus and Learn, *Multiple authentication types* (multi-auth
    /// connectors declare `connectionParameterSets`).
    pub(crate) SingleSecurityDefinition {
        code: "SW111",
        name: "single-security-definition",
        family: SW,
        category: Certification,
        levels: [W, W, I],
        summary: "more than one security definition only with `connectionParameterSets`",
    }
}

impl Rule for SingleSecurityDefinition {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        if cx.package().properties().is_none() {
            return;
        }
        let count = view
            .root()
            .get("securityDefinitions")
            .map_or(0, |d| d.members().len());
        let has_sets = properties(cx).is_some_and(|p| p.get("connectionParameterSets").is_some());
        if count > 1 && !has_sets {
            let sets_file = cx.package().properties_file_name("connectionParameterSets");
            cx.report(
                file,
                Target::key(&definitions_pointer()),
                format!("`securityDefinitions` has {count} entries, but {sets_file} declares no `connectionParameterSets`"),
            )
            .help(format!("keep the one security definition the connection uses, or declare one `connectionParameterSets` entry per authentication type in {sets_file}"));
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Checks that the swagger's security definitions match apiProperties.json's connection
    /// parameters (including those of `connectionParameterSets`):
    /// - an `oauth2` definition exists exactly when a connection parameter has
    ///   `type: oauthSetting`;
    /// - a `basic` definition comes with connection parameters named `username` and `password`;
    /// - an `apiKey` definition comes with a `securestring` connection parameter.
    ///
    /// Runs only when apiProperties.json is present and parses; findings are reported in the
    /// swagger, at `securityDefinitions`.
    ///
    /// ## Why is this bad?
    /// The security definition says how requests are authenticated; the connection parameters
    /// say what the user is asked for when creating a connection. When they disagree, the
    /// connection asks for nothing the requests use (or the reverse), and the connector cannot
    /// sign in. `paconn download` and the custom-connector wizard always write both halves.
    ///
    /// ## Example
    /// ```json
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {},
    ///   "securityDefinitions": { "basic_auth": { "type": "basic" } }
    /// }
    /// ```
    /// with this apiProperties.json, which asks for an API key, not a user name and password:
    /// ```json
    /// { "properties": { "connectionParameters": { "api_key": { "type": "securestring" } } } }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {},
    ///   "securityDefinitions": {
    ///     "api_key": { "type": "apiKey", "name": "X-API-Key", "in": "header" }
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// Inferred from `paconn download` output and the custom-connector wizard (tools/paconn-cli
    /// in PowerPlatformConnectors); Learn, *Connection parameters*.
    pub(crate) SecurityVsConnection {
        code: "SW112",
        name: "security-vs-connection",
        family: SW,
        category: Certification,
        levels: [W, W, I],
        summary: "security definitions match apiProperties.json's connection parameters",
    }
}

impl Rule for SecurityVsConnection {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        if cx.package().properties().is_none() {
            return;
        }
        let parameters = properties(cx)
            .map(connection_parameters)
            .unwrap_or_default();
        let of_type = |kind: &str| {
            parameters
                .iter()
                .find(|p| p.kind.is_some_and(|k| k.eq_ignore_ascii_case(kind)))
        };
        let named = |name: &str| parameters.iter().any(|p| p.name == name);
        let in_file = cx.package().properties_file_name("connectionParameters");
        let root = view.root();
        let definitions = definitions(root);
        let base = definitions_pointer();
        for (member, kind) in &definitions {
            let pointer = base.child(&member.key);
            let name = &member.key;
            match *kind {
                Some("oauth2") if of_type("oauthSetting").is_none() => {
                    cx.report(
                        file,
                        Target::key(&pointer),
                        format!("oauth2 security definition `{name}` has no `oauthSetting` connection parameter in {in_file}"),
                    )
                    .help("add a connection parameter (usually `token`) with `\"type\": \"oauthSetting\"` and its `oAuthSettings`, or remove this definition");
                }
                Some("basic") => {
                    let missing: Vec<&str> = ["username", "password"]
                        .into_iter()
                        .filter(|n| !named(n))
                        .collect();
                    if !missing.is_empty() {
                        let list = missing
                            .iter()
                            .map(|n| format!("`{n}`"))
                            .collect::<Vec<_>>()
                            .join(" and ");
                        cx.report(
                            file,
                            Target::key(&pointer),
                            format!("basic security definition `{name}` has no {list} connection parameter in {in_file}"),
                        )
                        .help(format!("declare the connection parameters `username` (`string` or `securestring`) and `password` (`securestring`) in {in_file}"));
                    }
                }
                Some("apiKey") if of_type("securestring").is_none() => {
                    cx.report(
                        file,
                        Target::key(&pointer),
                        format!("apiKey security definition `{name}` has no `securestring` connection parameter in {in_file}"),
                    )
                    .help(format!("declare the key as a connection parameter with `\"type\": \"securestring\"` (usually `api_key`) in {in_file}"));
                }
                _ => {}
            }
        }
        if let Some(oauth) = of_type("oauthSetting")
            && !definitions.iter().any(|(_, kind)| *kind == Some("oauth2"))
        {
            let target = if root.get("securityDefinitions").is_some() {
                Target::key(&base)
            } else {
                Target::missing(&Pointer::root(), "securityDefinitions")
            };
            cx.report(
                file,
                target,
                format!("{in_file} has the `oauthSetting` connection parameter `{}`, but no security definition is `oauth2`", oauth.name),
            )
            .help("add an `oauth2` entry to `securityDefinitions` (the one `paconn download` writes, with `flow`, `authorizationUrl`, `tokenUrl` and `scopes`)");
        }
    }
}
