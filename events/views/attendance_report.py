"""The attendance report after the meeting (PDF or XLSX), from the main list
or the one chosen on the attendance board (``?list=<slug>``)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse

from events import permissions
from events.exports.attendance_report import attendance_report_pdf, attendance_report_xlsx
from events.selectors import checkin as selectors_checkin
from events.selectors.attendance_report import attendance_report as report_for
from events.services.checkin import checkin_list_main
from events.views.base import conference_view

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@conference_view(permissions.can_view_attendance_report)
def attendance_report(request, conference, ext):
    if ext not in ("pdf", "xlsx"):
        raise Http404
    chosen = request.GET.get("list")
    checkin_list = (
        selectors_checkin.checkin_list_get(conference=conference, slug=chosen) if chosen else None
    ) or checkin_list_main(conference=conference)
    report = report_for(conference=conference, checkin_list=checkin_list)
    if ext == "pdf":
        body, content_type = attendance_report_pdf(report), "application/pdf"
    else:
        body, content_type = attendance_report_xlsx(report), XLSX
    response = HttpResponse(body, content_type=content_type)
    filename = f"bao-cao-tham-du-{conference.slug}.{ext}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
