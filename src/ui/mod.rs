//! The web page. `state`, `messages` and `format` are pure and tested natively; the Yew components and the
//! one module that touches the browser (`bridge`) are built for wasm only.

pub mod format;
pub mod ios_format;
pub mod messages;
pub mod state;

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod bridge;
#[cfg(target_arch = "wasm32")]
mod ios_view;
#[cfg(target_arch = "wasm32")]
mod report_view;

/// Mounts the page into `#applens` (or the body), after installing a panic hook that shows a plain message.
#[cfg(target_arch = "wasm32")]
pub fn start() {
    bridge::install_panic_hook();
    match bridge::mount_point() {
        Some(root) => {
            yew::Renderer::<app::App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<app::App>::new().render();
        }
    }
}
