"""Documents for delegates, through the pages: the organizer uploads, the
delegate reads on the pass page, the viewer and the live agenda; bad files
are refused with a message and leave nothing behind."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from PIL import Image

from events.models import ActivityLog, ConferenceDocument, StaffRole
from events.services.agenda_live import agenda_start_next
from events.services.documents import Upload, document_render_pages, document_upload
from events.services.registrations.passes import registration_reissue_code
from tests.events import document_samples as samples
from tests.factories import AgendaItemFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organizer(conference, make_member):
    client, _user = make_member(conference, StaffRole.ORGANIZER)
    return client


def stored_files(media_root) -> list[Path]:
    root = Path(media_root) / "documents"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def upload(client, conference, data: bytes, name: str, **fields):
    file = io.BytesIO(data)
    file.name = name
    return client.post(
        reverse("events:document_manage", kwargs={"slug": conference.slug}),
        {"title": "Dự thảo báo cáo", "kind": "draft_report", "file": file, **fields},
    )


def add(conference, data=None, *, title="Dự thảo báo cáo", published=True, **kwargs):
    """Upload, then draw the page images as the task worker does after it."""
    document = document_upload(
        conference=conference,
        title=title,
        upload=Upload(data=data or samples.pdf_bytes(2), filename="du-thao.pdf"),
        published=published,
        **kwargs,
    )
    document_render_pages(document_id=document.pk)
    document.refresh_from_db()
    return document


def test_organizer_uploads_a_pdf_and_its_pages_are_rendered(conference, organizer, media_root):
    item = AgendaItemFactory(conference=conference, title="Thông qua báo cáo")

    response = upload(
        organizer, conference, samples.pdf_bytes(3), "Báo cáo sơ kết.pdf", agenda_item=item.pk
    )

    assert response.status_code == 302
    document = ConferenceDocument.objects.get()
    assert (document.title, document.agenda_item, document.page_count) == (
        "Dự thảo báo cáo",
        item,
        3,
    )
    assert (document.content_type, document.original_filename) == (
        "application/pdf",
        "Báo cáo sơ kết.pdf",
    )
    assert document.published is False
    # The page images are the task worker's, after the upload.
    assert [p.name for p in stored_files(media_root)] == ["original.pdf"]
    assert document.pages_state == "pending"
    assert document_render_pages(document_id=document.pk) == "ready"
    names = [p.name for p in stored_files(media_root)]
    assert names == ["original.pdf", "page-0001.png", "page-0002.png", "page-0003.png"]
    assert document.storage_key not in ("", document.original_filename)
    assert ActivityLog.objects.get().action == "document.uploaded"


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (samples.exe_bytes(), "du-thao.pdf", "không phải PDF"),
        (samples.docx_declared_huge(), "quy-che.docx", "giải nén"),
        (samples.encrypted_pdf(), "mat.pdf", "mật khẩu"),
        (samples.plain_zip(), "quy-che.docx", "không phải PDF"),
    ],
    ids=["renamed-exe", "zip-bomb-docx", "encrypted-pdf", "zip-not-docx"],
)
def test_bad_file_is_refused_on_the_form_and_nothing_is_saved(
    conference, organizer, media_root, data, name, message
):
    response = upload(organizer, conference, data, name)

    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'value="Dự thảo báo cáo"' in page  # the title stays in the form
    assert ConferenceDocument.objects.count() == 0
    assert stored_files(media_root) == []
    assert ActivityLog.objects.count() == 0


def test_upload_larger_than_the_limit_is_refused_before_its_body_is_read(
    conference, organizer, media_root, settings
):
    settings.DOCUMENTS_MAX_BYTES = 2**20

    response = upload(organizer, conference, samples.pdf_bytes(1) + b"\n" * (2 * 2**20), "x.pdf")

    assert response.status_code == 413
    assert "lớn hơn 1 MB" in response.content.decode()
    assert ConferenceDocument.objects.count() == 0
    assert stored_files(media_root) == []


def test_upload_just_over_the_limit_is_stopped_while_it_streams(
    conference, organizer, media_root, settings
):
    settings.DOCUMENTS_MAX_BYTES = 100 * 1024  # the body is within the slack

    response = upload(organizer, conference, samples.pdf_bytes(1) + b"\n" * 120 * 1024, "x.pdf")

    assert response.status_code == 413
    assert ConferenceDocument.objects.count() == 0
    assert stored_files(media_root) == []


def test_a_file_just_over_the_limit_gets_the_upload_page_back_with_its_message(
    conference, media_root, settings
):
    """As a browser sends it (CSRF checked): the body within the slack, the
    file over the limit. The organizer stays on the upload page and reads
    why, instead of a bare 'Bad Request' (or Django's debug page)."""
    from tests.factories import MembershipFactory

    settings.DOCUMENTS_MAX_BYTES = 2**20
    client = Client(enforce_csrf_checks=True)
    client.force_login(MembershipFactory(conference=conference, role=StaffRole.ORGANIZER).user)
    url = reverse("events:document_manage", kwargs={"slug": conference.slug})
    client.get(url)
    file = io.BytesIO(samples.pdf_bytes(1) + b"\n" * (2**20 + 20 * 1024))
    file.name = "x.pdf"

    response = client.post(
        url,
        {
            "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
            "title": "Dự thảo",
            "kind": "draft_report",
            "file": file,
        },
    )

    page = response.content.decode()
    assert response.status_code == 413
    assert "lớn hơn 1 MB" in page
    assert 'name="title"' in page  # the upload form, not an error page
    assert ConferenceDocument.objects.count() == 0
    assert stored_files(media_root) == []


def test_upload_without_csrf_token_is_refused(conference, media_root):
    from tests.factories import MembershipFactory

    membership = MembershipFactory(conference=conference, role=StaffRole.ORGANIZER)
    client = Client(enforce_csrf_checks=True)
    client.force_login(membership.user)

    response = upload(client, conference, samples.pdf_bytes(1), "x.pdf")

    assert response.status_code == 403
    assert ConferenceDocument.objects.count() == 0


def test_delegate_opens_documents_from_the_pass_link_without_an_account(conference, media_root):
    registration = RegistrationFactory(conference=conference)
    document = add(conference, samples.pdf_bytes(2), title="Dự thảo báo cáo sơ kết")
    add(conference, title="Bản nháp chưa công bố", published=False)
    browser = Client()

    pass_page = browser.get(reverse("events:pass_by_code", kwargs={"code": registration.code}))
    viewer = browser.get(
        reverse("events:document_read", kwargs={"slug": conference.slug, "pk": document.pk})
    )
    image = browser.get(
        reverse(
            "events:document_page",
            kwargs={"slug": conference.slug, "pk": document.pk, "page": 2},
        )
    )

    assert "Dự thảo báo cáo sơ kết" in pass_page.content.decode()
    assert "Bản nháp chưa công bố" not in pass_page.content.decode()
    assert "Tài liệu (1)" in pass_page.content.decode()
    page = viewer.content.decode()
    assert page.count('class="doc-page"') == 2
    assert "Trang 2 / 2" in page
    assert "Tải về" in page
    assert image["Content-Type"] == "image/png"
    assert image["X-Content-Type-Options"] == "nosniff"
    assert image["Cache-Control"].startswith("private")
    assert Image.open(io.BytesIO(image.content)).size[0] == 1000


def test_pass_reissued_ends_the_browser_s_access(conference, media_root):
    registration = RegistrationFactory(conference=conference)
    add(conference)
    browser = Client()
    browser.get(reverse("events:pass_by_code", kwargs={"code": registration.code}))
    url = reverse("events:document_list", kwargs={"slug": conference.slug})
    assert browser.get(url).status_code == 200

    registration_reissue_code(registration=registration)

    response = browser.get(url)
    assert response.status_code == 302
    assert "/login" in response["Location"] or "login" in response["Location"]


def test_curious_visitor_without_a_pass_sees_no_title(conference, media_root):
    document = add(conference, title="Dự thảo quyết định ban hành quy chế")
    stranger = Client()
    stranger.force_login(UserFactory())
    urls = [
        reverse("events:document_list", kwargs={"slug": conference.slug}),
        reverse("events:document_read", kwargs={"slug": conference.slug, "pk": document.pk}),
        reverse("events:document_download", kwargs={"slug": conference.slug, "pk": document.pk}),
    ]

    responses = [stranger.get(url) for url in urls]

    assert [r.status_code for r in responses] == [404, 404, 404]
    assert all("quy chế" not in r.content.decode() for r in responses)


def test_public_conference_shows_no_documents_to_anonymous_agenda_readers(conference, media_root):
    conference.is_public = True
    conference.save()
    item = AgendaItemFactory(conference=conference, title="Khai mạc")
    add(conference, title="Dự thảo báo cáo sơ kết", agenda_item=item)

    page = Client().get(reverse("events:agenda", kwargs={"slug": conference.slug}))

    assert page.status_code == 200
    assert "Tài liệu" not in page.content.decode()
    assert "Dự thảo báo cáo sơ kết" not in page.content.decode()


def test_unpublished_document_is_shown_to_organizers_only(conference, organizer, media_root):
    document = add(conference, published=False)
    delegate = Client()
    delegate.force_login(UserFactory(email="an@so-noi-vu.example"))
    RegistrationFactory(conference=conference, email="an@so-noi-vu.example")
    url = reverse("events:document_read", kwargs={"slug": conference.slug, "pk": document.pk})

    assert delegate.get(url).status_code == 404
    assert organizer.get(url).status_code == 200


def test_download_is_an_attachment_with_the_original_name_and_never_inline(conference, media_root):
    registration = RegistrationFactory(conference=conference)
    data = samples.pdf_with_javascript()
    document = document_upload(
        conference=conference,
        title="Có mã JavaScript",
        upload=Upload(data=data, filename='../Báo cáo "cuối".pdf'),
        published=True,
    )
    browser = Client()
    browser.get(reverse("events:pass_by_code", kwargs={"code": registration.code}))

    response = browser.get(
        reverse("events:document_download", kwargs={"slug": conference.slug, "pk": document.pk})
    )
    viewer = browser.get(
        reverse("events:document_read", kwargs={"slug": conference.slug, "pk": document.pk})
    )

    assert response.content == data
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert (
        "filename*=utf-8''B%C3%A1o%20c%C3%A1o%20cu%E1%BB%91i.pdf" in response["Content-Disposition"]
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "<embed" not in viewer.content.decode() and "<iframe" not in viewer.content.decode()


def test_docx_is_read_as_sanitised_text(conference, organizer, media_root):
    document = add(
        conference,
        samples.docx_bytes("Điều 1. <script>alert(1)</script> Ban hành Quy chế."),
        title="Dự thảo Quyết định",
    )

    page = organizer.get(
        reverse("events:document_read", kwargs={"slug": conference.slug, "pk": document.pk})
    ).content.decode()

    assert "<h1>Dự thảo Quyết định</h1>" in page
    assert "Điều 1. &lt;script&gt;alert(1)&lt;/script&gt; Ban hành Quy chế." in page
    assert "<script>alert" not in page


def test_live_agenda_links_item_documents_and_puts_the_running_item_s_on_top(
    conference, media_root
):
    opening = AgendaItemFactory(conference=conference, title="Khai mạc")
    report = AgendaItemFactory(conference=conference, title="Báo cáo sơ kết")
    add(conference, title="Dự thảo báo cáo", agenda_item=opening)
    add(conference, title="Phụ lục số liệu", agenda_item=opening)
    add(conference, title="Chương trình", agenda_item=report)
    agenda_start_next(conference=conference)
    delegate = Client()
    delegate.force_login(UserFactory(email="an@so-noi-vu.example"))
    RegistrationFactory(conference=conference, email="an@so-noi-vu.example")

    page = delegate.get(reverse("events:agenda", kwargs={"slug": conference.slug})).content
    page = page.decode()

    now_card = page[page.index("data-agenda-now") : page.index("data-agenda-next")]
    assert "Dự thảo báo cáo" in now_card and "Phụ lục số liệu" in now_card
    assert "Chương trình" not in now_card
    assert "Tài liệu (2)" in page and "Tài liệu (1)" in page
    assert 'id="agenda-documents"' in page


def test_organizer_reorders_publishes_and_deletes_with_an_audit_trail(
    conference, organizer, media_root, django_capture_on_commit_callbacks
):
    first = add(conference, title="Thứ nhất", published=False)
    second = add(conference, title="Thứ hai", published=False)
    kw = {"slug": conference.slug}

    organizer.post(
        reverse("events:document_move", kwargs={**kw, "pk": second.pk}), {"direction": "up"}
    )
    organizer.post(
        reverse("events:document_publish", kwargs={**kw, "pk": first.pk}), {"action": "publish"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        organizer.post(reverse("events:document_delete", kwargs={**kw, "pk": second.pk}))

    assert list(ConferenceDocument.objects.values_list("title", "published")) == [
        ("Thứ nhất", True)
    ]
    assert list(ActivityLog.objects.order_by("pk").values_list("action", flat=True))[2:] == [
        "document.moved",
        "document.published",
        "document.deleted",
    ]
    assert [p.parent.name for p in stored_files(media_root)].count(second.storage_key) == 0
    assert any(p.parent.name == first.storage_key for p in stored_files(media_root))


def test_the_pass_page_puts_the_running_item_s_documents_first(conference, media_root):
    """During the meeting the pass is what a delegate has open: the running
    item's documents are one tap away there too, not only on the agenda."""
    opening = AgendaItemFactory(conference=conference, title="Khai mạc")
    report = AgendaItemFactory(conference=conference, title="Báo cáo sơ kết")
    add(conference, title="Chương trình chung")
    add(conference, title="Diễn văn khai mạc", agenda_item=opening)
    draft = add(conference, title="Dự thảo báo cáo", agenda_item=report)
    registration = RegistrationFactory(conference=conference)
    url = reverse("events:pass_by_code", args=[registration.code])

    before = Client().get(url).content.decode()
    agenda_start_next(conference=conference)
    agenda_start_next(conference=conference)  # the opening done, the report running
    page = Client().get(url).content.decode()

    assert 'data-testid="pass-now"' not in before
    now = page[
        page.index('data-testid="pass-now"') : page.index(
            "</div>", page.index('data-testid="pass-now"')
        )
    ]
    assert "Báo cáo sơ kết" in now
    assert reverse("events:document_read", kwargs={"slug": conference.slug, "pk": draft.pk}) in now
    assert "Diễn văn khai mạc" not in now and "Chương trình chung" not in now
    assert "Chương trình chung" in page  # the full list stays below


def _run_worker():
    """The real task worker until the queue is empty (``db_worker --batch``),
    restoring the signal handlers it installs."""
    import signal

    from django.core.management import call_command

    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


@pytest.mark.django_db(transaction=True)
def test_pages_are_drawn_by_the_worker_and_the_viewer_says_so_meanwhile(
    conference, organizer, media_root
):
    """The upload answers without drawing the pages; until the worker has,
    the reader sees a translated 'being prepared' (the page refreshes
    itself) and no page image; then the pages."""
    upload(organizer, conference, samples.pdf_bytes(3), "bao-cao.pdf", published="on")
    document = ConferenceDocument.objects.get()
    read = reverse("events:document_read", kwargs={"slug": conference.slug, "pk": document.pk})
    image = reverse(
        "events:document_page", kwargs={"slug": conference.slug, "pk": document.pk, "page": 1}
    )

    waiting = organizer.get(read).content.decode()
    image_before = organizer.get(image)
    _run_worker()
    ready = organizer.get(read).content.decode()

    with translation.override("vi"):
        preparing = escape(str(_("The pages are being prepared for phones.")))
    assert preparing in waiting
    assert '<meta http-equiv="refresh"' in waiting
    assert 'class="doc-page"' not in waiting
    assert image_before.status_code == 404
    assert preparing not in ready and '<meta http-equiv="refresh"' not in ready
    assert ready.count('class="doc-page"') == 3
    assert organizer.get(image)["Content-Type"] == "image/png"
    document.refresh_from_db()
    assert document.pages_state == "ready"
    assert [p.name for p in stored_files(media_root)] == [
        "original.pdf",
        "page-0001.png",
        "page-0002.png",
        "page-0003.png",
    ]


def test_pages_that_cannot_be_drawn_leave_the_download(conference, organizer, media_root):
    document = document_upload(
        conference=conference,
        title="Dự thảo báo cáo",
        upload=Upload(data=samples.pdf_bytes(2), filename="du-thao.pdf"),
        published=True,
    )
    original = next(p for p in stored_files(media_root) if p.name == "original.pdf")
    original.write_bytes(b"%PDF-1.7 gone")  # the stored file no longer draws

    state = document_render_pages(document_id=document.pk)
    page = organizer.get(
        reverse("events:document_read", kwargs={"slug": conference.slug, "pk": document.pk})
    ).content.decode()

    assert state == "failed"
    assert 'data-testid="doc-failed"' in page
    assert '<meta http-equiv="refresh"' not in page
    assert (
        reverse("events:document_download", kwargs={"slug": conference.slug, "pk": document.pk})
        in page
    )


def test_pages_still_not_drawn_minutes_later_point_to_the_download(
    conference, organizer, media_root
):
    """No worker running: the viewer stops promising 'a few seconds'."""
    document = document_upload(
        conference=conference,
        title="Dự thảo báo cáo",
        upload=Upload(data=samples.pdf_bytes(1), filename="du-thao.pdf"),
        published=True,
    )
    url = reverse("events:document_read", kwargs={"slug": conference.slug, "pk": document.pk})

    fresh = organizer.get(url).content.decode()
    ConferenceDocument.objects.filter(pk=document.pk).update(
        uploaded_at=timezone.now() - timedelta(minutes=5)
    )
    late = organizer.get(url).content.decode()

    assert 'data-testid="doc-late"' not in fresh
    assert 'data-testid="doc-late"' in late
    assert 'data-testid="doc-preparing"' in late
