#!/usr/bin/env python3
"""Writes a large APK for the memory test: every entry of a real APK (the sample) plus one stored asset of
incompressible bytes, so the package is SIZE_MB big while its manifest stays real.

usage: make-large-apk.py SOURCE_APK OUT_APK SIZE_MB"""
import os
import random
import sys
import zipfile

src, out, size_mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
if os.path.exists(out) and os.path.getmtime(out) > os.path.getmtime(src) and os.path.getsize(out) >= size_mb * 1_000_000:
    sys.exit(0)  # already made: 300 MB takes a few seconds to write
rng = random.Random(1)  # seeded: the same file every time
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out + ".tmp", "w") as zout:
    for info in zin.infolist():
        zout.writestr(info, zin.read(info.filename), compress_type=info.compress_type)
    with zout.open(zipfile.ZipInfo("assets/large.bin"), "w", force_zip64=True) as big:
        chunk = rng.randbytes(1 << 20)
        for i in range(size_mb):
            big.write(chunk[i % 7:] + chunk[: i % 7])  # varied, incompressible, cheap
os.replace(out + ".tmp", out)
