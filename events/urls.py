from django.urls import include, path

from events.views import manage, public, staff

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
    path("manage/clusters/", manage.cluster_list, name="cluster_list"),
    path("manage/clusters/<slug:slug>/", manage.cluster_detail, name="cluster_detail"),
    path("manage/clusters/<slug:slug>/units/", manage.unit_add, name="unit_add"),
    path("manage/clusters/<slug:slug>/terms/", manage.term_add, name="term_add"),
    path("manage/conferences/new/", manage.conference_create, name="conference_create"),
]
