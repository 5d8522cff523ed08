//! What the intranet widget tells its host page: short summaries, never the package or its contents. The
//! iframe's `frame.js` posts them to the host's exact origin; `embed.js` turns them into `applens-*` events
//! on the `<applens-check>` element. Pure, so the shapes are tested natively.

use serde_json::{json, Value};

use crate::analysis::report::{Platform, Report};

/// What `bridge::tell_host` hands `frame.js`: the message and the run it is about (so the page can tell two
/// identical messages of two runs apart and send each once). Every message carries `lang`, the language of
/// its words (`en`, `de`, `fr`): the stage, the reasons and the error message are in the widget's language,
/// ids (`rule`, `verdict`, `grade`, `platform`) are the same in every language.
pub fn envelope(run: u32, message: &Value, lang: &str) -> String {
    let mut message = message.clone();
    if let Some(m) = message.as_object_mut() {
        m.insert("lang".into(), json!(lang));
    }
    json!({ "run": run, "message": message }).to_string()
}

pub fn ready() -> Value {
    json!({ "type": "ready" })
}

pub fn progress(stage: &str, fraction: f64) -> Value {
    let fraction = if fraction.is_finite() { fraction.clamp(0.0, 1.0) } else { 0.0 };
    json!({ "type": "progress", "stage": stage, "fraction": (fraction * 1000.0).round() / 1000.0 })
}

/// The result: the app, the grade, the organisation's verdict (`null` without a policy) and its reasons.
/// The package's SHA-256 only when the host asked for it (`share-fingerprint`).
pub fn result(report: &Report, share_fingerprint: bool) -> Value {
    let platform = match report.platform {
        Platform::Android => "android",
        Platform::Ios => "ios",
    };
    let policy = report.policy.as_ref();
    let reasons: Vec<Value> = policy
        .map(|p| p.allowed_by.iter().chain(&p.reasons).map(|r| json!({ "rule": r.rule, "message": r.message })).collect())
        .unwrap_or_default();
    let mut message = json!({
        "type": "result",
        "app": {
            "id": report.app.id,
            "name": report.app.name,
            "version": report.app.version_name,
            "platform": platform,
        },
        "grade": report.risk.as_ref().map(|r| r.grade.as_str()),
        "verdict": policy.map(|p| p.verdict.as_str()),
        "reasons": reasons,
    });
    if share_fingerprint {
        if let Some(m) = message.as_object_mut() {
            m.insert("fingerprint".into(), json!(report.file.sha256));
        }
    }
    message
}

pub fn error(message: &str) -> Value {
    json!({ "type": "error", "message": message })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::policy::{apply, parse_policy};
    use crate::analysis::report::{FileInfo, Format};

    fn report() -> Report {
        let mut r = Report::new(FileInfo { name: "secret-name.apk".into(), size: 9, sha256: "ab".repeat(32) }, Format::Apk);
        r.app.id = Some("com.example".into());
        r.app.name = Some("Example".into());
        r.app.version_name = Some("1.2".into());
        r
    }

    #[test]
    fn the_result_carries_only_the_summary() {
        let r = report();
        let m = result(&r, false);
        assert_eq!(m["app"], json!({ "id": "com.example", "name": "Example", "version": "1.2", "platform": "android" }));
        assert_eq!(m["verdict"], Value::Null, "no policy, no verdict");
        assert_eq!(m["reasons"], json!([]));
        let text = m.to_string();
        assert!(!text.contains("secret-name") && !text.contains(&"ab".repeat(32)), "no file name, no fingerprint: {text}");
        let keys: Vec<&String> = m.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["app", "grade", "reasons", "type", "verdict"]);
        assert_eq!(result(&r, true)["fingerprint"], json!("ab".repeat(32)));
    }

    #[test]
    fn the_result_carries_the_verdict_and_its_reasons() {
        let mut r = report();
        let p = parse_policy(r#"{"applens_policy": 1, "name": "P", "block": {"apps": ["com.example"]}, "allow": {"apps": ["com.example"]}}"#).unwrap();
        apply(&p, &mut r);
        let m = result(&r, false);
        assert_eq!(m["verdict"], "allowed");
        assert_eq!(m["reasons"][0]["rule"], "allow.apps", "what lifted the verdict comes first");
        assert_eq!(m["reasons"][1]["rule"], "block.apps");
        assert_eq!(m["reasons"][1].as_object().unwrap().len(), 2, "rule and message only");
    }

    #[test]
    fn every_message_says_its_language() {
        let sent: Value = serde_json::from_str(&envelope(3, &progress("Lesen", 0.5), "de")).unwrap();
        assert_eq!(sent["run"], 3);
        assert_eq!(sent["message"]["lang"], "de");
        assert_eq!(sent["message"]["stage"], "Lesen");
    }

    #[test]
    fn progress_is_bounded() {
        assert_eq!(progress("Reading", 2.0)["fraction"], json!(1.0));
        assert_eq!(progress("Reading", f64::NAN)["fraction"], json!(0.0));
        assert_eq!(progress("Reading", 0.12345)["fraction"], json!(0.123));
    }
}
