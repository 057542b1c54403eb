use crate::diagnostic::Target;
use crate::json::{Node, Pointer};
use crate::rules::levels::E;
use crate::rules::{Rule, RuleContext, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks that `apiDefinition.swagger.json` declares `"swagger": "2.0"`.
    ///
    /// ## Why is this bad?
    /// Power Platform connectors are defined in OpenAPI 2.0 (Swagger) only. The Swagger Validator
    /// rejects any other version (*SpecificationVersionIncorrect*), and an OpenAPI 3 document
    /// cannot be imported as a connector.
    ///
    /// ## Example
    /// ```json,fail
    /// { "openapi": "3.0.1", "info": { "title": "Contoso", "version": "1.0" }, "paths": {} }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// { "swagger": "2.0", "info": { "title": "Contoso", "version": "1.0" }, "paths": {} }
    /// ```
    ///
    /// ## Source
    /// Learn, *Fix Swagger Validator errors* (*SpecificationVersionIncorrect*).
    pub(crate) SwaggerVersion {
        code: "SW004",
        name: "swagger-2.0",
        family: SW,
        category: Schema,
        levels: [E, E, E],
        summary: "`swagger` is `\"2.0\"`",
    }
}

impl Rule for SwaggerVersion {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, root)) = cx.package().swagger() else {
            return;
        };
        if !root.is_object() {
            cx.report(
                file,
                Target::Value(Pointer::root()),
                format!("the swagger's root is {}, not an object", article(root)),
            )
            .help("the file must be one JSON object starting with `{ \"swagger\": \"2.0\", … }`");
            return;
        }
        match root.get("swagger") {
            Some(version) if version.as_str() == Some("2.0") => {}
            Some(version) => {
                cx.report(
                    file,
                    Target::value(&Pointer::root().child("swagger")),
                    format!("`swagger` is {}, not `\"2.0\"`", describe(version)),
                )
                .help("set `\"swagger\": \"2.0\"`: connectors are OpenAPI 2.0 documents");
            }
            None if root.get("openapi").is_some() => {
                cx.report(
                    file,
                    Target::key(&Pointer::root().child("openapi")),
                    "this is an OpenAPI 3 document; connectors must be Swagger 2.0",
                )
                .help("convert it to Swagger 2.0 (for example with `pcpkg new --from FILE`) and declare `\"swagger\": \"2.0\"`");
            }
            None => {
                cx.report(
                    file,
                    Target::missing(&Pointer::root(), "swagger"),
                    "the swagger has no `swagger` member",
                )
                .help("add `\"swagger\": \"2.0\"` at the top of the file");
            }
        }
    }
}

pub(crate) use crate::rules::helpers::article;

/// A short, quoted rendering of a scalar value for messages.
pub(crate) fn describe(node: &Node) -> String {
    match node.as_str() {
        Some(s) => format!("`\"{s}\"`"),
        None => article(node),
    }
}
