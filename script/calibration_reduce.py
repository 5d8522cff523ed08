#!/usr/bin/env python3
"""Reduces open-source apps' own AndroidManifest.xml files to what Debian's aapt (v1) can compile against
framework-res.apk (API 29) without the app's resources, for the calibration panel (tests/fixtures/calibration/).
Not run by CI: it was run once per panel app on the upstream files named in tests/fixtures/calibration/README.md,
and its output is the committed manifest.

What it keeps: every uses-permission (and -sdk-23), uses-feature, the application's flags, and every component
(activity, activity-alias, service, receiver, provider) with its intent filters, as the manifest merger would
put them together from the files given (the app module's first, then library modules). What it drops, because
aapt cannot resolve it without the app's resources or build: attributes whose value is a resource of the app
(`@string/…`, `@style/…`, `@xml/…`; `@android:…` stays; a provider's authority written as a string
resource becomes `PACKAGE.provider`, since aapt requires one), `tools:` attributes, elements the merger removes
(`tools:node="remove"`), meta-data, build placeholders other than ${applicationId}, and attributes newer than
API 29 (aapt refuses them).

A library module's relative component names (`.Foo`) are resolved against its namespace, given after the file
as `FILE=NAMESPACE` (as the manifest merger does from the module's build file).

usage: calibration_reduce.py PACKAGE OUT.xml MANIFEST.xml[=NAMESPACE] [MANIFEST.xml[=NAMESPACE] ...]"""
import sys
import xml.etree.ElementTree as ET

A = "{http://schemas.android.com/apk/res/android}"
TOOLS = "{http://schemas.android.com/tools}"
# Attributes added after API 29 that the upstream files use; aapt against framework-res 29 refuses them.
NEWER = {"usesPermissionFlags", "dataExtractionRules", "localeConfig", "enableOnBackInvokedCallback",
         "memtagMode", "requestRawExternalStorageAccess", "attributionTags", "preserveLegacyExternalStorage",
         "allowNativeHeapPointerTagging", "autoRevokePermissions", "hasFragileUserData", "gwpAsanMode",
         "requestLegacyExternalStorage", "crossProfile", "foregroundServiceType", "allowCrossUidActivitySwitchFromBelow"}
COMPONENTS = ("activity", "activity-alias", "service", "receiver", "provider")


def clean(el, package):
    for key in list(el.attrib):
        value = el.attrib[key]
        local = key.split("}")[-1]
        if key.startswith(TOOLS) or local in NEWER:
            del el.attrib[key]
        elif value.startswith("@") and not value.startswith("@android:") and not value.startswith("@null"):
            if el.tag == "provider" and local == "authorities":
                # Required by aapt; the real value is a string resource of the app.
                el.attrib[key] = package + ".provider"
            else:
                del el.attrib[key]
        elif "${" in value:
            value = value.replace("${applicationId}", package)
            if "${" in value:
                del el.attrib[key]
            else:
                el.attrib[key] = value
        elif value.startswith("?"):
            del el.attrib[key]
    for child in list(el):
        if child.tag == "meta-data" or child.attrib.get(TOOLS + "node") == "remove" or not isinstance(child.tag, str):
            el.remove(child)
        else:
            clean(child, package)


def main(package, out, files):
    ET.register_namespace("android", A[1:-1])
    root = ET.Element("manifest", {"package": package})
    app = None
    seen = set()
    for arg in files:
        path, _, namespace = arg.partition("=")
        src = ET.parse(path).getroot()
        for child in src:
            if child.tag in ("uses-permission", "uses-permission-sdk-23", "uses-feature"):
                if child.attrib.get(TOOLS + "node") == "remove":
                    continue
                key = (child.tag, child.attrib.get(A + "name"))
                if key in seen:
                    continue
                seen.add(key)
                clean(child, package)
                root.append(child)
            elif child.tag == "application":
                if app is None:
                    app = ET.SubElement(root, "application")
                    for k, v in child.attrib.items():
                        app.set(k, v)
                for comp in child:
                    if comp.tag in COMPONENTS and comp.attrib.get(TOOLS + "node") != "remove":
                        name = comp.attrib.get(A + "name", "")
                        if namespace and name.startswith("."):
                            comp.set(A + "name", namespace + name)
                        clean(comp, package)
                        app.append(comp)
    if app is not None:
        clean(app, package)
        root.remove(app)
        root.append(app)
    ET.indent(root, space="    ")
    text = ET.tostring(root, encoding="unicode")
    with open(out, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="utf-8"?>\n' + text + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
