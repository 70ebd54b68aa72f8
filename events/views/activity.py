"""The conference's activity log, for its organizers."""

from django.core.paginator import Paginator
from django.shortcuts import render

from events import permissions
from events.forms.activity import ActivityFilterForm
from events.selectors.activity import activity_actors, activity_list
from events.views.base import conference_view

PER_PAGE = 50


@conference_view(permissions.can_view_activity)
def activity_log(request, conference):
    form = ActivityFilterForm(request.GET or None, actors=activity_actors(conference=conference))
    filters = {}
    if form.is_valid():
        filters = {
            "action": form.cleaned_data["action"],
            "actor_id": form.cleaned_data["actor"],
        }
    page = Paginator(activity_list(conference=conference, **filters), PER_PAGE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "events/activity.html",
        {
            "conference": conference,
            "form": form,
            "page": page,
            "filtered": any(filters.values()),
            "query": query.urlencode(),
        },
    )
