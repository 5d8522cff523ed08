//! Browser tests on the page thread: the Yew page mounts and shows its intake, in headless Chromium.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn page_mounts_with_drop_zone_and_sample_button() {
    let document = web_sys::window().unwrap().document().unwrap();
    let root = document.create_element("div").unwrap();
    root.set_id("applens");
    document.body().unwrap().append_child(&root).unwrap();
    applens::ui::start();
    // Yew renders on the next tick.
    wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&wasm_bindgen::JsValue::NULL)).await.unwrap();
    gloo_sleep().await;
    let text = root.text_content().unwrap_or_default();
    assert!(text.contains("Drop an app package here"), "page text: {text}");
    assert!(document.query_selector("[data-testid=sample-button]").unwrap().is_some());
    assert!(document.query_selector("[data-testid=file-input]").unwrap().is_some());
}

async fn gloo_sleep() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 50).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// The panic hook's message: visible, plain text, whatever the page was doing (a panic in wasm aborts the
/// instance, so the hook's body is exercised directly).
#[wasm_bindgen_test]
fn a_fatal_error_becomes_a_visible_plain_message() {
    let document = web_sys::window().unwrap().document().unwrap();
    let banner = document.create_element("p").unwrap();
    banner.set_id("applens-fatal");
    banner.set_attribute("hidden", "").unwrap();
    document.body().unwrap().append_child(&banner).unwrap();
    applens::ui::bridge::show_fatal(applens::ui::bridge::FATAL_MESSAGE);
    assert!(!banner.has_attribute("hidden"));
    assert!(banner.text_content().unwrap().contains("Reload the page"));
    applens::ui::bridge::show_fatal("<b>not markup</b>");
    assert_eq!(banner.children().length(), 0, "the message is text, never markup");
}
