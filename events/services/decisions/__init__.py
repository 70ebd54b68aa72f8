"""Writes for decisions: polls (open, widen, close), ballots (cast), paper
counts (merged into the tally) and an election's next cluster term."""

from events.services.decisions.ballots import (
    CastResult,
    ballot_cast_open,
    ballot_cast_secret,
    check_choices,
    new_receipt,
)
from events.services.decisions.counting import counting_member_add, counting_member_remove
from events.services.decisions.decisions import decision_create
from events.services.decisions.paper import MAX_PAPER, PaperCounts, poll_paper_enter
from events.services.decisions.polls import (
    SMALL_ELECTORATE,
    poll_close,
    poll_create,
    poll_open,
    poll_voter_add,
)
from events.services.decisions.rules import rule_of, rule_snapshot, voting_rules_for
from events.services.decisions.terms import election_term_confirm

__all__ = [
    "MAX_PAPER",
    "SMALL_ELECTORATE",
    "CastResult",
    "PaperCounts",
    "ballot_cast_open",
    "ballot_cast_secret",
    "check_choices",
    "counting_member_add",
    "counting_member_remove",
    "decision_create",
    "election_term_confirm",
    "new_receipt",
    "poll_close",
    "poll_create",
    "poll_open",
    "poll_paper_enter",
    "poll_voter_add",
    "rule_of",
    "rule_snapshot",
    "voting_rules_for",
]
