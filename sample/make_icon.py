#!/usr/bin/env python3
"""Draws the Torch Plus launcher icon: a torch (flashlight) casting a beam, on a
rounded blue square. Standard library only; script/build-sample runs it.

    python3 make_icon.py RES_DIR

writes RES_DIR/mipmap-{m,h,xh,xxh,xxxh}dpi/ic_launcher.png (48 to 192 px).
The output is byte-for-byte the same on every run (no timestamps in the PNG).
"""
import os
import struct
import sys
import zlib

SIZES = {"mdpi": 48, "hdpi": 72, "xhdpi": 96, "xxhdpi": 144, "xxxhdpi": 192}
SUPERSAMPLE = 4  # samples per pixel along each axis, for smooth edges

BACKGROUND = (30, 64, 175)  # deep blue
BEAM = (253, 224, 71)  # warm yellow
LENS = (254, 249, 195)  # pale yellow
HEAD = (229, 231, 235)  # light grey
BODY = (156, 163, 175)  # mid grey
BUTTON = (249, 115, 22)  # orange


def rounded_square(x, y, radius=0.18, margin=0.02):
    """True inside a square of side 1 - 2*margin with rounded corners."""
    lo, hi = margin + radius, 1.0 - margin - radius
    if x < margin or x > 1.0 - margin or y < margin or y > 1.0 - margin:
        return False
    dx = lo - x if x < lo else (x - hi if x > hi else 0.0)
    dy = lo - y if y < lo else (y - hi if y > hi else 0.0)
    return dx * dx + dy * dy <= radius * radius


def trapezoid(x, y, y0, hw0, y1, hw1):
    """True inside a trapezoid centred on x=0.5, half-width hw0 at y0 and hw1 at y1 (y0 < y1)."""
    if y < y0 or y > y1:
        return False
    t = (y - y0) / (y1 - y0)
    return abs(x - 0.5) <= hw0 + (hw1 - hw0) * t


def sample(x, y):
    """Colour (r, g, b, a) at normalised point (x, y), y pointing down."""
    if not rounded_square(x, y):
        return (0, 0, 0, 0)
    ax = abs(x - 0.5)
    # body: a bar with rounded bottom end
    if 0.54 <= y <= 0.86 and ax <= 0.085:
        if 0.62 <= y <= 0.69 and ax <= 0.035:
            return BUTTON + (255,)
        return BODY + (255,)
    if 0.86 < y <= 0.905 and ax * ax + (y - 0.86) ** 2 <= 0.085 ** 2:
        return BODY + (255,)
    # lens, then the head flaring out towards it
    if 0.40 <= y < 0.43 and ax <= 0.155:
        return LENS + (255,)
    if trapezoid(x, y, 0.43, 0.155, 0.54, 0.10):
        return HEAD + (255,)
    # the beam, fading as it widens
    if trapezoid(x, y, 0.08, 0.36, 0.40, 0.13):
        fade = 0.45 + 0.55 * (y - 0.08) / 0.32
        return blend(BACKGROUND, BEAM, fade) + (255,)
    return BACKGROUND + (255,)


def blend(a, b, t):
    return tuple(round(p + (q - p) * t) for p, q in zip(a, b))


def render(size):
    """RGBA rows, each a bytes object, anti-aliased by supersampling."""
    n = SUPERSAMPLE
    step = 1.0 / (size * n)
    rows = []
    for py in range(size):
        row = bytearray()
        for px in range(size):
            r = g = b = a = 0
            for sy in range(n):
                y = (py * n + sy + 0.5) * step
                for sx in range(n):
                    cr, cg, cb, ca = sample((px * n + sx + 0.5) * step, y)
                    r += cr * ca
                    g += cg * ca
                    b += cb * ca
                    a += ca
            if a:
                row += bytes((round(r / a), round(g / a), round(b / a), round(a / (n * n))))
            else:
                row += b"\0\0\0\0"
        rows.append(bytes(row))
    return rows


def png(size, rows):
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    raw = b"".join(b"\0" + row for row in rows)  # filter type 0 on every row
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: make_icon.py RES_DIR\n")
        return 2
    res = argv[1]
    for density, size in SIZES.items():
        folder = os.path.join(res, "mipmap-" + density)
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "ic_launcher.png"), "wb") as f:
            f.write(png(size, render(size)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
