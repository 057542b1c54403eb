//! Validates every real connector of `../shared/corpus` (when present): no panic, a verdict for
//! every package, and a reviewed snapshot of how many connectors each code fires on, per group.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use pcpkg::engine::RuleSettings;
use pcpkg::render::FailOn;
use pcpkg::validate::{ValidateOptions, validate_paths};

const GROUPS: [&str; 3] = [
    "certified-connectors",
    "independent-publisher-connectors",
    "custom-connectors",
];

fn corpus() -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    path.is_dir().then_some(path)
}

/// `CODE  cert/ip/custom` lines: connectors with at least one finding of that code (any
/// severity), then the same for errors only.
fn counts_table(strict: bool) -> Option<String> {
    let Some(root) = corpus() else {
        #[expect(clippy::print_stderr, reason = "the test says why it checked nothing")]
        {
            eprintln!("../shared/corpus is absent: the corpus test has nothing to check");
        }
        return None;
    };
    let options = ValidateOptions {
        profile: None,
        settings: RuleSettings {
            strict,
            select: None,
            ignore: vec![],
        },
        fail_on: FailOn::Error,
        plugin: false,
    };
    let report = validate_paths(std::slice::from_ref(&root), &root, &options);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    let expected: usize = GROUPS
        .iter()
        .map(|g| {
            std::fs::read_dir(root.join(g))
                .map(|r| r.count())
                .unwrap_or(0)
        })
        .sum();
    assert_eq!(
        report.packages.len(),
        expected,
        "every connector folder gets a verdict"
    );

    let mut any: BTreeMap<&str, [BTreeSet<&str>; 3]> = BTreeMap::new();
    let mut errors: BTreeMap<&str, [BTreeSet<&str>; 3]> = BTreeMap::new();
    let mut failing = [0usize; 3];
    for package in &report.packages {
        let group = GROUPS
            .iter()
            .position(|g| package.path.starts_with(g))
            .expect("package in a known group");
        if package.counts().error > 0 {
            failing[group] += 1;
        }
        for d in &package.diagnostics {
            any.entry(d.rule.code).or_default()[group].insert(&package.path);
            if d.severity == pcpkg::diagnostic::Severity::Error {
                errors.entry(d.rule.code).or_default()[group].insert(&package.path);
            }
        }
    }
    let line = |sets: &[BTreeSet<&str>; 3]| {
        format!("{}/{}/{}", sets[0].len(), sets[1].len(), sets[2].len())
    };
    let mut out = format!(
        "connectors with an error: {}/{}/{}\n\ncode   findings  errors\n",
        failing[0], failing[1], failing[2]
    );
    for (code, sets) in &any {
        let err = errors.get(code).map_or_else(|| "0/0/0".to_owned(), line);
        out.push_str(&format!("{code}  {:<9} {err}\n", line(sets)));
    }
    Some(out)
}

#[test]
fn corpus_counts_per_code() {
    if let Some(table) = counts_table(false) {
        insta::assert_snapshot!(table);
    }
}

#[test]
fn corpus_counts_per_code_strict() {
    if let Some(table) = counts_table(true) {
        insta::assert_snapshot!(table);
    }
}
