//! The `heroin` binary: parses the command line and hands over to [`heroin::cli`].
//! It holds no logic of its own.

fn main() -> std::process::ExitCode {
    heroin::cli::main()
}
