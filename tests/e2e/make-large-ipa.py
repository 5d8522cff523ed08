#!/usr/bin/env python3
"""Writes a large IPA for the memory test: the trackers fixture's app (real Info.plist, a Mach-O program
with class names and linked libraries) whose program is padded to SIZE_MB with incompressible bytes after
its symbol table, as the main program of a large app is. Stored, not deflated, so it is quick to write.

usage: make-large-ipa.py SOURCE_IPA OUT_IPA SIZE_MB"""
import os
import random
import sys
import zipfile

src, out, size_mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
if os.path.exists(out) and os.path.getmtime(out) > os.path.getmtime(src) and os.path.getsize(out) >= size_mb * 1_000_000:
    sys.exit(0)
rng = random.Random(2)
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out + ".tmp", "w") as zout:
    for info in zin.infolist():
        data = zin.read(info.filename)
        if not info.filename.endswith("/Tracked"):
            zout.writestr(info, data, compress_type=info.compress_type)
            continue
        with zout.open(zipfile.ZipInfo(info.filename), "w", force_zip64=True) as program:
            program.write(data)
            chunk = rng.randbytes(1 << 20)
            for i in range(size_mb):
                program.write(chunk[i % 7:] + chunk[: i % 7])
os.replace(out + ".tmp", out)
