"""Draws the Teams app icons: color.png (192x192) and outline.png (32x32, white on transparent).

The motif is a dot with rings of smaller dots spreading out from it. PNGs are written with zlib and
struct, so the icons are reproducible from this file: `python -m adapters.teams.icons [DIR]`
(default manifest/teams). Imports: stdlib only.
"""

from __future__ import annotations

import math
import struct
import sys
import zlib
from collections.abc import Sequence
from pathlib import Path

Rgba = tuple[int, int, int, int]
Dot = tuple[float, float, float]  # centre x, centre y, radius, in units of the icon's width

NHS_BLUE: Rgba = (0, 94, 184, 255)
WHITE: Rgba = (255, 255, 255, 255)
COLOR_SIZE = 192
OUTLINE_SIZE = 32
_SUPERSAMPLE = 4  # samples per pixel side, for smooth edges


def spread_motif(rings: Sequence[tuple[int, float, float]], centre_radius: float) -> list[Dot]:
    """A centre dot plus rings of (count, distance from centre, dot radius), all as fractions."""
    dots: list[Dot] = [(0.5, 0.5, centre_radius)]
    for index, (count, distance, radius) in enumerate(rings):
        offset = math.pi / count * (index % 2)  # stagger alternate rings
        for k in range(count):
            angle = offset + 2 * math.pi * k / count - math.pi / 2
            dots.append(
                (0.5 + distance * math.cos(angle), 0.5 + distance * math.sin(angle), radius)
            )
    return dots


COLOR_DOTS = spread_motif([(6, 0.25, 0.06), (12, 0.39, 0.035)], centre_radius=0.12)
OUTLINE_DOTS = spread_motif([(6, 0.3, 0.085)], centre_radius=0.16)


def coverage(size: int, dots: Sequence[Dot], x: int, y: int) -> float:
    """The fraction of pixel (x, y) covered by any dot, by supersampling."""
    hits = 0
    step = 1.0 / _SUPERSAMPLE
    for sy in range(_SUPERSAMPLE):
        py = (y + (sy + 0.5) * step) / size
        for sx in range(_SUPERSAMPLE):
            px = (x + (sx + 0.5) * step) / size
            if any((px - cx) ** 2 + (py - cy) ** 2 <= r * r for cx, cy, r in dots):
                hits += 1
    return hits / (_SUPERSAMPLE * _SUPERSAMPLE)


def draw(size: int, dots: Sequence[Dot], ink: Rgba, background: Rgba | None) -> list[list[Rgba]]:
    """Ink dots over a background (None: transparent, the ink's coverage becomes its alpha)."""
    rows = []
    for y in range(size):
        row = []
        for x in range(size):
            a = coverage(size, dots, x, y)
            if background is None:
                row.append((ink[0], ink[1], ink[2], round(255 * a)))
            else:
                mixed = tuple(
                    round(b + (i - b) * a) for i, b in zip(ink[:3], background[:3], strict=True)
                )
                row.append((mixed[0], mixed[1], mixed[2], 255))
        rows.append(row)
    return rows


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def encode_png(pixels: Sequence[Sequence[Rgba]]) -> bytes:
    """An 8-bit RGBA PNG; every row uses filter 0 (none), which keeps the writer tiny."""
    height, width = len(pixels), len(pixels[0])
    raw = b"".join(b"\x00" + bytes(c for px in row for c in px) for row in pixels)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(raw, 9))
        + _chunk(b"IEND", b"")
    )


def color_icon() -> bytes:
    return encode_png(draw(COLOR_SIZE, COLOR_DOTS, WHITE, NHS_BLUE))


def outline_icon() -> bytes:
    return encode_png(draw(OUTLINE_SIZE, OUTLINE_DOTS, WHITE, None))


def write_icons(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in (("color.png", color_icon()), ("outline.png", outline_icon())):
        path = directory / name
        path.write_bytes(data)
        written.append(path)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("manifest/teams")
    for path in write_icons(target):
        print(path)
