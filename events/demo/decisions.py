"""Demo decisions: the seed meeting's two motions (adopt the half-year
report, adopt the Quy chế decision) and the 2026 year-end votes (suy tôn
for the Government's flag, and next year's chair and deputy)."""

from events.models import AgendaItemKind, Conference, DecisionKind
from events.services.decisions import decision_create


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
