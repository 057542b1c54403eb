//! Every rule fixture: `fail-*` cases must produce their rule's code and `pass-*` cases must
//! not. The human rendering of each case is snapshotted, with only that rule selected.

mod common;

use std::path::{Path, PathBuf};

use pcpkg::engine::RuleSettings;
use pcpkg::package::Profile;
use pcpkg::render::{self, FailOn};
use pcpkg::rules::registry::{self, Selector};
use pcpkg::validate::{ValidateOptions, validate_paths};

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules")
}

/// Validates one case with only its rule selected; returns the report.
pub fn run_case(case_dir: &Path) -> (render::Report, &'static str) {
    let rule_dir = case_dir
        .parent()
        .unwrap()
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    let code = rule_dir.split('-').next().unwrap();
    let meta = registry::by_code(code).unwrap_or_else(|| panic!("{rule_dir}: no rule {code}"));
    let case = common::build_case(case_dir);
    let profile = case
        .config
        .profile
        .as_deref()
        .map_or(Profile::Certified, |p| {
            Profile::parse(p).unwrap_or_else(|| panic!("{}: bad profile {p}", case_dir.display()))
        });
    let options = ValidateOptions {
        profile: Some(profile),
        settings: RuleSettings {
            strict: case.config.strict,
            select: Some(vec![Selector::Code(meta.code)]),
            ignore: vec![],
        },
        fail_on: FailOn::Error,
        plugin: case.config.plugin,
    };
    let report = validate_paths(std::slice::from_ref(&case.target), case.root(), &options);
    assert!(
        report.errors.is_empty(),
        "{}: {:?}",
        case_dir.display(),
        report.errors
    );
    (report, meta.code)
}

#[test]
fn rule_fixtures() {
    insta::glob!("fixtures/rules/*/*", |case_dir| {
        if !case_dir.is_dir() {
            return;
        }
        let case_name = case_dir.file_name().unwrap().to_string_lossy().into_owned();
        let (report, code) = run_case(case_dir);
        let fired = report
            .packages
            .iter()
            .flat_map(|p| &p.diagnostics)
            .filter(|d| d.rule.code == code)
            .count();
        if case_name.starts_with("fail") {
            assert!(fired > 0, "{}: expected {code} to fire", case_dir.display());
        } else if case_name.starts_with("pass") {
            assert_eq!(fired, 0, "{}: expected no {code}", case_dir.display());
        } else {
            panic!(
                "{}: case names start with fail- or pass-",
                case_dir.display()
            );
        }
        let mut out = Vec::new();
        render::human::render(&report, render::human::Style::default(), &mut out).unwrap();
        let rule_dir = case_dir
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        insta::assert_snapshot!(
            format!("{rule_dir}__{case_name}"),
            String::from_utf8(out).unwrap()
        );
    });
}

#[test]
fn every_rule_has_fail_and_pass_fixtures_and_no_fixture_is_orphaned() {
    let mut dirs: Vec<String> = std::fs::read_dir(fixtures_root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    dirs.sort();
    let mut missing = Vec::new();
    for meta in registry::metas() {
        let dir = format!("{}-{}", meta.code, meta.name);
        let path = fixtures_root().join(&dir);
        let cases: Vec<String> = std::fs::read_dir(&path)
            .map(|r| {
                r.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        if meta.status == pcpkg::rules::Status::Removed {
            assert!(cases.is_empty(), "{dir}: a removed rule has no fixtures");
            continue;
        }
        if !cases.iter().any(|c| c.starts_with("fail-"))
            || !cases.iter().any(|c| c.starts_with("pass-"))
        {
            missing.push(dir);
        }
    }
    assert!(
        missing.is_empty(),
        "rules without fail-* and pass-* fixtures: {missing:?}"
    );
    for dir in dirs {
        let known = registry::metas().any(|m| format!("{}-{}", m.code, m.name) == dir);
        assert!(known, "fixture folder {dir} names no rule");
    }
}
