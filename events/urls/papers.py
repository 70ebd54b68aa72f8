"""The meeting's papers: invitation letters and the attendance report
(included from events/urls/__init__.py, in the ``events`` namespace)."""

from django.urls import path, re_path

from events.views import attendance_report, invitations

urlpatterns = [
    path("c/<slug:slug>/invitations/", invitations.invitation_list, name="invitation_list"),
    path(
        "c/<slug:slug>/invitations/all.pdf",
        invitations.invitations_all_pdf,
        name="invitations_pdf",
    ),
    path(
        "c/<slug:slug>/invitations/all-docx.zip",
        invitations.invitations_all_docx,
        name="invitations_docx_zip",
    ),
    re_path(
        r"^c/(?P<slug>[-a-zA-Z0-9_]+)/invitations/(?P<key>[ug][0-9]{1,9})\.(?P<ext>pdf|docx)$",
        invitations.invitation_file,
        name="invitation_file",
    ),
    path(
        "c/<slug:slug>/attendance/report.<str:ext>",
        attendance_report.attendance_report,
        name="attendance_report",
    ),
]
