# ruff: noqa: E501 — the covenant text is prose, one clause per line as the markup needs.
"""The demo covenant: the 2022 covenant of the seed conference, with its seven
signatories, left in draft: the chair (chutri@) reviews it, opens signing with
one click and can try both ways of signing. Idempotent.

(Not opened here: opening broadcasts to the live grid, and nobody is watching
while the demo loads.)

The clauses restate, in our own words, the commitments listed in the seed
article; they are not the original document.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from events.models import Conference
from signing.models import CeremonyState
from signing.services import ceremony_setup, covenant_update

ISSUING_BODY = "CỤM THI ĐUA SỞ NỘI VỤ CÁC TỈNH\nTRUNG DU VÀ MIỀN NÚI PHÍA BẮC"
LEGAL_BASES = """Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003 và các Luật sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng;
Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng;
Căn cứ Chỉ thị số 34-CT/TW ngày 07 tháng 4 năm 2014 của Bộ Chính trị về tiếp tục đổi mới công tác thi đua, khen thưởng;
Căn cứ Quy chế tổ chức và hoạt động của Cụm thi đua Sở Nội vụ các tỉnh Trung du và Miền núi phía Bắc năm 2022."""
PREAMBLE = (
    "Nhằm cổ vũ, động viên cán bộ, công chức, viên chức và người lao động thi đua hoàn thành "
    "tốt nhiệm vụ chính trị năm 2022, Sở Nội vụ các tỉnh Bắc Giang, Bắc Kạn, Phú Thọ, Hòa Bình, "
    "Thái Nguyên, Yên Bái và Tuyên Quang thống nhất ký kết giao ước thi đua với những nội dung sau:"
)
BODY = """I. MỤC ĐÍCH, YÊU CẦU
1. Tạo khí thế thi đua sôi nổi, rộng khắp trong các đơn vị thuộc Cụm; gắn phong trào thi đua với nhiệm vụ chuyên môn của ngành Nội vụ.
2. Nội dung thi đua thiết thực, có tiêu chí cụ thể để đánh giá, chấm điểm và suy tôn khen thưởng cuối năm.
II. NỘI DUNG GIAO ƯỚC
1. Quán triệt và thực hiện nghiêm các chủ trương, đường lối của Đảng, tư tưởng thi đua ái quốc của Chủ tịch Hồ Chí Minh và Chỉ thị số 34-CT/TW của Bộ Chính trị về đổi mới công tác thi đua, khen thưởng.
2. Phát động và tổ chức các phong trào thi đua lập thành tích chào mừng các ngày lễ lớn của đất nước và của ngành Nội vụ trong năm 2022.
3. Hoàn thành và phấn đấu hoàn thành vượt mức các chỉ tiêu, nhiệm vụ do Bộ Nội vụ, Tỉnh ủy, Hội đồng nhân dân và Ủy ban nhân dân tỉnh giao, bảo đảm chất lượng và hiệu quả.
4. Giữ nghiêm kỷ luật, kỷ cương hành chính:
a) thực hiện đúng quy định về văn hóa công sở;
b) đề cao đạo đức công vụ, tinh thần trách nhiệm của cán bộ, công chức.
5. Triển khai có hiệu quả Kế hoạch, Chương trình công tác và các hoạt động chung của Cụm thi đua năm 2022.
6. Tăng cường lãnh đạo, chỉ đạo phong trào thi đua; phát hiện, xây dựng và nhân rộng điển hình tiên tiến, mô hình "Người tốt, việc tốt" để khen thưởng kịp thời và lan tỏa trong toàn ngành.
III. TỔ CHỨC THỰC HIỆN
1. Giám đốc Sở Nội vụ các tỉnh chỉ đạo cụ thể hóa nội dung giao ước thành kế hoạch thi đua của đơn vị.
2. Đơn vị Cụm trưởng theo dõi, tổng hợp kết quả thực hiện; cuối năm các đơn vị tự chấm điểm và bình xét theo Quy chế của Cụm."""
CLOSING = "Giao ước thi đua này được lập thành 07 bản, mỗi đơn vị giữ 01 bản./."


@transaction.atomic
def load_signing_demo(conference: Conference) -> None:
    """The 2022 covenant of ``conference`` (the seed conference), ready to open."""
    ceremony = ceremony_setup(conference=conference)
    if ceremony.state != CeremonyState.DRAFT or ceremony.audit_count:
        return
    covenant_update(
        ceremony=ceremony,
        issuing_body=ISSUING_BODY.replace("\n", " "),
        title="GIAO ƯỚC THI ĐUA",
        subtitle="Năm 2022 của Cụm thi đua Sở Nội vụ các tỉnh Trung du và Miền núi phía Bắc",
        place="Bắc Kạn",
        signed_on=date(2022, 7, 22),
        legal_bases=LEGAL_BASES,
        preamble=PREAMBLE,
        body=BODY,
        closing=CLOSING,
        language="vi",
    )
