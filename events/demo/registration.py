"""Registration extras for the demo: a policy, phones, a pending delegate.

Called once at the end of ``load_demo``; idempotent like the rest.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from events.models import Conference, RegistrationStatus
from events.names import fold
from events.services.registrations import (
    policy_update,
    registration_create,
    registration_link_user,
)

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def load_registration_demo(conference_2022: Conference, conference_2026: Conference) -> None:
    _link_accounts(conference_2022, conference_2026)
    policy_update(
        conference=conference_2026,
        deadline=datetime(2026, 3, 13, 17, 0, tzinfo=TZ),
        unit_quota=5,
        role_quotas={
            role.pk: 1 for role in conference_2026.roles.filter(code__in=["chair", "director"])
        },
    )
    unit = conference_2026.term.members.filter(short_name="Tuyên Quang").first()
    if (
        unit
        and not conference_2026.registrations.filter(
            search_key=fold("Hà Thị Mai"), unit=unit
        ).exists()
    ):
        registration_create(
            conference=conference_2026,
            family_name="Hà",
            middle_name="Thị",
            given_name="Mai",
            title="Phó Chánh Văn phòng",
            unit=unit,
            role=conference_2026.roles.get(code="office-leader"),
            email="mai.ha@tuyen-quang.example",
            phone="0912 345 678",
            gender="f",
            notes="Ăn chay",
            status=RegistrationStatus.PENDING,
        )


def _link_accounts(*conferences: Conference) -> None:
    """Give each approved delegate with an email the account they log in with by
    emailed code, as sending their pass would: the demo's delegates can then
    open their pass and vote without an organizer sending passes first."""
    for conference in conferences:
        for registration in conference.registrations.filter(
            status=RegistrationStatus.APPROVED, user__isnull=True
        ).exclude(email=""):
            registration_link_user(registration=registration)
