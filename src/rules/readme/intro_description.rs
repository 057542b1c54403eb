use super::markdown::{Block, normalize, sentences};
use super::support::markdown;
use crate::diagnostic::Target;
use crate::json::{Node, TextRange};
use crate::package::Artifact;
use crate::rules::levels::{OFF, W};
use crate::rules::{Rule, RuleContext, declare_rule};

/// The template's limit: "no more than one paragraph of eight sentences".
const MAX_SENTENCES: usize = 8;

declare_rule! {
    /// ## What it does
    /// Checks the description at the top of `intro.md`, the text before its first heading (the
    /// whole file when it has none). It must be:
    /// - present, and **one paragraph**: no second paragraph, list or code block before the first
    ///   heading (HTML comments are ignored);
    /// - at most **eight sentences**. A sentence ends at `.`, `!`, `?` or `…` followed by white
    ///   space; periods inside URLs, e-mail addresses, decimals and versions, after
    ///   abbreviations such as `e.g.`, `etc.` or `Inc.` and after initials, or followed by a word
    ///   in lower case, do not end one;
    /// - **not the swagger's `info.description`** (compared with case and runs of white space
    ///   ignored). This part runs only when the swagger was read (rules.md §1.4).
    ///
    /// ## Why is this bad?
    /// The intro is the public documentation page of a certified connector. Its first
    /// paragraph should tell users, in a few sentences, the value the connector offers; the
    /// connector's own description is already shown elsewhere, so repeating it adds nothing.
    ///
    /// ## Example
    /// ```markdown
    /// ## Prerequisites
    /// A Contoso account.
    /// ```
    /// Use instead:
    /// ```markdown
    /// Contoso Tasks keeps your team's work in one place. With this connector, flows can
    /// create tasks, assign them and react when they are completed.
    ///
    /// ## Prerequisites
    /// A Contoso account.
    /// ```
    ///
    /// ## Source
    /// rules.md RM011 and §4 "intro.md template": Learn *Submit your connector for Microsoft
    /// certification*, step 6 ("a detailed description here, distinct from your connector's
    /// description … no more than one paragraph of eight sentences";
    /// `../shared/spec/sources/submit-for-certification.txt`).
    pub(crate) IntroDescription {
        code: "RM011",
        name: "intro-description",
        family: RM,
        category: Certification,
        levels: [W, W, OFF],
        summary: "intro.md opens with one paragraph of at most eight sentences, distinct from `info.description`",
    }
}

impl Rule for IntroDescription {
    fn check(&self, cx: &mut RuleContext<'_>) {
        let package = cx.package();
        let Some(intro) = markdown(cx, Artifact::Intro) else {
            return;
        };
        let blocks = &intro.outline.blocks;
        let first_heading = intro.outline.first_heading_index();
        let content: Vec<&Block> = blocks[..first_heading.unwrap_or(blocks.len())]
            .iter()
            .filter(|b| !matches!(b, Block::Comment(_)))
            .collect();
        let (Some(first), Some(last)) = (content.first(), content.last()) else {
            let heading = first_heading.and_then(|i| blocks.get(i));
            let (target, message) = match heading {
                Some(h) => (
                    Target::Range(h.range()),
                    "intro.md has no description paragraph before its first heading",
                ),
                None => (Target::File, "intro.md has no description paragraph"),
            };
            cx.report(intro.id, target, message)
            .help("start intro.md with one paragraph of at most eight sentences on the value the connector offers");
            return;
        };
        let whole = TextRange::new(first.range().start, last.range().end);

        if content.len() > 1 {
            let second = content.get(1).map_or(whole, |b| b.range());
            cx.report(
                intro.id,
                Target::Range(second),
                format!(
                    "the description before the first heading is not one paragraph: it has {}",
                    describe(&content)
                ),
            )
            .help("merge the description into one paragraph; put details under the template's headings");
        }

        let text: Vec<&str> = content.iter().filter_map(|b| block_text(b)).collect();
        let text = text.join("\n\n");
        let count = sentences(&text).len();
        if count > MAX_SENTENCES {
            cx.report(
                intro.id,
                Target::Range(whole),
                format!("the description has {count} sentences; the template allows at most {MAX_SENTENCES}"),
            )
            .help("shorten the description to a high-level overview of at most eight sentences");
        }

        if let Some((_, swagger)) = package.swagger()
            && let Some(description) = swagger
                .get("info")
                .and_then(|info| info.get("description"))
                .and_then(Node::as_str)
            && !normalize(description).is_empty()
            && normalize(description) == normalize(&text)
        {
            cx.report(
                intro.id,
                Target::Range(whole),
                "the description repeats the swagger's `info.description`",
            )
            .help("write a description distinct from the connector's: the value it offers users and an overview of what it supports");
        }
    }
}

fn block_text(block: &Block) -> Option<&str> {
    match block {
        Block::Paragraph(p) => Some(&p.text),
        _ => None,
    }
}

/// `2 paragraphs and a list`: what the blocks are.
fn describe(blocks: &[&Block]) -> String {
    let count = |f: fn(&Block) -> bool| blocks.iter().filter(|b| f(b)).count();
    let kinds = [
        (count(|b| matches!(b, Block::Paragraph(_))), "paragraph"),
        (count(|b| matches!(b, Block::List(_))), "list"),
        (count(|b| matches!(b, Block::Code(_))), "code block"),
    ];
    let parts: Vec<String> = kinds
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, kind)| match n {
            1 => format!("a {kind}"),
            n => format!("{n} {kind}s"),
        })
        .collect();
    match parts.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}
