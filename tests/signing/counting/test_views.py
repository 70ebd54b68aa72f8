"""The counting record from the chair's console: the committee page, the
seal (one POST), the PDF and DOCX downloads, and the public verify page."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.translation import gettext, override

from events.models import ActivityLog, CountingRecord, StaffRole
from events.services.decisions import counting_member_add
from signing.models import PublicVerification
from tests.factories import MembershipFactory
from tests.signing.counting.conftest import closed_poll, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def chair_client(room):
    client = Client()
    client.force_login(MembershipFactory(conference=room.conference, role=StaffRole.CHAIR).user)
    return client


def _vi(msgid):
    with override("vi"):
        return gettext(msgid)


def _console(room, client):
    return client.get(reverse("events:decisions", kwargs={"slug": room.conference.slug}))


def test_the_chair_seats_a_committee_and_a_candidates_delegate_is_refused(room, chair_client):
    poll = closed_poll(room, kind="award", title="Suy tôn Cờ thi đua", max_choices=3)
    url = reverse(
        "events:counting_committee_add",
        kwargs={"slug": room.conference.slug, "decision_id": poll.decision_id},
    )
    director = room.directors[room.units[0].pk]

    chair_client.post(url, {"registration": room.guest.pk, "head": "1"})
    refused = chair_client.post(url, {"registration": director.pk}, follow=True)

    page = refused.content.decode()
    committee = page.split('data-testid="committee"')[1].split("</ol>")[0]
    assert "Phạm Thị Kiểm" in committee and director.full_name not in committee
    with override("vi"):
        message = gettext(
            "%(name)s is a delegate of %(unit)s, which is on this ballot: "
            "a candidate cannot count its own vote."
        ) % {"name": director.full_name, "unit": director.unit}
    assert message in page
    seated = poll.decision.counting_members.values_list("registration_id", "is_head")
    assert list(seated) == [(room.guest.pk, True)]
    # The refused delegate is not even offered in the list.
    assert f'value="{director.pk}"' not in page


def test_sealing_from_the_console_then_downloads_and_verify(room, chair_client, media_root):
    poll = closed_poll(room, yes=lambda i, line: i < 2)
    counting_member_add(decision=poll.decision, registration=room.guest, is_head=True)
    before = _console(room, chair_client).content.decode()
    seal_url = reverse(
        "signing:counting_seal", kwargs={"slug": room.conference.slug, "poll_id": poll.pk}
    )
    assert seal_url in before and "data-confirm" in before.split(seal_url)[1][:200]

    chair_client.post(seal_url, {"number": "04/BB-BKP"})

    record = CountingRecord.objects.get(poll=poll)
    after = _console(room, chair_client).content.decode()
    verify_url = reverse("signing:verify", args=[record.public_id])
    assert 'data-testid="record-sealed"' in after and verify_url in after
    assert ActivityLog.objects.filter(action="counting.sealed").count() == 1
    pdf = chair_client.get(
        reverse("signing:counting_pdf", kwargs={"slug": room.conference.slug, "poll_id": poll.pk})
    )
    with record.pdf.open("rb") as handle:
        assert pdf.content == handle.read()  # the sealed file itself
    assert "Số: 04/BB-BKP" in pdf_text(pdf.content)

    page = Client(REMOTE_ADDR="198.51.100.20")
    shown = page.get(verify_url).content.decode()
    checked = page.post(
        verify_url, {"file": SimpleUploadedFile("bb.pdf", pdf.content, "application/pdf")}
    ).content.decode()

    assert _vi("COUNTING RECORD") in shown and "Thông qua Báo cáo sơ kết" in shown
    assert "66,67" in shown and record.pdf_sha256 in shown  # as Vietnamese writes it
    assert 'data-testid="verify-result"' in checked
    assert "message-success" in checked.split('data-testid="verify-result"')[1][:200]
    logged = PublicVerification.objects.get(counting_record=record)
    assert (logged.result, logged.ip_prefix) == ("valid", "198.51.100.0/24")


def test_the_docx_reads_back_with_the_same_facts_in_times_new_roman(room, chair_client):
    from docx import Document

    poll = closed_poll(room, yes=lambda i, line: i < 2)
    counting_member_add(decision=poll.decision, registration=room.guest, is_head=True)

    response = chair_client.get(
        reverse("signing:counting_docx", kwargs={"slug": room.conference.slug, "poll_id": poll.pk})
    )

    document = Document(io.BytesIO(response.content))
    paragraphs = [p.text for p in document.paragraphs]
    cells = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert _vi("COUNTING RECORD") in paragraphs and "Thông qua Báo cáo sơ kết" in paragraphs
    assert [_vi("Ballots collected"), "3"] in cells
    assert ["1", "Thông qua Báo cáo sơ kết", "2", "66,67", _vi("Passed")] in cells
    assert any("Phạm Thị Kiểm" in text for row in cells for text in row)
    assert any(room.chair.full_name in text for row in cells for text in row)
    fonts = {
        run.font.name for p in document.paragraphs for run in p.runs if run.font.name is not None
    }
    assert fonts == {"Times New Roman"}
    assert document.styles["Normal"].font.name == "Times New Roman"


def test_the_console_reads_committees_and_records_in_constant_queries(
    room, chair_client, media_root, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = closed_poll(room, title="Thông qua Báo cáo")
    counting_member_add(decision=first.decision, registration=room.guest, is_head=True)
    with CaptureQueriesContext(connection) as one:
        assert _console(room, chair_client).status_code == 200
    for title in ("Thông qua Quy chế", "Thông qua Chương trình"):
        poll = closed_poll(room, title=title)
        counting_member_add(decision=poll.decision, registration=room.guest, is_head=True)
        for unit in room.units[:2]:
            counting_member_add(decision=poll.decision, registration=room.directors[unit.pk])
    from signing.services.counting_seal import counting_record_seal

    counting_record_seal(poll=first)

    with django_assert_max_num_queries(len(one.captured_queries)):
        page = _console(room, chair_client).content.decode()
    assert page.count('data-counting-for="') == 3
    assert page.count(room.directors[room.units[0].pk].full_name) >= 2
