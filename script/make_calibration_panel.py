#!/usr/bin/env python3
"""Builds the calibration panel (tests/fixtures/calibration/panel.tsv) into target/fixtures/calibration/: one
signed APK per row, from a manifest kept in tests/fixtures/calibration/<manifest>/ (reduced from an open-source
app's own, or written by AppLens: README.md there says which) and a classes.dex of empty stand-in classes:
one per component the manifest declares (so that the app's own code is "there", as in the real app) and one per
tracker SDK the row names (the class name its code signature matches; no vendor code).

Tools: Debian's aapt (v1, against framework-res.apk), smali, zipalign, apksigner, keytool. Stdlib only.
usage: make_calibration_panel.py OUT_DIR"""
import hashlib
import pathlib
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "script"))
from make_code_fixtures import rows, tracker_class  # noqa: E402  (one naming rule for stand-in classes)

SRC = ROOT / "tests" / "fixtures" / "calibration"
FRAMEWORK = "/usr/share/android-framework-res/framework-res.apk"
A = "{http://schemas.android.com/apk/res/android}"
COMPONENT_BASE = {
    "activity": "Landroid/app/Activity;",
    "service": "Landroid/app/Service;",
    "receiver": "Landroid/content/BroadcastReceiver;",
    "provider": "Landroid/content/ContentProvider;",
    "application": "Landroid/app/Application;",
}


def panel():
    lines = [l for l in (SRC / "panel.tsv").read_text(encoding="utf-8").splitlines() if l and not l.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, (l.split("\t") + [""] * len(header))[: len(header)])) for l in lines[1:]]


def declared_classes(manifest):
    """(class in slash form, superclass) of every component and the application class the manifest names."""
    root = ET.parse(manifest).getroot()
    package = root.attrib["package"]
    out = {}
    for el in root.iter():
        if el.tag not in COMPONENT_BASE:
            continue
        name = el.attrib.get(A + "name")
        if not name:
            continue
        if name.startswith("."):
            name = package + name
        elif "." not in name:
            name = package + "." + name
        out[name.replace(".", "/")] = COMPONENT_BASE[el.tag]
    return out


def smali_class(name, base, body=""):
    return f".class public L{name};\n.super {base}\n{body}"


def payload(size):
    """Deterministic bytes that look encrypted (a SHA-256 stream): the same package on every build."""
    out = bytearray()
    block = b"applens calibration payload"
    while len(out) < size:
        block = hashlib.sha256(block).digest()
        out += block
    return bytes(out[:size])


def build(row, trackers, out, key):
    manifest = SRC / row["manifest"] / "AndroidManifest.xml"
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        smali = tmp / "smali"
        smali.mkdir()
        hidden = "hidden_payload" in row["extras"].split(";")
        n = 0
        if not hidden:
            for cls, base in declared_classes(manifest).items():
                n += 1
                (smali / f"c{n}.smali").write_text(smali_class(cls, base), encoding="utf-8")
        for name in filter(None, row["trackers"].split(";")):
            t = trackers.get(name)
            if t is None:
                sys.exit(f"{row['app']}: tracker {name!r} is not in data/trackers.tsv")
            n += 1
            (smali / f"c{n}.smali").write_text(
                f"# Stand-in for {name} (no vendor code).\n" + smali_class(tracker_class(t["code_signature"]), "Ljava/lang/Object;"),
                encoding="utf-8")
        if hidden:
            # The stub every dropper has: it builds a class loader over the file it decrypted.
            body = (".method public static load()V\n    .locals 1\n"
                    "    const-class v0, Ldalvik/system/DexClassLoader;\n    return-void\n.end method\n")
            (smali / "loader.smali").write_text(smali_class("com/android/system/syncservice/Loader", "Ljava/lang/Object;", body),
                                                encoding="utf-8")
        subprocess.run(["smali", "assemble", "--api", "21", "-o", str(tmp / "classes.dex"), str(smali)], check=True)
        cmd = ["aapt", "package", "-f", "-M", str(manifest), "-I", FRAMEWORK, "-F", str(tmp / "unsigned.apk"),
               "--min-sdk-version", row["min_sdk"], "--target-sdk-version", row["target_sdk"],
               "--version-code", "1", "--version-name", "1.0"]
        if row["package"]:
            cmd += ["--rename-manifest-package", row["package"]]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        with zipfile.ZipFile(tmp / "unsigned.apk", "a", zipfile.ZIP_DEFLATED) as z:
            z.write(tmp / "classes.dex", "classes.dex")
            if hidden:
                z.writestr(zipfile.ZipInfo("assets/sync.dat"), payload(192 * 1024), zipfile.ZIP_STORED)
        subprocess.run(["zipalign", "-f", "4", str(tmp / "unsigned.apk"), str(tmp / "aligned.apk")], check=True)
        subprocess.run(["apksigner", "sign", "--ks", str(key), "--ks-pass", "pass:applens-panel",
                        "--out", str(out / f"{row['app']}.apk"), str(tmp / "aligned.apk")], check=True)


def main(out):
    out = pathlib.Path(out)
    out.mkdir(parents=True, exist_ok=True)
    key = out / "panel-key.p12"
    if not key.exists():
        # A demo key: the password is not secret, and the key signs nothing but the panel.
        subprocess.run(["keytool", "-genkeypair", "-noprompt", "-keystore", str(key), "-storetype", "PKCS12",
                        "-storepass", "applens-panel", "-keypass", "applens-panel", "-alias", "panel", "-keyalg", "RSA",
                        "-keysize", "2048", "-validity", "10000", "-dname", "CN=AppLens calibration panel"],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    trackers = {t["name"]: t for t in rows("data/trackers.tsv")}
    for row in panel():
        build(row, trackers, out, key)
        print(f"make_calibration_panel: {row['app']}.apk", flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
