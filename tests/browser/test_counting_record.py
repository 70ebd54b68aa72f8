"""The counting record in a real browser: the chair seats the committee's
head on a phone-sized page, seals the record from the console (confirming
the dialog), and the public verify page accepts the downloaded PDF.
Screenshots at phone, tablet and projector size go to var/screenshots/."""

import os
import re
from pathlib import Path

import pytest

from events.models import CountingRecord, StaffRole
from signing.sealing import create_certificate
from tests.browser.conftest import start_asgi_server
from tests.factories import PASSWORD, MembershipFactory
from tests.signing.counting.conftest import closed_poll, make_room

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
SIZES = {"phone": (360, 740), "tablet": (768, 1024), "projector": (1920, 1080)}


@pytest.fixture
def sealing_server(transactional_db, tmp_path):
    create_certificate(
        key_path=tmp_path / "key.pem",
        cert_path=tmp_path / "cert.pem",
        common_name="Browser test seal",
        organization="Hội nghị tests",
    )
    env = {
        "SIGNING_KEY_PATH": str(tmp_path / "key.pem"),
        "SIGNING_CERT_PATH": str(tmp_path / "cert.pem"),
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
    }
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    process, url = start_asgi_server()
    yield url
    process.terminate()
    process.wait(timeout=10)
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def _shots(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for label, (width, height) in SIZES.items():
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_load_state("networkidle")
        page.screenshot(path=SHOTS / f"{name}-{label}.png", full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (name, label)


def test_the_chair_seals_the_counting_record_and_anyone_verifies_it(
    sealing_server, browser, tmp_path
):
    room = make_room(units=4)
    poll = closed_poll(
        room,
        kind="award",
        title="Suy tôn Cờ thi đua",
        max_choices=2,
        quota=1,
        yes=lambda i, line: line.position <= 2,
    )
    chair = MembershipFactory(conference=room.conference, role=StaffRole.CHAIR).user
    slug = room.conference.slug
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        has_touch=True,
        locale="vi-VN",
        accept_downloads=True,
    )
    page = context.new_page()
    page.goto(f"{sealing_server}/accounts/login/")
    page.get_by_label("Email").fill(chair.email)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập bằng mật khẩu").click()
    page.get_by_role("heading", name="Hội nghị của tôi").wait_for()

    page.goto(f"{sealing_server}/c/{slug}/decisions/{poll.decision_id}/committee/")
    options = page.locator("#committee-registration option").all_inner_texts()
    assert not any(room.directors[u.pk].full_name in o for u in room.units for o in options)
    page.select_option("#committee-registration", str(room.guest.pk))
    page.locator("input[name=head]").check()
    page.locator("form[action$='/committee/add/'] button").click()
    page.get_by_test_id("committee").get_by_text("Phạm Thị Kiểm").wait_for()
    _shots(page, "counting-committee")

    page.goto(f"{sealing_server}/c/{slug}/decisions/")
    _shots(page, "counting-console-draft")
    page.set_viewport_size({"width": 360, "height": 740})
    page.locator("input[name=number]").fill("05/BB-BKP")
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.locator("form.seal-record button").click()
    page.get_by_test_id("record-sealed").wait_for()
    assert asked and re.search("niêm phong|Seal", asked[0], re.I)
    _shots(page, "counting-console")

    record = CountingRecord.objects.get(poll=poll)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("DOCX")).click()
    assert download.value.suggested_filename.endswith(".docx")

    visitor = browser.new_page(viewport={"width": 360, "height": 740})
    visitor.goto(f"{sealing_server}/verify/{record.public_id}/")
    pdf_path = tmp_path / "bb.pdf"
    with visitor.expect_download() as download:
        visitor.get_by_role("link", name=re.compile("PDF")).click()
    download.value.save_as(pdf_path)
    visitor.set_input_files("input[type=file]", str(pdf_path))
    visitor.locator("form[enctype] button[type=submit]").click()
    visitor.get_by_test_id("verify-result").wait_for()
    assert "message-success" in visitor.get_by_test_id("verify-result").inner_html()
    assert visitor.get_by_test_id("pdf-hash").inner_text() == record.pdf_sha256
    _shots(visitor, "counting-verify")
    visitor.close()
    context.close()
