"""Demo decisions: the seed meeting's two motions (adopt the half-year
report, adopt the Quy chế decision) and the 2026 year-end votes (suy tôn
for the Government's flag, and next year's chair and deputy).

Each unit's head of delegation is checked in on a roll call of its own
("Điểm danh trưởng đoàn biểu quyết"), twenty minutes before the start, so
the chair can open a vote from the console at once (below the quorum it
would refuse). Not at the main entrance: the seed meeting's minutes and
news draft take attendance from the main entrance (none recorded: as
registered), and the door demo keeps everyone to scan."""

from datetime import timedelta

from events.models import (
    AgendaItemKind,
    Checkin,
    CheckinMethod,
    Conference,
    DecisionKind,
    RegistrationStatus,
)
from events.selectors.decisions import unit_heads
from events.services.checkin import checkin_perform
from events.services.checkin_setup import checkin_list_create
from events.services.decisions import decision_create


def _heads_of_delegation(conference: Conference) -> list:
    """Per member unit, the delegate who casts its ballot: a role that may
    sign first, then the role's rank (as the electorate picks them)."""
    members = set(conference.term.members.values_list("pk", flat=True))
    delegates = conference.registrations.filter(
        status=RegistrationStatus.APPROVED, unit_id__in=members
    ).select_related("role")
    return list(unit_heads(delegates).values())


ROLL_CALL = "Điểm danh trưởng đoàn biểu quyết"


def check_in_heads_demo(conference: Conference) -> None:
    """Check in each unit's head of delegation on the roll call (once:
    idempotent)."""
    entrance = conference.checkin_lists.filter(name=ROLL_CALL).first() or checkin_list_create(
        conference=conference, name=ROLL_CALL
    )
    arrived = set(
        Checkin.objects.filter(checkin_list=entrance).values_list("registration_id", flat=True)
    )
    for head in _heads_of_delegation(conference):
        if head.pk in arrived:
            continue
        result = checkin_perform(
            conference=conference,
            checkin_list=entrance,
            nonce=f"demo-head-{head.pk}",
            registration_id=head.pk,
            method=CheckinMethod.MANUAL,
            at=conference.starts_at - timedelta(minutes=20),
        )
        if not result.ok:  # the demo's own data: a refusal is a bug
            raise RuntimeError(f"demo check-in of {head} refused: {result.code}")


def load_decisions_demo(conference_2022: Conference, conference_2026: Conference) -> None:
    if not conference_2022.decisions.exists():
        items = {i.kind: i for i in conference_2022.agenda_items.order_by("-position")}
        adoption = conference_2022.agenda_items.filter(kind=AgendaItemKind.ADOPTION)
        decision_create(
            conference=conference_2022,
            kind=DecisionKind.ADOPT,
            title="Thông qua Báo cáo sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2022",
            agenda_item=items.get(AgendaItemKind.REPORT),
        )
        decision_create(
            conference=conference_2022,
            kind=DecisionKind.ADOPT,
            title="Thông qua dự thảo Quyết định ban hành Quy chế hoạt động của Cụm thi đua",
            agenda_item=adoption.filter(title__icontains="Quy chế").first(),
        )
    if not conference_2026.decisions.exists():
        decision_create(
            conference=conference_2026,
            kind=DecisionKind.AWARD,
            title="Suy tôn đơn vị đề nghị tặng Cờ thi đua của Chính phủ năm 2026",
            secret=True,
            max_choices=1,
            quota=1,
        )
        decision_create(
            conference=conference_2026,
            kind=DecisionKind.ELECTION,
            title="Bầu Cụm trưởng, Cụm phó Cụm thi đua năm 2027",
            secret=True,
            max_choices=2,
        )
    for conference in (conference_2022, conference_2026):
        check_in_heads_demo(conference)
