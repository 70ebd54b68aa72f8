"""Demo: the seed conference's minutes drafted from its facts (the chair of
the host unit and the host's secretary as signers), ready for the organizer
to edit, finalise and have signed. Idempotent.

The seed meeting (22 July 2022) was not run in the app: the minutes state
the planned times and the registered delegates, and say so.
"""

from __future__ import annotations

from events.models import Conference
from signing.models import Minutes
from signing.services.minutes import minutes_setup, minutes_update

NUMBER = "01/BB-CTĐ"
OPENING = (
    "Hội nghị được tiến hành theo chương trình đã thông báo; đồng chí Lộc Văn Tâm, "
    "Chuyên viên Văn phòng Sở Nội vụ tỉnh Bắc Kạn, tuyên bố lý do, giới thiệu đại biểu."
)
ADOPTED = [
    "Thông qua báo cáo tóm tắt kết quả công tác thi đua, khen thưởng 6 tháng đầu năm và "
    "phương hướng nhiệm vụ công tác 6 tháng cuối năm 2022 của Cụm thi đua",
    "Thông qua dự thảo Quyết định ban hành Quy chế tổ chức và hoạt động của Cụm thi đua "
    "Sở Nội vụ các tỉnh Trung du và Miền núi phía Bắc năm 2022",
    "Thống nhất một số nội dung hoạt động của Cụm thi đua năm 2022",
]


def load_minutes_demo(conference: Conference) -> None:
    if Minutes.objects.filter(conference=conference).exists():
        return
    minutes = minutes_setup(conference=conference)
    minutes_update(
        minutes=minutes,
        number=NUMBER,
        opening=OPENING,
        items=dict(minutes.sections.get("items", {})),
        adopted=ADOPTED,
        other="",
    )
