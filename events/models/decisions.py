"""Decisions of a meeting: motions, awards (suy tôn) and elections, voted in
polls. A secret poll keeps "unit X has voted" (``PollVoter.voted``) and the
ballot's content (``SealedBallot`` while open, ``CountedBallot`` after the
close) in tables with no link between them: no foreign key to a voter, no
timestamp, random primary keys. See docs/voting.md for what that protects
and where it stops."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

# Below this many voters a secret tally can give choices away (all five
# units voting "Đồng ý" tells everyone what each did): the chair is warned.
SMALL_ELECTORATE = 5


class BallotPer(models.TextChoices):
    UNIT = "unit", _("One ballot per member unit")
    DELEGATE = "delegate", _("One ballot per checked-in delegate")


class RuleBase(models.TextChoices):
    MEMBERS = "members", _("Voters entitled to vote")
    COLLECTED = "collected", _("Ballots collected")
    VALID = "valid", _("Valid ballots")


class RuleOperator(models.TextChoices):
    GT = "gt", _("More than")
    GE = "ge", _("At least")


class TieBreak(models.TextChoices):
    NEW_ROUND = "new_round", _("A new round among the tied, then the chair decides")
    CHAIR = "chair", _("The chair decides, recorded")


class VotingRules(models.Model):
    """What a cluster's Quy chế says about voting, for one year."""

    cluster = models.ForeignKey(
        "events.Cluster", on_delete=models.CASCADE, related_name="voting_rules"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(
        _("source"),
        max_length=300,
        blank=True,
        help_text=_("e.g. Quy chế hoạt động of the cluster, article and decision number."),
    )
    ballot_per = models.CharField(
        _("who votes"), max_length=10, choices=BallotPer.choices, default=BallotPer.UNIT
    )
    quorum_numerator = models.PositiveSmallIntegerField(_("quorum (numerator)"), default=1)
    quorum_denominator = models.PositiveSmallIntegerField(_("quorum (denominator)"), default=2)
    base = models.CharField(
        _("percentage of"), max_length=10, choices=RuleBase.choices, default=RuleBase.COLLECTED
    )
    operator = models.CharField(
        _("threshold"), max_length=2, choices=RuleOperator.choices, default=RuleOperator.GT
    )
    numerator = models.PositiveSmallIntegerField(_("fraction (numerator)"), default=1)
    denominator = models.PositiveSmallIntegerField(_("fraction (denominator)"), default=2)
    self_vote = models.BooleanField(_("a unit may vote for itself"), default=False)
    tie_break = models.CharField(
        _("tie-break"), max_length=10, choices=TieBreak.choices, default=TieBreak.NEW_ROUND
    )

    class Meta:
        verbose_name = _("voting rules")
        verbose_name_plural = _("voting rules")
        constraints = [
            models.UniqueConstraint(fields=["cluster", "year"], name="voting_rules_per_year"),
            models.CheckConstraint(
                condition=models.Q(numerator__gte=1, numerator__lte=models.F("denominator")),
                name="voting_rules_fraction",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    quorum_numerator__lte=models.F("quorum_denominator"), quorum_denominator__gte=1
                ),
                name="voting_rules_quorum",
            ),
        ]

    def __str__(self):
        return f"{self.cluster} — {self.year}"


class DecisionKind(models.TextChoices):
    ADOPT = "adopt", _("Adopt a document")
    AWARD = "award", _("Propose units for an award (suy tôn)")
    ELECTION = "election", _("Elect the cluster's chair and deputy")


class Decision(models.Model):
    """One thing the meeting decides, on an agenda item."""

    conference = models.ForeignKey(
        "events.Conference", on_delete=models.CASCADE, related_name="decisions"
    )
    agenda_item = models.ForeignKey(
        "events.AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=DecisionKind.choices)
    title = models.CharField(_("title"), max_length=300)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    max_choices = models.PositiveSmallIntegerField(
        _("most choices per ballot"),
        default=1,
        help_text=_("How many candidates one ballot may approve."),
    )
    quota = models.PositiveSmallIntegerField(
        _("places"),
        null=True,
        blank=True,
        help_text=_("Most candidates that can pass (Cờ thi đua: 1); empty: no limit."),
    )
    secret = models.BooleanField(_("secret ballot"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["conference", "position", "pk"]

    def __str__(self):
        return self.title


class PollStatus(models.TextChoices):
    DRAFT = "draft", _("Not opened")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Poll(models.Model):
    """One round of voting on a decision. A closed poll never changes; a
    re-vote is a new round."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="polls")
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=PollStatus.choices, default=PollStatus.DRAFT
    )
    secret = models.BooleanField(_("secret ballot"), default=False)
    # The rule as it stood when the poll opened (a later edit of the cluster's
    # rules never changes a running or closed poll).
    rule = models.JSONField(_("rule"), default=dict)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Secret polls: the poll's P-256 public key (SPKI, base64) that phones
    # encrypt to, and its private key sealed with a key derived from the
    # server's secret; the private key is erased at the close.
    public_key = models.TextField(blank=True)
    private_key_sealed = models.BinaryField(null=True, blank=True, editable=False)
    # Counts at the close (phát ra / thu vào / hợp lệ), electronic + paper.
    entitled = models.PositiveIntegerField(null=True, blank=True)
    issued = models.PositiveIntegerField(null=True, blank=True)
    collected = models.PositiveIntegerField(null=True, blank=True)
    valid = models.PositiveIntegerField(null=True, blank=True)
    result = models.JSONField(_("result"), null=True, blank=True)

    class Meta:
        verbose_name = _("poll")
        verbose_name_plural = _("polls")
        ordering = ["decision", "round"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "round"], name="one_poll_per_round"),
            models.UniqueConstraint(
                fields=["decision"],
                condition=models.Q(status="open"),
                name="one_open_poll_per_decision",
            ),
        ]

    def __str__(self):
        return f"{self.decision} — {self.round}"


class PollCandidate(models.Model):
    """A line of the ballot: a unit proposed for an award or an office, or
    the one line "adopt" of a motion."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="candidates")
    position = models.PositiveSmallIntegerField(_("position"))
    label = models.CharField(_("label"), max_length=300)
    unit = models.ForeignKey(
        "events.MemberUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    office = models.CharField(
        _("office"),
        max_length=10,
        blank=True,
        choices=[("chair", _("Chair unit")), ("deputy", _("Deputy chair unit"))],
    )

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["poll", "position"]
        constraints = [
            models.UniqueConstraint(fields=["poll", "position"], name="candidate_position"),
        ]

    def __str__(self):
        return self.label


class PollVoter(models.Model):
    """The electorate, frozen when the poll opens: who may cast a ballot, and
    whether they have. Nothing here says what or when."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="voters")
    unit = models.ForeignKey(
        "events.MemberUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    registration = models.ForeignKey(
        "events.Registration",
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Who casts the ballot: the head of delegation or the recorded proxy."),
    )
    proxy_note = models.CharField(
        _("proxy authorisation"),
        max_length=300,
        blank=True,
        help_text=_("The letter that authorises a proxy, e.g. its number and date."),
    )
    added_late = models.BooleanField(_("added by the chair after the opening"), default=False)
    voted = models.BooleanField(_("has voted"), default=False)

    class Meta:
        verbose_name = _("voter")
        verbose_name_plural = _("voters")
        ordering = ["poll", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "unit"],
                condition=models.Q(unit__isnull=False),
                name="one_ballot_per_unit",
            ),
            models.UniqueConstraint(fields=["poll", "registration"], name="one_ballot_per_voter"),
        ]

    def __str__(self):
        return str(self.unit or self.registration)


class OpenBallot(models.Model):
    """An open vote's ballot (biểu quyết): public, tied to its voter."""

    voter = models.OneToOneField(PollVoter, on_delete=models.CASCADE, related_name="open_ballot")
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="open_ballots")
    choices = models.JSONField()  # {"<candidate id>": true|false}
    receipt = models.CharField(max_length=20)
    cast_at = models.DateTimeField()

    def __str__(self):
        return self.receipt


def _random_id():
    return uuid.uuid4()


class SealedBallot(models.Model):
    """A secret ballot while the poll is open: encrypted on the phone to the
    poll's key; no voter, no time. Deleted at the close."""

    id = models.UUIDField(primary_key=True, default=_random_id, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="sealed_ballots")
    ciphertext = models.BinaryField()
    digest = models.CharField(max_length=64)  # SHA-256 of the ciphertext: a replay is refused

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["poll", "digest"], name="sealed_ballot_once"),
        ]

    def __str__(self):
        return str(self.pk)


class CountedBallot(models.Model):
    """A secret ballot after the close: decrypted, written in a shuffled
    order, published with its receipt so each voter can find their own."""

    id = models.UUIDField(primary_key=True, default=_random_id, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="counted_ballots")
    receipt = models.CharField(max_length=20)
    choices = models.JSONField()  # {"<candidate id>": true|false}; {} when invalid
    valid = models.BooleanField()

    class Meta:
        ordering = ["poll", "receipt"]

    def __str__(self):
        return self.receipt


class VotingProxy(models.Model):
    """A delegate who casts a unit's ballot in place of its head, by a
    written authorisation (giấy ủy quyền)."""

    conference = models.ForeignKey(
        "events.Conference", on_delete=models.CASCADE, related_name="voting_proxies"
    )
    unit = models.ForeignKey("events.MemberUnit", on_delete=models.PROTECT, related_name="+")
    registration = models.ForeignKey(
        "events.Registration", on_delete=models.PROTECT, related_name="+"
    )
    authorisation = models.CharField(
        _("authorisation"), max_length=300, help_text=_("e.g. Giấy ủy quyền số 12/GUQ, 20/7/2022")
    )

    class Meta:
        verbose_name = _("voting proxy")
        verbose_name_plural = _("voting proxies")
        constraints = [
            models.UniqueConstraint(fields=["conference", "unit"], name="one_proxy_per_unit"),
        ]

    def __str__(self):
        return f"{self.unit}: {self.registration}"
