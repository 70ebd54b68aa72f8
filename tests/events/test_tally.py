"""The rule of a cluster's Quy chế applied to counts (events/tally.py)."""

from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from events.tally import Base, Operator, Outcome, Rule, Totals, percent, tally

SEVEN = Totals(entitled=7, issued=7, collected=7, valid=6)  # one invalid ballot


def _outcomes(result):
    return {line.candidate: line.outcome for line in result.lines}


@pytest.mark.parametrize(
    ("base", "votes", "expected"),
    [
        # quá 1/2 of 7 collected: 4 passes, 3 does not (3.5 is the line).
        (Base.COLLECTED, 4, Outcome.PASSED),
        (Base.COLLECTED, 3, Outcome.FAILED),
        # quá 1/2 of 6 valid: 3 is exactly half, not more.
        (Base.VALID, 3, Outcome.FAILED),
        (Base.VALID, 4, Outcome.PASSED),
        # quá 1/2 of 9 members: 4 collected yes is not enough.
        (Base.MEMBERS, 4, Outcome.FAILED),
        (Base.MEMBERS, 5, Outcome.PASSED),
    ],
)
def test_each_base_names_what_the_threshold_is_taken_of(base, votes, expected):
    totals = Totals(entitled=9, issued=7, collected=7, valid=6)
    result = tally(Rule(base=base), totals, {"report": votes})
    assert result.lines[0].outcome == expected


def test_exactly_half_fails_more_than_half_and_passes_at_least_half():
    totals = Totals(entitled=6, issued=6, collected=6, valid=6)
    assert tally(Rule(operator=Operator.GT), totals, {"x": 3}).lines[0].outcome == Outcome.FAILED
    assert tally(Rule(operator=Operator.GE), totals, {"x": 3}).lines[0].outcome == Outcome.PASSED


def test_two_thirds_is_compared_in_integers_not_rounded_percentages():
    totals = Totals(entitled=3, issued=3, collected=3, valid=3)
    line = tally(Rule(operator=Operator.GE, numerator=2, denominator=3), totals, {"x": 2}).lines[0]
    assert line.percent == Decimal("66.67")  # what the projector prints
    assert line.outcome == Outcome.PASSED  # 2/3 exactly is "at least 2/3"
    gt = tally(Rule(operator=Operator.GT, numerator=2, denominator=3), totals, {"x": 2})
    assert gt.lines[0].outcome == Outcome.FAILED


def test_percentages_have_two_decimals_half_up_of_the_named_base():
    assert percent(1, 3) == Decimal("33.33")
    assert percent(2, 3) == Decimal("66.67")
    assert percent(1, 8) == Decimal("12.50")
    assert percent(5, 0) == Decimal("0.00")
    result = tally(Rule(base=Base.VALID), SEVEN, {"a": 5})
    assert result.lines[0].percent == Decimal("83.33")  # 5 of 6 valid, not of 7


def test_the_flag_quota_goes_to_the_most_votes_among_those_that_passed():
    votes = {"Bắc Kạn": 6, "Cao Bằng": 5, "Lạng Sơn": 2}
    result = tally(Rule(quota=1), SEVEN, votes)
    assert _outcomes(result) == {
        "Bắc Kạn": Outcome.PASSED,
        "Cao Bằng": Outcome.OVER_QUOTA,
        "Lạng Sơn": Outcome.FAILED,
    }
    assert result.passed == ["Bắc Kạn"]
    assert [line.candidate for line in result.lines] == list(votes)  # ballot order kept


def test_a_tie_across_the_last_place_is_never_settled_silently():
    result = tally(Rule(quota=2), SEVEN, {"A": 6, "B": 5, "C": 5, "D": 1})
    assert _outcomes(result) == {
        "A": Outcome.PASSED,
        "B": Outcome.TIED,
        "C": Outcome.TIED,
        "D": Outcome.FAILED,
    }
    assert result.tied == ["B", "C"] and result.passed == ["A"]


def test_a_tie_within_the_quota_passes_both():
    result = tally(Rule(quota=2), SEVEN, {"A": 5, "B": 5, "C": 1})
    assert result.passed == ["A", "B"] and result.tied == []


@pytest.mark.parametrize(
    "totals",
    [
        Totals(entitled=7, issued=8, collected=7, valid=7),  # more ballots than voters
        Totals(entitled=7, issued=6, collected=7, valid=7),  # collected more than issued
        Totals(entitled=7, issued=7, collected=6, valid=7),  # valid more than collected
        Totals(entitled=7, issued=7, collected=7, valid=-1),
    ],
)
def test_totals_that_do_not_add_up_are_refused(totals):
    with pytest.raises(ValueError, match="do not add up"):
        tally(Rule(), totals, {"x": 1})


def test_the_rule_is_printed_in_words_in_vietnamese_and_english():
    rule = Rule(base=Base.COLLECTED, operator=Operator.GT, quota=1)
    with translation.override("vi"):
        assert rule.words() == "đạt khi quá 1/2 số phiếu thu vào; chọn tối đa 1"
    with translation.override("en"):
        assert (
            rule.words() == "passes with more than 1/2 of the ballots collected; at most 1 chosen"
        )
    with translation.override("vi"):
        assert Rule(base=Base.VALID, operator=Operator.GE, numerator=2, denominator=3).words() == (
            "đạt khi từ 2/3 số phiếu hợp lệ trở lên"
        )


@given(
    entitled=st.integers(0, 80),
    data=st.data(),
    numerator=st.integers(1, 5),
    extra=st.integers(0, 5),
    operator=st.sampled_from(list(Operator)),
    base=st.sampled_from(list(Base)),
)
def test_the_integer_threshold_agrees_with_exact_fractions(
    entitled, data, numerator, extra, operator, base
):
    from fractions import Fraction

    collected = data.draw(st.integers(0, entitled))
    valid = data.draw(st.integers(0, collected))
    votes = data.draw(st.integers(0, valid))
    rule = Rule(base=base, operator=operator, numerator=numerator, denominator=numerator + extra)
    totals = Totals(entitled=entitled, issued=collected, collected=collected, valid=valid)
    n = totals.base(rule)
    share = Fraction(votes, n) if n else None
    line = Fraction(numerator, numerator + extra)
    expected = share is not None and (share > line if operator == Operator.GT else share >= line)
    assert rule.reached(votes, n) is expected


def test_the_stored_result_keeps_the_percentage_as_decimal_text_and_names_who_passed():
    totals = Totals(entitled=3, issued=3, collected=3, valid=3)
    stored = tally(Rule(), totals, {"report": 2, "rules": 1}).as_json()
    assert stored["lines"] == [
        {"candidate": "report", "votes": 2, "percent": "66.67", "outcome": "passed"},
        {"candidate": "rules", "votes": 1, "percent": "33.33", "outcome": "failed"},
    ]
    assert (stored["passed"], stored["tied"]) == (["report"], [])


def test_each_outcome_has_one_label_and_an_unknown_code_reads_as_not_passed():
    from events.tally import Outcome

    with translation.override("vi"):
        assert Outcome.label_of("passed") == "Đã thông qua"
        assert Outcome.label_of("tied") == Outcome.TIED.label != Outcome.label_of("passed")
        assert Outcome.label_of("no-such-code") == Outcome.FAILED.label
