#!/usr/bin/python3
"""Builds nnbookgothic.ttf, the font of nnplot, from IPAex Gothic.

The subset keeps every glyph of IPAex Gothic except the CJK ideographs that
are not in JIS X 0208 (the 6355 kanji of levels 1 and 2): kana, Latin,
Greek, Cyrillic, punctuation, arrows, mathematical and other symbols stay
whole. The IPA Font License forbids the name "IPA" in a derived font, so the
family is renamed "nnbook Gothic"; the copyright and licence records stay.

Usage (Debian: apt-get install fonts-ipaexfont-gothic python3-fonttools):

    /usr/bin/python3 subset.py /usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf nnbookgothic.ttf
"""
import sys

from fontTools import subset
from fontTools.ttLib import TTFont

FAMILY = "nnbook Gothic"


def is_ideograph(cp):
    return (0x3400 <= cp <= 0x4DBF or 0x4E00 <= cp <= 0x9FFF
            or 0xF900 <= cp <= 0xFAFF or 0x20000 <= cp <= 0x3FFFF)


def jis_x_0208():
    """Returns the code points of JIS X 0208, decoded through EUC-JP."""
    cps = set()
    for hi in range(0xA1, 0xFF):
        for lo in range(0xA1, 0xFF):
            try:
                s = bytes([hi, lo]).decode("euc_jp")
            except UnicodeDecodeError:
                continue
            cps.update(ord(c) for c in s)
    return cps


def main(src, dst):
    font = TTFont(src)
    cmap = font.getBestCmap()
    jis = jis_x_0208()
    keep = [cp for cp in cmap if not is_ideograph(cp) or cp in jis]
    opts = subset.Options()
    opts.name_IDs = ["*"]
    opts.name_languages = ["*"]
    opts.layout_features = ["*"]
    opts.notdef_outline = True
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=keep)
    sub.subset(font)
    name = font["name"]
    for rec in name.names:
        if rec.nameID in (1, 16):
            rec.string = FAMILY
        elif rec.nameID == 4:
            rec.string = FAMILY
        elif rec.nameID == 3:
            rec.string = FAMILY + " (subset of IPAex Gothic 00401)"
        elif rec.nameID == 6:
            rec.string = FAMILY.replace(" ", "")
    font.save(dst)
    kept = sum(1 for cp in keep if is_ideograph(cp))
    print(f"{dst}: {len(keep)} code points, {kept} ideographs")


if __name__ == "__main__":
    main(*sys.argv[1:])
