import io
import re

import pytest
from django.core.management import call_command
from django.test import Client

from events.demo import CONFERENCE_2022, CONFERENCE_2026
from events.models import StaffRole
from tests.factories import ConferenceFactory
from tests.seed import SEED_UNITS_IN_OFFICIAL_ORDER

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


def test_conference_page_lists_the_seven_units_in_official_order(demo):
    response = Client().get(f"/c/{CONFERENCE_2022}/")
    html = response.content.decode()
    units_html = html[html.index('id="units-heading"') : html.index("</ol>")]
    names = re.findall(r'<span class="unit-title">([^<]+)</span>', units_html)
    assert names == SEED_UNITS_IN_OFFICIAL_ORDER
    text = _text(response)
    assert "7 đơn vị thành viên năm 2022" in text
    assert "Tỉnh: Bắc Kạn (đến ngày 30/06/2025), nay thuộc Thái Nguyên" in text
    assert "Nguyễn Quang Đông" in text and "Lê Văn Hội" in text


def test_conference_page_is_in_english_when_chosen(demo):
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    text = _text(client.get(f"/c/{CONFERENCE_2022}/"))
    assert "7 member units in 2022" in text
    assert "Venue" in text


def test_unknown_conference_gets_a_translated_404_page():
    response = Client().get("/c/khong-co-hoi-nghi-nay/")
    assert response.status_code == 404
    text = _text(response)
    assert "Không tìm thấy trang" in text
    assert "Hội nghị" in text  # the app's header, not Django's bare page


def test_unknown_url_gets_the_same_404_page():
    response = Client().get("/no/such/page/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in _text(response)


def test_unlisted_conference_sends_strangers_to_login(demo):
    response = Client().get(f"/c/{CONFERENCE_2026}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_liaison_cannot_see_another_conference(demo, make_member):
    other = ConferenceFactory(is_public=False)
    client, _user = make_member(other, StaffRole.LIAISON, unit=other.term.chair)
    response = client.get(f"/c/{CONFERENCE_2026}/")
    assert response.status_code == 404
    assert "Sở Nội vụ tỉnh Lào Cai" not in response.content.decode()


def test_checkin_staff_cannot_open_organizer_pages(conference, make_member):
    client, _user = make_member(conference, StaffRole.CHECKIN)
    response = client.get(f"/c/{conference.slug}/staff/")
    assert response.status_code == 403
    assert "Không có quyền truy cập" in _text(response)
    assert client.get("/manage/clusters/").status_code == 403


def test_home_lists_the_users_conferences(conference, make_member):
    client, _user = make_member(conference, StaffRole.CHAIR)
    other = ConferenceFactory()
    text = _text(client.get("/"))
    assert conference.title in text
    assert other.title not in text


def test_organizers_reach_the_emails_page_from_the_conference_page(conference, make_member):
    """Sending invitations and passes starts on the Emails page: its tile is
    one of the organizer's tools, and nobody else's."""
    mail_url = f"/c/{conference.slug}/mail/"
    organizer, _user = make_member(conference, StaffRole.ORGANIZER)
    checkin, _user = make_member(conference, StaffRole.CHECKIN)
    page = organizer.get(conference.get_absolute_url()).content.decode()

    assert f'<a class="tool" href="{mail_url}">' in page
    assert mail_url not in checkin.get(conference.get_absolute_url()).content.decode()
