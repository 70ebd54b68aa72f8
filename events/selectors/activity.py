"""Reads of the activity log, newest first."""

from django.db.models import QuerySet

from events.models import ActivityLog, Conference, User
from events.names import person_collation_key, split_full_name


def activity_list(
    *, conference: Conference, action: str = "", actor_id: int | None = None
) -> QuerySet[ActivityLog]:
    qs = ActivityLog.objects.filter(conference=conference).select_related("actor")
    if action:
        qs = qs.filter(action=action)
    if actor_id is not None:
        qs = qs.filter(actor_id=actor_id)
    return qs.order_by("-at", "-pk")


def activity_actors(*, conference: Conference) -> list[User]:
    """The people who appear in the conference's log (for the filter), as
    official lists order people: given name, middle, family name, in
    Vietnamese letter and tone order; accounts without a name by email."""
    users = User.objects.filter(
        pk__in=ActivityLog.objects.filter(conference=conference, actor__isnull=False).values(
            "actor_id"
        )
    )

    def key(user):
        family, middle, given = split_full_name(user.name or user.email)
        return person_collation_key(family=family, middle=middle, given=given)

    return sorted(users, key=key)
