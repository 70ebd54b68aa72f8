"""The offline-first door in Chromium (docs/offline.md): a paired phone
loads its encrypted roster, loses the network (Playwright's offline mode
and the server itself stopped), reloads the scanner from the service worker,
decides a camera scan on the phone, and sends it when the network is back."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from events.demo import CONFERENCE_2022
from events.models import Checkin, CheckinRefusal, Conference, Registration
from events.names import fold
from events.selectors.passes import pass_qr_payload
from events.services.checkin_setup import device_create, device_revoke
from events.services.registrations import registration_reissue_code
from tests.browser.conftest import _free_port, launch_chromium, start_asgi_server
from tests.browser.test_checkin import log_in, write_y4m
from tests.factories import RegistrationFactory

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
    # Staff see that the scan went out, not only that the count vanished.
    sent = phone.locator("#queue.queue-sent")
    assert sent.is_visible() and sent.inner_text().count("1") == 1

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

    board_context = camera.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    board = board_context.new_page()
    log_in(board, url, "tochuc@hoinghi.example")
    board.goto(f"{url}/c/{CONFERENCE_2022}/attendance/")
    board.wait_for_selector("#attendance[data-connected='1']")
    assert board.locator("#conflicts").is_hidden()

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

    # Live on the open board, then on a fresh load of it.
    live = board.locator("#conflicts li")
    live.first.wait_for(timeout=10_000)
    assert "Vào hai lần" in live.inner_text() and "Nông Thị Hạnh" in live.inner_text()
    assert board.locator("#total-arrived").inner_text() == "1"
    board.reload()
    row = board.locator("#conflicts li")
    assert row.count() == 1
    assert "Vào hai lần" in row.inner_text() and conflict.device.name in row.inner_text()
    board.screenshot(path="var/screens/offline-conflict-board.png", full_page=True)
    board_context.close()
    for _device, context, _page in phones:
        context.close()


# How many entries the phone's IndexedDB holds (roster.js: the key, the roster).
STORED_JS = """() => new Promise(resolve => {
  const open = indexedDB.open('hoinghi-scanner');
  open.onsuccess = () => {
    const count = open.result.transaction('kv').objectStore('kv').count();
    count.onsuccess = () => { open.result.close(); resolve(count.result); };
  };
})"""


def test_revoked_phone_wipes_its_roster(camera, server, person):
    url = server["url"]
    device, context, phone = pair_phone(camera, url, "Cổng 1")
    stored = STORED_JS
    assert phone.evaluate(stored) == 2  # the device key and the roster
    # No camera allowed: the message in the middle, no empty viewfinder frame.
    phone.wait_for_selector("#scanner.camera-off")
    assert phone.locator(".frame").is_hidden()
    assert phone.locator("#status").inner_text() == (
        "Không dùng được máy ảnh. Đề nghị cho phép truy cập máy ảnh hoặc tìm theo tên."
    )

    device_revoke(device=device)
    phone.reload()
    phone.wait_for_function(
        "() => document.getElementById('scanner').dataset.roster === 'wiped'", timeout=20_000
    )

    assert phone.evaluate(stored) == 0
    assert phone.evaluate("() => localStorage.getItem('hoinghi.scanner.token')") is None
    assert "thu hồi" in phone.locator("#banner").inner_text()
    # Nothing left to scan with, and the way back is said once.
    for dead_end in ("#manual-code", "#open-search", "#undo", ".viewfinder", "#mode"):
        assert phone.locator(dead_end).is_hidden(), dead_end
    assert phone.locator("#scanner-off-help").is_visible()
    assert phone.get_by_text("thu hồi").count() == 1
    phone.screenshot(path="var/screens/offline-revoked-phone.png")
    context.close()


def test_unpaired_phone_is_told_to_pair_and_offered_nothing_to_scan_with(live_asgi, phone):
    phone.goto(f"{live_asgi}/scanner/")

    banner = phone.locator("#banner")
    banner.wait_for()
    assert banner.inner_text() == (
        "Điện thoại này chưa được ghép. Đề nghị quét mã ghép do Ban tổ chức cung cấp."
    )
    for dead_end in ("#manual-code", "#open-search", "#undo", ".viewfinder"):
        assert phone.locator(dead_end).is_hidden(), dead_end
    assert phone.locator("#scanner-off-help").is_hidden()


def test_pass_issued_after_the_last_sync_is_recognised_offline_by_its_signature(
    tmp_path, server, person, playwright
):
    url = server["url"]
    video = tmp_path / "later.y4m"
    write_y4m(video, "nothing to see yet")
    browser = launch_chromium(
        playwright,
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    )
    _device, context, phone = pair_phone(browser, url, "Cổng 1")
    late = RegistrationFactory(
        conference=person.conference, full_name="Hà Thị Mới", role_code="specialist"
    )
    signed = pass_qr_payload(late)
    assert signed.startswith("H1.")

    write_y4m(video, signed)
    context.set_offline(True)
    context.grant_permissions(["camera"], origin=url)
    phone.reload()
    result = phone.locator("#result.result-ok")
    result.wait_for(timeout=20_000)
    assert result.get_attribute("data-result") == "valid_unlisted"
    assert result.locator(".result-message").inner_text() == (
        "Thẻ hợp lệ (chữ ký đúng), chưa có trong danh sách trên máy. Đã cho vào khi mất mạng."
    )

    context.set_offline(False)
    phone.wait_for_function(
        "() => document.getElementById('scanner').dataset.queued === '0'", timeout=20_000
    )
    assert late.checkins.get().offline is True
    context.close()
    browser.close()

    # A forged signature on another phone (Chromium reads its fake camera
    # file once per browser): refused on the phone and in the audit.
    head, _sep, sig = signed.rpartition(".")
    forged_video = tmp_path / "forged.y4m"
    write_y4m(forged_video, f"{head}.{sig[:-3]}{'AAA' if sig[-3:] != 'AAA' else 'BBB'}")
    browser = launch_chromium(
        playwright,
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={forged_video}",
    )
    _device, context, phone = pair_phone(browser, url, "Cổng 2")
    context.set_offline(True)
    context.grant_permissions(["camera"], origin=url)
    phone.reload()
    forged = phone.locator("#result.result-error")
    forged.wait_for(timeout=20_000)
    assert forged.get_attribute("data-result") == "bad_signature"
    assert forged.locator(".result-name").inner_text() == ""
    phone.screenshot(path="var/screens/offline-forged-phone.png")
    context.set_offline(False)
    phone.wait_for_function(
        "() => document.getElementById('scanner').dataset.queued === '0'", timeout=20_000
    )
    assert CheckinRefusal.objects.get(offline=True).result == "bad_signature"
    assert late.checkins.count() == 1
    context.close()
    browser.close()


def test_offline_phone_finds_a_delegate_by_name_in_its_roster(camera, server, person):
    url = server["url"]
    _device, context, phone = pair_phone(camera, url, "Cổng 1")
    context.set_offline(True)
    server["stop"]()
    phone.reload()
    phone.wait_for_function(ROSTER_READY, timeout=20_000)

    phone.get_by_role("button", name="Tìm theo tên").click()
    # Several matches come in Vietnamese order (given name first), as online.
    box = phone.get_by_placeholder("Họ tên hoặc đơn vị")
    box.fill("bac kan")
    names = phone.locator("#search-results li strong")
    names.first.wait_for()
    people = person.conference.registrations.select_related("unit").order_by("sort_key")
    expected = [
        r.full_name
        for r in people
        if "bac kan" in fold(f"{r.full_name} {r.unit.name if r.unit else r.organization}")
    ][:20]
    assert len(expected) > 2
    assert names.all_inner_texts() == expected

    box.fill("nong hanh bac kan")
    found = phone.locator("#search-results li")
    expect(found).to_have_count(1)
    assert found.all_inner_texts() == [
        "Nông Thị Hạnh\nSở Nội vụ tỉnh Bắc Kạn · Lãnh đạo Văn phòng\nĐiểm danh"
    ]
    found.get_by_role("button", name="Điểm danh").click()
    result = phone.locator("#result.result-ok")
    result.wait_for()
    assert result.locator(".result-name").inner_text() == "Nông Thị Hạnh"
    assert phone.locator("#queue").inner_text() == "1 đang chờ gửi"

    server["start"]()
    context.set_offline(False)
    phone.wait_for_function(
        "() => document.getElementById('scanner').dataset.queued === '0'", timeout=20_000
    )
    checkin = person.checkins.get()
    assert (checkin.offline, checkin.method, checkin.device.name) == (True, "manual", "Cổng 1")
    context.close()


def test_staff_scanner_without_roster_says_the_name_search_needs_the_network(
    demo, live_asgi, browser
):
    context = browser.new_context(**PHONE)
    page = context.new_page()
    log_in(page, live_asgi, "checkin@hoinghi.example")
    page.goto(f"{live_asgi}/c/{CONFERENCE_2022}/checkin/scan/")
    context.set_offline(True)

    page.get_by_role("button", name="Tìm theo tên").click()
    page.locator("#search-input").fill("hanh")

    empty = page.locator("#search-results li.empty")
    empty.wait_for()
    assert "Tìm theo tên cần có mạng" in empty.inner_text()
    context.close()


def test_new_version_prompt_leaves_the_scanner_tools_reachable(camera, server, person):
    url = server["url"]
    _device, context, phone = pair_phone(camera, url, "Cổng 1")

    # A deploy, as the browser sees it: a worker script that is not the one
    # running (another URL for the same scope) installs and waits.
    phone.evaluate("() => navigator.serviceWorker.register('/sw.js?deploy=2', {scope: '/'})")
    bar = phone.locator("#sw-update")
    bar.wait_for(timeout=20_000)
    assert bar.inner_text().startswith("Đã có phiên bản mới của máy quét.")

    # Scrolled to the end, the last tools are above the bar, not under it.
    phone.evaluate("() => window.scrollTo(0, document.body.scrollHeight)")
    undo = phone.locator("#undo").bounding_box()
    assert undo["y"] + undo["height"] <= bar.bounding_box()["y"]
    phone.screenshot(path="var/screens/offline-update-prompt.png")

    # Only when asked does the new worker take over; the page reloads.
    with phone.expect_navigation(timeout=20_000):
        bar.get_by_role("button", name="Cập nhật ngay").click()
    phone.wait_for_function(ROSTER_READY, timeout=20_000)
    context.close()


def test_manual_code_typed_offline_then_reissued_names_the_person(camera, server, person):
    url = server["url"]
    _device, context, phone = pair_phone(camera, url, "Cổng 1")
    context.set_offline(True)
    phone.reload()
    phone.wait_for_function(ROSTER_READY, timeout=20_000)
    phone.locator("#manual-code").fill(person.manual_code_display)
    phone.get_by_role("button", name="Gửi mã").click()
    phone.locator("#result.result-ok").wait_for()
    phone.locator("#result").click()
    registration_reissue_code(registration=person)

    context.set_offline(False)
    phone.wait_for_function(
        "() => document.getElementById('scanner').dataset.queued === '0'", timeout=20_000
    )

    result = phone.locator("#result.result-error")
    result.wait_for()
    assert result.locator(".result-name").inner_text() == "Nông Thị Hạnh"
    assert phone.locator("#review li").first.inner_text().startswith("Nông Thị Hạnh ")
    board_context = camera.new_context(viewport={"width": 1366, "height": 768}, locale="vi-VN")
    board = board_context.new_page()
    log_in(board, url, "tochuc@hoinghi.example")
    board.goto(f"{url}/c/{CONFERENCE_2022}/attendance/")
    row = board.locator("#conflicts li")
    assert row.count() == 1 and "Nông Thị Hạnh" in row.inner_text()
    board_context.close()
    context.close()
