import html
import io

import pytest
from django.urls import reverse

from events.models import Registration, StaffRole
from tests.events import hostile_files

pytestmark = pytest.mark.django_db


def _errors(response) -> str:
    """The page's text, entities decoded, for comparing messages."""
    return html.unescape(response.content.decode())


@pytest.mark.parametrize("name", hostile_files.REFUSED)
def test_import_page_hostile_file_shows_the_message_and_saves_nothing(
    name, conference, make_member, media_root
):
    build, filename, _code, message = hostile_files.REFUSED[name]
    client, _user = make_member(conference, StaffRole.ORGANIZER)
    upload = io.BytesIO(build())
    upload.name = filename
    response = client.post(
        reverse("events:registration_import", args=[conference.slug]), {"file": upload}
    )
    assert response.status_code == 400
    assert message in _errors(response)
    assert "registration_import" not in client.session
    assert not (media_root / "imports").exists()
    assert Registration.objects.count() == 0


def test_import_page_dimension_bomb_with_a_delegate_previews_the_delegate(
    conference, make_member, media_root
):
    client, _user = make_member(conference, StaffRole.ORGANIZER)
    upload = io.BytesIO(hostile_files.dimension_bomb(conference.term.chair.short_name))
    upload.name = "ds.xlsx"
    url = reverse("events:registration_import", args=[conference.slug])
    response = client.post(url, {"file": upload})
    assert "1 dòng hợp lệ; chưa lưu gì cho đến khi xác nhận." in _errors(response)
    client.post(url, {"token": client.session["registration_import"]["token"]})
    assert list(conference.registrations.values_list("search_key", flat=True)) == ["tran van an"]


def test_import_confirmed_on_the_page_is_logged_with_who_and_from_where(
    conference, make_member, media_root
):
    from events.models import ActivityLog

    client, user = make_member(conference, StaffRole.ORGANIZER)
    upload = io.BytesIO(hostile_files.dimension_bomb(conference.term.chair.short_name))
    upload.name = "ds.xlsx"
    url = reverse("events:registration_import", args=[conference.slug])
    client.post(url, {"file": upload})
    client.post(
        url, {"token": client.session["registration_import"]["token"]}, REMOTE_ADDR="203.0.113.9"
    )
    entry = ActivityLog.objects.get(conference=conference, action="registrations.imported")
    assert (entry.actor, entry.ip, entry.data["rows"]) == (user, "203.0.113.9", 1)
