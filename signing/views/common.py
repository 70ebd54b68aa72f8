from functools import wraps

from django.contrib import messages
from django.http import Http404

from core.viewhelpers import object_view
from events import permissions as event_permissions
from events import selectors as event_selectors
from signing import selectors
from signing.audit import RequestMeta
from signing.services import refusal_record

#: The conference named by ``slug`` (events' public selector and predicate).
conference_view = object_view(
    load=event_selectors.conference_get,
    visible=event_permissions.can_view_conference,
    default=event_permissions.can_view_conference,
)


def ceremony_view(predicate):
    """``conference_view`` plus the conference's ceremony (404 if none)."""

    def decorator(view):
        @conference_view(predicate)
        @wraps(view)
        def wrapper(request, conference, *args, **kwargs):
            ceremony = selectors.ceremony_for_conference(conference=conference)
            if ceremony is None:
                raise Http404
            return view(request, conference, ceremony, *args, **kwargs)

        return wrapper

    return decorator


def refuse(request, ceremony, error, *, signatory=None) -> None:
    """Show a service's refusal and record it in the audit log."""
    for message in error.messages:
        messages.error(request, message)
    refusal_record(
        ceremony=ceremony, error=error, meta=RequestMeta.from_request(request), signatory=signatory
    )
