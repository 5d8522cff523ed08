#!/usr/bin/env python3
"""Writes a large APK for the code benchmark: the AndroidManifest.xml of a real APK, then the real
classes*.dex files of every corpus APK, repeated under new names (classes.dex, classes2.dex, …) and
deflated like any APK, until the package is SIZE_MB (10^6 bytes) big.

usage: make-dex-bench-apk.py CORPUS_APK_DIR OUT_APK SIZE_MB"""
import hashlib
import os
import pathlib
import sys
import zipfile

src, out, size_mb = pathlib.Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
target = size_mb * 1_000_000
if os.path.exists(out) and os.path.getsize(out) >= target and os.path.getmtime(out) > os.path.getmtime(__file__):
    sys.exit(0)  # already made
dexes, seen, manifest = [], set(), None
for apk in sorted(src.glob("*.apk")):
    try:
        with zipfile.ZipFile(apk) as z:
            names = z.namelist()
            if manifest is None and apk.name == "blooddonation.apk":
                manifest = z.read("AndroidManifest.xml")
            for n in sorted(names):
                if n.startswith("classes") and n.endswith(".dex") and "/" not in n:
                    data = z.read(n)
                    digest = hashlib.sha256(data).digest()
                    if data.startswith(b"dex\n") and digest not in seen and len(data) > 10_000:
                        seen.add(digest)
                        dexes.append(data)
    except zipfile.BadZipFile:
        continue
if manifest is None or not dexes:
    sys.exit("no manifest or DEX files found in " + str(src))
dexes.sort(key=len, reverse=True)
written = 0
os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
with zipfile.ZipFile(out + ".tmp", "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
    z.writestr("AndroidManifest.xml", manifest)
    i = 0
    while True:
        name = "classes.dex" if i == 0 else f"classes{i + 1}.dex"
        z.writestr(name, dexes[i % len(dexes)])
        i += 1
        z.fp.flush()
        if os.path.getsize(out + ".tmp") >= target:
            break
os.replace(out + ".tmp", out)
print(f"wrote {out}: {i} DEX entries from {len(dexes)} distinct corpus DEX files, {os.path.getsize(out)} bytes")
