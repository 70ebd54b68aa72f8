"""Reads of the activity log, newest first."""

from django.db.models import QuerySet

from events.models import ActivityLog, Conference, User


def activity_list(
    *, conference: Conference, action: str = "", actor_id: int | None = None
) -> QuerySet[ActivityLog]:
    qs = ActivityLog.objects.filter(conference=conference).select_related("actor")
    if action:
        qs = qs.filter(action=action)
    if actor_id is not None:
        qs = qs.filter(actor_id=actor_id)
    return qs.order_by("-at", "-pk")


def activity_actors(*, conference: Conference) -> QuerySet[User]:
    """The people who appear in the conference's log (for the filter)."""
    return User.objects.filter(
        pk__in=ActivityLog.objects.filter(conference=conference, actor__isnull=False).values(
            "actor_id"
        )
    ).order_by("email")
