"""Paper ballots (events/exports/ballots_pdf.py): every candidate on every
copy, in Vietnamese, with the rule of the ballot printed."""

import io
import unicodedata

import pytest
from pypdf import PdfReader

from events.exports.ballots_pdf import paper_ballots_pdf
from events.models import Decision, Poll, PollCandidate
from tests.factories import ConferenceFactory

pytestmark = pytest.mark.django_db

PROVINCES = [
    "Bắc Kạn", "Cao Bằng", "Lạng Sơn", "Hà Giang", "Tuyên Quang", "Thái Nguyên",
    "Lào Cai", "Yên Bái", "Điện Biên", "Lai Châu", "Sơn La", "Hòa Bình",
]  # fmt: skip


def _pages(pdf: bytes) -> list[str]:
    return [
        unicodedata.normalize("NFC", p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages
    ]


def _poll(kind, labels, max_choices=1):
    conference = ConferenceFactory()
    decision = Decision.objects.create(
        conference=conference, kind=kind, title="Suy tôn Cờ thi đua của Chính phủ năm 2026",
        max_choices=max_choices,
    )  # fmt: skip
    poll = Poll.objects.create(decision=decision, rule={"max_choices": max_choices})
    PollCandidate.objects.bulk_create(
        PollCandidate(poll=poll, position=i, label=f"Sở Nội vụ tỉnh {name}")
        for i, name in enumerate(labels, start=1)
    )
    return poll


def test_twelve_candidates_are_all_on_each_copy():
    poll = _poll("award", PROVINCES, max_choices=2)
    pages = _pages(paper_ballots_pdf(poll=poll, copies=3))
    assert len(pages) == 3
    for text in pages:
        assert "PHIẾU SUY TÔN" in text
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        assert "Suy tôn Cờ thi đua của Chính phủ năm 2026" in text
        for name in PROVINCES:
            assert f"Sở Nội vụ tỉnh {name}" in text
        assert "đồng ý tối đa 2 đơn vị" in text
        assert "Đồng ý" in text and "Không đồng ý" in text


def test_a_motion_ballot_has_one_line_and_its_own_instruction():
    poll = _poll("adopt", ["Thông qua"])
    (text,) = _pages(paper_ballots_pdf(poll=poll, copies=1))
    assert "PHIẾU BIỂU QUYẾT" in text and "Đánh dấu vào một ô" in text


def test_copies_are_bounded():
    poll = _poll("adopt", ["Thông qua"])
    assert len(_pages(paper_ballots_pdf(poll=poll, copies=0))) == 1
