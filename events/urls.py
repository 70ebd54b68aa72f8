from django.urls import include, path

from events.views import liaison, manage, passes, public, registration_files, registrations, staff

app_name = "events"

urlpatterns = [
    path("", include("events.urls_checkin")),
    path("", public.home, name="home"),
    path("c/<slug:slug>/", public.conference_detail, name="conference_detail"),
    path("c/<slug:slug>/staff/", staff.conference_staff, name="conference_staff"),
    path(
        "c/<slug:slug>/staff/<int:pk>/remove/",
        staff.conference_staff_remove,
        name="conference_staff_remove",
    ),
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
    path("c/<slug:slug>/liaisons/", liaison.liaison_list, name="liaison_list"),
    path("c/<slug:slug>/liaisons/<int:unit_id>/card/", liaison.liaison_card, name="liaison_card"),
    path("c/<slug:slug>/unit/<int:unit_id>/", liaison.liaison_unit, name="liaison_unit"),
    path("c/<slug:slug>/unit/<int:unit_id>/<int:pk>/", liaison.liaison_edit, name="liaison_edit"),
    path("c/<slug:slug>/pass/", passes.my_pass, name="my_pass"),
    path("pass/<str:code>/", passes.pass_by_code, name="pass_by_code"),
    path("manage/clusters/", manage.cluster_list, name="cluster_list"),
    path("manage/clusters/<slug:slug>/", manage.cluster_detail, name="cluster_detail"),
    path("manage/clusters/<slug:slug>/units/", manage.unit_add, name="unit_add"),
    path("manage/clusters/<slug:slug>/terms/", manage.term_add, name="term_add"),
    path("manage/conferences/new/", manage.conference_create, name="conference_create"),
]
