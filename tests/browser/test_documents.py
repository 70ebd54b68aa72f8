"""Documents for delegates in a real browser (issue #14, item 3): on a phone
(360 x 740) a delegate goes from the pass link to the documents, reads a PDF
page by page and a Word file as text; the live agenda puts the running
item's documents one tap away and keeps them through a live update; the
organizer uploads, is told why a bad file is refused, and deletes after a
question. Screenshots go to var/screenshots/documents-*.png."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from events.models import ConferenceDocument, StaffRole
from events.services.agenda_live import agenda_start_next
from events.services.documents import Upload, document_render_pages, document_upload
from tests.browser.conftest import start_asgi_server
from tests.events import document_samples as samples
from tests.factories import (
    AgendaItemFactory,
    ConferenceFactory,
    MembershipFactory,
    RegistrationFactory,
)

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "var" / "screenshots"


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"documents-{name}.png"), full_page=True)


@pytest.fixture
def server(transactional_db, tmp_path, monkeypatch):
    """daphne on the test database, with a MEDIA_ROOT shared with this process."""
    media = tmp_path / "media"
    monkeypatch.setenv("DJANGO_MEDIA_ROOT", str(media))
    monkeypatch.setattr(settings, "MEDIA_ROOT", media)
    process, url = start_asgi_server()
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def meeting(server):
    conference = ConferenceFactory(title="Hội nghị sơ kết Cụm thi đua Trung du và Miền núi")
    opening = AgendaItemFactory(conference=conference, title="Khai mạc", kind="opening")
    report = AgendaItemFactory(
        conference=conference, title="Thông qua báo cáo sơ kết 6 tháng đầu năm"
    )
    rules = AgendaItemFactory(conference=conference, title="Thông qua dự thảo Quyết định")
    pdf = document_upload(
        conference=conference,
        title="Dự thảo báo cáo sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2022",
        kind="draft_report",
        agenda_item=report,
        upload=Upload(data=samples.pdf_bytes(3), filename="bao-cao-so-ket.pdf"),
        published=True,
    )
    document_render_pages(document_id=pdf.pk)  # as the task worker does
    docx = document_upload(
        conference=conference,
        title="Dự thảo Quyết định ban hành Quy chế hoạt động của Cụm",
        kind="draft_decision",
        agenda_item=rules,
        upload=Upload(
            data=samples.docx_bytes(
                "Điều 1. Ban hành kèm theo Quyết định này Quy chế tổ chức và hoạt động.",
                "Điều 2. Quyết định có hiệu lực kể từ ngày ký.",
            ),
            filename="quy-che.docx",
        ),
        published=True,
    )
    registration = RegistrationFactory(conference=conference, full_name="Nguyễn Thị Hoa")
    return {
        "conference": conference,
        "items": (opening, report, rules),
        "pdf": pdf,
        "docx": docx,
        "registration": registration,
        "url": server,
    }


def staff_page(browser, base, conference, role, width, height):
    user = MembershipFactory(conference=conference, role=role).user
    client = Client()
    client.force_login(user)
    name = settings.SESSION_COOKIE_NAME
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
    context.add_cookies([{"name": name, "value": client.cookies[name].value, "url": base}])
    return context.new_page()


def no_sideways_scroll(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def test_delegate_reads_a_pdf_and_a_docx_from_the_pass_link_on_a_phone(meeting, phone):
    base, registration = meeting["url"], meeting["registration"]

    phone.goto(f"{base}/pass/{registration.code}/")
    shot(phone, "pass-360")
    assert phone.get_by_role("heading", name="Tài liệu (2)").is_visible()

    phone.get_by_role("link", name="Tất cả tài liệu, theo nội dung chương trình").click()
    phone.wait_for_url("**/documents/")
    shot(phone, "list-360")
    headings = phone.locator(".doc-group-title").all_inner_texts()
    assert headings == [
        "2. Thông qua báo cáo sơ kết 6 tháng đầu năm",
        "3. Thông qua dự thảo Quyết định",
    ]

    phone.get_by_role("link", name="Dự thảo báo cáo sơ kết").click()
    phone.wait_for_url(f"**/documents/{meeting['pdf'].pk}/")
    first = phone.get_by_role("img", name="Trang 1 / 3")
    first.wait_for()
    phone.wait_for_function("() => document.querySelector('.doc-page img').naturalWidth > 0")
    box = first.bounding_box()
    assert box["width"] >= 330 and box["x"] >= 0 and box["x"] + box["width"] <= 360
    assert no_sideways_scroll(phone)
    assert phone.get_by_role("link", name="Tải về").is_visible()
    last = phone.get_by_role("img", name="Trang 3 / 3")
    last.scroll_into_view_if_needed()
    phone.wait_for_function(
        "() => [...document.querySelectorAll('.doc-page img')].every(i => i.naturalWidth > 0)"
    )
    shot(phone, "pdf-360")

    phone.get_by_role("link", name="← Tất cả tài liệu").click()
    phone.get_by_role("link", name="Dự thảo Quyết định ban hành").click()
    phone.wait_for_url(f"**/documents/{meeting['docx'].pk}/")
    article = phone.locator("article.doc-html")
    assert "Điều 2. Quyết định có hiệu lực kể từ ngày ký." in article.inner_text()
    assert article.locator("table td").first.inner_text() == "Đơn vị"
    assert no_sideways_scroll(phone)
    shot(phone, "docx-360")


def test_live_agenda_keeps_the_running_item_s_documents_one_tap_away(meeting, phone, browser):
    base, conference = meeting["url"], meeting["conference"]
    chair = staff_page(browser, base, conference, StaffRole.CHAIR, 800, 1280)
    phone.goto(f"{base}/pass/{meeting['registration'].code}/")
    conference.is_public = True  # the agenda page itself needs no account then
    conference.save(update_fields=["is_public"])
    agenda_start_next(conference=conference)  # Khai mạc: no documents

    phone.goto(f"{base}/c/{conference.slug}/agenda/")
    phone.wait_for_function("() => document.querySelector('[data-live-status=live]') !== null")
    assert phone.locator("[data-agenda-now] .now-docs").count() == 0
    assert phone.get_by_role("link", name="Tài liệu (1)").count() == 2

    chair.goto(f"{base}/c/{conference.slug}/agenda/console/")
    chair.locator("[data-live-status=live]").wait_for()
    chair.get_by_role("button", name="Bắt đầu nội dung tiếp theo").click()  # the report
    now_link = phone.locator("[data-agenda-now] .now-docs a")
    now_link.wait_for()
    assert now_link.inner_text().startswith("Dự thảo báo cáo sơ kết")
    assert phone.get_by_role("link", name="Tài liệu (1)").count() == 2
    shot(phone, "agenda-360")

    now_link.click()
    phone.wait_for_url(f"**/documents/{meeting['pdf'].pk}/")
    assert phone.get_by_role("img", name="Trang 1 / 3").is_visible()


def test_organizer_is_told_why_a_file_is_refused_and_deletes_after_a_question(
    meeting, browser, tmp_path
):
    base, conference = meeting["url"], meeting["conference"]
    page = staff_page(browser, base, conference, StaffRole.ORGANIZER, 1366, 768)
    questions = []
    page.on("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    fake = tmp_path / "du-thao-that.pdf"
    fake.write_bytes(samples.exe_bytes())

    page.goto(f"{base}/c/{conference.slug}/documents/manage/")
    page.get_by_label("Tiêu đề tài liệu").fill("Tệp giả mạo")
    page.get_by_label("Tệp (PDF hoặc DOCX)").set_input_files(str(fake))
    page.get_by_role("button", name="Tải lên").click()
    error = page.locator("#field-file .errorlist")
    error.wait_for()
    assert "không phải PDF hay văn bản Word" in error.inner_text()
    assert page.get_by_label("Tiêu đề tài liệu").input_value() == "Tệp giả mạo"
    shot(page, "manage-refused-1366")
    assert ConferenceDocument.objects.count() == 2

    page.get_by_role("button", name="Xóa “Dự thảo Quyết định ban hành Quy chế").click()
    page.wait_for_url(f"**/c/{conference.slug}/documents/manage/")
    page.get_by_text("Đã xóa").wait_for()
    assert questions and questions[0].startswith("Xóa “Dự thảo Quyết định")
    assert list(ConferenceDocument.objects.values_list("title", flat=True)) == [
        meeting["pdf"].title
    ]
    page.set_viewport_size({"width": 360, "height": 740})
    shot(page, "manage-360")
    page.context.close()


def test_a_pdf_not_yet_drawn_says_so_then_shows_its_pages_by_itself(meeting, phone):
    """Uploaded a moment ago: the phone reads 'being prepared'; once the
    task worker has drawn the pages the viewer shows them without a tap."""
    import signal

    from django.core.management import call_command

    base, conference = meeting["url"], meeting["conference"]
    fresh = document_upload(
        conference=conference,
        title="Phụ lục số liệu thi đua",
        upload=Upload(data=samples.pdf_bytes(2), filename="phu-luc.pdf"),
        published=True,
    )
    phone.goto(f"{base}/pass/{meeting['registration'].code}/")

    phone.goto(f"{base}/c/{conference.slug}/documents/{fresh.pk}/")
    notice = phone.get_by_test_id("doc-preparing")
    assert notice.is_visible() and notice.get_attribute("role") == "status"
    assert phone.locator(".doc-page").count() == 0
    assert phone.get_by_role("link", name="Tải về").is_visible()
    assert no_sideways_scroll(phone)
    shot(phone, "preparing-360")
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)

    phone.get_by_role("img", name="Trang 2 / 2").wait_for(timeout=15000)
    assert phone.get_by_test_id("doc-preparing").count() == 0
