"""The bundled Decree 30 face: every Vietnamese letter, in every style, and
declared where the web and the PDFs look for it."""

import unicodedata
from pathlib import Path

import pytest
from django.conf import settings
from fontTools.ttLib import TTFont

FONTS = Path(settings.BASE_DIR) / "static" / "fonts"
STYLES = ("Regular", "Bold", "Italic", "BoldItalic")
BASE = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
TONES = "\u0300\u0309\u0303\u0301\u0323"  # huyền, hỏi, ngã, sắc, nặng


def vietnamese_letters() -> set[str]:
    """Every letter of Vietnamese, both cases: the base letters and each vowel
    with each tone mark, composed (NFC) — 134 toned vowels and Đ/đ included."""
    letters = set()
    for base in BASE:
        for case in (base, base.upper()):
            letters.add(case)
            if case.lower() in "aăâeêioôơuưy":
                for tone in TONES:
                    letters.add(unicodedata.normalize("NFC", case + tone))
    return letters


def test_the_letter_set_is_complete_and_composed():
    letters = vietnamese_letters()
    assert all(len(letter) == 1 for letter in letters)
    assert len(letters) == 2 * (len(BASE) + 12 * 5)
    assert {"Ắ", "ặ", "Ỡ", "ự", "Ỹ", "đ", "Đ"} <= letters


@pytest.mark.parametrize("style", STYLES)
def test_liberation_serif_maps_every_vietnamese_letter(style):
    font = TTFont(FONTS / f"LiberationSerif-{style}.ttf")
    cmap = font.getBestCmap()
    needed = vietnamese_letters() | set(TONES) | {"₫"}

    missing = sorted(ch for ch in needed if ord(ch) not in cmap)

    assert missing == []
    assert font["name"].getDebugName(1) == "Liberation Serif"
    assert font["name"].getDebugName(5).startswith("Version 2.")
    assert font["OS/2"].fsType == 0  # installable: may be embedded in PDFs


def test_fonts_css_and_the_decree_30_stylesheet_declare_all_four_faces():
    fonts_css = (FONTS / "fonts.css").read_text(encoding="utf-8")
    nd30_css = (Path(settings.BASE_DIR) / "static" / "documents" / "nd30.css").read_text(
        encoding="utf-8"
    )
    for style in STYLES:
        assert f'url("LiberationSerif-{style}.ttf")' in fonts_css
        assert f'url("LiberationSerif-{style}.ttf")' in nd30_css
    assert fonts_css.count('font-family: "Liberation Serif"') == 4
    assert (FONTS / "LiberationSerif-OFL.txt").read_text().count("SIL OPEN FONT LICENSE") == 1
