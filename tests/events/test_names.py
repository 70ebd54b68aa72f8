"""Tests for events.names: Vietnamese cleaning, folding, collation and slugs."""

import random
import unicodedata

import pytest
from django.utils.text import slugify
from hypothesis import given
from hypothesis import strategies as st

from events.names import (
    clean_text,
    collation_key,
    fold,
    join_name,
    person_collation_key,
    slugify_vi,
    split_full_name,
    vietnamese_sorted,
)

NAMES = [
    "Nguyễn Quang Đông",
    "Lê Văn Hội",
    "Trần Thị Ánh",
    "Phạm Văn An",
    "Hoàng Thị Anh",
    "Đỗ Minh Dũng",
    "Vũ Thị Duyên",
    "Bùi Văn Ăn",
    "Ngô Thị Ho\u00e0",  # Hoà: tone on the a
    "Lý Văn H\u00f2a",  # Hòa: tone on the o
    "Đinh Văn Ơn",
    "Trịnh Văn Ôn",
    "Mai Văn On",
]

HOA_NEW_STYLE = "Ho\u00e0"  # "Hoà"
HOA_OLD_STYLE = "H\u00f2a"  # "Hòa"


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _person_key(full_name: str) -> str:
    family, middle, given_name = split_full_name(full_name)
    return person_collation_key(family=family, middle=middle, given=given_name)


def _assert_sorts_to(expected: list[str]) -> None:
    shuffled = list(reversed(expected))
    random.Random(1).shuffle(shuffled)
    assert vietnamese_sorted(shuffled) == expected


# --- clean_text ------------------------------------------------------------------------------


def test_clean_text_none_returns_empty():
    assert clean_text(None) == ""


def test_clean_text_collapses_whitespace_and_nbsp():
    assert clean_text("  Nguyễn\u00a0\u00a0Quang \t\n Đông\u2009 ") == "Nguyễn Quang Đông"


def test_clean_text_nfd_becomes_nfc():
    decomposed = _nfd("Nguyễn Quang Đông")
    assert not unicodedata.is_normalized("NFC", decomposed)
    cleaned = clean_text(decomposed)
    assert unicodedata.is_normalized("NFC", cleaned)
    assert cleaned == "Nguyễn Quang Đông"


def test_clean_text_keeps_tone_placement_variants_distinct():
    assert clean_text(HOA_NEW_STYLE) == HOA_NEW_STYLE
    assert clean_text(HOA_OLD_STYLE) == HOA_OLD_STYLE
    assert clean_text(HOA_NEW_STYLE) != clean_text(HOA_OLD_STYLE)


# --- split_full_name / join_name -------------------------------------------------------------


@pytest.mark.parametrize(
    ("full_name", "expected"),
    [
        ("", ("", "", "")),
        ("   ", ("", "", "")),
        ("Đông", ("", "", "Đông")),
        ("Nguyễn Đông", ("Nguyễn", "", "Đông")),
        ("Nguyễn Quang Đông", ("Nguyễn", "Quang", "Đông")),
        ("Tôn Nữ Thị Hà", ("Tôn", "Nữ Thị", "Hà")),
        ("  Nguyễn\u00a0 Quang   Đông ", ("Nguyễn", "Quang", "Đông")),
    ],
)
def test_split_full_name_by_word_count(full_name, expected):
    assert split_full_name(full_name) == expected


def test_split_full_name_returns_nfc():
    family, middle, given_name = split_full_name(_nfd("Nguyễn Quang Đông"))
    assert (family, middle, given_name) == ("Nguyễn", "Quang", "Đông")
    assert all(unicodedata.is_normalized("NFC", part) for part in (family, middle, given_name))


def test_join_name_skips_empty_parts():
    assert join_name("Nguyễn", "Quang", "Đông") == "Nguyễn Quang Đông"
    assert join_name("Nguyễn", "", "Đông") == "Nguyễn Đông"
    assert join_name("", " ", "Đông") == "Đông"
    assert join_name("", "", "") == ""


def test_join_name_round_trips_split():
    for name in NAMES + ["Tôn Nữ Thị Hà", "Đông"]:
        assert join_name(*split_full_name(name)) == name


# --- fold ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Nguyễn Quang Đông", "nguyen quang dong"),
        ("ĐĂK LĂK", "dak lak"),
        ("Hòa Bình", "hoa binh"),
        ("  Bà Rịa-Vũng Tàu ", "ba ria vung tau"),
        ("Sở Nội vụ tỉnh Bắc Kạn", "so noi vu tinh bac kan"),
        ("K'Sor H\u2019Hen Niê", "ksor hhen nie"),
        ("Phòng 2.1", "phong 2 1"),
        ("", ""),
    ],
)
def test_fold_strips_diacritics_and_case(value, expected):
    assert fold(value) == expected


def test_fold_matches_unaccented_query():
    assert fold("Nguyễn Quang Đông") == "nguyen quang dong"
    assert "quang dong" in fold("Nguyễn Quang Đông")


def test_fold_nfd_input_equals_nfc_input():
    for name in NAMES:
        assert fold(_nfd(name)) == fold(name)


def test_fold_tone_placement_variants_alike():
    assert HOA_NEW_STYLE != HOA_OLD_STYLE
    assert fold(HOA_NEW_STYLE) == fold(HOA_OLD_STYLE) == "hoa"
    assert fold("Ho\u00e1") == fold("H\u00f3a") == "hoa"


# --- collation_key / vietnamese_sorted -------------------------------------------------------


def test_vietnamese_sorted_full_names_family_first():
    expected = [
        "Bùi Văn Ăn",
        "Đinh Văn Ơn",
        "Đỗ Minh Dũng",
        "Hoàng Thị Anh",
        "Lê Văn Hội",
        "Lý Văn H\u00f2a",
        "Mai Văn On",
        "Ngô Thị Ho\u00e0",
        "Nguyễn Quang Đông",
        "Phạm Văn An",
        "Trần Thị Ánh",
        "Trịnh Văn Ôn",
        "Vũ Thị Duyên",
    ]
    assert vietnamese_sorted(NAMES) == expected
    # Code-point order puts Đ after every other capital and Ngô after Nguyễn.
    assert sorted(NAMES) != expected
    assert sorted(NAMES)[-2:] == ["Đinh Văn Ơn", "Đỗ Minh Dũng"]


def test_vietnamese_sorted_people_by_given_middle_family():
    expected = [
        "Phạm Văn An",
        "Hoàng Thị Anh",
        "Trần Thị Ánh",
        "Bùi Văn Ăn",
        "Đỗ Minh Dũng",
        "Vũ Thị Duyên",
        "Nguyễn Quang Đông",
        "Ngô Thị Ho\u00e0",  # same given as Hòa; middle Thị < Văn
        "Lý Văn H\u00f2a",
        "Lê Văn Hội",
        "Mai Văn On",
        "Trịnh Văn Ôn",
        "Đinh Văn Ơn",
    ]
    assert sorted(NAMES, key=_person_key) == expected
    plain = sorted(NAMES, key=lambda name: split_full_name(name)[::-1])
    assert plain != expected


def test_vietnamese_sorted_with_key_function():
    people = [{"name": name} for name in ("Đông", "Dũng", "Anh", "Ăn")]
    result = vietnamese_sorted(people, key=lambda person: person["name"])
    assert [person["name"] for person in result] == ["Anh", "Ăn", "Dũng", "Đông"]


def test_collation_tone_order_on_one_syllable():
    expected = ["ma", "mà", "mả", "mã", "má", "mạ"]
    _assert_sorts_to(expected)
    assert sorted(expected) != expected


@pytest.mark.parametrize(
    "expected",
    [
        ["a", "ă", "â", "b"],
        ["d", "đ", "e"],
        ["o", "ô", "ơ", "p"],
        ["u", "ư", "v"],
        ["ê", "f", "g"],
        ["i", "j", "k"],
        ["v", "w", "x"],
        ["y", "z"],
        ["0", "9", "a"],
    ],
)
def test_collation_letter_order(expected):
    _assert_sorts_to(expected)


def test_collation_letter_order_beats_tone():
    # Base letters decide before the tone: "ạ" < "ă", "ả" < "b".
    _assert_sorts_to(["à", "ạ", "ă", "ằ", "ặ", "â", "ậ", "b"])


def test_collation_shorter_syllable_prefix_first():
    _assert_sorts_to(["An", "Án", "Anh", "Ánh"])


def test_collation_compares_syllable_by_syllable():
    assert collation_key("An Bình") < collation_key("Anh")
    _assert_sorts_to(["An", "An Bình", "Anh", "Anh Đào"])


def test_collation_case_insensitive():
    assert collation_key("NGUYỄN QUANG ĐÔNG") == collation_key("nguyễn quang đông")


def test_collation_tone_placement_variants_equal():
    assert collation_key(HOA_NEW_STYLE) == collation_key(HOA_OLD_STYLE)
    assert collation_key("Ho\u00e1") == collation_key("H\u00f3a")
    assert collation_key("Thu\u1ef7") == collation_key("Th\u1ee7y")  # Thuỷ / Thủy
    assert collation_key(HOA_NEW_STYLE) != collation_key("Hoa")


def test_collation_nfd_equals_nfc():
    for name in NAMES:
        assert collation_key(_nfd(name)) == collation_key(name)


def test_collation_ignores_punctuation():
    assert collation_key("Bà Rịa-Vũng Tàu") == collation_key("Bà Rịa Vũng Tàu")
    assert collation_key("...") == ""
    assert collation_key("") == ""


def test_collation_keys_digits_only():
    for name in NAMES + ["Phòng 2.1", "Nguyễn Văn Ω", "Đông 東"]:
        key = collation_key(name)
        assert key.isascii() and key.isdigit()


# --- person_collation_key ---------------------------------------------------------------------


def test_person_collation_given_then_middle_then_family():
    people = [
        ("Vũ", "Văn", "An"),
        ("Bùi", "Văn", "Anh"),
        ("Trần", "Thị", "An"),
        ("Lê", "Thị", "An"),
        ("An", "", "An"),
    ]
    result = sorted(
        people,
        key=lambda p: person_collation_key(family=p[0], middle=p[1], given=p[2]),
    )
    assert result == [
        ("An", "", "An"),
        ("Lê", "Thị", "An"),
        ("Trần", "Thị", "An"),
        ("Vũ", "Văn", "An"),
        ("Bùi", "Văn", "Anh"),
    ]


def test_person_collation_prefix_given_first():
    short = person_collation_key(family="Vũ", middle="Văn", given="An")
    longer = person_collation_key(family="An", middle="An", given="An Bình")
    assert short < longer
    assert short.isascii() and short.isdigit()


# --- slugify_vi ------------------------------------------------------------------------------


def test_slugify_vi_keeps_d_with_stroke():
    assert slugify_vi("Đông") == "dong"
    assert slugify("Đông") == "ong"  # Django drops Đ entirely


def test_slugify_vi_organisation_name():
    assert slugify_vi("Sở Nội vụ tỉnh Bắc Kạn") == "so-noi-vu-tinh-bac-kan"
    assert slugify_vi("ĐĂK LĂK") == "dak-lak"
    assert slugify_vi("  Bà Rịa-Vũng Tàu ") == "ba-ria-vung-tau"


# --- properties ------------------------------------------------------------------------------

_VIETNAMESE_TEXT = st.text(
    alphabet=st.sampled_from(
        list("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯfjwz09 -'.")
        + ["\u0300", "\u0309", "\u0303", "\u0301", "\u0323", "\u0306", "\u0302", "\u031b"]
    )
)
_ANY_TEXT = st.one_of(st.text(), _VIETNAMESE_TEXT)


@given(_ANY_TEXT)
def test_property_collation_key_digits_only(text):
    key = collation_key(text)
    assert key == "" or (key.isascii() and key.isdigit())


@given(_ANY_TEXT)
def test_property_fold_idempotent(text):
    folded = fold(text)
    assert fold(folded) == folded


@given(_ANY_TEXT)
def test_property_normalization_form_irrelevant(text):
    assert fold(_nfd(text)) == fold(text)
    assert collation_key(_nfd(text)) == collation_key(text)
    cleaned = clean_text(text)
    assert unicodedata.is_normalized("NFC", cleaned)
    assert clean_text(cleaned) == cleaned


@given(_VIETNAMESE_TEXT)
def test_property_collation_case_insensitive(text):
    assert collation_key(text.upper()) == collation_key(text.lower())
