"""The rule a poll is counted by: the cluster's Quy chế for the year, frozen
into the poll when it opens."""

from events.models import Conference
from events.models.decisions import Decision, VotingRules
from events.tally import rule_of


def voting_rules_for(conference: Conference) -> VotingRules:
    """The cluster's rules for the conference's year; the defaults (one ballot
    per unit, quorum 1/2, "quá 1/2 số phiếu thu vào") when none are stored."""
    year = conference.starts_at.year
    cluster_id = conference.term.cluster_id
    found = VotingRules.objects.filter(cluster_id=cluster_id, year=year).first()
    return found or VotingRules(cluster_id=cluster_id, year=year)


def rule_snapshot(rules: VotingRules, decision: Decision) -> dict:
    return {
        "ballot_per": rules.ballot_per,
        "quorum": [rules.quorum_numerator, rules.quorum_denominator],
        "base": rules.base,
        "operator": rules.operator,
        "fraction": [rules.numerator, rules.denominator],
        "self_vote": rules.self_vote,
        "tie_break": rules.tie_break,
        "max_choices": decision.max_choices,
        "quota": decision.quota,
        "source": rules.source,
    }


__all__ = ["rule_of", "rule_snapshot", "voting_rules_for"]
