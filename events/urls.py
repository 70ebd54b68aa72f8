from django.urls import path

from events.views import agenda, agenda_edit, agenda_export, manage, public, staff

app_name = "events"

urlpatterns = [
    path("", public.home, name="home"),
    path("c/<slug:slug>/", public.conference_detail, name="conference_detail"),
    path("c/<slug:slug>/staff/", staff.conference_staff, name="conference_staff"),
    path(
        "c/<slug:slug>/staff/<int:pk>/remove/",
        staff.conference_staff_remove,
        name="conference_staff_remove",
    ),
    # Agenda: live views, chair console, editor, exports.
    path("c/<slug:slug>/agenda/", agenda.agenda_live_view, name="agenda"),
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
