import io
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from events.models import ConferenceStatus, StaffRole
from events.selectors.agenda import agenda_items, agenda_version
from tests.factories import AgendaItemFactory, ConferenceFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agenda(conference):
    AgendaItemFactory(conference=conference, title="Khai mạc", duration_minutes=10)
    AgendaItemFactory(conference=conference, title="Báo cáo sơ kết", duration_minutes=20)
    return conference


def statuses(conference):
    return [item.status for item in agenda_items(conference=conference)]


# --- Chair console ---------------------------------------------------------------------


def test_chair_tap_starts_the_next_item_and_answers_the_new_snapshot(agenda, make_member):
    chair, _ = make_member(agenda, StaffRole.CHAIR)
    response = chair.post(
        f"/c/{agenda.slug}/agenda/console/start-next/",
        {"expected_version": "2"},
        HTTP_ACCEPT="application/json",
    )
    body = response.json()
    assert (body["ok"], body["snapshot"]["version"]) == (True, 3)
    assert statuses(agenda) == ["running", "planned"]


def test_chair_tap_on_a_stale_screen_is_refused_with_a_translated_message(agenda, make_member):
    chair, _ = make_member(agenda, StaffRole.CHAIR)
    url = f"/c/{agenda.slug}/agenda/console/start-next/"
    chair.post(url, {"expected_version": "2"}, HTTP_ACCEPT="application/json")
    response = chair.post(url, {"expected_version": "2"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 409
    assert response.json() == {
        "ok": False,
        "code": "stale_version",
        "message": "Chương trình vừa thay đổi; vui lòng kiểm tra màn hình rồi bấm lại.",
    }
    assert statuses(agenda) == ["running", "planned"]


def test_running_late_form_without_javascript_redirects_back_to_the_console(agenda, make_member):
    organizer, _ = make_member(agenda, StaffRole.ORGANIZER)
    response = organizer.post(f"/c/{agenda.slug}/agenda/console/late/", {"minutes": "15"})
    assert response["Location"] == f"/c/{agenda.slug}/agenda/console/"
    assert [i.delay_minutes for i in agenda_items(conference=agenda)] == [15, 15]


@pytest.mark.parametrize("role", [StaffRole.CHECKIN, StaffRole.LIAISON])
def test_control_action_from_a_non_chair_is_forbidden_and_changes_nothing(
    agenda, make_member, role
):
    extra = {"unit": agenda.term.chair} if role == StaffRole.LIAISON else {}
    client, _ = make_member(agenda, role, **extra)
    response = client.post(f"/c/{agenda.slug}/agenda/console/start-next/")
    assert response.status_code == 403
    assert agenda_version(conference=agenda) == 2
    assert statuses(agenda) == ["planned", "planned"]


def test_control_action_from_an_anonymous_visitor_of_a_public_conference_is_forbidden(agenda):
    agenda.is_public = True
    agenda.save()
    response = Client().post(f"/c/{agenda.slug}/agenda/console/skip/")
    assert response.status_code == 403
    assert statuses(agenda) == ["planned", "planned"]


def test_console_page_is_closed_to_a_registered_delegate(agenda):
    user = UserFactory()
    from tests.factories import RegistrationFactory

    RegistrationFactory(conference=agenda, user=user)
    client = Client()
    client.force_login(user)
    assert client.get(f"/c/{agenda.slug}/agenda/console/").status_code == 403
    page = client.get(f"/c/{agenda.slug}/agenda/").content.decode()
    assert "Báo cáo sơ kết" in page
    assert "Điều hành hội nghị" not in page


def test_unknown_slug_gives_404_for_pages_and_api(client):
    assert client.get("/c/khong-ton-tai/agenda/").status_code == 404
    assert client.get("/api/v1/conferences/khong-ton-tai/agenda").status_code == 404


# --- Editor -------------------------------------------------------------------------------


def test_organizer_adds_an_item_that_follows_the_previous_one(agenda, make_member):
    organizer, _ = make_member(agenda, StaffRole.ORGANIZER)
    response = organizer.post(
        f"/c/{agenda.slug}/agenda/edit/",
        {"kind": "closing", "title": "Bế mạc", "duration_minutes": "10"},
    )
    assert response["Location"] == f"/c/{agenda.slug}/agenda/edit/"
    last = list(agenda_items(conference=agenda))[-1]
    assert (last.title, last.planned_start.isoformat()) == ("Bế mạc", "2026-03-20T01:30:00+00:00")


def test_negative_duration_shows_a_translated_error_and_adds_nothing(agenda, make_member):
    organizer, _ = make_member(agenda, StaffRole.ORGANIZER)
    response = organizer.post(
        f"/c/{agenda.slug}/agenda/edit/",
        {"kind": "closing", "title": "Bế mạc", "duration_minutes": "-10"},
    )
    assert "Thời lượng phải từ 1 đến 600 phút." in response.content.decode()
    assert [i.title for i in agenda_items(conference=agenda)] == ["Khai mạc", "Báo cáo sơ kết"]


def test_editing_a_finished_conference_shows_why_and_changes_nothing(agenda, make_member):
    agenda.status = ConferenceStatus.FINISHED
    agenda.save()
    organizer, _ = make_member(agenda, StaffRole.ORGANIZER)
    response = organizer.post(
        f"/c/{agenda.slug}/agenda/edit/",
        {"kind": "closing", "title": "Bế mạc", "duration_minutes": "10"},
    )
    assert "Hội nghị đã kết thúc; không thể thay đổi chương trình nữa." in response.content.decode()
    assert agenda_version(conference=agenda) == 2


def test_chair_cannot_open_the_editor(agenda, make_member):
    chair, _ = make_member(agenda, StaffRole.CHAIR)
    assert chair.get(f"/c/{agenda.slug}/agenda/edit/").status_code == 403


def test_drag_and_drop_order_is_saved(agenda, make_member):
    organizer, _ = make_member(agenda, StaffRole.ORGANIZER)
    first, second = list(agenda_items(conference=agenda))
    response = organizer.post(
        f"/c/{agenda.slug}/agenda/edit/order/",
        json.dumps({"items": [second.pk, first.pk]}),
        content_type="application/json",
    )
    assert response.json() == {"ok": True}
    assert [i.title for i in agenda_items(conference=agenda)] == ["Báo cáo sơ kết", "Khai mạc"]


def test_malformed_reorder_request_is_refused(agenda, make_member):
    organizer, _ = make_member(agenda, StaffRole.ORGANIZER)
    response = organizer.post(
        f"/c/{agenda.slug}/agenda/edit/order/", "{oops", content_type="application/json"
    )
    assert (response.status_code, response.json()["code"]) == (400, "malformed")
    assert [i.title for i in agenda_items(conference=agenda)] == ["Khai mạc", "Báo cáo sơ kết"]


def test_editor_lists_the_overlap_warning(agenda, make_member):
    organizer, _ = make_member(agenda, StaffRole.ORGANIZER)
    organizer.post(
        f"/c/{agenda.slug}/agenda/edit/",
        {"kind": "other", "title": "Chụp ảnh", "duration_minutes": "5", "pinned_time": "08:20"},
    )
    page = organizer.get(f"/c/{agenda.slug}/agenda/edit/").content.decode()
    assert "“Chụp ảnh” bắt đầu lúc 08:20, trước khi “Báo cáo sơ kết” kết thúc (08:30)." in page


# --- Polling API, exports -------------------------------------------------------------------


def test_polling_api_answers_version_and_items_then_304_while_unchanged(agenda, make_member):
    chair, _ = make_member(agenda, StaffRole.CHAIR)
    url = f"/api/v1/conferences/{agenda.slug}/agenda"
    first = chair.get(url)
    again = chair.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    chair.post(f"/c/{agenda.slug}/agenda/console/start-next/")
    changed = chair.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert (first.json()["version"], [i["title"] for i in first.json()["items"]]) == (
        2,
        ["Khai mạc", "Báo cáo sơ kết"],
    )
    assert (again.status_code, again.content) == (304, b"")
    assert (changed.status_code, changed.json()["version"]) == (200, 3)
    assert changed["ETag"] != first["ETag"]


def test_agenda_pdf_is_a4_with_the_items_in_vietnamese(agenda, make_member):
    client, _ = make_member(agenda, StaffRole.CHAIR)
    response = client.get(f"/c/{agenda.slug}/agenda.pdf")
    reader = PdfReader(io.BytesIO(response.content))
    page = reader.pages[0]
    text = page.extract_text()
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    assert "CHƯƠNG TRÌNH HỘI NGHỊ" in text
    assert "08:10–08:30" in text
    assert "Báo cáo sơ kết" in text


def test_agenda_pdf_escapes_user_text(conference, make_member):
    AgendaItemFactory(conference=conference, title='<img src="http://evil.example/x.png"> Khai mạc')
    client, _ = make_member(conference, StaffRole.CHAIR)
    text = (
        PdfReader(io.BytesIO(client.get(f"/c/{conference.slug}/agenda.pdf").content))
        .pages[0]
        .extract_text()
    )
    assert '<img src="http://evil.example/x.png"> Khai mạc' in text.replace("\n", " ")


def test_agenda_ics_has_one_event_per_item_in_utc(agenda, make_member):
    client, _ = make_member(agenda, StaffRole.CHAIR)
    response = client.get(f"/c/{agenda.slug}/agenda.ics")
    lines = response.content.decode().split("\r\n")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert [line for line in lines if line.startswith(("DTSTART", "SUMMARY"))] == [
        "DTSTART:20260320T010000Z",
        "SUMMARY:Khai mạc",
        "DTSTART:20260320T011000Z",
        "SUMMARY:Báo cáo sơ kết",
    ]
    assert all(len(line.encode()) <= 75 for line in lines)


# --- Labels in the page's language ----------------------------------------------------------


def _json_script(page: str, element_id: str):
    start = page.index(f'<script id="{element_id}" type="application/json">')
    body = page[page.index(">", start) + 1 : page.index("</script>", start)]
    return json.loads(body)


@pytest.mark.parametrize("page", ["agenda/", "agenda/screen/", "agenda/console/"])
def test_agenda_page_in_english_labels_kinds_in_english(agenda, make_member, page):
    chair, _ = make_member(agenda, StaffRole.CHAIR)
    chair.cookies["django_language"] = "en"
    html = chair.get(f"/c/{agenda.slug}/{page}").content.decode()
    labels = _json_script(html, "agenda-labels")
    assert (labels["kinds"]["report"], labels["kinds"]["closing"]) == ("Report", "Closing")
    assert labels["skipped"] == "Skipped"


def test_agenda_page_first_paint_follows_the_page_language(agenda, make_member):
    chair, _ = make_member(agenda, StaffRole.CHAIR)
    vietnamese = chair.get(f"/c/{agenda.slug}/agenda/").content.decode()
    chair.cookies["django_language"] = "en"
    english = chair.get(f"/c/{agenda.slug}/agenda/").content.decode()
    assert vietnamese.count('<div class="agenda-kind">Báo cáo</div>') == 2
    assert english.count('<div class="agenda-kind">Report</div>') == 2
    assert _json_script(vietnamese, "agenda-labels")["kinds"]["report"] == "Báo cáo"


def test_polling_api_labels_kinds_in_vietnamese_unless_the_cookie_asks_for_english(
    agenda, make_member
):
    chair, _ = make_member(agenda, StaffRole.CHAIR)
    url = f"/api/v1/conferences/{agenda.slug}/agenda"
    vietnamese = chair.get(url)
    chair.cookies["django_language"] = "en"
    english = chair.get(url)
    stale = chair.get(url, HTTP_IF_NONE_MATCH=vietnamese["ETag"])
    assert [i["kind_label"] for i in vietnamese.json()["items"]] == ["Báo cáo", "Báo cáo"]
    assert [i["kind_label"] for i in english.json()["items"]] == ["Report", "Report"]
    assert [i["kind"] for i in english.json()["items"]] == ["report", "report"]
    # An answer cached in one language is not reused for the other.
    assert (stale.status_code, stale.json()["items"][0]["kind_label"]) == (200, "Report")


# --- Query count -------------------------------------------------------------------------------


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_agenda_page_query_count_does_not_grow_with_items(make_member):
    small, large = ConferenceFactory(), ConferenceFactory()
    for _ in range(2):
        AgendaItemFactory(conference=small)
    for _ in range(25):
        AgendaItemFactory(conference=large)
    client, user = make_member(small, StaffRole.ORGANIZER)
    from tests.factories import MembershipFactory

    MembershipFactory(conference=large, user=user, role=StaffRole.ORGANIZER)
    for page in ("agenda/", "agenda/console/", "agenda/screen/", "agenda/edit/"):
        assert _queries(client, f"/c/{small.slug}/{page}") == _queries(
            client, f"/c/{large.slug}/{page}"
        )


def test_chair_plus_five_answers_what_moved_and_the_total_delay(agenda, make_member):
    chair, _ = make_member(agenda, StaffRole.CHAIR)
    url = f"/c/{agenda.slug}/agenda/console/late/"
    chair.post(url, {"minutes": "5"}, HTTP_ACCEPT="application/json")
    body = chair.post(url, {"minutes": "5"}, HTTP_ACCEPT="application/json").json()
    assert body["message"] == "Đã lùi 2 nội dung thêm 5 phút. Tổng cộng đang chậm 10 phút."
    assert (body["can_undo"], body["snapshot"]["delay"]) == (True, 10)


def test_chair_undo_is_logged_with_who_did_it(agenda, make_member):
    from events.models import ActivityLog

    chair, user = make_member(agenda, StaffRole.CHAIR)
    chair.post(f"/c/{agenda.slug}/agenda/console/late/", {"minutes": "10"})
    response = chair.post(f"/c/{agenda.slug}/agenda/console/undo/", HTTP_ACCEPT="application/json")
    body = response.json()
    assert body["message"] == "Đã hoàn tác lệnh lùi 10 phút. Đã trở lại đúng giờ."
    assert (body["can_undo"], body["snapshot"]["delay"]) == (False, 0)
    log = ActivityLog.objects.filter(conference=agenda).order_by("pk")
    assert [(e.action, e.actor) for e in log] == [
        ("agenda.delayed", user),
        ("agenda.delay_undone", user),
    ]
