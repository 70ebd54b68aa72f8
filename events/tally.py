"""Counting a vote: the cluster's rule applied to the counts, in plain
arithmetic. Pure functions, no database: the close of a poll, the paper
fallback and the counting record all call ``tally``.

Thresholds are compared in integers (``yes * q > p * base`` for "quá p/q"),
never in rounded percentages, so 50.00 % shown on the projector can never
pass "quá 1/2". Percentages are for reading: two decimals, half up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import pgettext


class Base(StrEnum):
    """What the percentage is taken of."""

    MEMBERS = "members"  # everyone entitled to vote (the electorate)
    COLLECTED = "collected"  # ballots collected, invalid ones included
    VALID = "valid"  # valid ballots only


class Operator(StrEnum):
    GT = "gt"  # quá (more than)
    GE = "ge"  # từ … trở lên (at least)


class Outcome(StrEnum):
    PASSED = "passed"  # reached the threshold and within the quota
    FAILED = "failed"  # did not reach the threshold
    OVER_QUOTA = "over_quota"  # reached it, but others with more votes took the places
    TIED = "tied"  # reached it, tied at the last place: a new round or the chair decides

    @property
    def label(self) -> str:
        """What the console, the projector and the counting record print."""
        return {
            Outcome.PASSED: _("Passed"),
            Outcome.FAILED: _("Not passed"),
            Outcome.TIED: _("Tied"),
            Outcome.OVER_QUOTA: _("Over the quota"),
        }[self]

    @classmethod
    def label_of(cls, code: str) -> str:
        """The label of a stored outcome code; an unknown code reads as failed."""
        try:
            return cls(code).label
        except ValueError:
            return cls.FAILED.label


@dataclass(frozen=True)
class Rule:
    """A cluster's rule for one decision, as its Quy chế writes it."""

    base: Base = Base.COLLECTED
    operator: Operator = Operator.GT
    numerator: int = 1
    denominator: int = 2
    quota: int | None = None  # most candidates that can pass (Cờ: 1); None: no limit

    def __post_init__(self):
        if not (0 < self.numerator <= self.denominator):
            raise ValueError("the fraction must be in (0, 1]")
        if self.quota is not None and self.quota < 1:
            raise ValueError("a quota is at least 1")

    def reached(self, votes: int, base: int) -> bool:
        if base <= 0:
            return False
        left, right = votes * self.denominator, self.numerator * base
        return left > right if self.operator == Operator.GT else left >= right

    def words(self) -> str:
        """ "đạt khi quá 1/2 số phiếu thu vào" — printed on every result."""
        fraction = f"{self.numerator}/{self.denominator}"
        base = {
            Base.MEMBERS: _("of the voters entitled to vote"),
            Base.COLLECTED: _("of the ballots collected"),
            Base.VALID: _("of the valid ballots"),
        }[self.base]
        if self.operator == Operator.GT:
            text = _("passes with more than %(fraction)s %(base)s")
        else:
            text = _("passes with at least %(fraction)s %(base)s")
        text = text % {"fraction": fraction, "base": base}
        if self.quota is not None:
            text += pgettext("vote rule", "; at most %(quota)s chosen") % {"quota": self.quota}
        return text


@dataclass(frozen=True)
class Totals:
    """The counts a counting record prints (phát ra / thu vào / hợp lệ)."""

    entitled: int  # units (or delegates) entitled to vote
    issued: int  # ballots issued
    collected: int  # ballots collected (thu vào)
    valid: int  # valid ballots (hợp lệ)

    @property
    def invalid(self) -> int:
        return self.collected - self.valid

    def check(self) -> None:
        """Paper sums: issued ≥ collected = valid + invalid, and no more
        ballots than voters."""
        if not (0 <= self.valid <= self.collected <= self.issued <= self.entitled):
            raise ValueError("totals do not add up")

    def base(self, rule: Rule) -> int:
        return {
            Base.MEMBERS: self.entitled,
            Base.COLLECTED: self.collected,
            Base.VALID: self.valid,
        }[rule.base]


@dataclass(frozen=True)
class Line:
    candidate: object
    votes: int
    percent: Decimal
    reached: bool
    outcome: Outcome


@dataclass(frozen=True)
class Result:
    rule: Rule
    totals: Totals
    lines: list[Line] = field(default_factory=list)

    @property
    def passed(self) -> list[object]:
        return [line.candidate for line in self.lines if line.outcome == Outcome.PASSED]

    @property
    def tied(self) -> list[object]:
        return [line.candidate for line in self.lines if line.outcome == Outcome.TIED]

    def as_json(self) -> dict:
        """What ``Poll.result`` stores: plain values, the percentage as its
        decimal text ("66.67") so that no float ever rounds it."""
        return {
            "lines": [
                {
                    "candidate": line.candidate,
                    "votes": line.votes,
                    "percent": str(line.percent),
                    "outcome": str(line.outcome),
                }
                for line in self.lines
            ],
            "passed": self.passed,
            "tied": self.tied,
        }


def rule_of(snapshot: dict) -> Rule:
    """The rule a poll froze when it opened (``Poll.rule``)."""
    numerator, denominator = snapshot["fraction"]
    return Rule(
        base=Base(snapshot["base"]),
        operator=Operator(snapshot["operator"]),
        numerator=numerator,
        denominator=denominator,
        quota=snapshot.get("quota"),
    )


def percent(votes: int, base: int) -> Decimal:
    if base <= 0:
        return Decimal("0.00")
    return (Decimal(votes) * 100 / Decimal(base)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def tally(rule: Rule, totals: Totals, votes: dict[object, int]) -> Result:
    """The outcome of each candidate (or of the one motion) under ``rule``.

    ``votes`` maps a candidate to its "Đồng ý" count. Lines keep the order
    of ``votes`` (the ballot's order); the quota goes to the most votes
    among those that reached the threshold, and a tie across the last place
    is ``TIED`` for every candidate in it, never settled silently.
    """
    totals.check()
    base = totals.base(rule)
    reached = {c: rule.reached(n, base) for c, n in votes.items()}
    outcome: dict[object, Outcome] = {
        c: Outcome.PASSED if ok else Outcome.FAILED for c, ok in reached.items()
    }
    winners = sorted((c for c in votes if reached[c]), key=lambda c: -votes[c])
    if rule.quota is not None and len(winners) > rule.quota:
        cut = votes[winners[rule.quota - 1]]  # votes of the last place
        above = [c for c in winners if votes[c] > cut]
        at_cut = [c for c in winners if votes[c] == cut]
        below = [c for c in winners if votes[c] < cut]
        for c in below:
            outcome[c] = Outcome.OVER_QUOTA
        if len(above) + len(at_cut) > rule.quota:
            for c in at_cut:
                outcome[c] = Outcome.TIED
    lines = [Line(c, n, percent(n, base), reached[c], outcome[c]) for c, n in votes.items()]
    return Result(rule=rule, totals=totals, lines=lines)
