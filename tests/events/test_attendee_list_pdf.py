"""The printed attendee list: a role's heading never sits alone at the foot
of a page, and every unit's table has the same column widths."""

import io
import re

import pytest
from pypdf import PdfReader

from events.exports.badges_pdf import attendee_list_pdf
from events.models import Registration

pytestmark = pytest.mark.django_db


def _people(conference, offset: int = 0):
    """Units with 3 to 11 delegates each, two roles per unit: enough headings
    that some fall near a page's foot whatever the fonts."""
    units = list(conference.term.members.all())
    lead = conference.roles.get(code="director")
    staff = conference.roles.get(code="specialist")
    people = []
    for index, unit in enumerate(units * 3):
        size = 2 + (index * 5 + offset) % 7
        for n in range(size):
            people.append(
                Registration(
                    conference=conference,
                    unit=unit,
                    role=lead if n % 3 == 0 else staff,
                    family_name="Nguyễn",
                    middle_name="Văn",
                    # Short names in some units, long ones in others.
                    given_name=f"Người{index:02d}x{n:02d}" + " Trường Giang Sơn Hà" * (index % 3),
                    title="Chuyên viên Phòng Thi đua, khen thưởng",
                )
            )
    return people, {lead.name, staff.name}


def _lines(page) -> list[tuple[float, float, str]]:
    lines = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            lines.append((round(tm[4] * cm[0] + cm[4], 1), round(tm[5] * cm[3] + cm[5], 1), text))

    page.extract_text(visitor_text=visit)
    return lines


@pytest.mark.parametrize("offset", [0, 3])
def test_role_headings_keep_their_first_rows_and_columns_line_up(conference, offset):
    people, role_names = _people(conference, offset)
    reader = PdfReader(io.BytesIO(attendee_list_pdf(conference=conference, registrations=people)))
    assert len(reader.pages) >= 3
    title_x = set()
    for number, page in enumerate(reader.pages, start=1):
        lines = [line for line in _lines(page) if not re.fullmatch(r"\d+ / \d+", line[2].strip())]
        body = sorted(lines, key=lambda line: -line[1])
        last_y = body[-1][1]
        last_row = [text.strip() for x, y, text in body if abs(y - last_y) < 1]
        # The lowest row on the page is a person, not a role heading or a unit heading.
        assert not set(last_row) & role_names, (number, last_row)
        assert not any(re.match(r"\d+\. ", text) for text in last_row), (number, last_row)
        title_x |= {x for x, y, text in lines if text.strip() == "thưởng"}
    # The titles' second lines ("… khen / thưởng") start at one x in every table.
    assert len(title_x) == 1
