//! The analysis Web Worker's entry (wasm only; see `applens::worker`).

fn main() {
    #[cfg(target_arch = "wasm32")]
    applens::worker::start();
}
