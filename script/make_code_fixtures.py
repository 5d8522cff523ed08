#!/usr/bin/env python3
"""Writes the smali sources of the generated code fixtures (see tests/fixtures/dex/README.md):
one stand-in class per tracker of data/trackers.tsv and one class per capability of
data/capability_signatures.tsv.

usage: make_code_fixtures.py OUT_DIR   (writes OUT_DIR/trackers/*.smali and OUT_DIR/capabilities/*.smali)"""
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


def rows(path):
    lines = [l for l in (ROOT / path).read_text(encoding="utf-8").splitlines() if l and not l.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, l.split("\t"))) for l in lines[1:]]


def tracker_class(signature):
    """A class name (slash form) that the first alternative of `signature` a class name can match (only
    word characters and dots: exodus-core's class list cuts names at any other character) matches."""
    alts = signature.split("|")
    alt = next((a for a in alts if all(c.isalnum() or c in "._" for c in a)), alts[0]).replace(".", "/")
    if alt.startswith("/"):
        alt = "x" + alt
    if alt.endswith("/"):
        alt += "Stub"
    if "/" not in alt:
        alt = "x/" + alt  # a class without a package is not in Exodus's class list
    return alt


def main(out):
    out = pathlib.Path(out)
    (out / "trackers").mkdir(parents=True, exist_ok=True)
    (out / "capabilities").mkdir(parents=True, exist_ok=True)
    seen = set()
    for i, t in enumerate(rows("data/trackers.tsv")):
        sig = t["code_signature"]
        if len(sig) <= 3:
            continue
        name = tracker_class(sig)
        if name in seen:
            continue
        seen.add(name)
        (out / "trackers" / f"t{i:03}.smali").write_text(
            f"# Stand-in for {t['name']} (generated; no vendor code).\n"
            f".class public L{name};\n.super Ljava/lang/Object;\n", encoding="utf-8")
    by_cap = {}
    for s in rows("data/capability_signatures.tsv"):
        by_cap.setdefault(s["capability"], []).append(s)
    for cap, sigs in sorted(by_cap.items()):
        body = []
        for s in sigs:
            kind, pattern = s["kind"], s["pattern"]
            if kind == "method":
                cls, name = pattern.split("->")
                body.append(f"    invoke-static {{}}, {cls}->{name}()V")
            elif kind == "field":
                body.append(f"    sget-object v0, {pattern}:Ljava/lang/Object;")
            elif kind == "type":
                body.append(f"    const-class v0, {pattern}")
            else:
                text = pattern.replace("\\", "\\\\").replace('"', '\\"')
                body.append(f'    const-string v0, "{text}"')
        cls = "".join(p.capitalize() for p in cap.split("_"))
        (out / "capabilities" / f"{cls}.smali").write_text(
            f"# Calls every API of the capability `{cap}` (generated from data/capability_signatures.tsv).\n"
            f".class public Lorg/applens/fixture/capability/{cls};\n.super Ljava/lang/Object;\n\n"
            f".method public static run()V\n    .locals 1\n" + "\n".join(body) + "\n    return-void\n.end method\n",
            encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
