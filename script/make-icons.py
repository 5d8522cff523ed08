#!/usr/bin/env python3
"""Draws AppLens's app icons (a lens over a page, in the page's accent colour) as PNG files, with the
standard library only: the web app manifest needs a 192 px and a 512 px icon, and a "maskable" one whose
drawing keeps inside the safe circle (80% of the side) so a launcher may crop it to any shape.

usage: script/make-icons.py OUT_DIR      (script/build writes them into dist/)
"""
import struct
import sys
import zlib
from pathlib import Path

ACCENT = (0x0B, 0x5C, 0xAD)  # --al-accent in www/style.css
PAPER = (0xFF, 0xFF, 0xFF)
SAMPLES = 3  # per axis, for smooth edges


def shape(x, y, maskable):
    """Coverage (0 or 1) of the accent background and of the white lens at (x, y) in 0..1 coordinates."""
    scale = 0.62 if maskable else 0.78
    u, v = (x - 0.5) / scale + 0.5, (y - 0.5) / scale + 0.5
    if not maskable:
        r = 0.2  # a rounded square
        dx, dy = max(abs(x - 0.5) - (0.5 - r), 0), max(abs(y - 0.5) - (0.5 - r), 0)
        if dx * dx + dy * dy > r * r:
            return None
    # The lens: a ring centred a little up-left, and a handle towards the bottom right.
    cx, cy, outer, inner = 0.44, 0.44, 0.27, 0.19
    d2 = (u - cx) ** 2 + (v - cy) ** 2
    if inner * inner <= d2 <= outer * outer:
        return PAPER
    # The handle: a thick segment from the ring outwards at 45 degrees.
    t = ((u - cx) + (v - cy)) / 2 ** 0.5
    n = abs((u - cx) - (v - cy)) / 2 ** 0.5
    if outer - 0.02 <= t <= outer + 0.24 and n <= 0.065:
        return PAPER
    # Three lines of "text" seen through the lens.
    if d2 < inner * inner:
        for row in (0.37, 0.44, 0.51):
            if abs(v - row) < 0.022 and cx - 0.12 <= u <= cx + (0.12 if row != 0.51 else 0.05):
                return PAPER
    return ACCENT


def draw(size, maskable):
    rows = []
    for py in range(size):
        row = bytearray([0])  # filter: none
        for px in range(size):
            acc = [0, 0, 0, 0]
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    c = shape((px + (sx + 0.5) / SAMPLES) / size, (py + (sy + 0.5) / SAMPLES) / size, maskable)
                    if c is not None:
                        acc[0] += c[0]
                        acc[1] += c[1]
                        acc[2] += c[2]
                        acc[3] += 255
            n = SAMPLES * SAMPLES
            alpha = acc[3] // n
            if alpha:
                # Colour averaged over the covered samples only (straight, not premultiplied, alpha).
                covered = acc[3] // 255
                row += bytes((acc[0] // covered, acc[1] // covered, acc[2] // covered, alpha))
            else:
                row += b"\0\0\0\0"
        rows.append(bytes(row))
    return png(size, size, b"".join(rows))


def png(width, height, raw):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def main():
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "dist")
    out.mkdir(parents=True, exist_ok=True)
    for name, size, maskable in (("icon-192.png", 192, False), ("icon-512.png", 512, False), ("icon-maskable-512.png", 512, True)):
        (out / name).write_bytes(draw(size, maskable))


if __name__ == "__main__":
    main()
