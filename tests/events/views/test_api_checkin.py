import io
import json

import pytest
from django.core.management import call_command
from django.test import Client

from events.models import Checkin, CheckinRefusal, StaffRole
from events.services.checkin_setup import checkin_list_create, device_issue_token, device_revoke
from tests.factories import ConferenceFactory, RegistrationFactory

URL = "/api/v1/checkin/"


@pytest.fixture
def delegate(db):
    return RegistrationFactory(full_name="Nông Thị Hạnh", role_code="office-leader")


@pytest.fixture
def device_client(delegate):
    _device, token = device_issue_token(conference=delegate.conference, name="Cổng 1")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def post(client, payload, **extra):
    body = payload if isinstance(payload, str) else json.dumps(payload)
    return client.post(URL, body, content_type="application/json", **extra)


def test_api_device_scan_answers_ok_with_the_delegate(device_client, delegate):
    response = post(device_client, {"code": delegate.code, "nonce": "a1"})

    answer = response.json()
    assert response.status_code == 200
    assert answer["result"] == "ok"
    assert answer["message"] == "Xin chào! Đã điểm danh."
    assert (answer["name"], answer["unit"], answer["role"], answer["checked_in_by"]) == (
        "Nông Thị Hạnh",
        delegate.unit.name,
        "Lãnh đạo Văn phòng",
        "Cổng 1",
    )
    assert Checkin.objects.get().device.name == "Cổng 1"


def test_api_second_scan_reports_first_time_and_device(device_client, delegate):
    first = post(device_client, {"code": delegate.code, "nonce": "a1"}).json()

    second = post(device_client, {"code": delegate.code, "nonce": "a2"}).json()

    assert second["result"] == "already_checked_in"
    assert second["checked_in_at"] == first["checked_in_at"]
    assert second["name"] == "Nông Thị Hạnh"


def test_api_retry_with_same_nonce_returns_first_answer(device_client, delegate):
    first = post(device_client, {"code": delegate.code, "nonce": "same"}).json()

    again = post(device_client, {"code": delegate.code, "nonce": "same"}).json()

    assert again == first
    assert Checkin.objects.count() == 1


def test_api_revoked_device_token_is_refused(delegate):
    device, token = device_issue_token(conference=delegate.conference, name="Cổng 2")
    device_revoke(device=device)

    response = post(
        Client(HTTP_AUTHORIZATION=f"Bearer {token}"), {"code": delegate.code, "nonce": "x"}
    )

    assert response.status_code == 401
    assert response.json()["reason"] == "device_not_authorised"
    assert Checkin.objects.count() == 0


def test_api_unknown_token_is_refused(delegate):
    response = post(
        Client(HTTP_AUTHORIZATION="Bearer hnd_" + "x" * 43), {"code": delegate.code, "nonce": "x"}
    )

    assert response.status_code == 401
    assert response.json()["result"] == "invalid"


def test_api_device_of_another_conference_answers_wrong_conference(delegate):
    _device, token = device_issue_token(conference=ConferenceFactory(), name="Cổng khác")

    answer = post(
        Client(HTTP_AUTHORIZATION=f"Bearer {token}"), {"code": delegate.code, "nonce": "x"}
    ).json()

    assert answer["result"] == "wrong_conference"
    assert answer["message"] == "Thẻ này thuộc hội nghị khác."
    assert "name" not in answer
    assert Checkin.objects.count() == 0


def test_api_device_may_not_switch_list(device_client, delegate):
    checkin_list_create(conference=delegate.conference, name="Ăn trưa", allow_reentry=True)

    response = post(device_client, {"code": delegate.code, "nonce": "x", "list": "an-trua"})

    assert response.status_code == 403
    assert response.json()["reason"] == "list_not_allowed"


@pytest.mark.parametrize(
    ("body", "status", "reason"),
    [
        ("{not json", 400, "malformed_json"),
        ("[]", 400, "not_an_object"),
        ('"code"', 400, "not_an_object"),
        (json.dumps({"code": "x" * 5000, "nonce": "n"}), 413, "body_too_large"),
    ],
)
def test_api_malformed_body_is_refused_and_nobody_checked_in(device_client, body, status, reason):
    response = post(device_client, body)

    assert (response.status_code, response.json()["result"], response.json()["reason"]) == (
        status,
        "invalid",
        reason,
    )
    assert Checkin.objects.count() == 0


def test_api_empty_object_is_an_invalid_scan_and_logged(device_client):
    response = post(device_client, "{}")

    assert (response.status_code, response.json()["result"]) == (200, "invalid")
    assert Checkin.objects.count() == 0
    assert CheckinRefusal.objects.get().result == "invalid"


def test_api_missing_nonce_is_invalid(device_client, delegate):
    answer = post(device_client, {"code": delegate.code}).json()

    assert answer["result"] == "invalid"
    assert Checkin.objects.count() == 0


def test_api_staff_session_needs_csrf_and_conference(make_member, delegate):
    client, _user = make_member(delegate.conference, StaffRole.CHECKIN)
    client = Client(enforce_csrf_checks=True)
    client.force_login(_user)

    no_csrf = post(
        client, {"code": delegate.code, "nonce": "s1", "conference": delegate.conference.slug}
    )
    client.get(f"/c/{delegate.conference.slug}/checkin/scan/")
    token = client.cookies["csrftoken"].value
    ok = post(
        client,
        {"code": delegate.code, "nonce": "s1", "conference": delegate.conference.slug},
        HTTP_X_CSRFTOKEN=token,
    )

    assert no_csrf.status_code == 403
    assert no_csrf.json()["reason"] == "csrf"
    assert ok.json()["result"] == "ok"
    assert Checkin.objects.get().user == _user


def test_api_session_of_liaison_may_not_check_in(make_member, delegate):
    client, _user = make_member(
        delegate.conference, StaffRole.LIAISON, unit=delegate.conference.term.chair
    )

    response = post(
        client, {"code": delegate.code, "nonce": "s1", "conference": delegate.conference.slug}
    )

    assert response.status_code == 403
    assert Checkin.objects.count() == 0


def test_api_annul_by_the_device_that_scanned(device_client, delegate):
    first = post(device_client, {"code": delegate.code, "nonce": "a1"}).json()

    undo = device_client.post(
        "/api/v1/checkin/annul/", json.dumps({"checkin": first["checkin_id"]}), "application/json"
    ).json()
    again = post(device_client, {"code": delegate.code, "nonce": "a2"}).json()

    assert undo == {"result": "ok", "message": "Đã hủy lượt điểm danh của Nông Thị Hạnh."}
    assert again["result"] == "ok"


def test_api_search_without_diacritics(device_client, delegate):
    RegistrationFactory(conference=delegate.conference, full_name="Nguyễn Quang Đông")

    results = device_client.get("/api/v1/checkin/search/", {"q": "nguyen dong"}).json()["results"]

    assert [r["name"] for r in results] == ["Nguyễn Quang Đông"]
    assert results[0]["checked_in"] is False


def test_api_manual_checkin_by_registration_id(device_client, delegate):
    answer = post(device_client, {"registration": delegate.pk, "nonce": "m1"}).json()

    assert answer["result"] == "ok"
    assert Checkin.objects.get().method == "manual"


def test_scanner_token_command_prints_a_working_token(delegate):
    out = io.StringIO()
    call_command("scanner_token", delegate.conference.slug, "--name", "Gate 1", stdout=out)

    client = Client(HTTP_AUTHORIZATION=f"Bearer {out.getvalue().strip()}")
    answer = post(client, {"code": delegate.code, "nonce": "t1"}).json()

    assert answer["result"] == "ok"
    assert answer["checked_in_by"] == "Gate 1"


def test_api_scan_uses_three_queries(device_client, delegate, django_assert_num_queries):
    RegistrationFactory(conference=delegate.conference, full_name="Trần Văn Bình")
    post(device_client, {"code": delegate.code, "nonce": "warm"})
    other = RegistrationFactory(conference=delegate.conference, full_name="Lò Văn Sáng")

    # Token lookup, pass lookup, insert.
    with django_assert_num_queries(3):
        answer = post(device_client, {"code": other.code, "nonce": "q1"}).json()

    assert answer["result"] == "ok"
