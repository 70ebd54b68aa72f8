"""The registration policy of a conference: deadline, auto-approval, quotas."""

from collections import Counter
from datetime import UTC

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from events.models import (
    Conference,
    MemberUnit,
    RegistrationPolicy,
    RegistrationStatus,
    UnitQuota,
)
from events.names import vietnamese_sorted
from events.services.activity import SYSTEM, ActivityMeta, activity_record

_ACTIVE = (RegistrationStatus.PENDING, RegistrationStatus.APPROVED)


def policy_for(conference: Conference) -> RegistrationPolicy:
    policy = getattr(conference, "_registration_policy", None)
    if policy is None:
        policy, _created = RegistrationPolicy.objects.get_or_create(conference=conference)
        conference._registration_policy = policy
    return policy


def policy_update(
    *,
    conference: Conference,
    deadline=None,
    auto_approve: bool = False,
    unit_quota: int | None = None,
    staff_approve_walkins: bool | None = None,
    role_quotas: dict[int, int | None] | None = None,
    unit_quotas: dict[int, int | None] | None = None,
    allow_over_quota: bool = False,
    meta: ActivityMeta = SYSTEM,
) -> RegistrationPolicy:
    """Set the deadline, auto-approval and quotas (role id / unit id → places),
    and whether check-in staff may approve walk-ins (None: unchanged).

    A quota below what a unit has already registered is refused (code
    ``quota_below_count``, naming the units) unless ``allow_over_quota``:
    nobody is withdrawn, but the organizer must know who is over.
    """
    with transaction.atomic():
        policy = policy_for(conference)
        if not allow_over_quota:
            over = quota_overruns(
                conference=conference,
                unit_quota=unit_quota,
                role_quotas=role_quotas or {},
                unit_quotas=unit_quotas or {},
            )
            if over:
                raise DomainError(
                    _(
                        "These units already have more delegates than the new quota: "
                        "%(units)s. Nobody is withdrawn; tick “Save anyway” to keep "
                        "the new numbers, or raise them."
                    )
                    % {"units": "; ".join(over)},
                    code="quota_below_count",
                )
        before = _quota_state(conference, policy)
        policy.deadline = deadline
        policy.auto_approve = auto_approve
        policy.unit_quota = unit_quota
        if staff_approve_walkins is not None:
            policy.staff_approve_walkins = staff_approve_walkins
        policy.full_clean()
        policy.save()
        for role_id, places in (role_quotas or {}).items():
            conference.roles.filter(pk=role_id).update(quota_per_unit=places)
        for unit_id, places in (unit_quotas or {}).items():
            if places is None:
                UnitQuota.objects.filter(conference=conference, unit_id=unit_id).delete()
            else:
                UnitQuota.objects.update_or_create(
                    conference=conference, unit_id=unit_id, defaults={"places": places}
                )
        changes = _changes(before, _quota_state(conference, policy))
        if changes:
            activity_record(conference=conference, action="policy.updated", data=changes, meta=meta)
    return policy


def quota_overruns(
    *,
    conference: Conference,
    unit_quota: int | None,
    role_quotas: dict[int, int | None],
    unit_quotas: dict[int, int | None],
) -> list[str]:
    """The units that a lowered quota leaves over their count, each as
    "Bắc Kạn: 6 registered, 5 places" (Vietnamese order; 4 queries).

    Only quotas that go down are weighed: re-saving numbers a unit was
    already allowed to be over (after "Save anyway") warns no one again."""
    units = {u.pk: u for u in conference.term.members.all()}
    roles = {r.pk: r for r in conference.roles.all()}
    per_unit, per_unit_role = Counter(), Counter()
    active = conference.registrations.filter(status__in=_ACTIVE, unit__isnull=False)
    for unit_id, role_id in active.values_list("unit_id", "role_id"):
        per_unit_role[(unit_id, role_id)] += 1
        if roles[role_id].counts_toward_quota:
            per_unit[unit_id] += 1
    old_overrides = {q.unit_id: q.places for q in conference.unit_quotas.all()}
    new_overrides = {**old_overrides, **unit_quotas}
    old_default = policy_for(conference).unit_quota

    def lowered(old, new) -> bool:
        return new is not None and (old is None or new < old)

    problems: dict[int, list[str]] = {}
    for unit_id in units:
        old = old_overrides.get(unit_id)
        new = new_overrides.get(unit_id)
        old = old_default if old is None else old
        new = unit_quota if new is None else new
        if lowered(old, new) and per_unit[unit_id] > new:
            problems.setdefault(unit_id, []).append(
                _("%(used)s registered, %(places)s places")
                % {"used": per_unit[unit_id], "places": new}
            )
    for (unit_id, role_id), used in sorted(per_unit_role.items()):
        old = roles[role_id].quota_per_unit
        new = role_quotas.get(role_id, old)
        if lowered(old, new) and used > new and unit_id in units:
            problems.setdefault(unit_id, []).append(
                _("%(used)s × %(role)s, %(places)s allowed")
                % {"used": used, "role": roles[role_id].name, "places": new}
            )
    rows = [(units[unit_id].short_name, ", ".join(texts)) for unit_id, texts in problems.items()]
    return [f"{name}: {text}" for name, text in vietnamese_sorted(rows, key=lambda r: r[0])]


def _quota_state(conference: Conference, policy: RegistrationPolicy) -> dict:
    """The settings as plain JSON values, names as keys (for the activity log)."""
    return {
        "deadline": policy.deadline.astimezone(UTC).isoformat() if policy.deadline else None,
        "auto_approve": policy.auto_approve,
        "unit_quota": policy.unit_quota,
        "staff_approve_walkins": policy.staff_approve_walkins,
        **{
            f"role:{code}": places
            for code, places in conference.roles.values_list("code", "quota_per_unit")
        },
        **{
            f"unit:{name}": places
            for name, places in UnitQuota.objects.filter(conference=conference).values_list(
                "unit__short_name", "places"
            )
        },
    }


def _changes(before: dict, after: dict) -> dict:
    """{key: [old, new]} for every value that changed."""
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(before.keys() | after.keys())
        if before.get(key) != after.get(key)
    }


def deadline_passed(conference: Conference) -> bool:
    deadline = policy_for(conference).deadline
    return deadline is not None and timezone.now() > deadline


def quota_for_unit(conference: Conference, unit: MemberUnit) -> int | None:
    override = UnitQuota.objects.filter(conference=conference, unit=unit).first()
    return override.places if override else policy_for(conference).unit_quota
