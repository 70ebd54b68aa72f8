"""Writes for decisions: polls (open, widen, close) and ballots (cast)."""

from events.services.decisions.ballots import (
    CastResult,
    ballot_cast_open,
    ballot_cast_secret,
    check_choices,
    new_receipt,
)
from events.services.decisions.counting import counting_member_add, counting_member_remove
from events.services.decisions.decisions import decision_create
from events.services.decisions.polls import (
    SMALL_ELECTORATE,
    poll_close,
    poll_create,
    poll_open,
    poll_progress,
    poll_voter_add,
)
from events.services.decisions.rules import rule_of, rule_snapshot, voting_rules_for

__all__ = [
    "SMALL_ELECTORATE",
    "CastResult",
    "ballot_cast_open",
    "ballot_cast_secret",
    "check_choices",
    "counting_member_add",
    "counting_member_remove",
    "decision_create",
    "new_receipt",
    "poll_close",
    "poll_create",
    "poll_open",
    "poll_progress",
    "poll_voter_add",
    "rule_of",
    "rule_snapshot",
    "voting_rules_for",
]
