"""The seed conference's agenda (22 July 2022, from 08:00): idempotent."""

from events.models import AgendaItemKind, Conference, Registration
from events.names import fold
from events.services.agenda import agenda_item_create

# (kind, title, minutes, presenter's folded full name or "", free-text presenter)
SEED_AGENDA = [
    (AgendaItemKind.WELCOME, "Đón tiếp đại biểu, ổn định tổ chức", 15, "", ""),
    (
        AgendaItemKind.OPENING,
        "Tuyên bố lý do, giới thiệu đại biểu; phát biểu khai mạc",
        10,
        "le van hoi",
        "",
    ),
    (
        AgendaItemKind.REPORT,
        "Thông qua Báo cáo sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm và "
        "phương hướng nhiệm vụ 6 tháng cuối năm 2022",
        20,
        "nguyen quang dong",
        "",
    ),
    (
        AgendaItemKind.ADOPTION,
        "Thông qua dự thảo Quyết định ban hành Quy chế hoạt động của Cụm thi đua",
        15,
        "",
        "",
    ),
    (AgendaItemKind.ADOPTION, "Thống nhất các hoạt động của Cụm thi đua năm 2022", 15, "", ""),
    (
        AgendaItemKind.CONTRIBUTIONS,
        "Ý kiến đóng góp, thảo luận của các đơn vị thành viên",
        50,
        "",
        "Đại diện 7 Sở Nội vụ thành viên",
    ),
    (
        AgendaItemKind.COVENANT_SIGNING,
        "Ký kết giao ước thi đua năm 2022",
        15,
        "",
        "Lãnh đạo 7 Sở Nội vụ thành viên",
    ),
    (AgendaItemKind.CLOSING, "Bế mạc hội nghị", 10, "le van hoi", ""),
]


def load_agenda_demo(conference: Conference) -> None:
    if conference.agenda_items.exists():
        return
    for kind, title, minutes, person, text in SEED_AGENDA:
        presenter = (
            Registration.objects.filter(conference=conference, search_key=fold(person)).first()
            if person
            else None
        )
        agenda_item_create(
            conference=conference,
            kind=kind,
            title=title,
            duration_minutes=minutes,
            presenter=presenter,
            presenter_text=text,
        )
