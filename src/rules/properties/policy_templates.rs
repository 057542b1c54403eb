//! AP050–AP052: `policyTemplateInstances`.

use crate::diagnostic::Target;
use crate::json::{Node, Pointer};
use crate::package::FileId;
use crate::rules::helpers::expect_array;
use crate::rules::levels::{E, W};
use crate::rules::{Rule, RuleContext, declare_rule};

use super::common::{article, closest, describe, operation_ids, properties, properties_pointer};

const PARAMETER: &str = "x-ms-apimTemplateParameter.";
const OPERATION_NAME: &str = "x-ms-apimTemplate-operationName";
const POLICY_SECTION: &str = "x-ms-apimTemplate-policySection";

/// Which `x-ms-apimTemplate-policySection` values a template accepts.
#[derive(Clone, Copy)]
enum Section {
    None,
    RequestResponse,
    WithFailure,
}

/// A policy template of rules.md §4; parameter names drop the `x-ms-apimTemplateParameter.`
/// prefix; `enums` lists the parameters with a fixed set of values.
struct Template {
    spellings: &'static [&'static str],
    required: &'static [&'static str],
    optional: &'static [&'static str],
    section: Section,
    enums: &'static [(&'static str, &'static [&'static str])],
}

impl Template {
    fn id(&self) -> &'static str {
        self.spellings[0]
    }

    fn knows(&self, name: &str) -> bool {
        self.required.contains(&name) || self.optional.contains(&name)
    }

    /// Every parameter key the template accepts, prefixed.
    fn keys(&self) -> Vec<String> {
        let mut keys = vec![OPERATION_NAME.to_owned()];
        if !matches!(self.section, Section::None) {
            keys.push(POLICY_SECTION.to_owned());
        }
        keys.extend(
            self.required
                .iter()
                .chain(self.optional)
                .map(|name| format!("{PARAMETER}{name}")),
        );
        keys
    }
}

const EXISTS_ACTION: (&str, &[&str]) = ("existsAction", &["override", "skip", "append"]);

const TEMPLATES: &[Template] = &[
    Template {
        spellings: &["convertarraytoobject", "ConvertArrayToObject"],
        required: &[
            "propertyParentPath",
            "keyWithinCollectionPath",
            "newPropertyPath",
        ],
        optional: &["propertySubPath", "retainKey"],
        section: Section::RequestResponse,
        enums: &[("retainKey", &["true", "false"])],
    },
    Template {
        spellings: &["convertobjecttoarray", "ConvertObjectToArray"],
        required: &["propertyParentPath", "newPropertyPath"],
        optional: &["propertySubPath", "keyName", "valueName"],
        section: Section::RequestResponse,
        enums: &[],
    },
    Template {
        spellings: &["dynamichosturl", "DynamicHostUrl", "dynamicHostUrl"],
        required: &["urlTemplate"],
        optional: &[],
        section: Section::None,
        enums: &[],
    },
    Template {
        spellings: &["encodepropertyvalue", "EncodePropertyValue"],
        required: &["propertyParentPath", "newPropertyPath"],
        optional: &["propertySubPath"],
        section: Section::RequestResponse,
        enums: &[],
    },
    Template {
        spellings: &["pollingtrigger", "PollingTrigger"],
        required: &["triggerConfig", "triggerDataPath"],
        optional: &[],
        section: Section::None,
        enums: &[],
    },
    Template {
        spellings: &["routerequesttoendpoint", "RouteRequestToEndpoint"],
        required: &["newPath"],
        optional: &["httpMethod"],
        section: Section::None,
        enums: &[(
            "httpMethod",
            &[
                "GET",
                "POST",
                "PUT",
                "PATCH",
                "DELETE",
                "OPTIONS",
                "HEAD",
                "@Request.OriginalHTTPMethod",
            ],
        )],
    },
    Template {
        spellings: &["setheader", "SetHeader", "setHeader"],
        required: &["name", "value"],
        optional: &["existsAction"],
        section: Section::WithFailure,
        enums: &[EXISTS_ACTION],
    },
    Template {
        spellings: &["setproperty", "SetProperty"],
        required: &[
            "newPropertyParentPathTemplate",
            "newPropertySubPathTemplate",
            "propertyValuePathTemplate",
        ],
        optional: &[],
        section: Section::RequestResponse,
        enums: &[],
    },
    Template {
        spellings: &[
            "setqueryparameter",
            "SetQueryParameter",
            "setQueryParameter",
        ],
        required: &["name", "value"],
        optional: &["existsAction"],
        section: Section::None,
        enums: &[EXISTS_ACTION],
    },
    Template {
        spellings: &["setvaluefromurl", "SetValueFromUrl"],
        required: &[
            "parameterTemplate",
            "parameterValueUrl",
            "parameterValuePathTemplate",
        ],
        optional: &["httpMethod"],
        section: Section::RequestResponse,
        enums: &[("httpMethod", &["GET", "POST", "PUT"])],
    },
    Template {
        spellings: &["stringreplace", "StringReplace"],
        required: &[
            "propertyParentPath",
            "sourceString",
            "replacementString",
            "newPropertyPath",
        ],
        optional: &["propertySubPath"],
        section: Section::RequestResponse,
        enums: &[],
    },
    Template {
        spellings: &["stringtoarray", "StringToArray"],
        required: &[
            "propertyParentPath",
            "delimiterList",
            "childPropertyName",
            "newPropertyPath",
        ],
        optional: &["propertySubPath"],
        section: Section::RequestResponse,
        enums: &[],
    },
    Template {
        spellings: &["updatenextlink"],
        required: &["nextLinkPropertyName"],
        optional: &["nextLinkParentPropertyPath"],
        section: Section::None,
        enums: &[],
    },
];

/// The template an id stands for, compared without case (AP050 reports the spelling).
fn template(id: &str) -> Option<&'static Template> {
    TEMPLATES.iter().find(|t| {
        t.spellings
            .iter()
            .any(|s| s.eq_ignore_ascii_case(id.trim()))
    })
}

/// One entry of `policyTemplateInstances`.
struct Instance<'a> {
    index: usize,
    pointer: Pointer,
    node: &'a Node,
}

impl<'a> Instance<'a> {
    fn template_id(&self) -> Option<&'a str> {
        self.node.get("templateId").and_then(Node::as_str)
    }

    /// `` `setheader` policy "Set the API key" `` or `` `setheader` policy 3 ``.
    fn label(&self, id: &str) -> String {
        match self.node.get("title").and_then(Node::as_str) {
            Some(title) if !title.trim().is_empty() => {
                format!("`{id}` policy \"{}\"", title.trim())
            }
            _ => format!("`{id}` policy `policyTemplateInstances[{}]`", self.index),
        }
    }
}

fn instances(properties: &Node) -> Vec<Instance<'_>> {
    let pointer = properties_pointer().child("policyTemplateInstances");
    properties
        .get("policyTemplateInstances")
        .map(Node::items)
        .unwrap_or_default()
        .iter()
        .enumerate()
        .filter(|(_, node)| node.is_object())
        .map(|(index, node)| Instance {
            index,
            pointer: pointer.child_index(index),
            node,
        })
        .collect()
}

declare_rule! {
    /// ## What it does
    /// Checks that each entry of `policyTemplateInstances` has a `templateId` naming a known
    /// policy template, in one of its accepted spellings (`setheader`, `SetHeader` or
    /// `setHeader`, for example): `convertarraytoobject`, `convertobjecttoarray`,
    /// `dynamichosturl`, `encodepropertyvalue`, `pollingtrigger`, `routerequesttoendpoint`,
    /// `setheader`, `setproperty`, `setqueryparameter`, `setvaluefromurl`, `stringreplace`,
    /// `stringtoarray` and `updatenextlink`.
    ///
    /// ## Why is this bad?
    /// Policies run inside the platform's gateway on every call. An unknown template id is not
    /// documented for custom connectors: Microsoft's own connectors use a few more, but a
    /// policy the platform does not offer cannot be deployed.
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "properties": {
    ///     "iconBrandColor": "#0f6cbd",
    ///     "capabilities": ["actions"],
    ///     "publisher": "Contoso Ltd",
    ///     "stackOwner": "Contoso Ltd",
    ///     "policyTemplateInstances": [
    ///       {
    ///         "templateId": "sethttpheader",
    ///         "title": "Client header",
    ///         "parameters": {
    ///           "x-ms-apimTemplateParameter.name": "X-Client",
    ///           "x-ms-apimTemplateParameter.value": "power-platform"
    ///         }
    ///       }
    ///     ]
    ///   }
    /// }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// {
    ///   "properties": {
    ///     "iconBrandColor": "#0f6cbd",
    ///     "capabilities": ["actions"],
    ///     "publisher": "Contoso Ltd",
    ///     "stackOwner": "Contoso Ltd",
    ///     "policyTemplateInstances": [
    ///       {
    ///         "templateId": "setheader",
    ///         "title": "Client header",
    ///         "parameters": {
    ///           "x-ms-apimTemplateParameter.name": "X-Client",
    ///           "x-ms-apimTemplateParameter.value": "power-platform"
    ///         }
    ///       }
    ///     ]
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// `schemas/paconn-apiProperties.schema.json` (`PolicyTemplateInstance` and its
    /// `templateId` enums); rules.md §4 (policy templates).
    pub(crate) PolicyTemplateId {
        code: "AP050",
        name: "policy-template-id",
        family: AP,
        category: Certification,
        levels: [W, W, W],
        summary: "policy `templateId`s are known templates in an accepted spelling",
    }
}

impl Rule for PolicyTemplateId {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, properties)) = properties(cx) else {
            return;
        };
        let Some(list) = properties.get("policyTemplateInstances") else {
            return;
        };
        let pointer = properties_pointer().child("policyTemplateInstances");
        let Some(items) = expect_array(
            cx,
            file,
            &pointer,
            list,
            "policyTemplateInstances",
            "write `\"policyTemplateInstances\": [ { \"templateId\": …, \"title\": …, \"parameters\": { … } } ]`",
        ) else {
            return;
        };
        for (index, item) in items.iter().enumerate() {
            let item_pointer = pointer.child_index(index);
            if !item.is_object() {
                cx.report(
                    file,
                    Target::value(&item_pointer),
                    format!("`policyTemplateInstances[{index}]` is {}, not an object", article(item)),
                )
                .help("write each policy as `{ \"templateId\": …, \"title\": …, \"parameters\": { … } }`");
                continue;
            }
            let Some(id_node) = item.get("templateId") else {
                cx.report(
                    file,
                    Target::missing(&item_pointer, "templateId"),
                    format!("`policyTemplateInstances[{index}]` has no `templateId`"),
                )
                .help("add the `templateId` of the policy template, such as `\"setheader\"`");
                continue;
            };
            let id_pointer = item_pointer.child("templateId");
            let Some(id) = id_node.as_str() else {
                cx.report(
                    file,
                    Target::value(&id_pointer),
                    format!(
                        "`templateId` of `policyTemplateInstances[{index}]` is {}, not a string",
                        article(id_node)
                    ),
                )
                .help("write the template's id as a string, such as `\"setheader\"`");
                continue;
            };
            match template(id) {
                Some(t) if t.spellings.contains(&id) => {}
                Some(t) => {
                    let spellings = t
                        .spellings
                        .iter()
                        .map(|s| format!("`{s}`"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    cx.report(
                        file,
                        Target::value(&id_pointer),
                        format!(
                            "policy template {} is not an accepted spelling of `{}`",
                            describe(id_node),
                            t.id()
                        ),
                    )
                    .help(format!("write one of {spellings}"));
                }
                None => {
                    let ids: Vec<&str> = TEMPLATES.iter().map(Template::id).collect();
                    let help = match closest(id, &ids) {
                        Some(known) => format!(
                            "use `{known}` if that is the template you meant; custom connectors can use only the documented policy templates"
                        ),
                        None => "use a documented policy template (`setheader`, `setqueryparameter`, `routerequesttoendpoint`, `dynamichosturl`, `setproperty`, …) or move the logic into `script.csx`".to_owned(),
                    };
                    cx.report(
                        file,
                        Target::value(&id_pointer),
                        format!("{} is not a known policy template", describe(id_node)),
                    )
                    .help(help);
                }
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Checks each policy's `parameters` against its template (rules.md §4): every required
    /// parameter is there, no parameter is unknown, and parameters with fixed values hold one
    /// of them (`existsAction`: `override`, `skip`, `append`; `x-ms-apimTemplate-policySection`:
    /// `Request`, `Response`, and for `setheader` also `Failure`; `httpMethod`; `retainKey`:
    /// `"true"`, `"false"`; a `pollingtrigger`'s `type`: `PollingTrigger`).
    /// `x-ms-apimTemplate-operationName` is an array of operationIds, and a `pollingtrigger`'s
    /// `triggerConfig` an object. Policies with an unknown `templateId` (AP050) are skipped.
    ///
    /// ## Why is this bad?
    /// The gateway builds the policy from these parameters: a missing one, or a value outside
    /// the template's choices, makes the connector fail to deploy or the policy misbehave on
    /// every call. Parameter names are easy to get wrong (`x-ms-apimTemplateParameter.` has
    /// a dot, `x-ms-apimTemplate-operationName` a dash).
    ///
    /// ## Example
    /// ```json,fail
    /// {
    ///   "properties": {
    ///     "iconBrandColor": "#0f6cbd",
    ///     "capabilities": ["actions"],
    ///     "publisher": "Contoso Ltd",
    ///     "stackOwner": "Contoso Ltd",
    ///     "policyTemplateInstances": [
    ///       {
    ///         "templateId": "setheader",
    ///         "title": "Client header",
    ///         "parameters": {
    ///           "x-ms-apimTemplateParameter.name": "X-Client",
    ///           "x-ms-apimTemplateParameter.existsAction": "replace"
    ///         }
    ///       }
    ///     ]
    ///   }
    /// }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// {
    ///   "properties": {
    ///     "iconBrandColor": "#0f6cbd",
    ///     "capabilities": ["actions"],
    ///     "publisher": "Contoso Ltd",
    ///     "stackOwner": "Contoso Ltd",
    ///     "policyTemplateInstances": [
    ///       {
    ///         "templateId": "setheader",
    ///         "title": "Client header",
    ///         "parameters": {
    ///           "x-ms-apimTemplateParameter.name": "X-Client",
    ///           "x-ms-apimTemplateParameter.value": "power-platform",
    ///           "x-ms-apimTemplateParameter.existsAction": "override",
    ///           "x-ms-apimTemplate-policySection": "Request"
    ///         }
    ///       }
    ///     ]
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// `schemas/paconn-apiProperties.schema.json` (one definition per template: `required`,
    /// `additionalProperties: false`, enums).
    pub(crate) PolicyTemplateParams {
        code: "AP051",
        name: "policy-template-params",
        family: AP,
        category: Certification,
        levels: [E, E, E],
        summary: "policy parameters match their template: required, known, allowed values",
    }
}

impl Rule for PolicyTemplateParams {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, properties)) = properties(cx) else {
            return;
        };
        for instance in instances(properties) {
            let Some(template) = instance.template_id().and_then(template) else {
                continue;
            };
            check_instance(cx, file, &instance, template);
        }
    }
}

fn check_instance(
    cx: &mut RuleContext<'_>,
    file: FileId,
    instance: &Instance<'_>,
    template: &Template,
) {
    let label = instance.label(template.id());
    if template.id() == "pollingtrigger"
        && let Some(kind) = instance.node.get("type")
        && kind.as_str() != Some("PollingTrigger")
    {
        cx.report(
            file,
            Target::value(&instance.pointer.child("type")),
            format!(
                "the `type` of {label} is {}, not `\"PollingTrigger\"`",
                describe(kind)
            ),
        )
        .help("write `\"type\": \"PollingTrigger\"`, or leave `type` out");
    }
    let required_keys: Vec<String> = template
        .required
        .iter()
        .map(|name| format!("{PARAMETER}{name}"))
        .collect();
    let Some(parameters) = instance.node.get("parameters") else {
        cx.report(
            file,
            Target::missing(&instance.pointer, "parameters"),
            format!("{label} has no `parameters`"),
        )
        .help(format!(
            "add `\"parameters\"` with {}",
            backticked(&required_keys)
        ));
        return;
    };
    let pointer = instance.pointer.child("parameters");
    if !parameters.is_object() {
        cx.report(
            file,
            Target::value(&pointer),
            format!(
                "the `parameters` of {label} are {}, not an object",
                article(parameters)
            ),
        )
        .help(format!(
            "write `\"parameters\": {{ … }}` with {}",
            backticked(&required_keys)
        ));
        return;
    }
    let missing: Vec<String> = required_keys
        .iter()
        .filter(|key| parameters.get(key).is_none())
        .cloned()
        .collect();
    if let Some(first) = missing.first() {
        cx.report(
            file,
            Target::missing(&pointer, first),
            format!("{label} is missing {}", backticked(&missing)),
        )
        .help(format!(
            "add {}: the `{}` template requires {}",
            backticked(&missing),
            template.id(),
            if missing.len() == 1 { "it" } else { "them" }
        ));
    }
    for member in parameters.members() {
        let key = member.key.as_str();
        let member_pointer = pointer.child(key);
        if key == OPERATION_NAME {
            check_operation_names(cx, file, &label, &member_pointer, &member.value);
        } else if key == POLICY_SECTION {
            let allowed: &[&str] = match template.section {
                Section::None => {
                    report_unknown(cx, file, &label, template, &member_pointer, key);
                    continue;
                }
                Section::RequestResponse => &["Request", "Response"],
                Section::WithFailure => &["Request", "Response", "Failure"],
            };
            check_enum(
                cx,
                file,
                &label,
                &member_pointer,
                key,
                &member.value,
                allowed,
            );
        } else if let Some(name) = key.strip_prefix(PARAMETER)
            && template.knows(name)
        {
            if let Some((_, allowed)) = template.enums.iter().find(|(n, _)| *n == name) {
                check_enum(
                    cx,
                    file,
                    &label,
                    &member_pointer,
                    key,
                    &member.value,
                    allowed,
                );
            }
            if name == "triggerConfig" && !member.value.is_object() {
                cx.report(
                    file,
                    Target::value(&member_pointer),
                    format!("`{key}` of {label} is {}, not an object", article(&member.value)),
                )
                .help("write the polling query as an object: `{ \"$filter\": \"…\", \"x-ms-triggerConfig-nextLink\": \"…\" }`");
            }
        } else {
            report_unknown(cx, file, &label, template, &member_pointer, key);
        }
    }
}

fn backticked(keys: &[String]) -> String {
    let quoted: Vec<String> = keys.iter().map(|key| format!("`{key}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

fn report_unknown(
    cx: &mut RuleContext<'_>,
    file: FileId,
    label: &str,
    template: &Template,
    pointer: &Pointer,
    key: &str,
) {
    let keys = template.keys();
    let refs: Vec<&str> = keys.iter().map(String::as_str).collect();
    let help = match suggest_key(key, &refs) {
        Some(known) => format!("rename it to `{known}`, or remove it"),
        None => format!(
            "remove it: the `{}` template takes {}",
            template.id(),
            backticked(&keys)
        ),
    };
    cx.report(
        file,
        Target::key(pointer),
        format!("{label} has `{key}`, which its template does not take"),
    )
    .help(help);
}

/// The accepted key a wrong one most likely meant: a case variant, a missing or misspelt
/// prefix, or a near miss.
fn suggest_key<'k>(key: &str, known: &[&'k str]) -> Option<&'k str> {
    if let Some(k) = known.iter().find(|k| k.eq_ignore_ascii_case(key)) {
        return Some(k);
    }
    let bare = key
        .rsplit(['.', '-'])
        .next()
        .unwrap_or(key)
        .to_ascii_lowercase();
    if let Some(k) = known.iter().find(|k| {
        k.rsplit(['.', '-'])
            .next()
            .is_some_and(|name| name.eq_ignore_ascii_case(&bare))
    }) {
        return Some(k);
    }
    closest(key, known)
}

fn check_enum(
    cx: &mut RuleContext<'_>,
    file: FileId,
    label: &str,
    pointer: &Pointer,
    key: &str,
    value: &Node,
    allowed: &[&str],
) {
    if value.as_str().is_some_and(|v| allowed.contains(&v)) {
        return;
    }
    let choices = allowed
        .iter()
        .map(|a| format!("`{a}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let help = match value
        .as_str()
        .and_then(|v| allowed.iter().find(|a| a.eq_ignore_ascii_case(v.trim())))
    {
        Some(known) => format!("write `\"{known}\"`: the values are case-sensitive"),
        None => format!("use one of {choices}"),
    };
    cx.report(
        file,
        Target::value(pointer),
        format!(
            "`{key}` of {label} is {}, not one of {choices}",
            describe(value)
        ),
    )
    .help(help);
}

fn check_operation_names(
    cx: &mut RuleContext<'_>,
    file: FileId,
    label: &str,
    pointer: &Pointer,
    value: &Node,
) {
    let Some(items) = value.as_array() else {
        let example = value
            .as_str()
            .map_or_else(|| "\"ListInvoices\"".to_owned(), |s| format!("\"{s}\""));
        cx.report(
            file,
            Target::value(pointer),
            format!(
                "`{OPERATION_NAME}` of {label} is {}, not an array",
                article(value)
            ),
        )
        .help(format!("write the operationIds as an array: `[{example}]`"));
        return;
    };
    for (index, item) in items.iter().enumerate() {
        if !item.is_string() {
            cx.report(
                file,
                Target::value(&pointer.child_index(index)),
                format!(
                    "an entry of `{OPERATION_NAME}` of {label} is {}, not an operationId",
                    article(item)
                ),
            )
            .help("list operationIds as strings");
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Checks that every entry of a policy's `x-ms-apimTemplate-operationName` is the
    /// `operationId` of an operation in `apiDefinition.swagger.json`. Reported in
    /// `apiProperties.json`; skipped when the swagger is absent or does not parse.
    ///
    /// ## Why is this bad?
    /// The list says which operations the policy applies to. A name that matches no operation
    /// (often an operation renamed in the swagger but not here) makes the policy silently
    /// skip the operation it was written for.
    ///
    /// ## Example
    /// With a swagger whose only operation is `ListInvoices`:
    /// ```json
    /// {
    ///   "properties": {
    ///     "iconBrandColor": "#0f6cbd",
    ///     "capabilities": ["actions"],
    ///     "publisher": "Contoso Ltd",
    ///     "stackOwner": "Contoso Ltd",
    ///     "policyTemplateInstances": [
    ///       {
    ///         "templateId": "setheader",
    ///         "title": "Client header",
    ///         "parameters": {
    ///           "x-ms-apimTemplate-operationName": ["GetInvoices"],
    ///           "x-ms-apimTemplateParameter.name": "X-Client",
    ///           "x-ms-apimTemplateParameter.value": "power-platform"
    ///         }
    ///       }
    ///     ]
    ///   }
    /// }
    /// ```
    /// Use instead:
    /// ```json,pass
    /// {
    ///   "properties": {
    ///     "iconBrandColor": "#0f6cbd",
    ///     "capabilities": ["actions"],
    ///     "publisher": "Contoso Ltd",
    ///     "stackOwner": "Contoso Ltd",
    ///     "policyTemplateInstances": [
    ///       {
    ///         "templateId": "setheader",
    ///         "title": "Client header",
    ///         "parameters": {
    ///           "x-ms-apimTemplate-operationName": ["ListInvoices"],
    ///           "x-ms-apimTemplateParameter.name": "X-Client",
    ///           "x-ms-apimTemplateParameter.value": "power-platform"
    ///         }
    ///       }
    ///     ]
    ///   }
    /// }
    /// ```
    ///
    /// ## Source
    /// `schemas/paconn-apiProperties.schema.json` (`x-ms-apimTemplate-operationName`);
    /// rules.md §1.4 (cross-file findings).
    pub(crate) PolicyTemplateOperations {
        code: "AP052",
        name: "policy-template-operations",
        family: AP,
        category: Certification,
        levels: [E, E, W],
        summary: "policies name only operationIds the swagger defines",
    }
}

impl Rule for PolicyTemplateOperations {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let Some((file, properties)) = properties(cx) else {
            return;
        };
        let Some(ids) = operation_ids(cx) else {
            return;
        };
        let known: Vec<&str> = ids.iter().copied().collect();
        for instance in instances(properties) {
            let Some(names) = instance
                .node
                .get("parameters")
                .and_then(|p| p.get(OPERATION_NAME))
            else {
                continue;
            };
            let id = instance.template_id().unwrap_or("?");
            let label = instance.label(template(id).map_or(id, |t| t.id()));
            let pointer = instance.pointer.child("parameters").child(OPERATION_NAME);
            for (index, name) in names.items().iter().enumerate() {
                let Some(name) = name.as_str() else {
                    continue;
                };
                if ids.contains(name) {
                    continue;
                }
                let help = match closest(name, &known) {
                    Some(near) => format!(
                        "use `{near}` if that is the operation you meant: entries must match an `operationId` exactly"
                    ),
                    None => "use an `operationId` of the swagger, or remove the entry".to_owned(),
                };
                cx.report(
                    file,
                    Target::value(&pointer.child_index(index)),
                    format!("{label} names operation `{name}`, which the swagger does not define"),
                )
                .help(help);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{TEMPLATES, suggest_key, template};

    #[test]
    fn templates_are_found_without_case() {
        assert_eq!(template("SETHEADER").map(|t| t.id()), Some("setheader"));
        assert!(template("moveproperties").is_none());
        assert_eq!(TEMPLATES.len(), 13);
    }

    #[test]
    fn key_suggestions() {
        let known = [
            "x-ms-apimTemplate-operationName",
            "x-ms-apimTemplateParameter.name",
            "x-ms-apimTemplateParameter.value",
        ];
        assert_eq!(
            suggest_key("x-ms-apimTemplateParameter-value", &known),
            Some("x-ms-apimTemplateParameter.value")
        );
        assert_eq!(
            suggest_key("value", &known),
            Some("x-ms-apimTemplateParameter.value")
        );
        assert_eq!(
            suggest_key("x-ms-apimTemplate-OperationName", &known),
            Some("x-ms-apimTemplate-operationName")
        );
    }
}
