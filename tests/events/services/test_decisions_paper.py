"""Paper ballots in the tally (events/services/decisions/paper.py): the
counting committee's counts are checked, then merged with the phones'
ballots into the poll's one result; a correction needs a reason."""

import pytest
from django.core.exceptions import ValidationError

from core.errors import error_code
from events.models import ActivityLog, Decision, PollStatus
from events.services.decisions import (
    PaperCounts,
    ballot_cast_open,
    poll_close,
    poll_create,
    poll_open,
    poll_paper_enter,
)
from tests.events.decisions_world import check_in
from tests.factories import ConferenceFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def room():
    """Three member units, each head of delegation checked in."""
    conference = ConferenceFactory()
    units = sorted(conference.term.members.all(), key=lambda u: u.sort_key)
    heads = []
    for i, unit in enumerate(units):
        head = RegistrationFactory(
            conference=conference, unit=unit, role_code="director", full_name=f"Lê Văn Giám {i}"
        )
        check_in(head)
        heads.append(head)
    return conference, units, heads


def _motion(conference, **kwargs):
    kwargs.setdefault("title", "Thông qua Báo cáo sơ kết 6 tháng đầu năm")
    kwargs.setdefault("kind", "adopt")
    decision = Decision.objects.create(conference=conference, **kwargs)
    return poll_open(poll=poll_create(decision=decision))


def _closed_motion(room, *, agree: bool):
    """A motion on which only the first unit voted on its phone."""
    conference, _units, heads = room
    poll = _motion(conference)
    line = poll.candidates.get()
    ballot_cast_open(poll=poll, registration=heads[0], choices={str(line.pk): agree})
    return poll_close(poll=poll)


def _counts(poll, issued, collected, valid, invalid, *votes):
    lines = [c.pk for c in poll.candidates.all()]
    return PaperCounts(
        issued=issued,
        collected=collected,
        valid=valid,
        invalid=invalid,
        votes=dict(zip(lines, votes, strict=True)),
    )


def _code(**kwargs):
    with pytest.raises(ValidationError) as excinfo:
        poll_paper_enter(**kwargs)
    return error_code(excinfo.value)


def test_paper_and_phone_ballots_are_counted_in_one_tally(room):
    poll = _closed_motion(room, agree=False)
    assert poll.result["lines"][0]["outcome"] == "failed"  # 0 of 1 on phones

    poll = poll_paper_enter(poll=poll, counts=_counts(poll, 2, 2, 2, 0, 2))

    poll.refresh_from_db()
    assert (poll.entitled, poll.issued, poll.collected, poll.valid) == (3, 3, 3, 3)
    line = poll.result["lines"][0]
    assert (line["votes"], line["percent"], line["outcome"]) == (2, "66.67", "passed")
    assert poll.result["passed"] == [line["candidate"]] and poll.result["tied"] == []
    key = str(line["candidate"])
    assert poll.result["electronic"] == {
        "issued": 1,
        "collected": 1,
        "valid": 1,
        "invalid": 0,
        "votes": {key: 0},
    }
    paper = {k: v for k, v in poll.result["paper"].items() if k != "entered_at"}
    assert paper == {
        "issued": 2,
        "collected": 2,
        "valid": 2,
        "invalid": 0,
        "votes": {key: 2},
        "corrections": 0,
    }
    entry = ActivityLog.objects.get(action="poll.paper_entered")
    assert entry.data == {
        "round": 1,
        "paper": {"issued": 2, "collected": 2, "valid": 2, "invalid": 0, "votes": {key: 2}},
    }


def test_invalid_paper_ballots_count_in_the_collected_base(room):
    poll = _closed_motion(room, agree=True)
    # Phone: 1 yes. Paper: 2 collected, 1 valid (no), 1 invalid. 1 of 3: not passed.
    poll = poll_paper_enter(poll=poll, counts=_counts(poll, 2, 2, 1, 1, 0))
    assert (poll.collected, poll.valid) == (3, 2)
    line = poll.result["lines"][0]
    assert (line["votes"], line["percent"], line["outcome"]) == (1, "33.33", "failed")


@pytest.mark.parametrize(
    ("numbers", "code"),
    [
        ((1, 2, 2, 0, 1), "paper_collected_over_issued"),
        ((2, 2, 1, 0, 1), "paper_sum_mismatch"),
        ((2, 2, 1, 1, 2), "paper_line_over_valid"),
        ((3, 3, 3, 0, 1), "paper_over_electorate"),  # one unit already voted on its phone
        ((2, -1, 0, 0, 0), "paper_bad_number"),
        ((2, 2, 2, 0, True), "paper_bad_number"),
        ((2, 2, 2, 0, 100_001), "paper_bad_number"),
    ],
)
def test_paper_counts_that_do_not_add_up_are_refused_and_nothing_changes(room, numbers, code):
    poll = _closed_motion(room, agree=True)
    before = (poll.issued, poll.collected, poll.valid, poll.result)

    assert _code(poll=poll, counts=_counts(poll, *numbers)) == code

    poll.refresh_from_db()
    assert (poll.issued, poll.collected, poll.valid, poll.result) == before
    assert not ActivityLog.objects.filter(action__startswith="poll.paper").exists()


def test_a_paper_count_must_give_every_line_and_no_other(room):
    poll = _closed_motion(room, agree=True)
    [line] = poll.candidates.all()
    missing = PaperCounts(issued=1, collected=1, valid=1, invalid=0, votes={})
    foreign = PaperCounts(issued=1, collected=1, valid=1, invalid=0, votes={line.pk: 1, 999: 0})
    assert _code(poll=poll, counts=missing) == "unknown_candidate"
    assert _code(poll=poll, counts=foreign) == "unknown_candidate"


def test_paper_lines_cannot_hold_more_choices_than_the_ballots_allow(room):
    conference, _units, _heads = room
    poll = _motion(conference, kind="award", title="Suy tôn Cờ thi đua", max_choices=1, quota=1)
    poll = poll_close(poll=poll)
    # Two valid ballots of one choice each cannot give 2 + 1 votes.
    assert _code(poll=poll, counts=_counts(poll, 2, 2, 2, 0, 2, 1, 0)) == ("paper_too_many_choices")
    poll = poll_paper_enter(poll=poll, counts=_counts(poll, 3, 3, 3, 0, 2, 1, 0))
    outcomes = [line["outcome"] for line in poll.result["lines"]]
    assert outcomes == ["passed", "failed", "failed"]


def test_paper_counts_wait_for_the_close(room):
    conference, _units, _heads = room
    poll = _motion(conference)
    assert _code(poll=poll, counts=_counts(poll, 1, 1, 1, 0, 1)) == "paper_poll_not_closed"
    poll.refresh_from_db()
    assert poll.status == PollStatus.OPEN and poll.result is None


def test_a_second_entry_is_a_correction_with_its_reason_recorded(room):
    poll = _closed_motion(room, agree=False)
    poll = poll_paper_enter(poll=poll, counts=_counts(poll, 2, 2, 2, 0, 2))

    assert _code(poll=poll, counts=_counts(poll, 2, 2, 2, 0, 0)) == "paper_reason_required"
    assert poll.result["lines"][0]["votes"] == 2

    poll = poll_paper_enter(
        poll=poll, counts=_counts(poll, 2, 2, 2, 0, 0), reason="  Đếm lại:  nhầm 2 phiếu "
    )
    assert poll.result["lines"][0]["outcome"] == "failed" and poll.valid == 3
    assert (poll.result["paper"]["corrections"], poll.result["paper"]["reason"]) == (
        1,
        "Đếm lại: nhầm 2 phiếu",
    )
    key = str(poll.candidates.get().pk)
    entry = ActivityLog.objects.get(action="poll.paper_corrected")
    assert entry.data["reason"] == "Đếm lại: nhầm 2 phiếu"
    assert entry.data["previous"] == {"issued": 2, "collected": 2, "valid": 2, "votes": {key: 2}}
    assert entry.data["paper"]["votes"] == {key: 0}


def test_once_a_new_round_is_prepared_the_old_result_stays(room):
    poll = _closed_motion(room, agree=True)
    poll_create(decision=poll.decision)
    assert _code(poll=poll, counts=_counts(poll, 1, 1, 1, 0, 1)) == "paper_later_round"
