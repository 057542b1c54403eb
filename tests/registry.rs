//! Meta-tests over the rule registry: unique codes and names, the code table, executable doc
//! examples, and the generated rule docs.

use std::collections::HashSet;
use std::path::Path;

use pcpkg::engine::RuleSettings;
use pcpkg::package::Profile;
use pcpkg::render::FailOn;
use pcpkg::rules::registry::{self, Selector};
use pcpkg::rules::{Family, Status};
use pcpkg::validate::{ValidateOptions, validate_paths};

#[test]
fn codes_are_unique_and_well_formed() {
    let mut codes = HashSet::new();
    let mut names = HashSet::new();
    for meta in registry::metas() {
        assert!(codes.insert(meta.code), "duplicate code {}", meta.code);
        assert!(
            names.insert((meta.family, meta.name)),
            "duplicate name {} in {:?}",
            meta.name,
            meta.family
        );
        assert!(
            meta.code.starts_with(meta.family.as_str()),
            "{} is not in family {:?}",
            meta.code,
            meta.family
        );
        assert!(
            meta.code.len() == 5 && meta.code[2..].bytes().all(|b| b.is_ascii_digit()),
            "{}",
            meta.code
        );
        let name_ok = meta.name.split(['-', '.']).all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
        assert!(
            name_ok,
            "{}: name {} is not kebab-case",
            meta.code, meta.name
        );
        assert!(
            !meta.summary.is_empty() && !meta.summary.ends_with('.'),
            "{}: summary",
            meta.code
        );
    }
}

/// rules.md §1.3: only `json-syntax` and `duplicate-keys` are shared across families.
#[test]
fn only_the_documented_names_are_shared() {
    for meta in registry::metas() {
        let owners = registry::by_name(meta.name);
        if owners.len() > 1 {
            assert!(
                matches!(meta.name, "json-syntax" | "duplicate-keys"),
                "{} is shared",
                meta.name
            );
        }
    }
}

#[test]
fn code_table() {
    let table: String = registry::metas()
        .map(|m| {
            let levels: Vec<&str> = Profile::ALL
                .iter()
                .map(|p| match m.level(*p) {
                    pcpkg::rules::Level::Error => "E",
                    pcpkg::rules::Level::WarningStrict => "W!",
                    pcpkg::rules::Level::Warning => "W",
                    pcpkg::rules::Level::Info => "I",
                    pcpkg::rules::Level::Off => "-",
                })
                .collect();
            format!(
                "{} {} {} {} {}\n",
                m.code,
                m.name,
                levels.join("/"),
                m.category.as_str(),
                m.status.as_str()
            )
        })
        .collect();
    insta::assert_snapshot!(table);
}

#[test]
fn every_doc_has_the_fixed_headings() {
    for meta in registry::metas() {
        for heading in ["## What it does", "## Why is this bad?"] {
            assert!(
                meta.docs.contains(heading),
                "{}: docs lack `{heading}`",
                meta.code
            );
        }
    }
}

/// The file a rule family's ```json examples stand for.
fn example_file(family: Family) -> Option<&'static str> {
    match family {
        Family::SW => Some("apiDefinition.swagger.json"),
        Family::AP => Some("apiProperties.json"),
        _ => None,
    }
}

/// Doc blocks labelled ```json,fail must produce the rule's code; ```json,pass must not.
#[test]
fn doc_examples_behave_as_labelled() {
    let mut checked = 0;
    for meta in registry::metas().filter(|m| m.status != Status::Removed) {
        let Some(file) = example_file(meta.family) else {
            continue;
        };
        let mut label: Option<&str> = None;
        let mut block = String::new();
        for line in meta.docs.lines() {
            let line = line.strip_prefix(' ').unwrap_or(line);
            match (label, line.trim_start()) {
                (None, l) if l.starts_with("```json,fail") => label = Some("fail"),
                (None, l) if l.starts_with("```json,pass") => label = Some("pass"),
                (Some(kind), "```") => {
                    let dir = tempfile::tempdir().unwrap();
                    let folder = dir.path().join("example");
                    std::fs::create_dir(&folder).unwrap();
                    std::fs::write(folder.join(file), &block).unwrap();
                    let options = ValidateOptions {
                        profile: Some(Profile::Certified),
                        settings: RuleSettings {
                            strict: true,
                            select: Some(vec![Selector::Code(meta.code)]),
                            ignore: vec![],
                        },
                        fail_on: FailOn::Error,
                        plugin: false,
                    };
                    let report =
                        validate_paths(&[Path::new("example").to_path_buf()], dir.path(), &options);
                    let fired = report
                        .packages
                        .iter()
                        .flat_map(|p| &p.diagnostics)
                        .any(|d| d.rule.code == meta.code);
                    assert_eq!(
                        fired,
                        kind == "fail",
                        "{}: a ```json,{kind} example:\n{block}",
                        meta.code
                    );
                    checked += 1;
                    label = None;
                    block.clear();
                }
                (Some(_), _) => {
                    block.push_str(line);
                    block.push('\n');
                }
                (None, _) => {}
            }
        }
    }
    assert!(checked > 0, "no doc example was checked");
}

/// `docs/rules/CODE.md` is generated from the rule docs; `PCPKG_UPDATE=1` rewrites it.
#[test]
fn generated_rule_docs_are_current() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules");
    let update = std::env::var_os("PCPKG_UPDATE").is_some();
    let mut expected_files = HashSet::new();
    let mut stale = Vec::new();
    for meta in registry::metas() {
        let name = format!("{}.md", meta.code);
        let text = pcpkg::cli::explain::explain(meta);
        let path = dir.join(&name);
        expected_files.insert(name);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            if update {
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(&path, &text).unwrap();
            } else {
                stale.push(meta.code);
            }
        }
    }
    if let Ok(read) = std::fs::read_dir(&dir) {
        for entry in read {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            if !expected_files.contains(&name) {
                if update {
                    std::fs::remove_file(dir.join(&name)).unwrap();
                } else {
                    stale.push("orphan");
                }
            }
        }
    }
    assert!(
        stale.is_empty(),
        "docs/rules is stale for {stale:?}: run `PCPKG_UPDATE=1 cargo test --test registry`"
    );
}
