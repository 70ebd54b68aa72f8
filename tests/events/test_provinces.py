from datetime import date

import pytest
from django.db.models import F

from events.models import Province

pytestmark = pytest.mark.django_db

SEED_PROVINCES = [
    "Bắc Giang",
    "Bắc Kạn",
    "Phú Thọ",
    "Hòa Bình",
    "Thái Nguyên",
    "Yên Bái",
    "Tuyên Quang",
]


def test_provinces_before_the_merger_are_63():
    assert Province.objects.filter(valid_to=date(2025, 6, 30)).count() == 63


def test_provinces_after_the_merger_are_34():
    current = Province.objects.filter(valid_to__isnull=True)
    assert current.count() == 34
    assert set(current.values_list("valid_from", flat=True)) == {date(2025, 7, 1)}


def test_every_old_province_has_exactly_one_successor():
    old = Province.objects.filter(valid_to__isnull=False).prefetch_related("successors")
    counts = {province.name: len(province.successors.all()) for province in old}
    assert set(counts.values()) == {1}
    assert all(
        successor.valid_to is None for province in old for successor in province.successors.all()
    )


def test_every_new_province_is_formed_from_old_ones():
    new = Province.objects.filter(valid_to__isnull=True).prefetch_related("predecessors")
    assert sum(len(province.predecessors.all()) for province in new) == 63


def test_seed_provinces_now_lie_in_five_provinces():
    successors = {
        name: Province.objects.get(name=name, valid_to__isnull=False).successors.get().name
        for name in SEED_PROVINCES
    }
    assert successors == {
        "Bắc Giang": "Bắc Ninh",
        "Bắc Kạn": "Thái Nguyên",
        "Phú Thọ": "Phú Thọ",
        "Hòa Bình": "Phú Thọ",
        "Thái Nguyên": "Thái Nguyên",
        "Yên Bái": "Lào Cai",
        "Tuyên Quang": "Tuyên Quang",
    }
    assert set(successors.values()) == {
        "Bắc Ninh",
        "Thái Nguyên",
        "Phú Thọ",
        "Lào Cai",
        "Tuyên Quang",
    }


def test_a_reused_code_names_two_provinces_told_apart_by_period():
    rows = Province.objects.filter(code="15").order_by(F("valid_to").asc(nulls_last=True))
    assert [(p.name, p.valid_to) for p in rows] == [
        ("Yên Bái", date(2025, 6, 30)),
        ("Lào Cai", None),
    ]
    assert [p.name for p in Province.objects.valid_on(date(2022, 7, 22)).filter(code="15")] == [
        "Yên Bái"
    ]
    assert [p.name for p in Province.objects.valid_on(date(2026, 3, 20)).filter(code="15")] == [
        "Lào Cai"
    ]


def test_province_names_are_stored_in_nfc():
    import unicodedata

    assert all(
        unicodedata.is_normalized("NFC", name)
        for name in Province.objects.values_list("name", flat=True)
    )
