#!/usr/bin/env python3
"""Builds the page's fonts from Debian's font packages (never committed).

Usage: make-fonts.py OUT_DIR
  base.ttf  DejaVu Sans       Latin, punctuation, arrows, and the grading marks ○ △ × ◯ ✓
  bold.ttf  DejaVu Sans Bold  the same set, for headings and emphasis
  mono.ttf  DejaVu Sans Mono  the same set plus box drawing, for code
  cjk.ttf   VL Gothic         kana, JIS X 0208 kanji, CJK punctuation, full-width forms:
                              fetched by the page only once Japanese text shows up
Hinting and OpenType layout tables are dropped: Dear ImGui's rasterizer uses neither.
The code point lists here and kBaseRanges in src/app/fonts.cpp describe the same set.
"""
import os
import sys

from fontTools import subset

DEJAVU = "/usr/share/fonts/truetype/dejavu"
VLGOTHIC = "/usr/share/fonts/truetype/vlgothic/VL-Gothic-Regular.ttf"

# Inclusive ranges; keep in step with kBaseRanges in src/app/fonts.cpp.
BASE_RANGES = [
    (0x0020, 0x007E), (0x00A0, 0x017F),  # ASCII, Latin-1, Latin Extended-A
    (0x2010, 0x2027), (0x2030, 0x203A),  # dashes, quotes, bullet, ellipsis, per mille, ‹ ›
    (0x20AC, 0x20AC),                    # €
    (0x2190, 0x2195), (0x21D0, 0x21D4),  # arrows ← → ↑ ↓ ⇒ ⇔
    (0x2212, 0x2212), (0x2248, 0x2248),  # − ≈
    (0x2260, 0x2260), (0x2264, 0x2265),  # ≠ ≤ ≥
    (0x2460, 0x2473),                    # circled numbers ① … ⑳
    (0x25A0, 0x25A1), (0x25B2, 0x25B3),  # ■ □ ▲ △
    (0x25B6, 0x25B7), (0x25BC, 0x25BD),  # ▶ ▷ ▼ ▽
    (0x25C6, 0x25C7), (0x25CB, 0x25CF),  # ◆ ◇ ○ ◌ ◍ ◎ ●
    (0x25EF, 0x25EF),                    # ◯
    (0x2605, 0x2606), (0x26A0, 0x26A0),  # ★ ☆ ⚠
    (0x2713, 0x2718),                    # ✓ ✔ ✕ ✖ ✗ ✘
    (0xFFFD, 0xFFFD),                    # replacement character
]
MONO_EXTRA = [(0x2500, 0x257F)]          # box drawing, for diagrams in code blocks

CJK_RANGES = [
    (0x3000, 0x303F),  # CJK symbols and punctuation 、。「」々〆
    (0x3040, 0x309F),  # hiragana
    (0x30A0, 0x30FF),  # katakana
    (0x31F0, 0x31FF),  # katakana phonetic extensions
    (0x3200, 0x33FF),  # enclosed CJK letters, CJK compatibility (㈱ ㍉)
    (0xFF00, 0xFFEF),  # half-width and full-width forms （）：
]


def expand(ranges):
    return [cp for lo, hi in ranges for cp in range(lo, hi + 1)]


def jis_kanji():
    """Kanji of JIS X 0208 (levels 1 and 2): those Shift_JIS can encode."""
    out = []
    for cp in range(0x4E00, 0xA000):
        try:
            chr(cp).encode("shift_jis")
            out.append(cp)
        except UnicodeEncodeError:
            pass
    return out


def make(src, dst, codepoints):
    options = subset.Options()
    options.layout_features = []
    options.hinting = False
    options.name_IDs = [1, 2]            # family and style names only
    options.notdef_outline = True
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "kern", "DSIG", "gasp", "hdmx", "LTSH", "VDMX", "FFTM"]
    font = subset.load_font(src, options)
    sub = subset.Subsetter(options)
    sub.populate(unicodes=codepoints)
    sub.subset(font)
    tmp = dst + ".tmp"
    subset.save_font(font, tmp, options)
    os.replace(tmp, dst)   # never leave a half-written font behind


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: make-fonts.py OUT_DIR")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    base = expand(BASE_RANGES)
    make(f"{DEJAVU}/DejaVuSans.ttf", f"{out}/base.ttf", base)
    make(f"{DEJAVU}/DejaVuSans-Bold.ttf", f"{out}/bold.ttf", base)
    make(f"{DEJAVU}/DejaVuSansMono.ttf", f"{out}/mono.ttf", base + expand(MONO_EXTRA))
    make(VLGOTHIC, f"{out}/cjk.ttf", expand(CJK_RANGES) + jis_kanji())


if __name__ == "__main__":
    main()
