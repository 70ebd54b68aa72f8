"""A conference ready for invitation letters: quotas, a reply deadline, two
chairs, liaisons, the letter settings and a guest organisation."""

import shutil
import subprocess
from datetime import date, datetime

from events.models import StaffRole
from events.services.invitations import invitation_setup_update
from events.services.registrations import policy_update
from tests.factories import TZ, ConferenceFactory, MembershipFactory, RegistrationFactory

SETTINGS = {
    "number": "12",
    "symbol": "gm-snv",
    "issued_on": date(2026, 3, 5),
    "place": "Phú Thọ",
    "parent_body": "UBND tỉnh Phú Thọ",
    "issuing_body": "Sở Nội vụ",
    "signer_authority": "KT. Giám đốc",
    "signer_title": "Phó Giám đốc",
    "signer_name": "Hoàng Văn Nam",
    "contact": "bà Hoàng Thị Lan, Văn phòng, 0210 3846 123",
    "guests": "Ban Thi đua - Khen thưởng Trung ương\n",
}


def invitation_conference(**settings):
    conference = ConferenceFactory(
        title="Hội nghị ký kết giao ước thi đua năm 2026",
        venue="Hội trường Sở Nội vụ tỉnh Phú Thọ",
        address="Phường Việt Trì, tỉnh Phú Thọ",
    )
    term = conference.term
    roles = {r.code: r for r in conference.roles.all()}
    policy_update(
        conference=conference,
        deadline=datetime(2026, 3, 13, 17, 0, tzinfo=TZ),
        unit_quota=5,
        role_quotas={roles["director"].pk: 1, roles["office-leader"].pk: 2},
    )
    RegistrationFactory(
        conference=conference,
        full_name="Nguyễn Quang Đông",
        title="Phó Giám đốc",
        role_code="chair",
        unit=term.chair,
    )
    RegistrationFactory(
        conference=conference,
        full_name="Lê Văn Hội",
        title="Giám đốc",
        role_code="chair",
        unit=term.deputy,
    )
    MembershipFactory(
        conference=conference,
        role=StaffRole.LIAISON,
        unit=term.chair,
        user__email="lienlac.chair@hoinghi.example",
    )
    invitation_setup_update(conference=conference, **{**SETTINGS, **settings})
    return conference


PDFTOTEXT = shutil.which("pdftotext") or "/usr/bin/pdftotext"


def _pdftotext(data: bytes) -> str:
    command = [PDFTOTEXT, "-enc", "UTF-8", "-", "-"]
    return subprocess.run(command, input=data, capture_output=True, check=True).stdout.decode()


def pdf_text(data: bytes) -> str:
    """What pdftotext (poppler) reads from the PDF, whitespace collapsed."""
    return " ".join(_pdftotext(data).split())


def pdf_pages(data: bytes) -> list[str]:
    pages = _pdftotext(data).split("\f")
    return [" ".join(page.split()) for page in pages if page.strip()]
