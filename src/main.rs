//! Entry point: run the command line and turn its outcome into an exit code.

fn main() -> std::process::ExitCode {
    trichoplan::cli::main()
}
