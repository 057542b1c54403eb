//! pcpkg: offline validation and packaging of Power Platform connectors.

pub mod archive;
pub mod cli;
pub mod config;
pub mod convert;
pub mod diagnostic;
pub mod engine;
pub mod error;
pub mod json;
pub mod output;
pub mod pack;
pub mod package;
pub mod render;
pub mod rules;
pub mod scaffold;
pub mod text;
pub mod validate;
pub mod xml;
