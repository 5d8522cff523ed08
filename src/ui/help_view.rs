//! Help for a person who has never seen a package file: where to get one, what an IPA is and why App Store
//! copies are encrypted, and what AppLens does with the file. No links are followed for them: the page
//! makes no request to any other site.

use yew::prelude::*;

use super::i18n::tr;

#[function_component(HelpPanel)]
pub fn help_panel() -> Html {
    html! {
        <details class="al-help" data-testid="help">
            <summary>{tr("Where do I get the package file? What happens to it?")}</summary>
            <div class="al-help-body">
                <h3>{tr("An app already on your Android phone")}</h3>
                <p>{tr("Android keeps every installed app as a package file (APK), but does not offer to share it. A file manager that can back up apps (many can; look for \u{201c}Apps\u{201d} or \u{201c}Backup\u{201d} in its menu) saves the APK to your files, and from there you can copy it to this computer. Apps from Google Play are often split into several parts: such a backup may be an APKS or XAPK file, which AppLens reads too.")}</p>
                <h3>{tr("An app you were asked about at work")}</h3>
                <p>{tr("IT teams usually have the package already: in the device-management console (managed Google Play, Intune, Workspace ONE and others let administrators download the files they distribute), from the vendor, or from the build system for the organisation's own apps. For a public Android app, sites that mirror Google Play offer the same package; AppLens shows who signed it, so compare the signer with the one your organisation expects.")}</p>
                <p>{tr("With a computer and a cable, an administrator can also copy a package from a test phone with Android's own tools: ")}<code>{"adb shell pm path com.example.app"}</code>{tr(" lists its files, ")}<code>{"adb pull"}</code>{tr(" copies each one.")}</p>
                <h3>{tr("iPhone and iPad apps (IPA)")}</h3>
                <p>{tr("An IPA is the package of an iPhone or iPad app. Copies from the App Store are encrypted by Apple for the account that bought them: AppLens still reads what the app declares (the access it asks for and its stated reasons, its entitlements, privacy manifests, the SDKs it carries) but not its program code, and the report says so. Builds a vendor or your organisation distributes directly (enterprise, ad hoc, TestFlight exports) are usually not encrypted.")}</p>
                <h3>{tr("What AppLens does with the file")}</h3>
                <p>{tr("The file is read inside this browser tab, on this device. AppLens sends it nowhere, nor its fingerprint, nor any statistics. Closing the tab forgets it. The grade and findings are AppLens's reading of what the app contains and asks for; they are not proof of what it does when it runs.")}</p>
            </div>
        </details>
    }
}
