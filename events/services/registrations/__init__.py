"""Writes for registrations (a package; the public names are re-exported)."""

from events.services.registrations.checks import (
    ACTIVE_STATUSES,
    check_quotas,
    duplicate_error,
    field_error,
    find_duplicate,
    lock_conference,
    member_unit_ids,
    normalize_phone,
    registration_prepare,
    role_quota_error,
    unit_quota_error,
)
from events.services.registrations.core import (
    EDITABLE_FIELDS,
    is_other_person,
    registration_approve,
    registration_create,
    registration_decline,
    registration_set_status,
    registration_update,
    registration_withdraw,
    registrations_bulk_approve,
)
from events.services.registrations.followers import (
    RegistrationFollower,
    registration_follower_add,
)
from events.services.registrations.notices import registration_send_declined
from events.services.registrations.passes import (
    new_manual_code,
    new_pass_code,
    normalize_manual_code,
    pass_url,
    registration_link_user,
    registration_reissue_code,
    registration_send_pass,
)
from events.services.registrations.policy import (
    deadline_passed,
    policy_for,
    policy_update,
    quota_for_unit,
)

__all__ = [
    "ACTIVE_STATUSES",
    "EDITABLE_FIELDS",
    "RegistrationFollower",
    "check_quotas",
    "deadline_passed",
    "duplicate_error",
    "field_error",
    "find_duplicate",
    "is_other_person",
    "lock_conference",
    "member_unit_ids",
    "new_manual_code",
    "new_pass_code",
    "normalize_manual_code",
    "normalize_phone",
    "pass_url",
    "policy_for",
    "policy_update",
    "quota_for_unit",
    "registration_approve",
    "registration_create",
    "registration_decline",
    "registration_follower_add",
    "registration_link_user",
    "registration_prepare",
    "registration_reissue_code",
    "registration_send_declined",
    "registration_send_pass",
    "registration_set_status",
    "registration_update",
    "registration_withdraw",
    "registrations_bulk_approve",
    "role_quota_error",
    "unit_quota_error",
]
