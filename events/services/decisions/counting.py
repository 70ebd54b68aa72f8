"""The counting committee (Ban kiểm phiếu) of a decision: who counts it.

A delegate of a unit on the decision's ballot (proposed for an award or an
office) may not count it: refused with ``committee_candidate``. The seal of
the counting record checks it again, in case a later round changed the list.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.errors import DomainError
from events.models import CountingMember, Decision, Registration, RegistrationStatus
from events.selectors.counting import candidate_unit_ids
from events.services.activity import activity_record


def counting_member_add(
    *, decision: Decision, registration: Registration, is_head: bool = False, actor=None
) -> CountingMember:
    """Seat ``registration`` on the committee counting ``decision``."""
    if registration.conference_id != decision.conference_id:
        raise DomainError(_("This delegate is not of this conference."), code="wrong_conference")
    if registration.status != RegistrationStatus.APPROVED:
        raise DomainError(
            _("Only an approved delegate can sit on the counting committee."),
            code="not_approved",
        )
    if registration.unit_id and registration.unit_id in candidate_unit_ids(decision):
        raise DomainError(
            _(
                "%(name)s is a delegate of %(unit)s, which is on this ballot: "
                "a candidate cannot count its own vote."
            )
            % {"name": registration.full_name, "unit": registration.unit},
            code="committee_candidate",
        )
    with transaction.atomic():
        seats = CountingMember.objects.select_for_update().filter(decision=decision)
        current = list(seats)
        if any(m.registration_id == registration.pk for m in current):
            raise DomainError(
                _("This person already sits on the counting committee."),
                code="committee_duplicate",
            )
        if is_head and any(m.is_head for m in current):
            raise DomainError(
                _("The committee already has a head. Remove them first."),
                code="committee_has_head",
            )
        try:
            with transaction.atomic():
                member = CountingMember.objects.create(
                    decision=decision,
                    registration=registration,
                    is_head=is_head,
                    position=max((m.position for m in current), default=0) + 1,
                )
        except IntegrityError as error:  # a second request seated them meanwhile
            raise DomainError(
                _("This person already sits on the counting committee."),
                code="committee_duplicate",
            ) from error
        activity_record(
            conference=decision.conference,
            actor=actor,
            action="counting.member_added",
            obj=decision,
            data={"registration": registration.pk, "head": is_head},
            label=registration.full_name,
        )
    return member


def counting_member_remove(*, member: CountingMember, actor=None) -> None:
    decision = member.decision
    with transaction.atomic():
        deleted, _rows = CountingMember.objects.filter(pk=member.pk).delete()
        if deleted:
            activity_record(
                conference=decision.conference,
                actor=actor,
                action="counting.member_removed",
                obj=decision,
                data={"registration": member.registration_id},
                label=member.registration.full_name,
            )
