"""The counting record of a closed vote: its committee, its text (read back
with pdftotext against the poll's facts), its seal and its public check."""

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, override

from core.errors import error_code
from events.models import CountingRecord
from events.services.decisions import counting_member_add
from signing import sealing
from signing.models import PublicVerification
from signing.services.counting_seal import (
    counting_pdf_bytes,
    counting_pdf_verify,
    counting_record_seal,
)
from tests.signing.counting.conftest import closed_poll, make_room, pdf_text
from tests.signing.sealed_pdf import flip_a_sealed_byte

pytestmark = pytest.mark.django_db


def _code(callable_, **kwargs):
    with pytest.raises(ValidationError) as excinfo:
        callable_(**kwargs)
    return error_code(excinfo.value)


def _vi(msgid: str) -> str:
    with override("vi"):
        return gettext(msgid)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_a_candidate_units_delegate_cannot_sit_on_its_committee(room):
    poll = closed_poll(room, kind="award", title="Suy tôn Cờ thi đua", max_choices=3)
    director = room.directors[room.units[0].pk]

    code = _code(counting_member_add, decision=poll.decision, registration=director)

    assert code == "committee_candidate"
    assert poll.decision.counting_members.count() == 0


def test_a_motions_committee_may_hold_member_delegates_and_one_head(room):
    poll = closed_poll(room)
    first, second = (room.directors[u.pk] for u in room.units[:2])

    counting_member_add(decision=poll.decision, registration=first, is_head=True)
    second_head = _code(
        counting_member_add, decision=poll.decision, registration=second, is_head=True
    )
    counting_member_add(decision=poll.decision, registration=second)
    again = _code(counting_member_add, decision=poll.decision, registration=second)

    assert (second_head, again) == ("committee_has_head", "committee_duplicate")
    seated = poll.decision.counting_members.values_list("registration_id", "is_head")
    assert list(seated) == [(first.pk, True), (second.pk, False)]


def test_sealing_needs_a_head_of_the_committee(room, media_root):
    poll = closed_poll(room)

    assert _code(counting_record_seal, poll=poll) == "committee_no_head"
    assert not CountingRecord.objects.exists()


def test_the_record_states_the_polls_facts(room, media_root):
    # Units 0 and 1 agree, unit 2 does not: 2 of 3 ballots collected.
    poll = closed_poll(room, yes=lambda i, line: i < 2)
    counting_member_add(decision=poll.decision, registration=room.guest, is_head=True)
    member = room.directors[room.units[2].pk]
    counting_member_add(decision=poll.decision, registration=member)

    record = counting_record_seal(poll=poll, number="02/BB-BKP")
    with record.pdf.open("rb") as handle:
        data = handle.read()
    text = _flat(pdf_text(data))

    assert "Số: 02/BB-BKP" in text
    assert _vi("COUNTING RECORD") in text and "Thông qua Báo cáo sơ kết" in text
    assert "Hội trường UBND tỉnh, Số 7 Trường Chinh" in text
    assert "Phạm Thị Kiểm, Chuyên viên, Văn phòng Ban Thi đua - Khen thưởng" in text
    assert member.full_name in text and room.chair.full_name in text
    assert _vi("open vote") in text
    counts = {
        _vi("Member units summoned"): 3,
        _vi("Member units present"): 3,
        _vi("Ballots issued"): 3,
        _vi("Ballots collected"): 3,
        _vi("Valid ballots"): 3,
        _vi("Invalid ballots"): 0,
    }
    for label, value in counts.items():
        assert f"{label} {value}" in text
    assert f"Thông qua Báo cáo sơ kết 2 66,67 {_vi('Passed')}" in text
    with override("vi"):
        rule = gettext("passes with more than %(fraction)s %(base)s") % {
            "fraction": "1/2",
            "base": gettext("of the ballots collected"),
        }
    assert rule[0].upper() + rule[1:] in text
    assert text.index(_vi("Head of the counting committee").upper()) < text.index(_vi("CHAIR"))
    assert record.public_id in text


def test_twelve_candidates_all_appear_with_two_decimal_percentages(db, media_root):
    room = make_room(units=12)
    # Voter i agrees with the lines whose position is at most i + 1.
    poll = closed_poll(
        room,
        kind="award",
        title="Suy tôn Bằng khen",
        max_choices=12,
        yes=lambda i, line: line.position <= i + 1,
    )
    counting_member_add(decision=poll.decision, registration=room.guest, is_head=True)

    text = _flat(pdf_text(counting_pdf_bytes(poll=poll)))

    labels = {c.pk: c.label for c in poll.candidates.all()}
    assert len(poll.result["lines"]) == 12
    for line in poll.result["lines"]:
        shown = line["percent"].replace(".", ",")  # as Vietnamese writes it
        assert f"{labels[line['candidate']]} {line['votes']} {shown}" in text
    assert _vi("Draft: not sealed yet") in text
    assert "…/BB-…" in text


def test_user_text_is_escaped_in_the_record(room, media_root):
    poll = closed_poll(room, title="<b>Thông qua</b> & <script>x</script>")
    counting_member_add(decision=poll.decision, registration=room.guest, is_head=True)

    text = _flat(pdf_text(counting_pdf_bytes(poll=poll)))

    assert "<b>Thông qua</b> & <script>x</script>" in text


def test_the_sealed_record_verifies_and_a_second_seal_is_refused(room, media_root):
    poll = closed_poll(room)
    counting_member_add(decision=poll.decision, registration=room.guest, is_head=True)
    record = counting_record_seal(poll=poll)
    with record.pdf.open("rb") as handle:
        data = handle.read()

    check = counting_pdf_verify(record=record, data=data)
    altered = flip_a_sealed_byte(data)
    bad = counting_pdf_verify(record=record, data=altered)

    assert (check.valid, check.identical) == (True, True)
    assert sealing.pdf_statement(data)["ceremony"] == record.public_id
    assert (bad.valid, bad.identical) == (False, False)
    assert _code(counting_record_seal, poll=poll) == "already_sealed"
    logged = PublicVerification.objects.filter(counting_record=record).order_by("pk")
    assert list(logged.values_list("result", flat=True)) == ["valid", "invalid"]


def test_an_open_poll_has_no_record_yet(room, media_root):
    from events.models import Decision
    from events.services.decisions import poll_create, poll_open

    decision = Decision.objects.create(conference=room.conference, kind="adopt", title="X")
    poll = poll_open(poll=poll_create(decision=decision))

    assert _code(counting_pdf_bytes, poll=poll) == "poll_not_closed"


def test_paper_ballots_and_a_tie_are_stated_when_the_result_has_them(db, media_root):
    room = make_room(units=4)
    # Everyone agrees with lines 1 and 2 (not their own): 3 votes each, one place.
    poll = closed_poll(
        room,
        kind="award",
        title="Suy tôn Cờ",
        max_choices=2,
        quota=1,
        yes=lambda i, line: line.position <= 2,
    )
    counting_member_add(decision=poll.decision, registration=room.guest, is_head=True)
    electronic = _flat(pdf_text(counting_pdf_bytes(poll=poll)))
    # What the paper-count entry leaves behind (merged totals + result["paper"]).
    poll.result = {**poll.result, "paper": {"issued": 2, "collected": 2, "valid": 2}}
    poll.save(update_fields=["result"])

    mixed = _flat(pdf_text(counting_pdf_bytes(poll=poll)))

    with override("vi"):
        tied = [c.label for c in poll.candidates.order_by("position")[:2]]
        tie = gettext("Tied at the last place: %(names)s; a new round is held among them.") % {
            "names": "; ".join(tied)
        }
        paper = gettext(
            "on electronic ballots and paper ballots (%(n)s paper ballots collected)"
        ) % {"n": 2}
        only_phones = gettext("on electronic ballots (delegates' phones)")
    assert tie in electronic and tie in mixed
    assert only_phones in electronic and paper not in electronic
    assert paper in mixed
