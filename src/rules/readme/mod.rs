//! RMnnn: readme.md and intro.md (rules.md "RM").

pub(crate) mod markdown;
mod support;

mod intro_description;
mod intro_no_operations;
mod intro_present;
mod intro_sections;
mod ip_oauth_app_steps;
mod publisher_consistency;
mod publisher_line;
mod readme_name;
mod readme_present;
mod readme_title;
mod required_sections;
mod template_leftovers;

use super::Rule;

pub(crate) static RULES: &[&dyn Rule] = &[
    &readme_present::ReadmePresent,
    &readme_name::ReadmeName,
    &readme_title::ReadmeTitle,
    &publisher_line::PublisherLine,
    &required_sections::RequiredSections,
    &template_leftovers::TemplateLeftovers,
    &ip_oauth_app_steps::IpOauthAppSteps,
    &publisher_consistency::PublisherConsistency,
    &intro_present::IntroPresent,
    &intro_description::IntroDescription,
    &intro_sections::IntroSections,
    &intro_no_operations::IntroNoOperations,
];
