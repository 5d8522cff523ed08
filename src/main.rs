//! The web page's entry (wasm only): mounts the Yew app. The native CLI is `src/bin/applens.rs`.

fn main() {
    #[cfg(target_arch = "wasm32")]
    applens::ui::start();
}
