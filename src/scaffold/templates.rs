//! The Jinja templates of `templates/`, embedded at compile time and rendered with minijinja.

use std::sync::OnceLock;

use minijinja::Environment;
use serde::Serialize;

const TEMPLATES: [(&str, &str); 5] = [
    ("readme.md", include_str!("../../templates/readme.md.jinja")),
    ("intro.md", include_str!("../../templates/intro.md.jinja")),
    (
        "operations.md",
        include_str!("../../templates/operations.md.jinja"),
    ),
    (
        "credentials.md",
        include_str!("../../templates/credentials.md.jinja"),
    ),
    (
        "script.csx",
        include_str!("../../templates/script.csx.jinja"),
    ),
];

fn environment() -> &'static Environment<'static> {
    static ENVIRONMENT: OnceLock<Environment<'static>> = OnceLock::new();
    ENVIRONMENT.get_or_init(|| {
        let mut env = Environment::new();
        env.set_syntax(
            minijinja::syntax::SyntaxConfig::builder()
                .trim_blocks(true)
                .lstrip_blocks(true)
                .keep_trailing_newline(true)
                .build()
                .expect("the default delimiters are valid"),
        );
        // Markdown and C#: nothing is HTML-escaped.
        env.set_auto_escape_callback(|_| minijinja::AutoEscape::None);
        for (name, source) in TEMPLATES {
            env.add_template(name, source)
                .expect("the embedded templates parse (tested)");
        }
        env
    })
}

/// Renders an embedded template, with runs of blank lines collapsed to one and exactly one final
/// newline, so that optional blocks never leave gaps.
pub(crate) fn render(name: &str, context: impl Serialize) -> String {
    let template = environment()
        .get_template(name)
        .expect("the template is embedded");
    let text = template
        .render(minijinja::value::Serde(context))
        .expect("the embedded templates render any context (tested)");
    tidy(&text)
}

/// Collapses blank-line runs and trailing white space on lines; one final newline.
pub(crate) fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank_run = 0;
    for line in text.trim_start_matches('\n').lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank_run += 1;
            if blank_run > 1 {
                continue;
            }
        } else {
            blank_run = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    if out.is_empty() {
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_parses() {
        for (name, _) in TEMPLATES {
            assert!(environment().get_template(name).is_ok(), "{name}");
        }
    }

    #[test]
    fn tidy_collapses_blank_runs() {
        assert_eq!(tidy("\n\na  \n\n\n\nb\n\n"), "a\n\nb\n");
    }
}
