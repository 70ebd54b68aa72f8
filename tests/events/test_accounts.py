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
