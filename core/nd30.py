"""Decree 30/2020/NĐ-CP (công tác văn thư): the pieces every administrative
document shares, whoever builds it (covenant, invitation, minutes, counting
record). The layout lives in ``static/documents/nd30.css`` and the
``templates/documents/nd30/`` includes; see docs/documents.md.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from django.conf import settings

STYLESHEET = (Path(settings.BASE_DIR) / "static" / "documents" / "nd30.css").resolve()
#: The face every Decree 30 PDF uses (metric-compatible with Times New Roman),
#: and the one DOCX exports name so that Word substitutes nothing.
PDF_FONT = "Liberation Serif"
DOCX_FONT = "Times New Roman"

WEEKDAYS_VI = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")


def month_text(month: int) -> str:
    """Decree 30 pads the months 1 and 2 only ("tháng 02", "tháng 7")."""
    return f"{month:02d}" if month < 3 else str(month)


def place_date(place: str, day: date, language: str = "vi") -> str:
    """ "Bắc Kạn, ngày 22 tháng 7 năm 2022": the day zero-padded below 10, and
    only the months 1 and 2 (Decree 30/2020, Annex I, item 4)."""
    if language == "vi":
        return f"{place}, ngày {day.day:02d} tháng {month_text(day.month)} năm {day.year}"
    return f"{place}, {day:%d %B %Y}"


def short_date(day: date) -> str:
    """ "22/7/2022", "05/02/2026": the numeric date of a Vietnamese letter."""
    return f"{day.day:02d}/{month_text(day.month)}/{day.year}"


def time_text(moment: datetime) -> str:
    """ "08 giờ 00 phút": a clock time as a letter writes it (local time)."""
    return f"{moment.hour:02d} giờ {moment.minute:02d} phút"


def weekday_text(day: date) -> str:
    return WEEKDAYS_VI[day.weekday()]


def two_digits(count: int) -> str:
    """ "01", "03", "12": counts in a letter, as offices write them."""
    return f"{count:02d}"


def number_reference(number: str, unset: str = "…/BB-…") -> str:
    """A document's number as typed, or the dotted blank of Decree 30."""
    return number or unset


def number_line(number: str) -> str:
    """ "Số: 01/BB-CTĐ" under the issuer, as a Decree 30 document prints it."""
    return f"Số: {number_reference(number)}"
