"""The live attendance board (websocket updates: events/consumers/attendance.py)."""

from django.shortcuts import render

from events import permissions
from events.selectors import checkin as selectors_checkin
from events.services.checkin import checkin_list_main
from events.views.base import conference_view


@conference_view(permissions.can_view_attendance)
def dashboard(request, conference):
    lists = list(selectors_checkin.checkin_lists(conference=conference))
    main = checkin_list_main(conference=conference)
    if main not in lists:
        lists.insert(0, main)
    chosen = next((x for x in lists if x.slug == request.GET.get("list")), main)
    unit = permissions.attendance_unit_for(request.user, conference)
    board = selectors_checkin.attendance(conference=conference, checkin_list=chosen, unit=unit)
    return render(
        request,
        "events/checkin/attendance.html",
        {
            "conference": conference,
            "board": board,
            "lists": lists,
            "checkin_list": chosen,
            "only_unit": unit,
            "conflicts": selectors_checkin.offline_conflicts(checkin_list=chosen, unit=unit),
            "screen": request.GET.get("screen") == "1",
            "can_report": permissions.can_view_attendance_report(request.user, conference),
        },
    )
