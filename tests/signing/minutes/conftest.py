"""A meeting that ran: three units, a secretary, an agenda with actual times
(one item skipped), check-ins at the main entrance for all but one person."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from events.models import AgendaItemStatus, CheckinMethod
from events.services.checkin import checkin_list_main, checkin_perform
from tests.factories import AgendaItemFactory, RegistrationFactory, UserFactory
from tests.signing.conftest import make_ceremony

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def at(hour, minute):
    return datetime(2026, 3, 20, hour, minute, tzinfo=TZ)


@pytest.fixture
def meeting(conference):
    ceremony = make_ceremony(conference)
    chair_unit = conference.term.chair
    people = {
        "secretary": RegistrationFactory(
            conference=conference,
            full_name="Hoàng Thị Nga",
            title="Chuyên viên Văn phòng",
            role_code="secretary",
            unit=chair_unit,
            email="nga@thuky.example",
        ),
        "chair": RegistrationFactory(
            conference=conference,
            full_name="Trần Văn Bảo",
            title="Giám đốc",
            role_code="chair",
            unit=chair_unit,
            email="bao@chutri.example",
        ),
        "absent": RegistrationFactory(
            conference=conference,
            full_name="Đỗ Minh Khang",
            title="Chuyên viên",
            role_code="specialist",
            unit=chair_unit,
        ),
        "second": RegistrationFactory(
            conference=conference,
            full_name="Âu Thị Bình",
            title="Chuyên viên",
            role_code="specialist",
            unit=chair_unit,
        ),
    }
    opening = AgendaItemFactory(conference=conference, kind="opening", title="Khai mạc")
    report = AgendaItemFactory(conference=conference, kind="report", title="Báo cáo sơ kết 6 tháng")
    skipped = AgendaItemFactory(conference=conference, kind="other", title="Văn nghệ chào mừng")
    closing = AgendaItemFactory(conference=conference, kind="closing", title="Bế mạc")
    type(opening).objects.filter(pk=opening.pk).update(
        status=AgendaItemStatus.DONE, actual_start=at(8, 7), actual_end=at(8, 20)
    )
    type(report).objects.filter(pk=report.pk).update(
        status=AgendaItemStatus.DONE, actual_start=at(8, 20), actual_end=at(8, 52)
    )
    type(skipped).objects.filter(pk=skipped.pk).update(status=AgendaItemStatus.SKIPPED)
    type(closing).objects.filter(pk=closing.pk).update(
        status=AgendaItemStatus.DONE, actual_start=at(8, 52), actual_end=at(9, 4)
    )
    main = checkin_list_main(conference=conference)
    door = UserFactory()
    for n, registration in enumerate(conference.registrations.exclude(pk=people["absent"].pk)):
        checkin_perform(
            conference=conference,
            checkin_list=main,
            nonce=f"t-{n}-{registration.pk}",
            registration_id=registration.pk,
            method=CheckinMethod.MANUAL,
            user=door,
        )
    return {"conference": conference, "ceremony": ceremony, "people": people}
