#!/usr/bin/env python3
"""Writes Hermes bytecode fixtures (no Hermes file is in the corpus, and the Hermes compiler is not
installable here): valid files of three bytecode versions with a known string table, hostile variants, and
the corpus's React Native APK and IPA with their plain-JavaScript bundle swapped for a Hermes one.

Layout, as read from include/hermes/BCGen/HBC/BytecodeFileFormat.h in facebook/hermes (see
src/analysis/javascript/hermes.rs): a 128-byte header (magic, version, SHA-1 of the source, fileLength,
globalCodeIndex, functionCount, stringKindCount, identifierCount, stringCount, overflowStringCount,
stringStorageSize, then version-specific counts this writer leaves at 0, options, padding); function
headers (16 bytes each up to version 96, 12 from 97); string kinds; identifier hashes; small string
entries (bit 0 isUTF16, bits 1-23 offset, bits 24-31 length, 255 = overflow); overflow entries; string
storage; a 20-byte SHA-1 footer of everything before it. The function headers are zeros: nothing reads
the instructions.

Versions: 74 (Hermes 0.4, the oldest layout family), 96 (React Native 0.73 to 0.84) and 99 (Static
Hermes, 12-byte function headers).

usage: script/make-hermes-fixtures   (writes tests/fixtures/hermes/ and target/hermes-fixtures/)"""
import hashlib
import pathlib
import struct
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "tests/fixtures/hermes"
BUILT = ROOT / "target/hermes-fixtures"
CORPUS = ROOT.parent / "shared/corpus"
MAGIC = bytes([0xC6, 0x1F, 0xBC, 0x03, 0xC1, 0x03, 0x19, 0x1F])

# What a small React Native app's strings look like: identifiers, SDK module names, endpoints.
STRINGS = [
    ("__DEV__", False),
    ("RNFBAnalyticsModule", False),
    ("@react-native-firebase/analytics", False),
    ("https://api.mixpanel.com/track", False),
    ("https://example-app.firebaseio.com/users.json", False),
    ("graph.facebook.com", False),
    ("http://cleartext.torchplus.io/ping", False),
    ("Grüße aus https://api.torchplus.de/v2 ✓", True),
    ("https://cdn.torchplus.com/" + "x" * 300, False),  # longer than 254: an overflow entry
]


def build(version, strings, functions=3):
    storage = bytearray()
    small, overflow = [], []
    for text, utf16 in strings:
        offset = len(storage)
        if utf16:
            data = text.encode("utf-16-le")
            length = len(data) // 2
        else:
            data = text.encode("latin-1")
            length = len(data)
        storage += data
        if length >= 255 or offset >= 1 << 23:
            small.append(int(utf16) | (len(overflow) << 1) | (255 << 24))
            overflow.append((offset, length))
        else:
            small.append(int(utf16) | (offset << 1) | (length << 24))
    body = bytearray()
    body += bytes((16 if version <= 96 else 12) * functions)
    body += struct.pack("<I", len(strings))  # one string-kind run: all strings of kind 0
    body += b"".join(struct.pack("<I", e) for e in small)
    body += b"".join(struct.pack("<II", o, l) for o, l in overflow)
    body += storage
    while len(body) % 4:
        body.append(0)
    header = bytearray(128)
    header[0:8] = MAGIC
    struct.pack_into("<I", header, 8, version)
    header[12:32] = hashlib.sha1(b"index.js").digest()
    total = 128 + len(body) + 20
    struct.pack_into("<IIIIIIII", header, 32, total, 0, functions, 1, 0, len(small), len(overflow), len(storage))
    data = bytes(header) + bytes(body)
    return data + hashlib.sha1(data).digest()


def patch(data, at, value):
    out = bytearray(data)
    struct.pack_into("<I", out, at, value)
    return bytes(out)


def swap_entry(src, dst, entry, new_bytes):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = new_bytes if info.filename == entry else zin.read(info.filename)
            zout.writestr(info, data)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    BUILT.mkdir(parents=True, exist_ok=True)
    files = {}
    for v in (74, 96, 99):
        files[f"v{v}.hbc"] = build(v, STRINGS)
    good = files["v96.hbc"]
    files["hostile-unknown-version.hbc"] = patch(good, 8, 100)
    files["hostile-delta-form.hbc"] = bytes(b ^ 0xFF for b in MAGIC) + good[8:]
    files["hostile-truncated.hbc"] = good[:200]
    files["hostile-string-count.hbc"] = patch(good, 52, 0xFFFFFFFF)
    files["hostile-function-count.hbc"] = patch(good, 40, 0x40000000)
    files["hostile-storage-size.hbc"] = patch(good, 60, 0xFFFFFFF0)
    # The second string entry points far past the storage; the others still read.
    bad = bytearray(good)
    entry = 128 + 16 * 3 + 4 + 4
    struct.pack_into("<I", bad, entry, (0x7FFFFF << 1) | (200 << 24))
    files["hostile-string-offset.hbc"] = bytes(bad)
    for name, data in files.items():
        (OUT / name).write_bytes(data)
    # The corpus's React Native apps, as if built for Hermes (signatures no longer match: not the point).
    apk = CORPUS / "apk/reactnative_bitlist_jsc_armeabi-v7a.apk"
    if apk.is_file():
        swap_entry(apk, BUILT / "reactnative_bitlist_hermes.apk", "assets/index.android.bundle", files["v96.hbc"])
        swap_entry(apk, BUILT / "reactnative_bitlist_hermes_v100.apk", "assets/index.android.bundle", files["hostile-unknown-version.hbc"])
    ipa = CORPUS / "ipa/reactnative_rnvideo_io.rntest.hello.ipa"
    if ipa.is_file():
        swap_entry(ipa, BUILT / "reactnative_rnvideo_hermes.ipa", "Payload/rnvideo.app/main.jsbundle", files["v99.hbc"])
    print(f"wrote {len(files)} files to {OUT.relative_to(ROOT)} and the Hermes APK/IPA to {BUILT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
