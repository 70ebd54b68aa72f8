from django.urls import include, path

from events.views import (
    activity,
    agenda,
    agenda_edit,
    agenda_export,
    counting,
    decisions,
    decisions_paper,
    documents,
    liaison,
    mailings,
    manage,
    passes,
    public,
    registration_files,
    registrations,
    staff,
    votes,
)

app_name = "events"

urlpatterns = [
    path("", include("events.urls.checkin")),
    path("", include("events.urls.door")),
    path("", include("events.urls.papers")),
    path("", public.home, name="home"),
    path("c/<slug:slug>/", public.conference_detail, name="conference_detail"),
    path("c/<slug:slug>/staff/", staff.conference_staff, name="conference_staff"),
    path(
        "c/<slug:slug>/staff/<int:pk>/remove/",
        staff.conference_staff_remove,
        name="conference_staff_remove",
    ),
    path("c/<slug:slug>/activity/", activity.activity_log, name="activity_log"),
    # Registration (issue 4)
    path("c/<slug:slug>/delegates/", registrations.registration_list, name="registration_list"),
    path("c/<slug:slug>/delegates/new/", registrations.registration_new, name="registration_new"),
    path(
        "c/<slug:slug>/delegates/approve/",
        registrations.registration_bulk_approve,
        name="registration_bulk_approve",
    ),
    path(
        "c/<slug:slug>/delegates/settings/",
        registrations.registration_policy,
        name="registration_policy",
    ),
    path(
        "c/<slug:slug>/delegates/<int:pk>/",
        registrations.registration_edit,
        name="registration_edit",
    ),
    path(
        "c/<slug:slug>/delegates/<int:pk>/status/",
        registrations.registration_status,
        name="registration_status",
    ),
    path(
        "c/<slug:slug>/delegates/<int:pk>/reissue/",
        registrations.registration_reissue,
        name="registration_reissue",
    ),
    path(
        "c/<slug:slug>/delegates/<int:pk>/badge.pdf",
        registration_files.badges,
        name="registration_badge",
    ),
    path(
        "c/<slug:slug>/delegates/files/",
        registration_files.registration_files,
        name="registration_files",
    ),
    path(
        "c/<slug:slug>/delegates/import/",
        registration_files.registration_import,
        name="registration_import",
    ),
    path(
        "c/<slug:slug>/delegates/template/",
        registration_files.import_template,
        name="registration_template",
    ),
    path(
        "c/<slug:slug>/delegates/export/",
        registration_files.registration_export,
        name="registration_export",
    ),
    path(
        "c/<slug:slug>/delegates/list.pdf",
        registration_files.attendee_list,
        name="registration_attendee_list",
    ),
    path(
        "c/<slug:slug>/delegates/badges.pdf", registration_files.badges, name="registration_badges"
    ),
    path(
        "c/<slug:slug>/delegates/<int:pk>/send-pass/",
        mailings.registration_send_pass,
        name="registration_send_pass",
    ),
    # Mailings (bulk email in the background)
    path("c/<slug:slug>/mail/", mailings.mailing_list, name="mailing_list"),
    path("c/<slug:slug>/mail/<int:pk>/", mailings.mailing_detail, name="mailing_detail"),
    path(
        "c/<slug:slug>/mail/<int:pk>/progress/",
        mailings.mailing_progress,
        name="mailing_progress",
    ),
    path("c/<slug:slug>/mail/<int:pk>/retry/", mailings.mailing_retry_view, name="mailing_retry"),
    path("c/<slug:slug>/liaisons/", liaison.liaison_list, name="liaison_list"),
    path("c/<slug:slug>/liaisons/<int:unit_id>/card/", liaison.liaison_card, name="liaison_card"),
    path("c/<slug:slug>/unit/<int:unit_id>/", liaison.liaison_unit, name="liaison_unit"),
    path("c/<slug:slug>/unit/<int:unit_id>/<int:pk>/", liaison.liaison_edit, name="liaison_edit"),
    path("c/<slug:slug>/pass/", passes.my_pass, name="my_pass"),
    path("pass/<str:code>/", passes.pass_by_code, name="pass_by_code"),
    # Documents for delegates (issue 14.3)
    path("c/<slug:slug>/documents/", documents.document_list, name="document_list"),
    path("c/<slug:slug>/documents/<int:pk>/", documents.document_read, name="document_read"),
    path(
        "c/<slug:slug>/documents/<int:pk>/page-<int:page>.png",
        documents.document_page,
        name="document_page",
    ),
    path(
        "c/<slug:slug>/documents/<int:pk>/download/",
        documents.document_download,
        name="document_download",
    ),
    path("c/<slug:slug>/documents/manage/", documents.document_manage, name="document_manage"),
    path(
        "c/<slug:slug>/documents/<int:pk>/publish/",
        documents.document_publish,
        name="document_publish",
    ),
    path(
        "c/<slug:slug>/documents/<int:pk>/move/",
        documents.document_move,
        name="document_move",
    ),
    path(
        "c/<slug:slug>/documents/<int:pk>/delete/",
        documents.document_delete,
        name="document_delete",
    ),
    # Agenda: live views, chair console, editor, exports.
    path("c/<slug:slug>/agenda/", agenda.agenda_live_view, name="agenda"),
    path("c/<slug:slug>/vote/", votes.vote_page, name="vote"),
    path("c/<slug:slug>/polls/<int:poll_id>/receipts/", votes.poll_receipts, name="poll_receipts"),
    path("c/<slug:slug>/decisions/", decisions.decisions_console, name="decisions"),
    path("c/<slug:slug>/decisions/screen/", decisions.decisions_screen, name="decisions_screen"),
    path(
        "c/<slug:slug>/decisions/<int:decision_id>/committee/",
        counting.committee_page,
        name="counting_committee",
    ),
    path(
        "c/<slug:slug>/decisions/<int:decision_id>/committee/add/",
        counting.committee_add,
        name="counting_committee_add",
    ),
    path(
        "c/<slug:slug>/decisions/<int:decision_id>/committee/<int:member_id>/remove/",
        counting.committee_remove,
        name="counting_committee_remove",
    ),
    path(
        "c/<slug:slug>/polls/<int:poll_id>/paper-counts/",
        decisions_paper.poll_paper,
        name="poll_paper",
    ),
    path(
        "c/<slug:slug>/polls/<int:poll_id>/next-term/",
        decisions_paper.poll_next_term,
        name="poll_next_term",
    ),
    path(
        "c/<slug:slug>/polls/<int:poll_id>/<slug:action>/",
        decisions.poll_action,
        name="poll_action",
    ),
    path(
        "c/<slug:slug>/polls/<int:poll_id>/ballots.pdf",
        decisions.poll_paper_ballots,
        name="poll_paper_ballots",
    ),
    path(
        "api/c/<slug:slug>/polls/<int:poll_id>/ballot/", votes.ballot_submit, name="ballot_submit"
    ),
    path("c/<slug:slug>/agenda/screen/", agenda.agenda_screen, name="agenda_screen"),
    path("c/<slug:slug>/agenda/console/", agenda.agenda_console, name="agenda_console"),
    path(
        "c/<slug:slug>/agenda/console/<slug:action>/",
        agenda.agenda_control,
        name="agenda_control",
    ),
    path("c/<slug:slug>/agenda/edit/", agenda_edit.agenda_edit, name="agenda_edit"),
    path(
        "c/<slug:slug>/agenda/edit/<int:pk>/",
        agenda_edit.agenda_item_edit,
        name="agenda_item_edit",
    ),
    path(
        "c/<slug:slug>/agenda/edit/<int:pk>/delete/",
        agenda_edit.agenda_item_delete,
        name="agenda_item_delete",
    ),
    path(
        "c/<slug:slug>/agenda/edit/<int:pk>/move/",
        agenda_edit.agenda_item_move,
        name="agenda_item_move",
    ),
    path("c/<slug:slug>/agenda/edit/order/", agenda_edit.agenda_reorder, name="agenda_reorder"),
    path("c/<slug:slug>/agenda/edit/starter/", agenda_edit.agenda_starter, name="agenda_starter"),
    path("c/<slug:slug>/agenda/edit/copy/", agenda_edit.agenda_copy, name="agenda_copy"),
    path("c/<slug:slug>/agenda.pdf", agenda_export.agenda_pdf_view, name="agenda_pdf"),
    path("c/<slug:slug>/agenda.ics", agenda_export.agenda_ics_view, name="agenda_ics"),
    path(
        "api/v1/conferences/<slug:slug>/agenda",
        agenda_export.agenda_api,
        name="agenda_api",
    ),
    path("manage/clusters/", manage.cluster_list, name="cluster_list"),
    path("manage/clusters/<slug:slug>/", manage.cluster_detail, name="cluster_detail"),
    path("manage/clusters/<slug:slug>/units/", manage.unit_add, name="unit_add"),
    path("manage/clusters/<slug:slug>/terms/", manage.term_add, name="term_add"),
    path("manage/conferences/new/", manage.conference_create, name="conference_create"),
]
