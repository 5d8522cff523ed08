//! The web page. `state`, `messages`, `format` and `card` (the summary image) are pure and tested natively; the Yew components and the
//! one module that touches the browser (`bridge`) are built for wasm only.

pub mod card;
pub mod code_format;
pub mod embed;
pub mod format;
pub mod i18n;
pub mod ios_format;
pub mod messages;
pub mod report_read;
pub mod state;

#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
pub mod bridge;
#[cfg(target_arch = "wasm32")]
mod bundle_view;
#[cfg(target_arch = "wasm32")]
mod compare_view;
#[cfg(target_arch = "wasm32")]
mod details_view;
#[cfg(target_arch = "wasm32")]
mod findings_view;
#[cfg(target_arch = "wasm32")]
mod permissions_view;
#[cfg(target_arch = "wasm32")]
mod code_view;
#[cfg(target_arch = "wasm32")]
mod help_view;
#[cfg(target_arch = "wasm32")]
mod ios_view;
#[cfg(target_arch = "wasm32")]
mod policy_view;
#[cfg(target_arch = "wasm32")]
mod progressive;
#[cfg(target_arch = "wasm32")]
mod report_view;
#[cfg(target_arch = "wasm32")]
mod risk_view;
#[cfg(target_arch = "wasm32")]
mod signing_view;
#[cfg(target_arch = "wasm32")]
mod summary_view;

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
