"""The registration policy of a conference: deadline, auto-approval, quotas."""

from datetime import UTC

from django.db import transaction
from django.utils import timezone

from events.models import Conference, MemberUnit, RegistrationPolicy, UnitQuota
from events.services.activity import SYSTEM, ActivityMeta, activity_record


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
    meta: ActivityMeta = SYSTEM,
) -> RegistrationPolicy:
    """Set the deadline, auto-approval and quotas (role id / unit id → places),
    and whether check-in staff may approve walk-ins (None: unchanged)."""
    with transaction.atomic():
        policy = policy_for(conference)
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
