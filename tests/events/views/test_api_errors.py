"""Malformed requests to the API get a 4xx in the API's JSON shape, never a
500 or an HTML page (issue #10, item 3)."""

import json

import pytest
from django.test import Client
from django.urls import include, path

from config import urls as project_urls
from events.models import Checkin
from events.services.checkin_setup import device_issue_token
from tests.factories import ConferenceFactory, RegistrationFactory

URL = "/api/v1/checkin/"


def boom(request):
    raise RuntimeError("a bug in a view")


# A URLconf with one failing API view, for the 500 answer; the rest is the project's.
urlpatterns = [path("api/v1/boom/", boom), path("", include(project_urls.urlpatterns))]
handler500 = getattr(project_urls, "handler500", "django.views.defaults.server_error")


@pytest.fixture
def delegate(db):
    return RegistrationFactory()


@pytest.fixture
def device_client(delegate):
    _device, token = device_issue_token(conference=delegate.conference, name="Cổng 1")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    client.cookies["django_language"] = "en"
    return client


def refusal(response) -> tuple[int, str, str, str]:
    answer = response.json()
    return response.status_code, response["Content-Type"], answer["result"], answer["reason"]


def post(client, body: bytes | str):
    return client.post(URL, body, content_type="application/json")


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b'{"code": "\xff\xfe", "nonce": "n"}', "invalid_encoding"),
        ('{"code": "abc", "nonce": ', "malformed_json"),
        ("", "malformed_json"),
        ("[1, 2]", "not_an_object"),
        ("null", "not_an_object"),
        ('{"code": ' + "[" * 1500 + "]" * 1500 + ', "nonce": "n"}', "too_deeply_nested"),
        ('{"code": 12345, "nonce": "n"}', "wrong_type"),
        ('{"code": "abc", "nonce": ["n"]}', "wrong_type"),
        ('{"registration": "7", "nonce": "n"}', "wrong_type"),
        ('{"registration": true, "nonce": "n"}', "wrong_type"),
        ('{"code": "abc", "nonce": "n", "list": {"slug": "main"}}', "wrong_type"),
    ],
)
def test_api_malformed_body_answers_400_json_with_its_code(device_client, body, reason):
    response = post(device_client, body)

    assert refusal(response) == (400, "application/json", "invalid", reason)
    assert Checkin.objects.count() == 0


def test_api_wrong_type_message_names_the_field(device_client):
    response = post(device_client, '{"code": 12345, "nonce": "n"}')

    assert response.json()["message"] == "The field “code” has the wrong type."


def test_api_deep_nesting_within_a_string_is_not_refused(device_client, delegate):
    response = post(device_client, json.dumps({"code": delegate.code, "nonce": "[{" * 40}))

    assert response.json()["result"] == "ok"


def test_api_body_over_the_api_limit_answers_413_json(device_client):
    response = post(device_client, json.dumps({"code": "x" * 5000, "nonce": "n"}))

    assert refusal(response) == (413, "application/json", "invalid", "body_too_large")
    assert response.json()["message"] == "The request is too large."


def test_api_body_over_the_upload_limit_answers_413_json(device_client, settings):
    body = json.dumps({"code": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1), "nonce": "n"})

    response = post(device_client, body)

    assert refusal(response) == (413, "application/json", "invalid", "body_too_large")


def test_api_annul_with_a_text_checkin_id_answers_400_json(device_client):
    response = device_client.post(
        "/api/v1/checkin/annul/", '{"checkin": "12"}', content_type="application/json"
    )

    assert refusal(response) == (400, "application/json", "invalid", "wrong_type")


def test_api_wrong_method_answers_405_json_with_allow(device_client):
    response = device_client.get(URL)

    assert refusal(response) == (405, "application/json", "invalid", "method_not_allowed")
    assert response["Allow"] == "POST"


def test_api_unknown_endpoint_answers_404_json(device_client):
    response = device_client.get("/api/v1/no-such-thing/")

    assert refusal(response) == (404, "application/json", "invalid", "not_found")
    assert response.json()["message"] == "There is no such API endpoint or object."


def test_api_unknown_conference_agenda_answers_404_json(device_client):
    response = device_client.get("/api/v1/conferences/no-such-conference/agenda")

    assert refusal(response) == (404, "application/json", "invalid", "not_found")


def test_page_outside_the_api_keeps_the_html_404(device_client):
    response = device_client.get("/c/no-such-conference/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert "Page not found" in response.content.decode()


@pytest.mark.urls(__name__)
def test_api_bug_answers_500_json_not_the_html_page(db):
    client = Client(raise_request_exception=False)
    client.cookies["django_language"] = "en"

    response = client.get("/api/v1/boom/")

    assert refusal(response) == (500, "application/json", "invalid", "server_error")
    assert response.json()["message"] == "Something went wrong. The error has been logged."


def test_form_post_over_the_upload_limit_answers_413_page(db, settings):
    client = Client()
    client.cookies["django_language"] = "en"

    response = client.post(
        "/accounts/login/",
        "email=" + "a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1),
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    assert "The request is too large" in response.content.decode()


def test_api_refusal_message_is_vietnamese_by_default(delegate):
    _device, token = device_issue_token(conference=delegate.conference, name="Cổng 2")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    response = post(client, "{not json")

    assert response.json()["message"] == "Yêu cầu không phải là JSON hợp lệ."


def test_api_for_a_logged_out_caller_answers_401_json_not_the_login_page(db):
    conference = ConferenceFactory()  # not public: delegates log in
    client = Client()
    client.cookies["django_language"] = "en"

    response = client.get(f"/api/v1/conferences/{conference.slug}/agenda")

    assert refusal(response) == (401, "application/json", "invalid", "not_logged_in")
    assert response.json()["message"] == "Log in first."
