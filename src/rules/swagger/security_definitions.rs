//! SW110: security definitions are complete, and every security requirement names one.

use foldhash::HashSet;

use crate::diagnostic::Target;
use crate::json::{Node, Pointer};
use crate::package::FileId;
use crate::rules::levels::{W, WS};
use crate::rules::swagger::keyword_holders::render;
use crate::rules::{Rule, RuleContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks each entry of `securityDefinitions`: its `type` is `basic`, `apiKey` or
    /// `oauth2`; an `apiKey` definition has a `name` and an `in` of `header` or `query`; an
    /// `oauth2` definition has a `flow` and the URLs that flow needs (`implicit`:
    /// `authorizationUrl`; `password` and `application`: `tokenUrl`; `accessCode`: both).
    /// Also checks that every name used in a `security` requirement, at the root or on an
    /// operation, is defined in `securityDefinitions`.
    ///
    /// ## Why is this bad?
    /// The platform builds the connection's sign-in from these definitions. An incomplete
    /// definition cannot be used (*SecuritySchemePropertyRequired*,
    /// *SecuritySchemePropertyNotValid*), and a requirement naming no definition is rejected
    /// (*SecurityRequirementMustBeDefined*).
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {},
    ///   "securityDefinitions": {
    ///     "api_key": { "type": "apiKey", "name": "X-API-Key" }
    ///   },
    ///   "security": [{ "apiKey": [] }]
    /// }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// {
    ///   "swagger": "2.0",
    ///   "info": { "title": "Contoso", "version": "1.0" },
    ///   "paths": {},
    ///   "securityDefinitions": {
    ///     "api_key": { "type": "apiKey", "name": "X-API-Key", "in": "header" }
    ///   },
    ///   "security": [{ "api_key": [] }]
    /// }
    /// ```
    ///
    /// ## Source
    /// Learn, *Fix Swagger Validator errors* (SVR: *SecuritySchemePropertyRequired*,
    /// *SecuritySchemePropertyNotValid*, *SecurityRequirementMustBeDefined*); the Swagger 2.0
    /// specification (Security Scheme Object).
    pub(crate) SecurityDefinitions {
        code: "SW110",
        name: "security-definitions",
        family: SW,
        category: Certification,
        levels: [WS, WS, W],
        summary: "security definitions are complete and every `security` requirement names one",
    }
}

impl Rule for SecurityDefinitions {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, view)) = cx.swagger() else {
            return;
        };
        let root = view.root();
        let definitions = root.get("securityDefinitions").filter(|d| d.is_object());
        let base = Pointer::root().child("securityDefinitions");
        for member in definitions.map(Node::members).unwrap_or_default() {
            if member.value.is_object() {
                check_definition(
                    cx,
                    file,
                    &member.key,
                    &base.child(&member.key),
                    &member.value,
                );
            }
        }
        let names: HashSet<&str> = definitions
            .map(Node::members)
            .unwrap_or_default()
            .iter()
            .map(|m| m.key.as_str())
            .collect();
        let defined = |name: &str| names.contains(name);
        let mut lists: Vec<(Pointer, &Node)> = Vec::new();
        if let Some(security) = root.get("security") {
            lists.push((Pointer::root().child("security"), security));
        }
        for op in view.operations() {
            if let Some(security) = op.node.get("security") {
                lists.push((op.pointer.child("security"), security));
            }
        }
        for (pointer, list) in lists {
            for (index, requirement) in list.items().iter().enumerate() {
                let requirement_pointer = pointer.child_index(index);
                for member in requirement.members() {
                    if defined(&member.key) {
                        continue;
                    }
                    cx.report(
                        file,
                        Target::key(&requirement_pointer.child(&member.key)),
                        format!(
                            "security requirement `{}` is not defined in `securityDefinitions`",
                            member.key
                        ),
                    )
                    .help(match definitions.map(Node::members).unwrap_or_default() {
                        [] => "add the definition under `securityDefinitions`, or remove this requirement".to_owned(),
                        names => {
                            let mut shown: Vec<String> =
                                names.iter().take(5).map(|m| format!("`{}`", m.key)).collect();
                            if names.len() > 5 {
                                shown.push("…".to_owned());
                            }
                            format!(
                                "use a name defined in `securityDefinitions` ({}), or add the definition",
                                shown.join(", ")
                            )
                        }
                    });
                }
            }
        }
    }
}

fn check_definition(
    cx: &mut RuleContext<'_>,
    file: FileId,
    name: &str,
    pointer: &Pointer,
    definition: &Node,
) {
    let Some(kind) = definition.get("type") else {
        cx.report(
            file,
            Target::missing(pointer, "type"),
            format!("security definition `{name}` has no `type`"),
        )
        .help("set `type` to `basic`, `apiKey` or `oauth2`");
        return;
    };
    match kind.as_str() {
        Some("basic") => {}
        Some("apiKey") => {
            require_string(
                cx,
                file,
                name,
                pointer,
                definition,
                "name",
                "apiKey",
                "the name of the header or query parameter that carries the key",
            );
            match definition.get("in") {
                None => {
                    cx.report(
                        file,
                        Target::missing(pointer, "in"),
                        format!("apiKey security definition `{name}` has no `in`"),
                    )
                    .help("set `in` to `header` or `query`: where the key is sent");
                }
                Some(location) if !matches!(location.as_str(), Some("header" | "query")) => {
                    cx.report(
                        file,
                        Target::value(&pointer.child("in")),
                        format!("`in` {} of apiKey security definition `{name}` is not `header` or `query`", render(location)),
                    )
                    .help("set `in` to `header` or `query`");
                }
                Some(_) => {}
            }
        }
        Some("oauth2") => {
            let Some(flow) = definition.get("flow") else {
                cx.report(
                    file,
                    Target::missing(pointer, "flow"),
                    format!("oauth2 security definition `{name}` has no `flow`"),
                )
                .help("set `flow` to `accessCode`, `implicit`, `password` or `application`");
                return;
            };
            let (urls, needs): (&[&str], &str) = match flow.as_str() {
                Some("implicit") => (&["authorizationUrl"], "an `authorizationUrl`"),
                Some("password" | "application") => (&["tokenUrl"], "a `tokenUrl`"),
                Some("accessCode") => (
                    &["authorizationUrl", "tokenUrl"],
                    "both `authorizationUrl` and `tokenUrl`",
                ),
                _ => {
                    cx.report(
                        file,
                        Target::value(&pointer.child("flow")),
                        format!("`flow` {} of oauth2 security definition `{name}` is not a Swagger 2.0 flow", render(flow)),
                    )
                    .help("set `flow` to `accessCode`, `implicit`, `password` or `application`");
                    return;
                }
            };
            let flow_name = flow.as_str().unwrap_or_default();
            let what = format!("the `{flow_name}` flow needs {needs}");
            for url in urls {
                require_string(cx, file, name, pointer, definition, url, "oauth2", &what);
            }
        }
        _ => {
            cx.report(
                file,
                Target::value(&pointer.child("type")),
                format!("`type` {} of security definition `{name}` is not `basic`, `apiKey` or `oauth2`", render(kind)),
            )
            .help("set `type` to `basic`, `apiKey` or `oauth2`");
        }
    }
}

/// Reports a member that is absent or not a non-empty string.
#[allow(clippy::too_many_arguments)]
fn require_string(
    cx: &mut RuleContext<'_>,
    file: FileId,
    name: &str,
    pointer: &Pointer,
    definition: &Node,
    key: &str,
    kind: &str,
    what: &str,
) {
    match definition.get(key) {
        None => {
            cx.report(
                file,
                Target::missing(pointer, key),
                format!("{kind} security definition `{name}` has no `{key}`"),
            )
            .help(format!("add `{key}`: {what}"));
        }
        Some(value) if value.as_str().is_none_or(|s| s.trim().is_empty()) => {
            cx.report(
                file,
                Target::value(&pointer.child(key)),
                format!(
                    "`{key}` of {kind} security definition `{name}` is {}, not a non-empty string",
                    render(value)
                ),
            )
            .help(format!("make `{key}` a non-empty string: {what}"));
        }
        Some(_) => {}
    }
}
