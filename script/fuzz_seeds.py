#!/usr/bin/env python3
"""Seeds a fuzz target's corpus from real inputs: the corpus packages and the project's fixtures, or the
parts of them the target reads (manifests, resource tables, signing blocks, PKCS #7 files)."""
import glob
import hashlib
import io
import pathlib
import struct
import sys
import zipfile

target, out = sys.argv[1], pathlib.Path(sys.argv[2])
root = pathlib.Path(__file__).resolve().parent.parent
packages = sorted(glob.glob(str(root.parent / "shared/corpus/*/*"))) + sorted(glob.glob(str(root / "tests/fixtures/signing/*.apk")))
packages += [str(root / "target/sample/applens-sample.apk")] + sorted(glob.glob(str(root / "target/ios-fixtures/*.ipa")))
packages += sorted(glob.glob(str(root / "target/fixtures/apk/*.apk")))


def save(data: bytes):
    if 0 < len(data) <= 1_000_000:
        (out / hashlib.sha1(data).hexdigest()).write_bytes(data)


def entries(path, want):
    try:
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if want(name):
                    yield z.read(name)
    except Exception:
        return


def signing_block(path):
    data = pathlib.Path(path).read_bytes()
    eocd = data.rfind(b"PK\x05\x06")
    if eocd < 0:
        return None
    cd = struct.unpack_from("<I", data, eocd + 16)[0]
    if data[cd - 16:cd] != b"APK Sig Block 42":
        return None
    size = struct.unpack_from("<Q", data, cd - 24)[0]
    return data[cd - size - 8 + 8:cd - 24]  # the ID-value pairs between the two size fields


if target == "policy":
    # Policies are JSON documents people write: the example policies and every JSON example of docs/policy.md.
    for example in glob.glob(str(root / "examples/policies/*.json")):
        save(pathlib.Path(example).read_bytes())
    text = (root / "docs/policy.md").read_text()
    for block in text.split("```json")[1:]:
        save(block.split("```")[0].encode())
if target == "hermes":
    # Hermes fixtures (script/make-hermes-fixtures) and the real JavaScript of the corpus's hybrid apps.
    for f in glob.glob(str(root / "tests/fixtures/hermes/*.hbc")):
        save(pathlib.Path(f).read_bytes())
    for p in packages:
        for d in entries(p, lambda n: n.endswith(("index.android.bundle", "main.jsbundle", "capacitor.config.json", "cordova_plugins.js"))):
            save(d[:200_000])
if target == "plist":
    for manifest in glob.glob(str(root.parent / "shared/corpus/data/privacy_manifests/*")):
        save(pathlib.Path(manifest).read_bytes())
for p in packages:
    if not pathlib.Path(p).is_file():
        continue
    if target in ("package", "shared_code"):
        if pathlib.Path(p).stat().st_size <= 1_000_000:
            save(pathlib.Path(p).read_bytes())
    elif target in ("axml",):
        for d in entries(p, lambda n: n == "AndroidManifest.xml" or (n.startswith("res/xml/") and n.endswith(".xml"))):
            save(d)
    elif target == "arsc":
        for d in entries(p, lambda n: n == "resources.arsc"):
            save(d)
    elif target == "aab_protobuf":
        for d in entries(p, lambda n: n.endswith("manifest/AndroidManifest.xml") or n.endswith("resources.pb")):
            save(d)
    elif target == "signing_block":
        block = signing_block(p)
        if block:
            save(block)
    elif target == "dex":
        for d in entries(p, lambda n: n.endswith(".dex")):
            save(d)
    elif target == "plist":
        for d in entries(p, lambda n: n.endswith("Info.plist") or n.endswith(".xcprivacy")):
            save(d)
    elif target == "mobileprovision":
        for d in entries(p, lambda n: n.endswith("embedded.mobileprovision")):
            save(d)
    elif target == "macho":
        # Programs: the entry named like its .app / .framework folder, and dylibs.
        def is_program(n):
            parts = n.split("/")
            return len(parts) >= 2 and (parts[-2].endswith((".app", ".framework", ".appex")) and parts[-2].rsplit(".", 1)[0] == parts[-1] or n.endswith(".dylib"))
        for d in entries(p, is_program):
            save(d[:1_000_000])
    elif target == "blob":
        # The start of every file the payload check may read: assets, raw resources, the rest (sampled as it does).
        for d in entries(p, lambda n: not n.endswith((".dex", ".so", "/")) and not n.startswith(("META-INF/", "res/drawable"))):
            if len(d) >= 4096:
                save(d[:65536])
    elif target == "notices":
        # Flutter's licence file, as stored (NOTICES.Z, gzip) and as text (NOTICES).
        for d in entries(p, lambda n: n.endswith("flutter_assets/NOTICES.Z") or n.endswith("flutter_assets/NOTICES")):
            save(d)
    elif target == "carried":
        # Carried code (APKs, JARs, DEX files in assets/), small loaded DEX files, and the small APKs themselves.
        for d in entries(p, lambda n: n.endswith((".jar", ".apk", ".dex")) and not n.startswith("META-INF/")):
            if len(d) <= 200_000:
                save(d)
    elif target == "signing_v1":
        for d in entries(p, lambda n: n.startswith("META-INF/") and n.split(".")[-1] in ("RSA", "DSA", "EC")):
            save(d)
print(f"{target}: {len(list(out.iterdir()))} seeds")
