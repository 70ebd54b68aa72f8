"""The offline-first door in Chromium (docs/offline.md): a paired phone
loads its encrypted roster, loses the network (Playwright's offline mode
and the server itself stopped), reloads the scanner from the service worker,
decides a camera scan on the phone, and sends it when the network is back."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events.demo import CONFERENCE_2022
from events.models import Checkin, CheckinRefusal, Conference, Registration
from events.services.checkin_setup import device_create, device_revoke
from tests.browser.conftest import _free_port, launch_chromium, start_asgi_server
from tests.browser.test_checkin import log_in, write_y4m

PHONE = {"viewport": {"width": 360, "height": 740}, "has_touch": True, "locale": "vi-VN"}
ROSTER_READY = "() => /^[0-9]+$/.test(document.getElementById('scanner').dataset.roster || '')"
SW_READY = "() => document.documentElement.dataset.sw === 'ready'"


@pytest.fixture
def person(demo):
    # The demo conference of 2022 is long over: a phone would wipe its roster.
    now = timezone.now()
    Conference.objects.filter(slug=CONFERENCE_2022).update(
        starts_at=now - timedelta(hours=2), ends_at=now + timedelta(hours=6)
    )
    return Registration.objects.get(
        conference__slug=CONFERENCE_2022, family_name="Nông", given_name="Hạnh"
    )


@pytest.fixture
def camera(tmp_path, person, playwright):
    """Chromium whose fake camera shows the person's pass. Camera access is
    only granted when a test says so (until then, nothing is scanned)."""
    video = tmp_path / "pass.y4m"
    write_y4m(video, person.code)
    browser = launch_chromium(
        playwright,
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    )
    yield browser
    browser.close()


@pytest.fixture
def server():
    """A daphne that the test can stop and start again on the same port."""
    port = _free_port()
    state = {"process": start_asgi_server(port)[0], "url": f"http://127.0.0.1:{port}"}

    def stop():
        state["process"].terminate()
        state["process"].wait(timeout=10)

    def start():
        state["process"] = start_asgi_server(port)[0]

    state.update(stop=stop, start=start)
    yield state
    if state["process"].poll() is None:
        stop()


def pair_phone(browser, url, name):
    conference = Conference.objects.get(slug=CONFERENCE_2022)
    device = device_create(conference=conference, name=name)
    context = browser.new_context(**PHONE)
    page = context.new_page()
    page.goto(f"{url}/scanner/pair/{device.pairing_secret}/")
    page.get_by_role("button", name="Ghép và mở màn hình quét").click()
    page.wait_for_url(f"{url}/scanner/")
    page.wait_for_function(SW_READY, timeout=20_000)
    page.wait_for_function(ROSTER_READY, timeout=20_000)
    return device, context, page


def test_offline_phone_reloads_scans_and_syncs_when_back(camera, server, person):
    url = server["url"]
    _device, context, phone = pair_phone(camera, url, "Cổng 1")
    assert int(phone.locator("#scanner").get_attribute("data-roster")) >= 42
    assert phone.locator("#mode").inner_text() == "Trực tuyến"

    # Airplane mode: no network for the phone, and no server either.
    context.set_offline(True)
    server["stop"]()
    context.grant_permissions(["camera"], origin=url)
    response = phone.reload()
    assert response.from_service_worker
    phone.wait_for_function(ROSTER_READY, timeout=20_000)
    assert phone.locator("#mode").inner_text().startswith("Ngoại tuyến")

    result = phone.locator("#result.result-ok")
    result.wait_for(timeout=20_000)
    assert result.locator(".result-name").inner_text() == "Nông Thị Hạnh"
    assert result.locator(".result-unit").inner_text() == "Sở Nội vụ tỉnh Bắc Kạn"
    assert result.locator(".result-message").inner_text() == "Xin chào! Đã điểm danh."
    assert phone.locator("#queue").inner_text() == "1 đang chờ gửi"
    phone.screenshot(path="var/screens/offline-scan-phone.png")
    assert person.checkins.count() == 0

    server["start"]()
    context.set_offline(False)
    phone.wait_for_function(
        "() => document.getElementById('scanner').dataset.queued === '0'", timeout=20_000
    )
    checkin = person.checkins.get()
    assert (checkin.offline, checkin.device.name) == (True, "Cổng 1")

    board_context = camera.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    board = board_context.new_page()
    log_in(board, url, "chutri@hoinghi.example")
    board.goto(f"{url}/c/{CONFERENCE_2022}/attendance/")
    assert board.locator("#total-arrived").inner_text() == "1"
    assert board.locator(".missing li", has_text="Nông Thị Hạnh").count() == 0
    board_context.close()
    context.close()


def test_two_offline_phones_admit_one_person_once_and_flag_a_conflict(camera, server, person):
    url = server["url"]
    phones = [pair_phone(camera, url, name) for name in ("Cổng 1", "Cổng 2")]
    for _device, context, _page in phones:
        context.set_offline(True)
        context.grant_permissions(["camera"], origin=url)
    for _device, _context, page in phones:
        page.reload()
        page.locator("#result.result-ok").wait_for(timeout=20_000)
        assert page.locator("#result .result-name").inner_text() == "Nông Thị Hạnh"

    for _device, context, page in phones:
        context.set_offline(False)
        page.wait_for_function(
            "() => document.getElementById('scanner').dataset.queued === '0'", timeout=20_000
        )

    assert Checkin.objects.filter(registration=person).count() == 1
    conflict = CheckinRefusal.objects.get(result="offline_conflict")
    assert conflict.registration == person
    second = phones[1][2] if conflict.device.name == "Cổng 2" else phones[0][2]
    second.locator("#review li").first.wait_for()
    assert "Nông Thị Hạnh" in second.locator("#review li").first.inner_text()
    second.screenshot(path="var/screens/offline-conflict-phone.png")

    board_context = camera.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    board = board_context.new_page()
    log_in(board, url, "tochuc@hoinghi.example")
    board.goto(f"{url}/c/{CONFERENCE_2022}/attendance/")
    row = board.locator("#conflicts li")
    assert row.count() == 1
    assert "Vào hai lần" in row.inner_text() and "Nông Thị Hạnh" in row.inner_text()
    board.screenshot(path="var/screens/offline-conflict-board.png", full_page=True)
    board_context.close()
    for _device, context, _page in phones:
        context.close()


def test_revoked_phone_wipes_its_roster(camera, server, person):
    url = server["url"]
    device, context, phone = pair_phone(camera, url, "Cổng 1")
    stored = "() => new Promise(r => { const o = indexedDB.open('hoinghi-scanner'); o.onsuccess = () => { const t = o.result.transaction('kv').objectStore('kv').count(); t.onsuccess = () => { o.result.close(); r(t.result); }; }; })"
    assert phone.evaluate(stored) == 2  # the device key and the roster

    device_revoke(device=device)
    phone.reload()
    phone.wait_for_function(
        "() => document.getElementById('scanner').dataset.roster === 'wiped'", timeout=20_000
    )

    assert phone.evaluate(stored) == 0
    assert phone.evaluate("() => localStorage.getItem('hoinghi.scanner.token')") is None
    assert "thu hồi" in phone.locator("#banner").inner_text()
    context.close()
