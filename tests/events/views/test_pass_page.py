"""The delegate's pass page (#12 item 11): the QR's accessible name, and
what a pending delegate is told."""

import re

from django.test import Client
from django.urls import reverse

from tests.factories import RegistrationFactory


def _page(registration) -> str:
    return Client().get(reverse("events:pass_by_code", args=[registration.code])).content.decode()


def test_pass_qr_is_an_image_named_for_the_delegate(db):
    registration = RegistrationFactory(full_name="Trần Văn An")

    page = _page(registration)

    [frame] = re.findall(r'<div class="qr-frame" role="img" aria-label="([^"]+)">\s*<svg', page)
    assert frame == "Mã QR thẻ đại biểu của Trần Văn An, xuất trình ở cửa vào"


def test_pending_delegate_without_email_is_not_promised_an_email(db):
    registration = RegistrationFactory(full_name="Trần Văn An", status="pending")

    page = _page(registration)

    assert "email" not in page.lower().split("<main", 1)[1]
    assert "thẻ đại biểu sẽ hiện ở đây khi được duyệt" in page


def test_pending_delegate_with_email_is_told_an_email_will_come(db):
    registration = RegistrationFactory(
        full_name="Trần Văn An", status="pending", email="an@example.vn"
    )

    page = _page(registration)

    assert "Đồng chí sẽ nhận email khi được duyệt." in page
