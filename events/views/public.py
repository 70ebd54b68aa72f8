from django.shortcuts import render

from events import permissions, selectors
from events.selectors import registrations as registration_selectors
from events.views.base import conference_view


def home(request):
    """Each conference once: the user's own first, the other public ones after."""
    public = selectors.conference_list_public()
    context = {}
    if request.user.is_authenticated:
        mine = list(selectors.conference_list_for_user(user=request.user))
        context["my_conferences"] = mine
        public = public.exclude(pk__in=[c.pk for c in mine])
    context["public_conferences"] = public
    return render(request, "events/home.html", context)


@conference_view()
def conference_detail(request, conference):
    term = conference.term
    user = request.user
    return render(
        request,
        "events/conference_detail.html",
        {
            "conference": conference,
            "term": term,
            "units": selectors.term_units_in_order(term=term),
            "chairs": selectors.conference_chairs(conference=conference),
            "can_manage": permissions.can_manage_conference(user, conference),
            "can_chair": permissions.can_chair(user, conference),
            "liaison_units": conference.term.members.filter(
                pk__in=permissions.liaison_unit_ids(user, conference)
            ),
            "my_registration": registration_selectors.registration_for_user(
                conference=conference, user=user
            ),
            "can_check_in": permissions.can_check_in(user, conference),
            "can_view_attendance": permissions.can_view_attendance(user, conference),
            "can_read_documents": permissions.can_read_documents(user, conference),
        },
    )
