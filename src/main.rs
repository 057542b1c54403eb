use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = pcpkg::cli::Args::parse();
    match pcpkg::cli::run(args) {
        Ok(status) => ExitCode::from(status.code()),
        Err(error) => {
            let mut message = format!("error: {error}");
            let mut source = std::error::Error::source(&error);
            while let Some(cause) = source {
                message.push_str(&format!("\n  caused by: {cause}"));
                source = cause.source();
            }
            #[expect(
                clippy::print_stderr,
                reason = "main reports the tool failure that ends the run"
            )]
            {
                eprintln!("{}", pcpkg::render::escape_terminal(&message));
            }
            ExitCode::from(pcpkg::cli::ExitStatus::Error.code())
        }
    }
}
