use std::process::ExitCode;

use clap::Parser;

/// A tree per JSON file makes allocation the largest single cost of a run (measured with
/// callgrind on the corpus: a third of all instructions were glibc malloc and free).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
