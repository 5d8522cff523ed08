//! `applens check PATH...`, `compare`, `policy check`, `completions` (native only; see `src/cli/`).

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use std::io::{IsTerminal, Write};
    // Buffered: a JSON array of hundreds of reports would otherwise be written a line per system call. The
    // CLI flushes after each package, so streamed formats still arrive as each is done.
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    // Not locked for the whole run: the progress bar draws on stderr from its own thread.
    let mut stderr = std::io::stderr();
    let terminal = stderr.is_terminal();
    let code = applens::cli::run_with(std::env::args_os().skip(1), &mut out, &mut stderr, terminal);
    let _ = out.flush();
    drop(out);
    std::process::exit(code);
}

#[cfg(target_arch = "wasm32")]
fn main() {}
