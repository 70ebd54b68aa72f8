"""Accounts: no public sign-up, email + password for staff, codes for everyone."""

import re

import pytest
from django.core import mail
from django.test import Client

from events.models import User
from events.services.users import user_get_or_create

pytestmark = pytest.mark.django_db


def test_public_sign_up_is_closed():
    response = Client().post(
        "/accounts/signup/", {"email": "new@hoinghi.example", "password1": "x9!Long-enough"}
    )
    assert not User.objects.filter(email="new@hoinghi.example").exists()
    assert "Tài khoản được cấp theo lời mời" in response.content.decode()


def test_login_page_is_in_vietnamese_and_offers_a_code():
    html = Client().get("/accounts/login/").content.decode()
    assert "Đăng nhập" in html
    assert "/accounts/login/code/" in html


def test_invited_person_logs_in_with_an_emailed_code():
    user_get_or_create(email="daibieu@hoinghi.example", name="Nguyễn Văn An")
    client = Client()
    client.post("/accounts/login/code/", {"email": "daibieu@hoinghi.example"})
    assert len(mail.outbox) == 1
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", mail.outbox[0].body, re.M).group(1)
    response = client.post("/accounts/login/code/confirm/", {"code": code}, follow=True)
    assert response.context["user"].email == "daibieu@hoinghi.example"


def test_a_mistyped_email_gets_the_same_page_and_no_offer_to_sign_up():
    user_get_or_create(email="daibieu@hoinghi.example")
    known = Client().post("/accounts/login/code/", {"email": "daibieu@hoinghi.example"})
    typo = Client().post("/accounts/login/code/", {"email": "daibieu@hoinghi.exmaple"})
    assert (typo.status_code, typo["Location"]) == (known.status_code, known["Location"])
    unknown = mail.outbox[-1]
    assert unknown.to == ["daibieu@hoinghi.exmaple"]
    assert "/accounts/signup/" not in unknown.body
    assert "signup" not in unknown.body
    assert "Tài khoản chỉ được cấp theo lời mời, không có đăng ký tự do." in unknown.body


def test_a_wrong_code_does_not_log_in():
    user_get_or_create(email="daibieu@hoinghi.example")
    client = Client()
    client.post("/accounts/login/code/", {"email": "daibieu@hoinghi.example"})
    response = client.post("/accounts/login/code/confirm/", {"code": "ZZZZZZ"})
    assert not response.wsgi_request.user.is_authenticated
    assert "Mã không chính xác." in response.content.decode()


def test_staff_logs_in_with_email_and_password(password):
    from tests.factories import UserFactory

    UserFactory(email="tochuc@hoinghi.example")
    client = Client()
    response = client.post(
        "/accounts/login/", {"login": "TOCHUC@hoinghi.example", "password": password}
    )
    assert response.status_code == 302
    assert client.get("/").context["user"].email == "tochuc@hoinghi.example"


def _totp(secret: str) -> str:
    """RFC 6238 code for now (what an authenticator app shows)."""
    import base64
    import hashlib
    import hmac
    import struct
    import time

    key = base64.b32decode(secret, casefold=True)
    digest = hmac.new(key, struct.pack(">Q", int(time.time()) // 30), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**6:06d}"


def test_organizer_turns_on_two_factor_and_then_needs_the_code(password):
    from django.core.cache import cache

    from tests.factories import UserFactory

    cache.clear()
    user = UserFactory(email="tochuc@hoinghi.example")
    user_get_or_create(email=user.email)  # primary email address, as invited users have
    user.emailaddress_set.update(verified=True)
    client = Client()
    client.post("/accounts/login/", {"login": user.email, "password": password})
    # Turning on 2FA asks for the password once more.
    client.post("/accounts/reauthenticate/", {"password": password})
    page = client.get("/accounts/2fa/totp/activate/")
    assert "Kích hoạt ứng dụng xác thực" in page.content.decode()
    secret = page.context["form"].secret
    client.post("/accounts/2fa/totp/activate/", {"code": _totp(secret)})
    assert user.authenticator_set.filter(type="totp").exists()

    client.post("/accounts/logout/")
    second = Client()
    response = second.post("/accounts/login/", {"login": user.email, "password": password})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert not second.get("/").context["user"].is_authenticated
    second.post("/accounts/2fa/authenticate/", {"code": _totp(secret)})
    assert second.get("/").context["user"].email == user.email


def test_login_with_fewer_forwarded_hops_than_proxies_still_sends_a_code(settings):
    """Two trusted proxies configured, but a request arrives through one (a
    misrouted client, a health check): allauth's own IP helper raises
    ImproperlyConfigured (a server error on the login page); ours keys the
    rate limit on the peer address and the code is sent."""
    settings.TRUSTED_PROXY_COUNT = 2
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    user_get_or_create(email="daibieu@hoinghi.example")
    response = Client().post(
        "/accounts/login/code/",
        {"email": "daibieu@hoinghi.example"},
        HTTP_X_FORWARDED_FOR="198.51.100.20",
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
