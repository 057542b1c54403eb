//! Tool failures (exit 2). Findings about the input are never errors: they are diagnostics.

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read `{path}`: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("`{0}` does not exist")]
    Missing(PathBuf),
    #[error("`{path}` is {what}, not a file or folder pcpkg can validate")]
    UnknownKind { path: PathBuf, what: &'static str },
    #[error("no connector found under `{0}`")]
    NoPackage(PathBuf),
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    Unsupported(String),
    /// A pcpkg.toml that is not valid (cli.md "Configuration").
    #[error("{0}")]
    Config(crate::config::ConfigError),
    #[error("cannot write the report: {0}")]
    Output(std::io::Error),
}

impl Error {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        if source.kind() == std::io::ErrorKind::NotFound {
            Error::Missing(path.to_path_buf())
        } else {
            Error::Io {
                path: path.to_path_buf(),
                source,
            }
        }
    }
}
